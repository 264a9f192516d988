import { AssumedInput, Assumptions } from '../../assumptions';
import * as catalog from '../../catalog';
import { checkPlanInputs, PLAN_FORMAT_VERSION } from '../../inputs';
import {
  capacityRow, checkFleet, checkLatency, checkLimit, checkRule, fmtPercent, placeUnits, SizingPolicy, smallestPassing, staticallyStableCpuTarget,
  survivors, utilizationOf,
  verdictFor,
} from '../../sizing/capacity';
import { Scenario, SizingRow, Verdict } from '../../sizing/report';
import { fmt, Rules } from '../../validation';
import {
  ARN_PATTERN, BlockKind, BlockPlanBase, checkName, CIDR_PATTERN, DEFAULT_AZS, ENV_NAME_ALLOWED, ENV_NAME_PATTERN, enumValues, IMAGE_PATTERN,
  MAX_AZS, MIN_AZS, PlanContext, RemovalPolicy, resolveSizingPolicy, SECRET_ARN_ALLOWED, SECRET_ARN_PATTERN, SECRET_LIKE_NAME, SizingBoundsOptions,
} from '../common';
import { BucketEncryption } from '../global-cdn';
import { BucketLifecycleRulePlan, logBucketLifecycle } from '../shared/bucket';
import {
  containerHardening, DEFAULT_CONTAINER_LOG_RETENTION_DAYS, ContainerHardeningPlan, EcsServicePlan, EcsServiceSettingsPlan, ecsServiceSettings,
  checkLogRetention, percentOf,
} from '../shared/ecs';
import { WiringPlan } from '../shared/wiring';

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

/** Whether the API is served over TLS, as the load balancer's listener protocol. */
export enum ListenerProtocol {
  /** Application Load Balancer: HTTPS on 443 with a certificate, and HTTP on 80 redirected to it. */
  HTTPS = 'HTTPS',
  /** Application Load Balancer: plain HTTP on 80, only when no certificate is given (the report says so). */
  HTTP = 'HTTP',
  /** Network Load Balancer: TLS on 443 with a certificate (terminated at the load balancer). */
  TLS = 'TLS',
  /** Network Load Balancer: plain TCP on 80, only when no certificate is given (the report says so). */
  TCP = 'TCP',
}

/** Which subnets of the VPC a resource sits in. */
export enum SubnetKind {
  /** Public subnets (a route to an internet gateway). */
  PUBLIC = 'PUBLIC',
  /** Private subnets (egress through NAT or VPC endpoints only). */
  PRIVATE = 'PRIVATE',
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
   * @default - the tasks target tracking keeps at the declared peak, rounded up to a multiple of the AZ count (at least one per AZ), so peak never waits for a scale-out
   */
  readonly minTasks?: number;
  /**
   * Most tasks auto scaling may run.
   *
   * @default - twice minTasks (at least minTasks plus one per AZ), within the load balancer's targets quota
   */
  readonly maxTasks?: number;
  /**
   * Target tracking on average CPU, as a fraction (0.1..0.95).
   *
   * @default - the highest target that stays statically stable with one AZ lost, rounded down to 0.05: 0.5 on 3 AZs
   */
  readonly targetCpuUtilization?: number;
  /**
   * A second target-tracking policy on the requests/s each task should see (ALB only; the plan
   * also gives it per minute, as ALBRequestCountPerTarget counts). With both policies, auto
   * scaling keeps the larger of the two task counts, so the lower effective target sizes the fleet.
   *
   * @default - with an Application Load Balancer, the CPU target times the requests/s one task sustains (both policies agree); none with SOURCE_IP_HASH
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

/** The resolved deployment settings of the ECS service. */
export interface ApiDeploymentPlan {
  readonly strategy: DeploymentStrategy;
  /** Deployment circuit breaker. */
  readonly circuitBreaker: boolean;
  /** Roll back automatically when the circuit breaker trips (always with the breaker). */
  readonly rollback: boolean;
  /** Tasks kept running during a deploy, as a percentage of the desired count (100: capacity never drops). */
  readonly minimumHealthyPercent: number;
  /** Tasks allowed during a deploy, as a percentage of the desired count (200: a full new set starts beside the old). */
  readonly maximumPercent: number;
  /** BLUE_GREEN only: minutes both fleets run after traffic shifted, before blue is stopped (a rollback is instant meanwhile). */
  readonly bakeTimeMinutes?: number;
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
   * The load balancer is the origin of a CDN and admits only CloudFront's origin-facing
   * addresses (the `com.amazonaws.global.cloudfront.origin-facing` managed prefix list) on its
   * listener ports, instead of `allowedCidrs`: clients cannot go around the CDN and its WAF.
   *
   * @default false (a SystemStack sets it when a CDN fronts the API and no allowedCidrs are given)
   */
  readonly cloudFrontOriginOnly?: boolean;
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
   * Automatic target weights (anomaly mitigation): WEIGHTED_RANDOM only. The load balancer
   * sends less traffic to targets that return more errors than their peers.
   *
   * @default true with WEIGHTED_RANDOM
   */
  readonly anomalyMitigation?: boolean;
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
   * Days the container logs are kept (a CloudWatch Logs retention: 1, 3, 5, 7, 14, 30, 60, 90, ... 3653).
   *
   * @default 365
   */
  readonly logRetentionDays?: number;
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
  /** True when `image` is the default placeholder (nginx: it binds port 80 as root and writes its cache). */
  readonly placeholder: boolean;
  readonly port: number;
  readonly environment: { [key: string]: string };
  readonly secrets: { [key: string]: string };
  /** Non-root user, read-only root filesystem and a writable `/tmp`: all of it unless the image is the placeholder. */
  readonly hardening: ContainerHardeningPlan;
}

/** The resolved health check. */
export interface ApiHealthCheckPlan {
  /** `HTTP` (Application Load Balancer) or `TCP` (Network Load Balancer: a TCP connect, no path). */
  readonly protocol: string;
  /** HTTP path checked (HTTP only; a backend ignores it with TCP). */
  readonly path: string;
  /** HTTP codes that count as healthy (HTTP only). */
  readonly healthyHttpCodes: string;
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
  /** The same target in percent, as target tracking takes it (0.555 -> 55.5): both backends render this number. */
  readonly targetCpuUtilizationPercent: number;
  /** Requests/s per target (ALB auto scaling only). */
  readonly requestsPerSecondPerTarget?: number;
  /**
   * The same target per minute, the unit of the ALBRequestCountPerTarget metric target tracking
   * reads (ALB auto scaling only).
   */
  readonly requestCountPerTargetPerMinute?: number;
  /**
   * True when auto scaling owns the desired count: a backend sets `desiredTasks` when the service
   * is created and never on an update, so a deploy never resets a scaled-out fleet (CloudFormation:
   * leave DesiredCount out of the template; Terraform: `lifecycle { ignore_changes = [desired_count] }`).
   */
  readonly desiredCountOnCreateOnly: boolean;
  readonly scaleInCooldownSeconds: number;
  readonly scaleOutCooldownSeconds: number;
}

/** The resolved listener and TLS. */
export interface ApiListenerPlan {
  readonly protocol: ListenerProtocol;
  readonly certificateArn?: string;
  /** Port clients connect to (443 or 80). */
  readonly port: number;
  /** Whether HTTP 80 redirects to HTTPS 443 (a second listener on 80 whose only action is a 301 redirect). */
  readonly redirectHttpToHttps: boolean;
  /** ELB security policy: TLS 1.3 with 1.2 fallback (HTTPS and TLS listeners only). */
  readonly sslPolicy: string;
  /**
   * Scheme of the API's URL (`<scheme>://<load balancer DNS name>`): `https` behind a certificate
   * (HTTPS or TLS listener), `http` otherwise; the API speaks HTTP whichever load balancer fronts it.
   */
  readonly urlScheme: string;
}

/** The resolved target group (ELB attribute values, as the API spells them). */
export interface ApiTargetGroupPlan {
  /** `HTTP` (ALB) or `TCP` (NLB): the load balancer reaches tasks in plain text inside the VPC. */
  readonly protocol: string;
  /** The container port. */
  readonly port: number;
  /** `ip`: awsvpc tasks register by IP address (Fargate and EC2 alike). */
  readonly targetType: string;
  /** ALB only: `load_balancing.algorithm.type` (round_robin, least_outstanding_requests or weighted_random). */
  readonly algorithmType?: string;
  /** ALB WEIGHTED_RANDOM only: `load_balancing.algorithm.anomaly_mitigation` on. */
  readonly anomalyMitigation: boolean;
  /** NLB only: `stickiness.type` source_ip (with `stickiness.enabled` true). */
  readonly stickinessType?: string;
  /**
   * NLB only: `preserve_client_ip.enabled`, off, so tasks see the load balancer's addresses and
   * their security group can admit the load balancer's group alone (the stickiness still hashes the client IP).
   */
  readonly preserveClientIp?: boolean;
  /**
   * Cross-zone load balancing: always on for an ALB; turned on for the NLB so the fleet shares one
   * load whatever the tasks per AZ (the sizing relies on it; the NLB quota is then 500 targets per load balancer).
   */
  readonly crossZoneLoadBalancing: boolean;
}

/** Where things sit in the VPC (the VPC itself is a backend extra). */
export interface ApiNetworkPlan {
  /** PUBLIC when internet-facing, PRIVATE when internal. */
  readonly loadBalancerSubnets: SubnetKind;
  /** Always PRIVATE. */
  readonly taskSubnets: SubnetKind;
  /** Always false: tasks reach the internet through NAT or VPC endpoints only. */
  readonly assignPublicIp: boolean;
}

/** The resolved security groups. */
export interface ApiSecurityGroupsPlan {
  /** CIDRs the load balancer admits; empty when `loadBalancerAdmitsVpcCidr` (internal). */
  readonly loadBalancerIngressCidrs: string[];
  /** True when the load balancer admits the VPC's CIDR (internal, no CIDRs given): the backend knows it. */
  readonly loadBalancerAdmitsVpcCidr: boolean;
  /**
   * True when the load balancer admits only CloudFront's origin-facing managed prefix list
   * (`com.amazonaws.global.cloudfront.origin-facing`) on its listener ports: it is a CDN's origin.
   */
  readonly loadBalancerAdmitsCloudFrontOnly: boolean;
  /** Ports the load balancer admits: the listener's, plus 80 when it redirects to HTTPS. */
  readonly loadBalancerIngressPorts: number[];
  /** Port the tasks admit, from the load balancer's security group only (traffic and health checks). */
  readonly taskIngressPort: number;
  /** The load balancer's egress: only to the tasks' security group on the container port. */
  readonly loadBalancerEgressToTasksOnly: boolean;
}

/** The access log bucket of the load balancer. */
export interface ApiLogBucketPlan {
  /** SSE-S3: the only encryption ALB access log delivery writes to. */
  readonly encryption: BucketEncryption;
  readonly blockPublicAccess: boolean;
  /** Deny requests without TLS (aws:SecureTransport false). */
  readonly enforceTls: boolean;
  /** `BUCKET_OWNER_ENFORCED`: ACLs off (ELB log delivery does not need them). */
  readonly objectOwnership: string;
  readonly versioned: boolean;
  /**
   * The bucket's lifecycle rule, rendered as is by both backends: logs expire after
   * `API_ACCESS_LOG_EXPIRATION_DAYS`, their noncurrent versions after the same period (the bucket is
   * versioned), incomplete uploads are aborted after `API_ACCESS_LOG_ABORT_UPLOAD_DAYS`.
   */
  readonly lifecycle: BucketLifecycleRulePlan;
  readonly removalPolicy: RemovalPolicy;
  /** Key prefix of the log files. */
  readonly prefix: string;
}

/** EC2 capacity (compute kind EC2): an Auto Scaling group behind an ECS capacity provider. */
export interface ApiEc2CapacityPlan {
  readonly instanceType: string;
  /** Instances for minTasks, placed evenly: AZs x ceil(tasks per AZ / tasks per instance). */
  readonly minInstances: number;
  /** Instances for maxTasks during a deploy (x maximumPercent), placed evenly. */
  readonly maxInstances: number;
  /** Capacity provider managed scaling target (100: no idle instance kept beyond what tasks need). */
  readonly managedScalingTargetCapacityPercent: number;
  /** Managed termination protection: instances with tasks are not scaled in. */
  readonly managedTerminationProtection: boolean;
  /** `awsvpc`: one ENI per task; the account setting awsvpcTrunking must be on for more than a few tasks per instance. */
  readonly networkMode: string;
  /** The instances' root volume. */
  readonly rootVolume: Ec2RootVolumePlan;
  /** IMDSv2 only (session tokens required). */
  readonly requireImdsv2: boolean;
  /** Hop limit of instance metadata responses (1: containers cannot reach the instance's credentials). */
  readonly metadataHopLimit: number;
  /** One-minute EC2 metrics. */
  readonly detailedMonitoring: boolean;
}

/** The root EBS volume of a container instance. */
export interface Ec2RootVolumePlan {
  /** Device name of the ECS-optimized Amazon Linux 2023 AMI's root volume. */
  readonly deviceName: string;
  readonly sizeGiB: number;
  /** EBS volume type, e.g. `gp3`. */
  readonly volumeType: string;
  readonly encrypted: boolean;
  readonly deleteOnTermination: boolean;
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
  readonly healthCheck: ApiHealthCheckPlan;
  readonly targetGroup: ApiTargetGroupPlan;
  readonly network: ApiNetworkPlan;
  readonly securityGroups: ApiSecurityGroupsPlan;
  readonly deregistrationDelaySeconds: number;
  /** ALB only (the NLB's TCP idle timeout is fixed). */
  readonly idleTimeoutSeconds: number;
  readonly slowStartSeconds: number;
  /** ALB only: drop HTTP headers with invalid fields. */
  readonly dropInvalidHeaderFields: boolean;
  readonly scaling: ApiScalingPlan;
  readonly deployment: ApiDeploymentPlan;
  /** Container name, logs, AZ rebalancing and health-check grace of the ECS service. */
  readonly ecsService: EcsServiceSettingsPlan;
  /** EC2 only. */
  readonly ec2Capacity?: ApiEc2CapacityPlan;
  /** Whether access logs are written (an NLB writes them for TLS listeners only). */
  readonly accessLogs: boolean;
  /** Present when `accessLogs`. */
  readonly logBucket?: ApiLogBucketPlan;
  /** The regional WAF web ACL to associate (ALB only). */
  readonly webAclArn?: string;
  readonly load: ApiLoadPlan;
  /**
   * In a system: the environment, secrets, ingress and grants the API gets from the system's other
   * blocks (resolved by `planSystem`; the user's own variables win). The backend renders it while
   * it builds the API, from the blocks it is handed (`wiringTargets`).
   *
   * @default - none: a block on its own is wired by hand
   */
  readonly wiring?: WiringPlan;
}

/** TLS 1.3 with a TLS 1.2 fallback (ELB predefined policy). */
export const API_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
const DEFAULT_IMAGE = 'public.ecr.aws/nginx/nginx:stable-alpine';
/** The container's name in the task definition. */
export const API_CONTAINER_NAME = 'api';
/** The root volume of EC2 container instances: the AMI's device, 30 GiB of encrypted gp3. */
export const API_EC2_ROOT_VOLUME: Ec2RootVolumePlan = { deviceName: '/dev/xvda', sizeGiB: 30, volumeType: 'gp3', encrypted: true, deleteOnTermination: true };
/** Days the load balancer's access logs are kept. */
export const API_ACCESS_LOG_EXPIRATION_DAYS = 90;
/** Days after which an incomplete multipart upload of a log file is aborted (its parts deleted). */
export const API_ACCESS_LOG_ABORT_UPLOAD_DAYS = 7;
/** The id of the access-log bucket's lifecycle rule. */
export const API_ACCESS_LOG_LIFECYCLE_RULE_ID = 'expire-logs';
/**
 * Metric of the auto-scaling static-stability row: the CPU, in percent, that the tasks left after
 * an AZ loss run at (demand, u x A/(A-1) x 100) against 100 % CPU (capacity).
 */
export const STATIC_STABILITY_METRIC = '% CPU';
/** Rolling deploys keep 100 % of the tasks and start up to 200 % (a full new set beside the old). */
export const API_MINIMUM_HEALTHY_PERCENT = 100;
export const API_MAXIMUM_PERCENT = 200;
/** Minutes blue and green both run after traffic shifted (ECS native blue/green), before blue stops. */
export const API_BLUE_GREEN_BAKE_TIME_MINUTES = 5;

/** The ELB `load_balancing.algorithm.type` of each ALB algorithm. */
const ALB_ALGORITHM_TYPE: { [key: string]: string } = {
  [LoadBalancingAlgorithm.ROUND_ROBIN]: 'round_robin',
  [LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS]: 'least_outstanding_requests',
  [LoadBalancingAlgorithm.WEIGHTED_RANDOM]: 'weighted_random',
};

/** Moved to `sizing/capacity`; re-exported here, where it was first published. */
export { staticallyStableCpuTarget };

/**
 * The default CPU target: statically stable on `azCount` AZs and, at peak, within 90 % of the
 * normal target utilisation (so neither row WARNs), rounded down to 0.05, at least 0.1.
 */
export function defaultCpuTarget(azCount: number, sizing: SizingPolicy): number {
  const normal = Math.floor(sizing.targetUtilization * sizing.warnMargin * 20 + 1e-9) / 20;
  return Math.max(0.1, Math.min(staticallyStableCpuTarget(azCount, sizing.maxUtilization, sizing.warnMargin), normal));
}

/** Tasks target tracking keeps running at peak: ceil(D / (u_tt x k)). */
export function tasksAtPeak(peak: number, perTask: number, cpuTarget: number): number {
  return peak <= 0 ? 0 : Math.ceil(peak / (cpuTarget * perTask) - 1e-9);
}

/**
 * The utilisation target tracking holds the fleet at: the CPU target, or the request-count target
 * over one task's capacity when that is lower (with two policies, auto scaling keeps the larger count).
 */
export function effectiveScalingTarget(cpuTarget: number, perTask: number, requestsPerSecondPerTarget?: number): number {
  return requestsPerSecondPerTarget !== undefined && perTask > 0 ? Math.min(cpuTarget, requestsPerSecondPerTarget / perTask) : cpuTarget;
}

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

  const azCount = options.azCount ?? DEFAULT_AZS;
  rules.integer('azCount', azCount, MIN_AZS, MAX_AZS);

  const compute = resolveCompute(rules, assumed, rules.object('compute', options.compute));
  const container = resolveContainer(rules, rules.object('container', options.container));
  const sizing = resolveSizingPolicy(rules, assumed, options.sizing);

  // --- listener -------------------------------------------------------------------------------
  rules.matches('certificateArn', options.certificateArn, ARN_PATTERN, 'an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)');
  const https = options.certificateArn !== undefined;
  const listener: ApiListenerPlan = {
    protocol: alb ? (https ? ListenerProtocol.HTTPS : ListenerProtocol.HTTP) : (https ? ListenerProtocol.TLS : ListenerProtocol.TCP),
    certificateArn: options.certificateArn,
    port: https ? 443 : 80,
    redirectHttpToHttps: https && alb,
    sslPolicy: API_SSL_POLICY,
    urlScheme: https ? 'https' : 'http',
  };
  rules.boolean('internetFacing', options.internetFacing);
  const internetFacing = options.internetFacing ?? true;
  const givenCidrs = rules.array('allowedCidrs', options.allowedCidrs);
  rules.boolean('cloudFrontOriginOnly', options.cloudFrontOriginOnly);
  const cloudFrontOnly = options.cloudFrontOriginOnly === true;
  rules.check('cloudFrontOriginOnly', options.cloudFrontOriginOnly, !cloudFrontOnly || givenCidrs === undefined,
    'unset or false when allowedCidrs is given (the load balancer admits either CloudFront or those CIDRs)');
  rules.check('cloudFrontOriginOnly', options.cloudFrontOriginOnly, !cloudFrontOnly || internetFacing,
    'unset or false for an internal load balancer (CloudFront reaches internet-facing origins only)');
  const allowedCidrs = cloudFrontOnly ? [] : givenCidrs ?? (internetFacing ? ['0.0.0.0/0'] : []);
  rules.check('allowedCidrs', options.allowedCidrs, givenCidrs === undefined || givenCidrs.length > 0,
    'a non-empty list of CIDRs (omit it for the default)');
  allowedCidrs.forEach((c, i) => rules.matches(`allowedCidrs[${i}]`, c, CIDR_PATTERN, 'a CIDR block such as 203.0.113.0/24'));

  // --- target group ---------------------------------------------------------------------------
  const elb = catalog.QUOTAS.elb;
  const hc = rules.object('healthCheck', options.healthCheck);
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

  const maxTargets = alb ? elb.targetsPerTargetGroup : elb.nlbTargetsPerLoadBalancerCrossZone;
  const scaling = resolveScaling(rules, assumed, rules.object('scaling', options.scaling), { azCount, sizing, load, alb, maxTargets: maxTargets.value });

  const deploymentOptions = rules.object('deployment', options.deployment);
  rules.boolean('deployment.circuitBreaker', deploymentOptions.circuitBreaker);
  rules.boolean('accessLogs', options.accessLogs);
  const deploymentStrategy = deploymentOptions.strategy ?? DeploymentStrategy.ROLLING;
  rules.oneOf('deployment.strategy', deploymentStrategy, enumValues(DeploymentStrategy));
  rules.check('deployment.strategy', deploymentStrategy, deploymentStrategy === DeploymentStrategy.ROLLING || alb,
    'ROLLING with SOURCE_IP_HASH (ECS blue/green shifts traffic through ALB listener rules)');
  const circuitBreaker = deploymentOptions.circuitBreaker ?? true;
  const deployment: ApiDeploymentPlan = {
    strategy: deploymentStrategy,
    circuitBreaker,
    rollback: circuitBreaker,
    minimumHealthyPercent: API_MINIMUM_HEALTHY_PERCENT,
    maximumPercent: API_MAXIMUM_PERCENT,
    bakeTimeMinutes: deploymentStrategy === DeploymentStrategy.BLUE_GREEN ? API_BLUE_GREEN_BAKE_TIME_MINUTES : undefined,
  };

  // An NLB writes access logs for TLS listeners only.
  const accessLogs = (options.accessLogs ?? true) && (alb || https);
  const logRetentionDays = options.logRetentionDays ?? DEFAULT_CONTAINER_LOG_RETENTION_DAYS;
  checkLogRetention(rules, 'logRetentionDays', logRetentionDays);
  rules.throwIfInvalid();
  return {
    kind: BlockKind.LOAD_BALANCED_API,
    planVersion: PLAN_FORMAT_VERSION,
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
    healthCheck,
    targetGroup,
    network: {
      loadBalancerSubnets: internetFacing ? SubnetKind.PUBLIC : SubnetKind.PRIVATE,
      taskSubnets: SubnetKind.PRIVATE,
      assignPublicIp: false,
    },
    securityGroups: {
      loadBalancerIngressCidrs: allowedCidrs,
      loadBalancerAdmitsVpcCidr: allowedCidrs.length === 0 && !cloudFrontOnly,
      loadBalancerAdmitsCloudFrontOnly: cloudFrontOnly,
      loadBalancerIngressPorts: listener.redirectHttpToHttps ? [listener.port, 80] : [listener.port],
      taskIngressPort: container.port,
      loadBalancerEgressToTasksOnly: true,
    },
    deregistrationDelaySeconds,
    idleTimeoutSeconds,
    slowStartSeconds,
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

/** The ECS service a LoadBalancedApi plan renders: what both backends' ECS-service renderers take. */
export function ecsServiceOfApi(plan: LoadBalancedApiPlan): EcsServicePlan {
  return {
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

/**
 * The requests/s one task of a size is assumed to sustain when the user gives none (the catalog's
 * figure per vCPU, scaled by the family's per-vCPU speed on EC2), and why. Also used by the
 * read-back to re-derive it for a task size the synthesized output changed.
 */
export function assumedRequestsPerTask(compute: ApiComputePlan): { value: number; reason: string } {
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

/** What the sizing reads of a deployed fleet: taken from the plan, or from a synthesized template. */
export interface ApiTopology {
  /** Tasks running at peak when auto scaling is off; min tasks with auto scaling. */
  readonly minTasks: number;
  readonly maxTasks: number;
  readonly autoScaling: boolean;
  readonly targetCpuUtilization: number;
  /** The request-count target of target tracking, when there is one. */
  readonly requestsPerSecondPerTarget?: number;
  readonly azCount: number;
  /** Real placement per AZ, when read from a template. */
  readonly placement?: number[];
  /**
   * Tasks a deploy may run beside the desired count, as a percentage (rolling: maximumPercent;
   * blue/green: 200, a full green fleet).
   *
   * @default 200
   */
  readonly deployMaximumPercent?: number;
  /**
   * Blue/green: the green fleet registers in a second target group of the same load balancer, so
   * the deploy's targets count against the targets per load balancer.
   *
   * @default false
   */
  readonly blueGreen?: boolean;
}

/** The topology a plan intends to deploy. */
export function apiTopologyOf(plan: LoadBalancedApiPlan): ApiTopology {
  return {
    minTasks: plan.scaling.minTasks,
    maxTasks: plan.scaling.maxTasks,
    autoScaling: plan.scaling.autoScaling,
    targetCpuUtilization: plan.scaling.targetCpuUtilization,
    requestsPerSecondPerTarget: plan.scaling.requestsPerSecondPerTarget,
    azCount: plan.azCount,
    deployMaximumPercent: plan.deployment.strategy === DeploymentStrategy.BLUE_GREEN ? 200 : plan.deployment.maximumPercent,
    blueGreen: plan.deployment.strategy === DeploymentStrategy.BLUE_GREEN,
  };
}

/** The largest value in steps of 0.01 at or below `x` (a fix that must not overshoot its bound). */
function floorHundredths(x: number): number {
  return Math.floor(x * 100 + 1e-9) / 100;
}

/**
 * Sizes a LoadBalancedApi: task capacity in normal operation and with the worst AZ lost, the
 * target-tracking rules (max tasks, static stability of the scaling target, scale-out reliance),
 * the targets quota of the load balancer during a deploy and, with a latency target, Erlang C.
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
  const alb = plan.loadBalancerType === LoadBalancerType.APPLICATION;
  const elb = catalog.QUOTAS.elb;
  const targetsQuota = alb ? elb.targetsPerTargetGroup : elb.nlbTargetsPerLoadBalancerCrossZone;
  const unitNoun = `tasks of ${plan.compute.label}`;
  let running = topology.minTasks;
  let deployedCap = topology.maxTasks;
  if (topology.autoScaling) {
    const cpu = topology.targetCpuUtilization;
    const rps = topology.requestsPerSecondPerTarget;
    const u = effectiveScalingTarget(cpu, perTask, rps);
    const held = rps !== undefined && u < cpu
      ? `target tracking at ${fmt(rps)} requests/s per task (${fmtPercent(u)} of one task's ${fmt(perTask)})`
      : `target tracking at ${fmtPercent(cpu)} CPU`;
    const atPeak = tasksAtPeak(demandRps, perTask, u);
    running = Math.min(topology.maxTasks, Math.max(topology.minTasks, atPeak));
    const ctx = { ...ctxBase, resource: 'auto scaling', sources: ['SIZING-MODEL: target tracking'] };
    rows.push(atPeak > topology.maxTasks
      ? checkRule({ ...ctx, metric: 'tasks' }, Verdict.FAIL,
        `${held} needs ${fmt(atPeak)} tasks at peak, above maxTasks ${fmt(topology.maxTasks)}`,
        atPeak > targetsQuota.value
          ? `needs ${fmt(atPeak)} tasks, above the ${fmt(targetsQuota.value)} targets the load balancer takes: use bigger tasks (more requests/s each), or request a targets quota increase`
          : `set scaling.maxTasks >= ${fmt(atPeak)}`)
      : checkRule({ ...ctx, metric: 'tasks' }, Verdict.PASS,
        `${held} keeps ${fmt(atPeak)} tasks at peak, within maxTasks ${fmt(topology.maxTasks)}`));
    // Static stability of the target: the survivors of an AZ loss run at u x A/(A-1) until relaunched tasks are up.
    const stress = A > 1 ? (u * A) / (A - 1) : Number.POSITIVE_INFINITY;
    const stableTarget = A > 1 ? floorHundredths((plan.sizing.maxUtilization * plan.sizing.warnMargin * (A - 1)) / A) : 0;
    const stableRps = Math.floor(stableTarget * perTask + 1e-9);
    const launch = catalog.QUOTAS.ecs;
    // Shown as CPU in percent (demand: the survivors' CPU after an AZ loss; capacity: 100 % CPU), so
    // the row reads "81 % CPU" against "100 % CPU" and its use is the same u x A/(A-1) against u_max.
    rows.push(capacityRow({ ...ctx, metric: STATIC_STABILITY_METRIC, sources: ['SIZING-MODEL: target tracking', 'catalog.QUOTAS.ecs.fargateTaskLaunchRatePerSecond'] },
      Scenario.AZ_LOSS, stress * 100, 100, plan.sizing.maxUtilization, plan.sizing.warnMargin,
      (v) => `a ${fmtPercent(u)} scaling target on ${A} AZs runs the survivors at ${fmtPercent(stress)} after an AZ loss`
        + (v === Verdict.PASS ? `, within ${fmtPercent(plan.sizing.maxUtilization)}`
          : `, ${v === Verdict.FAIL ? 'above' : 'within 10 % of'} ${fmtPercent(plan.sizing.maxUtilization)} (relaunching tasks after an AZ loss takes minutes `
            + `and is rate limited: ${fmt(launch.fargateTaskLaunchRatePerSecond.value)} tasks/s per Region after a burst of ${fmt(launch.fargateTaskLaunchBurst.value)})`),
      `lower scaling.targetCpuUtilization to <= ${fmt(stableTarget)}`
        + (rps !== undefined ? ` or scaling.requestsPerSecondPerTarget to <= ${fmt(stableRps)}` : '') + ', or spread over more AZs'));
    if (topology.minTasks < atPeak) {
      rows.push(checkRule({ ...ctx, metric: 'tasks' }, Verdict.WARN,
        `peak needs ${fmt(atPeak)} tasks but minTasks is ${fmt(topology.minTasks)}: peak is reached only after a scale-out, so a sudden spike queues`,
        `set scaling.minTasks >= ${fmt(atPeak)}`));
    }
  } else {
    deployedCap = topology.minTasks;
  }
  const fleetRows = checkFleet({
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
  });
  if (topology.autoScaling && A > 1) {
    // Target tracking passes through every count from minTasks up to the peak's: the AZ-loss row
    // is the worst of them (off-peak, a small fleet may leave no task in the surviving AZs).
    const u = effectiveScalingTarget(topology.targetCpuUtilization, perTask, topology.requestsPerSecondPerTarget);
    fleetRows[1] = autoScaledAzLossRow({ ...ctxBase, resource: 'api tasks', sources: taskSources }, plan.sizing, {
      demand: demandRps,
      perTask,
      u,
      minTasks: topology.minTasks,
      maxTasks: topology.maxTasks,
      azCount: A,
      unitNoun,
      maxAllowed: targetsQuota.value,
    });
  }
  rows.push(...fleetRows);
  // Targets: a deploy runs up to maximumPercent of the tasks (blue/green: a full green fleet
  // beside blue), all registered with the load balancer at once.
  const surge = topology.deployMaximumPercent ?? API_MAXIMUM_PERCENT;
  const targets = Math.ceil((deployedCap * surge) / 100 - 1e-9);
  const [resource, quota, quotaPath, what] = !alb
    ? ['targets per load balancer', elb.nlbTargetsPerLoadBalancerCrossZone, 'nlbTargetsPerLoadBalancerCrossZone', 'NLB quota of targets with cross-zone load balancing']
    : topology.blueGreen
      ? ['targets per load balancer', elb.albTargetsPerLoadBalancer, 'albTargetsPerLoadBalancer', 'ALB quota of targets (blue and green target groups together)']
      : ['targets per target group', elb.targetsPerTargetGroup, 'targetsPerTargetGroup', 'ALB quota of targets per target group'];
  rows.push(checkLimit({ ...ctxBase, resource, metric: 'targets', sources: [`catalog.QUOTAS.elb.${quotaPath}`] },
    targets, quota.value, plan.sizing.warnMargin,
    `keep ${topology.autoScaling ? 'scaling.maxTasks' : 'scaling.fixedTasks'} <= ${fmt(Math.floor((quota.value * plan.sizing.warnMargin * 100) / surge + 1e-9))}: `
      + 'use bigger tasks (more requests/s each), or request a targets quota increase',
    `the ${what}, with ${fmt(surge)} % of ${fmt(deployedCap)} tasks during a deploy`));
  // Erlang C, when a latency target is declared.
  if (plan.load.latencyTargetMs !== undefined && plan.load.serviceTimeMs !== undefined && demandRps > 0) {
    const serviceSeconds = plan.load.serviceTimeMs / 1000;
    // A task serving k requests/s, each holding it S seconds, works on k x S requests at once (Little's law).
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

interface AutoScaledFleet {
  readonly demand: number;
  readonly perTask: number;
  /** Effective target tracking utilisation. */
  readonly u: number;
  readonly minTasks: number;
  readonly maxTasks: number;
  readonly azCount: number;
  readonly unitNoun: string;
  /** The most tasks a fix may ask for (the targets quota). */
  readonly maxAllowed: number;
}

/**
 * The worst point of an auto-scaled fleet with its fullest AZ lost, over every demand up to the
 * peak: target tracking holds j tasks until demand passes u x k x j, so each count j from
 * minTasks to the peak's count n is met at demand u x k x j (j < n) or at the peak itself (j = n).
 * Taking the worst over that range keeps the verdict monotone in demand.
 */
export function worstAutoScaledAzLoss(f: AutoScaledFleet, minTasks = f.minTasks, maxTasks = f.maxTasks):
{ demand: number; tasks: number; survivors: number } {
  const atPeak = tasksAtPeak(f.demand, f.perTask, f.u);
  const running = Math.min(maxTasks, Math.max(minTasks, atPeak));
  const left = (j: number): number => survivors(placeUnits(j, f.azCount));
  let worst = { demand: f.demand, tasks: running, survivors: left(running) };
  let worstUse = utilizationOf(worst.demand, f.perTask * worst.survivors);
  for (let j = minTasks; j < running; j++) {
    const d = Math.min(f.demand, f.u * f.perTask * j);
    const use = utilizationOf(d, f.perTask * left(j));
    if (use > worstUse) {
      worst = { demand: d, tasks: j, survivors: left(j) };
      worstUse = use;
    }
  }
  return worst;
}

function autoScaledAzLossRow(ctx: { block: string; blockKind: string; resource: string; metric: string; assumed: AssumedInput[]; sources: string[] },
  policy: SizingPolicy, f: AutoScaledFleet): SizingRow {
  const passesWith = (min: number): boolean => {
    const w = worstAutoScaledAzLoss(f, min, Math.max(min, f.maxTasks));
    return verdictFor(utilizationOf(w.demand, f.perTask * w.survivors), policy.maxUtilization, policy.warnMargin) === Verdict.PASS;
  };
  const w = worstAutoScaledAzLoss(f);
  const needed = smallestPassing(f.minTasks, passesWith, f.maxAllowed);
  const fix = needed === undefined
    ? `no minTasks up to ${fmt(f.maxAllowed)} ${f.unitNoun} survives the loss of an AZ: lower the scaling target, use bigger tasks, or spread over more AZs`
    : needed > f.maxTasks
      ? `set scaling.minTasks and scaling.maxTasks >= ${fmt(needed)} (${f.unitNoun})`
      : `set scaling.minTasks >= ${fmt(needed)} (${f.unitNoun})`;
  const offPeak = w.demand < f.demand;
  return capacityRow(ctx, Scenario.AZ_LOSS, w.demand, f.perTask * w.survivors, policy.maxUtilization, policy.warnMargin,
    (v, use) => `with the fullest AZ lost${offPeak ? ` at ${fmt(w.demand)} requests/s (off-peak, while target tracking holds ${fmt(w.tasks)} tasks)` : ''}, `
      + `${fmt(w.survivors)} of ${fmt(w.tasks)} ${f.unitNoun} are left, ${fmtPercent(use)} busy`
      + (v === Verdict.FAIL ? `, above the ${fmtPercent(policy.maxUtilization)} limit`
        : v === Verdict.WARN ? `, within 10 % of the ${fmtPercent(policy.maxUtilization)} limit` : ` (limit ${fmtPercent(policy.maxUtilization)})`),
    fix);
}

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
