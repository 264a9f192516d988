/**
 * ReplicatedDatabase: a writer and its read replicas (see options.ts for what a user passes).
 *
 * The folder: options (what a user passes), plan (what the backends render, and its constants),
 * resolve (planReplicatedDatabase and its resolvers), sizing (the defaults that follow the load,
 * topology and the check), notes.
 */

export * from './options';
export * from './plan';
export * from './resolve';
export * from './sizing';
export * from './notes';
export * from './serverless';
export * from './proxy';
export * from './storage-io';
export * from './storage-rules';
