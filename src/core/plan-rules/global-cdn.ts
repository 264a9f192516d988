import { BlockKind } from '../blocks/common';
import { CdnAllowedMethods, CdnOriginKind, planGlobalCdn } from '../blocks/global-cdn';
import { checkOriginHeaderName, OriginAccess, SECRET_NAME_PATTERN } from '../blocks/shared/cdn';
import * as catalog from '../catalog';
import { BlockPlanRules, PlanValueRules } from './common';

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
      // A load balancer origin says how CloudFront reaches it; a VPC origin has a name and the ports a VPC origin takes.
      const access = o.at('access');
      if (o.at('kind') === CdnOriginKind.LOAD_BALANCER) {
        o.rules.check(o.prop('access'), access, access === OriginAccess.VPC_ORIGIN || access === OriginAccess.CLOUDFRONT_PREFIX_LIST
          || access === OriginAccess.SECRET_ORIGIN_HEADER,
        'VPC_ORIGIN, CLOUDFRONT_PREFIX_LIST or SECRET_ORIGIN_HEADER for a LOAD_BALANCER origin (how CloudFront reaches the load balancer)');
        o.rules.check(o.prop('restrictToCloudFront'), o.at('restrictToCloudFront'), o.at('restrictToCloudFront') === true,
          'true for a LOAD_BALANCER origin (its load balancer admits CloudFront only)');
      } else {
        o.rules.check(o.prop('access'), access, access === undefined, 'unset unless kind is LOAD_BALANCER');
      }
      if (access === OriginAccess.VPC_ORIGIN) {
        const name = o.at('vpcOriginName');
        o.rules.check(o.prop('vpcOriginName'), name, typeof name === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(name),
          'the VPC origin\'s name with access VPC_ORIGIN (letters, digits, _ and -, up to 64 characters)');
        for (const port of ['httpPort', 'httpsPort']) {
          const v = o.at(port);
          o.rules.check(o.prop(port), v, typeof v !== 'number' || v === 80 || v === 443 || v >= 1024,
            '80, 443 or 1024 to 65535 with access VPC_ORIGIN (the CloudFront VPC origin\'s ports)');
        }
      } else {
        o.rules.check(o.prop('vpcOriginName'), o.at('vpcOriginName'), o.at('vpcOriginName') === undefined, 'unset unless access is VPC_ORIGIN');
      }
      // The secret origin header: over HTTPS only, with a header name the listener rule takes and the API's secret.
      if (access === OriginAccess.SECRET_ORIGIN_HEADER) {
        o.rules.check(o.prop('protocolPolicy'), o.at('protocolPolicy'), o.at('protocolPolicy') === 'HTTPS_ONLY',
          'HTTPS_ONLY with access SECRET_ORIGIN_HEADER (over plain HTTP anyone on the path would read the secret header)');
        checkOriginHeaderName(o.rules, o.prop('originHeaderName'), o.at('originHeaderName'));
        const secretName = o.at('originHeaderSecretName');
        o.rules.check(o.prop('originHeaderSecretName'), secretName, typeof secretName === 'string' && SECRET_NAME_PATTERN.test(secretName),
          'the Secrets Manager secret name of the origin header\'s value with access SECRET_ORIGIN_HEADER (1 to 512 letters, digits and /_+=.@-)');
      } else {
        for (const prop of ['originHeaderName', 'originHeaderSecretName']) {
          o.rules.check(o.prop(prop), o.at(prop), o.at(prop) === undefined, 'unset unless access is SECRET_ORIGIN_HEADER');
        }
      }
    });
    // CloudFront caches GET and HEAD, and OPTIONS at most, of what a behaviour allows.
    const cachedMethods = (b: PlanValueRules | undefined) => {
      if (!b) return;
      const cached = b.at('cachedMethods');
      const allowed = b.at('allowedMethods');
      b.rules.check(b.prop('cachedMethods'), cached, cached === CdnAllowedMethods.GET_HEAD
        || (cached === CdnAllowedMethods.GET_HEAD_OPTIONS && allowed !== CdnAllowedMethods.GET_HEAD),
      'GET_HEAD, or GET_HEAD_OPTIONS when the behaviour allows OPTIONS (CloudFront caches no other method)');
    };
    cachedMethods(r.nested('defaultBehavior'));
    r.each('behaviors', (b) => cachedMethods(b));
    r.ordered('defaultBehavior.cache.minTtlSeconds', 'defaultBehavior.cache.defaultTtlSeconds');
    r.ordered('defaultBehavior.cache.defaultTtlSeconds', 'defaultBehavior.cache.maxTtlSeconds');
    r.integer('waf.rateLimitPerIp', catalog.QUOTAS.waf.rateLimitMin.value, catalog.QUOTAS.waf.rateLimitMax.value, 'requests');
    r.integer('securityHeaders.hstsMaxAgeSeconds', 0, 63_072_000, 's');
    r.integer('logBucket.expirationDays', 1, 3650, 'days');
  },
};
