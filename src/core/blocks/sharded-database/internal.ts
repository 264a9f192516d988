// ShardedDatabase: what resolve and sizing share.
// Not re-exported by index.ts: it is not part of the public API.

/** Bytes of the UTF-8 encoding of `s`. */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}
