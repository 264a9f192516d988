import { proxyFit, resolveProxy } from './proxy';
import { checkServerlessV2, resolveServerlessV2 } from './serverless';
import { dbMaxConnections, defaultServerlessV2MaxAcu, serverlessV2Spec } from './serverless-internal';
import { classCarries, ClassFitInput, defaultInstanceClass, readerAzs, readerQuota, readersNeeded, safeSizingPolicy } from './sizing';
import { Assumptions } from '../../assumptions';
import * as catalog from '../../catalog';
import { checkPlanInputs, PLAN_FORMAT_VERSION } from '../../inputs';
import { staticallyStableCpuTarget } from '../../sizing/capacity';
import { percentOf } from '../../sizing/units';
import { fmt, integerOr, isFiniteNumber, isPlainObject, numberOr, Rules } from '../../validation';
import {
  ARN_PATTERN, azCountOf, BlockKind, checkName, CIDR_PATTERN, DEFAULT_AZS, enumValues, MAX_AZS, MIN_AZS, NAME_ALLOWED, NAME_PATTERN, PlanContext,
  RemovalPolicy, resolveSizingPolicy,
} from '../common';
import {
  DatabaseClientOptions, DatabaseCredentialsOptions, DatabaseEngine, DatabaseParameterApplyMethod,
  DatabaseInstanceRole, DatabaseSettingScope, DatabaseStorageKind, ReaderAutoScalingOptions,
  ReaderScalingMetric, ReplicatedDatabaseLoadOptions, ReplicatedDatabaseOptions,
} from './options';
import {
  DatabaseClientPlan, DatabaseCredentialsPlan, DatabaseEndpointPlan, DatabaseInstancePlan, DatabaseStoragePlan, DB_LOG_RETENTION_DAYS_ALLOWED,
  DEFAULT_DB_INSTANCE_CLASS, DEFAULT_DB_LOG_RETENTION_DAYS, DEFAULT_ENGINE_VERSIONS, MIN_BACKUP_RETENTION_DAYS, ReaderAutoScalingPlan,
  ReplicatedDatabaseLoadPlan, ReplicatedDatabasePlan,
} from './plan';
import { checkStoragePerformance, gp3DefaultMiBps, RDS_STORAGE_KINDS } from './storage-rules';
import { resolveFoundation } from '../shared/foundation';

// ReplicatedDatabase: planReplicatedDatabase resolves the options into the plan, with the named resolvers it uses.

const DEFAULT_BACKUP_RETENTION_DAYS = 14;

const DEFAULT_ALLOCATED_GIB = 100;

const DEFAULT_MAX_ALLOCATED_GIB = 1000;

const DEFAULT_ADMIN_CONNECTIONS = catalog.ASSUMED.dbAdminConnections.value;

const RESERVED_DB_NAMES = ['postgres', 'template0', 'template1', 'rdsadmin', 'mysql', 'sys', 'information_schema', 'performance_schema'];

/** The catalog engine family of an engine. */
export function dbEngineFamilyOf(engine: DatabaseEngine): catalog.DbEngineFamily {
  switch (engine) {
    case DatabaseEngine.AURORA_MYSQL: return catalog.DbEngineFamily.AURORA_MYSQL;
    case DatabaseEngine.RDS_POSTGRESQL: return catalog.DbEngineFamily.POSTGRESQL;
    case DatabaseEngine.RDS_MYSQL: return catalog.DbEngineFamily.MYSQL;
    default: return catalog.DbEngineFamily.AURORA_POSTGRESQL;
  }
}

function isAuroraEngine(engine: DatabaseEngine): boolean {
  return engine === DatabaseEngine.AURORA_POSTGRESQL || engine === DatabaseEngine.AURORA_MYSQL;
}

function isPostgres(engine: DatabaseEngine): boolean {
  return engine === DatabaseEngine.AURORA_POSTGRESQL || engine === DatabaseEngine.RDS_POSTGRESQL;
}

/** PostgreSQL major of a version string such as `16.13`, or undefined. */
function postgresMajor(version: string): number | undefined {
  const m = /^(\d{2})\.(\d{1,3})$/.exec(version);
  return m ? Number(m[1]) : undefined;
}

/**
 * The Aurora cluster volume maximum for a version, in GiB: 256 TiB on Aurora PostgreSQL 17.5+,
 * 16.9+, 15.13+ (and later majors), 128 TiB otherwise (catalog QUOTAS.aurora; the version
 * thresholds are those the catalog's note states).
 */
export function auroraVolumeMaxGiB(engine: DatabaseEngine, version: string): number {
  const base = catalog.QUOTAS.aurora.volumeMaxTiB.value * 1024;
  if (engine !== DatabaseEngine.AURORA_POSTGRESQL) return base;
  const m = /^(\d{2})\.(\d{1,3})$/.exec(version);
  if (!m) return base;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const latest = major > 17 || (major === 17 && minor >= 5) || (major === 16 && minor >= 9) || (major === 15 && minor >= 13);
  return latest ? catalog.QUOTAS.aurora.volumeMaxTiBLatestPostgres.value * 1024 : base;
}

/**
 * Validates options and resolves every default of a ReplicatedDatabase.
 *
 * @throws ValidationError listing every invalid prop
 */
export function planReplicatedDatabase(options: ReplicatedDatabaseOptions = {}, context: PlanContext = {}): ReplicatedDatabasePlan {
  checkPlanInputs(options, context, 'db', 'ReplicatedDatabaseOptions');
  const o: ReplicatedDatabaseOptions = isPlainObject(options) ? options : {};
  const name = o.name ?? 'db';
  const path = context.path ?? (typeof name === 'string' ? name : 'db');
  const rules = new Rules(path);
  rules.check('options', options, options === undefined || isPlainObject(options), 'an object of ReplicatedDatabaseOptions');
  const assumed = new Assumptions(context.specPrefix ?? (typeof name === 'string' ? name : 'db'));
  const nameOk = checkName(rules, name);

  const { engine, aurora, postgres, engineFamily, parameterGroupFamily, version } = resolveEngine(rules, o);

  const { azCount, sizing, load, multiAz, fit, instanceSpec, instanceClass, serverlessV2 } = resolveInstances(rules, assumed, o,
    { engine, aurora, engineFamily }, context);

  const { readers, readerAutoScaling } = resolveReaders(rules, assumed, o, fit, instanceSpec);

  const { instances, endpoints } = instancesAndEndpoints(typeof name === 'string' ? name : 'db', readers, azCount, multiAz, aurora, instanceClass);

  // --- storage --------------------------------------------------------------------------------
  const storage = resolveStorage(rules, o, { engine, aurora, version, load });

  const { iamAuthentication, credentials, requireTls, allowedClients, allowedCidrs } = resolveAccess(rules, o);

  const durability = resolveDurability(rules, o, aurora);
  const { backupRetentionDays, deletionProtection, removalPolicy, replicaDeletionProtection, replicaRemovalPolicy } = durability;
  const { clusterInstanceRemovalPolicy } = durability;

  const monitoring = resolveMonitoring(rules, o, { engine, engineFamily, aurora, postgres, iamAuthentication });

  // --- parameters -----------------------------------------------------------------------------
  const parameters = resolveParameters(rules, o.parameters, { postgres, requireTls, logs: monitoring.cloudwatchLogsExports });
  const parameterApplyMethods = parameterApplyMethodsOf(parameters);

  const { port, databaseName } = resolveConnectivity(rules, o, { name, nameOk, postgres });
  const outputs = rules.booleanOr('outputs', o.outputs, false);

  const foundation = resolveFoundation(rules, o, azCount);
  const proxy = resolveProxy(rules, o.proxy, {
    name: typeof name === 'string' ? name : 'db',
    aurora,
    postgres,
    maxConnections: catalog.maxConnections(engineFamily, instanceSpec)?.value,
    adminConnections: load.adminConnections,
    warnMargin: sizing.warnMargin,
  });
  rules.throwIfInvalid();
  return {
    kind: BlockKind.REPLICATED_DATABASE,
    planVersion: PLAN_FORMAT_VERSION,
    ...foundation,
    name: name as string,
    path,
    sizing,
    assumed: assumed.list,
    identifier: name as string,
    engine,
    engineFamily,
    aurora,
    engineVersion: version,
    parameterGroupFamily: parameterGroupFamily ?? '',
    instanceClass,
    instanceVcpu: instanceSpec.vcpu,
    instanceMemoryGiB: instanceSpec.memoryGiB,
    ...(serverlessV2 ? { serverlessV2 } : {}),
    azCount,
    instances,
    readers,
    multiAz,
    readerAutoScaling,
    endpoints,
    storage,
    iamAuthentication,
    credentials,
    backupRetentionDays,
    replicaBackupRetentionDays: !aurora && !postgres ? backupRetentionDays : undefined,
    copyTagsToSnapshot: true,
    deletionProtection,
    removalPolicy,
    replicaDeletionProtection,
    replicaRemovalPolicy,
    clusterInstanceRemovalPolicy,
    deleteAutomatedBackups: removalPolicy === RemovalPolicy.DESTROY,
    finalSnapshotIdentifier: removalPolicy === RemovalPolicy.DESTROY ? undefined : `${name as string}-final`,
    monitoring,
    requireTls,
    parameters,
    parameterApplyMethods,
    port,
    databaseName: databaseName as string,
    allowedClients,
    allowedCidrs,
    publiclyAccessible: false,
    autoMinorVersionUpgrade: true,
    outputs,
    ...(proxy ? { proxy } : {}),
    load,
  };
}

/**
 * The AZs, the sizing policy, the load, writer Multi-AZ and the instance class (given, or the
 * smallest that carries the load), in the order their checks run.
 */
function resolveInstances(rules: Rules, assumed: Assumptions, o: ReplicatedDatabaseOptions,
  e: { engine: DatabaseEngine; aurora: boolean; engineFamily: catalog.DbEngineFamily }, context: PlanContext) {
  const { engine, aurora, engineFamily } = e;
  // --- instance class given (the default follows the load, below) ----------------------------
  const defaultSpec = catalog.dbInstance(DEFAULT_DB_INSTANCE_CLASS, engineFamily)!;
  const givenSpec = typeof o.instanceClass === 'string' ? catalog.dbInstance(o.instanceClass, engineFamily) : undefined;
  rules.check('instanceClass', o.instanceClass, o.instanceClass === undefined || givenSpec !== undefined,
    `a DB instance class the catalog knows for ${engine}: ${catalog.knownDbInstances(engineFamily).join(', ')}`);

  const azCount = o.azCount === undefined ? azCountOf(assumed, 'azCount', undefined, context) : integerOr(o.azCount, MIN_AZS, MAX_AZS, DEFAULT_AZS);
  rules.integer('azCount', o.azCount, MIN_AZS, MAX_AZS);

  const sizing = resolveSizingPolicy(rules, assumed, o.sizing);
  const safePolicy = safeSizingPolicy(sizing);

  // --- load -----------------------------------------------------------------------------------
  // Per-vCPU capacities scale by family; every default size is of the default family.
  const load = resolveLoad(rules, assumed, o.load, givenSpec ?? defaultSpec, engineFamily);

  // --- availability ---------------------------------------------------------------------------
  // RDS: the writer is Multi-AZ by default whatever the readers. RDS read replicas are
  // asynchronous and their promotion is manual and loses the replication lag; a Multi-AZ
  // standby is synchronous and fails over on its own in one to two minutes.
  rules.check('multiAz', o.multiAz, o.multiAz === undefined || !aurora,
    'unset with Aurora: the cluster volume spans three AZs and readers in other AZs are the failover targets');
  const multiAz = aurora ? false : rules.booleanOr('multiAz', o.multiAz, true);

  // --- instance class -------------------------------------------------------------------------
  const quota = readerQuota(engineFamily).value;
  const asGiven: unknown = o.readerAutoScaling;
  const readersPinned = o.readers !== undefined
    || (aurora && isPlainObject(asGiven) && (asGiven as ReaderAutoScalingOptions).minReaders !== undefined);
  const fit: ClassFitInput = {
    engineFamily, aurora, multiAz, azCount, load, policy: safePolicy, quota, sizeReaders: !readersPinned, proxy: proxyFit(o.proxy),
  };
  // Aurora Serverless v2: every instance db.serverless, sized at the maximum ACUs (given, or the smallest that carries the load).
  const sv = checkServerlessV2(rules, o.serverlessV2, { aurora, engine, instanceClass: o.instanceClass });
  const serverlessV2 = sv
    ? resolveServerlessV2(assumed, sv, () => defaultServerlessV2MaxAcu(sv.minCapacityAcu, (s) => classCarries(fit, s))) : undefined;
  const chosen = o.instanceClass === undefined && !serverlessV2 ? defaultInstanceClass(fit) : undefined;
  if (chosen) assumed.take('instanceClass', undefined, chosen.name, defaultClassReason(fit, chosen));
  const instanceSpec = serverlessV2 ? serverlessV2Spec(serverlessV2.minCapacityAcu, serverlessV2.maxCapacityAcu) : givenSpec ?? chosen ?? defaultSpec;
  const instanceClass = instanceSpec.name;
  return { azCount, sizing, load, multiAz, fit, instanceSpec, instanceClass, serverlessV2 };
}

/** The engine, its family and version, and the parameter group family the version selects. */
function resolveEngine(rules: Rules, o: ReplicatedDatabaseOptions) {
  const engineGiven = o.engine ?? DatabaseEngine.AURORA_POSTGRESQL;
  const engineOk = rules.oneOf('engine', engineGiven, enumValues(DatabaseEngine));
  const engine = engineOk ? engineGiven : DatabaseEngine.AURORA_POSTGRESQL;
  const aurora = isAuroraEngine(engine);
  const postgres = isPostgres(engine);
  const engineFamily = dbEngineFamilyOf(engine);
  const engineVersion = o.engineVersion ?? DEFAULT_ENGINE_VERSIONS[engine];
  const parameterGroupFamily = checkEngineVersion(rules, engine, engineVersion);
  const version = typeof engineVersion === 'string' ? engineVersion : DEFAULT_ENGINE_VERSIONS[engine];
  return { engine, aurora, postgres, engineFamily, parameterGroupFamily, version };
}

/** The reader count (given, or what the declared reads need with the worst AZ lost) and, on Aurora, reader auto scaling. */
function resolveReaders(rules: Rules, assumed: Assumptions, o: ReplicatedDatabaseOptions, fit: ClassFitInput, instanceSpec: catalog.InstanceSpec) {
  const { aurora, quota } = fit;
  rules.integer('readers', o.readers, 0, quota, `readers (the ${aurora ? 'Aurora Replica' : 'read replica'} quota is ${quota})`);
  const as = o.readerAutoScaling;
  rules.check('readerAutoScaling', as, as === undefined || isPlainObject(as), 'an object of ReaderAutoScalingOptions');
  rules.check('readerAutoScaling', as, as === undefined || aurora,
    'unset with RDS engines: RDS read replicas have no auto scaling (use an Aurora engine, or a fixed readers count)');
  const asOpts: ReaderAutoScalingOptions | undefined = aurora && isPlainObject(as) ? as : undefined;
  if (asOpts) {
    rules.integer('readerAutoScaling.minReaders', asOpts.minReaders, 1, quota, 'readers');
    if (o.readers !== undefined && asOpts.minReaders !== undefined) {
      rules.check('readerAutoScaling.minReaders', asOpts.minReaders, asOpts.minReaders === o.readers,
        `equal to readers (${Number.isInteger(o.readers) ? fmt(o.readers as number) : 'as given'}) or unset: the provisioned readers are the auto-scaling floor`);
    }
    rules.check('readers', o.readers, o.readers === undefined || o.readers !== 0,
      'at least 1 with readerAutoScaling: the scaling metrics are reader averages, so a reader must exist');
  }
  const givenReaders = asOpts?.minReaders ?? o.readers;
  const defaultReaders = defaultReaderCount(fit, instanceSpec);
  const readersRaw = assumed.take('readers', givenReaders, defaultReaders,
    'the readers the declared reads need with the worst AZ lost, at least 1 so a failover target exists');
  const readers = integerOr(readersRaw, asOpts ? 1 : 0, quota, defaultReaders);
  const readerAutoScaling = asOpts ? resolveReaderAutoScaling(rules, asOpts, { readers, quota, fit, instanceSpec }) : undefined;
  return { readers, readerAutoScaling };
}

interface ReaderAutoScalingInput {
  readonly readers: number;
  readonly quota: number;
  readonly fit: ClassFitInput;
  readonly instanceSpec: catalog.InstanceSpec;
}

/** Aurora reader auto scaling: the ceiling, the metric and its target, the cooldowns. */
function resolveReaderAutoScaling(rules: Rules, asOpts: ReaderAutoScalingOptions, i: ReaderAutoScalingInput): ReaderAutoScalingPlan {
  const { readers, quota } = i;
  const { azCount, policy: safePolicy, engineFamily } = i.fit;
  const instanceClass = i.instanceSpec.name;
  const maxConn = dbMaxConnections(engineFamily, i.instanceSpec);
  rules.integer('readerAutoScaling.maxReaders', asOpts.maxReaders, 1, quota, 'readers');
  const maxReaders = integerOr(asOpts.maxReaders, 1, quota, Math.min(quota, Math.max(readers * 2, readers + 1)));
  rules.check('readerAutoScaling.maxReaders', asOpts.maxReaders, asOpts.maxReaders === undefined || maxReaders >= readers,
    `at least the minimum readers (${readers})`);
  const metricGiven = asOpts.metric ?? ReaderScalingMetric.CPU_UTILIZATION;
  const metricOk = rules.oneOf('readerAutoScaling.metric', metricGiven, enumValues(ReaderScalingMetric));
  const metric = metricOk ? metricGiven : ReaderScalingMetric.CPU_UTILIZATION;
  rules.check('readerAutoScaling.targetCpuUtilization', asOpts.targetCpuUtilization, asOpts.targetCpuUtilization === undefined
    || (isFiniteNumber(asOpts.targetCpuUtilization) && asOpts.targetCpuUtilization >= 0.1 && asOpts.targetCpuUtilization <= 0.9),
  'a fraction from 0.1 to 0.9');
  rules.check('readerAutoScaling.targetCpuUtilization', asOpts.targetCpuUtilization,
    asOpts.targetCpuUtilization === undefined || metric === ReaderScalingMetric.CPU_UTILIZATION, 'unset with metric CONNECTIONS');
  const maxConnValue = maxConn?.value ?? 1000;
  rules.integer('readerAutoScaling.targetConnectionsPerReader', asOpts.targetConnectionsPerReader, 1, maxConnValue,
    `connections (max_connections of ${instanceClass} is ${fmt(maxConnValue)})`);
  rules.check('readerAutoScaling.targetConnectionsPerReader', asOpts.targetConnectionsPerReader,
    asOpts.targetConnectionsPerReader === undefined || metric === ReaderScalingMetric.CONNECTIONS, 'unset with metric CPU_UTILIZATION');
  const targetValue = metric === ReaderScalingMetric.CPU_UTILIZATION
    ? percentOf(numberOr(asOpts.targetCpuUtilization, 0.1, 0.9,
      staticallyStableCpuTarget(azCount, safePolicy.maxUtilization, safePolicy.warnMargin)))
    : integerOr(asOpts.targetConnectionsPerReader, 1, maxConnValue, Math.max(1, Math.floor(maxConnValue * safePolicy.targetUtilization)));
  rules.integer('readerAutoScaling.scaleInCooldownSeconds', asOpts.scaleInCooldownSeconds, 0, 3600, 's');
  rules.integer('readerAutoScaling.scaleOutCooldownSeconds', asOpts.scaleOutCooldownSeconds, 0, 3600, 's');
  return {
    maxReaders,
    metric,
    targetValue,
    scaleInCooldownSeconds: integerOr(asOpts.scaleInCooldownSeconds, 0, 3600, 300),
    scaleOutCooldownSeconds: integerOr(asOpts.scaleOutCooldownSeconds, 0, 3600, 300),
  };
}

/** The writer and reader instances over the AZs, and the endpoints that reach them. */
function instancesAndEndpoints(name: string, readers: number, azCount: number, multiAz: boolean, aurora: boolean, instanceClass: string) {
  const writerAz = 0;
  const azs = readerAzs(readers, azCount, writerAz);
  const instances: DatabaseInstancePlan[] = [
    { id: 'writer', identifier: `${name}-writer`, role: DatabaseInstanceRole.WRITER, instanceClass, az: writerAz, pinAz: !multiAz, promotionTier: 0 },
    ...azs.map((az, i): DatabaseInstancePlan => ({
      id: `reader-${i + 1}`, identifier: `${name}-reader-${i + 1}`, role: DatabaseInstanceRole.READER, instanceClass, az, pinAz: true, promotionTier: 1,
    })),
  ];
  const readerIds = instances.filter((i) => i.role === DatabaseInstanceRole.READER).map((i) => i.id);
  const endpoints: DatabaseEndpointPlan[] = [
    { name: 'writer', role: DatabaseInstanceRole.WRITER, instanceIds: ['writer'] },
    ...(aurora
      ? [{ name: 'reader', role: DatabaseInstanceRole.READER, instanceIds: readerIds }]
      : readerIds.map((id) => ({ name: id, role: DatabaseInstanceRole.READER, instanceIds: [id] }))),
  ];
  return { instances, endpoints };
}

/** IAM authentication, the credentials, TLS, and the clients and CIDRs admitted. */
function resolveAccess(rules: Rules, o: ReplicatedDatabaseOptions) {
  const iamAuthentication = rules.booleanOr('iamAuthentication', o.iamAuthentication, true);
  const credentials = resolveCredentials(rules, o.credentials);
  const requireTls = rules.booleanOr('requireTls', o.requireTls, true);
  const allowedClients = rules.strings('allowedClients', o.allowedClients);
  allowedClients.forEach((c, i) => rules.check(`allowedClients[${i}]`, c, NAME_PATTERN.test(c), `a block name: ${NAME_ALLOWED}`));
  const allowedCidrs = rules.strings('allowedCidrs', o.allowedCidrs);
  allowedCidrs.forEach((c, i) => {
    if (rules.matches(`allowedCidrs[${i}]`, c, CIDR_PATTERN, 'a CIDR block such as 10.0.0.0/16')) {
      rules.check(`allowedCidrs[${i}]`, c, !/\/0$/.test(c), 'a private CIDR: a database is never open to every address (/0)');
    }
  });
  return { iamAuthentication, credentials, requireTls, allowedClients, allowedCidrs };
}

/** Backups, deletion protection and what removal keeps, for the writer and for RDS read replicas. */
function resolveDurability(rules: Rules, o: ReplicatedDatabaseOptions, aurora: boolean) {
  const backupMax = catalog.QUOTAS.rds.backupRetentionMaxDays.value;
  const backupRetentionDays = integerOr(o.backupRetentionDays, MIN_BACKUP_RETENTION_DAYS, backupMax, DEFAULT_BACKUP_RETENTION_DAYS);
  rules.integer('backupRetentionDays', o.backupRetentionDays, MIN_BACKUP_RETENTION_DAYS, backupMax,
    `days (at least ${MIN_BACKUP_RETENTION_DAYS}: this library's floor; at most ${backupMax}: the RDS maximum)`);
  const deletionProtection = rules.booleanOr('deletionProtection', o.deletionProtection, true);
  const removalGiven = o.removalPolicy ?? RemovalPolicy.SNAPSHOT;
  const removalPolicy = rules.oneOf('removalPolicy', removalGiven, enumValues(RemovalPolicy)) ? removalGiven : RemovalPolicy.SNAPSHOT;
  const disposableReplicas = rules.booleanOr('disposableReadReplicas', o.disposableReadReplicas, false);
  rules.check('disposableReadReplicas', o.disposableReadReplicas, o.disposableReadReplicas === undefined || !aurora,
    'unset with an Aurora engine (Aurora readers hold no data of their own; the cluster is protected)');
  const replicaDeletionProtection = aurora ? undefined : deletionProtection && !disposableReplicas;
  const replicaRemovalPolicy = aurora ? undefined
    : disposableReplicas || removalPolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
  const clusterInstanceRemovalPolicy = !aurora ? undefined : removalPolicy === RemovalPolicy.RETAIN ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  return { backupRetentionDays, deletionProtection, removalPolicy, replicaDeletionProtection, replicaRemovalPolicy, clusterInstanceRemovalPolicy };
}

interface MonitoringInput {
  readonly engine: DatabaseEngine;
  readonly engineFamily: catalog.DbEngineFamily;
  readonly aurora: boolean;
  readonly postgres: boolean;
  readonly iamAuthentication: boolean;
}

/** Performance Insights, Enhanced Monitoring, the log exports and their retention. */
function resolveMonitoring(rules: Rules, o: ReplicatedDatabaseOptions, input: MonitoringInput): ReplicatedDatabasePlan['monitoring'] {
  const { engine, engineFamily, aurora, postgres, iamAuthentication } = input;
  const performanceInsights = rules.booleanOr('performanceInsights', o.performanceInsights, true);
  const piRetentionAllowed = catalog.ALLOWED_VALUES.rds.performanceInsightsRetentionDays.values;
  const monitoringIntervals = catalog.ALLOWED_VALUES.rds.enhancedMonitoringIntervalsSeconds.values;
  rules.check('performanceInsightsRetentionDays', o.performanceInsightsRetentionDays, o.performanceInsightsRetentionDays === undefined
    || piRetentionAllowed.includes(o.performanceInsightsRetentionDays as number), '7, a multiple of 31 up to 713, or 731 days');
  rules.check('performanceInsightsRetentionDays', o.performanceInsightsRetentionDays,
    o.performanceInsightsRetentionDays === undefined || performanceInsights, 'unset with performanceInsights false');
  const piRetention = piRetentionAllowed.includes(o.performanceInsightsRetentionDays as number) ? o.performanceInsightsRetentionDays as number : 7;
  rules.check('enhancedMonitoringIntervalSeconds', o.enhancedMonitoringIntervalSeconds, o.enhancedMonitoringIntervalSeconds === undefined
    || monitoringIntervals.includes(o.enhancedMonitoringIntervalSeconds as number), `one of ${monitoringIntervals.join(', ')} s (0 = off)`);
  const enhancedMonitoringIntervalSeconds = monitoringIntervals.includes(o.enhancedMonitoringIntervalSeconds as number)
    ? o.enhancedMonitoringIntervalSeconds as number : 60;
  const allowedLogs = catalog.DB_LOG_EXPORTS[engineFamily].values;
  const defaultLogs = [...(postgres ? ['postgresql'] : ['error', 'slowquery']), ...(iamAuthentication ? ['iam-db-auth-error'] : [])];
  const logsGiven = o.cloudwatchLogsExports === undefined ? defaultLogs : rules.strings('cloudwatchLogsExports', o.cloudwatchLogsExports);
  logsGiven.forEach((l, i) => {
    rules.check(`cloudwatchLogsExports[${i}]`, l, allowedLogs.includes(l), `a log type ${engine} exports: ${allowedLogs.join(', ')}`);
    rules.check(`cloudwatchLogsExports[${i}]`, l, logsGiven.indexOf(l) === i, 'listed once');
  });
  const cloudwatchLogsExports = logsGiven.filter((l, i) => allowedLogs.includes(l) && logsGiven.indexOf(l) === i);
  rules.check('logRetentionDays', o.logRetentionDays, o.logRetentionDays === undefined || DB_LOG_RETENTION_DAYS_ALLOWED.includes(o.logRetentionDays),
    `days CloudWatch Logs keeps a log group: one of ${DB_LOG_RETENTION_DAYS_ALLOWED.join(', ')}`);
  const logRetentionDays = DB_LOG_RETENTION_DAYS_ALLOWED.includes(o.logRetentionDays as number)
    ? o.logRetentionDays as number : DEFAULT_DB_LOG_RETENTION_DAYS;
  return {
    performanceInsights,
    performanceInsightsRetentionDays: piRetention,
    performanceInsightsScope: aurora ? DatabaseSettingScope.CLUSTER : DatabaseSettingScope.INSTANCE,
    enhancedMonitoringIntervalSeconds,
    cloudwatchLogsExports,
    logRetentionDays,
  };
}

/** The port and the database name. */
function resolveConnectivity(rules: Rules, o: ReplicatedDatabaseOptions, i: { name: unknown; nameOk: boolean; postgres: boolean }) {
  const { name, nameOk, postgres } = i;
  const { portMin, portMax } = catalog.QUOTAS.rds;
  const port = integerOr(o.port, portMin.value, portMax.value, postgres ? 5432 : 3306);
  rules.integer('port', o.port, portMin.value, portMax.value);
  const defaultDbName = typeof name === 'string' && nameOk ? name.replace(/-/g, '_') : 'db';
  const databaseName = o.databaseName ?? defaultDbName;
  if (rules.matches('databaseName', databaseName, /^[A-Za-z][A-Za-z0-9_]{0,62}$/,
    'a letter, then letters, digits or underscores, 1 to 63 characters')) {
    rules.check('databaseName', databaseName, !RESERVED_DB_NAMES.includes(databaseName.toLowerCase()),
      `not a name the engine reserves (${RESERVED_DB_NAMES.join(', ')})`);
  }
  return { port, databaseName };
}

/**
 * The parameter group family of an engine's version, or undefined with what the engine takes: the
 * one rule options and supplied plans are both held to.
 */
export function engineVersionFamily(engine: DatabaseEngine, version: unknown): { readonly family?: string; readonly allowed: string } {
  if (typeof version !== 'string') return { allowed: 'a version string' };
  switch (engine) {
    case DatabaseEngine.AURORA_POSTGRESQL:
    case DatabaseEngine.RDS_POSTGRESQL: {
      const major = postgresMajor(version);
      const family = major !== undefined && major >= 14 ? `${engine === DatabaseEngine.AURORA_POSTGRESQL ? 'aurora-postgresql' : 'postgres'}${major}` : undefined;
      return { family, allowed: 'a PostgreSQL major.minor version from major 14 on, such as 16.13' };
    }
    case DatabaseEngine.AURORA_MYSQL:
      return {
        family: /^8\.0\.mysql_aurora\.3\.\d{2}\.\d{1,2}$/.test(version) ? 'aurora-mysql8.0' : undefined,
        allowed: 'an Aurora MySQL 3 version such as 8.0.mysql_aurora.3.12.0',
      };
    default: {
      const m = /^8\.(0|4)\.\d{1,3}$/.exec(version);
      return { family: m ? `mysql8.${m[1]}` : undefined, allowed: 'a MySQL 8.0 or 8.4 version such as 8.4.10' };
    }
  }
}

/** Checks the version format per engine; returns the parameter group family, or undefined when invalid. */
function checkEngineVersion(rules: Rules, engine: DatabaseEngine, version: unknown): string | undefined {
  const { family, allowed } = engineVersionFamily(engine, version);
  rules.check('engineVersion', version, family !== undefined, allowed);
  return family;
}

function resolveLoad(rules: Rules, assumed: Assumptions, given: unknown, spec: catalog.InstanceSpec,
  engineFamily: catalog.DbEngineFamily): ReplicatedDatabaseLoadPlan {
  rules.check('load', given, given === undefined || isPlainObject(given), 'an object of ReplicatedDatabaseLoadOptions');
  const l: ReplicatedDatabaseLoadOptions = isPlainObject(given) ? given : {};
  rules.number('load.readsPerSecond', l.readsPerSecond, 0, 1e9, 'reads/s');
  rules.number('load.writesPerSecond', l.writesPerSecond, 0, 1e9, 'writes/s');
  rules.number('load.storageGiB', l.storageGiB, 0, 1e9, 'GiB');
  rules.integer('load.connections', l.connections, 0, 1e7, 'connections');
  rules.integer('load.tasks', l.tasks, 1, 1e6, 'tasks');
  rules.integer('load.poolSize', l.poolSize, 1, 1e5, 'connections');
  rules.integer('load.adminConnections', l.adminConnections, 0, 10_000, 'connections');
  rules.positive('load.readsPerSecondPerVcpu', l.readsPerSecondPerVcpu, 1e7, 'reads/s');
  rules.positive('load.writesPerSecondPerVcpu', l.writesPerSecondPerVcpu, 1e7, 'writes/s');
  rules.positive('load.storageIosPerWrite', l.storageIosPerWrite, 1_000, 'I/Os per write');
  rules.fraction('load.bufferHitRatio', l.bufferHitRatio);
  rules.positive('load.ioSizeKiB', l.ioSizeKiB, 1_024, 'KiB');
  rules.check('load.connections', l.connections, l.connections === undefined || (l.tasks === undefined && l.poolSize === undefined),
    'unset with load.tasks and load.poolSize (give either connections, or tasks and poolSize)');
  rules.check('load.clients', l.clients, l.clients === undefined || (l.connections === undefined && l.tasks === undefined && l.poolSize === undefined),
    'unset with load.connections, load.tasks and load.poolSize (give either the clients, or connections, or tasks and poolSize)');
  const clients = resolveClients(rules, l.clients);
  rules.check('load.poolSize', l.poolSize, (l.tasks === undefined) === (l.poolSize === undefined),
    'set together with load.tasks (connections = tasks x poolSize)');

  const num = (v: unknown, max: number): number | undefined => (isFiniteNumber(v) && v >= 0 && v <= max ? v : undefined);
  const readsPerSecond = assumed.take('load.readsPerSecond', num(l.readsPerSecond, 1e9), 0, 'no reads declared: nothing to size against');
  const writesPerSecond = assumed.take('load.writesPerSecond', num(l.writesPerSecond, 1e9), 0, 'no writes declared: nothing to size against');
  const storageGiB = assumed.take('load.storageGiB', num(l.storageGiB, 1e9), 0, 'no storage declared: nothing to size against');
  const pooled = clients.length > 0 ? clients.reduce((sum, c) => sum + c.count * c.poolSize, 0)
    : Number.isInteger(l.tasks) && Number.isInteger(l.poolSize) ? (l.tasks as number) * (l.poolSize as number) : undefined;
  const connections = assumed.take('load.connections', Number.isInteger(l.connections) && (l.connections as number) >= 0 ? l.connections : pooled, 0,
    'no connections declared: only the admin headroom is checked');
  const adminConnections = assumed.take('load.adminConnections', integerOr(l.adminConnections, 0, 10_000, -1) >= 0 ? l.adminConnections : undefined,
    DEFAULT_ADMIN_CONNECTIONS, 'headroom for RDS\'s reserved sessions (PostgreSQL keeps 3 superuser and 2 rds_superuser slots), monitoring and migrations');
  const reads = assumedPerVcpu(catalog.ASSUMED.dbReadsPerSecondPerVcpu, spec, 'reads');
  const writes = assumedPerVcpu(catalog.ASSUMED.dbWritesPerSecondPerVcpu, spec, 'writes');
  const pos = (v: unknown): number | undefined => (isFiniteNumber(v) && v > 0 && v <= 1e7 ? v : undefined);
  const readsPerSecondPerVcpu = assumed.take('load.readsPerSecondPerVcpu', pos(l.readsPerSecondPerVcpu), reads.value, reads.reason,
    (v) => `${fmt(v)} reads/s per vCPU`);
  const writesPerSecondPerVcpu = assumed.take('load.writesPerSecondPerVcpu', pos(l.writesPerSecondPerVcpu), writes.value, writes.reason,
    (v) => `${fmt(v)} writes/s per vCPU`);
  const io = resolveStorageIo(assumed, l, engineFamily);
  return {
    readsPerSecond,
    writesPerSecond,
    storageGiB,
    connections,
    ...(clients.length > 0 ? { clients } : {}),
    adminConnections,
    readsPerSecondPerVcpu,
    writesPerSecondPerVcpu,
    ...io,
  };
}

/** The storage I/O figures of the load: declared, or the catalog's assumed ones (the page size by engine). */
function resolveStorageIo(assumed: Assumptions, l: ReplicatedDatabaseLoadOptions, engineFamily: catalog.DbEngineFamily):
{ storageIosPerWrite: number; bufferHitRatio: number; ioSizeKiB: number } {
  const A = catalog.ASSUMED;
  const within = (v: unknown, lo: number, hi: number): number | undefined => (isFiniteNumber(v) && v > lo && v <= hi ? v : undefined);
  const why = (a: catalog.Assumption, what: string, measure: string, prop: string): string =>
    `${what} (${a.source.title}): measure ${measure} and set load.${prop}`;
  const storageIosPerWrite = assumed.take('load.storageIosPerWrite', within(l.storageIosPerWrite, 0, 1_000), A.dbStorageIosPerWrite.value,
    why(A.dbStorageIosPerWrite, 'a write\'s log record, its table page and one index page, one I/O each', 'WriteIOPS / writes/s', 'storageIosPerWrite'),
    (v) => `${fmt(v)} I/Os per write`);
  const hit = isFiniteNumber(l.bufferHitRatio) && l.bufferHitRatio >= 0 && l.bufferHitRatio <= 1 ? l.bufferHitRatio : undefined;
  const bufferHitRatio = assumed.take('load.bufferHitRatio', hit, A.dbBufferHitRatio.value,
    why(A.dbBufferHitRatio, 'reads served from the buffer pool; each of the others reads one page from storage', 'BufferCacheHitRatio', 'bufferHitRatio'));
  const mysql = engineFamily === catalog.DbEngineFamily.MYSQL || engineFamily === catalog.DbEngineFamily.AURORA_MYSQL;
  const page = mysql ? A.dbIoSizeKiBMysql : A.dbIoSizeKiBPostgres;
  const ioSizeKiB = assumed.take('load.ioSizeKiB', within(l.ioSizeKiB, 0, 1_024), page.value,
    why(page, `one ${mysql ? 'InnoDB' : 'PostgreSQL'} page per I/O, the smallest I/O the engine performs`, 'ReadThroughput / ReadIOPS', 'ioSizeKiB'),
    (v) => `${fmt(v)} KiB per I/O`);
  return { storageIosPerWrite, bufferHitRatio, ioSizeKiB };
}

/** Most clients of one kind (tasks, workers, Lambda environments) the load may declare. */
const MAX_CLIENT_COUNT = 1_000_000;
/** Largest pool one client may declare. */
const MAX_POOL_SIZE = 100_000;

/** The declared clients, validated (names unique); the invalid ones are reported and left out. */
function resolveClients(rules: Rules, given: unknown): DatabaseClientPlan[] {
  if (given === undefined) return [];
  if (!rules.check('load.clients', given, Array.isArray(given) && given.length > 0,
    'a non-empty list of clients ({ name, count, poolSize, readShare? })')) return [];
  const out: DatabaseClientPlan[] = [];
  (given as unknown[]).forEach((entry, i) => {
    const p = `load.clients[${i}]`;
    if (!rules.check(p, entry, isPlainObject(entry), 'an object { name, count, poolSize, readShare? }')) return;
    const c = entry as Partial<DatabaseClientOptions>;
    const ok = [
      rules.check(`${p}.name`, c.name, typeof c.name === 'string' && c.name.length > 0 && c.name.length <= 100
        && !out.some((o) => o.name === c.name), 'a name of 1 to 100 characters, unique among the clients'),
      rules.check(`${p}.count`, c.count, c.count !== undefined, 'given: the clients at their maximum')
        && rules.integer(`${p}.count`, c.count, 1, MAX_CLIENT_COUNT, 'clients'),
      rules.check(`${p}.poolSize`, c.poolSize, c.poolSize !== undefined, 'given: the connections of each client\'s pool')
        && rules.integer(`${p}.poolSize`, c.poolSize, 1, MAX_POOL_SIZE, 'connections'),
      rules.fraction(`${p}.readShare`, c.readShare),
      rules.check(`${p}.countFrom`, c.countFrom, c.countFrom === undefined || (typeof c.countFrom === 'string' && c.countFrom.length <= 200),
        'a string of at most 200 characters'),
      rules.check(`${p}.poolFrom`, c.poolFrom, c.poolFrom === undefined || (typeof c.poolFrom === 'string' && c.poolFrom.length <= 200),
        'a string of at most 200 characters'),
    ].every((x) => x);
    if (!ok) return;
    out.push({
      name: c.name as string,
      count: c.count as number,
      poolSize: c.poolSize as number,
      readShare: c.readShare ?? 0,
      countFrom: c.countFrom ?? `${p}.count`,
      poolFrom: c.poolFrom ?? 'declared',
    });
  });
  return out;
}

function assumedPerVcpu(a: catalog.Assumption, spec: catalog.InstanceSpec, what: string): { value: number; reason: string } {
  const ref = a.referenceFamily ?? spec.family;
  const speed = catalog.relativeVcpuSpeed(spec.family, ref);
  const value = Math.round(a.value * (speed ?? 1) * 100) / 100;
  const scaled = speed === undefined
    ? ` (no CoreMark figure for ${spec.family}: unscaled)`
    : speed !== 1 ? ` x ${fmt(speed)} (${spec.family} per-vCPU speed vs ${ref})` : '';
  return {
    value,
    reason: `${fmt(a.value)} ${what}/s per vCPU (${a.source.title})${scaled}: measure yours and set load.${what}PerSecondPerVcpu`,
  };
}

interface StorageContext {
  readonly engine: DatabaseEngine;
  readonly aurora: boolean;
  readonly version: string;
  readonly load: ReplicatedDatabaseLoadPlan;
}

function resolveStorage(rules: Rules, o: ReplicatedDatabaseOptions, ctx: StorageContext): DatabaseStoragePlan {
  const encrypted = rules.booleanOr('storageEncrypted', o.storageEncrypted, true);
  if (rules.matches('kmsKeyArn', o.kmsKeyArn, ARN_PATTERN, 'a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)')) {
    rules.check('kmsKeyArn', o.kmsKeyArn, o.kmsKeyArn === undefined || /^arn:aws[a-zA-Z-]*:kms:/.test(o.kmsKeyArn), 'a KMS key ARN (arn:aws:kms:...)');
  }
  rules.check('kmsKeyArn', o.kmsKeyArn, o.kmsKeyArn === undefined || encrypted, 'unset with storageEncrypted false');
  const kmsKeyArn = encrypted && typeof o.kmsKeyArn === 'string' ? o.kmsKeyArn : undefined;
  if (ctx.aurora) {
    rules.check('allocatedStorageGiB', o.allocatedStorageGiB, o.allocatedStorageGiB === undefined,
      'unset with Aurora: the cluster volume grows on its own');
    rules.check('maxAllocatedStorageGiB', o.maxAllocatedStorageGiB, o.maxAllocatedStorageGiB === undefined,
      'unset with Aurora: the cluster volume grows on its own');
    const noPerformance = 'unset with Aurora: the cluster volume has no storage type, provisioned IOPS or throughput to set';
    rules.check('storageType', o.storageType, o.storageType === undefined, noPerformance);
    rules.check('storageIops', o.storageIops, o.storageIops === undefined, noPerformance);
    rules.check('storageThroughputMiBps', o.storageThroughputMiBps, o.storageThroughputMiBps === undefined, noPerformance);
    return { kind: DatabaseStorageKind.AURORA_CLUSTER_VOLUME, engineMaxGiB: auroraVolumeMaxGiB(ctx.engine, ctx.version), encrypted, kmsKeyArn };
  }
  const max = catalog.QUOTAS.rds.storageMaxGiB.value;
  const min = catalog.QUOTAS.rds.gp3StorageMinGiB.value;
  const abovePercent = catalog.QUOTAS.rds.maxAllocatedStorageMinPercentAbove.value;
  const ceilingRatio = 1 + abovePercent / 100;
  rules.integer('allocatedStorageGiB', o.allocatedStorageGiB, min, max, 'GiB');
  rules.integer('maxAllocatedStorageGiB', o.maxAllocatedStorageGiB, min, max, 'GiB');
  const forDemand = Math.ceil(ctx.load.storageGiB / 0.9);
  // The default allocation holds the declared data with 10 % free, but stays under a given ceiling.
  const givenMax = integerOr(o.maxAllocatedStorageGiB, min, max, max);
  const allocatedDefault = Math.max(min, Math.min(max, Math.max(DEFAULT_ALLOCATED_GIB, forDemand),
    Math.floor(givenMax / ceilingRatio)));
  const allocatedGiB = integerOr(o.allocatedStorageGiB, min, max, allocatedDefault);
  const minMax = Math.ceil(allocatedGiB * ceilingRatio);
  const maxAllocatedGiB = integerOr(o.maxAllocatedStorageGiB, min, max,
    Math.min(max, Math.max(DEFAULT_MAX_ALLOCATED_GIB, allocatedGiB * 2)));
  rules.check('maxAllocatedStorageGiB', o.maxAllocatedStorageGiB ?? maxAllocatedGiB,
    maxAllocatedGiB >= minMax || (o.maxAllocatedStorageGiB === undefined && allocatedGiB === max),
    `at least ${fmt(abovePercent)} % above allocatedStorageGiB: >= ${fmt(minMax)} GiB`);
  const kind = o.storageType ?? DatabaseStorageKind.GP3;
  const mysql = ctx.engine === DatabaseEngine.RDS_MYSQL;
  const maxAllocated = Math.max(maxAllocatedGiB, allocatedGiB);
  const before = rules.issues.length;
  checkStoragePerformance((prop, value, ok, allowed) => rules.check(prop, value, ok, allowed),
    {
      kind,
      allocatedGiB: o.allocatedStorageGiB ?? allocatedGiB,
      maxAllocatedGiB: o.maxAllocatedStorageGiB ?? maxAllocated,
      iops: o.storageIops,
      throughputMiBps: o.storageThroughputMiBps,
      mysql,
    },
    { kind: 'storageType', allocatedGiB: 'allocatedStorageGiB', iops: 'storageIops', throughputMiBps: 'storageThroughputMiBps' });
  const valid = rules.issues.length === before;
  const validKind = (RDS_STORAGE_KINDS as readonly unknown[]).includes(kind) ? kind : DatabaseStorageKind.GP3;
  // gp3 provisioned above its baseline holds both values; io1/io2 their IOPS; invalid values are reported above and left out.
  const gp3Iops = o.storageIops ?? (o.storageThroughputMiBps !== undefined ? catalog.RDS_GP3_BASELINE.highBaselineIops : undefined);
  const performance = !valid ? {}
    : validKind === DatabaseStorageKind.GP3
      ? (gp3Iops !== undefined ? { iops: gp3Iops, throughputMiBps: o.storageThroughputMiBps ?? gp3DefaultMiBps(gp3Iops, mysql) } : {})
      : { iops: o.storageIops };
  return {
    kind: validKind, allocatedGiB, maxAllocatedGiB: maxAllocated, ...performance, engineMaxGiB: max, encrypted, kmsKeyArn,
  };
}

function resolveCredentials(rules: Rules, given: unknown): DatabaseCredentialsPlan {
  rules.check('credentials', given, given === undefined || isPlainObject(given), 'an object of DatabaseCredentialsOptions');
  const c: DatabaseCredentialsOptions = isPlainObject(given) ? given : {};
  const username = c.username ?? 'dbadmin';
  if (rules.matches('credentials.username', username, /^[A-Za-z][A-Za-z0-9_]{0,15}$/,
    'a letter, then letters, digits or underscores, 1 to 16 characters')) {
    rules.check('credentials.username', username, !/^rds/i.test(username), 'a name not starting with "rds" (reserved by RDS)');
  }
  const rotation = rules.booleanOr('credentials.rotation', c.rotation, true);
  const sm = catalog.QUOTAS.secretsManager;
  rules.integer('credentials.rotationDays', c.rotationDays, sm.rotationIntervalMinDays.value, sm.rotationIntervalMaxDays.value, 'days');
  rules.check('credentials.rotationDays', c.rotationDays, c.rotationDays === undefined || rotation, 'unset with credentials.rotation false');
  return {
    username: typeof username === 'string' ? username : 'dbadmin',
    generatedSecret: true,
    rotation,
    rotationDays: integerOr(c.rotationDays, sm.rotationIntervalMinDays.value, sm.rotationIntervalMaxDays.value, 30),
  };
}

interface ParameterContext {
  readonly postgres: boolean;
  readonly requireTls: boolean;
  readonly logs: string[];
}

function resolveParameters(rules: Rules, given: unknown, ctx: ParameterContext): { [key: string]: string } {
  rules.check('parameters', given, given === undefined || isPlainObject(given), 'an object of parameter name -> value strings');
  const user: Record<string, unknown> = isPlainObject(given) ? given : {};
  const tlsKey = ctx.postgres ? 'rds.force_ssl' : 'require_secure_transport';
  const own: { [key: string]: string } = ctx.postgres
    ? { 'rds.force_ssl': ctx.requireTls ? '1' : '0', 'log_min_duration_statement': '1000' }
    : { require_secure_transport: ctx.requireTls ? 'ON' : 'OFF', slow_query_log: ctx.logs.includes('slowquery') ? '1' : '0', long_query_time: '1' };
  const out = { ...own };
  for (const [k, v] of Object.entries(user)) {
    const p = `parameters.${k}`;
    const keyOk = rules.check(p, k, /^[A-Za-z_][A-Za-z0-9_.]{0,127}$/.test(k), 'a parameter name (letters, digits, underscores and dots)');
    const valueOk = rules.check(p, v, typeof v === 'string' && v.length <= 4096, 'a string value');
    rules.check(p, v, k !== tlsKey, `set through requireTls (true: ${tlsKey} is ${ctx.postgres ? '1' : 'ON'}), not in parameters`);
    if (keyOk && valueOk && k !== tlsKey) out[k] = v as string;
  }
  return out;
}

/**
 * Static parameters of RDS and Aurora PostgreSQL and MySQL (the RDS parameter reference: "Apply
 * type: static"): a change takes effect at the next reboot. Every other parameter is dynamic.
 */
const STATIC_DB_PARAMETERS: readonly string[] = [
  // PostgreSQL
  'autovacuum_max_workers', 'huge_pages', 'max_connections', 'max_locks_per_transaction', 'max_logical_replication_workers',
  'max_prepared_transactions', 'max_replication_slots', 'max_wal_senders', 'max_worker_processes', 'rds.logical_replication',
  'shared_buffers', 'shared_preload_libraries', 'track_activity_query_size', 'wal_buffers',
  // MySQL
  'innodb_buffer_pool_instances', 'innodb_read_io_threads', 'innodb_write_io_threads', 'lower_case_table_names', 'performance_schema',
];

/** When each parameter takes effect: at the next reboot if static, at once otherwise (as CloudFormation applies it). */
function parameterApplyMethodsOf(parameters: { [key: string]: string }): { [key: string]: DatabaseParameterApplyMethod } {
  return Object.fromEntries(Object.keys(parameters).map((k) => [k,
    STATIC_DB_PARAMETERS.includes(k) ? DatabaseParameterApplyMethod.PENDING_REBOOT : DatabaseParameterApplyMethod.IMMEDIATE]));
}

/** The default reader count: readersNeeded, at most the replica quota (the readers row then FAILs with its fix). */
function defaultReaderCount(i: ClassFitInput, spec: catalog.InstanceSpec): number {
  return Math.min(i.quota, readersNeeded(i, spec) ?? i.quota);
}

function defaultClassReason(i: ClassFitInput, chosen: catalog.InstanceSpec): string {
  const l = i.load;
  const declared = l.writesPerSecond > 0 || l.connections > 0 || (i.sizeReaders && l.readsPerSecond > 0);
  if (!declared) return 'Graviton3 memory-optimised class that Aurora and RDS both offer; the smallest size, as no load is declared';
  const what = [`${fmt(l.writesPerSecond)} writes/s on the writer`, `${fmt(l.connections + l.adminConnections)} connections`,
    ...(i.sizeReaders ? [`${fmt(l.readsPerSecond)} reads/s on at most ${fmt(i.quota)} readers`] : [])].join(', ');
  return classCarries(i, chosen)
    ? `the smallest ${chosen.family} size (Graviton3, memory-optimised, offered by Aurora and RDS alike) that carries ${what}`
    : `no ${chosen.family} size carries ${what}: the largest is taken and the sizing says what to change`;
}
