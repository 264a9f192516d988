import { fmt } from '../validation';
import { AssumedInput, Scenario, SizingPolicy, SizingRow, Verdict } from './report';

export type { SizingPolicy };

/**
 * The sizing engine shared by every block: one demand against units of capacity, in normal
 * operation (at the target utilisation) and with the AZ holding the most units lost (at the
 * maximum utilisation). Pure functions; the fixes they return are exact by construction and
 * proven so by property tests.
 *
 * Methods: static stability with AZ loss (AWS Well-Architected REL11-BP05; Amazon Builders'
 * Library, "Static stability using Availability Zones"); Erlang C for M/M/c queueing delay
 * (Harchol-Balter, "Performance Modeling and Design of Computer Systems", ch. 14).
 */


/** Names and labels shared by every row of one check. */
export interface RowContext {
  readonly block: string;
  readonly blockKind: string;
  readonly resource: string;
  readonly metric: string;
  readonly assumed: AssumedInput[];
  readonly sources: string[];
}

/** One fleet of identical units that share a demand. */
export interface FleetInput extends RowContext {
  /** Demand in `metric` (e.g. requests/s). */
  readonly demand: number;
  /** Capacity of one unit in `metric`. */
  readonly perUnit: number;
  /** Units running at peak. */
  readonly units: number;
  /** How many AZs the fleet spreads over (the placement of n units is `placeUnits(n, azCount)`). */
  readonly azCount: number;
  /**
   * Real placement of `units` per AZ, when known (read from a synthesized template).
   *
   * @default - round robin over `azCount` AZs
   */
  readonly placement?: number[];
  /** How one unit reads in a fix, plural: e.g. `tasks of 1 vCPU / 2 GiB`. */
  readonly unitNoun: string;
  readonly policy: SizingPolicy;
  /** A hard cap on the count (service limit or max tasks): a fix above it says what to do instead. */
  readonly maxUnits?: { readonly value: number; readonly what: string; readonly instead: string };
  /**
   * Verdicts only: skip the fix search (a caller evaluating candidate counts needs the verdicts).
   *
   * @default false
   */
  readonly verdictsOnly?: boolean;
}

const EPS = 1e-9;

/** Units per AZ when n units are spread round robin over `azCount` AZs. */
export function placeUnits(n: number, azCount: number): number[] {
  const az = Math.max(1, azCount);
  return Array.from({ length: az }, (_, i) => Math.floor(n / az) + (i < n % az ? 1 : 0));
}

/** Units left when the AZ holding the most units is lost. */
export function survivors(placement: number[]): number {
  const total = placement.reduce((a, b) => a + b, 0);
  return placement.length <= 1 ? 0 : total - Math.max(...placement);
}

/** PASS, WARN or FAIL for a utilisation under a bound. */
export function verdictFor(utilization: number, bound: number, warnMargin: number): Verdict {
  if (!(utilization <= bound * (1 + EPS))) return Verdict.FAIL;
  if (utilization > bound * warnMargin * (1 + EPS)) return Verdict.WARN;
  return Verdict.PASS;
}

/** Demand over capacity: 0 without demand, infinite without capacity. */
export function utilizationOf(demand: number, capacity: number): number {
  if (demand <= 0) return 0;
  return capacity > 0 ? demand / capacity : Number.POSITIVE_INFINITY;
}

/** True when `demand` on `capacity` PASSes under `bound`. */
function passes(demand: number, capacity: number, bound: number, warnMargin: number): boolean {
  return verdictFor(utilizationOf(demand, capacity), bound, warnMargin) === Verdict.PASS;
}

/**
 * Smallest n >= 1 with `ok(n)`, for an `ok` that is monotone in n (false below the answer,
 * true from it on). `from` is a guess: the search gallops from it, down or up, then bisects,
 * so it takes O(log n) calls wherever the guess lands. Undefined when even `limit` fails.
 */
export function smallestPassing(from: number, ok: (n: number) => boolean, limit = 1e12): number | undefined {
  const start = Number.isFinite(from) ? Math.min(limit, Math.max(1, Math.floor(from))) : 1;
  let lo: number; // fails (or 0, which is never asked)
  let hi: number; // passes
  if (ok(start)) {
    hi = start;
    let step = 1;
    while (hi - step >= 1 && ok(hi - step)) {
      hi -= step;
      step *= 2;
    }
    lo = Math.max(0, hi - step);
  } else {
    lo = start;
    let step = 1;
    for (;;) {
      const next = Math.min(limit, lo + step);
      if (ok(next)) {
        hi = next;
        break;
      }
      if (next >= limit) return undefined;
      lo = next;
      step *= 2;
    }
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) hi = mid; else lo = mid;
  }
  return hi;
}

/** Units needed for the NORMAL row to PASS. */
export function unitsNeededNormal(demand: number, perUnit: number, policy: SizingPolicy): number | undefined {
  if (demand <= 0) return 1;
  if (perUnit <= 0) return undefined;
  return smallestPassing(demand / (perUnit * policy.targetUtilization * policy.warnMargin),
    (n) => passes(demand, perUnit * n, policy.targetUtilization, policy.warnMargin));
}

/** Units needed, spread round robin over `azCount` AZs, for the AZ_LOSS row to PASS. */
export function unitsNeededAzLoss(demand: number, perUnit: number, azCount: number, policy: SizingPolicy): number | undefined {
  if (azCount <= 1 || perUnit <= 0) return undefined;
  if (demand <= 0) return azCount;
  const base = demand / (perUnit * policy.maxUtilization * policy.warnMargin);
  return smallestPassing(base * azCount / (azCount - 1),
    (n) => passes(demand, perUnit * survivors(placeUnits(n, azCount)), policy.maxUtilization, policy.warnMargin));
}

/**
 * One row of `demand` against `capacity` under `bound`: its utilisation, verdict (PASS, or WARN
 * within `warnMargin` of the bound, or FAIL), the reason built from both, and `fix` unless it
 * PASSes. The building block of checkFleet and checkLimit, for blocks whose rows are not a fleet.
 */
export function capacityRow(ctx: RowContext, scenario: Scenario, demand: number, capacity: number, bound: number, warnMargin: number,
  reason: (v: Verdict, u: number) => string, fix?: string): SizingRow {
  const utilization = utilizationOf(demand, capacity);
  const verdict = verdictFor(utilization, bound, warnMargin);
  return {
    block: ctx.block,
    blockKind: ctx.blockKind,
    resource: ctx.resource,
    metric: ctx.metric,
    scenario,
    demand,
    capacity,
    utilization: Number.isFinite(utilization) ? utilization : Number.MAX_VALUE,
    bound,
    verdict,
    reason: reason(verdict, utilization),
    fix: verdict === Verdict.PASS ? undefined : fix,
    assumed: ctx.assumed,
    sources: ctx.sources,
  };
}

/** A utilisation as a percentage for reasons, e.g. `72.5 %`; `unbounded` when infinite. */
export function fmtPercent(u: number): string {
  return Number.isFinite(u) ? `${fmt(Math.round(u * 1000) / 10)} %` : 'unbounded';
}

function countFix(f: FleetInput, needed: number | undefined): string {
  if (needed === undefined) {
    return f.maxUnits
      ? `no count of ${f.unitNoun} carries this load; ${f.maxUnits.instead}`
      : `no count of ${f.unitNoun} carries this load`;
  }
  if (f.maxUnits && needed > f.maxUnits.value) {
    return `needs >= ${fmt(needed)} ${f.unitNoun}, above ${f.maxUnits.what} (${fmt(f.maxUnits.value)}); ${f.maxUnits.instead}`;
  }
  return `needs >= ${fmt(needed)} ${f.unitNoun}, has ${fmt(f.units)}`;
}

/**
 * The NORMAL and AZ_LOSS rows of one fleet, sharing one fix: the smallest count at which both
 * rows PASS, found by evaluating the same two rows over candidate counts (round robin placement).
 * With one AZ the AZ_LOSS row WARNs whatever the count: the block is a single point of failure,
 * which the check says rather than hides, and its fix is the AZ count (resource `AZs`).
 */
export function checkFleet(f: FleetInput): SizingRow[] {
  const rows = fleetRows(f);
  if (f.verdictsOnly || rows.every((r) => r.verdict === Verdict.PASS)) return rows;
  const many = (f.placement ?? placeUnits(f.units, f.azCount)).length > 1;
  const counted = (r: SizingRow): boolean => many || r.scenario === Scenario.NORMAL;
  const passesAt = (n: number): boolean => fleetRows({ ...f, units: n, placement: undefined }).filter(counted)
    .every((r) => r.verdict === Verdict.PASS);
  const needed = f.demand <= 0 ? 1 : f.perUnit <= 0 ? undefined
    : smallestPassing(Math.max(1, f.units), passesAt, FLEET_SEARCH_LIMIT);
  const fix = countFix(f, needed);
  return rows.map((r) => (r.verdict === Verdict.PASS || !counted(r) ? r : { ...r, fix }));
}

/** The largest count a fleet fix searches (beyond every service quota of a fleet). */
export const FLEET_SEARCH_LIMIT = 1e9;

/** The two rows of checkFleet, each with the fix of its own inequality. */
function fleetRows(f: FleetInput): SizingRow[] {
  const { policy } = f;
  const normalCapacity = f.perUnit * f.units;
  const rows: SizingRow[] = [
    capacityRow(f, Scenario.NORMAL, f.demand, normalCapacity, policy.targetUtilization, policy.warnMargin,
      (v, u) => `${fmt(f.demand)} ${f.metric} on ${fmt(f.units)} ${f.unitNoun} of ${fmt(f.perUnit)} each is ${fmtPercent(u)} busy`
        + (v === Verdict.FAIL ? `, above the ${fmtPercent(policy.targetUtilization)} target` : v === Verdict.WARN
          ? `, within 10 % of the ${fmtPercent(policy.targetUtilization)} target` : ` (target ${fmtPercent(policy.targetUtilization)})`),
      countFix(f, unitsNeededNormal(f.demand, f.perUnit, policy))),
  ];
  const placement = f.placement ?? placeUnits(f.units, f.azCount);
  if (placement.length <= 1) {
    rows.push({
      ...capacityRow(f, Scenario.AZ_LOSS, f.demand, 0, policy.maxUtilization, policy.warnMargin, () => ''),
      verdict: f.demand > 0 ? Verdict.WARN : Verdict.PASS,
      utilization: f.demand > 0 ? Number.MAX_VALUE : 0,
      reason: 'one AZ only: the AZ-loss check is skipped, and losing that AZ takes the block down',
      fix: f.demand > 0 ? 'spread over >= 2 AZs (3 recommended)' : undefined,
      fixResource: 'AZs',
    });
    return rows;
  }
  const left = survivors(placement);
  const lost = Math.max(...placement);
  rows.push(capacityRow(f, Scenario.AZ_LOSS, f.demand, f.perUnit * left, policy.maxUtilization, policy.warnMargin,
    (v, u) => `with the AZ of ${fmt(lost)} ${f.unitNoun} lost, ${fmt(left)} left are ${fmtPercent(u)} busy`
      + (v === Verdict.FAIL ? `, above the ${fmtPercent(policy.maxUtilization)} limit` : v === Verdict.WARN
        ? `, within 10 % of the ${fmtPercent(policy.maxUtilization)} limit` : ` (limit ${fmtPercent(policy.maxUtilization)})`),
    countFix(f, unitsNeededAzLoss(f.demand, f.perUnit, placement.length, policy))));
  return rows;
}

/** A demand against a hard limit (a service quota): FAIL above it, WARN above `warnMargin` of it. */
export function checkLimit(ctx: RowContext, demand: number, limit: number, warnMargin: number, fix: string, what: string): SizingRow {
  return capacityRow(ctx, Scenario.LIMIT, demand, limit, 1, warnMargin,
    (v, u) => `${fmt(demand)} ${ctx.metric} against ${what} of ${fmt(limit)} (${fmtPercent(u)})`
      + (v === Verdict.FAIL ? ': over the limit' : v === Verdict.WARN ? ': close to the limit' : ''), fix);
}

/** A row for something that is not a capacity: a rule the design breaks (FAIL) or relies on (WARN). */
export function checkRule(ctx: RowContext, verdict: Verdict, reason: string, fix?: string): SizingRow {
  return {
    block: ctx.block,
    blockKind: ctx.blockKind,
    resource: ctx.resource,
    metric: ctx.metric,
    scenario: Scenario.LIMIT,
    demand: 0,
    capacity: 0,
    utilization: 0,
    bound: 1,
    verdict,
    reason,
    fix: verdict === Verdict.PASS ? undefined : fix,
    assumed: ctx.assumed,
    sources: ctx.sources,
  };
}

/**
 * Erlang C: the probability that an arrival waits, for offered load `a` = lambda / mu on `c`
 * servers (M/M/c). 1 when a >= c (the queue grows without bound). Computed through the
 * Erlang B recursion, which is stable for thousands of servers.
 */
export function erlangC(c: number, a: number): number {
  if (c <= 0 || a >= c) return 1;
  if (a <= 0) return 0;
  let b = 1;
  for (let k = 1; k <= c; k++) {
    b = (a * b) / (k + a * b);
    // Past k = 2a + 10, B(k) only shrinks (each step multiplies it by less than a / k < 1/2): once
    // it is below 1e-18 the wait probability is below 1e-17, and the loop of a fleet with
    // thousands of concurrent requests per task stops early.
    if (b < 1e-18 && k > 2 * a + 10) return 0;
  }
  return (c * b) / (c - a * (1 - b));
}

/**
 * The p99 queueing delay in seconds of M/M/c: ln(100 C) / (c mu - lambda) when C > 0.01, else 0;
 * infinite when lambda >= c mu.
 */
export function p99WaitSeconds(lambda: number, mu: number, c: number): number {
  if (lambda <= 0) return 0;
  if (c * mu <= lambda) return Number.POSITIVE_INFINITY;
  const pWait = erlangC(c, lambda / mu);
  return pWait > 0.01 ? Math.log(100 * pWait) / (c * mu - lambda) : 0;
}

/** A fleet whose units each hold `serversPerUnit` parallel servers with a mean service time. */
export interface LatencyInput extends RowContext {
  /** Arrivals per second. */
  readonly arrivalRate: number;
  /** Mean service time of one request or job, in seconds. */
  readonly serviceSeconds: number;
  /** Parallel servers in one unit (e.g. a task's concurrency; 1 for a worker). */
  readonly serversPerUnit: number;
  /** Units running in this scenario. */
  readonly units: number;
  /** The declared p99 queueing-delay target, in seconds. */
  readonly targetSeconds: number;
  readonly unitNoun: string;
  readonly warnMargin: number;
  readonly scenario: Scenario;
  /** Units lost in this scenario (the worst AZ), so the fix is stated in deployed units. */
  readonly lostUnits?: (deployed: number) => number;
  /** Units deployed (what the fix compares with). */
  readonly deployedUnits: number;
  /**
   * Verdicts only: skip the fix search (a caller evaluating candidate counts needs the verdicts).
   *
   * @default false
   */
  readonly verdictsOnly?: boolean;
}

/** The Erlang C p99 queueing-delay row: demand is the p99 wait (ms), capacity the target (ms). */
export function checkLatency(l: LatencyInput): SizingRow {
  const mu = 1 / l.serviceSeconds;
  const waitFor = (running: number): number => p99WaitSeconds(l.arrivalRate, mu, Math.max(0, running) * l.serversPerUnit);
  const wait = waitFor(l.units);
  const ok = (deployed: number): boolean => {
    const running = deployed - (l.lostUnits ? l.lostUnits(deployed) : 0);
    return waitFor(running) <= l.targetSeconds * l.warnMargin * (1 + EPS);
  };
  const waitMs = Number.isFinite(wait) ? wait * 1000 : Number.MAX_VALUE;
  const targetMs = l.targetSeconds * 1000;
  const u = waitMs / targetMs;
  const verdict = verdictFor(u, 1, l.warnMargin);
  const needed = verdict === Verdict.PASS || l.verdictsOnly ? undefined : smallestPassing(l.deployedUnits, ok);
  return {
    block: l.block,
    blockKind: l.blockKind,
    resource: l.resource,
    metric: 'ms p99 queueing delay',
    scenario: l.scenario,
    demand: waitMs,
    capacity: targetMs,
    utilization: u,
    bound: 1,
    verdict,
    reason: Number.isFinite(wait)
      ? `M/M/c with ${fmt(l.units * l.serversPerUnit)} servers at ${fmt(l.arrivalRate)}/s: p99 wait ${fmt(waitMs)} ms, target ${fmt(targetMs)} ms`
      : `arrivals (${fmt(l.arrivalRate)}/s) reach the service rate of ${fmt(l.units * l.serversPerUnit)} servers: the queue grows without bound`,
    fix: verdict === Verdict.PASS ? undefined
      : needed === undefined ? `no count of ${l.unitNoun} meets the target` : `needs >= ${fmt(needed)} ${l.unitNoun}, has ${fmt(l.deployedUnits)}`,
    assumed: l.assumed,
    sources: l.sources,
  };
}

/** The highest CPU target that is statically stable on `azCount` AZs: u x A/(A-1) <= 0.9 u_max, rounded down to 0.05. */
export function staticallyStableCpuTarget(azCount: number, maxUtilization: number, warnMargin: number): number {
  const raw = (maxUtilization * warnMargin * (azCount - 1)) / azCount;
  return Math.max(0.1, Math.floor(raw * 20 + 1e-9) / 20);
}
