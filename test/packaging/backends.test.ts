import { Consumer, installPacked, LOADED_BACKENDS } from './pack';

/*
 * The two backends are optional to each other: the packed library installed beside only one of
 * them. A CDK user needs no cdktf, a Terraform user needs no aws-cdk-lib, and each loads only
 * its own backend.
 */

describe('GIVEN the package installed beside aws-cdk-lib and constructs only', () => {
  let consumer: Consumer;
  beforeAll(() => {
    consumer = installPacked(['aws-cdk-lib', 'constructs']);
  }, 120_000);
  afterAll(() => consumer?.dispose());

  test('WHEN scaleblocks/cdk builds a SystemStack THEN it synthesizes without cdktf, which is never loaded', () => {
    const out = consumer.node(`
      const cdk = require('aws-cdk-lib');
      const sb = require('scaleblocks/cdk');
      const app = new cdk.App();
      const spec = { name: 'probe', region: 'eu-west-1', load: { peakRequestsPerSecond: 500 }, api: { allowPlainHttp: true }, database: {}, queue: {} };
      new sb.SystemStack(app, 'Probe', { spec });
      const template = app.synth().getStackByName('Probe').template;
      const types = new Set(Object.values(template.Resources).map((r) => r.Type));
      const blocks = ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::RDS::DBCluster', 'AWS::SQS::Queue'].filter((t) => types.has(t));
      console.log(JSON.stringify({ blocks, loaded: ${LOADED_BACKENDS} }));
    `);
    expect(JSON.parse(out)).toEqual({
      blocks: ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::RDS::DBCluster', 'AWS::SQS::Queue'], loaded: ['aws-cdk-lib', 'constructs'],
    });
  });

  test('WHEN the root entry is used THEN its cdk submodule is the same, and cdktf fails only when read', () => {
    const out = consumer.node(`
      const sb = require('scaleblocks');
      const same = sb.cdk.SystemStack === require('scaleblocks/cdk').SystemStack;
      let error = '';
      try { sb.cdktf; } catch (e) { error = e.message.split('\\\\n')[0]; }
      console.log(JSON.stringify({ same, error }));
    `);
    expect(JSON.parse(out)).toEqual({ same: true, error: expect.stringMatching(/Cannot find module '(cdktf|@cdktf\/provider-aws)/) });
  });
});

describe('GIVEN the package installed beside cdktf, @cdktf/provider-aws and constructs only', () => {
  let consumer: Consumer;
  beforeAll(() => {
    consumer = installPacked(['cdktf', '@cdktf/provider-aws', 'constructs']);
  }, 120_000);
  afterAll(() => consumer?.dispose());

  test('WHEN scaleblocks/cdktf builds a SystemStack THEN it synthesizes without aws-cdk-lib, which is never loaded', () => {
    const out = consumer.node(`
      const { Testing } = require('cdktf');
      const sb = require('scaleblocks/cdktf');
      const spec = { name: 'probe', region: 'eu-west-1', load: { peakRequestsPerSecond: 500 }, api: { allowPlainHttp: true }, database: {}, queue: {} };
      const json = JSON.parse(Testing.synth(new sb.SystemStack(Testing.app(), 'probe', { spec })));
      const blocks = ['aws_lb', 'aws_rds_cluster', 'aws_sqs_queue'].filter((t) => json.resource[t] !== undefined);
      console.log(JSON.stringify({ blocks, loaded: ${LOADED_BACKENDS} }));
    `);
    expect(JSON.parse(out)).toEqual({ blocks: ['aws_lb', 'aws_rds_cluster', 'aws_sqs_queue'], loaded: ['@cdktf/provider-aws', 'cdktf', 'constructs'] });
  });

  test('WHEN the root entry is used THEN its cdktf submodule is the same, and cdk fails only when read', () => {
    const out = consumer.node(`
      const sb = require('scaleblocks');
      const same = sb.cdktf.SystemStack === require('scaleblocks/cdktf').SystemStack;
      let error = '';
      try { sb.cdk; } catch (e) { error = e.message.split('\\\\n')[0]; }
      console.log(JSON.stringify({ same, error }));
    `);
    expect(JSON.parse(out)).toEqual({ same: true, error: expect.stringMatching(/Cannot find module 'aws-cdk-lib/) });
  });
});
