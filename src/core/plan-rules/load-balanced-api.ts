import { BlockPlanRules, checkFixedResponse, checkFoundation, checkRedirectStatus, checkVocabulary, OBJECT_OWNERSHIPS, PlanValueRules } from './common';
import { checkWiring } from './wiring';
import { BlockKind, CIDR_PATTERN, MAX_AZS, MIN_AZS } from '../blocks/common';
import { MAX_RAMP_SECONDS, planLoadBalancedApi, SubnetKind } from '../blocks/load-balanced-api';
import { checkOriginHeaderName, MIN_ORIGIN_HEADER_VALUE_LENGTH, OriginAccess, SECRET_NAME_PATTERN } from '../blocks/shared/cdn';
import * as catalog from '../catalog';
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST_NAME } from '../catalog/prefix-lists';

/** A fleet of ECS tasks as the LoadBalancedApi plan and each gateway service hold it (compute, container, scaling, health check, deployment). */
export function checkEcsFleet(r: PlanValueRules): void {
  const elb = catalog.QUOTAS.elb;
  const tasks = catalog.QUOTAS.ecs.tasksPerService.value;
  const cpu = r.at('compute.cpu');
  const memory = r.at('compute.memoryMiB');
  if (r.at('compute.kind') === 'FARGATE' && typeof cpu === 'number' && typeof memory === 'number') {
    r.rules.check(r.prop('compute.memoryMiB'), memory, catalog.isValidFargate(cpu, memory),
      `a Fargate size with compute.cpu ${cpu}: ${catalog.describeFargatePairs()}`);
  }
  r.integer('compute.cpu', 128, 196_608, 'CPU units');
  r.integer('compute.memoryMiB', 128, 6_291_456, 'MiB');
  r.integer('container.port', 1, 65535);
  // Tasks run in awsvpc mode and register by IP (a wider random run made it "x": aws-cdk-lib threw its own error).
  checkVocabulary(r, 'targetGroup.targetType', ['ip'], '(awsvpc tasks register by their IP address)');
  // The load balancer reaches and checks tasks in plain text inside the VPC: HTTP (ALB) or TCP (NLB).
  checkVocabulary(r, 'targetGroup.protocol', ['HTTP', 'TCP'], '(HTTP behind an ALB, TCP behind an NLB)');
  checkVocabulary(r, 'healthCheck.protocol', ['HTTP', 'TCP'], '(HTTP behind an ALB, TCP behind an NLB)');
  r.integer('scaling.minTasks', 0, tasks, 'tasks (the tasks-per-service quota)');
  r.integer('scaling.maxTasks', 1, tasks, 'tasks (the tasks-per-service quota)');
  r.integer('scaling.desiredTasks', 0, tasks, 'tasks');
  r.ordered('scaling.minTasks', 'scaling.desiredTasks');
  r.ordered('scaling.desiredTasks', 'scaling.maxTasks');
  r.integer('healthCheck.intervalSeconds', elb.healthCheckIntervalMinSeconds.value, elb.healthCheckIntervalMaxSeconds.value, 's');
  r.integer('healthCheck.timeoutSeconds', elb.healthCheckTimeoutMinSeconds.value, elb.healthCheckTimeoutMaxSeconds.value, 's');
  r.below('healthCheck.timeoutSeconds', 'healthCheck.intervalSeconds');
  r.integer('healthCheck.healthyThreshold', elb.healthCheckThresholdMin.value, elb.healthCheckThresholdMax.value);
  r.integer('healthCheck.unhealthyThreshold', elb.healthCheckThresholdMin.value, elb.healthCheckThresholdMax.value);
  r.integer('deregistrationDelaySeconds', elb.deregistrationDelayMinSeconds.value, elb.deregistrationDelayMaxSeconds.value, 's');
  r.integer('deployment.minimumHealthyPercent', 0, 100, '%');
  r.integer('deployment.maximumPercent', 100, 200, '%');
  r.integer('deployment.bakeTimeMinutes', 0, 1440, 'minutes (ECS blue/green bake time)');
  r.integer('scaling.scaleInCooldownSeconds', 0, 3600, 's');
  r.integer('scaling.scaleOutCooldownSeconds', 0, 3600, 's');
  r.number('scaling.targetCpuUtilization', 0.05, 1);
  r.number('load.rampSeconds', 0, MAX_RAMP_SECONDS, 's');
}

export const LOAD_BALANCED_API_PLAN_RULES: BlockPlanRules = {
  kind: BlockKind.LOAD_BALANCED_API,
  plan: planLoadBalancedApi,
  type: 'LoadBalancedApiPlan',
  schema: 'plans/load-balanced-api.schema.json',
  check(r) {
    const elb = catalog.QUOTAS.elb;
    r.integer('azCount', MIN_AZS, MAX_AZS);
    checkEcsFleet(r);
    // The protocols are the load balancer's (a wider random run gave an ALB's health check protocol "x").
    const lbProtocol = r.at('loadBalancerType') === 'NETWORK' ? 'TCP' : 'HTTP';
    for (const path of ['targetGroup.protocol', 'healthCheck.protocol']) {
      const v = r.at(path);
      if (v !== undefined) r.rules.check(r.prop(path), v, v === lbProtocol, `${lbProtocol} with loadBalancerType ${String(r.at('loadBalancerType'))}`);
    }
    // ELB takes a slow start of 0 (off) or 30 to 900 s (a wider random run gave 1e9: aws-cdk-lib threw its own error).
    const slowStart = r.at('slowStartSeconds');
    if (typeof slowStart === 'number') {
      r.rules.check(r.prop('slowStartSeconds'), slowStart, slowStart === 0 || (slowStart >= 30 && slowStart <= 900), '0 (off) or 30 to 900 seconds');
    }
    r.integer('listener.port', 1, 65535);
    // Plain text to the internet only as the plan says it (allowPlainHttp), so the report notes it.
    const plainListener = r.at('listener.protocol') === 'HTTP' || r.at('listener.protocol') === 'TCP';
    r.rules.check(r.prop('listener.plainTextToInternet'), r.at('listener.plainTextToInternet'),
      !(r.at('internetFacing') === true && plainListener) || r.at('listener.plainTextToInternet') === true,
      'true for an internet-facing load balancer with a plain HTTP or TCP listener (allowPlainHttp): the report must say so');
    checkOriginAccess(r);
    checkRedirectStatus(r, 'listener.redirectStatusCode', r.at('listener.redirectHttpToHttps') === true);
    // BLUE_GREEN traffic goes by the production rule ECS shifts, SECRET_ORIGIN_HEADER traffic by the rule
    // that requires the header: the listener itself answers a fixed response, and only then.
    const blueGreen = r.at('deployment.strategy') === 'BLUE_GREEN';
    const secretHeader = r.at('originAccess') === OriginAccess.SECRET_ORIGIN_HEADER;
    r.rules.check(r.prop('listener.unmatchedResponse'), r.at('listener.unmatchedResponse'),
      (r.at('listener.unmatchedResponse') !== undefined) === (blueGreen || secretHeader),
      secretHeader ? 'given: with originAccess SECRET_ORIGIN_HEADER the listener answers this fixed response (403) to a request without the origin header'
        : blueGreen ? 'given: a BLUE_GREEN listener answers this fixed response to what its production rule does not take'
          : 'unset: a ROLLING listener forwards everything to its target group');
    if (secretHeader) {
      const status = r.at('listener.unmatchedResponse.statusCode');
      r.rules.check(r.prop('listener.unmatchedResponse.statusCode'), status, status === 403,
        '403 with originAccess SECRET_ORIGIN_HEADER (a request without the origin header is refused, never served)');
    }
    checkFixedResponse(r, 'listener.unmatchedResponse');
    checkFoundation(r, r.at('azCount'));
    checkWiring(r, 'wiring', 'api');
    r.integer('targetGroup.port', 1, 65535);
    r.integer('idleTimeoutSeconds', elb.albIdleTimeoutMinSeconds.value, elb.albIdleTimeoutMaxSeconds.value, 's');
    r.integer('ec2Capacity.minInstances', 0, 10_000, 'instances');
    r.integer('ec2Capacity.maxInstances', 1, 10_000, 'instances');
    r.ordered('ec2Capacity.minInstances', 'ec2Capacity.maxInstances');
    r.integer('ec2Capacity.managedScalingTargetCapacityPercent', 1, 100, '%');
    checkVocabulary(r, 'logBucket.objectOwnership', OBJECT_OWNERSHIPS);
    r.integer('logBucket.lifecycle.expirationDays', 1, 3650, 'days');
    r.integer('logBucket.lifecycle.noncurrentVersionExpirationDays', 1, 3650, 'days');
    r.integer('logBucket.lifecycle.abortIncompleteMultipartUploadDays', 1, 3650, 'days');
  },
};

/**
 * Who reaches the load balancer, as the plan says it: behind a CloudFront VPC origin it is internal,
 * in private subnets, and admits CloudFront's prefix list alone; with the prefix list it admits
 * nothing else; DIRECT admits no CloudFront list.
 */
function checkOriginAccess(r: PlanValueRules): void {
  const ingress = r.at('securityGroups.loadBalancerIngressCidrs');
  if (Array.isArray(ingress)) {
    ingress.forEach((c, i) => r.rules.check(r.prop(`securityGroups.loadBalancerIngressCidrs[${i}]`), c, typeof c === 'string' && CIDR_PATTERN.test(c),
      'a CIDR block such as 203.0.113.0/24 (IPv4, or lower-case IPv6)'));
  }
  const access = r.at('originAccess');
  r.rules.check(r.prop('originAccess'), access, Object.values(OriginAccess).includes(access as OriginAccess), `one of ${Object.values(OriginAccess).join(', ')}`);
  const cloudFrontOnly = r.at('securityGroups.loadBalancerAdmitsCloudFrontOnly');
  const viaCloudFront = access === OriginAccess.VPC_ORIGIN || access === OriginAccess.CLOUDFRONT_PREFIX_LIST
    || access === OriginAccess.SECRET_ORIGIN_HEADER;
  r.rules.check(r.prop('securityGroups.loadBalancerAdmitsCloudFrontOnly'), cloudFrontOnly, cloudFrontOnly === viaCloudFront,
    `${viaCloudFront} with originAccess ${String(access)} (only a load balancer behind CloudFront admits CloudFront alone)`);
  if (viaCloudFront) {
    const cidrs = r.at('securityGroups.loadBalancerIngressCidrs');
    r.rules.check(r.prop('securityGroups.loadBalancerIngressCidrs'), cidrs, Array.isArray(cidrs) && cidrs.length === 0,
      `empty with originAccess ${String(access)} (the load balancer admits CloudFront alone)`);
    const listName = r.at('securityGroups.cloudFrontPrefixListName');
    r.rules.check(r.prop('securityGroups.cloudFrontPrefixListName'), listName, typeof listName === 'string' && /^com\.amazonaws\.[a-z0-9.-]{1,200}$/.test(listName),
      `the AWS-managed prefix list the load balancer admits, such as ${CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST_NAME}, with originAccess ${String(access)}`);
    r.rules.check(r.prop('securityGroups.loadBalancerAdmitsVpcCidr'), r.at('securityGroups.loadBalancerAdmitsVpcCidr'),
      r.at('securityGroups.loadBalancerAdmitsVpcCidr') === false, `false with originAccess ${String(access)} (the load balancer admits CloudFront alone)`);
  }
  if (access === OriginAccess.VPC_ORIGIN) {
    r.rules.check(r.prop('internetFacing'), r.at('internetFacing'), r.at('internetFacing') === false,
      'false with originAccess VPC_ORIGIN (the load balancer is internal; only the CloudFront VPC origin reaches it)');
    r.rules.check(r.prop('network.loadBalancerSubnets'), r.at('network.loadBalancerSubnets'), r.at('network.loadBalancerSubnets') === SubnetKind.PRIVATE,
      'PRIVATE with originAccess VPC_ORIGIN (no public entry at all)');
  }
  if (access === OriginAccess.CLOUDFRONT_PREFIX_LIST || access === OriginAccess.SECRET_ORIGIN_HEADER) {
    r.rules.check(r.prop('internetFacing'), r.at('internetFacing'), r.at('internetFacing') === true,
      `true with originAccess ${String(access)} (CloudFront reaches an internal load balancer only through a VPC origin)`);
  }
  checkOriginHeader(r, access === OriginAccess.SECRET_ORIGIN_HEADER);
}

/**
 * The secret origin header: present with SECRET_ORIGIN_HEADER only, on an ALB with an HTTPS listener
 * (the header must not cross the internet in plain text), with a valid header name and secret name
 * and a generated value the listener rule can compare (letters and digits, 16 to 128 characters).
 */
function checkOriginHeader(r: PlanValueRules, secretHeader: boolean): void {
  const header = r.at('originHeader');
  r.rules.check(r.prop('originHeader'), header, (header !== undefined) === secretHeader,
    secretHeader ? 'given with originAccess SECRET_ORIGIN_HEADER (the header the listener rule requires and its secret)'
      : 'unset unless originAccess is SECRET_ORIGIN_HEADER');
  if (!secretHeader || header === undefined) return;
  r.rules.check(r.prop('loadBalancerType'), r.at('loadBalancerType'), r.at('loadBalancerType') === 'APPLICATION',
    'APPLICATION with originAccess SECRET_ORIGIN_HEADER (a Network Load Balancer cannot read headers)');
  r.rules.check(r.prop('listener.protocol'), r.at('listener.protocol'), r.at('listener.protocol') === 'HTTPS',
    'HTTPS with originAccess SECRET_ORIGIN_HEADER (over plain HTTP anyone on the path would read the secret header)');
  checkOriginHeaderName(r.rules, r.prop('originHeader.headerName'), r.at('originHeader.headerName'));
  const secretName = r.at('originHeader.secret.name');
  r.rules.check(r.prop('originHeader.secret.name'), secretName, typeof secretName === 'string' && SECRET_NAME_PATTERN.test(secretName),
    'a Secrets Manager secret name (1 to 512 letters, digits and /_+=.@-)');
  r.integer('originHeader.secret.valueLength', MIN_ORIGIN_HEADER_VALUE_LENGTH, catalog.QUOTAS.elb.httpHeaderConditionValueMaxLength.value, 'characters');
  r.rules.check(r.prop('originHeader.secret.excludePunctuation'), r.at('originHeader.secret.excludePunctuation'),
    r.at('originHeader.secret.excludePunctuation') === true, 'true (the listener rule reads * and ? as wildcards: letters and digits only)');
  r.rules.check(r.prop('originHeader.secret.includeSpace'), r.at('originHeader.secret.includeSpace'),
    r.at('originHeader.secret.includeSpace') === false, 'false (letters and digits only)');
  r.integer('originHeader.rulePriority', 1, 50_000);
}
