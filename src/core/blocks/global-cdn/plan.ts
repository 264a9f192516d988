import { BlockPlanBase, RemovalPolicy } from '../common';
import {
  CdnAllowedMethods, CdnHttpVersion, CdnOriginKind, FrameOption, GeoRestrictionType, OriginProtocolPolicy, PriceClass, ReferrerPolicy,
} from './options';
import { BucketEncryption, BucketLifecycleRulePlan } from '../shared/bucket';
import { OriginAccess } from '../shared/cdn';

// GlobalCdn: the plan, everything the backends render, resolved once by planGlobalCdn.

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
  /**
   * The DNS name CloudFront connects to. CUSTOM_DOMAIN: the origin's domain. LOAD_BALANCER (not
   * with access VPC_ORIGIN): a name the user points at the load balancer and its certificate
   * covers (`apiOrigin.loadBalancerDomainName`), rendered instead of the load balancer's own name.
   *
   * @default - S3_BUCKET: the bucket's regional name; LOAD_BALANCER: the load balancer's own DNS name, both wired by the backend
   */
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
  /**
   * Load balancer only: how CloudFront reaches it. VPC_ORIGIN: through a CloudFront VPC origin
   * (`vpcOriginName`) to an internal load balancer in private subnets, whose security group
   * admits only `cloudFrontPrefixListName` on `originPort` (the `CloudFront-VPCOrigins-Service-SG`
   * group has no id before deploy, so it is not used); the hop is private, so HTTP_ONLY sends
   * nothing over the internet. CLOUDFRONT_PREFIX_LIST: over the internet to an internet-facing
   * load balancer that admits the prefix list (any distribution passes it). SECRET_ORIGIN_HEADER:
   * over HTTPS to an internet-facing load balancer that admits the prefix list and forwards only
   * requests with the origin header (`originHeaderName`, value from `originHeaderSecretName`).
   */
  readonly access?: OriginAccess;
  /** VPC_ORIGIN only: the name of the CloudFront VPC origin, `<block name>-<origin id>` (at most 64 characters). */
  readonly vpcOriginName?: string;
  /**
   * SECRET_ORIGIN_HEADER only: the custom origin header CloudFront adds to every request to this
   * origin, which the load balancer's forwarding rule requires.
   *
   * @default - none: no origin header
   */
  readonly originHeaderName?: string;
  /**
   * SECRET_ORIGIN_HEADER only: the Secrets Manager secret (the LoadBalancedApi's) whose value the
   * origin header carries.
   *
   * @default - none: no origin header
   */
  readonly originHeaderSecretName?: string;
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
