import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Fn, TerraformStack, Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import { TfTemplate } from './template';
import {
  ExistingNetwork, GlobalCdn, LoadBalancedApi, MicroserviceGateway, ReplicatedDatabase, ShardedDatabase, SystemStack, TieredCache, WorkQueue,
} from '../../src/cdktf';
import { BlockPlanBase, SystemSpec } from '../../src/core';
import { EXAMPLE } from '../fixtures/systems';

/*
 * The first synth of a user's own cdktf app: blocks given the user's network take their AZ count
 * from its subnet ids when the options set none, and nothing of scaleblocks warns (issue 17 items
 * 4 and 5).
 */

/** A network of two AZs: one subnet id of each tier in each. */
const TWO_AZS: ExistingNetwork = {
  vpcId: 'vpc-0123456789abcdef0',
  vpcCidr: '10.1.0.0/16',
  publicSubnetIds: ['subnet-a1', 'subnet-a2'],
  privateSubnetIds: ['subnet-p1', 'subnet-p2'],
  isolatedSubnetIds: ['subnet-i1', 'subnet-i2'],
};

function stack(name = 'test'): TerraformStack {
  const s = new TerraformStack(Testing.app(), name);
  new AwsProvider(s, 'aws', { region: 'eu-west-1' });
  return s;
}

/** Every warning annotation under a construct (cdktf records them as node metadata). */
function warningsOf(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap((c) => c.node.metadata.filter((m) => /warn/i.test(m.type)).map((m) => `${c.node.path}: ${String(m.data)}`));
}

function azNote(plan: Pick<BlockPlanBase, 'assumed'>): { prop: string; value: string } | undefined {
  const a = plan.assumed.find((x) => /taken from the VPC/.test(x.reason));
  return a && { prop: a.prop, value: a.value };
}

type Build = (scope: TerraformStack, network: ExistingNetwork) => { plan: BlockPlanBase };
const WITH_NETWORK: [string, Build, (plan: any) => number, string][] = [
  ['LoadBalancedApi', (s, network) => new LoadBalancedApi(s, 'Api', { network, allowPlainHttp: true }), (p) => p.azCount, 'azCount'],
  ['TieredCache', (s, network) => new TieredCache(s, 'Cache', { network }), (p) => p.application.azCount, 'application.azCount'],
  ['ReplicatedDatabase', (s, network) => new ReplicatedDatabase(s, 'Db', { network }), (p) => p.azCount, 'azCount'],
  ['ShardedDatabase', (s, network) => new ShardedDatabase(s, 'Shards', { network }), (p) => p.shards[0].database.azCount, 'shardDefaults.azCount'],
  ['WorkQueue', (s, network) => new WorkQueue(s, 'Jobs', { network }), (p) => p.workers.fargate.azCount, 'azCount'],
  ['MicroserviceGateway', (s, network) => new MicroserviceGateway(s, 'Gateway', { network, services: [{ name: 'orders', requireAuthorization: false }] }),
    (p) => p.azCount, 'azCount'],
];

describe('GIVEN a network of two AZs (two subnet ids per tier)', () => {
  test.each(WITH_NETWORK)('WHEN a %s is given it and no AZ count THEN it spreads over 2 AZs, and its plan says the count was taken from the VPC',
    (_name, build, azCountOf, prop) => {
      const s = stack();
      const block = build(s, TWO_AZS);
      expect(azCountOf(block.plan)).toBe(2);
      expect(azNote(block.plan)).toEqual({ prop: expect.stringMatching(new RegExp(`(^|\\.)${prop.replace('.', '\\.')}$`)), value: '2' });
      expect(() => TfTemplate.synth(s)).not.toThrow();
    });

  test('WHEN a ReplicatedDatabase sets azCount 3 itself THEN the error names the subnets and azCount', () => {
    expect(() => new ReplicatedDatabase(stack(), 'Db', { network: TWO_AZS, azCount: 3 })).toThrow(/isolatedSubnetIds.*at least azCount \(3\)/s);
  });
});

describe('GIVEN a SystemStack given the user\'s network of two AZs and a spec without azCount', () => {
  const SPEC: SystemSpec = {
    name: 'shop',
    region: 'eu-west-1',
    load: { peakRequestsPerSecond: 500, jobsPerSecond: 5 },
    api: { allowPlainHttp: true },
    cache: {},
    database: {},
    queue: {},
    gateway: { services: [{ name: 'orders', requireAuthorization: false }] },
  };

  test('WHEN synthesized THEN every block spreads over the network\'s 2 AZs, the plan says it was taken from the VPC, and nothing warns', () => {
    const s = new SystemStack(Testing.app(), 'shop', { spec: SPEC, network: TWO_AZS });
    const p = s.plan;
    expect(p.azCount).toBe(2);
    expect([p.api!.azCount, p.cache!.application.azCount, p.database!.azCount, p.queue!.workers.fargate!.azCount, p.gateway!.azCount])
      .toEqual([2, 2, 2, 2, 2]);
    expect(azNote(p)).toEqual({ prop: 'azCount', value: '2' });
    const t = TfTemplate.synth(s);
    expect(warningsOf(s)).toEqual([]);
    // Rendered in the given network: no VPC of its own; the database's subnet group is the two isolated subnets.
    expect(t.resourceCount('aws_vpc')).toBe(0);
    expect(t.resources('aws_db_subnet_group').map((g) => g.attributes.subnet_ids)).toEqual([['subnet-i1', 'subnet-i2']]);
  });

  test('WHEN the private subnets span fewer AZs than the isolated ones THEN the system takes the fewer', () => {
    const s = new SystemStack(Testing.app(), 'shop', {
      spec: SPEC, network: { ...TWO_AZS, isolatedSubnetIds: ['subnet-i1', 'subnet-i2', 'subnet-i3'] },
    });
    expect(s.plan.azCount).toBe(2);
  });

  test('WHEN the spec asks for azCount 3 THEN one ValidationError names azCount, the 3 and the network\'s 2 AZs', () => {
    expect(() => new SystemStack(Testing.app(), 'shop', { spec: { ...SPEC, azCount: 3 }, network: TWO_AZS }))
      .toThrow(/azCount = 3.*at most 2: the VPC given spans 2 Availability Zones/s);
  });

  test('WHEN the subnet ids are a token THEN the AZs cannot be counted: the default 3 stays, listed as assumed, with no note', () => {
    const network = { ...TWO_AZS, privateSubnetIds: Fn.split(',', 'subnet-p1,subnet-p2'), isolatedSubnetIds: Fn.split(',', 'subnet-i1,subnet-i2') };
    const s = new SystemStack(Testing.app(), 'shop', { spec: { name: 'shop', region: 'eu-west-1', load: { peakRequestsPerSecond: 10 }, database: {} }, network });
    expect(s.plan.azCount).toBe(3);
    expect(s.plan.assumed.find((a) => a.prop === 'azCount')).toEqual(expect.objectContaining({ value: '3', reason: 'Availability Zones every block spreads over' }));
    expect(azNote(s.plan)).toBeUndefined();
  });
});

describe('GIVEN a network whose subnet ids are a token (a list read at apply time)', () => {
  test('WHEN a ReplicatedDatabase is given it THEN its AZ count cannot be counted: the default 3 stays, with no note', () => {
    const s = stack();
    const ids = Fn.split(',', 'subnet-i1,subnet-i2');
    const db = new ReplicatedDatabase(s, 'Db', { network: { ...TWO_AZS, isolatedSubnetIds: ids } });
    expect(db.plan.azCount).toBe(3);
    expect(azNote(db.plan)).toBeUndefined();
  });
});

describe('A quiet synth: no warning of scaleblocks', () => {
  test('GIVEN every block with its defaults, each in a stack of its own, WHEN synthesized THEN no construct has a warning and the database adds no output', () => {
    const blocks: [string, (s: TerraformStack) => void][] = [
      ['LoadBalancedApi', (s) => new LoadBalancedApi(s, 'Api', { allowPlainHttp: true })],
      ['TieredCache', (s) => new TieredCache(s, 'Cache')],
      ['ReplicatedDatabase', (s) => new ReplicatedDatabase(s, 'Db')],
      ['ShardedDatabase', (s) => new ShardedDatabase(s, 'Shards')],
      ['WorkQueue', (s) => new WorkQueue(s, 'Jobs')],
      ['GlobalCdn', (s) => new GlobalCdn(s, 'Cdn')],
      ['MicroserviceGateway', (s) => new MicroserviceGateway(s, 'Gateway', { services: [{ name: 'orders', requireAuthorization: false }] })],
    ];
    const warnings: string[] = [];
    for (const [name, build] of blocks) {
      const s = stack(name);
      build(s);
      const t = TfTemplate.synth(s);
      warnings.push(...warningsOf(s));
      if (name === 'ReplicatedDatabase') expect(t.outputs()).toEqual({});
    }
    expect(warnings).toEqual([]);
  });

  test('GIVEN the social-feed example WHEN synthesized THEN no construct has a warning', () => {
    const s = new SystemStack(Testing.app(), 'social-feed', { spec: EXAMPLE });
    TfTemplate.synth(s);
    expect(warningsOf(s)).toEqual([]);
  });
});
