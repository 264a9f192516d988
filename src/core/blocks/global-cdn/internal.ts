// GlobalCdn: what resolve, sizing and notes share.
// Not re-exported by index.ts: it is not part of the public API.

export const COMMON_RULE_SET = 'AWSManagedRulesCommonRuleSet';

export function gbpsFor(requestsPerSecond: number, averageResponseKiB: number): number {
  return (requestsPerSecond * averageResponseKiB * 1024 * 8) / 1e9;
}
