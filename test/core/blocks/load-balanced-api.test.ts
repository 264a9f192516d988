import fc from 'fast-check';
import { issuesOf, RANK, row, worst } from './helpers';
import { BlockKind, RemovalPolicy } from '../../../src/core/blocks/common';
import { BucketEncryption } from '../../../src/core/blocks/global-cdn';
import {
  API_SSL_POLICY, apiTopologyOf, ComputeKind, CpuArchitecture, DeploymentStrategy, ListenerProtocol, LoadBalancedApiOptions, LoadBalancerType,
  LoadBalancingAlgorithm, loadBalancedApiNotes, planLoadBalancedApi, sizeLoadBalancedApi, staticallyStableCpuTarget, SubnetKind, tasksAtPeak,
} from '../../../src/core/blocks/load-balanced-api';
import { OriginAccess } from '../../../src/core/blocks/shared/cdn';
import { FlowLogTrafficType } from '../../../src/core/blocks/shared/foundation';
import * as catalog from '../../../src/core/catalog';
import { Errors, ValidationError } from '../../../src/core/errors';
import { suppliedPlanIssues } from '../../../src/core/plan-rules';
import { Scenario, SizingRow, Verdict } from '../../../src/core/sizing/report';
import { plainHttp } from '../../fixtures/plain-http';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab';

/** Plans an API whose test is not about its listener: internet-facing without a certificate, it opts in to plain HTTP (see plainHttp). */
const planApi = (options: LoadBalancedApiOptions = {}) => planLoadBalancedApi(plainHttp(options));

describe('planLoadBalancedApi defaults', () => {
  test('GIVEN no options but the plain-HTTP opt-in WHEN planned THEN every well-architected default is explicit', () => {
    // WHEN
    const plan = planApi();
    // THEN
    expect(plan).toMatchObject({
      kind: 'LoadBalancedApi',
      name: 'api',
      algorithm: LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS,
      loadBalancerType: LoadBalancerType.APPLICATION,
      azCount: 3,
      internetFacing: true,
      dropInvalidHeaderFields: true,
      accessLogs: true,
      deregistrationDelaySeconds: 30,
      idleTimeoutSeconds: 60,
      slowStartSeconds: 0,
    });
    expect(plan.compute).toMatchObject({ kind: ComputeKind.FARGATE, cpu: 1024, memoryMiB: 2048, vcpu: 1, architecture: CpuArchitecture.ARM64 });
    expect(plan.listener).toEqual({
      protocol: ListenerProtocol.HTTP,
      certificateArn: undefined,
      port: 80,
      redirectHttpToHttps: false,
      sslPolicy: API_SSL_POLICY,
      urlScheme: 'http',
      plainTextToInternet: true,
    });
    expect(plan.securityGroups.loadBalancerIngressCidrs).toEqual(['0.0.0.0/0']);
    expect(plan.deployment).toMatchObject({ strategy: DeploymentStrategy.ROLLING, circuitBreaker: true });
    expect(plan.container).toMatchObject({ placeholder: true, hardening: { readonlyRootFilesystem: false } });
    expect(plan.container.hardening.user).toBeUndefined();
    expect(plan.scaling.targetCpuUtilizationPercent).toBe(50);
    expect(plan.ecsService).toEqual({
      containerName: 'api',
      logStreamPrefix: 'api',
      logRetentionDays: 365,
      availabilityZoneRebalancing: true,
      healthCheckGracePeriodSeconds: 60,
      propagateServiceTags: true,
    });
    expect(plan.scaling).toMatchObject({ autoScaling: true, minTasks: 3, maxTasks: 6, targetCpuUtilization: 0.5 });
    expect(plan.healthCheck.path).toBe('/');
    expect(plan.container.port).toBe(80);
  });

  test('GIVEN no sizing inputs WHEN planned THEN each default that feeds the sizing is listed as assumed', () => {
    const plan = planApi({ load: { peakRequestsPerSecond: 1000 } });
    const props = plan.assumed.map((a) => a.prop);
    expect(props).toEqual(expect.arrayContaining([
      'api.compute.cpu', 'api.compute.memoryMiB', 'api.load.requestsPerSecondPerTask', 'api.scaling.minTasks',
      'api.scaling.maxTasks', 'api.scaling.targetCpuUtilization', 'api.sizing.targetUtilization',
    ]));
    expect(props).not.toContain('api.load.peakRequestsPerSecond');
    const perTask = plan.assumed.find((a) => a.prop === 'api.load.requestsPerSecondPerTask');
    expect(perTask?.value).toBe('250 requests/s');
  });

  test('GIVEN a declared peak WHEN planned THEN min tasks carry the peak with one AZ lost, in multiples of the AZ count', () => {
    // 2000 rps at 250 rps/task and a 0.5 CPU target -> 16 tasks at peak -> 18 on 3 AZs
    const plan = planApi({ load: { peakRequestsPerSecond: 2000 } });
    expect(plan.scaling.minTasks).toBe(18);
    expect(plan.scaling.maxTasks).toBe(36);
    expect(sizeLoadBalancedApi(plan).every((r) => r.verdict === Verdict.PASS)).toBe(true);
  });

  test.each([
    // AZs, statically stable (u x A/(A-1) <= 0.81), default (also <= 0.9 x the 0.7 normal target = 0.63)
    [2, 0.4, 0.4],
    [3, 0.5, 0.5],
    [4, 0.6, 0.6],
    [6, 0.65, 0.6],
  ])('on %d AZs the statically stable CPU target is %d and the default %d', (az, stable, target) => {
    expect(staticallyStableCpuTarget(az, 0.9, 0.9)).toBe(stable);
    expect(planApi({ azCount: az }).scaling.targetCpuUtilization).toBe(target);
  });

  test('GIVEN a lower normal target WHEN planned THEN the default CPU target stays within 90 % of it', () => {
    // min(0.5 statically stable on 3 AZs, 0.9 x 0.5 = 0.45)
    expect(planApi({ sizing: { targetUtilization: 0.5 } }).scaling.targetCpuUtilization).toBe(0.45);
  });

  test('GIVEN no options WHEN planned THEN the target group, network, security groups, deployment and log bucket are explicit', () => {
    const plan = planApi();
    expect(plan.targetGroup).toEqual({
      protocol: 'HTTP',
      port: 80,
      targetType: 'ip',
      algorithmType: 'least_outstanding_requests',
      anomalyMitigation: false,
      stickinessType: undefined,
      preserveClientIp: undefined,
      crossZoneLoadBalancing: true,
    });
    expect(plan.healthCheck).toEqual({
      protocol: 'HTTP', path: '/', healthyHttpCodes: '200', intervalSeconds: 15, timeoutSeconds: 5, healthyThreshold: 3, unhealthyThreshold: 3,
    });
    expect(plan.network).toEqual({ loadBalancerSubnets: SubnetKind.PUBLIC, taskSubnets: SubnetKind.PRIVATE, assignPublicIp: false });
    expect(plan.securityGroups).toEqual({
      loadBalancerIngressCidrs: ['0.0.0.0/0'],
      loadBalancerAdmitsVpcCidr: false,
      loadBalancerAdmitsCloudFrontOnly: false,
      loadBalancerIngressPorts: [80],
      taskIngressPort: 80,
      loadBalancerEgressToTasksOnly: true,
    });
    expect(plan.deployment).toEqual({
      strategy: DeploymentStrategy.ROLLING,
      circuitBreaker: true,
      rollback: true,
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      bakeTimeMinutes: undefined,
    });
    expect(plan.logBucket).toEqual({
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: true,
      enforceTls: true,
      objectOwnership: 'BUCKET_OWNER_ENFORCED',
      versioned: true,
      lifecycle: { id: 'expire-logs', expirationDays: 90, noncurrentVersionExpirationDays: 90, abortIncompleteMultipartUploadDays: 7 },
      removalPolicy: RemovalPolicy.RETAIN,
      prefix: 'api/',
    });
    expect(plan.ec2Capacity).toBeUndefined();
    expect(plan.webAclArn).toBeUndefined();
  });

  test('GIVEN auto scaling WHEN planned THEN CPU and request-count policies agree and the desired count is set on create only', () => {
    const plan = planApi({ load: { peakRequestsPerSecond: 1000 } });
    // 0.5 CPU x 250 requests/s per task = 125 requests/s per target = 7,500 per minute (ALBRequestCountPerTarget)
    expect(plan.scaling).toMatchObject({
      autoScaling: true,
      desiredCountOnCreateOnly: true,
      requestsPerSecondPerTarget: 125,
      requestCountPerTargetPerMinute: 7500,
      scaleInCooldownSeconds: 300,
      scaleOutCooldownSeconds: 60,
    });
    expect(plan.assumed.map((a) => a.prop)).toContain('api.scaling.requestsPerSecondPerTarget');
  });
});

describe('planLoadBalancedApi options', () => {
  test('GIVEN SOURCE_IP_HASH WHEN planned THEN a Network Load Balancer with source-IP stickiness', () => {
    const plan = planApi({ algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH });
    expect(plan.loadBalancerType).toBe(LoadBalancerType.NETWORK);
    expect(plan.dropInvalidHeaderFields).toBe(false);
    expect(plan.targetGroup).toMatchObject({
      protocol: 'TCP', algorithmType: undefined, stickinessType: 'source_ip', preserveClientIp: false, crossZoneLoadBalancing: true,
    });
    expect(plan.healthCheck.protocol).toBe('TCP');
    expect(plan.scaling.requestsPerSecondPerTarget).toBeUndefined();
    expect(plan.scaling.requestCountPerTargetPerMinute).toBeUndefined();
    // Plain TCP without a certificate: no access logs (an NLB writes them for TLS listeners only), and the notes say both.
    expect(plan.listener).toMatchObject({ protocol: ListenerProtocol.TCP, port: 80, redirectHttpToHttps: false });
    expect(plan).toMatchObject({ accessLogs: false, logBucket: undefined });
    expect(loadBalancedApiNotes(plan)).toEqual([
      'api: serves plain TCP on 80 TO THE INTERNET, as allowPlainHttp asks: requests and responses cross the internet unencrypted; '
        + 'give certificateArn for TLS with TLS 1.3',
      'api: no access logs: a Network Load Balancer writes them for TLS listeners only',
    ]);
  });

  test('GIVEN SOURCE_IP_HASH and a certificate WHEN planned THEN a TLS listener on 443 with the TLS 1.3 policy and access logs', () => {
    const plan = planApi({ algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH, certificateArn: CERT });
    expect(plan.listener).toEqual({
      protocol: ListenerProtocol.TLS,
      certificateArn: CERT,
      port: 443,
      redirectHttpToHttps: false,
      sslPolicy: API_SSL_POLICY,
      urlScheme: 'https',
      plainTextToInternet: false,
    });
    expect(plan.securityGroups.loadBalancerIngressPorts).toEqual([443]);
    expect(plan.accessLogs).toBe(true);
    expect(plan.logBucket).toBeDefined();
  });

  test('GIVEN WEIGHTED_RANDOM WHEN planned THEN automatic target weights (anomaly mitigation) are on unless turned off', () => {
    expect(planApi({ algorithm: LoadBalancingAlgorithm.WEIGHTED_RANDOM }).targetGroup)
      .toMatchObject({ algorithmType: 'weighted_random', anomalyMitigation: true });
    const off = planApi({ algorithm: LoadBalancingAlgorithm.WEIGHTED_RANDOM, anomalyMitigation: false });
    expect(off.targetGroup.anomalyMitigation).toBe(false);
    expect(planApi({ algorithm: LoadBalancingAlgorithm.ROUND_ROBIN, slowStartSeconds: 60 }))
      .toMatchObject({ slowStartSeconds: 60, targetGroup: { algorithmType: 'round_robin', anomalyMitigation: false } });
  });

  test('GIVEN an internal load balancer WHEN planned THEN it sits in private subnets and admits the VPC CIDR', () => {
    const plan = planApi({ internetFacing: false });
    expect(plan.network.loadBalancerSubnets).toBe(SubnetKind.PRIVATE);
    expect(plan.securityGroups).toMatchObject({ loadBalancerIngressCidrs: [], loadBalancerAdmitsVpcCidr: true });
  });

  test('GIVEN cloudFrontOriginOnly WHEN planned THEN the load balancer admits CloudFront alone, no CIDR', () => {
    const plan = planApi({ cloudFrontOriginOnly: true });
    expect(plan.securityGroups).toMatchObject({
      loadBalancerIngressCidrs: [], loadBalancerAdmitsVpcCidr: false, loadBalancerAdmitsCloudFrontOnly: true,
    });
  });

  test.each([
    [{ cloudFrontOriginOnly: true, allowedCidrs: ['10.0.0.0/8'] }, /cloudFrontOriginOnly = true: must be unset or false when allowedCidrs is given/],
    [{ cloudFrontOriginOnly: true, internetFacing: false }, /cloudFrontOriginOnly = true: must be unset or false for an internal load balancer/],
    [{ cloudFrontOriginOnly: 'yes' }, /cloudFrontOriginOnly = "yes"/],
  ])('GIVEN %j WHEN planned THEN a ValidationError names cloudFrontOriginOnly', (options, message) => {
    expect(() => planApi(options as never)).toThrow(message);
  });

  test('GIVEN originAccess VPC_ORIGIN and no certificate WHEN planned THEN the load balancer is internal, private, admits CloudFront alone and serves HTTP without the opt-in', () => {
    // WHEN (no plainHttp: behind a VPC origin no opt-in is needed)
    const plan = planLoadBalancedApi({ originAccess: OriginAccess.VPC_ORIGIN });
    // THEN
    expect(plan.originAccess).toBe(OriginAccess.VPC_ORIGIN);
    expect(plan.internetFacing).toBe(false);
    expect(plan.network.loadBalancerSubnets).toBe(SubnetKind.PRIVATE);
    expect(plan.securityGroups).toMatchObject({
      loadBalancerIngressCidrs: [],
      loadBalancerAdmitsVpcCidr: false,
      loadBalancerAdmitsCloudFrontOnly: true,
      cloudFrontPrefixListName: 'com.amazonaws.global.cloudfront.origin-facing',
      loadBalancerIngressPorts: [80],
    });
    expect(plan.listener).toMatchObject({ protocol: ListenerProtocol.HTTP, port: 80, plainTextToInternet: false });
    expect(loadBalancedApiNotes(plan).join('\n')).toMatch(/internal load balancer in private subnets, reached only through the CDN's CloudFront VPC origin/);
  });

  test('GIVEN cloudFrontOriginOnly WHEN planned THEN the plan says CLOUDFRONT_PREFIX_LIST and the report says any distribution reaches it', () => {
    const plan = planApi({ cloudFrontOriginOnly: true });
    expect(plan.originAccess).toBe(OriginAccess.CLOUDFRONT_PREFIX_LIST);
    expect(plan.internetFacing).toBe(true);
    expect(loadBalancedApiNotes(plan).join('\n')).toMatch(/any CloudFront distribution, of any account, reaches it/);
    expect(planApi().originAccess).toBe(OriginAccess.DIRECT);
  });

  test.each([
    [{ originAccess: OriginAccess.VPC_ORIGIN, internetFacing: true }, /internetFacing = true: must be unset or false with originAccess VPC_ORIGIN/],
    [{ originAccess: OriginAccess.VPC_ORIGIN, allowedCidrs: ['10.0.0.0/8'] }, /originAccess = "VPC_ORIGIN": must be DIRECT when allowedCidrs is given/],
    [{ originAccess: OriginAccess.VPC_ORIGIN, cloudFrontOriginOnly: true }, /cloudFrontOriginOnly = true: must be unset with originAccess/],
    [{ originAccess: OriginAccess.CLOUDFRONT_PREFIX_LIST, internetFacing: false }, /originAccess = "CLOUDFRONT_PREFIX_LIST": must be VPC_ORIGIN for an internal load balancer/],
    [{ originAccess: OriginAccess.VPC_ORIGIN, algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH, certificateArn: CERT },
      /certificateArn = .*: must be unset with SOURCE_IP_HASH and originAccess VPC_ORIGIN/],
    [{ originAccess: 'BEHIND_CDN' }, /originAccess = "BEHIND_CDN": must be one of DIRECT, CLOUDFRONT_PREFIX_LIST, VPC_ORIGIN/],
  ])('GIVEN %j WHEN planned THEN a ValidationError names the conflict', (options, message) => {
    expect(() => planLoadBalancedApi(options as never)).toThrow(message);
  });

  describe('GIVEN originAccess SECRET_ORIGIN_HEADER', () => {
    const plan = planLoadBalancedApi({ name: 'shop-api', originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: CERT });
    test('THEN the plan holds the header, the secret and the rule, the listener answers 403 by default, and the prefix list stays', () => {
      expect(plan.originAccess).toBe(OriginAccess.SECRET_ORIGIN_HEADER);
      expect(plan.internetFacing).toBe(true);
      expect(plan.originHeader).toEqual({
        headerName: 'X-Origin-Verify',
        secret: { name: 'scaleblocks/shop-api/origin-verify', valueLength: 32, excludePunctuation: true, includeSpace: false, removalPolicy: RemovalPolicy.RETAIN },
        rulePriority: 1,
      });
      expect(plan.listener).toMatchObject({
        protocol: ListenerProtocol.HTTPS, port: 443, unmatchedResponse: { statusCode: 403, contentType: 'text/plain', messageBody: 'Forbidden' },
      });
      expect(plan.securityGroups).toMatchObject({
        loadBalancerAdmitsCloudFrontOnly: true, loadBalancerIngressCidrs: [], loadBalancerAdmitsVpcCidr: false,
      });
      const notes = loadBalancedApiNotes(plan).join('\n');
      expect(notes).toMatch(/forwarding only requests that carry the secret origin header X-Origin-Verify/);
      expect(notes).toMatch(/Rotating the value is not automated/);
      expect(notes).toMatch(/With Terraform the value is also in state/);
    });
    test('THEN a supplied copy of the plan passes its rules', () => {
      expect(suppliedPlanIssues(BlockKind.LOAD_BALANCED_API, plan, 'Api')).toEqual([]);
    });
    test('GIVEN BLUE_GREEN as well THEN the 403 still answers what the production rule does not take', () => {
      const bg = planLoadBalancedApi({
        originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: CERT, deployment: { strategy: DeploymentStrategy.BLUE_GREEN },
      });
      expect(bg.listener.unmatchedResponse?.statusCode).toBe(403);
      expect(suppliedPlanIssues(BlockKind.LOAD_BALANCED_API, bg, 'Api')).toEqual([]);
    });
    test('GIVEN the header options THEN each is honoured', () => {
      const custom = planLoadBalancedApi({
        originAccess: OriginAccess.SECRET_ORIGIN_HEADER,
        certificateArn: CERT,
        originHeader: { headerName: 'X-From-Cdn', secretName: 'team/api/cdn-header', valueLength: 64 },
      });
      expect(custom.originHeader).toMatchObject({ headerName: 'X-From-Cdn', secret: { name: 'team/api/cdn-header', valueLength: 64 } });
    });
  });

  test.each([
    [{ originAccess: OriginAccess.SECRET_ORIGIN_HEADER, allowPlainHttp: true }, /certificateArn = undefined: must be an ACM certificate ARN with originAccess SECRET_ORIGIN_HEADER/],
    [{ originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: CERT, algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH },
      /algorithm = "SOURCE_IP_HASH": must be an Application Load Balancer algorithm with originAccess SECRET_ORIGIN_HEADER/],
    [{ originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: CERT, internetFacing: false },
      /originAccess = "SECRET_ORIGIN_HEADER": must be VPC_ORIGIN for an internal load balancer/],
    [{ originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: CERT, originHeader: { headerName: 'X-Amz-Verify' } }, /originHeader.headerName = "X-Amz-Verify"/],
    [{ originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: CERT, originHeader: { headerName: 'Origin Verify' } }, /originHeader.headerName = "Origin Verify"/],
    [{ originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: CERT, originHeader: { headerName: `X-${'a'.repeat(39)}` } }, /originHeader.headerName = "X-a+": .*at most 40 characters/],
    [{ originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: CERT, originHeader: { secretName: 'my secret!' } }, /originHeader.secretName = "my secret!": must be a Secrets Manager secret name/],
    [{ originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: CERT, originHeader: { valueLength: 129 } }, /originHeader.valueLength = 129/],
    [{ originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: CERT, originHeader: { valueLength: 8 } }, /originHeader.valueLength = 8/],
    [{ originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: CERT, originHeader: 'X-Verify' }, /originHeader = "X-Verify"/],
    [{ certificateArn: CERT, originHeader: { headerName: 'X-Verify' } }, /originHeader = .*: must be unset unless originAccess is SECRET_ORIGIN_HEADER/],
  ])('GIVEN %j WHEN planned THEN a ValidationError names the secret header\'s conflict', (options, message) => {
    expect(() => planLoadBalancedApi(options as never)).toThrow(message);
  });

  describe('GIVEN a supplied plan with SECRET_ORIGIN_HEADER', () => {
    const plan = planLoadBalancedApi({ originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: CERT });
    const names = (p: unknown) => suppliedPlanIssues(BlockKind.LOAD_BALANCED_API, p, 'Api').map((i) => i.prop.replace(/^plan\./, ''));
    test.each<[string, (p: any) => any, string]>([
      ['a header name CloudFront reserves', (p) => ({ ...p, originHeader: { ...p.originHeader, headerName: 'X-Edge-Verify' } }), 'originHeader.headerName'],
      ['a header name over 40 characters', (p) => ({ ...p, originHeader: { ...p.originHeader, headerName: `X-${'v'.repeat(40)}` } }), 'originHeader.headerName'],
      ['a secret name with spaces', (p) => ({ ...p, originHeader: { ...p.originHeader, secret: { ...p.originHeader.secret, name: 'a b' } } }), 'originHeader.secret.name'],
      ['punctuation in the value (wildcards)', (p) => ({ ...p, originHeader: { ...p.originHeader, secret: { ...p.originHeader.secret, excludePunctuation: false } } }),
        'originHeader.secret.excludePunctuation'],
      ['a value longer than the rule takes', (p) => ({ ...p, originHeader: { ...p.originHeader, secret: { ...p.originHeader.secret, valueLength: 200 } } }),
        'originHeader.secret.valueLength'],
      ['no header at all', (p) => ({ ...p, originHeader: undefined }), 'originHeader'],
      ['a listener that forwards by default', (p) => ({ ...p, listener: { ...p.listener, unmatchedResponse: undefined } }), 'listener.unmatchedResponse'],
      ['a listener that answers 200', (p) => ({ ...p, listener: { ...p.listener, unmatchedResponse: { ...p.listener.unmatchedResponse, statusCode: 200 } } }),
        'listener.unmatchedResponse.statusCode'],
      ['plain HTTP', (p) => ({ ...p, listener: { ...p.listener, protocol: 'HTTP' } }), 'listener.protocol'],
      ['an internal load balancer', (p) => ({ ...p, internetFacing: false }), 'internetFacing'],
      ['no prefix list', (p) => ({ ...p, securityGroups: { ...p.securityGroups, loadBalancerAdmitsCloudFrontOnly: false } }), 'securityGroups.loadBalancerAdmitsCloudFrontOnly'],
    ])('GIVEN %s THEN the issue names it', (_what, change, prop) => {
      expect(names(change(plan))).toContain(prop);
    });
    test('GIVEN a header on a DIRECT plan THEN the issue names originHeader', () => {
      const direct = planLoadBalancedApi({ certificateArn: CERT });
      expect(names({ ...direct, originHeader: plan.originHeader })).toEqual(['originHeader']);
    });
  });

  test('GIVEN the timeouts, health check, WAF and logs WHEN planned THEN each is honoured', () => {
    const waf = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api/0f1e2d3c';
    const plan = planApi({
      container: { image: 'repo/api:1', port: 8080 },
      healthCheck: { path: '/ready', intervalSeconds: 10, timeoutSeconds: 3, healthyThreshold: 2, unhealthyThreshold: 4 },
      deregistrationDelaySeconds: 120,
      idleTimeoutSeconds: 300,
      webAclArn: waf,
      accessLogs: false,
      allowedCidrs: ['203.0.113.0/24'],
    });
    expect(plan.healthCheck).toMatchObject({ path: '/ready', intervalSeconds: 10, timeoutSeconds: 3, healthyThreshold: 2, unhealthyThreshold: 4 });
    expect(plan).toMatchObject({ deregistrationDelaySeconds: 120, idleTimeoutSeconds: 300, webAclArn: waf, accessLogs: false, logBucket: undefined });
    expect(plan.securityGroups).toMatchObject({ loadBalancerIngressCidrs: ['203.0.113.0/24'], taskIngressPort: 8080 });
    expect(plan.targetGroup.port).toBe(8080);
  });

  test('GIVEN blue/green WHEN planned THEN a bake time is set and a deploy counts a full green fleet of targets', () => {
    const plan = planApi({ deployment: { strategy: DeploymentStrategy.BLUE_GREEN } });
    expect(plan.deployment).toMatchObject({ strategy: DeploymentStrategy.BLUE_GREEN, circuitBreaker: true, rollback: true, bakeTimeMinutes: 5 });
    expect(apiTopologyOf(plan).deployMaximumPercent).toBe(200);
  });

  test('GIVEN the circuit breaker off WHEN planned THEN no rollback, and the notes say so', () => {
    const plan = planApi({ deployment: { circuitBreaker: false } });
    expect(plan.deployment).toMatchObject({ circuitBreaker: false, rollback: false });
    expect(loadBalancedApiNotes(plan).join('\n')).toMatch(/circuit breaker is off/);
  });

  test.each([LoadBalancingAlgorithm.ROUND_ROBIN, LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS, LoadBalancingAlgorithm.WEIGHTED_RANDOM])(
    'GIVEN %s WHEN planned THEN an Application Load Balancer', (algorithm) => {
      expect(planApi({ algorithm }).loadBalancerType).toBe(LoadBalancerType.APPLICATION);
    });

  test('GIVEN a certificate WHEN planned THEN HTTPS on 443 with TLS 1.3 and HTTP redirected', () => {
    const plan = planApi({ certificateArn: CERT });
    expect(plan.listener).toEqual({
      protocol: ListenerProtocol.HTTPS,
      certificateArn: CERT,
      port: 443,
      redirectHttpToHttps: true,
      redirectStatusCode: 'HTTP_301',
      sslPolicy: API_SSL_POLICY,
      urlScheme: 'https',
      plainTextToInternet: false,
    });
    expect(loadBalancedApiNotes(plan)).toEqual([]);
  });

  test('GIVEN no certificate and no opt-in WHEN an internet-facing API is planned THEN one ValidationError names the certificate and the opt-in', () => {
    // WHEN / THEN: the old silent default (plain HTTP:80 open to the world) is refused
    for (const algorithm of [LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS, LoadBalancingAlgorithm.SOURCE_IP_HASH]) {
      const issues = issuesOf(() => planLoadBalancedApi({ algorithm }));
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ prop: 'certificateArn' });
      expect(issues[0].allowed).toMatch(/an ACM certificate ARN for an internet-facing load balancer/);
      expect(issues[0].allowed).toMatch(/allowPlainHttp true/);
    }
    expect(() => planLoadBalancedApi()).toThrow(ValidationError);
    expect(() => planLoadBalancedApi({ allowPlainHttp: false })).toThrow(/certificateArn[\s\S]*allowPlainHttp true/);
  });

  test('GIVEN the plain-HTTP opt-in WHEN noted THEN the report says the API serves plain HTTP to the internet', () => {
    const plan = planLoadBalancedApi({ allowPlainHttp: true });
    expect(plan.listener).toMatchObject({ protocol: ListenerProtocol.HTTP, port: 80, plainTextToInternet: true });
    expect(loadBalancedApiNotes(plan)[0]).toMatch(/^api: serves plain HTTP on 80 TO THE INTERNET, as allowPlainHttp asks/);
  });

  test('GIVEN an internal load balancer without a certificate WHEN planned THEN no opt-in is needed and the note says inside the VPC', () => {
    const plan = planLoadBalancedApi({ internetFacing: false });
    expect(plan.listener).toMatchObject({ protocol: ListenerProtocol.HTTP, plainTextToInternet: false });
    expect(loadBalancedApiNotes(plan)[0]).toMatch(/plain HTTP inside the VPC/);
  });

  test.each([
    [{ certificateArn: CERT, allowPlainHttp: true }, /allowPlainHttp = true: must be unset or false with certificateArn/],
    [{ allowPlainHttp: 'yes' }, /allowPlainHttp = "yes"/],
  ])('GIVEN %j WHEN planned THEN a ValidationError names allowPlainHttp', (options, message) => {
    expect(() => planLoadBalancedApi(options as never)).toThrow(message);
  });

  test('GIVEN a fixed count WHEN planned THEN auto scaling is off and the count is the desired count, on every deploy', () => {
    const plan = planApi({ scaling: { fixedTasks: 7 } });
    expect(plan.scaling).toMatchObject({ autoScaling: false, desiredTasks: 7, minTasks: 7, maxTasks: 7, desiredCountOnCreateOnly: false });
    expect(plan.scaling.requestsPerSecondPerTarget).toBeUndefined();
  });

  test('GIVEN EC2 capacity WHEN planned THEN tasks per instance come from the catalog, keeping 10 % for the agent', () => {
    const plan = planApi({ compute: { kind: ComputeKind.EC2, instanceType: 'm7g.xlarge', cpu: 1024, memoryMiB: 2048 } });
    // m7g.xlarge: 4 vCPU, 16 GiB -> min(4, floor(14745.6 / 2048) = 7) = 4
    expect(plan.compute).toMatchObject({ kind: ComputeKind.EC2, instanceType: 'm7g.xlarge', tasksPerInstance: 4 });
    // min 3 tasks: 1 per AZ -> 1 instance per AZ; max 6 x 200 % during a deploy = 12: 4 per AZ -> 1 instance per AZ
    expect(plan.ec2Capacity).toEqual({
      instanceType: 'm7g.xlarge',
      minInstances: 3,
      maxInstances: 3,
      managedScalingTargetCapacityPercent: 100,
      managedTerminationProtection: true,
      networkMode: 'awsvpc',
      rootVolume: { deviceName: '/dev/xvda', sizeGiB: 30, volumeType: 'gp3', encrypted: true, deleteOnTermination: true },
      requireImdsv2: true,
      metadataHopLimit: 1,
      detailedMonitoring: true,
    });
    expect(loadBalancedApiNotes(plan).join('\n')).toMatch(/awsvpcTrunking/);
    const fixed = planApi({ compute: { kind: ComputeKind.EC2, instanceType: 'm7g.xlarge' }, scaling: { fixedTasks: 12 } });
    // 12 tasks: 4 per AZ -> 1 instance per AZ; 24 during a deploy: 8 per AZ -> 2 per AZ
    expect(fixed.ec2Capacity).toMatchObject({ minInstances: 3, maxInstances: 6 });
  });

  test('GIVEN EC2 capacity without a measured rate WHEN planned THEN the per-vCPU figure is scaled by the family speed', () => {
    const m7g = planApi({ compute: { kind: ComputeKind.EC2, instanceType: 'm7g.large' } });
    const c7i = planApi({ compute: { kind: ComputeKind.EC2, instanceType: 'c7i.large', architecture: CpuArchitecture.X86_64 } });
    expect(m7g.load.requestsPerSecondPerTask).toBe(250);
    // c7i.large about 39.5k CoreMark per vCPU against m7g.large 51.7k: 250 x ~0.76 = ~191
    expect(c7i.load.requestsPerSecondPerTask).toBe(Math.floor(250 * catalog.relativeVcpuSpeed('c7i', 'm7g')!));
    expect(c7i.load.requestsPerSecondPerTask).toBeGreaterThan(185);
    expect(c7i.load.requestsPerSecondPerTask).toBeLessThan(195);
  });

  test('GIVEN measured capacity WHEN planned THEN it is used and not assumed', () => {
    const plan = planApi({ load: { peakRequestsPerSecond: 100, requestsPerSecondPerTask: 900 } });
    expect(plan.load.requestsPerSecondPerTask).toBe(900);
    expect(plan.assumed.map((a) => a.prop)).not.toContain('api.load.requestsPerSecondPerTask');
  });
});

describe('planLoadBalancedApi validation', () => {
  test.each<[string, LoadBalancedApiOptions, string, string]>([
    ['azCount', { azCount: 7 }, '7', 'an integer from 2 to 6'],
    ['name', { name: 'My API' }, '"My API"', 'lower-case letters, digits and hyphens, starting with a letter, 1 to 32 characters'],
    ['compute.memoryMiB', { compute: { cpu: 1024, memoryMiB: 1024 } }, '1024', 'a Fargate memory for cpu 1024: 2048, 3072, 4096, 5120, 6144, 7168, 8192 MiB'],
    ['compute.cpu', { compute: { cpu: 1000 } }, '1000', 'one of 256, 512, 1024, 2048, 4096, 8192, 16384'],
    ['certificateArn', { certificateArn: 'my-cert' }, '"my-cert"', 'an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)'],
    ['healthCheck.timeoutSeconds', { healthCheck: { intervalSeconds: 10, timeoutSeconds: 10 } }, '10', 'less than healthCheck.intervalSeconds (10)'],
    ['idleTimeoutSeconds', { algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH, idleTimeoutSeconds: 30 }, '30',
      'unset with SOURCE_IP_HASH (the Network Load Balancer has a fixed TCP idle timeout)'],
    ['slowStartSeconds', { slowStartSeconds: 10 }, '10', '0 (off) or an integer from 30 to 900 s'],
    ['scaling.minTasks', { scaling: { fixedTasks: 3, minTasks: 2 } }, '2', 'unset with scaling.fixedTasks (a fixed count turns auto scaling off)'],
    ['scaling.maxTasks', { scaling: { minTasks: 6, maxTasks: 3 } }, '3', 'at least scaling.minTasks (6)'],
    ['deployment.strategy', { algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH, deployment: { strategy: DeploymentStrategy.BLUE_GREEN } }, '"BLUE_GREEN"',
      'ROLLING with SOURCE_IP_HASH (ECS blue/green shifts traffic through ALB listener rules)'],
    ['load.serviceTimeMs', { load: { latencyTargetMs: 100 } }, 'undefined', 'set when load.latencyTargetMs is set (the Erlang C check needs the mean service time)'],
    ['container.environment.DB_PASSWORD', { container: { environment: { DB_PASSWORD: 'hunter2' } } }, '"<hidden>"',
      'a non-secret value: pass secrets in container.secrets (Secrets Manager ARNs), never in plain environment'],
    ['allowedCidrs[0]', { allowedCidrs: ['10.0.0.0'] }, '"10.0.0.0"', 'a CIDR block such as 203.0.113.0/24'],
    ['slowStartSeconds', { slowStartSeconds: 901 }, '901', '0 (off) or an integer from 30 to 900 s'],
    ['slowStartSeconds', { algorithm: LoadBalancingAlgorithm.WEIGHTED_RANDOM, slowStartSeconds: 60 }, '60',
      '0 with WEIGHTED_RANDOM or SOURCE_IP_HASH (slow start needs ROUND_ROBIN or LEAST_OUTSTANDING_REQUESTS)'],
    ['healthCheck.intervalSeconds', { healthCheck: { intervalSeconds: 301 } }, '301', 'an integer from 5 to 300 s'],
    ['healthCheck.timeoutSeconds', { healthCheck: { intervalSeconds: 300, timeoutSeconds: 121 } }, '121', 'an integer from 2 to 120 s'],
    ['healthCheck.healthyThreshold', { healthCheck: { healthyThreshold: 11 } }, '11', 'an integer from 2 to 10'],
    ['healthCheck.unhealthyThreshold', { healthCheck: { unhealthyThreshold: 1 } }, '1', 'an integer from 2 to 10'],
    ['healthCheck.path', { algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH, healthCheck: { path: '/health' } }, '"/health"',
      'unset with SOURCE_IP_HASH (the Network Load Balancer checks a TCP connection)'],
    ['anomalyMitigation', { anomalyMitigation: true }, 'true',
      'unset unless algorithm is WEIGHTED_RANDOM (automatic target weights need the weighted random algorithm)'],
    ['deregistrationDelaySeconds', { deregistrationDelaySeconds: 3601 }, '3601', 'an integer from 0 to 3,600 s'],
    ['scaling.fixedTasks', { scaling: { fixedTasks: 1001 } }, '1001', 'an integer from 1 to 1,000 tasks (the targets per target group quota)'],
    ['scaling.fixedTasks', { algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH, scaling: { fixedTasks: 501 } }, '501',
      'an integer from 1 to 500 tasks (the NLB quota of targets with cross-zone load balancing)'],
    ['scaling.requestsPerSecondPerTarget', { algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH, scaling: { requestsPerSecondPerTarget: 100 } }, '100',
      'unset with SOURCE_IP_HASH (request-count scaling needs an Application Load Balancer)'],
    ['scaling.targetCpuUtilization', { scaling: { targetCpuUtilization: 0.05 } }, '0.05', 'a fraction from 0.1 to 0.95'],
    ['webAclArn', { algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH, webAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/a/b' },
      '"arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/a/b"', 'unset with SOURCE_IP_HASH (WAF attaches to an Application Load Balancer only)'],
    ['compute.instanceType', { compute: { instanceType: 'm7g.large' } }, '"m7g.large"', 'unset with compute.kind FARGATE'],
  ])('%s: bad value is named with what is allowed', (prop, options, value, allowed) => {
    const issues = issuesOf(() => planApi(options));
    expect(issues).toContainEqual(expect.objectContaining({ prop, value, allowed }));
  });

  test('GIVEN a health check path longer than the catalog allows WHEN planned THEN the error says the limit', () => {
    const ok = `/${'a'.repeat(1023)}`;
    expect(planApi({ healthCheck: { path: ok } }).healthCheck.path).toBe(ok);
    const issues = issuesOf(() => planApi({ healthCheck: { path: `${ok}a` } }));
    expect(issues).toContainEqual(expect.objectContaining({
      prop: 'healthCheck.path', allowed: 'an absolute path such as /health (up to 1,024 printable characters)',
    }));
  });

  test('GIVEN several bad props WHEN planned THEN they are all reported together', () => {
    const issues = issuesOf(() => planApi({ azCount: 1, idleTimeoutSeconds: 0, load: { peakRequestsPerSecond: -5 } }));
    expect(issues.map((i) => i.prop)).toEqual(expect.arrayContaining(['azCount', 'idleTimeoutSeconds', 'load.peakRequestsPerSecond']));
  });

  test('a secret value never appears in the error', () => {
    const issues = issuesOf(() => planApi({ container: { environment: { API_TOKEN: 's3cr3t' } } }));
    expect(JSON.stringify(issues)).not.toContain('s3cr3t');
  });

  test('arbitrary options either plan or throw ValidationError, never another error', () => {
    const anything = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.constant(undefined), fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }));
    const options = fc.record({
      name: fc.oneof(fc.constant(undefined), fc.string(), fc.constantFrom('api', 'web-1')),
      algorithm: fc.oneof(fc.constant(undefined), fc.constantFrom(...Object.values(LoadBalancingAlgorithm)), fc.string()),
      azCount: fc.oneof(fc.constant(undefined), fc.integer({ min: -2, max: 9 }), anything),
      compute: fc.oneof(fc.constant(undefined), fc.record({
        kind: fc.oneof(fc.constant(undefined), fc.constantFrom(...Object.values(ComputeKind))),
        cpu: fc.oneof(fc.constant(undefined), fc.constantFrom(256, 512, 1024, 2048, 4096, 1000), anything),
        memoryMiB: fc.oneof(fc.constant(undefined), fc.constantFrom(512, 2048, 8192, 3000), anything),
        instanceType: fc.oneof(fc.constant(undefined), fc.constantFrom('m7g.large', 'c7i.xlarge', 'x1.huge'), anything),
      }, { requiredKeys: [] })),
      scaling: fc.oneof(fc.constant(undefined), fc.record({
        fixedTasks: fc.oneof(fc.constant(undefined), fc.integer({ min: -1, max: 2000 })),
        minTasks: fc.oneof(fc.constant(undefined), fc.integer({ min: -1, max: 2000 })),
        maxTasks: fc.oneof(fc.constant(undefined), fc.integer({ min: -1, max: 2000 })),
        targetCpuUtilization: fc.oneof(fc.constant(undefined), fc.double({ min: -1, max: 2 })),
        requestsPerSecondPerTarget: fc.oneof(fc.constant(undefined), fc.double({ min: -1, max: 1000 }), anything),
        scaleInCooldownSeconds: fc.oneof(fc.constant(undefined), fc.integer({ min: -1, max: 4000 }), anything),
      }, { requiredKeys: [] }), anything),
      deployment: fc.oneof(fc.constant(undefined), fc.record({
        strategy: fc.oneof(fc.constant(undefined), fc.constantFrom(...Object.values(DeploymentStrategy)), fc.string()),
        circuitBreaker: fc.oneof(fc.constant(undefined), fc.boolean(), anything),
      }, { requiredKeys: [] }), anything),
      certificateArn: fc.oneof(fc.constant(undefined), fc.constant(CERT), anything),
      webAclArn: fc.oneof(fc.constant(undefined), fc.constant('arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/a/b'), anything),
      internetFacing: fc.oneof(fc.constant(undefined), fc.boolean(), anything),
      accessLogs: fc.oneof(fc.constant(undefined), fc.boolean(), anything),
      anomalyMitigation: fc.oneof(fc.constant(undefined), fc.boolean(), anything),
      slowStartSeconds: fc.oneof(fc.constant(undefined), fc.constantFrom(0, 29, 30, 900, 901), anything),
      idleTimeoutSeconds: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 4001 }), anything),
      deregistrationDelaySeconds: fc.oneof(fc.constant(undefined), fc.integer({ min: -1, max: 3601 }), anything),
      sizing: fc.oneof(fc.constant(undefined), fc.record({
        targetUtilization: fc.oneof(fc.constant(undefined), fc.double({ min: 0, max: 1.1 }), anything),
        maxUtilizationOnAzLoss: fc.oneof(fc.constant(undefined), fc.double({ min: 0, max: 1.1 }), anything),
      }, { requiredKeys: [] }), anything),
      load: fc.oneof(fc.constant(undefined), fc.record({
        peakRequestsPerSecond: fc.oneof(fc.constant(undefined), fc.double({ min: -10, max: 1e7 }), anything),
        requestsPerSecondPerTask: fc.oneof(fc.constant(undefined), fc.double({ min: -10, max: 1e5 }), anything),
        latencyTargetMs: fc.oneof(fc.constant(undefined), fc.double({ min: 0, max: 1000 })),
        serviceTimeMs: fc.oneof(fc.constant(undefined), fc.double({ min: 0, max: 1000 })),
      }, { requiredKeys: [] })),
      healthCheck: fc.oneof(fc.constant(undefined), anything, fc.record({
        path: fc.oneof(fc.constant(undefined), fc.string(), anything),
        intervalSeconds: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 301 }), anything),
        timeoutSeconds: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 121 }), anything),
        healthyThreshold: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 11 }), anything),
      }, { requiredKeys: [] })),
      allowedCidrs: fc.oneof(fc.constant(undefined), fc.array(fc.string(), { maxLength: 3 }), anything),
      container: fc.oneof(fc.constant(undefined), fc.record({
        image: fc.oneof(fc.constant(undefined), fc.string(), anything),
        environment: fc.oneof(fc.constant(undefined), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 })),
        secrets: fc.oneof(fc.constant(undefined), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 })),
      }, { requiredKeys: [] })),
    }, { requiredKeys: [] });
    fc.assert(fc.property(options, (o) => {
      try {
        const plan = planApi(o as LoadBalancedApiOptions);
        sizeLoadBalancedApi(plan);
        loadBalancedApiNotes(plan);
        return true;
      } catch (e) {
        return Errors.isValidationError(e);
      }
    }), { numRuns: 1000 });
  });
});

describe('sizeLoadBalancedApi', () => {
  test('GIVEN a fixed fleet too small WHEN sized THEN task rows FAIL with an exact fix', () => {
    const plan = planApi({ scaling: { fixedTasks: 4 }, load: { peakRequestsPerSecond: 3000, requestsPerSecondPerTask: 250 } });
    const rows = sizeLoadBalancedApi(plan);
    const normal = row(rows, 'api tasks', Scenario.NORMAL);
    expect(normal.verdict).toBe(Verdict.FAIL);
    // one fix for the tasks: the normal row alone needs 20 (3000 / 157.5 = 19.05), the AZ-loss row 23: both show 23
    expect(normal.fix).toBe('needs >= 23 tasks of 1 vCPU / 2 GiB, has 4');
    const az = row(rows, 'api tasks', Scenario.AZ_LOSS);
    // surviving share on 3 AZs: n - ceil(n/3); 3000 / (250 * 0.81) = 14.8 survivors -> 23 tasks (23 - 8 = 15)
    expect(az.fix).toBe('needs >= 23 tasks of 1 vCPU / 2 GiB, has 4');
    expect(rows.some((r) => r.resource === 'auto scaling')).toBe(false);
  });

  test('GIVEN auto scaling whose max is too low WHEN sized THEN FAIL naming maxTasks', () => {
    // a day-long ramp: the scale-out row keeps up, so the fix is the other rows' (load-balanced-api-scale-out.test.ts covers steps)
    const plan = planApi({ scaling: { minTasks: 3, maxTasks: 6 }, load: { peakRequestsPerSecond: 3000, rampSeconds: 86_400 } });
    const rule = rows0(plan).find((r) => r.resource === 'auto scaling' && r.verdict === Verdict.FAIL);
    // peak needs 24 tasks; maxTasks alone is not enough: from 3 tasks, off-peak, the AZ-loss row fails (4 tasks on
    // 3 AZs leave 2 at 125 requests/s each), so the one fix raises minTasks too, to the smallest that passes every row
    expect(rule?.fix).toBe('set scaling.minTasks >= 14 and scaling.maxTasks >= 24 (tasks of 1 vCPU / 2 GiB)');
  });

  test('GIVEN a CPU target too high for the AZ count WHEN sized THEN FAIL with the exact stable target', () => {
    // 0.7 x 3/2 = 105 % after an AZ loss; PASS needs u x 3/2 <= 0.9 x 0.9: u <= 0.54, or 0.54 x 250 = 135 requests/s per target
    const plan = planApi({ scaling: { targetCpuUtilization: 0.7 }, load: { peakRequestsPerSecond: 1000 } });
    const rule = rows0(plan).find((r) => r.metric === '% CPU');
    expect(rule).toMatchObject({
      verdict: Verdict.FAIL,
      scenario: Scenario.AZ_LOSS,
      demand: expect.closeTo(105, 8),
      capacity: 100,
      bound: 0.9,
      fix: 'lower scaling.targetCpuUtilization to <= 0.54 or scaling.requestsPerSecondPerTarget to <= 135, or spread over more AZs',
    });
    expect(rule!.reason).toMatch(/20 tasks\/s per Region after a burst of 100/);
    const verdictAt = (o: LoadBalancedApiOptions['scaling']): Verdict =>
      rows0(planApi({ scaling: o, load: { peakRequestsPerSecond: 1000 } })).find((r) => r.metric === '% CPU')!.verdict;
    expect(verdictAt({ targetCpuUtilization: 0.54 })).toBe(Verdict.PASS);
    expect(verdictAt({ targetCpuUtilization: 0.55 })).not.toBe(Verdict.PASS);
    expect(verdictAt({ targetCpuUtilization: 0.7, requestsPerSecondPerTarget: 135 })).toBe(Verdict.PASS);
    expect(verdictAt({ targetCpuUtilization: 0.7, requestsPerSecondPerTarget: 136 })).not.toBe(Verdict.PASS);
  });

  test('GIVEN a CPU target at the static-stability bound WHEN sized THEN WARN (within 10 % of the bound)', () => {
    // 3 AZs, 0.6: survivors at exactly 90 %
    const rule = rows0(planApi({ scaling: { targetCpuUtilization: 0.6 } })).find((r) => r.metric === '% CPU');
    expect(rule?.verdict).toBe(Verdict.WARN);
    // 2 AZs, 0.45: the model's bound; 0.4 passes
    const two = (u: number) => rows0(planApi({ azCount: 2, scaling: { targetCpuUtilization: u } })).find((r) => r.metric === '% CPU')!;
    expect(two(0.45).verdict).toBe(Verdict.WARN);
    expect(two(0.46).verdict).toBe(Verdict.FAIL);
    expect(two(0.4).verdict).toBe(Verdict.PASS);
  });

  test('GIVEN a request-count target below the CPU target WHEN sized THEN it sets the tasks at peak', () => {
    // 3000 requests/s at 100 per task -> 30 tasks (the CPU target alone would keep 24)
    const plan = planApi({
      scaling: { minTasks: 3, maxTasks: 24, requestsPerSecondPerTarget: 100 }, load: { peakRequestsPerSecond: 3000, rampSeconds: 86_400 },
    });
    const rule = rows0(plan).find((r) => r.resource === 'auto scaling' && r.metric === 'tasks' && r.verdict === Verdict.FAIL);
    expect(rule?.reason).toMatch(/^target tracking at 100 requests\/s per task \(40 % of one task's 250\) needs 30 tasks/);
    expect(rule?.fix).toBe('set scaling.maxTasks >= 30 (tasks of 1 vCPU / 2 GiB)');
  });

  test('GIVEN a peak beyond what the targets quota can hold WHEN sized THEN the max-tasks fix says so instead of an impossible count', () => {
    // 300,000 requests/s at 0.5 x 250 -> 2,400 tasks, above the 1,000 targets of a target group
    const plan = planApi({ scaling: { minTasks: 3, maxTasks: 1000 }, load: { peakRequestsPerSecond: 300_000 } });
    const rule = rows0(plan).find((r) => r.resource === 'auto scaling' && r.verdict === Verdict.FAIL);
    expect(rule?.fix).toMatch(/scaling\.maxTasks >= 2,400 \(tasks of 1 vCPU \/ 2 GiB\), but 2,400 tasks break targets per target group \(4,800 of 1,000 during a deploy\): use bigger tasks \(more requests\/s each\), or request a targets quota increase$/);
  });

  test('GIVEN min tasks below the peak on EC2 WHEN sized THEN WARN: peak waits for a scale-out the check does not time', () => {
    const plan = planApi({
      compute: { kind: ComputeKind.EC2, instanceType: 'm7g.large' }, scaling: { minTasks: 3, maxTasks: 60 }, load: { peakRequestsPerSecond: 3000, requestsPerSecondPerTask: 250 },
    });
    const warn = rows0(plan).find((r) => r.verdict === Verdict.WARN && r.resource === 'auto scaling');
    expect(warn?.reason).toMatch(/peak needs 24 tasks but minTasks is 3/);
    expect(warn?.fix).toBe('set scaling.minTasks >= 24');
    expect(rows0(plan).some((r) => r.resource === 'api scale-out')).toBe(false);
  });

  test('GIVEN a latency target WHEN planned THEN the servers of a task are its concurrency: declared, or 2 x vCPU + 1 assumed and listed', () => {
    // GIVEN / WHEN a 2 vCPU task with a latency target and no concurrency
    const assumed = planApi({ compute: { cpu: 2048, memoryMiB: 4096 }, load: { latencyTargetMs: 50, serviceTimeMs: 20 } });
    // THEN 2 x 2 + 1 = 5, listed as assumed with its reason
    expect(assumed.load.concurrencyPerTask).toBe(5);
    expect(assumed.assumed.find((a) => a.prop.endsWith('load.concurrencyPerTask'))).toMatchObject({ value: '5 requests at once', reason: expect.stringMatching(/gunicorn/) });
    // declared, it is used and not assumed; without a latency check it is neither resolved nor listed
    const declared = planApi({ load: { latencyTargetMs: 50, serviceTimeMs: 20, concurrencyPerTask: 64 } });
    expect(declared.load.concurrencyPerTask).toBe(64);
    expect(declared.assumed.some((a) => a.prop.endsWith('load.concurrencyPerTask'))).toBe(false);
    expect(planApi().load.concurrencyPerTask).toBeUndefined();
    expect(planApi().assumed.some((a) => a.prop.endsWith('load.concurrencyPerTask'))).toBe(false);
    // a 0.25 vCPU task: 2 x 0.25 + 1 = 1.5 -> 1
    expect(planApi({ compute: { cpu: 256, memoryMiB: 512 }, load: { latencyTargetMs: 50, serviceTimeMs: 20 } }).load.concurrencyPerTask).toBe(1);
  });

  test.each([0, 1.5, -3, 100_001])('GIVEN load.concurrencyPerTask %p WHEN planned THEN it is rejected as a whole number from 1 to 100,000', (v) => {
    const issues = issuesOf(() => planApi({ load: { latencyTargetMs: 50, serviceTimeMs: 20, concurrencyPerTask: v } }));
    expect(issues.map((i) => i.prop)).toEqual([expect.stringMatching(/load\.concurrencyPerTask$/)]);
  });

  test('GIVEN concurrency that cannot serve the task\'s requests/s WHEN sized THEN the latency reason says concurrency limits the task', () => {
    // 3 requests at once of 20 ms serve at most 150 requests/s, below the 250 the task is sized for
    const rows = sizeLoadBalancedApi(planApi({
      scaling: { fixedTasks: 6 }, load: { peakRequestsPerSecond: 1000, requestsPerSecondPerTask: 250, latencyTargetMs: 5, serviceTimeMs: 20 },
    }));
    const latency = row(rows, 'api latency', Scenario.NORMAL);
    expect(latency.verdict).toBe(Verdict.FAIL);
    expect(latency.reason).toMatch(/3 requests at once of 20 ms serve at most 150 requests\/s per task, below the 250 it is sized for/);
    expect(latency.fixResource).toBe('api tasks');
    expect(latency.fix).toBe(row(rows, 'api tasks', Scenario.AZ_LOSS).fix ?? latency.fix);
  });

  test('GIVEN a latency target WHEN sized THEN Erlang C rows appear for normal and AZ-lost fleets', () => {
    const plan = planApi({
      scaling: { fixedTasks: 6 },
      load: { peakRequestsPerSecond: 1000, requestsPerSecondPerTask: 250, latencyTargetMs: 5, serviceTimeMs: 20, concurrencyPerTask: 5 },
    });
    const rows = sizeLoadBalancedApi(plan);
    expect(row(rows, 'api latency', Scenario.NORMAL).metric).toBe('ms p99 queueing delay');
    expect(row(rows, 'api latency', Scenario.AZ_LOSS)).toBeDefined();
  });

  test('GIVEN a Network Load Balancer WHEN sized THEN targets during a deploy count against the cross-zone NLB quota, with an exact fix', () => {
    const at = (n: number) => row(rows0(planApi({ algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH, scaling: { fixedTasks: n } })),
      'targets per load balancer', Scenario.LIMIT);
    // 225 tasks x 200 % during a deploy = 450 of 500: 90 %, PASS; 226 -> 452, WARN
    expect(at(225)).toMatchObject({ demand: 450, capacity: 500, verdict: Verdict.PASS });
    expect(at(226)).toMatchObject({ demand: 452, verdict: Verdict.WARN, fix: expect.stringMatching(/^keep scaling.fixedTasks <= 225: /) });
  });

  test('GIVEN blue/green WHEN sized THEN blue and green targets count together against the targets per load balancer', () => {
    const plan = planApi({ deployment: { strategy: DeploymentStrategy.BLUE_GREEN }, scaling: { minTasks: 3, maxTasks: 450 } });
    expect(row(rows0(plan), 'targets per load balancer', Scenario.LIMIT)).toMatchObject({
      demand: 900,
      capacity: catalog.QUOTAS.elb.albTargetsPerLoadBalancer.value,
      verdict: Verdict.PASS,
      sources: ['catalog.QUOTAS.elb.albTargetsPerLoadBalancer'],
    });
  });

  test('GIVEN an ALB fleet WHEN sized THEN targets per target group count the deploy surge, and the max-tasks fix is exact', () => {
    const at = (max: number) => row(rows0(planApi({ scaling: { minTasks: 3, maxTasks: max } })), 'targets per target group', Scenario.LIMIT);
    expect(at(450)).toMatchObject({ demand: 900, capacity: 1000, verdict: Verdict.PASS });
    expect(at(451)).toMatchObject({ demand: 902, verdict: Verdict.WARN, fix: expect.stringMatching(/^keep scaling.maxTasks <= 450: /) });
    expect(at(501).verdict).toBe(Verdict.FAIL);
  });

  test('GIVEN a latency target WHEN sized THEN the Erlang C p99 wait matches a hand computation', () => {
    // 6 tasks x 5 declared requests at once -> M/M/30, lambda 1000/s, mu 50/s: C = 0.02495, p99 = ln(2.495) / (1500 - 1000) = 1.829 ms
    const plan = planApi({
      scaling: { fixedTasks: 6 },
      load: { peakRequestsPerSecond: 1000, requestsPerSecondPerTask: 250, latencyTargetMs: 5, serviceTimeMs: 20, concurrencyPerTask: 5 },
    });
    const rows = rows0(plan);
    expect(row(rows, 'api latency', Scenario.NORMAL)).toMatchObject({ demand: expect.closeTo(1.8286, 3), capacity: 5, verdict: Verdict.PASS });
    // One AZ of 2 tasks lost: M/M/20 at a = 20 never drains
    const az = row(rows, 'api latency', Scenario.AZ_LOSS);
    expect(az.verdict).toBe(Verdict.FAIL);
    expect(az.reason).toMatch(/the queue grows without bound/);
    const n = Number(/^needs >= (\d+) /.exec(az.fix!)![1]);
    const azAt = (tasks: number) => row(rows0(planApi({
      scaling: { fixedTasks: tasks },
      load: { peakRequestsPerSecond: 1000, requestsPerSecondPerTask: 250, latencyTargetMs: 5, serviceTimeMs: 20, concurrencyPerTask: 5 },
    })), 'api latency', Scenario.AZ_LOSS).verdict;
    expect(azAt(n)).toBe(Verdict.PASS);
    expect(azAt(n - 1)).not.toBe(Verdict.PASS);
  });

  const demandArb = fc.double({ min: 0, max: 50_000, noNaN: true });
  const fixedArb = fc.integer({ min: 1, max: 200 });

  test('more demand never improves the verdict', () => {
    fc.assert(fc.property(fixedArb, demandArb, demandArb, (n, d1, d2) => {
      const plan = planApi({ scaling: { fixedTasks: n }, load: { requestsPerSecondPerTask: 300 } });
      const worstAt = (d: number): number => Math.max(...sizeLoadBalancedApi(plan, d).map((r) => RANK[r.verdict]));
      return worstAt(Math.max(d1, d2)) >= worstAt(Math.min(d1, d2));
    }));
  });

  const scalingArb = fc.record({
    azCount: fc.integer({ min: 2, max: 6 }),
    minTasks: fc.integer({ min: 1, max: 200 }),
    extra: fc.integer({ min: 0, max: 200 }),
    cpu: fc.double({ min: 0.1, max: 0.95, noNaN: true }),
    rps: fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
    latency: fc.option(fc.record({
      latencyTargetMs: fc.integer({ min: 1, max: 200 }), serviceTimeMs: fc.integer({ min: 1, max: 200 }),
    }), { nil: undefined }),
  });
  type ScalingCase = {
    azCount: number; minTasks: number; extra: number; cpu: number; rps?: number; latency?: { latencyTargetMs: number; serviceTimeMs: number };
  };
  const scaledPlan = (g: ScalingCase, demand = 0, min = g.minTasks, max = g.minTasks + g.extra) => planApi({
    azCount: g.azCount,
    scaling: { minTasks: min, maxTasks: max, targetCpuUtilization: g.cpu, requestsPerSecondPerTarget: g.rps },
    load: { peakRequestsPerSecond: demand, requestsPerSecondPerTask: 300, ...g.latency },
  });

  test('with auto scaling, more demand never improves the verdict', () => {
    fc.assert(fc.property(scalingArb, demandArb, demandArb, (g, d1, d2) => {
      const plan = scaledPlan(g);
      return worst(sizeLoadBalancedApi(plan, Math.max(d1, d2))) >= worst(sizeLoadBalancedApi(plan, Math.min(d1, d2)));
    }), { numRuns: 300 });
  });

  test('more tasks never worsen the verdict (fixed, and min or max with auto scaling), below the targets quota', () => {
    fc.assert(fc.property(fixedArb, fc.integer({ min: 0, max: 200 }), demandArb, (n, extra, demand) => {
      const at = (tasks: number) => worst(sizeLoadBalancedApi(planApi({
        scaling: { fixedTasks: tasks },
        load: { peakRequestsPerSecond: demand, requestsPerSecondPerTask: 300, latencyTargetMs: 50, serviceTimeMs: 30 },
      })));
      return at(n + extra) <= at(n);
    }), { numRuns: 300 });
    fc.assert(fc.property(scalingArb, fc.integer({ min: 0, max: 40 }), demandArb, (g, more, demand) => {
      const base = worst(sizeLoadBalancedApi(scaledPlan(g, demand)));
      const moreMin = Math.min(g.minTasks + more, g.minTasks + g.extra);
      return worst(sizeLoadBalancedApi(scaledPlan(g, demand, moreMin))) <= base
        && worst(sizeLoadBalancedApi(scaledPlan(g, demand, g.minTasks, Math.min(450, g.minTasks + g.extra + more)))) <= base;
    }), { numRuns: 300 });
  });

  test('the static-stability fix is exact on every AZ count and bound', () => {
    const cpuArb = fc.double({ min: 0.3, max: 0.95, noNaN: true });
    const boundArb = fc.double({ min: 0.3, max: 1, noNaN: true });
    fc.assert(fc.property(fc.integer({ min: 2, max: 6 }), cpuArb, boundArb, (az, cpu, uMax) => {
      const sizing = { targetUtilization: Math.min(0.3, uMax), maxUtilizationOnAzLoss: uMax };
      const at = (u: number) => sizeLoadBalancedApi(planApi({ azCount: az, sizing, scaling: { targetCpuUtilization: u } }))
        .find((r) => r.metric === '% CPU')!;
      const r = at(cpu);
      if (r.verdict === Verdict.PASS) return;
      const m = /to <= ([\d.]+) or/.exec(r.fix!);
      const fixed = Number(m![1]);
      if (fixed < 0.1) return; // below what targetCpuUtilization accepts: more AZs is the only fix
      expect(at(fixed).verdict).toBe(Verdict.PASS);
      expect(at(Math.round((fixed + 0.01) * 100) / 100).verdict).not.toBe(Verdict.PASS);
    }), { numRuns: 300 });
  });

  test('the fixed-fleet fix is exact per resource: apply it and every task row passes, one task less and one does not', () => {
    fc.assert(fc.property(fixedArb, demandArb, (n, demand) => {
      const opts = (tasks: number): LoadBalancedApiOptions => ({
        scaling: { fixedTasks: tasks },
        load: { peakRequestsPerSecond: demand, requestsPerSecondPerTask: 300 },
      });
      const taskRows = (tasks: number) => sizeLoadBalancedApi(planApi(opts(tasks))).filter((r) => r.resource === 'api tasks');
      const fixes = new Set(taskRows(n).filter((r) => r.verdict !== Verdict.PASS).map((r) => r.fix));
      if (fixes.size > 1) return false;
      const m = [...fixes][0]?.match(/^needs >= ([\d,]+) /);
      if (!m) return true;
      const fixed = Number(m[1].replace(/,/g, ''));
      if (fixed > 1000) return true; // beyond the targets quota the plan rejects the count
      if (!taskRows(fixed).every((r) => r.verdict === Verdict.PASS)) return false;
      return fixed === 1 || taskRows(fixed - 1).some((r) => r.verdict !== Verdict.PASS);
    }));
  });
});

function rows0(plan: ReturnType<typeof planLoadBalancedApi>): SizingRow[] {
  return sizeLoadBalancedApi(plan);
}

describe('auto scaling with an AZ lost: the worst point up to the peak', () => {
  const opts = (minTasks: number, maxTasks: number, peak: number): LoadBalancedApiOptions => ({
    azCount: 2,
    scaling: { minTasks, maxTasks, targetCpuUtilization: 0.1 },
    load: { peakRequestsPerSecond: peak, requestsPerSecondPerTask: 300 },
  });
  const azRow = (o: LoadBalancedApiOptions): SizingRow =>
    sizeLoadBalancedApi(planApi(o)).find((r) => r.resource === 'api tasks' && r.scenario === Scenario.AZ_LOSS)!;

  test('GIVEN one task off-peak on 2 AZs WHEN its AZ is lost THEN FAIL at any demand, with the min-tasks fix', () => {
    // The fuzz case that broke monotonicity: 1 task off-peak leaves none after an AZ loss.
    for (const peak of [5e-324, 30]) {
      const r = azRow(opts(1, 2, peak));
      expect(r.verdict).toBe(Verdict.FAIL);
      expect(r.fix).toBe('set scaling.minTasks >= 2 (tasks of 1 vCPU / 2 GiB)');
    }
    expect(azRow(opts(2, 2, 30)).verdict).toBe(Verdict.PASS);
  });

  test('GIVEN a peak reached after scale-out WHEN an AZ is lost off-peak THEN the reason names the off-peak point', () => {
    const r = azRow(opts(1, 10, 200));
    expect(r.reason).toMatch(/off-peak, while target tracking holds 1 tasks/);
  });

  const arb = fc.record({
    min: fc.integer({ min: 1, max: 12 }),
    extra: fc.integer({ min: 0, max: 12 }),
    d1: fc.double({ min: 0, max: 3000, noNaN: true }),
    d2: fc.double({ min: 0, max: 3000, noNaN: true }),
    az: fc.integer({ min: 2, max: 4 }),
    target: fc.constantFrom(0.1, 0.3, 0.45, 0.6),
  });
  const build = (min: number, max: number, peak: number, az: number, target: number): LoadBalancedApiOptions => ({
    azCount: az,
    scaling: { minTasks: min, maxTasks: max, targetCpuUtilization: target },
    load: { peakRequestsPerSecond: peak, requestsPerSecondPerTask: 300 },
  });

  test('more demand never improves the AZ-loss verdict of an auto-scaled fleet', () => {
    fc.assert(fc.property(arb, ({ min, extra, d1, d2, az, target }) => {
      const v = (d: number): number => RANK[azRow(build(min, min + extra, d, az, target)).verdict];
      return v(Math.max(d1, d2)) >= v(Math.min(d1, d2));
    }));
  });

  test('the min-tasks fix is exact for the tasks resource: max held at what the peak needs, every task row passes at it, one less leaves one short', () => {
    fc.assert(fc.property(arb, ({ min, extra, d1, az, target }) => {
      const r = azRow(build(min, min + extra, d1, az, target));
      const m = r.fix?.match(/^set scaling\.minTasks >= ([\d,]+)(?: and scaling\.maxTasks >= [\d,]+)? \(/);
      if (!m || r.fix!.includes(', but ')) return true;
      const n = Number(m[1].replace(/,/g, ''));
      const hold = Math.max(min + extra, tasksAtPeak(d1, 300, target));
      const taskRows = (lo: number) => sizeLoadBalancedApi(planApi(build(lo, Math.max(hold, lo), d1, az, target)))
        .filter((x) => (x.fixResource ?? x.resource) === 'api tasks');
      return taskRows(n).every((x) => x.verdict === Verdict.PASS) && (n === 1 || taskRows(n - 1).some((x) => x.verdict !== Verdict.PASS));
    }));
  });
});

describe('network of the tasks: an EC2 instance\'s baseline bandwidth against the responses its tasks send', () => {
  const ec2 = (o: LoadBalancedApiOptions = {}, instanceType = 'm7g.xlarge'): LoadBalancedApiOptions => ({
    ...o,
    compute: {
      kind: ComputeKind.EC2,
      instanceType,
      cpu: 1024,
      memoryMiB: 2048,
      architecture: instanceType.includes('g.') ? CpuArchitecture.ARM64 : CpuArchitecture.X86_64,
    },
  });
  const netRows = (rows: SizingRow[]): SizingRow[] => rows.filter((r) => r.resource === 'api network');
  const taskRows = (rows: SizingRow[]): SizingRow[] => rows.filter((r) => (r.fixResource ?? r.resource) === 'api tasks');

  test('GIVEN 12 tasks on m7g.xlarge and no response size WHEN sized THEN the catalog\'s 50 KiB is assumed and an instance of 4 tasks is checked', () => {
    // GIVEN 3,000 requests/s on 12 tasks, 4 per m7g.xlarge (1.876 Gbps baseline)
    const plan = planApi(ec2({ scaling: { fixedTasks: 12 }, load: { peakRequestsPerSecond: 3000, requestsPerSecondPerTask: 1000 } }));
    // WHEN
    const rows = netRows(sizeLoadBalancedApi(plan));
    // THEN 4 tasks x 250 requests/s x 50 KiB x 8 = 0.4096 Gbps normally
    expect(plan.load.averageResponseKiB).toBe(50);
    expect(plan.assumed.map((a) => a.prop)).toContain('api.load.averageResponseKiB');
    const normal = row(rows, 'api network', Scenario.NORMAL);
    expect(normal.metric).toBe('Gbps per instance');
    expect(normal.demand).toBeCloseTo(0.4096, 12);
    expect(normal.capacity).toBe(1.876);
    expect(normal.verdict).toBe(Verdict.PASS);
    expect(normal.fixResource).toBe('api tasks');
    expect(normal.sources).toEqual(['catalog.ec2Instance(m7g.xlarge).baselineNetworkGbps', 'catalog.SOURCES.ec2NetworkBandwidth']);
    // AND with an AZ of 4 tasks lost, 8 tasks carry 375 requests/s each: 4 x 375 x 50 KiB = 0.6144 Gbps
    const az = row(rows, 'api network', Scenario.AZ_LOSS);
    expect(az.demand).toBeCloseTo(0.6144, 12);
    expect(az.bound).toBe(0.9);
  });

  test('GIVEN 200 KiB responses WHEN the instance cannot send them THEN FAIL, with the one fix of the tasks, exact', () => {
    // GIVEN 4 x 250 x 200 KiB = 1.64 Gbps, 87 % of 1.876 Gbps, above the 70 % target
    const at = (n: number) => sizeLoadBalancedApi(planApi(ec2({
      scaling: { fixedTasks: n }, load: { peakRequestsPerSecond: 3000, requestsPerSecondPerTask: 1000, averageResponseKiB: 200 },
    })));
    const rows = at(12);
    const normal = row(rows, 'api network', Scenario.NORMAL);
    expect(normal.demand).toBeCloseTo(1.6384, 12);
    expect(normal.verdict).toBe(Verdict.FAIL);
    // THEN every failing row of the tasks shows one fix; it passes them all, one task less does not
    const fixes = new Set(taskRows(rows).filter((r) => r.verdict !== Verdict.PASS).map((r) => r.fix));
    expect(fixes.size).toBe(1);
    const n = Number(/^needs >= ([\d,]+) tasks/.exec([...fixes][0]!)![1]);
    expect(taskRows(at(n)).every((r) => r.verdict === Verdict.PASS)).toBe(true);
    expect(taskRows(at(n - 1)).every((r) => r.verdict === Verdict.PASS)).toBe(false);
    // (the task rows alone would pass at 12: the network row is what needs more)
    expect(rows.filter((r) => r.resource === 'api tasks').every((r) => r.verdict === Verdict.PASS)).toBe(true);
  });

  test('GIVEN Fargate WHEN a response size is declared THEN no network row and a note says why; nothing is assumed', () => {
    const plan = planApi({ load: { peakRequestsPerSecond: 3000, averageResponseKiB: 20 } });
    expect(netRows(sizeLoadBalancedApi(plan))).toEqual([]);
    expect(loadBalancedApiNotes(plan).join('\n')).toMatch(/AWS publishes no network bandwidth per Fargate task size/);
    expect(planApi({ load: { peakRequestsPerSecond: 3000 } }).assumed.map((a) => a.prop)).not.toContain('api.load.averageResponseKiB');
  });

  test('GIVEN an EC2 type without a catalog network figure WHEN sized THEN no row, nothing assumed, and a note says so', () => {
    const plan = planApi(ec2({ load: { peakRequestsPerSecond: 3000 } }, 'm7i.xlarge'));
    expect(netRows(sizeLoadBalancedApi(plan))).toEqual([]);
    expect(plan.assumed.map((a) => a.prop)).not.toContain('api.load.averageResponseKiB');
    expect(loadBalancedApiNotes(plan).join('\n')).toMatch(/no sourced baseline bandwidth for m7i\.xlarge/);
  });

  test.each([0, -1, 'big', 2e7])('GIVEN load.averageResponseKiB %p WHEN planned THEN one ValidationError names it', (v) => {
    expect(() => planApi({ load: { averageResponseKiB: v as number } })).toThrow(/load\.averageResponseKiB/);
  });

  const g = fc.record({
    az: fc.integer({ min: 2, max: 4 }),
    tasks: fc.integer({ min: 1, max: 60 }),
    more: fc.integer({ min: 0, max: 60 }),
    d1: fc.double({ min: 0, max: 40_000, noNaN: true }),
    d2: fc.double({ min: 0, max: 40_000, noNaN: true }),
    k1: fc.double({ min: 1, max: 400, noNaN: true }),
    k2: fc.double({ min: 1, max: 400, noNaN: true }),
    scaled: fc.boolean(),
    cpu: fc.constantFrom(0.3, 0.45, 0.6),
  });
  type G = { az: number; tasks: number; more: number; scaled: boolean; cpu: number };
  const opts = (x: G, peak: number, kib: number, tasks = x.tasks, max = x.tasks + x.more): LoadBalancedApiOptions => ec2({
    azCount: x.az,
    scaling: x.scaled ? { minTasks: tasks, maxTasks: Math.max(tasks, max), targetCpuUtilization: x.cpu } : { fixedTasks: tasks },
    load: { peakRequestsPerSecond: peak, requestsPerSecondPerTask: 600, averageResponseKiB: kib },
  });
  const net = (o: LoadBalancedApiOptions): SizingRow[] => netRows(sizeLoadBalancedApi(planApi(o)));

  test('more requests or bigger responses never improve a network verdict', () => {
    fc.assert(fc.property(g, (x) => {
      const lo = net(opts(x, Math.min(x.d1, x.d2), Math.min(x.k1, x.k2)));
      const hi = net(opts(x, Math.max(x.d1, x.d2), Math.max(x.k1, x.k2)));
      lo.forEach((r, i) => expect(RANK[hi[i].verdict]).toBeGreaterThanOrEqual(RANK[r.verdict]));
    }), { numRuns: 150 });
  });

  test('more tasks (fixed, or min tasks with auto scaling) never worsen a network verdict', () => {
    fc.assert(fc.property(g, (x) => {
      const few = net(opts(x, x.d1, x.k1));
      const many = net(opts(x, x.d1, x.k1, x.tasks + x.more, x.tasks + x.more));
      few.forEach((r, i) => expect(RANK[many[i].verdict]).toBeLessThanOrEqual(RANK[r.verdict]));
    }), { numRuns: 150 });
  });

  test('the tasks fix is exact with the network rows in it: applied, every row of the tasks passes; one less leaves one short', () => {
    let checked = 0;
    fc.assert(fc.property(g, (x) => {
      const rows = taskRows(sizeLoadBalancedApi(planApi(opts(x, x.d1, x.k1))));
      const failing = rows.filter((r) => r.verdict !== Verdict.PASS);
      if (failing.length === 0) return;
      const fixes = new Set(failing.map((r) => r.fix));
      expect(fixes.size).toBe(1);
      const fix = [...fixes][0]!;
      const pass = (o: LoadBalancedApiOptions) => taskRows(sizeLoadBalancedApi(planApi(o))).every((r) => r.verdict === Verdict.PASS);
      let m = /^needs >= ([\d,]+) tasks of [^,]*, has [\d,]+$/.exec(fix);
      if (m) {
        const n = Number(m[1].replace(/,/g, ''));
        if (n > 300) return;
        expect(pass(opts(x, x.d1, x.k1, n))).toBe(true);
        if (n > 1) expect(pass(opts(x, x.d1, x.k1, n - 1))).toBe(false);
        checked++;
        return;
      }
      m = /^set scaling\.maxTasks >= ([\d,]+) \(/.exec(fix);
      if (m) {
        const n = Number(m[1].replace(/,/g, ''));
        if (n > 300) return;
        expect(pass(opts(x, x.d1, x.k1, x.tasks, n))).toBe(true);
        if (n - 1 >= x.tasks) expect(pass(opts(x, x.d1, x.k1, x.tasks, n - 1))).toBe(false);
        checked++;
        return;
      }
      m = /^set scaling\.minTasks >= ([\d,]+)(?: and scaling\.maxTasks >= ([\d,]+))? \(/.exec(fix);
      if (m && !fix.includes(', but ')) {
        const n = Number(m[1].replace(/,/g, ''));
        const max = m[2] ? Number(m[2].replace(/,/g, '')) : x.tasks + x.more;
        if (max > 300) return;
        expect(pass(opts(x, x.d1, x.k1, n, Math.max(max, n)))).toBe(true);
        if (n > 1) expect(pass(opts(x, x.d1, x.k1, n - 1, Math.max(max, n - 1)))).toBe(false);
        checked++;
      }
    }), { numRuns: 250 });
    expect(checked).toBeGreaterThan(15);
  });
});

describe('planLoadBalancedApi: the ECS decisions backends render', () => {
  test.each([
    ['compute.instanceType', { compute: { kind: ComputeKind.EC2, instanceType: 'zz9.mega' } }, 'zz9.mega', 'an EC2 instance type in the catalog'],
    ['logRetentionDays', { logRetentionDays: 42 }, '42', 'one of the CloudWatch Logs retention periods'],
  ])('GIVEN %s invalid WHEN planned THEN a ValidationError names it', (prop, options, value, allowed) => {
    expect(() => planApi(options as any)).toThrow(ValidationError);
    expect(() => planApi(options as any)).toThrow(new RegExp(`${prop.replace('.', '\\.')}.*${value}[\\s\\S]*${allowed}`));
  });

  test('GIVEN a CPU target of 0.555 WHEN planned THEN the plan holds 55.5 %, the number both backends render', () => {
    expect(planApi({ scaling: { targetCpuUtilization: 0.555 } }).scaling.targetCpuUtilizationPercent).toBe(55.5);
  });

  test('GIVEN an image of your own WHEN planned THEN the container is hardened: non-root, read-only, with a writable /tmp', () => {
    const plan = planApi({ container: { image: 'public.ecr.aws/acme/api:1.0' }, logRetentionDays: 30 });
    expect(plan.container.placeholder).toBe(false);
    expect(plan.container.hardening).toEqual({ user: '1000', readonlyRootFilesystem: true, scratchVolume: { name: 'scratch', containerPath: '/tmp' } });
    expect(plan.ecsService.logRetentionDays).toBe(30);
  });
});

describe('planLoadBalancedApi: the network and keys it creates, and its listener\'s own answers', () => {
  test('GIVEN no options THEN a 10.0.0.0/16 VPC with flow logs of all traffic kept a year, keys deleted after 30 days at the earliest', () => {
    const plan = planApi({});
    expect(plan.createdNetwork).toEqual({
      vpcCidr: '10.0.0.0/16',
      flowLogTrafficType: FlowLogTrafficType.ALL,
      flowLogRetentionDays: 365,
      // aws-cdk-lib's carving of the same masks, which CloudFormation stacks deployed before the plan held it.
      publicSubnets: { cidrMask: 24, cidrBlocks: ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'] },
      privateSubnets: { cidrMask: 20, cidrBlocks: ['10.0.16.0/20', '10.0.32.0/20', '10.0.48.0/20'] },
      isolatedSubnets: { cidrMask: 24, cidrBlocks: ['10.0.64.0/24', '10.0.65.0/24', '10.0.66.0/24'] },
    });
    expect(plan.kmsKeyDeletionWindowDays).toBe(30);
  });

  test('GIVEN a VPC CIDR and a deletion window THEN the plan holds them', () => {
    const plan = planApi({ vpcCidr: '172.20.0.0/16', kmsKeyDeletionWindowDays: 7 });
    expect(plan.createdNetwork.vpcCidr).toBe('172.20.0.0/16');
    expect(plan.createdNetwork.privateSubnets.cidrBlocks).toEqual(['172.20.16.0/20', '172.20.32.0/20', '172.20.48.0/20']);
    expect(plan.kmsKeyDeletionWindowDays).toBe(7);
  });

  test.each([
    ['vpcCidr', { vpcCidr: '10.0.0.0/24' }, /vpcCidr = "10\.0\.0\.0\/24": must be a \/16 IPv4 CIDR/],
    ['vpcCidr', { vpcCidr: '10.0.1.0/16' }, /vpcCidr = "10\.0\.1\.0\/16"/],
    ['kmsKeyDeletionWindowDays', { kmsKeyDeletionWindowDays: 6 }, /kmsKeyDeletionWindowDays = 6: must be an integer from 7 to 30/],
    ['kmsKeyDeletionWindowDays', { kmsKeyDeletionWindowDays: 31 }, /kmsKeyDeletionWindowDays = 31/],
  ])('GIVEN a bad %s THEN a ValidationError names it', (_prop, options, message) => {
    expect(() => planApi(options)).toThrow(message);
  });

  test('GIVEN BLUE_GREEN THEN the listener answers a 404 to what the production rule does not take; ROLLING forwards', () => {
    expect(planApi({ deployment: { strategy: DeploymentStrategy.BLUE_GREEN } }).listener.unmatchedResponse)
      .toEqual({ statusCode: 404, contentType: 'text/plain', messageBody: 'Not found' });
    expect(planApi({}).listener.unmatchedResponse).toBeUndefined();
  });
});
