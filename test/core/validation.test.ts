import * as ec2 from 'aws-cdk-lib/aws-ec2';
import fc from 'fast-check';
import { CIDR_PATTERN, MIN_UTILIZATION_BOUND, sizingBoundsOf } from '../../src/core/blocks/common';
import { Errors, renderValue, ValidationError } from '../../src/core/errors';
import {
  fmt, integerOr, isFiniteNumber, isPlainObject, numberOr, objectOrEmpty, Rules, validOr,
} from '../../src/core/validation';

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

describe('Rules helpers for wrongly typed input', () => {
  test.each([
    ['a string', '0.5'],
    ['NaN', Number.NaN],
    ['an infinity', Number.POSITIVE_INFINITY],
    ['null', null],
    ['an object', { v: 0.5 }],
  ])('fraction rejects %s with the same message as an out-of-range number', (_name, value) => {
    const rules = new Rules('p');
    expect(rules.fraction('f', value, false, true)).toBe(false);
    rules.fraction('g', 2, false, true);
    expect(rules.issues.map((i) => i.allowed)).toEqual(['a fraction greater than 0 to 1', 'a fraction greater than 0 to 1']);
  });

  test('object returns a plain object, and {} with a failure for anything else', () => {
    const rules = new Rules('p');
    expect(rules.object('a', { x: 1 })).toEqual({ x: 1 });
    expect(rules.object('b', undefined)).toEqual({});
    expect(rules.object('c', [] as unknown as object)).toEqual({});
    expect(rules.object('d', null as unknown as object)).toEqual({});
    expect(rules.issues.map((i) => [i.prop, i.allowed])).toEqual([['c', 'an object of options'], ['d', 'an object of options']]);
  });

  test('booleanOr returns the boolean given, else the fallback, and reports only a wrong type', () => {
    const rules = new Rules('p');
    expect(rules.booleanOr('a', false, true)).toBe(false);
    expect(rules.booleanOr('b', undefined, true)).toBe(true);
    expect(rules.booleanOr('c', 'yes', false)).toBe(false);
    expect(rules.issues).toEqual([{ path: 'p', prop: 'c', value: '"yes"', allowed: 'true or false' }]);
  });

  test('strings keeps the strings of a list and reports the rest', () => {
    const rules = new Rules('p');
    expect(rules.strings('a', undefined)).toEqual([]);
    expect(rules.strings('b', ['x', 1, 'y'])).toEqual(['x', 'y']);
    expect(rules.strings('c', 'x')).toEqual([]);
    expect(rules.issues.map((i) => [i.prop, i.allowed])).toEqual([['b[1]', 'a string'], ['c', 'a list of strings']]);
  });

  test('uniqueStrings checks each item and duplicates, and returns a copy only when every item is a string', () => {
    const rules = new Rules('p');
    const isUpper = (s: string): boolean => /^[A-Z]+$/.test(s);
    const given = ['A', 'B'];
    const out = rules.uniqueStrings('a', given, isUpper, 'an upper-case word');
    expect(out).toEqual(['A', 'B']);
    expect(out).not.toBe(given);
    expect(rules.ok).toBe(true);
    expect(rules.uniqueStrings('b', undefined, isUpper, 'an upper-case word')).toBeUndefined();
    expect(rules.uniqueStrings('c', ['A', 'a', 'A'], isUpper, 'an upper-case word')).toEqual(['A', 'a', 'A']);
    expect(rules.uniqueStrings('d', ['A', 3], isUpper, 'an upper-case word')).toBeUndefined();
    expect(rules.uniqueStrings('e', 'A', isUpper, 'an upper-case word')).toBeUndefined();
    expect(rules.issues.map((i) => [i.prop, i.allowed])).toEqual([
      ['c[1]', 'an upper-case word'],
      ['c', 'a list without duplicates'],
      ['d[1]', 'an upper-case word'],
      ['e', 'a list of an upper-case word'],
    ]);
  });
});

describe('value helpers', () => {
  test.each([
    [{}, true], [{ a: 1 }, true], [[], false], [null, false], [undefined, false], ['x', false], [1, false],
  ])('isPlainObject(%p) = %p', (x, out) => {
    expect(isPlainObject(x)).toBe(out);
  });

  test('objectOrEmpty keeps a plain object and turns anything else into {}', () => {
    const o = { a: 1 };
    expect(objectOrEmpty(o)).toBe(o);
    expect(objectOrEmpty(undefined)).toEqual({});
    expect(objectOrEmpty([1] as unknown as object)).toEqual({});
    expect(objectOrEmpty('x' as unknown as object)).toEqual({});
  });

  test.each([[1, true], [0, true], [-2.5, true], [Number.NaN, false], [Number.NEGATIVE_INFINITY, false], ['1', false], [undefined, false]])(
    'isFiniteNumber(%p) = %p', (x, out) => {
      expect(isFiniteNumber(x)).toBe(out);
    });

  test('validOr takes the given value only when its rule passed and it is set', () => {
    expect(validOr(true, 5, 1)).toBe(5);
    expect(validOr(false, 5, 1)).toBe(1);
    expect(validOr(true, undefined, 1)).toBe(1);
    expect(validOr<number | undefined>(false, 5, undefined)).toBeUndefined();
  });

  test.each([
    [3, 3], [1, 1], [5, 5], [0, 9], [6, 9], [2.5, 9], ['3', 9], [undefined, 9], [Number.NaN, 9],
  ])('integerOr(%p, 1, 5, 9) = %p', (v, out) => {
    expect(integerOr(v, 1, 5, 9)).toBe(out);
  });

  test.each([
    [0.5, 0.5], [1, 1], [1.5, 9], [-0.1, 9], [Number.NaN, 9], [Number.POSITIVE_INFINITY, 9], ['0.5', 9],
  ])('numberOr(%p, 0, 1, 9) = %p', (v, out) => {
    expect(numberOr(v, 0, 1, 9)).toBe(out);
  });
});

describe('sizingBoundsOf', () => {
  test('passes numeric bounds on and leaves absent ones out', () => {
    const rules = new Rules('p');
    expect(sizingBoundsOf(rules, undefined, 'an object')).toBeUndefined();
    expect(sizingBoundsOf(rules, {}, 'an object')).toEqual({});
    expect(sizingBoundsOf(rules, { targetUtilization: 0.6, maxUtilizationOnAzLoss: 2 }, 'an object'))
      .toEqual({ targetUtilization: 0.6, maxUtilizationOnAzLoss: 2 });
    expect(rules.ok).toBe(true);
  });

  test('reports a non-object in the block\'s words, and drops and reports non-numbers', () => {
    const rules = new Rules('p');
    expect(sizingBoundsOf(rules, 'high', 'an object of SizingBoundsOptions')).toBeUndefined();
    expect(sizingBoundsOf(rules, [0.5], 'an object of options')).toBeUndefined();
    expect(sizingBoundsOf(rules, { targetUtilization: '0.5', maxUtilizationOnAzLoss: 0.9 }, 'x')).toEqual({ maxUtilizationOnAzLoss: 0.9 });
    expect(rules.issues.map((i) => [i.prop, i.value, i.allowed])).toEqual([
      ['sizing', '"high"', 'an object of SizingBoundsOptions'],
      ['sizing', '[0.5]', 'an object of options'],
      ['sizing.targetUtilization', '"0.5"', 'a fraction greater than 0 to 1'],
    ]);
  });

  test('with a minimum bound, drops and reports a bound above 0 and below it (0 and the bound itself pass on)', () => {
    const rules = new Rules('p');
    expect(sizingBoundsOf(rules, { targetUtilization: 0.01, maxUtilizationOnAzLoss: MIN_UTILIZATION_BOUND }, 'x', MIN_UTILIZATION_BOUND))
      .toEqual({ maxUtilizationOnAzLoss: MIN_UTILIZATION_BOUND });
    expect(sizingBoundsOf(rules, { targetUtilization: 0 }, 'x', MIN_UTILIZATION_BOUND)).toEqual({ targetUtilization: 0 });
    expect(rules.issues.map((i) => [i.prop, i.allowed])).toEqual([
      ['sizing.targetUtilization', 'at least 0.05 (a lower bound sizes nothing meaningful)'],
    ]);
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

  test('fmt (one Intl.NumberFormat made once) formats every number as toLocaleString did', () => {
    const byToLocaleString = (n: number): string => {
      if (!Number.isFinite(n)) return String(n);
      if (Number.isInteger(n) || Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
      return Number(n.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 4 });
    };
    fc.assert(fc.property(fc.oneof(fc.double(), fc.integer(), fc.double({ min: -2000, max: 2000 })), (n) => {
      expect(fmt(n)).toBe(byToLocaleString(n));
    }), { numRuns: 2000 });
  });
});

describe('CIDR_PATTERN', () => {
  test.each([
    ['10.0.0.0/16', true], ['0.0.0.0/0', true], ['203.0.113.7/32', true], ['::/0', true], ['2001:db8::/32', true],
    ['1:2:3:4:5:6:7:8/128', true], ['fe80::1/64', true], ['0::0:0:0:0:0:0/0', true],
    ['999.1.1.1/99', false], ['10.0.0.0/33', false], ['10.0.0/8', false], ['10.0.0.0', false], ['010.0.0.0/8', false],
    ['x', false], [':::/1', false], ['2001:db8::/129', false], ['1:2:3:4:5:6:7:8:9/64', false], ['2001::db8::1/64', false], ['2001:DB8::/32', false], ['::0:0:0:0:0:0:0/0', false],
  ])('GIVEN %s THEN accepted is %s', (cidr, accepted) => {
    expect(CIDR_PATTERN.test(cidr)).toBe(accepted);
  });

  const cdkTakes = (cidr: string) => {
    try {
      if (cidr.includes(':')) ec2.Peer.ipv6(cidr); else ec2.Peer.ipv4(cidr);
      return true;
    } catch {
      return false;
    }
  };

  test('GIVEN any IPv4 address with a prefix of 0 to 32 THEN it is accepted and aws-cdk-lib takes it', () => {
    fc.assert(fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (a, p) => {
      expect(CIDR_PATTERN.test(`${a}/${p}`)).toBe(true);
      expect(cdkTakes(`${a}/${p}`)).toBe(true);
    }));
  });

  test('GIVEN any IPv6 address with a prefix of 0 to 128 THEN it is accepted exactly when aws-cdk-lib takes it (lower case, at most seven colons)', () => {
    fc.assert(fc.property(fc.ipV6().filter((a) => !a.includes('.')).map((a) => a.toLowerCase()), fc.integer({ min: 0, max: 128 }), (a, p) => {
      expect(CIDR_PATTERN.test(`${a}/${p}`)).toBe(cdkTakes(`${a}/${p}`));
    }), { numRuns: 500 });
  });

  test('GIVEN arbitrary strings THEN whatever is accepted is taken by aws-cdk-lib', () => {
    fc.assert(fc.property(fc.stringMatching(/^[0-9a-f:.\/]{1,45}$/), (s) => {
      if (!CIDR_PATTERN.test(s)) return;
      expect(cdkTakes(s)).toBe(true);
    }));
  });
});
