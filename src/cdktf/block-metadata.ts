import { Annotations, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { BlockPlanBase } from '../core/blocks/common';
import { BlockMetadata, blockMetadataOf, TF_METADATA_KEY } from '../core/readback/metadata';
import { planFailures } from '../core/readback/size';

/** The blocks recorded per stack: one object, set once as the stack's override and filled in place. */
const BLOCKS = new WeakMap<TerraformStack, { [path: string]: BlockMetadata }>();

/**
 * Records a block in the cdk.tf.json of its stack, for the read-back (`src/core/readback`): under
 * the stack's comment object, which Terraform ignores, `"//": { "scaleblocks": { "blocks": {
 * "<construct path>": <metadata> } } }` (kind, name, plan path, plan id, declared load, sizing
 * bounds, assumed inputs). The block's resources are found by the construct path cdktf writes on
 * each of them (`"//": { "metadata": { "path" } }`). Called once, at the end of each block's constructor.
 * Each FAIL row of the plan sized against its own load is a warning on the block, so nobody
 * deploys an undersized block in silence (`SizingValidation` sizes the synthesized JSON and fails the synth).
 *
 * @param block the block construct
 * @param plan the plan it rendered
 */
export function recordBlock(block: Construct, plan: BlockPlanBase): void {
  const stack = TerraformStack.of(block);
  let blocks = BLOCKS.get(stack);
  if (!blocks) {
    blocks = {};
    BLOCKS.set(stack, blocks);
    stack.addOverride(`//.${TF_METADATA_KEY}`, { blocks });
  }
  blocks[block.node.path] = blockMetadataOf(plan);
  for (const failure of planFailures(plan)) Annotations.of(block).addWarning(failure);
}
