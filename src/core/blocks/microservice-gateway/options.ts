// MicroserviceGateway: the options a user passes (and every enum of the block).
import { RemovalPolicy, SizingBoundsOptions } from '../common';
import { ApiComputeOptions, ApiContainerOptions, ApiDeploymentOptions, ApiHealthCheckOptions, ApiScalingOptions } from '../load-balanced-api';
import { ReplicatedDatabaseOptions } from '../replicated-database';
import { BlockFoundationOptions } from '../shared/foundation';

/** How Cloud Map answers a DNS query for a service (CLOUD_MAP integration). */
export enum DnsRoutingPolicy {
  /** Up to eight healthy records, chosen at random: clients spread over the tasks. */
  MULTIVALUE = 'MULTIVALUE',
  /** One record, chosen at random. */
  WEIGHTED = 'WEIGHTED',
}

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
  /**
   * Requests one task serves at once: the servers of a task in the Erlang C check (a whole number, 1..100,000).
   *
   * @default - with a latency check, the LoadBalancedApi derivation (2 x vCPU + 1, at least 1); else unused
   */
  readonly concurrencyPerTask?: number;
  /**
   * Seconds this service's load takes to rise from zero to its peak (0..86,400): the scale-out
   * row checks that its tasks keep up (as a LoadBalancedApi's `load.rampSeconds`).
   *
   * @default - 0 (catalog.ASSUMED.loadRampSeconds, listed as assumed with auto scaling): the peak may arrive at once
   */
  readonly rampSeconds?: number;
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
export interface MicroserviceGatewayOptions extends BlockFoundationOptions {
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
  /**
   * What happens to the gateway's KMS key and log groups (access logs, service logs) when the
   * stack removes them (RETAIN or DESTROY).
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}
