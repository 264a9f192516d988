import fc from 'fast-check';
import { issuesOf, row } from './helpers';
import { BlockKind } from '../../../src/core/blocks/common';
import {
  DatabaseEngine, DatabaseProxyEngineFamily, defaultProxyPercent, planReplicatedDatabase, proxyDatabaseConnections, ReplicatedDatabaseOptions,
  sizeReplicatedDatabase,
} from '../../../src/core/blocks/replicated-database';
import * as catalog from '../../../src/core/catalog';
import { suppliedPlanIssues } from '../../../src/core/plan-rules';
import { SizingRow, Verdict } from '../../../src/core/sizing/report';

/** The connections rows (writer and readers) of a plan, sized on its own load. */
function connectionRows(options: ReplicatedDatabaseOptions): SizingRow[] {
  return sizeReplicatedDatabase(planReplicatedDatabase(options)).filter((r) => r.resource.endsWith('connections'));
}

/** max_connections of an Aurora PostgreSQL class (catalog). */
function maxOf(instanceClass: string): number {
  const family = catalog.DbEngineFamily.AURORA_POSTGRESQL;
  return catalog.maxConnections(family, catalog.dbInstance(instanceClass, family)!)!.value;
}

const R7G_LARGE_MAX = maxOf('db.r7g.large');

describe('ReplicatedDatabase proxy: plan', () => {
  test('GIVEN no proxy option WHEN planned THEN the plan has no proxy', () => {
    expect(planReplicatedDatabase().proxy).toBeUndefined();
  });

  test('GIVEN proxy: {} on Aurora PostgreSQL WHEN planned THEN every default is explicit and secure', () => {
    // WHEN
    const plan = planReplicatedDatabase({ name: 'orders', instanceClass: 'db.r7g.large', proxy: {} });
    // THEN
    const pct = defaultProxyPercent(R7G_LARGE_MAX, plan.load.adminConnections, plan.sizing.warnMargin);
    expect(plan.proxy).toEqual({
      name: 'orders-proxy',
      engineFamily: DatabaseProxyEngineFamily.POSTGRESQL,
      maxConnectionsPercent: pct,
      maxIdleConnectionsPercent: Math.floor(pct / 2),
      connectionBorrowTimeoutSeconds: 120,
      requireTls: true,
      iamAuthentication: true,
      debugLogging: false,
      target: 'cluster',
    });
    // the default percentage is the largest that leaves the admin connections free within the warn margin
    const fits = (p: number): boolean => (proxyDatabaseConnections(R7G_LARGE_MAX, p) + plan.load.adminConnections) / R7G_LARGE_MAX
      <= plan.sizing.warnMargin + 1e-9;
    expect(pct).toBeLessThan(100);
    expect(fits(pct)).toBe(true);
    expect(fits(pct + 1)).toBe(false);
  });

  test('GIVEN RDS MySQL and every option WHEN planned THEN each is honoured and the proxy targets the writer', () => {
    const plan = planReplicatedDatabase({
      engine: DatabaseEngine.RDS_MYSQL,
      proxy: {
        maxConnectionsPercent: 60,
        maxIdleConnectionsPercent: 10,
        connectionBorrowTimeoutSeconds: 0,
        requireTls: false,
        iamAuthentication: false,
        debugLogging: true,
      },
    });
    expect(plan.proxy).toMatchObject({
      engineFamily: DatabaseProxyEngineFamily.MYSQL,
      maxConnectionsPercent: 60,
      maxIdleConnectionsPercent: 10,
      connectionBorrowTimeoutSeconds: 0,
      requireTls: false,
      iamAuthentication: false,
      debugLogging: true,
      target: 'writer',
    });
  });

  test('GIVEN proxy.enabled false WHEN planned THEN there is no proxy', () => {
    expect(planReplicatedDatabase({ proxy: { enabled: false } }).proxy).toBeUndefined();
  });

  test.each([
    [{ proxy: 'yes' }, 'proxy', 'an object of DatabaseProxyOptions'],
    [{ proxy: { enabled: 'yes' } }, 'proxy.enabled', 'true or false'],
    [{ proxy: { maxConnectionsPercent: 0 } }, 'proxy.maxConnectionsPercent', 'an integer from 1 to 100'],
    [{ proxy: { maxConnectionsPercent: 100.5 } }, 'proxy.maxConnectionsPercent', 'an integer from 1 to 100'],
    [{ proxy: { maxConnectionsPercent: 40, maxIdleConnectionsPercent: 41 } }, 'proxy.maxIdleConnectionsPercent', 'at most maxConnectionsPercent, 40'],
    [{ proxy: { connectionBorrowTimeoutSeconds: 301 } }, 'proxy.connectionBorrowTimeoutSeconds', 'an integer from 0 to 300'],
    [{ proxy: { requireTls: 1 } }, 'proxy.requireTls', 'true or false'],
    [{ proxy: { iamAuthentication: null } }, 'proxy.iamAuthentication', 'true or false'],
    [{ proxy: { debugLogging: 'no' } }, 'proxy.debugLogging', 'true or false'],
  ])('GIVEN %j WHEN planned THEN one ValidationError names %s', (options, prop, allowed) => {
    const issues = issuesOf(() => planReplicatedDatabase(options as ReplicatedDatabaseOptions));
    const issue = issues.find((i) => i.prop === prop);
    expect(issue).toBeDefined();
    expect(issue!.allowed).toContain(allowed);
  });

  test('GIVEN several bad proxy options WHEN planned THEN all come in one error', () => {
    const proxy = { maxConnectionsPercent: 0, connectionBorrowTimeoutSeconds: -1, debugLogging: 3 as unknown as boolean };
    const issues = issuesOf(() => planReplicatedDatabase({ proxy }));
    expect(issues.map((i) => i.prop)).toEqual(expect.arrayContaining(['proxy.maxConnectionsPercent', 'proxy.connectionBorrowTimeoutSeconds', 'proxy.debugLogging']));
  });

  test('GIVEN arbitrary proxy values WHEN planned THEN a plan or a ValidationError, never another error', () => {
    fc.assert(fc.property(fc.anything(), (proxy) => {
      try {
        planReplicatedDatabase({ proxy } as ReplicatedDatabaseOptions);
      } catch (e) {
        expect((e as Error).name).toBe('ValidationError');
      }
    }), { numRuns: 300 });
  });
});

describe('ReplicatedDatabase proxy: supplied plans', () => {
  const base = planReplicatedDatabase({ proxy: {} });
  test('GIVEN the planned proxy WHEN supplied THEN no issue', () => {
    expect(suppliedPlanIssues(BlockKind.REPLICATED_DATABASE, base, 'db')).toEqual([]);
  });
  test.each([
    ['maxConnectionsPercent', 101, 'plan.proxy.maxConnectionsPercent'],
    ['maxIdleConnectionsPercent', 100, 'plan.proxy.maxIdleConnectionsPercent'],
    ['connectionBorrowTimeoutSeconds', 3600, 'plan.proxy.connectionBorrowTimeoutSeconds'],
    ['engineFamily', 'MYSQL', 'plan.proxy.engineFamily'],
    ['target', 'writer', 'plan.proxy.target'],
    ['name', 'bad--name', 'plan.proxy.name'],
  ])('GIVEN proxy.%s = %j WHEN supplied THEN an issue names %s', (field, value, prop) => {
    const plan = { ...base, proxy: { ...base.proxy!, maxConnectionsPercent: 80, [field]: value } };
    const issues = suppliedPlanIssues(BlockKind.REPLICATED_DATABASE, plan, 'db');
    expect(issues.map((i) => i.prop)).toContain(prop);
  });
});

describe('ReplicatedDatabase proxy: connections rows', () => {
  // 536 workers with 2 connections each and 40 API tasks with 10: more than any db.r7g size admits? No: the fix says.
  const clients = [
    { name: 'api', count: 40, poolSize: 10, countFrom: 'api.scaling.maxTasks' },
    { name: 'queue.workers', count: 536, poolSize: 2, countFrom: 'queue.workers.maxWorkers' },
  ];

  test('GIVEN pools no class admits WHEN sized without a proxy THEN the fix is to enable the proxy, and enabling it passes', () => {
    // GIVEN: 20,000 x 10 connections, above the largest class's max_connections
    const big = [{ name: 'lambda', count: 20_000, poolSize: 10, countFrom: 'lambda.maxConcurrency' }];
    const options: ReplicatedDatabaseOptions = { instanceClass: 'db.r7g.large', readers: 1, load: { clients: big } };
    // WHEN
    const writer = row(connectionRows(options), 'writer connections');
    // THEN
    expect(writer.verdict).toBe(Verdict.FAIL);
    expect(writer.fix).toMatch(/^enable the proxy \(proxy: \{ enabled: true \}\)/);
    const after = connectionRows({ ...options, proxy: {} });
    expect(after.every((r) => r.verdict === Verdict.PASS)).toBe(true);
  });

  test('GIVEN the proxy WHEN sized THEN the writer sees at most maxConnectionsPercent of max_connections and the reason says so', () => {
    const plan = planReplicatedDatabase({ instanceClass: 'db.r7g.large', readers: 1, proxy: { maxConnectionsPercent: 50 }, load: { clients } });
    const writer = row(sizeReplicatedDatabase(plan), 'writer connections');
    expect(writer.demand).toBe(proxyDatabaseConnections(R7G_LARGE_MAX, 50) + plan.load.adminConnections);
    expect(writer.verdict).toBe(Verdict.PASS);
    expect(writer.reason).toContain('through RDS Proxy db-proxy');
    expect(writer.reason).toContain('= 1,472 on the writer');
  });

  test('GIVEN a proxy whose percentage leaves no room for administration WHEN sized THEN the row FAILs and the fix (a lower percentage) is exact', () => {
    // GIVEN: more client connections than max_connections, all of which the proxy may open
    const many = [{ name: 'queue.workers', count: 2000, poolSize: 2 }];
    const options: ReplicatedDatabaseOptions = { instanceClass: 'db.r7g.large', readers: 1, proxy: { maxConnectionsPercent: 100 }, load: { clients: many } };
    // WHEN
    const writer = row(connectionRows(options), 'writer connections');
    // THEN
    expect(writer.verdict).toBe(Verdict.FAIL);
    const m = /set proxy\.maxConnectionsPercent <= (\d+)/.exec(writer.fix ?? '');
    expect(m).not.toBeNull();
    const pct = Number(m![1]);
    const at = (p: number): Verdict => row(connectionRows({ ...options, proxy: { maxConnectionsPercent: p } }), 'writer connections').verdict;
    expect(at(pct)).toBe(Verdict.PASS);
    expect(at(pct + 1)).not.toBe(Verdict.PASS);
  });

  test('property: the proxy fix is exact (enabling it passes every connections row) and the proxy never raises the writer\'s connections', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ count: fc.integer({ min: 1, max: 5000 }), poolSize: fc.integer({ min: 1, max: 50 }) }), { minLength: 1, maxLength: 3 }),
      fc.constantFrom('db.r7g.large', 'db.r7g.xlarge', 'db.r7g.4xlarge'),
      fc.integer({ min: 1, max: 100 }),
      (cs, instanceClass, pct) => {
        const load = { clients: cs.map((c, i) => ({ name: `c${i}`, ...c })) };
        const options: ReplicatedDatabaseOptions = { instanceClass, readers: 1, load };
        const without = row(connectionRows(options), 'writer connections');
        if (without.fix?.startsWith('enable the proxy')) {
          expect(connectionRows({ ...options, proxy: {} }).every((r) => r.verdict === Verdict.PASS)).toBe(true);
        }
        const withProxy = row(connectionRows({ ...options, proxy: { maxConnectionsPercent: pct } }), 'writer connections');
        expect(withProxy.demand).toBeLessThanOrEqual(without.demand);
        const max = maxOf(instanceClass);
        expect(withProxy.demand).toBeLessThanOrEqual(proxyDatabaseConnections(max, pct) + planReplicatedDatabase(options).load.adminConnections);
      }), { numRuns: 200 });
  });

  test('property: a higher maxConnectionsPercent never improves the writer connections verdict', () => {
    const rank = { PASS: 0, WARN: 1, FAIL: 2 } as const;
    fc.assert(fc.property(fc.integer({ min: 100, max: 50_000 }), fc.integer({ min: 1, max: 99 }), (count, pct) => {
      const options = (p: number): ReplicatedDatabaseOptions => ({
        instanceClass: 'db.r7g.large',
        readers: 0,
        proxy: { maxConnectionsPercent: p },
        load: { clients: [{ name: 'api', count, poolSize: 1 }] },
      });
      const low = row(connectionRows(options(pct)), 'writer connections');
      const high = row(connectionRows(options(pct + 1)), 'writer connections');
      expect(rank[high.verdict]).toBeGreaterThanOrEqual(rank[low.verdict]);
    }), { numRuns: 200 });
  });
});
