import * as fs from 'fs';
import * as path from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import * as cdk from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { TerraformStack } from 'cdktf';
import fc from 'fast-check';
import { cdkApp, synthCdk, synthTf, tempDir, tfApp } from './synth';
import { LoadBalancedApi } from '../../../src/cdk/load-balanced-api';
import { SystemStack } from '../../../src/cdk/system-stack';
import { LoadBalancedApi as TfLoadBalancedApi } from '../../../src/cdktf/load-balanced-api';
import { SystemStack as TfSystemStack } from '../../../src/cdktf/system-stack';
import {
  apiTopologyOf, BlockKind, BlockPlanBase, Errors, globalCdnTopologyOf, microserviceGatewayTopologyOf, replicatedDatabaseTopologyOf,
  shardedDatabaseTopologyOf, SystemSpec, tieredCacheTopologyOf, workQueueTopologyOf,
} from '../../../src/core';
import {
  apiTopologyFrom, Backend, CFN_BLOCKS_METADATA_KEY, DeployedBlock, DeployedSystem, globalCdnTopologyFrom, microserviceGatewayTopologyFrom,
  planIdOf, readCloudAssembly, readTemplates, readTerraformOutput, replicatedDatabaseTopologyFrom, shardedDatabaseTopologyFrom,
  tieredCacheTopologyFrom, TF_METADATA_KEY, workQueueTopologyFrom,
} from '../../../src/core/readback';
import { EXAMPLE, GEOGRAPHIC, SHARDED } from '../../fixtures/systems';

/** A SystemStack of a spec on both backends, synthesized to disk and read back. */
interface Both {
  readonly cdk: { stack: SystemStack; read: DeployedSystem; dir: string };
  readonly tf: { stack: TfSystemStack; read: DeployedSystem; dir: string };
}

function both(spec: SystemSpec): Both {
  const app = cdkApp();
  const stack = new SystemStack(app, 'System', { spec });
  const dir = synthCdk(app);
  const tapp = tfApp();
  const tstack = new TfSystemStack(tapp, 'system', { spec });
  const tdir = synthTf(tapp);
  return { cdk: { stack, read: readCloudAssembly(dir), dir }, tf: { stack: tstack, read: readTerraformOutput(tdir), dir: tdir } };
}

function block(read: DeployedSystem, kind: BlockKind, parent = false): DeployedBlock {
  const found = read.blocks.filter((b) => b.kind === kind && (parent || b.parent === undefined));
  expect(found.map((b) => b.kind)).toEqual([kind]);
  return found[0];
}

/** What the reader must recover of every block the stack rendered, compared with the block's own plan. */
function expectReadBackEqualsPlans(s: SystemStack | TfSystemStack, read: DeployedSystem): void {
  const checks: [BlockPlanBase | undefined, (b: DeployedBlock) => unknown, (p: any) => unknown][] = [
    [s.api?.plan, apiTopologyFrom, apiTopologyOf],
    [s.database?.plan, replicatedDatabaseTopologyFrom, replicatedDatabaseTopologyOf],
    [s.shardedDatabase?.plan, shardedDatabaseTopologyFrom, shardedDatabaseTopologyOf],
    [s.cache?.plan, tieredCacheTopologyFrom, tieredCacheTopologyOf],
    [s.queue?.plan, workQueueTopologyFrom, workQueueTopologyOf],
    [s.cdn?.plan, globalCdnTopologyFrom, globalCdnTopologyOf],
    [s.gateway?.plan, microserviceGatewayTopologyFrom, microserviceGatewayTopologyOf],
  ];
  for (const [plan, from, of] of checks) {
    if (!plan) continue;
    const b = block(read, plan.kind);
    expect({ kind: plan.kind, planId: b.planId, planPath: b.planPath, load: b.load })
      .toEqual({ kind: plan.kind, planId: planIdOf(plan), planPath: plan.path, load: JSON.parse(JSON.stringify((plan as any).load)) });
    expect({ kind: plan.kind, topology: from(b) }).toEqual({ kind: plan.kind, topology: JSON.parse(JSON.stringify(of(plan))) });
  }
}

describe('read-back of the social-feed example', () => {
  const { cdk: c, tf: t } = both(EXAMPLE);

  test.each([['CloudFormation', () => c], ['Terraform', () => t]])('GIVEN the %s output WHEN read back THEN every block\'s topology equals its plan\'s', (_, get) => {
    const { stack, read } = get();
    expect(read.blocks.map((b) => b.kind).sort()).toEqual(
      [BlockKind.GLOBAL_CDN, BlockKind.LOAD_BALANCED_API, BlockKind.REPLICATED_DATABASE, BlockKind.TIERED_CACHE, BlockKind.WORK_QUEUE].sort());
    expectReadBackEqualsPlans(stack, read);
  });

  test('THEN task CPU and memory, read from the task definitions, are the plan\'s on both backends, each cited', () => {
    for (const { stack, read } of [c, t]) {
      const api = block(read, BlockKind.LOAD_BALANCED_API);
      expect(api.api?.fleet).toMatchObject({ taskCpu: stack.api!.plan.compute.cpu, taskMemoryMiB: stack.api!.plan.compute.memoryMiB, launchType: 'FARGATE', azCount: 3 });
      expect(api.sources['api.fleet.taskCpu']).toMatchObject({ backend: read === c.read ? Backend.CLOUDFORMATION : Backend.TERRAFORM });
    }
    expect(block(c.read, BlockKind.LOAD_BALANCED_API).sources['api.fleet.taskCpu'])
      .toEqual({ backend: Backend.CLOUDFORMATION, template: 'System.template.json', resource: expect.stringMatching(/^ApiTaskDefinition/), attribute: 'Properties.Cpu' });
    expect(block(t.read, BlockKind.LOAD_BALANCED_API).sources['api.fleet.taskCpu'])
      .toEqual({ backend: Backend.TERRAFORM, template: 'stacks/system/cdk.tf.json', resource: expect.stringMatching(/^aws_ecs_task_definition\.Api_TaskDefinition/), attribute: 'cpu' });
  });

  test('THEN the database readers, the cache shards and the queue settings are read from properties', () => {
    for (const { stack, read } of [c, t]) {
      const db = block(read, BlockKind.REPLICATED_DATABASE).database!;
      expect({ engine: db.engine, readers: db.readers.length, classes: [...new Set([db.writer, ...db.readers].map((i) => i?.instanceClass))] })
        .toEqual({ engine: stack.database!.plan.engine.toLowerCase().replace(/_/g, '-'), readers: stack.database!.plan.readers, classes: [stack.database!.plan.instanceClass] });
      const cache = block(read, BlockKind.TIERED_CACHE).cache!;
      expect(cache).toMatchObject({ nodeType: stack.cache!.plan.application.nodeType, shards: stack.cache!.plan.application.shards });
      const q = block(read, BlockKind.WORK_QUEUE).workQueue!;
      expect(q.queue).toMatchObject({
        visibilityTimeoutSeconds: stack.queue!.plan.queue.visibilityTimeoutSeconds,
        redrive: { maxReceiveCount: stack.queue!.plan.deadLetterQueue.maxReceiveCount },
      });
    }
  });

  test('THEN the CloudFormation template holds the block metadata under its Metadata, with the block\'s logical ids', () => {
    const template = JSON.parse(fs.readFileSync(path.join(c.dir, 'System.template.json'), 'utf8'));
    const entry = template.Metadata[CFN_BLOCKS_METADATA_KEY]['System/Api'];
    expect(entry).toMatchObject({ version: 1, kind: 'LoadBalancedApi', name: c.stack.api!.plan.name, planPath: 'api', planId: planIdOf(c.stack.api!.plan) });
    expect(entry.load).toEqual(JSON.parse(JSON.stringify(c.stack.api!.plan.load)));
    expect(entry.sizing).toEqual(c.stack.api!.plan.sizing);
    expect(entry.resources).toEqual(expect.arrayContaining([expect.stringMatching(/^ApiTaskDefinition/), expect.stringMatching(/^ApiService/)]));
  });

  test('THEN cdk.tf.json holds the block metadata under the stack\'s comment object', () => {
    const json = JSON.parse(fs.readFileSync(path.join(t.dir, 'stacks', 'system', 'cdk.tf.json'), 'utf8'));
    expect(json['//'][TF_METADATA_KEY].blocks['system/Cache']).toMatchObject({
      version: 1,
      kind: 'TieredCache',
      planId: planIdOf(t.stack.cache!.plan),
      inputs: { readFromReplica: t.stack.cache!.plan.application.readFromReplica },
    });
  });

  test('THEN shared resources outside every block (the VPC) are listed as unrecognised', () => {
    expect(c.read.unrecognised.map((r) => r.type)).toContain('AWS::EC2::VPC');
    expect(t.read.unrecognised.map((r) => r.type)).toContain('aws_vpc');
  });
});

describe('read-back of hash shards in nested stacks, Lambda workers and a gateway', () => {
  const { cdk: c, tf: t } = both(SHARDED);

  test.each([['CloudFormation', () => c], ['Terraform', () => t]])('GIVEN the %s output THEN every block equals its plan', (_, get) => {
    const { stack, read } = get();
    expectReadBackEqualsPlans(stack, read);
    const sharded = block(read, BlockKind.SHARDED_DATABASE);
    expect(sharded.shardedDatabase!.shards.map((s) => s.database?.readers.length))
      .toEqual(stack.shardedDatabase!.plan.shards.map((s) => s.database.readers));
    // The shards are blocks of their own too, linked to the sharded database.
    expect(read.blocks.filter((b) => b.kind === BlockKind.REPLICATED_DATABASE).map((b) => b.parent))
      .toEqual(stack.shardedDatabase!.plan.shards.map(() => sharded.path));
  });

  test('THEN the CloudFormation shards are read from the nested stack templates', () => {
    const shard = c.read.blocks.find((b) => b.kind === BlockKind.REPLICATED_DATABASE)!;
    expect(shard.template).toMatch(/\.nested\.template\.json$/);
    expect(shard.sources['database.writer.instanceClass'].template).toBe(shard.template);
  });

  test('THEN the Lambda workers\' bounds and the gateway\'s route throttles are read', () => {
    for (const { stack, read } of [c, t]) {
      const q = block(read, BlockKind.WORK_QUEUE).workQueue!;
      const lambda = stack.queue!.plan.workers.lambda!;
      expect(q).toMatchObject({ workerKind: 'LAMBDA', maxWorkers: lambda.maxConcurrency, lambda: { batchSize: lambda.batchSize, timeoutSeconds: lambda.timeoutSeconds } });
      const g = block(read, BlockKind.MICROSERVICE_GATEWAY).gateway!;
      expect(g.routes.map((r) => [r.routeKey, r.throttle?.rateLimit]))
        .toEqual(stack.gateway!.plan.routes.map((r) => [r.routeKey, r.throttle.rateLimit]));
    }
  });
});

describe('read-back of geographic shards, one stack per Region', () => {
  const { cdk: c, tf: t } = both(GEOGRAPHIC);

  test('GIVEN CloudFormation THEN each shard is read from its own Region\'s stack', () => {
    const sharded = block(c.read, BlockKind.SHARDED_DATABASE);
    const plan = c.stack.shardedDatabase!.plan;
    expect(sharded.shardedDatabase!.shards.map((s) => [s.id, s.region, s.database?.instanceClass]))
      .toEqual(plan.shards.map((s) => [s.id, s.region, s.database.instanceClass]));
    const shardBlocks = c.read.blocks.filter((b) => b.kind === BlockKind.REPLICATED_DATABASE);
    expect(new Set(shardBlocks.map((b) => b.template)).size).toBe(plan.shards.length);
    expect(shardBlocks.map((b) => b.region).sort()).toEqual(plan.shards.map((s) => s.region).sort());
    expect(shardedDatabaseTopologyFrom(sharded)).toEqual(JSON.parse(JSON.stringify(shardedDatabaseTopologyOf(plan))));
  });

  test('GIVEN Terraform THEN every shard is read from the one stack', () => {
    expectReadBackEqualsPlans(t.stack, t.read);
  });
});

describe('an escape hatch is read as synthesized', () => {
  test('GIVEN task CPU lowered from 1024 to 256 with addPropertyOverride WHEN read back THEN the CPU is 256', () => {
    const app = cdkApp();
    const stack = new cdk.Stack(app, 'Test');
    const api = new LoadBalancedApi(stack, 'Api', { allowPlainHttp: true, load: { peakRequestsPerSecond: 1000 } });
    expect(api.plan.compute.cpu).toBe(1024);
    (api.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).addPropertyOverride('Cpu', '256');
    const read = readCloudAssembly(synthCdk(app));
    const b = block(read, BlockKind.LOAD_BALANCED_API);
    expect(b.api!.fleet.taskCpu).toBe(256);
    expect(b.planId).toBe(planIdOf(api.plan));
  });

  test('GIVEN task CPU lowered from 1024 to 256 with addOverride on cdktf WHEN read back THEN the CPU is 256', () => {
    const app = tfApp();
    const stack = new TerraformStack(app, 'test');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const api = new TfLoadBalancedApi(stack, 'Api', { allowPlainHttp: true, load: { peakRequestsPerSecond: 1000 } });
    expect(api.plan.compute.cpu).toBe(1024);
    api.taskDefinition.addOverride('cpu', '256');
    const b = block(readTerraformOutput(synthTf(app)), BlockKind.LOAD_BALANCED_API);
    expect(b.api!.fleet.taskCpu).toBe(256);
    expect(b.sources['api.fleet.taskCpu'].attribute).toBe('cpu');
  });

  test('GIVEN a hand-edited in-memory template WHEN read THEN the edited count is read', () => {
    const app = new cdk.App();
    const stack = new cdk.Stack(app, 'Test');
    new LoadBalancedApi(stack, 'Api', { allowPlainHttp: true, load: { peakRequestsPerSecond: 1000 }, scaling: { minTasks: 4, maxTasks: 8 } });
    const template = app.synth().getStackByName('Test').template;
    const target = Object.values(template.Resources as { [id: string]: any }).find((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget');
    target.Properties.MaxCapacity = 5;
    const b = block(readTemplates([{ backend: Backend.CLOUDFORMATION, name: 'Test', json: template }]), BlockKind.LOAD_BALANCED_API);
    expect(b.api!.fleet).toMatchObject({ minTasks: 4, maxTasks: 5 });
  });
});

describe('templates without construct paths', () => {
  test('GIVEN a CDK app synthesized without path metadata WHEN read back THEN the blocks are grouped by the logical ids they list', () => {
    const app = cdkApp(false);
    const stack = new cdk.Stack(app, 'Test');
    const api = new LoadBalancedApi(stack, 'Api', { allowPlainHttp: true, load: { peakRequestsPerSecond: 1000 } });
    const read = readCloudAssembly(synthCdk(app));
    expect(apiTopologyFrom(block(read, BlockKind.LOAD_BALANCED_API))).toEqual(JSON.parse(JSON.stringify(apiTopologyOf(api.plan))));
    expect(read.notes).toEqual([expect.stringContaining('no aws:cdk:path metadata')]);
  });
});

describe('generated LoadBalancedApi options', () => {
  test('GIVEN fleets of random sizes WHEN synthesized on both backends THEN the read-back counts and task sizes equal the plan\'s', () => {
    fc.assert(fc.property(
      fc.integer({ min: 2, max: 12 }), fc.integer({ min: 0, max: 20 }), fc.constantFrom(256, 512, 1024, 2048), fc.boolean(),
      (minTasks, extra, cpu, autoScaling) => {
        const options = {
          allowPlainHttp: true,
          load: { peakRequestsPerSecond: 200 },
          compute: { cpu, memoryMiB: cpu * 2 },
          scaling: autoScaling ? { minTasks, maxTasks: minTasks + extra } : { desiredTasks: minTasks, autoScaling: false },
        };
        const app = cdkApp();
        const api = new LoadBalancedApi(new cdk.Stack(app, 'Test'), 'Api', options as any);
        const tapp = tfApp();
        const tstack = new TerraformStack(tapp, 'test');
        new AwsProvider(tstack, 'aws', { region: 'eu-west-1' });
        const tapi = new TfLoadBalancedApi(tstack, 'Api', options as any);
        for (const [plan, read] of [[api.plan, readCloudAssembly(synthCdk(app))], [tapi.plan, readTerraformOutput(synthTf(tapp))]] as const) {
          const b = block(read, BlockKind.LOAD_BALANCED_API);
          expect(apiTopologyFrom(b)).toEqual(JSON.parse(JSON.stringify(apiTopologyOf(plan))));
          expect(b.api!.fleet).toMatchObject({ taskCpu: plan.compute.cpu, taskMemoryMiB: plan.compute.memoryMiB });
        }
      }), { numRuns: 3 });
  });
});

describe('malformed inputs are ValidationErrors', () => {
  const bad = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      expect(Errors.isValidationError(e)).toBe(true);
      return (e as Error).message;
    }
    throw new Error('expected a ValidationError');
  };

  test('GIVEN a folder that does not exist THEN the error names it', () => {
    expect(bad(() => readCloudAssembly('/nonexistent/cdk.out'))).toMatch(/dir = "\/nonexistent\/cdk.out".*that exists/);
    expect(bad(() => readTerraformOutput('/nonexistent/cdktf.out'))).toMatch(/that exists/);
  });

  test('GIVEN a folder without a manifest THEN the error says to synthesize first', () => {
    const dir = tempDir('empty');
    expect(bad(() => readCloudAssembly(dir))).toMatch(/manifest\.json.*cloud assembly manifest/);
    expect(bad(() => readTerraformOutput(dir))).toMatch(/cdktf synth/);
  });

  test('GIVEN a manifest or template that is not JSON THEN the error names the file', () => {
    const dir = tempDir('badjson');
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{ not json');
    expect(bad(() => readCloudAssembly(dir))).toMatch(/manifest\.json: JSON = .*valid JSON/);
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ artifacts: { S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.template.json' } } } }));
    fs.writeFileSync(path.join(dir, 'S.template.json'), '[1,');
    expect(bad(() => readCloudAssembly(dir))).toMatch(/S\.template\.json: JSON/);
  });

  test.each([
    ['not a list', 'x', /templates = "x"/],
    ['a template without a backend', [{ name: 'a', json: {} }], /templates\[0\]/],
    ['a template that is not an object', [{ backend: Backend.CLOUDFORMATION, name: 'a', json: 3 }], /template = 3/],
    ['a resource without a type', [{ backend: Backend.CLOUDFORMATION, name: 'a', json: { Resources: { X: {} } } }], /Resources\.X/],
    ['metadata of another version', [{ backend: Backend.TERRAFORM, name: 'a', json: { '//': { [TF_METADATA_KEY]: { blocks: { 'a/B': { version: 99 } } } } } }], /version = 99/],
    ['metadata without a load', [{ backend: Backend.CLOUDFORMATION, name: 'a', json: { Metadata: { [CFN_BLOCKS_METADATA_KEY]: { 'A/B': { version: 1, kind: 'K', name: 'n', planPath: 'p', planId: 'i' } } } } }], /load = undefined/],
  ])('GIVEN %s THEN readTemplates throws a ValidationError', (_, input, message) => {
    expect(bad(() => readTemplates(input as any))).toMatch(message);
  });

  test('GIVEN a block whose output lacks its service WHEN mapped to a topology THEN the error names what is missing', () => {
    const read = readTemplates([{
      backend: Backend.TERRAFORM,
      name: 'x',
      json: { '//': { [TF_METADATA_KEY]: { blocks: { 'x/Api': { version: 1, kind: 'LoadBalancedApi', name: 'api', planPath: 'api', planId: '0', load: {}, sizing: {}, assumed: [] } } } } },
    }]);
    expect(bad(() => apiTopologyFrom(read.blocks[0]))).toMatch(/api\.fleet = undefined: must be an ECS service/);
  });
});
