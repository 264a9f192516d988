import * as cdk from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { Construct } from 'constructs';
import { accessLogBucket, logAccessLogs } from './access-logs';
import { recordBlock } from './block-metadata';
import { acknowledge, allowLogsToUse, azCountFix, blockVpc, encryptedLogGroup, encryptionKey, toRemovalPolicy, vpcAzCountOfBothTiers } from './common';
import { renderEcsService, renderEcsTask } from './ecs-service';
import { ReplicatedDatabase } from './replicated-database';
import { resolvePlan } from '../core/blocks/common';
import { DeploymentStrategy } from '../core/blocks/load-balanced-api';
import {
  ecsServiceOfGatewayService, GATEWAY_ACCESS_LOG_FORMAT, GatewayIntegration, GatewayRoutePlan, GatewayServicePlan, MicroserviceGatewayOptions,
  MicroserviceGatewayPlan,
  NamespaceKind, planMicroserviceGateway,
} from '../core/blocks/microservice-gateway';
import { checkOptionsObject } from '../core/inputs';
import { DATABASE_ENVIRONMENT } from '../core/system';
import { Rules } from '../core/validation';

/*
 * MicroserviceGateway on aws-cdk-lib: an HTTP API (API Gateway v2) whose routes reach N Fargate
 * services through one VPC link, either to a shared internal ALB (a listener rule and target group
 * per service) or to each service's Cloud Map SRV records. Services find each other through ECS
 * Service Connect in one Cloud Map namespace. Everything rendered here is read from the plan.
 */

/** Props of a MicroserviceGateway: the neutral options plus the CDK extras. */
export interface MicroserviceGatewayProps extends MicroserviceGatewayOptions {
  /**
   * The VPC the VPC link, the internal load balancer and the services sit in. It needs private
   * subnets with egress in at least the plan's azCount Availability Zones.
   *
   * @default - a VPC of azCount AZs (public, private and isolated subnets, a NAT gateway per AZ, encrypted flow logs)
   */
  readonly vpc?: ec2.IVpc;
  /**
   * The ECS cluster the services run in (in the same VPC).
   *
   * @default - a cluster with Container Insights on
   */
  readonly cluster?: ecs.ICluster;
  /**
   * A plan already resolved (SystemStack passes the plans of its chain). When given, no other block option may be set.
   *
   * @default - the plan of the options given
   */
  readonly plan?: MicroserviceGatewayPlan;
}

/** Props of one service of a MicroserviceGateway (the gateway creates them). */
export interface GatewayFargateServiceProps {
  /** The gateway the service sits behind (its VPC, cluster, namespace, key, load balancer and VPC link). */
  readonly gateway: MicroserviceGateway;
  /** The service's resolved plan (one of the gateway plan's services). */
  readonly plan: GatewayServicePlan;
}

/**
 * One service behind a MicroserviceGateway: its Fargate service, task definition, security group,
 * target group or Cloud Map service, routes and logs. Grant it permissions as any grantee
 * (`bucket.grantRead(service)` grants its task role); its `connections` admit only the gateway path.
 */
export class GatewayFargateService extends Construct implements ec2.IConnectable, iam.IGrantable {
  /** The service's resolved plan. */
  public readonly plan: GatewayServicePlan;
  /** The ECS service. */
  public readonly service: ecs.FargateService;
  /** The task definition. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The application container. */
  public readonly container: ecs.ContainerDefinition;
  /** The tasks' security group: admits the gateway path on the container port only. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The tasks' network connections (allow east-west callers here, e.g. `orders.connections.allowFrom(web, port)`). */
  public readonly connections: ec2.Connections;
  /** The container's encrypted log group. */
  public readonly logGroup: logs.LogGroup;
  /** The principal the tasks run as (the task role). */
  public readonly grantPrincipal: iam.IPrincipal;
  /** The task role. */
  public readonly taskRole: iam.IRole;
  /** INTERNAL_ALB: the target group on the shared internal load balancer. */
  public readonly targetGroup?: elbv2.ApplicationTargetGroup;
  /** INTERNAL_ALB with BLUE_GREEN: the target group the green fleet registers in during a deploy. */
  public readonly alternateTargetGroup?: elbv2.ApplicationTargetGroup;
  /** INTERNAL_ALB: the listener rule of the service's path patterns (absent for the `/` service, the listener's default action). */
  public readonly listenerRule?: elbv2.ApplicationListenerRule;
  /** CLOUD_MAP: the Cloud Map service (SRV records) the gateway's integration resolves. */
  public readonly cloudMapService?: servicediscovery.IService;
  /**
   * The service's own database, when the plan gives it one. Its security group admits only this
   * service's tasks; the task role may connect with IAM authentication; the tasks get its
   * endpoints as `DATABASE_WRITER_ENDPOINT`, `DATABASE_READER_ENDPOINT`, `DATABASE_PORT` and
   * `DATABASE_NAME`, and its credentials (JSON from Secrets Manager) as the secret `DATABASE_SECRET`,
   * unless the service's environment sets those names itself.
   */
  public readonly database?: ReplicatedDatabase;
  /** Task-count auto scaling, when the plan turns it on. */
  public readonly scaling?: ecs.ScalableTaskCount;
  /** The HTTP API routes that reach this service. */
  public readonly routes: apigwv2.HttpRoute[] = [];
  /** The URL other services call it at through Service Connect, e.g. `http://orders:8080`. */
  public readonly serviceConnectUrl: string;
  /** Names of the WorkQueues this service consumes (a SystemStack grants and wires them). */
  public readonly queueSubscriptions: string[];

  constructor(scope: Construct, id: string, props: GatewayFargateServiceProps) {
    super(scope, id);
    const { gateway, plan } = props;
    const cluster = gateway.cluster;
    const logKey = gateway.encryptionKey;
    this.plan = plan;
    this.queueSubscriptions = [...plan.queueSubscriptions];
    const vpc = gateway.vpc;
    const port = plan.container.port;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `${gateway.plan.name}/${plan.name}: tasks, admitting only the gateway path on ${port}`,
      allowAllOutbound: true,
    });
    this.connections = this.securityGroup.connections;

    const servicePlan = ecsServiceOfGatewayService(plan);
    const hc = plan.containerHealthCheck;
    const task = renderEcsTask(this, servicePlan, logKey, { logGroup: 'Logs', taskDefinition: 'TaskDefinition', container: 'App' }, {
      portMappingName: plan.serviceConnect.portName,
      appProtocol: appProtocolOf(plan.serviceConnect.appProtocol),
      healthCheck: hc ? {
        command: hc.command,
        interval: cdk.Duration.seconds(hc.intervalSeconds),
        timeout: cdk.Duration.seconds(hc.timeoutSeconds),
        retries: hc.retries,
        startPeriod: cdk.Duration.seconds(hc.startPeriodSeconds),
      } : undefined,
    });
    this.taskDefinition = task.taskDefinition as ecs.FargateTaskDefinition;
    this.container = task.container;
    this.logGroup = task.logGroup;
    this.logGroup.applyRemovalPolicy(toRemovalPolicy(gateway.plan.removalPolicy));
    this.taskRole = this.taskDefinition.taskRole;
    this.grantPrincipal = this.taskRole;
    if (Object.keys(plan.container.environment).length > 0 || plan.database) {
      acknowledge(this.taskDefinition, {
        id: 'AwsSolutions::AwsSolutions-ECS2',
        reason: 'The environment holds plain configuration only (the plan rejects secret-like names there; database endpoints, port and name): '
          + 'secrets, the database credentials included, are injected from Secrets Manager',
      });
    }

    const alb = plan.integration.kind === GatewayIntegration.INTERNAL_ALB;
    const blueGreen = plan.deployment.strategy === DeploymentStrategy.BLUE_GREEN;
    this.service = renderEcsService(this, servicePlan, task, { service: 'Service' }, {
      cluster,
      vpcSubnets: gateway.serviceSubnets,
      securityGroups: [this.securityGroup],
      serviceConnectConfiguration: {
        namespace: gateway.namespace.namespaceArn,
        services: [{
          portMappingName: plan.serviceConnect.portName,
          discoveryName: plan.serviceConnect.discoveryName,
          dnsName: plan.serviceConnect.clientAliasDnsName,
          port: plan.serviceConnect.clientAliasPort,
          perRequestTimeout: cdk.Duration.seconds(plan.serviceConnect.perRequestTimeoutSeconds),
          idleTimeout: cdk.Duration.seconds(plan.serviceConnect.idleTimeoutSeconds),
        }],
        logDriver: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: plan.serviceConnect.logStreamPrefix }),
      },
      cloudMapOptions: alb ? undefined : {
        name: plan.integration.cloudMapServiceName,
        cloudMapNamespace: gateway.namespace,
        dnsRecordType: dnsRecordTypeOf(plan.integration.dnsRecordType),
        dnsTtl: cdk.Duration.seconds(plan.integration.dnsTtlSeconds!),
        container: this.container,
        containerPort: port,
      },
    }) as ecs.FargateService;
    this.serviceConnectUrl = `http://${plan.serviceConnect.clientAliasDnsName}:${plan.serviceConnect.clientAliasPort}`;

    if (alb) {
      const lb = gateway.loadBalancer!;
      const listener = gateway.listener!;
      const tg = plan.targetGroup!;
      const targetGroupOf = (tgId: string) => {
        const group = new elbv2.ApplicationTargetGroup(this, tgId, {
          vpc,
          port: tg.port,
          protocol: tg.protocol as elbv2.ApplicationProtocol,
          targetType: tg.targetType as elbv2.TargetType,
          deregistrationDelay: cdk.Duration.seconds(plan.deregistrationDelaySeconds),
          healthCheck: {
            protocol: plan.healthCheck.protocol as elbv2.Protocol,
            path: plan.healthCheck.path,
            healthyHttpCodes: plan.healthCheck.healthyHttpCodes,
            interval: cdk.Duration.seconds(plan.healthCheck.intervalSeconds),
            timeout: cdk.Duration.seconds(plan.healthCheck.timeoutSeconds),
            healthyThresholdCount: plan.healthCheck.healthyThreshold,
            unhealthyThresholdCount: plan.healthCheck.unhealthyThreshold,
          },
        });
        if (tg.algorithmType) group.setAttribute('load_balancing.algorithm.type', tg.algorithmType);
        if (tg.anomalyMitigation) group.setAttribute('load_balancing.algorithm.anomaly_mitigation', 'on');
        return group;
      };
      this.targetGroup = targetGroupOf('TargetGroup');
      if (plan.integration.albRulePriority !== undefined) {
        this.listenerRule = new elbv2.ApplicationListenerRule(this, 'ListenerRule', {
          listener,
          priority: plan.integration.albRulePriority,
          conditions: [elbv2.ListenerCondition.pathPatterns(plan.integration.albPathPatterns ?? [])],
          action: elbv2.ListenerAction.forward([this.targetGroup]),
        });
      } else {
        listener.addAction('Default', { action: elbv2.ListenerAction.forward([this.targetGroup]) });
      }
      let alternateTarget: ecs.IAlternateTarget | undefined;
      if (blueGreen && this.listenerRule) {
        this.alternateTargetGroup = targetGroupOf('AlternateTargetGroup');
        this.alternateTargetGroup.registerListener(listener);
        alternateTarget = new ecs.AlternateTarget('BlueGreen', {
          alternateTargetGroup: this.alternateTargetGroup,
          productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(this.listenerRule),
        });
      }
      this.targetGroup.addTarget(this.service.loadBalancerTarget({
        containerName: this.container.containerName,
        containerPort: port,
        alternateTarget,
      }));
      // The load balancer reaches the tasks on the container port only (traffic and health checks).
      this.connections.allowFrom(lb, ec2.Port.tcp(port), `${gateway.plan.name} internal load balancer`);
      this.service.node.addDependency(this.listenerRule ?? listener);
    } else {
      this.cloudMapService = this.service.cloudMapService;
      // aws-cdk-lib's Cloud Map options take no routing policy: the plan's is set on the service it creates.
      (this.cloudMapService!.node.defaultChild as servicediscovery.CfnService)
        .addPropertyOverride('DnsConfig.RoutingPolicy', plan.integration.dnsRoutingPolicy!);
      // The VPC link reaches the tasks directly (the SRV records name their IPs and port).
      this.connections.allowFrom(gateway.vpcLinkSecurityGroup, ec2.Port.tcp(port), `${gateway.plan.name} VPC link`);
    }

    if (plan.database) {
      // Beside the service in the tree (`<gateway>/<service>-db`), where the database plan's path puts it.
      const db = new ReplicatedDatabase(gateway, `${plan.name}-db`, { plan: plan.database, vpc });
      this.database = db;
      db.connections.allowDefaultPortFrom(this, `${plan.name} tasks`);
      db.grantConnect(this);
      const env = plan.container.environment;
      const setIfUnset = (name: string, value: string) => {
        if (env[name] === undefined && plan.container.secrets[name] === undefined) this.container.addEnvironment(name, value);
      };
      setIfUnset(DATABASE_ENVIRONMENT.writerEndpoint, db.writerEndpoint);
      setIfUnset(DATABASE_ENVIRONMENT.readerEndpoint, db.readerEndpoint);
      setIfUnset(DATABASE_ENVIRONMENT.port, String(db.port));
      setIfUnset(DATABASE_ENVIRONMENT.name, plan.database.databaseName);
      if (env[DATABASE_ENVIRONMENT.secret] === undefined && plan.container.secrets[DATABASE_ENVIRONMENT.secret] === undefined) {
        this.container.addSecret(DATABASE_ENVIRONMENT.secret, ecs.Secret.fromSecretsManager(db.secret));
      }
    }

    if (plan.scaling.autoScaling) {
      this.scaling = this.service.autoScaleTaskCount({ minCapacity: plan.scaling.minTasks, maxCapacity: plan.scaling.maxTasks });
      const cooldowns = {
        scaleInCooldown: cdk.Duration.seconds(plan.scaling.scaleInCooldownSeconds),
        scaleOutCooldown: cdk.Duration.seconds(plan.scaling.scaleOutCooldownSeconds),
      };
      this.scaling.scaleOnCpuUtilization('CpuScaling', { targetUtilizationPercent: plan.scaling.targetCpuUtilizationPercent, ...cooldowns });
      if (plan.scaling.requestCountPerTargetPerMinute !== undefined && this.targetGroup) {
        this.scaling.scaleOnRequestCount('RequestScaling', {
          requestsPerTarget: plan.scaling.requestCountPerTargetPerMinute,
          targetGroup: this.targetGroup,
          ...cooldowns,
        });
      }
    }
  }

  /** Average CPU utilisation of the service's tasks. */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.service.metricCpuUtilization(props);
  }

  /** Average memory utilisation of the service's tasks. */
  public metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.service.metricMemoryUtilization(props);
  }
}

/**
 * MicroserviceGateway (seed §5): one HTTP API as the single entry point, routing to N Fargate
 * services through a VPC link (to a shared internal ALB, or to Cloud Map SRV records), service
 * discovery through ECS Service Connect, deployment circuit breaker with rollback, health checks,
 * per-route throttling and integration timeouts, an optional JWT authorizer, and stage access logs
 * to an encrypted log group.
 */
export class MicroserviceGateway extends Construct {
  /** The resolved plan this construct renders. */
  public readonly plan: MicroserviceGatewayPlan;
  /** The VPC (given or created). */
  public readonly vpc: ec2.IVpc;
  /** The ECS cluster (given or created). */
  public readonly cluster: ecs.ICluster;
  /** The subnets of the VPC link, the internal load balancer and the tasks: private with egress, in the plan's AZs. */
  public readonly serviceSubnets: ec2.SubnetSelection;
  /** The key the gateway's log groups are encrypted with. */
  public readonly encryptionKey: kms.Key;
  /** The HTTP API. */
  public readonly httpApi: apigwv2.HttpApi;
  /** The stage (plan: `$default`, deployed automatically). */
  public readonly stage: apigwv2.HttpStage;
  /** The stage's encrypted access log group. */
  public readonly accessLogGroup: logs.LogGroup;
  /** The VPC link of the private integrations. */
  public readonly vpcLink: apigwv2.VpcLink;
  /** The VPC link's security group: it reaches only the load balancer's listener port (or the services' ports with CLOUD_MAP). */
  public readonly vpcLinkSecurityGroup: ec2.SecurityGroup;
  /** The Cloud Map namespace of Service Connect (and of the SRV records with CLOUD_MAP). */
  public readonly namespace: servicediscovery.INamespace;
  /** INTERNAL_ALB: the shared internal load balancer. */
  public readonly loadBalancer?: elbv2.ApplicationLoadBalancer;
  /** INTERNAL_ALB: its security group (admits the VPC link only). */
  public readonly loadBalancerSecurityGroup?: ec2.SecurityGroup;
  /** INTERNAL_ALB: the listener the VPC link reaches. */
  public readonly listener?: elbv2.ApplicationListener;
  /** INTERNAL_ALB: the load balancer's access log bucket. */
  public readonly accessLogBucket?: s3.Bucket;
  /** The JWT authorizer, when the plan has one. */
  public readonly authorizer?: authorizers.HttpJwtAuthorizer;
  /** The services, in the plan's order. */
  public readonly services: GatewayFargateService[];
  /** The invoke URL of the stage, e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com/`. */
  public readonly url: string;
  /** The API's endpoint without stage, e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com`. */
  public readonly apiEndpoint: string;
  /** The API's id. */
  public readonly apiId: string;

  constructor(scope: Construct, id: string, props: MicroserviceGatewayProps) {
    super(scope, id);
    checkOptionsObject(props, this.node.path, 'props', 'MicroserviceGatewayProps', true);
    const { vpc, cluster, plan, ...options } = props;
    this.plan = resolvePlan(options, plan, planMicroserviceGateway, this.node.path, { networkAzCount: vpcAzCountOfBothTiers(vpc ?? cluster?.vpc) });
    const p = this.plan;
    const alb = p.integration === GatewayIntegration.INTERNAL_ALB;

    const rules = new Rules(this.node.path);
    if (vpc) {
      const azs = vpc.availabilityZones.length;
      rules.check('vpc', `a VPC of ${azs} AZs`, azs === 0 || azs >= p.azCount, `a VPC of at least azCount (${p.azCount}) Availability Zones${azCountFix('azCount')}`);
      rules.check('vpc', `a VPC of ${vpc.privateSubnets.length} private subnets with egress`, vpc.privateSubnets.length > 0,
        'a VPC with private subnets with egress (the VPC link, the internal load balancer and the tasks sit in them)');
      const privateAzs = new Set(vpc.privateSubnets.map((s) => s.availabilityZone)).size;
      rules.check('vpc', `private subnets in ${privateAzs} AZs`, vpc.privateSubnets.length === 0 || privateAzs >= p.azCount,
        `private subnets with egress in at least azCount (${p.azCount}) Availability Zones${azCountFix('azCount')}`);
    }
    p.services.forEach((s, i) => {
      const clash = p.services.find((o) => o.database !== undefined && `${o.name}-db` === s.name);
      rules.check(`services[${i}].name`, s.name, clash === undefined,
        `a name other than '${s.name}' (the database of service '${clash?.name}' is named so in the construct tree)`);
      rules.check(`services[${i}].deployment.strategy`, s.deployment.strategy,
        s.deployment.strategy !== DeploymentStrategy.BLUE_GREEN || s.pathPrefix !== '/',
        'ROLLING for the `/` service (ECS blue/green shifts traffic through a listener rule; the `/` service is the listener\'s default action)');
    });
    rules.throwIfInvalid();

    this.encryptionKey = encryptionKey(this, 'Key', `${p.name}: logs of the gateway and its services`, p.kmsKeyDeletionWindowDays);
    this.encryptionKey.applyRemovalPolicy(toRemovalPolicy(p.removalPolicy));
    allowLogsToUse(this.encryptionKey);
    this.vpc = vpc ?? blockVpc(this, 'Vpc', { azCount: p.azCount, logKey: this.encryptionKey, network: p.createdNetwork });
    this.cluster = cluster ?? new ecs.Cluster(this, 'Cluster', { vpc: this.vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const subnets: ec2.SubnetSelection = {
      subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS,
      availabilityZones: this.vpc.availabilityZones.length > p.azCount ? this.vpc.availabilityZones.slice(0, p.azCount) : undefined,
    };
    this.serviceSubnets = subnets;

    this.namespace = p.namespace.kind === NamespaceKind.PRIVATE_DNS
      ? new servicediscovery.PrivateDnsNamespace(this, 'Namespace', { name: p.namespace.name, vpc: this.vpc, description: `${p.name} services` })
      : new servicediscovery.HttpNamespace(this, 'Namespace', { name: p.namespace.name, description: `${p.name} services` });

    // --- VPC link ------------------------------------------------------------------------------
    this.vpcLinkSecurityGroup = new ec2.SecurityGroup(this, 'VpcLinkSecurityGroup', {
      vpc: this.vpc,
      description: `${p.name}: API Gateway VPC link, reaching only the ${alb ? 'internal load balancer' : 'services'}`,
      allowAllOutbound: false,
    });
    this.vpcLink = new apigwv2.VpcLink(this, 'VpcLink', {
      vpc: this.vpc,
      subnets: subnets,
      securityGroups: [this.vpcLinkSecurityGroup],
    });

    // --- internal load balancer -----------------------------------------------------------------
    if (alb) {
      const lbPlan = p.internalLoadBalancer!;
      this.loadBalancerSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
        vpc: this.vpc,
        description: `${p.name}: internal load balancer, admitting only the VPC link on ${lbPlan.listenerPort}`,
        allowAllOutbound: false,
      });
      this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
        vpc: this.vpc,
        internetFacing: false,
        vpcSubnets: subnets,
        securityGroup: this.loadBalancerSecurityGroup,
        idleTimeout: cdk.Duration.seconds(lbPlan.idleTimeoutSeconds),
        dropInvalidHeaderFields: lbPlan.dropInvalidHeaderFields,
      });
      this.loadBalancerSecurityGroup.connections.allowFrom(this.vpcLinkSecurityGroup, ec2.Port.tcp(lbPlan.listenerPort), `${p.name} VPC link`);
      if (lbPlan.accessLogs) {
        this.accessLogBucket = accessLogBucket(this, 'AccessLogBucket', lbPlan.logBucket);
        logAccessLogs(this.loadBalancer, this.accessLogBucket, lbPlan.logBucket.prefix);
      }
      this.listener = this.loadBalancer.addListener('Listener', {
        port: lbPlan.listenerPort,
        protocol: elbv2.ApplicationProtocol.HTTP,
        open: false,
      });
      acknowledge(this.listener, {
        id: 'cdk-validator-cfnguard::alb_http_to_https_redirection_check',
        reason: 'An internal listener reached only by the API Gateway VPC link inside the VPC: the plan serves plain HTTP there (and the report says so); '
          + 'clients reach the gateway itself over TLS only',
      });
      acknowledge(this.loadBalancer, {
        id: 'cdk-validator-cfnguard::elbv2_deletion_protection_enabled_check',
        reason: 'The internal load balancer holds no data and is recreated with the gateway; deletion protection would block stack updates that replace it and stack deletion',
      });
      const unmatched = lbPlan.unmatchedResponse;
      if (unmatched) {
        this.listener.addAction('Default', {
          action: elbv2.ListenerAction.fixedResponse(unmatched.statusCode, {
            contentType: unmatched.contentType, messageBody: unmatched.messageBody,
          }),
        });
      }
    }

    // --- services -------------------------------------------------------------------------------
    this.services = p.services.map((s) => new GatewayFargateService(this, s.name, { gateway: this, plan: s }));
    for (const svc of this.services) {
      // The VPC link may reach only what the plan says: the listener port, or the services' container ports.
      if (alb) {
        this.vpcLinkSecurityGroup.connections.allowTo(this.loadBalancerSecurityGroup!, ec2.Port.tcp(p.internalLoadBalancer!.listenerPort));
      } else {
        this.vpcLinkSecurityGroup.connections.allowTo(svc.securityGroup, ec2.Port.tcp(svc.plan.container.port));
      }
    }

    // --- HTTP API -------------------------------------------------------------------------------
    this.httpApi = new apigwv2.HttpApi(this, 'Api', {
      apiName: p.name,
      description: `${p.name}: the single entry point of ${p.services.length} services`,
      createDefaultStage: false,
    });
    this.accessLogGroup = encryptedLogGroup(this, 'AccessLogs', this.encryptionKey, p.api.accessLogRetentionDays);
    this.accessLogGroup.applyRemovalPolicy(toRemovalPolicy(p.removalPolicy));
    this.stage = new apigwv2.HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: p.api.stageName,
      autoDeploy: p.api.autoDeploy,
      throttle: { rateLimit: p.api.defaultThrottle.rateLimit, burstLimit: p.api.defaultThrottle.burstLimit },
      accessLogSettings: p.api.accessLogs ? {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogGroup),
        format: apigateway.AccessLogFormat.custom(GATEWAY_ACCESS_LOG_FORMAT),
      } : undefined,
    });
    // Per-route throttling: a stage route setting per route key.
    (this.stage.node.defaultChild as apigwv2.CfnStage).routeSettings = routeSettingsOf(p.routes);

    if (p.jwtAuthorizer) {
      this.authorizer = new authorizers.HttpJwtAuthorizer('JwtAuthorizer', p.jwtAuthorizer.issuerUrl, {
        authorizerName: `${p.name}-jwt`,
        jwtAudience: p.jwtAuthorizer.audiences,
        identitySource: [p.jwtAuthorizer.identitySource],
      });
    }
    for (const svc of this.services) this.addRoutes(svc);
    // The stage's route settings name these routes: CloudFormation must create them first
    // ("Unable to find Route by key" otherwise), as the Terraform stage's depends_on says.
    for (const svc of this.services) for (const route of svc.routes) this.stage.node.addDependency(route);

    this.url = this.stage.url;
    this.apiEndpoint = this.httpApi.apiEndpoint;
    this.apiId = this.httpApi.apiId;
    recordBlock(this, this.plan);
  }

  /** The service of this name. Throws when there is none. */
  public service(name: string): GatewayFargateService {
    const found = this.services.find((s) => s.plan.name === name);
    if (!found) throw new Error(`${this.node.path}: no service named '${name}' (services: ${this.services.map((s) => s.plan.name).join(', ')})`);
    return found;
  }

  /** Requests the API receives (sum over a period). */
  public metricCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricCount(props);
  }

  /** 4XX responses (sum), throttled (429) and unauthorised requests included. */
  public metricClientError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricClientError(props);
  }

  /** 5XX responses (sum). */
  public metricServerError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricServerError(props);
  }

  /** Time from request to response at the gateway, in ms (average). */
  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricLatency(props);
  }

  /** Time the services take to answer the gateway, in ms (average). */
  public metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricIntegrationLatency(props);
  }

  private addRoutes(svc: GatewayFargateService): void {
    const s = svc.plan;
    const integration = s.integration.kind === GatewayIntegration.INTERNAL_ALB
      ? new integrations.HttpAlbIntegration(`${s.name}-integration`, this.listener!, { vpcLink: this.vpcLink })
      : new integrations.HttpServiceDiscoveryIntegration(`${s.name}-integration`, svc.cloudMapService!, { vpcLink: this.vpcLink });
    const routes = this.plan.routes.filter((r) => r.service === s.name);
    routes.forEach((r, i) => {
      const route = new apigwv2.HttpRoute(svc, `Route${i + 1}`, {
        httpApi: this.httpApi,
        routeKey: routeKeyOf(r.routeKey),
        integration,
        authorizer: r.authorized ? this.authorizer : undefined,
        authorizationScopes: r.authorized && r.authorizationScopes.length > 0 ? r.authorizationScopes : undefined,
      });
      if (!r.authorized) {
        acknowledge(route, ...publicRouteAcknowledgements());
      }
      svc.routes.push(route);
    });
    // The integration timeout of the plan (HTTP APIs allow up to 30 s; the L2 checks REST's 29 s, so it is set on the L1).
    const cfnIntegration = svc.node.findAll().find((c): c is apigwv2.CfnIntegration => c instanceof apigwv2.CfnIntegration);
    cfnIntegration?.addPropertyOverride('TimeoutInMillis', s.integration.timeoutMs);
  }
}


function publicRouteAcknowledgements(): { id: string; reason: string }[] {
  // The plan makes a route public only when its service sets requireAuthorization false in the
  // options (without it, a gateway lacking an authorizer is rejected): an explicit choice, noted in the report.
  const reason = 'The service sets requireAuthorization false in its options: its routes are public by that explicit choice '
    + '(routes require the JWT authorizer by default), and the check report notes every public service';
  return [
    { id: 'AwsSolutions::AwsSolutions-APIG4', reason },
    { id: 'cdk-validator-cfnguard::api_gw_v2_authorization_type_configured_check', reason },
  ];
}

/** `ANY /orders/{proxy+}` or `$default` as aws-cdk-lib's route key. */
function routeKeyOf(key: string): apigwv2.HttpRouteKey {
  if (key === '$default') return apigwv2.HttpRouteKey.DEFAULT;
  const [method, path] = key.split(' ');
  return apigwv2.HttpRouteKey.with(path, method as apigwv2.HttpMethod);
}

/** The stage's route settings: each route key's throttle. */
function routeSettingsOf(routes: GatewayRoutePlan[]): { [routeKey: string]: { ThrottlingRateLimit: number; ThrottlingBurstLimit: number } } {
  const settings: { [routeKey: string]: { ThrottlingRateLimit: number; ThrottlingBurstLimit: number } } = {};
  for (const r of routes) settings[r.routeKey] = { ThrottlingRateLimit: r.throttle.rateLimit, ThrottlingBurstLimit: r.throttle.burstLimit };
  return settings;
}

function appProtocolOf(protocol: string): ecs.AppProtocol {
  switch (protocol) {
    case 'http2': return ecs.AppProtocol.http2;
    case 'grpc': return ecs.AppProtocol.grpc;
    default: return ecs.AppProtocol.http;
  }
}

/** The Cloud Map record type ECS registers (awsvpc tasks: A or SRV; the gateway's integration needs SRV). */
function dnsRecordTypeOf(type: string | undefined): servicediscovery.DnsRecordType.A | servicediscovery.DnsRecordType.SRV {
  return type === 'A' ? servicediscovery.DnsRecordType.A : servicediscovery.DnsRecordType.SRV;
}

