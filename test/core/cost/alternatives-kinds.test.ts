import fc from 'fast-check';
import { renderReport } from '../../../src/cli/render';
import { API_TASKS } from '../../../src/core/blocks/load-balanced-api/sizing';
import { WORKERS } from '../../../src/core/blocks/work-queue/sizing';
import { parsePriceOverrides, PriceOverride, withAlternatives } from '../../../src/core/cost';
import { DATABASE_RESOURCES, databaseRightSizing } from '../../../src/core/cost/database-alternatives';
import { CostAlternative, SizingRow, Verdict } from '../../../src/core/sizing/report';
import { planSystem, sizeSystem, sizeSystemRows, SystemSpec } from '../../../src/core/system';

/*
 * The alternatives of the database, the workers and the gateway services, and the law every
 * alternative is kept by: its resource's rows PASS, and no other row of the system is worse than
 * before (a row against a raisable account quota may be, and the alternative then says so).
 */

/** The spec with an alternative's printed `path: value` changes set (paths may index lists: `gateway.services[0].scaling`). */
function applyChanges(spec: SystemSpec, changes: string[]): SystemSpec {
  const out = JSON.parse(JSON.stringify(spec));
  for (const c of changes) {
    const [path, raw] = c.split(': ');
    const keys = path.split('.').flatMap((k) => k.split(/\[(\d+)\]/).filter((x) => x !== ''));
    let at = out;
    for (const k of keys.slice(0, -1)) at = (at[k] ??= {});
    const last = keys[keys.length - 1];
    if (last === 'fixedTasks') { delete at.minTasks; delete at.maxTasks; }
    if (last === 'minTasks' || last === 'maxTasks') delete at.fixedTasks;
    at[last] = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  }
  return out;
}

const RANK: Record<string, number> = { PASS: 0, WARN: 1, FAIL: 2 };
const keyOf = (r: SizingRow): string => [r.block, r.fixResource ?? r.resource, r.resource, r.scenario, r.metric].join('|');

/**
 * The law, written here apart from the module: every own row PASSes; every other row is no worse than
 * before, unless it is a LIMIT row the alternative names as a quota to raise.
 */
function lawHolds(spec: SystemSpec, a: CostAlternative, own: (r: SizingRow) => boolean): boolean {
  const before = sizeSystemRows(planSystem(spec)).rows;
  const after = sizeSystemRows(planSystem(applyChanges(spec, a.changes))).rows;
  const mine = after.filter(own);
  if (mine.length === 0 || mine.some((r) => r.verdict !== Verdict.PASS)) return false;
  const worst = new Map<string, number>();
  for (const r of before) worst.set(keyOf(r), Math.max(worst.get(keyOf(r)) ?? 0, RANK[r.verdict]));
  return after.filter((r) => !own(r)).every((r) => RANK[r.verdict] <= (worst.get(keyOf(r)) ?? 0)
    || (r.scenario === 'LIMIT' && a.assumed.some((x) => x.startsWith(`needs a raised quota: ${r.resource}`))));
}

const pricedFirstByCost = (alts: CostAlternative[]): boolean => {
  const firstUnpriced = alts.findIndex((a) => !a.priced);
  const priced = firstUnpriced < 0 ? alts : alts.slice(0, firstUnpriced);
  return alts.slice(priced.length).every((a) => !a.priced) && priced.every((a, i) => i === 0 || priced[i - 1].monthlyCents! <= a.monthlyCents!);
};

const dbGroup = (resource: string): string[] => (['readers', 'writer (reads)'].includes(resource) ? ['readers', 'writer (reads)']
  : ['writer connections', 'connections'].includes(resource) ? ['writer connections', 'connections'] : [resource]);
const dbOwn = (resource: string) => (r: SizingRow): boolean => r.block === 'database' && dbGroup(resource).includes(r.fixResource ?? r.resource);

/** An API in front of a database, in a Region. */
function dbSpec(peak: number, readsPerRequest: number, writesPerRequest: number, database: Record<string, unknown>, region: string,
  tasks = 6): SystemSpec {
  return {
    name: 'shop',
    region,
    load: { peakRequestsPerSecond: peak, readsPerRequest, writesPerRequest },
    quotas: { 'fargate.onDemandVcpuPerRegion': 1000 },
    api: { allowPlainHttp: true, scaling: { fixedTasks: tasks } },
    database,
  } as unknown as SystemSpec;
}

/**
 * Test prices (the user's own, given as an overrides file would give them; not catalog figures):
 * every Aurora PostgreSQL and RDS PostgreSQL class the search can name, in us-east-1, at
 * 0.05 USD per vCPU-hour on Graviton and 0.06 on x86.
 */
function testPrices(): PriceOverride[] {
  const families = ['r8g', 'r7g', 'r7i', 'r6g', 'r6i', 'm7g', 'm7i', 'm6g', 'm6i'];
  const sizes: Array<[string, number]> = [['large', 2], ['xlarge', 4], ['2xlarge', 8], ['4xlarge', 16], ['8xlarge', 32], ['12xlarge', 48], ['16xlarge', 64]];
  const prices = families.flatMap((f) => sizes.flatMap(([size, vcpu]) => ['aurora-postgresql', 'postgresql'].map((engine) => ({
    key: 'rds.instance-hour',
    region: 'us-east-1',
    dimensions: { class: `db.${f}.${size}`, engine, storage: 'standard' },
    unit: 'hour',
    usd: Math.round(vcpu * (f.endsWith('g') ? 0.05 : 0.06) * 1000) / 1000,
  }))));
  return parsePriceOverrides({ prices }, 'test-prices.yaml');
}

describe('the cheapest passing alternatives of the database', () => {
  test('WHEN 1 reader of db.r6g.large takes 1,000 reads/s in eu-west-1 THEN 5 readers of it are priced by hand from the catalog row, the others are listed without a price, and the fix names it', () => {
    const spec = dbSpec(500, 2, 0.02, { instanceClass: 'db.r6g.large', readers: 1 }, 'eu-west-1');
    const report = withAlternatives(sizeSystem(planSystem(spec)), spec);
    const fix = report.fixes!.find((f) => f.block === 'database' && f.resource === 'readers')!;
    const alts = fix.alternatives!;
    // By hand: 1 writer + 5 readers = 6 instances x 730 h x 0.286 USD (eu-west-1 Aurora PostgreSQL db.r6g.large, standard) = 1,252.68.
    expect([alts[0].design, alts[0].priced, alts[0].monthlyCents, alts[0].why]).toEqual(['1 writer + 5 readers of db.r6g.large', true, 125268, 'more readers of this class']);
    expect(alts[0].changes).toEqual(['database.instanceClass: db.r6g.large', 'database.readers: 5']);
    expect(fix.fix).toBe('needs >= 5 readers of db.r6g.large (readers), has 1; cheapest passing: 1 writer + 5 readers of db.r6g.large (1252.68 USD/month)');
    // Every other class has no eu-west-1 row: listed, not priced, and the reason names the Region.
    const rest = alts.slice(1);
    expect(rest.length).toBeGreaterThan(3);
    expect(rest.every((a) => !a.priced && /rds\.instance-hour.*eu-west-1/.test(a.noPrice!))).toBe(true);
    // Another family (Graviton and x86) and the next class up with fewer readers are among them.
    expect(rest.map((a) => a.design)).toEqual(expect.arrayContaining(['1 writer + 5 readers of db.r6i.large', '1 writer + 4 readers of db.r6g.xlarge']));
    expect(rest.find((a) => /r6i\.large/.test(a.design))!.assumed.join(' ')).toMatch(/x86 \(r6i\)/);
    for (const a of alts) expect(lawHolds(spec, a, dbOwn('readers'))).toBe(true);
    // 4 readers of db.r6g.large do not pass: the count is the smallest.
    expect(lawHolds(spec, { ...alts[0], changes: ['database.readers: 4'] }, dbOwn('readers'))).toBe(false);
  });

  test('WHEN the user prices every class in us-east-1 THEN every alternative is priced by hand from those prices, cheapest first, and the fix names the cheapest', () => {
    const overrides = testPrices();
    const spec = dbSpec(500, 2, 0.02, { instanceClass: 'db.r6g.large', readers: 1 }, 'us-east-1');
    const report = withAlternatives(sizeSystem(planSystem(spec)), spec, { overrides });
    const fix = report.fixes!.find((f) => f.block === 'database' && f.resource === 'readers')!;
    const alts = fix.alternatives!;
    expect(alts.length).toBeGreaterThan(3);
    expect(alts.every((a) => a.priced)).toBe(true);
    for (const a of alts) {
      const cls = a.changes.find((c) => c.startsWith('database.instanceClass: '))!.split(': ')[1];
      const readers = Number(a.changes.find((c) => c.startsWith('database.readers: '))!.split(': ')[1]);
      const vcpu = { 'large': 2, 'xlarge': 4, '2xlarge': 8 }[cls.split('.')[2]]!;
      const usd = Math.round(vcpu * (/\dg\./.test(cls) ? 0.05 : 0.06) * 1000) / 1000;
      // (1 writer + readers) x 730 h x the test price, rounded to the cent.
      expect(a.monthlyCents).toBe(Math.round((1 + readers) * 730 * usd * 100));
    }
    expect(pricedFirstByCost(alts)).toBe(true);
    expect(fix.fix).toContain(`cheapest passing: ${alts[0].design} (${alts[0].monthlyUsd} USD/month)`);
  });

  test('WHEN the Region has no DB price (us-east-1 without overrides) THEN every alternative says it cannot be priced and the fix keeps its exact text', () => {
    const spec = dbSpec(500, 2, 0.02, { instanceClass: 'db.r6g.large', readers: 1 }, 'us-east-1');
    const report = withAlternatives(sizeSystem(planSystem(spec)), spec);
    const fix = report.fixes!.find((f) => f.block === 'database' && f.resource === 'readers')!;
    expect(fix.alternatives!.length).toBeGreaterThan(0);
    expect(fix.alternatives!.every((a) => !a.priced && /us-east-1/.test(a.noPrice!))).toBe(true);
    expect(fix.fix).toBe('needs >= 5 readers of db.r6g.large (readers), has 1');
  });

  test('WHEN the report is rendered THEN the database fix lists its alternatives, the priced one first', () => {
    const spec = dbSpec(500, 2, 0.02, { instanceClass: 'db.r6g.large', readers: 1 }, 'eu-west-1');
    const text = renderReport(withAlternatives(sizeSystem(planSystem(spec)), spec), { color: false, width: 200, verbose: false });
    expect(text).toContain('1. 1 writer + 5 readers of db.r6g.large: 1252.68 USD/month (more readers of this class)');
  });

  test('WHEN 6 readers of db.r6g.large carry 100 reads/s in eu-west-1 THEN right-sizing names 1 reader and its saving by hand', () => {
    const spec = dbSpec(50, 2, 0.02, { instanceClass: 'db.r6g.large', readers: 6 }, 'eu-west-1', 2);
    const r = withAlternatives(sizeSystem(planSystem(spec)), spec).rightSizing!.find((x) => x.block === 'database')!;
    expect([r.design, r.changes]).toEqual(['1 writer + 1 reader of db.r6g.large', ['database.readers: 1']]);
    // 5 readers fewer x 730 h x 0.286 = 1,043.90 a month; 2 instances left x 730 x 0.286 = 417.56.
    expect([r.savesCents, r.monthlyUsd]).toEqual([104390, '417.56']);
  });
});

describe('an alternative must not make another resource worse', () => {
  test('WHEN each API task holds 100 database connections THEN no API alternative is listed: the task counts that carry the requests would overload the writer connections', () => {
    const spec = {
      name: 'shop',
      region: 'us-east-1',
      load: { peakRequestsPerSecond: 3000, readsPerRequest: 0.1, writesPerRequest: 0.01, connectionsPerTask: 100 },
      quotas: { 'fargate.onDemandVcpuPerRegion': 1000 },
      api: { allowPlainHttp: true, scaling: { fixedTasks: 2 } },
      database: { instanceClass: 'db.r6g.large', readers: 1 },
    } as unknown as SystemSpec;
    const report = withAlternatives(sizeSystem(planSystem(spec)), spec);
    const fix = report.fixes!.find((f) => f.resource === API_TASKS)!;
    expect(fix.alternatives).toEqual([]);
    expect(fix.fix).toBe('needs >= 23 tasks of 1 vCPU / 2 GiB, has 2');
    // The reason: the API's own exact fix passes the API's rows, but makes the writer connections FAIL (they PASS today).
    const connections = (s: SystemSpec): SizingRow => sizeSystemRows(planSystem(s)).rows.find((r) => r.block === 'database' && r.resource === 'writer connections')!;
    expect(connections(spec).verdict).toBe(Verdict.PASS);
    const applied = applyChanges(spec, ['api.scaling.fixedTasks: 23']);
    expect(sizeSystemRows(planSystem(applied)).rows.filter((r) => r.block === 'api' && (r.fixResource ?? r.resource) === API_TASKS)
      .every((r) => r.verdict === Verdict.PASS)).toBe(true);
    expect(connections(applied).verdict).toBe(Verdict.FAIL);
  });

  test('WHEN more tasks need more Fargate vCPUs than the account quota THEN the alternative is kept and names the quota to raise', () => {
    const spec = { name: 'shop', region: 'us-east-1', load: { peakRequestsPerSecond: 3000 }, api: { allowPlainHttp: true, scaling: { fixedTasks: 2 } } } as SystemSpec;
    const fix = withAlternatives(sizeSystem(planSystem(spec)), spec).fixes!.find((f) => f.resource === API_TASKS)!;
    const first = fix.alternatives![0];
    expect(first.assumed.find((a) => a.startsWith('needs a raised quota: Fargate vCPU'))).toMatch(/request a Fargate On-Demand vCPU quota of at least \d+ in us-east-1/);
  });
});

describe('the cheapest passing alternatives of the workers and the gateway services', () => {
  test('WHEN 4 Fargate workers take 20 jobs/s of 2 s THEN more workers of this size cost the minimum workers, priced by hand, and the bigger size says its jobs must get shorter', () => {
    const spec = {
      name: 'shop',
      region: 'us-east-1',
      load: { peakRequestsPerSecond: 0, jobsPerSecond: 20 },
      queue: { workers: { minWorkers: 2, maxWorkers: 4 }, load: { secondsPerJob: 2 } },
    } as SystemSpec;
    const fix = withAlternatives(sizeSystem(planSystem(spec)), spec).fixes!.find((f) => f.resource === WORKERS)!;
    const alts = fix.alternatives!;
    // By hand (us-east-1 arm64): 2 workers x 730 h = 1,460 vCPU-h x 0.03238 = 47.2748 -> 4,727 c; 2,920 GB-h x 0.00356 = 10.3952 -> 1,040 c: 5,767 c.
    expect([alts[0].design, alts[0].monthlyCents]).toEqual(['2-75 workers of 1 vCPU / 2 GiB ARM64', 5767]);
    // 2 x 2 vCPU: 2,920 x 0.03238 = 94.5496 -> 9,455 c; 5,840 x 0.00356 = 20.7904 -> 2,079 c: 11,534 c.
    expect([alts[1].design, alts[1].monthlyCents]).toEqual(['2-38 workers of 2 vCPU / 4 GiB ARM64', 11534]);
    expect(alts[1].changes).toContain('queue.load.secondsPerJob: 1');
    expect(alts[1].assumed.join(' ')).toMatch(/2 s per job scaled with vCPU \(\/ 2\) to 1 s: only a CPU-bound job/);
    expect(fix.fix).toMatch(/^needs >= 75 workers .*; cheapest passing: 2-75 workers of 1 vCPU \/ 2 GiB ARM64 \(57\.67 USD\/month\)$/);
    const own = (r: SizingRow): boolean => r.block === 'queue' && (r.fixResource ?? r.resource) === WORKERS;
    for (const a of alts) expect(lawHolds(spec, a, own)).toBe(true);
    expect(lawHolds(spec, { ...alts[0], changes: ['queue.workers.maxWorkers: 74'] }, own)).toBe(false);
  });

  test('WHEN a gateway service has too few tasks THEN its fix lists the fleet alternatives on its own spec path, not the API\'s', () => {
    const spec = {
      name: 'shop',
      region: 'us-east-1',
      load: { peakRequestsPerSecond: 100 },
      api: { allowPlainHttp: true },
      gateway: { load: { peakRequestsPerSecond: 2000 }, services: [{ name: 'orders', pathPrefix: '/orders', requireAuthorization: false, scaling: { fixedTasks: 2 }, load: { requestShare: 1 } }] },
    } as unknown as SystemSpec;
    const fix = withAlternatives(sizeSystem(planSystem(spec)), spec).fixes!.find((f) => f.block === 'gateway/orders' && f.resource === API_TASKS)!;
    const alts = fix.alternatives!;
    expect(alts.map((a) => a.design)).toEqual(['15 tasks of 1 vCPU / 2 GiB ARM64', '8 tasks of 2 vCPU / 4 GiB ARM64']);
    // By hand: 15 x 730 = 10,950 vCPU-h x 0.03238 = 354.561 -> 35,456 c; 21,900 GB-h x 0.00356 = 77.964 -> 7,796 c: 43,252 c.
    expect(alts[0].monthlyCents).toBe(43252);
    expect(alts.every((a) => a.changes.every((c) => c.startsWith('gateway.services[0].')))).toBe(true);
    const own = (r: SizingRow): boolean => r.block === 'gateway/orders' && (r.fixResource ?? r.resource) === API_TASKS;
    for (const a of alts) expect(lawHolds(spec, a, own)).toBe(true);
    expect(lawHolds(spec, { ...alts[0], changes: ['gateway.services[0].scaling.fixedTasks: 14'] }, own)).toBe(false);
  });
});

describe('laws of the database and worker alternatives', () => {
  const overrides = testPrices();
  const db = fc.record({
    peak: fc.integer({ min: 100, max: 2000 }),
    readsPerRequest: fc.constantFrom(0.5, 1, 2, 4),
    writesPerRequest: fc.constantFrom(0.01, 0.05, 0.2),
    instanceClass: fc.constantFrom('db.r6g.large', 'db.r7g.large', 'db.r6i.xlarge', 'db.r7g.xlarge'),
    readers: fc.integer({ min: 1, max: 8 }),
    engine: fc.constantFrom('AURORA_POSTGRESQL', 'RDS_POSTGRESQL'),
    region: fc.constantFrom('eu-west-1', 'us-east-1'),
  });
  type DbCase = {
    peak: number; readsPerRequest: number; writesPerRequest: number; instanceClass: string; readers: number; engine: string; region: string;
  };
  const specOf = (c: DbCase): SystemSpec => dbSpec(c.peak, c.readsPerRequest, c.writesPerRequest,
    { engine: c.engine, instanceClass: c.instanceClass, readers: c.readers }, c.region, Math.ceil(c.peak / 100));

  test('every listed database alternative keeps the law when applied, and the list is ordered by cost, priced first', () => {
    let checked = 0;
    fc.assert(fc.property(db, (c) => {
      const spec = specOf(c);
      let plan;
      try { plan = planSystem(spec); } catch { return; }
      const report = withAlternatives(sizeSystem(plan), spec, { overrides });
      for (const fix of (report.fixes ?? []).filter((x) => x.block === 'database' && DATABASE_RESOURCES.includes(x.resource))) {
        const alts = fix.alternatives ?? [];
        expect(pricedFirstByCost(alts)).toBe(true);
        for (const a of alts) {
          expect(lawHolds(spec, a, dbOwn(fix.resource))).toBe(true);
          checked++;
        }
        const cheapest = alts.find((a) => a.priced);
        if (cheapest) expect(fix.fix).toContain(`cheapest passing: ${cheapest.design}`);
      }
    }), { numRuns: 8 });
    expect(checked).toBeGreaterThan(0);
  });

  test('the database right-sizing keeps the law, one reader less does not, and it saves money', () => {
    let suggested = 0;
    const capacity = ['readers', 'writer (reads)', 'writer', 'writer connections', 'connections'];
    const own = (r: SizingRow): boolean => r.block === 'database' && capacity.includes(r.fixResource ?? r.resource);
    fc.assert(fc.property(db.map((c) => ({ ...c, peak: Math.ceil(c.peak / 10), readers: c.readers + 2 })), (c) => {
      const spec = specOf(c);
      let plan;
      try { plan = planSystem(spec); } catch { return; }
      const r = databaseRightSizing(spec, plan, sizeSystemRows(plan).rows, { overrides });
      if (!r) return;
      suggested++;
      const n = Number(r.changes[0].split(': ')[1]);
      const as = (changes: string[]): CostAlternative => ({ design: '', why: '', changes, assumed: [], priced: false });
      expect(lawHolds(spec, as(r.changes), own)).toBe(true);
      if (n > 1) expect(lawHolds(spec, as([`database.readers: ${n - 1}`]), own)).toBe(false);
      if (r.priced) expect(r.savesCents!).toBeGreaterThan(0);
    }), { numRuns: 10 });
    expect(suggested).toBeGreaterThan(0);
  });

  test('every listed worker alternative keeps the law when applied, and the list is ordered by cost', () => {
    let checked = 0;
    const own = (r: SizingRow): boolean => r.block === 'queue' && (r.fixResource ?? r.resource) === WORKERS;
    fc.assert(fc.property(fc.record({
      jobs: fc.integer({ min: 1, max: 60 }),
      seconds: fc.constantFrom(0.5, 1, 2, 5),
      min: fc.integer({ min: 0, max: 3 }),
      extra: fc.integer({ min: 0, max: 5 }),
      cpu: fc.constantFrom(512, 1024, 2048),
      architecture: fc.constantFrom('X86_64', 'ARM64'),
    }), (w) => {
      const spec = {
        name: 'shop',
        region: 'us-east-1',
        load: { peakRequestsPerSecond: 0, jobsPerSecond: w.jobs },
        queue: {
          workers: {
            minWorkers: w.min, maxWorkers: Math.max(1, w.min + w.extra), fargate: { cpu: w.cpu, memoryMiB: w.cpu * 2, architecture: w.architecture },
          },
          load: { secondsPerJob: w.seconds },
        },
      } as unknown as SystemSpec;
      let plan;
      try { plan = planSystem(spec); } catch { return; }
      for (const fix of (withAlternatives(sizeSystem(plan), spec).fixes ?? []).filter((x) => x.resource === WORKERS)) {
        const alts = fix.alternatives ?? [];
        expect(pricedFirstByCost(alts)).toBe(true);
        for (const a of alts) {
          expect(lawHolds(spec, a, own)).toBe(true);
          checked++;
        }
      }
    }), { numRuns: 8 });
    expect(checked).toBeGreaterThan(0);
  });
});
