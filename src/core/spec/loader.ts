import * as fs from 'fs';
import { Document, isMap, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { renderValue } from '../errors';
import { schemaProblems, splitPath } from '../schema-check';

export { closest, joinPath, splitPath } from '../schema-check';

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

/** The schema of a system spec, in schema/. */
export const SPEC_SCHEMA_FILE = 'system-spec.schema.json';

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
  const problems = schemaProblems(SPEC_SCHEMA_FILE, data);
  if (problems.length > 0) {
    throw new SpecError(problems.map((p) => {
      const pos = locate(p.path === '(root)' ? '' : p.path);
      return { file, line: pos?.line, column: pos?.column, path: p.path, value: renderValue(p.value), allowed: p.allowed };
    }));
  }
  return { file, data, locate };
}
