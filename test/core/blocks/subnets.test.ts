import fc from 'fast-check';
import { issuesOf } from './helpers';
import {
  BlockKind, carveSubnets, cidrContains, cidrsOverlap, DEFAULT_AZS, MAX_AZS, MIN_AZS, parseIpv4Cidr, planLoadBalancedApi, planReplicatedDatabase,
  planShardedDatabase, planSystem, planTieredCache, planWorkQueue, subnetCidrsFor, SUBNET_TIERS,
} from '../../../src/core';
import { checkSuppliedPlan, suppliedPlanIssues } from '../../../src/core/plan-rules';

const LOAD = { peakRequestsPerSecond: 100 };

describe('the subnet layout of a created VPC (computed once, in the core)', () => {
  test('GIVEN 10.0.0.0/16 over 3 AZs THEN it is aws-cdk-lib\'s carving: public /24s, private /20s from the second /20, isolated /24s after them', () => {
    // GIVEN / WHEN
    const layout = carveSubnets('10.0.0.0/16', 3)!;
    // THEN
    expect(layout).toEqual({
      publicSubnets: { cidrMask: 24, cidrBlocks: ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'] },
      privateSubnets: { cidrMask: 20, cidrBlocks: ['10.0.16.0/20', '10.0.32.0/20', '10.0.48.0/20'] },
      isolatedSubnets: { cidrMask: 24, cidrBlocks: ['10.0.64.0/24', '10.0.65.0/24', '10.0.66.0/24'] },
    });
  });

  test.each([
    [2, ['10.1.0.0/24', '10.1.1.0/24'], ['10.1.16.0/20', '10.1.32.0/20'], ['10.1.48.0/24', '10.1.49.0/24']],
    [6, ['10.1.0.0/24', '10.1.1.0/24', '10.1.2.0/24', '10.1.3.0/24', '10.1.4.0/24', '10.1.5.0/24'],
      ['10.1.16.0/20', '10.1.32.0/20', '10.1.48.0/20', '10.1.64.0/20', '10.1.80.0/20', '10.1.96.0/20'],
      ['10.1.112.0/24', '10.1.113.0/24', '10.1.114.0/24', '10.1.115.0/24', '10.1.116.0/24', '10.1.117.0/24']],
  ])('GIVEN 10.1.0.0/16 over %i AZs THEN the isolated tier starts at the /20 after the last private subnet', (azs, pub, priv, iso) => {
    const layout = carveSubnets('10.1.0.0/16', azs)!;
    expect([layout.publicSubnets.cidrBlocks, layout.privateSubnets.cidrBlocks, layout.isolatedSubnets.cidrBlocks]).toEqual([pub, priv, iso]);
  });

  test('GIVEN masks that do not fit THEN there is no layout', () => {
    expect(carveSubnets('10.0.0.0/16', 6, { publicSubnets: 24, privateSubnets: 18, isolatedSubnets: 24 })).toBeUndefined();
    expect(carveSubnets('10.0.0.0/33', 3)).toBeUndefined();
  });

  test('PROPERTY: for every allowed VPC CIDR (/16) and AZ count, each tier has one block per AZ of its mask, inside the VPC, none overlapping', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(fc.property(octet, octet, fc.integer({ min: MIN_AZS, max: MAX_AZS }), (a, b, azs) => {
      const vpcCidr = `${a}.${b}.0.0/16`;
      const plan = planLoadBalancedApi({ vpcCidr, azCount: azs, allowPlainHttp: true, load: LOAD }).createdNetwork;
      const vpc = parseIpv4Cidr(vpcCidr)!;
      const all = SUBNET_TIERS.flatMap((tier) => {
        expect(plan[tier].cidrBlocks).toHaveLength(azs);
        return plan[tier].cidrBlocks.map((c) => {
          const block = parseIpv4Cidr(c);
          expect(block).toBeDefined();
          expect(block!.prefix).toBe(plan[tier].cidrMask);
          expect(cidrContains(vpc, block!)).toBe(true);
          return block!;
        });
      });
      all.forEach((x, i) => all.forEach((y, j) => { if (i !== j) expect(cidrsOverlap(x, y)).toBe(false); }));
    }));
  });

  test('PROPERTY: the blocks of an AZ do not depend on the VPC\'s first two octets beyond the prefix', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(fc.property(octet, octet, fc.integer({ min: MIN_AZS, max: MAX_AZS }), (a, b, azs) => {
      const base = carveSubnets('10.0.0.0/16', azs)!;
      const moved = carveSubnets(`${a}.${b}.0.0/16`, azs)!;
      for (const tier of SUBNET_TIERS) {
        expect(moved[tier].cidrBlocks).toEqual(base[tier].cidrBlocks.map((c) => c.replace(/^10\.0\./, `${a}.${b}.`)));
      }
    }));
  });

  test.each([
    ['10.0.0.0/16', { address: 0x0a000000, prefix: 16 }],
    ['255.255.255.240/28', { address: 0xfffffff0, prefix: 28 }],
    ['10.0.0.1/24', undefined],
    ['010.0.0.0/24', undefined],
    ['10.0.0.0/33', undefined],
    ['10.0.0/24', undefined],
    ['256.0.0.0/8', undefined],
    [42, undefined],
  ])('GIVEN %p THEN parseIpv4Cidr gives %p', (cidr, expected) => {
    expect(parseIpv4Cidr(cidr)).toEqual(expected);
  });
});

describe('every block carves its created VPC for the AZs that VPC spans', () => {
  test.each([
    ['LoadBalancedApi', () => planLoadBalancedApi({ azCount: 2, allowPlainHttp: true, load: LOAD }).createdNetwork, 2],
    ['ReplicatedDatabase', () => planReplicatedDatabase({ name: 'db', azCount: 2 }).createdNetwork, 2],
    ['TieredCache', () => planTieredCache({ application: { azCount: 2 } }).createdNetwork, 2],
    ['WorkQueue (Fargate)', () => planWorkQueue({ azCount: 2, load: { jobsPerSecond: 1, secondsPerJob: 1 } }).createdNetwork, 2],
    ['WorkQueue (Lambda: no VPC, the default count)', () => planWorkQueue({ workers: { kind: 'LAMBDA' as any }, load: { jobsPerSecond: 1, secondsPerJob: 1 } }).createdNetwork, DEFAULT_AZS],
    ['ShardedDatabase (the most AZs of a shard: 3 by default beside 2)', () => planShardedDatabase({ shardCount: 2, shards: [{}, { azCount: 2 }] }).createdNetwork, 3],
    ['SystemStack', () => planSystem({ name: 'sys', azCount: 2, load: LOAD, api: { allowPlainHttp: true } }).createdNetwork, 2],
  ])('GIVEN a %s THEN each tier has one block per AZ', (_what, network, azs) => {
    const n = network();
    for (const tier of SUBNET_TIERS) expect(n[tier].cidrBlocks).toHaveLength(azs as number);
    expect(n).toEqual(expect.objectContaining(carveSubnets(n.vpcCidr, azs as number)));
  });
});

describe('subnetCidrsFor: what a backend renders', () => {
  const network = carveSubnets('10.0.0.0/16', 3)!;

  test('GIVEN the plan\'s AZ count THEN every block; GIVEN fewer AZs THEN the first ones of each tier', () => {
    expect(subnetCidrsFor(network, 3, 'S/Net').isolatedSubnets).toEqual(['10.0.64.0/24', '10.0.65.0/24', '10.0.66.0/24']);
    expect(subnetCidrsFor(network, 2, 'S/Net')).toEqual({
      publicSubnets: ['10.0.0.0/24', '10.0.1.0/24'], privateSubnets: ['10.0.16.0/20', '10.0.32.0/20'], isolatedSubnets: ['10.0.64.0/24', '10.0.65.0/24'],
    });
  });

  test('GIVEN more AZs than a tier holds blocks THEN one ValidationError names every short tier', () => {
    const issues = issuesOf(() => subnetCidrsFor(network, 4, 'S/Net'));
    expect(issues.map((i) => i.prop)).toEqual(SUBNET_TIERS.map((t) => `plan.createdNetwork.${t}.cidrBlocks`));
    expect(issues[0].allowed).toMatch(/at least 4 CIDR blocks/);
  });
});

describe('a supplied plan\'s subnet layout is checked before either backend renders it', () => {
  const base = planLoadBalancedApi({ name: 'net', allowPlainHttp: true, load: LOAD });
  const withNetwork = (change: (n: any) => void) => {
    const plan = JSON.parse(JSON.stringify(base));
    change(plan.createdNetwork);
    return plan;
  };
  const problems = (plan: unknown) => suppliedPlanIssues(BlockKind.LOAD_BALANCED_API, plan, 'S/Api');

  test('GIVEN the plan function\'s own layout THEN no problem', () => {
    expect(problems(base)).toEqual([]);
  });

  test.each([
    ['a block that is not a CIDR', (n: any) => { n.publicSubnets.cidrBlocks[1] = '10.0.1.300/24'; },
      'plan.createdNetwork.publicSubnets.cidrBlocks[1]', /IPv4 CIDR block of prefix \/24/],
    ['a block with host bits set', (n: any) => { n.isolatedSubnets.cidrBlocks[0] = '10.0.64.7/24'; },
      'plan.createdNetwork.isolatedSubnets.cidrBlocks[0]', /its address the first of the block/],
    ['a block of another mask than its tier\'s', (n: any) => { n.privateSubnets.cidrBlocks[2] = '10.0.48.0/21'; },
      'plan.createdNetwork.privateSubnets.cidrBlocks[2]', /prefix \/20 \(the tier's cidrMask\)/],
    ['a block outside the VPC', (n: any) => { n.isolatedSubnets.cidrBlocks[2] = '10.1.66.0/24'; },
      'plan.createdNetwork.isolatedSubnets.cidrBlocks[2]', /inside the VPC's CIDR 10\.0\.0\.0\/16/],
    ['a block overlapping another tier\'s', (n: any) => { n.isolatedSubnets.cidrBlocks[0] = '10.0.20.0/24'; },
      'plan.createdNetwork.isolatedSubnets.cidrBlocks[0]', /overlaps no other subnet \(it overlaps plan\.createdNetwork\.privateSubnets\.cidrBlocks\[0\]|overlaps privateSubnets\.cidrBlocks\[0\], 10\.0\.16\.0\/20/],
    ['the same block twice in a tier', (n: any) => { n.publicSubnets.cidrBlocks[2] = '10.0.0.0/24'; },
      'plan.createdNetwork.publicSubnets.cidrBlocks[2]', /overlaps publicSubnets\.cidrBlocks\[0\]/],
    ['fewer blocks than AZs', (n: any) => { n.privateSubnets.cidrBlocks.pop(); },
      'plan.createdNetwork.privateSubnets.cidrBlocks', /a list of 3 CIDR blocks: one per Availability Zone the VPC spans \(azCount 3\)/],
    ['more blocks than AZs', (n: any) => { n.publicSubnets.cidrBlocks.push('10.0.3.0/24'); },
      'plan.createdNetwork.publicSubnets.cidrBlocks', /a list of 3 CIDR blocks/],
    ['a mask EC2 does not take', (n: any) => { n.publicSubnets.cidrMask = 29; },
      'plan.createdNetwork.publicSubnets.cidrMask', /an integer from 16 to 28/],
  ])('GIVEN %s THEN the problem names the block, its value and what is allowed', (_what, change, prop, allowed) => {
    const issues = problems(withNetwork(change));
    const issue = issues.find((i) => i.prop === prop);
    expect(issue).toBeDefined();
    expect(issue!.allowed).toMatch(allowed);
  });

  test('GIVEN several bad blocks THEN one ValidationError lists every one', () => {
    const plan = withNetwork((n) => {
      n.publicSubnets.cidrBlocks[0] = 'nope';
      n.privateSubnets.cidrBlocks[1] = '192.168.0.0/20';
      n.isolatedSubnets.cidrBlocks = ['10.0.64.0/24'];
    });
    const issues = issuesOf(() => checkSuppliedPlan(planLoadBalancedApi, plan, 'S/Api'));
    expect(issues.map((i) => i.prop)).toEqual(expect.arrayContaining([
      'plan.createdNetwork.publicSubnets.cidrBlocks[0]', 'plan.createdNetwork.privateSubnets.cidrBlocks[1]', 'plan.createdNetwork.isolatedSubnets.cidrBlocks',
    ]));
    expect(issues.find((i) => i.prop === 'plan.createdNetwork.privateSubnets.cidrBlocks[1]')!.value).toContain('192.168.0.0/20');
  });

  test('GIVEN Lambda workers (no VPC, no AZ count) THEN every tier still holds the same count of blocks', () => {
    const queue = JSON.parse(JSON.stringify(planWorkQueue({ workers: { kind: 'LAMBDA' as any }, load: { jobsPerSecond: 1, secondsPerJob: 1 } })));
    expect(suppliedPlanIssues(BlockKind.WORK_QUEUE, queue, 'S/Q')).toEqual([]);
    queue.createdNetwork.isolatedSubnets.cidrBlocks.pop();
    expect(suppliedPlanIssues(BlockKind.WORK_QUEUE, queue, 'S/Q').map((i) => i.prop)).toEqual(['plan.createdNetwork.isolatedSubnets.cidrBlocks']);
  });
});
