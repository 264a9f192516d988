import * as catalog from '../../catalog';
import { checkLimit, smallestPassing, utilizationOf, verdictFor } from '../../sizing/capacity';
import { AssumedInput, Scenario, SizingRow, Verdict } from '../../sizing/report';
import { fmt } from '../../validation';

// A LIMIT row against an account quota read for its Region (catalog.quotaFor): the Region's own
// figure, the user's declared (raised) quota, or no figure at all, each said in the row.

/** What a quota row shows besides the quota. */
export interface QuotaRowInput {
  readonly block: string;
  readonly blockKind: string;
  readonly assumed: AssumedInput[];
  readonly resource: string;
  readonly metric: string;
  /** What the quota is, for the reason: e.g. `the API Gateway account throttle`. */
  readonly what: string;
  /** The fix when the demand does not pass; the quota increase to request. */
  readonly fix: string;
  readonly warnMargin: number;
}

/**
 * The LIMIT row of `demand` against the quota at `path` in the context's Region.
 *
 * - A Region with a figure (its own, or AWS's figure for every other Region): checked against it.
 * - A declared quota: checked against it; the reason says it is the user's statement.
 * - A Region the catalog has no figure for: WARN, never the figure of another Region.
 * - An unknown Region, for a quota that differs by Region: checked against the most common figure,
 *   and at least WARN when the demand would not pass at the lowest Regional default.
 */
export function quotaRow(i: QuotaRowInput, path: string, demand: number, context: catalog.QuotaContext = {}): SizingRow {
  const reading = catalog.quotaFor(path, context);
  const ctx = { block: i.block, blockKind: i.blockKind, assumed: i.assumed, resource: i.resource, metric: i.metric, sources: [reading.source] };
  if (reading.value === undefined) {
    return {
      ...ctx,
      scenario: Scenario.LIMIT,
      demand,
      capacity: 0,
      utilization: 0,
      bound: 1,
      verdict: Verdict.WARN,
      reason: `${fmt(demand)} ${i.metric} against ${i.what}: ${reading.basis}`,
      fix: `declare quotas.${path} (the account's quota in ${reading.region}), or ${i.fix}`,
    };
  }
  const row = checkLimit(ctx, demand, reading.value, i.warnMargin, i.fix, `${i.what} (${reading.basis})`);
  if (reading.regionUnknown && reading.lowestDefault !== undefined && row.verdict === Verdict.PASS
    && verdictFor(utilizationOf(demand, reading.lowestDefault), 1, i.warnMargin) !== Verdict.PASS) {
    return {
      ...row,
      verdict: Verdict.WARN,
      reason: `${row.reason}; in the Regions whose default is ${fmt(reading.lowestDefault)} it would not pass`,
      fix: `give the Region, or ${i.fix}`,
    };
  }
  return row;
}

/** The smallest whole quota under which `demand` PASSes (within `warnMargin` of it): the figure to request. */
export function smallestPassingQuota(demand: number, warnMargin: number): number {
  if (!(demand > 0)) return 1;
  const passes = (n: number): boolean => verdictFor(utilizationOf(demand, n), 1, warnMargin) === Verdict.PASS;
  return smallestPassing(Math.floor(demand / warnMargin), passes) ?? Math.ceil(demand / warnMargin);
}
