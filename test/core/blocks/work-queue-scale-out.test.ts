import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { issuesOf } from './helpers';
import { BlockKind } from '../../../src/core/blocks/common';
import { planWorkQueue, sizeWorkQueue, WorkerKind, WorkQueueOptions } from '../../../src/core/blocks/work-queue';
import * as catalog from '../../../src/core/catalog';
import { ValidationError } from '../../../src/core/errors';
import { suppliedPlanIssues } from '../../../src/core/plan-rules';
import { SizingRow, Verdict } from '../../../src/core/sizing/report';
import { queueScaleOut, QueueScaleOutInput } from '../../../src/core/sizing/scale-out';
import { loadSpecFile, SpecError } from '../../../src/core/spec/loader';
import { planSystem } from '../../../src/core/system';

const rowOf = (rows: SizingRow[]): SizingRow | undefined => rows.find((r) => r.resource === 'worker scale-out');
const RANK = { [Verdict.PASS]: 0, [Verdict.WARN]: 1, [Verdict.FAIL]: 2 };

/** 10 jobs/s of 2 s each: 20 busy workers at peak. */
const queue = (minWorkers: number, load: WorkQueueOptions['load'] = {}, maxWorkers = 60, fargate = {}) => planWorkQueue({
  workers: { minWorkers, maxWorkers, fargate },
  load: { jobsPerSecond: 10, secondsPerJob: 2, ...load },
});

function neededFrom(fix: string | undefined): number {
  const m = /minWorkers >= ([\d,]+)/.exec(fix ?? '');
  if (!m) throw new Error(`no count in fix: ${fix}`);
  return Number(m[1].replace(/,/g, ''));
}

describe('queueScaleOut', () => {
  const base: QueueScaleOutInput = {
    peak: 10,
    secondsPerJob: 2,
    minWorkers: 2,
    maxWorkers: 60,
    rampSeconds: 0,
    backlogPerWorker: 50,
    detectionSeconds: 180,
    taskStartSeconds: 45,
    launchBurst: 100,
    launchRatePerSecond: 20,
  };

  test('GIVEN a step to the peak WHEN computed THEN the timeline matches the closed form', () => {
    // c0 = 1 job/s, backlog grows at 9/s, crosses 50 x 2 = 100 at 100/9 s; t1 = that + 180 + 45
    const r = queueScaleOut(base);
    const t1 = 100 / 9 + 225;
    expect(r.minCarriesPeak).toBe(false);
    expect(r.backlogStartSeconds).toBe(0);
    expect(r.thresholdSeconds).toBeCloseTo(100 / 9, 9);
    expect(r.alarmSeconds).toBeCloseTo(100 / 9 + 180, 9);
    expect(r.launches).toBe(18); // the 20 workers the peak keeps busy, less min
    expect(r.launchSeconds).toBe(0);
    expect(r.scaledSeconds).toBeCloseTo(t1, 9);
    expect(r.minAloneSeconds).toBeCloseTo(t1, 9);
    expect(r.backlogAtScaleOut).toBeCloseTo(9 * t1, 6);
    // worst wait t1 x (1 - c0 / P); drain 9 t1 jobs at 30 - 10 = 20 jobs/s net
    expect(r.worstWaitSeconds).toBeCloseTo(t1 * 0.9, 6);
    expect(r.drainSeconds).toBeCloseTo((9 * t1) / 20, 6);
  });

  test('GIVEN launches beyond the burst, or other services launching at once, WHEN computed THEN the launch rate adds time', () => {
    expect(queueScaleOut({ ...base, peak: 161, maxWorkers: 400 }).launchSeconds).toBeCloseTo(11, 9); // 322 - 2 launches: 220 beyond the burst at 20/s
    expect(queueScaleOut({ ...base, otherLaunches: 142 }).launchSeconds).toBeCloseTo(3, 9); // 18 + 142 - 100 at 20/s
    expect(queueScaleOut({ ...base, maxWorkers: 3000 }).launchSeconds).toBe(0); // max workers beyond the peak's are not launched
  });

  test('GIVEN min workers that finish the peak, or max workers that cannot, WHEN computed THEN no wait, or an infinite one', () => {
    expect(queueScaleOut({ ...base, minWorkers: 20 })).toMatchObject({ minCarriesPeak: true, worstWaitSeconds: 0 });
    expect(queueScaleOut({ ...base, maxWorkers: 19 }).worstWaitSeconds).toBe(Number.POSITIVE_INFINITY);
    expect(queueScaleOut({ ...base, maxWorkers: 20 }).drainSeconds).toBe(Number.POSITIVE_INFINITY);
  });

  test('GIVEN no min workers WHEN computed THEN the first job waits the whole lag (the metric is the backlog itself)', () => {
    const r = queueScaleOut({ ...base, minWorkers: 0 });
    expect(r.thresholdSeconds).toBeCloseTo(5, 9);
    expect(r.worstWaitSeconds).toBeCloseTo(5 + 225, 6);
    expect(r.worstWaitUpToPeakSeconds).toBe(Number.POSITIVE_INFINITY); // a trickle never fills the backlog target
  });

  test('GIVEN min workers WHEN computed THEN the wait over every peak up to this one is at least the backlog target\'s own wait', () => {
    expect(queueScaleOut(base).worstWaitUpToPeakSeconds).toBeCloseTo((100 / 9 + 225) * 0.9, 6); // above 50 x 2 s
    expect(queueScaleOut({ ...base, backlogPerWorker: 500 }).worstWaitUpToPeakSeconds).toBe(1000);
  });

  const input = fc.record({
    peak: fc.double({ min: 0.01, max: 500, noNaN: true }),
    secondsPerJob: fc.double({ min: 0.05, max: 60, noNaN: true }),
    minWorkers: fc.integer({ min: 0, max: 200 }),
    extra: fc.integer({ min: 0, max: 3000 }),
    rampSeconds: fc.double({ min: 0, max: 86_400, noNaN: true }),
    backlogPerWorker: fc.double({ min: 0.5, max: 1000, noNaN: true }),
    detectionSeconds: fc.integer({ min: 0, max: 600 }),
    taskStartSeconds: fc.integer({ min: 0, max: 300 }),
  }).map(({ extra, ...i }) => ({ ...i, maxWorkers: i.minWorkers + extra, launchBurst: 100, launchRatePerSecond: 20 }));

  test('laws: the wait is 0 exactly when min workers finish the peak, else positive and at most the time they carry the rate alone', () => {
    fc.assert(fc.property(input, (i) => {
      const r = queueScaleOut(i);
      expect(r.minCarriesPeak).toBe(i.peak <= (i.minWorkers / i.secondsPerJob) * (1 + 1e-9));
      if (r.minCarriesPeak) return expect([r.worstWaitSeconds, r.worstWaitUpToPeakSeconds]).toEqual([0, 0]);
      expect(r.worstWaitUpToPeakSeconds).toBeGreaterThanOrEqual(r.worstWaitSeconds);
      expect(r.scaledSeconds).toBeGreaterThanOrEqual(r.alarmSeconds);
      expect(r.alarmSeconds).toBeGreaterThanOrEqual(r.thresholdSeconds);
      expect(r.thresholdSeconds).toBeGreaterThanOrEqual(r.backlogStartSeconds);
      // some job waits, none longer than the min workers carry the rate alone (with max workers that carry the peak)
      expect(r.worstWaitSeconds).toBeGreaterThan(0);
      if (i.peak <= i.maxWorkers / i.secondsPerJob) expect(r.worstWaitSeconds).toBeLessThanOrEqual(r.minAloneSeconds * (1 + 1e-12));
      else expect(r.worstWaitSeconds).toBe(Number.POSITIVE_INFINITY);
    }), { numRuns: 300 });
  });

  test('laws: more max workers never lengthen the drain; more peak never shortens the time until the backlog starts... and a longer lag never lowers the wait', () => {
    fc.assert(fc.property(input, fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 600 }), (i, more, later) => {
      const r = queueScaleOut(i);
      const lagged = queueScaleOut({ ...i, detectionSeconds: i.detectionSeconds + later });
      expect(lagged.worstWaitSeconds).toBeGreaterThanOrEqual(r.worstWaitSeconds * (1 - 1e-9));
      const wider = queueScaleOut({ ...i, maxWorkers: i.maxWorkers + more, launchBurst: 1e9 });
      const narrow = queueScaleOut({ ...i, launchBurst: 1e9 });
      expect(wider.worstWaitSeconds).toBeLessThanOrEqual(narrow.worstWaitSeconds * (1 + 1e-9));
      if (Number.isFinite(narrow.drainSeconds)) expect(wider.drainSeconds).toBeLessThanOrEqual(narrow.drainSeconds * (1 + 1e-9) + 1e-9);
    }), { numRuns: 300 });
  });
});

describe('worker scale-out row', () => {
  test('GIVEN no ramp WHEN planned THEN the step is assumed and listed for Fargate workers, not for Lambda', () => {
    const plan = queue(2);
    expect(plan.load.rampSeconds).toBe(0);
    expect(plan.assumed.find((a) => a.prop.endsWith('load.rampSeconds'))?.reason).toBe(catalog.ASSUMED.loadRampSeconds.reasoning);
    expect(queue(2, { rampSeconds: 600 }).assumed.some((a) => a.prop.endsWith('load.rampSeconds'))).toBe(false);
    const lambda = planWorkQueue({ workers: { kind: WorkerKind.LAMBDA }, load: { jobsPerSecond: 10, secondsPerJob: 2 } });
    expect(lambda.assumed.some((a) => a.prop.endsWith('load.rampSeconds'))).toBe(false);
    expect(rowOf(sizeWorkQueue(lambda))).toBeUndefined();
  });

  test('GIVEN min workers that cannot carry a sudden peak and a 60 s latency target WHEN sized THEN FAIL with the exact min-worker fix', () => {
    // GIVEN 2 min workers of the 20 the peak keeps busy, a step, and a 60 s target (backlog target 30 per worker)
    const plan = queue(2, { latencyTargetSeconds: 60 });
    expect(plan.workers.fargate!.scaling.acceptableBacklogPerWorker).toBe(30);
    // WHEN
    const r = rowOf(sizeWorkQueue(plan))!;
    // THEN the backlog passes 60 at 60/9 s, the alarm needs 3 x 60 s, the tasks start in 45 s: the worst wait is (60/9 + 225) x 0.9
    expect(r.verdict).toBe(Verdict.FAIL);
    expect(r.demand).toBeCloseTo((60 / 9 + 225) * 0.9, 6);
    expect(r.capacity).toBe(60);
    expect(r.reason).toContain('the job rate steps to 10 jobs/s at once; 2 min workers finish 1 jobs/s');
    expect(r.reason).toContain('alarms at 187 s');
    expect(r.reason).toMatch(/the worst job waits 20[89] s, beyond the latency target \(load\.latencyTargetSeconds\) of 60 s$/);
    expect(r.fixResource).toBe('worker scale-out');
    // the fix is the smallest passing minimum: it passes, one fewer does not
    const n = neededFrom(r.fix);
    const at = (min: number) => rowOf(sizeWorkQueue(queue(min, { latencyTargetSeconds: 60 })))!;
    expect(at(n).verdict).toBe(Verdict.PASS);
    for (let k = 2; k < n; k++) expect(at(k).verdict).not.toBe(Verdict.PASS);
  });

  test('GIVEN a long ramp and a low backlog target WHEN sized THEN PASS; the same fleet FAILs a step', () => {
    const fargate = { acceptableBacklogPerWorker: 2 };
    const slow = rowOf(sizeWorkQueue(queue(2, { latencyTargetSeconds: 600, rampSeconds: 3600 }, 60, fargate)))!;
    expect(slow.verdict).toBe(Verdict.PASS);
    expect(slow.reason).toContain('the job rate ramps from 0 to 10 jobs/s in 3,600 s');
    const step = rowOf(sizeWorkQueue(queue(2, { latencyTargetSeconds: 200 }, 60, fargate)))!;
    expect(step.verdict).toBe(Verdict.FAIL);
  });

  test('GIVEN no latency target WHEN sized THEN the bound is the retention period', () => {
    const r = rowOf(sizeWorkQueue(queue(2)))!;
    expect(r.capacity).toBe(345_600);
    expect(r.verdict).toBe(Verdict.PASS);
    const short = rowOf(sizeWorkQueue(planWorkQueue({
      retentionSeconds: 120, workers: { minWorkers: 2, maxWorkers: 60 }, load: { jobsPerSecond: 10, secondsPerJob: 2 },
    })))!;
    expect(short.verdict).toBe(Verdict.FAIL);
    expect(short.reason).toContain('the retention period (a job that waits longer expires) of 120 s');
  });

  test('GIVEN max workers below the peak WHEN sized THEN FAIL: the backlog never drains', () => {
    const r = rowOf(sizeWorkQueue(queue(2, {}, 15)))!;
    expect(r.verdict).toBe(Verdict.FAIL);
    expect(r.reason).toMatch(/below the peak: the backlog never drains$/);
    expect(r.fix).toBe('set workers.minWorkers >= 20 and workers.maxWorkers >= 20 (workers of 1 vCPU / 2 GiB)');
  });

  test('GIVEN min workers that carry the peak WHEN sized THEN PASS: nothing waits', () => {
    const r = rowOf(sizeWorkQueue(queue(20)))!;
    expect(r.verdict).toBe(Verdict.PASS);
    expect(r.reason).toBe('minWorkers 20 finish 10 jobs/s, at least the 10 jobs/s peak: no backlog waits for a scale-out');
  });
});

describe('worker scale-out laws', () => {
  const spec = fc.record({
    jobs: fc.double({ min: 0.1, max: 40, noNaN: true }),
    seconds: fc.double({ min: 0.1, max: 10, noNaN: true }),
    min: fc.integer({ min: 0, max: 40 }),
    ramp: fc.integer({ min: 0, max: 7200 }),
    latency: fc.option(fc.integer({ min: 30, max: 3600 }), { nil: undefined }),
    backlog: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
  });
  type Spec = { jobs: number; seconds: number; min: number; ramp: number; latency?: number; backlog?: number };
  const verdictOf = (s: Spec) => rowOf(sizeWorkQueue(planWorkQueue({
    workers: { minWorkers: s.min, maxWorkers: 400, fargate: s.backlog !== undefined ? { acceptableBacklogPerWorker: s.backlog } : {} },
    load: { jobsPerSecond: s.jobs, secondsPerJob: s.seconds, rampSeconds: s.ramp, latencyTargetSeconds: s.latency },
  })))!;

  test('the min-worker fix is exact: it passes, and every smaller minimum above the current one does not', () => {
    fc.assert(fc.property(spec, (s) => {
      const r = verdictOf(s);
      if (r.verdict === Verdict.PASS) return;
      const n = neededFrom(r.fix);
      expect(verdictOf({ ...s, min: n }).verdict).toBe(Verdict.PASS);
      for (let k = s.min + 1; k < n; k++) expect(verdictOf({ ...s, min: k }).verdict).not.toBe(Verdict.PASS);
    }), { numRuns: 40 });
  });

  test('min workers that carry the peak always PASS, whatever the ramp and load below it', () => {
    fc.assert(fc.property(spec, (s) => {
      const carry = Math.ceil(s.jobs * s.seconds - 1e-9);
      expect(verdictOf({ ...s, min: carry }).verdict).toBe(Verdict.PASS);
    }), { numRuns: 60 });
  });

  test('more max workers, all launched within the Fargate burst, never worsen the verdict', () => {
    fc.assert(fc.property(spec, fc.integer({ min: 1, max: 60 }), (s, more) => {
      const need = Math.max(s.min, Math.ceil(s.jobs * s.seconds));
      fc.pre(need + 1 + more <= 100);
      const plan = (max: number) => planWorkQueue({
        workers: { minWorkers: s.min, maxWorkers: max, fargate: s.backlog !== undefined ? { acceptableBacklogPerWorker: s.backlog } : {} },
        load: { jobsPerSecond: s.jobs, secondsPerJob: s.seconds, rampSeconds: s.ramp, latencyTargetSeconds: s.latency },
      });
      const few = rowOf(sizeWorkQueue(plan(need + 1)))!;
      const many = rowOf(sizeWorkQueue(plan(need + 1 + more)))!;
      expect(RANK[many.verdict]).toBeLessThanOrEqual(RANK[few.verdict]);
    }), { numRuns: 30 });
  });

  test('the laws the API row has do not hold here: a longer ramp, more min workers or less load can lengthen the wait', () => {
    // B x s = 1,000 s of backlog per worker before the alarm, a 225 s lag: the wait mixes the two by min / (peak x s)
    const i: QueueScaleOutInput = {
      peak: 10,
      secondsPerJob: 2,
      minWorkers: 2,
      maxWorkers: 60,
      rampSeconds: 0,
      backlogPerWorker: 500,
      detectionSeconds: 180,
      taskStartSeconds: 45,
      launchBurst: 100,
      launchRatePerSecond: 20,
    };
    const step = queueScaleOut(i).worstWaitSeconds;
    expect(step).toBeCloseTo(0.1 * 1000 + 0.9 * 225, 4);
    expect(queueScaleOut({ ...i, rampSeconds: 86_400 }).worstWaitSeconds).toBeGreaterThan(step);
    expect(queueScaleOut({ ...i, minWorkers: 10 }).worstWaitSeconds).toBeCloseTo(0.5 * 1000 + 0.5 * 225, 4);
    expect(queueScaleOut({ ...i, peak: 20 }).worstWaitSeconds).toBeCloseTo(0.05 * 1000 + 0.95 * 225, 4);
    // but never beyond the two together
    expect(queueScaleOut({ ...i, rampSeconds: 86_400 }).worstWaitSeconds).toBeLessThan(1000 + 225);
  });
});

describe('load.rampSeconds of a WorkQueue: bad input by every way in', () => {
  test.each([
    [-1], [86_401], ['60'], [Number.NaN],
  ])('GIVEN options with load.rampSeconds %p WHEN planned THEN one ValidationError names the prop, the value and 0..86,400', (value) => {
    const issues = issuesOf(() => planWorkQueue({ load: { jobsPerSecond: 10, rampSeconds: value as number } }));
    expect(issues.length).toBe(1);
    expect(issues[0].prop).toMatch(/(^|\.)load\.rampSeconds$/);
    expect(issues[0].value).toContain(String(value));
    expect(issues[0].allowed).toMatch(/86,?400/);
  });

  test('GIVEN Lambda workers WHEN the ramp is out of range THEN it is still named (it is checked whatever the workers)', () => {
    expect(() => planWorkQueue({ workers: { kind: WorkerKind.LAMBDA }, load: { jobsPerSecond: 1, rampSeconds: -1 } })).toThrow(/load\.rampSeconds/);
  });

  test('GIVEN a supplied plan WHEN its ramp is out of range THEN its rules name plan.load.rampSeconds; in range THEN none', () => {
    const plan = queue(2, { rampSeconds: 600 });
    expect(suppliedPlanIssues(BlockKind.WORK_QUEUE, plan, 'Jobs')).toEqual([]);
    const issues = suppliedPlanIssues(BlockKind.WORK_QUEUE, { ...plan, load: { ...plan.load, rampSeconds: -1 } }, 'Jobs');
    expect(issues.map((i) => i.prop)).toEqual(['plan.load.rampSeconds']);
    expect(issues[0].value).toContain('-1');
    expect(issues[0].allowed).toMatch(/86,?400/);
  });

  const spec = (rampSeconds: unknown) => ({ name: 'ramp', load: { peakRequestsPerSecond: 100, jobsPerSecond: 10 }, queue: { load: { secondsPerJob: 2, rampSeconds } } });

  test('GIVEN a spec object WHEN the queue ramp is declared THEN the queue reads it; out of range THEN ValidationError names queue.load.rampSeconds', () => {
    const plan = planSystem(spec(600) as never);
    expect(plan.queue!.load.rampSeconds).toBe(600);
    expect(plan.queue!.assumed.some((a) => a.prop.endsWith('load.rampSeconds'))).toBe(false);
    for (const bad of [-5, 'soon', 100_000]) {
      expect(() => planSystem(spec(bad) as never)).toThrow(ValidationError);
      expect(() => planSystem(spec(bad) as never)).toThrow(/queue: load\.rampSeconds/);
    }
  });

  test('GIVEN a spec file WHEN the queue ramp is not a number THEN the schema names it; out of range THEN planning names it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-queue-ramp-'));
    const write = (ramp: string): string => {
      const file = path.join(dir, `spec-${Math.random().toString(36).slice(2)}.yaml`);
      fs.writeFileSync(file, `name: ramp\nload:\n  peakRequestsPerSecond: 100\n  jobsPerSecond: 10\nqueue:\n  load:\n    secondsPerJob: 2\n    rampSeconds: ${ramp}\n`);
      return file;
    };
    let problem: SpecError | undefined;
    try {
      loadSpecFile(write('soon'));
    } catch (e) {
      problem = e as SpecError;
    }
    expect(problem).toBeInstanceOf(SpecError);
    expect(problem!.problems.map((p) => p.path).join(' ')).toMatch(/queue\.load\.rampSeconds|queue\/load\/rampSeconds/);
    const loaded = loadSpecFile(write('-5')).data;
    expect(() => planSystem(loaded as never)).toThrow(/queue: load\.rampSeconds/);
    expect(planSystem(loadSpecFile(write('900')).data as never).queue!.load.rampSeconds).toBe(900);
  });
});
