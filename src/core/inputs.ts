import { renderValue, ValidationError } from './errors';
import { isPlainObject } from './validation';

/**
 * The format of the plans this scaleblocks makes and renders. Bump it whenever a plan field is
 * added, removed, renamed or changes meaning: a plan of another format is rejected by every
 * construct it is given to (re-plan it with this version).
 *
 * 3: the database's proxy, Serverless v2 and storage load, the API's ramp and response size.
 */
export const PLAN_FORMAT_VERSION = '3';

/**
 * The first check of every way in (a plan function, a construct of either backend, a
 * SystemStack): the options (or props) must be an object. `null`, a string, a number, an
 * array, a function... would otherwise be destructured into a TypeError or silently read as
 * "no options" (`planTieredCache('abc')`). Throws one ValidationError naming the prop, the value
 * and what is allowed; returns the value unchanged, so a constructor can guard its props in the
 * expression that reads them.
 *
 * @param value the options or props as given
 * @param path construct path or block name, shown in the error
 * @param prop how the value is called in the error: `(options)` for a plan function, `props` for a construct
 * @param type the interface the value should be, e.g. `LoadBalancedApiProps`
 * @param required whether `undefined` is rejected too (props with a required member, e.g. a SystemStack's `spec`)
 */
export function checkOptionsObject<T>(value: T, path: string, prop: string, type: string, required = false): T {
  if (value === undefined && !required) return value;
  if (isPlainObject(value)) return value;
  throw new ValidationError([{
    path,
    prop,
    value: renderValue(value),
    allowed: `an object of ${type}${required ? '' : ' (or nothing, for the defaults)'}`,
  }]);
}

/**
 * `checkOptionsObject` for a plan function's `(options)`; the path is the context's, else the
 * block's default name. A `context` that is not an object is rejected the same way.
 */
export function checkPlanInputs(options: unknown, context: unknown, defaultName: string, type: string): void {
  const ctxPath = isPlainObject(context) && typeof context.path === 'string' ? context.path : defaultName;
  checkOptionsObject(options, ctxPath, '(options)', type);
  checkOptionsObject(context, ctxPath, '(context)', 'PlanContext');
}
