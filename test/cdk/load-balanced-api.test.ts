import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { compliantApp, findingsOf } from './compliance';
import { blockVpc, encryptionKey } from '../../src/cdk/common';
import { LoadBalancedApi, LoadBalancedApiProps } from '../../src/cdk/load-balanced-api';
import {
  ComputeKind, CpuArchitecture, DeploymentStrategy, Errors, LoadBalancingAlgorithm, OriginAccess, planLoadBalancedApi, resolveCreatedNetwork,
} from '../../src/core';
import { Rules } from '../../src/core/validation';
import { plainHttp } from '../fixtures/plain-http';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-1111-2222-333344445555';
const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:api-db-AbCdEf:password::';
const WEB_ACL = 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/0a1b2c3d';
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2';
const LOAD = { peakRequestsPerSecond: 1000 };
const ENV = { region: 'us-east-1', account: '123456789012' };

function render(props: LoadBalancedApiProps = { load: LOAD }, stackProps: cdk.StackProps = {}): { api: LoadBalancedApi; template: Template } {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'Test', stackProps);
  // Tests about something other than the listener opt in to plain HTTP when they need to (plainHttp); the listener rule has its own tests.
  const api = new LoadBalancedApi(stack, 'Api', props.plan ? props : plainHttp(props));
  return { api, template: Template.fromStack(stack) };
}

function attributes(template: Template, type: string): { [key: string]: string } {
  const [resource] = Object.values(template.findResources(type));
  const list = (resource.Properties.TargetGroupAttributes ?? resource.Properties.LoadBalancerAttributes) as { Key: string; Value: string }[];
  return Object.fromEntries(list.map((a) => [a.Key, a.Value]));
}

function serviceProps(template: Template): any {
  return Object.values(template.findResources('AWS::ECS::Service'))[0].Properties;
}

describe('LoadBalancedApi (cdk)', () => {
  describe('GIVEN the defaults', () => {
    const { api, template } = render();

    test('THEN an internet-facing ALB in the public subnets drops invalid headers and keeps the plan\'s idle timeout', () => {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        Type: 'application',
        Scheme: 'internet-facing',
        Subnets: Match.arrayWith([{ Ref: Match.stringLikeRegexp('ApiVpcPublicSubnet1') }]),
      });
      const attrs = attributes(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
      expect(attrs['routing.http.drop_invalid_header_fields.enabled']).toBe('true');
      expect(attrs['idle_timeout.timeout_seconds']).toBe(String(api.plan.idleTimeoutSeconds));
    });

    test('THEN the target group uses least outstanding requests, the health check and the deregistration delay of the plan', () => {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        TargetType: 'ip',
        Protocol: 'HTTP',
        Port: 80,
        HealthCheckPath: '/',
        HealthCheckIntervalSeconds: 15,
        HealthCheckTimeoutSeconds: 5,
        HealthyThresholdCount: 3,
        UnhealthyThresholdCount: 3,
        Matcher: { HttpCode: '200' },
      });
      const attrs = attributes(template, 'AWS::ElasticLoadBalancingV2::TargetGroup');
      expect(attrs['load_balancing.algorithm.type']).toBe('least_outstanding_requests');
      expect(attrs['deregistration_delay.timeout_seconds']).toBe('30');
      expect(attrs['slow_start.duration_seconds']).toBeUndefined();
    });

    test('THEN without a certificate the API is plain HTTP on 80 and nothing redirects', () => {
      template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP', DefaultActions: [Match.objectLike({ Type: 'forward' })] });
      expect(api.url).toMatch(/^http:\/\//);
    });

    test('THEN Fargate tasks of the plan\'s size and architecture run in private subnets without public IPs', () => {
      template.hasResourceProperties('AWS::ECS::TaskDefinition', {
        Cpu: '1024',
        Memory: '2048',
        RequiresCompatibilities: ['FARGATE'],
        RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
        NetworkMode: 'awsvpc',
      });
      const props = serviceProps(template);
      expect(props.LaunchType).toBe('FARGATE');
      // No platform version: Fargate's current one, as in Terraform (no backend pins a platform of its own).
      expect(props.PlatformVersion).toBeUndefined();
      expect(props.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp).toBe('DISABLED');
      expect(props.NetworkConfiguration.AwsvpcConfiguration.Subnets).toHaveLength(3);
      for (const subnet of props.NetworkConfiguration.AwsvpcConfiguration.Subnets) expect(subnet.Ref).toMatch(/ApiVpcPrivateSubnet/);
    });

    test('THEN auto scaling owns the desired count: DesiredCount is left out and the scalable target holds min and max', () => {
      expect(api.plan.scaling.desiredCountOnCreateOnly).toBe(true);
      expect(serviceProps(template).DesiredCount).toBeUndefined();
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        MinCapacity: api.plan.scaling.minTasks,
        MaxCapacity: api.plan.scaling.maxTasks,
        ScalableDimension: 'ecs:service:DesiredCount',
      });
    });

    test('THEN target tracking follows CPU and requests per target (per minute) with the plan\'s cooldowns', () => {
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        TargetTrackingScalingPolicyConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
          TargetValue: api.plan.scaling.targetCpuUtilization * 100,
          ScaleInCooldown: 300,
          ScaleOutCooldown: 60,
        },
      });
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        TargetTrackingScalingPolicyConfiguration: Match.objectLike({
          PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
          TargetValue: api.plan.scaling.requestCountPerTargetPerMinute,
        }),
      });
    });

    test('THEN a rolling deploy keeps every task and rolls back through the circuit breaker', () => {
      expect(serviceProps(template).DeploymentConfiguration).toMatchObject({
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        Strategy: 'ROLLING',
      });
    });

    test('THEN the load balancer admits clients on 80 only and reaches only the tasks, which admit only it on the container port', () => {
      template.hasResourceProperties('AWS::EC2::SecurityGroup', {
        GroupDescription: Match.stringLikeRegexp('load balancer'),
        SecurityGroupIngress: [{ CidrIp: '0.0.0.0/0', FromPort: 80, ToPort: 80, IpProtocol: 'tcp', Description: 'clients on 80' }],
        SecurityGroupEgress: Match.absent(),
      });
      template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
        GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('ApiLoadBalancerSecurityGroup'), 'GroupId'] },
        DestinationSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('ApiServiceSecurityGroup'), 'GroupId'] },
        FromPort: 80,
        ToPort: 80,
      });
      const ingress = template.findResources('AWS::EC2::SecurityGroupIngress');
      const toTasks = Object.values(ingress).filter((r: any) => JSON.stringify(r.Properties.GroupId).includes('ApiServiceSecurityGroup'));
      expect(toTasks).toHaveLength(1);
      expect(toTasks[0].Properties).toMatchObject({
        FromPort: 80,
        ToPort: 80,
        SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/ApiLoadBalancerSecurityGroup/), 'GroupId'] },
      });
      template.hasResourceProperties('AWS::EC2::SecurityGroup', {
        GroupDescription: Match.stringLikeRegexp('tasks'),
        SecurityGroupIngress: Match.absent(),
      });
    });

    test('THEN access logs go to a retained, private, versioned SSE-S3 bucket that expires them and denies plain HTTP', () => {
      template.hasResource('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
          VersioningConfiguration: { Status: 'Enabled' },
          LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90, Status: 'Enabled' })] },
        }),
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({
              Sid: 'ElbLogDelivery',
              Action: 's3:PutObject',
              Principal: Match.objectLike({ Service: 'logdelivery.elasticloadbalancing.amazonaws.com' }),
            }),
          ]),
        },
      });
      const attrs = attributes(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
      expect(attrs['access_logs.s3.enabled']).toBe('true');
      expect(attrs['access_logs.s3.prefix']).toBe('api');
    });

    test('THEN container logs go to a KMS-encrypted, retained log group and Container Insights is on', () => {
      template.hasResource('AWS::Logs::LogGroup', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({ KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('ApiLogKey'), 'Arn'] }, RetentionInDays: 365 }),
      });
      template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
    });

    test('THEN the hooks point at the tasks and the load balancer', () => {
      expect(api.connections.securityGroups).toEqual([api.serviceSecurityGroup]);
      expect(api.grantPrincipal).toBe(api.taskDefinition.taskRole);
      expect(api.loadBalancerDnsName).toBe(api.loadBalancer.loadBalancerDnsName);
      expect(api.metricCpuUtilization().metricName).toBe('CPUUtilization');
      expect(api.metricMemoryUtilization().namespace).toBe('AWS/ECS');
      expect(api.metricRequestCount().metricName).toBe('RequestCount');
      expect(api.metricUnhealthyHostCount().namespace).toBe('AWS/ApplicationELB');
      expect(api.metricHealthyHostCount().dimensions).toHaveProperty('TargetGroup');
      expect(api.webAclAssociation).toBeUndefined();
    });
  });

  test.each([
    [LoadBalancingAlgorithm.ROUND_ROBIN, 'round_robin', undefined],
    [LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS, 'least_outstanding_requests', undefined],
    [LoadBalancingAlgorithm.WEIGHTED_RANDOM, 'weighted_random', 'on'],
  ])('GIVEN algorithm %s THEN the target group attribute is %s (anomaly mitigation %s)', (algorithm, type, mitigation) => {
    const { template } = render({ algorithm, load: LOAD });
    const attrs = attributes(template, 'AWS::ElasticLoadBalancingV2::TargetGroup');
    expect(attrs['load_balancing.algorithm.type']).toBe(type);
    expect(attrs['load_balancing.algorithm.anomaly_mitigation']).toBe(mitigation);
  });

  test('GIVEN WEIGHTED_RANDOM with anomalyMitigation false THEN no anomaly mitigation attribute', () => {
    const { template } = render({ algorithm: LoadBalancingAlgorithm.WEIGHTED_RANDOM, anomalyMitigation: false, load: LOAD });
    expect(attributes(template, 'AWS::ElasticLoadBalancingV2::TargetGroup')['load_balancing.algorithm.anomaly_mitigation']).toBeUndefined();
  });

  test('GIVEN slow start, idle timeout, deregistration delay and a health check THEN the target group and ALB carry them', () => {
    const { template } = render({
      algorithm: LoadBalancingAlgorithm.ROUND_ROBIN,
      slowStartSeconds: 60,
      idleTimeoutSeconds: 120,
      deregistrationDelaySeconds: 10,
      container: { image: IMAGE },
      healthCheck: { path: '/ready', intervalSeconds: 10, timeoutSeconds: 4, healthyThreshold: 2, unhealthyThreshold: 5 },
      load: LOAD,
    });
    const tg = attributes(template, 'AWS::ElasticLoadBalancingV2::TargetGroup');
    expect(tg['slow_start.duration_seconds']).toBe('60');
    expect(tg['deregistration_delay.timeout_seconds']).toBe('10');
    expect(attributes(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer')['idle_timeout.timeout_seconds']).toBe('120');
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 8080, HealthCheckPath: '/ready', HealthCheckIntervalSeconds: 10, HealthCheckTimeoutSeconds: 4, HealthyThresholdCount: 2, UnhealthyThresholdCount: 5,
    });
  });

  describe('GIVEN a certificate, an image with environment and secrets, and a web ACL, in us-east-1', () => {
    const { api, template } = render({
      certificateArn: CERT,
      container: { image: IMAGE, environment: { LOG_LEVEL: 'info' }, secrets: { DB_PASSWORD: SECRET } },
      webAclArn: WEB_ACL,
      allowedCidrs: ['203.0.113.0/24'],
      load: LOAD,
    }, { env: ENV });

    test('THEN HTTPS on 443 with the certificate and TLS 1.3 policy, and HTTP 80 redirects to it', () => {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Port: 443,
        Protocol: 'HTTPS',
        Certificates: [{ CertificateArn: CERT }],
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Port: 80,
        Protocol: 'HTTP',
        DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
      });
      expect(api.url).toMatch(/^https:\/\//);
    });

    test('THEN the load balancer admits only the given CIDR, on 443 and 80', () => {
      template.hasResourceProperties('AWS::EC2::SecurityGroup', {
        GroupDescription: Match.stringLikeRegexp('load balancer'),
        SecurityGroupIngress: [
          Match.objectLike({ CidrIp: '203.0.113.0/24', FromPort: 443 }),
          Match.objectLike({ CidrIp: '203.0.113.0/24', FromPort: 80 }),
        ],
      });
    });

    test('THEN the web ACL is associated with the load balancer', () => {
      template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
        WebACLArn: WEB_ACL,
        ResourceArn: { Ref: Match.stringLikeRegexp('ApiLoadBalancer') },
      });
    });

    test('THEN the container runs non-root on a read-only root with its environment, and the secret comes from Secrets Manager by ARN', () => {
      template.hasResourceProperties('AWS::ECS::TaskDefinition', {
        ContainerDefinitions: [Match.objectLike({
          Image: IMAGE,
          User: '1000',
          ReadonlyRootFilesystem: true,
          Environment: [{ Name: 'LOG_LEVEL', Value: 'info' }],
          Secrets: [{ Name: 'DB_PASSWORD', ValueFrom: SECRET }],
          PortMappings: [{ ContainerPort: 8080, Protocol: 'tcp' }],
        })],
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] })]) },
      });
    });

    test('THEN the Region\'s ELB account may write the access logs', () => {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Action: 's3:PutObject',
            Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::127311923021:root']] } },
          })]),
        },
      });
    });
  });

  describe('GIVEN SOURCE_IP_HASH', () => {
    const { api, template } = render({ algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH, load: LOAD });

    test('THEN a Network Load Balancer with its security group attached at creation and cross-zone on', () => {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        Type: 'network',
        SecurityGroups: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('ApiLoadBalancerSecurityGroup'), 'GroupId'] }],
      });
      expect(attributes(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer')['load_balancing.cross_zone.enabled']).toBe('true');
      expect(api.networkLoadBalancer).toBeDefined();
      expect(api.applicationLoadBalancer).toBeUndefined();
    });

    test('THEN the TCP target group keeps each client on one task (source-IP stickiness) and does not preserve client IPs', () => {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Protocol: 'TCP', TargetType: 'ip', HealthCheckProtocol: 'TCP' });
      const attrs = attributes(template, 'AWS::ElasticLoadBalancingV2::TargetGroup');
      expect(attrs['stickiness.enabled']).toBe('true');
      expect(attrs['stickiness.type']).toBe('source_ip');
      expect(attrs['preserve_client_ip.enabled']).toBe('false');
      expect(attrs['load_balancing.algorithm.type']).toBeUndefined();
    });

    test('THEN plain TCP on 80, CPU scaling only, and no access logs', () => {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'TCP' });
      template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 1);
      template.resourceCountIs('AWS::S3::Bucket', 0);
      expect(api.metricRequestCount().metricName).toBe('NewFlowCount');
      expect(api.metricHealthyHostCount().namespace).toBe('AWS/NetworkELB');
    });
  });

  test('GIVEN SOURCE_IP_HASH with a certificate THEN a TLS listener with the TLS 1.3 policy and access logs', () => {
    const { template } = render({ algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH, certificateArn: CERT, load: LOAD });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443, Protocol: 'TLS', Certificates: [{ CertificateArn: CERT }], SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    });
    template.resourceCountIs('AWS::S3::Bucket', 1);
  });

  test('GIVEN an internal load balancer THEN it sits in the private subnets and admits the VPC CIDR', () => {
    const { template } = render({ internetFacing: false, load: LOAD });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internal',
      Subnets: Match.arrayWith([{ Ref: Match.stringLikeRegexp('ApiVpcPrivateSubnet1') }]),
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('load balancer'),
      SecurityGroupIngress: [Match.objectLike({ CidrIp: { 'Fn::GetAtt': [Match.stringLikeRegexp('ApiVpc'), 'CidrBlock'] }, FromPort: 80 })],
    });
  });

  test('GIVEN a CDN origin in us-east-1 THEN the load balancer admits only CloudFront\'s origin-facing prefix list', () => {
    const { template } = render({ cloudFrontOriginOnly: true, load: LOAD }, { env: ENV });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', { GroupDescription: Match.stringLikeRegexp('load balancer'), SecurityGroupIngress: Match.absent() });
    const toLoadBalancer = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((r: any) => JSON.stringify(r.Properties.GroupId).includes('ApiLoadBalancerSecurityGroup'));
    expect(toLoadBalancer).toHaveLength(1);
    expect(toLoadBalancer[0].Properties).toMatchObject({ SourcePrefixListId: 'pl-3b927c52', FromPort: 80, ToPort: 80 });
    expect(toLoadBalancer[0].Properties.CidrIp).toBeUndefined();
  });

  test('GIVEN originAccess VPC_ORIGIN THEN the load balancer is internal, in private subnets, and admits only CloudFront\'s prefix list, over HTTP without the opt-in', () => {
    // GIVEN no certificate and no allowPlainHttp: the hop from CloudFront's VPC origin is private
    const { template } = render({ plan: planLoadBalancedApi({ originAccess: OriginAccess.VPC_ORIGIN, load: LOAD }) }, { env: ENV });
    const resources = template.toJSON().Resources as { [id: string]: { Type: string; Properties: any } };
    const lb = Object.values(resources).find((r) => r.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer')!;
    expect(lb.Properties.Scheme).toBe('internal');
    for (const subnet of lb.Properties.Subnets as { Ref: string }[]) {
      expect(resources[subnet.Ref].Properties.Tags).toContainEqual({ Key: 'aws-cdk:subnet-type', Value: 'Private' });
    }
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTP', Port: 80 });
    const toLoadBalancer = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((r: any) => JSON.stringify(r.Properties.GroupId).includes('ApiLoadBalancerSecurityGroup')).map((r) => r.Properties);
    expect(toLoadBalancer).toEqual([expect.objectContaining({ SourcePrefixListId: 'pl-3b927c52', FromPort: 80, ToPort: 80 })]);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', { GroupDescription: Match.stringLikeRegexp('load balancer'), SecurityGroupIngress: Match.absent() });
  });

  describe('GIVEN originAccess SECRET_ORIGIN_HEADER', () => {
    const { api, template } = render({ originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: CERT, load: LOAD }, { env: ENV });
    test('THEN the listener\'s default action is a fixed 403: nothing is forwarded without a rule', () => {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Protocol: 'HTTPS',
        Port: 443,
        DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '403', ContentType: 'text/plain', MessageBody: 'Forbidden' } }],
      });
      const forwardingListeners = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::Listener'))
        .filter((l: any) => JSON.stringify(l.Properties.DefaultActions).includes('forward'));
      expect(forwardingListeners).toEqual([]);
    });
    test('THEN exactly one rule forwards, on an http-header condition whose value is the secret\'s dynamic reference', () => {
      const rules = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule')).map((r: any) => r.Properties);
      expect(rules).toHaveLength(1);
      expect(rules[0]).toMatchObject({
        Priority: api.plan.originHeader!.rulePriority,
        Actions: [{ Type: 'forward', TargetGroupArn: { Ref: expect.stringMatching(/^ApiTargetGroup/) } }],
      });
      expect(rules[0].Conditions).toHaveLength(1);
      const [condition] = rules[0].Conditions;
      expect(condition.Field).toBe('http-header');
      expect(condition.HttpHeaderConfig.HttpHeaderName).toBe('X-Origin-Verify');
      // The value is resolved by CloudFormation from the secret: it is never in the template.
      expect(JSON.stringify(condition.HttpHeaderConfig.Values)).toMatch(/\{\{resolve:secretsmanager:.*:SecretString:::\}\}/);
      expect(JSON.stringify(condition.HttpHeaderConfig.Values)).toContain('ApiOriginSecret');
    });
    test('THEN the secret is generated from the plan: its name, letters and digits of the plan\'s length, retained', () => {
      template.hasResource('AWS::SecretsManager::Secret', {
        Properties: {
          Name: 'scaleblocks/api/origin-verify',
          GenerateSecretString: { PasswordLength: 32, ExcludePunctuation: true, IncludeSpace: false },
        },
        DeletionPolicy: 'Retain',
      });
      expect(api.originSecret).toBeDefined();
    });
    test('THEN the load balancer is internet-facing and still admits only CloudFront\'s prefix list (defence in depth)', () => {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
      const toLoadBalancer = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
        .filter((r: any) => JSON.stringify(r.Properties.GroupId).includes('ApiLoadBalancerSecurityGroup')).map((r: any) => r.Properties);
      expect(toLoadBalancer.length).toBeGreaterThan(0);
      for (const rule of toLoadBalancer) {
        expect(rule.SourcePrefixListId).toBe('pl-3b927c52');
        expect(rule.CidrIp).toBeUndefined();
      }
    });
  });

  test('GIVEN SECRET_ORIGIN_HEADER with BLUE_GREEN THEN the production rule ECS shifts is the one forwarding rule and also requires the header', () => {
    const { template } = render({
      originAccess: OriginAccess.SECRET_ORIGIN_HEADER,
      certificateArn: CERT,
      deployment: { strategy: DeploymentStrategy.BLUE_GREEN },
      originHeader: { headerName: 'X-From-Cdn' },
      load: LOAD,
    }, { env: ENV });
    const rules = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule')).map((r: any) => r.Properties);
    expect(rules).toHaveLength(1);
    expect(rules[0].Conditions.map((c: any) => c.Field).sort()).toEqual(['http-header', 'path-pattern']);
    expect(rules[0].Conditions.find((c: any) => c.Field === 'http-header').HttpHeaderConfig.HttpHeaderName).toBe('X-From-Cdn');
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTPS', DefaultActions: [Match.objectLike({ Type: 'fixed-response', FixedResponseConfig: Match.objectLike({ StatusCode: '403' }) })],
    });
  });

  test('GIVEN a CDN origin in an env-agnostic stack THEN the prefix list comes from a mapping of the catalogued Regions', () => {
    const { template } = render({ cloudFrontOriginOnly: true, load: LOAD });
    const mapping = template.findMappings('ScaleblocksCloudFrontPrefixLists').ScaleblocksCloudFrontPrefixLists as { [region: string]: { id: string } };
    expect(mapping['eu-west-1']).toEqual({ id: 'pl-4fa04526' });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      SourcePrefixListId: { 'Fn::FindInMap': [Match.anyValue(), { Ref: 'AWS::Region' }, 'id'] }, FromPort: 80,
    });
  });

  test('GIVEN X86_64 Fargate of 2 vCPU / 4 GiB THEN the task definition carries them', () => {
    const { template } = render({ compute: { cpu: 2048, memoryMiB: 4096, architecture: CpuArchitecture.X86_64 }, load: LOAD });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '2048', Memory: '4096', RuntimePlatform: { CpuArchitecture: 'X86_64' } });
  });

  describe('GIVEN EC2 capacity', () => {
    const { api, template } = render({ compute: { kind: ComputeKind.EC2 }, container: { image: IMAGE }, load: LOAD });
    const capacity = api.plan.ec2Capacity!;

    test('THEN an Auto Scaling group of the plan\'s instance type and counts, from an encrypted IMDSv2 launch template, in the private subnets', () => {
      template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
        MinSize: String(capacity.minInstances),
        MaxSize: String(capacity.maxInstances),
        NewInstancesProtectedFromScaleIn: true,
        VPCZoneIdentifier: Match.arrayWith([{ Ref: Match.stringLikeRegexp('ApiVpcPrivateSubnet') }]),
      });
      template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
        LaunchTemplateData: Match.objectLike({
          InstanceType: capacity.instanceType,
          MetadataOptions: Match.objectLike({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 }),
          BlockDeviceMappings: [Match.objectLike({ Ebs: Match.objectLike({ Encrypted: true }) })],
        }),
      });
    });

    test('THEN an ECS capacity provider with managed scaling at the plan\'s target and termination protection places the service', () => {
      template.hasResourceProperties('AWS::ECS::CapacityProvider', {
        AutoScalingGroupProvider: Match.objectLike({
          ManagedScaling: Match.objectLike({ Status: 'ENABLED', TargetCapacity: capacity.managedScalingTargetCapacityPercent }),
          ManagedTerminationProtection: 'ENABLED',
        }),
      });
      const props = serviceProps(template);
      expect(props.CapacityProviderStrategy).toEqual([{ CapacityProvider: { Ref: expect.stringMatching(/ApiCapacityProvider/) }, Weight: 1 }]);
      expect(props.LaunchType).toBeUndefined();
      template.hasResourceProperties('AWS::ECS::TaskDefinition', { NetworkMode: 'awsvpc', RequiresCompatibilities: ['EC2'] });
    });
  });

  test('GIVEN a fixed task count THEN DesiredCount is set and nothing scales', () => {
    const { template } = render({ scaling: { fixedTasks: 4 }, load: LOAD });
    expect(serviceProps(template).DesiredCount).toBe(4);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
  });

  test('GIVEN the circuit breaker off THEN the service has none', () => {
    const { template } = render({ deployment: { circuitBreaker: false }, load: LOAD });
    expect(serviceProps(template).DeploymentConfiguration.DeploymentCircuitBreaker).toBeUndefined();
  });

  describe('GIVEN ECS native blue/green', () => {
    const { api, template } = render({ certificateArn: CERT, deployment: { strategy: DeploymentStrategy.BLUE_GREEN }, load: LOAD });

    test('THEN the service deploys BLUE_GREEN with the bake time, the green target group and the production rule', () => {
      const props = serviceProps(template);
      expect(props.DeploymentConfiguration).toMatchObject({ Strategy: 'BLUE_GREEN', BakeTimeInMinutes: api.plan.deployment.bakeTimeMinutes });
      expect(props.LoadBalancers[0].AdvancedConfiguration).toMatchObject({
        AlternateTargetGroupArn: { Ref: expect.stringMatching(/ApiAlternateTargetGroup/) },
        ProductionListenerRule: { Ref: expect.stringMatching(/ApiProductionRule/) },
      });
      template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 2);
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
        Actions: [Match.objectLike({ Type: 'forward', ForwardConfig: Match.objectLike({ TargetGroups: Match.arrayWith([Match.objectLike({ Weight: 0 })]) }) })],
      });
    });
  });

  test('GIVEN a count change THEN every stateful resource keeps its logical id', () => {
    const ids = (fixedTasks: number): { [type: string]: string[] } => {
      const { template } = render({ scaling: { fixedTasks }, load: LOAD });
      const out: { [type: string]: string[] } = {};
      for (const type of ['AWS::S3::Bucket', 'AWS::Logs::LogGroup', 'AWS::KMS::Key', 'AWS::ECS::Service', 'AWS::ElasticLoadBalancingV2::LoadBalancer']) {
        out[type] = Object.keys(template.findResources(type)).sort();
      }
      return out;
    };
    const before = ids(3);
    expect(before['AWS::S3::Bucket']).toHaveLength(1);
    expect(ids(4)).toEqual(before);
  });

  test('GIVEN a secret THEN no plain secret value appears in the template', () => {
    const { template } = render({ container: { image: IMAGE, secrets: { API_KEY: SECRET } }, load: LOAD });
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toMatch(/"Name":"API_KEY","Value"/);
    expect(json).toContain(SECRET);
  });

  test('GIVEN a given VPC and cluster THEN the block uses them and creates neither', () => {
    const app = new cdk.App();
    const stack = new cdk.Stack(app, 'Test');
    const vpc = blockVpc(stack, 'Shared', { azCount: 3, logKey: encryptionKey(stack, 'Key', 'test', 30), network: resolveCreatedNetwork(new Rules('test'), '10.0.0.0/16', 3) });
    const cluster = new ecs.Cluster(stack, 'SharedCluster', { vpc });
    const api = new LoadBalancedApi(stack, 'Api', { vpc, cluster, allowPlainHttp: true, load: LOAD });
    expect(api.vpc).toBe(vpc);
    expect(api.cluster).toBe(cluster);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::ECS::Cluster', 1);
  });

  test('GIVEN no certificate and no opt-in WHEN an internet-facing API is rendered THEN a ValidationError names the certificate and the opt-in', () => {
    for (const props of [{ load: LOAD }, { algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH, load: LOAD }, { allowPlainHttp: false, load: LOAD }]) {
      const stack = new cdk.Stack(new cdk.App(), 'Test');
      let error: unknown;
      try {
        new LoadBalancedApi(stack, 'Api', props);
      } catch (e) {
        error = e;
      }
      expect(Errors.isValidationError(error)).toBe(true);
      expect(() => { throw error; }).toThrow(/certificateArn = undefined: must be an ACM certificate ARN for an internet-facing load balancer[\s\S]*allowPlainHttp true/);
    }
  });

  test('GIVEN the plain-HTTP opt-in THEN an internet-facing HTTP listener on 80, and the plan says so for the report', () => {
    const { api, template } = render({ allowPlainHttp: true, load: LOAD });
    expect(api.plan.listener.plainTextToInternet).toBe(true);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP' });
  });

  test('GIVEN a plan THEN the construct renders it', () => {
    const plan = planLoadBalancedApi({ name: 'edge', algorithm: LoadBalancingAlgorithm.ROUND_ROBIN, allowPlainHttp: true, load: LOAD }, { path: 'api' });
    const { api, template } = render({ plan });
    expect(api.plan).toBe(plan);
    expect(attributes(template, 'AWS::ElasticLoadBalancingV2::TargetGroup')['load_balancing.algorithm.type']).toBe('round_robin');
  });

  describe('GIVEN bad props', () => {
    const plan = planLoadBalancedApi({ allowPlainHttp: true, load: LOAD });
    test.each<[string, (stack: cdk.Stack) => LoadBalancedApiProps, RegExp]>([
      ['a plan and options', () => ({ plan, azCount: 2 }), /plan/],
      ['a VPC of fewer AZs than azCount', (s) => ({ vpc: new ec2.Vpc(s, 'Small', { maxAzs: 2 }), azCount: 3, load: LOAD }), /vpc/],
      ['a VPC without public subnets', (s) => ({
        vpc: new ec2.Vpc(s, 'Private', { maxAzs: 3, subnetConfiguration: [{ name: 'Iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] }), load: LOAD,
      }), /vpc/],
      ['a cluster in another VPC', (s) => ({
        vpc: new ec2.Vpc(s, 'One', { maxAzs: 3 }), cluster: new ecs.Cluster(s, 'C', { vpc: new ec2.Vpc(s, 'Two', { maxAzs: 3 }) }), load: LOAD,
      }), /cluster/],
      ['an imported cluster with EC2 compute', (s) => {
        const vpc = new ec2.Vpc(s, 'V', { maxAzs: 3 });
        return { vpc, cluster: ecs.Cluster.fromClusterAttributes(s, 'Imported', { clusterName: 'c', vpc }), compute: { kind: ComputeKind.EC2 }, load: LOAD };
      }, /cluster/],
      ['a web ACL on an NLB', () => ({ algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH, webAclArn: WEB_ACL, load: LOAD }), /webAclArn/],
      ['blue/green on an NLB', () => ({ algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH, deployment: { strategy: DeploymentStrategy.BLUE_GREEN }, load: LOAD }), /deployment\.strategy/],
    ])('%s THEN a ValidationError names the prop', (_what, props, prop) => {
      const app = new cdk.App();
      const stack = new cdk.Stack(app, 'Test');
      let error: unknown;
      try {
        const given = props(stack);
        new LoadBalancedApi(stack, 'Api', given.plan ? given : plainHttp(given));
      } catch (e) {
        error = e;
      }
      expect(Errors.isValidationError(error)).toBe(true);
      expect(() => { throw error; }).toThrow(prop);
    });

    test('a CDN origin in a Region the catalog has no CloudFront prefix list for THEN a ValidationError names cloudFrontOriginOnly', () => {
      const stack = new cdk.Stack(new cdk.App(), 'Test', { env: { region: 'af-south-1' } });
      expect(() => new LoadBalancedApi(stack, 'Api', { cloudFrontOriginOnly: true, allowPlainHttp: true, load: LOAD })).toThrow(/cloudFrontOriginOnly = true: must be false in af-south-1/);
    });
  });

  describe('compliance (cdk-nag AwsSolutions and Control Tower cfn-guard)', () => {
    test.each<[string, LoadBalancedApiProps, cdk.StackProps]>([
      ['the defaults (env-agnostic)', { load: LOAD }, {}],
      ['HTTPS with secrets and WAF (us-east-1)', {
        certificateArn: CERT, container: { image: IMAGE, environment: { LOG_LEVEL: 'info' }, secrets: { DB_PASSWORD: SECRET } }, webAclArn: WEB_ACL, load: LOAD,
      }, { env: ENV }],
      ['SOURCE_IP_HASH', { algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH, load: LOAD }, {}],
      ['EC2 capacity with blue/green', {
        compute: { kind: ComputeKind.EC2 },
        certificateArn: CERT,
        deployment: { strategy: DeploymentStrategy.BLUE_GREEN },
        container: { image: IMAGE },
        load: LOAD,
      }, {}],
    ])('GIVEN %s THEN both packs pass', (_name, props, stackProps) => {
      const app = compliantApp();
      const stack = new cdk.Stack(app, 'Test', stackProps);
      new LoadBalancedApi(stack, 'Api', plainHttp(props));
      expect(findingsOf(app)).toEqual([]);
    });
  });

  describe('snapshots', () => {
    test.each<[string, LoadBalancedApiProps]>([
      ['defaults', { load: LOAD }],
      ['https-user-image', { certificateArn: CERT, container: { image: IMAGE, secrets: { DB_PASSWORD: SECRET } }, webAclArn: WEB_ACL, load: LOAD }],
      ['source-ip-hash', { algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH, load: LOAD }],
      ['ec2-blue-green', { compute: { kind: ComputeKind.EC2 }, certificateArn: CERT, deployment: { strategy: DeploymentStrategy.BLUE_GREEN }, container: { image: IMAGE }, load: LOAD }],
    ])('%s', (_name, props) => {
      expect(render(props).template.toJSON()).toMatchSnapshot();
    });
  });

  test('GIVEN a queue THEN it grants the task role through the construct', () => {
    const stack = new cdk.Stack(new cdk.App(), 'Test');
    const api = new LoadBalancedApi(stack, 'Api', { allowPlainHttp: true, load: LOAD });
    const queue = new sqs.Queue(stack, 'Q', { enforceSSL: true });
    queue.grantSendMessages(api);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('ApiTaskDefinitionTaskRole') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['sqs:SendMessage']) })]) },
    });
  });
});
