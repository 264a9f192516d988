import { BlockPlanRules, checkFoundation, PlanValueRules } from './common';
import { checkReplicatedDatabase } from './replicated-database';
import { BlockKind } from '../blocks/common';
import { MAX_HASH_SHARDS, planShardedDatabase, SHARD_MAP_PARAMETER_DATA_TYPE } from '../blocks/sharded-database';
import { ValidationError } from '../errors';
import { ShardMapValidator } from '../router/validator';

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
    checkShardProxyNames(r);
    r.integer('shardMap.hash.virtualNodesPerShard', 1, 10_000, 'virtual nodes');
    checkShardReferences(r);
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

/**
 * An RDS Proxy's name (DBProxyName) is unique per account and Region: two shards of one Region
 * may not name the same proxy (the second would fail to deploy, or take over the first's name).
 */
function checkShardProxyNames(r: PlanValueRules): void {
  const seen = new Set<string>();
  r.each('shards', (s) => {
    const name = s.at('database.proxy.name');
    if (typeof name !== 'string') return;
    const region = s.at('region');
    const key = `${typeof region === 'string' ? region : ''}\u0000${name}`;
    s.rules.check(s.prop('database.proxy.name'), name, !seen.has(key),
      `a proxy name no other shard of the Region uses (DBProxyName is unique per account and Region; the plan names each ${'<shard name>-proxy'})`);
    seen.add(key);
  });
}

/**
 * The shards are named by their ids, and the map, the stack groups and the backends all find a
 * shard by its id: each id once; the map valid and holding exactly the plan's shards, in order;
 * each shard in the one stack group it names (aws-cdk-lib's backend failed with a TypeError on a
 * renamed shard, Terraform rendered a map without it).
 */
function checkShardReferences(r: PlanValueRules): void {
  const shards = r.at('shards');
  if (!Array.isArray(shards)) return;
  const ids = shards.map((s) => (s !== null && typeof s === 'object' ? (s as { id?: unknown }).id : undefined));
  const seen = new Set<unknown>();
  ids.forEach((id, i) => {
    if (typeof id !== 'string') return;
    r.rules.check(r.prop(`shards[${i}].id`), id, id.length > 0 && !seen.has(id), 'an id no other shard of the plan has');
    seen.add(id);
  });
  const map = r.at('shardMap');
  const mapIssues = ShardMapValidator.issues(map, r.rules.path, r.prop('shardMap'));
  if (mapIssues.length > 0) r.rules.absorb(new ValidationError(mapIssues));
  if (mapIssues.length === 0) {
    const mapIds = (map as { shards: { id: string }[] }).shards.map((s) => s.id);
    r.rules.check(r.prop('shardMap.shards'), mapIds, mapIds.length === ids.length && mapIds.every((id, i) => id === ids[i]),
      `the plan's shards, in order (${ids.map(String).join(', ')})`);
  }
  const groups = r.at('stackGroups');
  if (!Array.isArray(groups)) return;
  const groupOf = new Map<string, string>();
  r.each('stackGroups', (g) => {
    const gid = g.at('id');
    const members = g.at('shardIds');
    if (!Array.isArray(members)) return;
    members.forEach((m, j) => {
      const ok = typeof m === 'string' && seen.has(m) && !groupOf.has(m);
      g.rules.check(g.prop(`shardIds[${j}]`), m, ok, 'the id of a shard of the plan that no other stack group lists');
      if (ok && typeof gid === 'string') groupOf.set(m as string, gid);
    });
  });
  r.each('shards', (s) => {
    const id = s.at('id');
    if (typeof id !== 'string') return;
    s.rules.check(s.prop('stackGroup'), s.at('stackGroup'), groupOf.get(id) === s.at('stackGroup'),
      `the id of the one stack group that lists shard ${id}${groupOf.has(id) ? ` (${groupOf.get(id)})` : ': none does'}`);
  });
}
