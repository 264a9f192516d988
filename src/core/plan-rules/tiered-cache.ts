import { BlockKind, MAX_AZS, MIN_AZS } from '../blocks/common';
import {
  CACHE_ENGINE_VERSION_ALLOWED, CacheAuthMode, CacheEngine, cacheEngineHasIamAuth, cacheParameterGroupFamily, planTieredCache,
} from '../blocks/tiered-cache';
import * as catalog from '../catalog';
import { BlockPlanRules, checkAlarmWindow, checkFoundation, checkVocabulary, PlanValueRules } from './common';

export const TIERED_CACHE_PLAN_RULES: BlockPlanRules = {
  kind: BlockKind.TIERED_CACHE,
  plan: planTieredCache,
  type: 'TieredCachePlan',
  schema: 'plans/tiered-cache.schema.json',
  check(r) {
    checkFoundation(r, r.at('application.azCount'));
    const q = catalog.QUOTAS.elastiCache;
    r.integer('application.azCount', MIN_AZS, MAX_AZS);
    // The backends make one node (and its alarms) per replica of each shard: the quotas bound the loops.
    r.integer('application.replicasPerShard', q.replicasPerShardMin.value, q.replicasPerShardMax.value, 'replicas');
    r.integer('application.shards', 1, q.nodesPerClusterMax.value, 'shards');
    r.integer('application.nodeCount', 1, q.nodesPerClusterMax.value, 'nodes');
    r.integer('application.nodesPerClusterQuota', 1, q.nodesPerClusterMax.value, 'nodes');
    r.length('application.placement', 1, q.nodesPerClusterMax.value, 'shards');
    const azCount = r.at('application.azCount');
    const azMax = typeof azCount === 'number' && Number.isInteger(azCount) ? azCount - 1 : MAX_AZS - 1;
    const shardIds = new Set<unknown>();
    r.each('application.placement', (p) => {
      // ElastiCache's node group ids are 1 to 4 digits (a wider random run rendered NodeGroupId "x").
      const shardId = p.at('shardId');
      p.rules.check(p.prop('shardId'), shardId, typeof shardId === 'string' && /^\d{1,4}$/.test(shardId) && !shardIds.has(shardId),
        'a node group id of 1 to 4 digits, e.g. 0001, no other shard has');
      shardIds.add(shardId);
      p.integer('primaryAz', 0, azMax, '(an index below application.azCount)');
      p.length('replicaAzs', 0, q.replicasPerShardMax.value, 'replica AZs');
      // Each replica's AZ is an index below azCount (a wider random run put a replica in AZ 1e9, and the
      // CDK backend ran out of memory building its AZ list).
      const replicaAzs = p.at('replicaAzs');
      if (Array.isArray(replicaAzs)) replicaAzs.forEach((_az, i) => p.integer(`replicaAzs[${i}]`, 0, azMax, '(an index below application.azCount)'));
    });
    r.integer('application.port', 1, 65535);
    r.integer('application.reservedMemoryPercent', 0, 100, '%');
    r.integer('application.snapshot.retentionDays', 0, q.snapshotRetentionMaxDays.value, 'days');
    r.integer('application.auth.passwordLength', q.authTokenMinLength.value, q.authTokenMaxLength.value, 'characters');
    checkCacheAuth(r);
    checkCacheEngine(r);
    const cf = catalog.QUOTAS.cloudFront;
    for (const ttl of ['minTtlSeconds', 'defaultTtlSeconds', 'maxTtlSeconds']) r.integer(`cdn.${ttl}`, 0, cf.maxTtlSeconds.value * 100, 's');
    r.ordered('cdn.minTtlSeconds', 'cdn.defaultTtlSeconds');
    r.ordered('cdn.defaultTtlSeconds', 'cdn.maxTtlSeconds');
    r.integer('query.ttlSeconds', 1, q.memcachedRelativeTtlMaxSeconds.value, 's');
    // One delivery per log type, to a log group the backend creates (CloudWatch Logs), in a format ElastiCache writes.
    const seenLogTypes = new Set<unknown>();
    r.each('application.logDeliveryConfigurations', (l) => {
      const name = l.at('logTypeName');
      l.rules.check(l.prop('logTypeName'), name, (name === 'slow-log' || name === 'engine-log') && !seenLogTypes.has(name),
        'slow-log or engine-log, each once (one log group per type)');
      seenLogTypes.add(name);
      checkVocabulary(l, 'destinationType', ['cloudwatch-logs'], '(the block creates the log group it delivers to)');
      checkVocabulary(l, 'logFormat', ['json', 'text']);
    });
    r.each('application.alarms', (a) => {
      a.integer('evaluationPeriods', 1, 100);
      checkAlarmWindow(a, ['periodSeconds'], 'evaluationPeriods');
    });
  },
};

/**
 * The engine's version and its parameter group family, and the transit encryption mode, as options
 * are held to (a wider random run rendered TransitEncryptionMode "x": aws-cdk-lib's validation
 * warned, Terraform wrote it as given).
 */
function checkCacheEngine(r: PlanValueRules): void {
  const engine = r.at('application.engine');
  const version = r.at('application.engineVersion');
  if (typeof engine === 'string' && (Object.values(CacheEngine) as string[]).includes(engine)) {
    const family = typeof version === 'string' ? cacheParameterGroupFamily(engine as CacheEngine, version) : undefined;
    if (r.rules.check(r.prop('application.engineVersion'), version, family !== undefined, `${CACHE_ENGINE_VERSION_ALLOWED[engine as CacheEngine]} (engine ${engine})`)) {
      r.rules.check(r.prop('application.parameterGroup.family'), r.at('application.parameterGroup.family'), r.at('application.parameterGroup.family') === family,
        `${family}, the parameter group family of engineVersion ${String(version)}`);
    }
  }
  const mode = r.at('application.transitEncryptionMode');
  if (mode === undefined) return;
  const modal = r.at('application.transitEncryption') === true && engine !== CacheEngine.MEMCACHED;
  r.rules.check(r.prop('application.transitEncryptionMode'), mode, modal && (mode === 'required' || mode === 'preferred'),
    modal ? 'required or preferred (preferred also takes clients without TLS, while they move to it)'
      : 'unset without transit encryption, or with Memcached (a mode is for Valkey and Redis OSS with TLS)');
}

/**
 * What each auth mode renders: a password secret for AUTH_TOKEN and RBAC; the user, the disabled
 * default user and their group for RBAC and IAM. IAM has no secret at all (nothing the backends
 * would put in a template or the Terraform state), an `iam` user whose id is its name, TLS, and an
 * engine that has IAM authentication.
 */
function checkCacheAuth(r: PlanValueRules): void {
  const mode = r.at('application.auth.mode');
  if (mode === CacheAuthMode.RBAC || mode === CacheAuthMode.AUTH_TOKEN) r.text('application.auth.secretName', `with auth mode ${mode}`);
  if (mode !== CacheAuthMode.RBAC && mode !== CacheAuthMode.IAM) return;
  for (const f of ['userId', 'userName', 'accessString', 'defaultUserId', 'userGroupId', 'defaultUserName', 'defaultUserAccessString']) {
    r.text(`application.auth.${f}`, `with auth mode ${mode}`);
  }
  const type = r.at('application.auth.userAuthenticationType');
  const expected = mode === CacheAuthMode.IAM ? 'iam' : 'password';
  r.rules.check(r.prop('application.auth.userAuthenticationType'), type, type === expected, `"${expected}" with auth mode ${mode}`);
  if (mode !== CacheAuthMode.IAM) return;
  const userId = r.at('application.auth.userId');
  r.rules.check(r.prop('application.auth.userId'), userId, userId === r.at('application.auth.userName'),
    'the user name (application.auth.userName): ElastiCache wants an IAM-enabled user\'s id and name to be the same');
  for (const f of ['secretName', 'passwordLength', 'excludeCharacters', 'passwordIncludesSpace', 'tokenUpdateStrategy', 'secretRemovalPolicy']) {
    r.rules.check(r.prop(`application.auth.${f}`), r.at(`application.auth.${f}`), r.at(`application.auth.${f}`) === undefined,
      'unset with auth mode IAM, which has no password');
  }
  r.rules.check(r.prop('application.auth.defaultUserPasswordProtected'), r.at('application.auth.defaultUserPasswordProtected'),
    r.at('application.auth.defaultUserPasswordProtected') === false, 'false with auth mode IAM (there is no password to protect it with; it stays off)');
  r.rules.check(r.prop('application.transitEncryption'), r.at('application.transitEncryption'), r.at('application.transitEncryption') === true,
    'true with auth mode IAM (ElastiCache requires TLS for IAM authentication)');
  const engine = r.at('application.engine');
  const version = r.at('application.engineVersion');
  if (typeof engine === 'string' && typeof version === 'string') {
    r.rules.check(r.prop('application.engineVersion'), version, cacheEngineHasIamAuth(engine as CacheEngine, version),
      `a Valkey 7.2 or later or a Redis OSS ${catalog.QUOTAS.elastiCache.iamAuthMinRedisMajorVersion.value}.0 or later version with auth mode IAM (the engine is ${engine})`);
  }
}
