import { COMMON_RULE_SET, gbpsFor, isOriginDomainName } from './internal';
import {
  ApiOriginKind, ApiOriginOptions, CdnAllowedMethods, CdnHttpVersion, CdnOriginKind, FrameOption, GeoRestrictionType, GlobalCdnOptions,
  OriginProtocolPolicy, PriceClass, ReferrerPolicy,
} from './options';
import {
  CdnBehaviorPlan, CdnCachePlan, CdnGeoRestrictionPlan, CdnOriginGroupPlan, CdnOriginPlan, CdnOriginRequestPlan, CdnWafPlan, DISTRIBUTION_ARN,
  GlobalCdnLoadPlan, GlobalCdnPlan, LogBucketPlan, SecurityHeadersPlan, StaticBucketPlan,
} from './plan';
import { Assumptions } from '../../assumptions';
import * as catalog from '../../catalog';
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST_NAME } from '../../catalog/prefix-lists';
import { checkPlanInputs, PLAN_FORMAT_VERSION } from '../../inputs';
import { fmt, objectOrEmpty, Rules } from '../../validation';
import { BlockKind, checkName, enumValues, PlanContext, RemovalPolicy, resolveSizingPolicy } from '../common';
import { BucketEncryption, logBucketLifecycle } from '../shared/bucket';
import {
  CdnTierPlan, cdnTtlsOrDefaults, checkOriginHeaderName, checkPathPatterns, checkTtls, DEFAULT_ORIGIN_HEADER_NAME, DEFAULT_STATIC_PATH_PATTERNS,
  OriginAccess, OriginHeaderOptions, SECRET_NAME_PATTERN,
} from '../shared/cdn';

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


const WAF_RULE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

const ROOT_OBJECT = /^[A-Za-z0-9_\-.\/]{1,255}$/;

const RATE_LIMIT_RULE = 'RateLimitPerIp';

const DEFAULT_AVERAGE_RESPONSE_KIB = catalog.ASSUMED.cdnAverageResponseKiB.value;

const DEFAULT_HIT_RATIO = catalog.ASSUMED.cdnHitRatio.value;

const API_TTL_MAX = 3600;

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

/** What every resolver of a GlobalCdn reads and reports to. */
interface CdnResolution {
  readonly o: GlobalCdnOptions;
  readonly rules: Rules;
  readonly assumed: Assumptions;
  /** The block's name when it is a string (`cdn` otherwise: checkName reports it). */
  readonly nameStr: string;
  /** CloudFront's quotas. */
  readonly cf: typeof catalog.QUOTAS.cloudFront;
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
  const r: CdnResolution = { o, rules, assumed, nameStr, cf: catalog.QUOTAS.cloudFront };

  const staticSite = rules.booleanOr('staticSite', o.staticSite, true);
  const apiO = o.apiOrigin === undefined ? undefined : rules.object('apiOrigin', o.apiOrigin);
  const hasApi = apiO !== undefined;
  rules.check('staticSite', o.staticSite, staticSite || hasApi, 'true unless apiOrigin is given (a distribution needs an origin)');
  const bucketChoice = resolveBucketChoice(r, staticSite);
  const statics = resolveStaticCaching(r, staticSite);
  const api = resolveApiOrigin(r, apiO);
  const apiBehavior = resolveApiBehavior(r, hasApi, staticSite, api.failover !== undefined, statics.pathPatterns);
  const viewer = resolveViewer(r, staticSite);
  const geoRestriction = resolveGeoRestriction(r);
  const wafChoice = resolveWafChoice(r);
  const securityHeaders = resolveSecurityHeaders(r);
  const accessLogs = rules.booleanOr('accessLogs', o.accessLogs, true);
  const loadInputs = resolveLoadInputs(r, statics.tier);

  rules.throwIfInvalid();
  // From here every option is valid.
  const load = loadPlan(loadInputs);
  const { origins, originGroups, apiTarget } = resolveOrigins(nameStr, staticSite, hasApi, api);
  const { defaultBehavior, behaviors } = resolveBehaviors(staticSite, hasApi, statics, apiBehavior, apiTarget);
  return {
    kind: BlockKind.GLOBAL_CDN,
    planVersion: PLAN_FORMAT_VERSION,
    name,
    path,
    sizing,
    assumed: assumed.list,
    enabled: true,
    staticSite,
    bucket: staticSite ? staticBucketPlan(nameStr, bucketChoice, accessLogs) : undefined,
    origins,
    originGroups,
    defaultBehavior,
    behaviors,
    defaultRootObject: viewer.defaultRootObject,
    viewer: {
      domainNames: viewer.domainNames,
      certificateArn: o.certificateArn,
      minimumProtocolVersion: 'TLSv1.2_2021',
      sslSupportMethod: 'sni-only',
      httpVersion: viewer.httpVersion,
      ipv6: true,
    },
    priceClass: viewer.priceClass,
    geoRestriction,
    securityHeaders,
    waf: wafPlan(nameStr, wafChoice),
    shieldStandard: true,
    accessLogs,
    logBucket: accessLogs ? logBucketPlan(nameStr, staticSite) : undefined,
    load,
  };
}

/** The static bucket's options: encryption, how long noncurrent versions live, removal policy. */
interface BucketChoice {
  readonly encryption: BucketEncryption;
  readonly noncurrentVersionExpirationDays: number;
  readonly removalPolicy: RemovalPolicy;
}

/** The static bucket's options (none allowed without a static site). */
function resolveBucketChoice({ o, rules }: CdnResolution, staticSite: boolean): BucketChoice {
  const b = rules.object('bucket', o.bucket);
  if (!staticSite) rules.check('bucket', o.bucket, o.bucket === undefined, 'unset with staticSite false');
  const encryption = b.encryption ?? BucketEncryption.KMS;
  rules.oneOf('bucket.encryption', encryption, enumValues(BucketEncryption));
  const noncurrentVersionExpirationDays = b.noncurrentVersionExpirationDays ?? 30;
  rules.integer('bucket.noncurrentVersionExpirationDays', noncurrentVersionExpirationDays, 1, 3650, 'days');
  const removalPolicy = b.removalPolicy ?? RemovalPolicy.RETAIN;
  rules.oneOf('bucket.removalPolicy', removalPolicy, enumValues(RemovalPolicy));
  rules.check('bucket.removalPolicy', removalPolicy, removalPolicy !== RemovalPolicy.SNAPSHOT, 'RETAIN or DESTROY (a bucket has no snapshot)');
  return { encryption, noncurrentVersionExpirationDays, removalPolicy };
}

/** The static paths and their TTLs (from the TieredCache CDN tier when there is one), and the document TTL. */
interface StaticCaching {
  /** The TieredCache CDN tier, when given. */
  readonly tier?: CdnTierPlan;
  readonly minTtlSeconds: number;
  readonly defaultTtlSeconds: number;
  readonly maxTtlSeconds: number;
  readonly pathPatterns: string[];
  readonly documentTtlSeconds: number;
}

/** Static caching: the TieredCache CDN tier or `staticBehavior` (not both for the same settings). */
function resolveStaticCaching({ o, rules, cf }: CdnResolution, staticSite: boolean): StaticCaching {
  const sb = rules.object('staticBehavior', o.staticBehavior);
  const tier = o.cdnTier === undefined ? undefined : rules.object('cdnTier', o.cdnTier);
  if (tier) {
    for (const p of ['pathPatterns', 'minTtlSeconds', 'defaultTtlSeconds', 'maxTtlSeconds'] as const) {
      rules.check(`staticBehavior.${p}`, sb[p], sb[p] === undefined, 'unset with cdnTier (the TieredCache CDN tier owns the static paths and TTLs)');
    }
  }
  const src = tier ?? sb;
  const srcName = tier ? 'cdnTier' : 'staticBehavior';
  const { minTtlSeconds, defaultTtlSeconds, maxTtlSeconds } = cdnTtlsOrDefaults(src);
  checkTtls(rules, srcName, minTtlSeconds, defaultTtlSeconds, maxTtlSeconds);
  const pathPatterns = checkPathPatterns(rules, `${srcName}.pathPatterns`, src.pathPatterns, cf.cacheBehaviorsPerDistribution.value)
    ?? [...DEFAULT_STATIC_PATH_PATTERNS];
  if (tier) rules.fraction('cdnTier.hitRatio', tier.hitRatio);
  const documentTtlSeconds = sb.documentTtlSeconds ?? 300;
  rules.integer('staticBehavior.documentTtlSeconds', documentTtlSeconds, 0, DOCUMENT_TTL_MAX, 's');
  if (!staticSite) rules.check('staticBehavior.documentTtlSeconds', sb.documentTtlSeconds, sb.documentTtlSeconds === undefined, 'unset with staticSite false');
  return { tier, minTtlSeconds, defaultTtlSeconds, maxTtlSeconds, pathPatterns, documentTtlSeconds };
}

/** The API origin's connection settings, and its failover origin. */
interface ApiOriginChoice {
  readonly kind: ApiOriginKind;
  /** How CloudFront reaches a LOAD_BALANCED_API origin. */
  readonly access: OriginAccess;
  readonly domainName?: string;
  /** LOAD_BALANCED_API only: the name CloudFront reaches the load balancer by, instead of its own. */
  readonly loadBalancerDomainName?: string;
  readonly protocolPolicy: OriginProtocolPolicy;
  readonly httpsPort: number;
  readonly httpPort: number;
  readonly responseTimeoutSeconds: number;
  readonly connectionTimeoutSeconds: number;
  readonly connectionAttempts: number;
  /** The secondary origin, with the status codes that fail over to it. */
  readonly failover?: { readonly domainName: string; readonly statusCodes: number[] };
  /** SECRET_ORIGIN_HEADER only: the header CloudFront adds, and the secret its value comes from. */
  readonly originHeader?: { readonly headerName: string; readonly secretName: string };
}

/** The API origin (also read without one: the static origin takes its connection settings). */
function resolveApiOrigin({ rules, cf }: CdnResolution, apiO: ApiOriginOptions | undefined): ApiOriginChoice {
  const hasApi = apiO !== undefined;
  const ao = apiO ?? {};
  const kind = ao.kind ?? (ao.domainName !== undefined ? ApiOriginKind.CUSTOM_DOMAIN : ApiOriginKind.LOAD_BALANCED_API);
  rules.oneOf('apiOrigin.kind', kind, enumValues(ApiOriginKind));
  if (hasApi) {
    if (kind === ApiOriginKind.CUSTOM_DOMAIN) {
      rules.check('apiOrigin.domainName', ao.domainName, typeof ao.domainName === 'string' && isOriginDomainName(ao.domainName),
        'the origin\'s domain name, such as api.example.com (lower case)');
    } else {
      rules.check('apiOrigin.domainName', ao.domainName, ao.domainName === undefined, 'unset with kind LOAD_BALANCED_API (the backend wires the load balancer; '
        + 'apiOrigin.loadBalancerDomainName names it for CloudFront)');
    }
  }
  const access = ao.access ?? OriginAccess.CLOUDFRONT_PREFIX_LIST;
  rules.oneOf('apiOrigin.access', access, [OriginAccess.VPC_ORIGIN, OriginAccess.CLOUDFRONT_PREFIX_LIST, OriginAccess.SECRET_ORIGIN_HEADER]);
  rules.check('apiOrigin.access', ao.access, ao.access === undefined || kind === ApiOriginKind.LOAD_BALANCED_API,
    'unset with kind CUSTOM_DOMAIN (it says how CloudFront reaches a load balancer of the system)');
  const lbName = ao.loadBalancerDomainName;
  if (lbName !== undefined) {
    if (kind !== ApiOriginKind.LOAD_BALANCED_API) {
      rules.check('apiOrigin.loadBalancerDomainName', lbName, false, 'unset with kind CUSTOM_DOMAIN (the origin is apiOrigin.domainName)');
    } else if (access === OriginAccess.VPC_ORIGIN) {
      rules.check('apiOrigin.loadBalancerDomainName', lbName, false,
        'unset with access VPC_ORIGIN (CloudFront reaches the internal load balancer through its VPC origin, by the load balancer\'s own name)');
    } else {
      rules.check('apiOrigin.loadBalancerDomainName', lbName, isOriginDomainName(lbName),
        'a DNS name pointed at the load balancer that its certificate covers, such as origin.example.com (lower-case labels of letters, digits and hyphens, at most 253 characters)');
    }
  }
  const protocolPolicy = ao.protocolPolicy ?? OriginProtocolPolicy.HTTPS_ONLY;
  rules.oneOf('apiOrigin.protocolPolicy', protocolPolicy, enumValues(OriginProtocolPolicy));
  const httpsPort = ao.httpsPort ?? 443;
  const httpPort = ao.httpPort ?? 80;
  rules.integer('apiOrigin.httpsPort', httpsPort, 1, 65535);
  rules.integer('apiOrigin.httpPort', httpPort, 1, 65535);
  if (access === OriginAccess.VPC_ORIGIN) {
    // CloudFront VPC origins take port 80, 443 or 1024..65535 (aws-cdk-lib's VpcOrigin checks the same, validatePortNumber).
    for (const [prop, port] of [['apiOrigin.httpsPort', httpsPort], ['apiOrigin.httpPort', httpPort]] as const) {
      rules.check(prop, port, !Number.isInteger(port) || port === 80 || port === 443 || port >= 1024, '80, 443 or 1024 to 65535 with access VPC_ORIGIN (the CloudFront VPC origin\'s ports)');
    }
  }
  const originHeader = resolveOriginHeaderOfCdn(rules, ao, access, protocolPolicy);
  const responseTimeoutSeconds = ao.responseTimeoutSeconds ?? 30;
  const connectionTimeoutSeconds = ao.connectionTimeoutSeconds ?? cf.originConnectionTimeoutMaxSeconds.value;
  const connectionAttempts = ao.connectionAttempts ?? cf.originConnectionAttemptsMax.value;
  rules.integer('apiOrigin.responseTimeoutSeconds', responseTimeoutSeconds, cf.originResponseTimeoutMinSeconds.value, cf.originResponseTimeoutMaxSeconds.value, 's');
  rules.integer('apiOrigin.connectionTimeoutSeconds', connectionTimeoutSeconds, cf.originConnectionTimeoutMinSeconds.value, cf.originConnectionTimeoutMaxSeconds.value, 's');
  rules.integer('apiOrigin.connectionAttempts', connectionAttempts, cf.originConnectionAttemptsMin.value, cf.originConnectionAttemptsMax.value);
  const fo = ao.failover === undefined ? undefined : rules.object('apiOrigin.failover', ao.failover);
  const statusCodes = fo ? (fo.statusCodes ?? [500, 502, 503, 504]) : [];
  if (fo) {
    rules.check('apiOrigin.failover.domainName', fo.domainName, typeof fo.domainName === 'string' && isOriginDomainName(fo.domainName),
      'the secondary origin\'s domain name, such as api-dr.example.com (lower case)');
    const allowedCodes = catalog.ALLOWED_VALUES.cloudFront.originGroupFailoverStatusCodes.values;
    rules.check('apiOrigin.failover.statusCodes', statusCodes, Array.isArray(statusCodes) && statusCodes.length >= 1
      && statusCodes.every((c) => allowedCodes.includes(c)) && new Set(statusCodes).size === statusCodes.length,
    `a non-empty list without duplicates of ${allowedCodes.join(', ')}`);
  }
  return {
    kind,
    access,
    domainName: ao.domainName,
    loadBalancerDomainName: kind === ApiOriginKind.LOAD_BALANCED_API ? lbName : undefined,
    protocolPolicy,
    httpsPort,
    httpPort,
    responseTimeoutSeconds,
    connectionTimeoutSeconds,
    connectionAttempts,
    failover: fo ? { domainName: fo.domainName, statusCodes } : undefined,
    originHeader,
  };
}

/**
 * The secret origin header CloudFront adds (access SECRET_ORIGIN_HEADER): its name, and the API's
 * secret its value comes from (which this block only reads, so it must be named). HTTPS only: the
 * header must not cross the internet in plain text.
 */
function resolveOriginHeaderOfCdn(rules: Rules, ao: ApiOriginOptions, access: OriginAccess, protocolPolicy: OriginProtocolPolicy):
{ headerName: string; secretName: string } | undefined {
  const secretHeader = access === OriginAccess.SECRET_ORIGIN_HEADER;
  const oh = rules.object('apiOrigin.originHeader', ao.originHeader) as OriginHeaderOptions;
  rules.check('apiOrigin.originHeader', ao.originHeader, secretHeader || ao.originHeader === undefined, 'unset unless apiOrigin.access is SECRET_ORIGIN_HEADER');
  if (!secretHeader) return undefined;
  rules.check('apiOrigin.protocolPolicy', protocolPolicy, protocolPolicy === OriginProtocolPolicy.HTTPS_ONLY,
    'HTTPS_ONLY with access SECRET_ORIGIN_HEADER (over plain HTTP anyone on the path would read the secret header); the API needs certificateArn');
  const headerName = oh.headerName ?? DEFAULT_ORIGIN_HEADER_NAME;
  checkOriginHeaderName(rules, 'apiOrigin.originHeader.headerName', headerName);
  rules.check('apiOrigin.originHeader.secretName', oh.secretName, typeof oh.secretName === 'string' && SECRET_NAME_PATTERN.test(oh.secretName),
    'the name of the LoadBalancedApi\'s origin secret (its plan\'s originHeader.secret.name; a SystemStack passes it): 1 to 512 letters, digits and /_+=.@-');
  rules.check('apiOrigin.originHeader.valueLength', oh.valueLength, oh.valueLength === undefined,
    'unset on the CDN (the LoadBalancedApi generates the value: set its originHeader.valueLength)');
  return { headerName, secretName: oh.secretName as string };
}

/** The API behaviours' options. */
interface ApiBehaviorChoice {
  readonly pathPatterns: string[];
  readonly cacheTtlSeconds: number;
  readonly allowedMethods: CdnAllowedMethods;
  readonly forwardCookies: boolean;
}

/** The API behaviours: paths (none of them static), cache TTL, methods, cookies. */
function resolveApiBehavior({ o, rules, cf }: CdnResolution, hasApi: boolean, staticSite: boolean, failover: boolean,
  staticPatterns: string[]): ApiBehaviorChoice {
  const ab = rules.object('apiBehavior', o.apiBehavior);
  if (!hasApi) rules.check('apiBehavior', o.apiBehavior, o.apiBehavior === undefined, 'unset without apiOrigin');
  if (!staticSite) {
    rules.check('apiBehavior.pathPatterns', ab.pathPatterns, ab.pathPatterns === undefined,
      'unset with staticSite false (the default behaviour goes to the API)');
  }
  const pathPatterns = checkPathPatterns(rules, 'apiBehavior.pathPatterns', ab.pathPatterns, cf.cacheBehaviorsPerDistribution.value) ?? ['/api/*'];
  const cacheTtlSeconds = ab.cacheTtlSeconds ?? 0;
  rules.integer('apiBehavior.cacheTtlSeconds', cacheTtlSeconds, 0, API_TTL_MAX, 's');
  const allowedMethods = ab.allowedMethods ?? CdnAllowedMethods.ALL;
  rules.oneOf('apiBehavior.allowedMethods', allowedMethods, enumValues(CdnAllowedMethods));
  const forwardCookies = rules.booleanOr('apiBehavior.forwardCookies', ab.forwardCookies, true);
  if (failover) {
    rules.check('apiBehavior.allowedMethods', allowedMethods, allowedMethods !== CdnAllowedMethods.ALL,
      'GET_HEAD or GET_HEAD_OPTIONS with apiOrigin.failover (CloudFront rejects origin groups on behaviours that allow POST, PUT, PATCH or DELETE)');
  }
  if (staticSite && hasApi) {
    const both = pathPatterns.filter((p) => staticPatterns.includes(p));
    rules.check('apiBehavior.pathPatterns', both, both.length === 0, 'patterns that are not also static path patterns');
  }
  return { pathPatterns, cacheTtlSeconds, allowedMethods, forwardCookies };
}

/** What viewers see: domains and their certificate, price class, HTTP version, root object. */
interface ViewerChoice {
  readonly domainNames: string[];
  readonly priceClass: PriceClass;
  readonly httpVersion: CdnHttpVersion;
  readonly defaultRootObject?: string;
}

/** Viewer, TLS and domains. */
function resolveViewer({ o, rules }: CdnResolution, staticSite: boolean): ViewerChoice {
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
  return { domainNames, priceClass, httpVersion, defaultRootObject };
}

/** The geo restriction: an allow list or a deny list of countries, or none. */
function resolveGeoRestriction({ o, rules }: CdnResolution): CdnGeoRestrictionPlan {
  const g = rules.object('geoRestriction', o.geoRestriction);
  const isCountry = (c: string): boolean => ISO_COUNTRIES.has(c);
  const countryAllowed = 'an ISO 3166-1 alpha-2 country code in upper case, such as US or DE';
  const allow = rules.uniqueStrings('geoRestriction.allowCountries', g.allowCountries, isCountry, countryAllowed);
  const deny = rules.uniqueStrings('geoRestriction.denyCountries', g.denyCountries, isCountry, countryAllowed);
  rules.check('geoRestriction', o.geoRestriction, !(g.allowCountries !== undefined && g.denyCountries !== undefined), 'one of allowCountries or denyCountries, not both');
  if (g.allowCountries !== undefined) rules.check('geoRestriction.allowCountries', g.allowCountries, (allow?.length ?? 0) > 0, 'a non-empty list (omit it for no restriction)');
  if (g.denyCountries !== undefined) rules.check('geoRestriction.denyCountries', g.denyCountries, (deny?.length ?? 0) > 0, 'a non-empty list (omit it for no restriction)');
  return allow ? { type: GeoRestrictionType.ALLOWLIST, countries: allow }
    : deny ? { type: GeoRestrictionType.DENYLIST, countries: deny } : { type: GeoRestrictionType.NONE, countries: [] };
}

/** The WAF's options: on or off, an existing web ACL, or the rate limit and rule exclusions of the one the block creates. */
interface WafChoice {
  readonly enabled: boolean;
  readonly webAclArn?: string;
  readonly rateLimitPerIp: number;
  readonly rateLimitWindowSeconds: number;
  readonly excludedCommonRules: string[];
}

/** The WAF options (the rule settings only for a web ACL the block creates). */
function resolveWafChoice({ o, rules }: CdnResolution): WafChoice {
  const w = rules.object('waf', o.waf);
  const enabled = rules.booleanOr('waf.enabled', w.enabled, true);
  rules.matches('waf.webAclArn', w.webAclArn, webAclArnPattern(),
    `a WAFv2 web ACL ARN with scope CLOUDFRONT, in ${catalog.REGION_RULES.wafWebAclForCloudFront.value}: arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>`);
  const rateLimitPerIp = w.rateLimitPerIp ?? 2000;
  rules.integer('waf.rateLimitPerIp', rateLimitPerIp, catalog.QUOTAS.waf.rateLimitMin.value, catalog.QUOTAS.waf.rateLimitMax.value, 'requests');
  const rateLimitWindowSeconds = w.rateLimitWindowSeconds ?? 300;
  const windows = catalog.ALLOWED_VALUES.waf.rateLimitWindowsSeconds.values;
  rules.check('waf.rateLimitWindowSeconds', rateLimitWindowSeconds, windows.includes(rateLimitWindowSeconds), `one of ${windows.join(', ')} s`);
  const excludedCommonRules = rules.uniqueStrings('waf.excludedCommonRules', w.excludedCommonRules, (x) => WAF_RULE_NAME.test(x),
    'a rule name of AWSManagedRulesCommonRuleSet, such as SizeRestrictions_BODY') ?? [];
  if (w.webAclArn !== undefined) {
    for (const p of ['rateLimitPerIp', 'rateLimitWindowSeconds', 'excludedCommonRules'] as const) {
      rules.check(`waf.${p}`, w[p], w[p] === undefined, 'unset with waf.webAclArn (the existing web ACL has its own rules)');
    }
  }
  if (!enabled) {
    for (const p of ['webAclArn', 'rateLimitPerIp', 'rateLimitWindowSeconds', 'excludedCommonRules'] as const) {
      rules.check(`waf.${p}`, w[p], w[p] === undefined, 'unset with waf.enabled false');
    }
  }
  return { enabled, webAclArn: w.webAclArn, rateLimitPerIp, rateLimitWindowSeconds, excludedCommonRules };
}

/** The response headers policy: HSTS (preload only when the preload list accepts it), frame, referrer, CSP. */
function resolveSecurityHeaders({ o, rules, cf }: CdnResolution): SecurityHeadersPlan {
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
  return {
    hstsMaxAgeSeconds,
    hstsIncludeSubdomains,
    hstsPreload,
    contentTypeOptionsNoSniff: true,
    frameOption,
    referrerPolicy,
    contentSecurityPolicy: h.contentSecurityPolicy,
    override: true,
  };
}

/** The declared (or assumed) load, before the derived figures. */
interface LoadInputs {
  readonly peakGbps?: number;
  readonly peakRequestsPerSecond: number;
  readonly hitRatio: number;
  /** Undefined when derived from `peakGbps` and the peak. */
  readonly averageKiBAssumed?: number;
}

/** The load: peak requests, Gbps or average response size (one of them), hit ratio (the CDN tier's when there is one). */
function resolveLoadInputs({ o, rules, assumed }: CdnResolution, tier: CdnTierPlan | undefined): LoadInputs {
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
  return { peakGbps: l.peakGbps, peakRequestsPerSecond, hitRatio, averageKiBAssumed };
}

/** The load plan from valid inputs: the average response size from Gbps or Gbps from it, and what reaches the origin. */
function loadPlan({ peakGbps: givenGbps, peakRequestsPerSecond, hitRatio, averageKiBAssumed }: LoadInputs): GlobalCdnLoadPlan {
  const averageResponseKiB = averageKiBAssumed ?? ((givenGbps as number) * 1e9) / (8 * 1024 * peakRequestsPerSecond);
  const peakGbps = givenGbps ?? gbpsFor(peakRequestsPerSecond, averageResponseKiB);
  return {
    peakRequestsPerSecond,
    averageResponseKiB,
    peakGbps,
    hitRatio,
    originRequestsPerSecond: peakRequestsPerSecond * (1 - hitRatio),
  };
}

/** The origins (static bucket, API, its failover), the origin group, and the id API behaviours target. */
function resolveOrigins(nameStr: string, staticSite: boolean, hasApi: boolean, api: ApiOriginChoice):
{ origins: CdnOriginPlan[]; originGroups: CdnOriginGroupPlan[]; apiTarget: string } {
  const origins: CdnOriginPlan[] = [];
  const originGroups: CdnOriginGroupPlan[] = [];
  if (staticSite) {
    origins.push({
      id: 'static',
      kind: CdnOriginKind.S3_BUCKET,
      originAccessControl: true,
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
      connectionTimeoutSeconds: api.connectionTimeoutSeconds,
      connectionAttempts: api.connectionAttempts,
      restrictToCloudFront: false,
    });
  }
  let apiTarget = 'api';
  if (hasApi) {
    const custom = api.kind === ApiOriginKind.CUSTOM_DOMAIN;
    origins.push(customOrigin(nameStr, api, 'api', custom ? api.domainName : api.loadBalancerDomainName, custom ? CdnOriginKind.CUSTOM_DOMAIN : CdnOriginKind.LOAD_BALANCER));
    if (api.failover) {
      origins.push(customOrigin(nameStr, api, 'api-failover', api.failover.domainName, CdnOriginKind.CUSTOM_DOMAIN));
      originGroups.push({ id: 'api-group', primaryOriginId: 'api', secondaryOriginId: 'api-failover', failoverStatusCodes: [...api.failover.statusCodes] });
      apiTarget = 'api-group';
    }
  }
  return { origins, originGroups, apiTarget };
}

/**
 * A custom origin: a domain, or the load balancer, which admits only CloudFront's origin-facing
 * addresses and, with VPC_ORIGIN, is internal and reached through a CloudFront VPC origin.
 */
function customOrigin(nameStr: string, api: ApiOriginChoice, id: string, domainName: string | undefined, kind: CdnOriginKind): CdnOriginPlan {
  const base: CdnOriginPlan = {
    id,
    kind,
    domainName,
    originAccessControl: false,
    protocolPolicy: api.protocolPolicy,
    httpsPort: api.httpsPort,
    httpPort: api.httpPort,
    sslProtocols: ['TLSv1.2'],
    responseTimeoutSeconds: api.responseTimeoutSeconds,
    connectionTimeoutSeconds: api.connectionTimeoutSeconds,
    connectionAttempts: api.connectionAttempts,
    restrictToCloudFront: false,
  };
  return kind === CdnOriginKind.LOAD_BALANCER ? {
    ...base,
    restrictToCloudFront: true,
    originPort: api.protocolPolicy === OriginProtocolPolicy.HTTP_ONLY ? api.httpPort : api.httpsPort,
    cloudFrontPrefixListName: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST_NAME,
    access: api.access,
    vpcOriginName: api.access === OriginAccess.VPC_ORIGIN ? `${nameStr}-${id}` : undefined,
    originHeaderName: api.originHeader?.headerName,
    originHeaderSecretName: api.originHeader?.secretName,
  } : base;
}

/** One cache behaviour (HTTPS, compressed, with the security headers). */
function behavior(pathPattern: string, targetOriginId: string, allowedMethods: CdnAllowedMethods, cache: CdnCachePlan,
  originRequest: CdnOriginRequestPlan): CdnBehaviorPlan {
  return {
    pathPattern,
    targetOriginId,
    allowedMethods,
    cachedMethods: cachedMethodsFor(allowedMethods),
    redirectToHttps: true,
    compress: true,
    cache,
    originRequest,
    securityHeaders: true,
  };
}

/** The API's cache policy: cached per Authorization, query and (optionally) cookies with a TTL, else CachingDisabled. */
function apiCachePlan(api: ApiBehaviorChoice): CdnCachePlan {
  return api.cacheTtlSeconds > 0
    ? {
      enabled: true,
      minTtlSeconds: 0,
      defaultTtlSeconds: api.cacheTtlSeconds,
      maxTtlSeconds: api.cacheTtlSeconds,
      headersInCacheKey: ['Authorization'],
      queryStringsInCacheKey: true,
      cookiesInCacheKey: api.forwardCookies,
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
}

/** The behaviours: API paths first, then static paths, and the default (documents, or the API without a static site). */
function resolveBehaviors(staticSite: boolean, hasApi: boolean, statics: StaticCaching, api: ApiBehaviorChoice, apiTarget: string):
{ defaultBehavior: CdnBehaviorPlan; behaviors: CdnBehaviorPlan[] } {
  const staticCache: CdnCachePlan = {
    enabled: true,
    minTtlSeconds: statics.minTtlSeconds,
    defaultTtlSeconds: statics.defaultTtlSeconds,
    maxTtlSeconds: statics.maxTtlSeconds,
    headersInCacheKey: [],
    queryStringsInCacheKey: false,
    cookiesInCacheKey: false,
    compressedObjects: true,
  };
  const noOriginRequest: CdnOriginRequestPlan = { allViewerHeadersExceptHost: false, queryStrings: false, cookies: false };
  const apiCache = apiCachePlan(api);
  const apiOriginRequest: CdnOriginRequestPlan = { allViewerHeadersExceptHost: true, queryStrings: true, cookies: api.forwardCookies };
  const staticTarget = staticSite ? 'static' : apiTarget;
  const behaviors: CdnBehaviorPlan[] = [];
  if (staticSite && hasApi) {
    for (const p of api.pathPatterns) behaviors.push(behavior(p, apiTarget, api.allowedMethods, apiCache, apiOriginRequest));
  }
  for (const p of statics.pathPatterns) behaviors.push(behavior(p, staticTarget, CdnAllowedMethods.GET_HEAD, staticCache, noOriginRequest));
  const defaultBehavior = staticSite
    ? behavior('*', 'static', CdnAllowedMethods.GET_HEAD, {
      ...staticCache,
      defaultTtlSeconds: statics.documentTtlSeconds,
      minTtlSeconds: 0,
      maxTtlSeconds: Math.max(statics.documentTtlSeconds, Math.min(statics.maxTtlSeconds, DOCUMENT_TTL_MAX)),
    }, noOriginRequest)
    : behavior('*', apiTarget, api.allowedMethods, apiCache, apiOriginRequest);
  return { defaultBehavior, behaviors };
}

const CLOUDFRONT_SERVICE = 'cloudfront.amazonaws.com';

/** The static bucket: private, versioned, encrypted, readable by this distribution only (OAC). */
function staticBucketPlan(nameStr: string, b: BucketChoice, accessLogs: boolean): StaticBucketPlan {
  const kms = b.encryption === BucketEncryption.KMS;
  return {
    encryption: b.encryption,
    kmsKeyRotation: kms,
    kmsKeyGrant: kms
      ? { servicePrincipal: CLOUDFRONT_SERVICE, actions: ['kms:Decrypt'], conditionKey: 'AWS:SourceArn', conditionValue: DISTRIBUTION_ARN }
      : undefined,
    bucketKeyEnabled: kms,
    bucketPolicyGrant: { servicePrincipal: CLOUDFRONT_SERVICE, actions: ['s3:GetObject'], conditionKey: 'AWS:SourceArn', conditionValue: DISTRIBUTION_ARN },
    versioned: true,
    blockPublicAccess: true,
    enforceTls: true,
    objectOwnership: 'BUCKET_OWNER_ENFORCED',
    lifecycle: { id: 'expire-old-versions', noncurrentVersionExpirationDays: b.noncurrentVersionExpirationDays, abortIncompleteMultipartUploadDays: ABORT_INCOMPLETE_UPLOAD_DAYS },
    removalPolicy: b.removalPolicy,
    kmsKeyRemovalPolicy: kms ? b.removalPolicy : undefined,
    kmsKeyPendingWindowDays: kms ? KMS_PENDING_WINDOW_DAYS : undefined,
    serverAccessLogsPrefix: accessLogs ? `s3-access/${nameStr}/` : undefined,
  };
}

/** The access-log bucket (SSE-S3 and ACLs, as CloudFront standard logging needs). */
function logBucketPlan(nameStr: string, staticSite: boolean): LogBucketPlan {
  return {
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
  };
}

/** The web ACL: the managed common rules and a per-IP rate limit, or an existing web ACL. */
function wafPlan(nameStr: string, w: WafChoice): CdnWafPlan {
  const wafMetricName = `${nameStr}-waf`;
  const create = w.enabled && w.webAclArn === undefined;
  return {
    enabled: w.enabled,
    createWebAcl: create,
    webAclArn: w.webAclArn,
    scope: 'CLOUDFRONT',
    region: catalog.REGION_RULES.wafWebAclForCloudFront.value,
    defaultAction: 'ALLOW',
    managedRuleGroups: create
      ? [{
        vendor: 'AWS',
        name: COMMON_RULE_SET,
        excludedRules: w.excludedCommonRules,
        excludedRuleAction: 'COUNT',
        priority: 1,
        ruleName: COMMON_RULE_SET,
        metricName: `${wafMetricName}-${COMMON_RULE_SET}`,
        overrideAction: 'NONE',
      }] : [],
    rateLimitPerIp: w.rateLimitPerIp,
    rateLimitWindowSeconds: w.rateLimitWindowSeconds,
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
}
