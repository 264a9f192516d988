// LoadBalancedApi: the notes the report shows for a plan.
import { ListenerProtocol, LoadBalancerType } from './options';
import { LoadBalancedApiPlan } from './plan';

/** Notes the report shows for a plan (design facts that are not capacity rows). */
export function loadBalancedApiNotes(plan: LoadBalancedApiPlan): string[] {
  const notes: string[] = [];
  const p = plan.path;
  if (plan.listener.protocol === ListenerProtocol.HTTP || plan.listener.protocol === ListenerProtocol.TCP) {
    notes.push(`${p}: served over plain ${plan.listener.protocol} because no certificateArn was given; give one for ${plan.loadBalancerType === LoadBalancerType.APPLICATION ? 'HTTPS' : 'TLS'} with TLS 1.3`);
    if (plan.loadBalancerType === LoadBalancerType.NETWORK) {
      notes.push(`${p}: no access logs: a Network Load Balancer writes them for TLS listeners only`);
    }
  }
  if (!plan.deployment.circuitBreaker) notes.push(`${p}: the deployment circuit breaker is off; a bad deploy is not rolled back`);
  if (plan.ec2Capacity) {
    notes.push(`${p}: awsvpc tasks on EC2 need one ENI each: turn on the account setting awsvpcTrunking, or ${plan.ec2Capacity.instanceType} holds only a few tasks`);
  }
  return notes;
}
