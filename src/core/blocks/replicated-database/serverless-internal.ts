import { ReplicatedDatabasePlan } from './plan';
import { DatabaseServerlessV2Plan, DEFAULT_SERVERLESS_V2_MAX_ACU, SERVERLESS_V2_INSTANCE_CLASS } from './serverless';
import * as catalog from '../../catalog';
import { smallestPassing } from '../../sizing/capacity';
import { Scenario, SizingRow, Verdict } from '../../sizing/report';
import { fmt } from '../../validation';

// ReplicatedDatabase, Aurora Serverless v2: what resolve.ts and sizing.ts share and the public API
// does not see: an instance at its maximum ACUs as an instance spec, its max_connections, and the
// "raise the maximum ACUs" fix.

/** A `db.serverless` instance sized at its maximum capacity, with the cluster's range. */
export interface ServerlessV2InstanceSpec extends catalog.InstanceSpec {
  readonly serverlessV2: { readonly minAcu: number; readonly maxAcu: number };
}

/** Whether a spec is a Serverless v2 instance's (from {@link serverlessV2Spec}). */
export function isServerlessV2Spec(spec: catalog.InstanceSpec): spec is ServerlessV2InstanceSpec {
  return (spec as Partial<ServerlessV2InstanceSpec>).serverlessV2 !== undefined;
}

/**
 * A `db.serverless` instance at `maxAcu`: the memory of its ACUs (catalog: about 2 GiB per ACU)
 * and the vCPU the catalog assumes per ACU (the memory-optimised ratio of db.r7g), so that its
 * reads and writes per vCPU are sized as those of the r7g class of the same memory.
 */
export function serverlessV2Spec(minAcu: number, maxAcu: number): ServerlessV2InstanceSpec {
  return {
    name: SERVERLESS_V2_INSTANCE_CLASS,
    family: 'serverless',
    size: `${fmt(minAcu)}-${fmt(maxAcu)} ACUs`,
    vcpu: maxAcu * catalog.ASSUMED.serverlessV2VcpuPerAcu.value,
    memoryGiB: maxAcu * catalog.QUOTAS.aurora.serverlessV2MemoryGiBPerAcu.value,
    burstable: false,
    source: catalog.SOURCES.auroraServerlessV2Capacity,
    serverlessV2: { minAcu, maxAcu },
  };
}

/** The instance spec of a class of the plan: the Serverless v2 one for `db.serverless`, else the catalog's. */
export function dbSpecOf(plan: { engineFamily: catalog.DbEngineFamily; serverlessV2?: DatabaseServerlessV2Plan },
  instanceClass: string): catalog.InstanceSpec | undefined {
  if (instanceClass === SERVERLESS_V2_INSTANCE_CLASS) {
    const s = plan.serverlessV2;
    return s ? serverlessV2Spec(s.minCapacityAcu, s.maxCapacityAcu) : undefined;
  }
  return catalog.dbInstance(instanceClass, plan.engineFamily);
}

/** The default max_connections of a spec: AWS's Serverless v2 table for a `db.serverless` one, else the class's. */
export function dbMaxConnections(engineFamily: catalog.DbEngineFamily, spec: catalog.InstanceSpec): catalog.MaxConnections | undefined {
  return isServerlessV2Spec(spec)
    ? catalog.serverlessV2MaxConnections(engineFamily, spec.serverlessV2.minAcu, spec.serverlessV2.maxAcu)
    : catalog.maxConnections(engineFamily, spec);
}

/** Maximum capacities in half-ACU units (k = 2 x ACUs), for searches over whole numbers. */
function acuOf(k: number): number {
  return k / 2;
}

/**
 * The default maximum capacity: the smallest, in 0.5 ACU steps from max(8, the minimum), whose
 * spec `carries` the load; the catalog's largest when none does (its rows then FAIL and say so).
 */
export function defaultServerlessV2MaxAcu(minAcu: number, carries: (spec: catalog.InstanceSpec) => boolean): { acu: number; reason: string } {
  const largest = catalog.QUOTAS.aurora.serverlessV2MaxAcu.value;
  const from = Math.max(DEFAULT_SERVERLESS_V2_MAX_ACU, minAcu);
  const k = smallestPassing(from * 2, (n) => n >= from * 2 && carries(serverlessV2Spec(minAcu, acuOf(n))), largest * 2);
  if (k === undefined) {
    return { acu: largest, reason: `no maximum up to ${fmt(largest)} ACUs carries the declared load: the largest is taken and the sizing says what to change` };
  }
  const acu = acuOf(k);
  return {
    acu,
    reason: acu === from
      ? `${fmt(from)} ACUs (${from === DEFAULT_SERVERLESS_V2_MAX_ACU ? 'the memory of db.r7g.large, the provisioned default' : 'the minimum'}) carry the declared load`
      : 'the smallest maximum (in 0.5 ACU steps) whose instances carry the declared load',
  };
}

/** The resources whose rows a larger maximum capacity improves. */
const ACU_RESOURCES = ['readers', 'writer (reads)', 'writer', 'writer connections', 'reader connections'];

function resourceOf(r: SizingRow): string {
  return r.fixResource ?? r.resource;
}

/**
 * Gives each resource whose rows a larger maximum capacity can make PASS one exact fix: the
 * smallest `serverlessV2.maxCapacityAcu` (in 0.5 ACU steps, at most the catalog's largest) at which
 * every counted row of that resource PASSes, found by sizing the plan again at each candidate
 * (`sizeAt`); kept beside a readers count fix, which remains another way. Rows that no maximum fixes
 * keep their fix, said in ACUs.
 *
 * @param counted which rows a fix must make PASS (an AZ_LOSS row on one AZ WARNs whatever the capacity)
 */
export function withServerlessV2Fixes(plan: ReplicatedDatabasePlan, rows: SizingRow[], azCount: number,
  sizeAt: (p: ReplicatedDatabasePlan) => SizingRow[]): SizingRow[] {
  const s = plan.serverlessV2;
  if (!s) return rows;
  const counted = (r: SizingRow): boolean => azCount > 1 || r.scenario !== Scenario.AZ_LOSS;
  const largest = catalog.QUOTAS.aurora.serverlessV2MaxAcu.value;
  const failing = [...new Set(rows.filter((r) => r.verdict !== Verdict.PASS && counted(r) && ACU_RESOURCES.includes(resourceOf(r))).map(resourceOf))];
  if (failing.length === 0) return rows;
  const cache = new Map<string, SizingRow[]>();
  const at = (minAcu: number, k: number): SizingRow[] => {
    const key = `${minAcu}/${k}`;
    let out = cache.get(key);
    if (!out) {
      out = sizeAt({ ...plan, serverlessV2: { ...s, minCapacityAcu: minAcu, maxCapacityAcu: acuOf(k) } });
      cache.set(key, out);
    }
    return out;
  };
  // Aurora PostgreSQL caps max_connections at 2,000 with a minimum of 0.5 ACU or less: the connections
  // rows may need the minimum raised to 1 (the next step that lifts the cap) with the maximum.
  const capped = plan.engineFamily === catalog.DbEngineFamily.AURORA_POSTGRESQL && s.minCapacityAcu <= 0.5;
  const fixes = new Map<string, string>();
  for (const resource of failing) {
    const passes = (minAcu: number, from: number) => (k: number): boolean => k >= from
      && at(minAcu, k).filter((r) => resourceOf(r) === resource && counted(r)).every((r) => r.verdict === Verdict.PASS);
    const from = Math.floor(s.maxCapacityAcu * 2) + 1;
    const k = from <= largest * 2 ? smallestPassing(from, passes(s.minCapacityAcu, from), largest * 2) : undefined;
    if (k !== undefined) {
      fixes.set(resource, `raise serverlessV2.maxCapacityAcu to ${fmt(acuOf(k))} (has ${fmt(s.maxCapacityAcu)}): the smallest maximum at which it passes`);
      continue;
    }
    const fromAt1 = Math.max(2, Math.ceil(s.maxCapacityAcu * 2));
    const k1 = capped && /connections/.test(resource) ? smallestPassing(fromAt1, passes(1, fromAt1), largest * 2) : undefined;
    fixes.set(resource, k1 === undefined ? ''
      : `raise serverlessV2.minCapacityAcu to 1 (Aurora PostgreSQL caps max_connections at ${fmt(catalog.SERVERLESS_V2_POSTGRES_HALF_ACU_CAP)} with a minimum of 0.5 ACU or less)`
        + (acuOf(k1) > s.maxCapacityAcu ? ` and serverlessV2.maxCapacityAcu to ${fmt(acuOf(k1))} (has ${fmt(s.maxCapacityAcu)})` : '')
        + ': the smallest capacity at which it passes');
  }
  return rows.map((r) => {
    if (r.verdict === Verdict.PASS || !counted(r)) return r;
    const fix = fixes.get(resourceOf(r));
    if (fix === undefined) return r;
    const count = r.fix !== undefined && /^(needs|add) >= \d[\d,]* readers/.test(r.fix) && !/above the replica quota/.test(r.fix);
    if (fix === '') {
      if (count) return r;
      const none = `not even ${fmt(largest)} ACUs (the largest maximum)`;
      return {
        ...r,
        fix: /connections/.test(resourceOf(r)) && r.fix !== undefined
          ? r.fix.replace(/no size of the serverless family admits them/, `${none} admit them`)
          : `${none} carry it: shard the data (ShardedDatabase)`,
      };
    }
    return { ...r, fix: count ? `${fix}; or ${r.fix}` : fix };
  });
}
