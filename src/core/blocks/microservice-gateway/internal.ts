// MicroserviceGateway: the quotas the resolution and the sizing share. The index does not re-export them: they are not public.
import * as catalog from '../../catalog';

/** The quotas this block reads, each once. */
export function limits() {
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
