import { BlockKind, CIDR_PATTERN, MAX_AZS, MIN_AZS } from '../blocks/common';
import {
  checkStoragePerformance, DatabaseEngine, DatabaseStorageKind, engineVersionFamily, planReplicatedDatabase,
} from '../blocks/replicated-database';
import * as catalog from '../catalog';
import { BlockPlanRules, checkFoundation, PlanValueRules } from './common';
import { checkServerlessV2Plan } from './serverless-v2';

/** An RDS DB identifier: 1 to 63 letters, digits or hyphens, starting with a letter, no two hyphens in a row, no hyphen at the end. */
const RDS_IDENTIFIER = /^(?!.*--)[A-Za-z][A-Za-z0-9-]{0,62}$/;

function checkRdsIdentifier(r: PlanValueRules, path: string): void {
  const v = r.at(path);
  if (v === undefined) return;
  r.rules.check(r.prop(path), v, typeof v === 'string' && RDS_IDENTIFIER.test(v) && !v.endsWith('-'),
    'an RDS identifier: 1 to 63 letters, digits or hyphens, starting with a letter, without "--" or a trailing hyphen');
}

/** The rules of a ReplicatedDatabasePlan, also run on each shard's database of a ShardedDatabasePlan. */
export function checkReplicatedDatabase(r: PlanValueRules): void {
  const rds = catalog.QUOTAS.rds;
  const readerMax = Math.max(catalog.QUOTAS.aurora.replicasPerCluster.value, rds.readReplicasPerSource.value);
  r.integer('azCount', MIN_AZS, MAX_AZS);
  checkFoundation(r, r.at('azCount'));
  checkRdsIdentifier(r, 'identifier');
  r.each('instances', (i) => checkRdsIdentifier(i, 'identifier'));
  r.integer('readers', 0, readerMax, 'readers (the replica quota)');
  r.length('instances', 1, readerMax + 1, 'instances (the writer and its readers)');
  const readers = r.at('readers');
  const instances = r.at('instances');
  if (typeof readers === 'number' && Array.isArray(instances)) {
    r.rules.check(r.prop('instances'), instances.length, instances.length === readers + 1, `one writer plus readers (${readers}) instances`);
  }
  const azCount = r.at('azCount');
  const azMax = typeof azCount === 'number' && Number.isInteger(azCount) ? azCount - 1 : MAX_AZS - 1;
  r.each('instances', (i) => {
    i.integer('az', 0, azMax, '(an index below azCount)');
    i.integer('promotionTier', 0, 15);
  });
  r.integer('port', rds.portMin.value, rds.portMax.value);
  checkServerlessV2Plan(r);
  const cidrs = r.at('allowedCidrs');
  if (Array.isArray(cidrs)) {
    cidrs.forEach((c, i) => r.rules.check(r.prop(`allowedCidrs[${i}]`), c, typeof c === 'string' && CIDR_PATTERN.test(c) && !/\/0$/.test(c),
      'a CIDR block such as 10.0.0.0/16, never /0 (a database is never open to every address)'));
  }
  r.integer('backupRetentionDays', 1, rds.backupRetentionMaxDays.value, 'days');
  const sm = catalog.QUOTAS.secretsManager;
  r.integer('credentials.rotationDays', sm.rotationIntervalMinDays.value, sm.rotationIntervalMaxDays.value, 'days');
  const allowed = catalog.ALLOWED_VALUES.rds;
  const interval = r.at('monitoring.enhancedMonitoringIntervalSeconds');
  if (typeof interval === 'number') {
    r.rules.check(r.prop('monitoring.enhancedMonitoringIntervalSeconds'), interval, allowed.enhancedMonitoringIntervalsSeconds.values.includes(interval),
      `one of ${allowed.enhancedMonitoringIntervalsSeconds.values.join(', ')} s (the Enhanced Monitoring intervals RDS takes)`);
  }
  const retention = r.at('monitoring.performanceInsightsRetentionDays');
  if (typeof retention === 'number' && r.at('monitoring.performanceInsights') === true) {
    const days = allowed.performanceInsightsRetentionDays.values;
    r.rules.check(r.prop('monitoring.performanceInsightsRetentionDays'), retention, days.includes(retention),
      '7, a multiple of 31 up to 713, or 731 days (the Performance Insights retention periods RDS takes)');
  }
  // A provisioned class is one the catalog knows for the engine (a wider random run rendered DBInstanceClass
  // "db.x": aws-cdk-lib's validation rejected it, Terraform wrote it); db.serverless is checkServerlessV2Plan's.
  const engineFamily = r.at('engineFamily');
  if (typeof engineFamily === 'string' && (catalog.DB_ENGINE_FAMILIES as readonly string[]).includes(engineFamily)) {
    const known = catalog.knownDbInstances(engineFamily as catalog.DbEngineFamily);
    const classAt = (path: string) => {
      const v = r.at(path);
      if (typeof v !== 'string' || v === 'db.serverless') return;
      r.rules.check(r.prop(path), v, known.includes(v), `a DB instance class the catalog knows for ${engineFamily}: ${known.join(', ')}`);
    };
    classAt('instanceClass');
    r.each('instances', (_i, index) => classAt(`instances[${index}].instanceClass`));
  }
  // The engine's version and its parameter group family, as options are held to (a wider random run
  // rendered EngineVersion "x": aws-cdk-lib's validation warned, Terraform wrote it as given).
  const engine = r.at('engine');
  if (typeof engine === 'string' && (Object.values(DatabaseEngine) as string[]).includes(engine)) {
    const { family: expected, allowed: versions } = engineVersionFamily(engine as DatabaseEngine, r.at('engineVersion'));
    if (r.rules.check(r.prop('engineVersion'), r.at('engineVersion'), expected !== undefined, `${versions} (engine ${engine})`)) {
      r.rules.check(r.prop('parameterGroupFamily'), r.at('parameterGroupFamily'), r.at('parameterGroupFamily') === expected,
        `${expected}, the family of engineVersion ${String(r.at('engineVersion'))}`);
    }
  }
  // The log types the engine exports, each once (aws-cdk-lib threw its own error on another).
  const family = r.at('engineFamily');
  const exportsOf = typeof family === 'string' ? catalog.DB_LOG_EXPORTS[family] : undefined;
  const logs = r.at('monitoring.cloudwatchLogsExports');
  if (exportsOf && Array.isArray(logs)) {
    logs.forEach((l, i) => r.rules.check(r.prop(`monitoring.cloudwatchLogsExports[${i}]`), l,
      typeof l === 'string' && exportsOf.values.includes(l) && logs.indexOf(l) === i,
      `a log type ${String(family)} exports, listed once: ${exportsOf.values.join(', ')}`));
  }
  // Aurora: a snapshotted or deleted cluster must be able to delete its instances first.
  const clusterRemoval = r.at('removalPolicy');
  const instanceRemoval = r.at('clusterInstanceRemovalPolicy');
  if (r.at('aurora') === true) {
    r.rules.check(r.prop('clusterInstanceRemovalPolicy'), instanceRemoval, instanceRemoval === 'DESTROY' || (instanceRemoval === 'RETAIN' && clusterRemoval === 'RETAIN'),
      'DESTROY, or RETAIN with removalPolicy RETAIN (a cluster is snapshotted or deleted only once its instances are gone)');
  } else {
    r.rules.check(r.prop('clusterInstanceRemovalPolicy'), instanceRemoval, instanceRemoval === undefined, 'unset on RDS engines (see replicaRemovalPolicy)');
  }
  // One apply method per parameter, and none for a parameter the group does not set.
  const parameters = r.at('parameters');
  const methods = r.at('parameterApplyMethods');
  if (parameters !== null && typeof parameters === 'object' && methods !== null && typeof methods === 'object') {
    const names = Object.keys(parameters).sort().join(', ');
    r.rules.check(r.prop('parameterApplyMethods'), Object.keys(methods).sort().join(', '), Object.keys(methods).sort().join(', ') === names,
      `an apply method for each parameter and no other (${names})`);
  }
  checkStoragePlan(r);
  checkDatabaseProxy(r);
}

/** The storage type, provisioned IOPS and throughput: none on Aurora; what RDS accepts on RDS. */
function checkStoragePlan(r: PlanValueRules): void {
  const kind = r.at('storage.kind');
  const iops = r.at('storage.iops');
  const throughput = r.at('storage.throughputMiBps');
  if (r.at('aurora') === true) {
    r.rules.check(r.prop('storage.kind'), kind, kind === DatabaseStorageKind.AURORA_CLUSTER_VOLUME, 'AURORA_CLUSTER_VOLUME with Aurora');
    const none = 'unset with Aurora: the cluster volume has no provisioned IOPS or throughput';
    r.rules.check(r.prop('storage.iops'), iops, iops === undefined, none);
    r.rules.check(r.prop('storage.throughputMiBps'), throughput, throughput === undefined, none);
    return;
  }
  if (r.at('aurora') !== false) return;
  const family = r.at('engineFamily');
  checkStoragePerformance((prop, value, ok, allowed) => r.rules.check(r.prop(prop), value, ok, allowed), {
    kind,
    allocatedGiB: r.at('storage.allocatedGiB'),
    maxAllocatedGiB: r.at('storage.maxAllocatedGiB'),
    iops,
    throughputMiBps: throughput,
    mysql: family === catalog.DbEngineFamily.MYSQL,
  }, { kind: 'storage.kind', allocatedGiB: 'storage.allocatedGiB', iops: 'storage.iops', throughputMiBps: 'storage.throughputMiBps' });
  if (kind === DatabaseStorageKind.GP3) {
    // A provisioned gp3 plan holds both values (the backends render both).
    r.rules.check(r.prop('storage.throughputMiBps'), throughput, (iops === undefined) === (throughput === undefined),
      'given together with storage.iops on gp3 (both absent: the gp3 baseline)');
  }
}

export const REPLICATED_DATABASE_PLAN_RULES: BlockPlanRules = {
  kind: BlockKind.REPLICATED_DATABASE,
  plan: planReplicatedDatabase,
  type: 'ReplicatedDatabasePlan',
  schema: 'plans/replicated-database.schema.json',
  check: checkReplicatedDatabase,
};

/** The rules of a plan's RDS Proxy (`proxy`), when it has one. */
export function checkDatabaseProxy(r: PlanValueRules): void {
  const proxy = r.at('proxy');
  if (proxy === undefined) return;
  if (!r.rules.check(r.prop('proxy'), proxy, proxy !== null && typeof proxy === 'object' && !Array.isArray(proxy), 'an object of DatabaseProxyPlan')) return;
  const rds = catalog.QUOTAS.rds;
  checkRdsIdentifier(r, 'proxy.name');
  r.integer('proxy.maxConnectionsPercent', 1, rds.proxyMaxConnectionsPercentMax.value, 'percent of max_connections');
  const max = r.at('proxy.maxConnectionsPercent');
  r.integer('proxy.maxIdleConnectionsPercent', 0, typeof max === 'number' && Number.isInteger(max) ? max : rds.proxyMaxConnectionsPercentMax.value,
    'percent of max_connections (at most proxy.maxConnectionsPercent)');
  r.integer('proxy.connectionBorrowTimeoutSeconds', 0, rds.proxyBorrowTimeoutMaxSeconds.value, 'seconds (0 waits without limit)');
  const family = r.at('engineFamily');
  const postgres = family === catalog.DbEngineFamily.AURORA_POSTGRESQL || family === catalog.DbEngineFamily.POSTGRESQL;
  const engine = r.at('proxy.engineFamily');
  r.rules.check(r.prop('proxy.engineFamily'), engine, engine === (postgres ? 'POSTGRESQL' : 'MYSQL'),
    `${postgres ? 'POSTGRESQL' : 'MYSQL'} (the proxy's engine family follows the database's, ${String(family)})`);
  const target = r.at('proxy.target');
  const aurora = r.at('aurora') === true;
  r.rules.check(r.prop('proxy.target'), target, target === (aurora ? 'cluster' : 'writer'),
    aurora ? 'cluster (an Aurora proxy targets the cluster)' : 'writer (an RDS proxy targets the writer instance)');
}
