import { AssumedInput, Assumptions } from '../../assumptions';
import * as catalog from '../../catalog';
import { checkPlanInputs, PLAN_FORMAT_VERSION } from '../../inputs';
import { checkLimit, smallestPassing, utilizationOf, verdictFor } from '../../sizing/capacity';
import { SizingRow, Verdict } from '../../sizing/report';
import { fmt, objectOrEmpty, Rules } from '../../validation';
import {
  BlockKind, BlockPlanBase, checkName, enumValues, PlanContext, RemovalPolicy, resolveSizingPolicy, SizingBoundsOptions,
} from '../common';
import { BucketEncryption, BucketLifecycleRulePlan, logBucketLifecycle } from '../shared/bucket';
import { CdnTierPlan, cdnTtlsOrDefaults, checkPathPatterns, checkTtls, DEFAULT_STATIC_PATH_PATTERNS } from '../shared/cdn';

// Bucket encryption lives in ./shared/bucket (the load balancers' log buckets use it too); re-exported so its public import path still works.
export * from '../shared/bucket';

/**
 * GlobalCdn: CloudFront in front of a private, versioned, encrypted S3 bucket (origin access
 * control) and a dynamic origin (the LoadBalancedApi of a system, or a custom domain), with
 * static behaviours cached (TTLs from a TieredCache's CDN tier when there is one) and API
 * behaviours passed through, TLS 1.2+, HTTP/2 and HTTP/3, a security-headers policy, a WAF web
 * ACL (managed common rules and a per-IP rate limit) in us-east-1, and access logs.
 *
 * Sizing (SIZING-MODEL.md, GlobalCdn): requests/s and Gbps against the distribution quotas,
 * origins and behaviours against theirs; the origin receives peak x (1 - hit ratio).
 */

/** Which edge locations serve the distribution (and so its price). */
export enum PriceClass {
  /** North America, Europe and Israel. */
  PRICE_CLASS_100 = 'PRICE_CLASS_100',
  /** PRICE_CLASS_100 plus Asia, Africa and the Middle East. */
  PRICE_CLASS_200 = 'PRICE_CLASS_200',
  /** Every edge location: the lowest latency everywhere (the default here, as in CloudFront). */
  PRICE_CLASS_ALL = 'PRICE_CLASS_ALL',
}

/** What the dynamic origin is. */
export enum ApiOriginKind {
  /** The LoadBalancedApi of the system (or a load balancer the backend is given). */
  LOAD_BALANCED_API = 'LOAD_BALANCED_API',
  /** Any HTTPS endpoint by domain name. */
  CUSTOM_DOMAIN = 'CUSTOM_DOMAIN',
}

/** How CloudFront talks to a custom origin. */
export enum OriginProtocolPolicy {
  /** HTTPS only (TLS 1.2). */
  HTTPS_ONLY = 'HTTPS_ONLY',
  /** Plain HTTP: only for an origin that has no certificate (the report says so). */
  HTTP_ONLY = 'HTTP_ONLY',
}

/** The kind of one origin of the plan. */
export enum CdnOriginKind {
  /** The static bucket, through origin access control. */
  S3_BUCKET = 'S3_BUCKET',
  /** The system's load balancer. */
  LOAD_BALANCER = 'LOAD_BALANCER',
  /** A custom domain. */
  CUSTOM_DOMAIN = 'CUSTOM_DOMAIN',
}

/** HTTP methods a behaviour accepts. */
export enum CdnAllowedMethods {
  GET_HEAD = 'GET_HEAD',
  GET_HEAD_OPTIONS = 'GET_HEAD_OPTIONS',
  /** GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE. */
  ALL = 'ALL',
}

/** HTTP versions viewers may use. */
export enum CdnHttpVersion {
  HTTP2 = 'HTTP2',
  /** HTTP/2 and HTTP/3 (QUIC). */
  HTTP2_AND_3 = 'HTTP2_AND_3',
}

/** Whether viewers from a list of countries are allowed or denied. */
export enum GeoRestrictionType {
  NONE = 'NONE',
  /** Only the listed countries. */
  ALLOWLIST = 'ALLOWLIST',
  /** Every country but the listed ones. */
  DENYLIST = 'DENYLIST',
}

/** X-Frame-Options. */
export enum FrameOption {
  DENY = 'DENY',
  SAMEORIGIN = 'SAMEORIGIN',
}

/** Referrer-Policy. */
export enum ReferrerPolicy {
  NO_REFERRER = 'NO_REFERRER',
  NO_REFERRER_WHEN_DOWNGRADE = 'NO_REFERRER_WHEN_DOWNGRADE',
  ORIGIN = 'ORIGIN',
  ORIGIN_WHEN_CROSS_ORIGIN = 'ORIGIN_WHEN_CROSS_ORIGIN',
  SAME_ORIGIN = 'SAME_ORIGIN',
  STRICT_ORIGIN = 'STRICT_ORIGIN',
  STRICT_ORIGIN_WHEN_CROSS_ORIGIN = 'STRICT_ORIGIN_WHEN_CROSS_ORIGIN',
  UNSAFE_URL = 'UNSAFE_URL',
}

// ================================================================================================
// Options
// ================================================================================================

/** The private bucket that holds the static site. */
export interface StaticBucketOptions {
  /**
   * Server-side encryption.
   *
   * @default BucketEncryption.KMS
   */
  readonly encryption?: BucketEncryption;
  /**
   * Days a replaced or deleted object version is kept (1..3650).
   *
   * @default 30
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * What happens to the bucket when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Caching of the static paths, when no TieredCache CDN tier is given. */
export interface StaticBehaviorOptions {
  /**
   * Cacheable path patterns (fingerprinted assets, images).
   *
   * @default ['/static/*', '/assets/*']
   */
  readonly pathPatterns?: string[];
  /**
   * @default 0
   */
  readonly minTtlSeconds?: number;
  /**
   * @default 86400 (CloudFront's default, from the catalog)
   */
  readonly defaultTtlSeconds?: number;
  /**
   * @default 31536000 (CloudFront's default, from the catalog)
   */
  readonly maxTtlSeconds?: number;
  /**
   * Default TTL of everything else in the bucket (the default behaviour: HTML documents), in
   * seconds, so a deploy shows within that time when the object sends no Cache-Control (0..86400).
   *
   * @default 300
   */
  readonly documentTtlSeconds?: number;
}

/** A secondary origin CloudFront retries on when the primary fails. */
export interface OriginFailoverOptions {
  /** Domain name of the secondary origin (HTTPS). */
  readonly domainName: string;
  /**
   * Primary-origin status codes that trigger the failover.
   *
   * @default [500, 502, 503, 504]
   */
  readonly statusCodes?: number[];
}

/** The dynamic origin. */
export interface ApiOriginOptions {
  /**
   * What it is.
   *
   * @default - CUSTOM_DOMAIN when `domainName` is given, else LOAD_BALANCED_API
   */
  readonly kind?: ApiOriginKind;
  /**
   * Domain name of a CUSTOM_DOMAIN origin.
   *
   * @default - none (LOAD_BALANCED_API: the backend wires the load balancer)
   */
  readonly domainName?: string;
  /**
   * Protocol to the origin.
   *
   * @default OriginProtocolPolicy.HTTPS_ONLY
   */
  readonly protocolPolicy?: OriginProtocolPolicy;
  /**
   * @default 443
   */
  readonly httpsPort?: number;
  /**
   * @default 80
   */
  readonly httpPort?: number;
  /**
   * Seconds CloudFront waits for a response (the catalog's range, 1..120).
   *
   * @default 30
   */
  readonly responseTimeoutSeconds?: number;
  /**
   * Seconds CloudFront waits to connect (1..10).
   *
   * @default 10
   */
  readonly connectionTimeoutSeconds?: number;
  /**
   * Connection attempts (1..3).
   *
   * @default 3
   */
  readonly connectionAttempts?: number;
  /**
   * An origin group with a secondary origin. CloudFront rejects origin groups on behaviours that
   * allow POST, PUT, PATCH or DELETE, so the API behaviours must then be read-only.
   *
   * @default - no failover
   */
  readonly failover?: OriginFailoverOptions;
}

/** The API path behaviours. */
export interface ApiBehaviorOptions {
  /**
   * API path patterns (only with a static site; without one the default behaviour is the API).
   *
   * @default ['/api/*']
   */
  readonly pathPatterns?: string[];
  /**
   * Edge cache TTL of API responses, seconds (0 = not cached, up to 3600). When above 0 the
   * Authorization header and query strings are part of the cache key, so users never share entries.
   *
   * @default 0
   */
  readonly cacheTtlSeconds?: number;
  /**
   * Methods the API accepts.
   *
   * @default CdnAllowedMethods.ALL
   */
  readonly allowedMethods?: CdnAllowedMethods;
  /**
   * Forward cookies to the API.
   *
   * @default true
   */
  readonly forwardCookies?: boolean;
}

/** Country restriction (ISO 3166-1 alpha-2 codes). Give one list or neither. */
export interface GeoRestrictionOptions {
  /**
   * Only these countries may reach the distribution.
   *
   * @default - no allow list
   */
  readonly allowCountries?: string[];
  /**
   * These countries may not.
   *
   * @default - no deny list
   */
  readonly denyCountries?: string[];
}

/** The WAF web ACL. */
export interface CdnWafOptions {
  /**
   * Attach a web ACL.
   *
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * An existing web ACL (scope CLOUDFRONT, us-east-1) to attach instead of creating one.
   *
   * @default - a new web ACL
   */
  readonly webAclArn?: string;
  /**
   * Requests one IP may send per evaluation window before it is blocked (10..2,000,000,000).
   *
   * @default 2000
   */
  readonly rateLimitPerIp?: number;
  /**
   * Evaluation window of the rate limit, seconds: 60, 120, 300 or 600.
   *
   * @default 300
   */
  readonly rateLimitWindowSeconds?: number;
  /**
   * Rules of AWSManagedRulesCommonRuleSet to set to COUNT (e.g. `SizeRestrictions_BODY`, which
   * blocks request bodies over 8 KB: uploads).
   *
   * @default - none
   */
  readonly excludedCommonRules?: string[];
}

/** The security headers added to every response. */
export interface SecurityHeadersOptions {
  /**
   * Strict-Transport-Security max-age, seconds (0..63072000).
   *
   * @default 63072000 (two years)
   */
  readonly hstsMaxAgeSeconds?: number;
  /**
   * @default true
   */
  readonly hstsIncludeSubdomains?: boolean;
  /**
   * HSTS preload (needs includeSubdomains and a max-age of at least one year).
   *
   * @default false
   */
  readonly hstsPreload?: boolean;
  /**
   * @default FrameOption.DENY
   */
  readonly frameOption?: FrameOption;
  /**
   * @default ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN
   */
  readonly referrerPolicy?: ReferrerPolicy;
  /**
   * Content-Security-Policy value.
   *
   * @default - none (set one that fits your site)
   */
  readonly contentSecurityPolicy?: string;
}

/** The load the distribution must carry. */
export interface GlobalCdnLoadOptions {
  /**
   * Peak client requests/s at the edge.
   *
   * @default - 0: no load declared
   */
  readonly peakRequestsPerSecond?: number;
  /**
   * Peak bandwidth to viewers, Gbps. Give this or `averageResponseKiB`.
   *
   * @default - derived from `averageResponseKiB`
   */
  readonly peakGbps?: number;
  /**
   * Average response size, KiB.
   *
   * @default 50
   */
  readonly averageResponseKiB?: number;
  /**
   * Share of requests answered at the edge.
   *
   * @default - the TieredCache CDN tier's hit ratio, else 0.5
   */
  readonly hitRatio?: number;
}

/** Options of a GlobalCdn. */
export interface GlobalCdnOptions {
  /**
   * Name: DNS-safe, used in resource names and the report.
   *
   * @default 'cdn'
   */
  readonly name?: string;
  /**
   * Serve a static site from a private S3 bucket (the default behaviour).
   *
   * @default true
   */
  readonly staticSite?: boolean;
  /**
   * The static bucket.
   *
   * @default - KMS-encrypted, versioned, private, retained
   */
  readonly bucket?: StaticBucketOptions;
  /**
   * Caching of static paths, when no `cdnTier` is given.
   *
   * @default - ['/static/*', '/assets/*'] with CloudFront's default TTLs
   */
  readonly staticBehavior?: StaticBehaviorOptions;
  /**
   * The CDN tier of a TieredCache (its plan's `cdn`): its path patterns, TTLs and hit ratio
   * replace `staticBehavior`.
   *
   * @default - none
   */
  readonly cdnTier?: CdnTierPlan;
  /**
   * The dynamic origin.
   *
   * @default - none (static site only)
   */
  readonly apiOrigin?: ApiOriginOptions;
  /**
   * The API behaviours.
   *
   * @default - '/api/*', not cached, all methods
   */
  readonly apiBehavior?: ApiBehaviorOptions;
  /**
   * Alternate domain names (CNAMEs), e.g. `www.example.com` or `*.example.com`.
   *
   * @default - the distribution's cloudfront.net name only
   */
  readonly domainNames?: string[];
  /**
   * ACM certificate for `domainNames`; it must be in us-east-1.
   *
   * @default - none (required with domainNames)
   */
  readonly certificateArn?: string;
  /**
   * @default PriceClass.PRICE_CLASS_ALL
   */
  readonly priceClass?: PriceClass;
  /**
   * @default - no restriction
   */
  readonly geoRestriction?: GeoRestrictionOptions;
  /**
   * Standard access logs to a private, encrypted log bucket.
   *
   * @default true
   */
  readonly accessLogs?: boolean;
  /**
   * The WAF web ACL.
   *
   * @default - managed common rule set and a rate limit of 2000 requests per 5 minutes per IP
   */
  readonly waf?: CdnWafOptions;
  /**
   * Security headers.
   *
   * @default - HSTS two years with subdomains, nosniff, DENY, strict-origin-when-cross-origin
   */
  readonly securityHeaders?: SecurityHeadersOptions;
  /**
   * @default CdnHttpVersion.HTTP2_AND_3
   */
  readonly httpVersion?: CdnHttpVersion;
  /**
   * Object served for `/` (static site only).
   *
   * @default 'index.html'
   */
  readonly defaultRootObject?: string;
  /** The load the distribution must carry. */
  readonly load?: GlobalCdnLoadOptions;
  /**
   * Utilisation bounds (the quota rows WARN above their warn margin).
   *
   * @default - 0.7 normal, 0.9 with one AZ lost
   */
  readonly sizing?: SizingBoundsOptions;
}

// ================================================================================================
// Plan
// ================================================================================================

/** The value a backend puts where a policy needs the distribution's own ARN. */
export const DISTRIBUTION_ARN = 'DISTRIBUTION_ARN';

/** One grant to an AWS service principal, scoped to this distribution. */
export interface ServiceGrantPlan {
  /** e.g. `cloudfront.amazonaws.com`. */
  readonly servicePrincipal: string;
  readonly actions: string[];
  /** Condition key, e.g. `AWS:SourceArn`. */
  readonly conditionKey: string;
  /** Condition value: `DISTRIBUTION_ARN` stands for this distribution's ARN. */
  readonly conditionValue: string;
}

/** The resolved static bucket. */
export interface StaticBucketPlan {
  readonly encryption: BucketEncryption;
  /** KMS only: yearly key rotation. */
  readonly kmsKeyRotation: boolean;
  /** KMS only: the key policy statement that lets CloudFront decrypt through OAC. */
  readonly kmsKeyGrant?: ServiceGrantPlan;
  /** S3 Bucket Keys: far fewer KMS requests (and cost) per object read. */
  readonly bucketKeyEnabled: boolean;
  /** The bucket policy statement that lets CloudFront read through OAC. */
  readonly bucketPolicyGrant: ServiceGrantPlan;
  readonly versioned: boolean;
  readonly blockPublicAccess: boolean;
  /** Deny requests without TLS (aws:SecureTransport false). */
  readonly enforceTls: boolean;
  /** `BUCKET_OWNER_ENFORCED`: ACLs off, as OAC requires. */
  readonly objectOwnership: string;
  /** Rule `expire-old-versions`: noncurrent versions expire after `bucket.noncurrentVersionExpirationDays`, incomplete uploads are aborted. */
  readonly lifecycle: BucketLifecycleRulePlan;
  readonly removalPolicy: RemovalPolicy;
  /** KMS only: what happens to the key when it leaves the stack (the bucket's own policy: without the bucket its key decrypts nothing). */
  readonly kmsKeyRemovalPolicy?: RemovalPolicy;
  /** KMS only: days a deleted key waits before it is gone (the KMS maximum, 30: the longest time to cancel). */
  readonly kmsKeyPendingWindowDays?: number;
  /** With access logs: S3 server access logs of the bucket go to the log bucket under this key prefix. */
  readonly serverAccessLogsPrefix?: string;
}

/** The resolved log bucket. */
export interface LogBucketPlan {
  /** SSE-S3: CloudFront's log delivery writes without a KMS grant. */
  readonly encryption: BucketEncryption;
  /** `BUCKET_OWNER_PREFERRED`: CloudFront standard logs are delivered with ACLs. */
  readonly objectOwnership: string;
  readonly versioned: boolean;
  readonly blockPublicAccess: boolean;
  readonly enforceTls: boolean;
  /**
   * With a static site: the bucket ACL grants the S3 log delivery group write (`log-delivery-write`),
   * so the static bucket's server access logs can be delivered; absent otherwise.
   */
  readonly logDeliveryWriteAcl: boolean;
  /** Rule `expire-logs`: logs and (versioned) their noncurrent versions expire after 90 days. */
  readonly lifecycle: BucketLifecycleRulePlan;
  readonly removalPolicy: RemovalPolicy;
  /** Key prefix of the log files. */
  readonly prefix: string;
  readonly includeCookies: boolean;
}

/** One origin of the distribution. */
export interface CdnOriginPlan {
  /** Stable origin id: `static`, `api` or `api-failover`. */
  readonly id: string;
  readonly kind: CdnOriginKind;
  /** Custom domains only; the bucket and the load balancer are wired by the backend. */
  readonly domainName?: string;
  /** S3 only: signed requests through origin access control. */
  readonly originAccessControl: boolean;
  /** Origin access control only: when CloudFront signs requests, `always`. */
  readonly signingBehavior?: string;
  /** Origin access control only: the signing protocol, `sigv4`. */
  readonly signingProtocol?: string;
  /** Custom origins only. */
  readonly protocolPolicy?: OriginProtocolPolicy;
  readonly httpsPort?: number;
  readonly httpPort?: number;
  /** Custom origins only: TLS protocols to the origin. */
  readonly sslProtocols?: string[];
  /** Custom origins only. */
  readonly responseTimeoutSeconds?: number;
  readonly connectionTimeoutSeconds: number;
  readonly connectionAttempts: number;
  /** Load balancer only: admit only CloudFront (the origin-facing managed prefix list). */
  readonly restrictToCloudFront: boolean;
  /** With `restrictToCloudFront`: the port CloudFront connects to and the origin admits (`httpsPort`, or `httpPort` with HTTP_ONLY). */
  readonly originPort?: number;
  /** With `restrictToCloudFront`: name of the AWS-managed prefix list of CloudFront's origin-facing addresses, admitted on `originPort`. */
  readonly cloudFrontPrefixListName?: string;
}

/** An origin group (failover). */
export interface CdnOriginGroupPlan {
  readonly id: string;
  readonly primaryOriginId: string;
  readonly secondaryOriginId: string;
  readonly failoverStatusCodes: number[];
}

/** The cache policy of a behaviour. */
export interface CdnCachePlan {
  /** False: the managed CachingDisabled policy (TTLs 0). */
  readonly enabled: boolean;
  readonly minTtlSeconds: number;
  readonly defaultTtlSeconds: number;
  readonly maxTtlSeconds: number;
  /** Headers in the cache key (Authorization for cached API responses). */
  readonly headersInCacheKey: string[];
  readonly queryStringsInCacheKey: boolean;
  readonly cookiesInCacheKey: boolean;
  /** Accept compressed objects (gzip and Brotli) in the cache key. */
  readonly compressedObjects: boolean;
}

/** What reaches the origin besides the cache key. */
export interface CdnOriginRequestPlan {
  /** Every viewer header except Host (Authorization included when caching is off). */
  readonly allViewerHeadersExceptHost: boolean;
  readonly queryStrings: boolean;
  readonly cookies: boolean;
}

/** One cache behaviour. */
export interface CdnBehaviorPlan {
  /** `*` for the default behaviour. */
  readonly pathPattern: string;
  /** An origin id or an origin group id. */
  readonly targetOriginId: string;
  readonly allowedMethods: CdnAllowedMethods;
  readonly cachedMethods: CdnAllowedMethods;
  /** True: HTTP requests are redirected to HTTPS; false: HTTP is refused (HTTPS only). Never plain HTTP. */
  readonly redirectToHttps: boolean;
  readonly compress: boolean;
  readonly cache: CdnCachePlan;
  readonly originRequest: CdnOriginRequestPlan;
  /** The distribution's security-headers response policy applies. */
  readonly securityHeaders: boolean;
}

/** What viewers see. */
export interface CdnViewerPlan {
  readonly domainNames: string[];
  readonly certificateArn?: string;
  /**
   * `TLSv1.2_2021`. Rendered only with `certificateArn`: CloudFront's default (cloudfront.net)
   * certificate takes no minimum protocol version (it allows older TLS; the notes say so).
   */
  readonly minimumProtocolVersion: string;
  /** `sni-only`. */
  readonly sslSupportMethod: string;
  readonly httpVersion: CdnHttpVersion;
  readonly ipv6: boolean;
}

/** The resolved geo restriction. */
export interface CdnGeoRestrictionPlan {
  readonly type: GeoRestrictionType;
  readonly countries: string[];
}

/** One managed rule group of the web ACL. */
export interface WafManagedRuleGroupPlan {
  readonly vendor: string;
  readonly name: string;
  /** Rules set to `excludedRuleAction` instead of their own action. */
  readonly excludedRules: string[];
  /** The action the excluded rules take: `COUNT`. */
  readonly excludedRuleAction: string;
  readonly priority: number;
  /** Name of the web ACL rule that references the group: the group's name. */
  readonly ruleName: string;
  /** CloudWatch metric name of that rule, `<waf metricName>-<ruleName>`. */
  readonly metricName: string;
  /** Override of the group's own actions: `NONE` (the group's actions apply). */
  readonly overrideAction: string;
}

/** The resolved web ACL. */
export interface CdnWafPlan {
  readonly enabled: boolean;
  /** True when the block creates the web ACL (false with an existing `webAclArn`). */
  readonly createWebAcl: boolean;
  readonly webAclArn?: string;
  /** `CLOUDFRONT`. */
  readonly scope: string;
  /** The web ACL lives in us-east-1 (a cross-Region stack when the block's stack is elsewhere). */
  readonly region: string;
  readonly defaultAction: string;
  readonly managedRuleGroups: WafManagedRuleGroupPlan[];
  /** Requests per evaluation window per client IP, then BLOCK. */
  readonly rateLimitPerIp: number;
  readonly rateLimitWindowSeconds: number;
  readonly rateLimitPriority: number;
  /** Name of the rate-based rule, `RateLimitPerIp`. */
  readonly rateLimitRuleName: string;
  /** What the rate-based rule counts requests by: `IP` (the client address). */
  readonly rateLimitAggregateKeyType: string;
  /** What the rate-based rule does above the limit: `BLOCK`. */
  readonly rateLimitAction: string;
  /** CloudWatch metric name of the rate-based rule, `<metricName>-<rateLimitRuleName>`. */
  readonly rateLimitMetricName: string;
  /** Name of the web ACL the block creates, `<name>-web-acl`. */
  readonly webAclName: string;
  /** CloudWatch metric name of the web ACL; each rule's metric is `<metricName>-<rule name>`. */
  readonly metricName: string;
  /** Visibility config: CloudWatch metrics and sampled requests on, for the web ACL and every rule. */
  readonly cloudWatchMetrics: boolean;
  readonly sampledRequests: boolean;
}

/** The resolved response headers policy. */
export interface SecurityHeadersPlan {
  readonly hstsMaxAgeSeconds: number;
  readonly hstsIncludeSubdomains: boolean;
  readonly hstsPreload: boolean;
  readonly contentTypeOptionsNoSniff: boolean;
  readonly frameOption: FrameOption;
  readonly referrerPolicy: ReferrerPolicy;
  readonly contentSecurityPolicy?: string;
  /** Headers override the origin's. */
  readonly override: boolean;
}

/** The resolved load. */
export interface GlobalCdnLoadPlan {
  readonly peakRequestsPerSecond: number;
  readonly averageResponseKiB: number;
  readonly peakGbps: number;
  readonly hitRatio: number;
  /** peak x (1 - hit ratio). */
  readonly originRequestsPerSecond: number;
}

/** The resolved GlobalCdn: every default explicit. Backends render exactly this. */
export interface GlobalCdnPlan extends BlockPlanBase {
  /** The distribution accepts viewer requests. */
  readonly enabled: boolean;
  readonly staticSite: boolean;
  readonly bucket?: StaticBucketPlan;
  readonly origins: CdnOriginPlan[];
  readonly originGroups: CdnOriginGroupPlan[];
  readonly defaultBehavior: CdnBehaviorPlan;
  /** Ordered: API paths first, then static paths. */
  readonly behaviors: CdnBehaviorPlan[];
  readonly defaultRootObject?: string;
  readonly viewer: CdnViewerPlan;
  readonly priceClass: PriceClass;
  readonly geoRestriction: CdnGeoRestrictionPlan;
  readonly securityHeaders: SecurityHeadersPlan;
  readonly waf: CdnWafPlan;
  /** AWS Shield Standard protects every distribution at no cost. */
  readonly shieldStandard: boolean;
  readonly accessLogs: boolean;
  readonly logBucket?: LogBucketPlan;
  readonly load: GlobalCdnLoadPlan;
}

// ================================================================================================
// Plan function
// ================================================================================================

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
const COMMON_RULE_SET = 'AWSManagedRulesCommonRuleSet';
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

function gbpsFor(requestsPerSecond: number, averageResponseKiB: number): number {
  return (requestsPerSecond * averageResponseKiB * 1024 * 8) / 1e9;
}

// ================================================================================================
// Sizing
// ================================================================================================

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

/**
 * Sizes a GlobalCdn: requests/s and Gbps against the per-distribution quotas, origins and cache
 * behaviours against theirs.
 */
export function sizeGlobalCdn(plan: GlobalCdnPlan, demand: GlobalCdnDemand = {},
  topology: GlobalCdnTopology = globalCdnTopologyOf(plan)): SizingRow[] {
  const cf = catalog.QUOTAS.cloudFront;
  const rps = demand.peakRequestsPerSecond ?? plan.load.peakRequestsPerSecond;
  const gbps = demand.peakGbps ?? (demand.peakRequestsPerSecond !== undefined ? gbpsFor(rps, plan.load.averageResponseKiB) : plan.load.peakGbps);
  const base = { block: plan.path, blockKind: plan.kind, assumed: plan.assumed as AssumedInput[] };
  const warn = plan.sizing.warnMargin;
  const rpsQuota = cf.requestsPerSecondPerDistribution.value;
  const gbpsQuota = cf.transferRateGbpsPerDistribution.value;
  return [
    checkLimit({ ...base, resource: 'cdn requests', metric: 'requests/s', sources: ['catalog.QUOTAS.cloudFront.requestsPerSecondPerDistribution'] },
      rps, rpsQuota, warn,
      `request a requests-per-second quota of at least ${fmt(quotaNeeded(rps, warn))} for the distribution, or split the traffic over `
      + `>= ${fmt(distributionsNeeded(rps, rpsQuota, warn))} distributions`,
      'the CloudFront quota of requests/s per distribution'),
    checkLimit({ ...base, resource: 'cdn bandwidth', metric: 'Gbps', sources: ['catalog.QUOTAS.cloudFront.transferRateGbpsPerDistribution'] },
      gbps, gbpsQuota, warn,
      `request a transfer-rate quota of at least ${fmt(quotaNeeded(gbps, warn))} Gbps for the distribution, or split the traffic over `
      + `>= ${fmt(distributionsNeeded(gbps, gbpsQuota, warn))} distributions`,
      'the CloudFront quota of Gbps per distribution'),
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

/** Notes the report shows for a plan (design facts that are not capacity rows). */
export function globalCdnNotes(plan: GlobalCdnPlan): string[] {
  const p = plan.path;
  const notes: string[] = [];
  if (plan.viewer.domainNames.length === 0) {
    notes.push(`${p}: no custom domain: viewers use the cloudfront.net name, whose certificate lets CloudFront accept TLS older than 1.2; `
      + 'give domainNames and a us-east-1 certificate to enforce TLSv1.2_2021');
  }
  if (plan.origins.some((o) => o.protocolPolicy === OriginProtocolPolicy.HTTP_ONLY)) {
    notes.push(`${p}: CloudFront reaches the API over plain HTTP: traffic between the edge and the origin is not encrypted`);
  }
  if (plan.origins.some((o) => o.kind === CdnOriginKind.LOAD_BALANCER && o.protocolPolicy === OriginProtocolPolicy.HTTPS_ONLY)) {
    notes.push(`${p}: CloudFront checks the load balancer's certificate against the origin's domain name: reach it through a name the certificate `
      + 'covers (not its elb.amazonaws.com name), or CloudFront answers 502');
  }
  if (plan.bucket?.encryption === BucketEncryption.KMS) {
    notes.push(`${p}: the static bucket uses a KMS key: its key policy must let ${plan.bucket.kmsKeyGrant?.servicePrincipal} decrypt for this distribution, or CloudFront gets 403`);
  }
  if (!plan.waf.enabled) {
    notes.push(`${p}: no WAF web ACL: only AWS Shield Standard protects the distribution`);
  } else {
    if (plan.waf.createWebAcl && plan.origins.some((o) => o.id === 'api')
      && !plan.waf.managedRuleGroups.some((g) => g.excludedRules.includes('SizeRestrictions_BODY'))) {
      notes.push(`${p}: ${COMMON_RULE_SET} blocks request bodies over 8 KB (SizeRestrictions_BODY); if the API takes uploads, add it to waf.excludedCommonRules`);
    }
    notes.push(`${p}: the web ACL (scope CLOUDFRONT) lives in ${plan.waf.region}: a stack in another Region needs a ${plan.waf.region} stack for it`);
  }
  if (plan.originGroups.length > 0) {
    notes.push(`${p}: origin failover applies to GET, HEAD and OPTIONS only; the API behaviours are therefore read-only`);
  }
  if (!plan.accessLogs) notes.push(`${p}: access logs are off`);
  if (plan.load.peakRequestsPerSecond > 0) {
    notes.push(`${p}: with a hit ratio of ${fmt(plan.load.hitRatio)}, ${fmt(plan.load.originRequestsPerSecond)} of the ${fmt(plan.load.peakRequestsPerSecond)} `
      + `requests/s reach the origins (peak x (1 - hit ratio)); ${plan.origins.some((o) => o.id === 'api') ? 'the API is sized for that' : 'the static bucket serves them'}`);
  }
  return notes;
}
