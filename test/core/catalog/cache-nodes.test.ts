import { cacheNode, knownCacheNodes, nextCacheNodeSize, RECHECK_DATE, SOURCES } from '../../../src/core/catalog';

describe('ElastiCache node types', () => {
  // Memory from SIZING-FACTS.md; network from the ElastiCache "Supported node types" page.
  test.each([
    ['cache.r7g.large', 13.07, 2, 0.937, 12.5],
    ['cache.r7g.xlarge', 26.32, 4, 1.876, 12.5],
    ['cache.r7g.2xlarge', 52.82, 8, 3.75, 15],
    ['cache.r7g.4xlarge', 105.81, 16, 7.5, 15],
    ['cache.m7g.large', 6.38, 2, 0.937, 12.5],
    ['cache.m7g.xlarge', 12.93, 4, 1.876, 12.5],
    ['cache.m7g.2xlarge', 26.04, 8, 3.75, 15],
    ['cache.m7g.4xlarge', 52.26, 16, 7.5, 15],
    ['cache.m6g.large', 6.38, 2, 0.75, 10],
    ['cache.r6g.4xlarge', 105.81, 16, 5, 10],
    ['cache.t4g.micro', 0.5, 2, 0.064, 5],
    ['cache.t4g.small', 1.37, 2, 0.128, 5],
    ['cache.t4g.medium', 3.09, 2, 0.256, 5],
  ])('%s has %d GiB, %d vCPU, %d / %d Gbps', (name, memoryGiB, vcpu, baseline, burst) => {
    expect(cacheNode(name)).toMatchObject({ name, memoryGiB, vcpu, baselineNetworkGbps: baseline, burstNetworkGbps: burst });
  });

  // maxmemory bytes of the ElastiCache "Redis node-type specific parameters" table (SOURCES.elastiCacheNodeMemory).
  test.each([
    ['cache.t4g.micro', 536_870_912], ['cache.t4g.small', 1_471_026_299], ['cache.t4g.medium', 3_317_862_236],
    ['cache.m6g.large', 6_854_542_746], ['cache.m6g.xlarge', 13_891_921_715], ['cache.m6g.2xlarge', 27_966_669_210],
    ['cache.m6g.4xlarge', 56_116_178_125], ['cache.m6g.8xlarge', 111_325_552_312], ['cache.m6g.12xlarge', 168_715_971_994],
    ['cache.m6g.16xlarge', 225_000_375_228],
    ['cache.r6g.large', 14_037_181_030], ['cache.r6g.xlarge', 28_261_849_702], ['cache.r6g.2xlarge', 56_711_183_565],
    ['cache.r6g.4xlarge', 113_609_865_216], ['cache.r6g.8xlarge', 225_000_375_228], ['cache.r6g.12xlarge', 341_206_346_547],
    ['cache.r6g.16xlarge', 450_000_750_456],
  ])('%s: memory is the page\'s maxmemory of %d bytes in GiB, to two decimals', (name, bytes) => {
    expect(Math.abs(cacheNode(name)!.memoryGiB - bytes / 2 ** 30)).toBeLessThan(0.01);
    expect(cacheNode(name)!.source).toBe(SOURCES.elastiCacheNodeMemory);
  });

  test.each([['large', 0.75, 10], ['xlarge', 1.25, 10], ['2xlarge', 2.5, 10], ['4xlarge', 5, 10], ['8xlarge', 12, undefined],
    ['12xlarge', 20, undefined], ['16xlarge', 25, undefined]])('cache.r6g.%s: the page\'s %d / %p Gbps', (size, baseline, burst) => {
    const node = cacheNode(`cache.r6g.${size}`)!;
    expect(node.baselineNetworkGbps).toBe(baseline);
    expect(node.burstNetworkGbps).toBe(burst);
    expect(node.networkSource).toBe(SOURCES.elastiCacheNodeTypesMemoryOptimized);
  });

  test('m6g/r6g/t4g figures are confirmed; m7g/r7g memory and r7g network are not and say why', () => {
    expect(cacheNode('cache.r6g.large')!.source).toMatchObject({ confirmed: true, read: RECHECK_DATE });
    expect(cacheNode('cache.r6g.large')!.networkSource).toMatchObject({ confirmed: true, read: RECHECK_DATE });
    expect(cacheNode('cache.t4g.small')!.networkSource.confirmed).toBe(true);
    for (const name of ['cache.m7g.large', 'cache.r7g.16xlarge']) {
      expect(cacheNode(name)!.source).toBe(SOURCES.elastiCacheNodeMemoryM7gR7g);
    }
    expect(SOURCES.elastiCacheNodeMemoryM7gR7g).toMatchObject({ confirmed: false, read: RECHECK_DATE });
    expect(cacheNode('cache.r7g.large')!.networkSource).toBe(SOURCES.elastiCacheNodeTypesR7g);
    expect(SOURCES.elastiCacheNodeTypesR7g.confirmed).toBe(false);
    expect(SOURCES.elastiCacheNodeTypesR7g.note).toContain('Cannot be confirmed');
    expect(cacheNode('cache.m7g.large')!.networkSource).toBe(SOURCES.elastiCacheNodeTypes);
  });

  test('large sizes have no burst above 4xlarge; enhanced I/O from xlarge', () => {
    expect(cacheNode('cache.m7g.8xlarge')).toMatchObject({ baselineNetworkGbps: 15 });
    expect(cacheNode('cache.m7g.8xlarge')!.burstNetworkGbps).toBeUndefined();
    expect(cacheNode('cache.r7g.large')!.enhancedIo).toBe(false);
    expect(cacheNode('cache.r7g.xlarge')!.enhancedIo).toBe(true);
    expect(cacheNode('cache.t4g.medium')).toMatchObject({ enhancedIo: false, burstable: true });
  });

  test.each(['cache.r7g.medium', 'r7g.large', 'cache.c7g.large', 'cache.t4g.large', ''])('unknown %p is undefined', (name) => {
    expect(cacheNode(name)).toBeUndefined();
  });

  test.each(knownCacheNodes())('%s: the next size grows memory and keeps vCPUs', (name) => {
    const next = nextCacheNodeSize(name);
    if (next === undefined) {
      expect(name.endsWith('16xlarge') || name === 'cache.t4g.medium').toBe(true);
      return;
    }
    const a = cacheNode(name)!;
    const b = cacheNode(next)!;
    expect(b.family).toBe(a.family);
    expect(b.memoryGiB).toBeGreaterThan(a.memoryGiB);
    expect(b.vcpu).toBeGreaterThanOrEqual(a.vcpu);
  });

  test('next size examples', () => {
    expect(nextCacheNodeSize('cache.r7g.large')).toBe('cache.r7g.xlarge');
    expect(nextCacheNodeSize('cache.t4g.micro')).toBe('cache.t4g.small');
    expect(nextCacheNodeSize('cache.nope.large')).toBeUndefined();
  });
});
