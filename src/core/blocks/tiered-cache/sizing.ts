import { CacheEngine } from './options';
import { CacheAzLoss, cacheAzLosses, maxCacheShards, placeCacheShards, shardOperationsCapacity, usableNodeMemoryGiB } from './placement';
import { CacheShardPlacementPlan, TieredCachePlan } from './plan';
import { servingNodes } from './shard-count';
import { AssumedInput } from '../../assumptions';
import * as catalog from '../../catalog';
import { capacityRow, checkLimit, checkRule, fmtPercent, smallestPassing } from '../../sizing/capacity';
import { Scenario, SizingRow, Verdict } from '../../sizing/report';
import { fmt } from '../../validation';

// TieredCache: topology and sizing (SIZING-MODEL.md, TieredCache).

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

/**
 * The resource one shard count (Memcached: node count) decides: memory, operations and network
 * (normal and with the worst AZ lost) and the count limit (nodes per cluster, Memcached nodes, the
 * one shard of cluster mode off). Its rows share one fix.
 */
export const CACHE_SHARDS = 'cache shards';

/** The rows of the shard count that more shards make worse: the count limits. */
function shardsDown(r: SizingRow): boolean {
  return r.scenario === Scenario.LIMIT;
}

const inShards = (r: SizingRow): boolean => (r.fixResource ?? r.resource) === CACHE_SHARDS;
const allPass = (rows: SizingRow[]): boolean => rows.every((r) => r.verdict === Verdict.PASS);

/** The topology a plan has when planned again with `shards` (and `nodeType`): the planner's own placement. */
function withShards(t: TieredCacheTopology, shards: number, nodeType: string = t.nodeType): TieredCacheTopology {
  return { ...t, nodeType, shards, placement: placeCacheShards(shards, t.replicasPerShard, t.azCount) };
}

/**
 * One fix for every row of the shard count (memory, operations, network, normally and with the
 * worst AZ lost, and the count limit): the smallest count at which all of them PASS, found by
 * sizing the same rows over candidate counts placed as the planner places them. When that count
 * breaks the count limit, the next node size of the same family whose smallest passing count is
 * within it (the exact node-size fix), else what to change instead. Every row of the resource
 * that does not PASS shows this one fix.
 */
function withShardsFix(rows: SizingRow[], rowsAt: (t: TieredCacheTopology) => SizingRow[], c: CacheSizing): SizingRow[] {
  const group = rows.filter(inShards);
  if (allPass(group)) return rows;
  const { t, S, unitWord, plan } = c;
  const up = (rs: SizingRow[]): boolean => allPass(rs.filter((r) => inShards(r) && !shardsDown(r)));
  const noun = (node: string): string => `${unitWord} of ${node}`;
  let fix: string | undefined;
  if (up(group)) {
    // Only the count limit is short: its own fix (fewer shards, a bigger node, a quota) is the one change.
    fix = group.find((r) => r.verdict !== Verdict.PASS)?.fix;
  } else {
    // Counts above the limit never pass its row: the search stops there (and stays cheap: at most 500 shards).
    const limit = Math.max(1, c.maxShards);
    const upAt = (k: number): boolean => up(rowsAt(withShards(t, k)));
    const n = upAt(limit) ? smallestPassing(Math.min(Math.max(1, S), limit), upAt, limit) : undefined;
    const broken = n === undefined ? undefined : rowsAt(withShards(t, n)).find((r) => inShards(r) && r.verdict !== Verdict.PASS);
    if (n !== undefined && broken === undefined) {
      fix = `needs >= ${fmt(n)} ${noun(t.nodeType)}, has ${fmt(S)}`;
    } else {
      const needs = n === undefined ? `no count of ${noun(t.nodeType)} within the count limit (${fmt(limit)}: ${c.limitWhat}) carries this load`
        : `needs >= ${fmt(n)} ${noun(t.nodeType)}, more than the count limit takes (${broken!.reason})`;
      const bigger = plan.load.operationsPerSecondPerNodeMeasured ? undefined : biggerNodeFix(t, rowsAt, c.maxShards);
      fix = bigger ? `${needs}: use ${bigger.node} with >= ${fmt(bigger.shards)} ${unitWord}`
        : plan.load.operationsPerSecondPerNodeMeasured
          ? `${needs}: measure a bigger node than ${t.nodeType} (the per-node figure is yours)`
          : `${needs}: ${insteadText(t.engine, c.node.family)}`;
    }
  }
  return rows.map((r) => (inShards(r) && r.verdict !== Verdict.PASS && fix !== undefined ? { ...r, fix } : r));
}

/**
 * The next node size of the family at which some count within the count limit passes every row
 * of the shard count, with the smallest such count: applied, every row passes; one shard less (or
 * the size below) leaves one short. Undefined when no size of the family fits.
 */
function biggerNodeFix(t: TieredCacheTopology, rowsAt: (t: TieredCacheTopology) => SizingRow[],
  maxShards: number): { node: string; shards: number } | undefined {
  let next = catalog.nextCacheNodeSize(t.nodeType);
  while (next) {
    const node = next;
    const upAt = (k: number): boolean => allPass(rowsAt(withShards(t, k, node)).filter((r) => inShards(r) && !shardsDown(r)));
    // The most shards the limit allows decides whether this size can fit at all (one sizing, not a search).
    const n = upAt(Math.max(1, maxShards)) ? smallestPassing(1, upAt, Math.max(1, maxShards)) : undefined;
    if (n !== undefined && allPass(rowsAt(withShards(t, n, node)).filter(inShards))) return { node, shards: n };
    next = catalog.nextCacheNodeSize(next);
  }
  return undefined;
}

function insteadText(engine: CacheEngine, family: string): string {
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
  const sized = cacheRows(plan, demand, topology);
  if (!sized.c) return sized.rows;
  return withShardsFix(sized.rows, (t) => cacheRows(plan, demand, t).rows, sized.c);
}

/** Every row of the cache with the topology given; the shard count's rows without their fix (withShardsFix gives it). */
function cacheRows(plan: TieredCachePlan, demand: TieredCacheDemand, topology: TieredCacheTopology): { rows: SizingRow[]; c?: CacheSizing } {
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
    return { rows };
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
  const D = d.reads + d.writes;
  const serving = servingNodes(readFromReplica, 1 + r);
  const c: CacheSizing = {
    plan, d, t, q, memcached, unitWord, base, node, S, r, readFromReplica, maxShards, limitWhat, losses, opsFor, kNode, nodeSources, D, serving,
  };
  return { rows: [...cacheMemoryRows(c), ...cacheOperationsRows(c), ...cacheNetworkRows(c), ...cacheLimitRows(c), ...cacheDesignRuleRows(c)], c };
}

/** What every part of a TieredCache's sizing reads: the plan, the demand, the topology and the node. */
interface CacheSizing {
  readonly plan: TieredCachePlan;
  readonly d: ResolvedDemand;
  readonly t: TieredCacheTopology;
  readonly q: typeof catalog.QUOTAS.elastiCache;
  readonly memcached: boolean;
  readonly unitWord: string;
  readonly base: { block: string; blockKind: TieredCachePlan['kind']; assumed: AssumedInput[] };
  readonly node: catalog.CacheNodeSpec;
  /** Shards (Memcached: nodes). */
  readonly S: number;
  /** Replicas per shard. */
  readonly r: number;
  readonly readFromReplica: boolean;
  readonly maxShards: number;
  readonly limitWhat: string;
  readonly losses: CacheAzLoss[];
  readonly opsFor: (n: catalog.CacheNodeSpec) => number | undefined;
  readonly kNode: number;
  readonly nodeSources: string[];
  /** Operations/s: reads and writes. */
  readonly D: number;
  /** Nodes of a shard that serve reads normally. */
  readonly serving: number;
}

/** Memory per shard, normally and with the worst AZ lost. */
function cacheMemoryRows(c: CacheSizing): SizingRow[] {
  const { plan, d, t, memcached, unitWord, base, node, S, losses, nodeSources } = c;
  const rows: SizingRow[] = [];
  const fill = plan.load.maxMemoryFill;
  const demandGiB = d.workingSetGiB * (1 + plan.load.memoryOverhead);
  const usable = usableNodeMemoryGiB(node, t.reservedMemoryPercent);
  const memNoun = `${unitWord} of ${t.nodeType} (${fmt(usable)} GiB usable each)`;
  const memCtx = {
    ...base,
    resource: 'cache memory',
    metric: 'GiB',
    sources: [...nodeSources, 'catalog.QUOTAS.elastiCache.reservedMemoryPercentDefault', 'catalog.ASSUMED.cacheMemoryOverhead', 'catalog.ASSUMED.cacheMemoryFillMax'],
  };
  rows.push(capacityRow(memCtx, Scenario.NORMAL, demandGiB, usable * S, fill, plan.sizing.warnMargin,
    (v, u) => `${fmt(d.workingSetGiB)} GiB of data x ${fmt(1 + plan.load.memoryOverhead)} (structures) = ${fmt(demandGiB)} GiB on ${fmt(S)} ${memNoun} is ${fmtPercent(u)} full`
      + (v === Verdict.FAIL ? `, above the ${fmtPercent(fill)} fill limit` : v === Verdict.WARN ? `, within 10 % of the ${fmtPercent(fill)} fill limit` : ` (limit ${fmtPercent(fill)})`)));
  const dataLoss = worstDataLoss(losses);
  if (dataLoss.lostShards === 0) {
    rows.push(capacityRow(memCtx, Scenario.AZ_LOSS, demandGiB, usable * S, fill, plan.sizing.warnMargin,
      (_, u) => `every shard keeps a copy outside each AZ: with one AZ lost the memory is unchanged (${fmtPercent(u)} full after failover)`));
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
      // Replicas (or another engine) fix it, not the shard count.
      fixResource: 'cache replicas',
    });
  }
  return rows.map((r) => (r.metric === 'GiB' ? { ...r, fixResource: CACHE_SHARDS } : r));
}

/** Operations per shard, normally and with the worst AZ lost. */
function cacheOperationsRows(c: CacheSizing): SizingRow[] {
  const { plan, d, t, unitWord, base, S, losses, kNode, nodeSources, D, serving, readFromReplica } = c;
  const rows: SizingRow[] = [];
  const opsNoun = (n: number): string => `${unitWord} of ${t.nodeType}` + (n > 1 ? ` (${n} nodes serving reads)` : '');
  const opsCtx = {
    ...base,
    resource: 'cache operations',
    metric: 'operations/s',
    sources: [...nodeSources, plan.load.operationsPerSecondPerNodeMeasured ? 'load.operationsPerSecondPerNode (measured)' : 'catalog.cacheOpsPerSecond'],
  };
  const cap = (k: number, n: number): number => shardOperationsCapacity(k, n, d.reads, d.writes);
  const normalPerShard = cap(kNode, serving);
  const target = plan.sizing.targetUtilization;
  rows.push(capacityRow(opsCtx, Scenario.NORMAL, D, normalPerShard * S, target, plan.sizing.warnMargin,
    (v, u) => `${fmt(D)} operations/s on ${fmt(S)} ${opsNoun(serving)} of ${fmt(normalPerShard)} each is ${fmtPercent(u)} busy`
      + (v === Verdict.FAIL ? `, above the ${fmtPercent(target)} target` : v === Verdict.WARN ? `, within 10 % of the ${fmtPercent(target)} target` : ` (target ${fmtPercent(target)})`)));
  const worst = worstOpsLoss(losses, readFromReplica);
  if (worst) {
    const left = servingNodes(readFromReplica, worst.minNodesLeft);
    const perShard = cap(kNode, left);
    const survivors = S - worst.lostShards;
    const maxU = plan.sizing.maxUtilization;
    rows.push(capacityRow(opsCtx, Scenario.AZ_LOSS, (D * survivors) / S, perShard * survivors, maxU, plan.sizing.warnMargin,
      (v, u) => `with AZ ${worst.az + 1} lost, ` + (worst.lostShards > 0 ? `${fmt(worst.lostShards)} ${unitWord} are gone and ` : '')
        + `the busiest surviving shard serves ${readFromReplica ? `reads on ${left} node(s)` : 'on its primary'}: ${fmtPercent(u)} busy`
        + (v === Verdict.FAIL ? `, above the ${fmtPercent(maxU)} limit` : v === Verdict.WARN ? `, within 10 % of the ${fmtPercent(maxU)} limit` : ` (limit ${fmtPercent(maxU)})`)));
  }
  return rows.map((r) => ({ ...r, fixResource: CACHE_SHARDS }));
}

/**
 * Gbps of values through the busiest node of a shard, in its busiest direction (a node's baseline
 * bandwidth applies to inbound and outbound traffic each: SOURCES.ec2NetworkBandwidth). The primary
 * is the busiest: out, its share of the shard's reads plus the write stream it replicates to each
 * replica; in, the writes. Reads spread over the `serving` nodes (all of them with read-from-replica).
 *
 * @param readsPerShard reads/s of one shard
 * @param writesPerShard writes/s of one shard
 * @param nodes nodes of the shard (primary and replicas) that are running
 */
export function busiestCacheNodeGbps(readsPerShard: number, writesPerShard: number, itemBytes: number, serving: number, nodes: number): number {
  const outOps = readsPerShard / Math.max(1, serving) + writesPerShard * Math.max(0, nodes - 1);
  return (Math.max(outOps, writesPerShard) * itemBytes * 8) / 1e9;
}

/**
 * Network per node, when the item size is known: the busiest node of a shard against its node
 * type's baseline bandwidth, normally (at the target utilisation) and in the busiest shard left
 * when the worst AZ is lost (at the maximum utilisation). Both rows are rows of the shard count
 * (each shard's traffic falls as 1 / shards), whose one fix withShardsFix gives.
 */
function cacheNetworkRows(c: CacheSizing): SizingRow[] {
  const { plan, d, t, base, node, S, r, losses, serving, readFromReplica } = c;
  const itemBytes = plan.load.averageItemBytes;
  if (itemBytes === undefined || !(S > 0)) return [];
  const worst = worstOpsLoss(losses, readFromReplica);
  const left = worst ? worst.minNodesLeft : 0;
  const { targetUtilization: target, maxUtilization: maxU, warnMargin } = plan.sizing;
  /** Per-node Gbps of the busiest node, normally and on AZ loss, with `shards` shards. */
  const perNode = (shards: number) => ({
    normal: busiestCacheNodeGbps(d.reads / shards, d.writes / shards, itemBytes, serving, 1 + r),
    azLoss: busiestCacheNodeGbps(d.reads / shards, d.writes / shards, itemBytes, servingNodes(readFromReplica, left), left),
  });
  const ctx = {
    ...base,
    resource: 'cache network',
    metric: 'Gbps per node',
    sources: [`catalog.cacheNode(${t.nodeType}).baselineNetworkGbps`, 'catalog.SOURCES.ec2NetworkBandwidth'],
  };
  const g = perNode(S);
  const what = (nodes: number): string => `${fmt(d.reads / S)} reads/s and ${fmt(d.writes / S)} writes/s of ${fmt(itemBytes)} bytes per shard: `
    + `the primary sends ${readFromReplica && nodes > 1 ? `1/${nodes} of the reads` : 'every read'}`
    + (nodes > 1 ? ` and the writes to ${fmt(nodes - 1)} replica(s)` : '');
  const tail = (v: Verdict, bound: number, word: string): string => (v === Verdict.FAIL ? `, above the ${fmtPercent(bound)} ${word}`
    : v === Verdict.WARN ? `, within 10 % of the ${fmtPercent(bound)} ${word}` : ` (${word} ${fmtPercent(bound)})`);
  const rows: SizingRow[] = [
    capacityRow(ctx, Scenario.NORMAL, g.normal, node.baselineNetworkGbps, target, warnMargin,
      (v, u) => `${what(1 + r)}, ${fmt(g.normal)} Gbps on a ${t.nodeType} of ${fmt(node.baselineNetworkGbps)} Gbps baseline is ${fmtPercent(u)} busy`
        + tail(v, target, 'target')),
  ];
  if (worst) {
    rows.push(capacityRow(ctx, Scenario.AZ_LOSS, g.azLoss, node.baselineNetworkGbps, maxU, warnMargin,
      (v, u) => `with AZ ${worst.az + 1} lost, the busiest shard left has ${fmt(left)} node(s): ${what(left)}, ${fmt(g.azLoss)} Gbps is ${fmtPercent(u)} `
        + 'of the baseline' + tail(v, maxU, 'limit')));
  }
  return rows.map((row) => ({ ...row, fixResource: CACHE_SHARDS }));
}

/** The node, replica and shard limits. */
function cacheLimitRows(c: CacheSizing): SizingRow[] {
  const { plan, t, q, memcached, base, S, r } = c;
  const rows: SizingRow[] = [];
  const limitCtx = (resource: string, metric: string, source: string) => ({ ...base, resource, metric, sources: [source] });
  if (memcached) {
    rows.push({
      ...checkLimit(limitCtx('cache nodes', 'nodes', 'catalog.QUOTAS.elastiCache.memcachedNodesMax'), S, q.memcachedNodesMax.value,
        plan.sizing.warnMargin, 'use a bigger node type and fewer nodes', 'the Memcached limit of nodes per cluster'),
      fixResource: CACHE_SHARDS,
    });
  } else {
    rows.push(checkLimit(limitCtx('cache replicas', 'replicas per shard', 'catalog.QUOTAS.elastiCache.replicasPerShardMax'), r,
      q.replicasPerShardMax.value, 1, `set replicasPerShard <= ${q.replicasPerShardMax.value}`, 'the ElastiCache limit of replicas per shard'));
    if (t.clusterMode) {
      const quota = Math.min(t.nodesPerClusterQuota, q.nodesPerClusterMax.value);
      rows.push({
        ...checkLimit(limitCtx('cache nodes', 'nodes', 'catalog.QUOTAS.elastiCache.nodesPerClusterDefault'), S * (1 + r), quota,
          plan.sizing.warnMargin, quota < q.nodesPerClusterMax.value
            ? `request a higher nodes-per-cluster quota (up to ${fmt(q.nodesPerClusterMax.value)}) and set nodesPerClusterQuota, or use a bigger node type and fewer shards`
            : 'use a bigger node type and fewer shards, or fewer replicas',
          'the nodes-per-cluster quota'),
        fixResource: CACHE_SHARDS,
      });
    } else {
      rows.push(checkLimit(limitCtx('cache shards', 'shards', 'catalog.QUOTAS.elastiCache.shardsClusterModeDisabled'), S, q.shardsClusterModeDisabled.value,
        1, 'turn cluster mode on to use more shards', 'the one shard of cluster mode off'));
    }
  }
  return rows;
}

/** The rules the design relies on: no burstable node, Multi-AZ with replicas. */
function cacheDesignRuleRows(c: CacheSizing): SizingRow[] {
  const { plan, t, memcached, base, node, r, nodeSources } = c;
  const rows: SizingRow[] = [];
  const ruleCtx = { ...base, resource: 'cache nodes', metric: 'rule', sources: nodeSources };
  if (node.burstable) {
    rows.push({
      ...checkRule(ruleCtx, Verdict.WARN,
        `${t.nodeType} is burstable: once its CPU credits run out it sustains only a fraction of the assumed throughput`,
        'use a non-burstable node (cache.m7g or cache.r7g) for production load'),
      fixResource: 'cache node type',
    });
  }
  if (!memcached && r > 0 && !plan.application.multiAz) {
    rows.push({
      ...checkRule(ruleCtx, Verdict.WARN, 'Multi-AZ is off: a failed primary is not promoted across AZs automatically', 'set multiAz true'),
      fixResource: 'cache failover',
    });
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
