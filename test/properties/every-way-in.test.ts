import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import * as cdk from 'aws-cdk-lib';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import fc from 'fast-check';
import * as C from '../../src/cdk';
import * as T from '../../src/cdktf';
import {
  ApiOriginKind, BucketEncryption, CacheAuthMode, CdnAllowedMethods, Errors, planGlobalCdn, planLoadBalancedApi, planMicroserviceGateway,
  planReplicatedDatabase, planShardedDatabase, planSystem, planTieredCache, planWorkQueue, SystemSpec, ValidationError,
} from '../../src/core';
import { BlockKind, PLAN_FORMAT_VERSION } from '../../src/core/blocks/common';
import { suppliedPlanIssues } from '../../src/core/plan-rules';
import { loadSpecFile, SpecError } from '../../src/core/spec/loader';
import { SystemPlan } from '../../src/core/system';
import { ENGINE_SYSTEMS, EXAMPLE, EXAMPLE_SCALED_UP, GEOGRAPHIC, SHARDED } from '../fixtures/systems';

/*
 * One validation for every way in (issue 13): options, a supplied plan and a spec built in code
 * are each either accepted (a plan, a synthesized template) or rejected with one ValidationError,
 * never another error, never a hang, never a template with NaN in it. Mutations are generated
 * generically from a valid plan or spec (walk it, pick a path, replace the value), so the tests
 * follow the plans as they change.
 *
 * Wider runs (random seeds unless CI is set): EVERY_WAY_IN_RUNS=1000 mutated plans per block and
 * backend (default 25), EVERY_WAY_IN_SPEC_RUNS for the specs (default 60 and 40), and
 * EVERY_WAY_IN_TRACE=<file> to write each plan mutation there before it renders (a hang names its input).
 */

type Json = { [key: string]: unknown };

/** Every path of an object tree (objects and arrays), the root excluded. */
function pathsOf(x: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(x)) return x.flatMap((v, i) => [[...prefix, i], ...pathsOf(v, [...prefix, i])]);
  if (x !== null && typeof x === 'object') {
    return Object.entries(x).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
  }
  return [];
}

/** What a mutation puts in place of a value. */
const REPLACEMENTS: { [kind: string]: () => unknown } = {
  'a string': () => 'x',
  'null': () => null,
  'a boolean': () => true,
  'an empty list': () => [],
  'an empty object': () => ({}),
  'NaN': () => NaN,
  '-1': () => -1,
  '-0.5': () => -0.5,
  '1e9': () => 1e9,
  'Infinity': () => Infinity,
  'a fraction': () => 0.5,
};
const KINDS = [...Object.keys(REPLACEMENTS), 'delete', 'an unknown key', 'another planVersion', 'a misspelled key'];

interface Mutation {
  readonly pick: number;
  readonly kind: string;
}
const mutation = fc.record({ pick: fc.nat(), kind: fc.constantFrom(...KINDS) });
const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });

/** A copy of `base` with each mutation applied at the path it picks. */
function mutate<T>(base: T, ms: readonly Mutation[]): T {
  const copy = structuredClone(base) as unknown as Json;
  for (const m of ms) {
    const paths = pathsOf(copy);
    if (paths.length === 0) break;
    const p = paths[m.pick % paths.length];
    const parent = p.slice(0, -1).reduce<any>((o, s) => o[s], copy);
    const key = p[p.length - 1];
    if (m.kind === 'another planVersion') {
      copy.planVersion = `${PLAN_FORMAT_VERSION}-other`;
    } else if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    } else if (m.kind === 'an unknown key') {
      if (!Array.isArray(parent)) parent.unexpectedKey = 1;
    } else if (m.kind === 'a misspelled key') {
      if (!Array.isArray(parent) && typeof key === 'string') {
        parent[`${key.slice(0, -1)}`] = parent[key];
        delete parent[key];
      }
    } else {
      parent[key] = REPLACEMENTS[m.kind]();
    }
  }
  return copy as unknown as T;
}

/** The error `run` throws, asserted to be a ValidationError (a return or another error fails the test). */
function validationErrorOf(run: () => unknown): ValidationError {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

/** Passes when `run` returns, or throws a ValidationError; fails on any other error. */
function acceptedOrValidationError(run: () => void): boolean {
  try {
    run();
    return true;
  } catch (e) {
    if (e instanceof ValidationError) return true;
    throw e;
  }
}

/** Numbers no template may hold. */
function assertRenderable(json: string): void {
  expect(json).not.toMatch(/NaN|Infinity/);
}

// --- the blocks, their valid base plans and their constructors in both backends -------------------

interface Block {
  readonly name: string;
  readonly plan: () => object;
  readonly cdk: (scope: Construct, props: unknown) => void;
  readonly tf: (scope: Construct, props: unknown) => void;
  readonly planFunction: (options: any) => unknown;
}

const GATEWAY_OPTIONS = {
  jwtAuthorizer: { issuerUrl: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc123', audiences: ['client-1'] },
  services: [{ name: 'orders', pathPrefix: '/orders' }],
};

/** A CDN whose API origin fails over to a second origin: an origin group the API behaviour aims at. */
const FAILOVER_CDN = {
  apiOrigin: { kind: ApiOriginKind.CUSTOM_DOMAIN, domainName: 'api.example.com', failover: { domainName: 'api-dr.example.com' } },
  apiBehavior: { allowedMethods: CdnAllowedMethods.GET_HEAD_OPTIONS },
};

const BLOCKS: Block[] = [
  {
    name: 'LoadBalancedApi',
    plan: () => planLoadBalancedApi({ allowPlainHttp: true }),
    planFunction: planLoadBalancedApi,
    cdk: (s, p) => new C.LoadBalancedApi(s, 'Block', p as any),
    tf: (s, p) => new T.LoadBalancedApi(s, 'Block', p as any),
  },
  {
    name: 'TieredCache',
    plan: () => planTieredCache({}),
    planFunction: planTieredCache,
    cdk: (s, p) => new C.TieredCache(s, 'Block', p as any),
    tf: (s, p) => new T.TieredCache(s, 'Block', p as any),
  },
  {
    name: 'ReplicatedDatabase',
    plan: () => planReplicatedDatabase({}),
    planFunction: planReplicatedDatabase,
    cdk: (s, p) => new C.ReplicatedDatabase(s, 'Block', p as any),
    tf: (s, p) => new T.ReplicatedDatabase(s, 'Block', p as any),
  },
  {
    // the proxy's plan fields mutated too (plan.proxy is absent from the default plan)
    name: 'ReplicatedDatabase behind RDS Proxy',
    plan: () => planReplicatedDatabase({ proxy: {} }),
    planFunction: planReplicatedDatabase,
    cdk: (s, p) => new C.ReplicatedDatabase(s, 'Block', p as any),
    tf: (s, p) => new T.ReplicatedDatabase(s, 'Block', p as any),
  },
  {
    name: 'ShardedDatabase',
    plan: () => planShardedDatabase({ shardCount: 2 }),
    planFunction: planShardedDatabase,
    cdk: (s, p) => new C.ShardedDatabase(s, 'Block', p as any),
    tf: (s, p) => new T.ShardedDatabase(s, 'Block', p as any),
  },
  {
    // each shard's proxy plan fields mutated too (no shard has a proxy in the default plan)
    name: 'ShardedDatabase behind RDS Proxy',
    plan: () => planShardedDatabase({ shardCount: 2, shardDefaults: { proxy: {} } }),
    planFunction: planShardedDatabase,
    cdk: (s, p) => new C.ShardedDatabase(s, 'Block', p as any),
    tf: (s, p) => new T.ShardedDatabase(s, 'Block', p as any),
  },
  {
    name: 'WorkQueue',
    plan: () => planWorkQueue({}),
    planFunction: planWorkQueue,
    cdk: (s, p) => new C.WorkQueue(s, 'Block', p as any),
    tf: (s, p) => new T.WorkQueue(s, 'Block', p as any),
  },
  {
    name: 'GlobalCdn',
    plan: () => planGlobalCdn({}),
    planFunction: planGlobalCdn,
    cdk: (s, p) => new C.GlobalCdn(s, 'Block', p as any),
    tf: (s, p) => new T.GlobalCdn(s, 'Block', p as any),
  },
  {
    name: 'GlobalCdn with a failover origin group',
    plan: () => planGlobalCdn(FAILOVER_CDN),
    planFunction: planGlobalCdn,
    cdk: (s, p) => new C.GlobalCdn(s, 'Block', p as any),
    tf: (s, p) => new T.GlobalCdn(s, 'Block', p as any),
  },
  {
    name: 'MicroserviceGateway',
    plan: () => planMicroserviceGateway(GATEWAY_OPTIONS),
    planFunction: planMicroserviceGateway,
    cdk: (s, p) => new C.MicroserviceGateway(s, 'Block', p as any),
    tf: (s, p) => new T.MicroserviceGateway(s, 'Block', p as any),
  },
];

/**
 * aws-cdk-lib's own template validation turned from warnings into errors: a plan it finds wrong
 * (an EngineVersion "x", a status code 0.5) is a template the plan rules let through.
 */
function synthCdk(build: (scope: Construct) => void): string {
  const app = new cdk.App({ context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  const stack = new cdk.Stack(app, 'Test', { env: { account: '123456789012', region: 'us-east-1' } });
  build(stack);
  const assembly = app.synth();
  return assembly.stacks.map((s) => JSON.stringify(s.template)).join('\n');
}

function synthTf(build: (scope: Construct) => void): string {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  build(stack);
  return Testing.synth(stack);
}

const BACKENDS: [string, (build: (scope: Construct) => void) => string, (b: Block) => Block['cdk']][] = [
  ['cdk', synthCdk, (b) => b.cdk],
  ['cdktf', synthTf, (b) => b.tf],
];

describe('a supplied plan is validated before either backend renders it', () => {
  describe.each(BLOCKS.map((b) => [b.name, b] as [string, Block]))('%s', (_, block) => {
    const base = block.plan();

    test.each(BACKENDS)('GIVEN arbitrary mutations of a valid plan WHEN given to the %s construct THEN it synthesizes or throws ValidationError', (_b, synth, ctor) => {
      const trace = process.env.EVERY_WAY_IN_TRACE;
      fc.assert(fc.property(mutations, (ms) => acceptedOrValidationError(() => {
        // EVERY_WAY_IN_TRACE=<file>: each mutation is written there before it renders, so a hang names its input.
        if (trace) fs.appendFileSync(trace, `${JSON.stringify({ block: block.name, backend: _b, mutations: ms })}\n`);
        assertRenderable(synth((s) => ctor(block)(s, { plan: mutate(base, ms) })));
      })), { numRuns: Number(process.env.EVERY_WAY_IN_RUNS ?? 25) });
    });

    test('GIVEN a plan of another format WHEN given to a construct THEN the error says to re-plan', () => {
      expect(() => synthTf((s) => block.tf(s, { plan: { ...base, planVersion: '0' } })))
        .toThrow(new RegExp(`plan.planVersion = "0": must be ${PLAN_FORMAT_VERSION}: a plan of format 0; this scaleblocks renders ${PLAN_FORMAT_VERSION}: re-plan with this version`));
    });
  });

  test('GIVEN the plans the issue found (Port -1, Cpu NaN, desired -0.5, azCount 1e9) WHEN rendered THEN one ValidationError lists them all', () => {
    const api = planLoadBalancedApi({ allowPlainHttp: true }) as any;
    const bad = {
      ...api,
      azCount: 1e9,
      container: { ...api.container, port: -1 },
      compute: { ...api.compute, cpu: NaN },
      scaling: { ...api.scaling, desiredTasks: -0.5 },
    };
    const error = validationErrorOf(() => synthTf((s) => new T.LoadBalancedApi(s, 'Api', { plan: bad })));
    const props = Errors.issuesOf(error).map((i) => i.prop);
    expect(props).toEqual(expect.arrayContaining(['plan.azCount', 'plan.container.port', 'plan.compute.cpu', 'plan.scaling.desiredTasks']));
  });

  test('GIVEN a WorkQueue plan whose Fargate workers deploy blue/green with a bake time and 250 % WHEN rendered THEN one ValidationError names each', () => {
    const queue = planWorkQueue({}) as any;
    const fargate = queue.workers.fargate;
    const bad = {
      ...queue,
      workers: { ...queue.workers, fargate: { ...fargate, deployment: { ...fargate.deployment, strategy: 'BLUE_GREEN', bakeTimeMinutes: 5, maximumPercent: 250 } } },
    };
    for (const render of [() => synthCdk((s) => new C.WorkQueue(s, 'Jobs', { plan: bad })), () => synthTf((s) => new T.WorkQueue(s, 'Jobs', { plan: bad }))]) {
      const error = validationErrorOf(() => render());
      expect(Errors.issuesOf(error).map((i) => i.prop)).toEqual(expect.arrayContaining([
        'plan.workers.fargate.deployment.strategy', 'plan.workers.fargate.deployment.bakeTimeMinutes', 'plan.workers.fargate.deployment.maximumPercent',
      ]));
    }
  });

  test.each([
    ['a period of 1e9 s on a scale-in metric (the CI counterexample: aws-cdk-lib threw its own error)', (q: any) => { q.workers.fargate.scaling.scaleIn.metric.metrics[0].periodSeconds = 1e9; }, 'plan.workers.fargate.scaling.scaleIn.metric.metrics[0].periodSeconds', /10, 30 or a multiple of 60 seconds/],
    ['a period of 45 s on an alarm (CloudWatch takes none)', (q: any) => { q.alarms[0].periodSeconds = 45; }, 'plan.alarms[0].periodSeconds', /10, 30 or a multiple of 60 seconds/],
    ['a scale-in expression over no metric (aws-cdk-lib threw on a period of -Infinity)', (q: any) => { q.workers.fargate.scaling.scaleIn.metric.metrics = []; }, 'plan.workers.fargate.scaling.scaleIn.metric.metrics', /one metric or more/],
    ['two backlog metrics with one id', (q: any) => { const m = q.workers.fargate.scaling.backlogPerWorker.metrics; m[1] = { ...m[1], id: m[0].id }; }, 'plan.workers.fargate.scaling.backlogPerWorker.metrics[1].id', /no other metric of the expression has/],
    ['an alarm evaluating 25 hours of 1-hour periods', (q: any) => { q.alarms[0].periodSeconds = 3600; q.alarms[0].evaluationPeriods = 25; }, null, null],
    ['an alarm evaluating 2 days of 1-minute periods', (q: any) => { q.alarms[0].periodSeconds = 60; q.alarms[0].evaluationPeriods = 2880; }, 'plan.alarms[0].evaluationPeriods', /an integer from 1 to 100/],
    ['a scale-in alarm evaluating 100 periods of 15 minutes (25 hours, over the one day of a period under one hour)', (q: any) => { q.workers.fargate.scaling.scaleIn.metric.metrics.forEach((m: any) => { m.periodSeconds = 900; }); q.workers.fargate.scaling.scaleIn.evaluationPeriods = 100; }, 'plan.workers.fargate.scaling.scaleIn.evaluationPeriods', /at most 96 with plan.workers.fargate.scaling.scaleIn.metric.metrics\[0\].periodSeconds 900 s: an alarm evaluates at most 86,400 s/],
  ])('GIVEN a WorkQueue plan with %s WHEN rendered THEN both backends accept it or name the prop', (_, change, prop, allowed) => {
    const bad = structuredClone(planWorkQueue({})) as any;
    change(bad);
    for (const render of [() => synthCdk((s) => new C.WorkQueue(s, 'Jobs', { plan: bad })), () => synthTf((s) => new T.WorkQueue(s, 'Jobs', { plan: bad }))]) {
      if (prop === null) {
        expect(render).not.toThrow();
        continue;
      }
      const error = validationErrorOf(() => render());
      const issue = Errors.issuesOf(error).find((i) => i.prop === prop);
      expect(issue?.allowed).toMatch(allowed!);
    }
  });

  test.each([
    ['a LoadBalancedApi plan admitting the CIDR "999.1.1.1/99"', () => {
      const p = structuredClone(planLoadBalancedApi({ allowPlainHttp: true })) as any;
      p.securityGroups.loadBalancerIngressCidrs = ['999.1.1.1/99'];
      return { plan: p, cdk: C.LoadBalancedApi, tf: T.LoadBalancedApi };
    }, 'plan.securityGroups.loadBalancerIngressCidrs[0]'],
    ['a GlobalCdn plan whose static origin is renamed but not its behaviours', () => {
      const p = structuredClone(planGlobalCdn({})) as any;
      p.origins[0].id = 'x';
      return { plan: p, cdk: C.GlobalCdn, tf: T.GlobalCdn };
    }, 'plan.defaultBehavior.targetOriginId'],
    ['a GlobalCdn plan whose failover group no behaviour aims at (aws-cdk-lib dropped it, Terraform kept it)', () => {
      const p = structuredClone(planGlobalCdn(FAILOVER_CDN)) as any;
      const api = p.behaviors.find((b: any) => b.targetOriginId === 'api-group');
      api.targetOriginId = 'api';
      return { plan: p, cdk: C.GlobalCdn, tf: T.GlobalCdn };
    }, 'plan.originGroups[0].id'],
    ['a GlobalCdn plan aiming a behaviour at an origin of a group (aws-cdk-lib threw "Origin with id api already exists")', () => {
      const p = structuredClone(planGlobalCdn(FAILOVER_CDN)) as any;
      p.behaviors.push({ ...p.behaviors.find((b: any) => b.targetOriginId === 'api-group'), pathPattern: '/direct/*', targetOriginId: 'api' });
      return { plan: p, cdk: C.GlobalCdn, tf: T.GlobalCdn };
    }, 'plan.origins[1].id'],
    ['a GlobalCdn plan with an origin nothing reaches (aws-cdk-lib dropped it, Terraform kept it)', () => {
      const p = structuredClone(planGlobalCdn(FAILOVER_CDN)) as any;
      p.origins.push({ ...p.origins.find((o: any) => o.id === 'api-failover'), id: 'spare' });
      return { plan: p, cdk: C.GlobalCdn, tf: T.GlobalCdn };
    }, 'plan.origins[3].id'],
    ['a GlobalCdn plan failing over on status code 0.5', () => {
      const p = structuredClone(planGlobalCdn(FAILOVER_CDN)) as any;
      p.originGroups[0].failoverStatusCodes[0] = 0.5;
      return { plan: p, cdk: C.GlobalCdn, tf: T.GlobalCdn };
    }, 'plan.originGroups[0].failoverStatusCodes'],
    ['a ReplicatedDatabase plan of engine version "x"', () => {
      const p = structuredClone(planReplicatedDatabase({})) as any;
      p.engineVersion = 'x';
      return { plan: p, cdk: C.ReplicatedDatabase, tf: T.ReplicatedDatabase };
    }, 'plan.engineVersion'],
    ['a ReplicatedDatabase plan whose parameter group family is not its version\'s', () => {
      const p = structuredClone(planReplicatedDatabase({})) as any;
      p.parameterGroupFamily = 'aurora-postgresql15';
      return { plan: p, cdk: C.ReplicatedDatabase, tf: T.ReplicatedDatabase };
    }, 'plan.parameterGroupFamily'],
    ['a TieredCache plan whose transit encryption mode is "x"', () => {
      const p = structuredClone(planTieredCache({})) as any;
      p.application.transitEncryptionMode = 'x';
      return { plan: p, cdk: C.TieredCache, tf: T.TieredCache };
    }, 'plan.application.transitEncryptionMode'],
    ['a TieredCache plan of engine version "x"', () => {
      const p = structuredClone(planTieredCache({})) as any;
      p.application.engineVersion = 'x';
      return { plan: p, cdk: C.TieredCache, tf: T.TieredCache };
    }, 'plan.application.engineVersion'],
    ['a MicroserviceGateway plan whose stage bursts 0.5 requests', () => {
      const p = structuredClone(planMicroserviceGateway(GATEWAY_OPTIONS)) as any;
      p.api.defaultThrottle.burstLimit = 0.5;
      return { plan: p, cdk: C.MicroserviceGateway, tf: T.MicroserviceGateway };
    }, 'plan.api.defaultThrottle.burstLimit'],
    ['a WorkQueue plan whose workers may do nothing (aws-cdk-lib\'s grant threw a TypeError)', () => {
      const p = structuredClone(planWorkQueue({})) as any;
      p.workerPermissions = [];
      return { plan: p, cdk: C.WorkQueue, tf: T.WorkQueue };
    }, 'plan.workerPermissions'],
    ['a TieredCache plan whose first shard is the node group "x"', () => {
      const p = structuredClone(planTieredCache({})) as any;
      p.application.placement[0].shardId = 'x';
      return { plan: p, cdk: C.TieredCache, tf: T.TieredCache };
    }, 'plan.application.placement[0].shardId'],
    ['a GlobalCdn plan whose bucket key waits 1e9 days before deletion', () => {
      const p = structuredClone(planGlobalCdn({ bucket: { encryption: BucketEncryption.KMS } })) as any;
      p.bucket.kmsKeyPendingWindowDays = 1e9;
      return { plan: p, cdk: C.GlobalCdn, tf: T.GlobalCdn };
    }, 'plan.bucket.kmsKeyPendingWindowDays'],
    ['a MicroserviceGateway plan whose service lists no route key (Terraform met two routes at one construct id)', () => {
      const p = structuredClone(planMicroserviceGateway(GATEWAY_OPTIONS)) as any;
      p.services[0].routeKeys = [];
      return { plan: p, cdk: C.MicroserviceGateway, tf: T.MicroserviceGateway };
    }, 'plan.routes[0].routeKey'],
    ['a GlobalCdn plan whose log bucket has no object ownership beside its LogDeliveryWrite ACL', () => {
      const p = structuredClone(planGlobalCdn({})) as any;
      delete p.logBucket.objectOwnership;
      return { plan: p, cdk: C.GlobalCdn, tf: T.GlobalCdn };
    }, 'plan.logBucket.objectOwnership'],
    ['a MicroserviceGateway plan whose service\'s targets are of type "x"', () => {
      const p = structuredClone(planMicroserviceGateway(GATEWAY_OPTIONS)) as any;
      p.services[0].targetGroup.targetType = 'x';
      return { plan: p, cdk: C.MicroserviceGateway, tf: T.MicroserviceGateway };
    }, 'plan.services[0].targetGroup.targetType'],
    ['a TieredCache plan with a replica in AZ 1e9 (the CDK backend ran out of memory)', () => {
      const p = structuredClone(planTieredCache({})) as any;
      p.application.placement[0].replicaAzs[0] = 1e9;
      return { plan: p, cdk: C.TieredCache, tf: T.TieredCache };
    }, 'plan.application.placement[0].replicaAzs[0]'],
    ['a ReplicatedDatabase plan whose writer is a "db.x"', () => {
      const p = structuredClone(planReplicatedDatabase({})) as any;
      p.instances[0].instanceClass = 'db.x';
      return { plan: p, cdk: C.ReplicatedDatabase, tf: T.ReplicatedDatabase };
    }, 'plan.instances[0].instanceClass'],
    ['a WorkQueue plan of Fargate workers that holds none (the Terraform backend threw its own error)', () => {
      const p = structuredClone(planWorkQueue({})) as any;
      delete p.workers.fargate;
      return { plan: p, cdk: C.WorkQueue, tf: T.WorkQueue };
    }, 'plan.workers.fargate'],
    ['a LoadBalancedApi plan whose targets start slowly for 1e9 s', () => {
      const p = structuredClone(planLoadBalancedApi({ allowPlainHttp: true })) as any;
      p.slowStartSeconds = 1e9;
      return { plan: p, cdk: C.LoadBalancedApi, tf: T.LoadBalancedApi };
    }, 'plan.slowStartSeconds'],
    ['a MicroserviceGateway plan whose service is health-checked over "x"', () => {
      const p = structuredClone(planMicroserviceGateway(GATEWAY_OPTIONS)) as any;
      p.services[0].healthCheck.protocol = 'x';
      return { plan: p, cdk: C.MicroserviceGateway, tf: T.MicroserviceGateway };
    }, 'plan.services[0].healthCheck.protocol'],
    ['a GlobalCdn plan with access logs and no log bucket (aws-cdk-lib logged into a bucket of its own, Terraform nowhere)', () => {
      const p = structuredClone(planGlobalCdn({})) as any;
      delete p.logBucket;
      return { plan: p, cdk: C.GlobalCdn, tf: T.GlobalCdn };
    }, 'plan.logBucket'],
    ['a GlobalCdn plan whose failover origin has no domain name (aws-cdk-lib\'s L1 threw its own error)', () => {
      const p = structuredClone(planGlobalCdn(FAILOVER_CDN)) as any;
      delete p.origins.find((o: any) => o.id === 'api-failover').domainName;
      return { plan: p, cdk: C.GlobalCdn, tf: T.GlobalCdn };
    }, 'plan.origins[2].domainName'],
    ['a MicroserviceGateway plan whose JWT authorizer has no audience', () => {
      const p = structuredClone(planMicroserviceGateway(GATEWAY_OPTIONS)) as any;
      p.jwtAuthorizer.audiences = [];
      return { plan: p, cdk: C.MicroserviceGateway, tf: T.MicroserviceGateway };
    }, 'plan.jwtAuthorizer.audiences'],
    ['a ShardedDatabase plan whose shard exports the log type "x"', () => {
      const p = structuredClone(planShardedDatabase({ shardCount: 2 })) as any;
      p.shards[0].database.monitoring.cloudwatchLogsExports = ['x'];
      return { plan: p, cdk: C.ShardedDatabase, tf: T.ShardedDatabase };
    }, 'plan.shards[0].database.monitoring.cloudwatchLogsExports[0]'],
    ['a ReplicatedDatabase plan with Enhanced Monitoring every 7 s', () => {
      const p = structuredClone(planReplicatedDatabase({})) as any;
      p.monitoring.enhancedMonitoringIntervalSeconds = 7;
      return { plan: p, cdk: C.ReplicatedDatabase, tf: T.ReplicatedDatabase };
    }, 'plan.monitoring.enhancedMonitoringIntervalSeconds'],
    ['a GlobalCdn plan whose viewer certificate ARN is "x"', () => {
      const p = structuredClone(planGlobalCdn({})) as any;
      p.viewer.certificateArn = 'x';
      return { plan: p, cdk: C.GlobalCdn, tf: T.GlobalCdn };
    }, 'plan.viewer.certificateArn'],
    ['a WorkQueue plan whose alarm notifies the topic ARN "x"', () => {
      const p = structuredClone(planWorkQueue({})) as any;
      p.alarms[0].actionTopicArn = 'x';
      return { plan: p, cdk: C.WorkQueue, tf: T.WorkQueue };
    }, 'plan.alarms[0].actionTopicArn'],
    ['a TieredCache plan delivering its slow log as "x" beside its engine log', () => {
      const p = structuredClone(planTieredCache({})) as any;
      p.application.logDeliveryConfigurations[0].logTypeName = 'x';
      return { plan: p, cdk: C.TieredCache, tf: T.TieredCache };
    }, 'plan.application.logDeliveryConfigurations[0].logTypeName'],
    ['a ReplicatedDatabase plan whose sizing warns at 1e9 of its bounds (the Terraform synth-time sizing searched without end)', () => {
      const p = structuredClone(planReplicatedDatabase({})) as any;
      p.sizing.warnMargin = 1e9;
      return { plan: p, cdk: C.ReplicatedDatabase, tf: T.ReplicatedDatabase };
    }, 'plan.sizing.warnMargin'],
    ['a ReplicatedDatabase plan admitting "10.0.0.0/33"', () => {
      const p = structuredClone(planReplicatedDatabase({})) as any;
      p.allowedCidrs = ['10.0.0.0/33'];
      return { plan: p, cdk: C.ReplicatedDatabase, tf: T.ReplicatedDatabase };
    }, 'plan.allowedCidrs[0]'],
  ])('GIVEN %s (found by a wider random run: a backend threw its own error or rendered it as given) WHEN rendered THEN both backends throw a ValidationError naming it', (_, make, prop) => {
    const { plan, cdk: CdkBlock, tf: TfBlock } = make() as { plan: any; cdk: any; tf: any };
    for (const render of [() => synthCdk((s) => new CdkBlock(s, 'Block', { plan })), () => synthTf((s) => new TfBlock(s, 'Block', { plan }))]) {
      const error = validationErrorOf(() => render());
      expect(Errors.issuesOf(error).map((i) => i.prop)).toContain(prop);
    }
  });

  test.each<[string, (auth: any) => any, RegExp]>([
    ['a user id other than its name', (auth) => ({ ...auth, userId: 'other' }),
      /plan\.application\.auth\.userId = "other": must be the user name \(application\.auth\.userName\): ElastiCache wants an IAM-enabled user's id and name to be the same/],
    ['a password secret', (auth) => ({ ...auth, secretName: 'scaleblocks/cache/cache-auth' }),
      /plan\.application\.auth\.secretName = "scaleblocks\/cache\/cache-auth": must be unset with auth mode IAM, which has no password/],
    ['a password user', (auth) => ({ ...auth, userAuthenticationType: 'password' }),
      /plan\.application\.auth\.userAuthenticationType = "password": must be "iam" with auth mode IAM/],
    ['a password-protected default user', (auth) => ({ ...auth, defaultUserPasswordProtected: true }),
      /plan\.application\.auth\.defaultUserPasswordProtected = true: must be false with auth mode IAM/],
  ])('GIVEN an IAM TieredCache plan with %s WHEN rendered THEN both backends throw a ValidationError that names it', (_, change, message) => {
    const cache = planTieredCache({}) as any;
    expect(cache.application.auth.mode).toBe('IAM');
    const bad = { ...cache, application: { ...cache.application, auth: change(cache.application.auth) } };
    for (const render of [() => synthCdk((s) => new C.TieredCache(s, 'Cache', { plan: bad })), () => synthTf((s) => new T.TieredCache(s, 'Cache', { plan: bad }))]) {
      expect(render).toThrow(message);
    }
  });

  test('GIVEN an IAM TieredCache plan on Redis OSS 6.2 or without TLS WHEN rendered THEN a ValidationError names the engine version and TLS', () => {
    const cache = planTieredCache({}) as any;
    const bad = { ...cache, application: { ...cache.application, engine: 'REDIS', engineName: 'redis', engineVersion: '6.2', transitEncryption: false } };
    for (const render of [() => synthCdk((s) => new C.TieredCache(s, 'Cache', { plan: bad })), () => synthTf((s) => new T.TieredCache(s, 'Cache', { plan: bad }))]) {
      expect(render).toThrow(/plan\.application\.transitEncryption = false: must be true with auth mode IAM[\s\S]*plan\.application\.engineVersion = "6\.2": must be a Valkey 7\.2 or later or a Redis OSS 7\.0 or later version with auth mode IAM \(the engine is REDIS\)/);
    }
  });

  test('GIVEN an RBAC TieredCache plan without its user id WHEN rendered THEN a ValidationError names it (aws-cdk-lib used to reject it with its own error)', () => {
    const cache = planTieredCache({ application: { auth: { mode: CacheAuthMode.RBAC } } }) as any;
    const { userId: _, ...auth } = cache.application.auth;
    const bad = { ...cache, application: { ...cache.application, auth } };
    for (const render of [() => synthCdk((s) => new C.TieredCache(s, 'Cache', { plan: bad })), () => synthTf((s) => new T.TieredCache(s, 'Cache', { plan: bad }))]) {
      expect(render).toThrow(/plan\.application\.auth\.userId = undefined: must be a non-empty string with auth mode RBAC/);
    }
  });

  test('GIVEN a plan with an unknown key WHEN rendered THEN the key is named with what is allowed', () => {
    const db = { ...planReplicatedDatabase({}), readres: 2 };
    expect(() => synthCdk((s) => new C.ReplicatedDatabase(s, 'Db', { plan: db as any }))).toThrow(/plan.readres = 2: must be a known key/);
  });

  test('GIVEN a valid plan of each block WHEN given back to both constructs THEN both render it', () => {
    for (const block of BLOCKS) {
      const plan = block.plan();
      expect(() => synthTf((s) => block.tf(s, { plan }))).not.toThrow();
    }
  });
});

// --- null, non-object and wrong-typed options ----------------------------------------------------

const NOT_OBJECTS: [string, unknown][] = [['null', null], ['a string', 'abc'], ['a number', 42], ['a list', [1, 2]]];

describe('null and non-object options are one ValidationError at every way in', () => {
  const cases = BLOCKS.flatMap((b) => NOT_OBJECTS.map(([label, value]) => [b.name, label, b, value] as [string, string, Block, unknown]));

  test.each(cases)('plan%s(%s)', (_, _label, block, value) => {
    expect(() => block.planFunction(value)).toThrow(ValidationError);
    try {
      block.planFunction(value);
    } catch (e) {
      expect((e as ValidationError).issues).toHaveLength(1);
      expect((e as ValidationError).issues[0]).toMatchObject({ prop: '(options)', allowed: expect.stringMatching(/^an object of \w+Options/) });
    }
  });

  test.each(cases)('new %s(scope, id, %s) in both backends', (_, _label, block, value) => {
    for (const [, synth, ctor] of BACKENDS) {
      const error = validationErrorOf(() => synth((s) => ctor(block)(s, value)));
      expect(error.issues).toEqual([expect.objectContaining({ prop: 'props', allowed: expect.stringMatching(/^an object of \w+Props/) })]);
    }
  });

  test.each([...NOT_OBJECTS, ['undefined', undefined] as [string, unknown]])('both SystemStacks and planSystem reject %s', (_, value) => {
    expect(() => new C.SystemStack(new cdk.App(), 'Sys', value as any)).toThrow(ValidationError);
    expect(() => new T.SystemStack(Testing.app(), 'Sys', value as any)).toThrow(ValidationError);
    expect(() => planSystem(value as any)).toThrow(/\(spec\) = .*: must be an object of SystemSpec/);
  });
});

// --- specs built in code -------------------------------------------------------------------------

/** The hash shards, each behind its RDS Proxy (the wiring then names every shard's proxy). */
const SHARDED_PROXIED: SystemSpec = {
  ...SHARDED,
  shardedDatabase: { ...SHARDED.shardedDatabase, shardDefaults: { ...SHARDED.shardedDatabase?.shardDefaults, proxy: {} } },
};

const SPECS: [string, SystemSpec][] = [['the example', EXAMPLE], ['hash shards', SHARDED], ['geographic shards', GEOGRAPHIC],
  ['hash shards behind RDS Proxy', SHARDED_PROXIED]];

/** What the CLI does with a spec: the file loader (schema, line and column), then planSystem. */
function cliAccepts(spec: unknown, dir: string): boolean {
  const file = path.join(dir, 'spec.json');
  fs.writeFileSync(file, JSON.stringify(spec));
  try {
    planSystem(loadSpecFile(file).data as SystemSpec);
    return true;
  } catch (e) {
    if (e instanceof SpecError || e instanceof ValidationError) return false;
    throw e;
  }
}

function planAccepts(spec: unknown): boolean {
  try {
    planSystem(spec as SystemSpec);
    return true;
  } catch (e) {
    if (e instanceof ValidationError) return false;
    throw e;
  }
}

describe('a spec built in code is checked like a spec file', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'every-way-in-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each(SPECS)('GIVEN arbitrary mutations of %s WHEN planned THEN a plan or a ValidationError, and the CLI agrees', (_, base) => {
    fc.assert(fc.property(mutations, (ms) => {
      const spec = mutate(base, ms);
      const inCode = planAccepts(spec);
      // JSON cannot hold NaN, Infinity or undefined: the file holds what JSON makes of them.
      const asJson = JSON.parse(JSON.stringify(spec));
      expect(cliAccepts(asJson, dir)).toBe(planAccepts(asJson));
      return typeof inCode === 'boolean';
    }), { numRuns: Number(process.env.EVERY_WAY_IN_SPEC_RUNS ?? 60) });
  });

  test.each([
    ['a worker kind given as a string', { queue: { workers: 'LAMBDA' } }, /queue: workers = "LAMBDA": must be of type object/],
    ['a misspelled key', { api: { scalng: { minTasks: 50 } } }, /api: scalng = \{"minTasks":50\}: must be a known key \(did you mean "scaling"\?\)/],
    ['an unknown enum value', { api: { algorithm: 'RANDOM' } }, /api: algorithm = "RANDOM": must be one of/],
    ['a wrong type at the top', { azCount: 'three' }, /azCount = "three": must be of type/],
  ])('GIVEN %s WHEN planSystem THEN it is rejected with the path, the value and what is allowed', (_, extra, message) => {
    const spec = { name: 'bad', load: { peakRequestsPerSecond: 10 }, ...extra } as unknown as SystemSpec;
    expect(() => planSystem(spec)).toThrow(message);
    expect(() => new T.SystemStack(Testing.app(), 'Sys', { spec })).toThrow(message);
  });

  test('GIVEN two schema problems WHEN planSystem THEN both are in one ValidationError', () => {
    const spec = { name: 'bad', load: { peakRequestsPerSecond: 10 }, api: { scalng: {} }, queue: { workers: 'LAMBDA' } } as unknown as SystemSpec;
    const error = validationErrorOf(() => planSystem(spec));
    expect(Errors.issuesOf(error).map((i) => `${i.path}: ${i.prop}`)).toEqual(expect.arrayContaining(['api: scalng', 'queue: workers']));
  });
});

/** The block plans of a system plan, each with its kind. */
const SYSTEM_BLOCKS: [keyof SystemPlan, BlockKind][] = [
  ['cdn', BlockKind.GLOBAL_CDN], ['api', BlockKind.LOAD_BALANCED_API], ['cache', BlockKind.TIERED_CACHE],
  ['database', BlockKind.REPLICATED_DATABASE], ['shardedDatabase', BlockKind.SHARDED_DATABASE], ['queue', BlockKind.WORK_QUEUE],
  ['gateway', BlockKind.MICROSERVICE_GATEWAY],
];

describe('a SystemStack hands the plans it made to its blocks unchecked: the planner makes only plans the rules pass', () => {
  /** Plans `spec` (a ValidationError ends it: nothing to hand on) and checks each block plan as a supplied one. */
  function everyBlockPlanPasses(spec: unknown): number {
    let plan: SystemPlan;
    try {
      plan = planSystem(spec as SystemSpec);
    } catch (e) {
      if (e instanceof ValidationError) return 0;
      throw e;
    }
    let checked = 0;
    for (const [key, kind] of SYSTEM_BLOCKS) {
      const blockPlan = plan[key];
      if (blockPlan === undefined) continue;
      expect({ block: key, issues: suppliedPlanIssues(kind, blockPlan, key) }).toEqual({ block: key, issues: [] });
      checked++;
    }
    return checked;
  }

  test.each([...SPECS, ['the example scaled up', EXAMPLE_SCALED_UP] as [string, SystemSpec], ...ENGINE_SYSTEMS])(
    'GIVEN %s, as it is and arbitrarily mutated, WHEN planned THEN every block plan passes the supplied-plan rules', (_, base) => {
      expect(everyBlockPlanPasses(base)).toBeGreaterThan(0);
      fc.assert(fc.property(mutations, (ms) => {
        everyBlockPlanPasses(mutate(base, ms));
      }), { numRuns: Number(process.env.EVERY_WAY_IN_SPEC_RUNS ?? 40) });
    });
});
