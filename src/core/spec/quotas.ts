import * as catalog from '../catalog';
import { isFiniteNumber, isPlainObject, Rules } from '../validation';

/** An AWS Region name as a spec (and a load file) may give it. */
export const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** What REGION_PATTERN allows, in words. */
export const REGION_ALLOWED = 'an AWS Region name such as us-east-1 or eu-west-1';

/**
 * Checks a declared `region:` (a spec's, or a load file's), reported on `rules` as `region` with
 * the value given; returns it when valid, else undefined.
 */
export function resolveDeclaredRegion(rules: Rules, given: unknown): string | undefined {
  if (given === undefined) return undefined;
  return rules.check('region', given, typeof given === 'string' && REGION_PATTERN.test(given), REGION_ALLOWED) ? given as string : undefined;
}

/** The most a declared quota may be (far above any quota AWS grants: it only catches typos). */
const DECLARED_QUOTA_MAX = 1e9;

/**
 * Checks the `quotas:` map of a spec (raised quotas the account has in the spec's Region) and
 * returns the valid entries: each key one of catalog.DECLARABLE_QUOTAS, each value a positive
 * number in the quota's unit. Every problem is reported on `rules`, named `quotas.<path>` with the
 * value given and what is allowed.
 */
export function resolveDeclaredQuotas(rules: Rules, given: unknown): { [path: string]: number } {
  if (given === undefined) return {};
  if (!rules.check('quotas', given, isPlainObject(given),
    'a map of raised quotas by catalog path, e.g. { "apiGateway.accountThrottleRps": 20000 }')) return {};
  const out: { [path: string]: number } = {};
  for (const [path, value] of Object.entries(given as Record<string, unknown>)) {
    const known = rules.check(`quotas.${path}`, path, catalog.DECLARABLE_QUOTAS.includes(path),
      `a quota the account can have raised, by its catalog path: one of ${catalog.DECLARABLE_QUOTAS.join(', ')}`);
    if (!known) continue;
    const unit = catalog.quotaAt(path)?.unit ?? '';
    const ok = rules.check(`quotas.${path}`, value, isFiniteNumber(value) && value > 0 && value <= DECLARED_QUOTA_MAX,
      `a positive number of ${unit} up to ${DECLARED_QUOTA_MAX.toExponential()} (the quota AWS granted the account in the spec's Region)`);
    if (ok) out[path] = value as number;
  }
  return out;
}
