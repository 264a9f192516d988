import { AssumedInput, Assumptions } from '../../assumptions';
import * as catalog from '../../catalog';
import { ValidationError, ValidationIssue } from '../../errors';
import { checkPlanInputs, PLAN_FORMAT_VERSION } from '../../inputs';
import { SizingRow, Verdict } from '../../sizing/report';
import { fmt, isPlainObject, objectOrEmpty, Rules, validOr } from '../../validation';
import {
  BlockKind, BlockPlanBase, checkName, DEFAULT_AZS, enumValues, HTTPS_URL_PATTERN, MAX_AZS, MIN_AZS, NAME_ALLOWED, NAME_PATTERN,
  PlanContext, resolveSizingPolicy, SizingBoundsOptions,
} from '../common';
import {
  API_SSL_POLICY, ApiComputeOptions, ApiComputePlan, ApiContainerOptions, ApiContainerPlan, ApiDeploymentOptions, ApiDeploymentPlan,
  ApiHealthCheckOptions, ApiHealthCheckPlan, ApiLoadPlan, apiLogBucket, ApiLogBucketPlan, ApiScalingOptions, ApiScalingPlan, ApiTargetGroupPlan,
  ApiTopology, ComputeKind, DeploymentStrategy, ListenerProtocol, LoadBalancedApiPlan, LoadBalancerType, LoadBalancingAlgorithm,
  planLoadBalancedApi, sizeLoadBalancedApi, SubnetKind,
} from '../load-balanced-api';
import {
  planReplicatedDatabase, ReplicatedDatabaseOptions, ReplicatedDatabasePlan, ReplicatedDatabaseTopology, replicatedDatabaseTopologyOf,
  sizeReplicatedDatabase,
} from '../replicated-database';
import { checkLimit, checkRule, smallestPassing, utilizationOf, verdictFor } from '../../sizing/capacity';
import { EcsServicePlan, EcsServiceSettingsPlan, ecsServiceSettings } from '../shared/ecs';

/*
 * MicroserviceGateway (seed §5): one HTTP API (API Gateway v2) in front of N Fargate services,
 * reached through a VPC link (private integration); services find each other through ECS
 * Service Connect in one Cloud Map namespace; each may own a small ReplicatedDatabase and
 * consume WorkQueues. Failure handling: deployment circuit breaker with rollback, health checks,
 * per-route throttling (load shedding before a service saturates) and timeouts at the gateway
 * (integration) and between services (Service Connect per-request and idle timeouts).
 */

// ---------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------

/** What the VPC link reaches. */
export enum GatewayIntegration {
  /**
   * One shared internal Application Load Balancer, a listener rule and a target group per
   * service: active health checks, connection draining on deploys.
   */
  INTERNAL_ALB = 'INTERNAL_ALB',
  /**
   * A Cloud Map service (SRV records) per service, registered by ECS service discovery: no load
   * balancer to pay for; the health of a task is its container health check.
   */
  CLOUD_MAP = 'CLOUD_MAP',
}

/** The Cloud Map namespace type. */
export enum NamespaceKind {
  /** API-only discovery (Service Connect), with INTERNAL_ALB. */
  HTTP = 'HTTP',
  /** Private DNS namespace: SRV records for the API Gateway Cloud Map integration, and Service Connect. */
  PRIVATE_DNS = 'PRIVATE_DNS',
}

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

/** Per-route throttling at the gateway (stage route settings). */
export interface RouteThrottleOptions {
  /**
   * Steady requests/s the route admits; above it clients get 429.
   *
   * @default - 90 % of what the service's max tasks carry (load shedding before it saturates), at most the account throttle
   */
  readonly rateLimit?: number;
  /**
   * Burst the route admits (token bucket size).
   *
   * @default - one second of rateLimit, at most the account burst
   */
  readonly burstLimit?: number;
}

/** Timeouts of calls to this service through ECS Service Connect (east-west). */
export interface ServiceConnectTimeoutOptions {
  /**
   * Seconds the proxy waits for a complete response (0 turns it off).
   *
   * @default 15
   */
  readonly perRequestTimeoutSeconds?: number;
  /**
   * Seconds an idle connection stays open (0 turns it off); at least perRequestTimeoutSeconds.
   *
   * @default 300
   */
  readonly idleTimeoutSeconds?: number;
}

/** The load one service carries. */
export interface GatewayServiceLoadOptions {
  /**
   * Share of the gateway's requests that go to this service (0..1). Shares of all services sum to 1.
   *
   * @default - an equal share of what the given shares leave
   */
  readonly requestShare?: number;
  /**
   * Requests/s one task sustains, as you measured it.
   *
   * @default - the LoadBalancedApi assumption (per vCPU, from the catalog)
   */
  readonly requestsPerSecondPerTask?: number;
  /**
   * p99 queueing-delay target in ms (Erlang C), with serviceTimeMs.
   *
   * @default - no latency check
   */
  readonly latencyTargetMs?: number;
  /**
   * Mean time one request holds a task's worker, in ms.
   *
   * @default - required with latencyTargetMs
   */
  readonly serviceTimeMs?: number;
}

/** One service behind the gateway. */
export interface GatewayServiceOptions {
  /** Name: DNS-safe; the Service Connect discovery name and the default path prefix. */
  readonly name: string;
  /**
   * Path prefix routed to this service, e.g. `/orders` or `/orders/*` (both route `/orders` and
   * everything under it); `/` routes everything no other prefix takes (the `$default` route).
   *
   * @default - `/<name>`
   */
  readonly pathPrefix?: string;
  /**
   * Compute of one task (Fargate only).
   *
   * @default - 1 vCPU / 2 GiB, ARM64
   */
  readonly compute?: ApiComputeOptions;
  /**
   * The container.
   *
   * @default - the LoadBalancedApi default image on port 80
   */
  readonly container?: ApiContainerOptions;
  /**
   * Health check (the ALB target group's, or the container's with CLOUD_MAP).
   *
   * @default - '/health' every 15 s, 3 to become healthy or unhealthy
   */
  readonly healthCheck?: ApiHealthCheckOptions;
  /**
   * Container health check command (CLOUD_MAP only; the image must hold the tool it runs).
   *
   * @default - ['CMD-SHELL', 'wget -q -O /dev/null http://localhost:<port><path> || exit 1']
   */
  readonly containerHealthCheckCommand?: string[];
  /**
   * Task counts and auto scaling.
   *
   * @default - target tracking on CPU, min sized for this service's share of the peak with one AZ lost
   */
  readonly scaling?: ApiScalingOptions;
  /**
   * Deployments (BLUE_GREEN needs INTERNAL_ALB).
   *
   * @default - rolling, circuit breaker with rollback
   */
  readonly deployment?: ApiDeploymentOptions;
  /**
   * Throttling of this service's routes.
   *
   * @default - derived from the service's capacity
   */
  readonly throttle?: RouteThrottleOptions;
  /**
   * Seconds the gateway waits for this service (HTTP API: 0.05..30).
   *
   * @default 30
   */
  readonly integrationTimeoutSeconds?: number;
  /**
   * Service Connect timeouts for calls to this service.
   *
   * @default - 15 s per request, 300 s idle
   */
  readonly serviceConnect?: ServiceConnectTimeoutOptions;
  /**
   * Require the JWT authorizer on this service's routes. Routes are never public by default: a
   * gateway without `jwtAuthorizer` is rejected unless each of its services sets this to false,
   * and every service that does is noted as public in the report.
   *
   * @default true
   */
  readonly requireAuthorization?: boolean;
  /**
   * OAuth scopes the JWT must hold for this service's routes.
   *
   * @default - none
   */
  readonly authorizationScopes?: string[];
  /**
   * The service's own database: a small ReplicatedDatabase (Aurora PostgreSQL, db.t4g.medium,
   * no reader, unless given otherwise). With `load.poolSize` and no `load.tasks`, the service's
   * max tasks hold the pools.
   *
   * @default - no database
   */
  readonly database?: ReplicatedDatabaseOptions;
  /**
   * Names of the WorkQueues this service consumes (a SystemStack grants and wires them).
   *
   * @default - none
   */
  readonly queueSubscriptions?: string[];
  /** The load this service carries. */
  readonly load?: GatewayServiceLoadOptions;
}

/** JWT authorizer of the HTTP API. */
export interface JwtAuthorizerOptions {
  /** Issuer URL (https), e.g. `https://cognito-idp.<region>.amazonaws.com/<pool id>`. */
  readonly issuerUrl: string;
  /** Accepted audiences (the `aud` claim, or a Cognito app client id). */
  readonly audiences: string[];
  /**
   * Where the token is.
   *
   * @default '$request.header.Authorization'
   */
  readonly identitySource?: string;
}

/** The load of the gateway. */
export interface MicroserviceGatewayLoadOptions {
  /** Peak requests/s reaching the gateway, all routes together. */
  readonly peakRequestsPerSecond?: number;
}

/** Options of a MicroserviceGateway. */
export interface MicroserviceGatewayOptions {
  /**
   * Name: DNS-safe, used in resource names and the report.
   *
   * @default 'gateway'
   */
  readonly name?: string;
  /**
   * The services behind the gateway (at least one).
   *
   * @default - none: rejected by the plan (optional only so that a construct given a resolved plan needs no options)
   */
  readonly services?: GatewayServiceOptions[];
  /**
   * What the VPC link reaches.
   *
   * @default GatewayIntegration.INTERNAL_ALB
   */
  readonly integration?: GatewayIntegration;
  /**
   * Availability Zones the services spread over (2..6).
   *
   * @default 3
   */
  readonly azCount?: number;
  /**
   * Cloud Map namespace of Service Connect (and of the SRV records with CLOUD_MAP).
   *
   * @default - `<name>.internal`
   */
  readonly namespaceName?: string;
  /**
   * JWT authorizer on every route (services may opt out with `requireAuthorization: false`).
   *
   * @default - no authorizer: then every service must set `requireAuthorization: false` (public by explicit choice)
   */
  readonly jwtAuthorizer?: JwtAuthorizerOptions;
  /**
   * The account's API Gateway throttle in this Region, in requests/s, if raised or lower (newer Regions).
   *
   * @default - the catalog's default quota (10,000)
   */
  readonly accountThrottleRps?: number;
  /**
   * The account's API Gateway burst in this Region.
   *
   * @default - the catalog's default quota (5,000)
   */
  readonly accountBurst?: number;
  /** The load the gateway must carry. */
  readonly load?: MicroserviceGatewayLoadOptions;
  /**
   * Utilisation bounds for the sizing check (services and databases inherit them).
   *
   * @default - 0.7 normal, 0.9 with one AZ lost
   */
  readonly sizing?: SizingBoundsOptions;
}

// ---------------------------------------------------------------------------------------------
// Plan
// ---------------------------------------------------------------------------------------------

/** Resolved route throttling. */
export interface RouteThrottlePlan {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** Resolved Service Connect of one service. */
export interface ServiceConnectPlan {
  /** Cloud Map service name clients discover. */
  readonly discoveryName: string;
  /** Short name clients call (`http://<dnsName>:<port>`). */
  readonly clientAliasDnsName: string;
  readonly clientAliasPort: number;
  /** The container port mapping's name. */
  readonly portName: string;
  /** Application protocol of the port mapping (per-request timeouts need HTTP). */
  readonly appProtocol: string;
  readonly perRequestTimeoutSeconds: number;
  readonly idleTimeoutSeconds: number;
  /** Prefix of the Service Connect proxy's log streams (in the service's log group). */
  readonly logStreamPrefix: string;
}

/** The container health check (CLOUD_MAP). */
export interface ContainerHealthCheckPlan {
  readonly command: string[];
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly startPeriodSeconds: number;
}

/** How the gateway reaches one service. */
export interface ServiceIntegrationPlan {
  readonly kind: GatewayIntegration;
  /** Integration timeout in ms. */
  readonly timeoutMs: number;
  /**
   * INTERNAL_ALB: listener rule priority (unique; longer prefixes first). Absent for the `/`
   * service, which is the listener's default action.
   */
  readonly albRulePriority?: number;
  /** INTERNAL_ALB: the rule's path patterns (empty for the `/` service). */
  readonly albPathPatterns?: string[];
  /** CLOUD_MAP: name of the Cloud Map service (SRV) ECS registers tasks in. */
  readonly cloudMapServiceName?: string;
  /** CLOUD_MAP: DNS record type. */
  readonly dnsRecordType?: string;
  /** CLOUD_MAP: DNS TTL in seconds. */
  readonly dnsTtlSeconds?: number;
}

/** One resolved route of the HTTP API. */
export interface GatewayRoutePlan {
  /** Route key, e.g. `ANY /orders/{proxy+}` or `$default`. */
  readonly routeKey: string;
  /** The service it reaches. */
  readonly service: string;
  /**
   * This route's part of its service's throttle: the service's limits split evenly over its
   * route keys, so that they add up to the service's (see `routeThrottle`).
   */
  readonly throttle: RouteThrottlePlan;
  /** Whether the JWT authorizer guards it. */
  readonly authorized: boolean;
  readonly authorizationScopes: string[];
}

/** One resolved service. */
export interface GatewayServicePlan {
  readonly name: string;
  /** Normalised prefix, e.g. `/orders` (or `/`). */
  readonly pathPrefix: string;
  readonly routeKeys: string[];
  readonly compute: ApiComputePlan;
  readonly container: ApiContainerPlan;
  readonly healthCheck: ApiHealthCheckPlan;
  /** CLOUD_MAP only. */
  readonly containerHealthCheck?: ContainerHealthCheckPlan;
  readonly scaling: ApiScalingPlan;
  /** Strategy, circuit breaker, rollback, minimum healthy and maximum percent of deploys. */
  readonly deployment: ApiDeploymentPlan;
  /**
   * Container name (the service's name), logs, AZ rebalancing and, with INTERNAL_ALB, the
   * health-check grace of the ECS service.
   */
  readonly ecsService: EcsServiceSettingsPlan;
  /** INTERNAL_ALB only: the service's target group on the shared internal load balancer. */
  readonly targetGroup?: ApiTargetGroupPlan;
  /** Always PRIVATE, without public IPs. */
  readonly taskSubnets: SubnetKind;
  readonly deregistrationDelaySeconds: number;
  readonly serviceConnect: ServiceConnectPlan;
  readonly integration: ServiceIntegrationPlan;
  readonly throttle: RouteThrottlePlan;
  readonly requireAuthorization: boolean;
  readonly authorizationScopes: string[];
  /** Share of the gateway's requests. */
  readonly requestShare: number;
  readonly load: ApiLoadPlan;
  readonly database?: ReplicatedDatabasePlan;
  readonly queueSubscriptions: string[];
}

/** The resolved JWT authorizer. */
export interface JwtAuthorizerPlan {
  readonly issuerUrl: string;
  readonly audiences: string[];
  readonly identitySource: string;
}

/** The resolved HTTP API. */
export interface HttpApiPlan {
  /** The `$default` stage, deployed automatically. */
  readonly stageName: string;
  readonly autoDeploy: boolean;
  /** Access logs to a CloudWatch log group. */
  readonly accessLogs: boolean;
  readonly accessLogRetentionDays: number;
  /** Stage-wide default throttle (routes without their own settings). */
  readonly defaultThrottle: RouteThrottlePlan;
}

/** The shared internal ALB (INTERNAL_ALB). */
export interface InternalLoadBalancerPlan {
  /** The VPC link reaches this listener; traffic stays inside the VPC. */
  readonly listenerPort: number;
  readonly listenerProtocol: ListenerProtocol;
  readonly idleTimeoutSeconds: number;
  readonly dropInvalidHeaderFields: boolean;
  readonly accessLogs: boolean;
  /** The access log bucket: private, SSE-S3, TLS only, retained. */
  readonly logBucket: ApiLogBucketPlan;
  /** Its security group admits the VPC link's security group on `listenerPort` only. */
  readonly ingressFromVpcLinkOnly: boolean;
  /** The service of prefix `/`, the listener's default action; absent: a fixed 404 response. */
  readonly defaultService?: string;
}

/** The Cloud Map namespace. */
export interface GatewayNamespacePlan {
  readonly name: string;
  readonly kind: NamespaceKind;
}

/** The resolved load. */
export interface MicroserviceGatewayLoadPlan {
  readonly peakRequestsPerSecond: number;
}

/** The resolved MicroserviceGateway. Backends render exactly this. */
export interface MicroserviceGatewayPlan extends BlockPlanBase {
  readonly integration: GatewayIntegration;
  readonly azCount: number;
  readonly api: HttpApiPlan;
  /** The VPC link sits in the private subnets; its security group may reach the services' ports only. */
  readonly vpcLinkPrivateSubnets: boolean;
  readonly internalLoadBalancer?: InternalLoadBalancerPlan;
  readonly namespace: GatewayNamespacePlan;
  readonly jwtAuthorizer?: JwtAuthorizerPlan;
  readonly services: GatewayServicePlan[];
  readonly routes: GatewayRoutePlan[];
  readonly accountThrottleRps: number;
  readonly accountBurst: number;
  readonly load: MicroserviceGatewayLoadPlan;
}

// ---------------------------------------------------------------------------------------------
// Catalog access
// ---------------------------------------------------------------------------------------------

/** The quotas this block reads, each once. */
function limits() {
  const q = catalog.QUOTAS;
  return {
    accountRps: q.apiGateway.accountThrottleRps.value,
    accountBurst: q.apiGateway.accountBurst.value,
    timeoutMinMs: q.apiGateway.httpIntegrationTimeoutMinMs.value,
    timeoutMaxMs: q.apiGateway.httpIntegrationTimeoutMaxMs.value,
    routesPerApi: q.apiGateway.httpRoutesPerApi,
    albRules: q.elb.albRulesPerLoadBalancer,
    albTargetGroups: q.elb.albTargetGroupsPerLoadBalancer,
    albTargets: q.elb.albTargetsPerLoadBalancer,
    albIdleDefault: q.elb.albIdleTimeoutDefaultSeconds.value,
    dbInstances: q.rds.dbInstancesPerRegion,
    hcIntervalMin: q.ecs.containerHealthCheckIntervalMinSeconds.value,
    hcIntervalMax: q.ecs.containerHealthCheckIntervalMaxSeconds.value,
    hcTimeoutMin: q.ecs.containerHealthCheckTimeoutMinSeconds.value,
    hcTimeoutMax: q.ecs.containerHealthCheckTimeoutMaxSeconds.value,
    hcRetriesMax: q.ecs.containerHealthCheckRetriesMax.value,
    scTimeoutMin: q.ecs.serviceConnectTimeoutMinSeconds.value,
    scTimeoutMax: q.ecs.serviceConnectTimeoutMaxSeconds.value,
  };
}

// ---------------------------------------------------------------------------------------------
// planMicroserviceGateway
// ---------------------------------------------------------------------------------------------

/** Service database defaults: small, one writer, no reader (the sizing WARNs about it). */
export const SERVICE_DATABASE_DEFAULTS = { instanceClass: 'db.t4g.medium', readers: 0 };
/** Default Service Connect per-request timeout (the ECS default, from the catalog). */
export const DEFAULT_PER_REQUEST_TIMEOUT_SECONDS = catalog.QUOTAS.ecs.serviceConnectPerRequestTimeoutDefaultSeconds.value;
/** Default Service Connect idle timeout for HTTP (the ECS default, from the catalog). */
export const DEFAULT_IDLE_TIMEOUT_SECONDS = catalog.QUOTAS.ecs.serviceConnectIdleTimeoutDefaultSeconds.value;
/** Access log retention of the HTTP API stage. */
export const ACCESS_LOG_RETENTION_DAYS = 365;
/** Prefix of the Service Connect proxy's log streams. */
export const SERVICE_CONNECT_LOG_STREAM_PREFIX = 'service-connect';

/** The ECS service a gateway service plan renders: what both backends' ECS-service renderers take. */
export function ecsServiceOfGatewayService(s: GatewayServicePlan): EcsServicePlan {
  return {
    compute: s.compute,
    container: s.container,
    settings: s.ecsService,
    deployment: s.deployment,
    taskCount: s.scaling,
    assignPublicIp: false,
  };
}

/**
 * The access-log fields of the gateway's HTTP API stage, one JSON object per request: one format
 * for both backends, so log queries work whichever deployed the gateway.
 */
export const GATEWAY_ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
});

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

  const integration = validOr(rules.oneOf('integration', o.integration, enumValues(GatewayIntegration)), o.integration, GatewayIntegration.INTERNAL_ALB);
  const alb = integration === GatewayIntegration.INTERNAL_ALB;
  const azCount = validOr(rules.integer('azCount', o.azCount, MIN_AZS, MAX_AZS), o.azCount, DEFAULT_AZS);
  const namespaceOk = rules.matches('namespaceName', o.namespaceName, NAMESPACE, 'a lower-case DNS name such as shop.internal');
  const namespace: GatewayNamespacePlan = {
    name: validOr(namespaceOk, o.namespaceName, `${nameText}.internal`),
    kind: alb ? NamespaceKind.HTTP : NamespaceKind.PRIVATE_DNS,
  };

  const rpsOk = rules.positive('accountThrottleRps', o.accountThrottleRps, 1e7, 'requests/s');
  const burstOk = rules.integer('accountBurst', o.accountBurst, 1, 1e7, 'requests');
  const accountThrottleRps = validOr(rpsOk, o.accountThrottleRps, L.accountRps);
  const accountBurst = validOr(burstOk, o.accountBurst, L.accountBurst);

  const l = objectOrEmpty(o.load);
  const peakOk = rules.number('load.peakRequestsPerSecond', l.peakRequestsPerSecond, 0, 1e8, 'requests/s');
  const peakRequestsPerSecond = assumed.take('load.peakRequestsPerSecond', l.peakRequestsPerSecond === undefined ? undefined
    : validOr(peakOk, l.peakRequestsPerSecond, 0), 0, 'no peak declared: nothing to size against');

  // --- JWT authorizer ----------------------------------------------------------------------------
  let jwtAuthorizer: JwtAuthorizerPlan | undefined;
  if (o.jwtAuthorizer !== undefined) {
    const j = objectOrEmpty(o.jwtAuthorizer);
    rules.check('jwtAuthorizer', o.jwtAuthorizer, isPlainObject(o.jwtAuthorizer), 'an object with issuerUrl and audiences');
    const issuerOk = rules.check('jwtAuthorizer.issuerUrl', j.issuerUrl, typeof j.issuerUrl === 'string' && HTTPS_URL_PATTERN.test(j.issuerUrl),
      'an https:// issuer URL (the authorizer fetches its OpenID configuration over HTTPS)');
    const audOk = rules.check('jwtAuthorizer.audiences', j.audiences, Array.isArray(j.audiences) && j.audiences.length > 0
      && j.audiences.every((a) => typeof a === 'string' && a.length > 0 && a.length <= 256), 'a non-empty list of audience strings');
    const sourceOk = rules.matches('jwtAuthorizer.identitySource', j.identitySource, /^\$request\.(header|querystring)\.[A-Za-z0-9_-]+$/,
      'a request header or query string selector such as $request.header.Authorization');
    jwtAuthorizer = {
      issuerUrl: validOr(issuerOk, j.issuerUrl, ''),
      audiences: audOk ? [...j.audiences] : [],
      identitySource: validOr(sourceOk, j.identitySource, '$request.header.Authorization'),
    };
  }

  // --- services ------------------------------------------------------------------------------------
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
    const svc = planService(rules, assumed, s, i, {
      gatewayPath: path,
      gatewayPrefix: prefix,
      azCount,
      alb,
      sizing: { targetUtilization: sizing.targetUtilization, maxUtilizationOnAzLoss: sizing.maxUtilization },
      peak: peakRequestsPerSecond * shares[i],
      share: shares[i],
      accountThrottleRps,
      accountBurst,
      limits: L,
      jwt: jwtAuthorizer !== undefined,
    });
    if (svc && pathPrefix) services.push({ ...svc, pathPrefix, routeKeys: routeKeysFor(pathPrefix) });
  });

  // ALB rule priorities: more specific (longer) prefixes first; `/` is the listener's default action.
  const albPriority = new Map<string, number>();
  if (alb) {
    [...services].filter((s) => s.pathPrefix !== '/').sort((a, b) => b.pathPrefix.length - a.pathPrefix.length || a.name.localeCompare(b.name))
      .forEach((s, k) => albPriority.set(s.name, (k + 1) * 10));
  }
  const resolved = services.map((s) => ({
    ...s,
    integration: {
      ...s.integration,
      ...(alb ? {
        albRulePriority: albPriority.get(s.name),
        albPathPatterns: s.pathPrefix === '/' ? [] : [s.pathPrefix, `${s.pathPrefix}/*`],
      } : {}),
    },
  }));
  const routes: GatewayRoutePlan[] = resolved.flatMap((s) => s.routeKeys.map((routeKey, k) => ({
    routeKey,
    service: s.name,
    throttle: routeThrottle(s.throttle, k, s.routeKeys.length),
    authorized: jwtAuthorizer !== undefined && s.requireAuthorization,
    authorizationScopes: s.authorizationScopes,
  })));

  rules.throwIfInvalid();
  return {
    kind: BlockKind.MICROSERVICE_GATEWAY,
    planVersion: PLAN_FORMAT_VERSION,
    name: nameText,
    path,
    sizing,
    assumed: assumed.list,
    integration,
    azCount,
    api: {
      stageName: '$default',
      autoDeploy: true,
      accessLogs: true,
      accessLogRetentionDays: ACCESS_LOG_RETENTION_DAYS,
      defaultThrottle: { rateLimit: accountThrottleRps, burstLimit: accountBurst },
    },
    vpcLinkPrivateSubnets: true,
    internalLoadBalancer: alb ? {
      listenerPort: 80,
      listenerProtocol: ListenerProtocol.HTTP,
      idleTimeoutSeconds: Math.max(L.albIdleDefault, Math.ceil(L.timeoutMaxMs / 1000)),
      dropInvalidHeaderFields: true,
      accessLogs: true,
      logBucket: apiLogBucket(nameText),
      ingressFromVpcLinkOnly: true,
      defaultService: resolved.find((s) => s.pathPrefix === '/')?.name,
    } : undefined,
    namespace,
    jwtAuthorizer,
    services: resolved,
    routes,
    accountThrottleRps,
    accountBurst,
    load: { peakRequestsPerSecond },
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
  const L = ctx.limits;
  // An invalid name is reported once, by the gateway; the nested plans get a valid stand-in.
  const svcName = typeof s.name === 'string' && NAME_PATTERN.test(s.name) ? s.name : `service-${i}`;
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

  // The fleet resolves exactly as a LoadBalancedApi's does: same defaults, same rules.
  let api: LoadBalancedApiPlan | undefined;
  try {
    api = planLoadBalancedApi({
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
      },
    }, { path: `${ctx.gatewayPath}/${svcName}`, specPrefix: `${ctx.gatewayPrefix}.services.${svcName}` });
  } catch (e) {
    rehome(rules, e, p);
  }

  // Timeouts.
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

  if (!api) return undefined;

  // Throttle: shed load before the service saturates.
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

  // Database: a small ReplicatedDatabase unless given otherwise.
  let database: ReplicatedDatabasePlan | undefined;
  if (s.database !== undefined) {
    if (rules.check(`${p}.database`, s.database, isPlainObject(s.database), 'ReplicatedDatabase options (e.g. {} for the small defaults)')) {
      const d = s.database;
      const dl = objectOrEmpty(d.load);
      const fillTasks = dl.poolSize !== undefined && dl.tasks === undefined && dl.connections === undefined;
      try {
        database = planReplicatedDatabase({
          name: `${svcName}-db`,
          azCount: ctx.azCount,
          sizing: ctx.sizing,
          allowedClients: [svcName],
          ...SERVICE_DATABASE_DEFAULTS,
          ...d,
          load: fillTasks ? { ...dl, tasks: api.scaling.maxTasks } : d.load,
        }, { path: `${ctx.gatewayPath}/${svcName}-db`, specPrefix: `${ctx.gatewayPrefix}.services.${svcName}.database` });
      } catch (e) {
        rehome(rules, e, `${p}.database`);
      }
    }
  }

  const hc = api.healthCheck;
  const containerHealthCheck: ContainerHealthCheckPlan | undefined = ctx.alb ? undefined : {
    command: cmdOk && s.containerHealthCheckCommand ? [...s.containerHealthCheckCommand]
      : ['CMD-SHELL', `wget -q -O /dev/null http://localhost:${api.container.port}${hc.path} || exit 1`],
    intervalSeconds: Math.min(L.hcIntervalMax, Math.max(L.hcIntervalMin, hc.intervalSeconds)),
    timeoutSeconds: Math.min(L.hcTimeoutMax, Math.max(L.hcTimeoutMin, hc.timeoutSeconds)),
    retries: Math.min(L.hcRetriesMax, hc.unhealthyThreshold),
    startPeriodSeconds: 30,
  };

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
    containerHealthCheck,
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
      perRequestTimeoutSeconds,
      idleTimeoutSeconds,
      logStreamPrefix: SERVICE_CONNECT_LOG_STREAM_PREFIX,
    },
    integration: ctx.alb
      ? { kind: GatewayIntegration.INTERNAL_ALB, timeoutMs }
      : { kind: GatewayIntegration.CLOUD_MAP, timeoutMs, cloudMapServiceName: `${svcName}-api`, dnsRecordType: 'SRV', dnsTtlSeconds: 10 },
    throttle: { rateLimit, burstLimit },
    requireAuthorization: s.requireAuthorization !== false,
    authorizationScopes: scopesOk && Array.isArray(s.authorizationScopes) ? [...s.authorizationScopes] : [],
    requestShare: ctx.share,
    load: api.load,
    database,
    queueSubscriptions: queuesOk && Array.isArray(s.queueSubscriptions) ? [...s.queueSubscriptions] : [],
  };
}

// ---------------------------------------------------------------------------------------------
// Sizing
// ---------------------------------------------------------------------------------------------

/** What the sizing reads of one deployed service. */
export interface GatewayServiceTopology {
  readonly name: string;
  /** The fleet, as a LoadBalancedApi's. */
  readonly fleet: ApiTopology;
  /** The rate limit of the service's routes. */
  readonly rateLimit: number;
  /** The service's database, when it has one. */
  readonly database?: ReplicatedDatabaseTopology;
}

/** What the sizing reads of a deployed MicroserviceGateway. */
export interface MicroserviceGatewayTopology {
  readonly services: GatewayServiceTopology[];
  readonly routeCount: number;
}

/** The topology a plan intends to deploy. */
export function microserviceGatewayTopologyOf(plan: MicroserviceGatewayPlan): MicroserviceGatewayTopology {
  return {
    services: plan.services.map((s) => ({
      name: s.name,
      fleet: {
        minTasks: s.scaling.minTasks,
        maxTasks: s.scaling.maxTasks,
        autoScaling: s.scaling.autoScaling,
        targetCpuUtilization: s.scaling.targetCpuUtilization,
        requestsPerSecondPerTarget: s.scaling.requestsPerSecondPerTarget,
        azCount: plan.azCount,
        deployMaximumPercent: s.deployment.strategy === DeploymentStrategy.BLUE_GREEN ? 200 : s.deployment.maximumPercent,
        blueGreen: s.deployment.strategy === DeploymentStrategy.BLUE_GREEN,
      },
      rateLimit: s.throttle.rateLimit,
      database: s.database ? replicatedDatabaseTopologyOf(s.database) : undefined,
    })),
    routeCount: plan.routes.length,
  };
}

/** The demand the sizing checks a MicroserviceGateway against. */
export interface MicroserviceGatewayDemand {
  /**
   * Peak requests/s at the gateway; each service takes its requestShare.
   *
   * @default - the plan's load.peakRequestsPerSecond
   */
  readonly peakRequestsPerSecond?: number;
}

/** The service's fleet as the LoadBalancedApi sizing sees it (a fleet behind a load balancer or Cloud Map). */
function asApiPlan(plan: MicroserviceGatewayPlan, s: GatewayServicePlan): LoadBalancedApiPlan {
  return {
    kind: BlockKind.LOAD_BALANCED_API,
    planVersion: plan.planVersion,
    name: s.name,
    path: `${plan.path}/${s.name}`,
    sizing: plan.sizing,
    assumed: plan.assumed,
    algorithm: LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS,
    loadBalancerType: LoadBalancerType.APPLICATION,
    compute: s.compute,
    container: s.container,
    azCount: plan.azCount,
    internetFacing: false,
    listener: { protocol: ListenerProtocol.HTTP, port: 80, redirectHttpToHttps: false, sslPolicy: API_SSL_POLICY, urlScheme: 'http' },
    healthCheck: s.healthCheck,
    targetGroup: s.targetGroup ?? {
      protocol: 'HTTP', port: s.container.port, targetType: 'ip', anomalyMitigation: false, crossZoneLoadBalancing: true,
    },
    network: { loadBalancerSubnets: SubnetKind.PRIVATE, taskSubnets: s.taskSubnets, assignPublicIp: false },
    securityGroups: {
      loadBalancerIngressCidrs: [],
      loadBalancerAdmitsVpcCidr: false,
      loadBalancerAdmitsCloudFrontOnly: false,
      loadBalancerIngressPorts: [80],
      taskIngressPort: s.container.port,
      loadBalancerEgressToTasksOnly: true,
    },
    deregistrationDelaySeconds: s.deregistrationDelaySeconds,
    idleTimeoutSeconds: plan.internalLoadBalancer?.idleTimeoutSeconds ?? catalog.QUOTAS.elb.albIdleTimeoutDefaultSeconds.value,
    slowStartSeconds: 0,
    dropInvalidHeaderFields: true,
    scaling: s.scaling,
    deployment: s.deployment,
    ecsService: s.ecsService,
    accessLogs: false,
    load: s.load,
  };
}

/**
 * The smallest whole limit that `demand` PASSes under (within `warnMargin` of it): the exact fix of
 * a throttle row, computed by the row's own verdict so that the limit passes and one less does not.
 */
export function smallestPassingLimit(demand: number, warnMargin: number): number {
  if (!(demand > 0)) return 1;
  const passes = (n: number): boolean => verdictFor(utilizationOf(demand, n), 1, warnMargin) === Verdict.PASS;
  return smallestPassing(demand / warnMargin, passes) ?? Math.ceil(demand / warnMargin);
}

/**
 * Sizes a MicroserviceGateway: the gateway's requests against the Regional account throttle,
 * each route's demand against its throttle, the routes and ALB quotas, each service as a
 * LoadBalancedApi fleet (NORMAL, AZ_LOSS, auto scaling, Erlang C), each service database as a
 * ReplicatedDatabase, and the account's DB instances over all of them.
 */
export function sizeMicroserviceGateway(plan: MicroserviceGatewayPlan, demand: MicroserviceGatewayDemand = {},
  topology: MicroserviceGatewayTopology = microserviceGatewayTopologyOf(plan)): SizingRow[] {
  const L = limits();
  const total = demand.peakRequestsPerSecond ?? plan.load.peakRequestsPerSecond;
  const m = plan.sizing.warnMargin;
  const base = { block: plan.path, blockKind: plan.kind, assumed: plan.assumed as AssumedInput[] };
  const rows: SizingRow[] = [];

  rows.push(checkLimit({ ...base, resource: 'account throttle', metric: 'requests/s', sources: ['catalog.QUOTAS.apiGateway.accountThrottleRps'] },
    total, plan.accountThrottleRps, m,
    `request an API Gateway throttle quota of >= ${fmt(smallestPassingLimit(total, m))} requests/s for the Region, then set accountThrottleRps`,
    'the Regional API Gateway account throttle (shared by every API of the account)'));
  rows.push(checkLimit({ ...base, resource: 'routes', metric: 'routes', sources: ['catalog.QUOTAS.apiGateway.httpRoutesPerApi'] },
    topology.routeCount, L.routesPerApi.value, m, 'merge services under fewer prefixes, or request a routes quota increase',
    'the HTTP API routes quota'));
  if (plan.integration === GatewayIntegration.INTERNAL_ALB) {
    const rulesUsed = plan.services.filter((s) => s.pathPrefix !== '/').length;
    rows.push(checkLimit({ ...base, resource: 'ALB rules', metric: 'rules', sources: ['catalog.QUOTAS.elb.albRulesPerLoadBalancer'] },
      rulesUsed, L.albRules.value, m, 'use CLOUD_MAP integration, or split the services over two gateways', 'the ALB rules quota'));
    rows.push(checkLimit({
      ...base,
      resource: 'ALB target groups',
      metric: 'target groups',
      sources: ['catalog.QUOTAS.elb.albTargetGroupsPerLoadBalancer'],
    },
    plan.services.length + plan.services.filter((s) => s.deployment.strategy === DeploymentStrategy.BLUE_GREEN).length,
    L.albTargetGroups.value, m, 'use CLOUD_MAP integration, or split the services over two gateways',
    'the target groups per ALB quota (a blue/green service has two)'));
    // Every service's tasks are targets of the one internal ALB; one deploy at a time adds its surge.
    const fleets = plan.services.map((s, i) => (topology.services.find((x) => x.name === s.name) ?? topology.services[i])?.fleet);
    const steady = fleets.reduce((sum, f) => sum + (f ? f.maxTasks : 0), 0);
    const surge = Math.max(0, ...fleets.map((f) => (f ? Math.ceil((f.maxTasks * ((f.deployMaximumPercent ?? 200) - 100)) / 100 - 1e-9) : 0)));
    rows.push(checkLimit({ ...base, resource: 'ALB targets', metric: 'targets', sources: ['catalog.QUOTAS.elb.albTargetsPerLoadBalancer'] },
      steady + surge, L.albTargets.value, m, 'use CLOUD_MAP integration, bigger tasks, or split the services over two gateways',
      `the targets per ALB quota (the max tasks of every service, plus one deploy's surge of ${fmt(surge)})`));
  }

  let dbInstances = 0;
  plan.services.forEach((s, i) => {
    const t = topology.services.find((x) => x.name === s.name) ?? topology.services[i];
    const svcDemand = total * s.requestShare;
    const sp = `services[${i}]`;
    const rateNeeded = smallestPassingLimit(svcDemand, m);
    rows.push(checkLimit({ ...base, resource: `route throttle ${s.pathPrefix}`, metric: 'requests/s', sources: [`${sp}.throttle.rateLimit`] },
      svcDemand, t?.rateLimit ?? s.throttle.rateLimit, m,
      `set ${sp}.throttle.rateLimit >= ${fmt(rateNeeded)}` + (rateNeeded > plan.accountThrottleRps
        ? ' (above the account throttle: request a quota increase first)' : ''),
      `the rate limit of ${s.pathPrefix}`));
    const fleetRows = sizeLoadBalancedApi(asApiPlan(plan, s), svcDemand, t?.fleet)
      .filter((r) => plan.integration === GatewayIntegration.INTERNAL_ALB || !r.resource.startsWith('targets'))
      .map((r) => (r.fix ? { ...r, fix: r.fix.replace(/\bscaling\./g, `${sp}.scaling.`) } : r));
    rows.push(...fleetRows);
    if (s.database) {
      rows.push(...sizeReplicatedDatabase(s.database, {}, t?.database ?? replicatedDatabaseTopologyOf(s.database)));
      dbInstances += 1 + (t?.database ?? replicatedDatabaseTopologyOf(s.database)).maxReaders;
    }
  });
  if (dbInstances > 0) {
    rows.push(checkLimit({ ...base, resource: 'service DB instances', metric: 'DB instances', sources: ['catalog.QUOTAS.rds.dbInstancesPerRegion'] },
      dbInstances, L.dbInstances.value, m, 'request a DB instances quota increase, or let small services share a database',
      'the DB instances per Region quota (shared by every RDS and Aurora instance of the account)'));
  }
  if (plan.services.every((s) => !s.deployment.circuitBreaker) && plan.services.length > 0) {
    rows.push(checkRule({ ...base, resource: 'deployments', metric: 'services', sources: [] }, Verdict.WARN,
      'no service has the deployment circuit breaker: a bad deploy is not rolled back',
      `set deployment.circuitBreaker true on ${plan.services.map((_, i) => `services[${i}]`).join(', ')}`));
  }
  return rows;
}

/** Notes the report shows for a MicroserviceGateway plan. */
export function microserviceGatewayNotes(plan: MicroserviceGatewayPlan): string[] {
  const p = plan.path;
  const notes: string[] = [
    `${p}: circuit breaking between services is ECS Service Connect's: its Envoy proxy ejects failing tasks (outlier detection) and retries `
      + 'on its own, with no setting in the ECS API; the plan sets only its per-request and idle timeouts',
    `${p}: each service's rate limit is split evenly over its route keys (the prefix and everything under it), which add up to it; `
      + 'traffic that all goes to one of them is shed at its part',
  ];
  if (plan.integration === GatewayIntegration.INTERNAL_ALB) {
    notes.push(`${p}: traffic from the VPC link to the internal load balancer is plain HTTP inside the VPC`);
  } else {
    notes.push(`${p}: with CLOUD_MAP the gateway reaches tasks that pass their container health check; the image must hold the health check's tool`);
  }
  for (const s of plan.services) {
    if (!s.deployment.circuitBreaker) notes.push(`${p}/${s.name}: the deployment circuit breaker is off; a bad deploy is not rolled back`);
    if (!s.requireAuthorization) {
      notes.push(`${p}/${s.name}: its routes are public, reachable from the internet without authorization (requireAuthorization false, set in the spec)`);
    }
  }
  return notes;
}
