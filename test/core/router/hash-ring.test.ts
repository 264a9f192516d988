import fc from 'fast-check';
import { HashRing, MAX_RING_POINTS, Murmur3 } from '../../../src/core/router/hash-ring';

/** Little-endian bytes of a 32-bit unsigned integer. */
function le32(h: number): number[] {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(h);
  return [...bytes];
}

describe('Murmur3', () => {
  test('passes SMHasher\'s verification test for MurmurHash3_x86_32 (0xB0F57EE3)', () => {
    // GIVEN SMHasher's procedure: hash the keys {}, {0}, {0,1}, ..., {0..254} with seeds 256 - i
    const key = new Uint8Array(256);
    const hashes: number[] = [];
    for (let i = 0; i < 256; i++) {
      key[i] = i;
      hashes.push(...le32(Murmur3.hashBytes(key.subarray(0, i), 256 - i)));
    }

    // WHEN the concatenated hashes are hashed with seed 0
    const verification = Murmur3.hashBytes(Uint8Array.from(hashes), 0);

    // THEN the result is the reference implementation's verification value
    expect(verification).toBe(0xb0f57ee3);
  });

  test.each([
    ['', 0x00000000],
    ['a', 0x3c2569b2],
    ['abc', 0xb3dd93fa],
    ['abcd', 0x43ed676a],
    ['hello', 0x248bfa47],
    ['The quick brown fox jumps over the lazy dog', 0x2e4ff723],
    ['user:42', 0xc7a6a375],
    ['é', 0x10110787], // 2 UTF-8 bytes
    ['€', 0x5b43fca5], // 3 UTF-8 bytes
    ['😀', 0xbeb42efa], // a surrogate pair: 4 UTF-8 bytes
    ['\ud800', 0xb69ca6c1], // a lone surrogate: encoded as U+FFFD (EF BF BD)
  ])('hashString(%j) = %d: MurmurHash3_x86_32 of its UTF-8 bytes, seed 0', (s, expected) => {
    // WHEN / THEN
    expect(Murmur3.hashString(s)).toBe(expected);
  });

  test('a lone surrogate hashes as U+FFFD', () => {
    // GIVEN / WHEN / THEN
    expect(Murmur3.hashString('a\udc00b')).toBe(Murmur3.hashString('a\ufffdb'));
    expect(Murmur3.hashString('\ud83d')).toBe(Murmur3.hashString('\ufffd'));
  });

  test('property: hashString(s) equals hashBytes of the UTF-8 encoding of s, for any code units', () => {
    // GIVEN arbitrary strings of UTF-16 code units, lone surrogates included
    const units = fc.oneof(
      fc.integer({ min: 0, max: 0x7f }),
      fc.integer({ min: 0, max: 0xffff }),
      fc.integer({ min: 0xd800, max: 0xdfff }),
    ).map((c) => String.fromCharCode(c));
    fc.assert(fc.property(fc.string({ unit: units, maxLength: 24 }), (s) => {
      // WHEN / THEN Node's encoder (WHATWG: lone surrogates become U+FFFD) gives the same bytes
      expect(Murmur3.hashString(s)).toBe(Murmur3.hashBytes(Buffer.from(s, 'utf8'), 0));
    }), { numRuns: 300 });
  });

  test('results are unsigned 32-bit integers', () => {
    // GIVEN / WHEN / THEN
    fc.assert(fc.property(fc.string(), (s) => {
      const h = Murmur3.hashString(s);
      expect(Number.isInteger(h) && h >= 0 && h <= 0xffffffff).toBe(true);
    }), { numRuns: 200 });
  });
});

describe('HashRing', () => {
  test('virtual nodes at the same position go to the lower shard id, whatever the list order', () => {
    // GIVEN two shard ids whose only virtual nodes ('so3e#0' and 's1bnt#0') hash to the same position
    expect(HashRing.position('so3e#0')).toBe(HashRing.position('s1bnt#0'));

    // WHEN each owns one virtual node, listed in either order
    const ring1 = new HashRing(['so3e', 's1bnt'], 1);
    const ring2 = new HashRing(['s1bnt', 'so3e'], 1);

    // THEN every key belongs to 's1bnt', the lower id in code-unit order
    for (const key of ['a', 'b', 'user:1', 'user:2', '']) {
      expect(['so3e', 's1bnt'][ring1.locate(key)]).toBe('s1bnt');
      expect(['s1bnt', 'so3e'][ring2.locate(key)]).toBe('s1bnt');
    }
  });

  test('a key belongs to the first virtual node at or after it, wrapping past the last to the first', () => {
    // GIVEN two shards with one virtual node each, at positions low < high
    const ids = ['left', 'right'];
    const ring = new HashRing(ids, 1);
    const [low, high] = ids.map((id) => HashRing.position(`${id}#0`)).sort((a, b) => a - b);
    const lowId = ids.find((id) => HashRing.position(`${id}#0`) === low);
    const highId = ids.find((id) => HashRing.position(`${id}#0`) === high);
    const keyWhere = (ok: (h: number) => boolean): string => {
      for (let i = 0; ; i++) if (ok(HashRing.position(`k${i}`))) return `k${i}`;
    };

    // WHEN keys fall below the low node, between the nodes and above the high node
    const below = keyWhere((h) => h < low);
    const between = keyWhere((h) => h > low && h < high);
    const above = keyWhere((h) => h > high);

    // THEN the key above the high node wraps around to the low node
    expect(ids[ring.locate(below)]).toBe(lowId);
    expect(ids[ring.locate(between)]).toBe(highId);
    expect(ids[ring.locate(above)]).toBe(lowId);
  });

  test('rejects rings with no point or more than 2^20 points', () => {
    // GIVEN / WHEN / THEN (internal misuse: maps are validated before a ring is built)
    expect(() => new HashRing([], 128)).toThrow(RangeError);
    expect(() => new HashRing(['a', 'b'], MAX_RING_POINTS)).toThrow(RangeError);
  });
});
