/**
 * The shard map: versioned, JSON-serialisable data that says which shard holds which key.
 *
 * The ShardedDatabase plan builds it, the backends publish it (SSM Parameter Store and a stack
 * output), and the runtime `ShardRouter` that apps import reads it back. Every rule a router
 * needs is written down in the map or in these doc comments, so that a router written in
 * another language routes every key to the same shard.
 */

/** How a shard map assigns keys to shards. */
export enum ShardingStrategy {
  /**
   * Consistent hashing with virtual nodes: each shard owns `hash.virtualNodesPerShard` points
   * on a 32-bit ring, and a key belongs to the owner of the first point at or after the key's
   * hash. Adding a shard to N moves about 1/(N+1) of the keys, all of them to the new shard.
   */
  HASH = 'HASH',
  /**
   * Explicit, gap-free, non-overlapping key ranges in key order: the first starts at the empty
   * string, each ends where the next starts, and the last is open-ended.
   */
  RANGE = 'RANGE',
  /**
   * A shard per geography: each shard lists the geography keys it serves (`US`, `EU`, `ASIA`,
   * or ISO country codes); an unmapped key goes to `defaultShardId`, or is rejected.
   */
  GEOGRAPHIC = 'GEOGRAPHIC',
}

/**
 * The hash function of a HASH shard map's ring, named in the map so that a router in any
 * language can reproduce it.
 */
export enum HashFunction {
  /**
   * MurmurHash3, x86 32-bit variant (Austin Appleby, SMHasher `MurmurHash3_x86_32`), seed 0,
   * over the UTF-8 bytes of the string (a lone surrogate is encoded as U+FFFD, as the WHATWG
   * encoder does), read as an unsigned 32-bit integer. `murmur3_32('hello') = 0x248bfa47`.
   */
  MURMUR3_X86_32 = 'MURMUR3_X86_32',
}

/**
 * ASCII case folding applied to every key before it is routed (hashed, compared with range
 * boundaries, or looked up among geography keys). Only the 26 ASCII letters change, so every
 * language folds the same way.
 */
export enum KeyCaseFolding {
  /** Keys are routed exactly as given. */
  NONE = 'NONE',
  /** `a`-`z` become `A`-`Z` before routing: `alice` and `ALICE` route alike. */
  ASCII_UPPER = 'ASCII_UPPER',
  /** `A`-`Z` become `a`-`z` before routing. */
  ASCII_LOWER = 'ASCII_LOWER',
}

/**
 * A shard map: which shard holds which key, at one version.
 *
 * Schema version 1 admits exactly the props below; any other prop is rejected, so that a typo
 * in a hand-written map cannot change routing silently.
 */
export interface ShardMap {
  /** The version of this JSON format. Always 1 for maps this library writes and reads. */
  readonly schemaVersion: number;

  /**
   * The map's own version: a positive integer, bumped on every change to the shards or to how
   * keys are assigned to them, so apps can tell which map they route with.
   */
  readonly version: number;

  /** How keys are assigned to shards. */
  readonly strategy: ShardingStrategy;

  /**
   * Case folding applied to every key before routing. With a folding other than `NONE`,
   * range boundaries and geography keys must already be in folded form (else no key could
   * reach them).
   *
   * @default KeyCaseFolding.NONE
   */
  readonly caseFolding?: KeyCaseFolding;

  /**
   * GEOGRAPHIC only: the shard that serves every geography key no shard lists.
   *
   * @default - none: routing a geography key that no shard lists throws a ValidationError
   */
  readonly defaultShardId?: string;

  /**
   * HASH only, and required there: the ring's settings.
   *
   * @default - none; required when `strategy` is `HASH` and rejected otherwise
   */
  readonly hash?: HashRingSettings;

  /**
   * The shards: 1 to 1,024 entries with unique ids. For RANGE, listed in key order.
   */
  readonly shards: ShardEntry[];
}

/** The settings of a HASH map's consistent-hashing ring. */
export interface HashRingSettings {
  /**
   * Points each shard owns on the ring: 1 to 4,096 (`ShardMaps.hash()` defaults to 128).
   * More points spread keys more evenly: a shard's share of the keys deviates from 1/N by
   * about 1/sqrt(virtualNodesPerShard) (about 9% at 128). Shards times virtual nodes may
   * not exceed 1,048,576.
   */
  readonly virtualNodesPerShard: number;

  /**
   * The hash function that places keys and virtual nodes on the ring.
   *
   * Virtual node `v` (0 to virtualNodesPerShard - 1) of shard `id` sits at
   * `hash(id + '#' + v)` (v in decimal, no padding); a key sits at `hash(key)` (after case
   * folding). The key belongs to the first virtual node at or after its position, wrapping
   * past 2^32 - 1 to the lowest; virtual nodes at the same position are ordered by shard id
   * (code-unit order), then by `v`.
   */
  readonly hashFunction: HashFunction;
}

/**
 * A RANGE shard's key range: from `start` (inclusive) to `end` (exclusive), or to the end
 * of the key space when `end` is absent.
 *
 * Keys and boundaries are compared in code-unit order (JavaScript's `<`), after the map's
 * case folding. Boundaries are at most 256 characters, each from U+0000 to U+D7FF, so that this order
 * agrees with code-point order and UTF-8 byte order for every key: a router in any language
 * may use its native ordinal string comparison.
 */
export interface KeyRange {
  /** The first key of the range (inclusive). The first shard's range starts at `''`. */
  readonly start: string;

  /**
   * The first key past the range (exclusive): exactly the next shard's `start`.
   *
   * @default - open-ended: only the last shard's range, which runs to the end of the key space
   */
  readonly end?: string;
}

/** One shard of a shard map. */
export interface ShardEntry {
  /**
   * The shard's id: a DNS label (1 to 63 lower-case letters, digits or hyphens, starting and
   * ending with a letter or digit), unique in the map. It places the shard's virtual nodes on
   * a HASH ring, so renaming a HASH shard moves its keys.
   */
  readonly id: string;

  /**
   * The region the shard is deployed in, such as `us-east-1` (typical of GEOGRAPHIC maps).
   * Routing ignores it.
   *
   * @default - no region recorded: the shard is deployed wherever its stack is
   */
  readonly region?: string;

  /**
   * RANGE only, and required there: the keys this shard holds.
   *
   * @default - none; required when the map's strategy is `RANGE` and rejected otherwise
   */
  readonly range?: KeyRange;

  /**
   * GEOGRAPHIC only, and required there: the geography keys this shard serves, such as
   * `['US']`, `['EU']` or ISO country codes `['DE', 'FR']`. Each key is 1 to 32 letters or
   * digits, optionally joined by `-` or `_` (`US-CA`), listed by one shard only. Only the
   * default shard may list none.
   *
   * @default - none; required when the map's strategy is `GEOGRAPHIC` and rejected otherwise
   */
  readonly geos?: string[];

  /**
   * The shard's writer endpoint, filled in by a backend (a token until deployment). Routing
   * ignores it.
   *
   * @default - no endpoint: the app resolves the shard id to an endpoint itself
   */
  readonly endpoint?: string;
}
