import * as fs from 'fs';
import * as path from 'path';
import { Consumer, installPacked, LOADED_BACKENDS } from './pack';
import {
  CDK_INIT_APP, cdktfInitApp, cli, linkTools, MODULE_OF, terraformApp, REPO_TYPESCRIPT, registryTypeScripts, resolveTypes, tsc, TypeScript,
  warningLines, writeApp, writeFiles,
} from './typescript';

/** TypeScript 5.x and 7.x from the registry; their tests are skipped, saying why, when it cannot be reached. */
const registry = registryTypeScripts();
if (registry.skipped) console.warn(`skipping the TypeScript 5.x and 7.x checks: ${registry.skipped}`);
const withTs7 = registry.ts7 ? test : test.skip;

/** For each TypeScript with a JS API (5.x, 6.x) and each moduleResolution: where the types of each specifier are found. */
function resolutions(consumer: Consumer, specifiers: string[]): Record<string, Record<string, string | undefined>> {
  const result: Record<string, Record<string, string | undefined>> = {};
  for (const ts of [registry.ts5, REPO_TYPESCRIPT].filter((t): t is TypeScript => t !== undefined)) {
    for (const mode of Object.keys(MODULE_OF)) {
      result[`${ts.label.replace(/\.\d+\.\d+$/, '.x')} ${mode}`] = Object.fromEntries(specifiers.map((s) => [s, resolveTypes(ts, consumer, s, mode)]));
    }
  }
  return result;
}

/** Every key of `resolutions` mapped to the same expectation. */
function everywhere(actual: Record<string, unknown>, expected: Record<string, string>): Record<string, Record<string, string>> {
  return Object.fromEntries(Object.keys(actual).map((k) => [k, expected]));
}

/*
 * The two backends are optional to each other: the packed library installed beside only one of
 * them. A CDK user needs no cdktf, a Terraform user needs no aws-cdk-lib, and each loads only
 * its own backend.
 */

describe('GIVEN the package installed beside aws-cdk-lib and constructs only', () => {
  let consumer: Consumer;
  beforeAll(() => {
    consumer = installPacked(['aws-cdk-lib', 'constructs', '@types/node']);
    writeApp(consumer, CDK_APP);
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

  test('WHEN a block is built with an enum imported from scaleblocks/cdk THEN it synthesizes: the entry carries the core, and no cdktf module is looked for', () => {
    const out = consumer.node(`
      const cdk = require('aws-cdk-lib');
      const { WorkQueue, QueueType, planWorkQueue, sizeSystem } = require('scaleblocks/cdk');
      const app = new cdk.App();
      new WorkQueue(new cdk.Stack(app, 'Jobs'), 'Jobs', { load: { jobsPerSecond: 5, secondsPerJob: 10 }, queueType: QueueType.FIFO });
      const template = app.synth().getStackByName('Jobs').template;
      const queues = Object.values(template.Resources).filter((r) => r.Type === 'AWS::SQS::Queue');
      console.log(JSON.stringify({
        fifo: queues.length > 0 && queues.every((q) => q.Properties.FifoQueue === true),
        core: [typeof planWorkQueue, typeof sizeSystem, QueueType === require('scaleblocks').QueueType],
        loaded: ${LOADED_BACKENDS},
      }));
    `);
    expect(JSON.parse(out)).toEqual({ fifo: true, core: ['function', 'function', true], loaded: ['aws-cdk-lib', 'constructs'] });
  });

  test('WHEN TypeScript 5.x and 6.x resolve the imports under node10, node16, nodenext and bundler THEN scaleblocks/cdk is its entry (typesVersions for node10, exports types for the others) and the root stays the root', () => {
    const actual = resolutions(consumer, ['scaleblocks/cdk', 'scaleblocks']);
    expect(Object.keys(actual)).toHaveLength(registry.ts5 ? 8 : 4);
    expect(actual).toEqual(everywhere(actual, { 'scaleblocks/cdk': 'node_modules/scaleblocks/lib/cdk/entry.d.ts', 'scaleblocks': 'node_modules/scaleblocks/lib/index.d.ts' }));
  });

  test('WHEN the CDK app is compiled by TypeScript 6.x under node10, strict, skipLibCheck false THEN it type-checks, and no cdktf declaration is in the program', () => {
    const run = tsc(REPO_TYPESCRIPT, consumer, 'node10', false);
    expect(run.errors).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.files).toContain('node_modules/scaleblocks/lib/cdk/entry.d.ts');
    expect(run.files.filter((f) => /scaleblocks\/lib\/cdktf\/|node_modules\/(cdktf|@cdktf)\//.test(f))).toEqual([]);
  }, 600_000);

  withTs7('WHEN the CDK app is compiled by TypeScript 7.x under nodenext (skipLibCheck false), node16 and bundler THEN it type-checks each time, without cdktf', () => {
    for (const [mode, skipLibCheck] of [['nodenext', false], ['node16', true], ['bundler', true]] as const) {
      const run = tsc(registry.ts7!, consumer, mode, skipLibCheck);
      expect({ mode, errors: run.errors, status: run.status }).toEqual({ mode, errors: [], status: 0 });
      expect(run.files).toContain('node_modules/scaleblocks/lib/cdk/entry.d.ts');
      expect(run.files.filter((f) => /scaleblocks\/lib\/cdktf\/|node_modules\/(cdktf|@cdktf)\//.test(f))).toEqual([]);
    }
  }, 600_000);

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
    consumer = installPacked(['cdktf', '@cdktf/provider-aws', 'constructs', '@types/node']);
    writeApp(consumer, terraformApp('cdktf'));
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

  test('WHEN a block is built with an enum imported from scaleblocks/cdktf THEN it synthesizes: the entry carries the core, and no aws-cdk-lib module is looked for', () => {
    const out = consumer.node(`
      const { Testing, TerraformStack } = require('cdktf');
      const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
      const { WorkQueue, QueueType, planWorkQueue } = require('scaleblocks/cdktf');
      const stack = new TerraformStack(Testing.app(), 'jobs');
      new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
      new WorkQueue(stack, 'Jobs', { load: { jobsPerSecond: 5, secondsPerJob: 10 }, queueType: QueueType.FIFO });
      const json = JSON.parse(Testing.synth(stack));
      console.log(JSON.stringify({
        fifo: Object.values(json.resource.aws_sqs_queue).some((q) => q.fifo_queue === true),
        core: [typeof planWorkQueue, QueueType === require('scaleblocks').QueueType],
        loaded: ${LOADED_BACKENDS},
      }));
    `);
    expect(JSON.parse(out)).toEqual({ fifo: true, core: ['function', true], loaded: ['@cdktf/provider-aws', 'cdktf', 'constructs'] });
  });

  test('WHEN TypeScript 5.x and 6.x resolve the imports under node10, node16, nodenext and bundler THEN scaleblocks/cdktf is its entry (typesVersions for node10, exports types for the others) and the root stays the root', () => {
    const actual = resolutions(consumer, ['scaleblocks/cdktf', 'scaleblocks']);
    expect(Object.keys(actual)).toHaveLength(registry.ts5 ? 8 : 4);
    expect(actual).toEqual(everywhere(actual, { 'scaleblocks/cdktf': 'node_modules/scaleblocks/lib/cdktf/entry.d.ts', 'scaleblocks': 'node_modules/scaleblocks/lib/index.d.ts' }));
  });

  test('WHEN the cdktf app is compiled by TypeScript 6.x under node10, strict, skipLibCheck false THEN it type-checks, and no aws-cdk-lib declaration is in the program', () => {
    const run = tsc(REPO_TYPESCRIPT, consumer, 'node10', false);
    expect(run.errors).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.files).toContain('node_modules/scaleblocks/lib/cdktf/entry.d.ts');
    expect(run.files.filter((f) => /scaleblocks\/lib\/cdk\/|node_modules\/aws-cdk-lib\//.test(f))).toEqual([]);
  }, 600_000);

  withTs7('WHEN the cdktf app is compiled by TypeScript 7.x under nodenext (skipLibCheck false), node16 and bundler THEN it type-checks each time, without aws-cdk-lib', () => {
    for (const [mode, skipLibCheck] of [['nodenext', false], ['node16', true], ['bundler', true]] as const) {
      const run = tsc(registry.ts7!, consumer, mode, skipLibCheck);
      expect({ mode, errors: run.errors, status: run.status }).toEqual({ mode, errors: [], status: 0 });
      expect(run.files).toContain('node_modules/scaleblocks/lib/cdktf/entry.d.ts');
      expect(run.files.filter((f) => /scaleblocks\/lib\/cdk\/|node_modules\/aws-cdk-lib\//.test(f))).toEqual([]);
    }
  }, 600_000);

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

/*
 * Fresh apps, synthesized by their real CLIs offline (issue 17, "Done when"): an app in the shape
 * `cdk init app --language typescript` and `cdktf init --template typescript` write, each with its
 * own stack and VPC and two blocks with their defaults. The first synth works (the blocks take
 * their AZ count from the VPC: 2 in an env-agnostic CDK stack) and prints no warning.
 */

describe('GIVEN a fresh CDK app as `cdk init app --language typescript` writes it, with the packed library', () => {
  let consumer: Consumer;
  beforeAll(() => {
    consumer = installPacked(['aws-cdk-lib', 'constructs', '@types/node']);
    linkTools(consumer);
    writeFiles(consumer, CDK_INIT_APP);
  }, 120_000);
  afterAll(() => consumer?.dispose());

  test('WHEN `cdk synth` runs offline THEN the stack synthesizes: the blocks spread over the VPC\'s 2 AZs, with no warning and no output added', () => {
    const r = cli(consumer, 'cdk', ['synth', '--quiet', '-o', 'cdk.out']);
    console.log(`cdk synth of the fresh app: ${(r.ms / 1000).toFixed(1)} s`);
    expect({ status: r.status, output: r.status === 0 ? '' : r.output.slice(-3000) }).toEqual({ status: 0, output: '' });
    expect(r.output).not.toMatch(/warning/i);
    const manifest = JSON.parse(fs.readFileSync(path.join(consumer.dir, 'cdk.out', 'manifest.json'), 'utf8'));
    const entries = Object.values(manifest.artifacts as Record<string, { metadata?: Record<string, { type: string; data: unknown }[]> }>)
      .flatMap((a) => Object.entries(a.metadata ?? {}).flatMap(([p, list]) => list.map((e) => ({ path: p, ...e }))));
    expect(entries.filter((e) => e.type === 'aws:cdk:warning' || e.type === 'aws:cdk:error')).toEqual([]);
    const template = JSON.parse(fs.readFileSync(path.join(consumer.dir, 'cdk.out', 'ShopStack.template.json'), 'utf8'));
    const instances = Object.values(template.Resources as Record<string, { Type: string }>).filter((x) => x.Type === 'AWS::RDS::DBInstance');
    expect(instances.length).toBeGreaterThanOrEqual(2);
    expect(template.Outputs).toBeUndefined();
  }, 600_000);
});

describe('GIVEN a fresh cdktf app as `cdktf init --template typescript` writes it, with the packed library', () => {
  let consumer: Consumer;
  beforeAll(() => {
    consumer = installPacked(['cdktf', '@cdktf/provider-aws', 'constructs', '@types/node']);
    linkTools(consumer);
    writeFiles(consumer, cdktfInitApp('cdktf'));
  }, 120_000);
  afterAll(() => consumer?.dispose());

  test('WHEN `cdktf synth` runs offline THEN the stack synthesizes over the network\'s 2 AZs, with no warning and no output added', () => {
    const r = cli(consumer, 'cdktf', ['synth', '--output', 'cdktf.out']);
    console.log(`cdktf synth of the fresh app: ${(r.ms / 1000).toFixed(1)} s`);
    expect({ status: r.status, output: r.status === 0 ? '' : r.output.slice(-3000) }).toEqual({ status: 0, output: '' });
    expect(warningLines(r.output)).toEqual([]);
    const json = JSON.parse(fs.readFileSync(path.join(consumer.dir, 'cdktf.out', 'stacks', 'shop', 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(json.resource.aws_rds_cluster_instance)).toHaveLength(2);
    expect(json.resource.aws_elasticache_replication_group).toBeDefined();
    expect(json.output).toBeUndefined();
  }, 600_000);
});

/** A CDK app as `cdk init` writes one, using a block with an enum and an options type from scaleblocks/cdk. */
const CDK_APP = `import * as cdk from 'aws-cdk-lib';
import { planWorkQueue, QueueType, WorkQueue, WorkQueueOptions } from 'scaleblocks/cdk';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'Jobs');
const options: WorkQueueOptions = { load: { jobsPerSecond: 5, secondsPerJob: 10 }, queueType: QueueType.FIFO };
new WorkQueue(stack, 'Jobs', options);
export const visibility: number = planWorkQueue(options).queue.visibilityTimeoutSeconds;
// @ts-expect-error a string is not a QueueType: fails to compile unless the enum's type is real (not any)
export const wrong: WorkQueueOptions = { queueType: 'FIFO' };
`;

