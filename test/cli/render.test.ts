import { costSection } from '../../src/cli/html';
import { costText, headroomText, renderReport } from '../../src/cli/render';
import { planLoadBalancedApi, sizeLoadBalancedApi } from '../../src/core/blocks/load-balanced-api';
import { CostEstimate, CostKind, Scenario, SizingReport, Verdict } from '../../src/core/sizing/report';
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

describe('the monthly cost in the text and HTML reports', () => {
  const cost: CostEstimate = {
    currency: 'USD',
    hoursPerMonth: 730,
    averageToPeakRatio: 1,
    pricedFrom: 'cloudformation',
    blocks: [{
      block: 'api',
      blockKind: 'LoadBalancedApi',
      region: 'eu-west-1',
      fixedCents: 4727,
      loadCents: 0,
      totalCents: 4727,
      fixedUsd: '47.27',
      loadUsd: '0.00',
      totalUsd: '47.27',
      partial: true,
      lines: [
        {
          kind: CostKind.FIXED,
          what: 'tasks: 4 x 0.5 vCPU',
          key: 'fargate.vcpu-hour',
          region: 'eu-west-1',
          dimensions: { architecture: 'arm64' },
          quantityPerMonth: 1460,
          unit: 'vCPU-hour',
          priced: true,
          usdPerUnit: '0.03238',
          monthlyCents: 4727,
          monthlyUsd: '47.27',
          origin: 'catalog',
          source: 'Price list <copy>, read 2026-12-07',
        },
        {
          kind: CostKind.FIXED,
          what: '1 x KMS customer managed key',
          key: 'kms.key-month',
          region: 'eu-west-1',
          dimensions: {},
          quantityPerMonth: 1,
          unit: 'month',
          priced: false,
          noPrice: 'no price for kms.key-month in eu-west-1: the catalog has no figure read from a source for it',
        },
      ],
    }],
    fixedCents: 4727,
    loadCents: 0,
    totalCents: 4727,
    fixedUsd: '47.27',
    loadUsd: '0.00',
    totalUsd: '47.27',
    partial: true,
    missing: ['no price for kms.key-month in eu-west-1: the catalog has no figure read from a source for it'],
    notPriced: ['api: load balancer capacity units'],
    assumed: [{ prop: 'load.averageToPeakRatio', value: '1', reason: 'not given' }],
  };
  const report: SizingReport = { schemaVersion: '1.5.0', system: 'probe', rows: [], assumed: [], notes: [], verdict: Verdict.PASS, cost };

  test('GIVEN a partial cost WHEN rendered as text THEN every line, "no price" where missing, the subtotal and the partial total with why', () => {
    const text = renderReport(report, { color: false, width: 140, verbose: false });
    expect(text).toMatch(/Monthly cost \(USD, 730 h a month, on-demand list prices, priced from the cloudformation output\):/);
    expect(text).toMatch(/│ api +│ tasks: 4 x 0\.5 vCPU +│ 47\.27 +│ +│ +│/);
    expect(text).toMatch(/│ api +│ 1 x KMS customer managed key +│ no price +│/);
    expect(text).toMatch(/│ api +│ subtotal +│ 47\.27 +│ 0\.00 +│ 47\.27 \+ \? \(partial\) +│/);
    expect(text).toMatch(/│ system +│ total +│ 47\.27 +│ 0\.00 +│ 47\.27 \+ \? \(partial\) +│/);
    expect(text).toContain('the total is partial: 1 line(s) have no price, left out of it:\n    - no price for kms.key-month in eu-west-1');
    expect(text).toContain('assumed: load.averageToPeakRatio = 1');
    expect(costText('1.00', false)).toBe('1.00');
  });

  test('GIVEN a report without cost WHEN rendered THEN no cost section', () => {
    const { cost: _, ...plain } = report;
    expect(renderReport(plain, { color: false, width: 120, verbose: false })).not.toContain('Monthly cost');
  });

  test('GIVEN a partial cost WHEN rendered as HTML THEN the lines with their source or why there is no price, escaped, and the partial total', () => {
    const html = costSection(cost);
    expect(html).toContain('<h2 id="cost">Monthly cost: 47.27 + ? (partial) USD</h2>');
    expect(html).toContain('0.03238 USD / vCPU-hour; Price list &lt;copy&gt;, read 2026-12-07');
    expect(html).toContain('no price for kms.key-month in eu-west-1');
    expect(html).toContain('<p id="cost-partial"><strong>The total is partial:</strong> 1 line(s) have no price');
  });
});
