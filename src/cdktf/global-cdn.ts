import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import { CloudfrontDistribution, CloudfrontDistributionOrigin } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { CloudfrontOriginRequestPolicy } from '@cdktf/provider-aws/lib/cloudfront-origin-request-policy';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { CloudfrontVpcOrigin } from '@cdktf/provider-aws/lib/cloudfront-vpc-origin';
import { DataAwsCloudfrontCachePolicy } from '@cdktf/provider-aws/lib/data-aws-cloudfront-cache-policy';
import { DataAwsEc2ManagedPrefixList } from '@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list';
import { DataAwsSecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketAcl } from '@cdktf/provider-aws/lib/s3-bucket-acl';
import { S3BucketLifecycleConfiguration, S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { lifecycleRuleOf } from './access-logs';
import { recordBlock } from './block-metadata';
import { protect, s3ObjectOwnership, StackContext } from './common';
import { resolvePlan } from '../core/blocks/common';
import {
  BucketEncryption, CdnAllowedMethods, CdnBehaviorPlan, CdnCachePlan, CdnHttpVersion, CdnOriginKind, CdnOriginPlan, CdnOriginRequestPlan,
  DISTRIBUTION_ARN, GeoRestrictionType, GlobalCdnOptions, GlobalCdnPlan, OriginProtocolPolicy, planGlobalCdn, PriceClass, ServiceGrantPlan,
} from '../core/blocks/global-cdn';
import { OriginAccess } from '../core/blocks/shared/cdn';
import { checkOptionsObject } from '../core/inputs';
import { Rules } from '../core/validation';

/** Props of a Terraform GlobalCdn: the neutral options plus the Terraform extras. */
export interface GlobalCdnProps extends GlobalCdnOptions {
  /**
   * DNS name of the load balancer behind a LOAD_BALANCED_API origin (e.g. a LoadBalancedApi's
   * `loadBalancerDnsName`). Required exactly when the plan has such an origin without a domain
   * name of its own (`apiOrigin.loadBalancerDomainName`, which CloudFront then connects to instead).
   *
   * @default - none (no load balancer origin, or the plan names it)
   */
  readonly apiOriginDomainName?: string;
  /**
   * ARN of that load balancer, when the plan reaches it through a CloudFront VPC origin (access
   * VPC_ORIGIN: an internal load balancer). Required exactly then.
   *
   * @default - none (no VPC origin)
   */
  readonly apiOriginLoadBalancerArn?: string;
  /**
   * Security group of that load balancer: the block admits CloudFront's origin-facing managed
   * prefix list on the origin port, as the plan's `restrictToCloudFront` asks. Only with a
   * load balancer origin.
   *
   * @default - no rule: admit the prefix list (`cloudFrontPrefixListId`) on the load balancer yourself
   */
  readonly apiOriginSecurityGroupId?: string;
  /**
   * With apiOrigin.access SECRET_ORIGIN_HEADER: the value CloudFront sends as the origin header, the
   * `secretString` of the LoadBalancedApi's `originSecretVersion` (a SystemStack passes it). It is
   * in Terraform state, as every value a Terraform resource reads.
   *
   * @default - read from the current version of the plan's `originHeaderSecretName` (a data source)
   */
  readonly originHeaderValue?: string;
  /**
   * The AWS provider the web ACL is created with: CloudFront web ACLs must live in the plan's
   * WAF Region (us-east-1). Give your own provider configured for that Region when the block
   * must use its credentials (assumed role, profile).
   *
   * @default - an aliased AwsProvider for the plan's WAF Region, with the default credentials
   */
  readonly wafProvider?: TerraformProvider;
  /**
   * A plan already resolved (SystemStack passes the plans of its chain). When given, no other block option may be set.
   *
   * @default - the plan `planGlobalCdn` makes of the other options
   */
  readonly plan?: GlobalCdnPlan;
}

/**
 * GlobalCdn on Terraform: a CloudFront distribution over a private, versioned, encrypted S3
 * bucket (origin access control, bucket and key policies scoped to this distribution) and a
 * dynamic origin (a load balancer or a custom domain, with optional origin-group failover),
 * cached static behaviours and pass-through API behaviours, TLS 1.2+ with HTTPS redirect,
 * HTTP/2 and HTTP/3, compression, a security-headers policy, geo restriction, access logs,
 * and a WAF web ACL.
 *
 * The web ACL: CloudFront only takes web ACLs of scope CLOUDFRONT created in us-east-1. The
 * block creates it through an aliased provider for the plan's WAF Region (or the given
 * `wafProvider`), so the stack itself may be in any Region; with `waf.webAclArn` it attaches
 * that web ACL and creates none.
 */
export class GlobalCdn extends Construct {
  /** The resolved plan this construct rendered. */
  public readonly plan: GlobalCdnPlan;
  /** The distribution. */
  public readonly distribution: CloudfrontDistribution;
  /** The static bucket (undefined without a static site). */
  public readonly bucket?: S3Bucket;
  /** The customer managed key of the static bucket (KMS encryption only). */
  public readonly bucketKey?: KmsKey;
  /** The access-log bucket (undefined with access logs off). */
  public readonly logBucket?: S3Bucket;
  /** The origin access control of the static origin. */
  public readonly originAccessControl?: CloudfrontOriginAccessControl;
  /** The security-headers response policy. */
  public readonly responseHeadersPolicy: CloudfrontResponseHeadersPolicy;
  /** The CloudFront VPC origin of an internal load balancer (a LOAD_BALANCER origin with access VPC_ORIGIN). */
  public readonly vpcOrigin?: CloudfrontVpcOrigin;
  /** The web ACL the block created (undefined with an existing web ACL or WAF off). */
  public readonly webAcl?: Wafv2WebAcl;
  /** The aliased provider the web ACL is created with (undefined when none is created or one was given). */
  public readonly wafRegionProvider?: AwsProvider;
  /** The distribution's domain name (`xxxx.cloudfront.net`). */
  public readonly distributionDomainName: string;
  /** The distribution id. */
  public readonly distributionId: string;
  /** The distribution ARN. */
  public readonly distributionArn: string;
  /** The static bucket's name (undefined without a static site). */
  public readonly bucketName?: string;
  /** ARN of the web ACL attached (undefined with WAF off). */
  public readonly webAclArn?: string;
  /** The value CloudFront sends as the secret origin header (access SECRET_ORIGIN_HEADER only; a token). */
  public readonly originHeaderValue?: string;
  /** Id of CloudFront's origin-facing managed prefix list (load balancer origins only). */
  public readonly cloudFrontPrefixListId?: string;

  constructor(scope: Construct, id: string, props: GlobalCdnProps = {}) {
    super(scope, id);
    checkOptionsObject(props, this.node.path, 'props', 'GlobalCdnProps');
    const { apiOriginDomainName, apiOriginLoadBalancerArn, apiOriginSecurityGroupId, wafProvider, plan, originHeaderValue, ...options } = props;
    this.plan = resolvePlan(options, plan, planGlobalCdn, this.node.path);
    const p = this.plan;
    const lbOrigin = p.origins.find((o) => o.kind === CdnOriginKind.LOAD_BALANCER);

    const rules = new Rules(this.node.path);
    const lbNamed = lbOrigin?.domainName !== undefined;
    rules.check('apiOriginDomainName', apiOriginDomainName,
      lbOrigin && !lbNamed ? typeof apiOriginDomainName === 'string' && apiOriginDomainName.length > 0 : apiOriginDomainName === undefined,
      lbOrigin && !lbNamed ? 'the DNS name of the load balancer behind the LOAD_BALANCED_API origin'
        : lbOrigin ? `unset: the plan names the load balancer origin ${lbOrigin.domainName} (apiOrigin.loadBalancerDomainName), which CloudFront connects to`
          : 'unset without a LOAD_BALANCED_API origin');
    const vpcOrigin = lbOrigin?.access === OriginAccess.VPC_ORIGIN;
    rules.check('apiOriginLoadBalancerArn', apiOriginLoadBalancerArn,
      vpcOrigin ? typeof apiOriginLoadBalancerArn === 'string' && apiOriginLoadBalancerArn.length > 0 : apiOriginLoadBalancerArn === undefined,
      vpcOrigin ? 'the ARN of the internal load balancer the CloudFront VPC origin reaches (access VPC_ORIGIN)' : 'unset without a VPC_ORIGIN load balancer origin');
    rules.check('apiOriginSecurityGroupId', apiOriginSecurityGroupId, lbOrigin !== undefined || apiOriginSecurityGroupId === undefined,
      'unset without a LOAD_BALANCED_API origin');
    const secretHeader = lbOrigin?.access === OriginAccess.SECRET_ORIGIN_HEADER;
    rules.check('originHeaderValue', originHeaderValue === undefined ? undefined : 'given', secretHeader || originHeaderValue === undefined,
      'unset unless apiOrigin.access is SECRET_ORIGIN_HEADER');
    rules.check('wafProvider', wafProvider ? 'given' : undefined, p.waf.createWebAcl || wafProvider === undefined,
      'unset unless the block creates a web ACL (waf enabled without waf.webAclArn)');
    rules.throwIfInvalid();
    const ctx = StackContext.of(this);

    // --- buckets ------------------------------------------------------------------------------
    if (p.logBucket) {
      const lb = p.logBucket;
      this.logBucket = new S3Bucket(this, 'LogBucket', { bucketPrefix: `${p.name.slice(0, 26)}-logs-` });
      protect(this.logBucket, lb.removalPolicy);
      const ownership = hardenBucket(this.logBucket, {
        versioned: lb.versioned,
        blockPublicAccess: lb.blockPublicAccess,
        objectOwnership: lb.objectOwnership,
        enforceTls: lb.enforceTls,
        encryption: { sseAlgorithm: lb.encryption === BucketEncryption.KMS ? 'aws:kms' : 'AES256' },
        lifecycle: [lifecycleRuleOf(lb.lifecycle)],
      });
      if (lb.logDeliveryWriteAcl) {
        new S3BucketAcl(this.logBucket, 'Acl', { bucket: this.logBucket.id, acl: 'log-delivery-write', dependsOn: [ownership] });
      }
    }

    let bucketPolicy: { bucket: S3Bucket; grant: ServiceGrantPlan; enforceTls: boolean } | undefined;
    let keyGrant: ServiceGrantPlan | undefined;
    if (p.bucket) {
      const b = p.bucket;
      this.bucket = new S3Bucket(this, 'Bucket', { bucketPrefix: `${p.name.slice(0, 24)}-static-` });
      protect(this.bucket, b.removalPolicy);
      this.bucketName = this.bucket.bucket;
      if (b.encryption === BucketEncryption.KMS) {
        // The key policy names this distribution, so it is written after the distribution below.
        this.bucketKey = new KmsKey(this, 'BucketKey', {
          description: `scaleblocks ${this.node.path}: static bucket`,
          enableKeyRotation: b.kmsKeyRotation,
          deletionWindowInDays: b.kmsKeyPendingWindowDays,
        });
        protect(this.bucketKey, b.kmsKeyRemovalPolicy ?? b.removalPolicy);
        keyGrant = b.kmsKeyGrant;
      }
      hardenBucket(this.bucket, {
        versioned: b.versioned,
        blockPublicAccess: b.blockPublicAccess,
        objectOwnership: b.objectOwnership,
        enforceTls: false, // in the bucket policy below, with the CloudFront grant
        encryption: this.bucketKey
          ? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.bucketKey.arn, bucketKeyEnabled: b.bucketKeyEnabled }
          : { sseAlgorithm: 'AES256' },
        lifecycle: [lifecycleRuleOf(b.lifecycle)],
      });
      if (b.serverAccessLogsPrefix !== undefined && this.logBucket) {
        new S3BucketLoggingA(this.bucket, 'Logging', {
          bucket: this.bucket.id, targetBucket: this.logBucket.id, targetPrefix: b.serverAccessLogsPrefix,
        });
      }
      const s3Origin = p.origins.find((o) => o.kind === CdnOriginKind.S3_BUCKET && o.originAccessControl);
      if (s3Origin) {
        this.originAccessControl = new CloudfrontOriginAccessControl(this, 'OriginAccessControl', {
          name: `${p.name}-static`,
          description: `scaleblocks ${this.node.path}`,
          originAccessControlOriginType: 's3',
          signingBehavior: s3Origin.signingBehavior as string,
          signingProtocol: s3Origin.signingProtocol as string,
        });
      }
      bucketPolicy = { bucket: this.bucket, grant: b.bucketPolicyGrant, enforceTls: b.enforceTls };
    }

    // --- WAF ----------------------------------------------------------------------------------
    if (p.waf.createWebAcl) {
      const w = p.waf;
      let provider = wafProvider;
      if (!provider) {
        this.wafRegionProvider = new AwsProvider(this, 'WafRegion', { alias: `${p.name}-waf-${w.region}`, region: w.region });
        provider = this.wafRegionProvider;
      }
      const visibility = (metricName: string) => ({
        cloudwatchMetricsEnabled: w.cloudWatchMetrics, sampledRequestsEnabled: w.sampledRequests, metricName,
      });
      const rateRule = {
        name: w.rateLimitRuleName,
        priority: w.rateLimitPriority,
        action: wafAction(w.rateLimitAction),
        statement: {
          rate_based_statement: {
            limit: w.rateLimitPerIp, aggregate_key_type: w.rateLimitAggregateKeyType, evaluation_window_sec: w.rateLimitWindowSeconds,
          },
        },
        visibilityConfig: visibility(w.rateLimitMetricName),
      };
      const managedRules = w.managedRuleGroups.map((g) => ({
        name: g.ruleName,
        priority: g.priority,
        overrideAction: wafAction(g.overrideAction),
        statement: {
          managed_rule_group_statement: {
            vendor_name: g.vendor,
            name: g.name,
            rule_action_override: g.excludedRules.length > 0
              ? g.excludedRules.map((r) => ({ name: r, action_to_use: wafAction(g.excludedRuleAction) })) : undefined,
          },
        },
        visibilityConfig: visibility(g.metricName),
      }));
      this.webAcl = new Wafv2WebAcl(this, 'WebAcl', {
        provider,
        name: w.webAclName,
        description: `scaleblocks ${this.node.path}: managed common rules and a per-IP rate limit`,
        scope: w.scope,
        defaultAction: wafAction(w.defaultAction),
        rule: [rateRule, ...managedRules],
        visibilityConfig: visibility(w.metricName),
      });
      this.webAclArn = this.webAcl.arn;
    } else if (p.waf.enabled) {
      this.webAclArn = p.waf.webAclArn;
    }

    // --- policies -----------------------------------------------------------------------------
    const h = p.securityHeaders;
    this.responseHeadersPolicy = new CloudfrontResponseHeadersPolicy(this, 'SecurityHeaders', {
      name: `${p.name}-security-headers`,
      comment: `scaleblocks ${this.node.path}`,
      securityHeadersConfig: {
        strictTransportSecurity: {
          accessControlMaxAgeSec: h.hstsMaxAgeSeconds, includeSubdomains: h.hstsIncludeSubdomains, preload: h.hstsPreload, override: h.override,
        },
        contentTypeOptions: h.contentTypeOptionsNoSniff ? { override: h.override } : undefined,
        frameOptions: { frameOption: h.frameOption, override: h.override },
        referrerPolicy: { referrerPolicy: h.referrerPolicy.toLowerCase().replace(/_/g, '-'), override: h.override },
        contentSecurityPolicy: h.contentSecurityPolicy ? { contentSecurityPolicy: h.contentSecurityPolicy, override: h.override } : undefined,
      },
    });

    const cachePolicies = new Map<string, string>();
    let cachingDisabled: DataAwsCloudfrontCachePolicy | undefined;
    const cachePolicyId = (cache: CdnCachePlan, label: string): string => {
      if (!cache.enabled) {
        cachingDisabled ??= new DataAwsCloudfrontCachePolicy(this, 'CachingDisabled', { name: 'Managed-CachingDisabled' });
        return cachingDisabled.id;
      }
      const key = JSON.stringify(cache);
      const known = cachePolicies.get(key);
      if (known) return known;
      const policy = new CloudfrontCachePolicy(this, `${label}CachePolicy`, {
        name: `${p.name}-${label.toLowerCase()}`,
        comment: `scaleblocks ${this.node.path}: ${label.toLowerCase()} paths`,
        minTtl: cache.minTtlSeconds,
        defaultTtl: cache.defaultTtlSeconds,
        maxTtl: cache.maxTtlSeconds,
        parametersInCacheKeyAndForwardedToOrigin: {
          cookiesConfig: { cookieBehavior: cache.cookiesInCacheKey ? 'all' : 'none' },
          headersConfig: cache.headersInCacheKey.length > 0
            ? { headerBehavior: 'whitelist', headers: { items: cache.headersInCacheKey } }
            : { headerBehavior: 'none' },
          queryStringsConfig: { queryStringBehavior: cache.queryStringsInCacheKey ? 'all' : 'none' },
          enableAcceptEncodingGzip: cache.compressedObjects,
          enableAcceptEncodingBrotli: cache.compressedObjects,
        },
      });
      cachePolicies.set(key, policy.id);
      return policy.id;
    };
    const originRequestPolicies = new Map<string, string>();
    const originRequestPolicyId = (req: CdnOriginRequestPlan): string | undefined => {
      if (forwardsNothing(req)) return undefined;
      const key = JSON.stringify(req);
      const known = originRequestPolicies.get(key);
      if (known) return known;
      const policy = new CloudfrontOriginRequestPolicy(this, originRequestPolicies.size === 0 ? 'ApiOriginRequestPolicy' : `ApiOriginRequestPolicy${originRequestPolicies.size + 1}`, {
        name: `${p.name}-api${originRequestPolicies.size === 0 ? '' : `-${originRequestPolicies.size + 1}`}`,
        comment: `scaleblocks ${this.node.path}: what reaches the API`,
        headersConfig: req.allViewerHeadersExceptHost ? { headerBehavior: 'allExcept', headers: { items: ['Host'] } } : { headerBehavior: 'none' },
        queryStringsConfig: { queryStringBehavior: req.queryStrings ? 'all' : 'none' },
        cookiesConfig: { cookieBehavior: req.cookies ? 'all' : 'none' },
      });
      originRequestPolicies.set(key, policy.id);
      return policy.id;
    };
    const staticOriginIds = new Set(p.origins.filter((o) => o.kind === CdnOriginKind.S3_BUCKET).map((o) => o.id));
    const behavior = (b: CdnBehaviorPlan, label: string) => ({
      targetOriginId: b.targetOriginId,
      allowedMethods: methodsOf(b.allowedMethods),
      cachedMethods: methodsOf(b.cachedMethods),
      viewerProtocolPolicy: b.redirectToHttps ? 'redirect-to-https' : 'https-only',
      compress: b.compress,
      cachePolicyId: cachePolicyId(b.cache, label),
      originRequestPolicyId: originRequestPolicyId(b.originRequest),
      responseHeadersPolicyId: b.securityHeaders ? this.responseHeadersPolicy.id : undefined,
    });
    // Static paths (to the bucket, or cached at the API without a static site) forward nothing to the origin; API paths do.
    const labelOf = (b: CdnBehaviorPlan): string => (staticOriginIds.has(b.targetOriginId) || forwardsNothing(b.originRequest) ? 'Static' : 'Api');

    // --- origins ------------------------------------------------------------------------------
    if (lbOrigin && vpcOrigin) {
      // An internal load balancer: CloudFront reaches it through a VPC origin, nothing else can.
      this.vpcOrigin = new CloudfrontVpcOrigin(this, 'VpcOrigin', {
        vpcOriginEndpointConfig: [{
          name: lbOrigin.vpcOriginName as string,
          arn: apiOriginLoadBalancerArn as string,
          httpPort: lbOrigin.httpPort as number,
          httpsPort: lbOrigin.httpsPort as number,
          originProtocolPolicy: originProtocolPolicyOf(lbOrigin),
          originSslProtocols: [{ items: lbOrigin.sslProtocols ?? [], quantity: (lbOrigin.sslProtocols ?? []).length }],
        }],
      });
    }
    // The secret origin header's value: the API's secret version, or the current version of the named secret.
    if (secretHeader && lbOrigin) {
      this.originHeaderValue = originHeaderValue ?? new DataAwsSecretsmanagerSecretVersion(this, 'OriginSecretValue', {
        secretId: lbOrigin.originHeaderSecretName as string,
      }).secretString;
    }
    const origins: CloudfrontDistributionOrigin[] = p.origins.map((o) => this.originOf(o, apiOriginDomainName));
    if (lbOrigin?.restrictToCloudFront) {
      const prefixList = new DataAwsEc2ManagedPrefixList(this, 'CloudFrontOriginFacing', { name: lbOrigin.cloudFrontPrefixListName as string });
      this.cloudFrontPrefixListId = prefixList.id;
      if (apiOriginSecurityGroupId) {
        const port = lbOrigin.originPort as number;
        new VpcSecurityGroupIngressRule(this, 'OriginFromCloudFront', {
          securityGroupId: apiOriginSecurityGroupId,
          prefixListId: prefixList.id,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          description: `CloudFront (${this.node.path}) to the load balancer`,
        });
      }
    }

    // --- distribution -------------------------------------------------------------------------
    const v = p.viewer;
    this.distribution = new CloudfrontDistribution(this, 'Resource', {
      enabled: p.enabled,
      comment: `scaleblocks ${this.node.path}`,
      aliases: v.domainNames.length > 0 ? v.domainNames : undefined,
      viewerCertificate: v.certificateArn
        ? { acmCertificateArn: v.certificateArn, sslSupportMethod: v.sslSupportMethod, minimumProtocolVersion: v.minimumProtocolVersion }
        // CloudFront's default certificate takes no minimum protocol version (the plan's applies to a custom certificate only).
        : { cloudfrontDefaultCertificate: true },
      httpVersion: v.httpVersion === CdnHttpVersion.HTTP2_AND_3 ? 'http2and3' : 'http2',
      isIpv6Enabled: v.ipv6,
      priceClass: PRICE_CLASS[p.priceClass],
      defaultRootObject: p.defaultRootObject,
      webAclId: this.webAclArn,
      origin: origins,
      originGroup: p.originGroups.length > 0 ? p.originGroups.map((g) => ({
        originId: g.id,
        failoverCriteria: { statusCodes: g.failoverStatusCodes },
        member: [{ originId: g.primaryOriginId }, { originId: g.secondaryOriginId }],
      })) : undefined,
      defaultCacheBehavior: behavior(p.defaultBehavior, 'Default'),
      orderedCacheBehavior: p.behaviors.length > 0 ? p.behaviors.map((b) => ({ pathPattern: b.pathPattern, ...behavior(b, labelOf(b)) })) : undefined,
      restrictions: {
        geoRestriction: {
          restrictionType: GEO_TYPE[p.geoRestriction.type],
          locations: p.geoRestriction.countries.length > 0 ? p.geoRestriction.countries : undefined,
        },
      },
      loggingConfig: this.logBucket && p.logBucket
        ? { bucket: this.logBucket.bucketDomainName, prefix: p.logBucket.prefix, includeCookies: p.logBucket.includeCookies }
        : undefined,
    });
    this.distributionDomainName = this.distribution.domainName;
    this.distributionId = this.distribution.id;
    this.distributionArn = this.distribution.arn;

    // --- policies that name the distribution ---------------------------------------------------
    const scoped = (grant: ServiceGrantPlan, sid: string, resource: string | string[]) => ({
      Sid: sid,
      Effect: 'Allow',
      Principal: { Service: grant.servicePrincipal },
      Action: grant.actions,
      Resource: resource,
      Condition: { StringEquals: { [grant.conditionKey]: grant.conditionValue === DISTRIBUTION_ARN ? this.distribution.arn : grant.conditionValue } },
    });
    if (this.bucketKey && keyGrant) {
      this.bucketKey.policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountAdministers',
            Effect: 'Allow',
            Principal: { AWS: `arn:${ctx.partition}:iam::${ctx.accountId}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
          scoped(keyGrant, 'CloudFrontDecryptsForThisDistribution', '*'),
        ],
      });
    }
    if (bucketPolicy) {
      const { bucket, grant, enforceTls } = bucketPolicy;
      const statements: object[] = [scoped(grant, 'CloudFrontReadsForThisDistribution', `${bucket.arn}/*`)];
      if (enforceTls) statements.push(denyInsecureTransport(bucket));
      new S3BucketPolicy(bucket, 'Policy', {
        bucket: bucket.id,
        policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
        dependsOn: [bucket.node.findChild('PublicAccessBlock') as S3BucketPublicAccessBlock],
      });
    }

    // No outputs: the stack's outputs are the user's (the block's properties give the same values), as on the CDK backend.
    recordBlock(this, this.plan);
  }

  private originOf(o: CdnOriginPlan, lbDomainName: string | undefined): CloudfrontDistributionOrigin {
    if (o.kind === CdnOriginKind.S3_BUCKET) {
      return {
        originId: o.id,
        domainName: (this.bucket as S3Bucket).bucketRegionalDomainName,
        originAccessControlId: o.originAccessControl ? this.originAccessControl?.id : undefined,
        connectionTimeout: o.connectionTimeoutSeconds,
        connectionAttempts: o.connectionAttempts,
      };
    }
    if (o.kind === CdnOriginKind.LOAD_BALANCER && o.access === OriginAccess.VPC_ORIGIN) {
      return {
        originId: o.id,
        domainName: lbDomainName as string,
        connectionTimeout: o.connectionTimeoutSeconds,
        connectionAttempts: o.connectionAttempts,
        vpcOriginConfig: { vpcOriginId: (this.vpcOrigin as CloudfrontVpcOrigin).id, originReadTimeout: o.responseTimeoutSeconds },
      };
    }
    return {
      originId: o.id,
      // A load balancer is reached by the name the plan gives (one its certificate covers), else by its own DNS name.
      domainName: (o.kind === CdnOriginKind.LOAD_BALANCER ? o.domainName ?? lbDomainName : o.domainName) as string,
      connectionTimeout: o.connectionTimeoutSeconds,
      connectionAttempts: o.connectionAttempts,
      customHeader: o.access === OriginAccess.SECRET_ORIGIN_HEADER
        ? [{ name: o.originHeaderName as string, value: this.originHeaderValue as string }] : undefined,
      customOriginConfig: {
        originProtocolPolicy: originProtocolPolicyOf(o),
        httpPort: o.httpPort as number,
        httpsPort: o.httpsPort as number,
        originSslProtocols: o.sslProtocols ?? [],
        originReadTimeout: o.responseTimeoutSeconds,
      },
    };
  }
}

const PRICE_CLASS: { [k: string]: string } = {
  [PriceClass.PRICE_CLASS_100]: 'PriceClass_100',
  [PriceClass.PRICE_CLASS_200]: 'PriceClass_200',
  [PriceClass.PRICE_CLASS_ALL]: 'PriceClass_All',
};

const GEO_TYPE: { [k: string]: string } = {
  [GeoRestrictionType.NONE]: 'none',
  [GeoRestrictionType.ALLOWLIST]: 'whitelist',
  [GeoRestrictionType.DENYLIST]: 'blacklist',
};

/** The origin protocol policy as CloudFront spells it. */
function originProtocolPolicyOf(o: CdnOriginPlan): string {
  return o.protocolPolicy === OriginProtocolPolicy.HTTP_ONLY ? 'http-only' : 'https-only';
}

/** True when a behaviour sends the origin nothing beyond the cache key (static paths). */
function forwardsNothing(r: CdnOriginRequestPlan): boolean {
  return !r.allViewerHeadersExceptHost && !r.queryStrings && !r.cookies;
}

function methodsOf(m: CdnAllowedMethods): string[] {
  switch (m) {
    case CdnAllowedMethods.GET_HEAD: return ['GET', 'HEAD'];
    case CdnAllowedMethods.GET_HEAD_OPTIONS: return ['GET', 'HEAD', 'OPTIONS'];
    case CdnAllowedMethods.ALL: return ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];
  }
}

function denyInsecureTransport(bucket: S3Bucket): object {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: 's3:*',
    Resource: [bucket.arn, `${bucket.arn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** What `hardenBucket` sets on a bucket. */
interface BucketHardening {
  readonly versioned: boolean;
  readonly blockPublicAccess: boolean;
  readonly objectOwnership: string;
  readonly enforceTls: boolean;
  readonly encryption: { sseAlgorithm: string; kmsMasterKeyId?: string; bucketKeyEnabled?: boolean };
  readonly lifecycle: S3BucketLifecycleConfigurationRule[];
}

/** A WAF action as the plan spells it (`ALLOW`, `BLOCK`, `COUNT`, `NONE`), in the JSON shape WAFv2 takes: `{ block: {} }`. */
function wafAction(action: string): { [action: string]: object } {
  return { [action.toLowerCase()]: {} };
}

/**
 * Versioning, encryption, public access block, object ownership, lifecycle and (optionally) a
 * TLS-only policy, as children of the bucket. Returns the ownership controls (an ACL must follow them).
 */
function hardenBucket(bucket: S3Bucket, h: BucketHardening): S3BucketOwnershipControls {
  new S3BucketVersioningA(bucket, 'Versioning', {
    bucket: bucket.id, versioningConfiguration: { status: h.versioned ? 'Enabled' : 'Suspended' },
  });
  new S3BucketServerSideEncryptionConfigurationA(bucket, 'Encryption', {
    bucket: bucket.id,
    rule: [{
      applyServerSideEncryptionByDefault: { sseAlgorithm: h.encryption.sseAlgorithm, kmsMasterKeyId: h.encryption.kmsMasterKeyId },
      bucketKeyEnabled: h.encryption.bucketKeyEnabled,
    }],
  });
  const publicAccess = new S3BucketPublicAccessBlock(bucket, 'PublicAccessBlock', {
    bucket: bucket.id,
    blockPublicAcls: h.blockPublicAccess,
    blockPublicPolicy: h.blockPublicAccess,
    ignorePublicAcls: h.blockPublicAccess,
    restrictPublicBuckets: h.blockPublicAccess,
  });
  const ownership = new S3BucketOwnershipControls(bucket, 'OwnershipControls', {
    bucket: bucket.id, rule: { objectOwnership: s3ObjectOwnership(h.objectOwnership) },
  });
  new S3BucketLifecycleConfiguration(bucket, 'Lifecycle', { bucket: bucket.id, rule: h.lifecycle });
  if (h.enforceTls) {
    new S3BucketPolicy(bucket, 'Policy', {
      bucket: bucket.id,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [denyInsecureTransport(bucket)] }),
      dependsOn: [publicAccess],
    });
  }
  return ownership;
}
