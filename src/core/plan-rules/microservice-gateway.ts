import { BlockKind, MAX_AZS, MIN_AZS } from '../blocks/common';
import { planMicroserviceGateway } from '../blocks/microservice-gateway';
import * as catalog from '../catalog';
import { BlockPlanRules } from './common';
import { checkEcsFleet } from './load-balanced-api';

export const MICROSERVICE_GATEWAY_PLAN_RULES: BlockPlanRules = {
  kind: BlockKind.MICROSERVICE_GATEWAY,
  plan: planMicroserviceGateway,
  type: 'MicroserviceGatewayPlan',
  schema: 'plans/microservice-gateway.schema.json',
  check(r) {
    const api = catalog.QUOTAS.apiGateway;
    r.integer('azCount', MIN_AZS, MAX_AZS);
    r.length('services', 1, catalog.QUOTAS.elb.albTargetGroupsPerLoadBalancer.value, 'services');
    r.each('services', (s) => {
      checkEcsFleet(s);
      s.integer('integration.albRulePriority', 1, 50_000);
      s.integer('integration.timeoutMs', api.httpIntegrationTimeoutMinMs.value, api.httpIntegrationTimeoutMaxMs.value, 'ms');
      s.integer('serviceConnect.clientAliasPort', 1, 65535);
    });
    r.integer('internalLoadBalancer.listenerPort', 1, 65535);
    r.integer('api.accessLogRetentionDays', 1, 3653, 'days');
  },
};
