import { resolvePlan } from '../../src/core/blocks/common';
import { handOffPlan, takeHandedOffPlan } from '../../src/core/blocks/hand-off';
import { planLoadBalancedApi } from '../../src/core/blocks/load-balanced-api';
import { ValidationError } from '../../src/core/errors';
import * as planRules from '../../src/core/plan-rules';

/*
 * A plan a SystemStack has just made is handed to its block unchecked, once; every other plan a
 * construct is given is checked (src/core/plan-rules).
 */

afterEach(() => jest.restoreAllMocks());

describe('the hand-off of a plan the core has just made', () => {
  test('GIVEN a handed-off plan WHEN a construct resolves it THEN it is taken as made, without the supplied-plan check', () => {
    // GIVEN
    const check = jest.spyOn(planRules, 'checkSuppliedPlan');
    const plan = handOffPlan(planLoadBalancedApi({ allowPlainHttp: true }));
    // WHEN
    const resolved = resolvePlan({}, plan, planLoadBalancedApi, 'Sys/Api');
    // THEN
    expect(resolved).toBe(plan);
    expect(check).not.toHaveBeenCalled();
  });

  test('GIVEN a handed-off plan already taken WHEN it is handed to a construct again, changed THEN it is checked like any plan', () => {
    // GIVEN
    const check = jest.spyOn(planRules, 'checkSuppliedPlan');
    const plan = handOffPlan(planLoadBalancedApi({ allowPlainHttp: true }));
    resolvePlan({}, plan, planLoadBalancedApi, 'Sys/Api');
    // WHEN the same object is given again, after a change no planner made
    (plan as any).container.port = -1;
    // THEN
    expect(() => resolvePlan({}, plan, planLoadBalancedApi, 'Other/Api')).toThrow(/Other\/Api: plan\.container\.port = -1/);
    expect(check).toHaveBeenCalledTimes(1);
  });

  test('GIVEN a plan nobody handed off WHEN a construct resolves it THEN it is checked', () => {
    const check = jest.spyOn(planRules, 'checkSuppliedPlan');
    const plan = planLoadBalancedApi({ allowPlainHttp: true });
    expect(resolvePlan({}, plan, planLoadBalancedApi, 'Sys/Api')).toBe(plan);
    expect(check).toHaveBeenCalledTimes(1);
  });

  test('GIVEN a handed-off plan and options together WHEN resolved THEN the combination is still rejected', () => {
    const plan = handOffPlan(planLoadBalancedApi({ allowPlainHttp: true }));
    expect(() => resolvePlan({ name: 'x' }, plan, planLoadBalancedApi, 'Sys/Api')).toThrow(ValidationError);
  });

  test.each([[undefined], [null], ['a string'], [42]])('GIVEN %p WHEN asked whether it was handed off THEN no', (value) => {
    expect(takeHandedOffPlan(value)).toBe(false);
  });
});
