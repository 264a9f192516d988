import * as cdk from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { cdkApp, synthCdk } from './synth';
import { ReplicatedDatabase } from '../../../src/cdk/replicated-database';
import { DatabaseEngine, STORAGE_PERFORMANCE_RESOURCE } from '../../../src/core/blocks/replicated-database';
import { readCloudAssembly, sizeDeployedSystem } from '../../../src/core/readback';
import { Verdict } from '../../../src/core/sizing/report';

/*
 * The storage performance rows of a read-back read the allocated storage the output sets, not
 * only the plan's: an escape hatch that raises AllocatedStorage raises the gp3 baseline.
 */
describe('storage performance rows of a read-back', () => {
  test('GIVEN 100 GiB planned and 500 GiB set by an escape hatch WHEN the output is sized THEN the rows use the 12,000 IOPS of 500 GiB', () => {
    // GIVEN: 900 writes/s x 3 I/Os = 2,700 IOPS, 90 % of the 3,000 of 100 GiB
    const app = cdkApp();
    const stack = new cdk.Stack(app, 'Test');
    const db = new ReplicatedDatabase(stack, 'Db', {
      engine: DatabaseEngine.RDS_POSTGRESQL,
      instanceClass: 'db.r7g.4xlarge',
      readers: 0,
      allocatedStorageGiB: 100,
      load: { writesPerSecond: 900 },
    });
    const planned = sizeDeployedSystem(readCloudAssembly(synthCdk(app))).rows.filter((r) => r.resource === STORAGE_PERFORMANCE_RESOURCE && r.metric === 'IOPS');
    expect(planned[0]).toMatchObject({ capacity: 3_000, verdict: Verdict.FAIL });
    // WHEN
    const app2 = cdkApp();
    const stack2 = new cdk.Stack(app2, 'Test');
    const db2 = new ReplicatedDatabase(stack2, 'Db', {
      engine: DatabaseEngine.RDS_POSTGRESQL,
      instanceClass: 'db.r7g.4xlarge',
      readers: 0,
      allocatedStorageGiB: 100,
      load: { writesPerSecond: 900 },
    });
    (db2.instance!.node.defaultChild as rds.CfnDBInstance).addPropertyOverride('AllocatedStorage', '500');
    const sized = sizeDeployedSystem(readCloudAssembly(synthCdk(app2)));
    // THEN
    const rows = sized.rows.filter((r) => r.resource === STORAGE_PERFORMANCE_RESOURCE && r.metric === 'IOPS');
    expect(rows[0]).toMatchObject({ capacity: 12_000, verdict: Verdict.PASS });
    expect(rows[0].reason).toContain('500 GiB');
    expect(db.plan.storage.allocatedGiB).toBe(100);
  }, 240_000);
});
