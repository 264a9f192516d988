// WorkQueue: the topology the sizing reads, the worker counts of each rule, and the sizing rows.
import { lambdaBatchDelay, limits, worstAzLoss } from './internal';
import { FifoThroughputLimit, QueueType, WorkerKind } from './options';
import { WorkQueuePlan } from './plan';
import { AssumedInput } from '../../assumptions';
import * as catalog from '../../catalog';
import {
  capacityRow, checkFleet, checkLatency, checkLimit, checkRule, p99WaitSeconds, SizingPolicy, smallestPassing, unitsNeededNormal, verdictFor,
} from '../../sizing/capacity';
import { Scenario, SizingRow, Verdict } from '../../sizing/report';
import { queueScaleOut, QueueScaleOutResult } from '../../sizing/scale-out';
import { fmt } from '../../validation';
import { quotaRow } from '../shared/quota-row';

/** Above this offered load (erlangs) the Erlang C search is skipped: no fleet within limits gets there. */
const MAX_ERLANG_LOAD = 50_000;

/** Counts beyond this are not searched: no fleet within any quota gets there. */
const MAX_SEARCHED_UNITS = 1e9;

/** Workers Little's law needs for the NORMAL row to PASS: jobs/s x seconds per job / u_target (with the WARN margin). */
export function workersForThroughput(jobsPerSecond: number, secondsPerJob: number, policy: SizingPolicy): number {
  if (jobsPerSecond * secondsPerJob / (policy.targetUtilization * policy.warnMargin) > MAX_SEARCHED_UNITS) return Number.POSITIVE_INFINITY;
  return unitsNeededNormal(jobsPerSecond, 1 / secondsPerJob, policy) ?? Number.POSITIVE_INFINITY;
}

/** Workers that drain `burstJobs` within `drainSeconds` while the steady rate keeps arriving (row PASSes). */
export function workersForBurst(burstJobs: number, drainSeconds: number, jobsPerSecond: number, secondsPerJob: number,
  warnMargin: number): number {
  if (burstJobs <= 0 || drainSeconds <= 0) return 0;
  const demand = burstJobs + jobsPerSecond * drainSeconds;
  if (demand * secondsPerJob / (drainSeconds * warnMargin) > MAX_SEARCHED_UNITS) return Number.POSITIVE_INFINITY;
  return smallestPassing(demand * secondsPerJob / (drainSeconds * warnMargin),
    (n) => verdictFor(demand / (n * drainSeconds / secondsPerJob), 1, warnMargin) === Verdict.PASS) ?? Number.POSITIVE_INFINITY;
}

/**
 * Workers (deployed) whose Erlang C p99 wait meets the target with the WARN margin; `lost`
 * gives the workers lost in the scenario. Infinity when the offered load is beyond any fleet.
 */
export function workersForLatency(jobsPerSecond: number, secondsPerJob: number, targetSeconds: number, warnMargin: number,
  lost: (deployed: number) => number = () => 0): number {
  if (jobsPerSecond <= 0) return 0;
  if (targetSeconds <= 0 || jobsPerSecond * secondsPerJob > MAX_ERLANG_LOAD) return Number.POSITIVE_INFINITY;
  const ok = (n: number): boolean => p99WaitSeconds(jobsPerSecond, 1 / secondsPerJob, n - lost(n)) <= targetSeconds * warnMargin * (1 + 1e-9);
  return smallestPassing(Math.ceil(jobsPerSecond * secondsPerJob), ok) ?? Number.POSITIVE_INFINITY;
}

/** What the sizing reads of a deployed WorkQueue: from the plan, or from a synthesized template. */
export interface WorkQueueTopology {
  readonly workerKind: WorkerKind;
  readonly minWorkers: number;
  /** Fargate: max tasks; Lambda: maximum concurrency of the event source. */
  readonly maxWorkers: number;
  /** AZs of the Fargate workers (1 for Lambda, which the check treats as regional). */
  readonly azCount: number;
  /** Real placement of `maxWorkers` per AZ, when read from a template. */
  readonly placement?: number[];
  readonly queueType: QueueType;
  readonly highThroughput: boolean;
  readonly visibilityTimeoutSeconds: number;
  /** Fargate job timeout or Lambda function timeout. */
  readonly workerTimeoutSeconds: number;
  /** Lambda only (1 for Fargate). */
  readonly batchSize: number;
  /** Lambda only (0 for Fargate). */
  readonly maxBatchingWindowSeconds: number;
  /** Whether the job queue has a redrive policy to a dead-letter queue. */
  readonly deadLetterQueue: boolean;
  readonly retentionSeconds: number;
  readonly deadLetterRetentionSeconds: number;
  /** Whether a payload bucket exists (the fix for large messages). */
  readonly payloadBucket: boolean;
}

/** The topology a plan intends to deploy. */
export function workQueueTopologyOf(plan: WorkQueuePlan): WorkQueueTopology {
  const lambda = plan.workers.lambda;
  return {
    workerKind: plan.workers.kind,
    minWorkers: plan.workers.minWorkers,
    maxWorkers: plan.workers.maxWorkers,
    azCount: plan.workers.fargate?.azCount ?? 1,
    queueType: plan.queueType,
    highThroughput: plan.queue.fifoThroughputLimit === FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
    visibilityTimeoutSeconds: plan.queue.visibilityTimeoutSeconds,
    workerTimeoutSeconds: lambda ? lambda.timeoutSeconds : plan.workers.fargate?.jobTimeoutSeconds ?? 0,
    batchSize: lambda?.batchSize ?? 1,
    maxBatchingWindowSeconds: lambda?.maxBatchingWindowSeconds ?? 0,
    deadLetterQueue: true,
    retentionSeconds: plan.queue.retentionSeconds,
    deadLetterRetentionSeconds: plan.deadLetterQueue.retentionSeconds,
    payloadBucket: plan.payloadBucket !== undefined,
  };
}

/** The demand the sizing checks a WorkQueue against (defaults to the plan's load). */
export interface WorkQueueDemand {
  /**
   * Jobs per second at peak.
   *
   * @default - the plan's load.jobsPerSecond
   */
  readonly jobsPerSecond?: number;
}

/**
 * Sizes a WorkQueue: workers by Little's law (NORMAL, and AZ_LOSS for Fargate), the burst drain,
 * the job timeout, Lambda batches and concurrency, the FIFO throughput quota, the message size,
 * the visibility timeout, the dead-letter queue and, with a latency target, Erlang C.
 */
export function sizeWorkQueue(plan: WorkQueuePlan, demand: WorkQueueDemand = {},
  topology: WorkQueueTopology = workQueueTopologyOf(plan), context: catalog.QuotaContext = {}): SizingRow[] {
  const L = limits();
  const lambda = topology.workerKind === WorkerKind.LAMBDA;
  const q: WorkQueueSizing = {
    plan,
    topology,
    L,
    jobs: demand.jobsPerSecond ?? plan.load.jobsPerSecond,
    s: plan.load.secondsPerJob,
    lambda,
    policy: plan.sizing,
    base: { block: plan.path, blockKind: plan.kind, assumed: plan.assumed as AssumedInput[] },
    unitNoun: lambda ? 'concurrent executions' : `workers of ${plan.workers.fargate?.compute.label ?? 'Fargate'}`,
    maxWhat: lambda ? 'workers.maxWorkers (the event source\'s maximum concurrency)' : 'workers.maxWorkers',
    cap: lambda ? L.lambdaMaxConcurrencyMax : L.tasksPerService,
    context,
  };
  return withWorkersFix(q, workQueueRows(q));
}

/** The resource the worker count decides: its rows (workers, burst drain, job wait) share one fix. */
export const WORKERS = 'workers';

/** The most workers a worker-count fix searches (beyond every cap, so a fix above one says so). */
const WORKERS_SEARCH_LIMIT = 10_000_000;

/**
 * One fix for every row the worker count decides (workers in normal operation and with an AZ
 * lost, the burst drain, the Erlang C job wait): the smallest maxWorkers at which all of them
 * PASS, found by evaluating the same rows over candidate counts. Each of those rows that does not
 * PASS shows it.
 */
function withWorkersFix(q: WorkQueueSizing, rows: SizingRow[]): SizingRow[] {
  const inWorkers = (r: SizingRow): boolean => (r.fixResource ?? r.resource) === WORKERS;
  const pass = (rs: SizingRow[]): boolean => rs.filter(inWorkers).every((r) => r.verdict === Verdict.PASS);
  if (pass(rows)) return rows;
  const at = (n: number): SizingRow[] => workQueueRows({
    ...q, topology: { ...q.topology, maxWorkers: n, placement: undefined }, verdictsOnly: true,
  });
  const needed = q.jobs <= 0 ? undefined : smallestPassing(q.topology.maxWorkers, (n) => pass(at(n)), WORKERS_SEARCH_LIMIT);
  const has = q.topology.maxWorkers;
  const fix = needed === undefined
    ? `no count of ${q.unitNoun} meets every row: make jobs shorter, or split the work over more queues`
    : needed > q.cap
      ? `needs >= ${fmt(needed)} ${q.unitNoun}, above ${q.lambda ? 'the event source\'s maximum concurrency limit' : 'the ECS tasks-per-service quota'} (${fmt(q.cap)}); `
        + (q.lambda ? 'use FARGATE_SERVICE workers, or make jobs shorter' : 'make jobs shorter, or split the work over more queues')
      : `needs >= ${fmt(needed)} ${q.unitNoun}, has ${fmt(has)} (set ${q.maxWhat})`;
  return rows.map((r) => (inWorkers(r) && r.verdict !== Verdict.PASS ? { ...r, fix } : r));
}

/** Every row of a WorkQueue with the topology given, each with the fix of its own inequality. */
function workQueueRows(q: WorkQueueSizing): SizingRow[] {
  return [
    ...sizeWorkers(q),
    ...sizeBurstDrain(q),
    sizeJobTimeout(q),
    ...sizeLambdaConcurrency(q),
    ...sizeFifoThroughput(q),
    sizeMessageSize(q),
    sizeVisibilityTimeout(q),
    ...sizeDeadLetterQueue(q),
    ...sizeJobWait(q),
    ...sizeWorkerScaleOut(q),
  ];
}

/** What every sizing row of a WorkQueue is computed from. */
interface WorkQueueSizing {
  readonly plan: WorkQueuePlan;
  /** The Region and the declared quotas the quota rows read. */
  readonly context: catalog.QuotaContext;
  readonly topology: WorkQueueTopology;
  /** The quotas the block reads. */
  readonly L: ReturnType<typeof limits>;
  /** The jobs/s the queue receives. */
  readonly jobs: number;
  /** Verdicts only: candidate counts of a fix search need no fixes of their own. */
  readonly verdictsOnly?: boolean;
  /** Mean seconds per job. */
  readonly s: number;
  /** Lambda workers (else a Fargate service). */
  readonly lambda: boolean;
  readonly policy: SizingPolicy;
  /** What every row shares: block, kind and assumptions. */
  readonly base: { readonly block: string; readonly blockKind: string; readonly assumed: AssumedInput[] };
  readonly unitNoun: string;
  /** The prop a fix within the cap names. */
  readonly maxWhat: string;
  /** The most workers there can be (the event source's maximum concurrency, or the tasks per service). */
  readonly cap: number;
}

/** Workers: Little's law, and one AZ lost for Fargate. */
function sizeWorkers(q: WorkQueueSizing): SizingRow[] {
  const { topology, jobs, s, lambda, policy, base, unitNoun, maxWhat, cap } = q;
  const fleet = checkFleet({
    ...base,
    resource: 'workers',
    metric: 'jobs/s',
    sources: ['method: Little\'s law (Little 1961)', lambda ? 'catalog.QUOTAS.lambda' : 'catalog.fargate'],
    demand: jobs,
    perUnit: 1 / s,
    units: topology.maxWorkers,
    azCount: lambda ? 1 : topology.azCount,
    placement: lambda ? undefined : topology.placement,
    unitNoun,
    policy,
    verdictsOnly: q.verdictsOnly,
    maxUnits: {
      value: cap,
      what: lambda ? 'the event source\'s maximum concurrency limit' : 'the ECS tasks-per-service quota',
      instead: lambda ? 'use FARGATE_SERVICE workers, or make jobs shorter' : 'make jobs shorter, or split the work over more queues',
    },
  });
  // Fixes within the cap name the prop to change.
  const namedFix = (r: SizingRow): SizingRow => (r.fix && r.fix.startsWith('needs >=') && !r.fix.includes(' above ')
    ? { ...r, fix: `${r.fix} (set ${maxWhat})` } : r);
  return [
    namedFix(fleet[0]),
    lambda
      ? checkRule({ ...base, resource: 'workers', metric: 'AZs', sources: ['catalog.QUOTAS.lambda'] }, Verdict.PASS,
        'Lambda runs in every AZ of the Region: the AZ-loss row does not apply')
      : namedFix(fleet[1]),
  ];
}

/** Burst drain: the burst plus the steady rate, finished within load.drainSeconds. */
function sizeBurstDrain(q: WorkQueueSizing): SizingRow[] {
  const { plan, topology, jobs, s, lambda, policy, base, unitNoun, maxWhat, cap } = q;
  if (!(plan.load.burstJobs > 0 && plan.load.drainSeconds !== undefined)) return [];
  const d = plan.load.drainSeconds;
  const demandJobs = plan.load.burstJobs + jobs * d;
  const capacity = topology.maxWorkers * d / s;
  const needed = workersForBurst(plan.load.burstJobs, d, jobs, s, policy.warnMargin);
  const row = checkLimit({ ...base, resource: 'burst drain', metric: 'jobs', sources: ['method: Little\'s law (Little 1961)'] },
    demandJobs, capacity, policy.warnMargin,
    Number.isFinite(needed) ? `set ${maxWhat} >= ${fmt(needed)}` + (needed > cap ? `, above the limit of ${fmt(cap)}: allow a longer load.drainSeconds` : '')
      : 'allow a longer load.drainSeconds',
    `what ${fmt(topology.maxWorkers)} ${unitNoun} finish in ${fmt(d)} s`);
  return [{
    ...row,
    fixResource: WORKERS,
    reason: `a burst of ${fmt(plan.load.burstJobs)} jobs plus ${fmt(jobs)} jobs/s for ${fmt(d)} s is ${fmt(demandJobs)} jobs; `
      + `${fmt(topology.maxWorkers)} ${unitNoun} finish ${fmt(capacity)} in that time${lambda ? '' : ' once scaled out'} (${fmt(Math.round(row.utilization * 1000) / 10)} %)`,
  }];
}

/** Job timeout against the mean job time (Lambda: a whole batch within the function timeout). */
function sizeJobTimeout(q: WorkQueueSizing): SizingRow {
  const { topology, L, s, lambda, base } = q;
  const timeoutCtx = { ...base, resource: lambda ? 'function timeout' : 'job timeout', metric: 's', sources: ['load.secondsPerJob'] };
  if (lambda) {
    const batchSeconds = topology.batchSize * s;
    const fitBatch = Math.floor(topology.workerTimeoutSeconds / s);
    if (s > L.lambdaTimeoutMax) {
      return checkRule(timeoutCtx, Verdict.FAIL,
        `a mean job of ${fmt(s)} s is longer than the Lambda maximum of ${fmt(L.lambdaTimeoutMax)} s`, 'use FARGATE_SERVICE workers');
    } else if (batchSeconds > topology.workerTimeoutSeconds) {
      return checkRule(timeoutCtx, Verdict.FAIL,
        `a batch of ${fmt(topology.batchSize)} jobs of ${fmt(s)} s takes ${fmt(batchSeconds)} s, above the ${fmt(topology.workerTimeoutSeconds)} s timeout`,
        fitBatch >= 1 ? `set workers.lambda.batchSize <= ${fmt(fitBatch)}, or workers.lambda.timeoutSeconds >= ${fmt(Math.ceil(batchSeconds))}`
          : `set workers.lambda.timeoutSeconds >= ${fmt(Math.ceil(batchSeconds))}`);
    } else {
      return checkRule(timeoutCtx, Verdict.PASS,
        `a batch of ${fmt(topology.batchSize)} jobs of ${fmt(s)} s takes ${fmt(batchSeconds)} s, within the ${fmt(topology.workerTimeoutSeconds)} s timeout`);
    }
  }
  const t = topology.workerTimeoutSeconds;
  const comfortable = Math.ceil(3 * s);
  return t < s
    ? checkRule(timeoutCtx, Verdict.FAIL, `the job timeout of ${fmt(t)} s is below the mean job time of ${fmt(s)} s: most jobs would time out`,
      `set workers.fargate.jobTimeoutSeconds >= ${fmt(comfortable)}`)
    : t < comfortable
      ? checkRule(timeoutCtx, Verdict.WARN,
        `the job timeout of ${fmt(t)} s is under 3 x the mean job time (${fmt(s)} s): about 5 % of jobs would time out if job times vary exponentially`,
        `set workers.fargate.jobTimeoutSeconds >= ${fmt(comfortable)}`)
      : checkRule(timeoutCtx, Verdict.PASS, `the job timeout of ${fmt(t)} s is at least 3 x the mean job time (${fmt(s)} s)`);
}

/** Lambda: the Region's concurrency quota, shared with every function. */
function sizeLambdaConcurrency(q: WorkQueueSizing): SizingRow[] {
  const { topology, lambda, policy, base, context } = q;
  if (!lambda) return [];
  const path = 'lambda.concurrentExecutionsPerRegion';
  const quotaValue = catalog.quotaFor(path, context).value ?? q.L.lambdaConcurrency;
  const under = Math.floor(quotaValue * policy.warnMargin);
  return [quotaRow({
    ...base,
    resource: 'Lambda concurrency',
    metric: 'concurrent executions',
    warnMargin: policy.warnMargin,
    what: 'the Region\'s concurrency quota (shared by every function of the account)',
    fix: `set workers.maxWorkers <= ${fmt(under)} to leave concurrency to other functions, or request a concurrency quota increase (Service Quotas, AWS Lambda: Concurrent executions)`,
  }, path, topology.maxWorkers, context)];
}

/** FIFO throughput: the API sends one job per SendMessage. */
function sizeFifoThroughput(q: WorkQueueSizing): SizingRow[] {
  const { topology, L, jobs, policy, base, context } = q;
  if (topology.queueType !== QueueType.FIFO) return [];
  if (topology.highThroughput) {
    // High-throughput FIFO: the Region's own figure (none in the catalog for most Regions: said so).
    return [quotaRow({
      ...base,
      resource: 'FIFO throughput',
      metric: 'SendMessage/s',
      warnMargin: policy.warnMargin,
      what: 'the high-throughput FIFO quota of the Region',
      fix: 'use a STANDARD queue, or request a higher FIFO quota for the Region',
    }, 'sqs.fifoHighThroughputTransactionsPerSecond', jobs, context)];
  }
  return [checkLimit({ ...base, resource: 'FIFO throughput', metric: 'SendMessage/s', sources: ['catalog.QUOTAS.sqs.fifoTransactionsPerSecondPerAction'] },
    jobs, L.fifoTps, policy.warnMargin, 'set fifo.highThroughput true, or use a STANDARD queue', 'the FIFO quota per API action')];
}

/** Message size against the SQS limit. */
function sizeMessageSize(q: WorkQueueSizing): SizingRow {
  const { plan, topology, L, policy, base } = q;
  const bytes = plan.load.messageSizeKiB * 1024;
  return checkLimit({ ...base, resource: 'message size', metric: 'bytes', sources: ['catalog.QUOTAS.sqs.messageMaxBytes'] },
    bytes, L.messageMaxBytes, policy.warnMargin,
    topology.payloadBucket ? 'put the input in the payload bucket and send its key (claim check)'
      : 'set payloadBucket: {} and send the object key instead of the input (claim check)',
    'the SQS message size limit');
}

/** Visibility timeout against the worker's timeout. */
function sizeVisibilityTimeout(q: WorkQueueSizing): SizingRow {
  const { topology, L, lambda, base } = q;
  const required = lambda ? L.lambdaVisibilityMultiplier * topology.workerTimeoutSeconds : topology.workerTimeoutSeconds;
  const visCtx = {
    ...base,
    resource: 'visibility timeout',
    metric: 's',
    sources: lambda ? ['catalog.QUOTAS.sqs.lambdaVisibilityTimeoutMultiplier'] : ['catalog.QUOTAS.sqs.visibilityTimeoutMaxSeconds'],
  };
  return topology.visibilityTimeoutSeconds >= required
    ? checkRule(visCtx, Verdict.PASS, `visibility timeout ${fmt(topology.visibilityTimeoutSeconds)} s >= ${lambda
      ? `${L.lambdaVisibilityMultiplier} x the ${fmt(topology.workerTimeoutSeconds)} s function timeout` : `the ${fmt(topology.workerTimeoutSeconds)} s job timeout`}`)
    : checkRule(visCtx, Verdict.FAIL, `visibility timeout ${fmt(topology.visibilityTimeoutSeconds)} s < ${fmt(required)} s: `
      + (lambda ? 'Lambda cannot retry throttled batches before the messages reappear' : 'a second worker receives a job while the first still runs it'),
    `set visibilityTimeoutSeconds >= ${fmt(required)}`);
}

/** Dead-letter queue: present, and (standard queues) keeping messages longer than the job queue. */
function sizeDeadLetterQueue(q: WorkQueueSizing): SizingRow[] {
  const { plan, topology, base } = q;
  const rows: SizingRow[] = [];
  const dlqCtx = { ...base, resource: 'dead-letter queue', metric: 'receives', sources: ['catalog.QUOTAS.sqs.messageRetentionMaxSeconds'] };
  rows.push(topology.deadLetterQueue
    ? checkRule(dlqCtx, Verdict.PASS, `failed jobs move to the dead-letter queue after ${fmt(plan.deadLetterQueue.maxReceiveCount)} receives and alarm`)
    : checkRule(dlqCtx, Verdict.FAIL, 'the job queue has no dead-letter queue: a poison job is retried until it expires', 'restore the redrive policy'));
  if (topology.queueType === QueueType.STANDARD && topology.deadLetterRetentionSeconds <= topology.retentionSeconds) {
    rows.push(checkRule(dlqCtx, Verdict.WARN,
      `the dead-letter queue keeps messages ${fmt(topology.deadLetterRetentionSeconds)} s, not longer than the job queue (${fmt(topology.retentionSeconds)} s): `
      + 'a standard queue\'s message keeps its first enqueue time, so a job that fails late expires soon after reaching the dead-letter queue',
      `set retentionSeconds < ${fmt(topology.deadLetterRetentionSeconds)}`));
  }
  return rows;
}

/** Latency target: Erlang C on the workers, less what Lambda batching adds; the minimum workers it needs pre-provisioned. */
function sizeJobWait(q: WorkQueueSizing): SizingRow[] {
  const { plan, topology, jobs, s, lambda, policy, base, unitNoun } = q;
  const target = plan.load.latencyTargetSeconds;
  if (!(target !== undefined && jobs > 0)) return [];
  const rows: SizingRow[] = [];
  const latencyCtx = { ...base, resource: 'job wait', metric: 'ms p99 queueing delay', sources: ['method: Erlang C (M/M/c)'] };
  const batchDelay = lambda ? lambdaBatchDelay(topology.batchSize, topology.maxBatchingWindowSeconds, s) : 0;
  const effective = target - batchDelay;
  if (effective <= 0) {
    rows.push(checkRule(latencyCtx, Verdict.FAIL,
      `batching alone delays the last job of a batch by ${fmt(batchDelay)} s, beyond the ${fmt(target)} s target`,
      'lower workers.lambda.batchSize and workers.lambda.maxBatchingWindowSeconds'));
  } else if (jobs * s > MAX_ERLANG_LOAD) {
    rows.push(checkRule(latencyCtx, Verdict.FAIL,
      `an offered load of ${fmt(jobs * s)} busy workers is beyond any fleet within limits`, 'make jobs shorter, or split the work over more queues'));
  } else {
    const latencyBase = {
      ...latencyCtx,
      arrivalRate: jobs,
      serviceSeconds: s,
      serversPerUnit: 1,
      targetSeconds: effective,
      unitNoun,
      warnMargin: policy.warnMargin,
      deployedUnits: topology.maxWorkers,
      verdictsOnly: q.verdictsOnly,
    };
    const normal = checkLatency({ ...latencyBase, units: topology.maxWorkers, scenario: Scenario.NORMAL });
    rows.push({ ...normal, fixResource: WORKERS, ...(batchDelay > 0 ? { reason: `${normal.reason} (target less ${fmt(batchDelay)} s of batching)` } : {}) });
    if (!lambda && topology.azCount > 1) {
      const lost = worstAzLoss(topology.azCount);
      const placementLost = topology.placement ? Math.max(...topology.placement) : lost(topology.maxWorkers);
      const az = checkLatency({ ...latencyBase, units: topology.maxWorkers - placementLost, scenario: Scenario.AZ_LOSS, lostUnits: lost });
      rows.push({ ...az, fixResource: WORKERS });
    }
    // Pre-provisioned minimum: a peak that waits for a scale-out misses the target.
    if (!lambda) {
      const needed = Math.max(workersForThroughput(jobs, s, policy), workersForLatency(jobs, s, effective, policy.warnMargin));
      if (topology.minWorkers < needed) {
        rows.push(checkRule({ ...latencyCtx, resource: 'minimum workers', metric: 'workers' }, Verdict.WARN,
          `the latency target needs ${fmt(needed)} workers at ${fmt(jobs)} jobs/s but minWorkers is ${fmt(topology.minWorkers)}: `
          + 'jobs wait for a scale-out (a Fargate task takes about a minute to start)',
          `set workers.minWorkers >= ${fmt(needed)}`));
      }
    }
  }
  return rows;
}

/** The resource of the Fargate workers' scale-out row: its one fix is the minimum worker count. */
export const WORKER_SCALE_OUT = 'worker scale-out';

/** What the scale-out row of Fargate workers reads of the plan, and its bound. */
interface WorkerScaleOutFacts {
  readonly rampSeconds: number;
  readonly backlogPerWorker: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly startSeconds: number;
  readonly burst: number;
  readonly rate: number;
  /** The longest wait allowed, in seconds: the latency target, else the retention period. */
  readonly bound: number;
  readonly boundWhat: string;
}

function workerScaleOutFacts(q: WorkQueueSizing): WorkerScaleOutFacts | undefined {
  const scaling = q.plan.workers.fargate?.scaling;
  if (q.lambda || !scaling) return undefined;
  const target = q.plan.load.latencyTargetSeconds;
  return {
    rampSeconds: q.plan.load.rampSeconds,
    backlogPerWorker: scaling.acceptableBacklogPerWorker,
    periodSeconds: Math.max(...scaling.backlogPerWorker.metrics.map((m) => m.periodSeconds)),
    evaluationPeriods: catalog.QUOTAS.applicationAutoScaling.targetTrackingScaleOutEvaluationPeriods.value,
    startSeconds: catalog.ASSUMED.fargateTaskStartSeconds.value,
    burst: catalog.QUOTAS.ecs.fargateTaskLaunchBurst.value,
    rate: catalog.QUOTAS.ecs.fargateTaskLaunchRatePerSecond.value,
    bound: target ?? q.topology.retentionSeconds,
    boundWhat: target !== undefined ? 'the latency target (load.latencyTargetSeconds)' : 'the retention period (a job that waits longer expires)',
  };
}

/** The scale-out of the workers with `minWorkers` and `maxWorkers`, and its verdict against the bound. */
function workerScaleOutAt(q: WorkQueueSizing, f: WorkerScaleOutFacts, minWorkers: number,
  maxWorkers: number): { r: QueueScaleOutResult; verdict: Verdict } {
  const r = queueScaleOut({
    peak: q.jobs,
    secondsPerJob: q.s,
    minWorkers,
    maxWorkers,
    rampSeconds: f.rampSeconds,
    backlogPerWorker: f.backlogPerWorker,
    detectionSeconds: f.periodSeconds * f.evaluationPeriods,
    taskStartSeconds: f.startSeconds,
    launchBurst: f.burst,
    launchRatePerSecond: f.rate,
  });
  const w = r.worstWaitUpToPeakSeconds;
  const verdict = Number.isFinite(w) ? verdictFor(w / f.bound, 1, q.policy.warnMargin) : Verdict.FAIL;
  return { r, verdict };
}

/**
 * Scale-out time of Fargate workers (src/core/sizing/scale-out.ts, queueScaleOut): with the job
 * rate rising from zero to the peak in `load.rampSeconds`, the minimum workers carry it alone
 * until backlog-per-worker target tracking alarms (the plan's metric period x the policy's
 * evaluation periods, after the backlog passes the plan's target per worker), the Fargate launch
 * rate launches up to maxWorkers and the tasks start; the worst wait in the queue meanwhile is
 * checked against the latency target, else the retention period: PASS within 90 % of it, WARN up
 * to it, FAIL above (or when maxWorkers cannot carry the peak). Its one fix is the smallest
 * minWorkers at which the row passes (maxWorkers raised with it when needed), searched count by
 * count: the wait is not monotone in minWorkers (a larger minimum holds the per-worker alarm back).
 * Assumes the worker service launches alone from the account's Fargate bucket (100 tokens, 20/s):
 * other services scaling out at the same moment take tokens first and lengthen it.
 */
function sizeWorkerScaleOut(q: WorkQueueSizing): SizingRow[] {
  const f = workerScaleOutFacts(q);
  if (!f || !(q.jobs > 0)) return [];
  const { topology, jobs, s, base, policy } = q;
  const n0 = topology.minWorkers;
  const M = topology.maxWorkers;
  const { r, verdict } = workerScaleOutAt(q, f, n0, M);
  const ctx = {
    ...base,
    resource: WORKER_SCALE_OUT,
    metric: 's worst wait in queue',
    sources: ['method: scale-out time (fluid FIFO queue, backlog-per-worker target tracking)', 'catalog.QUOTAS.applicationAutoScaling',
      'catalog.QUOTAS.ecs.fargateTaskLaunchRatePerSecond', 'catalog.QUOTAS.ecs.fargateTaskLaunchBurst', 'catalog.ASSUMED.fargateTaskStartSeconds'],
  };
  const fix = verdict === Verdict.PASS || q.verdictsOnly ? undefined : workerScaleOutFix(q, f);
  const sec = (x: number): string => `${fmt(Math.round(x))} s`;
  if (r.minCarriesPeak) {
    return [{
      ...checkRule(ctx, Verdict.PASS, `minWorkers ${fmt(n0)} finish ${fmt(n0 / s)} jobs/s, at least the ${fmt(jobs)} jobs/s peak: no backlog waits for a scale-out`),
      fixResource: WORKER_SCALE_OUT,
    }];
  }
  const ramp = f.rampSeconds === 0 ? `the job rate steps to ${fmt(jobs)} jobs/s at once` : `the job rate ramps from 0 to ${fmt(jobs)} jobs/s in ${sec(f.rampSeconds)}`;
  const threshold = f.backlogPerWorker * Math.max(1, n0);
  const story = `${ramp}; ${fmt(n0)} min workers finish ${fmt(n0 / s)} jobs/s, so a backlog builds from ${sec(r.backlogStartSeconds)}; `
    + `backlog-per-worker target tracking (${fmt(f.backlogPerWorker)} per worker) alarms at ${sec(r.alarmSeconds)} (the backlog passes ${fmt(threshold)} `
    + `at ${sec(r.thresholdSeconds)}, then ${fmt(f.evaluationPeriods)} x ${fmt(f.periodSeconds)} s datapoints), `
    + `${fmt(r.launches)} workers launch (${r.launchSeconds > 0 ? `${sec(r.launchSeconds)} at ${fmt(f.rate)}/s after a burst of ${fmt(f.burst)}, alone in the account's Fargate bucket` : 'within the Fargate burst'}) `
    + `and start (${sec(f.startSeconds)}, assumed): the min workers carry the rate alone for ${sec(r.minAloneSeconds)}`;
  if (!Number.isFinite(r.worstWaitSeconds)) {
    return [{
      ...checkRule(ctx, Verdict.FAIL, `${story}; maxWorkers ${fmt(M)} finish ${fmt(M / s)} jobs/s, below the peak: the backlog never drains`, fix),
      fixResource: WORKER_SCALE_OUT,
    }];
  }
  if (!Number.isFinite(r.worstWaitUpToPeakSeconds)) {
    return [{
      ...checkRule(ctx, Verdict.FAIL, `${story}; with minWorkers 0 the first job waits until ${fmt(f.backlogPerWorker)} are visible: `
        + `a trickle of fewer than that per ${sec(f.bound)} (${f.boundWhat}) never starts a worker`, fix),
      fixResource: WORKER_SCALE_OUT,
    }];
  }
  const slow = r.worstWaitUpToPeakSeconds > r.worstWaitSeconds
    ? `; a peak just above what the min workers finish lets the backlog reach ${fmt(f.backlogPerWorker)} per worker before the alarm: `
      + `jobs wait up to ${sec(r.worstWaitUpToPeakSeconds)} (${fmt(f.backlogPerWorker)} x ${fmt(s)} s)` : '';
  const drain = Number.isFinite(r.drainSeconds) ? `${fmt(M)} workers drain them in ${sec(r.drainSeconds)}` : `${fmt(M)} workers only keep level with the peak`;
  return [{
    ...capacityRow(ctx, Scenario.NORMAL, r.worstWaitUpToPeakSeconds, f.bound, 1, policy.warnMargin,
      (v) => `${story}; ${fmt(Math.round(r.backlogAtScaleOut))} jobs wait then and ${drain}: the worst job waits ${sec(r.worstWaitSeconds)}${slow}, `
        + `${v === Verdict.FAIL ? 'beyond' : v === Verdict.WARN ? 'within 10 % of' : 'within'} ${f.boundWhat} of ${sec(f.bound)}`, fix),
    fixResource: WORKER_SCALE_OUT,
  }];
}

/** The smallest minWorkers (maxWorkers raised with it when needed) at which the scale-out row passes. */
function workerScaleOutFix(q: WorkQueueSizing, f: WorkerScaleOutFacts): string {
  const { topology, jobs, s, cap } = q;
  const M = topology.maxWorkers;
  // From ceil(peak x s) workers on, the min workers carry the peak: the row passes.
  const carry = Math.max(1, Math.ceil(jobs * s - 1e-9));
  const last = Math.min(carry, cap);
  for (let n = Math.max(1, topology.minWorkers + 1); n <= last; n++) {
    if (workerScaleOutAt(q, f, n, Math.max(M, n)).verdict === Verdict.PASS) {
      return `set workers.minWorkers >= ${fmt(n)}` + (n > M ? ` and workers.maxWorkers >= ${fmt(n)}` : '') + ` (${q.unitNoun})`
        + (n < carry ? `; minWorkers ${fmt(carry)} carry the peak without a scale-out` : '');
    }
  }
  return `needs >= ${fmt(carry)} ${q.unitNoun} from the start, above the ECS tasks-per-service quota (${fmt(cap)}): declare the ramp (load.rampSeconds), `
    + 'set a lower workers.fargate.acceptableBacklogPerWorker so the workers scale out sooner, or split the work over more queues';
}
