import * as fs from 'fs';
import * as path from 'path';
import Ajv2020, { ErrorObject } from 'ajv/dist/2020';
import { Document, isMap, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { renderValue } from '../core/errors';

/** One problem in a spec file: where, what was given, what is allowed. */
export interface SpecProblem {
  readonly file: string;
  /** 1-based line of the offending key or value, when the file has one for it. */
  readonly line?: number;
  readonly column?: number;
  /** Dotted path inside the spec, e.g. `api.scaling.minTasks` or `database.readers[1]`. */
  readonly path: string;
  readonly value: string;
  readonly allowed: string;
}

/** A spec that cannot be used: exit code 2, one message per problem, no stack trace. */
export class SpecError extends Error {
  constructor(public readonly problems: SpecProblem[], headline?: string) {
    super(headline ?? `${problems.length} problem${problems.length === 1 ? '' : 's'} in the spec`);
    this.name = 'SpecError';
  }
}

/** A parsed spec file, with a way back from a spec path to its line. */
export interface LoadedSpec {
  readonly file: string;
  /** The spec as data; it passed the JSON Schema. */
  readonly data: unknown;
  /** Line and column of a spec path (or of its nearest existing parent). */
  locate(specPath: string): { line: number; column: number } | undefined;
}

const SCHEMA_FILE = path.join(__dirname, '..', '..', 'schema', 'system-spec.schema.json');

let validator: ReturnType<Ajv2020['compile']> | undefined;
let rootSchema: any;

function compiledValidator(): ReturnType<Ajv2020['compile']> {
  if (!validator) {
    rootSchema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
    const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
    validator = ajv.compile(rootSchema);
  }
  return validator;
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

function nodeAt(doc: Document, segments: (string | number)[]): { node?: Node; keyNode?: Node } {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const seg of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === seg);
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      keyNode = node as Node;
    } else {
      break;
    }
  }
  return { node: node as Node | undefined, keyNode };
}

/** Reads, parses (YAML or JSON) and schema-checks a spec file. Throws SpecError on any problem. */
export function loadSpecFile(file: string): LoadedSpec {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SpecError([{ file, path: '', value: renderValue(file), allowed: 'a readable YAML or JSON file' }],
      code === 'ENOENT' ? `cannot read ${file}: no such file` : `cannot read ${file}: ${(e as Error).message}`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new SpecError(doc.errors.map((err) => {
      const pos = err.linePos?.[0];
      return { file, line: pos?.line, column: pos?.col, path: '', value: renderValue(err.code), allowed: `valid YAML or JSON (${err.message.split('\n')[0]})` };
    }), `${file} is not valid YAML or JSON`);
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  const locate = (specPath: string): { line: number; column: number } | undefined => {
    const segments = splitPath(specPath);
    for (let n = segments.length; n >= 0; n--) {
      const { node, keyNode } = nodeAt(doc, segments.slice(0, n));
      const target = n === segments.length ? keyNode ?? node : node;
      const range = target?.range;
      if (range) {
        const { line, col } = lineCounter.linePos(range[0]);
        return { line, column: col };
      }
    }
    return undefined;
  };
  const validate = compiledValidator();
  if (!validate(data)) {
    const problems = dedupe((validate.errors ?? []).map((err) => problemOf(file, data, err, locate)));
    throw new SpecError(problems);
  }
  return { file, data, locate };
}

function valueAt(data: unknown, segments: (string | number)[]): unknown {
  let v: any = data;
  for (const s of segments) {
    if (v === null || typeof v !== 'object') return undefined;
    v = v[s];
  }
  return v;
}

function problemOf(file: string, data: unknown, err: ErrorObject,
  locate: (p: string) => { line: number; column: number } | undefined): SpecProblem {
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
  const specPath = joinPath(segments);
  const pos = locate(specPath);
  return { file, line: pos?.line, column: pos?.column, path: specPath || '(root)', value: renderValue(value), allowed };
}

function dedupe(problems: SpecProblem[]): SpecProblem[] {
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
