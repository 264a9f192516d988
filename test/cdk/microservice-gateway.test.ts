import * as fs from 'fs';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { compliantApp, Finding, findingsOf } from './compliance';
import { MicroserviceGateway, MicroserviceGatewayProps } from '../../src/cdk/microservice-gateway';
import { Errors } from '../../src/core';
import { RemovalPolicy } from '../../src/core/blocks/common';
import { DeploymentStrategy } from '../../src/core/blocks/load-balanced-api';
import { DnsRoutingPolicy, GatewayIntegration, MicroserviceGatewayOptions, planMicroserviceGateway } from '../../src/core/blocks/microservice-gateway';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/api-key-AbCdEf';
const JWT = { issuerUrl: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc', audiences: ['client-1'] };

/** Orders (own image, database, secret, scopes), web (`/`, the placeholder image), admin (public). */
const SHOP: MicroserviceGatewayOptions = {
  name: 'shop',
  jwtAuthorizer: JWT,
  load: { peakRequestsPerSecond: 600 },
  services: [
    {
      name: 'orders',
      container: { image: 'example/orders:1.0', port: 8080, environment: { LOG_LEVEL: 'info' }, secrets: { API_KEY: SECRET_ARN } },
      healthCheck: { path: '/health' },
      database: {},
      authorizationScopes: ['orders/read'],
      integrationTimeoutSeconds: 10,
      serviceConnect: { perRequestTimeoutSeconds: 5, idleTimeoutSeconds: 60 },
      throttle: { rateLimit: 400, burstLimit: 800 },
      queueSubscriptions: ['emails'],
    },
    { name: 'web', pathPrefix: '/' },
    { name: 'admin', pathPrefix: '/admin/*', requireAuthorization: false, scaling: { fixedTasks: 2 } },
  ],
};

/** Two services reached through Cloud Map SRV records, no authorizer. */
const CLOUD_MAP: MicroserviceGatewayOptions = {
  name: 'mesh',
  integration: GatewayIntegration.CLOUD_MAP,
  azCount: 2,
  services: [
    { name: 'catalog', container: { image: 'example/catalog:2', port: 9000 } },
    { name: 'search', container: { image: 'example/search:2', port: 9001 }, containerHealthCheckCommand: ['CMD', '/bin/health'] },
  ],
};

/**
 * The options with every service public by explicit choice (`requireAuthorization: false`) when
 * the gateway has no authorizer: routes require authorization by default, and the tests that use
 * this are about other things. A service that says otherwise keeps its own setting.
 */
function openWithoutAuthorizer<T extends { jwtAuthorizer?: unknown; services?: unknown }>(options: T): T {
  if (options.jwtAuthorizer !== undefined || !Array.isArray(options.services)) return options;
  return { ...options, services: options.services.map((s) => (typeof s === 'object' && s !== null ? { requireAuthorization: false, ...s } : s)) };
}

/** An app that writes construct paths into the template (the tests find resources by path). */
function pathApp(): cdk.App {
  return new cdk.App({ context: { 'aws:cdk:enable-path-metadata': true } });
}

interface Rendered {
  readonly stack: cdk.Stack;
  readonly gateway: MicroserviceGateway;
  readonly template: Template;
}

function render(props: MicroserviceGatewayProps, stackProps: cdk.StackProps = {}): Rendered {
  const stack = new cdk.Stack(pathApp(), 'Test', stackProps);
  const gateway = new MicroserviceGateway(stack, 'Gateway', openWithoutAuthorizer(props));
  return { stack, gateway, template: Template.fromStack(stack) };
}

/**
 * Every finding of both packs. `findingsOf` trusts the plugins' conclusion, and aws-cdk-lib marks
 * cfn-guard's report a success as soon as one of its findings is acknowledged (its violations carry
 * no severity), so the findings left in the report are read here as well.
 */
function allFindings(app: cdk.App): Finding[] {
  const findings = findingsOf(app);
  if (findings.length > 0) return findings;
  const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'));
  return (report.pluginReports ?? []).flatMap((p: any) => (p.violations ?? []).map((v: any) => ({
    rule: v.ruleName, description: v.description ?? '', plugin: p.pluginName, paths: (v.violatingConstructs ?? []).map((c: any) => c.constructPath),
  })));
}

function compliant(options: MicroserviceGatewayOptions): Template {
  const app = compliantApp();
  const stack = new cdk.Stack(app, 'Test');
  new MicroserviceGateway(stack, 'Gateway', openWithoutAuthorizer(options));
  expect(allFindings(app)).toEqual([]);
  return Template.fromJSON(JSON.parse(fs.readFileSync(path.join(app.outdir, stack.templateFile), 'utf8')));
}

function resources(template: Template, type: string): { [id: string]: any } {
  return template.findResources(type);
}

function one(template: Template, type: string, filter: (r: any) => boolean): any {
  const found = Object.values(resources(template, type)).filter(filter);
  expect(found).toHaveLength(1);
  return found[0];
}

/** Logical id of the only resource of `type` whose construct path ends with `suffix`. */
function idOf(template: Template, type: string, suffix: string): string {
  const ids = Object.entries(resources(template, type)).filter(([, r]) => String(r.Metadata?.['aws:cdk:path'] ?? '').endsWith(suffix)).map(([id]) => id);
  expect(ids).toHaveLength(1);
  return ids[0];
}

const STATEFUL = ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::SecretsManager::Secret', 'AWS::KMS::Key', 'AWS::Logs::LogGroup',
  'AWS::S3::Bucket', 'AWS::ServiceDiscovery::PrivateDnsNamespace', 'AWS::ServiceDiscovery::HttpNamespace', 'AWS::ServiceDiscovery::Service'];

function statefulIds(template: Template): string[] {
  const res = template.toJSON().Resources as { [id: string]: { Type: string } };
  return Object.entries(res).filter(([, r]) => STATEFUL.includes(r.Type)).map(([id]) => id).sort();
}

describe('MicroserviceGateway (cdk), INTERNAL_ALB', () => {
  const { gateway, template } = render(SHOP);
  const plan = gateway.plan;
  const orders = gateway.service('orders');
  const ordersPlan = plan.services.find((s) => s.name === 'orders')!;

  test('GIVEN the shop WHEN rendered THEN one HTTP API with the $default stage, auto-deployed, throttled stage-wide as planned', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP', Name: 'shop' });
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: plan.api.defaultThrottle.rateLimit, ThrottlingBurstLimit: plan.api.defaultThrottle.burstLimit },
    });
    expect(gateway.url).toBeDefined();
    expect(gateway.apiEndpoint).toBeDefined();
  });

  test('GIVEN per-service throttles WHEN rendered THEN every route key has its own stage route setting', () => {
    const stage = one(template, 'AWS::ApiGatewayV2::Stage', () => true);
    const expected: { [key: string]: unknown } = {};
    for (const r of plan.routes) expected[r.routeKey] = { ThrottlingRateLimit: r.throttle.rateLimit, ThrottlingBurstLimit: r.throttle.burstLimit };
    expect(stage.Properties.RouteSettings).toEqual(expected);
    // orders' 400 requests/s (burst 800) split over its two route keys: together they admit 400, not 800.
    expect(stage.Properties.RouteSettings['ANY /orders']).toEqual({ ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 });
    expect(stage.Properties.RouteSettings['ANY /orders/{proxy+}']).toEqual({ ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 });
    // The stage names these routes, so CloudFormation creates them first.
    const routeIds = Object.keys(resources(template, 'AWS::ApiGatewayV2::Route'));
    expect(routeIds).toHaveLength(5);
    expect([...stage.DependsOn].sort()).toEqual(expect.arrayContaining(routeIds.sort()));
    expect(Object.keys(stage.Properties.RouteSettings).sort()).toEqual(['$default', 'ANY /admin', 'ANY /admin/{proxy+}', 'ANY /orders', 'ANY /orders/{proxy+}']);
  });

  test('GIVEN access logs WHEN rendered THEN the stage logs JSON to a KMS-encrypted, retained log group kept 365 days', () => {
    const logGroupId = idOf(template, 'AWS::Logs::LogGroup', 'Gateway/AccessLogs/Resource');
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [logGroupId, 'Arn'] }, Format: Match.stringLikeRegexp('"routeKey":"\\$context.routeKey"') },
    });
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GatewayKey'), 'Arn'] } }),
    });
    expect(resources(template, 'AWS::Logs::LogGroup')[logGroupId].Properties.KmsKeyId).toBeDefined();
  });

  test('GIVEN routes WHEN rendered THEN each service has its prefix routes, `/` is $default', () => {
    const keys = Object.values(resources(template, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey).sort();
    expect(keys).toEqual(['$default', 'ANY /admin', 'ANY /admin/{proxy+}', 'ANY /orders', 'ANY /orders/{proxy+}']);
    expect(orders.routes).toHaveLength(2);
  });

  test('GIVEN a JWT authorizer WHEN rendered THEN it checks issuer and audience, guards the routes, with scopes; opted-out routes are public', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: JWT.issuerUrl, Audience: JWT.audiences },
    });
    const routes = Object.values(resources(template, 'AWS::ApiGatewayV2::Route'));
    const byKey = (k: string) => routes.find((r) => r.Properties.RouteKey === k).Properties;
    expect(byKey('ANY /orders')).toMatchObject({ AuthorizationType: 'JWT', AuthorizationScopes: ['orders/read'], AuthorizerId: { Ref: expect.stringMatching(/JwtAuthorizer/) } });
    expect(byKey('$default')).toMatchObject({ AuthorizationType: 'JWT' });
    expect(byKey('$default').AuthorizationScopes).toBeUndefined();
    expect(byKey('ANY /admin').AuthorizationType ?? 'NONE').toBe('NONE');
    expect(byKey('ANY /admin').AuthorizerId).toBeUndefined();
  });

  test('GIVEN INTERNAL_ALB WHEN rendered THEN each integration is a private HTTP proxy through the VPC link to the listener, with its planned timeout', () => {
    const integrations = Object.values(resources(template, 'AWS::ApiGatewayV2::Integration'));
    expect(integrations).toHaveLength(3);
    const listenerId = idOf(template, 'AWS::ElasticLoadBalancingV2::Listener', 'Gateway/LoadBalancer/Listener/Resource');
    const vpcLinkId = idOf(template, 'AWS::ApiGatewayV2::VpcLink', 'Gateway/VpcLink/Resource');
    for (const i of integrations) {
      expect(i.Properties).toMatchObject({
        IntegrationType: 'HTTP_PROXY', ConnectionType: 'VPC_LINK', ConnectionId: { Ref: vpcLinkId }, IntegrationUri: { Ref: listenerId }, IntegrationMethod: 'ANY',
      });
    }
    expect(integrations.map((i) => i.Properties.TimeoutInMillis).sort()).toEqual([10000, 30000, 30000]);
    expect(ordersPlan.integration.timeoutMs).toBe(10000);
  });

  test('GIVEN the VPC link WHEN rendered THEN it sits in the private subnets and its group reaches only the listener port of the load balancer', () => {
    const vpcLinkSg = idOf(template, 'AWS::EC2::SecurityGroup', 'Gateway/VpcLinkSecurityGroup/Resource');
    const lbSg = idOf(template, 'AWS::EC2::SecurityGroup', 'Gateway/LoadBalancerSecurityGroup/Resource');
    template.hasResourceProperties('AWS::ApiGatewayV2::VpcLink', {
      SecurityGroupIds: [{ 'Fn::GetAtt': [vpcLinkSg, 'GroupId'] }],
      SubnetIds: Match.arrayWith([{ Ref: Match.stringLikeRegexp('PrivateSubnet1') }]),
    });
    const sgs = resources(template, 'AWS::EC2::SecurityGroup');
    expect(sgs[vpcLinkSg].Properties.SecurityGroupEgress).toBeUndefined(); // no allow-all egress

    const egress = Object.values(resources(template, 'AWS::EC2::SecurityGroupEgress')).filter((e) => e.Properties.GroupId['Fn::GetAtt']?.[0] === vpcLinkSg);
    expect(egress.map((e) => e.Properties)).toEqual([expect.objectContaining({
      DestinationSecurityGroupId: { 'Fn::GetAtt': [lbSg, 'GroupId'] }, FromPort: 80, ToPort: 80, IpProtocol: 'tcp',
    })]);
    const lbIngress = Object.values(resources(template, 'AWS::EC2::SecurityGroupIngress')).filter((e) => e.Properties.GroupId['Fn::GetAtt']?.[0] === lbSg);
    expect(lbIngress.map((e) => e.Properties)).toEqual([expect.objectContaining({
      SourceSecurityGroupId: { 'Fn::GetAtt': [vpcLinkSg, 'GroupId'] }, FromPort: 80, ToPort: 80,
    })]);
    expect(sgs[lbSg].Properties.SecurityGroupIngress).toBeUndefined();
  });

  test('GIVEN the internal ALB WHEN rendered THEN it is internal, drops invalid headers, has the planned idle timeout and access logs', () => {
    const lb = one(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer', () => true);
    expect(lb.Properties.Scheme).toBe('internal');
    const attrs: { [k: string]: string } = {};
    for (const a of lb.Properties.LoadBalancerAttributes) attrs[a.Key] = a.Value;
    expect(attrs).toMatchObject({
      'routing.http.drop_invalid_header_fields.enabled': 'true',
      'idle_timeout.timeout_seconds': String(plan.internalLoadBalancer!.idleTimeoutSeconds),
      'access_logs.s3.enabled': 'true',
      'access_logs.s3.prefix': 'shop',
    });
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90, Status: 'Enabled' })] },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('GIVEN path prefixes WHEN rendered THEN the listener has a rule per prefix (longest first) and `/` as its default action', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: idOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'Gateway/web/TargetGroup/Resource') } }],
    });
    const rules = Object.values(resources(template, 'AWS::ElasticLoadBalancingV2::ListenerRule')).map((r) => r.Properties);
    expect(rules).toHaveLength(2);
    const admin = rules.find((r) => r.Conditions[0].PathPatternConfig.Values.includes('/admin'));
    expect(admin).toMatchObject({ Priority: 20, Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/admin', '/admin/*'] } }] });
    const ordersRule = rules.find((r) => r.Conditions[0].PathPatternConfig.Values.includes('/orders'));
    expect(ordersRule).toMatchObject({
      Priority: 10,
      Actions: [{ Type: 'forward', TargetGroupArn: { Ref: idOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'Gateway/orders/TargetGroup/Resource') } }],
    });
  });

  test('GIVEN health checks WHEN rendered THEN each target group checks the planned path, interval and thresholds, and drains as planned', () => {
    const tg = resources(template, 'AWS::ElasticLoadBalancingV2::TargetGroup')[idOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'Gateway/orders/TargetGroup/Resource')];
    const hc = ordersPlan.healthCheck;
    expect(tg.Properties).toMatchObject({
      Port: 8080,
      Protocol: 'HTTP',
      TargetType: 'ip',
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: hc.intervalSeconds,
      HealthCheckTimeoutSeconds: hc.timeoutSeconds,
      HealthyThresholdCount: hc.healthyThreshold,
      UnhealthyThresholdCount: hc.unhealthyThreshold,
      Matcher: { HttpCode: hc.healthyHttpCodes },
    });
    expect(tg.Properties.TargetGroupAttributes).toEqual(expect.arrayContaining([
      { Key: 'deregistration_delay.timeout_seconds', Value: String(ordersPlan.deregistrationDelaySeconds) },
      { Key: 'load_balancing.algorithm.type', Value: ordersPlan.targetGroup!.algorithmType },
    ]));
  });

  test('GIVEN the services WHEN rendered THEN each is a Fargate service in private subnets without public IPs, with the circuit breaker and rollback', () => {
    template.resourceCountIs('AWS::ECS::Service', 3);
    for (const svc of Object.values(resources(template, 'AWS::ECS::Service'))) {
      expect(svc.Properties).toMatchObject({
        LaunchType: 'FARGATE',
        DeploymentConfiguration: {
          DeploymentCircuitBreaker: { Enable: true, Rollback: true },
          MinimumHealthyPercent: ordersPlan.deployment.minimumHealthyPercent,
          MaximumPercent: ordersPlan.deployment.maximumPercent,
        },
        NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED', Subnets: expect.any(Array) } },
      });
      expect(JSON.stringify(svc.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets)).toMatch(/PrivateSubnet/);
    }
  });

  test('GIVEN auto scaling WHEN rendered THEN DesiredCount is left out and target tracking on CPU and requests owns the count; a fixed fleet keeps its count', () => {
    const ordersSvc = resources(template, 'AWS::ECS::Service')[idOf(template, 'AWS::ECS::Service', 'Gateway/orders/Service/Service')];
    expect(ordersSvc.Properties.DesiredCount).toBeUndefined();
    const adminSvc = resources(template, 'AWS::ECS::Service')[idOf(template, 'AWS::ECS::Service', 'Gateway/admin/Service/Service')];
    expect(adminSvc.Properties.DesiredCount).toBe(2);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 2);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: ordersPlan.scaling.minTasks, MaxCapacity: ordersPlan.scaling.maxTasks, ScalableDimension: 'ecs:service:DesiredCount',
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        TargetValue: Math.round(ordersPlan.scaling.targetCpuUtilization * 100),
        ScaleInCooldown: ordersPlan.scaling.scaleInCooldownSeconds,
        ScaleOutCooldown: ordersPlan.scaling.scaleOutCooldownSeconds,
      }),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
        TargetValue: ordersPlan.scaling.requestCountPerTargetPerMinute,
      }),
    });
    expect(gateway.service('admin').scaling).toBeUndefined();
  });

  test('GIVEN Service Connect WHEN rendered THEN every service joins the namespace under its name with the planned timeouts', () => {
    template.hasResourceProperties('AWS::ServiceDiscovery::HttpNamespace', { Name: 'shop.internal' });
    const ordersSvc = resources(template, 'AWS::ECS::Service')[idOf(template, 'AWS::ECS::Service', 'Gateway/orders/Service/Service')];
    expect(ordersSvc.Properties.ServiceConnectConfiguration).toMatchObject({
      Enabled: true,
      Services: [{
        PortName: 'http',
        DiscoveryName: 'orders',
        ClientAliases: [{ DnsName: 'orders', Port: 8080 }],
        Timeout: { PerRequestTimeoutSeconds: 5, IdleTimeoutSeconds: 60 },
      }],
    });
    expect(ordersSvc.Properties.ServiceConnectConfiguration.Namespace['Fn::GetAtt'][0]).toMatch(/^GatewayNamespace/);
    expect(orders.serviceConnectUrl).toBe('http://orders:8080');
    expect(orders.queueSubscriptions).toEqual(['emails']);
  });

  test('GIVEN the containers WHEN rendered THEN they run the planned image, cpu, memory, port, environment and secrets, non-root and read-only', () => {
    const td = resources(template, 'AWS::ECS::TaskDefinition')[idOf(template, 'AWS::ECS::TaskDefinition', 'Gateway/orders/TaskDefinition/Resource')];
    expect(td.Properties).toMatchObject({
      Cpu: '1024',
      Memory: '2048',
      NetworkMode: 'awsvpc',
      RequiresCompatibilities: ['FARGATE'],
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
    });
    const c = td.Properties.ContainerDefinitions[0];
    expect(c).toMatchObject({
      Image: 'example/orders:1.0',
      Memory: 2048,
      User: '1000',
      ReadonlyRootFilesystem: true,
      PortMappings: [{ ContainerPort: 8080, Name: 'http', AppProtocol: 'http', Protocol: 'tcp' }],
      LogConfiguration: { LogDriver: 'awslogs' },
      MountPoints: [{ ContainerPath: '/tmp', SourceVolume: 'scratch', ReadOnly: false }],
    });
    expect(c.Environment).toEqual(expect.arrayContaining([{ Name: 'LOG_LEVEL', Value: 'info' }]));
    expect(c.Secrets).toEqual(expect.arrayContaining([{ Name: 'API_KEY', ValueFrom: SECRET_ARN }]));
    // The placeholder image (web) keeps root and a writable filesystem, acknowledged in code.
    const web = resources(template, 'AWS::ECS::TaskDefinition')[idOf(template, 'AWS::ECS::TaskDefinition', 'Gateway/web/TaskDefinition/Resource')];
    expect(web.Properties.ContainerDefinitions[0].User).toBeUndefined();
  });

  test('GIVEN the service security groups WHEN rendered THEN each admits only the load balancer on its container port', () => {
    const lbSg = idOf(template, 'AWS::EC2::SecurityGroup', 'Gateway/LoadBalancerSecurityGroup/Resource');
    const ordersSg = idOf(template, 'AWS::EC2::SecurityGroup', 'Gateway/orders/SecurityGroup/Resource');
    const ingress = Object.values(resources(template, 'AWS::EC2::SecurityGroupIngress')).filter((e) => e.Properties.GroupId['Fn::GetAtt']?.[0] === ordersSg);
    expect(ingress.map((e) => e.Properties)).toEqual([expect.objectContaining({
      SourceSecurityGroupId: { 'Fn::GetAtt': [lbSg, 'GroupId'] }, FromPort: 8080, ToPort: 8080, IpProtocol: 'tcp',
    })]);
    expect(resources(template, 'AWS::EC2::SecurityGroup')[ordersSg].Properties.SecurityGroupIngress).toBeUndefined();
    // The load balancer's egress reaches only the services' ports.
    const lbEgress = Object.values(resources(template, 'AWS::EC2::SecurityGroupEgress')).filter((e) => e.Properties.GroupId['Fn::GetAtt']?.[0] === lbSg);
    expect(lbEgress.map((e) => e.Properties.FromPort).sort()).toEqual([80, 80, 8080]);
    expect(lbEgress.every((e) => e.Properties.DestinationSecurityGroupId !== undefined)).toBe(true);
  });

  test('GIVEN a service database WHEN rendered THEN a ReplicatedDatabase of the plan sits beside it, admits only that service, and the service gets its endpoints', () => {
    expect(orders.database).toBeDefined();
    expect(orders.database!.node.path).toBe('Test/Gateway/orders-db');
    expect(orders.database!.plan).toBe(ordersPlan.database);
    template.resourceCountIs('AWS::RDS::DBCluster', 1);
    template.hasResource('AWS::RDS::DBCluster', {
      DeletionPolicy: 'Snapshot',
      Properties: Match.objectLike({ Engine: 'aurora-postgresql', StorageEncrypted: true, DeletionProtection: true, EnableIAMDatabaseAuthentication: true }),
    });
    const dbSg = idOf(template, 'AWS::EC2::SecurityGroup', 'Gateway/orders-db/SecurityGroup/Resource');
    const ordersSg = idOf(template, 'AWS::EC2::SecurityGroup', 'Gateway/orders/SecurityGroup/Resource');
    const fromOrders = Object.values(resources(template, 'AWS::EC2::SecurityGroupIngress'))
      .filter((e) => e.Properties.GroupId['Fn::GetAtt']?.[0] === dbSg && e.Properties.SourceSecurityGroupId?.['Fn::GetAtt']?.[0] === ordersSg);
    expect(fromOrders.map((e) => [e.Properties.FromPort, e.Properties.ToPort])).toEqual([[5432, 5432]]);
    const otherServices = ['web', 'admin'].map((n) => idOf(template, 'AWS::EC2::SecurityGroup', `Gateway/${n}/SecurityGroup/Resource`));
    expect(Object.values(resources(template, 'AWS::EC2::SecurityGroupIngress'))
      .filter((e) => e.Properties.GroupId['Fn::GetAtt']?.[0] === dbSg && otherServices.includes(e.Properties.SourceSecurityGroupId?.['Fn::GetAtt']?.[0]))).toEqual([]);
    const td = resources(template, 'AWS::ECS::TaskDefinition')[idOf(template, 'AWS::ECS::TaskDefinition', 'Gateway/orders/TaskDefinition/Resource')];
    const c = td.Properties.ContainerDefinitions[0];
    expect(c.Environment.map((e: any) => e.Name).sort()).toEqual(['DATABASE_NAME', 'DATABASE_PORT', 'DATABASE_READER_ENDPOINT', 'DATABASE_WRITER_ENDPOINT', 'LOG_LEVEL']);
    expect(c.Environment).toEqual(expect.arrayContaining([{ Name: 'DATABASE_PORT', Value: '5432' }, { Name: 'DATABASE_NAME', Value: 'orders_db' }]));
    expect(c.Secrets.map((s: any) => s.Name).sort()).toEqual(['API_KEY', 'DATABASE_SECRET']);
    // IAM authentication: the task role may connect.
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'rds-db:connect' })]) },
      Roles: [{ Ref: Match.stringLikeRegexp('^GatewayordersTaskDefinitionTaskRole') }],
    });
  });

  test('GIVEN the whole template WHEN searched THEN no plain secret value appears, only references', () => {
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toMatch(/"MasterUserPassword":"[^{]/);
    expect(json).not.toMatch(/"SecretString"\s*:/);
    expect(json).not.toMatch(/"Password"\s*:/);
  });

  test('GIVEN the created cluster WHEN rendered THEN Container Insights is on', () => {
    template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: Match.stringLikeRegexp('enabled|enhanced') }] });
  });

  test('GIVEN the hooks WHEN used THEN metrics, connections and grants reach the native resources', () => {
    expect(gateway.metricCount().metricName).toBe('Count');
    expect(gateway.metricServerError().metricName).toBe('5xx');
    expect(gateway.metricClientError().metricName).toBe('4xx');
    expect(gateway.metricLatency().metricName).toBe('Latency');
    expect(gateway.metricIntegrationLatency().metricName).toBe('IntegrationLatency');
    expect(orders.metricCpuUtilization().metricName).toBe('CPUUtilization');
    expect(orders.metricMemoryUtilization().metricName).toBe('MemoryUtilization');
    expect(orders.connections.securityGroups).toEqual([orders.securityGroup]);
    expect(orders.grantPrincipal).toBe(orders.taskDefinition.taskRole);
    expect(gateway.services.map((s) => s.plan.name)).toEqual(['orders', 'web', 'admin']);
    expect(() => gateway.service('nope')).toThrow(/no service named 'nope'/);
  });

  test('GIVEN the shop WHEN synthesized THEN the template matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });
});

describe('MicroserviceGateway (cdk), CLOUD_MAP', () => {
  const { gateway, template } = render(CLOUD_MAP);

  test('GIVEN CLOUD_MAP WHEN rendered THEN no load balancer; a private DNS namespace and an SRV Cloud Map service per service', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    template.hasResourceProperties('AWS::ServiceDiscovery::PrivateDnsNamespace', { Name: 'mesh.internal' });
    template.hasResourceProperties('AWS::ServiceDiscovery::Service', {
      Name: 'catalog-api',
      DnsConfig: Match.objectLike({ DnsRecords: [{ TTL: 10, Type: 'SRV' }] }),
    });
    template.hasResourceProperties('AWS::ECS::Service', {
      ServiceRegistries: [Match.objectLike({ ContainerPort: 9000, RegistryArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GatewaycatalogServiceCloudmapService'), 'Arn'] } })],
    });
  });

  test('GIVEN CLOUD_MAP WHEN rendered THEN each integration resolves its Cloud Map service through the VPC link', () => {
    const cm = idOf(template, 'AWS::ServiceDiscovery::Service', 'Gateway/catalog/Service/CloudmapService/Resource');
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'HTTP_PROXY', ConnectionType: 'VPC_LINK', IntegrationUri: { 'Fn::GetAtt': [cm, 'Arn'] }, TimeoutInMillis: 30000,
    });
    expect(gateway.service('catalog').cloudMapService).toBeDefined();
  });

  test('GIVEN CLOUD_MAP WHEN rendered THEN the containers carry the planned health check', () => {
    const search = gateway.plan.services[1].containerHealthCheck!;
    const td = resources(template, 'AWS::ECS::TaskDefinition')[idOf(template, 'AWS::ECS::TaskDefinition', 'Gateway/search/TaskDefinition/Resource')];
    expect(td.Properties.ContainerDefinitions[0].HealthCheck).toEqual({
      Command: ['CMD', '/bin/health'], Interval: search.intervalSeconds, Timeout: search.timeoutSeconds, Retries: search.retries, StartPeriod: search.startPeriodSeconds,
    });
  });

  test('GIVEN CLOUD_MAP WHEN rendered THEN the VPC link reaches each service on its port only, and each service admits only the VPC link', () => {
    const link = idOf(template, 'AWS::EC2::SecurityGroup', 'Gateway/VpcLinkSecurityGroup/Resource');
    const egress = Object.values(resources(template, 'AWS::EC2::SecurityGroupEgress')).filter((e) => e.Properties.GroupId['Fn::GetAtt']?.[0] === link);
    expect(egress.map((e) => e.Properties.FromPort).sort()).toEqual([9000, 9001]);
    const catalogSg = idOf(template, 'AWS::EC2::SecurityGroup', 'Gateway/catalog/SecurityGroup/Resource');
    const ingress = Object.values(resources(template, 'AWS::EC2::SecurityGroupIngress')).filter((e) => e.Properties.GroupId['Fn::GetAtt']?.[0] === catalogSg);
    expect(ingress.map((e) => e.Properties)).toEqual([expect.objectContaining({ SourceSecurityGroupId: { 'Fn::GetAtt': [link, 'GroupId'] }, FromPort: 9000, ToPort: 9000 })]);
  });

  test('GIVEN no authorizer WHEN rendered THEN routes carry no authorizer (acknowledged in code) and there is no Authorizer resource', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    for (const r of Object.values(resources(template, 'AWS::ApiGatewayV2::Route'))) expect(r.Properties.AuthorizerId).toBeUndefined();
  });

  test('GIVEN CLOUD_MAP WHEN synthesized THEN the template matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });
});

describe('MicroserviceGateway (cdk), compliance', () => {
  test('GIVEN the shop (INTERNAL_ALB, JWT, a database) WHEN synthesized with cdk-nag and cfn-guard THEN no finding is left', () => {
    const template = compliant(SHOP);
    template.resourceCountIs('AWS::ECS::Service', 3);
  });

  test('GIVEN CLOUD_MAP without authorizer WHEN synthesized with cdk-nag and cfn-guard THEN no finding is left', () => {
    const template = compliant(CLOUD_MAP);
    template.resourceCountIs('AWS::ServiceDiscovery::Service', 2);
  });
});

describe('MicroserviceGateway (cdk), authorization by default', () => {
  test('GIVEN no jwtAuthorizer and services that say nothing WHEN built THEN a ValidationError names requireAuthorization and the jwtAuthorizer', () => {
    const stack = new cdk.Stack(pathApp(), 'Test');
    let error: unknown;
    try {
      new MicroserviceGateway(stack, 'Gateway', { services: [{ name: 'orders' }] });
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(String(error)).toMatch(/services\[0\]\.requireAuthorization = undefined: must be false to make this service's routes public by explicit choice; otherwise give the gateway a jwtAuthorizer/);
    expect(stack.node.findAll().some((c) => c instanceof apigwv2.CfnRoute)).toBe(false);
  });

  test('GIVEN requireAuthorization false (the explicit opt-out) WHEN built THEN its routes are NONE, acknowledged as that choice, and the plan notes them public', () => {
    const app = compliantApp();
    const stack = new cdk.Stack(app, 'Test');
    const gateway = new MicroserviceGateway(stack, 'Gateway', { services: [{ name: 'status', requireAuthorization: false }] });
    expect(allFindings(app)).toEqual([]);
    const template = Template.fromStack(stack);
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => r.Properties.AuthorizationType ?? 'NONE')).toEqual(['NONE', 'NONE']);
    expect(gateway.plan.services[0].requireAuthorization).toBe(false);
    const acks = JSON.stringify(gateway.service('status').routes.map((r) => r.node.metadata
      .filter((m) => m.type === cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY)));
    expect(acks).toMatch(/AwsSolutions-APIG4/);
    expect(acks).toMatch(/sets requireAuthorization false in its options: its routes are public by that explicit choice/);
    expect(acks).not.toMatch(/jwtAuthorizer unset/);
  });
});

describe('MicroserviceGateway (cdk), variations', () => {
  test('GIVEN a VPC and a cluster WHEN rendered THEN the gateway uses them and creates neither', () => {
    const stack = new cdk.Stack(new cdk.App(), 'Test');
    const vpc = new ec2.Vpc(stack, 'Net', { maxAzs: 2, natGateways: 1 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const gateway = new MicroserviceGateway(stack, 'Gateway', { vpc, cluster, azCount: 2, services: [{ name: 'web', pathPrefix: '/', requireAuthorization: false }] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::ECS::Cluster', 1);
    expect(gateway.vpc).toBe(vpc);
    expect(gateway.cluster).toBe(cluster);
  });

  test('GIVEN a VPC of more AZs than azCount WHEN rendered THEN the services use only azCount AZs', () => {
    const stack = new cdk.Stack(new cdk.App(), 'Test', { env: { account: '123456789012', region: 'eu-west-1' } });
    const vpc = new ec2.Vpc(stack, 'Net', { availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], natGateways: 1 });
    new MicroserviceGateway(stack, 'Gateway', { vpc, azCount: 2, services: [{ name: 'web', pathPrefix: '/', requireAuthorization: false }] });
    const template = Template.fromStack(stack);
    const svc = one(template, 'AWS::ECS::Service', () => true);
    expect(svc.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets).toHaveLength(2);
  });

  test('GIVEN no `/` service WHEN rendered THEN the listener answers 404 by default', () => {
    const { template } = render({ services: [{ name: 'orders' }] });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      DefaultActions: [Match.objectLike({ Type: 'fixed-response', FixedResponseConfig: Match.objectLike({ StatusCode: '404' }) })],
    });
  });

  test('GIVEN a stack with a Region WHEN rendered THEN the access log bucket admits that Region\'s ELB account', () => {
    const { template } = render({ services: [{ name: 'web', pathPrefix: '/' }] }, { env: { account: '123456789012', region: 'eu-west-1' } });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 's3:PutObject',
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::156460612806:root']] } },
        })]),
      },
    });
  });

  test('GIVEN an env-agnostic stack WHEN rendered THEN the log delivery principal is picked at deploy time from the Region', () => {
    const { template } = render({ services: [{ name: 'web', pathPrefix: '/' }] });
    const json = JSON.stringify(template.toJSON());
    expect(json).toContain('logdelivery.elasticloadbalancing.amazonaws.com');
    expect(Object.keys(template.toJSON().Conditions ?? {}).some((c) => c.includes('ElbLogDeliveryHasAccount'))).toBe(true);
    expect(Object.keys(template.toJSON().Mappings ?? {}).length).toBeGreaterThan(0);
  });

  test('GIVEN BLUE_GREEN on a prefixed service WHEN rendered THEN ECS native blue/green shifts its listener rule between two target groups', () => {
    const { gateway, template } = render({ services: [{ name: 'orders', deployment: { strategy: DeploymentStrategy.BLUE_GREEN } }] });
    const svcPlan = gateway.plan.services[0];
    const svc = one(template, 'AWS::ECS::Service', () => true);
    expect(svc.Properties.DeploymentConfiguration).toMatchObject({ Strategy: 'BLUE_GREEN', BakeTimeInMinutes: svcPlan.deployment.bakeTimeMinutes });
    expect(svc.Properties.LoadBalancers[0].AdvancedConfiguration).toMatchObject({
      AlternateTargetGroupArn: { Ref: idOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'Gateway/orders/AlternateTargetGroup/Resource') },
      ProductionListenerRule: { Ref: idOf(template, 'AWS::ElasticLoadBalancingV2::ListenerRule', 'Gateway/orders/ListenerRule/Resource') },
    });
  });

  test('GIVEN secrets by SSM parameter ARN and by Secrets Manager JSON key WHEN rendered THEN each is referenced by ARN and only it is readable', () => {
    const ssmArn = 'arn:aws:ssm:eu-west-1:123456789012:parameter/shop/token';
    const keyArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbCdEf:password::';
    const { template } = render({ services: [{ name: 'web', container: { image: 'example/web:1', secrets: { TOKEN: ssmArn, DB_PASSWORD: keyArn } } }] });
    const td = one(template, 'AWS::ECS::TaskDefinition', () => true);
    expect(td.Properties.ContainerDefinitions[0].Secrets).toEqual([
      { Name: 'DB_PASSWORD', ValueFrom: keyArn },
      { Name: 'TOKEN', ValueFrom: ssmArn },
    ]);
    const statements = Object.values(resources(template, 'AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('ExecutionRole'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Resource: ssmArn }),
      expect.objectContaining({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: keyArn.split(':').slice(0, 7).join(':') }),
    ]));
  });

  test('GIVEN a resolved plan WHEN passed alone THEN it is rendered as is', () => {
    const plan = planMicroserviceGateway({ services: [{ name: 'web', pathPrefix: '/', requireAuthorization: false }] }, { path: 'Test/Gateway' });
    const { gateway } = render({ plan } as MicroserviceGatewayProps);
    expect(gateway.plan).toBe(plan);
  });
});

describe('MicroserviceGateway (cdk), stable ids', () => {
  test('GIVEN N then N+1 services and more tasks WHEN rendered THEN every stateful resource of the first keeps its logical id', () => {
    const base = SHOP.services!;
    const before = render({ ...SHOP, services: base }).template;
    const after = render({
      ...SHOP,
      services: [
        { ...base[0], scaling: { minTasks: 6, maxTasks: 12 }, database: { readers: 1 } },
        ...base.slice(1, 2),
        { ...base[2], scaling: { fixedTasks: 5 } },
        { name: 'billing', database: {} },
      ],
    }).template;
    const kept = statefulIds(before);
    expect(kept.length).toBeGreaterThan(10);
    const afterIds = statefulIds(after);
    for (const id of kept) expect(afterIds).toContain(id);
    expect(afterIds.length).toBeGreaterThan(kept.length);
    // The services themselves (and their target groups) keep their ids as well.
    const ids = (t: Template, type: string) => Object.keys(resources(t, type)).sort();
    for (const type of ['AWS::ECS::Service', 'AWS::ElasticLoadBalancingV2::TargetGroup', 'AWS::ECS::TaskDefinition']) {
      for (const id of ids(before, type)) expect(ids(after, type)).toContain(id);
    }
  });
});

describe('MicroserviceGateway (cdk), bad props', () => {
  const vpcOf = (azs: number) => (stack: cdk.Stack) => new ec2.Vpc(stack, 'Net', { maxAzs: azs, natGateways: 1 });
  const isolatedVpc = (stack: cdk.Stack) => new ec2.Vpc(stack, 'Net', {
    maxAzs: 3, natGateways: 0, subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  test.each<[string, (stack: cdk.Stack) => MicroserviceGatewayProps, RegExp]>([
    ['no services', () => ({ services: [] }), /services/],
    ['an integration timeout above the HTTP API maximum', () => ({ services: [{ name: 'web', integrationTimeoutSeconds: 31 }] }), /services\[0\]\.integrationTimeoutSeconds/],
    ['a plan with options', () => ({ plan: planMicroserviceGateway({ services: [{ name: 'web', requireAuthorization: false }] }), name: 'x' } as MicroserviceGatewayProps), /plan/],
    ['a VPC of fewer AZs than azCount', (s) => ({ vpc: vpcOf(2)(s), azCount: 3, services: [{ name: 'web' }] }), /vpc/],
    ['a VPC without private subnets with egress', (s) => ({ vpc: isolatedVpc(s), services: [{ name: 'web' }] }), /vpc/],
    ['a service named like another service\'s database', () => ({ services: [{ name: 'orders', database: {} }, { name: 'orders-db' }] }), /services\[1\]\.name/],
    ['BLUE_GREEN on the `/` service', () => ({ services: [{ name: 'web', pathPrefix: '/', deployment: { strategy: DeploymentStrategy.BLUE_GREEN } }] }),
      /services\[0\]\.deployment\.strategy/],
    ['scopes without an authorizer', () => ({ services: [{ name: 'web', authorizationScopes: ['a'] }] }), /services\[0\]\.authorizationScopes/],
  ])('GIVEN %s WHEN constructed THEN a ValidationError names the prop', (_name, props, prop) => {
    const stack = new cdk.Stack(new cdk.App(), 'Test');
    let error: unknown;
    try {
      new MicroserviceGateway(stack, 'Gateway', openWithoutAuthorizer(props(stack)));
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(() => { throw error; }).toThrow(prop);
  });
});

describe('MicroserviceGateway (cdk), the plan\'s removal policy and Cloud Map routing policy', () => {
  const cloudMapPlan = () => planMicroserviceGateway(openWithoutAuthorizer(CLOUD_MAP));
  const withRouting = (policy: DnsRoutingPolicy | undefined) => {
    const plan = cloudMapPlan();
    return { ...plan, services: plan.services.map((s) => ({ ...s, integration: { ...s.integration, dnsRoutingPolicy: policy } })) };
  };

  test('GIVEN removalPolicy DESTROY WHEN rendered THEN the key, the access log group and the service log groups go with the stack', () => {
    const { template } = render({ ...CLOUD_MAP, removalPolicy: RemovalPolicy.DESTROY });
    const logGroups = Object.entries(resources(template, 'AWS::Logs::LogGroup')).filter(([id]) => !id.startsWith('GatewayVpc'));
    expect(logGroups.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(['GatewayAccessLogs', 'GatewaycatalogLogs', 'GatewaysearchLogs']);
    for (const [, group] of logGroups) expect([group.DeletionPolicy, group.UpdateReplacePolicy]).toEqual(['Delete', 'Delete']);
    const keys = Object.values(resources(template, 'AWS::KMS::Key'));
    expect(keys.map((k) => [k.DeletionPolicy, k.UpdateReplacePolicy])).toEqual([['Delete', 'Delete']]);
  });

  test('GIVEN a supplied plan with a WEIGHTED routing policy WHEN rendered THEN every Cloud Map service takes the plan\'s policy', () => {
    const { template } = render({ plan: withRouting(DnsRoutingPolicy.WEIGHTED) });
    template.resourceCountIs('AWS::ServiceDiscovery::Service', 2);
    template.allResourcesProperties('AWS::ServiceDiscovery::Service', { DnsConfig: Match.objectLike({ RoutingPolicy: 'WEIGHTED' }) });
  });

  test.each<[string, () => MicroserviceGatewayProps, RegExp]>([
    ['a CLOUD_MAP plan without a routing policy', () => ({ plan: withRouting(undefined) }), /integration\.dnsRoutingPolicy/],
    ['a plan whose key and log groups would be snapshotted', () => ({ plan: { ...cloudMapPlan(), removalPolicy: RemovalPolicy.SNAPSHOT } }), /removalPolicy/],
  ])('GIVEN %s WHEN constructed THEN a ValidationError names the field', (_name, props, field) => {
    let error: unknown;
    try {
      render(props());
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(field);
  });
});
