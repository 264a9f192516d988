// GlobalCdn: what resolve, sizing and notes share.
// Not re-exported by index.ts: it is not part of the public API.

export const COMMON_RULE_SET = 'AWSManagedRulesCommonRuleSet';

export function gbpsFor(requestsPerSecond: number, averageResponseKiB: number): number {
  return (requestsPerSecond * averageResponseKiB * 1024 * 8) / 1e9;
}

const ORIGIN_DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/** A DNS name an origin is reached by: lower-case labels of letters, digits and hyphens, at most 253 characters. */
export function isOriginDomainName(name: unknown): name is string {
  return typeof name === 'string' && ORIGIN_DOMAIN.test(name);
}
