import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsEc2ManagedPrefixList } from '@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list';
import { DataAwsSecretsmanagerRandomPassword } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { EcsCapacityProvider } from '@cdktf/provider-aws/lib/ecs-capacity-provider';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { accessLogBucket } from './access-logs';
import { recordBlock } from './block-metadata';
import {
  assumeRole, BlockNetwork, encryptedLogGroup, encryptionKey, ExistingNetwork, networkAzCount, protect, secretReadStatements, StackContext,
} from './common';
import { renderEcsService, renderEcsTaskDefinition, renderExecutionRolePolicy } from './ecs-service';
import { renderWiringAccess, wiredContainer } from './wiring';
import { WiringTargets } from './wiring-targets';
import { resolvePlan } from '../core/blocks/common';
import {
  ComputeKind, CpuArchitecture, DeploymentStrategy, ecsServiceOfApi, ListenerProtocol, LoadBalancedApiOptions, LoadBalancedApiPlan, LoadBalancerType,
  planLoadBalancedApi, SubnetKind,
} from '../core/blocks/load-balanced-api';
import { checkOptionsObject } from '../core/inputs';
import { Rules } from '../core/validation';

/** Props of a Terraform LoadBalancedApi: the neutral options plus where it runs. */
export interface LoadBalancedApiProps extends LoadBalancedApiOptions {
  /**
   * An existing network: public subnets for an internet-facing load balancer and private
   * subnets for the tasks, at least `azCount` of each (the first `azCount` are used).
   *
   * @default - the block creates a network of `azCount` AZs (public, private and isolated subnets, a NAT gateway per AZ)
   */
  readonly network?: ExistingNetwork;
  /**
   * ARN of an existing ECS cluster to run the service in (Fargate only: EC2 capacity needs the
   * cluster the block creates, to attach its capacity provider).
   *
   * @default - the block creates a cluster with Container Insights
   */
  readonly clusterArn?: string;
  /** A plan already resolved (SystemStack passes the plans of its chain). When given, no other block option may be set. */
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
 * A load balancer over an ECS fleet spread across Availability Zones, rendered into Terraform:
 * an Application Load Balancer (ROUND_ROBIN, LEAST_OUTSTANDING_REQUESTS, WEIGHTED_RANDOM) or a
 * Network Load Balancer with source-IP stickiness (SOURCE_IP_HASH), an ECS service on Fargate or on
 * an EC2 Auto Scaling group, target tracking on CPU and requests per target, a deployment circuit
 * breaker or ECS native blue/green, access logs to a private encrypted bucket and an optional WAF.
 */
export class LoadBalancedApi extends Construct {
  /** The resolved plan this construct rendered. */
  public readonly plan: LoadBalancedApiPlan;
  /** The key that encrypts the container logs (and the created network's flow logs). */
  public readonly logKey: KmsKey;
  /** The network the block created (absent when one was given). */
  public readonly network?: BlockNetwork;
  /** The cluster the block created (absent when `clusterArn` was given). */
  public readonly cluster?: EcsCluster;
  /** ARN of the cluster the service runs in. */
  public readonly clusterArn: string;
  /** The load balancer. */
  public readonly loadBalancer: Lb;
  /** The target group the tasks register in (blue, with blue/green). */
  public readonly targetGroup: LbTargetGroup;
  /** The second (green) target group of ECS native blue/green. */
  public readonly greenTargetGroup?: LbTargetGroup;
  /** The listener clients connect to (HTTPS 443, HTTP 80, TLS 443 or TCP 80). */
  public readonly listener: LbListener;
  /** The HTTP 80 listener that redirects to HTTPS (with a certificate on an ALB). */
  public readonly redirectListener?: LbListener;
  /** The production listener rule ECS shifts between blue and green (blue/green only). */
  public readonly productionRule?: LbListenerRule;
  /** With originAccess SECRET_ORIGIN_HEADER: the Secrets Manager secret of the origin header's value. */
  public readonly originSecret?: SecretsmanagerSecret;
  /**
   * With originAccess SECRET_ORIGIN_HEADER: the secret's version, whose `secretString` the listener
   * rule compares with and the CDN sends (pass it as GlobalCdn's `originHeaderValue`). The value is
   * in Terraform state.
   */
  public readonly originSecretVersion?: SecretsmanagerSecretVersion;
  /** With originAccess SECRET_ORIGIN_HEADER and ROLLING: the one rule that forwards requests carrying the origin header. */
  public readonly originHeaderRule?: LbListenerRule;
  /** The load balancer's security group. */
  public readonly loadBalancerSecurityGroup: SecurityGroup;
  /** The tasks' security group: admits only the load balancer on the container port. */
  public readonly serviceSecurityGroup: SecurityGroup;
  /** The access log bucket (absent when access logs are off). */
  public readonly accessLogBucket?: S3Bucket;
  /** The container log group. */
  public readonly logGroup: CloudwatchLogGroup;
  /** The role the ECS agent pulls the image and reads the secrets with. */
  public readonly executionRole: IamRole;
  /** The role the API's code runs with: grant it what the API needs. */
  public readonly taskRole: IamRole;
  /** The task definition. */
  public readonly taskDefinition: EcsTaskDefinition;
  /** The ECS service. */
  public readonly service: EcsService;
  /** The scalable target of the service's desired count (absent with a fixed task count). */
  public readonly scalableTarget?: AppautoscalingTarget;
  /** Target tracking on average CPU. */
  public readonly cpuScaling?: AppautoscalingPolicy;
  /** Target tracking on ALBRequestCountPerTarget (ALB only). */
  public readonly requestCountScaling?: AppautoscalingPolicy;
  /** The EC2 instances' Auto Scaling group (compute kind EC2). */
  public readonly autoScalingGroup?: AutoscalingGroup;
  /** The ECS capacity provider over the Auto Scaling group (compute kind EC2). */
  public readonly capacityProvider?: EcsCapacityProvider;
  /** The WAF web ACL association (when a web ACL is given). */
  public readonly webAclAssociation?: Wafv2WebAclAssociation;
  /** DNS name of the load balancer. */
  public readonly loadBalancerDnsName: string;
  /** ARN of the load balancer. */
  public readonly loadBalancerArn: string;
  /** The URL clients call: `https://<dns>` with a certificate, `http://<dns>` otherwise. */
  public readonly url: string;
  /** Name of the ECS service. */
  public readonly serviceName: string;

  constructor(scope: Construct, id: string, props: LoadBalancedApiProps = {}) {
    super(scope, id);
    checkOptionsObject(props, this.node.path, 'props', 'LoadBalancedApiProps');
    const { network: givenNetwork, clusterArn: givenClusterArn, plan: givenPlan, wiringTargets, ...options } = props;
    const plan = resolvePlan(options, givenPlan, planLoadBalancedApi, this.node.path,
      { networkAzCount: networkAzCount(givenNetwork, false) });
    this.plan = plan;
    validateExtras(this.node.path, plan, givenNetwork, givenClusterArn);
    const wired = wiredContainer(this.node.path, plan.wiring, wiringTargets);

    const ctx = StackContext.of(this);
    const alb = plan.loadBalancerType === LoadBalancerType.APPLICATION;
    const ec2 = plan.compute.kind === ComputeKind.EC2;
    const servicePlan = ecsServiceOfApi(plan);
    const port = plan.container.port;

    this.logKey = encryptionKey(this, 'LogKey', `${plan.name}: container and flow logs`, plan.kmsKeyDeletionWindowDays, ['logs']);
    let net: ExistingNetwork;
    if (givenNetwork) {
      net = givenNetwork;
    } else {
      this.network = new BlockNetwork(this, 'Network', { azCount: plan.azCount, logKey: this.logKey, network: plan.createdNetwork });
      net = this.network.toExisting();
    }
    const privateSubnets = net.privateSubnetIds.slice(0, plan.azCount);
    const lbSubnets = plan.network.loadBalancerSubnets === SubnetKind.PUBLIC ? (net.publicSubnetIds ?? []).slice(0, plan.azCount) : privateSubnets;

    // --- cluster ----------------------------------------------------------------------------------
    let clusterName: string;
    if (givenClusterArn) {
      this.clusterArn = givenClusterArn;
      clusterName = Fn.element(Fn.split('/', givenClusterArn), 1);
    } else {
      this.cluster = new EcsCluster(this, 'Cluster', {
        name: plan.name,
        setting: [{ name: 'containerInsights', value: 'enabled' }],
      });
      this.clusterArn = this.cluster.arn;
      clusterName = this.cluster.name;
    }

    // --- security groups: the load balancer admits the clients, the tasks only the load balancer ----
    const sg = plan.securityGroups;
    this.loadBalancerSecurityGroup = new SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      namePrefix: `${plan.name}-lb-`,
      description: `${plan.name}: load balancer`,
      vpcId: net.vpcId,
      lifecycle: { createBeforeDestroy: true },
    });
    this.serviceSecurityGroup = new SecurityGroup(this, 'ServiceSecurityGroup', {
      namePrefix: `${plan.name}-tasks-`,
      description: `${plan.name}: tasks, admitting the load balancer only`,
      vpcId: net.vpcId,
      lifecycle: { createBeforeDestroy: true },
    });
    const cidrs = sg.loadBalancerAdmitsVpcCidr ? [net.vpcCidr] : sg.loadBalancerIngressCidrs;
    for (const p of sg.loadBalancerIngressPorts) {
      cidrs.forEach((cidr, i) => {
        const v6 = !Token.isUnresolved(cidr) && cidr.includes(':');
        new VpcSecurityGroupIngressRule(this, `LoadBalancerIngress${p}Cidr${i + 1}`, {
          securityGroupId: this.loadBalancerSecurityGroup.id,
          description: `clients on ${p}`,
          ipProtocol: 'tcp',
          fromPort: p,
          toPort: p,
          cidrIpv4: v6 ? undefined : cidr,
          cidrIpv6: v6 ? cidr : undefined,
        });
      });
    }
    if (sg.loadBalancerAdmitsCloudFrontOnly) {
      // The origin of a CDN: only CloudFront's origin-facing addresses reach the listeners.
      const cloudFront = new DataAwsEc2ManagedPrefixList(this, 'CloudFrontOriginFacing', { name: sg.cloudFrontPrefixListName as string });
      for (const p of sg.loadBalancerIngressPorts) {
        new VpcSecurityGroupIngressRule(this, `LoadBalancerIngress${p}CloudFront`, {
          securityGroupId: this.loadBalancerSecurityGroup.id,
          description: `CloudFront on ${p}`,
          ipProtocol: 'tcp',
          fromPort: p,
          toPort: p,
          prefixListId: cloudFront.id,
        });
      }
    }
    if (sg.loadBalancerEgressToTasksOnly) {
      new VpcSecurityGroupEgressRule(this, 'LoadBalancerEgressToTasks', {
        securityGroupId: this.loadBalancerSecurityGroup.id,
        description: 'to the tasks on the container port',
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        referencedSecurityGroupId: this.serviceSecurityGroup.id,
      });
    }
    new VpcSecurityGroupIngressRule(this, 'ServiceIngressFromLoadBalancer', {
      securityGroupId: this.serviceSecurityGroup.id,
      description: 'traffic and health checks from the load balancer',
      ipProtocol: 'tcp',
      fromPort: sg.taskIngressPort,
      toPort: sg.taskIngressPort,
      referencedSecurityGroupId: this.loadBalancerSecurityGroup.id,
    });
    new VpcSecurityGroupEgressRule(this, 'ServiceEgress', {
      securityGroupId: this.serviceSecurityGroup.id,
      description: 'image pulls, AWS APIs and the tiers behind the API',
      ipProtocol: '-1',
      cidrIpv4: '0.0.0.0/0',
    });

    // --- access logs --------------------------------------------------------------------------------
    let bucketPolicy: S3BucketPolicy | undefined;
    if (plan.accessLogs && plan.logBucket) {
      const logs = accessLogBucket(this, 'AccessLogs', plan.logBucket, { bucketPrefix: `${plan.name.slice(0, 31)}-logs-`, alb });
      this.accessLogBucket = logs.bucket;
      bucketPolicy = logs.policy;
    }

    // --- load balancer ---------------------------------------------------------------------------------
    this.loadBalancer = new Lb(this, 'LoadBalancer', {
      loadBalancerType: alb ? 'application' : 'network',
      internal: !plan.internetFacing,
      subnets: lbSubnets,
      securityGroups: [this.loadBalancerSecurityGroup.id],
      idleTimeout: alb ? plan.idleTimeoutSeconds : undefined,
      dropInvalidHeaderFields: alb ? plan.dropInvalidHeaderFields : undefined,
      enableCrossZoneLoadBalancing: alb ? undefined : plan.targetGroup.crossZoneLoadBalancing,
      accessLogs: this.accessLogBucket && plan.logBucket
        ? { bucket: this.accessLogBucket.id, prefix: plan.logBucket.prefix.replace(/\/$/, ''), enabled: true }
        : undefined,
      dependsOn: bucketPolicy ? [bucketPolicy] : undefined,
    });
    this.loadBalancerArn = this.loadBalancer.arn;
    this.loadBalancerDnsName = this.loadBalancer.dnsName;

    const targetGroupOf = (tgId: string): LbTargetGroup => {
      const tg = plan.targetGroup;
      const hc = plan.healthCheck;
      return new LbTargetGroup(this, tgId, {
        vpcId: net.vpcId,
        port: tg.port,
        protocol: tg.protocol,
        targetType: tg.targetType,
        deregistrationDelay: String(plan.deregistrationDelaySeconds),
        slowStart: alb ? plan.slowStartSeconds : undefined,
        loadBalancingAlgorithmType: tg.algorithmType,
        loadBalancingAnomalyMitigation: tg.algorithmType === 'weighted_random' ? (tg.anomalyMitigation ? 'on' : 'off') : undefined,
        preserveClientIp: tg.preserveClientIp === undefined ? undefined : String(tg.preserveClientIp),
        stickiness: tg.stickinessType ? { type: tg.stickinessType, enabled: true } : undefined,
        healthCheck: {
          enabled: true,
          protocol: hc.protocol,
          path: hc.protocol === 'HTTP' ? hc.path : undefined,
          matcher: hc.protocol === 'HTTP' ? hc.healthyHttpCodes : undefined,
          port: 'traffic-port',
          interval: hc.intervalSeconds,
          timeout: hc.timeoutSeconds,
          healthyThreshold: hc.healthyThreshold,
          unhealthyThreshold: hc.unhealthyThreshold,
        },
        lifecycle: { createBeforeDestroy: true },
      });
    };
    this.targetGroup = targetGroupOf('TargetGroup');
    const blueGreen = plan.deployment.strategy === DeploymentStrategy.BLUE_GREEN;
    if (blueGreen) this.greenTargetGroup = targetGroupOf('GreenTargetGroup');

    // --- listeners ------------------------------------------------------------------------------------
    const l = plan.listener;
    const tls = l.protocol === ListenerProtocol.HTTPS || l.protocol === ListenerProtocol.TLS;
    this.listener = new LbListener(this, 'Listener', {
      loadBalancerArn: this.loadBalancer.arn,
      port: l.port,
      protocol: l.protocol,
      sslPolicy: tls ? l.sslPolicy : undefined,
      certificateArn: tls ? l.certificateArn : undefined,
      defaultAction: [l.unmatchedResponse
        ? { type: 'fixed-response', fixedResponse: { statusCode: String(l.unmatchedResponse.statusCode), contentType: l.unmatchedResponse.contentType, messageBody: l.unmatchedResponse.messageBody } }
        : { type: 'forward', targetGroupArn: this.targetGroup.arn }],
    });
    if (l.redirectHttpToHttps) {
      this.redirectListener = new LbListener(this, 'RedirectListener', {
        loadBalancerArn: this.loadBalancer.arn,
        port: 80,
        protocol: 'HTTP',
        defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: String(l.port), statusCode: l.redirectStatusCode! } }], // required with redirectHttpToHttps (plan rules)
      });
    }
    this.url = `${l.urlScheme}://${this.loadBalancer.dnsName}`;

    // --- the secret origin header (SECRET_ORIGIN_HEADER): the listener answers 403 unless the header matches ---
    const originHeader = plan.originHeader;
    let headerConditions: { httpHeader: { httpHeaderName: string; values: string[] } }[] = [];
    if (originHeader) {
      const generated = new DataAwsSecretsmanagerRandomPassword(this, 'OriginHeaderValue', {
        passwordLength: originHeader.secret.valueLength,
        excludePunctuation: originHeader.secret.excludePunctuation,
        includeSpace: originHeader.secret.includeSpace,
      });
      this.originSecret = new SecretsmanagerSecret(this, 'OriginSecret', {
        name: originHeader.secret.name,
        description: `${plan.name}: value of the ${originHeader.headerName} header CloudFront adds and the load balancer requires`,
      });
      protect(this.originSecret, originHeader.secret.removalPolicy);
      this.originSecretVersion = new SecretsmanagerSecretVersion(this, 'OriginSecretValue', {
        secretId: this.originSecret.id,
        secretString: generated.randomPassword,
        // The data source draws a new value at every plan: the first one stays.
        lifecycle: { ignoreChanges: ['secret_string'] },
      });
      // The rule reads the stored version, so the rule and CloudFront always carry the same value.
      headerConditions = [{ httpHeader: { httpHeaderName: originHeader.headerName, values: [this.originSecretVersion.secretString] } }];
      if (!blueGreen) {
        this.originHeaderRule = new LbListenerRule(this, 'OriginHeaderRule', {
          listenerArn: this.listener.arn,
          priority: originHeader.rulePriority,
          condition: headerConditions,
          action: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
        });
      }
    }

    // --- task definition -------------------------------------------------------------------------------
    this.logGroup = encryptedLogGroup(this, 'Logs', this.logKey, plan.ecsService.logRetentionDays);
    const ecsTasks = assumeRole('ecs-tasks.amazonaws.com');
    this.executionRole = new IamRole(this, 'ExecutionRole', { assumeRolePolicy: ecsTasks });
    const secretStatements = [...secretReadStatements(plan.container.secrets), ...wired.secretStatements];
    renderExecutionRolePolicy(this, 'ExecutionRolePolicy', this.executionRole.id, servicePlan, this.logGroup.arn, secretStatements);
    this.taskRole = new IamRole(this, 'TaskRole', { assumeRolePolicy: ecsTasks });
    renderWiringAccess(this, plan.wiring, wiringTargets, { tier: 'Api', securityGroupId: this.serviceSecurityGroup.id, role: this.taskRole.name });
    this.taskDefinition = renderEcsTaskDefinition(this, servicePlan, { taskDefinition: 'TaskDefinition' }, {
      family: plan.name,
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      container: {
        logGroupName: this.logGroup.name,
        region: ctx.region,
        environment: { ...plan.container.environment, ...wired.environment },
        secrets: { ...plan.container.secrets, ...wired.secrets },
      },
    });

    // --- EC2 capacity ----------------------------------------------------------------------------------
    let capacityAssociation: EcsClusterCapacityProviders | undefined;
    if (ec2 && plan.ec2Capacity && this.cluster) {
      const cap = plan.ec2Capacity;
      const arm = plan.compute.architecture === CpuArchitecture.ARM64;
      const ami = new DataAwsSsmParameter(this, 'EcsOptimizedAmi', {
        name: `/aws/service/ecs/optimized-ami/amazon-linux-2023/${arm ? 'arm64/' : ''}recommended/image_id`,
      });
      const instanceRole = new IamRole(this, 'CapacityRole', { assumeRolePolicy: assumeRole('ec2.amazonaws.com') });
      new IamRolePolicyAttachment(this, 'CapacityRoleEcsPolicy', {
        role: instanceRole.name,
        policyArn: `arn:${ctx.partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role`,
      });
      const profile = new IamInstanceProfile(this, 'CapacityInstanceProfile', { role: instanceRole.name });
      const instanceSg = new SecurityGroup(this, 'CapacitySecurityGroup', {
        namePrefix: `${plan.name}-instances-`,
        description: `${plan.name}: container instances (tasks have their own ENIs and security group)`,
        vpcId: net.vpcId,
        lifecycle: { createBeforeDestroy: true },
      });
      new VpcSecurityGroupEgressRule(this, 'CapacityEgress', {
        securityGroupId: instanceSg.id,
        description: 'the ECS agent, image pulls and AWS APIs',
        ipProtocol: '-1',
        cidrIpv4: '0.0.0.0/0',
      });
      const template = new LaunchTemplate(this, 'CapacityLaunchTemplate', {
        namePrefix: `${plan.name}-`,
        imageId: ami.value,
        instanceType: cap.instanceType,
        iamInstanceProfile: { arn: profile.arn },
        vpcSecurityGroupIds: [instanceSg.id],
        userData: Fn.base64encode(`#!/bin/bash\necho ECS_CLUSTER=${clusterName} >> /etc/ecs/ecs.config\n`),
        metadataOptions: {
          httpTokens: cap.requireImdsv2 ? 'required' : 'optional', httpEndpoint: 'enabled', httpPutResponseHopLimit: cap.metadataHopLimit,
        },
        monitoring: { enabled: cap.detailedMonitoring },
        blockDeviceMappings: [{
          deviceName: cap.rootVolume.deviceName,
          ebs: {
            volumeSize: cap.rootVolume.sizeGiB,
            volumeType: cap.rootVolume.volumeType,
            encrypted: String(cap.rootVolume.encrypted),
            deleteOnTermination: String(cap.rootVolume.deleteOnTermination),
          },
        }],
      });
      this.autoScalingGroup = new AutoscalingGroup(this, 'Capacity', {
        namePrefix: `${plan.name}-`,
        minSize: cap.minInstances,
        maxSize: cap.maxInstances,
        vpcZoneIdentifier: privateSubnets,
        launchTemplate: { id: template.id, version: '$Latest' },
        protectFromScaleIn: cap.managedTerminationProtection,
        tag: [{ key: 'AmazonECSManaged', value: 'true', propagateAtLaunch: true }],
        // The capacity provider owns the desired capacity.
        lifecycle: { ignoreChanges: ['desired_capacity'] },
      });
      this.capacityProvider = new EcsCapacityProvider(this, 'CapacityProvider', {
        name: `${plan.name}-ec2`,
        autoScalingGroupProvider: {
          autoScalingGroupArn: this.autoScalingGroup.arn,
          managedTerminationProtection: cap.managedTerminationProtection ? 'ENABLED' : 'DISABLED',
          managedDraining: 'ENABLED',
          managedScaling: { status: 'ENABLED', targetCapacity: cap.managedScalingTargetCapacityPercent },
        },
      });
      capacityAssociation = new EcsClusterCapacityProviders(this, 'ClusterCapacityProviders', {
        clusterName: this.cluster.name,
        capacityProviders: [this.capacityProvider.name],
        defaultCapacityProviderStrategy: [{ capacityProvider: this.capacityProvider.name, weight: 1 }],
      });
    }

    // --- blue/green listener rule ----------------------------------------------------------------------
    let advancedConfiguration;
    if (blueGreen && this.greenTargetGroup) {
      this.productionRule = new LbListenerRule(this, 'ProductionRule', {
        listenerArn: this.listener.arn,
        priority: 1,
        condition: [{ pathPattern: { values: ['/*'] } }, ...headerConditions],
        action: [{
          type: 'forward',
          forward: { targetGroup: [{ arn: this.targetGroup.arn, weight: 100 }, { arn: this.greenTargetGroup.arn, weight: 0 }] },
        }],
        // ECS shifts the weights during a deployment.
        lifecycle: { ignoreChanges: ['action'] },
      });
      const blueGreenRole = new IamRole(this, 'BlueGreenRole', { assumeRolePolicy: assumeRole('ecs.amazonaws.com') });
      new IamRolePolicyAttachment(this, 'BlueGreenRolePolicy', {
        role: blueGreenRole.name,
        policyArn: `arn:${ctx.partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers`,
      });
      advancedConfiguration = {
        alternateTargetGroupArn: this.greenTargetGroup.arn,
        productionListenerRule: this.productionRule.arn,
        roleArn: blueGreenRole.arn,
      };
    }

    // --- service ----------------------------------------------------------------------------------------
    const s = plan.scaling;
    this.service = renderEcsService(this, servicePlan, this.taskDefinition, { service: 'Service' }, {
      name: plan.name,
      clusterArn: this.clusterArn,
      subnetIds: privateSubnets,
      securityGroupIds: [this.serviceSecurityGroup.id],
      capacityProviderName: this.capacityProvider?.name,
      loadBalancer: [{
        containerName: plan.ecsService.containerName,
        containerPort: port,
        targetGroupArn: this.targetGroup.arn,
        advancedConfiguration,
      }],
      dependsOn: [this.listener, ...(this.productionRule ? [this.productionRule] : []), ...(this.originHeaderRule ? [this.originHeaderRule] : []),
        ...(capacityAssociation ? [capacityAssociation] : [])],
    });
    this.serviceName = this.service.name;

    // --- auto scaling -------------------------------------------------------------------------------------
    if (s.autoScaling) {
      this.scalableTarget = new AppautoscalingTarget(this, 'ScalableTarget', {
        serviceNamespace: 'ecs',
        scalableDimension: 'ecs:service:DesiredCount',
        resourceId: `service/${clusterName}/${this.service.name}`,
        minCapacity: s.minTasks,
        maxCapacity: s.maxTasks,
      });
      const target = this.scalableTarget;
      const tracking = (policyId: string, policyName: string, targetValue: number, metric: string, resourceLabel?: string): AppautoscalingPolicy =>
        new AppautoscalingPolicy(this, policyId, {
          name: `${plan.name}-${policyName}`,
          policyType: 'TargetTrackingScaling',
          serviceNamespace: target.serviceNamespace,
          scalableDimension: target.scalableDimension,
          resourceId: target.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            targetValue,
            scaleInCooldown: s.scaleInCooldownSeconds,
            scaleOutCooldown: s.scaleOutCooldownSeconds,
            predefinedMetricSpecification: { predefinedMetricType: metric, resourceLabel },
          },
        });
      this.cpuScaling = tracking('CpuScaling', 'cpu', s.targetCpuUtilizationPercent, 'ECSServiceAverageCPUUtilization');
      if (alb && s.requestCountPerTargetPerMinute !== undefined) {
        this.requestCountScaling = tracking('RequestCountScaling', 'requests', s.requestCountPerTargetPerMinute, 'ALBRequestCountPerTarget',
          `${this.loadBalancer.arnSuffix}/${this.targetGroup.arnSuffix}`);
      }
    }

    // --- WAF ------------------------------------------------------------------------------------------------
    if (plan.webAclArn) {
      this.webAclAssociation = new Wafv2WebAclAssociation(this, 'WebAclAssociation', {
        resourceArn: this.loadBalancer.arn,
        webAclArn: plan.webAclArn,
      });
    }

    // No outputs: the stack's outputs are the user's (the block's properties give the same values), as on the CDK backend.
    recordBlock(this, this.plan);
  }
}

/** Checks the backend extras against the plan: enough subnets for the AZs, a cluster the EC2 capacity can join. */
function validateExtras(path: string, plan: LoadBalancedApiPlan, network: ExistingNetwork | undefined, clusterArn: string | undefined): void {
  const rules = new Rules(path);
  if (network) {
    const known = (ids: string[] | undefined): boolean => ids !== undefined && !Token.isUnresolved(ids);
    if (known(network.privateSubnetIds)) {
      rules.check('network.privateSubnetIds', network.privateSubnetIds, network.privateSubnetIds.length >= plan.azCount,
        `at least ${plan.azCount} private subnets, one per AZ (azCount ${plan.azCount})`);
    }
    if (plan.network.loadBalancerSubnets === SubnetKind.PUBLIC) {
      rules.check('network.publicSubnetIds', network.publicSubnetIds, network.publicSubnetIds !== undefined,
        'public subnets for an internet-facing load balancer (or set internetFacing false)');
      if (known(network.publicSubnetIds)) {
        rules.check('network.publicSubnetIds', network.publicSubnetIds, network.publicSubnetIds!.length >= plan.azCount,
          `at least ${plan.azCount} public subnets, one per AZ (azCount ${plan.azCount})`);
      }
    }
  }
  rules.check('plan.ec2Capacity', plan.ec2Capacity, plan.compute.kind !== ComputeKind.EC2 || plan.ec2Capacity !== undefined,
    'the EC2 capacity of a plan with compute.kind EC2');
  if (clusterArn !== undefined) {
    rules.check('clusterArn', clusterArn, Token.isUnresolved(clusterArn) || /^arn:aws[a-zA-Z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9_-]+$/.test(clusterArn),
      'an ECS cluster ARN (arn:aws:ecs:<region>:<account>:cluster/<name>)');
    rules.check('clusterArn', clusterArn, plan.compute.kind !== ComputeKind.EC2,
      'unset with compute.kind EC2 (the block creates the cluster its capacity provider is attached to)');
  }
  rules.throwIfInvalid();
}
