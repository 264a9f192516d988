import * as cdk from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { bucketLifecycleRule } from './access-logs';
import { recordBlock } from './block-metadata';
import { acknowledge, encryptionKey, toRemovalPolicy } from './common';
import { resolvePlan } from '../core/blocks/common';
import {
  BucketEncryption, CdnAllowedMethods, CdnBehaviorPlan, CdnCachePlan, CdnOriginKind, CdnOriginPlan, CdnOriginRequestPlan, GeoRestrictionType,
  GlobalCdnOptions, GlobalCdnPlan, OriginProtocolPolicy, planGlobalCdn,
} from '../core/blocks/global-cdn';
import { OriginAccess } from '../core/blocks/shared/cdn';
import { checkOptionsObject } from '../core/inputs';
import { Rules } from '../core/validation';

/** Props of a GlobalCdn: the neutral options plus the load balancer behind a LOAD_BALANCED_API origin. */
export interface GlobalCdnProps extends GlobalCdnOptions {
  /**
   * The load balancer of a `LOAD_BALANCED_API` origin (a LoadBalancedApi's). When it has security
   * groups, the block admits CloudFront's origin-facing prefix list on the origin port.
   *
   * @default - none: required when the plan has a LOAD_BALANCER origin
   */
  readonly loadBalancer?: elbv2.ILoadBalancerV2;
  /**
   * Id of the `com.amazonaws.global.cloudfront.origin-facing` managed prefix list of the stack's
   * Region (`pl-...`), admitted on the load balancer.
   *
   * @default - looked up when the stack has a concrete account and Region; required otherwise with a LOAD_BALANCER origin
   */
  readonly cloudFrontPrefixListId?: string;
  /**
   * With apiOrigin.access SECRET_ORIGIN_HEADER: the secret holding the origin header's value (a
   * LoadBalancedApi's `originSecret`); CloudFront sends its value through a dynamic reference.
   *
   * @default - the existing secret of the plan's `originHeaderSecretName`, referenced by name
   */
  readonly originSecret?: secretsmanager.ISecret;
  /**
   * A plan already resolved (SystemStack passes the plans of its chain). When given, no other block option may be set.
   *
   * @default - the plan the options resolve to
   */
  readonly plan?: GlobalCdnPlan;
  /**
   * The web ACL the plan creates (`waf.createWebAcl`), already rendered from this plan by the
   * caller in a stack of the WAF Region (a SystemStack outside us-east-1 renders it in its edge
   * stack with `webAclOf`): the distribution uses it instead of creating its own, and the plan
   * stays as given.
   *
   * @default - the block creates the plan's web ACL in its own stack (which must then be in the WAF Region)
   */
  readonly edgeWebAcl?: wafv2.CfnWebACL;
}

/**
 * GlobalCdn on CloudFront: a distribution in front of a private, versioned, KMS-encrypted S3
 * bucket (origin access control, bucket policy scoped to this distribution) and a dynamic origin
 * (a load balancer or a custom domain, optionally with a failover origin group), with cached
 * static behaviours, pass-through API behaviours, TLS 1.2+, HTTP/2 and HTTP/3, a security-headers
 * policy, geo restriction, access logs to a private log bucket, and a WAF web ACL.
 *
 * CloudFront only takes web ACLs from us-east-1. When the plan asks the block to create one, the
 * stack must be in us-east-1 or env-agnostic (then a CloudFormation rule stops a deployment to
 * any other Region before anything is created); a stack with another concrete Region is
 * rejected with a ValidationError: give `waf.webAclArn` from a us-east-1 stack instead.
 */
export class GlobalCdn extends Construct {
  /** The resolved plan this construct renders. */
  public readonly plan: GlobalCdnPlan;
  /** The CloudFront distribution. */
  public readonly distribution: cloudfront.Distribution;
  /** Its id. */
  public readonly distributionId: string;
  /** Its `*.cloudfront.net` domain name. */
  public readonly distributionDomainName: string;
  /** Its ARN. */
  public readonly distributionArn: string;
  /** The private static bucket (undefined without a static site). */
  public readonly bucket?: s3.Bucket;
  /** The customer managed key of the static bucket (KMS encryption only). */
  public readonly bucketKey?: kms.Key;
  /** The origin access control CloudFront signs bucket requests with. */
  public readonly originAccessControl?: cloudfront.S3OriginAccessControl;
  /** The access-log bucket (undefined with access logs off). */
  public readonly logBucket?: s3.Bucket;
  /** The web ACL the block created (undefined when it was given or WAF is off). */
  public readonly webAcl?: wafv2.CfnWebACL;
  /** ARN of the web ACL attached to the distribution (undefined with WAF off). */
  public readonly webAclArn?: string;
  /** The security-headers response headers policy. */
  public readonly responseHeadersPolicy: cloudfront.ResponseHeadersPolicy;
  /** The secret whose value CloudFront sends as the origin header (a LOAD_BALANCER origin with access SECRET_ORIGIN_HEADER). */
  public readonly originSecret?: secretsmanager.ISecret;
  /** The CloudFront VPC origin of an internal load balancer (a LOAD_BALANCER origin with access VPC_ORIGIN). */
  public readonly vpcOrigin?: cloudfront.VpcOrigin;

  constructor(scope: Construct, id: string, props: GlobalCdnProps = {}) {
    super(scope, id);
    checkOptionsObject(props, this.node.path, 'props', 'GlobalCdnProps');
    // The name CloudFront reaches the load balancer by was a prop of this construct; it is a plan field now.
    const { loadBalancerDomainName: movedName, ...rest } = props as GlobalCdnProps & { readonly loadBalancerDomainName?: unknown };
    const moved = new Rules(this.node.path);
    moved.check('loadBalancerDomainName', movedName, movedName === undefined,
      'unset: give apiOrigin.loadBalancerDomainName (the plan carries the name CloudFront reaches the load balancer by)');
    moved.throwIfInvalid();
    const { loadBalancer, cloudFrontPrefixListId, plan, edgeWebAcl, originSecret, ...options } = rest;
    this.plan = resolvePlan(options, plan, planGlobalCdn, this.node.path);
    const p = this.plan;
    const stack = cdk.Stack.of(this);

    // --- what the backend must know before rendering -------------------------------------------
    const rules = new Rules(this.node.path);
    const lbOrigin = p.origins.find((o) => o.kind === CdnOriginKind.LOAD_BALANCER);
    rules.check('loadBalancer', loadBalancer === undefined ? 'none' : 'a load balancer', !lbOrigin || loadBalancer !== undefined,
      'the load balancer of the LOAD_BALANCED_API origin (apiOrigin.kind LOAD_BALANCED_API needs one)');
    if (!lbOrigin) {
      rules.check('loadBalancer', 'a load balancer', loadBalancer === undefined, 'unset without a LOAD_BALANCED_API origin');
      rules.check('cloudFrontPrefixListId', cloudFrontPrefixListId, cloudFrontPrefixListId === undefined, 'unset without a LOAD_BALANCED_API origin');
    }
    rules.check('originSecret', originSecret === undefined ? 'none' : 'a secret', originSecret === undefined || lbOrigin?.access === OriginAccess.SECRET_ORIGIN_HEADER,
      'unset unless apiOrigin.access is SECRET_ORIGIN_HEADER (the secret of the origin header)');
    const lbConnections = loadBalancer && isConnectable(loadBalancer) && loadBalancer.connections.securityGroups.length > 0
      ? loadBalancer.connections : undefined;
    if (lbOrigin && loadBalancer) {
      rules.check('loadBalancer', 'a load balancer without security groups', lbConnections !== undefined,
        'a load balancer with security groups, so that only CloudFront\'s origin-facing addresses are admitted');
    }
    if (lbOrigin?.access === OriginAccess.VPC_ORIGIN && loadBalancer) {
      rules.check('loadBalancer', 'a load balancer without an ARN', loadBalancerArnOf(loadBalancer) !== undefined,
        'an Application or Network Load Balancer with an ARN: the plan reaches it through a CloudFront VPC origin (access VPC_ORIGIN)');
    }
    const concreteEnv = !cdk.Token.isUnresolved(stack.region) && !cdk.Token.isUnresolved(stack.account);
    if (lbOrigin?.restrictToCloudFront && lbConnections) {
      rules.check('cloudFrontPrefixListId', cloudFrontPrefixListId, cloudFrontPrefixListId !== undefined || concreteEnv,
        `the id of the ${lbOrigin.cloudFrontPrefixListName} prefix list of the stack's Region (pl-...): an env-agnostic stack cannot look it up`);
      rules.matches('cloudFrontPrefixListId', cloudFrontPrefixListId, /^pl-[0-9a-f]{8,17}$/, 'a managed prefix list id such as pl-3b927c52');
    }
    const regionKnown = !cdk.Token.isUnresolved(stack.region);
    rules.check('edgeWebAcl', edgeWebAcl?.node.path, edgeWebAcl === undefined || p.waf.createWebAcl,
      'unset unless the plan creates a web ACL (waf.createWebAcl)');
    if (p.waf.createWebAcl && regionKnown && !edgeWebAcl) {
      rules.check('waf.webAclArn', p.waf.webAclArn, stack.region === p.waf.region,
        `the ARN of a web ACL created in a ${p.waf.region} stack, because this stack is in ${stack.region} and CloudFront takes web ACLs `
        + `from ${p.waf.region} only (or put this stack in ${p.waf.region}, or set waf.enabled false)`);
    }
    rules.throwIfInvalid();

    // --- buckets ---------------------------------------------------------------------------------
    if (p.logBucket) {
      const lb = p.logBucket;
      this.logBucket = new s3.Bucket(this, 'LogBucket', {
        accessControl: lb.logDeliveryWriteAcl ? s3.BucketAccessControl.LOG_DELIVERY_WRITE : undefined,
        encryption: lb.encryption === BucketEncryption.KMS ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
        objectOwnership: objectOwnershipOf(lb.objectOwnership),
        versioned: lb.versioned,
        blockPublicAccess: lb.blockPublicAccess ? s3.BlockPublicAccess.BLOCK_ALL : undefined,
        enforceSSL: lb.enforceTls,
        lifecycleRules: [bucketLifecycleRule(lb.lifecycle)],
        removalPolicy: toRemovalPolicy(lb.removalPolicy),
      });
      const selfLog = 'this is the log bucket: logging its own access into itself would log every log write, without end';
      const acls = 'CloudFront standard logs are delivered through the bucket ACL (awslogsdelivery): the plan asks for BUCKET_OWNER_PREFERRED '
        + 'object ownership so the delivery can write; public ACLs stay blocked';
      acknowledge(this.logBucket,
        { id: 'AwsSolutions::AwsSolutions-S1', reason: selfLog },
        { id: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check', reason: selfLog },
        { id: 'cdk-validator-cfnguard::s3_bucket_acl_prohibited_check', reason: acls },
        {
          id: 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check',
          reason: 'the plan encrypts the log bucket with SSE-S3: CloudFront log delivery cannot write to a bucket under a customer managed KMS key '
            + 'without a key grant to the delivery account',
        },
        {
          id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
          reason: `the plan expires access logs after ${lb.lifecycle.expirationDays} days; they are operational records, not WORM audit evidence`,
        },
        { id: 'cdk-validator-cfnguard::s3_event_notifications_enabled_check', reason: 'nothing in the plan consumes events of new log files' });
    }
    if (p.bucket) {
      const b = p.bucket;
      if (b.encryption === BucketEncryption.KMS) {
        this.bucketKey = encryptionKey(this, 'BucketKey', `scaleblocks ${this.node.path}: static site bucket`);
        // The plan's rotation, deletion window and removal policy (the shared key helper's own are the same defaults).
        const cfnKey = this.bucketKey.node.defaultChild as kms.CfnKey;
        cfnKey.enableKeyRotation = b.kmsKeyRotation;
        cfnKey.pendingWindowInDays = b.kmsKeyPendingWindowDays;
        this.bucketKey.applyRemovalPolicy(toRemovalPolicy(b.kmsKeyRemovalPolicy ?? b.removalPolicy));
      }
      this.bucket = new s3.Bucket(this, 'Bucket', {
        encryption: b.encryption === BucketEncryption.KMS ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
        encryptionKey: this.bucketKey,
        bucketKeyEnabled: b.bucketKeyEnabled || undefined,
        versioned: b.versioned,
        blockPublicAccess: b.blockPublicAccess ? s3.BlockPublicAccess.BLOCK_ALL : undefined,
        enforceSSL: b.enforceTls,
        objectOwnership: objectOwnershipOf(b.objectOwnership),
        lifecycleRules: [bucketLifecycleRule(b.lifecycle)],
        removalPolicy: toRemovalPolicy(b.removalPolicy),
        serverAccessLogsBucket: b.serverAccessLogsPrefix !== undefined ? this.logBucket : undefined,
        serverAccessLogsPrefix: b.serverAccessLogsPrefix,
      });
      if (!this.logBucket) {
        const reason = 'the plan turns access logs off (accessLogs false): there is no log bucket to receive the server access logs';
        acknowledge(this.bucket, { id: 'AwsSolutions::AwsSolutions-S1', reason }, { id: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check', reason });
      }
      acknowledge(this.bucket,
        {
          id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
          reason: 'the static site is replaced on every deploy: object lock would forbid overwriting and deleting it; versioning (kept '
            + `${b.lifecycle.noncurrentVersionExpirationDays} days) is the plan's protection against a bad deploy`,
        },
        { id: 'cdk-validator-cfnguard::s3_event_notifications_enabled_check', reason: 'nothing in the plan consumes events of uploaded site objects' });
      const s3Origin = p.origins.find((o) => o.kind === CdnOriginKind.S3_BUCKET && o.originAccessControl);
      if (s3Origin) {
        this.originAccessControl = new cloudfront.S3OriginAccessControl(this, 'OriginAccessControl', {
          description: `scaleblocks ${this.node.path}: CloudFront reads the static bucket`,
          signing: new cloudfront.Signing(
            enumByValue(cloudfront.SigningProtocol, s3Origin.signingProtocol as string, 'signingProtocol'),
            enumByValue(cloudfront.SigningBehavior, s3Origin.signingBehavior as string, 'signingBehavior')),
        });
      }
    }

    // --- origins ---------------------------------------------------------------------------------
    if (this.bucketKey) {
      // aws-cdk-lib's own reason: the key policy lets CloudFront decrypt for any distribution of this
      // account (AWS:SourceArn distribution/*), since naming this distribution's id would make the key
      // depend on the distribution, which depends on the bucket, which depends on the key: a cycle on
      // the first deploy. The bucket policy still admits only this distribution.
      cdk.Annotations.of(this).acknowledgeWarning('@aws-cdk/aws-cloudfront-origins:wildcardKeyPolicyForOac',
        'the key policy admits this account\'s distributions only (a distribution id would be a dependency cycle); the bucket policy admits this distribution only');
    }
    if (lbOrigin?.access === OriginAccess.SECRET_ORIGIN_HEADER) {
      this.originSecret = originSecret ?? secretsmanager.Secret.fromSecretNameV2(this, 'OriginSecret', lbOrigin.originHeaderSecretName as string);
    }
    const byId: { [id: string]: cloudfront.IOrigin } = {};
    for (const o of p.origins) {
      if (o.kind === CdnOriginKind.S3_BUCKET) {
        byId[o.id] = origins.S3BucketOrigin.withOriginAccessControl(this.bucket as s3.IBucket, {
          originId: o.id,
          originAccessControl: this.originAccessControl,
          originAccessLevels: [cloudfront.AccessLevel.READ],
          connectionTimeout: cdk.Duration.seconds(o.connectionTimeoutSeconds),
          connectionAttempts: o.connectionAttempts,
        });
      } else if (o.kind === CdnOriginKind.LOAD_BALANCER && o.access === OriginAccess.VPC_ORIGIN) {
        // An internal load balancer: CloudFront reaches it through a VPC origin, nothing else can.
        const lb = loadBalancer as elbv2.ILoadBalancerV2;
        const vpcOrigin = new cloudfront.VpcOrigin(this, 'VpcOrigin', {
          // The endpoint is the load balancer's ARN and DNS name, the same for an ALB and an NLB.
          endpoint: cloudfront.VpcOriginEndpoint.applicationLoadBalancer(
            { loadBalancerArn: loadBalancerArnOf(lb), loadBalancerDnsName: lb.loadBalancerDnsName } as unknown as elbv2.IApplicationLoadBalancer),
          vpcOriginName: o.vpcOriginName,
          httpPort: o.httpPort,
          httpsPort: o.httpsPort,
          protocolPolicy: originProtocolPolicyOf(o),
          originSslProtocols: (o.sslProtocols ?? []).map((x) => enumByValue(cloudfront.OriginSslPolicy, x, 'sslProtocols')),
        });
        this.vpcOrigin = vpcOrigin;
        byId[o.id] = origins.VpcOrigin.withVpcOrigin(vpcOrigin, {
          originId: o.id,
          domainName: lb.loadBalancerDnsName,
          readTimeout: o.responseTimeoutSeconds !== undefined ? cdk.Duration.seconds(o.responseTimeoutSeconds) : undefined,
          connectionTimeout: cdk.Duration.seconds(o.connectionTimeoutSeconds),
          connectionAttempts: o.connectionAttempts,
        });
      } else {
        // A load balancer is reached by the name the plan gives (one its certificate covers), else by its own DNS name.
        const domain = o.kind === CdnOriginKind.LOAD_BALANCER
          ? o.domainName ?? (loadBalancer as elbv2.ILoadBalancerV2).loadBalancerDnsName
          : o.domainName as string;
        byId[o.id] = httpOriginOf(o, domain, o.access === OriginAccess.SECRET_ORIGIN_HEADER ? this.originHeaderOf(o) : undefined);
      }
    }
    for (const g of p.originGroups) {
      byId[g.id] = new origins.OriginGroup({
        primaryOrigin: byId[g.primaryOriginId],
        fallbackOrigin: byId[g.secondaryOriginId],
        fallbackStatusCodes: g.failoverStatusCodes,
      });
    }
    if (lbOrigin?.restrictToCloudFront && lbConnections) {
      const prefixListId = cloudFrontPrefixListId
        ?? ec2.PrefixList.fromLookup(this, 'CloudFrontOriginFacing', { prefixListName: lbOrigin.cloudFrontPrefixListName as string }).prefixListId;
      lbConnections.allowFrom(ec2.Peer.prefixList(prefixListId), ec2.Port.tcp(lbOrigin.originPort as number), `${p.name}: CloudFront origin-facing addresses`);
    }

    // --- policies --------------------------------------------------------------------------------
    const sh = p.securityHeaders;
    this.responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `scaleblocks ${this.node.path}: security headers`,
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: cdk.Duration.seconds(sh.hstsMaxAgeSeconds),
          includeSubdomains: sh.hstsIncludeSubdomains,
          preload: sh.hstsPreload,
          override: sh.override,
        },
        contentTypeOptions: sh.contentTypeOptionsNoSniff ? { override: sh.override } : undefined,
        frameOptions: { frameOption: cloudfront.HeadersFrameOption[sh.frameOption], override: sh.override },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy[sh.referrerPolicy], override: sh.override },
        contentSecurityPolicy: sh.contentSecurityPolicy !== undefined
          ? { contentSecurityPolicy: sh.contentSecurityPolicy, override: sh.override } : undefined,
      },
    });
    const cachePolicies = new PolicyCache<CdnCachePlan, cloudfront.ICachePolicy>(this, 'CachePolicy', (at, policyId, c) => {
      if (!c.enabled) return cloudfront.CachePolicy.CACHING_DISABLED;
      return new cloudfront.CachePolicy(at, policyId, {
        comment: `scaleblocks ${this.node.path}: ${policyId}`,
        minTtl: cdk.Duration.seconds(c.minTtlSeconds),
        defaultTtl: cdk.Duration.seconds(c.defaultTtlSeconds),
        maxTtl: cdk.Duration.seconds(c.maxTtlSeconds),
        headerBehavior: c.headersInCacheKey.length > 0
          ? cloudfront.CacheHeaderBehavior.allowList(...c.headersInCacheKey) : cloudfront.CacheHeaderBehavior.none(),
        queryStringBehavior: c.queryStringsInCacheKey ? cloudfront.CacheQueryStringBehavior.all() : cloudfront.CacheQueryStringBehavior.none(),
        cookieBehavior: c.cookiesInCacheKey ? cloudfront.CacheCookieBehavior.all() : cloudfront.CacheCookieBehavior.none(),
        enableAcceptEncodingGzip: c.compressedObjects,
        enableAcceptEncodingBrotli: c.compressedObjects,
      });
    });
    const requestPolicies = new PolicyCache<CdnOriginRequestPlan, cloudfront.IOriginRequestPolicy | undefined>(this, 'OriginRequestPolicy',
      (at, policyId, r) => {
        if (!r.allViewerHeadersExceptHost && !r.queryStrings && !r.cookies) return undefined;
        return new cloudfront.OriginRequestPolicy(at, policyId, {
          comment: `scaleblocks ${this.node.path}: ${policyId}`,
          headerBehavior: r.allViewerHeadersExceptHost
            ? cloudfront.OriginRequestHeaderBehavior.denyList('Host') : cloudfront.OriginRequestHeaderBehavior.none(),
          queryStringBehavior: r.queryStrings
            ? cloudfront.OriginRequestQueryStringBehavior.all() : cloudfront.OriginRequestQueryStringBehavior.none(),
          cookieBehavior: r.cookies ? cloudfront.OriginRequestCookieBehavior.all() : cloudfront.OriginRequestCookieBehavior.none(),
        });
      });
    const behaviorOf = (b: CdnBehaviorPlan, role: string): cloudfront.BehaviorOptions => ({
      origin: byId[b.targetOriginId],
      allowedMethods: allowedMethodsOf(b.allowedMethods),
      cachedMethods: cachedMethodsOf(b.cachedMethods),
      viewerProtocolPolicy: b.redirectToHttps ? cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS : cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      compress: b.compress,
      cachePolicy: cachePolicies.get(b.cache, role),
      originRequestPolicy: requestPolicies.get(b.originRequest, role),
      responseHeadersPolicy: b.securityHeaders ? this.responseHeadersPolicy : undefined,
    });
    const additionalBehaviors: { [pathPattern: string]: cloudfront.BehaviorOptions } = {};
    for (const b of p.behaviors) additionalBehaviors[b.pathPattern] = behaviorOf(b, pascal(b.targetOriginId));

    // --- WAF -------------------------------------------------------------------------------------
    if (p.waf.createWebAcl && edgeWebAcl) {
      this.webAcl = edgeWebAcl;
      this.webAclArn = edgeWebAcl.attrArn;
    } else if (p.waf.createWebAcl) {
      this.webAcl = webAclOf(this, p);
      this.webAclArn = this.webAcl.attrArn;
      if (!regionKnown) {
        new cdk.CfnRule(this, 'WebAclRegion', {
          assertions: [{
            assert: cdk.Fn.conditionEquals(cdk.Aws.REGION, p.waf.region),
            assertDescription: `${this.node.path} creates a CloudFront web ACL, which only ${p.waf.region} accepts: deploy this stack to `
              + `${p.waf.region}, or give waf.webAclArn from a ${p.waf.region} stack`,
          }],
        });
      }
    } else if (p.waf.enabled) {
      this.webAclArn = p.waf.webAclArn;
    }

    // --- the distribution ------------------------------------------------------------------------
    const v = p.viewer;
    const certificate = v.certificateArn ? acm.Certificate.fromCertificateArn(this, 'Certificate', v.certificateArn) : undefined;
    this.distribution = new cloudfront.Distribution(this, 'Resource', {
      enabled: p.enabled,
      comment: `scaleblocks ${this.node.path}`,
      defaultBehavior: behaviorOf(p.defaultBehavior, 'Default'),
      additionalBehaviors,
      defaultRootObject: p.defaultRootObject,
      domainNames: v.domainNames.length > 0 ? v.domainNames : undefined,
      certificate,
      minimumProtocolVersion: certificate ? securityPolicyOf(v.minimumProtocolVersion) : undefined,
      sslSupportMethod: certificate ? sslMethodOf(v.sslSupportMethod) : undefined,
      httpVersion: cloudfront.HttpVersion[v.httpVersion],
      enableIpv6: v.ipv6,
      priceClass: cloudfront.PriceClass[p.priceClass],
      geoRestriction: p.geoRestriction.type === GeoRestrictionType.ALLOWLIST
        ? cloudfront.GeoRestriction.allowlist(...p.geoRestriction.countries)
        : p.geoRestriction.type === GeoRestrictionType.DENYLIST ? cloudfront.GeoRestriction.denylist(...p.geoRestriction.countries) : undefined,
      enableLogging: p.accessLogs,
      logBucket: this.logBucket,
      logFilePrefix: p.logBucket?.prefix,
      logIncludesCookies: p.logBucket?.includeCookies,
      webAclId: this.webAclArn,
    });
    this.nameOriginGroups(p);
    this.distributionId = this.distribution.distributionId;
    this.distributionDomainName = this.distribution.distributionDomainName;
    this.distributionArn = this.distribution.distributionArn;
    this.acknowledgeDistribution(p);
    recordBlock(this, this.plan);
  }

  /**
   * aws-cdk-lib names each origin group itself (the unique id of an `OriginGroupN` construct) and has
   * no prop for it; the plan names them. The plan's ids are written over aws-cdk-lib's, on each group
   * and on each behaviour aimed at one, in the order aws-cdk-lib binds the groups: the default
   * behaviour's, then each behaviour's (the plan rules make every group reached by a behaviour).
   */
  private nameOriginGroups(p: GlobalCdnPlan): void {
    const groups = new Set(p.originGroups.map((g) => g.id));
    if (groups.size === 0) return;
    const cfn = this.distribution.node.defaultChild as cloudfront.CfnDistribution;
    const bound: string[] = [];
    [p.defaultBehavior, ...p.behaviors].forEach((b, i) => {
      if (!groups.has(b.targetOriginId)) return;
      if (!bound.includes(b.targetOriginId)) bound.push(b.targetOriginId);
      cfn.addPropertyOverride(i === 0 ? 'DistributionConfig.DefaultCacheBehavior.TargetOriginId' : `DistributionConfig.CacheBehaviors.${i - 1}.TargetOriginId`, b.targetOriginId);
    });
    bound.forEach((id, i) => cfn.addPropertyOverride(`DistributionConfig.OriginGroups.Items.${i}.Id`, id));
  }

  /**
   * Lets a principal publish the static site: put objects in the bucket (and encrypt with its
   * key) and invalidate the distribution's cache.
   */
  public grantPublish(grantee: iam.IGrantable): iam.Grant {
    const invalidate = this.distribution.grantCreateInvalidation(grantee);
    return this.bucket ? this.bucket.grantPut(grantee).combine(invalidate) : invalidate;
  }

  /** Lets a principal create cache invalidations of the distribution. */
  public grantCreateInvalidation(grantee: iam.IGrantable): iam.Grant {
    return this.distribution.grantCreateInvalidation(grantee);
  }

  /**
   * A CloudFront metric of this distribution, with both dimensions CloudFront publishes
   * (`DistributionId` and `Region` = `Global`). CloudFront publishes them in us-east-1 only: an
   * alarm on them belongs in a us-east-1 (or env-agnostic, deployed there) stack.
   *
   * @param metricName e.g. `Requests`, `BytesDownloaded`, `4xxErrorRate`, `5xxErrorRate`, `TotalErrorRate`
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/CloudFront',
      metricName,
      dimensionsMap: { DistributionId: this.distributionId, Region: 'Global' },
      ...props,
    });
  }

  /** Viewer requests (all methods, HTTP and HTTPS), summed. */
  public metricRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Requests', { statistic: 'Sum', ...props });
  }

  /** Bytes downloaded by viewers, summed. */
  public metricBytesDownloaded(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('BytesDownloaded', { statistic: 'Sum', ...props });
  }

  /** Percentage of viewer requests answered with a 4xx or 5xx. */
  public metricTotalErrorRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('TotalErrorRate', { statistic: 'Average', ...props });
  }

  /** Percentage of viewer requests answered with a 5xx (origin trouble). */
  public metric5xxErrorRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('5xxErrorRate', { statistic: 'Average', ...props });
  }

  /**
   * The secret origin header of a SECRET_ORIGIN_HEADER origin: the plan's header name, its value a
   * dynamic reference (`{{resolve:secretsmanager:...}}`) to the API's secret, so it is never in the template.
   */
  private originHeaderOf(o: CdnOriginPlan): { [name: string]: string } {
    return { [o.originHeaderName as string]: (this.originSecret as secretsmanager.ISecret).secretValue.unsafeUnwrap() };
  }

  private acknowledgeDistribution(p: GlobalCdnPlan): void {
    const d = this.distribution;
    if (!p.viewer.certificateArn) {
      const reason = 'no custom domain: viewers use the *.cloudfront.net name, whose CloudFront certificate cannot set a minimum protocol '
        + 'version (the plan\'s notes say so); give domainNames and a us-east-1 certificate to enforce TLSv1.2_2021';
      acknowledge(d, { id: 'AwsSolutions::AwsSolutions-CFR4', reason });
      for (const rule of ['cloudfront_custom_ssl_certificate_check', 'cloudfront_sni_enabled_check', 'cloudfront_security_policy_check']) {
        acknowledge(d, { id: `cdk-validator-cfnguard::${rule}`, reason });
      }
    }
    if (p.geoRestriction.type === GeoRestrictionType.NONE) {
      acknowledge(d, { id: 'AwsSolutions::AwsSolutions-CFR1', reason: 'the plan restricts no country: the site serves the whole world' });
    }
    if (!p.waf.enabled) {
      const reason = 'the plan turns WAF off (waf.enabled false): only AWS Shield Standard protects the distribution, as the report notes';
      acknowledge(d, { id: 'AwsSolutions::AwsSolutions-CFR2', reason });
    }
    if (!p.accessLogs) {
      const reason = 'the plan turns access logs off (accessLogs false)';
      acknowledge(d, { id: 'AwsSolutions::AwsSolutions-CFR3', reason }, { id: 'cdk-validator-cfnguard::cloudfront_access_logs_enabled_check', reason });
    }
    if (p.defaultRootObject === undefined) {
      acknowledge(d, {
        id: 'cdk-validator-cfnguard::cloudfront_default_root_object_configured_check',
        reason: 'an API-only distribution (staticSite false): `/` is an API path that the origin answers, there is no root object to serve',
      });
    }
    if (p.originGroups.length === 0) {
      acknowledge(d, {
        id: 'cdk-validator-cfnguard::cloudfront_origin_failover_enabled_check',
        reason: 'the plan has no secondary origin (apiOrigin.failover): a single bucket or API origin has nothing to fail over to',
      });
    }
    const plainOrigins = p.origins.filter((o) => o.protocolPolicy === OriginProtocolPolicy.HTTP_ONLY);
    if (plainOrigins.length > 0) {
      const reason = plainOrigins.every((o) => o.access === OriginAccess.VPC_ORIGIN)
        ? 'the plan reaches the API over HTTP through a CloudFront VPC origin: the load balancer is internal, in private subnets, and the hop '
          + 'from CloudFront stays on the AWS network into the VPC; nothing crosses the internet in plain text, as the report notes'
        : 'the plan reaches the API over plain HTTP (apiOrigin.protocolPolicy HTTP_ONLY): its origin has no certificate, as the report notes';
      acknowledge(d, { id: 'AwsSolutions::AwsSolutions-CFR5', reason }, { id: 'cdk-validator-cfnguard::cloudfront_traffic_to_origin_encrypted_check', reason });
    }
  }
}

/** Creates each distinct policy once, with a readable, stable id per behaviour role. */
class PolicyCache<K, V> {
  private readonly made = new Map<string, V>();
  private readonly used = new Set<string>();
  constructor(private readonly scope: Construct, private readonly suffix: string,
    private readonly make: (scope: Construct, id: string, key: K) => V) {}

  public get(key: K, role: string): V {
    const k = JSON.stringify(key);
    if (this.made.has(k)) return this.made.get(k) as V;
    let id = `${role}${this.suffix}`;
    for (let i = 2; this.used.has(id); i++) id = `${role}${this.suffix}${i}`;
    this.used.add(id);
    const v = this.make(this.scope, id, key);
    this.made.set(k, v);
    return v;
  }
}

function isConnectable(x: unknown): x is ec2.IConnectable {
  return typeof x === 'object' && x !== null && 'connections' in x && (x as ec2.IConnectable).connections instanceof ec2.Connections;
}

function pascal(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** The ARN of a load balancer (an ALB or NLB of this app or imported), or undefined when the object has none. */
function loadBalancerArnOf(lb: elbv2.ILoadBalancerV2): string | undefined {
  const arn = (lb as { loadBalancerArn?: unknown }).loadBalancerArn;
  return typeof arn === 'string' ? arn : undefined;
}

function originProtocolPolicyOf(o: CdnOriginPlan): cloudfront.OriginProtocolPolicy {
  return o.protocolPolicy === OriginProtocolPolicy.HTTP_ONLY ? cloudfront.OriginProtocolPolicy.HTTP_ONLY : cloudfront.OriginProtocolPolicy.HTTPS_ONLY;
}

function httpOriginOf(o: CdnOriginPlan, domainName: string, customHeaders?: { [name: string]: string }): cloudfront.IOrigin {
  return new origins.HttpOrigin(domainName, {
    originId: o.id,
    customHeaders,
    protocolPolicy: originProtocolPolicyOf(o),
    httpsPort: o.httpsPort,
    httpPort: o.httpPort,
    originSslProtocols: (o.sslProtocols ?? []).map((s) => enumByValue(cloudfront.OriginSslPolicy, s, 'sslProtocols')),
    readTimeout: o.responseTimeoutSeconds !== undefined ? cdk.Duration.seconds(o.responseTimeoutSeconds) : undefined,
    connectionTimeout: cdk.Duration.seconds(o.connectionTimeoutSeconds),
    connectionAttempts: o.connectionAttempts,
  });
}

/** The CLOUDFRONT-scope web ACL of a plan (managed rule groups and the rate-based rule), as construct `WebAcl` of `scope`. */
export function webAclOf(scope: Construct, p: GlobalCdnPlan): wafv2.CfnWebACL {
  const w = p.waf;
  const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
    cloudWatchMetricsEnabled: w.cloudWatchMetrics,
    sampledRequestsEnabled: w.sampledRequests,
    metricName,
  });
  const rules: wafv2.CfnWebACL.RuleProperty[] = [{
    name: w.rateLimitRuleName,
    priority: w.rateLimitPriority,
    action: wafAction(w.rateLimitAction),
    statement: {
      rateBasedStatement: { limit: w.rateLimitPerIp, aggregateKeyType: w.rateLimitAggregateKeyType, evaluationWindowSec: w.rateLimitWindowSeconds },
    },
    visibilityConfig: visibility(w.rateLimitMetricName),
  }];
  for (const g of w.managedRuleGroups) {
    rules.push({
      name: g.ruleName,
      priority: g.priority,
      overrideAction: wafAction(g.overrideAction),
      statement: {
        managedRuleGroupStatement: {
          vendorName: g.vendor,
          name: g.name,
          ruleActionOverrides: g.excludedRules.length > 0
            ? g.excludedRules.map((r) => ({ name: r, actionToUse: wafAction(g.excludedRuleAction) })) : undefined,
        },
      },
      visibilityConfig: visibility(g.metricName),
    });
  }
  return new wafv2.CfnWebACL(scope, 'WebAcl', {
    name: w.webAclName,
    scope: w.scope,
    defaultAction: wafAction(w.defaultAction),
    rules,
    visibilityConfig: visibility(w.metricName),
  });
}

/** A WAF action as the plan spells it (`ALLOW`, `BLOCK`, `COUNT`, `NONE`), in the JSON shape WAFv2 takes: `{ block: {} }`. */
function wafAction(action: string): { [action: string]: object } {
  return { [action.toLowerCase()]: {} };
}

/** The plan spells S3 object ownership as the CloudFormation enum name (`BUCKET_OWNER_ENFORCED`), aws-cdk-lib's member names. */
function objectOwnershipOf(value: string): s3.ObjectOwnership {
  const found = (s3.ObjectOwnership as { [k: string]: s3.ObjectOwnership })[value];
  if (found === undefined) throw new Error(`the plan's objectOwnership ${value} has no aws-cdk-lib equivalent`);
  return found;
}

function securityPolicyOf(value: string): cloudfront.SecurityPolicyProtocol {
  return enumByValue(cloudfront.SecurityPolicyProtocol, value, 'minimumProtocolVersion');
}

function sslMethodOf(value: string): cloudfront.SSLMethod {
  return enumByValue(cloudfront.SSLMethod, value, 'sslSupportMethod');
}

function allowedMethodsOf(m: CdnAllowedMethods): cloudfront.AllowedMethods {
  switch (m) {
    case CdnAllowedMethods.GET_HEAD: return cloudfront.AllowedMethods.ALLOW_GET_HEAD;
    case CdnAllowedMethods.GET_HEAD_OPTIONS: return cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS;
    case CdnAllowedMethods.ALL: return cloudfront.AllowedMethods.ALLOW_ALL;
  }
}

function cachedMethodsOf(m: CdnAllowedMethods): cloudfront.CachedMethods {
  return m === CdnAllowedMethods.GET_HEAD ? cloudfront.CachedMethods.CACHE_GET_HEAD : cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS;
}

/** The member of a string enum of aws-cdk-lib whose value the plan spells; a plan value it lacks is a plan bug. */
function enumByValue<T extends string>(e: { [k: string]: T }, value: string, what: string): T {
  const found = Object.values(e).find((v) => v === value);
  if (found === undefined) throw new Error(`the plan's ${what} ${value} has no aws-cdk-lib equivalent`);
  return found;
}
