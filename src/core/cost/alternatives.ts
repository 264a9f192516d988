import { cacheNodeDrafts, centsText, CostOptions, Draft, fargateTaskDrafts, priceBlock } from './estimate';
import { BlockKind } from '../blocks/common';
import { ComputeKind, CpuArchitecture, LoadBalancedApiOptions } from '../blocks/load-balanced-api/options';
import { LoadBalancedApiPlan } from '../blocks/load-balanced-api/plan';
import { API_TASKS, effectiveScalingTarget, tasksAtPeak } from '../blocks/load-balanced-api/sizing';
import { CacheEngine } from '../blocks/tiered-cache/options';
import { TieredCachePlan } from '../blocks/tiered-cache/plan';
import { CACHE_SHARDS } from '../blocks/tiered-cache/sizing';
import * as catalog from '../catalog';
import { ValidationError } from '../errors';
import { HOURS_PER_MONTH } from './price';
import { smallestPassing } from '../sizing/capacity';
import { CostAlternative, CostKind, ResourceFix, RightSizing, SizingReport, SizingRow, Verdict } from '../sizing/report';
import { planSystem, SystemPlan, sizeSystemRows, SystemSpec } from '../system';
import { fmt } from '../validation';

/*
 * The cheapest passing designs of a resource that does not PASS, and the smallest passing design
 * of one far below its bound. Every candidate is applied to the spec, planned and sized again with
 * the same model (planSystem + the system's sizing), and kept only when every row of the resource
 * PASSes; it is priced with the estimate's own lines (Fargate vCPU- and GB-hours at the minimum
 * task count, EC2 instance-hours at the minimum instances, ElastiCache node-hours) in the system's
 * Region. Resource kinds covered: the API's tasks (Fargate and EC2), and the cache's memory,
 * operations and network. Not covered (no alternatives listed, the exact fix kept): databases,
 * queues and workers, gateways, CDNs.
 */

/**
 * A resource is far below its bound when every one of its rows is under this share of its bound
 * (utilisation / bound < 0.5): at half the bound, removing a unit in two still leaves the rows
 * within their bounds for an even fleet, so a smaller design is likely to pass and worth naming;
 * above it, the saving is a unit or two at most and the margin is the point of the bound.
 */
export const RIGHT_SIZING_SHARE = 0.5;

/** The most tasks an alternative searches (beyond ECS's tasks-per-service quota, so the rows say why). */
export const ALTERNATIVE_TASKS_LIMIT = 10_000;

/** One candidate design of the API tasks: a task size and architecture, and its count lever. */
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

function rowsOf(rows: SizingRow[], block: string, resource: string): SizingRow[] {
  return rows.filter((r) => r.block === block && (r.fixResource ?? r.resource) === resource);
}

function allPass(rows: SizingRow[]): boolean {
  return rows.length > 0 && rows.every((r) => r.verdict === Verdict.PASS);
}

/** Plans a spec, or undefined when the spec is not valid (e.g. a count above a quota the plan enforces). */
function tryPlan(spec: SystemSpec): SystemPlan | undefined {
  try {
    return planSystem(spec);
  } catch (e) {
    if (e instanceof ValidationError) return undefined;
    throw e;
  }
}

function architectureDimension(a: CpuArchitecture): string {
  return a === CpuArchitecture.ARM64 ? 'arm64' : 'x86_64';
}

function gib(mib: number): string {
  return fmt(mib / 1024);
}

/** The spec with the API's task size and count replaced. */
function applyFleet(spec: SystemSpec, design: FleetDesign, count: FleetCount, fixed: boolean): SystemSpec {
  const api = spec.api ?? {};
  const { fixedTasks: _f, minTasks: _min, maxTasks: _max, ...scaling } = api.scaling ?? {};
  const load = design.requestsPerSecondPerTask !== undefined ? { ...api.load, requestsPerSecondPerTask: design.requestsPerSecondPerTask } : api.load;
  const next: LoadBalancedApiOptions = {
    ...api,
    compute: {
      ...api.compute,
      cpu: design.cpu,
      memoryMiB: design.memoryMiB,
      architecture: design.architecture,
      ...(design.instanceType !== undefined ? { instanceType: design.instanceType } : {}),
    },
    scaling: fixed ? { ...scaling, fixedTasks: count.min } : { ...scaling, minTasks: count.min, maxTasks: count.max },
    ...(load !== undefined ? { load } : {}),
  };
  return { ...spec, api: next };
}

function fleetChanges(design: FleetDesign, count: FleetCount, fixed: boolean): string[] {
  const out = [`api.compute.cpu: ${design.cpu}`, `api.compute.memoryMiB: ${design.memoryMiB}`, `api.compute.architecture: ${design.architecture}`];
  if (design.instanceType !== undefined) out.push(`api.compute.instanceType: ${design.instanceType}`);
  if (fixed) out.push(`api.scaling.fixedTasks: ${count.min}`);
  else out.push(`api.scaling.minTasks: ${count.min}`, `api.scaling.maxTasks: ${count.max}`);
  if (design.requestsPerSecondPerTask !== undefined) out.push(`api.load.requestsPerSecondPerTask: ${design.requestsPerSecondPerTask}`);
  return out;
}

function fleetText(design: FleetDesign, count: FleetCount, fixed: boolean): string {
  const size = `${fmt(design.cpu / 1024)} vCPU / ${gib(design.memoryMiB)} GiB ${design.instanceType !== undefined ? `on ${design.instanceType}` : design.architecture}`;
  return fixed || count.min === count.max ? `${fmt(count.min)} tasks of ${size}` : `${fmt(count.min)}-${fmt(count.max)} tasks of ${size}`;
}

/** Prices the lines of one resource; unpriced when any line has no price. */
function priceDrafts(block: string, kind: string, region: string, drafts: Draft[], options: CostOptions): Pick<CostAlternative,
'priced' | 'fixedCents' | 'loadCents' | 'monthlyCents' | 'monthlyUsd' | 'noPrice'> {
  const priced = priceBlock(block, kind, region, drafts, options.overrides);
  if (priced.partial) {
    return { priced: false, noPrice: priced.lines.find((l) => !l.priced)?.noPrice ?? `no price in ${region}` };
  }
  return {
    priced: true,
    fixedCents: priced.fixedCents,
    loadCents: priced.loadCents,
    monthlyCents: priced.totalCents,
    monthlyUsd: centsText(priced.totalCents),
  };
}

/**
 * The monthly cost of a planned fleet: on Fargate the estimate's vCPU- and GB-hours at its minimum
 * task count; on EC2 the instance-hours of the minimum instances its capacity plan runs.
 */
function fleetCost(plan: LoadBalancedApiPlan, region: string, options: CostOptions): Pick<CostAlternative,
'priced' | 'fixedCents' | 'loadCents' | 'monthlyCents' | 'monthlyUsd' | 'noPrice'> {
  const ec2 = plan.ec2Capacity;
  if (plan.compute.kind === ComputeKind.EC2 && ec2) {
    return priceDrafts(plan.path, BlockKind.LOAD_BALANCED_API, region, [{
      kind: CostKind.FIXED,
      what: `${fmt(ec2.minInstances)} x ${ec2.instanceType} (minimum instances), ${HOURS_PER_MONTH} h`,
      key: 'ec2.instance-hour',
      dimensions: { instanceType: ec2.instanceType },
      quantity: ec2.minInstances * HOURS_PER_MONTH,
    }], options);
  }
  return priceDrafts(plan.path, BlockKind.LOAD_BALANCED_API, region, fargateTaskDrafts('tasks', plan.scaling.minTasks, plan.compute.cpu,
    plan.compute.memoryMiB, architectureDimension(plan.compute.architecture)), options);
}

/**
 * A right-sizing entry from the designs' texts and costs; undefined when both are priced and the
 * smaller one saves nothing (e.g. fewer tasks on the same EC2 instances).
 */
function rightSizingOf(block: string, resource: string, current: string, design: string, changes: string[], own: SizingRow[],
  now: Pick<CostAlternative, 'priced' | 'monthlyCents' | 'noPrice'>, then: Pick<CostAlternative, 'priced' | 'monthlyCents' | 'monthlyUsd' | 'noPrice'>): RightSizing | undefined {
  const saves = now.priced && then.priced ? now.monthlyCents! - then.monthlyCents! : undefined;
  if (saves !== undefined && saves <= 0) return undefined;
  return {
    block,
    resource,
    current,
    design,
    changes,
    highestShareOfBound: Math.max(...own.map((r) => r.utilization / r.bound)),
    priced: saves !== undefined,
    ...(saves !== undefined
      ? { savesCents: saves, savesUsd: centsText(saves), monthlyUsd: then.monthlyUsd }
      : { noPrice: now.noPrice ?? then.noPrice }),
  };
}

/** The designs an API fleet's alternatives are searched over: this size, the next size up, and Graviton of each. */
function fleetDesigns(plan: LoadBalancedApiPlan, spec: SystemSpec): FleetDesign[] {
  const given = spec.api?.load?.requestsPerSecondPerTask;
  const base = { cpu: plan.compute.cpu, memoryMiB: plan.compute.memoryMiB };
  const sizes: Array<{ cpu: number; memoryMiB: number; why: string }> = [{ ...base, why: 'more tasks at this size' }];
  const next = catalog.nextFargateSize(plan.compute.cpu, plan.compute.memoryMiB);
  if (next) sizes.push({ ...next, why: 'the next task size up, fewer tasks' });
  const archs = plan.compute.architecture === CpuArchitecture.ARM64
    ? [CpuArchitecture.ARM64] : [plan.compute.architecture, CpuArchitecture.ARM64];
  const out: FleetDesign[] = [];
  for (const s of sizes) {
    for (const a of archs) {
      const scale = s.cpu / plan.compute.cpu;
      const assumed: string[] = [];
      let requestsPerSecondPerTask: number | undefined;
      if (given !== undefined && scale !== 1) {
        requestsPerSecondPerTask = Math.max(1, Math.floor(given * scale));
        assumed.push(`your ${fmt(given)} requests/s per task scaled with vCPU (x ${fmt(scale)}): measure it at this size`);
      }
      if (a !== plan.compute.architecture) {
        assumed.push('Graviton (ARM64): the image must be built for arm64; the model gives a Fargate vCPU the same requests/s on either architecture');
      }
      out.push({ cpu: s.cpu, memoryMiB: s.memoryMiB, architecture: a, why: a !== plan.compute.architecture ? `${s.why}, Graviton` : s.why, assumed, requestsPerSecondPerTask });
    }
  }
  return out;
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
function ec2Designs(plan: LoadBalancedApiPlan, spec: SystemSpec): FleetDesign[] {
  const current = plan.compute.instanceType;
  if (current === undefined || !catalog.ec2Instance(current)) return [];
  const given = spec.api?.load?.requestsPerSecondPerTask;
  const family = (t: string): string => catalog.ec2Instance(t)!.family;
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

/** Orders priced alternatives cheapest first (ties: fewer vCPU-hours, then the text), unpriced after them. */
export function orderAlternatives(alts: CostAlternative[]): CostAlternative[] {
  const priced = alts.filter((a) => a.priced).sort((a, b) => a.monthlyCents! - b.monthlyCents! || a.design.localeCompare(b.design));
  const unpriced = alts.filter((a) => !a.priced).sort((a, b) => a.design.localeCompare(b.design));
  return [...priced, ...unpriced];
}

/** The context an alternative search needs: the spec, its plan, and how to price. */
interface Search {
  readonly spec: SystemSpec;
  readonly plan: SystemPlan;
  readonly options: CostOptions;
}

/** The rows of the API tasks of a spec once planned and sized, or undefined when the spec does not plan. */
function apiTaskRows(spec: SystemSpec, block: string): { plan: SystemPlan; rows: SizingRow[] } | undefined {
  const plan = tryPlan(spec);
  if (!plan?.api) return undefined;
  return { plan, rows: rowsOf(sizeSystemRows(plan).rows, block, API_TASKS) };
}

/**
 * The cheapest passing count of one design: for a fixed fleet the smallest fixedTasks; for an auto-scaled one the
 * current minTasks with the smallest maxTasks, else the smallest minTasks with maxTasks held at what the peak needs.
 */
function searchFleet(s: Search, block: string, design: FleetDesign): CostAlternative | undefined {
  const api = s.plan.api!;
  const fixed = !api.scaling.autoScaling;
  const passesAt = (count: FleetCount): { plan: SystemPlan } | undefined => {
    const sized = apiTaskRows(applyFleet(s.spec, design, count, fixed), block);
    return sized && allPass(sized.rows) ? sized : undefined;
  };
  let count: FleetCount | undefined;
  if (fixed) {
    const n = smallestPassing(1, (k) => passesAt({ min: k, max: k }) !== undefined, ALTERNATIVE_TASKS_LIMIT);
    if (n !== undefined) count = { min: n, max: n };
  } else {
    const min = api.scaling.minTasks;
    const nMax = smallestPassing(min, (k) => passesAt({ min, max: Math.max(k, min) }) !== undefined, ALTERNATIVE_TASKS_LIMIT);
    if (nMax !== undefined) {
      count = { min, max: Math.max(nMax, min) };
    } else {
      // What the peak needs at this design's size: its own planned requests/s per task and scaling target.
      const sized = tryPlan(applyFleet(s.spec, design, { min, max: api.scaling.maxTasks }, fixed))?.api;
      const perTask = sized?.load.requestsPerSecondPerTask;
      const peak = sized === undefined || perTask === undefined ? api.scaling.maxTasks : tasksAtPeak(s.plan.chain.originRequestsPerSecond, perTask,
        effectiveScalingTarget(sized.scaling.targetCpuUtilization, perTask, sized.scaling.requestsPerSecondPerTarget));
      const hold = Math.min(ALTERNATIVE_TASKS_LIMIT, Math.max(api.scaling.maxTasks, peak));
      const nMin = smallestPassing(1, (k) => passesAt({ min: k, max: Math.max(hold, k) }) !== undefined, ALTERNATIVE_TASKS_LIMIT);
      if (nMin !== undefined) count = { min: nMin, max: Math.max(hold, nMin) };
    }
  }
  if (count === undefined) return undefined;
  const kept = passesAt(count);
  if (!kept) return undefined; // the search assumes more tasks never hurt; a count that does not pass is never listed
  const instances = kept.plan.api!.ec2Capacity?.minInstances;
  return {
    design: fleetText(design, count, fixed) + (instances !== undefined ? ` (${fmt(instances)} instances at the minimum)` : ''),
    why: design.why,
    changes: fleetChanges(design, count, fixed),
    assumed: design.assumed,
    ...fleetCost(kept.plan.api!, s.plan.region, s.options),
  };
}

/** The alternatives of the API tasks of a system spec (on Fargate or EC2), cheapest first. */
export function apiTaskAlternatives(spec: SystemSpec, plan: SystemPlan, block: string, options: CostOptions = {}): CostAlternative[] {
  if (!plan.api) return [];
  const s: Search = { spec, plan, options };
  const designs = plan.api.compute.kind === ComputeKind.EC2 ? ec2Designs(plan.api, spec) : fleetDesigns(plan.api, spec);
  const found = designs.map((d) => searchFleet(s, block, d)).filter((a): a is CostAlternative => a !== undefined);
  const seen = new Set<string>();
  return orderAlternatives(found.filter((a) => (seen.has(a.design) ? false : (seen.add(a.design), true))));
}

/** The text a fix gains when a priced alternative passes: the cheapest one, named. */
export function cheapestText(alts: CostAlternative[]): string | undefined {
  const c = alts.find((a) => a.priced);
  return c ? `cheapest passing: ${c.design} (${c.monthlyUsd} USD/month)` : undefined;
}

/**
 * The smallest design of the API tasks at their size that still passes, when every row of them is
 * under RIGHT_SIZING_SHARE of its bound: the fewest tasks (fixedTasks, or minTasks of an
 * auto-scaled fleet), and what it saves a month.
 */
export function apiRightSizing(spec: SystemSpec, plan: SystemPlan, block: string, rows: SizingRow[],
  options: CostOptions = {}): RightSizing | undefined {
  const api = plan.api;
  if (!api) return undefined;
  const own = rowsOf(rows, block, API_TASKS);
  if (!allPass(own) || !own.every((r) => r.utilization < RIGHT_SIZING_SHARE * r.bound)) return undefined;
  const fixed = !api.scaling.autoScaling;
  const design: FleetDesign = { instanceType: api.compute.instanceType, cpu: api.compute.cpu, memoryMiB: api.compute.memoryMiB, architecture: api.compute.architecture, why: 'fewer tasks at this size', assumed: [] };
  const at = (k: number): FleetCount => ({ min: k, max: fixed ? k : api.scaling.maxTasks });
  const passes = (k: number): boolean => {
    const sized = apiTaskRows(applyFleet(spec, design, at(k), fixed), block);
    return sized !== undefined && allPass(sized.rows);
  };
  const n = smallestPassing(api.scaling.minTasks, passes, api.scaling.minTasks);
  if (n === undefined || n >= api.scaling.minTasks || !passes(n)) return undefined;
  const smaller = tryPlan(applyFleet(spec, design, at(n), fixed))!;
  const current = fleetText(design, { min: api.scaling.minTasks, max: api.scaling.maxTasks }, fixed);
  return rightSizingOf(block, API_TASKS, current, fleetText(design, at(n), fixed), fleetChanges(design, at(n), fixed).filter((c) => /scaling/.test(c)),
    own, fleetCost(api, plan.region, options), fleetCost(smaller.api!, plan.region, options));
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
function cacheCost(plan: TieredCachePlan, region: string, options: CostOptions): Pick<CostAlternative,
'priced' | 'fixedCents' | 'loadCents' | 'monthlyCents' | 'monthlyUsd' | 'noPrice'> {
  const a = plan.application;
  return priceDrafts(plan.path, BlockKind.TIERED_CACHE, region,
    cacheNodeDrafts(a.nodeType, a.engine.toLowerCase(), a.shards, a.replicasPerShard), options);
}

/** The rows of the given cache resources of a spec once planned and sized, or undefined when the spec does not plan. */
function cacheRows(spec: SystemSpec, block: string, resources: string[]): { plan: SystemPlan; rows: SizingRow[] } | undefined {
  const plan = tryPlan(spec);
  if (!plan?.cache) return undefined;
  return { plan, rows: sizeSystemRows(plan).rows.filter((r) => r.block === block && resources.includes(r.fixResource ?? r.resource)) };
}

/** The alternatives of one cache resource of a system spec (fewest shards of each node type that pass its rows), cheapest first. */
export function cacheAlternatives(spec: SystemSpec, plan: SystemPlan, block: string, resource: string, options: CostOptions = {}): CostAlternative[] {
  if (!plan.cache) return [];
  const cache = plan.cache;
  const found: CostAlternative[] = [];
  for (const d of cacheDesigns(cache)) {
    const passes = (n: number): { plan: SystemPlan } | undefined => {
      const sized = cacheRows(applyCache(spec, d.nodeType, n), block, [resource]);
      return sized && allPass(sized.rows) ? sized : undefined;
    };
    const n = smallestPassing(1, (k) => passes(k) !== undefined, ALTERNATIVE_SHARDS_LIMIT);
    const kept = n === undefined ? undefined : passes(n);
    if (n === undefined || !kept) continue;
    found.push({
      design: cacheText(cache, d.nodeType, n),
      why: d.why,
      changes: [`cache.application.nodeType: ${d.nodeType}`, `cache.application.shards: ${n}`],
      assumed: [],
      ...cacheCost(kept.plan.cache!, plan.region, options),
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
  if (!allPass(own) || !own.every((r) => r.utilization < RIGHT_SIZING_SHARE * r.bound)) return undefined;
  const a = cache.application;
  const resources = [...new Set(own.map((r) => r.fixResource ?? r.resource))];
  const passes = (k: number): boolean => {
    const sized = cacheRows(applyCache(spec, a.nodeType, k), block, resources);
    return sized !== undefined && sized.rows.length === own.length && allPass(sized.rows);
  };
  const n = smallestPassing(a.shards, passes, a.shards);
  if (n === undefined || n >= a.shards || !passes(n)) return undefined;
  const smaller = tryPlan(applyCache(spec, a.nodeType, n))!;
  return rightSizingOf(block, resources.join(', '), cacheText(cache, a.nodeType, a.shards), cacheText(cache, a.nodeType, n),
    [`cache.application.shards: ${n}`], own, cacheCost(cache, plan.region, options), cacheCost(smaller.cache!, plan.region, options));
}

/**
 * The report with the alternatives of each fix this module covers (the API's tasks on Fargate or EC2,
 * the cache's memory, operations and network) and the right-sizing of the resources far below
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
    if (kind === BlockKind.LOAD_BALANCED_API && f.resource === API_TASKS && plan.api) {
      compute = () => apiTaskAlternatives(spec, plan, plan.api!.path, options);
    } else if (kind === BlockKind.TIERED_CACHE && CACHE_RESOURCES.includes(f.resource) && plan.cache) {
      compute = () => cacheAlternatives(spec, plan, plan.cache!.path, f.resource, options);
    }
    if (!compute) return undefined;
    const k = `${kind}\u0000${f.resource}`;
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
    plan.cache ? cacheRightSizing(spec, plan, plan.cache.path, planRows, options) : undefined,
  ].filter((x): x is RightSizing => x !== undefined);
  return { ...report, rows, fixes, rightSizing };
}
