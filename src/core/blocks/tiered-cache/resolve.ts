import { AssumedInput, Assumptions } from '../../assumptions';
import * as catalog from '../../catalog';
import { checkPlanInputs, PLAN_FORMAT_VERSION } from '../../inputs';
import { capacityRow, checkLimit, checkRule, fmtPercent, SizingPolicy, unitsNeededNormal } from '../../sizing/capacity';
import { Scenario, SizingRow, Verdict } from '../../sizing/report';
import { fmt, objectOrEmpty, Rules } from '../../validation';
import {
  ARN_PATTERN, BlockKind, BlockPlanBase, checkName, DEFAULT_AZS, enumValues, MAX_AZS, MIN_AZS, PlanContext, RemovalPolicy,
  resolveSizingPolicy, SizingBoundsOptions, AlarmComparison, AlarmPlan,
} from '../common';
import { CdnTierOptions, CdnTierPlan, cdnTtlsOrDefaults, checkPathPatterns, checkTtls, DEFAULT_STATIC_PATH_PATTERNS } from '../shared/cdn';

// The CDN tier lives in ./shared/cdn (GlobalCdn borrows it); re-exported so its public import path still works.
export * from '../shared/cdn';

/**
 * TieredCache: three cache tiers in front of the database.
 *
 * - CDN tier: TTLs and the cacheable path patterns that a GlobalCdn renders (its plan's `cdn`).
 * - Application tier: an ElastiCache replication group (Valkey by default, Redis OSS) or a
 *   Memcached cluster: node type, shards x replicas placed across AZs, Multi-AZ failover,
 *   encryption, RBAC or AUTH token in Secrets Manager, snapshots, an eviction policy.
 * - Query tier: TTL and key namespace for query results, and the invalidation contract the
 *   write path follows (seed §7: invalidate the user's feed after a post), handed to the API as
 *   environment variables.
 *
 * Sizing (SIZING-MODEL.md, TieredCache): memory and operations per shard in normal operation
 * and with the worst AZ lost, the ElastiCache node and replica limits, and the database reads a
 * shard without a replica lets through when its AZ is lost.
 */

/** The ElastiCache engine of the application tier. */
export enum CacheEngine {
  /** Valkey (open source, Redis OSS compatible): the default; cheaper than Redis OSS on ElastiCache. */
  VALKEY = 'VALKEY',
  /** Redis OSS. */
  REDIS = 'REDIS',
  /** Memcached: multi-threaded, no replicas, no failover, no snapshots, no at-rest encryption, no AUTH. */
  MEMCACHED = 'MEMCACHED',
}

/** The logs a Valkey/Redis replication group delivers. */
export enum CacheLogType {
  /** SLOWLOG entries (commands slower than slowlog-log-slower-than). */
  SLOW_LOG = 'SLOW_LOG',
  /** The engine log (failovers, replication, cluster events). */
  ENGINE_LOG = 'ENGINE_LOG',
}

/** What the engine evicts when memory is full (Valkey/Redis `maxmemory-policy`). */
export enum EvictionPolicy {
  /** Evict the least recently used key of all keys: the right policy for a pure cache (the default here). */
  ALLKEYS_LRU = 'ALLKEYS_LRU',
  /** Evict the least frequently used key of all keys: better when a few keys stay hot for long. */
  ALLKEYS_LFU = 'ALLKEYS_LFU',
  /** Evict a random key. */
  ALLKEYS_RANDOM = 'ALLKEYS_RANDOM',
  /** Evict the least recently used key among keys with a TTL (ElastiCache's own default). */
  VOLATILE_LRU = 'VOLATILE_LRU',
  /** Evict the least frequently used key among keys with a TTL. */
  VOLATILE_LFU = 'VOLATILE_LFU',
  /** Evict a random key among keys with a TTL. */
  VOLATILE_RANDOM = 'VOLATILE_RANDOM',
  /** Evict the key with a TTL closest to expiry. */
  VOLATILE_TTL = 'VOLATILE_TTL',
  /** Never evict: writes fail once memory is full. Not a cache any more. */
  NOEVICTION = 'NOEVICTION',
}

/** How clients authenticate to the application tier. */
export enum CacheAuthMode {
  /** Role-based access control: an ElastiCache user (password in Secrets Manager) in a user group, the default user disabled. */
  RBAC = 'RBAC',
  /** A single AUTH token (password) in Secrets Manager. */
  AUTH_TOKEN = 'AUTH_TOKEN',
  /** No authentication: only the security group protects the cache (the only choice for Memcached). */
  NONE = 'NONE',
}

/** A value the API receives as environment that is known only once the cache is deployed. */
export enum CacheEnvironmentValue {
  /** Configuration endpoint address: cluster mode on (`ConfigurationEndPoint.Address`) and Memcached (`ConfigurationEndpoint.Address`). */
  CONFIGURATION_ENDPOINT_ADDRESS = 'CONFIGURATION_ENDPOINT_ADDRESS',
  /** Primary endpoint address: Valkey/Redis with cluster mode off (`PrimaryEndPoint.Address`). */
  PRIMARY_ENDPOINT_ADDRESS = 'PRIMARY_ENDPOINT_ADDRESS',
  /** Reader endpoint address (Valkey/Redis with cluster mode off and replicas). */
  READER_ENDPOINT_ADDRESS = 'READER_ENDPOINT_ADDRESS',
  /** ARN of the Secrets Manager secret that holds the cache credentials. */
  AUTH_SECRET_ARN = 'AUTH_SECRET_ARN',
}

// ================================================================================================
// Options
// ================================================================================================

/** Authentication of the application tier. */
export interface CacheAuthOptions {
  /**
   * RBAC user, AUTH token, or none.
   *
   * @default CacheAuthMode.RBAC (Valkey, Redis OSS); CacheAuthMode.NONE (Memcached, which has no other)
   */
  readonly mode?: CacheAuthMode;
  /**
   * RBAC only: the user name the API logs in with.
   *
   * @default '<name>-app'
   */
  readonly userName?: string;
  /**
   * RBAC only: the user's access string.
   *
   * @default 'on ~* &* +@all -@dangerous' (every key and channel, no dangerous commands such as KEYS or FLUSHALL)
   */
  readonly accessString?: string;
}

/** The application tier: an ElastiCache cluster. */
export interface ApplicationCacheOptions {
  /**
   * Engine.
   *
   * @default CacheEngine.VALKEY
   */
  readonly engine?: CacheEngine;
  /**
   * Engine version: major.minor for Valkey (7.2 or later) and Redis OSS (6.2 or later), 1.6.x for Memcached.
   *
   * @default '8.1' (Valkey), '7.1' (Redis OSS), '1.6.22' (Memcached)
   */
  readonly engineVersion?: string;
  /**
   * Node type, from the catalog.
   *
   * @default 'cache.r7g.large'
   */
  readonly nodeType?: string;
  /**
   * Valkey/Redis cluster mode: keys are spread over shards and shards can be added online. Off
   * means exactly one shard.
   *
   * @default true
   */
  readonly clusterMode?: boolean;
  /**
   * Shards (node groups) for Valkey/Redis; for Memcached, the number of nodes (each holds 1/N of the keys).
   *
   * @default - the fewest that carry the declared load (memory and operations, with one AZ lost); at least
   * 1 for Valkey/Redis and one per AZ for Memcached
   */
  readonly shards?: number;
  /**
   * Replicas per shard (Valkey/Redis, 0..5). Memcached has none.
   *
   * @default 1
   */
  readonly replicasPerShard?: number;
  /**
   * Multi-AZ with automatic failover (needs at least one replica per shard).
   *
   * @default - true when there are replicas
   */
  readonly multiAz?: boolean;
  /**
   * Availability Zones the nodes are spread over (2..6): primaries round robin, each shard's
   * replicas in AZs other than its primary's.
   *
   * @default 3
   */
  readonly azCount?: number;
  /**
   * Your account's quota of nodes per Valkey/Redis cluster (90 by default; up to 500 on request).
   *
   * @default 90 (the default quota, from the catalog)
   */
  readonly nodesPerClusterQuota?: number;
  /**
   * Encryption at rest (Valkey/Redis; node-based Memcached does not support it).
   *
   * @default true (Valkey, Redis OSS)
   */
  readonly atRestEncryption?: boolean;
  /**
   * A customer managed KMS key for encryption at rest.
   *
   * @default - the ElastiCache service key
   */
  readonly kmsKeyArn?: string;
  /**
   * TLS between clients and nodes and between nodes (Memcached 1.6.12 or later).
   *
   * @default true
   */
  readonly transitEncryption?: boolean;
  /**
   * Authentication.
   *
   * @default - an RBAC user whose password is in Secrets Manager (Valkey, Redis OSS)
   */
  readonly auth?: CacheAuthOptions;
  /**
   * Days of automatic snapshots kept (0 = off; Valkey/Redis only).
   *
   * @default 7
   */
  readonly snapshotRetentionDays?: number;
  /**
   * Daily snapshot window, UTC, `hh:mm-hh:mm`, at least 60 minutes.
   *
   * @default '03:00-04:00'
   */
  readonly snapshotWindow?: string;
  /**
   * Weekly maintenance window, UTC, `ddd:hh:mm-ddd:hh:mm`, at least 60 minutes, not overlapping the snapshot window.
   *
   * @default 'sun:05:00-sun:06:00'
   */
  readonly maintenanceWindow?: string;
  /**
   * Eviction policy (Valkey/Redis; Memcached always evicts least recently used).
   *
   * @default EvictionPolicy.ALLKEYS_LRU (every key in this tier can be rebuilt from the database)
   */
  readonly evictionPolicy?: EvictionPolicy;
  /**
   * Share of node memory reserved for non-data use (backups, replication, fragmentation), 0..100.
   *
   * @default - 25 (the ElastiCache default); 30 on small nodes and 50 on micro nodes, as AWS advises
   */
  readonly reservedMemoryPercent?: number;
  /**
   * Clients read from replicas too (Valkey/Redis with replicas). Replication is asynchronous: a
   * read right after an invalidation may see the old value on a replica.
   *
   * @default false
   */
  readonly readFromReplica?: boolean;
  /**
   * Port the nodes listen on.
   *
   * @default 6379 (Valkey, Redis OSS), 11211 (Memcached)
   */
  readonly port?: number;
  /**
   * What happens to the cluster when it leaves the stack.
   *
   * @default RemovalPolicy.SNAPSHOT (Valkey, Redis OSS: a final snapshot, then delete); RemovalPolicy.RETAIN (Memcached, which cannot snapshot)
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** One invalidation rule: the keys to delete when a kind of write happens. */
export interface InvalidationRuleOptions {
  /** The kind of write, e.g. `post` (letters, digits, `_`, `.`, `-`). */
  readonly write: string;
  /**
   * Key templates to delete after that write, relative to the query namespace, with `{placeholders}`:
   * e.g. `feed:{userId}`. Exact keys only: no wildcards.
   */
  readonly keys: string[];
}

/** The query tier: cached query results and their invalidation contract. */
export interface QueryCacheOptions {
  /**
   * Key namespace (prefix) of query results. Put a version in it: changing it invalidates every
   * query result at once.
   *
   * @default '<name>:q:v1'
   */
  readonly namespace?: string;
  /**
   * TTL of a cached query result, in seconds (1 to 30 days, the longest relative TTL Memcached takes): the bound on staleness when an
   * invalidation is missed.
   *
   * @default 300
   */
  readonly ttlSeconds?: number;
  /**
   * Which keys each kind of write invalidates.
   *
   * @default - none
   */
  readonly invalidateOn?: InvalidationRuleOptions[];
}

/** The load the cache must carry. */
export interface TieredCacheLoadOptions {
  /**
   * Raw size of the data the cache must hold (values and keys), in GiB.
   *
   * @default - 0: no working set declared
   */
  readonly workingSetGiB?: number;
  /**
   * Cache reads (GET and the like) per second at peak. In a SystemSpec this comes from the API.
   *
   * @default - 0: no load declared
   */
  readonly readsPerSecond?: number;
  /**
   * Cache writes (SET, DEL, invalidations) per second at peak.
   *
   * @default - a tenth of the reads
   */
  readonly writesPerSecond?: number;
  /**
   * Share of all client requests the CDN answers without reaching the origin.
   *
   * @default 0.5
   */
  readonly cdnHitRatio?: number;
  /**
   * Share of application-tier lookups (objects) that hit.
   *
   * @default 0.9
   */
  readonly applicationHitRatio?: number;
  /**
   * Share of query-tier lookups (query results) that hit.
   *
   * @default 0.8
   */
  readonly queryHitRatio?: number;
  /**
   * Share of the cache reads that are query-result lookups (the rest are object lookups).
   *
   * @default 0.5
   */
  readonly queryReadFraction?: number;
  /**
   * Memory overhead of the data structures over the raw working set: memory = raw x (1 + overhead).
   *
   * @default 1.0 (Redis structures take about twice the raw size; from the catalog)
   */
  readonly memoryOverhead?: number;
  /**
   * Highest fill of the usable memory (after the reserved share).
   *
   * @default 0.8 (from the catalog)
   */
  readonly maxMemoryFill?: number;
  /**
   * Simple operations/s one node sustains, as you measured it.
   *
   * @default - the catalog's assumed figure for the node size
   */
  readonly operationsPerSecondPerNode?: number;
  /**
   * Average size of a value read or written, in bytes: adds a network-bandwidth row.
   *
   * @default - no network row
   */
  readonly averageItemBytes?: number;
}

/** Options of a TieredCache: CDN, application and query tiers. */
export interface TieredCacheOptions {
  /**
   * Name: DNS-safe, used in resource names (the replication group id) and the report.
   *
   * @default 'cache'
   */
  readonly name?: string;
  /**
   * The CDN tier.
   *
   * @default - static paths cached with CloudFront's default TTLs
   */
  readonly cdn?: CdnTierOptions;
  /**
   * The application tier.
   *
   * @default - Valkey on cache.r7g.large, cluster mode, one replica per shard over 3 AZs, encrypted, RBAC
   */
  readonly application?: ApplicationCacheOptions;
  /**
   * The query tier.
   *
   * @default - namespace '<name>:q:v1', TTL 300 s, no invalidation rules
   */
  readonly query?: QueryCacheOptions;
  /** The load the cache must carry. */
  readonly load?: TieredCacheLoadOptions;
  /**
   * Utilisation bounds for the operations rows (memory uses `load.maxMemoryFill`).
   *
   * @default - 0.7 normal, 0.9 with one AZ lost
   */
  readonly sizing?: SizingBoundsOptions;
}

// ================================================================================================
// Plan
// ================================================================================================

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
  /** Name of the Secrets Manager secret that holds the credentials (JSON `{ username?, password }`); never a value. */
  readonly secretName?: string;
  /** Length of the generated password. */
  readonly passwordLength?: number;
  /** Characters the generated password must not contain (ElastiCache rejects them). */
  readonly excludeCharacters?: string;
  /** RBAC: id of the ElastiCache user the API logs in as. */
  readonly userId?: string;
  /** RBAC: its user name. */
  readonly userName?: string;
  /** RBAC: its access string. */
  readonly accessString?: string;
  /** RBAC: id of the required `default` user, created disabled (`off -@all`). */
  readonly defaultUserId?: string;
  /** RBAC: id of the user group. */
  readonly userGroupId?: string;
  /** RBAC: name of the user every user group must hold, `default`. */
  readonly defaultUserName?: string;
  /** RBAC: access string of that user, `off -@all` (disabled, no command). */
  readonly defaultUserAccessString?: string;
  /**
   * RBAC: the disabled default user still has a password (the same secret, so none is ever in a
   * template): were it ever switched on, it would not be open.
   */
  readonly defaultUserPasswordProtected?: boolean;
  /** The generated password may contain spaces (false: ElastiCache rejects them). */
  readonly passwordIncludesSpace?: boolean;
  /**
   * AUTH_TOKEN only: how a changed token is applied, `ROTATE` (old and new both accepted until
   * clients move). Terraform's `auth_token_update_strategy`; CloudFormation has no such property
   * and rotates the same way.
   */
  readonly tokenUpdateStrategy?: string;
  /** What happens to the credentials secret when it leaves the stack: DESTROY with the cluster, else RETAIN (a secret has no snapshot). */
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
export interface TieredCachePlan extends BlockPlanBase {
  readonly cdn: CdnTierPlan;
  readonly application: ApplicationCachePlan;
  readonly query: QueryCachePlan;
  readonly contract: CacheClientContractPlan;
  readonly load: TieredCacheLoadPlan;
  /** Days the flow logs of the network the block creates (when it is given none) are kept. */
  readonly networkFlowLogRetentionDays: number;
}

// ================================================================================================
// Engines
// ================================================================================================

const ENGINE_NAME: Record<CacheEngine, string> = {
  [CacheEngine.VALKEY]: 'valkey',
  [CacheEngine.REDIS]: 'redis',
  [CacheEngine.MEMCACHED]: 'memcached',
};

const DEFAULT_ENGINE_VERSION: Record<CacheEngine, string> = {
  [CacheEngine.VALKEY]: '8.1',
  [CacheEngine.REDIS]: '7.1',
  [CacheEngine.MEMCACHED]: '1.6.22',
};

/** The parameter group family of an engine version, or undefined when the version is not supported. */
export function cacheParameterGroupFamily(engine: CacheEngine, version: string): string | undefined {
  if (typeof version !== 'string') return undefined;
  if (engine === CacheEngine.MEMCACHED) {
    const m = /^1\.6\.(\d{1,3})$/.exec(version);
    return m ? 'memcached1.6' : undefined;
  }
  const m = /^(\d{1,2})\.(\d{1,2})$/.exec(version);
  if (!m) return undefined;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (engine === CacheEngine.VALKEY) {
    return major > 7 || (major === 7 && minor >= 2) ? `valkey${major}` : undefined;
  }
  if (major === 6) return minor >= 2 ? 'redis6.x' : undefined;
  return major >= 7 ? `redis${major}` : undefined;
}

const ENGINE_VERSION_ALLOWED: Record<CacheEngine, string> = {
  [CacheEngine.VALKEY]: 'a Valkey version 7.2 or later, as major.minor (e.g. 8.1)',
  [CacheEngine.REDIS]: 'a Redis OSS version 6.2 or later, as major.minor (e.g. 7.1)',
  [CacheEngine.MEMCACHED]: 'a Memcached 1.6 version, as 1.6.patch (e.g. 1.6.22)',
};

function memcachedPatch(version: string): number {
  const m = /^1\.6\.(\d{1,3})$/.exec(version);
  return m ? Number(m[1]) : -1;
}

const EVICTION_PARAMETER: Record<EvictionPolicy, string> = {
  [EvictionPolicy.ALLKEYS_LRU]: 'allkeys-lru',
  [EvictionPolicy.ALLKEYS_LFU]: 'allkeys-lfu',
  [EvictionPolicy.ALLKEYS_RANDOM]: 'allkeys-random',
  [EvictionPolicy.VOLATILE_LRU]: 'volatile-lru',
  [EvictionPolicy.VOLATILE_LFU]: 'volatile-lfu',
  [EvictionPolicy.VOLATILE_RANDOM]: 'volatile-random',
  [EvictionPolicy.VOLATILE_TTL]: 'volatile-ttl',
  [EvictionPolicy.NOEVICTION]: 'noeviction',
};

/** `hh:mm-hh:mm`. */
const DAILY_WINDOW = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;
/** `ddd:hh:mm-ddd:hh:mm`. */
const WEEKLY_WINDOW = /^(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)-(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)$/;
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const WEEK = 7 * 1440;

/** Minute ranges [start, end) of a window on the weekly circle, wrapped ranges split in two. */
function weeklyRanges(start: number, length: number): Array<[number, number]> {
  const s = ((start % WEEK) + WEEK) % WEEK;
  return s + length <= WEEK ? [[s, s + length]] : [[s, WEEK], [0, s + length - WEEK]];
}

function parseDaily(w: string): { start: number; length: number } | undefined {
  const m = DAILY_WINDOW.exec(w);
  if (!m) return undefined;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  return { start, length: ((end - start + 1440) % 1440) || 1440 };
}

function parseWeekly(w: string): { start: number; length: number } | undefined {
  const m = WEEKLY_WINDOW.exec(w);
  if (!m) return undefined;
  const start = DAYS.indexOf(m[1]) * 1440 + Number(m[2]) * 60 + Number(m[3]);
  const end = DAYS.indexOf(m[4]) * 1440 + Number(m[5]) * 60 + Number(m[6]);
  return { start, length: ((end - start + WEEK) % WEEK) || WEEK };
}

function overlaps(a: Array<[number, number]>, b: Array<[number, number]>): boolean {
  return a.some(([s1, e1]) => b.some(([s2, e2]) => s1 < e2 && s2 < e1));
}

// ================================================================================================
// Placement and the sizing arithmetic the plan and the check share
// ================================================================================================

/**
 * Places shards over AZs: primaries round robin; each shard's replicas round robin over the
 * other AZs, starting with the next one, so no replica shares its primary's AZ when there are
 * two AZs or more.
 */
export function placeCacheShards(shards: number, replicasPerShard: number, azCount: number): CacheShardPlacementPlan[] {
  const az = Math.max(1, Math.floor(azCount));
  const out: CacheShardPlacementPlan[] = [];
  for (let i = 0; i < shards; i++) {
    const primaryAz = i % az;
    const others = Array.from({ length: az - 1 }, (_, j) => (primaryAz + 1 + j) % az);
    const replicaAzs = Array.from({ length: replicasPerShard }, (_, j) => (others.length ? others[j % others.length] : primaryAz));
    out.push({ shardId: String(i + 1).padStart(4, '0'), primaryAz, replicaAzs });
  }
  return out;
}

/** What losing one AZ does to a placement. */
export interface CacheAzLoss {
  /** The AZ lost (index). */
  readonly az: number;
  /** Shards whose every node was in that AZ: their data is gone. */
  readonly lostShards: number;
  /** Fewest nodes left in any surviving shard (0 when no shard survives). */
  readonly minNodesLeft: number;
}

/** Every AZ's loss, for the AZs the placement uses (at least `azCount`). */
export function cacheAzLosses(placement: CacheShardPlacementPlan[], azCount: number): CacheAzLoss[] {
  const used = placement.reduce((m, p) => Math.max(m, p.primaryAz, ...p.replicaAzs), -1) + 1;
  const azs = Math.max(used, Math.floor(azCount), 1);
  const out: CacheAzLoss[] = [];
  for (let a = 0; a < azs; a++) {
    let lost = 0;
    let minLeft = Number.POSITIVE_INFINITY;
    for (const p of placement) {
      const nodes = [p.primaryAz, ...p.replicaAzs];
      const left = nodes.filter((z) => z !== a).length;
      if (left === 0) lost++; else minLeft = Math.min(minLeft, left);
    }
    out.push({ az: a, lostShards: lost, minNodesLeft: Number.isFinite(minLeft) ? minLeft : 0 });
  }
  return out;
}

/**
 * Operations/s one shard carries for a read/write mix, when `serving` nodes take reads: each node
 * executes (primary) or replays (replica) every write of the shard, and reads spread over the
 * serving nodes. Per node demand W/S + R/(S n) against k gives k n (R + W) / (R + W n) per shard.
 */
export function shardOperationsCapacity(opsPerNode: number, serving: number, reads: number, writes: number): number {
  const n = Math.max(1, serving);
  const d = reads + writes;
  if (d <= 0) return opsPerNode * n;
  return (opsPerNode * n * d) / (reads + writes * n);
}

/** Usable memory of one node: node memory minus the reserved share. */
export function usableNodeMemoryGiB(node: catalog.CacheNodeSpec, reservedMemoryPercent: number): number {
  return node.memoryGiB * (1 - reservedMemoryPercent / 100);
}

function reservedDefaultFor(node: catalog.CacheNodeSpec | undefined): { value: number; reason: string } {
  const q = catalog.QUOTAS.elastiCache;
  if (node && node.size === 'micro') {
    return { value: q.reservedMemoryPercentMicroOrTiering.value, reason: 'AWS advises 50 % on micro nodes (catalog)' };
  }
  if (node && node.burstable) {
    return { value: q.reservedMemoryPercentSmallNodes.value, reason: 'AWS advises up to 30 % on small nodes (catalog)' };
  }
  return { value: q.reservedMemoryPercentDefault.value, reason: 'reserved-memory-percent of the default parameter group (catalog)' };
}

/** The most shards a layout may have: 1 with cluster mode off, the nodes quota over the nodes per shard otherwise. */
export function maxCacheShards(engine: CacheEngine, clusterMode: boolean, replicasPerShard: number, nodesPerClusterQuota: number): number {
  const q = catalog.QUOTAS.elastiCache;
  if (engine === CacheEngine.MEMCACHED) return q.memcachedNodesMax.value;
  if (!clusterMode) return q.shardsClusterModeDisabled.value;
  const quota = Math.min(nodesPerClusterQuota, q.nodesPerClusterMax.value);
  return Math.max(1, Math.floor(quota / (1 + replicasPerShard)));
}

// ================================================================================================
// Plan
// ================================================================================================

const DEFAULT_NODE_TYPE = 'cache.r7g.large';
const DEFAULT_ACCESS_STRING = 'on ~* &* +@all -@dangerous';
/** Generated password length, within the catalog's 16..128 characters of an AUTH token or RBAC password. */
const PASSWORD_LENGTH = 32;
/** Days the slow-log and engine-log groups keep events. */
const LOG_RETENTION_DAYS = 30;
/** Days the flow logs of a network the block creates are kept (a year of network forensics). */
const FLOW_LOG_RETENTION_DAYS = 365;
const WRITE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const NAMESPACE = /^[A-Za-z0-9][A-Za-z0-9:_.-]{0,63}$/;
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]{0,63})\}/g;
/** Key template: literal characters without braces, spaces or glob characters, and `{placeholders}`. */
const KEY_TEMPLATE = /^(?:[A-Za-z0-9:_.\-/|#=+@]|\{[A-Za-z_][A-Za-z0-9_]{0,63}\})+$/;
const USER_NAME = /^[a-zA-Z](?:[a-zA-Z0-9]|-(?!-)){0,38}[a-zA-Z0-9]$/;
const MAX_INVALIDATION_RULES = 100;
const MAX_KEYS_PER_RULE = 20;

/**
 * Characters a generated AUTH token or RBAC password must not contain (Secrets Manager
 * `ExcludeCharacters`): every printable ASCII character that is neither a letter, a digit nor one
 * of the catalog's allowed specials (`! & # $ ^ < > -`). Excluding fewer lets Secrets Manager
 * generate a token ElastiCache rejects at deploy time.
 */
export function cachePasswordExcludedCharacters(): string {
  const allowed = catalog.CHARACTER_RULES.elastiCacheAuthTokenSpecials.value;
  let out = '';
  for (let c = 0x20; c <= 0x7e; c++) {
    const ch = String.fromCharCode(c);
    if (!/[A-Za-z0-9]/.test(ch) && !allowed.includes(ch)) out += ch;
  }
  return out;
}

/** Placeholders of a key template, in order of appearance, without duplicates. */
function placeholdersOf(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (!out.includes(m[1])) out.push(m[1]);
  }
  return out;
}

function secretNameFor(path: string): string {
  const safe = path.replace(/[^A-Za-z0-9/_+=.@-]/g, '-').replace(/^\/+|\/+$/g, '');
  return `scaleblocks/${safe}/cache-auth`;
}

/**
 * Validates options and resolves every default of a TieredCache.
 *
 * @throws ValidationError listing every invalid prop
 */
export function planTieredCache(options: TieredCacheOptions = {}, context: PlanContext = {}): TieredCachePlan {
  checkPlanInputs(options, context, 'cache', 'TieredCacheOptions');
  const o = objectOrEmpty<TieredCacheOptions>(options);
  const name = o.name ?? 'cache';
  /** The name for derived strings, safe even when `name` is garbage (the rule below reports it). */
  const nameStr = typeof name === 'string' ? name : 'cache';
  const path = context.path ?? nameStr;
  const rules = new Rules(path);
  const assumed = new Assumptions(context.specPrefix ?? nameStr);
  if (checkName(rules, name)) {
    rules.check('name', name, !name.includes('--') && !name.endsWith('-'),
      'an ElastiCache id: no two hyphens in a row and no hyphen at the end');
  }
  const sizing = resolveSizingPolicy(rules, assumed, o.sizing);

  // --- CDN tier -------------------------------------------------------------------------------
  const cdnO = rules.object('cdn', o.cdn);
  const cf = catalog.QUOTAS.cloudFront;
  const { minTtlSeconds, defaultTtlSeconds, maxTtlSeconds } = cdnTtlsOrDefaults(cdnO);
  checkTtls(rules, 'cdn', minTtlSeconds, defaultTtlSeconds, maxTtlSeconds);
  const pathPatterns = checkPathPatterns(rules, 'cdn.pathPatterns', cdnO.pathPatterns, cf.cacheBehaviorsPerDistribution.value)
    ?? [...DEFAULT_STATIC_PATH_PATTERNS];

  // --- load (needed by the default shard count) -----------------------------------------------
  const l = rules.object('load', o.load);
  rules.number('load.workingSetGiB', l.workingSetGiB, 0, 1e6, 'GiB');
  rules.number('load.readsPerSecond', l.readsPerSecond, 0, 1e10, 'reads/s');
  rules.number('load.writesPerSecond', l.writesPerSecond, 0, 1e10, 'writes/s');
  rules.fraction('load.cdnHitRatio', l.cdnHitRatio);
  rules.fraction('load.applicationHitRatio', l.applicationHitRatio);
  rules.fraction('load.queryHitRatio', l.queryHitRatio);
  rules.fraction('load.queryReadFraction', l.queryReadFraction);
  rules.number('load.memoryOverhead', l.memoryOverhead, 0, 10, '(fraction of the raw size)');
  rules.fraction('load.maxMemoryFill', l.maxMemoryFill, false, true);
  rules.number('load.operationsPerSecondPerNode', l.operationsPerSecondPerNode, 1, 1e8, 'operations/s');
  rules.positive('load.averageItemBytes', l.averageItemBytes, 536_870_912, 'bytes');
  const workingSetGiB = assumed.take('load.workingSetGiB', l.workingSetGiB, 0, 'no working set declared: nothing to size memory against',
    (v) => `${fmt(v)} GiB`);
  const readsPerSecond = assumed.take('load.readsPerSecond', l.readsPerSecond, 0, 'no cache reads declared: nothing to size operations against');
  const A = catalog.ASSUMED;
  const writesPerSecond = assumed.take('load.writesPerSecond', l.writesPerSecond, typeof readsPerSecond === 'number' ? readsPerSecond / A.cacheReadsPerWrite.value : 0,
    'a read-heavy cache: one write (set or invalidation) per ten reads', (v) => `${fmt(v)} writes/s`);
  const cdnHitRatio = assumed.take('load.cdnHitRatio', l.cdnHitRatio, A.cdnHitRatio.value,
    'conservative share of client requests answered at the edge when API paths are not cached: measure CloudFront CacheHitRate');
  const applicationHitRatio = assumed.take('load.applicationHitRatio', l.applicationHitRatio, A.applicationCacheHitRatio.value,
    'a well-sized cache-aside object cache: measure ElastiCache CacheHitRate');
  const queryHitRatio = assumed.take('load.queryHitRatio', l.queryHitRatio, A.queryCacheHitRatio.value,
    'query results are invalidated on writes, so they hit less often than objects');
  const queryReadFraction = assumed.take('load.queryReadFraction', l.queryReadFraction, A.queryReadFraction.value, 'half the cache reads are query results');
  const overheadA = catalog.ASSUMED.cacheMemoryOverhead;
  const memoryOverhead = assumed.take('load.memoryOverhead', l.memoryOverhead, overheadA.value, overheadA.reasoning);
  const fillA = catalog.ASSUMED.cacheMemoryFillMax;
  const maxMemoryFill = assumed.take('load.maxMemoryFill', l.maxMemoryFill, fillA.value, fillA.reasoning);

  // --- application tier -----------------------------------------------------------------------
  const a = rules.object('application', o.application);
  const q = catalog.QUOTAS.elastiCache;
  const engine = a.engine ?? CacheEngine.VALKEY;
  const engineOk = rules.oneOf('application.engine', engine, enumValues(CacheEngine));
  const memcached = engine === CacheEngine.MEMCACHED;
  const engineVersion = a.engineVersion ?? DEFAULT_ENGINE_VERSION[engineOk ? engine : CacheEngine.VALKEY];
  const family = engineOk ? cacheParameterGroupFamily(engine, engineVersion) : undefined;
  if (engineOk) rules.check('application.engineVersion', engineVersion, family !== undefined, ENGINE_VERSION_ALLOWED[engine]);

  const nodeType = assumed.take('application.nodeType', a.nodeType, DEFAULT_NODE_TYPE,
    'memory-optimized Graviton3 node: the most GiB per dollar for a cache');
  const node = typeof nodeType === 'string' ? catalog.cacheNode(nodeType) : undefined;
  rules.check('application.nodeType', nodeType, node !== undefined, `an ElastiCache node type in the catalog: ${catalog.knownCacheNodes().join(', ')}`);

  const azCount = a.azCount ?? DEFAULT_AZS;
  rules.integer('application.azCount', azCount, MIN_AZS, MAX_AZS);

  const clusterMode = rules.booleanOr('application.clusterMode', a.clusterMode, !memcached);
  if (memcached) rules.check('application.clusterMode', a.clusterMode, a.clusterMode === undefined || a.clusterMode === false, 'unset with MEMCACHED (Memcached has no cluster mode; clients hash keys over the nodes)');

  const replicasPerShard = memcached ? (a.replicasPerShard ?? 0) : assumed.take('application.replicasPerShard', a.replicasPerShard, 1,
    'one replica per shard: failover and no data loss when an AZ is lost');
  if (memcached) {
    rules.check('application.replicasPerShard', a.replicasPerShard, a.replicasPerShard === undefined || a.replicasPerShard === 0, '0 or unset with MEMCACHED (Memcached has no replicas)');
  } else {
    rules.integer('application.replicasPerShard', replicasPerShard, q.replicasPerShardMin.value, q.replicasPerShardMax.value, 'replicas');
  }
  const replicasOk = Number.isInteger(replicasPerShard) && replicasPerShard >= 0 && replicasPerShard <= q.replicasPerShardMax.value;

  const nodesPerClusterQuota = a.nodesPerClusterQuota ?? q.nodesPerClusterDefault.value;
  rules.integer('application.nodesPerClusterQuota', nodesPerClusterQuota, 1, q.nodesPerClusterMax.value, 'nodes');
  if (memcached) rules.check('application.nodesPerClusterQuota', a.nodesPerClusterQuota, a.nodesPerClusterQuota === undefined, 'unset with MEMCACHED (its limit is the node count per cluster)');

  const multiAzDefault = !memcached && replicasOk && replicasPerShard >= 1;
  const multiAz = rules.booleanOr('application.multiAz', a.multiAz, multiAzDefault);
  if (memcached) {
    rules.check('application.multiAz', a.multiAz, a.multiAz !== true, 'false or unset with MEMCACHED (no replicas, no failover; nodes are spread over AZs)');
  } else if (replicasOk) {
    rules.check('application.multiAz', a.multiAz, !(a.multiAz === true && replicasPerShard === 0),
      'false or unset with application.replicasPerShard 0 (Multi-AZ failover promotes a replica: give at least one)');
  }

  const readFromReplica = rules.booleanOr('application.readFromReplica', a.readFromReplica, false);
  if (readFromReplica) {
    rules.check('application.readFromReplica', a.readFromReplica, !memcached && replicasOk && replicasPerShard >= 1,
      'false or unset without replicas (there is no replica to read from)');
  }

  const transitEncryption = rules.booleanOr('application.transitEncryption', a.transitEncryption, true);
  if (memcached && transitEncryption && family) {
    rules.check('application.engineVersion', engineVersion, memcachedPatch(engineVersion) >= 12,
      'Memcached 1.6.12 or later with transitEncryption (earlier versions have no TLS)');
  }
  const atRestEncryption = rules.booleanOr('application.atRestEncryption', a.atRestEncryption, !memcached);
  if (memcached) rules.check('application.atRestEncryption', a.atRestEncryption, a.atRestEncryption !== true, 'false or unset with MEMCACHED (node-based Memcached has no encryption at rest)');
  rules.matches('application.kmsKeyArn', a.kmsKeyArn, ARN_PATTERN, 'a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)');
  if (a.kmsKeyArn !== undefined) {
    rules.check('application.kmsKeyArn', a.kmsKeyArn, atRestEncryption && !memcached, 'unset unless encryption at rest is on (Valkey, Redis OSS)');
  }

  // Auth.
  const authO = rules.object('application.auth', a.auth);
  const authMode = authO.mode ?? (memcached ? CacheAuthMode.NONE : CacheAuthMode.RBAC);
  const authOk = rules.oneOf('application.auth.mode', authMode, enumValues(CacheAuthMode));
  if (memcached) rules.check('application.auth.mode', authO.mode, authMode === CacheAuthMode.NONE, 'NONE or unset with MEMCACHED (node-based Memcached has no AUTH or RBAC)');
  if (authOk && authMode !== CacheAuthMode.NONE) {
    rules.check('application.transitEncryption', transitEncryption, transitEncryption, `true with auth mode ${authMode} (ElastiCache requires TLS for AUTH and RBAC)`);
  }
  const rbac = authMode === CacheAuthMode.RBAC;
  const userName = authO.userName ?? `${nameStr}-app`;
  if (authO.userName !== undefined) {
    rules.check('application.auth.userName', userName, typeof userName === 'string' && USER_NAME.test(userName) && userName !== 'default',
      'an ElastiCache user name: 2 to 40 letters, digits and single hyphens, starting with a letter, not ending with a hyphen, not "default"');
    if (!rbac) rules.check('application.auth.userName', authO.userName, false, 'unset unless auth mode is RBAC');
  }
  const accessString = authO.accessString ?? DEFAULT_ACCESS_STRING;
  if (authO.accessString !== undefined) {
    rules.check('application.auth.accessString', accessString, typeof accessString === 'string' && /^(on|off)( \S+)*$/.test(accessString) && accessString.length <= 2048,
      'an ElastiCache access string such as "on ~app:* +@read +@write" (on/off, then key, channel and command rules)');
    if (!rbac) rules.check('application.auth.accessString', authO.accessString, false, 'unset unless auth mode is RBAC');
  }

  // Snapshots, windows, parameters.
  const snapshotRetentionDays = a.snapshotRetentionDays ?? (memcached ? 0 : 7);
  if (memcached) {
    rules.check('application.snapshotRetentionDays', a.snapshotRetentionDays, a.snapshotRetentionDays === undefined || a.snapshotRetentionDays === 0, '0 or unset with MEMCACHED (Memcached has no snapshots)');
  } else {
    rules.integer('application.snapshotRetentionDays', snapshotRetentionDays, 0, catalog.QUOTAS.elastiCache.snapshotRetentionMaxDays.value, 'days');
  }
  const snapshotWindow = a.snapshotWindow ?? '03:00-04:00';
  const maintenanceWindow = a.maintenanceWindow ?? 'sun:05:00-sun:06:00';
  const daily = typeof snapshotWindow === 'string' ? parseDaily(snapshotWindow) : undefined;
  const weekly = typeof maintenanceWindow === 'string' ? parseWeekly(maintenanceWindow) : undefined;
  if (a.snapshotWindow !== undefined) {
    rules.check('application.snapshotWindow', snapshotWindow, daily !== undefined && daily.length >= 60, 'a daily UTC window hh:mm-hh:mm of at least 60 minutes, such as 03:00-04:00');
    if (memcached) rules.check('application.snapshotWindow', snapshotWindow, false, 'unset with MEMCACHED (Memcached has no snapshots)');
  }
  rules.check('application.maintenanceWindow', maintenanceWindow, weekly !== undefined && weekly.length >= 60 && weekly.length <= 1440,
    'a weekly UTC window ddd:hh:mm-ddd:hh:mm of 60 minutes to 24 hours, such as sun:05:00-sun:06:00');
  if (daily && weekly && !memcached && snapshotRetentionDays > 0) {
    const snapshotRanges = DAYS.flatMap((_, d) => weeklyRanges(d * 1440 + daily.start, daily.length));
    rules.check('application.maintenanceWindow', maintenanceWindow, !overlaps(snapshotRanges, weeklyRanges(weekly.start, weekly.length)),
      `a window that does not overlap the snapshot window ${snapshotWindow}`);
  }
  const evictionPolicy = memcached ? undefined : (a.evictionPolicy ?? EvictionPolicy.ALLKEYS_LRU);
  if (memcached) {
    rules.check('application.evictionPolicy', a.evictionPolicy, a.evictionPolicy === undefined, 'unset with MEMCACHED (Memcached always evicts least recently used)');
  } else {
    rules.oneOf('application.evictionPolicy', evictionPolicy, enumValues(EvictionPolicy));
  }
  const reservedDefault = reservedDefaultFor(node);
  const reservedMemoryPercent = assumed.take('application.reservedMemoryPercent', a.reservedMemoryPercent, reservedDefault.value,
    memcached ? 'Memcached has no reserved-memory-percent: the same share is kept for connections and slab fragmentation' : reservedDefault.reason,
    (v) => `${fmt(v)} %`);
  rules.integer('application.reservedMemoryPercent', reservedMemoryPercent, 0, 100, '%');
  const port = a.port ?? (memcached ? 11211 : 6379);
  rules.integer('application.port', port, 1, 65535);
  const removalPolicy = a.removalPolicy ?? (memcached ? RemovalPolicy.RETAIN : RemovalPolicy.SNAPSHOT);
  rules.oneOf('application.removalPolicy', removalPolicy, enumValues(RemovalPolicy));
  if (memcached) rules.check('application.removalPolicy', removalPolicy, removalPolicy !== RemovalPolicy.SNAPSHOT, 'RETAIN or DESTROY with MEMCACHED (Memcached cannot snapshot)');

  // --- query tier -----------------------------------------------------------------------------
  const qo = rules.object('query', o.query);
  const namespace = qo.namespace ?? `${nameStr}:q:v1`;
  rules.check('query.namespace', namespace, typeof namespace === 'string' && NAMESPACE.test(namespace),
    'a key namespace of 1 to 64 letters, digits and :_.- starting with a letter or digit, such as feed:q:v1');
  const queryTtlSeconds = qo.ttlSeconds ?? 300;
  rules.integer('query.ttlSeconds', queryTtlSeconds, 1, catalog.QUOTAS.elastiCache.memcachedRelativeTtlMaxSeconds.value, 's');
  const invalidateOn = resolveInvalidation(rules, qo.invalidateOn, typeof namespace === 'string' ? `${namespace}:` : '');

  // --- per-node operations and the default shard count ----------------------------------------
  const opsA = node ? catalog.cacheOpsPerSecond(node) : undefined;
  const operationsPerSecondPerNode = assumed.take('load.operationsPerSecondPerNode', l.operationsPerSecondPerNode, opsA?.value ?? 1,
    opsA ? `${opsA.reasoning}${memcached ? ' Memcached is multi-threaded: the figure is conservative for it.' : ''}` : 'unknown node type',
    (v) => `${fmt(v)} operations/s per node`);

  const shardsMax = memcached ? q.memcachedNodesMax.value : q.nodesPerClusterMax.value;
  rules.integer('application.shards', a.shards, 1, shardsMax, memcached ? 'nodes' : 'shards');
  if (!memcached && !clusterMode && a.shards !== undefined) {
    rules.check('application.shards', a.shards, a.shards === 1, '1 with clusterMode false (cluster mode off holds one shard)');
  }
  if (!memcached && clusterMode && Number.isInteger(a.shards) && replicasOk) {
    rules.check('application.shards', a.shards, (a.shards as number) * (1 + replicasPerShard) <= q.nodesPerClusterMax.value,
      `at most ${fmt(Math.floor(q.nodesPerClusterMax.value / (1 + replicasPerShard)))} shards with ${replicasPerShard} replicas each (an ElastiCache cluster holds at most ${fmt(q.nodesPerClusterMax.value)} nodes)`);
  }

  rules.throwIfInvalid();
  // From here every option is valid.
  const spec = node as catalog.CacheNodeSpec;
  const usable = usableNodeMemoryGiB(spec, reservedMemoryPercent);
  const maxShards = maxCacheShards(engine, clusterMode, replicasPerShard, nodesPerClusterQuota);
  const memoryPolicy: SizingPolicy = { targetUtilization: maxMemoryFill, maxUtilization: maxMemoryFill, warnMargin: sizing.warnMargin };
  const demandGiB = workingSetGiB * (1 + memoryOverhead);
  const needed = shardsNeeded({
    demandGiB,
    usableGiB: usable,
    memoryPolicy,
    sizing,
    replicasPerShard,
    readFromReplica,
    azCount,
    reads: readsPerSecond,
    writes: writesPerSecond,
    opsPerNode: operationsPerSecondPerNode,
  });
  const minShards = memcached ? azCount : 1;
  const shardsDefault = clusterMode || memcached ? Math.min(maxShards, Math.max(minShards, needed ?? minShards)) : 1;
  const shards = assumed.take('application.shards', a.shards, shardsDefault, memcached
    ? 'the fewest nodes that carry the declared memory and operations, at least one per AZ'
    : 'the fewest shards that carry the declared memory and operations, with one AZ lost');

  const placement = placeCacheShards(shards, replicasPerShard, azCount);
  const clusterId = name;
  const auth: CacheAuthPlan = authMode === CacheAuthMode.NONE
    ? { mode: authMode }
    : {
      mode: authMode,
      secretName: secretNameFor(path),
      passwordLength: Math.min(Math.max(PASSWORD_LENGTH, q.authTokenMinLength.value), q.authTokenMaxLength.value),
      excludeCharacters: cachePasswordExcludedCharacters(),
      ...(rbac ? {
        userId: `${name}-app`,
        userName,
        accessString,
        defaultUserId: `${name}-off`,
        userGroupId: `${name}-users`,
        defaultUserName: 'default',
        defaultUserAccessString: 'off -@all',
        defaultUserPasswordProtected: true,
      } : {}),
      passwordIncludesSpace: false,
      tokenUpdateStrategy: authMode === CacheAuthMode.AUTH_TOKEN ? 'ROTATE' : undefined,
      secretRemovalPolicy: removalPolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    };
  const parameters: { [k: string]: string } = {};
  if (!memcached) {
    parameters['maxmemory-policy'] = EVICTION_PARAMETER[evictionPolicy as EvictionPolicy];
    parameters['reserved-memory-percent'] = String(reservedMemoryPercent);
    parameters['cluster-enabled'] = clusterMode ? 'yes' : 'no';
  }
  const snapshotsOn = !memcached && snapshotRetentionDays > 0;
  const application: ApplicationCachePlan = {
    engine,
    engineName: ENGINE_NAME[engine],
    engineVersion,
    clusterId,
    description: `scaleblocks ${path}: ${memcached ? 'Memcached' : ENGINE_NAME[engine]} application cache`,
    subnetGroupName: `${clusterId}-subnets`,
    nodeType,
    nodeMemoryGiB: spec.memoryGiB,
    usableMemoryGiBPerNode: usable,
    clusterMode,
    shards,
    replicasPerShard,
    nodeCount: shards * (1 + replicasPerShard),
    azCount,
    placement,
    azMode: memcached ? memcachedAzMode(placement) : undefined,
    preferredAzs: memcached ? placement.map((p) => p.primaryAz)
      : clusterMode ? [] : [placement[0].primaryAz, ...placement[0].replicaAzs],
    nodes: cacheNodes(engine, clusterMode, clusterId, placement),
    endpoint: memcached || clusterMode ? CacheEnvironmentValue.CONFIGURATION_ENDPOINT_ADDRESS : CacheEnvironmentValue.PRIMARY_ENDPOINT_ADDRESS,
    readerEndpoint: !memcached && !clusterMode && replicasPerShard > 0,
    clusterDimensions: { CacheClusterId: clusterId },
    allowAllOutbound: false,
    multiAz,
    // ElastiCache requires automatic failover in cluster mode, and a replica (2+ nodes) with cluster mode off.
    automaticFailover: !memcached && (clusterMode || replicasPerShard >= 1),
    port,
    atRestEncryption,
    kmsKeyArn: a.kmsKeyArn,
    transitEncryption,
    transitEncryptionMode: !memcached && transitEncryption ? 'required' : undefined,
    auth,
    snapshot: {
      retentionDays: memcached ? 0 : snapshotRetentionDays,
      window: snapshotsOn ? snapshotWindow : undefined,
      finalSnapshotName: removalPolicy === RemovalPolicy.SNAPSHOT ? `${clusterId}-final` : undefined,
    },
    maintenanceWindow,
    parameterGroup: { name: `${clusterId}-params`, family: family as string, parameters },
    evictionPolicy,
    reservedMemoryPercent,
    readFromReplica,
    nodesPerClusterQuota,
    removalPolicy,
    autoMinorVersionUpgrade: true,
    logDeliveryConfigurations: memcached ? [] : [CacheLogType.SLOW_LOG, CacheLogType.ENGINE_LOG].map((logType) => ({
      logType,
      logTypeName: logType === CacheLogType.SLOW_LOG ? 'slow-log' : 'engine-log',
      destinationType: 'cloudwatch-logs',
      logFormat: 'json',
      logGroupName: `/scaleblocks/${path}/${logType === CacheLogType.SLOW_LOG ? 'slow-log' : 'engine-log'}`,
      retentionDays: LOG_RETENTION_DAYS,
    })),
    applyImmediately: false,
    alarms: cacheAlarms(memcached, replicasPerShard, maxMemoryFill),
    admitOnlyApiTier: true,
  };
  const query: QueryCachePlan = { namespace, keyPrefix: `${namespace}:`, ttlSeconds: queryTtlSeconds, invalidateOn };
  const effectiveHitRatio = queryReadFraction * queryHitRatio + (1 - queryReadFraction) * applicationHitRatio;
  return {
    kind: BlockKind.TIERED_CACHE,
    planVersion: PLAN_FORMAT_VERSION,
    name,
    path,
    sizing,
    assumed: assumed.list,
    cdn: { minTtlSeconds, defaultTtlSeconds, maxTtlSeconds, pathPatterns, hitRatio: cdnHitRatio },
    application,
    query,
    contract: clientContract(application, query),
    networkFlowLogRetentionDays: FLOW_LOG_RETENTION_DAYS,
    load: {
      workingSetGiB,
      readsPerSecond,
      writesPerSecond,
      operationsPerSecond: readsPerSecond + writesPerSecond,
      cdnHitRatio,
      applicationHitRatio,
      queryHitRatio,
      queryReadFraction,
      effectiveHitRatio,
      memoryOverhead,
      maxMemoryFill,
      operationsPerSecondPerNode,
      operationsPerSecondPerNodeMeasured: l.operationsPerSecondPerNode !== undefined,
      averageItemBytes: l.averageItemBytes,
    },
  };
}

/**
 * The AZ mode of a Memcached cluster: `cross-az` when its nodes are in two AZs or more,
 * `single-az` otherwise (one node, or every node placed in one AZ). ElastiCache rejects
 * `cross-az` for nodes that all share one AZ and `single-az` for nodes in several.
 */
export function memcachedAzMode(placement: CacheShardPlacementPlan[]): string {
  return new Set(placement.map((p) => p.primaryAz)).size > 1 ? 'cross-az' : 'single-az';
}

/**
 * The nodes ElastiCache creates for a placement, named as ElastiCache names them:
 * `<id>-<shard>-<nnn>` in cluster mode, `<id>-<nnn>` with cluster mode off (one shard), and for
 * Memcached the cluster's node `<nodeId>` (id `<clusterId>-<nodeId>`).
 */
export function cacheNodes(engine: CacheEngine, clusterMode: boolean, clusterId: string, placement: CacheShardPlacementPlan[]): CacheNodePlan[] {
  const nnn = (j: number): string => String(j + 1).padStart(3, '0');
  if (engine === CacheEngine.MEMCACHED) {
    return placement.map((p) => ({
      id: `${clusterId}-${p.shardId}`, shardId: p.shardId, az: p.primaryAz, primary: true, dimensions: { CacheClusterId: clusterId, CacheNodeId: p.shardId },
    }));
  }
  return placement.flatMap((p) => [p.primaryAz, ...p.replicaAzs].map((az, j) => {
    const id = clusterMode ? `${clusterId}-${p.shardId}-${nnn(j)}` : `${clusterId}-${nnn(j)}`;
    return { id, shardId: p.shardId, az, primary: j === 0, dimensions: { CacheClusterId: id } };
  }));
}

/** Per-node alarms of the application tier; the memory alarm fires at the sizing check's own fill limit. */
function cacheAlarms(memcached: boolean, replicasPerShard: number, maxMemoryFill: number): CacheAlarmPlan[] {
  const alarm = (id: string, description: string, metricName: string, statistic: string, threshold: number,
    evaluationPeriods: number): CacheAlarmPlan => ({
    id,
    description,
    namespace: 'AWS/ElastiCache',
    metricName,
    statistic,
    periodSeconds: 60,
    evaluationPeriods,
    threshold,
    comparison: AlarmComparison.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingDataAsBreaching: false,
    perNode: true,
  });
  const fillPercent = Math.round(maxMemoryFill * 1000) / 10;
  const alarms: CacheAlarmPlan[] = memcached
    ? [alarm('CpuHigh', 'A node\'s CPU is at or above 90 %: add nodes or use a bigger node type', 'CPUUtilization', 'Average', 90, 5)]
    : [
      alarm('MemoryAboveFillLimit', `A node uses at least ${fmt(fillPercent)} % of its usable memory, the fill limit the sizing check assumed: add shards before evictions start`,
        'DatabaseMemoryUsagePercentage', 'Maximum', fillPercent, 5),
      alarm('EngineCpuHigh', 'The engine thread of a node is at or above 90 % CPU: add shards (or replicas with read-from-replica)',
        'EngineCPUUtilization', 'Average', 90, 5),
    ];
  alarms.push(alarm('Evictions', 'Keys are evicted: the working set no longer fits and the hit ratio falls', 'Evictions', 'Sum', 1, 5));
  if (!memcached && replicasPerShard > 0) {
    alarms.push(alarm('ReplicationLagHigh', 'A replica lags its primary by 5 s or more: reads from it are stale and a failover may lose writes',
      'ReplicationLag', 'Maximum', 5, 5));
  }
  return alarms;
}

function resolveInvalidation(rules: Rules, value: unknown, prefix: string): InvalidationRulePlan[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    rules.check('query.invalidateOn', value, false, 'a list of { write, keys } rules');
    return [];
  }
  rules.check('query.invalidateOn', `${value.length} rules`, value.length <= MAX_INVALIDATION_RULES, `at most ${MAX_INVALIDATION_RULES} rules`);
  const seen = new Set<string>();
  const out: InvalidationRulePlan[] = [];
  value.forEach((r: unknown, i) => {
    const p = `query.invalidateOn[${i}]`;
    if (r === null || typeof r !== 'object' || Array.isArray(r)) {
      rules.check(p, r, false, 'a rule { write, keys }');
      return;
    }
    const { write, keys } = r as { write?: unknown; keys?: unknown };
    const writeOk = rules.check(`${p}.write`, write, typeof write === 'string' && WRITE_NAME.test(write),
      'a write name of 1 to 64 letters, digits and _.- starting with a letter, such as post');
    if (writeOk) {
      rules.check(`${p}.write`, write, !seen.has(write as string), 'a write no other rule names (put all its keys in one rule)');
      seen.add(write as string);
    }
    if (!Array.isArray(keys)) {
      rules.check(`${p}.keys`, keys, false, `a list of 1 to ${MAX_KEYS_PER_RULE} key templates such as feed:{userId}`);
      return;
    }
    rules.check(`${p}.keys`, keys, keys.length >= 1 && keys.length <= MAX_KEYS_PER_RULE && new Set(keys).size === keys.length,
      `a list of 1 to ${MAX_KEYS_PER_RULE} distinct key templates`);
    let keysOk = true;
    keys.forEach((k: unknown, j) => {
      keysOk = rules.check(`${p}.keys[${j}]`, k, typeof k === 'string' && k.length <= 512 && KEY_TEMPLATE.test(k),
        'an exact key template of letters, digits, :_.-/|#=+@ and {placeholders}, such as feed:{userId} (no spaces, no wildcards: '
        + 'wildcard deletes need SCAN over every shard)') && keysOk;
    });
    if (writeOk && keysOk) {
      const full = (keys as string[]).map((k) => `${prefix}${k}`);
      out.push({ write: write as string, keys: full, placeholders: [...new Set(full.flatMap(placeholdersOf))].sort() });
    }
  });
  return out;
}

function clientContract(app: ApplicationCachePlan, query: QueryCachePlan): CacheClientContractPlan {
  const environment: { [k: string]: string } = {
    CACHE_ENGINE: app.engineName,
    CACHE_PORT: String(app.port),
    CACHE_TLS: String(app.transitEncryption),
    CACHE_CLUSTER_MODE: String(app.clusterMode),
    CACHE_READ_FROM_REPLICA: String(app.readFromReplica),
    CACHE_AUTH_MODE: app.auth.mode,
    QUERY_CACHE_NAMESPACE: query.namespace,
    QUERY_CACHE_KEY_PREFIX: query.keyPrefix,
    QUERY_CACHE_TTL_SECONDS: String(query.ttlSeconds),
    QUERY_CACHE_INVALIDATION: JSON.stringify(Object.fromEntries(query.invalidateOn.map((r) => [r.write, r.keys]))),
  };
  if (app.auth.userName) environment.CACHE_AUTH_USERNAME = app.auth.userName;
  const deployTimeEnvironment: { [k: string]: string } = { CACHE_ENDPOINT: app.endpoint };
  if (app.readerEndpoint) deployTimeEnvironment.CACHE_READER_ENDPOINT = CacheEnvironmentValue.READER_ENDPOINT_ADDRESS;
  const secretEnvironment: { [k: string]: string } = {};
  if (app.auth.mode !== CacheAuthMode.NONE) {
    deployTimeEnvironment.CACHE_AUTH_SECRET_ARN = CacheEnvironmentValue.AUTH_SECRET_ARN;
    secretEnvironment.CACHE_AUTH_PASSWORD = 'password';
  }
  return { environment, deployTimeEnvironment, secretEnvironment };
}

/**
 * The environment an API container gets from a deployed cache: the plan's plain variables, and
 * each deploy-time variable set to the value a backend resolved for its `CacheEnvironmentValue`.
 *
 * @param values the deploy-time values the backend has, by `CacheEnvironmentValue` member
 * @throws ValidationError when the plan asks for a value the rendered cache does not have
 */
export function resolveClientEnvironment(plan: TieredCachePlan, path: string,
  values: { [value: string]: string | undefined }): { [name: string]: string } {
  const rules = new Rules(path);
  const env: { [name: string]: string } = { ...plan.contract.environment };
  for (const [name, value] of Object.entries(plan.contract.deployTimeEnvironment)) {
    const resolved = values[value];
    if (rules.check(`plan.contract.deployTimeEnvironment.${name}`, value, resolved !== undefined,
      `a value this cache has: ${Object.keys(values).filter((k) => values[k] !== undefined).join(', ')}`)) {
      env[name] = resolved as string;
    }
  }
  rules.throwIfInvalid();
  return env;
}

// ================================================================================================
// Invalidation helper (used by apps at run time)
// ================================================================================================

/**
 * Renders the keys a write must invalidate, from the plan's rules (`plan.query.invalidateOn`, or
 * the `QUERY_CACHE_INVALIDATION` environment variable parsed as JSON).
 *
 * In cluster mode, keys of different slots cannot share one DEL: delete them one by one or in a
 * pipeline.
 */
export class QueryCacheInvalidation {
  /**
   * The keys of one rule with its placeholders filled in: `feed:{userId}` with `{ userId: '42' }`
   * gives `<namespace>:feed:42`.
   *
   * @param rule a rule of the plan's query tier
   * @param values a value for every placeholder of the rule (no braces, not empty)
   * @throws ValidationError naming each missing or unusable placeholder value
   */
  public static renderKeys(rule: InvalidationRulePlan, values: { [placeholder: string]: string }): string[] {
    const rules = new Rules('query.invalidateOn');
    const r = rule !== null && typeof rule === 'object' ? rule : undefined;
    const keys = r && Array.isArray(r.keys) && r.keys.every((k) => typeof k === 'string') ? r.keys : undefined;
    rules.check('rule', rule, keys !== undefined, 'a rule of the plan (plan.query.invalidateOn)');
    const v = values !== null && typeof values === 'object' && !Array.isArray(values) ? values : undefined;
    rules.check('values', values, v !== undefined, 'an object of placeholder values');
    rules.throwIfInvalid();
    const needed = [...new Set((keys as string[]).flatMap(placeholdersOf))];
    for (const p of needed) {
      const value = (v as { [k: string]: unknown })[p];
      const ok = (typeof value === 'string' && value.length > 0 && !/[{}]/.test(value))
        || (typeof value === 'number' && Number.isFinite(value));
      rules.check(`values.${p}`, value, ok, `a non-empty value without braces for {${p}} (rule ${renderWrite(r)})`);
    }
    rules.throwIfInvalid();
    return (keys as string[]).map((k) => k.replace(PLACEHOLDER, (_, p: string) => String((v as { [k: string]: unknown })[p])));
  }

  /**
   * The keys every rule for `write` invalidates, rendered; empty when no rule names that write.
   *
   * @throws ValidationError naming each missing or unusable placeholder value
   */
  public static keysFor(query: QueryCachePlan, write: string, values: { [placeholder: string]: string }): string[] {
    const rules = query && Array.isArray(query.invalidateOn) ? query.invalidateOn : [];
    return rules.filter((r) => r.write === write).flatMap((r) => QueryCacheInvalidation.renderKeys(r, values));
  }

  private constructor() {}
}

function renderWrite(r: InvalidationRulePlan | undefined): string {
  return r && typeof r.write === 'string' ? r.write : '?';
}

/** The keys of one invalidation rule with its placeholders filled in (see `QueryCacheInvalidation.renderKeys`). */
export function renderInvalidationKeys(rule: InvalidationRulePlan, values: { [placeholder: string]: string }): string[] {
  return QueryCacheInvalidation.renderKeys(rule, values);
}

// ================================================================================================
// Sizing
// ================================================================================================

/** What the sizing reads of a deployed cache: taken from the plan, or from a synthesized template. */
export interface TieredCacheTopology {
  readonly engine: CacheEngine;
  readonly nodeType: string;
  readonly clusterMode: boolean;
  /** Shards (Memcached: nodes). */
  readonly shards: number;
  readonly replicasPerShard: number;
  readonly readFromReplica: boolean;
  readonly reservedMemoryPercent: number;
  readonly nodesPerClusterQuota: number;
  /** AZs the block may use. */
  readonly azCount: number;
  /** Per shard, the AZ of each node. */
  readonly placement: CacheShardPlacementPlan[];
}

/** The topology a plan intends to deploy. */
export function tieredCacheTopologyOf(plan: TieredCachePlan): TieredCacheTopology {
  const a = plan.application;
  return {
    engine: a.engine,
    nodeType: a.nodeType,
    clusterMode: a.clusterMode,
    shards: a.shards,
    replicasPerShard: a.replicasPerShard,
    readFromReplica: a.readFromReplica,
    reservedMemoryPercent: a.reservedMemoryPercent,
    nodesPerClusterQuota: a.nodesPerClusterQuota,
    azCount: a.azCount,
    placement: a.placement,
  };
}

/** The demand the chain puts on the cache; anything left out is the plan's own load. */
export interface TieredCacheDemand {
  /** Reads/s reaching the cache. */
  readonly readsPerSecond?: number;
  /** Writes/s reaching the cache. */
  readonly writesPerSecond?: number;
  /** Total operations/s, split by the plan's read/write mix when reads and writes are not given. */
  readonly operationsPerSecond?: number;
  /** Raw working set, GiB. */
  readonly workingSetGiB?: number;
}

interface ResolvedDemand {
  readonly reads: number;
  readonly writes: number;
  readonly workingSetGiB: number;
}

function resolveDemand(plan: TieredCachePlan, d: TieredCacheDemand): ResolvedDemand {
  const l = plan.load;
  let reads = d.readsPerSecond;
  let writes = d.writesPerSecond;
  if (reads === undefined && writes === undefined && d.operationsPerSecond !== undefined) {
    const readShare = l.operationsPerSecond > 0 ? l.readsPerSecond / l.operationsPerSecond : 10 / 11;
    reads = d.operationsPerSecond * readShare;
    writes = d.operationsPerSecond - reads;
  }
  return {
    reads: reads ?? l.readsPerSecond,
    writes: writes ?? l.writesPerSecond,
    workingSetGiB: d.workingSetGiB ?? l.workingSetGiB,
  };
}

/** The largest count a fix names; beyond it "no count carries this load" (the search limit of capacity.ts). */
const MAX_COUNT = 1_000_000;

/**
 * Units needed for a row to PASS under `policy.targetUtilization`, or undefined when no count up to
 * MAX_COUNT does (guards the search against astronomically large ratios).
 */
function neededUnits(demand: number, perUnit: number, policy: SizingPolicy): number | undefined {
  if (!(demand > 0)) return 1;
  if (!(perUnit > 0) || !Number.isFinite(perUnit)) return undefined;
  const from = demand / (perUnit * policy.targetUtilization * policy.warnMargin);
  if (!Number.isFinite(from) || from > MAX_COUNT) return undefined;
  return unitsNeededNormal(demand, perUnit, policy);
}

/** Nodes that serve reads in a shard of `nodesLeft` nodes. */
function servingNodes(readFromReplica: boolean, nodesLeft: number): number {
  return readFromReplica ? Math.max(1, nodesLeft) : 1;
}

/** The AZ loss that leaves the busiest surviving shard, with the number of nodes its reads can use. */
function worstOpsLoss(losses: CacheAzLoss[], readFromReplica: boolean): CacheAzLoss | undefined {
  const surviving = losses.filter((x) => x.minNodesLeft > 0);
  if (surviving.length === 0) return undefined;
  // Capacity per shard grows with the serving nodes; without read-from-replica every surviving shard serves with its primary.
  return surviving.reduce((w, x) => {
    const sw = servingNodes(readFromReplica, w.minNodesLeft);
    const sx = servingNodes(readFromReplica, x.minNodesLeft);
    return sx < sw || (sx === sw && x.lostShards > w.lostShards) ? x : w;
  });
}

function worstDataLoss(losses: CacheAzLoss[]): CacheAzLoss {
  return losses.reduce((w, x) => (x.lostShards > w.lostShards ? x : w));
}

interface ShardsNeededInput {
  readonly demandGiB: number;
  readonly usableGiB: number;
  readonly memoryPolicy: SizingPolicy;
  readonly sizing: SizingPolicy;
  readonly reads: number;
  readonly writes: number;
  readonly opsPerNode: number;
  readonly replicasPerShard: number;
  readonly readFromReplica: boolean;
  readonly azCount: number;
}

/** Nodes left in the worst-hit surviving shard of our own placement (independent of the shard count). */
function nodesLeftOnAzLoss(replicasPerShard: number, azCount: number): number {
  const losses = cacheAzLosses(placeCacheShards(Math.max(1, Math.floor(azCount)), replicasPerShard, azCount), azCount);
  const surviving = losses.filter((x) => x.minNodesLeft > 0);
  return surviving.length ? Math.min(...surviving.map((x) => x.minNodesLeft)) : 0;
}

/** Shards each row needs, for our own placement: memory, operations normal, operations with one AZ lost. */
function shardsNeededByRow(i: ShardsNeededInput): { memory?: number; opsNormal?: number; opsAzLoss?: number } {
  const d = i.reads + i.writes;
  const nodes = 1 + i.replicasPerShard;
  const normalCap = shardOperationsCapacity(i.opsPerNode, servingNodes(i.readFromReplica && i.replicasPerShard > 0, nodes), i.reads, i.writes);
  const left = i.replicasPerShard > 0 ? nodesLeftOnAzLoss(i.replicasPerShard, i.azCount) : 1;
  const lossCap = shardOperationsCapacity(i.opsPerNode, servingNodes(i.readFromReplica && i.replicasPerShard > 0, left), i.reads, i.writes);
  const lossPolicy: SizingPolicy = { ...i.sizing, targetUtilization: i.sizing.maxUtilization };
  return {
    memory: neededUnits(i.demandGiB, i.usableGiB, i.memoryPolicy),
    opsNormal: neededUnits(d, normalCap, i.sizing),
    opsAzLoss: neededUnits(d, lossCap, lossPolicy),
  };
}

function shardsNeeded(i: ShardsNeededInput): number | undefined {
  const n = shardsNeededByRow(i);
  if (n.memory === undefined || n.opsNormal === undefined || n.opsAzLoss === undefined) return undefined;
  return Math.max(n.memory, n.opsNormal, n.opsAzLoss);
}

function countFixText(needed: number | undefined, has: number, noun: string, maxShards: number, limitWhat: string, instead: string): string {
  if (needed === undefined) return `no count of ${noun} carries this load; ${instead}`;
  if (needed > maxShards) return `needs >= ${fmt(needed)} ${noun}, above ${limitWhat} (${fmt(maxShards)}); ${instead}`;
  return `needs >= ${fmt(needed)} ${noun}, has ${fmt(has)}`;
}

/**
 * The next node size of the family whose shards-needed fits the shard limit: the exact node-size
 * fix when a count limit is hit. Undefined when no size of the family fits.
 */
function biggerNodeFix(nodeType: string, neededFor: (node: catalog.CacheNodeSpec) => number | undefined,
  maxShards: number): { node: string; shards: number } | undefined {
  let next = catalog.nextCacheNodeSize(nodeType);
  while (next) {
    const spec = catalog.cacheNode(next);
    const n = spec ? neededFor(spec) : undefined;
    if (spec && n !== undefined && n <= maxShards) return { node: next, shards: n };
    next = catalog.nextCacheNodeSize(next);
  }
  return undefined;
}

function insteadText(engine: CacheEngine, fix: { node: string; shards: number } | undefined, family: string, unitWord: string): string {
  if (fix) return `or use ${fix.node} with >= ${fmt(fix.shards)} ${unitWord}`;
  return engine === CacheEngine.MEMCACHED
    ? `no ${family} node size fits within the node limit: use a bigger node family`
    : `no ${family} node size fits within the shard limit: raise nodesPerClusterQuota (up to 500), use fewer replicas or a bigger node family`;
}

/**
 * Sizes a TieredCache's application tier: memory and operations per shard in normal operation and
 * with the worst AZ lost, network bandwidth when the item size is known, the node and replica
 * limits, and the rules the design relies on (replicas, burstable nodes).
 *
 * @param demand the load reaching the cache (the chain's cache reads in a system); defaults to the plan's load
 */
export function sizeTieredCache(plan: TieredCachePlan, demand: TieredCacheDemand = {},
  topology: TieredCacheTopology = tieredCacheTopologyOf(plan)): SizingRow[] {
  const d = resolveDemand(plan, demand);
  const t = topology;
  const q = catalog.QUOTAS.elastiCache;
  const memcached = t.engine === CacheEngine.MEMCACHED;
  const unitWord = memcached ? 'nodes' : 'shards';
  const base = { block: plan.path, blockKind: plan.kind, assumed: plan.assumed as AssumedInput[] };
  const rows: SizingRow[] = [];
  const node = catalog.cacheNode(t.nodeType);
  if (!node) {
    rows.push(checkRule({ ...base, resource: 'cache nodes', metric: 'node type', sources: ['catalog.cacheNode'] }, Verdict.FAIL,
      `node type ${t.nodeType} is not in the catalog: its memory and throughput are unknown`,
      `use a node type the catalog knows: ${catalog.knownCacheNodes().join(', ')}`));
    return rows;
  }
  const S = t.shards;
  const r = t.replicasPerShard;
  const readFromReplica = t.readFromReplica && r > 0;
  const maxShards = maxCacheShards(t.engine, t.clusterMode, r, t.nodesPerClusterQuota);
  const limitWhat = memcached ? 'the Memcached node limit' : t.clusterMode
    ? `the shards ${fmt(t.nodesPerClusterQuota)} nodes per cluster allow with ${r} replica(s) each` : 'one shard with cluster mode off';
  const losses = cacheAzLosses(t.placement, t.azCount);
  const opsFor = (n: catalog.CacheNodeSpec): number | undefined => (plan.load.operationsPerSecondPerNodeMeasured
    ? (n.name === plan.application.nodeType ? plan.load.operationsPerSecondPerNode : undefined)
    : catalog.cacheOpsPerSecond(n)?.value);
  const kNode = opsFor(node) ?? plan.load.operationsPerSecondPerNode;
  const nodeSources = [`catalog.cacheNode(${t.nodeType})`];

  // --- memory ---------------------------------------------------------------------------------
  const fill = plan.load.maxMemoryFill;
  const memPolicy: SizingPolicy = { targetUtilization: fill, maxUtilization: fill, warnMargin: plan.sizing.warnMargin };
  const demandGiB = d.workingSetGiB * (1 + plan.load.memoryOverhead);
  const usable = usableNodeMemoryGiB(node, t.reservedMemoryPercent);
  const memNoun = `${unitWord} of ${t.nodeType} (${fmt(usable)} GiB usable each)`;
  const memNeededFor = (n: catalog.CacheNodeSpec): number | undefined =>
    neededUnits(demandGiB, usableNodeMemoryGiB(n, t.reservedMemoryPercent), memPolicy);
  const memInstead = insteadText(t.engine, biggerNodeFix(t.nodeType, memNeededFor, maxShards), node.family, unitWord);
  const memCtx = {
    ...base,
    resource: 'cache memory',
    metric: 'GiB',
    sources: [...nodeSources, 'catalog.QUOTAS.elastiCache.reservedMemoryPercentDefault', 'catalog.ASSUMED.cacheMemoryOverhead', 'catalog.ASSUMED.cacheMemoryFillMax'],
  };
  const memFix = countFixText(memNeededFor(node), S, memNoun, maxShards, limitWhat, memInstead);
  rows.push(capacityRow(memCtx, Scenario.NORMAL, demandGiB, usable * S, fill, plan.sizing.warnMargin,
    (v, u) => `${fmt(d.workingSetGiB)} GiB of data x ${fmt(1 + plan.load.memoryOverhead)} (structures) = ${fmt(demandGiB)} GiB on ${fmt(S)} ${memNoun} is ${fmtPercent(u)} full`
      + (v === Verdict.FAIL ? `, above the ${fmtPercent(fill)} fill limit` : v === Verdict.WARN ? `, within 10 % of the ${fmtPercent(fill)} fill limit` : ` (limit ${fmtPercent(fill)})`),
    memFix));
  const dataLoss = worstDataLoss(losses);
  if (dataLoss.lostShards === 0) {
    rows.push(capacityRow(memCtx, Scenario.AZ_LOSS, demandGiB, usable * S, fill, plan.sizing.warnMargin,
      (_, u) => `every shard keeps a copy outside each AZ: with one AZ lost the memory is unchanged (${fmtPercent(u)} full after failover)`, memFix));
  } else {
    const lostReads = S > 0 ? (d.reads * dataLoss.lostShards) / S : 0;
    rows.push({
      ...checkRule({ ...memCtx, metric: 'shards lost' }, Verdict.WARN,
        `${memcached ? 'Memcached has no replicas' : 'no replica'}: losing AZ ${dataLoss.az + 1} loses ${fmt(dataLoss.lostShards)} of ${fmt(S)} ${unitWord} and their data; `
        + `until they are replaced their share of reads (${fmt(Math.round(lostReads))} reads/s) misses and goes to the database`,
        memcached ? 'use engine VALKEY with replicasPerShard >= 1 (Memcached cannot replicate), or size the database for those reads'
          : 'set replicasPerShard >= 1 (Multi-AZ with automatic failover)'),
      scenario: Scenario.AZ_LOSS,
      demand: dataLoss.lostShards,
      capacity: S,
    });
  }

  // --- operations -----------------------------------------------------------------------------
  const D = d.reads + d.writes;
  const serving = servingNodes(readFromReplica, 1 + r);
  const opsNoun = (n: number): string => `${unitWord} of ${t.nodeType}` + (n > 1 ? ` (${n} nodes serving reads)` : '');
  const opsCtx = {
    ...base,
    resource: 'cache operations',
    metric: 'operations/s',
    sources: [...nodeSources, plan.load.operationsPerSecondPerNodeMeasured ? 'load.operationsPerSecondPerNode (measured)' : 'catalog.cacheOpsPerSecond'],
  };
  const cap = (k: number, n: number): number => shardOperationsCapacity(k, n, d.reads, d.writes);
  const opsNeededFor = (policy: SizingPolicy, n: number) => (spec: catalog.CacheNodeSpec): number | undefined => {
    const k = opsFor(spec);
    return k === undefined ? undefined : neededUnits(D, cap(k, n), policy);
  };
  const opsInstead = (policy: SizingPolicy, n: number): string => (plan.load.operationsPerSecondPerNodeMeasured
    ? `measure a bigger node than ${t.nodeType} (the per-node figure is yours) or raise nodesPerClusterQuota`
    : insteadText(t.engine, biggerNodeFix(t.nodeType, opsNeededFor(policy, n), maxShards), node.family, unitWord));
  const normalPerShard = cap(kNode, serving);
  const target = plan.sizing.targetUtilization;
  rows.push(capacityRow(opsCtx, Scenario.NORMAL, D, normalPerShard * S, target, plan.sizing.warnMargin,
    (v, u) => `${fmt(D)} operations/s on ${fmt(S)} ${opsNoun(serving)} of ${fmt(normalPerShard)} each is ${fmtPercent(u)} busy`
      + (v === Verdict.FAIL ? `, above the ${fmtPercent(target)} target` : v === Verdict.WARN ? `, within 10 % of the ${fmtPercent(target)} target` : ` (target ${fmtPercent(target)})`),
    countFixText(neededUnits(D, normalPerShard, plan.sizing), S, opsNoun(serving), maxShards, limitWhat, opsInstead(plan.sizing, serving))));
  const worst = worstOpsLoss(losses, readFromReplica);
  if (worst) {
    const left = servingNodes(readFromReplica, worst.minNodesLeft);
    const lossPolicy: SizingPolicy = { ...plan.sizing, targetUtilization: plan.sizing.maxUtilization };
    const perShard = cap(kNode, left);
    const survivors = S - worst.lostShards;
    const maxU = plan.sizing.maxUtilization;
    rows.push(capacityRow(opsCtx, Scenario.AZ_LOSS, (D * survivors) / S, perShard * survivors, maxU, plan.sizing.warnMargin,
      (v, u) => `with AZ ${worst.az + 1} lost, ` + (worst.lostShards > 0 ? `${fmt(worst.lostShards)} ${unitWord} are gone and ` : '')
        + `the busiest surviving shard serves ${readFromReplica ? `reads on ${left} node(s)` : 'on its primary'}: ${fmtPercent(u)} busy`
        + (v === Verdict.FAIL ? `, above the ${fmtPercent(maxU)} limit` : v === Verdict.WARN ? `, within 10 % of the ${fmtPercent(maxU)} limit` : ` (limit ${fmtPercent(maxU)})`),
      countFixText(neededUnits(D, perShard, lossPolicy), S, opsNoun(left), maxShards, limitWhat, opsInstead(lossPolicy, left))));
  }

  // --- network (when the item size is known) --------------------------------------------------
  if (plan.load.averageItemBytes !== undefined) {
    const gbps = (D * plan.load.averageItemBytes * 8) / 1e9;
    const perShardGbps = node.baselineNetworkGbps * serving;
    const netNoun = `${unitWord} of ${t.nodeType} (${fmt(node.baselineNetworkGbps)} Gbps baseline per node)`;
    const netTarget = plan.sizing.targetUtilization;
    rows.push(capacityRow({ ...base, resource: 'cache network', metric: 'Gbps', sources: [`catalog.cacheNode(${t.nodeType}).baselineNetworkGbps`] },
      Scenario.NORMAL, gbps, perShardGbps * S, netTarget, plan.sizing.warnMargin,
      (_, u) => `${fmt(gbps)} Gbps of values on ${fmt(S)} ${netNoun} is ${fmtPercent(u)} of the baseline bandwidth (target ${fmtPercent(netTarget)})`,
      countFixText(neededUnits(gbps, perShardGbps, plan.sizing), S, netNoun, maxShards, limitWhat, 'or use a bigger node (more baseline bandwidth) or smaller values')));
  }

  // --- limits ---------------------------------------------------------------------------------
  const limitCtx = (resource: string, metric: string, source: string) => ({ ...base, resource, metric, sources: [source] });
  if (memcached) {
    rows.push(checkLimit(limitCtx('cache nodes', 'nodes', 'catalog.QUOTAS.elastiCache.memcachedNodesMax'), S, q.memcachedNodesMax.value,
      plan.sizing.warnMargin, 'use a bigger node type and fewer nodes', 'the Memcached limit of nodes per cluster'));
  } else {
    rows.push(checkLimit(limitCtx('cache replicas', 'replicas per shard', 'catalog.QUOTAS.elastiCache.replicasPerShardMax'), r,
      q.replicasPerShardMax.value, 1, `set replicasPerShard <= ${q.replicasPerShardMax.value}`, 'the ElastiCache limit of replicas per shard'));
    if (t.clusterMode) {
      const quota = Math.min(t.nodesPerClusterQuota, q.nodesPerClusterMax.value);
      rows.push(checkLimit(limitCtx('cache nodes', 'nodes', 'catalog.QUOTAS.elastiCache.nodesPerClusterDefault'), S * (1 + r), quota,
        plan.sizing.warnMargin, quota < q.nodesPerClusterMax.value
          ? `request a higher nodes-per-cluster quota (up to ${fmt(q.nodesPerClusterMax.value)}) and set nodesPerClusterQuota, or use a bigger node type and fewer shards`
          : 'use a bigger node type and fewer shards, or fewer replicas',
        'the nodes-per-cluster quota'));
    } else {
      rows.push(checkLimit(limitCtx('cache shards', 'shards', 'catalog.QUOTAS.elastiCache.shardsClusterModeDisabled'), S, q.shardsClusterModeDisabled.value,
        1, 'turn cluster mode on to use more shards', 'the one shard of cluster mode off'));
    }
  }

  // --- rules the design relies on -------------------------------------------------------------
  const ruleCtx = { ...base, resource: 'cache nodes', metric: 'rule', sources: nodeSources };
  if (node.burstable) {
    rows.push(checkRule(ruleCtx, Verdict.WARN,
      `${t.nodeType} is burstable: once its CPU credits run out it sustains only a fraction of the assumed throughput`,
      'use a non-burstable node (cache.m7g or cache.r7g) for production load'));
  }
  if (!memcached && r > 0 && !plan.application.multiAz) {
    rows.push(checkRule(ruleCtx, Verdict.WARN, 'Multi-AZ is off: a failed primary is not promoted across AZs automatically',
      'set multiAz true'));
  }
  return rows;
}

/**
 * Extra database reads/s when the worst AZ is lost: the reads of shards that had no replica
 * outside that AZ used to hit; now they all miss (apps must treat a cache error as a miss).
 * The chain adds this to the database's AZ-loss demand.
 *
 * @param readsPerSecond cache reads/s reaching the cache
 */
export function cacheMissReadsOnAzLoss(plan: TieredCachePlan, readsPerSecond: number = plan.load.readsPerSecond,
  topology: TieredCacheTopology = tieredCacheTopologyOf(plan)): number {
  if (topology.shards <= 0 || readsPerSecond <= 0) return 0;
  const lost = worstDataLoss(cacheAzLosses(topology.placement, topology.azCount)).lostShards;
  return (readsPerSecond * lost / topology.shards) * plan.load.effectiveHitRatio;
}

/** Database reads/s the cache lets through in normal operation: reads x (1 - effective hit ratio). */
export function databaseReadsPerSecond(plan: TieredCachePlan, readsPerSecond: number = plan.load.readsPerSecond): number {
  return Math.max(0, readsPerSecond) * (1 - plan.load.effectiveHitRatio);
}

/** Notes the report shows for a plan (design facts that are not capacity rows). */
export function tieredCacheNotes(plan: TieredCachePlan): string[] {
  const a = plan.application;
  const p = plan.path;
  const notes: string[] = [];
  if (a.engine === CacheEngine.MEMCACHED) {
    notes.push(`${p}: Memcached has no replicas, failover, snapshots, encryption at rest or authentication: only the security group protects it, and an AZ loss drops the keys of the nodes there`);
  } else {
    if (!a.atRestEncryption) notes.push(`${p}: encryption at rest is off`);
    if (a.auth.mode === CacheAuthMode.NONE) notes.push(`${p}: authentication is off: any client the security group admits can read and write the cache`);
    if (a.snapshot.retentionDays === 0) notes.push(`${p}: automatic snapshots are off`);
    if (a.readFromReplica) {
      notes.push(`${p}: reads use replicas: replication is asynchronous, so a read right after an invalidation may return the old value for a moment`);
    }
    if (a.evictionPolicy === EvictionPolicy.NOEVICTION) notes.push(`${p}: eviction policy NOEVICTION: writes fail once memory is full`);
    if (a.evictionPolicy !== undefined && a.evictionPolicy.startsWith('VOLATILE')) {
      notes.push(`${p}: eviction policy ${a.evictionPolicy} evicts only keys with a TTL: keys written without one fill the memory and writes then fail`);
    }
  }
  if (!a.transitEncryption) notes.push(`${p}: encryption in transit is off`);
  if (a.removalPolicy === RemovalPolicy.DESTROY) notes.push(`${p}: removal policy DESTROY: removing the block deletes the cache without a final snapshot`);
  if (plan.query.invalidateOn.length === 0) {
    notes.push(`${p}: no invalidation rules: cached query results stay stale up to ${fmt(plan.query.ttlSeconds)} s after a write`);
  }
  return notes;
}
