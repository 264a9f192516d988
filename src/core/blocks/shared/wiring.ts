import type { WorkQueuePermission } from '../work-queue';

/*
 * The system's wiring as plan data: which environment variables, secrets, ingress rules and grants
 * each consumer of a system (the API, the Fargate workers) gets from the other blocks. `planSystem`
 * resolves it once (the user's own variables win), stores it in the consumer's plan, and both
 * backends render exactly that list while they build the consumer: nothing is added afterwards.
 */

/** A block of a system a consumer is wired to. */
export enum WiredBlock {
  /** The system's ReplicatedDatabase. */
  DATABASE = 'DATABASE',
  /** The system's ShardedDatabase. */
  SHARDED_DATABASE = 'SHARDED_DATABASE',
  /** The system's TieredCache. */
  CACHE = 'CACHE',
  /** The system's WorkQueue. */
  QUEUE = 'QUEUE',
  /** The RDS Proxy in front of the system's ReplicatedDatabase (its `proxy`). */
  DATABASE_PROXY = 'DATABASE_PROXY',
}

/** A value of a (replicated or sharded) database that is known only once it is deployed. */
export enum DatabaseAttribute {
  /** The writer endpoint's address (DATABASE). */
  WRITER_ENDPOINT = 'WRITER_ENDPOINT',
  /** The reader endpoint's address: Aurora's reader endpoint, RDS's first replica or the writer (DATABASE). */
  READER_ENDPOINT = 'READER_ENDPOINT',
  /** The port the database listens on (DATABASE). */
  PORT = 'PORT',
  /** The name of the SSM parameter that holds the shard map (SHARDED_DATABASE). */
  SHARD_MAP_PARAMETER_NAME = 'SHARD_MAP_PARAMETER_NAME',
  /** The RDS Proxy's endpoint address, which clients use instead of the writer's (DATABASE_PROXY). */
  PROXY_ENDPOINT = 'PROXY_ENDPOINT',
}

/** What a consumer is allowed to do on a block of its system (besides reading the secrets it is handed). */
export enum WiringPermission {
  /** `rds-db:connect` as the master user on the writer and every reader (IAM database authentication). */
  DATABASE_CONNECT = 'DATABASE_CONNECT',
  /** `rds-db:connect` as the master user on the RDS Proxy (IAM client authentication to the proxy). */
  DATABASE_PROXY_CONNECT = 'DATABASE_PROXY_CONNECT',
  /** `ssm:GetParameter` on the shard map parameter. */
  SHARD_MAP_READ = 'SHARD_MAP_READ',
  /** `secretsmanager:GetSecretValue` (and decrypt) on one shard's master credentials (`shardId`). */
  SHARD_CREDENTIALS_READ = 'SHARD_CREDENTIALS_READ',
  /** `secretsmanager:GetSecretValue` (and decrypt) on the cache's auth secret (auth modes RBAC, AUTH_TOKEN). */
  CACHE_AUTH_SECRET_READ = 'CACHE_AUTH_SECRET_READ',
  /** `elasticache:Connect` on the cache's replication group and its IAM-authenticated user (auth mode IAM). */
  CACHE_CONNECT = 'CACHE_CONNECT',
  /** One permission of the queue's own vocabulary (`queuePermission`). */
  QUEUE = 'QUEUE',
}

/**
 * One environment variable of a consumer: a value known at plan time (`value`), or a deploy-time
 * attribute of another block of the system (`block` and `attribute`).
 */
export interface WiringValuePlan {
  /**
   * The value, known at plan time.
   *
   * @default - a deploy-time attribute (`block`, `attribute`)
   */
  readonly value?: string;
  /**
   * The block whose deploy-time attribute the variable holds.
   *
   * @default - a plan-time `value`
   */
  readonly block?: WiredBlock;
  /**
   * The attribute, a member of the block's vocabulary: `DatabaseAttribute` (DATABASE,
   * SHARDED_DATABASE), `CacheEnvironmentValue` (CACHE) or `WorkQueueAttribute` (QUEUE).
   *
   * @default - a plan-time `value`
   */
  readonly attribute?: string;
}

/** One secret of a consumer: a secret of another block, injected by the container runtime (never in a template). */
export interface WiringSecretPlan {
  /** The block whose secret it is: DATABASE (the master credentials) or CACHE (the auth secret). */
  readonly block: WiredBlock;
  /**
   * The JSON key of the secret to inject.
   *
   * @default - the whole secret (JSON)
   */
  readonly field?: string;
}

/** A block of the system that admits the consumer's tasks on a port. */
export interface WiringIngressPlan {
  readonly block: WiredBlock;
  /** The port the block admits the consumer on. */
  readonly port: number;
  /**
   * SHARDED_DATABASE: the shard that admits the consumer; DATABASE_PROXY: the shard whose proxy
   * admits it (absent: the database's proxy).
   *
   * @default - the block itself (DATABASE, CACHE, the database's proxy)
   */
  readonly shardId?: string;
}

/** A permission the consumer's role gets on a block of the system. */
export interface WiringGrantPlan {
  readonly block: WiredBlock;
  readonly permission: WiringPermission;
  /**
   * SHARD_CREDENTIALS_READ: the shard; DATABASE_PROXY_CONNECT: the shard whose proxy is connected
   * to (absent: the database's proxy).
   *
   * @default - none
   */
  readonly shardId?: string;
  /**
   * QUEUE: the queue's permission.
   *
   * @default - none
   */
  readonly queuePermission?: WorkQueuePermission;
}

/**
 * Everything a consumer of a system gets from the other blocks. The backends render every entry
 * while they build the consumer, and nothing else: the consumer's plan is what was rendered.
 */
export interface WiringPlan {
  /** The consumer's path in the system plan: `api` or `queue.workers`. */
  readonly consumer: string;
  /** Variables the container gets besides its own (a name the user set is never here: the user's wins). */
  readonly environment: { [name: string]: WiringValuePlan };
  /** Secrets the container gets besides its own, by variable name (same precedence). */
  readonly secrets: { [name: string]: WiringSecretPlan };
  /** Blocks that admit the consumer's tasks, and on which port. */
  readonly ingress: WiringIngressPlan[];
  /** Permissions the consumer's task role gets. */
  readonly grants: WiringGrantPlan[];
}

/** The blocks of a wiring: what a backend must be handed to render it. */
export function wiredBlocks(wiring: WiringPlan): WiredBlock[] {
  const blocks = new Set<WiredBlock>();
  for (const v of Object.values(wiring.environment)) if (v.block !== undefined) blocks.add(v.block);
  for (const s of Object.values(wiring.secrets)) blocks.add(s.block);
  // A shard's proxy (DATABASE_PROXY with a shardId) is part of the sharded database.
  const of = (block: WiredBlock, shardId?: string): WiredBlock =>
    (block === WiredBlock.DATABASE_PROXY && shardId !== undefined ? WiredBlock.SHARDED_DATABASE : block);
  for (const i of wiring.ingress) blocks.add(of(i.block, i.shardId));
  for (const g of wiring.grants) blocks.add(of(g.block, g.shardId));
  return [...blocks].sort();
}
