import fc from 'fast-check';
import { issuesOf, RANK, row, worst } from './helpers';
import { RemovalPolicy } from '../../../src/core/blocks/common';
import {
  CACHE_SHARDS, CacheAuthMode, CacheEngine, cacheEngineHasIamAuth, CacheEnvironmentValue, cacheAzLosses, cachePasswordExcludedCharacters,
  cacheMissReadsOnAzLoss,
  databaseReadsPerSecond,
  EvictionPolicy, memcachedAzMode,
  busiestCacheNodeGbps, placeCacheShards, planTieredCache, QueryCacheInvalidation, renderInvalidationKeys, shardOperationsCapacity, sizeTieredCache,
  tieredCacheNotes, TieredCacheOptions, tieredCacheTopologyOf,
} from '../../../src/core/blocks/tiered-cache';
import { CHARACTER_RULES, QUOTAS } from '../../../src/core/catalog';
import { Errors, ValidationError } from '../../../src/core/errors';
import { resourceFixes, Scenario, SizingRow, Verdict } from '../../../src/core/sizing/report';


function shardsFix(r: SizingRow): number {
  const m = /needs >= ([\d,]+) (shards|nodes)/.exec(r.fix ?? '');
  if (!m) throw new Error(`no count in fix: ${r.fix}`);
  return Number(m[1].replace(/,/g, ''));
}

function nodeFix(r: SizingRow): { node: string; shards: number } {
  const m = /use (cache\.\S+) with >= ([\d,]+) (shards|nodes)/.exec(r.fix ?? '');
  if (!m) throw new Error(`no node size in fix: ${r.fix}`);
  return { node: m[1], shards: Number(m[2].replace(/,/g, '')) };
}

/** Capacity rows (normal operation and AZ loss), the ones monotone in demand and units. */
function capacityRows(rows: SizingRow[]): SizingRow[] {
  return rows.filter((r) => r.scenario !== Scenario.LIMIT);
}

/** What a generated AUTH token must not contain: every printable non-alphanumeric except ! & # $ ^ < > - (ElastiCache AUTH rules). */
const EXCLUDED = ' "%\'()*+,./:;=?@[\\]_`{|}~';

describe('planTieredCache defaults', () => {
  test('GIVEN no options WHEN planned THEN the application tier is a safe Valkey cluster with every default explicit', () => {
    // WHEN
    const plan = planTieredCache();
    // THEN
    expect(plan.kind).toBe('TieredCache');
    expect(plan.name).toBe('cache');
    expect(plan.application).toMatchObject({
      engine: CacheEngine.VALKEY,
      engineName: 'valkey',
      engineVersion: '8.1',
      clusterId: 'cache',
      nodeType: 'cache.r7g.large',
      nodeMemoryGiB: 13.07,
      clusterMode: true,
      shards: 1,
      replicasPerShard: 1,
      nodeCount: 2,
      azCount: 3,
      multiAz: true,
      automaticFailover: true,
      port: 6379,
      atRestEncryption: true,
      transitEncryption: true,
      evictionPolicy: EvictionPolicy.ALLKEYS_LRU,
      reservedMemoryPercent: 25,
      readFromReplica: false,
      nodesPerClusterQuota: 90,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      autoMinorVersionUpgrade: true,
      admitOnlyApiTier: true,
      allowAllOutbound: false,
      maintenanceWindow: 'sun:05:00-sun:06:00',
      azMode: undefined,
      preferredAzs: [],
      endpoint: CacheEnvironmentValue.CONFIGURATION_ENDPOINT_ADDRESS,
      readerEndpoint: false,
      clusterDimensions: { CacheClusterId: 'cache' },
    });
    expect(plan.application.nodes).toEqual([
      { id: 'cache-0001-001', shardId: '0001', az: 0, primary: true, dimensions: { CacheClusterId: 'cache-0001-001' } },
      { id: 'cache-0001-002', shardId: '0001', az: 1, primary: false, dimensions: { CacheClusterId: 'cache-0001-002' } },
    ]);
    expect(plan.createdNetwork.flowLogRetentionDays).toBe(365);
    expect(plan.application.usableMemoryGiBPerNode).toBeCloseTo(13.07 * 0.75, 9);
    expect(plan.application.placement).toEqual([{ shardId: '0001', primaryAz: 0, replicaAzs: [1] }]);
    expect(plan.application.snapshot).toEqual({ retentionDays: 7, window: '03:00-04:00', finalSnapshotName: 'cache-final' });
    expect(plan.application.parameterGroup).toEqual({
      name: 'cache-params',
      family: 'valkey8',
      parameters: { 'maxmemory-policy': 'allkeys-lru', 'reserved-memory-percent': '25', 'cluster-enabled': 'yes' },
    });
    // IAM authentication: a user whose id is its name, the default user off, and no password or secret at all.
    expect(plan.application.auth).toEqual({
      mode: CacheAuthMode.IAM,
      userId: 'cache-app',
      userName: 'cache-app',
      userAuthenticationType: 'iam',
      accessString: 'on ~* &* +@all -@dangerous',
      defaultUserId: 'cache-off',
      userGroupId: 'cache-users',
      defaultUserName: 'default',
      defaultUserAccessString: 'off -@all',
      defaultUserPasswordProtected: false,
    });
  });

  test('GIVEN RBAC chosen WHEN planned THEN a password user, its secret and a password-protected default user', () => {
    const plan = planTieredCache({ application: { auth: { mode: CacheAuthMode.RBAC } } });
    expect(plan.application.auth).toEqual({
      mode: CacheAuthMode.RBAC,
      secretName: 'scaleblocks/cache/cache-auth',
      passwordLength: 32,
      excludeCharacters: EXCLUDED,
      userId: 'cache-app',
      userName: 'cache-app',
      userAuthenticationType: 'password',
      accessString: 'on ~* &* +@all -@dangerous',
      defaultUserId: 'cache-off',
      userGroupId: 'cache-users',
      defaultUserName: 'default',
      defaultUserAccessString: 'off -@all',
      defaultUserPasswordProtected: true,
      passwordIncludesSpace: false,
      tokenUpdateStrategy: undefined,
      secretRemovalPolicy: RemovalPolicy.RETAIN,
    });
    expect(plan.contract.secretEnvironment).toEqual({ CACHE_AUTH_PASSWORD: 'password' });
    expect(plan.contract.deployTimeEnvironment.CACHE_AUTH_SECRET_ARN).toBe(CacheEnvironmentValue.AUTH_SECRET_ARN);
  });

  test.each([
    ['Valkey 7.2', CacheEngine.VALKEY, '7.2', CacheAuthMode.IAM],
    ['Valkey 8.1', CacheEngine.VALKEY, '8.1', CacheAuthMode.IAM],
    ['Redis OSS 7.0', CacheEngine.REDIS, '7.0', CacheAuthMode.IAM],
    ['Redis OSS 7.1', CacheEngine.REDIS, '7.1', CacheAuthMode.IAM],
    ['Redis OSS 6.2 (no IAM authentication)', CacheEngine.REDIS, '6.2', CacheAuthMode.RBAC],
    ['Memcached', CacheEngine.MEMCACHED, '1.6.22', CacheAuthMode.NONE],
  ])('GIVEN %s and no auth mode WHEN planned THEN the default mode is the safest the engine has', (_, engine, engineVersion, mode) => {
    expect(planTieredCache({ application: { engine, engineVersion } }).application.auth.mode).toBe(mode);
    expect(cacheEngineHasIamAuth(engine, engineVersion)).toBe(mode === CacheAuthMode.IAM);
  });

  test('GIVEN IAM and a user name WHEN planned THEN the user id is the user name, as ElastiCache requires of IAM users', () => {
    const auth = planTieredCache({ application: { auth: { mode: CacheAuthMode.IAM, userName: 'feed-api' } } }).application.auth;
    expect([auth.userId, auth.userName]).toEqual(['feed-api', 'feed-api']);
    // RBAC keeps its own id: the name alone is not unique in the account.
    const rbac = planTieredCache({ application: { auth: { mode: CacheAuthMode.RBAC, userName: 'feed-api' } } }).application.auth;
    expect([rbac.userId, rbac.userName]).toEqual(['cache-app', 'feed-api']);
  });

  test('GIVEN the catalog WHEN IAM facts are read THEN each carries a source', () => {
    const q = QUOTAS.elastiCache;
    expect([q.iamAuthMinRedisMajorVersion.value, q.iamAuthTokenLifetimeSeconds.value, q.iamAuthConnectionMaxSeconds.value]).toEqual([7, 900, 43_200]);
    expect(q.iamAuthTokenLifetimeSeconds.source.url).toBe('https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html');
  });

  test('GIVEN no options WHEN planned THEN the CDN and query tiers take CloudFront and house defaults', () => {
    const plan = planTieredCache();
    expect(plan.cdn).toEqual({ minTtlSeconds: 0, defaultTtlSeconds: 86_400, maxTtlSeconds: 31_536_000, pathPatterns: ['/static/*', '/assets/*'], hitRatio: 0.5 });
    expect(plan.query).toEqual({ namespace: 'cache:q:v1', keyPrefix: 'cache:q:v1:', ttlSeconds: 300, invalidateOn: [] });
  });

  test('GIVEN no sizing inputs WHEN planned THEN each default that feeds the sizing is listed as assumed', () => {
    const plan = planTieredCache({ load: { readsPerSecond: 1000, workingSetGiB: 1 } });
    const props = plan.assumed.map((a) => a.prop);
    expect(props).toEqual(expect.arrayContaining([
      'cache.application.nodeType', 'cache.application.replicasPerShard', 'cache.application.shards', 'cache.application.reservedMemoryPercent',
      'cache.load.writesPerSecond', 'cache.load.cdnHitRatio', 'cache.load.applicationHitRatio', 'cache.load.queryHitRatio',
      'cache.load.queryReadFraction', 'cache.load.memoryOverhead', 'cache.load.maxMemoryFill', 'cache.load.operationsPerSecondPerNode',
      'cache.sizing.targetUtilization',
    ]));
    expect(props).not.toContain('cache.load.readsPerSecond');
    expect(props).not.toContain('cache.load.workingSetGiB');
    expect(plan.assumed.find((a) => a.prop === 'cache.load.operationsPerSecondPerNode')?.value).toBe('80,000 operations/s per node');
    expect(plan.load.writesPerSecond).toBe(100);
    expect(plan.load.effectiveHitRatio).toBeCloseTo(0.85, 9);
  });

  test('GIVEN the default plan WHEN the contract is read THEN the API gets endpoints, TLS, IAM auth and the query namespace as environment, and no secret', () => {
    const plan = planTieredCache({ query: { invalidateOn: [{ write: 'post', keys: ['feed:{userId}'] }] } });
    expect(plan.contract.environment).toEqual({
      CACHE_ENGINE: 'valkey',
      CACHE_PORT: '6379',
      CACHE_TLS: 'true',
      CACHE_CLUSTER_MODE: 'true',
      CACHE_READ_FROM_REPLICA: 'false',
      CACHE_AUTH_MODE: 'IAM',
      CACHE_AUTH_USERNAME: 'cache-app',
      CACHE_IAM_AUTH_CACHE_NAME: 'cache',
      QUERY_CACHE_NAMESPACE: 'cache:q:v1',
      QUERY_CACHE_KEY_PREFIX: 'cache:q:v1:',
      QUERY_CACHE_TTL_SECONDS: '300',
      QUERY_CACHE_INVALIDATION: '{"post":["cache:q:v1:feed:{userId}"]}',
    });
    expect(plan.contract.deployTimeEnvironment).toEqual({ CACHE_ENDPOINT: CacheEnvironmentValue.CONFIGURATION_ENDPOINT_ADDRESS });
    expect(plan.contract.secretEnvironment).toEqual({});
    // No secret ever appears as a plain value.
    expect(JSON.stringify(plan)).not.toMatch(/"password":"/);
  });

  test('GIVEN a declared load WHEN planned THEN the default shard count is the fewest that carry it with one AZ lost', () => {
    // 100 GiB x 2 = 200 GiB on 9.8 GiB usable at 0.8 fill (PASS below 0.72): 29 shards; 550k ops/s at 80k per node: 11 shards.
    const plan = planTieredCache({ load: { workingSetGiB: 100, readsPerSecond: 500_000, writesPerSecond: 50_000 } });
    expect(plan.application.shards).toBe(29);
    expect(plan.application.nodeCount).toBe(58);
    const rows = sizeTieredCache(plan);
    expect(capacityRows(rows).every((r) => r.verdict === Verdict.PASS)).toBe(true);
    expect(rows.every((r) => r.verdict === Verdict.PASS)).toBe(true);
  });

  test('GIVEN a load that only operations limit WHEN planned THEN the AZ-loss row decides the shard count', () => {
    // No memory; 600k ops/s: normal needs ceil(600k/(80k x 0.63)) = 12, AZ loss ceil(600k/(80k x 0.81)) = 10.
    const plan = planTieredCache({ load: { readsPerSecond: 600_000, writesPerSecond: 0 } });
    expect(plan.application.shards).toBe(12);
  });
});

describe('planTieredCache options', () => {
  test('GIVEN 4 shards with 2 replicas on 3 AZs WHEN planned THEN primaries rotate and replicas never share their primary\'s AZ', () => {
    const plan = planTieredCache({ application: { shards: 4, replicasPerShard: 2 } });
    expect(plan.application.placement).toEqual([
      { shardId: '0001', primaryAz: 0, replicaAzs: [1, 2] },
      { shardId: '0002', primaryAz: 1, replicaAzs: [2, 0] },
      { shardId: '0003', primaryAz: 2, replicaAzs: [0, 1] },
      { shardId: '0004', primaryAz: 0, replicaAzs: [1, 2] },
    ]);
    expect(plan.application.nodeCount).toBe(12);
  });

  test('GIVEN more replicas than other AZs WHEN placed THEN replicas still avoid the primary\'s AZ', () => {
    expect(placeCacheShards(2, 3, 2)).toEqual([
      { shardId: '0001', primaryAz: 0, replicaAzs: [1, 1, 1] },
      { shardId: '0002', primaryAz: 1, replicaAzs: [0, 0, 0] },
    ]);
  });

  test('GIVEN Redis OSS with cluster mode off, AUTH token and read-from-replica WHEN planned THEN the plan and contract follow', () => {
    const plan = planTieredCache({
      name: 'feed-cache',
      application: {
        engine: CacheEngine.REDIS,
        clusterMode: false,
        replicasPerShard: 2,
        readFromReplica: true,
        auth: { mode: CacheAuthMode.AUTH_TOKEN },
        kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        evictionPolicy: EvictionPolicy.ALLKEYS_LFU,
        snapshotRetentionDays: 14,
        snapshotWindow: '22:00-23:30',
        maintenanceWindow: 'tue:01:00-tue:02:00',
        port: 6380,
        reservedMemoryPercent: 30,
      },
    }, { path: 'social/feed-cache' });
    const a = plan.application;
    expect(a).toMatchObject({
      engine: CacheEngine.REDIS,
      engineName: 'redis',
      engineVersion: '7.1',
      clusterMode: false,
      shards: 1,
      replicasPerShard: 2,
      readFromReplica: true,
      port: 6380,
      reservedMemoryPercent: 30,
      evictionPolicy: EvictionPolicy.ALLKEYS_LFU,
      kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    });
    expect(a.parameterGroup).toEqual({
      name: 'feed-cache-params', family: 'redis7', parameters: { 'maxmemory-policy': 'allkeys-lfu', 'reserved-memory-percent': '30', 'cluster-enabled': 'no' },
    });
    expect(a.auth).toEqual({
      mode: CacheAuthMode.AUTH_TOKEN,
      secretName: 'scaleblocks/feed-cache/cache-auth',
      passwordLength: 32,
      excludeCharacters: EXCLUDED,
      passwordIncludesSpace: false,
      tokenUpdateStrategy: 'ROTATE',
      secretRemovalPolicy: RemovalPolicy.RETAIN,
    });
    expect(a).toMatchObject({ endpoint: CacheEnvironmentValue.PRIMARY_ENDPOINT_ADDRESS, readerEndpoint: true, preferredAzs: [0, 1, 2] });
    expect(a.nodes.map((n) => n.id)).toEqual(['feed-cache-001', 'feed-cache-002', 'feed-cache-003']);
    expect(a.snapshot).toEqual({ retentionDays: 14, window: '22:00-23:30', finalSnapshotName: 'feed-cache-final' });
    expect(plan.contract.deployTimeEnvironment).toEqual({
      CACHE_ENDPOINT: 'PRIMARY_ENDPOINT_ADDRESS', CACHE_READER_ENDPOINT: 'READER_ENDPOINT_ADDRESS', CACHE_AUTH_SECRET_ARN: 'AUTH_SECRET_ARN',
    });
    expect(plan.contract.environment.CACHE_AUTH_USERNAME).toBeUndefined();
    expect(plan.contract.environment.CACHE_READ_FROM_REPLICA).toBe('true');
    expect(tieredCacheNotes(plan).join('\n')).toMatch(/reads use replicas/);
  });

  test('GIVEN Memcached WHEN planned THEN it has one node per AZ, no replicas, auth, snapshots or at-rest encryption, and is retained', () => {
    const plan = planTieredCache({ application: { engine: CacheEngine.MEMCACHED } });
    const a = plan.application;
    expect(a).toMatchObject({
      engine: CacheEngine.MEMCACHED,
      engineName: 'memcached',
      engineVersion: '1.6.22',
      port: 11211,
      clusterMode: false,
      shards: 3,
      replicasPerShard: 0,
      multiAz: false,
      automaticFailover: false,
      atRestEncryption: false,
      transitEncryption: true,
      removalPolicy: RemovalPolicy.RETAIN,
      evictionPolicy: undefined,
      azMode: 'cross-az',
      preferredAzs: [0, 1, 2],
      endpoint: CacheEnvironmentValue.CONFIGURATION_ENDPOINT_ADDRESS,
      readerEndpoint: false,
    });
    expect(a.nodes.map((n) => [n.id, n.az, n.dimensions])).toEqual([
      ['cache-0001', 0, { CacheClusterId: 'cache', CacheNodeId: '0001' }],
      ['cache-0002', 1, { CacheClusterId: 'cache', CacheNodeId: '0002' }],
      ['cache-0003', 2, { CacheClusterId: 'cache', CacheNodeId: '0003' }],
    ]);
    expect(a.auth).toEqual({ mode: CacheAuthMode.NONE });
    expect(a.snapshot).toEqual({ retentionDays: 0, window: undefined, finalSnapshotName: undefined });
    expect(a.parameterGroup).toEqual({ name: 'cache-params', family: 'memcached1.6', parameters: {} });
    expect(a.logDeliveryConfigurations).toEqual([]);
    expect(a.transitEncryptionMode).toBeUndefined();
    expect(a.alarms.map((x) => x.id)).toEqual(['CpuHigh', 'Evictions']);
    expect(a.placement.map((p) => p.primaryAz)).toEqual([0, 1, 2]);
    expect(plan.contract.secretEnvironment).toEqual({});
    expect(plan.contract.deployTimeEnvironment).toEqual({ CACHE_ENDPOINT: 'CONFIGURATION_ENDPOINT_ADDRESS' });
    expect(tieredCacheNotes(plan).join('\n')).toMatch(/Memcached has no replicas/);
  });

  test.each([
    ['one node', [{ shardId: '0001', primaryAz: 0, replicaAzs: [] }], 'single-az'],
    ['several nodes in one AZ', [0, 0, 0].map((az, i) => ({ shardId: `000${i + 1}`, primaryAz: az, replicaAzs: [] })), 'single-az'],
    ['several nodes over several AZs', [0, 1, 0].map((az, i) => ({ shardId: `000${i + 1}`, primaryAz: az, replicaAzs: [] })), 'cross-az'],
  ])('GIVEN Memcached with %s WHEN the AZ mode is resolved THEN it is %s', (_, placement, mode) => {
    expect(memcachedAzMode(placement)).toBe(mode);
  });

  test.each([
    [1, 2, 'single-az', [0]],
    [2, 2, 'cross-az', [0, 1]],
    [4, 3, 'cross-az', [0, 1, 2, 0]],
  ])('GIVEN Memcached with %i nodes over %i AZs WHEN planned THEN AZ mode %s and node AZs %j', (shards, azCount, mode, azs) => {
    const a = planTieredCache({ application: { engine: CacheEngine.MEMCACHED, shards, azCount } }).application;
    expect(a.azMode).toBe(mode);
    expect(a.preferredAzs).toEqual(azs);
    expect(a.nodes.map((n) => n.az)).toEqual(azs);
  });

  test('GIVEN small burstable nodes WHEN planned THEN the reserved memory follows AWS advice', () => {
    expect(planTieredCache({ application: { nodeType: 'cache.t4g.micro' } }).application.reservedMemoryPercent).toBe(50);
    expect(planTieredCache({ application: { nodeType: 'cache.t4g.medium' } }).application.reservedMemoryPercent).toBe(30);
    expect(planTieredCache({ application: { nodeType: 'cache.m7g.xlarge' } }).application.reservedMemoryPercent).toBe(25);
  });

  test('GIVEN a CDN tier and query options WHEN planned THEN they are honoured', () => {
    const plan = planTieredCache({
      cdn: { minTtlSeconds: 60, defaultTtlSeconds: 3600, maxTtlSeconds: 86_400, pathPatterns: ['/img/*'] },
      query: { namespace: 'feed:q:v2', ttlSeconds: 60 },
      load: { cdnHitRatio: 0.9 },
    });
    expect(plan.cdn).toEqual({ minTtlSeconds: 60, defaultTtlSeconds: 3600, maxTtlSeconds: 86_400, pathPatterns: ['/img/*'], hitRatio: 0.9 });
    expect(plan.query).toMatchObject({ namespace: 'feed:q:v2', keyPrefix: 'feed:q:v2:', ttlSeconds: 60 });
  });

  test('GIVEN risky switches WHEN noted THEN the report says what they cost', () => {
    const plan = planTieredCache({
      application: {
        auth: { mode: CacheAuthMode.NONE },
        atRestEncryption: false,
        snapshotRetentionDays: 0,
        evictionPolicy: EvictionPolicy.VOLATILE_LRU,
        removalPolicy: RemovalPolicy.DESTROY,
      },
    });
    const notes = tieredCacheNotes(plan).join('\n');
    expect(notes).toMatch(/encryption at rest is off/);
    expect(notes).toMatch(/authentication is off/);
    expect(notes).toMatch(/snapshots are off/);
    expect(notes).toMatch(/VOLATILE_LRU evicts only keys with a TTL/);
    expect(notes).toMatch(/DESTROY/);
    expect(notes).toMatch(/no invalidation rules/);
    expect(plan.application.snapshot.window).toBeUndefined();
  });

  test('GIVEN IAM authentication (the default) WHEN noted THEN the report says no password exists and what clients must do', () => {
    const notes = tieredCacheNotes(planTieredCache({ name: 'feed' })).filter((n) => /IAM authentication/.test(n));
    expect(notes).toEqual([
      'feed: IAM authentication: no password exists (none in the template, the Terraform state or Secrets Manager); clients log in as '
      + 'feed-app with a SigV4 token signed by their IAM role for feed (elasticache:Connect on the cache and the user), valid 15 minutes, '
      + 'and must re-authenticate or reconnect within 12 hours, when ElastiCache closes the connection',
    ]);
    expect(tieredCacheNotes(planTieredCache()).join('\n')).not.toMatch(/Terraform: the value is in the state/);
  });

  test.each([
    [CacheAuthMode.RBAC, /the passwords of aws_elasticache_user cache-app and of the disabled default user cache-off/],
    [CacheAuthMode.AUTH_TOKEN, /the auth_token of aws_elasticache_replication_group/],
  ])('GIVEN the %s opt-out WHEN noted THEN the report says exactly where the password is kept, Terraform state included, and why', (mode, holder) => {
    const notes = tieredCacheNotes(planTieredCache({ application: { auth: { mode } } })).filter((n) => /password/.test(n));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(new RegExp(`auth mode ${mode} uses a password \\(in Secrets Manager, scaleblocks/cache/cache-auth\\)`));
    expect(notes[0]).toMatch(/CloudFormation: the template holds only a Secrets Manager dynamic reference/);
    expect(notes[0]).toMatch(/data\.aws_secretsmanager_random_password, the secret_string of aws_secretsmanager_secret_version/);
    expect(notes[0]).toMatch(holder);
    expect(notes[0]).toMatch(/write-only arguments .* but none for ElastiCache passwords or AUTH tokens, and CDKTF 0\.21 cannot declare ephemeral resources/);
    expect(notes[0]).toMatch(/or use auth mode IAM/);
  });
});

describe('planTieredCache validation', () => {
  test.each<[string, TieredCacheOptions, string, RegExp]>([
    ['unknown node type', { application: { nodeType: 'cache.x1.huge' } }, 'application.nodeType', /cache\.r7g\.large/],
    ['Multi-AZ without replicas', { application: { replicasPerShard: 0, multiAz: true } }, 'application.multiAz', /at least one/],
    ['too many replicas', { application: { replicasPerShard: 6 } }, 'application.replicasPerShard', /integer from 0 to 5/],
    ['two shards with cluster mode off', { application: { clusterMode: false, shards: 2 } }, 'application.shards', /1 with clusterMode false/],
    ['more nodes than any cluster holds', { application: { shards: 100, replicasPerShard: 5 } }, 'application.shards', /at most 83 shards/],
    ['an old Valkey', { application: { engineVersion: '7.0' } }, 'application.engineVersion', /Valkey version 7\.2 or later/],
    ['a Redis 6.0', { application: { engine: CacheEngine.REDIS, engineVersion: '6.0' } }, 'application.engineVersion', /6\.2 or later/],
    ['Memcached with replicas', { application: { engine: CacheEngine.MEMCACHED, replicasPerShard: 1 } }, 'application.replicasPerShard', /no replicas/],
    ['Memcached at rest', { application: { engine: CacheEngine.MEMCACHED, atRestEncryption: true } }, 'application.atRestEncryption', /no encryption at rest/],
    ['Memcached with RBAC', { application: { engine: CacheEngine.MEMCACHED, auth: { mode: CacheAuthMode.RBAC } } }, 'application.auth.mode', /no AUTH, RBAC or IAM/],
    ['Memcached with IAM', { application: { engine: CacheEngine.MEMCACHED, auth: { mode: CacheAuthMode.IAM } } }, 'application.auth.mode', /no AUTH, RBAC or IAM/],
    ['IAM on Redis OSS 6.2', { application: { engine: CacheEngine.REDIS, engineVersion: '6.2', auth: { mode: CacheAuthMode.IAM } } }, 'application.auth.mode',
      /RBAC, AUTH_TOKEN or NONE with REDIS 6\.2: IAM authentication needs Valkey 7\.2 or later or Redis OSS 7\.0 or later/],
    ['IAM without TLS', { application: { transitEncryption: false, auth: { mode: CacheAuthMode.IAM } } }, 'application.transitEncryption', /true with auth mode IAM/],
    ['Memcached snapshots', { application: { engine: CacheEngine.MEMCACHED, snapshotRetentionDays: 7 } }, 'application.snapshotRetentionDays', /no snapshots/],
    ['Memcached final snapshot', { application: { engine: CacheEngine.MEMCACHED, removalPolicy: RemovalPolicy.SNAPSHOT } }, 'application.removalPolicy', /cannot snapshot/],
    ['Memcached eviction policy', { application: { engine: CacheEngine.MEMCACHED, evictionPolicy: EvictionPolicy.ALLKEYS_LFU } }, 'application.evictionPolicy', /least recently used/],
    ['Memcached TLS on 1.6.6', { application: { engine: CacheEngine.MEMCACHED, engineVersion: '1.6.6' } }, 'application.engineVersion', /1\.6\.12 or later/],
    ['Memcached 61 nodes', { application: { engine: CacheEngine.MEMCACHED, shards: 61 } }, 'application.shards', /integer from 1 to 60 nodes/],
    ['auth without TLS', { application: { transitEncryption: false } }, 'application.transitEncryption', /requires TLS/],
    ['read from no replica', { application: { replicasPerShard: 0, readFromReplica: true } }, 'application.readFromReplica', /no replica to read from/],
    ['KMS key without encryption at rest', { application: { atRestEncryption: false, kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abc' } }, 'application.kmsKeyArn', /encryption at rest is on/],
    ['short snapshot window', { application: { snapshotWindow: '03:00-03:30' } }, 'application.snapshotWindow', /at least 60 minutes/],
    ['overlapping windows', { application: { maintenanceWindow: 'mon:03:30-mon:04:30' } }, 'application.maintenanceWindow', /does not overlap the snapshot window 03:00-04:00/],
    ['a bad maintenance window', { application: { maintenanceWindow: 'sunday 5am' } }, 'application.maintenanceWindow', /ddd:hh:mm-ddd:hh:mm/],
    ['a user named default', { application: { auth: { userName: 'default' } } }, 'application.auth.userName', /not "default"/],
    ['a user name with AUTH token', { application: { auth: { mode: CacheAuthMode.AUTH_TOKEN, userName: 'app' } } }, 'application.auth.userName', /unless auth mode is IAM or RBAC/],
    ['a bad access string', { application: { auth: { accessString: 'everything' } } }, 'application.auth.accessString', /access string/],
    ['a node quota above 500', { application: { nodesPerClusterQuota: 501 } }, 'application.nodesPerClusterQuota', /1 to 500/],
    ['an AZ count of 7', { application: { azCount: 7 } }, 'application.azCount', /2 to 6/],
    ['min TTL above default', { cdn: { minTtlSeconds: 100, defaultTtlSeconds: 50 } }, 'cdn.defaultTtlSeconds', /at least cdn\.minTtlSeconds \(100\)/],
    ['max TTL above CloudFront', { cdn: { maxTtlSeconds: 40_000_000 } }, 'cdn.maxTtlSeconds', /0 to 31,536,000/],
    ['a path pattern without slash', { cdn: { pathPatterns: ['static/*'] } }, 'cdn.pathPatterns[0]', /starting with \//],
    ['a bad namespace', { query: { namespace: 'has space' } }, 'query.namespace', /key namespace/],
    ['a zero query TTL', { query: { ttlSeconds: 0 } }, 'query.ttlSeconds', /1 to 2,592,000/],
    ['a bad write name', { query: { invalidateOn: [{ write: '9post', keys: ['feed:{userId}'] }] } }, 'query.invalidateOn[0].write', /write name/],
    ['a wildcard key', { query: { invalidateOn: [{ write: 'post', keys: ['feed:*'] }] } }, 'query.invalidateOn[0].keys[0]', /no wildcards/],
    ['an unbalanced brace', { query: { invalidateOn: [{ write: 'post', keys: ['feed:{userId'] }] } }, 'query.invalidateOn[0].keys[0]', /placeholders/],
    ['a key with a space', { query: { invalidateOn: [{ write: 'post', keys: ['feed: {userId}'] }] } }, 'query.invalidateOn[0].keys[0]', /no spaces/],
    ['a rule without keys', { query: { invalidateOn: [{ write: 'post', keys: [] }] } }, 'query.invalidateOn[0].keys', /1 to 20 distinct/],
    ['the same write twice', { query: { invalidateOn: [{ write: 'post', keys: ['a'] }, { write: 'post', keys: ['b'] }] } }, 'query.invalidateOn[1].write', /no other rule/],
    ['an id with two hyphens', { name: 'feed--cache' }, 'name', /two hyphens/],
    ['a hit ratio above 1', { load: { applicationHitRatio: 1.5 } }, 'load.applicationHitRatio', /fraction/],
    ['negative reads', { load: { readsPerSecond: -1 } }, 'load.readsPerSecond', /0 to/],
  ])('GIVEN %s WHEN planned THEN a ValidationError names the prop', (_, options, prop, allowed) => {
    const issues = issuesOf(() => planTieredCache(options));
    const issue = issues.find((i) => i.prop === prop);
    expect(issue).toBeDefined();
    expect(issue?.allowed).toMatch(allowed);
  });

  test('GIVEN several bad options WHEN planned THEN every failure is reported at once, with the value given', () => {
    const issues = issuesOf(() => planTieredCache({
      application: { nodeType: 'cache.nope', replicasPerShard: 9, port: 0 },
      query: { ttlSeconds: -5 },
      cdn: { pathPatterns: ['x'] },
    }));
    expect(issues.map((i) => i.prop)).toEqual(expect.arrayContaining([
      'application.nodeType', 'application.replicasPerShard', 'application.port', 'query.ttlSeconds', 'cdn.pathPatterns[0]',
    ]));
    expect(issues.find((i) => i.prop === 'application.nodeType')?.value).toBe('"cache.nope"');
    let caught: unknown;
    try {
      planTieredCache({ application: { port: 0 } });
    } catch (e) {
      caught = e;
    }
    expect(Errors.isValidationError(caught)).toBe(true);
    expect(Errors.issuesOf(caught)[0]).toMatchObject({ path: 'cache', prop: 'application.port', value: '0' });
  });

  test('GIVEN options of the wrong type WHEN planned THEN a ValidationError, never a crash', () => {
    const bad = { application: 'big', query: { invalidateOn: 'post' }, load: [1], cdn: { pathPatterns: 'x' } } as unknown as TieredCacheOptions;
    const issues = issuesOf(() => planTieredCache(bad));
    expect(issues.map((i) => i.prop)).toEqual(expect.arrayContaining(['application', 'query.invalidateOn', 'load', 'cdn.pathPatterns']));
  });

  test('GIVEN arbitrary options WHEN planned THEN the result is a plan or a ValidationError', () => {
    const anything = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.constant(undefined), fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }));
    const maybe = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined | unknown> => fc.oneof(fc.constant(undefined), a, anything);
    const options = fc.record({
      name: maybe(fc.constantFrom('cache', 'feed-cache', 'a--b', 'X')),
      application: maybe(fc.record({
        engine: maybe(fc.constantFrom(...Object.values(CacheEngine))),
        engineVersion: maybe(fc.constantFrom('8.1', '7.2', '7.0', '1.6.22', '1.6.6', '6.2')),
        nodeType: maybe(fc.constantFrom('cache.r7g.large', 'cache.t4g.micro', 'cache.m7g.16xlarge', 'cache.zz')),
        clusterMode: maybe(fc.boolean()),
        shards: maybe(fc.integer({ min: -1, max: 600 })),
        replicasPerShard: maybe(fc.integer({ min: -1, max: 7 })),
        multiAz: maybe(fc.boolean()),
        readFromReplica: maybe(fc.boolean()),
        azCount: maybe(fc.integer({ min: 0, max: 8 })),
        nodesPerClusterQuota: maybe(fc.integer({ min: 0, max: 600 })),
        transitEncryption: maybe(fc.boolean()),
        atRestEncryption: maybe(fc.boolean()),
        auth: maybe(fc.record({ mode: maybe(fc.constantFrom(...Object.values(CacheAuthMode))), userName: maybe(fc.string()) }, { requiredKeys: [] })),
        snapshotWindow: maybe(fc.constantFrom('03:00-04:00', '23:30-00:30', '25:00-26:00')),
        maintenanceWindow: maybe(fc.constantFrom('sun:05:00-sun:06:00', 'sat:23:30-sun:00:30', 'xx')),
        evictionPolicy: maybe(fc.constantFrom(...Object.values(EvictionPolicy))),
        reservedMemoryPercent: maybe(fc.integer({ min: -5, max: 120 })),
        removalPolicy: maybe(fc.constantFrom(...Object.values(RemovalPolicy))),
      }, { requiredKeys: [] })),
      query: maybe(fc.record({
        namespace: maybe(fc.string()),
        ttlSeconds: maybe(fc.integer({ min: -1, max: 3_000_000 })),
        invalidateOn: maybe(fc.array(fc.oneof(anything, fc.record({
          write: maybe(fc.string()), keys: maybe(fc.array(fc.string(), { maxLength: 3 })),
        })), { maxLength: 3 })),
      }, { requiredKeys: [] })),
      cdn: maybe(fc.record({
        minTtlSeconds: maybe(fc.integer({ min: -1, max: 100 })),
        defaultTtlSeconds: maybe(fc.integer({ min: -1, max: 100_000 })),
        pathPatterns: maybe(fc.array(fc.string(), { maxLength: 3 })),
      }, { requiredKeys: [] })),
      load: maybe(fc.record({
        workingSetGiB: maybe(fc.double({ min: -1, max: 5000 })),
        readsPerSecond: maybe(fc.double({ min: -1, max: 1e8 })),
        writesPerSecond: maybe(fc.double({ min: -1, max: 1e7 })),
        applicationHitRatio: maybe(fc.double({ min: -1, max: 2 })),
        operationsPerSecondPerNode: maybe(fc.double({ min: -1, max: 1e6 })),
      }, { requiredKeys: [] })),
    }, { requiredKeys: [] });
    fc.assert(fc.property(options, (o) => {
      try {
        const plan = planTieredCache(o as TieredCacheOptions);
        expect(plan.application.shards).toBeGreaterThanOrEqual(1);
        sizeTieredCache(plan);
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
      }
    }), { numRuns: Number(process.env.SB_RUNS ?? 300) });
  });
});

describe('QueryCacheInvalidation', () => {
  const plan = planTieredCache({
    name: 'feed',
    query: { invalidateOn: [{ write: 'post', keys: ['feed:{userId}', 'post:{postId}:comments', 'user:{userId}:posts'] }, { write: 'follow', keys: ['feed:{followerId}'] }] },
  });

  test('GIVEN rules WHEN planned THEN templates carry the namespace and list their placeholders', () => {
    expect(plan.query.invalidateOn).toEqual([
      { write: 'post', keys: ['feed:q:v1:feed:{userId}', 'feed:q:v1:post:{postId}:comments', 'feed:q:v1:user:{userId}:posts'], placeholders: ['postId', 'userId'] },
      { write: 'follow', keys: ['feed:q:v1:feed:{followerId}'], placeholders: ['followerId'] },
    ]);
  });

  test('GIVEN a post by user 42 WHEN rendered THEN the user\'s feed is among the keys to delete (seed §7)', () => {
    expect(renderInvalidationKeys(plan.query.invalidateOn[0], { userId: '42', postId: '7' }))
      .toEqual(['feed:q:v1:feed:42', 'feed:q:v1:post:7:comments', 'feed:q:v1:user:42:posts']);
    expect(QueryCacheInvalidation.keysFor(plan.query, 'post', { userId: '42', postId: '7' })).toHaveLength(3);
    expect(QueryCacheInvalidation.keysFor(plan.query, 'like', { userId: '42' })).toEqual([]);
  });

  test('GIVEN the rules from the environment variable WHEN rendered THEN they give the same keys', () => {
    const fromEnv = JSON.parse(plan.contract.environment.QUERY_CACHE_INVALIDATION) as { [write: string]: string[] };
    const rule = { write: 'follow', keys: fromEnv.follow, placeholders: ['followerId'] };
    expect(QueryCacheInvalidation.renderKeys(rule, { followerId: 'u9' })).toEqual(['feed:q:v1:feed:u9']);
  });

  test.each<[string, { [k: string]: string }, string]>([
    ['a missing value', { userId: '42' }, 'values.postId'],
    ['an empty value', { userId: '', postId: '1' }, 'values.userId'],
    ['a value with braces (a hash tag)', { userId: '{42}', postId: '1' }, 'values.userId'],
  ])('GIVEN %s WHEN rendered THEN a ValidationError names the placeholder', (_, values, prop) => {
    const issues = issuesOf(() => renderInvalidationKeys(plan.query.invalidateOn[0], values));
    expect(issues.map((i) => i.prop)).toContain(prop);
  });

  test('GIVEN garbage WHEN rendered THEN a ValidationError', () => {
    expect(issuesOf(() => QueryCacheInvalidation.renderKeys(null as never, {})).map((i) => i.prop)).toContain('rule');
    expect(issuesOf(() => QueryCacheInvalidation.renderKeys(plan.query.invalidateOn[0], 'x' as never)).map((i) => i.prop)).toContain('values');
  });
});

describe('sizeTieredCache', () => {
  test('GIVEN too little memory WHEN sized THEN the memory row fails with the exact shard count', () => {
    // GIVEN 100 GiB raw (200 GiB with structures) on 2 shards of cache.r7g.large
    const plan = planTieredCache({ application: { shards: 2 }, load: { workingSetGiB: 100 } });
    // WHEN
    const r = row(sizeTieredCache(plan), 'cache memory', Scenario.NORMAL);
    // THEN
    expect(r.verdict).toBe(Verdict.FAIL);
    expect(r.demand).toBe(200);
    expect(r.capacity).toBeCloseTo(2 * 13.07 * 0.75, 9);
    expect(r.bound).toBe(0.8);
    expect(r.fix).toMatch(/^needs >= 29 shards of cache\.r7g\.large/);
    expect(r.sources).toEqual(expect.arrayContaining(['catalog.cacheNode(cache.r7g.large)', 'catalog.ASSUMED.cacheMemoryFillMax']));
    // Applying the fix passes; one shard less does not.
    const fixed = (n: number): SizingRow => row(sizeTieredCache(planTieredCache({ application: { shards: n }, load: { workingSetGiB: 100 } })), 'cache memory', Scenario.NORMAL);
    expect(fixed(29).verdict).toBe(Verdict.PASS);
    expect(fixed(28).verdict).not.toBe(Verdict.PASS);
  });

  test('GIVEN cluster mode off and too little memory WHEN sized THEN the fix is the next node size that fits one shard', () => {
    // 20 GiB raw -> 40 GiB: r7g.2xlarge holds 28.5 GiB at the PASS bound, r7g.4xlarge 57.1 GiB.
    const options = (nodeType: string): TieredCacheOptions => ({ application: { clusterMode: false, nodeType }, load: { workingSetGiB: 20 } });
    const r = row(sizeTieredCache(planTieredCache(options('cache.r7g.large'))), 'cache memory', Scenario.NORMAL);
    expect(r.verdict).toBe(Verdict.FAIL);
    expect(r.fix).toBe('no count of shards of cache.r7g.large within the count limit (1: one shard with cluster mode off) carries this load: '
      + 'use cache.r7g.4xlarge with >= 1 shards');
    expect(nodeFix(r)).toEqual({ node: 'cache.r7g.4xlarge', shards: 1 });
    expect(row(sizeTieredCache(planTieredCache(options('cache.r7g.4xlarge'))), 'cache memory', Scenario.NORMAL).verdict).toBe(Verdict.PASS);
    expect(row(sizeTieredCache(planTieredCache(options('cache.r7g.2xlarge'))), 'cache memory', Scenario.NORMAL).verdict).not.toBe(Verdict.PASS);
  });

  test('GIVEN the nodes quota caps the shards WHEN sized THEN the fix names the bigger node and its shard count', () => {
    // 1000 GiB raw with 2 replicas: the 90-node quota allows 30 shards; r7g.large would need 284 (the search stops at the limit).
    const plan = planTieredCache({ application: { shards: 30, replicasPerShard: 2 }, load: { workingSetGiB: 1000 } });
    const r = row(sizeTieredCache(plan), 'cache memory', Scenario.NORMAL);
    expect(r.fix).toMatch(/^no count of shards of cache\.r7g\.large within the count limit \(30: the shards 90 nodes per cluster allow with 2 replica\(s\) each\) carries this load: use /);
    const fix = nodeFix(r);
    expect(fix.shards).toBeLessThanOrEqual(30);
    const apply = (nodeType: string, shards: number): Verdict => row(sizeTieredCache(planTieredCache({
      application: { shards, replicasPerShard: 2, nodeType }, load: { workingSetGiB: 1000 },
    })), 'cache memory', Scenario.NORMAL).verdict;
    expect(apply(fix.node, fix.shards)).toBe(Verdict.PASS);
    if (fix.shards > 1) expect(apply(fix.node, fix.shards - 1)).not.toBe(Verdict.PASS);
  });

  test('GIVEN replicas WHEN an AZ is lost THEN memory is unchanged and no reads move to the database', () => {
    const plan = planTieredCache({ application: { shards: 3 }, load: { workingSetGiB: 10, readsPerSecond: 90_000 } });
    const rows = sizeTieredCache(plan);
    const loss = row(rows, 'cache memory', Scenario.AZ_LOSS);
    expect(loss.verdict).toBe(Verdict.PASS);
    expect(loss.capacity).toBe(row(rows, 'cache memory', Scenario.NORMAL).capacity);
    expect(loss.reason).toMatch(/memory is unchanged/);
    expect(cacheMissReadsOnAzLoss(plan)).toBe(0);
  });

  test('GIVEN no replicas WHEN an AZ is lost THEN the row warns and the lost shards\' reads move to the database', () => {
    const plan = planTieredCache({ application: { shards: 3, replicasPerShard: 0 }, load: { workingSetGiB: 10, readsPerSecond: 90_000 } });
    expect(plan.application.multiAz).toBe(false);
    expect(plan.application.automaticFailover).toBe(true); // required in cluster mode
    expect(planTieredCache({ application: { clusterMode: false, replicasPerShard: 0 } }).application.automaticFailover).toBe(false);
    const r = row(sizeTieredCache(plan), 'cache memory', Scenario.AZ_LOSS);
    expect(r.verdict).toBe(Verdict.WARN);
    expect(r.reason).toMatch(/loses 1 of 3 shards and their data.*\(30,000 reads\/s\) misses and goes to the database/);
    expect(r.fix).toMatch(/replicasPerShard >= 1/);
    // Replicas fix it, not the shard count: its own resource, with its own one fix.
    expect(r.fixResource).toBe('cache replicas');
    expect(resourceFixes(sizeTieredCache(plan)).map((f) => f.resource)).toEqual(['cache replicas']);
    // 90,000 reads x 1/3 x effective hit ratio 0.85
    expect(cacheMissReadsOnAzLoss(plan)).toBeCloseTo(25_500, 6);
    expect(cacheMissReadsOnAzLoss(plan, 30_000)).toBeCloseTo(8_500, 6);
  });

  test('GIVEN Memcached WHEN an AZ is lost THEN it warns that Memcached cannot replicate', () => {
    const plan = planTieredCache({ application: { engine: CacheEngine.MEMCACHED, shards: 6 }, load: { readsPerSecond: 60_000 } });
    const rows = sizeTieredCache(plan);
    expect(row(rows, 'cache memory', Scenario.AZ_LOSS).fix).toMatch(/engine VALKEY/);
    expect(row(rows, 'cache nodes', Scenario.LIMIT).capacity).toBe(60);
    // 2 of 6 nodes per AZ
    expect(cacheMissReadsOnAzLoss(plan)).toBeCloseTo(60_000 / 3 * 0.85, 6);
  });

  test('GIVEN an operations load WHEN sized THEN normal and AZ-loss rows check the shards, with exact fixes', () => {
    // 400k ops/s on 4 shards of 80k: 125 % busy.
    const plan = planTieredCache({ application: { shards: 4 }, load: { readsPerSecond: 400_000, writesPerSecond: 0 } });
    const rows = sizeTieredCache(plan);
    const normal = row(rows, 'cache operations', Scenario.NORMAL);
    expect(normal.verdict).toBe(Verdict.FAIL);
    expect(normal.capacity).toBe(320_000);
    expect(shardsFix(normal)).toBe(8); // 400k / (80k x 0.63) = 7.9
    const loss = row(rows, 'cache operations', Scenario.AZ_LOSS);
    expect(loss.verdict).toBe(Verdict.FAIL);
    expect(loss.reason).toMatch(/serves on its primary/);
    // One fix for the shard count: the AZ-loss row alone needs 7 (400k / (80k x 0.81) = 6.2), the normal row 8.
    expect(loss.fix).toBe(normal.fix);
    expect(shardsFix(loss)).toBe(8);
    expect(resourceFixes(rows)).toEqual([{
      block: 'cache', resource: CACHE_SHARDS, fix: 'needs >= 8 shards of cache.r7g.large, has 4', rows: ['cache operations (NORMAL)', 'cache operations (AZ_LOSS)'],
    }]);
  });

  test('GIVEN read-from-replica WHEN sized THEN reads spread over the replicas, and one AZ lost takes one node per shard', () => {
    // 2 shards x (1 primary + 2 replicas); 300k reads, 30k writes; k = 80k.
    const plan = planTieredCache({
      application: { shards: 2, replicasPerShard: 2, readFromReplica: true }, load: { readsPerSecond: 300_000, writesPerSecond: 30_000 },
    });
    const rows = sizeTieredCache(plan);
    const normal = row(rows, 'cache operations', Scenario.NORMAL);
    expect(normal.capacity).toBeCloseTo(2 * shardOperationsCapacity(80_000, 3, 300_000, 30_000), 6);
    const loss = row(rows, 'cache operations', Scenario.AZ_LOSS);
    expect(loss.capacity).toBeCloseTo(2 * shardOperationsCapacity(80_000, 2, 300_000, 30_000), 6);
    expect(loss.reason).toMatch(/reads on 2 node\(s\)/);
    // Per-node demand W/S + R/(S n): 15k + 50k = 65k of 80k with 3 nodes
    expect(normal.utilization).toBeCloseTo(65_000 / 80_000, 9);
  });

  test('GIVEN a measured per-node figure WHEN the count limit is hit THEN the fix asks for a measurement, not a guess', () => {
    const plan = planTieredCache({ application: { clusterMode: false }, load: { readsPerSecond: 1_000_000, operationsPerSecondPerNode: 100_000 } });
    const r = row(sizeTieredCache(plan), 'cache operations', Scenario.NORMAL);
    expect(r.verdict).toBe(Verdict.FAIL);
    expect(r.fix).toMatch(/measure a bigger node/);
    expect(r.sources).toContain('load.operationsPerSecondPerNode (measured)');
  });

  test('GIVEN more nodes than the default quota WHEN sized THEN the limit row fails until the quota is raised', () => {
    const rows = sizeTieredCache(planTieredCache({ application: { shards: 50 } }));
    const r = row(rows, 'cache nodes', Scenario.LIMIT);
    expect(r.verdict).toBe(Verdict.FAIL);
    expect(r.demand).toBe(100);
    expect(r.capacity).toBe(90);
    expect(r.fix).toMatch(/request a higher nodes-per-cluster quota \(up to 500\)/);
    const raised = row(sizeTieredCache(planTieredCache({ application: { shards: 50, nodesPerClusterQuota: 500 } })), 'cache nodes', Scenario.LIMIT);
    expect(raised.verdict).toBe(Verdict.PASS);
  });

  test('GIVEN a burstable node or Multi-AZ off WHEN sized THEN the rules warn', () => {
    const rows = sizeTieredCache(planTieredCache({ application: { nodeType: 'cache.t4g.medium', multiAz: false } }));
    const rules = rows.filter((r) => r.resource === 'cache nodes' && r.metric === 'rule');
    expect(rules.map((r) => r.verdict)).toEqual([Verdict.WARN, Verdict.WARN]);
    expect(rules[0].reason).toMatch(/burstable/);
    expect(rules[1].reason).toMatch(/Multi-AZ is off/);
  });

  test('GIVEN an item size WHEN sized THEN a network row checks the busiest node against its baseline bandwidth', () => {
    // GIVEN 100k reads/s of 2,000 bytes on 1 shard, reads on the primary only
    const rows = sizeTieredCache(planTieredCache({
      application: { shards: 1 }, load: { readsPerSecond: 100_000, writesPerSecond: 0, averageItemBytes: 2000 },
    }));
    // THEN 100k x 2,000 x 8 = 1.6 Gbps out of the primary, on 0.937 Gbps baseline
    const r = row(rows, 'cache network', Scenario.NORMAL);
    expect(r.metric).toBe('Gbps per node');
    expect(r.demand).toBeCloseTo(1.6, 9);
    expect(r.capacity).toBeCloseTo(0.937, 9);
    expect(r.verdict).toBe(Verdict.FAIL);
    expect(r.sources).toEqual(['catalog.cacheNode(cache.r7g.large).baselineNetworkGbps', 'catalog.SOURCES.ec2NetworkBandwidth']);
    // 1.6 / (0.937 x 0.7 x 0.9) = 2.71: 3 shards PASS both rows, the fix the AZ-loss row shares
    expect(r.fix).toBe('needs >= 3 shards of cache.r7g.large, has 1');
    expect(row(rows, 'cache network', Scenario.AZ_LOSS).fix).toBe(r.fix);
  });

  test('GIVEN read-from-replica and writes WHEN sized THEN reads spread over the nodes and the primary streams each write to every replica', () => {
    // GIVEN 2 shards of 1 primary + 2 replicas, 60k reads/s and 6k writes/s of 1,000 bytes
    const plan = planTieredCache({
      application: { shards: 2, replicasPerShard: 2, readFromReplica: true },
      load: { readsPerSecond: 60_000, writesPerSecond: 6000, averageItemBytes: 1000 },
    });
    const rows = sizeTieredCache(plan);
    // THEN normally the primary sends 30k / 3 reads + 3k writes x 2 replicas = 16k values/s = 0.128 Gbps
    expect(row(rows, 'cache network', Scenario.NORMAL).demand).toBeCloseTo(0.128, 9);
    // AND with one AZ lost the busiest shard has 2 nodes left: 30k / 2 + 3k x 1 = 18k values/s = 0.144 Gbps
    const az = row(rows, 'cache network', Scenario.AZ_LOSS);
    expect(az.demand).toBeCloseTo(0.144, 9);
    expect(az.bound).toBe(0.9);
    expect(az.reason).toMatch(/2 node\(s\)/);
    // AND a write-only node is bounded by what comes in, never by nothing
    expect(busiestCacheNodeGbps(0, 1000, 1000, 1, 1)).toBeCloseTo(0.008, 12);
  });

  test('GIVEN no item size WHEN sized THEN there is no network row (it is not assumed: no figure for it exists)', () => {
    expect(sizeTieredCache(planTieredCache({ load: { readsPerSecond: 100_000 } })).some((r) => r.resource === 'cache network')).toBe(false);
  });

  test('GIVEN a load above the shard limit WHEN sized THEN the network fix names the node size of the family that fits', () => {
    // GIVEN cluster mode off (one shard) and 3 Gbps of reads on cache.r7g.large
    const opts = (nodeType: string): TieredCacheOptions => ({
      application: { clusterMode: false, replicasPerShard: 1, nodeType },
      load: { readsPerSecond: 187_500, writesPerSecond: 0, averageItemBytes: 2000 },
    });
    const r = row(sizeTieredCache(planTieredCache(opts('cache.r7g.large'))), 'cache network', Scenario.NORMAL);
    // THEN 3 Gbps needs 3 / (0.7 x 0.9) = 4.76 Gbps of baseline: cache.r7g.4xlarge (7.5), not 2xlarge (3.75)
    const verdicts = (nodeType: string, resource = 'cache network'): Verdict[] => sizeTieredCache(planTieredCache(opts(nodeType)))
      .filter((x) => x.resource === resource).map((x) => x.verdict);
    expect(verdicts('cache.r7g.4xlarge')).toEqual([Verdict.PASS, Verdict.PASS]);
    expect(verdicts('cache.r7g.2xlarge')).toContain(Verdict.FAIL);
    // AND the shard count's one fix also carries its operations, which a 4xlarge does not: the 8xlarge, whose every row passes
    expect(r.fix).toMatch(/: use cache\.r7g\.8xlarge with >= 1 shards$/);
    expect(verdicts('cache.r7g.4xlarge', 'cache operations')).toContain(Verdict.FAIL);
    expect(sizeTieredCache(planTieredCache(opts('cache.r7g.8xlarge'))).filter((x) => x.fixResource === 'cache shards').every((x) => x.verdict === Verdict.PASS)).toBe(true);
  });

  test('GIVEN the chain\'s demand WHEN sized THEN it replaces the plan\'s load, split by the plan\'s read share', () => {
    const plan = planTieredCache({ application: { shards: 2 }, load: { readsPerSecond: 1000, writesPerSecond: 100 } });
    const rows = sizeTieredCache(plan, { operationsPerSecond: 110_000, workingSetGiB: 5 });
    expect(row(rows, 'cache operations', Scenario.NORMAL).demand).toBeCloseTo(110_000, 6);
    expect(row(rows, 'cache memory', Scenario.NORMAL).demand).toBe(10);
    expect(databaseReadsPerSecond(plan, 10_000)).toBeCloseTo(1500, 9);
  });

  test('GIVEN a template topology with an unknown node WHEN sized THEN the check fails and lists the known nodes', () => {
    const plan = planTieredCache();
    const rows = sizeTieredCache(plan, {}, { ...tieredCacheTopologyOf(plan), nodeType: 'cache.r5.large' });
    expect(rows).toHaveLength(1);
    expect(rows[0].verdict).toBe(Verdict.FAIL);
    expect(rows[0].fix).toMatch(/cache\.r7g\.large/);
  });

  test('GIVEN a template topology with every node in one AZ WHEN sized THEN the AZ loss takes the whole cache', () => {
    const plan = planTieredCache({ application: { shards: 2 }, load: { readsPerSecond: 1000 } });
    const oneAz = plan.application.placement.map((p) => ({ ...p, primaryAz: 0, replicaAzs: [0] }));
    const topology = { ...tieredCacheTopologyOf(plan), placement: oneAz };
    expect(row(sizeTieredCache(plan, {}, topology), 'cache memory', Scenario.AZ_LOSS).reason).toMatch(/loses 2 of 2 shards/);
    expect(cacheMissReadsOnAzLoss(plan, 1000, topology)).toBeCloseTo(850, 9);
    expect(cacheAzLosses(oneAz, 3)[0]).toEqual({ az: 0, lostShards: 2, minNodesLeft: 0 });
  });

  // --- properties -------------------------------------------------------------------------------
  const readsArb = fc.double({ min: 0, max: 3_000_000, noNaN: true });
  const wsArb = fc.double({ min: 0, max: 3000, noNaN: true });
  const shardsArb = fc.integer({ min: 1, max: 40 });
  const replicasArb = fc.integer({ min: 0, max: 2 });

  function sized(shards: number, replicas: number, reads: number, ws: number, readFromReplica = false, nodeType = 'cache.r7g.large'): SizingRow[] {
    return sizeTieredCache(planTieredCache({
      application: { shards, replicasPerShard: replicas, readFromReplica: readFromReplica && replicas > 0, nodesPerClusterQuota: 500, nodeType },
      load: { readsPerSecond: reads, writesPerSecond: reads / 10, workingSetGiB: ws },
    }));
  }

  test('more demand never improves a verdict', () => {
    fc.assert(fc.property(shardsArb, replicasArb, readsArb, readsArb, wsArb, wsArb, fc.boolean(), (s, r, d1, d2, w1, w2, rfr) => {
      const lo = capacityRows(sized(s, r, Math.min(d1, d2), Math.min(w1, w2), rfr));
      const hi = capacityRows(sized(s, r, Math.max(d1, d2), Math.max(w1, w2), rfr));
      lo.forEach((x, i) => expect(RANK[hi[i].verdict]).toBeGreaterThanOrEqual(RANK[x.verdict]));
    }), { numRuns: 150 });
  });

  test('more shards never worsen a verdict', () => {
    fc.assert(fc.property(shardsArb, shardsArb, replicasArb, readsArb, wsArb, fc.boolean(), (a, b, r, d, w, rfr) => {
      const few = capacityRows(sized(Math.min(a, b), r, d, w, rfr));
      const many = capacityRows(sized(Math.max(a, b), r, d, w, rfr));
      expect(worst(many)).toBeLessThanOrEqual(worst(few));
      few.forEach((x, i) => expect(RANK[many[i].verdict]).toBeLessThanOrEqual(RANK[x.verdict]));
    }), { numRuns: 150 });
  });

  test('the shard-count fix is exact per resource: at the count it names every row of the shard count passes, one less leaves one short (or, above the limit, at the node and count it names)', () => {
    const smallLimitShards = fc.integer({ min: 1, max: 20 });
    const smallWs = fc.double({ min: 0, max: 30_000, noNaN: true });
    const ofShards = (rows: SizingRow[]) => rows.filter((x) => (x.fixResource ?? x.resource) === CACHE_SHARDS);
    const allPass = (rows: SizingRow[]) => ofShards(rows).every((x) => x.verdict === Verdict.PASS);
    const checked = { count: 0, node: 0 };
    fc.assert(fc.property(smallLimitShards, replicasArb, readsArb, smallWs, fc.boolean(), (s, r, d, w, rfr) => {
      const failing = ofShards(sized(s, r, d, w, rfr)).filter((x) => x.verdict !== Verdict.PASS);
      if (failing.length === 0) return;
      const fixes = new Set(failing.map((x) => x.fix));
      expect(fixes.size).toBe(1);
      const fix = failing[0];
      if (!/^(needs >= |no count of )/.test(fix.fix!)) return; // only the count limit is short: its own fix
      const at = (count: number, nodeType?: string) => sized(count, r, d, w, rfr, nodeType);
      if (/ the count limit /.test(fix.fix!)) {
        if (!/ use cache\./.test(fix.fix!)) return;
        const n = nodeFix(fix);
        expect(allPass(at(n.shards, n.node))).toBe(true);
        if (n.shards > 1) expect(allPass(at(n.shards - 1, n.node))).toBe(false);
        checked.node++;
        return;
      }
      expect(fix.fix).toMatch(new RegExp(`, has ${s}$`));
      const n = shardsFix(fix);
      expect(allPass(at(n))).toBe(true);
      if (n > 1) expect(allPass(at(n - 1))).toBe(false);
      checked.count++;
    }), { numRuns: 80 });
    // The law was applied, not skipped by the early returns (most of these loads need the node fix).
    expect(checked.count).toBeGreaterThan(2);
  });

  test('every node-size fix is exact: the node it names passes every row of the shard count with its shards, the size below does not', () => {
    const sizes = ['cache.r7g.large', 'cache.r7g.xlarge', 'cache.r7g.2xlarge', 'cache.r7g.4xlarge', 'cache.r7g.8xlarge', 'cache.r7g.12xlarge', 'cache.r7g.16xlarge'];
    const opts = (nodeType: string, ws: number, reads: number): TieredCacheOptions => ({
      application: { clusterMode: false, nodeType, replicasPerShard: 1 }, load: { workingSetGiB: ws, readsPerSecond: reads, writesPerSecond: 0 },
    });
    const allPass = (nodeType: string, ws: number, reads: number) => sizeTieredCache(planTieredCache(opts(nodeType, ws, reads)))
      .filter((x) => (x.fixResource ?? x.resource) === CACHE_SHARDS).every((x) => x.verdict === Verdict.PASS);
    let checked = 0;
    fc.assert(fc.property(fc.double({ min: 1, max: 200, noNaN: true }), fc.double({ min: 0, max: 400_000, noNaN: true }), (ws, reads) => {
      const rows = sizeTieredCache(planTieredCache(opts('cache.r7g.large', ws, reads)));
      const fixes = new Set(rows.filter((x) => (x.fixResource ?? x.resource) === CACHE_SHARDS && x.verdict !== Verdict.PASS).map((x) => x.fix));
      expect(fixes.size).toBeLessThanOrEqual(1);
      const fix = [...fixes][0];
      if (!fix || !/ use cache\./.test(fix)) return;
      const n = nodeFix({ fix } as SizingRow);
      expect(n.shards).toBe(1);
      expect(allPass(n.node, ws, reads)).toBe(true);
      expect(allPass(sizes[sizes.indexOf(n.node) - 1], ws, reads)).toBe(false);
      checked++;
    }), { numRuns: 80 });
    expect(checked).toBeGreaterThan(10);
  });

  test('the default shard count passes every capacity row it can', () => {
    fc.assert(fc.property(replicasArb, readsArb, wsArb, fc.boolean(), (r, d, w, rfr) => {
      const plan = planTieredCache({
        application: { replicasPerShard: r, readFromReplica: rfr && r > 0, nodesPerClusterQuota: 500 },
        load: { readsPerSecond: d, writesPerSecond: d / 10, workingSetGiB: w },
      });
      const rows = capacityRows(sizeTieredCache(plan)).filter((x) => x.metric !== 'shards lost');
      const capped = plan.application.shards === Math.floor(500 / (1 + r));
      if (!capped) expect(rows.every((x) => x.verdict === Verdict.PASS)).toBe(true);
    }), { numRuns: 100 });
  });

  // --- network per node ---
  const itemArb = fc.integer({ min: 1, max: 200_000 });
  const netReadsArb = fc.double({ min: 0, max: 2_000_000, noNaN: true });
  function netRows(shards: number, replicas: number, reads: number, writes: number, bytes: number, rfr: boolean, nodeType = 'cache.r7g.large'): SizingRow[] {
    return sizeTieredCache(planTieredCache({
      application: { shards, replicasPerShard: replicas, readFromReplica: rfr && replicas > 0, nodesPerClusterQuota: 500, nodeType },
      load: { readsPerSecond: reads, writesPerSecond: writes, averageItemBytes: bytes },
    })).filter((r) => r.resource === 'cache network');
  }

  test('network: more reads, writes or bytes never improve a verdict', () => {
    fc.assert(fc.property(shardsArb, replicasArb, netReadsArb, netReadsArb, itemArb, itemArb, fc.boolean(), (s, r, a, b, x, y, rfr) => {
      const lo = netRows(s, r, Math.min(a, b), Math.min(a, b) / 10, Math.min(x, y), rfr);
      const hi = netRows(s, r, Math.max(a, b), Math.max(a, b) / 10, Math.max(x, y), rfr);
      expect(hi.length).toBe(lo.length);
      lo.forEach((z, i) => expect(RANK[hi[i].verdict]).toBeGreaterThanOrEqual(RANK[z.verdict]));
    }), { numRuns: 150 });
  });

  test('network: more shards or a bigger node never worsen a verdict', () => {
    const sizes = ['cache.r7g.large', 'cache.r7g.xlarge', 'cache.r7g.2xlarge', 'cache.r7g.4xlarge', 'cache.r7g.8xlarge'];
    const sizeArb = fc.integer({ min: 0, max: sizes.length - 1 });
    fc.assert(fc.property(shardsArb, shardsArb, sizeArb, sizeArb, replicasArb, netReadsArb, itemArb, fc.boolean(),
      (a, b, i, j, r, d, bytes, rfr) => {
        const few = netRows(Math.min(a, b), r, d, d / 10, bytes, rfr, sizes[Math.min(i, j)]);
        const many = netRows(Math.max(a, b), r, d, d / 10, bytes, rfr, sizes[Math.max(i, j)]);
        few.forEach((z, k) => expect(RANK[many[k].verdict]).toBeLessThanOrEqual(RANK[z.verdict]));
      }), { numRuns: 150 });
  });

  test('network: the one fix is exact: its shard count makes both rows PASS, one less leaves one short (or the node it names passes)', () => {
    const fewShards = fc.integer({ min: 1, max: 20 });
    fc.assert(fc.property(fewShards, replicasArb, netReadsArb, itemArb, fc.boolean(), fc.boolean(), (s, r, d, bytes, rfr, clusterOff) => {
      const rowsAt = (shards: number, nodeType = 'cache.r7g.large'): SizingRow[] => (clusterOff
        ? sizeTieredCache(planTieredCache({
          application: { clusterMode: false, replicasPerShard: r, readFromReplica: rfr && r > 0, nodeType },
          load: { readsPerSecond: d, writesPerSecond: d / 10, averageItemBytes: bytes },
        })).filter((x) => x.resource === 'cache network')
        : netRows(shards, r, d, d / 10, bytes, rfr, nodeType));
      const rows = rowsAt(s);
      const failing = rows.filter((x) => x.verdict !== Verdict.PASS);
      if (failing.length === 0) return;
      // one fix for the resource: every row that does not PASS shows the same text
      expect(new Set(failing.map((x) => x.fix)).size).toBe(1);
      const fix = failing[0];
      const allPass = (xs: SizingRow[]): boolean => xs.every((x) => x.verdict === Verdict.PASS);
      if (/ use cache\./.test(fix.fix ?? '')) {
        const n = nodeFix(fix);
        expect(allPass(rowsAt(n.shards, n.node))).toBe(true);
        if (n.shards > 1) expect(allPass(rowsAt(n.shards - 1, n.node))).toBe(false);
        return;
      }
      if (/ above /.test(fix.fix ?? '') || !/needs >= /.test(fix.fix ?? '')) return;
      const n = shardsFix(fix);
      expect(allPass(rowsAt(n))).toBe(true);
      if (n > 1) expect(allPass(rowsAt(n - 1))).toBe(false);
    }), { numRuns: 150 });
  });

  test('no replica ever shares its primary\'s AZ when there are two AZs or more', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 2, max: 6 }), (s, r, az) => {
      for (const p of placeCacheShards(s, r, az)) {
        expect(p.replicaAzs).not.toContain(p.primaryAz);
        expect([p.primaryAz, ...p.replicaAzs].every((x) => x >= 0 && x < az)).toBe(true);
      }
    }), { numRuns: 100 });
  });
});

describe('the replication group a backend renders without deriving anything', () => {
  test('GIVEN the defaults WHEN planned THEN names, TLS mode, logs, alarms and apply-immediately are explicit', () => {
    // GIVEN / WHEN
    const a = planTieredCache({ name: 'feed', load: { workingSetGiB: 1 } }).application;
    // THEN
    expect(a.description).toBe('scaleblocks feed: valkey application cache');
    expect(a.subnetGroupName).toBe('feed-subnets');
    expect(a.parameterGroup.name).toBe('feed-params');
    expect(a.transitEncryptionMode).toBe('required');
    expect(a.applyImmediately).toBe(false);
    expect(a.logDeliveryConfigurations).toEqual([
      { logType: 'SLOW_LOG', logTypeName: 'slow-log', destinationType: 'cloudwatch-logs', logFormat: 'json', logGroupName: '/scaleblocks/feed/slow-log', retentionDays: 30 },
      { logType: 'ENGINE_LOG', logTypeName: 'engine-log', destinationType: 'cloudwatch-logs', logFormat: 'json', logGroupName: '/scaleblocks/feed/engine-log', retentionDays: 30 },
    ]);
    expect(a.alarms.map((x) => [x.id, x.metricName, x.threshold])).toEqual([
      ['MemoryAboveFillLimit', 'DatabaseMemoryUsagePercentage', 80],
      ['EngineCpuHigh', 'EngineCPUUtilization', 90],
      ['Evictions', 'Evictions', 1],
      ['ReplicationLagHigh', 'ReplicationLag', 5],
    ]);
    expect(a.alarms.every((x) => x.namespace === 'AWS/ElastiCache' && x.perNode && !x.treatMissingDataAsBreaching)).toBe(true);
  });

  test('GIVEN a lower fill limit and no replicas WHEN planned THEN the memory alarm follows the limit and there is no lag alarm', () => {
    const a = planTieredCache({ application: { replicasPerShard: 0 }, load: { maxMemoryFill: 0.65 } }).application;
    expect(a.alarms.find((x) => x.id === 'MemoryAboveFillLimit')?.threshold).toBe(65);
    expect(a.alarms.map((x) => x.id)).not.toContain('ReplicationLagHigh');
  });

  test('GIVEN TLS off and no auth WHEN planned THEN no TLS mode is rendered', () => {
    const a = planTieredCache({ application: { transitEncryption: false, auth: { mode: CacheAuthMode.NONE } } }).application;
    expect(a.transitEncryptionMode).toBeUndefined();
    expect(a.auth).toEqual({ mode: CacheAuthMode.NONE });
  });

  test('GIVEN the catalog\'s AUTH token rules WHEN a password is generated THEN its length and characters are ones ElastiCache accepts', () => {
    const auth = planTieredCache({ application: { auth: { mode: CacheAuthMode.AUTH_TOKEN } } }).application.auth;
    const q = QUOTAS.elastiCache;
    expect(auth.passwordLength).toBeGreaterThanOrEqual(q.authTokenMinLength.value);
    expect(auth.passwordLength).toBeLessThanOrEqual(q.authTokenMaxLength.value);
    expect(auth.excludeCharacters).toBe(cachePasswordExcludedCharacters());
    // Every printable character is either excluded, alphanumeric, or one of the allowed specials; never two of those.
    const allowed = CHARACTER_RULES.elastiCacheAuthTokenSpecials.value;
    for (let c = 0x20; c <= 0x7e; c++) {
      const ch = String.fromCharCode(c);
      const ok = /[A-Za-z0-9]/.test(ch) || allowed.includes(ch);
      expect([ch, auth.excludeCharacters!.includes(ch)]).toEqual([ch, !ok]);
    }
  });

  test('GIVEN a query TTL at the catalog\'s Memcached limit WHEN planned THEN it passes, and one second more does not', () => {
    const max = QUOTAS.elastiCache.memcachedRelativeTtlMaxSeconds.value;
    expect(planTieredCache({ query: { ttlSeconds: max } }).query.ttlSeconds).toBe(max);
    const issues = issuesOf(() => planTieredCache({ query: { ttlSeconds: max + 1 } }));
    expect(issues.map((i) => i.prop)).toEqual(['query.ttlSeconds']);
  });
});

describe('sizing arithmetic on hand-computed cases', () => {
  test('GIVEN 10 GiB raw on cache.r7g.large WHEN sized THEN 20 GiB needs 3 shards: 2 fail, 3 pass', () => {
    // usable = 13.07 x 0.75 = 9.8025 GiB; FAIL above 0.80 x usable x S, PASS up to 0.72 x usable x S.
    // S = 2: 20 / 19.605 = 102 % of the memory -> FAIL. S = 3: 20 / 29.4075 = 68.0 % <= 72 % -> PASS.
    const at = (shards: number): SizingRow => row(sizeTieredCache(planTieredCache({ application: { shards }, load: { workingSetGiB: 10 } })),
      'cache memory', Scenario.NORMAL);
    expect(at(2).verdict).toBe(Verdict.FAIL);
    expect(at(2).utilization).toBeCloseTo(20 / 19.605, 9);
    expect(shardsFix(at(2))).toBe(3);
    expect(at(3).verdict).toBe(Verdict.PASS);
    expect(at(3).utilization).toBeCloseTo(20 / 29.4075, 9);
    // The default shard count finds the same 3.
    expect(planTieredCache({ load: { workingSetGiB: 10 } }).application.shards).toBe(3);
  });

  test('GIVEN 12 GiB raw on 3 shards WHEN sized THEN 24 GiB is 81.6 % of 29.4 GiB: above the 0.8 fill limit', () => {
    const r = row(sizeTieredCache(planTieredCache({ application: { shards: 3 }, load: { workingSetGiB: 12 } })), 'cache memory', Scenario.NORMAL);
    expect(r.utilization).toBeCloseTo(24 / 29.4075, 9);
    expect(r.verdict).toBe(Verdict.FAIL);
    expect(shardsFix(r)).toBe(4); // 24 / (9.8025 x 0.72) = 3.4
  });

  test('GIVEN 11 GiB raw on 3 shards WHEN sized THEN 74.8 % is within 10 % of the 80 % limit: WARN', () => {
    const r = row(sizeTieredCache(planTieredCache({ application: { shards: 3 }, load: { workingSetGiB: 11 } })), 'cache memory', Scenario.NORMAL);
    expect(r.utilization).toBeCloseTo(22 / 29.4075, 9);
    expect(r.verdict).toBe(Verdict.WARN);
  });

  test('GIVEN 100k reads and 10k writes on 2 shards WHEN sized THEN the primaries are 68.75 % busy, and read-from-replica with 2 replicas lowers it', () => {
    // Without read-from-replica each primary serves 55k of 80k ops/s: 68.75 % -> WARN (above 0.63, below 0.70).
    const load = { readsPerSecond: 100_000, writesPerSecond: 10_000 };
    const primaries = row(sizeTieredCache(planTieredCache({ application: { shards: 2 }, load })),
      'cache operations', Scenario.NORMAL);
    expect(primaries.utilization).toBeCloseTo(55_000 / 80_000, 9);
    expect(primaries.verdict).toBe(Verdict.WARN);
    expect(shardsFix(primaries)).toBe(3); // 110k / (80k x 0.63) = 2.18
    // With 2 replicas serving reads: per node 5k writes + 50k / 3 reads = 21,667 of 80k: 27.1 %.
    const spread = row(sizeTieredCache(planTieredCache({
      application: { shards: 2, replicasPerShard: 2, readFromReplica: true }, load: { readsPerSecond: 100_000, writesPerSecond: 10_000 },
    })), 'cache operations', Scenario.NORMAL);
    expect(spread.utilization).toBeCloseTo((5_000 + 50_000 / 3) / 80_000, 9);
    expect(spread.verdict).toBe(Verdict.PASS);
  });

  test('GIVEN 0 replicas WHEN sized THEN the AZ-loss row warns, never fails, and the database takes the lost shards\' hits', () => {
    // 3 shards over 3 AZs: losing one AZ loses one shard: 60k reads x 1/3 x 0.85 = 17,000 extra database reads/s.
    const plan = planTieredCache({ application: { shards: 3, replicasPerShard: 0 }, load: { readsPerSecond: 60_000 } });
    const r = row(sizeTieredCache(plan), 'cache memory', Scenario.AZ_LOSS);
    expect(r.verdict).toBe(Verdict.WARN);
    expect(cacheMissReadsOnAzLoss(plan)).toBeCloseTo(17_000, 6);
    expect(databaseReadsPerSecond(plan)).toBeCloseTo(9_000, 6); // 60k x (1 - 0.85)
  });
});

describe('more capacity never worsens a verdict', () => {
  const sizes = ['cache.r7g.large', 'cache.r7g.xlarge', 'cache.r7g.2xlarge', 'cache.r7g.4xlarge'];
  const sized = (nodeType: string, shards: number, replicas: number, rfr: boolean, reads: number, ws: number): SizingRow[] =>
    capacityRows(sizeTieredCache(planTieredCache({
      application: { nodeType, shards, replicasPerShard: replicas, readFromReplica: rfr && replicas > 0, nodesPerClusterQuota: 500 },
      load: { readsPerSecond: reads, writesPerSecond: reads / 10, workingSetGiB: ws },
    })));

  test('a bigger node of the same family never worsens a verdict', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 2 }), fc.boolean(),
      fc.double({ min: 0, max: 2_000_000, noNaN: true }), fc.double({ min: 0, max: 2000, noNaN: true }), (i, s, r, rfr, d, w) => {
        const small = sized(sizes[i], s, r, rfr, d, w);
        const big = sized(sizes[i + 1], s, r, rfr, d, w);
        small.forEach((x, k) => expect(RANK[big[k].verdict]).toBeLessThanOrEqual(RANK[x.verdict]));
      }), { numRuns: 100 });
  });

  test('more replicas that serve reads never worsen the operations verdicts', () => {
    const reads = fc.double({ min: 0, max: 3_000_000, noNaN: true });
    fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 4 }), reads, (s, r, d) => {
      const ops = (replicas: number): SizingRow[] => sized('cache.r7g.large', s, replicas, true, d, 0).filter((x) => x.resource === 'cache operations');
      const fewer = ops(r);
      const more = ops(r + 1);
      fewer.forEach((x, k) => expect(RANK[more[k].verdict]).toBeLessThanOrEqual(RANK[x.verdict]));
    }), { numRuns: 100 });
  });
});
