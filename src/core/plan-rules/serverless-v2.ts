import { isAcuStep, SERVERLESS_V2_INSTANCE_CLASS } from '../blocks/replicated-database/serverless';
import * as catalog from '../catalog';
import { fmt, isFiniteNumber } from '../validation';
import { PlanValueRules } from './common';

/**
 * The Aurora Serverless v2 rules of a supplied ReplicatedDatabasePlan: a scaling configuration only
 * on Aurora, with every instance `db.serverless`; its capacities within the catalog's limits in
 * half-ACU steps, the maximum at least the minimum; auto-pause only with a minimum of 0. Without one,
 * no instance is `db.serverless` (it cannot exist in a cluster without a scaling configuration).
 */
export function checkServerlessV2Plan(r: PlanValueRules): void {
  const a = catalog.QUOTAS.aurora;
  const s = r.at('serverlessV2');
  const classes: Array<[string, unknown]> = [['instanceClass', r.at('instanceClass')]];
  const instances = r.at('instances');
  if (Array.isArray(instances)) instances.forEach((_, i) => classes.push([`instances[${i}].instanceClass`, r.at(`instances[${i}].instanceClass`)]));
  if (s === undefined) {
    for (const [path, v] of classes) {
      r.rules.check(r.prop(path), v, v !== SERVERLESS_V2_INSTANCE_CLASS,
        `a provisioned class: ${SERVERLESS_V2_INSTANCE_CLASS} needs the cluster's serverlessV2 scaling configuration`);
    }
    return;
  }
  r.rules.check(r.prop('serverlessV2'), s, r.at('aurora') === true, 'unset unless aurora is true: Aurora Serverless v2 is an Aurora engine\'s');
  for (const [path, v] of classes) {
    r.rules.check(r.prop(path), v, v === SERVERLESS_V2_INSTANCE_CLASS, `${SERVERLESS_V2_INSTANCE_CLASS} with serverlessV2`);
  }
  const step = a.serverlessV2AcuStep.value;
  const acu = (path: string, low: number): boolean => {
    const v = r.at(path);
    return r.rules.check(r.prop(path), v, isFiniteNumber(v) && v >= low && v <= a.serverlessV2MaxAcu.value && isAcuStep(v),
      `ACUs from ${fmt(low)} to ${fmt(a.serverlessV2MaxAcu.value)} in ${fmt(step)} ACU steps`);
  };
  const minOk = acu('serverlessV2.minCapacityAcu', a.serverlessV2MinAcu.value);
  const maxOk = acu('serverlessV2.maxCapacityAcu', a.serverlessV2MaxAcuMin.value);
  if (minOk && maxOk) r.ordered('serverlessV2.minCapacityAcu', 'serverlessV2.maxCapacityAcu');
  const pause = r.at('serverlessV2.secondsUntilAutoPause');
  if (minOk && r.at('serverlessV2.minCapacityAcu') === 0) {
    r.rules.check(r.prop('serverlessV2.secondsUntilAutoPause'), pause, pause !== undefined,
      'given with minCapacityAcu 0: the seconds idle before auto-pause');
  } else {
    r.rules.check(r.prop('serverlessV2.secondsUntilAutoPause'), pause, pause === undefined, 'unset unless minCapacityAcu is 0 (auto-pause)');
  }
  r.integer('serverlessV2.secondsUntilAutoPause', a.serverlessV2AutoPauseMinSeconds.value, a.serverlessV2AutoPauseMaxSeconds.value, 'seconds');
}
