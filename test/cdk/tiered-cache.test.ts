import * as fs from 'fs';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { compliantApp, compliantTemplate } from './compliance';
import { allowLogsToUse, encryptionKey } from '../../src/cdk/common';
import { TieredCache, TieredCacheProps } from '../../src/cdk/tiered-cache';
import {
  CacheAuthMode, CacheEngine, cacheNodes, Errors, EvictionPolicy, memcachedAzMode, planTieredCache, RemovalPolicy, TieredCachePlan,
} from '../../src/core';

function render(props: TieredCacheProps = {}, stackProps: cdk.StackProps = {}): { stack: cdk.Stack; cache: TieredCache; template: Template } {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'Test', stackProps);
  const cache = new TieredCache(stack, 'Cache', props);
  return { stack, cache, template: Template.fromStack(stack) };
}

const AZ = (i: number) => ({ 'Fn::Select': [i, { 'Fn::GetAZs': '' }] });

/**
 * Asserts that the last synth of a compliant app left no violation in any plugin's report: the
 * cfn-guard plugin does not fail the synth by itself, so `findingsOf` alone can miss its findings.
 */
function expectNoViolations(app: cdk.App): void {
  const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'));
  const violations = (report.pluginReports ?? []).flatMap((r: any) => (r.violations ?? []).map((v: any) => ({
    plugin: r.pluginName, rule: v.ruleName, paths: (v.violatingConstructs ?? []).map((c: any) => c.constructPath),
  })));
  expect(violations).toEqual([]);
}

describe('TieredCache (cdk): the application tier', () => {
  test('GIVEN no options WHEN rendered THEN a Valkey replication group in cluster mode, Multi-AZ, encrypted, retained by snapshot', () => {
    const { template, cache } = render();
    template.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 1);
    template.hasResource('AWS::ElastiCache::ReplicationGroup', {
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
      Properties: Match.objectLike({
        ReplicationGroupId: 'cache',
        Engine: 'valkey',
        EngineVersion: '8.1',
        CacheNodeType: 'cache.r7g.large',
        ClusterMode: 'enabled',
        NumNodeGroups: 1,
        ReplicasPerNodeGroup: 1,
        MultiAZEnabled: true,
        AutomaticFailoverEnabled: true,
        AtRestEncryptionEnabled: true,
        TransitEncryptionEnabled: true,
        TransitEncryptionMode: 'required',
        Port: 6379,
        SnapshotRetentionLimit: 7,
        SnapshotWindow: '03:00-04:00',
        PreferredMaintenanceWindow: 'sun:05:00-sun:06:00',
        AutoMinorVersionUpgrade: true,
      }),
    });
    expect(cache.replicationGroup).toBeDefined();
    expect(cache.memcachedCluster).toBeUndefined();
    expect(cache.plan.application.shards).toBe(1);
  });

  test('GIVEN shards x replicas WHEN rendered THEN each node group is placed in the AZs of the plan', () => {
    const { template, cache } = render({ application: { shards: 3, replicasPerShard: 2, azCount: 3 } });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      NumNodeGroups: 3,
      ReplicasPerNodeGroup: 2,
      NodeGroupConfiguration: [
        { NodeGroupId: '0001', PrimaryAvailabilityZone: AZ(0), ReplicaAvailabilityZones: [AZ(1), AZ(2)], ReplicaCount: 2 },
        { NodeGroupId: '0002', PrimaryAvailabilityZone: AZ(1), ReplicaAvailabilityZones: [AZ(2), AZ(0)], ReplicaCount: 2 },
        { NodeGroupId: '0003', PrimaryAvailabilityZone: AZ(2), ReplicaAvailabilityZones: [AZ(0), AZ(1)], ReplicaCount: 2 },
      ],
    });
    expect(cache.nodeIds).toEqual([
      'cache-0001-001', 'cache-0001-002', 'cache-0001-003', 'cache-0002-001', 'cache-0002-002', 'cache-0002-003',
      'cache-0003-001', 'cache-0003-002', 'cache-0003-003',
    ]);
  });

  test('GIVEN a stack with a Region WHEN rendered THEN the placement uses the subnets\' concrete AZs', () => {
    const { template } = render({ application: { shards: 2 } }, { env: { account: '111111111111', region: 'eu-west-1' } });
    const rg = Object.values(template.findResources('AWS::ElastiCache::ReplicationGroup'))[0];
    const groups = rg.Properties.NodeGroupConfiguration;
    expect(groups.map((g: any) => g.PrimaryAvailabilityZone)).toEqual(['dummy1a', 'dummy1b']);
    expect(groups.map((g: any) => g.ReplicaAvailabilityZones)).toEqual([['dummy1b'], ['dummy1c']]);
  });

  test('GIVEN cluster mode off with 2 replicas WHEN rendered THEN one shard of 3 cache clusters in 3 AZs and a reader endpoint', () => {
    const { template, cache } = render({ application: { engine: CacheEngine.REDIS, clusterMode: false, replicasPerShard: 2 } });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Engine: 'redis',
      EngineVersion: '7.1',
      ClusterMode: 'disabled',
      NumCacheClusters: 3,
      PreferredCacheClusterAZs: [AZ(0), AZ(1), AZ(2)],
      NumNodeGroups: Match.absent(),
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
    });
    expect(cache.nodeIds).toEqual(['cache-001', 'cache-002', 'cache-003']);
    expect(cdk.Stack.of(cache).resolve(cache.endpointAddress)).toEqual({ 'Fn::GetAtt': ['Cache18F6EE16', 'PrimaryEndPoint.Address'] });
    expect(cdk.Stack.of(cache).resolve(cache.readerEndpointAddress)).toEqual({ 'Fn::GetAtt': ['Cache18F6EE16', 'ReaderEndPoint.Address'] });
  });

  test('GIVEN no replicas WHEN rendered THEN Multi-AZ is off and failover stays on (cluster mode requires it)', () => {
    const { template } = render({ application: { replicasPerShard: 0 } });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      ReplicasPerNodeGroup: 0, MultiAZEnabled: false, AutomaticFailoverEnabled: true,
    });
  });

  test('GIVEN a customer managed key ARN WHEN rendered THEN encryption at rest uses it', () => {
    const keyArn = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const { template } = render({ application: { kmsKeyArn: keyArn } });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { AtRestEncryptionEnabled: true, KmsKeyId: keyArn });
  });

  test('GIVEN an eviction policy WHEN rendered THEN the parameter group of the engine family sets it', () => {
    const { template } = render({ application: { evictionPolicy: EvictionPolicy.ALLKEYS_LFU } });
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'valkey8',
      Properties: { 'maxmemory-policy': 'allkeys-lfu', 'reserved-memory-percent': '25', 'cluster-enabled': 'yes' },
    });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      CacheParameterGroupName: { Ref: Match.stringLikeRegexp('^CacheParameterGroup') },
    });
  });

  test('GIVEN snapshots off and removal DESTROY WHEN rendered THEN no retention, no window and Delete', () => {
    const { template } = render({ application: { snapshotRetentionDays: 0, removalPolicy: RemovalPolicy.DESTROY } });
    template.hasResource('AWS::ElastiCache::ReplicationGroup', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ SnapshotRetentionLimit: 0, SnapshotWindow: Match.absent() }),
    });
  });

  test('GIVEN Memcached WHEN rendered THEN a cross-AZ cluster of one node per AZ with TLS, retained', () => {
    const { template, cache } = render({ application: { engine: CacheEngine.MEMCACHED } });
    template.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 0);
    template.hasResource('AWS::ElastiCache::CacheCluster', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        ClusterName: 'cache',
        Engine: 'memcached',
        EngineVersion: '1.6.22',
        NumCacheNodes: 3,
        AZMode: 'cross-az',
        PreferredAvailabilityZones: [AZ(0), AZ(1), AZ(2)],
        Port: 11211,
        TransitEncryptionEnabled: true,
      }),
    });
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { CacheParameterGroupFamily: 'memcached1.6', Properties: Match.absent() });
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    template.resourceCountIs('AWS::Logs::LogGroup', 1); // the VPC flow logs only
    expect(cache.authSecret).toBeUndefined();
    expect(cache.nodeIds).toEqual(['cache-0001', 'cache-0002', 'cache-0003']);
    expect(cdk.Stack.of(cache).resolve(cache.endpointAddress)).toEqual({ 'Fn::GetAtt': ['Cache18F6EE16', 'ConfigurationEndpoint.Address'] });
  });
});

describe('TieredCache (cdk): network', () => {
  test('GIVEN no VPC WHEN rendered THEN a block VPC and a subnet group over its isolated subnets in azCount AZs', () => {
    const { template, cache } = render({ application: { azCount: 2 } });
    template.resourceCountIs('AWS::EC2::VPC', 1);
    const isolated = cache.vpc.isolatedSubnets.map((s) => cdk.Stack.of(cache).resolve(s.subnetId));
    expect(isolated).toHaveLength(2);
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', { CacheSubnetGroupName: 'cache-subnets', SubnetIds: isolated });
  });

  test('GIVEN a VPC with private subnets only WHEN rendered THEN the subnet group uses the private subnets and no VPC is created', () => {
    const app = new cdk.App();
    const stack = new cdk.Stack(app, 'Test');
    const vpc = new ec2.Vpc(stack, 'Net', { maxAzs: 2 });
    new TieredCache(stack, 'Cache', { vpc, application: { azCount: 2 } });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: vpc.privateSubnets.map((s) => stack.resolve(s.subnetId)),
    });
  });

  test('GIVEN a VPC with fewer AZs than azCount WHEN rendered THEN a ValidationError names vpc', () => {
    const app = new cdk.App();
    const stack = new cdk.Stack(app, 'Test');
    const vpc = new ec2.Vpc(stack, 'Net', { maxAzs: 2 });
    let error: unknown;
    try {
      new TieredCache(stack, 'Cache', { vpc, application: { azCount: 3 } });
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(String(error)).toMatch(/vpc/);
    expect(String(error)).toMatch(/at least application.azCount \(3\)/);
  });

  test('GIVEN the cache alone WHEN rendered THEN its security group admits nothing and sends nothing', () => {
    const { template } = render();
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('admits only the API tier on 6379'),
      SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('GIVEN an API tier WHEN allowFrom THEN the cache admits exactly that security group on the cache port', () => {
    const app = new cdk.App();
    const stack = new cdk.Stack(app, 'Test');
    const cache = new TieredCache(stack, 'Cache');
    const api = new ec2.SecurityGroup(stack, 'Api', { vpc: cache.vpc });
    cache.allowFrom(api);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 6379,
      ToPort: 6379,
      GroupId: stack.resolve(cache.securityGroup.securityGroupId),
      SourceSecurityGroupId: stack.resolve(api.securityGroupId),
    });
    expect(cache.connections.defaultPort?.toString()).toBe('6379');
  });
});

describe('TieredCache (cdk): authentication', () => {
  test('GIVEN IAM (the default) WHEN rendered THEN an iam user whose id is its name, a disabled default user with no password, a group and no secret', () => {
    const { template, cache } = render();
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(cache.authSecret).toBeUndefined();
    template.hasResourceProperties('AWS::ElastiCache::User', {
      Engine: 'valkey',
      UserId: 'cache-app',
      UserName: 'cache-app',
      AccessString: 'on ~* &* +@all -@dangerous',
      AuthenticationMode: { Type: 'iam' },
      Passwords: Match.absent(),
      NoPasswordRequired: Match.absent(),
    });
    template.hasResourceProperties('AWS::ElastiCache::User', {
      Engine: 'valkey', UserId: 'cache-off', UserName: 'default', AccessString: 'off -@all', NoPasswordRequired: true, Passwords: Match.absent(),
    });
    template.hasResourceProperties('AWS::ElastiCache::UserGroup', {
      UserGroupId: 'cache-users',
      UserIds: [{ Ref: Match.stringLikeRegexp('^CacheDefaultUser') }, { Ref: Match.stringLikeRegexp('^CacheUser[0-9A-F]') }],
    });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      UserGroupIds: [{ Ref: Match.stringLikeRegexp('^CacheUserGroup') }], AuthToken: Match.absent(), TransitEncryptionEnabled: true,
    });
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toMatch(/resolve:secretsmanager|"Passwords"|"AuthToken"|GenerateSecretString/);
    // Nothing secret is handed to the API: it signs its own token.
    expect(cache.clientSecrets).toEqual({});
  });

  test('GIVEN IAM WHEN grantConnect THEN the role may elasticache:Connect to the replication group and the user, and read no secret', () => {
    const stack = new cdk.Stack(new cdk.App(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
    const cache = new TieredCache(stack, 'Cache', { name: 'feed' });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    expect(cache.grantConnect(role).success).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as cdk.CfnElement) }],
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: 'elasticache:Connect',
          Resource: [
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:eu-west-1:111111111111:replicationgroup:feed']] },
            { 'Fn::GetAtt': [stack.getLogicalId(cache.user!), 'Arn'] },
          ],
        }],
        Version: '2012-10-17',
      },
    });
  });

  test('GIVEN RBAC WHEN rendered THEN a generated secret, an app user, a disabled default user and a user group', () => {
    const { template, cache } = render({ application: { auth: { mode: CacheAuthMode.RBAC } } });
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        Name: 'scaleblocks/cache/cache-auth',
        KmsKeyId: Match.anyValue(),
        GenerateSecretString: Match.objectLike({
          SecretStringTemplate: '{"username":"cache-app"}',
          GenerateStringKey: 'password',
          PasswordLength: 32,
          ExcludeCharacters: cache.plan.application.auth.excludeCharacters,
        }),
      }),
    });
    const password = { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: Match.stringLikeRegexp('^CacheAuthSecret') }, ':SecretString:password::}}']] };
    template.hasResourceProperties('AWS::ElastiCache::User', {
      Engine: 'valkey', UserId: 'cache-app', UserName: 'cache-app', AccessString: 'on ~* &* +@all -@dangerous', Passwords: [password],
    });
    template.hasResourceProperties('AWS::ElastiCache::User', {
      Engine: 'valkey', UserId: 'cache-off', UserName: 'default', AccessString: 'off -@all', Passwords: [password],
    });
    template.hasResourceProperties('AWS::ElastiCache::UserGroup', {
      Engine: 'valkey',
      UserGroupId: 'cache-users',
      UserIds: [{ Ref: Match.stringLikeRegexp('^CacheDefaultUser') }, { Ref: Match.stringLikeRegexp('^CacheUser[0-9A-F]') }],
    });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      UserGroupIds: [{ Ref: Match.stringLikeRegexp('^CacheUserGroup') }],
      AuthToken: Match.absent(),
    });
  });

  test('GIVEN an AUTH token WHEN rendered THEN the token is a Secrets Manager dynamic reference and no user group exists', () => {
    const { template } = render({ application: { auth: { mode: CacheAuthMode.AUTH_TOKEN } } });
    template.resourceCountIs('AWS::ElastiCache::UserGroup', 0);
    template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{}' }) });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      AuthToken: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: Match.stringLikeRegexp('^CacheAuthSecret') }, ':SecretString:password::}}']] },
      UserGroupIds: Match.absent(),
    });
  });

  test('GIVEN any configuration WHEN synthesized THEN no password appears in the template', () => {
    for (const mode of [CacheAuthMode.RBAC, CacheAuthMode.AUTH_TOKEN]) {
      const { template } = render({ application: { auth: { mode } } });
      const json = JSON.stringify(template.toJSON());
      const literalPasswords = [...json.matchAll(/"(Passwords|AuthToken)":\s*\[?"([^"]*)"/g)];
      expect(literalPasswords).toEqual([]);
      expect(json).toContain(':SecretString:password::}}');
    }
  });

  test('GIVEN no authentication WHEN rendered THEN no secret, no users and grantConnect grants nothing', () => {
    const { template, cache } = render({ application: { auth: { mode: CacheAuthMode.NONE }, transitEncryption: true } });
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    template.resourceCountIs('AWS::ElastiCache::User', 0);
    const stack = new cdk.Stack(new cdk.App(), 'Other');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    expect(cache.grantConnect(role).success).toBe(false);
    expect(cache.clientSecrets).toEqual({});
  });

  test('GIVEN RBAC and an API role WHEN grantConnect THEN it may read the auth secret and decrypt it', () => {
    const stack = new cdk.Stack(new cdk.App(), 'Test');
    const cache = new TieredCache(stack, 'Cache', { application: { auth: { mode: CacheAuthMode.RBAC } } });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    expect(cache.grantConnect(role).success).toBe(true);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as cdk.CfnElement) }],
      PolicyDocument: {
        Statement: [Match.objectLike({
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: { Ref: Match.stringLikeRegexp('^CacheAuthSecret') },
        })],
      },
    });
    // The secret's key lets the role decrypt through Secrets Manager only.
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'kms:Decrypt',
          Principal: { AWS: { 'Fn::GetAtt': [stack.getLogicalId(role.node.defaultChild as cdk.CfnElement), 'Arn'] } },
          Condition: { StringEquals: { 'kms:ViaService': Match.anyValue() } },
        })]),
      },
    });
  });
});

describe('TieredCache (cdk): logs and alarms', () => {
  test('GIVEN Valkey WHEN rendered THEN slow and engine logs go to KMS-encrypted log groups named by the plan', () => {
    const { template, cache } = render();
    for (const [type, name] of [['slow-log', '/scaleblocks/cache/slow-log'], ['engine-log', '/scaleblocks/cache/engine-log']]) {
      template.hasResource('AWS::Logs::LogGroup', {
        DeletionPolicy: 'Retain',
        Properties: { LogGroupName: name, RetentionInDays: 30, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheKey'), 'Arn'] } },
      });
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        LogDeliveryConfigurations: Match.arrayWith([{
          DestinationType: 'cloudwatch-logs',
          DestinationDetails: { CloudWatchLogsDetails: { LogGroup: { Ref: Match.anyValue() } } },
          LogFormat: 'json',
          LogType: type,
        }]),
      });
    }
    expect(cache.logGroups).toHaveLength(2);
  });

  test('GIVEN 1 shard with 1 replica WHEN rendered THEN each of the plan\'s alarms exists for both nodes with their CacheClusterId', () => {
    const { template, cache } = render();
    const alarms = cache.plan.application.alarms;
    expect(alarms.map((a) => a.id)).toEqual(['MemoryAboveFillLimit', 'EngineCpuHigh', 'Evictions', 'ReplicationLagHigh']);
    template.resourceCountIs('AWS::CloudWatch::Alarm', alarms.length * 2);
    for (const node of ['cache-0001-001', 'cache-0001-002']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/ElastiCache',
        MetricName: 'DatabaseMemoryUsagePercentage',
        Statistic: 'Maximum',
        Threshold: 80,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        Dimensions: [{ Name: 'CacheClusterId', Value: node }],
      });
    }
    expect(cache.alarms).toHaveLength(8);
  });

  test('GIVEN Memcached WHEN rendered THEN per-node alarms use CacheClusterId and CacheNodeId', () => {
    const { template } = render({ application: { engine: CacheEngine.MEMCACHED, shards: 2, azCount: 2 } });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'CPUUtilization',
      Dimensions: Match.arrayWith([{ Name: 'CacheClusterId', Value: 'cache' }, { Name: 'CacheNodeId', Value: '0002' }]),
    });
  });

  test('GIVEN a node WHEN asked for its metrics THEN they carry its dimension; an unknown node is a ValidationError', () => {
    const { cache } = render();
    const m = cache.metricCacheHitRate('cache-0001-002');
    expect(m.metricName).toBe('CacheHitRate');
    expect(m.dimensions).toEqual({ CacheClusterId: 'cache-0001-002' });
    expect(cache.metricEngineCpuUtilization('cache-0001-001').metricName).toBe('EngineCPUUtilization');
    expect(() => cache.metricOfNode('CacheHitRate', 'nope')).toThrow(/nodeId/);
  });
});

describe('TieredCache (cdk): the query and CDN tiers as data', () => {
  test('GIVEN invalidation rules WHEN rendered THEN clientEnvironment carries the contract and the deploy-time endpoint', () => {
    const { cache, stack } = render({
      application: { auth: { mode: CacheAuthMode.RBAC } }, query: { ttlSeconds: 120, invalidateOn: [{ write: 'post', keys: ['feed:{userId}'] }] },
    });
    const env = stack.resolve(cache.clientEnvironment);
    expect(env).toMatchObject({
      CACHE_ENGINE: 'valkey',
      CACHE_PORT: '6379',
      CACHE_TLS: 'true',
      CACHE_CLUSTER_MODE: 'true',
      CACHE_AUTH_MODE: 'RBAC',
      CACHE_AUTH_USERNAME: 'cache-app',
      QUERY_CACHE_NAMESPACE: 'cache:q:v1',
      QUERY_CACHE_KEY_PREFIX: 'cache:q:v1:',
      QUERY_CACHE_TTL_SECONDS: '120',
      QUERY_CACHE_INVALIDATION: '{"post":["cache:q:v1:feed:{userId}"]}',
      CACHE_ENDPOINT: { 'Fn::GetAtt': ['Cache18F6EE16', 'ConfigurationEndPoint.Address'] },
      CACHE_AUTH_SECRET_ARN: { Ref: expect.stringMatching(/^CacheAuthSecret/) },
    });
    expect(Object.keys(env)).not.toContain('CACHE_AUTH_PASSWORD');
    expect(Object.keys(cache.clientSecrets)).toEqual(['CACHE_AUTH_PASSWORD']);
    // ECS reads the JSON key `password` of the auth secret: <secret ARN>:password::
    expect(stack.resolve(cache.clientSecrets.CACHE_AUTH_PASSWORD.arn)).toEqual({
      'Fn::Join': ['', [{ Ref: expect.stringMatching(/^CacheAuthSecret/) }, ':password::']],
    });
  });

  test('GIVEN cluster mode off with a replica WHEN rendered THEN the contract has the primary and reader endpoints', () => {
    const { cache, stack } = render({ application: { clusterMode: false } });
    expect(stack.resolve(cache.clientEnvironment)).toMatchObject({
      CACHE_ENDPOINT: { 'Fn::GetAtt': ['Cache18F6EE16', 'PrimaryEndPoint.Address'] },
      CACHE_READER_ENDPOINT: { 'Fn::GetAtt': ['Cache18F6EE16', 'ReaderEndPoint.Address'] },
    });
  });

  test('GIVEN a CDN tier WHEN rendered THEN cdnTier is the plan\'s, ready for a GlobalCdn', () => {
    const { cache } = render({ cdn: { defaultTtlSeconds: 600, maxTtlSeconds: 3600, pathPatterns: ['/img/*'] } });
    expect(cache.cdnTier).toEqual({ minTtlSeconds: 0, defaultTtlSeconds: 600, maxTtlSeconds: 3600, pathPatterns: ['/img/*'], hitRatio: 0.5 });
  });
});

describe('TieredCache (cdk): plans and stable ids', () => {
  test('GIVEN a resolved plan WHEN rendered THEN it is used as is', () => {
    const plan = planTieredCache({ name: 'feed', application: { shards: 2 } }, { path: 'system/cache' });
    const { cache, template } = render({ plan });
    expect(cache.plan).toBe(plan);
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { ReplicationGroupId: 'feed', NumNodeGroups: 2 });
  });

  test('GIVEN a plan and options WHEN rendered THEN a ValidationError names plan', () => {
    const plan = planTieredCache({});
    expect(() => render({ plan, name: 'other' })).toThrow(/plan/);
  });

  test.each<[string, TieredCacheProps, RegExp]>([
    ['a bad name', { name: 'Bad_Name' }, /name/],
    ['an unknown engine', { application: { engine: 'KEYDB' as CacheEngine } }, /application\.engine/],
    ['an unknown node type', { application: { nodeType: 'cache.x9.huge' } }, /application\.nodeType/],
    ['too many replicas', { application: { replicasPerShard: 6 } }, /application\.replicasPerShard/],
    ['two shards with cluster mode off', { application: { clusterMode: false, shards: 2 } }, /application\.shards/],
    ['AUTH without TLS', { application: { transitEncryption: false } }, /application\.transitEncryption/],
    ['Memcached with replicas', { application: { engine: CacheEngine.MEMCACHED, replicasPerShard: 1 } }, /application\.replicasPerShard/],
    ['a short snapshot window', { application: { snapshotWindow: '03:00-03:30' } }, /application\.snapshotWindow/],
    ['a wildcard invalidation key', { query: { invalidateOn: [{ write: 'post', keys: ['feed:*'] }] } }, /query\.invalidateOn\[0\]\.keys\[0\]/],
  ])('GIVEN %s WHEN rendered THEN a ValidationError names the prop', (_, props, prop) => {
    let error: unknown;
    try {
      render(props);
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(() => {
      throw error;
    }).toThrow(prop);
  });

  test('GIVEN 2 then 3 shards WHEN rendered THEN every stateful resource and every alarm of 2 shards keeps its logical id', () => {
    const two = render({ application: { shards: 2 } }).template.toJSON().Resources;
    const three = render({ application: { shards: 3 } }).template.toJSON().Resources;
    const stateful = ['AWS::ElastiCache::ReplicationGroup', 'AWS::SecretsManager::Secret', 'AWS::ElastiCache::User', 'AWS::ElastiCache::UserGroup',
      'AWS::Logs::LogGroup', 'AWS::KMS::Key', 'AWS::ElastiCache::SubnetGroup', 'AWS::ElastiCache::ParameterGroup', 'AWS::CloudWatch::Alarm'];
    const ids = (r: any) => Object.keys(r).filter((k) => stateful.includes(r[k].Type));
    expect(ids(two).length).toBeGreaterThan(10);
    for (const id of ids(two)) expect(three[id]?.Type).toBe(two[id].Type);
    expect(ids(three).length - ids(two).length).toBe(8); // two nodes of the new shard, four alarms each
  });

  test('GIVEN 1 then 2 replicas per shard WHEN rendered THEN the replication group keeps its logical id', () => {
    const one = render({ application: { replicasPerShard: 1 } }).template.toJSON().Resources;
    const two = render({ application: { replicasPerShard: 2 } }).template.toJSON().Resources;
    for (const id of Object.keys(one).filter((k) => one[k].Type.startsWith('AWS::ElastiCache::'))) expect(two[id]?.Type).toBe(one[id].Type);
  });

  test('GIVEN 3 then 4 Memcached nodes WHEN rendered THEN the cluster keeps its logical id', () => {
    const a = render({ application: { engine: CacheEngine.MEMCACHED, shards: 3 } }).template.toJSON().Resources;
    const b = render({ application: { engine: CacheEngine.MEMCACHED, shards: 4 } }).template.toJSON().Resources;
    expect(b.Cache18F6EE16.Type).toBe('AWS::ElastiCache::CacheCluster');
    expect(a.Cache18F6EE16.Properties.NumCacheNodes).toBe(3);
    expect(b.Cache18F6EE16.Properties.NumCacheNodes).toBe(4);
  });
});

describe('TieredCache (cdk): compliance and snapshots', () => {
  test('GIVEN the default Valkey cache in an env-agnostic stack THEN both packs pass', () => {
    const app = compliantApp();
    const stack = new cdk.Stack(app, 'Test');
    new TieredCache(stack, 'Cache', { query: { invalidateOn: [{ write: 'post', keys: ['feed:{userId}'] }] } });
    const template = compliantTemplate(app, stack);
    expectNoViolations(app);
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('GIVEN Redis OSS, cluster mode off, AUTH token, a given VPC in a Region THEN both packs pass', () => {
    const app = compliantApp();
    const stack = new cdk.Stack(app, 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
    const key = encryptionKey(stack, 'NetKey', 'network logs', 30);
    const vpc = new ec2.Vpc(stack, 'Net', {
      maxAzs: 2,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
        { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
      natGateways: 0,
      restrictDefaultSecurityGroup: false,
    });
    vpc.addFlowLog('Flow', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(new cdk.aws_logs.LogGroup(stack, 'Flow', {
        encryptionKey: key, retention: cdk.aws_logs.RetentionDays.ONE_YEAR,
      })),
    });
    allowLogsToUse(key);
    new TieredCache(stack, 'Cache', {
      vpc,
      application: { engine: CacheEngine.REDIS, clusterMode: false, azCount: 2, auth: { mode: CacheAuthMode.AUTH_TOKEN } },
    });
    const template = compliantTemplate(app, stack);
    expectNoViolations(app);
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { PreferredCacheClusterAZs: ['dummy1a', 'dummy1b'] });
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('GIVEN Memcached THEN both packs pass', () => {
    const app = compliantApp();
    const stack = new cdk.Stack(app, 'Test');
    new TieredCache(stack, 'Cache', { application: { engine: CacheEngine.MEMCACHED } });
    const template = compliantTemplate(app, stack);
    expectNoViolations(app);
    expect(template.toJSON()).toMatchSnapshot();
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

describe('TieredCache (cdk): every setting comes from the plan', () => {
  test.each([
    ['1 node', memcachedPlan(1, 2), 'single-az', [0]],
    ['3 nodes in one AZ', memcachedPlan(3, 3, true), 'single-az', [0, 0, 0]],
    ['3 nodes over 3 AZs', memcachedPlan(3, 3), 'cross-az', [0, 1, 2]],
  ])('GIVEN Memcached with %s WHEN rendered THEN the plan\'s AZ mode and node AZs', (_, plan, azMode, azs) => {
    const { template } = render({ plan });
    expect(plan.application.azMode).toBe(azMode);
    template.hasResourceProperties('AWS::ElastiCache::CacheCluster', { AZMode: azMode, PreferredAvailabilityZones: azs.map(AZ) });
  });

  test('GIVEN Memcached WHEN rendered THEN every node\'s alarms carry the plan\'s node id and dimensions', () => {
    const plan = memcachedPlan(2, 2);
    const { template, cache } = render({ plan });
    expect(cache.nodeIds).toEqual(plan.application.nodes.map((n) => n.id));
    for (const n of plan.application.nodes) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'CPUUtilization',
        Dimensions: [{ Name: 'CacheClusterId', Value: 'cache' }, { Name: 'CacheNodeId', Value: n.dimensions.CacheNodeId }],
      });
    }
    template.resourceCountIs('AWS::CloudWatch::Alarm', plan.application.nodes.length * plan.application.alarms.length);
  });

  test('GIVEN cluster mode off with 2 replicas WHEN rendered THEN the primary then the replicas are placed as the plan says', () => {
    const plan = planTieredCache({ application: { clusterMode: false, replicasPerShard: 2 } });
    const { template, cache } = render({ plan });
    expect(plan.application.preferredAzs).toEqual([0, 1, 2]);
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { PreferredCacheClusterAZs: [AZ(0), AZ(1), AZ(2)], NumCacheClusters: 3 });
    expect(cache.nodeIds).toEqual(['cache-001', 'cache-002', 'cache-003']);
  });

  test('GIVEN RBAC and DESTROY WHEN rendered THEN the disabled default user keeps a password, and the secret goes with the cluster', () => {
    const plan = planTieredCache({ application: { removalPolicy: RemovalPolicy.DESTROY, auth: { mode: CacheAuthMode.RBAC } } });
    const { template } = render({ plan });
    template.hasResourceProperties('AWS::ElastiCache::User', {
      UserName: plan.application.auth.defaultUserName, AccessString: 'off -@all', Passwords: [Match.anyValue()], NoPasswordRequired: Match.absent(),
    });
    expect(plan.application.auth.secretRemovalPolicy).toBe(RemovalPolicy.DESTROY);
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Delete' });
  });

  test('GIVEN a plan\'s flow log retention WHEN the block creates the VPC THEN its flow logs keep that many days', () => {
    const base = planTieredCache();
    const plan = { ...base, createdNetwork: { ...base.createdNetwork, flowLogRetentionDays: 90 } };
    const { template } = render({ plan });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90, LogGroupName: Match.absent() });
  });
});
