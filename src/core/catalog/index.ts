/**
 * The catalog: every hardware figure, service limit and default capacity the sizing check
 * reads, each with its public source and the date it was read.
 */
export * from './source';
export * from './instances';
export * from './cache-nodes';
export * from './fargate';
export * from './connections';
export * from './quotas';
export * from './assumptions';
export * from './prefix-lists';
export * from './elb-log-accounts';
export * from './prices';
export * from './storage';
