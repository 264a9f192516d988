import { ShardedDatabasePlan } from './plan';
import * as catalog from '../../catalog';
import { ShardingStrategy } from '../../router';
import { fmt } from '../../validation';

// ShardedDatabase: the notes the check prints beside the sizing rows.

/** Notes the report shows for a plan. */
export function shardedDatabaseNotes(plan: ShardedDatabasePlan): string[] {
  const notes: string[] = [`${plan.path}: the shard map (version ${plan.shardMap.version}, ${plan.strategy}) is published to SSM ${plan.shardMapParameterName}`
    + (plan.shardMapParameterRegions.length > 0 ? ` in ${plan.shardMapParameterRegions.join(', ')}` : '')
    + ((plan.shardMapPageParameterNames ?? []).length > 1
      ? ` in ${plan.shardMapPageParameterNames.length} pages (${plan.shardMapParameterName} and ${plan.shardMapParameterName}/pages/1..${plan.shardMapPageParameterNames.length - 1}); `
        + 'apps route with ShardRouter.fromPages() on every page'
      : '; apps route with ShardRouter.fromJson() on it')];
  if (plan.strategy === ShardingStrategy.HASH) {
    notes.push(`${plan.path}: every HASH shard is sized for the hottest shard's share, ${fmt(plan.load.skewFactor)} / ${plan.shards.length} of the load`);
  }
  if (plan.strategy === ShardingStrategy.GEOGRAPHIC && plan.shardMap.defaultShardId === undefined) {
    notes.push(`${plan.path}: no default shard: routing a geography key that no shard lists throws`);
  }
  if (plan.stackGroups.length > 1) {
    notes.push(`${plan.path}: the shards are rendered in ${plan.stackGroups.length} stacks (${plan.stackGroups.map((g) => g.id).join(', ')}) so none passes ${catalog.QUOTAS.cloudFormation.resourcesPerStack.value} resources`);
  }
  return notes;
}
