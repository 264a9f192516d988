import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsSubnet } from '@cdktf/provider-aws/lib/data-aws-subnet';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbProxy } from '@cdktf/provider-aws/lib/db-proxy';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { RdsClusterParameterGroup } from '@cdktf/provider-aws/lib/rds-cluster-parameter-group';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Fn, TerraformOutput, Token } from 'cdktf';
import { Construct } from 'constructs';
import { recordBlock } from './block-metadata';
import { BlockNetwork, encryptedLogGroup, encryptionKey, ExistingNetwork, iamRoleNamePrefix, networkAzCount, protect, StackContext } from './common';
import { renderDatabaseProxy } from './database-proxy';
import { resolvePlan } from '../core/blocks/common';
import {
  DatabaseEngine, DatabaseInstancePlan, DatabaseInstanceRole, DatabaseParameterApplyMethod,
  DatabaseSettingScope, DatabaseStorageKind, planReplicatedDatabase, ReaderScalingMetric,
  ReplicatedDatabaseOptions, ReplicatedDatabasePlan,
} from '../core/blocks/replicated-database';
import { checkOptionsObject } from '../core/inputs';
import { Rules } from '../core/validation';

/** Props of a Terraform ReplicatedDatabase: the neutral options, the network and a resolved plan. */
export interface ReplicatedDatabaseProps extends ReplicatedDatabaseOptions {
  /**
   * The network to place the database in: its isolated subnets (or the private ones when it has
   * none), one per AZ, at least `azCount` of them.
   *
   * @default - the block creates a BlockNetwork of `azCount` AZs
   */
  readonly network?: ExistingNetwork;
  /**
   * A plan already resolved (SystemStack passes the plans of its chain). When given, no other
   * block option may be set.
   *
   * @default - the plan of the other props
   */
  readonly plan?: ReplicatedDatabasePlan;
}

/**
 * One writer and 0..15 readers, rendered from a ReplicatedDatabasePlan into Terraform: an Aurora
 * cluster with its instances (Aurora engines) or an RDS instance with read replicas (RDS engines).
 *
 * Safe by default, as the plan says: storage encrypted with a customer managed key (or
 * `kmsKeyArn`), the master password managed by RDS in Secrets Manager (never in the Terraform
 * JSON or state) and rotated on the plan's schedule, IAM authentication, backups, deletion
 * protection, a final snapshot and `prevent_destroy` unless the removal policy is DESTROY,
 * TLS enforced by the parameter group, Performance Insights, Enhanced Monitoring and log exports
 * to encrypted log groups. The security group has no rule but the ones the plan lists
 * (`allowedCidrs`) and those `allowFrom` adds.
 *
 * Rotation: RDS manages the master user secret and rotates it itself (no Lambda function); the
 * block sets the secret's schedule to the plan's `rotationDays`. With `credentials.rotation`
 * false the block sets no schedule, and RDS keeps its own default (every 7 days): a managed
 * secret cannot be left unrotated.
 */
export class ReplicatedDatabase extends Construct {
  /** The resolved plan this construct renders. */
  public readonly plan: ReplicatedDatabasePlan;
  /** Aurora engines: the cluster; undefined with RDS engines. */
  public readonly cluster?: RdsCluster;
  /** Aurora engines: the writer instance, then the readers in plan order. */
  public readonly clusterInstances: RdsClusterInstance[] = [];
  /** RDS engines: the writer (source) instance; undefined with Aurora engines. */
  public readonly instance?: DbInstance;
  /** RDS engines: the read replicas in plan order. */
  public readonly replicas: DbInstance[] = [];
  /** The database's security group. */
  public readonly securityGroup: SecurityGroup;
  /** The DB subnet group. */
  public readonly subnetGroup: DbSubnetGroup;
  /** Aurora engines: the DB cluster parameter group the plan's parameters are set in. */
  public readonly clusterParameterGroup?: RdsClusterParameterGroup;
  /** RDS engines: the DB parameter group the plan's parameters are set in (the writer's and the replicas'). */
  public readonly instanceParameterGroup?: DbParameterGroup;
  /** The block's customer managed key: log groups, and storage, Performance Insights and the secret unless `kmsKeyArn` is given. */
  public readonly key: KmsKey;
  /** The network the block created, when it was given none. */
  public readonly network?: BlockNetwork;
  /** The log groups the exported database logs go to. */
  public readonly logGroups: CloudwatchLogGroup[] = [];
  /** The Enhanced Monitoring role, when the plan's interval is not 0. */
  public readonly monitoringRole?: IamRole;
  /** The rotation schedule of the master user secret, when the plan rotates it. */
  public readonly secretRotation?: SecretsmanagerSecretRotation;
  /** Aurora replica auto scaling: the scalable target, when the plan has reader auto scaling. */
  public readonly readerScalingTarget?: AppautoscalingTarget;
  /** Aurora replica auto scaling: the target tracking policy, when the plan has reader auto scaling. */
  public readonly readerScalingPolicy?: AppautoscalingPolicy;
  /** The writer endpoint (a DNS name). */
  public readonly writerEndpoint: string;
  /** Aurora: the reader endpoint; RDS: the first replica's endpoint, or the writer's without replicas. */
  public readonly readerEndpoint: string;
  /** RDS engines: each read replica's endpoint, in plan order (Aurora: empty; its readers share `readerEndpoint`). */
  public readonly readerEndpoints: string[];
  /** The port the database listens on. */
  public readonly port: string;
  /** ARN of the Secrets Manager secret RDS manages with the master credentials. */
  public readonly secretArn: string;
  /** ID of the database's security group. */
  public readonly securityGroupId: string;
  /** The RDS Proxy in front of the writer, when the plan has one (`plan.proxy`). */
  public readonly proxy?: DbProxy;
  /** The proxy's security group (its clients are admitted here: `allowProxyFrom`), when the plan has a proxy. */
  public readonly proxySecurityGroup?: SecurityGroup;
  /** The role the proxy signs in to the database with (it reads the master secret), when the plan has a proxy. */
  public readonly proxyRole?: IamRole;
  /** The proxy's endpoint, when the plan has a proxy: what clients connect to instead of the writer. */
  public readonly proxyEndpoint?: string;
  /** ARN of the key the storage is encrypted with (undefined when storage is not encrypted). */
  public readonly storageKeyArn?: string;

  constructor(scope: Construct, id: string, props: ReplicatedDatabaseProps = {}) {
    super(scope, id);
    checkOptionsObject(props, this.node.path, 'props', 'ReplicatedDatabaseProps');
    const { network, plan, ...options } = props;
    this.plan = resolvePlan(options, plan, planReplicatedDatabase, this.node.path, { networkAzCount: networkAzCount(network, true) });
    const p = this.plan;

    const rules = new Rules(this.node.path);
    const subnetIds = dataSubnetsOf(rules, network, p.azCount);
    rules.throwIfInvalid();

    const ctx = StackContext.of(this);
    this.key = encryptionKey(this, 'Key', `ReplicatedDatabase ${p.name}: storage, Performance Insights, secret and logs`, p.kmsKeyDeletionWindowDays, ['logs']);
    let subnets: string[];
    let azOf: (i: number) => string;
    if (network) {
      subnets = subnetIds!;
      const lookups: { [i: number]: DataAwsSubnet } = {};
      azOf = (i) => {
        lookups[i] = lookups[i] ?? new DataAwsSubnet(this, `Subnet${i + 1}`, { id: subnetAt(subnets, i) });
        return lookups[i].availabilityZone;
      };
    } else {
      this.network = new BlockNetwork(this, 'Network', { azCount: p.azCount, logKey: this.key, network: p.createdNetwork });
      const created = this.network.isolatedSubnets;
      subnets = created.map((s) => s.id);
      azOf = (i) => created[i].availabilityZone;
    }
    const vpcId = network ? network.vpcId : this.network!.vpc.id;
    const keyArn = p.storage.kmsKeyArn ?? this.key.arn;
    this.storageKeyArn = p.storage.encrypted ? keyArn : undefined;

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      namePrefix: `${p.name}-`,
      description: `ReplicatedDatabase ${p.name}: admits only its clients on port ${p.port}`,
      vpcId,
      lifecycle: { createBeforeDestroy: true },
    });
    this.securityGroupId = this.securityGroup.id;
    p.allowedCidrs.forEach((cidr, i) => {
      const ipv6 = cidr.includes(':');
      new VpcSecurityGroupIngressRule(this, `AllowCidr${i + 1}`, {
        securityGroupId: this.securityGroup.id,
        description: `ReplicatedDatabase ${p.name}: ${cidr} on ${p.port}`,
        ipProtocol: 'tcp',
        fromPort: p.port,
        toPort: p.port,
        cidrIpv4: ipv6 ? undefined : cidr,
        cidrIpv6: ipv6 ? cidr : undefined,
      });
    });

    this.subnetGroup = new DbSubnetGroup(this, 'SubnetGroup', {
      namePrefix: `${p.name}-`,
      description: `ReplicatedDatabase ${p.name}`,
      subnetIds: subnets,
    });

    const parameter = Object.entries(p.parameters).map(([name, value]) => ({
      name, value, applyMethod: applyMethodOf(p.parameterApplyMethods[name]),
    }));
    const groupProps = {
      namePrefix: `${p.name}-`,
      family: p.parameterGroupFamily,
      description: `ReplicatedDatabase ${p.name}`,
      parameter,
      lifecycle: { createBeforeDestroy: true },
    };
    if (p.aurora) {
      this.clusterParameterGroup = new RdsClusterParameterGroup(this, 'ParameterGroup', groupProps);
    } else {
      this.instanceParameterGroup = new DbParameterGroup(this, 'ParameterGroup', groupProps);
    }

    const interval = p.monitoring.enhancedMonitoringIntervalSeconds;
    if (interval > 0) {
      this.monitoringRole = new IamRole(this, 'MonitoringRole', {
        namePrefix: iamRoleNamePrefix(p.name, 'monitoring'),
        description: `ReplicatedDatabase ${p.name}: RDS Enhanced Monitoring`,
        assumeRolePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'monitoring.rds.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      });
      new IamRolePolicyAttachment(this, 'MonitoringRolePolicy', {
        role: this.monitoringRole.name,
        policyArn: `arn:${ctx.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
      });
    }
    // Performance Insights as the plan places it (on the Aurora cluster, or on each instance),
    // encrypted with the block's key: kmsKeyArn is the storage's key only.
    const performanceInsights = {
      performanceInsightsEnabled: p.monitoring.performanceInsights,
      performanceInsightsKmsKeyId: p.monitoring.performanceInsights ? this.key.arn : undefined,
      performanceInsightsRetentionPeriod: p.monitoring.performanceInsights ? p.monitoring.performanceInsightsRetentionDays : undefined,
    };
    const piOnCluster = p.aurora && p.monitoring.performanceInsightsScope === DatabaseSettingScope.CLUSTER;
    const monitoring = {
      monitoringInterval: interval,
      monitoringRoleArn: this.monitoringRole?.arn,
      ...(piOnCluster ? {} : performanceInsights),
    };
    const snapshot = {
      skipFinalSnapshot: p.finalSnapshotIdentifier === undefined,
      finalSnapshotIdentifier: p.finalSnapshotIdentifier,
      deleteAutomatedBackups: p.deleteAutomatedBackups,
    };
    const logs = p.monitoring.cloudwatchLogsExports;
    /** Log groups named as RDS names them, created first so RDS writes to encrypted, retained groups. */
    const logGroupsFor = (kind: 'cluster' | 'instance', identifier: string, prefix: string): CloudwatchLogGroup[] => logs.map((type) => {
      const group = encryptedLogGroup(this, `${prefix}Logs-${type}`, this.key, p.monitoring.logRetentionDays, `/aws/rds/${kind}/${identifier}/${type}`);
      this.logGroups.push(group);
      return group;
    });

    if (p.aurora) {
      const clusterLogs = logGroupsFor('cluster', p.identifier, '');
      const cluster = new RdsCluster(this, 'Resource', {
        clusterIdentifier: p.identifier,
        engine: p.engine === DatabaseEngine.AURORA_MYSQL ? 'aurora-mysql' : 'aurora-postgresql',
        engineVersion: p.engineVersion,
        databaseName: p.databaseName,
        port: p.port,
        masterUsername: p.credentials.username,
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: this.key.arn,
        dbSubnetGroupName: this.subnetGroup.name,
        vpcSecurityGroupIds: [this.securityGroup.id],
        dbClusterParameterGroupName: this.clusterParameterGroup!.name,
        storageEncrypted: p.storage.encrypted,
        kmsKeyId: this.storageKeyArn,
        iamDatabaseAuthenticationEnabled: p.iamAuthentication,
        backupRetentionPeriod: p.backupRetentionDays,
        copyTagsToSnapshot: p.copyTagsToSnapshot,
        deletionProtection: p.deletionProtection,
        ...snapshot,
        enabledCloudwatchLogsExports: logs,
        ...(piOnCluster ? performanceInsights : {}),
        ...(p.serverlessV2 ? {
          serverlessv2ScalingConfiguration: {
            minCapacity: p.serverlessV2.minCapacityAcu,
            maxCapacity: p.serverlessV2.maxCapacityAcu,
            secondsUntilAutoPause: p.serverlessV2.secondsUntilAutoPause,
          },
        } : {}),
        dependsOn: clusterLogs,
      });
      protect(cluster, p.removalPolicy);
      this.cluster = cluster;
      for (const inst of p.instances) {
        const clusterInstance = new RdsClusterInstance(this, instanceConstructId(inst, true), {
          identifier: inst.identifier,
          clusterIdentifier: cluster.clusterIdentifier,
          engine: cluster.engine,
          engineVersion: cluster.engineVersion,
          instanceClass: inst.instanceClass,
          availabilityZone: inst.pinAz ? azOf(inst.az) : undefined,
          promotionTier: inst.promotionTier,
          dbSubnetGroupName: this.subnetGroup.name,
          publiclyAccessible: p.publiclyAccessible,
          autoMinorVersionUpgrade: p.autoMinorVersionUpgrade,
          ...monitoring,
        });
        // The instances hold no data: protected only as the plan says (the cluster is protected on its own).
        protect(clusterInstance, p.clusterInstanceRemovalPolicy);
        this.clusterInstances.push(clusterInstance);
      }
      this.writerEndpoint = cluster.endpoint;
      this.readerEndpoint = cluster.readerEndpoint;
      this.readerEndpoints = [];
      this.secretArn = cluster.masterUserSecret.get(0).secretArn;

      const as = p.readerAutoScaling;
      if (as) {
        this.readerScalingTarget = new AppautoscalingTarget(this, 'ReaderScalingTarget', {
          serviceNamespace: 'rds',
          scalableDimension: 'rds:cluster:ReadReplicaCount',
          resourceId: `cluster:${cluster.clusterIdentifier}`,
          minCapacity: p.readers,
          maxCapacity: as.maxReaders,
          dependsOn: this.clusterInstances,
        });
        const cpu = as.metric === ReaderScalingMetric.CPU_UTILIZATION;
        this.readerScalingPolicy = new AppautoscalingPolicy(this, 'ReaderScalingPolicy', {
          name: `${p.name}-readers`,
          policyType: 'TargetTrackingScaling',
          serviceNamespace: this.readerScalingTarget.serviceNamespace,
          scalableDimension: this.readerScalingTarget.scalableDimension,
          resourceId: this.readerScalingTarget.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            predefinedMetricSpecification: {
              predefinedMetricType: cpu ? 'RDSReaderAverageCPUUtilization' : 'RDSReaderAverageDatabaseConnections',
            },
            targetValue: as.targetValue,
            scaleInCooldown: as.scaleInCooldownSeconds,
            scaleOutCooldown: as.scaleOutCooldownSeconds,
          },
        });
      }
    } else {
      const engine = p.engine === DatabaseEngine.RDS_MYSQL ? 'mysql' : 'postgres';
      const storage = {
        storageType: storageTypeOf(p.storage.kind),
        allocatedStorage: p.storage.allocatedGiB,
        iops: p.storage.iops,
        storageThroughput: p.storage.throughputMiBps,
        maxAllocatedStorage: p.storage.maxAllocatedGiB,
      };
      const common = {
        instanceClass: p.instanceClass,
        vpcSecurityGroupIds: [this.securityGroup.id],
        parameterGroupName: this.instanceParameterGroup!.name,
        iamDatabaseAuthenticationEnabled: p.iamAuthentication,
        enabledCloudwatchLogsExports: logs,
        publiclyAccessible: p.publiclyAccessible,
        autoMinorVersionUpgrade: p.autoMinorVersionUpgrade,
        copyTagsToSnapshot: p.copyTagsToSnapshot,
        ...monitoring,
      };
      let writer: DbInstance | undefined;
      for (const inst of p.instances) {
        const identifier = inst.identifier;
        const instLogs = logGroupsFor('instance', identifier, pascal(inst.id));
        const availabilityZone = inst.pinAz ? azOf(inst.az) : undefined;
        if (inst.role === DatabaseInstanceRole.WRITER) {
          writer = new DbInstance(this, instanceConstructId(inst, false), {
            identifier,
            engine,
            engineVersion: p.engineVersion,
            dbName: p.databaseName,
            port: p.port,
            username: p.credentials.username,
            manageMasterUserPassword: true,
            masterUserSecretKmsKeyId: this.key.arn,
            dbSubnetGroupName: this.subnetGroup.name,
            multiAz: p.multiAz,
            availabilityZone,
            ...storage,
            storageEncrypted: p.storage.encrypted,
            kmsKeyId: this.storageKeyArn,
            backupRetentionPeriod: p.backupRetentionDays,
            deletionProtection: p.deletionProtection,
            ...snapshot,
            ...common,
            dependsOn: instLogs,
          });
          protect(writer, p.removalPolicy);
        } else {
          // Protected and retained as the plan says; RDS takes no final snapshot of a replica.
          const replica = new DbInstance(this, instanceConstructId(inst, false), {
            identifier,
            replicateSourceDb: writer!.identifier,
            availabilityZone,
            ...storage,
            storageEncrypted: p.storage.encrypted,
            kmsKeyId: this.storageKeyArn,
            backupRetentionPeriod: p.replicaBackupRetentionDays,
            deletionProtection: p.replicaDeletionProtection,
            skipFinalSnapshot: true,
            ...common,
            dependsOn: instLogs,
          });
          protect(replica, p.replicaRemovalPolicy);
          this.replicas.push(replica);
        }
      }
      this.instance = writer!;
      this.writerEndpoint = writer!.address;
      this.readerEndpoints = this.replicas.map((r) => r.address);
      this.readerEndpoint = this.readerEndpoints[0] ?? this.writerEndpoint;
      this.secretArn = writer!.masterUserSecret.get(0).secretArn;
    }

    if (p.credentials.rotation) {
      this.secretRotation = new SecretsmanagerSecretRotation(this, 'SecretRotation', {
        secretId: this.secretArn,
        rotationRules: { automaticallyAfterDays: p.credentials.rotationDays },
      });
    }
    this.port = String(p.port);

    // Outputs only when the plan asks (the stack's outputs are the user's): the same set as the CDK backend.
    // --- RDS Proxy (plan.proxy) -------------------------------------------------------------
    if (p.proxy) {
      const rendered = renderDatabaseProxy(this, p.proxy, {
        vpcId,
        subnetIds: subnets,
        clusterIdentifier: this.cluster?.clusterIdentifier,
        instanceIdentifier: this.instance?.identifier,
        secretArn: this.secretArn,
        secretKeyArn: this.key.arn,
        databaseSecurityGroupId: this.securityGroup.id,
        port: p.port,
        allowedCidrs: p.allowedCidrs,
        name: p.name,
        dependsOn: this.cluster ? this.clusterInstances : [this.instance!],
      });
      this.proxy = rendered.proxy;
      this.proxySecurityGroup = rendered.securityGroup;
      this.proxyRole = rendered.role;
      this.proxyEndpoint = rendered.proxy.endpoint;
    }

    if (p.outputs) {
      new TerraformOutput(this, 'WriterEndpoint', { value: this.writerEndpoint, description: `ReplicatedDatabase ${p.name}: writer endpoint` });
      if (p.aurora) {
        new TerraformOutput(this, 'ReaderEndpoint', { value: this.readerEndpoint, description: `ReplicatedDatabase ${p.name}: reader endpoint` });
      } else {
        const replicas = p.endpoints.filter((e) => e.role === DatabaseInstanceRole.READER);
        replicas.forEach((e, i) => {
          new TerraformOutput(this, `${pascal(e.name)}Endpoint`, {
            value: this.readerEndpoints[i], description: `ReplicatedDatabase ${p.name}: endpoint of ${e.name}`,
          });
        });
        if (replicas.length > 0) {
          new TerraformOutput(this, 'ReaderEndpoints', {
            value: this.readerEndpoints, description: `ReplicatedDatabase ${p.name}: the read replicas' endpoints`,
          });
        }
      }
      new TerraformOutput(this, 'SecretArn', { value: this.secretArn, description: `ReplicatedDatabase ${p.name}: master credentials secret` });
    }
    recordBlock(this, this.plan);
  }

  /**
   * The ARNs `rds-db:connect` takes to connect with IAM database authentication as a database
   * user: the cluster's (Aurora) or the writer's and every replica's (RDS).
   *
   * @param dbUser the database user to connect as
   * @default dbUser - the master user name
   */
  public connectResourceArns(dbUser?: string): string[] {
    const ctx = StackContext.of(this);
    const user = dbUser ?? this.plan.credentials.username;
    const resourceIds = this.cluster ? [this.cluster.clusterResourceId] : [this.instance!, ...this.replicas].map((i) => i.resourceId);
    return resourceIds.map((rid) => `arn:${ctx.partition}:rds-db:${ctx.region}:${ctx.accountId}:dbuser:${rid}/${user}`);
  }

  /**
   * The ARNs `rds-db:connect` takes to connect to the RDS Proxy with IAM authentication as a
   * database user: `dbuser:prx-<id>/<user>`, the proxy's id read from its ARN.
   *
   * @param dbUser the database user to connect as
   * @default dbUser - the master user name
   */
  public proxyConnectResourceArns(dbUser?: string): string[] {
    const rules = new Rules(this.node.path);
    rules.check('plan.proxy', undefined, this.proxy !== undefined, 'a proxy (proxy: {}): the wiring names the database\'s proxy');
    rules.throwIfInvalid();
    const ctx = StackContext.of(this);
    const user = dbUser ?? this.plan.credentials.username;
    const proxyId = Fn.element(Fn.split(':', this.proxy!.arn), 6);
    return [`arn:${ctx.partition}:rds-db:${ctx.region}:${ctx.accountId}:dbuser:${proxyId}/${user}`];
  }

  /**
   * Admits a security group (a client) on the proxy's port, when the plan has a proxy.
   *
   * @param id construct id of the ingress rule (stable: it names the rule in the Terraform JSON)
   * @param sourceSecurityGroupId the client's security group
   */
  public allowProxyFrom(id: string, sourceSecurityGroupId: string): VpcSecurityGroupIngressRule {
    const rules = new Rules(this.node.path);
    rules.check('plan.proxy', undefined, this.proxy !== undefined, `a proxy (proxy: {}) to admit ${id} on`);
    rules.throwIfInvalid();
    return new VpcSecurityGroupIngressRule(this, id, {
      securityGroupId: this.proxySecurityGroup!.id,
      referencedSecurityGroupId: sourceSecurityGroupId,
      description: `RDS Proxy ${this.plan.proxy!.name}: ${id} on ${this.plan.port}`,
      ipProtocol: 'tcp',
      fromPort: this.plan.port,
      toPort: this.plan.port,
    });
  }

  /**
   * Admits a security group (the app tier in front) on the database port.
   *
   * @param id construct id of the ingress rule (stable: it names the rule in the Terraform JSON)
   * @param sourceSecurityGroupId the client's security group
   */
  public allowFrom(id: string, sourceSecurityGroupId: string): VpcSecurityGroupIngressRule {
    return new VpcSecurityGroupIngressRule(this, id, {
      securityGroupId: this.securityGroup.id,
      referencedSecurityGroupId: sourceSecurityGroupId,
      description: `ReplicatedDatabase ${this.plan.name}: ${id} on ${this.plan.port}`,
      ipProtocol: 'tcp',
      fromPort: this.plan.port,
      toPort: this.plan.port,
    });
  }
}

/** The RDS storage type of the plan's storage kind (RDS engines; Aurora's cluster volume has none to set). */
function storageTypeOf(kind: DatabaseStorageKind): string | undefined {
  switch (kind) {
    case DatabaseStorageKind.GP3: return 'gp3';
    case DatabaseStorageKind.IO1: return 'io1';
    case DatabaseStorageKind.IO2: return 'io2';
    default: return undefined;
  }
}

/** The construct id of a planned instance: Aurora `Writer`, RDS `Resource` (the primary child), readers `Reader1`... */
function instanceConstructId(inst: DatabaseInstancePlan, aurora: boolean): string {
  if (inst.role === DatabaseInstanceRole.WRITER) return aurora ? 'Writer' : 'Resource';
  return pascal(inst.id);
}

/** `reader-1` -> `Reader1`. */
function pascal(id: string): string {
  return id.split('-').map((s) => s.charAt(0).toUpperCase() + s.slice(1)).join('');
}

/** The i-th subnet of a list that may be a single token (an unresolved list). */
function subnetAt(subnets: string[], i: number): string {
  return Token.isUnresolved(subnets) ? Fn.element(subnets, i) : subnets[i];
}

/**
 * The subnets the database goes in: the network's isolated subnets, or its private ones, the
 * first `azCount` of them. Records an issue when a known list is too short.
 */
function dataSubnetsOf(rules: Rules, network: ExistingNetwork | undefined, azCount: number): string[] | undefined {
  if (!network) return undefined;
  const isolated = network.isolatedSubnetIds !== undefined;
  const prop = isolated ? 'network.isolatedSubnetIds' : 'network.privateSubnetIds';
  const list = network.isolatedSubnetIds ?? network.privateSubnetIds;
  rules.check('network.vpcId', network.vpcId, typeof network.vpcId === 'string' && network.vpcId.length > 0, 'a VPC id');
  if (!Array.isArray(list)) {
    rules.check(prop, list, false, 'a list of subnet ids');
    return [];
  }
  if (Token.isUnresolved(list)) return list;
  rules.check(prop, list, list.length >= azCount,
    `at least azCount (${azCount}) subnet ids, one per AZ the database spreads over${isolated ? '' : ' (isolatedSubnetIds is unset: the private subnets are used)'}`);
  return list.slice(0, azCount);
}

/** A plan's apply method as Terraform spells it. */
function applyMethodOf(method: DatabaseParameterApplyMethod): string {
  switch (method) {
    case DatabaseParameterApplyMethod.IMMEDIATE: return 'immediate';
    case DatabaseParameterApplyMethod.PENDING_REBOOT: return 'pending-reboot';
    default: throw new Error(`unknown parameter apply method ${String(method)}: the plan rules admit none`);
  }
}
