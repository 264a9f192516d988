import { applyReadBack, locationOf, recordedPlanOf } from './apply';
import { appRegion, LoadFile } from './declared';
import {
  apiTopologyFrom, globalCdnTopologyFrom, microserviceGatewayTopologyFrom, replicatedDatabaseTopologyFrom, shardedDatabaseTopologyFrom,
  tieredCacheTopologyFrom, workQueueTopologyFrom,
} from './topology';
import { Backend, DeployedBlock, DeployedSystem } from './types';
import { accountQuotaRows, DeployedServiceTopology, SYSTEM_BLOCK_KIND } from '../account-rows';
import { BlockKind, BlockPlanBase } from '../blocks/common';
import { GlobalCdnPlan, globalCdnNotes, sizeGlobalCdn } from '../blocks/global-cdn';
import { LoadBalancedApiPlan, loadBalancedApiNotes, sizeLoadBalancedApi } from '../blocks/load-balanced-api';
import { MicroserviceGatewayPlan, microserviceGatewayNotes, sizeMicroserviceGateway } from '../blocks/microservice-gateway';
import { ReplicatedDatabasePlan, replicatedDatabaseNotes, sizeReplicatedDatabase } from '../blocks/replicated-database';
import { ShardedDatabasePlan, shardedDatabaseNotes, sizeShardedDatabase } from '../blocks/sharded-database';
import { cacheMissReadsOnAzLoss, sizeTieredCache, TieredCachePlan, tieredCacheNotes } from '../blocks/tiered-cache';
import { sizeWorkQueue, WorkQueuePlan, workQueueNotes } from '../blocks/work-queue';
import { QuotaContext } from '../catalog';
import { findHeadroom, scaleBlockLoad } from '../sizing/headroom';
import {
  AssumedInput, buildReport, OutputLocation, PlanDifference, Scenario, SizingReport, SizingRow, SystemChainPlan, Verdict, worstVerdict,
} from '../sizing/report';
import { fmt } from '../validation';

/*
 * Sizing what will deploy: each block read back from synthesized output is sized as its plan,
 * with the read-back applied (applyReadBack) and the topology read back, against the load it
 * declared in its metadata.
 */

/** Blocks in the order the system chain sizes them (edge first). */
const CHAIN_ORDER: BlockKind[] = [
  BlockKind.GLOBAL_CDN, BlockKind.LOAD_BALANCED_API, BlockKind.TIERED_CACHE, BlockKind.REPLICATED_DATABASE,
  BlockKind.SHARDED_DATABASE, BlockKind.WORK_QUEUE, BlockKind.MICROSERVICE_GATEWAY,
];

/** Sizes one plan against its own load, with the topology of `block` when given (else the plan's own). */
export function sizeBlockPlan(plan: BlockPlanBase, block?: DeployedBlock, extraReadsPerSecondOnAzLoss = 0,
  context: QuotaContext = {}): SizingRow[] {
  const extra = { extraReadsPerSecondOnAzLoss };
  // Quota rows read the Region of the block's stack when the synthesized output names it (else the
  // context's), and the quotas the context declares raised.
  const quotas: QuotaContext = { ...context, region: block?.region ?? context.region };
  switch (plan.kind) {
    case BlockKind.LOAD_BALANCED_API: {
      const p = plan as LoadBalancedApiPlan;
      return sizeLoadBalancedApi(p, p.load.peakRequestsPerSecond, block ? apiTopologyFrom(block) : undefined);
    }
    case BlockKind.TIERED_CACHE: return sizeTieredCache(plan as TieredCachePlan, {}, block ? tieredCacheTopologyFrom(block) : undefined);
    case BlockKind.REPLICATED_DATABASE:
      return sizeReplicatedDatabase(plan as ReplicatedDatabasePlan, extra, block ? replicatedDatabaseTopologyFrom(block) : undefined, quotas);
    case BlockKind.SHARDED_DATABASE:
      return sizeShardedDatabase(plan as ShardedDatabasePlan, extra, block ? shardedDatabaseTopologyFrom(block) : undefined, quotas);
    case BlockKind.WORK_QUEUE: return sizeWorkQueue(plan as WorkQueuePlan, {}, block ? workQueueTopologyFrom(block) : undefined, quotas);
    case BlockKind.GLOBAL_CDN: return sizeGlobalCdn(plan as GlobalCdnPlan, {}, block ? globalCdnTopologyFrom(block) : undefined, quotas);
    case BlockKind.MICROSERVICE_GATEWAY:
      return sizeMicroserviceGateway(plan as MicroserviceGatewayPlan, {}, block ? microserviceGatewayTopologyFrom(block) : undefined, quotas);
    default: return [];
  }
}

function notesOf(plan: BlockPlanBase): string[] {
  switch (plan.kind) {
    case BlockKind.LOAD_BALANCED_API: return loadBalancedApiNotes(plan as LoadBalancedApiPlan);
    case BlockKind.TIERED_CACHE: return tieredCacheNotes(plan as TieredCachePlan);
    case BlockKind.REPLICATED_DATABASE: return replicatedDatabaseNotes(plan as ReplicatedDatabasePlan);
    case BlockKind.SHARDED_DATABASE: return shardedDatabaseNotes(plan as ShardedDatabasePlan);
    case BlockKind.WORK_QUEUE: return workQueueNotes(plan as WorkQueuePlan);
    case BlockKind.GLOBAL_CDN: return globalCdnNotes(plan as GlobalCdnPlan);
    case BlockKind.MICROSERVICE_GATEWAY: return microserviceGatewayNotes(plan as MicroserviceGatewayPlan);
    default: return [];
  }
}

/** What the sizing of a read-back found: rows, notes and plan differences. */
export interface DeployedSizing {
  readonly rows: SizingRow[];
  readonly notes: string[];
  readonly differences: PlanDifference[];
  /**
   * The same rows with every declared rate multiplied by `factor` (the headroom search).
   *
   * @default - no headroom
   */
  readonly rowsAt?: (factor: number) => SizingRow[];
}

/** Where a block's capacity was read: every value the read-back cited, bar bookkeeping. */
const NOT_CAPACITY = /\.(taskDefinition|engineVersion|maxMessageBytes|priceClass|defaultBehavior|redrive|launchType|deploymentStrategy|deployMaximumPercent|cpuArchitecture|storageType)$/;

/** What the read-back reads for the diagram only (no row sizes it): the job table, the completion topic, the payload bucket. */
const NOT_SIZED = /^workQueue\.(jobTable|completion|bucket)\./;

function readFromOf(block: DeployedBlock, system: DeployedSystem): OutputLocation[] {
  const children = system.blocks.filter((b) => b.parent === block.path && b.backend === block.backend);
  return [block, ...children].flatMap((b) => Object.entries(b.sources)
    .filter(([k]) => !NOT_CAPACITY.test(k) && !NOT_SIZED.test(k)).map(([, s]) => locationOf(s)));
}

/**
 * Sizes every block read back: each top-level block with its recorded plan as it will deploy,
 * its read-back topology and the load it declared. In a SystemStack (blocks at the spec paths
 * `cache` and `database`/`shardedDatabase` of one app), a cache shard without a replica sends its
 * reads to the database when its AZ is lost, as `sizeSystem` does. The account quotas the blocks
 * share (Fargate vCPUs per Region) are rows of `name`, the system's or app's.
 */
export function sizeDeployedSystem(system: DeployedSystem, context: QuotaContext = {}, name = ACCOUNT_ROWS_BLOCK): DeployedSizing {
  const rows: SizingRow[] = [];
  const notes: string[] = [...system.notes];
  const differences: PlanDifference[] = [];
  const top = system.blocks.filter((b) => b.parent === undefined)
    .sort((a, b) => CHAIN_ORDER.indexOf(a.kind) - CHAIN_ORDER.indexOf(b.kind) || a.path.localeCompare(b.path));
  const applied = new Map(system.blocks.map((b) => [b, applyReadBack(withAssumed(recordedPlanOf(b, system), b), b)]));
  // A declared block's plan is its kind's default: how it differs from the resources says nothing.
  for (const b of system.blocks) if (b.declaredIn === undefined) differences.push(...applied.get(b)!.differences);
  for (const b of top) {
    const a = applied.get(b)!;
    const plan = { ...a.plan, assumed: a.assumed };
    const readFrom = readFromOf(b, system);
    const blockRows = sizeBlockPlan(plan, b, extraDatabaseReads(b, system, applied), context);
    rows.push(...blockRows.map((r) => (readFrom.length > 0 ? { ...r, readFrom } : r)));
    // A declared block's plan notes describe the defaults of a block nobody rendered: left out.
    notes.push(...a.notes, ...(b.declaredIn !== undefined ? [declaredNote(b)] : notesOf(plan)));
  }
  if (system.blocks.some((b) => b.declaredIn !== undefined)) notes.push(...unrecognisedNotes(system));
  const declared = Object.entries(context.quotas ?? {});
  if (declared.length > 0) {
    notes.push(`raised quotas declared for ${context.region ?? 'the Region'} (your statement, not checked against the account): `
      + declared.map(([path, v]) => `quotas.${path} ${v.toLocaleString('en-US')}`).join(', '));
  }
  // Account quotas the blocks share (Fargate vCPUs per Region), over every top-level block as it will deploy.
  const accountRows = accountQuotaRows(name, top.map((b) => {
    const a = applied.get(b)!;
    return { plan: { ...a.plan, assumed: a.assumed }, deployed: deployedServices(b) };
  }), context);
  rows.push(...accountRows);
  // Headroom: every block's declared rates, and the cache misses a database takes on an AZ loss, scaled together.
  const rowsAt = (factor: number): SizingRow[] => [...top.flatMap((b) => {
    const a = applied.get(b)!;
    return sizeBlockPlan(scaleBlockLoad({ ...a.plan, assumed: a.assumed }, factor), b, extraDatabaseReads(b, system, applied) * factor, context);
  }), ...accountRows];
  return { rows, notes: [...new Set(notes)], differences, rowsAt };
}

/** The block of the account-quota rows of a read-back when the caller gives no system name. */
export const ACCOUNT_ROWS_BLOCK = 'account';

/** What the synthesized output says of a block's ECS services (counts, worker task size, Region). */
function deployedServices(b: DeployedBlock): DeployedServiceTopology {
  const region = b.region === undefined ? {} : { region: b.region };
  switch (b.kind) {
    case BlockKind.LOAD_BALANCED_API: return { api: apiTopologyFrom(b), ...region };
    case BlockKind.MICROSERVICE_GATEWAY: return { gateway: microserviceGatewayTopologyFrom(b), ...region };
    case BlockKind.WORK_QUEUE: {
      const cpu = b.workQueue?.fleet?.taskCpu;
      return { queue: workQueueTopologyFrom(b), ...(cpu !== undefined ? { workerTaskCpu: cpu } : {}), ...region };
    }
    default: return region;
  }
}

/** What a block declared in a load file was sized from. */
function declaredNote(b: DeployedBlock): string {
  const types = Object.entries(b.resourceTypes ?? {}).map(([t, n]) => `${t} x${n}`).join(', ');
  return `${b.path}: written by hand, sized as a ${b.kind} (declared in ${b.declaredIn}) from the ${b.resourceCount} resource(s) under it`
    + `${types ? ` (${types})` : ''}; what no resource shows takes the ${b.kind} defaults, listed as assumed`;
}

/** With a load file: the resources no block and no declared path holds, which nothing sized. */
function unrecognisedNotes(system: DeployedSystem): string[] {
  if (system.unrecognised.length === 0) return [];
  const byType = new Map<string, number>();
  for (const r of system.unrecognised) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
  const types = [...byType.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([t, n]) => `${t} x${n}`).join(', ');
  return [`not sized: ${system.unrecognised.length} resource(s) outside every block and declared path (${types}); `
    + 'declare the construct path of a fleet, database, cache or queue in the load file to size it'];
}

function withAssumed(plan: BlockPlanBase, b: DeployedBlock): BlockPlanBase {
  return b.assumed.length > 0 || plan.assumed === undefined ? { ...plan, assumed: plan.assumed ?? b.assumed } : plan;
}

/** Reads/s a SystemStack's database takes when the cache loses an AZ with a replica-less shard. */
function extraDatabaseReads(db: DeployedBlock, system: DeployedSystem, applied: Map<DeployedBlock, { plan: BlockPlanBase }>): number {
  if (db.kind !== BlockKind.REPLICATED_DATABASE && db.kind !== BlockKind.SHARDED_DATABASE) return 0;
  const prefix = db.planPath.slice(0, db.planPath.length - (db.kind === BlockKind.REPLICATED_DATABASE ? 'database' : 'shardedDatabase').length);
  if (!['database', 'shardedDatabase'].includes(db.planPath.slice(prefix.length))) return 0;
  const cache = system.blocks.find((b) => b.kind === BlockKind.TIERED_CACHE && b.parent === undefined && b.planPath === `${prefix}cache`
    && b.backend === db.backend && (b.backend === Backend.CLOUDFORMATION || b.template === db.template));
  if (!cache) return 0;
  const plan = applied.get(cache)!.plan as TieredCachePlan;
  return cacheMissReadsOnAzLoss(plan, plan.load.readsPerSecond, tieredCacheTopologyFrom(cache));
}

/** What the report of a read-back says besides its rows. */
export interface DeployedReportOptions {
  /** The system's (or app's) name. */
  readonly name: string;
  /** The chain of a system spec. */
  readonly chain?: SystemChainPlan;
  /** System-wide assumed inputs (a spec's). */
  readonly assumed?: AssumedInput[];
  /** The synthesized files read. */
  readonly synthesized?: string[];
}

/**
 * The report of one or two read-backs: the rows of the first, each with where both read its
 * capacity; a row of its own wherever the second disagrees; the differences of both.
 */
export function deployedReport(sized: DeployedSizing[], options: DeployedReportOptions): SizingReport {
  const [first, ...others] = sized;
  let rows = first?.rows ?? [];
  const notes = [...(first?.notes ?? [])];
  for (const other of others) {
    rows = mergeBackends(rows, other.rows);
    for (const n of other.notes) if (!notes.includes(n)) notes.push(n);
  }
  const report = buildReport(options.name, rows, notes, options.assumed ?? []);
  // Headroom over every backend read back: a row that FAILs in either counts.
  const models = sized.map((s) => s.rowsAt).filter((f): f is (factor: number) => SizingRow[] => f !== undefined);
  return {
    ...report,
    ...(models.length > 0 ? { headroom: findHeadroom((factor) => models.flatMap((m) => m(factor))) } : {}),
    differences: mergeDifferences(sized.flatMap((s) => s.differences)),
    ...(options.synthesized ? { synthesized: options.synthesized } : {}),
    ...(options.chain ? { chain: options.chain } : {}),
  };
}

function rowKey(r: SizingRow): string {
  return `${r.block}|${r.resource}|${r.scenario}|${r.metric}`;
}

function keyed(rows: SizingRow[]): Map<string, SizingRow> {
  const out = new Map<string, SizingRow>();
  const seen = new Map<string, number>();
  for (const r of rows) {
    const n = seen.get(rowKey(r)) ?? 0;
    seen.set(rowKey(r), n + 1);
    out.set(`${rowKey(r)}#${n}`, r);
  }
  return out;
}

function same(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** The rows of one backend with the other's citations; a disagreement row wherever the two differ. */
function mergeBackends(rows: SizingRow[], other: SizingRow[]): SizingRow[] {
  const a = keyed(rows);
  const b = keyed(other);
  const out: SizingRow[] = [];
  const disagreement = (r: SizingRow, what: string, verdicts: Verdict[]): SizingRow => ({
    block: r.block,
    blockKind: r.blockKind,
    resource: `${r.resource}: backends`,
    metric: r.metric,
    scenario: Scenario.LIMIT,
    demand: 0,
    capacity: 0,
    utilization: 0,
    bound: 1,
    verdict: worstVerdict([Verdict.WARN, ...verdicts]),
    reason: `CloudFormation and Terraform do not deploy the same: ${what}`,
    fix: 'make both outputs agree (an escape hatch or Aspect on one backend only?), or deploy the one whose row passes',
    assumed: [],
    sources: [],
  });
  for (const [k, r] of a) {
    const o = b.get(k);
    if (!o) {
      out.push(r, disagreement(r, `${r.resource} (${r.scenario}) is sized on ${backendOf(r)} only`, [r.verdict]));
      continue;
    }
    out.push({ ...r, ...(r.readFrom || o.readFrom ? { readFrom: [...(r.readFrom ?? []), ...(o.readFrom ?? [])] } : {}) });
    if (!same(r.demand, o.demand) || !same(r.capacity, o.capacity) || r.verdict !== o.verdict) {
      out.push(disagreement(r, `${r.resource} (${r.scenario}): demand ${fmt(r.demand)} vs ${fmt(o.demand)}, capacity ${fmt(r.capacity)} vs ${fmt(o.capacity)}`
        + ` ${r.metric}, ${r.verdict} vs ${o.verdict}`, [r.verdict, o.verdict]));
    }
  }
  for (const [k, o] of b) {
    if (!a.has(k)) out.push(o, disagreement(o, `${o.resource} (${o.scenario}) is sized on ${backendOf(o)} only`, [o.verdict]));
  }
  return out;
}

function backendOf(r: SizingRow): string {
  const backends = [...new Set((r.readFrom ?? []).map((s) => s.backend))];
  return backends.length === 1 ? backends[0] : 'one backend';
}

/** One difference per block, field and values; the places of both backends together. */
function mergeDifferences(all: PlanDifference[]): PlanDifference[] {
  const out = new Map<string, PlanDifference>();
  for (const d of all) {
    const k = `${d.block}|${d.field}|${d.planned}|${d.deployed}`;
    const prev = out.get(k);
    const where = [...(prev?.where ?? []), ...(d.where ?? [])];
    out.set(k, { ...d, ...(where.length > 0 ? { where } : {}) });
  }
  return [...out.values()];
}

/** Convenience: the report of a read-back of one or more outputs, each sized. */
export function sizeReadBack(systems: DeployedSystem[], options: DeployedReportOptions): SizingReport {
  return deployedReport(systems.map((s) => sizeDeployedSystem(s)), options);
}

/** A finding of a synth-time check: one FAIL or WARN row, or one plan difference, with the block's construct path. */
export interface SizingFinding {
  /** `FAIL` findings fail the synth; `WARN` findings are warnings. */
  readonly verdict: Verdict;
  /** Construct path of the block. */
  readonly constructPath: string;
  /** A short rule name, e.g. `LoadBalancedApi/api tasks/AZ_LOSS`. */
  readonly rule: string;
  /** One line: the block, the resource, the scenario and why. */
  readonly message: string;
  /** The exact change, when there is one. */
  readonly fix?: string;
  /** Where the capacity was read. */
  readonly where: OutputLocation[];
}

/**
 * The findings of synthesized output: every FAIL and WARN row of every block, and every plan
 * difference (as a WARN), each naming the block's construct path and the fix. The system rows of
 * the account's shared quotas are findings only with a declared account (readDeclaredAccount): its
 * Region, else the one the stacks name, and its raised quotas.
 */
export function sizingFindings(system: DeployedSystem, account?: LoadFile): SizingFinding[] {
  // With a declared account, the account's shared quotas are sized too, in its Region with its raised quotas.
  const region = account !== undefined ? appRegion(system, account, '(the validator\'s account)') : undefined;
  const context: QuotaContext = account === undefined ? {} : { ...(region !== undefined ? { region } : {}), quotas: account.quotas };
  const sized = sizeDeployedSystem(system, context);
  const pathOf = (planPath: string): string => system.blocks.find((b) => b.planPath === planPath && b.parent === undefined)?.path
    ?? system.blocks.find((b) => b.planPath === planPath)?.path ?? planPath;
  const findings: SizingFinding[] = sized.differences.map((d) => ({
    verdict: Verdict.WARN,
    constructPath: pathOf(d.block),
    rule: `${d.blockKind}/plan-difference/${d.field}`,
    message: `${pathOf(d.block)}: ${d.field} will deploy as ${d.deployed}, the plan said ${d.planned}: the sizing uses what will deploy`,
    where: d.where ?? [],
  }));
  // The account's shared quotas (Fargate vCPUs, Lambda concurrency across functions) are rows of the
  // whole system, read against the quotas the account has raised: without a declared account they
  // would warn at the new-account defaults on nearly every app, so they are left to `scaleblocks check`.
  for (const r of sized.rows.filter((x) => x.verdict !== Verdict.PASS && (account !== undefined || x.blockKind !== SYSTEM_BLOCK_KIND))) {
    findings.push({
      verdict: r.verdict,
      constructPath: pathOf(r.block),
      rule: `${r.blockKind}/${r.resource}/${r.scenario}`,
      message: `${pathOf(r.block)}: ${r.resource} (${r.scenario}): ${r.verdict}: ${r.reason}`,
      ...(r.fix ? { fix: r.fix } : {}),
      where: r.readFrom ?? [],
    });
  }
  return findings;
}

/** The FAIL rows of a plan sized against its own load, one line each with its fix (for a block's warning at construction). */
export function planFailures(plan: BlockPlanBase): string[] {
  return sizeBlockPlan(plan).filter((r) => r.verdict === Verdict.FAIL)
    .map((r) => `scaleblocks: ${r.resource} (${r.scenario}) is undersized for the declared load: ${r.reason}${r.fix ? `; fix: ${r.fix}` : ''}`);
}
