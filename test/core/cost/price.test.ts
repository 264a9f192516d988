import { PRICE_ROWS, NoPriceReason, PriceRow, PriceUnit } from '../../../src/core/catalog';
import { HOURS_PER_MONTH, MAX_QUANTITY_PER_MONTH, parsePriceOverrides, PriceOrigin, priceItems, PricedItem, usdToNano } from '../../../src/core/cost';
import { ValidationError } from '../../../src/core/errors';

describe('priceItems', () => {
  test('730 hours a month', () => {
    expect(HOURS_PER_MONTH).toBe(730);
  });

  test('GIVEN a small system in us-east-1 WHEN priced THEN every item and the total agree to the cent with the rows, by hand', () => {
    // Two Fargate tasks of 1 vCPU / 2 GB on ARM all month, one ALB with 3 LCUs on average,
    // a NAT gateway processing 100 GB, Aurora Standard with 50 GB and 20 million I/Os.
    const items: PricedItem[] = [
      { label: 'api vCPU', key: 'fargate.vcpu-hour', region: 'us-east-1', dimensions: { architecture: 'arm64' }, quantityPerMonth: 2 * 1 * HOURS_PER_MONTH },
      { label: 'api memory', key: 'fargate.gb-hour', region: 'us-east-1', dimensions: { architecture: 'arm64' }, quantityPerMonth: 2 * 2 * HOURS_PER_MONTH },
      { label: 'alb', key: 'alb.hour', region: 'us-east-1', quantityPerMonth: HOURS_PER_MONTH },
      { label: 'alb LCU', key: 'alb.lcu-hour', region: 'us-east-1', quantityPerMonth: 3 * HOURS_PER_MONTH },
      { label: 'nat', key: 'nat.hour', region: 'us-east-1', quantityPerMonth: HOURS_PER_MONTH },
      { label: 'nat GB', key: 'nat.gb', region: 'us-east-1', quantityPerMonth: 100 },
      { label: 'db storage', key: 'aurora.storage-gb-month', region: 'us-east-1', dimensions: { storage: 'standard' }, quantityPerMonth: 50 },
      { label: 'db I/O', key: 'aurora.io-million', region: 'us-east-1', quantityPerMonth: 20 },
    ];
    const result = priceItems(items);
    // By hand from the rows:
    //   1460 vCPU-h x 0.03238 = 47.2748   -> 47.27
    //   2920 GB-h x 0.00356   = 10.3952   -> 10.40
    //   730 h x 0.0225        = 16.425    -> 16.43 (half up)
    //   2190 LCU-h x 0.008    = 17.52
    //   730 h x 0.045         = 32.85
    //   100 GB x 0.045        = 4.50
    //   50 GB-month x 0.10    = 5.00
    //   20 million x 0.20     = 4.00
    expect(result.items.map((c) => c.monthlyUsd)).toEqual(['47.27', '10.40', '16.43', '17.52', '32.85', '4.50', '5.00', '4.00']);
    expect(result.items[0].monthlyMicroUsd).toBe(47_274_800);
    expect(result.totalUsd).toBe('137.97');
    expect(result.totalCents).toBe(13797);
    expect(result.unpriced).toBe(0);
    for (const c of result.items) {
      expect(c.origin).toBe(PriceOrigin.CATALOG);
      expect(c.row!.source.url).toMatch(/^https?:\/\//);
    }
  });

  test('GIVEN an item in a Region without a figure WHEN priced THEN it is reported, not priced, and left out of the total', () => {
    const result = priceItems([
      { label: 'eu storage', key: 'aurora.storage-gb-month', region: 'eu-west-1', dimensions: { storage: 'standard' }, quantityPerMonth: 100 },
      { label: 'us vCPU', key: 'fargate.vcpu-hour', region: 'us-east-1', dimensions: { architecture: 'arm64' }, quantityPerMonth: 730 },
    ]);
    expect(result.items[0]).toMatchObject({ priced: false, reason: NoPriceReason.NO_FIGURE });
    expect(result.items[0].monthlyCents).toBeUndefined();
    expect(result.items[0].message).toContain('eu-west-1');
    expect(result.unpriced).toBe(1);
    expect(result.totalUsd).toBe('23.64'); // 730 x 0.03238 = 23.6374
  });

  test('rounding is half up to the cent, in integers (no binary floating-point drift)', () => {
    const rows: PriceRow[] = [{ key: 'alb.hour', region: 'us-east-1', dimensions: {}, unit: PriceUnit.HOUR, usd: '0.005', source: PRICE_ROWS[0].source }];
    expect(priceItems([{ label: 'x', key: 'alb.hour', region: 'us-east-1', quantityPerMonth: 1 }], { rows }).items[0].monthlyUsd).toBe('0.01');
    expect(priceItems([{ label: 'x', key: 'alb.hour', region: 'us-east-1', quantityPerMonth: 0.9 }], { rows }).items[0].monthlyUsd).toBe('0.00');
    // 0.1 + 0.2 style drift: 3 x 0.1 GB-month is exactly 0.30
    expect(priceItems([{ label: 'x', key: 'aurora.storage-gb-month', region: 'us-east-1', dimensions: { storage: 'standard' }, quantityPerMonth: 3 }]).items[0].monthlyMicroUsd).toBe(300_000);
    expect(usdToNano('0.04048')).toBe(BigInt(40_480_000));
    expect(() => usdToNano('-1')).toThrow(/not a price/);
  });

  test('a negative or non-finite quantity is one ValidationError naming every item', () => {
    let error: unknown;
    try {
      priceItems([
        { label: 'a', key: 'alb.hour', region: 'us-east-1', quantityPerMonth: -1 },
        { label: 'b', key: 'alb.hour', region: 'us-east-1', quantityPerMonth: NaN },
        { label: 'c', key: 'alb.hour', region: 'us-east-1', quantityPerMonth: MAX_QUANTITY_PER_MONTH + 1 },
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.prop)).toEqual(['items[0].quantityPerMonth', 'items[1].quantityPerMonth', 'items[2].quantityPerMonth']);
    expect((error as ValidationError).issues[0].allowed).toBe('a number from 0 to 1,000,000,000 hour a month');
  });

  test('GIVEN a user override WHEN priced THEN the override is used, marked as the user\'s, and other items keep the catalog', () => {
    const overrides = parsePriceOverrides({
      prices: [
        { key: 'alb.hour', region: 'us-east-1', unit: 'hour', usd: 0.02, note: 'private pricing' },
        { key: 'nat.hour', region: 'eu-west-1', unit: 'hour', usd: '0.03' },
      ],
    }, 'prices.yaml');
    const result = priceItems([
      { label: 'alb', key: 'alb.hour', region: 'us-east-1', quantityPerMonth: 730 },
      { label: 'nat', key: 'nat.hour', region: 'us-east-1', quantityPerMonth: 730 },
      { label: 'eu nat', key: 'nat.hour', region: 'eu-west-1', quantityPerMonth: 730 },
    ], { overrides });
    expect(result.items[0]).toMatchObject({ priced: true, origin: PriceOrigin.USER_OVERRIDE, overrideNote: 'private pricing', monthlyUsd: '14.60' });
    expect(result.items[0].row!.source.title).toContain('prices.yaml');
    expect(result.items[1]).toMatchObject({ origin: PriceOrigin.CATALOG, monthlyUsd: '32.85' });
    // A Region without a catalog figure is priced by the user's own rate.
    expect(result.items[2]).toMatchObject({ origin: PriceOrigin.USER_OVERRIDE, monthlyUsd: '21.90' });
    expect(result.totalUsd).toBe('69.35');
  });
});
