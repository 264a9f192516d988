import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { LoadBalancedApi, SizingValidator } from '../../src/cdk';
import { Errors } from '../../src/core';

/*
 * SizingValidator sizes what `cdk synth` wrote. Given the account (its Region and raised quotas,
 * as a spec declares them), it sizes the account's shared quotas too: here the Fargate On-Demand
 * vCPUs of an API that scales to 20 tasks of 1 vCPU, against the new-account default of 6.
 */

function templateOf(): string {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'Shop', { env: { account: '123456789012', region: 'eu-west-1' } });
  new LoadBalancedApi(stack, 'Api', {
    allowPlainHttp: true,
    compute: { cpu: 1024, memoryMiB: 2048 },
    scaling: { minTasks: 3, maxTasks: 20 },
    load: { peakRequestsPerSecond: 100 },
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sizing-validator-'));
  const file = path.join(dir, 'Shop.template.json');
  fs.writeFileSync(file, JSON.stringify(app.synth().getStackByName('Shop').template));
  return file;
}

const template = templateOf();
/** The plugin reads only the template paths of its context. */
const context = { templatePaths: [template] } as unknown as cdk.IPolicyValidationContext;
const violationsOf = (validator: SizingValidator) => validator.validate(context).violations;
const fargate = (v: cdk.PolicyViolation) => /Fargate On-Demand vCPU/i.test(v.description);

describe('SizingValidator and the account', () => {
  test('GIVEN no account WHEN validating THEN the account\'s shared quotas are left to scaleblocks check', () => {
    expect(violationsOf(new SizingValidator()).filter(fargate)).toEqual([]);
  });

  test('GIVEN the account\'s Region only WHEN validating THEN 20 tasks of 1 vCPU against the default of 6 are a finding naming the quota to raise', () => {
    const found = violationsOf(new SizingValidator({ region: 'eu-west-1' })).filter(fargate);
    expect(found).toHaveLength(1);
    expect(found[0].description).toMatch(/20/);
    expect(found[0].fix).toMatch(/fargate\.onDemandVcpuPerRegion/);
  });

  test('GIVEN a raised quota of 400 vCPUs WHEN validating THEN the Fargate row passes', () => {
    expect(violationsOf(new SizingValidator({ quotas: { 'fargate.onDemandVcpuPerRegion': 400 } })).filter(fargate)).toEqual([]);
  });

  test.each([
    ['an unknown quota', { quotas: { 'fargate.vcpus': 400 } }, 'quotas.fargate.vcpus'],
    ['a negative quota', { quotas: { 'fargate.onDemandVcpuPerRegion': -1 } }, 'quotas.fargate.onDemandVcpuPerRegion'],
    ['a Region that is none', { region: 'Ireland' }, 'region'],
    ['an unknown key', { regoin: 'eu-west-1' }, 'account.regoin'],
  ])('GIVEN %s WHEN constructed THEN one ValidationError names the prop', (_, props, prop) => {
    let error: unknown;
    try {
      new SizingValidator(props as any);
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(Errors.issuesOf(error).map((i) => i.prop)).toContain(prop);
  });
});
