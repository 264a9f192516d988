import { KeyCaseFolding, ShardingStrategy } from '../../router';
import { SizingBoundsOptions } from '../common';
import { ReplicatedDatabaseLoadOptions, ReplicatedDatabaseOptions } from '../replicated-database';
import { BlockFoundationOptions } from '../shared/foundation';

// ShardedDatabase: the options a user passes.

/**
 * One shard: where its keys are, where it is deployed, and its database options over
 * `shardDefaults`. A shard's name is derived from its id and its load is its share of the
 * block's load, so `name`, `load` and `sizing` stay unset here.
 */
export interface ShardOptions extends ReplicatedDatabaseOptions {
  /**
   * The shard's stable id (a DNS label). Never change it once deployed: it names the shard's
   * resources and, for HASH, places its points on the ring.
   *
   * @default - HASH `shard-<index>`; RANGE `from-<rangeStart>` (`from-start` for ''); GEOGRAPHIC the first geography key in lower case
   */
  readonly id?: string;
  /**
   * RANGE only, and required there: the first key of the shard's range (inclusive, after case
   * folding). The first shard starts at '', the others in increasing code-unit order; each
   * range ends where the next starts, so the ranges have no gap and no overlap.
   *
   * @default - none
   */
  readonly rangeStart?: string;
  /**
   * GEOGRAPHIC only: the geography keys the shard serves (`US`, `EU`, `ASIA`, ISO country codes).
   * Only the default shard may list none.
   *
   * @default - none
   */
  readonly geos?: string[];
  /**
   * GEOGRAPHIC only: the Region the shard is deployed in.
   *
   * @default - us-east-1 for US, eu-west-1 for EU, ap-southeast-1 for ASIA; required for other geographies
   */
  readonly region?: string;
  /**
   * RANGE and GEOGRAPHIC: the share of the block's reads, writes and storage this shard holds,
   * as a fraction. Give it on every shard or on none; the shares sum to 1.
   *
   * @default - equal shares (recorded as assumed)
   */
  readonly loadShare?: number;
}

/** The load a ShardedDatabase must carry, in total over its shards. */
export interface ShardedDatabaseLoadOptions extends ReplicatedDatabaseLoadOptions {
  /**
   * HASH only: how much more than its fair share (total / N) the hottest shard carries.
   *
   * @default 1.25
   */
  readonly skewFactor?: number;
}

/** Options of a ShardedDatabase: N shards, each a ReplicatedDatabase, and the shard map that routes keys to them. */
export interface ShardedDatabaseOptions extends BlockFoundationOptions {
  /**
   * Name: DNS-safe, used in resource names, the shard names (`<name>-<shard id>`) and the report.
   *
   * @default 'sharded-db'
   */
  readonly name?: string;
  /**
   * How keys are assigned to shards.
   *
   * @default ShardingStrategy.HASH
   */
  readonly strategy?: ShardingStrategy;
  /**
   * HASH only: the number of shards (2..256, MAX_HASH_SHARDS). What bounds it: the account's DB
   * instances and DB clusters per Region (default quotas 40 each; every shard is a cluster of a
   * writer and its readers: the check's quota rows name the increase to request, and `quotas:`
   * declares it); CloudFormation's 500 resources per stack (the CDK backend puts 8 shards in
   * each nested stack, so 256 shards make 32 of them); and the published map, which is split
   * into SSM parameter pages so that it fits at any count (the runtime router reads up to 1,024 shards).
   *
   * @default - the fewest shards (at least 2) whose hottest shard carries the declared writes, storage and reads on one class up to DEFAULT_MAX_SHARD_CLASS (db.r7g.4xlarge), or on shardDefaults.instanceClass when given
   */
  readonly shardCount?: number;
  /**
   * The shards. HASH: optional per-shard overrides, by index (at most shardCount entries);
   * RANGE: required, in key order; GEOGRAPHIC: one per geography.
   *
   * @default - HASH: shardCount shards of shardDefaults; GEOGRAPHIC: US, EU and ASIA shards; RANGE: none (required)
   */
  readonly shards?: ShardOptions[];
  /**
   * Database options every shard starts from (without name, load or sizing).
   *
   * @default - the ReplicatedDatabase defaults
   */
  readonly shardDefaults?: ReplicatedDatabaseOptions;
  /**
   * ASCII case folding applied to keys before routing.
   *
   * @default KeyCaseFolding.NONE
   */
  readonly caseFolding?: KeyCaseFolding;
  /**
   * HASH only: points each shard owns on the ring (1..4,096).
   *
   * @default 128
   */
  readonly virtualNodesPerShard?: number;
  /**
   * GEOGRAPHIC only: the shard that serves geography keys no shard lists.
   *
   * @default - none: routing an unlisted geography key throws
   */
  readonly defaultShardId?: string;
  /**
   * The shard map's version: bump it on every change to the shards or to how keys are assigned.
   *
   * @default 1
   */
  readonly shardMapVersion?: number;
  /**
   * SSM parameter the shard map is published under. A map too big for one parameter is published
   * in pages: page 0 under this name, page k under `<name>/pages/<k>`; read them with
   * `ShardRouter.fromPages()`.
   *
   * @default '/scaleblocks/<name>/shard-map'
   */
  readonly shardMapParameterName?: string;
  /** The load the shards carry together. */
  readonly load?: ShardedDatabaseLoadOptions;
  /**
   * Utilisation bounds for the sizing check (every shard uses them).
   *
   * @default - 0.7 normal, 0.9 with one AZ lost
   */
  readonly sizing?: SizingBoundsOptions;
}
