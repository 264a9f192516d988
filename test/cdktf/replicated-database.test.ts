import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { App, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { TfTemplate } from './template';
import { IAM_ROLE_NAME_PREFIX_MAX } from '../../src/cdktf/common';
import { ReplicatedDatabase, ReplicatedDatabaseProps } from '../../src/cdktf/replicated-database';
import { DatabaseEngine, DatabaseSettingScope, DatabaseStorageKind, Errors, planReplicatedDatabase, ReaderScalingMetric, RemovalPolicy } from '../../src/core';

const NETWORK = {
  vpcId: 'vpc-0123456789abcdef0',
  vpcCidr: '10.1.0.0/16',
  privateSubnetIds: ['subnet-p1', 'subnet-p2', 'subnet-p3'],
  isolatedSubnetIds: ['subnet-i1', 'subnet-i2', 'subnet-i3'],
};

function stack(): TerraformStack {
  const app: App = Testing.app();
  const s = new TerraformStack(app, 'test');
  new AwsProvider(s, 'aws', { region: 'eu-west-1' });
  return s;
}

function render(props: ReplicatedDatabaseProps = {}): { db: ReplicatedDatabase; t: TfTemplate; s: TerraformStack } {
  const s = stack();
  const db = new ReplicatedDatabase(s, 'Db', props);
  return { db, t: TfTemplate.synth(s), s };
}

/** What a token renders to in the Terraform JSON (through a probe output). */
function resolved(s: TerraformStack, value: any): any {
  const id = `Probe${s.node.children.length}`;
  new TerraformOutput(s, id, { value });
  return JSON.parse(Testing.synth(s)).output[id].value;
}

const STATEFUL = ['aws_rds_cluster', 'aws_rds_cluster_instance', 'aws_db_instance', 'aws_kms_key', 'aws_cloudwatch_log_group'];

describe('ReplicatedDatabase (cdktf), Aurora', () => {
  test('GIVEN no props WHEN synthesized THEN an encrypted, protected Aurora PostgreSQL cluster with a writer and the planned readers', () => {
    const { db, t } = render();
    const cluster = t.only('aws_rds_cluster').attributes;
    expect(cluster).toMatchObject({
      engine: 'aurora-postgresql',
      engine_version: db.plan.engineVersion,
      cluster_identifier: 'db',
      database_name: 'db',
      port: 5432,
      storage_encrypted: true,
      kms_key_id: expect.stringContaining('aws_kms_key.Db_Key'),
      iam_database_authentication_enabled: true,
      backup_retention_period: 14,
      copy_tags_to_snapshot: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: 'db-final',
      delete_automated_backups: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(t.resources('aws_rds_cluster')[0].name).toMatch(/^Db_5D02A0A9$/);
    t.resourceCountIs('aws_rds_cluster_instance', 1 + db.plan.readers);
    t.resourceCountIs('aws_db_instance', 0);
    expect(t.only('aws_kms_key').attributes).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
  });

  test('GIVEN 3 readers on 3 AZs THEN the writer sits in the first AZ and readers fill the others round robin, with promotion tiers', () => {
    const { t } = render({ readers: 3 });
    const byId = (id: string): any => t.find('aws_rds_cluster_instance', { identifier: id })[0].attributes;
    expect(byId('db-writer')).toMatchObject({ availability_zone: expect.stringContaining('Isolated1'), promotion_tier: 0 });
    expect(byId('db-reader-1')).toMatchObject({ availability_zone: expect.stringContaining('Isolated2'), promotion_tier: 1 });
    expect(byId('db-reader-2')).toMatchObject({ availability_zone: expect.stringContaining('Isolated3'), promotion_tier: 1 });
    expect(byId('db-reader-3')).toMatchObject({ availability_zone: expect.stringContaining('Isolated1'), promotion_tier: 1 });
    for (const i of t.resources('aws_rds_cluster_instance')) {
      expect(i.attributes).toMatchObject({ instance_class: 'db.r7g.large', publicly_accessible: false, cluster_identifier: expect.stringContaining('aws_rds_cluster.Db') });
    }
  });

  test('GIVEN Aurora with outputs asked for THEN the writer and reader endpoints are the cluster\'s, exported as outputs', () => {
    const { db, t, s } = render({ readers: 2, outputs: true });
    expect(resolved(s, db.writerEndpoint)).toBe('${aws_rds_cluster.Db_5D02A0A9.endpoint}');
    expect(resolved(s, db.readerEndpoint)).toBe('${aws_rds_cluster.Db_5D02A0A9.reader_endpoint}');
    expect(db.readerEndpoints).toEqual([]);
    expect(db.port).toBe('5432');
    const outputs = Object.values(t.outputs()).map((o: any) => o.value);
    expect(outputs).toEqual(expect.arrayContaining([
      '${aws_rds_cluster.Db_5D02A0A9.endpoint}',
      '${aws_rds_cluster.Db_5D02A0A9.reader_endpoint}',
      '${aws_rds_cluster.Db_5D02A0A9.master_user_secret[0].secret_arn}',
    ]));
  });

  test('GIVEN the default credentials THEN RDS manages the password in Secrets Manager and the secret rotates every 30 days; no password in the JSON', () => {
    const { db, s, t } = render();
    expect(t.only('aws_rds_cluster').attributes).toMatchObject({
      manage_master_user_password: true, master_username: 'dbadmin', master_user_secret_kms_key_id: expect.stringContaining('aws_kms_key.Db_Key'),
    });
    expect(t.only('aws_secretsmanager_secret_rotation').attributes).toEqual({
      secret_id: '${aws_rds_cluster.Db_5D02A0A9.master_user_secret[0].secret_arn}',
      rotation_rules: { automatically_after_days: 30 },
    });
    expect(resolved(s, db.secretArn)).toBe('${aws_rds_cluster.Db_5D02A0A9.master_user_secret[0].secret_arn}');
    const json = Testing.synth(s);
    expect(json).not.toMatch(/"master_password"|"password"|random_password/);
  });

  test.each([
    [{ rotationDays: 7 }, 7],
    [{ rotation: false }, undefined],
  ])('GIVEN credentials %j THEN the rotation schedule is %s days', (credentials, days) => {
    const { t } = render({ credentials });
    const rotations = t.resources('aws_secretsmanager_secret_rotation');
    expect(rotations.map((r) => r.attributes.rotation_rules.automatically_after_days)).toEqual(days === undefined ? [] : [days]);
  });

  test('GIVEN defaults THEN Performance Insights is on the cluster, Enhanced Monitoring on every instance, logs exported to encrypted log groups', () => {
    const { t } = render({ readers: 1 });
    expect(t.only('aws_rds_cluster').attributes).toMatchObject({
      performance_insights_enabled: true,
      performance_insights_retention_period: 7,
      performance_insights_kms_key_id: expect.stringContaining('aws_kms_key.Db_Key'),
    });
    for (const i of t.resources('aws_rds_cluster_instance')) {
      expect(i.attributes).toMatchObject({
        monitoring_interval: 60,
        monitoring_role_arn: expect.stringContaining('aws_iam_role.Db_MonitoringRole'),
      });
      // The cluster's Performance Insights and copy-tags settings apply to its instances: none is set twice.
      expect(Object.keys(i.attributes).filter((k) => k.startsWith('performance_insights') || k === 'copy_tags_to_snapshot')).toEqual([]);
    }
    const role = t.resources('aws_iam_role').find((r) => r.name.startsWith('Db_MonitoringRole'))!;
    expect(JSON.parse(role.attributes.assume_role_policy).Statement[0].Principal).toEqual({ Service: 'monitoring.rds.amazonaws.com' });
    t.hasResourceWithProperties('aws_iam_role_policy_attachment', { policy_arn: expect.stringContaining(':iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole') });
    expect(t.only('aws_rds_cluster').attributes.enabled_cloudwatch_logs_exports).toEqual(['postgresql', 'iam-db-auth-error']);
    const dbLogs = t.resources('aws_cloudwatch_log_group').filter((g) => String(g.attributes.name ?? '').startsWith('/aws/rds/'));
    expect(dbLogs.map((g) => g.attributes.name).sort()).toEqual(['/aws/rds/cluster/db/iam-db-auth-error', '/aws/rds/cluster/db/postgresql']);
    for (const g of dbLogs) {
      expect(g.attributes).toMatchObject({ kms_key_id: expect.stringContaining('aws_kms_key.Db_Key'), retention_in_days: 365, lifecycle: { prevent_destroy: true } });
    }
    expect(t.only('aws_rds_cluster').attributes.depends_on).toHaveLength(2);
  });

  test('GIVEN the longest block name (32 characters) THEN the monitoring role\'s name_prefix stays within the provider\'s 38 characters and keeps its purpose', () => {
    const name = 'a'.repeat(32);
    const { t } = render({ name, readers: 1 });
    const prefix: string = t.resources('aws_iam_role').find((r) => r.name.startsWith('Db_MonitoringRole'))!.attributes.name_prefix;
    expect(prefix.length).toBeLessThanOrEqual(IAM_ROLE_NAME_PREFIX_MAX);
    expect(prefix).toBe(`${'a'.repeat(IAM_ROLE_NAME_PREFIX_MAX - '-monitoring-'.length)}-monitoring-`);
    // A short name is kept whole.
    expect(render({ name: 'orders', readers: 1 }).t.resources('aws_iam_role').find((r) => r.name.startsWith('Db_MonitoringRole'))!.attributes.name_prefix)
      .toBe('orders-monitoring-');
  });

  test('GIVEN monitoring off THEN no monitoring role, interval 0, and Performance Insights disabled', () => {
    const { t } = render({ enhancedMonitoringIntervalSeconds: 0, performanceInsights: false, readers: 1, network: NETWORK });
    t.resourceCountIs('aws_iam_role', 0);
    for (const i of t.resources('aws_rds_cluster_instance')) {
      expect(i.attributes).toMatchObject({ monitoring_interval: 0 });
      expect(i.attributes.monitoring_role_arn).toBeUndefined();
    }
    expect(t.only('aws_rds_cluster').attributes.performance_insights_enabled).toBe(false);
  });

  test('GIVEN defaults THEN the cluster parameter group forces TLS and logs slow statements; requireTls false turns it off', () => {
    const on = render().t.only('aws_rds_cluster_parameter_group').attributes;
    expect(on).toMatchObject({ family: 'aurora-postgresql16', name_prefix: 'db-' });
    expect(on.parameter).toEqual(expect.arrayContaining([
      { name: 'rds.force_ssl', value: '1', apply_method: 'immediate' },
      { name: 'log_min_duration_statement', value: '1000', apply_method: 'immediate' },
    ]));
    const off = render({ requireTls: false, parameters: { work_mem: '65536' } }).t.only('aws_rds_cluster_parameter_group').attributes;
    expect(off.parameter).toEqual(expect.arrayContaining([
      { name: 'rds.force_ssl', value: '0', apply_method: 'immediate' },
      { name: 'work_mem', value: '65536', apply_method: 'immediate' },
    ]));
  });

  test('GIVEN a static parameter THEN Terraform applies it at the next reboot, as the plan says and CloudFormation does', () => {
    const { db, t } = render({ parameters: { shared_preload_libraries: 'pg_stat_statements', work_mem: '65536' } });
    expect(db.plan.parameterApplyMethods).toMatchObject({ 'shared_preload_libraries': 'PENDING_REBOOT', 'work_mem': 'IMMEDIATE', 'rds.force_ssl': 'IMMEDIATE' });
    expect(t.only('aws_rds_cluster_parameter_group').attributes.parameter).toEqual(expect.arrayContaining([
      { name: 'shared_preload_libraries', value: 'pg_stat_statements', apply_method: 'pending-reboot' },
      { name: 'work_mem', value: '65536', apply_method: 'immediate' },
    ]));
  });

  test('GIVEN a supplied plan with a retained instance of a snapshotted cluster, or a parameter without apply method THEN ValidationError', () => {
    const plan = planReplicatedDatabase({ readers: 1 });
    expect(() => render({ plan: { ...plan, clusterInstanceRemovalPolicy: RemovalPolicy.RETAIN } }))
      .toThrow(/clusterInstanceRemovalPolicy = "RETAIN": must be DESTROY, or RETAIN with removalPolicy RETAIN/);
    expect(() => render({ plan: { ...plan, parameterApplyMethods: { 'rds.force_ssl': plan.parameterApplyMethods['rds.force_ssl'] } } }))
      .toThrow(/parameterApplyMethods = .*: must be an apply method for each parameter and no other/);
  });

  test('GIVEN the default SNAPSHOT cluster THEN its instances are not prevent_destroy (they hold no data); a RETAIN cluster protects them', () => {
    const snapshot = render({ readers: 1 }).t.resources('aws_rds_cluster_instance');
    expect(snapshot).toHaveLength(2);
    snapshot.forEach((i) => expect(i.attributes.lifecycle?.prevent_destroy).toBeUndefined());
    const retained = render({ readers: 1, removalPolicy: RemovalPolicy.RETAIN });
    expect(retained.db.plan.clusterInstanceRemovalPolicy).toBe(RemovalPolicy.RETAIN);
    retained.t.resources('aws_rds_cluster_instance').forEach((i) => expect(i.attributes.lifecycle).toMatchObject({ prevent_destroy: true }));
  });

  test('GIVEN no clients THEN the security group has no ingress and no egress; allowedCidrs and allowFrom admit only the database port', () => {
    const none = render();
    expect(none.t.only('aws_security_group').attributes.ingress).toBeUndefined();
    expect(none.t.only('aws_security_group').attributes.egress).toBeUndefined();
    none.t.resourceCountIs('aws_vpc_security_group_ingress_rule', 0);

    const s = stack();
    const db = new ReplicatedDatabase(s, 'Db', { allowedCidrs: ['10.0.0.0/16'] });
    const app = new SecurityGroup(s, 'AppSg', { vpcId: 'vpc-1' });
    db.allowFrom('AllowApi', app.id);
    const t = TfTemplate.synth(s);
    t.resourceCountIs('aws_vpc_security_group_ingress_rule', 2);
    t.hasResourceWithProperties('aws_vpc_security_group_ingress_rule', {
      security_group_id: '${aws_security_group.Db_SecurityGroup_77038D25.id}', cidr_ipv4: '10.0.0.0/16', ip_protocol: 'tcp', from_port: 5432, to_port: 5432,
    });
    t.hasResourceWithProperties('aws_vpc_security_group_ingress_rule', {
      referenced_security_group_id: '${aws_security_group.AppSg.id}', ip_protocol: 'tcp', from_port: 5432, to_port: 5432,
    });
    expect(resolved(s, db.securityGroupId)).toBe('${aws_security_group.Db_SecurityGroup_77038D25.id}');
  });

  test.each([
    [ReaderScalingMetric.CPU_UTILIZATION, {}, 'RDSReaderAverageCPUUtilization', 50],
    [ReaderScalingMetric.CONNECTIONS, { targetConnectionsPerReader: 400 }, 'RDSReaderAverageDatabaseConnections', 400],
  ])('GIVEN reader auto scaling on %s THEN a scalable target on the read replica count and a target tracking policy', (metric, extra, type, target) => {
    const { t } = render({ readers: 2, readerAutoScaling: { metric, maxReaders: 6, scaleInCooldownSeconds: 600, ...extra } });
    expect(t.only('aws_appautoscaling_target').attributes).toMatchObject({
      service_namespace: 'rds',
      scalable_dimension: 'rds:cluster:ReadReplicaCount',
      resource_id: 'cluster:${aws_rds_cluster.Db_5D02A0A9.cluster_identifier}',
      min_capacity: 2,
      max_capacity: 6,
    });
    expect(t.only('aws_appautoscaling_policy').attributes).toMatchObject({
      policy_type: 'TargetTrackingScaling',
      target_tracking_scaling_policy_configuration: {
        predefined_metric_specification: { predefined_metric_type: type },
        target_value: target,
        scale_in_cooldown: 600,
        scale_out_cooldown: 300,
      },
    });
    t.resourceCountIs('aws_rds_cluster_instance', 3);
  });

  test('GIVEN no auto scaling THEN no scaling resources', () => {
    const { t } = render();
    t.resourceCountIs('aws_appautoscaling_target', 0);
    t.resourceCountIs('aws_appautoscaling_policy', 0);
  });

  test.each([
    [RemovalPolicy.RETAIN, true, false],
    [RemovalPolicy.SNAPSHOT, true, false],
    [RemovalPolicy.DESTROY, undefined, true],
  ])('GIVEN removal policy %s THEN prevent_destroy is %s and skip_final_snapshot %s', (removalPolicy, prevent, skip) => {
    const c = render({ removalPolicy, deletionProtection: removalPolicy !== RemovalPolicy.DESTROY }).t.only('aws_rds_cluster').attributes;
    expect(c.lifecycle?.prevent_destroy).toBe(prevent);
    expect(c.skip_final_snapshot).toBe(skip);
    expect(c.final_snapshot_identifier).toBe(skip ? undefined : 'db-final');
  });

  test('GIVEN a KMS key ARN THEN the storage uses it, and the block\'s own key still encrypts the secret, Performance Insights and the logs', () => {
    const kmsKeyArn = 'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555';
    const { db, t } = render({ kmsKeyArn });
    expect(t.only('aws_rds_cluster').attributes).toMatchObject({
      kms_key_id: kmsKeyArn,
      master_user_secret_kms_key_id: expect.stringContaining('aws_kms_key.Db_Key'),
      performance_insights_kms_key_id: expect.stringContaining('aws_kms_key.Db_Key'),
    });
    expect(db.storageKeyArn).toBe(kmsKeyArn);
    t.hasResourceWithProperties('aws_cloudwatch_log_group', { name: '/aws/rds/cluster/db/postgresql', kms_key_id: expect.stringContaining('aws_kms_key.Db_Key') });
  });

  test('GIVEN storage encryption off THEN storage_encrypted is false with no key', () => {
    const c = render({ storageEncrypted: false }).t.only('aws_rds_cluster').attributes;
    expect(c.storage_encrypted).toBe(false);
    expect(c.kms_key_id).toBeUndefined();
  });

  test('GIVEN no network THEN the block creates one and places the database in its isolated subnets', () => {
    const { db, t } = render();
    expect(db.network).toBeDefined();
    t.resourceCountIs('aws_vpc', 1);
    expect(t.only('aws_db_subnet_group').attributes.subnet_ids).toEqual([
      expect.stringContaining('Isolated1'), expect.stringContaining('Isolated2'), expect.stringContaining('Isolated3'),
    ]);
    expect(t.only('aws_security_group').attributes.vpc_id).toContain('aws_vpc.Db_Network');
  });

  test('GIVEN an existing network and azCount 3 THEN its first azCount isolated subnets are used and instance AZs are read from them', () => {
    const { db, t } = render({ network: { ...NETWORK, isolatedSubnetIds: [...NETWORK.isolatedSubnetIds, 'subnet-i4'] }, readers: 1, azCount: 3 });
    expect(db.network).toBeUndefined();
    t.resourceCountIs('aws_vpc', 0);
    expect(t.only('aws_db_subnet_group').attributes.subnet_ids).toEqual(['subnet-i1', 'subnet-i2', 'subnet-i3']);
    expect(t.only('aws_security_group').attributes.vpc_id).toBe(NETWORK.vpcId);
    expect(t.dataSources('aws_subnet').map((d) => d.attributes.id).sort()).toEqual(['subnet-i1', 'subnet-i2']);
    t.hasResourceWithProperties('aws_rds_cluster_instance', { identifier: 'db-reader-1', availability_zone: expect.stringContaining('data.aws_subnet.Db_Subnet2') });
  });

  test('GIVEN a network without isolated subnets THEN the private subnets are used', () => {
    const { t } = render({ network: { vpcId: 'vpc-1', vpcCidr: '10.0.0.0/16', privateSubnetIds: ['a', 'b', 'c'] } });
    expect(t.only('aws_db_subnet_group').attributes.subnet_ids).toEqual(['a', 'b', 'c']);
  });

  test('GIVEN Aurora MySQL THEN the engine, family and TLS parameter follow MySQL', () => {
    const { t } = render({ engine: DatabaseEngine.AURORA_MYSQL });
    expect(t.only('aws_rds_cluster').attributes).toMatchObject({ engine: 'aurora-mysql', engine_version: '8.0.mysql_aurora.3.12.0', port: 3306 });
    const pg = t.only('aws_rds_cluster_parameter_group').attributes;
    expect(pg.family).toBe('aurora-mysql8.0');
    expect(pg.parameter).toEqual(expect.arrayContaining([{ name: 'require_secure_transport', value: 'ON', apply_method: 'immediate' }]));
    expect(t.only('aws_rds_cluster').attributes.enabled_cloudwatch_logs_exports).toEqual(['error', 'slowquery', 'iam-db-auth-error']);
  });

  test('GIVEN a resolved plan THEN it is rendered as is', () => {
    const plan = planReplicatedDatabase({ name: 'orders', readers: 2, instanceClass: 'db.r7g.xlarge' });
    const { db, t } = render({ plan });
    expect(db.plan).toBe(plan);
    expect(t.only('aws_rds_cluster').attributes.cluster_identifier).toBe('orders');
    t.resourceCountIs('aws_rds_cluster_instance', 3);
    t.hasResourceWithProperties('aws_rds_cluster_instance', { identifier: 'orders-reader-2', instance_class: 'db.r7g.xlarge' });
  });

  test('GIVEN the user\'s stack THEN the block creates no provider of its own', () => {
    const { t } = render();
    expect(Object.keys(t.json.provider.aws)).toHaveLength(1);
    expect(t.json.provider.aws[0].alias).toBeUndefined();
  });

  test('GIVEN Aurora WHEN readers go from 2 to 3 THEN every resource of 2 keeps its logical id', () => {
    const names = (readers: number): string[] => render({ readers, network: NETWORK }).t.allResources().map((r) => `${r.type}.${r.name}`);
    const two = names(2);
    const three = names(3);
    expect(three).toEqual(expect.arrayContaining(two));
    expect(two.filter((n) => STATEFUL.some((s) => n.startsWith(`${s}.`))).length).toBeGreaterThanOrEqual(4);
    expect(three.filter((n) => !two.includes(n))).toEqual(['aws_rds_cluster_instance.Db_Reader3_10755FD9']);
  });
});

describe('ReplicatedDatabase (cdktf), RDS', () => {
  test.each([
    [DatabaseEngine.RDS_POSTGRESQL, 'postgres', '16.13', 'postgres16', 5432],
    [DatabaseEngine.RDS_MYSQL, 'mysql', '8.4.10', 'mysql8.4', 3306],
  ])('GIVEN %s THEN a Multi-AZ gp3 source instance with the planned storage and a DB parameter group', (engine, tfEngine, version, family, port) => {
    const { db, t } = render({ engine, readers: 2, allocatedStorageGiB: 200, maxAllocatedStorageGiB: 800 });
    t.resourceCountIs('aws_rds_cluster', 0);
    const writer = t.find('aws_db_instance', { identifier: 'db-writer' })[0];
    expect(writer.name).toBe('Db_5D02A0A9');
    expect(writer.attributes).toMatchObject({
      engine: tfEngine,
      engine_version: version,
      instance_class: db.plan.instanceClass,
      port,
      multi_az: true,
      storage_type: 'gp3',
      allocated_storage: 200,
      max_allocated_storage: 800,
      storage_encrypted: true,
      kms_key_id: expect.stringContaining('aws_kms_key.Db_Key'),
      iam_database_authentication_enabled: true,
      manage_master_user_password: true,
      username: 'dbadmin',
      backup_retention_period: 14,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: 'db-final',
      performance_insights_enabled: true,
      monitoring_interval: 60,
      publicly_accessible: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(writer.attributes.availability_zone).toBeUndefined();
    expect(t.only('aws_db_parameter_group').attributes.family).toBe(family);
    expect(writer.attributes.parameter_group_name).toContain('aws_db_parameter_group.Db_ParameterGroup');
    t.resourceCountIs('aws_rds_cluster_parameter_group', 0);
  });

  test('GIVEN RDS with 2 replicas and outputs asked for THEN each replica replicates the writer in its planned AZ, and each endpoint and the list are exported', () => {
    const { db, t, s } = render({ engine: DatabaseEngine.RDS_POSTGRESQL, readers: 2, network: NETWORK, outputs: true });
    const replicas = t.find('aws_db_instance', { replicate_source_db: '${aws_db_instance.Db_5D02A0A9.identifier}' });
    expect(replicas.map((r) => [r.name, r.attributes.identifier, r.attributes.availability_zone])).toEqual([
      ['Db_Reader1_6B28A06A', 'db-reader-1', expect.stringContaining('data.aws_subnet.Db_Subnet2')],
      ['Db_Reader2_7ACC2525', 'db-reader-2', expect.stringContaining('data.aws_subnet.Db_Subnet3')],
    ]);
    for (const r of replicas) {
      expect(r.attributes).toMatchObject({ storage_encrypted: true, iam_database_authentication_enabled: true, performance_insights_enabled: true });
      // A replica holds the data too: deletion-protected and kept from destroy.
      expect(r.attributes).toMatchObject({ deletion_protection: true, lifecycle: { prevent_destroy: true } });
      expect(r.attributes.manage_master_user_password).toBeUndefined();
      expect(r.attributes.username).toBeUndefined();
    }
    expect(resolved(s, db.readerEndpoints)).toEqual(['${aws_db_instance.Db_Reader1_6B28A06A.address}', '${aws_db_instance.Db_Reader2_7ACC2525.address}']);
    expect(resolved(s, db.readerEndpoint)).toBe('${aws_db_instance.Db_Reader1_6B28A06A.address}');
    expect(resolved(s, db.writerEndpoint)).toBe('${aws_db_instance.Db_5D02A0A9.address}');
    const outputs = t.outputs();
    const byValue = (v: any): string[] => Object.keys(outputs).filter((k) => JSON.stringify(outputs[k].value) === JSON.stringify(v));
    expect(byValue('${aws_db_instance.Db_Reader1_6B28A06A.address}')).toEqual([expect.stringMatching(/^Db_Reader1Endpoint_/)]);
    expect(byValue('${aws_db_instance.Db_Reader2_7ACC2525.address}')).toEqual([expect.stringMatching(/^Db_Reader2Endpoint_/)]);
    expect(byValue(['${aws_db_instance.Db_Reader1_6B28A06A.address}', '${aws_db_instance.Db_Reader2_7ACC2525.address}']))
      .toEqual([expect.stringMatching(/^Db_ReaderEndpoints_/)]);
    const logNames = t.resources('aws_cloudwatch_log_group').map((g) => g.attributes.name).sort();
    expect(logNames).toEqual([
      '/aws/rds/instance/db-reader-1/iam-db-auth-error', '/aws/rds/instance/db-reader-1/postgresql',
      '/aws/rds/instance/db-reader-2/iam-db-auth-error', '/aws/rds/instance/db-reader-2/postgresql',
      '/aws/rds/instance/db-writer/iam-db-auth-error', '/aws/rds/instance/db-writer/postgresql',
    ]);
  });

  test.each([DatabaseEngine.RDS_MYSQL, DatabaseEngine.RDS_POSTGRESQL])(
    'GIVEN %s with disposableReadReplicas (the explicit opt-out) THEN only the replicas lose deletion protection and prevent_destroy', (engine) => {
      const { t } = render({ engine, readers: 2, network: NETWORK, disposableReadReplicas: true });
      const instances = t.resources('aws_db_instance');
      const replicas = instances.filter((r) => r.attributes.replicate_source_db);
      expect(replicas.map((r) => [r.attributes.deletion_protection, r.attributes.lifecycle])).toEqual([[false, undefined], [false, undefined]]);
      const writer = instances.find((r) => !r.attributes.replicate_source_db)!;
      expect(writer.attributes).toMatchObject({ deletion_protection: true, lifecycle: { prevent_destroy: true } });
    });

  test('GIVEN RDS without replicas THEN the reader endpoint is the writer\'s and the list is empty', () => {
    const { db, s, t } = render({ engine: DatabaseEngine.RDS_MYSQL, readers: 0 });
    expect(db.readerEndpoints).toEqual([]);
    expect(resolved(s, db.readerEndpoint)).toBe('${aws_db_instance.Db_5D02A0A9.address}');
    t.resourceCountIs('aws_db_instance', 1);
    expect(t.outputs()).toEqual({});
  });

  test('GIVEN RDS without Multi-AZ THEN the writer is pinned to the first AZ', () => {
    const { t } = render({ engine: DatabaseEngine.RDS_POSTGRESQL, multiAz: false, readers: 1, network: NETWORK });
    const writer = t.find('aws_db_instance', { identifier: 'db-writer' })[0].attributes;
    expect(writer).toMatchObject({ multi_az: false, availability_zone: expect.stringContaining('data.aws_subnet.Db_Subnet1') });
  });

  test('GIVEN RDS WHEN replicas go from 1 to 2 THEN every resource of 1 keeps its logical id', () => {
    const names = (readers: number): string[] => render({ engine: DatabaseEngine.RDS_POSTGRESQL, readers, network: NETWORK })
      .t.allResources().map((r) => `${r.type}.${r.name}`);
    const one = names(1);
    const two = names(2);
    expect(two).toEqual(expect.arrayContaining(one));
    expect(two.filter((n) => !one.includes(n)).filter((n) => n.startsWith('aws_db_instance.'))).toEqual(['aws_db_instance.Db_Reader2_7ACC2525']);
  });
});

describe('ReplicatedDatabase (cdktf), plan fields rendered', () => {
  test('GIVEN an awkward CPU fraction (0.555) THEN the policy tracks the plan\'s percentage, 55.5, as CloudFormation does', () => {
    const { db, t } = render({ readerAutoScaling: { targetCpuUtilization: 0.555 } });
    expect(db.plan.readerAutoScaling!.targetValue).toBe(55.5);
    expect(t.only('aws_appautoscaling_policy').attributes.target_tracking_scaling_policy_configuration.target_value).toBe(55.5);
  });

  test('GIVEN logRetentionDays 90 THEN every exported log group keeps its logs 90 days (the plan\'s monitoring.logRetentionDays)', () => {
    const { db, t } = render({ engine: DatabaseEngine.RDS_MYSQL, readers: 1, logRetentionDays: 90, network: NETWORK });
    const groups = t.resources('aws_cloudwatch_log_group').filter((g) => String(g.attributes.name ?? '').startsWith('/aws/rds/'));
    expect(groups).toHaveLength(2 * db.plan.monitoring.cloudwatchLogsExports.length);
    expect(groups.map((g) => g.attributes.retention_in_days)).toEqual(groups.map(() => 90));
  });

  test('GIVEN RDS THEN Performance Insights is set on every instance (plan scope INSTANCE), with the block key', () => {
    const { t } = render({ engine: DatabaseEngine.RDS_POSTGRESQL, readers: 1, performanceInsightsRetentionDays: 31, network: NETWORK });
    const instances = t.resources('aws_db_instance');
    expect(instances).toHaveLength(2);
    for (const i of instances) {
      expect(i.attributes).toMatchObject({
        performance_insights_enabled: true,
        performance_insights_retention_period: 31,
        performance_insights_kms_key_id: expect.stringContaining('aws_kms_key.Db_Key'),
      });
    }
  });

  test('GIVEN a supplied Aurora plan with Performance Insights per instance THEN it is set on each cluster instance, not on the cluster', () => {
    const planned = planReplicatedDatabase({ readers: 1 });
    const plan = { ...planned, monitoring: { ...planned.monitoring, performanceInsightsScope: DatabaseSettingScope.INSTANCE } };
    const { t } = render({ plan });
    expect(t.only('aws_rds_cluster').attributes.performance_insights_enabled).toBeUndefined();
    for (const i of t.resources('aws_rds_cluster_instance')) expect(i.attributes.performance_insights_enabled).toBe(true);
  });

  test.each([
    [RemovalPolicy.SNAPSHOT, false],
    [RemovalPolicy.RETAIN, false],
    [RemovalPolicy.DESTROY, true],
  ])('GIVEN removal policy %s THEN delete_automated_backups is %s on the cluster and on an RDS writer', (removalPolicy, del) => {
    const deletionProtection = removalPolicy !== RemovalPolicy.DESTROY;
    expect(render({ removalPolicy, deletionProtection }).t.only('aws_rds_cluster').attributes.delete_automated_backups).toBe(del);
    const writer = render({ engine: DatabaseEngine.RDS_POSTGRESQL, readers: 0, removalPolicy, deletionProtection, network: NETWORK }).t.only('aws_db_instance');
    expect(writer.attributes.delete_automated_backups).toBe(del);
  });

  test.each([
    [DatabaseEngine.RDS_MYSQL, 21],
    [DatabaseEngine.RDS_POSTGRESQL, undefined],
  ])('GIVEN %s with a replica THEN the replica keeps backups for the plan\'s replicaBackupRetentionDays (%s), on gp3', (engine, days) => {
    const { db, t } = render({ engine, readers: 1, backupRetentionDays: 21, network: NETWORK });
    expect(db.plan.replicaBackupRetentionDays).toBe(days);
    const replica = t.resources('aws_db_instance').find((i) => i.attributes.replicate_source_db !== undefined)!;
    expect(replica.attributes.backup_retention_period).toBe(days);
    expect(replica.attributes.storage_type).toBe('gp3');
  });
});

describe('ReplicatedDatabase (cdktf), bad props', () => {
  test.each<[string, ReplicatedDatabaseProps, RegExp]>([
    ['too few isolated subnets', { azCount: 3, network: { ...NETWORK, isolatedSubnetIds: ['subnet-i1', 'subnet-i2'] } }, /network\.isolatedSubnetIds/],
    ['too few private subnets', { network: { vpcId: 'vpc-1', vpcCidr: '10.0.0.0/16', privateSubnetIds: ['a'] } }, /network\.privateSubnetIds/],
    ['an empty VPC id', { network: { ...NETWORK, vpcId: '' } }, /network\.vpcId/],
    ['a plan and options', { plan: planReplicatedDatabase({}), readers: 2 }, /plan/],
    ['too many readers', { readers: 16 }, /readers/],
    ['a short backup retention', { backupRetentionDays: 3 }, /backupRetentionDays/],
    ['auto scaling on RDS', { engine: DatabaseEngine.RDS_MYSQL, readerAutoScaling: { maxReaders: 3 } }, /readerAutoScaling/],
    ['an open CIDR', { allowedCidrs: ['0.0.0.0/0'] }, /allowedCidrs\[0\]/],
  ])('GIVEN %s THEN a ValidationError names the prop', (_what, props, prop) => {
    const s = stack();
    let error: unknown;
    try {
      new ReplicatedDatabase(s, 'Db', props);
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(() => { throw error; }).toThrow(prop);
  });
});

describe('ReplicatedDatabase (cdktf), snapshots', () => {
  test.each<[string, ReplicatedDatabaseProps]>([
    ['aurora-postgresql-default', {}],
    ['aurora-mysql-autoscaling-existing-network', {
      engine: DatabaseEngine.AURORA_MYSQL, network: NETWORK, readers: 2, readerAutoScaling: { maxReaders: 5 }, allowedCidrs: ['10.1.0.0/16'],
    }],
    ['rds-postgresql-replicas', { name: 'ledger', engine: DatabaseEngine.RDS_POSTGRESQL, readers: 2, network: NETWORK }],
  ])('GIVEN %s THEN the Terraform JSON matches the snapshot', (_name, props) => {
    const s = stack();
    new ReplicatedDatabase(s, 'Db', props);
    expect(JSON.parse(Testing.synth(s))).toMatchSnapshot();
  });
});

describe('ReplicatedDatabase (cdktf), provisioned storage', () => {
  test('GIVEN io2 with 20,000 IOPS on 1,000 GiB and 2 readers WHEN rendered THEN the writer and each replica are io2 with those IOPS, no throughput', () => {
    const { t } = render({
      engine: DatabaseEngine.RDS_POSTGRESQL, readers: 2, storageType: DatabaseStorageKind.IO2, allocatedStorageGiB: 1_000, storageIops: 20_000,
    });
    const instances = t.resources('aws_db_instance');
    expect(instances).toHaveLength(3);
    for (const i of instances) {
      expect(i.attributes).toMatchObject({ storage_type: 'io2', iops: 20_000, allocated_storage: 1_000 });
      expect(i.attributes.storage_throughput).toBeUndefined();
    }
  });

  test('GIVEN gp3 provisioned with 40,000 IOPS and 1,000 MiB/s on MySQL WHEN rendered THEN gp3 with both, on every instance', () => {
    const { t } = render({
      engine: DatabaseEngine.RDS_MYSQL, readers: 1, allocatedStorageGiB: 500, storageIops: 40_000, storageThroughputMiBps: 1_000,
    });
    expect(t.resources('aws_db_instance').map((i) => [i.attributes.storage_type, i.attributes.iops, i.attributes.storage_throughput]))
      .toEqual([['gp3', 40_000, 1_000], ['gp3', 40_000, 1_000]]);
  });

  test('GIVEN gp3 at its baseline (the default) WHEN rendered THEN no iops and no storage_throughput', () => {
    const { t } = render({ engine: DatabaseEngine.RDS_POSTGRESQL, readers: 0, allocatedStorageGiB: 500 });
    const writer = t.only('aws_db_instance').attributes;
    expect(writer.storage_type).toBe('gp3');
    expect(writer.iops).toBeUndefined();
    expect(writer.storage_throughput).toBeUndefined();
  });
});
