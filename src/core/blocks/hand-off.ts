/*
 * Plans that a SystemStack has just made with the core's planner (`planSystem`) and hands to the
 * block constructs it builds next. Such a plan passes the plan rules by construction (the plan
 * functions and the system chain make only plans that do: test/properties/every-way-in.test.ts
 * proves it for arbitrary specs), and no user code runs between the planning and the hand-off, so
 * `resolvePlan` takes it without the supplied-plan check, which cost about 45 ms of a Terraform
 * synth of the example (BENCHMARKS.md). A plan a user hands to a construct is always checked.
 *
 * Not exported from the package: only the two SystemStacks mark plans.
 */

const HANDED_OFF = new WeakSet<object>();

/**
 * Marks a plan the caller has just made with the core's planner, for the one construct it is
 * handed to next; returns the plan.
 */
export function handOffPlan<P extends object>(plan: P): P {
  HANDED_OFF.add(plan);
  return plan;
}

/**
 * True (once) when `plan` was marked by `handOffPlan`: the mark is used up, so the same object
 * handed to a construct again later (by a user, possibly changed) is checked like any plan.
 */
export function takeHandedOffPlan(plan: unknown): boolean {
  return typeof plan === 'object' && plan !== null && HANDED_OFF.delete(plan);
}
