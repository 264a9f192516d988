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

  test('WHEN scaleblocks/cdk builds a stack THEN it synthesizes without cdktf, which is never loaded', () => {
    const out = consumer.node(`
      const cdk = require('aws-cdk-lib');
      const sb = require('scaleblocks/cdk');
      const app = new cdk.App();
      const stack = new cdk.Stack(app, 'Probe');
      const key = sb.encryptionKey(stack, 'Key', 'probe');
      sb.allowLogsToUse(key);
      sb.blockVpc(stack, 'Vpc', { azCount: 3, logKey: key });
      const template = app.synth().getStackByName('Probe').template;
      const subnets = Object.values(template.Resources).filter((r) => r.Type === 'AWS::EC2::Subnet').length;
      console.log(JSON.stringify({ subnets, loaded: ${LOADED_BACKENDS} }));
    `);
    expect(JSON.parse(out)).toEqual({ subnets: 9, loaded: ['aws-cdk-lib', 'constructs'] });
  });

  test('WHEN the root entry is used THEN its cdk submodule is the same, and cdktf fails only when read', () => {
    const out = consumer.node(`
      const sb = require('scaleblocks');
      const same = sb.cdk.blockVpc === require('scaleblocks/cdk').blockVpc;
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

  test('WHEN scaleblocks/cdktf builds a stack THEN it synthesizes without aws-cdk-lib, which is never loaded', () => {
    const out = consumer.node(`
      const { App, TerraformStack, Testing } = require('cdktf');
      const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
      const sb = require('scaleblocks/cdktf');
      const stack = new TerraformStack(Testing.app(), 'probe');
      new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
      const key = sb.encryptionKey(stack, 'Key', 'probe', ['logs']);
      new sb.BlockNetwork(stack, 'Network', { azCount: 3, logKey: key });
      const json = JSON.parse(Testing.synth(stack));
      console.log(JSON.stringify({ subnets: Object.keys(json.resource.aws_subnet).length, loaded: ${LOADED_BACKENDS} }));
    `);
    expect(JSON.parse(out)).toEqual({ subnets: 9, loaded: ['@cdktf/provider-aws', 'cdktf', 'constructs'] });
  });

  test('WHEN the root entry is used THEN its cdktf submodule is the same, and cdk fails only when read', () => {
    const out = consumer.node(`
      const sb = require('scaleblocks');
      const same = sb.cdktf.BlockNetwork === require('scaleblocks/cdktf').BlockNetwork;
      let error = '';
      try { sb.cdk; } catch (e) { error = e.message.split('\\\\n')[0]; }
      console.log(JSON.stringify({ same, error }));
    `);
    expect(JSON.parse(out)).toEqual({ same: true, error: expect.stringMatching(/Cannot find module 'aws-cdk-lib/) });
  });
});
