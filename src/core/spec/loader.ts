import * as fs from 'fs';
import type { Document, LineCounter, Node } from 'yaml';
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

/**
 * The `yaml` package, loaded when a spec file is first read: an app that builds its stacks from
 * a spec object, or only loads `scaleblocks/cdk` or `scaleblocks/cdktf`, does not pay its 40-60 ms
 * of CPU (profiled).
 */
function yaml(): typeof import('yaml') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml') as typeof import('yaml');
}

/** The schema of a system spec, in schema/. */
export const SPEC_SCHEMA_FILE = 'system-spec.schema.json';

function nodeAt(doc: Document, segments: (string | number)[]): { node?: Node; keyNode?: Node } {
  const { isMap, isScalar, isSeq } = yaml();
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

/**
 * The largest spec file read, in bytes. A system spec is a few hundred lines; 1 MiB leaves room
 * for generated specs with many services or shards and keeps parsing well under a second.
 */
export const MAX_SPEC_BYTES = 1024 * 1024;

/** The most aliases a spec may expand (more is a resource-exhaustion attack, an "alias bomb"). */
export const MAX_SPEC_ALIASES = 100;

/**
 * Reads a regular file of at most MAX_SPEC_BYTES. A FIFO, a directory, a socket or a device is
 * refused from its `stat` at once: reading one would block or never end.
 */
function readSpecText(file: string): string {
  const unreadable = (headline: string, allowed = 'a readable YAML or JSON file'): SpecError =>
    new SpecError([{ file, path: '', value: renderValue(file), allowed }], headline);
  let fd: number | undefined;
  try {
    const before = fs.statSync(file);
    if (!before.isFile()) {
      throw unreadable(`cannot read ${file}: it is ${kindOf(before)}, not a regular file`, 'a regular YAML or JSON file');
    }
    if (before.size > MAX_SPEC_BYTES) throw tooLarge(file, before.size);
    // O_NONBLOCK: were the path swapped for a FIFO between stat and open, open must not wait for a writer.
    // eslint-disable-next-line no-bitwise
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) {
      throw unreadable(`cannot read ${file}: it is ${kindOf(opened)}, not a regular file`, 'a regular YAML or JSON file');
    }
    // Read at most one byte more than the bound, so that a file that grew since stat is caught too.
    const buffer = Buffer.alloc(Math.min(opened.size, MAX_SPEC_BYTES) + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length;) {
      n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      length += n;
    }
    if (length > MAX_SPEC_BYTES) throw tooLarge(file, length);
    return buffer.subarray(0, length).toString('utf8');
  } catch (e) {
    if (e instanceof SpecError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw unreadable(code === 'ENOENT' ? `cannot read ${file}: no such file` : `cannot read ${file}: ${(e as Error).message}`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function tooLarge(file: string, bytes: number): SpecError {
  return new SpecError([{ file, path: '', value: `${bytes} bytes`, allowed: `a spec of at most ${MAX_SPEC_BYTES} bytes (1 MiB)` }],
    `${file} is too large for a spec (${bytes} bytes; at most ${MAX_SPEC_BYTES})`);
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Duplicate keys of every map, found with one Set per map (linear in the keys). The `yaml`
 * package's own check (`uniqueKeys`) compares each key with every earlier one: quadratic, minutes
 * on a map of tens of thousands of keys.
 */
function duplicateKeys(doc: Document, lineCounter: LineCounter): { line?: number; column?: number; key: string }[] {
  const { isScalar, visit } = yaml();
  const found: { line?: number; column?: number; key: string }[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : String(pair.key);
        if (seen.has(key)) {
          const start = (pair.key as Node | null)?.range?.[0];
          const pos = start === undefined ? undefined : lineCounter.linePos(start);
          found.push({ line: pos?.line, column: pos?.col, key: String(key) });
        }
        seen.add(key);
      }
    },
  });
  return found;
}

/** Reads, parses (YAML or JSON) and schema-checks a spec file. Throws SpecError on any problem. */
export function loadSpecFile(file: string): LoadedSpec {
  const loaded = loadYamlFile(file);
  const problems = schemaProblems(SPEC_SCHEMA_FILE, loaded.data);
  if (problems.length > 0) {
    throw new SpecError(problems.map((p) => {
      const pos = loaded.locate(p.path === '(root)' ? '' : p.path);
      return { file, line: pos?.line, column: pos?.column, path: p.path, value: renderValue(p.value), allowed: p.allowed };
    }));
  }
  return loaded;
}

/**
 * Reads and parses a YAML or JSON file with the spec's defences (a regular file of at most
 * MAX_SPEC_BYTES, unique keys found in linear time, at most MAX_SPEC_ALIASES aliases), without a
 * schema: the caller checks the data. Throws SpecError on any problem.
 */
export function loadYamlFile(file: string): LoadedSpec {
  const text = readSpecText(file);
  const { LineCounter: Lines, parseDocument } = yaml();
  const lineCounter = new Lines();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new SpecError(doc.errors.map((err) => {
      const pos = err.linePos?.[0];
      return { file, line: pos?.line, column: pos?.col, path: '', value: renderValue(err.code), allowed: `valid YAML or JSON (${err.message.split('\n')[0]})` };
    }), `${file} is not valid YAML or JSON`);
  }
  const duplicates = duplicateKeys(doc, lineCounter);
  if (duplicates.length > 0) {
    throw new SpecError(duplicates.map((d) => ({
      file, line: d.line, column: d.column, path: '', value: renderValue(d.key), allowed: 'valid YAML or JSON (map keys must be unique)',
    })), `${file} is not valid YAML or JSON`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_SPEC_ALIASES });
  } catch (e) {
    // The yaml package throws a ReferenceError past maxAliasCount: bad input, not a bug.
    if (!(e instanceof ReferenceError)) throw e;
    throw new SpecError([{ file, path: '', value: 'aliases', allowed: `a spec whose aliases expand at most ${MAX_SPEC_ALIASES} times` }],
      `${file} expands too many YAML aliases (more than ${MAX_SPEC_ALIASES}: an alias bomb?)`);
  }
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
  return { file, data, locate };
}
