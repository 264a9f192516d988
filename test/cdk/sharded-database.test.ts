import * as fs from 'fs';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { compliantApp, findingsOf } from './compliance';
import { ShardedDatabase, ShardedDatabaseProps } from '../../src/cdk/sharded-database';
import { Errors } from '../../src/core';
import { planShardedDatabase } from '../../src/core/blocks/sharded-database';
import { KeyCaseFolding, ShardingStrategy, ShardRouter } from '../../src/core/router';

const STATEFUL = ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::SecretsManager::Secret', 'AWS::KMS::Key', 'AWS::Logs::LogGroup',
  'AWS::RDS::DBSubnetGroup', 'AWS::RDS::DBClusterParameterGroup', 'AWS::SSM::Parameter', 'AWS::CloudFormation::Stack'];

function build(props: ShardedDatabaseProps): { app: cdk.App; stack: cdk.Stack; db: ShardedDatabase } {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'Test');
  return { app, stack, db: new ShardedDatabase(stack, 'Orders', props) };
}

/** `stack path/logical id` of every stateful resource of every stack of the app. */
function statefulIds(app: cdk.App): string[] {
  const assembly = app.synth();
  const out: string[] = [];
  const visit = (file: string, label: string): void => {
    const t = JSON.parse(fs.readFileSync(path.join(assembly.directory, file), 'utf8'));
    for (const [id, r] of Object.entries(t.Resources as { [id: string]: { Type: string } })) {
      if (STATEFUL.includes(r.Type)) out.push(`${label}/${id}`);
    }
  };
  for (const s of assembly.stacks) visit(s.templateFile, s.stackName);
  for (const f of fs.readdirSync(assembly.directory).filter((x) => x.endsWith('.nested.template.json'))) visit(f, f.replace(/[0-9A-F]{8}\.nested\.template\.json$/, ''));
  return out.sort();
}

/** The published map JSON, with every token replaced by a sample host name, as an app would read it after deployment. */
function publishedJson(stack: cdk.Stack, value: string, host: (i: number) => string = (i) => `host-${i}.example.com`): string {
  const resolved = stack.resolve(value);
  if (typeof resolved === 'string') return resolved;
  return (resolved['Fn::Join'][1] as unknown[]).map((part, i) => (typeof part === 'string' ? part : host(i))).join('');
}

describe('ShardedDatabase (cdk), HASH', () => {
  const { stack, db } = build({ name: 'orders', shardCount: 2 });
  const template = Template.fromStack(stack);

  test('GIVEN 2 hash shards WHEN rendered THEN each shard is a ReplicatedDatabase in the plan\'s nested stack group', () => {
    expect(db.plan.stackGroups.map((g) => g.id)).toEqual(['shards-0']);
    expect(db.shardStacks.map((s) => s.node.path)).toEqual(['Test/Orders/shards-0']);
    expect(db.shards.map((s) => s.node.path)).toEqual(['Test/Orders/shards-0/shard-0', 'Test/Orders/shards-0/shard-1']);
    expect(db.shards.map((s) => s.plan)).toEqual(db.plan.shards.map((s) => s.database));
    template.resourceCountIs('AWS::CloudFormation::Stack', 1);
    template.resourceCountIs('AWS::RDS::DBCluster', 0);
    const nested = Template.fromStack(db.shardStacks[0]);
    nested.resourceCountIs('AWS::RDS::DBCluster', 2);
    nested.hasResource('AWS::RDS::DBCluster', {
      DeletionPolicy: 'Snapshot',
      Properties: Match.objectLike({ DatabaseName: 'orders_shard_0', StorageEncrypted: true, DeletionProtection: true, EnableIAMDatabaseAuthentication: true }),
    });
    // The shards share the block's VPC: its subnets come in as nested stack parameters.
    template.resourceCountIs('AWS::EC2::VPC', 1);
    nested.resourceCountIs('AWS::EC2::VPC', 0);
  });

  test('GIVEN the plan\'s map WHEN rendered THEN it is published to SSM (name, tier, data type) and as an output, with every writer endpoint', () => {
    expect(db.plan.shardMapParameterDataType).toBe('text');
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/scaleblocks/orders/shard-map',
      Tier: 'Intelligent-Tiering',
      Type: 'String',
      DataType: 'text',
      Value: { 'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [Match.stringLikeRegexp('shards0NestedStack'), Match.stringLikeRegexp('^Outputs\\..*shard0Cluster.*EndpointAddress$')] }])] },
    });
    template.hasOutput('*', { Value: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('"strategy":"HASH"')])] } });
    expect(Object.keys(db.writerEndpoints)).toEqual(['shard-0', 'shard-1']);
    expect(db.shardMap.shards.map((s) => s.endpoint)).toEqual([db.shards[0].writerEndpoint, db.shards[1].writerEndpoint]);
  });

  test('GIVEN the published JSON WHEN the runtime router reads it THEN it routes as the plan\'s map does', () => {
    const json = publishedJson(stack, db.shardMapJson);
    const router = ShardRouter.fromJson(json);
    const planned = ShardRouter.fromMap(db.plan.shardMap);
    expect(router.map.version).toBe(1);
    expect(router.map.shards.map((s) => s.endpoint)).toEqual([expect.stringMatching(/^host-\d+\.example\.com$/), expect.stringMatching(/^host-\d+\.example\.com$/)]);
    for (const key of ['user:1', 'user:2', 'order:42', 'zzz', '']) expect(router.shardIdFor(key)).toBe(planned.shardIdFor(key));
  });

  test('GIVEN a client WHEN allowed and granted THEN every shard admits it, and it may read the map', () => {
    const b = build({ name: 'orders', shardCount: 2 });
    const client = new ec2.SecurityGroup(b.stack, 'Client', { vpc: b.db.vpc! });
    b.db.connections.allowDefaultPortFrom(client);
    const role = new iam.Role(b.stack, 'App', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    b.db.grantReadShardMap(role);
    b.db.grantConnect(role, 'app');
    const home = Template.fromStack(b.stack);
    home.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['ssm:GetParameter']) })]) },
    });
    const policy = JSON.stringify(home.findResources('AWS::IAM::Policy'));
    expect(policy).toContain('rds-db:connect');
    expect(policy.match(/DBClusterResourceId/g)).toHaveLength(2);
    const ingress = { ...home.findResources('AWS::EC2::SecurityGroupIngress'), ...Template.fromStack(b.db.shardStacks[0]).findResources('AWS::EC2::SecurityGroupIngress') };
    expect(Object.values(ingress).filter((r: any) => r.Properties.FromPort === 5432 && JSON.stringify(r).includes('Client'))).toHaveLength(2);
  });

  test('GIVEN 2 hash shards WHEN synthesized THEN the home and nested templates match the snapshot', () => {
    expect({ home: template.toJSON(), nested: Template.fromStack(db.shardStacks[0]).toJSON() }).toMatchSnapshot();
  });
});

describe('ShardedDatabase (cdk), many shards', () => {
  test('GIVEN 256 hash shards WHEN synthesized THEN 32 nested stacks of 8, no template at 500 resources, and the map pages route keys back', () => {
    const { app, stack, db } = build({ name: 'events', shardCount: 256, shardDefaults: { readers: 1 } });
    expect(db.shardStacks).toHaveLength(32);
    expect(db.shards).toHaveLength(256);
    const assembly = app.synth();
    const resourcesOf = (file: string): number => Object.keys(JSON.parse(fs.readFileSync(path.join(assembly.directory, file), 'utf8')).Resources).length;
    const nested = fs.readdirSync(assembly.directory).filter((f) => f.endsWith('.nested.template.json'));
    expect(nested).toHaveLength(32);
    const counts = nested.map(resourcesOf);
    for (const c of counts) expect(c).toBeLessThan(500);
    const home = Template.fromStack(stack);
    expect(Object.keys(home.toJSON().Resources).length).toBeLessThan(500);
    // The plan's estimate of each group holds what the backend renders.
    db.plan.stackGroups.forEach((g, i) => expect(Object.keys(Template.fromStack(db.shardStacks[i]).toJSON().Resources).length)
      .toBeLessThanOrEqual(g.estimatedResources * 1.25));
    // The map is published in the plan's pages, one parameter and one output each.
    const pages = db.plan.shardMapPageParameterNames;
    expect(pages.length).toBeGreaterThan(1);
    expect(db.shardMapPageParameters).toHaveLength(pages.length);
    const params = home.findResources('AWS::SSM::Parameter');
    expect(Object.values(params).map((r: any) => r.Properties.Name).sort()).toEqual([...pages].sort());
    // Each page, its tokens resolved to sample host names of the real length, fits the tier; together they route as the plan.
    // A 63-character cluster identifier, as the CDK backend may derive, in the longest Region name: 117 characters.
    const longest = (i: number): string => `${'e'.repeat(58)}${String(i).padStart(5, '0')}.cluster-abcdefghijkl.ap-southeast-3.rds.amazonaws.com`;
    const published = db.shardMapPageJsons.map((j) => publishedJson(stack, j, longest));
    for (const page of published) expect(Buffer.byteLength(page, 'utf8')).toBeLessThanOrEqual(8192);
    const router = ShardRouter.fromPages(published);
    const planned = ShardRouter.fromMap(db.plan.shardMap);
    for (let i = 0; i < 500; i++) expect(router.shardIdFor(`user:${i}`)).toBe(planned.shardIdFor(`user:${i}`));
    expect(router.map.shards.every((s) => s.endpoint !== undefined)).toBe(true);
  }, 600_000);
});

describe('ShardedDatabase (cdk), stable ids', () => {
  test('GIVEN N hash shards WHEN one is added THEN every stateful resource of N keeps its stack and logical id', () => {
    const before = statefulIds(build({ name: 'orders', shardCount: 2 }).app);
    const after = statefulIds(build({ name: 'orders', shardCount: 3 }).app);
    expect(before.length).toBeGreaterThan(10);
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after.length).toBeGreaterThan(before.length);
  });
});

describe('ShardedDatabase (cdk), RANGE', () => {
  test('GIVEN three ranges WHEN rendered THEN each shard has its own nested stack and the map holds the ranges', () => {
    const { stack, db } = build({
      name: 'users',
      strategy: ShardingStrategy.RANGE,
      caseFolding: KeyCaseFolding.ASCII_UPPER,
      shards: [{ id: 'digits', rangeStart: '' }, { id: 'a-to-m', rangeStart: 'A' }, { id: 'n-to-z', rangeStart: 'N' }],
    });
    expect(db.shardStacks.map((s) => s.node.id)).toEqual(['shard-digits', 'shard-a-to-m', 'shard-n-to-z']);
    const router = ShardRouter.fromJson(publishedJson(stack, db.shardMapJson));
    expect(router.shardIdFor('bob')).toBe('a-to-m');
    expect(router.shardIdFor('zed')).toBe('n-to-z');
    expect(router.shardIdFor('42')).toBe('digits');
    Template.fromStack(stack).hasResourceProperties('AWS::SSM::Parameter', { Name: '/scaleblocks/users/shard-map' });
  });
});

describe('ShardedDatabase (cdk), GEOGRAPHIC', () => {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'Home');
  const db = new ShardedDatabase(stack, 'Users', { name: 'users', strategy: ShardingStrategy.GEOGRAPHIC, shardMapVersion: 3 });
  const assembly = app.synth();

  test('GIVEN US, EU and ASIA shards WHEN rendered THEN each shard is a stack of its own Region in the same App', () => {
    expect(db.shardStacks.map((s) => [s.stackName, s.region])).toEqual([
      ['Home-Users-shard-us', 'us-east-1'], ['Home-Users-shard-eu', 'eu-west-1'], ['Home-Users-shard-asia', 'ap-southeast-1'],
    ]);
    expect(db.shardStacks.every((s) => s.node.scope === app)).toBe(true);
    for (const s of db.shardStacks) {
      const t = Template.fromStack(s);
      t.resourceCountIs('AWS::RDS::DBCluster', 1);
      t.resourceCountIs('AWS::EC2::VPC', 1);
    }
    Template.fromStack(stack).resourceCountIs('AWS::RDS::DBCluster', 0);
  });

  test('GIVEN shards in other Regions WHEN published THEN each Region holds its shard\'s endpoint and a map, and no token crosses a Region', () => {
    for (const s of db.shardStacks) {
      const t = Template.fromStack(s);
      const shardId = s.stackName.replace('Home-Users-shard-', '');
      const shardPlan = db.plan.shards.find((x) => x.id === shardId)!;
      expect(shardPlan.endpointParameterName).toBe(`/scaleblocks/users/shard-map/endpoints/${shardId}`);
      t.hasResourceProperties('AWS::SSM::Parameter', {
        Name: shardPlan.endpointParameterName, Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('Cluster'), 'Endpoint.Address'] },
      });
      t.hasResourceProperties('AWS::SSM::Parameter', {
        Name: '/scaleblocks/users/shard-map',
        Tier: 'Intelligent-Tiering',
        Value: { 'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [Match.stringLikeRegexp('Cluster'), 'Endpoint.Address'] }])] },
      });
    }
    const home = Template.fromStack(stack);
    home.hasResourceProperties('AWS::SSM::Parameter', { Name: '/scaleblocks/users/shard-map', Value: Match.stringLikeRegexp('"strategy":"GEOGRAPHIC"') });
    const all = assembly.stacks.map((s) => JSON.stringify(s.template)).join('\n');
    expect(all).not.toContain('Fn::ImportValue');
    expect(all).not.toContain('Custom::CrossRegion');
    expect(db.plan.shardMapParameterRegions).toEqual(db.shardStacks.map((s) => s.region));
  });

  test('GIVEN the home map WHEN read by the router THEN geographies route to their shards and entries name their Regions', () => {
    const router = ShardRouter.fromJson(publishedJson(stack, db.shardMapJson));
    expect(router.map.version).toBe(3);
    expect(router.shardIdFor('EU')).toBe('eu');
    expect(router.route('ASIA').region).toBe('ap-southeast-1');
    expect(db.connections.securityGroups).toEqual([]);
  });

  test('GIVEN GEOGRAPHIC WHEN synthesized THEN the home and the US templates match the snapshot', () => {
    expect({ home: Template.fromStack(stack).toJSON(), us: Template.fromStack(db.shardStacks[0]).toJSON() }).toMatchSnapshot();
  });
});

describe('ShardedDatabase (cdk), bad props', () => {
  test.each<[string, (stack: cdk.Stack) => ShardedDatabaseProps, RegExp]>([
    ['a plan with options', () => ({ plan: planShardedDatabase({ shardCount: 2 }), shardCount: 3 }), /plan/],
    ['too few hash shards', () => ({ shardCount: 1 }), /shardCount/],
    ['a VPC with GEOGRAPHIC', (s) => ({ strategy: ShardingStrategy.GEOGRAPHIC, vpc: new ec2.Vpc(s, 'Net') }), /vpc/],
  ])('GIVEN %s WHEN constructed THEN a ValidationError names the prop', (_, props, prop) => {
    const stack = new cdk.Stack(new cdk.App(), 'Test');
    let error: unknown;
    try {
      new ShardedDatabase(stack, 'Orders', props(stack));
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(() => { throw error; }).toThrow(prop);
  });

  test.each<[string, (db: ShardedDatabase) => unknown, ShardedDatabaseProps, RegExp]>([
    ['an unknown shard id', (db) => db.shard('nope'), { shardCount: 2 }, /shardId/],
    ['a grant on GEOGRAPHIC shards', (db) => db.grantConnect(new iam.AnyPrincipal()), { strategy: ShardingStrategy.GEOGRAPHIC }, /strategy/],
  ])('GIVEN %s WHEN asked THEN a ValidationError names the argument', (_, call, props, prop) => {
    const { db } = build(props);
    let error: unknown;
    try {
      call(db);
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(() => { throw error; }).toThrow(prop);
  });
});

describe('ShardedDatabase (cdk), compliance', () => {
  test.each<[string, ShardedDatabaseProps]>([
    ['HASH, 2 shards in a nested stack', { name: 'orders', shardCount: 2 }],
    ['GEOGRAPHIC, a stack per Region', { name: 'users', strategy: ShardingStrategy.GEOGRAPHIC }],
  ])('GIVEN %s WHEN synthesized with cdk-nag and cfn-guard THEN there is no unacknowledged finding', (_, props) => {
    const app = compliantApp();
    const stack = new cdk.Stack(app, 'Test');
    new ShardedDatabase(stack, 'Db', props);
    expect(findingsOf(app)).toEqual([]);
  });
});
