// MicroserviceGateway: the notes the report shows for a plan.
import { GatewayIntegration } from './options';
import { MicroserviceGatewayPlan } from './plan';

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
