import { CacheEngine } from './options';
import { CacheShardPlacementPlan } from './plan';
import * as catalog from '../../catalog';

// TieredCache: shard placement over AZs and the per-node arithmetic the plan and the check share.

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

/** The most shards a layout may have: 1 with cluster mode off, the nodes quota over the nodes per shard otherwise. */
export function maxCacheShards(engine: CacheEngine, clusterMode: boolean, replicasPerShard: number, nodesPerClusterQuota: number): number {
  const q = catalog.QUOTAS.elastiCache;
  if (engine === CacheEngine.MEMCACHED) return q.memcachedNodesMax.value;
  if (!clusterMode) return q.shardsClusterModeDisabled.value;
  const quota = Math.min(nodesPerClusterQuota, q.nodesPerClusterMax.value);
  return Math.max(1, Math.floor(quota / (1 + replicasPerShard)));
}
