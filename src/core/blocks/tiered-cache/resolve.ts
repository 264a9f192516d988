import {
  ApplicationCacheOptions, CacheAuthMode, CacheEngine, CacheEnvironmentValue, CacheLogType, EvictionPolicy, TieredCacheOptions,
} from './options';
import { maxCacheShards, placeCacheShards, usableNodeMemoryGiB } from './placement';
import {
  ApplicationCachePlan, CacheAlarmPlan, CacheAuthPlan, CacheClientContractPlan, CacheNodePlan, CacheShardPlacementPlan, InvalidationRulePlan,
  QueryCachePlan, TieredCachePlan,
} from './plan';
import { shardsNeeded } from './shard-count';
import { Assumptions } from '../../assumptions';
import * as catalog from '../../catalog';
import { checkPlanInputs, PLAN_FORMAT_VERSION } from '../../inputs';
import { SizingPolicy } from '../../sizing/capacity';
import { fmt, objectOrEmpty, Rules } from '../../validation';
import {
  AlarmComparison, ARN_PATTERN, azCountOf, BlockKind, checkName, enumValues, MAX_AZS, MIN_AZS, PlanContext, RemovalPolicy, resolveSizingPolicy,
} from '../common';
import { cdnTtlsOrDefaults, checkPathPatterns, checkTtls, DEFAULT_STATIC_PATH_PATTERNS } from '../shared/cdn';
import { resolveFoundation } from '../shared/foundation';

// TieredCache: planTieredCache resolves the options into the plan; the named resolvers it uses; the run-time client helpers the plan drives.

const ENGINE_NAME: Record<CacheEngine, string> = {
  [CacheEngine.VALKEY]: 'valkey',
  [CacheEngine.REDIS]: 'redis',
  [CacheEngine.MEMCACHED]: 'memcached',
};

const DEFAULT_ENGINE_VERSION: Record<CacheEngine, string> = {
  [CacheEngine.VALKEY]: '8.1',
  [CacheEngine.REDIS]: '7.1',
  [CacheEngine.MEMCACHED]: '1.6.22',
};

/** The parameter group family of an engine version, or undefined when the version is not supported. */
export function cacheParameterGroupFamily(engine: CacheEngine, version: string): string | undefined {
  if (typeof version !== 'string') return undefined;
  if (engine === CacheEngine.MEMCACHED) {
    const m = /^1\.6\.(\d{1,3})$/.exec(version);
    return m ? 'memcached1.6' : undefined;
  }
  const m = /^(\d{1,2})\.(\d{1,2})$/.exec(version);
  if (!m) return undefined;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (engine === CacheEngine.VALKEY) {
    return major > 7 || (major === 7 && minor >= 2) ? `valkey${major}` : undefined;
  }
  if (major === 6) return minor >= 2 ? 'redis6.x' : undefined;
  return major >= 7 ? `redis${major}` : undefined;
}

/** What each engine takes as a version, in words. */
export const CACHE_ENGINE_VERSION_ALLOWED: Record<CacheEngine, string> = {
  [CacheEngine.VALKEY]: 'a Valkey version 7.2 or later, as major.minor (e.g. 8.1)',
  [CacheEngine.REDIS]: 'a Redis OSS version 6.2 or later, as major.minor (e.g. 7.1)',
  [CacheEngine.MEMCACHED]: 'a Memcached 1.6 version, as 1.6.patch (e.g. 1.6.22)',
};

function memcachedPatch(version: string): number {
  const m = /^1\.6\.(\d{1,3})$/.exec(version);
  return m ? Number(m[1]) : -1;
}

const EVICTION_PARAMETER: Record<EvictionPolicy, string> = {
  [EvictionPolicy.ALLKEYS_LRU]: 'allkeys-lru',
  [EvictionPolicy.ALLKEYS_LFU]: 'allkeys-lfu',
  [EvictionPolicy.ALLKEYS_RANDOM]: 'allkeys-random',
  [EvictionPolicy.VOLATILE_LRU]: 'volatile-lru',
  [EvictionPolicy.VOLATILE_LFU]: 'volatile-lfu',
  [EvictionPolicy.VOLATILE_RANDOM]: 'volatile-random',
  [EvictionPolicy.VOLATILE_TTL]: 'volatile-ttl',
  [EvictionPolicy.NOEVICTION]: 'noeviction',
};

/** `hh:mm-hh:mm`. */
const DAILY_WINDOW = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/** `ddd:hh:mm-ddd:hh:mm`. */
const WEEKLY_WINDOW = /^(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)-(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)$/;

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const WEEK = 7 * 1440;

/** Minute ranges [start, end) of a window on the weekly circle, wrapped ranges split in two. */
function weeklyRanges(start: number, length: number): Array<[number, number]> {
  const s = ((start % WEEK) + WEEK) % WEEK;
  return s + length <= WEEK ? [[s, s + length]] : [[s, WEEK], [0, s + length - WEEK]];
}

function parseDaily(w: string): { start: number; length: number } | undefined {
  const m = DAILY_WINDOW.exec(w);
  if (!m) return undefined;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  return { start, length: ((end - start + 1440) % 1440) || 1440 };
}

function parseWeekly(w: string): { start: number; length: number } | undefined {
  const m = WEEKLY_WINDOW.exec(w);
  if (!m) return undefined;
  const start = DAYS.indexOf(m[1]) * 1440 + Number(m[2]) * 60 + Number(m[3]);
  const end = DAYS.indexOf(m[4]) * 1440 + Number(m[5]) * 60 + Number(m[6]);
  return { start, length: ((end - start + WEEK) % WEEK) || WEEK };
}

function overlaps(a: Array<[number, number]>, b: Array<[number, number]>): boolean {
  return a.some(([s1, e1]) => b.some(([s2, e2]) => s1 < e2 && s2 < e1));
}

function reservedDefaultFor(node: catalog.CacheNodeSpec | undefined): { value: number; reason: string } {
  const q = catalog.QUOTAS.elastiCache;
  if (node && node.size === 'micro') {
    return { value: q.reservedMemoryPercentMicroOrTiering.value, reason: 'AWS advises 50 % on micro nodes (catalog)' };
  }
  if (node && node.burstable) {
    return { value: q.reservedMemoryPercentSmallNodes.value, reason: 'AWS advises up to 30 % on small nodes (catalog)' };
  }
  return { value: q.reservedMemoryPercentDefault.value, reason: 'reserved-memory-percent of the default parameter group (catalog)' };
}

const DEFAULT_NODE_TYPE = 'cache.r7g.large';

const DEFAULT_ACCESS_STRING = 'on ~* &* +@all -@dangerous';

/** Generated password length, within the catalog's 16..128 characters of an AUTH token or RBAC password. */
const PASSWORD_LENGTH = 32;

/** Days the slow-log and engine-log groups keep events. */
const LOG_RETENTION_DAYS = 30;

const WRITE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

const NAMESPACE = /^[A-Za-z0-9][A-Za-z0-9:_.-]{0,63}$/;

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]{0,63})\}/g;

/** Key template: literal characters without braces, spaces or glob characters, and `{placeholders}`. */
const KEY_TEMPLATE = /^(?:[A-Za-z0-9:_.\-/|#=+@]|\{[A-Za-z_][A-Za-z0-9_]{0,63}\})+$/;

const USER_NAME = /^[a-zA-Z](?:[a-zA-Z0-9]|-(?!-)){0,38}[a-zA-Z0-9]$/;

const MAX_INVALIDATION_RULES = 100;

const MAX_KEYS_PER_RULE = 20;

/**
 * Characters a generated AUTH token or RBAC password must not contain (Secrets Manager
 * `ExcludeCharacters`): every printable ASCII character that is neither a letter, a digit nor one
 * of the catalog's allowed specials (`! & # $ ^ < > -`). Excluding fewer lets Secrets Manager
 * generate a token ElastiCache rejects at deploy time.
 */
export function cachePasswordExcludedCharacters(): string {
  const allowed = catalog.CHARACTER_RULES.elastiCacheAuthTokenSpecials.value;
  let out = '';
  for (let c = 0x20; c <= 0x7e; c++) {
    const ch = String.fromCharCode(c);
    if (!/[A-Za-z0-9]/.test(ch) && !allowed.includes(ch)) out += ch;
  }
  return out;
}

/** Placeholders of a key template, in order of appearance, without duplicates. */
function placeholdersOf(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (!out.includes(m[1])) out.push(m[1]);
  }
  return out;
}

/**
 * The auth secret's name: from the block's name, which is unique in the account and Region
 * wherever the replication group can deploy at all (its id is the name), so two systems (each
 * names its blocks `<system>-<block>`) never share a secret.
 */
function secretNameFor(name: string): string {
  return `scaleblocks/${name}/cache-auth`;
}

/**
 * Validates options and resolves every default of a TieredCache.
 *
 * @throws ValidationError listing every invalid prop
 */
export function planTieredCache(options: TieredCacheOptions = {}, context: PlanContext = {}): TieredCachePlan {
  checkPlanInputs(options, context, 'cache', 'TieredCacheOptions');
  const o = objectOrEmpty<TieredCacheOptions>(options);
  const name = o.name ?? 'cache';
  /** The name for derived strings, safe even when `name` is garbage (the rule below reports it). */
  const nameStr = typeof name === 'string' ? name : 'cache';
  const path = context.path ?? nameStr;
  const rules = new Rules(path);
  const assumed = new Assumptions(context.specPrefix ?? nameStr);
  if (checkName(rules, name)) {
    rules.check('name', name, !name.includes('--') && !name.endsWith('-'),
      'an ElastiCache id: no two hyphens in a row and no hyphen at the end');
  }
  const sizing = resolveSizingPolicy(rules, assumed, o.sizing);

  const cdn = resolveCdnTier(rules, o.cdn);
  const load = resolveCacheLoad(rules, assumed, o.load);
  const a = rules.object('application', o.application);
  const app = resolveApplicationTier(rules, assumed, a, context);
  const authOptions = resolveCacheAuthOptions(rules, a.auth, app, nameStr);
  const upkeep = resolveCacheUpkeep(rules, assumed, a, app);
  const queryOptions = resolveQueryTier(rules, o.query, nameStr);
  const operationsPerSecondPerNode = resolveShardOptions(rules, assumed, a, app, load.l);

  const foundation = resolveFoundation(rules, o, app.azCount);
  rules.throwIfInvalid();
  // From here every option is valid.
  const shards = resolveShardCount(assumed, a.shards, { app, load, upkeep, sizing, operationsPerSecondPerNode });
  const application = applicationCachePlan(name, path, { a, app, authOptions, upkeep, load, shards });
  const { namespace, queryTtlSeconds, invalidateOn } = queryOptions;
  const { minTtlSeconds, defaultTtlSeconds, maxTtlSeconds, pathPatterns } = cdn;
  const {
    l, workingSetGiB, readsPerSecond, writesPerSecond, cdnHitRatio, applicationHitRatio, queryHitRatio, queryReadFraction,
    memoryOverhead, maxMemoryFill,
  } = load;
  const query: QueryCachePlan = { namespace, keyPrefix: `${namespace}:`, ttlSeconds: queryTtlSeconds, invalidateOn };
  const effectiveHitRatio = queryReadFraction * queryHitRatio + (1 - queryReadFraction) * applicationHitRatio;
  return {
    kind: BlockKind.TIERED_CACHE,
    planVersion: PLAN_FORMAT_VERSION,
    ...foundation,
    name,
    path,
    sizing,
    assumed: assumed.list,
    cdn: { minTtlSeconds, defaultTtlSeconds, maxTtlSeconds, pathPatterns, hitRatio: cdnHitRatio },
    application,
    query,
    contract: clientContract(application, query),
    load: {
      workingSetGiB,
      readsPerSecond,
      writesPerSecond,
      operationsPerSecond: readsPerSecond + writesPerSecond,
      cdnHitRatio,
      applicationHitRatio,
      queryHitRatio,
      queryReadFraction,
      effectiveHitRatio,
      memoryOverhead,
      maxMemoryFill,
      operationsPerSecondPerNode,
      operationsPerSecondPerNodeMeasured: l.operationsPerSecondPerNode !== undefined,
      averageItemBytes: l.averageItemBytes,
    },
  };
}

/** The CDN tier: the TTLs and the cacheable path patterns a GlobalCdn renders. */
function resolveCdnTier(rules: Rules, given: TieredCacheOptions['cdn']) {
  const cdnO = rules.object('cdn', given);
  const cf = catalog.QUOTAS.cloudFront;
  const { minTtlSeconds, defaultTtlSeconds, maxTtlSeconds } = cdnTtlsOrDefaults(cdnO);
  checkTtls(rules, 'cdn', minTtlSeconds, defaultTtlSeconds, maxTtlSeconds);
  const pathPatterns = checkPathPatterns(rules, 'cdn.pathPatterns', cdnO.pathPatterns, cf.cacheBehaviorsPerDistribution.value)
    ?? [...DEFAULT_STATIC_PATH_PATTERNS];
  return { minTtlSeconds, defaultTtlSeconds, maxTtlSeconds, pathPatterns };
}

/** The declared load (the default shard count needs it), with the assumptions that fill what is not declared. */
function resolveCacheLoad(rules: Rules, assumed: Assumptions, given: TieredCacheOptions['load']) {
  const l = rules.object('load', given);
  rules.number('load.workingSetGiB', l.workingSetGiB, 0, 1e6, 'GiB');
  rules.number('load.readsPerSecond', l.readsPerSecond, 0, 1e10, 'reads/s');
  rules.number('load.writesPerSecond', l.writesPerSecond, 0, 1e10, 'writes/s');
  rules.fraction('load.cdnHitRatio', l.cdnHitRatio);
  rules.fraction('load.applicationHitRatio', l.applicationHitRatio);
  rules.fraction('load.queryHitRatio', l.queryHitRatio);
  rules.fraction('load.queryReadFraction', l.queryReadFraction);
  rules.number('load.memoryOverhead', l.memoryOverhead, 0, 10, '(fraction of the raw size)');
  rules.fraction('load.maxMemoryFill', l.maxMemoryFill, false, true);
  rules.number('load.operationsPerSecondPerNode', l.operationsPerSecondPerNode, 1, 1e8, 'operations/s');
  rules.positive('load.averageItemBytes', l.averageItemBytes, 536_870_912, 'bytes');
  const workingSetGiB = assumed.take('load.workingSetGiB', l.workingSetGiB, 0, 'no working set declared: nothing to size memory against',
    (v) => `${fmt(v)} GiB`);
  const readsPerSecond = assumed.take('load.readsPerSecond', l.readsPerSecond, 0, 'no cache reads declared: nothing to size operations against');
  const A = catalog.ASSUMED;
  const writesPerSecond = assumed.take('load.writesPerSecond', l.writesPerSecond, typeof readsPerSecond === 'number' ? readsPerSecond / A.cacheReadsPerWrite.value : 0,
    'a read-heavy cache: one write (set or invalidation) per ten reads', (v) => `${fmt(v)} writes/s`);
  const cdnHitRatio = assumed.take('load.cdnHitRatio', l.cdnHitRatio, A.cdnHitRatio.value,
    'conservative share of client requests answered at the edge when API paths are not cached: measure CloudFront CacheHitRate');
  const applicationHitRatio = assumed.take('load.applicationHitRatio', l.applicationHitRatio, A.applicationCacheHitRatio.value,
    'a well-sized cache-aside object cache: measure ElastiCache CacheHitRate');
  const queryHitRatio = assumed.take('load.queryHitRatio', l.queryHitRatio, A.queryCacheHitRatio.value,
    'query results are invalidated on writes, so they hit less often than objects');
  const queryReadFraction = assumed.take('load.queryReadFraction', l.queryReadFraction, A.queryReadFraction.value, 'half the cache reads are query results');
  const overheadA = catalog.ASSUMED.cacheMemoryOverhead;
  const memoryOverhead = assumed.take('load.memoryOverhead', l.memoryOverhead, overheadA.value, overheadA.reasoning);
  const fillA = catalog.ASSUMED.cacheMemoryFillMax;
  const maxMemoryFill = assumed.take('load.maxMemoryFill', l.maxMemoryFill, fillA.value, fillA.reasoning);
  return {
    l,
    workingSetGiB,
    readsPerSecond,
    writesPerSecond,
    cdnHitRatio,
    applicationHitRatio,
    queryHitRatio,
    queryReadFraction,
    memoryOverhead,
    maxMemoryFill,
  };
}

/** The application tier: engine, node type, shards and replicas over AZs, failover and encryption. */
function resolveApplicationTier(rules: Rules, assumed: Assumptions, a: ApplicationCacheOptions, context: PlanContext) {
  const q = catalog.QUOTAS.elastiCache;
  const engine = a.engine ?? CacheEngine.VALKEY;
  const engineOk = rules.oneOf('application.engine', engine, enumValues(CacheEngine));
  const memcached = engine === CacheEngine.MEMCACHED;
  const engineVersion = a.engineVersion ?? DEFAULT_ENGINE_VERSION[engineOk ? engine : CacheEngine.VALKEY];
  const family = engineOk ? cacheParameterGroupFamily(engine, engineVersion) : undefined;
  if (engineOk) rules.check('application.engineVersion', engineVersion, family !== undefined, CACHE_ENGINE_VERSION_ALLOWED[engine]);

  const nodeType = assumed.take('application.nodeType', a.nodeType, DEFAULT_NODE_TYPE,
    'memory-optimized Graviton3 node: the most GiB per dollar for a cache');
  const node = typeof nodeType === 'string' ? catalog.cacheNode(nodeType) : undefined;
  rules.check('application.nodeType', nodeType, node !== undefined, `an ElastiCache node type in the catalog: ${catalog.knownCacheNodes().join(', ')}`);

  const azCount = azCountOf(assumed, 'application.azCount', a.azCount, context);
  rules.integer('application.azCount', azCount, MIN_AZS, MAX_AZS);

  const clusterMode = rules.booleanOr('application.clusterMode', a.clusterMode, !memcached);
  if (memcached) rules.check('application.clusterMode', a.clusterMode, a.clusterMode === undefined || a.clusterMode === false, 'unset with MEMCACHED (Memcached has no cluster mode; clients hash keys over the nodes)');

  const replicasPerShard = memcached ? (a.replicasPerShard ?? 0) : assumed.take('application.replicasPerShard', a.replicasPerShard, 1,
    'one replica per shard: failover and no data loss when an AZ is lost');
  if (memcached) {
    rules.check('application.replicasPerShard', a.replicasPerShard, a.replicasPerShard === undefined || a.replicasPerShard === 0, '0 or unset with MEMCACHED (Memcached has no replicas)');
  } else {
    rules.integer('application.replicasPerShard', replicasPerShard, q.replicasPerShardMin.value, q.replicasPerShardMax.value, 'replicas');
  }
  const replicasOk = Number.isInteger(replicasPerShard) && replicasPerShard >= 0 && replicasPerShard <= q.replicasPerShardMax.value;

  const nodesPerClusterQuota = a.nodesPerClusterQuota ?? q.nodesPerClusterDefault.value;
  rules.integer('application.nodesPerClusterQuota', nodesPerClusterQuota, 1, q.nodesPerClusterMax.value, 'nodes');
  if (memcached) rules.check('application.nodesPerClusterQuota', a.nodesPerClusterQuota, a.nodesPerClusterQuota === undefined, 'unset with MEMCACHED (its limit is the node count per cluster)');

  const multiAzDefault = !memcached && replicasOk && replicasPerShard >= 1;
  const multiAz = rules.booleanOr('application.multiAz', a.multiAz, multiAzDefault);
  if (memcached) {
    rules.check('application.multiAz', a.multiAz, a.multiAz !== true, 'false or unset with MEMCACHED (no replicas, no failover; nodes are spread over AZs)');
  } else if (replicasOk) {
    rules.check('application.multiAz', a.multiAz, !(a.multiAz === true && replicasPerShard === 0),
      'false or unset with application.replicasPerShard 0 (Multi-AZ failover promotes a replica: give at least one)');
  }

  const readFromReplica = rules.booleanOr('application.readFromReplica', a.readFromReplica, false);
  if (readFromReplica) {
    rules.check('application.readFromReplica', a.readFromReplica, !memcached && replicasOk && replicasPerShard >= 1,
      'false or unset without replicas (there is no replica to read from)');
  }

  const transitEncryption = rules.booleanOr('application.transitEncryption', a.transitEncryption, true);
  if (memcached && transitEncryption && family) {
    rules.check('application.engineVersion', engineVersion, memcachedPatch(engineVersion) >= 12,
      'Memcached 1.6.12 or later with transitEncryption (earlier versions have no TLS)');
  }
  const atRestEncryption = rules.booleanOr('application.atRestEncryption', a.atRestEncryption, !memcached);
  if (memcached) rules.check('application.atRestEncryption', a.atRestEncryption, a.atRestEncryption !== true, 'false or unset with MEMCACHED (node-based Memcached has no encryption at rest)');
  rules.matches('application.kmsKeyArn', a.kmsKeyArn, ARN_PATTERN, 'a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)');
  if (a.kmsKeyArn !== undefined) {
    rules.check('application.kmsKeyArn', a.kmsKeyArn, atRestEncryption && !memcached, 'unset unless encryption at rest is on (Valkey, Redis OSS)');
  }
  return {
    q,
    engine,
    memcached,
    engineVersion,
    family,
    nodeType,
    node,
    azCount,
    clusterMode,
    replicasPerShard,
    replicasOk,
    nodesPerClusterQuota,
    multiAz,
    readFromReplica,
    transitEncryption,
    atRestEncryption,
  };
}

type ApplicationTier = ReturnType<typeof resolveApplicationTier>;

/**
 * Whether an engine version has ElastiCache IAM authentication: every Valkey version this block
 * takes (7.2 or later), Redis OSS from the catalog's major version (7.0), never Memcached.
 */
export function cacheEngineHasIamAuth(engine: CacheEngine, version: string): boolean {
  if (engine === CacheEngine.VALKEY) return cacheParameterGroupFamily(engine, version) !== undefined;
  if (engine !== CacheEngine.REDIS || cacheParameterGroupFamily(engine, version) === undefined) return false;
  return Number(version.split('.')[0]) >= catalog.QUOTAS.elastiCache.iamAuthMinRedisMajorVersion.value;
}

/** The application tier's auth: IAM (the default where the engine has it), RBAC with a password, an AUTH token, or none (Memcached). */
function resolveCacheAuthOptions(rules: Rules, given: ApplicationCacheOptions['auth'], app: ApplicationTier, nameStr: string) {
  const { memcached, transitEncryption, engine, engineVersion } = app;
  const authO = rules.object('application.auth', given);
  const iamCapable = cacheEngineHasIamAuth(engine, engineVersion);
  const authMode = authO.mode ?? (memcached ? CacheAuthMode.NONE : iamCapable ? CacheAuthMode.IAM : CacheAuthMode.RBAC);
  const authOk = rules.oneOf('application.auth.mode', authMode, enumValues(CacheAuthMode));
  if (memcached) rules.check('application.auth.mode', authO.mode, authMode === CacheAuthMode.NONE, 'NONE or unset with MEMCACHED (node-based Memcached has no AUTH, RBAC or IAM)');
  if (authOk && authMode !== CacheAuthMode.NONE) {
    rules.check('application.transitEncryption', transitEncryption, transitEncryption, `true with auth mode ${authMode} (ElastiCache requires TLS for IAM, AUTH and RBAC)`);
  }
  if (authMode === CacheAuthMode.IAM && !memcached && app.family !== undefined) {
    rules.check('application.auth.mode', authMode, iamCapable,
      `RBAC, AUTH_TOKEN or NONE with ${engine} ${engineVersion}: IAM authentication needs Valkey 7.2 or later or Redis OSS `
      + `${catalog.QUOTAS.elastiCache.iamAuthMinRedisMajorVersion.value}.0 or later`);
  }
  const withUser = authMode === CacheAuthMode.RBAC || authMode === CacheAuthMode.IAM;
  const userName = authO.userName ?? `${nameStr}-app`;
  if (authO.userName !== undefined) {
    rules.check('application.auth.userName', userName, typeof userName === 'string' && USER_NAME.test(userName) && userName !== 'default',
      'an ElastiCache user name: 2 to 40 letters, digits and single hyphens, starting with a letter, not ending with a hyphen, not "default"');
    if (!withUser) rules.check('application.auth.userName', authO.userName, false, 'unset unless auth mode is IAM or RBAC');
  }
  const accessString = authO.accessString ?? DEFAULT_ACCESS_STRING;
  if (authO.accessString !== undefined) {
    rules.check('application.auth.accessString', accessString, typeof accessString === 'string' && /^(on|off)( \S+)*$/.test(accessString) && accessString.length <= 2048,
      'an ElastiCache access string such as "on ~app:* +@read +@write" (on/off, then key, channel and command rules)');
    if (!withUser) rules.check('application.auth.accessString', authO.accessString, false, 'unset unless auth mode is IAM or RBAC');
  }
  return { authMode, withUser, userName, accessString };
}

/** Snapshots, the maintenance window, the engine parameters, the port and what removal keeps. */
function resolveCacheUpkeep(rules: Rules, assumed: Assumptions, a: ApplicationCacheOptions, app: ApplicationTier) {
  const { memcached, node } = app;
  const snapshotRetentionDays = a.snapshotRetentionDays ?? (memcached ? 0 : 7);
  if (memcached) {
    rules.check('application.snapshotRetentionDays', a.snapshotRetentionDays, a.snapshotRetentionDays === undefined || a.snapshotRetentionDays === 0, '0 or unset with MEMCACHED (Memcached has no snapshots)');
  } else {
    rules.integer('application.snapshotRetentionDays', snapshotRetentionDays, 0, catalog.QUOTAS.elastiCache.snapshotRetentionMaxDays.value, 'days');
  }
  const snapshotWindow = a.snapshotWindow ?? '03:00-04:00';
  const maintenanceWindow = a.maintenanceWindow ?? 'sun:05:00-sun:06:00';
  const daily = typeof snapshotWindow === 'string' ? parseDaily(snapshotWindow) : undefined;
  const weekly = typeof maintenanceWindow === 'string' ? parseWeekly(maintenanceWindow) : undefined;
  if (a.snapshotWindow !== undefined) {
    rules.check('application.snapshotWindow', snapshotWindow, daily !== undefined && daily.length >= 60, 'a daily UTC window hh:mm-hh:mm of at least 60 minutes, such as 03:00-04:00');
    if (memcached) rules.check('application.snapshotWindow', snapshotWindow, false, 'unset with MEMCACHED (Memcached has no snapshots)');
  }
  rules.check('application.maintenanceWindow', maintenanceWindow, weekly !== undefined && weekly.length >= 60 && weekly.length <= 1440,
    'a weekly UTC window ddd:hh:mm-ddd:hh:mm of 60 minutes to 24 hours, such as sun:05:00-sun:06:00');
  if (daily && weekly && !memcached && snapshotRetentionDays > 0) {
    const snapshotRanges = DAYS.flatMap((_, d) => weeklyRanges(d * 1440 + daily.start, daily.length));
    rules.check('application.maintenanceWindow', maintenanceWindow, !overlaps(snapshotRanges, weeklyRanges(weekly.start, weekly.length)),
      `a window that does not overlap the snapshot window ${snapshotWindow}`);
  }
  const evictionPolicy = memcached ? undefined : (a.evictionPolicy ?? EvictionPolicy.ALLKEYS_LRU);
  if (memcached) {
    rules.check('application.evictionPolicy', a.evictionPolicy, a.evictionPolicy === undefined, 'unset with MEMCACHED (Memcached always evicts least recently used)');
  } else {
    rules.oneOf('application.evictionPolicy', evictionPolicy, enumValues(EvictionPolicy));
  }
  const reservedDefault = reservedDefaultFor(node);
  const reservedMemoryPercent = assumed.take('application.reservedMemoryPercent', a.reservedMemoryPercent, reservedDefault.value,
    memcached ? 'Memcached has no reserved-memory-percent: the same share is kept for connections and slab fragmentation' : reservedDefault.reason,
    (v) => `${fmt(v)} %`);
  rules.integer('application.reservedMemoryPercent', reservedMemoryPercent, 0, 100, '%');
  const port = a.port ?? (memcached ? 11211 : 6379);
  rules.integer('application.port', port, 1, 65535);
  const removalPolicy = a.removalPolicy ?? (memcached ? RemovalPolicy.RETAIN : RemovalPolicy.SNAPSHOT);
  rules.oneOf('application.removalPolicy', removalPolicy, enumValues(RemovalPolicy));
  if (memcached) rules.check('application.removalPolicy', removalPolicy, removalPolicy !== RemovalPolicy.SNAPSHOT, 'RETAIN or DESTROY with MEMCACHED (Memcached cannot snapshot)');
  return { snapshotRetentionDays, snapshotWindow, maintenanceWindow, evictionPolicy, reservedMemoryPercent, port, removalPolicy };
}

/** The query tier: key namespace, TTL and the invalidation rules the write path follows. */
function resolveQueryTier(rules: Rules, given: TieredCacheOptions['query'], nameStr: string) {
  const qo = rules.object('query', given);
  const namespace = qo.namespace ?? `${nameStr}:q:v1`;
  rules.check('query.namespace', namespace, typeof namespace === 'string' && NAMESPACE.test(namespace),
    'a key namespace of 1 to 64 letters, digits and :_.- starting with a letter or digit, such as feed:q:v1');
  const queryTtlSeconds = qo.ttlSeconds ?? 300;
  rules.integer('query.ttlSeconds', queryTtlSeconds, 1, catalog.QUOTAS.elastiCache.memcachedRelativeTtlMaxSeconds.value, 's');
  const invalidateOn = resolveInvalidation(rules, qo.invalidateOn, typeof namespace === 'string' ? `${namespace}:` : '');
  return { namespace, queryTtlSeconds, invalidateOn };
}

/** The operations a node carries, and the checks of a given shard count. */
function resolveShardOptions(rules: Rules, assumed: Assumptions, a: ApplicationCacheOptions, app: ApplicationTier,
  l: ReturnType<typeof resolveCacheLoad>['l']): number {
  const { q, node, memcached, clusterMode, replicasOk, replicasPerShard } = app;
  const opsA = node ? catalog.cacheOpsPerSecond(node) : undefined;
  const operationsPerSecondPerNode = assumed.take('load.operationsPerSecondPerNode', l.operationsPerSecondPerNode, opsA?.value ?? 1,
    opsA ? `${opsA.reasoning}${memcached ? ' Memcached is multi-threaded: the figure is conservative for it.' : ''}` : 'unknown node type',
    (v) => `${fmt(v)} operations/s per node`);

  const shardsMax = memcached ? q.memcachedNodesMax.value : q.nodesPerClusterMax.value;
  rules.integer('application.shards', a.shards, 1, shardsMax, memcached ? 'nodes' : 'shards');
  if (!memcached && !clusterMode && a.shards !== undefined) {
    rules.check('application.shards', a.shards, a.shards === 1, '1 with clusterMode false (cluster mode off holds one shard)');
  }
  if (!memcached && clusterMode && Number.isInteger(a.shards) && replicasOk) {
    rules.check('application.shards', a.shards, (a.shards as number) * (1 + replicasPerShard) <= q.nodesPerClusterMax.value,
      `at most ${fmt(Math.floor(q.nodesPerClusterMax.value / (1 + replicasPerShard)))} shards with ${replicasPerShard} replicas each (an ElastiCache cluster holds at most ${fmt(q.nodesPerClusterMax.value)} nodes)`);
  }
  return operationsPerSecondPerNode;
}

interface ShardCountInput {
  readonly app: ApplicationTier;
  readonly load: ReturnType<typeof resolveCacheLoad>;
  readonly upkeep: ReturnType<typeof resolveCacheUpkeep>;
  readonly sizing: SizingPolicy;
  readonly operationsPerSecondPerNode: number;
}

/** The shard count: as given, or the fewest shards (Memcached: nodes) that carry the declared memory and operations. */
function resolveShardCount(assumed: Assumptions, given: number | undefined, i: ShardCountInput): number {
  const { engine, node, clusterMode, replicasPerShard, nodesPerClusterQuota, readFromReplica, azCount, memcached } = i.app;
  const { maxMemoryFill, workingSetGiB, memoryOverhead, readsPerSecond, writesPerSecond } = i.load;
  const { reservedMemoryPercent } = i.upkeep;
  const { sizing, operationsPerSecondPerNode } = i;
  const spec = node as catalog.CacheNodeSpec;
  const usable = usableNodeMemoryGiB(spec, reservedMemoryPercent);
  const maxShards = maxCacheShards(engine, clusterMode, replicasPerShard, nodesPerClusterQuota);
  const memoryPolicy: SizingPolicy = { targetUtilization: maxMemoryFill, maxUtilization: maxMemoryFill, warnMargin: sizing.warnMargin };
  const demandGiB = workingSetGiB * (1 + memoryOverhead);
  const needed = shardsNeeded({
    demandGiB,
    usableGiB: usable,
    memoryPolicy,
    sizing,
    replicasPerShard,
    readFromReplica,
    azCount,
    reads: readsPerSecond,
    writes: writesPerSecond,
    opsPerNode: operationsPerSecondPerNode,
  });
  const minShards = memcached ? azCount : 1;
  const shardsDefault = clusterMode || memcached ? Math.min(maxShards, Math.max(minShards, needed ?? minShards)) : 1;
  const shards = assumed.take('application.shards', given, shardsDefault, memcached
    ? 'the fewest nodes that carry the declared memory and operations, at least one per AZ'
    : 'the fewest shards that carry the declared memory and operations, with one AZ lost');
  return shards;
}

interface ApplicationCacheInput {
  readonly a: ApplicationCacheOptions;
  readonly app: ApplicationTier;
  readonly authOptions: ReturnType<typeof resolveCacheAuthOptions>;
  readonly upkeep: ReturnType<typeof resolveCacheUpkeep>;
  readonly load: ReturnType<typeof resolveCacheLoad>;
  readonly shards: number;
}

/** The application tier's plan, from options that are all valid. */
function applicationCachePlan(name: string, path: string, i: ApplicationCacheInput): ApplicationCachePlan {
  const { a, shards } = i;
  const {
    engine, memcached, engineVersion, family, nodeType, node, azCount, clusterMode, replicasPerShard, nodesPerClusterQuota,
    multiAz, readFromReplica, transitEncryption, atRestEncryption,
  } = i.app;
  const { snapshotRetentionDays, snapshotWindow, maintenanceWindow, evictionPolicy, reservedMemoryPercent, port, removalPolicy } = i.upkeep;
  const { maxMemoryFill } = i.load;
  const spec = node as catalog.CacheNodeSpec;
  const usable = usableNodeMemoryGiB(spec, reservedMemoryPercent);
  const placement = placeCacheShards(shards, replicasPerShard, azCount);
  const clusterId = name;
  const auth = cacheAuthPlan(name, i.authOptions, removalPolicy);
  const parameters: { [k: string]: string } = {};
  if (!memcached) {
    parameters['maxmemory-policy'] = EVICTION_PARAMETER[evictionPolicy as EvictionPolicy];
    parameters['reserved-memory-percent'] = String(reservedMemoryPercent);
    parameters['cluster-enabled'] = clusterMode ? 'yes' : 'no';
  }
  const snapshotsOn = !memcached && snapshotRetentionDays > 0;
  const application: ApplicationCachePlan = {
    engine,
    engineName: ENGINE_NAME[engine],
    engineVersion,
    clusterId,
    description: `scaleblocks ${path}: ${memcached ? 'Memcached' : ENGINE_NAME[engine]} application cache`,
    subnetGroupName: `${clusterId}-subnets`,
    nodeType,
    nodeMemoryGiB: spec.memoryGiB,
    usableMemoryGiBPerNode: usable,
    clusterMode,
    shards,
    replicasPerShard,
    nodeCount: shards * (1 + replicasPerShard),
    azCount,
    placement,
    azMode: memcached ? memcachedAzMode(placement) : undefined,
    preferredAzs: memcached ? placement.map((p) => p.primaryAz)
      : clusterMode ? [] : [placement[0].primaryAz, ...placement[0].replicaAzs],
    nodes: cacheNodes(engine, clusterMode, clusterId, placement),
    endpoint: memcached || clusterMode ? CacheEnvironmentValue.CONFIGURATION_ENDPOINT_ADDRESS : CacheEnvironmentValue.PRIMARY_ENDPOINT_ADDRESS,
    readerEndpoint: !memcached && !clusterMode && replicasPerShard > 0,
    clusterDimensions: { CacheClusterId: clusterId },
    allowAllOutbound: false,
    multiAz,
    // ElastiCache requires automatic failover in cluster mode, and a replica (2+ nodes) with cluster mode off.
    automaticFailover: !memcached && (clusterMode || replicasPerShard >= 1),
    port,
    atRestEncryption,
    kmsKeyArn: a.kmsKeyArn,
    transitEncryption,
    transitEncryptionMode: !memcached && transitEncryption ? 'required' : undefined,
    auth,
    snapshot: {
      retentionDays: memcached ? 0 : snapshotRetentionDays,
      window: snapshotsOn ? snapshotWindow : undefined,
      finalSnapshotName: removalPolicy === RemovalPolicy.SNAPSHOT ? `${clusterId}-final` : undefined,
    },
    maintenanceWindow,
    parameterGroup: { name: `${clusterId}-params`, family: family as string, parameters },
    evictionPolicy,
    reservedMemoryPercent,
    readFromReplica,
    nodesPerClusterQuota,
    removalPolicy,
    autoMinorVersionUpgrade: true,
    logDeliveryConfigurations: memcached ? [] : [CacheLogType.SLOW_LOG, CacheLogType.ENGINE_LOG].map((logType) => ({
      logType,
      logTypeName: logType === CacheLogType.SLOW_LOG ? 'slow-log' : 'engine-log',
      destinationType: 'cloudwatch-logs',
      logFormat: 'json',
      // Named after the block, like its replication group: unique wherever the group can deploy.
      logGroupName: `/scaleblocks/${name}/${logType === CacheLogType.SLOW_LOG ? 'slow-log' : 'engine-log'}`,
      retentionDays: LOG_RETENTION_DAYS,
    })),
    applyImmediately: false,
    alarms: cacheAlarms(memcached, replicasPerShard, maxMemoryFill),
    admitOnlyApiTier: true,
  };
  return application;
}

/**
 * The auth of the application tier's plan: with IAM the user (id = name, authenticated by IAM), the
 * disabled default user and the group, and no secret; with RBAC the secret, the password user, the
 * default user and the group; with an AUTH token the secret.
 */
function cacheAuthPlan(name: string, o: ReturnType<typeof resolveCacheAuthOptions>, removalPolicy: RemovalPolicy): CacheAuthPlan {
  const { authMode, withUser, userName, accessString } = o;
  const q = catalog.QUOTAS.elastiCache;
  if (authMode === CacheAuthMode.NONE) return { mode: authMode };
  const iam = authMode === CacheAuthMode.IAM;
  const users = withUser ? {
    // ElastiCache wants an IAM-enabled user's id and name to be the same.
    userId: iam ? userName : `${name}-app`,
    userName,
    userAuthenticationType: iam ? 'iam' : 'password',
    accessString,
    defaultUserId: `${name}-off`,
    userGroupId: `${name}-users`,
    defaultUserName: 'default',
    defaultUserAccessString: 'off -@all',
    defaultUserPasswordProtected: !iam,
  } : {};
  if (iam) return { mode: authMode, ...users };
  return {
    mode: authMode,
    secretName: secretNameFor(name),
    passwordLength: Math.min(Math.max(PASSWORD_LENGTH, q.authTokenMinLength.value), q.authTokenMaxLength.value),
    excludeCharacters: cachePasswordExcludedCharacters(),
    ...users,
    passwordIncludesSpace: false,
    tokenUpdateStrategy: authMode === CacheAuthMode.AUTH_TOKEN ? 'ROTATE' : undefined,
    secretRemovalPolicy: removalPolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
  };
}

/**
 * The AZ mode of a Memcached cluster: `cross-az` when its nodes are in two AZs or more,
 * `single-az` otherwise (one node, or every node placed in one AZ). ElastiCache rejects
 * `cross-az` for nodes that all share one AZ and `single-az` for nodes in several.
 */
export function memcachedAzMode(placement: CacheShardPlacementPlan[]): string {
  return new Set(placement.map((p) => p.primaryAz)).size > 1 ? 'cross-az' : 'single-az';
}

/**
 * The nodes ElastiCache creates for a placement, named as ElastiCache names them:
 * `<id>-<shard>-<nnn>` in cluster mode, `<id>-<nnn>` with cluster mode off (one shard), and for
 * Memcached the cluster's node `<nodeId>` (id `<clusterId>-<nodeId>`).
 */
export function cacheNodes(engine: CacheEngine, clusterMode: boolean, clusterId: string, placement: CacheShardPlacementPlan[]): CacheNodePlan[] {
  const nnn = (j: number): string => String(j + 1).padStart(3, '0');
  if (engine === CacheEngine.MEMCACHED) {
    return placement.map((p) => ({
      id: `${clusterId}-${p.shardId}`, shardId: p.shardId, az: p.primaryAz, primary: true, dimensions: { CacheClusterId: clusterId, CacheNodeId: p.shardId },
    }));
  }
  return placement.flatMap((p) => [p.primaryAz, ...p.replicaAzs].map((az, j) => {
    const id = clusterMode ? `${clusterId}-${p.shardId}-${nnn(j)}` : `${clusterId}-${nnn(j)}`;
    return { id, shardId: p.shardId, az, primary: j === 0, dimensions: { CacheClusterId: id } };
  }));
}

/** Per-node alarms of the application tier; the memory alarm fires at the sizing check's own fill limit. */
function cacheAlarms(memcached: boolean, replicasPerShard: number, maxMemoryFill: number): CacheAlarmPlan[] {
  const alarm = (id: string, description: string, metricName: string, statistic: string, threshold: number,
    evaluationPeriods: number): CacheAlarmPlan => ({
    id,
    description,
    namespace: 'AWS/ElastiCache',
    metricName,
    statistic,
    periodSeconds: 60,
    evaluationPeriods,
    threshold,
    comparison: AlarmComparison.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingDataAsBreaching: false,
    perNode: true,
  });
  const fillPercent = Math.round(maxMemoryFill * 1000) / 10;
  const alarms: CacheAlarmPlan[] = memcached
    ? [alarm('CpuHigh', 'A node\'s CPU is at or above 90 %: add nodes or use a bigger node type', 'CPUUtilization', 'Average', 90, 5)]
    : [
      alarm('MemoryAboveFillLimit', `A node uses at least ${fmt(fillPercent)} % of its usable memory, the fill limit the sizing check assumed: add shards before evictions start`,
        'DatabaseMemoryUsagePercentage', 'Maximum', fillPercent, 5),
      alarm('EngineCpuHigh', 'The engine thread of a node is at or above 90 % CPU: add shards (or replicas with read-from-replica)',
        'EngineCPUUtilization', 'Average', 90, 5),
    ];
  alarms.push(alarm('Evictions', 'Keys are evicted: the working set no longer fits and the hit ratio falls', 'Evictions', 'Sum', 1, 5));
  if (!memcached && replicasPerShard > 0) {
    alarms.push(alarm('ReplicationLagHigh', 'A replica lags its primary by 5 s or more: reads from it are stale and a failover may lose writes',
      'ReplicationLag', 'Maximum', 5, 5));
  }
  return alarms;
}

function resolveInvalidation(rules: Rules, value: unknown, prefix: string): InvalidationRulePlan[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    rules.check('query.invalidateOn', value, false, 'a list of { write, keys } rules');
    return [];
  }
  rules.check('query.invalidateOn', `${value.length} rules`, value.length <= MAX_INVALIDATION_RULES, `at most ${MAX_INVALIDATION_RULES} rules`);
  const seen = new Set<string>();
  const out: InvalidationRulePlan[] = [];
  value.forEach((r: unknown, i) => {
    const p = `query.invalidateOn[${i}]`;
    if (r === null || typeof r !== 'object' || Array.isArray(r)) {
      rules.check(p, r, false, 'a rule { write, keys }');
      return;
    }
    const { write, keys } = r as { write?: unknown; keys?: unknown };
    const writeOk = rules.check(`${p}.write`, write, typeof write === 'string' && WRITE_NAME.test(write),
      'a write name of 1 to 64 letters, digits and _.- starting with a letter, such as post');
    if (writeOk) {
      rules.check(`${p}.write`, write, !seen.has(write as string), 'a write no other rule names (put all its keys in one rule)');
      seen.add(write as string);
    }
    if (!Array.isArray(keys)) {
      rules.check(`${p}.keys`, keys, false, `a list of 1 to ${MAX_KEYS_PER_RULE} key templates such as feed:{userId}`);
      return;
    }
    rules.check(`${p}.keys`, keys, keys.length >= 1 && keys.length <= MAX_KEYS_PER_RULE && new Set(keys).size === keys.length,
      `a list of 1 to ${MAX_KEYS_PER_RULE} distinct key templates`);
    let keysOk = true;
    keys.forEach((k: unknown, j) => {
      keysOk = rules.check(`${p}.keys[${j}]`, k, typeof k === 'string' && k.length <= 512 && KEY_TEMPLATE.test(k),
        'an exact key template of letters, digits, :_.-/|#=+@ and {placeholders}, such as feed:{userId} (no spaces, no wildcards: '
        + 'wildcard deletes need SCAN over every shard)') && keysOk;
    });
    if (writeOk && keysOk) {
      const full = (keys as string[]).map((k) => `${prefix}${k}`);
      out.push({ write: write as string, keys: full, placeholders: [...new Set(full.flatMap(placeholdersOf))].sort() });
    }
  });
  return out;
}

function clientContract(app: ApplicationCachePlan, query: QueryCachePlan): CacheClientContractPlan {
  const environment: { [k: string]: string } = {
    CACHE_ENGINE: app.engineName,
    CACHE_PORT: String(app.port),
    CACHE_TLS: String(app.transitEncryption),
    CACHE_CLUSTER_MODE: String(app.clusterMode),
    CACHE_READ_FROM_REPLICA: String(app.readFromReplica),
    CACHE_AUTH_MODE: app.auth.mode,
    QUERY_CACHE_NAMESPACE: query.namespace,
    QUERY_CACHE_KEY_PREFIX: query.keyPrefix,
    QUERY_CACHE_TTL_SECONDS: String(query.ttlSeconds),
    QUERY_CACHE_INVALIDATION: JSON.stringify(Object.fromEntries(query.invalidateOn.map((r) => [r.write, r.keys]))),
  };
  if (app.auth.userName) environment.CACHE_AUTH_USERNAME = app.auth.userName;
  const deployTimeEnvironment: { [k: string]: string } = { CACHE_ENDPOINT: app.endpoint };
  if (app.readerEndpoint) deployTimeEnvironment.CACHE_READER_ENDPOINT = CacheEnvironmentValue.READER_ENDPOINT_ADDRESS;
  const secretEnvironment: { [k: string]: string } = {};
  if (app.auth.mode === CacheAuthMode.IAM) {
    // The client signs its token for this replication group and user (SigV4, service elasticache, the task's Region).
    environment.CACHE_IAM_AUTH_CACHE_NAME = app.clusterId;
  } else if (app.auth.mode !== CacheAuthMode.NONE) {
    deployTimeEnvironment.CACHE_AUTH_SECRET_ARN = CacheEnvironmentValue.AUTH_SECRET_ARN;
    secretEnvironment.CACHE_AUTH_PASSWORD = 'password';
  }
  return { environment, deployTimeEnvironment, secretEnvironment };
}

/**
 * The environment an API container gets from a deployed cache: the plan's plain variables, and
 * each deploy-time variable set to the value a backend resolved for its `CacheEnvironmentValue`.
 *
 * @param values the deploy-time values the backend has, by `CacheEnvironmentValue` member
 * @throws ValidationError when the plan asks for a value the rendered cache does not have
 */
export function resolveClientEnvironment(plan: TieredCachePlan, path: string,
  values: { [value: string]: string | undefined }): { [name: string]: string } {
  const rules = new Rules(path);
  const env: { [name: string]: string } = { ...plan.contract.environment };
  for (const [name, value] of Object.entries(plan.contract.deployTimeEnvironment)) {
    const resolved = values[value];
    if (rules.check(`plan.contract.deployTimeEnvironment.${name}`, value, resolved !== undefined,
      `a value this cache has: ${Object.keys(values).filter((k) => values[k] !== undefined).join(', ')}`)) {
      env[name] = resolved as string;
    }
  }
  rules.throwIfInvalid();
  return env;
}

/**
 * Renders the keys a write must invalidate, from the plan's rules (`plan.query.invalidateOn`, or
 * the `QUERY_CACHE_INVALIDATION` environment variable parsed as JSON).
 *
 * In cluster mode, keys of different slots cannot share one DEL: delete them one by one or in a
 * pipeline.
 */
export class QueryCacheInvalidation {
  /**
   * The keys of one rule with its placeholders filled in: `feed:{userId}` with `{ userId: '42' }`
   * gives `<namespace>:feed:42`.
   *
   * @param rule a rule of the plan's query tier
   * @param values a value for every placeholder of the rule (no braces, not empty)
   * @throws ValidationError naming each missing or unusable placeholder value
   */
  public static renderKeys(rule: InvalidationRulePlan, values: { [placeholder: string]: string }): string[] {
    const rules = new Rules('query.invalidateOn');
    const r = rule !== null && typeof rule === 'object' ? rule : undefined;
    const keys = r && Array.isArray(r.keys) && r.keys.every((k) => typeof k === 'string') ? r.keys : undefined;
    rules.check('rule', rule, keys !== undefined, 'a rule of the plan (plan.query.invalidateOn)');
    const v = values !== null && typeof values === 'object' && !Array.isArray(values) ? values : undefined;
    rules.check('values', values, v !== undefined, 'an object of placeholder values');
    rules.throwIfInvalid();
    const needed = [...new Set((keys as string[]).flatMap(placeholdersOf))];
    for (const p of needed) {
      const value = (v as { [k: string]: unknown })[p];
      const ok = (typeof value === 'string' && value.length > 0 && !/[{}]/.test(value))
        || (typeof value === 'number' && Number.isFinite(value));
      rules.check(`values.${p}`, value, ok, `a non-empty value without braces for {${p}} (rule ${renderWrite(r)})`);
    }
    rules.throwIfInvalid();
    return (keys as string[]).map((k) => k.replace(PLACEHOLDER, (_, p: string) => String((v as { [k: string]: unknown })[p])));
  }

  /**
   * The keys every rule for `write` invalidates, rendered; empty when no rule names that write.
   *
   * @throws ValidationError naming each missing or unusable placeholder value
   */
  public static keysFor(query: QueryCachePlan, write: string, values: { [placeholder: string]: string }): string[] {
    const rules = query && Array.isArray(query.invalidateOn) ? query.invalidateOn : [];
    return rules.filter((r) => r.write === write).flatMap((r) => QueryCacheInvalidation.renderKeys(r, values));
  }

  private constructor() {}
}

function renderWrite(r: InvalidationRulePlan | undefined): string {
  return r && typeof r.write === 'string' ? r.write : '?';
}

/** The keys of one invalidation rule with its placeholders filled in (see `QueryCacheInvalidation.renderKeys`). */
export function renderInvalidationKeys(rule: InvalidationRulePlan, values: { [placeholder: string]: string }): string[] {
  return QueryCacheInvalidation.renderKeys(rule, values);
}
