// LoadBalancedApi: the block's options, plan, resolution, sizing and notes.
export * from './options';
export * from './plan';
export * from './resolve';
export * from './sizing';
export * from './notes';
/** Moved to `sizing/capacity`; re-exported here, where it was first published. */
export { staticallyStableCpuTarget } from '../../sizing/capacity';
