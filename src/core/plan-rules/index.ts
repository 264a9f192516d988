import { BlockKind, PLAN_FORMAT_VERSION } from '../blocks/common';
import { ValidationError, ValidationIssue } from '../errors';
import { schemaProblems } from '../schema-check';
import { isPlainObject, Rules } from '../validation';
import { BlockPlanRules, genericValueRules, planIssue, PlanValueRules } from './common';
import { GLOBAL_CDN_PLAN_RULES } from './global-cdn';
import { LOAD_BALANCED_API_PLAN_RULES } from './load-balanced-api';
import { MICROSERVICE_GATEWAY_PLAN_RULES } from './microservice-gateway';
import { REPLICATED_DATABASE_PLAN_RULES } from './replicated-database';
import { SHARDED_DATABASE_PLAN_RULES } from './sharded-database';
import { TIERED_CACHE_PLAN_RULES } from './tiered-cache';
import { WORK_QUEUE_PLAN_RULES } from './work-queue';

export type { BlockPlanRules } from './common';
export { PlanValueRules, genericValueRules, MAX_PLAN_COUNT } from './common';

/** The plan rules of each block. */
function planRules(): BlockPlanRules[] {
  return [LOAD_BALANCED_API_PLAN_RULES, TIERED_CACHE_PLAN_RULES, REPLICATED_DATABASE_PLAN_RULES, SHARDED_DATABASE_PLAN_RULES,
    WORK_QUEUE_PLAN_RULES, GLOBAL_CDN_PLAN_RULES, MICROSERVICE_GATEWAY_PLAN_RULES];
}

/** The rules of a block. */
export function planRulesOf(kind: BlockKind): BlockPlanRules {
  const found = planRules().find((r) => r.kind === kind);
  if (!found) throw new Error(`no plan rules for ${kind}`);
  return found;
}

/**
 * Every problem of a plan handed to a construct of `kind`: not an object, a plan of another block
 * or of another format (then nothing else is checked: its fields mean something else), its
 * structure against the block's plan schema, then its values (the generic rules, then the block's).
 *
 * @param path the construct path, shown in each issue
 */
export function suppliedPlanIssues(kind: BlockKind, plan: unknown, path: string): ValidationIssue[] {
  const rules = planRulesOf(kind);
  if (!isPlainObject(plan)) return [planIssue(path, 'plan', plan, `a ${rules.type} (an object made by plan${kind}())`)];
  if (plan.planVersion !== PLAN_FORMAT_VERSION) {
    return [planIssue(path, 'plan.planVersion', plan.planVersion,
      `${PLAN_FORMAT_VERSION}: a plan of format ${plan.planVersion === undefined ? '(none)' : String(plan.planVersion)}; `
      + `this scaleblocks renders ${PLAN_FORMAT_VERSION}: re-plan with this version`)];
  }
  if (plan.kind !== kind) return [planIssue(path, 'plan.kind', plan.kind, `${kind}: a ${rules.type}, made by plan${kind}()`)];
  const issues: ValidationIssue[] = schemaProblems(rules.schema, plan).map((p) =>
    planIssue(path, p.path === '(root)' ? 'plan' : `plan.${p.path}`, p.value, p.allowed));
  const values = new Rules(path);
  genericValueRules(values, plan);
  rules.check(new PlanValueRules(values, plan), plan);
  const seen = new Set(issues.map((i) => i.prop));
  for (const issue of values.issues) {
    if (!seen.has(issue.prop)) issues.push(issue);
    seen.add(issue.prop);
  }
  return issues;
}

/**
 * Throws one ValidationError listing every problem of a plan supplied to a construct; returns
 * the plan when it has none.
 *
 * @param planFunction the block's plan function (`planWorkQueue`...), which names the block
 */
export function checkSuppliedPlan<P>(planFunction: Function, plan: P, path: string): P {
  const rules = planRules().find((r) => r.plan === planFunction);
  if (!rules) throw new Error(`no plan rules for ${planFunction.name}`);
  const issues = suppliedPlanIssues(rules.kind, plan, path);
  if (issues.length > 0) throw new ValidationError(issues);
  return plan;
}
