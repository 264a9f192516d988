/**
 * One rejected input: where it is, which prop, what was given and what is allowed.
 */
export interface ValidationIssue {
  /** Construct path or spec path of the block that holds the prop, e.g. `social/api`. */
  readonly path: string;
  /** The prop, dotted from the block's options, e.g. `load.peakRequestsPerSecond`. */
  readonly prop: string;
  /** The value given, rendered as JSON. */
  readonly value: string;
  /** What is allowed, in words, e.g. `an integer from 2 to 6`. */
  readonly allowed: string;
}

/**
 * Base of every error scaleblocks throws on purpose. Not part of the jsii API (jsii cannot
 * extend the built-in Error); TypeScript users catch `ValidationError`, every language can
 * use `Errors.isValidationError()`.
 */
abstract class ScaleblocksError extends Error {
  protected constructor(name: string, message: string) {
    super(message);
    this.name = name;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/**
 * Thrown at plan time (and so at synth time) when options are invalid. It lists every
 * rejected input at once, each with its prop, the value given and what is allowed.
 *
 * @internal jsii cannot model subclasses of Error; see `Errors.isValidationError()`.
 */
export class ValidationError extends ScaleblocksError {
  /** Every rejected input, in the order the rules ran. */
  public readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[]) {
    super('ValidationError', formatIssues(issues));
    this.issues = issues;
  }
}

/** Helpers to recognise scaleblocks errors from any jsii language. */
export class Errors {
  /** True when `x` is a scaleblocks ValidationError. */
  public static isValidationError(x: any): boolean {
    return x instanceof ValidationError;
  }

  /** The issues a ValidationError carries, or an empty list for any other value. */
  public static issuesOf(x: any): ValidationIssue[] {
    return x instanceof ValidationError ? x.issues : [];
  }

  private constructor() {}
}

/** Renders one value the way messages show it: JSON, with `undefined` spelled out. */
export function renderValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  try {
    const json = JSON.stringify(value);
    if (json === undefined) return String(value);
    return json.length > 200 ? `${json.slice(0, 197)}...` : json;
  } catch {
    return String(value);
  }
}

function formatIssues(issues: ValidationIssue[]): string {
  const lines = issues.map((i) => `  - ${i.path ? `${i.path}: ` : ''}${i.prop} = ${i.value}: must be ${i.allowed}`);
  return `${issues.length} invalid input${issues.length === 1 ? '' : 's'}:\n${lines.join('\n')}`;
}
