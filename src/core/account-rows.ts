import { BlockKind, BlockPlanBase } from './blocks/common';
import { ApiTopology, apiTopologyOf, ComputeKind, LoadBalancedApiPlan } from './blocks/load-balanced-api';
import { MicroserviceGatewayPlan, MicroserviceGatewayTopology, microserviceGatewayTopologyOf } from './blocks/microservice-gateway';
import { ReplicatedDatabasePlan } from './blocks/replicated-database';
import { ShardedDatabasePlan } from './blocks/sharded-database';
import { quotaRow, smallestPassingQuota } from './blocks/shared/quota-row';
import { QueueType, WorkerKind, WorkQueuePlan, WorkQueueTopology, workQueueTopologyOf } from './blocks/work-queue';
import * as catalog from './catalog';
import { capacityRow, checkRule, fmtPercent } from './sizing/capacity';
import { AssumedInput, Scenario, SizingRow, Verdict } from './sizing/report';
import { fmt } from './validation';

/*
 * Rows of account quotas that every block of a system draws on together, per Region: no block sees
 * the others' share, so the system (or the read-back of an app) sizes them once, over all blocks.
 */

/** The block kind of rows that belong to the system (or the account), not to one block. */
export const SYSTEM_BLOCK_KIND = 'System';

/** One ECS service on Fargate, at its maximum: what it draws from the account's Fargate vCPU quota. */
export interface FargateConsumer {
  /** The block's path. */
  readonly block: string;
  /** What runs within the block, for the reason: `''` (the block's own tasks), `service orders`, `workers`. */
  readonly name: string;
  /** Tasks at the service's maximum (max tasks, max workers). */
  readonly tasks: number;
  /** vCPUs of one task (task cpu units / 1,024). */
  readonly vcpu: number;
  /**
   * The Region the service deploys to.
   *
   * @default - the system's (or the check's) Region
   */
  readonly region?: string;
  /** The inputs its maximum and its task size took without the user giving them. */
  readonly assumed: AssumedInput[];
}

/** What the sizing read of a block's ECS services, when read back from synthesized output. */
export interface DeployedServiceTopology {
  readonly api?: ApiTopology;
  readonly gateway?: MicroserviceGatewayTopology;
  readonly queue?: WorkQueueTopology;
  /** Task cpu units of the Fargate workers read back (WorkQueue). */
  readonly workerTaskCpu?: number;
  /** The Region of the block's stack, when the output names it. */
  readonly region?: string;
}

/**
 * The assumed inputs of `plan` that are `props` (dotted, e.g. `scaling.maxTasks`) of the part at
 * `part` (`''` for the block itself, `services.orders` for a gateway service), whatever prefix the
 * block's props carry in a system (`api.`, `gateway.`).
 */
function assumedOf(plan: BlockPlanBase, part: string, props: string[]): AssumedInput[] {
  const names = props.map((p) => (part ? `${part}.${p}` : p));
  return (plan.assumed as AssumedInput[]).filter((a) => names.some((n) => a.prop === n || a.prop.endsWith(`.${n}`))
    && (part !== '' || !a.prop.includes('services.')));
}

const TASK_INPUTS = ['scaling.maxTasks', 'compute.cpu'];

/**
 * The Fargate services of one block at their maxima: a LoadBalancedApi on Fargate, each Fargate
 * service of a MicroserviceGateway, the Fargate workers of a WorkQueue. EC2-backed fleets and
 * Lambda workers draw on other quotas and are not listed. `deployed` gives what the synthesized
 * output holds (counts, worker task size) in place of the plan's.
 */
export function fargateConsumersOf(plan: BlockPlanBase, deployed: DeployedServiceTopology = {}): FargateConsumer[] {
  const region = deployed.region === undefined ? {} : { region: deployed.region };
  switch (plan.kind) {
    case BlockKind.LOAD_BALANCED_API: {
      const api = plan as LoadBalancedApiPlan;
      if (api.compute.kind !== ComputeKind.FARGATE) return [];
      const t = deployed.api ?? apiTopologyOf(api);
      return [{ block: api.path, name: '', tasks: t.maxTasks, vcpu: api.compute.cpu / 1024, assumed: assumedOf(api, '', TASK_INPUTS), ...region }];
    }
    case BlockKind.MICROSERVICE_GATEWAY: {
      const gw = plan as MicroserviceGatewayPlan;
      const t = deployed.gateway ?? microserviceGatewayTopologyOf(gw);
      return gw.services.filter((s) => s.compute.kind === ComputeKind.FARGATE).map((s) => ({
        block: gw.path,
        name: `service ${s.name}`,
        tasks: t.services.find((x) => x.name === s.name)?.fleet.maxTasks ?? s.scaling.maxTasks,
        vcpu: s.compute.cpu / 1024,
        assumed: assumedOf(gw, `services.${s.name}`, TASK_INPUTS),
        ...region,
      }));
    }
    case BlockKind.WORK_QUEUE: {
      const q = plan as WorkQueuePlan;
      const fargate = q.workers.fargate;
      if (q.workers.kind !== WorkerKind.FARGATE_SERVICE || !fargate) return [];
      const t = deployed.queue ?? workQueueTopologyOf(q);
      return [{
        block: q.path,
        name: 'workers',
        tasks: t.maxWorkers,
        vcpu: (deployed.workerTaskCpu ?? fargate.compute.cpu) / 1024,
        assumed: assumedOf(q, 'workers', ['maxWorkers', 'fargate.cpu']),
        ...region,
      }];
    }
    default:
      return [];
  }
}

/** The quota of Fargate On-Demand vCPUs, by its path in the catalog. */
export const FARGATE_VCPU_QUOTA = 'fargate.onDemandVcpuPerRegion';

/** The resource of the Fargate vCPU rows (one fix per Region: the quota to request). */
export const FARGATE_VCPU = 'Fargate vCPU';

/** What the system rows need besides the consumers. */
export interface AccountRowsContext extends catalog.QuotaContext {
  /** The row's block: the system's name (or the app's). */
  readonly block: string;
  /** A row WARNs above this share of its quota (the strictest of the blocks'). */
  readonly warnMargin: number;
}

/**
 * The Fargate On-Demand vCPU rows: one per Region, the vCPUs of every Fargate service there at its
 * maximum (tasks x task vCPU, summed) against the account's quota in that Region (the declared one,
 * else the catalog's default).
 *
 * Against the default (nothing declared) a sum above it WARNs, not FAILs: the default is the quota a
 * new account starts from and ECS raises with use, so the check cannot tell the account's figure;
 * the fix is the quota to request, then declare. Against a declared quota the row is a limit like
 * any other (FAIL above it). The fix is exact: declaring the quota it names PASSes, one vCPU less
 * does not. The sum does not depend on the declared load (counts at their maxima), so more load
 * never changes it.
 */
export function fargateVcpuRows(consumers: FargateConsumer[], context: AccountRowsContext): SizingRow[] {
  const rows: SizingRow[] = [];
  for (const [key, list] of byRegionOf(consumers.filter((c) => c.tasks > 0 && c.vcpu > 0), context)) {
    const region = key === '' ? undefined : key;
    // A declared quota applies in the system's Region only (the spec declares them for `region`).
    const quotas = region === context.region ? context.quotas : undefined;
    const ctx: catalog.QuotaContext = { ...(region !== undefined ? { region } : {}), ...(quotas ? { quotas } : {}) };
    const demand = list.reduce((sum, c) => sum + c.tasks * c.vcpu, 0);
    const reading = catalog.quotaFor(FARGATE_VCPU_QUOTA, ctx);
    const where = region ?? 'the Region';
    const request = smallestPassingQuota(demand, context.warnMargin);
    const fix = `request a Fargate On-Demand vCPU quota of at least ${fmt(request)} in ${where} (Service Quotas, AWS Fargate, `
      + `L-3032A538), then declare quotas.${FARGATE_VCPU_QUOTA}: ${fmt(request)}`;
    const assumed = uniqueAssumed(list.map((c) => c.assumed));
    const parts = list.map((c) => `${c.block}${c.name ? ` ${c.name}` : ''}: ${fmt(c.tasks)} tasks x ${fmt(c.vcpu)} vCPU`).join(' + ');
    const row = quotaRow({
      block: context.block,
      blockKind: SYSTEM_BLOCK_KIND,
      assumed,
      resource: FARGATE_VCPU,
      metric: 'vCPUs',
      what: 'the account\'s Fargate On-Demand vCPU quota, which every Fargate task of the account in the Region shares',
      fix,
      warnMargin: context.warnMargin,
    }, FARGATE_VCPU_QUOTA, demand, ctx);
    const reason = `every Fargate task at its maximum (${parts}) = ${row.reason}`;
    rows.push(!reading.declared && row.verdict === Verdict.FAIL
      ? { ...row, verdict: Verdict.WARN, reason: `${reason}; this is the default a new account starts from (ECS raises it with use): the check cannot see the account's figure` }
      : { ...row, reason });
  }
  return rows;
}

/** One Lambda consumer at its maximum concurrency: what it draws from the account's concurrency in its Region. */
export interface LambdaConsumer {
  /** The block's path. */
  readonly block: string;
  /** What runs, for the reason: `workers`. */
  readonly name: string;
  /** Concurrent executions at its maximum (the event source's maximum concurrency, or the reserved concurrency). */
  readonly concurrency: number;
  /**
   * The Region the function deploys to.
   *
   * @default - the system's (or the check's) Region
   */
  readonly region?: string;
  /** The inputs its maximum took without the user giving them. */
  readonly assumed: AssumedInput[];
}

/** The Lambda consumers of one block at their maxima: today a WorkQueue's Lambda workers. */
export function lambdaConsumersOf(plan: BlockPlanBase, deployed: DeployedServiceTopology = {}): LambdaConsumer[] {
  if (plan.kind !== BlockKind.WORK_QUEUE) return [];
  const q = plan as WorkQueuePlan;
  const t = deployed.queue ?? workQueueTopologyOf(q);
  if (t.workerKind !== WorkerKind.LAMBDA) return [];
  return [{
    block: q.path,
    name: 'workers',
    concurrency: t.maxWorkers,
    assumed: assumedOf(q, 'workers', ['maxWorkers']),
    ...(deployed.region === undefined ? {} : { region: deployed.region }),
  }];
}

/** The quota of concurrent Lambda executions, by its path in the catalog. */
export const LAMBDA_CONCURRENCY_QUOTA = 'lambda.concurrentExecutionsPerRegion';

/** The resource of the account's Lambda concurrency rows (one fix per Region: the quota to request). */
export const ACCOUNT_LAMBDA_CONCURRENCY = 'account Lambda concurrency';

/**
 * The account's Lambda concurrency rows: one per Region, the maximum concurrency of every Lambda
 * consumer there, summed, against the Region's concurrent executions quota less the executions
 * AWS keeps unreserved for the account's other functions (100). A Region without a figure is said
 * so (WARN). The fix is the quota to request and declare, exact: declaring it PASSes, one less does
 * not. The sum does not depend on the declared load.
 */
export function lambdaConcurrencyRows(consumers: LambdaConsumer[], context: AccountRowsContext): SizingRow[] {
  const unreserved = catalog.QUOTAS.lambda.unreservedConcurrencyMin.value;
  const rows: SizingRow[] = [];
  for (const [key, list] of byRegionOf(consumers.filter((c) => c.concurrency > 0), context)) {
    const region = key === '' ? undefined : key;
    const quotas = region === context.region ? context.quotas : undefined;
    const ctx: catalog.QuotaContext = { ...(region !== undefined ? { region } : {}), ...(quotas ? { quotas } : {}) };
    const reading = catalog.quotaFor(LAMBDA_CONCURRENCY_QUOTA, ctx);
    const demand = list.reduce((sum, c) => sum + c.concurrency, 0);
    const where = region ?? 'the Region';
    const request = smallestPassingQuota(demand, context.warnMargin) + unreserved;
    const parts = list.map((c) => `${c.block} ${c.name}: ${fmt(c.concurrency)}`).join(' + ');
    const sources = [reading.source, 'catalog.QUOTAS.lambda.unreservedConcurrencyMin'];
    const base = {
      block: context.block,
      blockKind: SYSTEM_BLOCK_KIND,
      resource: ACCOUNT_LAMBDA_CONCURRENCY,
      metric: 'concurrent executions',
      assumed: uniqueAssumed(list.map((c) => c.assumed)),
      sources,
    };
    if (reading.value === undefined) {
      rows.push(checkRule(base, Verdict.WARN, `every Lambda consumer at its maximum concurrency (${parts}) = ${fmt(demand)}: ${reading.basis}`,
        `declare quotas.${LAMBDA_CONCURRENCY_QUOTA} (the account's quota in ${where})`));
      continue;
    }
    const quota = reading.value;
    const usable = Math.max(0, quota - unreserved);
    const fix = `request a Lambda concurrent executions quota of at least ${fmt(request)} in ${where} (Service Quotas, AWS Lambda, L-B99A9384), `
      + `then declare quotas.${LAMBDA_CONCURRENCY_QUOTA}: ${fmt(request)}`;
    rows.push(capacityRow(base, Scenario.LIMIT, demand, usable, 1, context.warnMargin, (v, u) => 'every Lambda consumer at its maximum '
      + `concurrency (${parts}) = ${fmt(demand)} against ${fmt(usable)} usable (${fmtPercent(u)}): the concurrency quota of ${fmt(quota)} `
      + `(${reading.basis}) less the ${fmt(unreserved)} executions that stay unreserved for the account's other functions`
      + (v === Verdict.FAIL ? ': over the limit' : v === Verdict.WARN ? ': close to the limit' : ''), fix));
  }
  return rows;
}

function uniqueAssumed(lists: AssumedInput[][]): AssumedInput[] {
  const seen = new Set<string>();
  return lists.flat().filter((a) => (seen.has(a.prop) ? false : (seen.add(a.prop), true)));
}

function byRegionOf<T extends { readonly region?: string }>(items: T[], context: catalog.QuotaContext): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const c of items) {
    const key = c.region ?? context.region ?? '';
    out.set(key, [...(out.get(key) ?? []), c]);
  }
  return out;
}

/** One ECS service at its maximum desired count (a fleet on Fargate or EC2, gateway services, Fargate workers). */
export interface EcsService {
  /** The block's path. */
  readonly block: string;
  /** The block's kind. */
  readonly blockKind: string;
  /** The service's name within the block: `''` for the block's own service, the name of a gateway service. */
  readonly name: string;
  /** Tasks at the service's maximum (max tasks, max workers). */
  readonly maxTasks: number;
  /** What sets the maximum, for the fix: `scaling.maxTasks`, `workers.maxWorkers`. */
  readonly maxProp: string;
  /** The inputs its maximum took without the user giving them. */
  readonly assumed: AssumedInput[];
}

/** The ECS services of one block, each at its maximum. */
export function ecsServicesOf(plan: BlockPlanBase, deployed: DeployedServiceTopology = {}): EcsService[] {
  switch (plan.kind) {
    case BlockKind.LOAD_BALANCED_API: {
      const api = plan as LoadBalancedApiPlan;
      const t = deployed.api ?? apiTopologyOf(api);
      return [{ block: api.path, blockKind: api.kind, name: '', maxTasks: t.maxTasks, maxProp: 'scaling.maxTasks', assumed: assumedOf(api, '', ['scaling.maxTasks']) }];
    }
    case BlockKind.MICROSERVICE_GATEWAY: {
      const gw = plan as MicroserviceGatewayPlan;
      const t = deployed.gateway ?? microserviceGatewayTopologyOf(gw);
      return gw.services.map((s) => ({
        block: gw.path,
        blockKind: gw.kind,
        name: s.name,
        maxTasks: t.services.find((x) => x.name === s.name)?.fleet.maxTasks ?? s.scaling.maxTasks,
        maxProp: `services.${s.name}.scaling.maxTasks`,
        assumed: assumedOf(gw, `services.${s.name}`, ['scaling.maxTasks']),
      }));
    }
    case BlockKind.WORK_QUEUE: {
      const q = plan as WorkQueuePlan;
      const t = deployed.queue ?? workQueueTopologyOf(q);
      if (t.workerKind !== WorkerKind.FARGATE_SERVICE) return [];
      return [{ block: q.path, blockKind: q.kind, name: '', maxTasks: t.maxWorkers, maxProp: 'workers.maxWorkers', assumed: assumedOf(q, 'workers', ['maxWorkers']) }];
    }
    default:
      return [];
  }
}

/** The quota of tasks per ECS service, by its path in the catalog. */
export const TASKS_PER_SERVICE_QUOTA = 'ecs.tasksPerService';

/** The resource of a tasks-per-service row: `ECS tasks per service`, or `<service>: ECS tasks per service` in a gateway. */
export function tasksPerServiceResource(service: string): string {
  return service ? `${service}: ECS tasks per service` : 'ECS tasks per service';
}

/**
 * One row per ECS service: its maximum desired count against the tasks-per-service quota (the
 * declared one in the system's Region, else the default), a row of the service's own block. The
 * fix names both ways out: the quota to request and declare (exact: declaring it PASSes, one less
 * does not), or the lower maximum that fits the quota read. The count does not depend on the load.
 */
export function tasksPerServiceRows(services: EcsService[], context: catalog.QuotaContext, warnMargin: (block: string) => number): SizingRow[] {
  return services.filter((s) => s.maxTasks > 0).map((s) => {
    const margin = warnMargin(s.block);
    const reading = catalog.quotaFor(TASKS_PER_SERVICE_QUOTA, context);
    const request = smallestPassingQuota(s.maxTasks, margin);
    const fits = reading.value === undefined ? undefined : Math.floor(reading.value * margin);
    const fix = `request an ECS tasks-per-service quota of at least ${fmt(request)} in ${context.region ?? 'the Region'} and declare `
      + `quotas.${TASKS_PER_SERVICE_QUOTA}: ${fmt(request)}${fits !== undefined && fits >= 1 ? `, or set ${s.maxProp} <= ${fmt(fits)}` : ''}`;
    return quotaRow({
      block: s.block,
      blockKind: s.blockKind,
      assumed: s.assumed,
      resource: tasksPerServiceResource(s.name),
      metric: 'tasks',
      what: `the ECS tasks-per-service quota (${s.maxProp} is the service's maximum desired count)`,
      fix,
      warnMargin: margin,
    }, TASKS_PER_SERVICE_QUOTA, s.maxTasks, context);
  });
}

/** The in-flight message quota of a queue type, by its path in the catalog. */
export function inFlightQuotaPath(queueType: QueueType): string {
  return queueType === QueueType.FIFO ? 'sqs.inFlightMessagesFifo' : 'sqs.inFlightMessagesStandard';
}

/** The resource of the in-flight messages row of a WorkQueue. */
export const IN_FLIGHT_MESSAGES = 'in-flight messages';

/**
 * A WorkQueue's in-flight messages at its maximum: every worker holding what it received and has
 * not deleted yet (max workers x batch size: a Lambda execution holds its whole batch, a Fargate
 * worker one job), against the queue's in-flight quota (standard or FIFO; the declared one in the
 * system's Region, else the default). The fix is exact on the quota to request (declaring it
 * PASSes, one less does not) and also names the batch size or worker count that fits. Max
 * workers and the batch size do not depend on the declared load.
 */
export function inFlightMessagesRows(plan: BlockPlanBase, deployed: DeployedServiceTopology, context: catalog.QuotaContext): SizingRow[] {
  if (plan.kind !== BlockKind.WORK_QUEUE) return [];
  const q = plan as WorkQueuePlan;
  const t = deployed.queue ?? workQueueTopologyOf(q);
  const lambda = t.workerKind === WorkerKind.LAMBDA;
  const demand = t.maxWorkers * t.batchSize;
  if (demand <= 0) return [];
  const path = inFlightQuotaPath(t.queueType);
  const margin = q.sizing.warnMargin;
  const reading = catalog.quotaFor(path, context);
  const request = smallestPassingQuota(demand, margin);
  const fitting = reading.value === undefined ? 0 : Math.floor(reading.value * margin);
  const instead = !lambda ? `set workers.maxWorkers <= ${fmt(fitting)}`
    : Math.floor(fitting / t.maxWorkers) >= 1 ? `set workers.lambda.batchSize <= ${fmt(Math.floor(fitting / t.maxWorkers))}`
      : `set workers.maxWorkers <= ${fmt(Math.floor(fitting / t.batchSize))}`;
  const fix = `request an in-flight limit of at least ${fmt(request)} messages for the queue (AWS Support) and declare quotas.${path}: ${fmt(request)}`
    + (fitting >= 1 ? `, or ${instead}` : '');
  const holding = lambda ? `${fmt(t.maxWorkers)} concurrent executions x a batch of ${fmt(t.batchSize)}` : `${fmt(t.maxWorkers)} workers x 1 job`;
  const row = quotaRow({
    block: q.path,
    blockKind: q.kind,
    assumed: assumedOf(q, 'workers', ['maxWorkers', 'lambda.batchSize']),
    resource: IN_FLIGHT_MESSAGES,
    metric: 'messages',
    what: `the ${t.queueType === QueueType.FIFO ? 'FIFO' : 'standard'} queue's in-flight limit`,
    fix,
    warnMargin: margin,
  }, path, demand, context);
  return [{ ...row, reason: `every worker holding what it received (${holding}) = ${row.reason}` }];
}

/** One RDS Proxy of a block: what it draws from the account's proxies in its Region. */
export interface ProxyConsumer {
  /** The block's path. */
  readonly block: string;
  /** The proxy's name (DBProxyName). */
  readonly name: string;
  /**
   * The Region the proxy deploys to (a GEOGRAPHIC shard's own Region).
   *
   * @default - the system's (or the check's) Region
   */
  readonly region?: string;
}

/**
 * The RDS Proxies of one block's plan: a ReplicatedDatabase's, each shard's of a ShardedDatabase
 * (in the shard's Region), each service database's of a MicroserviceGateway.
 */
export function proxyConsumersOf(plan: BlockPlanBase, deployed: DeployedServiceTopology = {}): ProxyConsumer[] {
  const region = deployed.region === undefined ? {} : { region: deployed.region };
  const of = (db: ReplicatedDatabasePlan | undefined, shardRegion?: string): ProxyConsumer[] => (db?.proxy
    ? [{ block: plan.path, name: db.proxy.name, ...(shardRegion !== undefined ? { region: shardRegion } : region) }] : []);
  switch (plan.kind) {
    case BlockKind.REPLICATED_DATABASE:
      return of(plan as ReplicatedDatabasePlan);
    case BlockKind.SHARDED_DATABASE:
      return (plan as ShardedDatabasePlan).shards.flatMap((s) => of(s.database, s.region));
    case BlockKind.MICROSERVICE_GATEWAY:
      return (plan as MicroserviceGatewayPlan).services.flatMap((s) => of(s.database));
    default:
      return [];
  }
}

/** The quota of RDS Proxies per account and Region, by its path in the catalog. */
export const PROXIES_PER_REGION_QUOTA = 'rds.proxiesPerRegion';

/** The resource of the proxies-per-Region rows (one fix per Region: the quota to request). */
export const RDS_PROXIES = 'RDS proxies';

/**
 * The account's RDS Proxy rows: one per Region, every proxy of the system there (a database's,
 * each shard's in the shard's own Region, each gateway service database's) against the account's
 * proxies quota in that Region (the declared one, else the default of 20). The fix is exact: the
 * quota it names, declared, PASSes; one less does not. The count does not depend on the load.
 */
export function proxyRows(consumers: ProxyConsumer[], context: AccountRowsContext): SizingRow[] {
  const rows: SizingRow[] = [];
  for (const [key, list] of byRegionOf(consumers, context)) {
    const region = key === '' ? undefined : key;
    // A declared quota applies in the system's Region only (the spec declares them for `region`).
    const quotas = region === context.region ? context.quotas : undefined;
    const ctx: catalog.QuotaContext = { ...(region !== undefined ? { region } : {}), ...(quotas ? { quotas } : {}) };
    const where = region ?? 'the Region';
    const request = smallestPassingQuota(list.length, context.warnMargin);
    const row = quotaRow({
      block: context.block,
      blockKind: SYSTEM_BLOCK_KIND,
      assumed: [],
      resource: RDS_PROXIES,
      metric: 'proxies',
      what: `the account's RDS Proxy quota in ${where} (proxies per account and Region, shared by every proxy of the account there)`,
      fix: `request an RDS proxies quota of at least ${fmt(request)} in ${where} (Service Quotas, Amazon RDS: proxies), `
        + `then declare quotas.${PROXIES_PER_REGION_QUOTA}: ${fmt(request).replace(/,/g, '')}; or turn off a proxy`,
      warnMargin: context.warnMargin,
    }, PROXIES_PER_REGION_QUOTA, list.length, ctx);
    const parts = list.map((c) => `${c.block}: ${c.name}`).join(', ');
    rows.push({ ...row, reason: `every RDS Proxy of the system in ${where} (${parts}) = ${row.reason}` });
  }
  return rows;
}

/** A block of the system with what the synthesized output says of its services (when read back). */
export interface AccountBlock {
  readonly plan: BlockPlanBase;
  readonly deployed?: DeployedServiceTopology;
}

/**
 * The rows of the account quotas the blocks share (the Fargate On-Demand vCPUs, the Lambda
 * concurrency and the RDS proxies, per Region), named after `block` (the system's or app's name), with the strictest WARN margin of
 * the blocks that draw on them.
 */
export function accountQuotaRows(block: string, blocks: AccountBlock[], context: catalog.QuotaContext = {}): SizingRow[] {
  const rowsOf = <C>(consumersOf: (plan: BlockPlanBase, deployed?: DeployedServiceTopology) => C[],
    rows: (consumers: C[], ctx: AccountRowsContext) => SizingRow[]): SizingRow[] => {
    const drawing = blocks.map((b) => ({ b, consumers: consumersOf(b.plan, b.deployed) })).filter((x) => x.consumers.length > 0);
    if (drawing.length === 0) return [];
    const warnMargin = Math.min(...drawing.map((x) => x.b.plan.sizing.warnMargin));
    return rows(drawing.flatMap((x) => x.consumers), { ...context, block, warnMargin });
  };
  const margins = new Map(blocks.map((b) => [b.plan.path, b.plan.sizing.warnMargin]));
  const services = blocks.flatMap((b) => ecsServicesOf(b.plan, b.deployed).map((s) => ({ s, region: b.deployed?.region })));
  const tasks = services.flatMap(({ s, region }) => tasksPerServiceRows([s], region === undefined || region === context.region ? context
    : { region }, (path) => margins.get(path)!));
  const inFlight = blocks.flatMap((b) => inFlightMessagesRows(b.plan, b.deployed ?? {},
    b.deployed?.region === undefined || b.deployed.region === context.region ? context : { region: b.deployed.region }));
  return [...tasks, ...inFlight, ...rowsOf(fargateConsumersOf, fargateVcpuRows), ...rowsOf(lambdaConsumersOf, lambdaConcurrencyRows),
    ...rowsOf(proxyConsumersOf, proxyRows)];
}
