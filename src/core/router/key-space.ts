import { KeyCaseFolding } from './shard-map';

/**
 * The key space of a shard map: case folding, and the order RANGE boundaries are compared in.
 * Internal to the router.
 */
export class KeySpace {
  /** Longest range boundary, in UTF-16 code units. */
  public static readonly MAX_BOUNDARY_LENGTH = 256;

  /**
   * Folds `key` as the map says: only ASCII letters change, so every language folds alike
   * (unlike Unicode case mapping, where `ß` upper-cases to `SS`).
   */
  public static fold(key: string, folding: KeyCaseFolding): string {
    switch (folding) {
      case KeyCaseFolding.ASCII_UPPER:
        return KeySpace.LOWER.test(key) ? key.replace(KeySpace.LOWER_ALL, (s) => s.toUpperCase()) : key;
      case KeyCaseFolding.ASCII_LOWER:
        return KeySpace.UPPER.test(key) ? key.replace(KeySpace.UPPER_ALL, (s) => s.toLowerCase()) : key;
      default:
        return key;
    }
  }

  /**
   * True when `s` can be a range boundary: at most MAX_BOUNDARY_LENGTH characters, all from
   * U+0000 to U+D7FF. With such boundaries, code-unit order (JavaScript, Java, C#),
   * code-point order (Python) and UTF-8 byte order (Go, Rust, C) compare every key with
   * every boundary alike: the first difference between a key and a boundary is always
   * between a boundary character below U+D800 and a key unit that is below it in all three
   * orders or above it in all three.
   */
  public static isBoundary(s: string): boolean {
    return s.length <= KeySpace.MAX_BOUNDARY_LENGTH && KeySpace.BOUNDARY.test(s);
  }

  private static readonly LOWER = /[a-z]/;
  private static readonly LOWER_ALL = /[a-z]+/g;
  private static readonly UPPER = /[A-Z]/;
  private static readonly UPPER_ALL = /[A-Z]+/g;
  private static readonly BOUNDARY = /^[\u0000-\ud7ff]*$/;

  private constructor() {}
}

/**
 * RANGE routing: sorted range starts, the first being `''`; a key belongs to the last range
 * whose start is at or below it. Internal to the router.
 */
export class RangeTable {
  /** @param starts strictly increasing range starts, `starts[0] === ''` */
  constructor(private readonly starts: string[]) {}

  /** Index of the range that holds `key` (already case-folded). */
  public locate(key: string): number {
    // Largest i with starts[i] <= key; starts[0] is '' so there always is one.
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1; // eslint-disable-line no-bitwise
      if (this.starts[mid] <= key) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
