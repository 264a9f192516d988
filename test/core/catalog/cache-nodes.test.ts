import { cacheNode, knownCacheNodes, nextCacheNodeSize } from '../../../src/core/catalog';

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
