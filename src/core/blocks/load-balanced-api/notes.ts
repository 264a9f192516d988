// LoadBalancedApi: the notes the report shows for a plan.
import { ComputeKind, ListenerProtocol, LoadBalancerType } from './options';
import { LoadBalancedApiPlan } from './plan';
import { instanceNetworkGbps } from './sizing';
import { OriginAccess } from '../shared/cdn';

/** Notes the report shows for a plan (design facts that are not capacity rows). */
export function loadBalancedApiNotes(plan: LoadBalancedApiPlan): string[] {
  const notes: string[] = [];
  const p = plan.path;
  if (plan.listener.protocol === ListenerProtocol.HTTP || plan.listener.protocol === ListenerProtocol.TCP) {
    const tls = plan.loadBalancerType === LoadBalancerType.APPLICATION ? 'HTTPS' : 'TLS';
    notes.push(plan.listener.plainTextToInternet
      ? `${p}: serves plain ${plan.listener.protocol} on ${plan.listener.port} TO THE INTERNET, as allowPlainHttp asks: requests and responses `
        + `cross the internet unencrypted; give certificateArn for ${tls} with TLS 1.3`
      : `${p}: served over plain ${plan.listener.protocol} inside the VPC (internal load balancer, no certificateArn); give one for ${tls} with TLS 1.3`);
    if (plan.loadBalancerType === LoadBalancerType.NETWORK) {
      notes.push(`${p}: no access logs: a Network Load Balancer writes them for TLS listeners only`);
    }
  }
  const ports = plan.securityGroups.loadBalancerIngressPorts.join(' and ');
  if (plan.originAccess === OriginAccess.VPC_ORIGIN) {
    notes.push(`${p}: internal load balancer in private subnets, reached only through the CDN's CloudFront VPC origin (no public entry); `
      + `it admits CloudFront's origin-facing prefix list on ${ports}, and the hop from CloudFront stays on the AWS network`);
  } else if (plan.originAccess === OriginAccess.SECRET_ORIGIN_HEADER && plan.originHeader) {
    notes.push(`${p}: internet-facing, forwarding only requests that carry the secret origin header ${plan.originHeader.headerName} (its value `
      + `generated into Secrets Manager secret ${plan.originHeader.secret.name}, which the CDN sends); every other request gets `
      + `${plan.listener.unmatchedResponse?.statusCode ?? 403}. It also admits only CloudFront's origin-facing prefix list on ${ports} (defence in depth). `
      + 'Rotating the value is not automated: a new value must reach the distribution and the listener rule together. '
      + 'With Terraform the value is also in state (the secret version, and the CDN\'s copy of it)');
  } else if (plan.originAccess === OriginAccess.CLOUDFRONT_PREFIX_LIST) {
    notes.push(`${p}: internet-facing, admitting only CloudFront's origin-facing prefix list on ${ports}: any CloudFront distribution, `
      + 'of any account, reaches it and can go around this CDN\'s web ACL; originAccess VPC_ORIGIN keeps it internal, SECRET_ORIGIN_HEADER '
      + 'requires a secret header only this CDN sends');
  }
  if (!plan.deployment.circuitBreaker) notes.push(`${p}: the deployment circuit breaker is off; a bad deploy is not rolled back`);
  if (plan.compute.kind === ComputeKind.FARGATE && plan.load.averageResponseKiB !== undefined) {
    notes.push(`${p}: the tasks' network is not checked: AWS publishes no network bandwidth per Fargate task size (load.averageResponseKiB is unused)`);
  } else if (plan.compute.kind === ComputeKind.EC2 && instanceNetworkGbps(plan.compute) === undefined) {
    notes.push(`${p}: the instances' network is not checked: the catalog has no sourced baseline bandwidth for ${plan.compute.instanceType}`);
  }
  if (plan.ec2Capacity) {
    notes.push(`${p}: awsvpc tasks on EC2 need one ENI each: turn on the account setting awsvpcTrunking, or ${plan.ec2Capacity.instanceType} holds only a few tasks`);
  }
  return notes;
}
