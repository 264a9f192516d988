import { BlockKind } from '../../src/core/blocks/common';
import { planLoadBalancedApi } from '../../src/core/blocks/load-balanced-api';
import { DatabaseAttribute, WiredBlock, WiringPermission } from '../../src/core/blocks/shared/wiring';
import { CacheAuthMode, CacheEnvironmentValue } from '../../src/core/blocks/tiered-cache';
import { planWorkQueue, WorkQueueAttribute, WorkQueuePermission } from '../../src/core/blocks/work-queue';
import { suppliedPlanIssues } from '../../src/core/plan-rules';
import { DATABASE_ENVIRONMENT, planSystem, sizeSystem, SystemSpec } from '../../src/core/system';

/** API, cache, replicated database and Fargate workers: everything the wiring knows. */
const FULL: SystemSpec = {
  name: 'shop',
  region: 'eu-west-1',
  load: { peakRequestsPerSecond: 1000, jobsPerSecond: 5 },
  api: { allowPlainHttp: true },
  cache: {},
  database: {},
  queue: { load: { secondsPerJob: 2 } },
};

describe('planSystem wires each consumer', () => {
  test('GIVEN an API, a cache, a database and a queue WHEN planned THEN the API gets every block\'s contract, in its own plan and in the system\'s list', () => {
    // WHEN
    const plan = planSystem(FULL);
    const w = plan.api!.wiring!;
    // THEN the same object is listed in the system plan
    expect(plan.wiring).toEqual([w, plan.queue!.workers.wiring]);
    expect(w.consumer).toBe('api');
    // the database contract: endpoints and port at deploy time, the name at plan time, the credentials as a secret
    expect(w.environment[DATABASE_ENVIRONMENT.writerEndpoint]).toEqual({ block: WiredBlock.DATABASE, attribute: DatabaseAttribute.WRITER_ENDPOINT });
    expect(w.environment[DATABASE_ENVIRONMENT.readerEndpoint]).toEqual({ block: WiredBlock.DATABASE, attribute: DatabaseAttribute.READER_ENDPOINT });
    expect(w.environment[DATABASE_ENVIRONMENT.port]).toEqual({ block: WiredBlock.DATABASE, attribute: DatabaseAttribute.PORT });
    expect(w.environment[DATABASE_ENVIRONMENT.name]).toEqual({ value: plan.database!.databaseName });
    expect(w.secrets[DATABASE_ENVIRONMENT.secret]).toEqual({ block: WiredBlock.DATABASE });
    // the cache contract and the queue's API variables
    expect(w.environment.CACHE_ENDPOINT).toEqual({ block: WiredBlock.CACHE, attribute: plan.cache!.application.endpoint });
    expect(w.environment.CACHE_ENGINE).toEqual({ value: plan.cache!.contract.environment.CACHE_ENGINE });
    // IAM authentication (the default): the user and the cache to sign a token for, and no secret at all
    expect(w.environment.CACHE_AUTH_MODE).toEqual({ value: 'IAM' });
    expect(w.environment.CACHE_AUTH_USERNAME).toEqual({ value: plan.cache!.application.auth.userName });
    expect(w.environment.CACHE_IAM_AUTH_CACHE_NAME).toEqual({ value: plan.cache!.application.clusterId });
    expect(w.environment.CACHE_AUTH_SECRET_ARN).toBeUndefined();
    expect(w.secrets.CACHE_AUTH_PASSWORD).toBeUndefined();
    expect(w.environment.QUEUE_URL).toEqual({ block: WiredBlock.QUEUE, attribute: WorkQueueAttribute.QUEUE_URL });
    expect(w.environment.JOB_STATUS_PATH).toEqual({ value: plan.queue!.jobContract.environment.JOB_STATUS_PATH });
    // ingress: the database and the cache admit the API on their ports
    expect(w.ingress).toEqual([
      { block: WiredBlock.CACHE, port: plan.cache!.application.port },
      { block: WiredBlock.DATABASE, port: plan.database!.port },
    ]);
    // grants: IAM connect to the cache, the queue's API permissions, IAM connect to the database
    expect(w.grants).toEqual([
      { block: WiredBlock.CACHE, permission: WiringPermission.CACHE_CONNECT },
      ...plan.queue!.apiPermissions.map((p) => ({ block: WiredBlock.QUEUE, permission: WiringPermission.QUEUE, queuePermission: p })),
      { block: WiredBlock.DATABASE, permission: WiringPermission.DATABASE_CONNECT },
    ]);
  });

  test('GIVEN a cache with the RBAC opt-out WHEN planned THEN the API gets the password as a secret and may read the auth secret, not IAM connect', () => {
    // WHEN
    const plan = planSystem({ ...FULL, cache: { application: { auth: { mode: CacheAuthMode.RBAC } } } });
    const w = plan.api!.wiring!;
    // THEN
    expect(w.environment.CACHE_AUTH_SECRET_ARN).toEqual({ block: WiredBlock.CACHE, attribute: CacheEnvironmentValue.AUTH_SECRET_ARN });
    expect(w.environment.CACHE_IAM_AUTH_CACHE_NAME).toBeUndefined();
    expect(w.secrets.CACHE_AUTH_PASSWORD).toEqual({ block: WiredBlock.CACHE, field: 'password' });
    expect(w.grants.filter((g) => g.block === WiredBlock.CACHE))
      .toEqual([{ block: WiredBlock.CACHE, permission: WiringPermission.CACHE_AUTH_SECRET_READ }]);
  });

  test('GIVEN a cache without authentication WHEN planned THEN the API gets no cache grant at all', () => {
    const plan = planSystem({ ...FULL, cache: { application: { auth: { mode: CacheAuthMode.NONE } } } });
    expect(plan.api!.wiring!.grants.filter((g) => g.block === WiredBlock.CACHE)).toEqual([]);
  });

  test('GIVEN Fargate workers WHEN planned THEN they get the database only (no cache, no queue API variables)', () => {
    // WHEN
    const plan = planSystem(FULL);
    const w = plan.queue!.workers.wiring!;
    // THEN
    expect(w.consumer).toBe('queue.workers');
    expect(Object.keys(w.environment).sort()).toEqual([
      DATABASE_ENVIRONMENT.name, DATABASE_ENVIRONMENT.port, DATABASE_ENVIRONMENT.readerEndpoint, DATABASE_ENVIRONMENT.writerEndpoint,
    ].sort());
    expect(Object.keys(w.secrets)).toEqual([DATABASE_ENVIRONMENT.secret]);
    expect(w.ingress).toEqual([{ block: WiredBlock.DATABASE, port: plan.database!.port }]);
    expect(w.grants).toEqual([{ block: WiredBlock.DATABASE, permission: WiringPermission.DATABASE_CONNECT }]);
  });

  test('GIVEN the user sets a variable or a secret the system would set WHEN planned THEN the user\'s wins: the wiring leaves that name out', () => {
    // GIVEN
    const spec: SystemSpec = {
      ...FULL,
      cache: { application: { auth: { mode: CacheAuthMode.RBAC } } },
      api: {
        allowPlainHttp: true,
        container: {
          environment: { [DATABASE_ENVIRONMENT.writerEndpoint]: 'db.internal' },
          secrets: { CACHE_AUTH_PASSWORD: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:mine-AbCdEf' },
        },
      },
      queue: { ...FULL.queue, workers: { fargate: { environment: { [DATABASE_ENVIRONMENT.name]: 'mine' } } } },
    };
    // WHEN
    const plan = planSystem(spec);
    // THEN the API's own variable and secret stay, the system's are not in the wiring
    expect(plan.api!.container.environment[DATABASE_ENVIRONMENT.writerEndpoint]).toBe('db.internal');
    expect(plan.api!.wiring!.environment[DATABASE_ENVIRONMENT.writerEndpoint]).toBeUndefined();
    expect(plan.api!.wiring!.secrets.CACHE_AUTH_PASSWORD).toBeUndefined();
    expect(plan.api!.wiring!.environment[DATABASE_ENVIRONMENT.readerEndpoint]).toBeDefined();
    expect(plan.queue!.workers.wiring!.environment[DATABASE_ENVIRONMENT.name]).toBeUndefined();
    expect(plan.queue!.workers.wiring!.environment[DATABASE_ENVIRONMENT.port]).toBeDefined();
  });

  test('GIVEN hash shards WHEN planned THEN the API reads the shard map and every shard admits it and grants its credentials', () => {
    // WHEN
    const plan = planSystem({ name: 'shards', load: { peakRequestsPerSecond: 500 }, api: { allowPlainHttp: true }, shardedDatabase: { strategy: 'HASH', shardCount: 3 } } as unknown as SystemSpec);
    const w = plan.api!.wiring!;
    const ids = plan.shardedDatabase!.shards.map((s) => s.id);
    // THEN
    expect(w.environment).toEqual({
      [DATABASE_ENVIRONMENT.shardMapParameter]: { block: WiredBlock.SHARDED_DATABASE, attribute: DatabaseAttribute.SHARD_MAP_PARAMETER_NAME },
    });
    expect(w.secrets).toEqual({});
    expect(w.ingress).toEqual(plan.shardedDatabase!.shards
      .map((s) => ({ block: WiredBlock.SHARDED_DATABASE, port: s.database.port, shardId: s.id })));
    expect(w.grants).toEqual([
      { block: WiredBlock.SHARDED_DATABASE, permission: WiringPermission.SHARD_MAP_READ },
      ...ids.map((shardId) => ({ block: WiredBlock.SHARDED_DATABASE, permission: WiringPermission.SHARD_CREDENTIALS_READ, shardId })),
    ]);
    expect(ids).toHaveLength(3);
  });

  test('GIVEN geographic shards WHEN planned THEN only the shards of the system\'s Region are admitted and granted, and the notes say so', () => {
    // WHEN
    const plan = planSystem({ name: 'geo', region: 'eu-west-1', load: { peakRequestsPerSecond: 500 }, api: { allowPlainHttp: true }, shardedDatabase: { strategy: 'GEOGRAPHIC' } } as unknown as SystemSpec);
    const w = plan.api!.wiring!;
    const local = plan.shardedDatabase!.shards.filter((s) => s.region === 'eu-west-1').map((s) => s.id);
    const remote = plan.shardedDatabase!.shards.filter((s) => s.region !== 'eu-west-1').map((s) => s.id);
    // THEN
    expect(local.length).toBeGreaterThan(0);
    expect(remote.length).toBeGreaterThan(0);
    expect(w.ingress.map((i) => i.shardId)).toEqual(local);
    expect(w.grants.filter((g) => g.permission === WiringPermission.SHARD_CREDENTIALS_READ).map((g) => g.shardId)).toEqual(local);
    expect(w.grants.filter((g) => g.permission === WiringPermission.SHARD_MAP_READ)).toHaveLength(1);
    expect(sizeSystem(plan).notes.join('\n')).toContain(`shards ${remote.join(', ')} deploy outside the system's Region (eu-west-1)`);
  });

  test('GIVEN Lambda workers WHEN planned THEN they get no wiring (they run outside the VPC), and the notes say so', () => {
    // WHEN
    const plan = planSystem({ ...FULL, queue: { workers: { kind: 'LAMBDA' } } } as unknown as SystemSpec);
    // THEN
    expect(plan.queue!.workers.wiring).toBeUndefined();
    expect(plan.wiring.map((w) => w.consumer)).toEqual(['api']);
    expect(sizeSystem(plan).notes.join('\n')).toContain('the Lambda workers run outside the VPC');
  });

  test('GIVEN no cache and no queue WHEN planned THEN the API gets the database only', () => {
    // WHEN
    const plan = planSystem({ name: 'db', load: { peakRequestsPerSecond: 100 }, api: { allowPlainHttp: true }, database: {} });
    const w = plan.api!.wiring!;
    // THEN
    expect(new Set([...Object.values(w.environment).map((v) => v.block), ...w.grants.map((g) => g.block), ...w.ingress.map((i) => i.block)]))
      .toEqual(new Set([undefined, WiredBlock.DATABASE]));
    expect(w.grants.some((g) => g.queuePermission === WorkQueuePermission.SEND_MESSAGE)).toBe(false);
  });

  test('GIVEN an API alone WHEN planned THEN its wiring is empty, and a block planned on its own has none', () => {
    // WHEN
    const plan = planSystem({ name: 'solo', load: { peakRequestsPerSecond: 100 }, api: { allowPlainHttp: true } });
    // THEN
    expect(plan.api!.wiring).toEqual({ consumer: 'api', environment: {}, secrets: {}, ingress: [], grants: [] });
    expect(planLoadBalancedApi({ name: 'solo', allowPlainHttp: true }).wiring).toBeUndefined();
    expect(planWorkQueue({ name: 'solo' }).workers.wiring).toBeUndefined();
  });
});

describe('a supplied plan\'s wiring is checked like the blocks\' own fields', () => {
  const api = planSystem(FULL).api!;
  const issuesOf = (wiring: unknown) => suppliedPlanIssues(BlockKind.LOAD_BALANCED_API, { ...api, wiring }, 'Api');

  test('GIVEN the wiring planSystem made THEN it passes', () => {
    expect(issuesOf(api.wiring)).toEqual([]);
  });

  test('GIVEN a wiring whose entries do not fit the blocks they name THEN every problem is listed, with its path', () => {
    const issues = issuesOf({
      consumer: 'queue.workers',
      environment: {
        BOTH: { value: 'x', block: WiredBlock.DATABASE, attribute: DatabaseAttribute.PORT },
        WRONG_ATTRIBUTE: { block: WiredBlock.QUEUE, attribute: DatabaseAttribute.PORT },
      },
      secrets: { QUEUE_SECRET: { block: WiredBlock.QUEUE } },
      ingress: [{ block: WiredBlock.SHARDED_DATABASE, port: 5432 }, { block: WiredBlock.QUEUE, port: 443 }],
      grants: [
        { block: WiredBlock.CACHE, permission: WiringPermission.DATABASE_CONNECT },
        { block: WiredBlock.SHARDED_DATABASE, permission: WiringPermission.SHARD_CREDENTIALS_READ },
        { block: WiredBlock.QUEUE, permission: WiringPermission.QUEUE },
      ],
    }).map((i) => i.prop);
    expect(issues).toEqual(expect.arrayContaining([
      'plan.wiring.consumer',
      'plan.wiring.environment.BOTH',
      'plan.wiring.environment.WRONG_ATTRIBUTE.attribute',
      'plan.wiring.secrets.QUEUE_SECRET.block',
      'plan.wiring.ingress[0].shardId',
      'plan.wiring.ingress[1].block',
      'plan.wiring.grants[0].block',
      'plan.wiring.grants[1].shardId',
      'plan.wiring.grants[2].queuePermission',
    ]));
    expect(issues).toHaveLength(9);
  });

  test('GIVEN a workers\' wiring named for the API THEN the consumer is reported', () => {
    const queue = planSystem(FULL).queue!;
    const workers = { ...queue.workers, wiring: { ...queue.workers.wiring!, consumer: 'api' } };
    expect(suppliedPlanIssues(BlockKind.WORK_QUEUE, { ...queue, workers }, 'Jobs').map((i) => i.prop)).toEqual(['plan.workers.wiring.consumer']);
  });
});
