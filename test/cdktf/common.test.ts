import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { App, TerraformStack, Testing } from 'cdktf';
import { TfTemplate } from './template';
import { BlockNetwork, encryptionKey, protect } from '../../src/cdktf/common';
import { FlowLogTrafficType, RemovalPolicy } from '../../src/core';

function stack(): TerraformStack {
  const app: App = Testing.app();
  const s = new TerraformStack(app, 'test');
  new AwsProvider(s, 'aws', { region: 'eu-west-1' });
  return s;
}

describe('the shared Terraform pieces', () => {
  test('GIVEN a block network of 3 AZs THEN each tier has a subnet per AZ, a NAT per AZ and encrypted flow logs', () => {
    const s = stack();
    const key = encryptionKey(s, 'Key', 'test', 30, ['logs']);
    const net = new BlockNetwork(s, 'Network', { azCount: 3, logKey: key, network: { vpcCidr: '10.0.0.0/16', flowLogTrafficType: FlowLogTrafficType.ALL, flowLogRetentionDays: 365 } });
    const t = TfTemplate.synth(s);
    t.resourceCountIs('aws_subnet', 9);
    t.resourceCountIs('aws_nat_gateway', 3);
    expect(t.find('aws_subnet', { map_public_ip_on_launch: true })).toHaveLength(0);
    t.hasResourceWithProperties('aws_flow_log', { traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' });
    const group = t.only('aws_cloudwatch_log_group');
    expect(group.attributes).toMatchObject({ retention_in_days: 365, kms_key_id: expect.stringContaining('aws_kms_key.Key'), lifecycle: { prevent_destroy: true } });
    expect(t.only('aws_kms_key').attributes).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    expect(net.toExisting().privateSubnetIds).toHaveLength(3);
  });

  test.each([
    [RemovalPolicy.RETAIN, true],
    [RemovalPolicy.SNAPSHOT, true],
    [RemovalPolicy.DESTROY, undefined],
  ])('GIVEN removal policy %s THEN prevent_destroy is %s', (policy, expected) => {
    const s = stack();
    protect(new SqsQueue(s, 'Queue', {}), policy);
    expect(TfTemplate.synth(s).only('aws_sqs_queue').attributes.lifecycle?.prevent_destroy).toBe(expected);
  });
});
