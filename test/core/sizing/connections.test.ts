import fc from 'fast-check';
import { planMicroserviceGateway, sizeMicroserviceGateway } from '../../../src/core/blocks/microservice-gateway';
import {
  connectionLoad, DatabaseEngine, planReplicatedDatabase, ReplicatedDatabasePlan, replicatedDatabaseTopologyOf, sizeReplicatedDatabase,
} from '../../../src/core/blocks/replicated-database';
import { WorkerKind } from '../../../src/core/blocks/work-queue';
import { Scenario, SizingRow, Verdict } from '../../../src/core/sizing/report';
import { littlesLawPoolSize, planSystem, sizeSystem, SystemSpec } from '../../../src/core/system';
import { EXAMPLE } from '../../fixtures/systems';
import { issuesOf, RANK, row } from '../blocks/helpers';

/*
 * Every client's connections (issue 16 item 3): every consumer the system hands the database, at
 * its maximum, x its pool, against the writer's and each reader's max_connections.
 */

/**
 * The reference system (the social-feed example) on the 16 GiB class (1,722 connections by AWS's
 * table), with 536 Fargate workers holding 2 connections each and its API at up to 70 tasks of 10.
 * The workers alone (1,072) fit; beside the API's pools (700) and the 10 kept for administration
 * they do not (1,782).
 */
function reference(overrides: { instanceClass?: string; maxWorkers?: number; maxTasks?: number } = {}): SystemSpec {
  return {
    ...EXAMPLE,
    load: { ...EXAMPLE.load, databasePools: { workers: { poolSize: 2 } } },
    api: { ...EXAMPLE.api, scaling: { minTasks: 18, maxTasks: overrides.maxTasks ?? 70 } },
    database: { ...EXAMPLE.database, instanceClass: overrides.instanceClass ?? 'db.r7g.large' },
    queue: { ...EXAMPLE.queue, workers: { ...EXAMPLE.queue!.workers, maxWorkers: overrides.maxWorkers ?? 536 } },
  };
}

const writerConnections = (rows: SizingRow[], block = 'database'): SizingRow => row(rows, 'writer connections', Scenario.LIMIT, block);

describe('the reference system with 536 workers', () => {
  test('GIVEN 536 Fargate workers of 2 connections beside the API WHEN checked THEN the writer connections row FAILs and lists both', () => {
    // GIVEN
    const plan = planSystem(reference());
    const tasks = plan.api!.scaling.maxTasks;
    expect(tasks).toBe(70);
    // WHEN
    const report = sizeSystem(plan);
    const c = writerConnections(report.rows);
    // THEN every client at its maximum: the API's tasks x 10 (connectionsPerTask) and 536 workers x 2, + 10 for administration
    expect(plan.chain.databaseConnections).toBe(tasks * 10 + 536 * 2);
    expect(c.demand).toBe(tasks * 10 + 1072 + 10);
    expect(c.capacity).toBe(1722); // AWS's table for the 16 GiB Aurora PostgreSQL class
    expect(c.verdict).toBe(Verdict.FAIL);
    expect(c.reason).toContain(`api ${tasks} x 10 (api.scaling.maxTasks; pool declared, load.connectionsPerTask)`);
    expect(c.reason).toContain('queue.workers 536 x 2 (queue.workers.maxWorkers; pool declared, load.databasePools.workers.poolSize)');
    // one fix for the resource: the next class, whose max_connections admits them
    expect(c.fix).toMatch(/^use db\.r7g\.xlarge \(max_connections 3,479\)/);
    expect(report.fixes!.filter((f) => f.block === 'database' && f.resource === 'writer connections')).toEqual([
      expect.objectContaining({ fix: c.fix, rows: ['writer connections (LIMIT)'] }),
    ]);
    // applying it passes
    expect(writerConnections(sizeSystem(planSystem(reference({ instanceClass: 'db.r7g.xlarge' }))).rows).verdict).toBe(Verdict.PASS);
  });

  test('GIVEN the API alone on the same class WHEN checked THEN it passes: the workers are what breaks it', () => {
    const plan = planSystem(reference({ maxWorkers: 2 }));
    expect(writerConnections(sizeSystem(plan).rows).verdict).toBe(Verdict.PASS);
  });

  test('GIVEN the example\'s 536 workers with no pool declared WHEN checked THEN no class admits them and the fix caps the pools or names RDS Proxy', () => {
    // 36 API tasks x 10 + 536 workers x 10 (assumed) = 5,720: above every class's 5,000
    const plan = planSystem({ ...reference({ maxTasks: 36 }), load: EXAMPLE.load });
    const c = writerConnections(sizeSystem(plan).rows);
    expect(c.demand).toBe(36 * 10 + 536 * 10 + 10);
    expect(c.verdict).toBe(Verdict.FAIL);
    // pools of 2 hold 1,144 + 10 <= 0.9 x 1,722; pools of 3 hold 1,716 + 10, above it
    expect(c.fix).toBe('no size of the r7g family admits them: cap every pool at <= 2 connections (today api 10, queue.workers 10); '
      + 'or enable the proxy (proxy: { enabled: true }): the writer then sees at most 1,532 connections '
      + '(maxConnectionsPercent 89 % of 1,722) and the clients queue in the proxy');
  });

  test('GIVEN no pool declared for the Fargate workers WHEN planned THEN they count with the assumed 10, listed as assumed', () => {
    const spec: SystemSpec = { ...reference({ maxWorkers: 40 }), load: EXAMPLE.load };
    const plan = planSystem(spec);
    const workers = plan.database!.load.clients!.find((c) => c.name === 'queue.workers')!;
    expect(workers).toMatchObject({ count: 40, poolSize: 10, poolFrom: 'assumed', countFrom: 'queue.workers.maxWorkers', readShare: 0 });
    expect(plan.assumed.find((a) => a.prop === 'load.databasePools.workers.poolSize')?.reason).toContain('node-postgres');
    expect(plan.assumed.find((a) => a.prop === 'load.databasePools.workers.readShare')?.value).toBe('0');
  });
});

describe('who is counted', () => {
  const lambda = (pools?: object): SystemSpec => ({
    name: 'lambda-db',
    load: { peakRequestsPerSecond: 100, jobsPerSecond: 5, ...(pools ? { databasePools: pools } : {}) },
    api: { allowPlainHttp: true, scaling: { minTasks: 2, maxTasks: 4 } },
    database: { instanceClass: 'db.r7g.large' },
    queue: { workers: { kind: WorkerKind.LAMBDA, maxWorkers: 50 } },
  } as SystemSpec);

  test('GIVEN Lambda workers and no pool for them WHEN planned THEN only the API counts (the system hands Lambda no database)', () => {
    const plan = planSystem(lambda());
    expect(plan.database!.load.clients!.map((c) => c.name)).toEqual(['api']);
    expect(plan.chain.databaseConnections).toBe(4 * 10);
    expect(sizeSystem(plan).notes.join('\n')).toContain('the connections rows count them only when load.databasePools.workers gives their pool');
  });

  test('GIVEN Lambda workers with a declared pool WHEN planned THEN they count at their maximum concurrency', () => {
    const plan = planSystem(lambda({ workers: { poolSize: 3 } }));
    expect(plan.database!.load.clients).toEqual([
      expect.objectContaining({ name: 'api', count: 4, poolSize: 10 }),
      expect.objectContaining({ name: 'queue.workers (Lambda)', count: 50, poolSize: 3, countFrom: 'queue.workers.maxWorkers' }),
    ]);
    expect(writerConnections(sizeSystem(plan).rows).demand).toBe(4 * 10 + 50 * 3 + 10);
  });

  test('GIVEN hash shards WHEN planned THEN every shard\'s writer takes every client\'s pool', () => {
    const plan = planSystem({
      name: 'shards',
      load: { peakRequestsPerSecond: 200, databasePools: { api: { poolSize: 4 } } },
      api: { allowPlainHttp: true, scaling: { minTasks: 2, maxTasks: 6 } },
      shardedDatabase: { strategy: 'HASH', shardCount: 2 },
    } as SystemSpec);
    const rows = sizeSystem(plan).rows.filter((r) => r.resource === 'writer connections');
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.demand).toBe(6 * 4 + 10);
  });
});

describe('gateway services\' own databases', () => {
  const jwtAuthorizer = { issuerUrl: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc123', audiences: ['client-1'] };

  test('GIVEN a service database with no pool declared WHEN planned THEN the service\'s max tasks hold the assumed pool, listed as assumed', () => {
    const plan = planMicroserviceGateway({ name: 'shop', jwtAuthorizer, services: [{ name: 'orders', scaling: { minTasks: 2, maxTasks: 12 }, database: {} }] });
    const db = plan.services[0].database!;
    expect(db.load.clients).toEqual([{
      name: 'orders', count: 12, poolSize: 10, readShare: 0, countFrom: 'shop.services.orders.scaling.maxTasks', poolFrom: 'assumed',
    }]);
    expect(db.load.connections).toBe(120);
    expect(plan.assumed.find((a) => a.prop === 'shop.services.orders.database.load.poolSize')?.value).toBe('10');
  });

  test('GIVEN a service whose tasks outgrow its small database WHEN sized THEN the writer connections row FAILs with the class that admits them', () => {
    // db.t4g.medium (Aurora PostgreSQL): 405 connections; 40 tasks x 10 + 10 = 410. db.t4g.large has the same 2 vCPUs but twice
    // the memory, and 844 connections: the step up for connections. Pools of 8 would fit too (320 + 10 <= 0.9 x 405), of 9 not.
    const plan = planMicroserviceGateway({ name: 'shop', jwtAuthorizer, services: [{ name: 'orders', scaling: { minTasks: 2, maxTasks: 40 }, database: {} }] });
    const c = row(sizeMicroserviceGateway(plan), 'writer connections', Scenario.LIMIT);
    expect(c).toMatchObject({ demand: 410, capacity: 405, verdict: Verdict.FAIL });
    expect(c.reason).toContain('orders 40 x 10 (shop.services.orders.scaling.maxTasks; pool assumed)');
    expect(c.fix).toBe('use db.t4g.large (max_connections 844): the smallest size of the t4g family that admits them; '
      + 'or cap every pool at <= 8 connections (today orders 10); '
      + 'or enable the proxy (proxy: { enabled: true }): the writer then sees at most 352 connections (maxConnectionsPercent 87 % of 405) '
      + 'and the clients queue in the proxy');
  });

  test('GIVEN a declared pool WHEN planned THEN it is the service\'s pool at its max tasks', () => {
    const plan = planMicroserviceGateway({
      name: 'shop', jwtAuthorizer, services: [{ name: 'orders', scaling: { minTasks: 3, maxTasks: 9 }, database: { load: { poolSize: 4 } } }],
    });
    expect(plan.services[0].database!.load.clients![0]).toMatchObject({ count: 9, poolSize: 4, poolFrom: 'declared, shop.services.orders.database.load.poolSize' });
    expect(plan.assumed.some((a) => a.prop === 'shop.services.orders.database.load.poolSize')).toBe(false);
  });
});

describe('Little\'s law', () => {
  test.each([
    [120, 25, 3], // 3 queries in flight
    [40, 25, 1], // exactly 1
    [41, 25, 2], // just above 1
    [0.5, 10, 1], // never below one connection
    [2000, 50, 100],
  ])('GIVEN %d queries/s of %d ms WHEN the pool is sized THEN it holds %d connections', (qps, ms, pool) => {
    expect(littlesLawPoolSize(qps, ms)).toBe(pool);
  });

  test('GIVEN the API\'s queries and query time WHEN planned THEN its pool is ceil(queries/s x query time), said where the row lists it', () => {
    const plan = planSystem({
      name: 'little',
      load: { peakRequestsPerSecond: 100, databasePools: { api: { queriesPerSecond: 120, queryMilliseconds: 25 } } },
      api: { allowPlainHttp: true, scaling: { minTasks: 2, maxTasks: 8 } },
      database: { instanceClass: 'db.r7g.large' },
    } as SystemSpec);
    const api = plan.database!.load.clients![0];
    expect(api).toMatchObject({ name: 'api', count: 8, poolSize: 3 });
    expect(api.poolFrom).toBe('Little\'s law, ceil(120 queries/s x 25 ms) = 3 concurrent queries');
    expect(plan.assumed.some((a) => a.prop === 'load.connectionsPerTask')).toBe(false);
    expect(writerConnections(sizeSystem(plan).rows).reason).toContain('api 8 x 3 (api.scaling.maxTasks; pool Little\'s law');
  });
});

/** An Aurora PostgreSQL db.r7g.large of `readers` readers over 3 AZs, with the given clients. */
function withClients(readers: number, clients: { name: string; count: number; poolSize: number; readShare?: number }[],
  instanceClass = 'db.r7g.large', engine = DatabaseEngine.AURORA_POSTGRESQL): ReplicatedDatabasePlan {
  return planReplicatedDatabase({ name: 'db', engine, instanceClass, readers, azCount: 3, load: { clients } });
}

describe('the writer and the readers', () => {
  test('GIVEN half of each pool on the readers WHEN sized THEN the writer takes the rest and the busiest reader its share after an AZ loss', () => {
    // 100 clients x 10: 5 on the writer, 5 on the readers each. Two readers (AZs 2 and 3): one AZ lost leaves one reader.
    const plan = withClients(2, [{ name: 'api', count: 100, poolSize: 10, readShare: 0.5 }]);
    const load = connectionLoad(plan.load.clients!, replicatedDatabaseTopologyOf(plan));
    expect(load).toMatchObject({ writerPools: 500, readerPools: 500, writer: 500, perReader: 500, readersLeft: 1 });
    const rows = sizeReplicatedDatabase(plan);
    const w = row(rows, 'writer connections', Scenario.LIMIT);
    const r = row(rows, 'reader connections', Scenario.LIMIT);
    expect(w).toMatchObject({ demand: 510, capacity: 1722, verdict: Verdict.PASS, fixResource: 'connections' });
    expect(r).toMatchObject({ demand: 510, capacity: 1722, verdict: Verdict.PASS, fixResource: 'connections' });
    expect(r.reason).toContain('spread over the 1 reader left with AZ');
  });

  test('GIVEN one reader WHEN its AZ is lost THEN the reader pools land on the writer too', () => {
    const plan = withClients(1, [{ name: 'api', count: 100, poolSize: 10, readShare: 0.5 }]);
    const w = row(sizeReplicatedDatabase(plan), 'writer connections', Scenario.LIMIT);
    expect(w.demand).toBe(1000 + 10);
    expect(w.reason).toContain('no reader is left, so the reader pools (500) land on the writer too');
  });

  test('GIVEN no reader WHEN sized THEN every connection is the writer\'s and there is no reader row', () => {
    const plan = withClients(0, [{ name: 'api', count: 100, poolSize: 10, readShare: 0.5 }]);
    const rows = sizeReplicatedDatabase(plan);
    expect(row(rows, 'writer connections', Scenario.LIMIT).demand).toBe(1010);
    expect(rows.some((r) => r.resource === 'reader connections')).toBe(false);
  });

  test('GIVEN readers that hold more than max_connections WHEN sized THEN both rows share one fix', () => {
    // 3 readers over AZs 2, 3, 2: losing AZ 2 leaves one reader with every reader pool (1,800).
    const plan = withClients(3, [{ name: 'api', count: 200, poolSize: 10, readShare: 0.9 }]);
    const report = sizeReplicatedDatabase(plan);
    const r = row(report, 'reader connections', Scenario.LIMIT);
    expect(r.demand).toBe(1800 + 10);
    expect(r.verdict).toBe(Verdict.FAIL);
    expect(r.fix).toMatch(/^use db\.r7g\.xlarge/);
    expect(row(report, 'writer connections', Scenario.LIMIT).verdict).toBe(Verdict.PASS);
  });

  test('GIVEN pools no class admits WHEN sized THEN the fix caps the pools on this class and names RDS Proxy', () => {
    // Aurora PostgreSQL tops out at 5,000: 500 clients x 10 cannot fit; on db.r7g.large pools of 3 (1,500 + 10 <= 0.9 x 1,722) can, of 4 not.
    const plan = withClients(0, [{ name: 'api', count: 500, poolSize: 10 }]);
    const w = row(sizeReplicatedDatabase(plan), 'writer connections', Scenario.LIMIT);
    expect(w.verdict).toBe(Verdict.FAIL);
    expect(w.fix).toBe('no size of the r7g family admits them: cap every pool at <= 3 connections (today api 10); '
      + 'or enable the proxy (proxy: { enabled: true }): the writer then sees at most 1,532 connections (maxConnectionsPercent 89 % of 1,722) '
      + 'and the clients queue in the proxy');
    const capped = withClients(0, [{ name: 'api', count: 500, poolSize: 3 }]);
    expect(row(sizeReplicatedDatabase(capped), 'writer connections', Scenario.LIMIT).verdict).toBe(Verdict.PASS);
  });

  test('GIVEN more clients than connections WHEN even pools of 1 do not fit THEN the fix is RDS Proxy or fewer clients', () => {
    const plan = withClients(0, [{ name: 'queue.workers', count: 6000, poolSize: 2 }]);
    expect(row(sizeReplicatedDatabase(plan), 'writer connections', Scenario.LIMIT).fix)
      .toBe('enable the proxy (proxy: { enabled: true }): the writer then sees at most 1,532 connections (maxConnectionsPercent 89 % of 1,722) '
        + 'and the clients queue in the proxy');
  });
});

describe('spec validation', () => {
  const base = (load: object, extra: object = {}): SystemSpec => ({
    name: 'v',
    load: { peakRequestsPerSecond: 10, ...load },
    api: { allowPlainHttp: true },
    database: {},
    queue: { workers: { maxWorkers: 4 } },
    ...extra,
  } as SystemSpec);
  test.each([
    ['a pool of 0', base({ databasePools: { api: { poolSize: 0 } } }), 'load.databasePools.api.poolSize', 'an integer from 1 to 100,000'],
    ['a fractional pool', base({ databasePools: { workers: { poolSize: 2.5 } } }), 'load.databasePools.workers.poolSize', 'an integer'],
    ['a pool beside its queries', base({ databasePools: { api: { poolSize: 4, queriesPerSecond: 10, queryMilliseconds: 5 } } }),
      'load.databasePools.api.poolSize', 'unset with queriesPerSecond and queryMilliseconds'],
    ['queries without their time', base({ databasePools: { api: { queriesPerSecond: 10 } } }),
      'load.databasePools.api.queryMilliseconds', 'set together with queriesPerSecond'],
    ['a zero query time', base({ databasePools: { api: { queriesPerSecond: 10, queryMilliseconds: 0 } } }),
      'load.databasePools.api.queryMilliseconds', 'a number greater than 0'],
    ['a read share above 1', base({ databasePools: { api: { readShare: 1.5 } } }), 'load.databasePools.api.readShare', 'a fraction from 0 to 1'],
    ['two API pool sizes', base({ connectionsPerTask: 5, databasePools: { api: { poolSize: 4 } } }), 'load.connectionsPerTask',
      'unset with load.databasePools.api.poolSize'],
    ['queries that need a pool above the cap', base({ databasePools: { api: { queriesPerSecond: 1e6, queryMilliseconds: 1000 } } }),
      'load.databasePools.api.queriesPerSecond', 'at most 100,000 concurrent queries'],
    ['pools without a database', base({ databasePools: { api: { poolSize: 4 } } }, { database: undefined }), 'load.databasePools',
      'unset: the system has no database'],
    ['a worker pool without a queue', base({ databasePools: { workers: { poolSize: 4 } } }, { queue: undefined }),
      'load.databasePools.workers', 'unset: the system has no queue'],
    ['clients in the database block', base({}, { database: { load: { clients: [{ name: 'x', count: 1, poolSize: 1 }] } } }),
      'database.load.clients', 'unset in a system spec'],
  ])('GIVEN %s WHEN planned THEN a ValidationError names the prop', (_what, spec, prop, allowed) => {
    const issues = issuesOf(() => planSystem(spec));
    const issue = issues.find((i) => `${i.path ? `${i.path}.` : ''}${i.prop}` === prop || i.prop === prop);
    expect(issue).toBeDefined();
    expect(issue!.allowed).toContain(allowed);
  });

  test('GIVEN an unknown key in a pool WHEN planned THEN the spec schema rejects it', () => {
    const issues = issuesOf(() => planSystem(base({ databasePools: { api: { poolSzie: 4 } } })));
    expect(issues.map((i) => i.prop).join(' ')).toContain('load.databasePools.api');
  });

  test.each([
    ['an empty list', [], 'load.clients', 'a non-empty list'],
    ['a duplicate name', [{ name: 'a', count: 1, poolSize: 1 }, { name: 'a', count: 1, poolSize: 1 }], 'load.clients[1].name', 'unique'],
    ['no count', [{ name: 'a', poolSize: 1 }], 'load.clients[0].count', 'given'],
    ['a zero pool', [{ name: 'a', count: 1, poolSize: 0 }], 'load.clients[0].poolSize', 'an integer from 1'],
    ['a read share of -1', [{ name: 'a', count: 1, poolSize: 1, readShare: -1 }], 'load.clients[0].readShare', 'a fraction'],
    ['a string', ['api'], 'load.clients[0]', 'an object'],
  ])('GIVEN clients with %s WHEN a database is planned THEN a ValidationError names the prop', (_what, clients, prop, allowed) => {
    const issues = issuesOf(() => planReplicatedDatabase({ name: 'db', load: { clients: clients as never } }));
    const issue = issues.find((i) => i.prop === prop);
    expect(issue?.allowed).toContain(allowed);
  });

  test('GIVEN clients beside connections WHEN a database is planned THEN both are named', () => {
    const issues = issuesOf(() => planReplicatedDatabase({ name: 'db', load: { connections: 5, clients: [{ name: 'a', count: 1, poolSize: 1 }] } }));
    expect(issues.find((i) => i.prop === 'load.clients')?.allowed).toContain('unset with load.connections');
  });
});

describe('laws', () => {
  const clientArb = fc.record({
    count: fc.integer({ min: 1, max: 1500 }),
    poolSize: fc.integer({ min: 1, max: 30 }),
    readShare: fc.constantFrom(0, 0.25, 0.5, 0.8, 1),
  });
  const clientsArb = fc.array(clientArb, { minLength: 1, maxLength: 3 })
    .map((cs) => cs.map((c, i) => ({ ...c, name: `c${i}` })));
  const engineArb = fc.constantFrom(...Object.values(DatabaseEngine));
  const connectionRows = (rows: SizingRow[]): SizingRow[] => rows.filter((r) => r.resource.endsWith(' connections'));
  const worst = (rows: SizingRow[]): number => Math.max(...connectionRows(rows).map((r) => RANK[r.verdict]));

  test('GIVEN any clients WHEN one more client or a larger pool is added THEN no connections verdict improves', () => {
    let checked = 0;
    fc.assert(fc.property(engineArb, fc.integer({ min: 0, max: 4 }), clientsArb, clientArb, fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: 1, max: 20 }), (engine, readers, clients, extra, which, grow) => {
        const before = worst(sizeReplicatedDatabase(withClients(readers, clients, 'db.r7g.large', engine)));
        const more = worst(sizeReplicatedDatabase(withClients(readers, [...clients, { ...extra, name: 'extra' }], 'db.r7g.large', engine)));
        const k = which % clients.length;
        const larger = clients.map((c, i) => (i === k ? { ...c, poolSize: c.poolSize + grow } : c));
        const bigger = worst(sizeReplicatedDatabase(withClients(readers, larger, 'db.r7g.large', engine)));
        expect(more).toBeGreaterThanOrEqual(before);
        expect(bigger).toBeGreaterThanOrEqual(before);
        checked++;
      }), { numRuns: 200 });
    expect(checked).toBe(200);
  });

  test('GIVEN failing connections WHEN the one fix is applied THEN every connections row passes, and one step less does not', () => {
    let classFixes = 0;
    let capFixes = 0;
    fc.assert(fc.property(engineArb, fc.integer({ min: 0, max: 4 }), clientsArb, (engine, readers, clients) => {
      const rows = connectionRows(sizeReplicatedDatabase(withClients(readers, clients, 'db.r7g.large', engine)));
      const failing = rows.filter((r) => r.verdict !== Verdict.PASS);
      if (failing.length === 0 || failing.some((r) => r.fix === undefined)) return;
      const fix = failing[0].fix!;
      // one fix for the resource: every row short of PASS shows the same text
      for (const r of failing) expect(r.fix).toBe(fix);
      const passes = (plan: ReplicatedDatabasePlan): boolean => connectionRows(sizeReplicatedDatabase(plan)).every((r) => r.verdict === Verdict.PASS);
      const cls = /^use (db\.[a-z0-9]+\.[a-z0-9]+)/.exec(fix);
      const cap = /cap every pool at <= ([\d,]+) connections?/.exec(fix);
      if (cls) {
        const sizes = ['db.r7g.large', 'db.r7g.xlarge', 'db.r7g.2xlarge', 'db.r7g.4xlarge', 'db.r7g.8xlarge', 'db.r7g.12xlarge', 'db.r7g.16xlarge'];
        expect(passes(withClients(readers, clients, cls[1], engine))).toBe(true);
        expect(passes(withClients(readers, clients, sizes[sizes.indexOf(cls[1]) - 1], engine))).toBe(false);
        classFixes++;
      } else if (cap) {
        const k = Number(cap[1].replace(/,/g, ''));
        const capped = (n: number): typeof clients => clients.map((c) => ({ ...c, poolSize: Math.min(c.poolSize, n) }));
        expect(passes(withClients(readers, capped(k), 'db.r7g.large', engine))).toBe(true);
        expect(passes(withClients(readers, capped(k + 1), 'db.r7g.large', engine))).toBe(false);
        capFixes++;
      } else {
        // neither fits: even pools of 1 fail on the largest class
        expect(fix).toMatch(/RDS Proxy|enable the proxy/);
        const ones = clients.map((c) => ({ ...c, poolSize: 1 }));
        expect(passes(withClients(readers, ones, 'db.r7g.large', engine))).toBe(false);
      }
    }), { numRuns: 300 });
    expect(classFixes).toBeGreaterThan(0);
    expect(capFixes).toBeGreaterThan(0);
  });
});
