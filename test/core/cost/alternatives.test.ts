import fc from 'fast-check';
import { renderReport } from '../../../src/cli/render';
import { API_TASKS } from '../../../src/core/blocks/load-balanced-api/sizing';
import { apiRightSizing, apiTaskAlternatives, CACHE_RESOURCES, cacheRightSizing, RIGHT_SIZING_SHARE, withAlternatives } from '../../../src/core/cost';
import { CostAlternative, SizingRow, Verdict } from '../../../src/core/sizing/report';
import { planSystem, sizeSystem, sizeSystemRows, SystemSpec } from '../../../src/core/system';

/** A system of one API (plain HTTP so no certificate is needed) at a peak, with the fleet given. */
function apiSpec(peak: number, api: Record<string, unknown>, region = 'us-east-1'): SystemSpec {
  return { name: 'shop', region, load: { peakRequestsPerSecond: peak }, api: { allowPlainHttp: true, ...api } } as SystemSpec;
}

/** The spec with an alternative's printed `path: value` changes set, read back from the text (not from the search). */
function applyChanges(spec: SystemSpec, changes: string[]): SystemSpec {
  const out = JSON.parse(JSON.stringify(spec));
  for (const c of changes) {
    const [path, raw] = c.split(': ');
    const keys = path.split('.');
    let at = out;
    for (const k of keys.slice(0, -1)) at = (at[k] ??= {});
    const last = keys[keys.length - 1];
    // A fixed count turns auto scaling off, and the other way round: the change replaces the other form.
    if (last === 'fixedTasks') { delete at.minTasks; delete at.maxTasks; }
    if (last === 'minTasks' || last === 'maxTasks') delete at.fixedTasks;
    at[last] = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  }
  return out;
}

function apiTaskRows(spec: SystemSpec): SizingRow[] {
  return sizeSystemRows(planSystem(spec)).rows.filter((r) => r.block === 'api' && (r.fixResource ?? r.resource) === API_TASKS);
}

const allPass = (rows: SizingRow[]): boolean => rows.length > 0 && rows.every((r) => r.verdict === Verdict.PASS);

describe('the cheapest passing alternatives of the API tasks', () => {
  test('WHEN 2 fixed x86 tasks of 1 vCPU / 2 GiB carry 3,000 requests/s in us-east-1 THEN four designs pass, priced by hand from the catalog rows, cheapest first, and the fix names the cheapest', () => {
    const spec = apiSpec(3000, { compute: { architecture: 'X86_64' }, scaling: { fixedTasks: 2 } });
    const report = withAlternatives(sizeSystem(planSystem(spec)), spec);
    const fix = report.fixes!.find((f) => f.resource === API_TASKS)!;
    // By hand (us-east-1 rows: arm64 0.03238 / vCPU-hour and 0.00356 / GB-hour; x86_64 0.04048 and 0.004445; 730 h;
    // each line rounded half up to the cent):
    //   23 x 1 vCPU arm64: 16,790 vCPU-h x 0.03238 = 543.6602 -> 54,366 c; 33,580 GB-h x 0.00356 = 119.5448 -> 11,954 c; 66,320 c
    //   12 x 2 vCPU arm64: 17,520 vCPU-h x 0.03238 = 567.2976 -> 56,730 c; 35,040 GB-h x 0.00356 = 124.7424 -> 12,474 c; 69,204 c
    //   23 x 1 vCPU x86:   16,790 x 0.04048 = 679.6592 -> 67,966 c; 33,580 x 0.004445 = 149.2631 -> 14,926 c; 82,892 c
    //   12 x 2 vCPU x86:   17,520 x 0.04048 = 709.2096 -> 70,921 c; 35,040 x 0.004445 = 155.7528 -> 15,575 c; 86,496 c
    expect(fix.alternatives!.map((a) => [a.design, a.monthlyCents, a.monthlyUsd])).toEqual([
      ['23 tasks of 1 vCPU / 2 GiB ARM64', 66320, '663.20'],
      ['12 tasks of 2 vCPU / 4 GiB ARM64', 69204, '692.04'],
      ['23 tasks of 1 vCPU / 2 GiB X86_64', 82892, '828.92'],
      ['12 tasks of 2 vCPU / 4 GiB X86_64', 86496, '864.96'],
    ]);
    expect(fix.alternatives![0].assumed.join(' ')).toMatch(/arm64/);
    expect(fix.fix).toBe('needs >= 23 tasks of 1 vCPU / 2 GiB, has 2; cheapest passing: 23 tasks of 1 vCPU / 2 GiB ARM64 (663.20 USD/month)');
    // Every row of the resource shows the same fix text as the fix.
    const rows = report.rows.filter((r) => r.block === 'api' && (r.fixResource ?? r.resource) === API_TASKS && r.verdict !== Verdict.PASS);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.fix === fix.fix)).toBe(true);
    // 22 tasks of the smallest design do not pass: the count is the smallest.
    expect(allPass(apiTaskRows(applyChanges(spec, ['api.compute.architecture: ARM64', 'api.scaling.fixedTasks: 22'])))).toBe(false);
  });

  test('WHEN the user declared requests/s per task THEN the bigger size scales it with vCPU and says so', () => {
    const spec = apiSpec(3000, { scaling: { fixedTasks: 2 }, load: { requestsPerSecondPerTask: 100 } });
    const alts = apiTaskAlternatives(spec, planSystem(spec), 'api');
    const bigger = alts.find((a) => /2 vCPU/.test(a.design))!;
    expect(bigger.changes).toContain('api.load.requestsPerSecondPerTask: 200');
    expect(bigger.assumed.join(' ')).toMatch(/100 requests\/s per task scaled with vCPU \(x 2\)/);
    expect(alts.find((a) => /1 vCPU/.test(a.design))!.changes.some((c) => /requestsPerSecondPerTask/.test(c))).toBe(false);
  });

  test('WHEN the Region has no Fargate price THEN every alternative is listed without a price and the fix keeps its exact minimal text', () => {
    const spec = apiSpec(3000, { scaling: { fixedTasks: 2 } }, 'ap-southeast-2');
    const report = withAlternatives(sizeSystem(planSystem(spec)), spec);
    const fix = report.fixes!.find((f) => f.resource === API_TASKS)!;
    expect(fix.alternatives!.length).toBeGreaterThan(0);
    expect(fix.alternatives!.every((a) => !a.priced && /ap-southeast-2/.test(a.noPrice!))).toBe(true);
    expect(fix.fix).toBe('needs >= 23 tasks of 1 vCPU / 2 GiB, has 2');
  });

  test('WHEN the report is rendered THEN one line per alternative follows the fix, once', () => {
    const spec = apiSpec(3000, { scaling: { fixedTasks: 2 } });
    const text = renderReport(withAlternatives(sizeSystem(planSystem(spec)), spec), { color: false, width: 160, verbose: false });
    expect(text).toMatch(/fix: needs >= 23 tasks .*cheapest passing/);
    expect(text).toContain('1. 23 tasks of 1 vCPU / 2 GiB ARM64: 663.20 USD/month (more tasks at this size)');
    expect(text).toContain('2. 12 tasks of 2 vCPU / 4 GiB ARM64: 692.04 USD/month (the next task size up, fewer tasks)');
    expect(text.split('1. 23 tasks of 1 vCPU').length - 1).toBe(1);
  });
});

describe('the cheapest passing alternatives of the API tasks on EC2', () => {
  test('WHEN 2 tasks on m7i.large carry 3,000 requests/s in us-east-1 THEN Graviton m7g is cheapest, priced by hand from the instance-hours', () => {
    const spec = apiSpec(3000, { compute: { kind: 'EC2', architecture: 'X86_64', instanceType: 'm7i.large' }, scaling: { fixedTasks: 2 } });
    const report = withAlternatives(sizeSystem(planSystem(spec)), spec);
    const fix = report.fixes!.find((f) => f.resource === API_TASKS)!;
    // By hand: 1 vCPU / 2 GiB tasks, 3 AZs; m7g.large holds 2 (2 vCPU), m7g.xlarge 4, m7i likewise; instances =
    // 3 x ceil(ceil(tasks / 3) / per instance). m7g is faster per vCPU in the catalog, so 23 tasks do there what 26 do on m7i.
    //   23 on m7g.large:  3 x ceil(8 / 2) = 12 x 730 h x 0.0816 = 714.816 -> 714.82
    //   23 on m7g.xlarge: 3 x ceil(8 / 4) = 6 x 730 h x 0.1632 = 714.816 -> 714.82
    //   26 on m7i.large:  3 x ceil(9 / 2) = 15 x 730 h x 0.1008 = 1,103.76
    //   26 on m7i.xlarge: 3 x ceil(9 / 4) = 9 x 730 h x 0.2016 = 1,324.512 -> 1,324.51
    expect(fix.alternatives!.map((a) => [a.design, a.monthlyUsd])).toEqual([
      ['23 tasks of 1 vCPU / 2 GiB on m7g.large (12 instances at the minimum)', '714.82'],
      ['23 tasks of 1 vCPU / 2 GiB on m7g.xlarge (6 instances at the minimum)', '714.82'],
      ['26 tasks of 1 vCPU / 2 GiB on m7i.large (15 instances at the minimum)', '1103.76'],
      ['26 tasks of 1 vCPU / 2 GiB on m7i.xlarge (9 instances at the minimum)', '1324.51'],
    ]);
    expect(fix.fix).toMatch(/^needs >= 26 tasks of 1 vCPU \/ 2 GiB on m7i\.large, has 2; cheapest passing: 23 tasks .* on m7g\.large/);
    for (const a of fix.alternatives!) expect(allPass(apiTaskRows(applyChanges(spec, a.changes)))).toBe(true);
    expect(allPass(apiTaskRows(applyChanges(spec, ['api.compute.architecture: ARM64', 'api.compute.instanceType: m7g.large', 'api.scaling.fixedTasks: 22'])))).toBe(false);
  });

  test('WHEN the user declared requests/s per task on m7i THEN the Graviton design scales it by the catalog per-vCPU speed and says so', () => {
    const spec = apiSpec(3000, { compute: { kind: 'EC2', architecture: 'X86_64', instanceType: 'm7i.large' }, scaling: { fixedTasks: 2 }, load: { requestsPerSecondPerTask: 100 } });
    const g = apiTaskAlternatives(spec, planSystem(spec), 'api').find((a) => /m7g\.large/.test(a.design))!;
    expect(g.assumed.join(' ')).toMatch(/your 100 requests\/s per task scaled by the m7g per-vCPU speed vs m7i/);
    expect(g.changes.some((c) => /^api\.load\.requestsPerSecondPerTask: \d+$/.test(c))).toBe(true);
  });
});

describe('right-sizing the API tasks', () => {
  test('WHEN 12 fixed tasks carry 100 requests/s THEN the smallest passing count is named with its saving, priced by hand', () => {
    const spec = apiSpec(100, { scaling: { fixedTasks: 12 } });
    const report = withAlternatives(sizeSystem(planSystem(spec)), spec);
    const r = report.rightSizing!.find((x) => x.resource === API_TASKS)!;
    expect(r.design).toBe('2 tasks of 1 vCPU / 2 GiB ARM64');
    expect(r.changes).toEqual(['api.scaling.fixedTasks: 2']);
    // 10 tasks fewer, arm64 us-east-1: 12 tasks 8,760 vCPU-h x 0.03238 = 283.6488 -> 28,365 c, 17,520 GB-h x 0.00356 = 62.3712 -> 6,237 c (34,602 c);
    // 2 tasks 1,460 x 0.03238 = 47.2748 -> 4,727 c, 2,920 x 0.00356 = 10.3952 -> 1,040 c (5,767 c): saves 28,835 c.
    expect([r.savesCents, r.savesUsd, r.monthlyUsd]).toEqual([28835, '288.35', '57.67']);
    expect(allPass(apiTaskRows(applyChanges(spec, r.changes)))).toBe(true);
    expect(allPass(apiTaskRows(applyChanges(spec, ['api.scaling.fixedTasks: 1'])))).toBe(false);
  });

  test('WHEN a row of the tasks is at half its bound or more THEN nothing is suggested', () => {
    const spec = apiSpec(3000, { scaling: { fixedTasks: 40 } });
    const plan = planSystem(spec);
    const rows = sizeSystemRows(plan).rows;
    const own = rows.filter((r) => r.block === 'api' && (r.fixResource ?? r.resource) === API_TASKS);
    expect(own.some((r) => r.utilization >= RIGHT_SIZING_SHARE * r.bound)).toBe(true);
    expect(apiRightSizing(spec, plan, 'api', rows)).toBeUndefined();
  });
});

describe('laws of the alternatives', () => {
  const fleet = fc.record({
    peak: fc.integer({ min: 50, max: 6000 }),
    cpu: fc.constantFrom(256, 512, 1024, 2048),
    architecture: fc.constantFrom('X86_64', 'ARM64'),
    ec2: fc.constantFrom(undefined, 'large', 'xlarge'),
    scaling: fc.oneof(
      fc.integer({ min: 1, max: 30 }).map((n) => ({ fixedTasks: n })),
      fc.tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 20 })).map(([min, extra]) => ({ minTasks: min, maxTasks: min + extra })),
    ),
    region: fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2'),
  });
  const specOf = (f: { peak: number; cpu: number; architecture: string; ec2?: string; scaling: object; region: string }): SystemSpec => {
    const ec2 = f.ec2 === undefined ? {} : { kind: 'EC2', instanceType: `${f.architecture === 'ARM64' ? 'm7g' : 'm7i'}.${f.ec2}` };
    return apiSpec(f.peak, { compute: { cpu: f.cpu, memoryMiB: f.cpu * 2, architecture: f.architecture, ...ec2 }, scaling: f.scaling }, f.region);
  };
  const priceOrdered = (alts: CostAlternative[]): boolean => {
    const firstUnpriced = alts.findIndex((a) => !a.priced);
    const priced = firstUnpriced < 0 ? alts : alts.slice(0, firstUnpriced);
    return alts.slice(priced.length).every((a) => !a.priced)
      && priced.every((a, i) => i === 0 || priced[i - 1].monthlyCents! <= a.monthlyCents!);
  };

  test('every listed alternative passes every row of the API tasks when its changes are applied, and the list is ordered by cost, priced first', () => {
    let checked = 0;
    fc.assert(fc.property(fleet, (f) => {
      const spec = specOf(f);
      let plan;
      try { plan = planSystem(spec); } catch { return; } // a fleet the plan rejects (e.g. above a quota) has no report
      const report = withAlternatives(sizeSystem(plan), spec);
      for (const fix of (report.fixes ?? []).filter((x) => x.resource === API_TASKS)) {
        const alts = fix.alternatives ?? [];
        expect(priceOrdered(alts)).toBe(true);
        for (const a of alts) {
          expect(allPass(apiTaskRows(applyChanges(spec, a.changes)))).toBe(true);
          checked++;
        }
        const cheapest = alts.find((a) => a.priced);
        if (cheapest) expect(fix.fix).toContain(`cheapest passing: ${cheapest.design}`);
      }
    }), { numRuns: 12 });
    // The law is not vacuous: the runs listed alternatives to check.
    expect(checked).toBeGreaterThan(0);
  });

  test('the right-sizing suggestion passes, one task less does not, and it saves money', () => {
    let suggested = 0;
    fc.assert(fc.property(fleet, (f) => {
      const spec = specOf(f);
      let plan;
      try { plan = planSystem(spec); } catch { return; }
      const r = apiRightSizing(spec, plan, 'api', sizeSystemRows(plan).rows);
      if (!r) return;
      suggested++;
      const smaller = applyChanges(spec, r.changes);
      expect(allPass(apiTaskRows(smaller))).toBe(true);
      const countChange = r.changes.find((c) => /fixedTasks|minTasks/.test(c))!;
      const n = Number(countChange.split(': ')[1]);
      if (n > 1) expect(allPass(apiTaskRows(applyChanges(spec, [countChange.replace(/: \d+$/, `: ${n - 1}`)])))).toBe(false);
      if (r.priced) expect(r.savesCents!).toBeGreaterThan(0);
    }), { numRuns: 25 });
    expect(suggested).toBeGreaterThan(0);
  });
});

/** A system of one cache in front of a database-less API load, with the cache given. */
function cacheSpec(peak: number, readsPerRequest: number, workingSetGiB: number, application: Record<string, unknown>, region = 'eu-west-1'): SystemSpec {
  return { name: 'shop', region, load: { peakRequestsPerSecond: peak, readsPerRequest }, cache: { application, load: { workingSetGiB } } } as SystemSpec;
}

function cacheResourceRows(spec: SystemSpec, resources: string[]): SizingRow[] {
  return sizeSystemRows(planSystem(spec)).rows.filter((r) => r.block === 'cache' && resources.includes(r.fixResource ?? r.resource));
}

describe('the cheapest passing alternatives of the cache', () => {
  test('WHEN 1 shard of cache.r7g.large holds 40 GiB in eu-west-1 THEN 12 shards of it pass memory, priced by hand, and the next size up is listed after it without a price', () => {
    const spec = cacheSpec(300, 200, 40, { nodeType: 'cache.r7g.large', shards: 1 });
    const report = withAlternatives(sizeSystem(planSystem(spec)), spec);
    // Memory needs 12 shards, operations 2: the shard count's one fix is the larger.
    const memory = report.fixes!.find((f) => f.resource === 'cache shards')!;
    // By hand: 12 shards x (1 primary + 1 replica) = 24 nodes x 730 h = 17,520 node-hours x 0.1944 (valkey, eu-west-1) = 3,405.888 -> 340,589 c.
    expect(memory.alternatives!.map((a) => [a.design, a.priced, a.monthlyCents])).toEqual([
      ['12 shards of cache.r7g.large (1 primary + 1 replica(s) each)', true, 340589],
      ['6 shards of cache.r7g.xlarge (1 primary + 1 replica(s) each)', false, undefined],
    ]);
    expect(memory.alternatives![1].noPrice).toMatch(/cache\.r7g\.xlarge.*eu-west-1/);
    expect(memory.fix).toMatch(/^needs >= 12 shards of cache\.r7g\.large.*has 1; cheapest passing: 12 shards of cache\.r7g\.large .*\(3405\.89 USD\/month\)$/);
    for (const a of memory.alternatives!) expect(allPass(cacheResourceRows(applyChanges(spec, a.changes), CACHE_RESOURCES))).toBe(true);
    expect(allPass(cacheResourceRows(applyChanges(spec, ['cache.application.shards: 11']), CACHE_RESOURCES))).toBe(false);
  });

  test('WHEN 8 shards hold 5 GiB THEN right-sizing names the fewest shards that pass, with the saving by hand', () => {
    const spec = cacheSpec(300, 1, 5, { nodeType: 'cache.r7g.large', shards: 8 });
    const r = withAlternatives(sizeSystem(planSystem(spec)), spec).rightSizing!.find((x) => x.block === 'cache')!;
    const n = Number(r.changes[0].split(': ')[1]);
    expect(n).toBeLessThan(8);
    // (8 - n) shards x 2 nodes x 730 h x 0.1944, each design rounded to the cent.
    expect(r.savesCents).toBe(Math.round(16 * 730 * 19.44) - Math.round(2 * n * 730 * 19.44));
    expect(allPass(cacheResourceRows(applyChanges(spec, r.changes), CACHE_RESOURCES))).toBe(true);
    expect(allPass(cacheResourceRows(applyChanges(spec, [`cache.application.shards: ${n - 1}`]), CACHE_RESOURCES))).toBe(false);
  });
});

describe('laws of the cache alternatives', () => {
  const cache = fc.record({
    peak: fc.integer({ min: 10, max: 3000 }),
    readsPerRequest: fc.integer({ min: 1, max: 100 }),
    workingSetGiB: fc.integer({ min: 1, max: 200 }),
    nodeType: fc.constantFrom('cache.r7g.large', 'cache.m7g.large', 'cache.r7g.xlarge', 'cache.r6g.2xlarge'),
    shards: fc.integer({ min: 1, max: 16 }),
    region: fc.constantFrom('eu-west-1', 'us-east-1'),
  });
  type CacheCase = { peak: number; readsPerRequest: number; workingSetGiB: number; nodeType: string; shards: number; region: string };
  const specOf = (c: CacheCase): SystemSpec =>
    cacheSpec(c.peak, c.readsPerRequest, c.workingSetGiB, { nodeType: c.nodeType, shards: c.shards }, c.region);

  test('every listed alternative passes every row of its resource when applied, priced ones first and in cost order', () => {
    let checked = 0;
    fc.assert(fc.property(cache, (c) => {
      const spec = specOf(c);
      let plan;
      try { plan = planSystem(spec); } catch { return; }
      const report = withAlternatives(sizeSystem(plan), spec);
      for (const fix of (report.fixes ?? []).filter((x) => CACHE_RESOURCES.includes(x.resource))) {
        const alts = fix.alternatives ?? [];
        const firstUnpriced = alts.findIndex((a) => !a.priced);
        const priced = firstUnpriced < 0 ? alts : alts.slice(0, firstUnpriced);
        expect(alts.slice(priced.length).every((a) => !a.priced)).toBe(true);
        priced.forEach((a, i) => { if (i > 0) expect(priced[i - 1].monthlyCents!).toBeLessThanOrEqual(a.monthlyCents!); });
        for (const a of alts) {
          expect(allPass(cacheResourceRows(applyChanges(spec, a.changes), [fix.resource]))).toBe(true);
          checked++;
        }
      }
    }), { numRuns: 20 });
    expect(checked).toBeGreaterThan(0);
  });

  test('the cache right-sizing passes and one shard less does not', () => {
    let suggested = 0;
    fc.assert(fc.property(cache, (c) => {
      const spec = specOf(c);
      let plan;
      try { plan = planSystem(spec); } catch { return; }
      const r = cacheRightSizing(spec, plan, 'cache', sizeSystemRows(plan).rows);
      if (!r) return;
      suggested++;
      const n = Number(r.changes[0].split(': ')[1]);
      expect(allPass(cacheResourceRows(applyChanges(spec, r.changes), CACHE_RESOURCES))).toBe(true);
      if (n > 1) expect(allPass(cacheResourceRows(applyChanges(spec, [`cache.application.shards: ${n - 1}`]), CACHE_RESOURCES))).toBe(false);
    }), { numRuns: 30 });
    expect(suggested).toBeGreaterThan(0);
  });
});
