import { centsText, CostOptions, Draft, priceBlock } from './estimate';
import { CpuArchitecture } from '../blocks/load-balanced-api/options';
import * as catalog from '../catalog';
import { ValidationError } from '../errors';
import { CostAlternative, RightSizing, Scenario, SizingRow, Verdict } from '../sizing/report';
import { planSystem, SystemPlan, sizeSystemRows, SystemSpec } from '../system';

/*
 * What every alternative search shares (the API's and the gateway services' tasks, the workers, the
 * cache, the database): planning a candidate spec, the law a candidate is kept by, pricing with the
 * estimate's lines, and the order of the list.
 */

/**
 * A resource is far below its bound when every one of its rows is under this share of its bound
 * (utilisation / bound < 0.5): at half the bound, removing a unit in two still leaves the rows
 * within their bounds for an even fleet, so a smaller design is likely to pass and worth naming;
 * above it, the saving is a unit or two at most and the margin is the point of the bound.
 */
export const RIGHT_SIZING_SHARE = 0.5;

/** The price part of an alternative: priced (with its cents), or why not. */
export type PricePart = Pick<CostAlternative, 'priced' | 'fixedCents' | 'loadCents' | 'monthlyCents' | 'monthlyUsd' | 'noPrice'>;

/** The rows of one resource of one block (a row's fix resource when it has one). */
export function rowsOf(rows: SizingRow[], block: string, resource: string): SizingRow[] {
  return rows.filter((r) => r.block === block && (r.fixResource ?? r.resource) === resource);
}

export function allPass(rows: SizingRow[]): boolean {
  return rows.length > 0 && rows.every((r) => r.verdict === Verdict.PASS);
}

/** Plans a spec, or undefined when the spec is not valid (e.g. a count above a quota the plan enforces). */
export function tryPlan(spec: SystemSpec): SystemPlan | undefined {
  try {
    return planSystem(spec);
  } catch (e) {
    if (e instanceof ValidationError) return undefined;
    throw e;
  }
}

const RANK: Record<string, number> = { [Verdict.PASS]: 0, [Verdict.WARN]: 1, [Verdict.FAIL]: 2 };

function rowKey(r: SizingRow): string {
  return [r.block, r.fixResource ?? r.resource, r.resource, r.scenario, r.metric].join('\u0000');
}

/** True for a LIMIT row against an account quota the user can have raised (one of catalog.DECLARABLE_QUOTAS). */
export function raisableQuotaRow(r: SizingRow): boolean {
  return r.scenario === Scenario.LIMIT && r.sources.some((src) => catalog.DECLARABLE_QUOTAS.some((q) => src === `catalog.QUOTAS.${q}`));
}

/**
 * The law a candidate is kept by: every row of its resource (`own`) PASSes, and no other row of
 * the whole system is worse than in the spec the search started from (`before`); a row the
 * candidate adds must PASS. A design changes more than its own rows: more API tasks or workers
 * hold more database connections, more readers share the reader pools differently and count
 * against the DB instances quota, more Fargate tasks count against the account's vCPU quota; so
 * every row of the system is checked, not only the resource's. One exception: a row against an
 * account quota the user can have raised (`raisableQuotaRow`) may get worse; the design then
 * needs it raised, and the returned list says so (the row's own fix: the quota to request).
 *
 * @returns undefined when the candidate is not kept, else the raised quotas it needs (often none)
 */
export function keeps(before: SizingRow[], after: SizingRow[], own: (r: SizingRow) => boolean): string[] | undefined {
  if (!allPass(after.filter(own))) return undefined;
  const worst = new Map<string, number>();
  for (const r of before) worst.set(rowKey(r), Math.max(worst.get(rowKey(r)) ?? 0, RANK[r.verdict]));
  const quotas: string[] = [];
  for (const r of after) {
    if (own(r) || RANK[r.verdict] <= (worst.get(rowKey(r)) ?? 0)) continue;
    if (!raisableQuotaRow(r)) return undefined;
    quotas.push(`needs a raised quota: ${r.resource} (${r.fix ?? r.reason})`);
  }
  return quotas;
}

/** A kept candidate: its plan, and the raised quotas it needs. */
export interface Kept {
  readonly plan: SystemPlan;
  readonly quotas: string[];
}

/** A candidate spec planned and sized, when it plans and `keeps` holds against `before`; else undefined. */
export function keptPlan(spec: SystemSpec, before: SizingRow[], own: (r: SizingRow) => boolean): Kept | undefined {
  const plan = tryPlan(spec);
  if (!plan) return undefined;
  const quotas = keeps(before, sizeSystemRows(plan).rows, own);
  return quotas === undefined ? undefined : { plan, quotas };
}

/** Prices the lines of one resource; unpriced when any line has no price. */
export function priceDrafts(block: string, kind: string, region: string, drafts: Draft[], options: CostOptions): PricePart {
  if (drafts.length === 0) return { priced: false, noPrice: 'no line of this design has a price key' };
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
 * A right-sizing entry from the designs' texts and costs; undefined when both are priced and the
 * smaller one saves nothing (e.g. fewer tasks on the same EC2 instances).
 */
export function rightSizingOf(block: string, resource: string, current: string, design: string, changes: string[], own: SizingRow[],
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

/** True when every row is PASS and under RIGHT_SIZING_SHARE of its bound. */
export function farBelowBound(own: SizingRow[]): boolean {
  return allPass(own) && own.every((r) => r.utilization < RIGHT_SIZING_SHARE * r.bound);
}

/** Orders priced alternatives cheapest first (ties: the text), unpriced after them. */
export function orderAlternatives(alts: CostAlternative[]): CostAlternative[] {
  const priced = alts.filter((a) => a.priced).sort((a, b) => a.monthlyCents! - b.monthlyCents! || a.design.localeCompare(b.design));
  const unpriced = alts.filter((a) => !a.priced).sort((a, b) => a.design.localeCompare(b.design));
  return [...priced, ...unpriced];
}

/** The alternatives without repeats of one design, cheapest first. */
export function distinctOrdered(found: CostAlternative[]): CostAlternative[] {
  const seen = new Set<string>();
  return orderAlternatives(found.filter((a) => (seen.has(a.design) ? false : (seen.add(a.design), true))));
}

/** One Fargate size a fleet's alternatives are searched at, and its vCPU scale against the current size. */
export interface FleetSize {
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly architecture: CpuArchitecture;
  readonly why: string;
  /** vCPU of this size / vCPU of the current size. */
  readonly scale: number;
  /** Assumptions the size adds (Graviton). */
  readonly assumed: string[];
}

/**
 * The Fargate sizes a fleet's alternatives are searched over: this size, the next size up, and
 * Graviton of each (the API's and gateway services' tasks, and the queue's workers).
 */
export function fleetSizes(cpu: number, memoryMiB: number, architecture: CpuArchitecture, unit: string): FleetSize[] {
  const sizes: Array<{ cpu: number; memoryMiB: number; why: string }> = [{ cpu, memoryMiB, why: `more ${unit} at this size` }];
  const next = catalog.nextFargateSize(cpu, memoryMiB);
  if (next) sizes.push({ ...next, why: `the next ${unit.replace(/s$/, '')} size up, fewer ${unit}` });
  const archs = architecture === CpuArchitecture.ARM64 ? [CpuArchitecture.ARM64] : [architecture, CpuArchitecture.ARM64];
  const out: FleetSize[] = [];
  for (const s of sizes) {
    for (const a of archs) {
      const graviton = a !== architecture;
      out.push({
        cpu: s.cpu,
        memoryMiB: s.memoryMiB,
        architecture: a,
        why: graviton ? `${s.why}, Graviton` : s.why,
        scale: s.cpu / cpu,
        assumed: graviton ? ['Graviton (ARM64): the image must be built for arm64; the model gives a Fargate vCPU the same throughput on either architecture'] : [],
      });
    }
  }
  return out;
}

