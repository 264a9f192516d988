// MicroserviceGateway: planMicroserviceGateway, which validates the options and resolves the plan.
import { limits } from './internal';
import { DnsRoutingPolicy, GatewayIntegration, GatewayServiceOptions, MicroserviceGatewayOptions, NamespaceKind } from './options';
import {
  ACCESS_LOG_RETENTION_DAYS, ContainerHealthCheckPlan, DEFAULT_IDLE_TIMEOUT_SECONDS, DEFAULT_PER_REQUEST_TIMEOUT_SECONDS, GatewayNamespacePlan,
  GatewayRoutePlan, GatewayServicePlan, InternalLoadBalancerPlan, JwtAuthorizerPlan, MicroserviceGatewayPlan, RouteThrottlePlan,
  SERVICE_CONNECT_LOG_STREAM_PREFIX, SERVICE_DATABASE_DEFAULTS,
} from './plan';
import { Assumptions } from '../../assumptions';
import * as catalog from '../../catalog';
import { ValidationError, ValidationIssue } from '../../errors';
import { checkPlanInputs, PLAN_FORMAT_VERSION } from '../../inputs';
import { fmt, isPlainObject, objectOrEmpty, Rules, validOr } from '../../validation';
import {
  azCountOf, BlockKind, checkName, DEFAULT_AZS, enumValues, HTTPS_URL_PATTERN,
  MAX_AZS, MIN_AZS, NAME_ALLOWED, NAME_PATTERN, PlanContext, RemovalPolicy,
  resolveSizingPolicy, SizingBoundsOptions,
} from '../common';
import {
  apiLogBucket, ApiScalingPlan, ComputeKind, DeploymentStrategy, ListenerProtocol, LoadBalancedApiPlan, planLoadBalancedApi, SubnetKind,
} from '../load-balanced-api';
import { planReplicatedDatabase, ReplicatedDatabasePlan } from '../replicated-database';
import { ecsExecutionRole, EcsServicePlan, ecsServiceSettings } from '../shared/ecs';
import { resolveFoundation } from '../shared/foundation';
import { GATEWAY_NOT_FOUND_RESPONSE } from '../shared/listener';

/** The ECS service a gateway service plan renders: what both backends' ECS-service renderers take. */
export function ecsServiceOfGatewayService(s: GatewayServicePlan): EcsServicePlan {
  return {
    executionRole: ecsExecutionRole(s.container.image),
    compute: s.compute,
    container: s.container,
    settings: s.ecsService,
    deployment: s.deployment,
    taskCount: s.scaling,
    assignPublicIp: false,
  };
}

const PATH_SEGMENT = /^[A-Za-z0-9._~-]+$/;

const NAMESPACE = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?)*$/;

/** Normalises `/orders/*` and `/orders/` to `/orders`; undefined when not a valid prefix. */
export function normalisePathPrefix(prefix: unknown): string | undefined {
  if (typeof prefix !== 'string' || !prefix.startsWith('/') || prefix.length > 512) return undefined;
  let p = prefix.endsWith('/*') ? prefix.slice(0, -2) : prefix;
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  if (p === '' || p === '/') return '/';
  const segments = p.slice(1).split('/');
  return segments.every((s) => PATH_SEGMENT.test(s)) ? p : undefined;
}

/** Route keys of a prefix: the prefix itself and everything under it, or `$default` for `/`. */
export function routeKeysFor(prefix: string): string[] {
  return prefix === '/' ? ['$default'] : [`ANY ${prefix}`, `ANY ${prefix}/{proxy+}`];
}

/** Re-homes the issues of a nested plan under `prefix` and the gateway's path. */
function rehome(rules: Rules, error: unknown, prefix: string): void {
  if (error instanceof ValidationError) {
    const issues: ValidationIssue[] = error.issues.map((i) => ({ ...i, path: rules.path, prop: `${prefix}.${i.prop}` }));
    rules.absorb(new ValidationError(issues));
  } else {
    rules.check(prefix, '<options>', false, `options the nested plan accepts (it failed with: ${String((error as Error)?.message ?? error)})`);
  }
}

/**
 * Validates options and resolves every default of a MicroserviceGateway.
 *
 * @throws ValidationError listing every invalid prop
 */
export function planMicroserviceGateway(options: MicroserviceGatewayOptions = {}, context: PlanContext = {}): MicroserviceGatewayPlan {
  checkPlanInputs(options, context, 'gateway', 'MicroserviceGatewayOptions');
  const o = objectOrEmpty(options);
  const L = limits();
  const name = o.name ?? 'gateway';
  const nameText = typeof name === 'string' ? name : 'gateway';
  const path = context.path ?? nameText;
  const prefix = context.specPrefix ?? nameText;
  const rules = new Rules(path);
  const assumed = new Assumptions(prefix);
  checkName(rules, name);
  const sizing = resolveSizingPolicy(rules, assumed, o.sizing);
  const g = resolveGatewaySettings(rules, assumed, o, nameText, L, context);
  const jwtAuthorizer = resolveJwtAuthorizer(rules, o);
  const services = resolveServices(rules, assumed, o, {
    gatewayPath: path,
    gatewayPrefix: prefix,
    azCount: g.azCount,
    alb: g.alb,
    sizing: { targetUtilization: sizing.targetUtilization, maxUtilizationOnAzLoss: sizing.maxUtilization },
    peak: g.peakRequestsPerSecond,
    share: 1,
    accountThrottleRps: g.accountThrottleRps,
    accountBurst: g.accountBurst,
    limits: L,
    jwt: jwtAuthorizer !== undefined,
  });
  const resolved = withAlbRules(services, g.alb);
  const routes = routesOf(resolved, jwtAuthorizer !== undefined);

  const foundation = resolveFoundation(rules, o, g.azCount);
  rules.throwIfInvalid();
  return {
    kind: BlockKind.MICROSERVICE_GATEWAY,
    planVersion: PLAN_FORMAT_VERSION,
    ...foundation,
    name: nameText,
    path,
    sizing,
    assumed: assumed.list,
    integration: g.integration,
    azCount: g.azCount,
    api: {
      stageName: '$default',
      autoDeploy: true,
      accessLogs: true,
      accessLogRetentionDays: ACCESS_LOG_RETENTION_DAYS,
      defaultThrottle: { rateLimit: g.accountThrottleRps, burstLimit: g.accountBurst },
    },
    vpcLinkPrivateSubnets: true,
    internalLoadBalancer: g.alb ? internalLoadBalancerOf(nameText, resolved, L) : undefined,
    namespace: g.namespace,
    jwtAuthorizer,
    services: resolved,
    routes,
    accountThrottleRps: g.accountThrottleRps,
    accountBurst: g.accountBurst,
    removalPolicy: g.removalPolicy,
    load: { peakRequestsPerSecond: g.peakRequestsPerSecond },
  };
}

/** The gateway-wide settings: integration, AZs, namespace, account throttle and peak load. */
interface GatewaySettings {
  readonly integration: GatewayIntegration;
  /** INTERNAL_ALB (else CLOUD_MAP). */
  readonly alb: boolean;
  readonly azCount: number;
  readonly namespace: GatewayNamespacePlan;
  readonly accountThrottleRps: number;
  readonly accountBurst: number;
  readonly peakRequestsPerSecond: number;
  readonly removalPolicy: RemovalPolicy;
}

/** The catalog path of the account throttle a spec may declare raised. */
const ACCOUNT_THROTTLE_QUOTA = 'apiGateway.accountThrottleRps';

/** The account throttle the context declares raised (`quotas.apiGateway.accountThrottleRps`), when it is a usable figure. */
function declaredThrottle(context: PlanContext): number | undefined {
  const v = isPlainObject(context.quotas) ? (context.quotas as Record<string, unknown>)[ACCOUNT_THROTTLE_QUOTA] : undefined;
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

/** The integration (an internal ALB or Cloud Map), AZs, the namespace, the account throttle, the peak load and the removal policy. */
function resolveGatewaySettings(rules: Rules, assumed: Assumptions, o: MicroserviceGatewayOptions, nameText: string,
  L: ReturnType<typeof limits>, context: PlanContext): GatewaySettings {
  const integration = validOr(rules.oneOf('integration', o.integration, enumValues(GatewayIntegration)), o.integration, GatewayIntegration.INTERNAL_ALB);
  const alb = integration === GatewayIntegration.INTERNAL_ALB;
  const azOk = rules.integer('azCount', o.azCount, MIN_AZS, MAX_AZS);
  const azCount = o.azCount === undefined ? azCountOf(assumed, 'azCount', undefined, context) : validOr(azOk, o.azCount, DEFAULT_AZS);
  const namespaceOk = rules.matches('namespaceName', o.namespaceName, NAMESPACE, 'a lower-case DNS name such as shop.internal');
  const namespace: GatewayNamespacePlan = {
    name: validOr(namespaceOk, o.namespaceName, `${nameText}.internal`),
    kind: alb ? NamespaceKind.HTTP : NamespaceKind.PRIVATE_DNS,
  };

  const rpsOk = rules.positive('accountThrottleRps', o.accountThrottleRps, 1e7, 'requests/s');
  const burstOk = rules.integer('accountBurst', o.accountBurst, 1, 1e7, 'requests');
  // A declared (raised) account throttle is the default, and the most the option may state.
  const declared = declaredThrottle(context);
  const withinDeclared = !rpsOk || declared === undefined || o.accountThrottleRps === undefined
    || rules.check('accountThrottleRps', o.accountThrottleRps, o.accountThrottleRps <= declared,
      `at most ${fmt(declared)} requests/s, the account throttle the spec declares (quotas.${ACCOUNT_THROTTLE_QUOTA}: ${declared}): `
      + 'the gateway cannot take more than the account\'s quota; raise the declared quota first, or leave accountThrottleRps unset to take it');
  const accountThrottleRps = validOr(rpsOk && withinDeclared, o.accountThrottleRps, declared ?? L.accountRps);
  const accountBurst = validOr(burstOk, o.accountBurst, L.accountBurst);

  const l = objectOrEmpty(o.load);
  const peakOk = rules.number('load.peakRequestsPerSecond', l.peakRequestsPerSecond, 0, 1e8, 'requests/s');
  const peakRequestsPerSecond = assumed.take('load.peakRequestsPerSecond', l.peakRequestsPerSecond === undefined ? undefined
    : validOr(peakOk, l.peakRequestsPerSecond, 0), 0, 'no peak declared: nothing to size against');
  const removalOk = rules.oneOf('removalPolicy', o.removalPolicy, [RemovalPolicy.RETAIN, RemovalPolicy.DESTROY]);
  const removalPolicy = validOr(removalOk, o.removalPolicy, RemovalPolicy.RETAIN);
  return { integration, alb, azCount, namespace, accountThrottleRps, accountBurst, peakRequestsPerSecond, removalPolicy };
}

/** The JWT authorizer, when given: an https issuer, audiences and the identity source. */
function resolveJwtAuthorizer(rules: Rules, o: MicroserviceGatewayOptions): JwtAuthorizerPlan | undefined {
  if (o.jwtAuthorizer === undefined) return undefined;
  const j = objectOrEmpty(o.jwtAuthorizer);
  rules.check('jwtAuthorizer', o.jwtAuthorizer, isPlainObject(o.jwtAuthorizer), 'an object with issuerUrl and audiences');
  const issuerOk = rules.check('jwtAuthorizer.issuerUrl', j.issuerUrl, typeof j.issuerUrl === 'string' && HTTPS_URL_PATTERN.test(j.issuerUrl),
    'an https:// issuer URL (the authorizer fetches its OpenID configuration over HTTPS)');
  const audOk = rules.check('jwtAuthorizer.audiences', j.audiences, Array.isArray(j.audiences) && j.audiences.length > 0
    && j.audiences.every((a) => typeof a === 'string' && a.length > 0 && a.length <= 256), 'a non-empty list of audience strings');
  const sourceOk = rules.matches('jwtAuthorizer.identitySource', j.identitySource, /^\$request\.(header|querystring)\.[A-Za-z0-9_-]+$/,
    'a request header or query string selector such as $request.header.Authorization');
  return {
    issuerUrl: validOr(issuerOk, j.issuerUrl, ''),
    audiences: audOk ? [...j.audiences] : [],
    identitySource: validOr(sourceOk, j.identitySource, '$request.header.Authorization'),
  };
}

/**
 * The services, each with unique name and path prefix, planned with its share of the peak;
 * `gateway.peak` is the gateway's whole peak (each service gets its share of it).
 */
function resolveServices(rules: Rules, assumed: Assumptions, o: MicroserviceGatewayOptions, gateway: ServiceContext): GatewayServicePlan[] {
  const rawServices = Array.isArray(o.services) ? o.services : [];
  rules.check('services', o.services, Array.isArray(o.services) && o.services.length > 0, 'a non-empty list of services');
  const shares = resolveShares(rules, assumed, rawServices);
  const seenNames = new Set<string>();
  const seenPrefixes = new Set<string>();
  const services: GatewayServicePlan[] = [];
  rawServices.forEach((raw, i) => {
    const p = `services[${i}]`;
    if (!rules.check(p, raw, isPlainObject(raw), 'a service object with at least a name')) return;
    const s = raw as GatewayServiceOptions;
    const svcName = typeof s.name === 'string' ? s.name : '';
    rules.check(`${p}.name`, s.name, typeof s.name === 'string' && NAME_PATTERN.test(s.name), NAME_ALLOWED);
    rules.check(`${p}.name`, s.name, !seenNames.has(svcName), 'unique among the services');
    seenNames.add(svcName);
    const pathPrefix = normalisePathPrefix(s.pathPrefix ?? `/${svcName}`);
    rules.check(`${p}.pathPrefix`, s.pathPrefix, s.pathPrefix === undefined || pathPrefix !== undefined,
      'a path such as /orders or /orders/* (segments of letters, digits, . _ ~ -), or /');
    rules.check(`${p}.pathPrefix`, s.pathPrefix ?? pathPrefix, pathPrefix === undefined || !seenPrefixes.has(pathPrefix),
      'unique among the services');
    if (pathPrefix) seenPrefixes.add(pathPrefix);
    const svc = planService(rules, assumed, s, i, { ...gateway, peak: gateway.peak * shares[i], share: shares[i] });
    if (svc && pathPrefix) services.push({ ...svc, pathPrefix, routeKeys: routeKeysFor(pathPrefix) });
  });
  return services;
}

/** ALB rule priorities and path patterns (INTERNAL_ALB): more specific (longer) prefixes first; `/` is the listener's default action. */
function withAlbRules(services: GatewayServicePlan[], alb: boolean): GatewayServicePlan[] {
  const albPriority = new Map<string, number>();
  if (alb) {
    [...services].filter((s) => s.pathPrefix !== '/').sort((a, b) => b.pathPrefix.length - a.pathPrefix.length || a.name.localeCompare(b.name))
      .forEach((s, k) => albPriority.set(s.name, (k + 1) * 10));
  }
  return services.map((s) => ({
    ...s,
    integration: {
      ...s.integration,
      ...(alb ? {
        albRulePriority: albPriority.get(s.name),
        albPathPatterns: s.pathPrefix === '/' ? [] : [s.pathPrefix, `${s.pathPrefix}/*`],
      } : {}),
    },
  }));
}

/** The API's routes: each service's route keys, its throttle split over them, authorized when there is an authorizer and the service requires it. */
function routesOf(services: GatewayServicePlan[], jwt: boolean): GatewayRoutePlan[] {
  return services.flatMap((s) => s.routeKeys.map((routeKey, k) => ({
    routeKey,
    service: s.name,
    throttle: routeThrottle(s.throttle, k, s.routeKeys.length),
    authorized: jwt && s.requireAuthorization,
    authorizationScopes: s.authorizationScopes,
  })));
}

/** The internal ALB (INTERNAL_ALB): HTTP behind the VPC link, idle timeout covering the integration timeout, the `/` service as default. */
function internalLoadBalancerOf(nameText: string, services: GatewayServicePlan[], L: ReturnType<typeof limits>): InternalLoadBalancerPlan {
  const defaultService = services.find((s) => s.pathPrefix === '/')?.name;
  return {
    listenerPort: 80,
    listenerProtocol: ListenerProtocol.HTTP,
    idleTimeoutSeconds: Math.max(L.albIdleDefault, Math.ceil(L.timeoutMaxMs / 1000)),
    dropInvalidHeaderFields: true,
    accessLogs: true,
    logBucket: apiLogBucket(nameText),
    ingressFromVpcLinkOnly: true,
    defaultService,
    unmatchedResponse: defaultService === undefined ? GATEWAY_NOT_FOUND_RESPONSE : undefined,
  };
}

/**
 * The throttle of the k-th of a service's n routes: the service's limits split evenly, so that
 * its routes together admit what its tasks carry (each route key has its own bucket at API
 * Gateway). Whole requests/s when the rate allows it, the remainder on the last route (the
 * prefix's `{proxy+}`, which carries most paths); the burst likewise, at least 1 per route.
 */
export function routeThrottle(service: RouteThrottlePlan, k: number, n: number): RouteThrottlePlan {
  if (n <= 1) return service;
  const last = k === n - 1;
  const whole = Math.floor(service.rateLimit / n);
  const rateLimit = whole >= 1 ? (last ? service.rateLimit - whole * (n - 1) : whole) : service.rateLimit / n;
  const burst = Math.floor(service.burstLimit / n);
  const burstLimit = burst >= 1 ? (last ? service.burstLimit - burst * (n - 1) : burst) : 1;
  return { rateLimit, burstLimit };
}

function resolveShares(rules: Rules, assumed: Assumptions, services: unknown[]): number[] {
  const given = services.map((s, i) => {
    const share = isPlainObject(s) && isPlainObject(s.load) ? s.load.requestShare : undefined;
    const ok = rules.fraction(`services[${i}].load.requestShare`, share, true, true);
    return ok && typeof share === 'number' ? share : undefined;
  });
  const sum = given.reduce<number>((a, b) => a + (b ?? 0), 0);
  const open = given.filter((g) => g === undefined).length;
  rules.check('services', `shares sum to ${fmt(sum)}`, open > 0 ? sum <= 1 + 1e-9 : services.length === 0 || Math.abs(sum - 1) <= 1e-6,
    'services whose load.requestShare values sum to 1 (or to at most 1 when some are left to share the rest)');
  const rest = open > 0 ? Math.max(0, 1 - sum) / open : 0;
  return given.map((g, i) => {
    if (g !== undefined) return g;
    const raw = services[i];
    const nm = isPlainObject(raw) && typeof raw.name === 'string' ? raw.name : `services[${i}]`;
    assumed.note(`services.${nm}.load.requestShare`, fmt(rest), open === services.length
      ? 'no shares declared: an equal share per service' : 'an equal share of what the declared shares leave');
    return rest;
  });
}

interface ServiceContext {
  readonly gatewayPath: string;
  readonly gatewayPrefix: string;
  readonly azCount: number;
  readonly alb: boolean;
  readonly sizing: SizingBoundsOptions;
  readonly peak: number;
  readonly share: number;
  readonly accountThrottleRps: number;
  readonly accountBurst: number;
  readonly limits: ReturnType<typeof limits>;
  readonly jwt: boolean;
}

type ServiceBase = Omit<GatewayServicePlan, 'pathPrefix' | 'routeKeys'>;

function planService(rules: Rules, assumed: Assumptions, s: GatewayServiceOptions, i: number, ctx: ServiceContext): ServiceBase | undefined {
  const p = `services[${i}]`;
  // An invalid name is reported once, by the gateway; the nested plans get a valid stand-in.
  const svcName = typeof s.name === 'string' && NAME_PATTERN.test(s.name) ? s.name : `service-${i}`;
  const api = planServiceFleet(rules, s, p, svcName, ctx);
  const timeouts = resolveServiceTimeouts(rules, s, p, ctx.limits);
  const { scopesOk, queuesOk, cmdOk } = checkServiceRouting(rules, s, p, ctx);
  if (!api) return undefined;

  const throttle = resolveServiceThrottle(rules, assumed, s, p, svcName, api, ctx);
  const database = planServiceDatabase(rules, assumed, s, p, svcName, api, ctx);
  const hc = api.healthCheck;
  // Without a target group (CLOUD_MAP) there is no request-count metric: CPU target tracking only.
  const scaling: ApiScalingPlan = ctx.alb ? api.scaling
    : { ...api.scaling, requestsPerSecondPerTarget: undefined, requestCountPerTargetPerMinute: undefined };
  assumed.addAll(ctx.alb ? api.assumed : api.assumed.filter((a) => !a.prop.endsWith('.scaling.requestsPerSecondPerTarget')));
  if (database) assumed.addAll(database.assumed);
  return {
    name: svcName,
    compute: api.compute,
    container: api.container,
    healthCheck: hc,
    containerHealthCheck: ctx.alb ? undefined : containerHealthCheckOf(s, cmdOk, api, ctx.limits),
    scaling,
    deployment: api.deployment,
    ecsService: ecsServiceSettings(svcName, api.ecsService.logRetentionDays, ctx.alb),
    targetGroup: ctx.alb ? api.targetGroup : undefined,
    taskSubnets: SubnetKind.PRIVATE,
    deregistrationDelaySeconds: api.deregistrationDelaySeconds,
    serviceConnect: {
      discoveryName: svcName,
      clientAliasDnsName: svcName,
      clientAliasPort: api.container.port,
      portName: 'http',
      appProtocol: 'http',
      perRequestTimeoutSeconds: timeouts.perRequestTimeoutSeconds,
      idleTimeoutSeconds: timeouts.idleTimeoutSeconds,
      logStreamPrefix: SERVICE_CONNECT_LOG_STREAM_PREFIX,
    },
    integration: ctx.alb
      ? { kind: GatewayIntegration.INTERNAL_ALB, timeoutMs: timeouts.timeoutMs }
      : {
        kind: GatewayIntegration.CLOUD_MAP,
        timeoutMs: timeouts.timeoutMs,
        cloudMapServiceName: `${svcName}-api`,
        dnsRecordType: 'SRV',
        dnsRoutingPolicy: DnsRoutingPolicy.MULTIVALUE,
        dnsTtlSeconds: 10,
      },
    throttle,
    requireAuthorization: s.requireAuthorization !== false,
    authorizationScopes: scopesOk && Array.isArray(s.authorizationScopes) ? [...s.authorizationScopes] : [],
    requestShare: ctx.share,
    load: api.load,
    database,
    queueSubscriptions: queuesOk && Array.isArray(s.queueSubscriptions) ? [...s.queueSubscriptions] : [],
  };
}

/** The service's fleet, resolved exactly as a LoadBalancedApi's (same defaults, same rules), on Fargate and private. */
function planServiceFleet(rules: Rules, s: GatewayServiceOptions, p: string, svcName: string, ctx: ServiceContext): LoadBalancedApiPlan | undefined {
  const compute = objectOrEmpty(s.compute);
  rules.check(`${p}.compute.kind`, compute.kind, compute.kind === undefined || compute.kind === ComputeKind.FARGATE,
    'FARGATE (gateway services run on Fargate)');
  const deployment = objectOrEmpty(s.deployment);
  rules.check(`${p}.deployment.strategy`, deployment.strategy, deployment.strategy === undefined
    || deployment.strategy === DeploymentStrategy.ROLLING || ctx.alb, 'ROLLING with CLOUD_MAP (ECS blue/green shifts traffic through ALB listener rules)');
  const load = objectOrEmpty(s.load);
  const scalingOptions = objectOrEmpty(s.scaling);
  rules.check(`${p}.scaling.requestsPerSecondPerTarget`, scalingOptions.requestsPerSecondPerTarget,
    scalingOptions.requestsPerSecondPerTarget === undefined || ctx.alb, 'unset with CLOUD_MAP (request-count scaling needs a load balancer target group)');
  try {
    return planLoadBalancedApi({
      name: svcName,
      compute: s.compute,
      container: s.container,
      healthCheck: s.healthCheck,
      scaling: s.scaling,
      deployment: s.deployment,
      azCount: ctx.azCount,
      internetFacing: false,
      accessLogs: false,
      sizing: ctx.sizing,
      load: {
        peakRequestsPerSecond: ctx.peak,
        requestsPerSecondPerTask: load.requestsPerSecondPerTask,
        latencyTargetMs: load.latencyTargetMs,
        serviceTimeMs: load.serviceTimeMs,
        concurrencyPerTask: load.concurrencyPerTask,
        rampSeconds: load.rampSeconds,
      },
    }, { path: `${ctx.gatewayPath}/${svcName}`, specPrefix: `${ctx.gatewayPrefix}.services.${svcName}` });
  } catch (e) {
    rehome(rules, e, p);
    return undefined;
  }
}

/** The integration timeout (the API Gateway maximum unless given) and the Service Connect request and idle timeouts. */
function resolveServiceTimeouts(rules: Rules, s: GatewayServiceOptions, p: string, L: ReturnType<typeof limits>) {
  const timeoutOk = rules.number(`${p}.integrationTimeoutSeconds`, s.integrationTimeoutSeconds, L.timeoutMinMs / 1000, L.timeoutMaxMs / 1000, 's');
  const timeoutMs = Math.round(validOr(timeoutOk, s.integrationTimeoutSeconds, L.timeoutMaxMs / 1000) * 1000);
  const sc = objectOrEmpty(s.serviceConnect);
  const perOk = rules.integer(`${p}.serviceConnect.perRequestTimeoutSeconds`, sc.perRequestTimeoutSeconds, L.scTimeoutMin, L.scTimeoutMax, 's');
  const idleOk = rules.integer(`${p}.serviceConnect.idleTimeoutSeconds`, sc.idleTimeoutSeconds, L.scTimeoutMin, L.scTimeoutMax, 's');
  const perRequestTimeoutSeconds = validOr(perOk, sc.perRequestTimeoutSeconds, DEFAULT_PER_REQUEST_TIMEOUT_SECONDS);
  const idleTimeoutSeconds = validOr(idleOk, sc.idleTimeoutSeconds, DEFAULT_IDLE_TIMEOUT_SECONDS);
  rules.check(`${p}.serviceConnect.idleTimeoutSeconds`, sc.idleTimeoutSeconds ?? idleTimeoutSeconds,
    idleTimeoutSeconds === 0 || perRequestTimeoutSeconds === 0 || idleTimeoutSeconds >= perRequestTimeoutSeconds,
    `0 or at least serviceConnect.perRequestTimeoutSeconds (${perRequestTimeoutSeconds} s): an idle timeout below it closes connections before the response`);
  return { timeoutMs, perRequestTimeoutSeconds, idleTimeoutSeconds };
}

/** Authorization, scopes, queue subscriptions and the container health check command: checked, with whether each list may be used. */
function checkServiceRouting(rules: Rules, s: GatewayServiceOptions, p: string, ctx: ServiceContext) {
  // Authorization: routes require it unless the service says otherwise; without an authorizer
  // nothing could grant it, so the spec must either give one or make the service public on purpose.
  if (rules.boolean(`${p}.requireAuthorization`, s.requireAuthorization)) {
    rules.check(`${p}.requireAuthorization`, s.requireAuthorization, ctx.jwt || s.requireAuthorization === false,
      'false to make this service\'s routes public by explicit choice; otherwise give the gateway a jwtAuthorizer '
      + '(routes require authorization by default, and without an authorizer nothing can grant it)');
  }
  const scopesOk = s.authorizationScopes === undefined || rules.check(`${p}.authorizationScopes`, s.authorizationScopes,
    Array.isArray(s.authorizationScopes) && s.authorizationScopes.every((x) => typeof x === 'string' && /^[\x21-\x7e]{1,256}$/.test(x)),
    'a list of OAuth scope strings');
  rules.check(`${p}.authorizationScopes`, s.authorizationScopes, s.authorizationScopes === undefined || ctx.jwt,
    'unset without jwtAuthorizer');

  // Queue subscriptions.
  const queuesOk = s.queueSubscriptions === undefined || rules.check(`${p}.queueSubscriptions`, s.queueSubscriptions,
    Array.isArray(s.queueSubscriptions) && s.queueSubscriptions.every((q) => typeof q === 'string' && NAME_PATTERN.test(q))
    && new Set(s.queueSubscriptions).size === s.queueSubscriptions.length, `a list of distinct WorkQueue names (${NAME_ALLOWED})`);

  // Container health check (CLOUD_MAP).
  const cmdOk = s.containerHealthCheckCommand === undefined || rules.check(`${p}.containerHealthCheckCommand`, s.containerHealthCheckCommand,
    Array.isArray(s.containerHealthCheckCommand) && s.containerHealthCheckCommand.length >= 2
    && s.containerHealthCheckCommand.every((x) => typeof x === 'string') && ['CMD', 'CMD-SHELL'].includes(s.containerHealthCheckCommand[0]),
    'a command such as ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"]');
  rules.check(`${p}.containerHealthCheckCommand`, s.containerHealthCheckCommand, s.containerHealthCheckCommand === undefined || !ctx.alb,
    'unset with INTERNAL_ALB (the target group checks health)');
  return { scopesOk, queuesOk, cmdOk };
}

/** Throttle: shed load before the service saturates (what its tasks carry at the AZ-loss utilization, within the account throttle). */
function resolveServiceThrottle(rules: Rules, assumed: Assumptions, s: GatewayServiceOptions, p: string, svcName: string,
  api: LoadBalancedApiPlan, ctx: ServiceContext): RouteThrottlePlan {
  const t = objectOrEmpty(s.throttle);
  const rateOk = rules.positive(`${p}.throttle.rateLimit`, t.rateLimit, ctx.accountThrottleRps,
    'requests/s (the account throttle of the Region; raise accountThrottleRps if your quota is higher)');
  const burstOk = rules.integer(`${p}.throttle.burstLimit`, t.burstLimit, 1, ctx.accountBurst, 'requests (the account burst of the Region)');
  const capacity = api.scaling.maxTasks * api.load.requestsPerSecondPerTask * api.sizing.maxUtilization;
  const defaultRate = Math.min(ctx.accountThrottleRps, Math.max(1, Math.floor(capacity)));
  const rateLimit = validOr(rateOk, t.rateLimit, defaultRate);
  const burstLimit = validOr(burstOk, t.burstLimit, Math.min(ctx.accountBurst, Math.max(1, Math.ceil(rateLimit))));
  if (t.rateLimit === undefined) {
    assumed.note(`services.${svcName}.throttle.rateLimit`, `${fmt(rateLimit)} requests/s`,
      `${fmt(api.sizing.maxUtilization * 100)} % of what ${fmt(api.scaling.maxTasks)} tasks of ${fmt(api.load.requestsPerSecondPerTask)} requests/s carry, within the account throttle`);
  }
  return { rateLimit, burstLimit };
}

/**
 * Database: a small ReplicatedDatabase unless given otherwise. Unless its load declares its
 * connections (connections, tasks, or clients), its client is the service's tasks at their maximum,
 * each with `load.poolSize` connections, or the assumed pool (catalog.ASSUMED.dbPoolSizePerClient).
 */
function planServiceDatabase(rules: Rules, assumed: Assumptions, s: GatewayServiceOptions, p: string, svcName: string, api: LoadBalancedApiPlan,
  ctx: ServiceContext): ReplicatedDatabasePlan | undefined {
  if (s.database === undefined) return undefined;
  if (!rules.check(`${p}.database`, s.database, isPlainObject(s.database), 'ReplicatedDatabase options (e.g. {} for the small defaults)')) return undefined;
  const d = s.database;
  const dl = objectOrEmpty(d.load);
  const fillClients = dl.tasks === undefined && dl.connections === undefined && dl.clients === undefined
    && (dl.poolSize === undefined || (Number.isInteger(dl.poolSize) && (dl.poolSize as number) >= 1 && (dl.poolSize as number) <= 100_000));
  const prefix = `${ctx.gatewayPrefix}.services.${svcName}`;
  const defaultPool = catalog.ASSUMED.dbPoolSizePerClient;
  const poolSize = !fillClients ? 0 : dl.poolSize !== undefined ? dl.poolSize
    : assumed.take(`services.${svcName}.database.load.poolSize`, undefined, defaultPool.value, defaultPool.reasoning);
  const rest: { [k: string]: unknown } = { ...dl };
  delete rest.poolSize;
  // An invalid pool size is left to the database's own rules, with the tasks that hold it (one message, as before).
  const invalidPool = !fillClients && dl.poolSize !== undefined && dl.tasks === undefined && dl.connections === undefined && dl.clients === undefined;
  const load = invalidPool ? { ...dl, tasks: api.scaling.maxTasks } : fillClients ? {
    ...rest,
    clients: [{
      name: svcName,
      count: api.scaling.maxTasks,
      poolSize,
      countFrom: `${prefix}.scaling.maxTasks`,
      poolFrom: dl.poolSize !== undefined ? `declared, ${prefix}.database.load.poolSize` : 'assumed',
    }],
  } : d.load;
  try {
    return planReplicatedDatabase({
      name: `${svcName}-db`,
      azCount: ctx.azCount,
      sizing: ctx.sizing,
      allowedClients: [svcName],
      ...SERVICE_DATABASE_DEFAULTS,
      ...d,
      load,
    }, { path: `${ctx.gatewayPath}/${svcName}-db`, specPrefix: `${ctx.gatewayPrefix}.services.${svcName}.database` });
  } catch (e) {
    rehome(rules, e, `${p}.database`);
    return undefined;
  }
}

/** The container health check of a CLOUD_MAP service (no target group checks it): the given command, or a wget of the health path. */
function containerHealthCheckOf(s: GatewayServiceOptions, cmdOk: boolean, api: LoadBalancedApiPlan,
  L: ReturnType<typeof limits>): ContainerHealthCheckPlan {
  const hc = api.healthCheck;
  return {
    command: cmdOk && s.containerHealthCheckCommand ? [...s.containerHealthCheckCommand]
      : ['CMD-SHELL', `wget -q -O /dev/null http://localhost:${api.container.port}${hc.path} || exit 1`],
    intervalSeconds: Math.min(L.hcIntervalMax, Math.max(L.hcIntervalMin, hc.intervalSeconds)),
    timeoutSeconds: Math.min(L.hcTimeoutMax, Math.max(L.hcTimeoutMin, hc.timeoutSeconds)),
    retries: Math.min(L.hcRetriesMax, hc.unhealthyThreshold),
    startPeriodSeconds: 30,
  };
}
