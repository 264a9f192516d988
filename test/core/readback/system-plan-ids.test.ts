import { cdkApp, synthCdk, synthTf, tfApp } from './synth';
import { SystemStack } from '../../../src/cdk/system-stack';
import { SystemStack as TfSystemStack } from '../../../src/cdktf/system-stack';
import { planIdOf, readCloudAssembly, readTerraformOutput } from '../../../src/core/readback';
import { SystemSpec, systemBlocks } from '../../../src/core/system';
import { EXAMPLE, SHARDED } from '../../fixtures/systems';

/** Plan ids of the top-level blocks the read-back finds, by plan path. */
function planIds(read: ReturnType<typeof readCloudAssembly>): { [planPath: string]: string } {
  return Object.fromEntries(read.blocks.filter((b) => b.parent === undefined).map((b) => [b.planPath, b.planId]));
}

describe.each([['the social-feed example', EXAMPLE], ['hash shards with Lambda workers', SHARDED]] as [string, SystemSpec][])(
  'GIVEN a SystemStack of %s on both backends', (_, spec) => {
    const app = cdkApp();
    const stack = new SystemStack(app, 'System', { spec });
    const cfn = planIds(readCloudAssembly(synthCdk(app)));
    const tapp = tfApp();
    const tstack = new TfSystemStack(tapp, 'system', { spec });
    const tf = planIds(readTerraformOutput(synthTf(tapp)));

    test('WHEN both are read back THEN every block has the same plan id on both, the id of the system plan\'s block (wiring included)', () => {
      const expected = Object.fromEntries(systemBlocks(stack.plan).map((p) => [p.path, planIdOf(p)]));
      expect(tf).toEqual(expected);
      expect(cfn).toEqual(expected);
      expect(planIdOf(tstack.plan)).toBe(planIdOf(stack.plan));
    });

    test('THEN each consumer construct\'s plan is the system plan\'s on both backends', () => {
      expect(stack.api?.plan).toBe(stack.plan.api);
      expect(tstack.api?.plan).toBe(tstack.plan.api);
      expect(stack.queue?.plan).toBe(stack.plan.queue);
      expect(tstack.queue?.plan).toBe(tstack.plan.queue);
    });
  });
