import * as cdk from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { cdkApp, synthCdk } from './synth';
import { ReplicatedDatabase, ReplicatedDatabaseProps } from '../../../src/cdk/replicated-database';
import { DatabaseEngine, DatabaseStorageKind, STORAGE_PERFORMANCE_RESOURCE } from '../../../src/core/blocks/replicated-database';
import { estimateCost } from '../../../src/core/cost';
import { readCloudAssembly, sizeDeployedSystem } from '../../../src/core/readback';
import { Scenario, Verdict } from '../../../src/core/sizing/report';

/*
 * The storage performance rows of a read-back read the allocated storage the output sets, not
 * only the plan's: an escape hatch that raises AllocatedStorage raises the gp3 baseline.
 */
/** An RDS PostgreSQL writer on db.r7g.4xlarge with no readers, in a stack of its own app. */
function rdsWriter(props: Partial<ReplicatedDatabaseProps>): { app: cdk.App; db: ReplicatedDatabase } {
  const app = cdkApp();
  const db = new ReplicatedDatabase(new cdk.Stack(app, 'Test'), 'Db', {
    engine: DatabaseEngine.RDS_POSTGRESQL, instanceClass: 'db.r7g.4xlarge', readers: 0, ...props,
  });
  return { app, db };
}

describe('storage performance rows of a read-back', () => {
  test('GIVEN 100 GiB planned and 500 GiB set by an escape hatch WHEN the output is sized THEN the rows use the 12,000 IOPS of 500 GiB', () => {
    // GIVEN: 900 writes/s x 3 I/Os = 2,700 IOPS, 90 % of the 3,000 of 100 GiB
    const { app, db } = rdsWriter({ allocatedStorageGiB: 100, load: { writesPerSecond: 900 } });
    const planned = sizeDeployedSystem(readCloudAssembly(synthCdk(app))).rows.filter((r) => r.resource === STORAGE_PERFORMANCE_RESOURCE && r.metric === 'IOPS');
    expect(planned[0]).toMatchObject({ capacity: 3_000, verdict: Verdict.FAIL });
    // WHEN
    const { app: app2, db: db2 } = rdsWriter({ allocatedStorageGiB: 100, load: { writesPerSecond: 900 } });
    (db2.instance!.node.defaultChild as rds.CfnDBInstance).addPropertyOverride('AllocatedStorage', '500');
    const sized = sizeDeployedSystem(readCloudAssembly(synthCdk(app2)));
    // THEN
    const rows = sized.rows.filter((r) => r.resource === STORAGE_PERFORMANCE_RESOURCE && r.metric === 'IOPS');
    expect(rows[0]).toMatchObject({ capacity: 12_000, verdict: Verdict.PASS });
    expect(rows[0].reason).toContain('500 GiB');
    expect(db.plan.storage.allocatedGiB).toBe(100);
  }, 240_000);

  test('GIVEN provisioned gp3 whose IOPS an escape hatch lowers WHEN the output is sized and priced THEN the rows use the IOPS the output sets and the cost says the provisioned part is not priced', () => {
    // GIVEN: 500 GiB gp3 provisioned at 15,000 IOPS and 600 MiB/s on a class whose EBS baseline (20,000 IOPS) does not bind
    const { app, db } = rdsWriter({
      allocatedStorageGiB: 500,
      storageType: DatabaseStorageKind.GP3,
      storageIops: 15_000,
      storageThroughputMiBps: 600,
      load: { writesPerSecond: 4_500 },
    });
    (db.instance!.node.defaultChild as rds.CfnDBInstance).addPropertyOverride('Iops', 13_000);
    // WHEN
    const system = readCloudAssembly(synthCdk(app));
    const sized = sizeDeployedSystem(system);
    // THEN: what the output sets is read back, and the row's volume is the output's, not the plan's
    const deployed = system.blocks.find((b) => b.database)!.database!;
    expect(deployed).toMatchObject({ storageType: 'gp3', storageIops: 13_000, storageThroughputMiBps: 600 });
    const iopsRow = sized.rows.find((r) => r.resource === STORAGE_PERFORMANCE_RESOURCE && r.metric === 'IOPS' && r.scenario === Scenario.NORMAL)!;
    expect(iopsRow.capacity).toBe(13_000);
    expect(db.plan.storage.iops).toBe(15_000);
    const cost = estimateCost(system, { region: 'eu-west-1' });
    expect(cost.notPriced).toContainEqual(expect.stringMatching(/RDS gp3 provisioned performance \(13,000 IOPS, 600 MiB\/s\).*not price/));
  }, 240_000);
});

