import { BlockKind, MAX_AZS, MIN_AZS } from '../blocks/common';
import { CacheAuthMode, planTieredCache } from '../blocks/tiered-cache';
import * as catalog from '../catalog';
import { BlockPlanRules, checkAlarmWindow, checkFoundation } from './common';

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
    r.each('application.placement', (p) => {
      p.integer('primaryAz', 0, azMax, '(an index below application.azCount)');
      p.length('replicaAzs', 0, q.replicasPerShardMax.value, 'replica AZs');
    });
    r.integer('application.port', 1, 65535);
    r.integer('application.reservedMemoryPercent', 0, 100, '%');
    r.integer('application.snapshot.retentionDays', 0, q.snapshotRetentionMaxDays.value, 'days');
    r.integer('application.auth.passwordLength', q.authTokenMinLength.value, q.authTokenMaxLength.value, 'characters');
    // What each auth mode renders: a password secret for AUTH and RBAC; the user, the disabled
    // default user and their group for RBAC.
    const mode = r.at('application.auth.mode');
    if (mode === CacheAuthMode.RBAC || mode === CacheAuthMode.AUTH_TOKEN) r.text('application.auth.secretName', `with auth mode ${mode}`);
    if (mode === CacheAuthMode.RBAC) {
      for (const f of ['userId', 'userName', 'accessString', 'defaultUserId', 'userGroupId', 'defaultUserName', 'defaultUserAccessString']) {
        r.text(`application.auth.${f}`, 'with auth mode RBAC');
      }
    }
    const cf = catalog.QUOTAS.cloudFront;
    for (const ttl of ['minTtlSeconds', 'defaultTtlSeconds', 'maxTtlSeconds']) r.integer(`cdn.${ttl}`, 0, cf.maxTtlSeconds.value * 100, 's');
    r.ordered('cdn.minTtlSeconds', 'cdn.defaultTtlSeconds');
    r.ordered('cdn.defaultTtlSeconds', 'cdn.maxTtlSeconds');
    r.integer('query.ttlSeconds', 1, q.memcachedRelativeTtlMaxSeconds.value, 's');
    r.each('application.alarms', (a) => {
      a.integer('evaluationPeriods', 1, 100);
      checkAlarmWindow(a, ['periodSeconds'], 'evaluationPeriods');
    });
  },
};
