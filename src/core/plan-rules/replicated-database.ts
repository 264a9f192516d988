import { BlockKind, CIDR_PATTERN, MAX_AZS, MIN_AZS } from '../blocks/common';
import { DatabaseEngine, engineVersionFamily, planReplicatedDatabase } from '../blocks/replicated-database';
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
}

export const REPLICATED_DATABASE_PLAN_RULES: BlockPlanRules = {
  kind: BlockKind.REPLICATED_DATABASE,
  plan: planReplicatedDatabase,
  type: 'ReplicatedDatabasePlan',
  schema: 'plans/replicated-database.schema.json',
  check: checkReplicatedDatabase,
};
