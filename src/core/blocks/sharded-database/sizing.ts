import { utf8Length } from './internal';
import {
  MAX_HASH_SHARDS, RESOURCES_PER_DB_INSTANCE_ESTIMATE, RESOURCES_PER_READER_AUTO_SCALING_ESTIMATE, SHARD_BASE_RESOURCES_ESTIMATE,
  SHARD_ENDPOINT_ESTIMATED_CHARS, SHARD_MAX_RESOURCES_ESTIMATE, ShardedDatabasePlan, STACK_FILL_FRACTION,
} from './plan';
import { AssumedInput } from '../../assumptions';
import * as catalog from '../../catalog';
import { ShardingStrategy, ShardMap, ShardMapPages } from '../../router';
import { checkLimit, smallestPassing, utilizationOf, verdictFor } from '../../sizing/capacity';
import { SizingRow, Verdict } from '../../sizing/report';
import { fmt } from '../../validation';
import {
  DB_INSTANCES_PER_REGION_RESOURCE, ReplicatedDatabasePlan, ReplicatedDatabaseTopology, replicatedDatabaseTopologyOf, sizeReplicatedDatabase,
} from '../replicated-database';
import { dbSpecOf } from '../replicated-database/serverless-internal';
import { quotaRow, smallestPassingQuota } from '../shared/quota-row';

// ShardedDatabase: the shard and shard-map arithmetic, topology and sizing (SIZING-MODEL.md, ShardedDatabase).

/** HASH shards per stack: floor(500 x 0.8 / 50) = 8 with the catalog's quota. */
export function hashShardsPerStack(): number {
  return Math.max(1, Math.floor((catalog.QUOTAS.cloudFormation.resourcesPerStack.value * STACK_FILL_FRACTION) / SHARD_MAX_RESOURCES_ESTIMATE));
}

/** Estimated CloudFormation resources of one shard. */
export function estimateShardResources(db: ReplicatedDatabasePlan): number {
  const instances = 1 + (db.readerAutoScaling ? db.readerAutoScaling.maxReaders : db.readers);
  return SHARD_BASE_RESOURCES_ESTIMATE
    + instances * RESOURCES_PER_DB_INSTANCE_ESTIMATE
    + (db.readerAutoScaling ? RESOURCES_PER_READER_AUTO_SCALING_ESTIMATE : 0)
    + db.monitoring.cloudwatchLogsExports.length
    + db.allowedClients.length + db.allowedCidrs.length;
}

/** The hottest shard's share of a HASH map of `n` shards. */
export function hashShare(n: number, skewFactor: number): number {
  return Math.min(1, skewFactor / Math.max(1, n));
}

/**
 * The fewest HASH shards (searching from `from`) for which `ok(share)` holds, `share` being the
 * hottest shard's share; undefined when none up to the router's 1,024.
 */
export function hashShardsNeeded(from: number, skewFactor: number, ok: (share: number) => boolean): number | undefined {
  return smallestPassing(Math.max(1, from), (n) => ok(hashShare(n, skewFactor)), 1024);
}

/**
 * Bytes of the map's JSON once every shard's writer endpoint is filled in, each counted at
 * {@link SHARD_ENDPOINT_ESTIMATED_CHARS} characters; with `shardCount`, of the map's first that many
 * shards (a HASH map of that many shards, as shard ids do not change when shards are added).
 */
export function shardMapBytesWithEndpoints(map: ShardMap, shardCount: number = map.shards.length): number {
  const endpoint = 'x'.repeat(SHARD_ENDPOINT_ESTIMATED_CHARS);
  return utf8Length(JSON.stringify({ ...map, shards: map.shards.slice(0, shardCount).map((s) => ({ ...s, endpoint })) }));
}

/**
 * Bytes of the largest page when the map, every endpoint counted at {@link SHARD_ENDPOINT_ESTIMATED_CHARS}
 * characters, is published in pages of `shardsPerPage` shards (router `ShardMapPages.split`).
 */
export function shardMapPageBytes(map: ShardMap, shardsPerPage: number): number {
  const endpoint = 'x'.repeat(SHARD_ENDPOINT_ESTIMATED_CHARS);
  const filled: ShardMap = { ...map, shards: map.shards.map((s) => ({ ...s, endpoint })) };
  return Math.max(...ShardMapPages.split(filled, Math.max(1, Math.floor(shardsPerPage))).map((p) => utf8Length(JSON.stringify(p))));
}

/**
 * The most shards per page for which every page of the published map passes the value limit
 * (within `warnMargin` of it, the row's PASS); 1 when not even a page of one shard does.
 */
export function shardMapShardsPerPage(map: ShardMap, limitBytes: number, warnMargin: number): number {
  const passes = (k: number): boolean => verdictFor(utilizationOf(shardMapPageBytes(map, k), limitBytes), 1, warnMargin) === Verdict.PASS;
  const n = map.shards.length;
  if (passes(n)) return n;
  // Page bytes grow with the shards per page (the largest page is always a full one): search down from a first estimate.
  let k = Math.max(1, Math.floor(n * (limitBytes * warnMargin) / shardMapPageBytes(map, n)));
  while (k > 1 && !passes(k)) k--;
  while (k + 1 < n && passes(k + 1)) k++;
  return k;
}

/**
 * The SSM parameter value limit of a tier: Standard 4,096; Advanced, and Intelligent-Tiering
 * (which moves a parameter to Advanced when its value needs it), 8,192.
 */
export function shardMapParameterLimit(tier: string): { value: number; source: string; label: string } {
  const ssm = catalog.QUOTAS.ssm;
  return tier === 'Standard'
    ? { value: ssm.standardParameterValueMaxBytes.value, source: 'catalog.QUOTAS.ssm.standardParameterValueMaxBytes', label: 'Standard tier' }
    : {
      value: ssm.advancedParameterValueMaxBytes.value,
      source: 'catalog.QUOTAS.ssm.advancedParameterValueMaxBytes',
      label: tier === 'Advanced' ? 'Advanced tier' : `Advanced tier, through ${tier}`,
    };
}

/** What the sizing reads of one deployed shard. */
export interface ShardTopology {
  readonly id: string;
  /** The shard's Region; absent: the stack's. */
  readonly region?: string;
  readonly database: ReplicatedDatabaseTopology;
}

/** What the sizing reads of a deployed ShardedDatabase: taken from the plan, or from synthesized templates. */
export interface ShardedDatabaseTopology {
  readonly shards: ShardTopology[];
}

/** The demand on a ShardedDatabase, in total; each field defaults to the plan's load. */
export interface ShardedDatabaseDemand {
  /**
   * Reads/s over all shards.
   *
   * @default - the plan's load.readsPerSecond
   */
  readonly readsPerSecond?: number;
  /**
   * Writes/s over all shards.
   *
   * @default - the plan's load.writesPerSecond
   */
  readonly writesPerSecond?: number;
  /**
   * Client connections each shard's writer accepts.
   *
   * @default - each shard's load.connections
   */
  readonly connections?: number;
  /**
   * Data held over all shards, in GiB.
   *
   * @default - the plan's load.storageGiB
   */
  readonly storageGiB?: number;
  /**
   * Reads/s that reach the shards only when an AZ is lost, in total.
   *
   * @default 0
   */
  readonly extraReadsPerSecondOnAzLoss?: number;
}

/** The topology a plan intends to deploy. */
export function shardedDatabaseTopologyOf(plan: ShardedDatabasePlan): ShardedDatabaseTopology {
  return { shards: plan.shards.map((s) => ({ id: s.id, region: s.region, database: replicatedDatabaseTopologyOf(s.database) })) };
}

/**
 * Sizes a ShardedDatabase: each shard as a ReplicatedDatabase carrying its share (HASH: the
 * hottest shard's, total / N x skew, for every shard), with a shard-count fix on HASH writer and
 * storage rows; then the per-Region DB instance and Aurora cluster quotas summed over the shards,
 * and the CloudFormation resources of each stack group.
 *
 * @param demand the total reads, writes and connections (the chain's, in a system)
 */
export function sizeShardedDatabase(plan: ShardedDatabasePlan, demand: ShardedDatabaseDemand = {},
  topology: ShardedDatabaseTopology = shardedDatabaseTopologyOf(plan), context: catalog.QuotaContext = {}): SizingRow[] {
  const reads = demand.readsPerSecond ?? plan.load.readsPerSecond;
  const writes = demand.writesPerSecond ?? plan.load.writesPerSecond;
  const storage = demand.storageGiB ?? plan.load.storageGiB;
  const extra = demand.extraReadsPerSecondOnAzLoss ?? 0;
  const hash = plan.strategy === ShardingStrategy.HASH;
  const n = topology.shards.length;
  const rows: SizingRow[] = [];
  const base = { block: plan.path, blockKind: plan.kind, assumed: plan.assumed };

  for (const t of topology.shards) {
    const shard = plan.shards.find((s) => s.id === t.id);
    if (!shard) continue;
    const share = hash ? hashShare(n, plan.load.skewFactor) : shard.loadShare;
    const db = shard.database;
    const shardRows = sizeReplicatedDatabase(db, {
      readsPerSecond: reads * share,
      writesPerSecond: writes * share,
      storageGiB: storage * share,
      connections: demand.connections,
      extraReadsPerSecondOnAzLoss: extra * share,
    }, t.database, t.region === undefined || t.region === context.region ? context : { region: t.region })
      .filter((r) => r.resource !== DB_INSTANCES_PER_REGION_RESOURCE);
    for (const r of shardRows.map((x) => (x.fix ? { ...x, fix: shardProxyFix(x.fix, shard.index) } : x))) {
      if (hash && r.verdict !== Verdict.PASS && (r.resource === 'writer' || r.resource === 'storage')) {
        rows.push({ ...r, fix: shardCountFix(plan, db, t.database, r, { writes, storage, n }) });
      } else {
        rows.push(r);
      }
    }
  }

  // Quotas per Region, over every shard.
  const byRegion = new Map<string, { instances: number; clusters: number }>();
  for (const t of topology.shards) {
    const key = t.region ?? '';
    const cur = byRegion.get(key) ?? { instances: 0, clusters: 0 };
    const readers = Math.max(t.database.readerAzs.length, t.database.maxReaders);
    byRegion.set(key, { instances: cur.instances + 1 + readers, clusters: cur.clusters + (t.database.aurora ? 1 : 0) });
  }
  for (const [key, c] of byRegion) {
    // Each group of shards is read in its own Region: a GEOGRAPHIC shard's, else the stack's (the context's).
    const region = key === '' ? context.region : key;
    const where = region ?? 'the stack Region';
    // Declared quotas are the stack Region's: a shard of another Region is read at that Region's defaults.
    const inRegion: catalog.QuotaContext = region === context.region ? context : { region };
    const m = plan.sizing.warnMargin;
    rows.push(quotaRow({
      ...base,
      resource: `${DB_INSTANCES_PER_REGION_RESOURCE} (${where})`,
      metric: 'DB instances',
      warnMargin: m,
      what: `the quota of DB instances in ${where} (writers and readers of every shard, counting auto-scaling maxima)`,
      fix: `request a DB instances quota of >= ${fmt(smallestPassingQuota(c.instances, m))} in ${where} (Service Quotas, Amazon RDS: DB instances) `
        + 'before deploying, and declare it (quotas.rds.dbInstancesPerRegion); or run fewer readers per shard',
    }, 'rds.dbInstancesPerRegion', c.instances, inRegion));
    if (c.clusters > 0) {
      rows.push(quotaRow({
        ...base,
        resource: `DB clusters per Region (${where})`,
        metric: 'DB clusters',
        warnMargin: m,
        what: `the quota of Aurora DB clusters in ${where}`,
        fix: `request a DB clusters quota of >= ${fmt(smallestPassingQuota(c.clusters, m))} in ${where} (Service Quotas, Amazon RDS: DB clusters) `
          + 'before deploying, and declare it (quotas.aurora.clustersPerRegion)',
      }, 'aurora.clustersPerRegion', c.clusters, inRegion));
    }
  }

  // CloudFormation resources per stack group.
  const quota = catalog.QUOTAS.cloudFormation.resourcesPerStack.value;
  for (const g of plan.stackGroups) {
    rows.push(checkLimit({ ...base, resource: `stack ${g.id}`, metric: 'resources', sources: ['catalog.QUOTAS.cloudFormation.resourcesPerStack'] },
      g.estimatedResources, quota, plan.sizing.warnMargin, 'fewer readers or allowed sources per shard (the group holds a fixed set of shards)',
      'the CloudFormation quota of resources per stack (estimated)'));
  }

  // The published shard map, with every writer endpoint filled in, against the parameter tier's value size.
  rows.push(shardMapRow(plan, base));
  return rows;
}

/**
 * The LIMIT row of the shard map's SSM parameters: the largest page of the published map (the map
 * with every writer endpoint at its estimated length, split into pages of shardMapShardsPerPage
 * shards) against the value limit of the plan's tier. The plan chooses the page size so the row
 * passes; a supplied plan with bigger pages gets the exact fix: the most shards per page that pass.
 */
function shardMapRow(plan: ShardedDatabasePlan, base: { block: string; blockKind: string; assumed: AssumedInput[] }): SizingRow {
  const limit = shardMapParameterLimit(plan.shardMapParameterTier);
  const n = plan.shardMap.shards.length;
  const perPage = Math.max(1, plan.shardMapShardsPerPage ?? n);
  const pages = Math.ceil(n / perPage);
  const bytes = shardMapPageBytes(plan.shardMap, perPage);
  const most = shardMapShardsPerPage(plan.shardMap, limit.value, plan.sizing.warnMargin);
  const fix = `publish the map in pages of <= ${fmt(most)} shards (shardMapShardsPerPage ${fmt(most)}: ${fmt(Math.ceil(n / most))} parameter(s) `
    + `of at most ${fmt(shardMapPageBytes(plan.shardMap, most))} bytes)`;
  return checkLimit({ ...base, resource: 'shard map parameter', metric: 'bytes', sources: [limit.source] },
    bytes, limit.value, plan.sizing.warnMargin, fix,
    `the SSM parameter value limit (${limit.label}; the largest of ${fmt(pages)} page(s) of ${fmt(perPage)} shard(s), `
    + `each writer endpoint estimated at ${SHARD_ENDPOINT_ESTIMATED_CHARS} characters)`);
}

/** How a ReplicatedDatabase's connections fix turns its proxy on: on a shard the option is shardDefaults.proxy or shards[i].proxy. */
const ENABLE_PROXY = 'proxy: { enabled: true }';

/** A shard row's fix with the proxy it suggests named where a ShardedDatabase sets it. */
function shardProxyFix(fix: string, index: number): string {
  return fix.split(ENABLE_PROXY).join(`shardDefaults.proxy: {} for every shard, or shards[${index}].proxy: {} for this one`);
}

/** The HASH fix of a failing writer or storage row: the shard count that makes it pass, beside the class fix. */
function shardCountFix(plan: ShardedDatabasePlan, db: ReplicatedDatabasePlan, t: ReplicatedDatabaseTopology, r: SizingRow,
  i: { writes: number; storage: number; n: number }): string | undefined {
  const needed = shardsNeededFor(plan, db, t, r.resource === 'writer' ? 'writes' : 'storage', r.resource === 'writer' ? i.writes : i.storage, i.n);
  const other = r.fix ? `; or ${r.fix}` : '';
  if (needed === undefined) return `no shard count carries it${other}`;
  if (needed > MAX_HASH_SHARDS) return `needs >= ${fmt(needed)} shards, above the ${MAX_HASH_SHARDS} this block allows${other}`;
  return `needs >= ${fmt(needed)} shards (the hottest carries total / N x ${fmt(plan.load.skewFactor)}), has ${fmt(i.n)}${other}`;
}

/**
 * The fewest HASH shards for which a shard's writer (`writes`) or storage row passes with the
 * hottest shard's share of `total`; undefined when no count up to 1,024 does.
 */
export function shardsNeededFor(plan: ShardedDatabasePlan, db: ReplicatedDatabasePlan, t: ReplicatedDatabaseTopology,
  what: string, total: number, from: number): number | undefined {
  const p = plan.sizing;
  const spec = dbSpecOf(db, t.instanceClass);
  if (!spec) return undefined;
  const capacity = what === 'writes' ? db.load.writesPerSecondPerVcpu * spec.vcpu : db.storage.maxAllocatedGiB ?? db.storage.engineMaxGiB;
  const bound = what === 'writes' ? p.targetUtilization : 1;
  return hashShardsNeeded(from, plan.load.skewFactor, (share) => {
    const d = total * share;
    return verdictFor(d <= 0 ? 0 : d / capacity, bound, p.warnMargin) === Verdict.PASS;
  });
}
