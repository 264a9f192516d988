import { BlockKind, BlockPlanBase } from '../blocks/common';
import { globalCdnTopologyOf } from '../blocks/global-cdn';
import { ApiComputePlan, apiTopologyOf, assumedRequestsPerTask, ComputeKind, LoadBalancedApiPlan } from '../blocks/load-balanced-api';
import { GatewayServicePlan, MicroserviceGatewayPlan, microserviceGatewayTopologyOf } from '../blocks/microservice-gateway';
import { DatabaseStorageKind, ReplicatedDatabasePlan, replicatedDatabaseTopologyOf } from '../blocks/replicated-database';
import { dbSpecOf } from '../blocks/replicated-database/serverless-internal';
import { ShardedDatabasePlan } from '../blocks/sharded-database';
import { TieredCachePlan, tieredCacheTopologyOf } from '../blocks/tiered-cache';
import { WorkQueuePlan, workQueueTopologyOf } from '../blocks/work-queue';
import * as catalog from '../catalog';
import { renderValue, ValidationError } from '../errors';
import { AssumedInput, OutputLocation, PlanDifference } from '../sizing/report';
import { fmt, isPlainObject } from '../validation';
import {
  apiTopologyFrom, globalCdnTopologyFrom, microserviceGatewayTopologyFrom, replicatedDatabaseTopologyFrom, tieredCacheTopologyFrom,
  workQueueTopologyFrom,
} from './topology';
import { DeployedBlock, DeployedFleet, DeployedSystem, ValueSource } from './types';

/*
 * The plan as it will deploy: a block's recorded plan with what the synthesized output says in
 * place of what the plan said (task size, counts, classes, node types, worker bounds), and every
 * difference between the two, each with where the deployed value was read.
 */

/** A plan as it will deploy, and how it differs from the plan the block was rendered from. */
export interface AppliedPlan {
  /** The plan with the read-back in place of the planned hardware and counts. */
  readonly plan: BlockPlanBase;
  /** Every value the output holds that the plan did not say. */
  readonly differences: PlanDifference[];
  /** Inputs the sizing of the deployed plan assumed (the plan's, re-derived where the size changed). */
  readonly assumed: AssumedInput[];
  /** What the report should say besides the rows (e.g. a declared capacity kept for a resized task). */
  readonly notes: string[];
}

/**
 * The plan a block recorded in its metadata; a ShardedDatabase's shard plans are taken from its
 * shards' own metadata.
 *
 * @throws ValidationError when the metadata carries no plan (written by an older scaleblocks) or a shard's plan is missing
 */
export function recordedPlanOf(block: DeployedBlock, system: DeployedSystem): BlockPlanBase {
  const missing = (prop: string): never => {
    throw new ValidationError([{ path: block.path, prop, value: 'undefined', allowed: `the block's plan in its metadata, read from ${block.template} (synthesize with this version of scaleblocks)` }]);
  };
  if (!isPlainObject(block.plan)) return missing('plan');
  if (block.kind !== BlockKind.SHARDED_DATABASE) return block.plan as unknown as BlockPlanBase;
  const plan = block.plan as unknown as ShardedDatabasePlan;
  const shards = plan.shards.map((s, i) => {
    const declared = block.declaredShards?.find((d) => d.id === s.id);
    const child = system.blocks.find((b) => b.parent === block.path && b.planPath === declared?.planPath && b.backend === block.backend);
    return { ...s, database: (isPlainObject(child?.plan) ? child!.plan : missing(`shards[${i}].database.plan`)) as unknown as ReplicatedDatabasePlan };
  });
  return { ...plan, shards } as BlockPlanBase;
}

/**
 * The plan as it will deploy: for a LoadBalancedApi (and each gateway service), the task CPU,
 * memory and instance type read back, and requests/s per task re-derived from the deployed size
 * when it was assumed from the size (kept, with a note, when it was declared); for the other
 * blocks, the classes, node types, counts and worker bounds read back. The differences list
 * every value the output changed.
 */
export function applyReadBack(plan: BlockPlanBase, block: DeployedBlock): AppliedPlan {
  const differences = topologyDifferences(plan, block);
  const notes: string[] = [];
  let assumed = [...plan.assumed];
  let deployed: BlockPlanBase = plan;
  switch (plan.kind) {
    case BlockKind.LOAD_BALANCED_API: {
      const api = plan as LoadBalancedApiPlan;
      const fleet = block.api?.fleet;
      const applied = applyFleet(api, fleet, block, 'api.fleet', differences, notes);
      assumed = replaceAssumed(assumed, applied.assumed, (a) => a.prop.endsWith('load.requestsPerSecondPerTask') && !a.prop.includes('.services.'));
      deployed = { ...api, compute: applied.compute, load: { ...api.load, requestsPerSecondPerTask: applied.perTask } } as LoadBalancedApiPlan;
      break;
    }
    case BlockKind.MICROSERVICE_GATEWAY: {
      const gw = plan as MicroserviceGatewayPlan;
      const services = gw.services.map((s): GatewayServicePlan => {
        const fleet = block.gateway?.services.find((x) => x.name === s.name)?.fleet;
        const applied = applyFleet(s, fleet, block, `gateway.services.${s.name}.fleet`, differences, notes, `${gw.path}/${s.name}`);
        assumed = replaceAssumed(assumed, applied.assumed, (a) => a.prop.endsWith(`services.${s.name}.load.requestsPerSecondPerTask`));
        return { ...s, compute: applied.compute, load: { ...s.load, requestsPerSecondPerTask: applied.perTask } };
      });
      deployed = { ...gw, services } as MicroserviceGatewayPlan;
      break;
    }
    case BlockKind.REPLICATED_DATABASE:
      deployed = applyDatabase(plan as ReplicatedDatabasePlan, block);
      break;
    case BlockKind.TIERED_CACHE:
      deployed = applyCache(plan as TieredCachePlan, block);
      break;
    case BlockKind.WORK_QUEUE:
      deployed = applyWorkQueue(plan as WorkQueuePlan, block);
      break;
    default:
      break;
  }
  return { plan: { ...deployed, assumed }, differences, assumed, notes };
}

function replaceAssumed(list: AssumedInput[], replacement: AssumedInput | undefined, match: (a: AssumedInput) => boolean): AssumedInput[] {
  if (!replacement) return list;
  return list.map((a) => (match(a) ? { ...a, value: replacement.value, reason: replacement.reason } : a));
}

interface FleetPlan {
  readonly compute: ApiComputePlan;
  readonly load: { readonly requestsPerSecondPerTask: number };
  readonly assumed?: AssumedInput[];
}

/** A fleet's compute as it will deploy; requests/s per task re-derived when assumed. */
function applyFleet(p: FleetPlan, fleet: DeployedFleet | undefined, block: DeployedBlock, field: string, differences: PlanDifference[],
  notes: string[], where = block.path): { compute: ApiComputePlan; perTask: number; assumed?: AssumedInput } {
  const c = p.compute;
  const cpu = fleet?.taskCpu ?? c.cpu;
  const memoryMiB = fleet?.taskMemoryMiB ?? c.memoryMiB;
  const instanceType = c.kind === ComputeKind.EC2 ? fleet?.instanceTypes[0] ?? c.instanceType : undefined;
  const add = (name: string, planned: unknown, actual: unknown, source: string): void => {
    if (actual === undefined || planned === actual) return;
    const prefix = where === block.path ? '' : `${where.slice(block.path.length + 1)}.`;
    differences.push(difference(block, `${prefix}compute.${name}`, planned, actual, [block.sources[source]]));
  };
  add('cpu', c.cpu, cpu, `${field}.taskCpu`);
  add('memoryMiB', c.memoryMiB, memoryMiB, `${field}.taskMemoryMiB`);
  add('instanceType', c.instanceType, instanceType, `${field}.instanceTypes`);
  if (cpu === c.cpu && memoryMiB === c.memoryMiB && instanceType === c.instanceType) return { compute: c, perTask: p.load.requestsPerSecondPerTask };
  const spec = instanceType ? catalog.ec2Instance(instanceType) : undefined;
  const label = `${fmt(cpu / 1024)} vCPU / ${fmt(memoryMiB / 1024)} GiB${instanceType ? ` on ${instanceType}` : ''}`;
  const tasksPerInstance = spec
    ? Math.min(Math.floor((spec.vcpu * 1024) / cpu), Math.floor((spec.memoryGiB * 1024 * 0.9) / memoryMiB)) : c.tasksPerInstance;
  const compute: ApiComputePlan = { ...c, cpu, memoryMiB, vcpu: cpu / 1024, label, ...(instanceType ? { instanceType, tasksPerInstance } : {}) };
  const assumedPerTask = (block.assumed ?? []).some((a) => a.prop.endsWith('load.requestsPerSecondPerTask'));
  if (!assumedPerTask) {
    notes.push(`${where}: the synthesized task is ${label}, the plan's ${c.label}; sized with the declared ${fmt(p.load.requestsPerSecondPerTask)} requests/s per task: `
      + 'measure the deployed size and set load.requestsPerSecondPerTask');
    return { compute, perTask: p.load.requestsPerSecondPerTask };
  }
  const derived = assumedRequestsPerTask(compute);
  return {
    compute,
    perTask: derived.value,
    assumed: { prop: 'load.requestsPerSecondPerTask', value: `${fmt(derived.value)} requests/s`, reason: `${derived.reason} (the synthesized task size)` },
  };
}

function applyDatabase(plan: ReplicatedDatabasePlan, block: DeployedBlock): ReplicatedDatabasePlan {
  const t = replicatedDatabaseTopologyFrom(block);
  // Aurora Serverless v2: sized at the ACUs the template sets (an override included), else the plan's.
  const deployed = block.database?.serverlessV2;
  const serverlessV2 = plan.serverlessV2 && deployed ? {
    ...plan.serverlessV2,
    minCapacityAcu: deployed.minCapacityAcu ?? plan.serverlessV2.minCapacityAcu,
    maxCapacityAcu: deployed.maxCapacityAcu ?? plan.serverlessV2.maxCapacityAcu,
  } : plan.serverlessV2;
  const spec = dbSpecOf({ engineFamily: plan.engineFamily, serverlessV2 }, t.instanceClass);
  // RDS: the allocated storage, the volume type and the provisioned IOPS and throughput the output
  // sets (they give what the storage rows' volume can reach), each only when it is a literal.
  const rds = plan.storage.allocatedGiB !== undefined;
  const literal = (v: unknown): number | undefined => (rds && typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const allocated = literal(block.database?.allocatedStorageGiB);
  const iops = literal(block.database?.storageIops);
  const throughputMiBps = literal(block.database?.storageThroughputMiBps);
  const readKind = String(block.database?.storageType ?? '').toUpperCase();
  const kind = rds && [DatabaseStorageKind.GP3, DatabaseStorageKind.IO1, DatabaseStorageKind.IO2].includes(readKind as DatabaseStorageKind)
    ? readKind as DatabaseStorageKind : undefined;
  const storage = allocated !== undefined || kind !== undefined || iops !== undefined || throughputMiBps !== undefined ? {
    ...plan.storage,
    ...(allocated !== undefined ? { allocatedGiB: allocated } : {}),
    ...(kind !== undefined ? { kind } : {}),
    // The type's own figures: a volume read back at gp3's baseline has no provisioned IOPS.
    iops: iops ?? (kind === undefined ? plan.storage.iops : undefined),
    throughputMiBps: throughputMiBps ?? (kind === undefined ? plan.storage.throughputMiBps : undefined),
  } : undefined;
  return {
    ...plan,
    ...(serverlessV2 ? { serverlessV2 } : {}),
    instanceClass: t.instanceClass,
    ...(spec ? { instanceVcpu: spec.vcpu, instanceMemoryGiB: spec.memoryGiB } : {}),
    readers: t.readerAzs.length,
    multiAz: t.multiAz,
    ...(storage ? { storage } : {}),
  };
}

function applyCache(plan: TieredCachePlan, block: DeployedBlock): TieredCachePlan {
  const t = tieredCacheTopologyFrom(block);
  const a = plan.application;
  return {
    ...plan,
    application: {
      ...a, nodeType: t.nodeType, shards: t.shards, replicasPerShard: t.replicasPerShard, nodeCount: t.shards * (1 + t.replicasPerShard),
    },
  };
}

function applyWorkQueue(plan: WorkQueuePlan, block: DeployedBlock): WorkQueuePlan {
  const t = workQueueTopologyFrom(block);
  return { ...plan, workers: { ...plan.workers, minWorkers: t.minWorkers, maxWorkers: t.maxWorkers } };
}

// ---------------------------------------------------------------------------------------------
// Differences
// ---------------------------------------------------------------------------------------------

/** Topology fields whose value is read from source fields of another name. */
const SOURCE_ALIASES: { [field: string]: string[] } = {
  targetCpuUtilization: ['targetCpuUtilizationPercent'],
  requestsPerSecondPerTarget: ['requestCountPerTargetPerMinute'],
  azCount: ['subnetAzs', 'subnetGroupAzs'],
  blueGreen: ['deploymentStrategy'],
  instanceClass: ['writer.instanceClass'],
  writerAz: ['writer.az'],
  readerAzs: ['readers'],
  maxReaders: ['readers'],
  aurora: ['engine'],
  fleet: ['fleet'],
};

/** The plan's topology against the read-back's: one difference per value. */
function topologyDifferences(plan: BlockPlanBase, block: DeployedBlock): PlanDifference[] {
  const pair = topologies(plan, block);
  if (!pair) return [];
  const out: PlanDifference[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], path ? `${path}.${k}` : k);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.some((x) => isPlainObject(x))) {
      a.forEach((x, i) => walk(x, b[i], `${path}[${i}]`));
      return;
    }
    if (a === undefined || b === undefined || JSON.stringify(a) === JSON.stringify(b)) return;
    out.push(difference(block, path, a, b, sourcesFor(block, path)));
  };
  walk(pair[0], pair[1], '');
  return out;
}

function topologies(plan: BlockPlanBase, block: DeployedBlock): [unknown, unknown] | undefined {
  switch (plan.kind) {
    case BlockKind.LOAD_BALANCED_API: return [apiTopologyOf(plan as LoadBalancedApiPlan), apiTopologyFrom(block)];
    case BlockKind.REPLICATED_DATABASE: return [replicatedDatabaseTopologyOf(plan as ReplicatedDatabasePlan), replicatedDatabaseTopologyFrom(block)];
    case BlockKind.TIERED_CACHE: return [tieredCacheTopologyOf(plan as TieredCachePlan), tieredCacheTopologyFrom(block)];
    case BlockKind.WORK_QUEUE: return [workQueueTopologyOf(plan as WorkQueuePlan), workQueueTopologyFrom(block)];
    case BlockKind.GLOBAL_CDN: return [globalCdnTopologyOf(plan as never), globalCdnTopologyFrom(block)];
    case BlockKind.MICROSERVICE_GATEWAY: {
      // Service databases are blocks of their own: their differences are theirs.
      const strip = (t: ReturnType<typeof microserviceGatewayTopologyOf>): unknown => ({
        ...t, services: t.services.map((s) => ({ ...s, database: undefined })),
      });
      return [strip(microserviceGatewayTopologyOf(plan as MicroserviceGatewayPlan)), strip(microserviceGatewayTopologyFrom(block))];
    }
    // A ShardedDatabase's shards are ReplicatedDatabase blocks of their own.
    default: return undefined;
  }
}

/** The sources of a block that a topology field was read from (by the field's own name or an alias). */
function sourcesFor(block: DeployedBlock, path: string): ValueSource[] {
  const segments = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  const last = segments[segments.length - 1];
  const names = [last, ...(SOURCE_ALIASES[last] ?? [])];
  const service = segments[0] === 'services' ? block.gateway?.services[Number(segments[1])]?.name : undefined;
  return Object.entries(block.sources)
    .filter(([key]) => (service === undefined || key.includes(`services.${service}.`))
      && names.some((n) => key.endsWith(`.${n}`) || key.includes(`.${n}.`)))
    .map(([, s]) => s);
}

function difference(block: DeployedBlock, field: string, planned: unknown, deployed: unknown, where: (ValueSource | undefined)[]): PlanDifference {
  const locations = where.filter((s): s is ValueSource => s !== undefined).map(locationOf);
  return {
    block: block.planPath,
    blockKind: block.kind,
    field,
    planned: show(planned),
    deployed: show(deployed),
    ...(locations.length > 0 ? { where: locations } : {}),
  };
}

/** A read-back citation as the report spells it. */
export function locationOf(s: ValueSource): OutputLocation {
  return { backend: s.backend, template: s.template, resource: s.resource, attribute: s.attribute };
}

function show(v: unknown): string {
  if (typeof v === 'number') return fmt(v);
  if (typeof v === 'string') return v;
  return renderValue(v);
}
