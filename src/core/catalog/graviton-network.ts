/*
 * Network bandwidth of the Graviton sizes, shared by the ElastiCache nodes (cache-nodes.ts, whose
 * source it is: SOURCES.elastiCacheNodeTypes) and the EC2 instances of the same generation and
 * size (instances.ts). Internal to the catalog: not re-exported by its index.
 */

/**
 * Baseline (and burst) network Gbps by size, as AWS lists them for the Graviton ElastiCache nodes;
 * the EC2 instances of the same generation and size take the same figures (instances.ts).
 */
export type NetworkBySize = Record<string, [number, number?]>;

/** Graviton3 (7g) baseline and burst Gbps by size (elastiCacheNodeTypes). */
export const GRAVITON3_NETWORK: NetworkBySize = {
  'large': [0.937, 12.5],
  'xlarge': [1.876, 12.5],
  '2xlarge': [3.75, 15],
  '4xlarge': [7.5, 15],
  '8xlarge': [15],
  '12xlarge': [22.5],
  '16xlarge': [30],
};

/** Graviton2 (6g) baseline and burst Gbps by size (elastiCacheNodeTypes). */
export const GRAVITON2_NETWORK: NetworkBySize = {
  'large': [0.75, 10],
  'xlarge': [1.25, 10],
  '2xlarge': [2.5, 10],
  '4xlarge': [5, 10],
  '8xlarge': [12],
  '12xlarge': [20],
  '16xlarge': [25],
};
