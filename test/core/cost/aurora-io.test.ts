import { BlockKind } from '../../../src/core';
import { planReplicatedDatabase, storageIops } from '../../../src/core/blocks/replicated-database';
import { estimateCost, SECONDS_PER_MONTH } from '../../../src/core/cost';
import { Backend, DeployedBlock, DeployedSystem } from '../../../src/core/readback';

/*
 * The Aurora Standard I/O line prices the I/O rate the sizing computes (storageIops of the plan's
 * load), at the average load: the same figure as the Aurora I/O note, never a second model.
 */
function auroraSystem(load: { [key: string]: unknown }, storageType?: string): DeployedSystem {
  const b = {
    kind: BlockKind.REPLICATED_DATABASE,
    name: 'db',
    path: 'db',
    planPath: 'db',
    planId: 'db',
    backend: Backend.CLOUDFORMATION,
    template: 't',
    region: 'us-east-1',
    load,
    sizing: { targetUtilization: 0.7, maxUtilization: 0.9, warnMargin: 0.9 },
    assumed: [],
    inputs: {},
    sources: {},
    resourceCount: 1,
    database: {
      engine: 'aurora-postgresql',
      aurora: true,
      writer: { id: 'w', instanceClass: 'db.r7g.large' },
      readers: [],
      multiAz: false,
      azs: [],
      subnetGroupAzs: [],
      ...(storageType ? { storageType } : {}),
    },
  } as unknown as DeployedBlock;
  return { blocks: [b], unrecognised: [], notes: [] };
}

describe('Aurora Standard I/O cost', () => {
  test('GIVEN 500 writes/s and 10,000 reads/s WHEN estimated at half the peak THEN the I/O line holds storageIops x 0.5 x a month, per million', () => {
    // GIVEN
    const plan = planReplicatedDatabase({ load: { writesPerSecond: 500, readsPerSecond: 10_000, storageGiB: 10 } });
    // WHEN
    const cost = estimateCost(auroraSystem(plan.load as unknown as { [key: string]: unknown }), { averageToPeakRatio: 0.5 });
    // THEN
    const line = cost.blocks[0].lines.find((l) => l.key === 'aurora.io-million')!;
    expect(line).toBeDefined();
    expect(line.quantityPerMonth).toBeCloseTo((storageIops(plan.load, 500, 10_000) * 0.5 * SECONDS_PER_MONTH) / 1e6, 6);
    expect(line.what).toMatch(/^2,000 I\/Os\/s at peak \(500 writes\/s x 3 I\/Os \+ 10,000 reads\/s x 5 % that miss the buffer pool/);
    expect(cost.notPriced.some((n) => n.includes('Standard I/O'))).toBe(false);
  });

  test('GIVEN I/O-Optimized storage, or a plan without the storage I/O figures WHEN estimated THEN no I/O line, and the second says why', () => {
    const plan = planReplicatedDatabase({ load: { writesPerSecond: 500 } });
    const optimized = estimateCost(auroraSystem(plan.load as unknown as { [key: string]: unknown }, 'aurora-iopt1'));
    expect(optimized.blocks[0].lines.some((l) => l.key === 'aurora.io-million')).toBe(false);
    const old = estimateCost(auroraSystem({ writesPerSecond: 500 }));
    expect(old.blocks[0].lines.some((l) => l.key === 'aurora.io-million')).toBe(false);
    expect(old.notPriced).toEqual(expect.arrayContaining([expect.stringMatching(/db: Aurora Standard I\/O requests: the plan holds no load\.storageIosPerWrite/)]));
  });
});
