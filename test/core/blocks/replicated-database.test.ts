import fc from 'fast-check';
import { issuesOf, RANK, row, worst } from './helpers';
import { RemovalPolicy } from '../../../src/core/blocks/common';
import {
  DatabaseParameterApplyMethod,
  auroraVolumeMaxGiB, DatabaseEngine, DatabaseInstanceRole, DatabaseSettingScope, DatabaseStorageKind, DB_INSTANCES_PER_REGION_RESOURCE,
  largerClasses,
  planReplicatedDatabase, readerAzs, ReaderScalingMetric, REPLICA_QUOTA_RESOURCE, replicatedDatabaseNotes, replicatedDatabaseTopologyOf,
  ReplicatedDatabaseOptions, ReplicatedDatabasePlan, sizeReplicatedDatabase,
} from '../../../src/core/blocks/replicated-database';
import * as catalog from '../../../src/core/catalog';
import { ValidationError } from '../../../src/core/errors';
import { Scenario, SizingRow, Verdict } from '../../../src/core/sizing/report';


/** The count a fix asks for: `needs >= 7 readers ...` -> 7. */
function neededCount(fix: string | undefined): number {
  const m = /(?:needs|add) >= ([\d,]+)/.exec(fix ?? '');
  if (!m) throw new Error(`no count in fix: ${fix}`);
  return Number(m[1].replace(/,/g, ''));
}

/** The class a fix asks for: `use db.r7g.2xlarge (...)` -> db.r7g.2xlarge. */
function fixClass(fix: string | undefined): string {
  const m = /use (db\.[a-z0-9]+\.[a-z0-9]+)/.exec(fix ?? '');
  if (!m) throw new Error(`no class in fix: ${fix}`);
  return m[1];
}

describe('planReplicatedDatabase defaults', () => {
  test('GIVEN no options WHEN planned THEN an Aurora PostgreSQL cluster with every safe default explicit', () => {
    // WHEN
    const plan = planReplicatedDatabase();
    // THEN
    expect(plan).toMatchObject({
      kind: 'ReplicatedDatabase',
      name: 'db',
      path: 'db',
      engine: DatabaseEngine.AURORA_POSTGRESQL,
      engineFamily: catalog.DbEngineFamily.AURORA_POSTGRESQL,
      aurora: true,
      engineVersion: '16.13',
      parameterGroupFamily: 'aurora-postgresql16',
      instanceClass: 'db.r7g.large',
      instanceVcpu: 2,
      instanceMemoryGiB: 16,
      azCount: 3,
      readers: 1,
      multiAz: false,
      iamAuthentication: true,
      backupRetentionDays: 14,
      copyTagsToSnapshot: true,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      requireTls: true,
      port: 5432,
      databaseName: 'db',
      allowedClients: [],
      allowedCidrs: [],
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
    });
    expect(plan.readerAutoScaling).toBeUndefined();
    expect(plan.credentials).toEqual({ username: 'dbadmin', generatedSecret: true, rotation: true, rotationDays: 30 });
    expect(plan.monitoring).toEqual({
      performanceInsights: true,
      performanceInsightsRetentionDays: 7,
      performanceInsightsScope: DatabaseSettingScope.CLUSTER,
      enhancedMonitoringIntervalSeconds: 60,
      cloudwatchLogsExports: ['postgresql', 'iam-db-auth-error'],
      logRetentionDays: 365,
    });
    // Automated backups outlive the cluster, and a named final snapshot is taken (SNAPSHOT removal).
    expect(plan.deleteAutomatedBackups).toBe(false);
    expect(plan.finalSnapshotIdentifier).toBe('db-final');
    expect(plan.replicaBackupRetentionDays).toBeUndefined();
    expect(plan.parameters).toEqual({ 'rds.force_ssl': '1', 'log_min_duration_statement': '1000' });
    // 16.13 is past 16.9: the 256 TiB cluster volume.
    expect(plan.storage).toEqual({
      kind: DatabaseStorageKind.AURORA_CLUSTER_VOLUME, engineMaxGiB: 256 * 1024, encrypted: true, kmsKeyArn: undefined,
    });
  });

  test('GIVEN no options WHEN planned THEN the writer sits in AZ 1, the reader in another AZ, behind Aurora\'s reader endpoint', () => {
    const plan = planReplicatedDatabase();
    expect(plan.instances).toEqual([
      { id: 'writer', identifier: 'db-writer', role: DatabaseInstanceRole.WRITER, instanceClass: 'db.r7g.large', az: 0, pinAz: true, promotionTier: 0 },
      { id: 'reader-1', identifier: 'db-reader-1', role: DatabaseInstanceRole.READER, instanceClass: 'db.r7g.large', az: 1, pinAz: true, promotionTier: 1 },
    ]);
    // Terraform's identifiers (CloudFormation keeps its own, see ReplicatedDatabasePlan.identifier).
    expect(plan.identifier).toBe('db');
    expect(plan.endpoints).toEqual([
      { name: 'writer', role: DatabaseInstanceRole.WRITER, instanceIds: ['writer'] },
      { name: 'reader', role: DatabaseInstanceRole.READER, instanceIds: ['reader-1'] },
    ]);
  });

  test('GIVEN no sizing inputs WHEN planned THEN each default that feeds the sizing is listed as assumed', () => {
    const plan = planReplicatedDatabase({ load: { readsPerSecond: 100 } });
    const props = plan.assumed.map((a) => a.prop);
    expect(props).toEqual(expect.arrayContaining([
      'db.instanceClass', 'db.readers', 'db.load.writesPerSecond', 'db.load.storageGiB', 'db.load.connections', 'db.load.adminConnections',
      'db.load.readsPerSecondPerVcpu', 'db.load.writesPerSecondPerVcpu', 'db.sizing.targetUtilization',
    ]));
    expect(props).not.toContain('db.load.readsPerSecond');
    expect(plan.assumed.find((a) => a.prop === 'db.load.readsPerSecondPerVcpu')?.value).toBe('285 reads/s per vCPU');
  });

  test.each([
    [DatabaseEngine.AURORA_POSTGRESQL, '16.13', 'aurora-postgresql16', 5432, ['postgresql', 'iam-db-auth-error'], { 'rds.force_ssl': '1' }],
    [DatabaseEngine.AURORA_MYSQL, '8.0.mysql_aurora.3.12.0', 'aurora-mysql8.0', 3306, ['error', 'slowquery', 'iam-db-auth-error'], { require_secure_transport: 'ON', slow_query_log: '1' }],
    [DatabaseEngine.RDS_POSTGRESQL, '16.13', 'postgres16', 5432, ['postgresql', 'iam-db-auth-error'], { 'rds.force_ssl': '1' }],
    [DatabaseEngine.RDS_MYSQL, '8.4.10', 'mysql8.4', 3306, ['error', 'slowquery', 'iam-db-auth-error'], { require_secure_transport: 'ON' }],
  ])('GIVEN engine %s WHEN planned THEN version %s, family %s, port %d, its logs and its TLS parameter', (engine, version, family, port, logs, params) => {
    const plan = planReplicatedDatabase({ engine });
    expect(plan.engineVersion).toBe(version);
    expect(plan.parameterGroupFamily).toBe(family);
    expect(plan.port).toBe(port);
    expect(plan.monitoring.cloudwatchLogsExports).toEqual(logs);
    expect(plan.parameters).toMatchObject(params);
  });

  test('GIVEN an RDS engine WHEN planned THEN the writer is Multi-AZ (RDS places it), each replica has its own endpoint, storage is gp3 with autoscaling', () => {
    const plan = planReplicatedDatabase({ engine: DatabaseEngine.RDS_POSTGRESQL, readers: 2 });
    expect(plan.multiAz).toBe(true);
    expect(plan.instances[0]).toMatchObject({ id: 'writer', pinAz: false });
    expect(plan.endpoints.map((e) => e.name)).toEqual(['writer', 'reader-1', 'reader-2']);
    expect(plan.endpoints[2].instanceIds).toEqual(['reader-2']);
    expect(plan.storage).toEqual({
      kind: DatabaseStorageKind.GP3, allocatedGiB: 100, maxAllocatedGiB: 1000, engineMaxGiB: 65_536, encrypted: true, kmsKeyArn: undefined,
    });
  });

  test('GIVEN RDS and declared storage WHEN planned THEN the allocation holds it with 10 % free and the ceiling is twice that', () => {
    const plan = planReplicatedDatabase({ engine: DatabaseEngine.RDS_MYSQL, load: { storageGiB: 900 } });
    expect(plan.storage.allocatedGiB).toBe(1000);
    expect(plan.storage.maxAllocatedGiB).toBe(2000);
  });

  test('GIVEN declared reads WHEN planned THEN the default readers are the fewest that carry them with the worst AZ lost', () => {
    // 3,000 reads/s on 570 reads/s per db.r7g.large reader. With 11 readers on 3 AZs ([3, 4, 4], the
    // writer in AZ 1), losing AZ 1 takes 3 readers and promotes one: 7 left carry 3,000 at 75 %.
    const plan = planReplicatedDatabase({ load: { readsPerSecond: 3000 } });
    expect(plan.readers).toBe(11);
    const rows = sizeReplicatedDatabase(plan);
    expect(row(rows, 'readers', Scenario.NORMAL).verdict).toBe(Verdict.PASS);
    expect(row(rows, 'readers', Scenario.AZ_LOSS).verdict).toBe(Verdict.PASS);
    const fewer = sizeReplicatedDatabase(planReplicatedDatabase({ readers: 10, load: { readsPerSecond: 3000 } }));
    expect(row(fewer, 'readers', Scenario.AZ_LOSS).verdict).not.toBe(Verdict.PASS);
  });

  test('GIVEN more readers than AZs WHEN planned THEN readers fill the other AZs first, round robin', () => {
    expect(readerAzs(5, 3, 0)).toEqual([1, 2, 0, 1, 2]);
    expect(readerAzs(3, 2, 0)).toEqual([1, 0, 1]);
    const plan = planReplicatedDatabase({ readers: 4, azCount: 3 });
    expect(plan.instances.map((i) => `${i.id}@${i.az}`)).toEqual(['writer@0', 'reader-1@1', 'reader-2@2', 'reader-3@0', 'reader-4@1']);
  });

  test('GIVEN any two reader counts WHEN planned THEN adding readers never renames or moves an existing one', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 2, max: 6 }), (a, b, az) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      const small = planReplicatedDatabase({ readers: lo, azCount: az });
      const big = planReplicatedDatabase({ readers: hi, azCount: az });
      expect(big.instances.slice(0, small.instances.length)).toEqual(small.instances);
    }), { numRuns: 50 });
  });
});

describe('planReplicatedDatabase options', () => {
  test('GIVEN Aurora reader auto scaling WHEN planned THEN the minimum is provisioned, the maximum doubles it, the CPU target is statically stable', () => {
    const plan = planReplicatedDatabase({ readerAutoScaling: { minReaders: 2 } });
    expect(plan.readers).toBe(2);
    expect(plan.readerAutoScaling).toEqual({
      maxReaders: 4,
      metric: ReaderScalingMetric.CPU_UTILIZATION,
      targetValue: 50,
      scaleInCooldownSeconds: 300,
      scaleOutCooldownSeconds: 300,
    });
  });

  test('GIVEN auto scaling on connections WHEN planned THEN the target is 70 % of the class\'s max_connections', () => {
    const plan = planReplicatedDatabase({ readers: 2, readerAutoScaling: { metric: ReaderScalingMetric.CONNECTIONS, maxReaders: 6 } });
    const max = catalog.maxConnections(catalog.DbEngineFamily.AURORA_POSTGRESQL, catalog.dbInstance('db.r7g.large', catalog.DbEngineFamily.AURORA_POSTGRESQL)!)!.value;
    expect(plan.readerAutoScaling).toMatchObject({
      maxReaders: 6, metric: ReaderScalingMetric.CONNECTIONS, targetValue: Math.floor(max * 0.7),
    });
    expect(plan.readers).toBe(2);
  });

  test.each([
    [0.555, 55.5],
    [0.7, 70],
    [0.57, 57],
    [0.1, 10],
  ])('GIVEN a CPU target of %d WHEN planned THEN the plan holds the percentage the backends render, %d', (fraction, percent) => {
    expect(planReplicatedDatabase({ readerAutoScaling: { targetCpuUtilization: fraction } }).readerAutoScaling!.targetValue).toBe(percent);
  });

  test.each<[string, ReplicatedDatabaseOptions, Partial<ReplicatedDatabasePlan>]>([
    ['RDS MySQL', { engine: DatabaseEngine.RDS_MYSQL, backupRetentionDays: 21 }, { replicaBackupRetentionDays: 21 }],
    ['RDS PostgreSQL', { engine: DatabaseEngine.RDS_POSTGRESQL }, { replicaBackupRetentionDays: undefined }],
    ['removal DESTROY', { removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false }, { deleteAutomatedBackups: true, finalSnapshotIdentifier: undefined }],
    ['removal RETAIN', { name: 'orders', removalPolicy: RemovalPolicy.RETAIN }, { deleteAutomatedBackups: false, finalSnapshotIdentifier: 'orders-final' }],
  ])('GIVEN %s WHEN planned THEN the durability fields say what the backends render', (_what, options, expected) => {
    expect(planReplicatedDatabase(options)).toMatchObject(expected);
  });

  test('GIVEN an RDS engine and a log retention WHEN planned THEN Performance Insights is set per instance and the logs keep the days given', () => {
    const plan = planReplicatedDatabase({ engine: DatabaseEngine.RDS_POSTGRESQL, logRetentionDays: 90 });
    expect(plan.monitoring).toMatchObject({ performanceInsightsScope: DatabaseSettingScope.INSTANCE, logRetentionDays: 90 });
  });

  test('GIVEN every safe default turned off explicitly WHEN planned THEN the plan says so and the notes list it', () => {
    const plan = planReplicatedDatabase({
      storageEncrypted: false,
      requireTls: false,
      deletionProtection: false,
      removalPolicy: RemovalPolicy.DESTROY,
      credentials: { rotation: false },
      performanceInsights: false,
      enhancedMonitoringIntervalSeconds: 0,
      iamAuthentication: false,
    });
    expect(plan.storage.encrypted).toBe(false);
    expect(plan.parameters['rds.force_ssl']).toBe('0');
    expect(plan.monitoring).toMatchObject({ performanceInsights: false, enhancedMonitoringIntervalSeconds: 0, cloudwatchLogsExports: ['postgresql'] });
    expect(replicatedDatabaseNotes(plan)).toHaveLength(5);
  });

  test('GIVEN parameters, clients, CIDRs, a KMS key and a name WHEN planned THEN each is honoured', () => {
    const kms = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const plan = planReplicatedDatabase({
      name: 'orders-db',
      engine: DatabaseEngine.AURORA_MYSQL,
      instanceClass: 'db.r7i.xlarge',
      azCount: 2,
      readers: 3,
      port: 13306,
      parameters: { innodb_lock_wait_timeout: '10' },
      allowedClients: ['api', 'worker'],
      allowedCidrs: ['10.1.0.0/16'],
      kmsKeyArn: kms,
      backupRetentionDays: 35,
      performanceInsightsRetentionDays: 731,
      cloudwatchLogsExports: ['audit', 'error'],
      credentials: { username: 'owner', rotationDays: 7 },
    });
    expect(plan).toMatchObject({
      name: 'orders-db',
      databaseName: 'orders_db',
      instanceClass: 'db.r7i.xlarge',
      instanceVcpu: 4,
      azCount: 2,
      readers: 3,
      port: 13306,
      allowedClients: ['api', 'worker'],
      allowedCidrs: ['10.1.0.0/16'],
      backupRetentionDays: 35,
    });
    expect(plan.parameters).toEqual({ require_secure_transport: 'ON', slow_query_log: '0', long_query_time: '1', innodb_lock_wait_timeout: '10' });
    expect(plan.storage).toMatchObject({ kmsKeyArn: kms, engineMaxGiB: 128 * 1024 });
    expect(plan.monitoring).toMatchObject({ performanceInsightsRetentionDays: 731, cloudwatchLogsExports: ['audit', 'error'] });
    expect(plan.credentials).toMatchObject({ username: 'owner', rotationDays: 7 });
    expect(plan.instances.map((i) => i.az)).toEqual([0, 1, 0, 1]);
  });

  test.each([
    [DatabaseEngine.AURORA_POSTGRESQL, '16.8', 128],
    [DatabaseEngine.AURORA_POSTGRESQL, '16.9', 256],
    [DatabaseEngine.AURORA_POSTGRESQL, '15.13', 256],
    [DatabaseEngine.AURORA_POSTGRESQL, '17.4', 128],
    [DatabaseEngine.AURORA_POSTGRESQL, '17.5', 256],
    [DatabaseEngine.AURORA_MYSQL, '8.0.mysql_aurora.3.12.0', 128],
  ])('GIVEN %s %s WHEN the volume maximum is read THEN it is %d TiB', (engine, version, tib) => {
    expect(auroraVolumeMaxGiB(engine, version)).toBe(tib * 1024);
  });

  test('GIVEN tasks and a pool size WHEN planned THEN the connections are their product', () => {
    expect(planReplicatedDatabase({ load: { tasks: 12, poolSize: 20 } }).load.connections).toBe(240);
  });
});

describe('planReplicatedDatabase read replica durability', () => {
  const RDS = [DatabaseEngine.RDS_MYSQL, DatabaseEngine.RDS_POSTGRESQL];
  test.each(RDS)('GIVEN %s with readers WHEN planned THEN the replicas are protected and retained like the writer, and the notes say how to lower readers', (engine) => {
    const plan = planReplicatedDatabase({ engine, readers: 2 });
    expect(plan).toMatchObject({ deletionProtection: true, replicaDeletionProtection: true, replicaRemovalPolicy: RemovalPolicy.RETAIN });
    expect(replicatedDatabaseNotes(plan).join('\n')).toMatch(/read replicas are deletion-protected and retained: to lower readers, turn off/);
  });

  test.each(RDS)('GIVEN %s with disposableReadReplicas WHEN planned THEN only the replicas are unprotected and deleted, and the notes say so', (engine) => {
    const plan = planReplicatedDatabase({ engine, readers: 2, disposableReadReplicas: true });
    expect(plan).toMatchObject({
      deletionProtection: true, removalPolicy: RemovalPolicy.SNAPSHOT, replicaDeletionProtection: false, replicaRemovalPolicy: RemovalPolicy.DESTROY,
    });
    expect(replicatedDatabaseNotes(plan).join('\n')).toMatch(/read replicas are disposable \(disposableReadReplicas\)/);
  });

  test('GIVEN deletion protection off and removal DESTROY for the database WHEN planned THEN the replicas follow', () => {
    const plan = planReplicatedDatabase({
      engine: DatabaseEngine.RDS_MYSQL, readers: 1, deletionProtection: false, removalPolicy: RemovalPolicy.DESTROY,
    });
    expect(plan).toMatchObject({ replicaDeletionProtection: false, replicaRemovalPolicy: RemovalPolicy.DESTROY });
  });

  test('GIVEN Aurora WHEN planned THEN there are no replica durability fields, and disposableReadReplicas is refused', () => {
    const plan = planReplicatedDatabase({ readers: 2 });
    expect(plan.replicaDeletionProtection).toBeUndefined();
    expect(plan.replicaRemovalPolicy).toBeUndefined();
    expect(() => planReplicatedDatabase({ readers: 2, disposableReadReplicas: true })).toThrow(/disposableReadReplicas = true: must be unset with an Aurora engine/);
  });

  test.each([
    [RemovalPolicy.SNAPSHOT, RemovalPolicy.DESTROY], [RemovalPolicy.DESTROY, RemovalPolicy.DESTROY], [RemovalPolicy.RETAIN, RemovalPolicy.RETAIN],
  ])('GIVEN Aurora with removal policy %s WHEN planned THEN its instances (no data of their own) are removed as %s', (removalPolicy, expected) => {
    expect(planReplicatedDatabase({ readers: 1, removalPolicy }).clusterInstanceRemovalPolicy).toBe(expected);
  });

  test('GIVEN an RDS engine WHEN planned THEN there is no cluster instance removal policy', () => {
    expect(planReplicatedDatabase({ engine: DatabaseEngine.RDS_MYSQL, readers: 1 }).clusterInstanceRemovalPolicy).toBeUndefined();
  });
});

describe('planReplicatedDatabase parameter apply methods', () => {
  test.each([DatabaseEngine.AURORA_POSTGRESQL, DatabaseEngine.AURORA_MYSQL, DatabaseEngine.RDS_POSTGRESQL, DatabaseEngine.RDS_MYSQL])(
    'GIVEN %s defaults WHEN planned THEN every parameter of the block has an apply method, IMMEDIATE (all are dynamic)', (engine) => {
      const plan = planReplicatedDatabase({ engine });
      expect(Object.keys(plan.parameterApplyMethods)).toEqual(Object.keys(plan.parameters));
      expect(new Set(Object.values(plan.parameterApplyMethods))).toEqual(new Set([DatabaseParameterApplyMethod.IMMEDIATE]));
    });

  test('GIVEN a static and a dynamic user parameter WHEN planned THEN the static one waits for the reboot, the dynamic one applies at once', () => {
    const plan = planReplicatedDatabase({ parameters: { shared_preload_libraries: 'pg_stat_statements', work_mem: '65536' } });
    expect(plan.parameterApplyMethods).toEqual({
      'rds.force_ssl': DatabaseParameterApplyMethod.IMMEDIATE,
      'log_min_duration_statement': DatabaseParameterApplyMethod.IMMEDIATE,
      'shared_preload_libraries': DatabaseParameterApplyMethod.PENDING_REBOOT,
      'work_mem': DatabaseParameterApplyMethod.IMMEDIATE,
    });
  });
});

describe('planReplicatedDatabase validation', () => {
  test.each<[string, ReplicatedDatabaseOptions, string, string]>([
    ['an unknown class', { instanceClass: 'db.x1.huge' }, 'instanceClass', 'db.r7g.large, db.r7g.xlarge'],
    ['a class Aurora does not offer', { instanceClass: 'db.t4g.micro' }, 'instanceClass', 'for AURORA_POSTGRESQL'],
    ['a class RDS MySQL does not offer', { engine: DatabaseEngine.RDS_MYSQL, instanceClass: 'db.c7g.large' }, 'instanceClass', 'for RDS_MYSQL'],
    ['16 readers', { readers: 16 }, 'readers', 'an integer from 0 to 15'],
    ['1 AZ', { azCount: 1 }, 'azCount', 'an integer from 2 to 6'],
    ['3 days of backups', { backupRetentionDays: 3 }, 'backupRetentionDays', 'an integer from 7 to 35'],
    ['a PostgreSQL major only', { engineVersion: '16' }, 'engineVersion', 'major.minor'],
    ['PostgreSQL 12', { engineVersion: '12.22' }, 'engineVersion', 'from major 14 on'],
    ['a MySQL version on Aurora MySQL', { engine: DatabaseEngine.AURORA_MYSQL, engineVersion: '8.0.39' }, 'engineVersion', 'Aurora MySQL 3'],
    ['MySQL 5.7 on RDS', { engine: DatabaseEngine.RDS_MYSQL, engineVersion: '5.7.44' }, 'engineVersion', 'MySQL 8.0 or 8.4'],
    ['multiAz on Aurora', { multiAz: true }, 'multiAz', 'unset with Aurora'],
    ['auto scaling on RDS', { engine: DatabaseEngine.RDS_POSTGRESQL, readerAutoScaling: {} }, 'readerAutoScaling', 'unset with RDS engines'],
    ['minReaders unlike readers', { readers: 2, readerAutoScaling: { minReaders: 3 } }, 'readerAutoScaling.minReaders', 'equal to readers'],
    ['0 readers with auto scaling', { readers: 0, readerAutoScaling: {} }, 'readers', 'at least 1 with readerAutoScaling'],
    ['max below min', { readers: 4, readerAutoScaling: { maxReaders: 2 } }, 'readerAutoScaling.maxReaders', 'at least the minimum readers (4)'],
    ['a CPU target with CONNECTIONS', { readerAutoScaling: { metric: ReaderScalingMetric.CONNECTIONS, targetCpuUtilization: 0.5 } }, 'readerAutoScaling.targetCpuUtilization', 'unset with metric CONNECTIONS'],
    ['storage on Aurora', { allocatedStorageGiB: 100 }, 'allocatedStorageGiB', 'unset with Aurora'],
    ['a ceiling too close', { engine: DatabaseEngine.RDS_POSTGRESQL, allocatedStorageGiB: 1000, maxAllocatedStorageGiB: 1050 }, 'maxAllocatedStorageGiB', '>= 1,100 GiB'],
    ['10 GiB on RDS', { engine: DatabaseEngine.RDS_POSTGRESQL, allocatedStorageGiB: 10 }, 'allocatedStorageGiB', 'an integer from 20 to 65,536'],
    ['the world as client', { allowedCidrs: ['0.0.0.0/0'] }, 'allowedCidrs[0]', 'never open to every address'],
    ['a client that is no block name', { allowedClients: ['API!'] }, 'allowedClients[0]', 'a block name'],
    ['TLS through parameters', { parameters: { 'rds.force_ssl': '0' } }, 'parameters.rds.force_ssl', 'set through requireTls'],
    ['a MySQL log on PostgreSQL', { cloudwatchLogsExports: ['slowquery'] }, 'cloudwatchLogsExports[0]', 'postgresql, instance, iam-db-auth-error'],
    ['a reserved user', { credentials: { username: 'rdsadmin' } }, 'credentials.username', 'not starting with "rds"'],
    ['a 0-day rotation', { credentials: { rotationDays: 0 } }, 'credentials.rotationDays', 'an integer from 1 to 1,000'],
    ['a reserved database', { databaseName: 'postgres' }, 'databaseName', 'not a name the engine reserves'],
    ['10 days of Performance Insights', { performanceInsightsRetentionDays: 10 }, 'performanceInsightsRetentionDays', '7, a multiple of 31'],
    ['a 7 s monitoring interval', { enhancedMonitoringIntervalSeconds: 7 }, 'enhancedMonitoringIntervalSeconds', 'one of 0, 1, 5, 10, 15, 30, 60'],
    ['a port below 1150', { port: 80 }, 'port', 'an integer from 1,150 to 65,535'],
    ['a log retention CloudWatch Logs refuses', { logRetentionDays: 100 }, 'logRetentionDays', 'one of 1, 3, 5, 7, 14, 30'],
    ['a log retention of 0 (never expire)', { logRetentionDays: 0 }, 'logRetentionDays', '3288, 3653'],
    ['a key without encryption', { storageEncrypted: false, kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abc' }, 'kmsKeyArn', 'unset with storageEncrypted false'],
    ['connections and tasks', { load: { connections: 100, tasks: 2, poolSize: 5 } }, 'load.connections', 'unset with load.tasks'],
    ['tasks without a pool size', { load: { tasks: 2 } }, 'load.poolSize', 'set together with load.tasks'],
    ['negative reads', { load: { readsPerSecond: -1 } }, 'load.readsPerSecond', 'a number from 0 to'],
    ['a zero per-vCPU capacity', { load: { writesPerSecondPerVcpu: 0 } }, 'load.writesPerSecondPerVcpu', 'greater than 0'],
    ['an unknown engine', { engine: 'ORACLE' as DatabaseEngine }, 'engine', 'one of AURORA_POSTGRESQL, AURORA_MYSQL, RDS_POSTGRESQL, RDS_MYSQL'],
    ['a bad name', { name: 'Orders_DB' }, 'name', 'lower-case letters'],
  ])('GIVEN %s WHEN planned THEN the error names the prop, the value and what is allowed', (_what, options, prop, allowed) => {
    const issues = issuesOf(() => planReplicatedDatabase(options));
    const issue = issues.find((i) => i.prop === prop);
    expect(issue).toBeDefined();
    expect(issue!.allowed).toContain(allowed);
    expect(issue!.value).not.toBe('');
  });

  test('GIVEN several bad props WHEN planned THEN every failure comes in one ValidationError', () => {
    const issues = issuesOf(() => planReplicatedDatabase({ readers: 99, azCount: 9, backupRetentionDays: 1, instanceClass: 'db.nope' }));
    expect(issues.map((i) => i.prop)).toEqual(expect.arrayContaining(['readers', 'azCount', 'backupRetentionDays', 'instanceClass']));
    expect(issues.every((i) => i.path === 'db')).toBe(true);
  });

  test('GIVEN arbitrary options WHEN planned THEN the result is a plan or a ValidationError, never another error', () => {
    const anything = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.constant(undefined), fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }));
    const maybe = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof(fc.constant(undefined), a);
    const options = fc.record({
      name: maybe(fc.oneof(fc.constantFrom('db', 'orders'), anything)),
      engine: maybe(fc.oneof(fc.constantFrom(...Object.values(DatabaseEngine)), anything)),
      engineVersion: maybe(fc.oneof(fc.constantFrom('16.13', '8.4.10', '8.0.mysql_aurora.3.12.0', '13.1'), anything)),
      instanceClass: maybe(fc.oneof(fc.constantFrom(...catalog.knownDbInstances(catalog.DbEngineFamily.MYSQL), 'db.x'), anything)),
      readers: maybe(fc.oneof(fc.integer({ min: -1, max: 17 }), anything)),
      azCount: maybe(fc.oneof(fc.integer({ min: 0, max: 7 }), anything)),
      readerAutoScaling: maybe(fc.oneof(fc.record({
        minReaders: maybe(fc.oneof(fc.integer({ min: -1, max: 16 }), anything)),
        maxReaders: maybe(fc.oneof(fc.integer({ min: -1, max: 16 }), anything)),
        metric: maybe(fc.oneof(fc.constantFrom(...Object.values(ReaderScalingMetric)), anything)),
        targetCpuUtilization: maybe(anything),
        targetConnectionsPerReader: maybe(anything),
      }, { requiredKeys: [] }), anything)),
      multiAz: maybe(anything),
      allocatedStorageGiB: maybe(fc.oneof(fc.integer({ min: 0, max: 70_000 }), anything)),
      maxAllocatedStorageGiB: maybe(fc.oneof(fc.integer({ min: 0, max: 70_000 }), anything)),
      credentials: maybe(fc.oneof(fc.record({
        username: maybe(anything), rotation: maybe(anything), rotationDays: maybe(anything),
      }, { requiredKeys: [] }), anything)),
      parameters: maybe(anything),
      cloudwatchLogsExports: maybe(anything),
      allowedCidrs: maybe(anything),
      allowedClients: maybe(anything),
      databaseName: maybe(anything),
      port: maybe(anything),
      sizing: maybe(fc.oneof(fc.record({
        targetUtilization: maybe(anything), maxUtilizationOnAzLoss: maybe(anything),
      }, { requiredKeys: [] }), anything)),
      load: maybe(fc.oneof(fc.record({
        readsPerSecond: maybe(fc.oneof(fc.double({ min: -10, max: 1e6 }), anything)),
        writesPerSecond: maybe(fc.oneof(fc.double({ min: -10, max: 1e5 }), anything)),
        storageGiB: maybe(anything),
        connections: maybe(anything),
        tasks: maybe(anything),
        poolSize: maybe(anything),
        readsPerSecondPerVcpu: maybe(anything),
        writesPerSecondPerVcpu: maybe(anything),
      }, { requiredKeys: [] }), anything)),
    }, { requiredKeys: [] });
    fc.assert(fc.property(options, (o) => {
      try {
        const plan = planReplicatedDatabase(o as ReplicatedDatabaseOptions);
        expect(plan.instances).toHaveLength(plan.readers + 1);
        sizeReplicatedDatabase(plan);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        expect(e.issues.length).toBeGreaterThan(0);
      }
    }), { numRuns: 300 });
  });
});

describe('sizeReplicatedDatabase', () => {
  const plan3 = (o: ReplicatedDatabaseOptions = {}): ReplicatedDatabasePlan => planReplicatedDatabase({ readers: 3, ...o });

  test('GIVEN 3 Aurora readers on 3 AZs WHEN the writer\'s AZ is the worst THEN its reader and the promoted one are both counted lost', () => {
    // Readers in AZs 2, 3, 1; the writer in AZ 1: losing AZ 1 loses reader-3 and promotes another.
    const rows = sizeReplicatedDatabase(plan3({ load: { readsPerSecond: 400 } }));
    const loss = row(rows, 'readers', Scenario.AZ_LOSS);
    expect(loss.capacity).toBe(570);
    expect(loss.reason).toContain('with AZ 1 lost (1 reader, and one more promoted to writer), 1 reader left');
    expect(row(rows, 'readers', Scenario.NORMAL).capacity).toBe(3 * 570);
  });

  test('GIVEN the same readers on RDS WHEN an AZ is lost THEN no reader is promoted: the Multi-AZ standby takes over', () => {
    const rows = sizeReplicatedDatabase(plan3({ engine: DatabaseEngine.RDS_POSTGRESQL, load: { readsPerSecond: 400 } }));
    expect(row(rows, 'readers', Scenario.AZ_LOSS).capacity).toBe(2 * 570);
  });

  test('GIVEN one reader WHEN its AZ is lost THEN reads fall back to the writer\'s spare capacity beside its writes', () => {
    // Writer db.r7g.large: 570 reads/s, 200 writes/s. At the 0.9 AZ-loss bound, 90 writes/s leave 570 x (1 - 90/180) = 285.
    const rows = sizeReplicatedDatabase(planReplicatedDatabase({ readers: 1, load: { readsPerSecond: 100, writesPerSecond: 90 } }));
    const loss = row(rows, 'readers', Scenario.AZ_LOSS);
    expect(loss.capacity).toBeCloseTo(285, 6);
    expect(loss.reason).toContain('reads fall back to the writer');
  });

  test('GIVEN no reader WHEN sized THEN reads land on the writer, the single point of failure WARNs, and the fix adds readers', () => {
    const rows = sizeReplicatedDatabase(planReplicatedDatabase({ readers: 0, load: { readsPerSecond: 500, writesPerSecond: 20 } }));
    const reads = row(rows, 'writer (reads)', Scenario.NORMAL);
    // 570 x (1 - 20 / (0.7 x 200)) = 488.6 reads/s to spare: 500 do not fit.
    expect(reads.capacity).toBeCloseTo(570 * (1 - 20 / 140), 6);
    expect(reads.verdict).toBe(Verdict.FAIL);
    // One fix for the reads: 2 readers carry them in normal operation, but with one of them lost the
    // survivors and the writer's spare fall short; 4 pass both rows (the per-resource fix).
    expect(reads.fix).toBe('add >= 4 readers of db.r7g.large (readers), so reads leave the writer');
    expect(rows.some((r) => r.resource === 'writer (reads)' && r.scenario === Scenario.AZ_LOSS)).toBe(false);
    expect(row(rows, 'read failover', Scenario.LIMIT).verdict).toBe(Verdict.WARN);
    // Applying the fix makes both reads rows pass; one reader less leaves one short.
    const at = (n: number) => sizeReplicatedDatabase(planReplicatedDatabase({ readers: n, load: { readsPerSecond: 500, writesPerSecond: 20 } }))
      .filter((r) => r.resource === 'readers');
    expect(at(4).map((r) => r.verdict)).toEqual([Verdict.PASS, Verdict.PASS]);
    expect(at(3).some((r) => r.verdict !== Verdict.PASS)).toBe(true);
    expect(row(at(2), 'readers', Scenario.NORMAL).verdict).toBe(Verdict.PASS);
  });

  test('GIVEN too many writes WHEN sized THEN the fix is the smallest size of the family that carries them', () => {
    // 500 writes/s at 100 per vCPU and 0.63 of the target: 8 vCPU (2xlarge, 504) is the smallest that passes.
    const rows = sizeReplicatedDatabase(planReplicatedDatabase({ instanceClass: 'db.r7g.large', load: { writesPerSecond: 500 } }));
    const w = row(rows, 'writer', Scenario.NORMAL);
    expect(w.verdict).toBe(Verdict.FAIL);
    expect(w.fix).toBe('use db.r7g.2xlarge (8 vCPU, 64 GiB): the smallest size of the r7g family whose writer carries 500 writes/s');
    expect(rows.some((r) => r.resource === 'writer' && r.scenario === Scenario.AZ_LOSS)).toBe(false);
  });

  test('GIVEN more writes than the largest size carries WHEN sized THEN the fix says to shard', () => {
    const rows = sizeReplicatedDatabase(planReplicatedDatabase({ load: { writesPerSecond: 1e6 } }));
    expect(row(rows, 'writer', Scenario.NORMAL).fix).toContain('shard the writes (ShardedDatabase)');
  });

  test('GIVEN pools above max_connections WHEN sized THEN the fix is the next size that admits them, or RDS Proxy', () => {
    // db.r7g.large Aurora PostgreSQL: AWS's table gives db.r6g.large (same 16 GiB) 1,722 (the memory formula said 1,802).
    const large = (connections: number): ReplicatedDatabasePlan => planReplicatedDatabase({ instanceClass: 'db.r7g.large', load: { connections } });
    const rows = sizeReplicatedDatabase(large(2000));
    const c = row(rows, 'writer connections', Scenario.LIMIT);
    expect(c.capacity).toBe(1722);
    expect(c.demand).toBe(2010);
    expect(c.verdict).toBe(Verdict.FAIL);
    expect(fixClass(c.fix)).toBe('db.r7g.xlarge');
    expect(c.fix).toContain('shrink the pools to <= 1,539 client connections');
    // 1,539 + 10 = 1,549 <= 0.9 x 1,722 = 1,549.8; one more does not pass.
    expect(row(sizeReplicatedDatabase(large(1539)), 'writer connections', Scenario.LIMIT).verdict).toBe(Verdict.PASS);
    expect(row(sizeReplicatedDatabase(large(1540)), 'writer connections', Scenario.LIMIT).verdict).not.toBe(Verdict.PASS);
    // No class admits 6,000: the fix is the proxy (a plan field), which passes once applied.
    const capped = sizeReplicatedDatabase(large(6000));
    expect(row(capped, 'writer connections', Scenario.LIMIT).fix).toMatch(/^enable the proxy \(proxy: \{ enabled: true \}\)/);
    const proxied = planReplicatedDatabase({ instanceClass: 'db.r7g.large', proxy: {}, load: { connections: 6000 } });
    expect(row(sizeReplicatedDatabase(proxied), 'writer connections', Scenario.LIMIT).verdict).toBe(Verdict.PASS);
  });

  test('GIVEN RDS storage above the autoscaling ceiling WHEN sized THEN the fix is the exact ceiling', () => {
    const plan = planReplicatedDatabase({ engine: DatabaseEngine.RDS_POSTGRESQL, allocatedStorageGiB: 100, maxAllocatedStorageGiB: 1000 });
    const s = row(sizeReplicatedDatabase(plan, { storageGiB: 1800 }), 'storage', Scenario.LIMIT);
    expect(s.verdict).toBe(Verdict.FAIL);
    expect(s.fix).toBe('set maxAllocatedStorageGiB >= 2,000');
    const at = (g: number): Verdict => row(sizeReplicatedDatabase(planReplicatedDatabase({
      engine: DatabaseEngine.RDS_POSTGRESQL, allocatedStorageGiB: 100, maxAllocatedStorageGiB: g,
    }), { storageGiB: 1800 }), 'storage', Scenario.LIMIT).verdict;
    expect(at(2000)).toBe(Verdict.PASS);
    expect(at(1999)).not.toBe(Verdict.PASS);
    const huge = row(sizeReplicatedDatabase(plan, { storageGiB: 70_000 }), 'storage', Scenario.LIMIT);
    expect(huge.fix).toContain('use Aurora, or shard the data');
  });

  test('GIVEN Aurora storage beyond the cluster volume WHEN sized THEN the row fails and says to shard', () => {
    const s = row(sizeReplicatedDatabase(planReplicatedDatabase({ engineVersion: '16.8' }), { storageGiB: 130 * 1024 }), 'storage', Scenario.LIMIT);
    expect(s.capacity).toBe(128 * 1024);
    expect(s.verdict).toBe(Verdict.FAIL);
    expect(s.fix).toContain('ShardedDatabase');
  });

  test('GIVEN the chain\'s demand WHEN sized THEN it replaces the plan\'s load, and extra AZ-loss reads only weigh on the AZ_LOSS row', () => {
    const plan = plan3({ load: { readsPerSecond: 10 } });
    const rows = sizeReplicatedDatabase(plan, { readsPerSecond: 600, extraReadsPerSecondOnAzLoss: 200 });
    expect(row(rows, 'readers', Scenario.NORMAL).demand).toBe(600);
    expect(row(rows, 'readers', Scenario.AZ_LOSS).demand).toBe(800);
    expect(row(rows, 'readers', Scenario.AZ_LOSS).reason).toContain('600 + 200 that only reach the database on an AZ loss');
  });

  test('GIVEN quotas WHEN sized THEN the replica quota counts the auto-scaling maximum and close to it WARNs', () => {
    const rows = sizeReplicatedDatabase(planReplicatedDatabase({ readers: 2, readerAutoScaling: { maxReaders: 14 } }));
    expect(row(rows, REPLICA_QUOTA_RESOURCE, Scenario.LIMIT)).toMatchObject({ demand: 14, capacity: 15, verdict: Verdict.WARN });
    expect(row(rows, DB_INSTANCES_PER_REGION_RESOURCE, Scenario.LIMIT)).toMatchObject({ demand: 15, capacity: 40, verdict: Verdict.PASS });
    expect(row(rows, 'readers', Scenario.NORMAL).reason).toContain('counts only the minimum');
  });

  test('GIVEN RDS without Multi-AZ, or a burstable class WHEN sized THEN a WARN rule says what the check relies on', () => {
    const rds = sizeReplicatedDatabase(planReplicatedDatabase({ engine: DatabaseEngine.RDS_MYSQL, multiAz: false }));
    expect(row(rds, 'writer', Scenario.LIMIT).verdict).toBe(Verdict.WARN);
    const t4g = sizeReplicatedDatabase(planReplicatedDatabase({ instanceClass: 'db.t4g.medium' }));
    expect(row(t4g, 'instance class', Scenario.LIMIT).verdict).toBe(Verdict.WARN);
  });

  test('GIVEN a template topology with a class the catalog does not know WHEN sized THEN one FAIL row says so', () => {
    const plan = planReplicatedDatabase();
    const rows = sizeReplicatedDatabase(plan, {}, { ...replicatedDatabaseTopologyOf(plan), instanceClass: 'db.z9.huge' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ resource: 'instance class', verdict: Verdict.FAIL });
  });

  test('GIVEN readers beyond the quota needed WHEN sized THEN the fix offers the smallest larger class that carries the reads', () => {
    const rows = sizeReplicatedDatabase(planReplicatedDatabase({ readers: 3, load: { readsPerSecond: 20_000 } }));
    const normal = row(rows, 'readers', Scenario.NORMAL);
    expect(normal.fix).toContain('above the replica quota (15)');
    const cls = fixClass(normal.fix);
    const ok = (c: string): Verdict => row(sizeReplicatedDatabase(
      planReplicatedDatabase({ readers: 3, instanceClass: c, load: { readsPerSecond: 20_000 } })),
    'readers', Scenario.NORMAL).verdict;
    expect(ok(cls)).toBe(Verdict.PASS);
    const before = largerClasses('db.r7g.large', catalog.DbEngineFamily.AURORA_POSTGRESQL).map((s) => s.name);
    for (const c of before.slice(0, before.indexOf(cls))) expect(ok(c)).not.toBe(Verdict.PASS);
  });

  // ---- properties ----------------------------------------------------------------------------
  const readersArb = fc.integer({ min: 0, max: 12 });
  const azArb = fc.integer({ min: 2, max: 6 });
  const readsArb = fc.double({ min: 0, max: 20_000, noNaN: true });
  const writesArb = fc.double({ min: 0, max: 2_000, noNaN: true });
  const engineArb = fc.constantFrom(...Object.values(DatabaseEngine));

  test('GIVEN any design WHEN demand grows THEN no verdict improves', () => {
    const connArb = fc.integer({ min: 0, max: 6000 });
    fc.assert(fc.property(engineArb, readersArb, azArb, readsArb, readsArb, writesArb, writesArb, connArb, connArb,
      (engine, readers, azCount, r1, r2, w1, w2, c1, c2) => {
        const plan = planReplicatedDatabase({ engine, readers, azCount });
        const lo = sizeReplicatedDatabase(plan,
          { readsPerSecond: Math.min(r1, r2), writesPerSecond: Math.min(w1, w2), connections: Math.min(c1, c2) });
        const hi = sizeReplicatedDatabase(plan,
          { readsPerSecond: Math.max(r1, r2), writesPerSecond: Math.max(w1, w2), connections: Math.max(c1, c2) });
        expect(lo.length).toBe(hi.length);
        lo.forEach((r, k) => expect(RANK[hi[k].verdict]).toBeGreaterThanOrEqual(RANK[r.verdict]));
      }), { numRuns: 200 });
  });

  test('GIVEN any demand WHEN readers are added THEN the verdict never gets worse', () => {
    fc.assert(fc.property(engineArb, readersArb, readersArb, azArb, readsArb, writesArb, (engine, a, b, azCount, reads, writes) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      const size = (readers: number): number => worst(sizeReplicatedDatabase(planReplicatedDatabase({ engine, readers, azCount }),
        { readsPerSecond: reads, writesPerSecond: writes }));
      expect(size(hi)).toBeLessThanOrEqual(size(lo));
    }), { numRuns: 200 });
  });

  test('GIVEN a failing reads row WHEN the readers fix is applied THEN every reads row passes, and one reader less leaves one short (per resource)', () => {
    fc.assert(fc.property(engineArb, fc.integer({ min: 1, max: 6 }), azArb, fc.double({ min: 100, max: 6000, noNaN: true }),
      fc.double({ min: 0, max: 150, noNaN: true }), fc.constantFrom(Scenario.NORMAL, Scenario.AZ_LOSS),
      (engine, readers, azCount, reads, writes, scenario) => {
        // The reads rows a reader count decides: normal, and with an AZ lost on more than one AZ (one AZ: a single point of failure whatever the count).
        const readRows = (n: number): SizingRow[] => sizeReplicatedDatabase(planReplicatedDatabase({ engine, readers: n, azCount }),
          { readsPerSecond: reads, writesPerSecond: writes })
          .filter((x) => (x.resource === 'readers' || x.resource === 'writer (reads)') && (azCount > 1 || x.scenario === Scenario.NORMAL));
        const r = readRows(readers).find((x) => x.scenario === scenario);
        // beyond the replica quota the change is a class, named per row: no count to check
        if (!r || r.verdict === Verdict.PASS || readRows(readers).some((x) => x.verdict !== Verdict.PASS && !/^needs >= [\d,]+ readers of [^,]*, has /.test(x.fix ?? ''))) return;
        const needed = neededCount(r.fix);
        expect(readRows(readers).filter((x) => x.verdict !== Verdict.PASS).every((x) => x.fix === r.fix)).toBe(true);
        expect(readRows(needed).every((x) => x.verdict === Verdict.PASS)).toBe(true);
        expect(needed - 1).toBeGreaterThanOrEqual(1);
        expect(readRows(needed - 1).some((x) => x.verdict !== Verdict.PASS)).toBe(true);
      }), { numRuns: 200 });
  });

  test('GIVEN a failing writer WHEN the fix\'s class is applied THEN it passes, and every smaller size of the family does not', () => {
    const engines = fc.constantFrom(DatabaseEngine.AURORA_POSTGRESQL, DatabaseEngine.RDS_MYSQL);
    fc.assert(fc.property(engines, fc.double({ min: 1, max: 5000, noNaN: true }), (engine, writes) => {
      const at = (instanceClass: string): SizingRow => row(sizeReplicatedDatabase(planReplicatedDatabase({ engine, instanceClass }),
        { writesPerSecond: writes }), 'writer', Scenario.NORMAL);
      const r = at('db.r7g.large');
      if (r.verdict === Verdict.PASS || (r.fix ?? '').includes('no size')) return;
      const cls = fixClass(r.fix);
      expect(at(cls).verdict).toBe(Verdict.PASS);
      const sizes = ['db.r7g.large', ...largerClasses('db.r7g.large', catalog.DbEngineFamily.AURORA_POSTGRESQL).map((s) => s.name)];
      for (const smaller of sizes.slice(0, sizes.indexOf(cls))) expect(at(smaller).verdict).not.toBe(Verdict.PASS);
    }), { numRuns: 150 });
  });

  test('GIVEN failing connections WHEN the fix\'s class is applied THEN they pass, and the size before does not', () => {
    fc.assert(fc.property(fc.constantFrom(...Object.values(DatabaseEngine)), fc.integer({ min: 1000, max: 20_000 }), (engine, connections) => {
      const at = (instanceClass: string): SizingRow => row(sizeReplicatedDatabase(planReplicatedDatabase({ engine, instanceClass }),
        { connections }), 'writer connections', Scenario.LIMIT);
      const r = at('db.r7g.large');
      if (r.verdict === Verdict.PASS || (r.fix ?? '').startsWith('no size')) return;
      if ((r.fix ?? '').startsWith('enable the proxy')) {
        // no class admits them: the proxy does
        expect(row(sizeReplicatedDatabase(planReplicatedDatabase({ engine, instanceClass: 'db.r7g.large', proxy: {} }), { connections }),
          'writer connections', Scenario.LIMIT).verdict).toBe(Verdict.PASS);
        return;
      }
      const cls = fixClass(r.fix);
      expect(at(cls).verdict).toBe(Verdict.PASS);
      const sizes = ['db.r7g.large', ...largerClasses('db.r7g.large', catalog.DbEngineFamily.AURORA_POSTGRESQL).map((s) => s.name)];
      expect(at(sizes[sizes.indexOf(cls) - 1]).verdict).not.toBe(Verdict.PASS);
    }), { numRuns: 100 });
  });
});

describe('defaults that follow the load', () => {
  const R7G = ['db.r7g.large', ...largerClasses('db.r7g.large', catalog.DbEngineFamily.AURORA_POSTGRESQL).map((s) => s.name)];
  const engineArb = fc.constantFrom(...Object.values(DatabaseEngine));

  test('GIVEN heavy writes and no class WHEN planned THEN the class is the smallest r7g whose writer carries them, recorded as assumed', () => {
    // 500 writes/s at 100 per vCPU under 0.7 x 0.9: 4 vCPU carry 252, 8 vCPU 504 -> db.r7g.2xlarge.
    const plan = planReplicatedDatabase({ load: { writesPerSecond: 500 } });
    expect(plan.instanceClass).toBe('db.r7g.2xlarge');
    expect(plan.instances.every((i) => i.instanceClass === 'db.r7g.2xlarge')).toBe(true);
    const a = plan.assumed.find((x) => x.prop === 'db.instanceClass');
    expect(a?.value).toBe('db.r7g.2xlarge');
    expect(a?.reason).toContain('the smallest r7g size');
    expect(a?.reason).toContain('500 writes/s on the writer');
    expect(row(sizeReplicatedDatabase(plan), 'writer', Scenario.NORMAL).verdict).toBe(Verdict.PASS);
  });

  test('GIVEN heavy writes and an explicit class WHEN planned THEN the class stays as given and the writer row FAILs with the exact fix', () => {
    const plan = planReplicatedDatabase({ instanceClass: 'db.r7g.large', load: { writesPerSecond: 500 } });
    expect(plan.instanceClass).toBe('db.r7g.large');
    expect(plan.assumed.some((a) => a.prop === 'db.instanceClass')).toBe(false);
    expect(row(sizeReplicatedDatabase(plan), 'writer', Scenario.NORMAL).fix)
      .toBe('use db.r7g.2xlarge (8 vCPU, 64 GiB): the smallest size of the r7g family whose writer carries 500 writes/s');
  });

  test('GIVEN pools and no class WHEN planned THEN the class is the smallest whose max_connections admits them', () => {
    // Aurora PostgreSQL, AWS's table (db.r6g rows of the same memory): large 1,722, xlarge 3,479. 2,000 + 10 admin <= 0.9 x 3,479.
    const plan = planReplicatedDatabase({ load: { tasks: 100, poolSize: 20 } });
    expect(plan.instanceClass).toBe('db.r7g.xlarge');
    const c = row(sizeReplicatedDatabase(plan), 'writer connections', Scenario.LIMIT);
    expect(c).toMatchObject({ demand: 2010, capacity: 3479, verdict: Verdict.PASS });
  });

  test('GIVEN reads that need more than 15 readers of the smallest size WHEN planned THEN the class grows and readers are sized for it', () => {
    // db.r7g.large readers carry 570 reads/s: 20,000 reads/s need more than 15 of them with an AZ lost.
    const plan = planReplicatedDatabase({ load: { readsPerSecond: 20_000 } });
    expect(plan.instanceClass).not.toBe('db.r7g.large');
    expect(plan.readers).toBeLessThanOrEqual(15);
    const rows = sizeReplicatedDatabase(plan);
    expect(row(rows, 'readers', Scenario.NORMAL).verdict).toBe(Verdict.PASS);
    expect(row(rows, 'readers', Scenario.AZ_LOSS).verdict).toBe(Verdict.PASS);
    // One size smaller would need more readers than the quota.
    const smaller = R7G[R7G.indexOf(plan.instanceClass) - 1];
    const pinned = planReplicatedDatabase({ instanceClass: smaller, load: { readsPerSecond: 20_000 } });
    expect(pinned.readers).toBe(15);
    expect(row(sizeReplicatedDatabase(pinned), 'readers', Scenario.AZ_LOSS).verdict).not.toBe(Verdict.PASS);
  });

  test('GIVEN pinned readers WHEN the reads outgrow them THEN the class does not follow the reads: the readers row says what to add', () => {
    const plan = planReplicatedDatabase({ readers: 2, load: { readsPerSecond: 20_000 } });
    expect(plan.instanceClass).toBe('db.r7g.large');
    expect(row(sizeReplicatedDatabase(plan), 'readers', Scenario.NORMAL).verdict).toBe(Verdict.FAIL);
  });

  test('GIVEN writes no r7g size carries WHEN planned THEN the largest is taken, said so, and the writer row says to shard', () => {
    const plan = planReplicatedDatabase({ load: { writesPerSecond: 50_000 } });
    expect(plan.instanceClass).toBe(R7G[R7G.length - 1]);
    expect(plan.assumed.find((a) => a.prop === 'db.instanceClass')?.reason).toContain('no r7g size carries');
    expect(row(sizeReplicatedDatabase(plan), 'writer', Scenario.NORMAL).fix).toContain('shard the writes (ShardedDatabase)');
  });

  test('GIVEN any writes and pools WHEN the class is defaulted THEN its writer and connections rows pass, and the size before does not carry both', () => {
    const writesArb = fc.double({ min: 0, max: 8000, noNaN: true });
    fc.assert(fc.property(engineArb, writesArb, fc.integer({ min: 0, max: 6000 }), (engine, writes, connections) => {
      const plan = planReplicatedDatabase({ engine, load: { writesPerSecond: writes, connections } });
      const rows = sizeReplicatedDatabase(plan);
      const ok = (r: SizingRow): boolean => r.verdict === Verdict.PASS;
      const carried = ok(row(rows, 'writer', Scenario.NORMAL)) && ok(row(rows, 'writer connections', Scenario.LIMIT));
      const i = R7G.indexOf(plan.instanceClass);
      if (!carried) {
        expect(i).toBe(R7G.length - 1); // nothing carries it: the largest, and the rows say so
        return;
      }
      if (i === 0) return;
      const before = sizeReplicatedDatabase(planReplicatedDatabase({
        engine, instanceClass: R7G[i - 1], load: { writesPerSecond: writes, connections },
      }));
      expect(ok(row(before, 'writer', Scenario.NORMAL)) && ok(row(before, 'writer connections', Scenario.LIMIT))).toBe(false);
    }), { numRuns: 150 });
  });

  test('GIVEN any demand WHEN the class grows THEN no verdict gets worse', () => {
    fc.assert(fc.property(engineArb, fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }),
      fc.double({ min: 0, max: 30_000, noNaN: true }), fc.double({ min: 0, max: 3000, noNaN: true }), fc.integer({ min: 0, max: 8000 }),
      (engine, readers, a, b, reads, writes, connections) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const at = (k: number): SizingRow[] => sizeReplicatedDatabase(planReplicatedDatabase({ engine, readers, instanceClass: R7G[k] }),
          { readsPerSecond: reads, writesPerSecond: writes, connections });
        const small = at(lo);
        const big = at(hi);
        expect(big.length).toBe(small.length);
        small.forEach((r, k) => expect(RANK[big[k].verdict]).toBeLessThanOrEqual(RANK[r.verdict]));
      }), { numRuns: 150 });
  });
});

describe('hand-computed sizing (SIZING-MODEL)', () => {
  test('GIVEN 4 Aurora readers on 3 AZs WHEN AZ 2 is lost THEN 2 readers are lost, counted from placement, not the average', () => {
    // Readers in AZs 2, 3, 1, 2 ([1, 2, 1] per AZ); the writer in AZ 1. Losing AZ 2 leaves 2 readers (1,140 reads/s);
    // losing AZ 1 loses one reader and promotes another: also 2 left. 1,000 reads/s on 1,140 = 87.7 %, under 90 % but within its WARN margin.
    const rows = sizeReplicatedDatabase(planReplicatedDatabase({ readers: 4, load: { readsPerSecond: 1000 } }));
    const loss = row(rows, 'readers', Scenario.AZ_LOSS);
    expect(loss.capacity).toBe(2 * 570);
    expect(loss.utilization).toBeCloseTo(1000 / 1140, 9);
    expect(loss.verdict).toBe(Verdict.WARN);
    expect(row(rows, 'readers', Scenario.NORMAL)).toMatchObject({ capacity: 4 * 570, verdict: Verdict.PASS });
  });

  test('GIVEN writes on a 4xlarge writer WHEN sized THEN demand / (100 x 16 vCPU) against 70 %', () => {
    const w = row(sizeReplicatedDatabase(planReplicatedDatabase({ instanceClass: 'db.r7g.4xlarge' }), { writesPerSecond: 1000 }), 'writer', Scenario.NORMAL);
    expect(w).toMatchObject({ demand: 1000, capacity: 1600, verdict: Verdict.PASS });
    expect(w.utilization).toBeCloseTo(0.625, 9);
  });

  test.each([
    // Aurora: AWS's per-class tables (db.r7g takes the db.r6g row of the same memory); RDS: the memory formulas.
    [DatabaseEngine.AURORA_POSTGRESQL, 'db.r7g.xlarge', 3479],
    [DatabaseEngine.RDS_POSTGRESQL, 'db.r7g.16xlarge', 5000],
    [DatabaseEngine.RDS_MYSQL, 'db.r7g.large', Math.floor((16 * 2 ** 30) / 12582880)],
    [DatabaseEngine.AURORA_MYSQL, 'db.r7g.large', 1000],
  ])('GIVEN %s on %s WHEN connections are sized THEN max_connections is %d by the engine\'s table or formula', (engine, instanceClass, max) => {
    const c = row(sizeReplicatedDatabase(planReplicatedDatabase({ engine, instanceClass })), 'writer connections', Scenario.LIMIT);
    expect(c.capacity).toBe(max);
  });

  test('GIVEN Aurora PostgreSQL 16.13 WHEN storage is sized THEN the bound is the 256 TiB volume', () => {
    const s = row(sizeReplicatedDatabase(planReplicatedDatabase(), { storageGiB: 200 * 1024 }), 'storage', Scenario.LIMIT);
    expect(s).toMatchObject({ capacity: 256 * 1024, verdict: Verdict.PASS });
  });
});

describe('limits from the catalog', () => {
  test.each<[string, ReplicatedDatabaseOptions, string, string]>([
    ['36 days of backups', { backupRetentionDays: 36 }, 'backupRetentionDays', `an integer from 7 to ${catalog.QUOTAS.rds.backupRetentionMaxDays.value} days`],
    ['6 days of backups', { backupRetentionDays: 6 }, 'backupRetentionDays', 'at least 7'],
    ['a port above 65,535', { port: 70_000 }, 'port', `an integer from 1,150 to ${(catalog.QUOTAS.rds.portMax.value).toLocaleString('en-US')}`],
    ['a port of 1,149', { port: 1149 }, 'port', 'an integer from 1,150'],
  ])('GIVEN %s WHEN planned THEN the bound named is the catalog\'s', (_what, options, prop, allowed) => {
    const issue = issuesOf(() => planReplicatedDatabase(options)).find((i) => i.prop === prop);
    expect(issue?.allowed).toContain(allowed);
  });

  test('GIVEN the catalog WHEN the RDS bounds are read THEN each has a source, and the confirmed ones were read today', () => {
    for (const q of [catalog.QUOTAS.rds.backupRetentionMaxDays, catalog.QUOTAS.rds.portMin, catalog.QUOTAS.rds.portMax]) {
      expect(q.source).toMatchObject({ read: '2026-11-24', confirmed: true });
    }
    expect(planReplicatedDatabase({ backupRetentionDays: 35, port: 65_535 })).toMatchObject({ backupRetentionDays: 35, port: 65_535 });
  });
});
