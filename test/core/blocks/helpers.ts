import { ValidationError, ValidationIssue } from '../../../src/core/errors';
import { SizingPolicy } from '../../../src/core/sizing/capacity';
import { Scenario, SizingRow } from '../../../src/core/sizing/report';

/*
 * Helpers the core tests share: reading the issues of a rejected plan, finding a sizing row,
 * ranking verdicts. They assert nothing themselves beyond "this should exist".
 */

/** Verdicts in order of severity, for "more demand never improves a verdict" properties. */
export const RANK = { PASS: 0, WARN: 1, FAIL: 2 } as const;

/** The sizing model's default bounds (SIZING-MODEL.md): 70 % target, 90 % with an AZ lost, WARN within 10 %. */
export const POLICY: SizingPolicy = { targetUtilization: 0.7, maxUtilization: 0.9, warnMargin: 0.9 };

/** The ValidationError `fn` throws; any other error is rethrown, and no error at all fails the test. */
export function validationErrorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

/** The issues of the ValidationError `fn` throws (see validationErrorOf). */
export function issuesOf(fn: () => unknown): ValidationIssue[] {
  return validationErrorOf(fn).issues;
}

/**
 * The first row of `resource` (in `scenario`, and of `block`, when given); fails the test with
 * the rows there are when none matches.
 */
export function row(rows: SizingRow[], resource: string, scenario?: Scenario, block?: string): SizingRow {
  const r = rows.find((x) => x.resource === resource && (scenario === undefined || x.scenario === scenario)
    && (block === undefined || x.block === block));
  if (!r) {
    const wanted = [block, resource, scenario].filter((x) => x !== undefined).join(' ');
    throw new Error(`no row ${wanted} in ${rows.map((x) => `${x.block}:${x.resource}/${x.scenario}`).join(', ')}`);
  }
  return r;
}

/** The rank of the worst verdict among `rows` (PASS for none). */
export function worst(rows: SizingRow[]): number {
  return Math.max(0, ...rows.map((r) => RANK[r.verdict]));
}
