import fc from 'fast-check';
import { issuesOf, RANK, row } from './helpers';
import { BlockKind, RemovalPolicy } from '../../../src/core/blocks/common';
import {
  ApiOriginKind, BucketEncryption, CdnAllowedMethods, CdnHttpVersion, CdnOriginKind, DISTRIBUTION_ARN, FrameOption, GeoRestrictionType,
  globalCdnNotes, GlobalCdnOptions, globalCdnTopologyOf, OriginProtocolPolicy, originRequestsPerSecond, planGlobalCdn, PriceClass, ReferrerPolicy,
  distributionsNeeded, quotaNeeded, sizeGlobalCdn,
} from '../../../src/core/blocks/global-cdn';
import { OriginAccess } from '../../../src/core/blocks/shared/cdn';
import { planTieredCache } from '../../../src/core/blocks/tiered-cache';
import { QUOTAS } from '../../../src/core/catalog';
import { ValidationError } from '../../../src/core/errors';
import { suppliedPlanIssues } from '../../../src/core/plan-rules';
import { utilizationOf, verdictFor } from '../../../src/core/sizing/capacity';
import { Scenario, Verdict } from '../../../src/core/sizing/report';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab';
const WEB_ACL = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';

describe('planGlobalCdn defaults', () => {
  test('GIVEN no options WHEN planned THEN a private, encrypted, versioned static site sits behind TLS 1.2, WAF and security headers', () => {
    // WHEN
    const plan = planGlobalCdn();
    // THEN
    expect(plan.kind).toBe('GlobalCdn');
    expect(plan.name).toBe('cdn');
    expect(plan.staticSite).toBe(true);
    expect(plan.bucket).toEqual({
      encryption: BucketEncryption.KMS,
      kmsKeyRotation: true,
      kmsKeyGrant: { servicePrincipal: 'cloudfront.amazonaws.com', actions: ['kms:Decrypt'], conditionKey: 'AWS:SourceArn', conditionValue: DISTRIBUTION_ARN },
      bucketKeyEnabled: true,
      bucketPolicyGrant: { servicePrincipal: 'cloudfront.amazonaws.com', actions: ['s3:GetObject'], conditionKey: 'AWS:SourceArn', conditionValue: DISTRIBUTION_ARN },
      versioned: true,
      blockPublicAccess: true,
      enforceTls: true,
      objectOwnership: 'BUCKET_OWNER_ENFORCED',
      lifecycle: { id: 'expire-old-versions', noncurrentVersionExpirationDays: 30, abortIncompleteMultipartUploadDays: 7 },
      removalPolicy: RemovalPolicy.RETAIN,
      kmsKeyRemovalPolicy: RemovalPolicy.RETAIN,
      kmsKeyPendingWindowDays: 30,
      serverAccessLogsPrefix: 's3-access/cdn/',
    });
    expect(plan.logBucket).toMatchObject({
      logDeliveryWriteAcl: true,
      lifecycle: { id: 'expire-logs', expirationDays: 90, noncurrentVersionExpirationDays: 90 },
    });
    expect(plan.enabled).toBe(true);
    expect(plan.origins).toEqual([{
      id: 'static',
      kind: CdnOriginKind.S3_BUCKET,
      originAccessControl: true,
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
      connectionTimeoutSeconds: 10,
      connectionAttempts: 3,
      restrictToCloudFront: false,
    }]);
    expect(plan.originGroups).toEqual([]);
    expect(plan.viewer).toEqual({
      domainNames: [],
      certificateArn: undefined,
      minimumProtocolVersion: 'TLSv1.2_2021',
      sslSupportMethod: 'sni-only',
      httpVersion: CdnHttpVersion.HTTP2_AND_3,
      ipv6: true,
    });
    expect(plan.priceClass).toBe(PriceClass.PRICE_CLASS_ALL);
    expect(plan.geoRestriction).toEqual({ type: GeoRestrictionType.NONE, countries: [] });
    expect(plan.securityHeaders).toEqual({
      hstsMaxAgeSeconds: 63_072_000,
      hstsIncludeSubdomains: true,
      hstsPreload: false,
      contentTypeOptionsNoSniff: true,
      frameOption: FrameOption.DENY,
      referrerPolicy: ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
      contentSecurityPolicy: undefined,
      override: true,
    });
    expect(plan.waf).toEqual({
      enabled: true,
      createWebAcl: true,
      webAclArn: undefined,
      scope: 'CLOUDFRONT',
      region: 'us-east-1',
      defaultAction: 'ALLOW',
      managedRuleGroups: [{
        vendor: 'AWS',
        name: 'AWSManagedRulesCommonRuleSet',
        excludedRules: [],
        excludedRuleAction: 'COUNT',
        priority: 1,
        ruleName: 'AWSManagedRulesCommonRuleSet',
        metricName: 'cdn-waf-AWSManagedRulesCommonRuleSet',
        overrideAction: 'NONE',
      }],
      rateLimitPerIp: 2000,
      rateLimitWindowSeconds: 300,
      rateLimitPriority: 0,
      rateLimitRuleName: 'RateLimitPerIp',
      rateLimitAggregateKeyType: 'IP',
      rateLimitAction: 'BLOCK',
      rateLimitMetricName: 'cdn-waf-RateLimitPerIp',
      webAclName: 'cdn-web-acl',
      metricName: 'cdn-waf',
      cloudWatchMetrics: true,
      sampledRequests: true,
    });
    expect(plan.shieldStandard).toBe(true);
    expect(plan.accessLogs).toBe(true);
    expect(plan.logBucket).toMatchObject({
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: 'BUCKET_OWNER_PREFERRED',
      blockPublicAccess: true,
      enforceTls: true,
      removalPolicy: RemovalPolicy.RETAIN,
      prefix: 'cdn/',
      includeCookies: false,
    });
    expect(plan.defaultRootObject).toBe('index.html');
  });

  test('GIVEN no options WHEN planned THEN static paths cache long, documents short, and every response redirects to HTTPS and compresses', () => {
    const plan = planGlobalCdn();
    expect(plan.behaviors.map((b) => [b.pathPattern, b.targetOriginId])).toEqual([['/static/*', 'static'], ['/assets/*', 'static']]);
    const assets = plan.behaviors[0];
    expect(assets).toMatchObject({
      allowedMethods: CdnAllowedMethods.GET_HEAD,
      cachedMethods: CdnAllowedMethods.GET_HEAD,
      redirectToHttps: true,
      compress: true,
      securityHeaders: true,
    });
    expect(assets.cache).toEqual({
      enabled: true,
      minTtlSeconds: 0,
      defaultTtlSeconds: 86_400,
      maxTtlSeconds: 31_536_000,
      headersInCacheKey: [],
      queryStringsInCacheKey: false,
      cookiesInCacheKey: false,
      compressedObjects: true,
    });
    expect(plan.defaultBehavior).toMatchObject({ pathPattern: '*', targetOriginId: 'static' });
    expect(plan.defaultBehavior.cache).toMatchObject({ minTtlSeconds: 0, defaultTtlSeconds: 300, maxTtlSeconds: 86_400 });
  });

  test('GIVEN no load WHEN planned THEN the sizing inputs it assumed are listed', () => {
    const plan = planGlobalCdn({ load: { peakRequestsPerSecond: 10_000 } });
    expect(plan.assumed.map((a) => a.prop)).toEqual(expect.arrayContaining(['cdn.load.hitRatio', 'cdn.load.averageResponseKiB']));
    expect(plan.load).toEqual({
      peakRequestsPerSecond: 10_000, averageResponseKiB: 50, peakGbps: (10_000 * 50 * 1024 * 8) / 1e9, hitRatio: 0.5, originRequestsPerSecond: 5000,
    });
  });
});

describe('planGlobalCdn options', () => {
  test('GIVEN the system\'s API WHEN planned THEN API paths go first to the load balancer, uncached, with every method and viewer header but Host', () => {
    const plan = planGlobalCdn({ apiOrigin: {} });
    expect(plan.origins[1]).toEqual({
      id: 'api',
      kind: CdnOriginKind.LOAD_BALANCER,
      domainName: undefined,
      originAccessControl: false,
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      httpsPort: 443,
      httpPort: 80,
      sslProtocols: ['TLSv1.2'],
      responseTimeoutSeconds: 30,
      connectionTimeoutSeconds: 10,
      connectionAttempts: 3,
      restrictToCloudFront: true,
      originPort: 443,
      cloudFrontPrefixListName: 'com.amazonaws.global.cloudfront.origin-facing',
      access: OriginAccess.CLOUDFRONT_PREFIX_LIST,
      vpcOriginName: undefined,
    });
    expect(plan.behaviors.map((b) => b.pathPattern)).toEqual(['/api/*', '/static/*', '/assets/*']);
    const api = plan.behaviors[0];
    expect(api).toMatchObject({ targetOriginId: 'api', allowedMethods: CdnAllowedMethods.ALL, cachedMethods: CdnAllowedMethods.GET_HEAD_OPTIONS });
    expect(api.cache.enabled).toBe(false);
    expect(api.originRequest).toEqual({ allViewerHeadersExceptHost: true, queryStrings: true, cookies: true });
    expect(globalCdnNotes(plan).join('\n')).toMatch(/SizeRestrictions_BODY/);
    expect(globalCdnNotes(plan).join('\n')).toMatch(/a name the certificate covers/);
  });

  test.each([
    [OriginProtocolPolicy.HTTPS_ONLY, { httpsPort: 8443, httpPort: 8080 }, 8443],
    [OriginProtocolPolicy.HTTP_ONLY, { httpsPort: 8443, httpPort: 8080 }, 8080],
  ])('GIVEN a load balancer origin with %s WHEN planned THEN the origin port CloudFront is admitted on is resolved once', (protocolPolicy, ports, port) => {
    const plan = planGlobalCdn({ apiOrigin: { protocolPolicy, ...ports } });
    expect(plan.origins.find((o) => o.id === 'api')).toMatchObject({ restrictToCloudFront: true, originPort: port });
  });

  test('GIVEN a load balancer origin with access VPC_ORIGIN over HTTP WHEN planned THEN the origin is a named VPC origin, the report says the hop is private', () => {
    // WHEN
    const plan = planGlobalCdn({ name: 'shop', apiOrigin: { access: OriginAccess.VPC_ORIGIN, protocolPolicy: OriginProtocolPolicy.HTTP_ONLY } });
    // THEN
    expect(plan.origins.find((o) => o.id === 'api')).toMatchObject({
      kind: CdnOriginKind.LOAD_BALANCER,
      access: OriginAccess.VPC_ORIGIN,
      vpcOriginName: 'shop-api',
      restrictToCloudFront: true,
      originPort: 80,
      cloudFrontPrefixListName: 'com.amazonaws.global.cloudfront.origin-facing',
    });
    const notes = globalCdnNotes(plan).join('\n');
    expect(notes).toMatch(/over HTTP through its VPC origin: the hop stays on the AWS network/);
    expect(notes).toMatch(/internal, reached only through the CloudFront VPC origin shop-api/);
    expect(notes).not.toMatch(/not encrypted/);
  });

  test('GIVEN a load balancer origin without access WHEN planned THEN it is reached over the internet through the prefix list, and the report says so', () => {
    const plan = planGlobalCdn({ apiOrigin: {} });
    expect(plan.origins.find((o) => o.id === 'api')).toMatchObject({ access: OriginAccess.CLOUDFRONT_PREFIX_LIST });
    expect(plan.origins.find((o) => o.id === 'api')?.vpcOriginName).toBeUndefined();
    expect(globalCdnNotes(plan).join('\n')).toMatch(/any distribution, of any account, reaches it/);
  });

  test.each([
    [{ apiOrigin: { domainName: 'api.example.com', access: OriginAccess.VPC_ORIGIN } }, /apiOrigin.access = "VPC_ORIGIN": must be unset with kind CUSTOM_DOMAIN/],
    [{ apiOrigin: { access: OriginAccess.DIRECT } }, /apiOrigin.access = "DIRECT": must be one of VPC_ORIGIN, CLOUDFRONT_PREFIX_LIST/],
    [{ apiOrigin: { access: OriginAccess.VPC_ORIGIN, httpPort: 100 } }, /apiOrigin.httpPort = 100: must be 80, 443 or 1024 to 65535 with access VPC_ORIGIN/],
  ])('GIVEN %j WHEN planned THEN a ValidationError names apiOrigin', (options, message) => {
    expect(() => planGlobalCdn(options as GlobalCdnOptions)).toThrow(message);
  });

  test('GIVEN an API-only distribution WHEN planned THEN its log bucket needs no log-delivery ACL (no bucket to log)', () => {
    const plan = planGlobalCdn({ staticSite: false, apiOrigin: { domainName: 'api.example.com' } });
    expect(plan.bucket).toBeUndefined();
    expect(plan.logBucket?.logDeliveryWriteAcl).toBe(false);
    expect(plan.origins[0].restrictToCloudFront).toBe(false);
    expect(plan.origins[0].originPort).toBeUndefined();
  });

  test('GIVEN a short API TTL WHEN planned THEN the Authorization header and query strings are in the cache key', () => {
    const plan = planGlobalCdn({ apiOrigin: { domainName: 'api.example.com' }, apiBehavior: { cacheTtlSeconds: 5, forwardCookies: false } });
    expect(plan.origins[1]).toMatchObject({ kind: CdnOriginKind.CUSTOM_DOMAIN, domainName: 'api.example.com', restrictToCloudFront: false });
    expect(plan.behaviors[0].cache).toEqual({
      enabled: true,
      minTtlSeconds: 0,
      defaultTtlSeconds: 5,
      maxTtlSeconds: 5,
      headersInCacheKey: ['Authorization'],
      queryStringsInCacheKey: true,
      cookiesInCacheKey: false,
      compressedObjects: true,
    });
    expect(plan.behaviors[0].originRequest.cookies).toBe(false);
  });

  test('GIVEN an API-only distribution WHEN planned THEN the default behaviour is the API and cacheable paths are cached on it', () => {
    const plan = planGlobalCdn({ staticSite: false, apiOrigin: { domainName: 'api.example.com' } });
    expect(plan.bucket).toBeUndefined();
    expect(plan.defaultRootObject).toBeUndefined();
    expect(plan.origins.map((o) => o.id)).toEqual(['api']);
    expect(plan.defaultBehavior).toMatchObject({ pathPattern: '*', targetOriginId: 'api', allowedMethods: CdnAllowedMethods.ALL });
    expect(plan.behaviors.map((b) => [b.pathPattern, b.targetOriginId, b.cache.enabled])).toEqual([['/static/*', 'api', true], ['/assets/*', 'api', true]]);
  });

  test('GIVEN a TieredCache CDN tier WHEN planned THEN its paths, TTLs and hit ratio drive the static behaviours and the origin load', () => {
    const cache = planTieredCache({ cdn: { minTtlSeconds: 60, defaultTtlSeconds: 3600, maxTtlSeconds: 604_800, pathPatterns: ['/img/*'] }, load: { cdnHitRatio: 0.9 } });
    const plan = planGlobalCdn({ cdnTier: cache.cdn, apiOrigin: {}, load: { peakRequestsPerSecond: 50_000 } });
    expect(plan.behaviors.map((b) => b.pathPattern)).toEqual(['/api/*', '/img/*']);
    expect(plan.behaviors[1].cache).toMatchObject({ minTtlSeconds: 60, defaultTtlSeconds: 3600, maxTtlSeconds: 604_800 });
    expect(plan.load.hitRatio).toBe(0.9);
    expect(plan.assumed.find((a) => a.prop === 'cdn.load.hitRatio')?.reason).toMatch(/TieredCache CDN tier/);
    expect(originRequestsPerSecond(plan)).toBeCloseTo(5000, 6);
    expect(originRequestsPerSecond(plan, 10_000)).toBeCloseTo(1000, 6);
  });

  test('GIVEN origin failover with a read-only API WHEN planned THEN an origin group carries the API behaviours', () => {
    const plan = planGlobalCdn({
      apiOrigin: { domainName: 'api.example.com', failover: { domainName: 'api-dr.example.com', statusCodes: [502, 503] }, responseTimeoutSeconds: 60 },
      apiBehavior: { allowedMethods: CdnAllowedMethods.GET_HEAD_OPTIONS },
    });
    expect(plan.origins.map((o) => [o.id, o.domainName, o.responseTimeoutSeconds])).toEqual([
      ['static', undefined, undefined], ['api', 'api.example.com', 60], ['api-failover', 'api-dr.example.com', 60],
    ]);
    expect(plan.originGroups).toEqual([{ id: 'api-group', primaryOriginId: 'api', secondaryOriginId: 'api-failover', failoverStatusCodes: [502, 503] }]);
    expect(plan.behaviors[0].targetOriginId).toBe('api-group');
    expect(globalCdnNotes(plan).join('\n')).toMatch(/origin failover applies to GET, HEAD and OPTIONS only/);
  });

  test('GIVEN a custom domain, geo restriction, WAF and header options WHEN planned THEN they are honoured', () => {
    const plan = planGlobalCdn({
      domainNames: ['www.example.com', '*.example.com'],
      certificateArn: CERT,
      priceClass: PriceClass.PRICE_CLASS_100,
      geoRestriction: { denyCountries: ['KP', 'IR'] },
      httpVersion: CdnHttpVersion.HTTP2,
      waf: { rateLimitPerIp: 500, rateLimitWindowSeconds: 60, excludedCommonRules: ['SizeRestrictions_BODY'] },
      securityHeaders: { hstsPreload: true, frameOption: FrameOption.SAMEORIGIN, referrerPolicy: ReferrerPolicy.NO_REFERRER, contentSecurityPolicy: "default-src 'self'" },
      bucket: { encryption: BucketEncryption.S3_MANAGED, noncurrentVersionExpirationDays: 90 },
      accessLogs: false,
      defaultRootObject: 'app.html',
      staticBehavior: { documentTtlSeconds: 0 },
    });
    expect(plan.viewer).toMatchObject({ domainNames: ['www.example.com', '*.example.com'], certificateArn: CERT, httpVersion: CdnHttpVersion.HTTP2 });
    expect(plan.priceClass).toBe(PriceClass.PRICE_CLASS_100);
    expect(plan.geoRestriction).toEqual({ type: GeoRestrictionType.DENYLIST, countries: ['KP', 'IR'] });
    expect(plan.waf).toMatchObject({ rateLimitPerIp: 500, rateLimitWindowSeconds: 60 });
    expect(plan.waf.managedRuleGroups[0].excludedRules).toEqual(['SizeRestrictions_BODY']);
    expect(plan.securityHeaders).toMatchObject({ hstsPreload: true, frameOption: FrameOption.SAMEORIGIN, referrerPolicy: ReferrerPolicy.NO_REFERRER, contentSecurityPolicy: "default-src 'self'" });
    expect(plan.bucket).toMatchObject({
      encryption: BucketEncryption.S3_MANAGED,
      kmsKeyGrant: undefined,
      bucketKeyEnabled: false,
      kmsKeyRotation: false,
      lifecycle: { id: 'expire-old-versions', noncurrentVersionExpirationDays: 90, abortIncompleteMultipartUploadDays: 7 },
      kmsKeyRemovalPolicy: undefined,
      kmsKeyPendingWindowDays: undefined,
      serverAccessLogsPrefix: undefined,
    });
    expect(plan.accessLogs).toBe(false);
    expect(plan.logBucket).toBeUndefined();
    expect(plan.defaultRootObject).toBe('app.html');
    expect(plan.defaultBehavior.cache.defaultTtlSeconds).toBe(0);
    const notes = globalCdnNotes(plan).join('\n');
    expect(notes).not.toMatch(/no custom domain/);
    expect(notes).toMatch(/access logs are off/);
  });

  test('GIVEN an existing web ACL or none WHEN planned THEN no web ACL is created', () => {
    expect(planGlobalCdn({ waf: { webAclArn: WEB_ACL } }).waf)
      .toMatchObject({ enabled: true, createWebAcl: false, webAclArn: WEB_ACL, managedRuleGroups: [] });
    const off = planGlobalCdn({ waf: { enabled: false } });
    expect(off.waf).toMatchObject({ enabled: false, createWebAcl: false });
    expect(globalCdnNotes(off).join('\n')).toMatch(/only AWS Shield Standard/);
  });

  test('GIVEN defaults WHEN noted THEN the report explains the cloudfront.net TLS floor, the KMS grant and the us-east-1 web ACL', () => {
    const notes = globalCdnNotes(planGlobalCdn({ apiOrigin: { protocolPolicy: OriginProtocolPolicy.HTTP_ONLY } })).join('\n');
    expect(notes).toMatch(/no custom domain/);
    expect(notes).toMatch(/key policy must let cloudfront\.amazonaws\.com decrypt/);
    expect(notes).toMatch(/lives in us-east-1/);
    expect(notes).toMatch(/plain HTTP/);
  });
});

describe('planGlobalCdn validation', () => {
  test.each<[string, GlobalCdnOptions, string, RegExp]>([
    ['a certificate outside us-east-1', { domainNames: ['www.example.com'], certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' }, 'certificateArn', /in us-east-1/],
    ['domains without a certificate', { domainNames: ['www.example.com'] }, 'certificateArn', /set when domainNames/],
    ['a certificate without domains', { certificateArn: CERT }, 'certificateArn', /unset without domainNames/],
    ['an upper-case domain', { domainNames: ['WWW.example.com'], certificateArn: CERT }, 'domainNames[0]', /lower case/],
    ['both geo lists', { geoRestriction: { allowCountries: ['US'], denyCountries: ['CN'] } }, 'geoRestriction', /not both/],
    ['an unknown country', { geoRestriction: { allowCountries: ['US', 'XX'] } }, 'geoRestriction.allowCountries[1]', /ISO 3166-1 alpha-2/],
    ['a lower-case country', { geoRestriction: { denyCountries: ['us'] } }, 'geoRestriction.denyCountries[0]', /upper case/],
    ['an empty allow list', { geoRestriction: { allowCountries: [] } }, 'geoRestriction.allowCountries', /non-empty/],
    ['a rate limit below WAF\'s minimum', { waf: { rateLimitPerIp: 5 } }, 'waf.rateLimitPerIp', /10 to 2,000,000,000/],
    ['an unsupported WAF window', { waf: { rateLimitWindowSeconds: 100 } }, 'waf.rateLimitWindowSeconds', /60, 120, 300, 600/],
    ['a regional web ACL', { waf: { webAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/x/1' } }, 'waf.webAclArn', /scope CLOUDFRONT, in us-east-1/],
    ['rules with an existing web ACL', { waf: { webAclArn: WEB_ACL, rateLimitPerIp: 100 } }, 'waf.rateLimitPerIp', /unset with waf\.webAclArn/],
    ['rules with WAF off', { waf: { enabled: false, excludedCommonRules: ['x'] } }, 'waf.excludedCommonRules', /unset with waf\.enabled false/],
    ['a response timeout of 121 s', { apiOrigin: { responseTimeoutSeconds: 121 } }, 'apiOrigin.responseTimeoutSeconds', /1 to 120/],
    ['a connection timeout of 11 s', { apiOrigin: { connectionTimeoutSeconds: 11 } }, 'apiOrigin.connectionTimeoutSeconds', /1 to 10/],
    ['4 connection attempts', { apiOrigin: { connectionAttempts: 4 } }, 'apiOrigin.connectionAttempts', /1 to 3/],
    ['failover on 429', { apiOrigin: { failover: { domainName: 'dr.example.com', statusCodes: [429] } }, apiBehavior: { allowedMethods: CdnAllowedMethods.GET_HEAD } }, 'apiOrigin.failover.statusCodes', /400, 403, 404, 416, 500, 502, 503, 504/],
    ['failover with POST', { apiOrigin: { failover: { domainName: 'dr.example.com' } } }, 'apiBehavior.allowedMethods', /rejects origin groups/],
    ['a failover without domain', { apiOrigin: { failover: { domainName: 'not a domain' } }, apiBehavior: { allowedMethods: CdnAllowedMethods.GET_HEAD } }, 'apiOrigin.failover.domainName', /domain name/],
    ['no origin at all', { staticSite: false }, 'staticSite', /unless apiOrigin/],
    ['API behaviour without API', { apiBehavior: { cacheTtlSeconds: 5 } }, 'apiBehavior', /unset without apiOrigin/],
    ['API paths without a static site', { staticSite: false, apiOrigin: {}, apiBehavior: { pathPatterns: ['/v1/*'] } }, 'apiBehavior.pathPatterns', /default behaviour goes to the API/],
    ['a path both static and API', { apiOrigin: {}, apiBehavior: { pathPatterns: ['/static/*'] } }, 'apiBehavior.pathPatterns', /not also static/],
    ['static TTLs beside a CDN tier', { cdnTier: planTieredCache().cdn, staticBehavior: { maxTtlSeconds: 10 } }, 'staticBehavior.maxTtlSeconds', /TieredCache CDN tier owns/],
    ['a CDN tier with bad TTLs', { cdnTier: { ...planTieredCache().cdn, minTtlSeconds: 100_000 } }, 'cdnTier.defaultTtlSeconds', /at least cdnTier\.minTtlSeconds/],
    ['a static min TTL above the default', { staticBehavior: { minTtlSeconds: 10, defaultTtlSeconds: 5 } }, 'staticBehavior.defaultTtlSeconds', /at least staticBehavior\.minTtlSeconds/],
    ['a load balancer origin with a domain', { apiOrigin: { kind: ApiOriginKind.LOAD_BALANCED_API, domainName: 'api.example.com' } }, 'apiOrigin.domainName', /unset with kind LOAD_BALANCED_API/],
    ['a custom origin without a domain', { apiOrigin: { kind: ApiOriginKind.CUSTOM_DOMAIN } }, 'apiOrigin.domainName', /domain name/],
    ['HSTS preload without subdomains', { securityHeaders: { hstsPreload: true, hstsIncludeSubdomains: false } }, 'securityHeaders.hstsPreload', /preload list requires/],
    ['a multi-line CSP', { securityHeaders: { contentSecurityPolicy: "default-src 'self'\nscript-src x" } }, 'securityHeaders.contentSecurityPolicy', /one line/],
    ['both Gbps and response size', { load: { peakGbps: 10, averageResponseKiB: 20 } }, 'load.peakGbps', /give one of them/],
    ['a bucket without a static site', { staticSite: false, apiOrigin: {}, bucket: {} }, 'bucket', /unset with staticSite false/],
    ['a bucket snapshot', { bucket: { removalPolicy: RemovalPolicy.SNAPSHOT } }, 'bucket.removalPolicy', /no snapshot/],
    ['an API TTL of an hour and more', { apiOrigin: {}, apiBehavior: { cacheTtlSeconds: 4000 } }, 'apiBehavior.cacheTtlSeconds', /0 to 3,600/],
    ['a document TTL over a day', { staticBehavior: { documentTtlSeconds: 100_000 } }, 'staticBehavior.documentTtlSeconds', /0 to 86,400/],
    ['a hit ratio above 1', { load: { hitRatio: 1.2 } }, 'load.hitRatio', /fraction/],
    ['a bad name', { name: 'My CDN' }, 'name', /lower-case/],
  ])('GIVEN %s WHEN planned THEN a ValidationError names the prop', (_, options, prop, allowed) => {
    const issues = issuesOf(() => planGlobalCdn(options));
    const issue = issues.find((i) => i.prop === prop);
    expect(issue).toBeDefined();
    expect(issue?.allowed).toMatch(allowed);
  });

  test('GIVEN several bad options WHEN planned THEN every failure is reported at once', () => {
    const issues = issuesOf(() => planGlobalCdn({
      priceClass: 'CHEAP' as PriceClass, geoRestriction: { allowCountries: ['ZZ'] }, waf: { rateLimitPerIp: 1 }, apiOrigin: { connectionAttempts: 0 },
    }));
    expect(issues.map((i) => i.prop)).toEqual(expect.arrayContaining([
      'priceClass', 'geoRestriction.allowCountries[0]', 'waf.rateLimitPerIp', 'apiOrigin.connectionAttempts',
    ]));
    expect(issues.find((i) => i.prop === 'priceClass')?.allowed).toBe('one of PRICE_CLASS_100, PRICE_CLASS_200, PRICE_CLASS_ALL');
  });

  test('GIVEN options of the wrong type WHEN planned THEN a ValidationError, never a crash', () => {
    const bad = { domainNames: 'x', waf: 3, apiOrigin: [], load: { hitRatio: 'high' }, sizing: { targetUtilization: 'x' } } as unknown as GlobalCdnOptions;
    expect(issuesOf(() => planGlobalCdn(bad)).map((i) => i.prop)).toEqual(expect.arrayContaining([
      'domainNames', 'waf', 'apiOrigin', 'load.hitRatio', 'sizing.targetUtilization',
    ]));
  });

  test('GIVEN arbitrary options WHEN planned THEN the result is a plan or a ValidationError', () => {
    const anything = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.constant(undefined), fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }));
    const maybe = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined | unknown> => fc.oneof(fc.constant(undefined), a, anything);
    const options = fc.record({
      name: maybe(fc.constantFrom('cdn', 'edge-1', 'X')),
      staticSite: maybe(fc.boolean()),
      bucket: maybe(fc.record({
        encryption: maybe(fc.constantFrom(...Object.values(BucketEncryption))),
        noncurrentVersionExpirationDays: maybe(fc.integer({ min: -1, max: 4000 })),
      }, { requiredKeys: [] })),
      staticBehavior: maybe(fc.record({
        pathPatterns: maybe(fc.array(fc.constantFrom('/static/*', '/a', 'b', '*'), { maxLength: 3 })),
        minTtlSeconds: maybe(fc.integer({ min: -1, max: 100 })),
        defaultTtlSeconds: maybe(fc.integer({ min: -1, max: 100 })),
      }, { requiredKeys: [] })),
      cdnTier: maybe(fc.constant(planTieredCache().cdn)),
      apiOrigin: maybe(fc.record({
        kind: maybe(fc.constantFrom(...Object.values(ApiOriginKind))),
        domainName: maybe(fc.constantFrom('api.example.com', 'bad domain')),
        access: maybe(fc.constantFrom(...Object.values(OriginAccess))),
        loadBalancerDomainName: maybe(fc.constantFrom('origin.example.com', 'Origin.Example.com', 'a_b.example.com')),
        responseTimeoutSeconds: maybe(fc.integer({ min: 0, max: 200 })),
        failover: maybe(fc.record({ domainName: maybe(fc.constantFrom('dr.example.com')), statusCodes: maybe(fc.array(fc.integer({ min: 400, max: 504 }), { maxLength: 3 })) }, { requiredKeys: [] })),
      }, { requiredKeys: [] })),
      apiBehavior: maybe(fc.record({
        allowedMethods: maybe(fc.constantFrom(...Object.values(CdnAllowedMethods))), cacheTtlSeconds: maybe(fc.integer({ min: -1, max: 5000 })),
      }, { requiredKeys: [] })),
      domainNames: maybe(fc.array(fc.constantFrom('www.example.com', '*.example.com', 'Bad'), { maxLength: 2 })),
      certificateArn: maybe(fc.constantFrom(CERT, 'arn:aws:acm:eu-west-1:123456789012:certificate/x')),
      geoRestriction: maybe(fc.record({ allowCountries: maybe(fc.array(fc.constantFrom('US', 'DE', 'XX'), { maxLength: 2 })), denyCountries: maybe(fc.array(fc.string(), { maxLength: 2 })) }, { requiredKeys: [] })),
      waf: maybe(fc.record({
        enabled: maybe(fc.boolean()),
        rateLimitPerIp: maybe(fc.integer({ min: 0, max: 5000 })),
        rateLimitWindowSeconds: maybe(fc.constantFrom(60, 300, 7)),
      }, { requiredKeys: [] })),
      securityHeaders: maybe(fc.record({
        hstsMaxAgeSeconds: maybe(fc.integer({ min: -1, max: 1e8 })), hstsPreload: maybe(fc.boolean()),
      }, { requiredKeys: [] })),
      load: maybe(fc.record({
        peakRequestsPerSecond: maybe(fc.double({ min: -1, max: 1e6 })),
        peakGbps: maybe(fc.double({ min: -1, max: 500 })),
        averageResponseKiB: maybe(fc.double({ min: -1, max: 1000 })),
        hitRatio: maybe(fc.double({ min: -0.5, max: 1.5 })),
      }, { requiredKeys: [] })),
      sizing: maybe(fc.record({ targetUtilization: maybe(fc.double({ min: -1, max: 2 })) }, { requiredKeys: [] })),
    }, { requiredKeys: [] });
    fc.assert(fc.property(options, (o) => {
      try {
        const plan = planGlobalCdn(o as GlobalCdnOptions);
        expect(plan.origins.length).toBeGreaterThanOrEqual(1);
        sizeGlobalCdn(plan);
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
      }
    }), { numRuns: Number(process.env.SB_RUNS ?? 300) });
  });
});

describe('sizeGlobalCdn', () => {
  test.each([
    [100_000, Verdict.PASS],
    [230_000, Verdict.WARN],
    [300_000, Verdict.FAIL],
  ])('GIVEN %d requests/s WHEN sized THEN the requests quota row is %s', (rps, verdict) => {
    const rows = sizeGlobalCdn(planGlobalCdn({ load: { peakRequestsPerSecond: rps, averageResponseKiB: 1 } }));
    const r = row(rows, 'cdn requests');
    expect(r.scenario).toBe(Scenario.LIMIT);
    expect(r.capacity).toBe(250_000);
    expect(r.verdict).toBe(verdict);
    expect(r.sources).toEqual(['catalog.QUOTAS.cloudFront.requestsPerSecondPerDistribution']);
    // 300,000 / 0.9 = 333,333.3: a quota of 333,334 passes; 300,000 / 2 = 150,000 per distribution passes.
    if (verdict === Verdict.FAIL) {
      expect(r.fix).toBe('request a CloudFront "Requests per second per distribution" quota of >= 333,334 requests/s, '
        + 'then declare it (quotas.cloudFront.requestsPerSecondPerDistribution)');
      // Declared, the raised quota is what the row reads: 333,334 passes, 333,333 does not.
      const declared = (q: number) => row(sizeGlobalCdn(planGlobalCdn({ load: { peakRequestsPerSecond: rps, averageResponseKiB: 1 } }), {}, undefined,
        { quotas: { 'cloudFront.requestsPerSecondPerDistribution': q } }), 'cdn requests');
      expect(declared(333_334)).toMatchObject({ capacity: 333_334, verdict: Verdict.PASS });
      expect(declared(333_333).verdict).toBe(Verdict.WARN);
    }
  });

  test('GIVEN a response size WHEN sized THEN the bandwidth row derives Gbps from it', () => {
    // 400k rps x 50 KiB = 163.84 Gbps > 150
    const rows = sizeGlobalCdn(planGlobalCdn({ load: { peakRequestsPerSecond: 400_000, averageResponseKiB: 50 } }));
    const r = row(rows, 'cdn bandwidth');
    expect(r.demand).toBeCloseTo(163.84, 9);
    expect(r.capacity).toBe(150);
    expect(r.verdict).toBe(Verdict.FAIL);
  });

  test('GIVEN a declared Gbps WHEN the chain sends another peak THEN bandwidth scales with the implied response size', () => {
    const plan = planGlobalCdn({ load: { peakRequestsPerSecond: 100_000, peakGbps: 40 } });
    expect(plan.load.averageResponseKiB).toBeCloseTo((40 * 1e9) / (8 * 1024 * 100_000), 9);
    expect(plan.assumed.map((a) => a.prop)).not.toContain('cdn.load.averageResponseKiB');
    expect(row(sizeGlobalCdn(plan), 'cdn bandwidth').demand).toBe(40);
    expect(row(sizeGlobalCdn(plan, { peakRequestsPerSecond: 200_000 }), 'cdn bandwidth').demand).toBeCloseTo(80, 9);
    expect(row(sizeGlobalCdn(plan, { peakRequestsPerSecond: 200_000, peakGbps: 10 }), 'cdn bandwidth').demand).toBe(10);
  });

  test('GIVEN the plan WHEN sized THEN origins and behaviours are counted against their quotas', () => {
    const plan = planGlobalCdn({ apiOrigin: { domainName: 'api.example.com' } });
    expect(globalCdnTopologyOf(plan)).toEqual({ origins: 2, behaviors: 3 });
    const rows = sizeGlobalCdn(plan);
    expect(row(rows, 'cdn origins')).toMatchObject({ demand: 2, capacity: 100, verdict: Verdict.PASS });
    expect(row(rows, 'cdn behaviors')).toMatchObject({ demand: 3, capacity: 75, verdict: Verdict.PASS });
    const many = sizeGlobalCdn(plan, {}, { origins: 2, behaviors: 76 });
    expect(row(many, 'cdn behaviors').verdict).toBe(Verdict.FAIL);
    expect(row(many, 'cdn behaviors').fix).toMatch(/merge path patterns/);
  });

  test('GIVEN 75 static and one API pattern WHEN planned THEN the plan is valid but the behaviours row fails', () => {
    const patterns = Array.from({ length: 75 }, (_, i) => `/s${i}/*`);
    const plan = planGlobalCdn({ apiOrigin: {}, staticBehavior: { pathPatterns: patterns } });
    expect(row(sizeGlobalCdn(plan), 'cdn behaviors').verdict).toBe(Verdict.FAIL);
  });

  test('more demand never improves a verdict', () => {
    const d = fc.double({ min: 0, max: 1e6, noNaN: true });
    fc.assert(fc.property(d, d, fc.double({ min: 1, max: 500, noNaN: true }), (a, b, kib) => {
      const plan = planGlobalCdn({ load: { averageResponseKiB: kib } });
      const lo = sizeGlobalCdn(plan, { peakRequestsPerSecond: Math.min(a, b) });
      const hi = sizeGlobalCdn(plan, { peakRequestsPerSecond: Math.max(a, b) });
      lo.forEach((x, i) => expect(RANK[hi[i].verdict]).toBeGreaterThanOrEqual(RANK[x.verdict]));
    }), { numRuns: 200 });
  });

  test('the origin load falls as the hit ratio rises', () => {
    const ratio = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(fc.property(ratio, ratio, fc.double({ min: 0, max: 1e6, noNaN: true }),
      (h1, h2, rps) => {
        const at = (h: number): number => originRequestsPerSecond(planGlobalCdn({ load: { hitRatio: h } }), rps);
        expect(at(Math.max(h1, h2))).toBeLessThanOrEqual(at(Math.min(h1, h2)) + 1e-9);
      }), { numRuns: 100 });
  });

  test('every quota fix is exact: the quota it names passes and one less does not; so does the split over distributions', () => {
    const warn = 0.9;
    fc.assert(fc.property(fc.double({ min: 1, max: 5e6, noNaN: true }), fc.double({ min: 1, max: 600, noNaN: true }), (rps, gbps) => {
      const plan = planGlobalCdn();
      for (const [resource, demand, quota, metricDemand] of [
        ['cdn requests', rps, QUOTAS.cloudFront.requestsPerSecondPerDistribution.value, (n: number) => ({ peakRequestsPerSecond: rps / n, peakGbps: 0 })],
        ['cdn bandwidth', gbps, QUOTAS.cloudFront.transferRateGbpsPerDistribution.value, (n: number) => ({ peakRequestsPerSecond: 0, peakGbps: gbps / n })],
      ] as const) {
        const needed = quotaNeeded(demand, warn);
        expect(demand / needed).toBeLessThanOrEqual(warn * (1 + 1e-9));
        if (needed > 1) expect(demand / (needed - 1)).toBeGreaterThan(warn);
        const n = distributionsNeeded(demand, quota, warn);
        expect(row(sizeGlobalCdn(plan, metricDemand(n)), resource).verdict).toBe(Verdict.PASS);
        if (n > 1) expect(row(sizeGlobalCdn(plan, metricDemand(n - 1)), resource).verdict).not.toBe(Verdict.PASS);
      }
    }), { numRuns: 150 });
  });

  test('a higher quota (capacity) never worsens a verdict', () => {
    const quota = fc.integer({ min: 1, max: 5e5 });
    fc.assert(fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), quota, quota, (d, q1, q2) => {
      const w = (q: number) => verdictFor(utilizationOf(d, q), 1, 0.9);
      expect(RANK[w(Math.max(q1, q2))]).toBeLessThanOrEqual(RANK[w(Math.min(q1, q2))]);
    }), { numRuns: 100 });
  });

  test('GIVEN a peak and a hit ratio WHEN noted THEN the origin load is peak x (1 - hit ratio)', () => {
    // 20,000 rps at a 0.75 hit ratio: 5,000 rps reach the API.
    const plan = planGlobalCdn({ apiOrigin: {}, load: { peakRequestsPerSecond: 20_000, hitRatio: 0.75 } });
    expect(plan.load.originRequestsPerSecond).toBe(5000);
    expect(originRequestsPerSecond(plan)).toBe(5000);
    expect(globalCdnNotes(plan).join('\n')).toMatch(/0\.75, 5,000 of the 20,000 requests\/s reach the origins/);
  });

  test('GIVEN a hand-computed bandwidth WHEN sized THEN 300k rps x 40 KiB = 98.3 Gbps is 65.5 % of 150 Gbps: PASS', () => {
    const r = row(sizeGlobalCdn(planGlobalCdn({ load: { peakRequestsPerSecond: 300_000, averageResponseKiB: 40 } })), 'cdn bandwidth');
    expect(r.demand).toBeCloseTo(300_000 * 40 * 1024 * 8 / 1e9, 9);
    expect(r.utilization).toBeCloseTo(98.304 / 150, 9);
    expect(r.verdict).toBe(Verdict.PASS);
  });
});

describe('Content-Security-Policy length', () => {
  test('GIVEN a CSP at the catalog\'s CloudFront limit WHEN planned THEN it passes, and one character more is rejected naming the limit', () => {
    const max = QUOTAS.cloudFront.responseHeadersCspMaxLength.value;
    expect(planGlobalCdn({ securityHeaders: { contentSecurityPolicy: 'a'.repeat(max) } }).securityHeaders.contentSecurityPolicy).toHaveLength(max);
    const issues = issuesOf(() => planGlobalCdn({ securityHeaders: { contentSecurityPolicy: 'a'.repeat(max + 1) } }));
    expect(issues.map((i) => i.prop)).toEqual(['securityHeaders.contentSecurityPolicy']);
    expect(issues[0].allowed).toMatch(new RegExp(`up to ${max.toLocaleString('en-US')} characters`));
  });
});

describe('a supplied GlobalCdn plan: cached methods', () => {
  // Each backend spells the plan's methods as CloudFront's lists; a plan that asks CloudFront to cache
  // what it cannot (POST, or OPTIONS a behaviour does not allow) would be rendered differently by the
  // two backends, so it is rejected before either renders it.
  const plan = planGlobalCdn({ apiOrigin: {} });
  const issues = (p: unknown) => suppliedPlanIssues(BlockKind.GLOBAL_CDN, p, 'Cdn').map((i) => `${i.prop} = ${i.value}`);

  test('GIVEN the planned behaviours THEN they pass', () => {
    expect(issues(plan)).toEqual([]);
  });

  test.each([
    ['ALL', CdnAllowedMethods.ALL, CdnAllowedMethods.ALL],
    ['OPTIONS where only GET and HEAD are allowed', CdnAllowedMethods.GET_HEAD, CdnAllowedMethods.GET_HEAD_OPTIONS],
  ])('GIVEN a default behaviour caching %s THEN one issue names plan.defaultBehavior.cachedMethods', (_what, allowedMethods, cachedMethods) => {
    expect(issues({ ...plan, defaultBehavior: { ...plan.defaultBehavior, allowedMethods, cachedMethods } }))
      .toEqual([`plan.defaultBehavior.cachedMethods = "${cachedMethods}"`]);
  });

  test('GIVEN an additional behaviour caching ALL THEN the issue names that behaviour', () => {
    expect(plan.behaviors.length).toBeGreaterThan(0);
    const behaviors = plan.behaviors.map((b, i) => (i === 0
      ? { ...b, allowedMethods: CdnAllowedMethods.ALL, cachedMethods: CdnAllowedMethods.ALL } : b));
    expect(issues({ ...plan, behaviors })).toEqual(['plan.behaviors[0].cachedMethods = "ALL"']);
  });
});

describe('the name CloudFront reaches a load balancer by (apiOrigin.loadBalancerDomainName)', () => {
  const apiOf = (plan: ReturnType<typeof planGlobalCdn>) => plan.origins.find((o) => o.id === 'api');
  const secret = { access: OriginAccess.SECRET_ORIGIN_HEADER, originHeader: { secretName: 'scaleblocks/shop-api/origin-verify' } };
  const issues = (p: unknown) => suppliedPlanIssues(BlockKind.GLOBAL_CDN, p, 'Cdn').map((i) => `${i.prop} = ${i.value}`);

  test('GIVEN SECRET_ORIGIN_HEADER and a name WHEN planned THEN the load balancer origin carries it, and the report says the record is the user\'s', () => {
    const plan = planGlobalCdn({ name: 'shop', apiOrigin: { ...secret, loadBalancerDomainName: 'origin.example.com' } });
    expect(apiOf(plan)).toMatchObject({
      kind: CdnOriginKind.LOAD_BALANCER, access: OriginAccess.SECRET_ORIGIN_HEADER, domainName: 'origin.example.com', protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
    });
    const notes = globalCdnNotes(plan).join('\n');
    expect(notes).toMatch(/reaches the load balancer as origin\.example\.com and checks its certificate against that name/);
    expect(notes).toMatch(/a DNS record you own \(an alias or CNAME to the load balancer's DNS name\) must point origin\.example\.com at the load balancer/);
    expect(notes).not.toMatch(/answers 502/);
    expect(issues(plan)).toEqual([]);
  });

  test.each<[string, GlobalCdnOptions['apiOrigin']]>([
    ['SECRET_ORIGIN_HEADER', secret],
    ['CLOUDFRONT_PREFIX_LIST over HTTPS', { access: OriginAccess.CLOUDFRONT_PREFIX_LIST }],
  ])('GIVEN %s without a name WHEN noted THEN the 502 note names apiOrigin.loadBalancerDomainName and the DNS record as the fix', (_what, apiOrigin) => {
    const plan = planGlobalCdn({ apiOrigin });
    expect(apiOf(plan)?.domainName).toBeUndefined();
    const notes = globalCdnNotes(plan).join('\n');
    expect(notes).toMatch(/load balancer's own elb\.amazonaws\.com name, which the certificate does not cover, so CloudFront answers 502: give apiOrigin\.loadBalancerDomainName/);
    expect(notes).toMatch(/point it at the load balancer with a DNS record you own/);
  });

  test('GIVEN a VPC origin over HTTPS WHEN noted THEN the 502 note points at HTTP_ONLY, not at a name the VPC origin cannot take', () => {
    const notes = globalCdnNotes(planGlobalCdn({ apiOrigin: { access: OriginAccess.VPC_ORIGIN } })).join('\n');
    expect(notes).toMatch(/answers 502: behind a VPC origin the hop is private, so apiOrigin\.protocolPolicy HTTP_ONLY/);
    expect(notes).not.toMatch(/loadBalancerDomainName/);
  });

  test('GIVEN a name over plain HTTP through the prefix list WHEN planned THEN it is carried (an alias of the load balancer), with no certificate note', () => {
    const plan = planGlobalCdn({ apiOrigin: { protocolPolicy: OriginProtocolPolicy.HTTP_ONLY, loadBalancerDomainName: 'origin.example.com' } });
    expect(apiOf(plan)?.domainName).toBe('origin.example.com');
    expect(globalCdnNotes(plan).join('\n')).not.toMatch(/certificate against/);
  });

  test.each<[string, GlobalCdnOptions['apiOrigin'], RegExp]>([
    ['access VPC_ORIGIN', { access: OriginAccess.VPC_ORIGIN, loadBalancerDomainName: 'origin.example.com' }, /unset with access VPC_ORIGIN/],
    ['kind CUSTOM_DOMAIN', { domainName: 'api.example.com', loadBalancerDomainName: 'origin.example.com' }, /unset with kind CUSTOM_DOMAIN/],
    ['upper case', { ...secret, loadBalancerDomainName: 'Origin.example.com' }, /lower-case labels of letters, digits and hyphens, at most 253 characters/],
    ['an underscore', { ...secret, loadBalancerDomainName: 'my_origin.example.com' }, /DNS name/],
    ['a label starting with a hyphen', { ...secret, loadBalancerDomainName: '-origin.example.com' }, /DNS name/],
    ['a single label', { ...secret, loadBalancerDomainName: 'localhost' }, /DNS name/],
    ['254 characters', { ...secret, loadBalancerDomainName: `${'a'.repeat(61)}.${'b'.repeat(61)}.${'c'.repeat(61)}.${'d'.repeat(56)}.example.com` }, /at most 253/],
    ['a number', { ...secret, loadBalancerDomainName: 42 as unknown as string }, /DNS name/],
    ['an empty string', { ...secret, loadBalancerDomainName: '' }, /DNS name/],
  ])('GIVEN a name with %s WHEN planned THEN a ValidationError names apiOrigin.loadBalancerDomainName', (_what, apiOrigin, allowed) => {
    const found = issuesOf(() => planGlobalCdn({ apiOrigin }));
    const issue = found.find((i) => i.prop === 'apiOrigin.loadBalancerDomainName');
    expect(issue).toBeDefined();
    expect(issue?.allowed).toMatch(allowed);
  });

  test('GIVEN 253 characters WHEN planned THEN the name is accepted', () => {
    const name = `${'a'.repeat(61)}.${'b'.repeat(61)}.${'c'.repeat(61)}.${'d'.repeat(55)}.example.com`;
    expect(name).toHaveLength(253);
    expect(apiOf(planGlobalCdn({ apiOrigin: { ...secret, loadBalancerDomainName: name } }))?.domainName).toBe(name);
  });

  test('GIVEN any DNS name of lower-case labels WHEN planned THEN the plan carries it unchanged and a supplied copy passes', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
    const tld = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/);
    const name = fc.tuple(fc.array(label, { minLength: 1, maxLength: 4 }), tld).map(([ls, t]) => [...ls, t].join('.'));
    fc.assert(fc.property(name, (n) => {
      const plan = planGlobalCdn({ apiOrigin: { ...secret, loadBalancerDomainName: n } });
      expect(apiOf(plan)?.domainName).toBe(n);
      expect(issues(plan)).toEqual([]);
    }), { numRuns: Number(process.env.SB_RUNS ?? 200) });
  });

  describe('a supplied plan', () => {
    const named = planGlobalCdn({ apiOrigin: { ...secret, loadBalancerDomainName: 'origin.example.com' } });
    const withApi = (plan: typeof named, change: object) => ({ ...plan, origins: plan.origins.map((o) => (o.id === 'api' ? { ...o, ...change } : o)) });
    const apiIndex = named.origins.findIndex((o) => o.id === 'api');

    test.each([
      ['upper case', 'Origin.example.com'],
      ['a space', 'origin example.com'],
      ['a number', 42],
    ])('GIVEN a load balancer origin named with %s THEN one issue names its domainName', (_what, domainName) => {
      expect(issues(withApi(named, { domainName }))).toEqual([`plan.origins[${apiIndex}].domainName = ${JSON.stringify(domainName)}`]);
    });

    test('GIVEN a VPC origin with a name THEN one issue names its domainName', () => {
      const vpc = planGlobalCdn({ name: 'shop', apiOrigin: { access: OriginAccess.VPC_ORIGIN, protocolPolicy: OriginProtocolPolicy.HTTP_ONLY } });
      const i = vpc.origins.findIndex((o) => o.id === 'api');
      expect(issues(vpc)).toEqual([]);
      expect(issues(withApi(vpc, { domainName: 'origin.example.com' }))).toEqual([`plan.origins[${i}].domainName = "origin.example.com"`]);
    });

    test('GIVEN the name removed THEN the plan still passes (the load balancer\'s own name)', () => {
      expect(issues(withApi(named, { domainName: undefined }))).toEqual([]);
    });
  });
});
