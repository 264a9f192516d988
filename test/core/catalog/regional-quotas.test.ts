import { DECLARABLE_QUOTAS, quotaAt, quotaFor, QUOTAS, REGIONAL_QUOTAS } from '../../../src/core/catalog';

describe('quotas by Region', () => {
  test.each([
    // API Gateway: 2,500 requests/s in the Regions the quotas page lists, 10,000 in every other one.
    ['apiGateway.accountThrottleRps', 'af-south-1', 2500],
    ['apiGateway.accountThrottleRps', 'eu-south-1', 2500],
    ['apiGateway.accountThrottleRps', 'ap-southeast-3', 2500],
    ['apiGateway.accountThrottleRps', 'me-central-1', 2500],
    ['apiGateway.accountThrottleRps', 'mx-central-1', 2500],
    ['apiGateway.accountThrottleRps', 'us-east-1', 10_000],
    ['apiGateway.accountThrottleRps', 'eu-west-1', 10_000],
    ['apiGateway.accountBurst', 'af-south-1', 1250],
    ['apiGateway.accountBurst', 'us-west-2', 5000],
    // High-throughput FIFO: the five Regions the SQS page names.
    ['sqs.fifoHighThroughputTransactionsPerSecond', 'us-east-1', 70_000],
    ['sqs.fifoHighThroughputTransactionsPerSecond', 'eu-west-1', 70_000],
    ['sqs.fifoHighThroughputTransactionsPerSecond', 'us-east-2', 19_000],
    ['sqs.fifoHighThroughputTransactionsPerSecond', 'eu-central-1', 19_000],
    // DB instances: 20 in Mumbai, 40 elsewhere.
    ['rds.dbInstancesPerRegion', 'ap-south-1', 20],
    ['rds.dbInstancesPerRegion', 'eu-west-1', 40],
    // A quota that does not differ by Region.
    ['aurora.clustersPerRegion', 'af-south-1', 40],
  ])('GIVEN %s in %s WHEN read THEN %d, the Region\'s own figure', (path, region, value) => {
    const r = quotaFor(path, { region });
    expect(r).toMatchObject({ path, value, region, declared: false, regionUnknown: false, source: `catalog.QUOTAS.${path}` });
    expect(r.basis).toContain(`the default quota in ${region}`);
  });

  test('GIVEN a Region the catalog has no high-throughput FIFO figure for WHEN read THEN no value, and the basis says so (never 70,000)', () => {
    const r = quotaFor('sqs.fifoHighThroughputTransactionsPerSecond', { region: 'ap-south-1' });
    expect(r.value).toBeUndefined();
    expect(r.basis).toMatch(/^the catalog has no figure for ap-south-1 .*declare quotas\.sqs\.fifoHighThroughputTransactionsPerSecond/);
  });

  test('GIVEN no Region WHEN a Regional quota is read THEN the most common figure, flagged, with the lowest default for the check', () => {
    expect(quotaFor('apiGateway.accountThrottleRps')).toMatchObject({ value: 10_000, regionUnknown: true, lowestDefault: 2500 });
    expect(quotaFor('apiGateway.accountThrottleRps').basis).toMatch(/^the Region is not known/);
    expect(quotaFor('elb.targetsPerTargetGroup')).toMatchObject({ value: 1000, regionUnknown: false });
  });

  test('GIVEN a declared quota WHEN read THEN it wins over the Region\'s default and says it is the user\'s statement', () => {
    const r = quotaFor('apiGateway.accountThrottleRps', { region: 'af-south-1', quotas: { 'apiGateway.accountThrottleRps': 8000 } });
    expect(r).toMatchObject({ value: 8000, declared: true });
    expect(r.basis).toContain('the raised quota the spec declares for af-south-1');
    expect(r.basis).toContain('the user\'s statement');
  });

  test('GIVEN the tables WHEN read THEN every Regional rule and declarable quota names a QUOTAS leaf whose common figure it keeps', () => {
    for (const [path, rule] of Object.entries(REGIONAL_QUOTAS)) {
      expect(rule.path).toBe(path);
      expect(quotaAt(path)).toBeDefined();
      if (rule.otherRegions !== undefined) expect(rule.otherRegions).toBe(quotaAt(path)!.value);
    }
    for (const path of DECLARABLE_QUOTAS) expect(quotaAt(path)).toBeDefined();
    expect(QUOTAS.apiGateway.accountThrottleRpsNewerRegions.value).toBe(REGIONAL_QUOTAS['apiGateway.accountThrottleRps'].byRegion['af-south-1']);
    expect(() => quotaFor('nope.nothing')).toThrow(/no quota nope\.nothing/);
  });
});
