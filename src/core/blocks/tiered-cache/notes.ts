import { fmt } from '../../validation';
import { RemovalPolicy } from '../common';
import { CacheAuthMode, CacheEngine, EvictionPolicy } from './options';
import { TieredCachePlan } from './plan';

// TieredCache: the notes the check prints beside the sizing rows.

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
