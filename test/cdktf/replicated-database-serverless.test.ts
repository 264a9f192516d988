import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { TfTemplate } from './template';
import { ReplicatedDatabase, ReplicatedDatabaseProps } from '../../src/cdktf/replicated-database';
import { DatabaseEngine, planReplicatedDatabase } from '../../src/core';

// ReplicatedDatabase (cdktf) with Aurora Serverless v2: the plan's scaling configuration, rendered.

function render(props: ReplicatedDatabaseProps = {}): { db: ReplicatedDatabase; t: TfTemplate } {
  const app: App = Testing.app();
  const s = new TerraformStack(app, 'test');
  new AwsProvider(s, 'aws', { region: 'eu-west-1' });
  const db = new ReplicatedDatabase(s, 'Db', props);
  return { db, t: TfTemplate.synth(s) };
}

describe('ReplicatedDatabase (cdktf), Aurora Serverless v2', () => {
  const { db, t } = render({ readers: 2, serverlessV2: { minCapacityAcu: 1, maxCapacityAcu: 24.5 } });

  test('GIVEN serverlessV2 WHEN synthesized THEN the cluster scales between the plan\'s ACUs, without auto-pause', () => {
    const cluster = t.only('aws_rds_cluster').attributes;
    expect(cluster.serverlessv2_scaling_configuration).toEqual({ min_capacity: 1, max_capacity: 24.5 });
  });

  test('GIVEN serverlessV2 WHEN synthesized THEN the writer and every reader are db.serverless, in the plan\'s failover tiers', () => {
    const instances = t.resources('aws_rds_cluster_instance').map((r) => r.attributes);
    expect(instances.map((i) => i.instance_class)).toEqual(['db.serverless', 'db.serverless', 'db.serverless']);
    const tiers = Object.fromEntries(instances.map((i) => [i.identifier, i.promotion_tier]));
    expect(tiers).toEqual(Object.fromEntries(db.plan.instances.map((i) => [i.identifier, i.promotionTier])));
    expect(instances.map((i) => i.publicly_accessible)).toEqual([false, false, false]);
  });

  test('GIVEN serverlessV2 WHEN synthesized THEN encryption, backups and deletion protection are unchanged', () => {
    const cluster = t.only('aws_rds_cluster').attributes;
    expect(cluster).toMatchObject({ storage_encrypted: true, deletion_protection: true, backup_retention_period: 14, skip_final_snapshot: false });
    expect(cluster.lifecycle?.prevent_destroy).toBe(true);
  });

  test.each([DatabaseEngine.AURORA_POSTGRESQL, DatabaseEngine.AURORA_MYSQL])('GIVEN %s with a minimum of 0 WHEN synthesized THEN auto-pause after the plan\'s seconds', (engine) => {
    const { t: tt } = render({ engine, readers: 1, serverlessV2: { minCapacityAcu: 0, maxCapacityAcu: 4, secondsUntilAutoPause: 900 } });
    expect(tt.only('aws_rds_cluster').attributes.serverlessv2_scaling_configuration)
      .toEqual({ min_capacity: 0, max_capacity: 4, seconds_until_auto_pause: 900 });
  });

  test('GIVEN a supplied serverless plan WHEN synthesized THEN it is rendered as planned', () => {
    const plan = planReplicatedDatabase({ readers: 1, serverlessV2: { minCapacityAcu: 2, maxCapacityAcu: 64 } });
    const { t: tt } = render({ plan });
    expect(tt.only('aws_rds_cluster').attributes.serverlessv2_scaling_configuration).toEqual({ min_capacity: 2, max_capacity: 64 });
    expect(tt.find('aws_rds_cluster_instance', { instance_class: 'db.serverless' })).toHaveLength(2);
  });

  test('GIVEN a provisioned cluster WHEN synthesized THEN it has no Serverless v2 scaling configuration', () => {
    const { t: tt } = render({ readers: 1 });
    expect(tt.only('aws_rds_cluster').attributes.serverlessv2_scaling_configuration).toBeUndefined();
    expect(tt.find('aws_rds_cluster_instance', { instance_class: 'db.serverless' })).toHaveLength(0);
  });
});
