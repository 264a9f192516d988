/**
 * TieredCache: three cache tiers in front of the database.
 *
 * - CDN tier: TTLs and the cacheable path patterns that a GlobalCdn renders (its plan's `cdn`).
 * - Application tier: an ElastiCache replication group (Valkey by default, Redis OSS) or a
 *   Memcached cluster: node type, shards x replicas placed across AZs, Multi-AZ failover,
 *   encryption, IAM authentication (or an RBAC password or AUTH token in Secrets Manager), snapshots,
 *   an eviction policy.
 * - Query tier: TTL and key namespace for query results, and the invalidation contract the
 *   write path follows (seed §7: invalidate the user's feed after a post), handed to the API as
 *   environment variables.
 *
 * Sizing (SIZING-MODEL.md, TieredCache): memory and operations per shard in normal operation
 * and with the worst AZ lost, the ElastiCache node and replica limits, and the database reads a
 * shard without a replica lets through when its AZ is lost.
 *
 * The folder: options (what a user passes), plan (what the backends render), resolve
 * (planTieredCache and its resolvers), placement and sizing (the check), notes. shard-count is
 * shared by resolve and sizing and is not re-exported.
 */

// The CDN tier lives in ../shared/cdn (GlobalCdn borrows it); re-exported so its public import path still works.
export * from '../shared/cdn';
export * from './options';
export * from './plan';
export * from './resolve';
export * from './placement';
export * from './sizing';
export * from './notes';
