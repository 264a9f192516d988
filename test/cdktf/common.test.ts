import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { App, TerraformStack, Testing } from 'cdktf';
import { TfTemplate } from './template';
import { BlockNetwork, encryptionKey, protect } from '../../src/cdktf/common';
import { RemovalPolicy, resolveCreatedNetwork } from '../../src/core';
import { Rules } from '../../src/core/validation';

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
    const net = new BlockNetwork(s, 'Network', { azCount: 3, logKey: key, network: resolveCreatedNetwork(new Rules('test'), '10.0.0.0/16', 3) });
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

  test('GIVEN the core\'s layout THEN every subnet has the plan\'s block as a literal cidr_block, tier by tier and AZ by AZ', () => {
    // GIVEN
    const s = stack();
    const network = resolveCreatedNetwork(new Rules('test'), '10.20.0.0/16', 3);
    // WHEN
    new BlockNetwork(s, 'Network', { azCount: 3, logKey: encryptionKey(s, 'Key', 'test', 30, ['logs']), network });
    const t = TfTemplate.synth(s);
    // THEN
    const byName = (tier: string, i: number) => t.resources('aws_subnet').find((r) => r.name.startsWith(`Network_${tier}${i + 1}_`))!.attributes.cidr_block;
    for (const [tier, blocks] of [['Public', network.publicSubnets.cidrBlocks], ['Private', network.privateSubnets.cidrBlocks],
      ['Isolated', network.isolatedSubnets.cidrBlocks]] as const) {
      expect(blocks.map((_b, i) => byName(tier, i))).toEqual(blocks);
    }
    expect(network.isolatedSubnets.cidrBlocks).toEqual(['10.20.64.0/24', '10.20.65.0/24', '10.20.66.0/24']);
    expect(JSON.stringify(t.json)).not.toContain('cidrsubnet');
  });

  test('GIVEN a supplied layout THEN it is rendered as given; GIVEN fewer blocks than AZs THEN a ValidationError', () => {
    const s = stack();
    const base = resolveCreatedNetwork(new Rules('test'), '10.0.0.0/16', 2);
    const network = { ...base, isolatedSubnets: { cidrMask: 24, cidrBlocks: ['10.0.200.0/24', '10.0.201.0/24'] } };
    new BlockNetwork(s, 'Network', { azCount: 2, logKey: encryptionKey(s, 'Key', 'test', 30, ['logs']), network });
    const cidrs = TfTemplate.synth(s).resources('aws_subnet').map((r) => r.attributes.cidr_block).sort();
    expect(cidrs).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.16.0/20', '10.0.200.0/24', '10.0.201.0/24', '10.0.32.0/20']);
    const s2 = stack();
    expect(() => new BlockNetwork(s2, 'Network', { azCount: 3, logKey: encryptionKey(s2, 'Key', 'test', 30, ['logs']), network }))
      .toThrow(/plan\.createdNetwork\.isolatedSubnets\.cidrBlocks.*at least 3 CIDR blocks/s);
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
