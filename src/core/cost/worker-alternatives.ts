import { distinctOrdered, fleetSizes, Kept, keptPlan, PricePart, priceDrafts } from './alternative-search';
import { CostOptions, fargateTaskDrafts } from './estimate';
import { BlockKind } from '../blocks/common';
import { CpuArchitecture } from '../blocks/load-balanced-api/options';
import { WorkerKind } from '../blocks/work-queue/options';
import { WorkQueuePlan } from '../blocks/work-queue/plan';
import { WORKERS } from '../blocks/work-queue/sizing';
import * as catalog from '../catalog';
import { smallestPassing } from '../sizing/capacity';
import { CostAlternative, SizingRow } from '../sizing/report';
import { SystemPlan, sizeSystemRows, SystemSpec } from '../system';
import { fmt } from '../validation';

/*
 * The cheapest passing designs of the queue's Fargate workers when their rows (workers in normal
 * operation and with an AZ lost, the burst drain, the job wait) do not PASS: more workers of this
 * size (the smallest maxWorkers, minWorkers held), or a bigger worker size with fewer, and Graviton
 * of each (the fleet sizes of `fleetSizes`, shared with the API's and gateway services' tasks).
 * The model gives a worker 1 / secondsPerJob jobs/s whatever its size, so a bigger worker helps
 * only if its jobs are shorter there: the bigger size scales secondsPerJob down with vCPU, and
 * says so as an assumption to measure (CPU-bound jobs only). Each design is applied, planned and
 * sized again and kept by the law of alternative-search.ts (`keeps`: Fargate workers hold database
 * connections and count against the account's Fargate vCPU quota). Priced as the estimate prices
 * workers: Fargate vCPU- and GB-hours at the minimum workers (minWorkers), so more workers of this
 * size cost what the workers cost today.
 * Not covered: Lambda workers (the catalog has no Lambda price key, and the model gives a Lambda
 * worker the same jobs/s whatever its memory), and right-sizing the workers (every worker row
 * counts maxWorkers while the estimate prices minWorkers, so a smaller maximum saves nothing on
 * the estimate's lines).
 */

/** The most workers an alternative searches (beyond ECS's tasks-per-service quota, so the rows say why). */
export const ALTERNATIVE_WORKERS_LIMIT = 10_000;

/** One candidate design of the workers. */
interface WorkerDesign {
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly architecture: CpuArchitecture;
  readonly why: string;
  readonly assumed: string[];
  /** The seconds per job scaled to this size, when the size differs. */
  readonly secondsPerJob?: number;
}

function applyWorkers(spec: SystemSpec, d: WorkerDesign, min: number, max: number): SystemSpec {
  const q = spec.queue ?? {};
  const w = q.workers ?? {};
  return {
    ...spec,
    queue: {
      ...q,
      workers: {
        ...w, minWorkers: min, maxWorkers: max, fargate: { ...w.fargate, cpu: d.cpu, memoryMiB: d.memoryMiB, architecture: d.architecture },
      },
      ...(d.secondsPerJob !== undefined ? { load: { ...q.load, secondsPerJob: d.secondsPerJob } } : {}),
    },
  };
}

function workerChanges(d: WorkerDesign, min: number, max: number): string[] {
  const out = [
    `queue.workers.fargate.cpu: ${d.cpu}`, `queue.workers.fargate.memoryMiB: ${d.memoryMiB}`, `queue.workers.fargate.architecture: ${d.architecture}`,
    `queue.workers.minWorkers: ${min}`, `queue.workers.maxWorkers: ${max}`,
  ];
  if (d.secondsPerJob !== undefined) out.push(`queue.load.secondsPerJob: ${d.secondsPerJob}`);
  return out;
}

function workerText(d: WorkerDesign, min: number, max: number): string {
  const size = `${fmt(d.cpu / 1024)} vCPU / ${fmt(d.memoryMiB / 1024)} GiB ${d.architecture}`;
  return min === max ? `${fmt(max)} workers of ${size}` : `${fmt(min)}-${fmt(max)} workers of ${size}`;
}

/** The workers' monthly cost as the estimate prices them: Fargate hours at the minimum workers. */
export function workerCost(q: WorkQueuePlan, region: string, options: CostOptions): PricePart {
  const c = q.workers.fargate!.compute;
  return priceDrafts(q.path, BlockKind.WORK_QUEUE, region, fargateTaskDrafts('workers', q.workers.minWorkers, c.cpu, c.memoryMiB,
    c.architecture === CpuArchitecture.ARM64 ? 'arm64' : 'x86_64'), options);
}

/** The designs the workers are searched over: the shared Fargate sizes, with the seconds per job scaled to a bigger size. */
function workerDesigns(q: WorkQueuePlan): WorkerDesign[] {
  const c = q.workers.fargate!.compute;
  const s = q.load.secondsPerJob;
  return fleetSizes(c.cpu, c.memoryMiB, c.architecture, 'workers').map((z): WorkerDesign => {
    if (z.scale === 1) return z;
    const secondsPerJob = Math.round((s / z.scale) * 1000) / 1000;
    return {
      ...z,
      secondsPerJob,
      assumed: [...z.assumed, `${fmt(s)} s per job scaled with vCPU (/ ${fmt(z.scale)}) to ${fmt(secondsPerJob)} s: only a CPU-bound job gets shorter on a bigger worker; measure it at this size`],
    };
  });
}

/** The alternatives of the queue's Fargate workers, cheapest first; none for Lambda workers. */
export function workerAlternatives(spec: SystemSpec, plan: SystemPlan, options: CostOptions = {}): CostAlternative[] {
  const q = plan.queue;
  if (!q || q.workers.kind !== WorkerKind.FARGATE_SERVICE || !q.workers.fargate) return [];
  if (!catalog.isValidFargate(q.workers.fargate.compute.cpu, q.workers.fargate.compute.memoryMiB)) return [];
  const before = sizeSystemRows(plan).rows;
  const own = (r: SizingRow): boolean => r.block === q.path && (r.fixResource ?? r.resource) === WORKERS;
  const min = q.workers.minWorkers;
  const found: CostAlternative[] = [];
  for (const d of workerDesigns(q)) {
    const at = (n: number): Kept | undefined => keptPlan(applyWorkers(spec, d, min, Math.max(n, min)), before, own);
    const n = smallestPassing(Math.max(1, min), (k) => at(k) !== undefined, ALTERNATIVE_WORKERS_LIMIT);
    const kept = n === undefined ? undefined : at(n);
    if (n === undefined || !kept?.plan.queue) continue;
    const max = Math.max(n, min);
    found.push({
      design: workerText(d, min, max),
      why: d.why,
      changes: workerChanges(d, min, max),
      assumed: [...d.assumed, ...kept.quotas],
      ...workerCost(kept.plan.queue, plan.region, options),
    });
  }
  return distinctOrdered(found);
}
