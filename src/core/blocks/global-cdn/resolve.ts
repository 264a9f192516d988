import { COMMON_RULE_SET, gbpsFor } from './internal';
import {
  ApiOriginKind, CdnAllowedMethods, CdnHttpVersion, CdnOriginKind, FrameOption, GeoRestrictionType, GlobalCdnOptions, OriginProtocolPolicy,
  PriceClass, ReferrerPolicy,
} from './options';
import {
  CdnBehaviorPlan, CdnCachePlan, CdnGeoRestrictionPlan, CdnOriginGroupPlan, CdnOriginPlan, CdnOriginRequestPlan, CdnWafPlan, DISTRIBUTION_ARN,
  GlobalCdnPlan, LogBucketPlan, StaticBucketPlan,
} from './plan';
import { Assumptions } from '../../assumptions';
import * as catalog from '../../catalog';
import { checkPlanInputs, PLAN_FORMAT_VERSION } from '../../inputs';
import { fmt, objectOrEmpty, Rules } from '../../validation';
import { BlockKind, checkName, enumValues, PlanContext, RemovalPolicy, resolveSizingPolicy } from '../common';
import { BucketEncryption, logBucketLifecycle } from '../shared/bucket';
import { cdnTtlsOrDefaults, checkPathPatterns, checkTtls, DEFAULT_STATIC_PATH_PATTERNS } from '../shared/cdn';

// GlobalCdn: planGlobalCdn resolves the options into the plan, with the named resolvers it uses.

/** ISO 3166-1 alpha-2 codes (the codes CloudFront geo restriction takes). */
const ISO_COUNTRIES = new Set((
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ '
  + 'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR '
  + 'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP '
  + 'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT '
  + 'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW '
  + 'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG '
  + 'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW').split(' '));

/** A DNS name (an alternate domain may start with `*.`). */
const DOMAIN_NAME = /^(\*\.)?(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

const ORIGIN_DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

const WAF_RULE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

const ROOT_OBJECT = /^[A-Za-z0-9_\-.\/]{1,255}$/;

const RATE_LIMIT_RULE = 'RateLimitPerIp';

const DEFAULT_AVERAGE_RESPONSE_KIB = catalog.ASSUMED.cdnAverageResponseKiB.value;

const DEFAULT_HIT_RATIO = catalog.ASSUMED.cdnHitRatio.value;

const API_TTL_MAX = 3600;

/** The AWS-managed prefix list of CloudFront's origin-facing addresses. */
const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = 'com.amazonaws.global.cloudfront.origin-facing';

/** Days after which an incomplete multipart upload to a block's bucket is aborted. */
const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;

/** Days CloudFront access logs are kept. */
const ACCESS_LOG_EXPIRATION_DAYS = 90;

/** Days a deleted KMS key waits (the KMS maximum). */
const KMS_PENDING_WINDOW_DAYS = 30;

const DOCUMENT_TTL_MAX = 86_400;

/** The ACM certificate ARN pattern, with the Region the catalog requires for CloudFront. */
function certificateArnPattern(): RegExp {
  const region = catalog.REGION_RULES.acmCertificateForCloudFront.value.replace(/-/g, '\\-');
  return new RegExp(`^arn:aws[a-zA-Z-]*:acm:${region}:\\d{12}:certificate\\/[A-Za-z0-9-]{1,128}$`);
}

function webAclArnPattern(): RegExp {
  const region = catalog.REGION_RULES.wafWebAclForCloudFront.value.replace(/-/g, '\\-');
  return new RegExp(`^arn:aws[a-zA-Z-]*:wafv2:${region}:\\d{12}:global\\/webacl\\/[A-Za-z0-9_-]{1,128}\\/[A-Za-z0-9-]{1,128}$`);
}

function cachedMethodsFor(allowed: CdnAllowedMethods): CdnAllowedMethods {
  return allowed === CdnAllowedMethods.GET_HEAD ? CdnAllowedMethods.GET_HEAD : CdnAllowedMethods.GET_HEAD_OPTIONS;
}

/**
 * Validates options and resolves every default of a GlobalCdn.
 *
 * @throws ValidationError listing every invalid prop
 */
export function planGlobalCdn(options: GlobalCdnOptions = {}, context: PlanContext = {}): GlobalCdnPlan {
  checkPlanInputs(options, context, 'cdn', 'GlobalCdnOptions');
  const o = objectOrEmpty<GlobalCdnOptions>(options);
  const name = o.name ?? 'cdn';
  const nameStr = typeof name === 'string' ? name : 'cdn';
  const path = context.path ?? nameStr;
  const rules = new Rules(path);
  const assumed = new Assumptions(context.specPrefix ?? nameStr);
  checkName(rules, name);
  const sizing = resolveSizingPolicy(rules, assumed, o.sizing);
  const cf = catalog.QUOTAS.cloudFront;

  const staticSite = rules.booleanOr('staticSite', o.staticSite, true);
  const apiO = o.apiOrigin === undefined ? undefined : rules.object('apiOrigin', o.apiOrigin);
  const hasApi = apiO !== undefined;
  rules.check('staticSite', o.staticSite, staticSite || hasApi, 'true unless apiOrigin is given (a distribution needs an origin)');

  // --- static bucket --------------------------------------------------------------------------
  const b = rules.object('bucket', o.bucket);
  if (!staticSite) rules.check('bucket', o.bucket, o.bucket === undefined, 'unset with staticSite false');
  const encryption = b.encryption ?? BucketEncryption.KMS;
  rules.oneOf('bucket.encryption', encryption, enumValues(BucketEncryption));
  const noncurrentVersionExpirationDays = b.noncurrentVersionExpirationDays ?? 30;
  rules.integer('bucket.noncurrentVersionExpirationDays', noncurrentVersionExpirationDays, 1, 3650, 'days');
  const bucketRemoval = b.removalPolicy ?? RemovalPolicy.RETAIN;
  rules.oneOf('bucket.removalPolicy', bucketRemoval, enumValues(RemovalPolicy));
  rules.check('bucket.removalPolicy', bucketRemoval, bucketRemoval !== RemovalPolicy.SNAPSHOT, 'RETAIN or DESTROY (a bucket has no snapshot)');

  // --- static caching (TieredCache CDN tier or staticBehavior) --------------------------------
  const sb = rules.object('staticBehavior', o.staticBehavior);
  const tier = o.cdnTier === undefined ? undefined : rules.object('cdnTier', o.cdnTier);
  if (tier) {
    for (const p of ['pathPatterns', 'minTtlSeconds', 'defaultTtlSeconds', 'maxTtlSeconds'] as const) {
      rules.check(`staticBehavior.${p}`, sb[p], sb[p] === undefined, 'unset with cdnTier (the TieredCache CDN tier owns the static paths and TTLs)');
    }
  }
  const src = tier ?? sb;
  const srcName = tier ? 'cdnTier' : 'staticBehavior';
  const { minTtlSeconds: staticMin, defaultTtlSeconds: staticDefault, maxTtlSeconds: staticMax } = cdnTtlsOrDefaults(src);
  checkTtls(rules, srcName, staticMin, staticDefault, staticMax);
  const staticPatterns = checkPathPatterns(rules, `${srcName}.pathPatterns`, src.pathPatterns, cf.cacheBehaviorsPerDistribution.value)
    ?? [...DEFAULT_STATIC_PATH_PATTERNS];
  if (tier) rules.fraction('cdnTier.hitRatio', tier.hitRatio);
  const documentTtlSeconds = sb.documentTtlSeconds ?? 300;
  rules.integer('staticBehavior.documentTtlSeconds', documentTtlSeconds, 0, DOCUMENT_TTL_MAX, 's');
  if (!staticSite) rules.check('staticBehavior.documentTtlSeconds', sb.documentTtlSeconds, sb.documentTtlSeconds === undefined, 'unset with staticSite false');

  // --- API origin -----------------------------------------------------------------------------
  const ao = apiO ?? {};
  const apiKind = ao.kind ?? (ao.domainName !== undefined ? ApiOriginKind.CUSTOM_DOMAIN : ApiOriginKind.LOAD_BALANCED_API);
  rules.oneOf('apiOrigin.kind', apiKind, enumValues(ApiOriginKind));
  if (hasApi) {
    if (apiKind === ApiOriginKind.CUSTOM_DOMAIN) {
      rules.check('apiOrigin.domainName', ao.domainName, typeof ao.domainName === 'string' && ORIGIN_DOMAIN.test(ao.domainName),
        'the origin\'s domain name, such as api.example.com (lower case)');
    } else {
      rules.check('apiOrigin.domainName', ao.domainName, ao.domainName === undefined, 'unset with kind LOAD_BALANCED_API (the backend wires the load balancer)');
    }
  }
  const protocolPolicy = ao.protocolPolicy ?? OriginProtocolPolicy.HTTPS_ONLY;
  rules.oneOf('apiOrigin.protocolPolicy', protocolPolicy, enumValues(OriginProtocolPolicy));
  const httpsPort = ao.httpsPort ?? 443;
  const httpPort = ao.httpPort ?? 80;
  rules.integer('apiOrigin.httpsPort', httpsPort, 1, 65535);
  rules.integer('apiOrigin.httpPort', httpPort, 1, 65535);
  const responseTimeoutSeconds = ao.responseTimeoutSeconds ?? 30;
  const connectionTimeoutSeconds = ao.connectionTimeoutSeconds ?? cf.originConnectionTimeoutMaxSeconds.value;
  const connectionAttempts = ao.connectionAttempts ?? cf.originConnectionAttemptsMax.value;
  rules.integer('apiOrigin.responseTimeoutSeconds', responseTimeoutSeconds, cf.originResponseTimeoutMinSeconds.value, cf.originResponseTimeoutMaxSeconds.value, 's');
  rules.integer('apiOrigin.connectionTimeoutSeconds', connectionTimeoutSeconds, cf.originConnectionTimeoutMinSeconds.value, cf.originConnectionTimeoutMaxSeconds.value, 's');
  rules.integer('apiOrigin.connectionAttempts', connectionAttempts, cf.originConnectionAttemptsMin.value, cf.originConnectionAttemptsMax.value);
  const fo = ao.failover === undefined ? undefined : rules.object('apiOrigin.failover', ao.failover);
  const failoverCodes = fo ? (fo.statusCodes ?? [500, 502, 503, 504]) : [];
  if (fo) {
    rules.check('apiOrigin.failover.domainName', fo.domainName, typeof fo.domainName === 'string' && ORIGIN_DOMAIN.test(fo.domainName),
      'the secondary origin\'s domain name, such as api-dr.example.com (lower case)');
    const allowedCodes = catalog.ALLOWED_VALUES.cloudFront.originGroupFailoverStatusCodes.values;
    rules.check('apiOrigin.failover.statusCodes', failoverCodes, Array.isArray(failoverCodes) && failoverCodes.length >= 1
      && failoverCodes.every((c) => allowedCodes.includes(c)) && new Set(failoverCodes).size === failoverCodes.length,
    `a non-empty list without duplicates of ${allowedCodes.join(', ')}`);
  }

  // --- API behaviours -------------------------------------------------------------------------
  const ab = rules.object('apiBehavior', o.apiBehavior);
  if (!hasApi) rules.check('apiBehavior', o.apiBehavior, o.apiBehavior === undefined, 'unset without apiOrigin');
  if (!staticSite) {
    rules.check('apiBehavior.pathPatterns', ab.pathPatterns, ab.pathPatterns === undefined,
      'unset with staticSite false (the default behaviour goes to the API)');
  }
  const apiPatterns = checkPathPatterns(rules, 'apiBehavior.pathPatterns', ab.pathPatterns, cf.cacheBehaviorsPerDistribution.value) ?? ['/api/*'];
  const apiTtl = ab.cacheTtlSeconds ?? 0;
  rules.integer('apiBehavior.cacheTtlSeconds', apiTtl, 0, API_TTL_MAX, 's');
  const apiMethods = ab.allowedMethods ?? CdnAllowedMethods.ALL;
  rules.oneOf('apiBehavior.allowedMethods', apiMethods, enumValues(CdnAllowedMethods));
  const forwardCookies = rules.booleanOr('apiBehavior.forwardCookies', ab.forwardCookies, true);
  if (fo) {
    rules.check('apiBehavior.allowedMethods', apiMethods, apiMethods !== CdnAllowedMethods.ALL,
      'GET_HEAD or GET_HEAD_OPTIONS with apiOrigin.failover (CloudFront rejects origin groups on behaviours that allow POST, PUT, PATCH or DELETE)');
  }
  if (staticSite && hasApi) {
    const both = apiPatterns.filter((p) => staticPatterns.includes(p));
    rules.check('apiBehavior.pathPatterns', both, both.length === 0, 'patterns that are not also static path patterns');
  }

  // --- viewer, TLS, domains -------------------------------------------------------------------
  const domainNames = rules.uniqueStrings('domainNames', o.domainNames, (d) => DOMAIN_NAME.test(d),
    'a domain name such as www.example.com or *.example.com (lower case)') ?? [];
  rules.matches('certificateArn', o.certificateArn, certificateArnPattern(),
    `an ACM certificate ARN in ${catalog.REGION_RULES.acmCertificateForCloudFront.value} (CloudFront only uses certificates from there): `
    + `arn:aws:acm:${catalog.REGION_RULES.acmCertificateForCloudFront.value}:<account>:certificate/<id>`);
  rules.check('certificateArn', o.certificateArn, domainNames.length === 0 || o.certificateArn !== undefined, 'set when domainNames are given (CloudFront needs a certificate for them)');
  rules.check('certificateArn', o.certificateArn, o.certificateArn === undefined || domainNames.length > 0, 'unset without domainNames (the cloudfront.net name uses CloudFront\'s certificate)');
  const priceClass = o.priceClass ?? PriceClass.PRICE_CLASS_ALL;
  rules.oneOf('priceClass', priceClass, enumValues(PriceClass));
  const httpVersion = o.httpVersion ?? CdnHttpVersion.HTTP2_AND_3;
  rules.oneOf('httpVersion', httpVersion, enumValues(CdnHttpVersion));
  const defaultRootObject = staticSite ? (o.defaultRootObject ?? 'index.html') : undefined;
  rules.matches('defaultRootObject', o.defaultRootObject, ROOT_OBJECT, 'an object key such as index.html');
  if (!staticSite) rules.check('defaultRootObject', o.defaultRootObject, o.defaultRootObject === undefined, 'unset with staticSite false');

  // --- geo restriction ------------------------------------------------------------------------
  const g = rules.object('geoRestriction', o.geoRestriction);
  const isCountry = (c: string): boolean => ISO_COUNTRIES.has(c);
  const countryAllowed = 'an ISO 3166-1 alpha-2 country code in upper case, such as US or DE';
  const allow = rules.uniqueStrings('geoRestriction.allowCountries', g.allowCountries, isCountry, countryAllowed);
  const deny = rules.uniqueStrings('geoRestriction.denyCountries', g.denyCountries, isCountry, countryAllowed);
  rules.check('geoRestriction', o.geoRestriction, !(g.allowCountries !== undefined && g.denyCountries !== undefined), 'one of allowCountries or denyCountries, not both');
  if (g.allowCountries !== undefined) rules.check('geoRestriction.allowCountries', g.allowCountries, (allow?.length ?? 0) > 0, 'a non-empty list (omit it for no restriction)');
  if (g.denyCountries !== undefined) rules.check('geoRestriction.denyCountries', g.denyCountries, (deny?.length ?? 0) > 0, 'a non-empty list (omit it for no restriction)');
  const geoRestriction: CdnGeoRestrictionPlan = allow ? { type: GeoRestrictionType.ALLOWLIST, countries: allow }
    : deny ? { type: GeoRestrictionType.DENYLIST, countries: deny } : { type: GeoRestrictionType.NONE, countries: [] };

  // --- WAF ------------------------------------------------------------------------------------
  const w = rules.object('waf', o.waf);
  const wafEnabled = rules.booleanOr('waf.enabled', w.enabled, true);
  rules.matches('waf.webAclArn', w.webAclArn, webAclArnPattern(),
    `a WAFv2 web ACL ARN with scope CLOUDFRONT, in ${catalog.REGION_RULES.wafWebAclForCloudFront.value}: arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>`);
  const rateLimitPerIp = w.rateLimitPerIp ?? 2000;
  rules.integer('waf.rateLimitPerIp', rateLimitPerIp, catalog.QUOTAS.waf.rateLimitMin.value, catalog.QUOTAS.waf.rateLimitMax.value, 'requests');
  const rateLimitWindowSeconds = w.rateLimitWindowSeconds ?? 300;
  const windows = catalog.ALLOWED_VALUES.waf.rateLimitWindowsSeconds.values;
  rules.check('waf.rateLimitWindowSeconds', rateLimitWindowSeconds, windows.includes(rateLimitWindowSeconds), `one of ${windows.join(', ')} s`);
  const excludedCommonRules = rules.uniqueStrings('waf.excludedCommonRules', w.excludedCommonRules, (r) => WAF_RULE_NAME.test(r),
    'a rule name of AWSManagedRulesCommonRuleSet, such as SizeRestrictions_BODY') ?? [];
  if (w.webAclArn !== undefined) {
    for (const p of ['rateLimitPerIp', 'rateLimitWindowSeconds', 'excludedCommonRules'] as const) {
      rules.check(`waf.${p}`, w[p], w[p] === undefined, 'unset with waf.webAclArn (the existing web ACL has its own rules)');
    }
  }
  if (!wafEnabled) {
    for (const p of ['webAclArn', 'rateLimitPerIp', 'rateLimitWindowSeconds', 'excludedCommonRules'] as const) {
      rules.check(`waf.${p}`, w[p], w[p] === undefined, 'unset with waf.enabled false');
    }
  }

  // --- security headers -----------------------------------------------------------------------
  const h = rules.object('securityHeaders', o.securityHeaders);
  const hstsMaxAgeSeconds = h.hstsMaxAgeSeconds ?? 63_072_000;
  rules.integer('securityHeaders.hstsMaxAgeSeconds', hstsMaxAgeSeconds, 0, 63_072_000, 's');
  const hstsIncludeSubdomains = rules.booleanOr('securityHeaders.hstsIncludeSubdomains', h.hstsIncludeSubdomains, true);
  const hstsPreload = rules.booleanOr('securityHeaders.hstsPreload', h.hstsPreload, false);
  if (hstsPreload) {
    rules.check('securityHeaders.hstsPreload', hstsPreload, hstsIncludeSubdomains && typeof hstsMaxAgeSeconds === 'number' && hstsMaxAgeSeconds >= 31_536_000,
      'false unless hstsIncludeSubdomains is true and hstsMaxAgeSeconds is at least 31536000 (the preload list requires both)');
  }
  const frameOption = h.frameOption ?? FrameOption.DENY;
  rules.oneOf('securityHeaders.frameOption', frameOption, enumValues(FrameOption));
  const referrerPolicy = h.referrerPolicy ?? ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN;
  rules.oneOf('securityHeaders.referrerPolicy', referrerPolicy, enumValues(ReferrerPolicy));
  const cspMax = cf.responseHeadersCspMaxLength.value;
  rules.matches('securityHeaders.contentSecurityPolicy', h.contentSecurityPolicy, new RegExp(`^[\\x20-\\x7e]{1,${cspMax}}$`),
    `a Content-Security-Policy value of printable ASCII on one line, up to ${fmt(cspMax)} characters (the CloudFront limit)`);

  const accessLogs = rules.booleanOr('accessLogs', o.accessLogs, true);

  // --- load -----------------------------------------------------------------------------------
  const l = rules.object('load', o.load);
  rules.number('load.peakRequestsPerSecond', l.peakRequestsPerSecond, 0, 1e9, 'requests/s');
  rules.number('load.peakGbps', l.peakGbps, 0, 1e6, 'Gbps');
  rules.positive('load.averageResponseKiB', l.averageResponseKiB, 1e7, 'KiB');
  rules.fraction('load.hitRatio', l.hitRatio);
  rules.check('load.peakGbps', l.peakGbps, l.peakGbps === undefined || l.averageResponseKiB === undefined, 'unset with load.averageResponseKiB (give one of them)');
  const peakRequestsPerSecond = assumed.take('load.peakRequestsPerSecond', l.peakRequestsPerSecond, 0, 'no peak declared: nothing to size against');
  const tierHit = tier && typeof tier.hitRatio === 'number' ? tier.hitRatio : undefined;
  const hitRatio = assumed.take('load.hitRatio', l.hitRatio, tierHit ?? DEFAULT_HIT_RATIO, tierHit !== undefined
    ? 'the hit ratio of the TieredCache CDN tier'
    : 'conservative: API paths are not cached, so the origin is sized for half the peak; measure CloudFront CacheHitRate and set it');
  const averageKiBAssumed = l.peakGbps !== undefined && typeof peakRequestsPerSecond === 'number' && peakRequestsPerSecond > 0
    ? undefined
    : assumed.take('load.averageResponseKiB', l.averageResponseKiB, DEFAULT_AVERAGE_RESPONSE_KIB,
      'a mix of small JSON responses and images of tens to hundreds of KiB: measure BytesDownloaded / Requests', (v) => `${fmt(v)} KiB`);

  rules.throwIfInvalid();
  // From here every option is valid.
  const averageResponseKiB = averageKiBAssumed ?? ((l.peakGbps as number) * 1e9) / (8 * 1024 * peakRequestsPerSecond);
  const peakGbps = l.peakGbps ?? gbpsFor(peakRequestsPerSecond, averageResponseKiB);

  // --- origins and behaviours -----------------------------------------------------------------
  const origins: CdnOriginPlan[] = [];
  const originGroups: CdnOriginGroupPlan[] = [];
  if (staticSite) {
    origins.push({
      id: 'static',
      kind: CdnOriginKind.S3_BUCKET,
      originAccessControl: true,
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
      connectionTimeoutSeconds,
      connectionAttempts,
      restrictToCloudFront: false,
    });
  }
  let apiTarget = 'api';
  if (hasApi) {
    const custom = apiKind === ApiOriginKind.CUSTOM_DOMAIN;
    const customOrigin = (id: string, domainName: string | undefined, kind: CdnOriginKind): CdnOriginPlan => (kind === CdnOriginKind.LOAD_BALANCER ? {
      ...customOriginBase(id, domainName, kind),
      restrictToCloudFront: true,
      originPort: protocolPolicy === OriginProtocolPolicy.HTTP_ONLY ? httpPort : httpsPort,
      cloudFrontPrefixListName: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST,
    } : customOriginBase(id, domainName, kind));
    const customOriginBase = (id: string, domainName: string | undefined, kind: CdnOriginKind): CdnOriginPlan => ({
      id,
      kind,
      domainName,
      originAccessControl: false,
      protocolPolicy,
      httpsPort,
      httpPort,
      sslProtocols: ['TLSv1.2'],
      responseTimeoutSeconds,
      connectionTimeoutSeconds,
      connectionAttempts,
      restrictToCloudFront: false,
    });
    origins.push(customOrigin('api', custom ? ao.domainName : undefined, custom ? CdnOriginKind.CUSTOM_DOMAIN : CdnOriginKind.LOAD_BALANCER));
    if (fo) {
      origins.push(customOrigin('api-failover', fo.domainName, CdnOriginKind.CUSTOM_DOMAIN));
      originGroups.push({ id: 'api-group', primaryOriginId: 'api', secondaryOriginId: 'api-failover', failoverStatusCodes: [...failoverCodes] });
      apiTarget = 'api-group';
    }
  }
  const staticCache: CdnCachePlan = {
    enabled: true,
    minTtlSeconds: staticMin,
    defaultTtlSeconds: staticDefault,
    maxTtlSeconds: staticMax,
    headersInCacheKey: [],
    queryStringsInCacheKey: false,
    cookiesInCacheKey: false,
    compressedObjects: true,
  };
  const noOriginRequest: CdnOriginRequestPlan = { allViewerHeadersExceptHost: false, queryStrings: false, cookies: false };
  const behavior = (pathPattern: string, targetOriginId: string, allowedMethods: CdnAllowedMethods, cache: CdnCachePlan,
    originRequest: CdnOriginRequestPlan): CdnBehaviorPlan => ({
    pathPattern,
    targetOriginId,
    allowedMethods,
    cachedMethods: cachedMethodsFor(allowedMethods),
    redirectToHttps: true,
    compress: true,
    cache,
    originRequest,
    securityHeaders: true,
  });
  const apiCache: CdnCachePlan = apiTtl > 0
    ? {
      enabled: true,
      minTtlSeconds: 0,
      defaultTtlSeconds: apiTtl,
      maxTtlSeconds: apiTtl,
      headersInCacheKey: ['Authorization'],
      queryStringsInCacheKey: true,
      cookiesInCacheKey: forwardCookies,
      compressedObjects: true,
    }
    : {
      enabled: false,
      minTtlSeconds: 0,
      defaultTtlSeconds: 0,
      maxTtlSeconds: 0,
      headersInCacheKey: [],
      queryStringsInCacheKey: false,
      cookiesInCacheKey: false,
      compressedObjects: false,
    };
  const apiOriginRequest: CdnOriginRequestPlan = { allViewerHeadersExceptHost: true, queryStrings: true, cookies: forwardCookies };
  const staticTarget = staticSite ? 'static' : apiTarget;
  const behaviors: CdnBehaviorPlan[] = [];
  if (staticSite && hasApi) {
    for (const p of apiPatterns) behaviors.push(behavior(p, apiTarget, apiMethods, apiCache, apiOriginRequest));
  }
  for (const p of staticPatterns) behaviors.push(behavior(p, staticTarget, CdnAllowedMethods.GET_HEAD, staticCache, noOriginRequest));
  const defaultBehavior = staticSite
    ? behavior('*', 'static', CdnAllowedMethods.GET_HEAD, {
      ...staticCache,
      defaultTtlSeconds: documentTtlSeconds,
      minTtlSeconds: 0,
      maxTtlSeconds: Math.max(documentTtlSeconds, Math.min(staticMax, DOCUMENT_TTL_MAX)),
    }, noOriginRequest)
    : behavior('*', apiTarget, apiMethods, apiCache, apiOriginRequest);

  // --- buckets, WAF, headers ------------------------------------------------------------------
  const cloudFront = 'cloudfront.amazonaws.com';
  const bucket: StaticBucketPlan | undefined = staticSite ? {
    encryption,
    kmsKeyRotation: encryption === BucketEncryption.KMS,
    kmsKeyGrant: encryption === BucketEncryption.KMS
      ? { servicePrincipal: cloudFront, actions: ['kms:Decrypt'], conditionKey: 'AWS:SourceArn', conditionValue: DISTRIBUTION_ARN }
      : undefined,
    bucketKeyEnabled: encryption === BucketEncryption.KMS,
    bucketPolicyGrant: { servicePrincipal: cloudFront, actions: ['s3:GetObject'], conditionKey: 'AWS:SourceArn', conditionValue: DISTRIBUTION_ARN },
    versioned: true,
    blockPublicAccess: true,
    enforceTls: true,
    objectOwnership: 'BUCKET_OWNER_ENFORCED',
    lifecycle: { id: 'expire-old-versions', noncurrentVersionExpirationDays, abortIncompleteMultipartUploadDays: ABORT_INCOMPLETE_UPLOAD_DAYS },
    removalPolicy: bucketRemoval,
    kmsKeyRemovalPolicy: encryption === BucketEncryption.KMS ? bucketRemoval : undefined,
    kmsKeyPendingWindowDays: encryption === BucketEncryption.KMS ? KMS_PENDING_WINDOW_DAYS : undefined,
    serverAccessLogsPrefix: accessLogs ? `s3-access/${nameStr}/` : undefined,
  } : undefined;
  const logBucket: LogBucketPlan | undefined = accessLogs ? {
    encryption: BucketEncryption.S3_MANAGED,
    objectOwnership: 'BUCKET_OWNER_PREFERRED',
    versioned: true,
    blockPublicAccess: true,
    enforceTls: true,
    logDeliveryWriteAcl: staticSite,
    lifecycle: logBucketLifecycle('expire-logs', ACCESS_LOG_EXPIRATION_DAYS, true),
    removalPolicy: RemovalPolicy.RETAIN,
    prefix: `${nameStr}/`,
    includeCookies: false,
  } : undefined;
  const wafMetricName = `${nameStr}-waf`;
  const waf: CdnWafPlan = {
    enabled: wafEnabled,
    createWebAcl: wafEnabled && w.webAclArn === undefined,
    webAclArn: w.webAclArn,
    scope: 'CLOUDFRONT',
    region: catalog.REGION_RULES.wafWebAclForCloudFront.value,
    defaultAction: 'ALLOW',
    managedRuleGroups: wafEnabled && w.webAclArn === undefined
      ? [{
        vendor: 'AWS',
        name: COMMON_RULE_SET,
        excludedRules: excludedCommonRules,
        excludedRuleAction: 'COUNT',
        priority: 1,
        ruleName: COMMON_RULE_SET,
        metricName: `${wafMetricName}-${COMMON_RULE_SET}`,
        overrideAction: 'NONE',
      }] : [],
    rateLimitPerIp,
    rateLimitWindowSeconds,
    rateLimitPriority: 0,
    rateLimitRuleName: RATE_LIMIT_RULE,
    rateLimitAggregateKeyType: 'IP',
    rateLimitAction: 'BLOCK',
    rateLimitMetricName: `${wafMetricName}-${RATE_LIMIT_RULE}`,
    webAclName: `${nameStr}-web-acl`,
    metricName: wafMetricName,
    cloudWatchMetrics: true,
    sampledRequests: true,
  };
  return {
    kind: BlockKind.GLOBAL_CDN,
    planVersion: PLAN_FORMAT_VERSION,
    name,
    path,
    sizing,
    assumed: assumed.list,
    enabled: true,
    staticSite,
    bucket,
    origins,
    originGroups,
    defaultBehavior,
    behaviors,
    defaultRootObject,
    viewer: {
      domainNames,
      certificateArn: o.certificateArn,
      minimumProtocolVersion: 'TLSv1.2_2021',
      sslSupportMethod: 'sni-only',
      httpVersion,
      ipv6: true,
    },
    priceClass,
    geoRestriction,
    securityHeaders: {
      hstsMaxAgeSeconds,
      hstsIncludeSubdomains,
      hstsPreload,
      contentTypeOptionsNoSniff: true,
      frameOption,
      referrerPolicy,
      contentSecurityPolicy: h.contentSecurityPolicy,
      override: true,
    },
    waf,
    shieldStandard: true,
    accessLogs,
    logBucket,
    load: {
      peakRequestsPerSecond,
      averageResponseKiB,
      peakGbps,
      hitRatio,
      originRequestsPerSecond: peakRequestsPerSecond * (1 - hitRatio),
    },
  };
}
