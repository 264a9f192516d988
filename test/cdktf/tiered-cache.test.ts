import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { TfTemplate } from './template';
import { ExistingNetwork } from '../../src/cdktf/common';
import { TieredCache, TieredCacheProps } from '../../src/cdktf/tiered-cache';
import {
  CacheAuthMode, CacheEngine, cacheNodes, Errors, EvictionPolicy, memcachedAzMode, planTieredCache, RemovalPolicy, tieredCacheNotes, TieredCachePlan,
} from '../../src/core';

function stack(): TerraformStack {
  const app: App = Testing.app();
  const s = new TerraformStack(app, 'test');
  new AwsProvider(s, 'aws', { region: 'eu-west-1' });
  return s;
}

function render(props: TieredCacheProps = {}): { t: TfTemplate; cache: TieredCache; s: TerraformStack } {
  const s = stack();
  const cache = new TieredCache(s, 'Cache', props);
  return { t: TfTemplate.synth(s), cache, s };
}

const NETWORK: ExistingNetwork = {
  vpcId: 'vpc-0123456789abcdef0',
  vpcCidr: '10.1.0.0/16',
  privateSubnetIds: ['subnet-p1', 'subnet-p2', 'subnet-p3'],
  isolatedSubnetIds: ['subnet-i1', 'subnet-i2', 'subnet-i3'],
};

/** The Terraform names of the stateful resources. */
function statefulNames(t: TfTemplate): string[] {
  const types = ['aws_elasticache_replication_group', 'aws_elasticache_cluster', 'aws_secretsmanager_secret', 'aws_secretsmanager_secret_version',
    'aws_kms_key', 'aws_cloudwatch_log_group', 'aws_elasticache_user', 'aws_elasticache_user_group', 'aws_elasticache_parameter_group',
    'aws_elasticache_subnet_group'];
  return types.flatMap((type) => t.resources(type).map((r) => `${type}.${r.name}`)).sort();
}

describe('TieredCache (Terraform)', () => {
  describe('GIVEN the defaults', () => {
    const { t, cache } = render();
    const group = t.only('aws_elasticache_replication_group').attributes;

    test('THEN the application tier is a Valkey replication group in cluster mode with the plan\'s node type, shards and replicas', () => {
      expect(group).toMatchObject({
        replication_group_id: 'cache',
        engine: 'valkey',
        engine_version: '8.1',
        node_type: 'cache.r7g.large',
        cluster_mode: 'enabled',
        num_node_groups: cache.plan.application.shards,
        replicas_per_node_group: 1,
        port: 6379,
        apply_immediately: false,
        auto_minor_version_upgrade: 'true',
      });
      expect(group.num_cache_clusters).toBeUndefined();
      expect(cache.replicationGroup).toBeDefined();
      expect(cache.memcachedCluster).toBeUndefined();
    });

    test('THEN Multi-AZ with automatic failover is on', () => {
      expect(group).toMatchObject({ multi_az_enabled: true, automatic_failover_enabled: true });
    });

    test('THEN each shard\'s primary and replica sit in the AZs the plan places them in, never the same one', () => {
      expect(group.node_group_configuration).toEqual([{
        node_group_id: '0001',
        primary_availability_zone: expect.stringMatching(/aws_subnet\.Cache_Network_Isolated1_\w+\.availability_zone/),
        replica_availability_zones: [expect.stringMatching(/aws_subnet\.Cache_Network_Isolated2_\w+\.availability_zone/)],
        replica_count: 1,
      }]);
      // Terraform replaces a replication group whose node_group_configuration gains a group: shard changes go through num_node_groups.
      expect(group.lifecycle.ignore_changes).toEqual(['node_group_configuration']);
    });

    test('THEN it is encrypted at rest and in transit, TLS required', () => {
      expect(group).toMatchObject({ at_rest_encryption_enabled: 'true', transit_encryption_enabled: true, transit_encryption_mode: 'required' });
      expect(group.kms_key_id).toBeUndefined(); // the plan's default: the ElastiCache service key
    });

    test('THEN snapshots are kept 7 days in the plan\'s window, a final snapshot is taken and Terraform refuses to destroy it', () => {
      expect(group).toMatchObject({
        snapshot_retention_limit: 7,
        snapshot_window: '03:00-04:00',
        final_snapshot_identifier: 'cache-final',
        maintenance_window: 'sun:05:00-sun:06:00',
        lifecycle: { prevent_destroy: true },
      });
    });

    test('THEN the parameter group sets the eviction policy, reserved memory and cluster mode', () => {
      const pg = t.only('aws_elasticache_parameter_group').attributes;
      expect(pg).toMatchObject({ name: 'cache-params', family: 'valkey8' });
      expect(pg.parameter).toEqual(expect.arrayContaining([
        { name: 'maxmemory-policy', value: 'allkeys-lru' },
        { name: 'reserved-memory-percent', value: '25' },
        { name: 'cluster-enabled', value: 'yes' },
      ]));
      expect(group.parameter_group_name).toMatch(/aws_elasticache_parameter_group\.Cache_ParameterGroup_\w+\.name/);
    });

    test('THEN the subnet group spans the isolated subnets of a network the block creates over the plan\'s AZs', () => {
      const sg = t.only('aws_elasticache_subnet_group').attributes;
      expect(sg.name).toBe('cache-subnets');
      expect(sg.subnet_ids).toHaveLength(3);
      sg.subnet_ids.forEach((id: string, i: number) => expect(id).toMatch(new RegExp(`aws_subnet\\.Cache_Network_Isolated${i + 1}_\\w+\\.id`)));
      t.resourceCountIs('aws_vpc', 1);
      t.resourceCountIs('aws_flow_log', 1);
      expect(cache.network).toBeDefined();
    });

    test('THEN the security group admits nothing until the API tier is allowed, and has no egress', () => {
      const sg = t.only('aws_security_group').attributes;
      expect(sg.ingress).toBeUndefined();
      expect(sg.egress).toBeUndefined();
      t.resourceCountIs('aws_vpc_security_group_ingress_rule', 0);
      expect(group.security_group_ids).toEqual([expect.stringMatching(/aws_security_group\.Cache_SecurityGroup_\w+\.id/)]);
    });

    test('THEN an IAM user (id = name) logs in, the default user is off with no password, and no password, secret or random_password exists', () => {
      const users = t.resources('aws_elasticache_user').map((u) => u.attributes);
      expect(users).toEqual(expect.arrayContaining([
        expect.objectContaining({ user_id: 'cache-off', user_name: 'default', access_string: 'off -@all', authentication_mode: { type: 'no-password-required' } }),
        expect.objectContaining({
          user_id: 'cache-app', user_name: 'cache-app', access_string: 'on ~* &* +@all -@dangerous', engine: 'valkey', authentication_mode: { type: 'iam' },
        }),
      ]));
      expect(users).toHaveLength(2);
      expect(users.every((u) => u.passwords === undefined)).toBe(true);
      expect(t.only('aws_elasticache_user_group').attributes).toMatchObject({ user_group_id: 'cache-users', engine: 'valkey' });
      expect(group.user_group_ids).toEqual([expect.stringMatching(/aws_elasticache_user_group\.Cache_UserGroup_\w+\.user_group_id/)]);
      expect(group.transit_encryption_enabled).toBe(true);
      // Nothing that would put a secret in the Terraform state.
      expect(group.auth_token).toBeUndefined();
      expect(group.auth_token_update_strategy).toBeUndefined();
      expect(t.dataSources('aws_secretsmanager_random_password')).toHaveLength(0);
      t.resourceCountIs('aws_secretsmanager_secret', 0);
      t.resourceCountIs('aws_secretsmanager_secret_version', 0);
      expect(JSON.stringify(t.json)).not.toMatch(/random_password|auth_token|"passwords"|secret_string/);
      expect(cache.authSecret).toBeUndefined();
      expect(cache.clientSecrets).toEqual({});
      // elasticache:Connect names the replication group and the user (resolved in the system wiring's tests).
      expect(cache.connectResourceArns()).toHaveLength(2);
    });

    test('THEN the slow log and the engine log go to KMS-encrypted, protected log groups', () => {
      expect(group.log_delivery_configuration).toEqual([
        { destination: expect.stringMatching(/Cache_SlowLog_\w+\.name/), destination_type: 'cloudwatch-logs', log_format: 'json', log_type: 'slow-log' },
        { destination: expect.stringMatching(/Cache_EngineLog_\w+\.name/), destination_type: 'cloudwatch-logs', log_format: 'json', log_type: 'engine-log' },
      ]);
      for (const name of ['/scaleblocks/cache/slow-log', '/scaleblocks/cache/engine-log']) {
        t.hasResourceWithProperties('aws_cloudwatch_log_group', {
          name, retention_in_days: 30, kms_key_id: expect.stringMatching(/aws_kms_key\.Cache_Key_\w+\.arn/), lifecycle: { prevent_destroy: true },
        });
      }
    });

    test('THEN every alarm of the plan is rendered for every node, with the node\'s CacheClusterId', () => {
      const nodes = cache.plan.application.nodeCount;
      const alarms = t.resources('aws_cloudwatch_metric_alarm').map((a) => a.attributes);
      expect(alarms).toHaveLength(nodes * cache.plan.application.alarms.length);
      expect(alarms).toContainEqual(expect.objectContaining({
        alarm_name: 'cache-0001-002-ReplicationLagHigh',
        namespace: 'AWS/ElastiCache',
        metric_name: 'ReplicationLag',
        dimensions: { CacheClusterId: 'cache-0001-002' },
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        threshold: 5,
        treat_missing_data: 'notBreaching',
      }));
      expect(alarms).toContainEqual(expect.objectContaining({
        alarm_name: 'cache-0001-001-MemoryAboveFillLimit', metric_name: 'DatabaseMemoryUsagePercentage', threshold: 80,
      }));
      expect(cache.alarms).toHaveLength(alarms.length);
    });

    test('THEN the CDN tier is exposed for a GlobalCdn', () => {
      expect(cache.cdnTier).toEqual(cache.plan.cdn);
      expect(cache.cdnTier.pathPatterns).toEqual(['/static/*', '/assets/*']);
    });

    test('THEN the block adds no output to the stack (as on the CDK backend)', () => {
      expect(t.outputs()).toEqual({});
    });

    test('THEN no password, token or secret value appears anywhere in the output', () => {
      const json = JSON.stringify(t.json);
      expect(json).not.toMatch(/"(auth_token|password)"\s*:\s*"[^$]/);
    });

    test('THEN the snapshot matches', () => {
      expect(t.json).toMatchSnapshot();
    });
  });

  describe('GIVEN the RBAC opt-out', () => {
    const { t, cache } = render({ application: { auth: { mode: CacheAuthMode.RBAC } } });
    const group = t.only('aws_elasticache_replication_group').attributes;

    test('THEN an RBAC user logs in with a generated password kept in Secrets Manager, and the default user is disabled', () => {
      const users = t.resources('aws_elasticache_user').map((u) => u.attributes);
      expect(users).toContainEqual(expect.objectContaining({
        user_id: 'cache-off',
        user_name: 'default',
        access_string: 'off -@all',
        authentication_mode: { type: 'password', passwords: [expect.stringMatching(/jsondecode\(aws_secretsmanager_secret_version\.Cache_AuthSecretValue_\w+\.secret_string\)\.password/)] },
      }));
      const app = users.find((u) => u.user_id === 'cache-app');
      expect(app).toMatchObject({ user_name: 'cache-app', access_string: 'on ~* &* +@all -@dangerous', engine: 'valkey' });
      expect(app!.authentication_mode).toEqual({
        type: 'password',
        passwords: [expect.stringMatching(/^\$\{jsondecode\(aws_secretsmanager_secret_version\.Cache_AuthSecretValue_\w+\.secret_string\)\.password\}$/)],
      });
      expect(t.only('aws_elasticache_user_group').attributes).toMatchObject({ user_group_id: 'cache-users', engine: 'valkey' });
      expect(group.user_group_ids).toEqual([expect.stringMatching(/aws_elasticache_user_group\.Cache_UserGroup_\w+\.user_group_id/)]);
      expect(group.auth_token).toBeUndefined();
    });

    test('THEN the secret is generated by Secrets Manager, encrypted with the block\'s key, protected, and never a plain value', () => {
      const pw = t.dataSources('aws_secretsmanager_random_password');
      expect(pw).toHaveLength(1);
      const auth = cache.plan.application.auth;
      expect(pw[0].attributes).toMatchObject({ password_length: auth.passwordLength, exclude_characters: auth.excludeCharacters });
      const secret = t.only('aws_secretsmanager_secret').attributes;
      expect(secret).toMatchObject({ name: 'scaleblocks/cache/cache-auth', lifecycle: { prevent_destroy: true } });
      expect(secret.kms_key_id).toMatch(/aws_kms_key\.Cache_Key_\w+\.arn/);
      const version = t.only('aws_secretsmanager_secret_version').attributes;
      expect(version.secret_string).toMatch(/data\.aws_secretsmanager_random_password\.Cache_GeneratedPassword_\w+\.random_password/);
      expect(version.lifecycle).toEqual({ ignore_changes: ['secret_string'] });
    });

    test('THEN the password is in the Terraform state, and the plan\'s notes say where', () => {
      const notes = tieredCacheNotes(cache.plan).join('\n');
      expect(notes).toMatch(/Terraform: the value is in the state/);
      // Every place the notes name is indeed rendered.
      expect(t.dataSources('aws_secretsmanager_random_password')).toHaveLength(1);
      t.resourceCountIs('aws_secretsmanager_secret_version', 1);
      expect(t.resources('aws_elasticache_user').filter((u) => u.attributes.authentication_mode.passwords !== undefined)).toHaveLength(2);
      expect(notes).toMatch(/data\.aws_secretsmanager_random_password, the secret_string of aws_secretsmanager_secret_version and the passwords of aws_elasticache_user cache-app and of the disabled default user cache-off/);
    });
  });

  test('GIVEN the defaults THEN the client environment carries the plan\'s IAM contract with the endpoint resolved, and no secret', () => {
    const s = stack();
    const cache = new TieredCache(s, 'Cache', { query: { invalidateOn: [{ write: 'post', keys: ['feed:{userId}'] }] } });
    new TerraformOutput(s, 'Env', { value: cache.clientEnvironment });
    const env = TfTemplate.synth(s).outputs().Env.value;
    expect(env).toMatchObject({
      CACHE_AUTH_MODE: 'IAM', CACHE_AUTH_USERNAME: 'cache-app', CACHE_IAM_AUTH_CACHE_NAME: 'cache', CACHE_ENDPOINT: expect.stringMatching(/configuration_endpoint_address/),
    });
    expect(Object.keys(env).filter((k) => /SECRET|PASSWORD/.test(k))).toEqual([]);
    expect(cache.clientSecrets).toEqual({});
  });

  test('GIVEN RBAC THEN the client environment carries the plan\'s contract with the endpoint and secret resolved, and the password only as a secret reference', () => {
    const s = stack();
    const cache = new TieredCache(s, 'Cache', {
      application: { auth: { mode: CacheAuthMode.RBAC } }, query: { invalidateOn: [{ write: 'post', keys: ['feed:{userId}'] }] },
    });
    new TerraformOutput(s, 'Env', { value: cache.clientEnvironment });
    new TerraformOutput(s, 'Secrets', { value: cache.clientSecrets });
    const outputs = TfTemplate.synth(s).outputs();
    const env = outputs.Env.value;
    expect(env).toMatchObject({
      CACHE_ENGINE: 'valkey',
      CACHE_PORT: '6379',
      CACHE_TLS: 'true',
      CACHE_CLUSTER_MODE: 'true',
      CACHE_AUTH_MODE: 'RBAC',
      CACHE_AUTH_USERNAME: 'cache-app',
      QUERY_CACHE_NAMESPACE: 'cache:q:v1',
      QUERY_CACHE_KEY_PREFIX: 'cache:q:v1:',
      QUERY_CACHE_TTL_SECONDS: '300',
      QUERY_CACHE_INVALIDATION: JSON.stringify({ post: ['cache:q:v1:feed:{userId}'] }),
      CACHE_ENDPOINT: expect.stringMatching(/configuration_endpoint_address/),
      CACHE_AUTH_SECRET_ARN: expect.stringMatching(/aws_secretsmanager_secret\.Cache_AuthSecret_\w+\.arn/),
    });
    expect(Object.keys(env)).not.toContain('CACHE_AUTH_PASSWORD');
    expect(outputs.Secrets.value).toEqual({ CACHE_AUTH_PASSWORD: expect.stringMatching(/^\$\{aws_secretsmanager_secret\.Cache_AuthSecret_\w+\.arn\}:password::$/) });
  });

  test('GIVEN allowFrom with the API tier\'s security group THEN only that group is admitted, only on the cache port', () => {
    const s = stack();
    const cache = new TieredCache(s, 'Cache', { application: { port: 6380 } });
    cache.allowFrom('Api', 'sg-0api');
    const rule = TfTemplate.synth(s).only('aws_vpc_security_group_ingress_rule').attributes;
    expect(rule).toMatchObject({ referenced_security_group_id: 'sg-0api', ip_protocol: 'tcp', from_port: 6380, to_port: 6380 });
    expect(rule.cidr_ipv4).toBeUndefined();
    expect(rule.security_group_id).toMatch(/aws_security_group\.Cache_SecurityGroup_\w+\.id/);
  });

  describe('GIVEN Redis OSS with cluster mode off, two replicas, an AUTH token and an existing network', () => {
    const { t, cache } = render({
      name: 'sessions',
      network: NETWORK,
      application: {
        engine: CacheEngine.REDIS,
        clusterMode: false,
        replicasPerShard: 2,
        auth: { mode: CacheAuthMode.AUTH_TOKEN },
        evictionPolicy: EvictionPolicy.VOLATILE_LFU,
        kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555',
      },
    });
    const group = t.only('aws_elasticache_replication_group').attributes;

    test('THEN one shard of three nodes is placed over three AZs read from the given subnets', () => {
      expect(group).toMatchObject({ engine: 'redis', engine_version: '7.1', cluster_mode: 'disabled', num_cache_clusters: 3 });
      expect(group.num_node_groups).toBeUndefined();
      expect(group.node_group_configuration).toBeUndefined();
      expect(group.preferred_cache_cluster_azs).toEqual([1, 2, 3].map((i) => expect.stringMatching(new RegExp(`data\\.aws_subnet\\.Cache_Subnet${i}_\\w+\\.availability_zone`))));
      expect(t.dataSources('aws_subnet').map((d) => d.attributes.id)).toEqual(['subnet-i1', 'subnet-i2', 'subnet-i3']);
    });

    test('THEN the existing isolated subnets carry the cache and no network is created', () => {
      expect(t.only('aws_elasticache_subnet_group').attributes.subnet_ids).toEqual(['subnet-i1', 'subnet-i2', 'subnet-i3']);
      expect(t.only('aws_security_group').attributes.vpc_id).toBe('vpc-0123456789abcdef0');
      t.resourceCountIs('aws_vpc', 0);
      expect(cache.network).toBeUndefined();
    });

    test('THEN the AUTH token comes from the generated secret, no RBAC user exists, and the given key encrypts at rest', () => {
      expect(group.auth_token).toMatch(/^\$\{jsondecode\(aws_secretsmanager_secret_version\.Cache_AuthSecretValue_\w+\.secret_string\)\.password\}$/);
      expect(group.auth_token_update_strategy).toBe('ROTATE');
      expect(group.user_group_ids).toBeUndefined();
      t.resourceCountIs('aws_elasticache_user', 0);
      expect(group.kms_key_id).toBe('arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555');
      expect(group.lifecycle).toEqual({ prevent_destroy: true });
    });

    test('THEN the parameter group has the chosen eviction policy and cluster mode off', () => {
      expect(t.only('aws_elasticache_parameter_group').attributes.parameter).toEqual(expect.arrayContaining([
        { name: 'maxmemory-policy', value: 'volatile-lfu' },
        { name: 'cluster-enabled', value: 'no' },
      ]));
    });

    test('THEN the block has a reader endpoint and node alarms use the member cluster ids', () => {
      expect(cache.readerEndpointAddress).toBeDefined();
      const dims = t.resources('aws_cloudwatch_metric_alarm').map((a) => a.attributes.dimensions.CacheClusterId);
      expect([...new Set(dims)].sort()).toEqual(['sessions-001', 'sessions-002', 'sessions-003']);
    });

    test('THEN the snapshot matches', () => {
      expect(t.json).toMatchSnapshot();
    });
  });

  describe('GIVEN Memcached over 3 AZs', () => {
    const { t, cache } = render({ network: NETWORK, application: { engine: CacheEngine.MEMCACHED } });

    test('THEN a cross-AZ Memcached cluster holds one node per AZ, TLS on, retained', () => {
      t.resourceCountIs('aws_elasticache_replication_group', 0);
      const cluster = t.only('aws_elasticache_cluster').attributes;
      expect(cluster).toMatchObject({
        cluster_id: 'cache',
        engine: 'memcached',
        engine_version: '1.6.22',
        num_cache_nodes: 3,
        az_mode: 'cross-az',
        port: 11211,
        transit_encryption_enabled: true,
        lifecycle: { prevent_destroy: true },
      });
      expect(cluster.preferred_availability_zones).toHaveLength(3);
      expect(cache.memcachedCluster).toBeDefined();
    });

    test('THEN there is no secret, no log delivery and no key (the network is given)', () => {
      t.resourceCountIs('aws_secretsmanager_secret', 0);
      t.resourceCountIs('aws_cloudwatch_log_group', 0);
      t.resourceCountIs('aws_kms_key', 0);
      expect(cache.clientSecrets).toEqual({});
      expect(t.only('aws_elasticache_parameter_group').attributes).toMatchObject({ family: 'memcached1.6' });
    });

    test('THEN node alarms carry the cluster id and the node id', () => {
      const alarm = t.find('aws_cloudwatch_metric_alarm', { metric_name: 'CPUUtilization' });
      expect(alarm.map((a) => a.attributes.dimensions)).toEqual([
        { CacheClusterId: 'cache', CacheNodeId: '0001' },
        { CacheClusterId: 'cache', CacheNodeId: '0002' },
        { CacheClusterId: 'cache', CacheNodeId: '0003' },
      ]);
    });

    test('THEN the snapshot matches', () => {
      expect(t.json).toMatchSnapshot();
    });
  });

  test('GIVEN removal policy DESTROY THEN nothing is protected and no final snapshot is taken', () => {
    const { t } = render({ application: { removalPolicy: RemovalPolicy.DESTROY, auth: { mode: CacheAuthMode.RBAC } } });
    const group = t.only('aws_elasticache_replication_group').attributes;
    expect(group.final_snapshot_identifier).toBeUndefined();
    expect(group.lifecycle?.prevent_destroy).toBeUndefined();
    expect(t.only('aws_secretsmanager_secret').attributes.lifecycle).toBeUndefined();
  });

  test('GIVEN a resolved plan alone THEN it is rendered as given', () => {
    const plan = planTieredCache({ name: 'given', application: { shards: 2 } }, { path: 'spec/cache' });
    const { t, cache } = render({ plan });
    expect(cache.plan).toBe(plan);
    expect(t.only('aws_elasticache_replication_group').attributes).toMatchObject({ replication_group_id: 'given', num_node_groups: 2 });
  });

  test.each<[string, TieredCacheProps, RegExp]>([
    ['a plan and options together', { plan: planTieredCache({}), name: 'other' }, /plan/],
    ['fewer isolated subnets than AZs', { application: { azCount: 3 }, network: { ...NETWORK, isolatedSubnetIds: ['subnet-i1', 'subnet-i2'] } }, /network\.isolatedSubnetIds/],
    ['fewer private subnets than AZs', { network: { vpcId: 'vpc-1', vpcCidr: '10.0.0.0/16', privateSubnetIds: ['subnet-p1'] } }, /network\.privateSubnetIds/],
    ['too many replicas', { application: { replicasPerShard: 9 } }, /application\.replicasPerShard/],
    ['AUTH without TLS', { application: { auth: { mode: CacheAuthMode.AUTH_TOKEN }, transitEncryption: false } }, /application\.transitEncryption/],
  ])('GIVEN %s THEN a ValidationError names the prop', (_, props, prop) => {
    let error: unknown;
    try {
      render(props);
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(() => { throw error; }).toThrow(prop);
  });

  test.each<[string, TieredCacheProps, TieredCacheProps]>([
    ['shards 2 -> 3', { application: { shards: 2 } }, { application: { shards: 3 } }],
    ['replicas 1 -> 2', { application: { shards: 2, replicasPerShard: 1 } }, { application: { shards: 2, replicasPerShard: 2 } }],
    ['Memcached nodes 3 -> 4', { application: { engine: CacheEngine.MEMCACHED, shards: 3 } }, { application: { engine: CacheEngine.MEMCACHED, shards: 4 } }],
  ])('GIVEN %s THEN every stateful resource keeps its logical id', (_, before, after) => {
    const a = statefulNames(render(before).t);
    const b = statefulNames(render(after).t);
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(expect.arrayContaining(a));
  });

  test('GIVEN shards 2 -> 3 THEN the existing nodes keep their alarms and the new shard adds its own', () => {
    const names = (shards: number) => render({ application: { shards } }).t.resources('aws_cloudwatch_metric_alarm').map((r) => r.name);
    const two = names(2);
    const three = names(3);
    expect(three).toEqual(expect.arrayContaining(two));
    expect(three.length).toBeGreaterThan(two.length);
  });
});

/** A Memcached plan of `shards` nodes over `azCount` AZs; `oneAz` moves every node to the first AZ (a supplied plan can). */
function memcachedPlan(shards: number, azCount: number, oneAz = false): TieredCachePlan {
  const plan = planTieredCache({ application: { engine: CacheEngine.MEMCACHED, shards, azCount } });
  if (!oneAz) return plan;
  const placement = plan.application.placement.map((p) => ({ ...p, primaryAz: 0 }));
  return {
    ...plan,
    application: {
      ...plan.application,
      placement,
      azMode: memcachedAzMode(placement),
      preferredAzs: placement.map((p) => p.primaryAz),
      nodes: cacheNodes(CacheEngine.MEMCACHED, false, plan.application.clusterId, placement),
    },
  };
}

/** The AZ of the given network's i-th subnet, as the block reads it. */
const SUBNET_AZ = (i: number) => expect.stringMatching(new RegExp(`data\\.aws_subnet\\.Cache_Subnet${i + 1}_\\w+\\.availability_zone`));

describe('TieredCache (Terraform): every setting comes from the plan', () => {
  test.each([
    ['1 node', memcachedPlan(1, 2), 'single-az', [0]],
    ['3 nodes in one AZ', memcachedPlan(3, 3, true), 'single-az', [0, 0, 0]],
    ['3 nodes over 3 AZs', memcachedPlan(3, 3), 'cross-az', [0, 1, 2]],
  ])('GIVEN Memcached with %s WHEN rendered THEN the plan\'s AZ mode and node AZs', (_, plan, azMode, azs) => {
    const { t } = render({ plan, network: NETWORK });
    expect(plan.application.azMode).toBe(azMode);
    expect(t.only('aws_elasticache_cluster').attributes).toMatchObject({ az_mode: azMode, preferred_availability_zones: azs.map(SUBNET_AZ) });
  });

  test('GIVEN Memcached WHEN rendered THEN every node\'s alarms carry the plan\'s node id and dimensions', () => {
    const plan = memcachedPlan(2, 2);
    const { t } = render({ plan });
    for (const n of plan.application.nodes) {
      t.hasResourceWithProperties('aws_cloudwatch_metric_alarm', {
        alarm_name: `${n.id}-CpuHigh`, metric_name: 'CPUUtilization', dimensions: { CacheClusterId: 'cache', CacheNodeId: n.dimensions.CacheNodeId },
      });
    }
    t.resourceCountIs('aws_cloudwatch_metric_alarm', plan.application.nodes.length * plan.application.alarms.length);
  });

  test('GIVEN cluster mode off with 2 replicas WHEN rendered THEN the primary then the replicas are placed as the plan says', () => {
    const plan = planTieredCache({ application: { clusterMode: false, replicasPerShard: 2 } });
    const { t } = render({ plan, network: NETWORK });
    expect(t.only('aws_elasticache_replication_group').attributes).toMatchObject({
      preferred_cache_cluster_azs: [0, 1, 2].map(SUBNET_AZ), num_cache_clusters: 3,
    });
    for (const id of ['cache-001', 'cache-002', 'cache-003']) {
      t.hasResourceWithProperties('aws_cloudwatch_metric_alarm', { alarm_name: `${id}-EngineCpuHigh`, dimensions: { CacheClusterId: id } });
    }
  });

  test('GIVEN RBAC and DESTROY WHEN rendered THEN the disabled default user keeps a password, and the secret goes with the cluster', () => {
    const plan = planTieredCache({ application: { removalPolicy: RemovalPolicy.DESTROY, auth: { mode: CacheAuthMode.RBAC } } });
    const { t } = render({ plan });
    expect(t.find('aws_elasticache_user', { user_name: 'default' })[0].attributes.authentication_mode.type).toBe('password');
    expect(t.only('aws_secretsmanager_secret').attributes.lifecycle?.prevent_destroy).toBeUndefined();
  });

  test('GIVEN a plan\'s flow log retention WHEN the block creates the network THEN its flow logs keep that many days', () => {
    const base = planTieredCache();
    const plan = { ...base, createdNetwork: { ...base.createdNetwork, flowLogRetentionDays: 90 } };
    const { t } = render({ plan });
    t.hasResourceWithProperties('aws_cloudwatch_log_group', { retention_in_days: 90 });
  });
});
