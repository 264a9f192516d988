import { renderValue, ValidationIssue } from '../errors';
import { schemaProblems } from '../schema-check';
import { SPEC_SCHEMA_FILE } from './loader';

/** The keys of a system spec that hold a block's options: their problems are reported under the block's path. */
const BLOCK_KEYS = new Set(['cdn', 'api', 'cache', 'database', 'shardedDatabase', 'queue', 'gateway']);

/**
 * Checks a system spec object against the spec's JSON Schema, exactly as a spec file is checked
 * (`scaleblocks check`, `SystemSpecFile.load`): unknown keys (with a did-you-mean), wrong types,
 * missing required keys and unknown enum values. A spec built in code is held to the same
 * strictness as a file. Each problem becomes one ValidationIssue: a problem inside a block is
 * reported under the block's path (`api`) with the prop inside it (`scaling.minTasks`), as the
 * block's own rules report; a system-level one under the empty path with its spec path as prop.
 *
 * @returns every problem, none when the spec passes
 */
export function specSchemaIssues(spec: unknown): ValidationIssue[] {
  return schemaProblems(SPEC_SCHEMA_FILE, spec).map((p) => {
    const [head, ...rest] = p.segments;
    const inBlock = typeof head === 'string' && BLOCK_KEYS.has(head) && rest.length > 0;
    const prop = inBlock ? p.path.slice(head.length + (typeof rest[0] === 'number' ? 0 : 1)) : p.path;
    return { path: inBlock ? head : '', prop: prop === '(root)' ? '(spec)' : prop, value: renderValue(p.value), allowed: p.allowed };
  });
}
