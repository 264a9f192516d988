import fc from 'fast-check';
import { issuesOf, POLICY, row, worst } from './helpers';
import { AlarmComparison, RemovalPolicy } from '../../../src/core/blocks/common';
import { CpuArchitecture } from '../../../src/core/blocks/load-balanced-api';
import {
  EncryptionKey, FifoDeduplicationScope, FifoThroughputLimit, JobStatus, JobTableBillingMode, LambdaRuntime, planWorkQueue,
  PLACEHOLDER_WORKER_IMAGE, QueueEncryption, QueueType, RedrivePermission, ScalingAdjustment, sizeWorkQueue, WorkerKind,
  workersForBurst, workersForLatency, workersForThroughput, WorkQueueAttribute, workQueueNotes, WorkQueueOptions, WorkQueuePermission,
  WorkQueueResource, workQueueTopologyOf,
} from '../../../src/core/blocks/work-queue';
import * as catalog from '../../../src/core/catalog';
import { ValidationError } from '../../../src/core/errors';
import { p99WaitSeconds } from '../../../src/core/sizing/capacity';
import { Scenario, Verdict } from '../../../src/core/sizing/report';

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function neededFrom(fix: string | undefined): number {
  const m = /needs >= ([\d,]+)|>= ([\d,]+)/.exec(fix ?? '');
  if (!m) throw new Error(`no count in fix: ${fix}`);
  return Number((m[1] ?? m[2]).replace(/,/g, ''));
}

describe('planWorkQueue defaults', () => {
  test('GIVEN no options WHEN planned THEN a safe, encrypted queue with a DLQ, Fargate workers and a job table is explicit', () => {
    // WHEN
    const plan = planWorkQueue();
    // THEN
    expect(plan).toMatchObject({ kind: 'WorkQueue', name: 'jobs', path: 'jobs', queueType: QueueType.STANDARD, queueEncryption: QueueEncryption.SQS_MANAGED });
    expect(plan.kms).toBeUndefined();
    expect(plan.queue).toEqual({
      fifo: false,
      encryption: EncryptionKey.SQS_MANAGED,
      retentionSeconds: 345_600,
      visibilityTimeoutSeconds: 130,
      receiveWaitSeconds: 20,
      maxMessageBytes: 1_048_576,
      enforceSsl: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    expect(plan.deadLetterQueue).toMatchObject({
      fifo: false,
      encryption: EncryptionKey.SQS_MANAGED,
      retentionSeconds: 1_209_600,
      maxReceiveCount: 5,
      redrivePermission: RedrivePermission.BY_QUEUE,
      redriveSource: WorkQueueResource.JOB_QUEUE,
      enforceSsl: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    expect(plan.payloadBucket).toBeUndefined();
    expect(plan.completion).toEqual({ encryption: EncryptionKey.AWS_MANAGED, removalPolicy: RemovalPolicy.RETAIN, webhook: undefined });
  });

  test('GIVEN no options WHEN planned THEN the Fargate workers have a 10 x mean job timeout and a visibility timeout above it', () => {
    const plan = planWorkQueue();
    expect(plan.workers).toMatchObject({ kind: WorkerKind.FARGATE_SERVICE, minWorkers: 1, maxWorkers: 3 });
    expect(plan.workers.lambda).toBeUndefined();
    const f = plan.workers.fargate!;
    expect(f.compute).toMatchObject({ cpu: 1024, memoryMiB: 2048, architecture: CpuArchitecture.ARM64, label: '1 vCPU / 2 GiB' });
    expect(f.container).toEqual({
      image: PLACEHOLDER_WORKER_IMAGE,
      placeholder: true,
      command: ['sh', '-c', 'while true; do sleep 3600; done'],
      environment: {},
      secrets: {},
      hardening: { user: '1000', readonlyRootFilesystem: true, scratchVolume: { name: 'scratch', containerPath: '/tmp' } },
    });
    expect(f.ecsService).toEqual({
      containerName: 'worker',
      logStreamPrefix: 'worker',
      logRetentionDays: 365,
      availabilityZoneRebalancing: true,
      healthCheckGracePeriodSeconds: undefined,
      propagateServiceTags: true,
    });
    expect(f.jobTimeoutSeconds).toBe(100); // 10 x the assumed 10 s
    expect(plan.queue.visibilityTimeoutSeconds).toBe(130); // + 30 s margin
    expect(f.azCount).toBe(3);
    // Rolling with the breaker, every worker kept during a deploy: both backends render these percentages.
    expect(f.deployment).toEqual({ strategy: 'ROLLING', circuitBreaker: true, rollback: true, minimumHealthyPercent: 100, maximumPercent: 200 });
  });

  test('GIVEN no options WHEN planned THEN backlog-per-worker scaling is metric math and scale-in waits for an empty queue', () => {
    const s = planWorkQueue().workers.fargate!.scaling;
    expect(s.backlogPerWorker.expression).toBe('IF(running > 0, visible / running, visible)');
    expect(s.backlogPerWorker.metrics.map((m) => [m.id, m.namespace, m.metricName, m.resource])).toEqual([
      ['visible', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', WorkQueueResource.JOB_QUEUE],
      ['running', 'ECS/ContainerInsights', 'RunningTaskCount', WorkQueueResource.WORKER_SERVICE],
    ]);
    // acceptable backlog = acceptable latency (300 s without a target) / 10 s per job
    expect(s.acceptableBacklogPerWorker).toBe(30);
    expect(s.acceptableLatencySeconds).toBe(300);
    expect(s.targetTrackingDisableScaleIn).toBe(true);
    expect(s.containerInsights).toBe(true);
    expect(s.scaleIn).toMatchObject({
      threshold: 0,
      comparison: AlarmComparison.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 5,
      adjustment: ScalingAdjustment.EXACT_CAPACITY,
      capacity: 1,
    });
    expect(s.scaleIn.metric.expression).toBe('visible + inflight');
    expect(s.scaleIn.metric.metrics.map((m) => m.metricName)).toEqual(['ApproximateNumberOfMessagesVisible', 'ApproximateNumberOfMessagesNotVisible']);
  });

  test('GIVEN no options WHEN planned THEN the job table tracks jobs with TTL, PITR, deletion protection and retention', () => {
    const t = planWorkQueue().jobTable;
    expect(t.attributes).toEqual({
      jobId: 'jobId',
      status: 'status',
      createdAt: 'createdAt',
      updatedAt: 'updatedAt',
      resultLocation: 'resultLocation',
      error: 'error',
      expiresAt: 'expiresAt',
    });
    expect(t.statusValues).toEqual([JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.SUCCEEDED, JobStatus.FAILED]);
    expect(t).toMatchObject({
      ttlAttribute: 'expiresAt',
      ttlDays: 30,
      billingMode: JobTableBillingMode.PAY_PER_REQUEST,
      pointInTimeRecovery: true,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: EncryptionKey.AWS_MANAGED,
    });
  });

  test('GIVEN no options WHEN planned THEN the API and workers get their environment and least-privilege permissions', () => {
    const plan = planWorkQueue();
    expect(plan.apiEnvironment).toEqual({ QUEUE_URL: WorkQueueAttribute.QUEUE_URL, JOB_TABLE: WorkQueueAttribute.JOB_TABLE_NAME });
    expect(plan.workerEnvironment).toEqual({
      QUEUE_URL: WorkQueueAttribute.QUEUE_URL,
      JOB_TABLE: WorkQueueAttribute.JOB_TABLE_NAME,
      COMPLETION_TOPIC_ARN: WorkQueueAttribute.COMPLETION_TOPIC_ARN,
    });
    expect(plan.apiPermissions).toEqual([WorkQueuePermission.SEND_MESSAGE, WorkQueuePermission.CREATE_JOB, WorkQueuePermission.READ_JOB]);
    expect(plan.workerPermissions).toEqual([
      WorkQueuePermission.CONSUME_MESSAGES, WorkQueuePermission.UPDATE_JOB, WorkQueuePermission.PUBLISH_COMPLETION,
    ]);
  });

  test('GIVEN no options WHEN planned THEN the DLQ-not-empty and oldest-message alarms are planned', () => {
    const alarms = planWorkQueue().alarms;
    expect(alarms.map((a) => [a.id, a.resource, a.metricName, a.threshold, a.comparison])).toEqual([
      ['DeadLetterQueueNotEmpty', WorkQueueResource.DEAD_LETTER_QUEUE, 'ApproximateNumberOfMessagesVisible', 1,
        AlarmComparison.GREATER_THAN_OR_EQUAL_TO_THRESHOLD],
      ['OldestMessageTooOld', WorkQueueResource.JOB_QUEUE, 'ApproximateAgeOfOldestMessage', 900, AlarmComparison.GREATER_THAN_OR_EQUAL_TO_THRESHOLD],
    ]);
    expect(alarms.every((a) => a.statistic === 'Maximum' && a.periodSeconds === 60 && !a.treatMissingDataAsBreaching)).toBe(true);
  });

  test('GIVEN no sizing inputs WHEN planned THEN each default that feeds the sizing is listed as assumed', () => {
    const props = planWorkQueue().assumed.map((a) => a.prop);
    expect(props).toEqual(expect.arrayContaining([
      'jobs.load.jobsPerSecond', 'jobs.load.secondsPerJob', 'jobs.load.messageSizeKiB', 'jobs.workers.minWorkers',
      'jobs.workers.maxWorkers', 'jobs.workers.fargate.cpu', 'jobs.workers.fargate.memoryMiB', 'jobs.workers.fargate.jobTimeoutSeconds',
      'jobs.sizing.targetUtilization',
    ]));
    const given = planWorkQueue({ load: { jobsPerSecond: 5, secondsPerJob: 2, messageSizeKiB: 4 } }).assumed.map((a) => a.prop);
    expect(given).not.toContain('jobs.load.jobsPerSecond');
    expect(given).not.toContain('jobs.load.secondsPerJob');
  });

  test('GIVEN a context WHEN planned THEN the path and the assumed prefix follow it', () => {
    const plan = planWorkQueue({ name: 'video' }, { path: 'shop/video', specPrefix: 'queues.video' });
    expect(plan.path).toBe('shop/video');
    expect(plan.assumed.every((a) => a.prop.startsWith('queues.video.'))).toBe(true);
  });
});

describe('planWorkQueue options', () => {
  test('GIVEN a FIFO queue WHEN planned THEN content-based deduplication is on and the DLQ is FIFO too', () => {
    const plan = planWorkQueue({ queueType: QueueType.FIFO });
    expect(plan.queue).toMatchObject({
      fifo: true,
      contentBasedDeduplication: true,
      deduplicationScope: FifoDeduplicationScope.QUEUE,
      fifoThroughputLimit: FifoThroughputLimit.PER_QUEUE,
    });
    expect(plan.deadLetterQueue).toMatchObject({ fifo: true, contentBasedDeduplication: true });
  });

  test('GIVEN FIFO high throughput WHEN planned THEN deduplication and the limit are per message group', () => {
    const plan = planWorkQueue({ queueType: QueueType.FIFO, fifo: { highThroughput: true, contentBasedDeduplication: false } });
    expect(plan.queue).toMatchObject({
      contentBasedDeduplication: false,
      deduplicationScope: FifoDeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
    });
    expect(workQueueTopologyOf(plan).highThroughput).toBe(true);
  });

  test('GIVEN KMS encryption WHEN planned THEN one created key with rotation encrypts every resource and both sides may use it', () => {
    const plan = planWorkQueue({ encryption: QueueEncryption.KMS, payloadBucket: {}, completion: { webhookUrl: 'https://hooks.example.com/jobs' } });
    expect(plan.kms).toEqual({
      create: true,
      keyArn: undefined,
      rotation: true,
      servicePrincipals: ['sns.amazonaws.com'],
      dataKeyReuseSeconds: 300,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const e of [plan.queue.encryption, plan.deadLetterQueue.encryption, plan.jobTable.encryption, plan.completion.encryption,
      plan.payloadBucket!.encryption, plan.completion.webhook!.deadLetterQueue.encryption]) {
      expect(e).toBe(EncryptionKey.CUSTOMER_MANAGED);
    }
    expect(plan.apiPermissions).toContain(WorkQueuePermission.USE_KEY);
    expect(plan.workerPermissions).toContain(WorkQueuePermission.USE_KEY);
  });

  test('GIVEN KMS with an existing key WHEN planned THEN the key is used, not created', () => {
    expect(planWorkQueue({ encryption: QueueEncryption.KMS, kmsKeyArn: KEY }).kms).toMatchObject({ create: false, keyArn: KEY, rotation: false });
  });

  test('GIVEN SQS-managed encryption WHEN planned THEN the bucket uses SSE-S3 and the table the AWS-managed key', () => {
    const plan = planWorkQueue({ payloadBucket: {} });
    expect(plan.payloadBucket!.encryption).toBe(EncryptionKey.S3_MANAGED);
    expect(plan.jobTable.encryption).toBe(EncryptionKey.AWS_MANAGED);
  });

  test('GIVEN a payload bucket WHEN planned THEN it is private, versioned, expiring and wired to both sides', () => {
    const plan = planWorkQueue({ payloadBucket: {}, jobTable: { ttlDays: 10 } });
    expect(plan.payloadBucket).toEqual({
      encryption: EncryptionKey.S3_MANAGED,
      versioned: true,
      blockPublicAccess: true,
      enforceSsl: true,
      bucketOwnerEnforced: true,
      serverAccessLogs: true,
      inputPrefix: 'input/',
      outputPrefix: 'output/',
      expirationDays: 10,
      noncurrentVersionExpirationDays: 7,
      abortIncompleteMultipartUploadDays: 7,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    expect(plan.apiEnvironment.PAYLOAD_BUCKET).toBe(WorkQueueAttribute.PAYLOAD_BUCKET_NAME);
    expect(plan.workerEnvironment.PAYLOAD_BUCKET).toBe(WorkQueueAttribute.PAYLOAD_BUCKET_NAME);
    expect(plan.apiPermissions).toEqual(expect.arrayContaining([WorkQueuePermission.WRITE_INPUT, WorkQueuePermission.READ_PAYLOAD]));
    expect(plan.workerPermissions).toEqual(expect.arrayContaining([WorkQueuePermission.READ_PAYLOAD, WorkQueuePermission.WRITE_OUTPUT]));
    expect(planWorkQueue({ payloadBucket: { enabled: false } }).payloadBucket).toBeUndefined();
  });

  test('GIVEN a webhook WHEN planned THEN it has a standard dead-letter queue and its own alarm', () => {
    const plan = planWorkQueue({ queueType: QueueType.FIFO, completion: { webhookUrl: 'https://hooks.example.com:8443/done?x=1', rawMessageDelivery: true } });
    expect(plan.completion.webhook).toMatchObject({ url: 'https://hooks.example.com:8443/done?x=1', rawMessageDelivery: true });
    expect(plan.completion.webhook!.deadLetterQueue).toMatchObject({ fifo: false, retentionSeconds: 1_209_600, enforceSsl: true });
    expect(plan.alarms.map((a) => a.id)).toContain('WebhookDeadLetterQueueNotEmpty');
  });

  test('GIVEN stateful removal options WHEN planned THEN each resource keeps its own', () => {
    const plan = planWorkQueue({
      removalPolicy: RemovalPolicy.DESTROY,
      jobTable: { removalPolicy: RemovalPolicy.DESTROY, pointInTimeRecovery: false, deletionProtection: false },
      payloadBucket: { removalPolicy: RemovalPolicy.DESTROY },
    });
    expect(plan.queue.removalPolicy).toBe(RemovalPolicy.DESTROY);
    expect(plan.deadLetterQueue.removalPolicy).toBe(RemovalPolicy.DESTROY);
    expect(plan.jobTable).toMatchObject({ removalPolicy: RemovalPolicy.DESTROY, pointInTimeRecovery: false, deletionProtection: false });
    expect(plan.payloadBucket!.removalPolicy).toBe(RemovalPolicy.DESTROY);
  });

  test('GIVEN a Lambda consumer WHEN planned THEN batch, timeout and a 6 x visibility timeout are derived from the job time', () => {
    // 2 s per job: 10 per batch (the max without a window), 3 x 10 x 2 = 60 s timeout, 6 x 60 = 360 s visibility
    const plan = planWorkQueue({ workers: { kind: WorkerKind.LAMBDA }, load: { jobsPerSecond: 10, secondsPerJob: 2 } });
    expect(plan.workers.fargate).toBeUndefined();
    expect(plan.workers.lambda).toMatchObject({
      memoryMB: 1024,
      timeoutSeconds: 60,
      batchSize: 10,
      maxBatchingWindowSeconds: 0,
      reportBatchItemFailures: true,
      architecture: CpuArchitecture.ARM64,
      runtime: LambdaRuntime.NODEJS_22_X,
      handler: 'index.handler',
    });
    expect(plan.queue.visibilityTimeoutSeconds).toBe(360);
    expect(plan.workers.minWorkers).toBe(0);
    expect(plan.workers.lambda!.maxConcurrency).toBe(plan.workers.maxWorkers);
    expect(workQueueTopologyOf(plan).azCount).toBe(1);
  });

  test('GIVEN a Lambda consumer with a latency target WHEN planned THEN the batch takes at most half the target', () => {
    // 30 s target, 2 s jobs: floor(30 / 4) + 1 = 8
    const plan = planWorkQueue({ workers: { kind: WorkerKind.LAMBDA }, load: { jobsPerSecond: 10, secondsPerJob: 2, latencyTargetSeconds: 30 } });
    expect(plan.workers.lambda!.batchSize).toBe(8);
  });

  test('GIVEN long Lambda jobs WHEN planned THEN the batch shrinks to fit the 900 s timeout three times', () => {
    const plan = planWorkQueue({ workers: { kind: WorkerKind.LAMBDA }, load: { secondsPerJob: 100 } });
    expect(plan.workers.lambda).toMatchObject({ batchSize: 3, timeoutSeconds: 900 });
    expect(plan.queue.visibilityTimeoutSeconds).toBe(5400);
  });

  test('GIVEN a Lambda batching window WHEN planned THEN the visibility timeout adds it, and a larger batch is allowed', () => {
    const lambda = { batchSize: 100, maxBatchingWindowSeconds: 5, timeoutSeconds: 300 };
    const plan = planWorkQueue({ workers: { kind: WorkerKind.LAMBDA, lambda } });
    expect(plan.queue.visibilityTimeoutSeconds).toBe(6 * 300 + 5);
    expect(plan.workers.lambda!.batchSize).toBe(100);
  });

  test.each([
    [WorkerKind.FARGATE_SERVICE, 600, 'jobTimeoutSeconds', 570],
    [WorkerKind.LAMBDA, 600, 'timeoutSeconds', 100],
  ])('GIVEN %s workers and only a visibility timeout of %d s WHEN planned THEN the worker timeout follows it', (kind, visibility, prop, expected) => {
    const plan = planWorkQueue({ visibilityTimeoutSeconds: visibility, workers: { kind } });
    expect(plan.queue.visibilityTimeoutSeconds).toBe(visibility);
    const w = (kind === WorkerKind.LAMBDA ? plan.workers.lambda : plan.workers.fargate) as unknown as Record<string, number>;
    expect(w[prop]).toBe(expected);
  });

  test('GIVEN a latency target WHEN planned THEN min workers meet it at the declared rate and the backlog target follows it', () => {
    const plan = planWorkQueue({ load: { jobsPerSecond: 20, secondsPerJob: 3, latencyTargetSeconds: 10 } });
    const needed = Math.max(workersForThroughput(20, 3, POLICY), workersForLatency(20, 3, 10, 0.9));
    expect(plan.workers.minWorkers).toBe(needed);
    expect(plan.workers.fargate!.scaling.acceptableBacklogPerWorker).toBe(3.33);
    expect(sizeWorkQueue(plan).every((r) => r.verdict === Verdict.PASS)).toBe(true);
  });

  test('GIVEN only maxWorkers WHEN planned THEN the default minimum never exceeds it', () => {
    const plan = planWorkQueue({ workers: { maxWorkers: 4 }, load: { jobsPerSecond: 20, secondsPerJob: 3, latencyTargetSeconds: 10 } });
    expect(plan.workers).toMatchObject({ minWorkers: 4, maxWorkers: 4 });
  });

  test('GIVEN a burst WHEN planned THEN max workers drain it and the age alarm allows the drain time', () => {
    const plan = planWorkQueue({ load: { jobsPerSecond: 1, secondsPerJob: 2, burstJobs: 10_000, drainSeconds: 600, latencyTargetSeconds: 120 } });
    expect(plan.workers.maxWorkers).toBeGreaterThanOrEqual(workersForBurst(10_000, 600, 1, 2, 0.9));
    expect(plan.alarms.find((a) => a.id === 'OldestMessageTooOld')!.threshold).toBe(600);
    expect(planWorkQueue({ load: { latencyTargetSeconds: 120 } }).alarms[1].threshold).toBe(120);
    expect(planWorkQueue({ alarms: { oldestMessageAgeSeconds: 3600 } }).alarms[1].threshold).toBe(3600);
  });

  test('GIVEN an alarm topic WHEN planned THEN every alarm notifies it', () => {
    const topic = 'arn:aws:sns:eu-west-1:123456789012:ops';
    expect(planWorkQueue({ alarms: { alarmTopicArn: topic } }).alarms.every((a) => a.actionTopicArn === topic)).toBe(true);
  });

  test('GIVEN worker settings WHEN planned THEN each is honoured', () => {
    const plan = planWorkQueue({
      azCount: 2,
      workers: {
        minWorkers: 0,
        maxWorkers: 40,
        fargate: {
          cpu: 2048,
          memoryMiB: 8192,
          architecture: CpuArchitecture.X86_64,
          image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/w:1',
          environment: { MODE: 'fast' },
          secrets: { DB: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db' },
          jobTimeoutSeconds: 900,
          scaleOutCooldownSeconds: 30,
          scaleInAfterEmptyMinutes: 15,
          acceptableBacklogPerWorker: 4,
        },
      },
    });
    const f = plan.workers.fargate!;
    expect(f.compute).toMatchObject({ cpu: 2048, memoryMiB: 8192, architecture: CpuArchitecture.X86_64 });
    expect(f.container).toMatchObject({ placeholder: false, environment: { MODE: 'fast' } });
    expect(f.scaling).toMatchObject({ minWorkers: 0, maxWorkers: 40, acceptableBacklogPerWorker: 4, scaleOutCooldownSeconds: 30 });
    expect(f.scaling.scaleIn).toMatchObject({ evaluationPeriods: 15, capacity: 0 });
    expect(f.azCount).toBe(2);
    expect(plan.queue.visibilityTimeoutSeconds).toBe(930);
  });

  test('GIVEN a Fargate cpu without memory WHEN planned THEN memory defaults to 2 GiB per vCPU', () => {
    expect(planWorkQueue({ workers: { fargate: { cpu: 4096 } } }).workers.fargate!.compute.memoryMiB).toBe(8192);
  });
});

describe('planWorkQueue validation', () => {
  test.each<[string, WorkQueueOptions, string, RegExp]>([
    ['bad name', { name: 'Jobs' }, 'name', /lower-case/],
    ['unknown queue type', { queueType: 'LIFO' as QueueType }, 'queueType', /one of STANDARD, FIFO/],
    ['FIFO options on a standard queue', { fifo: { highThroughput: true } }, 'fifo', /unset with a STANDARD queue/],
    ['a non-boolean FIFO flag', { queueType: QueueType.FIFO, fifo: { highThroughput: 'yes' as unknown as boolean } }, 'fifo.highThroughput', /true or false/],
    ['unknown encryption', { encryption: 'ROT13' as QueueEncryption }, 'encryption', /one of SQS_MANAGED, KMS/],
    ['a key without KMS', { kmsKeyArn: KEY }, 'kmsKeyArn', /unset unless encryption is KMS/],
    ['a malformed key', { encryption: QueueEncryption.KMS, kmsKeyArn: 'alias/mine' }, 'kmsKeyArn', /KMS key ARN/],
    ['retention below 60 s', { retentionSeconds: 30 }, 'retentionSeconds', /from 60 to 1,209,600/],
    ['retention above 14 days', { retentionSeconds: 2_000_000 }, 'retentionSeconds', /from 60 to 1,209,600/],
    ['receive wait above 20 s', { receiveWaitSeconds: 21 }, 'receiveWaitSeconds', /from 0 to 20/],
    ['visibility above 12 h', { visibilityTimeoutSeconds: 50_000 }, 'visibilityTimeoutSeconds', /from 0 to 43,200/],
    ['maxReceiveCount 0', { deadLetter: { maxReceiveCount: 0 } }, 'deadLetter.maxReceiveCount', /from 1 to 1,000/],
    ['unknown worker kind', { workers: { kind: 'EC2' as WorkerKind } }, 'workers.kind', /FARGATE_SERVICE, LAMBDA/],
    ['a non-Fargate cpu', { workers: { fargate: { cpu: 3 } } }, 'workers.fargate.cpu', /256, 512, 1024/],
    ['an invalid Fargate pair', { workers: { fargate: { cpu: 1024, memoryMiB: 1000 } } }, 'workers.fargate.memoryMiB', /Fargate memory for cpu 1024/],
    ['a bad image', { workers: { fargate: { image: 'not an image' } } }, 'workers.fargate.image', /container image/],
    ['a reserved variable', { workers: { fargate: { environment: { QUEUE_URL: 'x' } } } }, 'workers.fargate.environment.QUEUE_URL', /the block sets those/],
    ['a secret in plain environment', { workers: { fargate: { environment: { DB_PASSWORD: 'x' } } } }, 'workers.fargate.environment.DB_PASSWORD', /non-secret/],
    ['a secret that is not an ARN', { workers: { fargate: { secrets: { DB: 'hunter2' } } } }, 'workers.fargate.secrets.DB', /Secrets Manager/],
    ['a job timeout above 12 h', { workers: { fargate: { jobTimeoutSeconds: 50_000 } } }, 'workers.fargate.jobTimeoutSeconds', /from 1 to 43,200/],
    ['Lambda options on Fargate', { workers: { lambda: { memoryMB: 512 } } }, 'workers.lambda', /set workers.kind LAMBDA/],
    ['Fargate options on Lambda', { workers: { kind: WorkerKind.LAMBDA, fargate: {} } }, 'workers.fargate', /unset with workers.kind LAMBDA/],
    ['a Lambda minimum', { workers: { kind: WorkerKind.LAMBDA, minWorkers: 1 } }, 'workers.minWorkers', /scales to zero/],
    ['a Lambda maximum below 2', { workers: { kind: WorkerKind.LAMBDA, maxWorkers: 1 } }, 'workers.maxWorkers', /from 2 to 1,000/],
    ['an AZ count with Lambda', { azCount: 2, workers: { kind: WorkerKind.LAMBDA } }, 'azCount', /Lambda runs across/],
    ['a batch of 11 without a window', { workers: { kind: WorkerKind.LAMBDA, lambda: { batchSize: 11 } } }, 'workers.lambda.maxBatchingWindowSeconds',
      /at least 1 s when workers.lambda.batchSize is above 10/],
    ['a batching window on FIFO', { queueType: QueueType.FIFO, workers: { kind: WorkerKind.LAMBDA, lambda: { maxBatchingWindowSeconds: 5 } } },
      'workers.lambda.maxBatchingWindowSeconds', /FIFO/],
    ['a Lambda timeout above 900 s', { workers: { kind: WorkerKind.LAMBDA, lambda: { timeoutSeconds: 901 } } }, 'workers.lambda.timeoutSeconds', /from 1 to 900/],
    ['Lambda memory below 128 MB', { workers: { kind: WorkerKind.LAMBDA, lambda: { memoryMB: 64 } } }, 'workers.lambda.memoryMB', /from 128 to 10,240/],
    ['an unknown runtime', { workers: { kind: WorkerKind.LAMBDA, lambda: { runtime: 'COBOL' as LambdaRuntime } } }, 'workers.lambda.runtime', /NODEJS_22_X/],
    ['a visibility below the Fargate job timeout', { visibilityTimeoutSeconds: 60, workers: { fargate: { jobTimeoutSeconds: 120 } } },
      'visibilityTimeoutSeconds', /at least workers.fargate.jobTimeoutSeconds \(120 s\)/],
    ['a visibility below 6 x the Lambda timeout', { visibilityTimeoutSeconds: 100, workers: { kind: WorkerKind.LAMBDA, lambda: { timeoutSeconds: 30 } } },
      'visibilityTimeoutSeconds', /at least 6 x workers.lambda.timeoutSeconds \(180 s\)/],
    ['max below min', { workers: { minWorkers: 5, maxWorkers: 2 } }, 'workers.maxWorkers', /at least workers.minWorkers \(5\)/],
    ['a negative job rate', { load: { jobsPerSecond: -1 } }, 'load.jobsPerSecond', /from 0 to/],
    ['a zero job time', { load: { secondsPerJob: 0 } }, 'load.secondsPerJob', /greater than 0/],
    ['a burst without drain time', { load: { burstJobs: 100 } }, 'load.drainSeconds', /set when load.burstJobs is set/],
    ['a drain time without burst', { load: { drainSeconds: 100 } }, 'load.burstJobs', /set when load.drainSeconds is set/],
    ['a drain longer than retention', { retentionSeconds: 600, load: { burstJobs: 10, drainSeconds: 700 } }, 'load.drainSeconds', /less than retentionSeconds/],
    ['a latency target beyond retention', { retentionSeconds: 600, load: { latencyTargetSeconds: 900 } }, 'load.latencyTargetSeconds', /less than retentionSeconds/],
    ['a plain-HTTP webhook', { completion: { webhookUrl: 'http://hooks.example.com' } }, 'completion.webhookUrl', /https:\/\//],
    ['raw delivery without webhook', { completion: { rawMessageDelivery: true } }, 'completion.rawMessageDelivery', /unset without/],
    ['an age alarm beyond retention', { retentionSeconds: 600, alarms: { oldestMessageAgeSeconds: 600 } }, 'alarms.oldestMessageAgeSeconds',
      /less than retentionSeconds/],
    ['an alarm topic that is no topic', { alarms: { alarmTopicArn: 'arn:aws:sqs:eu-west-1:123456789012:q' } }, 'alarms.alarmTopicArn', /SNS topic ARN/],
    ['a zero TTL', { jobTable: { ttlDays: 0 } }, 'jobTable.ttlDays', /from 1 to 3,650/],
    ['a snapshot removal policy', { jobTable: { removalPolicy: RemovalPolicy.SNAPSHOT } }, 'jobTable.removalPolicy', /RETAIN, DESTROY/],
    ['a zero expiry', { payloadBucket: { expirationDays: 0 } }, 'payloadBucket.expirationDays', /from 1 to 3,650/],
    ['a non-object bucket', { payloadBucket: true as unknown as object }, 'payloadBucket', /an object/],
    ['a bad utilisation', { sizing: { targetUtilization: 1.5 } }, 'sizing.targetUtilization', /fraction/],
  ])('GIVEN %s WHEN planned THEN the error names the prop, the value and what is allowed', (_, options, prop, allowed) => {
    const issues = issuesOf(() => planWorkQueue(options));
    const issue = issues.find((i) => i.prop === prop);
    expect(issue).toBeDefined();
    expect(issue!.allowed).toMatch(allowed);
    expect(issue!.value).not.toBe('');
  });

  test('GIVEN several bad props WHEN planned THEN every failure comes in one error', () => {
    const issues = issuesOf(() => planWorkQueue({
      name: 'X', retentionSeconds: 1, receiveWaitSeconds: 99, deadLetter: { maxReceiveCount: -1 }, load: { jobsPerSecond: -5 },
    }));
    expect(issues.map((i) => i.prop)).toEqual(expect.arrayContaining([
      'name', 'retentionSeconds', 'receiveWaitSeconds', 'deadLetter.maxReceiveCount', 'load.jobsPerSecond',
    ]));
    expect(() => planWorkQueue({ name: 'X' })).toThrow(/X: name = "X": must be lower-case/);
  });
});

describe('sizeWorkQueue', () => {
  const LOAD = { jobsPerSecond: 20, secondsPerJob: 3 };

  test('GIVEN a default plan for a declared load WHEN sized THEN every row passes, the DLQ row included', () => {
    const plan = planWorkQueue({ load: { ...LOAD, burstJobs: 5000, drainSeconds: 600 } });
    const rows = sizeWorkQueue(plan);
    expect(rows.map((r) => [r.resource, r.scenario])).toEqual([
      ['workers', Scenario.NORMAL], ['workers', Scenario.AZ_LOSS], ['burst drain', Scenario.LIMIT], ['job timeout', Scenario.LIMIT],
      ['message size', Scenario.LIMIT], ['visibility timeout', Scenario.LIMIT], ['dead-letter queue', Scenario.LIMIT],
      ['worker scale-out', Scenario.NORMAL],
    ]);
    expect(rows.every((r) => r.verdict === Verdict.PASS)).toBe(true);
    expect(row(rows, 'workers', Scenario.NORMAL).sources).toContain('method: Little\'s law (Little 1961)');
    expect(row(rows, 'workers', Scenario.NORMAL).assumed.map((a) => a.prop)).toContain('jobs.workers.fargate.cpu');
  });

  test('GIVEN too few workers WHEN sized THEN the Little\'s-law rows fail with the one workers fix', () => {
    // 20 jobs/s x 3 s = 60 busy workers; normal alone: / (0.7 x 0.9) -> 96; with an AZ lost: / 0.81 -> 75 survivors -> 113 (113 - 38)
    const plan = planWorkQueue({ workers: { minWorkers: 1, maxWorkers: 50 }, load: LOAD });
    const rows = sizeWorkQueue(plan);
    const r = row(rows, 'workers', Scenario.NORMAL);
    expect(r.verdict).toBe(Verdict.FAIL);
    expect(r.fix).toBe('needs >= 113 workers of 1 vCPU / 2 GiB, has 50 (set workers.maxWorkers)');
    expect(row(rows, 'workers', Scenario.AZ_LOSS).fix).toBe(r.fix);
    expect(workersForThroughput(20, 3, POLICY)).toBe(96);
  });

  test('GIVEN a demand override WHEN sized THEN it replaces the plan\'s load', () => {
    const plan = planWorkQueue({ workers: { maxWorkers: 10 }, load: LOAD });
    expect(row(sizeWorkQueue(plan, { jobsPerSecond: 1 }), 'workers', Scenario.NORMAL).demand).toBe(1);
  });

  test('GIVEN a read-back placement WHEN sized THEN the AZ-loss row uses it', () => {
    const plan = planWorkQueue({ workers: { maxWorkers: 99 }, load: LOAD });
    const rows = sizeWorkQueue(plan, {}, { ...workQueueTopologyOf(plan), placement: [97, 1, 1] });
    expect(row(rows, 'workers', Scenario.AZ_LOSS).verdict).toBe(Verdict.FAIL);
  });

  test('GIVEN a burst the workers cannot drain WHEN sized THEN the burst row fails with the exact max workers', () => {
    const plan = planWorkQueue({ workers: { maxWorkers: 10 }, load: { jobsPerSecond: 0.5, secondsPerJob: 2, burstJobs: 6000, drainSeconds: 600 } });
    const r = row(sizeWorkQueue(plan), 'burst drain', Scenario.LIMIT);
    expect(r.verdict).toBe(Verdict.FAIL);
    // (6000 + 0.5 x 600) x 2 / (600 x 0.9) = 23.3 -> 24
    expect(r.fix).toBe('needs >= 24 workers of 1 vCPU / 2 GiB, has 10 (set workers.maxWorkers)');
    expect(r.reason).toMatch(/a burst of 6,000 jobs plus 0.5 jobs\/s for 600 s is 6,300 jobs/);
  });

  test.each([
    [50, Verdict.FAIL, /below the mean job time/],
    [200, Verdict.WARN, /under 3 x the mean job time/],
    [300, Verdict.PASS, /at least 3 x/],
  ])('GIVEN a Fargate job timeout of %d s for 100 s jobs WHEN sized THEN the timeout row is %s', (timeout, verdict, reason) => {
    const plan = planWorkQueue({ workers: { fargate: { jobTimeoutSeconds: timeout } }, load: { secondsPerJob: 100 } });
    const r = row(sizeWorkQueue(plan), 'job timeout', Scenario.LIMIT);
    expect(r.verdict).toBe(verdict);
    expect(r.reason).toMatch(reason);
    if (verdict !== Verdict.PASS) expect(r.fix).toBe('set workers.fargate.jobTimeoutSeconds >= 300');
  });

  test('GIVEN a Lambda consumer WHEN sized THEN there is no AZ-loss fleet row but the Region\'s concurrency is checked', () => {
    const plan = planWorkQueue({ workers: { kind: WorkerKind.LAMBDA }, load: LOAD });
    const rows = sizeWorkQueue(plan);
    expect(rows.some((r) => r.scenario === Scenario.AZ_LOSS)).toBe(false);
    expect(row(rows, 'workers', Scenario.LIMIT).reason).toMatch(/Lambda runs in every AZ/);
    const c = row(rows, 'Lambda concurrency', Scenario.LIMIT);
    expect(c.capacity).toBe(catalog.QUOTAS.lambda.concurrentExecutionsPerRegion.value);
    expect(c.demand).toBe(plan.workers.maxWorkers);
  });

  test('GIVEN a Lambda consumer at the concurrency maximum WHEN sized THEN the quota row warns with an exact cap', () => {
    const plan = planWorkQueue({ workers: { kind: WorkerKind.LAMBDA, maxWorkers: 1000 } });
    const r = row(sizeWorkQueue(plan), 'Lambda concurrency', Scenario.LIMIT);
    expect(r.verdict).toBe(Verdict.WARN);
    expect(r.fix).toMatch(/set workers.maxWorkers <= 900/);
  });

  test('GIVEN a Lambda batch longer than its timeout WHEN sized THEN the row fails with the largest batch that fits', () => {
    const plan = planWorkQueue({ workers: { kind: WorkerKind.LAMBDA, lambda: { batchSize: 10, timeoutSeconds: 60 } }, load: { secondsPerJob: 8 } });
    const r = row(sizeWorkQueue(plan), 'function timeout', Scenario.LIMIT);
    expect(r.verdict).toBe(Verdict.FAIL);
    expect(r.fix).toBe('set workers.lambda.batchSize <= 7, or workers.lambda.timeoutSeconds >= 80');
    const fixed = planWorkQueue({ workers: { kind: WorkerKind.LAMBDA, lambda: { batchSize: 7, timeoutSeconds: 60 } }, load: { secondsPerJob: 8 } });
    expect(row(sizeWorkQueue(fixed), 'function timeout', Scenario.LIMIT).verdict).toBe(Verdict.PASS);
  });

  test('GIVEN jobs longer than Lambda allows WHEN sized THEN the row sends the user to Fargate', () => {
    const plan = planWorkQueue({ workers: { kind: WorkerKind.LAMBDA }, load: { secondsPerJob: 1200 } });
    const r = row(sizeWorkQueue(plan), 'function timeout', Scenario.LIMIT);
    expect(r).toMatchObject({ verdict: Verdict.FAIL, fix: 'use FARGATE_SERVICE workers' });
  });

  test('GIVEN a FIFO queue above 300 sends/s WHEN sized THEN it fails until high throughput is on', () => {
    const load = { jobsPerSecond: 400, secondsPerJob: 0.1 };
    const r = row(sizeWorkQueue(planWorkQueue({ queueType: QueueType.FIFO, load })), 'FIFO throughput', Scenario.LIMIT);
    expect(r).toMatchObject({ verdict: Verdict.FAIL, capacity: 300, fix: 'set fifo.highThroughput true, or use a STANDARD queue' });
    const high = row(sizeWorkQueue(planWorkQueue({ queueType: QueueType.FIFO, fifo: { highThroughput: true }, load })), 'FIFO throughput', Scenario.LIMIT);
    expect(high).toMatchObject({ verdict: Verdict.PASS, capacity: catalog.QUOTAS.sqs.fifoHighThroughputTransactionsPerSecond.value });
    expect(sizeWorkQueue(planWorkQueue({ load })).some((x) => x.resource === 'FIFO throughput')).toBe(false);
  });

  test('GIVEN messages above 1 MiB WHEN sized THEN the size row fails and points at the payload bucket', () => {
    const r = row(sizeWorkQueue(planWorkQueue({ load: { messageSizeKiB: 2048 } })), 'message size', Scenario.LIMIT);
    expect(r).toMatchObject({ verdict: Verdict.FAIL, demand: 2048 * 1024, capacity: 1_048_576 });
    expect(r.fix).toMatch(/set payloadBucket: \{\}/);
    expect(row(sizeWorkQueue(planWorkQueue({ payloadBucket: {}, load: { messageSizeKiB: 2048 } })), 'message size', Scenario.LIMIT).fix).toMatch(/put the input in the payload bucket/);
  });

  test('GIVEN a template whose visibility timeout breaks the rule WHEN sized THEN the row fails with the exact bound', () => {
    const plan = planWorkQueue({ workers: { kind: WorkerKind.LAMBDA, lambda: { timeoutSeconds: 60 } } });
    const rows = sizeWorkQueue(plan, {}, { ...workQueueTopologyOf(plan), visibilityTimeoutSeconds: 300 });
    expect(row(rows, 'visibility timeout', Scenario.LIMIT)).toMatchObject({ verdict: Verdict.FAIL, fix: 'set visibilityTimeoutSeconds >= 360' });
    expect(row(sizeWorkQueue(plan, {}, { ...workQueueTopologyOf(plan), visibilityTimeoutSeconds: 360 }), 'visibility timeout', Scenario.LIMIT).verdict).toBe(Verdict.PASS);
  });

  test('GIVEN a template without the redrive policy WHEN sized THEN the DLQ row fails', () => {
    const plan = planWorkQueue();
    expect(row(sizeWorkQueue(plan), 'dead-letter queue', Scenario.LIMIT).verdict).toBe(Verdict.PASS);
    const rows = sizeWorkQueue(plan, {}, { ...workQueueTopologyOf(plan), deadLetterQueue: false });
    expect(row(rows, 'dead-letter queue', Scenario.LIMIT)).toMatchObject({ verdict: Verdict.FAIL, fix: 'restore the redrive policy' });
  });

  test('GIVEN a standard queue kept as long as its DLQ WHEN sized THEN a WARN explains the enqueue-time trap', () => {
    const rows = sizeWorkQueue(planWorkQueue({ retentionSeconds: 1_209_600 }));
    const warn = rows.find((r) => r.resource === 'dead-letter queue' && r.verdict === Verdict.WARN);
    expect(warn?.fix).toBe('set retentionSeconds < 1,209,600');
    expect(sizeWorkQueue(planWorkQueue({ queueType: QueueType.FIFO, retentionSeconds: 1_209_600 }))
      .some((r) => r.resource === 'dead-letter queue' && r.verdict === Verdict.WARN)).toBe(false);
  });

  test('GIVEN a latency target WHEN sized THEN Erlang C rows check it in normal operation and with an AZ lost', () => {
    const plan = planWorkQueue({ workers: { minWorkers: 1, maxWorkers: 62 }, load: { ...LOAD, latencyTargetSeconds: 1 } });
    const rows = sizeWorkQueue(plan);
    const normal = row(rows, 'job wait', Scenario.NORMAL);
    const az = row(rows, 'job wait', Scenario.AZ_LOSS);
    expect(normal.metric).toBe('ms p99 queueing delay');
    expect(normal.capacity).toBe(1000);
    expect(az.verdict).toBe(Verdict.FAIL); // 62 -> 41 workers for 60 erlangs
    // one fix for the workers: the latency alone needs 105, the Little's-law AZ-loss row 113
    expect(workersForLatency(20, 3, 1, 0.9, (n) => Math.ceil(n / 3))).toBe(105);
    expect(neededFrom(az.fix)).toBe(113);
    expect(row(rows, 'workers', Scenario.AZ_LOSS).fix).toBe(az.fix);
  });

  test('GIVEN a latency target and a low minimum WHEN sized THEN a WARN asks for the exact minimum', () => {
    const plan = planWorkQueue({ workers: { minWorkers: 1, maxWorkers: 200 }, load: { ...LOAD, latencyTargetSeconds: 10 } });
    const r = row(sizeWorkQueue(plan), 'minimum workers', Scenario.LIMIT);
    expect(r.verdict).toBe(Verdict.WARN);
    const needed = neededFrom(r.fix);
    const at = (min: number) => sizeWorkQueue(planWorkQueue({
      workers: { minWorkers: min, maxWorkers: 200 }, load: { ...LOAD, latencyTargetSeconds: 10 },
    }));
    expect(at(needed).some((x) => x.resource === 'minimum workers')).toBe(false);
    expect(at(needed - 1).some((x) => x.resource === 'minimum workers')).toBe(true);
  });

  test('GIVEN Lambda batching that eats the latency target WHEN sized THEN the wait row fails', () => {
    const plan = planWorkQueue({
      workers: { kind: WorkerKind.LAMBDA, lambda: { batchSize: 100, maxBatchingWindowSeconds: 20, timeoutSeconds: 900 } },
      load: { jobsPerSecond: 1, secondsPerJob: 1, latencyTargetSeconds: 30 },
    });
    expect(row(sizeWorkQueue(plan), 'job wait', Scenario.LIMIT).verdict).toBe(Verdict.FAIL);
  });
});

describe('workQueueNotes', () => {
  test('GIVEN placeholders, a webhook and SQS-managed keys WHEN noted THEN each is said', () => {
    const notes = workQueueNotes(planWorkQueue({ completion: { webhookUrl: 'https://h.example.com' } })).join('\n');
    expect(notes).toMatch(/placeholder image/);
    expect(notes).toMatch(/at least once: workers must be idempotent/);
    expect(notes).toMatch(/aws\/sns key/);
    expect(notes).toMatch(/SubscriptionConfirmation/);
    const lambda = workQueueNotes(planWorkQueue({ queueType: QueueType.FIFO, encryption: QueueEncryption.KMS, workers: { kind: WorkerKind.LAMBDA } })).join('\n');
    expect(lambda).toMatch(/placeholder that fails every message/);
    expect(lambda).toMatch(/message groups/);
    expect(lambda).toMatch(/kms:GenerateDataKey/);
  });
});

describe('properties', () => {
  const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
  const garbage = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }),
    fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }));
  /** Mostly a valid value, sometimes garbage. */
  const mostly = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: a }, { weight: 1, arbitrary: garbage });
  const int = (min: number, max: number) => mostly(fc.integer({ min, max }));
  const dbl = (min: number, max: number) => mostly(fc.double({ min, max, noNaN: true }));
  const arbOptions = fc.record({
    name: opt(mostly(fc.constantFrom('jobs', 'video', 'Bad Name'))),
    queueType: opt(mostly(fc.constantFrom(QueueType.STANDARD, QueueType.FIFO))),
    fifo: opt(mostly(fc.record({ highThroughput: opt(mostly(fc.boolean())), contentBasedDeduplication: opt(fc.boolean()) }))),
    encryption: opt(mostly(fc.constantFrom(QueueEncryption.SQS_MANAGED, QueueEncryption.KMS))),
    retentionSeconds: opt(int(30, 1_300_000)),
    visibilityTimeoutSeconds: opt(int(0, 45_000)),
    receiveWaitSeconds: opt(int(0, 21)),
    azCount: opt(int(1, 7)),
    deadLetter: opt(mostly(fc.record({ maxReceiveCount: opt(int(0, 1001)) }))),
    workers: opt(mostly(fc.record({
      kind: opt(mostly(fc.constantFrom(WorkerKind.FARGATE_SERVICE, WorkerKind.LAMBDA))),
      minWorkers: opt(int(0, 50)),
      maxWorkers: opt(int(1, 300)),
      fargate: opt(mostly(fc.record({
        cpu: opt(mostly(fc.constantFrom(256, 512, 1024, 2048, 4096, 3))),
        memoryMiB: opt(mostly(fc.constantFrom(512, 2048, 4096, 8192, 1000))),
        jobTimeoutSeconds: opt(int(1, 5000)),
        environment: opt(mostly(fc.dictionary(fc.constantFrom('MODE', 'LEVEL', 'API_KEY', '1x'), fc.string({ maxLength: 5 }), { maxKeys: 2 }))),
      }))),
      lambda: opt(mostly(fc.record({
        batchSize: opt(int(1, 20_000)), timeoutSeconds: opt(int(1, 950)), maxBatchingWindowSeconds: opt(int(0, 310)), memoryMB: opt(int(100, 11_000)),
      }))),
    }))),
    completion: opt(mostly(fc.record({ webhookUrl: opt(mostly(fc.oneof(fc.constant('https://h.example.com/x'), fc.webUrl()))) }))),
    payloadBucket: opt(mostly(fc.record({ expirationDays: opt(int(0, 4000)) }))),
    alarms: opt(mostly(fc.record({ oldestMessageAgeSeconds: opt(int(30, 1_300_000)) }))),
    load: opt(mostly(fc.record({
      jobsPerSecond: opt(dbl(0, 200)),
      secondsPerJob: opt(dbl(0, 60)),
      burstJobs: opt(int(0, 10_000)),
      drainSeconds: opt(dbl(0, 5000)),
      latencyTargetSeconds: opt(dbl(0, 600)),
      messageSizeKiB: opt(dbl(0, 4096)),
    }))),
    sizing: opt(mostly(fc.record({ targetUtilization: opt(dbl(0, 1.2)), maxUtilizationOnAzLoss: opt(dbl(0, 1.2)) }))),
  }, { requiredKeys: [] });

  test('arbitrary options either plan (and size without throwing) or throw a ValidationError', () => {
    let planned = 0;
    fc.assert(fc.property(arbOptions, (options) => {
      let plan;
      try {
        plan = planWorkQueue(options as WorkQueueOptions);
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return;
      }
      planned++;
      const rows = sizeWorkQueue(plan);
      expect(rows.length).toBeGreaterThan(0);
      workQueueNotes(plan);
    }), { numRuns: 300 });
    // The generator must reach the planning path, not only the errors.
    expect(planned).toBeGreaterThan(5);
  });

  test('any JSON-ish value as options plans or throws a ValidationError', () => {
    fc.assert(fc.property(fc.anything({ maxDepth: 3 }), (options) => {
      try {
        planWorkQueue(options as WorkQueueOptions);
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
      }
    }), { numRuns: 150 });
  });

  const arbLoad = fc.record({
    kind: fc.constantFrom(WorkerKind.FARGATE_SERVICE, WorkerKind.LAMBDA),
    jobs: fc.double({ min: 0, max: 100, noNaN: true }),
    seconds: fc.double({ min: 0.05, max: 30, noNaN: true }),
    max: fc.integer({ min: 2, max: 300 }),
    latency: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
    burst: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: undefined }),
  });
  const planFor = (l: { kind: WorkerKind; jobs: number; seconds: number; max: number; latency?: number; burst?: number }, max = l.max) =>
    planWorkQueue({
      workers: l.kind === WorkerKind.LAMBDA
        ? { kind: l.kind, maxWorkers: Math.min(1000, Math.max(2, max)) }
        : { kind: l.kind, minWorkers: 0, maxWorkers: max },
      load: {
        jobsPerSecond: l.jobs,
        secondsPerJob: l.seconds,
        latencyTargetSeconds: l.latency,
        ...(l.burst ? { burstJobs: l.burst, drainSeconds: 900 } : {}),
      },
    });

  test('more demand never improves a verdict', () => {
    fc.assert(fc.property(arbLoad, fc.double({ min: 0, max: 100, noNaN: true }), (l, extra) => {
      const plan = planFor(l);
      const before = worst(sizeWorkQueue(plan, { jobsPerSecond: l.jobs }));
      expect(worst(sizeWorkQueue(plan, { jobsPerSecond: l.jobs + extra }))).toBeGreaterThanOrEqual(before);
    }), { numRuns: 120 });
  });

  test('more Fargate workers never worsen a verdict', () => {
    fc.assert(fc.property(arbLoad, fc.integer({ min: 0, max: 200 }), (l, extra) => {
      const f = { ...l, kind: WorkerKind.FARGATE_SERVICE };
      expect(worst(sizeWorkQueue(planFor(f, l.max + extra)))).toBeLessThanOrEqual(worst(sizeWorkQueue(planFor(f))));
    }), { numRuns: 120 });
  });

  test('the workers fix is exact per resource: at the count every workers row (Little\'s law, burst drain, job wait) passes, one less leaves one short', () => {
    fc.assert(fc.property(arbLoad, (l) => {
      const f = { ...l, kind: WorkerKind.FARGATE_SERVICE, max: 1 };
      const group = (count: number) => sizeWorkQueue(planFor(f, count)).filter((x) => (x.fixResource ?? x.resource) === 'workers');
      const failing = group(1).filter((x) => x.verdict !== Verdict.PASS);
      if (failing.length === 0) return;
      expect(new Set(failing.map((x) => x.fix)).size).toBe(1);
      const fix = failing[0].fix!;
      if (!/>= [\d,]+/.test(fix) || / above /.test(fix)) return;
      const n = neededFrom(fix);
      expect(group(n).every((x) => x.verdict === Verdict.PASS)).toBe(true);
      if (n > 1) expect(group(n - 1).some((x) => x.verdict !== Verdict.PASS)).toBe(true);
    }), { numRuns: 60 });
  });

  test('the Lambda concurrency fix is exact', () => {
    fc.assert(fc.property(fc.double({ min: 0.1, max: 50, noNaN: true }), fc.double({ min: 0.05, max: 10, noNaN: true }), (jobs, seconds) => {
      const at = (max: number) => row(sizeWorkQueue(planWorkQueue({
        workers: { kind: WorkerKind.LAMBDA, maxWorkers: max }, load: { jobsPerSecond: jobs, secondsPerJob: seconds },
      })), 'workers', Scenario.NORMAL);
      const r = at(2);
      if (r.verdict === Verdict.PASS) return;
      const n = neededFrom(r.fix);
      if (n > 1000) return;
      expect(at(Math.max(2, n)).verdict).toBe(Verdict.PASS);
      if (n > 2) expect(at(n - 1).verdict).not.toBe(Verdict.PASS);
    }), { numRuns: 60 });
  });

  test('a default plan for a feasible load passes every worker row', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0.05, max: 20, noNaN: true }),
      fc.option(fc.integer({ min: 5, max: 600 }), { nil: undefined }), (jobs, seconds, latency) => {
        const rows = sizeWorkQueue(planWorkQueue({ load: { jobsPerSecond: jobs, secondsPerJob: seconds, latencyTargetSeconds: latency } }));
        expect(rows.filter((r) => ['workers', 'job wait', 'minimum workers'].includes(r.resource)).every((r) => r.verdict === Verdict.PASS)).toBe(true);
      }), { numRuns: 80 });
  });

  test('the Erlang C helper is the smallest count that meets the target', () => {
    fc.assert(fc.property(fc.double({ min: 0.1, max: 50, noNaN: true }), fc.double({ min: 0.05, max: 10, noNaN: true }),
      fc.integer({ min: 1, max: 100 }),
      (jobs, seconds, target) => {
        const n = workersForLatency(jobs, seconds, target, 0.9);
        expect(p99WaitSeconds(jobs, 1 / seconds, n)).toBeLessThanOrEqual(target * 0.9 * (1 + 1e-9));
        if (n > 1) expect(p99WaitSeconds(jobs, 1 / seconds, n - 1)).toBeGreaterThan(target * 0.9);
      }), { numRuns: 100 });
  });
});

describe('the job contract: 202, job id, polling and the completion message', () => {
  test('GIVEN the defaults WHEN planned THEN the API answers 202 with a Location to poll, and both sides get the contract as environment', () => {
    // GIVEN / WHEN: the assumed 10 s per job
    const plan = planWorkQueue({ jobTable: { ttlDays: 14 } });
    // THEN
    expect(plan.jobContract).toEqual({
      acceptedStatusCode: 202,
      statusPathTemplate: '/jobs/{jobId}',
      locationHeader: 'Location',
      pollAfterSeconds: 10,
      finalStatuses: [JobStatus.SUCCEEDED, JobStatus.FAILED],
      completionMessageFields: ['jobId', 'status', 'resultLocation', 'error', 'updatedAt'],
      environment: {
        JOB_STATUS_PATH: '/jobs/{jobId}',
        JOB_POLL_AFTER_SECONDS: '10',
        JOB_TTL_DAYS: '14',
        JOB_STATUS_VALUES: 'QUEUED,RUNNING,SUCCEEDED,FAILED',
      },
    });
    // The fields of the completion message are the job table's attributes.
    const attrs = Object.values(plan.jobTable.attributes);
    expect(plan.jobContract.completionMessageFields.every((f) => attrs.includes(f))).toBe(true);
  });

  test.each([
    [0.2, 1],
    [2.5, 3],
    [45, 45],
    [600, 60],
  ])('GIVEN %d s per job WHEN planned THEN clients are told to poll after %d s', (secondsPerJob, poll) => {
    expect(planWorkQueue({ load: { secondsPerJob } }).jobContract.pollAfterSeconds).toBe(poll);
  });

  test.each(['JOB_STATUS_PATH', 'JOB_POLL_AFTER_SECONDS', 'JOB_TTL_DAYS', 'JOB_STATUS_VALUES'])(
    'GIVEN a worker variable named %s WHEN planned THEN it is rejected: the block sets it', (name) => {
      const issues = issuesOf(() => planWorkQueue({ workers: { fargate: { environment: { [name]: 'x' } } } }));
      expect(issues.map((i) => i.prop)).toEqual([`workers.fargate.environment.${name}`]);
      expect(issues[0].allowed).toMatch(/the block sets those/);
    });
});

describe('messages and defaults rendered from the catalog', () => {
  const q = catalog.QUOTAS;

  test('GIVEN a Lambda consumer WHEN planned THEN the assumed reasons quote the catalog\'s batch, timeout and concurrency limits', () => {
    const plan = planWorkQueue({ workers: { kind: WorkerKind.LAMBDA } });
    const reason = (prop: string): string => plan.assumed.find((a) => a.prop === prop)?.reason ?? '';
    expect(reason('jobs.workers.lambda.batchSize')).toMatch(new RegExp(`at most ${q.lambda.sqsBatchSizeMax.value}$`));
    expect(reason('jobs.workers.lambda.timeoutSeconds')).toContain(`(30..${q.lambda.timeoutMaxSeconds.value} s)`);
    expect(reason('jobs.workers.maxWorkers')).toContain(`${q.lambda.sqsMaxConcurrencyMin.value}..${q.lambda.sqsMaxConcurrencyMax.value.toLocaleString('en-US')}`);
  });

  test('GIVEN a Lambda visibility timeout below the multiplier WHEN planned THEN the message names the catalog\'s multiplier', () => {
    const m = q.sqs.lambdaVisibilityTimeoutMultiplier.value;
    const options: WorkQueueOptions = { visibilityTimeoutSeconds: 100, workers: { kind: WorkerKind.LAMBDA, lambda: { timeoutSeconds: 60 } } };
    const issues = issuesOf(() => planWorkQueue(options));
    expect(issues.map((i) => i.prop)).toEqual(['visibilityTimeoutSeconds']);
    expect(issues[0].allowed).toBe(`at least ${m} x workers.lambda.timeoutSeconds (${m * 60} s): AWS asks for ${m} x the function timeout so Lambda can retry throttled batches`);
  });

  test('GIVEN KMS encryption WHEN planned THEN the data key reuse period is the SQS default from the catalog, and the note says it', () => {
    const plan = planWorkQueue({ encryption: QueueEncryption.KMS });
    expect(plan.kms?.dataKeyReuseSeconds).toBe(q.sqs.kmsDataKeyReuseDefaultSeconds.value);
    expect(workQueueNotes(plan).join('\n')).toMatch(/reused for 300 s/);
  });
});

describe('sizing arithmetic on hand-computed cases', () => {
  test('GIVEN 20 jobs/s of 3 s on 3 AZs WHEN planned THEN max workers is 113: the AZ-loss row needs 75 survivors', () => {
    // Normal: 60 busy workers / (0.7 x 0.9) = 95.2 -> 96. AZ loss: 60 / (n - ceil(n / 3)) <= 0.81 -> 75 survivors -> n = 113
    // (112 leaves 74: 81.1 %, a WARN).
    const plan = planWorkQueue({ load: { jobsPerSecond: 20, secondsPerJob: 3 } });
    expect(plan.workers.maxWorkers).toBe(113);
    const at = (max: number) => row(sizeWorkQueue(planWorkQueue({ workers: { maxWorkers: max }, load: { jobsPerSecond: 20, secondsPerJob: 3 } })),
      'workers', Scenario.AZ_LOSS);
    expect(at(113).verdict).toBe(Verdict.PASS);
    expect(at(112).verdict).toBe(Verdict.WARN);
    expect(at(112).utilization).toBeCloseTo(60 / 74, 9);
    expect(neededFrom(at(100).fix)).toBe(113);
  });

  test('GIVEN 1 job/s of 1 s on 2 workers WHEN the p99 wait is computed THEN it is ln(100 C) / (c mu - lambda) with C = 1/3', () => {
    // Erlang C(2, 1) = (1/2 x 2) / (1 + 1 + 1) = 1/3; p99 wait = ln(33.3) / (2 - 1) = 3.51 s
    expect(p99WaitSeconds(1, 1, 2)).toBeCloseTo(Math.log(100 / 3), 9);
    // With a 3.51 s target (after the 0.9 margin: 3.9 s), 2 workers pass; 1 worker is saturated.
    expect(workersForLatency(1, 1, Math.log(100 / 3) / 0.9, 0.9)).toBe(2);
  });

  test('GIVEN a FIFO queue at 270 and 271 sends/s WHEN sized THEN the quota row is PASS then WARN (90 % of 300)', () => {
    const at = (jobs: number) => row(sizeWorkQueue(planWorkQueue({ queueType: QueueType.FIFO, load: { jobsPerSecond: jobs, secondsPerJob: 0.1 } })),
      'FIFO throughput', Scenario.LIMIT).verdict;
    expect(at(270)).toBe(Verdict.PASS);
    expect(at(271)).toBe(Verdict.WARN);
    expect(at(301)).toBe(Verdict.FAIL);
  });

  test('GIVEN messages of 921.6 and 922 KiB WHEN sized THEN the size row is PASS then WARN (90 % of 1 MiB)', () => {
    const at = (kib: number) => row(sizeWorkQueue(planWorkQueue({ load: { messageSizeKiB: kib } })), 'message size', Scenario.LIMIT).verdict;
    expect(at(921.6)).toBe(Verdict.PASS);
    expect(at(922)).toBe(Verdict.WARN);
    expect(at(1025)).toBe(Verdict.FAIL);
  });
});

describe('planWorkQueue: the worker decisions backends render', () => {
  test('GIVEN a placeholder Lambda worker WHEN planned THEN the plan holds the source both backends deploy, for the plan\'s handler', () => {
    const l = planWorkQueue({ workers: { kind: WorkerKind.LAMBDA, lambda: { handler: 'index.main', runtime: LambdaRuntime.PYTHON_3_13 } } }).workers.lambda!;
    expect(l.handler).toBe('index.main');
    expect(l.placeholderCode!.fileName).toBe('index.py');
    expect(l.placeholderCode!.source).toMatch(/^def main\(event, context\):/);
  });

  test.each([
    ['workers.lambda.handler', { kind: WorkerKind.LAMBDA, lambda: { handler: 'app.main' } }, 'a handler of the index module'],
    ['workers.logRetentionDays', { logRetentionDays: 2 }, 'one of the CloudWatch Logs retention periods'],
  ])('GIVEN %s invalid WHEN planned THEN a ValidationError names it', (prop, workers, allowed) => {
    expect(() => planWorkQueue({ workers: workers as any })).toThrow(new RegExp(`${prop.replace(/\./g, '\\.')}[\\s\\S]*${allowed}`));
  });
});
