import * as cdk from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { accessLogBucket, logAccessLogs } from './access-logs';
import { recordBlock } from './block-metadata';
import { acknowledge, allowLogsToUse, azCountFix, blockVpc, encryptionKey, toRemovalPolicy, vpcAzCount } from './common';
import { containerSecret, renderEcsService, renderEcsTask } from './ecs-service';
import { renderWiringAccess, wiredContainer } from './wiring';
import { WiringTargets } from './wiring-targets';
import { resolvePlan } from '../core/blocks/common';
import {
  ComputeKind, CpuArchitecture, DeploymentStrategy, ecsServiceOfApi, ListenerProtocol, LoadBalancedApiOptions, LoadBalancedApiPlan, LoadBalancerType,
  planLoadBalancedApi, SubnetKind,
} from '../core/blocks/load-balanced-api';
import { OriginAccess } from '../core/blocks/shared/cdn';
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS } from '../core/catalog/prefix-lists';
import { checkOptionsObject } from '../core/inputs';
import { Rules } from '../core/validation';

/** Props of a LoadBalancedApi: the neutral options plus the CDK extras. */
export interface LoadBalancedApiProps extends LoadBalancedApiOptions {
  /**
   * The VPC to deploy into: it needs public subnets (internet-facing) and private subnets in at
   * least `azCount` Availability Zones.
   *
   * @default - a VPC of `azCount` AZs with public, private and isolated subnets, a NAT gateway per AZ and encrypted flow logs
   */
  readonly vpc?: ec2.IVpc;
  /**
   * The ECS cluster to run the service in (in `vpc` when both are given). With compute kind EC2
   * it must be an `ecs.Cluster` of this app (the block adds its capacity provider to it).
   *
   * @default - a cluster with Container Insights on
   */
  readonly cluster?: ecs.ICluster;
  /**
   * A plan already resolved (SystemStack passes the plans of its chain). When given, no other
   * block option may be set.
   *
   * @default - resolved from the options
   */
  readonly plan?: LoadBalancedApiPlan;
  /**
   * The rendered blocks the plan's `wiring` refers to (a SystemStack hands them over): the
   * container gets the wiring's environment and secrets, each block admits the tasks and grants
   * the task role what the wiring lists, all while the API is built.
   *
   * @default - none: the plan must have no wiring
   */
  readonly wiringTargets?: WiringTargets;
}

/**
 * A load balancer over an ECS fleet spread across Availability Zones: an Application Load
 * Balancer (round robin, least outstanding requests, weighted random with anomaly mitigation) or
 * a Network Load Balancer with source-IP stickiness, in front of a Fargate or EC2-backed service
 * that scales on CPU and requests per target, rolls out with a circuit breaker (or ECS native
 * blue/green) and keeps its scaled-out task count across deploys.
 */
export class LoadBalancedApi extends Construct implements ec2.IConnectable, iam.IGrantable {
  /** The resolved plan this construct renders. */
  public readonly plan: LoadBalancedApiPlan;
  /** The VPC (given or created). */
  public readonly vpc: ec2.IVpc;
  /** The ECS cluster (given or created). */
  public readonly cluster: ecs.ICluster;
  /** The load balancer. */
  public readonly loadBalancer: elbv2.BaseLoadBalancer;
  /** The Application Load Balancer (every algorithm but SOURCE_IP_HASH). */
  public readonly applicationLoadBalancer?: elbv2.ApplicationLoadBalancer;
  /** The Network Load Balancer (SOURCE_IP_HASH). */
  public readonly networkLoadBalancer?: elbv2.NetworkLoadBalancer;
  /** The listener clients connect to (HTTPS 443, TLS 443, HTTP 80 or TCP 80). */
  public readonly listener: elbv2.BaseListener;
  /**
   * With originAccess SECRET_ORIGIN_HEADER: the Secrets Manager secret holding the origin header's
   * generated value, which the listener rule compares with and the CDN sends (pass it to GlobalCdn's `originSecret`).
   */
  public readonly originSecret?: secretsmanager.Secret;
  /** With originAccess SECRET_ORIGIN_HEADER and ROLLING: the one rule that forwards requests carrying the origin header. */
  public readonly originHeaderRule?: elbv2.ApplicationListenerRule;
  /** The HTTP 80 listener that redirects to HTTPS (ALB with a certificate). */
  public readonly redirectListener?: elbv2.ApplicationListener;
  /** The target group the tasks register in (blue, with BLUE_GREEN). */
  public readonly targetGroup: elbv2.ITargetGroup;
  /** The second target group of ECS native blue/green (green). */
  public readonly alternateTargetGroup?: elbv2.ApplicationTargetGroup;
  /** The security group of the load balancer. */
  public readonly loadBalancerSecurityGroup: ec2.SecurityGroup;
  /** The security group of the tasks: it admits the load balancer's group only, on the container port. */
  public readonly serviceSecurityGroup: ec2.SecurityGroup;
  /** The ECS service. */
  public readonly service: ecs.BaseService;
  /** The task definition. */
  public readonly taskDefinition: ecs.TaskDefinition;
  /** The API container. */
  public readonly container: ecs.ContainerDefinition;
  /** The key of the block's log groups. */
  public readonly logKey: kms.Key;
  /** The container log group (KMS-encrypted). */
  public readonly logGroup: logs.LogGroup;
  /** The access log bucket (when the plan writes access logs). */
  public readonly accessLogBucket?: s3.Bucket;
  /** Auto scaling of the task count (when auto scaling owns it). */
  public readonly scalableTaskCount?: ecs.ScalableTaskCount;
  /** The EC2 capacity (compute kind EC2). */
  public readonly autoScalingGroup?: autoscaling.AutoScalingGroup;
  /** The ECS capacity provider of the EC2 capacity (compute kind EC2). */
  public readonly capacityProvider?: ecs.AsgCapacityProvider;
  /** The WAF web ACL association (when a web ACL is given). */
  public readonly webAclAssociation?: wafv2.CfnWebACLAssociation;
  /** The load balancer's DNS name. */
  public readonly loadBalancerDnsName: string;
  /** The load balancer's ARN. */
  public readonly loadBalancerArn: string;
  /** The API's URL: `https://<dns>` (or `http://`, `tls://`, `tcp://` per the listener). */
  public readonly url: string;
  /** The tasks' connections (allow them into a database or a cache with `connections.allowTo...`). */
  public readonly connections: ec2.Connections;
  /** The task role: grant it what the API may do (`queue.grantSendMessages(api)`). */
  public readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: LoadBalancedApiProps = {}) {
    super(scope, id);
    checkOptionsObject(props, this.node.path, 'props', 'LoadBalancedApiProps');
    const { vpc: givenVpc, cluster: givenCluster, plan: givenPlan, wiringTargets, ...options } = props;
    const plan = resolvePlan(options, givenPlan, planLoadBalancedApi, this.node.path,
      { networkAzCount: vpcAzCount(givenVpc ?? givenCluster?.vpc, false) });
    const wired = wiredContainer(this.node.path, plan.wiring, wiringTargets);
    this.plan = plan;
    const alb = plan.loadBalancerType === LoadBalancerType.APPLICATION;
    const ec2Kind = plan.compute.kind === ComputeKind.EC2;

    // --- backend-specific input ---------------------------------------------------------------
    const rules = new Rules(this.node.path);
    const vpcFromCluster = givenCluster?.vpc;
    const inputVpc = givenVpc ?? vpcFromCluster;
    if (givenVpc && givenCluster) {
      rules.check('cluster', givenCluster.node.path, givenCluster.vpc === givenVpc, 'a cluster in the given vpc');
    }
    if (inputVpc) {
      rules.check('vpc', `${inputVpc.availabilityZones.length} AZs`, inputVpc.availabilityZones.length >= plan.azCount,
        `a VPC spanning at least azCount (${plan.azCount}) Availability Zones${azCountFix('azCount')}`);
      const privateSubnets = inputVpc.privateSubnets.length + inputVpc.isolatedSubnets.length;
      rules.check('vpc', `${privateSubnets} private subnets`, privateSubnets > 0, 'a VPC with private subnets (the tasks never get a public IP)');
      if (plan.network.loadBalancerSubnets === SubnetKind.PUBLIC) {
        rules.check('vpc', `${inputVpc.publicSubnets.length} public subnets`, inputVpc.publicSubnets.length > 0,
          'a VPC with public subnets for an internet-facing load balancer (or set internetFacing false)');
      }
    }
    const cloudFrontOnly = plan.securityGroups.loadBalancerAdmitsCloudFrontOnly === true;
    if (cloudFrontOnly) {
      const region = cdk.Stack.of(this).region;
      rules.check('cloudFrontOriginOnly', true, cdk.Token.isUnresolved(region) || CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS[region] !== undefined,
        `false in ${region}: the catalog knows CloudFront's origin-facing prefix list in ${Object.keys(CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS).join(', ')}`);
    }
    rules.check('plan.ec2Capacity', plan.ec2Capacity, !ec2Kind || plan.ec2Capacity !== undefined, 'the EC2 capacity of a plan with compute.kind EC2');
    if (givenCluster && ec2Kind) {
      rules.check('cluster', givenCluster.node.path, givenCluster instanceof ecs.Cluster,
        'an ecs.Cluster created in this app with compute.kind EC2 (the block adds its capacity provider), or no cluster');
    }
    rules.throwIfInvalid();

    // --- network, keys, cluster ---------------------------------------------------------------
    this.logKey = encryptionKey(this, 'LogKey', `${plan.name}: container and flow logs`, plan.kmsKeyDeletionWindowDays);
    allowLogsToUse(this.logKey);
    this.vpc = inputVpc ?? blockVpc(this, 'Vpc', { azCount: plan.azCount, logKey: this.logKey, network: plan.createdNetwork });
    const zones = this.vpc.availabilityZones.slice(0, plan.azCount);
    const privateType = this.vpc.privateSubnets.length > 0 ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED;
    const taskSubnets: ec2.SubnetSelection = { subnetType: privateType, availabilityZones: zones };
    const lbSubnets: ec2.SubnetSelection = plan.network.loadBalancerSubnets === SubnetKind.PUBLIC
      ? { subnetType: ec2.SubnetType.PUBLIC, availabilityZones: zones } : taskSubnets;
    this.cluster = givenCluster ?? new ecs.Cluster(this, 'Cluster', { vpc: this.vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });

    // --- security groups ----------------------------------------------------------------------
    this.loadBalancerSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc: this.vpc,
      description: `${plan.name}: load balancer, admits clients on ${plan.securityGroups.loadBalancerIngressPorts.join(', ')}`,
      allowAllOutbound: !plan.securityGroups.loadBalancerEgressToTasksOnly,
    });
    const peers = cloudFrontOnly
      ? [ec2.Peer.prefixList(cloudFrontPrefixListId(this))]
      : plan.securityGroups.loadBalancerAdmitsVpcCidr
        ? [ec2.Peer.ipv4(this.vpc.vpcCidrBlock)]
        : plan.securityGroups.loadBalancerIngressCidrs.map((c) => (c.includes(':') ? ec2.Peer.ipv6(c) : ec2.Peer.ipv4(c)));
    for (const peer of peers) {
      for (const port of plan.securityGroups.loadBalancerIngressPorts) {
        this.loadBalancerSecurityGroup.addIngressRule(peer, ec2.Port.tcp(port), `clients on ${port}`);
      }
    }
    if (plan.securityGroups.loadBalancerIngressCidrs.some((c) => c === '0.0.0.0/0' || c === '::/0')) {
      acknowledge(this.loadBalancerSecurityGroup, {
        id: 'AwsSolutions::AwsSolutions-EC23',
        reason: `an internet-facing API serves every client: the load balancer admits the internet on its listener ports (${plan.securityGroups.loadBalancerIngressPorts.join(' and ')}) only, `
          + 'and reaches nothing but the tasks; allowedCidrs narrows it',
      });
    }
    this.serviceSecurityGroup = new ec2.SecurityGroup(this, 'ServiceSecurityGroup', {
      vpc: this.vpc,
      description: `${plan.name}: tasks, admit the load balancer on ${plan.securityGroups.taskIngressPort}`,
      allowAllOutbound: true,
    });
    this.serviceSecurityGroup.connections.allowFrom(this.loadBalancerSecurityGroup, ec2.Port.tcp(plan.securityGroups.taskIngressPort),
      'load balancer to tasks (traffic and health checks)');

    // --- task definition ----------------------------------------------------------------------
    const servicePlan = ecsServiceOfApi(plan);
    const task = renderEcsTask(this, servicePlan, this.logKey, { logGroup: 'Logs', taskDefinition: 'TaskDefinition', container: 'Container' },
      { environment: wired.environment, secrets: wired.secrets });
    this.logGroup = task.logGroup;
    this.taskDefinition = task.taskDefinition;
    this.container = task.container;
    const arm = plan.compute.architecture === CpuArchitecture.ARM64;
    if (Object.keys(wired.environment).length > 0) {
      acknowledge(this.taskDefinition,
        { id: 'AwsSolutions::AwsSolutions-ECS2', reason: 'the system hands endpoints, names and ports as environment; every credential is an ECS secret' });
    } else if (ec2Kind || Object.keys(plan.container.environment).length > 0) {
      acknowledge(this.taskDefinition, {
        id: 'AwsSolutions::AwsSolutions-ECS2',
        reason: 'plain settings only: container.environment (the plan rejects secret-like names) and the AWS_REGION aws-cdk-lib sets on EC2 tasks; '
          + 'secrets come from Secrets Manager or SSM via container.secrets',
      });
    }

    // --- EC2 capacity -------------------------------------------------------------------------
    if (ec2Kind && plan.ec2Capacity) {
      const capacity = plan.ec2Capacity;
      const cluster = this.cluster as ecs.Cluster;
      const instanceSecurityGroup = new ec2.SecurityGroup(this, 'CapacitySecurityGroup', {
        vpc: this.vpc,
        description: `${plan.name}: container instances (tasks have their own group; nothing is admitted)`,
        allowAllOutbound: true,
      });
      const instanceRole = new iam.Role(this, 'CapacityRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
      const launchTemplate = new ec2.LaunchTemplate(this, 'CapacityLaunchTemplate', {
        instanceType: new ec2.InstanceType(capacity.instanceType),
        machineImage: ecs.EcsOptimizedImage.amazonLinux2023(arm ? ecs.AmiHardwareType.ARM : ecs.AmiHardwareType.STANDARD),
        userData: ec2.UserData.forLinux(),
        role: instanceRole,
        securityGroup: instanceSecurityGroup,
        requireImdsv2: capacity.requireImdsv2,
        httpPutResponseHopLimit: capacity.metadataHopLimit,
        associatePublicIpAddress: plan.network.assignPublicIp,
        detailedMonitoring: capacity.detailedMonitoring,
        blockDevices: [{
          deviceName: capacity.rootVolume.deviceName,
          volume: ec2.BlockDeviceVolume.ebs(capacity.rootVolume.sizeGiB, {
            encrypted: capacity.rootVolume.encrypted,
            volumeType: capacity.rootVolume.volumeType as ec2.EbsDeviceVolumeType,
            deleteOnTermination: capacity.rootVolume.deleteOnTermination,
          }),
        }],
      });
      this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, 'Capacity', {
        vpc: this.vpc,
        vpcSubnets: taskSubnets,
        launchTemplate,
        minCapacity: capacity.minInstances,
        maxCapacity: capacity.maxInstances,
      });
      this.capacityProvider = new ecs.AsgCapacityProvider(this, 'CapacityProvider', {
        autoScalingGroup: this.autoScalingGroup,
        enableManagedScaling: true,
        targetCapacityPercent: capacity.managedScalingTargetCapacityPercent,
        enableManagedTerminationProtection: capacity.managedTerminationProtection,
      });
      cluster.addAsgCapacityProvider(this.capacityProvider);
      acknowledge(this.autoScalingGroup,
        { id: 'AwsSolutions::AwsSolutions-AS3', reason: 'the ECS capacity provider manages scaling of this group; ECS events report what runs on it' },
        { id: 'cdk-validator-cfnguard::autoscaling_multiple_az_check', reason: `the group spans ${plan.azCount} AZs through VPCZoneIdentifier (a private subnet per AZ); the rule reads only AvailabilityZones` },
        { id: 'cdk-validator-cfnguard::autoscaling_mixed_instances_policy_multiple_instance_types_check', reason: 'the plan sizes tasks per instance for one instance type; a mix would break the sizing' });
      const agentReason = 'the ECS container agent policy that aws-cdk-lib attaches for the cluster needs ecs:Submit* and account-wide '
        + 'ecr:GetAuthorizationToken and ecs:DiscoverPollEndpoint';
      acknowledge(instanceRole,
        { id: 'AwsSolutions::AwsSolutions-IAM5[Action::ecs:Submit*]', reason: agentReason },
        { id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]', reason: agentReason });
    }

    // --- service ------------------------------------------------------------------------------
    const blueGreen = plan.deployment.strategy === DeploymentStrategy.BLUE_GREEN;
    this.service = renderEcsService(this, servicePlan, task, { service: 'Service' }, {
      cluster: this.cluster,
      vpcSubnets: taskSubnets,
      securityGroups: [this.serviceSecurityGroup],
      capacityProvider: this.capacityProvider,
    });
    this.connections = this.service.connections;
    this.grantPrincipal = this.taskDefinition.taskRole;
    renderWiringAccess(plan.wiring, wiringTargets, { securityGroup: this.serviceSecurityGroup, role: this.taskDefinition.taskRole });

    // --- load balancer ------------------------------------------------------------------------
    const lbCommon = { vpc: this.vpc, internetFacing: plan.internetFacing, vpcSubnets: lbSubnets };
    const listener = plan.listener;
    if (alb) {
      const lb = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
        ...lbCommon,
        securityGroup: this.loadBalancerSecurityGroup,
        idleTimeout: cdk.Duration.seconds(plan.idleTimeoutSeconds),
        dropInvalidHeaderFields: plan.dropInvalidHeaderFields,
      });
      this.applicationLoadBalancer = lb;
      this.loadBalancer = lb;
      const targetGroup = this.applicationTargetGroup('TargetGroup');
      this.targetGroup = targetGroup;
      const https = listener.protocol === ListenerProtocol.HTTPS;
      const appListener = lb.addListener('Listener', {
        port: listener.port,
        protocol: https ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP,
        certificates: https && listener.certificateArn ? [elbv2.ListenerCertificate.fromArn(listener.certificateArn)] : undefined,
        sslPolicy: https ? listener.sslPolicy as elbv2.SslPolicy : undefined,
        open: false,
        defaultAction: listener.unmatchedResponse
          ? elbv2.ListenerAction.fixedResponse(listener.unmatchedResponse.statusCode, {
            contentType: listener.unmatchedResponse.contentType, messageBody: listener.unmatchedResponse.messageBody,
          })
          : elbv2.ListenerAction.forward([targetGroup]),
      });
      this.listener = appListener;
      // With SECRET_ORIGIN_HEADER, only a request carrying the secret header CloudFront adds is forwarded;
      // the listener's default action answers the rest (403). The value is a dynamic reference, never in the template.
      const originHeader = plan.originHeader;
      let headerConditions: elbv2.ListenerCondition[] = [];
      if (originHeader) {
        const secret = new secretsmanager.Secret(this, 'OriginSecret', {
          secretName: originHeader.secret.name,
          description: `${plan.name}: value of the ${originHeader.headerName} header CloudFront adds and the load balancer requires`,
          generateSecretString: {
            passwordLength: originHeader.secret.valueLength,
            excludePunctuation: originHeader.secret.excludePunctuation,
            includeSpace: originHeader.secret.includeSpace,
          },
          removalPolicy: toRemovalPolicy(originHeader.secret.removalPolicy),
        });
        this.originSecret = secret;
        acknowledge(secret, {
          id: 'AwsSolutions::AwsSolutions-SMG4',
          reason: 'the origin header value must change in the CloudFront distribution and the listener rule together; that rotation is not built '
            + '(the report says so), and the value only proves a request came through this CDN',
        });
        headerConditions = [elbv2.ListenerCondition.httpHeader(originHeader.headerName, [secret.secretValue.unsafeUnwrap()])];
        if (!blueGreen) {
          this.originHeaderRule = new elbv2.ApplicationListenerRule(this, 'OriginHeaderRule', {
            listener: appListener,
            priority: originHeader.rulePriority,
            conditions: headerConditions,
            action: elbv2.ListenerAction.forward([targetGroup]),
          });
        }
      }
      if (listener.redirectHttpToHttps) {
        this.redirectListener = lb.addListener('HttpRedirect', {
          port: 80,
          protocol: elbv2.ApplicationProtocol.HTTP,
          open: false,
          // HTTP_301 is a permanent redirect, HTTP_302 a temporary one (aws-cdk-lib's `permanent`).
          defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: String(listener.port), permanent: listener.redirectStatusCode === 'HTTP_301' }),
        });
      }
      if (!https) {
        acknowledge(appListener, {
          id: 'cdk-validator-cfnguard::alb_http_to_https_redirection_check',
          reason: listener.plainTextToInternet
            ? 'the spec opted in to plain HTTP to the internet (allowPlainHttp, no certificateArn): there is no HTTPS listener to redirect to; the report notes it'
            : plan.originAccess === OriginAccess.VPC_ORIGIN
              ? 'an internal load balancer reached only through a CloudFront VPC origin: CloudFront serves viewers HTTPS (and redirects HTTP), the hop '
                + 'to this listener stays on the AWS network; the report notes it'
              : 'an internal load balancer without a certificate: plain HTTP inside the VPC only, there is no HTTPS listener to redirect to; the report notes it',
        });
      }
      if (blueGreen) {
        const green = this.applicationTargetGroup('AlternateTargetGroup');
        this.alternateTargetGroup = green;
        const rule = new elbv2.ApplicationListenerRule(this, 'ProductionRule', {
          listener: appListener,
          priority: 1,
          conditions: [elbv2.ListenerCondition.pathPatterns(['/*']), ...headerConditions],
          action: elbv2.ListenerAction.weightedForward([{ targetGroup, weight: 100 }, { targetGroup: green, weight: 0 }]),
        });
        const alternateTarget = new ecs.AlternateTarget('BlueGreen', {
          alternateTargetGroup: green,
          productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(rule),
        });
        targetGroup.addTarget(this.service.loadBalancerTarget({
          containerName: plan.ecsService.containerName, containerPort: plan.container.port, alternateTarget,
        }));
        acknowledge(this.service, {
          id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers]',
          reason: 'ECS native blue/green shifts traffic with the AWS-managed AmazonECSInfrastructureRolePolicyForLoadBalancers, the policy AWS documents for it',
        });
      } else {
        targetGroup.addTarget(this.service.loadBalancerTarget({ containerName: plan.ecsService.containerName, containerPort: plan.container.port }));
      }
      if (plan.webAclArn) {
        this.webAclAssociation = new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', { resourceArn: lb.loadBalancerArn, webAclArn: plan.webAclArn });
      }
    } else {
      const lb = new elbv2.NetworkLoadBalancer(this, 'LoadBalancer', {
        ...lbCommon,
        securityGroups: [this.loadBalancerSecurityGroup],
        crossZoneEnabled: plan.targetGroup.crossZoneLoadBalancing,
      });
      this.networkLoadBalancer = lb;
      this.loadBalancer = lb;
      const tg = plan.targetGroup;
      const hc = plan.healthCheck;
      const targetGroup = new elbv2.NetworkTargetGroup(this, 'TargetGroup', {
        vpc: this.vpc,
        port: tg.port,
        protocol: tg.protocol as elbv2.Protocol,
        targetType: tg.targetType as elbv2.TargetType,
        deregistrationDelay: cdk.Duration.seconds(plan.deregistrationDelaySeconds),
        preserveClientIp: tg.preserveClientIp,
        healthCheck: {
          protocol: hc.protocol as elbv2.Protocol,
          interval: cdk.Duration.seconds(hc.intervalSeconds),
          timeout: cdk.Duration.seconds(hc.timeoutSeconds),
          healthyThresholdCount: hc.healthyThreshold,
          unhealthyThresholdCount: hc.unhealthyThreshold,
        },
      });
      if (tg.stickinessType) {
        targetGroup.setAttribute('stickiness.enabled', 'true');
        targetGroup.setAttribute('stickiness.type', tg.stickinessType);
      }
      this.targetGroup = targetGroup;
      const tls = listener.protocol === ListenerProtocol.TLS;
      this.listener = lb.addListener('Listener', {
        port: listener.port,
        protocol: tls ? elbv2.Protocol.TLS : elbv2.Protocol.TCP,
        certificates: tls && listener.certificateArn ? [elbv2.ListenerCertificate.fromArn(listener.certificateArn)] : undefined,
        sslPolicy: tls ? listener.sslPolicy as elbv2.SslPolicy : undefined,
        defaultTargetGroups: [targetGroup],
      });
      targetGroup.addTarget(this.service.loadBalancerTarget({ containerName: plan.ecsService.containerName, containerPort: plan.container.port }));
      if (!plan.accessLogs) {
        const reason = 'a Network Load Balancer writes access logs for TLS listeners only; this one serves plain TCP (no certificateArn)';
        acknowledge(lb, { id: 'AwsSolutions::AwsSolutions-ELB2', reason }, { id: 'cdk-validator-cfnguard::elbv2_logging_enabled_check', reason });
      }
    }
    acknowledge(this.loadBalancer, {
      id: 'cdk-validator-cfnguard::elbv2_deletion_protection_enabled_check',
      reason: 'the load balancer holds no data and is replaced by changes such as internetFacing; deletion protection would block those updates and stack deletion',
    });
    this.loadBalancerDnsName = this.loadBalancer.loadBalancerDnsName;
    this.loadBalancerArn = this.loadBalancer.loadBalancerArn;
    this.url = `${listener.urlScheme}://${this.loadBalancerDnsName}`;

    // --- access logs --------------------------------------------------------------------------
    if (plan.accessLogs && plan.logBucket) {
      this.accessLogBucket = accessLogBucket(this, 'AccessLogs', plan.logBucket);
      logAccessLogs(this.applicationLoadBalancer ?? this.networkLoadBalancer!, this.accessLogBucket, plan.logBucket.prefix);
    } else if (alb) {
      const reason = 'access logs are off: accessLogs false was asked for';
      acknowledge(this.loadBalancer, { id: 'AwsSolutions::AwsSolutions-ELB2', reason }, { id: 'cdk-validator-cfnguard::elbv2_logging_enabled_check', reason });
    }

    // --- auto scaling -------------------------------------------------------------------------
    const scaling = plan.scaling;
    if (scaling.autoScaling) {
      const count = this.service.autoScaleTaskCount({ minCapacity: scaling.minTasks, maxCapacity: scaling.maxTasks });
      const cooldowns = {
        scaleInCooldown: cdk.Duration.seconds(scaling.scaleInCooldownSeconds),
        scaleOutCooldown: cdk.Duration.seconds(scaling.scaleOutCooldownSeconds),
      };
      count.scaleOnCpuUtilization('CpuScaling', { targetUtilizationPercent: scaling.targetCpuUtilizationPercent, ...cooldowns });
      if (alb && scaling.requestCountPerTargetPerMinute !== undefined) {
        count.scaleOnRequestCount('RequestCountScaling', {
          requestsPerTarget: scaling.requestCountPerTargetPerMinute,
          targetGroup: this.targetGroup as elbv2.ApplicationTargetGroup,
          ...cooldowns,
        });
      }
      this.scalableTaskCount = count;
    }
    recordBlock(this, this.plan);
  }

  /** A metric of the service (namespace AWS/ECS, dimensions ClusterName and ServiceName). */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.service.metric(metricName, props);
  }

  /** Average CPU utilisation of the tasks, in percent. */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.service.metricCpuUtilization(props);
  }

  /** Average memory utilisation of the tasks, in percent. */
  public metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.service.metricMemoryUtilization(props);
  }

  /** Healthy targets in the target group. */
  public metricHealthyHostCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroupMetric('HealthyHostCount', 'Average', props);
  }

  /** Unhealthy targets in the target group. */
  public metricUnhealthyHostCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroupMetric('UnHealthyHostCount', 'Average', props);
  }

  /**
   * Requests the load balancer served (ALB: RequestCount) or new connections it opened (NLB:
   * NewFlowCount), summed over the period.
   */
  public metricRequestCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    if (this.applicationLoadBalancer) return this.applicationLoadBalancer.metrics.requestCount(props);
    return this.networkLoadBalancer!.metrics.newFlowCount(props);
  }

  private targetGroupMetric(metricName: string, statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    const alb = this.applicationLoadBalancer !== undefined;
    return new cloudwatch.Metric({
      namespace: alb ? 'AWS/ApplicationELB' : 'AWS/NetworkELB',
      metricName,
      statistic,
      dimensionsMap: {
        LoadBalancer: (this.applicationLoadBalancer ?? this.networkLoadBalancer!).loadBalancerFullName,
        TargetGroup: alb ? (this.targetGroup as elbv2.ApplicationTargetGroup).targetGroupFullName
          : (this.targetGroup as elbv2.NetworkTargetGroup).targetGroupFullName,
      },
      ...props,
    });
  }

  private applicationTargetGroup(id: string): elbv2.ApplicationTargetGroup {
    const plan = this.plan;
    const tg = plan.targetGroup;
    const hc = plan.healthCheck;
    const targetGroup = new elbv2.ApplicationTargetGroup(this, id, {
      vpc: this.vpc,
      port: tg.port,
      protocol: tg.protocol as elbv2.ApplicationProtocol,
      targetType: tg.targetType as elbv2.TargetType,
      deregistrationDelay: cdk.Duration.seconds(plan.deregistrationDelaySeconds),
      slowStart: plan.slowStartSeconds > 0 ? cdk.Duration.seconds(plan.slowStartSeconds) : undefined,
      healthCheck: {
        protocol: hc.protocol as elbv2.Protocol,
        path: hc.path,
        healthyHttpCodes: hc.healthyHttpCodes,
        interval: cdk.Duration.seconds(hc.intervalSeconds),
        timeout: cdk.Duration.seconds(hc.timeoutSeconds),
        healthyThresholdCount: hc.healthyThreshold,
        unhealthyThresholdCount: hc.unhealthyThreshold,
      },
    });
    if (tg.algorithmType) targetGroup.setAttribute('load_balancing.algorithm.type', tg.algorithmType);
    if (tg.anomalyMitigation) targetGroup.setAttribute('load_balancing.algorithm.anomaly_mitigation', 'on');
    return targetGroup;
  }
}

/**
 * Id of CloudFront's origin-facing managed prefix list (`com.amazonaws.global.cloudfront.origin-facing`)
 * in the stack's Region. CloudFormation cannot look a managed prefix list up by name, so the id
 * comes from the catalog: directly when the Region is known, through a mapping of every catalogued
 * Region in an env-agnostic stack (a deploy to an uncatalogued Region fails on the mapping).
 */
export function cloudFrontPrefixListId(scope: Construct): string {
  const stack = cdk.Stack.of(scope);
  if (!cdk.Token.isUnresolved(stack.region)) return CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS[stack.region];
  const id = 'ScaleblocksCloudFrontPrefixLists';
  const mapping = (stack.node.tryFindChild(id) as cdk.CfnMapping | undefined) ?? new cdk.CfnMapping(stack, id, {
    mapping: Object.fromEntries(Object.entries(CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS).map(([region, pl]) => [region, { id: pl }])),
  });
  return mapping.findInMap(cdk.Aws.REGION, 'id');
}


/** Moved to the ECS-service renderer; re-exported here, where it was first published. */
export { containerSecret };
