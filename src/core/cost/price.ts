import { PriceLookup, priceRow, PriceRow, PRICE_KEYS, PRICE_ROWS, NoPriceReason } from '../catalog/prices';
import { Rules } from '../validation';
import { PriceOverride } from './overrides';

/**
 * Hours in a month for pricing: 730 = 365 days x 24 hours / 12 months, the convention the AWS
 * Pricing Calculator and cost tools built on the AWS price list use (Infracost prices EC2 with
 * "730 hours in a month": cycloidio/terracost issue 10, infracost/infracost issue 1556). A
 * resource that runs all month is `count x HOURS_PER_MONTH` hours.
 */
export const HOURS_PER_MONTH = 730;

/** One thing to price: what is metered, where, and how much of it a month. */
export interface PricedItem {
  /** A label for the report, e.g. `api/fargate vCPU`. */
  readonly label: string;
  /** The price key, e.g. `fargate.vcpu-hour` (one of PRICE_KEYS). */
  readonly key: string;
  /** The AWS Region, or `global` for CloudFront. */
  readonly region: string;
  /** The key's dimensions, e.g. `{ architecture: 'arm64' }`. */
  readonly dimensions?: { [name: string]: string };
  /** How many of the key's unit a month (hours, GB, millions of requests...), at least 0. */
  readonly quantityPerMonth: number;
}

/** Where the price of an item came from. */
export enum PriceOrigin {
  /** The catalog's on-demand list price. */
  CATALOG = 'catalog',
  /** The user's overrides file (a negotiated or reserved rate). */
  USER_OVERRIDE = 'user-override',
}

/** The cost of one item: priced from a row, or reported without a price (never another Region's figure). */
export interface ItemCost {
  /** True when the item was priced. */
  readonly priced: boolean;
  /** The item. */
  readonly item: PricedItem;
  /** The row used, with its source (when priced). */
  readonly row?: PriceRow;
  /** The catalog's row or the user's override (when priced). */
  readonly origin?: PriceOrigin;
  /** The override's note (e.g. `3-year reserved`), for user overrides that give one. */
  readonly overrideNote?: string;
  /** The monthly cost in micro-dollars (USD x 10^6), rounded half up (when priced). */
  readonly monthlyMicroUsd?: number;
  /** The monthly cost in cents, rounded half up: what the report shows (when priced). */
  readonly monthlyCents?: number;
  /** The monthly cost in USD with two decimals, e.g. `'118.21'` (when priced). */
  readonly monthlyUsd?: string;
  /** Why there is no price (when not priced). */
  readonly reason?: NoPriceReason;
  /** In words: the key, the Region and why (when not priced). */
  readonly message?: string;
}

/** The cost of a list of items. */
export interface CostResult {
  /** Per item, in the order given. */
  readonly items: ItemCost[];
  /** The sum of the priced items' cents (each item rounded first, so a table of items adds up). */
  readonly totalCents: number;
  /** `totalCents` as USD with two decimals. */
  readonly totalUsd: string;
  /** Items without a price: the total leaves them out. */
  readonly unpriced: number;
}

/** Options of `priceItems`. */
export interface PriceItemsOptions {
  /** The user's prices, applied over the catalog (see `loadPriceOverrides`). */
  readonly overrides?: PriceOverride[];
  /** The catalog rows; the built-in catalog by default (tests give their own). */
  readonly rows?: PriceRow[];
}

/**
 * The largest quantity an item may have a month (10^9 units): its millionths stay an exact integer
 * in a double (below 2^53), so the integer arithmetic below starts from the exact quantity.
 */
export const MAX_QUANTITY_PER_MONTH = 1_000_000_000;

/** Decimal places kept of a price (nano-dollars) and of a quantity (millionths). */
const PRICE_DECIMALS = 9;
const QUANTITY_DECIMALS = 6;
/** The product price x quantity is in units of 10^-(9+6) USD. */
const PRODUCT_SCALE = BigInt(10) ** BigInt(PRICE_DECIMALS + QUANTITY_DECIMALS);

/** A decimal string of at most 9 places as an integer number of nano-dollars. */
export function usdToNano(usd: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,9}))?$/.exec(usd);
  if (!m) throw new Error(`not a price: '${usd}' (a non-negative decimal of at most ${PRICE_DECIMALS} places)`);
  return BigInt(m[1]) * BigInt(10) ** BigInt(PRICE_DECIMALS) + BigInt((m[2] ?? '').padEnd(PRICE_DECIMALS, '0'));
}

/** `numerator / scale`, rounded half up (both non-negative). */
function roundHalfUp(numerator: bigint, scale: bigint): bigint {
  return (numerator * BigInt(2) + scale) / (scale * BigInt(2));
}

function centsText(cents: bigint): string {
  const s = cents.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

function overrideFor(item: PricedItem, overrides: readonly PriceOverride[]): PriceOverride | undefined {
  const lookup: PriceLookup = priceRow(item, overrides.map((o) => o.row));
  return lookup.found ? overrides.find((o) => o.row === lookup.row) : undefined;
}

/**
 * Prices each item: the user's override when one matches exactly (key, Region, dimensions), else
 * the catalog row, else a "no price" with the reason (never another Region's figure).
 *
 * Arithmetic is exact, in integers: the price is taken in nano-dollars (the sources print at most
 * 6 decimals), the quantity to 6 decimal places (rounded half up), and their product is rounded
 * once, half up, to the cent per item (and to the micro-dollar for `monthlyMicroUsd`). The total is
 * the sum of the items' cents, so the items of a report add up to its total.
 *
 * @throws ValidationError listing every item whose quantity is not a number from 0 to MAX_QUANTITY_PER_MONTH.
 */
export function priceItems(items: readonly PricedItem[], options: PriceItemsOptions = {}): CostResult {
  const rules = new Rules('cost');
  items.forEach((item, i) => rules.number(`items[${i}].quantityPerMonth`, item.quantityPerMonth ?? NaN, 0, MAX_QUANTITY_PER_MONTH,
    `${PRICE_KEYS[item.key]?.unit ?? 'units'} a month`));
  rules.throwIfInvalid();

  const rows = options.rows ?? PRICE_ROWS;
  const overrides = options.overrides ?? [];
  let total = BigInt(0);
  let unpriced = 0;
  const costs: ItemCost[] = items.map((item) => {
    const override = overrideFor(item, overrides);
    const lookup: PriceLookup = override ? { found: true, row: override.row } : priceRow(item, rows);
    if (!lookup.found || !lookup.row) {
      unpriced++;
      return { priced: false, item, reason: lookup.reason, message: lookup.message };
    }
    const quantity = BigInt(Math.round(item.quantityPerMonth * 10 ** QUANTITY_DECIMALS));
    const product = usdToNano(lookup.row.usd) * quantity;
    const cents = roundHalfUp(product, PRODUCT_SCALE / BigInt(100));
    const micro = roundHalfUp(product, PRODUCT_SCALE / BigInt(10 ** 6));
    total += cents;
    return {
      priced: true,
      item,
      row: lookup.row,
      origin: override ? PriceOrigin.USER_OVERRIDE : PriceOrigin.CATALOG,
      ...(override?.note ? { overrideNote: override.note } : {}),
      monthlyMicroUsd: Number(micro),
      monthlyCents: Number(cents),
      monthlyUsd: centsText(cents),
    };
  });
  return { items: costs, totalCents: Number(total), totalUsd: centsText(total), unpriced };
}
