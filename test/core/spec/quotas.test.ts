import { Errors, ValidationError } from '../../../src/core/errors';
import { Scenario, SizingRow, Verdict } from '../../../src/core/sizing/report';
import { planSystem, sizeSystem, SystemSpec } from '../../../src/core/system';

/** A gateway of one service carrying `peak` requests/s, in `region`. */
function gatewaySystem(region: string, peak: number, extra: Partial<SystemSpec> = {}): SystemSpec {
  return {
    name: 'shop',
    region,
    load: { peakRequestsPerSecond: 0 },
    gateway: {
      jwtAuthorizer: { issuerUrl: `https://cognito-idp.${region}.amazonaws.com/${region}_abc123`, audiences: ['client-1'] },
      services: [{ name: 'orders', pathPrefix: '/orders', scaling: { minTasks: 40, maxTasks: 60 } }],
      load: { peakRequestsPerSecond: peak },
    },
    ...extra,
  } as unknown as SystemSpec;
}

const throttleRow = (spec: SystemSpec): SizingRow => {
  const rows = sizeSystem(planSystem(spec)).rows.filter((r) => r.resource === 'account throttle' && r.scenario === Scenario.LIMIT);
  expect(rows).toHaveLength(1);
  return rows[0];
};

const issuesOf = (f: () => unknown): string[] => {
  try {
    f();
  } catch (e) {
    if (Errors.isValidationError(e)) return (e as ValidationError).issues.map((i) => `${i.prop} = ${i.value}: ${i.allowed}`);
    throw e;
  }
  return [];
};

describe('quotas by Region in a system', () => {
  test('GIVEN af-south-1 and a 6,000 requests/s gateway WHEN sized THEN the account throttle row FAILs against 2,500, naming the Region', () => {
    const r = throttleRow(gatewaySystem('af-south-1', 6000));
    expect(r.verdict).toBe(Verdict.FAIL);
    expect(r.capacity).toBe(2500);
    expect(r.reason).toContain('the default quota in af-south-1');
    expect(r.sources).toEqual(['catalog.QUOTAS.apiGateway.accountThrottleRps']);
    expect(r.fix).toMatch(/^request the API Gateway quota "Throttle quota per account, per Region across HTTP APIs, REST APIs, WebSocket APIs, and WebSocket callback APIs" \(Service Quotas L-8A5B8E43\) of >= 6,667 requests\/s in af-south-1, then declare it \(quotas\.apiGateway\.accountThrottleRps: 6667; the gateway's accountThrottleRps defaults to the declared quota\)$/);
  });

  test('GIVEN us-east-1 and the same gateway WHEN sized THEN it passes against 10,000', () => {
    const r = throttleRow(gatewaySystem('us-east-1', 6000));
    expect(r).toMatchObject({ verdict: Verdict.PASS, capacity: 10_000 });
  });

  test('GIVEN af-south-1 with a declared raised throttle WHEN sized THEN the row uses it, says it is the user\'s statement, and the report lists it', () => {
    const spec = gatewaySystem('af-south-1', 6000, { quotas: { 'apiGateway.accountThrottleRps': 10_000 } });
    const report = sizeSystem(planSystem(spec));
    const r = throttleRow(spec);
    expect(r).toMatchObject({ verdict: Verdict.PASS, capacity: 10_000 });
    expect(r.reason).toContain('the raised quota the spec declares for af-south-1');
    expect(report.notes.join('\n')).toContain('raised quotas declared for af-south-1 (your statement, not checked against the account): quotas.apiGateway.accountThrottleRps 10,000');
  });

  test('GIVEN a declared DB instances quota WHEN a sharded system is sized THEN its quota row reads it', () => {
    const spec = {
      name: 'many',
      region: 'eu-west-1',
      load: { peakRequestsPerSecond: 100 },
      shardedDatabase: { shardCount: 30, shardDefaults: { instanceClass: 'db.r7g.large', readers: 1 } },
    } as unknown as SystemSpec;
    const rowOf = (s: SystemSpec): SizingRow => sizeSystem(planSystem(s)).rows.find((r) => r.resource.startsWith('DB instances per Region'))!;
    const before = rowOf(spec);
    expect(before).toMatchObject({ verdict: Verdict.FAIL, demand: 60, capacity: 40 });
    expect(before.fix).toMatch(/^request a DB instances quota of >= 67 in eu-west-1 \(Service Quotas, Amazon RDS: DB instances\)/);
    expect(rowOf({ ...spec, quotas: { 'rds.dbInstancesPerRegion': 67 } })).toMatchObject({ verdict: Verdict.PASS, capacity: 67 });
    expect(rowOf({ ...spec, quotas: { 'rds.dbInstancesPerRegion': 66 } }).verdict).not.toBe(Verdict.PASS);
  });

  test('GIVEN high-throughput FIFO jobs in a Region the catalog has no figure for WHEN sized THEN the row WARNs and says so, never 70,000', () => {
    const spec = (region: string): SystemSpec => ({
      name: 'jobs',
      region,
      load: { peakRequestsPerSecond: 0, jobsPerSecond: 1000 },
      queue: { queueType: 'FIFO', fifo: { highThroughput: true }, workers: { kind: 'LAMBDA' } },
    } as unknown as SystemSpec);
    const fifo = (region: string): SizingRow => sizeSystem(planSystem(spec(region))).rows.find((r) => r.resource === 'FIFO throughput')!;
    const mumbai = fifo('ap-south-1');
    expect(mumbai.verdict).toBe(Verdict.WARN);
    expect(mumbai.capacity).toBe(0);
    expect(mumbai.reason).toContain('the catalog has no figure for ap-south-1');
    expect(mumbai.fix).toMatch(/^declare quotas\.sqs\.fifoHighThroughputTransactionsPerSecond/);
    expect(fifo('us-east-2')).toMatchObject({ verdict: Verdict.PASS, capacity: 19_000 });
    expect(fifo('us-east-1')).toMatchObject({ verdict: Verdict.PASS, capacity: 70_000 });
  });

  test('GIVEN GEOGRAPHIC shards WHEN sized THEN each Region\'s DB instance quota is read for that Region (Mumbai: 20)', () => {
    const spec = {
      name: 'geo',
      region: 'eu-west-1',
      load: { peakRequestsPerSecond: 100 },
      shardedDatabase: {
        strategy: 'GEOGRAPHIC',
        shards: [{ geos: ['EU'] }, { geos: ['IN'], region: 'ap-south-1' }],
      },
    } as unknown as SystemSpec;
    const rows = sizeSystem(planSystem(spec)).rows.filter((r) => r.resource.startsWith('DB instances per Region'));
    expect(rows.map((r) => [r.resource, r.capacity])).toEqual(expect.arrayContaining([
      ['DB instances per Region (eu-west-1)', 40], ['DB instances per Region (ap-south-1)', 20],
    ]));
  });

  test.each([
    ['an unknown quota', { 'apiGateway.bogus': 5 }, /^quotas\.apiGateway\.bogus = "apiGateway\.bogus": a quota the account can have raised, by its catalog path: one of apiGateway\.accountThrottleRps/],
    ['a quota that cannot be raised', { 'sqs.messageMaxBytes': 5 }, /^quotas\.sqs\.messageMaxBytes = "sqs\.messageMaxBytes": a quota the account can have raised/],
    ['a zero quota', { 'rds.dbInstancesPerRegion': 0 }, /^quotas\.rds\.dbInstancesPerRegion = 0: a positive number of DB instances up to 1e\+9/],
  ])('GIVEN %s WHEN planned THEN a ValidationError names quotas.<path>, the value and what is allowed', (_label, quotas, expected) => {
    const found = issuesOf(() => planSystem(gatewaySystem('us-east-1', 10, { quotas } as Partial<SystemSpec>)));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(expected);
  });

  test('GIVEN a quotas value of the wrong type WHEN planned THEN the spec schema rejects it', () => {
    const found = issuesOf(() => planSystem(gatewaySystem('us-east-1', 10, { quotas: { 'rds.dbInstancesPerRegion': 'many' } } as unknown as Partial<SystemSpec>)));
    expect(found.join('\n')).toContain('quotas');
  });
});
