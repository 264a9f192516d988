import * as cdk from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { compliantApp, findingsOf } from './compliance';
import { acknowledge, allowLogsToUse, blockVpc, Compliance, encryptionKey } from '../../src/cdk/common';
import { resolveCreatedNetwork } from '../../src/core';
import { Rules } from '../../src/core/validation';

describe('the compliance harness', () => {
  test('GIVEN a plain queue WHEN synthesized THEN both packs report it', () => {
    const app = compliantApp();
    const stack = new cdk.Stack(app, 'Plain');
    new sqs.Queue(stack, 'Queue');
    const findings = findingsOf(app);
    expect(findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'sqs_dlq_check']));
    expect(findings.find((f) => f.rule === 'sqs_dlq_check')).toMatchObject({
      plugin: 'cdk-validator-cfnguard', description: expect.stringContaining('CT.SQS.PR.1'), paths: ['Plain/Queue/Resource'],
    });
  });

  test('GIVEN acknowledged findings WHEN synthesized THEN they are not reported', () => {
    const app = compliantApp();
    const stack = new cdk.Stack(app, 'Acked');
    const q = new sqs.Queue(stack, 'Queue', { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true });
    acknowledge(q, { id: 'AwsSolutions::AwsSolutions-SQS3', reason: 'probe' }, { id: 'cdk-validator-cfnguard::sqs_dlq_check', reason: 'probe' });
    expect(findingsOf(app)).toEqual([]);
  });

  test('GIVEN the block VPC with an encrypted flow log THEN both packs pass', () => {
    const app = compliantApp();
    const stack = new cdk.Stack(app, 'Net');
    const key = encryptionKey(stack, 'Key', 'test');
    allowLogsToUse(key);
    const vpc = blockVpc(stack, 'Vpc', { azCount: 3, logKey: key, network: resolveCreatedNetwork(new Rules('test'), '10.0.0.0/16', 3) });
    expect(vpc.privateSubnets).toHaveLength(3);
    expect(findingsOf(app)).toEqual([]);
  });

  test('GIVEN the recommended configuration THEN only the two unattributable cfn-guard rules are off, each with its reason', () => {
    expect(Compliance.cfnGuardDisabledRuleNames()).toEqual(['ct-rds-pr-14', 'ct-rds-pr-25']);
    for (const r of Compliance.cfnGuardRulesToDisable()) expect(r.reason).toMatch(/no construct path/);
  });
});
