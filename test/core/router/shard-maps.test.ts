import { Errors, ValidationError } from '../../../src/core/errors';
import { HashFunction, KeyCaseFolding, ShardingStrategy, ShardMap, ShardMaps, ShardRouter } from '../../../src/core/router';

/** Maps as JSON would hold them: loosely typed, so tests can break them at will. */
type Loose = { [key: string]: any };

const HASH_MAP: Loose = {
  schemaVersion: 1,
  version: 1,
  strategy: 'HASH',
  hash: { virtualNodesPerShard: 128, hashFunction: 'MURMUR3_X86_32' },
  shards: [{ id: 'a' }, { id: 'b' }],
};

const RANGE_MAP: Loose = {
  schemaVersion: 1,
  version: 1,
  strategy: 'RANGE',
  caseFolding: 'ASCII_UPPER',
  shards: [
    { id: 'digits', range: { start: '', end: 'A' } },
    { id: 'a-to-m', range: { start: 'A', end: 'N' } },
    { id: 'n-to-z', range: { start: 'N' } },
  ],
};

const GEO_MAP: Loose = {
  schemaVersion: 1,
  version: 1,
  strategy: 'GEOGRAPHIC',
  shards: [{ id: 'us', geos: ['US'] }, { id: 'eu', geos: ['EU', 'DE'] }],
};

/** A deep copy of `base` with `edit` applied. */
function with_(base: Loose, edit: (m: Loose) => void): Loose {
  const copy = JSON.parse(JSON.stringify(base));
  edit(copy);
  return copy;
}

describe('ShardMaps.hash', () => {
  test('writes every default out', () => {
    // GIVEN / WHEN
    const map = ShardMaps.hash(['shard-0', 'shard-1']);

    // THEN
    expect(map).toEqual({
      schemaVersion: 1,
      version: 1,
      strategy: ShardingStrategy.HASH,
      caseFolding: KeyCaseFolding.NONE,
      hash: { virtualNodesPerShard: 128, hashFunction: HashFunction.MURMUR3_X86_32 },
      shards: [{ id: 'shard-0' }, { id: 'shard-1' }],
    });
    expect(ShardMaps.validate(map)).toEqual([]);
  });

  test('honours every option', () => {
    // GIVEN / WHEN
    const map = ShardMaps.hash(['a'], {
      version: 7,
      caseFolding: KeyCaseFolding.ASCII_LOWER,
      virtualNodesPerShard: 16,
      hashFunction: HashFunction.MURMUR3_X86_32,
    });

    // THEN
    expect(map.version).toBe(7);
    expect(map.caseFolding).toBe(KeyCaseFolding.ASCII_LOWER);
    expect(map.hash).toEqual({ virtualNodesPerShard: 16, hashFunction: 'MURMUR3_X86_32' });
  });

  test('throws one ValidationError listing every problem, named by its prop in the map', () => {
    // GIVEN / WHEN
    let error: unknown;
    try {
      ShardMaps.hash(['a', 'a', 'Shard_2'], { version: 0, virtualNodesPerShard: 5000 });
    } catch (e) {
      error = e;
    }

    // THEN
    expect(error).toBeInstanceOf(ValidationError);
    expect(Errors.issuesOf(error).map((i) => i.prop)).toEqual([
      'shardMap.version',
      'shardMap.shards[1].id',
      'shardMap.shards[2].id',
      'shardMap.hash.virtualNodesPerShard',
    ]);
    expect((error as Error).message).toContain('shardMap.shards[1].id = "a": must be unique: shards[0] has the same id');
  });

  test('rejects options that are not an object, and takes null options as none', () => {
    // GIVEN / WHEN / THEN
    expect(() => ShardMaps.hash(['a'], 'fast' as any)).toThrow('options = "fast": must be absent or an object of options');
    expect(ShardMaps.hash(['a'], null as any).hash!.virtualNodesPerShard).toBe(128);
  });

  test('reports junk shard ids instead of crashing', () => {
    // GIVEN / WHEN / THEN
    expect(() => ShardMaps.hash('a,b' as any)).toThrow('shardMap.shards = "a,b": must be a list of 1 to 1,024 shards');
    expect(() => ShardMaps.hash([7 as any])).toThrow('shardMap.shards[0].id = 7: must be a DNS label');
  });
});

describe('ShardMaps.ranges', () => {
  test('"A-M, N-Z and 0-9": each range ends where the next starts, the last is open-ended', () => {
    // GIVEN the starts of three ranges, keys upper-cased
    // WHEN
    const map = ShardMaps.ranges([
      { shardId: 'digits', start: '' },
      { shardId: 'a-to-m', start: 'A', region: 'us-east-1' },
      { shardId: 'n-to-z', start: 'N' },
    ], { caseFolding: KeyCaseFolding.ASCII_UPPER, version: 2 });

    // THEN
    expect(map).toEqual({
      schemaVersion: 1,
      version: 2,
      strategy: ShardingStrategy.RANGE,
      caseFolding: KeyCaseFolding.ASCII_UPPER,
      shards: [
        { id: 'digits', range: { start: '', end: 'A' } },
        { id: 'a-to-m', region: 'us-east-1', range: { start: 'A', end: 'N' } },
        { id: 'n-to-z', range: { start: 'N' } },
      ],
    });
  });

  test('one shard holds the whole key space', () => {
    // GIVEN / WHEN
    const map = ShardMaps.ranges([{ shardId: 'all', start: '' }]);

    // THEN
    expect(map.shards).toEqual([{ id: 'all', range: { start: '' } }]);
  });

  test('keeps the given order and rejects starts out of key order', () => {
    // GIVEN / WHEN / THEN
    expect(() => ShardMaps.ranges([
      { shardId: 'first', start: '' },
      { shardId: 'late', start: 'N' },
      { shardId: 'early', start: 'A' },
    ])).toThrow('shardMap.shards[2].range.start = "A": must be greater than shards[1].range.start ("N") in code-unit order');
  });

  test('rejects a boundary that case folding makes unreachable', () => {
    // GIVEN / WHEN / THEN
    expect(() => ShardMaps.ranges([{ shardId: 'x', start: '' }, { shardId: 'y', start: 'n' }], { caseFolding: KeyCaseFolding.ASCII_UPPER }))
      .toThrow('shardMap.shards[1].range.start = "n": must be "N": caseFolding is ASCII_UPPER, so keys never hold a-z');
  });

  test('reports junk entries instead of crashing', () => {
    // GIVEN / WHEN / THEN
    expect(() => ShardMaps.ranges([null as any, { shardId: 'b', start: 'B' }])).toThrow('shardMap.shards[0] = null: must be an object (a ShardEntry)');
    expect(() => ShardMaps.ranges('A-M' as any)).toThrow('shardMap.shards = "A-M": must be a list of 1 to 1,024 shards');
  });
});

describe('ShardMaps.geographic', () => {
  test('lists each shard\'s geography keys, with an optional default shard', () => {
    // GIVEN / WHEN
    const map = ShardMaps.geographic([
      { shardId: 'us', geos: ['US'], region: 'us-east-1' },
      { shardId: 'eu', geos: ['EU', 'DE', 'FR'], region: 'eu-central-1' },
      { shardId: 'asia', geos: [], region: 'ap-southeast-1' },
    ], { defaultShardId: 'asia', caseFolding: KeyCaseFolding.ASCII_UPPER });

    // THEN
    expect(map).toEqual({
      schemaVersion: 1,
      version: 1,
      strategy: ShardingStrategy.GEOGRAPHIC,
      caseFolding: KeyCaseFolding.ASCII_UPPER,
      defaultShardId: 'asia',
      shards: [
        { id: 'us', region: 'us-east-1', geos: ['US'] },
        { id: 'eu', region: 'eu-central-1', geos: ['EU', 'DE', 'FR'] },
        { id: 'asia', region: 'ap-southeast-1', geos: [] },
      ],
    });
  });

  test('reports junk entries instead of crashing', () => {
    // GIVEN / WHEN / THEN
    expect(() => ShardMaps.geographic([{ shardId: 'us', geos: ['US'] }, 'EU' as any])).toThrow('shardMap.shards[1] = "EU": must be an object (a ShardEntry)');
    expect(() => ShardMaps.geographic({ us: ['US'] } as any)).toThrow('shardMap.shards = {"us":["US"]}: must be a list of 1 to 1,024 shards');
    expect(() => ShardMaps.geographic([{ shardId: 'us', geos: 'US' as any }])).toThrow('shardMap.shards[0].geos = "US": must be a list of 1 or more geography keys');
  });

  test('does not keep a reference to the caller\'s arrays', () => {
    // GIVEN
    const geos = ['US'];

    // WHEN
    const map = ShardMaps.geographic([{ shardId: 'us', geos }]);
    geos.push('CA');

    // THEN
    expect(map.shards[0].geos).toEqual(['US']);
  });
});

describe('ShardMaps.validate', () => {
  test.each([
    ['HASH', HASH_MAP],
    ['RANGE', RANGE_MAP],
    ['GEOGRAPHIC', GEO_MAP],
    ['GEOGRAPHIC with a default shard that lists no key', with_(GEO_MAP, (m) => {
      m.defaultShardId = 'rest';
      m.shards.push({ id: 'rest', geos: [] });
    })],
    ['a shard with a region and an endpoint', with_(HASH_MAP, (m) => {
      m.shards[0].region = 'eu-west-1';
      m.shards[0].endpoint = '${Token[TOKEN.42]}';
    })],
  ])('accepts a valid %s map', (_, map) => {
    // GIVEN / WHEN / THEN
    expect(ShardMaps.validate(map as ShardMap)).toEqual([]);
  });

  test.each([
    // the map itself
    ['not an object', null, ['shardMap = null: must be an object (a ShardMap)']],
    ['an array', [], ['shardMap = []: must be an object (a ShardMap)']],
    ['an unknown prop', with_(HASH_MAP, (m) => { m.shard = []; }),
      ['shardMap.shard = []: must be absent: a ShardMap (schema version 1) has only schemaVersion, version, strategy, caseFolding, defaultShardId, hash, shards']],
    ['a newer schema version (nothing else is checked)', with_(HASH_MAP, (m) => { m.schemaVersion = 2; m.strategy = 'DIRECTORY'; m.directory = {}; }),
      ['shardMap.schemaVersion = 2: must be 1: this router reads schema version 1 only; upgrade scaleblocks to read this map']],
    ['a schema version as a string', with_(HASH_MAP, (m) => { m.schemaVersion = '1'; }),
      ['shardMap.schemaVersion = "1": must be 1 (the only ShardMap schema version)']],
    ['version 0', with_(HASH_MAP, (m) => { m.version = 0; }),
      ['shardMap.version = 0: must be a positive integer (the map\'s version, bumped on every change)']],
    ['a fractional version', with_(HASH_MAP, (m) => { m.version = 1.5; }),
      ['shardMap.version = 1.5: must be a positive integer (the map\'s version, bumped on every change)']],
    ['no version', with_(HASH_MAP, (m) => { delete m.version; }),
      ['shardMap.version = undefined: must be a positive integer (the map\'s version, bumped on every change)']],
    ['a strategy in lower case', with_(HASH_MAP, (m) => { m.strategy = 'hash'; }),
      ['shardMap.strategy = "hash": must be one of HASH, RANGE, GEOGRAPHIC']],
    ['an unknown case folding', with_(HASH_MAP, (m) => { m.caseFolding = 'UPPER'; }),
      ['shardMap.caseFolding = "UPPER": must be one of NONE, ASCII_UPPER, ASCII_LOWER']],

    // the shard list and its entries
    ['no shards', with_(HASH_MAP, (m) => { m.shards = []; }), ['shardMap.shards = []: must be a list of 1 to 1,024 shards']],
    ['shards as an object', with_(HASH_MAP, (m) => { m.shards = { a: {} }; }), ['shardMap.shards = {"a":{}}: must be a list of 1 to 1,024 shards']],
    ['a shard that is a string', with_(HASH_MAP, (m) => { m.shards[1] = 'b'; }), ['shardMap.shards[1] = "b": must be an object (a ShardEntry)']],
    ['a shard id with upper case and an underscore', with_(HASH_MAP, (m) => { m.shards[1].id = 'Shard_1'; }),
      ['shardMap.shards[1].id = "Shard_1": must be a DNS label: 1 to 63 lower-case letters, digits or hyphens, starting and ending with a letter or digit']],
    ['a shard id ending with a hyphen', with_(HASH_MAP, (m) => { m.shards[1].id = 'b-'; }),
      ['shardMap.shards[1].id = "b-": must be a DNS label: 1 to 63 lower-case letters, digits or hyphens, starting and ending with a letter or digit']],
    ['a shard without an id', with_(HASH_MAP, (m) => { delete m.shards[0].id; }),
      ['shardMap.shards[0].id = undefined: must be a DNS label: 1 to 63 lower-case letters, digits or hyphens, starting and ending with a letter or digit']],
    ['two shards with one id', with_(HASH_MAP, (m) => { m.shards[1].id = 'a'; }), ['shardMap.shards[1].id = "a": must be unique: shards[0] has the same id']],
    ['a region that is not a region name', with_(HASH_MAP, (m) => { m.shards[0].region = 'US East'; }),
      ['shardMap.shards[0].region = "US East": must be absent or a region name such as us-east-1 (lower-case words and digits joined by hyphens, at most 32 characters)']],
    ['an empty endpoint', with_(HASH_MAP, (m) => { m.shards[0].endpoint = ''; }),
      ['shardMap.shards[0].endpoint = "": must be absent or a non-empty string (the shard\'s writer endpoint)']],
    ['an unknown shard prop', with_(HASH_MAP, (m) => { m.shards[0].weight = 2; }),
      ['shardMap.shards[0].weight = 2: must be absent: a ShardEntry (schema version 1) has only id, region, range, geos, endpoint']],

    // HASH
    ['a HASH map without ring settings', with_(HASH_MAP, (m) => { delete m.hash; }),
      ['shardMap.hash = undefined: must be an object { virtualNodesPerShard, hashFunction } (HashRingSettings): a HASH map names its ring settings']],
    ['no virtual node', with_(HASH_MAP, (m) => { m.hash.virtualNodesPerShard = 0; }),
      ['shardMap.hash.virtualNodesPerShard = 0: must be an integer from 1 to 4,096']],
    ['too many virtual nodes', with_(HASH_MAP, (m) => { m.hash.virtualNodesPerShard = 4097; }),
      ['shardMap.hash.virtualNodesPerShard = 4097: must be an integer from 1 to 4,096']],
    ['a fractional number of virtual nodes', with_(HASH_MAP, (m) => { m.hash.virtualNodesPerShard = 12.5; }),
      ['shardMap.hash.virtualNodesPerShard = 12.5: must be an integer from 1 to 4,096']],
    ['more than 2^20 ring points', with_(HASH_MAP, (m) => {
      m.shards = Array.from({ length: 300 }, (_, i) => ({ id: `s${i}` }));
      m.hash.virtualNodesPerShard = 4000;
    }), ['shardMap.hash.virtualNodesPerShard = 4000: must be at most 3,495 with 300 shards: a ring holds at most 1,048,576 virtual nodes in all']],
    ['an unknown hash function', with_(HASH_MAP, (m) => { m.hash.hashFunction = 'fnv1a-64'; }),
      ['shardMap.hash.hashFunction = "fnv1a-64": must be one of MURMUR3_X86_32']],
    ['an unknown ring setting', with_(HASH_MAP, (m) => { m.hash.seed = 7; }),
      ['shardMap.hash.seed = 7: must be absent: a HashRingSettings (schema version 1) has only virtualNodesPerShard, hashFunction']],
    ['a range on a HASH shard', with_(HASH_MAP, (m) => { m.shards[0].range = { start: '' }; }),
      ['shardMap.shards[0].range = {"start":""}: must be absent: only RANGE maps give shards a range (this map is HASH)']],
    ['geography keys on a HASH shard', with_(HASH_MAP, (m) => { m.shards[0].geos = ['US']; }),
      ['shardMap.shards[0].geos = ["US"]: must be absent: only GEOGRAPHIC maps give shards geography keys (this map is HASH)']],
    ['a default shard on a HASH map', with_(HASH_MAP, (m) => { m.defaultShardId = 'a'; }),
      ['shardMap.defaultShardId = "a": must be absent: only GEOGRAPHIC maps have a default shard (this map is HASH)']],

    // RANGE
    ['ring settings on a RANGE map', with_(RANGE_MAP, (m) => { m.hash = HASH_MAP.hash; }),
      ['shardMap.hash = {"virtualNodesPerShard":128,"hashFunction":"MURMUR3_X86_32"}: must be absent: only HASH maps have ring settings (this map is RANGE)']],
    ['a RANGE shard without a range', with_(RANGE_MAP, (m) => { delete m.shards[2].range; }),
      ['shardMap.shards[2].range = undefined: must be an object { start, end } (a KeyRange): every shard of a RANGE map has a range']],
    ['a first range that does not start at ""', with_(RANGE_MAP, (m) => { m.shards[0].range.start = '0'; }),
      ['shardMap.shards[0].range.start = "0": must be "" (the empty string): the first range starts at the beginning of the key space, so every key finds a shard']],
    ['a gap between two ranges', with_(RANGE_MAP, (m) => { m.shards[0].range.end = '9'; }),
      ['shardMap.shards[0].range.end = "9": must be "A", the start of shards[1].range: ranges are gap-free, each ending where the next starts']],
    ['two overlapping ranges', with_(RANGE_MAP, (m) => { m.shards[1].range.end = 'O'; }),
      ['shardMap.shards[1].range.end = "O": must be "N", the start of shards[2].range: ranges are gap-free, each ending where the next starts']],
    ['a missing end', with_(RANGE_MAP, (m) => { delete m.shards[1].range.end; }),
      ['shardMap.shards[1].range.end = undefined: must be "N", the start of shards[2].range: ranges are gap-free, each ending where the next starts']],
    ['a last range with an end', with_(RANGE_MAP, (m) => { m.shards[2].range.end = '['; }),
      ['shardMap.shards[2].range.end = "[": must be absent: the last range is open-ended, so every key past its start finds a shard']],
    ['two ranges starting at one key', with_(RANGE_MAP, (m) => { m.shards[2].range.start = 'A'; m.shards[1].range.end = 'A'; }),
      ['shardMap.shards[2].range.start = "A": must be greater than shards[1].range.start ("A") in code-unit order: list the shards in key order, no two starting at the same key']],
    ['ranges out of key order', with_(RANGE_MAP, (m) => {
      m.shards = [m.shards[0], m.shards[2], m.shards[1]];
      m.shards[0].range.end = 'N';
      m.shards[1].range.end = 'A';
      delete m.shards[2].range.end;
    }), ['shardMap.shards[2].range.start = "A": must be greater than shards[1].range.start ("N") in code-unit order: list the shards in key order, no two starting at the same key']],
    ['a boundary that is not a string', with_(RANGE_MAP, (m) => { m.shards[2].range.start = 78; }),
      ['shardMap.shards[2].range.start = 78: must be a string of at most 256 characters, each from U+0000 to U+D7FF']],
    ['an end that is not a string, before an invalid start', with_(RANGE_MAP, (m) => { m.shards[2].range.start = 78; m.shards[1].range.end = 78; }), [
      'shardMap.shards[2].range.start = 78: must be a string of at most 256 characters, each from U+0000 to U+D7FF',
      'shardMap.shards[1].range.end = 78: must be a string of at most 256 characters, each from U+0000 to U+D7FF: the start of shards[2].range',
    ]],
    ['a boundary with a character above U+D7FF', with_(RANGE_MAP, (m) => { m.shards[2].range.start = 'N\uffff'; m.shards[1].range.end = 'N\uffff'; }), [
      'shardMap.shards[2].range.start = "N\uffff": must be a string of at most 256 characters, each from U+0000 to U+D7FF',
      'shardMap.shards[1].range.end = "N\uffff": must be a string of at most 256 characters, each from U+0000 to U+D7FF: the start of shards[2].range',
    ]],
    ['a lower-case boundary when keys are upper-cased', with_(RANGE_MAP, (m) => { m.shards[2].range.start = 'n'; m.shards[1].range.end = 'n'; }),
      ['shardMap.shards[2].range.start = "n": must be "N": caseFolding is ASCII_UPPER, so keys never hold a-z and a boundary with them misplaces keys']],
    ['an unknown range prop', with_(RANGE_MAP, (m) => { m.shards[0].range.inclusive = true; }),
      ['shardMap.shards[0].range.inclusive = true: must be absent: a KeyRange (schema version 1) has only start, end']],

    // GEOGRAPHIC
    ['a GEOGRAPHIC shard without geography keys', with_(GEO_MAP, (m) => { delete m.shards[1].geos; }),
      ['shardMap.shards[1].geos = undefined: must be a list of 1 or more geography keys, such as ["US"] (only the default shard, defaultShardId, may list none)']],
    ['an empty list on a shard that is not the default', with_(GEO_MAP, (m) => { m.shards[1].geos = []; }),
      ['shardMap.shards[1].geos = []: must be a list of 1 or more geography keys, such as ["US"] (only the default shard, defaultShardId, may list none)']],
    ['a geography key with a space', with_(GEO_MAP, (m) => { m.shards[0].geos = ['U S']; }),
      ['shardMap.shards[0].geos[0] = "U S": must be a geography key: 1 to 32 letters or digits, optionally joined by - or _ (such as US, EU, ASIA, DE or US-CA)']],
    ['a geography key served by two shards', with_(GEO_MAP, (m) => { m.shards[1].geos.push('US'); }),
      ['shardMap.shards[1].geos[2] = "US": must be served by one shard only: shards[0] already lists it']],
    ['a geography key no key can reach', with_(GEO_MAP, (m) => { m.caseFolding = 'ASCII_UPPER'; m.shards[0].geos = ['us']; }),
      ['shardMap.shards[0].geos[0] = "us": must be "US": caseFolding is ASCII_UPPER, so no key could reach "us"']],
    ['a default shard that is not in the map', with_(GEO_MAP, (m) => { m.defaultShardId = 'asia'; }),
      ['shardMap.defaultShardId = "asia": must be absent or the id of one of the shards: "us", "eu"']],
  ])('rejects %s', (_, map, expected) => {
    // GIVEN an invalid map
    // WHEN it is validated
    const problems = ShardMaps.validate(map as ShardMap);

    // THEN each problem names the prop, the value given and what is allowed
    expect(problems).toEqual(expected);
    // AND the router refuses the map with the same issues
    expect(() => ShardRouter.fromMap(map as ShardMap)).toThrow(ValidationError);
  });

  test('reports every problem at once', () => {
    // GIVEN a map with three independent problems
    const map = with_(RANGE_MAP, (m) => {
      m.version = -1;
      m.shards[0].id = 'DIGITS';
      m.shards[2].range.end = 'Z';
    });

    // WHEN / THEN
    expect(ShardMaps.validate(map as ShardMap).map((p) => p.split(' = ')[0])).toEqual([
      'shardMap.version',
      'shardMap.shards[0].id',
      'shardMap.shards[2].range.end',
    ]);
  });

  test('rejects more than 1,024 shards', () => {
    // GIVEN
    const map = with_(HASH_MAP, (m) => { m.shards = Array.from({ length: 1025 }, (_, i) => ({ id: `s${i}` })); });

    // WHEN
    const problems = ShardMaps.validate(map as ShardMap);

    // THEN
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^shardMap\.shards = \[.*\.\.\.: must be a list of 1 to 1,024 shards$/);
  });
});

describe('ShardMaps.findIssues', () => {
  test('puts the caller\'s path and prop name in each issue, for a plan to report', () => {
    // GIVEN an invalid map inside a ShardedDatabase's options
    const map = with_(HASH_MAP, (m) => { m.version = 0; });

    // WHEN
    const issues = ShardMaps.findIssues(map as ShardMap, 'social/users', 'shardMap');

    // THEN
    expect(issues).toEqual([{
      path: 'social/users',
      prop: 'shardMap.version',
      value: '0',
      allowed: 'a positive integer (the map\'s version, bumped on every change)',
    }]);
    expect(ShardMaps.findIssues(map as ShardMap, undefined, 'options.map')[0]).toMatchObject({ path: '', prop: 'options.map.version' });
    expect(ShardMaps.findIssues(HASH_MAP as ShardMap)).toEqual([]);
  });
});

describe('ShardMaps.withEndpoints', () => {
  test('fills in endpoints without changing the version or the input', () => {
    // GIVEN
    const map = ShardMaps.hash(['a', 'b'], { version: 4 });

    // WHEN
    const filled = ShardMaps.withEndpoints(map, { a: 'a.cluster.example.com' });

    // THEN
    expect(filled.shards).toEqual([{ id: 'a', endpoint: 'a.cluster.example.com' }, { id: 'b' }]);
    expect(filled.version).toBe(4);
    expect(map.shards[0].endpoint).toBeUndefined();
  });

  test.each([
    ['an unknown shard id', { c: 'x' }, 'endpoints.c = "x": must be keyed by a shard id of the map: one of a, b'],
    ['an empty endpoint', { a: '' }, 'shardMap.shards[0].endpoint = "": must be absent or a non-empty string'],
    ['endpoints that are not an object', 'a.example.com', 'endpoints = "a.example.com": must be an object of endpoints keyed by shard id'],
  ])('rejects %s', (_, endpoints, message) => {
    // GIVEN / WHEN / THEN
    expect(() => ShardMaps.withEndpoints(ShardMaps.hash(['a', 'b']), endpoints as any)).toThrow(message);
  });
});
