import { CacheEngine } from './options';
import { CacheAzLoss, cacheAzLosses, maxCacheShards, shardOperationsCapacity, usableNodeMemoryGiB } from './placement';
import { CacheShardPlacementPlan, TieredCachePlan } from './plan';
import { MAX_COUNT, neededUnits, servingNodes } from './shard-count';
import { AssumedInput } from '../../assumptions';
import * as catalog from '../../catalog';
import { capacityRow, checkLimit, checkRule, fmtPercent, SizingPolicy, smallestPassing, utilizationOf, verdictFor } from '../../sizing/capacity';
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
  const D = d.reads + d.writes;
  const serving = servingNodes(readFromReplica, 1 + r);
  const c: CacheSizing = {
    plan, d, t, q, memcached, unitWord, base, node, S, r, readFromReplica, maxShards, limitWhat, losses, opsFor, kNode, nodeSources, D, serving,
  };
  return [...cacheMemoryRows(c), ...cacheOperationsRows(c), ...cacheNetworkRows(c), ...cacheLimitRows(c), ...cacheDesignRuleRows(c)];
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
  const { plan, d, t, memcached, unitWord, base, node, S, maxShards, limitWhat, losses, nodeSources } = c;
  const rows: SizingRow[] = [];
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
  return rows;
}

/** Operations per shard, normally and with the worst AZ lost. */
function cacheOperationsRows(c: CacheSizing): SizingRow[] {
  const { plan, d, t, unitWord, base, node, S, maxShards, limitWhat, losses, opsFor, kNode, nodeSources, D, serving, readFromReplica } = c;
  const rows: SizingRow[] = [];
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
  return rows;
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
 * when the worst AZ is lost (at the maximum utilisation). Both rows share one fix: the smallest
 * shard count at which both PASS (each shard's traffic falls as 1 / shards), or, above the shard
 * limit, the next node size of the family that fits.
 */
function cacheNetworkRows(c: CacheSizing): SizingRow[] {
  const { plan, d, t, unitWord, base, node, S, r, maxShards, limitWhat, losses, serving, readFromReplica } = c;
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
  const passesWith = (spec: catalog.CacheNodeSpec) => (shards: number): boolean => {
    const g = perNode(shards);
    return verdictFor(utilizationOf(g.normal, spec.baselineNetworkGbps), target, warnMargin) === Verdict.PASS
      && (!worst || verdictFor(utilizationOf(g.azLoss, spec.baselineNetworkGbps), maxU, warnMargin) === Verdict.PASS);
  };
  const neededFor = (spec: catalog.CacheNodeSpec): number | undefined => {
    if (!(spec.baselineNetworkGbps > 0)) return undefined;
    const g1 = perNode(1);
    const from = Math.max(g1.normal / (target * warnMargin), worst ? g1.azLoss / (maxU * warnMargin) : 0) / spec.baselineNetworkGbps;
    if (!Number.isFinite(from) || from > MAX_COUNT) return undefined;
    return smallestPassing(from, passesWith(spec), MAX_COUNT);
  };
  const netNoun = `${unitWord} of ${t.nodeType} (${fmt(node.baselineNetworkGbps)} Gbps baseline per node, each direction)`;
  const instead = insteadText(t.engine, biggerNodeFix(t.nodeType, neededFor, maxShards), node.family, unitWord);
  const fix = countFixText(neededFor(node), S, netNoun, maxShards, limitWhat, `${instead}, or smaller values`);
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
        + tail(v, target, 'target'), fix),
  ];
  if (worst) {
    rows.push(capacityRow(ctx, Scenario.AZ_LOSS, g.azLoss, node.baselineNetworkGbps, maxU, warnMargin,
      (v, u) => `with AZ ${worst.az + 1} lost, the busiest shard left has ${fmt(left)} node(s): ${what(left)}, ${fmt(g.azLoss)} Gbps is ${fmtPercent(u)} `
        + 'of the baseline' + tail(v, maxU, 'limit'), fix));
  }
  return rows;
}

/** The node, replica and shard limits. */
function cacheLimitRows(c: CacheSizing): SizingRow[] {
  const { plan, t, q, memcached, base, S, r } = c;
  const rows: SizingRow[] = [];
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
  return rows;
}

/** The rules the design relies on: no burstable node, Multi-AZ with replicas. */
function cacheDesignRuleRows(c: CacheSizing): SizingRow[] {
  const { plan, t, memcached, base, node, r, nodeSources } = c;
  const rows: SizingRow[] = [];
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
