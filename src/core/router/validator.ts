import { renderValue, ValidationIssue } from '../errors';
import { isPlainObject, Rules } from '../validation';
import { MAX_RING_POINTS } from './hash-ring';
import { KeySpace } from './key-space';
import { HashFunction, HashRingSettings, KeyCaseFolding, KeyRange, ShardingStrategy, ShardMap } from './shard-map';

type Json = { [key: string]: unknown };

/**
 * Validation and normalisation of shard maps, shared by `ShardMaps`, `ShardRouter` and the
 * ShardedDatabase plan. It reads its input as untrusted data (parsed JSON or a JavaScript
 * caller's object): every access is type-guarded, so any input yields a list of issues and
 * never a TypeError. Internal to the router.
 */
export class ShardMapValidator {
  /** The only schema version this router reads and writes. */
  public static readonly SCHEMA_VERSION = 1;
  /** Most shards in one map. */
  public static readonly MAX_SHARDS = 1024;
  /** Fewest and most virtual nodes per shard on a HASH ring. */
  public static readonly MIN_VIRTUAL_NODES = 1;
  public static readonly MAX_VIRTUAL_NODES = 4096;
  /** Longest geography key. */
  public static readonly MAX_GEO_LENGTH = 32;

  /**
   * Every problem of `map`, each naming the prop (`shardMap.shards[2].range.start`), the value
   * given and what is allowed; empty when the map is valid.
   *
   * @param map the map to check, of any type
   * @param path construct or spec path shown before each issue
   * @param root the name of the map's prop in the messages
   */
  public static issues(map: unknown, path: string = '', root: string = 'shardMap'): ValidationIssue[] {
    const rules = new Rules(path);
    new ShardMapValidator(rules, root).checkMap(map);
    return rules.issues;
  }

  /** One line per issue, `prop = value: must be allowed`, as `ShardMaps.validate()` returns them. */
  public static render(issues: ValidationIssue[]): string[] {
    return issues.map((i) => `${i.prop} = ${i.value}: must be ${i.allowed}`);
  }

  /**
   * A canonical copy of a valid map: known props only, in a fixed order, absent props left
   * out. `toJson()` of two equal maps is the same string.
   */
  public static normalize(map: ShardMap): ShardMap {
    const hash: HashRingSettings | undefined = map.hash === undefined ? undefined : {
      virtualNodesPerShard: map.hash.virtualNodesPerShard,
      hashFunction: map.hash.hashFunction,
    };
    return ShardMapValidator.compact({
      schemaVersion: map.schemaVersion,
      version: map.version,
      strategy: map.strategy,
      caseFolding: map.caseFolding,
      defaultShardId: map.defaultShardId,
      hash,
      shards: map.shards.map((s) => ShardMapValidator.compact({
        id: s.id,
        region: s.region,
        range: s.range === undefined ? undefined : ShardMapValidator.compact<KeyRange>({ start: s.range.start, end: s.range.end }),
        geos: s.geos === undefined ? undefined : [...s.geos],
        endpoint: s.endpoint,
      })),
    });
  }

  /** Deep-freezes a plain JSON value in place and returns it. */
  public static freeze<T>(value: T): T {
    if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
      Object.freeze(value);
      for (const v of Object.values(value)) ShardMapValidator.freeze(v);
    }
    return value;
  }

  /** True for a plain object (not null, not an array). */
  public static isRecord(x: unknown): x is Json {
    return isPlainObject(x);
  }

  private static readonly MAP_PROPS = ['schemaVersion', 'version', 'strategy', 'caseFolding', 'defaultShardId', 'hash', 'shards'];
  private static readonly SHARD_PROPS = ['id', 'region', 'range', 'geos', 'endpoint'];
  private static readonly HASH_PROPS = ['virtualNodesPerShard', 'hashFunction'];
  private static readonly RANGE_PROPS = ['start', 'end'];
  private static readonly SHARD_ID = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
  private static readonly SHARD_ID_ALLOWED = 'a DNS label: 1 to 63 lower-case letters, digits or hyphens, starting and ending with a letter or digit';
  private static readonly REGION = /^[a-z]+(?:-[a-z0-9]+)+$/;
  private static readonly GEO = /^[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$/;

  private static compact<T>(o: T): T {
    for (const k of Object.keys(o as object)) {
      if ((o as Json)[k] === undefined) delete (o as Json)[k];
    }
    return o;
  }

  private static list(values: string[], max = 12): string {
    const shown = values.slice(0, max).map((v) => renderValue(v)).join(', ');
    return values.length > max ? `${shown}, ... (${values.length} in all)` : shown;
  }

  private static enumValues(e: object): string[] {
    return Object.values(e) as string[];
  }

  private constructor(private readonly rules: Rules, private readonly root: string) {}

  private checkMap(map: unknown): void {
    const { rules, root } = this;
    if (!rules.check(root, map, ShardMapValidator.isRecord(map), 'an object (a ShardMap)')) return;
    const m = map as Json;
    const sv = m.schemaVersion;
    if (sv !== ShardMapValidator.SCHEMA_VERSION) {
      const newer = typeof sv === 'number' && Number.isInteger(sv) && sv > ShardMapValidator.SCHEMA_VERSION;
      rules.check(`${root}.schemaVersion`, sv, false, newer
        ? '1: this router reads schema version 1 only; upgrade scaleblocks to read this map'
        : '1 (the only ShardMap schema version)');
      if (newer) return; // a newer format: its other props mean nothing to this reader
    }
    this.unknownProps(m, root, ShardMapValidator.MAP_PROPS, 'ShardMap');
    rules.check(`${root}.version`, m.version, Number.isSafeInteger(m.version) && (m.version as number) >= 1,
      'a positive integer (the map\'s version, bumped on every change)');
    const strategies = ShardMapValidator.enumValues(ShardingStrategy);
    const strategyOk = rules.check(`${root}.strategy`, m.strategy, strategies.includes(m.strategy as string), `one of ${strategies.join(', ')}`);
    const strategy = strategyOk ? m.strategy as ShardingStrategy : undefined;

    const foldings = ShardMapValidator.enumValues(KeyCaseFolding);
    const foldingOk = m.caseFolding === undefined
      || rules.check(`${root}.caseFolding`, m.caseFolding, foldings.includes(m.caseFolding as string), `one of ${foldings.join(', ')}`);
    const folding = foldingOk ? (m.caseFolding as KeyCaseFolding | undefined) ?? KeyCaseFolding.NONE : undefined;

    const shards = this.checkShards(m.shards, strategy);
    if (shards === undefined) return;

    this.checkDefaultShard(m.defaultShardId, strategy, shards);
    this.checkHash(m.hash, strategy, shards.length);
    if (strategy === ShardingStrategy.RANGE) this.checkRanges(shards, folding);
    if (strategy === ShardingStrategy.GEOGRAPHIC) this.checkGeos(shards, folding, m.defaultShardId);
  }

  /** Checks the shard list and each entry's common props; returns the entries that are objects (others as undefined). */
  private checkShards(shards: unknown, strategy: ShardingStrategy | undefined): (Json | undefined)[] | undefined {
    const { rules, root } = this;
    const max = ShardMapValidator.MAX_SHARDS;
    if (!rules.check(`${root}.shards`, shards, Array.isArray(shards) && shards.length >= 1 && shards.length <= max,
      `a list of 1 to ${max.toLocaleString('en-US')} shards`)) {
      return undefined;
    }
    const firstWithId = new Map<string, number>();
    return (shards as unknown[]).map((s, i) => {
      const p = `${root}.shards[${i}]`;
      if (!rules.check(p, s, ShardMapValidator.isRecord(s), 'an object (a ShardEntry)')) return undefined;
      const e = s as Json;
      this.unknownProps(e, p, ShardMapValidator.SHARD_PROPS, 'ShardEntry');
      if (rules.check(`${p}.id`, e.id, typeof e.id === 'string' && ShardMapValidator.SHARD_ID.test(e.id), ShardMapValidator.SHARD_ID_ALLOWED)) {
        const id = e.id as string;
        const first = firstWithId.get(id);
        rules.check(`${p}.id`, id, first === undefined, `unique: shards[${first}] has the same id`);
        if (first === undefined) firstWithId.set(id, i);
      }
      rules.check(`${p}.region`, e.region,
        e.region === undefined || (typeof e.region === 'string' && e.region.length <= 32 && ShardMapValidator.REGION.test(e.region)),
        'absent or a region name such as us-east-1 (lower-case words and digits joined by hyphens, at most 32 characters)');
      rules.check(`${p}.endpoint`, e.endpoint, e.endpoint === undefined || (typeof e.endpoint === 'string' && e.endpoint.length > 0),
        'absent or a non-empty string (the shard\'s writer endpoint)');
      if (strategy !== undefined && strategy !== ShardingStrategy.RANGE) {
        rules.check(`${p}.range`, e.range, e.range === undefined, `absent: only RANGE maps give shards a range (this map is ${strategy})`);
      }
      if (strategy !== undefined && strategy !== ShardingStrategy.GEOGRAPHIC) {
        rules.check(`${p}.geos`, e.geos, e.geos === undefined, `absent: only GEOGRAPHIC maps give shards geography keys (this map is ${strategy})`);
      }
      return e;
    });
  }

  private checkDefaultShard(defaultShardId: unknown, strategy: ShardingStrategy | undefined, shards: (Json | undefined)[]): void {
    if (defaultShardId === undefined) return;
    const p = `${this.root}.defaultShardId`;
    if (strategy !== undefined && strategy !== ShardingStrategy.GEOGRAPHIC) {
      this.rules.check(p, defaultShardId, false, `absent: only GEOGRAPHIC maps have a default shard (this map is ${strategy})`);
      return;
    }
    const ids = shards.map((s) => s?.id).filter((id): id is string => typeof id === 'string');
    this.rules.check(p, defaultShardId, typeof defaultShardId === 'string' && ids.includes(defaultShardId),
      `absent or the id of one of the shards: ${ShardMapValidator.list(ids)}`);
  }

  private checkHash(hash: unknown, strategy: ShardingStrategy | undefined, shardCount: number): void {
    const { rules } = this;
    const p = `${this.root}.hash`;
    if (strategy === undefined) return;
    if (strategy !== ShardingStrategy.HASH) {
      rules.check(p, hash, hash === undefined, `absent: only HASH maps have ring settings (this map is ${strategy})`);
      return;
    }
    if (!rules.check(p, hash, ShardMapValidator.isRecord(hash),
      'an object { virtualNodesPerShard, hashFunction } (HashRingSettings): a HASH map names its ring settings')) {
      return;
    }
    const h = hash as Json;
    this.unknownProps(h, p, ShardMapValidator.HASH_PROPS, 'HashRingSettings');
    const min = ShardMapValidator.MIN_VIRTUAL_NODES;
    const max = ShardMapValidator.MAX_VIRTUAL_NODES;
    const vnodes = h.virtualNodesPerShard;
    const vnodesOk = rules.check(`${p}.virtualNodesPerShard`, vnodes, Number.isInteger(vnodes) && (vnodes as number) >= min && (vnodes as number) <= max,
      `an integer from ${min} to ${max.toLocaleString('en-US')}`);
    if (vnodesOk) {
      const most = Math.floor(MAX_RING_POINTS / shardCount);
      rules.check(`${p}.virtualNodesPerShard`, vnodes, (vnodes as number) <= most,
        `at most ${most.toLocaleString('en-US')} with ${shardCount.toLocaleString('en-US')} shards: a ring holds at most ${MAX_RING_POINTS.toLocaleString('en-US')} virtual nodes in all`);
    }
    const functions = ShardMapValidator.enumValues(HashFunction);
    rules.check(`${p}.hashFunction`, h.hashFunction, functions.includes(h.hashFunction as string), `one of ${functions.join(', ')}`);
  }

  private checkRanges(shards: (Json | undefined)[], folding: KeyCaseFolding | undefined): void {
    const { rules, root } = this;
    // The start of each shard's range when it is a valid boundary, else undefined.
    const starts: (string | undefined)[] = shards.map((s, i) => {
      if (s === undefined) return undefined;
      const p = `${root}.shards[${i}].range`;
      if (!rules.check(p, s.range, ShardMapValidator.isRecord(s.range),
        'an object { start, end } (a KeyRange): every shard of a RANGE map has a range')) {
        return undefined;
      }
      const r = s.range as Json;
      this.unknownProps(r, p, ShardMapValidator.RANGE_PROPS, 'KeyRange');
      const start = r.start;
      if (!rules.check(`${p}.start`, start, typeof start === 'string' && KeySpace.isBoundary(start),
        `a string of at most ${KeySpace.MAX_BOUNDARY_LENGTH} characters, each from U+0000 to U+D7FF`)) {
        return undefined;
      }
      const boundary = start as string;
      if (folding !== undefined && folding !== KeyCaseFolding.NONE) {
        const folded = KeySpace.fold(boundary, folding);
        const upper = folding === KeyCaseFolding.ASCII_UPPER;
        if (!rules.check(`${p}.start`, boundary, folded === boundary,
          `${renderValue(folded)}: caseFolding is ${folding}, so keys never hold ${upper ? 'a-z' : 'A-Z'} and a boundary with them misplaces keys`)) {
          return undefined;
        }
      }
      return boundary;
    });

    const last = shards.length - 1;
    shards.forEach((s, i) => {
      if (s === undefined || !ShardMapValidator.isRecord(s.range)) return;
      const p = `${root}.shards[${i}].range`;
      const start = starts[i];
      if (i === 0) {
        rules.check(`${p}.start`, s.range.start, start === undefined || start === '',
          '"" (the empty string): the first range starts at the beginning of the key space, so every key finds a shard');
      } else {
        const prev = starts[i - 1];
        if (start !== undefined && prev !== undefined) {
          rules.check(`${p}.start`, start, start > prev,
            `greater than shards[${i - 1}].range.start (${renderValue(prev)}) in code-unit order: list the shards in key order, no two starting at the same key`);
        }
      }
      const end = s.range.end;
      if (i === last) {
        rules.check(`${p}.end`, end, end === undefined, 'absent: the last range is open-ended, so every key past its start finds a shard');
      } else {
        const next = starts[i + 1];
        if (next !== undefined) {
          rules.check(`${p}.end`, end, end === next,
            `${renderValue(next)}, the start of shards[${i + 1}].range: ranges are gap-free, each ending where the next starts`);
        } else {
          rules.check(`${p}.end`, end, typeof end === 'string' && KeySpace.isBoundary(end),
            `a string of at most ${KeySpace.MAX_BOUNDARY_LENGTH} characters, each from U+0000 to U+D7FF: the start of shards[${i + 1}].range`);
        }
      }
    });
  }

  private checkGeos(shards: (Json | undefined)[], folding: KeyCaseFolding | undefined, defaultShardId: unknown): void {
    const { rules, root } = this;
    const maxLen = ShardMapValidator.MAX_GEO_LENGTH;
    const servedBy = new Map<string, number>();
    shards.forEach((s, i) => {
      if (s === undefined) return;
      const p = `${root}.shards[${i}].geos`;
      const isDefault = typeof s.id === 'string' && s.id === defaultShardId;
      if (!rules.check(p, s.geos, Array.isArray(s.geos) && (s.geos.length > 0 || isDefault),
        'a list of 1 or more geography keys, such as ["US"] (only the default shard, defaultShardId, may list none)')) {
        return;
      }
      (s.geos as unknown[]).forEach((g, j) => {
        const pj = `${p}[${j}]`;
        if (!rules.check(pj, g, typeof g === 'string' && g.length <= maxLen && ShardMapValidator.GEO.test(g),
          `a geography key: 1 to ${maxLen} letters or digits, optionally joined by - or _ (such as US, EU, ASIA, DE or US-CA)`)) {
          return;
        }
        const geo = g as string;
        if (folding !== undefined && folding !== KeyCaseFolding.NONE) {
          const folded = KeySpace.fold(geo, folding);
          if (!rules.check(pj, geo, folded === geo, `${renderValue(folded)}: caseFolding is ${folding}, so no key could reach ${renderValue(geo)}`)) return;
        }
        const first = servedBy.get(geo);
        rules.check(pj, geo, first === undefined, `served by one shard only: shards[${first}] already lists it`);
        if (first === undefined) servedBy.set(geo, i);
      });
    });
  }

  private unknownProps(o: Json, prefix: string, known: string[], typeName: string): void {
    for (const k of Object.keys(o)) {
      if (!known.includes(k)) {
        this.rules.check(`${prefix}.${k}`, o[k], false, `absent: a ${typeName} (schema version 1) has only ${known.join(', ')}`);
      }
    }
  }
}
