// LoadBalancedApi: planLoadBalancedApi, which validates the options and resolves the plan.
import {
  ApiComputeOptions, ApiContainerOptions, ApiDeploymentOptions, ApiHealthCheckOptions, ApiLoadOptions, ApiScalingOptions, ComputeKind,
  CpuArchitecture, DeploymentStrategy, ListenerProtocol, LoadBalancedApiOptions, LoadBalancerType, LoadBalancingAlgorithm, SubnetKind,
} from './options';
import {
  API_ACCESS_LOG_ABORT_UPLOAD_DAYS, API_ACCESS_LOG_EXPIRATION_DAYS, API_ACCESS_LOG_LIFECYCLE_RULE_ID, API_BLUE_GREEN_BAKE_TIME_MINUTES,
  API_CONTAINER_NAME, API_EC2_ROOT_VOLUME, API_MAXIMUM_PERCENT, API_MINIMUM_HEALTHY_PERCENT, API_SSL_POLICY, ApiComputePlan, ApiContainerPlan,
  ApiDeploymentPlan, ApiEc2CapacityPlan, ApiHealthCheckPlan, ApiListenerPlan, ApiLoadPlan, ApiLogBucketPlan, ApiNetworkPlan, ApiScalingPlan,
  ApiSecurityGroupsPlan, ApiTargetGroupPlan, LoadBalancedApiPlan,
} from './plan';
import {
  assumedConcurrencyPerTask, assumedRequestsPerTask, defaultCpuTarget, MAX_CONCURRENCY_PER_TASK, MAX_RAMP_SECONDS, effectiveScalingTarget,
  instanceNetworkGbps,
  tasksAtPeak,
} from './sizing';
import { Assumptions } from '../../assumptions';
import * as catalog from '../../catalog';
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST_NAME } from '../../catalog/prefix-lists';
import { checkPlanInputs, PLAN_FORMAT_VERSION } from '../../inputs';
import { SizingPolicy } from '../../sizing/capacity';
import { fmt, isPlainObject, Rules } from '../../validation';
import {
  ARN_PATTERN, azCountOf, BlockKind, checkName, CIDR_PATTERN, enumValues, ENV_NAME_ALLOWED, ENV_NAME_PATTERN, IMAGE_PATTERN, MAX_AZS, MIN_AZS,
  PlanContext, RemovalPolicy, resolveSizingPolicy, SECRET_ARN_ALLOWED, SECRET_ARN_PATTERN, SECRET_LIKE_NAME,
} from '../common';
import { BucketEncryption } from '../global-cdn';
import { logBucketLifecycle } from '../shared/bucket';
import {
  ApiOriginHeaderPlan, checkOriginHeaderName, DEFAULT_ORIGIN_HEADER_NAME, DEFAULT_ORIGIN_HEADER_VALUE_LENGTH, MIN_ORIGIN_HEADER_VALUE_LENGTH,
  OriginAccess, OriginHeaderOptions, originSecretNameFor, SECRET_NAME_PATTERN,
} from '../shared/cdn';
import {
  checkLogRetention, containerHardening, DEFAULT_CONTAINER_LOG_RETENTION_DAYS, ecsExecutionRole, EcsServicePlan, ecsServiceSettings, percentOf,
} from '../shared/ecs';
import { resolveFoundation } from '../shared/foundation';
import { API_NOT_FOUND_RESPONSE, HTTPS_REDIRECT_STATUS_CODE, ORIGIN_HEADER_DENIED_RESPONSE } from '../shared/listener';

const DEFAULT_IMAGE = 'public.ecr.aws/nginx/nginx:stable-alpine';

/** The ELB `load_balancing.algorithm.type` of each ALB algorithm. */
const ALB_ALGORITHM_TYPE: { [key: string]: string } = {
  [LoadBalancingAlgorithm.ROUND_ROBIN]: 'round_robin',
  [LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS]: 'least_outstanding_requests',
  [LoadBalancingAlgorithm.WEIGHTED_RANDOM]: 'weighted_random',
};

/**
 * Validates options and resolves every default of a LoadBalancedApi.
 *
 * @throws ValidationError listing every invalid prop
 */
export function planLoadBalancedApi(options: LoadBalancedApiOptions = {}, context: PlanContext = {}): LoadBalancedApiPlan {
  checkPlanInputs(options, context, 'api', 'LoadBalancedApiOptions');
  const name = options.name ?? 'api';
  const path = context.path ?? (typeof name === 'string' ? name : 'api');
  const rules = new Rules(path);
  return rules.guard(() => resolveApi(options, context, rules, name, path));
}

function resolveApi(options: LoadBalancedApiOptions, context: PlanContext, rules: Rules, name: string, path: string): LoadBalancedApiPlan {
  const assumed = new Assumptions(context.specPrefix ?? name);
  checkName(rules, name);

  const algorithm = options.algorithm ?? LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS;
  rules.oneOf('algorithm', algorithm, enumValues(LoadBalancingAlgorithm));
  const loadBalancerType = algorithm === LoadBalancingAlgorithm.SOURCE_IP_HASH ? LoadBalancerType.NETWORK : LoadBalancerType.APPLICATION;
  const alb = loadBalancerType === LoadBalancerType.APPLICATION;

  const azCount = azCountOf(assumed, 'azCount', options.azCount, context);
  rules.integer('azCount', azCount, MIN_AZS, MAX_AZS);

  const compute = resolveCompute(rules, assumed, rules.object('compute', options.compute));
  const container = resolveContainer(rules, rules.object('container', options.container));
  const sizing = resolveSizingPolicy(rules, assumed, options.sizing);

  const https = options.certificateArn !== undefined;
  const ingress = resolveIngress(rules, options, alb);
  const listener = resolveListener(rules, options, alb, ingress.internetFacing);
  const originHeader = resolveOriginHeader(rules, options, name, ingress.originAccess);

  const healthCheck = resolveHealthCheck(rules, rules.object('healthCheck', options.healthCheck), alb, container);
  const balancing = resolveTargetGroup(rules, options, algorithm, alb, container);
  rules.matches('webAclArn', options.webAclArn, ARN_PATTERN, 'a WAFv2 regional web ACL ARN');
  rules.check('webAclArn', options.webAclArn, alb || options.webAclArn === undefined, 'unset with SOURCE_IP_HASH (WAF attaches to an Application Load Balancer only)');

  const autoScaled = !(isPlainObject(options.scaling) && options.scaling.fixedTasks !== undefined);
  const load = resolveLoad(rules, assumed, rules.object('load', options.load), compute, autoScaled);

  const elb = catalog.QUOTAS.elb;
  const maxTargets = alb ? elb.targetsPerTargetGroup : elb.nlbTargetsPerLoadBalancerCrossZone;
  const scaling = resolveScaling(rules, assumed, rules.object('scaling', options.scaling), { azCount, sizing, load, alb, maxTargets: maxTargets.value });

  // The rules run in this order (deployment object, circuit breaker, accessLogs, strategy), as one list of failures.
  const deploymentOptions = rules.object('deployment', options.deployment);
  rules.boolean('deployment.circuitBreaker', deploymentOptions.circuitBreaker);
  rules.boolean('accessLogs', options.accessLogs);
  const deployment = resolveDeployment(rules, deploymentOptions, alb);

  // An NLB writes access logs for TLS listeners only.
  const accessLogs = (options.accessLogs ?? true) && (alb || https);
  const logRetentionDays = options.logRetentionDays ?? DEFAULT_CONTAINER_LOG_RETENTION_DAYS;
  checkLogRetention(rules, 'logRetentionDays', logRetentionDays);
  const foundation = resolveFoundation(rules, options, azCount);
  rules.throwIfInvalid();
  return {
    kind: BlockKind.LOAD_BALANCED_API,
    planVersion: PLAN_FORMAT_VERSION,
    ...foundation,
    name,
    path,
    sizing,
    assumed: assumed.list,
    algorithm,
    loadBalancerType,
    compute,
    container,
    azCount,
    internetFacing: ingress.internetFacing,
    originAccess: ingress.originAccess,
    originHeader,
    // What no rule takes: 403 without the origin header, 404 past the blue/green production rule.
    listener: originHeader ? { ...listener, unmatchedResponse: ORIGIN_HEADER_DENIED_RESPONSE }
      : deployment.strategy === DeploymentStrategy.BLUE_GREEN ? { ...listener, unmatchedResponse: API_NOT_FOUND_RESPONSE } : listener,
    healthCheck,
    targetGroup: balancing.targetGroup,
    network: apiNetwork(ingress.internetFacing),
    securityGroups: apiSecurityGroups(ingress, listener, container),
    deregistrationDelaySeconds: balancing.deregistrationDelaySeconds,
    idleTimeoutSeconds: balancing.idleTimeoutSeconds,
    slowStartSeconds: balancing.slowStartSeconds,
    dropInvalidHeaderFields: alb,
    scaling,
    deployment,
    ecsService: ecsServiceSettings(API_CONTAINER_NAME, logRetentionDays, true),
    ec2Capacity: ec2CapacityOf(compute, scaling, azCount),
    accessLogs,
    logBucket: accessLogs ? apiLogBucket(name) : undefined,
    webAclArn: options.webAclArn,
    load,
  };
}

/**
 * The listener: HTTPS (ALB) or TLS (NLB) on 443 with a certificate, else HTTP or TCP on 80; plain
 * text to the internet (an internet-facing load balancer without a certificate) only with `allowPlainHttp`.
 */
function resolveListener(rules: Rules, options: LoadBalancedApiOptions, alb: boolean, internetFacing: boolean): ApiListenerPlan {
  const certificateArn = options.certificateArn;
  rules.matches('certificateArn', certificateArn, ARN_PATTERN, 'an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)');
  rules.boolean('allowPlainHttp', options.allowPlainHttp);
  const https = certificateArn !== undefined;
  const plain = alb ? 'HTTP' : 'TCP';
  rules.check('allowPlainHttp', options.allowPlainHttp, !https || options.allowPlainHttp !== true,
    'unset or false with certificateArn (the listener serves TLS)');
  const plainTextToInternet = internetFacing && !https;
  rules.check('certificateArn', certificateArn, !plainTextToInternet || options.allowPlainHttp === true,
    `an ACM certificate ARN for an internet-facing load balancer (${alb ? 'HTTPS' : 'TLS'} with TLS 1.3); or allowPlainHttp true to serve `
    + `plain ${plain} on 80 to the internet on purpose (the report notes it), or internetFacing false`);
  return {
    protocol: alb ? (https ? ListenerProtocol.HTTPS : ListenerProtocol.HTTP) : (https ? ListenerProtocol.TLS : ListenerProtocol.TCP),
    certificateArn,
    port: https ? 443 : 80,
    redirectHttpToHttps: https && alb,
    redirectStatusCode: https && alb ? HTTPS_REDIRECT_STATUS_CODE : undefined,
    sslPolicy: API_SSL_POLICY,
    urlScheme: https ? 'https' : 'http',
    plainTextToInternet,
  };
}

/**
 * The secret origin header (SECRET_ORIGIN_HEADER only): the header's name, the secret the value is
 * generated into, and the priority of the one rule that forwards when the header matches.
 */
function resolveOriginHeader(rules: Rules, options: LoadBalancedApiOptions, name: string, access: OriginAccess): ApiOriginHeaderPlan | undefined {
  const secretHeader = access === OriginAccess.SECRET_ORIGIN_HEADER;
  const oh = rules.object('originHeader', options.originHeader) as OriginHeaderOptions;
  rules.check('originHeader', options.originHeader, secretHeader || options.originHeader === undefined,
    'unset unless originAccess is SECRET_ORIGIN_HEADER');
  if (!secretHeader) return undefined;
  const elb = catalog.QUOTAS.elb;
  const headerName = oh.headerName ?? DEFAULT_ORIGIN_HEADER_NAME;
  checkOriginHeaderName(rules, 'originHeader.headerName', headerName);
  const secretName = oh.secretName ?? originSecretNameFor(typeof name === 'string' ? name : 'api');
  rules.check('originHeader.secretName', secretName, typeof secretName === 'string' && SECRET_NAME_PATTERN.test(secretName),
    'a Secrets Manager secret name (1 to 512 letters, digits and /_+=.@-)');
  const valueLength = oh.valueLength ?? DEFAULT_ORIGIN_HEADER_VALUE_LENGTH;
  rules.integer('originHeader.valueLength', valueLength, MIN_ORIGIN_HEADER_VALUE_LENGTH, elb.httpHeaderConditionValueMaxLength.value, 'characters');
  rules.check('certificateArn', options.certificateArn, options.certificateArn !== undefined,
    'an ACM certificate ARN with originAccess SECRET_ORIGIN_HEADER (CloudFront sends the secret header over HTTPS only; over plain HTTP anyone on the path would read it)');
  rules.check('algorithm', options.algorithm, options.algorithm !== LoadBalancingAlgorithm.SOURCE_IP_HASH,
    'an Application Load Balancer algorithm with originAccess SECRET_ORIGIN_HEADER (a Network Load Balancer cannot read headers)');
  return {
    headerName,
    secret: { name: secretName, valueLength, excludePunctuation: true, includeSpace: false, removalPolicy: RemovalPolicy.RETAIN },
    rulePriority: 1,
  };
}

/** Who reaches the load balancer: internet-facing or internal, and from which CIDRs (none: CloudFront only, or the VPC). */
interface ApiIngress {
  readonly internetFacing: boolean;
  readonly allowedCidrs: string[];
  readonly cloudFrontOnly: boolean;
  readonly originAccess: OriginAccess;
}

function resolveIngress(rules: Rules, options: LoadBalancedApiOptions, alb: boolean): ApiIngress {
  rules.boolean('internetFacing', options.internetFacing);
  const givenCidrs = rules.array('allowedCidrs', options.allowedCidrs);
  rules.boolean('cloudFrontOriginOnly', options.cloudFrontOriginOnly);
  const prefixListOnly = options.cloudFrontOriginOnly === true;
  const accessOk = rules.oneOf('originAccess', options.originAccess, enumValues(OriginAccess));
  const originAccess = accessOk && options.originAccess !== undefined ? options.originAccess
    : prefixListOnly ? OriginAccess.CLOUDFRONT_PREFIX_LIST : OriginAccess.DIRECT;
  const vpcOrigin = originAccess === OriginAccess.VPC_ORIGIN;
  // Behind a VPC origin the load balancer is internal unless the options say otherwise (which a rule below rejects).
  const internetFacing = options.internetFacing ?? !vpcOrigin;
  rules.check('cloudFrontOriginOnly', options.cloudFrontOriginOnly, !prefixListOnly || givenCidrs === undefined,
    'unset or false when allowedCidrs is given (the load balancer admits either CloudFront or those CIDRs)');
  rules.check('cloudFrontOriginOnly', options.cloudFrontOriginOnly, !prefixListOnly || internetFacing,
    'unset or false for an internal load balancer (CloudFront reaches internet-facing origins only)');
  if (options.originAccess !== undefined) {
    rules.check('cloudFrontOriginOnly', options.cloudFrontOriginOnly, options.cloudFrontOriginOnly === undefined,
      'unset with originAccess (originAccess CLOUDFRONT_PREFIX_LIST says the same)');
    rules.check('originAccess', options.originAccess, originAccess === OriginAccess.DIRECT || givenCidrs === undefined,
      'DIRECT when allowedCidrs is given (the load balancer admits either CloudFront or those CIDRs)');
    rules.check('originAccess', options.originAccess, (originAccess !== OriginAccess.CLOUDFRONT_PREFIX_LIST && originAccess !== OriginAccess.SECRET_ORIGIN_HEADER)
      || internetFacing, 'VPC_ORIGIN for an internal load balancer (CloudFront reaches an internal load balancer through a VPC origin only)');
  }
  rules.check('internetFacing', options.internetFacing, !vpcOrigin || !internetFacing,
    'unset or false with originAccess VPC_ORIGIN (CloudFront reaches the internal load balancer through its VPC origin; nothing else may)');
  rules.check('certificateArn', options.certificateArn, alb || !vpcOrigin || options.certificateArn === undefined,
    'unset with SOURCE_IP_HASH and originAccess VPC_ORIGIN (a CloudFront VPC origin takes no Network Load Balancer with a TLS listener)');
  const cloudFrontOnly = originAccess !== OriginAccess.DIRECT;
  const allowedCidrs = cloudFrontOnly ? [] : givenCidrs ?? (internetFacing ? ['0.0.0.0/0'] : []);
  rules.check('allowedCidrs', options.allowedCidrs, givenCidrs === undefined || givenCidrs.length > 0,
    'a non-empty list of CIDRs (omit it for the default)');
  allowedCidrs.forEach((c, i) => rules.matches(`allowedCidrs[${i}]`, c, CIDR_PATTERN, 'a CIDR block such as 203.0.113.0/24'));
  return { internetFacing, allowedCidrs, cloudFrontOnly, originAccess };
}

function resolveHealthCheck(rules: Rules, hc: ApiHealthCheckOptions, alb: boolean, container: ApiContainerPlan): ApiHealthCheckPlan {
  const elb = catalog.QUOTAS.elb;
  const healthCheck: ApiHealthCheckPlan = {
    protocol: alb ? 'HTTP' : 'TCP',
    path: hc.path ?? (container.image === DEFAULT_IMAGE ? '/' : '/health'),
    healthyHttpCodes: '200',
    intervalSeconds: hc.intervalSeconds ?? 15,
    timeoutSeconds: hc.timeoutSeconds ?? 5,
    healthyThreshold: hc.healthyThreshold ?? 3,
    unhealthyThreshold: hc.unhealthyThreshold ?? 3,
  };
  const pathMax = elb.healthCheckPathMaxLength.value;
  rules.check('healthCheck.path', hc.path, hc.path === undefined
    || (typeof hc.path === 'string' && /^\/[\x21-\x7e]*$/.test(hc.path) && hc.path.length <= pathMax),
  `an absolute path such as /health (up to ${fmt(pathMax)} printable characters)`);
  rules.check('healthCheck.path', hc.path, alb || hc.path === undefined, 'unset with SOURCE_IP_HASH (the Network Load Balancer checks a TCP connection)');
  rules.integer('healthCheck.intervalSeconds', healthCheck.intervalSeconds, elb.healthCheckIntervalMinSeconds.value, elb.healthCheckIntervalMaxSeconds.value, 's');
  rules.integer('healthCheck.timeoutSeconds', healthCheck.timeoutSeconds, elb.healthCheckTimeoutMinSeconds.value, elb.healthCheckTimeoutMaxSeconds.value, 's');
  rules.check('healthCheck.timeoutSeconds', healthCheck.timeoutSeconds, healthCheck.timeoutSeconds < healthCheck.intervalSeconds,
    `less than healthCheck.intervalSeconds (${healthCheck.intervalSeconds})`);
  rules.integer('healthCheck.healthyThreshold', healthCheck.healthyThreshold, elb.healthCheckThresholdMin.value, elb.healthCheckThresholdMax.value);
  rules.integer('healthCheck.unhealthyThreshold', healthCheck.unhealthyThreshold, elb.healthCheckThresholdMin.value, elb.healthCheckThresholdMax.value);
  return healthCheck;
}

/** The target group and the load balancer's connection settings (deregistration delay, idle timeout, slow start). */
interface ApiBalancing {
  readonly targetGroup: ApiTargetGroupPlan;
  readonly deregistrationDelaySeconds: number;
  readonly idleTimeoutSeconds: number;
  readonly slowStartSeconds: number;
}

function resolveTargetGroup(rules: Rules, options: LoadBalancedApiOptions, algorithm: LoadBalancingAlgorithm, alb: boolean,
  container: ApiContainerPlan): ApiBalancing {
  const elb = catalog.QUOTAS.elb;
  const deregistrationDelaySeconds = options.deregistrationDelaySeconds ?? 30;
  rules.integer('deregistrationDelaySeconds', deregistrationDelaySeconds, elb.deregistrationDelayMinSeconds.value,
    elb.deregistrationDelayMaxSeconds.value, 's');
  const idleTimeoutSeconds = options.idleTimeoutSeconds ?? elb.albIdleTimeoutDefaultSeconds.value;
  rules.integer('idleTimeoutSeconds', idleTimeoutSeconds, elb.albIdleTimeoutMinSeconds.value, elb.albIdleTimeoutMaxSeconds.value, 's');
  rules.check('idleTimeoutSeconds', options.idleTimeoutSeconds, alb || options.idleTimeoutSeconds === undefined,
    'unset with SOURCE_IP_HASH (the Network Load Balancer has a fixed TCP idle timeout)');
  const slowStartSeconds = options.slowStartSeconds ?? 0;
  const slowMin = elb.albSlowStartMinSeconds.value;
  const slowMax = elb.albSlowStartMaxSeconds.value;
  rules.check('slowStartSeconds', slowStartSeconds, Number.isInteger(slowStartSeconds) && (slowStartSeconds === 0 || (slowStartSeconds >= slowMin && slowStartSeconds <= slowMax)),
    `0 (off) or an integer from ${fmt(slowMin)} to ${fmt(slowMax)} s`);
  rules.check('slowStartSeconds', slowStartSeconds, slowStartSeconds === 0 || algorithm === LoadBalancingAlgorithm.ROUND_ROBIN
    || algorithm === LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS, '0 with WEIGHTED_RANDOM or SOURCE_IP_HASH (slow start needs ROUND_ROBIN or LEAST_OUTSTANDING_REQUESTS)');
  rules.boolean('anomalyMitigation', options.anomalyMitigation);
  rules.check('anomalyMitigation', options.anomalyMitigation, options.anomalyMitigation === undefined || algorithm === LoadBalancingAlgorithm.WEIGHTED_RANDOM,
    'unset unless algorithm is WEIGHTED_RANDOM (automatic target weights need the weighted random algorithm)');
  const anomalyMitigation = algorithm === LoadBalancingAlgorithm.WEIGHTED_RANDOM && options.anomalyMitigation !== false;
  const targetGroup: ApiTargetGroupPlan = {
    protocol: alb ? 'HTTP' : 'TCP',
    port: container.port,
    targetType: 'ip',
    algorithmType: alb ? ALB_ALGORITHM_TYPE[algorithm] : undefined,
    anomalyMitigation,
    stickinessType: alb ? undefined : 'source_ip',
    preserveClientIp: alb ? undefined : false,
    crossZoneLoadBalancing: true,
  };
  return { targetGroup, deregistrationDelaySeconds, idleTimeoutSeconds, slowStartSeconds };
}

/** The declared load and the requests/s one task sustains (assumed from the task size when not given). */
function resolveLoad(rules: Rules, assumed: Assumptions, l: ApiLoadOptions, compute: ApiComputePlan, autoScaled: boolean): ApiLoadPlan {
  rules.number('load.peakRequestsPerSecond', l.peakRequestsPerSecond, 0, 1e9, 'requests/s');
  rules.positive('load.requestsPerSecondPerTask', l.requestsPerSecondPerTask, 1e7, 'requests/s');
  rules.positive('load.latencyTargetMs', l.latencyTargetMs, 600_000, 'ms');
  rules.positive('load.serviceTimeMs', l.serviceTimeMs, 600_000, 'ms');
  rules.check('load.serviceTimeMs', l.serviceTimeMs, l.latencyTargetMs === undefined || l.serviceTimeMs !== undefined,
    'set when load.latencyTargetMs is set (the Erlang C check needs the mean service time)');
  const peakRequestsPerSecond = assumed.take('load.peakRequestsPerSecond', l.peakRequestsPerSecond, 0,
    'no peak declared: nothing to size against');
  rules.integer('load.concurrencyPerTask', l.concurrencyPerTask, 1, MAX_CONCURRENCY_PER_TASK, 'requests at once');
  const perTaskDefault = assumedRequestsPerTask(compute);
  const requestsPerSecondPerTask = assumed.take('load.requestsPerSecondPerTask', l.requestsPerSecondPerTask, perTaskDefault.value,
    perTaskDefault.reason, (v) => `${fmt(v)} requests/s`);
  // The servers of a task matter only to the latency check: assumed (and listed) only when there is one.
  const concurrencyDefault = assumedConcurrencyPerTask(compute);
  const concurrencyPerTask = l.latencyTargetMs !== undefined || l.concurrencyPerTask !== undefined
    ? assumed.take('load.concurrencyPerTask', l.concurrencyPerTask, concurrencyDefault.value, concurrencyDefault.reason, (v) => `${fmt(v)} requests at once`)
    : undefined;
  rules.positive('load.averageResponseKiB', l.averageResponseKiB, 1e7, 'KiB');
  // The response size matters only to the network check, which needs the instance's bandwidth:
  // assumed (and listed) only on EC2 with a catalog network figure.
  const averageResponseKiB = instanceNetworkGbps(compute) !== undefined
    ? assumed.take('load.averageResponseKiB', l.averageResponseKiB, catalog.ASSUMED.cdnAverageResponseKiB.value,
      'the catalog\'s assumed average response size (catalog.ASSUMED.cdnAverageResponseKiB; no public typical figure: a mix of small JSON '
      + 'responses and larger bodies): measure the load balancer\'s ProcessedBytes / RequestCount and set load.averageResponseKiB', (v) => `${fmt(v)} KiB`)
    : l.averageResponseKiB;
  // The ramp matters only to a fleet that scales out: assumed (and listed) only then.
  rules.number('load.rampSeconds', l.rampSeconds, 0, MAX_RAMP_SECONDS, 's');
  const ramp = catalog.ASSUMED.loadRampSeconds;
  const rampSeconds = autoScaled ? assumed.take('load.rampSeconds', l.rampSeconds, ramp.value, ramp.reasoning, (v) => `${fmt(v)} s`)
    : typeof l.rampSeconds === 'number' ? l.rampSeconds : ramp.value;
  return {
    peakRequestsPerSecond,
    requestsPerSecondPerTask,
    rampSeconds,
    latencyTargetMs: l.latencyTargetMs,
    serviceTimeMs: l.serviceTimeMs,
    ...(concurrencyPerTask !== undefined ? { concurrencyPerTask } : {}),
    ...(typeof averageResponseKiB === 'number' ? { averageResponseKiB } : {}),
  };
}

/** Rolling (the default) or blue/green (ALB only), with the circuit breaker and its rollback. */
function resolveDeployment(rules: Rules, o: ApiDeploymentOptions, alb: boolean): ApiDeploymentPlan {
  const deploymentStrategy = o.strategy ?? DeploymentStrategy.ROLLING;
  rules.oneOf('deployment.strategy', deploymentStrategy, enumValues(DeploymentStrategy));
  rules.check('deployment.strategy', deploymentStrategy, deploymentStrategy === DeploymentStrategy.ROLLING || alb,
    'ROLLING with SOURCE_IP_HASH (ECS blue/green shifts traffic through ALB listener rules)');
  const circuitBreaker = o.circuitBreaker ?? true;
  return {
    strategy: deploymentStrategy,
    circuitBreaker,
    rollback: circuitBreaker,
    minimumHealthyPercent: API_MINIMUM_HEALTHY_PERCENT,
    maximumPercent: API_MAXIMUM_PERCENT,
    bakeTimeMinutes: deploymentStrategy === DeploymentStrategy.BLUE_GREEN ? API_BLUE_GREEN_BAKE_TIME_MINUTES : undefined,
  };
}

/** The load balancer in public subnets when internet-facing, the tasks always in private ones. */
function apiNetwork(internetFacing: boolean): ApiNetworkPlan {
  return {
    loadBalancerSubnets: internetFacing ? SubnetKind.PUBLIC : SubnetKind.PRIVATE,
    taskSubnets: SubnetKind.PRIVATE,
    assignPublicIp: false,
  };
}

/** The load balancer admits its ingress on the listener port(s) and reaches the tasks only on their port. */
function apiSecurityGroups(ingress: ApiIngress, listener: ApiListenerPlan, container: ApiContainerPlan): ApiSecurityGroupsPlan {
  return {
    loadBalancerIngressCidrs: ingress.allowedCidrs,
    loadBalancerAdmitsVpcCidr: ingress.allowedCidrs.length === 0 && !ingress.cloudFrontOnly,
    loadBalancerAdmitsCloudFrontOnly: ingress.cloudFrontOnly,
    cloudFrontPrefixListName: ingress.cloudFrontOnly ? CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST_NAME : undefined,
    loadBalancerIngressPorts: listener.redirectHttpToHttps ? [listener.port, 80] : [listener.port],
    taskIngressPort: container.port,
    loadBalancerEgressToTasksOnly: true,
  };
}

/** The ECS service a LoadBalancedApi plan renders: what both backends' ECS-service renderers take. */
export function ecsServiceOfApi(plan: LoadBalancedApiPlan): EcsServicePlan {
  return {
    executionRole: ecsExecutionRole(plan.container.image),
    compute: plan.compute,
    container: plan.container,
    settings: plan.ecsService,
    deployment: plan.deployment,
    taskCount: plan.scaling,
    assignPublicIp: plan.network.assignPublicIp,
  };
}

/** The access log bucket of a load balancer named `name`: private, SSE-S3, TLS only, retained. */
export function apiLogBucket(name: string): ApiLogBucketPlan {
  return {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: true,
    enforceTls: true,
    objectOwnership: 'BUCKET_OWNER_ENFORCED',
    versioned: true,
    lifecycle: logBucketLifecycle(API_ACCESS_LOG_LIFECYCLE_RULE_ID, API_ACCESS_LOG_EXPIRATION_DAYS, true, API_ACCESS_LOG_ABORT_UPLOAD_DAYS),
    removalPolicy: RemovalPolicy.RETAIN,
    prefix: `${name}/`,
  };
}

function ec2CapacityOf(compute: ApiComputePlan, scaling: ApiScalingPlan, azCount: number): ApiEc2CapacityPlan | undefined {
  if (compute.kind !== ComputeKind.EC2 || compute.instanceType === undefined || !compute.tasksPerInstance) return undefined;
  const perInstance = compute.tasksPerInstance;
  const instancesFor = (tasks: number): number => azCount * Math.ceil(Math.ceil(tasks / azCount) / perInstance);
  return {
    instanceType: compute.instanceType,
    minInstances: instancesFor(scaling.minTasks),
    maxInstances: instancesFor(Math.ceil((scaling.maxTasks * API_MAXIMUM_PERCENT) / 100)),
    managedScalingTargetCapacityPercent: 100,
    managedTerminationProtection: true,
    networkMode: 'awsvpc',
    rootVolume: API_EC2_ROOT_VOLUME,
    requireImdsv2: true,
    metadataHopLimit: 1,
    detailedMonitoring: true,
  };
}

function resolveCompute(rules: Rules, assumed: Assumptions, o: ApiComputeOptions = {}): ApiComputePlan {
  const kind = o.kind ?? ComputeKind.FARGATE;
  rules.oneOf('compute.kind', kind, enumValues(ComputeKind));
  const architecture = o.architecture ?? CpuArchitecture.ARM64;
  rules.oneOf('compute.architecture', architecture, enumValues(CpuArchitecture));
  rules.check('compute.cpu', o.cpu, o.cpu === undefined || typeof o.cpu === 'number', 'a number of CPU units (1024 = 1 vCPU)');
  rules.check('compute.memoryMiB', o.memoryMiB, o.memoryMiB === undefined || typeof o.memoryMiB === 'number', 'a number of MiB');
  const cpu = assumed.take('compute.cpu', o.cpu, 1024, 'one vCPU per task', (v) => `${v} (${v / 1024} vCPU)`);
  const memoryMiB = assumed.take('compute.memoryMiB', o.memoryMiB, 2048, 'two GiB per task', (v) => `${v} MiB`);
  const label = `${fmt(cpu / 1024)} vCPU / ${fmt(memoryMiB / 1024)} GiB`;
  if (kind === ComputeKind.FARGATE) {
    rules.check('compute.instanceType', o.instanceType, o.instanceType === undefined, 'unset with compute.kind FARGATE');
    if (rules.check('compute.cpu', cpu, catalog.fargateCpuValues().includes(cpu), `one of ${catalog.fargateCpuValues().join(', ')}`)) {
      rules.check('compute.memoryMiB', memoryMiB, catalog.isValidFargate(cpu, memoryMiB),
        `a Fargate memory for cpu ${cpu}: ${catalog.fargateMemoryValues(cpu).join(', ')} MiB`);
    }
    return { kind, cpu, memoryMiB, vcpu: cpu / 1024, architecture, label };
  }
  const instanceType = assumed.take('compute.instanceType', o.instanceType,
    architecture === CpuArchitecture.ARM64 ? 'm7g.large' : 'm7i.large', 'a general-purpose instance of the chosen architecture');
  const spec = typeof instanceType === 'string' ? catalog.ec2Instance(instanceType) : undefined;
  rules.check('compute.instanceType', instanceType, spec !== undefined, `an EC2 instance type in the catalog: ${catalog.knownEc2Instances().join(', ')}`);
  if (!spec) {
    // Unknown or mistyped: reported above; size as the default so later rules still run.
    return { kind, cpu, memoryMiB, vcpu: cpu / 1024, architecture, label };
  }
  rules.integer('compute.cpu', cpu, 128, 196_608, 'CPU units');
  rules.integer('compute.memoryMiB', memoryMiB, 128, 6_291_456, 'MiB');
  let tasksPerInstance: number | undefined;
  {
    const arm = spec.family.endsWith('g');
    rules.check('compute.instanceType', instanceType, arm === (architecture === CpuArchitecture.ARM64),
      `an ${architecture === CpuArchitecture.ARM64 ? 'ARM64 (Graviton, family ending in g)' : 'x86_64'} instance for compute.architecture ${architecture}`);
    // ECS reserves memory for the agent; leave 10 % of the instance's memory unallocated.
    tasksPerInstance = Math.min(Math.floor((spec.vcpu * 1024) / cpu), Math.floor((spec.memoryGiB * 1024 * 0.9) / memoryMiB));
    rules.check('compute.cpu', cpu, tasksPerInstance >= 1,
      `small enough that one task fits on ${instanceType} (${spec.vcpu} vCPU, ${spec.memoryGiB} GiB, 10 % kept for the ECS agent)`);
  }
  return { kind, cpu, memoryMiB, vcpu: cpu / 1024, architecture, instanceType, tasksPerInstance, label: `${label} on ${instanceType}` };
}

function resolveContainer(rules: Rules, o: ApiContainerOptions = {}): ApiContainerPlan {
  const image = o.image ?? DEFAULT_IMAGE;
  rules.matches('container.image', o.image, IMAGE_PATTERN, 'a container image reference such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2');
  const port = o.port ?? (image === DEFAULT_IMAGE ? 80 : 8080);
  rules.integer('container.port', port, 1, 65535);
  const environment = rules.stringMap('container.environment', o.environment);
  const secrets = rules.stringMap('container.secrets', o.secrets);
  for (const k of Object.keys(environment)) {
    rules.matches(`container.environment.${k}`, k, ENV_NAME_PATTERN, ENV_NAME_ALLOWED);
    rules.check(`container.environment.${k}`, '<hidden>', !SECRET_LIKE_NAME.test(k),
      'a non-secret value: pass secrets in container.secrets (Secrets Manager ARNs), never in plain environment');
  }
  for (const [k, v] of Object.entries(secrets)) {
    rules.matches(`container.secrets.${k}`, k, ENV_NAME_PATTERN, ENV_NAME_ALLOWED);
    rules.matches(`container.secrets.${k}`, v, SECRET_ARN_PATTERN, SECRET_ARN_ALLOWED);
  }
  const placeholder = image === DEFAULT_IMAGE;
  return { image, placeholder, port, environment, secrets, hardening: containerHardening(!placeholder) };
}

interface ScalingContext {
  readonly azCount: number;
  readonly sizing: SizingPolicy;
  readonly load: ApiLoadPlan;
  readonly alb: boolean;
  /** The targets quota of the load balancer: the most tasks a fleet may have. */
  readonly maxTargets: number;
}

function resolveScaling(rules: Rules, assumed: Assumptions, o: ApiScalingOptions = {}, ctx: ScalingContext): ApiScalingPlan {
  const { azCount, sizing, load } = ctx;
  const scaleInCooldownSeconds = o.scaleInCooldownSeconds ?? 300;
  const scaleOutCooldownSeconds = o.scaleOutCooldownSeconds ?? 60;
  rules.integer('scaling.scaleInCooldownSeconds', scaleInCooldownSeconds, 0, 3600, 's');
  rules.integer('scaling.scaleOutCooldownSeconds', scaleOutCooldownSeconds, 0, 3600, 's');
  const maxAllowed = ctx.maxTargets;
  const quotaWhat = ctx.alb ? 'tasks (the targets per target group quota)' : 'tasks (the NLB quota of targets with cross-zone load balancing)';
  if (o.fixedTasks !== undefined) {
    rules.integer('scaling.fixedTasks', o.fixedTasks, 1, maxAllowed, quotaWhat);
    for (const p of ['minTasks', 'maxTasks', 'targetCpuUtilization', 'requestsPerSecondPerTarget'] as const) {
      rules.check(`scaling.${p}`, o[p], o[p] === undefined, 'unset with scaling.fixedTasks (a fixed count turns auto scaling off)');
    }
    return {
      autoScaling: false,
      desiredTasks: o.fixedTasks,
      minTasks: o.fixedTasks,
      maxTasks: o.fixedTasks,
      targetCpuUtilization: sizing.targetUtilization,
      targetCpuUtilizationPercent: percentOf(sizing.targetUtilization),
      desiredCountOnCreateOnly: false,
      scaleInCooldownSeconds,
      scaleOutCooldownSeconds,
    };
  }
  rules.fraction('scaling.targetCpuUtilization', o.targetCpuUtilization, false, false);
  rules.check('scaling.targetCpuUtilization', o.targetCpuUtilization,
    o.targetCpuUtilization === undefined || (o.targetCpuUtilization >= 0.1 && o.targetCpuUtilization <= 0.95), 'a fraction from 0.1 to 0.95');
  const stable = defaultCpuTarget(azCount, sizing);
  const targetCpuUtilization = assumed.take('scaling.targetCpuUtilization', o.targetCpuUtilization, stable,
    `highest CPU target, in steps of 0.05, still statically stable on ${azCount} AZs (u x A/(A-1) <= 0.9 x ${sizing.maxUtilization}) `
    + `and within 0.9 x the ${sizing.targetUtilization} target at peak`);
  rules.positive('scaling.requestsPerSecondPerTarget', o.requestsPerSecondPerTarget, 1e7, 'requests/s');
  rules.check('scaling.requestsPerSecondPerTarget', o.requestsPerSecondPerTarget, ctx.alb || o.requestsPerSecondPerTarget === undefined,
    'unset with SOURCE_IP_HASH (request-count scaling needs an Application Load Balancer)');
  const perTask = load.requestsPerSecondPerTask;
  const requestsPerSecondPerTarget = ctx.alb
    ? assumed.take('scaling.requestsPerSecondPerTarget', o.requestsPerSecondPerTarget,
      targetCpuUtilization * perTask,
      'the CPU target x the requests/s one task sustains: the request-count policy agrees with the CPU policy', (v) => `${fmt(v)} requests/s`)
    : undefined;
  rules.integer('scaling.minTasks', o.minTasks, 1, maxAllowed, quotaWhat);
  rules.integer('scaling.maxTasks', o.maxTasks, 1, maxAllowed, quotaWhat);
  // Default min: what target tracking keeps at the declared peak, in whole rows over the AZs, so peak never waits for a scale-out.
  const u = effectiveScalingTarget(targetCpuUtilization, perTask, requestsPerSecondPerTarget);
  const atPeak = tasksAtPeak(load.peakRequestsPerSecond, perTask, u);
  const placedForPeak = Math.max(azCount, atPeak);
  const defaultMin = Math.min(maxAllowed, Math.max(azCount, roundUpToMultiple(placedForPeak, azCount)));
  const minTasks = assumed.take('scaling.minTasks', o.minTasks, defaultMin,
    'the tasks target tracking keeps at the declared peak, rounded up to a multiple of the AZ count');
  const maxTasks = assumed.take('scaling.maxTasks', o.maxTasks, Math.min(maxAllowed, Math.max(minTasks * 2, minTasks + azCount)),
    'twice minTasks: headroom beyond the declared peak');
  if (o.minTasks !== undefined || o.maxTasks !== undefined) {
    rules.check('scaling.maxTasks', maxTasks, maxTasks >= minTasks, `at least scaling.minTasks (${minTasks})`);
  }
  return {
    autoScaling: true,
    desiredTasks: minTasks,
    minTasks,
    maxTasks,
    targetCpuUtilization,
    targetCpuUtilizationPercent: percentOf(targetCpuUtilization),
    requestsPerSecondPerTarget,
    requestCountPerTargetPerMinute: requestsPerSecondPerTarget === undefined ? undefined : Math.max(1, Math.round(requestsPerSecondPerTarget * 60)),
    desiredCountOnCreateOnly: true,
    scaleInCooldownSeconds,
    scaleOutCooldownSeconds,
  };
}

function roundUpToMultiple(n: number, m: number): number {
  return Math.ceil(n / m) * m;
}
