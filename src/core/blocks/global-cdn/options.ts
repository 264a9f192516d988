import { RemovalPolicy, SizingBoundsOptions } from '../common';
import { BucketEncryption } from '../shared/bucket';
import { CdnTierPlan, OriginAccess, OriginHeaderOptions } from '../shared/cdn';

// GlobalCdn: the enums and the options a user passes.

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
   * How CloudFront reaches a LOAD_BALANCED_API origin. VPC_ORIGIN: an internal load balancer in
   * private subnets, through a CloudFront VPC origin, so nothing but CloudFront reaches it (the hop
   * is private, so HTTP_ONLY needs no certificate). CLOUDFRONT_PREFIX_LIST: an internet-facing load
   * balancer that admits CloudFront's origin-facing prefix list, which any distribution passes.
   * Unset with CUSTOM_DOMAIN.
   *
   * SECRET_ORIGIN_HEADER: over HTTPS to an internet-facing load balancer that forwards only
   * requests carrying the secret origin header CloudFront adds (`originHeader`), admitting the
   * prefix list too. Over HTTPS CloudFront verifies the load balancer's certificate against the
   * origin's name: give `loadBalancerDomainName` (a name the certificate covers, pointed at the
   * load balancer by a DNS record you own), or CloudFront answers 502.
   *
   * @default - CLOUDFRONT_PREFIX_LIST for a LOAD_BALANCED_API origin (a SystemStack sets VPC_ORIGIN and makes its API internal)
   */
  readonly access?: OriginAccess;
  /**
   * With access SECRET_ORIGIN_HEADER: the custom origin header CloudFront adds, and the Secrets
   * Manager secret (the LoadBalancedApi's) its value comes from. `valueLength` stays unset: the
   * API generates the value.
   *
   * @default - header `X-Origin-Verify`; the secret name is required on its own (a SystemStack passes its API's)
   */
  readonly originHeader?: OriginHeaderOptions;
  /**
   * Domain name of a CUSTOM_DOMAIN origin.
   *
   * @default - none (LOAD_BALANCED_API: the backend wires the load balancer)
   */
  readonly domainName?: string;
  /**
   * A LOAD_BALANCED_API origin reached over the internet (access CLOUDFRONT_PREFIX_LIST or
   * SECRET_ORIGIN_HEADER): the DNS name CloudFront connects to instead of the load balancer's own
   * `elb.amazonaws.com` name, such as `origin.example.com` (lower case, at most 253 characters).
   * Over HTTPS CloudFront checks the load balancer's certificate against this name, and the
   * certificate covers the user's domain, never `elb.amazonaws.com`: without it an HTTPS origin
   * answers 502. The name must resolve to the load balancer: a DNS record the user owns (an alias
   * or CNAME to its DNS name), which this block does not create. Unset with access VPC_ORIGIN and
   * with kind CUSTOM_DOMAIN (give `domainName` there).
   *
   * @default - the load balancer's own DNS name (`*.elb.amazonaws.com`), which an HTTPS origin's certificate does not cover
   */
  readonly loadBalancerDomainName?: string;
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
