import { renderValue, ValidationError, ValidationIssue } from './errors';

/**
 * Validation rules as data: each check records `{ prop, value, ok, allowed }`; every rule
 * runs, and `throwIfInvalid()` reports all failures at once.
 *
 * Internal to the core: blocks build one `Rules` per plan call.
 */
export class Rules {
  private readonly failures: ValidationIssue[] = [];

  /** @param path construct or spec path of the block, shown before each message */
  constructor(public readonly path: string) {}

  /** Records a rule; fails when `ok` is false. Returns `ok` so callers can skip dependent rules. */
  public check(prop: string, value: unknown, ok: boolean, allowed: string): boolean {
    if (!ok) {
      this.failures.push({ path: this.path, prop, value: renderValue(value), allowed });
    }
    return ok;
  }

  /** A finite number in [min, max]; `undefined` passes (optional props are checked once resolved). */
  public number(prop: string, value: number | undefined, min: number, max: number, unit = ''): boolean {
    if (value === undefined) return true;
    const u = unit ? ` ${unit}` : '';
    return this.check(prop, value, typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max,
      `a number from ${fmt(min)} to ${fmt(max)}${u}`);
  }

  /** A number strictly greater than `min` (e.g. a positive rate) and at most `max`. */
  public positive(prop: string, value: number | undefined, max = Number.MAX_SAFE_INTEGER, unit = ''): boolean {
    if (value === undefined) return true;
    const u = unit ? ` ${unit}` : '';
    return this.check(prop, value, typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= max,
      `a number greater than 0${max < Number.MAX_SAFE_INTEGER ? ` and at most ${fmt(max)}` : ''}${u}`);
  }

  /** An integer in [min, max]. */
  public integer(prop: string, value: number | undefined, min: number, max: number, unit = ''): boolean {
    if (value === undefined) return true;
    const u = unit ? ` ${unit}` : '';
    return this.check(prop, value, Number.isInteger(value) && value >= min && value <= max,
      `an integer from ${fmt(min)} to ${fmt(max)}${u}`);
  }

  /**
   * A fraction in [0, 1], with `allowZero` / `allowOne` false excluding that end. Type-safe:
   * anything but a finite number fails with the same message, and no comparison runs on it.
   */
  public fraction(prop: string, value: unknown, allowZero = true, allowOne = true): boolean {
    if (value === undefined) return true;
    const isNumber = isFiniteNumber(value);
    const okLow = isNumber && (allowZero ? value >= 0 : value > 0);
    const okHigh = isNumber && (allowOne ? value <= 1 : value < 1);
    return this.check(prop, value, okLow && okHigh,
      `a fraction ${allowZero ? 'from 0' : 'greater than 0'} ${allowOne ? 'to 1' : 'and below 1'}`);
  }

  /** One of the members of a string-valued enum. */
  public oneOf(prop: string, value: string | undefined, allowed: readonly string[]): boolean {
    if (value === undefined) return true;
    return this.check(prop, value, allowed.includes(value), `one of ${allowed.join(', ')}`);
  }

  /** A non-empty string that matches `pattern`, described in words by `allowed`. */
  public matches(prop: string, value: string | undefined, pattern: RegExp, allowed: string): boolean {
    if (value === undefined) return true;
    return this.check(prop, value, typeof value === 'string' && pattern.test(value), allowed);
  }

  /**
   * A nested options object: returns it, or `{}` when absent. Anything else (an array, a
   * string...) is recorded as a failure and `{}` is returned, so later rules never crash.
   */
  public object<T extends object>(prop: string, value: T | undefined): T {
    if (value === undefined) return {} as T;
    if (this.check(prop, value, isPlainObject(value), 'an object of options')) return value;
    return {} as T;
  }

  /** An array (possibly empty) or undefined; anything else is a failure and reads as undefined. */
  public array<T>(prop: string, value: T[] | undefined): T[] | undefined {
    if (value === undefined) return undefined;
    return this.check(prop, value, Array.isArray(value), 'a list') ? value : undefined;
  }

  /** A map of strings to strings, or `{}` when absent; anything else is a failure and reads as `{}`. */
  public stringMap(prop: string, value: { [key: string]: string } | undefined): { [key: string]: string } {
    const map = this.object(prop, value);
    for (const [k, v] of Object.entries(map)) this.check(`${prop}.${k}`, v, typeof v === 'string', 'a string');
    return Object.fromEntries(Object.entries(map).filter(([, v]) => typeof v === 'string'));
  }

  /** A list of strings, or `[]` when absent; a non-list and every non-string item are failures and are left out. */
  public strings(prop: string, value: unknown): string[] {
    if (value === undefined) return [];
    if (!this.check(prop, value, Array.isArray(value), 'a list of strings')) return [];
    const list = value as unknown[];
    list.forEach((s, i) => this.check(`${prop}[${i}]`, s, typeof s === 'string', 'a string'));
    return list.filter((s): s is string => typeof s === 'string');
  }

  /**
   * A list of distinct strings, each passing `ok` (described in words by `allowed`). Returns a
   * copy when every item is a string (even one that failed `ok`), else undefined; undefined
   * when absent.
   */
  public uniqueStrings(prop: string, value: unknown, ok: (s: string) => boolean, allowed: string): string[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.check(prop, value, false, `a list of ${allowed}`);
      return undefined;
    }
    value.forEach((v, i) => this.check(`${prop}[${i}]`, v, typeof v === 'string' && ok(v), allowed));
    this.check(prop, value, new Set(value).size === value.length, 'a list without duplicates');
    return value.every((v) => typeof v === 'string') ? [...value] : undefined;
  }

  /** A boolean or undefined. */
  public boolean(prop: string, value: unknown): boolean {
    if (value === undefined) return true;
    return this.check(prop, value, typeof value === 'boolean', 'true or false');
  }

  /** Checks an optional boolean like `boolean()`, and returns it, or `fallback` when it is absent or not a boolean. */
  public booleanOr(prop: string, value: unknown, fallback: boolean): boolean {
    this.boolean(prop, value);
    return typeof value === 'boolean' ? value : fallback;
  }

  /**
   * Runs a plan body. When it fails on an input that a rule already rejected (a wrong type
   * that later code could not use), the rejected inputs are reported as a ValidationError
   * instead of the crash; a failure with no rejected input is a bug and is rethrown.
   */
  public guard<T>(body: () => T): T {
    try {
      return body();
    } catch (e) {
      if (e instanceof ValidationError || this.failures.length === 0) throw e;
      throw new ValidationError(this.failures);
    }
  }

  /** True when no rule failed so far. */
  public get ok(): boolean {
    return this.failures.length === 0;
  }

  /** The failures so far. */
  public get issues(): ValidationIssue[] {
    return [...this.failures];
  }

  /** Adds the failures of a nested plan (e.g. a shard's database) to this list. */
  public absorb(error: unknown): void {
    if (error instanceof ValidationError) {
      this.failures.push(...error.issues);
    } else {
      throw error;
    }
  }

  /** Throws one ValidationError that lists every failure, if any rule failed. */
  public throwIfInvalid(): void {
    if (this.failures.length > 0) {
      throw new ValidationError(this.failures);
    }
  }
}

/** True for a plain object (not null, not an array): the shape every options object has. */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * `x` when it is a plain object, else `{}`. Records nothing: for options whose wrong type a
 * rule of their own reports (or that the caller reports with `Rules.object`).
 */
export function objectOrEmpty<T>(x: T | undefined): T {
  return (isPlainObject(x) ? x : {}) as T;
}

/** True for a finite number (not NaN, not an infinity, not a numeric string). */
export function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/**
 * `given` when its rule passed (`ok`) and it is set, else `fallback`: keeps later arithmetic
 * safe on rejected input (the plan throws anyway once every rule has run).
 */
export function validOr<T>(ok: boolean, given: T | undefined, fallback: T): T {
  return ok && given !== undefined ? given : fallback;
}

/** `v` when it is an integer in [min, max], else `fallback`: keeps the plan computable while the rules report the error. */
export function integerOr(v: unknown, min: number, max: number, fallback: number): number {
  return Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? v as number : fallback;
}

/** `v` when it is a finite number in [min, max], else `fallback`. */
export function numberOr(v: unknown, min: number, max: number, fallback: number): number {
  return isFiniteNumber(v) && v >= min && v <= max ? v : fallback;
}

/*
 * The formatters of `fmt`, made once: `toLocaleString` builds a new Intl.NumberFormat on every
 * call, and the rules format their bounds for every check, passing or not (about 20 ms of CPU of
 * planning the example, profiled). The same output: `toLocaleString(locale, options)` is
 * specified as formatting with `new Intl.NumberFormat(locale, options)`.
 */
const WHOLE = new Intl.NumberFormat('en-US');
const FRACTION = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

/** Formats a number for messages: from 1,000 up rounded with thousands separators, below to 4 significant digits. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) || Math.abs(n) >= 1000) return WHOLE.format(Math.round(n));
  return FRACTION.format(Number(n.toPrecision(4)));
}

/** Joins a path and a child prop: `join('load', 'peak')` = `load.peak`. */
export function join(prefix: string, prop: string): string {
  return prefix ? `${prefix}.${prop}` : prop;
}
