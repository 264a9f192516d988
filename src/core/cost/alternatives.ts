import {
  distinctOrdered, fleetSizes, farBelowBound, Kept, keptPlan, orderAlternatives, PricePart, priceDrafts, rightSizingOf, rowsOf, tryPlan,
} from './alternative-search';
import { databaseAlternatives, DATABASE_RESOURCES, databaseRightSizing } from './database-alternatives';
import { cacheNodeDrafts, CostOptions, fargateTaskDrafts } from './estimate';
import { workerAlternatives } from './worker-alternatives';
import { BlockKind } from '../blocks/common';
import { ApiComputeOptions, ApiScalingOptions, ComputeKind, CpuArchitecture } from '../blocks/load-balanced-api/options';
import { LoadBalancedApiPlan } from '../blocks/load-balanced-api/plan';
import { API_TASKS, effectiveScalingTarget, tasksAtPeak } from '../blocks/load-balanced-api/sizing';
import { CacheEngine } from '../blocks/tiered-cache/options';
import { TieredCachePlan } from '../blocks/tiered-cache/plan';
import { CACHE_SHARDS } from '../blocks/tiered-cache/sizing';
import { WORKERS } from '../blocks/work-queue/sizing';
import * as catalog from '../catalog';
import { HOURS_PER_MONTH } from './price';
import { smallestPassing } from '../sizing/capacity';
import { CostAlternative, CostKind, ResourceFix, RightSizing, SizingReport, SizingRow } from '../sizing/report';
import { SystemPlan, sizeSystemRows, SystemSpec } from '../system';
import { fmt } from '../validation';

export { RIGHT_SIZING_SHARE, orderAlternatives } from './alternative-search';

/*
 * The cheapest passing designs of a resource that does not PASS, and the smallest passing design
 * of one far below its bound. Every candidate is applied to the spec, planned and sized again with
 * the same model (planSystem + the system's sizing), and kept only when every row of the resource
 * PASSes and no other row of the system gets worse (`keeps` in alternative-search.ts: more tasks
 * or workers hold more database connections and Fargate vCPUs, more readers count against the DB
 * instances quota). It is priced with the estimate's own lines in the system's Region; a line
 * without a price there leaves the design listed without a price, never priced from another Region.
 * Resource kinds covered:
 * - the API's tasks (Fargate and EC2) and each gateway service's tasks (Fargate), one fleet search:
 *   Fargate vCPU- and GB-hours at the minimum task count, EC2 instance-hours at the minimum instances;
 * - the cache's memory, operations and network: ElastiCache node-hours;
 * - the ReplicatedDatabase's readers, writer, connections and instance class (database-alternatives.ts):
 *   DB instance-hours, and RDS gp3 storage per instance;
 * - the queue's Fargate workers (worker-alternatives.ts): Fargate hours at the minimum workers.
 * Not covered (no alternatives listed, the exact fix kept):
 * - the CDN: its rows are quotas (requests/s, Gbps, functions) and a cache hit ratio, and no lever
 *   of a CloudFront distribution is priced per unit (requests and transfer are priced by where the
 *   clients are, which the load does not declare), so there is no priced design to list;
 * - Lambda workers: the catalog has no Lambda price key, and the model gives a worker
 *   1 / secondsPerJob jobs/s whatever its memory;
 * - ShardedDatabase shards and gateway services' databases: their shard count and per-shard class
 *   are a different search (a shard map, and per-shard plans), not done yet;
 * - Aurora I/O-Optimized vs Standard: the spec has no storage-type option to apply, so no plan can
 *   carry it (the estimate prices it only when read back from a template that sets it);
 * - Aurora Serverless v2: billed per ACU-hour, which the catalog does not price.
 */

/** The most tasks an alternative searches (beyond ECS's tasks-per-service quota, so the rows say why). */
export const ALTERNATIVE_TASKS_LIMIT = 10_000;

/** One candidate design of a fleet's tasks: a task size and architecture, and its count lever. */
interface FleetDesign {
  /** EC2: the instance type the tasks run on; undefined on Fargate. */
  readonly instanceType?: string;
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly architecture: CpuArchitecture;
  /** Why this design is listed, e.g. `more tasks at this size`. */
  readonly why: string;
  /** Assumptions the design adds to the model. */
  readonly assumed: string[];
  /** The user's requests/s per task scaled to this size, when the user gave one for the current size. */
  readonly requestsPerSecondPerTask?: number;
}

/** The count of a fleet: fixed, or auto scaled between min and max. */
interface FleetCount {
  readonly min: number;
  readonly max: number;
}

/** What an alternative of a fleet reads and writes of the spec: the API's options, or a gateway service's. */
interface FleetOptionsLike {
  readonly compute?: ApiComputeOptions;
  readonly scaling?: ApiScalingOptions;
  readonly load?: { readonly requestsPerSecondPerTask?: number };
}

/** What an alternative of a fleet reads of its plan. */
type FleetPlanLike = Pick<LoadBalancedApiPlan, 'compute' | 'scaling' | 'load'> & { readonly ec2Capacity?: LoadBalancedApiPlan['ec2Capacity'] };

/**
 * A fleet of tasks behind a load balancer in a system: the API, or one service of the gateway.
 * The search and the pricing are the same for both; only where the fleet lives differs.
 */
interface FleetTarget {
  /** The block of the fleet's rows (`api`, `gateway/orders`). */
  readonly block: string;
  /** The block kind its cost lines are priced under. */
  readonly blockKind: string;
  /** The spec path of its options in a change (`api`, `gateway.services[0]`). */
  readonly prefix: string;
  /** The label of its cost lines. */
  readonly label: string;
  /** Its options in a spec. */
  options(spec: SystemSpec): FleetOptionsLike | undefined;
  /** The spec with its options replaced. */
  apply(spec: SystemSpec, next: FleetOptionsLike): SystemSpec;
  /** Its plan in a planned system. */
  planOf(plan: SystemPlan): FleetPlanLike | undefined;
  /** The requests/s its tasks take at the peak. */
  demandOf(plan: SystemPlan): number;
}

/** The API's fleet. */
function apiFleet(plan: SystemPlan, block: string = plan.api?.path ?? 'api'): FleetTarget {
  return {
    block,
    blockKind: BlockKind.LOAD_BALANCED_API,
    prefix: 'api',
    label: 'tasks',
    options: (spec) => spec.api ?? {},
    apply: (spec, next) => ({ ...spec, api: { ...spec.api, ...next } }),
    planOf: (p) => p.api,
    demandOf: (p) => p.chain.originRequestsPerSecond,
  };
}

/** Each Fargate service of the gateway as a fleet (services on EC2 are not searched: the gateway plans no EC2 capacity). */
function gatewayFleets(spec: SystemSpec, plan: SystemPlan): FleetTarget[] {
  const g = plan.gateway;
  if (!g) return [];
  return (spec.gateway?.services ?? []).flatMap((svc, i) => {
    const planned = g.services.find((s) => s.name === svc.name);
    if (!planned || planned.compute.kind === ComputeKind.EC2) return [];
    const at = (p: SystemPlan): FleetPlanLike | undefined => p.gateway?.services.find((x) => x.name === svc.name);
    const share = (p: SystemPlan): number => p.gateway?.services.find((x) => x.name === svc.name)?.requestShare ?? 0;
    return [{
      block: `${g.path}/${svc.name}`,
      blockKind: BlockKind.MICROSERVICE_GATEWAY,
      prefix: `gateway.services[${i}]`,
      label: `${svc.name} tasks`,
      options: (s: SystemSpec) => s.gateway?.services?.[i],
      apply: (s: SystemSpec, next: FleetOptionsLike) => {
        const services = [...(s.gateway?.services ?? [])];
        services[i] = { ...services[i], ...next } as typeof services[number];
        return { ...s, gateway: { ...s.gateway, services } };
      },
      planOf: at,
      demandOf: (p: SystemPlan) => (p.gateway?.load.peakRequestsPerSecond ?? 0) * share(p),
    }];
  });
}

function architectureDimension(a: CpuArchitecture): string {
  return a === CpuArchitecture.ARM64 ? 'arm64' : 'x86_64';
}

function gib(mib: number): string {
  return fmt(mib / 1024);
}

/** The spec with a fleet's task size and count replaced. */
function applyFleet(t: FleetTarget, spec: SystemSpec, design: FleetDesign, count: FleetCount, fixed: boolean): SystemSpec {
  const f = t.options(spec) ?? {};
  const { fixedTasks: _f, minTasks: _min, maxTasks: _max, ...scaling } = f.scaling ?? {};
  const load = design.requestsPerSecondPerTask !== undefined ? { ...f.load, requestsPerSecondPerTask: design.requestsPerSecondPerTask } : f.load;
  return t.apply(spec, {
    compute: {
      ...f.compute,
      cpu: design.cpu,
      memoryMiB: design.memoryMiB,
      architecture: design.architecture,
      ...(design.instanceType !== undefined ? { instanceType: design.instanceType } : {}),
    },
    scaling: fixed ? { ...scaling, fixedTasks: count.min } : { ...scaling, minTasks: count.min, maxTasks: count.max },
    ...(load !== undefined ? { load } : {}),
  });
}

function fleetChanges(t: FleetTarget, design: FleetDesign, count: FleetCount, fixed: boolean): string[] {
  const p = t.prefix;
  const out = [`${p}.compute.cpu: ${design.cpu}`, `${p}.compute.memoryMiB: ${design.memoryMiB}`, `${p}.compute.architecture: ${design.architecture}`];
  if (design.instanceType !== undefined) out.push(`${p}.compute.instanceType: ${design.instanceType}`);
  if (fixed) out.push(`${p}.scaling.fixedTasks: ${count.min}`);
  else out.push(`${p}.scaling.minTasks: ${count.min}`, `${p}.scaling.maxTasks: ${count.max}`);
  if (design.requestsPerSecondPerTask !== undefined) out.push(`${p}.load.requestsPerSecondPerTask: ${design.requestsPerSecondPerTask}`);
  return out;
}

function fleetText(design: FleetDesign, count: FleetCount, fixed: boolean): string {
  const size = `${fmt(design.cpu / 1024)} vCPU / ${gib(design.memoryMiB)} GiB ${design.instanceType !== undefined ? `on ${design.instanceType}` : design.architecture}`;
  return fixed || count.min === count.max ? `${fmt(count.min)} tasks of ${size}` : `${fmt(count.min)}-${fmt(count.max)} tasks of ${size}`;
}

/**
 * The monthly cost of a planned fleet: on Fargate the estimate's vCPU- and GB-hours at its minimum
 * task count; on EC2 the instance-hours of the minimum instances its capacity plan runs.
 */
function fleetCost(t: FleetTarget, plan: FleetPlanLike, region: string, options: CostOptions): PricePart {
  const ec2 = plan.ec2Capacity;
  if (plan.compute.kind === ComputeKind.EC2 && ec2) {
    return priceDrafts(t.block, t.blockKind, region, [{
      kind: CostKind.FIXED,
      what: `${fmt(ec2.minInstances)} x ${ec2.instanceType} (minimum instances), ${HOURS_PER_MONTH} h`,
      key: 'ec2.instance-hour',
      dimensions: { instanceType: ec2.instanceType },
      quantity: ec2.minInstances * HOURS_PER_MONTH,
    }], options);
  }
  return priceDrafts(t.block, t.blockKind, region, fargateTaskDrafts(t.label, plan.scaling.minTasks, plan.compute.cpu,
    plan.compute.memoryMiB, architectureDimension(plan.compute.architecture)), options);
}

/** The designs a Fargate fleet's alternatives are searched over: `fleetSizes`, with the user's requests/s per task scaled. */
function fleetDesigns(t: FleetTarget, plan: FleetPlanLike, spec: SystemSpec): FleetDesign[] {
  const given = t.options(spec)?.load?.requestsPerSecondPerTask;
  return fleetSizes(plan.compute.cpu, plan.compute.memoryMiB, plan.compute.architecture, 'tasks').map((s) => {
    const assumed: string[] = [];
    let requestsPerSecondPerTask: number | undefined;
    if (given !== undefined && s.scale !== 1) {
      requestsPerSecondPerTask = Math.max(1, Math.floor(given * s.scale));
      assumed.push(`your ${fmt(given)} requests/s per task scaled with vCPU (x ${fmt(s.scale)}): measure it at this size`);
    }
    return {
      cpu: s.cpu, memoryMiB: s.memoryMiB, architecture: s.architecture, why: s.why, assumed: [...assumed, ...s.assumed], requestsPerSecondPerTask,
    };
  });
}
/** The next size up of an EC2 instance type in its family (by vCPUs), when the catalog has one. */
function nextEc2Size(instanceType: string): string | undefined {
  const spec = catalog.ec2Instance(instanceType);
  if (!spec) return undefined;
  return catalog.knownEc2Instances().map((n) => catalog.ec2Instance(n)!)
    .filter((n) => n.family === spec.family && n.vcpu > spec.vcpu)
    .sort((a, b) => a.vcpu - b.vcpu)[0]?.name;
}

/** The Graviton family of the same class and generation (`m7i` -> `m7g`), when the catalog has the same size of it. */
function gravitonOf(instanceType: string): string | undefined {
  const spec = catalog.ec2Instance(instanceType);
  if (!spec || spec.family.endsWith('g')) return undefined;
  const family = spec.family.replace(/^([a-z]+\d+).*$/, '$1g');
  const name = `${family}.${spec.size}`;
  return catalog.ec2Instance(name) ? name : undefined;
}

/**
 * The designs of an API on EC2: the same task size on this instance type (more instances), on the
 * next size of its family, and on the Graviton family of the same class (and its next size).
 */
function ec2Designs(t: FleetTarget, plan: FleetPlanLike, spec: SystemSpec): FleetDesign[] {
  const current = plan.compute.instanceType;
  if (current === undefined || !catalog.ec2Instance(current)) return [];
  const given = t.options(spec)?.load?.requestsPerSecondPerTask;
  const family = (name: string): string => catalog.ec2Instance(name)!.family;
  const candidates: Array<{ type: string; why: string }> = [{ type: current, why: 'more instances of this type' }];
  const next = nextEc2Size(current);
  if (next) candidates.push({ type: next, why: 'the next instance size up, fewer instances' });
  const graviton = gravitonOf(current);
  if (graviton) {
    candidates.push({ type: graviton, why: 'the Graviton family of the same class' });
    const gNext = nextEc2Size(graviton);
    if (gNext) candidates.push({ type: gNext, why: 'the next Graviton size up, fewer instances' });
  }
  return candidates.map(({ type, why }) => {
    const arm = family(type).endsWith('g');
    const assumed: string[] = [];
    let requestsPerSecondPerTask: number | undefined;
    if (family(type) !== family(current) && given !== undefined) {
      const speed = catalog.relativeVcpuSpeed(family(type), family(current));
      if (speed === undefined) return undefined;
      requestsPerSecondPerTask = Math.max(1, Math.floor(given * speed));
      assumed.push(`your ${fmt(given)} requests/s per task scaled by the ${family(type)} per-vCPU speed vs ${family(current)} (x ${fmt(speed)}): measure it there`);
    }
    if (arm && !family(current).endsWith('g')) assumed.push('Graviton (ARM64): the image must be built for arm64');
    return {
      instanceType: type,
      cpu: plan.compute.cpu,
      memoryMiB: plan.compute.memoryMiB,
      architecture: arm ? CpuArchitecture.ARM64 : CpuArchitecture.X86_64,
      why,
      assumed,
      requestsPerSecondPerTask,
    };
  }).filter((d): d is NonNullable<typeof d> => d !== undefined);
}

/** The context an alternative search needs: the spec, its plan and rows, and how to price. */
interface Search {
  readonly spec: SystemSpec;
  readonly plan: SystemPlan;
  /** The rows of the spec: no other row may get worse. */
  readonly before: SizingRow[];
  readonly options: CostOptions;
}

function searchOf(spec: SystemSpec, plan: SystemPlan, options: CostOptions): Search {
  return { spec, plan, before: sizeSystemRows(plan).rows, options };
}

/**
 * The cheapest passing count of one design: for a fixed fleet the smallest fixedTasks; for an auto-scaled one the
 * current minTasks with the smallest maxTasks, else the smallest minTasks with maxTasks held at what the peak needs.
 */
function searchFleet(s: Search, t: FleetTarget, design: FleetDesign): CostAlternative | undefined {
  const fleet = t.planOf(s.plan)!;
  const fixed = !fleet.scaling.autoScaling;
  const own = (r: SizingRow): boolean => r.block === t.block && (r.fixResource ?? r.resource) === API_TASKS;
  const passesAt = (count: FleetCount): Kept | undefined => keptPlan(applyFleet(t, s.spec, design, count, fixed), s.before, own);
  let count: FleetCount | undefined;
  if (fixed) {
    const n = smallestPassing(1, (k) => passesAt({ min: k, max: k }) !== undefined, ALTERNATIVE_TASKS_LIMIT);
    if (n !== undefined) count = { min: n, max: n };
  } else {
    const min = fleet.scaling.minTasks;
    const nMax = smallestPassing(min, (k) => passesAt({ min, max: Math.max(k, min) }) !== undefined, ALTERNATIVE_TASKS_LIMIT);
    if (nMax !== undefined) {
      count = { min, max: Math.max(nMax, min) };
    } else {
      // What the peak needs at this design's size: its own planned requests/s per task and scaling target.
      const p = tryPlan(applyFleet(t, s.spec, design, { min, max: fleet.scaling.maxTasks }, fixed));
      const sized = p ? t.planOf(p) : undefined;
      const perTask = sized?.load.requestsPerSecondPerTask;
      const peak = sized === undefined || perTask === undefined ? fleet.scaling.maxTasks : tasksAtPeak(t.demandOf(s.plan), perTask,
        effectiveScalingTarget(sized.scaling.targetCpuUtilization, perTask, sized.scaling.requestsPerSecondPerTarget));
      const hold = Math.min(ALTERNATIVE_TASKS_LIMIT, Math.max(fleet.scaling.maxTasks, peak));
      const nMin = smallestPassing(1, (k) => passesAt({ min: k, max: Math.max(hold, k) }) !== undefined, ALTERNATIVE_TASKS_LIMIT);
      if (nMin !== undefined) count = { min: nMin, max: Math.max(hold, nMin) };
    }
  }
  if (count === undefined) return undefined;
  const kept = passesAt(count);
  if (!kept) return undefined; // the search assumes more tasks never hurt; a count that does not pass is never listed
  const planned = t.planOf(kept.plan)!;
  const instances = planned.ec2Capacity?.minInstances;
  return {
    design: fleetText(design, count, fixed) + (instances !== undefined ? ` (${fmt(instances)} instances at the minimum)` : ''),
    why: design.why,
    changes: fleetChanges(t, design, count, fixed),
    assumed: [...design.assumed, ...kept.quotas],
    ...fleetCost(t, planned, s.plan.region, s.options),
  };
}

/** The alternatives of a fleet's tasks (the API's on Fargate or EC2, a gateway service's), cheapest first. */
function fleetAlternatives(spec: SystemSpec, plan: SystemPlan, t: FleetTarget, options: CostOptions = {}): CostAlternative[] {
  const fleet = t.planOf(plan);
  if (!fleet) return [];
  const s = searchOf(spec, plan, options);
  const designs = fleet.compute.kind === ComputeKind.EC2 ? ec2Designs(t, fleet, spec) : fleetDesigns(t, fleet, spec);
  return distinctOrdered(designs.map((d) => searchFleet(s, t, d)).filter((a): a is CostAlternative => a !== undefined));
}

/** The alternatives of the API tasks of a system spec (on Fargate or EC2), cheapest first. */
export function apiTaskAlternatives(spec: SystemSpec, plan: SystemPlan, block: string, options: CostOptions = {}): CostAlternative[] {
  return plan.api ? fleetAlternatives(spec, plan, apiFleet(plan, block), options) : [];
}

/** The text a fix gains when a priced alternative passes: the cheapest one, named. */
export function cheapestText(alts: CostAlternative[]): string | undefined {
  const c = alts.find((a) => a.priced);
  return c ? `cheapest passing: ${c.design} (${c.monthlyUsd} USD/month)` : undefined;
}

/**
 * The smallest design of a fleet's tasks at their size that still passes, when every row of them is
 * under RIGHT_SIZING_SHARE of its bound: the fewest tasks (fixedTasks, or minTasks of an
 * auto-scaled fleet), and what it saves a month.
 */
function fleetRightSizing(spec: SystemSpec, plan: SystemPlan, t: FleetTarget, rows: SizingRow[],
  options: CostOptions = {}): RightSizing | undefined {
  const fleet = t.planOf(plan);
  if (!fleet) return undefined;
  const own = rowsOf(rows, t.block, API_TASKS);
  if (!farBelowBound(own)) return undefined;
  const fixed = !fleet.scaling.autoScaling;
  const design: FleetDesign = { instanceType: fleet.compute.instanceType, cpu: fleet.compute.cpu, memoryMiB: fleet.compute.memoryMiB, architecture: fleet.compute.architecture, why: 'fewer tasks at this size', assumed: [] };
  const at = (k: number): FleetCount => ({ min: k, max: fixed ? k : fleet.scaling.maxTasks });
  const isOwn = (r: SizingRow): boolean => r.block === t.block && (r.fixResource ?? r.resource) === API_TASKS;
  const passes = (k: number): boolean => keptPlan(applyFleet(t, spec, design, at(k), fixed), rows, isOwn) !== undefined;
  const n = smallestPassing(fleet.scaling.minTasks, passes, fleet.scaling.minTasks);
  if (n === undefined || n >= fleet.scaling.minTasks || !passes(n)) return undefined;
  const smaller = t.planOf(tryPlan(applyFleet(t, spec, design, at(n), fixed))!)!;
  const current = fleetText(design, { min: fleet.scaling.minTasks, max: fleet.scaling.maxTasks }, fixed);
  return rightSizingOf(t.block, API_TASKS, current, fleetText(design, at(n), fixed), fleetChanges(t, design, at(n), fixed).filter((c) => /scaling/.test(c)),
    own, fleetCost(t, fleet, plan.region, options), fleetCost(t, smaller, plan.region, options));
}

/** The right-sizing of the API tasks (see `fleetRightSizing`). */
export function apiRightSizing(spec: SystemSpec, plan: SystemPlan, block: string, rows: SizingRow[],
  options: CostOptions = {}): RightSizing | undefined {
  return plan.api ? fleetRightSizing(spec, plan, apiFleet(plan, block), rows, options) : undefined;
}

/** The cache resource whose rows (memory, operations, network, the count limit) one shard count and node type decide. */
export const CACHE_RESOURCES = [CACHE_SHARDS];

/** The most shards (Memcached: nodes) an alternative searches: ElastiCache's 500 nodes per cluster. */
export const ALTERNATIVE_SHARDS_LIMIT = 500;

/** One candidate design of the cache: a node type, and why it is listed. */
interface CacheDesign {
  readonly nodeType: string;
  readonly why: string;
}

function cacheUnits(plan: TieredCachePlan, n = 2): string {
  const unit = plan.application.engine === CacheEngine.MEMCACHED ? 'node' : 'shard';
  return n === 1 ? unit : `${unit}s`;
}

/**
 * The node types a cache's alternatives are searched over: this one (more shards) and the next
 * size up of its family (fewer shards). Every node type in the catalog is Graviton already, so
 * there is no Graviton lever for the cache.
 */
function cacheDesigns(plan: TieredCachePlan): CacheDesign[] {
  const node = catalog.cacheNode(plan.application.nodeType);
  if (!node) return [];
  const units = cacheUnits(plan);
  const out: CacheDesign[] = [{ nodeType: node.name, why: `more ${units} of this node type` }];
  const bigger = catalog.knownCacheNodes().map((n) => catalog.cacheNode(n)!)
    .filter((n) => n.family === node.family && n.memoryGiB > node.memoryGiB)
    .sort((a, b) => a.memoryGiB - b.memoryGiB)[0];
  if (bigger) out.push({ nodeType: bigger.name, why: `the next node size up, fewer ${units}` });
  return out;
}

/** The spec with the cache's node type and shard count replaced. */
function applyCache(spec: SystemSpec, nodeType: string, shards: number): SystemSpec {
  const cache = spec.cache ?? {};
  return { ...spec, cache: { ...cache, application: { ...cache.application, nodeType, shards } } };
}

function cacheText(plan: TieredCachePlan, nodeType: string, shards: number): string {
  const replicas = plan.application.engine === CacheEngine.MEMCACHED ? '' : ` (1 primary + ${fmt(plan.application.replicasPerShard)} replica(s) each)`;
  return `${fmt(shards)} ${cacheUnits(plan, shards)} of ${nodeType}${replicas}`;
}

/** The monthly cost of a planned cache: the estimate's node-hours. */
function cacheCost(plan: TieredCachePlan, region: string, options: CostOptions): PricePart {
  const a = plan.application;
  return priceDrafts(plan.path, BlockKind.TIERED_CACHE, region,
    cacheNodeDrafts(a.nodeType, a.engine.toLowerCase(), a.shards, a.replicasPerShard), options);
}

/** The alternatives of one cache resource of a system spec (fewest shards of each node type that pass its rows), cheapest first. */
export function cacheAlternatives(spec: SystemSpec, plan: SystemPlan, block: string, resource: string, options: CostOptions = {}): CostAlternative[] {
  if (!plan.cache) return [];
  const cache = plan.cache;
  const before = sizeSystemRows(plan).rows;
  const own = (r: SizingRow): boolean => r.block === block && (r.fixResource ?? r.resource) === resource;
  const found: CostAlternative[] = [];
  for (const d of cacheDesigns(cache)) {
    const passes = (n: number): Kept | undefined => keptPlan(applyCache(spec, d.nodeType, n), before, own);
    const n = smallestPassing(1, (k) => passes(k) !== undefined, ALTERNATIVE_SHARDS_LIMIT);
    const kept = n === undefined ? undefined : passes(n);
    if (n === undefined || !kept?.plan.cache) continue;
    found.push({
      design: cacheText(cache, d.nodeType, n),
      why: d.why,
      changes: [`cache.application.nodeType: ${d.nodeType}`, `cache.application.shards: ${n}`],
      assumed: kept.quotas,
      ...cacheCost(kept.plan.cache, plan.region, options),
    });
  }
  return orderAlternatives(found);
}

/**
 * The fewest shards of the cache's node type that still pass every cache memory, operations and
 * network row, when every one of those rows is under RIGHT_SIZING_SHARE of its bound.
 */
export function cacheRightSizing(spec: SystemSpec, plan: SystemPlan, block: string, rows: SizingRow[],
  options: CostOptions = {}): RightSizing | undefined {
  const cache = plan.cache;
  if (!cache) return undefined;
  const own = rows.filter((r) => r.block === block && CACHE_RESOURCES.includes(r.fixResource ?? r.resource));
  if (!farBelowBound(own)) return undefined;
  const a = cache.application;
  const resources = [...new Set(own.map((r) => r.fixResource ?? r.resource))];
  const isOwn = (r: SizingRow): boolean => r.block === block && resources.includes(r.fixResource ?? r.resource);
  const passes = (k: number): boolean => keptPlan(applyCache(spec, a.nodeType, k), rows, isOwn) !== undefined;
  const n = smallestPassing(a.shards, passes, a.shards);
  if (n === undefined || n >= a.shards || !passes(n)) return undefined;
  const smaller = tryPlan(applyCache(spec, a.nodeType, n))!;
  return rightSizingOf(block, resources.join(', '), cacheText(cache, a.nodeType, a.shards), cacheText(cache, a.nodeType, n),
    [`cache.application.shards: ${n}`], own, cacheCost(cache, plan.region, options), cacheCost(smaller.cache!, plan.region, options));
}

/**
 * The fleet a fix of the API's tasks belongs to: a gateway service's when its block is the
 * service's (`gateway/orders`, or a construct path ending so), else the API's.
 */
function fleetOfFix(block: string, spec: SystemSpec, plan: SystemPlan): FleetTarget | undefined {
  const service = gatewayFleets(spec, plan).find((t) => block === t.block || block.endsWith(`/${t.block}`));
  return service ?? (plan.api ? apiFleet(plan) : undefined);
}

/**
 * The report with the alternatives of each fix this module covers (the API's and gateway services'
 * tasks, the cache's memory, operations and network, the database's readers, writer, connections
 * and instance class, the queue's Fargate workers) and the right-sizing of the resources far below
 * their bound, from the spec the report was built from. Each fix that has a priced alternative
 * names the cheapest, in the fix and in its rows.
 */
export function withAlternatives(report: SizingReport, spec: SystemSpec, options: CostOptions = {}): SizingReport {
  const plan = tryPlan(spec);
  if (!plan) return report;
  // A block's rows: its plan path in a plan report, its construct path in a read-back's.
  const kinds = new Map<string, string>(report.rows.map((r) => [r.block, r.blockKind]));
  const renamed = new Map<string, string>();
  const key = (block: string, resource: string, fix: string): string => `${block}\u0000${resource}\u0000${fix}`;
  const memo = new Map<string, CostAlternative[]>();
  const alternativesOf = (f: ResourceFix): CostAlternative[] | undefined => {
    const kind = kinds.get(f.block);
    let compute: (() => CostAlternative[]) | undefined;
    let which = '';
    if (kind === BlockKind.LOAD_BALANCED_API && f.resource === API_TASKS) {
      const t = fleetOfFix(f.block, spec, plan);
      if (t) {
        which = t.block;
        compute = () => fleetAlternatives(spec, plan, t, options);
      }
    } else if (kind === BlockKind.TIERED_CACHE && CACHE_RESOURCES.includes(f.resource) && plan.cache) {
      compute = () => cacheAlternatives(spec, plan, plan.cache!.path, f.resource, options);
    } else if (kind === BlockKind.REPLICATED_DATABASE && DATABASE_RESOURCES.includes(f.resource) && plan.database
      && (f.block === plan.database.path || f.block.endsWith(`/${plan.database.path}`))) {
      compute = () => databaseAlternatives(spec, plan, f.resource, options);
    } else if (kind === BlockKind.WORK_QUEUE && f.resource === WORKERS && plan.queue) {
      compute = () => workerAlternatives(spec, plan, options);
    }
    if (!compute) return undefined;
    const k = `${kind}\u0000${which}\u0000${f.resource}`;
    if (!memo.has(k)) memo.set(k, compute());
    return memo.get(k);
  };
  const fixes: ResourceFix[] = (report.fixes ?? []).map((f) => {
    const alternatives = alternativesOf(f);
    if (alternatives === undefined) return f;
    const named = cheapestText(alternatives);
    const fix = named ? `${f.fix}; ${named}` : f.fix;
    if (named) renamed.set(key(f.block, f.resource, f.fix), fix);
    return { ...f, fix, alternatives };
  });
  const rows = report.rows.map((r) => {
    const to = r.fix === undefined ? undefined : renamed.get(key(r.block, r.fixResource ?? r.resource, r.fix));
    return to === undefined ? r : { ...r, fix: to };
  });
  const planRows = sizeSystemRows(plan).rows;
  const rightSizing = [
    plan.api ? apiRightSizing(spec, plan, plan.api.path, planRows, options) : undefined,
    ...gatewayFleets(spec, plan).map((t) => fleetRightSizing(spec, plan, t, planRows, options)),
    plan.cache ? cacheRightSizing(spec, plan, plan.cache.path, planRows, options) : undefined,
    plan.database ? databaseRightSizing(spec, plan, planRows, options) : undefined,
  ].filter((x): x is RightSizing => x !== undefined);
  return { ...report, rows, fixes, rightSizing };
}
