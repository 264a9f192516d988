// scaleblocks/cdktf: the blocks as cdktf constructs over @cdktf/provider-aws (Terraform).
export * from './common';
export * from './load-balanced-api';
export * from './work-queue';
export * from './tiered-cache';
export * from './global-cdn';
export * from './replicated-database';
export * from './sharded-database';
export * from './microservice-gateway';
export * from './system-stack';
export * from './wiring-targets';
export * from './sizing-validation';
