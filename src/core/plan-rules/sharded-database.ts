import { BlockPlanRules, checkFoundation, PlanValueRules } from './common';
import { checkReplicatedDatabase } from './replicated-database';
import { BlockKind } from '../blocks/common';
import { MAX_HASH_SHARDS, planShardedDatabase, SHARD_MAP_PARAMETER_DATA_TYPE } from '../blocks/sharded-database';

/** The AZs of the VPC a ShardedDatabase creates: the most any shard's database spans (undefined unless every count is a number). */
function networkAzCount(r: PlanValueRules): number | undefined {
  const shards = r.at('shards');
  if (!Array.isArray(shards) || shards.length === 0) return undefined;
  const counts = shards.map((_s, i) => r.at(`shards[${i}].database.azCount`));
  return counts.every((c): c is number => typeof c === 'number') ? Math.max(...counts) : undefined;
}

export const SHARDED_DATABASE_PLAN_RULES: BlockPlanRules = {
  kind: BlockKind.SHARDED_DATABASE,
  plan: planShardedDatabase,
  type: 'ShardedDatabasePlan',
  schema: 'plans/sharded-database.schema.json',
  check(r) {
    // One ReplicatedDatabase (and, for geographic shards, one stack) per shard.
    r.length('shards', 1, MAX_HASH_SHARDS, 'shards');
    checkFoundation(r, networkAzCount(r));
    r.each('shards', (s: PlanValueRules, i) => {
      s.integer('index', i, i, '(its position in shards)');
      const db = s.nested('database');
      if (db) checkReplicatedDatabase(db);
    });
    r.integer('shardMap.hash.virtualNodesPerShard', 1, 10_000, 'virtual nodes');
    // The published pages: every shard on one page of at most shardMapShardsPerPage, one parameter a page.
    r.integer('shardMapShardsPerPage', 1, MAX_HASH_SHARDS, 'shards');
    const shards = r.at('shards');
    const perPage = r.at('shardMapShardsPerPage');
    const names = r.at('shardMapPageParameterNames');
    if (Array.isArray(shards) && typeof perPage === 'number' && perPage >= 1) {
      const pages = Math.max(1, Math.ceil(shards.length / perPage));
      r.rules.check(r.prop('shardMapPageParameterNames'), names,
        Array.isArray(names) && names.length === pages && names[0] === r.at('shardMapParameterName'),
        `${pages} parameter name(s), the first the shardMapParameterName: one per page of ${perPage} shards`);
    }
    const dataType = r.at('shardMapParameterDataType');
    r.rules.check(r.prop('shardMapParameterDataType'), dataType, dataType === SHARD_MAP_PARAMETER_DATA_TYPE,
      `"${SHARD_MAP_PARAMETER_DATA_TYPE}" (the SSM data type of a JSON document)`);
  },
};
