import { headroomText, renderReport } from '../../src/cli/render';
import { planLoadBalancedApi, sizeLoadBalancedApi } from '../../src/core/blocks/load-balanced-api';
import { Scenario, SizingReport, Verdict } from '../../src/core/sizing/report';
import { loadSpecFile } from '../../src/core/spec/loader';
import { planSystem, sizeSystem, SystemSpec } from '../../src/core/system';

describe('renderReport: the static-stability row of auto scaling', () => {
  test('GIVEN the social-feed example WHEN rendered THEN the row reads as CPU after an AZ loss against 100 % CPU, its figures on one line', () => {
    // GIVEN
    const report = sizeSystem(planSystem(loadSpecFile('examples/social-feed/system.yaml').data as SystemSpec));
    // WHEN
    const wide = renderReport(report, { color: false, width: 120, verbose: true });
    const narrow = renderReport(report, { color: false, width: 80, verbose: true });
    // THEN: 50 % target on 3 AZs -> 75 % CPU after an AZ loss, against the 90 % bound
    expect(wide).toMatch(/│ auto scaling\s+│ AZ lost\s+│ 75 % CPU\s+│ 100 % CPU\s+│ 75 % \/ 90 %\s+│ PASS\s+│/);
    // in 80 columns the resource name wraps between its words; the figures stay on one line
    expect(narrow).toMatch(/│ auto\s+│ AZ lost\s+│ 75 % CPU\s+│ 100 % CPU\s+│ 75 % \/ 90 %\s+│ PASS\s+│\n│ scaling\s+│/);
    expect(wide).not.toMatch(/scaling target\s+│/);
    expect(wide).toContain('a 50 % scaling target on 3 AZs runs the survivors at 75 % after an AZ loss, within 90 %');
  });

  test('GIVEN a CPU target too high for the AZs WHEN rendered THEN 105 % CPU against 100 % CPU, the use 105 % / 90 %, and the same fix', () => {
    // GIVEN
    const plan = planLoadBalancedApi({ allowPlainHttp: true, scaling: { targetCpuUtilization: 0.7 }, load: { peakRequestsPerSecond: 1000 } });
    const rows = sizeLoadBalancedApi(plan);
    // WHEN
    const report: SizingReport = { schemaVersion: '1', system: 'probe', rows, assumed: [], notes: [], verdict: Verdict.FAIL };
    const text = renderReport(report, { color: false, width: 120, verbose: false });
    // THEN
    expect(text).toMatch(/│ auto scaling\s+│ AZ lost\s+│ 105 % CPU\s+│ 100 % CPU\s+│ 105 % \/ 90 %\s+│ FAIL\s+│/);
    expect(text).toContain('fix: lower scaling.targetCpuUtilization to <= 0.54 or scaling.requestsPerSecondPerTarget to <= 135, or spread over more AZs');
  });
});

describe('headroomText: the headroom line of the table output', () => {
  const first = { block: 'shop/api', resource: 'api tasks', scenario: Scenario.AZ_LOSS };
  test.each([
    [{ factor: 1.84, firstToFail: first }, '1.84 x the declared load; shop/api api tasks (AZ lost) FAILs first, from 1.85 x'],
    [{ factor: 0.62, firstToFail: first }, 'FAILs at the declared load: no row FAILs up to 0.62 x it; shop/api api tasks (AZ lost) FAILs from 0.63 x'],
    [{ factor: 1000 }, 'no row FAILs up to 1,000 x the declared load'],
  ])('GIVEN %j WHEN rendered THEN %s', (h, text) => {
    expect(headroomText(h)).toBe(text);
  });

  test('GIVEN a report with headroom WHEN rendered THEN the line sits just above the verdict', () => {
    const report: SizingReport = {
      schemaVersion: '1', system: 'probe', rows: [], assumed: [], notes: [], verdict: Verdict.PASS, headroom: { factor: 2.5, firstToFail: first },
    };
    expect(renderReport(report, { color: false, width: 120, verbose: false }))
      .toMatch(/\nHeadroom: 2\.5 x the declared load; shop\/api api tasks \(AZ lost\) FAILs first, from 2\.51 x\nVerdict: PASS/);
  });
});
