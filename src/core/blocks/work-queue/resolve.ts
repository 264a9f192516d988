// WorkQueue: planWorkQueue, which validates the options and resolves the plan.
import { lambdaBatchDelay, limits, worstAzLoss } from './internal';
import {
  EncryptionKey, FargateWorkerOptions, FifoDeduplicationScope, FifoThroughputLimit, JobStatus, LambdaRuntime, QueueEncryption, QueueType,
  RedrivePermission, ScalingAdjustment, WorkerKind, WorkQueueAttribute, WorkQueueOptions, WorkQueuePermission, WorkQueueResource,
} from './options';
import {
  CompletionPlan, DeadLetterQueuePlan, DEFAULT_ACCEPTABLE_LATENCY_SECONDS, DEFAULT_OLDEST_MESSAGE_ALARM_SECONDS, FargateWorkerPlan,
  JOB_STATUS_PATH_TEMPLATE, JobTablePlan, LambdaPlaceholderCodePlan, LambdaWorkerPlan, MAX_POLL_AFTER_SECONDS, MetricQueryPlan,
  MIN_DERIVED_TIMEOUT_SECONDS, PayloadBucketPlan, PLACEHOLDER_LAMBDA_MODULE, PLACEHOLDER_WORKER_COMMAND, PLACEHOLDER_WORKER_IMAGE, QueuePlan,
  VISIBILITY_MARGIN_SECONDS, WORKER_CONTAINER_NAME, WorkerContainerPlan, WorkQueueAlarmPlan, WorkQueueKeyPlan, WorkQueueLoadPlan, WorkQueuePlan,
} from './plan';
import { workersForBurst, workersForLatency, workersForThroughput } from './sizing';
import { Assumptions } from '../../assumptions';
import * as catalog from '../../catalog';
import { checkPlanInputs, PLAN_FORMAT_VERSION } from '../../inputs';
import { unitsNeededAzLoss } from '../../sizing/capacity';
import { fmt, isPlainObject, objectOrEmpty, Rules, validOr } from '../../validation';
import {
  AlarmComparison, ARN_PATTERN, BlockKind, checkName, DEFAULT_AZS, enumValues, ENV_NAME_ALLOWED, ENV_NAME_PATTERN, HTTPS_URL_PATTERN, IMAGE_PATTERN,
  MAX_AZS, MIN_AZS, PlanContext, RemovalPolicy, resolveSizingPolicy, SECRET_ARN_ALLOWED, SECRET_ARN_PATTERN, SECRET_LIKE_NAME,
} from '../common';
import { ApiComputePlan, ApiDeploymentPlan, ComputeKind, CpuArchitecture, DeploymentStrategy } from '../load-balanced-api';
import { checkLogRetention, containerHardening, DEFAULT_CONTAINER_LOG_RETENTION_DAYS, EcsServicePlan, ecsServiceSettings } from '../shared/ecs';

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

/**
 * Validates options and resolves every default of a WorkQueue.
 *
 * @throws ValidationError listing every invalid prop
 */
export function planWorkQueue(options: WorkQueueOptions = {}, context: PlanContext = {}): WorkQueuePlan {
  checkPlanInputs(options, context, 'jobs', 'WorkQueueOptions');
  const o = objectOrEmpty(options);
  const L = limits();
  const name = o.name ?? 'jobs';
  const path = context.path ?? (typeof name === 'string' ? name : 'jobs');
  const rules = new Rules(path);
  const assumed = new Assumptions(context.specPrefix ?? (typeof name === 'string' ? name : 'jobs'));
  checkName(rules, name);
  const sizing = resolveSizingPolicy(rules, assumed, o.sizing);

  // --- queue type and encryption ---------------------------------------------------------------
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

  // --- load --------------------------------------------------------------------------------------
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
  const load: WorkQueueLoadPlan = { jobsPerSecond, secondsPerJob, burstJobs, drainSeconds, latencyTargetSeconds, messageSizeKiB };

  // --- queue attributes --------------------------------------------------------------------------
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

  // --- workers -----------------------------------------------------------------------------------
  const w = objectOrEmpty(o.workers);
  const kind = validOr(rules.oneOf('workers.kind', w.kind, enumValues(WorkerKind)), w.kind, WorkerKind.FARGATE_SERVICE);
  const logRetentionDays = validOr(w.logRetentionDays === undefined || checkLogRetention(rules, 'workers.logRetentionDays', w.logRetentionDays),
    w.logRetentionDays, DEFAULT_CONTAINER_LOG_RETENTION_DAYS);
  const lambdaKind = kind === WorkerKind.LAMBDA;
  const azOk = rules.integer('azCount', o.azCount, MIN_AZS, MAX_AZS);
  const azCount = validOr(azOk, o.azCount, DEFAULT_AZS);
  rules.check('azCount', o.azCount, o.azCount === undefined || !lambdaKind, 'unset with LAMBDA workers (Lambda runs across the Region\'s AZs)');
  rules.check('workers.fargate', w.fargate, w.fargate === undefined || !lambdaKind, 'unset with workers.kind LAMBDA');
  rules.check('workers.lambda', w.lambda, w.lambda === undefined || lambdaKind, 'unset with workers.kind FARGATE_SERVICE (set workers.kind LAMBDA)');

  // Worker counts the sizing rows need: defaults are the largest, so a default plan passes.
  const needThroughput = workersForThroughput(jobsPerSecond, secondsPerJob, sizing);
  const needAz = lambdaKind || !Number.isFinite(needThroughput) ? 0
    : (unitsNeededAzLoss(jobsPerSecond, 1 / secondsPerJob, azCount, sizing) ?? Number.POSITIVE_INFINITY);
  const needBurst = drainSeconds !== undefined ? workersForBurst(burstJobs, drainSeconds, jobsPerSecond, secondsPerJob, sizing.warnMargin) : 0;

  let fargatePlan: FargateWorkerPlan | undefined;
  let lambdaPlan: LambdaWorkerPlan | undefined;
  let minWorkers: number;
  let maxWorkers: number;
  let requiredVisibility: number;
  let defaultVisibility: number;

  if (!lambdaKind) {
    const f = objectOrEmpty(w.fargate);
    const cap = L.tasksPerService;
    const compute = resolveWorkerCompute(rules, assumed, f);
    const imageOk = rules.matches('workers.fargate.image', f.image, IMAGE_PATTERN,
      'a container image reference such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/worker:1.0.0');
    const image = validOr(imageOk, f.image, PLACEHOLDER_WORKER_IMAGE);
    const container: WorkerContainerPlan = {
      image,
      placeholder: image === PLACEHOLDER_WORKER_IMAGE,
      command: image === PLACEHOLDER_WORKER_IMAGE ? [...PLACEHOLDER_WORKER_COMMAND] : undefined,
      environment: checkEnvironment(rules, 'workers.fargate.environment', f.environment),
      secrets: checkSecrets(rules, 'workers.fargate.secrets', f.secrets),
      hardening: containerHardening(true),
    };
    const timeoutOk = rules.integer('workers.fargate.jobTimeoutSeconds', f.jobTimeoutSeconds, 1, L.visibilityMax, 's');
    const derivedTimeout = givenVisibility !== undefined
      ? Math.max(1, givenVisibility - VISIBILITY_MARGIN_SECONDS)
      : clamp(Math.ceil(10 * secondsPerJob), MIN_DERIVED_TIMEOUT_SECONDS, L.visibilityMax - VISIBILITY_MARGIN_SECONDS);
    const jobTimeoutSeconds = assumed.take('workers.fargate.jobTimeoutSeconds', checked(timeoutOk, f.jobTimeoutSeconds, derivedTimeout),
      derivedTimeout, givenVisibility !== undefined
        ? `the visibility timeout less ${VISIBILITY_MARGIN_SECONDS} s`
        : `10 x the mean job time (at least ${fmt(MIN_DERIVED_TIMEOUT_SECONDS)} s): a job far slower than the mean is stuck`, (v) => `${fmt(v)} s`);
    requiredVisibility = jobTimeoutSeconds;
    defaultVisibility = Math.min(L.visibilityMax, jobTimeoutSeconds + VISIBILITY_MARGIN_SECONDS);

    const minOk = rules.integer('workers.minWorkers', w.minWorkers, 0, cap, 'workers');
    const maxOk = rules.integer('workers.maxWorkers', w.maxWorkers, 1, cap, 'workers');
    const needLatency = latencyTargetSeconds !== undefined
      ? workersForLatency(jobsPerSecond, secondsPerJob, latencyTargetSeconds, sizing.warnMargin) : 0;
    const needLatencyAz = latencyTargetSeconds !== undefined
      ? workersForLatency(jobsPerSecond, secondsPerJob, latencyTargetSeconds, sizing.warnMargin, worstAzLoss(azCount)) : 0;
    const givenMax = validOr(maxOk, w.maxWorkers, cap);
    const defaultMin = Math.min(cap, givenMax,
      latencyTargetSeconds !== undefined && jobsPerSecond > 0 ? Math.max(1, needThroughput, needLatency) : 1);
    minWorkers = assumed.take('workers.minWorkers', checked(minOk, w.minWorkers, defaultMin), defaultMin,
      latencyTargetSeconds !== undefined
        ? 'the workers the latency target needs at the declared rate, so a peak does not wait for a scale-out'
        : 'one worker always polling, so a job starts without waiting for a task to launch');
    const defaultMax = Math.min(cap, Math.max(minWorkers * 2, azCount, needThroughput, needAz, needBurst, needLatency, needLatencyAz));
    maxWorkers = assumed.take('workers.maxWorkers', checked(maxOk, w.maxWorkers, defaultMax), defaultMax,
      'the most any sizing row needs (Little\'s law, one AZ lost, the burst, the latency target), at least twice minWorkers');
    if (w.minWorkers !== undefined || w.maxWorkers !== undefined) {
      rules.check('workers.maxWorkers', w.maxWorkers ?? maxWorkers, maxWorkers >= minWorkers, `at least workers.minWorkers (${fmt(minWorkers)})`);
    }

    const backlogOk = rules.positive('workers.fargate.acceptableBacklogPerWorker', f.acceptableBacklogPerWorker, 1e6, 'messages');
    const acceptableLatencySeconds = latencyTargetSeconds ?? DEFAULT_ACCEPTABLE_LATENCY_SECONDS;
    const derivedBacklog = Number((acceptableLatencySeconds / secondsPerJob).toPrecision(3));
    const acceptableBacklogPerWorker = validOr(backlogOk, f.acceptableBacklogPerWorker, derivedBacklog);
    const coolOk = rules.integer('workers.fargate.scaleOutCooldownSeconds', f.scaleOutCooldownSeconds, 0, 3600, 's');
    const emptyOk = rules.integer('workers.fargate.scaleInAfterEmptyMinutes', f.scaleInAfterEmptyMinutes, 1, 60, 'minutes');
    const visible: MetricQueryPlan = {
      id: 'visible',
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      resource: WorkQueueResource.JOB_QUEUE,
      statistic: 'Maximum',
      periodSeconds: 60,
    };
    const inFlight: MetricQueryPlan = {
      id: 'inflight',
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesNotVisible',
      resource: WorkQueueResource.JOB_QUEUE,
      statistic: 'Maximum',
      periodSeconds: 60,
    };
    const running: MetricQueryPlan = {
      id: 'running',
      namespace: 'ECS/ContainerInsights',
      metricName: 'RunningTaskCount',
      resource: WorkQueueResource.WORKER_SERVICE,
      statistic: 'Average',
      periodSeconds: 60,
    };
    fargatePlan = {
      compute,
      container,
      jobTimeoutSeconds,
      azCount,
      deployment: workerDeployment(),
      ecsService: ecsServiceSettings(WORKER_CONTAINER_NAME, logRetentionDays, false),
      scaling: {
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
      },
    };
  } else {
    const lo = objectOrEmpty(w.lambda);
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
    requiredVisibility = L.lambdaVisibilityMultiplier * timeoutSeconds;
    defaultVisibility = Math.min(L.visibilityMax, requiredVisibility + maxBatchingWindowSeconds);

    rules.check('workers.minWorkers', w.minWorkers, w.minWorkers === undefined, 'unset with LAMBDA workers (Lambda scales to zero by itself)');
    const maxOk = rules.integer('workers.maxWorkers', w.maxWorkers, L.lambdaMaxConcurrencyMin, L.lambdaMaxConcurrencyMax,
      'concurrent executions (the maximum concurrency of an SQS event source)');
    const needLatency = latencyTargetSeconds !== undefined
      ? workersForLatency(jobsPerSecond, secondsPerJob, latencyTargetSeconds - lambdaBatchDelay(batchSize, maxBatchingWindowSeconds, secondsPerJob),
        sizing.warnMargin) : 0;
    const defaultMax = clamp(Math.max(needThroughput, needBurst, Number.isFinite(needLatency) ? needLatency : 0),
      L.lambdaMaxConcurrencyMin, L.lambdaMaxConcurrencyMax);
    minWorkers = 0;
    maxWorkers = assumed.take('workers.maxWorkers', checked(maxOk, w.maxWorkers, defaultMax), defaultMax,
      `the most any sizing row needs (Little's law, the burst, the latency target), within the event source's ${fmt(L.lambdaMaxConcurrencyMin)}..${fmt(L.lambdaMaxConcurrencyMax)}`);
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
    lambdaPlan = {
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
    };
  }

  // Visibility timeout: derived, or an explicit value that must be consistent (bad input otherwise).
  const visibilityTimeoutSeconds = validOr(visibilityOk, o.visibilityTimeoutSeconds, defaultVisibility);
  if (givenVisibility !== undefined) {
    rules.check('visibilityTimeoutSeconds', givenVisibility, givenVisibility >= requiredVisibility, lambdaKind
      ? `at least ${L.lambdaVisibilityMultiplier} x workers.lambda.timeoutSeconds (${fmt(requiredVisibility)} s): AWS asks for ${L.lambdaVisibilityMultiplier} x the function timeout so Lambda can retry throttled batches`
      : `at least workers.fargate.jobTimeoutSeconds (${fmt(requiredVisibility)} s): otherwise a second worker receives a job while the first still runs it`);
  }

  // --- job table -------------------------------------------------------------------------------------
  const jt = objectOrEmpty(o.jobTable);
  const ttlOk = rules.integer('jobTable.ttlDays', jt.ttlDays, 1, 3650, 'days');
  rules.boolean('jobTable.pointInTimeRecovery', jt.pointInTimeRecovery);
  rules.boolean('jobTable.deletionProtection', jt.deletionProtection);
  const ttlDays = validOr(ttlOk, jt.ttlDays, 30);
  const jobTable: JobTablePlan = {
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
    onDemand: true,
    pointInTimeRecovery: jt.pointInTimeRecovery !== false,
    deletionProtection: jt.deletionProtection !== false,
    removalPolicy: checkRemoval(rules, 'jobTable.removalPolicy', jt.removalPolicy),
    encryption: kmsMode ? EncryptionKey.CUSTOMER_MANAGED : EncryptionKey.AWS_MANAGED,
  };

  // --- queues ----------------------------------------------------------------------------------------
  const queueKey = kmsMode ? EncryptionKey.CUSTOMER_MANAGED : EncryptionKey.SQS_MANAGED;
  const fifoAttributes = fifo ? {
    contentBasedDeduplication: fifoOptions.contentBasedDeduplication !== false,
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
    maxReceiveCount,
    redrivePermission: RedrivePermission.BY_QUEUE,
    redriveSource: WorkQueueResource.JOB_QUEUE,
  };

  // --- completion ------------------------------------------------------------------------------------
  const c = objectOrEmpty(o.completion);
  const webhookOk = rules.matches('completion.webhookUrl', c.webhookUrl, HTTPS_URL_PATTERN, 'an https:// URL with a host name (SNS delivers over HTTPS only)');
  rules.boolean('completion.rawMessageDelivery', c.rawMessageDelivery);
  rules.check('completion.rawMessageDelivery', c.rawMessageDelivery, c.rawMessageDelivery === undefined || c.webhookUrl !== undefined,
    'unset without completion.webhookUrl');
  const webhookUrl = validOr(webhookOk, c.webhookUrl, undefined);
  const completion: CompletionPlan = {
    encryption: kmsMode ? EncryptionKey.CUSTOMER_MANAGED : EncryptionKey.AWS_MANAGED,
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

  // --- payload bucket ----------------------------------------------------------------------------------
  let payloadBucket: PayloadBucketPlan | undefined;
  if (o.payloadBucket !== undefined) {
    rules.check('payloadBucket', o.payloadBucket, isPlainObject(o.payloadBucket), 'an object (e.g. {} for the defaults)');
    const pb = objectOrEmpty(o.payloadBucket);
    rules.boolean('payloadBucket.enabled', pb.enabled);
    const expOk = rules.integer('payloadBucket.expirationDays', pb.expirationDays, 1, 3650, 'days');
    const ncOk = rules.integer('payloadBucket.noncurrentVersionExpirationDays', pb.noncurrentVersionExpirationDays, 1, 3650, 'days');
    const mpOk = rules.integer('payloadBucket.abortIncompleteMultipartUploadDays', pb.abortIncompleteMultipartUploadDays, 1, 365, 'days');
    const bucketRemoval = checkRemoval(rules, 'payloadBucket.removalPolicy', pb.removalPolicy);
    if (pb.enabled !== false) {
      payloadBucket = {
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
  }

  // --- alarms ------------------------------------------------------------------------------------------
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

  // --- KMS -----------------------------------------------------------------------------------------------
  const kmsKeyArn = kmsMode && typeof o.kmsKeyArn === 'string' ? o.kmsKeyArn : undefined;
  const kms: WorkQueueKeyPlan | undefined = kmsMode ? {
    create: kmsKeyArn === undefined,
    keyArn: kmsKeyArn,
    rotation: kmsKeyArn === undefined,
    servicePrincipals: completion.webhook ? ['sns.amazonaws.com'] : [],
    dataKeyReuseSeconds: L.kmsDataKeyReuse,
    removalPolicy: RemovalPolicy.RETAIN,
  } : undefined;

  // --- wiring --------------------------------------------------------------------------------------------
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

  rules.throwIfInvalid();
  const pollAfterSeconds = clamp(Math.ceil(secondsPerJob), 1, MAX_POLL_AFTER_SECONDS);
  return {
    kind: BlockKind.WORK_QUEUE,
    planVersion: PLAN_FORMAT_VERSION,
    name,
    path,
    sizing,
    assumed: assumed.list,
    queueType,
    queueEncryption,
    kms,
    queue,
    deadLetterQueue,
    workers: { kind, logRetentionDays, minWorkers, maxWorkers, fargate: fargatePlan, lambda: lambdaPlan },
    jobTable,
    completion,
    payloadBucket,
    alarms,
    jobContract: {
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
        JOB_TTL_DAYS: String(ttlDays),
        JOB_STATUS_VALUES: jobTable.statusValues.join(','),
      },
    },
    apiEnvironment,
    workerEnvironment,
    apiPermissions,
    workerPermissions,
    load,
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
