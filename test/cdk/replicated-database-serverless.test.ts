import * as cdk from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { compliantApp, findingsOf } from './compliance';
import { ReplicatedDatabase, ReplicatedDatabaseProps } from '../../src/cdk/replicated-database';
import { DatabaseEngine, planReplicatedDatabase } from '../../src/core/blocks/replicated-database';

// ReplicatedDatabase (cdk) with Aurora Serverless v2: the plan's scaling configuration, rendered.

function render(props: ReplicatedDatabaseProps = {}): { db: ReplicatedDatabase; template: Template; stack: cdk.Stack } {
  const stack = new cdk.Stack(new cdk.App(), 'Test');
  const db = new ReplicatedDatabase(stack, 'Db', props);
  return { db, template: Template.fromStack(stack), stack };
}

describe('ReplicatedDatabase (cdk), Aurora Serverless v2', () => {
  const { db, template, stack } = render({ readers: 2, serverlessV2: { minCapacityAcu: 1, maxCapacityAcu: 24.5 } });

  test('GIVEN serverlessV2 WHEN rendered THEN the cluster scales between the plan\'s ACUs, without auto-pause', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      ServerlessV2ScalingConfiguration: { MinCapacity: 1, MaxCapacity: 24.5, SecondsUntilAutoPause: Match.absent() },
    });
  });

  test('GIVEN serverlessV2 WHEN rendered THEN the writer and every reader are db.serverless, in the plan\'s AZs and failover tiers', () => {
    const instances = Object.values(template.findResources('AWS::RDS::DBInstance')).map((r) => r.Properties);
    expect(instances.map((i) => i.DBInstanceClass)).toEqual(['db.serverless', 'db.serverless', 'db.serverless']);
    expect(instances.map((i) => i.PromotionTier)).toEqual(db.plan.instances.map((i) => i.promotionTier));
    // The same placement as the provisioned cluster of the same plan.
    const provisioned = Object.values(render({ readers: 2 }).template.findResources('AWS::RDS::DBInstance')).map((r) => r.Properties);
    expect(instances.map((i) => i.AvailabilityZone)).toEqual(provisioned.map((i) => i.AvailabilityZone));
    expect(new Set(instances.map((i) => JSON.stringify(i.AvailabilityZone))).size).toBe(3);
  });

  test('GIVEN serverlessV2 WHEN rendered THEN encryption, backups, deletion protection and private placement are unchanged', () => {
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      StorageEncrypted: true, DeletionProtection: true, BackupRetentionPeriod: 14, KmsKeyId: Match.anyValue(),
    });
    template.hasResource('AWS::RDS::DBCluster', { DeletionPolicy: 'Snapshot' });
    for (const i of Object.values(template.findResources('AWS::RDS::DBInstance'))) expect(i.Properties.PubliclyAccessible).toBe(false);
  });

  test('GIVEN serverlessV2 WHEN synthesized THEN aws-cdk-lib raises no warning or error about it', () => {
    const messages = [...Annotations.fromStack(stack).findWarning('*', Match.anyValue()), ...Annotations.fromStack(stack).findError('*', Match.anyValue())];
    expect(messages.filter((m) => /serverless/i.test(JSON.stringify(m.entry.data)))).toEqual([]);
  });

  test.each([DatabaseEngine.AURORA_POSTGRESQL, DatabaseEngine.AURORA_MYSQL])('GIVEN %s with a minimum of 0 WHEN rendered THEN auto-pause after the plan\'s seconds', (engine) => {
    const { template: t } = render({ engine, readers: 1, serverlessV2: { minCapacityAcu: 0, maxCapacityAcu: 4, secondsUntilAutoPause: 900 } });
    t.hasResourceProperties('AWS::RDS::DBCluster', { ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 4, SecondsUntilAutoPause: 900 } });
  });

  test('GIVEN a supplied serverless plan WHEN rendered THEN it is rendered as planned', () => {
    const plan = planReplicatedDatabase({ readers: 1, serverlessV2: { minCapacityAcu: 2, maxCapacityAcu: 64 } });
    const { template: t } = render({ plan });
    t.hasResourceProperties('AWS::RDS::DBCluster', { ServerlessV2ScalingConfiguration: { MinCapacity: 2, MaxCapacity: 64 } });
    t.resourcePropertiesCountIs('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless' }, 2);
  });

  test('GIVEN a provisioned cluster WHEN rendered THEN it has no Serverless v2 scaling configuration', () => {
    const { template: t } = render({ readers: 1 });
    t.hasResourceProperties('AWS::RDS::DBCluster', { ServerlessV2ScalingConfiguration: Match.absent() });
    t.resourcePropertiesCountIs('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless' }, 0);
  });

  test.each([DatabaseEngine.AURORA_POSTGRESQL, DatabaseEngine.AURORA_MYSQL])('GIVEN %s Serverless v2 with auto-pause WHEN synthesized THEN cdk-nag AwsSolutions and cfn-guard find nothing', (engine) => {
    const app = compliantApp();
    new ReplicatedDatabase(new cdk.Stack(app, 'Test'), 'Db', { engine, readers: 1, serverlessV2: { minCapacityAcu: 0, maxCapacityAcu: 16 } });
    expect(findingsOf(app)).toEqual([]);
  });
});
