import {
  ALLOWED_VALUES,
  ASSUMED,
  cacheNode,
  cacheOpsPerSecond,
  CatalogSource,
  QUOTAS,
  RECHECK_DATE,
  SOURCES,
} from '../../../src/core/catalog';

/**
 * The sources re-checked for issue 16 (item 5) against their public pages: each note quotes what
 * the page says, and the catalog figures that cite it must match those quotes.
 */
const RECHECKED: Array<keyof typeof SOURCES> = [
  'cloudFrontResponseHeadersQuotas',
  'cloudFrontOriginGroupFailover',
  'dynamoDbConstraints',
  'wellArchitectedStaticStability',
  'buildersLibraryStaticStability',
  'redisBenchmarks',
  'redisMemoryUsage',
  'elastiCache71Blog',
  'elastiCacheEnhancedIoBlog',
  'valkey8Blog',
  'autoScalingSqsBacklog',
  'cloudFrontCacheHitRatio',
  'cloudFrontMetrics',
  'elastiCacheRedisMetrics',
  'dynamoDbPartitionKeyDesign',
  'netflixCapacityModeling',
];

function note(source: CatalogSource): string {
  return source.note ?? '';
}

describe('sources re-checked on RECHECK_DATE', () => {
  test.each(RECHECKED)('SOURCES.%s was read on RECHECK_DATE and its note says where', (key) => {
    const source = SOURCES[key];
    expect(source.confirmed).toBe(true);
    expect(source.read).toBe(RECHECK_DATE);
    expect(note(source)).toMatch(/^Read 2026-12-07 /);
  });

  test('the data-overhead ratio stays unconfirmed, with what was searched', () => {
    const source = SOURCES.redisDataOverhead;
    expect(source.confirmed).toBe(false);
    expect(source.read).toBe(RECHECK_DATE);
    expect(note(source)).toContain('no page stating the ratio was found');
    expect(ASSUMED.cacheMemoryOverhead.sources).toContain(source);
    // Its main source is the unconfirmed one: the 100 % is not a published figure.
    expect(ASSUMED.cacheMemoryOverhead.source).toBe(source);
  });

  test('the CSP length limit is the one the quotas page gives, and adjustable', () => {
    const quota = QUOTAS.cloudFront.responseHeadersCspMaxLength;
    expect(quota.source).toBe(SOURCES.cloudFrontResponseHeadersQuotas);
    expect(note(quota.source)).toContain(`${quota.value.toLocaleString('en-US')} characters`);
    expect(note(quota.source)).toContain('Request a higher quota');
    expect(quota.note).toContain('adjustable');
  });

  test('the origin-group failover codes are exactly the list the page gives', () => {
    const allowed = ALLOWED_VALUES.cloudFront.originGroupFailoverStatusCodes;
    expect(allowed.source).toBe(SOURCES.cloudFrontOriginGroupFailover);
    const quoted = /following status codes: ([^"]+)"/.exec(note(allowed.source));
    expect(quoted).not.toBeNull();
    const codes = quoted![1].match(/\d{3}/g)!.map(Number);
    expect(codes).toEqual([...allowed.values]);
  });

  test('the DynamoDB item size is the one the quotas page gives', () => {
    const quota = QUOTAS.dynamoDb.itemMaxKB;
    expect(quota.source).toBe(SOURCES.dynamoDbConstraints);
    expect(note(quota.source)).toContain(`The maximum item size in DynamoDB is ${quota.value} KB`);
  });

  test('the bytes per key are MEMORY USAGE of an empty key on Redis 7.2', () => {
    expect(ASSUMED.cacheBytesPerKey.source).toBe(SOURCES.redisMemoryUsage);
    expect(note(SOURCES.redisMemoryUsage)).toContain(`empty string key is ${ASSUMED.cacheBytesPerKey.value} bytes`);
  });

  test('285 reads/s per vCPU is 3.5 ms per read, the Netflix Aurora default', () => {
    expect(ASSUMED.dbReadsPerSecondPerVcpu.source).toBe(SOURCES.netflixCapacityModeling);
    expect(note(SOURCES.netflixCapacityModeling)).toContain('estimated_mean_read_latency_ms to 3.5');
    expect(ASSUMED.dbReadsPerSecondPerVcpu.value).toBe(Math.floor(1000 / 3.5));
  });

  test('a large node is assumed at no more than the fastest redis.io example without pipelining', () => {
    const examples = note(SOURCES.redisBenchmarks).split('with 16-command pipelines')[0].match(/\d{1,3}(?:,\d{3})+/g)!
      .map((n) => Number(n.replace(',', '')))
      .filter((n) => n !== 100_000); // the key-space size, not a rate
    expect(examples.length).toBe(4);
    const large = cacheOpsPerSecond(cacheNode('cache.r7g.large')!)!;
    expect(large.source).toBe(SOURCES.redisBenchmarks);
    // 80,000 rounds the fastest example (79,239) up by less than 1 %.
    expect(large.value).toBeLessThanOrEqual(Math.max(...examples) * 1.01);
    expect(large.reasoning).not.toContain('150,000');
  });

  test('4xlarge is assumed at a quarter of the published 1,000,000 requests/s per node', () => {
    expect(note(SOURCES.elastiCache71Blog)).toContain('over 1 million requests per second (RPS) per node');
    expect(cacheOpsPerSecond(cacheNode('cache.r7g.4xlarge')!)!.value).toBe(1_000_000 / 4);
  });

  test.each([
    ['wellArchitectedStaticStability', ['targetUtilisation', 'maxUtilisationOnAzLoss', 'warnMargin']],
    ['buildersLibraryStaticStability', ['maxUtilisationOnAzLoss']],
    ['autoScalingSqsBacklog', ['workerSecondsPerJob']],
    ['cloudFrontCacheHitRatio', ['cdnHitRatio']],
    ['cloudFrontMetrics', ['cdnHitRatio', 'cdnAverageResponseKiB']],
    ['elastiCacheRedisMetrics', ['applicationCacheHitRatio', 'queryCacheHitRatio', 'queryReadFraction', 'cacheReadsPerWrite']],
    ['dynamoDbPartitionKeyDesign', ['hashSkewFactor']],
  ] as const)('SOURCES.%s backs a method, and its note calls the figures of %j assumptions', (key, assumptions) => {
    const source = SOURCES[key];
    expect(note(source)).toMatch(/project's assumptions?/);
    for (const name of assumptions) expect(ASSUMED[name].sources).toContain(source);
  });
});
