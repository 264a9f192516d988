import fc from 'fast-check';
import { issuesOf, row, worst } from './helpers';
import { RemovalPolicy } from '../../../src/core/blocks/common';
import { apiLogBucket, DeploymentStrategy, ComputeKind, ListenerProtocol, planLoadBalancedApi, SubnetKind } from '../../../src/core/blocks/load-balanced-api';
import {
  DnsRoutingPolicy, GatewayIntegration, GatewayServiceOptions, MicroserviceGatewayOptions, microserviceGatewayNotes, microserviceGatewayTopologyOf,
  NamespaceKind, normalisePathPrefix, planMicroserviceGateway, routeKeysFor, routeThrottle, SERVICE_DATABASE_DEFAULTS, sizeMicroserviceGateway,
  smallestPassingLimit,
} from '../../../src/core/blocks/microservice-gateway';
import * as catalog from '../../../src/core/catalog';
import { ValidationError } from '../../../src/core/errors';
import { Scenario, Verdict } from '../../../src/core/sizing/report';

const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc123';

const ORDERS: GatewayServiceOptions = { name: 'orders' };

const JWT = { issuerUrl: ISSUER, audiences: ['client-1'] };

/**
 * Plans a gateway guarded by a JWT authorizer unless the options name their own: routes require
 * authorization by default, so most tests, about other things, give the gateway an authorizer.
 */
function gateway(options: MicroserviceGatewayOptions) {
  return planMicroserviceGateway(options.jwtAuthorizer === undefined ? { ...options, jwtAuthorizer: JWT } : options);
}

describe('planMicroserviceGateway defaults', () => {
  test('GIVEN one service WHEN planned THEN an HTTP API reaches it through a VPC link and an internal ALB', () => {
    // WHEN
    const plan = gateway({ services: [ORDERS] });
    // THEN
    expect(plan).toMatchObject({
      kind: 'MicroserviceGateway',
      name: 'gateway',
      path: 'gateway',
      integration: GatewayIntegration.INTERNAL_ALB,
      azCount: 3,
      vpcLinkPrivateSubnets: true,
      accountThrottleRps: 10_000,
      accountBurst: 5000,
    });
    expect(plan.api).toEqual({
      stageName: '$default',
      autoDeploy: true,
      accessLogs: true,
      accessLogRetentionDays: 365,
      defaultThrottle: { rateLimit: 10_000, burstLimit: 5000 },
    });
    expect(plan.internalLoadBalancer).toEqual({
      listenerPort: 80,
      listenerProtocol: ListenerProtocol.HTTP,
      idleTimeoutSeconds: 60,
      dropInvalidHeaderFields: true,
      accessLogs: true,
      logBucket: apiLogBucket('gateway'),
      ingressFromVpcLinkOnly: true,
      defaultService: undefined,
      unmatchedResponse: { statusCode: 404, contentType: 'application/json', messageBody: '{"message":"Not Found"}' },
    });
    expect(plan.internalLoadBalancer!.logBucket).toMatchObject({ blockPublicAccess: true, enforceTls: true, removalPolicy: RemovalPolicy.RETAIN });
    expect(plan.namespace).toEqual({ name: 'gateway.internal', kind: NamespaceKind.HTTP });
    expect(plan.jwtAuthorizer).toEqual({ ...JWT, identitySource: '$request.header.Authorization' });
  });

  test('GIVEN one service WHEN planned THEN it has its route keys, Service Connect, timeouts, throttle and circuit breaker', () => {
    const s = gateway({ services: [ORDERS] }).services[0];
    expect(s).toMatchObject({
      name: 'orders',
      pathPrefix: '/orders',
      routeKeys: ['ANY /orders', 'ANY /orders/{proxy+}'],
      deployment: expect.objectContaining({ strategy: DeploymentStrategy.ROLLING, circuitBreaker: true }),
      ecsService: expect.objectContaining({ containerName: 'orders', logRetentionDays: 365, healthCheckGracePeriodSeconds: 60 }),
      requireAuthorization: true,
      authorizationScopes: [],
      requestShare: 1,
      queueSubscriptions: [],
    });
    expect(s.serviceConnect).toEqual({
      discoveryName: 'orders',
      clientAliasDnsName: 'orders',
      clientAliasPort: 80,
      portName: 'http',
      appProtocol: 'http',
      perRequestTimeoutSeconds: 15,
      logStreamPrefix: 'service-connect',
      idleTimeoutSeconds: 300,
    });
    expect(s.integration).toEqual({ kind: GatewayIntegration.INTERNAL_ALB, timeoutMs: 30_000, albRulePriority: 10, albPathPatterns: ['/orders', '/orders/*'] });
    expect(s.containerHealthCheck).toBeUndefined();
    expect(s.database).toBeUndefined();
    expect(s.compute).toMatchObject({ kind: ComputeKind.FARGATE, cpu: 1024, memoryMiB: 2048 });
    expect(s.deployment).toEqual({
      strategy: DeploymentStrategy.ROLLING,
      circuitBreaker: true,
      rollback: true,
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      bakeTimeMinutes: undefined,
    });
    expect(s.targetGroup).toMatchObject({ protocol: 'HTTP', port: 80, targetType: 'ip', algorithmType: 'least_outstanding_requests' });
    expect(s.taskSubnets).toBe(SubnetKind.PRIVATE);
    expect(s.scaling).toMatchObject({ desiredCountOnCreateOnly: true, requestsPerSecondPerTarget: 125, requestCountPerTargetPerMinute: 7500 });
  });

  test('GIVEN CLOUD_MAP WHEN planned THEN no target group and CPU target tracking only (no request-count metric without one)', () => {
    const plan = gateway({ integration: GatewayIntegration.CLOUD_MAP, services: [ORDERS] });
    const s = plan.services[0];
    expect(s.targetGroup).toBeUndefined();
    expect(s.scaling.requestsPerSecondPerTarget).toBeUndefined();
    expect(s.scaling.requestCountPerTargetPerMinute).toBeUndefined();
    expect(plan.assumed.map((a) => a.prop)).not.toContain('gateway.services.orders.scaling.requestsPerSecondPerTarget');
    expect(microserviceGatewayTopologyOf(plan).services[0].fleet.requestsPerSecondPerTarget).toBeUndefined();
  });

  test('GIVEN Service Connect defaults WHEN planned THEN they come from the catalog', () => {
    const s = gateway({ services: [ORDERS] }).services[0];
    expect(s.serviceConnect.perRequestTimeoutSeconds).toBe(catalog.QUOTAS.ecs.serviceConnectPerRequestTimeoutDefaultSeconds.value);
    expect(s.serviceConnect.idleTimeoutSeconds).toBe(catalog.QUOTAS.ecs.serviceConnectIdleTimeoutDefaultSeconds.value);
  });

  test('GIVEN a peak WHEN planned THEN each service resolves exactly as a LoadBalancedApi with its share of it', () => {
    const plan = gateway({ services: [ORDERS, { name: 'users' }], load: { peakRequestsPerSecond: 3000 } });
    const api = planLoadBalancedApi({ name: 'orders', load: { peakRequestsPerSecond: 1500 }, internetFacing: false });
    expect(plan.services[0].scaling).toEqual(api.scaling);
    expect(plan.services[0].load).toEqual(api.load);
    expect(plan.services.map((s) => s.requestShare)).toEqual([0.5, 0.5]);
  });

  test('GIVEN no shares WHEN planned THEN equal shares are assumed, and given shares leave the rest to the others', () => {
    const equal = gateway({ services: [ORDERS, { name: 'users' }] });
    expect(equal.assumed.find((a) => a.prop === 'gateway.services.orders.load.requestShare')).toMatchObject({ value: '0.5' });
    const some = gateway({ services: [{ name: 'a', load: { requestShare: 0.6 } }, { name: 'b' }, { name: 'c' }] });
    expect(some.services.map((s) => s.requestShare)).toEqual([0.6, 0.2, 0.2].map((x) => expect.closeTo(x, 10)));
    expect(some.assumed.map((a) => a.prop)).not.toContain('gateway.services.a.load.requestShare');
  });

  test('GIVEN a peak WHEN planned THEN the route throttle sheds load at 90 % of what max tasks carry', () => {
    const plan = gateway({ services: [ORDERS], load: { peakRequestsPerSecond: 1000 } });
    const s = plan.services[0];
    expect(s.throttle.rateLimit).toBe(Math.floor(s.scaling.maxTasks * s.load.requestsPerSecondPerTask * 0.9));
    expect(s.throttle.burstLimit).toBe(Math.min(5000, Math.ceil(s.throttle.rateLimit)));
    // The two route keys (each its own bucket at API Gateway) add up to the service's limits, not twice them.
    const sum = (k: 'rateLimit' | 'burstLimit') => plan.routes.reduce((a, r) => a + r.throttle[k], 0);
    expect(plan.routes).toHaveLength(2);
    expect(sum('rateLimit')).toBe(s.throttle.rateLimit);
    expect(sum('burstLimit')).toBe(s.throttle.burstLimit);
    expect(Math.abs(plan.routes[0].throttle.rateLimit - plan.routes[1].throttle.rateLimit)).toBeLessThanOrEqual(1);
    expect(plan.assumed.map((a) => a.prop)).toContain('gateway.services.orders.throttle.rateLimit');
  });

  test('GIVEN a huge service WHEN planned THEN the default throttle stays within the account throttle', () => {
    const plan = gateway({ services: [{ name: 'big', scaling: { fixedTasks: 900 } }] });
    expect(plan.services[0].throttle).toEqual({ rateLimit: 10_000, burstLimit: 5000 });
  });
});

describe('routeThrottle: the routes of a service add up to its limits', () => {
  test.each([
    [{ rateLimit: 900, burstLimit: 900 }, 2, [[450, 450], [450, 450]]],
    [{ rateLimit: 401, burstLimit: 801 }, 2, [[200, 400], [201, 401]]],
    [{ rateLimit: 1, burstLimit: 1 }, 2, [[0.5, 1], [0.5, 1]]],
    [{ rateLimit: 300, burstLimit: 600 }, 1, [[300, 600]]],
  ])('GIVEN %j over %i routes THEN the parts are %j', (service, n, parts) => {
    const got = Array.from({ length: n }, (_, k) => routeThrottle(service, k, n)).map((t) => [t.rateLimit, t.burstLimit]);
    expect(got).toEqual(parts);
    expect(got.reduce((a, [r]) => a + r, 0)).toBe(service.rateLimit);
  });
});

describe('planMicroserviceGateway options', () => {
  test.each([
    ['/orders/*', '/orders'],
    ['/orders/', '/orders'],
    ['/a/b', '/a/b'],
    ['/', '/'],
    ['/*', '/'],
    ['x', undefined],
    ['/a b', undefined],
    ['/a//b', undefined],
    [42, undefined],
  ])('normalisePathPrefix(%j) = %j', (given, expected) => {
    expect(normalisePathPrefix(given)).toBe(expected);
  });

  test('GIVEN a root service WHEN planned THEN it takes the $default route and the listener default action', () => {
    const plan = gateway({ services: [{ name: 'web', pathPrefix: '/' }, ORDERS, { name: 'items', pathPrefix: '/orders/items' }] });
    expect(routeKeysFor('/')).toEqual(['$default']);
    expect(plan.services[0]).toMatchObject({ routeKeys: ['$default'], integration: { albRulePriority: undefined, albPathPatterns: [] } });
    expect(plan.internalLoadBalancer!.defaultService).toBe('web');
    // The longer prefix is matched first.
    expect(plan.services[2].integration.albRulePriority).toBeLessThan(plan.services[1].integration.albRulePriority!);
    expect(plan.routes.map((r) => r.routeKey)).toEqual(['$default', 'ANY /orders', 'ANY /orders/{proxy+}', 'ANY /orders/items', 'ANY /orders/items/{proxy+}']);
  });

  test('GIVEN CLOUD_MAP WHEN planned THEN SRV records in a private DNS namespace and container health checks replace the ALB', () => {
    const plan = gateway({
      integration: GatewayIntegration.CLOUD_MAP,
      namespaceName: 'shop.local',
      services: [ORDERS, { name: 'users', container: { image: 'repo/users:1', port: 8080 }, containerHealthCheckCommand: ['CMD', '/bin/health'] }],
    });
    expect(plan.internalLoadBalancer).toBeUndefined();
    expect(plan.namespace).toEqual({ name: 'shop.local', kind: NamespaceKind.PRIVATE_DNS });
    expect(plan.services[0].integration).toEqual({
      kind: GatewayIntegration.CLOUD_MAP,
      timeoutMs: 30_000,
      cloudMapServiceName: 'orders-api',
      dnsRecordType: 'SRV',
      dnsRoutingPolicy: DnsRoutingPolicy.MULTIVALUE,
      dnsTtlSeconds: 10,
    });
    expect(plan.services[0].containerHealthCheck).toEqual({
      command: ['CMD-SHELL', 'wget -q -O /dev/null http://localhost:80/ || exit 1'], intervalSeconds: 15, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 30,
    });
    expect(plan.services[1].containerHealthCheck!.command).toEqual(['CMD', '/bin/health']);
    expect(plan.services[1].serviceConnect.clientAliasPort).toBe(8080);
  });

  test('GIVEN a JWT authorizer WHEN planned THEN every route is authorized unless its service opts out', () => {
    const plan = gateway({
      jwtAuthorizer: { issuerUrl: ISSUER, audiences: ['client-1'] },
      services: [{ ...ORDERS, authorizationScopes: ['orders/read'] }, { name: 'health', requireAuthorization: false }],
    });
    expect(plan.jwtAuthorizer).toEqual({ issuerUrl: ISSUER, audiences: ['client-1'], identitySource: '$request.header.Authorization' });
    expect(plan.routes.map((r) => [r.routeKey, r.authorized, r.authorizationScopes])).toEqual([
      ['ANY /orders', true, ['orders/read']], ['ANY /orders/{proxy+}', true, ['orders/read']],
      ['ANY /health', false, []], ['ANY /health/{proxy+}', false, []],
    ]);
  });

  test('GIVEN timeouts and throttles WHEN planned THEN each is honoured', () => {
    const s = gateway({
      accountThrottleRps: 20_000,
      accountBurst: 8000,
      services: [{
        ...ORDERS,
        integrationTimeoutSeconds: 2.5,
        throttle: { rateLimit: 12_000, burstLimit: 6000 },
        serviceConnect: { perRequestTimeoutSeconds: 5, idleTimeoutSeconds: 60 },
        queueSubscriptions: ['video', 'mail'],
      }],
    }).services[0];
    expect(s.integration.timeoutMs).toBe(2500);
    expect(s.throttle).toEqual({ rateLimit: 12_000, burstLimit: 6000 });
    expect(s.serviceConnect).toMatchObject({ perRequestTimeoutSeconds: 5, idleTimeoutSeconds: 60 });
    expect(s.queueSubscriptions).toEqual(['video', 'mail']);
  });

  test('GIVEN a database WHEN planned THEN it is a small ReplicatedDatabase of the service, overridable', () => {
    const plan = gateway({ name: 'shop', services: [{ ...ORDERS, database: {} }, { name: 'users', database: { readers: 1, instanceClass: 'db.r7g.large' } }] });
    const small = plan.services[0].database!;
    expect(small).toMatchObject({
      name: 'orders-db',
      path: 'shop/orders-db',
      instanceClass: SERVICE_DATABASE_DEFAULTS.instanceClass,
      readers: 0,
      allowedClients: ['orders'],
      azCount: 3,
    });
    expect(plan.services[1].database).toMatchObject({ readers: 1, instanceClass: 'db.r7g.large' });
    expect(plan.assumed.map((a) => a.prop)).toContain('shop.services.orders.database.load.readsPerSecondPerVcpu');
  });

  test('GIVEN a database pool size WHEN planned THEN the service\'s max tasks hold the pools', () => {
    const options = { services: [{ ...ORDERS, scaling: { minTasks: 3, maxTasks: 9 }, database: { load: { poolSize: 10 } } }] };
    const s = gateway(options).services[0];
    expect(s.database!.load.connections).toBe(90);
  });
});

describe('planMicroserviceGateway removal policy', () => {
  test('GIVEN no removal policy WHEN planned THEN the key and log groups are retained', () => {
    expect(gateway({ services: [ORDERS] }).removalPolicy).toBe(RemovalPolicy.RETAIN);
  });

  test('GIVEN DESTROY WHEN planned THEN the plan says so', () => {
    expect(gateway({ services: [ORDERS], removalPolicy: RemovalPolicy.DESTROY }).removalPolicy).toBe(RemovalPolicy.DESTROY);
  });

  test('GIVEN SNAPSHOT WHEN planned THEN a ValidationError names removalPolicy (a key and log groups have no snapshot)', () => {
    expect(issuesOf(() => gateway({ services: [ORDERS], removalPolicy: RemovalPolicy.SNAPSHOT })).map((i) => i.prop)).toEqual(['removalPolicy']);
  });
});

describe('planMicroserviceGateway authorization: routes are never public by default', () => {
  test('GIVEN no jwtAuthorizer and services that say nothing WHEN planned THEN one ValidationError names both ways out for each service', () => {
    const issues = issuesOf(() => planMicroserviceGateway({ services: [ORDERS, { name: 'users' }] }));
    const auth = issues.filter((i) => i.prop.endsWith('.requireAuthorization'));
    expect(auth.map((i) => i.prop)).toEqual(['services[0].requireAuthorization', 'services[1].requireAuthorization']);
    for (const i of auth) expect(i.allowed).toMatch(/^false to make this service's routes public by explicit choice; otherwise give the gateway a jwtAuthorizer/);
  });

  test('GIVEN no jwtAuthorizer and requireAuthorization true WHEN planned THEN it is rejected too', () => {
    const issues = issuesOf(() => planMicroserviceGateway({ services: [{ name: 'orders', requireAuthorization: true }] }));
    expect(issues.map((i) => i.prop)).toEqual(['services[0].requireAuthorization']);
  });

  test('GIVEN a jwtAuthorizer WHEN planned THEN every route is authorized and no service is noted public', () => {
    const plan = gateway({ services: [ORDERS, { name: 'users' }] });
    expect(plan.routes.map((r) => r.authorized)).toEqual([true, true, true, true]);
    expect(microserviceGatewayNotes(plan).join('\n')).not.toMatch(/public/);
  });

  test.each([
    ['without an authorizer', undefined],
    ['beside an authorizer', { issuerUrl: ISSUER, audiences: ['client-1'] }],
  ])('GIVEN requireAuthorization false %s WHEN planned THEN only that service is public, and the notes say so', (_, jwtAuthorizer) => {
    const plan = planMicroserviceGateway({
      jwtAuthorizer, services: [{ name: 'status', requireAuthorization: false }, ...(jwtAuthorizer ? [ORDERS] : [])],
    });
    expect(plan.routes.filter((r) => !r.authorized).map((r) => r.service)).toEqual(['status', 'status']);
    expect(plan.routes.filter((r) => r.authorized).map((r) => r.service)).toEqual(jwtAuthorizer ? ['orders', 'orders'] : []);
    const notes = microserviceGatewayNotes(plan);
    expect(notes.filter((n) => /public/.test(n))).toEqual([
      'gateway/status: its routes are public, reachable from the internet without authorization (requireAuthorization false, set in the spec)',
    ]);
  });
});

describe('planMicroserviceGateway validation', () => {
  test.each<[string, MicroserviceGatewayOptions, string, RegExp]>([
    ['no services', { services: [] }, 'services', /non-empty list/],
    ['services that are no list', { services: 'orders' as unknown as GatewayServiceOptions[] }, 'services', /non-empty list/],
    ['a service that is no object', { services: [42 as unknown as GatewayServiceOptions] }, 'services[0]', /service object/],
    ['a bad service name', { services: [{ name: 'Orders' }] }, 'services[0].name', /lower-case/],
    ['duplicate names', { services: [ORDERS, { name: 'orders', pathPrefix: '/o2' }] }, 'services[1].name', /unique/],
    ['duplicate prefixes', { services: [ORDERS, { name: 'b', pathPrefix: '/orders/*' }] }, 'services[1].pathPrefix', /unique/],
    ['a bad prefix', { services: [{ name: 'a', pathPrefix: 'orders' }] }, 'services[0].pathPrefix', /a path such as \/orders/],
    ['an EC2 service', { services: [{ name: 'a', compute: { kind: ComputeKind.EC2 } }] }, 'services[0].compute.kind', /FARGATE/],
    ['a bad Fargate cpu (from the LoadBalancedApi rules)', { services: [{ name: 'a', compute: { cpu: 3 } }] }, 'services[0].compute.cpu', /256, 512/],
    ['blue/green on Cloud Map', { integration: GatewayIntegration.CLOUD_MAP, services: [{ name: 'a', deployment: { strategy: DeploymentStrategy.BLUE_GREEN } }] },
      'services[0].deployment.strategy', /ROLLING with CLOUD_MAP/],
    ['a rate above the account throttle', { services: [{ name: 'a', throttle: { rateLimit: 10_001 } }] }, 'services[0].throttle.rateLimit', /at most 10,000/],
    ['a burst above the account burst', { services: [{ name: 'a', throttle: { burstLimit: 5001 } }] }, 'services[0].throttle.burstLimit', /from 1 to 5,000/],
    ['an integration timeout above 30 s', { services: [{ name: 'a', integrationTimeoutSeconds: 31 }] }, 'services[0].integrationTimeoutSeconds', /from 0.05 to 30/],
    ['an integration timeout below 50 ms', { services: [{ name: 'a', integrationTimeoutSeconds: 0.01 }] }, 'services[0].integrationTimeoutSeconds', /from 0.05 to 30/],
    ['an idle timeout below the request timeout', { services: [{ name: 'a', serviceConnect: { perRequestTimeoutSeconds: 30, idleTimeoutSeconds: 10 } }] },
      'services[0].serviceConnect.idleTimeoutSeconds', /at least serviceConnect.perRequestTimeoutSeconds \(30 s\)/],
    ['a negative request timeout', { services: [{ name: 'a', serviceConnect: { perRequestTimeoutSeconds: -1 } }] },
      'services[0].serviceConnect.perRequestTimeoutSeconds', /^an integer from 0 to 2,147,483,647 s$/],
    ['a fractional idle timeout', { services: [{ name: 'a', serviceConnect: { idleTimeoutSeconds: 1.5 } }] },
      'services[0].serviceConnect.idleTimeoutSeconds', /^an integer from 0 to 2,147,483,647 s$/],
    ['a request-count target with CLOUD_MAP', { integration: GatewayIntegration.CLOUD_MAP, services: [{ name: 'a', scaling: { requestsPerSecondPerTarget: 100 } }] },
      'services[0].scaling.requestsPerSecondPerTarget', /unset with CLOUD_MAP/],
    ['a health check interval above 300 s (from the LoadBalancedApi rules)', { services: [{ name: 'a', healthCheck: { intervalSeconds: 301 } }] },
      'services[0].healthCheck.intervalSeconds', /^an integer from 5 to 300 s$/],
    ['an http issuer', { jwtAuthorizer: { issuerUrl: 'http://issuer.example.com', audiences: ['a'] }, services: [ORDERS] }, 'jwtAuthorizer.issuerUrl', /https:\/\//],
    ['no audiences', { jwtAuthorizer: { issuerUrl: ISSUER, audiences: [] }, services: [ORDERS] }, 'jwtAuthorizer.audiences', /non-empty/],
    ['a bad identity source', { jwtAuthorizer: { issuerUrl: ISSUER, audiences: ['a'], identitySource: 'Authorization' }, services: [ORDERS] },
      'jwtAuthorizer.identitySource', /\$request.header.Authorization/],
    ['scopes without authorizer', { services: [{ name: 'a', authorizationScopes: ['x'] }] }, 'services[0].authorizationScopes', /unset without jwtAuthorizer/],
    ['bad queue names', { services: [{ name: 'a', queueSubscriptions: ['Video'] }] }, 'services[0].queueSubscriptions', /WorkQueue names/],
    ['a health command with the ALB', { services: [{ name: 'a', containerHealthCheckCommand: ['CMD', 'x'] }] }, 'services[0].containerHealthCheckCommand',
      /unset with INTERNAL_ALB/],
    ['a malformed health command', { integration: GatewayIntegration.CLOUD_MAP, services: [{ name: 'a', containerHealthCheckCommand: ['curl'] }] },
      'services[0].containerHealthCheckCommand', /CMD-SHELL/],
    ['shares that do not sum to 1', { services: [{ name: 'a', load: { requestShare: 0.5 } }, { name: 'b', load: { requestShare: 0.2 } }] }, 'services', /sum to 1/],
    ['a share above 1', { services: [{ name: 'a', load: { requestShare: 1.5 } }] }, 'services[0].load.requestShare', /fraction/],
    ['a database with too many readers', { services: [{ name: 'a', database: { readers: 99 } }] }, 'services[0].database.readers', /from 0 to 15/],
    ['an unknown integration', { integration: 'NLB' as GatewayIntegration, services: [ORDERS] }, 'integration', /INTERNAL_ALB, CLOUD_MAP/],
    ['a bad namespace', { namespaceName: 'Shop Internal', services: [ORDERS] }, 'namespaceName', /DNS name/],
    ['a zero account throttle', { accountThrottleRps: 0, services: [ORDERS] }, 'accountThrottleRps', /greater than 0/],
    ['a negative peak', { load: { peakRequestsPerSecond: -1 }, services: [ORDERS] }, 'load.peakRequestsPerSecond', /from 0 to/],
    ['a tiny utilisation bound', { sizing: { targetUtilization: 0.001 }, services: [ORDERS] }, 'sizing.targetUtilization', /at least 0.05/],
  ])('GIVEN %s WHEN planned THEN the error names the prop, the value and what is allowed', (_, options, prop, allowed) => {
    const issues = issuesOf(() => planMicroserviceGateway(options));
    const issue = issues.find((i) => i.prop === prop);
    expect(issue).toBeDefined();
    expect(issue!.allowed).toMatch(allowed);
    expect(issue!.path).toBe(options.name ?? 'gateway');
  });

  test('GIVEN bad options in several services WHEN planned THEN every failure comes in one error, nested ones under their service', () => {
    const issues = issuesOf(() => planMicroserviceGateway({
      services: [{ name: 'Bad', pathPrefix: 'x', compute: { cpu: 3 } }, { name: 'b', throttle: { rateLimit: 1e6 }, database: { readers: 99 } }],
    }));
    expect(issues.map((i) => i.prop)).toEqual(expect.arrayContaining([
      'services[0].name', 'services[0].pathPrefix', 'services[0].compute.cpu', 'services[1].throttle.rateLimit', 'services[1].database.readers',
    ]));
    // An invalid name is reported once, not again by the nested LoadBalancedApi plan.
    expect(issues.filter((i) => i.prop === 'services[0].name')).toHaveLength(1);
  });
});

describe('sizeMicroserviceGateway', () => {
  test('GIVEN a default plan for a declared peak WHEN sized THEN the gateway, route and fleet rows pass', () => {
    const plan = gateway({ name: 'shop', services: [ORDERS, { name: 'users' }], load: { peakRequestsPerSecond: 2000 } });
    const rows = sizeMicroserviceGateway(plan);
    expect(rows.every((r) => r.verdict === Verdict.PASS)).toBe(true);
    expect(row(rows, 'account throttle', Scenario.LIMIT)).toMatchObject({ demand: 2000, capacity: 10_000 });
    expect(row(rows, 'routes', Scenario.LIMIT)).toMatchObject({ demand: 4, capacity: 300 });
    expect(row(rows, 'ALB rules', Scenario.LIMIT)).toMatchObject({ demand: 2, capacity: catalog.QUOTAS.elb.albRulesPerLoadBalancer.value });
    expect(row(rows, 'route throttle /orders', Scenario.LIMIT)).toMatchObject({ demand: 1000 });
    expect(row(rows, 'api tasks', Scenario.NORMAL, 'shop/orders').demand).toBe(1000);
    expect(row(rows, 'api tasks', Scenario.AZ_LOSS, 'shop/users').verdict).toBe(Verdict.PASS);
    expect(row(rows, 'targets per target group', Scenario.LIMIT, 'shop/orders').verdict).toBe(Verdict.PASS);
  });

  test('GIVEN a peak above the account throttle WHEN sized THEN the row fails and asks for the exact quota', () => {
    const plan = gateway({ services: [ORDERS], load: { peakRequestsPerSecond: 12_000 } });
    const r = row(sizeMicroserviceGateway(plan), 'account throttle', Scenario.LIMIT);
    expect(r.verdict).toBe(Verdict.FAIL);
    expect(r.fix).toBe('request the API Gateway quota "Throttle quota per account, per Region across HTTP APIs, REST APIs, WebSocket APIs, '
      + 'and WebSocket callback APIs" (Service Quotas L-8A5B8E43) of >= 13,334 requests/s in the Region, then declare it '
      + '(quotas.apiGateway.accountThrottleRps: 13334; the gateway\'s accountThrottleRps defaults to the declared quota)');
  });

  test('GIVEN a declared account throttle WHEN planned THEN accountThrottleRps defaults to it and the throttle row reads it', () => {
    const declared = { 'apiGateway.accountThrottleRps': 13_334 };
    const plan = planMicroserviceGateway({ services: [ORDERS], jwtAuthorizer: JWT, load: { peakRequestsPerSecond: 12_000 } }, { quotas: declared });
    expect(plan.accountThrottleRps).toBe(13_334);
    expect(plan.api.defaultThrottle.rateLimit).toBe(13_334);
    const r = row(sizeMicroserviceGateway(plan, {}, undefined, { region: 'us-east-1', quotas: declared }), 'account throttle', Scenario.LIMIT);
    expect(r).toMatchObject({ verdict: Verdict.PASS, capacity: 13_334 });
    // Without the declaration the same options keep the catalog's default.
    expect(planMicroserviceGateway({ services: [ORDERS], jwtAuthorizer: JWT }).accountThrottleRps).toBe(10_000);
  });

  test('GIVEN accountThrottleRps above the declared account throttle WHEN planned THEN one error names both; at or below it is kept', () => {
    const declared = { quotas: { 'apiGateway.accountThrottleRps': 15_000 } };
    const issues = issuesOf(() => planMicroserviceGateway({ services: [ORDERS], jwtAuthorizer: JWT, accountThrottleRps: 15_001 }, declared));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ prop: 'accountThrottleRps', value: '15001' });
    expect(issues[0].allowed).toContain('at most 15,000 requests/s');
    expect(issues[0].allowed).toContain('quotas.apiGateway.accountThrottleRps: 15000');
    expect(planMicroserviceGateway({ services: [ORDERS], jwtAuthorizer: JWT, accountThrottleRps: 15_000 }, declared).accountThrottleRps).toBe(15_000);
    expect(planMicroserviceGateway({ services: [ORDERS], jwtAuthorizer: JWT, accountThrottleRps: 8_000 }, declared).accountThrottleRps).toBe(8_000);
  });

  test('GIVEN a route throttle below its demand WHEN sized THEN the row fails with the exact rate, and the rate passes', () => {
    const at = (rate: number) => row(sizeMicroserviceGateway(gateway({
      services: [{ ...ORDERS, throttle: { rateLimit: rate } }], load: { peakRequestsPerSecond: 1000 },
    })), 'route throttle /orders', Scenario.LIMIT);
    const r = at(500);
    expect(r.verdict).toBe(Verdict.FAIL);
    expect(r.fix).toBe('set services[0].throttle.rateLimit >= 1,112');
    expect(at(1112).verdict).toBe(Verdict.PASS);
    expect(at(1111).verdict).not.toBe(Verdict.PASS);
  });

  test('GIVEN a demand whose quotient by 0.9 rounds up in floating point WHEN sized THEN the throttle fixes are still the smallest passing', () => {
    // 21 x 0.9 = 18.900000000000002: 18.900000000000002 / 0.9 = 21.000000000000004, so ceil() said 22, but 21 passes
    const peak = 21 * 0.9;
    const at = (rate: number) => row(sizeMicroserviceGateway(gateway({
      services: [{ ...ORDERS, throttle: { rateLimit: rate } }], load: { peakRequestsPerSecond: peak },
    })), 'route throttle /orders', Scenario.LIMIT);
    expect(at(1).fix).toBe('set services[0].throttle.rateLimit >= 21');
    expect(at(21).verdict).toBe(Verdict.PASS);
    expect(at(20).verdict).not.toBe(Verdict.PASS);
    expect(smallestPassingLimit(peak, 0.9)).toBe(21);
    expect(smallestPassingLimit(12_000, 0.9)).toBe(13_334);
    expect(smallestPassingLimit(9000, 0.9)).toBe(10_000);
    expect(smallestPassingLimit(0, 0.9)).toBe(1);
  });

  test('GIVEN a service with a request-count target WHEN sized THEN its fleet rows use it and name the service\'s props', () => {
    // 1000 requests/s at 50 per task -> 20 tasks at peak, above maxTasks 9 (a day-long ramp: the scale-out row keeps up)
    const plan = gateway({
      services: [{ ...ORDERS, load: { ...ORDERS.load, rampSeconds: 86_400 }, scaling: { minTasks: 3, maxTasks: 9, requestsPerSecondPerTarget: 50 } }],
      load: { peakRequestsPerSecond: 1000 },
    });
    const rows = sizeMicroserviceGateway(plan);
    expect(rows.find((r) => r.block === 'gateway/orders' && r.resource === 'auto scaling' && r.verdict === Verdict.FAIL)?.fix)
      .toBe('set services[0].scaling.maxTasks >= 20 (tasks of 1 vCPU / 2 GiB)');
    expect(rows.find((r) => r.block === 'gateway/orders' && r.metric === '% CPU')?.verdict).toBe(Verdict.PASS);
  });

  test('GIVEN a service CPU target too high for its AZs WHEN sized THEN the static-stability row fails naming the service\'s prop', () => {
    const plan = gateway({ services: [{ ...ORDERS, scaling: { targetCpuUtilization: 0.8 } }], load: { peakRequestsPerSecond: 100 } });
    const rule = sizeMicroserviceGateway(plan).find((r) => r.block === 'gateway/orders' && r.metric === '% CPU');
    expect(rule).toMatchObject({ verdict: Verdict.FAIL, fix: expect.stringMatching(/^lower services\[0\]\.scaling\.targetCpuUtilization to <= 0\.54 or services\[0\]\.scaling\.requestsPerSecondPerTarget to <= 135/) });
  });

  test('GIVEN too few tasks for a service WHEN sized THEN its fleet row fails with a fix naming the service\'s prop', () => {
    const plan = gateway({ services: [{ ...ORDERS, scaling: { minTasks: 3, maxTasks: 3 } }], load: { peakRequestsPerSecond: 2000 } });
    const rows = sizeMicroserviceGateway(plan);
    const scaling = rows.find((r) => r.block === 'gateway/orders' && r.resource === 'auto scaling' && r.verdict === Verdict.FAIL);
    // one fix for the service's tasks (its AZ-loss row off-peak needs a higher minimum too), naming the service's props
    expect(scaling?.fix).toMatch(/^set services\[0\]\.scaling\.minTasks >= \d+ and services\[0\]\.scaling\.maxTasks >= \d+/);
    expect(row(rows, 'api tasks', Scenario.NORMAL, 'gateway/orders').verdict).toBe(Verdict.FAIL);
    expect(row(rows, 'api tasks', Scenario.NORMAL, 'gateway/orders').fix).toBe(scaling?.fix);
  });

  test('GIVEN services on the shared internal ALB WHEN sized THEN their targets add up, with one deploy\'s surge, against the ALB quota', () => {
    const plan = gateway({
      services: [{ ...ORDERS, scaling: { minTasks: 3, maxTasks: 300 } }, {
        name: 'users',
        scaling: { minTasks: 3, maxTasks: 200 },
        deployment: { strategy: DeploymentStrategy.BLUE_GREEN },
      }],
    });
    const rows = sizeMicroserviceGateway(plan);
    // 300 + 200 steady, plus the larger surge of one deploy (300 x 100 % = 300, or 200 for the green fleet): 800 of 1,000
    expect(row(rows, 'ALB targets', Scenario.LIMIT)).toMatchObject({ demand: 800, capacity: 1000, verdict: Verdict.PASS });
    // A blue/green service holds two target groups
    expect(row(rows, 'ALB target groups', Scenario.LIMIT).demand).toBe(3);
    const more = sizeMicroserviceGateway(gateway({
      services: [{ ...ORDERS, scaling: { minTasks: 3, maxTasks: 400 } }, { name: 'users', scaling: { minTasks: 3, maxTasks: 200 } }],
    }));
    expect(row(more, 'ALB targets', Scenario.LIMIT)).toMatchObject({ demand: 1000, verdict: Verdict.WARN });
  });

  test('GIVEN no service with the circuit breaker WHEN sized THEN the fix names each service', () => {
    const plan = gateway({ services: [{ ...ORDERS, deployment: { circuitBreaker: false } }, { name: 'users', deployment: { circuitBreaker: false } }] });
    expect(row(sizeMicroserviceGateway(plan), 'deployments', Scenario.LIMIT).fix).toBe('set deployment.circuitBreaker true on services[0], services[1]');
  });

  test('GIVEN CLOUD_MAP WHEN sized THEN no ALB or target-group rows appear', () => {
    const rows = sizeMicroserviceGateway(gateway({ integration: GatewayIntegration.CLOUD_MAP, services: [ORDERS] }));
    expect(rows.some((r) => r.resource.startsWith('ALB') || r.resource.startsWith('targets'))).toBe(false);
  });

  test('GIVEN service databases WHEN sized THEN each is sized as a ReplicatedDatabase, 0 readers WARN, and instances add up', () => {
    const plan = gateway({ name: 'shop', services: [{ ...ORDERS, database: {} }, { name: 'users', database: { readers: 1 } }] });
    const rows = sizeMicroserviceGateway(plan);
    expect(rows.some((r) => r.block === 'shop/orders-db' && r.verdict === Verdict.WARN && /no reader/.test(r.reason))).toBe(true);
    expect(row(rows, 'service DB instances', Scenario.LIMIT)).toMatchObject({ demand: 3, capacity: catalog.QUOTAS.rds.dbInstancesPerRegion.value });
  });

  test('GIVEN services without the circuit breaker WHEN sized THEN a WARN row and notes say so', () => {
    const plan = gateway({ services: [{ ...ORDERS, deployment: { circuitBreaker: false } }] });
    expect(row(sizeMicroserviceGateway(plan), 'deployments', Scenario.LIMIT).verdict).toBe(Verdict.WARN);
    expect(microserviceGatewayNotes(plan).join('\n')).toMatch(/circuit breaker is off/);
  });

  test('GIVEN a topology read back from a template WHEN sized THEN its counts and rate limits are used', () => {
    const plan = gateway({ services: [ORDERS], load: { peakRequestsPerSecond: 1000 } });
    const t = microserviceGatewayTopologyOf(plan);
    const rows = sizeMicroserviceGateway(plan, {}, { ...t, services: [{ ...t.services[0], rateLimit: 100 }] });
    expect(row(rows, 'route throttle /orders', Scenario.LIMIT).verdict).toBe(Verdict.FAIL);
  });

  test('GIVEN the notes WHEN read THEN Service Connect circuit breaking is stated honestly', () => {
    const notes = microserviceGatewayNotes(gateway({ services: [ORDERS] })).join('\n');
    expect(notes).toMatch(/outlier detection/);
    expect(notes).toMatch(/plain HTTP inside the VPC/);
    expect(microserviceGatewayNotes(gateway({ integration: GatewayIntegration.CLOUD_MAP, services: [ORDERS] })).join('\n'))
      .toMatch(/container health check/);
  });
});

describe('properties', () => {
  const garbage = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }),
    fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }));
  const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
  const mostly = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: a }, { weight: 1, arbitrary: garbage });
  const int = (min: number, max: number) => mostly(fc.integer({ min, max }));
  /** Mostly absent: options whose combinations rarely agree (shares, prefixes). */
  const rare = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: a });
  const arbService = fc.record({
    name: mostly(fc.constantFrom('orders', 'users', 'items', 'mail', 'Bad')),
    pathPrefix: rare(mostly(fc.constantFrom('/orders/*', '/', '/x/y', 'nope'))),
    compute: rare(mostly(fc.record({ cpu: opt(mostly(fc.constantFrom(512, 1024, 2048, 3))), memoryMiB: opt(fc.constantFrom(4096)) }))),
    scaling: opt(mostly(fc.record({
      minTasks: opt(int(1, 20)),
      maxTasks: opt(int(10, 60)),
      targetCpuUtilization: rare(mostly(fc.double({ min: 0.05, max: 0.99, noNaN: true }))),
      requestsPerSecondPerTarget: rare(mostly(fc.integer({ min: 0, max: 500 }))),
    }))),
    deployment: rare(mostly(fc.record({
      strategy: opt(fc.constantFrom(DeploymentStrategy.ROLLING, DeploymentStrategy.BLUE_GREEN)), circuitBreaker: opt(fc.boolean()),
    }))),
    throttle: opt(mostly(fc.record({ rateLimit: opt(int(1, 12_000)), burstLimit: opt(int(1, 6000)) }))),
    integrationTimeoutSeconds: rare(mostly(fc.double({ min: 0.04, max: 31, noNaN: true }))),
    serviceConnect: opt(mostly(fc.record({ perRequestTimeoutSeconds: opt(int(0, 100)), idleTimeoutSeconds: opt(int(0, 400)) }))),
    database: opt(mostly(fc.record({ readers: opt(int(0, 16)) }))),
    queueSubscriptions: rare(mostly(fc.uniqueArray(fc.constantFrom('video', 'mail', 'X'), { maxLength: 2 }))),
    load: opt(mostly(fc.record({
      requestShare: rare(mostly(fc.double({ min: 0, max: 1.2, noNaN: true }))), requestsPerSecondPerTask: opt(int(1, 2000)),
    }))),
  }, { requiredKeys: ['name'] });
  const arbOptions = fc.record({
    name: opt(mostly(fc.constantFrom('gateway', 'shop'))),
    services: mostly(fc.uniqueArray(arbService, { minLength: 0, maxLength: 3, selector: (x) => x.name })),
    integration: opt(mostly(fc.constantFrom(GatewayIntegration.INTERNAL_ALB, GatewayIntegration.CLOUD_MAP))),
    azCount: opt(int(2, 7)),
    jwtAuthorizer: rare(mostly(fc.record({ issuerUrl: mostly(fc.constantFrom(ISSUER, 'http://x')), audiences: mostly(fc.array(fc.constantFrom('a', 'b', ''), { minLength: 1, maxLength: 2 })) }))),
    load: opt(mostly(fc.record({ peakRequestsPerSecond: opt(mostly(fc.double({ min: 0, max: 20_000, noNaN: true }))) }))),
    sizing: rare(mostly(fc.record({ targetUtilization: opt(mostly(fc.double({ min: 0.01, max: 1.05, noNaN: true }))) }))),
  }, { requiredKeys: ['services'] });

  test('arbitrary options either plan (and size without throwing) or throw a ValidationError', () => {
    let planned = 0;
    fc.assert(fc.property(arbOptions, (options) => {
      let plan;
      try {
        plan = gateway(options as MicroserviceGatewayOptions);
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return;
      }
      planned++;
      expect(sizeMicroserviceGateway(plan).length).toBeGreaterThan(0);
      microserviceGatewayNotes(plan);
    }), { numRuns: 200 });
    expect(planned).toBeGreaterThan(5);
  });

  test('any JSON-ish value as options plans or throws a ValidationError', () => {
    fc.assert(fc.property(fc.anything({ maxDepth: 3 }), (options) => {
      try {
        planMicroserviceGateway(options as MicroserviceGatewayOptions);
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
      }
    }), { numRuns: 150 });
  });

  const arbGateway = fc.record({
    peak: fc.double({ min: 0, max: 15_000, noNaN: true }),
    tasks: fc.integer({ min: 2, max: 30 }),
    rate: fc.integer({ min: 1, max: 10_000 }),
    integration: fc.constantFrom(GatewayIntegration.INTERNAL_ALB, GatewayIntegration.CLOUD_MAP),
  });
  const planFor = (g: { peak: number; tasks: number; rate: number; integration: GatewayIntegration }, tasks = g.tasks) => gateway({
    integration: g.integration,
    services: [{ ...ORDERS, scaling: { minTasks: tasks, maxTasks: tasks * 2 }, throttle: { rateLimit: g.rate } }, { name: 'users', database: {} }],
    load: { peakRequestsPerSecond: g.peak },
  });

  test('more demand never improves a verdict', () => {
    fc.assert(fc.property(arbGateway, fc.double({ min: 0, max: 10_000, noNaN: true }), (g, extra) => {
      const plan = planFor(g);
      expect(worst(sizeMicroserviceGateway(plan, { peakRequestsPerSecond: g.peak + extra })))
        .toBeGreaterThanOrEqual(worst(sizeMicroserviceGateway(plan, { peakRequestsPerSecond: g.peak })));
    }), { numRuns: 80 });
  });

  test('more tasks never worsen a verdict', () => {
    fc.assert(fc.property(arbGateway, fc.integer({ min: 0, max: 60 }), (g, extra) => {
      expect(worst(sizeMicroserviceGateway(planFor(g, g.tasks + extra)))).toBeLessThanOrEqual(worst(sizeMicroserviceGateway(planFor(g))));
    }), { numRuns: 80 });
  });

  test('the account throttle fix is exact', () => {
    fc.assert(fc.property(fc.double({ min: 1, max: 60_000, noNaN: true }), (peak) => {
      const at = (rps: number) => row(sizeMicroserviceGateway(gateway({
        accountThrottleRps: rps, services: [ORDERS], load: { peakRequestsPerSecond: peak },
      })), 'account throttle', Scenario.LIMIT);
      const r = at(1);
      const n = Number(/>= ([\d,]+) requests/.exec(r.fix!)![1].replace(/,/g, ''));
      expect(at(n).verdict).toBe(Verdict.PASS);
      if (n > 1) expect(at(n - 1).verdict).not.toBe(Verdict.PASS);
    }), { numRuns: 80 });
  });

  test('the route throttle fix is exact', () => {
    fc.assert(fc.property(fc.double({ min: 1, max: 8000, noNaN: true }), (peak) => {
      const at = (rate: number) => row(sizeMicroserviceGateway(gateway({
        services: [{ ...ORDERS, throttle: { rateLimit: rate } }], load: { peakRequestsPerSecond: peak },
      })), 'route throttle /orders', Scenario.LIMIT);
      const r = at(1);
      if (r.verdict === Verdict.PASS) return;
      const n = Number(/>= ([\d,]+)/.exec(r.fix!)![1].replace(/,/g, ''));
      if (n > 10_000) return;
      expect(at(n).verdict).toBe(Verdict.PASS);
      if (n > 1) expect(at(n - 1).verdict).not.toBe(Verdict.PASS);
    }), { numRuns: 80 });
  });
});

describe('planMicroserviceGateway: the internal ALB answers a path no service takes', () => {
  test('GIVEN a service of prefix / THEN the listener forwards to it and answers nothing itself', () => {
    const lb = gateway({ services: [{ ...ORDERS, pathPrefix: '/' }] }).internalLoadBalancer!;
    expect(lb.defaultService).toBe('orders');
    expect(lb.unmatchedResponse).toBeUndefined();
  });
});
