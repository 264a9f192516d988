import { ReplicatedDatabasePlan } from './blocks/replicated-database';
import { ShardedDatabasePlan } from './blocks/sharded-database';
import {
  DatabaseAttribute, WiredBlock, WiringGrantPlan, WiringIngressPlan, WiringPermission, WiringPlan, WiringSecretPlan, WiringValuePlan,
} from './blocks/shared/wiring';
import { CacheAuthMode, TieredCachePlan } from './blocks/tiered-cache';
import { WorkQueuePlan } from './blocks/work-queue';

/*
 * How `planSystem` wires its consumers (the API, the Fargate workers) to the other blocks: one
 * place, backend-neutral, so both SystemStacks render the same environment, secrets, ingress and
 * grants, and each consumer's plan says what it got.
 */

/**
 * Names of the environment variables through which both backends hand a database to the
 * containers that use it (a SystemStack's API and workers, a gateway service): the same names
 * whatever the backend, so application code reads one contract. `secret` is the credentials'
 * JSON from Secrets Manager (username, password, host, port).
 */
export const DATABASE_ENVIRONMENT = {
  writerEndpoint: 'DATABASE_WRITER_ENDPOINT',
  readerEndpoint: 'DATABASE_READER_ENDPOINT',
  port: 'DATABASE_PORT',
  name: 'DATABASE_NAME',
  secret: 'DATABASE_SECRET',
  /** The SSM parameter that holds the shard map (sharded databases). */
  shardMapParameter: 'SHARD_MAP_PARAMETER',
} as const;

/** The blocks of a system a consumer may be wired to. */
export interface WiringSources {
  /** The system's Region: the shards of other Regions are not wired (see `systemWiringNotes`). */
  readonly region: string;
  readonly database?: ReplicatedDatabasePlan;
  readonly shardedDatabase?: ShardedDatabasePlan;
  readonly cache?: TieredCachePlan;
  readonly queue?: WorkQueuePlan;
}

/** The container a consumer declares itself: its variables and secrets win over the system's. */
interface OwnContainer {
  readonly environment: { [name: string]: string };
  readonly secrets: { [name: string]: string };
}

/** A wiring being built: entries are added in order, a name the consumer set itself is skipped. */
class WiringBuilder {
  private readonly environment: { [name: string]: WiringValuePlan } = {};
  private readonly secrets: { [name: string]: WiringSecretPlan } = {};
  private readonly ingress: WiringIngressPlan[] = [];
  private readonly grants: WiringGrantPlan[] = [];

  constructor(private readonly consumer: string, private readonly own: OwnContainer) {}

  public value(name: string, value: string): void {
    if (this.free(name)) this.environment[name] = { value };
  }

  public attribute(name: string, block: WiredBlock, attribute: string): void {
    if (this.free(name)) this.environment[name] = { block, attribute };
  }

  public secret(name: string, block: WiredBlock, field?: string): void {
    if (this.free(name)) this.secrets[name] = field === undefined ? { block } : { block, field };
  }

  public admit(block: WiredBlock, port: number, shardId?: string): void {
    this.ingress.push(shardId === undefined ? { block, port } : { block, port, shardId });
  }

  public grant(grant: WiringGrantPlan): void {
    this.grants.push(grant);
  }

  public build(): WiringPlan {
    return { consumer: this.consumer, environment: this.environment, secrets: this.secrets, ingress: this.ingress, grants: this.grants };
  }

  /** The user's own variables and secrets always win: the system never sets a name the container already has. */
  private free(name: string): boolean {
    return this.own.environment[name] === undefined && this.own.secrets[name] === undefined
      && this.environment[name] === undefined && this.secrets[name] === undefined;
  }
}

/**
 * The cache's client contract: plain settings, deploy-time endpoints, the password as a secret
 * (RBAC, AUTH_TOKEN); admitted on its port; IAM connect (IAM) or reading the auth secret.
 */
function wireCache(w: WiringBuilder, cache: TieredCachePlan): void {
  for (const [name, value] of Object.entries(cache.contract.environment)) w.value(name, value);
  for (const [name, attribute] of Object.entries(cache.contract.deployTimeEnvironment)) w.attribute(name, WiredBlock.CACHE, attribute);
  for (const [name, field] of Object.entries(cache.contract.secretEnvironment)) w.secret(name, WiredBlock.CACHE, field);
  w.admit(WiredBlock.CACHE, cache.application.port);
  const mode = cache.application.auth.mode;
  if (mode === CacheAuthMode.IAM) w.grant({ block: WiredBlock.CACHE, permission: WiringPermission.CACHE_CONNECT });
  else if (mode !== CacheAuthMode.NONE) w.grant({ block: WiredBlock.CACHE, permission: WiringPermission.CACHE_AUTH_SECRET_READ });
}

/** What an API needs to enqueue jobs and answer 202: the queue's API variables, the job contract, the API permissions. */
function wireQueue(w: WiringBuilder, queue: WorkQueuePlan): void {
  for (const name of Object.keys(queue.apiEnvironment).sort()) w.attribute(name, WiredBlock.QUEUE, queue.apiEnvironment[name]);
  for (const [name, value] of Object.entries(queue.jobContract.environment)) w.value(name, value);
  for (const queuePermission of queue.apiPermissions) w.grant({ block: WiredBlock.QUEUE, permission: WiringPermission.QUEUE, queuePermission });
}

/**
 * The database contract (DATABASE_ENVIRONMENT), the credentials as a secret, the port, IAM connect.
 * With an RDS Proxy the writer endpoint is the proxy's: the consumer is admitted on the proxy (and
 * still on the database, for the reader endpoint) and, with the proxy's IAM authentication, may
 * connect to it.
 */
function wireDatabase(w: WiringBuilder, db: ReplicatedDatabasePlan): void {
  if (db.proxy) w.attribute(DATABASE_ENVIRONMENT.writerEndpoint, WiredBlock.DATABASE_PROXY, DatabaseAttribute.PROXY_ENDPOINT);
  else w.attribute(DATABASE_ENVIRONMENT.writerEndpoint, WiredBlock.DATABASE, DatabaseAttribute.WRITER_ENDPOINT);
  w.attribute(DATABASE_ENVIRONMENT.readerEndpoint, WiredBlock.DATABASE, DatabaseAttribute.READER_ENDPOINT);
  w.attribute(DATABASE_ENVIRONMENT.port, WiredBlock.DATABASE, DatabaseAttribute.PORT);
  w.value(DATABASE_ENVIRONMENT.name, db.databaseName);
  w.secret(DATABASE_ENVIRONMENT.secret, WiredBlock.DATABASE);
  w.admit(WiredBlock.DATABASE, db.port);
  if (db.proxy) w.admit(WiredBlock.DATABASE_PROXY, db.port);
  w.grant({ block: WiredBlock.DATABASE, permission: WiringPermission.DATABASE_CONNECT });
  if (db.proxy?.iamAuthentication) w.grant({ block: WiredBlock.DATABASE_PROXY, permission: WiringPermission.DATABASE_PROXY_CONNECT });
}

/** The shards of a sharded database that deploy in the system's Region (those without a Region of their own, or in that one). */
export function shardsInRegion(sharded: ShardedDatabasePlan, region: string): string[] {
  return sharded.shards.filter((s) => s.region === undefined || s.region === region).map((s) => s.id);
}

/**
 * The shard map's parameter, read access to it, and for every shard in the system's Region its
 * port and its credentials (the ShardRouter picks the shard, then the app connects). Shards of
 * other Regions are not wired: a security group cannot admit a peer of another Region, and their
 * stacks are wired in their own Region. A shard with an RDS Proxy is reached through it (the map
 * holds the proxy's endpoint): the consumer is admitted on the shard's proxy too and, with the
 * proxy's IAM authentication, may connect to it, as wireDatabase does for one database.
 */
function wireShards(w: WiringBuilder, sharded: ShardedDatabasePlan, region: string): void {
  w.attribute(DATABASE_ENVIRONMENT.shardMapParameter, WiredBlock.SHARDED_DATABASE, DatabaseAttribute.SHARD_MAP_PARAMETER_NAME);
  w.grant({ block: WiredBlock.SHARDED_DATABASE, permission: WiringPermission.SHARD_MAP_READ });
  const local = shardsInRegion(sharded, region);
  const shards = sharded.shards.filter((s) => local.includes(s.id));
  for (const shard of shards) {
    w.admit(WiredBlock.SHARDED_DATABASE, shard.database.port, shard.id);
  }
  for (const shard of shards.filter((s) => s.database.proxy)) w.admit(WiredBlock.DATABASE_PROXY, shard.database.port, shard.id);
  for (const shardId of local) {
    w.grant({ block: WiredBlock.SHARDED_DATABASE, permission: WiringPermission.SHARD_CREDENTIALS_READ, shardId });
  }
  for (const shard of shards.filter((s) => s.database.proxy?.iamAuthentication)) {
    w.grant({ block: WiredBlock.DATABASE_PROXY, permission: WiringPermission.DATABASE_PROXY_CONNECT, shardId: shard.id });
  }
}

/** The API's wiring: the cache, the queue and the database (or shards) of the system, in that order. */
export function apiWiring(own: OwnContainer, sources: WiringSources): WiringPlan {
  const w = new WiringBuilder('api', own);
  if (sources.cache) wireCache(w, sources.cache);
  if (sources.queue) wireQueue(w, sources.queue);
  if (sources.database) wireDatabase(w, sources.database);
  if (sources.shardedDatabase) wireShards(w, sources.shardedDatabase, sources.region);
  return w.build();
}

/** The Fargate workers' wiring: the database (or shards) they update. */
export function workerWiring(own: OwnContainer, sources: WiringSources): WiringPlan {
  const w = new WiringBuilder('queue.workers', own);
  if (sources.database) wireDatabase(w, sources.database);
  if (sources.shardedDatabase) wireShards(w, sources.shardedDatabase, sources.region);
  return w.build();
}

/** What the wiring of a system leaves out, said in the report's notes. */
export function systemWiringNotes(sources: WiringSources, lambdaWorkers: boolean): string[] {
  const notes: string[] = [];
  const sharded = sources.shardedDatabase;
  if (sharded) {
    const local = shardsInRegion(sharded, sources.region);
    const remote = sharded.shards.map((s) => s.id).filter((id) => !local.includes(id));
    if (remote.length > 0) {
      notes.push(`wiring: shards ${remote.join(', ')} deploy outside the system's Region (${sources.region}); the API and the workers read `
        + 'the shard map, but are neither admitted to those shards nor granted their credentials: wire them in the shard\'s Region');
    }
  }
  if (lambdaWorkers && (sources.database || sharded)) {
    notes.push('wiring: the Lambda workers run outside the VPC, so the system hands them no database: give them its endpoints and '
      + 'credentials yourself (and a VPC) if they update it; the connections rows count them only when load.databasePools.workers gives their pool');
  }
  return notes;
}
