import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import * as cdk from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { TerraformStack } from 'cdktf';
import { cdkApp, synthCdk, synthTf, tfApp } from './synth';
import { ReplicatedDatabase } from '../../../src/cdk/replicated-database';
import { ReplicatedDatabase as TfReplicatedDatabase } from '../../../src/cdktf/replicated-database';
import { estimateCost } from '../../../src/core/cost';
import { readCloudAssembly, readTerraformOutput, sizeDeployedSystem } from '../../../src/core/readback';
import { Verdict } from '../../../src/core/sizing/report';

// The check sizes an Aurora Serverless v2 database at the ACUs its synthesized template sets.

const PROPS = { readers: 1, serverlessV2: { minCapacityAcu: 1, maxCapacityAcu: 4 }, load: { writesPerSecond: 300 } };

describe('read-back of Aurora Serverless v2', () => {
  test('GIVEN the plan\'s 4 ACUs WHEN the CloudFormation template is sized THEN the writer FAILs with the exact maximum to raise to', () => {
    const app = cdkApp();
    new ReplicatedDatabase(new cdk.Stack(app, 'Test'), 'Db', PROPS);
    const read = readCloudAssembly(synthCdk(app));
    expect(read.blocks[0].database?.serverlessV2).toEqual({ minCapacityAcu: 1, maxCapacityAcu: 4 });
    const writer = sizeDeployedSystem(read).rows.find((r) => r.resource === 'writer')!;
    expect(writer.verdict).toBe(Verdict.FAIL);
    expect(writer.fix).toMatch(/^raise serverlessV2.maxCapacityAcu to 19.5 \(has 4\)/);
  }, 120_000);

  test('GIVEN MaxCapacity raised to 64 in the template (an escape hatch) WHEN sized THEN the writer is sized at 64 ACUs and PASSes', () => {
    const app = cdkApp();
    const db = new ReplicatedDatabase(new cdk.Stack(app, 'Test'), 'Db', PROPS);
    (db.cluster!.node.defaultChild as rds.CfnDBCluster).addPropertyOverride('ServerlessV2ScalingConfiguration.MaxCapacity', 64);
    const sized = sizeDeployedSystem(readCloudAssembly(synthCdk(app)));
    expect(sized.rows.find((r) => r.resource === 'writer')!.verdict).toBe(Verdict.PASS);
  }, 120_000);

  test('GIVEN max_capacity raised to 64 in the Terraform JSON WHEN sized THEN the writer PASSes', () => {
    const app = tfApp();
    const stack = new TerraformStack(app, 'test');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const db = new TfReplicatedDatabase(stack, 'Db', PROPS);
    db.cluster!.addOverride('serverlessv2_scaling_configuration.max_capacity', 64);
    const read = readTerraformOutput(synthTf(app));
    expect(read.blocks[0].database?.serverlessV2).toEqual({ minCapacityAcu: 1, maxCapacityAcu: 64 });
    expect(sizeDeployedSystem(read).rows.find((r) => r.resource === 'writer')!.verdict).toBe(Verdict.PASS);
  }, 120_000);

  test('GIVEN Serverless v2 instances WHEN the cost is estimated THEN they are not priced, and the estimate says why', () => {
    const app = cdkApp();
    new ReplicatedDatabase(new cdk.Stack(app, 'Test'), 'Db', PROPS);
    const cost = estimateCost(readCloudAssembly(synthCdk(app)), { region: 'us-east-1' });
    expect(cost.notPriced).toEqual(expect.arrayContaining([
      expect.stringMatching(/the writer is an Aurora Serverless v2 instance \(db.serverless\), billed per ACU-hour used; the catalog has no sourced ACU-hour price/),
      expect.stringMatching(/the reader is an Aurora Serverless v2 instance/),
    ]));
    expect(JSON.stringify(cost)).not.toMatch(/"class":"db.serverless"/);
  }, 120_000);
});
