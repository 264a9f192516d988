import { BlockKind, HTTPS_URL_PATTERN, MAX_AZS, MIN_AZS, RemovalPolicy } from '../blocks/common';
import { GatewayIntegration, normalisePathPrefix, planMicroserviceGateway } from '../blocks/microservice-gateway';
import * as catalog from '../catalog';
import { BlockPlanRules, checkFixedResponse, checkFoundation } from './common';
import { checkEcsFleet } from './load-balanced-api';

/** A route key the plan function makes (`routeKeysFor`): `$default`, or `ANY <prefix>` and `ANY <prefix>/{proxy+}`. */
function isRouteKey(key: unknown): boolean {
  if (key === '$default') return true;
  const m = typeof key === 'string' ? /^ANY (\/[^\s]*?)(\/\{proxy\+\})?$/.exec(key) : null;
  return m !== null && normalisePathPrefix(m[1]) === m[1];
}
const ROUTE_KEY_ALLOWED = 'a route key: $default, or ANY <path prefix> or ANY <path prefix>/{proxy+}';

export const MICROSERVICE_GATEWAY_PLAN_RULES: BlockPlanRules = {
  kind: BlockKind.MICROSERVICE_GATEWAY,
  plan: planMicroserviceGateway,
  type: 'MicroserviceGatewayPlan',
  schema: 'plans/microservice-gateway.schema.json',
  check(r) {
    const api = catalog.QUOTAS.apiGateway;
    r.integer('azCount', MIN_AZS, MAX_AZS);
    r.length('services', 1, catalog.QUOTAS.elb.albTargetGroupsPerLoadBalancer.value, 'services');
    const alb = r.at('integration') === GatewayIntegration.INTERNAL_ALB;
    r.rules.check(r.prop('internalLoadBalancer'), r.at('internalLoadBalancer'), (r.at('internalLoadBalancer') !== undefined) === alb,
      alb ? 'given: the INTERNAL_ALB integration renders the internal load balancer it describes' : 'unset: a CLOUD_MAP gateway has no load balancer');
    r.each('services', (s) => {
      checkEcsFleet(s);
      // Behind the internal ALB the target group and its health check speak HTTP.
      if (alb) {
        for (const path of ['targetGroup.protocol', 'healthCheck.protocol']) {
          const v = s.at(path);
          if (v !== undefined) s.rules.check(s.prop(path), v, v === 'HTTP', 'HTTP behind the INTERNAL_ALB integration');
        }
      }
      // Behind the internal ALB each service has its target group; through Cloud Map none.
      s.rules.check(s.prop('targetGroup'), s.at('targetGroup'), (s.at('targetGroup') !== undefined) === alb,
        alb ? 'given: a service behind the INTERNAL_ALB integration has a target group' : 'unset: a CLOUD_MAP service has no target group');
      s.integer('integration.albRulePriority', 1, 50_000);
      s.integer('integration.timeoutMs', api.httpIntegrationTimeoutMinMs.value, api.httpIntegrationTimeoutMaxMs.value, 'ms');
      s.integer('serviceConnect.clientAliasPort', 1, 65535);
      if (!alb) {
        s.rules.check(s.prop('integration.dnsRoutingPolicy'), s.at('integration.dnsRoutingPolicy'), s.at('integration.dnsRoutingPolicy') !== undefined,
          'given: a CLOUD_MAP service renders the routing policy of its Cloud Map service');
      }
      const keys = s.at('routeKeys');
      if (Array.isArray(keys)) keys.forEach((k, i) => s.rules.check(s.prop(`routeKeys[${i}]`), k, isRouteKey(k), ROUTE_KEY_ALLOWED));
    });
    // Each route is one of its service's route keys, each key routed once: the backends name a
    // route by its key's place in the service's list (a wider random run emptied a list, and two
    // routes of one service met at one construct id in Terraform).
    const services = r.at('services');
    const keysOf = new Map<unknown, unknown[]>(Array.isArray(services)
      ? services.filter((x) => x !== null && typeof x === 'object').map((x) => [(x as { name?: unknown }).name, (x as { routeKeys?: unknown }).routeKeys])
        .filter((e): e is [unknown, unknown[]] => Array.isArray(e[1])) : []);
    const routed = new Set<string>();
    r.each('routes', (route) => {
      const key = route.at('routeKey');
      if (typeof key === 'string') route.rules.check(route.prop('routeKey'), key, isRouteKey(key), ROUTE_KEY_ALLOWED);
      const service = route.at('service');
      const keys = keysOf.get(service);
      route.rules.check(route.prop('service'), service, keys !== undefined, 'the name of a service of the plan');
      if (keys === undefined || typeof key !== 'string') return;
      route.rules.check(route.prop('routeKey'), key, keys.includes(key) && !routed.has(`${String(service)} ${key}`),
        `one of the route keys of service ${String(service)} (${keys.map(String).join(', ') || 'none'}), each routed once`);
      routed.add(`${String(service)} ${key}`);
    });
    if (r.nested('jwtAuthorizer')) {
      // API Gateway takes a JWT authorizer with an issuer and at least one audience (aws-cdk-lib threw its own error on none).
      const audiences = r.at('jwtAuthorizer.audiences');
      if (Array.isArray(audiences)) {
        r.rules.check(r.prop('jwtAuthorizer.audiences'), audiences, audiences.length > 0, 'a list of one audience or more (the client ids a token may name)');
        audiences.forEach((_a, i) => r.text(`jwtAuthorizer.audiences[${i}]`, '(a client id the token may name)'));
      }
      const issuer = r.at('jwtAuthorizer.issuerUrl');
      r.rules.check(r.prop('jwtAuthorizer.issuerUrl'), issuer, typeof issuer === 'string' && HTTPS_URL_PATTERN.test(issuer), 'an https:// URL: the issuer of the tokens');
    }
    r.integer('internalLoadBalancer.listenerPort', 1, 65535);
    checkFoundation(r, r.at('azCount'));
    if (alb && r.nested('internalLoadBalancer')) {
      // The listener forwards to the `/` service, or answers the fixed response: exactly one of them.
      const unmatched = r.at('internalLoadBalancer.unmatchedResponse');
      const noDefault = r.at('internalLoadBalancer.defaultService') === undefined;
      r.rules.check(r.prop('internalLoadBalancer.unmatchedResponse'), unmatched, (unmatched !== undefined) === noDefault,
        noDefault ? 'given: without a defaultService the listener answers this fixed response' : 'unset: the listener forwards to its defaultService');
      checkFixedResponse(r, 'internalLoadBalancer.unmatchedResponse');
    }
    r.integer('api.accessLogRetentionDays', 1, 3653, 'days');
    const removal = r.at('removalPolicy');
    r.rules.check(r.prop('removalPolicy'), removal, removal === RemovalPolicy.RETAIN || removal === RemovalPolicy.DESTROY,
      'RETAIN or DESTROY (a KMS key and log groups have no snapshot)');
  },
};
