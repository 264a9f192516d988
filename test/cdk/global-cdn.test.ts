import * as fs from 'fs';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { compliantApp, compliantTemplate } from './compliance';
import { GlobalCdn, GlobalCdnProps } from '../../src/cdk/global-cdn';
import { LoadBalancedApi } from '../../src/cdk/load-balanced-api';
import { TieredCache } from '../../src/cdk/tiered-cache';
import {
  BucketEncryption, CdnAllowedMethods, CdnHttpVersion, Errors, FrameOption, OriginAccess, OriginProtocolPolicy, planGlobalCdn, PriceClass,
  ReferrerPolicy, RemovalPolicy,
} from '../../src/core';

const CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/0a1b2c3d-1111-2222-3333-444455556666';
const WEB_ACL = 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/shared/0a1b2c3d-1111-2222-3333-444455556666';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const US_EAST_1 = { account: '111111111111', region: 'us-east-1' };

function render(props: GlobalCdnProps = {}, stackProps: cdk.StackProps = {}): { stack: cdk.Stack; cdn: GlobalCdn; template: Template } {
  const stack = new cdk.Stack(new cdk.App(), 'Test', stackProps);
  const cdn = new GlobalCdn(stack, 'Cdn', props);
  return { stack, cdn, template: Template.fromStack(stack) };
}

function distributionConfig(template: Template): any {
  const d = Object.values(template.findResources('AWS::CloudFront::Distribution'));
  expect(d).toHaveLength(1);
  return d[0].Properties.DistributionConfig;
}

function behavior(config: any, pathPattern: string): any {
  return pathPattern === '*' ? config.DefaultCacheBehavior : config.CacheBehaviors.find((b: any) => b.PathPattern === pathPattern);
}

function expectValidationError(fn: () => unknown, prop: RegExp): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(Errors.isValidationError(error)).toBe(true);
  expect(() => {
    throw error;
  }).toThrow(prop);
}

/** An ALB with its own security group, as a LoadBalancedApi would give. */
function albIn(stack: cdk.Stack): elbv2.ApplicationLoadBalancer {
  const vpc = new ec2.Vpc(stack, 'Net', { maxAzs: 2 });
  return new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
}

/**
 * Asserts that the last synth of a compliant app left no violation in any plugin's report: the
 * cfn-guard plugin does not fail the synth by itself, so `findingsOf` alone can miss its findings.
 */
function expectNoViolations(app: cdk.App): void {
  const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'));
  const violations = (report.pluginReports ?? []).flatMap((r: any) => (r.violations ?? []).map((v: any) => ({
    plugin: r.pluginName, rule: v.ruleName, paths: (v.violatingConstructs ?? []).map((c: any) => c.constructPath),
  })));
  expect(violations).toEqual([]);
}

describe('GlobalCdn (cdk): the static origin', () => {
  test('GIVEN no options WHEN rendered THEN a private, versioned, KMS-encrypted, TLS-only bucket, retained, with lifecycle', () => {
    const { template, cdn } = render();
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CdnBucketKey'), 'Arn'] } },
          }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: {
          Rules: [Match.objectLike({
            NoncurrentVersionExpiration: { NoncurrentDays: 30 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          })],
        },
        LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^CdnLogBucket') }, LogFilePrefix: 's3-access/cdn/' },
      }),
    });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
    expect(cdn.bucket).toBeDefined();
  });

  test('GIVEN no options WHEN rendered THEN CloudFront reads the bucket through OAC, and the bucket policy names this distribution', () => {
    const { template } = render();
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' }),
    });
    const origin = distributionConfig(template).Origins.find((o: any) => o.Id === 'static');
    expect(origin).toMatchObject({
      DomainName: { 'Fn::GetAtt': [expect.stringMatching(/^CdnBucket/), 'RegionalDomainName'] },
      OriginAccessControlId: { 'Fn::GetAtt': [expect.stringMatching(/^CdnOriginAccessControl/), 'Id'] },
      S3OriginConfig: { OriginAccessIdentity: '' },
      ConnectionAttempts: 3,
      ConnectionTimeout: 10,
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^CdnBucket[0-9A-F]') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: {
              StringEquals: {
                'AWS:SourceArn': {
                  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: 'CdnF9DD0B44' }]],
                },
              },
            },
          }),
        ]),
      },
    });
  });

  test('GIVEN a KMS bucket WHEN rendered THEN the key lets CloudFront decrypt, for distributions of this account only', () => {
    const { template } = render();
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'kms:Decrypt',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Condition: { ArnLike: { 'AWS:SourceArn': Match.anyValue() } },
        })]),
      },
    });
  });

  test('GIVEN SSE-S3 and DESTROY WHEN rendered THEN no key and a deletable bucket', () => {
    const { template } = render({
      bucket: { encryption: BucketEncryption.S3_MANAGED, removalPolicy: RemovalPolicy.DESTROY, noncurrentVersionExpirationDays: 7 },
    });
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: { Rules: [Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 7 } })] },
      }),
    });
  });

  test('GIVEN no options WHEN rendered THEN static paths are cached with CloudFront\'s TTLs and documents for 5 minutes', () => {
    const { template } = render();
    const config = distributionConfig(template);
    expect(config.DefaultRootObject).toBe('index.html');
    for (const p of ['/static/*', '/assets/*']) {
      expect(behavior(config, p)).toMatchObject({
        TargetOriginId: 'static',
        AllowedMethods: ['GET', 'HEAD'],
        CachedMethods: ['GET', 'HEAD'],
        Compress: true,
        ViewerProtocolPolicy: 'redirect-to-https',
        CachePolicyId: { Ref: expect.stringMatching(/^CdnStaticCachePolicy/) },
      });
    }
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        Comment: Match.stringLikeRegexp('StaticCachePolicy'),
        MinTTL: 0,
        DefaultTTL: 86400,
        MaxTTL: 31536000,
        ParametersInCacheKeyAndForwardedToOrigin: {
          CookiesConfig: { CookieBehavior: 'none' },
          HeadersConfig: { HeaderBehavior: 'none' },
          QueryStringsConfig: { QueryStringBehavior: 'none' },
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
        },
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({ Comment: Match.stringLikeRegexp('DefaultCachePolicy'), DefaultTTL: 300, MaxTTL: 86400 }),
    });
    expect(behavior(config, '*')).toMatchObject({ TargetOriginId: 'static', CachePolicyId: { Ref: expect.stringMatching(/^CdnDefaultCachePolicy/) } });
  });

  test('GIVEN a TieredCache CDN tier WHEN rendered THEN its paths and TTLs are the static behaviours', () => {
    const stack = new cdk.Stack(new cdk.App(), 'Test');
    const cache = new TieredCache(stack, 'Cache', { cdn: { minTtlSeconds: 60, defaultTtlSeconds: 600, maxTtlSeconds: 3600, pathPatterns: ['/img/*'] } });
    new GlobalCdn(stack, 'Cdn', { cdnTier: cache.cdnTier });
    const template = Template.fromStack(stack);
    const config = distributionConfig(template);
    expect(config.CacheBehaviors.map((b: any) => b.PathPattern)).toEqual(['/img/*']);
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({ Comment: Match.stringLikeRegexp('StaticCachePolicy'), MinTTL: 60, DefaultTTL: 600, MaxTTL: 3600 }),
    });
  });
});

describe('GlobalCdn (cdk): the dynamic origin', () => {
  test('GIVEN a custom domain WHEN rendered THEN an HTTPS-only TLS 1.2 origin, API paths uncached with all methods and viewer headers', () => {
    const { template } = render({ apiOrigin: { domainName: 'api.example.com', responseTimeoutSeconds: 45 } });
    const config = distributionConfig(template);
    expect(config.Origins.find((o: any) => o.Id === 'api')).toEqual({
      Id: 'api',
      DomainName: 'api.example.com',
      ConnectionAttempts: 3,
      ConnectionTimeout: 10,
      CustomOriginConfig: { OriginProtocolPolicy: 'https-only', HTTPSPort: 443, HTTPPort: 80, OriginSSLProtocols: ['TLSv1.2'], OriginReadTimeout: 45 },
    });
    expect(config.CacheBehaviors[0]).toMatchObject({
      PathPattern: '/api/*',
      TargetOriginId: 'api',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: { Ref: expect.stringMatching(/^CdnApiOriginRequestPolicy/) },
      ViewerProtocolPolicy: 'redirect-to-https',
    });
    template.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
      OriginRequestPolicyConfig: Match.objectLike({
        HeadersConfig: { HeaderBehavior: 'allExcept', Headers: ['Host'] },
        QueryStringsConfig: { QueryStringBehavior: 'all' },
        CookiesConfig: { CookieBehavior: 'all' },
      }),
    });
  });

  test('GIVEN a short API TTL WHEN rendered THEN API responses are cached per Authorization header and query string', () => {
    const { template } = render({ apiOrigin: { domainName: 'api.example.com' }, apiBehavior: { cacheTtlSeconds: 30, forwardCookies: false } });
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        Comment: Match.stringLikeRegexp('ApiCachePolicy'),
        MinTTL: 0,
        DefaultTTL: 30,
        MaxTTL: 30,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization'] },
          QueryStringsConfig: { QueryStringBehavior: 'all' },
          CookiesConfig: { CookieBehavior: 'none' },
        }),
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
      OriginRequestPolicyConfig: Match.objectLike({ CookiesConfig: { CookieBehavior: 'none' } }),
    });
  });

  test('GIVEN an API only WHEN rendered THEN the default behaviour is the API and there is no bucket', () => {
    const { template, cdn } = render({ staticSite: false, apiOrigin: { domainName: 'api.example.com' } });
    template.resourceCountIs('AWS::S3::Bucket', 1); // the log bucket
    const config = distributionConfig(template);
    expect(config.DefaultRootObject).toBeUndefined();
    expect(behavior(config, '*')).toMatchObject({ TargetOriginId: 'api', CachePolicyId: CACHING_DISABLED });
    expect(config.CacheBehaviors.map((b: any) => [b.PathPattern, b.TargetOriginId])).toEqual([['/static/*', 'api'], ['/assets/*', 'api']]);
    expect(cdn.bucket).toBeUndefined();
  });

  test('GIVEN a failover origin WHEN rendered THEN an origin group with the plan\'s status codes serves the API paths', () => {
    const { template } = render({
      apiOrigin: { domainName: 'api.example.com', failover: { domainName: 'api-dr.example.com', statusCodes: [502, 503] } },
      apiBehavior: { allowedMethods: CdnAllowedMethods.GET_HEAD_OPTIONS },
    });
    const config = distributionConfig(template);
    expect(config.Origins.map((o: any) => o.Id)).toEqual(['static', 'api', 'api-failover']);
    expect(config.OriginGroups.Quantity).toBe(1);
    const group = config.OriginGroups.Items[0];
    expect(group).toMatchObject({
      FailoverCriteria: { StatusCodes: { Items: [502, 503], Quantity: 2 } },
      Members: { Items: [{ OriginId: 'api' }, { OriginId: 'api-failover' }], Quantity: 2 },
    });
    // The plan names the group (aws-cdk-lib would name it itself): the same id as in Terraform.
    expect(group.Id).toBe('api-group');
    expect(behavior(config, '/api/*')).toMatchObject({ TargetOriginId: 'api-group', AllowedMethods: ['GET', 'HEAD', 'OPTIONS'] });
  });

  test('GIVEN a load balancer and its prefix list WHEN rendered THEN the origin is its DNS name and only CloudFront is admitted', () => {
    const stack = new cdk.Stack(new cdk.App(), 'Test');
    const alb = albIn(stack);
    new GlobalCdn(stack, 'Cdn', { apiOrigin: {}, loadBalancer: alb, cloudFrontPrefixListId: 'pl-3b927c52' });
    const template = Template.fromStack(stack);
    expect(distributionConfig(template).Origins.find((o: any) => o.Id === 'api').DomainName)
      .toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Alb/), 'DNSName'] });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: stack.resolve(alb.connections.securityGroups[0].securityGroupId),
      SourcePrefixListId: 'pl-3b927c52',
      FromPort: 443,
      ToPort: 443,
      IpProtocol: 'tcp',
    });
  });

  test('GIVEN a load balancer reached over HTTP through its alias in a Region WHEN rendered THEN the prefix list is looked up on port 80', () => {
    const stack = new cdk.Stack(new cdk.App(), 'Test', { env: US_EAST_1 });
    const alb = albIn(stack);
    new GlobalCdn(stack, 'Cdn', {
      apiOrigin: { protocolPolicy: OriginProtocolPolicy.HTTP_ONLY, loadBalancerDomainName: 'origin.example.com' }, loadBalancer: alb,
    });
    const template = Template.fromStack(stack);
    const origin = distributionConfig(template).Origins.find((o: any) => o.Id === 'api');
    expect(origin.DomainName).toBe('origin.example.com');
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe('http-only');
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: stack.resolve(alb.connections.securityGroups[0].securityGroupId),
      SourcePrefixListId: Match.stringLikeRegexp('^pl-'),
      FromPort: 80,
      ToPort: 80,
    });
  });

  test('GIVEN the former loadBalancerDomainName prop (JavaScript) WHEN constructed THEN a ValidationError points at apiOrigin.loadBalancerDomainName', () => {
    const stack = new cdk.Stack(new cdk.App(), 'Test', { env: US_EAST_1 });
    const props = { apiOrigin: {}, loadBalancer: albIn(stack), loadBalancerDomainName: 'origin.example.com' } as unknown as GlobalCdnProps;
    expect(() => new GlobalCdn(stack, 'Cdn', props))
      .toThrow(/loadBalancerDomainName = "origin\.example\.com": must be unset: give apiOrigin\.loadBalancerDomainName/);
  });

  test('GIVEN an internal load balancer and access VPC_ORIGIN WHEN rendered THEN CloudFront reaches it through a VPC origin of the plan, over no custom origin', () => {
    // GIVEN
    const stack = new cdk.Stack(new cdk.App(), 'Test');
    const vpc = new ec2.Vpc(stack, 'Net', { maxAzs: 2 });
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: false });
    // WHEN
    const cdn = new GlobalCdn(stack, 'Cdn', {
      name: 'shop',
      apiOrigin: { access: OriginAccess.VPC_ORIGIN, protocolPolicy: OriginProtocolPolicy.HTTP_ONLY, responseTimeoutSeconds: 45 },
      loadBalancer: alb,
      cloudFrontPrefixListId: 'pl-3b927c52',
    });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudFront::VpcOrigin', {
      VpcOriginEndpointConfig: {
        Arn: { Ref: Match.stringLikeRegexp('^Alb') },
        Name: 'shop-api',
        HTTPPort: 80,
        HTTPSPort: 443,
        OriginProtocolPolicy: 'http-only',
        OriginSSLProtocols: ['TLSv1.2'],
      },
    });
    const origin = distributionConfig(template).Origins.find((o: any) => o.Id === 'api');
    expect(origin).toMatchObject({
      DomainName: { 'Fn::GetAtt': [expect.stringMatching(/^Alb/), 'DNSName'] },
      VpcOriginConfig: { VpcOriginId: { 'Fn::GetAtt': [expect.stringMatching(/^CdnVpcOrigin/), 'Id'] }, OriginReadTimeout: 45 },
    });
    expect(origin.CustomOriginConfig).toBeUndefined();
    expect(cdn.vpcOrigin).toBeDefined();
    // only CloudFront's origin-facing addresses reach the load balancer, on the origin port
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: stack.resolve(alb.connections.securityGroups[0].securityGroupId), SourcePrefixListId: 'pl-3b927c52', FromPort: 80, ToPort: 80,
    });
  });

  describe('GIVEN access SECRET_ORIGIN_HEADER in front of a LoadBalancedApi that requires the header', () => {
    // GIVEN the API generates the secret; the CDN sends its value (as SystemStack wires them)
    const stack = new cdk.Stack(new cdk.App(), 'Test', { env: US_EAST_1 });
    const api = new LoadBalancedApi(stack, 'Api', {
      name: 'shop-api', originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: CERT, load: { peakRequestsPerSecond: 100 },
    });
    // WHEN
    const cdn = new GlobalCdn(stack, 'Cdn', {
      name: 'shop',
      apiOrigin: {
        access: OriginAccess.SECRET_ORIGIN_HEADER, originHeader: { secretName: api.plan.originHeader!.secret.name }, loadBalancerDomainName: 'origin.example.com',
      },
      loadBalancer: api.loadBalancer,
      cloudFrontPrefixListId: 'pl-3b927c52',
      originSecret: api.originSecret,
    });
    const template = Template.fromStack(stack);
    const origin = distributionConfig(template).Origins.find((o: any) => o.Id === 'api');
    test('THEN CloudFront connects to the plan\'s name for the load balancer (one its certificate covers), not its elb.amazonaws.com name', () => {
      expect(cdn.plan.origins.find((o) => o.id === 'api')?.domainName).toBe('origin.example.com');
      expect(origin.DomainName).toBe('origin.example.com');
    });
    test('THEN CloudFront reaches the load balancer over HTTPS with the plan\'s header, from the same secret the listener rule compares with', () => {
      expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
      expect(origin.OriginCustomHeaders).toHaveLength(1);
      const [header] = origin.OriginCustomHeaders;
      expect(header.HeaderName).toBe('X-Origin-Verify');
      const [rule] = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule')).map((r: any) => r.Properties);
      const condition = rule.Conditions.find((c: any) => c.Field === 'http-header');
      expect(condition.HttpHeaderConfig.HttpHeaderName).toBe(header.HeaderName);
      // the same dynamic reference to the same secret: {{resolve:secretsmanager:<the API's secret>:SecretString:::}}
      expect(condition.HttpHeaderConfig.Values).toEqual([header.HeaderValue]);
      expect(JSON.stringify(header.HeaderValue)).toMatch(/\{\{resolve:secretsmanager:/);
      expect(JSON.stringify(header.HeaderValue)).toContain('ApiOriginSecret');
      expect(cdn.originSecret).toBe(api.originSecret);
    });
    test('THEN the secret\'s value is nowhere in the template, and the prefix list still guards the load balancer', () => {
      expect(Object.keys(template.findResources('AWS::SecretsManager::Secret'))).toHaveLength(1);
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { SourcePrefixListId: 'pl-3b927c52', FromPort: 443, ToPort: 443 });
    });
  });

  test('GIVEN access SECRET_ORIGIN_HEADER without originSecret THEN the header reads the named secret by a dynamic reference', () => {
    const stack = new cdk.Stack(new cdk.App(), 'Test');
    new GlobalCdn(stack, 'Cdn', {
      apiOrigin: { access: OriginAccess.SECRET_ORIGIN_HEADER, originHeader: { headerName: 'X-From-Cdn', secretName: 'scaleblocks/shop-api/origin-verify' } },
      loadBalancer: albIn(stack),
      cloudFrontPrefixListId: 'pl-3b927c52',
    });
    const origin = distributionConfig(Template.fromStack(stack)).Origins.find((o: any) => o.Id === 'api');
    expect(origin.OriginCustomHeaders).toHaveLength(1);
    expect(origin.OriginCustomHeaders[0].HeaderName).toBe('X-From-Cdn');
    // {{resolve:secretsmanager:arn:<partition>:secretsmanager:<region>:<account>:secret:<name>:SecretString:::}}
    const value = JSON.stringify(origin.OriginCustomHeaders[0].HeaderValue);
    expect(value).toMatch(/^"?\{?.*\{\{resolve:secretsmanager:arn:/);
    expect(value).toContain(':secret:scaleblocks/shop-api/origin-verify:SecretString:::}}');
  });

  test.each([
    ['no secret name', { access: OriginAccess.SECRET_ORIGIN_HEADER }, /apiOrigin\.originHeader\.secretName/],
    ['plain HTTP to the origin', { access: OriginAccess.SECRET_ORIGIN_HEADER, protocolPolicy: OriginProtocolPolicy.HTTP_ONLY, originHeader: { secretName: 's' } },
      /apiOrigin\.protocolPolicy = "HTTP_ONLY".*HTTPS_ONLY with access SECRET_ORIGIN_HEADER/],
    ['a header CloudFront reserves', { access: OriginAccess.SECRET_ORIGIN_HEADER, originHeader: { headerName: 'X-Amz-Secret', secretName: 's' } },
      /apiOrigin\.originHeader\.headerName = "X-Amz-Secret"/],
    ['an origin header without SECRET_ORIGIN_HEADER', { originHeader: { secretName: 's' } }, /apiOrigin\.originHeader.*unset unless/],
  ])('GIVEN %s WHEN planned THEN a ValidationError names it', (_, apiOrigin, message) => {
    expect(() => planGlobalCdn({ apiOrigin: apiOrigin as any })).toThrow(message);
  });

  test('GIVEN access VPC_ORIGIN and a load balancer without an ARN WHEN rendered THEN a ValidationError names loadBalancer', () => {
    const stack = new cdk.Stack(new cdk.App(), 'Test');
    const alb = albIn(stack);
    const noArn = { loadBalancerDnsName: alb.loadBalancerDnsName, loadBalancerCanonicalHostedZoneId: 'Z1', connections: alb.connections } as unknown as elbv2.ILoadBalancerV2;
    expectValidationError(() => new GlobalCdn(stack, 'Cdn', {
      apiOrigin: { access: OriginAccess.VPC_ORIGIN }, loadBalancer: noArn, cloudFrontPrefixListId: 'pl-3b927c52',
    }), /loadBalancer = "a load balancer without an ARN"/);
  });

  test('GIVEN a LOAD_BALANCED_API origin without a load balancer WHEN rendered THEN a ValidationError names loadBalancer', () => {
    expectValidationError(() => render({ apiOrigin: {} }), /loadBalancer/);
  });

  test('GIVEN a load balancer in an env-agnostic stack without a prefix list id WHEN rendered THEN a ValidationError names cloudFrontPrefixListId', () => {
    const stack = new cdk.Stack(new cdk.App(), 'Test');
    const alb = albIn(stack);
    expectValidationError(() => new GlobalCdn(stack, 'Cdn', { apiOrigin: {}, loadBalancer: alb }), /cloudFrontPrefixListId/);
  });

  test('GIVEN a load balancer without an API origin WHEN rendered THEN a ValidationError names loadBalancer', () => {
    const stack = new cdk.Stack(new cdk.App(), 'Test');
    const alb = albIn(stack);
    expectValidationError(() => new GlobalCdn(stack, 'Cdn', { loadBalancer: alb }), /loadBalancer/);
  });
});

describe('GlobalCdn (cdk): viewers', () => {
  test('GIVEN no options WHEN rendered THEN HTTP/2 and HTTP/3, IPv6, every edge, no geo restriction, logs to the log bucket', () => {
    const { template } = render();
    const config = distributionConfig(template);
    expect(config).toMatchObject({
      HttpVersion: 'http2and3',
      IPV6Enabled: true,
      PriceClass: 'PriceClass_All',
      Logging: { Bucket: { 'Fn::GetAtt': [expect.stringMatching(/^CdnLogBucket/), 'RegionalDomainName'] }, Prefix: 'cdn/', IncludeCookies: false },
    });
    expect(config.Restrictions).toBeUndefined();
    expect(config.ViewerCertificate).toBeUndefined();
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90 })] },
      }),
    });
  });

  test('GIVEN a custom domain and certificate WHEN rendered THEN aliases, SNI and TLSv1.2_2021', () => {
    const { template } = render({ domainNames: ['www.example.com'], certificateArn: CERT });
    expect(distributionConfig(template)).toMatchObject({
      Aliases: ['www.example.com'],
      ViewerCertificate: { AcmCertificateArn: CERT, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
    });
  });

  test('GIVEN HTTP/2 only, a price class and an allow list WHEN rendered THEN they are the distribution\'s', () => {
    const { template } = render({ httpVersion: CdnHttpVersion.HTTP2, priceClass: PriceClass.PRICE_CLASS_100, geoRestriction: { allowCountries: ['DE', 'FR'] } });
    expect(distributionConfig(template)).toMatchObject({
      HttpVersion: 'http2',
      PriceClass: 'PriceClass_100',
      Restrictions: { GeoRestriction: { RestrictionType: 'whitelist', Locations: ['DE', 'FR'] } },
    });
  });

  test('GIVEN a deny list WHEN rendered THEN the countries are blacklisted', () => {
    const { template } = render({ geoRestriction: { denyCountries: ['KP'] } });
    expect(distributionConfig(template).Restrictions).toEqual({ GeoRestriction: { RestrictionType: 'blacklist', Locations: ['KP'] } });
  });

  test('GIVEN security headers WHEN rendered THEN one response headers policy applies to every behaviour', () => {
    const { template } = render({
      apiOrigin: { domainName: 'api.example.com' },
      securityHeaders: {
        frameOption: FrameOption.SAMEORIGIN, referrerPolicy: ReferrerPolicy.NO_REFERRER, contentSecurityPolicy: "default-src 'self'", hstsPreload: true,
      },
    });
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Preload: true, Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'SAMEORIGIN', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
          ContentSecurityPolicy: { ContentSecurityPolicy: "default-src 'self'", Override: true },
        },
      }),
    });
    const config = distributionConfig(template);
    for (const b of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) {
      expect(b.ResponseHeadersPolicyId).toEqual({ Ref: expect.stringMatching(/^CdnSecurityHeaders/) });
    }
  });

  test('GIVEN access logs off WHEN rendered THEN no log bucket and no logging', () => {
    const { template, cdn } = render({ accessLogs: false });
    template.resourceCountIs('AWS::S3::Bucket', 1);
    expect(distributionConfig(template).Logging).toBeUndefined();
    expect(cdn.logBucket).toBeUndefined();
  });
});

describe('GlobalCdn (cdk): WAF', () => {
  test('GIVEN a us-east-1 stack WHEN rendered THEN a CLOUDFRONT web ACL with the rate limit and the common rule set is attached', () => {
    const { template, cdn, stack } = render({ waf: { rateLimitPerIp: 500, rateLimitWindowSeconds: 60, excludedCommonRules: ['SizeRestrictions_BODY'] } },
      { env: US_EAST_1 });
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Name: 'cdn-web-acl',
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: 'cdn-waf' },
      Rules: [
        {
          Name: 'RateLimitPerIp',
          Priority: 0,
          Action: { Block: {} },
          Statement: { RateBasedStatement: { Limit: 500, AggregateKeyType: 'IP', EvaluationWindowSec: 60 } },
          VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: 'cdn-waf-RateLimitPerIp' },
        },
        {
          Name: 'AWSManagedRulesCommonRuleSet',
          Priority: 1,
          OverrideAction: { None: {} },
          Statement: {
            ManagedRuleGroupStatement: {
              VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet', RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
            },
          },
          VisibilityConfig: Match.objectLike({ MetricName: 'cdn-waf-AWSManagedRulesCommonRuleSet' }),
        },
      ],
    });
    expect(distributionConfig(template).WebACLId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^CdnWebAcl/), 'Arn'] });
    expect(stack.resolve(cdn.webAclArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^CdnWebAcl/), 'Arn'] });
    expect(template.toJSON().Rules?.CdnWebAclRegion76D8AE89).toBeUndefined();
  });

  test('GIVEN an env-agnostic stack WHEN rendered THEN a CloudFormation rule stops a deployment outside us-east-1', () => {
    const { template } = render();
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    const rules = template.toJSON().Rules;
    const rule = Object.entries(rules).find(([k]) => k.startsWith('CdnWebAclRegion'))?.[1] as any;
    expect(rule.Assertions).toEqual([{
      Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
      AssertDescription: expect.stringContaining('give waf.webAclArn'),
    }]);
  });

  test('GIVEN a stack in another Region WHEN rendered THEN a ValidationError names waf.webAclArn', () => {
    expectValidationError(() => render({}, { env: { account: '111111111111', region: 'eu-west-1' } }), /waf\.webAclArn/);
  });

  test('GIVEN a stack in another Region and a us-east-1 web ACL WHEN rendered THEN that web ACL is attached and none is created', () => {
    const { template, cdn } = render({ waf: { webAclArn: WEB_ACL } }, { env: { account: '111111111111', region: 'eu-west-1' } });
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    expect(distributionConfig(template).WebACLId).toBe(WEB_ACL);
    expect(cdn.webAclArn).toBe(WEB_ACL);
    expect(cdn.webAcl).toBeUndefined();
  });

  test('GIVEN WAF off WHEN rendered THEN no web ACL is attached', () => {
    const { template } = render({ waf: { enabled: false } });
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    expect(distributionConfig(template).WebACLId).toBeUndefined();
    expect(template.toJSON().Rules?.CdnWebAclRegion76D8AE89).toBeUndefined();
  });
});

describe('GlobalCdn (cdk): hooks, plans and stable ids', () => {
  test('GIVEN a deploy role WHEN grantPublish THEN it may put objects, use the key and invalidate this distribution', () => {
    const stack = new cdk.Stack(new cdk.App(), 'Test');
    const cdn = new GlobalCdn(stack, 'Cdn');
    const role = new iam.Role(stack, 'Deployer', { assumedBy: new iam.AccountRootPrincipal() });
    expect(cdn.grantPublish(role).success).toBe(true);
    const statements = Template.fromStack(stack).findResources('AWS::IAM::Policy')[stack.getLogicalId(
      role.node.findChild('DefaultPolicy').node.defaultChild as cdk.CfnElement)].Properties.PolicyDocument.Statement;
    const actions = statements.flatMap((s: any) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['s3:PutObject', 'kms:GenerateDataKey*', 'cloudfront:CreateInvalidation']));
    expect(actions).not.toContain('s3:DeleteObject*');
  });

  test('GIVEN the distribution WHEN asked for metrics THEN they carry the DistributionId and Region=Global dimensions CloudFront publishes', () => {
    const { cdn, stack } = render();
    expect(cdn.metricRequests().metricName).toBe('Requests');
    expect(cdn.metricRequests().statistic).toBe('Sum');
    expect(cdn.metric5xxErrorRate().metricName).toBe('5xxErrorRate');
    expect(cdn.metricTotalErrorRate().metricName).toBe('TotalErrorRate');
    const m = cdn.metricBytesDownloaded();
    expect(m.namespace).toBe('AWS/CloudFront');
    expect(stack.resolve(m.dimensions)).toEqual({ DistributionId: { Ref: 'CdnF9DD0B44' }, Region: 'Global' });
  });

  test('GIVEN a resolved plan WHEN rendered THEN it is used as is; with options too, a ValidationError names plan', () => {
    const plan = planGlobalCdn({ name: 'edge', priceClass: PriceClass.PRICE_CLASS_200 }, { path: 'system/cdn' });
    const { cdn, template } = render({ plan });
    expect(cdn.plan).toBe(plan);
    expect(distributionConfig(template).PriceClass).toBe('PriceClass_200');
    expectValidationError(() => render({ plan, name: 'other' }), /plan/);
  });

  test.each<[string, GlobalCdnProps, RegExp]>([
    ['a certificate outside us-east-1', { domainNames: ['www.example.com'], certificateArn: 'arn:aws:acm:eu-west-1:111111111111:certificate/abc' }, /certificateArn/],
    ['domain names without a certificate', { domainNames: ['www.example.com'] }, /certificateArn/],
    ['an upper-case domain', { domainNames: ['WWW.example.com'], certificateArn: CERT }, /domainNames/],
    ['failover with writes', { apiOrigin: { domainName: 'a.example.com', failover: { domainName: 'b.example.com' } } }, /apiBehavior\.allowedMethods/],
    ['an unknown country', { geoRestriction: { denyCountries: ['XX'] } }, /geoRestriction\.denyCountries/],
    ['both country lists', { geoRestriction: { denyCountries: ['KP'], allowCountries: ['DE'] } }, /geoRestriction/],
    ['a web ACL outside us-east-1', { waf: { webAclArn: 'arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/x/abc' } }, /waf\.webAclArn/],
    ['a rate limit below the minimum', { waf: { rateLimitPerIp: 5 } }, /waf\.rateLimitPerIp/],
    ['an origin timeout above the maximum', { apiOrigin: { domainName: 'a.example.com', responseTimeoutSeconds: 500 } }, /apiOrigin\.responseTimeoutSeconds/],
    ['no origin at all', { staticSite: false }, /staticSite/],
    ['a bucket snapshot', { bucket: { removalPolicy: RemovalPolicy.SNAPSHOT } }, /bucket\.removalPolicy/],
  ])('GIVEN %s WHEN rendered THEN a ValidationError names the prop', (_, props, prop) => {
    expectValidationError(() => render(props), prop);
  });

  test('GIVEN an API origin added to a static site WHEN rendered THEN the buckets, key and distribution keep their logical ids', () => {
    const before = render().template.toJSON().Resources;
    const after = render({
      apiOrigin: { domainName: 'api.example.com', failover: { domainName: 'dr.example.com' } },
      apiBehavior: { allowedMethods: CdnAllowedMethods.GET_HEAD },
    }).template.toJSON().Resources;
    const kept = Object.keys(before).filter((k) => ['AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::CloudFront::Distribution', 'AWS::WAFv2::WebACL']
      .includes(before[k].Type));
    expect(kept).toHaveLength(5);
    for (const id of kept) expect(after[id]?.Type).toBe(before[id].Type);
  });
});

describe('GlobalCdn (cdk): compliance and snapshots', () => {
  test('GIVEN the default static site in an env-agnostic stack THEN both packs pass', () => {
    const app = compliantApp();
    const stack = new cdk.Stack(app, 'Test');
    new GlobalCdn(stack, 'Cdn');
    const template = compliantTemplate(app, stack);
    expectNoViolations(app);
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('GIVEN a static site and a load-balanced API with failover, a custom domain and geo restriction in us-east-1 THEN both packs pass', () => {
    const app = compliantApp();
    const stack = new cdk.Stack(app, 'Test', { env: US_EAST_1 });
    const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'AlbSg', 'sg-0123456789abcdef0', { allowAllOutbound: false });
    const alb = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Alb', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/api/0123456789abcdef',
      securityGroupId: sg.securityGroupId,
      loadBalancerDnsName: 'api-123.us-east-1.elb.amazonaws.com',
    });
    new GlobalCdn(stack, 'Cdn', {
      loadBalancer: alb,
      apiOrigin: { failover: { domainName: 'api-dr.example.com' }, loadBalancerDomainName: 'origin.example.com' },
      apiBehavior: { allowedMethods: CdnAllowedMethods.GET_HEAD_OPTIONS, cacheTtlSeconds: 10 },
      domainNames: ['www.example.com'],
      certificateArn: CERT,
      geoRestriction: { allowCountries: ['US', 'CA'] },
      priceClass: PriceClass.PRICE_CLASS_100,
    });
    const template = compliantTemplate(app, stack);
    expectNoViolations(app);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: 'sg-0123456789abcdef0', SourcePrefixListId: Match.stringLikeRegexp('^pl-') });
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('GIVEN an API-only distribution over plain HTTP, with WAF and access logs off THEN both packs pass', () => {
    const app = compliantApp();
    const stack = new cdk.Stack(app, 'Test');
    new GlobalCdn(stack, 'Cdn', {
      staticSite: false,
      apiOrigin: { domainName: 'api.example.com', protocolPolicy: OriginProtocolPolicy.HTTP_ONLY },
      waf: { enabled: false },
      accessLogs: false,
    });
    const template = compliantTemplate(app, stack);
    expectNoViolations(app);
    expect(template.toJSON()).toMatchSnapshot();
  });
});

describe('GlobalCdn (cdk): every setting comes from the plan', () => {
  const plan = planGlobalCdn({ bucket: { removalPolicy: RemovalPolicy.DESTROY }, waf: { excludedCommonRules: ['SizeRestrictions_BODY'] } });
  const { template } = render({ plan }, { env: US_EAST_1 });

  test('GIVEN a plan WHEN rendered THEN the web ACL rules carry the plan\'s names, metrics, key and actions', () => {
    const acl = Object.values(template.findResources('AWS::WAFv2::WebACL'))[0].Properties;
    const g = plan.waf.managedRuleGroups[0];
    expect(acl.Rules).toEqual([
      expect.objectContaining({
        Name: 'RateLimitPerIp',
        Action: { Block: {} },
        Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
        VisibilityConfig: expect.objectContaining({ MetricName: plan.waf.rateLimitMetricName }),
      }),
      expect.objectContaining({
        Name: g.ruleName,
        OverrideAction: { None: {} },
        Statement: {
          ManagedRuleGroupStatement: {
            VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet', RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
          },
        },
        VisibilityConfig: expect.objectContaining({ MetricName: 'cdn-waf-AWSManagedRulesCommonRuleSet' }),
      }),
    ]);
  });

  test('GIVEN a plan WHEN rendered THEN both buckets get the plan\'s lifecycle rule, the log bucket its encryption and log-delivery ACL', () => {
    const buckets = Object.values(template.findResources('AWS::S3::Bucket')).map((b) => b.Properties);
    const rules = buckets.map((b) => b.LifecycleConfiguration.Rules[0]);
    expect(rules).toEqual(expect.arrayContaining([
      { Id: 'expire-logs', Status: 'Enabled', ExpirationInDays: 90, NoncurrentVersionExpiration: { NoncurrentDays: 90 } },
      { Id: 'expire-old-versions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
    ]));
    expect(rules).toHaveLength(2);
    const logBucket = buckets.find((b) => b.AccessControl !== undefined);
    expect(logBucket?.AccessControl).toBe('LogDeliveryWrite');
    expect(logBucket?.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
  });

  test('GIVEN a plan WHEN rendered THEN the static bucket\'s server access logs go to the log bucket under the plan\'s prefix', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('CdnLogBucket') }, LogFilePrefix: plan.bucket?.serverAccessLogsPrefix },
    });
  });

  test('GIVEN a DESTROY bucket WHEN rendered THEN its key follows the plan: 30-day window, rotation, deletable like the bucket', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true, PendingWindowInDays: 30 }),
      DeletionPolicy: 'Delete',
    });
    expect(distributionConfig(template).Enabled).toBe(true);
  });
});
