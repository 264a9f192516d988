import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DataAwsSecretsmanagerRandomPassword } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password';
import { DataAwsSubnet } from '@cdktf/provider-aws/lib/data-aws-subnet';
import { ElasticacheCluster } from '@cdktf/provider-aws/lib/elasticache-cluster';
import { ElasticacheParameterGroup } from '@cdktf/provider-aws/lib/elasticache-parameter-group';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { ElasticacheUser } from '@cdktf/provider-aws/lib/elasticache-user';
import { ElasticacheUserGroup } from '@cdktf/provider-aws/lib/elasticache-user-group';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { recordBlock } from './block-metadata';
import { BlockNetwork, encryptedLogGroup, encryptionKey, ExistingNetwork, networkAzCount, protect, renderAlarm } from './common';
import { resolvePlan } from '../core/blocks/common';
import {
  CacheAuthMode, CacheEngine, CacheEnvironmentValue, CdnTierPlan, planTieredCache, resolveClientEnvironment, TieredCacheOptions, TieredCachePlan,
} from '../core/blocks/tiered-cache';
import { checkOptionsObject } from '../core/inputs';
import { Rules } from '../core/validation';

/** Props of a Terraform TieredCache: the neutral options plus the Terraform extras. */
export interface TieredCacheProps extends TieredCacheOptions {
  /**
   * The network the cache nodes live in: the cache subnet group takes the first `azCount`
   * isolated subnets (or private subnets when no isolated ones are given), one per AZ.
   *
   * @default - a new BlockNetwork over the plan's `azCount` AZs, its flow logs encrypted with the block's key
   */
  readonly network?: ExistingNetwork;
  /**
   * A plan already resolved (SystemStack passes the plans of its chain). When given, no other block option may be set.
   *
   * @default - the plan `planTieredCache` makes of the other options
   */
  readonly plan?: TieredCachePlan;
}

/**
 * TieredCache on Terraform: the application tier as an ElastiCache replication group (Valkey or
 * Redis OSS; a cluster for Memcached) with the plan's shards, replicas, AZ placement, Multi-AZ
 * failover, encryption, an IAM-authenticated user (or an RBAC password or AUTH token in Secrets
 * Manager, which then passes through the Terraform state), snapshots, parameter group,
 * log delivery and alarms; a security group that admits only what `allowFrom` names. The CDN
 * and query tiers are data: `cdnTier` for a GlobalCdn, `clientEnvironment` and `clientSecrets`
 * for the API containers.
 *
 * Shard placement: the plan's per-shard AZs are rendered in `node_group_configuration` and
 * then ignored by Terraform (`lifecycle.ignore_changes`), because the AWS provider replaces
 * the whole replication group when that block gains a node group. Adding shards therefore
 * changes `num_node_groups` in place (online resharding) and ElastiCache places the new shards.
 */
export class TieredCache extends Construct {
  /** The resolved plan this construct rendered. */
  public readonly plan: TieredCachePlan;
  /** The Valkey/Redis replication group (undefined for Memcached). */
  public readonly replicationGroup?: ElasticacheReplicationGroup;
  /** The Memcached cluster (undefined for Valkey/Redis). */
  public readonly memcachedCluster?: ElasticacheCluster;
  /** The security group of the cache nodes: it admits only the peers given to `allowFrom`, on the plan's port. */
  public readonly securityGroup: SecurityGroup;
  /** The id of that security group. */
  public readonly securityGroupId: string;
  /** The cache subnet group. */
  public readonly subnetGroup: ElasticacheSubnetGroup;
  /** The parameter group (eviction policy, reserved memory, cluster mode). */
  public readonly parameterGroup: ElasticacheParameterGroup;
  /** The network the block created (undefined when one was given). */
  public readonly network?: BlockNetwork;
  /** The customer managed key of the block's log groups, secret and created network (undefined when none of them exists). */
  public readonly key?: KmsKey;
  /** The Secrets Manager secret that holds the credentials, JSON `{ username?, password }` (auth modes RBAC and AUTH_TOKEN only). */
  public readonly authSecret?: SecretsmanagerSecret;
  /** The user the API logs in as (auth modes IAM and RBAC). */
  public readonly user?: ElasticacheUser;
  /** The user group attached to the replication group (auth modes IAM and RBAC). */
  public readonly userGroup?: ElasticacheUserGroup;
  /** The log groups the slow log and the engine log are delivered to (empty for Memcached). */
  public readonly logGroups: CloudwatchLogGroup[] = [];
  /** Every alarm, one per node and alarm plan. */
  public readonly alarms: CloudwatchMetricAlarm[] = [];
  /** The address clients connect to: configuration endpoint (cluster mode, Memcached) or primary endpoint. */
  public readonly endpointAddress: string;
  /** The reader endpoint address (cluster mode off with replicas), else undefined. */
  public readonly readerEndpointAddress?: string;
  /** The port the nodes listen on. */
  public readonly port: number;
  /** ARN of the credentials secret (auth modes RBAC and AUTH_TOKEN only). */
  public readonly authSecretArn?: string;
  /**
   * The client contract as plain environment for an API container: the plan's variables, and
   * the deploy-time ones (endpoints, secret ARN) resolved to this deployment. No secret value.
   */
  public readonly clientEnvironment: { [name: string]: string };
  /**
   * Variables an API container takes from the credentials secret (ECS `secrets`): variable ->
   * `<secret ARN>:<json key>::`. Empty without a password (auth modes IAM and NONE).
   */
  public readonly clientSecrets: { [name: string]: string };
  /** The CDN tier, for a GlobalCdn's `cdnTier`. */
  public readonly cdnTier: CdnTierPlan;

  constructor(scope: Construct, id: string, props: TieredCacheProps = {}) {
    super(scope, id);
    checkOptionsObject(props, this.node.path, 'props', 'TieredCacheProps');
    const { network, plan, ...options } = props;
    this.plan = resolvePlan(options, plan, planTieredCache, this.node.path, { networkAzCount: networkAzCount(network, true) });
    const app = this.plan.application;
    const memcached = app.engine === CacheEngine.MEMCACHED;
    this.port = app.port;
    this.cdnTier = this.plan.cdn;

    const rules = new Rules(this.node.path);
    if (network) {
      const prop = network.isolatedSubnetIds ? 'network.isolatedSubnetIds' : 'network.privateSubnetIds';
      const given = network.isolatedSubnetIds ?? network.privateSubnetIds;
      rules.check(prop, given, Array.isArray(given) && given.length >= app.azCount,
        `a list of at least ${app.azCount} subnet ids, one per AZ (the plan's application.azCount)`);
    }
    rules.throwIfInvalid();

    const hasSecret = app.auth.mode === CacheAuthMode.RBAC || app.auth.mode === CacheAuthMode.AUTH_TOKEN;
    const needsKey = !network || app.logDeliveryConfigurations.length > 0 || hasSecret;
    if (needsKey) this.key = encryptionKey(this, 'Key', `scaleblocks ${this.node.path}: cache logs, credentials and network`, this.plan.kmsKeyDeletionWindowDays, ['logs']);

    // --- network ------------------------------------------------------------------------------
    let subnetIds: string[];
    let azNames: string[];
    let vpcId: string;
    if (network) {
      subnetIds = (network.isolatedSubnetIds ?? network.privateSubnetIds).slice(0, app.azCount);
      azNames = subnetIds.map((s, i) => new DataAwsSubnet(this, `Subnet${i + 1}`, { id: s }).availabilityZone);
      vpcId = network.vpcId;
    } else {
      this.network = new BlockNetwork(this, 'Network', {
        azCount: app.azCount, logKey: this.key as KmsKey, network: this.plan.createdNetwork,
      });
      subnetIds = this.network.isolatedSubnets.map((s) => s.id);
      azNames = this.network.isolatedSubnets.map((s) => s.availabilityZone);
      vpcId = this.network.vpc.id;
    }

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpcId,
      name: `${app.clusterId}-cache`,
      description: `scaleblocks ${this.node.path}: ${app.engineName} nodes, admits only the API tier on ${app.port}`,
    });
    this.securityGroupId = this.securityGroup.id;
    if (app.allowAllOutbound) {
      new VpcSecurityGroupEgressRule(this.securityGroup, 'AllOutbound', {
        securityGroupId: this.securityGroup.id, ipProtocol: '-1', cidrIpv4: '0.0.0.0/0', description: 'all outbound traffic',
      });
    }
    this.subnetGroup = new ElasticacheSubnetGroup(this, 'SubnetGroup', {
      name: app.subnetGroupName,
      description: `scaleblocks ${this.node.path}`,
      subnetIds,
    });
    this.parameterGroup = new ElasticacheParameterGroup(this, 'ParameterGroup', {
      name: app.parameterGroup.name,
      family: app.parameterGroup.family,
      description: `scaleblocks ${this.node.path}`,
      parameter: Object.entries(app.parameterGroup.parameters).map(([name, value]) => ({ name, value })),
    });

    // --- credentials --------------------------------------------------------------------------
    // IAM: no password exists, so nothing secret reaches the state. RBAC and AUTH_TOKEN: the password
    // passes through the state (the block's notes say where): provider 6.25 has no write-only
    // argument for ElastiCache passwords or AUTH tokens, and CDKTF 0.21 has no ephemeral resources.
    let password: string | undefined;
    if (hasSecret) {
      const generated = new DataAwsSecretsmanagerRandomPassword(this, 'GeneratedPassword', {
        passwordLength: app.auth.passwordLength,
        excludeCharacters: app.auth.excludeCharacters,
        includeSpace: app.auth.passwordIncludesSpace,
      });
      this.authSecret = new SecretsmanagerSecret(this, 'AuthSecret', {
        name: app.auth.secretName,
        description: `scaleblocks ${this.node.path}: ${app.auth.mode} credentials of the cache`,
        kmsKeyId: this.key?.arn,
      });
      protect(this.authSecret, app.auth.secretRemovalPolicy);
      const value: { [k: string]: string } = { password: generated.randomPassword };
      if (app.auth.userName) value.username = app.auth.userName;
      const version = new SecretsmanagerSecretVersion(this, 'AuthSecretValue', {
        secretId: this.authSecret.id,
        secretString: Fn.jsonencode(value),
        // The data source draws a new password at every plan: the first one stays.
        lifecycle: { ignoreChanges: ['secret_string'] },
      });
      this.authSecretArn = this.authSecret.arn;
      password = Fn.lookup(Fn.jsondecode(version.secretString), 'password');
    }
    if (app.auth.userId !== undefined) {
      const defaultUser = new ElasticacheUser(this, 'DefaultUser', {
        userId: app.auth.defaultUserId as string,
        userName: app.auth.defaultUserName as string,
        engine: app.engineName,
        accessString: app.auth.defaultUserAccessString as string,
        authenticationMode: app.auth.defaultUserPasswordProtected
          ? { type: 'password', passwords: [password as string] } : { type: 'no-password-required' },
      });
      this.user = new ElasticacheUser(this, 'User', {
        userId: app.auth.userId as string,
        userName: app.auth.userName as string,
        engine: app.engineName,
        accessString: app.auth.accessString as string,
        authenticationMode: app.auth.userAuthenticationType === 'iam'
          ? { type: 'iam' } : { type: 'password', passwords: [password as string] },
      });
      this.userGroup = new ElasticacheUserGroup(this, 'UserGroup', {
        userGroupId: app.auth.userGroupId as string,
        engine: app.engineName,
        userIds: [defaultUser.userId, this.user.userId],
      });
    }

    // --- logs ---------------------------------------------------------------------------------
    const logDelivery = app.logDeliveryConfigurations.map((l) => {
      const group = encryptedLogGroup(this, l.logTypeName === 'slow-log' ? 'SlowLog' : 'EngineLog', this.key as KmsKey, l.retentionDays, l.logGroupName);
      this.logGroups.push(group);
      return { destination: group.name, destinationType: l.destinationType, logFormat: l.logFormat, logType: l.logTypeName };
    });

    // --- the cache ----------------------------------------------------------------------------
    const common = {
      engine: app.engineName,
      engineVersion: app.engineVersion,
      nodeType: app.nodeType,
      port: app.port,
      parameterGroupName: this.parameterGroup.name,
      subnetGroupName: this.subnetGroup.name,
      securityGroupIds: [this.securityGroup.id],
      maintenanceWindow: app.maintenanceWindow,
      autoMinorVersionUpgrade: String(app.autoMinorVersionUpgrade),
      applyImmediately: app.applyImmediately,
      transitEncryptionEnabled: app.transitEncryption,
    };
    if (memcached) {
      const cluster = new ElasticacheCluster(this, 'Resource', {
        ...common,
        clusterId: app.clusterId,
        numCacheNodes: app.shards,
        azMode: app.azMode,
        preferredAvailabilityZones: app.preferredAzs.map((a) => azNames[a]),
      });
      protect(cluster, app.removalPolicy);
      this.memcachedCluster = cluster;
      this.endpointAddress = cluster.clusterAddress;
    } else {
      const placement = app.clusterMode
        ? {
          clusterMode: 'enabled',
          numNodeGroups: app.shards,
          replicasPerNodeGroup: app.replicasPerShard,
          nodeGroupConfiguration: app.placement.map((p) => ({
            nodeGroupId: p.shardId,
            primaryAvailabilityZone: azNames[p.primaryAz],
            replicaAvailabilityZones: p.replicaAzs.map((a) => azNames[a]),
            replicaCount: app.replicasPerShard,
          })),
        }
        : {
          clusterMode: 'disabled',
          numCacheClusters: 1 + app.replicasPerShard,
          preferredCacheClusterAzs: app.preferredAzs.map((a) => azNames[a]),
        };
      const group = new ElasticacheReplicationGroup(this, 'Resource', {
        ...common,
        ...placement,
        replicationGroupId: app.clusterId,
        description: app.description,
        automaticFailoverEnabled: app.automaticFailover,
        multiAzEnabled: app.multiAz,
        atRestEncryptionEnabled: String(app.atRestEncryption),
        kmsKeyId: app.kmsKeyArn,
        transitEncryptionMode: app.transitEncryptionMode,
        authToken: app.auth.mode === CacheAuthMode.AUTH_TOKEN ? password : undefined,
        authTokenUpdateStrategy: app.auth.tokenUpdateStrategy,
        userGroupIds: this.userGroup ? [this.userGroup.userGroupId] : undefined,
        snapshotRetentionLimit: app.snapshot.retentionDays,
        snapshotWindow: app.snapshot.window,
        finalSnapshotIdentifier: app.snapshot.finalSnapshotName,
        logDeliveryConfiguration: logDelivery,
        lifecycle: app.clusterMode ? { ignoreChanges: ['node_group_configuration'] } : undefined,
      });
      protect(group, app.removalPolicy);
      this.replicationGroup = group;
      this.endpointAddress = app.endpoint === CacheEnvironmentValue.CONFIGURATION_ENDPOINT_ADDRESS
        ? group.configurationEndpointAddress : group.primaryEndpointAddress;
      if (app.readerEndpoint) this.readerEndpointAddress = group.readerEndpointAddress;
    }

    // --- alarms -------------------------------------------------------------------------------
    const alarmScope = new Construct(this, 'Alarms');
    for (const alarm of app.alarms.filter((a) => !a.perNode)) {
      this.alarms.push(renderAlarm(alarmScope, app.clusterId, alarm, app.clusterDimensions));
    }
    for (const node of app.nodes) {
      // Named as ElastiCache names the node (`<id>-<shard>-<nnn>`, `<id>-<nnn>`, `<id>-<node>`): stable when counts change.
      const nodeScope = new Construct(alarmScope, node.id);
      for (const alarm of app.alarms.filter((a) => a.perNode)) this.alarms.push(renderAlarm(nodeScope, node.id, alarm, node.dimensions));
    }

    // --- client contract ----------------------------------------------------------------------
    this.clientEnvironment = resolveClientEnvironment(this.plan, this.node.path, {
      [app.endpoint]: this.endpointAddress,
      [CacheEnvironmentValue.READER_ENDPOINT_ADDRESS]: this.readerEndpointAddress,
      [CacheEnvironmentValue.AUTH_SECRET_ARN]: this.authSecretArn,
    });
    const secrets: { [k: string]: string } = {};
    if (this.authSecretArn) {
      for (const [name, jsonKey] of Object.entries(this.plan.contract.secretEnvironment)) secrets[name] = `${this.authSecretArn}:${jsonKey}::`;
    }
    this.clientSecrets = secrets;

    // No outputs: the stack's outputs are the user's (the block's properties give the same values), as on the CDK backend.
    recordBlock(this, this.plan);
  }

  /**
   * The resources `elasticache:Connect` must name for a client of an IAM-authenticated cache: the
   * replication group and the user. Empty unless the auth mode is IAM.
   */
  public connectResourceArns(): string[] {
    if (this.plan.application.auth.mode !== CacheAuthMode.IAM || !this.replicationGroup || !this.user) return [];
    return [this.replicationGroup.arn, this.user.arn];
  }

  /**
   * Admits a peer security group (the API tier) on the cache port: the only ingress the cache
   * security group ever gets.
   *
   * @param id construct id of the rule, stable and readable (e.g. `Api`)
   * @param peerSecurityGroupId the security group of the clients
   */
  public allowFrom(id: string, peerSecurityGroupId: string): VpcSecurityGroupIngressRule {
    return new VpcSecurityGroupIngressRule(this.securityGroup, `From${id}`, {
      securityGroupId: this.securityGroup.id,
      referencedSecurityGroupId: peerSecurityGroupId,
      ipProtocol: 'tcp',
      fromPort: this.port,
      toPort: this.port,
      description: `${id} to the cache on ${this.port}`,
    });
  }
}
