/*
 * Scale-out time: how an auto-scaled ECS service keeps up when its load ramps from zero to the
 * peak in R seconds.
 *
 * The model (a fluid approximation of target tracking, documented in SIZING-MODEL.md):
 * - the load rises linearly, L(t) = P x min(1, t / R) (a step to P when R = 0);
 * - target tracking keeps n = L / (u x k) tasks for a target u and k requests/s per task, between
 *   min and max tasks, but Λ seconds late: n(t) = max(min, min(max, L(t - Λ) / (u x k)));
 * - Λ = the alarm's detection (period x evaluation periods) + the time the Fargate launch rate
 *   takes to launch the tasks the peak needs beyond min (a burst, then a rate per second) + the
 *   start time of one task (start, health-check grace, healthy threshold x interval).
 * The row's figure is the worst utilisation L(t) / (k x n(t)) over the ramp, and how long the
 * load stays above the bound. Being a fluid (fractional tasks, no rounding up by target tracking),
 * it errs towards fewer tasks. Every quantity is monotone: a longer ramp lowers λ = Λ / R and so
 * raises n at every fraction of the ramp; more min or max tasks raise n; more peak raises the load
 * at every fraction and the launches, so Λ: the worst utilisation never improves with more load.
 */

/** What the scale-out of one ECS service is computed from. */
export interface ScaleOutInput {
  /** Peak requests/s. */
  readonly peak: number;
  /** Requests/s one task sustains. */
  readonly perTask: number;
  /** The utilisation target tracking holds (0..1). */
  readonly target: number;
  readonly minTasks: number;
  readonly maxTasks: number;
  /** Seconds from zero to the peak (0: a step). */
  readonly rampSeconds: number;
  /** Alarm period x evaluation periods. */
  readonly detectionSeconds: number;
  /** Seconds from a task's launch to its first request (start, grace, health checks). */
  readonly taskStartSeconds: number;
  /** Tasks launched at once before the rate applies. */
  readonly launchBurst: number;
  /** Tasks launched per second after the burst. */
  readonly launchRatePerSecond: number;
  /** The highest utilisation allowed while the fleet scales out. */
  readonly bound: number;
}

/** How the scale-out goes. */
export interface ScaleOutResult {
  /** True when min tasks carry the peak at the scaling target: no scale-out is needed. */
  readonly minCarriesPeak: boolean;
  /** Tasks the peak needs beyond min tasks (whole tasks to launch). */
  readonly launches: number;
  /** Seconds the launch rate adds (beyond the burst). */
  readonly launchSeconds: number;
  /** Λ: seconds the fleet follows the load late. */
  readonly lagSeconds: number;
  /** The load at the worst moment, requests/s. */
  readonly worstDemand: number;
  /** The capacity running at the worst moment, requests/s (tasks x per task, fluid). */
  readonly worstCapacity: number;
  /** Tasks running at the worst moment (fluid). */
  readonly worstTasks: number;
  /** Seconds the load stays above `bound` x the running capacity (Infinity: it never catches up). */
  readonly overloadSeconds: number;
}

/**
 * Seconds the Fargate launch rate adds to launching `launches` tasks at once: the token bucket
 * (catalog SOURCES.ecsFargateThrottling) holds `burst` launches, then refills at `ratePerSecond`.
 * `otherLaunches` are tasks other services launch from the same bucket (account and Region) at the
 * same moment, ahead of these.
 */
export function fargateLaunchSeconds(launches: number, burst: number, ratePerSecond: number, otherLaunches = 0): number {
  return launches <= 0 ? 0 : Math.max(0, (launches + Math.max(0, otherLaunches) - burst) / ratePerSecond);
}

/** The scale-out of one ECS service against a ramp (see the model above). */
export function scaleOut(i: ScaleOutInput): ScaleOutResult {
  const P = Math.max(0, i.peak);
  const k = i.perTask;
  const uk = i.target * k;
  const n0 = i.minTasks;
  const M = Math.max(n0, i.maxTasks);
  const R = Math.max(0, i.rampSeconds);
  const launches = P > 0 ? Math.max(0, Math.ceil(P / uk - 1e-9) - n0) : 0;
  const launchSeconds = fargateLaunchSeconds(launches, i.launchBurst, i.launchRatePerSecond);
  const lag = i.detectionSeconds + launchSeconds + i.taskStartSeconds;
  const minCarriesPeak = P <= uk * n0;
  const load = (t: number): number => (t < 0 ? 0 : R === 0 ? P : P * Math.min(1, t / R));
  const tasks = (t: number): number => Math.max(n0, Math.min(M, load(t - lag) / uk));
  const nFinal = Math.max(n0, Math.min(M, P / uk));
  // The fleet leaves min tasks when the lagged load needs more: t* = Λ + R x (u k n0) / P; the
  // utilisation rises until then (min tasks, rising load), falls while the fleet tracks the ramp,
  // and ends at P over the final fleet: the worst is at t* or at the end.
  const tStar = lag + (R > 0 && P > 0 ? (R * uk * n0) / P : 0);
  const candidates = minCarriesPeak ? [{ demand: P, tasks: n0 }] : [{ demand: load(tStar), tasks: n0 }, { demand: P, tasks: nFinal }];
  const worst = candidates.reduce((a, b) => (b.demand / b.tasks > a.demand / a.tasks ? b : a));
  // Seconds with load(t) > bound x k x tasks(t): exact over the linear pieces between the breakpoints.
  const f = (t: number): number => load(t) - i.bound * k * tasks(t);
  const points = [0, R, lag, lag + R, tStar, ...(M * uk < P ? [lag + (R * M * uk) / P] : [])]
    .filter((x) => Number.isFinite(x) && x >= 0).sort((a, b) => a - b);
  const end = points[points.length - 1] + 1;
  points.push(end);
  let overloadSeconds = 0;
  if (f(end + 1) > 0) {
    overloadSeconds = Number.POSITIVE_INFINITY;
  } else {
    for (let j = 0; j + 1 < points.length; j++) {
      const a = points[j];
      const b = points[j + 1];
      if (!(b > a)) continue;
      const d = (b - a) * 1e-9;
      const fa = f(a + d);
      const fb = f(b - d);
      if (fa > 0 && fb > 0) overloadSeconds += b - a;
      else if (fa > 0) overloadSeconds += (b - a) * (fa / (fa - fb));
      else if (fb > 0) overloadSeconds += (b - a) * (fb / (fb - fa));
    }
  }
  return {
    minCarriesPeak,
    launches,
    launchSeconds,
    lagSeconds: lag,
    worstDemand: worst.demand,
    worstCapacity: k * worst.tasks,
    worstTasks: worst.tasks,
    overloadSeconds,
  };
}

/*
 * Scale-out time of queue workers: how long the minimum workers carry a job rate alone when it
 * ramps from zero to the peak in R seconds, and the worst wait in the queue meanwhile.
 *
 * The model (a fluid FIFO queue, documented in SIZING-MODEL.md):
 * - jobs arrive at λ(t) = P x min(1, t / R) (a step to P when R = 0); min workers finish
 *   c0 = n0 / s jobs/s, max workers cM = M / s;
 * - from t0 = R x c0 / P (0 for a step) the arrivals exceed c0 and the backlog grows:
 *   Q(t) = ∫ (λ - c0) dt;
 * - target tracking on the backlog per worker (visible / running, or visible with no task
 *   running) alarms once Q exceeds B x max(1, n0) for the alarm's period x evaluation periods;
 * - it then launches the workers the peak keeps busy (ceil(P x s) - n0, at most M - n0): the
 *   Fargate launch rate (a burst, then a rate per second, shared with other services launching at
 *   once) and the task start time pass before they take jobs, at t1; from t1 the fleet runs at cM
 *   (one step to max: optimistic when target tracking asks for fewer first, backlog / B, and steps
 *   again);
 * - a job arriving at τ waits until the workers reach it: Q(τ) / c0 while only the min workers
 *   run, so the worst wait is t1 - τ* for the τ* whose job the min workers reach exactly at t1
 *   (later jobs meet cM ≥ λ and wait less); infinite when M workers cannot carry the peak.
 * Being fluid (no Erlang C queueing on top, which the job-wait rows check), it errs towards less
 * wait. The wait is not monotone in the min workers or the load: a larger minimum (or a load just
 * above it) holds the backlog-per-worker alarm back until the backlog is larger, so the worst wait
 * lies between the lag and the acceptable backlog's own wait B x s (plus the lag's growth). So the
 * row reads `worstWaitUpToPeakSeconds`, the worst over every peak up to the declared one, which
 * more load never lowers.
 */

/** What the scale-out of queue workers is computed from. */
export interface QueueScaleOutInput {
  /** Peak jobs/s. */
  readonly peak: number;
  /** Mean seconds one worker spends on one job. */
  readonly secondsPerJob: number;
  readonly minWorkers: number;
  readonly maxWorkers: number;
  /** Seconds from zero to the peak (0: a step). */
  readonly rampSeconds: number;
  /** The target of backlog-per-worker target tracking (visible messages per running worker). */
  readonly backlogPerWorker: number;
  /** Alarm period x evaluation periods. */
  readonly detectionSeconds: number;
  /** Seconds from a task's launch to its first job. */
  readonly taskStartSeconds: number;
  /** Tasks launched at once before the rate applies. */
  readonly launchBurst: number;
  /** Tasks launched per second after the burst. */
  readonly launchRatePerSecond: number;
  /**
   * Tasks other services launch from the same Fargate bucket at the same moment.
   *
   * @default 0
   */
  readonly otherLaunches?: number;
}

/** How the scale-out of queue workers goes (seconds from the start of the ramp). */
export interface QueueScaleOutResult {
  /** True when min workers finish the peak rate: no backlog builds. */
  readonly minCarriesPeak: boolean;
  /** When the arrivals exceed what min workers finish (the backlog starts). */
  readonly backlogStartSeconds: number;
  /** When the backlog crosses the target tracking threshold, B x max(1, min). */
  readonly thresholdSeconds: number;
  /** When the alarm fires (threshold + detection). */
  readonly alarmSeconds: number;
  /** Tasks launched (max - min). */
  readonly launches: number;
  /** Seconds the launch rate adds. */
  readonly launchSeconds: number;
  /** When the launched workers take jobs (t1). */
  readonly scaledSeconds: number;
  /** Seconds the min workers carry the rising rate alone: t1 - t0. */
  readonly minAloneSeconds: number;
  /** Jobs waiting at t1. */
  readonly backlogAtScaleOut: number;
  /** Seconds max workers take from t1 to drain the backlog (Infinity: never). */
  readonly drainSeconds: number;
  /** The longest time a job waits in the queue (Infinity: max workers cannot carry the peak). */
  readonly worstWaitSeconds: number;
  /**
   * The longest wait for any peak up to this one, above what min workers finish: at least the
   * wait at this peak and B x s, the wait a peak just above the min workers' rate reaches before
   * the per-worker alarm fires (the supremum for a step); Infinity with no min worker (a trickle
   * never fills the backlog target). Monotone in the peak, unlike `worstWaitSeconds`.
   */
  readonly worstWaitUpToPeakSeconds: number;
}

/** The scale-out of queue workers against a ramp (see the model above). */
export function queueScaleOut(i: QueueScaleOutInput): QueueScaleOutResult {
  const P = Math.max(0, i.peak);
  const k = 1 / i.secondsPerJob;
  const n0 = Math.max(0, i.minWorkers);
  const M = Math.max(n0, i.maxWorkers);
  const c0 = n0 * k;
  const cM = M * k;
  const R = Math.max(0, i.rampSeconds);
  // Min workers that finish the peak (to a relative 1e-9, so ceil(P x s) workers always do): no backlog.
  if (P <= c0 * (1 + 1e-9)) {
    return {
      minCarriesPeak: true,
      backlogStartSeconds: Number.POSITIVE_INFINITY,
      thresholdSeconds: Number.POSITIVE_INFINITY,
      alarmSeconds: Number.POSITIVE_INFINITY,
      launches: 0,
      launchSeconds: 0,
      scaledSeconds: Number.POSITIVE_INFINITY,
      minAloneSeconds: 0,
      backlogAtScaleOut: 0,
      drainSeconds: 0,
      worstWaitSeconds: 0,
      worstWaitUpToPeakSeconds: 0,
    };
  }
  const t0 = R > 0 ? (R * c0) / P : 0;
  const qR = R > 0 ? (P * (R - t0) ** 2) / (2 * R) : 0;
  // The backlog while only the min workers run.
  const backlog = (t: number): number => (t <= t0 ? 0 : R > 0 && t <= R ? (P * (t - t0) ** 2) / (2 * R) : qR + (P - c0) * (t - R));
  const threshold = i.backlogPerWorker * Math.max(1, n0);
  const tCross = R > 0 && threshold <= qR ? t0 + Math.sqrt((2 * R * threshold) / P) : R + (threshold - qR) / (P - c0);
  const alarm = tCross + i.detectionSeconds;
  // The workers the peak keeps busy beyond min (independent of max: more max never lengthens the launch).
  const launches = Math.max(0, Math.min(M, Math.ceil(P * i.secondsPerJob - 1e-9)) - n0);
  const launchSeconds = fargateLaunchSeconds(launches, i.launchBurst, i.launchRatePerSecond, i.otherLaunches ?? 0);
  const t1 = alarm + launchSeconds + i.taskStartSeconds;
  const q1 = backlog(t1);
  // The job the min workers reach exactly at t1: τ + Q(τ) / c0 = t1, increasing in τ.
  let wait: number;
  if (P > cM * (1 + 1e-12)) {
    wait = Number.POSITIVE_INFINITY;
  } else if (c0 <= 0) {
    wait = t1 - t0;
  } else {
    let lo = t0;
    let hi = t1;
    for (let j = 0; j < 200 && hi - lo > 1e-13 * Math.max(1, t1); j++) {
      const mid = (lo + hi) / 2;
      if (mid + backlog(mid) / c0 < t1) lo = mid;
      else hi = mid;
    }
    wait = t1 - (lo + hi) / 2;
  }
  // Drain from t1 at cM: ∫ (cM - λ) = q1.
  const arrived = (t: number): number => (R > 0 ? (t <= R ? (P * t * t) / (2 * R) : (P * R) / 2 + P * (t - R)) : P * t);
  const drained = (t: number): number => cM * (t - t1) - (arrived(t) - arrived(t1));
  let drainSeconds: number;
  if (!(cM > P)) {
    drainSeconds = Number.POSITIVE_INFINITY;
  } else {
    let lo = t1;
    let hi = Math.max(R, t1) + q1 / (cM - P) + 1;
    for (let j = 0; j < 200 && hi - lo > 1e-13 * Math.max(1, hi); j++) {
      const mid = (lo + hi) / 2;
      if (drained(mid) < q1) lo = mid;
      else hi = mid;
    }
    drainSeconds = (lo + hi) / 2 - t1;
  }
  return {
    minCarriesPeak: false,
    backlogStartSeconds: t0,
    thresholdSeconds: tCross,
    alarmSeconds: alarm,
    launches,
    launchSeconds,
    scaledSeconds: t1,
    minAloneSeconds: t1 - t0,
    backlogAtScaleOut: q1,
    drainSeconds,
    worstWaitSeconds: wait,
    worstWaitUpToPeakSeconds: n0 > 0 ? Math.max(wait, i.backlogPerWorker * i.secondsPerJob) : Number.POSITIVE_INFINITY,
  };
}
