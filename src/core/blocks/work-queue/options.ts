// WorkQueue: the options a user passes (and every enum of the block).
import { RemovalPolicy, SizingBoundsOptions } from '../common';
import { CpuArchitecture } from '../load-balanced-api';
import { BlockFoundationOptions } from '../shared/foundation';

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

/** How the job table is billed (DynamoDB BillingMode). */
export enum JobTableBillingMode {
  /** On demand, per request: no capacity to plan, and the table follows the queue's bursts. */
  PAY_PER_REQUEST = 'PAY_PER_REQUEST',
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
   * Seconds the job rate takes to rise (linearly) from zero to jobsPerSecond: 0..86,400. With
   * FARGATE_SERVICE workers, the scale-out row checks how long the minimum workers carry the
   * rising rate alone (backlog alarm, Fargate launch rate, task start time) and the worst wait
   * in the queue meanwhile, against load.latencyTargetSeconds (else the retention period).
   *
   * @default - 0 (catalog.ASSUMED.loadRampSeconds: the peak may arrive at once), listed as assumed with Fargate workers
   */
  readonly rampSeconds?: number;
  /**
   * Size of one message in KiB (the job's parameters; large inputs go to the payload bucket).
   *
   * @default - an assumed 1 KiB
   */
  readonly messageSizeKiB?: number;
}

/** Options of a WorkQueue: an SQS queue with workers, a job table, a completion topic and alarms. */
export interface WorkQueueOptions extends BlockFoundationOptions {
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
