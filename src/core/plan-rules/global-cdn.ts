import { BlockKind } from '../blocks/common';
import { CdnAllowedMethods, CdnOriginKind, planGlobalCdn } from '../blocks/global-cdn';
import { isOriginDomainName } from '../blocks/global-cdn/internal';
import { checkOriginHeaderName, OriginAccess, SECRET_NAME_PATTERN } from '../blocks/shared/cdn';
import { MAX_KMS_KEY_DELETION_WINDOW_DAYS, MIN_KMS_KEY_DELETION_WINDOW_DAYS } from '../blocks/shared/foundation';
import * as catalog from '../catalog';
import { BlockPlanRules, checkVocabulary, OBJECT_OWNERSHIPS, PlanValueRules } from './common';

export const GLOBAL_CDN_PLAN_RULES: BlockPlanRules = {
  kind: BlockKind.GLOBAL_CDN,
  plan: planGlobalCdn,
  type: 'GlobalCdnPlan',
  schema: 'plans/global-cdn.schema.json',
  check(r) {
    const cf = catalog.QUOTAS.cloudFront;
    r.length('origins', 1, cf.originsPerDistribution.value, 'origins');
    // Access logs go to the plan's log bucket, and only there (a wider random run deleted it: aws-cdk-lib then
    // logged into a bucket of its own, or into the site's bucket through an ACL, while Terraform logged nowhere).
    const logBucket = r.at('logBucket') !== undefined;
    r.rules.check(r.prop('logBucket'), r.at('logBucket'), logBucket === (r.at('accessLogs') === true),
      logBucket ? 'unset with accessLogs false (nothing is logged)' : 'given with accessLogs true: the bucket the logs go to');
    if (r.at('bucket.serverAccessLogsPrefix') !== undefined) {
      r.rules.check(r.prop('bucket.serverAccessLogsPrefix'), r.at('bucket.serverAccessLogsPrefix'), logBucket, 'unset without a logBucket (the server access logs go there)');
    }
    // A wider random run rendered a bucket key's PendingWindowInDays of 1e9: KMS takes 7 to 30 days.
    r.integer('bucket.kmsKeyPendingWindowDays', MIN_KMS_KEY_DELETION_WINDOW_DAYS, MAX_KMS_KEY_DELETION_WINDOW_DAYS, 'days (the deletion window KMS accepts)');
    const bucketGiven = r.at('bucket') !== undefined;
    r.each('origins', (o) => {
      // The S3 origin is the block's own bucket: the plan must hold it.
      if (o.at('kind') === CdnOriginKind.S3_BUCKET) {
        r.rules.check(r.prop('bucket'), r.at('bucket'), bucketGiven, 'given: the plan has an S3_BUCKET origin, which is the static bucket');
      }
      // A custom-domain origin is reached by its name (a wider random run deleted it: aws-cdk-lib's L1 threw its own error).
      if (o.at('kind') === CdnOriginKind.CUSTOM_DOMAIN) {
        const domainName = o.at('domainName');
        o.rules.check(o.prop('domainName'), domainName, typeof domainName === 'string' && isOriginDomainName(domainName),
          'the origin\'s domain name, such as api.example.com (lower case): a CUSTOM_DOMAIN origin is reached by it');
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
        // The name CloudFront reaches the load balancer by: its own (absent), or one the user points at it; a VPC origin takes the load balancer's own.
        const domainName = o.at('domainName');
        if (access === OriginAccess.VPC_ORIGIN) {
          o.rules.check(o.prop('domainName'), domainName, domainName === undefined,
            'unset with access VPC_ORIGIN (CloudFront reaches the internal load balancer through its VPC origin, by the load balancer\'s own name)');
        } else {
          o.rules.check(o.prop('domainName'), domainName, domainName === undefined || isOriginDomainName(domainName),
            'absent (the load balancer\'s own name) or a DNS name pointed at the load balancer that its certificate covers, such as origin.example.com '
            + '(lower-case labels of letters, digits and hyphens, at most 253 characters)');
        }
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
    checkOriginReferences(r);
    checkCdnVocabulary(r);
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

/**
 * Origins and origin groups are named by their ids: each id once, each group made of two distinct
 * origins, each behaviour aimed at an origin or a group of the plan (aws-cdk-lib failed inside
 * its Distribution on a behaviour whose origin was renamed; Terraform wrote a dangling id).
 */
function checkOriginReferences(r: PlanValueRules): void {
  const ids = (path: string): string[] => {
    const list = r.at(path);
    return Array.isArray(list) ? list.map((x) => (x !== null && typeof x === 'object' ? (x as { id?: unknown }).id : undefined)).filter((id): id is string => typeof id === 'string') : [];
  };
  const origins = ids('origins');
  const groups = ids('originGroups');
  const seen = new Set<string>();
  const unique = (path: string) => r.each(path, (x) => {
    const id = x.at('id');
    if (typeof id !== 'string') return;
    x.rules.check(x.prop('id'), id, id.length > 0 && !seen.has(id), 'an id no other origin or origin group of the plan has');
    seen.add(id);
  });
  unique('origins');
  unique('originGroups');
  const originList = origins.length > 0 ? origins.join(', ') : 'none';
  const allowedCodes = catalog.ALLOWED_VALUES.cloudFront.originGroupFailoverStatusCodes.values;
  r.each('originGroups', (g) => {
    // A wider random run rendered a failover status code of 0.5: aws-cdk-lib's validation warned, Terraform wrote it.
    const codes = g.at('failoverStatusCodes');
    g.rules.check(g.prop('failoverStatusCodes'), codes, Array.isArray(codes) && codes.length >= 1
      && codes.every((c) => allowedCodes.includes(c)) && new Set(codes).size === codes.length,
    `a non-empty list without duplicates of ${allowedCodes.join(', ')}`);
    const primary = g.at('primaryOriginId');
    const secondary = g.at('secondaryOriginId');
    if (typeof primary === 'string') g.rules.check(g.prop('primaryOriginId'), primary, origins.includes(primary), `the id of an origin of the plan (${originList})`);
    if (typeof secondary === 'string') {
      g.rules.check(g.prop('secondaryOriginId'), secondary, origins.includes(secondary) && secondary !== primary,
        `the id of another origin of the plan than primaryOriginId (${originList})`);
    }
  });
  const targets = [...origins, ...groups];
  const aimed = (b: PlanValueRules | undefined) => {
    const target = b?.at('targetOriginId');
    if (b && typeof target === 'string') {
      b.rules.check(b.prop('targetOriginId'), target, targets.includes(target), `the id of an origin or origin group of the plan (${targets.join(', ') || 'none'})`);
    }
  };
  aimed(r.nested('defaultBehavior'));
  r.each('behaviors', (b) => aimed(b));
  checkOriginsReached(r, groups);
}

/**
 * Every origin and group is reached, each origin one way: a group by a behaviour, an origin by a
 * behaviour or through one group. aws-cdk-lib renders only what a behaviour binds (an origin or
 * group no behaviour reaches was dropped from CloudFormation and kept by Terraform), and binds a
 * group's origins through the group (an origin also aimed at directly, or in two groups, made it
 * throw "Origin with id ... already exists").
 */
function checkOriginsReached(r: PlanValueRules, groups: readonly string[]): void {
  const aimedAt = new Set<string>();
  const target = (b: PlanValueRules | undefined) => {
    const t = b?.at('targetOriginId');
    if (typeof t === 'string') aimedAt.add(t);
  };
  target(r.nested('defaultBehavior'));
  r.each('behaviors', (b) => target(b));
  const groupOf = new Map<string, string>();
  r.each('originGroups', (g) => {
    const id = g.at('id');
    if (typeof id !== 'string') return;
    g.rules.check(g.prop('id'), id, aimedAt.has(id), 'the id of a group a behaviour aims at (defaultBehavior or behaviors[].targetOriginId)');
    for (const member of ['primaryOriginId', 'secondaryOriginId'] as const) {
      const origin = g.at(member);
      if (typeof origin !== 'string') continue;
      const other = groupOf.get(origin);
      g.rules.check(g.prop(member), origin, other === undefined || other === id, `an origin of no other group (it is in ${other})`);
      if (other === undefined) groupOf.set(origin, id);
    }
  });
  r.each('origins', (o) => {
    const id = o.at('id');
    if (typeof id !== 'string') return;
    const group = groupOf.get(id);
    if (group !== undefined) {
      o.rules.check(o.prop('id'), id, !aimedAt.has(id), `an origin reached through its group ${group} only: no behaviour aims at it directly`);
    } else {
      o.rules.check(o.prop('id'), id, aimedAt.has(id), `the id of an origin a behaviour aims at, or a member of a group (${groups.join(', ') || 'none'})`);
    }
  });
}

/** CloudFront's viewer security policies, origin TLS protocols, signing and SSL methods, as both backends spell them. */
const CLOUDFRONT_VOCABULARY = {
  minimumProtocolVersion: ['TLSv1.2_2018', 'TLSv1.2_2019', 'TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025'],
  sslSupportMethod: ['sni-only', 'vip', 'static-ip'],
  sslProtocols: ['TLSv1.2'],
  signingProtocol: ['sigv4'],
  signingBehavior: ['always', 'never', 'no-override'],
};
/** WAF actions as the plan spells them. */
const WAF_VOCABULARY = {
  scope: ['CLOUDFRONT'],
  defaultAction: ['ALLOW', 'BLOCK'],
  ruleAction: ['ALLOW', 'BLOCK', 'COUNT', 'CAPTCHA', 'CHALLENGE'],
  overrideAction: ['NONE', 'COUNT'],
  aggregateKeyType: ['IP'],
};

/**
 * The strings each backend translates from a fixed vocabulary. The viewer policies and origin
 * protocols are the TLS 1.2 and later ones: the plan function never makes an older one, and a
 * supplied plan may not lower them.
 */
function checkCdnVocabulary(r: PlanValueRules): void {
  const v = CLOUDFRONT_VOCABULARY;
  checkVocabulary(r, 'bucket.objectOwnership', OBJECT_OWNERSHIPS);
  checkVocabulary(r, 'logBucket.objectOwnership', OBJECT_OWNERSHIPS);
  // The LogDeliveryWrite ACL needs ACLs on: a wider random run deleted the log bucket's ownership and aws-cdk-lib threw its own error.
  if (r.at('logBucket.logDeliveryWriteAcl') === true) {
    const ownership = r.at('logBucket.objectOwnership');
    r.rules.check(r.prop('logBucket.objectOwnership'), ownership, ownership === 'BUCKET_OWNER_PREFERRED' || ownership === 'OBJECT_WRITER',
      'BUCKET_OWNER_PREFERRED or OBJECT_WRITER with logDeliveryWriteAcl (the log delivery writes through the bucket ACL, which BUCKET_OWNER_ENFORCED turns off)');
  }
  checkVocabulary(r, 'viewer.minimumProtocolVersion', v.minimumProtocolVersion, '(TLS 1.2 or later)');
  checkVocabulary(r, 'viewer.sslSupportMethod', v.sslSupportMethod);
  r.each('origins', (o) => {
    checkVocabulary(o, 'signingProtocol', v.signingProtocol);
    checkVocabulary(o, 'signingBehavior', v.signingBehavior);
    const protocols = o.at('sslProtocols');
    if (Array.isArray(protocols)) protocols.forEach((_p, i) => checkVocabulary(o, `sslProtocols[${i}]`, v.sslProtocols, '(TLS 1.2 to the origin)'));
  });
  const w = WAF_VOCABULARY;
  checkVocabulary(r, 'waf.scope', w.scope, '(a web ACL of a CloudFront distribution)');
  checkVocabulary(r, 'waf.defaultAction', w.defaultAction);
  checkVocabulary(r, 'waf.rateLimitAction', w.ruleAction);
  checkVocabulary(r, 'waf.rateLimitAggregateKeyType', w.aggregateKeyType, '(the client address; the plan holds no forwarded-IP header)');
  r.each('waf.managedRuleGroups', (g) => {
    checkVocabulary(g, 'excludedRuleAction', w.ruleAction);
    checkVocabulary(g, 'overrideAction', w.overrideAction);
  });
}
