import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { blockVpc, encryptionKey } from '../../src/cdk/common';
import { CreatedNetworkPlan, resolveCreatedNetwork, ValidationError } from '../../src/core';
import { Rules } from '../../src/core/validation';

/*
 * The VPC a CDK block creates renders the plan's subnet layout block for block: aws-cdk-lib's Vpc
 * L2 gets each CIDR block from the plan (an ec2.IIpAddresses), not from its own carving.
 */

function render(network: CreatedNetworkPlan, azCount: number): { vpc: ec2.Vpc; template: Template } {
  const stack = new cdk.Stack(new cdk.App(), 'Test', { env: { account: '123456789012', region: 'eu-west-1' } });
  const vpc = blockVpc(stack, 'Vpc', { azCount, logKey: encryptionKey(stack, 'Key', 'test', 30), network });
  return { vpc, template: Template.fromStack(stack) };
}

/** Each subnet group's CIDR blocks, in the Vpc's AZ order. */
function blocksOf(vpc: ec2.Vpc): string[][] {
  return [vpc.publicSubnets, vpc.privateSubnets, vpc.isolatedSubnets].map((subnets) => subnets.map((s) => s.ipv4CidrBlock));
}

describe('blockVpc renders the plan\'s subnet layout', () => {
  test('GIVEN the core\'s layout for 3 AZs THEN each subnet group has exactly the plan\'s blocks, in AZ order', () => {
    // GIVEN
    const network = resolveCreatedNetwork(new Rules('test'), '10.20.0.0/16', 3);
    // WHEN
    const { vpc, template } = render(network, 3);
    // THEN
    expect(blocksOf(vpc)).toEqual([network.publicSubnets.cidrBlocks, network.privateSubnets.cidrBlocks, network.isolatedSubnets.cidrBlocks]);
    template.resourceCountIs('AWS::EC2::Subnet', 9);
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.20.0.0/16' });
    const cidrs = Object.values(template.findResources('AWS::EC2::Subnet')).map((r) => r.Properties.CidrBlock).sort();
    expect(cidrs).toEqual([...network.publicSubnets.cidrBlocks, ...network.privateSubnets.cidrBlocks, ...network.isolatedSubnets.cidrBlocks].sort());
  });

  test('GIVEN a supplied layout aws-cdk-lib would never carve THEN those blocks are rendered, AZ by AZ', () => {
    const base = resolveCreatedNetwork(new Rules('test'), '10.0.0.0/16', 2);
    const network: CreatedNetworkPlan = {
      ...base,
      publicSubnets: { cidrMask: 26, cidrBlocks: ['10.0.250.64/26', '10.0.250.0/26'] },
      isolatedSubnets: { cidrMask: 24, cidrBlocks: ['10.0.200.0/24', '10.0.201.0/24'] },
    };
    const { vpc, template } = render(network, 2);
    expect(blocksOf(vpc)).toEqual([['10.0.250.64/26', '10.0.250.0/26'], ['10.0.16.0/20', '10.0.32.0/20'], ['10.0.200.0/24', '10.0.201.0/24']]);
    template.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '10.0.250.64/26', MapPublicIpOnLaunch: false });
  });

  test('GIVEN a VPC of more AZs than the plan holds blocks for THEN one ValidationError names every short tier', () => {
    const network = resolveCreatedNetwork(new Rules('test'), '10.0.0.0/16', 2);
    expect(() => render(network, 3)).toThrow(ValidationError);
    expect(() => render(network, 3)).toThrow(/plan\.createdNetwork\.publicSubnets\.cidrBlocks.*at least 3 CIDR blocks/s);
  });
});
