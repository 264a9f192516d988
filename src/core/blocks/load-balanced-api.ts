import { AssumedInput, Assumptions } from '../assumptions';
import * as catalog from '../catalog';
import { checkFleet, checkLatency, checkLimit, checkRule, placeUnits, SizingPolicy } from '../sizing/capacity';
import { Scenario, SizingRow, Verdict } from '../sizing/report';
import { fmt, Rules } from '../validation';
import {
  ARN_PATTERN, BlockKind, BlockPlanBase, checkName, CIDR_PATTERN, DEFAULT_AZS, ENV_NAME_ALLOWED, ENV_NAME_PATTERN, enumValues, IMAGE_PATTERN,
  MAX_AZS, MIN_AZS, PlanContext, resolveSizingPolicy, SECRET_ARN_ALLOWED, SECRET_ARN_PATTERN, SECRET_LIKE_NAME, SizingBoundsOptions,
} from './common';

/** How the load balancer spreads requests over the fleet. */
export enum LoadBalancingAlgorithm {
  /** Application Load Balancer, round robin (the ALB default). */
  ROUND_ROBIN = 'ROUND_ROBIN',
  /** Application Load Balancer, to the target with the fewest requests in flight: best for uneven request costs. */
  LEAST_OUTSTANDING_REQUESTS = 'LEAST_OUTSTANDING_REQUESTS',
  /** Application Load Balancer, weighted random with automatic target weights (anomaly mitigation). */
  WEIGHTED_RANDOM = 'WEIGHTED_RANDOM',
  /** Network Load Balancer with source-IP stickiness: each client keeps reaching the same task. */
  SOURCE_IP_HASH = 'SOURCE_IP_HASH',
}

/** The kind of load balancer an algorithm needs. */
export enum LoadBalancerType {
  APPLICATION = 'APPLICATION',
  NETWORK = 'NETWORK',
}

/** Where the API tasks run. */
export enum ComputeKind {
  /** ECS on Fargate: no instances to manage. */
  FARGATE = 'FARGATE',
  /** ECS on an EC2 Auto Scaling group of one instance type. */
  EC2 = 'EC2',
}

/** CPU architecture of the tasks. */
export enum CpuArchitecture {
  /** Graviton: cheaper per request and the better-performing per vCPU in the catalog. */
  ARM64 = 'ARM64',
  X86_64 = 'X86_64',
}

/** How new task definitions roll out. */
export enum DeploymentStrategy {
  /** ECS rolling update guarded by the deployment circuit breaker with rollback. */
  ROLLING = 'ROLLING',
  /** ECS native blue/green: a full green fleet, traffic shifted after it is healthy. */
  BLUE_GREEN = 'BLUE_GREEN',
}

/** Whether the API is served over TLS. */
export enum ListenerProtocol {
  /** HTTPS on 443 with a certificate, and HTTP on 80 redirected to it. */
  HTTPS = 'HTTPS',
  /** Plain HTTP on 80: only when no certificate is given, and the report says so. */
  HTTP = 'HTTP',
}

/** Compute of one API task. */
export interface ApiComputeOptions {
  /**
   * Fargate or EC2.
   *
   * @default ComputeKind.FARGATE
   */
  readonly kind?: ComputeKind;
  /**
   * CPU units of one task (1024 = 1 vCPU). On Fargate, one of the Fargate sizes.
   *
   * @default 1024
   */
  readonly cpu?: number;
  /**
   * Memory of one task, in MiB. On Fargate, a valid pair with `cpu`.
   *
   * @default 2048
   */
  readonly memoryMiB?: number;
  /**
   * CPU architecture.
   *
   * @default CpuArchitecture.ARM64
   */
  readonly architecture?: CpuArchitecture;
  /**
   * EC2 instance type of the capacity (kind EC2 only), from the catalog.
   *
   * @default 'm7g.large' (ARM64) or 'm7i.large' (X86_64)
   */
  readonly instanceType?: string;
}

/** The container the tasks run. */
export interface ApiContainerOptions {
  /**
   * Container image.
   *
   * @default 'public.ecr.aws/nginx/nginx:stable-alpine' (answers on port 80; replace with your API)
   */
  readonly image?: string;
  /**
   * Port the container listens on.
   *
   * @default 8080, or 80 for the default image
   */
  readonly port?: number;
  /**
   * Plain environment variables (never secrets).
   *
   * @default - none
   */
  readonly environment?: { [key: string]: string };
  /**
   * Secrets injected as environment variables: variable name -> Secrets Manager secret ARN
   * (or `arn:...:secret:name:json-key::`).
   *
   * @default - none
   */
  readonly secrets?: { [key: string]: string };
}

/** The target group health check. */
export interface ApiHealthCheckOptions {
  /**
   * HTTP path that answers 200 when the task is healthy (ALB only; the NLB checks TCP).
   *
   * @default '/health', or '/' for the default image
   */
  readonly path?: string;
  /**
   * Seconds between checks (5..300).
   *
   * @default 15
   */
  readonly intervalSeconds?: number;
  /**
   * Seconds before a check times out (2..120, less than the interval).
   *
   * @default 5
   */
  readonly timeoutSeconds?: number;
  /**
   * Consecutive successes before a target is healthy (2..10).
   *
   * @default 3
   */
  readonly healthyThreshold?: number;
  /**
   * Consecutive failures before a target is unhealthy (2..10).
   *
   * @default 3
   */
  readonly unhealthyThreshold?: number;
}

/** Task counts and auto scaling. */
export interface ApiScalingOptions {
  /**
   * Fixed task count, with auto scaling off. Mutually exclusive with min/max tasks.
   *
   * @default - auto scaling on
   */
  readonly fixedTasks?: number;
  /**
   * Fewest tasks auto scaling keeps running.
   *
   * @default - the tasks the declared peak needs with one AZ lost (pre-provisioned static stability)
   */
  readonly minTasks?: number;
  /**
   * Most tasks auto scaling may run.
   *
   * @default - twice minTasks
   */
  readonly maxTasks?: number;
  /**
   * Target tracking on average CPU, as a fraction (0.1..0.95).
   *
   * @default - the highest target that stays statically stable with one AZ lost, rounded down to 0.05: 0.5 on 3 AZs
   */
  readonly targetCpuUtilization?: number;
  /**
   * A second target-tracking policy on the requests/s each task should see (ALB only; backends
   * render it as ALBRequestCountPerTarget, which counts per minute).
   *
   * @default - no request-count policy
   */
  readonly requestsPerSecondPerTarget?: number;
  /**
   * Seconds to wait after a scale-in before another.
   *
   * @default 300
   */
  readonly scaleInCooldownSeconds?: number;
  /**
   * Seconds to wait after a scale-out before another.
   *
   * @default 60
   */
  readonly scaleOutCooldownSeconds?: number;
}

/** How deployments roll out. */
export interface ApiDeploymentOptions {
  /**
   * Rolling (with circuit breaker) or ECS native blue/green.
   *
   * @default DeploymentStrategy.ROLLING
   */
  readonly strategy?: DeploymentStrategy;
  /**
   * Deployment circuit breaker with automatic rollback.
   *
   * @default true
   */
  readonly circuitBreaker?: boolean;
}

/** The load the API must carry. */
export interface ApiLoadOptions {
  /**
   * Peak requests per second that reach the API. In a SystemSpec this is derived from the
   * system load through the CDN and must not be given here.
   */
  readonly peakRequestsPerSecond?: number;
  /**
   * Requests/s one task sustains, as you measured it.
   *
   * @default - an assumed figure per vCPU from the catalog, scaled by the family's per-vCPU speed
   */
  readonly requestsPerSecondPerTask?: number;
  /**
   * p99 queueing-delay target in ms; with `serviceTimeMs`, the task count must meet it (Erlang C).
   *
   * @default - no latency check
   */
  readonly latencyTargetMs?: number;
  /**
   * Mean time one request holds a task's worker, in ms.
   *
   * @default - required when latencyTargetMs is given
   */
  readonly serviceTimeMs?: number;
}

/** Options of a LoadBalancedApi: a load balancer over an ECS fleet spread across AZs. */
export interface LoadBalancedApiOptions {
  /**
   * Name: DNS-safe, used in resource names and the report.
   *
   * @default 'api'
   */
  readonly name?: string;
  /**
   * Routing algorithm; SOURCE_IP_HASH selects a Network Load Balancer.
   *
   * @default LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS
   */
  readonly algorithm?: LoadBalancingAlgorithm;
  /**
   * Compute of one task.
   *
   * @default - Fargate, 1 vCPU, 2 GiB, ARM64
   */
  readonly compute?: ApiComputeOptions;
  /**
   * The container.
   *
   * @default - the default image on port 80
   */
  readonly container?: ApiContainerOptions;
  /**
   * Availability Zones to spread over (2..6).
   *
   * @default 3
   */
  readonly azCount?: number;
  /**
   * Whether the load balancer faces the internet (public subnets) or is internal.
   *
   * @default true
   */
  readonly internetFacing?: boolean;
  /**
   * ACM certificate ARN for the HTTPS listener. Without one, the API is served over plain
   * HTTP and the report says so.
   *
   * @default - plain HTTP
   */
  readonly certificateArn?: string;
  /**
   * CIDRs the load balancer admits on 443 and 80.
   *
   * @default ['0.0.0.0/0'] when internet-facing, the VPC's CIDR otherwise
   */
  readonly allowedCidrs?: string[];
  /**
   * Health check.
   *
   * @default - '/health' every 15 s, 3 to become healthy or unhealthy
   */
  readonly healthCheck?: ApiHealthCheckOptions;
  /**
   * Seconds a draining target keeps serving in-flight requests (0..3600).
   *
   * @default 30
   */
  readonly deregistrationDelaySeconds?: number;
  /**
   * Load balancer idle timeout in seconds (1..4000; ALB only).
   *
   * @default 60
   */
  readonly idleTimeoutSeconds?: number;
  /**
   * Slow start in seconds for new targets (0 = off, or 30..900; ALB with ROUND_ROBIN or
   * LEAST_OUTSTANDING_REQUESTS only).
   *
   * @default 0
   */
  readonly slowStartSeconds?: number;
  /**
   * Task counts and auto scaling.
   *
   * @default - auto scaling on CPU, min sized for the peak with one AZ lost
   */
  readonly scaling?: ApiScalingOptions;
  /**
   * Deployments.
   *
   * @default - rolling, circuit breaker with rollback
   */
  readonly deployment?: ApiDeploymentOptions;
  /**
   * Access logs to an encrypted, private bucket.
   *
   * @default true
   */
  readonly accessLogs?: boolean;
  /**
   * ARN of a regional WAF web ACL to associate with the load balancer (ALB only).
   *
   * @default - none
   */
  readonly webAclArn?: string;
  /** The load the API must carry. */
  readonly load?: ApiLoadOptions;
  /**
   * Utilisation bounds for the sizing check.
   *
   * @default - 0.7 normal, 0.9 with one AZ lost
   */
  readonly sizing?: SizingBoundsOptions;
}

/** The resolved compute of one task. */
export interface ApiComputePlan {
  readonly kind: ComputeKind;
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly vcpu: number;
  readonly architecture: CpuArchitecture;
  /** EC2 only. */
  readonly instanceType?: string;
  /** EC2 only: tasks one instance holds (by CPU and memory). */
  readonly tasksPerInstance?: number;
  /** Human label, e.g. `1 vCPU / 2 GiB`. */
  readonly label: string;
}

/** The resolved container. */
export interface ApiContainerPlan {
  readonly image: string;
  readonly port: number;
  readonly environment: { [key: string]: string };
  readonly secrets: { [key: string]: string };
}

/** The resolved health check. */
export interface ApiHealthCheckPlan {
  readonly path: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
}

/** The resolved scaling. */
export interface ApiScalingPlan {
  /** Whether target-tracking auto scaling owns the desired count (a deploy never resets it then). */
  readonly autoScaling: boolean;
  /** Tasks when the service is created (min tasks with auto scaling). */
  readonly desiredTasks: number;
  readonly minTasks: number;
  readonly maxTasks: number;
  /** CPU target as a fraction (auto scaling only). */
  readonly targetCpuUtilization: number;
  /** Requests/s per target (ALB auto scaling only). */
  readonly requestsPerSecondPerTarget?: number;
  readonly scaleInCooldownSeconds: number;
  readonly scaleOutCooldownSeconds: number;
}

/** The resolved listener and TLS. */
export interface ApiListenerPlan {
  readonly protocol: ListenerProtocol;
  readonly certificateArn?: string;
  /** Port clients connect to (443 or 80). */
  readonly port: number;
  /** Whether HTTP 80 redirects to HTTPS 443. */
  readonly redirectHttpToHttps: boolean;
  /** ELB security policy: TLS 1.3 with 1.2 fallback. */
  readonly sslPolicy: string;
}

/** The resolved load. */
export interface ApiLoadPlan {
  readonly peakRequestsPerSecond: number;
  readonly requestsPerSecondPerTask: number;
  readonly latencyTargetMs?: number;
  readonly serviceTimeMs?: number;
}

/** The resolved LoadBalancedApi: every default explicit. Backends render exactly this. */
export interface LoadBalancedApiPlan extends BlockPlanBase {
  readonly algorithm: LoadBalancingAlgorithm;
  readonly loadBalancerType: LoadBalancerType;
  readonly compute: ApiComputePlan;
  readonly container: ApiContainerPlan;
  readonly azCount: number;
  readonly internetFacing: boolean;
  readonly listener: ApiListenerPlan;
  /** CIDRs admitted by the load balancer; empty means "the VPC CIDR" (internal). */
  readonly allowedCidrs: string[];
  readonly healthCheck: ApiHealthCheckPlan;
  readonly deregistrationDelaySeconds: number;
  readonly idleTimeoutSeconds: number;
  readonly slowStartSeconds: number;
  /** NLB only: source-IP stickiness. */
  readonly sourceIpStickiness: boolean;
  /** ALB only: drop HTTP headers with invalid fields. */
  readonly dropInvalidHeaderFields: boolean;
  readonly scaling: ApiScalingPlan;
  readonly deploymentStrategy: DeploymentStrategy;
  readonly circuitBreaker: boolean;
  readonly accessLogs: boolean;
  readonly webAclArn?: string;
  readonly load: ApiLoadPlan;
}

/** TLS 1.3 with a TLS 1.2 fallback (ELB predefined policy). */
export const API_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
const DEFAULT_IMAGE = 'public.ecr.aws/nginx/nginx:stable-alpine';

/** The highest CPU target that is statically stable on `azCount` AZs: u x A/(A-1) <= 0.9 u_max, rounded down to 0.05. */
export function staticallyStableCpuTarget(azCount: number, maxUtilization: number, warnMargin: number): number {
  const raw = (maxUtilization * warnMargin * (azCount - 1)) / azCount;
  return Math.max(0.1, Math.floor(raw * 20 + 1e-9) / 20);
}

/** Tasks target tracking keeps running at peak: ceil(D / (u_tt x k)). */
export function tasksAtPeak(peak: number, perTask: number, cpuTarget: number): number {
  return peak <= 0 ? 0 : Math.ceil(peak / (cpuTarget * perTask) - 1e-9);
}

/**
 * Validates options and resolves every default of a LoadBalancedApi.
 *
 * @throws ValidationError listing every invalid prop
 */
export function planLoadBalancedApi(options: LoadBalancedApiOptions = {}, context: PlanContext = {}): LoadBalancedApiPlan {
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

  const azCount = options.azCount ?? DEFAULT_AZS;
  rules.integer('azCount', azCount, MIN_AZS, MAX_AZS);

  const compute = resolveCompute(rules, assumed, rules.object('compute', options.compute));
  const container = resolveContainer(rules, rules.object('container', options.container));
  const sizing = resolveSizingPolicy(rules, assumed, options.sizing);

  // --- listener -------------------------------------------------------------------------------
  rules.matches('certificateArn', options.certificateArn, ARN_PATTERN, 'an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)');
  const https = options.certificateArn !== undefined;
  const listener: ApiListenerPlan = {
    protocol: https ? ListenerProtocol.HTTPS : ListenerProtocol.HTTP,
    certificateArn: options.certificateArn,
    port: https ? 443 : 80,
    redirectHttpToHttps: https && alb,
    sslPolicy: API_SSL_POLICY,
  };
  rules.boolean('internetFacing', options.internetFacing);
  const internetFacing = options.internetFacing ?? true;
  const givenCidrs = rules.array('allowedCidrs', options.allowedCidrs);
  const allowedCidrs = givenCidrs ?? (internetFacing ? ['0.0.0.0/0'] : []);
  rules.check('allowedCidrs', options.allowedCidrs, givenCidrs === undefined || givenCidrs.length > 0,
    'a non-empty list of CIDRs (omit it for the default)');
  allowedCidrs.forEach((c, i) => rules.matches(`allowedCidrs[${i}]`, c, CIDR_PATTERN, 'a CIDR block such as 203.0.113.0/24'));

  // --- target group ---------------------------------------------------------------------------
  const hc = rules.object('healthCheck', options.healthCheck);
  const healthCheck: ApiHealthCheckPlan = {
    path: hc.path ?? (container.image === DEFAULT_IMAGE ? '/' : '/health'),
    intervalSeconds: hc.intervalSeconds ?? 15,
    timeoutSeconds: hc.timeoutSeconds ?? 5,
    healthyThreshold: hc.healthyThreshold ?? 3,
    unhealthyThreshold: hc.unhealthyThreshold ?? 3,
  };
  rules.matches('healthCheck.path', hc.path, /^\/[\x21-\x7e]{0,1023}$/, 'an absolute path such as /health (up to 1024 printable characters)');
  rules.integer('healthCheck.intervalSeconds', healthCheck.intervalSeconds, 5, 300, 's');
  rules.integer('healthCheck.timeoutSeconds', healthCheck.timeoutSeconds, 2, 120, 's');
  rules.check('healthCheck.timeoutSeconds', healthCheck.timeoutSeconds, healthCheck.timeoutSeconds < healthCheck.intervalSeconds,
    `less than healthCheck.intervalSeconds (${healthCheck.intervalSeconds})`);
  rules.integer('healthCheck.healthyThreshold', healthCheck.healthyThreshold, 2, 10);
  rules.integer('healthCheck.unhealthyThreshold', healthCheck.unhealthyThreshold, 2, 10);

  const elb = catalog.QUOTAS.elb;
  const deregistrationDelaySeconds = options.deregistrationDelaySeconds ?? 30;
  rules.integer('deregistrationDelaySeconds', deregistrationDelaySeconds, elb.deregistrationDelayMinSeconds.value,
    elb.deregistrationDelayMaxSeconds.value, 's');
  const idleTimeoutSeconds = options.idleTimeoutSeconds ?? elb.albIdleTimeoutDefaultSeconds.value;
  rules.integer('idleTimeoutSeconds', idleTimeoutSeconds, elb.albIdleTimeoutMinSeconds.value, elb.albIdleTimeoutMaxSeconds.value, 's');
  rules.check('idleTimeoutSeconds', options.idleTimeoutSeconds, alb || options.idleTimeoutSeconds === undefined,
    'unset with SOURCE_IP_HASH (the Network Load Balancer has a fixed TCP idle timeout)');
  const slowStartSeconds = options.slowStartSeconds ?? 0;
  rules.check('slowStartSeconds', slowStartSeconds, Number.isInteger(slowStartSeconds) && (slowStartSeconds === 0 || (slowStartSeconds >= 30 && slowStartSeconds <= 900)),
    '0 (off) or an integer from 30 to 900 s');
  rules.check('slowStartSeconds', slowStartSeconds, slowStartSeconds === 0 || algorithm === LoadBalancingAlgorithm.ROUND_ROBIN
    || algorithm === LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS, '0 with WEIGHTED_RANDOM or SOURCE_IP_HASH (slow start needs ROUND_ROBIN or LEAST_OUTSTANDING_REQUESTS)');
  rules.matches('webAclArn', options.webAclArn, ARN_PATTERN, 'a WAFv2 regional web ACL ARN');
  rules.check('webAclArn', options.webAclArn, alb || options.webAclArn === undefined, 'unset with SOURCE_IP_HASH (WAF attaches to an Application Load Balancer only)');

  // --- load -----------------------------------------------------------------------------------
  const l = rules.object('load', options.load);
  rules.number('load.peakRequestsPerSecond', l.peakRequestsPerSecond, 0, 1e9, 'requests/s');
  rules.positive('load.requestsPerSecondPerTask', l.requestsPerSecondPerTask, 1e7, 'requests/s');
  rules.positive('load.latencyTargetMs', l.latencyTargetMs, 600_000, 'ms');
  rules.positive('load.serviceTimeMs', l.serviceTimeMs, 600_000, 'ms');
  rules.check('load.serviceTimeMs', l.serviceTimeMs, l.latencyTargetMs === undefined || l.serviceTimeMs !== undefined,
    'set when load.latencyTargetMs is set (the Erlang C check needs the mean service time)');
  const peakRequestsPerSecond = assumed.take('load.peakRequestsPerSecond', l.peakRequestsPerSecond, 0,
    'no peak declared: nothing to size against');
  const perTaskDefault = assumedRequestsPerTask(compute);
  const requestsPerSecondPerTask = assumed.take('load.requestsPerSecondPerTask', l.requestsPerSecondPerTask, perTaskDefault.value,
    perTaskDefault.reason, (v) => `${fmt(v)} requests/s`);
  const load: ApiLoadPlan = { peakRequestsPerSecond, requestsPerSecondPerTask, latencyTargetMs: l.latencyTargetMs, serviceTimeMs: l.serviceTimeMs };

  const scaling = resolveScaling(rules, assumed, rules.object('scaling', options.scaling), { azCount, sizing, load, alb });

  const deployment = rules.object('deployment', options.deployment);
  rules.boolean('deployment.circuitBreaker', deployment.circuitBreaker);
  rules.boolean('accessLogs', options.accessLogs);
  const deploymentStrategy = deployment.strategy ?? DeploymentStrategy.ROLLING;
  rules.oneOf('deployment.strategy', deploymentStrategy, enumValues(DeploymentStrategy));
  rules.check('deployment.strategy', deploymentStrategy, deploymentStrategy === DeploymentStrategy.ROLLING || alb,
    'ROLLING with SOURCE_IP_HASH (ECS blue/green shifts traffic through ALB listener rules)');

  rules.throwIfInvalid();
  return {
    kind: BlockKind.LOAD_BALANCED_API,
    name,
    path,
    sizing,
    assumed: assumed.list,
    algorithm,
    loadBalancerType,
    compute,
    container,
    azCount,
    internetFacing,
    listener,
    allowedCidrs,
    healthCheck,
    deregistrationDelaySeconds,
    idleTimeoutSeconds,
    slowStartSeconds,
    sourceIpStickiness: !alb,
    dropInvalidHeaderFields: alb,
    scaling,
    deploymentStrategy,
    circuitBreaker: deployment.circuitBreaker ?? true,
    accessLogs: options.accessLogs ?? true,
    webAclArn: options.webAclArn,
    load,
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
  if (!spec) {
    // Unknown or mistyped: reported above; size as the default so later rules still run.
    return { kind, cpu, memoryMiB, vcpu: cpu / 1024, architecture, label };
  }
  rules.check('compute.instanceType', instanceType, spec !== undefined, `an EC2 instance type in the catalog: ${catalog.knownEc2Instances().join(', ')}`);
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

function assumedRequestsPerTask(compute: ApiComputePlan): { value: number; reason: string } {
  const perVcpu = catalog.ASSUMED.apiRequestsPerSecondPerVcpu;
  let speed = 1;
  let family = 'fargate';
  if (compute.kind === ComputeKind.EC2 && typeof compute.instanceType === 'string') {
    family = compute.instanceType.split('.')[0];
    speed = catalog.relativeVcpuSpeed(family, perVcpu.referenceFamily ?? 'm7g') ?? 1;
  }
  const value = Math.max(1, Math.floor(perVcpu.value * compute.vcpu * speed));
  return {
    value,
    reason: `${fmt(perVcpu.value)} requests/s per vCPU (${perVcpu.source.title}) x ${fmt(compute.vcpu)} vCPU`
      + (speed !== 1 ? ` x ${fmt(speed)} (${family} per-vCPU speed vs m7g)` : '') + ': measure yours and set load.requestsPerSecondPerTask',
  };
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
  return { image, port, environment, secrets };
}

interface ScalingContext {
  readonly azCount: number;
  readonly sizing: SizingPolicy;
  readonly load: ApiLoadPlan;
  readonly alb: boolean;
}

function resolveScaling(rules: Rules, assumed: Assumptions, o: ApiScalingOptions = {}, ctx: ScalingContext): ApiScalingPlan {
  const { azCount, sizing, load } = ctx;
  const scaleInCooldownSeconds = o.scaleInCooldownSeconds ?? 300;
  const scaleOutCooldownSeconds = o.scaleOutCooldownSeconds ?? 60;
  rules.integer('scaling.scaleInCooldownSeconds', scaleInCooldownSeconds, 0, 3600, 's');
  rules.integer('scaling.scaleOutCooldownSeconds', scaleOutCooldownSeconds, 0, 3600, 's');
  const maxAllowed = catalog.QUOTAS.elb.targetsPerTargetGroup.value;
  if (o.fixedTasks !== undefined) {
    rules.integer('scaling.fixedTasks', o.fixedTasks, 1, maxAllowed, 'tasks');
    for (const p of ['minTasks', 'maxTasks', 'targetCpuUtilization', 'requestsPerSecondPerTarget'] as const) {
      rules.check(`scaling.${p}`, o[p], o[p] === undefined, 'unset with scaling.fixedTasks (a fixed count turns auto scaling off)');
    }
    return {
      autoScaling: false,
      desiredTasks: o.fixedTasks,
      minTasks: o.fixedTasks,
      maxTasks: o.fixedTasks,
      targetCpuUtilization: sizing.targetUtilization,
      scaleInCooldownSeconds,
      scaleOutCooldownSeconds,
    };
  }
  rules.fraction('scaling.targetCpuUtilization', o.targetCpuUtilization, false, false);
  rules.check('scaling.targetCpuUtilization', o.targetCpuUtilization,
    o.targetCpuUtilization === undefined || (o.targetCpuUtilization >= 0.1 && o.targetCpuUtilization <= 0.95), 'a fraction from 0.1 to 0.95');
  const stable = staticallyStableCpuTarget(azCount, sizing.maxUtilization, sizing.warnMargin);
  const targetCpuUtilization = assumed.take('scaling.targetCpuUtilization', o.targetCpuUtilization, stable,
    `highest CPU target still statically stable on ${azCount} AZs (u x A/(A-1) <= 0.9 x ${sizing.maxUtilization})`);
  rules.positive('scaling.requestsPerSecondPerTarget', o.requestsPerSecondPerTarget, 1e7, 'requests/s');
  rules.check('scaling.requestsPerSecondPerTarget', o.requestsPerSecondPerTarget, ctx.alb || o.requestsPerSecondPerTarget === undefined,
    'unset with SOURCE_IP_HASH (request-count scaling needs an Application Load Balancer)');
  rules.integer('scaling.minTasks', o.minTasks, 1, maxAllowed, 'tasks');
  rules.integer('scaling.maxTasks', o.maxTasks, 1, maxAllowed, 'tasks');
  // Default min: what the peak needs with the worst AZ lost, so peak never waits for a scale-out.
  const perTask = load.requestsPerSecondPerTask;
  const atPeak = tasksAtPeak(load.peakRequestsPerSecond, perTask, targetCpuUtilization);
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
    requestsPerSecondPerTarget: o.requestsPerSecondPerTarget,
    scaleInCooldownSeconds,
    scaleOutCooldownSeconds,
  };
}

function roundUpToMultiple(n: number, m: number): number {
  return Math.ceil(n / m) * m;
}

/** What the sizing reads of a deployed fleet: taken from the plan, or from a synthesized template. */
export interface ApiTopology {
  /** Tasks running at peak when auto scaling is off; min tasks with auto scaling. */
  readonly minTasks: number;
  readonly maxTasks: number;
  readonly autoScaling: boolean;
  readonly targetCpuUtilization: number;
  readonly azCount: number;
  /** Real placement per AZ, when read from a template. */
  readonly placement?: number[];
}

/** The topology a plan intends to deploy. */
export function apiTopologyOf(plan: LoadBalancedApiPlan): ApiTopology {
  return {
    minTasks: plan.scaling.minTasks,
    maxTasks: plan.scaling.maxTasks,
    autoScaling: plan.scaling.autoScaling,
    targetCpuUtilization: plan.scaling.targetCpuUtilization,
    azCount: plan.azCount,
  };
}

/**
 * Sizes a LoadBalancedApi: task capacity in normal operation and with the worst AZ lost, the
 * target-tracking rules (max tasks, static stability of the CPU target, scale-out reliance),
 * the targets-per-target-group quota and, with a latency target, Erlang C.
 *
 * @param demandRps the requests/s that reach the API (the chain's origin load in a system)
 */
export function sizeLoadBalancedApi(plan: LoadBalancedApiPlan, demandRps: number = plan.load.peakRequestsPerSecond,
  topology: ApiTopology = apiTopologyOf(plan)): SizingRow[] {
  const perTask = plan.load.requestsPerSecondPerTask;
  const ctxBase = { block: plan.path, blockKind: plan.kind, metric: 'requests/s', assumed: plan.assumed as AssumedInput[] };
  const taskSources = ['catalog.ASSUMED.apiRequestsPerSecondPerVcpu', plan.compute.kind === ComputeKind.FARGATE ? 'catalog.fargate' : 'catalog.instances'];
  const rows: SizingRow[] = [];
  const A = topology.azCount;
  const unitNoun = `tasks of ${plan.compute.label}`;
  let running = topology.minTasks;
  let deployedCap = topology.maxTasks;
  if (topology.autoScaling) {
    const u = topology.targetCpuUtilization;
    const atPeak = tasksAtPeak(demandRps, perTask, u);
    running = Math.min(topology.maxTasks, Math.max(topology.minTasks, atPeak));
    const ctx = { ...ctxBase, resource: 'auto scaling', sources: ['SIZING-MODEL: target tracking'] };
    rows.push(atPeak > topology.maxTasks
      ? checkRule({ ...ctx, metric: 'tasks' }, Verdict.FAIL,
        `target tracking at ${fmt(u * 100)} % CPU needs ${fmt(atPeak)} tasks at peak, above maxTasks ${fmt(topology.maxTasks)}`,
        `set scaling.maxTasks >= ${fmt(atPeak)}`)
      : checkRule({ ...ctx, metric: 'tasks' }, Verdict.PASS,
        `target tracking at ${fmt(u * 100)} % CPU keeps ${fmt(atPeak)} tasks at peak, within maxTasks ${fmt(topology.maxTasks)}`));
    const azStress = A > 1 ? (u * A) / (A - 1) : Number.POSITIVE_INFINITY;
    const stableTarget = staticallyStableCpuTarget(A, plan.sizing.maxUtilization, plan.sizing.warnMargin);
    rows.push(azStress <= plan.sizing.maxUtilization + 1e-9
      ? checkRule({ ...ctx, metric: 'CPU target' }, Verdict.PASS,
        `a ${fmt(u * 100)} % CPU target on ${A} AZs runs at ${fmt(Math.round(azStress * 1000) / 10)} % after an AZ loss, within ${fmt(plan.sizing.maxUtilization * 100)} %`)
      : checkRule({ ...ctx, metric: 'CPU target' }, Verdict.FAIL,
        `a ${fmt(u * 100)} % CPU target on ${A} AZs runs at ${fmt(Math.round(azStress * 1000) / 10)} % after an AZ loss, above ${fmt(plan.sizing.maxUtilization * 100)} % `
        + '(relaunching tasks after an AZ loss takes minutes and is rate limited: 20 tasks/s per Region after a burst of 100)',
        `lower scaling.targetCpuUtilization to <= ${fmt(stableTarget)} or spread over more AZs`));
    if (topology.minTasks < atPeak) {
      rows.push(checkRule({ ...ctx, metric: 'tasks' }, Verdict.WARN,
        `peak needs ${fmt(atPeak)} tasks but minTasks is ${fmt(topology.minTasks)}: peak is reached only after a scale-out, so a sudden spike queues`,
        `set scaling.minTasks >= ${fmt(atPeak)}`));
    }
  } else {
    deployedCap = topology.minTasks;
  }
  rows.push(...checkFleet({
    ...ctxBase,
    resource: 'api tasks',
    sources: taskSources,
    demand: demandRps,
    perUnit: perTask,
    units: running,
    azCount: A,
    placement: topology.placement && !topology.autoScaling ? topology.placement : undefined,
    unitNoun,
    policy: plan.sizing,
    maxUnits: topology.autoScaling
      ? { value: topology.maxTasks, what: 'scaling.maxTasks', instead: 'raise scaling.maxTasks, or use bigger tasks' }
      : undefined,
  }));
  // Targets per target group (ALB) or per AZ (NLB).
  const targetsQuota = plan.loadBalancerType === LoadBalancerType.APPLICATION
    ? catalog.QUOTAS.elb.targetsPerTargetGroup : catalog.QUOTAS.elb.nlbTargetsPerAz;
  const perAz = plan.loadBalancerType === LoadBalancerType.NETWORK;
  const targets = perAz ? Math.max(...placeUnits(deployedCap, A)) : deployedCap;
  rows.push(checkLimit({
    ...ctxBase,
    resource: perAz ? 'targets per AZ' : 'targets per target group',
    metric: 'targets',
    sources: [perAz ? 'catalog.QUOTAS.elb.nlbTargetsPerAz' : 'catalog.QUOTAS.elb.targetsPerTargetGroup'],
  },
  targets, targetsQuota.value, plan.sizing.warnMargin, 'use bigger tasks (more requests/s each), or request a quota increase',
  perAz ? 'the NLB quota of targets per AZ' : 'the ALB quota of targets per target group'));
  // Erlang C, when a latency target is declared.
  if (plan.load.latencyTargetMs !== undefined && plan.load.serviceTimeMs !== undefined && demandRps > 0) {
    const serviceSeconds = plan.load.serviceTimeMs / 1000;
    const serversPerUnit = Math.max(1, Math.floor(perTask * serviceSeconds));
    const base = {
      ...ctxBase,
      resource: 'api latency',
      sources: ['method: Erlang C (M/M/c)'],
      arrivalRate: demandRps,
      serviceSeconds,
      serversPerUnit,
      targetSeconds: plan.load.latencyTargetMs / 1000,
      unitNoun,
      warnMargin: plan.sizing.warnMargin,
      deployedUnits: running,
    };
    rows.push(checkLatency({ ...base, units: running, scenario: Scenario.NORMAL }));
    if (A > 1) {
      const lost = (n: number): number => Math.max(...placeUnits(n, A));
      rows.push(checkLatency({ ...base, units: running - lost(running), scenario: Scenario.AZ_LOSS, lostUnits: lost }));
    }
  }
  return rows;
}

/** Notes the report shows for a plan (design facts that are not capacity rows). */
export function loadBalancedApiNotes(plan: LoadBalancedApiPlan): string[] {
  const notes: string[] = [];
  if (plan.listener.protocol === ListenerProtocol.HTTP) {
    notes.push(`${plan.path}: served over plain HTTP because no certificateArn was given; give one for HTTPS with TLS 1.3`);
  }
  if (!plan.circuitBreaker) notes.push(`${plan.path}: the deployment circuit breaker is off; a bad deploy is not rolled back`);
  return notes;
}
