import * as cdk from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { recordBlock } from './block-metadata';
import { acknowledge, allowLogsToUse, azCountFix, blockVpc, encryptedLogGroup, encryptionKey, renderAlarm, toRemovalPolicy, vpcAzCount } from './common';
import { RemovalPolicy, resolvePlan } from '../core/blocks/common';
import {
  CacheAuthMode, CacheEngine, CacheEnvironmentValue, CdnTierPlan, planTieredCache, TieredCacheOptions, TieredCachePlan,
  resolveClientEnvironment,
} from '../core/blocks/tiered-cache';
import { checkOptionsObject } from '../core/inputs';
import { Rules } from '../core/validation';

/** Props of a TieredCache: the neutral options plus the VPC to place the cache in. */
export interface TieredCacheProps extends TieredCacheOptions {
  /**
   * The VPC the cache nodes run in: its isolated subnets (or, when it has none, its private
   * subnets) must span at least the plan's `application.azCount` Availability Zones.
   *
   * @default - a VPC created by the block (public, private and isolated subnets over `azCount` AZs, encrypted flow logs)
   */
  readonly vpc?: ec2.IVpc;
  /**
   * A plan already resolved (SystemStack passes the plans of its chain). When given, no other block option may be set.
   *
   * @default - the plan the options resolve to
   */
  readonly plan?: TieredCachePlan;
}

/**
 * TieredCache on ElastiCache: the application tier as a Valkey/Redis OSS replication group (or a
 * Memcached cluster) placed over the plan's AZs, encrypted at rest and in transit, with an
 * IAM-authenticated user (no password at all) or an RBAC user or AUTH token generated into Secrets Manager, snapshots, a parameter group with the
 * eviction policy, a security group that admits only the API tier (`allowFrom`), slow and engine
 * logs in encrypted log groups, and the plan's alarms.
 *
 * The CDN and query tiers are data: `cdnTier` is what a GlobalCdn takes as its `cdnTier`, and
 * `clientEnvironment` / `clientSecrets` are what an API container takes to reach the cache and
 * follow the invalidation contract.
 */
export class TieredCache extends Construct implements ec2.IConnectable {
  /** The resolved plan this construct renders. */
  public readonly plan: TieredCachePlan;
  /** The VPC the cache runs in (given or created). */
  public readonly vpc: ec2.IVpc;
  /** The security group of the nodes: it admits nothing until `allowFrom` names the API tier. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** Connections of the cache nodes, on the cache port. */
  public readonly connections: ec2.Connections;
  /** The cache subnet group. */
  public readonly subnetGroup: elasticache.CfnSubnetGroup;
  /** The parameter group (eviction policy, reserved memory, cluster mode). */
  public readonly parameterGroup: elasticache.CfnParameterGroup;
  /** The Valkey/Redis replication group (undefined with Memcached). */
  public readonly replicationGroup?: elasticache.CfnReplicationGroup;
  /** The Memcached cluster (undefined with Valkey/Redis). */
  public readonly memcachedCluster?: elasticache.CfnCacheCluster;
  /** The Secrets Manager secret with the generated credentials (JSON `username`, `password`); undefined with IAM authentication (no password) or none. */
  public readonly authSecret?: secretsmanager.Secret;
  /** IAM, RBAC: the application user. */
  public readonly user?: elasticache.CfnUser;
  /** IAM, RBAC: the disabled `default` user every user group needs. */
  public readonly defaultUser?: elasticache.CfnUser;
  /** IAM, RBAC: the user group attached to the replication group. */
  public readonly userGroup?: elasticache.CfnUserGroup;
  /** The customer managed key of the log groups and the secret (undefined when neither exists and the VPC was given). */
  public readonly encryptionKey?: kms.Key;
  /** The log groups the slow log and engine log are delivered to (empty with Memcached). */
  public readonly logGroups: logs.LogGroup[];
  /** The alarms of the plan, repeated for every node. */
  public readonly alarms: cloudwatch.Alarm[];
  /** CacheClusterId of every node (Valkey/Redis), or `<clusterId>/<nodeId>` labels (Memcached), in plan order. */
  public readonly nodeIds: string[];
  /** The address clients connect to: the configuration endpoint (cluster mode, Memcached) or the primary endpoint. */
  public readonly endpointAddress: string;
  /** The port clients connect to. */
  public readonly port: number;
  /** The reader endpoint address (cluster mode off with replicas). */
  public readonly readerEndpointAddress?: string;
  /** ARN of the auth secret, when there is one. */
  public readonly authSecretArn?: string;
  /**
   * Environment variables for the API: the plan's client contract (engine, TLS, port, query
   * namespace, TTL and invalidation rules) with the deploy-time values (endpoints, secret ARN)
   * filled in. It never holds a password.
   */
  public readonly clientEnvironment: { [name: string]: string };
  /** Secrets for the API container (the password from the auth secret), by variable name; empty with IAM authentication or none. */
  public readonly clientSecrets: { [name: string]: ecs.Secret };
  /** The CDN tier (path patterns and TTLs) a GlobalCdn takes as its `cdnTier`. */
  public readonly cdnTier: CdnTierPlan;

  constructor(scope: Construct, id: string, props: TieredCacheProps = {}) {
    super(scope, id);
    checkOptionsObject(props, this.node.path, 'props', 'TieredCacheProps');
    const { vpc, plan, ...options } = props;
    this.plan = resolvePlan(options, plan, planTieredCache, this.node.path, { networkAzCount: vpcAzCount(vpc, true) });
    const app = this.plan.application;
    const memcached = app.engine === CacheEngine.MEMCACHED;
    // IAM has no password at all; RBAC and AUTH_TOKEN keep one in Secrets Manager (the template only refers to it).
    const hasSecret = app.auth.mode === CacheAuthMode.RBAC || app.auth.mode === CacheAuthMode.AUTH_TOKEN;

    if (!vpc || hasSecret || app.logDeliveryConfigurations.length > 0) {
      this.encryptionKey = encryptionKey(this, 'Key', `scaleblocks ${this.node.path}: cache logs and credentials`, this.plan.kmsKeyDeletionWindowDays);
      allowLogsToUse(this.encryptionKey);
    }
    this.vpc = vpc ?? blockVpc(this, 'Vpc', {
      azCount: app.azCount, logKey: this.encryptionKey as kms.Key, network: this.plan.createdNetwork,
    });
    const subnets = cacheSubnets(this.vpc, app.azCount, this.node.path);
    const azs = subnets.map((s) => s.availabilityZone);

    // --- network ---------------------------------------------------------------------------------
    this.subnetGroup = new elasticache.CfnSubnetGroup(this, 'SubnetGroup', {
      cacheSubnetGroupName: app.subnetGroupName,
      description: `${app.description}: subnets`,
      subnetIds: subnets.map((s) => s.subnetId),
    });
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: this.vpc,
      description: `${app.description}: admits only the API tier on ${app.port}`,
      allowAllOutbound: app.allowAllOutbound,
    });
    this.port = app.port;
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(app.port) });

    this.parameterGroup = new elasticache.CfnParameterGroup(this, 'ParameterGroup', {
      cacheParameterGroupFamily: app.parameterGroup.family,
      description: `${app.description}: ${app.parameterGroup.name}`,
      properties: Object.keys(app.parameterGroup.parameters).length > 0 ? { ...app.parameterGroup.parameters } : undefined,
    });

    // --- credentials -----------------------------------------------------------------------------
    if (hasSecret) {
      const auth = app.auth;
      this.authSecret = new secretsmanager.Secret(this, 'AuthSecret', {
        secretName: auth.secretName,
        description: `${app.description}: ${auth.mode === CacheAuthMode.RBAC ? `password of ElastiCache user ${auth.userName}` : 'AUTH token'}`,
        encryptionKey: this.encryptionKey,
        generateSecretString: {
          secretStringTemplate: JSON.stringify(auth.userName ? { username: auth.userName } : {}),
          generateStringKey: 'password',
          passwordLength: auth.passwordLength,
          excludeCharacters: auth.excludeCharacters,
          includeSpace: auth.passwordIncludesSpace,
        },
        removalPolicy: toRemovalPolicy(auth.secretRemovalPolicy ?? RemovalPolicy.RETAIN),
      });
      this.authSecretArn = this.authSecret.secretArn;
      acknowledge(this.authSecret, {
        id: 'AwsSolutions::AwsSolutions-SMG4',
        reason: 'ElastiCache has no managed rotation for RBAC passwords or AUTH tokens; rotating means a two-password update of the '
          + 'user (or AUTH token ROTATE) in step with every client, which this block leaves to the operator',
      });
    }
    const password = this.authSecret?.secretValueFromJson('password').unsafeUnwrap();
    if (app.auth.userId !== undefined) {
      const auth = app.auth;
      const iamUser = auth.userAuthenticationType === 'iam';
      this.defaultUser = new elasticache.CfnUser(this, 'DefaultUser', {
        engine: app.engineName,
        userId: auth.defaultUserId as string,
        userName: auth.defaultUserName as string,
        accessString: auth.defaultUserAccessString,
        passwords: auth.defaultUserPasswordProtected ? [password as string] : undefined,
        noPasswordRequired: auth.defaultUserPasswordProtected ? undefined : true,
      });
      this.user = new elasticache.CfnUser(this, 'User', {
        engine: app.engineName,
        userId: auth.userId as string,
        userName: auth.userName as string,
        accessString: auth.accessString,
        // IAM: the client's SigV4 token is the password; ElastiCache wants user id = user name (the plan makes them so).
        authenticationMode: iamUser ? { Type: 'iam' } : undefined,
        passwords: iamUser ? undefined : [password as string],
      });
      this.userGroup = new elasticache.CfnUserGroup(this, 'UserGroup', {
        engine: app.engineName,
        userGroupId: auth.userGroupId as string,
        userIds: [this.defaultUser.ref, this.user.ref],
      });
    }

    // --- logs ------------------------------------------------------------------------------------
    this.logGroups = app.logDeliveryConfigurations.map((d) => {
      const group = encryptedLogGroup(this, logGroupId(d.logTypeName), this.encryptionKey as kms.Key, d.retentionDays, d.logGroupName);
      acknowledge(group, {
        id: 'cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check',
        reason: `the plan keeps the ${d.logTypeName} ${d.retentionDays} days: diagnostic logs of slow commands and engine events, not audit records`,
      });
      return group;
    });
    const logDeliveryConfigurations = app.logDeliveryConfigurations.map((d, i) => ({
      destinationType: d.destinationType,
      destinationDetails: { cloudWatchLogsDetails: { logGroup: this.logGroups[i].logGroupName } },
      logFormat: d.logFormat,
      logType: d.logTypeName,
    }));

    // --- the cluster -----------------------------------------------------------------------------
    const azOf = (i: number): string => azs[i];
    if (memcached) {
      this.memcachedCluster = new elasticache.CfnCacheCluster(this, 'Resource', {
        clusterName: app.clusterId,
        engine: app.engineName,
        engineVersion: app.engineVersion,
        cacheNodeType: app.nodeType,
        numCacheNodes: app.shards,
        azMode: app.azMode,
        preferredAvailabilityZones: app.preferredAzs.map(azOf),
        port: app.port,
        cacheSubnetGroupName: this.subnetGroup.ref,
        cacheParameterGroupName: this.parameterGroup.ref,
        vpcSecurityGroupIds: [this.securityGroup.securityGroupId],
        transitEncryptionEnabled: app.transitEncryption,
        preferredMaintenanceWindow: app.maintenanceWindow,
        autoMinorVersionUpgrade: app.autoMinorVersionUpgrade,
      });
      this.memcachedCluster.applyRemovalPolicy(toRemovalPolicy(app.removalPolicy));
      this.endpointAddress = this.memcachedCluster.attrConfigurationEndpointAddress;
      acknowledgePort(this.memcachedCluster);
    } else {
      const group = new elasticache.CfnReplicationGroup(this, 'Resource', {
        replicationGroupId: app.clusterId,
        replicationGroupDescription: app.description,
        engine: app.engineName,
        engineVersion: app.engineVersion,
        cacheNodeType: app.nodeType,
        clusterMode: app.clusterMode ? 'enabled' : 'disabled',
        ...(app.clusterMode ? {
          numNodeGroups: app.shards,
          replicasPerNodeGroup: app.replicasPerShard,
          nodeGroupConfiguration: app.placement.map((p) => ({
            nodeGroupId: p.shardId,
            primaryAvailabilityZone: azOf(p.primaryAz),
            replicaAvailabilityZones: p.replicaAzs.map(azOf),
            replicaCount: p.replicaAzs.length,
          })),
        } : {
          numCacheClusters: 1 + app.replicasPerShard,
          preferredCacheClusterAZs: app.preferredAzs.map(azOf),
        }),
        multiAzEnabled: app.multiAz,
        automaticFailoverEnabled: app.automaticFailover,
        port: app.port,
        cacheSubnetGroupName: this.subnetGroup.ref,
        cacheParameterGroupName: this.parameterGroup.ref,
        securityGroupIds: [this.securityGroup.securityGroupId],
        atRestEncryptionEnabled: app.atRestEncryption,
        kmsKeyId: app.kmsKeyArn,
        transitEncryptionEnabled: app.transitEncryption,
        transitEncryptionMode: app.transitEncryptionMode,
        userGroupIds: this.userGroup ? [this.userGroup.ref] : undefined,
        authToken: app.auth.mode === CacheAuthMode.AUTH_TOKEN ? password : undefined,
        snapshotRetentionLimit: app.snapshot.retentionDays,
        snapshotWindow: app.snapshot.window,
        preferredMaintenanceWindow: app.maintenanceWindow,
        autoMinorVersionUpgrade: app.autoMinorVersionUpgrade,
        logDeliveryConfigurations: logDeliveryConfigurations.length > 0 ? logDeliveryConfigurations : undefined,
      });
      group.applyRemovalPolicy(toRemovalPolicy(app.removalPolicy));
      this.replicationGroup = group;
      this.endpointAddress = app.endpoint === CacheEnvironmentValue.CONFIGURATION_ENDPOINT_ADDRESS
        ? group.attrConfigurationEndPointAddress : group.attrPrimaryEndPointAddress;
      if (app.readerEndpoint) this.readerEndpointAddress = group.attrReaderEndPointAddress;
      acknowledgePort(group);
      if (app.auth.mode === CacheAuthMode.AUTH_TOKEN) {
        acknowledge(group, {
          id: 'cdk-validator-cfnguard::elasticache_repl_grp_rbac_auth_enabled_check',
          reason: 'the plan chose a single AUTH token (application.auth.mode AUTH_TOKEN) over RBAC: clients still authenticate, over '
            + 'TLS, with a token generated into Secrets Manager',
        });
      }
      if (this.userGroup) {
        acknowledge(group, {
          id: 'AwsSolutions::AwsSolutions-AEC6',
          reason: app.auth.mode === CacheAuthMode.IAM
            ? 'clients authenticate with IAM (UserGroupIds: a user whose authentication type is iam, the default user off): no password '
              + 'exists, which is stronger than the single AUTH token this rule looks for'
            : 'clients authenticate with RBAC (UserGroupIds: a user whose password is in Secrets Manager, the default user off), '
              + 'which replaces the single AUTH token this rule looks for',
        });
      }
    }

    // --- alarms ----------------------------------------------------------------------------------
    this.nodeIds = app.nodes.map((n) => n.id);
    const alarmScope = new Construct(this, 'Alarms');
    this.alarms = app.alarms.filter((a) => !a.perNode).map((a) => renderAlarm(alarmScope, a, app.clusterDimensions));
    for (const n of app.nodes) {
      // Named as ElastiCache names the node: stable when counts change.
      const nodeScope = new Construct(alarmScope, n.id);
      for (const alarm of app.alarms.filter((a) => a.perNode)) this.alarms.push(renderAlarm(nodeScope, alarm, n.dimensions));
    }
    acknowledge(alarmScope, {
      id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check',
      reason: 'the plan names no notification target: the alarms are public (`alarms`) so the application adds its own actions '
        + '(its on-call SNS topic or incident tool) with addAlarmAction',
    });

    // --- the client contract ---------------------------------------------------------------------
    this.clientEnvironment = resolveClientEnvironment(this.plan, this.node.path, {
      [app.endpoint]: this.endpointAddress,
      [CacheEnvironmentValue.READER_ENDPOINT_ADDRESS]: this.readerEndpointAddress,
      [CacheEnvironmentValue.AUTH_SECRET_ARN]: this.authSecretArn,
    });
    const secrets: { [name: string]: ecs.Secret } = {};
    for (const [name, field] of Object.entries(this.plan.contract.secretEnvironment)) {
      secrets[name] = ecs.Secret.fromSecretsManager(this.authSecret as secretsmanager.ISecret, field);
    }
    this.clientSecrets = secrets;
    this.cdnTier = this.plan.cdn;
    recordBlock(this, this.plan);
  }

  /** Admits a tier in front (the API's tasks) on the cache port: the only way in. */
  public allowFrom(peer: ec2.IConnectable): void {
    this.connections.allowDefaultPortFrom(peer, `${this.plan.name}: from the API tier`);
  }

  /**
   * Lets a principal connect: with IAM authentication, `elasticache:Connect` on the replication
   * group and the user; with a password (RBAC, AUTH token), reading the auth secret (and its key).
   * Without authentication there is nothing to grant: the security group is the only gate.
   */
  public grantConnect(grantee: iam.IGrantable): iam.Grant {
    if (this.plan.application.auth.mode === CacheAuthMode.IAM && this.user) {
      return iam.Grant.addToPrincipal({ grantee, actions: ['elasticache:Connect'], resourceArns: this.connectResourceArns() });
    }
    if (!this.authSecret) return iam.Grant.drop(grantee, `${this.node.path} has no authentication: nothing to read`);
    return this.authSecret.grantRead(grantee);
  }

  /**
   * The resources `elasticache:Connect` must name for a client of an IAM-authenticated cache: the
   * replication group and the user. Empty unless the auth mode is IAM.
   */
  public connectResourceArns(): string[] {
    if (this.plan.application.auth.mode !== CacheAuthMode.IAM || !this.user) return [];
    return [
      cdk.Stack.of(this).formatArn({
        service: 'elasticache', resource: 'replicationgroup', resourceName: this.plan.application.clusterId, arnFormat: cdk.ArnFormat.COLON_RESOURCE_NAME,
      }),
      this.user.attrArn,
    ];
  }

  /**
   * A metric of one node (namespace AWS/ElastiCache).
   *
   * @param metricName e.g. `EngineCPUUtilization`, `CacheHitRate`, `DatabaseMemoryUsagePercentage`
   * @param nodeId one of `nodeIds`
   */
  public metricOfNode(metricName: string, nodeId: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    const n = this.plan.application.nodes.find((x) => x.id === nodeId);
    if (!n) {
      const rules = new Rules(this.node.path);
      rules.check('nodeId', nodeId, false, `one of ${this.nodeIds.join(', ')}`);
      rules.throwIfInvalid();
    }
    return new cloudwatch.Metric({ namespace: 'AWS/ElastiCache', metricName, dimensionsMap: n!.dimensions, ...props });
  }

  /** The cache hit rate of one node (percent of lookups that hit). */
  public metricCacheHitRate(nodeId: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricOfNode('CacheHitRate', nodeId, { statistic: 'Average', ...props });
  }

  /** The engine CPU of one node (Valkey/Redis; Memcached reports `CPUUtilization`). */
  public metricEngineCpuUtilization(nodeId: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricOfNode(this.plan.application.engine === CacheEngine.MEMCACHED ? 'CPUUtilization' : 'EngineCPUUtilization',
      nodeId, { statistic: 'Average', ...props });
  }
}

/**
 * The subnets of the cache: one per AZ of the first `azCount` AZs of the isolated subnets (the
 * private ones when the VPC has no isolated subnets). A VPC with fewer AZs is rejected.
 */
function cacheSubnets(vpc: ec2.IVpc, azCount: number, path: string): ec2.ISubnet[] {
  const isolated = vpc.isolatedSubnets.length > 0;
  const selected = vpc.selectSubnets({ subnetType: isolated ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS, onePerAz: true });
  const rules = new Rules(path);
  rules.check('vpc', `${selected.subnets.length} AZs of ${isolated ? 'isolated' : 'private'} subnets`, selected.subnets.length >= azCount,
    `a VPC whose isolated (or, without isolated ones, private) subnets span at least application.azCount (${azCount}) Availability Zones${azCountFix('application.azCount')}`);
  rules.throwIfInvalid();
  return selected.subnets.slice(0, azCount);
}

function logGroupId(logTypeName: string): string {
  return logTypeName === 'slow-log' ? 'SlowLog' : logTypeName === 'engine-log' ? 'EngineLog' : logTypeName;
}

/** The port is the plan's (the engine's standard one by default): acknowledged on the cluster. */
function acknowledgePort(cluster: cdk.CfnResource): void {
  acknowledge(cluster, {
    id: 'AwsSolutions::AwsSolutions-AEC5',
    reason: 'the port is the plan\'s (the engine\'s standard port unless set): a non-standard port hides nothing from a scan inside '
      + 'the VPC; the security group that admits only the API tier is the control',
  });
}
