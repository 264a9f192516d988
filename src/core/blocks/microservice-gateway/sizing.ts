// MicroserviceGateway: the topology the sizing reads, and the sizing rows of the gateway and its services.
import { limits } from './internal';
import { GatewayIntegration } from './options';
import { GatewayServicePlan, MicroserviceGatewayPlan } from './plan';
import { AssumedInput } from '../../assumptions';
import * as catalog from '../../catalog';
import { checkLimit, checkRule, smallestPassing, utilizationOf, verdictFor } from '../../sizing/capacity';
import { SizingRow, Verdict } from '../../sizing/report';
import { fmt } from '../../validation';
import { BlockKind } from '../common';
import {
  API_SSL_POLICY, ApiTopology, DeploymentStrategy, ListenerProtocol, LoadBalancedApiPlan, LoadBalancerType, LoadBalancingAlgorithm,
  sizeLoadBalancedApi, SubnetKind,
} from '../load-balanced-api';
import { ReplicatedDatabaseTopology, replicatedDatabaseTopologyOf, sizeReplicatedDatabase } from '../replicated-database';
import { OriginAccess } from '../shared/cdn';
import { quotaRow } from '../shared/quota-row';

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
    createdNetwork: plan.createdNetwork,
    kmsKeyDeletionWindowDays: plan.kmsKeyDeletionWindowDays,
    algorithm: LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS,
    loadBalancerType: LoadBalancerType.APPLICATION,
    compute: s.compute,
    container: s.container,
    azCount: plan.azCount,
    internetFacing: false,
    originAccess: OriginAccess.DIRECT,
    listener: {
      protocol: ListenerProtocol.HTTP,
      port: 80,
      redirectHttpToHttps: false,
      sslPolicy: API_SSL_POLICY,
      urlScheme: 'http',
      plainTextToInternet: false,
    },
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

/** The API Gateway quota a raised account throttle is requested under (Service Quotas code L-8A5B8E43). */
export const ACCOUNT_THROTTLE_QUOTA_NAME = 'Throttle quota per account, per Region across HTTP APIs, REST APIs, WebSocket APIs, and WebSocket callback APIs';

/** The quota increase that makes an account throttle of `rps` available, and how the spec then says so. */
function accountThrottleFix(rps: number, region: string | undefined): string {
  return `request the API Gateway quota "${ACCOUNT_THROTTLE_QUOTA_NAME}" (Service Quotas L-8A5B8E43) of >= ${fmt(rps)} requests/s `
    + `in ${region ?? 'the Region'}, then declare it (quotas.apiGateway.accountThrottleRps: ${fmt(rps).replace(/,/g, '')}; the gateway's `
    + 'accountThrottleRps defaults to the declared quota)';
}

/**
 * Sizes a MicroserviceGateway: the gateway's requests against the Regional account throttle,
 * each route's demand against its throttle, the routes and ALB quotas, each service as a
 * LoadBalancedApi fleet (NORMAL, AZ_LOSS, auto scaling, Erlang C), each service database as a
 * ReplicatedDatabase, and the account's DB instances over all of them.
 */
export function sizeMicroserviceGateway(plan: MicroserviceGatewayPlan, demand: MicroserviceGatewayDemand = {},
  topology: MicroserviceGatewayTopology = microserviceGatewayTopologyOf(plan), context: catalog.QuotaContext = {}): SizingRow[] {
  const L = limits();
  const total = demand.peakRequestsPerSecond ?? plan.load.peakRequestsPerSecond;
  const m = plan.sizing.warnMargin;
  const base = { block: plan.path, blockKind: plan.kind, assumed: plan.assumed as AssumedInput[] };
  const rows: SizingRow[] = [];

  // The account throttle of the Region: a plan whose accountThrottleRps differs from the catalog's
  // default states the account's quota (as a declared quota does); otherwise the Region's default.
  const throttlePath = 'apiGateway.accountThrottleRps';
  const statedThrottle = plan.accountThrottleRps !== catalog.QUOTAS.apiGateway.accountThrottleRps.value
    && context.quotas?.[throttlePath] === undefined;
  rows.push(quotaRow({
    ...base,
    resource: 'account throttle',
    metric: 'requests/s',
    warnMargin: m,
    what: 'the Regional API Gateway account throttle (shared by every API of the account)',
    fix: accountThrottleFix(smallestPassingLimit(total, m), context.region),
  }, throttlePath, total, statedThrottle ? { ...context, quotas: { ...context.quotas, [throttlePath]: plan.accountThrottleRps } } : context));
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
    // A route's rate limit may not exceed the plan's account throttle: above it, the one change is both.
    rows.push(checkLimit({ ...base, resource: `route throttle ${s.pathPrefix}`, metric: 'requests/s', sources: [`${sp}.throttle.rateLimit`] },
      svcDemand, t?.rateLimit ?? s.throttle.rateLimit, m,
      rateNeeded > plan.accountThrottleRps
        ? `set accountThrottleRps >= ${fmt(rateNeeded)} and ${sp}.throttle.rateLimit >= ${fmt(rateNeeded)} (above the account throttle of `
          + `${fmt(plan.accountThrottleRps)}: ${accountThrottleFix(rateNeeded, context.region)})`
        : `set ${sp}.throttle.rateLimit >= ${fmt(rateNeeded)}`,
      `the rate limit of ${s.pathPrefix}`));
    // Behind Cloud Map the tasks are no load balancer's targets: no targets row, and no quota bounds the count.
    const fleetRows = sizeLoadBalancedApi(asApiPlan(plan, s), svcDemand, t?.fleet, { targets: plan.integration === GatewayIntegration.INTERNAL_ALB })
      .map((r) => (r.fix ? { ...r, fix: r.fix.replace(/\bscaling\./g, `${sp}.scaling.`) } : r));
    rows.push(...fleetRows);
    if (s.database) {
      rows.push(...sizeReplicatedDatabase(s.database, {}, t?.database ?? replicatedDatabaseTopologyOf(s.database)));
      dbInstances += 1 + (t?.database ?? replicatedDatabaseTopologyOf(s.database)).maxReaders;
    }
  });
  if (dbInstances > 0) {
    rows.push(quotaRow({
      ...base,
      resource: 'service DB instances',
      metric: 'DB instances',
      warnMargin: m,
      what: 'the DB instances per Region quota (shared by every RDS and Aurora instance of the account)',
      fix: `request a DB instances quota of >= ${fmt(smallestPassingLimit(dbInstances, m))} (Service Quotas, Amazon RDS: DB instances), or let small services share a database`,
    }, 'rds.dbInstancesPerRegion', dbInstances, context));
  }
  if (plan.services.every((s) => !s.deployment.circuitBreaker) && plan.services.length > 0) {
    rows.push(checkRule({ ...base, resource: 'deployments', metric: 'services', sources: [] }, Verdict.WARN,
      'no service has the deployment circuit breaker: a bad deploy is not rolled back',
      `set deployment.circuitBreaker true on ${plan.services.map((_, i) => `services[${i}]`).join(', ')}`));
  }
  return rows;
}
