import { AwsProvider, AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { App, TerraformStack, Testing } from 'cdktf';
import { TfTemplate } from './template';
import { ShardedDatabase, ShardedDatabaseProps } from '../../src/cdktf/sharded-database';
import { DatabaseEngine, Errors, planShardedDatabase, ShardingStrategy } from '../../src/core';
import { ShardRouter } from '../../src/core/router';

const NETWORK = {
  vpcId: 'vpc-home',
  vpcCidr: '10.1.0.0/16',
  privateSubnetIds: ['subnet-p1', 'subnet-p2', 'subnet-p3'],
  isolatedSubnetIds: ['subnet-i1', 'subnet-i2', 'subnet-i3'],
};
const EU_NETWORK = {
  vpcId: 'vpc-eu',
  vpcCidr: '10.2.0.0/16',
  privateSubnetIds: ['subnet-eu-p1', 'subnet-eu-p2', 'subnet-eu-p3'],
  isolatedSubnetIds: ['subnet-eu-i1', 'subnet-eu-i2', 'subnet-eu-i3'],
};
const RANGES = [{ rangeStart: '' }, { rangeStart: 'N' }];

function stack(provider: AwsProviderConfig = { region: 'us-east-1' }): TerraformStack {
  const app: App = Testing.app();
  const s = new TerraformStack(app, 'test');
  new AwsProvider(s, 'aws', provider);
  return s;
}

function render(props: ShardedDatabaseProps, provider?: AwsProviderConfig): { db: ShardedDatabase; t: TfTemplate; s: TerraformStack } {
  const s = stack(provider);
  const db = new ShardedDatabase(s, 'Orders', { name: 'orders', ...props });
  return { db, t: TfTemplate.synth(s), s };
}

/** The resources of a type, by provider (`default` for the stack's). */
function byProvider(t: TfTemplate, type: string): { [provider: string]: number } {
  const out: { [provider: string]: number } = {};
  for (const r of t.resources(type)) {
    const p = r.attributes.provider ?? 'default';
    out[p] = (out[p] ?? 0) + 1;
  }
  return out;
}

describe('ShardedDatabase (cdktf), HASH', () => {
  test('GIVEN 3 hash shards THEN 3 ReplicatedDatabases with their shard ids as construct ids, named <name>-<shard id>, sharing one network', () => {
    const { db, t } = render({ shardCount: 3 });
    expect(t.resources('aws_rds_cluster').map((r) => [r.name, r.attributes.cluster_identifier])).toEqual([
      [expect.stringMatching(/^Orders_shard-0_[0-9A-F]{8}$/), 'orders-shard-0'],
      [expect.stringMatching(/^Orders_shard-1_[0-9A-F]{8}$/), 'orders-shard-1'],
      [expect.stringMatching(/^Orders_shard-2_[0-9A-F]{8}$/), 'orders-shard-2'],
    ]);
    expect(db.shards.map((s) => s.node.id)).toEqual(['shard-0', 'shard-1', 'shard-2']);
    expect(db.shard('shard-1')).toBe(db.shards[1]);
    expect(db.shards.map((s) => s.plan)).toEqual(db.plan.shards.map((s) => s.database));
    t.resourceCountIs('aws_vpc', 1);
    expect(db.network).toBeDefined();
    for (const g of t.resources('aws_db_subnet_group')) {
      expect(g.attributes.subnet_ids).toEqual([1, 2, 3].map((i) => expect.stringContaining(`Orders_Network_Isolated${i}`)));
    }
    // Each shard is a full ReplicatedDatabase: protected, encrypted, rotated.
    for (const c of t.resources('aws_rds_cluster')) {
      expect(c.attributes).toMatchObject({
        storage_encrypted: true, deletion_protection: true, manage_master_user_password: true, lifecycle: { prevent_destroy: true },
      });
    }
    t.resourceCountIs('aws_secretsmanager_secret_rotation', 3);
    expect(t.json.provider.aws).toHaveLength(1);
  });

  test('GIVEN hash shards THEN the shard map, with every writer endpoint, is published to SSM with the plan\'s name and tier and as an output', () => {
    const { db, t } = render({ shardCount: 3, shardMapVersion: 4 });
    const param = t.only('aws_ssm_parameter').attributes;
    expect(param).toMatchObject({ name: '/scaleblocks/orders/shard-map', tier: 'Intelligent-Tiering', type: 'String', data_type: db.plan.shardMapParameterDataType });
    expect(db.plan.shardMapParameterDataType).toBe('text');
    expect(param.provider).toBeUndefined();
    const map = JSON.parse(param.value);
    expect(map).toMatchObject({ version: 4, strategy: 'HASH', hash: { virtualNodesPerShard: 128 } });
    const clusterOf = (shard: string): string => t.resources('aws_rds_cluster').find((r) => r.attributes.cluster_identifier === `orders-${shard}`)!.name;
    expect(map.shards).toEqual(['shard-0', 'shard-1', 'shard-2'].map((id) => ({ id, endpoint: `\${aws_rds_cluster.${clusterOf(id)}.endpoint}` })));
    const outputs = t.outputs();
    const mapOutput = Object.keys(outputs).find((k) => k.startsWith('Orders_ShardMap_'))!;
    expect(outputs[mapOutput].value).toBe(param.value);
    expect(Object.values(outputs).map((o: any) => o.value)).toContain('/scaleblocks/orders/shard-map');
    expect(db.shardMapParameterName).toBe('/scaleblocks/orders/shard-map');
  });

  test('GIVEN the published map THEN the runtime ShardRouter reads it and routes keys as the plan\'s map does', () => {
    const { db, t } = render({ shardCount: 4 });
    const router = ShardRouter.fromJson(t.only('aws_ssm_parameter').attributes.value);
    const planned = ShardRouter.fromMap(db.plan.shardMap);
    for (const key of ['alice', 'bob', 'carol', 'dave', 'erin', 'order-42', '']) {
      const entry = router.route(key);
      expect(entry.id).toBe(planned.shardIdFor(key));
      expect(entry.endpoint).toMatch(/^\$\{aws_rds_cluster\.Orders_shard-\d_[0-9A-F]{8}\.endpoint\}$/);
    }
  });

  test('GIVEN 3 shards WHEN a 4th is added THEN every resource of the 3 keeps its logical id', () => {
    const names = (shardCount: number): string[] => render({ shardCount, network: NETWORK }).t.allResources().map((r) => `${r.type}.${r.name}`);
    const three = names(3);
    const four = names(4);
    expect(four).toEqual(expect.arrayContaining(three));
    expect(four.filter((n) => !three.includes(n)).every((n) => n.includes('Orders_shard-3_'))).toBe(true);
    expect(four.filter((n) => n.startsWith('aws_rds_cluster.'))).toHaveLength(4);
  });

  test('GIVEN 256 hash shards THEN one Terraform stack holds them all (no resource quota per stack) and the map pages route keys back', () => {
    const s = stack();
    const db = new ShardedDatabase(s, 'Orders', { name: 'orders', shardCount: 256, network: NETWORK, shardDefaults: { readers: 1 } });
    const t = TfTemplate.synth(s);
    t.resourceCountIs('aws_rds_cluster', 256);
    t.resourceCountIs('aws_rds_cluster_instance', 512);
    expect(t.allResources().length).toBeGreaterThan(500);
    expect(s.node.scope!.node.children.filter((c) => c instanceof TerraformStack)).toHaveLength(1);
    // One parameter per page of the plan, under the plan's names, with the plan's tier.
    const pages = db.plan.shardMapPageParameterNames;
    expect(pages.length).toBeGreaterThan(1);
    const params = t.resources('aws_ssm_parameter').map((r) => r.attributes);
    expect(params.map((p) => p.name).sort()).toEqual([...pages].sort());
    expect(params.every((p) => p.tier === 'Intelligent-Tiering')).toBe(true);
    const router = ShardRouter.fromPages(params.map((p) => p.value));
    const planned = ShardRouter.fromMap(db.plan.shardMap);
    expect(router.map.shards).toHaveLength(256);
    for (let i = 0; i < 500; i++) expect(router.shardIdFor(`user:${i}`)).toBe(planned.shardIdFor(`user:${i}`));
    expect(router.route('user:1').endpoint).toMatch(/^\$\{aws_rds_cluster\.Orders_shard-\d+_[0-9A-F]{8}\.endpoint\}$/);
  }, 600_000);

  test('GIVEN an existing network THEN every shard uses its isolated subnets and no network is created', () => {
    const { db, t } = render({ shardCount: 2, network: NETWORK });
    expect(db.network).toBeUndefined();
    t.resourceCountIs('aws_vpc', 0);
    for (const g of t.resources('aws_db_subnet_group')) expect(g.attributes.subnet_ids).toEqual(NETWORK.isolatedSubnetIds);
    for (const g of t.resources('aws_security_group')) expect(g.attributes.vpc_id).toBe(NETWORK.vpcId);
  });

  test('GIVEN shard defaults and a per-shard override THEN each shard renders its own plan', () => {
    const { t } = render({
      shardCount: 2,
      network: NETWORK,
      shardDefaults: { engine: DatabaseEngine.RDS_POSTGRESQL, readers: 1 },
      shards: [{}, { instanceClass: 'db.r7g.2xlarge' }],
    });
    t.resourceCountIs('aws_rds_cluster', 0);
    t.hasResourceWithProperties('aws_db_instance', { identifier: 'orders-shard-1-writer', instance_class: 'db.r7g.2xlarge' });
    t.resourceCountIs('aws_db_instance', 4);
  });

  test('GIVEN allowFrom THEN every shard admits the client on its port', () => {
    const s = stack();
    const db = new ShardedDatabase(s, 'Orders', { name: 'orders', shardCount: 2, network: NETWORK });
    db.allowFrom('AllowApi', new SecurityGroup(s, 'ApiSg', { vpcId: NETWORK.vpcId }).id);
    const rules = TfTemplate.synth(s).resources('aws_vpc_security_group_ingress_rule');
    expect(rules.map((r) => [r.attributes.security_group_id, r.attributes.referenced_security_group_id, r.attributes.from_port])).toEqual([
      [expect.stringContaining('Orders_shard-0_SecurityGroup'), '${aws_security_group.ApiSg.id}', 5432],
      [expect.stringContaining('Orders_shard-1_SecurityGroup'), '${aws_security_group.ApiSg.id}', 5432],
    ]);
  });

  test('GIVEN a resolved plan THEN it is rendered as is', () => {
    const plan = planShardedDatabase({ name: 'ledger', shardCount: 2 });
    const s = stack();
    const db = new ShardedDatabase(s, 'Ledger', { plan, network: NETWORK });
    expect(db.plan).toBe(plan);
    expect(TfTemplate.synth(s).resources('aws_rds_cluster').map((r) => r.attributes.cluster_identifier)).toEqual(['ledger-shard-0', 'ledger-shard-1']);
  });
});

describe('ShardedDatabase (cdktf), RANGE', () => {
  test('GIVEN two ranges THEN a shard per range, by shard id, and a gap-free range map', () => {
    const { t } = render({ strategy: ShardingStrategy.RANGE, shards: RANGES, network: NETWORK });
    expect(t.resources('aws_rds_cluster').map((r) => r.attributes.cluster_identifier).sort()).toEqual(['orders-from-n', 'orders-from-start']);
    const map = JSON.parse(t.only('aws_ssm_parameter').attributes.value);
    expect(map.strategy).toBe('RANGE');
    expect(map.shards.map((s: any) => [s.id, s.range, s.endpoint])).toEqual([
      ['from-start', { start: '', end: 'N' }, expect.stringMatching(/^\$\{aws_rds_cluster\.Orders_from-start_[0-9A-F]{8}\.endpoint\}$/)],
      ['from-n', { start: 'N' }, expect.stringMatching(/^\$\{aws_rds_cluster\.Orders_from-n_[0-9A-F]{8}\.endpoint\}$/)],
    ]);
    expect(ShardRouter.fromJson(JSON.stringify(map)).shardIdFor('Zed')).toBe('from-n');
  });

  test('GIVEN two ranges WHEN a range is inserted between them THEN the existing shards keep every logical id', () => {
    const names = (shards: { rangeStart: string }[]): string[] => render({ strategy: ShardingStrategy.RANGE, shards, network: NETWORK })
      .t.allResources().map((r) => `${r.type}.${r.name}`);
    const two = names(RANGES);
    const three = names([{ rangeStart: '' }, { rangeStart: 'G' }, { rangeStart: 'N' }]);
    expect(three).toEqual(expect.arrayContaining(two));
    expect(three.filter((n) => !two.includes(n)).every((n) => n.includes('Orders_from-g_'))).toBe(true);
  });
});

describe('ShardedDatabase (cdktf), GEOGRAPHIC', () => {
  test('GIVEN US, EU and ASIA shards from a us-east-1 stack THEN one aliased provider per other Region, and each shard\'s resources use it', () => {
    const { db, t } = render({ strategy: ShardingStrategy.GEOGRAPHIC });
    expect(t.json.provider.aws).toEqual([
      { region: 'us-east-1' },
      { alias: 'eu-west-1', region: 'eu-west-1' },
      { alias: 'ap-southeast-1', region: 'ap-southeast-1' },
    ]);
    expect(Object.keys(db.regionalProviders)).toEqual(['eu-west-1', 'ap-southeast-1']);
    expect(t.resources('aws_rds_cluster').map((r) => [r.attributes.cluster_identifier, r.attributes.provider])).toEqual([
      ['orders-asia', 'aws.ap-southeast-1'], ['orders-eu', 'aws.eu-west-1'], ['orders-us', undefined],
    ]);
    // Every resource and data source of a regional shard, and of its Region's network, is created there.
    for (const r of [...t.allResources(), ...t.dataSources('aws_subnet'), ...t.dataSources('aws_availability_zones')]) {
      const expected = /Orders_eu[_-]|-eu-west-1_/.test(r.name) ? 'aws.eu-west-1'
        : /Orders_asia[_-]|-ap-southeast-1_/.test(r.name) ? 'aws.ap-southeast-1' : undefined;
      expect({ name: r.name, provider: r.attributes.provider }).toEqual({ name: r.name, provider: expected });
    }
    expect(byProvider(t, 'aws_vpc')).toEqual({ 'default': 1, 'aws.eu-west-1': 1, 'aws.ap-southeast-1': 1 });
  });

  test('GIVEN a regional network the block creates THEN its subnets take that Region\'s AZs and its keys name that Region\'s logs service', () => {
    const { t } = render({ strategy: ShardingStrategy.GEOGRAPHIC });
    const euSubnets = t.resources('aws_subnet').filter((r) => r.name.includes('Region-eu-west-1'));
    expect(euSubnets).toHaveLength(9);
    for (const sn of euSubnets) expect(sn.attributes.availability_zone).toMatch(/^\$\{element\(data\.aws_availability_zones\.Orders_Region-eu-west-1_Azs_[0-9A-F]{8}\.names, [0-2]\)\}$/);
    const euAzs = t.dataSources('aws_availability_zones').find((d) => d.name.includes('Region-eu-west-1'))!;
    expect(euAzs.attributes).toMatchObject({ provider: 'aws.eu-west-1', state: 'available' });
    const policyOf = (name: string): string => t.resources('aws_kms_key').find((k) => k.name.startsWith(name))!.attributes.policy;
    for (const key of ['Orders_eu_Key', 'Orders_Region-eu-west-1_Key']) {
      expect(JSON.parse(policyOf(key)).Statement[2].Principal.Service).toEqual(['logs.eu-west-1.${data.aws_partition.ScaleblocksContext_Partition_0C530B92.dns_suffix}']);
    }
    expect(JSON.parse(policyOf('Orders_us_Key')).Statement[2].Principal.Service[0]).toContain('data.aws_region.ScaleblocksContext_Region');
  });

  test('GIVEN geographic shards THEN each shard\'s writer endpoint is published in its Region under the plan\'s endpointParameterName', () => {
    const { db, t } = render({ strategy: ShardingStrategy.GEOGRAPHIC });
    const endpoints = t.resources('aws_ssm_parameter').filter((r) => r.attributes.name.includes('/endpoints/'));
    const byName = (a: string[], b: string[]): number => a[0].localeCompare(b[0]);
    expect(endpoints.map((r) => [r.attributes.name, r.attributes.provider, r.attributes.type]).sort(byName)).toEqual([
      ['/scaleblocks/orders/shard-map/endpoints/asia', 'aws.ap-southeast-1', 'String'],
      ['/scaleblocks/orders/shard-map/endpoints/eu', 'aws.eu-west-1', 'String'],
      ['/scaleblocks/orders/shard-map/endpoints/us', undefined, 'String'],
    ]);
    expect(db.endpointParameters.map((r) => r.nameInput)).toEqual(db.plan.shards.map((s) => s.endpointParameterName));
    expect(endpoints.find((r) => r.attributes.name.endsWith('/eu'))!.attributes.value).toMatch(/^\$\{aws_rds_cluster\.Orders_eu_[0-9A-F]{8}\.endpoint\}$/);
    expect(db.endpointParameters).toHaveLength(3);
  });

  test('GIVEN hash shards THEN no endpoint parameter is published (the map holds every endpoint)', () => {
    const { db, t } = render({ shardCount: 2 });
    expect(db.plan.shards.map((s) => s.endpointParameterName)).toEqual([undefined, undefined]);
    t.resourceCountIs('aws_ssm_parameter', 1);
  });

  test('GIVEN geographic shards THEN the map is published in the stack\'s Region and in every other shard Region', () => {
    const { db, t } = render({ strategy: ShardingStrategy.GEOGRAPHIC, defaultShardId: 'us' });
    const params = t.resources('aws_ssm_parameter').filter((r) => !r.attributes.name.includes('/endpoints/'));
    expect(byProvider(t, 'aws_ssm_parameter')).toEqual({ 'default': 2, 'aws.eu-west-1': 2, 'aws.ap-southeast-1': 2 });
    expect(new Set(params.map((p) => p.attributes.name))).toEqual(new Set(['/scaleblocks/orders/shard-map']));
    expect(new Set(params.map((p) => p.attributes.value)).size).toBe(1);
    const map = JSON.parse(params[0].attributes.value);
    expect(map).toMatchObject({ strategy: 'GEOGRAPHIC', defaultShardId: 'us' });
    expect(map.shards.map((s: any) => [s.id, s.region, s.geos])).toEqual([
      ['us', 'us-east-1', ['US']], ['eu', 'eu-west-1', ['EU']], ['asia', 'ap-southeast-1', ['ASIA']],
    ]);
    const router = ShardRouter.fromJson(params[0].attributes.value);
    expect(router.route('EU').endpoint).toMatch(/^\$\{aws_rds_cluster\.Orders_eu_[0-9A-F]{8}\.endpoint\}$/);
    expect(router.route('BR').id).toBe('us');
    expect(db.regionalShardMapParameters).toHaveLength(2);
  });

  test('GIVEN shardNetworks for EU THEN the EU shard uses it and no EU network is created', () => {
    const { db, t } = render({ strategy: ShardingStrategy.GEOGRAPHIC, shardNetworks: { 'eu-west-1': EU_NETWORK } });
    expect(Object.keys(db.regionalNetworks)).toEqual(['ap-southeast-1']);
    expect(byProvider(t, 'aws_vpc')).toEqual({ 'default': 1, 'aws.ap-southeast-1': 1 });
    const eu = t.resources('aws_db_subnet_group').find((g) => g.name.startsWith('Orders_eu_'))!;
    expect(eu.attributes).toMatchObject({ subnet_ids: EU_NETWORK.isolatedSubnetIds, provider: 'aws.eu-west-1' });
    expect(t.resources('aws_data_subnet')).toHaveLength(0);
    expect(t.dataSources('aws_subnet').filter((d) => d.attributes.id?.startsWith('subnet-eu-')).every((d) => d.attributes.provider === 'aws.eu-west-1')).toBe(true);
  });

  test('GIVEN a stack in a Region no shard is in THEN every shard is regional and the map is published in 4 Regions', () => {
    const { db, t } = render({ strategy: ShardingStrategy.GEOGRAPHIC }, { region: 'eu-central-1' });
    expect(db.network).toBeUndefined();
    expect(byProvider(t, 'aws_rds_cluster')).toEqual({ 'aws.us-east-1': 1, 'aws.eu-west-1': 1, 'aws.ap-southeast-1': 1 });
    // The map in 4 Regions, and each shard's endpoint in its own.
    expect(byProvider(t, 'aws_ssm_parameter')).toEqual({ 'default': 1, 'aws.us-east-1': 2, 'aws.eu-west-1': 2, 'aws.ap-southeast-1': 2 });
  });

  test('GIVEN a stack provider with a profile, an assumed role and default tags THEN the regional providers copy them', () => {
    const { t } = render({ strategy: ShardingStrategy.GEOGRAPHIC }, {
      region: 'us-east-1', profile: 'prod', assumeRole: [{ roleArn: 'arn:aws:iam::123456789012:role/deploy' }], defaultTags: [{ tags: { team: 'orders' } }],
    });
    for (const p of t.json.provider.aws.slice(1)) {
      expect(p).toMatchObject({ profile: 'prod', assume_role: [{ role_arn: 'arn:aws:iam::123456789012:role/deploy' }], default_tags: [{ tags: { team: 'orders' } }] });
    }
  });

  test('GIVEN two geographic blocks in one stack THEN they share the regional providers', () => {
    const s = stack();
    new ShardedDatabase(s, 'Orders', { name: 'orders', strategy: ShardingStrategy.GEOGRAPHIC });
    new ShardedDatabase(s, 'Users', { name: 'users', strategy: ShardingStrategy.GEOGRAPHIC });
    expect(TfTemplate.synth(s).json.provider.aws).toHaveLength(3);
  });
});

describe('ShardedDatabase (cdktf), bad props', () => {
  test.each<[string, ShardedDatabaseProps, AwsProviderConfig | undefined, RegExp]>([
    ['GEOGRAPHIC without a literal stack Region', { strategy: ShardingStrategy.GEOGRAPHIC }, {}, /strategy/],
    ['shardNetworks with HASH', { shardCount: 2, shardNetworks: { 'eu-west-1': EU_NETWORK } }, undefined, /shardNetworks\.eu-west-1/],
    ['shardNetworks of a Region without shards', { strategy: ShardingStrategy.GEOGRAPHIC, shardNetworks: { 'sa-east-1': EU_NETWORK } }, undefined, /shardNetworks\.sa-east-1/],
    ['too few subnets in network', { shardCount: 2, shardDefaults: { azCount: 3 }, network: { ...NETWORK, isolatedSubnetIds: ['a', 'b'] } }, undefined, /network\.isolatedSubnetIds/],
    ['too few subnets in a shard network', {
      strategy: ShardingStrategy.GEOGRAPHIC, shardNetworks: { 'eu-west-1': { ...EU_NETWORK, isolatedSubnetIds: ['a'] } },
    }, undefined, /shardNetworks\.eu-west-1\.isolatedSubnetIds/],
    ['a network no shard uses', { strategy: ShardingStrategy.GEOGRAPHIC, network: NETWORK }, { region: 'eu-central-1' }, /network/],
    ['a plan and options', { plan: planShardedDatabase({ shardCount: 2 }), shardCount: 3 }, undefined, /plan/],
    ['one hash shard', { shardCount: 1 }, undefined, /shardCount/],
    ['a shard option of the wrong strategy', { shardCount: 2, shards: [{ rangeStart: 'A' }] }, undefined, /shards\[0\]\.rangeStart/],
  ])('GIVEN %s THEN a ValidationError names the prop', (_what, props, provider, prop) => {
    const s = stack(provider);
    let error: unknown;
    try {
      new ShardedDatabase(s, 'Orders', props);
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(() => { throw error; }).toThrow(prop);
  });
});

test('GIVEN an unknown shard id THEN shard() throws a ValidationError naming shardId', () => {
  const db = new ShardedDatabase(stack(), 'Orders', { shardCount: 2, network: NETWORK });
  let error: unknown;
  try {
    db.shard('shard-9');
  } catch (e) {
    error = e;
  }
  expect(Errors.isValidationError(error)).toBe(true);
  expect(() => { throw error; }).toThrow(/shardId/);
});

describe('ShardedDatabase (cdktf), snapshots', () => {
  test.each<[string, ShardedDatabaseProps]>([
    ['hash-2-existing-network', { shardCount: 2, network: NETWORK }],
    ['range-rds', { strategy: ShardingStrategy.RANGE, shards: RANGES, network: NETWORK, shardDefaults: { engine: DatabaseEngine.RDS_MYSQL, readers: 1 } }],
    ['geographic-default', { strategy: ShardingStrategy.GEOGRAPHIC, network: NETWORK, shardNetworks: { 'eu-west-1': EU_NETWORK } }],
  ])('GIVEN %s THEN the Terraform JSON matches the snapshot', (_name, props) => {
    const s = stack();
    new ShardedDatabase(s, 'Orders', { name: 'orders', ...props });
    expect(JSON.parse(Testing.synth(s))).toMatchSnapshot();
  });
});
