import { CacheNodeSpec } from './cache-nodes';
import { familyCoremarkPerVcpu } from './instances';
import { CatalogSource, deepFreeze, SOURCES } from './source';

/**
 * A default per-unit capacity or threshold. These are not facts: the report labels every row
 * that uses one "assumed", and the user can replace it with a measured figure.
 */
export interface Assumption {
  /** The default value. */
  readonly value: number;
  /** Unit of `value`, e.g. `requests/s per vCPU`. */
  readonly unit: string;
  /** Why this value: what it leans on and how conservative it is. */
  readonly reasoning: string;
  /** The main public figure it leans on (the first of `sources`). */
  readonly source: CatalogSource;
  /** Every public figure it leans on. */
  readonly sources: CatalogSource[];
  /**
   * For per-vCPU figures: the instance family the figure is stated for, to scale it to another
   * family with {@link relativeVcpuSpeed}.
   */
  readonly referenceFamily?: string;
}

const S = SOURCES;

function a(value: number, unit: string, reasoning: string, sources: CatalogSource[], referenceFamily?: string): Assumption {
  const base = { value, unit, reasoning, source: sources[0], sources };
  return referenceFamily ? { ...base, referenceFamily } : base;
}

/** The default assumed capacities and utilisation bounds of the sizing model. */
export const ASSUMED = deepFreeze({
  /** Requests/s one vCPU of an API task sustains, for a light JSON API. */
  apiRequestsPerSecondPerVcpu: a(250, 'requests/s per vCPU',
    'No AWS figure exists. The one public measurement found (2021) served about 2,216 JSON writes/s on a 2 vCPU ' +
    'Fargate task at ~100 % CPU (about 1,100 per vCPU), but a CPU-bound endpoint on the same task served only ' +
    '50 requests/s. 250 per vCPU is about a quarter of the light-API figure: conservative for thin handlers, ' +
    'optimistic for heavy ones, which is why the user should measure. Stated for an m7g vCPU, among the fastest ' +
    'per vCPU in the catalog (only c7g measured 0.4 % higher), so scaling to another EC2 family with ' +
    'relativeVcpuSpeed(family, "m7g") lowers it or leaves it; ' +
    'Fargate does not disclose its processor and gets the figure unscaled.',
    [S.fargateLoadTest2021], 'm7g'),

  /** Simple indexed reads/s one vCPU of a PostgreSQL/MySQL instance sustains. */
  dbReadsPerSecondPerVcpu: a(285, 'reads/s per vCPU',
    'Netflix plans Aurora at 3.5 ms of CPU per read, i.e. about 285 reads/s per busy core. Micro-benchmarks of ' +
    'simple indexed reads reach 1,000-2,000/s per vCPU, so 285 is conservative for primary-key lookups and ' +
    'about right for typical ORM queries. Stated for r7g.',
    [S.netflixCapacityModeling], 'r7g'),

  /**
   * vCPU of an Aurora Serverless v2 instance per ACU of its capacity, to size its reads and writes
   * per vCPU as a provisioned class's.
   */
  serverlessV2VcpuPerAcu: a(0.25, 'vCPU per ACU',
    'AWS gives one ACU as about 2 GiB of memory "with corresponding CPU and networking" and publishes no vCPU ' +
    'figure. The memory-optimised ratio of db.r7g (8 GiB per vCPU) gives 2 / 8 = 0.25 vCPU per ACU, so a ' +
    'Serverless v2 instance at N ACUs is sized as the r7g class of the same memory. Measure yours and set ' +
    'load.readsPerSecondPerVcpu / writesPerSecondPerVcpu against this vCPU figure.',
    [S.auroraServerlessV2Capacity, S.ec2MemoryOptimized], 'r7g'),

  /** Simple single-row writes/s one vCPU of the primary sustains. */
  dbWritesPerSecondPerVcpu: a(100, 'writes/s per vCPU',
    'Writes cost WAL/redo, index maintenance and replication on top of the read path; taken as about a third ' +
    'of the assumed reads per vCPU. Stated for r7g.',
    [S.netflixCapacityModeling], 'r7g'),

  /**
   * Mean seconds a queue worker spends on one job. No public figure exists: it is the user's own
   * measurement (AWS sizes SQS workers on it, as acceptable latency / processing time per message).
   */
  workerSecondsPerJob: a(10, 'seconds per job',
    'Assumed 10 s: conservative for thumbnails and e-mails, optimistic for video transcoding.',
    [S.autoScalingSqsBacklog]),

  /** Memory overhead of a Valkey/Redis data set over its raw size: memory = raw x (1 + value). */
  cacheMemoryOverhead: a(1.0, 'fraction of raw data size',
    'Assumed: Redis structures take about twice the raw data size (no published ratio; redis.io shows 160 bytes for a ' +
    '4-byte key with a 100-byte value), so the default adds 100 % (x2). An empty key alone ' +
    'costs about 56 bytes on Redis 7.2 (see cacheBytesPerKey): with values under ~60 bytes the overhead is ' +
    'larger than 100 %, so the user should give the key count or a measured overhead for tiny values.',
    [S.redisDataOverhead, S.redisMemoryUsage]),

  /** Bytes a key costs in Valkey/Redis before its value. */
  cacheBytesPerKey: a(56, 'bytes per key', 'MEMORY USAGE of an empty string key on Redis 7.2.', [S.redisMemoryUsage]),

  /** Highest fill of the usable cache memory (after reserved-memory-percent). */
  cacheMemoryFillMax: a(0.8, 'fraction of usable memory',
    'Leaves room for fragmentation, replication buffers and client output buffers on top of the reserved memory.',
    [S.elastiCacheReservedMemory]),

  /** Target utilisation in normal operation. */
  targetUtilisation: a(0.7, 'fraction of capacity',
    'Keeps 30 % headroom for bursts and for queueing delay, which grows sharply above ~70-80 % utilisation.',
    [S.wellArchitectedStaticStability]),

  /** Highest utilisation allowed on the capacity left after losing one AZ. */
  maxUtilisationOnAzLoss: a(0.9, 'fraction of capacity',
    'Static stability: the surviving AZs must carry the load without relaunching capacity; 90 % keeps them ' +
    'just short of saturation while replacement capacity arrives.',
    [S.wellArchitectedStaticStability, S.buildersLibraryStaticStability]),

  /** A row is WARN when its utilisation is above this fraction of its bound. */
  warnMargin: a(0.9, 'fraction of the bound',
    'Within 10 % of a bound, modest growth or an estimation error breaks it.',
    [S.wellArchitectedStaticStability]),

  /** Share of client requests CloudFront answers from its caches (TieredCache CDN tier, GlobalCdn). */
  cdnHitRatio: a(0.5, 'fraction of client requests',
    'No public typical figure: the ratio depends on how much of the traffic is cacheable. Static assets hit well ' +
    'above 90 %, API paths that are not cached never hit, so half is conservative for a mixed site and sizes the ' +
    'origin for half the peak. Measure CloudFront CacheHitRate and set it.',
    [S.cloudFrontCacheHitRatio, S.cloudFrontMetrics]),

  /** Mean bytes CloudFront sends per request, for the Gbps check (GlobalCdn). */
  cdnAverageResponseKiB: a(50, 'KiB per response',
    'No public typical figure: a mix of small JSON responses (a few KiB) and images of tens to hundreds of KiB. ' +
    'Measure BytesDownloaded / Requests in the CloudFront metrics and set it.',
    [S.cloudFrontMetrics]),

  /** Share of application-cache reads that hit (TieredCache application tier). */
  applicationCacheHitRatio: a(0.9, 'fraction of cache reads',
    'A well-sized cache-aside object cache whose working set fits in memory; below ~80 % a cache does little for ' +
    'the database. Measure ElastiCache CacheHitRate and set it.',
    [S.elastiCacheRedisMetrics]),

  /** Share of query-result cache reads that hit (TieredCache query tier). */
  queryCacheHitRatio: a(0.8, 'fraction of query-cache reads',
    'Query results are invalidated on writes (the write path drops the user\'s feed after a post), so they hit less ' +
    'often than objects: taken below the 0.9 of the application tier. Measure CacheHitRate per key namespace.',
    [S.elastiCacheRedisMetrics]),

  /** Share of cache reads that are query results rather than objects (TieredCache). */
  queryReadFraction: a(0.5, 'fraction of cache reads',
    'No public figure: it is the application\'s own mix. Half and half weighs the two tiers equally, so neither ' +
    'hit ratio dominates the database reads. Count reads per key namespace and set it.',
    [S.elastiCacheRedisMetrics]),

  /** Cache reads per cache write (set or invalidation) when writes are not declared (TieredCache). */
  cacheReadsPerWrite: a(10, 'reads per write',
    'A read-heavy cache: one write (set or invalidation) per ten reads. Measure GetTypeCmds against SetTypeCmds ' +
    'and declare load.writesPerSecond.',
    [S.elastiCacheRedisMetrics]),

  /**
   * Storage I/Os one write statement costs the database (ReplicatedDatabase, ShardedDatabase): on
   * RDS the IOPS of the gp3 volume, on Aurora the write I/O rate of the cluster volume.
   */
  dbStorageIosPerWrite: a(3, 'I/Os per write',
    'No AWS figure per statement exists. A single-row write on PostgreSQL or InnoDB writes its log record (WAL / redo) at commit ' +
    'and later writes back the changed table page and at least one index page, each at most one page: 3 I/Os. Group commit ' +
    'and checkpoints that write a hot page once for many changes make it fewer; wide rows, several indexes and page splits ' +
    'make it more. On Aurora only log records are written (billed per 4 KB), so 3 is high there. Measure WriteIOPS ' +
    '(VolumeWriteIOPs on Aurora) against the writes/s and set load.storageIosPerWrite.',
    [S.auroraPlanningIo]),

  /** Share of the database reads served from the instance's buffer pool (ReplicatedDatabase, ShardedDatabase). */
  dbBufferHitRatio: a(0.95, 'fraction of database reads',
    'The reads that reach the database have already missed the application cache; a read that also misses the buffer pool ' +
    'reads one page from storage. OLTP databases are usually tuned to hit well above 99 % (the BufferCacheHitRatio metric); ' +
    '95 % is conservative for a working set that fits in memory and optimistic for one that does not. Measure ' +
    'BufferCacheHitRatio (or blks_hit / (blks_hit + blks_read)) and set load.bufferHitRatio.',
    [S.auroraPlanningIo]),

  /** KiB one storage I/O moves on PostgreSQL (its page size): the throughput rows multiply IOPS by it. */
  dbIoSizeKiBPostgres: a(8, 'KiB per I/O',
    'The PostgreSQL page (8 KB on Aurora PostgreSQL and by default on PostgreSQL) is the smallest I/O the engine performs; ' +
    'sequential scans and WAL writes move more per I/O. Measure ReadThroughput / ReadIOPS and set load.ioSizeKiB.',
    [S.auroraPlanningIo]),

  /** KiB one storage I/O moves on MySQL / InnoDB (its page size). */
  dbIoSizeKiBMysql: a(16, 'KiB per I/O',
    'The InnoDB page (16 KB on Aurora MySQL and by default on MySQL) is the smallest I/O the engine performs; sequential ' +
    'reads and redo writes move more per I/O. Measure ReadThroughput / ReadIOPS and set load.ioSizeKiB.',
    [S.auroraPlanningIo]),

  /** Database connections kept for administration on top of the application's pools (ReplicatedDatabase, ShardedDatabase). */
  dbAdminConnections: a(10, 'connections',
    'Headroom for RDS\'s reserved sessions (PostgreSQL keeps 3 superuser and 2 rds_superuser slots), monitoring ' +
    'agents and migrations, taken out of max_connections.',
    [S.rdsMaxConnections, S.auroraPostgresMaxConnections]),

  /** Database connections one client's pool holds when the spec gives neither a pool size nor its queries (a system's API tasks and workers). */
  dbPoolSizePerClient: a(10, 'connections per client',
    'The default maximum of node-postgres\'s Pool (max: 10), the pool most Node.js services open unchanged. A client counts at its ' +
    'pool\'s maximum, as a pool may hold that many at peak. Declare the pool your code opens, or its queries/s and query time ' +
    '(the pool is then sized by Little\'s law).',
    [S.nodePostgresPoolDefault]),

  /** How much more than 1/N of the load the hottest HASH shard carries (ShardedDatabase). */
  hashSkewFactor: a(1.25, 'x the even share (total / N)',
    'At 128 virtual nodes per shard the ring alone spreads keys within about 9 % of 1/N (1/sqrt(128)); 1.25 covers ' +
    'about 2.7 of those deviations, or mild popularity skew on top of one. Hot keys need a measured factor.',
    [S.dynamoDbPartitionKeyDesign]),

  /** Seconds from a Fargate task's launch to its container running, image pull included (scale-out time). */
  fargateTaskStartSeconds: a(45, 'seconds',
    'AWS says a new Fargate task normally takes 30-45 s or longer to start (compute, network interface, image pull and unpack, program start); '
      + 'the check takes the high end. A large image takes longer: measure yours (ECS task events: createdAt to startedAt).',
    [S.fargateTaskStartTime]),

  /** Seconds the load takes to rise from zero to the peak, when the spec declares no ramp (scale-out time). */
  loadRampSeconds: a(0, 'seconds',
    'No ramp declared: the peak may arrive at once (a launch, a push notification, clients retrying after an outage), so the minimum tasks '
      + 'carry it alone until the scale-out lands (minutes: alarm, Fargate launch rate, task start). Declare load.rampSeconds when the peak builds up.',
    [S.ecsFargateThrottling, S.fargateTaskStartTime]),

  /** Size of one job message (WorkQueue). */
  queueMessageSizeKiB: a(1, 'KiB per message',
    'A job message carries ids and parameters; large inputs go to the payload bucket, so 1 KiB is far below the ' +
    'SQS message size quota.',
    [S.sqsMessageSize]),
});

/** The shape of {@link ASSUMED}. */
export type SizingAssumptions = typeof ASSUMED;

/** Assumed simple operations/s per Valkey/Redis node, by size (without pipelining). */
const CACHE_OPS_BY_SIZE: Record<string, number> = {
  'micro': 10_000,
  'small': 20_000,
  'medium': 20_000,
  'large': 80_000,
  'xlarge': 100_000,
  '2xlarge': 150_000,
  '4xlarge': 250_000,
  '8xlarge': 300_000,
  '12xlarge': 300_000,
  '16xlarge': 300_000,
};

/**
 * Assumed simple GET/SET operations/s one Valkey/Redis node sustains without pipelining, or
 * undefined for a size the table does not cover.
 */
export function cacheOpsPerSecond(node: CacheNodeSpec): Assumption | undefined {
  const value = CACHE_OPS_BY_SIZE[node.size];
  if (value === undefined) return undefined;
  const reasoning = node.burstable
    ? 'Burstable node: once CPU credits run out it sustains only a fraction of one vCPU, so a small share of ' +
      'the 80,000 ops/s assumed for a large node.'
    : 'redis.io\'s redis-benchmark examples reach about 70,000-80,000 simple requests/s per instance with 50 clients ' +
      'and no pipelining (400,000-500,000 with 16-command pipelines), on hardware it does not name; command execution ' +
      'is single-threaded, so more vCPUs help mainly through enhanced I/O (xlarge and up). AWS publishes over ' +
      '1,000,000 requests/s per node on cache.r7g.4xlarge with ElastiCache for Redis 7.1; the default takes the ' +
      'top of the redis.io examples for large and a quarter of the AWS figure for 4xlarge, capped at 300,000. Graviton2 (6g) ' +
      'nodes get the same figures, with less margin.';
  return a(value, 'operations/s per node', reasoning, [S.redisBenchmarks, S.elastiCache71Blog, S.elastiCacheEnhancedIoBlog, S.valkey8Blog]);
}

/**
 * Families without their own CoreMark figure that use another family's figure (assumed):
 * r7i has the same processor as m7i (4th generation Intel Xeon Scalable); m6g, c6g and r6g the
 * same Graviton2 as t4g; m6i and r6i (3rd generation Xeon) take the lowest x86 figure measured
 * (c7i), which errs low; r8g (Graviton4, not measured) takes r7g's Graviton3 figure, which errs low.
 */
export const COREMARK_PROXY: Record<string, string> = Object.freeze({
  r7i: 'm7i',
  m6g: 't4g',
  c6g: 't4g',
  r6g: 't4g',
  m6i: 'c7i',
  r6i: 'c7i',
  r8g: 'r7g',
});

/** CoreMark iterations/s per vCPU for a family (directly measured or through its proxy). */
export function coremarkPerVcpu(family: string): number | undefined {
  return familyCoremarkPerVcpu(family) ?? (COREMARK_PROXY[family] ? familyCoremarkPerVcpu(COREMARK_PROXY[family]) : undefined);
}

/**
 * How fast one vCPU of `family` is relative to one vCPU of `baseFamily`, by CoreMark per vCPU:
 * multiply a per-vCPU capacity stated for `baseFamily` by this to use it on `family`. Undefined
 * when either family has no CoreMark figure (the caller then keeps the figure unscaled and says so).
 */
export function relativeVcpuSpeed(family: string, baseFamily: string): number | undefined {
  const f = coremarkPerVcpu(family);
  const b = coremarkPerVcpu(baseFamily);
  if (f === undefined || b === undefined) return undefined;
  return f / b;
}

/** The source of the CoreMark figures behind {@link relativeVcpuSpeed}. */
export const COREMARK_SOURCE: CatalogSource = S.coreMark;
