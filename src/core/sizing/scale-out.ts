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

/** The scale-out of one ECS service against a ramp (see the model above). */
export function scaleOut(i: ScaleOutInput): ScaleOutResult {
  const P = Math.max(0, i.peak);
  const k = i.perTask;
  const uk = i.target * k;
  const n0 = i.minTasks;
  const M = Math.max(n0, i.maxTasks);
  const R = Math.max(0, i.rampSeconds);
  const launches = P > 0 ? Math.max(0, Math.ceil(P / uk - 1e-9) - n0) : 0;
  const launchSeconds = Math.max(0, (launches - i.launchBurst) / i.launchRatePerSecond);
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
