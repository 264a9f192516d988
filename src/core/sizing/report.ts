/**
 * An input the sizing used without the user giving it: the report lists each one, so a short
 * spec is never silently optimistic.
 */
export interface AssumedInput {
  /** Dotted prop path, e.g. `api.load.requestsPerSecondPerTask`. */
  readonly prop: string;
  /** The value used, rendered for people. */
  readonly value: string;
  /** Why this value: the default's rationale or its source. */
  readonly reason: string;
}

/** Utilisation bounds of the check. */
export interface SizingPolicy {
  /** Highest utilisation in normal operation (default 0.70). */
  readonly targetUtilization: number;
  /** Highest utilisation with the worst AZ lost (default 0.90). */
  readonly maxUtilization: number;
  /** A row WARNs above this share of its bound (default 0.90). */
  readonly warnMargin: number;
}

/** The verdict of one sizing row, and of the whole report (the worst row). */
export enum Verdict {
  /** Demand fits with margin, in normal operation and with the worst AZ lost. */
  PASS = 'PASS',
  /** Fits, but within 10 % of its bound, or relies on something the check cannot see. */
  WARN = 'WARN',
  /** Does not fit: deploying this would overload or break a limit. */
  FAIL = 'FAIL',
}

/** The situation a row is evaluated in. */
export enum Scenario {
  /** All units running, at the target utilisation. */
  NORMAL = 'NORMAL',
  /** The Availability Zone holding the most units is lost (static stability), at the maximum utilisation. */
  AZ_LOSS = 'AZ_LOSS',
  /** A service limit or a rule that does not depend on load. */
  LIMIT = 'LIMIT',
}

/** Where a value of synthesized output was read: a CloudFormation logical id or a Terraform address. */
export interface OutputLocation {
  /** `cloudformation` or `terraform`. */
  readonly backend: string;
  /** The template: CloudFormation template file, or `stacks/<name>/cdk.tf.json`. */
  readonly template: string;
  /** CloudFormation logical id, or Terraform address (`aws_ecs_task_definition.Api_TaskDefinition_09A15F65`). */
  readonly resource: string;
  /** The property read, dotted (`Properties.Cpu`, `cpu`). */
  readonly attribute: string;
}

/** A value the plan set that the synthesized output does not hold: what will deploy differs from the plan. */
export interface PlanDifference {
  /** The block's path, e.g. `api`. */
  readonly block: string;
  /** The block kind, e.g. `LoadBalancedApi`. */
  readonly blockKind: string;
  /** The plan field, dotted (e.g. `compute.cpu`, `scaling.maxTasks`). */
  readonly field: string;
  /** What the plan said, rendered for people. */
  readonly planned: string;
  /** What will deploy, rendered for people. */
  readonly deployed: string;
  /**
   * Where the deployed value was read.
   *
   * @default - the value is not one resource property (e.g. a count of resources)
   */
  readonly where?: OutputLocation[];
}

/** One checked resource: a demand against a capacity under a bound. */
export interface SizingRow {
  /** The block's path, e.g. `social-feed/api`. */
  readonly block: string;
  /** The block kind, e.g. `LoadBalancedApi`. */
  readonly blockKind: string;
  /** What is checked, e.g. `api tasks`, `cache memory`, `writer`. */
  readonly resource: string;
  /** The metric and its unit, e.g. `requests/s`, `GiB`, `connections`. */
  readonly metric: string;
  /** Normal operation, one AZ lost, or a limit. */
  readonly scenario: Scenario;
  /** The demand, in `metric`. */
  readonly demand: number;
  /** The capacity of the units that run in this scenario, in `metric` (before any utilisation bound). */
  readonly capacity: number;
  /** demand / capacity (0 when capacity is 0 and demand is 0). */
  readonly utilization: number;
  /** The highest utilisation allowed in this scenario (e.g. 0.70 normal, 0.90 AZ lost, 1.0 for limits). */
  readonly bound: number;
  /** PASS, WARN or FAIL. */
  readonly verdict: Verdict;
  /** Why, in one sentence a person can act on. */
  readonly reason: string;
  /**
   * The exact change that makes this row PASS, e.g. `needs >= 6 tasks of 1 vCPU / 2 GiB, has 4`.
   *
   * @default - no fix (the row passes, or no single change fixes it)
   */
  readonly fix?: string;
  /**
   * The resource whose one fix this row shows, when it is not `resource` itself: e.g. `api tasks`
   * for the `api latency` and targets rows of a LoadBalancedApi, which one task count decides.
   * Rows of a block that share it share one fix (listed once in the report's `fixes`).
   *
   * @default - `resource`
   */
  readonly fixResource?: string;
  /** The inputs this row used without the user giving them. */
  readonly assumed: AssumedInput[];
  /** The catalog entries (hardware, quotas, methods) this row read, by name. */
  readonly sources: string[];
  /**
   * Where the row's capacity was read in the synthesized output (task size, counts, classes,
   * node types, scaling bounds of its block).
   *
   * @default - sized from the plan, not from synthesized output
   */
  readonly readFrom?: OutputLocation[];
}

/** The load as the chain carries it from block to block, per second at peak. */
export interface SystemChainPlan {
  /** Client requests/s at the edge. */
  readonly edgeRequestsPerSecond: number;
  /** Requests/s that reach the API: edge x (1 - CDN hit ratio), or the edge when there is no CDN. */
  readonly originRequestsPerSecond: number;
  /** Reads/s the API makes of the cache (of the database when there is no cache). */
  readonly readsPerSecond: number;
  /** Writes/s to the database (or split over shards). */
  readonly writesPerSecond: number;
  /** Reads/s the cache lets through to the database in normal operation. */
  readonly databaseReadsPerSecond: number;
  /** Extra database reads/s when the worst AZ is lost and a cache shard without replica goes with it. */
  readonly extraDatabaseReadsOnCacheAzLoss: number;
  /** Database connections: every client of the database at its maximum x its pool (API tasks and workers, listed in the database load's clients). */
  readonly databaseConnections: number;
  /** Jobs/s to the queue. */
  readonly jobsPerSecond: number;
}

/**
 * The one fix of a resource: the smallest change that makes every row of the resource PASS
 * (normal, AZ lost, latency, limits), found by evaluating the same rows over candidate values.
 * Applying it passes them all; one unit less leaves at least one short of PASS.
 */
export interface ResourceFix {
  /** The block's path, e.g. `social/api`. */
  readonly block: string;
  /** The resource the fix changes, e.g. `api tasks` (its rows may name other resources, e.g. `api latency`). */
  readonly resource: string;
  /** The change, e.g. `needs >= 38 tasks of 1 vCPU / 2 GiB, has 20`: the same text every row of the resource shows. */
  readonly fix: string;
  /** The rows the fix makes PASS that do not today, each as `resource (scenario)`, e.g. `api tasks (AZ_LOSS)`. */
  readonly rows: string[];
  /**
   * The passing designs of the resource, each applied to the spec, planned and sized again, priced
   * cheapest first; the ones without a price after them.
   *
   * @default - none searched for this kind of resource (or a report written before schema 1.5.0)
   */
  readonly alternatives?: CostAlternative[];
}

/** A design of a resource that makes every row of it PASS, with what it costs a month. */
export interface CostAlternative {
  /** The design, e.g. `12 tasks of 2 vCPU / 4 GiB ARM64`. */
  readonly design: string;
  /** Which lever it pulls, e.g. `the next task size up, fewer tasks, Graviton`. */
  readonly why: string;
  /** The spec changes that apply it, as `path: value`. */
  readonly changes: string[];
  /** Assumptions the design adds to the model (e.g. an image built for arm64). */
  readonly assumed: string[];
  /** True when every line of the resource's cost has a price. */
  readonly priced: boolean;
  /**
   * The resource's fixed monthly cost, in cents.
   *
   * @default - not priced
   */
  readonly fixedCents?: number;
  /**
   * The resource's load-driven monthly cost, in cents.
   *
   * @default - not priced
   */
  readonly loadCents?: number;
  /**
   * fixedCents + loadCents.
   *
   * @default - not priced
   */
  readonly monthlyCents?: number;
  /**
   * `monthlyCents` in USD.
   *
   * @default - not priced
   */
  readonly monthlyUsd?: string;
  /**
   * Why there is no price.
   *
   * @default - priced
   */
  readonly noPrice?: string;
}

/** A resource far below its bound, and the smallest design of it that still passes. */
export interface RightSizing {
  /** The block's path. */
  readonly block: string;
  /** The resource, e.g. `api tasks`. */
  readonly resource: string;
  /** The design today. */
  readonly current: string;
  /** The smallest design that passes every row of the resource (one unit less does not). */
  readonly design: string;
  /** The spec changes that apply it. */
  readonly changes: string[];
  /** The highest utilisation / bound of the resource's rows today (under RIGHT_SIZING_SHARE). */
  readonly highestShareOfBound: number;
  /** True when both designs are priced. */
  readonly priced: boolean;
  /**
   * What the smaller design saves a month, in cents.
   *
   * @default - not priced
   */
  readonly savesCents?: number;
  /**
   * `savesCents` in USD.
   *
   * @default - not priced
   */
  readonly savesUsd?: string;
  /**
   * The smaller design's monthly cost in USD.
   *
   * @default - not priced
   */
  readonly monthlyUsd?: string;
  /**
   * Why there is no price.
   *
   * @default - priced
   */
  readonly noPrice?: string;
}

/** The row that FAILs first when the declared load grows past the headroom. */
export interface HeadroomLimit {
  /** The block's path. */
  readonly block: string;
  /** The resource of the row, e.g. `api tasks`. */
  readonly resource: string;
  /** The row's scenario. */
  readonly scenario: Scenario;
}

/**
 * How far the system goes: the largest multiple of its declared load at which no row FAILs,
 * found by search over the same model (every declared rate of every block scaled together:
 * requests, reads, writes, jobs, bursts; stored data, connections and the rows that do not depend
 * on load, such as quotas on counts and rules, stay as they are, and a row that FAILs at no load
 * at all is left out of the search).
 */
export interface Headroom {
  /**
   * The largest multiple of the declared load, rounded down to 0.01, at which no load-dependent
   * row FAILs: below 1 when the system already FAILs at its declared load (0 when it FAILs at
   * 0.01 x); `HEADROOM_MAX_FACTOR` (1,000) when nothing FAILs up to that multiple.
   */
  readonly factor: number;
  /**
   * The row that FAILs first, one step (0.01 x) above `factor`.
   *
   * @default - nothing FAILs up to HEADROOM_MAX_FACTOR x the declared load
   */
  readonly firstToFail?: HeadroomLimit;
}

/** Whether a cost line runs all month whatever the load, or follows the declared load. */
export enum CostKind {
  /** Hours of what runs (instances, tasks at their minimum, NAT gateways, load balancers) and monthly items (keys, secrets, web ACLs). */
  FIXED = 'fixed',
  /** Requests, GB and I/O from the declared load at its average (peak x the average-to-peak ratio). */
  LOAD = 'load',
}

/** One priced (or unpriced) line of a block's monthly cost. */
export interface CostLine {
  /** Fixed or load-driven. */
  readonly kind: CostKind;
  /** What is metered, in words, e.g. `3 x db.r7g.xlarge instance-hours (writer + 2 readers)`. */
  readonly what: string;
  /** The price key (one of PRICE_KEYS), e.g. `rds.instance-hour`. */
  readonly key: string;
  /** The Region the line is priced in (`global` for CloudFront). */
  readonly region: string;
  /** The key's dimensions, e.g. `{ class: 'db.r7g.xlarge', engine: 'aurora-postgresql', storage: 'standard' }`. */
  readonly dimensions: { [name: string]: string };
  /** How many of the unit a month. */
  readonly quantityPerMonth: number;
  /** The unit, e.g. `hour`, `GB-month`, `million-requests`. */
  readonly unit: string;
  /** True when a price was found (catalog or user override). */
  readonly priced: boolean;
  /**
   * USD per unit, as the source prints it.
   *
   * @default - not priced
   */
  readonly usdPerUnit?: string;
  /**
   * The line's monthly cost in cents, rounded half up.
   *
   * @default - not priced
   */
  readonly monthlyCents?: number;
  /**
   * The line's monthly cost in USD with two decimals.
   *
   * @default - not priced
   */
  readonly monthlyUsd?: string;
  /**
   * `catalog` or `user-override`.
   *
   * @default - not priced
   */
  readonly origin?: string;
  /**
   * The title of the price's source, and the date it was read.
   *
   * @default - not priced
   */
  readonly source?: string;
  /**
   * Why there is no price: `no price for <key> (<dimensions>) in <Region>: ...`.
   *
   * @default - priced
   */
  readonly noPrice?: string;
}

/** The monthly cost of one block (or of the resources outside every block). */
export interface BlockCost {
  /** The block's path, or `(outside blocks)` for shared resources (NAT gateways, keys, alarms outside any block). */
  readonly block: string;
  /** The block kind, or `shared`. */
  readonly blockKind: string;
  /** The Region the block's lines are priced in. */
  readonly region: string;
  /** Sum of the priced fixed lines, in cents. */
  readonly fixedCents: number;
  /** Sum of the priced load-driven lines, in cents. */
  readonly loadCents: number;
  /** fixedCents + loadCents, in cents. */
  readonly totalCents: number;
  /** `fixedCents` in USD. */
  readonly fixedUsd: string;
  /** `loadCents` in USD. */
  readonly loadUsd: string;
  /** `totalCents` in USD. */
  readonly totalUsd: string;
  /** True when a line of the block has no price: its total leaves that line out. */
  readonly partial: boolean;
  /** Every line, fixed first. */
  readonly lines: CostLine[];
}

/** The monthly cost of what will deploy, priced offline from the price catalog and the user's overrides. */
export interface CostEstimate {
  /** Always `USD`. */
  readonly currency: string;
  /** Hours a month the fixed lines run (730). */
  readonly hoursPerMonth: number;
  /** The average load as a share of the declared peak, used for the load-driven lines. */
  readonly averageToPeakRatio: number;
  /** Which read-back was priced (`cloudformation` or `terraform`), or `plan` when no output was read. */
  readonly pricedFrom: string;
  /** Per block, in report order, then the resources outside every block. */
  readonly blocks: BlockCost[];
  /** Sum of the blocks' fixed cents. */
  readonly fixedCents: number;
  /** Sum of the blocks' load-driven cents. */
  readonly loadCents: number;
  /** fixedCents + loadCents. */
  readonly totalCents: number;
  /** `fixedCents` in USD. */
  readonly fixedUsd: string;
  /** `loadCents` in USD. */
  readonly loadUsd: string;
  /** `totalCents` in USD. */
  readonly totalUsd: string;
  /** True when any line has no price: the totals are then a lower bound. */
  readonly partial: boolean;
  /** Every line without a price, once: `no price for <thing> in <Region>: ...`. */
  readonly missing: string[];
  /** What the estimate does not price at all (no model or no price key), in words. */
  readonly notPriced: string[];
  /** The inputs the estimate used without the user giving them (e.g. the average-to-peak ratio). */
  readonly assumed: AssumedInput[];
}

/** The report of `scaleblocks check`: every row of every block, and the worst verdict. */
export interface SizingReport {
  /** Version of this report's JSON schema (`schema/report.schema.json`). */
  readonly schemaVersion: string;
  /** The system's name. */
  readonly system: string;
  /** The worst verdict of all rows. */
  readonly verdict: Verdict;
  /** Every row, in block order. */
  readonly rows: SizingRow[];
  /** Every input that was assumed, once, across all blocks. */
  readonly assumed: AssumedInput[];
  /** Things the report says about the design that are not rows (e.g. plain HTTP because no certificate was given). */
  readonly notes: string[];
  /**
   * Every difference between the plans and what the synthesized output will deploy, one per
   * value (listed first in the text report). Empty when the output matches the plans.
   *
   * @default - the report sized plans only, not synthesized output
   */
  readonly differences?: PlanDifference[];
  /**
   * The synthesized output the report read, one path per template (cloud assembly templates,
   * cdk.tf.json files).
   *
   * @default - the report sized plans only, not synthesized output
   */
  readonly synthesized?: string[];
  /**
   * How the system's load flowed from block to block (a system report only).
   *
   * @default - not a system report
   */
  readonly chain?: SystemChainPlan;
  /**
   * One fix per resource that does not PASS: the smallest change that makes every row of that
   * resource PASS (rows with the same `block` and `fixResource`, else `resource`). Each of those
   * rows shows the same text as its `fix`. Empty when every row PASSes.
   *
   * @default - none (a report written before schema 1.3.0)
   */
  readonly fixes?: ResourceFix[];
  /**
   * How far the declared load can grow before a row FAILs, and which row FAILs first.
   *
   * @default - not computed (a report built from rows alone, with no model to scale)
   */
  readonly headroom?: Headroom;
  /**
   * The monthly cost of what will deploy (the synthesized topology read back), fixed and
   * load-driven, per block and in total; partial when a price is missing.
   *
   * @default - not priced (a report written before schema 1.4.0, or sized from plans only)
   */
  readonly cost?: CostEstimate;
  /**
   * The resources far below their bound, each with the smallest design that still passes and what it saves.
   *
   * @default - not searched (a report built without its spec, or written before schema 1.5.0)
   */
  readonly rightSizing?: RightSizing[];
}

/** The schema version of `SizingReport` this library writes. */
export const REPORT_SCHEMA_VERSION = '1.5.0';

/** The worst of some verdicts (PASS when there are none). */
export function worstVerdict(verdicts: Verdict[]): Verdict {
  if (verdicts.includes(Verdict.FAIL)) return Verdict.FAIL;
  if (verdicts.includes(Verdict.WARN)) return Verdict.WARN;
  return Verdict.PASS;
}

/** Builds a report from rows: the verdict is the worst row; assumed inputs (system-wide first) are de-duplicated by prop. */
export function buildReport(system: string, rows: SizingRow[], notes: string[] = [], systemAssumed: AssumedInput[] = []): SizingReport {
  const seen = new Map<string, AssumedInput>();
  for (const a of systemAssumed) seen.set(a.prop, a);
  for (const row of rows) {
    for (const a of row.assumed) {
      if (!seen.has(a.prop)) seen.set(a.prop, a);
    }
  }
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    system,
    verdict: worstVerdict(rows.map((r) => r.verdict)),
    rows,
    assumed: [...seen.values()],
    notes,
    fixes: resourceFixes(rows),
  };
}

/**
 * The fixes of the rows that do not PASS, one per resource (block and `fixResource`, else
 * `resource`), in row order. A block that gives a resource's rows one shared fix yields one entry;
 * rows of the same resource whose fixes differ (two changes are needed) each keep their own.
 */
export function resourceFixes(rows: SizingRow[]): ResourceFix[] {
  const out = new Map<string, { block: string; resource: string; fix: string; rows: string[] }>();
  for (const r of rows) {
    if (r.verdict === Verdict.PASS || r.fix === undefined) continue;
    const resource = r.fixResource ?? r.resource;
    const key = `${r.block}\u0000${resource}\u0000${r.fix}`;
    const entry = out.get(key) ?? { block: r.block, resource, fix: r.fix, rows: [] };
    const label = `${r.resource} (${r.scenario})`;
    if (!entry.rows.includes(label)) entry.rows.push(label);
    out.set(key, entry);
  }
  return [...out.values()];
}
