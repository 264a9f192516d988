import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AnnotationMetadataEntryType, TerraformStack, Testing } from 'cdktf';
import { LoadBalancedApi, SizingValidation } from '../../src/cdktf';
import { Errors } from '../../src/core';

/*
 * SizingValidation sizes what `cdktf synth` writes. Given the account (its Region and raised
 * quotas, as a spec declares them), it sizes the account's shared quotas too: here the Fargate
 * On-Demand vCPUs of an API that scales to 20 tasks of 1 vCPU, against the new-account default of 6.
 */

function stackWith(props?: Parameters<typeof SizingValidation.of>[1]): { stack: TerraformStack; validation: SizingValidation } {
  const stack = new TerraformStack(Testing.app(), 'shop');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new LoadBalancedApi(stack, 'Api', {
    allowPlainHttp: true,
    compute: { cpu: 1024, memoryMiB: 2048 },
    scaling: { minTasks: 3, maxTasks: 20 },
    load: { peakRequestsPerSecond: 100 },
  });
  return { stack, validation: SizingValidation.of(stack, props) };
}

function fargateFindings(props?: Parameters<typeof SizingValidation.of>[1]): string[] {
  const { stack, validation } = stackWith(props);
  const errors = validation.validate();
  const warnings = stack.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data));
  return [...errors, ...warnings].filter((t) => /Fargate vCPU/.test(t));
}

describe('SizingValidation and the account', () => {
  test('GIVEN no account WHEN validating THEN the account\'s shared quotas are left to scaleblocks check', () => {
    expect(fargateFindings()).toEqual([]);
  });

  test('GIVEN the account\'s Region only WHEN validating THEN 20 tasks of 1 vCPU against the default of 6 are a finding naming the quota to raise', () => {
    const found = fargateFindings({ region: 'eu-west-1' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/fargate\.onDemandVcpuPerRegion/);
  });

  test('GIVEN a raised quota of 400 vCPUs WHEN validating THEN the Fargate row passes', () => {
    expect(fargateFindings({ quotas: { 'fargate.onDemandVcpuPerRegion': 400 } })).toEqual([]);
  });

  test('GIVEN a Region none of the stacks deploys to WHEN validating THEN the error names both', () => {
    const { validation } = stackWith({ region: 'us-west-2' });
    expect(validation.validate().join('\n')).toMatch(/us-west-2.*eu-west-1/s);
  });

  test.each([
    ['an unknown quota', { quotas: { 'fargate.vcpus': 400 } }, 'quotas.fargate.vcpus'],
    ['a Region that is none', { region: 'Ireland' }, 'region'],
  ])('GIVEN %s WHEN added THEN one ValidationError names the prop', (_, props, prop) => {
    let error: unknown;
    try {
      SizingValidation.of(new TerraformStack(Testing.app(), 's'), props as any);
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(Errors.issuesOf(error).map((i) => i.prop)).toContain(prop);
  });
});
