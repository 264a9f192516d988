import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { cdkApp, synthCdk } from './synth';
import { LoadBalancedApi } from '../../../src/cdk/load-balanced-api';
import { BlockKind, Verdict } from '../../../src/core';
import { systemDiagram } from '../../../src/core/diagram';
import {
  Backend, CFN_BLOCKS_METADATA_KEY, cloudAssemblyTemplates, DeployedBlock, DeployedSystem, readCloudAssembly, readTemplates, sizeReadBack,
  SynthesizedTemplate,
} from '../../../src/core/readback';
import { resolveNestedParameters } from '../../../src/core/readback/nested';

/*
 * Nested stacks: a nested template's `Ref` to its own Parameter reads what the parent's
 * AWS::CloudFormation::Stack passes (a literal, or a resource of the parent such as its VPC's
 * subnets); what stays a token is unknown, with a note. AZ placement: the AZs of the task subnets
 * are read from the subnet resources, and the report and diagram say when they cannot be.
 */

const LOAD = { peakRequestsPerSecond: 600 };

function api(read: DeployedSystem): DeployedBlock {
  const found = read.blocks.filter((b) => b.kind === BlockKind.LOAD_BALANCED_API);
  expect(found).toHaveLength(1);
  return found[0];
}

/** A parent stack with a VPC, and a nested stack holding a LoadBalancedApi in that VPC, its task CPU given by a parameter. */
function nestedApp(taskCpu: string): { dir: string; plannedAzs: number } {
  const app = cdkApp();
  const parent = new cdk.Stack(app, 'Parent');
  const vpc = new ec2.Vpc(parent, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const nested = new cdk.NestedStack(parent, 'Apis', { parameters: { TaskCpu: taskCpu } });
  const cpu = new cdk.CfnParameter(nested, 'TaskCpu', { type: 'String' });
  const block = new LoadBalancedApi(nested, 'Api', { vpc, azCount: 2, internetFacing: false, load: LOAD });
  (block.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).addPropertyOverride('Cpu', cpu.valueAsString);
  return { dir: synthCdk(app), plannedAzs: block.plan.azCount };
}

describe('a block in a CDK NestedStack, its values passed by the parent', () => {
  const { dir, plannedAzs } = nestedApp('256');
  const read = readCloudAssembly(dir);

  test('GIVEN the cloud assembly THEN the nested template carries its asset key, which the parent\'s TemplateURL names', () => {
    const templates = cloudAssemblyTemplates(dir);
    const nested = templates.find((t) => t.name.endsWith('.nested.template.json'))!;
    expect(nested.assetKey).toMatch(/^[0-9a-f]{64}\.json$/);
    const parent = templates.find((t) => t.name === 'Parent.template.json')!;
    const stacks = Object.values((parent.json as any).Resources).filter((r: any) => r.Type === 'AWS::CloudFormation::Stack');
    expect(JSON.stringify((stacks[0] as any).Properties.TemplateURL)).toContain(nested.assetKey);
  });

  test('GIVEN a literal parameter (TaskCpu: 256) WHEN read back THEN the task CPU is 256, cited in the nested template', () => {
    const b = api(read);
    expect(b.template).toMatch(/\.nested\.template\.json$/);
    expect(b.api!.fleet.taskCpu).toBe(256);
    expect(b.sources['api.fleet.taskCpu']).toMatchObject({ backend: Backend.CLOUDFORMATION, template: b.template, attribute: 'Properties.Cpu' });
  });

  test('GIVEN the parent\'s subnets passed as parameters WHEN read back THEN the tasks\' AZs are those of the parent\'s subnet resources', () => {
    const fleet = api(read).api!.fleet;
    expect(fleet.subnetAzs.sort()).toEqual(['az-index:0', 'az-index:1']);
    expect(fleet.azCount).toBe(plannedAzs);
    expect(read.notes.filter((n) => /AZ|parameter/.test(n))).toEqual([]);
  });

  test('GIVEN the report WHEN sized THEN the task row sizes 256 CPU units, and the plan difference says so', () => {
    const report = sizeReadBack([read], { name: 'nested' });
    expect(report.differences?.map((d) => [d.field, d.planned, d.deployed])).toContainEqual([expect.stringMatching(/cpu/i), expect.anything(), expect.stringMatching(/256/)]);
  });
});

describe('a nested stack parameter the parent passes as an expression', () => {
  test('GIVEN TaskCpu passed as Fn::ImportValue WHEN read back THEN the task CPU is unknown and a note names the parameter', () => {
    const read = readCloudAssembly(nestedApp(cdk.Fn.importValue('SharedTaskCpu')).dir);
    expect(api(read).api!.fleet.taskCpu).toBeUndefined();
    expect(read.notes).toContainEqual(expect.stringMatching(/\.nested\.template\.json: nested stack parameter\(s\) not resolved from the parent, read as unknown: TaskCpu \(an expression the read-back does not evaluate\)/));
    // The subnets, passed as Refs to the parent's resources, are still read.
    expect(api(read).api!.fleet.subnetAzs.sort()).toEqual(['az-index:0', 'az-index:1']);
  });

  test('GIVEN a nested template whose parent is not among the templates WHEN read back THEN its parameters stay unknown', () => {
    const templates = cloudAssemblyTemplates(nestedApp('256').dir).filter((t) => t.name.endsWith('.nested.template.json'));
    const read = readTemplates(templates);
    expect(api(read).api!.fleet.taskCpu).toBeUndefined();
    expect(api(read).api!.fleet.subnetAzs.every((a) => a.startsWith('unknown:'))).toBe(true);
    expect(read.notes).toContainEqual(expect.stringMatching(/TaskCpu \(no parent stack found\)/));
  });
});

describe('AZ placement of tasks in subnets the template does not hold', () => {
  const app = cdkApp();
  const stack = new cdk.Stack(app, 'Imported');
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0a1b2c3d',
    vpcCidrBlock: '10.0.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    privateSubnetIds: ['subnet-0a1b2c3d', 'subnet-1a2b3c4d', 'subnet-2a3b4c5d'],
  });
  new LoadBalancedApi(stack, 'Api', { vpc, internetFacing: false, load: LOAD });
  const read = readCloudAssembly(synthCdk(app));

  test('GIVEN subnets given by id WHEN read back THEN their AZs are unknown, and a note says so and how they are counted', () => {
    expect(api(read).api!.fleet.subnetAzs).toEqual(['unknown:subnet-0a1b2c3d', 'unknown:subnet-1a2b3c4d', 'unknown:subnet-2a3b4c5d']);
    expect(read.notes).toContainEqual('Imported/Api: the AZ of 3 of the 3 API task subnets is not in the synthesized output (subnet-0a1b2c3d, subnet-1a2b3c4d, subnet-2a3b4c5d: '
      + 'a subnet given by id, imported, or passed as a parameter); the sizing counts each such subnet as an AZ of its own');
    expect(sizeReadBack([read], { name: 'imported' }).notes).toContainEqual(expect.stringMatching(/^Imported\/Api: the AZ of 3 of the 3 API task subnets/));
  });

  test('GIVEN the diagram WHEN drawn THEN the tasks\' label says the subnets\' AZs are unknown instead of an AZ count', () => {
    const report = sizeReadBack([read], { name: 'imported' });
    const text = systemDiagram({ name: 'imported', system: read, report });
    expect(text).toMatch(/Fargate over 3 subnets of unknown AZ/);
    expect(text).not.toMatch(/over 3 AZs/);
    expect(Object.values(Verdict)).toContain(report.verdict);
  });
});

describe('resolveNestedParameters on hand-made templates', () => {
  const cfn = (name: string, json: object): SynthesizedTemplate => ({ backend: Backend.CLOUDFORMATION, name, json });

  test('GIVEN a top-level stack with a parameter WHEN resolved THEN nothing changes: its value is given at deploy time', () => {
    const root = cfn('Root.template.json', {
      Parameters: { Cpu: { Type: 'String', Default: '256' } },
      Resources: { Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: { Ref: 'Cpu' } } } },
      Metadata: { [CFN_BLOCKS_METADATA_KEY]: {} },
    });
    const r = resolveNestedParameters([root]);
    expect(r.templates[0].json).toBe(root.json);
    expect(r.notes).toEqual([]);
  });

  test('GIVEN a nested stack (linked by aws:asset:path) WHEN resolved THEN a literal is put in place; an SSM parameter\'s default and a pseudo parameter stay unknown, with a note', () => {
    const parent = cfn('Parent.template.json', {
      Resources: {
        Child: {
          Type: 'AWS::CloudFormation::Stack',
          Metadata: { 'aws:asset:path': 'Child.nested.template.json' },
          Properties: { TemplateURL: 'https://example/x.json', Parameters: { A: 'x', P: { Ref: 'AWS::Region' } } },
        },
      },
    });
    const child = cfn('Child.nested.template.json', {
      Parameters: { A: { Type: 'String' }, S: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/my/param' }, P: { Type: 'String' }, Unused: { Type: 'String' } },
      Resources: { R: { Type: 'AWS::X::Y', Properties: { a: { Ref: 'A' }, s: { Ref: 'S' }, p: { Ref: 'P' } } } },
      Metadata: { [CFN_BLOCKS_METADATA_KEY]: {} },
    });
    const r = resolveNestedParameters([parent, child]);
    expect((r.templates[1].json as any).Resources.R.Properties).toEqual({ a: 'x', s: { Ref: 'S' }, p: { Ref: 'P' } });
    expect(r.notes).toEqual(['Child.nested.template.json: nested stack parameter(s) not resolved from the parent, read as unknown: '
      + 'S (an SSM parameter, read at deploy time), P (the pseudo parameter AWS::Region)']);
  });
});
