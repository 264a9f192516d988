import { Assumptions } from '../../assumptions';
import * as catalog from '../../catalog';
import { fmt, isFiniteNumber, isPlainObject, Rules } from '../../validation';

// ReplicatedDatabase: Aurora Serverless v2 (every instance of the cluster a `db.serverless` instance
// scaling between the cluster's minimum and maximum ACUs): the options, the plan and their resolver.

/** Aurora Serverless v2 for a ReplicatedDatabase on an Aurora engine. */
export interface DatabaseServerlessV2Options {
  /**
   * Fewest Aurora capacity units (ACUs) each instance scales down to, in 0.5 ACU steps: 0 pauses
   * an idle instance (auto-pause; only on engine versions that support it), else 0.5 to 256.
   * Aurora PostgreSQL caps max_connections at 2,000 with a minimum of 0.5 ACU or less.
   *
   * @default 0.5
   */
  readonly minCapacityAcu?: number;
  /**
   * Most ACUs each instance scales up to, in 0.5 ACU steps from 1 to 256 (128 on older engine
   * versions), at least `minCapacityAcu`. The sizing counts each instance at this capacity.
   *
   * @default - the smallest maximum, in 0.5 ACU steps from 8 ACUs (the memory of db.r7g.large),
   * whose instances carry the declared writes and connections and, when `readers` is left to its
   * default, the declared reads on at most the replica quota of readers; 8 without load
   */
  readonly maxCapacityAcu?: number;
  /**
   * With `minCapacityAcu` 0: seconds an instance stays idle before Aurora pauses it (300..86,400).
   *
   * @default - 300 with minCapacityAcu 0 (the shortest Aurora accepts); unset otherwise
   */
  readonly secondsUntilAutoPause?: number;
}

/** The resolved Aurora Serverless v2 scaling of the cluster (ServerlessV2ScalingConfiguration). */
export interface DatabaseServerlessV2Plan {
  /** Fewest ACUs of each `db.serverless` instance (0: auto-pause). */
  readonly minCapacityAcu: number;
  /** Most ACUs of each `db.serverless` instance: the capacity the sizing counts. */
  readonly maxCapacityAcu: number;
  /**
   * Seconds idle before an instance pauses; only with `minCapacityAcu` 0.
   *
   * @default - absent: no auto-pause (minCapacityAcu above 0)
   */
  readonly secondsUntilAutoPause?: number;
}

/** The DB instance class of every Aurora Serverless v2 instance. */
export const SERVERLESS_V2_INSTANCE_CLASS = 'db.serverless';

/** Default minimum capacity: the smallest that keeps an idle instance running (no auto-pause). */
export const DEFAULT_SERVERLESS_V2_MIN_ACU = 0.5;

/** Default maximum capacity without load: the memory of db.r7g.large (16 GiB), the provisioned default. */
export const DEFAULT_SERVERLESS_V2_MAX_ACU = 8;

/** Whether `acu` is a capacity Aurora accepts: a multiple of the catalog's step. */
export function isAcuStep(acu: number): boolean {
  const step = catalog.QUOTAS.aurora.serverlessV2AcuStep.value;
  return isFiniteNumber(acu) && Math.abs(acu / step - Math.round(acu / step)) < 1e-9;
}

/** The given serverlessV2 options, validated (every failure reported); undefined when not given or not an Aurora engine. */
export interface ServerlessV2Given {
  readonly minCapacityAcu: number;
  readonly maxCapacityAcu?: number;
  readonly secondsUntilAutoPause?: number;
}

/**
 * Validates `serverlessV2` against the engine (Aurora only, no instanceClass beside it) and the
 * catalog's limits; returns what was given, with the minimum resolved, or undefined when not given.
 */
export function checkServerlessV2(rules: Rules, given: unknown, ctx: { aurora: boolean; engine: string; instanceClass: unknown }):
ServerlessV2Given | undefined {
  if (given === undefined) return undefined;
  if (!rules.check('serverlessV2', given, isPlainObject(given), 'an object of DatabaseServerlessV2Options')) return undefined;
  const ok = rules.check('serverlessV2', given, ctx.aurora,
    `unset with ${ctx.engine}: Aurora Serverless v2 is an Aurora engine's (AURORA_POSTGRESQL or AURORA_MYSQL)`);
  rules.check('instanceClass', ctx.instanceClass, ctx.instanceClass === undefined,
    `unset with serverlessV2: every instance is ${SERVERLESS_V2_INSTANCE_CLASS}, sized by serverlessV2.maxCapacityAcu`);
  const a = catalog.QUOTAS.aurora;
  const g = given as DatabaseServerlessV2Options;
  const minAllowed = a.serverlessV2MinAcu.value;
  const maxAllowed = a.serverlessV2MaxAcu.value;
  const maxFloor = a.serverlessV2MaxAcuMin.value;
  const step = a.serverlessV2AcuStep.value;
  const acu = (prop: string, v: unknown, low: number): boolean => v === undefined || rules.check(`serverlessV2.${prop}`, v,
    isFiniteNumber(v) && v >= low && v <= maxAllowed && isAcuStep(v), `ACUs from ${fmt(low)} to ${fmt(maxAllowed)} in ${fmt(step)} ACU steps`);
  const minOk = acu('minCapacityAcu', g.minCapacityAcu, minAllowed);
  const maxOk = acu('maxCapacityAcu', g.maxCapacityAcu, maxFloor);
  const min = minOk && g.minCapacityAcu !== undefined ? g.minCapacityAcu : DEFAULT_SERVERLESS_V2_MIN_ACU;
  if (maxOk && g.maxCapacityAcu !== undefined) {
    rules.check('serverlessV2.maxCapacityAcu', g.maxCapacityAcu, g.maxCapacityAcu >= min, `at least serverlessV2.minCapacityAcu (${fmt(min)})`);
  }
  const s = g.secondsUntilAutoPause;
  const pauseMin = a.serverlessV2AutoPauseMinSeconds.value;
  const pauseMax = a.serverlessV2AutoPauseMaxSeconds.value;
  let pauseOk = s === undefined || rules.integer('serverlessV2.secondsUntilAutoPause', s, pauseMin, pauseMax, 'seconds');
  if (s !== undefined && pauseOk) {
    pauseOk = rules.check('serverlessV2.secondsUntilAutoPause', s, min === 0, 'unset unless serverlessV2.minCapacityAcu is 0 (auto-pause)');
  }
  if (!ok) return undefined;
  return {
    minCapacityAcu: min,
    ...(maxOk && isFiniteNumber(g.maxCapacityAcu) && g.maxCapacityAcu >= min ? { maxCapacityAcu: g.maxCapacityAcu } : {}),
    ...(min === 0 ? { secondsUntilAutoPause: pauseOk && s !== undefined ? s : pauseMin } : {}),
  };
}

/**
 * The plan of the scaling: the minimum and pause as given or defaulted, the maximum as given or
 * `defaultMax()` (recorded as assumed).
 */
export function resolveServerlessV2(assumed: Assumptions, given: ServerlessV2Given, defaultMax: () => { acu: number; reason: string }):
DatabaseServerlessV2Plan {
  const fallback = given.maxCapacityAcu === undefined ? defaultMax() : undefined;
  const maxCapacityAcu = assumed.take('serverlessV2.maxCapacityAcu', given.maxCapacityAcu, fallback?.acu ?? DEFAULT_SERVERLESS_V2_MAX_ACU,
    fallback?.reason ?? '', (v) => `${fmt(v)} ACUs`);
  return {
    minCapacityAcu: given.minCapacityAcu,
    maxCapacityAcu: Math.max(maxCapacityAcu, given.minCapacityAcu),
    ...(given.secondsUntilAutoPause !== undefined ? { secondsUntilAutoPause: given.secondsUntilAutoPause } : {}),
  };
}

/** Notes on a Serverless v2 database the report prints beside its rows (what its scaling means for the app). */
export function serverlessV2Notes(plan: { path: string; serverlessV2?: DatabaseServerlessV2Plan }): string[] {
  const s = plan.serverlessV2;
  if (!s) return [];
  const notes = [`${plan.path}: Aurora Serverless v2, every instance db.serverless scaling from ${fmt(s.minCapacityAcu)} to ${fmt(s.maxCapacityAcu)} ACUs; `
    + 'the sizing counts each instance at its maximum, which it reaches only as load grows (not instantly)'];
  if (s.secondsUntilAutoPause !== undefined) {
    notes.push(`${plan.path}: auto-pause: an instance idle for ${fmt(s.secondsUntilAutoPause)} s pauses, and the first connection after waits for it to resume`);
  }
  return notes;
}
