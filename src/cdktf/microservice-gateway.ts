import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Apigatewayv2Authorizer } from '@cdktf/provider-aws/lib/apigatewayv2-authorizer';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage';
import { Apigatewayv2VpcLink } from '@cdktf/provider-aws/lib/apigatewayv2-vpc-link';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { ServiceDiscoveryHttpNamespace } from '@cdktf/provider-aws/lib/service-discovery-http-namespace';
import { ServiceDiscoveryPrivateDnsNamespace } from '@cdktf/provider-aws/lib/service-discovery-private-dns-namespace';
import { ServiceDiscoveryService } from '@cdktf/provider-aws/lib/service-discovery-service';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Fn, Lazy, Token } from 'cdktf';
import { Construct } from 'constructs';
import { accessLogBucket } from './access-logs';
import { recordBlock } from './block-metadata';
import { BlockNetwork, encryptedLogGroup, encryptionKey, ExistingNetwork, networkAzCountOfBothTiers, StackContext } from './common';
import { renderEcsService, renderEcsTaskDefinition, renderExecutionRolePolicy } from './ecs-service';
import { ReplicatedDatabase } from './replicated-database';
import { resolvePlan } from '../core/blocks/common';
import { DeploymentStrategy } from '../core/blocks/load-balanced-api';
import {
  ecsServiceOfGatewayService, GATEWAY_ACCESS_LOG_FORMAT, GatewayIntegration, GatewayServicePlan, MicroserviceGatewayOptions, MicroserviceGatewayPlan,
  NamespaceKind,
  planMicroserviceGateway,
} from '../core/blocks/microservice-gateway';
import { checkOptionsObject } from '../core/inputs';
import { DATABASE_ENVIRONMENT } from '../core/system';
import { Rules } from '../core/validation';

/*
 * MicroserviceGateway in Terraform: one HTTP API (API Gateway v2) with a VPC link into the VPC,
 * reaching either one shared internal ALB (a listener rule and a target group per service) or
 * each service's Cloud Map SRV records; every service a Fargate service in one Service Connect
 * namespace, with its own ReplicatedDatabase when the plan gives it one. Everything renders the
 * plan: counts, timeouts, throttles, health checks and deploy settings come from it unchanged.
 */


const ECS_CLUSTER_ARN = /^arn:aws[a-zA-Z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9_-]{1,255}$/;

/** Props of a Terraform MicroserviceGateway: the neutral options, the network, the cluster and a resolved plan. */
export interface MicroserviceGatewayProps extends MicroserviceGatewayOptions {
  /**
   * The network: the VPC link, the internal load balancer and the tasks go in its private subnets
   * (the first `azCount` of them), the service databases in its isolated subnets.
   *
   * @default - the block creates a BlockNetwork of `azCount` AZs
   */
  readonly network?: ExistingNetwork;
  /**
   * ARN of an existing ECS cluster the services run in.
   *
   * @default - the block creates a cluster with Container Insights, Service Connect defaulting to the gateway's namespace
   */
  readonly clusterArn?: string;
  /**
   * A plan already resolved (SystemStack passes the plans of its chain). When given, no other
   * block option may be set.
   *
   * @default - the plan of the other props
   */
  readonly plan?: MicroserviceGatewayPlan;
}

/**
 * One HTTP API as the single entry point of N Fargate services (seed §5), rendered from a
 * MicroserviceGatewayPlan into Terraform.
 *
 * - The API's `$default` stage deploys automatically, throttles each route as the plan says
 *   (stage route settings) and writes JSON access logs to a log group encrypted with the block's key.
 * - A VPC link in the private subnets reaches the services: INTERNAL_ALB through one internal ALB
 *   (HTTP inside the VPC, invalid header fields dropped, access logs to a private, versioned,
 *   TLS-only bucket), CLOUD_MAP through each service's SRV records.
 * - Security groups: the VPC link's group may reach only the load balancer's listener (or the
 *   services' ports); the load balancer admits only the VPC link and reaches only the services; each
 *   service admits only the gateway path (east-west callers are opened one by one with the
 *   service's `allowFrom`); each database admits only its service.
 * - An optional JWT authorizer guards the routes the plan marks authorized, with their scopes.
 */
export class MicroserviceGateway extends Construct {
  /** The resolved plan this construct renders. */
  public readonly plan: MicroserviceGatewayPlan;
  /** The network the block created, when it was given none. */
  public readonly createdNetwork?: BlockNetwork;
  /** The block's customer managed key: the access logs, the container logs and (when created) the flow logs. */
  public readonly key: KmsKey;
  /** The HTTP API. */
  public readonly api: Apigatewayv2Api;
  /** The `$default` stage with the route throttles and access logging. */
  public readonly stage: Apigatewayv2Stage;
  /** The log group of the stage's access logs. */
  public readonly accessLogGroup: CloudwatchLogGroup;
  /** The VPC link into the private subnets. */
  public readonly vpcLink: Apigatewayv2VpcLink;
  /** The VPC link's security group. */
  public readonly vpcLinkSecurityGroup: SecurityGroup;
  /** The JWT authorizer, when the plan has one. */
  public readonly authorizer?: Apigatewayv2Authorizer;
  /** INTERNAL_ALB: the internal load balancer. */
  public readonly loadBalancer?: Lb;
  /** INTERNAL_ALB: the load balancer's security group. */
  public readonly loadBalancerSecurityGroup?: SecurityGroup;
  /** INTERNAL_ALB: the listener the VPC link reaches. */
  public readonly listener?: LbListener;
  /** INTERNAL_ALB: the load balancer's access log bucket. */
  public readonly logBucket?: S3Bucket;
  /** The ECS cluster the block created, when it was given no `clusterArn`. */
  public readonly cluster?: EcsCluster;
  /** INTERNAL_ALB: the HTTP Cloud Map namespace of Service Connect. */
  public readonly httpNamespace?: ServiceDiscoveryHttpNamespace;
  /** CLOUD_MAP: the private DNS Cloud Map namespace of Service Connect and the SRV records. */
  public readonly privateDnsNamespace?: ServiceDiscoveryPrivateDnsNamespace;
  /** The services, in plan order. */
  public readonly services: MicroserviceGatewayService[] = [];
  /** ARN of the cluster the services run in. */
  public readonly clusterArn: string;
  /** ARN of the Cloud Map namespace. */
  public readonly namespaceArn: string;
  /** ID of the Cloud Map namespace. */
  public readonly namespaceId: string;
  /** ID of the HTTP API. */
  public readonly apiId: string;
  /** The HTTP API's invoke URL (`https://<id>.execute-api.<region>.amazonaws.com`). */
  public readonly apiEndpoint: string;

  constructor(scope: Construct, id: string, props: MicroserviceGatewayProps) {
    super(scope, id);
    checkOptionsObject(props, this.node.path, 'props', 'MicroserviceGatewayProps', true);
    const { network, clusterArn, plan, ...options } = props;
    this.plan = resolvePlan(options, plan, planMicroserviceGateway, this.node.path, { networkAzCount: networkAzCountOfBothTiers(network) });
    const p = this.plan;
    const alb = p.integration === GatewayIntegration.INTERNAL_ALB;

    const rules = new Rules(this.node.path);
    if (network) {
      const subnets = network.privateSubnetIds;
      rules.check('network.privateSubnetIds', subnets, Token.isUnresolved(subnets) || (Array.isArray(subnets) && subnets.length >= p.azCount),
        `at least ${p.azCount} private subnets (one per AZ of azCount ${p.azCount})`);
    }
    if (clusterArn !== undefined) {
      rules.check('clusterArn', clusterArn, Token.isUnresolved(clusterArn) || ECS_CLUSTER_ARN.test(clusterArn),
        'an ECS cluster ARN (arn:aws:ecs:<region>:<account>:cluster/<name>)');
    }
    p.services.forEach((s, i) => {
      rules.check(`services[${i}].deployment.strategy`, s.deployment.strategy,
        !(alb && s.deployment.strategy === DeploymentStrategy.BLUE_GREEN && s.integration.albRulePriority === undefined),
        `${DeploymentStrategy.ROLLING} for the service of prefix / (ECS blue/green shifts traffic through a listener rule; `
        + 'that service is the listener\'s default action)');
    });
    rules.throwIfInvalid();

    this.key = encryptionKey(this, 'Key', `MicroserviceGateway ${p.name}: access logs, container logs and flow logs`, p.kmsKeyDeletionWindowDays, ['logs'], p.removalPolicy);
    let net: ExistingNetwork;
    if (network) {
      net = network;
    } else {
      this.createdNetwork = new BlockNetwork(this, 'Network', { azCount: p.azCount, logKey: this.key, network: p.createdNetwork });
      net = this.createdNetwork.toExisting();
    }
    const privateSubnets = firstSubnets(net.privateSubnetIds, p.azCount);

    // --- The HTTP API ------------------------------------------------------------------------------
    this.api = new Apigatewayv2Api(this, 'Api', {
      name: p.name,
      protocolType: 'HTTP',
      description: `MicroserviceGateway ${p.name}: the single entry point of ${p.services.map((s) => s.name).join(', ')}`,
    });
    this.apiId = this.api.id;
    this.apiEndpoint = this.api.apiEndpoint;
    if (p.jwtAuthorizer) {
      this.authorizer = new Apigatewayv2Authorizer(this, 'Authorizer', {
        apiId: this.api.id,
        name: `${p.name}-jwt`,
        authorizerType: 'JWT',
        identitySources: [p.jwtAuthorizer.identitySource],
        jwtConfiguration: { issuer: p.jwtAuthorizer.issuerUrl, audience: p.jwtAuthorizer.audiences },
      });
    }

    // --- VPC link and the internal load balancer ----------------------------------------------------
    this.vpcLinkSecurityGroup = new SecurityGroup(this, 'VpcLinkSecurityGroup', {
      vpcId: net.vpcId,
      description: `MicroserviceGateway ${p.name}: the VPC link (no ingress; egress to the ${alb ? 'load balancer' : 'services'} only)`,
    });
    this.vpcLink = new Apigatewayv2VpcLink(this, 'VpcLink', {
      name: `${p.name}-vpc-link`,
      subnetIds: privateSubnets,
      securityGroupIds: [this.vpcLinkSecurityGroup.id],
    });

    let defaultTargetGroupArn: string | undefined;
    if (alb && p.internalLoadBalancer) {
      const lbPlan = p.internalLoadBalancer;
      this.loadBalancerSecurityGroup = new SecurityGroup(this, 'LoadBalancerSecurityGroup', {
        vpcId: net.vpcId,
        description: `MicroserviceGateway ${p.name}: the internal load balancer (from the VPC link on ${lbPlan.listenerPort} only)`,
      });
      new VpcSecurityGroupIngressRule(this, 'LoadBalancerFromVpcLink', {
        securityGroupId: this.loadBalancerSecurityGroup.id,
        referencedSecurityGroupId: this.vpcLinkSecurityGroup.id,
        ipProtocol: 'tcp',
        fromPort: lbPlan.listenerPort,
        toPort: lbPlan.listenerPort,
        description: 'The VPC link',
      });
      new VpcSecurityGroupEgressRule(this, 'VpcLinkToLoadBalancer', {
        securityGroupId: this.vpcLinkSecurityGroup.id,
        referencedSecurityGroupId: this.loadBalancerSecurityGroup.id,
        ipProtocol: 'tcp',
        fromPort: lbPlan.listenerPort,
        toPort: lbPlan.listenerPort,
        description: 'The internal load balancer\'s listener',
      });
      let bucketPolicy: S3BucketPolicy | undefined;
      if (lbPlan.accessLogs) {
        const bucket = accessLogBucket(this, 'AccessLogBucket', lbPlan.logBucket, { bucketPrefix: `${p.name.slice(0, 31)}-logs-`, alb: true });
        this.logBucket = bucket.bucket;
        bucketPolicy = bucket.policy;
      }
      this.loadBalancer = new Lb(this, 'LoadBalancer', {
        internal: true,
        loadBalancerType: 'application',
        subnets: privateSubnets,
        securityGroups: [this.loadBalancerSecurityGroup.id],
        idleTimeout: lbPlan.idleTimeoutSeconds,
        dropInvalidHeaderFields: lbPlan.dropInvalidHeaderFields,
        accessLogs: this.logBucket ? { bucket: this.logBucket.bucket, prefix: trimSlash(lbPlan.logBucket.prefix), enabled: true } : undefined,
        dependsOn: bucketPolicy ? [bucketPolicy] : undefined,
      });
      const unmatched = lbPlan.unmatchedResponse;
      this.listener = new LbListener(this, 'Listener', {
        loadBalancerArn: this.loadBalancer.arn,
        port: lbPlan.listenerPort,
        protocol: lbPlan.listenerProtocol,
        defaultAction: [unmatched
          ? { type: 'fixed-response', fixedResponse: { contentType: unmatched.contentType, statusCode: String(unmatched.statusCode), messageBody: unmatched.messageBody } }
          // The default service's target group is made with the service, below: the listener reads its ARN at synth.
          : { type: 'forward', targetGroupArn: Lazy.stringValue({ produce: () => defaultTargetGroupArn }) }],
      });
    }

    // --- Cluster and namespace -----------------------------------------------------------------------
    if (p.namespace.kind === NamespaceKind.PRIVATE_DNS) {
      this.privateDnsNamespace = new ServiceDiscoveryPrivateDnsNamespace(this, 'Namespace', {
        name: p.namespace.name, vpc: net.vpcId, description: `MicroserviceGateway ${p.name}: Service Connect and SRV records`,
      });
      this.namespaceArn = this.privateDnsNamespace.arn;
      this.namespaceId = this.privateDnsNamespace.id;
    } else {
      this.httpNamespace = new ServiceDiscoveryHttpNamespace(this, 'Namespace', {
        name: p.namespace.name, description: `MicroserviceGateway ${p.name}: Service Connect`,
      });
      this.namespaceArn = this.httpNamespace.arn;
      this.namespaceId = this.httpNamespace.id;
    }
    let clusterName: string;
    if (clusterArn !== undefined) {
      this.clusterArn = clusterArn;
      clusterName = Fn.element(Fn.split('/', clusterArn), 1);
    } else {
      this.cluster = new EcsCluster(this, 'Cluster', {
        name: p.name,
        setting: [{ name: 'containerInsights', value: 'enabled' }],
        serviceConnectDefaults: { namespace: this.namespaceArn },
      });
      this.clusterArn = this.cluster.arn;
      clusterName = this.cluster.name;
    }

    // --- Services: the `/` service first, so the listener's default action has its target group ---
    const order = [...p.services].sort((a, b) => Number(b.pathPrefix === '/') - Number(a.pathPrefix === '/'));
    const byName = new Map<string, MicroserviceGatewayService>();
    for (const s of order) {
      const svc = new MicroserviceGatewayService(this, s.name, {
        plan: s,
        gatewayPlan: p,
        network: net,
        subnetIds: privateSubnets,
        clusterArn: this.clusterArn,
        clusterName,
        namespaceArn: this.namespaceArn,
        namespaceId: this.namespaceId,
        logKey: this.key,
        apiId: this.api.id,
        vpcLinkId: this.vpcLink.id,
        frontSecurityGroupId: alb ? this.loadBalancerSecurityGroup!.id : this.vpcLinkSecurityGroup.id,
        authorizerId: this.authorizer?.id,
        loadBalancer: this.loadBalancer,
        listener: this.listener,
      });
      if (s.pathPrefix === '/') defaultTargetGroupArn = svc.targetGroup?.arn;
      byName.set(s.name, svc);
    }
    this.services.push(...p.services.map((s) => byName.get(s.name)!));

    // --- The gateway path's egress: the load balancer (or the VPC link) reaches each service's port only ---
    for (const svc of this.services) {
      const port = svc.plan.container.port;
      new VpcSecurityGroupEgressRule(svc, alb ? 'LoadBalancerEgress' : 'VpcLinkEgress', {
        securityGroupId: alb ? this.loadBalancerSecurityGroup!.id : this.vpcLinkSecurityGroup.id,
        referencedSecurityGroupId: svc.securityGroup.id,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        description: `Service ${svc.plan.name}`,
      });
    }

    // --- The stage: throttles per route, access logs -------------------------------------------------
    this.accessLogGroup = encryptedLogGroup(this, 'AccessLogs', this.key, p.api.accessLogRetentionDays, undefined, p.removalPolicy);
    this.stage = new Apigatewayv2Stage(this, 'Stage', {
      apiId: this.api.id,
      name: p.api.stageName,
      autoDeploy: p.api.autoDeploy,
      accessLogSettings: p.api.accessLogs ? { destinationArn: this.accessLogGroup.arn, format: GATEWAY_ACCESS_LOG_FORMAT } : undefined,
      defaultRouteSettings: {
        throttlingRateLimit: p.api.defaultThrottle.rateLimit,
        throttlingBurstLimit: p.api.defaultThrottle.burstLimit,
      },
      routeSettings: p.routes.map((r) => ({
        routeKey: r.routeKey,
        throttlingRateLimit: r.throttle.rateLimit,
        throttlingBurstLimit: r.throttle.burstLimit,
      })),
      // Route settings name routes that must exist first.
      dependsOn: this.services.flatMap((s) => s.routes),
    });

    // No outputs: the stack's outputs are the user's (the block's properties give the same values), as on the CDK backend.
    recordBlock(this, this.plan);
  }

  /**
   * The service of that name.
   *
   * @param name the service's name, as in the plan
   */
  public service(name: string): MicroserviceGatewayService {
    const found = this.services.find((s) => s.plan.name === name);
    if (!found) {
      const rules = new Rules(this.node.path);
      rules.check('name', name, false, `the name of a service of this gateway: ${this.services.map((s) => s.plan.name).join(', ')}`);
      rules.throwIfInvalid();
    }
    return found!;
  }
}

/** What a MicroserviceGatewayService is built from: its plan and what its gateway created. */
export interface MicroserviceGatewayServiceProps {
  /** The service's resolved plan. */
  readonly plan: GatewayServicePlan;
  /** The gateway's resolved plan (integration, namespace, routes). */
  readonly gatewayPlan: MicroserviceGatewayPlan;
  /** The network (its isolated subnets hold the service's database). */
  readonly network: ExistingNetwork;
  /** The private subnets the tasks run in, one per AZ. */
  readonly subnetIds: string[];
  /** ARN of the ECS cluster. */
  readonly clusterArn: string;
  /** Name of the ECS cluster (auto scaling names the service by it). */
  readonly clusterName: string;
  /** ARN of the Cloud Map namespace (Service Connect). */
  readonly namespaceArn: string;
  /** ID of the Cloud Map namespace (the SRV service of CLOUD_MAP). */
  readonly namespaceId: string;
  /** Key the container log group is encrypted with. */
  readonly logKey: KmsKey;
  /** ID of the HTTP API. */
  readonly apiId: string;
  /** ID of the VPC link. */
  readonly vpcLinkId: string;
  /** The security group in front of the tasks (the load balancer's, or the VPC link's with CLOUD_MAP). */
  readonly frontSecurityGroupId: string;
  /**
   * ID of the JWT authorizer.
   *
   * @default - no authorizer
   */
  readonly authorizerId?: string;
  /**
   * INTERNAL_ALB: the internal load balancer.
   *
   * @default - none (CLOUD_MAP)
   */
  readonly loadBalancer?: Lb;
  /**
   * INTERNAL_ALB: the listener the VPC link reaches.
   *
   * @default - none (CLOUD_MAP)
   */
  readonly listener?: LbListener;
}

/**
 * One service behind a MicroserviceGateway: a Fargate service with its task definition, roles,
 * log group and security group, Service Connect, its target group and listener rule (INTERNAL_ALB)
 * or Cloud Map SRV service (CLOUD_MAP), its integration and routes on the HTTP API, its auto
 * scaling, and its own ReplicatedDatabase when the plan gives it one.
 */
export class MicroserviceGatewayService extends Construct {
  /** The service's resolved plan. */
  public readonly plan: GatewayServicePlan;
  /** The ECS service. */
  public readonly service: EcsService;
  /** The task definition. */
  public readonly taskDefinition: EcsTaskDefinition;
  /** The role the tasks run as (grant it what the application calls). */
  public readonly taskRole: IamRole;
  /** The role ECS pulls the image, writes the logs and reads the secrets with. */
  public readonly executionRole: IamRole;
  /** The container logs (and the Service Connect proxy's). */
  public readonly logGroup: CloudwatchLogGroup;
  /** The tasks' security group. */
  public readonly securityGroup: SecurityGroup;
  /** INTERNAL_ALB: the target group on the internal load balancer. */
  public readonly targetGroup?: LbTargetGroup;
  /** INTERNAL_ALB with BLUE_GREEN: the second target group ECS shifts traffic to. */
  public readonly alternateTargetGroup?: LbTargetGroup;
  /** INTERNAL_ALB: the listener rule of the service's prefix (none for the `/` service, the listener's default action). */
  public readonly listenerRule?: LbListenerRule;
  /** CLOUD_MAP: the SRV service ECS registers the tasks in. */
  public readonly cloudMapService?: ServiceDiscoveryService;
  /** The HTTP API integration that reaches the service through the VPC link. */
  public readonly integration: Apigatewayv2Integration;
  /** The service's routes on the HTTP API. */
  public readonly routes: Apigatewayv2Route[] = [];
  /** Auto scaling's scalable target, when auto scaling owns the task count. */
  public readonly scalableTarget?: AppautoscalingTarget;
  /** The target tracking policies (CPU, and requests per target with INTERNAL_ALB). */
  public readonly scalingPolicies: AppautoscalingPolicy[] = [];
  /** The service's own database, when the plan gives it one. */
  public readonly database?: ReplicatedDatabase;
  /** ARN of the ECS service. */
  public readonly serviceArn: string;
  /** URL other services of the gateway call this one at through Service Connect (`http://<alias>:<port>`). */
  public readonly serviceConnectUrl: string;

  private readonly environment: { [key: string]: string } = {};
  private readonly secrets: { [key: string]: string } = {};
  private readonly subscribed = new Set<string>();

  constructor(scope: Construct, id: string, props: MicroserviceGatewayServiceProps) {
    super(scope, id);
    const s = props.plan;
    const gw = props.gatewayPlan;
    this.plan = s;
    const ctx = StackContext.of(this);
    const alb = s.integration.kind === GatewayIntegration.INTERNAL_ALB;
    const sc = s.serviceConnect;
    this.serviceConnectUrl = `http://${sc.clientAliasDnsName}:${sc.clientAliasPort}`;

    // --- Security group: the gateway path only (east-west callers through `allowFrom`) ------------
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpcId: props.network.vpcId,
      description: `MicroserviceGateway ${gw.name}/${s.name}: tasks (from the ${alb ? 'load balancer' : 'VPC link'} on ${s.container.port})`,
    });
    new VpcSecurityGroupIngressRule(this, alb ? 'FromLoadBalancer' : 'FromVpcLink', {
      securityGroupId: this.securityGroup.id,
      referencedSecurityGroupId: props.frontSecurityGroupId,
      ipProtocol: 'tcp',
      fromPort: s.container.port,
      toPort: s.container.port,
      description: alb ? 'The internal load balancer (traffic and health checks)' : 'The VPC link',
    });
    // Tasks reach the image registry, Secrets Manager and CloudWatch (through NAT), their database and their peers.
    new VpcSecurityGroupEgressRule(this, 'Egress', {
      securityGroupId: this.securityGroup.id,
      cidrIpv4: '0.0.0.0/0',
      ipProtocol: '-1',
      description: 'Image pulls, AWS APIs, the service database and Service Connect peers',
    });

    // --- The service's database ------------------------------------------------------------------------
    if (s.database) {
      this.database = new ReplicatedDatabase(this, 'Database', { plan: s.database, network: props.network });
      this.database.allowFrom(`From-${s.name}`, this.securityGroup.id);
      this.environment[DATABASE_ENVIRONMENT.writerEndpoint] = this.database.writerEndpoint;
      this.environment[DATABASE_ENVIRONMENT.readerEndpoint] = this.database.readerEndpoint;
      this.environment[DATABASE_ENVIRONMENT.port] = this.database.port;
      this.environment[DATABASE_ENVIRONMENT.name] = s.database.databaseName;
      this.secrets[DATABASE_ENVIRONMENT.secret] = this.database.secretArn;
    }
    Object.assign(this.environment, s.container.environment);
    Object.assign(this.secrets, s.container.secrets);

    // --- Roles and logs -------------------------------------------------------------------------------
    const servicePlan = ecsServiceOfGatewayService(s);
    this.logGroup = encryptedLogGroup(this, 'Logs', props.logKey, s.ecsService.logRetentionDays, undefined, props.gatewayPlan.removalPolicy);
    const ecsTasksTrust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Service: 'ecs-tasks.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': ctx.accountId } },
      }],
    });
    this.executionRole = new IamRole(this, 'ExecutionRole', {
      description: `MicroserviceGateway ${gw.name}/${s.name}: ECS pulls the image, writes logs and reads secrets`,
      assumeRolePolicy: ecsTasksTrust,
    });
    // The image pull and the logs, scoped (the secrets, with their key, in ExecutionRoleSecrets below).
    renderExecutionRolePolicy(this, 'ExecutionRolePolicy', this.executionRole.id, servicePlan, this.logGroup.arn, []);
    this.taskRole = new IamRole(this, 'TaskRole', {
      description: `MicroserviceGateway ${gw.name}/${s.name}: the application`,
      assumeRolePolicy: ecsTasksTrust,
    });
    if (Object.keys(this.secrets).length > 0) {
      new IamRolePolicy(this, 'ExecutionRoleSecrets', { role: this.executionRole.id, policy: secretsPolicy(this.secrets, ctx.region, ctx.dnsSuffix) });
    }

    // --- Task definition ---------------------------------------------------------------------------------
    const hc = s.containerHealthCheck;
    this.taskDefinition = renderEcsTaskDefinition(this, servicePlan, { taskDefinition: 'TaskDefinition' }, {
      family: `${gw.name}-${s.name}`,
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      // Read at synth: queue subscriptions add environment after construction.
      container: {
        logGroupName: this.logGroup.name,
        region: ctx.region,
        environment: this.environment,
        secrets: this.secrets,
        portMappingName: sc.portName,
        appProtocol: sc.appProtocol,
        healthCheck: hc ? {
          command: hc.command, interval: hc.intervalSeconds, timeout: hc.timeoutSeconds, retries: hc.retries, startPeriod: hc.startPeriodSeconds,
        } : undefined,
      },
    });

    // --- How the gateway reaches the service ----------------------------------------------------------
    let blueGreenRole: IamRole | undefined;
    if (alb) {
      const tg = (tgId: string): LbTargetGroup => new LbTargetGroup(this, tgId, {
        vpcId: props.network.vpcId,
        port: s.targetGroup!.port,
        protocol: s.targetGroup!.protocol,
        targetType: s.targetGroup!.targetType,
        deregistrationDelay: String(s.deregistrationDelaySeconds),
        loadBalancingAlgorithmType: s.targetGroup!.algorithmType,
        loadBalancingAnomalyMitigation: s.targetGroup!.algorithmType === 'weighted_random' ? (s.targetGroup!.anomalyMitigation ? 'on' : 'off') : undefined,
        loadBalancingCrossZoneEnabled: String(s.targetGroup!.crossZoneLoadBalancing),
        healthCheck: {
          enabled: true,
          protocol: s.healthCheck.protocol,
          path: s.healthCheck.path,
          matcher: s.healthCheck.healthyHttpCodes,
          interval: s.healthCheck.intervalSeconds,
          timeout: s.healthCheck.timeoutSeconds,
          healthyThreshold: s.healthCheck.healthyThreshold,
          unhealthyThreshold: s.healthCheck.unhealthyThreshold,
        },
        lifecycle: { createBeforeDestroy: true },
      });
      this.targetGroup = tg('TargetGroup');
      const blueGreen = s.deployment.strategy === DeploymentStrategy.BLUE_GREEN;
      if (blueGreen) this.alternateTargetGroup = tg('AlternateTargetGroup');
      if (s.integration.albRulePriority !== undefined) {
        this.listenerRule = new LbListenerRule(this, 'ListenerRule', {
          listenerArn: props.listener!.arn,
          priority: s.integration.albRulePriority,
          condition: [{ pathPattern: { values: s.integration.albPathPatterns ?? [] } }],
          action: [blueGreen
            ? {
              type: 'forward',
              forward: { targetGroup: [{ arn: this.targetGroup.arn, weight: 100 }, { arn: this.alternateTargetGroup!.arn, weight: 0 }] },
            }
            : { type: 'forward', targetGroupArn: this.targetGroup.arn }],
          // ECS shifts the weights during a blue/green deploy: Terraform must not shift them back.
          lifecycle: blueGreen ? { ignoreChanges: ['action'] } : undefined,
        });
      }
      if (blueGreen) {
        blueGreenRole = new IamRole(this, 'BlueGreenRole', {
          description: `MicroserviceGateway ${gw.name}/${s.name}: ECS shifts traffic between the target groups`,
          assumeRolePolicy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          }),
        });
        new IamRolePolicyAttachment(this, 'BlueGreenRolePolicy', {
          role: blueGreenRole.name,
          policyArn: `arn:${ctx.partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers`,
        });
      }
    } else {
      this.cloudMapService = new ServiceDiscoveryService(this, 'CloudMapService', {
        name: s.integration.cloudMapServiceName!,
        description: `MicroserviceGateway ${gw.name}/${s.name}: SRV records of the tasks, for the VPC link`,
        dnsConfig: {
          namespaceId: props.namespaceId,
          routingPolicy: s.integration.dnsRoutingPolicy!,
          dnsRecords: [{ type: s.integration.dnsRecordType!, ttl: s.integration.dnsTtlSeconds! }],
        },
        // ECS reports the container health check to Cloud Map: unhealthy tasks leave the records.
        healthCheckCustomConfig: {},
      });
    }

    // --- The ECS service ---------------------------------------------------------------------------------
    const scaling = s.scaling;
    this.service = renderEcsService(this, servicePlan, this.taskDefinition, { service: 'Service' }, {
      name: s.name,
      clusterArn: props.clusterArn,
      subnetIds: props.subnetIds,
      securityGroupIds: [this.securityGroup.id],
      loadBalancer: this.targetGroup ? [{
        targetGroupArn: this.targetGroup.arn,
        containerName: s.ecsService.containerName,
        containerPort: s.container.port,
        advancedConfiguration: this.alternateTargetGroup ? {
          alternateTargetGroupArn: this.alternateTargetGroup.arn,
          productionListenerRule: this.listenerRule!.arn,
          roleArn: blueGreenRole!.arn,
        } : undefined,
      }] : undefined,
      serviceRegistries: this.cloudMapService ? {
        registryArn: this.cloudMapService.arn, containerName: s.ecsService.containerName, containerPort: s.container.port,
      } : undefined,
      serviceConnectConfiguration: {
        enabled: true,
        namespace: props.namespaceArn,
        service: [{
          portName: sc.portName,
          discoveryName: sc.discoveryName,
          clientAlias: { dnsName: sc.clientAliasDnsName, port: sc.clientAliasPort },
          timeout: { perRequestTimeoutSeconds: sc.perRequestTimeoutSeconds, idleTimeoutSeconds: sc.idleTimeoutSeconds },
        }],
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': this.logGroup.name, 'awslogs-region': ctx.region, 'awslogs-stream-prefix': sc.logStreamPrefix },
        },
      },
      // A target group must be attached to the load balancer (its listener or rule) before ECS registers tasks.
      dependsOn: [this.listenerRule ?? props.listener].filter((d): d is LbListener | LbListenerRule => d !== undefined),
    });
    this.serviceArn = this.service.id;

    // --- Auto scaling ------------------------------------------------------------------------------------
    if (scaling.autoScaling) {
      this.scalableTarget = new AppautoscalingTarget(this, 'ScalableTarget', {
        serviceNamespace: 'ecs',
        scalableDimension: 'ecs:service:DesiredCount',
        resourceId: `service/${props.clusterName}/${this.service.name}`,
        minCapacity: scaling.minTasks,
        maxCapacity: scaling.maxTasks,
      });
      this.scalingPolicies.push(new AppautoscalingPolicy(this, 'CpuScaling', {
        name: `${gw.name}-${s.name}-cpu`,
        policyType: 'TargetTrackingScaling',
        serviceNamespace: this.scalableTarget.serviceNamespace,
        scalableDimension: this.scalableTarget.scalableDimension,
        resourceId: this.scalableTarget.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          targetValue: scaling.targetCpuUtilizationPercent,
          predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' },
          scaleInCooldown: scaling.scaleInCooldownSeconds,
          scaleOutCooldown: scaling.scaleOutCooldownSeconds,
        },
      }));
      if (scaling.requestCountPerTargetPerMinute !== undefined && this.targetGroup && props.loadBalancer) {
        this.scalingPolicies.push(new AppautoscalingPolicy(this, 'RequestScaling', {
          name: `${gw.name}-${s.name}-requests`,
          policyType: 'TargetTrackingScaling',
          serviceNamespace: this.scalableTarget.serviceNamespace,
          scalableDimension: this.scalableTarget.scalableDimension,
          resourceId: this.scalableTarget.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            targetValue: scaling.requestCountPerTargetPerMinute,
            predefinedMetricSpecification: {
              predefinedMetricType: 'ALBRequestCountPerTarget',
              resourceLabel: `${props.loadBalancer.arnSuffix}/${this.targetGroup.arnSuffix}`,
            },
            scaleInCooldown: scaling.scaleInCooldownSeconds,
            scaleOutCooldown: scaling.scaleOutCooldownSeconds,
          },
        }));
      }
    }

    // --- The gateway side: integration and routes ------------------------------------------------------
    this.integration = new Apigatewayv2Integration(this, 'Integration', {
      apiId: props.apiId,
      description: `Service ${s.name}`,
      integrationType: 'HTTP_PROXY',
      integrationMethod: 'ANY',
      connectionType: 'VPC_LINK',
      connectionId: props.vpcLinkId,
      integrationUri: alb ? props.listener!.arn : this.cloudMapService!.arn,
      payloadFormatVersion: '1.0',
      timeoutMilliseconds: s.integration.timeoutMs,
    });
    gw.routes.filter((r) => r.service === s.name).forEach((r) => {
      const index = s.routeKeys.indexOf(r.routeKey) + 1;
      this.routes.push(new Apigatewayv2Route(this, `Route${index}`, {
        apiId: props.apiId,
        routeKey: r.routeKey,
        target: `integrations/${this.integration.id}`,
        authorizationType: r.authorized ? 'JWT' : 'NONE',
        authorizerId: r.authorized ? props.authorizerId : undefined,
        authorizationScopes: r.authorized && r.authorizationScopes.length > 0 ? r.authorizationScopes : undefined,
      }));
    });
  }

  /**
   * Admits a caller inside the VPC on the service's port: another service of the gateway calling
   * this one through Service Connect (`serviceConnectUrl`), or another tier. The service admits
   * nothing but the gateway path until this is called.
   *
   * @param id construct id of the ingress rule (stable: it names the rule in the Terraform JSON)
   * @param sourceSecurityGroupId the caller's security group
   */
  public allowFrom(id: string, sourceSecurityGroupId: string): VpcSecurityGroupIngressRule {
    return new VpcSecurityGroupIngressRule(this, id, {
      securityGroupId: this.securityGroup.id,
      referencedSecurityGroupId: sourceSecurityGroupId,
      ipProtocol: 'tcp',
      fromPort: this.plan.serviceConnect.clientAliasPort,
      toPort: this.plan.serviceConnect.clientAliasPort,
      description: `${id} on ${this.plan.serviceConnect.clientAliasPort}`,
    });
  }

  /**
   * Wires one of the WorkQueues the plan subscribes this service to: the task role may receive,
   * delete and extend messages of the queue (and decrypt them with its key), and the container
   * finds the queue's URL in `QUEUE_<NAME>_URL` (the name upper-cased, hyphens as underscores).
   *
   * @param queueName the WorkQueue's name, one of the plan's `queueSubscriptions`
   * @param queueArn the queue's ARN
   * @param queueUrl the queue's URL
   * @param keyArn ARN of the KMS key the queue is encrypted with, when it is a customer managed key
   */
  public subscribeQueue(queueName: string, queueArn: string, queueUrl: string, keyArn?: string): IamRolePolicy {
    const rules = new Rules(this.node.path);
    rules.check('queueName', queueName, this.plan.queueSubscriptions.includes(queueName),
      this.plan.queueSubscriptions.length > 0 ? `one of the service's queueSubscriptions: ${this.plan.queueSubscriptions.join(', ')}`
        : 'a name in queueSubscriptions (this service subscribes to no queue)');
    rules.check('queueName', queueName, !this.subscribed.has(queueName), 'a queue not wired yet');
    rules.throwIfInvalid();
    this.subscribed.add(queueName);
    this.environment[`QUEUE_${queueName.toUpperCase().replace(/-/g, '_')}_URL`] = queueUrl;
    const statements: object[] = [{
      Effect: 'Allow',
      Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
      Resource: queueArn,
    }];
    if (keyArn !== undefined) statements.push({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn });
    return new IamRolePolicy(this, `Queue-${queueName}`, {
      role: this.taskRole.id,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    });
  }
}

/** The first `count` subnets of a list (all of an unresolved list, which cannot be sliced). */
function firstSubnets(subnets: string[], count: number): string[] {
  return Token.isUnresolved(subnets) ? subnets : subnets.slice(0, count);
}

function trimSlash(prefix: string): string {
  return prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
}

/**
 * The execution role's policy on the container's secrets: Secrets Manager secrets (a JSON key
 * suffix stripped) and SSM parameters by ARN, and decryption through those services only.
 */
function secretsPolicy(secrets: { [key: string]: string }, region: string, dnsSuffix: string): string {
  const arns = Object.values(secrets);
  const sm = [...new Set(arns.filter((a) => Token.isUnresolved(a) || a.includes(':secretsmanager:')).map(secretArnOf))];
  const ssm = [...new Set(arns.filter((a) => !Token.isUnresolved(a) && a.includes(':ssm:')))];
  const statements: object[] = [];
  if (sm.length > 0) {
    statements.push({ Sid: 'ReadSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: sm.flatMap(secretResources) });
  }
  if (ssm.length > 0) statements.push({ Sid: 'ReadParameters', Effect: 'Allow', Action: 'ssm:GetParameters', Resource: ssm });
  statements.push({
    Sid: 'DecryptSecrets',
    Effect: 'Allow',
    Action: 'kms:Decrypt',
    Resource: '*',
    Condition: { StringEquals: { 'kms:ViaService': [`secretsmanager.${region}.${dnsSuffix}`, `ssm.${region}.${dnsSuffix}`] } },
  });
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** `arn:aws:secretsmanager:r:a:secret:name:json-key::` -> `arn:aws:secretsmanager:r:a:secret:name`. */
function secretArnOf(valueFrom: string): string {
  if (Token.isUnresolved(valueFrom)) return valueFrom;
  return valueFrom.split(':').slice(0, 7).join(':');
}

/** A secret ARN as given, and with the random suffix Secrets Manager appends when the name alone was given. */
function secretResources(arn: string): string[] {
  if (Token.isUnresolved(arn)) return [arn];
  return /-[A-Za-z0-9]{6}$/.test(arn) ? [arn] : [arn, `${arn}-??????`];
}

