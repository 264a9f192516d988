import type { ReplicatedDatabase } from './replicated-database';
import type { ShardedDatabase } from './sharded-database';
import type { TieredCache } from './tiered-cache';
import type { WorkQueue } from './work-queue';

/**
 * The blocks of a system a consumer's plan is wired to, already rendered (a SystemStack hands
 * them over). Each block the plan's `wiring` names must be given.
 */
export interface WiringTargets {
  /**
   * The system's replicated database.
   *
   * @default - none
   */
  readonly database?: ReplicatedDatabase;
  /**
   * The system's sharded database.
   *
   * @default - none
   */
  readonly shardedDatabase?: ShardedDatabase;
  /**
   * The system's cache.
   *
   * @default - none
   */
  readonly cache?: TieredCache;
  /**
   * The system's work queue.
   *
   * @default - none
   */
  readonly queue?: WorkQueue;
}
