/**
 * ShardedDatabase: shards, each a ReplicatedDatabase, behind a shard map (see options.ts for what
 * a user passes).
 *
 * The folder: options (what a user passes), plan (what the backends render, and its constants),
 * resolve (planShardedDatabase and its resolvers), sizing (the shard and shard-map arithmetic,
 * topology and the check), notes. internal is shared by them and is not re-exported.
 */

export * from './options';
export * from './plan';
export * from './resolve';
export * from './sizing';
export * from './notes';
