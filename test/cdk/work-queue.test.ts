import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { compliantApp, findingsOf } from './compliance';
import { WorkQueue, WorkQueueProps } from '../../src/cdk/work-queue';
import { Errors, planWorkQueue, QueueEncryption, QueueType, RemovalPolicy, WorkerKind } from '../../src/core';

const LOAD = { jobsPerSecond: 5, secondsPerJob: 10 };
const WEBHOOK = 'https://hooks.example.com/jobs/done';
const ALARM_TOPIC = 'arn:aws:sns:us-east-1:123456789012:ops';
const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:worker-token-AbCdEf';
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/worker:1.0.0';
const ENV = { region: 'us-east-1', account: '123456789012' };

function render(props: WorkQueueProps = { load: LOAD }, stackProps: cdk.StackProps = {}): { jobs: WorkQueue; template: Template } {
  const stack = new cdk.Stack(new cdk.App(), 'Test', stackProps);
  const jobs = new WorkQueue(stack, 'Jobs', props);
  return { jobs, template: Template.fromStack(stack) };
}

function queues(template: Template): { [id: string]: any } {
  return template.findResources('AWS::SQS::Queue');
}

function queueByPrefix(template: Template, prefix: string): any {
  const entry = Object.entries(queues(template)).find(([id]) => id.startsWith(prefix));
  if (!entry) throw new Error(`no queue ${prefix}`);
  return entry[1];
}

function policiesOf(template: Template, rolePrefix: string): any[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p: any) => JSON.stringify(p.Properties.Roles).includes(rolePrefix))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

function actionsOf(statements: any[]): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

describe('WorkQueue (cdk)', () => {
  describe('GIVEN the defaults (standard queue, Fargate workers)', () => {
    const { jobs, template } = render();
    const plan = jobs.plan;

    test('THEN the job queue is SSE-SQS, long-polling, TLS-only, retained, with the plan\'s retention and visibility timeout', () => {
      const q = queueByPrefix(template, 'JobsQueue');
      expect(q.DeletionPolicy).toBe('Retain');
      expect(q.UpdateReplacePolicy).toBe('Retain');
      expect(q.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        ReceiveMessageWaitTimeSeconds: 20,
        MessageRetentionPeriod: plan.queue.retentionSeconds,
        VisibilityTimeout: plan.queue.visibilityTimeoutSeconds,
        MaximumMessageSize: plan.queue.maxMessageBytes,
      });
      expect(plan.queue.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(plan.workers.fargate!.jobTimeoutSeconds);
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: Match.stringLikeRegexp('JobsQueue') }],
        PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
      });
    });

    test('THEN failed jobs move to the dead-letter queue after maxReceiveCount, which only the job queue may redrive into', () => {
      const q = queueByPrefix(template, 'JobsQueue');
      const dlq = queueByPrefix(template, 'JobsDeadLetterQueue');
      expect(q.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [expect.stringMatching(/JobsDeadLetterQueue/), 'Arn'] }, maxReceiveCount: 5 });
      expect(dlq.DeletionPolicy).toBe('Retain');
      expect(dlq.Properties.MessageRetentionPeriod).toBe(1209600);
      expect(dlq.Properties.RedriveAllowPolicy.redrivePermission).toBe('byQueue');
      expect(JSON.stringify(dlq.Properties.RedriveAllowPolicy.sourceQueueArns)).toContain(q.Properties.QueueName);
    });

    test('THEN the job table is on demand, keyed by jobId, with PITR, TTL, deletion protection, encryption and retention', () => {
      template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          KeySchema: [{ AttributeName: 'jobId', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
          DeletionProtectionEnabled: true,
          SSESpecification: { SSEEnabled: true },
        }),
      });
    });

    test('THEN the completion topic is encrypted with aws/sns, TLS-only and retained, without a subscription', () => {
      template.hasResource('AWS::SNS::Topic', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({ KmsMasterKeyId: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([':alias/aws/sns'])]) }) }),
      });
      template.resourceCountIs('AWS::SNS::Subscription', 0);
      template.resourceCountIs('AWS::S3::Bucket', 0);
    });

    test('THEN Fargate workers of the plan\'s size run the placeholder non-root and read-only in private subnets with a circuit breaker', () => {
      template.hasResourceProperties('AWS::ECS::TaskDefinition', {
        Cpu: '1024',
        Memory: '2048',
        RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
        ContainerDefinitions: [Match.objectLike({
          Image: 'public.ecr.aws/docker/library/busybox:stable',
          Command: ['sh', '-c', 'while true; do sleep 3600; done'],
          User: '1000',
          ReadonlyRootFilesystem: true,
        })],
      });
      const service = Object.values(template.findResources('AWS::ECS::Service'))[0].Properties;
      expect(service.DesiredCount).toBeUndefined();
      expect(service.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp).toBe('DISABLED');
      expect(service.DeploymentConfiguration.DeploymentCircuitBreaker).toEqual({ Enable: true, Rollback: true });
      template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        MinCapacity: plan.workers.minWorkers,
        MaxCapacity: plan.workers.maxWorkers,
      });
    });

    test('THEN the workers scale out on backlog per worker (metric math), never in through target tracking', () => {
      const s = plan.workers.fargate!.scaling;
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: s.acceptableBacklogPerWorker,
          DisableScaleIn: true,
          ScaleOutCooldown: s.scaleOutCooldownSeconds,
          CustomizedMetricSpecification: {
            Metrics: [
              Match.objectLike({ Id: 'visible', ReturnData: false, MetricStat: Match.objectLike({ Stat: 'Maximum', Metric: Match.objectLike({ MetricName: 'ApproximateNumberOfMessagesVisible' }) }) }),
              Match.objectLike({ Id: 'running', MetricStat: Match.objectLike({ Metric: Match.objectLike({ Namespace: 'ECS/ContainerInsights', MetricName: 'RunningTaskCount' }) }) }),
              { Id: 'backlog', Expression: 'IF(running > 0, visible / running, visible)', Label: 'Backlog per worker', ReturnData: true },
            ],
          },
        },
      });
    });

    test('THEN the workers scale in to minWorkers only once the queue holds no visible and no in-flight message', () => {
      const s = plan.workers.fargate!.scaling.scaleIn;
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'StepScaling',
        StepScalingPolicyConfiguration: Match.objectLike({ AdjustmentType: 'ExactCapacity', StepAdjustments: [{ MetricIntervalUpperBound: 0, ScalingAdjustment: s.capacity }] }),
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        ComparisonOperator: 'LessThanOrEqualToThreshold',
        Threshold: 0,
        EvaluationPeriods: s.evaluationPeriods,
        AlarmActions: [{ Ref: Match.stringLikeRegexp('JobsScaleInWhenEmpty') }],
        Metrics: Match.arrayWith([Match.objectLike({ Expression: 'visible + inflight' }), Match.objectLike({ Id: 'inflight' })]),
      });
    });

    test('THEN the DLQ-not-empty and oldest-message alarms follow the plan\'s AlarmPlans', () => {
      for (const a of plan.alarms) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: a.metricName,
          Namespace: 'AWS/SQS',
          Threshold: a.threshold,
          EvaluationPeriods: a.evaluationPeriods,
          Statistic: a.statistic,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
        });
      }
      expect(jobs.alarms.map((a) => a.node.id)).toEqual(['DeadLetterQueueNotEmpty', 'OldestMessageTooOld']);
    });

    test('THEN the workers get the job contract as environment and only the plan\'s permissions', () => {
      const container = Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0].Properties.ContainerDefinitions[0];
      const env = Object.fromEntries(container.Environment.map((e: { Name: string; Value: unknown }) => [e.Name, e.Value]));
      expect(env).toMatchObject({
        QUEUE_URL: { Ref: expect.stringMatching(/JobsQueue/) },
        JOB_TABLE: { Ref: expect.stringMatching(/JobsJobTable/) },
        COMPLETION_TOPIC_ARN: { Ref: expect.stringMatching(/JobsCompletionTopic/) },
        JOB_STATUS_PATH: '/jobs/{jobId}',
        JOB_POLL_AFTER_SECONDS: String(plan.jobContract.pollAfterSeconds),
      });
      const actions = actionsOf(policiesOf(template, 'JobsTaskDefinitionTaskRole'));
      expect(actions).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'dynamodb:UpdateItem', 'dynamodb:GetItem', 'sns:Publish']));
      expect(actions).not.toContain('sqs:SendMessage');
      expect(actions).not.toContain('dynamodb:PutItem');
      expect(actions.some((a) => a.startsWith('s3:'))).toBe(false);
    });

    test('THEN an API can be granted its part of the contract and given its environment', () => {
      expect(Object.keys(jobs.apiEnvironment).sort()).toEqual(['JOB_POLL_AFTER_SECONDS', 'JOB_STATUS_PATH', 'JOB_STATUS_VALUES', 'JOB_TABLE', 'JOB_TTL_DAYS', 'QUEUE_URL']);
      expect(jobs.apiEnvironment.JOB_STATUS_VALUES).toBe('QUEUED,RUNNING,SUCCEEDED,FAILED');
      expect(jobs.metricApproximateAgeOfOldestMessage().metricName).toBe('ApproximateAgeOfOldestMessage');
      expect(jobs.metricDeadLetterMessages().metricName).toBe('ApproximateNumberOfMessagesVisible');
      expect(jobs.metricBacklogPerWorker().expression).toBe('IF(running > 0, visible / running, visible)');
    });
  });

  test('GIVEN an API role THEN grantApi lets it enqueue, create and read jobs, and nothing else', () => {
    const stack = new cdk.Stack(new cdk.App(), 'Test');
    const jobs = new WorkQueue(stack, 'Jobs', { load: LOAD });
    const role = new iam.Role(stack, 'ApiRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    jobs.grantApi(role);
    const actions = actionsOf(policiesOf(Template.fromStack(stack), 'ApiRole'));
    expect(actions).toEqual(expect.arrayContaining(['sqs:SendMessage', 'dynamodb:PutItem', 'dynamodb:GetItem']));
    expect(actions).not.toContain('sqs:ReceiveMessage');
    expect(actions).not.toContain('dynamodb:UpdateItem');
  });

  test('GIVEN a role THEN the single grants give one capability each', () => {
    const stack = new cdk.Stack(new cdk.App(), 'Test');
    const jobs = new WorkQueue(stack, 'Jobs', { load: LOAD });
    const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    const writer = new iam.Role(stack, 'Writer', { assumedBy: new iam.AccountRootPrincipal() });
    jobs.grantReadJobs(reader);
    jobs.grantWriteJobs(writer);
    jobs.grantSendMessages(writer);
    const template = Template.fromStack(stack);
    expect(actionsOf(policiesOf(template, 'Reader'))).toEqual(['dynamodb:GetItem']);
    expect(actionsOf(policiesOf(template, 'Writer'))).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'sqs:SendMessage']));
  });

  describe('GIVEN FIFO, KMS, a webhook, a payload bucket and an alarm topic', () => {
    const { jobs, template } = render({
      queueType: QueueType.FIFO,
      fifo: { highThroughput: true },
      encryption: QueueEncryption.KMS,
      completion: { webhookUrl: WEBHOOK, rawMessageDelivery: true },
      payloadBucket: { expirationDays: 14 },
      alarms: { alarmTopicArn: ALARM_TOPIC },
      workers: { fargate: { image: IMAGE, secrets: { WORKER_TOKEN: SECRET }, environment: { MODE: 'video' } } },
      load: LOAD,
    }, { env: ENV });

    test('THEN both queues are FIFO, high-throughput, content-deduplicated and encrypted with the block\'s rotating key', () => {
      const q = queueByPrefix(template, 'JobsQueue');
      expect(q.Properties).toMatchObject({
        FifoQueue: true,
        ContentBasedDeduplication: true,
        DeduplicationScope: 'messageGroup',
        FifoThroughputLimit: 'perMessageGroupId',
        KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/JobsKey/), 'Arn'] },
        KmsDataKeyReusePeriodSeconds: jobs.plan.kms!.dataKeyReuseSeconds,
      });
      expect(q.Properties.QueueName).toMatch(/\.fifo$/);
      expect(queueByPrefix(template, 'JobsDeadLetterQueue').Properties.FifoQueue).toBe(true);
      template.hasResource('AWS::KMS::Key', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({ EnableKeyRotation: true, Description: Match.stringLikeRegexp('queues, job table') }),
      });
    });

    test('THEN the table and the topic use the same key, and the key lets SNS deliver to the webhook dead-letter queue', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('JobsKey'), 'Arn'] } },
      });
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('JobsKey'), 'Arn'] } });
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'sns.amazonaws.com' }, Action: ['kms:GenerateDataKey*', 'kms:Decrypt'] })]) },
      });
    });

    test('THEN the webhook subscribes over HTTPS with raw delivery and a dead-letter queue that alarms', () => {
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'https',
        Endpoint: WEBHOOK,
        RawMessageDelivery: true,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('JobsWebhookDeadLetterQueue'), 'Arn'] } },
      });
      expect(queueByPrefix(template, 'JobsWebhookDeadLetterQueue').Properties.FifoQueue).toBeUndefined();
      expect(jobs.alarms.map((a) => a.node.id)).toContain('WebhookDeadLetterQueueNotEmpty');
    });

    test('THEN every alarm notifies the alarm topic', () => {
      for (const id of ['DeadLetterQueueNotEmpty', 'OldestMessageTooOld', 'WebhookDeadLetterQueueNotEmpty']) {
        const alarm = Object.entries(template.findResources('AWS::CloudWatch::Alarm')).find(([k]) => k.startsWith(`Jobs${id}`))![1];
        expect(alarm.Properties.AlarmActions).toEqual([ALARM_TOPIC]);
      }
    });

    test('THEN the payload bucket is private, versioned, KMS-encrypted, TLS-only, logged, expiring and retained', () => {
      template.hasResource('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ BucketKeyEnabled: true, ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
          VersioningConfiguration: { Status: 'Enabled' },
          PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicAcls: true, RestrictPublicBuckets: true }),
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
          LoggingConfiguration: Match.objectLike({ DestinationBucketName: { Ref: Match.stringLikeRegexp('JobsPayloadAccessLogs') } }),
          LifecycleConfiguration: {
            Rules: [Match.objectLike({
              ExpirationInDays: 14, NoncurrentVersionExpiration: { NoncurrentDays: 7 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            })],
          },
        }),
      });
    });

    test('THEN the workers may read inputs and write outputs under their prefixes, and use the key', () => {
      const statements = policiesOf(template, 'JobsTaskDefinitionTaskRole');
      const put = statements.find((s) => s.Action === 's3:PutObject');
      expect(JSON.stringify(put.Resource)).toContain('/output/*');
      expect(JSON.stringify(put.Resource)).not.toContain('/input/*');
      const get = statements.find((s) => s.Action === 's3:GetObject');
      expect(JSON.stringify(get.Resource)).toContain('/input/*');
      expect(actionsOf(statements)).toEqual(expect.arrayContaining(['kms:GenerateDataKey', 'kms:Decrypt']));
      expect(Object.keys(jobs.workerEnvironment)).toContain('PAYLOAD_BUCKET');
    });

    test('THEN the worker image, its plain environment and its secret (by ARN, never a value) are rendered', () => {
      template.hasResourceProperties('AWS::ECS::TaskDefinition', {
        ContainerDefinitions: [Match.objectLike({
          Image: IMAGE,
          Command: Match.absent(),
          Environment: Match.arrayWith([{ Name: 'MODE', Value: 'video' }]),
          Secrets: [{ Name: 'WORKER_TOKEN', ValueFrom: SECRET }],
        })],
      });
    });
  });

  describe('GIVEN a Lambda consumer', () => {
    const { jobs, template } = render({
      workers: { kind: WorkerKind.LAMBDA, lambda: { batchSize: 5, maxBatchingWindowSeconds: 2 } }, load: { jobsPerSecond: 5, secondsPerJob: 2 },
    });
    const l = jobs.plan.workers.lambda!;

    test('THEN the function has the plan\'s memory, timeout, architecture and runtime, and logs to the encrypted group', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        MemorySize: l.memoryMB,
        Timeout: l.timeoutSeconds,
        Architectures: ['arm64'],
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('JobsWorkerLogs') } },
      });
      template.resourceCountIs('AWS::ECS::Service', 0);
      template.resourceCountIs('AWS::EC2::VPC', 0);
    });

    test('THEN the event source reads the plan\'s batch with partial batch failures and the maximum concurrency', () => {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: 5,
        MaximumBatchingWindowInSeconds: 2,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: l.maxConcurrency },
        EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('JobsQueue'), 'Arn'] },
      });
      expect(queueByPrefix(template, 'JobsQueue').Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * l.timeoutSeconds);
    });
  });

  test('GIVEN DESTROY removal policies THEN the queues, topic and table follow them', () => {
    const { template } = render({ removalPolicy: RemovalPolicy.DESTROY, jobTable: { removalPolicy: RemovalPolicy.DESTROY }, load: LOAD });
    for (const q of Object.values(queues(template))) expect(q.DeletionPolicy).toBe('Delete');
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
    template.hasResource('AWS::SNS::Topic', { DeletionPolicy: 'Delete' });
  });

  test('GIVEN a worker count change THEN every stateful resource keeps its logical id', () => {
    const ids = (maxWorkers: number): string[] => {
      const { template } = render({ workers: { minWorkers: 1, maxWorkers }, payloadBucket: {}, completion: { webhookUrl: WEBHOOK }, load: LOAD });
      return ['AWS::SQS::Queue', 'AWS::DynamoDB::Table', 'AWS::SNS::Topic', 'AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::Logs::LogGroup']
        .flatMap((t) => Object.keys(template.findResources(t))).sort();
    };
    const before = ids(10);
    expect(before.length).toBeGreaterThanOrEqual(8);
    expect(ids(11)).toEqual(before);
    const { template } = render({ workers: { minWorkers: 1, maxWorkers: 10 }, load: LOAD });
    expect(queueByPrefix(template, 'JobsQueue').Properties.QueueName).toBe(queueByPrefix(render({ workers: { minWorkers: 1, maxWorkers: 11 }, load: LOAD }).template, 'JobsQueue').Properties.QueueName);
  });

  test('GIVEN a plan THEN the construct renders it', () => {
    const plan = planWorkQueue({ name: 'videos', queueType: QueueType.FIFO, load: LOAD }, { path: 'queue' });
    const { jobs, template } = render({ plan });
    expect(jobs.plan).toBe(plan);
    expect(queueByPrefix(template, 'JobsQueue').Properties.FifoQueue).toBe(true);
  });

  test.each<[string, (s: cdk.Stack, vpc: ec2.Vpc) => ecs.ICluster, boolean | undefined]>([
    ['a cluster created with Container Insights', (s, vpc) => new ecs.Cluster(s, 'C', { vpc, containerInsightsV2: ecs.ContainerInsights.ENHANCED }), undefined],
    ['an imported cluster said to have Container Insights', (s, vpc) => ecs.Cluster.fromClusterAttributes(s, 'C', { clusterName: 'shared', vpc }), true],
  ])('GIVEN %s THEN the workers run on it', (_what, cluster, said) => {
    const stack = new cdk.Stack(new cdk.App(), 'Test');
    const vpc = new ec2.Vpc(stack, 'V', { maxAzs: 3 });
    const c = cluster(stack, vpc);
    // An env-agnostic stack's VPC has two AZs.
    const jobs = new WorkQueue(stack, 'Jobs', { vpc, cluster: c, azCount: 2, ...(said !== undefined ? { clusterHasContainerInsights: said } : {}), load: LOAD });
    expect(jobs.cluster).toBe(c);
  });

  describe('GIVEN bad props', () => {
    const plan = planWorkQueue({ load: LOAD });
    test.each<[string, (stack: cdk.Stack) => WorkQueueProps, RegExp]>([
      ['a plan and options', () => ({ plan, queueType: QueueType.FIFO }), /plan/],
      ['a VPC of fewer AZs than azCount', (s) => ({ vpc: new ec2.Vpc(s, 'Small', { maxAzs: 2 }), azCount: 3, load: LOAD }), /vpc/],
      ['a VPC with LAMBDA workers', (s) => ({ vpc: new ec2.Vpc(s, 'V', { maxAzs: 2 }), workers: { kind: WorkerKind.LAMBDA }, load: LOAD }), /vpc/],
      ['a cluster with LAMBDA workers', (s) => ({ cluster: new ecs.Cluster(s, 'C'), workers: { kind: WorkerKind.LAMBDA }, load: LOAD }), /cluster/],
      ['a cluster in another VPC', (s) => ({ vpc: new ec2.Vpc(s, 'One', { maxAzs: 3 }), cluster: new ecs.Cluster(s, 'C', { vpc: new ec2.Vpc(s, 'Two') }), load: LOAD }), /cluster/],
      ['a cluster with Container Insights off (the workers scale on its RunningTaskCount)', (s) => {
        const vpc = new ec2.Vpc(s, 'V', { maxAzs: 3 });
        return { vpc, cluster: new ecs.Cluster(s, 'C', { vpc, containerInsightsV2: ecs.ContainerInsights.DISABLED }), load: LOAD };
      }, /cluster = "[^"]*\(Container Insights off\)": must be a cluster with Container Insights on \(containerInsightsV2: ENABLED or ENHANCED\)/],
      ['an imported cluster not said to have Container Insights', (s) => {
        const vpc = new ec2.Vpc(s, 'V', { maxAzs: 3 });
        return { vpc, cluster: ecs.Cluster.fromClusterAttributes(s, 'C', { clusterName: 'shared', vpc }), load: LOAD };
      }, /\(Container Insights unknown\)": must be a cluster with Container Insights on: create it with containerInsightsV2 ENABLED, or.*set clusterHasContainerInsights: true/],
      ['clusterHasContainerInsights without a cluster', () => ({ clusterHasContainerInsights: true, load: LOAD }), /clusterHasContainerInsights = true: must be true, and only with a given cluster/],
      ['a Lambda minimum', () => ({ workers: { kind: WorkerKind.LAMBDA, minWorkers: 2 }, load: LOAD }), /workers\.minWorkers/],
      ['a visibility timeout below the job timeout', () => ({ visibilityTimeoutSeconds: 10, workers: { fargate: { jobTimeoutSeconds: 60 } }, load: LOAD }), /visibilityTimeoutSeconds/],
    ])('%s THEN a ValidationError names the prop', (_what, props, prop) => {
      const stack = new cdk.Stack(new cdk.App(), 'Test');
      let error: unknown;
      try {
        new WorkQueue(stack, 'Jobs', props(stack));
      } catch (e) {
        error = e;
      }
      expect(Errors.isValidationError(error)).toBe(true);
      expect(() => { throw error; }).toThrow(prop);
    });
  });

  describe('compliance (cdk-nag AwsSolutions and Control Tower cfn-guard)', () => {
    test.each<[string, WorkQueueProps, cdk.StackProps]>([
      ['the defaults (env-agnostic)', { load: LOAD }, {}],
      ['a Lambda consumer', { workers: { kind: WorkerKind.LAMBDA }, load: { jobsPerSecond: 5, secondsPerJob: 2 } }, {}],
      ['FIFO, KMS, webhook, payload bucket, alarm topic (us-east-1)', {
        queueType: QueueType.FIFO,
        encryption: QueueEncryption.KMS,
        completion: { webhookUrl: WEBHOOK },
        payloadBucket: {},
        alarms: { alarmTopicArn: ALARM_TOPIC },
        load: LOAD,
      }, { env: ENV }],
      ['SSE-SQS with webhook and payload bucket', { completion: { webhookUrl: WEBHOOK }, payloadBucket: {}, load: LOAD }, {}],
    ])('GIVEN %s THEN both packs pass', (_name, props, stackProps) => {
      const app = compliantApp();
      const stack = new cdk.Stack(app, 'Test', stackProps);
      new WorkQueue(stack, 'Jobs', props);
      expect(findingsOf(app)).toEqual([]);
    });
  });

  describe('snapshots', () => {
    test.each<[string, WorkQueueProps]>([
      ['defaults', { load: LOAD }],
      ['lambda', { workers: { kind: WorkerKind.LAMBDA }, load: { jobsPerSecond: 5, secondsPerJob: 2 } }],
      ['fifo-kms-webhook-bucket', {
        queueType: QueueType.FIFO,
        encryption: QueueEncryption.KMS,
        completion: { webhookUrl: WEBHOOK },
        payloadBucket: {},
        alarms: { alarmTopicArn: ALARM_TOPIC },
        load: LOAD,
      }],
    ])('%s', (_name, props) => {
      expect(render(props).template.toJSON()).toMatchSnapshot();
    });
  });
});
