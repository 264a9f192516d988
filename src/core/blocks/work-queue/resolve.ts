// WorkQueue: planWorkQueue, which validates the options and resolves the plan.
import { lambdaBatchDelay, limits, worstAzLoss } from './internal';
import {
  EncryptionKey, FargateWorkerOptions, FifoDeduplicationScope, FifoThroughputLimit, JobStatus, JobTableBillingMode, LambdaRuntime,
  LambdaWorkerOptions, QueueEncryption, QueueType, RedrivePermission, ScalingAdjustment, WorkerKind, WorkQueueAttribute, WorkQueueFifoOptions,
  WorkQueueOptions, WorkQueuePermission, WorkQueueResource, WorkQueueWorkersOptions,
} from './options';
import {
  CompletionPlan, DeadLetterQueuePlan, DEFAULT_ACCEPTABLE_LATENCY_SECONDS, DEFAULT_OLDEST_MESSAGE_ALARM_SECONDS, FargateWorkerPlan,
  JOB_STATUS_PATH_TEMPLATE, JobContractPlan, JobTablePlan, LambdaPlaceholderCodePlan, LambdaWorkerPlan, MAX_POLL_AFTER_SECONDS, MetricQueryPlan,
  MIN_DERIVED_TIMEOUT_SECONDS, PayloadBucketPlan, PLACEHOLDER_LAMBDA_MODULE, PLACEHOLDER_WORKER_COMMAND, PLACEHOLDER_WORKER_IMAGE, QueuePlan,
  VISIBILITY_MARGIN_SECONDS, WORKER_CONTAINER_NAME, WorkerContainerPlan, WorkQueueAlarmPlan, WorkQueueKeyPlan, WorkQueueLoadPlan, WorkQueuePlan,
} from './plan';
import { workersForBurst, workersForLatency, workersForThroughput } from './sizing';
import { Assumptions } from '../../assumptions';
import * as catalog from '../../catalog';
import { checkPlanInputs, PLAN_FORMAT_VERSION } from '../../inputs';
import { SizingPolicy, unitsNeededAzLoss } from '../../sizing/capacity';
import { fmt, isPlainObject, objectOrEmpty, Rules, validOr } from '../../validation';
import {
  AlarmComparison, ARN_PATTERN, azCountOf, BlockKind, checkName,
  DEFAULT_AZS, enumValues, ENV_NAME_ALLOWED, ENV_NAME_PATTERN, HTTPS_URL_PATTERN, IMAGE_PATTERN,
  MAX_AZS, MIN_AZS, PlanContext, RemovalPolicy, resolveSizingPolicy, SECRET_ARN_ALLOWED, SECRET_ARN_PATTERN, SECRET_LIKE_NAME,
} from '../common';
import { ApiComputePlan, ApiDeploymentPlan, ComputeKind, CpuArchitecture, DeploymentStrategy, MAX_RAMP_SECONDS } from '../load-balanced-api';
import { checkLogRetention, containerHardening, DEFAULT_CONTAINER_LOG_RETENTION_DAYS, ecsExecutionRole, EcsServicePlan, ecsServiceSettings } from '../shared/ecs';
import { resolveFoundation } from '../shared/foundation';

/** The placeholder Lambda source for a handler `index.<fn>`: every message of the batch fails. */
export function lambdaPlaceholderCode(runtime: LambdaRuntime, handler: string): LambdaPlaceholderCodePlan {
  const python = runtime === LambdaRuntime.PYTHON_3_13;
  const fn = handler.slice(handler.lastIndexOf('.') + 1);
  const note = 'Placeholder worker: every message fails and returns to the queue, then the dead-letter queue.';
  const source = python
    ? `def ${fn}(event, context):\n    # ${note}\n`
      + '    return {"batchItemFailures": [{"itemIdentifier": r["messageId"]} for r in event.get("Records", [])]}\n'
    : `// ${note}\nexports.${fn} = async (event) => `
      + '({ batchItemFailures: (event.Records || []).map((r) => ({ itemIdentifier: r.messageId })) });\n';
  return { fileName: `${PLACEHOLDER_LAMBDA_MODULE}.${python ? 'py' : 'js'}`, source };
}

/** The ECS service of Fargate workers: what both backends' ECS-service renderers take. */
export function ecsServiceOfWorkers(f: FargateWorkerPlan): EcsServicePlan {
  return {
    executionRole: ecsExecutionRole(f.container.image),
    compute: f.compute,
    container: f.container,
    settings: f.ecsService,
    deployment: f.deployment,
    taskCount: { desiredTasks: f.scaling.minWorkers, desiredCountOnCreateOnly: true },
    assignPublicIp: false,
  };
}
/**
 * Workers kept running during a deploy, as a percentage of the desired count: 100, so a deploy
 * never cuts the throughput the backlog target is sized on (the ECS default for a replica service).
 */
export const WORKER_MINIMUM_HEALTHY_PERCENT = 100;
/** Workers allowed during a deploy, as a percentage of the desired count: 200, a full new set beside the old (the ECS default). */
export const WORKER_MAXIMUM_PERCENT = 200;
/** The worker service's deployment: rolling (no load balancer to shift), circuit breaker with rollback, 100/200 percent. */
export function workerDeployment(): ApiDeploymentPlan {
  return {
    strategy: DeploymentStrategy.ROLLING,
    circuitBreaker: true,
    rollback: true,
    minimumHealthyPercent: WORKER_MINIMUM_HEALTHY_PERCENT,
    maximumPercent: WORKER_MAXIMUM_PERCENT,
  };
}

function assumedSecondsPerJob(): { value: number; reason: string } {
  const a = catalog.ASSUMED.workerSecondsPerJob;
  return { value: a.value, reason: `${a.reasoning} Measure yours and set load.secondsPerJob` };
}

const RESERVED_ENV = ['QUEUE_URL', 'JOB_TABLE', 'COMPLETION_TOPIC_ARN', 'PAYLOAD_BUCKET', 'JOB_STATUS_PATH', 'JOB_POLL_AFTER_SECONDS', 'JOB_TTL_DAYS',
  'JOB_STATUS_VALUES'];

/**
 * For `assumed.take`: undefined when not given (so the default is recorded as assumed), the
 * value when valid, else `fallback` (the plan throws anyway).
 */
function checked<T>(ok: boolean, given: T | undefined, fallback: T): T | undefined {
  return given === undefined ? undefined : ok ? given : fallback;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function checkEnvironment(rules: Rules, prefix: string, environment: unknown): { [key: string]: string } {
  if (environment === undefined) return {};
  if (!rules.check(prefix, environment, isPlainObject(environment), 'a map of environment variable names to strings')) return {};
  const env = environment as Record<string, unknown>;
  for (const [k, v] of Object.entries(env)) {
    rules.matches(`${prefix}.${k}`, k, ENV_NAME_PATTERN, ENV_NAME_ALLOWED);
    rules.check(`${prefix}.${k}`, v, typeof v === 'string', 'a string');
    rules.check(`${prefix}.${k}`, k, !RESERVED_ENV.includes(k), `a name other than ${RESERVED_ENV.join(', ')} (the block sets those)`);
    rules.check(`${prefix}.${k}`, '<hidden>', !SECRET_LIKE_NAME.test(k),
      'a non-secret value: pass secrets as Secrets Manager ARNs in secrets, never in plain environment');
  }
  return env as { [key: string]: string };
}

function checkSecrets(rules: Rules, prefix: string, secrets: unknown): { [key: string]: string } {
  if (secrets === undefined) return {};
  if (!rules.check(prefix, secrets, isPlainObject(secrets), 'a map of environment variable names to secret ARNs')) return {};
  const s = secrets as Record<string, unknown>;
  for (const [k, v] of Object.entries(s)) {
    rules.matches(`${prefix}.${k}`, k, ENV_NAME_PATTERN, ENV_NAME_ALLOWED);
    rules.matches(`${prefix}.${k}`, v as string, SECRET_ARN_PATTERN, SECRET_ARN_ALLOWED);
  }
  return s as { [key: string]: string };
}

function checkRemoval(rules: Rules, prop: string, value: RemovalPolicy | undefined): RemovalPolicy {
  const ok = rules.oneOf(prop, value, [RemovalPolicy.RETAIN, RemovalPolicy.DESTROY]);
  return validOr(ok, value, RemovalPolicy.RETAIN);
}

/** What every resolver of a WorkQueue reads and reports to. */
interface WorkQueueResolution {
  readonly o: WorkQueueOptions;
  readonly rules: Rules;
  readonly assumed: Assumptions;
  /** The quotas the block reads. */
  readonly L: ReturnType<typeof limits>;
  readonly sizing: SizingPolicy;
  /** The plan context (the network's AZ count, when a backend counted it). */
  readonly context: PlanContext;
}

/**
 * Validates options and resolves every default of a WorkQueue.
 *
 * @throws ValidationError listing every invalid prop
 */
export function planWorkQueue(options: WorkQueueOptions = {}, context: PlanContext = {}): WorkQueuePlan {
  checkPlanInputs(options, context, 'jobs', 'WorkQueueOptions');
  const o = objectOrEmpty(options);
  const name = o.name ?? 'jobs';
  const path = context.path ?? (typeof name === 'string' ? name : 'jobs');
  const rules = new Rules(path);
  const assumed = new Assumptions(context.specPrefix ?? (typeof name === 'string' ? name : 'jobs'));
  checkName(rules, name);
  const r: WorkQueueResolution = { o, rules, assumed, L: limits(), sizing: resolveSizingPolicy(rules, assumed, o.sizing), context };
  const kind = resolveQueueKind(r);
  const load = resolveLoad(r);
  const attributes = resolveQueueAttributes(r, load);
  const workers = resolveWorkers(r, load, attributes.givenVisibility, kind.fifo);
  const visibilityTimeoutSeconds = resolveVisibility(r, attributes, workers);
  const jobTable = resolveJobTable(r, kind.kmsMode);
  const { queue, deadLetterQueue, queueKey } = resolveQueues(r, kind, attributes, visibilityTimeoutSeconds);
  const completion = resolveCompletion(r, kind, queueKey, attributes.receiveWaitSeconds);
  const payloadBucket = resolvePayloadBucket(r, kind.kmsMode, jobTable.ttlDays);
  const alarms = resolveAlarms(r, attributes.retentionSeconds, load, completion);
  const kms = resolveKey(r, kind.kmsMode, completion);
  const wiring = resolveWiring(payloadBucket, kind.kmsMode);

  const foundation = resolveFoundation(rules, o, workers.fargate?.azCount);
  rules.throwIfInvalid();
  return {
    kind: BlockKind.WORK_QUEUE,
    planVersion: PLAN_FORMAT_VERSION,
    ...foundation,
    name,
    path,
    sizing: r.sizing,
    assumed: assumed.list,
    queueType: kind.queueType,
    queueEncryption: kind.queueEncryption,
    kms,
    queue,
    deadLetterQueue,
    workers: {
      kind: workers.kind,
      logRetentionDays: workers.logRetentionDays,
      minWorkers: workers.minWorkers,
      maxWorkers: workers.maxWorkers,
      fargate: workers.fargate,
      lambda: workers.lambda,
    },
    jobTable,
    completion,
    payloadBucket,
    alarms,
    jobContract: jobContractOf(jobTable, load.secondsPerJob),
    ...wiring,
    load,
  };
}

/** The queue type, FIFO options, encryption and removal policy the other resolvers read. */
interface QueueKind {
  readonly queueType: QueueType;
  readonly fifo: boolean;
  readonly fifoOptions: WorkQueueFifoOptions;
  readonly highThroughput: boolean;
  readonly queueEncryption: QueueEncryption;
  readonly kmsMode: boolean;
  readonly removalPolicy: RemovalPolicy;
}

/** Queue type and encryption: STANDARD or FIFO (high throughput optional), SQS-managed or KMS. */
function resolveQueueKind({ o, rules }: WorkQueueResolution): QueueKind {
  const queueType = validOr(rules.oneOf('queueType', o.queueType, enumValues(QueueType)), o.queueType, QueueType.STANDARD);
  const fifo = queueType === QueueType.FIFO;
  const fifoOptions = objectOrEmpty(o.fifo);
  rules.check('fifo', o.fifo, o.fifo === undefined || fifo, 'unset with a STANDARD queue (set queueType FIFO)');
  rules.boolean('fifo.contentBasedDeduplication', fifoOptions.contentBasedDeduplication);
  rules.boolean('fifo.highThroughput', fifoOptions.highThroughput);
  const highThroughput = fifo && fifoOptions.highThroughput === true;

  const queueEncryption = validOr(rules.oneOf('encryption', o.encryption, enumValues(QueueEncryption)), o.encryption, QueueEncryption.SQS_MANAGED);
  const kmsMode = queueEncryption === QueueEncryption.KMS;
  rules.matches('kmsKeyArn', o.kmsKeyArn, /^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/,
    'a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)');
  rules.check('kmsKeyArn', o.kmsKeyArn, o.kmsKeyArn === undefined || kmsMode, 'unset unless encryption is KMS');
  const removalPolicy = checkRemoval(rules, 'removalPolicy', o.removalPolicy);
  return { queueType, fifo, fifoOptions, highThroughput, queueEncryption, kmsMode, removalPolicy };
}

/** The load: job rate, mean job time (assumed when not given), burst and its drain time, latency target, message size. */
function resolveLoad({ o, rules, assumed, L }: WorkQueueResolution): WorkQueueLoadPlan {
  const l = objectOrEmpty(o.load);
  const jobsOk = rules.number('load.jobsPerSecond', l.jobsPerSecond, 0, 1e6, 'jobs/s');
  const secondsOk = rules.positive('load.secondsPerJob', l.secondsPerJob, L.visibilityMax, 's');
  const burstOk = rules.integer('load.burstJobs', l.burstJobs, 0, 1e9, 'jobs');
  const drainOk = rules.number('load.drainSeconds', l.drainSeconds, 1, L.retentionMax, 's');
  rules.check('load.drainSeconds', l.drainSeconds, l.burstJobs === undefined || l.burstJobs === 0 || l.drainSeconds !== undefined,
    'set when load.burstJobs is set (the time allowed to drain the burst)');
  rules.check('load.burstJobs', l.burstJobs, l.drainSeconds === undefined || l.burstJobs !== undefined, 'set when load.drainSeconds is set');
  const latencyOk = rules.positive('load.latencyTargetSeconds', l.latencyTargetSeconds, L.retentionMax, 's');
  const sizeOk = rules.positive('load.messageSizeKiB', l.messageSizeKiB, 1e7, 'KiB');
  const jobsPerSecond = assumed.take('load.jobsPerSecond', checked(jobsOk, l.jobsPerSecond, 0), 0, 'no job rate declared: nothing to size against');
  const secondsDefault = assumedSecondsPerJob();
  const secondsPerJob = assumed.take('load.secondsPerJob', checked(secondsOk, l.secondsPerJob, secondsDefault.value),
    secondsDefault.value, secondsDefault.reason, (v) => `${fmt(v)} s`);
  const burstJobs = validOr(burstOk, l.burstJobs, 0);
  const drainSeconds = validOr(drainOk, l.drainSeconds, undefined);
  const latencyTargetSeconds = validOr(latencyOk, l.latencyTargetSeconds, undefined);
  const messageSizeDefault = catalog.ASSUMED.queueMessageSizeKiB.value;
  const messageSizeKiB = assumed.take('load.messageSizeKiB', checked(sizeOk, l.messageSizeKiB, messageSizeDefault), messageSizeDefault,
    'a job message carries ids and parameters; large inputs go to the payload bucket', (v) => `${fmt(v)} KiB`);
  // The ramp matters only to workers that scale out on the backlog (Fargate): assumed (and listed) only then.
  const rampOk = rules.number('load.rampSeconds', l.rampSeconds, 0, MAX_RAMP_SECONDS, 's');
  const ramp = catalog.ASSUMED.loadRampSeconds;
  const fargate = objectOrEmpty(o.workers).kind !== WorkerKind.LAMBDA;
  const rampSeconds = fargate ? assumed.take('load.rampSeconds', checked(rampOk, l.rampSeconds, ramp.value), ramp.value, ramp.reasoning, (v) => `${fmt(v)} s`)
    : validOr(rampOk, l.rampSeconds, ramp.value);
  return { jobsPerSecond, secondsPerJob, burstJobs, drainSeconds, latencyTargetSeconds, messageSizeKiB, rampSeconds };
}

/** Retention, receive wait, the given visibility timeout and the dead-letter receive count. */
interface QueueAttributes {
  readonly retentionSeconds: number;
  readonly receiveWaitSeconds: number;
  /** Whether a given visibility timeout passed its range rule. */
  readonly visibilityOk: boolean;
  readonly givenVisibility?: number;
  readonly maxReceiveCount: number;
}

/** The queue's attributes, and the load's times checked against the retention. */
function resolveQueueAttributes({ o, rules, L }: WorkQueueResolution, load: WorkQueueLoadPlan): QueueAttributes {
  const l = objectOrEmpty(o.load);
  const { drainSeconds, latencyTargetSeconds } = load;
  const retentionOk = rules.integer('retentionSeconds', o.retentionSeconds, L.retentionMin, L.retentionMax, 's');
  const retentionSeconds = validOr(retentionOk, o.retentionSeconds, L.retentionDefault);
  rules.check('load.drainSeconds', l.drainSeconds, drainSeconds === undefined || drainSeconds < retentionSeconds,
    `less than retentionSeconds (${fmt(retentionSeconds)}): jobs would expire before the burst drains`);
  rules.check('load.latencyTargetSeconds', l.latencyTargetSeconds, latencyTargetSeconds === undefined || latencyTargetSeconds < retentionSeconds,
    `less than retentionSeconds (${fmt(retentionSeconds)})`);
  const receiveOk = rules.integer('receiveWaitSeconds', o.receiveWaitSeconds, L.receiveWaitMin, L.receiveWaitMax, 's');
  const receiveWaitSeconds = validOr(receiveOk, o.receiveWaitSeconds, L.receiveWaitMax);
  const visibilityOk = rules.integer('visibilityTimeoutSeconds', o.visibilityTimeoutSeconds, L.visibilityMin, L.visibilityMax, 's');
  const givenVisibility = validOr(visibilityOk, o.visibilityTimeoutSeconds, undefined);
  const dl = objectOrEmpty(o.deadLetter);
  const receiveCountOk = rules.integer('deadLetter.maxReceiveCount', dl.maxReceiveCount, L.maxReceiveMin, L.maxReceiveMax);
  const maxReceiveCount = validOr(receiveCountOk, dl.maxReceiveCount, 5);
  return { retentionSeconds, receiveWaitSeconds, visibilityOk, givenVisibility, maxReceiveCount };
}

/** The workers resolved, and the visibility timeout they require and suggest. */
interface ResolvedWorkers {
  readonly kind: WorkerKind;
  readonly logRetentionDays: number;
  readonly minWorkers: number;
  readonly maxWorkers: number;
  readonly fargate?: FargateWorkerPlan;
  readonly lambda?: LambdaWorkerPlan;
  /** The least visibility timeout the workers' timeout allows. */
  readonly requiredVisibility: number;
  /** The visibility timeout when none is given. */
  readonly defaultVisibility: number;
}

/** What the Fargate and Lambda worker resolvers share. */
interface WorkerContext {
  readonly w: WorkQueueWorkersOptions;
  readonly load: WorkQueueLoadPlan;
  readonly givenVisibility?: number;
  readonly fifo: boolean;
  readonly azCount: number;
  readonly logRetentionDays: number;
  /** Workers Little's law needs (NORMAL row). */
  readonly needThroughput: number;
  /** Workers the AZ_LOSS row needs (Fargate). */
  readonly needAz: number;
  /** Workers the burst drain needs. */
  readonly needBurst: number;
}

/** The workers: kind, log retention, AZs, then the Fargate service or the Lambda function. */
function resolveWorkers(r: WorkQueueResolution, load: WorkQueueLoadPlan, givenVisibility: number | undefined, fifo: boolean): ResolvedWorkers {
  const { o, rules, sizing } = r;
  const { jobsPerSecond, secondsPerJob, burstJobs, drainSeconds } = load;
  const w = objectOrEmpty(o.workers);
  const kind = validOr(rules.oneOf('workers.kind', w.kind, enumValues(WorkerKind)), w.kind, WorkerKind.FARGATE_SERVICE);
  const logRetentionDays = validOr(w.logRetentionDays === undefined || checkLogRetention(rules, 'workers.logRetentionDays', w.logRetentionDays),
    w.logRetentionDays, DEFAULT_CONTAINER_LOG_RETENTION_DAYS);
  const lambdaKind = kind === WorkerKind.LAMBDA;
  const azOk = rules.integer('azCount', o.azCount, MIN_AZS, MAX_AZS);
  // LAMBDA workers take no AZ count (and no VPC): the network's count is never taken for them.
  const azCount = o.azCount === undefined && !lambdaKind ? azCountOf(r.assumed, 'azCount', undefined, r.context) : validOr(azOk, o.azCount, DEFAULT_AZS);
  rules.check('azCount', o.azCount, o.azCount === undefined || !lambdaKind, 'unset with LAMBDA workers (Lambda runs across the Region\'s AZs)');
  rules.check('workers.fargate', w.fargate, w.fargate === undefined || !lambdaKind, 'unset with workers.kind LAMBDA');
  rules.check('workers.lambda', w.lambda, w.lambda === undefined || lambdaKind, 'unset with workers.kind FARGATE_SERVICE (set workers.kind LAMBDA)');

  // Worker counts the sizing rows need: defaults are the largest, so a default plan passes.
  const needThroughput = workersForThroughput(jobsPerSecond, secondsPerJob, sizing);
  const needAz = lambdaKind || !Number.isFinite(needThroughput) ? 0
    : (unitsNeededAzLoss(jobsPerSecond, 1 / secondsPerJob, azCount, sizing) ?? Number.POSITIVE_INFINITY);
  const needBurst = drainSeconds !== undefined ? workersForBurst(burstJobs, drainSeconds, jobsPerSecond, secondsPerJob, sizing.warnMargin) : 0;
  const ctx: WorkerContext = { w, load, givenVisibility, fifo, azCount, logRetentionDays, needThroughput, needAz, needBurst };
  return { kind, logRetentionDays, ...(lambdaKind ? resolveLambdaWorkers(r, ctx) : resolveFargateWorkers(r, ctx)) };
}

type WorkersOfKind = Omit<ResolvedWorkers, 'kind' | 'logRetentionDays'>;

/** Fargate workers: compute, container, job timeout, counts, and backlog-per-worker scaling with a scale-in to the minimum. */
function resolveFargateWorkers(r: WorkQueueResolution, ctx: WorkerContext): WorkersOfKind {
  const { rules, assumed, L } = r;
  const f = objectOrEmpty(ctx.w.fargate);
  const compute = resolveWorkerCompute(rules, assumed, f);
  const container = resolveWorkerContainer(rules, f);
  const jobTimeoutSeconds = resolveJobTimeout(r, f, ctx);
  const { minWorkers, maxWorkers } = resolveFargateCounts(r, ctx);
  return {
    minWorkers,
    maxWorkers,
    requiredVisibility: jobTimeoutSeconds,
    defaultVisibility: Math.min(L.visibilityMax, jobTimeoutSeconds + VISIBILITY_MARGIN_SECONDS),
    fargate: {
      compute,
      container,
      jobTimeoutSeconds,
      azCount: ctx.azCount,
      deployment: workerDeployment(),
      ecsService: ecsServiceSettings(WORKER_CONTAINER_NAME, ctx.logRetentionDays, false),
      scaling: resolveWorkerScaling(r, f, ctx.load, minWorkers, maxWorkers),
    },
  };
}

/** The worker container: the image (a placeholder that fails every job when none is given), environment, secrets, hardening. */
function resolveWorkerContainer(rules: Rules, f: FargateWorkerOptions): WorkerContainerPlan {
  const imageOk = rules.matches('workers.fargate.image', f.image, IMAGE_PATTERN,
    'a container image reference such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/worker:1.0.0');
  const image = validOr(imageOk, f.image, PLACEHOLDER_WORKER_IMAGE);
  return {
    image,
    placeholder: image === PLACEHOLDER_WORKER_IMAGE,
    command: image === PLACEHOLDER_WORKER_IMAGE ? [...PLACEHOLDER_WORKER_COMMAND] : undefined,
    environment: checkEnvironment(rules, 'workers.fargate.environment', f.environment),
    secrets: checkSecrets(rules, 'workers.fargate.secrets', f.secrets),
    hardening: containerHardening(true),
  };
}

/** The Fargate job timeout: the visibility timeout less a margin, or 10 x the mean job time. */
function resolveJobTimeout({ rules, assumed, L }: WorkQueueResolution, f: FargateWorkerOptions, ctx: WorkerContext): number {
  const { givenVisibility } = ctx;
  const timeoutOk = rules.integer('workers.fargate.jobTimeoutSeconds', f.jobTimeoutSeconds, 1, L.visibilityMax, 's');
  const derivedTimeout = givenVisibility !== undefined
    ? Math.max(1, givenVisibility - VISIBILITY_MARGIN_SECONDS)
    : clamp(Math.ceil(10 * ctx.load.secondsPerJob), MIN_DERIVED_TIMEOUT_SECONDS, L.visibilityMax - VISIBILITY_MARGIN_SECONDS);
  return assumed.take('workers.fargate.jobTimeoutSeconds', checked(timeoutOk, f.jobTimeoutSeconds, derivedTimeout),
    derivedTimeout, givenVisibility !== undefined
      ? `the visibility timeout less ${VISIBILITY_MARGIN_SECONDS} s`
      : `10 x the mean job time (at least ${fmt(MIN_DERIVED_TIMEOUT_SECONDS)} s): a job far slower than the mean is stuck`, (v) => `${fmt(v)} s`);
}

/** Fargate worker counts: the minimum the latency target needs (else one), the maximum any sizing row needs. */
function resolveFargateCounts({ rules, assumed, L, sizing }: WorkQueueResolution, ctx: WorkerContext): { minWorkers: number; maxWorkers: number } {
  const { w, azCount, needThroughput, needAz, needBurst } = ctx;
  const { jobsPerSecond, secondsPerJob, latencyTargetSeconds } = ctx.load;
  const cap = L.tasksPerService;
  const minOk = rules.integer('workers.minWorkers', w.minWorkers, 0, cap, 'workers');
  const maxOk = rules.integer('workers.maxWorkers', w.maxWorkers, 1, cap, 'workers');
  const needLatency = latencyTargetSeconds !== undefined
    ? workersForLatency(jobsPerSecond, secondsPerJob, latencyTargetSeconds, sizing.warnMargin) : 0;
  const needLatencyAz = latencyTargetSeconds !== undefined
    ? workersForLatency(jobsPerSecond, secondsPerJob, latencyTargetSeconds, sizing.warnMargin, worstAzLoss(azCount)) : 0;
  const givenMax = validOr(maxOk, w.maxWorkers, cap);
  const defaultMin = Math.min(cap, givenMax,
    latencyTargetSeconds !== undefined && jobsPerSecond > 0 ? Math.max(1, needThroughput, needLatency) : 1);
  const minWorkers = assumed.take('workers.minWorkers', checked(minOk, w.minWorkers, defaultMin), defaultMin,
    latencyTargetSeconds !== undefined
      ? 'the workers the latency target needs at the declared rate, so a peak does not wait for a scale-out'
      : 'one worker always polling, so a job starts without waiting for a task to launch');
  const defaultMax = Math.min(cap, Math.max(minWorkers * 2, azCount, needThroughput, needAz, needBurst, needLatency, needLatencyAz));
  const maxWorkers = assumed.take('workers.maxWorkers', checked(maxOk, w.maxWorkers, defaultMax), defaultMax,
    'the most any sizing row needs (Little\'s law, one AZ lost, the burst, the latency target), at least twice minWorkers');
  if (w.minWorkers !== undefined || w.maxWorkers !== undefined) {
    rules.check('workers.maxWorkers', w.maxWorkers ?? maxWorkers, maxWorkers >= minWorkers, `at least workers.minWorkers (${fmt(minWorkers)})`);
  }
  return { minWorkers, maxWorkers };
}

/** An SQS or ECS metric of the worker scaling, each a maximum or average per minute. */
function scalingMetric(id: string, namespace: string, metricName: string, resource: WorkQueueResource, statistic: string): MetricQueryPlan {
  return { id, namespace, metricName, resource, statistic, periodSeconds: 60 };
}

/** Fargate worker scaling: target tracking on the backlog per worker (scale-out only), and a step to the minimum once the queue is empty. */
function resolveWorkerScaling({ rules }: WorkQueueResolution, f: FargateWorkerOptions, load: WorkQueueLoadPlan,
  minWorkers: number, maxWorkers: number): FargateWorkerPlan['scaling'] {
  const backlogOk = rules.positive('workers.fargate.acceptableBacklogPerWorker', f.acceptableBacklogPerWorker, 1e6, 'messages');
  const acceptableLatencySeconds = load.latencyTargetSeconds ?? DEFAULT_ACCEPTABLE_LATENCY_SECONDS;
  const derivedBacklog = Number((acceptableLatencySeconds / load.secondsPerJob).toPrecision(3));
  const acceptableBacklogPerWorker = validOr(backlogOk, f.acceptableBacklogPerWorker, derivedBacklog);
  const coolOk = rules.integer('workers.fargate.scaleOutCooldownSeconds', f.scaleOutCooldownSeconds, 0, 3600, 's');
  const emptyOk = rules.integer('workers.fargate.scaleInAfterEmptyMinutes', f.scaleInAfterEmptyMinutes, 1, 60, 'minutes');
  const visible = scalingMetric('visible', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', WorkQueueResource.JOB_QUEUE, 'Maximum');
  const inFlight = scalingMetric('inflight', 'AWS/SQS', 'ApproximateNumberOfMessagesNotVisible', WorkQueueResource.JOB_QUEUE, 'Maximum');
  const running = scalingMetric('running', 'ECS/ContainerInsights', 'RunningTaskCount', WorkQueueResource.WORKER_SERVICE, 'Average');
  return {
    minWorkers,
    maxWorkers,
    backlogPerWorker: {
      // A service at zero tasks still sees its backlog, so it scales out from zero.
      expression: 'IF(running > 0, visible / running, visible)',
      label: 'Backlog per worker',
      metrics: [visible, running],
    },
    acceptableBacklogPerWorker,
    acceptableLatencySeconds,
    targetTrackingDisableScaleIn: true,
    scaleOutCooldownSeconds: validOr(coolOk, f.scaleOutCooldownSeconds, 60),
    scaleIn: {
      metric: { expression: 'visible + inflight', label: 'Messages visible or in flight', metrics: [visible, inFlight] },
      threshold: 0,
      comparison: AlarmComparison.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: validOr(emptyOk, f.scaleInAfterEmptyMinutes, 5),
      adjustment: ScalingAdjustment.EXACT_CAPACITY,
      capacity: minWorkers,
    },
    containerInsights: true,
  };
}

/** Lambda workers: batching and timeout, the event source's maximum concurrency, then the function itself. */
function resolveLambdaWorkers(r: WorkQueueResolution, ctx: WorkerContext): WorkersOfKind {
  const { rules, L } = r;
  const lo = objectOrEmpty(ctx.w.lambda);
  const { memoryOk, maxBatchingWindowSeconds, batchSize, timeoutSeconds } = resolveLambdaBatching(r, lo, ctx);
  const requiredVisibility = L.lambdaVisibilityMultiplier * timeoutSeconds;
  const maxWorkers = resolveLambdaConcurrency(r, ctx, batchSize, maxBatchingWindowSeconds);
  const architecture = validOr(rules.oneOf('workers.lambda.architecture', lo.architecture, enumValues(CpuArchitecture)),
    lo.architecture, CpuArchitecture.ARM64);
  const runtime = validOr(rules.oneOf('workers.lambda.runtime', lo.runtime, enumValues(LambdaRuntime)), lo.runtime, LambdaRuntime.NODEJS_22_X);
  const handlerOk = rules.matches('workers.lambda.handler', lo.handler, /^[A-Za-z0-9_$.\-/]{1,128}$/, 'a handler such as index.handler');
  const codeOk = rules.matches('workers.lambda.codePath', lo.codePath, /^[^\0]{1,4096}$/, 'a local path to a directory or a .zip');
  const handler = validOr(handlerOk, lo.handler, 'index.handler');
  const codePath = validOr(codeOk, lo.codePath, undefined);
  rules.check('workers.lambda.handler', lo.handler, codePath !== undefined || lo.codePath !== undefined
    || handler.slice(0, handler.lastIndexOf('.')) === PLACEHOLDER_LAMBDA_MODULE,
  `a handler of the ${PLACEHOLDER_LAMBDA_MODULE} module (e.g. index.handler) without workers.lambda.codePath: the placeholder code is ${PLACEHOLDER_LAMBDA_MODULE}.js or .py`);
  return {
    minWorkers: 0,
    maxWorkers,
    requiredVisibility,
    defaultVisibility: Math.min(L.visibilityMax, requiredVisibility + maxBatchingWindowSeconds),
    lambda: {
      memoryMB: validOr(memoryOk, lo.memoryMB, 1024),
      timeoutSeconds,
      batchSize,
      maxBatchingWindowSeconds,
      reportBatchItemFailures: true,
      maxConcurrency: maxWorkers,
      architecture,
      runtime,
      handler,
      codePath,
      placeholderCode: codePath === undefined ? lambdaPlaceholderCode(runtime, handler) : undefined,
      environment: checkEnvironment(rules, 'workers.lambda.environment', lo.environment),
    },
  };
}

/** Lambda batching: the batching window (0 on FIFO), the batch size and the function timeout, each derived from the other when not given. */
function resolveLambdaBatching({ rules, assumed, L }: WorkQueueResolution, lo: LambdaWorkerOptions, ctx: WorkerContext) {
  const { fifo, givenVisibility } = ctx;
  const { secondsPerJob, latencyTargetSeconds } = ctx.load;
  const memoryOk = rules.integer('workers.lambda.memoryMB', lo.memoryMB, L.lambdaMemoryMin, L.lambdaMemoryMax, 'MB');
  const windowOk = rules.integer('workers.lambda.maxBatchingWindowSeconds', lo.maxBatchingWindowSeconds, 0, L.lambdaWindowMax, 's');
  const maxBatchingWindowSeconds = validOr(windowOk, lo.maxBatchingWindowSeconds, 0);
  rules.check('workers.lambda.maxBatchingWindowSeconds', lo.maxBatchingWindowSeconds, !fifo || maxBatchingWindowSeconds === 0,
    '0 on a FIFO queue (Lambda does not support a batching window on FIFO queues)');
  const batchCap = fifo || maxBatchingWindowSeconds === 0 ? L.lambdaBatchMax : L.lambdaBatchMaxWithWindow;
  const batchOk = rules.integer('workers.lambda.batchSize', lo.batchSize, 1, batchCap, 'messages');
  if (lo.batchSize !== undefined && !batchOk && Number.isInteger(lo.batchSize) && lo.batchSize > batchCap && !fifo) {
    rules.check('workers.lambda.maxBatchingWindowSeconds', lo.maxBatchingWindowSeconds, false,
      `at least 1 s when workers.lambda.batchSize is above ${fmt(L.lambdaBatchMax)}`);
  }
  const timeoutOk = rules.integer('workers.lambda.timeoutSeconds', lo.timeoutSeconds, 1, L.lambdaTimeoutMax, 's');
  const givenTimeout = validOr(timeoutOk, lo.timeoutSeconds, undefined);
  const fromVisibility = givenVisibility !== undefined
    ? clamp(Math.floor(givenVisibility / L.lambdaVisibilityMultiplier), 1, L.lambdaTimeoutMax) : undefined;
  const timeoutBound = givenTimeout ?? fromVisibility ?? L.lambdaTimeoutMax;
  // A batch runs its jobs one after another: with a latency target, batching may take at most half of it.
  const latencyBatch = latencyTargetSeconds !== undefined ? Math.floor(latencyTargetSeconds / (2 * secondsPerJob)) + 1 : L.lambdaBatchMax;
  const derivedBatch = clamp(Math.min(Math.floor(timeoutBound / (3 * secondsPerJob)), latencyBatch), 1, L.lambdaBatchMax);
  const batchSize = assumed.take('workers.lambda.batchSize', checked(batchOk, lo.batchSize, derivedBatch), derivedBatch,
    `as many jobs as fit three times over in the function timeout (and, with a latency target, in half of it), at most ${fmt(L.lambdaBatchMax)}`);
  const derivedTimeout = fromVisibility ?? clamp(Math.ceil(3 * batchSize * secondsPerJob), MIN_DERIVED_TIMEOUT_SECONDS, L.lambdaTimeoutMax);
  const timeoutSeconds = assumed.take('workers.lambda.timeoutSeconds', givenTimeout, derivedTimeout,
    fromVisibility !== undefined ? `the visibility timeout / ${L.lambdaVisibilityMultiplier}`
      : `3 x batchSize x the mean job time (${fmt(MIN_DERIVED_TIMEOUT_SECONDS)}..${fmt(L.lambdaTimeoutMax)} s)`,
    (v) => `${fmt(v)} s`);
  return { memoryOk, maxBatchingWindowSeconds, batchSize, timeoutSeconds };
}

/** The event source's maximum concurrency: the most any sizing row needs, within its limits (no minimum: Lambda scales to zero). */
function resolveLambdaConcurrency({ rules, assumed, L, sizing }: WorkQueueResolution, ctx: WorkerContext, batchSize: number,
  maxBatchingWindowSeconds: number): number {
  const { w, needThroughput, needBurst } = ctx;
  const { jobsPerSecond, secondsPerJob, latencyTargetSeconds } = ctx.load;
  rules.check('workers.minWorkers', w.minWorkers, w.minWorkers === undefined, 'unset with LAMBDA workers (Lambda scales to zero by itself)');
  const maxOk = rules.integer('workers.maxWorkers', w.maxWorkers, L.lambdaMaxConcurrencyMin, L.lambdaMaxConcurrencyMax,
    'concurrent executions (the maximum concurrency of an SQS event source)');
  const needLatency = latencyTargetSeconds !== undefined
    ? workersForLatency(jobsPerSecond, secondsPerJob, latencyTargetSeconds - lambdaBatchDelay(batchSize, maxBatchingWindowSeconds, secondsPerJob),
      sizing.warnMargin) : 0;
  const defaultMax = clamp(Math.max(needThroughput, needBurst, Number.isFinite(needLatency) ? needLatency : 0),
    L.lambdaMaxConcurrencyMin, L.lambdaMaxConcurrencyMax);
  return assumed.take('workers.maxWorkers', checked(maxOk, w.maxWorkers, defaultMax), defaultMax,
    `the most any sizing row needs (Little's law, the burst, the latency target), within the event source's ${fmt(L.lambdaMaxConcurrencyMin)}..${fmt(L.lambdaMaxConcurrencyMax)}`);
}

/** Visibility timeout: derived, or an explicit value that must be consistent (bad input otherwise). */
function resolveVisibility({ o, rules, L }: WorkQueueResolution, attributes: QueueAttributes, workers: ResolvedWorkers): number {
  const { givenVisibility } = attributes;
  const { requiredVisibility } = workers;
  const visibilityTimeoutSeconds = validOr(attributes.visibilityOk, o.visibilityTimeoutSeconds, workers.defaultVisibility);
  if (givenVisibility !== undefined) {
    rules.check('visibilityTimeoutSeconds', givenVisibility, givenVisibility >= requiredVisibility, workers.kind === WorkerKind.LAMBDA
      ? `at least ${L.lambdaVisibilityMultiplier} x workers.lambda.timeoutSeconds (${fmt(requiredVisibility)} s): AWS asks for ${L.lambdaVisibilityMultiplier} x the function timeout so Lambda can retry throttled batches`
      : `at least workers.fargate.jobTimeoutSeconds (${fmt(requiredVisibility)} s): otherwise a second worker receives a job while the first still runs it`);
  }
  return visibilityTimeoutSeconds;
}

/** The job table: attributes, status values, TTL, on-demand billing, recovery and protection. */
function resolveJobTable({ o, rules }: WorkQueueResolution, kmsMode: boolean): JobTablePlan {
  const jt = objectOrEmpty(o.jobTable);
  const ttlOk = rules.integer('jobTable.ttlDays', jt.ttlDays, 1, 3650, 'days');
  rules.boolean('jobTable.pointInTimeRecovery', jt.pointInTimeRecovery);
  rules.boolean('jobTable.deletionProtection', jt.deletionProtection);
  const ttlDays = validOr(ttlOk, jt.ttlDays, 30);
  return {
    attributes: {
      jobId: 'jobId',
      status: 'status',
      createdAt: 'createdAt',
      updatedAt: 'updatedAt',
      resultLocation: 'resultLocation',
      error: 'error',
      expiresAt: 'expiresAt',
    },
    statusValues: [JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.SUCCEEDED, JobStatus.FAILED],
    ttlAttribute: 'expiresAt',
    ttlDays,
    billingMode: JobTableBillingMode.PAY_PER_REQUEST,
    pointInTimeRecovery: jt.pointInTimeRecovery !== false,
    deletionProtection: jt.deletionProtection !== false,
    removalPolicy: checkRemoval(rules, 'jobTable.removalPolicy', jt.removalPolicy),
    encryption: kmsMode ? EncryptionKey.CUSTOMER_MANAGED : EncryptionKey.AWS_MANAGED,
  };
}

/** The job queue and its dead-letter queue (which keeps messages as long as SQS allows). */
function resolveQueues({ L }: WorkQueueResolution, kind: QueueKind, attributes: QueueAttributes, visibilityTimeoutSeconds: number) {
  const { fifo, highThroughput, removalPolicy } = kind;
  const { retentionSeconds, receiveWaitSeconds } = attributes;
  const queueKey = kind.kmsMode ? EncryptionKey.CUSTOMER_MANAGED : EncryptionKey.SQS_MANAGED;
  const fifoAttributes = fifo ? {
    contentBasedDeduplication: kind.fifoOptions.contentBasedDeduplication !== false,
    deduplicationScope: highThroughput ? FifoDeduplicationScope.MESSAGE_GROUP : FifoDeduplicationScope.QUEUE,
    fifoThroughputLimit: highThroughput ? FifoThroughputLimit.PER_MESSAGE_GROUP_ID : FifoThroughputLimit.PER_QUEUE,
  } : {};
  const queue: QueuePlan = {
    fifo,
    encryption: queueKey,
    retentionSeconds,
    visibilityTimeoutSeconds,
    receiveWaitSeconds,
    maxMessageBytes: L.messageMaxBytes,
    enforceSsl: true,
    removalPolicy,
    ...fifoAttributes,
  };
  const deadLetterQueue: DeadLetterQueuePlan = {
    fifo,
    encryption: queueKey,
    retentionSeconds: L.retentionMax,
    visibilityTimeoutSeconds,
    receiveWaitSeconds,
    maxMessageBytes: L.messageMaxBytes,
    enforceSsl: true,
    removalPolicy,
    ...(fifo ? { contentBasedDeduplication: fifoAttributes.contentBasedDeduplication } : {}),
    maxReceiveCount: attributes.maxReceiveCount,
    redrivePermission: RedrivePermission.BY_QUEUE,
    redriveSource: WorkQueueResource.JOB_QUEUE,
  };
  return { queue, deadLetterQueue, queueKey };
}

/** The completion topic and, with a webhook, its HTTPS subscription and that subscription's dead-letter queue. */
function resolveCompletion({ o, rules, L }: WorkQueueResolution, kind: QueueKind, queueKey: EncryptionKey,
  receiveWaitSeconds: number): CompletionPlan {
  const { removalPolicy } = kind;
  const c = objectOrEmpty(o.completion);
  const webhookOk = rules.matches('completion.webhookUrl', c.webhookUrl, HTTPS_URL_PATTERN, 'an https:// URL with a host name (SNS delivers over HTTPS only)');
  rules.boolean('completion.rawMessageDelivery', c.rawMessageDelivery);
  rules.check('completion.rawMessageDelivery', c.rawMessageDelivery, c.rawMessageDelivery === undefined || c.webhookUrl !== undefined,
    'unset without completion.webhookUrl');
  const webhookUrl = validOr(webhookOk, c.webhookUrl, undefined);
  return {
    encryption: kind.kmsMode ? EncryptionKey.CUSTOMER_MANAGED : EncryptionKey.AWS_MANAGED,
    removalPolicy,
    webhook: webhookUrl === undefined ? undefined : {
      url: webhookUrl,
      rawMessageDelivery: c.rawMessageDelivery === true,
      deadLetterQueue: {
        // SNS subscription dead-letter queues must be standard queues for a standard topic.
        fifo: false,
        encryption: queueKey,
        retentionSeconds: L.retentionMax,
        visibilityTimeoutSeconds: catalog.QUOTAS.sqs.visibilityTimeoutDefaultSeconds.value,
        receiveWaitSeconds,
        maxMessageBytes: L.messageMaxBytes,
        enforceSsl: true,
        removalPolicy,
      },
    },
  };
}

/** The payload bucket (claim check), when asked for: private, versioned, expiring with the job table's TTL. */
function resolvePayloadBucket({ o, rules }: WorkQueueResolution, kmsMode: boolean, ttlDays: number): PayloadBucketPlan | undefined {
  if (o.payloadBucket === undefined) return undefined;
  rules.check('payloadBucket', o.payloadBucket, isPlainObject(o.payloadBucket), 'an object (e.g. {} for the defaults)');
  const pb = objectOrEmpty(o.payloadBucket);
  rules.boolean('payloadBucket.enabled', pb.enabled);
  const expOk = rules.integer('payloadBucket.expirationDays', pb.expirationDays, 1, 3650, 'days');
  const ncOk = rules.integer('payloadBucket.noncurrentVersionExpirationDays', pb.noncurrentVersionExpirationDays, 1, 3650, 'days');
  const mpOk = rules.integer('payloadBucket.abortIncompleteMultipartUploadDays', pb.abortIncompleteMultipartUploadDays, 1, 365, 'days');
  const bucketRemoval = checkRemoval(rules, 'payloadBucket.removalPolicy', pb.removalPolicy);
  if (pb.enabled === false) return undefined;
  return {
    encryption: kmsMode ? EncryptionKey.CUSTOMER_MANAGED : EncryptionKey.S3_MANAGED,
    versioned: true,
    blockPublicAccess: true,
    enforceSsl: true,
    bucketOwnerEnforced: true,
    serverAccessLogs: true,
    inputPrefix: 'input/',
    outputPrefix: 'output/',
    expirationDays: validOr(expOk, pb.expirationDays, ttlDays),
    noncurrentVersionExpirationDays: validOr(ncOk, pb.noncurrentVersionExpirationDays, 7),
    abortIncompleteMultipartUploadDays: validOr(mpOk, pb.abortIncompleteMultipartUploadDays, 7),
    removalPolicy: bucketRemoval,
  };
}

/** Alarms: a job in the dead-letter queue, the oldest job too old, and (with a webhook) an undelivered completion. */
function resolveAlarms({ o, rules, L }: WorkQueueResolution, retentionSeconds: number, load: WorkQueueLoadPlan,
  completion: CompletionPlan): WorkQueueAlarmPlan[] {
  const { latencyTargetSeconds, drainSeconds } = load;
  const al = objectOrEmpty(o.alarms);
  const ageOk = rules.integer('alarms.oldestMessageAgeSeconds', al.oldestMessageAgeSeconds, 60, L.retentionMax, 's');
  rules.check('alarms.oldestMessageAgeSeconds', al.oldestMessageAgeSeconds,
    al.oldestMessageAgeSeconds === undefined || !ageOk || al.oldestMessageAgeSeconds < retentionSeconds,
    `less than retentionSeconds (${fmt(retentionSeconds)}): a message expires before the alarm would fire`);
  rules.matches('alarms.alarmTopicArn', al.alarmTopicArn, ARN_PATTERN, 'an SNS topic ARN');
  rules.check('alarms.alarmTopicArn', al.alarmTopicArn, typeof al.alarmTopicArn !== 'string' || al.alarmTopicArn.includes(':sns:'),
    'an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)');
  const ageBase = latencyTargetSeconds !== undefined
    ? Math.ceil(latencyTargetSeconds)
    : Math.min(DEFAULT_OLDEST_MESSAGE_ALARM_SECONDS, Math.floor(retentionSeconds / 2));
  const derivedAge = Math.max(60, ageBase, drainSeconds !== undefined ? Math.ceil(drainSeconds) : 0);
  const oldestMessageAgeSeconds = validOr(ageOk, al.oldestMessageAgeSeconds, Math.min(derivedAge, retentionSeconds - 1));
  const actionTopicArn = typeof al.alarmTopicArn === 'string' ? al.alarmTopicArn : undefined;
  const alarm = (id: string, description: string, resource: WorkQueueResource, metricName: string, threshold: number,
    evaluationPeriods: number): WorkQueueAlarmPlan => ({
    id,
    description,
    resource,
    namespace: 'AWS/SQS',
    metricName,
    statistic: 'Maximum',
    periodSeconds: 60,
    evaluationPeriods,
    threshold,
    comparison: AlarmComparison.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingDataAsBreaching: false,
    actionTopicArn,
  });
  const alarms: WorkQueueAlarmPlan[] = [
    alarm('DeadLetterQueueNotEmpty', 'Jobs failed maxReceiveCount times and wait in the dead-letter queue: inspect, fix, redrive',
      WorkQueueResource.DEAD_LETTER_QUEUE, 'ApproximateNumberOfMessagesVisible', 1, 1),
    alarm('OldestMessageTooOld', `A job has waited at least ${fmt(oldestMessageAgeSeconds)} s: workers are down, too few or failing`,
      WorkQueueResource.JOB_QUEUE, 'ApproximateAgeOfOldestMessage', oldestMessageAgeSeconds, 1),
  ];
  if (completion.webhook) {
    alarms.push(alarm('WebhookDeadLetterQueueNotEmpty', 'SNS gave up delivering completions to the webhook: check the endpoint, then replay',
      WorkQueueResource.WEBHOOK_DEAD_LETTER_QUEUE, 'ApproximateNumberOfMessagesVisible', 1, 1));
  }
  return alarms;
}

/** The KMS key (KMS encryption only): created and rotated unless one is given; SNS may use it when a webhook subscribes. */
function resolveKey({ o, L }: WorkQueueResolution, kmsMode: boolean, completion: CompletionPlan): WorkQueueKeyPlan | undefined {
  const kmsKeyArn = kmsMode && typeof o.kmsKeyArn === 'string' ? o.kmsKeyArn : undefined;
  return kmsMode ? {
    create: kmsKeyArn === undefined,
    keyArn: kmsKeyArn,
    rotation: kmsKeyArn === undefined,
    servicePrincipals: completion.webhook ? ['sns.amazonaws.com'] : [],
    dataKeyReuseSeconds: L.kmsDataKeyReuse,
    removalPolicy: RemovalPolicy.RETAIN,
  } : undefined;
}

/** What an API and the workers get: environment variables and permissions (the payload bucket and the key when there are). */
function resolveWiring(payloadBucket: PayloadBucketPlan | undefined, kmsMode: boolean) {
  const apiEnvironment: { [name: string]: WorkQueueAttribute } = {
    QUEUE_URL: WorkQueueAttribute.QUEUE_URL,
    JOB_TABLE: WorkQueueAttribute.JOB_TABLE_NAME,
  };
  const workerEnvironment: { [name: string]: WorkQueueAttribute } = {
    QUEUE_URL: WorkQueueAttribute.QUEUE_URL,
    JOB_TABLE: WorkQueueAttribute.JOB_TABLE_NAME,
    COMPLETION_TOPIC_ARN: WorkQueueAttribute.COMPLETION_TOPIC_ARN,
  };
  const apiPermissions = [WorkQueuePermission.SEND_MESSAGE, WorkQueuePermission.CREATE_JOB, WorkQueuePermission.READ_JOB];
  const workerPermissions = [WorkQueuePermission.CONSUME_MESSAGES, WorkQueuePermission.UPDATE_JOB, WorkQueuePermission.PUBLISH_COMPLETION];
  if (payloadBucket) {
    apiEnvironment.PAYLOAD_BUCKET = WorkQueueAttribute.PAYLOAD_BUCKET_NAME;
    workerEnvironment.PAYLOAD_BUCKET = WorkQueueAttribute.PAYLOAD_BUCKET_NAME;
    apiPermissions.push(WorkQueuePermission.WRITE_INPUT, WorkQueuePermission.READ_PAYLOAD);
    workerPermissions.push(WorkQueuePermission.READ_PAYLOAD, WorkQueuePermission.WRITE_OUTPUT);
  }
  if (kmsMode) {
    apiPermissions.push(WorkQueuePermission.USE_KEY);
    workerPermissions.push(WorkQueuePermission.USE_KEY);
  }
  return { apiEnvironment, workerEnvironment, apiPermissions, workerPermissions };
}

/** The job contract an API follows: 202 with a status URL, the poll interval (the mean job time, capped), final statuses. */
function jobContractOf(jobTable: JobTablePlan, secondsPerJob: number): JobContractPlan {
  const pollAfterSeconds = clamp(Math.ceil(secondsPerJob), 1, MAX_POLL_AFTER_SECONDS);
  return {
    acceptedStatusCode: 202,
    statusPathTemplate: JOB_STATUS_PATH_TEMPLATE,
    locationHeader: 'Location',
    pollAfterSeconds,
    finalStatuses: [JobStatus.SUCCEEDED, JobStatus.FAILED],
    completionMessageFields: [jobTable.attributes.jobId, jobTable.attributes.status, jobTable.attributes.resultLocation,
      jobTable.attributes.error, jobTable.attributes.updatedAt],
    environment: {
      JOB_STATUS_PATH: JOB_STATUS_PATH_TEMPLATE,
      JOB_POLL_AFTER_SECONDS: String(pollAfterSeconds),
      JOB_TTL_DAYS: String(jobTable.ttlDays),
      JOB_STATUS_VALUES: jobTable.statusValues.join(','),
    },
  };
}

function resolveWorkerCompute(rules: Rules, assumed: Assumptions, f: FargateWorkerOptions): ApiComputePlan {
  const architecture = validOr(rules.oneOf('workers.fargate.architecture', f.architecture, enumValues(CpuArchitecture)),
    f.architecture, CpuArchitecture.ARM64);
  const cpuValues = catalog.fargateCpuValues();
  const cpuOk = f.cpu === undefined || rules.check('workers.fargate.cpu', f.cpu, typeof f.cpu === 'number' && cpuValues.includes(f.cpu),
    `one of ${cpuValues.join(', ')} CPU units (a Fargate task size)`);
  const cpu = assumed.take('workers.fargate.cpu', checked(cpuOk, f.cpu, 1024), 1024, 'one vCPU per worker', (v) => `${v} (${v / 1024} vCPU)`);
  const memoryOk = f.memoryMiB === undefined || !cpuOk || rules.check('workers.fargate.memoryMiB', f.memoryMiB,
    typeof f.memoryMiB === 'number' && catalog.isValidFargate(cpu, f.memoryMiB),
    `a Fargate memory for cpu ${cpu}: ${catalog.fargateMemoryValues(cpu).join(', ')} MiB`);
  // 2 MiB per CPU unit (2 GiB per vCPU) is a valid Fargate pair at every size.
  const memoryMiB = assumed.take('workers.fargate.memoryMiB', checked(memoryOk && cpuOk, f.memoryMiB, cpu * 2), cpu * 2,
    'two GiB per vCPU', (v) => `${v} MiB`);
  return {
    kind: ComputeKind.FARGATE,
    cpu,
    memoryMiB,
    vcpu: cpu / 1024,
    architecture,
    label: `${fmt(cpu / 1024)} vCPU / ${fmt(memoryMiB / 1024)} GiB`,
  };
}
