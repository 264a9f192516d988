import { GLOBAL_REGION, PRICE_KEYS, PriceRow, PriceUnit, dimensionsText } from '../catalog/prices';
import { CatalogSource } from '../catalog/source';
import { loadYamlFile } from '../spec/loader';
import { isPlainObject, Rules } from '../validation';

/**
 * A user's own price (a negotiated or reserved rate), applied over the catalog's on-demand row
 * with the same key, Region and dimensions.
 */
export interface PriceOverride {
  /** The price as a row; its source names the overrides file. */
  readonly row: PriceRow;
  /** The user's note on the rate, e.g. `3-year reserved, no upfront`. */
  readonly note?: string;
}

/** The keys of one entry of an overrides file. */
const ENTRY_KEYS = ['key', 'region', 'dimensions', 'unit', 'usd', 'note'];

/** An AWS Region name (`eu-west-1`, `us-gov-west-1`, `ap-southeast-1`), or `global` for CloudFront. */
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** A price in USD: a non-negative decimal of at most 9 places. */
const USD_PATTERN = /^\d+(\.\d{1,9})?$/;

/** Renders a number as a plain decimal (no exponent), or undefined when it has no exact short form. */
function numberToDecimal(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  const s = String(n);
  if (!/e/i.test(s)) return s;
  const fixed = n.toFixed(9).replace(/0+$/, '').replace(/\.$/, '');
  return Number(fixed) === n ? fixed : undefined;
}

/**
 * Checks the data of an overrides file and returns its prices. The file is a map with one key,
 * `prices`, a list of entries:
 *
 * ```yaml
 * prices:
 *   - key: rds.instance-hour          # one of PRICE_KEYS
 *     region: eu-west-1               # an AWS Region, or `global` for CloudFront keys
 *     dimensions: { class: db.r7g.2xlarge, engine: aurora-postgresql, storage: standard }
 *     unit: hour                      # the key's unit (PriceUnit), stated so a wrong unit is caught
 *     usd: 0.62                       # USD per unit, >= 0, at most 9 decimals
 *     note: 1-year reserved, no upfront
 * ```
 *
 * @param file shown as the path of every problem and named as the source of every row
 * @throws ValidationError listing every bad entry (prop, value given, what is allowed)
 */
export function parsePriceOverrides(data: unknown, file: string): PriceOverride[] {
  const rules = new Rules(file);
  if (!rules.check('(root)', data, isPlainObject(data), 'a map with the key prices')) rules.throwIfInvalid();
  const root = data as Record<string, unknown>;
  for (const k of Object.keys(root)) rules.check(k, root[k], k === 'prices', 'only the key prices');
  const list = root.prices;
  if (!rules.check('prices', list, Array.isArray(list), 'a list of price entries')) rules.throwIfInvalid();

  const out: PriceOverride[] = [];
  const seen = new Map<string, number>();
  (list as unknown[]).forEach((entry, i) => {
    const at = `prices[${i}]`;
    if (!rules.check(at, entry, isPlainObject(entry), `a map of ${ENTRY_KEYS.join(', ')}`)) return;
    const e = entry as Record<string, unknown>;
    let ok = true;
    for (const k of Object.keys(e)) ok = rules.check(`${at}.${k}`, e[k], ENTRY_KEYS.includes(k), `one of the keys ${ENTRY_KEYS.join(', ')}`) && ok;

    const key = e.key;
    const spec = typeof key === 'string' ? PRICE_KEYS[key] : undefined;
    ok = rules.check(`${at}.key`, key, spec !== undefined, `a price key: one of ${Object.keys(PRICE_KEYS).join(', ')}`) && ok;

    const region = e.region;
    const regionOk = typeof region === 'string' && (region === GLOBAL_REGION ? spec === undefined || spec.dimensions.includes('geography') : REGION_PATTERN.test(region));
    ok = rules.check(`${at}.region`, region, regionOk,
      `an AWS Region name such as eu-west-1 (lower case: area-name-number)${spec?.dimensions.includes('geography') ? ', or global' : ''}`) && ok;

    ok = rules.check(`${at}.unit`, e.unit, spec === undefined ? Object.values(PriceUnit).includes(e.unit as PriceUnit) : e.unit === spec.unit,
      spec ? `${spec.unit} (the unit ${key} is priced in)` : `one of ${Object.values(PriceUnit).join(', ')}`) && ok;

    const usd = typeof e.usd === 'number' ? numberToDecimal(e.usd) : typeof e.usd === 'string' ? e.usd : undefined;
    ok = rules.check(`${at}.usd`, e.usd, usd !== undefined && USD_PATTERN.test(usd),
      'a price in USD per unit: a number from 0 up, with at most 9 decimal places') && ok;

    const dims = e.dimensions === undefined ? {} : e.dimensions;
    const dimsOk = isPlainObject(dims) && Object.values(dims).every((v) => typeof v === 'string' && v.length > 0);
    const wanted = spec ? [...spec.dimensions].sort() : [];
    const namesOk = dimsOk && (spec === undefined || Object.keys(dims).sort().join(',') === wanted.join(','));
    ok = rules.check(`${at}.dimensions`, e.dimensions, namesOk,
      spec ? (wanted.length ? `a map of ${wanted.join(', ')} (strings)` : `absent or empty (${key} has no dimensions)`) : 'a map of strings') && ok;

    ok = rules.check(`${at}.note`, e.note, e.note === undefined || typeof e.note === 'string', 'a string') && ok;
    if (!ok || !spec) return;

    const dimensions = Object.freeze({ ...(dims as Record<string, string>) });
    const identity = `${key}|${region}|${dimensionsText(dimensions)}`;
    const first = seen.get(identity);
    if (!rules.check(at, `${key} ${region}${Object.keys(dimensions).length ? ` (${dimensionsText(dimensions)})` : ''}`, first === undefined,
      `one entry per key, Region and dimensions (prices[${first}] has the same)`)) return;
    seen.set(identity, i);

    const note = e.note as string | undefined;
    const source: CatalogSource = Object.freeze({
      title: `User price override (${file}, ${at})`,
      url: file,
      read: '',
      confirmed: false,
      note: `The user's own rate${note ? `: ${note}` : ''}; not an AWS list price.`,
    });
    out.push(Object.freeze({
      row: Object.freeze({ key: key as string, region: region as string, dimensions, unit: spec.unit, usd: usd as string, source }),
      ...(note ? { note } : {}),
    }));
  });
  rules.throwIfInvalid();
  return out;
}

/**
 * Reads a YAML or JSON overrides file (with the spec's defences: size, unique keys, aliases) and
 * checks it (see `parsePriceOverrides`).
 *
 * @throws SpecError when the file cannot be read or parsed; ValidationError on bad entries
 */
export function loadPriceOverrides(file: string): PriceOverride[] {
  return parsePriceOverrides(loadYamlFile(file).data, file);
}
