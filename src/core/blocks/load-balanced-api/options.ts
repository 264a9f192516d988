// LoadBalancedApi: the options a user passes (and every enum of the block).
import { SizingBoundsOptions } from '../common';
import { OriginAccess, OriginHeaderOptions } from '../shared/cdn';
import { BlockFoundationOptions } from '../shared/foundation';

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
  /**
   * Requests one task serves at once (its workers, threads or in-flight limit): the servers of
   * the task in the Erlang C latency check (1..100,000, a whole number). Declare it when the server
   * overlaps I/O (threads, async): a task holding c requests of `serviceTimeMs` each serves at most
   * c / serviceTimeMs requests/s.
   *
   * @default - with a latency check, 2 x vCPU + 1 (at least 1), the worker count gunicorn recommends
   * for a synchronous server; no latency check: unused
   */
  readonly concurrencyPerTask?: number;
  /**
   * Mean size of one response, in KiB (the GlobalCdn's vocabulary): with the requests/s that reach
   * the API (after the CDN's hit ratio), the Gbps the tasks send, checked against the baseline
   * network bandwidth of an EC2 instance (AWS publishes no network figure per Fargate task size, so
   * a Fargate fleet's network is not checked).
   *
   * @default - on EC2 with a catalog network figure, the catalog's assumed average response size
   * (listed as assumed); otherwise unused
   */
  readonly averageResponseKiB?: number;
  /**
   * Seconds the load takes to rise (linearly) from zero to `peakRequestsPerSecond`: 0..86,400.
   * With auto scaling, the scale-out row checks that the tasks keep up: the alarm's detection,
   * the Fargate launch rate and the task start time against this ramp. 0 is a step to the peak.
   *
   * @default - 0 (catalog.ASSUMED.loadRampSeconds, listed as assumed with auto scaling): the peak may arrive at once
   */
  readonly rampSeconds?: number;
}

/** Options of a LoadBalancedApi: a load balancer over an ECS fleet spread across AZs. */
export interface LoadBalancedApiOptions extends BlockFoundationOptions {
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
   * ACM certificate ARN for the HTTPS listener (TLS with SOURCE_IP_HASH). An internet-facing
   * load balancer needs one, unless `allowPlainHttp` is true; an internal one without it serves
   * plain HTTP inside the VPC and the report says so.
   *
   * @default - none: required for an internet-facing load balancer unless `allowPlainHttp` is true
   */
  readonly certificateArn?: string;
  /**
   * Serve plain HTTP on 80 (plain TCP with SOURCE_IP_HASH) to the internet: an internet-facing
   * load balancer without `certificateArn` is rejected unless this is true, and the report notes
   * it when it is. Moot for an internal load balancer; not with `certificateArn`.
   *
   * @default false
   */
  readonly allowPlainHttp?: boolean;
  /**
   * CIDRs the load balancer admits on 443 and 80.
   *
   * @default ['0.0.0.0/0'] when internet-facing, the VPC's CIDR otherwise
   */
  readonly allowedCidrs?: string[];
  /**
   * The load balancer is the origin of a CDN and admits only CloudFront's origin-facing
   * addresses (the `com.amazonaws.global.cloudfront.origin-facing` managed prefix list) on its
   * listener ports, instead of `allowedCidrs`. Any CloudFront distribution reaches such a load
   * balancer; `originAccess: VPC_ORIGIN` keeps it internal instead. The same as `originAccess:
   * CLOUDFRONT_PREFIX_LIST`.
   *
   * @default false
   */
  readonly cloudFrontOriginOnly?: boolean;
  /**
   * How clients reach the load balancer. DIRECT: directly. VPC_ORIGIN: only through CloudFront,
   * as an internal load balancer in private subnets behind a CloudFront VPC origin, with no public
   * entry at all (no certificate and no `allowPlainHttp` needed: the hop from CloudFront stays
   * private). CLOUDFRONT_PREFIX_LIST: internet-facing, admitting CloudFront's origin-facing prefix
   * list, which any distribution passes. SECRET_ORIGIN_HEADER: internet-facing with HTTPS
   * (`certificateArn`), admitting the prefix list, and forwarding only requests that carry the
   * secret origin header CloudFront adds (`originHeader`); the rest get 403.
   *
   * @default - CLOUDFRONT_PREFIX_LIST with `cloudFrontOriginOnly`, DIRECT otherwise (a SystemStack sets VPC_ORIGIN when a CDN fronts the API and the spec says nothing of its ingress)
   */
  readonly originAccess?: OriginAccess;
  /**
   * The secret origin header of `originAccess: SECRET_ORIGIN_HEADER`: its name, and the Secrets
   * Manager secret this block generates its value into. Only with SECRET_ORIGIN_HEADER.
   *
   * @default - with SECRET_ORIGIN_HEADER: header `X-Origin-Verify`, secret `scaleblocks/<name>/origin-verify`, 32 letters and digits
   */
  readonly originHeader?: OriginHeaderOptions;
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
