import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { SqsQueueRedriveAllowPolicy } from '@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { AssetType, Fn, TerraformAsset, Token } from 'cdktf';
import { Construct } from 'constructs';
import { recordBlock } from './block-metadata';
import {
  assumeRole, BlockNetwork, encryptedLogGroup, encryptionKey, ExistingNetwork,
  networkAzCount, protect, renderAlarm, secretReadStatements, StackContext,
} from './common';
import { renderEcsService, renderEcsTaskDefinition, renderExecutionRolePolicy } from './ecs-service';
import { renderWiringAccess, wiredContainer } from './wiring';
import { WiringTargets } from './wiring-targets';
import { AlarmComparison, resolvePlan } from '../core/blocks/common';
import { CpuArchitecture } from '../core/blocks/load-balanced-api';
import {
  ecsServiceOfWorkers, EncryptionKey, FifoDeduplicationScope, FifoThroughputLimit, LambdaPlaceholderCodePlan, LambdaRuntime, MetricQueryPlan,
  QueuePlan, ScalingAdjustment, WorkerKind,
  WorkQueueAttribute, WorkQueueOptions, WorkQueuePermission, WorkQueuePlan, WorkQueueResource, planWorkQueue,
} from '../core/blocks/work-queue';
import { checkOptionsObject } from '../core/inputs';
import { Rules } from '../core/validation';

/** Props of a Terraform WorkQueue: the neutral options plus where the Fargate workers run. */
export interface WorkQueueProps extends WorkQueueOptions {
  /**
   * An existing network for the Fargate workers: private subnets with egress, at least the
   * workers' AZ count (the first ones are used). Not used by Lambda workers.
   *
   * @default - with Fargate workers, the block creates a network of the workers' AZ count
   */
  readonly network?: ExistingNetwork;
  /**
   * ARN of an existing ECS cluster for the Fargate workers. Its Container Insights must be on:
   * the backlog-per-worker metric reads RunningTaskCount from it.
   *
   * @default - with Fargate workers, the block creates a cluster with Container Insights
   */
  readonly clusterArn?: string;
  /**
   * That the cluster of `clusterArn` has Container Insights on (this app cannot read an existing
   * cluster's settings). The workers scale on backlog per worker, which reads
   * `ECS/ContainerInsights` `RunningTaskCount`: without Container Insights the metric is missing
   * and the workers never scale, so a `clusterArn` without this is rejected.
   *
   * @default - a given clusterArn is rejected
   */
  readonly clusterHasContainerInsights?: boolean;
  /** A plan already resolved (SystemStack passes the plans of its chain). When given, no other block option may be set. */
  readonly plan?: WorkQueuePlan;
  /**
   * The rendered blocks the plan's `workers.wiring` refers to (a SystemStack hands them over): the
   * workers get the wiring's environment and secrets, each block admits them and grants them what
   * the wiring lists, all while the workers are built.
   *
   * @default - none: the plan must have no wiring
   */
  readonly wiringTargets?: WiringTargets;
}

/**
 * Asynchronous jobs, rendered into Terraform: an SQS queue (standard or FIFO) with a dead-letter
 * queue, Fargate workers scaled on backlog per worker or a Lambda consumer with partial batch
 * failures, a DynamoDB job table, an SNS completion topic with an optional HTTPS webhook, an
 * optional payload bucket and the alarms of the plan. An API enqueues jobs through `grantApi` and
 * the variables in `apiEnvironment`, and answers 202 with the job id.
 */
export class WorkQueue extends Construct {
  /** The resolved plan this construct rendered. */
  public readonly plan: WorkQueuePlan;
  /** The job queue. */
  public readonly queue: SqsQueue;
  /** The dead-letter queue of the job queue. */
  public readonly deadLetterQueue: SqsQueue;
  /** The queue of completions SNS failed to deliver to the webhook (with a webhook). */
  public readonly webhookDeadLetterQueue?: SqsQueue;
  /** The DynamoDB job table. */
  public readonly jobTable: DynamodbTable;
  /** The completion topic. */
  public readonly completionTopic: SnsTopic;
  /** The HTTPS webhook subscription (with a webhook). */
  public readonly webhookSubscription?: SnsTopicSubscription;
  /** The payload bucket (when asked for). */
  public readonly payloadBucket?: S3Bucket;
  /** The payload bucket's server access log bucket. */
  public readonly payloadAccessLogBucket?: S3Bucket;
  /** The customer-managed key the block created (encryption KMS without a given key). */
  public readonly key?: KmsKey;
  /** ARN of the customer-managed key (encryption KMS). */
  public readonly keyArn?: string;
  /** The key that encrypts the worker logs (and the created network's flow logs). */
  public readonly logKey: KmsKey;
  /** The network the block created for Fargate workers (absent when one was given, or with Lambda). */
  public readonly network?: BlockNetwork;
  /** The cluster the block created for Fargate workers. */
  public readonly cluster?: EcsCluster;
  /** The workers' log group. */
  public readonly workerLogGroup: CloudwatchLogGroup;
  /** The role the workers' code runs with (the Fargate task role or the Lambda execution role). */
  public readonly workerRole: IamRole;
  /** The Fargate workers' security group (no inbound rules); absent with Lambda workers. */
  public readonly workerSecurityGroup?: SecurityGroup;
  /** The Fargate workers' task definition. */
  public readonly workerTaskDefinition?: EcsTaskDefinition;
  /** The Fargate workers' service. */
  public readonly workerService?: EcsService;
  /** The scalable target of the Fargate workers. */
  public readonly scalableTarget?: AppautoscalingTarget;
  /** Target tracking on backlog per worker (scale-out only). */
  public readonly backlogScaling?: AppautoscalingPolicy;
  /** The step that scales the workers in once the queue is empty. */
  public readonly scaleInPolicy?: AppautoscalingPolicy;
  /** The alarm that fires the scale-in: no visible and no in-flight message. */
  public readonly queueEmptyAlarm?: CloudwatchMetricAlarm;
  /** The Lambda worker. */
  public readonly workerFunction?: LambdaFunction;
  /** The SQS event source of the Lambda worker. */
  public readonly eventSourceMapping?: LambdaEventSourceMapping;
  /** The plan's alarms, in its order. */
  public readonly alarms: CloudwatchMetricAlarm[];
  /** URL of the job queue. */
  public readonly queueUrl: string;
  /** ARN of the job queue. */
  public readonly queueArn: string;
  /** Name of the job table. */
  public readonly jobTableName: string;
  /** ARN of the job table. */
  public readonly jobTableArn: string;
  /** ARN of the completion topic. */
  public readonly completionTopicArn: string;
  /** Name of the payload bucket (when there is one). */
  public readonly payloadBucketName?: string;
  /** The environment the API that enqueues jobs needs: the plan's variables, resolved, and the job contract. */
  public readonly apiEnvironment: { [key: string]: string };
  /** The environment the workers receive: the plan's variables, resolved, and the job contract. */
  public readonly workerEnvironment: { [key: string]: string };
  private grants = 0;

  constructor(scope: Construct, id: string, props: WorkQueueProps = {}) {
    super(scope, id);
    checkOptionsObject(props, this.node.path, 'props', 'WorkQueueProps');
    const { network: givenNetwork, clusterArn: givenClusterArn, clusterHasContainerInsights, plan: givenPlan, wiringTargets, ...options } = props;
    const plan = resolvePlan(options, givenPlan, planWorkQueue, this.node.path,
      { networkAzCount: networkAzCount(givenNetwork, false) });
    this.plan = plan;
    validateExtras(this.node.path, plan, givenNetwork, givenClusterArn, clusterHasContainerInsights);
    const wired = wiredContainer(this.node.path, plan.workers.wiring, wiringTargets);
    const ctx = StackContext.of(this);
    const name = plan.name;

    // --- keys ------------------------------------------------------------------------------------
    if (plan.kms) {
      if (plan.kms.create) {
        this.key = encryptionKey(this, 'Key', `${name}: queues, job table, completion topic and payloads`, plan.kmsKeyDeletionWindowDays);
        allowServicePrincipals(this.key, plan.kms.servicePrincipals);
        protect(this.key, plan.kms.removalPolicy);
        this.keyArn = this.key.arn;
      } else {
        this.keyArn = plan.kms.keyArn;
      }
    }
    this.logKey = encryptionKey(this, 'LogKey', `${name}: worker and flow logs`, plan.kmsKeyDeletionWindowDays, ['logs']);
    const keyArn = this.keyArn;
    const reuse = plan.kms?.dataKeyReuseSeconds;

    // --- queues ----------------------------------------------------------------------------------
    const queueOf = (queueId: string, queueName: string, q: QueuePlan, extra: { redrivePolicy?: string } = {}): SqsQueue => {
      const cmk = q.encryption === EncryptionKey.CUSTOMER_MANAGED;
      const queue = new SqsQueue(this, queueId, {
        name: q.fifo ? `${queueName}.fifo` : queueName,
        fifoQueue: q.fifo ? true : undefined,
        contentBasedDeduplication: q.contentBasedDeduplication,
        deduplicationScope: q.deduplicationScope === undefined ? undefined
          : q.deduplicationScope === FifoDeduplicationScope.MESSAGE_GROUP ? 'messageGroup' : 'queue',
        fifoThroughputLimit: q.fifoThroughputLimit === undefined ? undefined
          : q.fifoThroughputLimit === FifoThroughputLimit.PER_MESSAGE_GROUP_ID ? 'perMessageGroupId' : 'perQueue',
        messageRetentionSeconds: q.retentionSeconds,
        visibilityTimeoutSeconds: q.visibilityTimeoutSeconds,
        receiveWaitTimeSeconds: q.receiveWaitSeconds,
        maxMessageSize: q.maxMessageBytes,
        sqsManagedSseEnabled: cmk ? undefined : q.encryption === EncryptionKey.SQS_MANAGED,
        kmsMasterKeyId: cmk ? keyArn : undefined,
        kmsDataKeyReusePeriodSeconds: cmk ? reuse : undefined,
        redrivePolicy: extra.redrivePolicy,
      });
      protect(queue, q.removalPolicy);
      return queue;
    };
    const dlqPlan = plan.deadLetterQueue;
    this.deadLetterQueue = queueOf('DeadLetterQueue', `${name}-dlq`, dlqPlan);
    this.queue = queueOf('Resource', name, plan.queue, {
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: this.deadLetterQueue.arn, maxReceiveCount: dlqPlan.maxReceiveCount }),
    });
    new SqsQueueRedriveAllowPolicy(this, 'DeadLetterQueueRedriveAllow', {
      queueUrl: this.deadLetterQueue.url,
      redriveAllowPolicy: JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [this.queue.arn] }),
    });
    this.queueUrl = this.queue.url;
    this.queueArn = this.queue.arn;

    // --- job table -------------------------------------------------------------------------------
    const jt = plan.jobTable;
    this.jobTable = new DynamodbTable(this, 'JobTable', {
      name: `${name}-jobs`,
      billingMode: jt.billingMode,
      hashKey: jt.attributes.jobId,
      attribute: [{ name: jt.attributes.jobId, type: 'S' }],
      ttl: { attributeName: jt.ttlAttribute, enabled: true },
      pointInTimeRecovery: { enabled: jt.pointInTimeRecovery },
      deletionProtectionEnabled: jt.deletionProtection,
      serverSideEncryption: jt.encryption === EncryptionKey.CUSTOMER_MANAGED ? { enabled: true, kmsKeyArn: keyArn } : { enabled: true },
    });
    protect(this.jobTable, jt.removalPolicy);
    this.jobTableName = this.jobTable.name;
    this.jobTableArn = this.jobTable.arn;

    // --- completion topic and webhook ------------------------------------------------------------
    const c = plan.completion;
    this.completionTopic = new SnsTopic(this, 'CompletionTopic', {
      name: `${name}-completion`,
      kmsMasterKeyId: c.encryption === EncryptionKey.CUSTOMER_MANAGED ? keyArn : 'alias/aws/sns',
    });
    protect(this.completionTopic, c.removalPolicy);
    new SnsTopicPolicy(this, 'CompletionTopicPolicy', {
      arn: this.completionTopic.arn,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [denyInsecure('sns:Publish', this.completionTopic.arn)] }),
    });
    this.completionTopicArn = this.completionTopic.arn;
    if (c.webhook) {
      this.webhookDeadLetterQueue = queueOf('WebhookDeadLetterQueue', `${name}-webhook-dlq`, c.webhook.deadLetterQueue);
      new SqsQueuePolicy(this, 'WebhookDeadLetterQueuePolicy', {
        queueUrl: this.webhookDeadLetterQueue.url,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            ...(c.webhook.deadLetterQueue.enforceSsl ? [denyInsecure('sqs:*', this.webhookDeadLetterQueue.arn)] : []),
            {
              Sid: 'CompletionTopicDeadLetters',
              Effect: 'Allow',
              Principal: { Service: 'sns.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: this.webhookDeadLetterQueue.arn,
              Condition: { ArnEquals: { 'aws:SourceArn': this.completionTopic.arn } },
            },
          ],
        }),
      });
      this.webhookSubscription = new SnsTopicSubscription(this, 'WebhookSubscription', {
        topicArn: this.completionTopic.arn,
        protocol: 'https',
        endpoint: c.webhook.url,
        rawMessageDelivery: c.webhook.rawMessageDelivery,
        redrivePolicy: JSON.stringify({ deadLetterTargetArn: this.webhookDeadLetterQueue.arn }),
      });
    }
    for (const [queueId, queue, q] of [['ResourcePolicy', this.queue, plan.queue], ['DeadLetterQueuePolicy', this.deadLetterQueue, dlqPlan]] as const) {
      if (q.enforceSsl) {
        new SqsQueuePolicy(this, queueId, {
          queueUrl: queue.url,
          policy: JSON.stringify({ Version: '2012-10-17', Statement: [denyInsecure('sqs:*', queue.arn)] }),
        });
      }
    }

    // --- payload bucket --------------------------------------------------------------------------
    const pb = plan.payloadBucket;
    if (pb) {
      const bucket = new S3Bucket(this, 'PayloadBucket', { bucketPrefix: `${name.slice(0, 28)}-payload-` });
      protect(bucket, pb.removalPolicy);
      this.payloadBucket = bucket;
      this.payloadBucketName = bucket.bucket;
      const cmk = pb.encryption === EncryptionKey.CUSTOMER_MANAGED;
      new S3BucketServerSideEncryptionConfigurationA(this, 'PayloadBucketEncryption', {
        bucket: bucket.id,
        rule: [{
          applyServerSideEncryptionByDefault: { sseAlgorithm: cmk ? 'aws:kms' : 'AES256', kmsMasterKeyId: cmk ? keyArn : undefined },
          bucketKeyEnabled: cmk ? true : undefined,
        }],
      });
      privateBucketControls(this, 'PayloadBucket', bucket, pb.blockPublicAccess, pb.bucketOwnerEnforced, pb.versioned);
      new S3BucketLifecycleConfiguration(this, 'PayloadBucketLifecycle', {
        bucket: bucket.id,
        rule: [{
          id: 'expire-payloads',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: pb.expirationDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: pb.noncurrentVersionExpirationDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: pb.abortIncompleteMultipartUploadDays }],
        }],
      });
      if (pb.enforceSsl) {
        new S3BucketPolicy(this, 'PayloadBucketPolicy', {
          bucket: bucket.id,
          policy: JSON.stringify({ Version: '2012-10-17', Statement: [denyInsecure('s3:*', [bucket.arn, `${bucket.arn}/*`])] }),
        });
      }
      if (pb.serverAccessLogs) {
        // Server access logs are delivered to an SSE-S3 bucket only.
        const logs = new S3Bucket(this, 'PayloadAccessLogBucket', { bucketPrefix: `${name.slice(0, 25)}-payload-logs-` });
        protect(logs, pb.removalPolicy);
        this.payloadAccessLogBucket = logs;
        new S3BucketServerSideEncryptionConfigurationA(this, 'PayloadAccessLogBucketEncryption', {
          bucket: logs.id,
          rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
        });
        privateBucketControls(this, 'PayloadAccessLogBucket', logs, true, true, pb.versioned);
        new S3BucketLifecycleConfiguration(this, 'PayloadAccessLogBucketLifecycle', {
          bucket: logs.id,
          rule: [{
            id: 'expire-access-logs',
            status: 'Enabled',
            filter: [{ prefix: '' }],
            expiration: [{ days: pb.expirationDays }],
            noncurrentVersionExpiration: [{ noncurrentDays: pb.noncurrentVersionExpirationDays }],
          }],
        });
        const logPolicy = new S3BucketPolicy(this, 'PayloadAccessLogBucketPolicy', {
          bucket: logs.id,
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              denyInsecure('s3:*', [logs.arn, `${logs.arn}/*`]),
              {
                Sid: 'ServerAccessLogDelivery',
                Effect: 'Allow',
                Principal: { Service: 'logging.s3.amazonaws.com' },
                Action: 's3:PutObject',
                Resource: `${logs.arn}/*`,
                Condition: { ArnLike: { 'aws:SourceArn': bucket.arn }, StringEquals: { 'aws:SourceAccount': ctx.accountId } },
              },
            ],
          }),
        });
        new S3BucketLoggingA(this, 'PayloadBucketLogging', {
          bucket: bucket.id, targetBucket: logs.id, targetPrefix: 'payload/', dependsOn: [logPolicy],
        });
      }
    }

    // --- environment -----------------------------------------------------------------------------
    const attribute = (a: WorkQueueAttribute): string => {
      switch (a) {
        case WorkQueueAttribute.QUEUE_URL: return this.queue.url;
        case WorkQueueAttribute.JOB_TABLE_NAME: return this.jobTable.name;
        case WorkQueueAttribute.COMPLETION_TOPIC_ARN: return this.completionTopic.arn;
        case WorkQueueAttribute.PAYLOAD_BUCKET_NAME: return this.payloadBucket ? this.payloadBucket.bucket : '';
      }
    };
    const resolveEnv = (env: { [name: string]: WorkQueueAttribute }): { [key: string]: string } =>
      Object.fromEntries(Object.entries(env).map(([k, a]) => [k, attribute(a)]));
    this.apiEnvironment = { ...resolveEnv(plan.apiEnvironment), ...plan.jobContract.environment };
    this.workerEnvironment = { ...resolveEnv(plan.workerEnvironment), ...plan.jobContract.environment };
    const workerStatements = this.statementsFor(plan.workerPermissions);

    // --- workers ---------------------------------------------------------------------------------
    const fargate = plan.workers.fargate;
    const lambda = plan.workers.lambda;
    if (plan.workers.kind === WorkerKind.FARGATE_SERVICE && fargate) {
      let net: ExistingNetwork;
      if (givenNetwork) {
        net = givenNetwork;
      } else {
        this.network = new BlockNetwork(this, 'Network', { azCount: fargate.azCount, logKey: this.logKey, network: plan.createdNetwork });
        net = this.network.toExisting();
      }
      let clusterArn: string;
      let clusterName: string;
      if (givenClusterArn) {
        clusterArn = givenClusterArn;
        clusterName = Fn.element(Fn.split('/', givenClusterArn), 1);
      } else {
        this.cluster = new EcsCluster(this, 'Cluster', {
          name,
          setting: [{ name: 'containerInsights', value: fargate.scaling.containerInsights ? 'enabled' : 'disabled' }],
        });
        clusterArn = this.cluster.arn;
        clusterName = this.cluster.name;
      }
      const servicePlan = ecsServiceOfWorkers(fargate);
      this.workerLogGroup = encryptedLogGroup(this, 'WorkerLogGroup', this.logKey, fargate.ecsService.logRetentionDays);
      const ecsTasks = assumeRole('ecs-tasks.amazonaws.com');
      const executionRole = new IamRole(this, 'WorkerExecutionRole', { assumeRolePolicy: ecsTasks });
      const secretStatements = [...secretReadStatements(fargate.container.secrets), ...wired.secretStatements];
      renderExecutionRolePolicy(this, 'WorkerExecutionRolePolicy', executionRole.id, servicePlan, this.workerLogGroup.arn, secretStatements);
      this.workerRole = new IamRole(this, 'WorkerRole', { assumeRolePolicy: ecsTasks });
      new IamRolePolicy(this, 'WorkerRolePolicy', {
        role: this.workerRole.id,
        policy: JSON.stringify({ Version: '2012-10-17', Statement: workerStatements }),
      });
      const environment = { ...fargate.container.environment, ...this.workerEnvironment, ...wired.environment };
      const secrets = { ...fargate.container.secrets, ...wired.secrets };
      this.workerTaskDefinition = renderEcsTaskDefinition(this, servicePlan, { taskDefinition: 'WorkerTaskDefinition' }, {
        family: `${name}-worker`,
        executionRoleArn: executionRole.arn,
        taskRoleArn: this.workerRole.arn,
        container: { logGroupName: this.workerLogGroup.name, region: ctx.region, environment, secrets },
      });
      const workerSg = this.workerSecurityGroup = new SecurityGroup(this, 'WorkerSecurityGroup', {
        namePrefix: `${name}-workers-`,
        description: `${name}: workers (no inbound traffic)`,
        vpcId: net.vpcId,
        lifecycle: { createBeforeDestroy: true },
      });
      renderWiringAccess(this, plan.workers.wiring, wiringTargets, { tier: 'Workers', securityGroupId: workerSg.id, role: this.workerRole.name });
      new VpcSecurityGroupEgressRule(this, 'WorkerEgress', {
        securityGroupId: workerSg.id,
        description: 'SQS, DynamoDB, SNS, S3 and image pulls',
        ipProtocol: '-1',
        cidrIpv4: '0.0.0.0/0',
      });
      const scaling = fargate.scaling;
      this.workerService = renderEcsService(this, servicePlan, this.workerTaskDefinition, { service: 'WorkerService' }, {
        name: `${name}-worker`,
        clusterArn,
        subnetIds: net.privateSubnetIds.slice(0, fargate.azCount),
        securityGroupIds: [workerSg.id],
      });
      const dimensionsOf = (m: MetricQueryPlan): { [key: string]: string } => (m.resource === WorkQueueResource.WORKER_SERVICE
        ? { ClusterName: clusterName, ServiceName: this.workerService!.name }
        : { QueueName: this.queueOf(m.resource).name });
      this.scalableTarget = new AppautoscalingTarget(this, 'WorkerScalableTarget', {
        serviceNamespace: 'ecs',
        scalableDimension: 'ecs:service:DesiredCount',
        resourceId: `service/${clusterName}/${this.workerService.name}`,
        minCapacity: scaling.minWorkers,
        maxCapacity: scaling.maxWorkers,
      });
      const target = this.scalableTarget;
      const backlog = scaling.backlogPerWorker;
      this.backlogScaling = new AppautoscalingPolicy(this, 'BacklogScaling', {
        name: `${name}-backlog-per-worker`,
        policyType: 'TargetTrackingScaling',
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          targetValue: scaling.acceptableBacklogPerWorker,
          disableScaleIn: scaling.targetTrackingDisableScaleIn,
          scaleOutCooldown: scaling.scaleOutCooldownSeconds,
          customizedMetricSpecification: {
            metrics: [
              ...backlog.metrics.map((m) => ({
                id: m.id,
                returnData: false,
                metricStat: {
                  stat: m.statistic,
                  metric: {
                    namespace: m.namespace,
                    metricName: m.metricName,
                    dimensions: Object.entries(dimensionsOf(m)).map(([k, value]) => ({ name: k, value })),
                  },
                },
              })),
              { id: 'backlog', expression: backlog.expression, label: backlog.label, returnData: true },
            ],
          },
        },
      });
      const scaleIn = scaling.scaleIn;
      const lessOrEqual = scaleIn.comparison === AlarmComparison.LESS_THAN_OR_EQUAL_TO_THRESHOLD;
      this.scaleInPolicy = new AppautoscalingPolicy(this, 'ScaleInWhenEmpty', {
        name: `${name}-scale-in-when-empty`,
        policyType: 'StepScaling',
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        stepScalingPolicyConfiguration: {
          adjustmentType: adjustmentTypeOf(scaleIn.adjustment),
          metricAggregationType: 'Maximum',
          // The whole breaching side of the threshold sets the count.
          stepAdjustment: [lessOrEqual
            ? { scalingAdjustment: scaleIn.capacity, metricIntervalUpperBound: '0' }
            : { scalingAdjustment: scaleIn.capacity, metricIntervalLowerBound: '0' }],
        },
      });
      this.queueEmptyAlarm = new CloudwatchMetricAlarm(this, 'QueueEmpty', {
        alarmName: `${name}-QueueEmpty`,
        alarmDescription: `${scaleIn.metric.label}: none for ${scaleIn.evaluationPeriods} periods, scale the workers in to ${scaleIn.capacity}`,
        comparisonOperator: lessOrEqual ? 'LessThanOrEqualToThreshold' : 'GreaterThanOrEqualToThreshold',
        threshold: scaleIn.threshold,
        evaluationPeriods: scaleIn.evaluationPeriods,
        alarmActions: [this.scaleInPolicy.arn],
        metricQuery: [
          ...scaleIn.metric.metrics.map((m) => ({
            id: m.id,
            returnData: false,
            metric: { namespace: m.namespace, metricName: m.metricName, dimensions: dimensionsOf(m), period: m.periodSeconds, stat: m.statistic },
          })),
          { id: 'messages', expression: scaleIn.metric.expression, label: scaleIn.metric.label, returnData: true },
        ],
      });
    } else if (lambda) {
      const functionName = `${name}-worker`;
      this.workerLogGroup = encryptedLogGroup(this, 'WorkerLogGroup', this.logKey, plan.workers.logRetentionDays, `/aws/lambda/${functionName}`);
      this.workerRole = new IamRole(this, 'WorkerRole', { assumeRolePolicy: assumeRole('lambda.amazonaws.com') });
      new IamRolePolicy(this, 'WorkerRolePolicy', {
        role: this.workerRole.id,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${this.workerLogGroup.arn}:*` },
            ...workerStatements,
          ],
        }),
      });
      const code = new TerraformAsset(this, 'WorkerCode', codeAsset(lambda.codePath, lambda.placeholderCode));
      this.workerFunction = new LambdaFunction(this, 'WorkerFunction', {
        functionName,
        role: this.workerRole.arn,
        runtime: lambda.runtime === LambdaRuntime.PYTHON_3_13 ? 'python3.13' : 'nodejs22.x',
        handler: lambda.handler,
        memorySize: lambda.memoryMB,
        timeout: lambda.timeoutSeconds,
        architectures: [lambda.architecture === CpuArchitecture.ARM64 ? 'arm64' : 'x86_64'],
        filename: code.path,
        sourceCodeHash: Fn.filebase64sha256(code.path),
        environment: { variables: { ...lambda.environment, ...this.workerEnvironment } },
        loggingConfig: { logFormat: 'JSON', logGroup: this.workerLogGroup.name },
        dependsOn: [this.workerLogGroup],
      });
      this.eventSourceMapping = new LambdaEventSourceMapping(this, 'EventSource', {
        eventSourceArn: this.queue.arn,
        functionName: this.workerFunction.arn,
        batchSize: lambda.batchSize,
        maximumBatchingWindowInSeconds: lambda.maxBatchingWindowSeconds,
        functionResponseTypes: lambda.reportBatchItemFailures ? ['ReportBatchItemFailures'] : undefined,
        scalingConfig: { maximumConcurrency: lambda.maxConcurrency },
      });
    } else {
      throw new Error(`${this.node.path}: the plan has no workers of kind ${plan.workers.kind}`);
    }

    // --- alarms ----------------------------------------------------------------------------------
    this.alarms = plan.alarms.map((a) => renderAlarm(this, name, a, { QueueName: this.queueOf(a.resource).name },
      a.actionTopicArn ? [a.actionTopicArn] : undefined));

    // No outputs: the stack's outputs are the user's (the block's properties give the same values), as on the CDK backend.
    recordBlock(this, this.plan);
  }

  /**
   * Lets a role send jobs to the queue (sqs:SendMessage, and the key with encryption KMS).
   *
   * @param roleName name of the IAM role
   */
  public grantSendMessages(roleName: string): IamRolePolicy {
    return this.grant('SendMessages', roleName, [WorkQueuePermission.SEND_MESSAGE]);
  }

  /**
   * Lets a role consume jobs from the queue (receive, delete, change visibility, and the key with encryption KMS).
   *
   * @param roleName name of the IAM role
   */
  public grantConsumeMessages(roleName: string): IamRolePolicy {
    return this.grant('ConsumeMessages', roleName, [WorkQueuePermission.CONSUME_MESSAGES]);
  }

  /**
   * Lets a role create, read and update jobs in the job table.
   *
   * @param roleName name of the IAM role
   */
  public grantJobTableReadWrite(roleName: string): IamRolePolicy {
    return this.grant('JobTableReadWrite', roleName, [WorkQueuePermission.CREATE_JOB, WorkQueuePermission.READ_JOB, WorkQueuePermission.UPDATE_JOB]);
  }

  /**
   * Gives an API's role everything the plan says an API needs to enqueue a job and answer 202
   * (send, create and read jobs, the payload inputs, the key). Pass `apiEnvironment` to the API too.
   *
   * @param roleName name of the IAM role
   */
  public grantApi(roleName: string): IamRolePolicy {
    return this.grant('Api', roleName, this.plan.apiPermissions);
  }

  /**
   * The IAM statements of some of the block's permissions, on this block's resources only (a
   * system's wiring puts the API's in the API's own policy).
   *
   * @param permissions what a role may do on the block's queue, table, topic, bucket and key
   */
  public permissionStatements(permissions: WorkQueuePermission[]): object[] {
    return this.statementsFor(permissions);
  }

  private grant(what: string, roleName: string, permissions: WorkQueuePermission[]): IamRolePolicy {
    const all = this.keyArn !== undefined && !permissions.includes(WorkQueuePermission.USE_KEY)
      ? [...permissions, WorkQueuePermission.USE_KEY] : permissions;
    this.grants += 1;
    return new IamRolePolicy(this, `Grant${this.grants}${what}`, {
      role: roleName,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: this.statementsFor(all) }),
    });
  }

  private queueOf(resource: WorkQueueResource): SqsQueue {
    switch (resource) {
      case WorkQueueResource.JOB_QUEUE: return this.queue;
      case WorkQueueResource.DEAD_LETTER_QUEUE: return this.deadLetterQueue;
      case WorkQueueResource.WEBHOOK_DEAD_LETTER_QUEUE:
        if (this.webhookDeadLetterQueue) return this.webhookDeadLetterQueue;
        break;
      default:
        break;
    }
    throw new Error(`${this.node.path}: no queue for ${resource}`);
  }

  /** IAM statements for the plan's permissions, on this block's resources only. */
  private statementsFor(permissions: WorkQueuePermission[]): object[] {
    const statements: object[] = [];
    const table = this.jobTable.arn;
    const bucket = this.payloadBucket?.arn;
    for (const p of permissions) {
      switch (p) {
        case WorkQueuePermission.SEND_MESSAGE:
          statements.push({ Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], Resource: this.queue.arn });
          break;
        case WorkQueuePermission.CONSUME_MESSAGES:
          statements.push({
            Effect: 'Allow',
            Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
            Resource: this.queue.arn,
          });
          break;
        case WorkQueuePermission.READ_JOB:
          statements.push({ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: table });
          break;
        case WorkQueuePermission.CREATE_JOB:
          statements.push({ Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: table });
          break;
        case WorkQueuePermission.UPDATE_JOB:
          statements.push({ Effect: 'Allow', Action: ['dynamodb:UpdateItem', 'dynamodb:GetItem'], Resource: table });
          break;
        case WorkQueuePermission.PUBLISH_COMPLETION:
          statements.push({ Effect: 'Allow', Action: ['sns:Publish'], Resource: this.completionTopic.arn });
          break;
        case WorkQueuePermission.WRITE_INPUT:
          if (bucket) statements.push({ Effect: 'Allow', Action: ['s3:PutObject'], Resource: `${bucket}/${this.plan.payloadBucket!.inputPrefix}*` });
          break;
        case WorkQueuePermission.READ_PAYLOAD:
          if (bucket) {
            const pb = this.plan.payloadBucket!;
            statements.push({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`${bucket}/${pb.inputPrefix}*`, `${bucket}/${pb.outputPrefix}*`] });
          }
          break;
        case WorkQueuePermission.WRITE_OUTPUT:
          if (bucket) statements.push({ Effect: 'Allow', Action: ['s3:PutObject'], Resource: `${bucket}/${this.plan.payloadBucket!.outputPrefix}*` });
          break;
        case WorkQueuePermission.USE_KEY:
          if (this.keyArn) statements.push({ Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: this.keyArn });
          break;
      }
    }
    return statements;
  }
}

/** Checks the backend extras against the plan. */
function validateExtras(nodePath: string, plan: WorkQueuePlan, network: ExistingNetwork | undefined, clusterArn: string | undefined,
  clusterHasContainerInsights?: boolean): void {
  const rules = new Rules(nodePath);
  const fargate = plan.workers.fargate;
  const lambda = plan.workers.lambda;
  if (network) {
    rules.check('network', '<network>', fargate !== undefined, 'unset with LAMBDA workers (the function runs outside a VPC)');
    if (fargate && !Token.isUnresolved(network.privateSubnetIds)) {
      rules.check('network.privateSubnetIds', network.privateSubnetIds, network.privateSubnetIds.length >= fargate.azCount,
        `at least ${fargate.azCount} private subnets, one per AZ of the workers (azCount ${fargate.azCount})`);
    }
  }
  if (clusterArn !== undefined) {
    rules.check('clusterArn', clusterArn, fargate !== undefined, 'unset with LAMBDA workers');
    rules.check('clusterArn', clusterArn, Token.isUnresolved(clusterArn) || /^arn:aws[a-zA-Z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9_-]+$/.test(clusterArn),
      'an ECS cluster ARN (arn:aws:ecs:<region>:<account>:cluster/<name>)');
    if (fargate?.scaling.containerInsights) {
      rules.check('clusterHasContainerInsights', clusterHasContainerInsights, clusterHasContainerInsights === true,
        'true, once the cluster of clusterArn has Container Insights on (setting containerInsights enabled or enhanced): '
        + 'the workers scale on backlog per worker, which reads ECS/ContainerInsights RunningTaskCount');
    }
  }
  if (clusterHasContainerInsights !== undefined) {
    rules.check('clusterHasContainerInsights', clusterHasContainerInsights, clusterArn !== undefined && typeof clusterHasContainerInsights === 'boolean',
      'true, and only with a clusterArn');
  }
  if (lambda) {
    rules.check('plan.workers.lambda.placeholderCode', lambda.placeholderCode, lambda.codePath !== undefined || lambda.placeholderCode !== undefined,
      'the placeholder code of a plan without workers.lambda.codePath');
  }
  if (lambda?.codePath !== undefined) {
    const p = lambda.codePath;
    const ok = fs.existsSync(p) && (fs.statSync(p).isDirectory() || p.toLowerCase().endsWith('.zip'));
    rules.check('workers.lambda.codePath', p, ok, 'an existing directory or .zip file');
  }
  rules.throwIfInvalid();
}

/**
 * The Lambda code: the given directory (zipped) or .zip, or a placeholder handler that reports
 * every message of a batch as failed, so nothing is lost until the real worker is deployed.
 */
function codeAsset(codePath: string | undefined, placeholder: LambdaPlaceholderCodePlan | undefined): { path: string; type: AssetType } {
  if (codePath !== undefined) {
    return { path: path.resolve(codePath), type: fs.statSync(codePath).isDirectory() ? AssetType.ARCHIVE : AssetType.FILE };
  }
  // validateExtras checked that a plan without codePath holds its placeholder code.
  const code = placeholder!;
  const digest = crypto.createHash('sha256').update(code.fileName).update(code.source).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), `scaleblocks-placeholder-worker-${digest}`);
  const file = path.join(dir, code.fileName);
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== code.source) fs.writeFileSync(file, code.source);
  return { path: dir, type: AssetType.ARCHIVE };
}

function adjustmentTypeOf(a: ScalingAdjustment): string {
  switch (a) {
    case ScalingAdjustment.EXACT_CAPACITY: return 'ExactCapacity';
  }
}

/** Adds a statement to a key policy made by `encryptionKey` that lets AWS service principals use the key. */
function allowServicePrincipals(key: KmsKey, principals: string[]): void {
  if (principals.length === 0 || key.policyInput === undefined) return;
  const doc = JSON.parse(key.policyInput);
  doc.Statement.push({
    Sid: 'ServicePrincipalsUseKey',
    Effect: 'Allow',
    Principal: { Service: principals },
    Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    Resource: '*',
  });
  key.policy = JSON.stringify(doc);
}

function privateBucketControls(scope: Construct, prefix: string, bucket: S3Bucket, blockPublic: boolean, ownerEnforced: boolean,
  versioned: boolean): void {
  if (blockPublic) {
    new S3BucketPublicAccessBlock(scope, `${prefix}PublicAccessBlock`, {
      bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
  }
  if (ownerEnforced) {
    new S3BucketOwnershipControls(scope, `${prefix}Ownership`, { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
  }
  if (versioned) {
    new S3BucketVersioningA(scope, `${prefix}Versioning`, { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
  }
}

function denyInsecure(action: string, resource: string | string[]): object {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: action,
    Resource: resource,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}
