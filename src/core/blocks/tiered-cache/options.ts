import { RemovalPolicy, SizingBoundsOptions } from '../common';
import { CdnTierOptions } from '../shared/cdn';
import { BlockFoundationOptions } from '../shared/foundation';

// TieredCache: the enums and the options a user passes.

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
  /**
   * IAM authentication: an ElastiCache user with authentication type `iam` (user id = user name) in
   * a user group, the default user disabled; clients sign a short-lived SigV4 token with their IAM
   * role, which needs `elasticache:Connect` on the cache and the user. No password exists anywhere
   * (template, Terraform state, Secrets Manager). Valkey 7.2+ or Redis OSS 7.0+, with TLS.
   */
  IAM = 'IAM',
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

/** Authentication of the application tier. */
export interface CacheAuthOptions {
  /**
   * IAM user, RBAC user with a password, AUTH token, or none.
   *
   * @default CacheAuthMode.IAM (Valkey, Redis OSS 7.0 or later: no password at all); CacheAuthMode.RBAC (Redis OSS 6.2, which has no IAM authentication); CacheAuthMode.NONE (Memcached, which has no other)
   */
  readonly mode?: CacheAuthMode;
  /**
   * IAM and RBAC only: the user name the API logs in with (with IAM, also the user id, as ElastiCache requires).
   *
   * @default '<name>-app'
   */
  readonly userName?: string;
  /**
   * IAM and RBAC only: the user's access string.
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
   * @default - an IAM-authenticated user (Valkey, Redis OSS 7.0 or later); an RBAC user whose password is in Secrets Manager (Redis OSS 6.2)
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
export interface TieredCacheOptions extends BlockFoundationOptions {
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
   * @default - Valkey on cache.r7g.large, cluster mode, one replica per shard over 3 AZs, encrypted, IAM authentication
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
