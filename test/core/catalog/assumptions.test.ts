import {
  ASSUMED,
  cacheNode,
  cacheOpsPerSecond,
  coremarkPerVcpu,
  knownCacheNodes,
  knownEc2Instances,
  ec2Instance,
  QUOTAS,
  relativeVcpuSpeed,
} from '../../../src/core/catalog';

describe('assumed capacities', () => {
  test('defaults of the sizing model', () => {
    expect(ASSUMED.targetUtilisation.value).toBe(0.7);
    expect(ASSUMED.maxUtilisationOnAzLoss.value).toBe(0.9);
    expect(ASSUMED.warnMargin.value).toBe(0.9);
    expect(ASSUMED.cacheMemoryFillMax.value).toBe(0.8);
    expect(ASSUMED.apiRequestsPerSecondPerVcpu).toMatchObject({ value: 250, referenceFamily: 'm7g' });
    expect(ASSUMED.dbReadsPerSecondPerVcpu.value).toBe(285);
    expect(ASSUMED.dbWritesPerSecondPerVcpu.value).toBeLessThan(ASSUMED.dbReadsPerSecondPerVcpu.value);
    expect(ASSUMED.cacheMemoryOverhead.value).toBe(1);
    expect(ASSUMED.cacheBytesPerKey.value).toBe(56);
    expect(ASSUMED.workerSecondsPerJob).toMatchObject({ value: 10, unit: 'seconds per job' });
    // The method (backlog = acceptable latency / processing time) is confirmed; the 10 s is the project's own figure.
    expect(ASSUMED.workerSecondsPerJob.source.confirmed).toBe(true);
    expect(ASSUMED.workerSecondsPerJob.source.note).toContain('The page gives no processing time');
  });

  test.each(Object.entries(ASSUMED))('%s has a unit, reasoning and its main source first', (_key, assumption) => {
    expect(assumption.unit.length).toBeGreaterThan(0);
    expect(assumption.reasoning.length).toBeGreaterThan(40);
    expect(assumption.sources.length).toBeGreaterThan(0);
    expect(assumption.source).toBe(assumption.sources[0]);
  });

  test.each([
    // key, value, lowest sane, highest sane
    ['cdnHitRatio', 0.5, 0, 1],
    ['cdnAverageResponseKiB', 50, 1, 1024],
    ['applicationCacheHitRatio', 0.9, 0, 1],
    ['queryCacheHitRatio', 0.8, 0, 1],
    ['queryReadFraction', 0.5, 0, 1],
    ['cacheReadsPerWrite', 10, 1, 1000],
    ['dbAdminConnections', 10, 1, 100],
    ['hashSkewFactor', 1.25, 1, 2],
    ['queueMessageSizeKiB', 1, 0, 1024],
  ] as const)('%s (moved from the blocks) keeps its value %d, within (%d, %d], with reasoning and a source', (key, value, lo, hi) => {
    const assumption = ASSUMED[key];
    expect(assumption.value).toBe(value);
    expect(assumption.value).toBeGreaterThan(lo);
    expect(assumption.value).toBeLessThanOrEqual(hi);
    expect(assumption.reasoning.length).toBeGreaterThan(40);
    expect(assumption.source.title.length).toBeGreaterThan(5);
    expect(assumption.source.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    // None of these is a published AWS figure (the value is the project's assumption): each source says what it
    // is cited for, whether or not the limit it relates to was itself confirmed (the SQS message size and the
    // Aurora PostgreSQL max_connections table now are).
    expect(assumption.sources.every((s) => (s.note ?? '').length > 10)).toBe(true);
  });

  test('the query tier hits less often than the application tier (it is invalidated on writes)', () => {
    expect(ASSUMED.queryCacheHitRatio.value).toBeLessThan(ASSUMED.applicationCacheHitRatio.value);
  });

  test('one assumed message is far below the SQS message size quota', () => {
    expect(ASSUMED.queueMessageSizeKiB.value).toBeLessThan(QUOTAS.sqs.messageMaxBytes.value / 1024 / 100);
  });

  test('the API figure is well below the one public measurement (2,216 /s on 2 vCPU)', () => {
    expect(ASSUMED.apiRequestsPerSecondPerVcpu.value * 2).toBeLessThan(2216 / 2);
  });
});

describe('cache operations per node', () => {
  test.each(knownCacheNodes())('%s has an assumed figure', (name) => {
    const ops = cacheOpsPerSecond(cacheNode(name)!);
    expect(ops).toBeDefined();
    expect(ops!.value).toBeGreaterThan(0);
    expect(ops!.unit).toBe('operations/s per node');
  });

  test('never above the published 1,000,000/s of cache.r7g.4xlarge; large at the redis.io non-pipelined examples', () => {
    expect(cacheOpsPerSecond(cacheNode('cache.r7g.4xlarge')!)!.value).toBeLessThan(1_000_000);
    const large = cacheOpsPerSecond(cacheNode('cache.r7g.large')!)!.value;
    // redis.io's examples without pipelining: 69,881-79,239 requests/s (see SOURCES.redisBenchmarks).
    expect(large).toBeGreaterThanOrEqual(70_000);
    expect(large).toBeLessThanOrEqual(80_000);
    expect(cacheOpsPerSecond(cacheNode('cache.t4g.micro')!)!.value).toBeLessThan(large);
  });

  test('bigger nodes never get fewer operations', () => {
    for (const family of ['m7g', 'r7g', 'm6g', 'r6g']) {
      const values = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge']
        .map((s) => cacheOpsPerSecond(cacheNode(`cache.${family}.${s}`)!)!.value);
      for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
    }
  });
});

describe('relativeVcpuSpeed', () => {
  test.each([
    ['m7g', 'm7g', 1],
    ['c7g', 'm7g', 51.9 / 51.7],
    ['r7g', 'm7g', 49.2 / 51.7],
    ['m7i', 'm7g', 46.8 / 51.7],
    ['c7i', 'm7i', 39.5 / 46.8],
    ['t4g', 'm7g', 39.2 / 51.7],
    ['r7i', 'm7i', 1],
  ])('%s vs %s = %d', (family, base, expected) => {
    expect(relativeVcpuSpeed(family, base)).toBeCloseTo(expected, 10);
  });

  test('every catalog family has a figure (directly or through a proxy); unknown families have none', () => {
    for (const name of knownEc2Instances()) {
      expect(coremarkPerVcpu(ec2Instance(name)!.family)).toBeGreaterThan(0);
    }
    expect(relativeVcpuSpeed('x9z', 'm7g')).toBeUndefined();
    expect(relativeVcpuSpeed('m7g', 'x9z')).toBeUndefined();
  });

  test('a per-vCPU figure stated for m7g does not grow on another catalog family', () => {
    // c7g measured 0.4 % above m7g: within measurement noise, so allow that much.
    for (const name of knownEc2Instances()) {
      expect(relativeVcpuSpeed(ec2Instance(name)!.family, 'm7g')!).toBeLessThanOrEqual(1.005);
    }
  });
});
