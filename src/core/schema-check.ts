import * as fs from 'fs';
import * as path from 'path';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';

/*
 * JSON Schema checks of data built anywhere (a spec file, a spec object built in code, a plan a
 * caller hands to a construct), against the schemas in schema/ that build-tools/write-schemas.js
 * generates from the jsii assembly: the TypeScript interfaces stay the single source. Every
 * problem is reported, each with its path, the value given and what is allowed in words.
 */

/** One schema problem: where (segments and dotted path), what was given, what is allowed. */
export interface SchemaProblem {
  /** The path inside the checked data, as segments (`['api', 'scaling', 'minTasks']`). */
  readonly segments: (string | number)[];
  /** The same path, dotted (`api.scaling.minTasks`, `database.readers[1]`), `(root)` for the data itself. */
  readonly path: string;
  /** The value found there (undefined for a missing required key). */
  readonly value: unknown;
  /** What is allowed, in words (`one of HASH, RANGE, GEOGRAPHIC`, `a known key (did you mean "scaling"?): ...`). */
  readonly allowed: string;
}

/** The package's schema/ folder: the same relative place from src/core and from lib/core. */
const SCHEMA_DIR = path.join(__dirname, '..', '..', 'schema');

const validators = new Map<string, ValidateFunction>();

/**
 * The validators that `compile` generates from schema/ (build-tools/precompile-schemas.js, Ajv's
 * standalone code, same options as below) next to this file in lib/: an index whose entries load
 * their schema's module when first read (a plan check does not parse the spec's code, nor a spec
 * check the plans'); undefined when running from src/ (tests), where each schema is compiled on
 * first use instead.
 */
let precompiled: Record<string, ValidateFunction> | undefined | null = null;
function precompiledValidators(): Record<string, ValidateFunction> | undefined {
  if (precompiled === null) {
    const file = path.join(__dirname, 'schema-validators.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    precompiled = fs.existsSync(file) ? require(file) as Record<string, ValidateFunction> : undefined;
  }
  return precompiled;
}

/**
 * The validator of a schema file of schema/ (e.g. `plans/work-queue.schema.json`), or of one of
 * its definitions (`system-spec.schema.json#LoadBalancedApiOptions`): the precompiled one in lib/,
 * otherwise compiled once.
 */
export function schemaValidator(file: string): ValidateFunction {
  let v = validators.get(file) ?? precompiledValidators()?.[file];
  if (!v) {
    const [name, def] = file.split('#');
    const whole = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, name), 'utf8'));
    const schema = def === undefined ? whole : { ...whole, $id: undefined, $ref: `#/$defs/${def}` };
    // Ajv's compiler is loaded only here: lib/ normally runs the precompiled validators.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv2020 = (require('ajv/dist/2020') as typeof import('ajv/dist/2020')).default;
    v = new Ajv2020({ allErrors: true, strict: false, verbose: true }).compile(withoutUndefined(schema) as object);
    validators.set(file, v);
  }
  return v;
}

/**
 * Checks `data` against a schema of schema/ and returns every problem (none when it passes).
 * Keys whose value is `undefined` count as absent, as TypeScript's optional props do (and as JSON,
 * which cannot hold them, does): an object built in code is held to what its file would be.
 */
export function schemaProblems(file: string, data: unknown): SchemaProblem[] {
  const validate = schemaValidator(file);
  const clean = withoutUndefined(data);
  if (validate(clean)) return [];
  return dedupe((validate.errors ?? []).map((err) => problemOf(clean, err)));
}

/** A copy of `data` without the object keys whose value is undefined (array items are kept). */
export function withoutUndefined(data: unknown): unknown {
  if (Array.isArray(data)) return data.map(withoutUndefined);
  if (data === null || typeof data !== 'object') return data;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (v !== undefined) out[k] = withoutUndefined(v);
  }
  return out;
}

/** Splits `api.scaling.minTasks` or `shards[2].range` into segments. */
export function splitPath(specPath: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of specPath.split('.')) {
    if (!part) continue;
    const m = part.match(/^([^[\]]*)((\[\d+\])*)$/);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of m[2].match(/\d+/g) ?? []) out.push(Number(idx));
  }
  return out;
}

/** Joins segments into the dotted form used in messages. */
export function joinPath(segments: (string | number)[]): string {
  return segments.reduce<string>((acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
}

function pointerToSegments(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The value at a path of segments, or undefined. */
export function valueAt(data: unknown, segments: (string | number)[]): unknown {
  let v: any = data;
  for (const s of segments) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v[s];
  }
  return v;
}

function problemOf(data: unknown, err: ErrorObject): SchemaProblem {
  const base = pointerToSegments(err.instancePath);
  let segments = base;
  let allowed: string;
  let value: unknown = valueAt(data, base);
  switch (err.keyword) {
    case 'additionalProperties': {
      const key = (err.params as { additionalProperty: string }).additionalProperty;
      segments = [...base, key];
      value = valueAt(data, segments);
      const known = Object.keys((err.parentSchema as any)?.properties ?? {});
      const near = closest(key, known);
      allowed = `a known key${near ? ` (did you mean "${near}"?)` : ''}: ${known.join(', ')}`;
      break;
    }
    case 'required': {
      const key = (err.params as { missingProperty: string }).missingProperty;
      segments = [...base, key];
      value = undefined;
      const desc = (err.parentSchema as any)?.properties?.[key]?.description;
      allowed = `given (required)${desc ? `: ${String(desc).split('\n')[0]}` : ''}`;
      break;
    }
    case 'type':
      allowed = `of type ${(err.params as { type: string }).type}`;
      break;
    case 'enum':
      allowed = `one of ${((err.params as { allowedValues: unknown[] }).allowedValues).join(', ')}`;
      break;
    default:
      allowed = err.message ?? err.keyword;
  }
  return { segments, path: joinPath(segments) || '(root)', value, allowed };
}

function dedupe(problems: SchemaProblem[]): SchemaProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}|${p.allowed}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The known key closest to a mistyped one (edit distance <= 2, or a case-insensitive match). */
export function closest(key: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDist = 3;
  for (const k of known) {
    const d = k.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, k);
    if (d < bestDist) {
      best = k;
      bestDist = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}
