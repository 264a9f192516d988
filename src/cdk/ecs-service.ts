import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { acknowledge, encryptedLogGroup } from './common';
import { ComputeKind, CpuArchitecture, DeploymentStrategy } from '../core/blocks/load-balanced-api';
import { ECR_AUTHORIZATION_ACTION, ECR_PULL_ACTIONS, EcsServicePlan } from '../core/blocks/shared/ecs';

/*
 * The one ECS-service renderer of the CDK backend: the task definition, its container (hardening,
 * logs, secrets), the service settings every ECS block shares and the task-count scaling, all read
 * from an `EcsServicePlan` (LoadBalancedApi, WorkQueue's Fargate workers, MicroserviceGateway's
 * services). It decides nothing: every value is the plan's.
 */

/** Construct ids of a task's resources (kept as each block first named them, so logical ids stay stable). */
export interface EcsTaskIds {
  readonly logGroup: string;
  readonly taskDefinition: string;
  readonly container: string;
}

/** What a block adds to the plan's container: its own port mapping names, a health check, the environment it computed. */
export interface EcsTaskExtras {
  /** Name and app protocol of the port mapping (Service Connect). */
  readonly portMappingName?: string;
  readonly appProtocol?: ecs.AppProtocol;
  readonly healthCheck?: ecs.HealthCheck;
  /** Set after the plan's environment (e.g. WorkQueue's job contract, the system's wiring). */
  readonly environment?: { [key: string]: string };
  /** Set after the plan's secrets (the system's wiring). */
  readonly secrets?: { [key: string]: ecs.Secret };
}

/** A rendered task: its log group, task definition and container. */
export interface EcsTask {
  readonly logGroup: logs.LogGroup;
  readonly taskDefinition: ecs.TaskDefinition;
  readonly container: ecs.ContainerDefinition;
}

/** Renders the task definition and container of an ECS service plan, with its hardening and logs. */
export function renderEcsTask(scope: Construct, plan: EcsServicePlan, logKey: kms.IKey, ids: EcsTaskIds, extras: EcsTaskExtras = {}): EcsTask {
  const { compute, container: c, settings } = plan;
  const logGroup = encryptedLogGroup(scope, ids.logGroup, logKey, settings.logRetentionDays);
  const ec2Kind = compute.kind === ComputeKind.EC2;
  const taskDefinition = ec2Kind
    ? new ecs.Ec2TaskDefinition(scope, ids.taskDefinition, { networkMode: ecs.NetworkMode.AWS_VPC })
    : new ecs.FargateTaskDefinition(scope, ids.taskDefinition, {
      cpu: compute.cpu,
      memoryLimitMiB: compute.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: compute.architecture === CpuArchitecture.ARM64 ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
  const secrets: { [name: string]: ecs.Secret } = {};
  Object.keys(c.secrets).sort().forEach((name) => {
    secrets[name] = containerSecret(scope, `Secret${name}`, c.secrets[name]);
  });
  Object.assign(secrets, extras.secrets ?? {});
  const environment = { ...c.environment, ...(extras.environment ?? {}) };
  const h = c.hardening;
  const container = taskDefinition.addContainer(ids.container, {
    containerName: settings.containerName,
    image: ecs.ContainerImage.fromRegistry(c.image),
    command: c.command ? [...c.command] : undefined,
    cpu: ec2Kind ? compute.cpu : undefined,
    memoryLimitMiB: compute.memoryMiB,
    portMappings: c.port === undefined ? undefined
      : [{ containerPort: c.port, protocol: ecs.Protocol.TCP, name: extras.portMappingName, appProtocol: extras.appProtocol }],
    environment: Object.keys(environment).length > 0 ? environment : undefined,
    secrets: Object.keys(secrets).length > 0 ? secrets : undefined,
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: settings.logStreamPrefix }),
    readonlyRootFilesystem: h.readonlyRootFilesystem,
    user: h.user,
    essential: true,
    healthCheck: extras.healthCheck,
  });
  if (h.scratchVolume) {
    taskDefinition.addVolume({ name: h.scratchVolume.name });
    container.addMountPoints({ sourceVolume: h.scratchVolume.name, containerPath: h.scratchVolume.containerPath, readOnly: false });
  }
  grantImagePull(taskDefinition, plan);
  acknowledgeUnhardened(taskDefinition, plan);
  return { logGroup, taskDefinition, container };
}

/**
 * The execution role's image pull, as the plan's `executionRole` scopes it (the Terraform backend
 * writes the same): the layers of the image's private ECR repository, and the login token, which
 * AWS takes on `*` only. aws-cdk-lib adds the log group's write grant itself (the awslogs driver)
 * and each secret's read grant (`secrets`); a registry image gets no ECR grant from it.
 */
function grantImagePull(taskDefinition: ecs.TaskDefinition, plan: EcsServicePlan): void {
  const repository = plan.executionRole.imageRepositoryArn;
  if (repository === undefined) return;
  taskDefinition.addToExecutionRolePolicy(new iam.PolicyStatement({ actions: [ECR_AUTHORIZATION_ACTION], resources: ['*'] }));
  taskDefinition.addToExecutionRolePolicy(new iam.PolicyStatement({ actions: ECR_PULL_ACTIONS, resources: [repository] }));
  acknowledge(taskDefinition, {
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    reason: `${ECR_AUTHORIZATION_ACTION} has no resource-level permission (AWS takes it on * only); the image layers are read from its repository alone`,
  });
}

/** Acknowledges the hardening findings the plan leaves open (only the placeholder image runs as root or writable). */
function acknowledgeUnhardened(taskDefinition: ecs.TaskDefinition, plan: EcsServicePlan): void {
  const h = plan.container.hardening;
  const why = plan.container.placeholder ? 'the placeholder nginx image' : 'the image';
  if (h.user === undefined) {
    acknowledge(taskDefinition, {
      id: 'cdk-validator-cfnguard::ecs_task_definition_nonroot_user_check',
      reason: `${why} binds port 80 as root (the plan leaves its user unset); your own image runs as a non-root user`,
    });
  }
  if (!h.readonlyRootFilesystem) {
    acknowledge(taskDefinition, {
      id: 'cdk-validator-cfnguard::ecs_containers_readonly_access_check',
      reason: `${why} writes its cache and pid file (the plan leaves its root filesystem writable); your own image runs read-only`,
    });
  }
}

/** Construct ids of a service (kept as each block first named it, so logical ids stay stable). */
export interface EcsServiceIds {
  readonly service: string;
}

/** What a block adds to the plan's service: where it runs, and how other services and the gateway find it. */
export interface EcsServiceExtras {
  readonly cluster: ecs.ICluster;
  /** The task subnets (private, in the plan's AZs). */
  readonly vpcSubnets: ec2.SubnetSelection;
  readonly securityGroups: ec2.ISecurityGroup[];
  /**
   * The capacity provider of EC2 tasks (compute kind EC2).
   *
   * @default - the cluster's default capacity
   */
  readonly capacityProvider?: ecs.AsgCapacityProvider;
  /**
   * Service Connect (MicroserviceGateway).
   *
   * @default - none
   */
  readonly serviceConnectConfiguration?: ecs.ServiceConnectProps;
  /**
   * Cloud Map registration of the tasks (MicroserviceGateway's VPC-link services).
   *
   * @default - none
   */
  readonly cloudMapOptions?: ecs.CloudMapOptions;
}

/**
 * Renders the ECS service of a plan: launch type (Fargate, or EC2 through the block's capacity
 * provider, spread across AZs), count, deployment, grace, AZ rebalancing, tags and network. The
 * deployment percentages are always passed explicitly (the plan holds them), so aws-cdk-lib has no
 * default of its own to apply or warn about.
 */
export function renderEcsService(scope: Construct, plan: EcsServicePlan, task: EcsTask, ids: EcsServiceIds,
  extras: EcsServiceExtras): ecs.BaseService {
  const d = plan.deployment;
  const s = plan.settings;
  const blueGreen = d.strategy === DeploymentStrategy.BLUE_GREEN;
  const common = {
    cluster: extras.cluster,
    taskDefinition: task.taskDefinition,
    desiredCount: plan.taskCount.desiredCountOnCreateOnly ? undefined : plan.taskCount.desiredTasks,
    minHealthyPercent: d.minimumHealthyPercent,
    maxHealthyPercent: d.maximumPercent,
    circuitBreaker: d.circuitBreaker ? { enable: true, rollback: d.rollback } : undefined,
    deploymentStrategy: blueGreen ? ecs.DeploymentStrategy.BLUE_GREEN : ecs.DeploymentStrategy.ROLLING,
    bakeTime: d.bakeTimeMinutes !== undefined ? cdk.Duration.minutes(d.bakeTimeMinutes) : undefined,
    healthCheckGracePeriod: s.healthCheckGracePeriodSeconds !== undefined ? cdk.Duration.seconds(s.healthCheckGracePeriodSeconds) : undefined,
    assignPublicIp: plan.assignPublicIp,
    enableECSManagedTags: s.propagateServiceTags,
    propagateTags: s.propagateServiceTags ? ecs.PropagatedTagSource.SERVICE : undefined,
    vpcSubnets: extras.vpcSubnets,
    securityGroups: extras.securityGroups,
    serviceConnectConfiguration: extras.serviceConnectConfiguration,
    cloudMapOptions: extras.cloudMapOptions,
  };
  const service = plan.compute.kind === ComputeKind.EC2
    ? new ecs.Ec2Service(scope, ids.service, {
      ...common,
      capacityProviderStrategies: extras.capacityProvider
        ? [{ capacityProvider: extras.capacityProvider.capacityProviderName, weight: 1 }] : undefined,
      placementStrategies: [ecs.PlacementStrategy.spreadAcross(ecs.BuiltInAttributes.AVAILABILITY_ZONE)],
    })
    : new ecs.FargateService(scope, ids.service, common);
  // What the L2 service has no property for: AZ rebalancing, and a desired count set on create only
  // (CloudFormation then leaves it to auto scaling: DesiredCount is left out of the template).
  const cfn = service.node.defaultChild as ecs.CfnService;
  cfn.addPropertyOverride('AvailabilityZoneRebalancing', s.availabilityZoneRebalancing ? 'ENABLED' : 'DISABLED');
  if (plan.taskCount.desiredCountOnCreateOnly) cfn.addPropertyDeletionOverride('DesiredCount');
  return service;
}

/**
 * An ECS secret from the ARN the plan holds: a Secrets Manager secret (optionally
 * `:json-key:version-stage:version-id`) or an SSM parameter.
 */
export function containerSecret(scope: Construct, id: string, arn: string): ecs.Secret {
  const parts = arn.split(':');
  if (parts[2] === 'ssm') {
    return ecs.Secret.fromSsmParameter(ssm.StringParameter.fromStringParameterArn(scope, id, arn));
  }
  const secretArn = parts.slice(0, 7).join(':');
  const [field, versionStage, versionId] = [parts[7] || undefined, parts[8] || undefined, parts[9] || undefined];
  // A complete ARN ends with the six random characters Secrets Manager appends to the name.
  const secret = /-[A-Za-z0-9]{6}$/.test(parts[6] ?? '')
    ? secretsmanager.Secret.fromSecretCompleteArn(scope, id, secretArn)
    : secretsmanager.Secret.fromSecretPartialArn(scope, id, secretArn);
  return versionStage || versionId
    ? ecs.Secret.fromSecretsManagerVersion(secret, { versionStage, versionId }, field)
    : ecs.Secret.fromSecretsManager(secret, field);
}
