import * as cdk from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as lambdaEvents from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { recordBlock } from './block-metadata';
import { acknowledge, allowLogsToUse, azCountFix, blockVpc, encryptedLogGroup, encryptionKey, renderAlarm, toRemovalPolicy, vpcAzCount } from './common';
import { renderEcsService, renderEcsTask } from './ecs-service';
import { renderWiringAccess, wiredContainer } from './wiring';
import { WiringTargets } from './wiring-targets';
import { resolvePlan } from '../core/blocks/common';
import { CpuArchitecture } from '../core/blocks/load-balanced-api';
import {
  ecsServiceOfWorkers, EncryptionKey, FifoDeduplicationScope, FifoThroughputLimit, JobTableBillingMode, LambdaRuntime, MetricMathPlan, planWorkQueue,
  QueuePlan, WorkQueueAttribute,
  WorkQueueOptions, WorkQueuePermission, WorkQueuePlan, WorkQueueResource,
} from '../core/blocks/work-queue';
import { checkOptionsObject } from '../core/inputs';
import { Rules } from '../core/validation';

/** Props of a WorkQueue: the neutral options plus the CDK extras. */
export interface WorkQueueProps extends WorkQueueOptions {
  /**
   * The VPC of the Fargate workers (FARGATE_SERVICE only): private subnets in at least `azCount` AZs.
   *
   * @default - a VPC of `azCount` AZs with public, private and isolated subnets, a NAT gateway per AZ and encrypted flow logs
   */
  readonly vpc?: ec2.IVpc;
  /**
   * The ECS cluster of the Fargate workers (FARGATE_SERVICE only), with Container Insights on
   * (the backlog-per-worker metric reads its RunningTaskCount).
   *
   * @default - a cluster with Container Insights on
   */
  readonly cluster?: ecs.ICluster;
  /**
   * That the given `cluster` has Container Insights on, for a cluster whose settings this app
   * cannot read (imported with `Cluster.fromClusterAttributes`, or created without
   * `containerInsightsV2`, which leaves it to the account's default). The workers scale on backlog
   * per worker, which reads `ECS/ContainerInsights` `RunningTaskCount`: without Container Insights
   * the metric is missing and the workers never scale.
   *
   * @default - read from the cluster when this app created it with `containerInsightsV2`; otherwise a given cluster is rejected
   */
  readonly clusterHasContainerInsights?: boolean;
  /**
   * A plan already resolved (SystemStack passes the plans of its chain). When given, no other
   * block option may be set.
   *
   * @default - resolved from the options
   */
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
 * Asynchronous jobs (seed §4): an SQS queue (standard or FIFO) with a dead-letter queue, Fargate
 * workers scaled on backlog per worker or a Lambda consumer with partial batch failures, a DynamoDB
 * job table behind the 202 + job id + polling contract, an SNS completion topic with an optional
 * HTTPS webhook, an optional payload bucket, and alarms.
 */
export class WorkQueue extends Construct {
  /** The resolved plan this construct renders. */
  public readonly plan: WorkQueuePlan;
  /** The job queue. */
  public readonly queue: sqs.Queue;
  /** The dead-letter queue of the job queue. */
  public readonly deadLetterQueue: sqs.Queue;
  /** The dead-letter queue of the webhook subscription (with a webhook). */
  public readonly webhookDeadLetterQueue?: sqs.Queue;
  /** The job table (partition key `jobId`). */
  public readonly jobTable: dynamodb.Table;
  /** The completion topic. */
  public readonly completionTopic: sns.Topic;
  /** The payload bucket (when asked for). */
  public readonly payloadBucket?: s3.Bucket;
  /** The server access log bucket of the payload bucket. */
  public readonly payloadAccessLogBucket?: s3.Bucket;
  /** The block's customer-managed key (encryption KMS). */
  public readonly key?: kms.IKey;
  /** The key of the workers' log groups (and of the VPC flow logs when the block creates the VPC). */
  public readonly logKey: kms.Key;
  /** The workers' log group. */
  public readonly logGroup: logs.LogGroup;
  /** The VPC of the Fargate workers. */
  public readonly vpc?: ec2.IVpc;
  /** The ECS cluster of the Fargate workers. */
  public readonly cluster?: ecs.ICluster;
  /** The Fargate worker service. */
  public readonly service?: ecs.FargateService;
  /** The Fargate worker task definition. */
  public readonly taskDefinition?: ecs.FargateTaskDefinition;
  /** The Fargate workers' security group (no ingress). */
  public readonly securityGroup?: ec2.SecurityGroup;
  /** The auto scaling of the Fargate worker count. */
  public readonly scalableTaskCount?: ecs.ScalableTaskCount;
  /** The alarm that scales the Fargate workers in once the queue is empty. */
  public readonly queueEmptyAlarm?: cloudwatch.Alarm;
  /** The Lambda consumer. */
  public readonly consumerFunction?: lambda.Function;
  /** The alarms of the plan, by plan id (`DeadLetterQueueNotEmpty`, `OldestMessageTooOld`...). */
  public readonly alarms: cloudwatch.Alarm[];
  /** The job queue's URL. */
  public readonly queueUrl: string;
  /** The job queue's ARN. */
  public readonly queueArn: string;
  /** The job table's name. */
  public readonly jobTableName: string;
  /** The completion topic's ARN. */
  public readonly completionTopicArn: string;
  /** Environment variables for the API that enqueues jobs (the plan's apiEnvironment and the job contract). */
  public readonly apiEnvironment: { [name: string]: string };
  /** Environment variables for the workers (the plan's workerEnvironment and the job contract). */
  public readonly workerEnvironment: { [name: string]: string };

  constructor(scope: Construct, id: string, props: WorkQueueProps = {}) {
    super(scope, id);
    checkOptionsObject(props, this.node.path, 'props', 'WorkQueueProps');
    // Server access logs of the payload bucket are granted by bucket policy, so the log bucket keeps ACLs off.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const { vpc: givenVpc, cluster: givenCluster, clusterHasContainerInsights, plan: givenPlan, wiringTargets, ...options } = props;
    const plan = resolvePlan(options, givenPlan, planWorkQueue, this.node.path,
      { networkAzCount: vpcAzCount(givenVpc ?? givenCluster?.vpc, false) });
    this.plan = plan;
    const fargate = plan.workers.fargate;

    // --- backend-specific input ---------------------------------------------------------------
    const rules = new Rules(this.node.path);
    if (!fargate) {
      rules.check('vpc', givenVpc?.node.path, givenVpc === undefined, 'unset with LAMBDA workers (the consumer calls only AWS APIs)');
      rules.check('cluster', givenCluster?.node.path, givenCluster === undefined, 'unset with LAMBDA workers');
    }
    const inputVpc = givenVpc ?? givenCluster?.vpc;
    if (givenVpc && givenCluster) rules.check('cluster', givenCluster.node.path, givenCluster.vpc === givenVpc, 'a cluster in the given vpc');
    if (givenCluster && fargate?.scaling.containerInsights) {
      const insights = containerInsightsOf(givenCluster);
      rules.check('cluster', `${givenCluster.node.path} (Container Insights ${insights === undefined ? 'unknown' : insights ? 'on' : 'off'})`,
        insights === true || (insights === undefined && clusterHasContainerInsights === true),
        insights === false
          ? 'a cluster with Container Insights on (containerInsightsV2: ENABLED or ENHANCED): the workers scale on backlog per worker, which reads ECS/ContainerInsights RunningTaskCount'
          : 'a cluster with Container Insights on: create it with containerInsightsV2 ENABLED, or, for a cluster whose settings this app cannot read, '
            + 'set clusterHasContainerInsights: true once it has them (the workers scale on ECS/ContainerInsights RunningTaskCount)');
    }
    if (clusterHasContainerInsights !== undefined) {
      rules.check('clusterHasContainerInsights', clusterHasContainerInsights, givenCluster !== undefined && typeof clusterHasContainerInsights === 'boolean',
        'true, and only with a given cluster');
    }
    if (fargate && inputVpc) {
      rules.check('vpc', `${inputVpc.availabilityZones.length} AZs`, inputVpc.availabilityZones.length >= fargate.azCount,
        `a VPC spanning at least azCount (${fargate.azCount}) Availability Zones${azCountFix('azCount')}`);
      const privateSubnets = inputVpc.privateSubnets.length + inputVpc.isolatedSubnets.length;
      rules.check('vpc', `${privateSubnets} private subnets`, privateSubnets > 0, 'a VPC with private subnets (the workers never get a public IP)');
    }
    rules.throwIfInvalid();
    const wired = wiredContainer(this.node.path, plan.workers.wiring, wiringTargets);

    // --- keys ---------------------------------------------------------------------------------
    if (plan.kms) {
      if (plan.kms.create) {
        const key = encryptionKey(this, 'Key', `${plan.name}: queues, job table, completion topic and payloads`, plan.kmsKeyDeletionWindowDays);
        for (const principal of plan.kms.servicePrincipals) {
          key.grant(new iam.ServicePrincipal(principal), 'kms:GenerateDataKey*', 'kms:Decrypt');
        }
        this.key = key;
      } else {
        this.key = kms.Key.fromKeyArn(this, 'Key', plan.kms.keyArn!);
      }
    }
    this.logKey = encryptionKey(this, 'LogKey', `${plan.name}: worker and flow logs`, plan.kmsKeyDeletionWindowDays);
    allowLogsToUse(this.logKey);

    // --- queues -------------------------------------------------------------------------------
    const dlqPlan = plan.deadLetterQueue;
    // The dead-letter queue names its one source queue (RedriveAllowPolicy), and the source queue
    // names it (RedrivePolicy): the source's name is fixed here so the two do not depend on each other.
    const queueName = jobQueueName(this, plan.queue.fifo);
    const stack = cdk.Stack.of(this);
    const sourceArn = stack.formatArn({ service: 'sqs', resource: queueName, arnFormat: cdk.ArnFormat.NO_RESOURCE_NAME });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      ...this.queueProps(dlqPlan),
      redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.BY_QUEUE, sourceQueues: [sqs.Queue.fromQueueArn(this, 'RedriveSource', sourceArn)] },
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      ...this.queueProps(plan.queue),
      queueName,
      deduplicationScope: plan.queue.deduplicationScope === undefined ? undefined
        : plan.queue.deduplicationScope === FifoDeduplicationScope.MESSAGE_GROUP
          ? sqs.DeduplicationScope.MESSAGE_GROUP : sqs.DeduplicationScope.QUEUE,
      fifoThroughputLimit: plan.queue.fifoThroughputLimit === undefined ? undefined
        : plan.queue.fifoThroughputLimit === FifoThroughputLimit.PER_MESSAGE_GROUP_ID
          ? sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID : sqs.FifoThroughputLimit.PER_QUEUE,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: dlqPlan.maxReceiveCount },
    });
    this.queueUrl = this.queue.queueUrl;
    this.queueArn = this.queue.queueArn;

    // --- job table ----------------------------------------------------------------------------
    const jt = plan.jobTable;
    this.jobTable = new dynamodb.Table(this, 'JobTable', {
      partitionKey: { name: jt.attributes.jobId, type: dynamodb.AttributeType.STRING },
      billingMode: BILLING_MODES[jt.billingMode],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: jt.pointInTimeRecovery },
      deletionProtection: jt.deletionProtection,
      timeToLiveAttribute: jt.ttlAttribute,
      removalPolicy: toRemovalPolicy(jt.removalPolicy),
      encryption: jt.encryption === EncryptionKey.CUSTOMER_MANAGED ? dynamodb.TableEncryption.CUSTOMER_MANAGED : dynamodb.TableEncryption.AWS_MANAGED,
      encryptionKey: jt.encryption === EncryptionKey.CUSTOMER_MANAGED ? this.key : undefined,
    });
    this.jobTableName = this.jobTable.tableName;

    // --- completion topic ---------------------------------------------------------------------
    const completion = plan.completion;
    this.completionTopic = new sns.Topic(this, 'CompletionTopic', {
      masterKey: completion.encryption === EncryptionKey.CUSTOMER_MANAGED ? this.key : kms.Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
      enforceSSL: true,
    });
    this.completionTopic.applyRemovalPolicy(toRemovalPolicy(completion.removalPolicy));
    this.completionTopicArn = this.completionTopic.topicArn;
    if (completion.webhook) {
      const webhook = completion.webhook;
      this.webhookDeadLetterQueue = new sqs.Queue(this, 'WebhookDeadLetterQueue', {
        ...this.queueProps(webhook.deadLetterQueue),
        redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.DENY_ALL },
      });
      const subscriptionDlq = 'this queue is itself the dead-letter queue of the webhook subscription (SNS redrive policy); no queue redrives into it';
      acknowledge(this.webhookDeadLetterQueue,
        { id: 'AwsSolutions::AwsSolutions-SQS3', reason: subscriptionDlq },
        { id: 'cdk-validator-cfnguard::sqs_dlq_check', reason: subscriptionDlq });
      this.completionTopic.addSubscription(new subscriptions.UrlSubscription(webhook.url, {
        protocol: sns.SubscriptionProtocol.HTTPS,
        rawMessageDelivery: webhook.rawMessageDelivery,
        deadLetterQueue: this.webhookDeadLetterQueue,
      }));
    }

    // --- payload bucket -----------------------------------------------------------------------
    if (plan.payloadBucket) {
      const pb = plan.payloadBucket;
      const kmsBucket = pb.encryption === EncryptionKey.CUSTOMER_MANAGED;
      if (pb.serverAccessLogs) {
        this.payloadAccessLogBucket = new s3.Bucket(this, 'PayloadAccessLogs', {
          // S3 server access logs are delivered only to SSE-S3 buckets.
          encryption: s3.BucketEncryption.S3_MANAGED,
          blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
          enforceSSL: true,
          objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
          versioned: true,
          removalPolicy: toRemovalPolicy(pb.removalPolicy),
          lifecycleRules: [{
            id: 'expire-logs',
            expiration: cdk.Duration.days(pb.expirationDays),
            noncurrentVersionExpiration: cdk.Duration.days(pb.noncurrentVersionExpirationDays),
            abortIncompleteMultipartUploadAfter: cdk.Duration.days(pb.abortIncompleteMultipartUploadDays),
          }],
        });
        const logsOfLogs = 'this bucket receives the payload bucket\'s server access logs; logging access to it would log the logs';
        acknowledge(this.payloadAccessLogBucket,
          { id: 'AwsSolutions::AwsSolutions-S1', reason: logsOfLogs },
          { id: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check', reason: logsOfLogs },
          { id: 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check', reason: 'S3 server access logs are delivered only to SSE-S3 buckets' },
          { id: 'cdk-validator-cfnguard::s3_event_notifications_enabled_check', reason: 'nothing consumes new log objects as events; they are queried on demand' },
          { id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', reason: 'server access logs expire by lifecycle; object lock would keep them past that' });
      }
      this.payloadBucket = new s3.Bucket(this, 'PayloadBucket', {
        encryption: kmsBucket ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
        encryptionKey: kmsBucket ? this.key : undefined,
        bucketKeyEnabled: kmsBucket ? true : undefined,
        versioned: pb.versioned,
        blockPublicAccess: pb.blockPublicAccess ? s3.BlockPublicAccess.BLOCK_ALL : undefined,
        enforceSSL: pb.enforceSsl,
        objectOwnership: pb.bucketOwnerEnforced ? s3.ObjectOwnership.BUCKET_OWNER_ENFORCED : undefined,
        serverAccessLogsBucket: this.payloadAccessLogBucket,
        serverAccessLogsPrefix: this.payloadAccessLogBucket ? 'payload/' : undefined,
        removalPolicy: toRemovalPolicy(pb.removalPolicy),
        lifecycleRules: [{
          id: 'expire-payloads',
          expiration: cdk.Duration.days(pb.expirationDays),
          noncurrentVersionExpiration: cdk.Duration.days(pb.noncurrentVersionExpirationDays),
          abortIncompleteMultipartUploadAfter: cdk.Duration.days(pb.abortIncompleteMultipartUploadDays),
        }],
      });
      acknowledge(this.payloadBucket,
        { id: 'cdk-validator-cfnguard::s3_event_notifications_enabled_check', reason: 'the job message names the payload; workers do not react to S3 events' },
        { id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', reason: `payloads expire by lifecycle after ${pb.expirationDays} days; object lock would keep them past that` });
      if (!kmsBucket) {
        acknowledge(this.payloadBucket, {
          id: 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check',
          reason: 'encryption SQS_MANAGED asks for service-owned keys (SSE-S3); choose encryption KMS for a customer-managed key',
        });
      }
    }

    // --- environment --------------------------------------------------------------------------
    this.apiEnvironment = { ...this.resolveEnvironment(plan.apiEnvironment), ...plan.jobContract.environment };
    this.workerEnvironment = { ...this.resolveEnvironment(plan.workerEnvironment), ...plan.jobContract.environment };

    // --- workers ------------------------------------------------------------------------------
    if (fargate) {
      const servicePlan = ecsServiceOfWorkers(fargate);
      this.vpc = inputVpc ?? blockVpc(this, 'Vpc', { azCount: fargate.azCount, logKey: this.logKey, network: plan.createdNetwork });
      this.cluster = givenCluster ?? new ecs.Cluster(this, 'Cluster', {
        vpc: this.vpc,
        containerInsightsV2: fargate.scaling.containerInsights ? ecs.ContainerInsights.ENABLED : ecs.ContainerInsights.DISABLED,
      });
      const zones = this.vpc.availabilityZones.slice(0, fargate.azCount);
      const subnetType = this.vpc.privateSubnets.length > 0 ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED;
      const task = renderEcsTask(this, servicePlan, this.logKey, { logGroup: 'WorkerLogs', taskDefinition: 'TaskDefinition', container: 'Worker' },
        { environment: { ...this.workerEnvironment, ...wired.environment }, secrets: wired.secrets });
      this.logGroup = task.logGroup;
      this.taskDefinition = task.taskDefinition as ecs.FargateTaskDefinition;
      acknowledge(this.taskDefinition, {
        id: 'AwsSolutions::AwsSolutions-ECS2',
        reason: 'the environment holds the job contract (queue URL, table name, topic ARN, paths) and plain settings; secrets come from Secrets Manager or SSM',
      });
      this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
        vpc: this.vpc,
        description: `${plan.name}: workers, no ingress (they poll the queue)`,
        allowAllOutbound: true,
      });
      this.service = renderEcsService(this, servicePlan, task, { service: 'Service' }, {
        cluster: this.cluster,
        vpcSubnets: { subnetType, availabilityZones: zones },
        securityGroups: [this.securityGroup],
      }) as ecs.FargateService;
      const scaling = this.backlogScaling(this.service);
      this.scalableTaskCount = scaling.count;
      this.queueEmptyAlarm = scaling.alarm;
      this.grantWorker(this.taskDefinition.taskRole);
      this.acknowledgeWorkerGrants(this.taskDefinition.taskRole);
      renderWiringAccess(plan.workers.wiring, wiringTargets, { securityGroup: this.securityGroup, role: this.taskDefinition.taskRole });
    } else {
      this.logGroup = encryptedLogGroup(this, 'WorkerLogs', this.logKey, plan.workers.logRetentionDays);
      this.consumerFunction = this.lambdaWorker();
      this.grantWorker(this.consumerFunction);
      this.acknowledgeWorkerGrants(this.consumerFunction.role!);
    }

    // --- alarms -------------------------------------------------------------------------------
    this.alarms = plan.alarms.map((a) => {
      const alarm = renderAlarm(this, a, { QueueName: this.queueOf(a.resource).queueName });
      if (a.actionTopicArn) {
        alarm.addAlarmAction(new cwActions.SnsAction(sns.Topic.fromTopicArn(this, `${a.id}Topic`, a.actionTopicArn)));
      } else {
        acknowledge(alarm, {
          id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check',
          reason: 'no alarms.alarmTopicArn was given: the alarm shows its state in CloudWatch; give a topic to be notified',
        });
      }
      return alarm;
    });
    recordBlock(this, this.plan);
  }

  /** Lets a principal send jobs (sqs:SendMessage, and the key with KMS). */
  public grantSendMessages(grantee: iam.IGrantable): iam.Grant {
    return this.queue.grantSendMessages(grantee);
  }

  /** Lets a principal receive, delete and extend jobs. */
  public grantConsumeMessages(grantee: iam.IGrantable): iam.Grant {
    return this.queue.grantConsumeMessages(grantee);
  }

  /** Lets a principal read job records (dynamodb:GetItem): the status endpoint of the API. */
  public grantReadJobs(grantee: iam.IGrantable): iam.Grant {
    return this.grantPermission(grantee, WorkQueuePermission.READ_JOB);
  }

  /** Lets a principal create and move job records (dynamodb:PutItem, UpdateItem, GetItem). */
  public grantWriteJobs(grantee: iam.IGrantable): iam.Grant {
    return this.grantPermission(grantee, WorkQueuePermission.CREATE_JOB).combine(this.grantPermission(grantee, WorkQueuePermission.UPDATE_JOB));
  }

  /** Grants everything the plan lets the API do: enqueue, create and read jobs (and payload uploads, the key). */
  public grantApi(grantee: iam.IGrantable): iam.Grant {
    return this.grantPermissions(grantee, this.plan.apiPermissions);
  }

  /**
   * Grants some of the block's permissions (a system's wiring lists the API's).
   *
   * @param grantee the principal to grant
   * @param permissions what it may do on the block's queue, table, topic, bucket and key
   */
  public grantPermissions(grantee: iam.IGrantable, permissions: WorkQueuePermission[]): iam.Grant {
    if (permissions.length === 0) return iam.Grant.drop(grantee, `no permission of ${this.node.path} asked for`);
    const grant = permissions.map((p) => this.grantPermission(grantee, p)).reduce((a, b) => a.combine(b));
    // The payload grants are prefix-scoped wildcards by design: acknowledged on the grantee's role with the reason.
    const role = grantee.grantPrincipal instanceof iam.Role ? grantee.grantPrincipal : undefined;
    if (role) this.acknowledgeWorkerGrants(role);
    return grant;
  }

  /** Grants everything the plan lets a worker do: consume, update jobs, publish completions (and payloads, the key). */
  public grantWorker(grantee: iam.IGrantable): iam.Grant {
    return this.plan.workerPermissions.map((p) => this.grantPermission(grantee, p)).reduce((a, b) => a.combine(b));
  }

  /** Visible messages in the job queue. */
  public metricApproximateNumberOfMessagesVisible(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.queue.metricApproximateNumberOfMessagesVisible(props);
  }

  /** Age of the oldest message in the job queue, in seconds. */
  public metricApproximateAgeOfOldestMessage(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.queue.metricApproximateAgeOfOldestMessage(props);
  }

  /** Messages waiting in the dead-letter queue (failed jobs). */
  public metricDeadLetterMessages(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.deadLetterQueue.metricApproximateNumberOfMessagesVisible(props);
  }

  /** The backlog per worker the Fargate workers scale on (visible messages / running tasks). */
  public metricBacklogPerWorker(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    const plan = this.plan.workers.fargate;
    if (!plan) {
      const rules = new Rules(this.node.path);
      rules.check('workers.kind', this.plan.workers.kind, false, 'FARGATE_SERVICE for a backlog-per-worker metric');
      rules.throwIfInvalid();
    }
    return this.mathExpression(plan!.scaling.backlogPerWorker, props);
  }

  /** Acknowledges the wildcards that the plan's worker grants leave on a role of this block. */
  private acknowledgeWorkerGrants(role: iam.IRole): void {
    const acks = [];
    const bucket = this.payloadBucket;
    if (bucket) {
      const arn = `<${cdk.Stack.of(this).getLogicalId(bucket.node.defaultChild as cdk.CfnElement)}.Arn>`;
      for (const prefix of [this.plan.payloadBucket!.inputPrefix, this.plan.payloadBucket!.outputPrefix]) {
        acks.push({ id: `AwsSolutions::AwsSolutions-IAM5[Resource::${arn}/${prefix}*]`, reason: `objects under the payload bucket's ${prefix} prefix only, as the plan grants` });
      }
    }
    if (this.key) {
      acks.push({
        id: 'AwsSolutions::AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason: 'aws-cdk-lib\'s grant to publish to the KMS-encrypted completion topic asks kms:GenerateDataKey* on the block\'s one key',
      });
    }
    if (acks.length > 0) acknowledge(role, ...acks);
  }

  private grantPermission(grantee: iam.IGrantable, permission: WorkQueuePermission): iam.Grant {
    const table = this.jobTable.tableArn;
    const bucket = this.payloadBucket;
    const statement = (actions: string[], resourceArns: string[]): iam.Grant => iam.Grant.addToPrincipal({ grantee, actions, resourceArns });
    switch (permission) {
      case WorkQueuePermission.SEND_MESSAGE: return this.queue.grantSendMessages(grantee);
      case WorkQueuePermission.CONSUME_MESSAGES: return this.queue.grantConsumeMessages(grantee);
      case WorkQueuePermission.READ_JOB: return statement(['dynamodb:GetItem'], [table]);
      case WorkQueuePermission.CREATE_JOB: return statement(['dynamodb:PutItem'], [table]);
      case WorkQueuePermission.UPDATE_JOB: return statement(['dynamodb:UpdateItem', 'dynamodb:GetItem'], [table]);
      case WorkQueuePermission.PUBLISH_COMPLETION: return this.completionTopic.grantPublish(grantee);
      case WorkQueuePermission.WRITE_INPUT: return statement(['s3:PutObject'], [bucket!.arnForObjects(`${this.plan.payloadBucket!.inputPrefix}*`)]);
      case WorkQueuePermission.READ_PAYLOAD: return statement(['s3:GetObject'], [
        bucket!.arnForObjects(`${this.plan.payloadBucket!.inputPrefix}*`), bucket!.arnForObjects(`${this.plan.payloadBucket!.outputPrefix}*`),
      ]);
      case WorkQueuePermission.WRITE_OUTPUT: return statement(['s3:PutObject'], [bucket!.arnForObjects(`${this.plan.payloadBucket!.outputPrefix}*`)]);
      case WorkQueuePermission.USE_KEY: return this.key!.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt');
    }
  }

  private queueProps(q: QueuePlan): sqs.QueueProps {
    const kmsQueue = q.encryption === EncryptionKey.CUSTOMER_MANAGED;
    return {
      fifo: q.fifo ? true : undefined,
      contentBasedDeduplication: q.fifo ? q.contentBasedDeduplication : undefined,
      encryption: kmsQueue ? sqs.QueueEncryption.KMS : sqs.QueueEncryption.SQS_MANAGED,
      encryptionMasterKey: kmsQueue ? this.key : undefined,
      dataKeyReuse: kmsQueue && this.plan.kms ? cdk.Duration.seconds(this.plan.kms.dataKeyReuseSeconds) : undefined,
      retentionPeriod: cdk.Duration.seconds(q.retentionSeconds),
      visibilityTimeout: cdk.Duration.seconds(q.visibilityTimeoutSeconds),
      receiveMessageWaitTime: cdk.Duration.seconds(q.receiveWaitSeconds),
      maxMessageSizeBytes: q.maxMessageBytes,
      enforceSSL: q.enforceSsl,
      removalPolicy: toRemovalPolicy(q.removalPolicy),
    };
  }

  private queueOf(resource: WorkQueueResource): sqs.Queue {
    switch (resource) {
      case WorkQueueResource.DEAD_LETTER_QUEUE: return this.deadLetterQueue;
      case WorkQueueResource.WEBHOOK_DEAD_LETTER_QUEUE: return this.webhookDeadLetterQueue!;
      default: return this.queue;
    }
  }

  private resolveEnvironment(env: { [name: string]: WorkQueueAttribute }): { [name: string]: string } {
    const out: { [name: string]: string } = {};
    for (const name of Object.keys(env).sort()) {
      switch (env[name]) {
        case WorkQueueAttribute.QUEUE_URL: out[name] = this.queue.queueUrl; break;
        case WorkQueueAttribute.JOB_TABLE_NAME: out[name] = this.jobTable.tableName; break;
        case WorkQueueAttribute.COMPLETION_TOPIC_ARN: out[name] = this.completionTopic.topicArn; break;
        case WorkQueueAttribute.PAYLOAD_BUCKET_NAME: out[name] = this.payloadBucket!.bucketName; break;
      }
    }
    return out;
  }

  /** The dimensions of a metric of the plan, which only the backend knows. */
  private dimensionsOf(resource: WorkQueueResource): { [name: string]: string } {
    if (resource === WorkQueueResource.WORKER_SERVICE) {
      return { ClusterName: this.cluster!.clusterName, ServiceName: this.service!.serviceName };
    }
    return { QueueName: this.queueOf(resource).queueName };
  }

  private mathExpression(m: MetricMathPlan, props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    const usingMetrics: { [id: string]: cloudwatch.IMetric } = {};
    for (const q of m.metrics) {
      usingMetrics[q.id] = new cloudwatch.Metric({
        namespace: q.namespace,
        metricName: q.metricName,
        statistic: q.statistic,
        period: cdk.Duration.seconds(q.periodSeconds),
        dimensionsMap: this.dimensionsOf(q.resource),
      });
    }
    return new cloudwatch.MathExpression({
      expression: m.expression,
      label: m.label,
      usingMetrics,
      period: cdk.Duration.seconds(Math.max(...m.metrics.map((q) => q.periodSeconds))),
      ...props,
    });
  }

  /**
   * Backlog-per-worker target tracking (metric math, never scaling in) and the step that scales in
   * to the plan's count once the queue holds no visible and no in-flight message.
   */
  private backlogScaling(service: ecs.FargateService): { count: ecs.ScalableTaskCount; alarm: cloudwatch.Alarm } {
    const s = this.plan.workers.fargate!.scaling;
    const count = service.autoScaleTaskCount({ minCapacity: s.minWorkers, maxCapacity: s.maxWorkers });
    const target = count.node.findChild('Target') as appscaling.ScalableTarget;
    const b = s.backlogPerWorker;
    new appscaling.CfnScalingPolicy(this, 'BacklogPerWorkerScaling', {
      policyName: `${cdk.Names.uniqueId(this)}BacklogPerWorker`.slice(-255),
      policyType: 'TargetTrackingScaling',
      scalingTargetId: target.scalableTargetId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: s.acceptableBacklogPerWorker,
        disableScaleIn: s.targetTrackingDisableScaleIn,
        scaleOutCooldown: s.scaleOutCooldownSeconds,
        customizedMetricSpecification: {
          metrics: [
            ...b.metrics.map((q) => ({
              id: q.id,
              returnData: false,
              metricStat: {
                stat: q.statistic,
                metric: {
                  namespace: q.namespace,
                  metricName: q.metricName,
                  dimensions: Object.entries(this.dimensionsOf(q.resource)).map(([name, value]) => ({ name, value })),
                },
              },
            })),
            { id: 'backlog', expression: b.expression, label: b.label, returnData: true },
          ],
        },
      },
    });
    const scaleIn = s.scaleIn;
    const action = new appscaling.StepScalingAction(this, 'ScaleInWhenEmpty', {
      scalingTarget: target,
      adjustmentType: appscaling.AdjustmentType.EXACT_CAPACITY,
      metricAggregationType: appscaling.MetricAggregationType.MAXIMUM,
    });
    // The alarm fires when the expression is at or below the threshold: that interval sets the count.
    action.addAdjustment({ upperBound: 0, adjustment: scaleIn.capacity });
    const alarm = new cloudwatch.Alarm(this, 'QueueEmpty', {
      alarmDescription: `No visible and no in-flight job for ${scaleIn.evaluationPeriods} min: scale the workers in to ${scaleIn.capacity}`,
      metric: this.mathExpression(scaleIn.metric),
      threshold: scaleIn.threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: scaleIn.evaluationPeriods,
    });
    alarm.addAlarmAction(new cwActions.ApplicationScalingAction(action));
    return { count, alarm };
  }

  private lambdaWorker(): lambda.Function {
    const l = this.plan.workers.lambda!;
    const python = l.runtime === LambdaRuntime.PYTHON_3_13;
    // A role of its own, so it writes only to the block's log group (no AWS-managed basic execution policy).
    const role = new iam.Role(this, 'WorkerRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(role);
    const fn = new lambda.Function(this, 'Worker', {
      role,
      runtime: python ? lambda.Runtime.PYTHON_3_13 : lambda.Runtime.NODEJS_22_X,
      architecture: l.architecture === CpuArchitecture.ARM64 ? lambda.Architecture.ARM_64 : lambda.Architecture.X86_64,
      handler: l.handler,
      // Inline code is the `index` module: the plan's placeholder is written for it.
      code: l.placeholderCode ? lambda.Code.fromInline(l.placeholderCode.source) : lambda.Code.fromAsset(l.codePath!),
      memorySize: l.memoryMB,
      timeout: cdk.Duration.seconds(l.timeoutSeconds),
      environment: { ...l.environment, ...this.workerEnvironment },
      logGroup: this.logGroup,
    });
    acknowledge(fn,
      { id: 'AwsSolutions::AwsSolutions-L1', reason: `the runtime is the plan's workers.lambda.runtime (${l.runtime}), which your code targets` },
      { id: 'cdk-validator-cfnguard::lambda_inside_vpc_check', reason: 'the consumer calls only AWS APIs (SQS, DynamoDB, SNS, S3) over TLS with IAM; it reaches nothing inside a VPC' });
    fn.addEventSource(new lambdaEvents.SqsEventSource(this.queue, {
      batchSize: l.batchSize,
      maxBatchingWindow: l.maxBatchingWindowSeconds > 0 ? cdk.Duration.seconds(l.maxBatchingWindowSeconds) : undefined,
      reportBatchItemFailures: l.reportBatchItemFailures,
      maxConcurrency: l.maxConcurrency,
    }));
    return fn;
  }
}

/** The job table's billing mode, spelled as aws-cdk-lib spells it. */
const BILLING_MODES: Record<JobTableBillingMode, dynamodb.BillingMode> = {
  [JobTableBillingMode.PAY_PER_REQUEST]: dynamodb.BillingMode.PAY_PER_REQUEST,
};

/** The job queue's name: unique in the app, within the SQS limit, `.fifo` for a FIFO queue. */
function jobQueueName(scope: Construct, fifo: boolean): string {
  const base = cdk.Names.uniqueResourceName(scope, { maxLength: fifo ? 75 : 80, separator: '-' });
  return fifo ? `${base}.fifo` : base;
}

/**
 * Whether a cluster has Container Insights on, as far as this app can tell: from the settings of
 * a cluster it created (`containerInsightsV2`); undefined for an imported cluster, or one left to
 * the account's default.
 */
function containerInsightsOf(cluster: ecs.ICluster): boolean | undefined {
  const cfn = cluster.node.defaultChild;
  if (!(cfn instanceof ecs.CfnCluster)) return undefined;
  const settings = cdk.Stack.of(cluster).resolve(cfn.clusterSettings);
  const setting = Array.isArray(settings) ? settings.find((x: { name?: string }) => x?.name === 'containerInsights') : undefined;
  if (setting === undefined || typeof setting.value !== 'string') return undefined;
  return setting.value === 'enabled' || setting.value === 'enhanced';
}
