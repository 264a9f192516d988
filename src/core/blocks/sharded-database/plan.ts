import * as catalog from '../../catalog';
import { ShardingStrategy, ShardMap } from '../../router';
import { BlockPlanBase } from '../common';
import { ReplicatedDatabasePlan } from '../replicated-database';
import { BlockFoundationPlan } from '../shared/foundation';

// ShardedDatabase: the plan, everything the backends render, resolved once by planShardedDatabase, and its constants.

/** One resolved shard. */
export interface ShardPlan {
  /** The stable id, as in the shard map. */
  readonly id: string;
  /** Position in the shard map. */
  readonly index: number;
  /** The Region the shard is deployed in (GEOGRAPHIC); absent: the block's stack Region. */
  readonly region?: string;
  /** Share of the block's reads, writes and storage the shard is sized for (HASH: the hottest shard's, skew / N). */
  readonly loadShare: number;
  /** Id of the stack group the shard is rendered in. */
  readonly stackGroup: string;
  /**
   * GEOGRAPHIC: the SSM parameter, in the shard's Region, that holds the shard's writer endpoint
   * (`<shardMapParameterName>/endpoints/<id>`), so an app in that Region reads it without a token
   * crossing Regions; absent with HASH and RANGE (the map holds every endpoint).
   */
  readonly endpointParameterName?: string;
  /**
   * The shard's database, sized for its share. With an RDS Proxy (`database.proxy`, from
   * `shardDefaults.proxy` or `shards[i].proxy`) the published map and the endpoint parameter hold
   * the proxy's endpoint, so clients routed to the shard connect through its proxy.
   */
  readonly database: ReplicatedDatabasePlan;
}

/** Shards rendered together in one CloudFormation stack (Terraform ignores the grouping). */
export interface ShardStackGroupPlan {
  /** Stable id of the group (its nested stack's construct id). */
  readonly id: string;
  /** The Region of the group's shards; absent: the parent stack's Region (a nested stack). */
  readonly region?: string;
  readonly shardIds: string[];
  /** Estimated CloudFormation resources of the group's shards. */
  readonly estimatedResources: number;
}

/** The resolved total load. */
export interface ShardedDatabaseLoadPlan {
  readonly readsPerSecond: number;
  readonly writesPerSecond: number;
  readonly storageGiB: number;
  /** HASH: the hottest shard carries total / N x skewFactor; 1 for RANGE and GEOGRAPHIC. */
  readonly skewFactor: number;
}

/** The resolved ShardedDatabase: every default explicit. Backends render exactly this. */
export interface ShardedDatabasePlan extends BlockPlanBase, BlockFoundationPlan {
  readonly strategy: ShardingStrategy;
  readonly shards: ShardPlan[];
  /** The versioned shard map, built and validated by the runtime router's ShardMaps. */
  readonly shardMap: ShardMap;
  /** SSM parameter name the map (with writer endpoints filled in) is published under, and a stack output. */
  readonly shardMapParameterName: string;
  /** Regions the parameter is also published in (GEOGRAPHIC: every shard Region), besides the stack's. */
  readonly shardMapParameterRegions: string[];
  /** SSM parameter tier: Intelligent-Tiering moves a map past the Standard size to Advanced by itself. */
  readonly shardMapParameterTier: string;
  /**
   * SSM data type of the map parameter, in SSM's spelling: `text`, the one type that holds a JSON
   * document (the others are validated AMI ids and integration ARNs). Both backends render it.
   *
   * @default 'text'
   */
  readonly shardMapParameterDataType: string;
  /** Size of the map's JSON without endpoints, in bytes. */
  readonly shardMapBytes: number;
  /**
   * Shards per published page: the map with its endpoints is split into pages of this many shards
   * (router `ShardMapPages`), each page one SSM parameter, so that every page, with each endpoint
   * counted at SHARD_ENDPOINT_ESTIMATED_CHARS, stays within the tier's value limit. All the shards
   * when the map fits in one parameter (then it is published as the plain map).
   */
  readonly shardMapShardsPerPage: number;
  /**
   * The SSM parameters of the pages, in page order: `shardMapParameterName` for page 0, then
   * `<shardMapParameterName>/pages/<k>` (router `ShardMapPages.parameterNames`). Both backends
   * publish exactly these, in the stack's Region (and, for GEOGRAPHIC, in every shard Region).
   */
  readonly shardMapPageParameterNames: string[];
  /** How the shards group into stacks so that none passes the CloudFormation resource quota. */
  readonly stackGroups: ShardStackGroupPlan[];
  readonly load: ShardedDatabaseLoadPlan;
}

/** Fewest shards of a HASH map. */
export const MIN_HASH_SHARDS = 2;

/**
 * Most shards of a HASH map: 256, the largest count the tests plan, synthesize on both backends
 * and route from the published map. What bounds the count:
 * - the account's DB instances and DB clusters per Region (default quotas 40 and 40; each shard
 *   is a cluster of at least one writer, 2 instances with its failover reader): the check's quota
 *   rows name the increase to request (Service Quotas, Amazon RDS) long before 256;
 * - CloudFormation's 500 resources per stack: the CDK backend renders HASH shards in nested
 *   stacks of hashShardsPerStack() (8) shards, so 256 shards make 32 nested stacks, each under the
 *   quota, and the home stack holds the nested stacks, the VPC and the map's page parameters;
 * - the published map: split into pages of shardMapShardsPerPage shards, one SSM parameter each,
 *   so it fits at any count (the router itself admits up to 1,024 shards).
 */
export const MAX_HASH_SHARDS = 256;

/**
 * Default skew of a HASH map. At 128 virtual nodes per shard a shard's share of the keys
 * deviates from 1/N by about 1/sqrt(128), 9 % (router docs); 1.25 covers about 2.7 of those
 * deviations, or mild popularity skew on top of one. Hot keys need a measured factor.
 * The figure, its reasoning and sources are catalog.ASSUMED.hashSkewFactor.
 */
export const DEFAULT_SKEW_FACTOR = catalog.ASSUMED.hashSkewFactor.value;

/**
 * The largest class the HASH defaults grow a shard to before they add shards.
 *
 * With neither `shardCount` nor `shardDefaults.instanceClass` given, the plan takes the fewest
 * shards whose hottest shard fits on some db.r7g size up to this one, then lets each shard take
 * the smallest size that carries its share (ReplicatedDatabase's own default). Fewer, bigger
 * shards first, because each shard has fixed costs that a bigger class does not: a cluster and
 * its failover reader, a secret and its rotation function, about 20 CloudFormation resources,
 * 2+ of the 40 DB instances per Region, and one more place for a cross-shard query to wait on;
 * the model's capacity grows with vCPUs, so two 2xlarge shards carry what one 4xlarge does.
 * Not beyond 4xlarge (16 vCPU, 128 GiB): past it one shard holds too much of the data to lose
 * or restore at once, the linear per-vCPU capacity is a less safe assumption (one writer's WAL
 * or redo log, lock contention), and a hot shard keeps room to grow to 8xlarge..16xlarge in
 * place, without moving keys.
 */
export const DEFAULT_MAX_SHARD_CLASS = 'db.r7g.4xlarge';

/** Default Region of the three built-in geographies. */
export const DEFAULT_GEO_REGIONS: { [geo: string]: string } = {
  US: 'us-east-1',
  EU: 'eu-west-1',
  ASIA: 'ap-southeast-1',
};

/**
 * CloudFormation resources one shard adds besides its DB instances, log groups and
 * security-group rules, as the CDK backend renders it (an estimate): DB subnet group, security
 * group, parameter group, Aurora cluster and cluster parameter group, secret, secret
 * attachment, rotation schedule, the hosted rotation's function, role, policy, permission and
 * security group, the Enhanced Monitoring role, the KMS-free defaults of the rest, and a margin.
 */
export const SHARD_BASE_RESOURCES_ESTIMATE = 16;

/** Resources per DB instance (the instance). */
export const RESOURCES_PER_DB_INSTANCE_ESTIMATE = 1;

/** Resources of reader auto scaling (scalable target, scaling policy). */
export const RESOURCES_PER_READER_AUTO_SCALING_ESTIMATE = 2;

/**
 * The most a shard is expected to take, used to group HASH shards: 16 base + 16 instances + 2
 * auto scaling + 6 log groups + 10 security-group rules.
 */
export const SHARD_MAX_RESOURCES_ESTIMATE = 50;

/** Share of the resources-per-stack quota a group may fill, leaving room for escape hatches and the estimate's error. */
export const STACK_FILL_FRACTION = 0.8;

/**
 * Characters counted for each writer endpoint when the published map is sized against the SSM
 * parameter size (the endpoint is a token until deployment, so its length is estimated from the
 * endpoint format). An Aurora cluster endpoint is `<cluster identifier>.cluster-<12 characters>.<Region>.rds.amazonaws.com`
 * (`.cn` in China); an RDS instance endpoint is shorter (no `cluster-`). The identifier is at most
 * 63 characters (the RDS identifier limit; the CDK backend derives one of at most 63, the Terraform
 * backend uses the shard's name), the longest Region name 14 (`ap-southeast-3`): 63 + 9 + 12 + 1 + 14 + 21 = 120.
 * Real endpoints are shorter (about 90), so the figure errs on the safe side; the plan lists it as assumed.
 */
export const SHARD_ENDPOINT_ESTIMATED_CHARS = 120;

/** The SSM parameter tier a plan publishes the map with: Intelligent-Tiering moves it to Advanced when it needs to. */
export const SHARD_MAP_PARAMETER_TIER = 'Intelligent-Tiering';

/** The SSM data type of the shard map parameter: plain text (a JSON document). */
export const SHARD_MAP_PARAMETER_DATA_TYPE = 'text';
