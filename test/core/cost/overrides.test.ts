import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PriceUnit } from '../../../src/core/catalog';
import { loadPriceOverrides, parsePriceOverrides } from '../../../src/core/cost';
import { ValidationError } from '../../../src/core/errors';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-prices-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

function issuesOf(body: () => unknown): { prop: string; value: string; allowed: string; path: string }[] {
  try {
    body();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).issues;
  }
  throw new Error('expected a ValidationError');
}

describe('price overrides file', () => {
  test('GIVEN a good YAML file WHEN loaded THEN each entry is a row marked as the user\'s', () => {
    const file = write('good.yaml', [
      'prices:',
      '  - key: rds.instance-hour',
      '    region: eu-west-1',
      '    dimensions: { class: db.r7g.2xlarge, engine: aurora-postgresql, storage: standard }',
      '    unit: hour',
      '    usd: 0.62',
      '    note: 1-year reserved, no upfront',
      '  - key: cloudfront.gb',
      '    region: global',
      '    dimensions: { geography: india }',
      '    unit: GB',
      '    usd: "0.05"',
    ].join('\n'));
    const overrides = loadPriceOverrides(file);
    expect(overrides).toHaveLength(2);
    expect(overrides[0]).toMatchObject({
      note: '1-year reserved, no upfront',
      row: { key: 'rds.instance-hour', region: 'eu-west-1', unit: PriceUnit.HOUR, usd: '0.62', dimensions: { class: 'db.r7g.2xlarge', engine: 'aurora-postgresql', storage: 'standard' } },
    });
    expect(overrides[0].row.source).toMatchObject({ url: file, confirmed: false });
    expect(overrides[0].row.source.note).toContain('not an AWS list price');
    expect(overrides[1].row.usd).toBe('0.05');
  });

  test('a JSON file loads the same way', () => {
    const file = write('good.json', JSON.stringify({ prices: [{ key: 'kms.key-month', region: 'us-east-1', unit: 'month', usd: 0.5 }] }));
    expect(loadPriceOverrides(file)[0].row).toMatchObject({ key: 'kms.key-month', usd: '0.5' });
  });

  test('GIVEN a file with an unknown key, a negative price, a bad Region and a wrong unit WHEN loaded THEN one ValidationError names each', () => {
    const file = write('bad.yaml', [
      'prices:',
      '  - key: alb.hour',
      '    region: us-east-1',
      '    unit: hour',
      '    usd: 0.02',
      '    discount: 10',
      '  - key: nat.hour',
      '    region: us-east-1',
      '    unit: hour',
      '    usd: -0.01',
      '  - key: nat.gb',
      '    region: Ireland',
      '    unit: GB',
      '    usd: 0.04',
      '  - key: fargate.vcpu-hour',
      '    region: eu-west-1',
      '    dimensions: { architecture: arm64 }',
      '    unit: hour',
      '    usd: 0.03',
    ].join('\n'));
    const issues = issuesOf(() => loadPriceOverrides(file));
    expect(issues.map((i) => [i.prop, i.value])).toEqual([
      ['prices[0].discount', '10'],
      ['prices[1].usd', '-0.01'],
      ['prices[2].region', '"Ireland"'],
      ['prices[3].unit', '"hour"'],
    ]);
    expect(issues[0].allowed).toContain('one of the keys key, region, dimensions, unit, usd, note');
    expect(issues[1].allowed).toContain('a number from 0 up');
    expect(issues[2].allowed).toContain('an AWS Region name such as eu-west-1');
    expect(issues[3].allowed).toBe('vCPU-hour (the unit fargate.vcpu-hour is priced in)');
    expect(issues.every((i) => i.path === file)).toBe(true);
  });

  test.each([
    ['an unknown top-level key', { prices: [], currency: 'EUR' }, 'currency'],
    ['prices not a list', { prices: { key: 'alb.hour' } }, 'prices'],
    ['not a map', ['alb.hour'], '(root)'],
    ['an unknown price key', { prices: [{ key: 'lambda.requests', region: 'us-east-1', unit: 'million-requests', usd: 0.2 }] }, 'prices[0].key'],
    ['dimensions the key does not have', { prices: [{ key: 'alb.hour', region: 'us-east-1', unit: 'hour', usd: 0.02, dimensions: { tier: 'a' } }] }, 'prices[0].dimensions'],
    ['a missing dimension', { prices: [{ key: 'fargate.gb-hour', region: 'us-east-1', unit: 'GB-hour', usd: 0.004 }] }, 'prices[0].dimensions'],
    ['global for a Regional key', { prices: [{ key: 'alb.hour', region: 'global', unit: 'hour', usd: 0.02 }] }, 'prices[0].region'],
    ['too many decimals', { prices: [{ key: 'alb.hour', region: 'us-east-1', unit: 'hour', usd: '0.0000000001' }] }, 'prices[0].usd'],
    ['a non-finite price', { prices: [{ key: 'alb.hour', region: 'us-east-1', unit: 'hour', usd: Infinity }] }, 'prices[0].usd'],
    ['a missing price', { prices: [{ key: 'alb.hour', region: 'us-east-1', unit: 'hour' }] }, 'prices[0].usd'],
    ['a duplicate entry', {
      prices: [
        { key: 'alb.hour', region: 'us-east-1', unit: 'hour', usd: 0.02 },
        { key: 'alb.hour', region: 'us-east-1', unit: 'hour', usd: 0.01 },
      ],
    }, 'prices[1]'],
  ])('%s is rejected', (_, data, prop) => {
    const issues = issuesOf(() => parsePriceOverrides(data, 'prices.yaml'));
    expect(issues.map((i) => i.prop)).toEqual([prop]);
  });

  test('a price of 0 is allowed (a free tier or a credit)', () => {
    expect(parsePriceOverrides({ prices: [{ key: 'alb.hour', region: 'us-east-1', unit: 'hour', usd: 0 }] }, 'p.yaml')[0].row.usd).toBe('0');
  });

  test('a file that is not YAML is a SpecError from the shared loader', () => {
    const file = write('broken.yaml', 'prices: [\n');
    expect(() => loadPriceOverrides(file)).toThrow(/not valid YAML or JSON/);
  });
});
