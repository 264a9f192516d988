import {
  EcsService, EcsServiceConfig, EcsServiceLoadBalancer, EcsServiceServiceConnectConfiguration, EcsServiceServiceRegistries,
} from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition, EcsTaskDefinitionConfig } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { ITerraformDependable, Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { sortedEntries } from './common';
import { ComputeKind, DeploymentStrategy } from '../core/blocks/load-balanced-api';
import { ECR_AUTHORIZATION_ACTION, ECR_PULL_ACTIONS, EcsServicePlan, LOG_WRITE_ACTIONS } from '../core/blocks/shared/ecs';

/*
 * The one ECS-service renderer of the Terraform backend: the container definition (hardening, logs,
 * secrets), the task definition's sizing and volumes, and the service settings every ECS block
 * shares, all read from an `EcsServicePlan` (LoadBalancedApi, WorkQueue's Fargate workers,
 * MicroserviceGateway's services). It decides nothing: every value is the plan's.
 */

/** What a block adds to the plan's container. */
export interface EcsContainerExtras {
  /** The log group the container writes to, and the Region of the awslogs driver. */
  readonly logGroupName: string;
  readonly region: string;
  /** The environment and secrets the container gets: the plan's, with what the block computed. */
  readonly environment: { [key: string]: string };
  readonly secrets: { [key: string]: string };
  /** Name and app protocol of the port mapping (Service Connect). */
  readonly portMappingName?: string;
  readonly appProtocol?: string;
  /** Container health check, in the container definition's spelling. */
  readonly healthCheck?: object;
}

/** The container definition of an ECS service plan, as the task definition's JSON takes it. */
export function containerDefinition(plan: EcsServicePlan, extras: EcsContainerExtras): object {
  const { compute, container: c, settings } = plan;
  const h = c.hardening;
  return {
    name: settings.containerName,
    image: c.image,
    command: c.command,
    essential: true,
    cpu: compute.kind === ComputeKind.EC2 ? compute.cpu : undefined,
    memory: compute.memoryMiB,
    portMappings: c.port === undefined ? undefined
      : [{ name: extras.portMappingName, containerPort: c.port, hostPort: c.port, protocol: 'tcp', appProtocol: extras.appProtocol }],
    environment: sortedEntries(extras.environment).map(([name, value]) => ({ name, value })),
    secrets: sortedEntries(extras.secrets).map(([name, valueFrom]) => ({ name, valueFrom })),
    user: h.user,
    readonlyRootFilesystem: h.readonlyRootFilesystem,
    mountPoints: h.scratchVolume
      ? [{ sourceVolume: h.scratchVolume.name, containerPath: h.scratchVolume.containerPath, readOnly: false }] : undefined,
    logConfiguration: {
      logDriver: 'awslogs',
      options: { 'awslogs-group': extras.logGroupName, 'awslogs-region': extras.region, 'awslogs-stream-prefix': settings.logStreamPrefix },
    },
    healthCheck: extras.healthCheck,
  };
}

/** The task definition settings of an ECS service plan: launch type, size, platform and volumes (no roles, no containers). */
function taskDefinitionSettings(plan: EcsServicePlan): Pick<EcsTaskDefinitionConfig,
'cpu' | 'memory' | 'networkMode' | 'requiresCompatibilities' | 'runtimePlatform' | 'volume'> {
  const { compute } = plan;
  const ec2 = compute.kind === ComputeKind.EC2;
  const scratch = plan.container.hardening.scratchVolume;
  return {
    // EC2 tasks are sized by their container (as aws-cdk-lib's Ec2TaskDefinition renders them); Fargate tasks by the task.
    cpu: ec2 ? undefined : String(compute.cpu),
    memory: ec2 ? undefined : String(compute.memoryMiB),
    networkMode: 'awsvpc',
    requiresCompatibilities: [ec2 ? 'EC2' : 'FARGATE'],
    runtimePlatform: ec2 ? undefined : { operatingSystemFamily: 'LINUX', cpuArchitecture: compute.architecture },
    volume: scratch ? [{ name: scratch.name }] : undefined,
  };
}

/** The service settings every ECS block shares: launch type, count, deployment, grace, rebalancing and tags. */
function ecsServiceSettings(plan: EcsServicePlan): Pick<EcsServiceConfig,
'launchType' | 'desiredCount' | 'availabilityZoneRebalancing' | 'healthCheckGracePeriodSeconds' | 'deploymentController'
| 'deploymentConfiguration' | 'deploymentCircuitBreaker' | 'deploymentMinimumHealthyPercent' | 'deploymentMaximumPercent'
| 'propagateTags' | 'enableEcsManagedTags' | 'lifecycle'> {
  const d = plan.deployment;
  const s = plan.settings;
  return {
    launchType: plan.compute.kind === ComputeKind.EC2 ? undefined : 'FARGATE',
    desiredCount: plan.taskCount.desiredTasks,
    availabilityZoneRebalancing: s.availabilityZoneRebalancing ? 'ENABLED' : 'DISABLED',
    healthCheckGracePeriodSeconds: s.healthCheckGracePeriodSeconds,
    deploymentController: { type: 'ECS' },
    deploymentConfiguration: {
      strategy: d.strategy,
      bakeTimeInMinutes: d.strategy === DeploymentStrategy.BLUE_GREEN && d.bakeTimeMinutes !== undefined ? String(d.bakeTimeMinutes) : undefined,
    },
    deploymentCircuitBreaker: { enable: d.circuitBreaker, rollback: d.rollback },
    deploymentMinimumHealthyPercent: d.minimumHealthyPercent,
    deploymentMaximumPercent: d.maximumPercent,
    propagateTags: s.propagateServiceTags ? 'SERVICE' : undefined,
    enableEcsManagedTags: s.propagateServiceTags,
    // Auto scaling owns the desired count once the service exists: a deploy never resets it.
    lifecycle: plan.taskCount.desiredCountOnCreateOnly ? { ignoreChanges: ['desired_count'] } : undefined,
  };
}

/** Resource names of a task definition (kept as each block first named it, so Terraform addresses stay stable). */
export interface EcsTaskDefinitionIds {
  readonly taskDefinition: string;
}

/** What a block adds to the plan's task definition: its family, its roles and what its container gets. */
export interface EcsTaskDefinitionExtras {
  readonly family: string;
  readonly executionRoleArn: string;
  readonly taskRoleArn: string;
  /** The container's log group, environment, secrets, port names and health check (read when the stack is synthesized). */
  readonly container: EcsContainerExtras;
}

/**
 * Renders the task definition of an ECS service plan with its one container. The container
 * definition is written when the stack is synthesized, so environment a block adds after
 * construction (a gateway service's queue subscriptions) is in it.
 */
export function renderEcsTaskDefinition(scope: Construct, plan: EcsServicePlan, ids: EcsTaskDefinitionIds,
  extras: EcsTaskDefinitionExtras): EcsTaskDefinition {
  return new EcsTaskDefinition(scope, ids.taskDefinition, {
    family: extras.family,
    ...taskDefinitionSettings(plan),
    executionRoleArn: extras.executionRoleArn,
    taskRoleArn: extras.taskRoleArn,
    containerDefinitions: Lazy.stringValue({ produce: () => JSON.stringify([containerDefinition(plan, extras.container)]) }),
  });
}

/** Resource names of a service (kept as each block first named it, so Terraform addresses stay stable). */
export interface EcsServiceIds {
  readonly service: string;
}

/** What a block adds to the plan's service: its name, where it runs, and how the load balancer and other services find it. */
export interface EcsServiceExtras {
  readonly name: string;
  readonly clusterArn: string;
  /** The task subnets (private, in the plan's AZs). */
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
  /**
   * The capacity provider of EC2 tasks (compute kind EC2).
   *
   * @default - the cluster's default capacity
   */
  readonly capacityProviderName?: string;
  /** @default - behind no load balancer */
  readonly loadBalancer?: EcsServiceLoadBalancer[];
  /** Cloud Map registration of the tasks (MicroserviceGateway's VPC-link services). @default - none */
  readonly serviceRegistries?: EcsServiceServiceRegistries;
  /** Service Connect (MicroserviceGateway). @default - none */
  readonly serviceConnectConfiguration?: EcsServiceServiceConnectConfiguration;
  /** @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Renders the ECS service of a plan: launch type (Fargate, or EC2 through the block's capacity
 * provider, spread across AZs), count, deployment, grace, AZ rebalancing, tags and network.
 */
export function renderEcsService(scope: Construct, plan: EcsServicePlan, taskDefinition: EcsTaskDefinition, ids: EcsServiceIds,
  extras: EcsServiceExtras): EcsService {
  const ec2 = plan.compute.kind === ComputeKind.EC2;
  return new EcsService(scope, ids.service, {
    ...ecsServiceSettings(plan),
    name: extras.name,
    cluster: extras.clusterArn,
    taskDefinition: taskDefinition.arn,
    capacityProviderStrategy: ec2 && extras.capacityProviderName ? [{ capacityProvider: extras.capacityProviderName, weight: 1 }] : undefined,
    orderedPlacementStrategy: ec2 ? [{ type: 'spread', field: 'attribute:ecs.availability-zone' }] : undefined,
    networkConfiguration: { subnets: extras.subnetIds, securityGroups: extras.securityGroupIds, assignPublicIp: plan.assignPublicIp },
    loadBalancer: extras.loadBalancer,
    serviceRegistries: extras.serviceRegistries,
    serviceConnectConfiguration: extras.serviceConnectConfiguration,
    dependsOn: extras.dependsOn,
  });
}

/**
 * The statements of a task's execution role, as the plan's `executionRole` scopes them (the
 * CloudFormation backend writes the same): pull from the image's private ECR repository (the
 * login token on `*`, which AWS takes on `*` only), write to the task's own log group, and read
 * the secrets the container gets (`secretStatements`). Never AWS's managed
 * AmazonECSTaskExecutionRolePolicy, whose ECR and logs grants are on every resource.
 */
export function executionRoleStatements(plan: EcsServicePlan, logGroupArn: string, secretStatements: object[]): object[] {
  const role = plan.executionRole;
  const statements: object[] = [];
  if (role.imageRepositoryArn !== undefined) {
    statements.push({ Effect: 'Allow', Action: ECR_AUTHORIZATION_ACTION, Resource: '*' });
    statements.push({ Effect: 'Allow', Action: ECR_PULL_ACTIONS, Resource: role.imageRepositoryArn });
  }
  if (role.writesTaskLogGroup) {
    // aws_cloudwatch_log_group's arn has no `:*`; the streams are under `<arn>:*` (CloudFormation's Arn attribute carries it).
    statements.push({ Effect: 'Allow', Action: LOG_WRITE_ACTIONS, Resource: `${logGroupArn}:*` });
  }
  return [...statements, ...secretStatements];
}

/** Renders a task's execution role policy (see `executionRoleStatements`) on `role` (its name or id). */
export function renderExecutionRolePolicy(scope: Construct, id: string, role: string, plan: EcsServicePlan, logGroupArn: string,
  secretStatements: object[]): IamRolePolicy {
  return new IamRolePolicy(scope, id, {
    role,
    policy: JSON.stringify({ Version: '2012-10-17', Statement: executionRoleStatements(plan, logGroupArn, secretStatements) }),
  });
}
