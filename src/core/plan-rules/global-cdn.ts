import { BlockKind } from '../blocks/common';
import { CdnOriginKind, planGlobalCdn } from '../blocks/global-cdn';
import * as catalog from '../catalog';
import { BlockPlanRules } from './common';

export const GLOBAL_CDN_PLAN_RULES: BlockPlanRules = {
  kind: BlockKind.GLOBAL_CDN,
  plan: planGlobalCdn,
  type: 'GlobalCdnPlan',
  schema: 'plans/global-cdn.schema.json',
  check(r) {
    const cf = catalog.QUOTAS.cloudFront;
    r.length('origins', 1, cf.originsPerDistribution.value, 'origins');
    const bucketGiven = r.at('bucket') !== undefined;
    r.each('origins', (o) => {
      // The S3 origin is the block's own bucket: the plan must hold it.
      if (o.at('kind') === CdnOriginKind.S3_BUCKET) {
        r.rules.check(r.prop('bucket'), r.at('bucket'), bucketGiven, 'given: the plan has an S3_BUCKET origin, which is the static bucket');
      }
      o.integer('httpPort', 1, 65535);
      o.integer('httpsPort', 1, 65535);
      o.integer('connectionAttempts', cf.originConnectionAttemptsMin.value, cf.originConnectionAttemptsMax.value);
      o.integer('connectionTimeoutSeconds', cf.originConnectionTimeoutMinSeconds.value, cf.originConnectionTimeoutMaxSeconds.value, 's');
      o.integer('responseTimeoutSeconds', cf.originResponseTimeoutMinSeconds.value, cf.originResponseTimeoutMaxSeconds.value, 's');
    });
    r.ordered('defaultBehavior.cache.minTtlSeconds', 'defaultBehavior.cache.defaultTtlSeconds');
    r.ordered('defaultBehavior.cache.defaultTtlSeconds', 'defaultBehavior.cache.maxTtlSeconds');
    r.integer('waf.rateLimitPerIp', catalog.QUOTAS.waf.rateLimitMin.value, catalog.QUOTAS.waf.rateLimitMax.value, 'requests');
    r.integer('securityHeaders.hstsMaxAgeSeconds', 0, 63_072_000, 's');
    r.integer('logBucket.expirationDays', 1, 3650, 'days');
  },
};
