// LoadBalancedApi: the topology the sizing reads, and the sizing rows of a fleet.
import { ComputeKind, DeploymentStrategy, LoadBalancerType } from './options';
import { API_MAXIMUM_PERCENT, ApiComputePlan, LoadBalancedApiPlan } from './plan';
import { AssumedInput } from '../../assumptions';
import * as catalog from '../../catalog';
import {
  capacityRow, checkFleet, checkLatency, checkLimit, checkRule, fmtPercent, placeUnits, SizingPolicy, smallestPassing, staticallyStableCpuTarget,
  survivors, utilizationOf, verdictFor,
} from '../../sizing/capacity';
import { Scenario, SizingRow, Verdict } from '../../sizing/report';
import { scaleOut } from '../../sizing/scale-out';
import { fmt } from '../../validation';

/**
 * Metric of the auto-scaling static-stability row: the CPU, in percent, that the tasks left after
 * an AZ loss run at (demand, u x A/(A-1) x 100) against 100 % CPU (capacity).
 */
export const STATIC_STABILITY_METRIC = '% CPU';

/**
 * The default CPU target: statically stable on `azCount` AZs and, at peak, within 90 % of the
 * normal target utilisation (so neither row WARNs), rounded down to 0.05, at least 0.1.
 */
export function defaultCpuTarget(azCount: number, sizing: SizingPolicy): number {
  const normal = Math.floor(sizing.targetUtilization * sizing.warnMargin * 20 + 1e-9) / 20;
  return Math.max(0.1, Math.min(staticallyStableCpuTarget(azCount, sizing.maxUtilization, sizing.warnMargin), normal));
}

/** Tasks target tracking keeps running at peak: ceil(D / (u_tt x k)). */
export function tasksAtPeak(peak: number, perTask: number, cpuTarget: number): number {
  return peak <= 0 ? 0 : Math.ceil(peak / (cpuTarget * perTask) - 1e-9);
}

/**
 * The utilisation target tracking holds the fleet at: the CPU target, or the request-count target
 * over one task's capacity when that is lower (with two policies, auto scaling keeps the larger count).
 */
export function effectiveScalingTarget(cpuTarget: number, perTask: number, requestsPerSecondPerTarget?: number): number {
  return requestsPerSecondPerTarget !== undefined && perTask > 0 ? Math.min(cpuTarget, requestsPerSecondPerTarget / perTask) : cpuTarget;
}

/**
 * The requests/s one task of a size is assumed to sustain when the user gives none (the catalog's
 * figure per vCPU, scaled by the family's per-vCPU speed on EC2), and why. Also used by the
 * read-back to re-derive it for a task size the synthesized output changed.
 */
export function assumedRequestsPerTask(compute: ApiComputePlan): { value: number; reason: string } {
  const perVcpu = catalog.ASSUMED.apiRequestsPerSecondPerVcpu;
  let speed = 1;
  let family = 'fargate';
  if (compute.kind === ComputeKind.EC2 && typeof compute.instanceType === 'string') {
    family = compute.instanceType.split('.')[0];
    speed = catalog.relativeVcpuSpeed(family, perVcpu.referenceFamily ?? 'm7g') ?? 1;
  }
  const value = Math.max(1, Math.floor(perVcpu.value * compute.vcpu * speed));
  return {
    value,
    reason: `${fmt(perVcpu.value)} requests/s per vCPU (${perVcpu.source.title}) x ${fmt(compute.vcpu)} vCPU`
      + (speed !== 1 ? ` x ${fmt(speed)} (${family} per-vCPU speed vs m7g)` : '') + ': measure yours and set load.requestsPerSecondPerTask',
  };
}

/** The most requests one task may declare it serves at once (`load.concurrencyPerTask`). */
export const MAX_CONCURRENCY_PER_TASK = 100_000;

/**
 * Requests one task is assumed to serve at once when the user declares none: 2 x vCPU + 1, at
 * least 1, the worker count gunicorn recommends for a synchronous server ("How Many Workers?",
 * https://docs.gunicorn.org/en/stable/design.html#how-many-workers). It is a property of the
 * task, never of the service time, so a slower request can only lengthen the queue: the latency
 * check stays monotone in the service time.
 */
export function assumedConcurrencyPerTask(compute: ApiComputePlan): { value: number; reason: string } {
  const value = Math.max(1, Math.floor(2 * compute.vcpu + 1 + 1e-9));
  return {
    value,
    reason: `2 x ${fmt(compute.vcpu)} vCPU + 1 requests at once, the worker count gunicorn recommends for a synchronous server `
      + '(docs.gunicorn.org, design: How Many Workers?): a server that overlaps I/O (threads, async) holds more; set load.concurrencyPerTask',
  };
}

/**
 * The baseline network bandwidth of the EC2 instance a fleet's tasks run on, in Gbps (each
 * direction: SOURCES.ec2NetworkBandwidth), when the catalog has a figure for it. Undefined on
 * Fargate: AWS publishes no network bandwidth per Fargate task size.
 */
export function instanceNetworkGbps(compute: ApiComputePlan): number | undefined {
  if (compute.kind !== ComputeKind.EC2 || typeof compute.instanceType !== 'string' || !compute.tasksPerInstance) return undefined;
  const gbps = catalog.ec2Instance(compute.instanceType)?.baselineNetworkGbps;
  return gbps !== undefined && gbps > 0 ? gbps : undefined;
}

/**
 * Gbps one instance sends when `tasks` tasks share `rps` requests/s evenly: it holds at most
 * `tasksPerInstance` of them (all of them when there are fewer), each sending its share of
 * responses of `responseKiB`. Infinite when no task is left to serve a demand.
 */
export function instanceGbps(rps: number, tasks: number, tasksPerInstance: number, responseKiB: number): number {
  if (!(rps > 0)) return 0;
  if (!(tasks > 0)) return Number.POSITIVE_INFINITY;
  return (Math.min(tasksPerInstance, tasks) * (rps / tasks) * responseKiB * 1024 * 8) / 1e9;
}

/** What the sizing reads of a deployed fleet: taken from the plan, or from a synthesized template. */
export interface ApiTopology {
  /** Tasks running at peak when auto scaling is off; min tasks with auto scaling. */
  readonly minTasks: number;
  readonly maxTasks: number;
  readonly autoScaling: boolean;
  readonly targetCpuUtilization: number;
  /** The request-count target of target tracking, when there is one. */
  readonly requestsPerSecondPerTarget?: number;
  readonly azCount: number;
  /** Real placement per AZ, when read from a template. */
  readonly placement?: number[];
  /**
   * Tasks a deploy may run beside the desired count, as a percentage (rolling: maximumPercent;
   * blue/green: 200, a full green fleet).
   *
   * @default 200
   */
  readonly deployMaximumPercent?: number;
  /**
   * Blue/green: the green fleet registers in a second target group of the same load balancer, so
   * the deploy's targets count against the targets per load balancer.
   *
   * @default false
   */
  readonly blueGreen?: boolean;
}

/** The topology a plan intends to deploy. */
export function apiTopologyOf(plan: LoadBalancedApiPlan): ApiTopology {
  return {
    minTasks: plan.scaling.minTasks,
    maxTasks: plan.scaling.maxTasks,
    autoScaling: plan.scaling.autoScaling,
    targetCpuUtilization: plan.scaling.targetCpuUtilization,
    requestsPerSecondPerTarget: plan.scaling.requestsPerSecondPerTarget,
    azCount: plan.azCount,
    deployMaximumPercent: plan.deployment.strategy === DeploymentStrategy.BLUE_GREEN ? 200 : plan.deployment.maximumPercent,
    blueGreen: plan.deployment.strategy === DeploymentStrategy.BLUE_GREEN,
  };
}

/** The largest value in steps of 0.01 at or below `x` (a fix that must not overshoot its bound). */
function floorHundredths(x: number): number {
  return Math.floor(x * 100 + 1e-9) / 100;
}

/**
 * Sizes a LoadBalancedApi: task capacity in normal operation and with the worst AZ lost, the
 * target-tracking rules (max tasks, static stability of the scaling target, scale-out reliance),
 * the targets quota of the load balancer during a deploy and, with a latency target, Erlang C.
 *
 * @param demandRps the requests/s that reach the API (the chain's origin load in a system)
 */
export function sizeLoadBalancedApi(plan: LoadBalancedApiPlan, demandRps: number = plan.load.peakRequestsPerSecond,
  topology: ApiTopology = apiTopologyOf(plan), options: ApiSizingOptions = {}): SizingRow[] {
  const targets = options.targets ?? true;
  const rows = apiRows(plan, demandRps, topology, targets);
  const perTask = plan.load.requestsPerSecondPerTask;
  const u = effectiveScalingTarget(topology.targetCpuUtilization, perTask, topology.requestsPerSecondPerTarget);
  const peakTasks = tasksAtPeak(demandRps, perTask, u);
  return withTasksFix(rows, (t) => apiRows(plan, demandRps, t, targets, true), topology, `tasks of ${plan.compute.label}`, peakTasks);
}

/** How a fleet is sized beyond its plan and topology. */
export interface ApiSizingOptions {
  /**
   * Whether the fleet's tasks are targets of a load balancer (the targets quota rows). A
   * MicroserviceGateway service reached through Cloud Map has none.
   *
   * @default true
   */
  readonly targets?: boolean;
}

/** The resource one task count decides: its rows share one fix. */
export const API_TASKS = 'api tasks';

/** Rows of the task count that more tasks make worse (the targets quota). */
function tasksDown(r: SizingRow): boolean {
  return r.metric === 'targets';
}

/** The most tasks a task-count fix searches: far beyond any quota, so a fix above a quota says so. */
const TASKS_SEARCH_LIMIT = 100_000;

/**
 * One fix for every row of the task count (tasks in normal operation and with an AZ lost, Erlang C
 * latency, the max-tasks rule and the targets quota): the smallest count at which all of them
 * PASS, found by evaluating the same rows over candidate topologies. A fixed fleet changes its
 * count. An auto-scaled one raises maxTasks alone first (a ceiling costs nothing off-peak); when no
 * maxTasks is enough (a small fleet off-peak, or latency), maxTasks is held at least at what the
 * peak needs (`peakTasks`) and the smallest minTasks is searched, maxTasks = max(that, minTasks).
 * The rows that more tasks make worse (targets) cannot be part of the search: when the count the
 * others need breaks them, the fix says so. Every row of the resource that does not PASS shows
 * this one fix.
 */
function withTasksFix(rows: SizingRow[], rowsAt: (t: ApiTopology) => SizingRow[], topology: ApiTopology, unitNoun: string,
  peakTasks: number): SizingRow[] {
  const inTasks = (r: SizingRow): boolean => (r.fixResource ?? r.resource) === API_TASKS;
  const pass = (rs: SizingRow[]): boolean => rs.every((r) => r.verdict === Verdict.PASS);
  const group = rows.filter(inTasks);
  if (pass(group)) return rows;
  const upAt = (t: ApiTopology): boolean => pass(rowsAt(t).filter((r) => inTasks(r) && !tasksDown(r)));
  const downAt = (t: ApiTopology): SizingRow[] => rowsAt(t).filter((r) => inTasks(r) && tasksDown(r) && r.verdict !== Verdict.PASS);
  let fix: string | undefined;
  let chosen: ApiTopology | undefined;
  if (pass(group.filter((r) => !tasksDown(r)))) {
    // Only the targets quota is short: its own fix (keep the count at or below the quota) is the one change.
    fix = group.find((r) => r.verdict !== Verdict.PASS)?.fix;
  } else if (!topology.autoScaling) {
    const at = (n: number): ApiTopology => ({ ...topology, minTasks: n, maxTasks: n, placement: undefined });
    const n = smallestPassing(topology.minTasks, (k) => upAt(at(k)), TASKS_SEARCH_LIMIT);
    chosen = n === undefined ? undefined : at(n);
    fix = n === undefined ? `no count of ${unitNoun} up to ${fmt(TASKS_SEARCH_LIMIT)} meets every row: use bigger tasks`
      : `needs >= ${fmt(n)} ${unitNoun}, has ${fmt(topology.minTasks)}`;
  } else {
    const M = topology.maxTasks;
    const atMax = (n: number): ApiTopology => ({ ...topology, maxTasks: Math.max(n, topology.minTasks) });
    const nMax = smallestPassing(M, (k) => upAt(atMax(k)), TASKS_SEARCH_LIMIT);
    if (nMax !== undefined) {
      chosen = atMax(nMax);
      fix = `set scaling.maxTasks >= ${fmt(nMax)} (${unitNoun})`;
    } else {
      const hold = Math.max(M, Math.min(peakTasks, TASKS_SEARCH_LIMIT));
      const atMin = (n: number): ApiTopology => ({ ...topology, minTasks: n, maxTasks: Math.max(hold, n) });
      const nMin = smallestPassing(topology.minTasks, (k) => upAt(atMin(k)), TASKS_SEARCH_LIMIT);
      chosen = nMin === undefined ? undefined : atMin(nMin);
      fix = nMin === undefined || chosen === undefined
        ? `no minTasks up to ${fmt(TASKS_SEARCH_LIMIT)} ${unitNoun} meets every row: lower the scaling target, use bigger tasks, or spread over more AZs`
        : `set scaling.minTasks >= ${fmt(nMin)}` + (chosen.maxTasks > M ? ` and scaling.maxTasks >= ${fmt(chosen.maxTasks)}` : '') + ` (${unitNoun})`;
    }
  }
  if (chosen) {
    const broken = downAt(chosen);
    if (broken.length > 0) {
      fix = `${fix}, but ${fmt(chosen.maxTasks)} tasks break ${broken[0].resource} (${fmt(broken[0].demand)} of ${fmt(broken[0].capacity)} during a deploy): `
        + 'use bigger tasks (more requests/s each), or request a targets quota increase';
    }
  }
  return rows.map((r) => (inTasks(r) && r.verdict !== Verdict.PASS && fix !== undefined ? { ...r, fix } : r));
}

/** Every row of one fleet with the topology given, each with the fix of its own inequality. */
function apiRows(plan: LoadBalancedApiPlan, demandRps: number, topology: ApiTopology, targetsApply: boolean, verdictsOnly = false): SizingRow[] {
  const alb = plan.loadBalancerType === LoadBalancerType.APPLICATION;
  const elb = catalog.QUOTAS.elb;
  const f: ApiFleetSizing = {
    plan,
    topology,
    demandRps,
    perTask: plan.load.requestsPerSecondPerTask,
    base: { block: plan.path, blockKind: plan.kind, metric: 'requests/s', assumed: plan.assumed as AssumedInput[] },
    unitNoun: `tasks of ${plan.compute.label}`,
    verdictsOnly,
    targetsQuota: (alb ? elb.targetsPerTargetGroup : elb.nlbTargetsPerLoadBalancerCrossZone).value,
  };
  const rows: SizingRow[] = [];
  let running = topology.minTasks;
  let deployedCap = topology.maxTasks;
  if (topology.autoScaling) {
    const scaled = sizeApiAutoScaling(f);
    running = scaled.running;
    rows.push(...scaled.rows);
  } else {
    deployedCap = topology.minTasks;
  }
  rows.push(...sizeApiTasks(f, running));
  if (targetsApply) rows.push({ ...sizeApiTargets(f, deployedCap), fixResource: API_TASKS });
  rows.push(...sizeApiLatency(f, running).map((r) => ({ ...r, fixResource: API_TASKS })));
  rows.push(...sizeApiNetwork(f, running).map((r) => ({ ...r, fixResource: API_TASKS })));
  return rows;
}

/**
 * The network rows of a fleet on EC2 (SOURCES.ec2NetworkBandwidth: the instance's baseline holds
 * for its outbound traffic within the Region, where the load balancer is): the instance that
 * holds the most tasks (tasksPerInstance, or every task when there are fewer) sends its tasks'
 * responses, normally and with the fullest AZ lost. An auto-scaled fleet passes through every count
 * from minTasks up to the peak's, each task at the scaling target until the peak, so each row is
 * the worst of those counts (the verdict stays monotone in demand). One task count decides them,
 * so they share the fix of the fleet's tasks. None on Fargate (no published figure per task size),
 * nor for an instance type the catalog has no network figure for.
 */
function sizeApiNetwork(f: ApiFleetSizing, running: number): SizingRow[] {
  const { plan, topology, demandRps, perTask } = f;
  const gbps = instanceNetworkGbps(plan.compute);
  const kib = plan.load.averageResponseKiB;
  const k = plan.compute.tasksPerInstance;
  if (gbps === undefined || kib === undefined || !k) return [];
  const A = topology.azCount;
  const u = effectiveScalingTarget(topology.targetCpuUtilization, perTask, topology.requestsPerSecondPerTarget);
  // The counts the fleet passes through and the demand at each (the peak at the last one).
  const points: Array<{ tasks: number; rps: number }> = [];
  const from = topology.autoScaling ? Math.min(topology.minTasks, running) : running;
  for (let j = from; j < running; j++) points.push({ tasks: j, rps: Math.min(demandRps, u * perTask * j) });
  points.push({ tasks: running, rps: demandRps });
  const worstOf = (tasksLeft: (j: number) => number): { g: number; tasks: number; left: number; rps: number } => points
    .map((p) => ({ g: instanceGbps(p.rps, tasksLeft(p.tasks), k, kib), tasks: p.tasks, left: tasksLeft(p.tasks), rps: p.rps }))
    .reduce((w, x) => (x.g > w.g ? x : w));
  const ctx = {
    ...f.base,
    resource: 'api network',
    metric: 'Gbps per instance',
    sources: [`catalog.ec2Instance(${plan.compute.instanceType}).baselineNetworkGbps`, 'catalog.SOURCES.ec2NetworkBandwidth'],
  };
  const { targetUtilization: target, maxUtilization: maxU, warnMargin } = plan.sizing;
  const fix = `needs more ${f.unitNoun}, or an instance type with more network bandwidth, or smaller responses`;
  const said = (w: { tasks: number; left: number; rps: number }, lost: boolean): string => {
    const at = w.rps < demandRps ? `at ${fmt(w.rps)} requests/s (off-peak, while target tracking holds ${fmt(w.tasks)} tasks)` : `at ${fmt(w.rps)} requests/s`;
    return `${at}${lost ? `, with the fullest AZ lost, ${fmt(w.left)} tasks left` : ` on ${fmt(w.tasks)} tasks`}, an ${plan.compute.instanceType} `
      + `holding ${fmt(Math.min(k, w.left))} of them sends ${fmt(kib)} KiB responses`;
  };
  const tail = (v: Verdict, bound: number, word: string): string => (v === Verdict.FAIL ? `, above the ${fmtPercent(bound)} ${word}`
    : v === Verdict.WARN ? `, within 10 % of the ${fmtPercent(bound)} ${word}` : ` (${word} ${fmtPercent(bound)})`);
  const normal = worstOf((j) => j);
  const rows = [capacityRow(ctx, Scenario.NORMAL, normal.g, gbps, target, warnMargin,
    (v, use) => `${said(normal, false)}: ${fmt(normal.g)} Gbps of its ${fmt(gbps)} Gbps baseline, ${fmtPercent(use)}` + tail(v, target, 'target'), fix)];
  if (A > 1) {
    const placed = topology.placement && !topology.autoScaling ? topology.placement : undefined;
    const loss = worstOf((j) => survivors(placed && j === running ? placed : placeUnits(j, A)));
    rows.push(capacityRow(ctx, Scenario.AZ_LOSS, loss.g, gbps, maxU, warnMargin,
      (v, use) => `${said(loss, true)}: ${Number.isFinite(loss.g) ? `${fmt(loss.g)} Gbps` : 'no task is left to send them'} of its ${fmt(gbps)} Gbps baseline, `
        + `${fmtPercent(use)}` + tail(v, maxU, 'limit'), fix));
  }
  return rows;
}

/** What every sizing row of one LoadBalancedApi fleet is computed from. */
interface ApiFleetSizing {
  readonly plan: LoadBalancedApiPlan;
  readonly topology: ApiTopology;
  /** The requests/s that reach the API. */
  readonly demandRps: number;
  /** The requests/s one task sustains. */
  readonly perTask: number;
  /** What every row of the fleet shares: block, kind, metric and assumptions. */
  readonly base: { readonly block: string; readonly blockKind: string; readonly metric: string; readonly assumed: AssumedInput[] };
  readonly unitNoun: string;
  /** The targets quota of the load balancer: the most tasks a fix may ask for. */
  readonly targetsQuota: number;
  /** Verdicts only: candidate topologies of a fix search need no fixes of their own. */
  readonly verdictsOnly: boolean;
}

/**
 * The target-tracking rows (max tasks at peak, static stability of the scaling target, reliance on
 * a scale-out for the peak) and the tasks running at peak.
 */
function sizeApiAutoScaling(f: ApiFleetSizing): { rows: SizingRow[]; running: number } {
  const { plan, topology, demandRps, perTask } = f;
  const rows: SizingRow[] = [];
  const A = topology.azCount;
  const cpu = topology.targetCpuUtilization;
  const rps = topology.requestsPerSecondPerTarget;
  const u = effectiveScalingTarget(cpu, perTask, rps);
  const held = rps !== undefined && u < cpu
    ? `target tracking at ${fmt(rps)} requests/s per task (${fmtPercent(u)} of one task's ${fmt(perTask)})`
    : `target tracking at ${fmtPercent(cpu)} CPU`;
  const atPeak = tasksAtPeak(demandRps, perTask, u);
  const running = Math.min(topology.maxTasks, Math.max(topology.minTasks, atPeak));
  const ctx = { ...f.base, resource: 'auto scaling', sources: ['SIZING-MODEL: target tracking'] };
  rows.push({
    ...(atPeak > topology.maxTasks
      ? checkRule({ ...ctx, metric: 'tasks' }, Verdict.FAIL,
        `${held} needs ${fmt(atPeak)} tasks at peak, above maxTasks ${fmt(topology.maxTasks)}`,
        atPeak > f.targetsQuota
          ? `needs ${fmt(atPeak)} tasks, above the ${fmt(f.targetsQuota)} targets the load balancer takes: use bigger tasks (more requests/s each), or request a targets quota increase`
          : `set scaling.maxTasks >= ${fmt(atPeak)}`)
      : checkRule({ ...ctx, metric: 'tasks' }, Verdict.PASS,
        `${held} keeps ${fmt(atPeak)} tasks at peak, within maxTasks ${fmt(topology.maxTasks)}`)),
    fixResource: API_TASKS,
  });
  // Static stability of the target: the survivors of an AZ loss run at u x A/(A-1) until relaunched tasks are up.
  const stress = A > 1 ? (u * A) / (A - 1) : Number.POSITIVE_INFINITY;
  const stableTarget = A > 1 ? floorHundredths((plan.sizing.maxUtilization * plan.sizing.warnMargin * (A - 1)) / A) : 0;
  const stableRps = Math.floor(stableTarget * perTask + 1e-9);
  const launch = catalog.QUOTAS.ecs;
  // Shown as CPU in percent (demand: the survivors' CPU after an AZ loss; capacity: 100 % CPU), so
  // the row reads "81 % CPU" against "100 % CPU" and its use is the same u x A/(A-1) against u_max.
  rows.push({
    ...capacityRow({ ...ctx, metric: STATIC_STABILITY_METRIC, sources: ['SIZING-MODEL: target tracking', 'catalog.QUOTAS.ecs.fargateTaskLaunchRatePerSecond'] },
      Scenario.AZ_LOSS, stress * 100, 100, plan.sizing.maxUtilization, plan.sizing.warnMargin,
      (v) => `a ${fmtPercent(u)} scaling target on ${A} AZs runs the survivors at ${fmtPercent(stress)} after an AZ loss`
      + (v === Verdict.PASS ? `, within ${fmtPercent(plan.sizing.maxUtilization)}`
        : `, ${v === Verdict.FAIL ? 'above' : 'within 10 % of'} ${fmtPercent(plan.sizing.maxUtilization)} (relaunching tasks after an AZ loss takes minutes `
          + `and is rate limited: ${fmt(launch.fargateTaskLaunchRatePerSecond.value)} tasks/s per Region after a burst of ${fmt(launch.fargateTaskLaunchBurst.value)})`),
      `lower scaling.targetCpuUtilization to <= ${fmt(stableTarget)}`
      + (rps !== undefined ? ` or scaling.requestsPerSecondPerTarget to <= ${fmt(stableRps)}` : '') + ', or spread over more AZs'),
    fixResource: 'scaling target',
  });
  if (plan.compute.kind === ComputeKind.FARGATE) {
    rows.push(scaleOutRow(f, u, held));
  } else if (topology.minTasks < atPeak) {
    // EC2: new tasks wait for container instances too, which the check does not model.
    rows.push({
      ...checkRule({ ...ctx, metric: 'tasks' }, Verdict.WARN,
        `peak needs ${fmt(atPeak)} tasks but minTasks is ${fmt(topology.minTasks)}: peak is reached only after a scale-out, so a sudden spike queues`,
        `set scaling.minTasks >= ${fmt(atPeak)}`),
      fixResource: 'scale-out',
    });
  }
  return { rows, running };
}

/** The most seconds a load ramp may take (`load.rampSeconds`): one day. */
export const MAX_RAMP_SECONDS = 86_400;

/** The resource of the scale-out time row (its fix is the task count's: `api tasks`). */
export const API_SCALE_OUT = 'api scale-out';

/** Seconds from a task's launch to its first request: start (assumed), health-check grace, healthy threshold x interval. */
export function taskStartSeconds(plan: LoadBalancedApiPlan): { seconds: number; parts: string } {
  const start = catalog.ASSUMED.fargateTaskStartSeconds.value;
  const grace = plan.ecsService.healthCheckGracePeriodSeconds ?? 0;
  const checks = plan.healthCheck.healthyThreshold * plan.healthCheck.intervalSeconds;
  return {
    seconds: start + grace + checks,
    parts: `${fmt(start)} s to start (assumed) + ${fmt(grace)} s health-check grace + ${fmt(plan.healthCheck.healthyThreshold)} x `
      + `${fmt(plan.healthCheck.intervalSeconds)} s healthy checks`,
  };
}

/**
 * The scale-out time row of a Fargate fleet: with the load rising from zero to the peak in
 * `load.rampSeconds`, target tracking follows late by the alarm's detection, the Fargate launch
 * rate and the task start time (src/core/sizing/scale-out.ts). The worst utilisation of the
 * running tasks is checked against the AZ-loss bound u_max (a scale-out, like an AZ loss, is a
 * transient): PASS within 90 % of it, WARN up to it, FAIL above. Its fix is the task count's.
 */
function scaleOutRow(f: ApiFleetSizing, u: number, held: string): SizingRow {
  const { plan, topology, demandRps, perTask } = f;
  const aas = catalog.QUOTAS.applicationAutoScaling;
  const launch = catalog.QUOTAS.ecs;
  const detection = aas.targetTrackingScaleOutPeriodSeconds.value * aas.targetTrackingScaleOutEvaluationPeriods.value;
  const start = taskStartSeconds(plan);
  const rampSeconds = typeof plan.load.rampSeconds === 'number' ? plan.load.rampSeconds : catalog.ASSUMED.loadRampSeconds.value;
  const bound = plan.sizing.maxUtilization;
  const r = scaleOut({
    peak: demandRps,
    perTask,
    target: u,
    minTasks: topology.minTasks,
    maxTasks: topology.maxTasks,
    rampSeconds,
    detectionSeconds: detection,
    taskStartSeconds: start.seconds,
    launchBurst: launch.fargateTaskLaunchBurst.value,
    launchRatePerSecond: launch.fargateTaskLaunchRatePerSecond.value,
    bound,
  });
  const ramp = rampSeconds === 0 ? `the load steps to ${fmt(demandRps)} requests/s at once` : `the load ramps from 0 to ${fmt(demandRps)} requests/s in ${fmt(rampSeconds)} s`;
  const timeline = `${held} scales out ${fmt(Math.round(r.lagSeconds))} s late (${fmt(detection)} s alarm, `
    + (r.launchSeconds > 0 ? `${fmt(Math.round(r.launchSeconds))} s to launch ${fmt(r.launches)} tasks at ${fmt(launch.fargateTaskLaunchRatePerSecond.value)}/s after a burst of ${fmt(launch.fargateTaskLaunchBurst.value)}, ` : '')
    + `${start.parts})`;
  const over = r.overloadSeconds === Number.POSITIVE_INFINITY ? 'for as long as the peak lasts (maxTasks cannot carry it)'
    : `for ${fmt(Math.round(r.overloadSeconds))} s`;
  return {
    ...capacityRow({
      ...f.base,
      resource: API_SCALE_OUT,
      sources: ['method: scale-out time (fluid target tracking)', 'catalog.QUOTAS.applicationAutoScaling', 'catalog.QUOTAS.ecs.fargateTaskLaunchRatePerSecond',
        'catalog.QUOTAS.ecs.fargateTaskLaunchBurst', 'catalog.ASSUMED.fargateTaskStartSeconds'],
    }, Scenario.NORMAL, r.worstDemand, r.worstCapacity, bound, plan.sizing.warnMargin,
    (v, util) => (r.minCarriesPeak
      ? `minTasks ${fmt(topology.minTasks)} carry the peak alone (${fmtPercent(util)} busy): nothing waits for a scale-out`
      : `${ramp}; ${timeline}: the running tasks reach ${fmtPercent(util)} busy`
        + (v === Verdict.PASS ? `, within ${fmtPercent(bound)}: capacity keeps up with the ramp`
          : r.overloadSeconds > 0 ? `, above ${fmtPercent(bound)} ${over}` : `, within 10 % of ${fmtPercent(bound)}`)),
    `set scaling.minTasks >= ${fmt(Math.max(topology.minTasks, tasksAtPeak(demandRps, perTask, u)))} (${f.unitNoun})`),
    fixResource: API_TASKS,
  };
}

/** The task capacity rows: normal operation and the worst AZ lost (with auto scaling, over every count up to the peak's). */
function sizeApiTasks(f: ApiFleetSizing, running: number): SizingRow[] {
  const { plan, topology, demandRps, perTask } = f;
  const A = topology.azCount;
  const taskSources = ['catalog.ASSUMED.apiRequestsPerSecondPerVcpu', plan.compute.kind === ComputeKind.FARGATE ? 'catalog.fargate' : 'catalog.instances'];
  const fleetRows = checkFleet({
    ...f.base,
    resource: 'api tasks',
    sources: taskSources,
    demand: demandRps,
    perUnit: perTask,
    units: running,
    azCount: A,
    placement: topology.placement && !topology.autoScaling ? topology.placement : undefined,
    unitNoun: f.unitNoun,
    policy: plan.sizing,
    verdictsOnly: f.verdictsOnly,
    maxUnits: topology.autoScaling
      ? { value: topology.maxTasks, what: 'scaling.maxTasks', instead: 'raise scaling.maxTasks, or use bigger tasks' }
      : undefined,
  });
  if (topology.autoScaling && A > 1) {
    // Target tracking passes through every count from minTasks up to the peak's: the AZ-loss row
    // is the worst of them (off-peak, a small fleet may leave no task in the surviving AZs).
    const u = effectiveScalingTarget(topology.targetCpuUtilization, perTask, topology.requestsPerSecondPerTarget);
    fleetRows[1] = autoScaledAzLossRow({ ...f.base, resource: 'api tasks', sources: taskSources }, plan.sizing, {
      demand: demandRps,
      perTask,
      u,
      minTasks: topology.minTasks,
      maxTasks: topology.maxTasks,
      azCount: A,
      unitNoun: f.unitNoun,
      maxAllowed: f.targetsQuota,
    }, f.verdictsOnly);
  }
  return fleetRows;
}

/**
 * The targets quota: a deploy runs up to maximumPercent of the tasks (blue/green: a full green
 * fleet beside blue), all registered with the load balancer at once.
 */
function sizeApiTargets(f: ApiFleetSizing, deployedCap: number): SizingRow {
  const { plan, topology } = f;
  const alb = plan.loadBalancerType === LoadBalancerType.APPLICATION;
  const elb = catalog.QUOTAS.elb;
  const surge = topology.deployMaximumPercent ?? API_MAXIMUM_PERCENT;
  const targets = Math.ceil((deployedCap * surge) / 100 - 1e-9);
  const [resource, quota, quotaPath, what] = !alb
    ? ['targets per load balancer', elb.nlbTargetsPerLoadBalancerCrossZone, 'nlbTargetsPerLoadBalancerCrossZone', 'NLB quota of targets with cross-zone load balancing']
    : topology.blueGreen
      ? ['targets per load balancer', elb.albTargetsPerLoadBalancer, 'albTargetsPerLoadBalancer', 'ALB quota of targets (blue and green target groups together)']
      : ['targets per target group', elb.targetsPerTargetGroup, 'targetsPerTargetGroup', 'ALB quota of targets per target group'];
  return checkLimit({ ...f.base, resource, metric: 'targets', sources: [`catalog.QUOTAS.elb.${quotaPath}`] },
    targets, quota.value, plan.sizing.warnMargin,
    `keep ${topology.autoScaling ? 'scaling.maxTasks' : 'scaling.fixedTasks'} <= ${fmt(Math.floor((quota.value * plan.sizing.warnMargin * 100) / surge + 1e-9))}: `
      + 'use bigger tasks (more requests/s each), or request a targets quota increase',
    `the ${what}, with ${fmt(surge)} % of ${fmt(deployedCap)} tasks during a deploy`);
}

/** Erlang C latency rows (normal, and the worst AZ lost), when a latency target is declared. */
function sizeApiLatency(f: ApiFleetSizing, running: number): SizingRow[] {
  const { plan, demandRps, perTask } = f;
  const A = f.topology.azCount;
  if (plan.load.latencyTargetMs === undefined || plan.load.serviceTimeMs === undefined || !(demandRps > 0)) return [];
  const serviceSeconds = plan.load.serviceTimeMs / 1000;
  // The servers of a task are what the task has: its declared concurrency, or the one derived from
  // its vCPU (never from the service time, so a slower request can only lengthen the queue).
  const serversPerUnit = plan.load.concurrencyPerTask ?? assumedConcurrencyPerTask(plan.compute).value;
  // Little's law: c requests of S seconds at once serve at most c / S requests/s per task.
  const concurrencyBound = serversPerUnit / serviceSeconds;
  const boundNote = concurrencyBound < perTask
    ? `; ${fmt(serversPerUnit)} requests at once of ${fmt(plan.load.serviceTimeMs)} ms serve at most ${fmt(Math.floor(concurrencyBound * 100) / 100)} requests/s `
      + `per task, below the ${fmt(perTask)} it is sized for: concurrency limits the task before its CPU does (declare load.concurrencyPerTask)`
    : '';
  const base = {
    ...f.base,
    resource: 'api latency',
    sources: ['method: Erlang C (M/M/c)'],
    arrivalRate: demandRps,
    serviceSeconds,
    serversPerUnit,
    targetSeconds: plan.load.latencyTargetMs / 1000,
    unitNoun: f.unitNoun,
    warnMargin: plan.sizing.warnMargin,
    deployedUnits: running,
    verdictsOnly: f.verdictsOnly,
  };
  const rows = [checkLatency({ ...base, units: running, scenario: Scenario.NORMAL })];
  if (A > 1) {
    const lost = (n: number): number => Math.max(...placeUnits(n, A));
    rows.push(checkLatency({ ...base, units: running - lost(running), scenario: Scenario.AZ_LOSS, lostUnits: lost }));
  }
  return boundNote ? rows.map((r) => (r.verdict === Verdict.PASS ? r : { ...r, reason: r.reason + boundNote })) : rows;
}

interface AutoScaledFleet {
  readonly demand: number;
  readonly perTask: number;
  /** Effective target tracking utilisation. */
  readonly u: number;
  readonly minTasks: number;
  readonly maxTasks: number;
  readonly azCount: number;
  readonly unitNoun: string;
  /** The most tasks a fix may ask for (the targets quota). */
  readonly maxAllowed: number;
}

/**
 * The worst point of an auto-scaled fleet with its fullest AZ lost, over every demand up to the
 * peak: target tracking holds j tasks until demand passes u x k x j, so each count j from
 * minTasks to the peak's count n is met at demand u x k x j (j < n) or at the peak itself (j = n).
 * Taking the worst over that range keeps the verdict monotone in demand.
 */
export function worstAutoScaledAzLoss(f: AutoScaledFleet, minTasks = f.minTasks, maxTasks = f.maxTasks):
{ demand: number; tasks: number; survivors: number } {
  const atPeak = tasksAtPeak(f.demand, f.perTask, f.u);
  const running = Math.min(maxTasks, Math.max(minTasks, atPeak));
  const left = (j: number): number => survivors(placeUnits(j, f.azCount));
  let worst = { demand: f.demand, tasks: running, survivors: left(running) };
  let worstUse = utilizationOf(worst.demand, f.perTask * worst.survivors);
  for (let j = minTasks; j < running; j++) {
    const d = Math.min(f.demand, f.u * f.perTask * j);
    const use = utilizationOf(d, f.perTask * left(j));
    if (use > worstUse) {
      worst = { demand: d, tasks: j, survivors: left(j) };
      worstUse = use;
    }
  }
  return worst;
}

function autoScaledAzLossRow(ctx: { block: string; blockKind: string; resource: string; metric: string; assumed: AssumedInput[]; sources: string[] },
  policy: SizingPolicy, f: AutoScaledFleet, verdictsOnly = false): SizingRow {
  const passesWith = (min: number): boolean => {
    const w = worstAutoScaledAzLoss(f, min, Math.max(min, f.maxTasks));
    return verdictFor(utilizationOf(w.demand, f.perTask * w.survivors), policy.maxUtilization, policy.warnMargin) === Verdict.PASS;
  };
  const w0 = worstAutoScaledAzLoss(f);
  const w = w0;
  const passing = verdictFor(utilizationOf(w0.demand, f.perTask * w0.survivors), policy.maxUtilization, policy.warnMargin) === Verdict.PASS;
  const needed = passing || verdictsOnly ? undefined : smallestPassing(f.minTasks, passesWith, f.maxAllowed);
  const fix = needed === undefined
    ? `no minTasks up to ${fmt(f.maxAllowed)} ${f.unitNoun} survives the loss of an AZ: lower the scaling target, use bigger tasks, or spread over more AZs`
    : needed > f.maxTasks
      ? `set scaling.minTasks and scaling.maxTasks >= ${fmt(needed)} (${f.unitNoun})`
      : `set scaling.minTasks >= ${fmt(needed)} (${f.unitNoun})`;
  const offPeak = w.demand < f.demand;
  return capacityRow(ctx, Scenario.AZ_LOSS, w.demand, f.perTask * w.survivors, policy.maxUtilization, policy.warnMargin,
    (v, use) => `with the fullest AZ lost${offPeak ? ` at ${fmt(w.demand)} requests/s (off-peak, while target tracking holds ${fmt(w.tasks)} tasks)` : ''}, `
      + `${fmt(w.survivors)} of ${fmt(w.tasks)} ${f.unitNoun} are left, ${fmtPercent(use)} busy`
      + (v === Verdict.FAIL ? `, above the ${fmtPercent(policy.maxUtilization)} limit`
        : v === Verdict.WARN ? `, within 10 % of the ${fmtPercent(policy.maxUtilization)} limit` : ` (limit ${fmtPercent(policy.maxUtilization)})`),
    fix);
}
