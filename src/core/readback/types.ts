import { GatewayServiceMetadata, ShardMetadata } from './metadata';
import { BlockKind } from '../blocks/common';
import { AssumedInput, SizingPolicy } from '../sizing/report';

/*
 * What the read-back recovers from synthesized output: per block, the topology that will deploy,
 * read from resource properties, each value with where it was read.
 */

/** The synthesizer that wrote a template. */
export enum Backend {
  /** aws-cdk-lib: CloudFormation templates of a cloud assembly. */
  CLOUDFORMATION = 'cloudformation',
  /** cdktf: cdk.tf.json of a Terraform stack. */
  TERRAFORM = 'terraform',
}

/** Where one value was read. */
export interface ValueSource {
  readonly backend: Backend;
  /** The template: CloudFormation template file (or stack name), Terraform stack name. */
  readonly template: string;
  /** CloudFormation logical id, or Terraform address (`aws_ecs_task_definition.Api_TaskDefinition_09A15F65`). */
  readonly resource: string;
  /** The property read, dotted (`Properties.Cpu`, `cpu`). */
  readonly attribute: string;
}

/** An ECS service as it will deploy (an API fleet, a gateway service, Fargate workers). */
export interface DeployedFleet {
  /** Logical id or Terraform address of the ECS service. */
  readonly serviceId?: string;
  /** Task CPU units (1024 = 1 vCPU). */
  readonly taskCpu?: number;
  readonly taskMemoryMiB?: number;
  /**
   * The task definition's CPU architecture (`X86_64` or `ARM64`), when it names one; Fargate runs
   * X86_64 when none is given.
   */
  readonly cpuArchitecture?: string;
  /** `FARGATE`, `EC2`, or `CAPACITY_PROVIDER` when a capacity provider strategy places the tasks. */
  readonly launchType?: string;
  /** Capacity providers of the service's strategy. */
  readonly capacityProviders: string[];
  /** EC2 instance types of the launch templates / Auto Scaling groups behind the capacity (EC2 only). */
  readonly instanceTypes: string[];
  /** The service's desired count, when the template sets one. */
  readonly desiredCount?: number;
  /** Min tasks: the scalable target's minimum, or the desired count without auto scaling. */
  readonly minTasks?: number;
  /** Max tasks: the scalable target's maximum, or the desired count without auto scaling. */
  readonly maxTasks?: number;
  /** Whether a scalable target owns the task count. */
  readonly autoScaling: boolean;
  /** Target tracking on ECSServiceAverageCPUUtilization, in percent. */
  readonly targetCpuUtilizationPercent?: number;
  /** Target tracking on ALBRequestCountPerTarget (requests per target per minute). */
  readonly requestCountPerTargetPerMinute?: number;
  /** Target tracking on a custom metric (e.g. backlog per worker). */
  readonly customTargetValue?: number;
  /** Deployment maximum percent. */
  readonly deployMaximumPercent?: number;
  /** Deployment strategy (`ROLLING`, `BLUE_GREEN`) or controller type. */
  readonly deploymentStrategy?: string;
  /**
   * AZ of each task subnet, in the order the service lists them: a literal AZ name, `az-index:<i>`
   * (the i-th AZ of the Region) or `unknown:<subnet>`.
   */
  readonly subnetAzs: string[];
  /**
   * Distinct AZs the tasks may run in (unknown AZs count one per subnet). A template holds the
   * subnets, not how many tasks run in each AZ: an ECS service spreads its tasks over the AZs of its
   * subnets (the default placement strategy of a service is `spread` on
   * `attribute:ecs.availability-zone`, best effort:
   * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-strategies.html),
   * which is what the sizing assumes.
   */
  readonly azCount: number;
}

/** A LoadBalancedApi as it will deploy. */
export interface DeployedApi {
  readonly fleet: DeployedFleet;
  /** `application` or `network`. */
  readonly loadBalancerType?: string;
  /** The WorkQueues the tasks' role may use, in the same app. */
  readonly queues?: DeployedQueueLink[];
}

/** One DB instance. */
export interface DeployedDbInstance {
  /** Logical id or Terraform address. */
  readonly id: string;
  readonly instanceClass?: string;
  readonly az?: string;
}

/** A ReplicatedDatabase (or a shard, or a gateway service's database) as it will deploy. */
export interface DeployedDatabase {
  readonly engine?: string;
  readonly engineVersion?: string;
  /**
   * The storage type the template sets: Aurora `aurora-iopt1` (I/O-Optimized) or none (Standard);
   * RDS `gp3`, `gp2`, `io1`, `io2`.
   */
  readonly storageType?: string;
  /** RDS: the writer's allocated storage in GiB. */
  readonly allocatedStorageGiB?: number;
  /** RDS: the writer's provisioned IOPS (io1, io2, or gp3 from 400 GiB); absent at gp3's baseline. */
  readonly storageIops?: number;
  /** RDS gp3: the writer's provisioned throughput in MiB/s; absent at the baseline. */
  readonly storageThroughputMiBps?: number;
  /** An Aurora cluster (instances in a cluster) or RDS instances. */
  readonly aurora: boolean;
  readonly writer?: DeployedDbInstance;
  readonly readers: DeployedDbInstance[];
  /** The writer's class. */
  readonly instanceClass?: string;
  /** RDS: the writer has a synchronous standby. */
  readonly multiAz: boolean;
  /** Aurora replica auto scaling (rds:cluster:ReadReplicaCount). */
  readonly readerAutoScaling?: { readonly minReaders: number; readonly maxReaders: number; readonly targetValue?: number; readonly metric?: string };
  /** Aurora Serverless v2: the cluster's scaling configuration, when the template sets one. */
  readonly serverlessV2?: { readonly minCapacityAcu?: number; readonly maxCapacityAcu?: number };
  /** Distinct AZs of the instances whose AZ is known. */
  readonly azs: string[];
  /** AZ of each subnet of the DB subnet group (the AZs the block may use). */
  readonly subnetGroupAzs: string[];
}

/** A TieredCache's application tier as it will deploy. */
export interface DeployedCache {
  readonly engine?: string;
  readonly engineVersion?: string;
  readonly nodeType?: string;
  readonly clusterMode: boolean;
  /** Shards (node groups); Memcached: nodes. */
  readonly shards?: number;
  readonly replicasPerShard?: number;
  readonly multiAz: boolean;
  readonly automaticFailover: boolean;
  /** AZ of each subnet of the cache subnet group. */
  readonly subnetGroupAzs: string[];
  /** Per shard: the AZ of its primary and replicas, when the template places them. */
  readonly placement: { readonly shardId: string; readonly primaryAz?: string; readonly replicaAzs: string[] }[];
}

/** An SQS queue as it will deploy. */
export interface DeployedQueue {
  readonly id: string;
  readonly fifo: boolean;
  readonly visibilityTimeoutSeconds?: number;
  readonly retentionSeconds?: number;
  readonly maxMessageBytes?: number;
  /** FIFO high throughput (per message group id). */
  readonly highThroughput: boolean;
  /** The redrive policy: max receives and the dead-letter queue (logical id or address). */
  readonly redrive?: { readonly maxReceiveCount?: number; readonly deadLetterQueue?: string };
}

/** A Lambda consumer as it will deploy. */
export interface DeployedLambdaWorker {
  readonly memoryMB?: number;
  readonly timeoutSeconds?: number;
  readonly reservedConcurrency?: number;
  readonly batchSize?: number;
  readonly maxBatchingWindowSeconds?: number;
  /** ScalingConfig.MaximumConcurrency of the event source mapping. */
  readonly maximumConcurrency?: number;
}

/** A WorkQueue's DynamoDB job table as it will deploy. */
export interface DeployedJobTable {
  /** Logical id or Terraform address. */
  readonly id: string;
  /**
   * `PAY_PER_REQUEST` or `PROVISIONED`; a table that sets no billing mode is `PROVISIONED` (the
   * default of both CloudFormation's `BillingMode` and Terraform's `billing_mode`:
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dynamodb-table.html,
   * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dynamodb_table).
   */
  readonly billingMode: string;
  /** Provisioned read capacity units, when the table has them. */
  readonly readCapacityUnits?: number;
  /** Provisioned write capacity units, when the table has them. */
  readonly writeCapacityUnits?: number;
  /** The TTL attribute, when time to live is on. */
  readonly ttlAttribute?: string;
}

/** A subscription of a WorkQueue's completion topic (the webhook). */
export interface DeployedSubscription {
  /** Logical id or Terraform address. */
  readonly id: string;
  /** `https`, `sqs`, `lambda`, ... */
  readonly protocol?: string;
  /** The host of an `http`/`https` endpoint (the rest of the URL is not shown: it may hold a token). */
  readonly endpointHost?: string;
  /** Whether a redrive policy names a dead-letter queue for undeliverable notifications. */
  readonly deadLetterQueue: boolean;
  readonly rawMessageDelivery?: boolean;
}

/** A WorkQueue's completion topic (SNS) and its subscriptions. */
export interface DeployedCompletion {
  /** Logical id or Terraform address of the topic. */
  readonly topicId: string;
  readonly subscriptions: DeployedSubscription[];
}

/** A WorkQueue's payload bucket as it will deploy. */
export interface DeployedBucket {
  /** Logical id or Terraform address. */
  readonly id: string;
  /** Whether versioning is enabled. */
  readonly versioned: boolean;
  /** Days after which the lifecycle rule expires objects. */
  readonly expirationDays?: number;
}

/**
 * A fleet's link to a WorkQueue, read from the IAM policies of the fleet's task role (what the
 * role may do on the block's job queue and job table).
 */
export interface DeployedQueueLink {
  /** Construct path of the WorkQueue block. */
  readonly block: string;
  /** The role may send to the job queue (sqs:SendMessage). */
  readonly sends: boolean;
  /** The role may receive from the job queue (sqs:ReceiveMessage). */
  readonly consumes: boolean;
  /** The role may write or read the job table. */
  readonly jobTable: boolean;
}

/** A WorkQueue as it will deploy. */
export interface DeployedWorkQueue {
  /** The job queue (the one whose redrive policy names a dead-letter queue, else the first). */
  readonly queue?: DeployedQueue;
  readonly deadLetterQueue?: DeployedQueue;
  /** `FARGATE_SERVICE` or `LAMBDA` (the WorkerKind values), or undefined when no worker was found. */
  readonly workerKind?: string;
  readonly fleet?: DeployedFleet;
  readonly lambda?: DeployedLambdaWorker;
  readonly minWorkers?: number;
  readonly maxWorkers?: number;
  /** Whether the block has a payload bucket. */
  readonly payloadBucket: boolean;
  /** The payload bucket's settings, when the block has one. */
  readonly bucket?: DeployedBucket;
  /** The job table. */
  readonly jobTable?: DeployedJobTable;
  /** The completion topic and its subscriptions (the webhook). */
  readonly completion?: DeployedCompletion;
}

/** A cache behaviour of a distribution. */
export interface DeployedBehavior {
  /** `*` for the default behaviour. */
  readonly pathPattern: string;
  readonly targetOriginId?: string;
}

/** A GlobalCdn as it will deploy. */
export interface DeployedCdn {
  readonly origins: string[];
  readonly originGroups: string[];
  readonly defaultBehavior?: DeployedBehavior;
  /** Behaviours besides the default one, in order. */
  readonly behaviors: DeployedBehavior[];
  readonly priceClass?: string;
}

/** A throttle of a route or a stage. */
export interface DeployedThrottle {
  readonly rateLimit?: number;
  readonly burstLimit?: number;
}

/** A route of a MicroserviceGateway. */
export interface DeployedRoute {
  readonly routeKey: string;
  /** The route's own throttle (stage RouteSettings), when set. */
  readonly throttle?: DeployedThrottle;
}

/** A service of a MicroserviceGateway. */
export interface DeployedGatewayService {
  readonly name: string;
  readonly fleet?: DeployedFleet;
  /** Route keys whose construct path lies under the service. */
  readonly routeKeys: string[];
  /** The lowest rate limit of the service's routes. */
  readonly rateLimit?: number;
  readonly database?: DeployedDatabase;
  /** The WorkQueues the service's task role may use, in the same app. */
  readonly queues?: DeployedQueueLink[];
}

/** A MicroserviceGateway as it will deploy. */
export interface DeployedGateway {
  readonly routes: DeployedRoute[];
  readonly defaultThrottle?: DeployedThrottle;
  readonly services: DeployedGatewayService[];
}

/** A shard of a ShardedDatabase. */
export interface DeployedShard {
  readonly id: string;
  readonly region?: string;
  /** Construct path of the shard's database. */
  readonly path?: string;
  /** The shard's database; absent when no synthesized output held it. */
  readonly database?: DeployedDatabase;
}

/** A ShardedDatabase as it will deploy. */
export interface DeployedShardedDatabase {
  readonly shards: DeployedShard[];
}

/** One block found in synthesized output. */
export interface DeployedBlock {
  readonly kind: BlockKind;
  readonly name: string;
  /** Construct path of the block. */
  readonly path: string;
  /** The plan's path (a spec path in a SystemStack). */
  readonly planPath: string;
  readonly planId: string;
  readonly backend: Backend;
  /** Template the block's metadata was read from. */
  readonly template: string;
  /** Region of that template's stack, when known. */
  readonly region?: string;
  /** The declared load (the plan's `load`). */
  readonly load: { [key: string]: unknown };
  readonly sizing: SizingPolicy;
  readonly assumed: AssumedInput[];
  /** ShardedDatabase: the shards' ids, regions and shares, as declared. */
  readonly declaredShards?: ShardMetadata[];
  /** MicroserviceGateway: each service's share and load, as declared. */
  readonly declaredServices?: GatewayServiceMetadata[];
  readonly accountThrottle?: { readonly rateLimit: number; readonly burstLimit: number };
  /**
   * The plan the block was rendered from, as its metadata carries it (see BlockMetadata.plan);
   * absent in metadata written before plans were recorded.
   */
  readonly plan?: { [key: string]: unknown };
  /** Declared sizing inputs no resource shows (see BlockMetadata.inputs). */
  readonly inputs: { [key: string]: unknown };
  /** Where each value was read, by dotted field (`api.fleet.taskCpu`). */
  readonly sources: { [field: string]: ValueSource };
  /** Number of resources grouped into the block (nested blocks excluded). */
  readonly resourceCount: number;
  readonly api?: DeployedApi;
  readonly database?: DeployedDatabase;
  readonly shardedDatabase?: DeployedShardedDatabase;
  readonly cache?: DeployedCache;
  readonly workQueue?: DeployedWorkQueue;
  readonly cdn?: DeployedCdn;
  readonly gateway?: DeployedGateway;
  /** Construct path of the block this one is part of (a shard, a gateway service's database). */
  readonly parent?: string;
  /**
   * A block declared in a load file over resources written by hand (no scaleblocks construct):
   * the load file. Its plan is the block kind's default with the declared options.
   */
  readonly declaredIn?: string;
  /**
   * The types of the block's own resources (nested blocks' excluded), and how many of each; for a
   * declared block, the types recognised under its path.
   */
  readonly resourceTypes?: { [type: string]: number };
}

/** A resource no block claims. */
export interface UnrecognisedResource {
  readonly backend: Backend;
  readonly template: string;
  readonly resource: string;
  readonly type: string;
  /** Construct path, when the template gives one. */
  readonly path?: string;
  /** Region of the template's stack, when known. */
  readonly region?: string;
}

/** Everything read back. */
export interface DeployedSystem {
  /** Top-level blocks (shards and gateway service databases appear inside their parent, and here with `parent` set). */
  readonly blocks: DeployedBlock[];
  /** Resources outside every block (shared VPCs, clusters, hand-written resources). */
  readonly unrecognised: UnrecognisedResource[];
  /** What the reader could not do, in words (e.g. a template without construct paths). */
  readonly notes: string[];
}
