import { AssumedInput, Assumptions } from '../assumptions';
import * as catalog from '../catalog';
import { checkPlanInputs, PLAN_FORMAT_VERSION } from '../inputs';
import {
  checkFleet, checkLatency, checkLimit, checkRule, p99WaitSeconds, placeUnits, smallestPassing, SizingPolicy, unitsNeededAzLoss,
  unitsNeededNormal, verdictFor,
} from '../sizing/capacity';
import { Scenario, SizingRow, Verdict } from '../sizing/report';
import { fmt, isPlainObject, objectOrEmpty, Rules, validOr } from '../validation';
import {
  ARN_PATTERN, BlockKind, BlockPlanBase, checkName, DEFAULT_AZS, ENV_NAME_ALLOWED, ENV_NAME_PATTERN, enumValues, HTTPS_URL_PATTERN,
  IMAGE_PATTERN, MAX_AZS, MIN_AZS, PlanContext, RemovalPolicy, resolveSizingPolicy, SECRET_ARN_ALLOWED, SECRET_ARN_PATTERN,
  SECRET_LIKE_NAME, SizingBoundsOptions, AlarmComparison, AlarmPlan,
} from './common';
import { ApiComputePlan, ApiDeploymentPlan, ComputeKind, CpuArchitecture, DeploymentStrategy } from './load-balanced-api';
import {
  checkLogRetention, containerHardening, ContainerHardeningPlan, DEFAULT_CONTAINER_LOG_RETENTION_DAYS, EcsServicePlan, EcsServiceSettingsPlan,
  ecsServiceSettings,
} from './shared/ecs';
import { WiringPlan } from './shared/wiring';

/*
 * WorkQueue: asynchronous jobs (seed §4). The API stores a job (status QUEUED) in the job table,
 * sends one message to the queue and answers 202 with the job id; workers (a Fargate service
 * scaled on backlog per worker, or a Lambda consumer) take the message, update the job's status,
 * write the result and publish a completion event, which an optional HTTPS webhook receives.
 *
 * Sizing methods: Little's law, L = lambda x W (J. D. C. Little, "A proof for the queuing formula
 * L = lambda W", Operations Research 9(3), 1961): workers >= jobs/s x seconds per job / u_target;
 * Erlang C for the p99 wait with a latency target (src/core/sizing/capacity.ts); the backlog-per-
 * worker scaling of AWS, "Scaling based on Amazon SQS" (Amazon EC2 Auto Scaling User Guide):
 * acceptable backlog per worker = acceptable latency / seconds per job.
 */

// ---------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------

/** Standard (at-least-once, best-effort order) or FIFO (exactly-once processing, ordered per message group). */
export enum QueueType {
  STANDARD = 'STANDARD',
  FIFO = 'FIFO',
}

/** How the queues, the topic, the job table and the payload bucket are encrypted at rest. */
export enum QueueEncryption {
  /**
   * SQS-managed keys (SSE-SQS) on the queues, the AWS-managed `aws/sns` key on the topic, the
   * AWS-managed `aws/dynamodb` key on the table and SSE-S3 on the bucket: no key policy to keep,
   * no KMS request charges, and SNS can deliver to the webhook dead-letter queue.
   */
  SQS_MANAGED = 'SQS_MANAGED',
  /**
   * One customer-managed KMS key (created with rotation, or given) on every resource of the
   * block: key usage is audited in CloudTrail and access is controlled by the key policy.
   */
  KMS = 'KMS',
}

/** The key that encrypts one resource. */
export enum EncryptionKey {
  /** SSE-SQS (SQS-owned keys). */
  SQS_MANAGED = 'SQS_MANAGED',
  /** SSE-S3 (S3-owned keys). */
  S3_MANAGED = 'S3_MANAGED',
  /** The AWS-managed KMS key of the service (`aws/sns`, `aws/dynamodb`). */
  AWS_MANAGED = 'AWS_MANAGED',
  /** The block's customer-managed KMS key (see `WorkQueuePlan.kms`). */
  CUSTOMER_MANAGED = 'CUSTOMER_MANAGED',
}

/** What runs the jobs. */
export enum WorkerKind {
  /** An ECS service on Fargate that long-polls the queue, scaled on backlog per worker. */
  FARGATE_SERVICE = 'FARGATE_SERVICE',
  /** A Lambda function behind an SQS event source mapping, with partial batch failures. */
  LAMBDA = 'LAMBDA',
}

/** The status values a job takes in the job table, in order. */
export enum JobStatus {
  /** Stored by the API and sent to the queue. */
  QUEUED = 'QUEUED',
  /** A worker took it. */
  RUNNING = 'RUNNING',
  /** Done; the result is at `resultLocation`. */
  SUCCEEDED = 'SUCCEEDED',
  /** Failed for good (the message went to the dead-letter queue, or the worker gave up). */
  FAILED = 'FAILED',
}

/** FIFO deduplication scope (high-throughput mode uses MESSAGE_GROUP). */
export enum FifoDeduplicationScope {
  QUEUE = 'QUEUE',
  MESSAGE_GROUP = 'MESSAGE_GROUP',
}

/** FIFO throughput limit (high-throughput mode uses PER_MESSAGE_GROUP_ID). */
export enum FifoThroughputLimit {
  PER_QUEUE = 'PER_QUEUE',
  PER_MESSAGE_GROUP_ID = 'PER_MESSAGE_GROUP_ID',
}

/** Which queues may use a dead-letter queue as theirs (its RedriveAllowPolicy). */
export enum RedrivePermission {
  /** Only the queues listed (the block's job queue): what Control Tower CT.SQS.PR.1 accepts. */
  BY_QUEUE = 'BY_QUEUE',
}

/** A resource of the block that a metric, an alarm or an environment variable refers to. */
export enum WorkQueueResource {
  JOB_QUEUE = 'JOB_QUEUE',
  DEAD_LETTER_QUEUE = 'DEAD_LETTER_QUEUE',
  WEBHOOK_DEAD_LETTER_QUEUE = 'WEBHOOK_DEAD_LETTER_QUEUE',
  JOB_TABLE = 'JOB_TABLE',
  COMPLETION_TOPIC = 'COMPLETION_TOPIC',
  PAYLOAD_BUCKET = 'PAYLOAD_BUCKET',
  WORKER_SERVICE = 'WORKER_SERVICE',
}

/** A value the backends hand to the API or the workers as an environment variable. */
export enum WorkQueueAttribute {
  QUEUE_URL = 'QUEUE_URL',
  JOB_TABLE_NAME = 'JOB_TABLE_NAME',
  COMPLETION_TOPIC_ARN = 'COMPLETION_TOPIC_ARN',
  PAYLOAD_BUCKET_NAME = 'PAYLOAD_BUCKET_NAME',
}

/** A permission the backends grant to the API or the workers. */
export enum WorkQueuePermission {
  /** sqs:SendMessage on the job queue. */
  SEND_MESSAGE = 'SEND_MESSAGE',
  /** sqs:ReceiveMessage, DeleteMessage, ChangeMessageVisibility, GetQueueAttributes on the job queue. */
  CONSUME_MESSAGES = 'CONSUME_MESSAGES',
  /** dynamodb:GetItem on the job table (clients poll the status through the API). */
  READ_JOB = 'READ_JOB',
  /** dynamodb:PutItem on the job table (the API creates the QUEUED job). */
  CREATE_JOB = 'CREATE_JOB',
  /** dynamodb:UpdateItem and GetItem on the job table (workers move the status). */
  UPDATE_JOB = 'UPDATE_JOB',
  /** sns:Publish on the completion topic. */
  PUBLISH_COMPLETION = 'PUBLISH_COMPLETION',
  /** s3:PutObject under the input prefix (presigned uploads of large inputs). */
  WRITE_INPUT = 'WRITE_INPUT',
  /** s3:GetObject under the input and output prefixes. */
  READ_PAYLOAD = 'READ_PAYLOAD',
  /** s3:PutObject under the output prefix. */
  WRITE_OUTPUT = 'WRITE_OUTPUT',
  /** kms:GenerateDataKey and kms:Decrypt on the block's key (KMS encryption only). */
  USE_KEY = 'USE_KEY',
}

/** How a scaling step sets the worker count. */
export enum ScalingAdjustment {
  /** Set the desired count to an exact value. */
  EXACT_CAPACITY = 'EXACT_CAPACITY',
}

/** Runtime of a Lambda worker. */
export enum LambdaRuntime {
  NODEJS_22_X = 'NODEJS_22_X',
  PYTHON_3_13 = 'PYTHON_3_13',
}

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

/** FIFO queue options (queueType FIFO only). */
export interface WorkQueueFifoOptions {
  /**
   * Deduplicate by a SHA-256 of the body, so a retried SendMessage of the same job (whose body
   * carries its jobId) is enqueued once without a MessageDeduplicationId.
   *
   * @default true
   */
  readonly contentBasedDeduplication?: boolean;
  /**
   * High-throughput mode: deduplication per message group and a throughput limit per message
   * group id, raising the send quota from 300 to tens of thousands of transactions/s.
   *
   * @default false
   */
  readonly highThroughput?: boolean;
}

/** The dead-letter queue (always present). */
export interface WorkQueueDeadLetterOptions {
  /**
   * Receives of one message before SQS moves it to the dead-letter queue.
   *
   * @default 5
   */
  readonly maxReceiveCount?: number;
}

/** Workers on Fargate. */
export interface FargateWorkerOptions {
  /**
   * CPU units of one worker task (1024 = 1 vCPU), a Fargate size.
   *
   * @default 1024
   */
  readonly cpu?: number;
  /**
   * Memory of one worker task in MiB, a valid Fargate pair with `cpu`.
   *
   * @default 2048
   */
  readonly memoryMiB?: number;
  /**
   * CPU architecture.
   *
   * @default CpuArchitecture.ARM64
   */
  readonly architecture?: CpuArchitecture;
  /**
   * Container image of the worker.
   *
   * @default - a placeholder image that processes nothing: replace it with your worker
   */
  readonly image?: string;
  /**
   * Plain environment variables (never secrets). The block adds QUEUE_URL, JOB_TABLE,
   * COMPLETION_TOPIC_ARN and PAYLOAD_BUCKET.
   *
   * @default - none
   */
  readonly environment?: { [key: string]: string };
  /**
   * Secrets as environment variables: name -> Secrets Manager secret or SSM SecureString ARN.
   *
   * @default - none
   */
  readonly secrets?: { [key: string]: string };
  /**
   * The longest a worker spends on one job before giving up, in seconds. The visibility
   * timeout must be at least this long, or a second worker receives the job while the first
   * still runs it.
   *
   * @default - 10 x load.secondsPerJob (at least 30 s), or the visibility timeout less 30 s when that is given
   */
  readonly jobTimeoutSeconds?: number;
  /**
   * Seconds to wait after a scale-out before another.
   *
   * @default 60
   */
  readonly scaleOutCooldownSeconds?: number;
  /**
   * Minutes the queue must stay empty (no visible and no in-flight message) before the
   * workers scale in to `minWorkers`.
   *
   * @default 5
   */
  readonly scaleInAfterEmptyMinutes?: number;
  /**
   * Acceptable backlog per worker, the target of the backlog-per-worker scaling policy.
   *
   * @default - acceptable latency / load.secondsPerJob, the acceptable latency being load.latencyTargetSeconds or 300 s
   */
  readonly acceptableBacklogPerWorker?: number;
}

/** A Lambda consumer. */
export interface LambdaWorkerOptions {
  /**
   * Memory in MB (128..10,240); CPU grows with it.
   *
   * @default 1024
   */
  readonly memoryMB?: number;
  /**
   * Function timeout in seconds (1..900). The queue's visibility timeout must be at least 6 x this.
   *
   * @default - 3 x batchSize x load.secondsPerJob (30..900 s), or the visibility timeout / 6 when that is given
   */
  readonly timeoutSeconds?: number;
  /**
   * Messages per invocation: 1..10, or up to 10,000 on a standard queue with a batching window.
   *
   * @default - as many jobs as fit three times over in the largest timeout, at most 10
   */
  readonly batchSize?: number;
  /**
   * Seconds Lambda gathers messages before invoking (0..300; 0 on FIFO queues).
   *
   * @default 0
   */
  readonly maxBatchingWindowSeconds?: number;
  /**
   * CPU architecture.
   *
   * @default CpuArchitecture.ARM64
   */
  readonly architecture?: CpuArchitecture;
  /**
   * Runtime.
   *
   * @default LambdaRuntime.NODEJS_22_X
   */
  readonly runtime?: LambdaRuntime;
  /**
   * Handler, e.g. `index.handler`.
   *
   * @default 'index.handler'
   */
  readonly handler?: string;
  /**
   * Local path of the code (a directory or a .zip) the backends package.
   *
   * @default - a placeholder handler that reports every message as failed: replace it with your worker
   */
  readonly codePath?: string;
  /**
   * Plain environment variables (never secrets). The block adds JOB_TABLE, COMPLETION_TOPIC_ARN,
   * PAYLOAD_BUCKET and QUEUE_URL.
   *
   * @default - none
   */
  readonly environment?: { [key: string]: string };
}

/** The workers. */
export interface WorkQueueWorkersOptions {
  /**
   * Fargate service or Lambda consumer.
   *
   * @default WorkerKind.FARGATE_SERVICE
   */
  readonly kind?: WorkerKind;
  /**
   * Fewest workers (Fargate tasks) kept running; 0 lets the service scale to zero. Lambda scales
   * to zero by itself and takes no minimum.
   *
   * @default - the workers the latency target needs at the declared rate, or 1 without a latency target
   */
  readonly minWorkers?: number;
  /**
   * Most workers: Fargate tasks, or the maximum concurrency of the Lambda event source (2..1,000).
   *
   * @default - the most any sizing row needs (Little's law, one AZ lost, the burst, the latency target)
   */
  readonly maxWorkers?: number;
  /**
   * Fargate workers (kind FARGATE_SERVICE).
   *
   * @default - 1 vCPU / 2 GiB, ARM64
   */
  readonly fargate?: FargateWorkerOptions;
  /**
   * Lambda consumer (kind LAMBDA).
   *
   * @default - 1,024 MB, ARM64, Node.js 22
   */
  readonly lambda?: LambdaWorkerOptions;
  /**
   * Days the workers' logs are kept (a CloudWatch Logs retention: 1, 3, 5, 7, 14, 30, 60, 90, ... 3653).
   *
   * @default 365
   */
  readonly logRetentionDays?: number;
}

/** The DynamoDB job table. */
export interface JobTableOptions {
  /**
   * Days a finished job's record is kept (the `expiresAt` TTL attribute is set to the job's
   * last update plus this).
   *
   * @default 30
   */
  readonly ttlDays?: number;
  /**
   * Point-in-time recovery.
   *
   * @default true
   */
  readonly pointInTimeRecovery?: boolean;
  /**
   * Deletion protection.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * What happens to the table when the stack removes it (RETAIN or DESTROY).
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** The completion topic and its webhook. */
export interface CompletionOptions {
  /**
   * HTTPS endpoint subscribed to the completion topic. The endpoint must confirm the SNS
   * subscription (it receives a SubscriptionConfirmation first).
   *
   * @default - no webhook; clients poll the job status
   */
  readonly webhookUrl?: string;
  /**
   * Deliver the raw completion message instead of the SNS JSON envelope.
   *
   * @default false
   */
  readonly rawMessageDelivery?: boolean;
}

/** The optional bucket for large inputs and results. */
export interface PayloadBucketOptions {
  /**
   * Create the bucket.
   *
   * @default true when `payloadBucket` is given
   */
  readonly enabled?: boolean;
  /**
   * Days after which inputs and results expire.
   *
   * @default - the job table's ttlDays
   */
  readonly expirationDays?: number;
  /**
   * Days a replaced or deleted object version is kept.
   *
   * @default 7
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Days after which an unfinished multipart upload (a large video) is aborted.
   *
   * @default 7
   */
  readonly abortIncompleteMultipartUploadDays?: number;
  /**
   * What happens to the bucket when the stack removes it (RETAIN or DESTROY).
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Alarms. */
export interface WorkQueueAlarmOptions {
  /**
   * Age of the oldest message, in seconds, above which the queue alarms.
   *
   * @default - the latency target (or 15 min, at most half the retention), at least load.drainSeconds
   */
  readonly oldestMessageAgeSeconds?: number;
  /**
   * SNS topic ARN notified by the alarms (a topic with a customer-managed key or none:
   * CloudWatch cannot publish to a topic encrypted with `aws/sns`).
   *
   * @default - alarms without actions
   */
  readonly alarmTopicArn?: string;
}

/** The load the queue and its workers must carry. */
export interface WorkQueueLoadOptions {
  /**
   * Jobs sent per second at peak (steady rate). In a SystemSpec this comes from the system load.
   */
  readonly jobsPerSecond?: number;
  /**
   * Mean seconds one worker spends on one job, as you measured it.
   *
   * @default - an assumed 10 s: measure yours
   */
  readonly secondsPerJob?: number;
  /**
   * Jobs that may arrive at once on top of the steady rate (e.g. a nightly batch).
   *
   * @default - no burst
   */
  readonly burstJobs?: number;
  /**
   * Seconds within which a burst must be drained (required with burstJobs).
   *
   * @default - no burst
   */
  readonly drainSeconds?: number;
  /**
   * p99 wait before a worker starts a job, in seconds; with it the worker count must meet it (Erlang C).
   *
   * @default - no latency check
   */
  readonly latencyTargetSeconds?: number;
  /**
   * Size of one message in KiB (the job's parameters; large inputs go to the payload bucket).
   *
   * @default - an assumed 1 KiB
   */
  readonly messageSizeKiB?: number;
}

/** Options of a WorkQueue: an SQS queue with workers, a job table, a completion topic and alarms. */
export interface WorkQueueOptions {
  /**
   * Name: DNS-safe, used in resource names and the report.
   *
   * @default 'jobs'
   */
  readonly name?: string;
  /**
   * Standard or FIFO.
   *
   * @default QueueType.STANDARD
   */
  readonly queueType?: QueueType;
  /**
   * FIFO options (queueType FIFO only).
   *
   * @default - content-based deduplication, no high-throughput mode
   */
  readonly fifo?: WorkQueueFifoOptions;
  /**
   * Encryption of every resource of the block.
   *
   * @default QueueEncryption.SQS_MANAGED
   */
  readonly encryption?: QueueEncryption;
  /**
   * An existing KMS key ARN to use with encryption KMS.
   *
   * @default - with encryption KMS, the block creates a key with rotation on
   */
  readonly kmsKeyArn?: string;
  /**
   * Seconds a message stays in the job queue (60..1,209,600). The dead-letter queue keeps 14
   * days, longer than this, because a standard queue's message keeps its first enqueue time
   * when it moves to the dead-letter queue.
   *
   * @default 345600 (4 days)
   */
  readonly retentionSeconds?: number;
  /**
   * Long-polling wait in seconds (0..20).
   *
   * @default 20
   */
  readonly receiveWaitSeconds?: number;
  /**
   * Visibility timeout in seconds (0..43,200): at least the Fargate job timeout, or 6 x the
   * Lambda timeout.
   *
   * @default - Fargate: job timeout + 30 s; Lambda: 6 x timeout + batching window
   */
  readonly visibilityTimeoutSeconds?: number;
  /**
   * The dead-letter queue.
   *
   * @default - maxReceiveCount 5
   */
  readonly deadLetter?: WorkQueueDeadLetterOptions;
  /**
   * The workers.
   *
   * @default - a Fargate service of 1 vCPU / 2 GiB tasks
   */
  readonly workers?: WorkQueueWorkersOptions;
  /**
   * Availability Zones the Fargate workers spread over (2..6).
   *
   * @default 3
   */
  readonly azCount?: number;
  /**
   * The job table.
   *
   * @default - TTL 30 days, PITR, deletion protection, retained
   */
  readonly jobTable?: JobTableOptions;
  /**
   * The completion topic and webhook.
   *
   * @default - a topic and no webhook
   */
  readonly completion?: CompletionOptions;
  /**
   * A bucket for large inputs (video uploads) and results.
   *
   * @default - no bucket
   */
  readonly payloadBucket?: PayloadBucketOptions;
  /**
   * Alarms.
   *
   * @default - DLQ not empty, and oldest message age above the derived threshold
   */
  readonly alarms?: WorkQueueAlarmOptions;
  /**
   * What happens to the queues and the topic when the stack removes them (RETAIN or DESTROY).
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /** The load the block must carry. */
  readonly load?: WorkQueueLoadOptions;
  /**
   * Utilisation bounds for the sizing check.
   *
   * @default - 0.7 normal, 0.9 with one AZ lost
   */
  readonly sizing?: SizingBoundsOptions;
}

// ---------------------------------------------------------------------------------------------
// Plan
// ---------------------------------------------------------------------------------------------

/** One resolved SQS queue. */
export interface QueuePlan {
  /** Whether this is a FIFO queue (its name then ends in `.fifo`). */
  readonly fifo: boolean;
  readonly encryption: EncryptionKey;
  readonly retentionSeconds: number;
  readonly visibilityTimeoutSeconds: number;
  readonly receiveWaitSeconds: number;
  /** Largest message accepted, in bytes. */
  readonly maxMessageBytes: number;
  /** Queue policy denies requests without TLS (aws:SecureTransport false). */
  readonly enforceSsl: boolean;
  readonly removalPolicy: RemovalPolicy;
  /** FIFO only. */
  readonly contentBasedDeduplication?: boolean;
  /** FIFO only. */
  readonly deduplicationScope?: FifoDeduplicationScope;
  /** FIFO only. */
  readonly fifoThroughputLimit?: FifoThroughputLimit;
}

/** The resolved dead-letter queue of the job queue. */
export interface DeadLetterQueuePlan extends QueuePlan {
  /** Receives before a message moves here (the job queue's redrive policy). */
  readonly maxReceiveCount: number;
  /** RedriveAllowPolicy of this queue. */
  readonly redrivePermission: RedrivePermission;
  /** The only queue allowed to use this one as its dead-letter queue. */
  readonly redriveSource: WorkQueueResource;
}

/** The resolved KMS key (encryption KMS only). */
export interface WorkQueueKeyPlan {
  /** True when the block creates the key; false when `keyArn` is used. */
  readonly create: boolean;
  /** The given key. */
  readonly keyArn?: string;
  /** Yearly rotation (created keys). */
  readonly rotation: boolean;
  /** Service principals the key policy must allow (SNS delivers to the webhook dead-letter queue). */
  readonly servicePrincipals: string[];
  /** KmsDataKeyReusePeriodSeconds of the queues (the SQS default): bounds the KMS request cost. */
  readonly dataKeyReuseSeconds: number;
  readonly removalPolicy: RemovalPolicy;
}

/** A container of the Fargate workers. */
export interface WorkerContainerPlan {
  readonly image: string;
  /** True when `image` is the placeholder. */
  readonly placeholder: boolean;
  /**
   * The command that replaces the image's: the placeholder sleeps, so it keeps running (and passes
   * the deployment circuit breaker) while processing nothing.
   *
   * @default - the image's command (your worker)
   */
  readonly command?: string[];
  readonly environment: { [key: string]: string };
  readonly secrets: { [key: string]: string };
  /** Non-root user, read-only root filesystem and a writable `/tmp` (the placeholder runs hardened too). */
  readonly hardening: ContainerHardeningPlan;
}

/** One metric of a metric-math expression. */
export interface MetricQueryPlan {
  /** Id used in the expression, e.g. `visible`. */
  readonly id: string;
  readonly namespace: string;
  readonly metricName: string;
  /** The resource whose dimensions the backend fills in (QueueName, or ClusterName and ServiceName). */
  readonly resource: WorkQueueResource;
  readonly statistic: string;
  readonly periodSeconds: number;
}

/** A metric-math expression over some metrics. */
export interface MetricMathPlan {
  readonly expression: string;
  readonly label: string;
  readonly metrics: MetricQueryPlan[];
}

/** Scale-in only when the queue is empty: an alarm on an expression and the step it triggers. */
export interface QueueEmptyScaleInPlan {
  readonly metric: MetricMathPlan;
  readonly threshold: number;
  readonly comparison: AlarmComparison;
  readonly evaluationPeriods: number;
  readonly adjustment: ScalingAdjustment;
  /** The count the step sets. */
  readonly capacity: number;
}

/** Backlog-per-worker scaling of the Fargate workers. */
export interface BacklogScalingPlan {
  readonly minWorkers: number;
  readonly maxWorkers: number;
  /** Target-tracking metric: visible messages / running tasks. */
  readonly backlogPerWorker: MetricMathPlan;
  /** Target value: acceptable latency / seconds per job. */
  readonly acceptableBacklogPerWorker: number;
  /** The acceptable latency the target was derived from, in seconds. */
  readonly acceptableLatencySeconds: number;
  /** Target tracking never scales in: only the queue-empty step does, so no running job is stopped. */
  readonly targetTrackingDisableScaleIn: boolean;
  readonly scaleOutCooldownSeconds: number;
  readonly scaleIn: QueueEmptyScaleInPlan;
  /** The metrics need ECS Container Insights on the cluster (RunningTaskCount). */
  readonly containerInsights: boolean;
}

/** The resolved Fargate workers. */
export interface FargateWorkerPlan {
  readonly compute: ApiComputePlan;
  readonly container: WorkerContainerPlan;
  readonly jobTimeoutSeconds: number;
  readonly azCount: number;
  readonly scaling: BacklogScalingPlan;
  /**
   * How the worker service deploys: rolling, with the circuit breaker and rollback, every running
   * worker kept while the new ones start (see `workerDeployment`).
   */
  readonly deployment: ApiDeploymentPlan;
  /** Container name, logs and AZ rebalancing of the worker service (no load balancer: no health-check grace). */
  readonly ecsService: EcsServiceSettingsPlan;
}

/** The resolved Lambda consumer. */
export interface LambdaWorkerPlan {
  readonly memoryMB: number;
  readonly timeoutSeconds: number;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  /** ReportBatchItemFailures: only the failed messages of a batch return to the queue. */
  readonly reportBatchItemFailures: boolean;
  /** ScalingConfig.MaximumConcurrency of the event source mapping. */
  readonly maxConcurrency: number;
  readonly architecture: CpuArchitecture;
  readonly runtime: LambdaRuntime;
  readonly handler: string;
  /** Absent: the placeholder handler (`placeholderCode`). */
  readonly codePath?: string;
  /**
   * Without `codePath`: the placeholder source both backends deploy, which reports every message
   * of a batch as failed, so jobs reach the dead-letter queue until the real worker is deployed.
   *
   * @default - none: the code at `codePath`
   */
  readonly placeholderCode?: LambdaPlaceholderCodePlan;
  readonly environment: { [key: string]: string };
}

/** The placeholder code of a Lambda worker. */
export interface LambdaPlaceholderCodePlan {
  /** The file the handler's module names, e.g. `index.js` (inline code: always the `index` module). */
  readonly fileName: string;
  readonly source: string;
}

/** The resolved workers. */
export interface WorkQueueWorkersPlan {
  readonly kind: WorkerKind;
  /** Days the workers' logs are kept (Fargate container logs or the Lambda function's log group). */
  readonly logRetentionDays: number;
  readonly minWorkers: number;
  readonly maxWorkers: number;
  /** FARGATE_SERVICE only. */
  readonly fargate?: FargateWorkerPlan;
  /** LAMBDA only. */
  readonly lambda?: LambdaWorkerPlan;
  /**
   * In a system, FARGATE_SERVICE only: the environment, secrets, ingress and grants the workers get
   * from the system's other blocks (resolved by `planSystem`; the user's own variables win). The
   * backend renders it while it builds the workers, from the blocks it is handed (`wiringTargets`).
   *
   * @default - none: a block on its own, or Lambda workers (they run outside the VPC)
   */
  readonly wiring?: WiringPlan;
}

/** Attribute names of a job item. */
export interface JobAttributesPlan {
  /** Partition key (string): the job id the API returns with 202. */
  readonly jobId: string;
  /** One of `statusValues`. */
  readonly status: string;
  /** ISO-8601 time the API stored the job. */
  readonly createdAt: string;
  /** ISO-8601 time of the last status change. */
  readonly updatedAt: string;
  /** Where the result is (an s3:// URI in the payload bucket, or any URL). */
  readonly resultLocation: string;
  /** Why the job failed (FAILED only). */
  readonly error: string;
  /** TTL attribute: epoch seconds after which DynamoDB deletes the item. */
  readonly expiresAt: string;
}

/**
 * The job contract between the API, the workers and the clients: the API stores the job
 * (status QUEUED, `expiresAt` = now + ttlDays), sends the message and answers
 * `acceptedStatusCode` with `{ jobId }`, a `Location` header naming the status path and a
 * `Retry-After` of `pollAfterSeconds`; clients GET the status path until the status is
 * SUCCEEDED or FAILED; workers move the status and publish `completionMessageFields` to the
 * completion topic (and so to the webhook).
 */
export interface JobContractPlan {
  /** 202 Accepted. */
  readonly acceptedStatusCode: number;
  /** Status resource, `/jobs/{jobId}`. */
  readonly statusPathTemplate: string;
  /** Header of the 202 answer that names the status resource: `Location`. */
  readonly locationHeader: string;
  /** Retry-After of the 202 answer and of a status that is not final: the mean job time, 1..60 s. */
  readonly pollAfterSeconds: number;
  /** Statuses after which a client stops polling. */
  readonly finalStatuses: JobStatus[];
  /** Fields of the completion message (JSON) the workers publish. */
  readonly completionMessageFields: string[];
  /** Plain variables the API and the workers receive (besides the deploy-time ones). */
  readonly environment: { [name: string]: string };
}

/** The resolved DynamoDB job table. */
export interface JobTablePlan {
  readonly attributes: JobAttributesPlan;
  readonly statusValues: JobStatus[];
  readonly ttlAttribute: string;
  readonly ttlDays: number;
  /** On-demand (pay per request). */
  readonly onDemand: boolean;
  readonly pointInTimeRecovery: boolean;
  readonly deletionProtection: boolean;
  readonly removalPolicy: RemovalPolicy;
  readonly encryption: EncryptionKey;
}

/** The resolved HTTPS webhook. */
export interface WebhookPlan {
  readonly url: string;
  readonly rawMessageDelivery: boolean;
  /** SQS queue receiving notifications SNS failed to deliver (the subscription's redrive policy). */
  readonly deadLetterQueue: QueuePlan;
}

/** The resolved completion topic. */
export interface CompletionPlan {
  /** Standard topic (HTTPS subscriptions need one, whatever the queue type). */
  readonly encryption: EncryptionKey;
  readonly removalPolicy: RemovalPolicy;
  readonly webhook?: WebhookPlan;
}

/** The resolved payload bucket. */
export interface PayloadBucketPlan {
  readonly encryption: EncryptionKey;
  readonly versioned: boolean;
  readonly blockPublicAccess: boolean;
  readonly enforceSsl: boolean;
  /** Object ownership BucketOwnerEnforced (ACLs off). */
  readonly bucketOwnerEnforced: boolean;
  readonly serverAccessLogs: boolean;
  readonly inputPrefix: string;
  readonly outputPrefix: string;
  readonly expirationDays: number;
  readonly noncurrentVersionExpirationDays: number;
  readonly abortIncompleteMultipartUploadDays: number;
  readonly removalPolicy: RemovalPolicy;
}

/** One CloudWatch alarm. */
export interface WorkQueueAlarmPlan extends AlarmPlan {
  /** The resource of the block the alarm watches. */
  readonly resource: WorkQueueResource;
  /** SNS topic ARN notified. */
  readonly actionTopicArn?: string;
}

/** The resolved load. */
export interface WorkQueueLoadPlan {
  readonly jobsPerSecond: number;
  readonly secondsPerJob: number;
  readonly burstJobs: number;
  readonly drainSeconds?: number;
  readonly latencyTargetSeconds?: number;
  readonly messageSizeKiB: number;
}

/** The resolved WorkQueue: every default explicit. Backends render exactly this. */
export interface WorkQueuePlan extends BlockPlanBase {
  readonly queueType: QueueType;
  readonly queueEncryption: QueueEncryption;
  /** Present with encryption KMS. */
  readonly kms?: WorkQueueKeyPlan;
  readonly queue: QueuePlan;
  readonly deadLetterQueue: DeadLetterQueuePlan;
  readonly workers: WorkQueueWorkersPlan;
  readonly jobTable: JobTablePlan;
  readonly completion: CompletionPlan;
  readonly payloadBucket?: PayloadBucketPlan;
  readonly alarms: WorkQueueAlarmPlan[];
  /** The 202 + job id + polling contract, and the completion message. */
  readonly jobContract: JobContractPlan;
  /** Environment variables for the API that enqueues jobs: name -> value the backend resolves. */
  readonly apiEnvironment: { [name: string]: WorkQueueAttribute };
  /** Environment variables for the workers. */
  readonly workerEnvironment: { [name: string]: WorkQueueAttribute };
  /** What the API may do. */
  readonly apiPermissions: WorkQueuePermission[];
  /** What the workers may do. */
  readonly workerPermissions: WorkQueuePermission[];
  readonly load: WorkQueueLoadPlan;
}

// ---------------------------------------------------------------------------------------------
// Constants and catalog access
// ---------------------------------------------------------------------------------------------

/** Placeholder worker image: replace it. */
export const PLACEHOLDER_WORKER_IMAGE = 'public.ecr.aws/docker/library/busybox:stable';
/** The placeholder worker's command: it keeps running (and passes the deployment circuit breaker) while processing nothing. */
export const PLACEHOLDER_WORKER_COMMAND = ['sh', '-c', 'while true; do sleep 3600; done'];
/** The worker container's name. */
export const WORKER_CONTAINER_NAME = 'worker';
/** The module of the placeholder Lambda handler (inline code is always `index`). */
export const PLACEHOLDER_LAMBDA_MODULE = 'index';

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
/** Seconds added to the Fargate job timeout in the default visibility timeout (the delete call, clock skew). */
export const VISIBILITY_MARGIN_SECONDS = 30;
/** The shortest job or function timeout the block derives (a given one may be shorter). */
export const MIN_DERIVED_TIMEOUT_SECONDS = 30;
/** Path template of the job-status resource the API serves (the 202 answer's Location). */
export const JOB_STATUS_PATH_TEMPLATE = '/jobs/{jobId}';
/** Longest Retry-After the API suggests to a polling client. */
export const MAX_POLL_AFTER_SECONDS = 60;
/** Default acceptable latency for the backlog target when no latency target is declared. */
export const DEFAULT_ACCEPTABLE_LATENCY_SECONDS = 300;
/** Default oldest-message-age alarm threshold without a latency target. */
export const DEFAULT_OLDEST_MESSAGE_ALARM_SECONDS = 900;
/** Above this offered load (erlangs) the Erlang C search is skipped: no fleet within limits gets there. */
const MAX_ERLANG_LOAD = 50_000;
/** Counts beyond this are not searched: no fleet within any quota gets there. */
const MAX_SEARCHED_UNITS = 1e9;

/** The quotas this block reads, each once. */
function limits() {
  const q = catalog.QUOTAS;
  return {
    messageMaxBytes: q.sqs.messageMaxBytes.value,
    retentionMin: q.sqs.messageRetentionMinSeconds.value,
    retentionMax: q.sqs.messageRetentionMaxSeconds.value,
    retentionDefault: q.sqs.messageRetentionDefaultSeconds.value,
    visibilityMin: q.sqs.visibilityTimeoutMinSeconds.value,
    visibilityMax: q.sqs.visibilityTimeoutMaxSeconds.value,
    receiveWaitMin: q.sqs.receiveWaitMinSeconds.value,
    receiveWaitMax: q.sqs.receiveWaitMaxSeconds.value,
    maxReceiveMin: q.sqs.maxReceiveCountMin.value,
    maxReceiveMax: q.sqs.maxReceiveCountMax.value,
    fifoTps: q.sqs.fifoTransactionsPerSecondPerAction.value,
    fifoHighTps: q.sqs.fifoHighThroughputTransactionsPerSecond.value,
    lambdaVisibilityMultiplier: q.sqs.lambdaVisibilityTimeoutMultiplier.value,
    kmsDataKeyReuse: q.sqs.kmsDataKeyReuseDefaultSeconds.value,
    lambdaTimeoutMax: q.lambda.timeoutMaxSeconds.value,
    lambdaMemoryMin: q.lambda.memoryMinMB.value,
    lambdaMemoryMax: q.lambda.memoryMaxMB.value,
    lambdaConcurrency: q.lambda.concurrentExecutionsPerRegion.value,
    lambdaBatchMax: q.lambda.sqsBatchSizeMax.value,
    lambdaBatchMaxWithWindow: q.lambda.sqsBatchSizeMaxWithWindow.value,
    lambdaWindowMax: q.lambda.sqsBatchingWindowMaxSeconds.value,
    lambdaMaxConcurrencyMin: q.lambda.sqsMaxConcurrencyMin.value,
    lambdaMaxConcurrencyMax: q.lambda.sqsMaxConcurrencyMax.value,
    tasksPerService: q.ecs.tasksPerService.value,
  };
}

function assumedSecondsPerJob(): { value: number; reason: string } {
  const a = catalog.ASSUMED.workerSecondsPerJob;
  return { value: a.value, reason: `${a.reasoning} Measure yours and set load.secondsPerJob` };
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by the plan and the sizing
// ---------------------------------------------------------------------------------------------

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

function worstAzLoss(azCount: number): (n: number) => number {
  return (n: number) => (azCount > 1 ? Math.max(...placeUnits(n, azCount)) : 0);
}

/** The latency a Lambda batch itself adds before the last job of a batch starts: window + (batch - 1) x job. */
function lambdaBatchDelay(batchSize: number, windowSeconds: number, secondsPerJob: number): number {
  return windowSeconds + Math.max(0, batchSize - 1) * secondsPerJob;
}

// ---------------------------------------------------------------------------------------------
// planWorkQueue
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Sizing
// ---------------------------------------------------------------------------------------------

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
  topology: WorkQueueTopology = workQueueTopologyOf(plan)): SizingRow[] {
  const L = limits();
  const jobs = demand.jobsPerSecond ?? plan.load.jobsPerSecond;
  const s = plan.load.secondsPerJob;
  const lambda = topology.workerKind === WorkerKind.LAMBDA;
  const policy = plan.sizing;
  const base = { block: plan.path, blockKind: plan.kind, assumed: plan.assumed as AssumedInput[] };
  const unitNoun = lambda ? 'concurrent executions' : `workers of ${plan.workers.fargate?.compute.label ?? 'Fargate'}`;
  const maxWhat = lambda ? 'workers.maxWorkers (the event source\'s maximum concurrency)' : 'workers.maxWorkers';
  const cap = lambda ? L.lambdaMaxConcurrencyMax : L.tasksPerService;
  const rows: SizingRow[] = [];

  // Workers: Little's law, and one AZ lost for Fargate.
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
    maxUnits: {
      value: cap,
      what: lambda ? 'the event source\'s maximum concurrency limit' : 'the ECS tasks-per-service quota',
      instead: lambda ? 'use FARGATE_SERVICE workers, or make jobs shorter' : 'make jobs shorter, or split the work over more queues',
    },
  });
  // Fixes within the cap name the prop to change.
  const namedFix = (r: SizingRow): SizingRow => (r.fix && r.fix.startsWith('needs >=') && !r.fix.includes(' above ')
    ? { ...r, fix: `${r.fix} (set ${maxWhat})` } : r);
  rows.push(namedFix(fleet[0]));
  if (lambda) {
    rows.push(checkRule({ ...base, resource: 'workers', metric: 'AZs', sources: ['catalog.QUOTAS.lambda'] }, Verdict.PASS,
      'Lambda runs in every AZ of the Region: the AZ-loss row does not apply'));
  } else {
    rows.push(namedFix(fleet[1]));
  }

  // Burst drain.
  if (plan.load.burstJobs > 0 && plan.load.drainSeconds !== undefined) {
    const d = plan.load.drainSeconds;
    const demandJobs = plan.load.burstJobs + jobs * d;
    const capacity = topology.maxWorkers * d / s;
    const needed = workersForBurst(plan.load.burstJobs, d, jobs, s, policy.warnMargin);
    const row = checkLimit({ ...base, resource: 'burst drain', metric: 'jobs', sources: ['method: Little\'s law (Little 1961)'] },
      demandJobs, capacity, policy.warnMargin,
      Number.isFinite(needed) ? `set ${maxWhat} >= ${fmt(needed)}` + (needed > cap ? `, above the limit of ${fmt(cap)}: allow a longer load.drainSeconds` : '')
        : 'allow a longer load.drainSeconds',
      `what ${fmt(topology.maxWorkers)} ${unitNoun} finish in ${fmt(d)} s`);
    rows.push({
      ...row,
      reason: `a burst of ${fmt(plan.load.burstJobs)} jobs plus ${fmt(jobs)} jobs/s for ${fmt(d)} s is ${fmt(demandJobs)} jobs; `
        + `${fmt(topology.maxWorkers)} ${unitNoun} finish ${fmt(capacity)} in that time${lambda ? '' : ' once scaled out'} (${fmt(Math.round(row.utilization * 1000) / 10)} %)`,
    });
  }

  // Job timeout against the mean job time.
  const timeoutCtx = { ...base, resource: lambda ? 'function timeout' : 'job timeout', metric: 's', sources: ['load.secondsPerJob'] };
  if (lambda) {
    const batchSeconds = topology.batchSize * s;
    const fitBatch = Math.floor(topology.workerTimeoutSeconds / s);
    if (s > L.lambdaTimeoutMax) {
      rows.push(checkRule(timeoutCtx, Verdict.FAIL,
        `a mean job of ${fmt(s)} s is longer than the Lambda maximum of ${fmt(L.lambdaTimeoutMax)} s`, 'use FARGATE_SERVICE workers'));
    } else if (batchSeconds > topology.workerTimeoutSeconds) {
      rows.push(checkRule(timeoutCtx, Verdict.FAIL,
        `a batch of ${fmt(topology.batchSize)} jobs of ${fmt(s)} s takes ${fmt(batchSeconds)} s, above the ${fmt(topology.workerTimeoutSeconds)} s timeout`,
        fitBatch >= 1 ? `set workers.lambda.batchSize <= ${fmt(fitBatch)}, or workers.lambda.timeoutSeconds >= ${fmt(Math.ceil(batchSeconds))}`
          : `set workers.lambda.timeoutSeconds >= ${fmt(Math.ceil(batchSeconds))}`));
    } else {
      rows.push(checkRule(timeoutCtx, Verdict.PASS,
        `a batch of ${fmt(topology.batchSize)} jobs of ${fmt(s)} s takes ${fmt(batchSeconds)} s, within the ${fmt(topology.workerTimeoutSeconds)} s timeout`));
    }
  } else {
    const t = topology.workerTimeoutSeconds;
    const comfortable = Math.ceil(3 * s);
    rows.push(t < s
      ? checkRule(timeoutCtx, Verdict.FAIL, `the job timeout of ${fmt(t)} s is below the mean job time of ${fmt(s)} s: most jobs would time out`,
        `set workers.fargate.jobTimeoutSeconds >= ${fmt(comfortable)}`)
      : t < comfortable
        ? checkRule(timeoutCtx, Verdict.WARN,
          `the job timeout of ${fmt(t)} s is under 3 x the mean job time (${fmt(s)} s): about 5 % of jobs would time out if job times vary exponentially`,
          `set workers.fargate.jobTimeoutSeconds >= ${fmt(comfortable)}`)
        : checkRule(timeoutCtx, Verdict.PASS, `the job timeout of ${fmt(t)} s is at least 3 x the mean job time (${fmt(s)} s)`));
  }

  // Lambda: the Region's concurrency quota, shared with every function.
  if (lambda) {
    const quotaValue = L.lambdaConcurrency;
    const under = Math.floor(quotaValue * policy.warnMargin);
    rows.push(checkLimit({
      ...base,
      resource: 'Lambda concurrency',
      metric: 'concurrent executions',
      sources: ['catalog.QUOTAS.lambda.concurrentExecutionsPerRegion'],
    },
    topology.maxWorkers, quotaValue, policy.warnMargin,
    `set workers.maxWorkers <= ${fmt(under)} to leave concurrency to other functions, or request a concurrency quota increase`,
    'the Region\'s concurrency quota (shared by every function of the account)'));
  }

  // FIFO throughput: the API sends one job per SendMessage.
  if (topology.queueType === QueueType.FIFO) {
    const limit = topology.highThroughput ? L.fifoHighTps : L.fifoTps;
    const source = topology.highThroughput ? 'catalog.QUOTAS.sqs.fifoHighThroughputTransactionsPerSecond' : 'catalog.QUOTAS.sqs.fifoTransactionsPerSecondPerAction';
    rows.push(checkLimit({ ...base, resource: 'FIFO throughput', metric: 'SendMessage/s', sources: [source] }, jobs, limit, policy.warnMargin,
      topology.highThroughput ? 'use a STANDARD queue, or request a higher FIFO quota for the Region'
        : 'set fifo.highThroughput true, or use a STANDARD queue',
      topology.highThroughput ? 'the high-throughput FIFO quota (the largest Regions; lower elsewhere)' : 'the FIFO quota per API action'));
  }

  // Message size.
  const bytes = plan.load.messageSizeKiB * 1024;
  rows.push(checkLimit({ ...base, resource: 'message size', metric: 'bytes', sources: ['catalog.QUOTAS.sqs.messageMaxBytes'] },
    bytes, L.messageMaxBytes, policy.warnMargin,
    topology.payloadBucket ? 'put the input in the payload bucket and send its key (claim check)'
      : 'set payloadBucket: {} and send the object key instead of the input (claim check)',
    'the SQS message size limit'));

  // Visibility timeout against the worker's timeout.
  const required = lambda ? L.lambdaVisibilityMultiplier * topology.workerTimeoutSeconds : topology.workerTimeoutSeconds;
  const visCtx = {
    ...base,
    resource: 'visibility timeout',
    metric: 's',
    sources: lambda ? ['catalog.QUOTAS.sqs.lambdaVisibilityTimeoutMultiplier'] : ['catalog.QUOTAS.sqs.visibilityTimeoutMaxSeconds'],
  };
  rows.push(topology.visibilityTimeoutSeconds >= required
    ? checkRule(visCtx, Verdict.PASS, `visibility timeout ${fmt(topology.visibilityTimeoutSeconds)} s >= ${lambda
      ? `${L.lambdaVisibilityMultiplier} x the ${fmt(topology.workerTimeoutSeconds)} s function timeout` : `the ${fmt(topology.workerTimeoutSeconds)} s job timeout`}`)
    : checkRule(visCtx, Verdict.FAIL, `visibility timeout ${fmt(topology.visibilityTimeoutSeconds)} s < ${fmt(required)} s: `
      + (lambda ? 'Lambda cannot retry throttled batches before the messages reappear' : 'a second worker receives a job while the first still runs it'),
    `set visibilityTimeoutSeconds >= ${fmt(required)}`));

  // Dead-letter queue.
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

  // Latency target: Erlang C on the workers.
  const target = plan.load.latencyTargetSeconds;
  if (target !== undefined && jobs > 0) {
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
      };
      const normal = checkLatency({ ...latencyBase, units: topology.maxWorkers, scenario: Scenario.NORMAL });
      rows.push(batchDelay > 0 ? { ...normal, reason: `${normal.reason} (target less ${fmt(batchDelay)} s of batching)` } : normal);
      if (!lambda && topology.azCount > 1) {
        const lost = worstAzLoss(topology.azCount);
        const placementLost = topology.placement ? Math.max(...topology.placement) : lost(topology.maxWorkers);
        rows.push(checkLatency({ ...latencyBase, units: topology.maxWorkers - placementLost, scenario: Scenario.AZ_LOSS, lostUnits: lost }));
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
  }
  return rows;
}

/** Notes the report shows for a WorkQueue plan (design facts that are not capacity rows). */
export function workQueueNotes(plan: WorkQueuePlan): string[] {
  const notes: string[] = [];
  const p = plan.path;
  if (plan.workers.fargate?.container.placeholder) {
    notes.push(`${p}: the workers run a placeholder image that processes nothing; set workers.fargate.image`);
  }
  if (plan.workers.lambda && plan.workers.lambda.codePath === undefined) {
    notes.push(`${p}: the Lambda worker is a placeholder that fails every message; set workers.lambda.codePath`);
  }
  if (plan.queueType === QueueType.STANDARD) {
    notes.push(`${p}: a standard queue delivers at least once: workers must be idempotent (skip a job whose status is already SUCCEEDED)`);
  } else {
    notes.push(`${p}: FIFO processes one message per message group at a time: parallelism is bounded by the number of active message groups`);
  }
  if (plan.queueEncryption === QueueEncryption.SQS_MANAGED) {
    notes.push(`${p}: the completion topic uses the AWS-managed aws/sns key, which CloudWatch alarms and other AWS services cannot publish to; `
      + 'choose encryption KMS for a key you control');
  } else {
    notes.push(`${p}: with KMS, producers need kms:GenerateDataKey and consumers kms:Decrypt on the key; the key policy allows `
      + `${plan.kms?.servicePrincipals.join(', ') || 'no service principal'}; each SQS data key is reused for ${fmt(plan.kms?.dataKeyReuseSeconds ?? 0)} s, which bounds the KMS request cost`);
  }
  if (plan.completion.webhook) {
    notes.push(`${p}: the webhook must confirm its SNS subscription (it first receives a SubscriptionConfirmation); `
      + 'deliveries SNS gives up on go to the webhook dead-letter queue, which alarms');
  }
  notes.push(`${p}: the job table takes about 3 writes per job (QUEUED, RUNNING, then SUCCEEDED or FAILED): `
    + `${fmt(plan.load.jobsPerSecond * 3)} writes/s at the declared rate, on demand`);
  notes.push(`${p}: the oldest-message alarm also counts jobs being retried, which keep their first enqueue time`);
  return notes;
}
