import {
  CLOUDFRONT_GEOGRAPHIES, EXAMPLE_REGIONS, GLOBAL_REGION, NoPriceReason, PRICE_KEYS, PRICE_ROWS, PRICE_SOURCES, priceRow,
} from '../../../src/core/catalog';

describe('price catalog rows', () => {
  test.each(PRICE_ROWS.map((r) => [`${r.key} ${r.region} ${JSON.stringify(r.dimensions)}`, r]))('%s: a known key, its unit and dimensions, a decimal price, a dated source', (_, row) => {
    const spec = PRICE_KEYS[row.key];
    expect(spec).toBeDefined();
    expect(row.unit).toBe(spec.unit);
    expect(Object.keys(row.dimensions).sort()).toEqual([...spec.dimensions].sort());
    expect(row.usd).toMatch(/^\d+(\.\d{1,9})?$/);
    expect(row.region === GLOBAL_REGION || /^[a-z]{2}(-[a-z]+)+-\d$/.test(row.region)).toBe(true);
    expect(row.source.url).toMatch(/^https?:\/\//);
    expect(row.source.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(row.source.note).toBeTruthy();
  });

  test('an unconfirmed row says why in its note', () => {
    const unconfirmed = PRICE_ROWS.filter((r) => !r.source.confirmed);
    expect(unconfirmed.length).toBeGreaterThan(0);
    for (const r of unconfirmed) expect(r.source.note).toMatch(/^Unconfirmed/);
  });

  test('the example Regions have their Fargate and ALB-hour rows where a source was found', () => {
    expect(priceRow({ key: 'fargate.vcpu-hour', region: 'eu-west-1', dimensions: { architecture: 'arm64' } }).row?.usd).toBe('0.03238');
    expect(priceRow({ key: 'alb.hour', region: 'eu-west-1' }).row?.usd).toBe('0.0252');
  });

  test('one row per key, Region and dimensions', () => {
    const ids = PRICE_ROWS.map((r) => `${r.key}|${r.region}|${JSON.stringify(r.dimensions)}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('the catalog cannot be changed at run time', () => {
    expect(Object.isFrozen(PRICE_ROWS)).toBe(true);
    expect(Object.isFrozen(PRICE_ROWS[0])).toBe(true);
    expect(Object.isFrozen(PRICE_SOURCES.fargateVantage)).toBe(true);
  });

  test('only CloudFront rows are global, one per geography', () => {
    const global = PRICE_ROWS.filter((r) => r.region === GLOBAL_REGION);
    expect(new Set(global.map((r) => r.key))).toEqual(new Set(['cloudfront.gb']));
    expect(global.map((r) => r.dimensions.geography)).toEqual([...CLOUDFRONT_GEOGRAPHIES]);
  });

  // Figures as the cited sources print them.
  test.each([
    ['fargate.vcpu-hour', 'us-east-1', { architecture: 'x86_64' }, '0.04048'],
    ['fargate.gb-hour', 'us-east-1', { architecture: 'x86_64' }, '0.004445'],
    ['fargate.vcpu-hour', 'us-east-1', { architecture: 'arm64' }, '0.03238'],
    ['fargate.gb-hour', 'us-east-1', { architecture: 'arm64' }, '0.00356'],
    ['alb.lcu-hour', 'us-east-1', {}, '0.008'],
    ['nat.gb', 'ap-southeast-1', {}, '0.059'],
    ['nat.gb', 'eu-west-1', {}, '0.048'],
    ['aurora.storage-gb-month', 'us-east-1', { storage: 'io-optimized' }, '0.225'],
    ['cloudfront.gb', 'global', { geography: 'india' }, '0.109'],
    ['waf.million-requests', 'eu-west-1', {}, '0.60'],
  ])('%s in %s %j is %s USD', (key, region, dimensions, usd) => {
    const found = priceRow({ key, region, dimensions });
    expect(found.found).toBe(true);
    expect(found.row!.usd).toBe(usd);
  });

  test('WAF is priced in every example Region (the same everywhere, per the AWS blog cited)', () => {
    for (const region of EXAMPLE_REGIONS) {
      expect(priceRow({ key: 'waf.web-acl-month', region }).row?.usd).toBe('5.00');
    }
  });
});

describe('price lookup', () => {
  test('GIVEN a figure only for us-east-1 WHEN eu-west-1 is asked THEN no price, naming the Region, never the us-east-1 figure', () => {
    const result = priceRow({ key: 'kms.key-month', region: 'eu-west-1' });
    expect(result.found).toBe(false);
    expect(result.row).toBeUndefined();
    expect(result.reason).toBe(NoPriceReason.NO_FIGURE);
    expect(result.message).toContain('eu-west-1');
    expect(result.message).toContain('it has one for us-east-1, which is not used for another Region');
    // NAT has its own figure per Region: Ireland's is not Virginia's
    expect(priceRow({ key: 'nat.hour', region: 'eu-west-1' }).row?.usd).toBe('0.048');
    expect(priceRow({ key: 'nat.hour', region: 'us-east-1' }).row?.usd).toBe('0.045');
  });

  test('a key with no figure anywhere says so', () => {
    const result = priceRow({ key: 'ec2.instance-hour', region: 'us-east-1', dimensions: { instanceType: 'm7g.large' } });
    expect(result).toMatchObject({ found: false, reason: NoPriceReason.NO_FIGURE });
    expect(result.message).not.toContain('it has one for');
  });

  test('an unknown key and wrong dimensions are typed reasons', () => {
    expect(priceRow({ key: 'lambda.requests', region: 'us-east-1' })).toMatchObject({ found: false, reason: NoPriceReason.UNKNOWN_KEY });
    expect(priceRow({ key: 'fargate.vcpu-hour', region: 'us-east-1' })).toMatchObject({ found: false, reason: NoPriceReason.WRONG_DIMENSIONS });
    expect(priceRow({ key: 'alb.hour', region: 'us-east-1', dimensions: { tier: 'x' } })).toMatchObject({ found: false, reason: NoPriceReason.WRONG_DIMENSIONS });
  });
});
