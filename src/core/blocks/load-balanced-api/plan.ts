// LoadBalancedApi: the plan (every default resolved) and the constants it is built from.
import { BlockPlanBase, RemovalPolicy } from '../common';
import { BucketEncryption } from '../global-cdn';
import { ComputeKind, CpuArchitecture, DeploymentStrategy, ListenerProtocol, LoadBalancerType, LoadBalancingAlgorithm, SubnetKind } from './options';
import { BucketLifecycleRulePlan } from '../shared/bucket';
import { ApiOriginHeaderPlan, OriginAccess } from '../shared/cdn';
import { ContainerHardeningPlan, EcsServiceSettingsPlan } from '../shared/ecs';
import { BlockFoundationPlan } from '../shared/foundation';
import { FixedResponsePlan } from '../shared/listener';
import { WiringPlan } from '../shared/wiring';

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
  /**
   * Status of that redirect, as ELB spells it (`HTTP_301`: permanent, so clients go to HTTPS directly next time).
   *
   * @default - none: no redirect listener (`redirectHttpToHttps` false)
   */
  readonly redirectStatusCode?: string;
  /**
   * The listener's default action when it does not forward: with BLUE_GREEN, traffic reaches the
   * target groups through the production rule that ECS shifts, and with SECRET_ORIGIN_HEADER through
   * the rule that requires the origin header; a request no rule takes gets this fixed response
   * (403 when the origin header is required, 404 otherwise).
   *
   * @default - none: the listener forwards to the target group
   */
  readonly unmatchedResponse?: FixedResponsePlan;
  /** ELB security policy: TLS 1.3 with 1.2 fallback (HTTPS and TLS listeners only). */
  readonly sslPolicy: string;
  /**
   * Scheme of the API's URL (`<scheme>://<load balancer DNS name>`): `https` behind a certificate
   * (HTTPS or TLS listener), `http` otherwise; the API speaks HTTP whichever load balancer fronts it.
   */
  readonly urlScheme: string;
  /**
   * True when an internet-facing load balancer serves plain HTTP (or TCP) without a certificate,
   * which the options allow only with `allowPlainHttp` (the report notes it); false with a
   * certificate or an internal load balancer.
   */
  readonly plainTextToInternet: boolean;
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
  /** With `loadBalancerAdmitsCloudFrontOnly`: the name of the AWS-managed prefix list admitted, `com.amazonaws.global.cloudfront.origin-facing`. */
  readonly cloudFrontPrefixListName?: string;
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
  /**
   * Requests one task serves at once: the servers of a task in the Erlang C latency check
   * (declared, or derived from the task's vCPU and listed as assumed).
   *
   * @default - no latency check: unused
   */
  readonly concurrencyPerTask?: number;
  /**
   * Mean size of one response, in KiB: the Gbps the tasks send is checked against the EC2
   * instance's baseline network bandwidth (declared, or assumed on EC2 with a catalog figure).
   *
   * @default - no network check (Fargate: AWS publishes no network figure per task size)
   */
  readonly averageResponseKiB?: number;
  /**
   * Seconds the load takes to rise from zero to the peak (declared, or catalog.ASSUMED.loadRampSeconds):
   * the scale-out row of an auto-scaled fleet reads it.
   */
  readonly rampSeconds: number;
}

/** The resolved LoadBalancedApi: every default explicit. Backends render exactly this. */
export interface LoadBalancedApiPlan extends BlockPlanBase, BlockFoundationPlan {
  readonly algorithm: LoadBalancingAlgorithm;
  readonly loadBalancerType: LoadBalancerType;
  readonly compute: ApiComputePlan;
  readonly container: ApiContainerPlan;
  readonly azCount: number;
  readonly internetFacing: boolean;
  /**
   * How clients reach the load balancer. VPC_ORIGIN: internal, in private subnets, reached only
   * through a CloudFront VPC origin (the security group admits CloudFront's origin-facing prefix
   * list alone; the `CloudFront-VPCOrigins-Service-SG` group has no id before deploy, so it is not
   * used), and the plain-HTTP hop from CloudFront is private. CLOUDFRONT_PREFIX_LIST:
   * internet-facing, admitting the prefix list. DIRECT: no CDN in front.
   */
  readonly originAccess: OriginAccess;
  /**
   * SECRET_ORIGIN_HEADER only: the header the listener's forwarding rule requires and the Secrets
   * Manager secret this block generates its value into (the CDN sends the same secret's value).
   *
   * @default - none: no header is checked
   */
  readonly originHeader?: ApiOriginHeaderPlan;
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

/** Rolling deploys keep 100 % of the tasks and start up to 200 % (a full new set beside the old). */
export const API_MINIMUM_HEALTHY_PERCENT = 100;

export const API_MAXIMUM_PERCENT = 200;

/** Minutes blue and green both run after traffic shifted (ECS native blue/green), before blue stops. */
export const API_BLUE_GREEN_BAKE_TIME_MINUTES = 5;
