import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { TfTemplate } from './template';
import { GlobalCdn, GlobalCdnProps } from '../../src/cdktf/global-cdn';
import { LoadBalancedApi } from '../../src/cdktf/load-balanced-api';
import { TieredCache } from '../../src/cdktf/tiered-cache';
import {
  CdnAllowedMethods, CdnHttpVersion, Errors, FrameOption, OriginAccess, OriginProtocolPolicy, planGlobalCdn, PriceClass, ReferrerPolicy,
  RemovalPolicy,
} from '../../src/core';

function stack(region = 'eu-west-1'): TerraformStack {
  const app: App = Testing.app();
  const s = new TerraformStack(app, 'test');
  new AwsProvider(s, 'aws', { region });
  return s;
}

function render(props: GlobalCdnProps = {}): { t: TfTemplate; cdn: GlobalCdn; s: TerraformStack } {
  const s = stack();
  const cdn = new GlobalCdn(s, 'Cdn', props);
  return { t: TfTemplate.synth(s), cdn, s };
}

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/abcd-1234';
const WEB_ACL = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/shared/1111-2222';
const ALL_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

function policyOf(r: { attributes: { [k: string]: any } }): any {
  return JSON.parse(r.attributes.policy);
}

describe('GlobalCdn (Terraform)', () => {
  describe('GIVEN a static site with a load-balanced API', () => {
    const { t, cdn } = render({ apiOrigin: {}, apiOriginDomainName: 'api-lb-123.eu-west-1.elb.amazonaws.com', apiOriginSecurityGroupId: 'sg-0lb' });
    const dist = t.only('aws_cloudfront_distribution').attributes;
    const bucketName = t.find('aws_s3_bucket', { bucket_prefix: 'cdn-static-' })[0].name;

    test('THEN the static origin is the private bucket, reached through origin access control (sigv4, always)', () => {
      const origin = dist.origin.find((o: any) => o.origin_id === 'static');
      expect(origin).toMatchObject({
        domain_name: `\${aws_s3_bucket.${bucketName}.bucket_regional_domain_name}`,
        origin_access_control_id: expect.stringMatching(/aws_cloudfront_origin_access_control\.Cdn_OriginAccessControl_\w+\.id/),
        connection_attempts: 3,
        connection_timeout: 10,
      });
      expect(t.only('aws_cloudfront_origin_access_control').attributes).toMatchObject({
        origin_access_control_origin_type: 's3', signing_behavior: 'always', signing_protocol: 'sigv4',
      });
    });

    test('THEN the bucket is versioned, KMS-encrypted with a bucket key, blocks public access, has no ACLs and is retained', () => {
      expect(t.find('aws_s3_bucket_versioning', { bucket: `\${aws_s3_bucket.${bucketName}.id}` })[0].attributes.versioning_configuration)
        .toEqual({ status: 'Enabled' });
      expect(t.find('aws_s3_bucket_server_side_encryption_configuration', { bucket: `\${aws_s3_bucket.${bucketName}.id}` })[0].attributes.rule).toEqual([{
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: expect.stringMatching(/aws_kms_key\.Cdn_BucketKey_\w+\.arn/) },
        bucket_key_enabled: true,
      }]);
      t.hasResourceWithProperties('aws_s3_bucket_public_access_block', {
        bucket: `\${aws_s3_bucket.${bucketName}.id}`, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
      });
      t.hasResourceWithProperties('aws_s3_bucket_ownership_controls', {
        bucket: `\${aws_s3_bucket.${bucketName}.id}`, rule: { object_ownership: 'BucketOwnerEnforced' },
      });
      const lifecycle = t.find('aws_s3_bucket_lifecycle_configuration', { bucket: `\${aws_s3_bucket.${bucketName}.id}` })[0].attributes.rule[0];
      expect(lifecycle).toMatchObject({
        status: 'Enabled', noncurrent_version_expiration: [{ noncurrent_days: 30 }], abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      });
      expect(t.find('aws_s3_bucket', { bucket_prefix: 'cdn-static-' })[0].attributes.lifecycle).toEqual({ prevent_destroy: true });
    });

    test('THEN the bucket policy lets only this distribution read, and denies requests without TLS', () => {
      const policy = policyOf(t.find('aws_s3_bucket_policy', { bucket: `\${aws_s3_bucket.${bucketName}.id}` })[0]);
      expect(policy.Statement).toEqual([
        {
          Sid: 'CloudFrontReadsForThisDistribution',
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: ['s3:GetObject'],
          Resource: `\${aws_s3_bucket.${bucketName}.arn}/*`,
          Condition: { StringEquals: { 'AWS:SourceArn': expect.stringMatching(/^\$\{aws_cloudfront_distribution\.Cdn_\w+\.arn\}$/) } },
        },
        expect.objectContaining({ Sid: 'DenyInsecureTransport', Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]);
    });

    test('THEN the bucket key rotates, is retained, and lets CloudFront decrypt only for this distribution', () => {
      const key = t.only('aws_kms_key');
      expect(key.attributes).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
      expect(policyOf(key).Statement).toContainEqual({
        Sid: 'CloudFrontDecryptsForThisDistribution',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: ['kms:Decrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'AWS:SourceArn': expect.stringMatching(/aws_cloudfront_distribution\.Cdn_\w+\.arn/) } },
      });
    });

    test('THEN the load balancer is an HTTPS-only origin with the plan\'s timeouts, admitting only CloudFront\'s origin-facing prefix list', () => {
      expect(dist.origin.find((o: any) => o.origin_id === 'api')).toEqual({
        origin_id: 'api',
        domain_name: 'api-lb-123.eu-west-1.elb.amazonaws.com',
        connection_attempts: 3,
        connection_timeout: 10,
        custom_origin_config: { origin_protocol_policy: 'https-only', http_port: 80, https_port: 443, origin_ssl_protocols: ['TLSv1.2'], origin_read_timeout: 30 },
      });
      expect(t.dataSources('aws_ec2_managed_prefix_list')[0].attributes).toEqual({ name: 'com.amazonaws.global.cloudfront.origin-facing' });
      expect(t.only('aws_vpc_security_group_ingress_rule').attributes).toMatchObject({
        security_group_id: 'sg-0lb', prefix_list_id: expect.stringMatching(/CloudFrontOriginFacing/), from_port: 443, to_port: 443, ip_protocol: 'tcp',
      });
      expect(cdn.cloudFrontPrefixListId).toBeDefined();
    });

    test('THEN API paths come first, are not cached, accept every method and forward every viewer header but Host', () => {
      const [api, ...rest] = dist.ordered_cache_behavior;
      expect(api).toMatchObject({
        path_pattern: '/api/*',
        target_origin_id: 'api',
        allowed_methods: ALL_METHODS,
        cached_methods: ['GET', 'HEAD', 'OPTIONS'],
        viewer_protocol_policy: 'redirect-to-https',
        cache_policy_id: expect.stringMatching(/data\.aws_cloudfront_cache_policy\.Cdn_CachingDisabled_\w+\.id/),
        origin_request_policy_id: expect.stringMatching(/aws_cloudfront_origin_request_policy\.Cdn_ApiOriginRequestPolicy_\w+\.id/),
      });
      expect(t.dataSources('aws_cloudfront_cache_policy')[0].attributes).toEqual({ name: 'Managed-CachingDisabled' });
      expect(t.only('aws_cloudfront_origin_request_policy').attributes).toMatchObject({
        headers_config: { header_behavior: 'allExcept', headers: { items: ['Host'] } },
        query_strings_config: { query_string_behavior: 'all' },
        cookies_config: { cookie_behavior: 'all' },
      });
      expect(rest.map((b: any) => b.path_pattern)).toEqual(['/static/*', '/assets/*']);
    });

    test('THEN static paths are cached with the plan\'s TTLs, compressed, GET/HEAD only', () => {
      const statics = dist.ordered_cache_behavior.slice(1);
      for (const b of statics) {
        expect(b).toMatchObject({ target_origin_id: 'static', allowed_methods: ['GET', 'HEAD'], compress: true, viewer_protocol_policy: 'redirect-to-https' });
        expect(b.cache_policy_id).toMatch(/aws_cloudfront_cache_policy\.Cdn_StaticCachePolicy_\w+\.id/);
        expect(b.origin_request_policy_id).toBeUndefined();
      }
      t.hasResourceWithProperties('aws_cloudfront_cache_policy', {
        name: 'cdn-static',
        min_ttl: 0,
        default_ttl: 86400,
        max_ttl: 31536000,
        parameters_in_cache_key_and_forwarded_to_origin: expect.objectContaining({
          enable_accept_encoding_gzip: true, enable_accept_encoding_brotli: true,
        }),
      });
      expect(dist.default_cache_behavior).toMatchObject({ target_origin_id: 'static', compress: true });
      t.hasResourceWithProperties('aws_cloudfront_cache_policy', { name: 'cdn-default', default_ttl: 300 });
    });

    test('THEN viewers get TLS 1.2+, HTTP/2 and HTTP/3, IPv6, every edge and no geo restriction', () => {
      expect(dist).toMatchObject({
        enabled: true,
        http_version: 'http2and3',
        is_ipv6_enabled: true,
        price_class: 'PriceClass_All',
        default_root_object: 'index.html',
        viewer_certificate: { cloudfront_default_certificate: true },
        restrictions: { geo_restriction: { restriction_type: 'none' } },
      });
      expect(dist.aliases).toBeUndefined();
    });

    test('THEN every behaviour adds the security headers', () => {
      const id = expect.stringMatching(/aws_cloudfront_response_headers_policy\.Cdn_SecurityHeaders_\w+\.id/);
      for (const b of [dist.default_cache_behavior, ...dist.ordered_cache_behavior]) expect(b.response_headers_policy_id).toEqual(id);
      expect(t.only('aws_cloudfront_response_headers_policy').attributes.security_headers_config).toEqual({
        strict_transport_security: { access_control_max_age_sec: 63072000, include_subdomains: true, preload: false, override: true },
        content_type_options: { override: true },
        frame_options: { frame_option: 'DENY', override: true },
        referrer_policy: { referrer_policy: 'strict-origin-when-cross-origin', override: true },
      });
    });

    test('THEN access logs go to a private, versioned, SSE-S3 log bucket that expires them, retained', () => {
      const log = t.find('aws_s3_bucket', { bucket_prefix: 'cdn-logs-' })[0];
      expect(log.attributes.lifecycle).toEqual({ prevent_destroy: true });
      const ref = `\${aws_s3_bucket.${log.name}.id}`;
      expect(t.find('aws_s3_bucket_server_side_encryption_configuration', { bucket: ref })[0].attributes.rule[0].apply_server_side_encryption_by_default)
        .toEqual({ sse_algorithm: 'AES256' });
      t.hasResourceWithProperties('aws_s3_bucket_ownership_controls', { bucket: ref, rule: { object_ownership: 'BucketOwnerPreferred' } });
      t.hasResourceWithProperties('aws_s3_bucket_versioning', { bucket: ref, versioning_configuration: { status: 'Enabled' } });
      t.hasResourceWithProperties('aws_s3_bucket_public_access_block', { bucket: ref, block_public_policy: true, restrict_public_buckets: true });
      expect(t.find('aws_s3_bucket_lifecycle_configuration', { bucket: ref })[0].attributes.rule[0].expiration).toEqual([{ days: 90 }]);
      expect(policyOf(t.find('aws_s3_bucket_policy', { bucket: ref })[0]).Statement[0]).toMatchObject({ Sid: 'DenyInsecureTransport' });
      expect(dist.logging_config).toEqual({ bucket: `\${aws_s3_bucket.${log.name}.bucket_domain_name}`, prefix: 'cdn/', include_cookies: false });
    });

    test('THEN a web ACL in us-east-1 (an aliased provider) blocks per-IP floods and runs the managed common rule set', () => {
      const acl = t.only('aws_wafv2_web_acl').attributes;
      expect(t.json.provider.aws).toContainEqual({ alias: 'cdn-waf-us-east-1', region: 'us-east-1' });
      expect(acl).toMatchObject({
        provider: 'aws.cdn-waf-us-east-1',
        name: 'cdn-web-acl',
        scope: 'CLOUDFRONT',
        default_action: { allow: {} },
        visibility_config: { cloudwatch_metrics_enabled: true, sampled_requests_enabled: true, metric_name: 'cdn-waf' },
      });
      expect(acl.rule).toEqual([
        expect.objectContaining({
          name: 'RateLimitPerIp',
          priority: 0,
          action: { block: {} },
          statement: { rate_based_statement: { limit: 2000, aggregate_key_type: 'IP', evaluation_window_sec: 300 } },
        }),
        expect.objectContaining({
          priority: 1,
          override_action: { none: {} },
          statement: { managed_rule_group_statement: { vendor_name: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } },
        }),
      ]);
      expect(dist.web_acl_id).toMatch(/aws_wafv2_web_acl\.Cdn_WebAcl_\w+\.arn/);
      expect(cdn.wafRegionProvider).toBeDefined();
    });

    test('THEN the block adds no output to the stack (the CDK backend adds none either)', () => {
      expect(t.outputs()).toEqual({});
    });

    test('THEN the snapshot matches', () => {
      expect(t.json).toMatchSnapshot();
    });
  });

  describe('GIVEN an API-only distribution on a custom domain with failover, a certificate, geo and an existing web ACL', () => {
    const { t, cdn } = render({
      name: 'edge',
      staticSite: false,
      apiOrigin: { domainName: 'api.example.com', failover: { domainName: 'api-dr.example.com', statusCodes: [502, 503] } },
      apiBehavior: { allowedMethods: CdnAllowedMethods.GET_HEAD_OPTIONS, cacheTtlSeconds: 60, forwardCookies: false },
      domainNames: ['www.example.com'],
      certificateArn: CERT,
      priceClass: PriceClass.PRICE_CLASS_100,
      httpVersion: CdnHttpVersion.HTTP2,
      geoRestriction: { denyCountries: ['KP', 'IR'] },
      waf: { webAclArn: WEB_ACL },
      accessLogs: false,
      securityHeaders: { frameOption: FrameOption.SAMEORIGIN, referrerPolicy: ReferrerPolicy.NO_REFERRER, contentSecurityPolicy: "default-src 'self'" },
    });
    const dist = t.only('aws_cloudfront_distribution').attributes;

    test('THEN an origin group fails over from the primary to the secondary on the plan\'s status codes', () => {
      expect(dist.origin.map((o: any) => [o.origin_id, o.domain_name])).toEqual([['api', 'api.example.com'], ['api-failover', 'api-dr.example.com']]);
      expect(dist.origin_group).toEqual([{
        origin_id: 'api-group', failover_criteria: { status_codes: [502, 503] }, member: [{ origin_id: 'api' }, { origin_id: 'api-failover' }],
      }]);
      expect(dist.default_cache_behavior).toMatchObject({ target_origin_id: 'api-group', allowed_methods: ['GET', 'HEAD', 'OPTIONS'] });
      // Without a static site the static paths are cached at the API origin with the static TTLs.
      expect(dist.ordered_cache_behavior.map((b: any) => [b.path_pattern, b.target_origin_id])).toEqual([['/static/*', 'api-group'], ['/assets/*', 'api-group']]);
      expect(dist.ordered_cache_behavior[0].cache_policy_id).toMatch(/aws_cloudfront_cache_policy\.Cdn_StaticCachePolicy_\w+\.id/);
    });

    test('THEN a short API TTL caches per Authorization header and query string, cookies left out', () => {
      t.hasResourceWithProperties('aws_cloudfront_cache_policy', {
        name: 'edge-default',
        default_ttl: 60,
        max_ttl: 60,
        parameters_in_cache_key_and_forwarded_to_origin: expect.objectContaining({
          headers_config: { header_behavior: 'whitelist', headers: { items: ['Authorization'] } },
          query_strings_config: { query_string_behavior: 'all' },
          cookies_config: { cookie_behavior: 'none' },
        }),
      });
      expect(t.only('aws_cloudfront_origin_request_policy').attributes.cookies_config).toEqual({ cookie_behavior: 'none' });
    });

    test('THEN the custom domain is served with the us-east-1 certificate over SNI and TLS 1.2', () => {
      expect(dist.aliases).toEqual(['www.example.com']);
      expect(dist.viewer_certificate).toEqual({ acm_certificate_arn: CERT, ssl_support_method: 'sni-only', minimum_protocol_version: 'TLSv1.2_2021' });
    });

    test('THEN price class, HTTP version and the deny list are rendered', () => {
      expect(dist).toMatchObject({ price_class: 'PriceClass_100', http_version: 'http2' });
      expect(dist.restrictions).toEqual({ geo_restriction: { restriction_type: 'blacklist', locations: ['KP', 'IR'] } });
    });

    test('THEN the existing web ACL is attached and none is created, nor any provider', () => {
      expect(dist.web_acl_id).toBe(WEB_ACL);
      t.resourceCountIs('aws_wafv2_web_acl', 0);
      expect(t.json.provider.aws).toHaveLength(1);
      expect(cdn.webAclArn).toBe(WEB_ACL);
    });

    test('THEN there is no bucket, no key and no access log', () => {
      t.resourceCountIs('aws_s3_bucket', 0);
      t.resourceCountIs('aws_kms_key', 0);
      expect(dist.logging_config).toBeUndefined();
      expect(dist.default_root_object).toBeUndefined();
    });

    test('THEN the security headers follow the options', () => {
      expect(t.only('aws_cloudfront_response_headers_policy').attributes.security_headers_config).toMatchObject({
        frame_options: { frame_option: 'SAMEORIGIN', override: true },
        referrer_policy: { referrer_policy: 'no-referrer', override: true },
        content_security_policy: { content_security_policy: "default-src 'self'", override: true },
      });
    });

    test('THEN the snapshot matches', () => {
      expect(t.json).toMatchSnapshot();
    });
  });

  test('GIVEN a TieredCache THEN its CDN tier sets the static paths and TTLs', () => {
    const s = stack();
    const cache = new TieredCache(s, 'Cache', { cdn: { pathPatterns: ['/img/*'], minTtlSeconds: 60, defaultTtlSeconds: 3600, maxTtlSeconds: 7200 } });
    new GlobalCdn(s, 'Cdn', { cdnTier: cache.cdnTier });
    const t = TfTemplate.synth(s);
    const dist = t.only('aws_cloudfront_distribution').attributes;
    expect(dist.ordered_cache_behavior.map((b: any) => b.path_pattern)).toEqual(['/img/*']);
    t.hasResourceWithProperties('aws_cloudfront_cache_policy', { name: 'cdn-static', min_ttl: 60, default_ttl: 3600, max_ttl: 7200 });
  });

  test('GIVEN S3-managed encryption and excluded common rules THEN no key is made and the excluded rules only count', () => {
    const { t } = render({ bucket: { encryption: 'S3_MANAGED' as any }, waf: { excludedCommonRules: ['SizeRestrictions_BODY'], rateLimitPerIp: 500 } });
    t.resourceCountIs('aws_kms_key', 0);
    t.hasResourceWithProperties('aws_s3_bucket_server_side_encryption_configuration', {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
    });
    const rules = t.only('aws_wafv2_web_acl').attributes.rule;
    expect(rules[0].statement.rate_based_statement.limit).toBe(500);
    expect(rules[1].statement.managed_rule_group_statement.rule_action_override).toEqual([{ name: 'SizeRestrictions_BODY', action_to_use: { count: {} } }]);
  });

  test('GIVEN WAF disabled THEN no web ACL is created or attached', () => {
    const { t } = render({ waf: { enabled: false } });
    t.resourceCountIs('aws_wafv2_web_acl', 0);
    expect(t.only('aws_cloudfront_distribution').attributes.web_acl_id).toBeUndefined();
  });

  test('GIVEN a stack in us-east-1 and the user\'s own provider THEN the web ACL uses it and no provider is added', () => {
    const s = stack('us-east-1');
    const own = new AwsProvider(s, 'useast1', { alias: 'useast1', region: 'us-east-1' });
    const cdn = new GlobalCdn(s, 'Cdn', { wafProvider: own });
    const t = TfTemplate.synth(s);
    expect(t.only('aws_wafv2_web_acl').attributes.provider).toBe('aws.useast1');
    expect(t.json.provider.aws).toHaveLength(2);
    expect(cdn.wafRegionProvider).toBeUndefined();
  });

  test('GIVEN a resolved plan alone THEN it is rendered as given', () => {
    const plan = planGlobalCdn({ name: 'given', priceClass: PriceClass.PRICE_CLASS_200 });
    const { t, cdn } = render({ plan });
    expect(cdn.plan).toBe(plan);
    expect(t.only('aws_cloudfront_distribution').attributes.price_class).toBe('PriceClass_200');
  });

  test('GIVEN an internal load balancer and access VPC_ORIGIN THEN CloudFront reaches it through a VPC origin of the plan, and the prefix list alone is admitted', () => {
    // WHEN
    const { t, cdn } = render({
      name: 'shop',
      apiOrigin: { access: OriginAccess.VPC_ORIGIN, protocolPolicy: OriginProtocolPolicy.HTTP_ONLY, responseTimeoutSeconds: 45 },
      apiOriginDomainName: 'internal-api-123.eu-west-1.elb.amazonaws.com',
      apiOriginLoadBalancerArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/api/0123456789abcdef',
      apiOriginSecurityGroupId: 'sg-0lb',
    });
    // THEN
    const vpcOrigin = t.only('aws_cloudfront_vpc_origin');
    expect([vpcOrigin.attributes.vpc_origin_endpoint_config].flat()[0]).toEqual({
      name: 'shop-api',
      arn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/api/0123456789abcdef',
      http_port: 80,
      https_port: 443,
      origin_protocol_policy: 'http-only',
      origin_ssl_protocols: [{ items: ['TLSv1.2'], quantity: 1 }],
    });
    const origin = t.only('aws_cloudfront_distribution').attributes.origin.find((o: any) => o.origin_id === 'api');
    expect(origin).toMatchObject({
      domain_name: 'internal-api-123.eu-west-1.elb.amazonaws.com',
      vpc_origin_config: { vpc_origin_id: `\${aws_cloudfront_vpc_origin.${vpcOrigin.name}.id}`, origin_read_timeout: 45 },
    });
    expect(origin.custom_origin_config).toBeUndefined();
    expect(cdn.vpcOrigin).toBeDefined();
    expect(t.only('aws_vpc_security_group_ingress_rule').attributes).toMatchObject({ security_group_id: 'sg-0lb', from_port: 80, to_port: 80, ip_protocol: 'tcp' });
    expect(t.only('aws_vpc_security_group_ingress_rule').attributes.prefix_list_id).toMatch(/data\.aws_ec2_managed_prefix_list\./);
  });

  test('GIVEN access SECRET_ORIGIN_HEADER in front of a LoadBalancedApi THEN CloudFront sends over HTTPS the header the listener rule requires, from the same secret version', () => {
    // GIVEN the API generates the secret; the CDN sends its version's value (as SystemStack wires them)
    const s = stack();
    const api = new LoadBalancedApi(s, 'Api', {
      name: 'shop-api',
      originAccess: OriginAccess.SECRET_ORIGIN_HEADER,
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abcd-1234',
      load: { peakRequestsPerSecond: 100 },
    });
    // WHEN
    new GlobalCdn(s, 'Cdn', {
      name: 'shop',
      apiOrigin: { access: OriginAccess.SECRET_ORIGIN_HEADER, originHeader: { secretName: api.plan.originHeader!.secret.name } },
      apiOriginDomainName: 'origin.example.com',
      originHeaderValue: api.originSecretVersion!.secretString,
    });
    // THEN
    const t = TfTemplate.synth(s);
    const version = t.only('aws_secretsmanager_secret_version');
    const origin = t.only('aws_cloudfront_distribution').attributes.origin.find((o: any) => o.origin_id === 'api');
    expect(origin.custom_origin_config).toMatchObject({ origin_protocol_policy: 'https-only' });
    expect(origin.custom_header).toEqual([{ name: 'X-Origin-Verify', value: `\${aws_secretsmanager_secret_version.${version.name}.secret_string}` }]);
    const [rule] = t.resources('aws_lb_listener_rule');
    expect(rule.attributes.condition).toEqual([{ http_header: { http_header_name: 'X-Origin-Verify', values: [origin.custom_header[0].value] } }]);
    expect(t.dataSources('aws_secretsmanager_secret_version')).toEqual([]);
  });

  test('GIVEN SECRET_ORIGIN_HEADER and apiOrigin.loadBalancerDomainName THEN the origin\'s domain_name is the plan\'s name, with no DNS name prop', () => {
    const { t, cdn } = render({
      apiOrigin: {
        access: OriginAccess.SECRET_ORIGIN_HEADER, originHeader: { secretName: 'scaleblocks/shop-api/origin-verify' }, loadBalancerDomainName: 'origin.example.com',
      },
      apiOriginSecurityGroupId: 'sg-0lb',
    });
    expect(cdn.plan.origins.find((o) => o.id === 'api')?.domainName).toBe('origin.example.com');
    const origin = t.only('aws_cloudfront_distribution').attributes.origin.find((o: any) => o.origin_id === 'api');
    expect(origin.domain_name).toBe('origin.example.com');
    expect(origin.custom_origin_config).toMatchObject({ origin_protocol_policy: 'https-only' });
  });

  test('GIVEN access SECRET_ORIGIN_HEADER without originHeaderValue THEN the header reads the current version of the named secret', () => {
    const { t } = render({
      apiOrigin: { access: OriginAccess.SECRET_ORIGIN_HEADER, originHeader: { headerName: 'X-From-Cdn', secretName: 'scaleblocks/shop-api/origin-verify' } },
      apiOriginDomainName: 'origin.example.com',
    });
    const [data] = t.dataSources('aws_secretsmanager_secret_version');
    expect(data.attributes).toEqual({ secret_id: 'scaleblocks/shop-api/origin-verify' });
    const origin = t.only('aws_cloudfront_distribution').attributes.origin.find((o: any) => o.origin_id === 'api');
    expect(origin.custom_header).toEqual([{ name: 'X-From-Cdn', value: `\${data.aws_secretsmanager_secret_version.${data.name}.secret_string}` }]);
  });

  test('GIVEN an API origin added to a static site THEN the buckets and the key keep their logical ids', () => {
    const names = (props: GlobalCdnProps) => {
      const t = render(props).t;
      return ['aws_s3_bucket', 'aws_kms_key', 'aws_s3_bucket_policy', 'aws_cloudfront_distribution']
        .flatMap((type) => t.resources(type).map((r) => `${type}.${r.name}`)).sort();
    };
    expect(names({ apiOrigin: { domainName: 'api.example.com' } })).toEqual(names({}));
  });

  test.each<[string, GlobalCdnProps, RegExp]>([
    ['a load balancer origin without its DNS name', { apiOrigin: {} }, /apiOriginDomainName/],
    ['an origin header value without SECRET_ORIGIN_HEADER', { apiOrigin: {}, apiOriginDomainName: 'lb.example.com', originHeaderValue: 'x' }, /originHeaderValue/],
    ['a DNS name without a load balancer origin', { apiOriginDomainName: 'lb.example.com' }, /apiOriginDomainName/],
    ['a DNS name beside the plan\'s name for the load balancer', {
      apiOrigin: { loadBalancerDomainName: 'origin.example.com' }, apiOriginDomainName: 'lb-1.eu-west-1.elb.amazonaws.com',
    }, /apiOriginDomainName = "lb-1\.eu-west-1\.elb\.amazonaws\.com": must be unset: the plan names the load balancer origin origin\.example\.com/],
    ['a VPC origin without the load balancer\'s ARN', { apiOrigin: { access: OriginAccess.VPC_ORIGIN }, apiOriginDomainName: 'lb.internal' }, /apiOriginLoadBalancerArn/],
    ['a load balancer ARN without a VPC origin', { apiOrigin: {}, apiOriginDomainName: 'lb.example.com', apiOriginLoadBalancerArn: 'arn:x' }, /apiOriginLoadBalancerArn/],
    ['a security group without a load balancer origin', { apiOrigin: { domainName: 'api.example.com' }, apiOriginSecurityGroupId: 'sg-1' }, /apiOriginSecurityGroupId/],
    ['a WAF provider with an existing web ACL', { waf: { webAclArn: WEB_ACL }, wafProvider: 'x' as any }, /wafProvider/],
    ['a plan and options together', { plan: planGlobalCdn({}), priceClass: PriceClass.PRICE_CLASS_100 }, /plan/],
    ['a certificate outside us-east-1', { domainNames: ['www.example.com'], certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x' }, /certificateArn/],
  ])('GIVEN %s THEN a ValidationError names the prop', (_, props, prop) => {
    let error: unknown;
    try {
      render(props);
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(() => { throw error; }).toThrow(prop);
  });
});

describe('GlobalCdn (Terraform): every setting comes from the plan', () => {
  const plan = planGlobalCdn({ bucket: { removalPolicy: RemovalPolicy.DESTROY }, waf: { excludedCommonRules: ['SizeRestrictions_BODY'] } });
  const s = stack('us-east-1');
  new GlobalCdn(s, 'Cdn', { plan });
  const t = TfTemplate.synth(s);

  test('GIVEN a plan WHEN rendered THEN the web ACL rules carry the plan\'s names, metrics, key and actions', () => {
    const rules = t.only('aws_wafv2_web_acl').attributes.rule;
    const g = plan.waf.managedRuleGroups[0];
    expect(rules).toEqual([
      expect.objectContaining({
        name: 'RateLimitPerIp',
        action: { block: {} },
        statement: { rate_based_statement: { limit: 2000, aggregate_key_type: 'IP', evaluation_window_sec: 300 } },
        visibility_config: expect.objectContaining({ metric_name: plan.waf.rateLimitMetricName }),
      }),
      expect.objectContaining({
        name: g.ruleName,
        override_action: { none: {} },
        statement: {
          managed_rule_group_statement: {
            vendor_name: 'AWS', name: 'AWSManagedRulesCommonRuleSet', rule_action_override: [{ name: 'SizeRestrictions_BODY', action_to_use: { count: {} } }],
          },
        },
        visibility_config: expect.objectContaining({ metric_name: 'cdn-waf-AWSManagedRulesCommonRuleSet' }),
      }),
    ]);
  });

  test('GIVEN a plan WHEN rendered THEN both buckets get the plan\'s lifecycle rule, the log bucket its encryption and log-delivery ACL', () => {
    const rules = t.resources('aws_s3_bucket_lifecycle_configuration').map((r) => r.attributes.rule[0]);
    expect(rules).toEqual(expect.arrayContaining([
      { id: 'expire-logs', status: 'Enabled', filter: [{}], expiration: [{ days: 90 }], noncurrent_version_expiration: [{ noncurrent_days: 90 }] },
      {
        id: 'expire-old-versions',
        status: 'Enabled',
        filter: [{}],
        noncurrent_version_expiration: [{ noncurrent_days: 30 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]));
    expect(rules).toHaveLength(2);
    t.hasResourceWithProperties('aws_s3_bucket_acl', { acl: 'log-delivery-write' });
    const logEncryption = t.resources('aws_s3_bucket_server_side_encryption_configuration').find((r) => /LogBucket/.test(r.attributes.bucket));
    expect(logEncryption?.attributes.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'AES256' });
  });

  test('GIVEN a plan WHEN rendered THEN the static bucket\'s server access logs go to the log bucket under the plan\'s prefix', () => {
    expect(t.only('aws_s3_bucket_logging').attributes).toMatchObject({
      bucket: expect.stringMatching(/aws_s3_bucket\.Cdn_Bucket_\w+\.id/),
      target_bucket: expect.stringMatching(/aws_s3_bucket\.Cdn_LogBucket_\w+\.id/),
      target_prefix: plan.bucket?.serverAccessLogsPrefix,
    });
    expect(plan.bucket?.serverAccessLogsPrefix).toBe('s3-access/cdn/');
  });

  test('GIVEN a DESTROY bucket WHEN rendered THEN its key follows the plan: 30-day window, rotation, deletable like the bucket', () => {
    const key = t.only('aws_kms_key').attributes;
    expect(key).toMatchObject({ deletion_window_in_days: 30, enable_key_rotation: true });
    expect(key.lifecycle?.prevent_destroy).toBeUndefined();
    expect(t.only('aws_cloudfront_distribution').attributes.enabled).toBe(true);
  });
});
