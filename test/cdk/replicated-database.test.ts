import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { compliantApp, findingsOf } from './compliance';
import { ReplicatedDatabase, ReplicatedDatabaseProps } from '../../src/cdk/replicated-database';
import { Errors } from '../../src/core';
import { RemovalPolicy } from '../../src/core/blocks/common';
import {
  DatabaseEngine, DatabaseSettingScope, DatabaseStorageKind, planReplicatedDatabase, ReaderScalingMetric,
} from '../../src/core/blocks/replicated-database';

function build(props: ReplicatedDatabaseProps = {}): { stack: cdk.Stack; db: ReplicatedDatabase } {
  const stack = new cdk.Stack(new cdk.App(), 'Test');
  return { stack, db: new ReplicatedDatabase(stack, 'Db', props) };
}

function render(props: ReplicatedDatabaseProps = {}): { stack: cdk.Stack; db: ReplicatedDatabase; template: Template } {
  const { stack, db } = build(props);
  return { stack, db, template: Template.fromStack(stack) };
}

/** Logical ids of the resources of the given types. */
function logicalIds(template: Template, ...types: string[]): string[] {
  const res = template.toJSON().Resources as { [id: string]: { Type: string } };
  return Object.entries(res).filter(([, r]) => types.includes(r.Type)).map(([id]) => id).sort();
}

const STATEFUL = ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::SecretsManager::Secret', 'AWS::KMS::Key', 'AWS::Logs::LogGroup',
  'AWS::RDS::DBSubnetGroup', 'AWS::RDS::DBClusterParameterGroup', 'AWS::RDS::DBParameterGroup'];

describe('ReplicatedDatabase (cdk), Aurora PostgreSQL', () => {
  const { db, template } = render({ readers: 2, allowedCidrs: ['10.0.0.0/16'] });

  test('GIVEN a SNAPSHOT or a RETAIN cluster WHEN rendered THEN its instances carry the plan\'s clusterInstanceRemovalPolicy', () => {
    const instances = (t: Template) => Object.values(t.findResources('AWS::RDS::DBInstance')).map((r) => [r.DeletionPolicy, r.UpdateReplacePolicy]);
    expect(db.plan.clusterInstanceRemovalPolicy).toBe(RemovalPolicy.DESTROY);
    expect(instances(template)).toEqual([['Delete', 'Delete'], ['Delete', 'Delete'], ['Delete', 'Delete']]);
    const retained = render({ readers: 1, removalPolicy: RemovalPolicy.RETAIN });
    expect(retained.db.plan.clusterInstanceRemovalPolicy).toBe(RemovalPolicy.RETAIN);
    expect(instances(retained.template)).toEqual([['Retain', 'Retain'], ['Retain', 'Retain']]);
  });

  test('GIVEN defaults WHEN rendered THEN the cluster runs the planned engine, encrypted with the block key, IAM auth, backups, deletion protection', () => {
    template.resourceCountIs('AWS::RDS::DBCluster', 1);
    template.hasResource('AWS::RDS::DBCluster', {
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
      Properties: Match.objectLike({
        Engine: 'aurora-postgresql',
        EngineVersion: '16.13',
        StorageEncrypted: true,
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbKey'), 'Arn'] },
        EnableIAMDatabaseAuthentication: true,
        BackupRetentionPeriod: 14,
        DeletionProtection: true,
        CopyTagsToSnapshot: true,
        Port: 5432,
        DatabaseName: 'db',
        EnableCloudwatchLogsExports: ['postgresql', 'iam-db-auth-error'],
        PerformanceInsightsEnabled: true,
        PerformanceInsightsRetentionPeriod: 7,
        PerformanceInsightsKmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbKey'), 'Arn'] },
        DBClusterParameterGroupName: { Ref: Match.stringLikeRegexp('^DbParameters') },
      }),
    });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
    expect(db.plan.aurora).toBe(true);
    expect(db.port).toBe(5432);
  });

  test('GIVEN 2 readers WHEN rendered THEN a writer (tier 0) and readers (tier 1) are placed in the plan\'s AZs, with Enhanced Monitoring', () => {
    const instances = template.findResources('AWS::RDS::DBInstance');
    expect(Object.keys(instances)).toHaveLength(3);
    for (const planned of db.plan.instances) {
      template.hasResourceProperties('AWS::RDS::DBInstance', {
        DBInstanceClass: planned.instanceClass,
        DBClusterIdentifier: { Ref: Match.stringLikeRegexp('^DbCluster') },
        AvailabilityZone: { 'Fn::Select': [planned.az, { 'Fn::GetAZs': '' }] },
        PromotionTier: planned.promotionTier,
        PubliclyAccessible: false,
        MonitoringInterval: 60,
        MonitoringRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbMonitoringRole'), 'Arn'] },
      });
    }
    expect(db.dbInstances.map((i) => i.node.path)).toEqual(['Test/Db/Cluster/Writer/Resource', 'Test/Db/Cluster/Reader1/Resource', 'Test/Db/Cluster/Reader2/Resource']);
  });

  test('GIVEN requireTls WHEN rendered THEN the cluster parameter group forces TLS with the plan\'s family', () => {
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-postgresql16',
      Parameters: { 'rds.force_ssl': '1', 'log_min_duration_statement': '1000' },
    });
  });

  test('GIVEN defaults WHEN rendered THEN credentials are generated into a retained, KMS-encrypted secret, rotated every 30 days by hosted rotation', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbKey'), 'Arn'] },
        GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"dbadmin","dbname":"db"}', GenerateStringKey: 'password' }),
      }),
    });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: Match.stringLikeRegexp('^DbSecretAttachment') },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
      HostedRotationLambda: Match.objectLike({ RotationType: 'PostgreSQLSingleUser' }),
    });
    // No plain secret value: only dynamic references to Secrets Manager.
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toMatch(/"SecretString"\s*:/);
    expect(json).toContain('{{resolve:secretsmanager:');
  });

  test('GIVEN allowed CIDRs WHEN rendered THEN the security group admits them and the rotation function on the port only, nothing open to the world', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('db database'),
      SecurityGroupIngress: [{ CidrIp: '10.0.0.0/16', FromPort: 5432, ToPort: 5432, IpProtocol: 'tcp', Description: Match.anyValue() }],
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 5432,
      ToPort: 5432,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('RotationScheduleSecurityGroup'), 'GroupId'] },
    });
    expect(JSON.stringify(template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('db database') } })))
      .not.toContain('0.0.0.0/0');
  });

  test('GIVEN log exports WHEN rendered THEN each exported log has an encrypted, retained log group created before the cluster', () => {
    const cluster = Object.values(template.findResources('AWS::RDS::DBCluster'))[0];
    const id = cluster.Properties.DBClusterIdentifier;
    for (const log of ['postgresql', 'iam-db-auth-error']) {
      template.hasResource('AWS::Logs::LogGroup', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({ LogGroupName: `/aws/rds/cluster/${id}/${log}`, KmsKeyId: Match.anyValue(), RetentionInDays: 365 }),
      });
    }
    expect(cluster.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^DbLogPostgresql/), expect.stringMatching(/^DbLogIamDbAuthError/)]));
  });

  test('GIVEN a cluster WHEN rendered THEN the endpoints are the cluster and reader endpoints, and no output is added unless asked', () => {
    const stack = cdk.Stack.of(db);
    const clusterId = stack.getLogicalId(db.cluster!.node.defaultChild as cdk.CfnElement);
    expect(stack.resolve(db.writerEndpoint)).toEqual({ 'Fn::GetAtt': [clusterId, 'Endpoint.Address'] });
    expect(stack.resolve(db.readerEndpoint)).toEqual({ 'Fn::GetAtt': [clusterId, 'ReadEndpoint.Address'] });
    expect(db.readerEndpoints).toEqual([]);
    expect(db.plan.outputs).toBe(false);
    expect(template.toJSON().Outputs).toBeUndefined();
  });

  test('GIVEN a cluster with outputs asked for WHEN rendered THEN the writer, reader and secret are outputs, the same set as on Terraform', () => {
    const { template: t } = render({ readers: 2, outputs: true });
    const outputs = t.toJSON().Outputs as { [id: string]: { Value: unknown } };
    expect(Object.keys(outputs).map((k) => k.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(['DbReaderEndpoint', 'DbSecretArn', 'DbWriterEndpoint']);
    t.hasOutput('*', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbCluster'), 'ReadEndpoint.Address'] } });
    t.hasOutput('*', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbCluster'), 'Endpoint.Address'] } });
  });

  test('GIVEN a client WHEN it is allowed through connections and granted THEN it may reach the port and rds-db:connect as a user', () => {
    const { stack, db: d } = build();
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: d.vpc });
    d.connections.allowDefaultPortFrom(client);
    const role = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    d.grantConnect(role, 'app_user');
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 5432, SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Client'), 'GroupId'] },
    });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [Match.objectLike({
          Action: 'rds-db:connect',
          Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':dbuser:'), { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbCluster'), 'DBClusterResourceId'] }, '/app_user'])] },
        })],
      },
    });
  });

  test('GIVEN the block WHEN asked for metrics THEN CPU is the cluster\'s', () => {
    const m = db.metricCpuUtilization();
    expect(m.namespace).toBe('AWS/RDS');
    expect(m.metricName).toBe('CPUUtilization');
    expect(Object.keys(m.dimensions ?? {})).toEqual(['DBClusterIdentifier']);
    expect(db.metricDatabaseConnections().metricName).toBe('DatabaseConnections');
  });

  test('GIVEN the default configuration WHEN synthesized THEN it matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });
});

describe('ReplicatedDatabase (cdk), reader auto scaling', () => {
  test.each([
    [ReaderScalingMetric.CPU_UTILIZATION, 'RDSReaderAverageCPUUtilization', { targetCpuUtilization: 0.6 }, 60],
    [ReaderScalingMetric.CONNECTIONS, 'RDSReaderAverageDatabaseConnections', { targetConnectionsPerReader: 400 }, 400],
  ])('GIVEN auto scaling on %s WHEN rendered THEN Aurora replica auto scaling tracks it between min and max readers',
    (metric, predefined, target, value) => {
      const { template } = render({ readerAutoScaling: { minReaders: 2, maxReaders: 6, metric, scaleInCooldownSeconds: 600, ...target } });
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        ServiceNamespace: 'rds',
        ScalableDimension: 'rds:cluster:ReadReplicaCount',
        ResourceId: Match.stringLikeRegexp('^cluster:test-db-[0-9a-f]{8}-cluster$'),
        MinCapacity: 2,
        MaxCapacity: 6,
        RoleARN: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('AWSServiceRoleForApplicationAutoScaling_RDSCluster')])] },
      });
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: predefined }, TargetValue: value, ScaleInCooldown: 600, ScaleOutCooldown: 300,
        },
      });
      template.resourceCountIs('AWS::RDS::DBInstance', 3);
    });

  test('GIVEN an awkward CPU fraction (0.555) WHEN rendered THEN the policy tracks the plan\'s percentage, 55.5, as Terraform does', () => {
    const { db, template } = render({ readerAutoScaling: { targetCpuUtilization: 0.555 } });
    expect(db.plan.readerAutoScaling!.targetValue).toBe(55.5);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 55.5 }),
    });
  });

  test('GIVEN no auto scaling WHEN rendered THEN there is no scalable target', () => {
    render({ readers: 1 }).template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
  });
});

describe('ReplicatedDatabase (cdk), RDS engines', () => {
  test.each([DatabaseEngine.RDS_MYSQL, DatabaseEngine.RDS_POSTGRESQL])(
    'GIVEN %s with disposableReadReplicas (the explicit opt-out) WHEN rendered THEN only the replicas are unprotected and deleted, acknowledged as that choice', (engine) => {
      const { db, template } = render({ engine, readers: 2, disposableReadReplicas: true });
      const replicas = Object.values(template.findResources('AWS::RDS::DBInstance', { Properties: { SourceDBInstanceIdentifier: Match.anyValue() } }));
      expect(replicas.map((r) => [r.DeletionPolicy, r.Properties.DeletionProtection])).toEqual([['Delete', false], ['Delete', false]]);
      template.hasResource('AWS::RDS::DBInstance', {
        DeletionPolicy: 'Snapshot', Properties: Match.objectLike({ DeletionProtection: true, SourceDBInstanceIdentifier: Match.absent() }),
      });
      const acks = JSON.stringify(db.readReplicas.map((r) => r.node.metadata
        .filter((m) => m.type === cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY)));
      expect(acks).toMatch(/AwsSolutions-RDS10.*disposable by the option disposableReadReplicas/);
    });

  test('GIVEN protected replicas (the default) WHEN rendered THEN deletion protection is not acknowledged away', () => {
    const { db } = render({ engine: DatabaseEngine.RDS_MYSQL, readers: 1 });
    const acks = JSON.stringify(db.readReplicas.map((r) => r.node.metadata));
    expect(acks).not.toMatch(/AwsSolutions-RDS10/);
  });

  test('GIVEN RDS PostgreSQL with 2 readers and outputs asked for WHEN rendered THEN a Multi-AZ gp3 primary and pinned read replicas, each with its endpoint as an output', () => {
    const { db, stack, template } = render({ engine: DatabaseEngine.RDS_POSTGRESQL, readers: 2, allocatedStorageGiB: 200, outputs: true });
    template.hasResource('AWS::RDS::DBInstance', {
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
      Properties: Match.objectLike({
        Engine: 'postgres',
        EngineVersion: '16.13',
        DBInstanceClass: 'db.r7g.large',
        MultiAZ: true,
        AvailabilityZone: Match.absent(),
        StorageType: 'gp3',
        AllocatedStorage: '200',
        MaxAllocatedStorage: 1000,
        StorageEncrypted: true,
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbKey'), 'Arn'] },
        EnableIAMDatabaseAuthentication: true,
        BackupRetentionPeriod: 14,
        DeletionProtection: true,
        EnablePerformanceInsights: true,
        MonitoringInterval: 60,
        EnableCloudwatchLogsExports: ['postgresql', 'iam-db-auth-error'],
        PubliclyAccessible: false,
        DBParameterGroupName: { Ref: Match.stringLikeRegexp('^DbParameters') },
      }),
    });
    for (const [i, az] of [[1, 1], [2, 2]]) {
      // A replica holds the data too: deletion-protected and retained (RDS takes no final snapshot of a replica).
      template.hasResource('AWS::RDS::DBInstance', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          SourceDBInstanceIdentifier: Match.anyValue(),
          DBInstanceIdentifier: Match.stringLikeRegexp(`reader-${i}$`),
          AvailabilityZone: { 'Fn::Select': [az, { 'Fn::GetAZs': '' }] },
          DeletionProtection: true,
          StorageEncrypted: Match.absent(),
        }),
      });
    }
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'postgres16', Parameters: Match.objectLike({ 'rds.force_ssl': '1' }) });
    expect(db.readerEndpoints).toHaveLength(2);
    expect(stack.resolve(db.readerEndpoint)).toEqual(stack.resolve(db.readerEndpoints[0]));
    expect(JSON.stringify(stack.resolve(db.readerEndpoints[1]))).toContain('DbReader2');
    template.hasOutput('*', { Value: { 'Fn::Join': [',', [Match.anyValue(), Match.anyValue()]] } });
    // The same set as on Terraform: the writer, each replica, their list and the secret.
    expect(Object.keys(template.toJSON().Outputs).map((k) => k.replace(/[0-9A-F]{8}$/, '')).sort())
      .toEqual(['DbReader1Endpoint', 'DbReader2Endpoint', 'DbReaderEndpoints', 'DbSecretArn', 'DbWriterEndpoint']);
    template.resourceCountIs('AWS::RDS::DBCluster', 0);
    // Each instance exports into its own pre-created, encrypted log groups.
    template.resourceCountIs('AWS::Logs::LogGroup', 1 + 3 * 2);
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: Match.stringLikeRegexp('^/aws/rds/instance/test-db-[0-9a-f]{8}-reader-2/postgresql$') });
  });

  test('GIVEN RDS without readers WHEN rendered THEN the reader endpoint is the writer\'s', () => {
    const { db, stack } = render({ engine: DatabaseEngine.RDS_POSTGRESQL, readers: 0 });
    expect(stack.resolve(db.readerEndpoint)).toEqual(stack.resolve(db.writerEndpoint));
    expect(db.readerEndpoints).toEqual([]);
  });

  test('GIVEN RDS MySQL WHEN rendered THEN TLS is required by require_secure_transport and rotation is MySQL single-user', () => {
    const { db, template } = render({ engine: DatabaseEngine.RDS_MYSQL, readers: 1 });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'mysql8.4', Parameters: Match.objectLike({ require_secure_transport: 'ON' }) });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { HostedRotationLambda: Match.objectLike({ RotationType: 'MySQLSingleUser' }) });
    template.hasResourceProperties('AWS::RDS::DBInstance', { SourceDBInstanceIdentifier: Match.anyValue(), BackupRetentionPeriod: 14 });
    expect(db.port).toBe(3306);
    expect(Object.keys(db.metricCpuUtilization().dimensions ?? {})).toEqual(['DBInstanceIdentifier']);
  });

  test('GIVEN a grant WHEN RDS has replicas THEN rds-db:connect covers the primary and every replica', () => {
    const { db, stack } = build({ engine: DatabaseEngine.RDS_POSTGRESQL, readers: 2 });
    const role = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    db.grantConnect(role);
    const policy = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .find((p: any) => JSON.stringify(p).includes('rds-db:connect')) as any;
    const resources = policy.Properties.PolicyDocument.Statement[0].Resource;
    expect(resources).toHaveLength(3);
    expect(JSON.stringify(resources)).toContain('/dbadmin');
  });

  test('GIVEN RDS MySQL with a replica WHEN synthesized THEN it matches the snapshot', () => {
    expect(render({ engine: DatabaseEngine.RDS_MYSQL, readers: 1 }).template.toJSON()).toMatchSnapshot();
  });
});

describe('ReplicatedDatabase (cdk), plan fields rendered', () => {
  test('GIVEN logRetentionDays 90 WHEN rendered THEN every exported log group keeps its logs 90 days (the plan\'s monitoring.logRetentionDays)', () => {
    const { db, template } = render({ engine: DatabaseEngine.RDS_MYSQL, readers: 1, logRetentionDays: 90 });
    expect(db.plan.monitoring.logRetentionDays).toBe(90);
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'))
      .filter((g: any) => String(g.Properties.LogGroupName ?? '').startsWith('/aws/rds/'));
    expect(groups).toHaveLength(2 * db.plan.monitoring.cloudwatchLogsExports.length);
    expect(groups.map((g: any) => g.Properties.RetentionInDays)).toEqual(groups.map(() => 90));
  });

  test('GIVEN Aurora WHEN rendered THEN Performance Insights is set on the cluster only (plan scope CLUSTER), with its retention and the block key', () => {
    const { db, template } = render({ readers: 1, performanceInsightsRetentionDays: 31 });
    expect(db.plan.monitoring.performanceInsightsScope).toBe(DatabaseSettingScope.CLUSTER);
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      PerformanceInsightsEnabled: true, PerformanceInsightsRetentionPeriod: 31, PerformanceInsightsKmsKeyId: Match.anyValue(),
    });
    for (const i of Object.values(template.findResources('AWS::RDS::DBInstance')) as any[]) {
      expect(Object.keys(i.Properties).filter((k) => k.startsWith('PerformanceInsights') || k === 'EnablePerformanceInsights')).toEqual([]);
    }
  });

  test('GIVEN a supplied Aurora plan with Performance Insights per instance WHEN rendered THEN it is set on each instance, not on the cluster', () => {
    const planned = planReplicatedDatabase({ readers: 1 });
    const plan = { ...planned, monitoring: { ...planned.monitoring, performanceInsightsScope: DatabaseSettingScope.INSTANCE } };
    const { template } = render({ plan });
    const cluster = Object.values(template.findResources('AWS::RDS::DBCluster'))[0] as any;
    expect(cluster.Properties.PerformanceInsightsEnabled).toBeUndefined();
    const instances = Object.values(template.findResources('AWS::RDS::DBInstance')) as any[];
    expect(instances.map((i) => i.Properties.EnablePerformanceInsights)).toEqual([true, true]);
  });

  test('GIVEN RDS WHEN rendered THEN Performance Insights is set on every instance (plan scope INSTANCE)', () => {
    const { template } = render({ engine: DatabaseEngine.RDS_POSTGRESQL, readers: 1, performanceInsightsRetentionDays: 31 });
    const instances = Object.values(template.findResources('AWS::RDS::DBInstance')) as any[];
    expect(instances).toHaveLength(2);
    for (const i of instances) {
      expect(i.Properties).toMatchObject({ EnablePerformanceInsights: true, PerformanceInsightsRetentionPeriod: 31 });
    }
  });

  test.each([
    [RemovalPolicy.SNAPSHOT, false],
    [RemovalPolicy.RETAIN, false],
    [RemovalPolicy.DESTROY, true],
  ])('GIVEN removal policy %s WHEN rendered THEN DeleteAutomatedBackups is %s on the cluster and on an RDS writer', (removalPolicy, del) => {
    const deletionProtection = removalPolicy !== RemovalPolicy.DESTROY;
    render({ removalPolicy, deletionProtection }).template.hasResourceProperties('AWS::RDS::DBCluster', { DeleteAutomatedBackups: del });
    const rdsTemplate = render({ engine: DatabaseEngine.RDS_POSTGRESQL, readers: 0, removalPolicy, deletionProtection }).template;
    rdsTemplate.hasResourceProperties('AWS::RDS::DBInstance', { DeleteAutomatedBackups: del });
  });

  test.each([
    [DatabaseEngine.RDS_MYSQL, 21],
    [DatabaseEngine.RDS_POSTGRESQL, undefined],
  ])('GIVEN %s with a replica WHEN rendered THEN the replica keeps backups for the plan\'s replicaBackupRetentionDays (%s), on gp3', (engine, days) => {
    const { db, template } = render({ engine, readers: 1, backupRetentionDays: 21 });
    expect(db.plan.replicaBackupRetentionDays).toBe(days);
    const replica = Object.values(template.findResources('AWS::RDS::DBInstance')).find((i: any) => i.Properties.SourceDBInstanceIdentifier) as any;
    expect(replica.Properties.BackupRetentionPeriod).toBe(days);
    expect(replica.Properties.StorageType).toBe('gp3');
  });
});

describe('ReplicatedDatabase (cdk), options rendered', () => {
  test('GIVEN removalPolicy RETAIN and 7-day backups WHEN rendered THEN the cluster is retained', () => {
    render({ removalPolicy: RemovalPolicy.RETAIN, backupRetentionDays: 7, readers: 1 }).template.hasResource('AWS::RDS::DBCluster', {
      DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: Match.objectLike({ BackupRetentionPeriod: 7 }),
    });
  });

  test('GIVEN rotation off and monitoring off WHEN rendered THEN no rotation schedule and no monitoring role', () => {
    const { template } = render({ credentials: { rotation: false }, enhancedMonitoringIntervalSeconds: 0, performanceInsights: false, readers: 1 });
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
    template.resourcePropertiesCountIs('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'monitoring.rds.amazonaws.com' } })] },
    }, 0);
    template.hasResourceProperties('AWS::RDS::DBInstance', { MonitoringInterval: Match.absent() });
    template.hasResourceProperties('AWS::RDS::DBCluster', { PerformanceInsightsEnabled: false });
  });

  test('GIVEN an existing VPC and key WHEN rendered THEN the database uses its isolated subnets of the first azCount AZs and the key', () => {
    const app = new cdk.App();
    const stack = new cdk.Stack(app, 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
    const vpc = new ec2.Vpc(stack, 'Net', {
      maxAzs: 3,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC }, { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    const key = new kms.Key(stack, 'MyKey');
    const db = new ReplicatedDatabase(stack, 'Db', { vpc, encryptionKey: key, azCount: 2, readers: 1 });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::RDS::DBSubnetGroup', { SubnetIds: [{ Ref: Match.stringLikeRegexp('^NetDataSubnet1') }, { Ref: Match.stringLikeRegexp('^NetDataSubnet2') }] });
    t.hasResourceProperties('AWS::RDS::DBCluster', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MyKey'), 'Arn'] } });
    t.hasResourceProperties('AWS::RDS::DBInstance', { AvailabilityZone: 'dummy1b', PromotionTier: 1 });
    t.resourceCountIs('AWS::EC2::VPC', 1);
    expect(db.encryptionKey).toBe(key);
  });

  test('GIVEN a plan WHEN passed alone THEN it is rendered as is', () => {
    const plan = planReplicatedDatabase({ name: 'orders', readers: 3 });
    const { db, template } = render({ plan });
    expect(db.plan).toBe(plan);
    template.resourceCountIs('AWS::RDS::DBInstance', 4);
  });
});

describe('ReplicatedDatabase (cdk), stable ids', () => {
  test.each([
    ['Aurora', DatabaseEngine.AURORA_POSTGRESQL],
    ['RDS', DatabaseEngine.RDS_MYSQL],
  ])('GIVEN %s with N readers WHEN a reader is added THEN every stateful resource keeps its logical id', (_, engine) => {
    const before = logicalIds(render({ engine, readers: 2 }).template, ...STATEFUL);
    const after = logicalIds(render({ engine, readers: 3 }).template, ...STATEFUL);
    expect(before.length).toBeGreaterThan(5);
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after.length).toBeGreaterThan(before.length);
  });
});

describe('ReplicatedDatabase (cdk), bad props', () => {
  const twoAzVpc = (stack: cdk.Stack): ec2.IVpc => ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
    vpcId: 'vpc-1', availabilityZones: ['eu-west-1a', 'eu-west-1b'], isolatedSubnetIds: ['subnet-1', 'subnet-2'],
  });
  const publicOnly = (stack: cdk.Stack): ec2.IVpc => ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
    vpcId: 'vpc-1', availabilityZones: ['eu-west-1a', 'eu-west-1b'], publicSubnetIds: ['subnet-1', 'subnet-2'],
  });
  test.each<[string, (stack: cdk.Stack) => ReplicatedDatabaseProps, RegExp]>([
    ['a plan with options', () => ({ plan: planReplicatedDatabase({}), readers: 2 }), /plan/],
    ['too many readers', () => ({ readers: 16 }), /readers/],
    ['a VPC with fewer AZs than azCount', (s) => ({ vpc: twoAzVpc(s), azCount: 3 }), /vpc/],
    ['a VPC with public subnets only', (s) => ({ vpc: publicOnly(s) }), /vpc/],
    ['encryptionKey with kmsKeyArn', (s) => ({
      encryptionKey: new kms.Key(s, 'K'), kmsKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    }), /encryptionKey/],
  ])('GIVEN %s WHEN constructed THEN a ValidationError names the prop', (_, props, prop) => {
    const stack = new cdk.Stack(new cdk.App(), 'Test');
    let error: unknown;
    try {
      new ReplicatedDatabase(stack, 'Db', props(stack));
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(() => { throw error; }).toThrow(prop);
  });
});

describe('ReplicatedDatabase (cdk), compliance', () => {
  test.each<[string, ReplicatedDatabaseProps]>([
    ['Aurora PostgreSQL with readers and allowed CIDRs', { readers: 2, allowedCidrs: ['10.0.0.0/16'] }],
    ['Aurora MySQL with reader auto scaling', { engine: DatabaseEngine.AURORA_MYSQL, readerAutoScaling: { minReaders: 1, maxReaders: 3 } }],
    ['RDS PostgreSQL with 2 read replicas', { engine: DatabaseEngine.RDS_POSTGRESQL, readers: 2 }],
    ['RDS MySQL with 1 read replica', { engine: DatabaseEngine.RDS_MYSQL, readers: 1 }],
  ])('GIVEN %s WHEN synthesized with cdk-nag and cfn-guard THEN there is no unacknowledged finding', (_, props) => {
    const app = compliantApp();
    const stack = new cdk.Stack(app, 'Test');
    new ReplicatedDatabase(stack, 'Db', props);
    expect(findingsOf(app)).toEqual([]);
  });
});

describe('ReplicatedDatabase (cdk): a quiet synth', () => {
  test('GIVEN Aurora with Performance Insights on the cluster WHEN synthesized THEN aws-cdk-lib adds no per-instance warning (acknowledged: the cluster setting covers every instance)', () => {
    const app = new cdk.App();
    const stack = new cdk.Stack(app, 'Quiet', { env: { region: 'eu-west-1', account: '123456789012' } });
    const db = new ReplicatedDatabase(stack, 'Db', { readers: 2 });
    expect(db.plan.monitoring.performanceInsightsScope).toBe(DatabaseSettingScope.CLUSTER);
    const warnings = app.synth().getStackByName('Quiet').messages.filter((m) => m.level === 'warning').map((m) => String(m.entry.data));
    expect(warnings.filter((w) => /Performance Insights/.test(w))).toEqual([]);
    // The instances do get it: the cluster enables it for them.
    expect(Template.fromStack(stack).findResources('AWS::RDS::DBCluster', { Properties: { PerformanceInsightsEnabled: true } })).not.toEqual({});
  });
});

describe('ReplicatedDatabase (cdk), provisioned storage', () => {
  test('GIVEN io2 with 20,000 IOPS on 1,000 GiB and 2 readers WHEN rendered THEN the writer and each replica are io2 with those IOPS, no throughput', () => {
    const { template } = render({
      engine: DatabaseEngine.RDS_POSTGRESQL, readers: 2, storageType: DatabaseStorageKind.IO2, allocatedStorageGiB: 1_000, storageIops: 20_000,
    });
    const instances = Object.values(template.findResources('AWS::RDS::DBInstance')) as Array<{ Properties: Record<string, unknown> }>;
    expect(instances).toHaveLength(3);
    for (const i of instances) {
      expect(i.Properties).toMatchObject({ StorageType: 'io2', Iops: 20_000 });
      expect(i.Properties.StorageThroughput).toBeUndefined();
    }
    template.hasResourceProperties('AWS::RDS::DBInstance', { SourceDBInstanceIdentifier: Match.absent(), AllocatedStorage: '1000', StorageType: 'io2', Iops: 20_000 });
  });

  test('GIVEN gp3 provisioned with 40,000 IOPS and 1,000 MiB/s on MySQL WHEN rendered THEN gp3 with both, on every instance', () => {
    const { template } = render({
      engine: DatabaseEngine.RDS_MYSQL, readers: 1, allocatedStorageGiB: 500, storageIops: 40_000, storageThroughputMiBps: 1_000,
    });
    const instances = Object.values(template.findResources('AWS::RDS::DBInstance')) as Array<{ Properties: Record<string, unknown> }>;
    expect(instances.map((i) => [i.Properties.StorageType, i.Properties.Iops, i.Properties.StorageThroughput]))
      .toEqual([['gp3', 40_000, 1_000], ['gp3', 40_000, 1_000]]);
  });

  test('GIVEN gp3 at its baseline (the default) WHEN rendered THEN no Iops and no StorageThroughput', () => {
    const { template } = render({ engine: DatabaseEngine.RDS_POSTGRESQL, readers: 1, allocatedStorageGiB: 500 });
    template.hasResourceProperties('AWS::RDS::DBInstance', { StorageType: 'gp3', Iops: Match.absent(), StorageThroughput: Match.absent() });
  });
});
