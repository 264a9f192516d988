import * as cdk from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BlockPlanBase } from '../core/blocks/common';
import { blockMetadataOf, CFN_BLOCKS_METADATA_KEY } from '../core/readback/metadata';
import { planFailures } from '../core/readback/size';

/**
 * Records a block in the template of its stack, for the read-back (`src/core/readback`): the
 * template-level `Metadata` entry `scaleblocks:blocks` maps the block's construct path to its
 * metadata (kind, name, plan path, plan id, declared load, sizing bounds, assumed inputs) and to
 * the logical ids of the block's resources in that template (resolved at synth, so resources
 * added later by an escape hatch or an Aspect are listed too). Called once, at the end of each
 * block's constructor. Each FAIL row of the plan sized against its own load is a warning on the
 * block, so nobody deploys an undersized block in silence (`SizingValidator` sizes the
 * synthesized templates, escape hatches included, and fails the synth).
 *
 * @param block the block construct
 * @param plan the plan it rendered
 */
export function recordBlock(block: Construct, plan: BlockPlanBase): void {
  const stack = cdk.Stack.of(block);
  const resources = cdk.Lazy.list({
    produce: () => block.node.findAll()
      .filter((c): c is cdk.CfnResource => cdk.CfnResource.isCfnResource(c) && cdk.Stack.of(c) === stack)
      .map((r) => stack.resolve(r.logicalId) as string),
  }, { omitEmpty: true });
  const existing = (stack.templateOptions.metadata?.[CFN_BLOCKS_METADATA_KEY] ?? {}) as { [path: string]: unknown };
  stack.addMetadata(CFN_BLOCKS_METADATA_KEY, { ...existing, [block.node.path]: { ...blockMetadataOf(withoutTokens(plan)), resources } });
  for (const failure of planFailures(plan)) cdk.Annotations.of(block).addWarningV2('scaleblocks:undersized', failure);
}

/**
 * The plan with every deploy-time value (an unresolved token, e.g. a web ACL ARN from another stack)
 * spelled as one marker: a token's text depends on how many tokens the process made before it, so
 * hashing it would give the same plan a different id from one synth to the next.
 */
function withoutTokens<T>(value: T): T {
  if (typeof value === 'string') return (cdk.Token.isUnresolved(value) ? DEPLOY_TIME_VALUE : value) as unknown as T;
  if (Array.isArray(value)) return value.map((v) => withoutTokens(v)) as unknown as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutTokens(v)])) as T;
  }
  return value;
}

/** How a deploy-time value appears in the plan a block records. */
const DEPLOY_TIME_VALUE = '<deploy-time value>';
