import fc from 'fast-check';
import { issuesOf, RANK } from './helpers';
import { BlockKind } from '../../../src/core/blocks/common';
import {
  DatabaseEngine, DatabaseStorageKind, planReplicatedDatabase, replicatedDatabaseNotes, ReplicatedDatabaseOptions, sizeReplicatedDatabase,
  STORAGE_PERFORMANCE_RESOURCE, storageIops,
} from '../../../src/core/blocks/replicated-database';
import { planShardedDatabase, sizeShardedDatabase } from '../../../src/core/blocks/sharded-database';
import * as catalog from '../../../src/core/catalog';
import { suppliedPlanIssues } from '../../../src/core/plan-rules';
import { resourceFixes, Scenario, SizingRow, Verdict } from '../../../src/core/sizing/report';

/** The options a storage performance fix sets, read from its text. */
function applyFix(fix: string): Partial<ReplicatedDatabaseOptions> {
  const num = (re: RegExp): number | undefined => {
    const m = re.exec(fix);
    return m ? Number(m[1].replace(/,/g, '')) : undefined;
  };
  const cls = /instanceClass (db\.[a-z0-9]+\.[a-z0-9]+)/.exec(fix);
  return {
    ...(num(/allocatedStorageGiB >= ([\d,]+)/) !== undefined ? { allocatedStorageGiB: num(/allocatedStorageGiB >= ([\d,]+)/) } : {}),
    ...(num(/maxAllocatedStorageGiB >= ([\d,]+)/) !== undefined ? { maxAllocatedStorageGiB: num(/maxAllocatedStorageGiB >= ([\d,]+)/) } : {}),
    ...(num(/storageIops >= ([\d,]+)/) !== undefined ? { storageIops: num(/storageIops >= ([\d,]+)/) } : {}),
    ...(num(/storageThroughputMiBps >= ([\d,]+)/) !== undefined ? { storageThroughputMiBps: num(/storageThroughputMiBps >= ([\d,]+)/) } : {}),
    ...(/storageType IO2/.test(fix) ? { storageType: DatabaseStorageKind.IO2 } : {}),
    ...(cls ? { instanceClass: cls[1] } : {}),
  };
}

/*
 * Storage IOPS and throughput of the RDS gp3 volumes, the Aurora I/O rate note, and the storage
 * I/O assumptions of the load (issue 16 item 6).
 */

const perf = (rows: SizingRow[]): SizingRow[] => rows.filter((r) => r.resource === STORAGE_PERFORMANCE_RESOURCE);
const allPass = (rows: SizingRow[]): boolean => perf(rows).every((r) => r.verdict === Verdict.PASS);

/** An RDS PostgreSQL database of a fixed class (so the load does not pick it), with the storage options given. */
function rds(o: Partial<ReplicatedDatabaseOptions> = {}, load: ReplicatedDatabaseOptions['load'] = {}) {
  return planReplicatedDatabase({ engine: DatabaseEngine.RDS_POSTGRESQL, instanceClass: 'db.r7g.4xlarge', readers: 2, azCount: 3, ...o, load });
}

describe('storage I/O assumptions of the load', () => {
  test('GIVEN no storage I/O figures WHEN planned THEN the catalog\'s are used and listed as assumed, the I/O size by engine', () => {
    // WHEN
    const pg = rds();
    const my = rds({ engine: DatabaseEngine.RDS_MYSQL });
    // THEN
    expect(pg.load).toMatchObject({ storageIosPerWrite: 3, bufferHitRatio: 0.95, ioSizeKiB: 8 });
    expect(my.load.ioSizeKiB).toBe(16);
    const assumed = Object.fromEntries(pg.assumed.map((a) => [a.prop, a.value]));
    expect(assumed).toMatchObject({ 'db.load.storageIosPerWrite': '3 I/Os per write', 'db.load.bufferHitRatio': '0.95', 'db.load.ioSizeKiB': '8 KiB per I/O' });
    expect(pg.assumed.find((a) => a.prop === 'db.load.storageIosPerWrite')!.reason).toMatch(/set load\.storageIosPerWrite$/);
    expect(catalog.ASSUMED.dbStorageIosPerWrite.source.url).toMatch(/^https:\/\//);
  });

  test('GIVEN measured figures WHEN planned THEN they are used and not listed as assumed', () => {
    const plan = rds({}, { storageIosPerWrite: 1.5, bufferHitRatio: 0.999, ioSizeKiB: 16 });
    expect(plan.load).toMatchObject({ storageIosPerWrite: 1.5, bufferHitRatio: 0.999, ioSizeKiB: 16 });
    expect(plan.assumed.map((a) => a.prop)).not.toEqual(expect.arrayContaining(['db.load.storageIosPerWrite']));
    expect(plan.assumed.map((a) => a.prop).filter((p) => /storageIos|bufferHit|ioSize/.test(p))).toEqual([]);
  });

  test.each([
    ['load.storageIosPerWrite', { storageIosPerWrite: 0 }, 'greater than 0'],
    ['load.storageIosPerWrite', { storageIosPerWrite: 'many' }, 'greater than 0'],
    ['load.bufferHitRatio', { bufferHitRatio: 1.5 }, 'fraction'],
    ['load.bufferHitRatio', { bufferHitRatio: -0.1 }, 'fraction'],
    ['load.ioSizeKiB', { ioSizeKiB: 4096 }, 'at most 1,024'],
  ])('GIVEN %s = %j WHEN planned THEN one ValidationError names the prop and what is allowed', (prop, load, allowed) => {
    const issues = issuesOf(() => rds({}, load as ReplicatedDatabaseOptions['load']));
    const issue = issues.find((i) => i.prop === prop);
    expect(issue).toBeDefined();
    expect(issue!.allowed).toContain(allowed);
  });

  test('GIVEN every bad storage I/O figure at once WHEN planned THEN all come together', () => {
    const issues = issuesOf(() => rds({}, { storageIosPerWrite: -1, bufferHitRatio: 2, ioSizeKiB: 0 }));
    expect(issues.map((i) => i.prop)).toEqual(expect.arrayContaining(['load.storageIosPerWrite', 'load.bufferHitRatio', 'load.ioSizeKiB']));
  });

  test('GIVEN a ShardedDatabase load with storage I/O figures WHEN planned THEN every shard carries them', () => {
    const plan = planShardedDatabase({
      shardCount: 2, shardDefaults: { engine: DatabaseEngine.RDS_POSTGRESQL }, load: { storageIosPerWrite: 2, bufferHitRatio: 0.99 },
    });
    for (const s of plan.shards) expect(s.database.load).toMatchObject({ storageIosPerWrite: 2, bufferHitRatio: 0.99 });
  });
});

describe('storage performance rows (RDS gp3)', () => {
  test('GIVEN 600 writes/s and 10,000 reads/s on 2 readers of 100 GiB WHEN sized THEN IOPS and MiB/s rows per volume, against the 3,000 IOPS baseline', () => {
    // GIVEN
    const plan = rds({ allocatedStorageGiB: 100 }, { writesPerSecond: 600, readsPerSecond: 10_000 });
    // WHEN
    const rows = perf(sizeReplicatedDatabase(plan));
    // THEN: writer 600 x 3 = 1,800 IOPS; each reader 1,800 + 5,000 x 5 % = 2,050; one AZ lost leaves 1 reader: 1,800 + 500 = 2,300
    const iops = rows.filter((r) => r.metric === 'IOPS');
    expect(iops.map((r) => [r.scenario, Math.round(r.demand * 1e6) / 1e6, r.capacity])).toEqual([
      [Scenario.NORMAL, 1800, 3000], [Scenario.NORMAL, 2050, 3000], [Scenario.AZ_LOSS, 2300, 3000],
    ]);
    expect(iops.map((r) => r.verdict)).toEqual([Verdict.PASS, Verdict.WARN, Verdict.PASS]);
    const mibps = rows.filter((r) => r.metric === 'MiB/s');
    [1800, 2050, 2300].forEach((x, k) => expect(mibps[k].demand).toBeCloseTo(x * 8 / 1024, 9));
    expect(mibps.every((r) => r.capacity === 125 && r.verdict === Verdict.PASS)).toBe(true);
    expect(iops[1].reason).toContain('each reader');
    expect(iops[1].reason).toContain('db.r7g.4xlarge sustains 20,000 IOPS to EBS (baseline; 40,000 in bursts of at most 30 minutes a day): the volume binds');
    expect(iops[0].sources).toEqual(expect.arrayContaining(['catalog.RDS_GP3_BASELINE', 'catalog.ASSUMED.dbStorageIosPerWrite']));
    // One fix for the resource: the higher baseline at 400 GiB.
    expect(iops[1].fix).toMatch(/^set allocatedStorageGiB >= 400: the gp3 baseline rises from 3,000 IOPS/);
    expect(resourceFixes(sizeReplicatedDatabase(plan)).filter((f) => f.resource === STORAGE_PERFORMANCE_RESOURCE)).toHaveLength(1);
  });

  test('GIVEN the fix applied WHEN sized THEN every storage performance row passes; one GiB less does not', () => {
    const load = { writesPerSecond: 600, readsPerSecond: 10_000 };
    expect(allPass(sizeReplicatedDatabase(rds({ allocatedStorageGiB: 400 }, load)))).toBe(true);
    expect(allPass(sizeReplicatedDatabase(rds({ allocatedStorageGiB: 399 }, load)))).toBe(false);
    expect(perf(sizeReplicatedDatabase(rds({ allocatedStorageGiB: 400 }, load))).find((r) => r.metric === 'IOPS')!.capacity).toBe(12_000);
  });

  test('GIVEN a ceiling below 10 % above 400 GiB WHEN the fix is given THEN it names the ceiling too', () => {
    const plan = rds({ allocatedStorageGiB: 100, maxAllocatedStorageGiB: 200 }, { writesPerSecond: 900 });
    expect(perf(sizeReplicatedDatabase(plan)).find((r) => r.verdict !== Verdict.PASS)!.fix)
      .toMatch(/^set allocatedStorageGiB >= 400 and maxAllocatedStorageGiB >= 441:/);
  });

  test('GIVEN more writes than the 12,000 IOPS baseline carries WHEN sized THEN FAIL, and the fix provisions gp3 IOPS', () => {
    const plan = rds({ allocatedStorageGiB: 500, instanceClass: 'db.r7g.16xlarge' }, { writesPerSecond: 5_000 });
    const rows = perf(sizeReplicatedDatabase(plan));
    expect(rows[0]).toMatchObject({ verdict: Verdict.FAIL, demand: 15_000, capacity: 12_000 });
    // 15,000 IOPS / (0.7 x 0.9) = 23,810 to PASS
    expect(rows[0].fix).toBe('set storageIops >= 23,810 and storageThroughputMiBps >= 500 (gp3 provisioned: 12,000..64,000 IOPS, 500..4,000 MiB/s, from 400 GiB)');
    expect(allPass(sizeReplicatedDatabase(rds({ allocatedStorageGiB: 500, instanceClass: 'db.r7g.16xlarge', storageIops: 23_810, storageThroughputMiBps: 500 },
      { writesPerSecond: 5_000 })))).toBe(true);
    expect(allPass(sizeReplicatedDatabase(rds({ allocatedStorageGiB: 500, instanceClass: 'db.r7g.16xlarge', storageIops: 23_809, storageThroughputMiBps: 500 },
      { writesPerSecond: 5_000 })))).toBe(false);
  });

  test('GIVEN no readers WHEN sized THEN the reads that miss the buffer land on the writer\'s volume', () => {
    const plan = rds({ readers: 0, allocatedStorageGiB: 100 }, { writesPerSecond: 100, readsPerSecond: 20_000 });
    const rows = perf(sizeReplicatedDatabase(plan)).filter((r) => r.metric === 'IOPS');
    expect(rows[0].demand).toBeCloseTo(300 + 1_000, 9);
    expect(rows.find((r) => r.scenario === Scenario.AZ_LOSS)!.reason).toContain('no reader left');
  });

  test('GIVEN a chain demand and reads that only arrive on an AZ loss WHEN sized THEN the rows use them', () => {
    const plan = rds({ allocatedStorageGiB: 100 }, { writesPerSecond: 10 });
    const rows = perf(sizeReplicatedDatabase(plan, { writesPerSecond: 200, readsPerSecond: 4_000, extraReadsPerSecondOnAzLoss: 2_000 }))
      .filter((r) => r.metric === 'IOPS');
    [600, 600 + 100, 600 + 300].forEach((x, k) => expect(rows[k].demand).toBeCloseTo(x, 9));
  });

  test('GIVEN Aurora WHEN sized THEN no storage performance row; the notes give the I/O rate and why it is not checked', () => {
    const plan = planReplicatedDatabase({ instanceClass: 'db.r7g.4xlarge', load: { writesPerSecond: 500, readsPerSecond: 10_000 } });
    expect(perf(sizeReplicatedDatabase(plan))).toEqual([]);
    const note = replicatedDatabaseNotes(plan).find((n) => n.includes('Aurora I/O rate'));
    expect(note).toBe('db: Aurora I/O rate about 2,000 I/Os/s (500 writes/s x 3 I/Os + 10,000 reads/s x 5 % that miss the buffer pool); '
      + 'not checked: Aurora has no provisioned IOPS, and the catalog has no sourced figure of the I/Os db.r7g.4xlarge can push');
    expect(storageIops(plan.load, 500, 10_000)).toBeCloseTo(2_000, 9);
    expect(replicatedDatabaseNotes(planReplicatedDatabase()).some((n) => n.includes('Aurora I/O rate'))).toBe(false);
  });

  test('GIVEN a plan without the storage I/O figures (recorded by an older version) WHEN sized THEN one WARN says they are not checked', () => {
    const plan = rds({ allocatedStorageGiB: 100 }, { writesPerSecond: 100 });
    const { storageIosPerWrite: _s, bufferHitRatio: _b, ioSizeKiB: _i, ...load } = plan.load;
    const rows = perf(sizeReplicatedDatabase({ ...plan, load: load as typeof plan.load }));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ verdict: Verdict.WARN, fix: 'synthesize again with this version of scaleblocks' });
  });

  test('GIVEN a HASH ShardedDatabase of RDS shards WHEN sized THEN each shard has its storage rows for its share', () => {
    const plan = planShardedDatabase({
      shardCount: 4,
      shardDefaults: { engine: DatabaseEngine.RDS_POSTGRESQL, instanceClass: 'db.r7g.4xlarge', allocatedStorageGiB: 100 },
      load: { writesPerSecond: 4_000, skewFactor: 1 },
    });
    const rows = perf(sizeShardedDatabase(plan)).filter((r) => r.metric === 'IOPS' && r.scenario === Scenario.NORMAL && r.reason.includes('the writer'));
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r.demand).toBe(1_000 * 3);
    expect(rows[0].verdict).toBe(Verdict.FAIL);
    expect(rows[0].fix).toMatch(/^set allocatedStorageGiB >= 400/);
  });
});

describe('storage performance laws', () => {
  const arb = fc.record({
    readers: fc.integer({ min: 0, max: 4 }),
    azCount: fc.integer({ min: 2, max: 3 }),
    allocated: fc.integer({ min: 20, max: 1_500 }),
    iosPerWrite: fc.double({ min: 0.5, max: 8, noNaN: true }),
    hit: fc.double({ min: 0, max: 1, noNaN: true }),
    mysql: fc.boolean(),
  });
  type G = { readers: number; azCount: number; allocated: number; iosPerWrite: number; hit: number; mysql: boolean };
  const plan = (g: G, allocated = g.allocated) => rds({
    engine: g.mysql ? DatabaseEngine.RDS_MYSQL : DatabaseEngine.RDS_POSTGRESQL,
    readers: g.readers,
    azCount: g.azCount,
    allocatedStorageGiB: allocated,
    maxAllocatedStorageGiB: Math.max(1_000, Math.ceil(allocated * 1.1)),
  }, { storageIosPerWrite: g.iosPerWrite, bufferHitRatio: g.hit });
  const planWith = (g: G, o: Partial<ReplicatedDatabaseOptions>) => {
    const allocated = o.allocatedStorageGiB ?? g.allocated;
    return rds({
      engine: g.mysql ? DatabaseEngine.RDS_MYSQL : DatabaseEngine.RDS_POSTGRESQL,
      readers: g.readers,
      azCount: g.azCount,
      maxAllocatedStorageGiB: Math.max(1_000, Math.ceil(allocated * 1.1)),
      ...o,
      allocatedStorageGiB: allocated,
    }, { storageIosPerWrite: g.iosPerWrite, bufferHitRatio: g.hit });
  };
  const rank = (rows: SizingRow[]): number[] => perf(rows).map((r) => RANK[r.verdict]);
  const writesArb = fc.double({ min: 0, max: 6_000, noNaN: true });
  const readsArb = fc.double({ min: 0, max: 200_000, noNaN: true });

  test('more writes (or reads) never improve a row', () => {
    fc.assert(fc.property(arb, writesArb, writesArb, readsArb, readsArb, (g, w1, w2, r1, r2) => {
      const p = plan(g);
      const less = rank(sizeReplicatedDatabase(p, { writesPerSecond: Math.min(w1, w2), readsPerSecond: Math.min(r1, r2) }));
      const more = rank(sizeReplicatedDatabase(p, { writesPerSecond: Math.max(w1, w2), readsPerSecond: Math.max(r1, r2) }));
      expect(more.length).toBe(less.length);
      more.forEach((v, k) => expect(v).toBeGreaterThanOrEqual(less[k]));
    }), { numRuns: 80 });
  });

  test('more allocated storage never worsens a row', () => {
    fc.assert(fc.property(arb, fc.integer({ min: 1, max: 800 }), writesArb, readsArb, (g, more, w, r) => {
      const d = { writesPerSecond: w, readsPerSecond: r };
      const small = rank(sizeReplicatedDatabase(plan(g), d));
      const big = rank(sizeReplicatedDatabase(plan(g, Math.min(65_536, g.allocated + more)), d));
      big.forEach((v, k) => expect(v).toBeLessThanOrEqual(small[k]));
    }), { numRuns: 80 });
  });

  test('the fix is exact: with what it sets every row passes; with one GiB or one IOPS less, one does not', () => {
    let checked = 0;
    fc.assert(fc.property(arb, writesArb, readsArb, (g, w, r) => {
      const d = { writesPerSecond: w, readsPerSecond: r };
      const rows = perf(sizeReplicatedDatabase(plan(g), d));
      const failing = rows.filter((x) => x.verdict !== Verdict.PASS);
      if (failing.length === 0) return;
      const fixes = new Set(failing.map((x) => x.fix));
      expect(fixes.size).toBe(1);
      const fix = failing[0].fix ?? '';
      if (/^no RDS volume carries/.test(fix)) {
        // io2 at its maximum does not carry it either.
        const max = planWith(g, { storageType: DatabaseStorageKind.IO2, allocatedStorageGiB: 65_536, maxAllocatedStorageGiB: undefined, storageIops: 256_000, instanceClass: 'db.r7g.16xlarge' });
        expect(allPass(sizeReplicatedDatabase(max, d))).toBe(false);
        return;
      }
      if (/no r7g size has an EBS baseline/.test(fix)) {
        // The storage the fix sets on the family's largest size still leaves a row short.
        expect(allPass(sizeReplicatedDatabase(planWith(g, { ...applyFix(fix), instanceClass: 'db.r7g.16xlarge' }), d))).toBe(false);
        return;
      }
      checked++;
      const set = applyFix(fix);
      expect(allPass(sizeReplicatedDatabase(planWith(g, set), d))).toBe(true);
      if (set.storageIops !== undefined && set.storageIops > 12_000) {
        // One IOPS less: a row falls short, or RDS would not take the values (the throughput ratio).
        const less = { ...set, storageIops: set.storageIops - 1 };
        const ok = (() => { try { return allPass(sizeReplicatedDatabase(planWith(g, less), d)); } catch { return false; } })();
        expect(ok).toBe(false);
      } else if (set.storageIops === undefined && set.instanceClass === undefined && set.allocatedStorageGiB !== undefined) {
        expect(allPass(sizeReplicatedDatabase(planWith(g, { ...set, allocatedStorageGiB: set.allocatedStorageGiB - 1 }), d))).toBe(false);
      }
    }), { numRuns: 120 });
    expect(checked).toBeGreaterThan(0);
  });

  const iopsArb = fc.integer({ min: 12_000, max: 64_000 });
  test('more provisioned IOPS never worsens a row; more writes with them never improve it', () => {
    fc.assert(fc.property(arb, iopsArb, iopsArb, writesArb, writesArb, (g, i1, i2, w1, w2) => {
      const o = (iops: number) => planWith({ ...g, allocated: Math.max(400, g.allocated) }, { storageIops: iops, storageThroughputMiBps: 3_000 });
      const d = { writesPerSecond: Math.max(w1, w2), readsPerSecond: 0 };
      const fewer = rank(sizeReplicatedDatabase(o(Math.max(3_000 * 4, Math.min(i1, i2))), d));
      const more = rank(sizeReplicatedDatabase(o(Math.max(3_000 * 4, i1, i2)), d));
      more.forEach((v, k) => expect(v).toBeLessThanOrEqual(fewer[k]));
      const lessWrites = rank(sizeReplicatedDatabase(o(i1), { writesPerSecond: Math.min(w1, w2), readsPerSecond: 0 }));
      const moreWrites = rank(sizeReplicatedDatabase(o(i1), d));
      moreWrites.forEach((v, k) => expect(v).toBeGreaterThanOrEqual(lessWrites[k]));
    }), { numRuns: 60 });
  });
});

describe('provisioned storage: bad input', () => {
  test.each<[string, Partial<ReplicatedDatabaseOptions>, string, unknown, string]>([
    ['gp3 IOPS below 400 GiB', { allocatedStorageGiB: 300, storageIops: 12_000 }, 'storageIops', 12_000, 'unset below 400 GiB'],
    ['gp3 throughput below 400 GiB', { allocatedStorageGiB: 300, storageThroughputMiBps: 600 }, 'storageThroughputMiBps', 600, 'unset below 400 GiB'],
    ['gp3 IOPS above 64,000', { allocatedStorageGiB: 500, storageIops: 64_001 }, 'storageIops', 64_001, 'from 12,000 to 64,000'],
    ['gp3 throughput above 0.25 per IOPS', { allocatedStorageGiB: 500, storageIops: 12_000, storageThroughputMiBps: 3_001 }, 'storageThroughputMiBps', 3_001, '<= 3,000 MiB/s'],
    ['io2 without IOPS', { storageType: DatabaseStorageKind.IO2, allocatedStorageGiB: 500 }, 'storageIops', undefined, 'given with io2'],
    ['io1 over 50 IOPS per GiB', { storageType: DatabaseStorageKind.IO1, allocatedStorageGiB: 100, storageIops: 5_001 }, 'storageIops', 5_001, 'at most 5,000'],
    ['io2 under 0.5 IOPS per GiB of the ceiling', { storageType: DatabaseStorageKind.IO2, allocatedStorageGiB: 1_000, maxAllocatedStorageGiB: 4_000, storageIops: 1_500 },
      'storageIops', 1_500, 'at least 2,000'],
    ['io1 under 100 GiB', { storageType: DatabaseStorageKind.IO1, allocatedStorageGiB: 50, storageIops: 1_000 }, 'allocatedStorageGiB', 50, 'at least 100 GiB'],
    ['io2 with a throughput', { storageType: DatabaseStorageKind.IO2, allocatedStorageGiB: 500, storageIops: 5_000, storageThroughputMiBps: 600 },
      'storageThroughputMiBps', 600, 'only gp3'],
    ['an unknown type', { storageType: 'SSD' as DatabaseStorageKind }, 'storageType', 'SSD', 'one of GP3, IO1, IO2'],
  ])('GIVEN %s WHEN planned THEN one ValidationError names the prop, the value and what is allowed', (_what, o, prop, value, allowed) => {
    const issues = issuesOf(() => rds(o)).filter((i) => i.prop === prop);
    expect(issues).toHaveLength(1);
    expect(issues[0].value).toEqual(typeof value === 'string' ? JSON.stringify(value) : String(value));
    expect(issues[0].allowed).toContain(allowed);
  });

  test('GIVEN MySQL with 40,000 gp3 IOPS and 500 MiB/s WHEN planned THEN the throughput must be at least 625 MiB/s; without one the plan takes 625', () => {
    const mysql = { engine: DatabaseEngine.RDS_MYSQL, allocatedStorageGiB: 500, storageIops: 40_000 };
    const issue = issuesOf(() => rds({ ...mysql, storageThroughputMiBps: 500 }))
      .find((i) => i.prop === 'storageThroughputMiBps');
    expect(issue?.allowed).toContain('>= 625 MiB/s');
    expect(rds(mysql).storage).toMatchObject({ iops: 40_000, throughputMiBps: 625 });
    expect(rds({ allocatedStorageGiB: 500, storageIops: 40_000 }).storage).toMatchObject({ iops: 40_000, throughputMiBps: 500 });
  });

  test.each(['storageType', 'storageIops', 'storageThroughputMiBps'])('GIVEN Aurora with %s WHEN planned THEN one ValidationError says Aurora takes none', (prop) => {
    const value = prop === 'storageType' ? DatabaseStorageKind.IO2 : 12_000;
    const issues = issuesOf(() => planReplicatedDatabase({ engine: DatabaseEngine.AURORA_POSTGRESQL, [prop]: value })).filter((i) => i.prop === prop);
    expect(issues).toHaveLength(1);
    expect(issues[0].allowed).toMatch(/^unset with Aurora/);
  });

  test('GIVEN supplied plans with bad storage performance WHEN checked THEN each bad field is named; a good provisioned plan passes', () => {
    const good = rds({ storageType: DatabaseStorageKind.IO2, allocatedStorageGiB: 1_000, storageIops: 20_000 });
    expect(suppliedPlanIssues(BlockKind.REPLICATED_DATABASE, good, 'db')).toEqual([]);
    const bad = (storage: object, base = good) => suppliedPlanIssues(BlockKind.REPLICATED_DATABASE, { ...base, storage: { ...base.storage, ...storage } }, 'db')
      .map((i) => [i.prop, Number(i.value)]);
    expect(bad({ iops: 60_000 })).toEqual([['plan.storage.iops', 60_000]]);
    expect(bad({ throughputMiBps: 600 })).toEqual([['plan.storage.throughputMiBps', 600]]);
    const gp3 = rds({ allocatedStorageGiB: 300 });
    expect(bad({ iops: 12_000, throughputMiBps: 500 }, gp3)).toEqual([['plan.storage.iops', 12_000], ['plan.storage.throughputMiBps', 500]]);
    const aurora = planReplicatedDatabase({ instanceClass: 'db.r7g.large' });
    expect(bad({ iops: 3_000 }, aurora)).toEqual([['plan.storage.iops', 3_000]]);
  });
});
