import fc from 'fast-check';
import { RANK, issuesOf } from './helpers';
import { BlockKind } from '../../../src/core/blocks/common';
import { LoadBalancedApiOptions, planLoadBalancedApi, sizeLoadBalancedApi } from '../../../src/core/blocks/load-balanced-api';
import * as catalog from '../../../src/core/catalog';
import { ValidationError } from '../../../src/core/errors';
import { suppliedPlanIssues } from '../../../src/core/plan-rules';
import { SizingRow, Verdict } from '../../../src/core/sizing/report';
import { scaleOut } from '../../../src/core/sizing/scale-out';
import { planSystem, sizeSystem } from '../../../src/core/system';
import { plainHttp } from '../../fixtures/plain-http';

const planApi = (options: LoadBalancedApiOptions = {}) => planLoadBalancedApi(plainHttp(options));
const scaleOutRowOf = (rows: SizingRow[]): SizingRow | undefined => rows.find((r) => r.resource === 'api scale-out');
const taskRows = (rows: SizingRow[]): SizingRow[] => rows.filter((r) => (r.fixResource ?? r.resource) === 'api tasks');

/** 3,000 requests/s at 250 per task and the default 0.5 target: 24 tasks at peak. */
const api = (minTasks: number, rampSeconds?: number, peak = 3000, maxTasks = 60) => planApi({
  scaling: { minTasks, maxTasks },
  load: { peakRequestsPerSecond: peak, requestsPerSecondPerTask: 250, ...(rampSeconds !== undefined ? { rampSeconds } : {}) },
});

describe('scale-out time row', () => {
  test('GIVEN min tasks that carry the peak WHEN sized THEN PASS: nothing waits for a scale-out', () => {
    // GIVEN the default min (the tasks target tracking keeps at peak)
    const plan = planApi({ load: { peakRequestsPerSecond: 3000, requestsPerSecondPerTask: 250 } });
    // WHEN
    const r = scaleOutRowOf(sizeLoadBalancedApi(plan))!;
    // THEN
    expect(r.verdict).toBe(Verdict.PASS);
    expect(r.reason).toMatch(/^minTasks 24 carry the peak alone \(50 % busy\)/);
  });

  test('GIVEN no ramp WHEN planned THEN the step is assumed and listed, and the min tasks carry the peak for minutes: FAIL', () => {
    // GIVEN min 3 of the 24 the peak needs, no ramp declared
    const plan = api(3);
    expect(plan.load.rampSeconds).toBe(0);
    expect(plan.assumed.find((a) => a.prop.endsWith('load.rampSeconds'))?.reason).toBe(catalog.ASSUMED.loadRampSeconds.reasoning);
    // WHEN
    const r = scaleOutRowOf(sizeLoadBalancedApi(plan))!;
    // THEN 3,000 requests/s on 3 tasks of 250: 400 % busy until the scale-out lands: 180 s alarm + 45 s start + 60 s grace + health checks
    expect(r.verdict).toBe(Verdict.FAIL);
    expect(r.demand).toBe(3000);
    expect(r.capacity).toBe(750);
    const health = plan.healthCheck.healthyThreshold * plan.healthCheck.intervalSeconds;
    expect(r.reason).toContain('the load steps to 3,000 requests/s at once');
    expect(r.reason).toContain(`scales out ${180 + 45 + 60 + health} s late (180 s alarm, 45 s to start (assumed) + 60 s health-check grace`);
    expect(r.reason).toMatch(new RegExp(`400 % busy, above 90 % for ${180 + 45 + 60 + health} s$`));
    expect(r.fixResource).toBe('api tasks');
    expect(r.fix).toMatch(/^set scaling\.minTasks >= \d+ \(tasks of 1 vCPU \/ 2 GiB\)$/);
  });

  test('GIVEN a ramp the scale-out keeps up with WHEN sized THEN PASS; a shorter one FAILs', () => {
    expect(scaleOutRowOf(sizeLoadBalancedApi(api(12, 3600)))!.verdict).toBe(Verdict.PASS);
    expect(scaleOutRowOf(sizeLoadBalancedApi(api(12, 3600)))!.reason).toMatch(/capacity keeps up with the ramp$/);
    expect(scaleOutRowOf(sizeLoadBalancedApi(api(12, 60)))!.verdict).toBe(Verdict.FAIL);
    expect(plainAssumed(api(12, 3600)).filter((p) => p.endsWith('load.rampSeconds'))).toEqual([]);
    expect(plainAssumed(api(12)).filter((p) => p.endsWith('load.rampSeconds'))).toHaveLength(1);
  });

  test('GIVEN a fixed fleet WHEN planned THEN no ramp is assumed and there is no scale-out row', () => {
    const plan = planApi({ scaling: { fixedTasks: 30 }, load: { peakRequestsPerSecond: 3000 } });
    expect(plainAssumed(plan).filter((p) => p.endsWith('load.rampSeconds'))).toEqual([]);
    expect(scaleOutRowOf(sizeLoadBalancedApi(plan))).toBeUndefined();
  });

  test.each([
    [-1], [86_401], ['60'], [Number.NaN],
  ])('GIVEN load.rampSeconds %p WHEN planned THEN one ValidationError names the prop, the value and 0..86,400', (value) => {
    const issues = issuesOf(() => planApi({ load: { rampSeconds: value as number } }));
    expect(issues.length).toBe(1);
    expect(issues[0].prop).toMatch(/(^|\.)load\.rampSeconds$/);
    expect(issues[0].value).toContain(String(value));
    expect(issues[0].allowed).toMatch(/86,?400/);
  });

  test('GIVEN a supplied plan WHEN its ramp is out of range THEN its rules name plan.load.rampSeconds; in range THEN none', () => {
    const plan = api(3, 600);
    expect(suppliedPlanIssues(BlockKind.LOAD_BALANCED_API, plan, 'Api')).toEqual([]);
    const issues = suppliedPlanIssues(BlockKind.LOAD_BALANCED_API, { ...plan, load: { ...plan.load, rampSeconds: -1 } }, 'Api');
    expect(issues.map((i) => i.prop)).toEqual(['plan.load.rampSeconds']);
    expect(issues[0].allowed).toMatch(/86,?400/);
  });

  test('GIVEN a system ramp WHEN planned THEN the API reads it; with the API\'s own too THEN ValidationError', () => {
    const spec = { name: 'ramp', load: { peakRequestsPerSecond: 3000, rampSeconds: 600 }, api: { allowPlainHttp: true, scaling: { minTasks: 3, maxTasks: 60 } } };
    const plan = planSystem(spec as never);
    expect(plan.api!.load.rampSeconds).toBe(600);
    expect(plan.api!.assumed.some((a) => a.prop.endsWith('load.rampSeconds'))).toBe(false);
    expect(() => planSystem({ ...spec, api: { ...spec.api, load: { rampSeconds: 60 } } } as never)).toThrow(/api\.load\.rampSeconds/);
    expect(() => planSystem({ ...spec, load: { ...spec.load, rampSeconds: -5 } } as never)).toThrow(/load\.rampSeconds/);
    expect(() => planSystem({ ...spec, load: { ...spec.load, rampSeconds: 'soon' } } as never)).toThrow(ValidationError);
    expect(() => planSystem({ ...spec, load: { ...spec.load, rampSeconds: 'soon' } } as never)).toThrow(/load\.rampSeconds/);
  });

  test('GIVEN a system without a ramp WHEN sized THEN the report lists the assumed step and the API\'s scale-out row FAILs with its fix', () => {
    const report = sizeSystem(planSystem({
      name: 'ramp', load: { peakRequestsPerSecond: 3000 }, api: { allowPlainHttp: true, scaling: { minTasks: 3, maxTasks: 60 } },
    } as never));
    expect(report.assumed.find((a) => a.prop === 'api.load.rampSeconds')?.value).toBe('0 s');
    const r = report.rows.find((x) => x.resource === 'api scale-out')!;
    expect(r.verdict).toBe(Verdict.FAIL);
    expect(report.fixes?.find((f) => f.resource === 'api tasks')?.rows).toContain('api scale-out (NORMAL)');
  });
});

function plainAssumed(plan: ReturnType<typeof planLoadBalancedApi>): string[] {
  return plan.assumed.map((a) => a.prop);
}

describe('scale-out time: laws', () => {
  const min = fc.integer({ min: 1, max: 40 });
  const ramp = fc.integer({ min: 0, max: 7200 });
  const peak = fc.integer({ min: 100, max: 20_000 });
  const rowAt = (m: number, r: number, p: number): SizingRow => scaleOutRowOf(sizeLoadBalancedApi(api(m, r, p, 200)))!;
  const noWorse = (a: SizingRow, b: SizingRow): boolean => RANK[b.verdict] <= RANK[a.verdict] && b.utilization <= a.utilization + 1e-12;

  test('a longer ramp never worsens the row', () => {
    fc.assert(fc.property(min, ramp, ramp, peak, (m, r1, r2, p) => noWorse(rowAt(m, Math.min(r1, r2), p), rowAt(m, Math.max(r1, r2), p))));
  });

  test('more min tasks never worsen the row', () => {
    fc.assert(fc.property(min, min, ramp, peak, (m1, m2, r, p) => noWorse(rowAt(Math.min(m1, m2), r, p), rowAt(Math.max(m1, m2), r, p))));
  });

  test('more peak load never improves the row', () => {
    fc.assert(fc.property(min, ramp, peak, peak, (m, r, p1, p2) => noWorse(rowAt(m, r, Math.max(p1, p2)), rowAt(m, r, Math.min(p1, p2)))));
  });

  test('the same laws hold for the model itself, max tasks included (more never worsens)', () => {
    const base = { perTask: 250, target: 0.5, detectionSeconds: 180, taskStartSeconds: 165, launchBurst: 100, launchRatePerSecond: 20, bound: 0.9 };
    const util = (x: ReturnType<typeof scaleOut>): number => x.worstDemand / x.worstCapacity;
    fc.assert(fc.property(min, fc.integer({ min: 0, max: 400 }), ramp, peak, (m, extra, r, p) => {
      const a = scaleOut({ ...base, peak: p, minTasks: m, maxTasks: m + extra, rampSeconds: r });
      const b = scaleOut({ ...base, peak: p, minTasks: m, maxTasks: m + extra + 1, rampSeconds: r });
      return util(b) <= util(a) + 1e-12 && b.overloadSeconds <= a.overloadSeconds + 1e-6;
    }));
  });

  test('the fix is exact: apply it and every row of the tasks PASSes; one task less and one does not', () => {
    fc.assert(fc.property(min, ramp, peak, (m, r, p) => {
      const rows = sizeLoadBalancedApi(api(m, r, p, 200));
      const row = scaleOutRowOf(rows)!;
      if (row.verdict === Verdict.PASS) return true;
      const match = /^set scaling\.minTasks >= (\d[\d,]*)(?: and scaling\.maxTasks >= (\d[\d,]*))? \(/.exec(row.fix ?? '');
      if (!match) return true; // a fix that is not a count (e.g. a quota) is another row's
      const n = Number(match[1].replace(/,/g, ''));
      const maxTasks = match[2] ? Number(match[2].replace(/,/g, '')) : 200;
      const at = (k: number) => taskRows(sizeLoadBalancedApi(api(k, r, p, Math.max(maxTasks, k))));
      return at(n).every((x) => x.verdict === Verdict.PASS) && at(n - 1).some((x) => x.verdict !== Verdict.PASS);
    }), { numRuns: 60 });
  });
});
