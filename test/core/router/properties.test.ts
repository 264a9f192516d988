import fc from 'fast-check';
import { ValidationError } from '../../../src/core/errors';
import { KeyCaseFolding, ShardMap, ShardMaps, ShardRouter } from '../../../src/core/router';
import { Murmur3 } from '../../../src/core/router/hash-ring';

// ---------------------------------------------------------------------------------------------
// Arbitraries

const shardIdArb = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
const shardIdsArb = (min: number, max: number) => fc.uniqueArray(shardIdArb, { minLength: min, maxLength: max });
const foldingArb = fc.constantFrom(KeyCaseFolding.NONE, KeyCaseFolding.ASCII_UPPER, KeyCaseFolding.ASCII_LOWER);

/** Characters that make boundaries and keys collide often, plus any code unit (lone surrogates included). */
const interesting = ['', 'A', 'M', 'N', 'Z', 'a', 'm', 'n', 'z', '0', '9', ':', '~', '\u00e9', '\u00ff', '\ud7ff'];
const keyUnitArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...interesting.slice(1)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
);
const keyArb = fc.string({ unit: keyUnitArb, maxLength: 6 });

/** The test's own ASCII case folding, written independently of the router's. */
function fold(key: string, folding: KeyCaseFolding | undefined): string {
  if (folding === KeyCaseFolding.ASCII_UPPER) return key.replace(/[a-z]/g, (c) => c.toUpperCase());
  if (folding === KeyCaseFolding.ASCII_LOWER) return key.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return key;
}

/** A valid RANGE map: random folded boundaries, sorted, the first range starting at ''. */
const rangeMapArb: fc.Arbitrary<ShardMap> = fc
  .tuple(foldingArb, fc.array(fc.string({ unit: fc.constantFrom(...interesting.slice(1)), minLength: 1, maxLength: 3 }), { maxLength: 8 }))
  .chain(([folding, raw]) => {
    const starts = ['', ...[...new Set(raw.map((b) => fold(b, folding)))].sort()];
    return shardIdsArb(starts.length, starts.length).map((ids) =>
      ShardMaps.ranges(ids.map((shardId, i) => ({ shardId, start: starts[i] })), { caseFolding: folding }));
  });

/** A valid HASH map. */
const hashMapArb: fc.Arbitrary<ShardMap> = fc
  .record({ ids: shardIdsArb(1, 8), vnodes: fc.integer({ min: 1, max: 64 }), folding: foldingArb, version: fc.integer({ min: 1, max: 1000 }) })
  .map(({ ids, vnodes, folding, version }) => ShardMaps.hash(ids, { virtualNodesPerShard: vnodes, caseFolding: folding, version }));

/** A valid GEOGRAPHIC map: every shard lists at least one key, maybe with a default shard. */
const geoKeyArb = fc.stringMatching(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/); // built once: building it inside chain() costs ~8 ms a run
const geoMapArb: fc.Arbitrary<ShardMap> = shardIdsArb(1, 5).chain((ids) => fc
  .record({
    geos: fc.uniqueArray(geoKeyArb, { minLength: ids.length, maxLength: ids.length + 6 }),
    defaultIndex: fc.option(fc.nat({ max: ids.length - 1 }), { nil: undefined }),
    upper: fc.boolean(),
  })
  .map(({ geos, defaultIndex, upper }) => ShardMaps.geographic(
    ids.map((shardId, i) => ({ shardId, geos: geos.filter((_, j) => j % ids.length === i) })),
    {
      defaultShardId: defaultIndex === undefined ? undefined : ids[defaultIndex],
      caseFolding: upper ? KeyCaseFolding.ASCII_UPPER : KeyCaseFolding.NONE,
    },
  )));

const anyMapArb = fc.oneof(hashMapArb, rangeMapArb, geoMapArb);

/** The shard id a router gives `key`, or 'throws ValidationError' (GEOGRAPHIC maps without a default shard). */
function outcome(router: ShardRouter, key: string): string {
  try {
    return router.shardIdFor(key);
  } catch (e) {
    if (e instanceof ValidationError) return 'throws ValidationError';
    throw e;
  }
}

/** Keys worth routing with `map`: its own boundaries and geography keys, and their neighbours. */
function keysOf(map: ShardMap): string[] {
  const own = map.shards.flatMap((s) => [...(s.geos ?? []), ...(s.range ? [s.range.start] : [])]);
  return [...own, ...own.map((k) => `${k}\u0000`), ...own.map((k) => k.slice(0, -1)), ...own.map((k) => k.toLowerCase())];
}

// ---------------------------------------------------------------------------------------------
// RANGE

test('property: RANGE ranges cover the key space without overlap: every key lies in exactly one range, the one it routes to', () => {
  fc.assert(fc.property(rangeMapArb, fc.array(keyArb, { maxLength: 30 }), (map, randomKeys) => {
    // GIVEN a valid RANGE map and keys, random and next to its boundaries
    const router = ShardRouter.fromMap(map);

    const keys = [...randomKeys, ...keysOf(map)];

    // WHEN each key is compared with every range, by the rules the map documents
    const holders = keys.map((key) => {
      const k = fold(key, map.caseFolding);
      return map.shards.filter((s) => s.range!.start <= k && (s.range!.end === undefined || k < s.range!.end)).map((s) => s.id);
    });

    // THEN exactly one range holds each key, and the router routes the key there
    expect(holders.filter((h) => h.length !== 1)).toEqual([]);
    expect(keys.map((key) => router.shardIdFor(key))).toEqual(holders.map((h) => h[0]));
  }), { numRuns: 150 });
});

// ---------------------------------------------------------------------------------------------
// HASH

/**
 * The documented ring rules, implemented naively (sort every virtual node, scan) and over
 * Node's own UTF-8 encoder: what a router in another language would write.
 */
function referenceHashRoute(map: ShardMap, key: string): string {
  const h = (s: string) => Murmur3.hashBytes(Buffer.from(s, 'utf8'), 0);
  const nodes = map.shards.flatMap((s) => Array.from({ length: map.hash!.virtualNodesPerShard }, (_, v) => ({ pos: h(`${s.id}#${v}`), id: s.id, v })));
  nodes.sort((a, b) => a.pos - b.pos || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || a.v - b.v);
  const k = h(fold(key, map.caseFolding));
  return (nodes.find((n) => n.pos >= k) ?? nodes[0]).id;
}

test('property: HASH routing follows the documented ring rules (checked against a naive reference)', () => {
  fc.assert(fc.property(hashMapArb, fc.array(keyArb, { minLength: 1, maxLength: 20 }), (map, keys) => {
    // GIVEN a valid HASH map
    const router = ShardRouter.fromMap(map);

    // WHEN / THEN every key routes where the reference implementation puts it
    expect(keys.map((key) => router.shardIdFor(key))).toEqual(keys.map((key) => referenceHashRoute(map, key)));
  }), { numRuns: 100 });
});

const SAMPLE = Array.from({ length: 20_000 }, (_, i) => `user:${i}`);

/**
 * Adding shard N+1 to N shards (128 virtual nodes each, the default) moves the keys that fall
 * on the arcs the new shard's points take over: in expectation 1/(N+1) of the keys, all of them
 * to the new shard. The new shard's share is the sum of 128 arcs of a ring of 128(N+1)
 * uniformly placed points, close to a Gamma(128) variable scaled to mean 1/(N+1) (relative
 * standard deviation 1/sqrt(128), about 9%). Chernoff's bound for a Gamma(k) variable gives
 * P(share >= 2/(N+1)) <= exp(-k(1 - ln 2)) = exp(-39.3), about 1e-17, and
 * P(share <= 0.5/(N+1)) <= exp(-k(ln 2 - 0.5)) = exp(-24.7), about 2e-11. Sampling 20,000 keys
 * adds a binomial error of at most 4% (relative) at N = 32. So the bounds [0.5, 2] x 1/(N+1)
 * hold for every run this test will ever make; measured over 600 random runs, the moved
 * fraction stayed within [0.75, 1.27] x 1/(N+1).
 */
test('property: adding a HASH shard to N moves between 0.5/(N+1) and 2/(N+1) of the keys, all to the new shard', () => {
  fc.assert(fc.property(shardIdsArb(2, 33), (ids) => {
    // GIVEN N shards, and the same N shards plus one
    const n = ids.length - 1;
    const before = ShardRouter.fromMap(ShardMaps.hash(ids.slice(0, n)));
    const after = ShardRouter.fromMap(ShardMaps.hash(ids));

    // WHEN 20,000 keys are routed with both maps
    const movedTo = SAMPLE.map((key) => after.shardIdFor(key)).filter((to, i) => to !== before.shardIdFor(SAMPLE[i]));

    // THEN every key that moves, moves to the new shard (never between two old shards)
    expect(movedTo.filter((to) => to !== ids[n])).toEqual([]);

    // AND about 1/(N+1) of the keys move
    const fraction = movedTo.length / SAMPLE.length;
    expect(fraction).toBeLessThanOrEqual(2 / (n + 1));
    expect(fraction).toBeGreaterThanOrEqual(0.5 / (n + 1));
  }), { numRuns: 40 });
});

test('property: with any number of virtual nodes, adding or removing a HASH shard only moves that shard\'s keys', () => {
  fc.assert(fc.property(shardIdsArb(2, 10), fc.integer({ min: 1, max: 64 }), fc.nat(), (ids, vnodes, pick) => {
    // GIVEN a ring, and the same ring without one of its shards
    const removed = ids[pick % ids.length];
    const all = ShardRouter.fromMap(ShardMaps.hash(ids, { virtualNodesPerShard: vnodes }));
    const fewer = ShardRouter.fromMap(ShardMaps.hash(ids.filter((id) => id !== removed), { virtualNodesPerShard: vnodes }));

    // WHEN / THEN a key routes the same with both, unless it is on the removed shard
    const moved = SAMPLE.slice(0, 2_000).filter((key) => all.shardIdFor(key) !== removed && fewer.shardIdFor(key) !== all.shardIdFor(key));
    expect(moved).toEqual([]);
  }), { numRuns: 40 });
});

// ---------------------------------------------------------------------------------------------
// All strategies

test('property: routing is deterministic: same map, same shard, whichever router and whatever the HASH shard order', () => {
  fc.assert(fc.property(anyMapArb, fc.array(keyArb, { maxLength: 20 }), fc.nat(), (map, randomKeys, rotate) => {
    // GIVEN two routers built from the same map, and for HASH a third over the shards in another order
    const r1 = ShardRouter.fromMap(map);
    const r2 = ShardRouter.fromMap(JSON.parse(JSON.stringify(map)));
    const shards = map.shards;
    const k = rotate % shards.length;
    const rotated = map.hash ? ShardRouter.fromMap({ ...map, shards: [...shards.slice(k), ...shards.slice(0, k)] }) : r1;

    // WHEN / THEN every key gets the same outcome, every time
    const keys = [...randomKeys, ...keysOf(map)];
    const first = keys.map((key) => outcome(r1, key));
    expect(keys.map((key) => outcome(r1, key))).toEqual(first);
    expect(keys.map((key) => outcome(r2, key))).toEqual(first);
    expect(keys.map((key) => outcome(rotated, key))).toEqual(first);
  }), { numRuns: 150 });
});

test('property: GEOGRAPHIC maps route each listed key to its shard, and others to the default or a ValidationError', () => {
  fc.assert(fc.property(geoMapArb, fc.array(keyArb, { maxLength: 10 }), (map, randomKeys) => {
    // GIVEN a valid GEOGRAPHIC map
    const router = ShardRouter.fromMap(map);
    const owner = new Map(map.shards.flatMap((s) => s.geos!.map((g) => [g, s.id] as const)));

    // WHEN / THEN
    const keys = [...randomKeys, ...keysOf(map)];
    const expected = keys.map((key) => owner.get(fold(key, map.caseFolding)) ?? map.defaultShardId ?? 'throws ValidationError');
    expect(keys.map((key) => outcome(router, key))).toEqual(expected);
  }), { numRuns: 150 });
});

test('property: a map round-trips through toJson/fromJson: equal map, same JSON, same routing', () => {
  fc.assert(fc.property(anyMapArb, fc.array(keyArb, { maxLength: 20 }), (map, randomKeys) => {
    // GIVEN a router
    const router = ShardRouter.fromMap(map);

    // WHEN its JSON is loaded again
    const loaded = ShardRouter.fromJson(router.toJson());

    // THEN
    expect(loaded.map).toEqual(router.map);
    expect(loaded.map).toEqual(map);
    expect(loaded.toJson()).toBe(router.toJson());
    const keys = [...randomKeys, ...keysOf(map)];
    expect(keys.map((key) => outcome(loaded, key))).toEqual(keys.map((key) => outcome(router, key)));
  }), { numRuns: 150 });
});

// ---------------------------------------------------------------------------------------------
// Junk

/** Loads `load()`; passes when it succeeds or throws a ValidationError, rethrows anything else. */
function loadsOrValidationError(load: () => ShardRouter, keys: string[] = []): void {
  let router: ShardRouter;
  try {
    router = load();
  } catch (e) {
    if (e instanceof ValidationError) return;
    throw e;
  }
  // A map that loads routes every key to one of its shards (or rejects it with a ValidationError).
  const ids = [...router.map.shards.map((s) => s.id), 'throws ValidationError'];
  expect(keys.map((key) => outcome(router, key)).filter((o) => !ids.includes(o))).toEqual([]);
}

test('property: arbitrary JSON text either loads or throws ValidationError', () => {
  fc.assert(fc.property(fc.oneof(fc.json(), fc.string(), fc.jsonValue().map((v) => JSON.stringify(v) ?? '')), (json) => {
    // GIVEN / WHEN / THEN
    loadsOrValidationError(() => ShardRouter.fromJson(json));
  }), { numRuns: 300 });
});

test('property: arbitrary values either load or throw ValidationError, and validate() agrees with fromMap()', () => {
  fc.assert(fc.property(fc.anything(), (value) => {
    // GIVEN / WHEN / THEN
    loadsOrValidationError(() => ShardRouter.fromMap(value as ShardMap));
    let loads = true;
    try {
      ShardRouter.fromMap(value as ShardMap);
    } catch {
      loads = false;
    }
    expect(ShardMaps.validate(value as ShardMap).length === 0).toBe(loads);
  }), { numRuns: 300 });
});

/** Every path (list of keys) to a value inside `x`, the root excluded. */
function pathsOf(x: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof x !== 'object' || x === null) return [];
  return Object.entries(x).flatMap(([k, v]) => {
    const p = [...prefix, Array.isArray(x) ? Number(k) : k];
    return [p, ...pathsOf(v, p)];
  });
}

test('property: a valid map with one value replaced by junk (or removed) either loads or throws ValidationError', () => {
  fc.assert(fc.property(anyMapArb, fc.nat(), fc.oneof(fc.jsonValue(), fc.constant(undefined)), fc.array(keyArb, { maxLength: 5 }),
    (map, pick, junk, keys) => {
      // GIVEN a valid map with one of its values broken
      const broken = JSON.parse(JSON.stringify(map));
      const paths = pathsOf(broken);
      const path = paths[pick % paths.length];
      const parent = path.slice(0, -1).reduce((o: any, k) => o[k], broken);
      if (junk === undefined && !Array.isArray(parent)) delete parent[path[path.length - 1]];
      else parent[path[path.length - 1]] = junk;

      // WHEN it is loaded from the object or from JSON
      // THEN it loads, and routes within its shards, or it throws ValidationError
      loadsOrValidationError(() => ShardRouter.fromMap(broken), keys);
      loadsOrValidationError(() => ShardRouter.fromJson(JSON.stringify(broken)), keys);
      expect(ShardMaps.validate(broken).length === 0).toBe((() => {
        try {
          ShardRouter.fromMap(broken);
          return true;
        } catch {
          return false;
        }
      })());
    }), { numRuns: 400 });
});
