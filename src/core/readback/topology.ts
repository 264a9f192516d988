import { BlockKind } from '../blocks/common';
import { GlobalCdnTopology } from '../blocks/global-cdn';
import { ApiTopology } from '../blocks/load-balanced-api';
import { GatewayServiceTopology, MicroserviceGatewayTopology } from '../blocks/microservice-gateway';
import { ReplicatedDatabaseTopology } from '../blocks/replicated-database';
import { ShardedDatabaseTopology } from '../blocks/sharded-database';
import { CacheEngine, TieredCacheTopology } from '../blocks/tiered-cache';
import { QueueType, WorkerKind, WorkQueueTopology } from '../blocks/work-queue';
import { renderValue, ValidationError, ValidationIssue } from '../errors';
import { DeployedBlock, DeployedDatabase, DeployedFleet } from './types';

/*
 * The read-back as the `size<Block>()` functions take it: each `<Block>Topology` filled from what
 * will deploy. A value the output does not hold is one ValidationError naming every missing value.
 */

class Missing {
  private readonly issues: ValidationIssue[] = [];
  constructor(private readonly block: DeployedBlock) {}
  /** The value, or records it as missing. */
  public need<T>(field: string, value: T | undefined, what: string): T {
    if (value === undefined) this.issues.push({ path: this.block.path, prop: field, value: renderValue(value), allowed: `${what}, read from ${this.block.template}` });
    return value as T;
  }
  public check(): void {
    if (this.issues.length > 0) throw new ValidationError(this.issues);
  }
}

function expectKind(b: DeployedBlock, kind: BlockKind): void {
  if (b.kind !== kind) throw new ValidationError([{ path: b.path, prop: 'kind', value: renderValue(b.kind), allowed: kind }]);
}

/** A fleet as a LoadBalancedApi's topology (also a gateway service's). */
function fleetTopology(m: Missing, field: string, f: DeployedFleet | undefined): ApiTopology {
  const fleet = m.need(field, f, 'an ECS service');
  if (!fleet) return undefined as unknown as ApiTopology;
  const cpu = fleet.targetCpuUtilizationPercent;
  return {
    minTasks: m.need(`${field}.minTasks`, fleet.minTasks, 'a desired count or a scalable target minimum'),
    maxTasks: m.need(`${field}.maxTasks`, fleet.maxTasks, 'a desired count or a scalable target maximum'),
    autoScaling: fleet.autoScaling,
    targetCpuUtilization: fleet.autoScaling ? m.need(`${field}.targetCpuUtilizationPercent`, cpu, 'a CPU target-tracking policy') / 100 : (cpu ?? 0) / 100,
    ...(fleet.requestCountPerTargetPerMinute !== undefined ? { requestsPerSecondPerTarget: fleet.requestCountPerTargetPerMinute / 60 } : {}),
    azCount: fleet.azCount,
    ...(fleet.deployMaximumPercent !== undefined || fleet.deploymentStrategy === 'BLUE_GREEN'
      ? { deployMaximumPercent: fleet.deploymentStrategy === 'BLUE_GREEN' ? 200 : fleet.deployMaximumPercent } : {}),
    blueGreen: fleet.deploymentStrategy === 'BLUE_GREEN',
  };
}

/** A LoadBalancedApi's topology as synthesized. Task CPU and memory are in `block.api.fleet` (ApiTopology has no field for them). */
export function apiTopologyFrom(b: DeployedBlock): ApiTopology {
  expectKind(b, BlockKind.LOAD_BALANCED_API);
  const m = new Missing(b);
  const t = fleetTopology(m, 'api.fleet', b.api?.fleet);
  m.check();
  return t;
}

/**
 * AZ keys -> indexes: `az-index:<i>` is the Region's i-th AZ; other known AZs (literal names)
 * follow in the subnet group's order, then first-seen order; an unknown AZ counts as AZ 0.
 */
function azIndexer(order: string[]): (az: string | undefined) => number {
  const indexed = (az: string): number | undefined => (/^az-index:\d+$/.test(az) ? Number(az.slice('az-index:'.length)) : undefined);
  const named = [...new Set(order.filter((a) => indexed(a) === undefined && !a.startsWith('unknown:')))];
  const offset = Math.max(-1, ...order.map((a) => indexed(a) ?? -1)) + 1;
  return (az) => {
    if (az === undefined || az.startsWith('unknown:')) return 0;
    const i = indexed(az);
    if (i !== undefined) return i;
    if (!named.includes(az)) named.push(az);
    return offset + named.indexOf(az);
  };
}

function databaseTopology(m: Missing, field: string, d: DeployedDatabase | undefined): ReplicatedDatabaseTopology {
  const db = m.need(field, d, 'a DB cluster or DB instances');
  if (!db) return undefined as unknown as ReplicatedDatabaseTopology;
  const index = azIndexer(db.subnetGroupAzs);
  const writerAz = index(db.writer?.az);
  const readerAzs = db.readers.map((r) => index(r.az));
  const minReaders = db.readerAutoScaling?.minReaders;
  return {
    aurora: db.aurora,
    instanceClass: m.need(`${field}.instanceClass`, db.instanceClass, 'the writer\'s instance class'),
    azCount: Math.max(new Set(db.subnetGroupAzs).size, new Set(db.azs).size, 1),
    writerAz,
    readerAzs: minReaders !== undefined && minReaders < readerAzs.length ? readerAzs.slice(0, minReaders) : readerAzs,
    multiAz: db.multiAz,
    maxReaders: db.readerAutoScaling?.maxReaders ?? db.readers.length,
  };
}

/** A ReplicatedDatabase's topology as synthesized. */
export function replicatedDatabaseTopologyFrom(b: DeployedBlock): ReplicatedDatabaseTopology {
  expectKind(b, BlockKind.REPLICATED_DATABASE);
  const m = new Missing(b);
  const t = databaseTopology(m, 'database', b.database);
  m.check();
  return t;
}

/** A ShardedDatabase's topology as synthesized: every declared shard must have been read. */
export function shardedDatabaseTopologyFrom(b: DeployedBlock): ShardedDatabaseTopology {
  expectKind(b, BlockKind.SHARDED_DATABASE);
  const m = new Missing(b);
  const shards = (b.shardedDatabase?.shards ?? []).map((s) => ({
    id: s.id, ...(s.region ? { region: s.region } : {}), database: databaseTopology(m, `shards.${s.id}.database`, s.database),
  }));
  m.check();
  return { shards };
}

/** A TieredCache's topology as synthesized; read-from-replica, reserved memory and the nodes quota are the declared inputs. */
export function tieredCacheTopologyFrom(b: DeployedBlock): TieredCacheTopology {
  expectKind(b, BlockKind.TIERED_CACHE);
  const m = new Missing(b);
  const c = m.need('cache', b.cache, 'an ElastiCache replication group or cluster');
  if (!c) m.check();
  const index = azIndexer(c.subnetGroupAzs);
  const engine = Object.values(CacheEngine).find((e) => e.toLowerCase() === c.engine);
  const shards = m.need('cache.shards', c.shards, 'a shard (node group) count');
  const replicas = m.need('cache.replicasPerShard', c.replicasPerShard, 'replicas per shard');
  const t: TieredCacheTopology = {
    engine: m.need('cache.engine', engine, `one of ${Object.values(CacheEngine).join(', ')}`),
    nodeType: m.need('cache.nodeType', c.nodeType, 'a node type'),
    clusterMode: c.clusterMode,
    shards,
    replicasPerShard: replicas,
    readFromReplica: m.need('inputs.readFromReplica', b.inputs.readFromReplica as boolean | undefined, 'the declared read-from-replica'),
    reservedMemoryPercent: m.need('inputs.reservedMemoryPercent', b.inputs.reservedMemoryPercent as number | undefined, 'the declared reserved memory'),
    nodesPerClusterQuota: m.need('inputs.nodesPerClusterQuota', b.inputs.nodesPerClusterQuota as number | undefined, 'the declared nodes quota'),
    azCount: Math.max(new Set(c.subnetGroupAzs).size, 1),
    placement: c.placement.map((p) => ({ shardId: p.shardId, primaryAz: index(p.primaryAz), replicaAzs: p.replicaAzs.map(index) })),
  };
  m.check();
  return t;
}

/** A WorkQueue's topology as synthesized. */
export function workQueueTopologyFrom(b: DeployedBlock): WorkQueueTopology {
  expectKind(b, BlockKind.WORK_QUEUE);
  const m = new Missing(b);
  const w = b.workQueue;
  const lambda = w?.lambda;
  const q = m.need('workQueue.queue', w?.queue, 'an SQS queue');
  const kind = Object.values(WorkerKind).find((k) => k === w?.workerKind);
  const t: WorkQueueTopology = {
    workerKind: m.need('workQueue.workerKind', kind, 'an ECS service or a Lambda event source mapping on the queue'),
    minWorkers: m.need('workQueue.minWorkers', w?.minWorkers, 'the workers\' minimum'),
    maxWorkers: m.need('workQueue.maxWorkers', w?.maxWorkers, 'the workers\' maximum'),
    azCount: w?.fleet ? w.fleet.azCount : 1,
    queueType: q?.fifo ? QueueType.FIFO : QueueType.STANDARD,
    highThroughput: q?.highThroughput ?? false,
    visibilityTimeoutSeconds: m.need('workQueue.queue.visibilityTimeoutSeconds', q?.visibilityTimeoutSeconds, 'the queue\'s visibility timeout'),
    workerTimeoutSeconds: lambda
      ? m.need('workQueue.lambda.timeoutSeconds', lambda.timeoutSeconds, 'the function timeout')
      : m.need('inputs.jobTimeoutSeconds', b.inputs.jobTimeoutSeconds as number | undefined, 'the declared job timeout'),
    batchSize: lambda ? m.need('workQueue.lambda.batchSize', lambda.batchSize, 'the event source batch size') : 1,
    maxBatchingWindowSeconds: lambda?.maxBatchingWindowSeconds ?? 0,
    deadLetterQueue: q?.redrive?.deadLetterQueue !== undefined,
    retentionSeconds: m.need('workQueue.queue.retentionSeconds', q?.retentionSeconds, 'the queue\'s retention'),
    deadLetterRetentionSeconds: w?.deadLetterQueue?.retentionSeconds ?? 0,
    payloadBucket: w?.payloadBucket ?? false,
  };
  m.check();
  return t;
}

/** A GlobalCdn's topology as synthesized. */
export function globalCdnTopologyFrom(b: DeployedBlock): GlobalCdnTopology {
  expectKind(b, BlockKind.GLOBAL_CDN);
  const m = new Missing(b);
  const c = m.need('cdn', b.cdn, 'a CloudFront distribution');
  m.check();
  return { origins: c.origins.length, behaviors: c.behaviors.length };
}

/** A MicroserviceGateway's topology as synthesized. */
export function microserviceGatewayTopologyFrom(b: DeployedBlock): MicroserviceGatewayTopology {
  expectKind(b, BlockKind.MICROSERVICE_GATEWAY);
  const m = new Missing(b);
  const g = m.need('gateway', b.gateway, 'an HTTP API');
  if (!g) m.check();
  const services: GatewayServiceTopology[] = g.services.map((s) => ({
    name: s.name,
    fleet: fleetTopology(m, `gateway.services.${s.name}.fleet`, s.fleet),
    rateLimit: m.need(`gateway.services.${s.name}.rateLimit`, s.rateLimit, 'a route or stage throttle'),
    ...(s.database ? { database: databaseTopology(m, `gateway.services.${s.name}.database`, s.database) } : {}),
  }));
  m.check();
  return { services, routeCount: g.routes.length };
}
