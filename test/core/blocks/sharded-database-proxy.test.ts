import fc from 'fast-check';
import { issuesOf } from './helpers';
import { BlockKind } from '../../../src/core/blocks/common';
import { ShardedDatabaseOptions, planShardedDatabase, sizeShardedDatabase } from '../../../src/core/blocks/sharded-database';
import { DatabaseAttribute, WiredBlock, WiringPermission } from '../../../src/core/blocks/shared/wiring';
import { Errors } from '../../../src/core/errors';
import { suppliedPlanIssues } from '../../../src/core/plan-rules';
import { ShardingStrategy } from '../../../src/core/router';
import { SizingRow, Verdict } from '../../../src/core/sizing/report';
import { planSystem } from '../../../src/core/system';

/*
 * RDS Proxy on the shards of a ShardedDatabase: `shardDefaults.proxy` for every shard, `shards[i].proxy`
 * over it for one; each shard's plan carries its proxy, the check sizes the shard's connections
 * through it, and a system wires its consumers through each local shard's proxy.
 */

const LARGE = 'db.r7g.large';

function writerConnections(options: ShardedDatabaseOptions): SizingRow[] {
  return sizeShardedDatabase(planShardedDatabase(options)).filter((r) => r.resource === 'writer connections');
}

describe('ShardedDatabase proxy: plan', () => {
  test('GIVEN no proxy option WHEN planned THEN no shard has a proxy', () => {
    expect(planShardedDatabase({ shardCount: 2 }).shards.map((s) => s.database.proxy)).toEqual([undefined, undefined]);
  });

  test('GIVEN shardDefaults.proxy WHEN planned THEN every shard has its own proxy, named after the shard', () => {
    const plan = planShardedDatabase({ name: 'orders', shardCount: 3, shardDefaults: { instanceClass: LARGE, proxy: { connectionBorrowTimeoutSeconds: 30 } } });
    expect(plan.shards.map((s) => s.database.proxy?.name)).toEqual(['orders-shard-0-proxy', 'orders-shard-1-proxy', 'orders-shard-2-proxy']);
    for (const s of plan.shards) {
      expect(s.database.proxy).toMatchObject({ engineFamily: 'POSTGRESQL', target: 'cluster', connectionBorrowTimeoutSeconds: 30, requireTls: true, iamAuthentication: true });
    }
  });

  test('GIVEN shards[i].proxy over shardDefaults WHEN planned THEN the shard\'s options win, one level deep', () => {
    const plan = planShardedDatabase({
      shardCount: 3,
      shardDefaults: { instanceClass: LARGE, proxy: { maxConnectionsPercent: 50 } },
      shards: [{}, { proxy: { enabled: false } }, { proxy: { maxIdleConnectionsPercent: 5 } }],
    });
    expect(plan.shards[0].database.proxy).toMatchObject({ maxConnectionsPercent: 50, maxIdleConnectionsPercent: 25 });
    expect(plan.shards[1].database.proxy).toBeUndefined();
    expect(plan.shards[2].database.proxy).toMatchObject({ maxConnectionsPercent: 50, maxIdleConnectionsPercent: 5 });
  });

  test('GIVEN a proxy on one RANGE shard only WHEN planned THEN only that shard has one', () => {
    const plan = planShardedDatabase({ strategy: ShardingStrategy.RANGE, shards: [{ rangeStart: '' }, { rangeStart: 'm', proxy: {} }] });
    expect(plan.shards.map((s) => s.database.proxy !== undefined)).toEqual([false, true]);
  });

  test('GIVEN bad proxy options on the defaults and on a shard WHEN planned THEN one error names each where it was set', () => {
    const issues = issuesOf(() => planShardedDatabase({
      shardCount: 2,
      shardDefaults: { proxy: { connectionBorrowTimeoutSeconds: 301 } },
      shards: [{}, { proxy: 'yes' as never }],
    }));
    expect(issues.map((i) => [i.prop, i.value])).toEqual(expect.arrayContaining([
      ['shardDefaults.proxy.connectionBorrowTimeoutSeconds', '301'],
      ['shards[1].proxy', '"yes"'],
    ]));
  });

  test('property: arbitrary proxy values on shards either plan or throw ValidationError', () => {
    const anything = fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.dictionary(fc.string(), fc.anything(), { maxKeys: 2 }));
    const proxy = fc.oneof(fc.constant(undefined), anything, fc.record({
      maxConnectionsPercent: fc.oneof(fc.integer({ min: -5, max: 120 }), anything),
      enabled: fc.oneof(fc.boolean(), anything),
    }, { requiredKeys: [] }));
    fc.assert(fc.property(proxy, proxy, (d, s) => {
      try {
        planShardedDatabase({ shardCount: 2, shardDefaults: { proxy: d } as never, shards: [{ proxy: s } as never] });
        return true;
      } catch (e) {
        return Errors.isValidationError(e);
      }
    }), { numRuns: 100 });
  });
});

describe('ShardedDatabase proxy: connections rows', () => {
  const load = { connections: 3000 } as ShardedDatabaseOptions['load'];

  test('GIVEN pools a shard\'s writer cannot admit WHEN sized without a proxy THEN each shard\'s fix names the proxy where a ShardedDatabase sets it, and setting it passes', () => {
    const rows = writerConnections({ shardCount: 2, shardDefaults: { instanceClass: LARGE }, load });
    expect(rows).toHaveLength(2);
    rows.forEach((r, i) => {
      expect(r.verdict).toBe(Verdict.FAIL);
      expect(r.fix).toContain(`enable the proxy (shardDefaults.proxy: {} for every shard, or shards[${i}].proxy: {} for this one)`);
      expect(r.fix).not.toContain('proxy: { enabled: true }');
    });
    const proxied = writerConnections({ shardCount: 2, shardDefaults: { instanceClass: LARGE, proxy: {} }, load });
    expect(proxied.every((r) => r.verdict === Verdict.PASS)).toBe(true);
    // On one shard only: that shard passes, the other still fails.
    const one = writerConnections({ shardCount: 2, shardDefaults: { instanceClass: LARGE }, shards: [{ proxy: {} }], load });
    expect(one.map((r) => r.verdict)).toEqual([Verdict.PASS, Verdict.FAIL]);
  });

  test('GIVEN shard proxies WHEN sized THEN each shard\'s row says its clients go through its proxy', () => {
    const rows = writerConnections({ name: 'orders', shardCount: 2, shardDefaults: { instanceClass: LARGE, proxy: {} }, load });
    expect(rows.map((r) => r.block)).toEqual(['orders/shard-0', 'orders/shard-1']);
    rows.forEach((r, i) => expect(r.reason).toContain(`through RDS Proxy orders-shard-${i}-proxy`));
  });
});

describe('ShardedDatabase proxy: supplied plans', () => {
  const base = planShardedDatabase({ shardCount: 2, shardDefaults: { proxy: {} } });

  test('GIVEN the planned proxies WHEN supplied THEN no issue', () => {
    expect(suppliedPlanIssues(BlockKind.SHARDED_DATABASE, base, 'db')).toEqual([]);
  });

  test('GIVEN two shards of one Region naming the same proxy WHEN supplied THEN an issue names the second', () => {
    const shards = base.shards.map((s) => ({ ...s, database: { ...s.database, proxy: { ...s.database.proxy!, name: 'same-proxy' } } }));
    const issues = suppliedPlanIssues(BlockKind.SHARDED_DATABASE, { ...base, shards }, 'db');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ prop: 'plan.shards[1].database.proxy.name' });
  });

  test('GIVEN a shard proxy with a bad setting WHEN supplied THEN the replicated database\'s rules name it under the shard', () => {
    const shards = base.shards.map((s, i) => (i === 0 ? { ...s, database: { ...s.database, proxy: { ...s.database.proxy!, target: 'writer' } } } : s));
    expect(suppliedPlanIssues(BlockKind.SHARDED_DATABASE, { ...base, shards }, 'db').map((i) => i.prop)).toContain('plan.shards[0].database.proxy.target');
  });
});

describe('ShardedDatabase proxy: system wiring', () => {
  test('GIVEN shard proxies in a system WHEN planned THEN the API is admitted on each local shard\'s proxy and may connect to it with IAM', () => {
    const plan = planSystem({
      name: 'shop',
      region: 'us-east-1',
      load: { peakRequestsPerSecond: 100 },
      api: { allowPlainHttp: true },
      shardedDatabase: { strategy: ShardingStrategy.GEOGRAPHIC, shardDefaults: { proxy: {} } },
    });
    const w = plan.api!.wiring!;
    // Only the US shard is in the system's Region.
    expect(w.ingress).toEqual(expect.arrayContaining([
      { block: WiredBlock.SHARDED_DATABASE, port: 5432, shardId: 'us' },
      { block: WiredBlock.DATABASE_PROXY, port: 5432, shardId: 'us' },
    ]));
    expect(w.ingress.filter((i) => i.block === WiredBlock.DATABASE_PROXY)).toHaveLength(1);
    expect(w.grants).toContainEqual({ block: WiredBlock.DATABASE_PROXY, permission: WiringPermission.DATABASE_PROXY_CONNECT, shardId: 'us' });
    expect(w.environment.SHARD_MAP_PARAMETER).toEqual({ block: WiredBlock.SHARDED_DATABASE, attribute: DatabaseAttribute.SHARD_MAP_PARAMETER_NAME });
    expect(suppliedPlanIssues(BlockKind.LOAD_BALANCED_API, plan.api, 'api')).toEqual([]);
  });

  test('GIVEN shard proxies without IAM authentication WHEN planned THEN the consumer is admitted but granted no proxy connect', () => {
    const plan = planSystem({
      name: 'shop',
      load: { peakRequestsPerSecond: 100 },
      api: { allowPlainHttp: true },
      shardedDatabase: { shardCount: 2, shardDefaults: { proxy: { iamAuthentication: false } } },
    });
    const w = plan.api!.wiring!;
    expect(w.ingress.filter((i) => i.block === WiredBlock.DATABASE_PROXY).map((i) => i.shardId)).toEqual(['shard-0', 'shard-1']);
    expect(w.grants.filter((g) => g.block === WiredBlock.DATABASE_PROXY)).toEqual([]);
  });

  test('GIVEN a supplied wiring with a shard proxy entry WHEN checked THEN a shardId is needed only as an id, and DATABASE_PROXY alone stays the database\'s', () => {
    const plan = planSystem({
      name: 'shop',
      load: { peakRequestsPerSecond: 100 },
      api: { allowPlainHttp: true },
      shardedDatabase: { shardCount: 2, shardDefaults: { proxy: {} } },
    });
    const api = plan.api!;
    const bad = { ...api, wiring: { ...api.wiring!, ingress: api.wiring!.ingress.map((i) => (i.block === WiredBlock.DATABASE_PROXY ? { ...i, shardId: '' } : i)) } };
    expect(suppliedPlanIssues(BlockKind.LOAD_BALANCED_API, bad, 'api').map((i) => i.prop)).toContain('plan.wiring.ingress[2].shardId');
  });
});
