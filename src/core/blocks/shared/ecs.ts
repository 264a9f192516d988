import { Rules } from '../../validation';

/*
 * The ECS vocabulary the ECS-based blocks share (LoadBalancedApi, the Fargate workers of WorkQueue,
 * the services of MicroserviceGateway): container hardening, container logs, the service settings a
 * backend renders, and the one fraction-to-percentage rule. Each block resolves these once; both
 * backends render exactly the resolved values (see `EcsServicePlan`).
 */

/** The non-root user (uid) a hardened container runs as. */
export const HARDENED_CONTAINER_USER = '1000';
/** The writable scratch directory of a container with a read-only root filesystem. */
export const SCRATCH_CONTAINER_PATH = '/tmp';
/** The task volume mounted at the scratch directory. */
export const SCRATCH_VOLUME_NAME = 'scratch';
/** Days container logs are kept unless the block's options say otherwise. */
export const DEFAULT_CONTAINER_LOG_RETENTION_DAYS = 365;
/**
 * Seconds ECS ignores the load balancer's health checks of a new task: a minute of start-up, the
 * figure aws-cdk-lib and the ECS console use for services behind a load balancer.
 */
export const LOAD_BALANCER_HEALTH_CHECK_GRACE_SECONDS = 60;

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS_ALLOWED = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** Checks a log retention option: one of the periods CloudWatch Logs accepts. */
export function checkLogRetention(rules: Rules, prop: string, days: unknown): boolean {
  return rules.check(prop, days, typeof days === 'number' && LOG_RETENTION_DAYS_ALLOWED.includes(days),
    `one of the CloudWatch Logs retention periods: ${LOG_RETENTION_DAYS_ALLOWED.join(', ')} days`);
}

/** The one fraction-to-percentage rule (0.555 -> 55.5), kept in sizing/units and shared here. */
export { percentOf } from '../../sizing/units';

/** A writable task volume mounted into a read-only container. */
export interface ScratchVolumePlan {
  /** The task definition's volume name. */
  readonly name: string;
  /** Where the container sees it. */
  readonly containerPath: string;
}

/** How a container is locked down. */
export interface ContainerHardeningPlan {
  /**
   * The user (uid) the container runs as.
   *
   * @default - the image's user (only for a placeholder image that needs root)
   */
  readonly user?: string;
  /** The root filesystem is mounted read-only. */
  readonly readonlyRootFilesystem: boolean;
  /**
   * A writable scratch volume for a read-only container.
   *
   * @default - none (a writable root filesystem needs none)
   */
  readonly scratchVolume?: ScratchVolumePlan;
}

/**
 * The hardening of a container: a non-root user, a read-only root filesystem and a writable `/tmp`,
 * unless `hardened` is false (a placeholder image that binds a low port as root and writes its cache).
 */
export function containerHardening(hardened: boolean): ContainerHardeningPlan {
  return hardened
    ? {
      user: HARDENED_CONTAINER_USER,
      readonlyRootFilesystem: true,
      scratchVolume: { name: SCRATCH_VOLUME_NAME, containerPath: SCRATCH_CONTAINER_PATH },
    }
    : { readonlyRootFilesystem: false };
}

/** The ECS service settings of a block that are not its compute, container, deployment or scaling. */
export interface EcsServiceSettingsPlan {
  /** The container's name in the task definition (load balancer targets name it). */
  readonly containerName: string;
  /** Prefix of the container's log streams (awslogs-stream-prefix). */
  readonly logStreamPrefix: string;
  /** Days the container logs are kept. */
  readonly logRetentionDays: number;
  /** ECS moves tasks back into an AZ that recovers, so the fleet returns to the even spread the sizing assumes. */
  readonly availabilityZoneRebalancing: boolean;
  /**
   * Seconds ECS ignores load balancer health checks of a new task.
   *
   * @default - none: the service is behind no load balancer
   */
  readonly healthCheckGracePeriodSeconds?: number;
  /** Tasks carry the service's tags (cost allocation), with ECS managed tags. */
  readonly propagateServiceTags: boolean;
}

/** The settings of a service named by its container, with the defaults of this library. */
export function ecsServiceSettings(containerName: string, logRetentionDays: number, behindLoadBalancer: boolean): EcsServiceSettingsPlan {
  return {
    containerName,
    logStreamPrefix: containerName,
    logRetentionDays,
    availabilityZoneRebalancing: true,
    healthCheckGracePeriodSeconds: behindLoadBalancer ? LOAD_BALANCER_HEALTH_CHECK_GRACE_SECONDS : undefined,
    propagateServiceTags: true,
  };
}

/** Where and how big the tasks are (a LoadBalancedApi's compute plan is one). */
export interface EcsTaskComputePlan {
  /** `FARGATE` or `EC2` (ComputeKind): the only fact a backend reads to pick the launch type. */
  readonly kind: string;
  /** CPU units of one task. */
  readonly cpu: number;
  /** Memory of one task, in MiB. */
  readonly memoryMiB: number;
  /** `ARM64` or `X86_64` (CpuArchitecture). */
  readonly architecture: string;
}

/** The container of an ECS service. */
export interface EcsContainerPlan {
  readonly image: string;
  /** True when `image` is the block's placeholder (the report says so; a backend acknowledges its findings). */
  readonly placeholder: boolean;
  /**
   * The port the container listens on.
   *
   * @default - none (a worker serves no traffic)
   */
  readonly port?: number;
  /**
   * The command that replaces the image's.
   *
   * @default - the image's command
   */
  readonly command?: string[];
  readonly environment: { [key: string]: string };
  /** Variable name -> Secrets Manager secret or SSM parameter ARN. */
  readonly secrets: { [key: string]: string };
  readonly hardening: ContainerHardeningPlan;
}

/** How an ECS service deploys. */
export interface EcsDeploymentPlan {
  /** `ROLLING` or `BLUE_GREEN` (DeploymentStrategy). */
  readonly strategy: string;
  readonly circuitBreaker: boolean;
  readonly rollback: boolean;
  /**
   * Tasks kept running during a deploy, as a percentage of the desired count. Every block's plan
   * holds it, so both backends always write it (aws-cdk-lib would otherwise apply and warn about a
   * default of its own, 50, where Terraform leaves ECS's 100).
   */
  readonly minimumHealthyPercent: number;
  /** Tasks allowed during a deploy, as a percentage of the desired count (always written, as `minimumHealthyPercent`). */
  readonly maximumPercent: number;
  /** @default - none (rolling) */
  readonly bakeTimeMinutes?: number;
}

/** The task count of an ECS service. */
export interface EcsTaskCountPlan {
  /** Tasks when the service is created. */
  readonly desiredTasks: number;
  /** Auto scaling owns the count: a backend sets it on create only. */
  readonly desiredCountOnCreateOnly: boolean;
}

/** What the ECS agent does with a task's execution role: the only grants that role gets, each scoped to its resource. */
export interface EcsExecutionRolePlan {
  /**
   * The private ECR repository the image is pulled from (`ECR_PULL_ACTIONS` on it, and
   * `ECR_AUTHORIZATION_ACTION`, which AWS grants on `*` only).
   *
   * @default - none: a public image (Docker Hub, ECR Public) needs no grant
   */
  readonly imageRepositoryArn?: string;
  /** `LOG_WRITE_ACTIONS` on the task's own log group (its streams). */
  readonly writesTaskLogGroup: boolean;
}

/** The actions that pull an image's layers from a private ECR repository (granted on the repository). */
export const ECR_PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];
/**
 * The action that gets a registry login token: it has no resource-level permission, so AWS takes
 * it on `*` only (Service Authorization Reference, Amazon ECR, GetAuthorizationToken: no resource
 * types; read 2026-12-07).
 */
export const ECR_AUTHORIZATION_ACTION = 'ecr:GetAuthorizationToken';
/** The actions the awslogs driver needs on the task's log group. */
export const LOG_WRITE_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];

/** A private ECR image: `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]/<repository>[:tag|@digest]`. */
const PRIVATE_ECR_IMAGE = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/([a-z0-9][a-z0-9._/-]*?)(?:[:@].*)?$/;

/** The ARN of the private ECR repository an image reference names; undefined for any other registry. */
export function privateEcrRepositoryArn(image: string): string | undefined {
  const m = PRIVATE_ECR_IMAGE.exec(image);
  if (!m) return undefined;
  const [, account, region, china, repository] = m;
  const partition = china ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:ecr:${region}:${account}:repository/${repository}`;
}

/** The execution role of a task whose container runs `image`. */
export function ecsExecutionRole(image: string): EcsExecutionRolePlan {
  return { imageRepositoryArn: privateEcrRepositoryArn(image), writesTaskLogGroup: true };
}

/** One ECS service as both backends render it: what the block plans map to (see `ecsServiceOf*`). */
export interface EcsServicePlan {
  /** The execution role's grants (image pull, logs; secrets are the container's `secrets`). */
  readonly executionRole: EcsExecutionRolePlan;
  readonly compute: EcsTaskComputePlan;
  readonly container: EcsContainerPlan;
  readonly settings: EcsServiceSettingsPlan;
  readonly deployment: EcsDeploymentPlan;
  readonly taskCount: EcsTaskCountPlan;
  /** Never a public IP: tasks reach the internet through NAT or VPC endpoints. */
  readonly assignPublicIp: boolean;
}
