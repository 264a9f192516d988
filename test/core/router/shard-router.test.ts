import { Errors, ValidationError } from '../../../src/core/errors';
import { KeyCaseFolding, ShardMap, ShardMaps, ShardRouter } from '../../../src/core/router';

describe('HASH routing', () => {
  const router = ShardRouter.fromMap(ShardMaps.hash(['shard-0', 'shard-1', 'shard-2']));

  // These routes are part of the format: a router in another language must reproduce them,
  // and a change here would move keys of every deployed app.
  test.each([
    ['', 'shard-1'],
    ['user:1', 'shard-1'],
    ['user:42', 'shard-2'],
    ['alice', 'shard-0'],
    ['bob', 'shard-0'],
    ['carol', 'shard-2'],
    ['dave', 'shard-1'],
    ['é', 'shard-2'],
    ['😀', 'shard-1'],
  ])('golden route: %j -> %s', (key, shardId) => {
    // GIVEN the default ring over shard-0, shard-1, shard-2
    // WHEN / THEN
    expect(router.shardIdFor(key)).toBe(shardId);
  });

  test('spreads keys evenly: with 128 virtual nodes each of 3 shards gets 1/3 of the keys, within 20%', () => {
    // GIVEN 30,000 keys
    const counts = new Map<string, number>();

    // WHEN
    for (let i = 0; i < 30_000; i++) {
      const id = router.shardIdFor(`user:${i}`);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }

    // THEN
    expect([...counts.keys()].sort()).toEqual(['shard-0', 'shard-1', 'shard-2']);
    for (const n of counts.values()) {
      expect(n).toBeGreaterThan(10_000 * 0.8);
      expect(n).toBeLessThan(10_000 * 1.2);
    }
  });

  test('the order shards are listed in does not matter', () => {
    // GIVEN the same shards in another order
    const shuffled = ShardRouter.fromMap(ShardMaps.hash(['shard-2', 'shard-0', 'shard-1']));

    // WHEN / THEN
    for (let i = 0; i < 2_000; i++) {
      expect(shuffled.shardIdFor(`k${i}`)).toBe(router.shardIdFor(`k${i}`));
    }
  });

  test('case folding hashes the folded key', () => {
    // GIVEN keys upper-cased before hashing
    const folded = ShardRouter.fromMap(ShardMaps.hash(['shard-0', 'shard-1', 'shard-2'], { caseFolding: KeyCaseFolding.ASCII_UPPER }));

    // WHEN / THEN
    for (const name of ['alice', 'bob', 'carol', 'dave', 'Mixed-Case:42']) {
      expect(folded.shardIdFor(name)).toBe(folded.shardIdFor(name.toUpperCase()));
      expect(folded.shardIdFor(name)).toBe(router.shardIdFor(name.toUpperCase()));
    }
  });

  test('a single shard holds every key', () => {
    // GIVEN / WHEN
    const one = ShardRouter.fromMap(ShardMaps.hash(['only'], { virtualNodesPerShard: 1 }));

    // THEN
    expect(['', 'a', 'user:9', '\ud800'].map((k) => one.shardIdFor(k))).toEqual(['only', 'only', 'only', 'only']);
  });
});

describe('RANGE routing', () => {
  // "A-M, N-Z and 0-9" with keys upper-cased.
  const router = ShardRouter.fromMap(ShardMaps.ranges([
    { shardId: 'digits', start: '' },
    { shardId: 'a-to-m', start: 'A' },
    { shardId: 'n-to-z', start: 'N' },
  ], { caseFolding: KeyCaseFolding.ASCII_UPPER }));

  test.each([
    ['', 'digits', 'the empty key is the first key of the space'],
    ['0', 'digits', 'digits sort below A'],
    ['9zz', 'digits', ''],
    ['!', 'digits', 'punctuation below A too'],
    ['A', 'a-to-m', 'a start is inclusive'],
    ['alice', 'a-to-m', 'keys are upper-cased'],
    ['M', 'a-to-m', ''],
    ['m~', 'a-to-m', '"M~" is still below "N"'],
    ['N', 'n-to-z', 'an end is exclusive'],
    ['zed', 'n-to-z', ''],
    ['~', 'n-to-z', 'characters past Z belong to the last, open-ended range'],
    ['é', 'n-to-z', 'non-ASCII characters too'],
  ])('%j -> %s %s', (key, shardId) => {
    // GIVEN / WHEN / THEN
    expect(router.shardIdFor(key)).toBe(shardId);
  });

  test('without case folding, lower-case keys sort after Z', () => {
    // GIVEN the same ranges, keys compared as given
    const exact = ShardRouter.fromMap(ShardMaps.ranges([
      { shardId: 'digits', start: '' },
      { shardId: 'a-to-m', start: 'A' },
      { shardId: 'n-to-z', start: 'N' },
    ]));

    // WHEN / THEN
    expect(exact.shardIdFor('Alice')).toBe('a-to-m');
    expect(exact.shardIdFor('alice')).toBe('n-to-z');
  });

  test('boundaries compare as strings, not as numbers', () => {
    // GIVEN ranges split at user:1000 and user:5
    const users = ShardRouter.fromMap(ShardMaps.ranges([
      { shardId: 'low', start: '' },
      { shardId: 'mid', start: 'user:1000' },
      { shardId: 'high', start: 'user:5' },
    ]));

    // WHEN / THEN
    expect(users.shardIdFor('user:0999')).toBe('low');
    expect(users.shardIdFor('user:1000')).toBe('mid');
    expect(users.shardIdFor('user:2')).toBe('mid'); // "user:2" < "user:5"
    expect(users.shardIdFor('user:40000')).toBe('mid');
    expect(users.shardIdFor('user:5')).toBe('high');
    expect(users.shardIdFor('user:999')).toBe('high');
    expect(users.shardIdFor('user:1')).toBe('low'); // a prefix sorts before its extensions
  });
});

describe('GEOGRAPHIC routing', () => {
  const shards = [
    { shardId: 'us', geos: ['US', 'CA'], region: 'us-east-1' },
    { shardId: 'eu', geos: ['EU', 'DE', 'FR'], region: 'eu-central-1' },
    { shardId: 'asia', geos: ['ASIA', 'JP'], region: 'ap-northeast-1' },
  ];

  test('routes each geography key to the shard that lists it', () => {
    // GIVEN
    const router = ShardRouter.fromMap(ShardMaps.geographic(shards));

    // WHEN / THEN
    expect(['US', 'CA', 'EU', 'DE', 'FR', 'ASIA', 'JP'].map((g) => router.shardIdFor(g))).toEqual(['us', 'us', 'eu', 'eu', 'eu', 'asia', 'asia']);
    expect(router.route('DE').region).toBe('eu-central-1');
  });

  test('routes unlisted keys to the default shard', () => {
    // GIVEN
    const router = ShardRouter.fromMap(ShardMaps.geographic(shards, { defaultShardId: 'us' }));

    // WHEN / THEN
    expect(router.shardIdFor('BR')).toBe('us');
    expect(router.shardIdFor('')).toBe('us');
    expect(router.shardIdFor('de')).toBe('us'); // no case folding: 'de' is not 'DE'
  });

  test('with ASCII_UPPER folding, keys match in any case', () => {
    // GIVEN
    const router = ShardRouter.fromMap(ShardMaps.geographic(shards, { caseFolding: KeyCaseFolding.ASCII_UPPER }));

    // WHEN / THEN
    expect(router.shardIdFor('de')).toBe('eu');
    expect(router.shardIdFor('Asia')).toBe('asia');
  });

  test('without a default shard, an unlisted key throws a ValidationError that lists the known keys', () => {
    // GIVEN
    const router = ShardRouter.fromMap(ShardMaps.geographic(shards, { version: 3 }));

    // WHEN
    let error: unknown;
    try {
      router.route('BR');
    } catch (e) {
      error = e;
    }

    // THEN
    expect(Errors.isValidationError(error)).toBe(true);
    expect(Errors.issuesOf(error)).toEqual([{
      path: '',
      prop: 'key',
      value: '"BR"',
      allowed: 'a geography key of shard map version 3: one of US, CA, EU, DE, FR, ASIA, JP (the map has no defaultShardId for other keys)',
    }]);
  });
});

describe('GEOGRAPHIC routing errors', () => {
  test('the error for an unlisted geography key shows at most 20 of the known keys', () => {
    // GIVEN a shard per each of 30 countries, and no default shard
    const countries = Array.from({ length: 30 }, (_, i) => `C${i}`);
    const router = ShardRouter.fromMap(ShardMaps.geographic(countries.map((c) => ({ shardId: c.toLowerCase(), geos: [c] }))));

    // WHEN / THEN
    expect(() => router.route('XX')).toThrow('one of C0, C1, C2, C3, C4, C5, C6, C7, C8, C9, C10, C11, C12, C13, C14, C15, C16, C17, C18, C19, ... (30 in all)');
  });
});

describe('ShardRouter', () => {
  test('route() returns the whole entry, endpoint included; shardIdFor() its id', () => {
    // GIVEN
    const map = ShardMaps.withEndpoints(ShardMaps.hash(['a']), { a: 'writer.a.example.com' });

    // WHEN
    const router = ShardRouter.fromMap(map);

    // THEN
    expect(router.route('k')).toEqual({ id: 'a', endpoint: 'writer.a.example.com' });
    expect(router.shardIdFor('k')).toBe('a');
  });

  test('toJson() writes compact JSON with props in a fixed order', () => {
    // GIVEN a map whose props come in another order, with undefined props
    const map = {
      shards: [{ geos: ['EU'], region: undefined, id: 'eu' }, { id: 'us', geos: ['US'] }],
      strategy: 'GEOGRAPHIC',
      version: 2,
      schemaVersion: 1,
      defaultShardId: 'us',
    } as unknown as ShardMap;

    // WHEN
    const json = ShardRouter.fromMap(map).toJson();

    // THEN
    expect(json).toBe('{"schemaVersion":1,"version":2,"strategy":"GEOGRAPHIC","defaultShardId":"us","shards":[{"id":"eu","geos":["EU"]},{"id":"us","geos":["US"]}]}');
  });

  test('fromJson() reads what toJson() writes', () => {
    // GIVEN
    const router = ShardRouter.fromMap(ShardMaps.hash(['a', 'b', 'c'], { version: 5, virtualNodesPerShard: 64 }));

    // WHEN
    const loaded = ShardRouter.fromJson(router.toJson());

    // THEN
    expect(loaded.map).toEqual(router.map);
    expect(loaded.toJson()).toBe(router.toJson());
  });

  test('the map is frozen, and later changes to the caller\'s map do not affect routing', () => {
    // GIVEN
    const map = JSON.parse(JSON.stringify(ShardMaps.ranges([{ shardId: 'low', start: '' }, { shardId: 'high', start: 'M' }])));
    const router = ShardRouter.fromMap(map);

    // WHEN the caller changes its own copy
    map.shards[1].range.start = 'A';
    map.shards[0].range.end = 'A';

    // THEN
    expect(router.shardIdFor('C')).toBe('low');
    expect(Object.isFrozen(router.map)).toBe(true);
    expect(Object.isFrozen(router.map.shards[1].range)).toBe(true);
    expect(() => (router.map.shards as any).push({ id: 'x' })).toThrow(TypeError);
  });

  test.each([
    ['not JSON', '{"schemaVersion":1,', /^json = "\{\\"schemaVersion\\":1,": must be a JSON document holding a ShardMap \(.+\)$/],
    ['JSON but not a map', '42', /^shardMap = 42: must be an object \(a ShardMap\)$/],
    ['JSON null', 'null', /^shardMap = null: must be an object \(a ShardMap\)$/],
  ])('fromJson() of %s throws a ValidationError', (_, json, message) => {
    // GIVEN / WHEN
    let error: unknown;
    try {
      ShardRouter.fromJson(json);
    } catch (e) {
      error = e;
    }

    // THEN
    expect(error).toBeInstanceOf(ValidationError);
    const [issue] = Errors.issuesOf(error);
    expect(`${issue.prop} = ${issue.value}: must be ${issue.allowed}`).toMatch(message);
  });

  test('fromJson() of something that is not a string throws a ValidationError', () => {
    // GIVEN / WHEN / THEN
    expect(() => ShardRouter.fromJson({ schemaVersion: 1 } as any)).toThrow('json = {"schemaVersion":1}: must be a string holding a ShardMap as JSON');
  });

  test('route() of something that is not a string throws a ValidationError', () => {
    // GIVEN
    const router = ShardRouter.fromMap(ShardMaps.hash(['a']));

    // WHEN / THEN
    expect(() => router.route(42 as any)).toThrow(ValidationError);
    expect(() => router.route(undefined as any)).toThrow('key = undefined: must be a string');
  });
});
