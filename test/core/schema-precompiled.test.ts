import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { schemaValidator, withoutUndefined } from '../../src/core/schema-check';
import { planSystem } from '../../src/core/system';
import { EXAMPLE, GEOGRAPHIC, SHARDED } from '../fixtures/systems';

/*
 * `compile` turns schema/ into standalone validation code (build-tools/precompile-schemas.js) that
 * lib/ loads instead of compiling the schemas at run time. The generated validators must find
 * exactly what the run-time compilation finds, on good data and on every kind of bad data.
 */

const ROOT = path.join(__dirname, '..', '..');
let precompiled: Record<string, ValidateFunction>;

beforeAll(() => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-schemas-')), 'schema-validators.js');
  execFileSync(process.execPath, [path.join(ROOT, 'build-tools', 'precompile-schemas.js'), out], { cwd: ROOT });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  precompiled = require(out);
});

/** What a check reports, without the schema objects (identical content, distinct copies). */
function findings(validate: ValidateFunction, data: unknown): object[] {
  const clean = withoutUndefined(data);
  validate(clean);
  return (validate.errors ?? []).map((e: ErrorObject) => ({
    instancePath: e.instancePath,
    keyword: e.keyword,
    params: e.params,
    schemaPath: e.schemaPath,
    parentProperties: Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {}),
  }));
}

/** Each top-level key removed, given a string, given a number; an unknown key added. */
function mutations(data: Record<string, unknown>): [string, unknown][] {
  return [
    ['as planned', data],
    ['an unknown key', { ...data, surprise: true }],
    ...Object.keys(data).flatMap((k): [string, unknown][] => [
      [`without ${k}`, { ...data, [k]: undefined }],
      [`${k} a string`, { ...data, [k]: 'x' }],
      [`${k} a number`, { ...data, [k]: -1.5 }],
    ]),
  ];
}

const PLAN_SCHEMAS: Record<string, string> = {
  cdn: 'plans/global-cdn.schema.json',
  api: 'plans/load-balanced-api.schema.json',
  cache: 'plans/tiered-cache.schema.json',
  database: 'plans/replicated-database.schema.json',
  shardedDatabase: 'plans/sharded-database.schema.json',
  queue: 'plans/work-queue.schema.json',
  gateway: 'plans/microservice-gateway.schema.json',
};

describe('precompiled schema validators', () => {
  test('GIVEN compile THEN every plan schema, the spec schema and its option definitions are precompiled', () => {
    for (const file of [...Object.values(PLAN_SCHEMAS), 'system-spec.schema.json', 'system-spec.schema.json#LoadBalancedApiOptions',
      'system-spec.schema.json#ReplicatedDatabaseOptions', 'system-spec.schema.json#TieredCacheOptions', 'system-spec.schema.json#WorkQueueOptions']) {
      expect(typeof precompiled[file]).toBe('function');
    }
  });

  const plans = [EXAMPLE, SHARDED, GEOGRAPHIC].flatMap((spec) => {
    const plan = planSystem(spec) as unknown as Record<string, unknown>;
    return Object.entries(PLAN_SCHEMAS).filter(([key]) => plan[key] !== undefined)
      .map(([key, file]): [string, string, Record<string, unknown>] => [`${spec.name}.${key}`, file, plan[key] as Record<string, unknown>]);
  });

  test.each(plans)('GIVEN the plan %s, good and mutated THEN the precompiled check finds what the run-time compilation finds', (_name, file, plan) => {
    let bad = 0;
    for (const [, data] of mutations(plan)) {
      const expected = findings(schemaValidator(file), data);
      expect(findings(precompiled[file], data)).toEqual(expected);
      if (expected.length > 0) bad++;
    }
    expect(findings(precompiled[file], plan)).toEqual([]);
    expect(bad).toBeGreaterThan(Object.keys(plan).length); // the mutations were seen as bad
  });

  test.each([['the example', EXAMPLE], ['sharded', SHARDED]])('GIVEN the spec of %s, good and mutated THEN both find the same', (_name, spec) => {
    for (const [, data] of mutations(spec as unknown as Record<string, unknown>)) {
      expect(findings(precompiled['system-spec.schema.json'], data)).toEqual(findings(schemaValidator('system-spec.schema.json'), data));
    }
  });

  test('GIVEN an option definition with bad values THEN both find the same', () => {
    const file = 'system-spec.schema.json#LoadBalancedApiOptions';
    for (const data of [{}, { scaling: { minTasks: 'two' } }, { protocl: 'HTTP' }, { compute: { kind: 'GPU' } }]) {
      expect(findings(precompiled[file], data)).toEqual(findings(schemaValidator(file), data));
    }
  });
});
