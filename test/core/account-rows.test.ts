import fc from 'fast-check';
import {
  ACCOUNT_LAMBDA_CONCURRENCY, accountQuotaRows, FARGATE_VCPU, fargateConsumersOf, fargateVcpuRows, IN_FLIGHT_MESSAGES, lambdaConcurrencyRows,
  lambdaConsumersOf, PROXIES_PER_REGION_QUOTA, proxyConsumersOf, proxyRows, RDS_PROXIES,
  SYSTEM_BLOCK_KIND,
} from '../../src/core/account-rows';
import { planShardedDatabase } from '../../src/core/blocks/sharded-database';
import { QUOTAS } from '../../src/core/catalog';
import { ShardingStrategy } from '../../src/core/router';
import { SizingRow, Verdict } from '../../src/core/sizing/report';
import { planSystem, scaleSystemLoad, sizeSystem, sizeSystemRows, SystemSpec } from '../../src/core/system';

/*
 * The Fargate On-Demand vCPU quota per Region: every Fargate task of the system at its maximum
 * (API tasks, gateway services, Fargate workers) x its vCPUs, against the account's quota.
 */

const RANK = { [Verdict.PASS]: 0, [Verdict.WARN]: 1, [Verdict.FAIL]: 2 };

function spec(extra: Partial<SystemSpec> = {}): SystemSpec {
  return {
    name: 'feed',
    region: 'eu-west-1',
    load: { peakRequestsPerSecond: 2000, jobsPerSecond: 2 },
    api: { allowPlainHttp: true, compute: { cpu: 1024, memoryMiB: 2048 }, scaling: { minTasks: 6, maxTasks: 20 } },
    queue: { workers: { kind: 'FARGATE_SERVICE', maxWorkers: 30, fargate: { cpu: 2048, memoryMiB: 4096 } } },
    ...extra,
  } as unknown as SystemSpec;
}

function fargateRows(s: SystemSpec): SizingRow[] {
  return sizeSystemRows(planSystem(s)).rows.filter((r) => r.resource === FARGATE_VCPU);
}

describe('Fargate On-Demand vCPU quota', () => {
  test('GIVEN an API and Fargate workers WHEN sized THEN one system row sums max tasks x vCPU in the system\'s Region, against the default quota with its source', () => {
    // GIVEN 20 API tasks of 1 vCPU and 30 workers of 2 vCPU in eu-west-1
    const rows = fargateRows(spec());
    // THEN 80 vCPUs against the default 6, named after the system, citing the catalog row
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      block: 'feed',
      blockKind: SYSTEM_BLOCK_KIND,
      metric: 'vCPUs',
      scenario: 'LIMIT',
      demand: 80,
      capacity: QUOTAS.fargate.onDemandVcpuPerRegion.value,
      sources: ['catalog.QUOTAS.fargate.onDemandVcpuPerRegion'],
    });
    expect(QUOTAS.fargate.onDemandVcpuPerRegion.value).toBe(6);
    expect(QUOTAS.fargate.onDemandVcpuPerRegion.source.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    expect(rows[0].reason).toMatch(/^every Fargate task at its maximum \(api: 20 tasks x 1 vCPU \+ queue workers: 30 tasks x 2 vCPU\) = 80 vCPUs/);
    expect(rows[0].reason).toMatch(/the default quota in eu-west-1/);
  });

  test('GIVEN no declared quota and a sum above the default WHEN sized THEN WARN (the default is where a new account starts), with the quota to request as the fix', () => {
    const [row] = fargateRows(spec());
    expect(row.verdict).toBe(Verdict.WARN);
    expect(row.reason).toMatch(/the check cannot see the account's figure/);
    // 80 / 0.9 = 88.9: 89 is the smallest quota under which 80 vCPUs PASS
    expect(row.fix).toBe('request a Fargate On-Demand vCPU quota of at least 89 in eu-west-1 (Service Quotas, AWS Fargate, L-3032A538), '
      + 'then declare quotas.fargate.onDemandVcpuPerRegion: 89');
    const report = sizeSystem(planSystem(spec()));
    expect(report.fixes).toContainEqual({ block: 'feed', resource: FARGATE_VCPU, fix: row.fix, rows: [`${FARGATE_VCPU} (LIMIT)`] });
  });

  test.each([
    [89, Verdict.PASS],
    [88, Verdict.WARN],
    [80, Verdict.WARN],
    [79, Verdict.FAIL],
    [10, Verdict.FAIL],
  ])('GIVEN a declared quota of %d vCPUs for 80 vCPUs at the maxima WHEN sized THEN %s, and the reason says it is the user\'s statement', (quota, verdict) => {
    const [row] = fargateRows(spec({ quotas: { 'fargate.onDemandVcpuPerRegion': quota } }));
    expect(row).toMatchObject({ demand: 80, capacity: quota, verdict });
    expect(row.reason).toMatch(/quotas\.fargate\.onDemandVcpuPerRegion: the user's statement/);
  });

  test('GIVEN gateway services WHEN sized THEN each Fargate service counts at its max tasks, with the assumed task sizes listed', () => {
    const rows = fargateRows(spec({
      api: undefined,
      queue: undefined,
      load: { peakRequestsPerSecond: 0 },
      gateway: {
        load: { peakRequestsPerSecond: 1000 },
        services: [
          { name: 'orders', pathPrefix: '/orders', requireAuthorization: false, scaling: { minTasks: 3, maxTasks: 9 }, load: { requestShare: 0.5 } },
          { name: 'users', pathPrefix: '/users', requireAuthorization: false, compute: { cpu: 2048, memoryMiB: 4096 }, scaling: { minTasks: 3, maxTasks: 4 }, load: { requestShare: 0.5 } },
        ],
      },
    } as unknown as Partial<SystemSpec>));
    expect(rows).toHaveLength(1);
    expect(rows[0].demand).toBe(9 * 1 + 4 * 2);
    expect(rows[0].reason).toMatch(/gateway service orders: 9 tasks x 1 vCPU \+ gateway service users: 4 tasks x 2 vCPU/);
    expect(rows[0].assumed.map((a) => a.prop)).toEqual(['gateway.services.orders.compute.cpu']);
  });

  test('GIVEN an API on EC2 and Lambda workers WHEN sized THEN nothing draws on Fargate: no row', () => {
    const rows = fargateRows(spec({
      api: { allowPlainHttp: true, compute: { kind: 'EC2', instanceType: 'm7g.xlarge', cpu: 1024, memoryMiB: 2048 } },
      queue: { workers: { kind: 'LAMBDA' } },
    } as unknown as Partial<SystemSpec>));
    expect(rows).toEqual([]);
  });

  test('GIVEN an assumed max task count WHEN sized THEN the row lists it as assumed', () => {
    const [row] = fargateRows(spec({ api: { allowPlainHttp: true, compute: { cpu: 512, memoryMiB: 1024 } } } as unknown as Partial<SystemSpec>));
    expect(row.assumed.map((a) => a.prop)).toEqual(expect.arrayContaining(['api.scaling.maxTasks']));
    expect(row.assumed.map((a) => a.prop)).not.toContain('api.compute.cpu');
  });

  test('GIVEN services in two Regions WHEN sized THEN one row per Region, the declared quota applying in the system\'s Region only', () => {
    const plan = planSystem(spec({ quotas: { 'fargate.onDemandVcpuPerRegion': 1000 } }));
    const consumers = [plan.api!, plan.queue!].flatMap((b) => fargateConsumersOf(b));
    const moved = [consumers[0], { ...consumers[1], region: 'af-south-1' }];
    const rows = fargateVcpuRows(moved, { block: 'feed', warnMargin: 0.9, region: 'eu-west-1', quotas: plan.quotas });
    expect(rows.map((r) => [r.demand, r.capacity, r.verdict])).toEqual([[20, 1000, Verdict.PASS], [60, 6, Verdict.WARN]]);
    expect(rows[1].reason).toMatch(/the default quota in af-south-1/);
    expect(rows[1].fix).toMatch(/ in af-south-1 /);
  });

  test('GIVEN no Region WHEN sized THEN the row says so and still reads the one figure AWS gives every Region', () => {
    const plan = planSystem(spec());
    const rows = accountQuotaRows('app', [{ plan: plan.api! }]).filter((r) => r.resource === FARGATE_VCPU);
    expect(rows[0]).toMatchObject({ block: 'app', demand: 20, capacity: 6 });
    expect(rows[0].reason).toMatch(/the default quota in the Region/);
    expect(rows[0].fix).toMatch(/ in the Region /);
  });
});

describe('Fargate vCPU row laws (a quota row: exempt from the capacity laws, but more load never improves it)', () => {
  const system = fc.record({
    apiCpu: fc.constantFrom(256, 512, 1024, 2048, 4096),
    minTasks: fc.integer({ min: 1, max: 20 }),
    extraTasks: fc.integer({ min: 0, max: 200 }),
    workerCpu: fc.constantFrom(512, 1024, 2048),
    maxWorkers: fc.integer({ min: 1, max: 300 }),
    quota: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
    peak: fc.integer({ min: 0, max: 50_000 }),
  });
  interface Generated { apiCpu: number; minTasks: number; extraTasks: number; workerCpu: number; maxWorkers: number; quota?: number; peak: number }
  const specOf = (s: Generated): SystemSpec => spec({
    load: { peakRequestsPerSecond: s.peak, jobsPerSecond: 1 },
    api: {
      allowPlainHttp: true,
      compute: { cpu: s.apiCpu, memoryMiB: s.apiCpu * 2 },
      scaling: { minTasks: s.minTasks, maxTasks: s.minTasks + s.extraTasks },
    },
    queue: { workers: { kind: 'FARGATE_SERVICE', maxWorkers: s.maxWorkers, fargate: { cpu: s.workerCpu, memoryMiB: s.workerCpu * 2 } } },
    ...(s.quota !== undefined ? { quotas: { 'fargate.onDemandVcpuPerRegion': s.quota } } : {}),
  } as unknown as Partial<SystemSpec>);

  test('the fix is exact: declaring the quota it names PASSes, one vCPU less does not', () => {
    let checked = 0;
    fc.assert(fc.property(system, (s) => {
      const [row] = fargateRows(specOf(s));
      if (row.verdict === Verdict.PASS) return;
      checked++;
      const n = Number(/declare quotas\.fargate\.onDemandVcpuPerRegion: ([\d,]+)$/.exec(row.fix!)![1].replace(/,/g, ''));
      expect(fargateRows(specOf({ ...s, quota: n }))[0].verdict).toBe(Verdict.PASS);
      expect(fargateRows(specOf({ ...s, quota: n - 1 }))[0].verdict).not.toBe(Verdict.PASS);
    }), { numRuns: 60 });
    expect(checked).toBeGreaterThan(0);
  });

  test('more declared load never improves the row (it does not depend on load: counts at their maxima)', () => {
    fc.assert(fc.property(system, fc.double({ min: 1, max: 20, noNaN: true }), (s, factor) => {
      const plan = planSystem(specOf(s));
      const at = (p: typeof plan): SizingRow => sizeSystemRows(p).rows.find((r) => r.resource === FARGATE_VCPU)!;
      const base = at(plan);
      const more = at(scaleSystemLoad(plan, factor));
      expect(RANK[more.verdict]).toBeGreaterThanOrEqual(RANK[base.verdict]);
      expect(more.demand).toBeGreaterThanOrEqual(base.demand);
    }), { numRuns: 40 });
  });

  test('more tasks at the maximum never improve the row', () => {
    fc.assert(fc.property(system, fc.integer({ min: 1, max: 100 }), (s, more) => {
      const base = fargateRows(specOf(s))[0];
      const bigger = fargateRows(specOf({ ...s, extraTasks: s.extraTasks + more }))[0];
      expect(bigger.demand).toBeGreaterThan(base.demand);
      expect(RANK[bigger.verdict]).toBeGreaterThanOrEqual(RANK[base.verdict]);
    }), { numRuns: 40 });
  });
});

describe('account Lambda concurrency', () => {
  const lambdaSpec = (maxWorkers: number, quota?: number): SystemSpec => spec({
    queue: { workers: { kind: 'LAMBDA', maxWorkers } },
    ...(quota !== undefined ? { quotas: { 'lambda.concurrentExecutionsPerRegion': quota } } : {}),
  } as unknown as Partial<SystemSpec>);
  const lambdaRows = (s: SystemSpec): SizingRow[] => sizeSystemRows(planSystem(s)).rows.filter((r) => r.resource === ACCOUNT_LAMBDA_CONCURRENCY);

  test('GIVEN Lambda workers WHEN sized THEN one system row: their maximum concurrency against the quota less the 100 executions kept unreserved', () => {
    const [row] = lambdaRows(lambdaSpec(500));
    expect(QUOTAS.lambda.unreservedConcurrencyMin.value).toBe(100);
    expect(row).toMatchObject({
      block: 'feed',
      blockKind: SYSTEM_BLOCK_KIND,
      scenario: 'LIMIT',
      demand: 500,
      capacity: 900,
      verdict: Verdict.PASS,
      sources: ['catalog.QUOTAS.lambda.concurrentExecutionsPerRegion', 'catalog.QUOTAS.lambda.unreservedConcurrencyMin'],
    });
    expect(row.reason).toMatch(/^every Lambda consumer at its maximum concurrency \(queue workers: 500\) = 500 against 900 usable/);
    expect(row.reason).toMatch(/the default quota in eu-west-1\) less the 100 executions that stay unreserved/);
  });

  test('GIVEN 850 concurrent workers WHEN sized THEN the block\'s own row passes against the whole quota, the account row WARNs against the usable 900, with the quota to request', () => {
    const report = sizeSystemRows(planSystem(lambdaSpec(850))).rows;
    expect(report.find((r) => r.block === 'queue' && r.resource === 'Lambda concurrency')!.verdict).toBe(Verdict.PASS);
    const row = report.find((r) => r.resource === ACCOUNT_LAMBDA_CONCURRENCY)!;
    expect(row.verdict).toBe(Verdict.WARN);
    // 850 / 0.9 = 944.4 -> 945 usable, + 100 unreserved
    expect(row.fix).toBe('request a Lambda concurrent executions quota of at least 1,045 in eu-west-1 (Service Quotas, AWS Lambda, L-B99A9384), '
      + 'then declare quotas.lambda.concurrentExecutionsPerRegion: 1,045');
  });

  test.each([[1045, Verdict.PASS], [1044, Verdict.WARN], [950, Verdict.WARN], [949, Verdict.FAIL], [100, Verdict.FAIL]])(
    'GIVEN a declared quota of %d for 850 concurrent workers WHEN sized THEN %s', (quota, verdict) => {
      const [row] = lambdaRows(lambdaSpec(850, quota));
      expect(row).toMatchObject({ demand: 850, capacity: Math.max(0, quota - 100), verdict });
    });

  test('GIVEN two Lambda consumers in the Region WHEN sized THEN their maxima add up (each alone fits the quota)', () => {
    const plan = planSystem(lambdaSpec(600));
    const [one] = lambdaConsumersOf(plan.queue!);
    const rows = lambdaConcurrencyRows([one, { ...one, block: 'other' }], { block: 'app', warnMargin: 0.9, region: 'eu-west-1' });
    expect(rows.map((r) => [r.demand, r.capacity, r.verdict])).toEqual([[1200, 900, Verdict.FAIL]]);
    expect(rows[0].reason).toMatch(/\(queue workers: 600 \+ other workers: 600\) = 1,200/);
  });

  test('GIVEN Fargate workers only WHEN sized THEN no Lambda row', () => {
    expect(lambdaRows(spec())).toEqual([]);
  });

  test('the fix is exact, and more load never improves the row', () => {
    let checked = 0;
    fc.assert(fc.property(fc.integer({ min: 2, max: 1000 }), fc.option(fc.integer({ min: 1, max: 3000 }), { nil: undefined }),
      fc.double({ min: 1, max: 20, noNaN: true }), (maxWorkers, quota, factor) => {
        const plan = planSystem(lambdaSpec(maxWorkers, quota));
        const at = (p: typeof plan): SizingRow => sizeSystemRows(p).rows.find((r) => r.resource === ACCOUNT_LAMBDA_CONCURRENCY)!;
        const row = at(plan);
        expect(RANK[at(scaleSystemLoad(plan, factor)).verdict]).toBeGreaterThanOrEqual(RANK[row.verdict]);
        if (row.verdict === Verdict.PASS) return;
        checked++;
        const n = Number(/declare quotas\.lambda\.concurrentExecutionsPerRegion: ([\d,]+)$/.exec(row.fix!)![1].replace(/,/g, ''));
        expect(lambdaRows(lambdaSpec(maxWorkers, n))[0].verdict).toBe(Verdict.PASS);
        expect(lambdaRows(lambdaSpec(maxWorkers, n - 1))[0].verdict).not.toBe(Verdict.PASS);
      }), { numRuns: 60 });
    expect(checked).toBeGreaterThan(0);
  });
});

describe('ECS tasks per service', () => {
  const tasksRows = (s: SystemSpec): SizingRow[] => sizeSystemRows(planSystem(s)).rows.filter((r) => /ECS tasks per service$/.test(r.resource));
  const withMax = (maxTasks: number, maxWorkers = 30, quota?: number): SystemSpec => spec({
    api: { allowPlainHttp: true, compute: { cpu: 256, memoryMiB: 512 }, scaling: { minTasks: 6, maxTasks } },
    queue: { workers: { kind: 'FARGATE_SERVICE', maxWorkers, fargate: { cpu: 256, memoryMiB: 512 } } },
    ...(quota !== undefined ? { quotas: { 'ecs.tasksPerService': quota } } : {}),
  } as unknown as Partial<SystemSpec>);

  test('GIVEN an API and Fargate workers WHEN sized THEN a row of each block: its maximum desired count against the quota, with its source', () => {
    const rows = tasksRows(withMax(20));
    expect(rows.map((r) => [r.block, r.blockKind, r.resource, r.demand, r.capacity, r.verdict])).toEqual([
      ['api', 'LoadBalancedApi', 'ECS tasks per service', 20, 5000, Verdict.PASS],
      ['queue', 'WorkQueue', 'ECS tasks per service', 30, 5000, Verdict.PASS],
    ]);
    expect(rows[0].sources).toEqual(['catalog.QUOTAS.ecs.tasksPerService']);
    expect(rows[0].reason).toMatch(/the default quota in eu-west-1/);
  });

  test('GIVEN 4,800 workers at the maximum WHEN sized THEN WARN near the quota, the fix naming the quota to request or the maximum that fits', () => {
    const row = tasksRows(withMax(20, 4800)).find((r) => r.block === 'queue')!;
    expect(row.verdict).toBe(Verdict.WARN);
    // 4,800 / 0.9 = 5,333.3 -> 5,334; 5,000 x 0.9 = 4,500
    expect(row.fix).toBe('request an ECS tasks-per-service quota of at least 5,334 in eu-west-1 and declare quotas.ecs.tasksPerService: 5,334, '
      + 'or set workers.maxWorkers <= 4,500');
    expect(tasksRows(withMax(20, 4800, 5334)).find((r) => r.block === 'queue')!.verdict).toBe(Verdict.PASS);
  });

  test('GIVEN gateway services WHEN sized THEN one row per service, named after it', () => {
    const rows = tasksRows(spec({
      api: undefined,
      queue: undefined,
      load: { peakRequestsPerSecond: 0 },
      gateway: {
        load: { peakRequestsPerSecond: 1000 },
        services: [
          { name: 'orders', pathPrefix: '/orders', requireAuthorization: false, scaling: { minTasks: 3, maxTasks: 9 }, load: { requestShare: 1 } },
        ],
      },
    } as unknown as Partial<SystemSpec>));
    expect(rows.map((r) => [r.block, r.resource, r.demand])).toEqual([['gateway', 'orders: ECS tasks per service', 9]]);
  });

  test('the fix is exact (declare the quota it names: PASS; one less: not), and more load never improves the row', () => {
    let checked = 0;
    fc.assert(fc.property(fc.integer({ min: 4000, max: 5000 }), fc.option(fc.integer({ min: 100, max: 6000 }), { nil: undefined }),
      fc.double({ min: 1, max: 20, noNaN: true }), (maxWorkers, quota, factor) => {
        const plan = planSystem(withMax(20, maxWorkers, quota));
        const at = (p: typeof plan): SizingRow => sizeSystemRows(p).rows.find((r) => r.block === 'queue' && r.resource === 'ECS tasks per service')!;
        const row = at(plan);
        expect(RANK[at(scaleSystemLoad(plan, factor)).verdict]).toBeGreaterThanOrEqual(RANK[row.verdict]);
        if (row.verdict === Verdict.PASS) return;
        checked++;
        const n = Number(/declare quotas\.ecs\.tasksPerService: ([\d,]+)/.exec(row.fix!)![1].replace(/,/g, ''));
        const after = (q: number): Verdict => tasksRows(withMax(20, maxWorkers, q)).find((r) => r.block === 'queue')!.verdict;
        expect(after(n)).toBe(Verdict.PASS);
        expect(after(n - 1)).not.toBe(Verdict.PASS);
      }), { numRuns: 40 });
    expect(checked).toBeGreaterThan(0);
  });
});

describe('SQS in-flight messages', () => {
  const queueSpec = (maxWorkers: number, batchSize: number, extra: object = {}, quota?: number): SystemSpec => spec({
    queue: { workers: { kind: 'LAMBDA', maxWorkers, lambda: { batchSize, maxBatchingWindowSeconds: 5 } }, ...extra },
    ...(quota !== undefined ? { quotas: { 'sqs.inFlightMessagesStandard': quota } } : {}),
  } as unknown as Partial<SystemSpec>);
  const inFlight = (s: SystemSpec): SizingRow => sizeSystemRows(planSystem(s)).rows.find((r) => r.resource === IN_FLIGHT_MESSAGES)!;

  test('GIVEN Fargate workers WHEN sized THEN a row of the queue: one job per worker against the standard queue\'s 120,000', () => {
    const row = sizeSystemRows(planSystem(spec())).rows.find((r) => r.resource === IN_FLIGHT_MESSAGES)!;
    expect(QUOTAS.sqs.inFlightMessagesStandard.value).toBe(120_000);
    expect(row).toMatchObject({
      block: 'queue',
      blockKind: 'WorkQueue',
      demand: 30,
      capacity: 120_000,
      verdict: Verdict.PASS,
      sources: ['catalog.QUOTAS.sqs.inFlightMessagesStandard'],
    });
    expect(row.reason).toMatch(/^every worker holding what it received \(30 workers x 1 job\) = 30 messages against the standard queue's in-flight limit/);
  });

  test('GIVEN 1,000 Lambda executions with batches of 200 WHEN sized THEN 200,000 in flight FAIL, the fix naming the limit to request or the batch that fits', () => {
    const row = inFlight(queueSpec(1000, 200));
    expect(row).toMatchObject({ demand: 200_000, capacity: 120_000, verdict: Verdict.FAIL });
    // 200,000 / 0.9 = 222,222.2 -> 222,223; 120,000 x 0.9 / 1,000 = 108
    expect(row.fix).toBe('request an in-flight limit of at least 222,223 messages for the queue (AWS Support) and declare '
      + 'quotas.sqs.inFlightMessagesStandard: 222,223, or set workers.lambda.batchSize <= 108');
    expect(inFlight(queueSpec(1000, 108)).verdict).toBe(Verdict.PASS);
    expect(inFlight(queueSpec(1000, 109)).verdict).not.toBe(Verdict.PASS);
  });

  test('GIVEN a FIFO queue WHEN sized THEN the FIFO in-flight limit is read', () => {
    const row = inFlight(spec({ queue: { queueType: 'FIFO', workers: { kind: 'LAMBDA', maxWorkers: 100 } } } as unknown as Partial<SystemSpec>));
    expect(row.sources).toEqual(['catalog.QUOTAS.sqs.inFlightMessagesFifo']);
    expect(row.capacity).toBe(QUOTAS.sqs.inFlightMessagesFifo.value);
    expect(row.reason).toMatch(/the FIFO queue's in-flight limit/);
  });

  test('the fix is exact on the declared limit, and more load never improves the row', () => {
    let checked = 0;
    const declared = fc.option(fc.integer({ min: 1000, max: 2e6 }), { nil: undefined });
    fc.assert(fc.property(fc.integer({ min: 2, max: 1000 }), fc.integer({ min: 11, max: 10_000 }), declared,
      fc.double({ min: 1, max: 20, noNaN: true }), (maxWorkers, batchSize, quota, factor) => {
        const plan = planSystem(queueSpec(maxWorkers, batchSize, {}, quota));
        const at = (p: typeof plan): SizingRow => sizeSystemRows(p).rows.find((r) => r.resource === IN_FLIGHT_MESSAGES)!;
        const row = at(plan);
        expect(row.demand).toBe(maxWorkers * batchSize);
        expect(RANK[at(scaleSystemLoad(plan, factor)).verdict]).toBeGreaterThanOrEqual(RANK[row.verdict]);
        if (row.verdict === Verdict.PASS) return;
        checked++;
        const n = Number(/declare quotas\.sqs\.inFlightMessagesStandard: ([\d,]+)/.exec(row.fix!)![1].replace(/,/g, ''));
        expect(inFlight(queueSpec(maxWorkers, batchSize, {}, n)).verdict).toBe(Verdict.PASS);
        expect(inFlight(queueSpec(maxWorkers, batchSize, {}, n - 1)).verdict).not.toBe(Verdict.PASS);
      }), { numRuns: 40 });
    expect(checked).toBeGreaterThan(0);
  });
});

describe('RDS proxies per Region', () => {
  const proxyRowsOf = (s: SystemSpec): SizingRow[] => sizeSystemRows(planSystem(s)).rows.filter((r) => r.resource === RDS_PROXIES);
  const base = { name: 'shop', region: 'eu-west-1', load: { peakRequestsPerSecond: 500 } };

  test('GIVEN a database with a proxy WHEN sized THEN one system row: 1 proxy against the default 20, with its source', () => {
    const rows = proxyRowsOf({ ...base, database: { proxy: {} } } as SystemSpec);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      block: 'shop',
      blockKind: SYSTEM_BLOCK_KIND,
      demand: 1,
      capacity: QUOTAS.rds.proxiesPerRegion.value,
      verdict: Verdict.PASS,
      sources: [`catalog.QUOTAS.${PROXIES_PER_REGION_QUOTA}`],
    });
    expect(rows[0].reason).toContain('database: shop-db-proxy');
  });

  test('GIVEN no proxy WHEN sized THEN no row', () => {
    expect(proxyRowsOf({ ...base, database: {} } as SystemSpec)).toEqual([]);
  });

  test('GIVEN GEOGRAPHIC shards with proxies WHEN sized THEN one row per shard Region, each counting that Region\'s proxies', () => {
    const rows = proxyRowsOf({ ...base, shardedDatabase: { strategy: ShardingStrategy.GEOGRAPHIC, shardDefaults: { proxy: {} } } } as SystemSpec);
    expect(rows.map((r) => [r.reason.match(/in ([a-z0-9-]+) \(/)![1], r.demand]).sort()).toEqual([['ap-southeast-1', 1], ['eu-west-1', 1], ['us-east-1', 1]]);
  });

  test('GIVEN 24 HASH shards with proxies WHEN sized THEN 24 proxies FAIL against 20, the fix naming the quota to request', () => {
    const plan = planShardedDatabase({ shardCount: 24, shardDefaults: { proxy: {}, instanceClass: 'db.r7g.large' } });
    const consumers = proxyConsumersOf(plan);
    expect(consumers).toHaveLength(24);
    const rows = proxyRows(consumers, { block: 'app', warnMargin: 0.9, region: 'eu-west-1' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ demand: 24, capacity: 20, verdict: Verdict.FAIL });
    expect(rows[0].fix).toBe('request an RDS proxies quota of at least 27 in eu-west-1 (Service Quotas, Amazon RDS: proxies), '
      + 'then declare quotas.rds.proxiesPerRegion: 27; or turn off a proxy');
  });

  test('the fix is exact: declaring the quota it names PASSes, one less does not; a declaration of another Region does not apply', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 400 }), (n) => {
      const consumers = Array.from({ length: n }, (_, i) => ({ block: 'db', name: `p${i}` }));
      const at = (quotas?: { [path: string]: number }, region = 'eu-west-1') =>
        proxyRows(consumers, { block: 'app', warnMargin: 0.9, region: 'eu-west-1', ...(quotas ? { quotas } : {}) }).concat(
          region === 'eu-west-1' ? [] : proxyRows(consumers.map((c) => ({ ...c, region })), { block: 'app', warnMargin: 0.9, region: 'eu-west-1', ...(quotas ? { quotas } : {}) }));
      const [row] = at();
      if (row.verdict === Verdict.PASS) return;
      const quota = Number(/quotas\.rds\.proxiesPerRegion: (\d+)/.exec(row.fix!)![1]);
      expect(at({ [PROXIES_PER_REGION_QUOTA]: quota })[0].verdict).toBe(Verdict.PASS);
      expect(at({ [PROXIES_PER_REGION_QUOTA]: quota - 1 })[0].verdict).not.toBe(Verdict.PASS);
      // Declared for the system's Region only: proxies of another Region are read at the default.
      expect(at({ [PROXIES_PER_REGION_QUOTA]: quota }, 'us-east-1')[1].verdict).not.toBe(Verdict.PASS);
    }), { numRuns: 100 });
  });

  test('quotas.rds.proxiesPerRegion is a quota a spec may declare', () => {
    const rows = proxyRowsOf({ ...base, database: { proxy: {} }, quotas: { [PROXIES_PER_REGION_QUOTA]: 50 } } as SystemSpec);
    expect(rows[0]).toMatchObject({ capacity: 50, verdict: Verdict.PASS });
    expect(rows[0].reason).toContain('the raised quota the spec declares');
  });
});
