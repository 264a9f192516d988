import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import {
  GlobalCdn, LoadBalancedApi, MicroserviceGateway, ReplicatedDatabase, ShardedDatabase, SystemStack, TieredCache, WorkQueue,
} from '../../src/cdk';
import { BlockPlanBase, SystemSpec } from '../../src/core';
import { EXAMPLE } from '../fixtures/systems';

/*
 * The first synth of a user's own app, as `cdk init app` writes one: an env-agnostic stack, a VPC
 * with aws-cdk-lib's defaults (2 AZs in an env-agnostic stack), blocks with their defaults. Each
 * block takes its AZ count from the VPC it is given, and the synth carries no warning of
 * scaleblocks (issue 17 items 4 and 5).
 */

/** Every warning of every stack of the app (nested stacks' are in their parent's artifact), as `path: text`. */
function warningsOf(app: cdk.App): string[] {
  return app.synth().stacksRecursively.flatMap((s) => s.messages.filter((m) => m.level === 'warning').map((m) => `${m.id}: ${String(m.entry.data)}`));
}

/** The note of a plan saying that its AZ count was taken from the VPC, if any. */
function azNote(plan: Pick<BlockPlanBase, 'assumed'>): { prop: string; value: string } | undefined {
  const a = plan.assumed.find((x) => /taken from the VPC/.test(x.reason));
  return a && { prop: a.prop, value: a.value };
}

type Build = (scope: IConstruct, vpc: ec2.IVpc | undefined) => { plan: BlockPlanBase & { azCount?: number } };
/** The blocks that take a VPC, each with its defaults (an API and a gateway open by explicit choice only). */
const WITH_VPC: [string, Build, (plan: any) => number, string][] = [
  ['LoadBalancedApi', (s, vpc) => new LoadBalancedApi(s as cdk.Stack, 'Api', { vpc, allowPlainHttp: true }), (p) => p.azCount, 'azCount'],
  ['TieredCache', (s, vpc) => new TieredCache(s as cdk.Stack, 'Cache', { vpc }), (p) => p.application.azCount, 'application.azCount'],
  ['ReplicatedDatabase', (s, vpc) => new ReplicatedDatabase(s as cdk.Stack, 'Db', { vpc }), (p) => p.azCount, 'azCount'],
  ['ShardedDatabase', (s, vpc) => new ShardedDatabase(s as cdk.Stack, 'Shards', { vpc }), (p) => p.shards[0].database.azCount, 'shardDefaults.azCount'],
  ['WorkQueue', (s, vpc) => new WorkQueue(s as cdk.Stack, 'Jobs', { vpc }), (p) => p.workers.fargate.azCount, 'azCount'],
  ['MicroserviceGateway', (s, vpc) => new MicroserviceGateway(s as cdk.Stack, 'Gateway', { vpc, services: [{ name: 'orders', requireAuthorization: false }] }),
    (p) => p.azCount, 'azCount'],
];

describe('GIVEN an env-agnostic stack and a VPC with aws-cdk-lib\'s defaults (2 AZs)', () => {
  test.each(WITH_VPC)('WHEN a %s is given the VPC and no AZ count THEN it spreads over the VPC\'s 2 AZs, and its plan says the count was taken from the VPC',
    (_name, build, azCountOf, prop) => {
      const app = new cdk.App();
      const stack = new cdk.Stack(app, 'App');
      const vpc = new ec2.Vpc(stack, 'Vpc');
      expect(vpc.availabilityZones).toHaveLength(2);
      const block = build(stack, vpc);
      expect(azCountOf(block.plan)).toBe(2);
      expect(azNote(block.plan)).toEqual({ prop: expect.stringMatching(new RegExp(`(^|\\.)${prop.replace('.', '\\.')}$`)), value: '2' });
      expect(() => app.synth()).not.toThrow();
    });

  test('WHEN a ReplicatedDatabase sets azCount 2 itself THEN the plan records nothing as taken from the VPC', () => {
    const stack = new cdk.Stack(new cdk.App(), 'App');
    const db = new ReplicatedDatabase(stack, 'Db', { vpc: new ec2.Vpc(stack, 'Vpc'), azCount: 2 });
    expect(db.plan.azCount).toBe(2);
    expect(azNote(db.plan)).toBeUndefined();
  });

  test('WHEN a ReplicatedDatabase asks for azCount 3 THEN the error names the VPC and azCount as the fix', () => {
    const stack = new cdk.Stack(new cdk.App(), 'App');
    expect(() => new ReplicatedDatabase(stack, 'Db', { vpc: new ec2.Vpc(stack, 'Vpc'), azCount: 3 }))
      .toThrow(/vpc.*at least azCount \(3\).*set azCount to the number of AZs the VPC spans/s);
  });

  test('WHEN no VPC is given THEN the block keeps its default of 3 AZs and creates its own VPC', () => {
    const stack = new cdk.Stack(new cdk.App(), 'App', { env: { account: '123456789012', region: 'eu-west-1' } });
    const db = new ReplicatedDatabase(stack, 'Db');
    expect(db.plan.azCount).toBe(3);
    expect(azNote(db.plan)).toBeUndefined();
  });
});

describe('GIVEN a VPC whose AZs cannot be counted at synth (imported with token lists)', () => {
  const imported = (stack: cdk.Stack): ec2.IVpc => ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-1234',
    availabilityZones: cdk.Fn.split(',', cdk.Fn.importValue('Azs')),
    isolatedSubnetIds: cdk.Fn.split(',', cdk.Fn.importValue('Isolated')),
  });

  test('WHEN a ReplicatedDatabase is given it THEN the default AZ count stays, and the error names azCount as the fix', () => {
    const stack = new cdk.Stack(new cdk.App(), 'App');
    expect(() => new ReplicatedDatabase(stack, 'Db', { vpc: imported(stack) })).toThrow(/set azCount to the number of AZs the VPC spans/);
  });
});

describe('GIVEN a SystemStack given the user\'s VPC with aws-cdk-lib\'s defaults (2 AZs) and a spec without azCount', () => {
  /** Every block that spreads over AZs, no AZ count anywhere. */
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
  function build(spec: SystemSpec): { app: cdk.App; vpc: ec2.Vpc; build: () => SystemStack } {
    // The VPC is read across stacks: the app chooses a reference strength, or aws-cdk-lib warns of its default (its warning, not ours).
    const app = new cdk.App({ context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong' } });
    const vpc = new ec2.Vpc(new cdk.Stack(app, 'Network', { env: { region: 'eu-west-1' } }), 'Vpc');
    return { app, vpc, build: () => new SystemStack(app, 'Shop', { spec, vpc, env: { region: 'eu-west-1' } }) };
  }

  test('WHEN synthesized THEN every block spreads over the VPC\'s 2 AZs, the plan says it was taken from the VPC, and the synth has no warning', () => {
    const { app, vpc, build: make } = build(SPEC);
    expect(vpc.availabilityZones).toHaveLength(2);
    const stack = make();
    const p = stack.plan;
    expect(p.azCount).toBe(2);
    expect([p.api!.azCount, p.cache!.application.azCount, p.database!.azCount, p.queue!.workers.fargate!.azCount, p.gateway!.azCount])
      .toEqual([2, 2, 2, 2, 2]);
    expect(azNote(p)).toEqual({ prop: 'azCount', value: '2' });
    expect(stack.vpc).toBe(vpc);
    expect(warningsOf(app)).toEqual([]);
    // Rendered in the VPC given, over its two AZs: the database's subnet group has its two isolated subnets.
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 0);
    const [subnetGroup] = Object.values(template.findResources('AWS::RDS::DBSubnetGroup'));
    expect(subnetGroup.Properties.SubnetIds).toHaveLength(2);
  });

  test('WHEN the spec asks for azCount 3 THEN one ValidationError names azCount, the 3 and the VPC\'s 2 AZs', () => {
    const { build: make } = build({ ...SPEC, azCount: 3 });
    expect(make).toThrow(/azCount = 3.*at most 2: the VPC given spans 2 Availability Zones/s);
  });

  test('WHEN the spec asks for azCount 2 THEN it is the spec\'s, with no note', () => {
    const stack = build({ ...SPEC, azCount: 2 }).build();
    expect(stack.plan.azCount).toBe(2);
    expect(azNote(stack.plan)).toBeUndefined();
  });
});

describe('GIVEN a user\'s env-agnostic app: two blocks with defaults in their own stack and VPC', () => {
  test('WHEN synthesized THEN it succeeds with no warning at all', () => {
    const app = new cdk.App();
    const stack = new cdk.Stack(app, 'App');
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const db = new ReplicatedDatabase(stack, 'Db', { vpc });
    new WorkQueue(stack, 'Jobs', { vpc });
    expect(warningsOf(app)).toEqual([]);
    // Asked for nothing: the database adds no output to the user's stack.
    expect(Template.fromStack(stack).toJSON().Outputs).toBeUndefined();
    expect(db.plan.outputs).toBe(false);
  });
});

describe('A quiet synth: no warning of scaleblocks', () => {
  test('GIVEN every block with its defaults, each in an env-agnostic stack of its own, WHEN synthesized THEN no stack has a warning', () => {
    const app = new cdk.App();
    const blocks: [string, (s: cdk.Stack) => void][] = [
      ['LoadBalancedApi', (s) => new LoadBalancedApi(s, 'Api', { allowPlainHttp: true })],
      ['TieredCache', (s) => new TieredCache(s, 'Cache')],
      ['ReplicatedDatabase', (s) => new ReplicatedDatabase(s, 'Db')],
      ['ShardedDatabase', (s) => new ShardedDatabase(s, 'Shards')],
      ['WorkQueue', (s) => new WorkQueue(s, 'Jobs')],
      ['GlobalCdn', (s) => new GlobalCdn(s, 'Cdn')],
      ['MicroserviceGateway', (s) => new MicroserviceGateway(s, 'Gateway', { services: [{ name: 'orders', requireAuthorization: false }] })],
    ];
    for (const [name, build] of blocks) build(new cdk.Stack(app, name));
    expect(warningsOf(app)).toEqual([]);
  });

  test('GIVEN the social-feed example (its edge stack in us-east-1 included) WHEN synthesized THEN no stack has a warning', () => {
    const app = new cdk.App();
    const stack = new SystemStack(app, 'SocialFeed', { spec: EXAMPLE, env: { region: EXAMPLE.region } });
    expect(stack.edgeStack).toBeDefined();
    expect(warningsOf(app)).toEqual([]);
  });
});
