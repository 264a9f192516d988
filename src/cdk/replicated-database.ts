import * as cdk from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { recordBlock } from './block-metadata';
import { acknowledge, allowLogsToUse, azCountFix, blockVpc, encryptedLogGroup, encryptionKey, toRemovalPolicy, vpcAzCount } from './common';
import { renderDatabaseProxy } from './database-proxy';
import { resolvePlan } from '../core/blocks/common';
import {
  DatabaseEngine, DatabaseInstancePlan, DatabaseInstanceRole, DatabaseSettingScope, DatabaseStorageKind, planReplicatedDatabase, ReaderScalingMetric,
  ReplicatedDatabaseOptions, ReplicatedDatabasePlan, SERVERLESS_V2_INSTANCE_CLASS,
} from '../core/blocks/replicated-database';
import { checkOptionsObject } from '../core/inputs';
import { Rules } from '../core/validation';

/** Props of a ReplicatedDatabase: the neutral options, plus the network and the key. */
export interface ReplicatedDatabaseProps extends ReplicatedDatabaseOptions {
  /**
   * The VPC to place the database in: its isolated subnets (or, when it has none, its private
   * subnets) of the plan's first `azCount` Availability Zones. The hosted rotation function runs
   * in its private subnets with egress (or the database's subnets when there are none: then the
   * VPC needs a Secrets Manager interface endpoint).
   *
   * @default - a VPC created by the block (public, private and isolated subnets over the plan's AZs, encrypted flow logs)
   */
  readonly vpc?: ec2.IVpc;
  /**
   * KMS key that encrypts the storage (unless the options give `kmsKeyArn`), the credentials
   * secret, Performance Insights and the exported log groups. CloudWatch Logs of the stack's
   * Region is granted its use (a no-op on an imported key: its policy must allow it already).
   *
   * @default - a customer managed key created by the block, rotated yearly and retained
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * A plan already resolved (SystemStack passes the plans of its chain). When given, no other
   * block option may be set.
   *
   * @default - the plan the options make
   */
  readonly plan?: ReplicatedDatabasePlan;
}

/**
 * ReplicatedDatabase: one writer and 0..15 readers spread over Availability Zones, rendered from
 * its plan. Aurora engines: a DB cluster with a writer and Aurora Replicas (reader endpoint,
 * optional replica auto scaling). RDS engines: a DB instance (Multi-AZ as planned) and read
 * replicas, each with its own endpoint.
 *
 * Safe by default, as the plan says: storage encrypted with a customer managed key, TLS
 * required by the parameter group, IAM authentication, master credentials generated into
 * Secrets Manager and rotated by a hosted rotation function, backups, deletion protection, a
 * snapshot (or retention) on removal, Performance Insights, Enhanced Monitoring and logs
 * exported to encrypted, retained log groups. The security group admits nothing until a client
 * is allowed: `allowedCidrs` from the plan here, client blocks through `connections`.
 */
export class ReplicatedDatabase extends Construct implements ec2.IConnectable {
  /** The resolved plan this construct renders. */
  public readonly plan: ReplicatedDatabasePlan;
  /** The VPC the database runs in (given, or created). */
  public readonly vpc: ec2.IVpc;
  /** The key that encrypts storage (unless the plan names a `kmsKeyArn`), the secret, Performance Insights and the logs. */
  public readonly encryptionKey: kms.IKey;
  /** The security group of the instances: admits only the clients allowed. */
  public readonly securityGroup: ec2.ISecurityGroup;
  /** Network access to the database (its default port is the plan's). */
  public readonly connections: ec2.Connections;
  /** The master credentials in Secrets Manager, attached to the cluster or instance (host, port, engine filled in). */
  public readonly secret: secretsmanager.ISecret;
  /** The DB subnet group. */
  public readonly subnetGroup: rds.SubnetGroup;
  /** The parameter group: a DB cluster parameter group (Aurora) or a DB parameter group (RDS). */
  public readonly parameterGroup: cdk.CfnResource;
  /** The Aurora cluster (Aurora engines only). */
  public readonly cluster?: rds.DatabaseCluster;
  /** The RDS primary instance (RDS engines only). */
  public readonly instance?: rds.DatabaseInstance;
  /** The RDS read replicas in the plan's order (RDS engines only; empty for Aurora). */
  public readonly readReplicas: rds.DatabaseInstanceReadReplica[];
  /** Every DB instance, the writer first, then the readers in the plan's order. */
  public readonly dbInstances: rds.CfnDBInstance[];
  /** Aurora replica auto scaling (when the plan has it). */
  public readonly readerScaling?: appscaling.ScalableTarget;
  /** The log groups the engine exports to, by log type (created before the database, encrypted and retained). */
  public readonly logGroups: { [name: string]: logs.LogGroup };
  /** Host name of the writer (Aurora cluster endpoint, or the RDS primary's endpoint). */
  public readonly writerEndpoint: string;
  /** The RDS Proxy in front of the writer, when the plan has one (`plan.proxy`). */
  public readonly proxy?: rds.DatabaseProxy;
  /** The proxy's endpoint, when the plan has a proxy: what clients connect to instead of the writer. */
  public readonly proxyEndpoint?: string;
  /** The proxy's security group (its clients are admitted here), when the plan has a proxy. */
  public readonly proxyConnections?: ec2.Connections;
  /** Host name reads go to: the Aurora reader endpoint; RDS: the first replica's, or the writer's when there is none. */
  public readonly readerEndpoint: string;
  /** Host names of the RDS read replicas, in the plan's order (empty for Aurora: use readerEndpoint). */
  public readonly readerEndpoints: string[];
  /** The port the database listens on. */
  public readonly port: number;
  /** Identifier of the Aurora cluster or of the RDS primary instance. */
  public readonly identifier: string;

  private readonly resourceIds: string[];

  constructor(scope: Construct, id: string, props: ReplicatedDatabaseProps = {}) {
    super(scope, id);
    checkOptionsObject(props, this.node.path, 'props', 'ReplicatedDatabaseProps');
    const { vpc: givenVpc, encryptionKey: givenKey, plan, ...options } = props;
    this.plan = resolvePlan(options, plan, planReplicatedDatabase, this.node.path, { networkAzCount: vpcAzCount(givenVpc, true) });
    const p = this.plan;

    const rules = new Rules(this.node.path);
    rules.check('encryptionKey', givenKey ? 'a key' : undefined, !(givenKey && p.storage.kmsKeyArn),
      'unset when kmsKeyArn is given (the storage key); or leave kmsKeyArn out to encrypt storage with encryptionKey');
    rules.throwIfInvalid();

    // --- key and network -----------------------------------------------------------------------
    this.encryptionKey = givenKey ?? encryptionKey(this, 'Key', `Encrypts the ${p.name} database, its secret, Performance Insights and logs`, p.kmsKeyDeletionWindowDays);
    allowLogsToUse(this.encryptionKey);
    this.vpc = givenVpc ?? blockVpc(this, 'Vpc', { azCount: p.azCount, logKey: this.encryptionKey, network: p.createdNetwork });
    const placement = placementOf(this.vpc, p.azCount, this.node.path);
    const storageKey = !p.storage.encrypted ? undefined
      : p.storage.kmsKeyArn ? kms.Key.fromKeyArn(this, 'StorageKey', p.storage.kmsKeyArn) : this.encryptionKey;

    this.subnetGroup = new rds.SubnetGroup(this, 'SubnetGroup', {
      vpc: this.vpc,
      vpcSubnets: placement.dbSubnets,
      description: `Subnets of the ${p.name} database`,
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });
    const sg = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: this.vpc,
      description: `The ${p.name} database: admits only its clients on port ${p.port}`,
      allowAllOutbound: false,
    });
    this.securityGroup = sg;
    this.connections = new ec2.Connections({ securityGroups: [sg], defaultPort: ec2.Port.tcp(p.port) });
    p.allowedCidrs.forEach((cidr) => {
      const peer = cidr.includes(':') ? ec2.Peer.ipv6(cidr) : ec2.Peer.ipv4(cidr);
      sg.addIngressRule(peer, ec2.Port.tcp(p.port), `Allowed CIDR ${cidr} to the ${p.name} database`);
    });
    this.port = p.port;

    // --- credentials -----------------------------------------------------------------------
    const masterSecret = new rds.DatabaseSecret(this, 'Secret', {
      username: p.credentials.username,
      dbname: p.databaseName,
      encryptionKey: this.encryptionKey,
    });
    masterSecret.applyRemovalPolicy(cdk.RemovalPolicy.RETAIN);
    const credentials = rds.Credentials.fromSecret(masterSecret);

    // --- parameter group, logs, monitoring ---------------------------------------------------
    // CloudFormation applies each parameter as plan.parameterApplyMethods says (dynamic ones at
    // once, static ones at the next reboot): it has no per-parameter setting to write.
    this.parameterGroup = p.aurora
      ? new rds.CfnDBClusterParameterGroup(this, 'Parameters', {
        family: p.parameterGroupFamily,
        description: `Cluster parameters of the ${p.name} database`,
        parameters: { ...p.parameters },
      })
      : new rds.CfnDBParameterGroup(this, 'Parameters', {
        family: p.parameterGroupFamily,
        description: `Parameters of the ${p.name} database`,
        parameters: { ...p.parameters },
      });
    const parameterGroup = rds.ParameterGroup.fromParameterGroupName(this, 'ParametersRef', this.parameterGroup.ref);

    const monitoringRole = p.monitoring.enhancedMonitoringIntervalSeconds > 0 ? monitoringRoleOf(this) : undefined;
    const monitoringInterval = monitoringRole ? cdk.Duration.seconds(p.monitoring.enhancedMonitoringIntervalSeconds) : undefined;
    const pi = p.monitoring.performanceInsights;
    // Performance Insights as the plan places it: on the Aurora cluster, or on each instance.
    const piProps = {
      enablePerformanceInsights: pi,
      performanceInsightRetention: pi ? p.monitoring.performanceInsightsRetentionDays as rds.PerformanceInsightRetention : undefined,
      performanceInsightEncryptionKey: pi ? this.encryptionKey : undefined,
    };
    const removalPolicy = toRemovalPolicy(p.removalPolicy);
    const engineVersionMajor = majorOf(p.engine, p.engineVersion);

    this.logGroups = {};
    const logGroupsFor = (parent: Construct, kind: 'cluster' | 'instance', identifier: string): logs.LogGroup[] =>
      p.monitoring.cloudwatchLogsExports.map((log) => encryptedLogGroup(parent, `Log${pascal(log)}`, this.encryptionKey, p.monitoring.logRetentionDays,
        `/aws/rds/${kind}/${identifier}/${log}`));

    if (p.aurora) {
      // --- Aurora: a cluster, its writer and readers -------------------------------------------
      const clusterIdentifier = identifierOf(this, 'cluster');
      logGroupsFor(this, 'cluster', clusterIdentifier).forEach((g, i) => { this.logGroups[p.monitoring.cloudwatchLogsExports[i]] = g; });
      const onCluster = p.monitoring.performanceInsightsScope === DatabaseSettingScope.CLUSTER;
      const instanceProps = (i: DatabaseInstancePlan): rds.ProvisionedClusterInstanceProps => ({
        instanceType: instanceTypeOf(i.instanceClass),
        availabilityZone: i.pinAz ? placement.azs[i.az] : undefined,
        promotionTier: i.promotionTier,
        publiclyAccessible: p.publiclyAccessible,
        autoMinorVersionUpgrade: p.autoMinorVersionUpgrade,
        ...(onCluster ? {} : piProps),
      });
      const writerPlan = p.instances.find((i) => i.role === DatabaseInstanceRole.WRITER)!;
      const readerPlans = p.instances.filter((i) => i.role === DatabaseInstanceRole.READER);
      // Aurora Serverless v2 instances (class db.serverless) take the same settings but no instance type.
      const clusterInstance = (i: DatabaseInstancePlan): rds.IClusterInstance => {
        if (i.instanceClass !== SERVERLESS_V2_INSTANCE_CLASS) return rds.ClusterInstance.provisioned(constructIdOf(i.id), instanceProps(i));
        const { instanceType: _type, promotionTier, ...rest } = instanceProps(i);
        return rds.ClusterInstance.serverlessV2(constructIdOf(i.id), { ...rest, scaleWithWriter: promotionTier !== undefined && promotionTier <= 1 });
      };
      const sv = p.serverlessV2;
      const cluster = new rds.DatabaseCluster(this, 'Cluster', {
        engine: p.engine === DatabaseEngine.AURORA_MYSQL
          ? rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.of(p.engineVersion, engineVersionMajor) })
          : rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.of(p.engineVersion, engineVersionMajor) }),
        clusterIdentifier,
        writer: clusterInstance(writerPlan),
        readers: readerPlans.map(clusterInstance),
        ...(sv ? { serverlessV2MinCapacity: sv.minCapacityAcu, serverlessV2MaxCapacity: sv.maxCapacityAcu } : {}),
        vpc: this.vpc,
        subnetGroup: this.subnetGroup,
        securityGroups: [sg],
        port: p.port,
        credentials,
        defaultDatabaseName: p.databaseName,
        parameterGroup,
        storageEncrypted: p.storage.encrypted,
        storageEncryptionKey: storageKey,
        iamAuthentication: p.iamAuthentication,
        backup: { retention: cdk.Duration.days(p.backupRetentionDays) },
        copyTagsToSnapshot: p.copyTagsToSnapshot,
        deletionProtection: p.deletionProtection,
        removalPolicy,
        deleteAutomatedBackups: p.deleteAutomatedBackups,
        cloudwatchLogsExports: p.monitoring.cloudwatchLogsExports,
        monitoringInterval,
        monitoringRole,
        ...(onCluster ? piProps : {}),
        autoMinorVersionUpgrade: p.autoMinorVersionUpgrade,
        instanceUpdateBehaviour: rds.InstanceUpdateBehaviour.ROLLING,
      });
      // The log groups exist, encrypted and with their retention, before the engine first writes.
      Object.values(this.logGroups).forEach((g) => cluster.node.addDependency(g));
      if (onCluster && pi) {
        // aws-cdk-lib warns for each instance without its own Performance Insights props, and says
        // itself that the cluster-level setting enables it on every instance: the plan places it on
        // the cluster (performanceInsightsScope CLUSTER), so the instances inherit it by design.
        cdk.Annotations.of(cluster).acknowledgeWarning('@aws-cdk/aws-rds:instancePerformanceInsightsOverridden',
          'Performance Insights is set on the cluster (plan: monitoring.performanceInsightsScope CLUSTER), which enables it on every instance');
      }
      this.cluster = cluster;
      this.instance = undefined;
      this.readReplicas = [];
      this.dbInstances = p.instances.map((i) => cluster.node.findChild(constructIdOf(i.id)).node.defaultChild as rds.CfnDBInstance);
      // The instances hold no data: removed as the plan says (the cluster is retained or snapshotted on its own).
      this.dbInstances.forEach((i) => i.applyRemovalPolicy(toRemovalPolicy(p.clusterInstanceRemovalPolicy!)));
      // Each instance's failover tier as the plan says (aws-cdk-lib places Serverless v2 readers in tier 1 or 2 only).
      this.dbInstances.forEach((cfn, k) => {
        if (p.instances[k].instanceClass === SERVERLESS_V2_INSTANCE_CLASS) cfn.promotionTier = p.instances[k].promotionTier;
      });
      if (sv?.secondsUntilAutoPause !== undefined) {
        // Set on the L1 cluster: aws-cdk-lib's serverlessV2AutoPauseDuration asks engine features the plan's version strings do not carry.
        (cluster.node.defaultChild as rds.CfnDBCluster).addPropertyOverride('ServerlessV2ScalingConfiguration.SecondsUntilAutoPause', sv.secondsUntilAutoPause);
      }
      this.secret = cluster.secret!;
      this.writerEndpoint = cluster.clusterEndpoint.hostname;
      this.readerEndpoint = cluster.clusterReadEndpoint.hostname;
      this.readerEndpoints = [];
      this.identifier = cluster.clusterIdentifier;
      this.resourceIds = [cluster.clusterResourceIdentifier];

      if (p.readerAutoScaling) {
        const as = p.readerAutoScaling;
        const stack = cdk.Stack.of(this);
        const target = new appscaling.ScalableTarget(this, 'ReaderScaling', {
          serviceNamespace: appscaling.ServiceNamespace.RDS,
          scalableDimension: 'rds:cluster:ReadReplicaCount',
          resourceId: `cluster:${clusterIdentifier}`,
          minCapacity: p.readers,
          maxCapacity: as.maxReaders,
          // Application Auto Scaling's service-linked role for Aurora (created by the service on first use).
          role: iam.Role.fromRoleArn(this, 'ReaderScalingRole', stack.formatArn({
            service: 'iam',
            region: '',
            resource: 'role',
            resourceName: 'aws-service-role/rds.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_RDSCluster',
          })),
        });
        this.dbInstances.forEach((i) => target.node.addDependency(i));
        const cpu = as.metric === ReaderScalingMetric.CPU_UTILIZATION;
        target.scaleToTrackMetric(cpu ? 'CpuTracking' : 'ConnectionsTracking', {
          predefinedMetric: cpu ? appscaling.PredefinedMetric.RDS_READER_AVERAGE_CPU_UTILIZATION
            : appscaling.PredefinedMetric.RDS_READER_AVERAGE_DATABASE_CONNECTIONS,
          targetValue: as.targetValue,
          scaleInCooldown: cdk.Duration.seconds(as.scaleInCooldownSeconds),
          scaleOutCooldown: cdk.Duration.seconds(as.scaleOutCooldownSeconds),
        });
        this.readerScaling = target;
      }
    } else {
      // --- RDS: a primary instance and read replicas -------------------------------------------
      const writerPlan = p.instances.find((i) => i.role === DatabaseInstanceRole.WRITER)!;
      const readerPlans = p.instances.filter((i) => i.role === DatabaseInstanceRole.READER);
      const engine = p.engine === DatabaseEngine.RDS_MYSQL
        ? rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.of(p.engineVersion, engineVersionMajor) })
        : rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.of(p.engineVersion, engineVersionMajor) });
      const common = {
        vpc: this.vpc,
        subnetGroup: this.subnetGroup,
        securityGroups: [sg],
        port: p.port,
        parameterGroup,
        iamAuthentication: p.iamAuthentication,
        deletionProtection: p.deletionProtection,
        removalPolicy,
        copyTagsToSnapshot: p.copyTagsToSnapshot,
        autoMinorVersionUpgrade: p.autoMinorVersionUpgrade,
        publiclyAccessible: p.publiclyAccessible,
        cloudwatchLogsExports: p.monitoring.cloudwatchLogsExports,
        monitoringInterval,
        monitoringRole,
        ...piProps,
        storageType: storageTypeOf(p.storage.kind),
        iops: p.storage.iops,
        storageThroughput: p.storage.throughputMiBps,
        maxAllocatedStorage: p.storage.maxAllocatedGiB,
      };
      const writerIdentifier = identifierOf(this, 'writer');
      const writerLogs = new Construct(this, 'WriterLogs');
      const instance = new rds.DatabaseInstance(this, constructIdOf(writerPlan.id), {
        ...common,
        engine,
        instanceIdentifier: writerIdentifier,
        instanceType: instanceTypeOf(writerPlan.instanceClass),
        availabilityZone: writerPlan.pinAz ? placement.azs[writerPlan.az] : undefined,
        multiAz: p.multiAz,
        credentials,
        databaseName: p.databaseName,
        allocatedStorage: p.storage.allocatedGiB,
        storageEncrypted: p.storage.encrypted,
        storageEncryptionKey: storageKey,
        backupRetention: cdk.Duration.days(p.backupRetentionDays),
        deleteAutomatedBackups: p.deleteAutomatedBackups,
      });
      logGroupsFor(writerLogs, 'instance', writerIdentifier).forEach((g, i) => {
        this.logGroups[`writer/${p.monitoring.cloudwatchLogsExports[i]}`] = g;
        instance.node.addDependency(g);
      });
      const replicas = readerPlans.map((r) => {
        const cid = constructIdOf(r.id);
        const replicaIdentifier = identifierOf(this, r.id);
        const replica = new rds.DatabaseInstanceReadReplica(this, cid, {
          ...common,
          // Protected and retained as the plan says (RDS takes no final snapshot of a replica).
          deletionProtection: p.replicaDeletionProtection,
          removalPolicy: toRemovalPolicy(p.replicaRemovalPolicy!),
          sourceDatabaseInstance: instance,
          instanceIdentifier: replicaIdentifier,
          instanceType: instanceTypeOf(r.instanceClass),
          availabilityZone: r.pinAz ? placement.azs[r.az] : undefined,
          // Encryption and its key are inherited from the source: CloudFormation rejects StorageEncrypted on a replica.
          backupRetention: p.replicaBackupRetentionDays !== undefined ? cdk.Duration.days(p.replicaBackupRetentionDays) : undefined,
        });
        const replicaLogs = new Construct(this, `${cid}Logs`);
        logGroupsFor(replicaLogs, 'instance', replicaIdentifier).forEach((g, i) => {
          this.logGroups[`${r.id}/${p.monitoring.cloudwatchLogsExports[i]}`] = g;
          replica.node.addDependency(g);
        });
        return replica;
      });
      this.cluster = undefined;
      this.instance = instance;
      this.readReplicas = replicas;
      this.dbInstances = [instance, ...replicas].map((i) => i.node.defaultChild as rds.CfnDBInstance);
      this.secret = instance.secret!;
      this.writerEndpoint = instance.dbInstanceEndpointAddress;
      this.readerEndpoints = replicas.map((r) => r.dbInstanceEndpointAddress);
      this.readerEndpoint = this.readerEndpoints[0] ?? this.writerEndpoint;
      this.identifier = instance.instanceIdentifier;
      this.resourceIds = [instance, ...replicas].map((i) => i.instanceResourceId!);
    }

    // --- rotation --------------------------------------------------------------------------
    if (p.credentials.rotation) {
      const rotationOptions: secretsmanager.SingleUserHostedRotationOptions = {
        vpc: this.vpc,
        vpcSubnets: placement.rotationSubnets,
      };
      const hosted = p.engine === DatabaseEngine.AURORA_MYSQL || p.engine === DatabaseEngine.RDS_MYSQL
        ? secretsmanager.HostedRotation.mysqlSingleUser(rotationOptions)
        : secretsmanager.HostedRotation.postgreSqlSingleUser(rotationOptions);
      this.secret.addRotationSchedule('RotationSchedule', {
        hostedRotation: hosted,
        automaticallyAfter: cdk.Duration.days(p.credentials.rotationDays),
      });
      this.connections.allowDefaultPortFrom(hosted, `Hosted rotation of the ${p.name} master secret`);
    }

    // --- RDS Proxy (plan.proxy) -------------------------------------------------------------
    if (p.proxy) {
      const rendered = renderDatabaseProxy(this, p.proxy, {
        vpc: this.vpc,
        subnets: placement.dbSubnets,
        cluster: this.cluster,
        instance: this.instance,
        secret: this.secret,
        port: p.port,
        allowedCidrs: p.allowedCidrs,
        name: p.name,
      });
      this.proxy = rendered.proxy;
      this.proxyEndpoint = rendered.proxy.endpoint;
      this.proxyConnections = new ec2.Connections({ securityGroups: [rendered.securityGroup], defaultPort: ec2.Port.tcp(p.port) });
    }

    // --- outputs (only when the plan asks: the stack's outputs are the user's) ----------------
    if (p.outputs) {
      new cdk.CfnOutput(this, 'WriterEndpoint', { description: `ReplicatedDatabase ${p.name}: writer endpoint`, value: this.writerEndpoint });
      if (p.aurora) {
        new cdk.CfnOutput(this, 'ReaderEndpoint', { description: `ReplicatedDatabase ${p.name}: reader endpoint`, value: this.readerEndpoint });
      } else {
        const replicas = p.endpoints.filter((e) => e.role === DatabaseInstanceRole.READER);
        replicas.forEach((e, i) => new cdk.CfnOutput(this, `${pascal(e.name)}Endpoint`, {
          description: `ReplicatedDatabase ${p.name}: endpoint of ${e.name}`, value: this.readerEndpoints[i],
        }));
        if (replicas.length > 0) {
          new cdk.CfnOutput(this, 'ReaderEndpoints', {
            description: `ReplicatedDatabase ${p.name}: the read replicas' endpoints, comma-separated (${replicas.map((e) => e.name).join(',')})`,
            value: cdk.Fn.join(',', this.readerEndpoints),
          });
        }
      }
      new cdk.CfnOutput(this, 'SecretArn', { description: `ReplicatedDatabase ${p.name}: master credentials secret`, value: this.secret.secretArn });
    }

    // --- acknowledgements ------------------------------------------------------------------
    acknowledgeFindings(this, p, monitoringRole);
    recordBlock(this, this.plan);
  }

  /**
   * Grants IAM database authentication (`rds-db:connect`) as a database user, on the writer and
   * every reader.
   *
   * @param grantee the principal to grant
   * @param dbUser the database user to connect as (created in the database with the rds_iam role or AWSAuthenticationPlugin)
   * @default dbUser - the master user name
   */
  public grantConnect(grantee: iam.IGrantable, dbUser?: string): iam.Grant {
    const user = dbUser ?? this.plan.credentials.username;
    const stack = cdk.Stack.of(this);
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['rds-db:connect'],
      resourceArns: this.resourceIds.map((rid) => stack.formatArn({
        service: 'rds-db', resource: 'dbuser', resourceName: `${rid}/${user}`, arnFormat: cdk.ArnFormat.COLON_RESOURCE_NAME,
      })),
    });
  }

  /**
   * Grants reading the master credentials secret (and decrypting it with its key).
   *
   * @param grantee the principal to grant
   */
  public grantReadCredentials(grantee: iam.IGrantable): iam.Grant {
    return this.secret.grantRead(grantee);
  }

  /**
   * A metric of the database: the cluster's (Aurora, dimension DBClusterIdentifier) or the writer's (RDS, DBInstanceIdentifier).
   *
   * @param metricName the AWS/RDS metric name
   * @param props options of the metric
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/RDS',
      metricName,
      dimensionsMap: this.plan.aurora ? { DBClusterIdentifier: this.identifier } : { DBInstanceIdentifier: this.identifier },
      ...props,
    });
  }

  /**
   * CPU utilisation, in percent: the cluster's (Aurora) or the writer's (RDS). Average over 5 minutes.
   *
   * @param props options of the metric
   */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CPUUtilization', { statistic: 'Average', ...props });
  }

  /**
   * Client connections: the cluster's (Aurora) or the writer's (RDS). Average over 5 minutes.
   *
   * @param props options of the metric
   */
  public metricDatabaseConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DatabaseConnections', { statistic: 'Average', ...props });
  }

  /**
   * Free local storage (Aurora) or free storage space (RDS), in bytes. Minimum over 5 minutes.
   *
   * @param props options of the metric
   */
  public metricFreeStorage(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(this.plan.aurora ? 'FreeLocalStorage' : 'FreeStorageSpace', { statistic: 'Minimum', ...props });
  }
}

/** The log types Control Tower's CT.RDS.PR.14 / CT.RDS.PR.25 rules require: exactly these, per engine. */
function controlTowerLogTypes(engine: DatabaseEngine): string[] {
  if (isMysql(engine)) return ['audit', 'error', 'general', 'slowquery'];
  return engine === DatabaseEngine.AURORA_POSTGRESQL ? ['postgresql'] : ['postgresql', 'upgrade'];
}

/** Acknowledges, on the narrowest constructs, the findings that follow from the plan's own choices. */
function acknowledgeFindings(db: ReplicatedDatabase, p: ReplicatedDatabasePlan, monitoringRole: iam.Role | undefined): void {
  const primary: Construct = db.cluster ?? db.instance!;
  const defaultPort = isMysql(p.engine) ? 3306 : 5432;
  if (p.port === defaultPort) {
    const reason = `The port is the plan's (${p.port}, the engine default); a non-default port only hides the service, `
      + 'while the security group admits only the allowed clients, TLS is required and IAM authentication is on';
    for (const t of [primary, ...db.readReplicas]) {
      acknowledge(t, { id: 'AwsSolutions::AwsSolutions-RDS11', reason });
      if (!p.aurora) acknowledge(t, { id: 'cdk-validator-cfnguard::rds_instance_no_default_ports_check', reason });
    }
  }
  const wanted = controlTowerLogTypes(p.engine);
  const exported = p.monitoring.cloudwatchLogsExports;
  const missing = wanted.filter((l) => !exported.includes(l));
  const extra = exported.filter((l) => !wanted.includes(l));
  if (missing.length > 0 || extra.length > 0) {
    const reason = `The plan exports ${exported.join(', ') || 'no log'} (cloudwatchLogsExports)`
      + (missing.length > 0 ? `; ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} left out by the plan's choice`
        + (missing.some((l) => l === 'general' || l === 'audit') ? ' (general and audit logs record every statement: volume, cost and data in logs)' : '')
        : '')
      + (extra.length > 0 ? `; ${extra.join(', ')} ${extra.length === 1 ? 'is a log type' : 'are log types'} the rule's list predates` : '');
    acknowledge(primary, { id: `cdk-validator-cfnguard::${p.aurora ? 'rds_cluster_logging_enabled_check' : 'rds_instance_logging_enabled_check'}`, reason });
  }
  if (p.engine === DatabaseEngine.AURORA_MYSQL) {
    const reason = 'Backtrack is not part of the plan (no option asks for it, and it can only be turned on when the cluster is created); '
      + 'recovery is point-in-time restore from the plan\'s automated backups';
    acknowledge(primary, { id: 'AwsSolutions::AwsSolutions-RDS14', reason }, { id: 'cdk-validator-cfnguard::aurora_cluster_backtracking_enabled_check', reason });
  }
  for (const r of db.readReplicas) {
    if (p.storage.encrypted) {
      acknowledge(r, {
        id: 'AwsSolutions::AwsSolutions-RDS2',
        reason: 'A read replica inherits the encryption and key of its encrypted source; CloudFormation rejects StorageEncrypted on a replica',
      });
    }
    if (!p.replicaDeletionProtection) {
      acknowledge(r, {
        id: 'AwsSolutions::AwsSolutions-RDS10',
        reason: p.deletionProtection
          ? 'The read replicas are disposable by the option disposableReadReplicas: a copy of the deletion-protected writer\'s data, '
            + 'removed when readers is lowered; the report notes it'
          : 'Deletion protection is off for the whole database (deletionProtection false), replicas included; the report notes it',
      });
    }
    acknowledge(r, {
      id: 'AwsSolutions::AwsSolutions-RDS3',
      reason: 'A read replica is one of the plan\'s readers, each pinned to its own AZ: the readers together survive an AZ loss, '
        + 'and the writer has its own Multi-AZ standby as the plan says',
    });
  }
  if (monitoringRole) {
    acknowledge(monitoringRole, {
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
      reason: 'AmazonRDSEnhancedMonitoringRole is the AWS managed policy RDS documents for Enhanced Monitoring; it only writes the RDSOSMetrics log group',
    });
  }
}

interface Placement {
  /** The AZ names the plan's AZ indexes map to (index 0 = the writer's). */
  readonly azs: string[];
  readonly dbSubnets: ec2.SubnetSelection;
  readonly rotationSubnets: ec2.SubnetSelection;
}

/** The subnets of the plan's AZs: isolated ones (private when there are none), and where the rotation function runs. */
function placementOf(vpc: ec2.IVpc, azCount: number, path: string): Placement {
  const rules = new Rules(path);
  const type = vpc.isolatedSubnets.length > 0 ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS;
  const hasSubnets = vpc.isolatedSubnets.length > 0 || vpc.privateSubnets.length > 0;
  rules.check('vpc', vpc.vpcId, hasSubnets, 'a VPC with isolated or private subnets (a database never sits in public subnets)');
  rules.throwIfInvalid();
  const all = vpc.selectSubnets({ subnetType: type }).subnets;
  const azs = [...new Set(all.map((s) => s.availabilityZone))];
  rules.check('vpc', `${azs.length} AZs with ${type} subnets`, azs.length >= azCount,
    `a VPC with ${type} subnets in at least azCount (${azCount}) Availability Zones${azCountFix('azCount')}`);
  rules.throwIfInvalid();
  const chosen = azs.slice(0, azCount);
  const egress = vpc.privateSubnets.length > 0;
  return {
    azs: chosen,
    dbSubnets: { subnetType: type, availabilityZones: chosen },
    rotationSubnets: egress ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } : { subnetType: type, availabilityZones: chosen },
  };
}

/** A stable, unique, lower-case identifier (letters, digits, single hyphens; at most 63) for a DB cluster or instance. */
function identifierOf(scope: Construct, suffix: string): string {
  const base = cdk.Names.uniqueResourceName(scope, { maxLength: 50, separator: '-' }).toLowerCase().replace(/[^a-z0-9-]/g, '');
  const id = `${base}-${suffix}`.replace(/-+/g, '-').replace(/^[^a-z]+/, '');
  return id.slice(0, 63).replace(/-$/, '');
}

/** `reader-12` -> `Reader12`, `writer` -> `Writer`: the construct id of a plan id. */
function constructIdOf(planId: string): string {
  return pascal(planId);
}

function pascal(s: string): string {
  return s.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** The RDS storage type of the plan's storage kind (RDS engines; Aurora's cluster volume has none to set). */
function storageTypeOf(kind: DatabaseStorageKind): rds.StorageType | undefined {
  switch (kind) {
    case DatabaseStorageKind.GP3: return rds.StorageType.GP3;
    case DatabaseStorageKind.IO1: return rds.StorageType.IO1;
    case DatabaseStorageKind.IO2: return rds.StorageType.IO2;
    default: return undefined;
  }
}

/** `db.r7g.large` -> the InstanceType aws-cdk-lib prefixes with `db.` itself. */
function instanceTypeOf(instanceClass: string): ec2.InstanceType {
  return new ec2.InstanceType(instanceClass.replace(/^db\./, ''));
}

function isMysql(engine: DatabaseEngine): boolean {
  return engine === DatabaseEngine.AURORA_MYSQL || engine === DatabaseEngine.RDS_MYSQL;
}

/** The major version aws-cdk-lib's engine version classes want beside the full one: `16`, `8.0`, `8.4`. */
function majorOf(engine: DatabaseEngine, version: string): string {
  if (engine === DatabaseEngine.AURORA_MYSQL) return '8.0';
  if (engine === DatabaseEngine.RDS_MYSQL) return version.split('.').slice(0, 2).join('.');
  return version.split('.')[0];
}

/** The Enhanced Monitoring role: RDS publishes OS metrics with it. */
function monitoringRoleOf(scope: Construct): iam.Role {
  return new iam.Role(scope, 'MonitoringRole', {
    assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole')],
  });
}
