import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { validationErrorOf } from './helpers';
import { BlockKind } from '../../../src/core/blocks/common';
import {
  DatabaseEngine, planReplicatedDatabase, replicatedDatabaseNotes, ReplicatedDatabaseOptions, ReplicatedDatabasePlan, SERVERLESS_V2_INSTANCE_CLASS,
  sizeReplicatedDatabase,
} from '../../../src/core/blocks/replicated-database';
import * as catalog from '../../../src/core/catalog';
import { ValidationError } from '../../../src/core/errors';
import { suppliedPlanIssues } from '../../../src/core/plan-rules';
import { SizingRow, Verdict } from '../../../src/core/sizing/report';
import { loadSpecFile, SpecError } from '../../../src/core/spec/loader';
import { planSystem, SystemSpec } from '../../../src/core/system';

// ReplicatedDatabase with Aurora Serverless v2: options -> plan, validation, sizing and its fixes.

function messageOf(fn: () => unknown): string {
  return validationErrorOf(fn).message;
}

function rowsOf(rows: SizingRow[], resource: string): SizingRow[] {
  return rows.filter((r) => (r.fixResource ?? r.resource) === resource);
}

/** The maximum a fix asks for: `raise serverlessV2.maxCapacityAcu to 19.5 ...` -> 19.5. */
function fixMax(fix: string | undefined): number {
  const m = /maxCapacityAcu to ([\d.]+)/.exec(fix ?? '');
  if (!m) throw new Error(`no maximum in fix: ${fix}`);
  return Number(m[1]);
}

function withMax(plan: ReplicatedDatabasePlan, maxCapacityAcu: number, minCapacityAcu = plan.serverlessV2!.minCapacityAcu): ReplicatedDatabasePlan {
  return { ...plan, serverlessV2: { ...plan.serverlessV2!, minCapacityAcu, maxCapacityAcu } };
}

describe('planReplicatedDatabase with serverlessV2', () => {
  test('GIVEN serverlessV2 {} WHEN planned THEN every instance is db.serverless, 0.5 to 8 ACUs (assumed), sized at 8 ACUs', () => {
    // WHEN
    const plan = planReplicatedDatabase({ serverlessV2: {} });
    // THEN
    expect(plan.serverlessV2).toEqual({ minCapacityAcu: 0.5, maxCapacityAcu: 8 });
    expect(plan.instanceClass).toBe(SERVERLESS_V2_INSTANCE_CLASS);
    expect(plan.instances.map((i) => i.instanceClass)).toEqual(plan.instances.map(() => 'db.serverless'));
    expect(plan.instanceMemoryGiB).toBe(16);
    expect(plan.instanceVcpu).toBe(8 * catalog.ASSUMED.serverlessV2VcpuPerAcu.value);
    expect(plan.assumed.map((a) => a.prop)).toContain('db.serverlessV2.maxCapacityAcu');
    expect(plan.assumed.map((a) => a.prop)).not.toContain('db.instanceClass');
    // Everything else stays as safe as a provisioned cluster.
    expect(plan.storage.encrypted).toBe(true);
    expect(plan.deletionProtection).toBe(true);
    expect(plan.backupRetentionDays).toBe(14);
  });

  test('GIVEN a provisioned plan WHEN planned THEN it has no serverlessV2', () => {
    expect(planReplicatedDatabase({}).serverlessV2).toBeUndefined();
  });

  test('GIVEN min 0 WHEN planned THEN auto-pause after 300 s, or the seconds given', () => {
    expect(planReplicatedDatabase({ serverlessV2: { minCapacityAcu: 0, maxCapacityAcu: 4 } }).serverlessV2)
      .toEqual({ minCapacityAcu: 0, maxCapacityAcu: 4, secondsUntilAutoPause: 300 });
    const serverlessV2 = { minCapacityAcu: 0, maxCapacityAcu: 4, secondsUntilAutoPause: 3600 };
    const mysql = planReplicatedDatabase({ engine: DatabaseEngine.AURORA_MYSQL, serverlessV2 });
    expect(mysql.serverlessV2).toEqual({ minCapacityAcu: 0, maxCapacityAcu: 4, secondsUntilAutoPause: 3600 });
  });

  test('GIVEN declared writes WHEN the maximum is left out THEN it is the smallest half-ACU step whose writer carries them', () => {
    // GIVEN 300 writes/s: at 100 writes/s per vCPU, 0.25 vCPU per ACU and a 70 % target
    const plan = planReplicatedDatabase({ serverlessV2: {}, readers: 1, load: { writesPerSecond: 300 } });
    const max = plan.serverlessV2!.maxCapacityAcu;
    // THEN it passes, and half an ACU less does not
    expect(max).toBeGreaterThan(8);
    expect(rowsOf(sizeReplicatedDatabase(plan), 'writer').every((r) => r.verdict === Verdict.PASS)).toBe(true);
    expect(rowsOf(sizeReplicatedDatabase(withMax(plan, max - 0.5)), 'writer').some((r) => r.verdict !== Verdict.PASS)).toBe(true);
  });

  test.each<[string, ReplicatedDatabaseOptions, RegExp]>([
    ['an RDS engine', { engine: DatabaseEngine.RDS_POSTGRESQL, serverlessV2: {} }, /serverlessV2 = \{\}: must be unset with RDS_POSTGRESQL: Aurora Serverless v2 is an Aurora engine's/],
    ['an instance class beside it', { instanceClass: 'db.r7g.large', serverlessV2: {} }, /instanceClass = "db.r7g.large": must be unset with serverlessV2/],
    ['a minimum off the half-ACU steps', { serverlessV2: { minCapacityAcu: 0.7 } }, /serverlessV2.minCapacityAcu = 0.7: must be ACUs from 0 to 256 in 0.5 ACU steps/],
    ['a maximum below 1', { serverlessV2: { maxCapacityAcu: 0.5 } }, /serverlessV2.maxCapacityAcu = 0.5: must be ACUs from 1 to 256 in 0.5 ACU steps/],
    ['a maximum above 256', { serverlessV2: { maxCapacityAcu: 256.5 } }, /serverlessV2.maxCapacityAcu = 256.5: must be ACUs from 1 to 256/],
    ['a maximum below the minimum', { serverlessV2: { minCapacityAcu: 8, maxCapacityAcu: 4 } }, /serverlessV2.maxCapacityAcu = 4: must be at least serverlessV2.minCapacityAcu \(8\)/],
    ['auto-pause without a minimum of 0', { serverlessV2: { minCapacityAcu: 1, secondsUntilAutoPause: 600 } }, /serverlessV2.secondsUntilAutoPause = 600: must be unset unless serverlessV2.minCapacityAcu is 0/],
    ['auto-pause out of range', { serverlessV2: { minCapacityAcu: 0, secondsUntilAutoPause: 100 } }, /serverlessV2.secondsUntilAutoPause = 100: must be an integer from 300 to 86,400 seconds/],
    ['not an object', { serverlessV2: 'yes' as any }, /serverlessV2 = "yes": must be an object of DatabaseServerlessV2Options/],
    ['a string capacity', { serverlessV2: { maxCapacityAcu: '8' as any } }, /serverlessV2.maxCapacityAcu = "8": must be ACUs from 1 to 256/],
  ])('GIVEN %s WHEN planned THEN one ValidationError names the prop, the value and what is allowed', (_, options, expected) => {
    expect(messageOf(() => planReplicatedDatabase(options))).toMatch(expected);
  });

  test('GIVEN arbitrary serverlessV2 options WHEN planned THEN a plan within the limits or a ValidationError, never another error', () => {
    const acu = fc.oneof(fc.constant(undefined), fc.integer({ min: -2, max: 520 }).map((k) => k / 2), fc.double(), fc.string() as fc.Arbitrary<any>);
    fc.assert(fc.property(acu, acu, fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 90_000 })), fc.boolean(), (min, max, pause, mysql) => {
      let plan: ReplicatedDatabasePlan;
      try {
        plan = planReplicatedDatabase({
          engine: mysql ? DatabaseEngine.AURORA_MYSQL : DatabaseEngine.AURORA_POSTGRESQL,
          serverlessV2: { minCapacityAcu: min, maxCapacityAcu: max, secondsUntilAutoPause: pause },
        });
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        return;
      }
      const s = plan.serverlessV2!;
      expect(s.minCapacityAcu).toBeGreaterThanOrEqual(0);
      expect(s.maxCapacityAcu).toBeGreaterThanOrEqual(Math.max(1, s.minCapacityAcu));
      expect(s.maxCapacityAcu).toBeLessThanOrEqual(256);
      expect((s.secondsUntilAutoPause !== undefined)).toBe(s.minCapacityAcu === 0);
      expect(suppliedPlanIssues(BlockKind.REPLICATED_DATABASE, plan, 'Db')).toEqual([]);
    }), { numRuns: 60 });
  });
});

describe('supplied ReplicatedDatabase plans with serverlessV2', () => {
  const plan = planReplicatedDatabase({ serverlessV2: { minCapacityAcu: 0, maxCapacityAcu: 16 } });
  const props = (p: unknown): string[] => suppliedPlanIssues(BlockKind.REPLICATED_DATABASE, p, 'Db').map((i) => i.prop);

  test('GIVEN the plan as made WHEN checked THEN no issue', () => {
    expect(suppliedPlanIssues(BlockKind.REPLICATED_DATABASE, plan, 'Db')).toEqual([]);
  });

  test.each<[string, string, (p: any) => any]>([
    ['a maximum below the minimum', 'plan.serverlessV2.maxCapacityAcu', (p) => ({ ...p, serverlessV2: { minCapacityAcu: 8, maxCapacityAcu: 4 } })],
    ['a maximum off the steps', 'plan.serverlessV2.maxCapacityAcu', (p) => ({ ...p, serverlessV2: { ...p.serverlessV2, maxCapacityAcu: 16.2 } })],
    ['a minimum of 0 without auto-pause seconds', 'plan.serverlessV2.secondsUntilAutoPause', (p) => ({ ...p, serverlessV2: { minCapacityAcu: 0, maxCapacityAcu: 4 } })],
    ['auto-pause with a minimum of 1', 'plan.serverlessV2.secondsUntilAutoPause', (p) => ({ ...p, serverlessV2: { ...p.serverlessV2, minCapacityAcu: 1 } })],
    ['a provisioned reader in a serverless plan', 'plan.instances[1].instanceClass', (p) => ({ ...p, instances: p.instances.map((i: any, k: number) => (k === 1 ? { ...i, instanceClass: 'db.r7g.large' } : i)) })],
    ['db.serverless without serverlessV2', 'plan.instanceClass', (p) => ({ ...p, serverlessV2: undefined })],
  ])('GIVEN %s WHEN checked THEN the issue names %s', (_, prop, change) => {
    expect(props(change(plan))).toContain(prop);
  });

  test('GIVEN serverlessV2 on an RDS plan WHEN checked THEN the issue names plan.serverlessV2', () => {
    const rds = planReplicatedDatabase({ engine: DatabaseEngine.RDS_MYSQL });
    expect(props({ ...rds, serverlessV2: plan.serverlessV2, instanceClass: 'db.serverless', instances: rds.instances.map((i) => ({ ...i, instanceClass: 'db.serverless' })) }))
      .toContain('plan.serverlessV2');
  });
});

describe('sizeReplicatedDatabase with serverlessV2', () => {
  test('GIVEN 4 ACUs on PostgreSQL WHEN sized THEN max_connections is AWS\'s Serverless v2 row (823), not a class formula', () => {
    const plan = planReplicatedDatabase({ serverlessV2: { minCapacityAcu: 1, maxCapacityAcu: 4 }, readers: 1, load: { connections: 700 } });
    const row = sizeReplicatedDatabase(plan).find((r) => r.resource === 'writer connections')!;
    expect(row.capacity).toBe(823);
    expect(row.verdict).toBe(Verdict.PASS);
  });

  test('GIVEN PostgreSQL with a 0.5 ACU minimum WHEN sized THEN max_connections is capped at 2,000 and the fix raises the minimum', () => {
    const plan = planReplicatedDatabase({ serverlessV2: { maxCapacityAcu: 64 }, readers: 1, load: { connections: 2500 } });
    const row = sizeReplicatedDatabase(plan).find((r) => r.resource === 'writer connections')!;
    expect(row.capacity).toBe(2000);
    expect(row.verdict).toBe(Verdict.FAIL);
    expect(row.fix).toMatch(/^raise serverlessV2.minCapacityAcu to 1 \(Aurora PostgreSQL caps max_connections at 2,000/);
    // Applying it passes.
    const fixed = withMax(plan, row.fix!.includes('maxCapacityAcu to') ? fixMax(row.fix) : 64, 1);
    expect(sizeReplicatedDatabase(fixed).find((r) => r.resource === 'writer connections')!.verdict).toBe(Verdict.PASS);
  });

  test('GIVEN too few ACUs for the writes WHEN sized THEN the fix is the exact maximum', () => {
    const plan = planReplicatedDatabase({ serverlessV2: { maxCapacityAcu: 4 }, readers: 1, load: { writesPerSecond: 300 } });
    const row = sizeReplicatedDatabase(plan).find((r) => r.resource === 'writer')!;
    expect(row.verdict).toBe(Verdict.FAIL);
    expect(row.reason).toMatch(/db.serverless \(1 vCPU, 8 GiB\)/);
    const max = fixMax(row.fix);
    expect(sizeReplicatedDatabase(withMax(plan, max)).find((r) => r.resource === 'writer')!.verdict).toBe(Verdict.PASS);
    expect(sizeReplicatedDatabase(withMax(plan, max - 0.5)).find((r) => r.resource === 'writer')!.verdict).not.toBe(Verdict.PASS);
  });

  test('GIVEN more writes than 256 ACUs carry WHEN sized THEN the fix says so and shards', () => {
    const plan = planReplicatedDatabase({ serverlessV2: { maxCapacityAcu: 256 }, readers: 1, load: { writesPerSecond: 10_000 } });
    const row = sizeReplicatedDatabase(plan).find((r) => r.resource === 'writer')!;
    expect(row.verdict).toBe(Verdict.FAIL);
    expect(row.fix).toBe('not even 256 ACUs (the largest maximum) carry it: shard the data (ShardedDatabase)');
  });

  test('GIVEN reads the readers cannot carry WHEN sized THEN the fix offers the maximum, or the readers count', () => {
    const plan = planReplicatedDatabase({ serverlessV2: { maxCapacityAcu: 4 }, readers: 2, load: { readsPerSecond: 1000 } });
    const rows = rowsOf(sizeReplicatedDatabase(plan), 'readers');
    const failing = rows.filter((r) => r.verdict !== Verdict.PASS);
    expect(failing.length).toBeGreaterThan(0);
    expect(new Set(failing.map((r) => r.fix)).size).toBe(1);
    expect(failing[0].fix).toMatch(/^raise serverlessV2.maxCapacityAcu to [\d.]+ \(has 4\): the smallest maximum at which it passes; or needs >= \d+ readers/);
  });

  test('property: every maximum-ACU fix is exact (applied: the resource passes; half an ACU less: it does not)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 2, max: 64 }).map((k) => k / 2), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 20_000 }),
      fc.integer({ min: 0, max: 6000 }), fc.integer({ min: 0, max: 3 }), fc.boolean(),
      (max, writes, reads, connections, readers, mysql) => {
        const plan = planReplicatedDatabase({
          engine: mysql ? DatabaseEngine.AURORA_MYSQL : DatabaseEngine.AURORA_POSTGRESQL,
          serverlessV2: { minCapacityAcu: 1, maxCapacityAcu: max },
          readers,
          load: { writesPerSecond: writes, readsPerSecond: reads, connections },
        });
        const rows = sizeReplicatedDatabase(plan);
        for (const r of rows) {
          if (r.verdict === Verdict.PASS || !/^raise serverlessV2.maxCapacityAcu/.test(r.fix ?? '')) continue;
          const resource = r.fixResource ?? r.resource;
          const n = fixMax(r.fix);
          expect(rowsOf(sizeReplicatedDatabase(withMax(plan, n)), resource).every((x) => x.verdict === Verdict.PASS)).toBe(true);
          expect(rowsOf(sizeReplicatedDatabase(withMax(plan, n - 0.5)), resource).some((x) => x.verdict !== Verdict.PASS)).toBe(true);
        }
      }), { numRuns: 40 });
  });

  test('property: more maximum ACUs never worsen a capacity row', () => {
    const rank = { [Verdict.PASS]: 0, [Verdict.WARN]: 1, [Verdict.FAIL]: 2 } as Record<string, number>;
    fc.assert(fc.property(fc.integer({ min: 2, max: 300 }).map((k) => k / 2), fc.integer({ min: 1, max: 40 }).map((k) => k / 2),
      fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 6000 }),
      (max, more, writes, reads, connections) => {
        const load = { writesPerSecond: writes, readsPerSecond: reads, connections };
        const plan = planReplicatedDatabase({ serverlessV2: { maxCapacityAcu: max }, readers: 2, load });
        const bigger = Math.min(256, max + more);
        const a = sizeReplicatedDatabase(plan);
        const b = sizeReplicatedDatabase(withMax(plan, bigger));
        a.forEach((r, i) => expect(rank[b[i].verdict]).toBeLessThanOrEqual(rank[r.verdict]));
      }), { numRuns: 40 });
  });
});

describe('serverlessV2 in a system spec file', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-serverless-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const spec = (serverless: string): string => [
    'name: shop', 'region: eu-west-1', 'load:', '  peakRequestsPerSecond: 100', 'api:', '  allowPlainHttp: true', 'database:', `  serverlessV2: ${serverless}`, '',
  ].join('\n');

  test('GIVEN a spec whose database is Serverless v2 WHEN planned THEN the system\'s database plan carries the scaling', () => {
    const system = planSystem(loadSpecFile(write('ok.yaml', spec('{ minCapacityAcu: 0.5, maxCapacityAcu: 32 }'))).data as SystemSpec);
    expect(system.database?.serverlessV2).toEqual({ minCapacityAcu: 0.5, maxCapacityAcu: 32 });
    expect(system.database?.instances.every((i) => i.instanceClass === 'db.serverless')).toBe(true);
  });

  test('GIVEN a maximum below the minimum in a spec WHEN planned THEN one ValidationError names the database prop', () => {
    const data = loadSpecFile(write('bad.yaml', spec('{ minCapacityAcu: 8, maxCapacityAcu: 4 }'))).data as SystemSpec;
    expect(messageOf(() => planSystem(data))).toMatch(/serverlessV2.maxCapacityAcu = 4: must be at least serverlessV2.minCapacityAcu \(8\)/);
  });

  test('GIVEN a capacity that is not a number in a spec WHEN loaded THEN the schema names it', () => {
    expect(() => loadSpecFile(write('type.yaml', spec('{ maxCapacityAcu: lots }')))).toThrow(SpecError);
    try {
      loadSpecFile(write('type2.yaml', spec('{ maxCapacityAcu: lots }')));
    } catch (e) {
      expect((e as SpecError).problems.map((p) => p.path)).toEqual(expect.arrayContaining([expect.stringMatching(/database\.serverlessV2\.maxCapacityAcu/)]));
    }
  });
});

describe('replicatedDatabaseNotes with serverlessV2', () => {
  test('GIVEN auto-pause WHEN noted THEN the range and the pause are said; a provisioned plan says neither', () => {
    const serverlessV2 = { minCapacityAcu: 0, maxCapacityAcu: 16, secondsUntilAutoPause: 600 };
    const notes = replicatedDatabaseNotes(planReplicatedDatabase({ serverlessV2 }));
    expect(notes).toEqual(expect.arrayContaining([
      expect.stringMatching(/^db: Aurora Serverless v2, every instance db.serverless scaling from 0 to 16 ACUs/),
      'db: auto-pause: an instance idle for 600 s pauses, and the first connection after waits for it to resume',
    ]));
    expect(replicatedDatabaseNotes(planReplicatedDatabase({})).filter((n) => /Serverless|auto-pause/.test(n))).toEqual([]);
  });
});
