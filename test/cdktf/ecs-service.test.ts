import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { TfTemplate } from './template';
import * as cdkBlocks from '../../src/cdk';
import * as tfBlocks from '../../src/cdktf';
import {
  ComputeKind, LambdaRuntime, LoadBalancedApiOptions, LoadBalancingAlgorithm, MicroserviceGatewayOptions, WorkerKind, WorkQueueOptions,
} from '../../src/core';
import { plainHttp } from '../fixtures/plain-http';

/*
 * The ECS decisions of the three ECS blocks, rendered through BOTH backends from one plan: the same
 * hardening, log retention, grace, AZ rebalancing, CPU percentage, URL scheme, root volume and
 * worker placeholders in the CloudFormation and the Terraform output.
 */

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2';
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-1111-2222-333344445555';

interface Both<C, T> { cfn: Template; tf: TfTemplate; cdkBlock: C; tfBlock: T }

function both<C, T>(makeCdk: (scope: Construct) => C, makeTf: (scope: Construct) => T): Both<C, T> {
  const stack = new cdk.Stack(new cdk.App(), 'Test', { env: { region: 'us-east-1', account: '123456789012' } });
  const cdkBlock = makeCdk(stack);
  const tfStack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(tfStack, 'aws', { region: 'us-east-1' });
  const tfBlock = makeTf(tfStack);
  return { cfn: Template.fromStack(stack), tf: TfTemplate.synth(tfStack), cdkBlock, tfBlock };
}

function api(options: LoadBalancedApiOptions): Both<cdkBlocks.LoadBalancedApi, tfBlocks.LoadBalancedApi> {
  // These cases are about the ECS service: plain HTTP by explicit choice where no certificate is given.
  const given = plainHttp(options);
  return both((s) => new cdkBlocks.LoadBalancedApi(s, 'Api', given), (s) => new tfBlocks.LoadBalancedApi(s, 'Api', given));
}

function gateway(given: MicroserviceGatewayOptions): Both<cdkBlocks.MicroserviceGateway, tfBlocks.MicroserviceGateway> {
  // These cases are about the ECS service; their routes are public by explicit choice (no authorizer).
  const options = { ...given, services: (given.services ?? []).map((s) => ({ requireAuthorization: false, ...s })) };
  return both((s) => new cdkBlocks.MicroserviceGateway(s, 'Gateway', options), (s) => new tfBlocks.MicroserviceGateway(s, 'Gateway', options));
}

function queue(options: WorkQueueOptions): Both<cdkBlocks.WorkQueue, tfBlocks.WorkQueue> {
  return both((s) => new cdkBlocks.WorkQueue(s, 'Jobs', options), (s) => new tfBlocks.WorkQueue(s, 'Jobs', options));
}

/** The one container of each CloudFormation task definition, and of each Terraform one. */
function containers(r: Both<unknown, unknown>): { cfn: any[]; tf: any[] } {
  return {
    cfn: Object.values(r.cfn.findResources('AWS::ECS::TaskDefinition')).map((t: any) => t.Properties.ContainerDefinitions[0]),
    tf: r.tf.resources('aws_ecs_task_definition').map((t) => JSON.parse(t.attributes.container_definitions)[0]),
  };
}

function cpuTargets(r: Both<unknown, unknown>): { cfn: number[]; tf: number[] } {
  return {
    cfn: Object.values(r.cfn.findResources('AWS::ApplicationAutoScaling::ScalingPolicy'))
      .map((p: any) => p.Properties.TargetTrackingScalingPolicyConfiguration)
      .filter((c: any) => c?.PredefinedMetricSpecification?.PredefinedMetricType === 'ECSServiceAverageCPUUtilization')
      .map((c: any) => c.TargetValue),
    tf: r.tf.resources('aws_appautoscaling_policy')
      .map((p) => p.attributes.target_tracking_scaling_policy_configuration)
      .filter((c: any) => c?.predefined_metric_specification?.predefined_metric_type === 'ECSServiceAverageCPUUtilization')
      .map((c: any) => c.target_value),
  };
}

describe('ECS services rendered by both backends', () => {
  describe('GIVEN a LoadBalancedApi with an image of its own and a CPU target of 0.555', () => {
    const r = api({ container: { image: IMAGE }, scaling: { targetCpuUtilization: 0.555 }, logRetentionDays: 30 });

    test('THEN both backends render 55.5 %, the plan\'s targetCpuUtilizationPercent', () => {
      expect(r.cdkBlock.plan.scaling.targetCpuUtilizationPercent).toBe(55.5);
      expect(cpuTargets(r)).toEqual({ cfn: [55.5], tf: [55.5] });
    });

    test('THEN the Terraform container is hardened like the CloudFormation one: non-root, read-only, a writable /tmp', () => {
      const c = containers(r);
      expect(c.cfn[0]).toMatchObject({
        User: '1000', ReadonlyRootFilesystem: true, MountPoints: [{ SourceVolume: 'scratch', ContainerPath: '/tmp', ReadOnly: false }],
      });
      expect(c.tf[0]).toMatchObject({
        user: '1000', readonlyRootFilesystem: true, mountPoints: [{ sourceVolume: 'scratch', containerPath: '/tmp', readOnly: false }],
      });
      r.cfn.hasResourceProperties('AWS::ECS::TaskDefinition', { Volumes: [{ Name: 'scratch' }] });
      expect(r.tf.only('aws_ecs_task_definition').attributes.volume).toEqual([{ name: 'scratch' }]);
    });

    test('THEN the container logs keep the plan\'s 30 days, the grace is 60 s and AZ rebalancing is on, in both', () => {
      r.cfn.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
      r.tf.hasResourceWithProperties('aws_cloudwatch_log_group', { retention_in_days: 30 });
      r.cfn.hasResourceProperties('AWS::ECS::Service', { HealthCheckGracePeriodSeconds: 60, AvailabilityZoneRebalancing: 'ENABLED' });
      expect(r.tf.only('aws_ecs_service').attributes).toMatchObject({ health_check_grace_period_seconds: 60, availability_zone_rebalancing: 'ENABLED' });
    });

    test('THEN the container name and log stream prefix are the plan\'s in both', () => {
      const c = containers(r);
      expect(c.cfn[0].Name).toBe('api');
      expect(c.tf[0].name).toBe('api');
      expect(c.cfn[0].LogConfiguration.Options['awslogs-stream-prefix']).toBe('api');
      expect(c.tf[0].logConfiguration.options['awslogs-stream-prefix']).toBe('api');
    });
  });

  describe('GIVEN the placeholder image', () => {
    test('THEN neither backend hardens it (nginx binds port 80 as root) and the plan says so', () => {
      const r = api({});
      expect(r.cdkBlock.plan.container.hardening).toEqual({ readonlyRootFilesystem: false });
      const c = containers(r);
      expect(c.cfn[0].User).toBeUndefined();
      expect(c.tf[0].user).toBeUndefined();
      expect([c.cfn[0].ReadonlyRootFilesystem, c.tf[0].readonlyRootFilesystem]).toEqual([false, false]);
    });
  });

  test.each([
    [LoadBalancingAlgorithm.SOURCE_IP_HASH, CERT, 'https'],
    [LoadBalancingAlgorithm.SOURCE_IP_HASH, undefined, 'http'],
    [LoadBalancingAlgorithm.ROUND_ROBIN, CERT, 'https'],
  ])('GIVEN %s and certificate %s WHEN rendered THEN both URLs use the plan\'s %s scheme', (algorithm, certificateArn, scheme) => {
    const r = api({ algorithm, certificateArn });
    expect(r.cdkBlock.plan.listener.urlScheme).toBe(scheme);
    expect(r.cdkBlock.url.startsWith(`${scheme}://`)).toBe(true);
    expect(r.tfBlock.url.startsWith(`${scheme}://`)).toBe(true);
  });

  describe('GIVEN EC2 capacity', () => {
    const r = api({ compute: { kind: ComputeKind.EC2, instanceType: 'm7g.xlarge' } });

    test('THEN both launch templates give the plan\'s root volume: 30 GiB of encrypted gp3', () => {
      r.cfn.hasResourceProperties('AWS::EC2::LaunchTemplate', {
        LaunchTemplateData: {
          BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 30, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true } }],
        },
      });
      expect(r.tf.only('aws_launch_template').attributes.block_device_mappings).toEqual([{
        device_name: '/dev/xvda', ebs: { volume_size: 30, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' },
      }]);
    });

    test('THEN Terraform renders an EC2 service, as CloudFormation does', () => {
      expect(r.tf.only('aws_ecs_service').attributes.launch_type).toBeUndefined();
      expect(r.tf.only('aws_ecs_task_definition').attributes.requires_compatibilities).toEqual(['EC2']);
      r.cfn.hasResourceProperties('AWS::ECS::TaskDefinition', { RequiresCompatibilities: ['EC2'] });
    });
  });

  describe('GIVEN a gateway service with a CPU target of 0.555', () => {
    const r = gateway({ services: [{ name: 'orders', pathPrefix: '/orders', container: { image: IMAGE }, scaling: { targetCpuUtilization: 0.555 } }] });

    test('THEN both backends render 55.5 % (CloudFormation rounded it to 56 before)', () => {
      expect(cpuTargets(r)).toEqual({ cfn: [55.5], tf: [55.5] });
    });

    test('THEN both containers are named after the service and hardened', () => {
      const c = containers(r);
      expect(c.cfn[0]).toMatchObject({ Name: 'orders', User: '1000', ReadonlyRootFilesystem: true });
      expect(c.tf[0]).toMatchObject({ name: 'orders', user: '1000', readonlyRootFilesystem: true });
    });
  });

  describe('GIVEN placeholder Fargate workers', () => {
    const r = queue({});

    test('THEN both backends run the plan\'s placeholder command, hardened', () => {
      const c = containers(r);
      const command = ['sh', '-c', 'while true; do sleep 3600; done'];
      expect(c.cfn[0]).toMatchObject({ Name: 'worker', Command: command, User: '1000', ReadonlyRootFilesystem: true });
      expect(c.tf[0]).toMatchObject({ name: 'worker', command, user: '1000', readonlyRootFilesystem: true });
    });

    test('THEN both backends roll the workers with the plan\'s 100/200 percent (CloudFormation wrote aws-cdk-lib\'s 50, Terraform nothing)', () => {
      const d = r.cdkBlock.plan.workers.fargate!.deployment;
      expect(d).toEqual({ strategy: 'ROLLING', circuitBreaker: true, rollback: true, minimumHealthyPercent: 100, maximumPercent: 200 });
      r.cfn.hasResourceProperties('AWS::ECS::Service', {
        DeploymentConfiguration: {
          MinimumHealthyPercent: d.minimumHealthyPercent,
          MaximumPercent: d.maximumPercent,
          Strategy: d.strategy,
          DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        },
      });
      const tf = r.tf.only('aws_ecs_service').attributes;
      expect(tf.deployment_minimum_healthy_percent).toBe(d.minimumHealthyPercent);
      expect(tf.deployment_maximum_percent).toBe(d.maximumPercent);
      expect(tf.deployment_configuration.strategy).toBe(d.strategy);
      expect(tf.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
    });
  });

  describe('GIVEN a placeholder Lambda worker with the handler index.main', () => {
    const r = queue({ workers: { kind: WorkerKind.LAMBDA, lambda: { handler: 'index.main', runtime: LambdaRuntime.PYTHON_3_13 } } });

    test('THEN both backends deploy the plan\'s handler and placeholder source', () => {
      r.cfn.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.main', Code: { ZipFile: r.cdkBlock.plan.workers.lambda!.placeholderCode!.source } });
      expect(r.tf.only('aws_lambda_function').attributes.handler).toBe('index.main');
    });
  });
});
