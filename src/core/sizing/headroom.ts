import { Headroom, HeadroomLimit, SizingRow, SystemChainPlan, Verdict } from './report';
import { BlockKind, BlockPlanBase } from '../blocks/common';
import type { GlobalCdnPlan } from '../blocks/global-cdn/plan';
import type { LoadBalancedApiPlan } from '../blocks/load-balanced-api/plan';
import type { MicroserviceGatewayPlan } from '../blocks/microservice-gateway/plan';
import type { ReplicatedDatabasePlan } from '../blocks/replicated-database/plan';
import type { ShardedDatabasePlan } from '../blocks/sharded-database/plan';
import type { TieredCachePlan } from '../blocks/tiered-cache/plan';
import type { WorkQueuePlan } from '../blocks/work-queue/plan';

/*
 * Headroom: the largest multiple of the declared load at which no row FAILs, found by search over
 * the same model (the rows of the report, recomputed with every declared rate scaled), and the
 * row that FAILs first beyond it.
 */

/** The largest multiple of the declared load the headroom search tries. */
export const HEADROOM_MAX_FACTOR = 1000;

/** The search works in hundredths of the declared load. */
const STEPS_PER_UNIT = 100;

/** A row's identity across load multiples: block, resource, scenario, metric and its rank among equals. */
function keysOf(rows: SizingRow[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((r) => {
    const k = `${r.block}|${r.resource}|${r.scenario}|${r.metric}`;
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    return `${k}#${n}`;
  });
}

/**
 * The headroom of a model: `rowsAt(f)` sizes it at f times its declared load. Rows that FAIL at
 * no load at all (a rule, a quota on a count, a scaling target that is not statically stable) do
 * not depend on load and are left out; for the others, which more load never improves, "no row
 * FAILs at f" holds up to a point: the search doubles from 1x until a row FAILs (at most
 * HEADROOM_MAX_FACTOR), then bisects to 0.01 (about 30 sizings in all).
 */
export function findHeadroom(rowsAt: (factor: number) => SizingRow[]): Headroom {
  const idle = rowsAt(0);
  const ignored = new Set(keysOf(idle).filter((_, i) => idle[i].verdict === Verdict.FAIL));
  const failing = (steps: number): SizingRow | undefined => {
    const rows = rowsAt(steps / STEPS_PER_UNIT);
    const keys = keysOf(rows);
    return rows.find((r, i) => r.verdict === Verdict.FAIL && !ignored.has(keys[i]));
  };
  const max = HEADROOM_MAX_FACTOR * STEPS_PER_UNIT;
  let ok = 0; // no load-dependent row FAILs (true at 0 by construction)
  let bad: number | undefined; // one does
  let probe = STEPS_PER_UNIT;
  while (probe <= max) {
    if (failing(probe)) {
      bad = probe;
      break;
    }
    ok = probe;
    if (probe === max) break;
    probe = Math.min(max, probe * 2);
  }
  if (bad === undefined) return { factor: HEADROOM_MAX_FACTOR };
  while (bad - ok > 1) {
    const mid = Math.floor((ok + bad) / 2);
    if (failing(mid)) bad = mid; else ok = mid;
  }
  const first = failing(bad)!;
  const firstToFail: HeadroomLimit = { block: first.block, resource: first.resource, scenario: first.scenario };
  return { factor: ok / STEPS_PER_UNIT, firstToFail };
}

/** Names of load fields of a plan type, checked by the compiler. */
const rates = <P extends { load: object }>(...keys: (keyof P['load'] & string)[]): readonly string[] => keys;

/**
 * The declared rates of each block kind's `load`: requests, reads, writes, operations, jobs, bursts
 * and bandwidth. What is not a rate stays: stored data (working set, storage), connections (set by
 * the fleets' sizes, not by the load), per-unit capacities, hit ratios and service times.
 */
const LOAD_RATES: { readonly [kind in BlockKind]?: readonly string[] } = {
  [BlockKind.LOAD_BALANCED_API]: rates<LoadBalancedApiPlan>('peakRequestsPerSecond'),
  [BlockKind.GLOBAL_CDN]: rates<GlobalCdnPlan>('peakRequestsPerSecond', 'peakGbps', 'originRequestsPerSecond'),
  [BlockKind.TIERED_CACHE]: rates<TieredCachePlan>('readsPerSecond', 'writesPerSecond', 'operationsPerSecond'),
  [BlockKind.REPLICATED_DATABASE]: rates<ReplicatedDatabasePlan>('readsPerSecond', 'writesPerSecond'),
  [BlockKind.SHARDED_DATABASE]: rates<ShardedDatabasePlan>('readsPerSecond', 'writesPerSecond'),
  [BlockKind.WORK_QUEUE]: rates<WorkQueuePlan>('jobsPerSecond', 'burstJobs'),
  [BlockKind.MICROSERVICE_GATEWAY]: rates<MicroserviceGatewayPlan>('peakRequestsPerSecond'),
};

/** The gateway services' own rates. */
const SERVICE_RATES = rates<MicroserviceGatewayPlan['services'][number]>('peakRequestsPerSecond');

/** A load with the named rates multiplied by `factor`. */
function scaleRates<L extends object>(load: L, keys: readonly string[], factor: number): L {
  const out = { ...load } as Record<string, unknown>;
  for (const k of keys) out[k] = (load as Record<string, number>)[k] * factor;
  return out as L;
}

/**
 * A plan with every declared rate of its load (LOAD_RATES) multiplied by `factor`; a gateway's
 * services and their databases too.
 */
export function scaleBlockLoad<T extends BlockPlanBase>(plan: T, factor: number): T {
  const keys = LOAD_RATES[plan.kind];
  if (keys === undefined) return plan;
  const scaled = { ...plan, load: scaleRates((plan as unknown as { load: object }).load, keys, factor) };
  if (plan.kind !== BlockKind.MICROSERVICE_GATEWAY) return scaled;
  const services = (plan as unknown as MicroserviceGatewayPlan).services.map((s) => ({
    ...s,
    load: scaleRates(s.load, SERVICE_RATES, factor),
    ...(s.database ? { database: scaleBlockLoad(s.database, factor) } : {}),
  }));
  return { ...scaled, services } as T;
}

/** The chain of a system with every rate multiplied by `factor` (connections stay: they follow the fleets' sizes). */
export function scaleChain(chain: SystemChainPlan, factor: number): SystemChainPlan {
  return {
    ...chain,
    edgeRequestsPerSecond: chain.edgeRequestsPerSecond * factor,
    originRequestsPerSecond: chain.originRequestsPerSecond * factor,
    readsPerSecond: chain.readsPerSecond * factor,
    writesPerSecond: chain.writesPerSecond * factor,
    databaseReadsPerSecond: chain.databaseReadsPerSecond * factor,
    extraDatabaseReadsOnCacheAzLoss: chain.extraDatabaseReadsOnCacheAzLoss * factor,
    jobsPerSecond: chain.jobsPerSecond * factor,
  };
}
