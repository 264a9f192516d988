import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { TfTemplate } from './template';
import { ExistingNetwork } from '../../src/cdktf/common';
import { WorkQueue, WorkQueueProps } from '../../src/cdktf/work-queue';
import {
  Errors, JobTableBillingMode, LambdaRuntime, planWorkQueue, QueueEncryption, QueueType, RemovalPolicy, WorkerKind,
} from '../../src/core';

const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555';
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:ops-alarms';
const NETWORK: ExistingNetwork = {
  vpcId: 'vpc-0123',
  vpcCidr: '10.20.0.0/16',
  privateSubnetIds: ['subnet-priv1', 'subnet-priv2', 'subnet-priv3'],
};
const LAMBDA = { kind: WorkerKind.LAMBDA };

function stack(): TerraformStack {
  const app: App = Testing.app();
  const s = new TerraformStack(app, 'test');
  new AwsProvider(s, 'aws', { region: 'eu-west-1' });
  return s;
}

function synth(props: WorkQueueProps = {}, use?: (wq: WorkQueue) => void): { t: TfTemplate; wq: WorkQueue } {
  const s = stack();
  const wq = new WorkQueue(s, 'Jobs', props);
  use?.(wq);
  return { t: TfTemplate.synth(s), wq };
}

function queueNamed(t: TfTemplate, name: string): { [key: string]: any } {
  const found = t.find('aws_sqs_queue', { name });
  expect(found.map((r) => r.attributes.name)).toEqual([name]);
  return found[0].attributes;
}

function statementsOf(policy: string): any[] {
  return JSON.parse(policy).Statement;
}

describe('WorkQueue (Terraform)', () => {
  describe('GIVEN the defaults (standard queue, Fargate workers)', () => {
    const { t, wq } = synth({ load: { jobsPerSecond: 5, secondsPerJob: 10 } }, (q) => new TerraformOutput(q, 'TestApiEnvironment', { value: q.apiEnvironment }));
    const p = wq.plan;

    test('THEN the job queue is SSE-SQS encrypted, long-polls, keeps the plan\'s retention and visibility, and is retained', () => {
      expect(queueNamed(t, 'jobs')).toMatchObject({
        sqs_managed_sse_enabled: true,
        receive_wait_time_seconds: 20,
        message_retention_seconds: p.queue.retentionSeconds,
        visibility_timeout_seconds: p.queue.visibilityTimeoutSeconds,
        max_message_size: p.queue.maxMessageBytes,
        lifecycle: { prevent_destroy: true },
      });
      expect(p.queue.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(p.workers.fargate!.jobTimeoutSeconds);
      expect(queueNamed(t, 'jobs').fifo_queue).toBeUndefined();
    });

    test('THEN failed jobs move to a retained dead-letter queue after maxReceiveCount receives, and only the job queue may use it', () => {
      const dlq = t.find('aws_sqs_queue', { name: 'jobs-dlq' })[0];
      expect(dlq.attributes).toMatchObject({
        message_retention_seconds: 1209600, sqs_managed_sse_enabled: true, lifecycle: { prevent_destroy: true },
      });
      expect(JSON.parse(queueNamed(t, 'jobs').redrive_policy)).toEqual({ deadLetterTargetArn: `\${aws_sqs_queue.${dlq.name}.arn}`, maxReceiveCount: 5 });
      const allow = t.only('aws_sqs_queue_redrive_allow_policy').attributes;
      expect(allow.queue_url).toBe(`\${aws_sqs_queue.${dlq.name}.url}`);
      expect(JSON.parse(allow.redrive_allow_policy)).toEqual({ redrivePermission: 'byQueue', sourceQueueArns: [expect.stringContaining('.arn}')] });
      expect(JSON.parse(allow.redrive_allow_policy).sourceQueueArns[0]).not.toContain('DeadLetterQueue');
    });

    test('THEN both queues deny requests without TLS', () => {
      const policies = t.resources('aws_sqs_queue_policy');
      expect(policies).toHaveLength(2);
      for (const policy of policies) {
        expect(statementsOf(policy.attributes.policy)).toEqual([expect.objectContaining({
          Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })]);
      }
    });

    test('THEN the job table is on demand, keyed by jobId, with TTL, PITR, deletion protection, encryption, and retained', () => {
      expect(t.only('aws_dynamodb_table').attributes).toMatchObject({
        billing_mode: 'PAY_PER_REQUEST',
        hash_key: 'jobId',
        attribute: [{ name: 'jobId', type: 'S' }],
        ttl: { attribute_name: 'expiresAt', enabled: true },
        point_in_time_recovery: { enabled: true },
        deletion_protection_enabled: true,
        server_side_encryption: { enabled: true },
        lifecycle: { prevent_destroy: true },
      });
    });

    test('THEN the completion topic is encrypted with aws/sns, TLS-only, retained, with no webhook', () => {
      expect(t.only('aws_sns_topic').attributes).toMatchObject({ kms_master_key_id: 'alias/aws/sns', lifecycle: { prevent_destroy: true } });
      expect(statementsOf(t.only('aws_sns_topic_policy').attributes.policy)[0]).toMatchObject({
        Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
      t.resourceCountIs('aws_sns_topic_subscription', 0);
      t.resourceCountIs('aws_s3_bucket', 0);
    });

    test('THEN Fargate workers run in private subnets without inbound rules, with the plan\'s size and a circuit breaker', () => {
      const f = p.workers.fargate!;
      expect(t.only('aws_ecs_service').attributes).toMatchObject({
        launch_type: 'FARGATE',
        desired_count: f.scaling.minWorkers,
        lifecycle: { ignore_changes: ['desired_count'] },
        deployment_circuit_breaker: { enable: true, rollback: true },
        network_configuration: { assign_public_ip: false, subnets: [expect.stringContaining('Private1'), expect.stringContaining('Private2'), expect.stringContaining('Private3')] },
      });
      expect(t.only('aws_ecs_task_definition').attributes).toMatchObject({
        cpu: String(f.compute.cpu), memory: String(f.compute.memoryMiB), runtime_platform: { cpu_architecture: 'ARM64' },
      });
      t.resourceCountIs('aws_vpc_security_group_ingress_rule', 0);
      expect(t.only('aws_ecs_cluster').attributes.setting).toEqual([{ name: 'containerInsights', value: 'enabled' }]);
    });

    test('THEN the workers scale out on backlog per worker (visible / running tasks, by metric math) and never in by target tracking', () => {
      const s = p.workers.fargate!.scaling;
      expect(t.only('aws_appautoscaling_target').attributes).toMatchObject({ min_capacity: s.minWorkers, max_capacity: s.maxWorkers });
      const tracking = t.find('aws_appautoscaling_policy', { policy_type: 'TargetTrackingScaling' })[0].attributes.target_tracking_scaling_policy_configuration;
      expect(tracking).toMatchObject({
        target_value: s.acceptableBacklogPerWorker,
        disable_scale_in: true,
        scale_out_cooldown: s.scaleOutCooldownSeconds,
      });
      expect(tracking.customized_metric_specification.metrics).toEqual([
        {
          id: 'visible',
          return_data: false,
          metric_stat: { stat: 'Maximum', metric: { namespace: 'AWS/SQS', metric_name: 'ApproximateNumberOfMessagesVisible', dimensions: [{ name: 'QueueName', value: expect.stringMatching(/^\$\{aws_sqs_queue\.Jobs_[0-9A-F]+\.name\}$/) }] } },
        },
        {
          id: 'running',
          return_data: false,
          metric_stat: {
            stat: 'Average',
            metric: {
              namespace: 'ECS/ContainerInsights',
              metric_name: 'RunningTaskCount',
              dimensions: [{ name: 'ClusterName', value: expect.stringContaining('aws_ecs_cluster') }, { name: 'ServiceName', value: expect.stringContaining('aws_ecs_service') }],
            },
          },
        },
        { id: 'backlog', expression: 'IF(running > 0, visible / running, visible)', label: 'Backlog per worker', return_data: true },
      ]);
    });

    test('THEN the workers scale in to minWorkers only after the queue holds no visible and no in-flight message', () => {
      const s = p.workers.fargate!.scaling;
      const step = t.find('aws_appautoscaling_policy', { policy_type: 'StepScaling' })[0];
      expect(step.attributes.step_scaling_policy_configuration).toMatchObject({
        adjustment_type: 'ExactCapacity', step_adjustment: [{ scaling_adjustment: s.minWorkers, metric_interval_upper_bound: '0' }],
      });
      const alarm = t.find('aws_cloudwatch_metric_alarm', { alarm_name: 'jobs-QueueEmpty' })[0].attributes;
      expect(alarm).toMatchObject({
        comparison_operator: 'LessThanOrEqualToThreshold',
        threshold: 0,
        evaluation_periods: s.scaleIn.evaluationPeriods,
        alarm_actions: [`\${aws_appautoscaling_policy.${step.name}.arn}`],
      });
      expect(alarm.metric_query.map((q: any) => q.metric?.metric_name ?? q.expression))
        .toEqual(['ApproximateNumberOfMessagesVisible', 'ApproximateNumberOfMessagesNotVisible', 'visible + inflight']);
    });

    test('THEN the workers get the queue, table and topic and the job contract as environment, and only their permissions', () => {
      const env = JSON.parse(t.only('aws_ecs_task_definition').attributes.container_definitions)[0].environment;
      const byName = Object.fromEntries(env.map((e: any) => [e.name, e.value]));
      expect(byName).toMatchObject({
        QUEUE_URL: expect.stringContaining('.url}'),
        JOB_TABLE: expect.stringContaining('aws_dynamodb_table'),
        COMPLETION_TOPIC_ARN: expect.stringContaining('aws_sns_topic'),
        ...p.jobContract.environment,
      });
      const role = t.find('aws_iam_role_policy', { role: expect.stringContaining('WorkerRole_') })[0];
      const actions = statementsOf(role.attributes.policy).flatMap((s) => s.Action);
      expect(actions).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'dynamodb:UpdateItem', 'sns:Publish']));
      expect(actions).not.toContain('sqs:SendMessage');
    });

    test('THEN a DLQ-not-empty and an oldest-message alarm render the plan\'s AlarmPlans', () => {
      const dlqAlarm = t.find('aws_cloudwatch_metric_alarm', { alarm_name: 'jobs-DeadLetterQueueNotEmpty' })[0].attributes;
      expect(dlqAlarm).toMatchObject({
        metric_name: 'ApproximateNumberOfMessagesVisible',
        threshold: 1,
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        dimensions: { QueueName: expect.stringContaining('DeadLetterQueue') },
      });
      const age = p.alarms.find((a) => a.id === 'OldestMessageTooOld')!;
      expect(t.find('aws_cloudwatch_metric_alarm', { alarm_name: 'jobs-OldestMessageTooOld' })[0].attributes).toMatchObject({
        metric_name: 'ApproximateAgeOfOldestMessage', threshold: age.threshold, treat_missing_data: 'notBreaching',
      });
      expect(dlqAlarm.alarm_actions).toBeUndefined();
    });

    test('THEN the API environment names the queue and the table, with the job contract, and the block adds no output', () => {
      const env = Object.entries(t.outputs()).find(([k]) => k.includes('TestApiEnvironment'))![1].value;
      expect(env).toEqual({
        QUEUE_URL: expect.stringMatching(/^\$\{aws_sqs_queue\.Jobs_[0-9A-F]+\.url\}$/),
        JOB_TABLE: expect.stringMatching(/^\$\{aws_dynamodb_table\.Jobs_JobTable_[0-9A-F]+\.name\}$/),
        ...p.jobContract.environment,
      });
      // The block adds no output of its own (the stack's outputs are the user's, as on the CDK backend).
      expect(Object.keys(t.outputs()).filter((k) => !k.includes('TestApiEnvironment'))).toHaveLength(0);
    });
  });

  describe('GIVEN a FIFO queue in high-throughput mode', () => {
    const { t } = synth({ queueType: QueueType.FIFO, fifo: { highThroughput: true } });

    test('THEN both queues are FIFO with content-based deduplication, per message group', () => {
      expect(queueNamed(t, 'jobs.fifo')).toMatchObject({
        fifo_queue: true, content_based_deduplication: true, deduplication_scope: 'messageGroup', fifo_throughput_limit: 'perMessageGroupId',
      });
      expect(queueNamed(t, 'jobs-dlq.fifo')).toMatchObject({ fifo_queue: true });
    });
  });

  test('GIVEN a FIFO queue THEN deduplication is per queue by default', () => {
    const { t } = synth({ queueType: QueueType.FIFO });
    expect(queueNamed(t, 'jobs.fifo')).toMatchObject({ deduplication_scope: 'queue', fifo_throughput_limit: 'perQueue' });
  });

  test('GIVEN maxReceiveCount, retention and visibility THEN the queues carry them', () => {
    const { t } = synth({ deadLetter: { maxReceiveCount: 3 }, retentionSeconds: 86400, visibilityTimeoutSeconds: 600, receiveWaitSeconds: 10 });
    expect(queueNamed(t, 'jobs')).toMatchObject({ message_retention_seconds: 86400, visibility_timeout_seconds: 600, receive_wait_time_seconds: 10 });
    expect(JSON.parse(queueNamed(t, 'jobs').redrive_policy).maxReceiveCount).toBe(3);
  });

  describe('GIVEN encryption KMS with a webhook and a payload bucket', () => {
    const { t, wq } = synth({ encryption: QueueEncryption.KMS, completion: { webhookUrl: 'https://hooks.example.com/jobs', rawMessageDelivery: true }, payloadBucket: {} },
      (q) => new TerraformOutput(q, 'TestApiEnvironment', { value: q.apiEnvironment }));

    test('THEN one rotated customer-managed key encrypts the queues, the table, the topic and the bucket', () => {
      const key = t.resources('aws_kms_key').find((r) => r.name.startsWith('Jobs_Key_'))!;
      expect(key.attributes).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
      const ref = `\${aws_kms_key.${key.name}.arn}`;
      for (const q of t.resources('aws_sqs_queue')) {
        expect(q.attributes).toMatchObject({ kms_master_key_id: ref, kms_data_key_reuse_period_seconds: wq.plan.kms!.dataKeyReuseSeconds });
        expect(q.attributes.sqs_managed_sse_enabled).toBeUndefined();
      }
      expect(t.only('aws_dynamodb_table').attributes.server_side_encryption).toEqual({ enabled: true, kms_key_arn: ref });
      expect(t.only('aws_sns_topic').attributes.kms_master_key_id).toBe(ref);
      expect(t.find('aws_s3_bucket_server_side_encryption_configuration', { bucket: expect.stringContaining('PayloadBucket_') })[0].attributes.rule)
        .toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: ref }, bucket_key_enabled: true }]);
    });

    test('THEN the key policy lets SNS deliver to the encrypted webhook dead-letter queue', () => {
      const key = t.resources('aws_kms_key').find((r) => r.name.startsWith('Jobs_Key_'))!;
      expect(statementsOf(key.attributes.policy)).toContainEqual(expect.objectContaining({
        Principal: { Service: ['sns.amazonaws.com'] }, Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      }));
    });

    test('THEN the webhook is an HTTPS subscription whose failed deliveries go to a dead-letter queue SNS may write, which alarms', () => {
      const dlq = t.find('aws_sqs_queue', { name: 'jobs-webhook-dlq' })[0];
      expect(t.only('aws_sns_topic_subscription').attributes).toMatchObject({
        protocol: 'https',
        endpoint: 'https://hooks.example.com/jobs',
        raw_message_delivery: true,
        redrive_policy: JSON.stringify({ deadLetterTargetArn: `\${aws_sqs_queue.${dlq.name}.arn}` }),
      });
      const policy = t.find('aws_sqs_queue_policy', { queue_url: `\${aws_sqs_queue.${dlq.name}.url}` })[0];
      expect(statementsOf(policy.attributes.policy)).toContainEqual(expect.objectContaining({
        Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Condition: { ArnEquals: { 'aws:SourceArn': expect.stringContaining('aws_sns_topic') } },
      }));
      t.hasResourceWithProperties('aws_cloudwatch_metric_alarm', { alarm_name: 'jobs-WebhookDeadLetterQueueNotEmpty', dimensions: { QueueName: `\${aws_sqs_queue.${dlq.name}.name}` } });
    });

    test('THEN the payload bucket is private, versioned, TLS-only, expiring, logged to an SSE-S3 log bucket, and retained', () => {
      const pb = wq.plan.payloadBucket!;
      const bucket = t.resources('aws_s3_bucket').find((r) => r.name.startsWith('Jobs_PayloadBucket_'))!;
      const logs = t.resources('aws_s3_bucket').find((r) => r.name.startsWith('Jobs_PayloadAccessLogBucket_'))!;
      expect(bucket.attributes.lifecycle).toEqual({ prevent_destroy: true });
      const on = (type: string): { [key: string]: any } => t.find(type, { bucket: `\${aws_s3_bucket.${bucket.name}.id}` })[0].attributes;
      expect(on('aws_s3_bucket_public_access_block')).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
      expect(on('aws_s3_bucket_ownership_controls').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
      expect(on('aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
      expect(on('aws_s3_bucket_lifecycle_configuration').rule[0]).toMatchObject({
        expiration: [{ days: pb.expirationDays }],
        noncurrent_version_expiration: [{ noncurrent_days: pb.noncurrentVersionExpirationDays }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: pb.abortIncompleteMultipartUploadDays }],
      });
      expect(statementsOf(on('aws_s3_bucket_policy').policy)[0]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
      expect(on('aws_s3_bucket_logging')).toMatchObject({ target_bucket: `\${aws_s3_bucket.${logs.name}.id}`, target_prefix: 'payload/' });
      expect(t.find('aws_s3_bucket_server_side_encryption_configuration', { bucket: `\${aws_s3_bucket.${logs.name}.id}` })[0].attributes.rule)
        .toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
      const env = Object.entries(t.outputs()).find(([k]) => k.includes('TestApiEnvironment'))![1].value;
      expect(env.PAYLOAD_BUCKET).toBe(`\${aws_s3_bucket.${bucket.name}.bucket}`);
    });
  });

  test('GIVEN an existing KMS key THEN no data key is created and every resource uses the given one', () => {
    const { t } = synth({ encryption: QueueEncryption.KMS, kmsKeyArn: KEY_ARN });
    expect(t.resources('aws_kms_key').map((r) => r.name)).toEqual([expect.stringMatching(/^Jobs_LogKey_/)]);
    expect(queueNamed(t, 'jobs').kms_master_key_id).toBe(KEY_ARN);
    expect(t.only('aws_dynamodb_table').attributes.server_side_encryption).toEqual({ enabled: true, kms_key_arn: KEY_ARN });
  });

  describe('GIVEN Lambda workers', () => {
    const { t, wq } = synth({ workers: LAMBDA, load: { jobsPerSecond: 20, secondsPerJob: 2 } });
    const l = wq.plan.workers.lambda!;

    test('THEN a function with the plan\'s memory, timeout, architecture and runtime consumes the queue with partial batch failures', () => {
      expect(t.only('aws_lambda_function').attributes).toMatchObject({
        memory_size: l.memoryMB,
        timeout: l.timeoutSeconds,
        architectures: ['arm64'],
        runtime: 'nodejs22.x',
        handler: 'index.handler',
        filename: expect.stringMatching(/^assets\/.*\/archive\.zip$/),
        logging_config: { log_group: expect.stringContaining('WorkerLogGroup') },
      });
      expect(t.only('aws_lambda_event_source_mapping').attributes).toEqual(expect.objectContaining({
        event_source_arn: expect.stringMatching(/^\$\{aws_sqs_queue\.Jobs_[0-9A-F]+\.arn\}$/),
        batch_size: l.batchSize,
        maximum_batching_window_in_seconds: l.maxBatchingWindowSeconds,
        function_response_types: ['ReportBatchItemFailures'],
        scaling_config: { maximum_concurrency: l.maxConcurrency },
      }));
      expect(wq.plan.queue.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * l.timeoutSeconds);
      expect(queueNamed(t, 'jobs').visibility_timeout_seconds).toBe(wq.plan.queue.visibilityTimeoutSeconds);
    });

    test('THEN no ECS, no network, and an encrypted log group named for the function', () => {
      t.resourceCountIs('aws_ecs_service', 0);
      t.resourceCountIs('aws_vpc', 0);
      t.resourceCountIs('aws_appautoscaling_target', 0);
      expect(t.only('aws_cloudwatch_log_group').attributes).toMatchObject({
        name: '/aws/lambda/jobs-worker', kms_key_id: expect.stringContaining('LogKey'), lifecycle: { prevent_destroy: true },
      });
      const role = t.only('aws_iam_role_policy').attributes;
      expect(statementsOf(role.policy).flatMap((s) => s.Action)).toEqual(expect.arrayContaining(['logs:PutLogEvents', 'sqs:ReceiveMessage', 'sqs:DeleteMessage']));
    });
  });

  test('GIVEN a Lambda code directory and Python THEN the function packages it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wq-code-'));
    fs.writeFileSync(path.join(dir, 'main.py'), 'def run(event, context):\n    return {"batchItemFailures": []}\n');
    const { t } = synth({ workers: { kind: WorkerKind.LAMBDA, lambda: { codePath: dir, runtime: LambdaRuntime.PYTHON_3_13, handler: 'main.run' } } });
    expect(t.only('aws_lambda_function').attributes).toMatchObject({ runtime: 'python3.13', handler: 'main.run', filename: expect.stringMatching(/archive\.zip$/) });
  });

  test('GIVEN the job table options THEN PITR, deletion protection and protection on removal follow them', () => {
    const { t } = synth({ jobTable: { pointInTimeRecovery: false, deletionProtection: false, removalPolicy: RemovalPolicy.DESTROY, ttlDays: 7 } });
    const table = t.only('aws_dynamodb_table').attributes;
    expect(table).toMatchObject({ point_in_time_recovery: { enabled: false }, deletion_protection_enabled: false });
    expect(table.lifecycle).toBeUndefined();
  });

  test('GIVEN removalPolicy DESTROY THEN the queues and topic are not protected', () => {
    const { t } = synth({ removalPolicy: RemovalPolicy.DESTROY });
    for (const q of t.resources('aws_sqs_queue')) expect(q.attributes.lifecycle).toBeUndefined();
    expect(t.only('aws_sns_topic').attributes.lifecycle).toBeUndefined();
  });

  test('GIVEN an alarm topic THEN every plan alarm notifies it', () => {
    const { t } = synth({ alarms: { alarmTopicArn: TOPIC_ARN, oldestMessageAgeSeconds: 600 } });
    const alarms = t.resources('aws_cloudwatch_metric_alarm').filter((r) => r.attributes.alarm_name !== 'jobs-QueueEmpty');
    expect(alarms).toHaveLength(2);
    for (const a of alarms) expect(a.attributes.alarm_actions).toEqual([TOPIC_ARN]);
    t.hasResourceWithProperties('aws_cloudwatch_metric_alarm', { alarm_name: 'jobs-OldestMessageTooOld', threshold: 600 });
  });

  describe('GIVEN grants to an API role and a worker role', () => {
    const { t } = synth({ payloadBucket: {}, encryption: QueueEncryption.KMS }, (wq) => {
      wq.grantApi('api-task-role');
      wq.grantSendMessages('producer');
      wq.grantConsumeMessages('consumer');
      wq.grantJobTableReadWrite('poller');
    });
    const grant = (role: string): any[] => statementsOf(t.find('aws_iam_role_policy', { role })[0].attributes.policy);

    test('THEN the API may send, create and read jobs, upload inputs and use the key, and nothing else', () => {
      const statements = grant('api-task-role');
      expect(statements.flatMap((s) => s.Action)).toEqual([
        'sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'dynamodb:PutItem', 'dynamodb:GetItem', 's3:PutObject', 's3:GetObject',
        'kms:GenerateDataKey', 'kms:Decrypt',
      ]);
      expect(statements.find((s) => s.Action.includes('s3:PutObject')).Resource).toMatch(/\/input\/\*$/);
    });

    test('THEN each grant names its own resources and adds the key', () => {
      expect(grant('producer').flatMap((s) => s.Action)).toEqual(['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'kms:GenerateDataKey', 'kms:Decrypt']);
      expect(grant('consumer').flatMap((s) => s.Action)).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'kms:Decrypt']));
      expect(grant('poller').flatMap((s) => s.Action)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem']));
      expect(grant('poller')[0].Resource).toMatch(/^\$\{aws_dynamodb_table\..*\.arn\}$/);
    });
  });

  test('GIVEN an existing network and cluster THEN the workers use them', () => {
    const arn = 'arn:aws:ecs:eu-west-1:123456789012:cluster/shared';
    const { t } = synth({ network: NETWORK, clusterArn: arn, clusterHasContainerInsights: true, azCount: 2 });
    t.resourceCountIs('aws_vpc', 0);
    t.resourceCountIs('aws_ecs_cluster', 0);
    expect(t.only('aws_ecs_service').attributes).toMatchObject({ cluster: arn, network_configuration: { subnets: ['subnet-priv1', 'subnet-priv2'] } });
    expect(t.only('aws_security_group').attributes.vpc_id).toBe('vpc-0123');
  });

  test('GIVEN a resolved plan THEN it renders the same as its options', () => {
    const options = { queueType: QueueType.FIFO, workers: LAMBDA };
    const byOptions = synth(options).t.json.resource;
    const s = stack();
    new WorkQueue(s, 'Jobs', { plan: planWorkQueue(options, { path: 'test/Jobs' }) });
    expect(TfTemplate.synth(s).json.resource).toEqual(byOptions);
  });

  test.each<[string, (n: number) => WorkQueueProps]>([
    ['Fargate workers', (n) => ({ workers: { minWorkers: n, maxWorkers: n + 4 }, payloadBucket: {}, completion: { webhookUrl: 'https://hooks.example.com/x' } })],
    ['Lambda workers', (n) => ({ workers: { kind: WorkerKind.LAMBDA, maxWorkers: n + 2 } })],
  ])('GIVEN %s with a count N then N+1 THEN no resource is renamed', (_, props) => {
    const names = (n: number): string[] => synth(props(n)).t.allResources().map((r) => `${r.type}.${r.name}`).sort();
    expect(names(2)).toEqual(names(3));
  });

  test.each<[string, WorkQueueProps, RegExp]>([
    ['a network with Lambda workers', { workers: LAMBDA, network: NETWORK }, /network/],
    ['too few private subnets', { network: { ...NETWORK, privateSubnetIds: ['subnet-a'] } }, /network\.privateSubnetIds/],
    ['a cluster with Lambda workers', { workers: LAMBDA, clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/shared' }, /clusterArn/],
    ['a malformed cluster ARN', { clusterArn: 'shared' }, /clusterArn/],
    ['an existing cluster not said to have Container Insights (the workers scale on its RunningTaskCount)',
      { network: NETWORK, clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/shared', azCount: 2 },
      /clusterHasContainerInsights = undefined: must be true, once the cluster of clusterArn has Container Insights on/],
    ['clusterHasContainerInsights without a clusterArn', { clusterHasContainerInsights: true }, /clusterHasContainerInsights = true: must be true, and only with a clusterArn/],
    ['a missing Lambda code path', { workers: { kind: WorkerKind.LAMBDA, lambda: { codePath: '/nonexistent/scaleblocks/worker' } } }, /workers\.lambda\.codePath/],
    ['a plan and options', { plan: planWorkQueue({}), name: 'other' }, /plan/],
    ['a plan with a provisioned job table (the plan holds no capacities)',
      { plan: { ...planWorkQueue({}), jobTable: { ...planWorkQueue({}).jobTable, billingMode: 'PROVISIONED' as JobTableBillingMode } } }, /jobTable\.billingMode/],
    ['an invalid neutral option', { deadLetter: { maxReceiveCount: 0 } }, /deadLetter\.maxReceiveCount/],
  ])('GIVEN %s THEN a ValidationError names the prop', (_, props, prop) => {
    let error: unknown;
    try {
      new WorkQueue(stack(), 'Jobs', props);
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(() => { throw error; }).toThrow(prop);
  });

  test.each<[string, WorkQueueProps]>([
    ['a standard queue with Fargate workers', { load: { jobsPerSecond: 5, secondsPerJob: 10 } }],
    ['Lambda workers with KMS, a webhook and a payload bucket', {
      workers: LAMBDA,
      encryption: QueueEncryption.KMS,
      completion: { webhookUrl: 'https://hooks.example.com/jobs' },
      payloadBucket: {},
      alarms: { alarmTopicArn: TOPIC_ARN },
    }],
    ['a high-throughput FIFO queue in an existing network and cluster', {
      queueType: QueueType.FIFO, fifo: { highThroughput: true }, network: NETWORK, clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/shared', clusterHasContainerInsights: true,
    }],
  ])('GIVEN %s THEN the Terraform JSON matches the snapshot', (_, props) => {
    expect(synth(props).t.json).toMatchSnapshot();
  });
});
