import { gbpsFor } from './internal';
import { GlobalCdnPlan } from './plan';
import { AssumedInput } from '../../assumptions';
import * as catalog from '../../catalog';
import { checkLimit, smallestPassing, utilizationOf, verdictFor } from '../../sizing/capacity';
import { SizingRow, Verdict } from '../../sizing/report';
import { fmt } from '../../validation';
import { quotaRow } from '../shared/quota-row';

// GlobalCdn: topology and sizing (SIZING-MODEL.md, GlobalCdn).

/** What the sizing reads of a deployed distribution: taken from the plan, or from a synthesized template. */
export interface GlobalCdnTopology {
  /** Origins of the distribution. */
  readonly origins: number;
  /** Cache behaviours besides the default one. */
  readonly behaviors: number;
}

/** The topology a plan intends to deploy. */
export function globalCdnTopologyOf(plan: GlobalCdnPlan): GlobalCdnTopology {
  return { origins: plan.origins.length, behaviors: plan.behaviors.length };
}

/** The demand the chain puts on the distribution; anything left out is the plan's own load. */
export interface GlobalCdnDemand {
  /** Client requests/s at the edge. */
  readonly peakRequestsPerSecond?: number;
  /** Bandwidth to viewers, Gbps; derived from the plan's average response size when left out. */
  readonly peakGbps?: number;
}

/** The declarable quota paths of a distribution's requests and bandwidth (`quotas:` keys of a spec). */
export const CDN_REQUESTS_QUOTA = 'cloudFront.requestsPerSecondPerDistribution';
export const CDN_BANDWIDTH_QUOTA = 'cloudFront.transferRateGbpsPerDistribution';

/**
 * Sizes a GlobalCdn: requests/s and Gbps against the per-distribution quotas (the defaults, or the
 * raised quotas the context declares), origins and cache behaviours against theirs.
 *
 * Each of the requests and bandwidth rows is its own resource with one exact fix: the smallest
 * whole quota under which it PASSes, to request from AWS and then declare under its `quotas:` key
 * (the block has one distribution, so a quota is the one change the plan can carry).
 *
 * @param context the quotas the account has had raised (CloudFront quotas are global: the Region is not read)
 */
export function sizeGlobalCdn(plan: GlobalCdnPlan, demand: GlobalCdnDemand = {},
  topology: GlobalCdnTopology = globalCdnTopologyOf(plan), context: catalog.QuotaContext = {}): SizingRow[] {
  const cf = catalog.QUOTAS.cloudFront;
  const rps = demand.peakRequestsPerSecond ?? plan.load.peakRequestsPerSecond;
  const gbps = demand.peakGbps ?? (demand.peakRequestsPerSecond !== undefined ? gbpsFor(rps, plan.load.averageResponseKiB) : plan.load.peakGbps);
  const base = { block: plan.path, blockKind: plan.kind, assumed: plan.assumed as AssumedInput[] };
  const warn = plan.sizing.warnMargin;
  // CloudFront is global: its quotas have one figure everywhere, so only the declared ones are read.
  const global: catalog.QuotaContext = { quotas: context.quotas };
  return [
    quotaRow({
      ...base,
      resource: 'cdn requests',
      metric: 'requests/s',
      warnMargin: warn,
      what: 'the CloudFront quota of requests/s per distribution',
      fix: `request a CloudFront "Requests per second per distribution" quota of >= ${fmt(quotaNeeded(rps, warn))} requests/s, `
        + `then declare it (quotas.${CDN_REQUESTS_QUOTA})`,
    }, CDN_REQUESTS_QUOTA, rps, global),
    quotaRow({
      ...base,
      resource: 'cdn bandwidth',
      metric: 'Gbps',
      warnMargin: warn,
      what: 'the CloudFront quota of Gbps per distribution',
      fix: `request a CloudFront "Data transfer rate per distribution" quota of >= ${fmt(quotaNeeded(gbps, warn))} Gbps, `
        + `then declare it (quotas.${CDN_BANDWIDTH_QUOTA})`,
    }, CDN_BANDWIDTH_QUOTA, gbps, global),
    checkLimit({ ...base, resource: 'cdn origins', metric: 'origins', sources: ['catalog.QUOTAS.cloudFront.originsPerDistribution'] },
      topology.origins, cf.originsPerDistribution.value, warn, 'use fewer origins, or request a quota increase', 'the CloudFront quota of origins per distribution'),
    checkLimit({ ...base, resource: 'cdn behaviors', metric: 'cache behaviors', sources: ['catalog.QUOTAS.cloudFront.cacheBehaviorsPerDistribution'] },
      topology.behaviors, cf.cacheBehaviorsPerDistribution.value, warn, 'merge path patterns (e.g. one /static/* for all assets), or request a quota increase',
      'the CloudFront quota of cache behaviors per distribution'),
  ];
}

function quotaPasses(demand: number, quota: number, warnMargin: number): boolean {
  return verdictFor(utilizationOf(demand, quota), 1, warnMargin) === Verdict.PASS;
}

/**
 * The smallest whole quota under which `demand` passes (utilisation at most `warnMargin`):
 * applying it passes, one unit less does not.
 */
export function quotaNeeded(demand: number, warnMargin: number): number {
  if (!(demand > 0)) return 0;
  return smallestPassing(demand / warnMargin, (n) => quotaPasses(demand, n, warnMargin)) ?? Number.POSITIVE_INFINITY;
}

/**
 * The fewest distributions that share `demand` evenly with each under its quota's PASS bound:
 * applying it passes, one less does not.
 */
export function distributionsNeeded(demand: number, quota: number, warnMargin: number): number {
  if (!(demand > 0) || !(quota > 0)) return 1;
  return smallestPassing(demand / (quota * warnMargin), (n) => quotaPasses(demand / n, quota, warnMargin)) ?? Number.POSITIVE_INFINITY;
}

/**
 * Requests/s that reach the origins: peak x (1 - hit ratio). The chain hands this to the API.
 *
 * @param peakRps client requests/s at the edge
 */
export function originRequestsPerSecond(plan: GlobalCdnPlan, peakRps: number = plan.load.peakRequestsPerSecond): number {
  return Math.max(0, peakRps) * (1 - plan.load.hitRatio);
}
