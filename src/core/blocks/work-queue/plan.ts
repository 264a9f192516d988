// WorkQueue: the plan (every default resolved) and the constants it is built from.
import {
  EncryptionKey, FifoDeduplicationScope, FifoThroughputLimit, JobStatus, JobTableBillingMode, LambdaRuntime, QueueEncryption, QueueType,
  RedrivePermission, ScalingAdjustment, WorkerKind, WorkQueueAttribute, WorkQueuePermission, WorkQueueResource,
} from './options';
import { AlarmComparison, AlarmPlan, BlockPlanBase, RemovalPolicy } from '../common';
import { ApiComputePlan, ApiDeploymentPlan, CpuArchitecture } from '../load-balanced-api';
import { ContainerHardeningPlan, EcsServiceSettingsPlan } from '../shared/ecs';
import { BlockFoundationPlan } from '../shared/foundation';
import { WiringPlan } from '../shared/wiring';

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
  /**
   * How the table is billed: PAY_PER_REQUEST (on demand), the only mode the block renders (a
   * provisioned table would need read and write capacities the plan does not hold).
   */
  readonly billingMode: JobTableBillingMode;
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
  /** Seconds the job rate takes to rise from zero to jobsPerSecond (0: a step); the scale-out row of Fargate workers reads it. */
  readonly rampSeconds: number;
}

/** The resolved WorkQueue: every default explicit. Backends render exactly this. */
export interface WorkQueuePlan extends BlockPlanBase, BlockFoundationPlan {
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

/** Placeholder worker image: replace it. */
export const PLACEHOLDER_WORKER_IMAGE = 'public.ecr.aws/docker/library/busybox:stable';

/** The placeholder worker's command: it keeps running (and passes the deployment circuit breaker) while processing nothing. */
export const PLACEHOLDER_WORKER_COMMAND = ['sh', '-c', 'while true; do sleep 3600; done'];

/** The worker container's name. */
export const WORKER_CONTAINER_NAME = 'worker';

/** The module of the placeholder Lambda handler (inline code is always `index`). */
export const PLACEHOLDER_LAMBDA_MODULE = 'index';

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
