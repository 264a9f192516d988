// MicroserviceGateway: the plan (every default resolved) and the constants it is built from.
import { DnsRoutingPolicy, GatewayIntegration, NamespaceKind } from './options';
import * as catalog from '../../catalog';
import { BlockPlanBase, RemovalPolicy } from '../common';
import {
  ApiComputePlan, ApiContainerPlan, ApiDeploymentPlan, ApiHealthCheckPlan, ApiLoadPlan, ApiLogBucketPlan, ApiScalingPlan, ApiTargetGroupPlan,
  ListenerProtocol, SubnetKind,
} from '../load-balanced-api';
import { ReplicatedDatabasePlan } from '../replicated-database';
import { EcsServiceSettingsPlan } from '../shared/ecs';
import { BlockFoundationPlan } from '../shared/foundation';
import { FixedResponsePlan } from '../shared/listener';

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
  /** CLOUD_MAP: how Cloud Map answers a DNS query (MULTIVALUE: up to eight healthy tasks). */
  readonly dnsRoutingPolicy?: DnsRoutingPolicy;
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
  /** The service of prefix `/`, the listener's default action; absent: `unmatchedResponse`. */
  readonly defaultService?: string;
  /**
   * What the listener answers to a path no service takes, when no service has prefix `/`.
   *
   * @default - none: the `defaultService` takes every path no other rule takes
   */
  readonly unmatchedResponse?: FixedResponsePlan;
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
export interface MicroserviceGatewayPlan extends BlockPlanBase, BlockFoundationPlan {
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
  /** What happens to the gateway's KMS key and log groups when the stack removes them (RETAIN or DESTROY). */
  readonly removalPolicy: RemovalPolicy;
  readonly load: MicroserviceGatewayLoadPlan;
}

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
