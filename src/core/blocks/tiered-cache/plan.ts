import { AlarmPlan, BlockPlanBase, RemovalPolicy } from '../common';
import { CacheAuthMode, CacheEngine, CacheEnvironmentValue, CacheLogType, EvictionPolicy } from './options';
import { CdnTierPlan } from '../shared/cdn';
import { BlockFoundationPlan } from '../shared/foundation';

// TieredCache: the plan, everything the backends render, resolved once by planTieredCache.

/** Where one shard's nodes run: AZ indexes (0-based; the backend maps them to the stack's AZs in order). */
export interface CacheShardPlacementPlan {
  /** Node group id, `0001`, `0002`, ... (Memcached: the node's position). */
  readonly shardId: string;
  /** AZ of the primary (Memcached: of the node). */
  readonly primaryAz: number;
  /** AZ of each replica, never the primary's when there are 2 AZs or more. */
  readonly replicaAzs: number[];
}

/** The resolved authentication. */
export interface CacheAuthPlan {
  readonly mode: CacheAuthMode;
  /** RBAC, AUTH_TOKEN: name of the Secrets Manager secret that holds the credentials (JSON `{ username?, password }`); never a value. IAM has none. */
  readonly secretName?: string;
  /** RBAC, AUTH_TOKEN: length of the generated password. */
  readonly passwordLength?: number;
  /** RBAC, AUTH_TOKEN: characters the generated password must not contain (ElastiCache rejects them). */
  readonly excludeCharacters?: string;
  /** IAM, RBAC: id of the ElastiCache user the API logs in as (with IAM, equal to `userName`, as ElastiCache requires). */
  readonly userId?: string;
  /** IAM, RBAC: its user name. */
  readonly userName?: string;
  /** IAM, RBAC: how the user authenticates, ElastiCache's spelling: `iam` (a SigV4 token signed by the client's IAM role) or `password`. */
  readonly userAuthenticationType?: string;
  /** IAM, RBAC: its access string. */
  readonly accessString?: string;
  /** IAM, RBAC: id of the required `default` user, created disabled (`off -@all`). */
  readonly defaultUserId?: string;
  /** IAM, RBAC: id of the user group. */
  readonly userGroupId?: string;
  /** IAM, RBAC: name of the user every user group must hold, `default`. */
  readonly defaultUserName?: string;
  /** IAM, RBAC: access string of that user, `off -@all` (disabled, no command). */
  readonly defaultUserAccessString?: string;
  /**
   * IAM, RBAC: the disabled default user still has a password (RBAC: the same secret, so none is
   * ever in a template), so that were it ever switched on, it would not be open. False with IAM,
   * where no password exists at all: the default user is off and has no command, and being named
   * `default` it cannot be an IAM user (ElastiCache wants user id = user name for those).
   */
  readonly defaultUserPasswordProtected?: boolean;
  /** RBAC, AUTH_TOKEN: the generated password may contain spaces (false: ElastiCache rejects them). */
  readonly passwordIncludesSpace?: boolean;
  /**
   * AUTH_TOKEN only: how a changed token is applied, `ROTATE` (old and new both accepted until
   * clients move). Terraform's `auth_token_update_strategy`; CloudFormation has no such property
   * and rotates the same way.
   */
  readonly tokenUpdateStrategy?: string;
  /** RBAC, AUTH_TOKEN: what happens to the credentials secret when it leaves the stack: DESTROY with the cluster, else RETAIN (a secret has no snapshot). */
  readonly secretRemovalPolicy?: RemovalPolicy;
}

/** One cache node, as ElastiCache names it: what alarms and metrics are keyed by. */
export interface CacheNodePlan {
  /**
   * Readable, stable id of the node: `<clusterId>-<shardId>-<nnn>` in cluster mode,
   * `<clusterId>-<nnn>` with cluster mode off, `<clusterId>-<nodeId>` for Memcached. Its alarms'
   * construct ids and names start with it.
   */
  readonly id: string;
  /** The shard (node group) the node belongs to (Memcached: the node id). */
  readonly shardId: string;
  /** AZ index of the node. */
  readonly az: number;
  /** The shard's primary (every Memcached node is one). */
  readonly primary: boolean;
  /** CloudWatch dimensions of the node's AWS/ElastiCache metrics: `CacheClusterId` (and `CacheNodeId` for Memcached). */
  readonly dimensions: { [name: string]: string };
}

/** The resolved snapshots. */
export interface CacheSnapshotPlan {
  /** Days kept; 0 means no automatic snapshots. */
  readonly retentionDays: number;
  /** Daily window, UTC (absent when snapshots are off). */
  readonly window?: string;
  /** Name of the final snapshot taken on removal (removal policy SNAPSHOT). */
  readonly finalSnapshotName?: string;
}

/** The resolved parameter group. */
export interface CacheParameterGroupPlan {
  /** Parameter group name, `<clusterId>-params`. */
  readonly name: string;
  /** Parameter group family, e.g. `valkey8`, `redis7`, `memcached1.6`. */
  readonly family: string;
  /** Parameters set explicitly. */
  readonly parameters: { [name: string]: string };
}

/** One log delivery of a Valkey/Redis replication group (LogDeliveryConfigurations). */
export interface CacheLogDeliveryPlan {
  readonly logType: CacheLogType;
  /** ElastiCache's spelling: `slow-log` or `engine-log`. */
  readonly logTypeName: string;
  /** `cloudwatch-logs`. */
  readonly destinationType: string;
  /** `json`. */
  readonly logFormat: string;
  /** Log group the backend creates, e.g. `/scaleblocks/cache/slow-log`. */
  readonly logGroupName: string;
  /** Days the log group keeps events. */
  readonly retentionDays: number;
}

/** One CloudWatch alarm on the cache (namespace AWS/ElastiCache, per node). */
export interface CacheAlarmPlan extends AlarmPlan {
  /** One alarm per node: the backend repeats it for every `CacheClusterId` of the group (`<clusterId>-<shardId>-<00n>`). */
  readonly perNode: boolean;
}

/** The resolved application tier: an ElastiCache replication group (Valkey/Redis) or cluster (Memcached). */
export interface ApplicationCachePlan {
  readonly engine: CacheEngine;
  /** Engine name as ElastiCache spells it: `valkey`, `redis` or `memcached`. */
  readonly engineName: string;
  readonly engineVersion: string;
  /** Replication group id (Valkey/Redis) or cluster id (Memcached). */
  readonly clusterId: string;
  /** ReplicationGroupDescription (Valkey/Redis) or the cluster's description. */
  readonly description: string;
  /** Cache subnet group the backend creates over the private subnets of `azCount` AZs, `<clusterId>-subnets`. */
  readonly subnetGroupName: string;
  readonly nodeType: string;
  /** Node memory as AWS lists it, GiB. */
  readonly nodeMemoryGiB: number;
  /** Node memory minus the reserved share, GiB. */
  readonly usableMemoryGiBPerNode: number;
  readonly clusterMode: boolean;
  /** Shards (Memcached: nodes). */
  readonly shards: number;
  readonly replicasPerShard: number;
  /** Every node: shards x (1 + replicas). */
  readonly nodeCount: number;
  readonly azCount: number;
  /** Per shard: the AZ of its primary and replicas. */
  readonly placement: CacheShardPlacementPlan[];
  /**
   * Memcached only: `cross-az` when the nodes are in two AZs or more, else `single-az` (one node,
   * or every node in one AZ); absent for Valkey/Redis.
   */
  readonly azMode?: string;
  /**
   * AZ indexes of the nodes in the order ElastiCache takes them: Memcached, every node's
   * (`PreferredAvailabilityZones`); cluster mode off, the primary's then each replica's
   * (`PreferredCacheClusterAZs`); empty in cluster mode, where each node group names its own.
   */
  readonly preferredAzs: number[];
  /** Every node, in placement order: shard by shard, primary first. */
  readonly nodes: CacheNodePlan[];
  /** The address clients connect to: the configuration endpoint (cluster mode, Memcached) or the primary endpoint. */
  readonly endpoint: CacheEnvironmentValue;
  /** The block exposes a reader endpoint (cluster mode off with replicas). */
  readonly readerEndpoint: boolean;
  /** Dimensions of cluster-wide alarms (those not `perNode`): `CacheClusterId` = the cluster id. */
  readonly clusterDimensions: { [name: string]: string };
  /** The nodes' security group allows no outbound traffic (a cache never calls out). */
  readonly allowAllOutbound: boolean;
  readonly multiAz: boolean;
  /** Promote a replica when a primary fails: required in cluster mode, possible with cluster mode off only with replicas. */
  readonly automaticFailover: boolean;
  readonly port: number;
  readonly atRestEncryption: boolean;
  readonly kmsKeyArn?: string;
  readonly transitEncryption: boolean;
  /** Valkey/Redis with TLS: `required` (clients must use TLS); absent otherwise. */
  readonly transitEncryptionMode?: string;
  readonly auth: CacheAuthPlan;
  readonly snapshot: CacheSnapshotPlan;
  readonly maintenanceWindow: string;
  readonly parameterGroup: CacheParameterGroupPlan;
  /** Valkey/Redis only. */
  readonly evictionPolicy?: EvictionPolicy;
  readonly reservedMemoryPercent: number;
  readonly readFromReplica: boolean;
  /** The account's quota of nodes per cluster the sizing checks against. */
  readonly nodesPerClusterQuota: number;
  readonly removalPolicy: RemovalPolicy;
  readonly autoMinorVersionUpgrade: boolean;
  /** The log deliveries of the slow log and the engine log to CloudWatch Logs (empty for Memcached). */
  readonly logDeliveryConfigurations: CacheLogDeliveryPlan[];
  /** Terraform `apply_immediately`: false, so node type and engine changes wait for the maintenance window. */
  readonly applyImmediately: boolean;
  /** Alarms: memory above the sizing fill limit, engine CPU, evictions, replication lag (with replicas). */
  readonly alarms: CacheAlarmPlan[];
  /** The security group admits only the API tier on `port`. */
  readonly admitOnlyApiTier: boolean;
}

/** One resolved invalidation rule: templates carry the namespace already. */
export interface InvalidationRulePlan {
  /** The kind of write. */
  readonly write: string;
  /** Full key templates to delete, e.g. `cache:q:v1:feed:{userId}`. */
  readonly keys: string[];
  /** Every placeholder the templates use, sorted. */
  readonly placeholders: string[];
}

/** The resolved query tier. */
export interface QueryCachePlan {
  readonly namespace: string;
  /** `<namespace>:`: every query-result key starts with it. */
  readonly keyPrefix: string;
  readonly ttlSeconds: number;
  readonly invalidateOn: InvalidationRulePlan[];
}

/**
 * What the API receives: the invalidation contract and how to reach the cache. Backends inject
 * `environment` as plain variables, `deployTimeEnvironment` resolved from the deployed cache, and
 * `secretEnvironment` from the auth secret (ECS secrets), never as plain text.
 */
export interface CacheClientContractPlan {
  /** Variables known at plan time. */
  readonly environment: { [name: string]: string };
  /** Variable -> a `CacheEnvironmentValue` member, resolved at deploy time. */
  readonly deployTimeEnvironment: { [name: string]: string };
  /** Variable -> JSON key of the auth secret, injected as a secret. */
  readonly secretEnvironment: { [name: string]: string };
}

/** The resolved load. */
export interface TieredCacheLoadPlan {
  readonly workingSetGiB: number;
  readonly readsPerSecond: number;
  readonly writesPerSecond: number;
  /** Reads plus writes. */
  readonly operationsPerSecond: number;
  readonly cdnHitRatio: number;
  readonly applicationHitRatio: number;
  readonly queryHitRatio: number;
  readonly queryReadFraction: number;
  /** Hit ratio of all cache reads: query share x query hit ratio + object share x application hit ratio. */
  readonly effectiveHitRatio: number;
  readonly memoryOverhead: number;
  readonly maxMemoryFill: number;
  readonly operationsPerSecondPerNode: number;
  /** True when the user measured the per-node operations (then a bigger node's figure is unknown). */
  readonly operationsPerSecondPerNodeMeasured: boolean;
  readonly averageItemBytes?: number;
}

/** The resolved TieredCache: every default explicit. Backends render exactly this. */
export interface TieredCachePlan extends BlockPlanBase, BlockFoundationPlan {
  readonly cdn: CdnTierPlan;
  readonly application: ApplicationCachePlan;
  readonly query: QueryCachePlan;
  readonly contract: CacheClientContractPlan;
  readonly load: TieredCacheLoadPlan;
}
