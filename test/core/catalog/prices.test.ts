import {
  CLOUDFRONT_GEOGRAPHIES, EXAMPLE_REGIONS, GLOBAL_REGION, knownEc2Instances, NoPriceReason, PRICE_KEYS, PRICE_ROWS, PRICE_SOURCES, priceRow,
} from '../../../src/core/catalog';
import { usdToNano } from '../../../src/core/cost';

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
    ['ec2.instance-hour', 'us-east-1', { instanceType: 'm7g.large' }, '0.081600'],
    ['ec2.instance-hour', 'us-east-1', { instanceType: 'r7g.2xlarge' }, '0.428400'],
    ['ec2.instance-hour', 'us-east-1', { instanceType: 'c7i.large' }, '0.089250'],
    ['ec2.instance-hour', 'us-east-1', { instanceType: 'r8g.16xlarge' }, '3.770240'],
    ['ec2.instance-hour', 'us-east-1', { instanceType: 't4g.micro' }, '0.008400'],
    ['elasticache.node-hour', 'eu-west-1', { nodeType: 'cache.r7g.large', engine: 'redis' }, '0.243'],
    ['elasticache.node-hour', 'eu-west-1', { nodeType: 'cache.r7g.large', engine: 'valkey' }, '0.1944'],
    ['rds.instance-hour', 'eu-west-1', { class: 'db.r6g.large', engine: 'aurora-postgresql', storage: 'standard' }, '0.286'],
    ['aurora.io-million', 'eu-west-1', {}, '0.22'],
    ['sqs.million-requests', 'eu-west-1', {}, '0.40'],
    ['logs.ingestion-gb', 'eu-west-1', {}, '0.57'],
    ['s3.standard-gb-month', 'eu-west-1', {}, '0.023'],
    ['secretsmanager.secret-month', 'eu-west-1', {}, '0.40'],
    ['kms.key-month', 'eu-west-1', {}, '1.00'],
    ['kms.key-month', 'ap-southeast-1', {}, '1.00'],
  ])('%s in %s %j is %s USD', (key, region, dimensions, usd) => {
    const found = priceRow({ key, region, dimensions });
    expect(found.found).toBe(true);
    expect(found.row!.usd).toBe(usd);
  });

  test('every EC2 type the catalog knows has its us-east-1 row, and no row names a type the catalog does not know', () => {
    const known = knownEc2Instances();
    const rows = PRICE_ROWS.filter((r) => r.key === 'ec2.instance-hour');
    expect(rows.map((r) => r.dimensions.instanceType).sort()).toEqual([...known].sort());
    expect(new Set(rows.map((r) => r.region))).toEqual(new Set(['us-east-1']));
  });

  test('within a family the us-east-1 EC2 price doubles with each size from large to 16xlarge (a transcription check)', () => {
    const nano = (t: string) => usdToNano(priceRow({ key: 'ec2.instance-hour', region: 'us-east-1', dimensions: { instanceType: t } }).row!.usd);
    const families = [...new Set(knownEc2Instances().filter((t) => !t.startsWith('t4g')).map((t) => t.split('.')[0]))];
    const factor: Record<string, bigint> = { 'xlarge': BigInt(2), '2xlarge': BigInt(4), '4xlarge': BigInt(8), '8xlarge': BigInt(16), '12xlarge': BigInt(24), '16xlarge': BigInt(32) };
    for (const f of families) {
      const large = nano(`${f}.large`);
      for (const [size, k] of Object.entries(factor)) expect([f, size, nano(`${f}.${size}`)]).toEqual([f, size, large * k]);
    }
  });

  test('the derived eu-west-1 Aurora figure is the bill\'s 212.784 USD over 744 hours, and Valkey is 80% of Redis as the ElastiCache source says', () => {
    expect(usdToNano('0.286') * BigInt(744)).toBe(usdToNano('212.784'));
    const node = (engine: string) => usdToNano(priceRow({ key: 'elasticache.node-hour', region: 'eu-west-1', dimensions: { nodeType: 'cache.r7g.large', engine } }).row!.usd);
    expect(node('valkey') * BigInt(10)).toBe(node('redis') * BigInt(8));
  });

  test('the eu-west-1 rows read from public copies of the Price List are marked unconfirmed and cite their source', () => {
    const cases: Array<[string, Record<string, string>, object]> = [
      ['aurora.io-million', {}, PRICE_SOURCES.auroraIoIrelandPriceApi],
      ['sqs.million-requests', {}, PRICE_SOURCES.euWest1PriceListReadme],
      ['logs.ingestion-gb', {}, PRICE_SOURCES.euWest1PriceListReadme],
      ['s3.standard-gb-month', {}, PRICE_SOURCES.euWest1PriceListReadme],
      ['secretsmanager.secret-month', {}, PRICE_SOURCES.secretsManagerIrelandReadme],
    ];
    for (const [key, dimensions, source] of cases) {
      const found = priceRow({ key, region: 'eu-west-1', dimensions }).row!;
      expect([key, found.source]).toEqual([key, source]);
      expect([key, found.source.confirmed]).toEqual([key, false]);
    }
    expect(PRICE_SOURCES.euWest1PriceListReadme.note).toContain('$0.40/million requests');
    expect(PRICE_SOURCES.auroraIoIrelandPriceApi.note).toContain('$0.22/M eu-central-1 / eu-west-1');
  });

  test('a KMS key is 1 USD a month in every example Region, from the AWS KMS page that prints one key price with no Region qualifier', () => {
    for (const region of EXAMPLE_REGIONS) {
      expect([region, priceRow({ key: 'kms.key-month', region }).row?.usd]).toEqual([region, '1.00']);
    }
    expect(priceRow({ key: 'kms.key-month', region: 'eu-west-1' }).row?.source).toBe(PRICE_SOURCES.kmsPricingPage);
    expect(PRICE_SOURCES.kmsPricingPage.note).toContain('Each AWS KMS key that you create in KMS costs $1/month');
    // a Region outside the examples still has no KMS row: the catalog lists only the Regions it was filled for
    expect(priceRow({ key: 'kms.key-month', region: 'eu-central-1' }).found).toBe(false);
  });

  test('WAF is priced in every example Region (the same everywhere, per the AWS blog cited)', () => {
    for (const region of EXAMPLE_REGIONS) {
      expect(priceRow({ key: 'waf.web-acl-month', region }).row?.usd).toBe('5.00');
    }
  });
});

describe('price lookup', () => {
  test('GIVEN a figure only for us-east-1 WHEN eu-west-1 is asked THEN no price, naming the Region, never the us-east-1 figure', () => {
    const result = priceRow({ key: 'aurora.storage-gb-month', region: 'eu-west-1', dimensions: { storage: 'standard' } });
    expect(result.found).toBe(false);
    expect(result.row).toBeUndefined();
    expect(result.reason).toBe(NoPriceReason.NO_FIGURE);
    expect(result.message).toContain('eu-west-1');
    expect(result.message).toContain('it has one for us-east-1, which is not used for another Region');
    // a figure for two Regions is not used for a third: Secrets Manager in Singapore
    const secret = priceRow({ key: 'secretsmanager.secret-month', region: 'ap-southeast-1' });
    expect(secret).toMatchObject({ found: false, reason: NoPriceReason.NO_FIGURE });
    expect(secret.message).toContain('no price for secretsmanager.secret-month in ap-southeast-1');
    expect(secret.message).toContain('it has one for us-east-1, eu-west-1, which is not used for another Region');
    // NAT has its own figure per Region: Ireland's is not Virginia's
    expect(priceRow({ key: 'nat.hour', region: 'eu-west-1' }).row?.usd).toBe('0.048');
    expect(priceRow({ key: 'nat.hour', region: 'us-east-1' }).row?.usd).toBe('0.045');
  });

  test('a key with no figure anywhere says so', () => {
    const result = priceRow({ key: 'rds.instance-hour', region: 'us-east-1', dimensions: { class: 'db.r7g.large', engine: 'aurora-postgresql', storage: 'io-optimized' } });
    expect(result).toMatchObject({ found: false, reason: NoPriceReason.NO_FIGURE });
    expect(result.message).not.toContain('it has one for');
  });

  test('GIVEN EC2 figures only for us-east-1 WHEN eu-west-1 or ap-southeast-1 is asked THEN no price, never the Virginia figure', () => {
    for (const region of ['eu-west-1', 'ap-southeast-1']) {
      const result = priceRow({ key: 'ec2.instance-hour', region, dimensions: { instanceType: 'm7g.large' } });
      expect(result).toMatchObject({ found: false, reason: NoPriceReason.NO_FIGURE });
      expect(result.message).toContain('it has one for us-east-1, which is not used for another Region');
    }
    // The Irish cache figure is not Virginia's either
    expect(priceRow({ key: 'elasticache.node-hour', region: 'us-east-1', dimensions: { nodeType: 'cache.r7g.large', engine: 'valkey' } }).found).toBe(false);
  });

  test('an unknown key and wrong dimensions are typed reasons', () => {
    expect(priceRow({ key: 'lambda.requests', region: 'us-east-1' })).toMatchObject({ found: false, reason: NoPriceReason.UNKNOWN_KEY });
    expect(priceRow({ key: 'fargate.vcpu-hour', region: 'us-east-1' })).toMatchObject({ found: false, reason: NoPriceReason.WRONG_DIMENSIONS });
    expect(priceRow({ key: 'alb.hour', region: 'us-east-1', dimensions: { tier: 'x' } })).toMatchObject({ found: false, reason: NoPriceReason.WRONG_DIMENSIONS });
  });
});
