import { Errors, renderValue, ValidationError } from '../../src/core/errors';
import { fmt, Rules } from '../../src/core/validation';

describe('Rules', () => {
  test('GIVEN several bad props WHEN validated THEN one ValidationError lists them all, in order', () => {
    // GIVEN
    const rules = new Rules('shop/api');
    // WHEN
    rules.integer('azCount', 7, 2, 6);
    rules.fraction('sizing.targetUtilization', 1.5);
    rules.oneOf('algorithm', 'RANDOM', ['ROUND_ROBIN', 'SOURCE_IP_HASH']);
    rules.number('load.peakRequestsPerSecond', 12, 0, 100);
    // THEN
    let error: unknown;
    try {
      rules.throwIfInvalid();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(Errors.isValidationError(error)).toBe(true);
    const issues = Errors.issuesOf(error);
    expect(issues.map((i) => i.prop)).toEqual(['azCount', 'sizing.targetUtilization', 'algorithm']);
    expect(issues[0]).toEqual({ path: 'shop/api', prop: 'azCount', value: '7', allowed: 'an integer from 2 to 6' });
    expect((error as Error).message).toBe([
      '3 invalid inputs:',
      '  - shop/api: azCount = 7: must be an integer from 2 to 6',
      '  - shop/api: sizing.targetUtilization = 1.5: must be a fraction from 0 to 1',
      '  - shop/api: algorithm = "RANDOM": must be one of ROUND_ROBIN, SOURCE_IP_HASH',
    ].join('\n'));
  });

  test('GIVEN only valid props WHEN validated THEN nothing is thrown', () => {
    const rules = new Rules('x');
    rules.integer('n', 3, 1, 5);
    rules.positive('rate', 0.5);
    rules.matches('name', 'api', /^[a-z]+$/, 'letters');
    expect(rules.ok).toBe(true);
    expect(() => rules.throwIfInvalid()).not.toThrow();
  });

  test.each([
    ['integer', (r: Rules) => r.integer('n', 2.5, 1, 5), 'an integer from 1 to 5'],
    ['positive', (r: Rules) => r.positive('rate', 0), 'a number greater than 0'],
    ['positive with max', (r: Rules) => r.positive('rate', 11, 10, 'GiB'), 'a number greater than 0 and at most 10 GiB'],
    ['number NaN', (r: Rules) => r.number('n', Number.NaN, 0, 1), 'a number from 0 to 1'],
    ['fraction open', (r: Rules) => r.fraction('f', 0, false, false), 'a fraction greater than 0 and below 1'],
    ['wrong type', (r: Rules) => r.integer('n', '3' as unknown as number, 1, 5), 'an integer from 1 to 5'],
  ])('%s: says what is allowed', (_name, run, allowed) => {
    const rules = new Rules('p');
    run(rules);
    expect(rules.issues[0].allowed).toBe(allowed);
  });

  test('absorb takes the issues of a nested ValidationError and rethrows anything else', () => {
    const outer = new Rules('db');
    outer.absorb(new ValidationError([{ path: 'db/shard-0', prop: 'readers', value: '16', allowed: 'an integer from 0 to 15' }]));
    expect(outer.issues).toHaveLength(1);
    expect(() => outer.absorb(new TypeError('boom'))).toThrow(TypeError);
  });
});

describe('renderValue and fmt', () => {
  test.each([
    [undefined, 'undefined'],
    ['a', '"a"'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [{ a: 1 }, '{"a":1}'],
    ['x'.repeat(300), `"${'x'.repeat(196)}...`],
  ])('renderValue(%p)', (v, out) => {
    expect(renderValue(v)).toBe(out);
  });

  test('a cyclic value renders without throwing', () => {
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(renderValue(cyclic)).toBe('[object Object]');
  });

  test.each([[1000, '1,000'], [0.7, '0.7'], [1 / 3, '0.3333'], [12345.678, '12,346']])('fmt(%p) = %p', (n, s) => {
    expect(fmt(n)).toBe(s);
  });
});
