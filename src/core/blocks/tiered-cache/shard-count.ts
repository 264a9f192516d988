import { cacheAzLosses, placeCacheShards, shardOperationsCapacity } from './placement';
import { SizingPolicy, unitsNeededNormal } from '../../sizing/capacity';

// TieredCache: the shard count a load needs, shared by planTieredCache's default and the check's fixes.
// Not re-exported by index.ts: it is not part of the public API.

/** The largest count a fix names; beyond it "no count carries this load" (the search limit of capacity.ts). */
export const MAX_COUNT = 1_000_000;

/**
 * Units needed for a row to PASS under `policy.targetUtilization`, or undefined when no count up to
 * MAX_COUNT does (guards the search against astronomically large ratios).
 */
export function neededUnits(demand: number, perUnit: number, policy: SizingPolicy): number | undefined {
  if (!(demand > 0)) return 1;
  if (!(perUnit > 0) || !Number.isFinite(perUnit)) return undefined;
  const from = demand / (perUnit * policy.targetUtilization * policy.warnMargin);
  if (!Number.isFinite(from) || from > MAX_COUNT) return undefined;
  return unitsNeededNormal(demand, perUnit, policy);
}

/** Nodes that serve reads in a shard of `nodesLeft` nodes. */
export function servingNodes(readFromReplica: boolean, nodesLeft: number): number {
  return readFromReplica ? Math.max(1, nodesLeft) : 1;
}

export interface ShardsNeededInput {
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
export function nodesLeftOnAzLoss(replicasPerShard: number, azCount: number): number {
  const losses = cacheAzLosses(placeCacheShards(Math.max(1, Math.floor(azCount)), replicasPerShard, azCount), azCount);
  const surviving = losses.filter((x) => x.minNodesLeft > 0);
  return surviving.length ? Math.min(...surviving.map((x) => x.minNodesLeft)) : 0;
}

/** Shards each row needs, for our own placement: memory, operations normal, operations with one AZ lost. */
export function shardsNeededByRow(i: ShardsNeededInput): { memory?: number; opsNormal?: number; opsAzLoss?: number } {
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

export function shardsNeeded(i: ShardsNeededInput): number | undefined {
  const n = shardsNeededByRow(i);
  if (n.memory === undefined || n.opsNormal === undefined || n.opsAzLoss === undefined) return undefined;
  return Math.max(n.memory, n.opsNormal, n.opsAzLoss);
}
