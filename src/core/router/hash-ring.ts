/* eslint-disable no-bitwise */
// A hash function is bit arithmetic: this file is where the bitwise operators live.

// Read once: a global lookup of `Math` per call is slow in some sandboxes (jest's vm context: 100x).
const imul = Math.imul;

/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby, public domain; SMHasher's
 * `MurmurHash3_x86_32`). Chosen for the ring because it is well known, has a reference
 * implementation and test vectors in most languages (Guava `murmur3_32_fixed`, Python `mmh3`,
 * Go `spaolacci/murmur3`), mixes every input bit into every output bit through its finalizer
 * (FNV-1a has no finalizer: names that differ only in the last byte, such as `shard-1#0` to
 * `shard-1#9`, land on a short arithmetic progression whose step is the FNV prime, all ten
 * within 5e-7 of the 64-bit ring, so virtual nodes would cluster), and needs only 32-bit
 * integer multiplication, which JavaScript does exactly with `Math.imul` (FNV-1a 64 would
 * need BigInt).
 *
 * Internal to the router: not part of the jsii API.
 */
export class Murmur3 {
  /** MurmurHash3_x86_32 of the first `length` bytes of `bytes` (all of them by default) with `seed`, as an unsigned 32-bit integer. */
  public static hashBytes(bytes: Uint8Array, seed: number, length: number = bytes.length): number {
    let h = seed | 0;
    const blocks = length - (length & 3);
    for (let i = 0; i < blocks; i += 4) {
      h = Murmur3.mixH(h, bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
    }
    const tail = length & 3;
    if (tail > 0) {
      let k = bytes[blocks];
      if (tail > 1) k ^= bytes[blocks + 1] << 8;
      if (tail > 2) k ^= bytes[blocks + 2] << 16;
      h ^= Murmur3.mixK(k);
    }
    return Murmur3.fmix(h ^ length);
  }

  /**
   * MurmurHash3_x86_32 with seed 0 of the UTF-8 encoding of `s` (a lone surrogate is encoded
   * as U+FFFD, the WHATWG rule).
   */
  public static hashString(s: string): number {
    return Murmur3.hashBytes(Murmur3.scratch, 0, Murmur3.utf8(s));
  }

  /** Reused buffer for UTF-8 bytes: hashing is synchronous, so one buffer serves every call. */
  private static scratch = new Uint8Array(256);

  /** Writes the UTF-8 encoding of `s` into `scratch` (growing it as needed) and returns its length in bytes. */
  private static utf8(s: string): number {
    const len = s.length;
    if (Murmur3.scratch.length < len * 3) Murmur3.scratch = new Uint8Array(len * 3);
    const out = Murmur3.scratch;
    let n = 0;
    for (let i = 0; i < len; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        out[n++] = c;
      } else if (c < 0x800) {
        out[n++] = 0xc0 | (c >> 6);
        out[n++] = 0x80 | (c & 0x3f);
      } else {
        if (c >= 0xd800 && c <= 0xdfff) {
          const d = i + 1 < len ? s.charCodeAt(i + 1) : 0;
          if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
            const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
            i++;
            out[n++] = 0xf0 | (cp >> 18);
            out[n++] = 0x80 | ((cp >> 12) & 0x3f);
            out[n++] = 0x80 | ((cp >> 6) & 0x3f);
            out[n++] = 0x80 | (cp & 0x3f);
            continue;
          }
          c = 0xfffd;
        }
        out[n++] = 0xe0 | (c >> 12);
        out[n++] = 0x80 | ((c >> 6) & 0x3f);
        out[n++] = 0x80 | (c & 0x3f);
      }
    }
    return n;
  }

  private static mixK(k: number): number {
    k = imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    return imul(k, 0x1b873593);
  }

  private static mixH(h: number, k: number): number {
    h ^= Murmur3.mixK(k);
    h = (h << 13) | (h >>> 19);
    return (imul(h, 5) + 0xe6546b64) | 0;
  }

  private static fmix(h: number): number {
    h ^= h >>> 16;
    h = imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  }

  private constructor() {}
}

/** 2^20: the most virtual nodes a ring holds in all, so that a position and an index pack into one exact double. */
export const MAX_RING_POINTS = 1_048_576;

/**
 * A consistent-hashing ring with virtual nodes (see `HashRingSettings` for the exact rules).
 * Internal to the router.
 */
export class HashRing {
  /** The ring position of a key or a virtual node label. */
  public static position(s: string): number {
    return Murmur3.hashString(s);
  }

  /** Sorted positions of the virtual nodes. */
  private readonly positions: Uint32Array;
  /** owners[i]: index (in the given shard id list) of the shard that owns positions[i]. */
  private readonly owners: Uint32Array;

  /**
   * @param shardIds unique shard ids; `locate()` returns indexes into this list
   * @param virtualNodesPerShard points per shard; shardIds.length * virtualNodesPerShard <= MAX_RING_POINTS
   */
  constructor(shardIds: string[], virtualNodesPerShard: number) {
    const v = virtualNodesPerShard;
    const total = shardIds.length * v;
    if (total < 1 || total > MAX_RING_POINTS) {
      throw new RangeError(`ring of ${total} points: must be 1 to ${MAX_RING_POINTS}`);
    }
    // Rank shards by id (code-unit order): ties on a position go to the lower id, then lower v.
    const byId = shardIds.map((_, i) => i).sort((a, b) => (shardIds[a] < shardIds[b] ? -1 : shardIds[a] > shardIds[b] ? 1 : 0));
    // Pack (position, rank * v + node) into one exact double (< 2^52) and sort numerically.
    const packed = new Float64Array(total);
    for (let r = 0; r < byId.length; r++) {
      const id = shardIds[byId[r]];
      for (let node = 0; node < v; node++) {
        const slot = r * v + node;
        packed[slot] = HashRing.position(`${id}#${node}`) * MAX_RING_POINTS + slot;
      }
    }
    packed.sort();
    this.positions = new Uint32Array(total);
    this.owners = new Uint32Array(total);
    for (let i = 0; i < total; i++) {
      const slot = packed[i] % MAX_RING_POINTS;
      this.positions[i] = (packed[i] - slot) / MAX_RING_POINTS;
      this.owners[i] = byId[(slot - (slot % v)) / v];
    }
  }

  /** Index (in the shard id list) of the shard that owns `key` (already case-folded). */
  public locate(key: string): number {
    const h = HashRing.position(key);
    const positions = this.positions;
    let lo = 0;
    let hi = positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (positions[mid] < h) lo = mid + 1;
      else hi = mid;
    }
    return this.owners[lo === positions.length ? 0 : lo];
  }
}
