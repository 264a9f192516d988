import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import * as cdk from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { TerraformStack } from 'cdktf';
import fc from 'fast-check';
import { cdkApp, synthCdk, synthTf, tfApp } from './synth';
import { LoadBalancedApi } from '../../../src/cdk/load-balanced-api';
import { SystemStack } from '../../../src/cdk/system-stack';
import { LoadBalancedApi as TfLoadBalancedApi } from '../../../src/cdktf/load-balanced-api';
import { SystemStack as TfSystemStack } from '../../../src/cdktf/system-stack';
import { BlockKind, planSystem, sizeSystem, SystemSpec } from '../../../src/core';
import {
  applyReadBack, canonicalJson, DeployedSystem, readCloudAssembly, readTerraformOutput, recordedPlanOf, sizeDeployedSystem, sizingFindings,
} from '../../../src/core/readback';

/*
 * Sizing what will deploy: the block's recorded plan, with the read-back applied, against the
 * load it declared.
 */

function both(spec: SystemSpec): DeployedSystem[] {
  const app = cdkApp();
  new SystemStack(app, 'System', { spec });
  const tapp = tfApp();
  new TfSystemStack(tapp, 'system', { spec });
  return [readCloudAssembly(synthCdk(app)), readTerraformOutput(synthTf(tapp))];
}

const withoutCitations = (rows: unknown[]): string => canonicalJson(rows.map((r) => ({ ...(r as object), readFrom: undefined })));

describe('read-back counts equal plan counts (generated specs, both backends)', () => {
  test('GIVEN a generated system WHEN synthesized and read back THEN no difference, the same counts and the same rows as the plan', () => {
    fc.assert(fc.property(
      fc.integer({ min: 100, max: 20_000 }), fc.constantFrom(512, 1024, 2048), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 20 }),
      (peak, cpu, readers, shards, replicas, maxWorkers) => {
        const spec = {
          name: 'gen',
          azCount: 3,
          load: { peakRequestsPerSecond: peak, jobsPerSecond: 1 },
          api: { allowPlainHttp: true, compute: { cpu, memoryMiB: cpu * 2 } },
          cache: { application: { clusterMode: true, shards, replicasPerShard: replicas } },
          database: { engine: 'AURORA_POSTGRESQL', readers },
          queue: { workers: { kind: 'FARGATE_SERVICE', maxWorkers } },
        } as unknown as SystemSpec;
        const plan = planSystem(spec);
        const expected = sizeSystem(plan).rows;
        for (const read of both(spec)) {
          // The account-quota rows (Fargate vCPUs) are the system's: named after it, as the plan's are.
          const sized = sizeDeployedSystem(read, {}, plan.name);
          expect(sized.differences).toEqual([]);
          for (const b of read.blocks) {
            const deployed = applyReadBack(recordedPlanOf(b, read), b).plan as any;
            if (b.kind === BlockKind.LOAD_BALANCED_API) {
              expect([deployed.scaling.minTasks, deployed.scaling.maxTasks, deployed.compute.cpu])
                .toEqual([plan.api!.scaling.minTasks, plan.api!.scaling.maxTasks, cpu]);
              expect([b.api!.fleet.minTasks, b.api!.fleet.maxTasks]).toEqual([plan.api!.scaling.minTasks, plan.api!.scaling.maxTasks]);
            }
            if (b.kind === BlockKind.REPLICATED_DATABASE) expect([b.database!.readers.length, deployed.readers]).toEqual([readers, readers]);
            if (b.kind === BlockKind.TIERED_CACHE) expect([b.cache!.shards, b.cache!.replicasPerShard]).toEqual([shards, replicas]);
            if (b.kind === BlockKind.WORK_QUEUE) expect(b.workQueue!.maxWorkers).toBe(plan.queue!.workers.maxWorkers);
          }
          expect(withoutCitations(sized.rows)).toBe(withoutCitations(expected));
        }
      }), { numRuns: 2 });
  }, 600_000);
});

describe('applyReadBack', () => {
  test('GIVEN a declared requests/s per task and an escape hatch to 256 CPU WHEN applied THEN the declared figure is kept, with a note, and the difference cites the task definition', () => {
    const app = cdkApp();
    const stack = new cdk.Stack(app, 'Test');
    const api = new LoadBalancedApi(stack, 'Api', { allowPlainHttp: true, load: { peakRequestsPerSecond: 1000, requestsPerSecondPerTask: 400 } });
    (api.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).addPropertyOverride('Cpu', '256');
    const read = readCloudAssembly(synthCdk(app));
    const b = read.blocks[0];
    const applied = applyReadBack(recordedPlanOf(b, read), b);
    expect((applied.plan as any).compute).toMatchObject({ cpu: 256, vcpu: 0.25, label: '0.25 vCPU / 2 GiB' });
    expect((applied.plan as any).load.requestsPerSecondPerTask).toBe(400);
    expect(applied.notes).toEqual([expect.stringMatching(/synthesized task is 0\.25 vCPU \/ 2 GiB, the plan's 1 vCPU \/ 2 GiB; sized with the declared 400 requests\/s per task/)]);
    expect(applied.differences).toEqual([{
      block: 'Test/Api',
      blockKind: 'LoadBalancedApi',
      field: 'compute.cpu',
      planned: '1,024',
      deployed: '256',
      where: [{ backend: 'cloudformation', template: 'Test.template.json', resource: expect.stringMatching(/^ApiTaskDefinition/), attribute: 'Properties.Cpu' }],
    }]);
  }, 120_000);

  test('GIVEN maxTasks lowered in the Terraform JSON WHEN sized THEN a difference and a finding name the construct path and the fix', () => {
    const app = tfApp();
    const stack = new TerraformStack(app, 'test');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    new TfLoadBalancedApi(stack, 'Api', { allowPlainHttp: true, load: { peakRequestsPerSecond: 1000 } });
    const target = stack.node.findAll().find((c) => (c as any).terraformResourceType === 'aws_appautoscaling_target') as any;
    target.addOverride('max_capacity', 2);
    const read = readTerraformOutput(synthTf(app));
    const sized = sizeDeployedSystem(read);
    expect(sized.differences).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'maxTasks', deployed: '2' })]));
    const failures = sizingFindings(read).filter((f) => f.verdict === 'FAIL');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]).toMatchObject({ constructPath: 'test/Api', fix: expect.stringMatching(/scaling\.maxTasks >= \d+/) });
  }, 120_000);

  test('GIVEN an app above the default Fargate vCPU quota WHEN sized THEN the read-back has the account row, named after the app, but the validator\'s findings leave it out', () => {
    const app = cdkApp();
    const stack = new cdk.Stack(app, 'Test');
    new LoadBalancedApi(stack, 'Api', { allowPlainHttp: true, load: { peakRequestsPerSecond: 1000, requestsPerSecondPerTask: 100 } });
    const read = readCloudAssembly(synthCdk(app));
    const row = sizeDeployedSystem(read, {}, 'my-app').rows.find((r) => r.resource === 'Fargate vCPU')!;
    expect(row).toMatchObject({ block: 'my-app', blockKind: 'System', verdict: 'WARN' });
    expect(row.demand).toBeGreaterThan(6);
    const findings = sizingFindings(read);
    expect(findings.filter((f) => f.rule.startsWith('System/'))).toEqual([]);
    expect(findings.map((f) => f.constructPath)).not.toContain('account');
  }, 120_000);

  test('GIVEN metadata without a plan (an older scaleblocks) WHEN sized THEN a ValidationError says to synthesize with this version', () => {
    const read: DeployedSystem = { blocks: [{ kind: BlockKind.GLOBAL_CDN, path: 'X/Cdn', planPath: 'cdn', template: 't.json' } as any], unrecognised: [], notes: [] };
    expect(() => sizeDeployedSystem(read)).toThrow(/plan = undefined: must be the block's plan in its metadata, read from t\.json/);
  });
});
