import { renderValue, ValidationError, ValidationIssue } from '../errors';
import { HashFunction, KeyCaseFolding, ShardEntry, ShardingStrategy, ShardMap } from './shard-map';
import { ShardMapValidator } from './validator';

/** Options common to every shard map builder. */
export interface ShardMapOptions {
  /**
   * The map's version: a positive integer. Bump it on every change to the shards or to how
   * keys are assigned to them.
   *
   * @default 1
   */
  readonly version?: number;

  /**
   * ASCII case folding applied to every key before routing.
   *
   * @default KeyCaseFolding.NONE
   */
  readonly caseFolding?: KeyCaseFolding;
}

/** Options of a HASH shard map. */
export interface HashShardMapOptions extends ShardMapOptions {
  /**
   * Points each shard owns on the ring: 1 to 4,096. A shard's share of the keys deviates from
   * 1/N by about 1/sqrt(virtualNodesPerShard).
   *
   * @default 128
   */
  readonly virtualNodesPerShard?: number;

  /**
   * The ring's hash function.
   *
   * @default HashFunction.MURMUR3_X86_32
   */
  readonly hashFunction?: HashFunction;
}

/** One shard of a RANGE map: where its range starts (it ends where the next one starts). */
export interface RangeShardOptions {
  /** The shard's id (a DNS label, unique in the map). */
  readonly shardId: string;

  /**
   * The first key of the shard's range (inclusive), after case folding. The first shard
   * starts at `''`; each next shard starts at a greater key, in code-unit order.
   */
  readonly start: string;

  /**
   * The region the shard is deployed in, such as `us-east-1`.
   *
   * @default - no region recorded
   */
  readonly region?: string;
}

/** One shard of a GEOGRAPHIC map: the geography keys it serves. */
export interface GeographicShardOptions {
  /** The shard's id (a DNS label, unique in the map). */
  readonly shardId: string;

  /**
   * The geography keys the shard serves, such as `['US']`, `['EU']` or `['DE', 'FR']`. May be
   * empty only for the default shard.
   */
  readonly geos: string[];

  /**
   * The region the shard is deployed in, such as `eu-central-1`.
   *
   * @default - no region recorded
   */
  readonly region?: string;
}

/** Options of a GEOGRAPHIC shard map. */
export interface GeographicShardMapOptions extends ShardMapOptions {
  /**
   * The shard that serves every geography key no shard lists.
   *
   * @default - none: routing an unlisted geography key throws a ValidationError
   */
  readonly defaultShardId?: string;
}

/**
 * Builds and validates shard maps. Every builder returns a valid map, with every default
 * written out, or throws one ValidationError that lists every problem, each named by its prop
 * in the map (`shardMap.shards[2].range.start`); the shards keep the order they are given in.
 */
export class ShardMaps {
  /** The schema version of the maps this library writes and reads. */
  public static readonly SCHEMA_VERSION = ShardMapValidator.SCHEMA_VERSION;

  /** Virtual nodes per shard of a HASH map unless told otherwise. */
  public static readonly DEFAULT_VIRTUAL_NODES_PER_SHARD = 128;

  /**
   * A HASH map: consistent hashing of keys over `shardIds` (see `HashRingSettings`).
   * Appending a shard id moves about 1/(N+1) of the keys, all of them to the new shard;
   * the order of `shardIds` does not matter to routing.
   *
   * @param shardIds the shard ids: 1 to 1,024 unique DNS labels
   * @param options the version, case folding and ring settings
   */
  public static hash(shardIds: string[], options: HashShardMapOptions = {}): ShardMap {
    const o = ShardMaps.options(options);
    return ShardMaps.checked({
      schemaVersion: ShardMaps.SCHEMA_VERSION,
      version: o.version ?? 1,
      strategy: ShardingStrategy.HASH,
      caseFolding: o.caseFolding ?? KeyCaseFolding.NONE,
      hash: {
        virtualNodesPerShard: o.virtualNodesPerShard ?? ShardMaps.DEFAULT_VIRTUAL_NODES_PER_SHARD,
        hashFunction: o.hashFunction ?? HashFunction.MURMUR3_X86_32,
      },
      shards: Array.isArray(shardIds) ? shardIds.map((id) => ({ id })) : shardIds as unknown as ShardEntry[],
    });
  }

  /**
   * A RANGE map from the start of each shard's range, in key order: each range ends where
   * the next starts and the last is open-ended, so the ranges cannot leave a gap or overlap.
   *
   * Keys compare in code-unit order after case folding, so "A-M, N-Z and 0-9" is written,
   * with `caseFolding: KeyCaseFolding.ASCII_UPPER`, as
   * `[{ shardId: 'digits', start: '' }, { shardId: 'a-to-m', start: 'A' }, { shardId: 'n-to-z', start: 'N' }]`:
   * digits sort before letters, so `digits` holds every key below `A` (digits, and also
   * punctuation and the empty key) and `n-to-z` every key from `N` on (including keys past
   * `Z`, such as non-ASCII ones).
   *
   * @param ranges the shards with the start of their ranges, in key order, the first starting at `''`
   * @param options the version and case folding
   */
  public static ranges(ranges: RangeShardOptions[], options: ShardMapOptions = {}): ShardMap {
    const o = ShardMaps.options(options);
    const shards = Array.isArray(ranges)
      ? ranges.map((r, i): ShardEntry => {
        if (!ShardMapValidator.isRecord(r)) return r as unknown as ShardEntry;
        const next: unknown = ranges[i + 1];
        const end = ShardMapValidator.isRecord(next) ? next.start as string : undefined;
        return { id: r.shardId, region: r.region, range: { start: r.start, end } };
      })
      : ranges as unknown as ShardEntry[];
    return ShardMaps.checked({
      schemaVersion: ShardMaps.SCHEMA_VERSION,
      version: o.version ?? 1,
      strategy: ShardingStrategy.RANGE,
      caseFolding: o.caseFolding ?? KeyCaseFolding.NONE,
      shards,
    });
  }

  /**
   * A GEOGRAPHIC map: each shard serves the geography keys it lists; other keys go to the
   * default shard, or are rejected when there is none.
   *
   * @param shards the shards with the geography keys each serves
   * @param options the version, case folding and default shard
   */
  public static geographic(shards: GeographicShardOptions[], options: GeographicShardMapOptions = {}): ShardMap {
    const o = ShardMaps.options(options);
    const entries = Array.isArray(shards)
      ? shards.map((s): ShardEntry => (ShardMapValidator.isRecord(s)
        ? { id: s.shardId, region: s.region, geos: s.geos }
        : s as unknown as ShardEntry))
      : shards as unknown as ShardEntry[];
    return ShardMaps.checked({
      schemaVersion: ShardMaps.SCHEMA_VERSION,
      version: o.version ?? 1,
      strategy: ShardingStrategy.GEOGRAPHIC,
      caseFolding: o.caseFolding ?? KeyCaseFolding.NONE,
      defaultShardId: o.defaultShardId,
      shards: entries,
    });
  }

  /**
   * Every problem of `map`, one line each (`shardMap.shards[2].range.start = "B": must be
   * ...`); an empty list when the map is valid. `ShardRouter.fromMap()` accepts exactly
   * the maps with no problem.
   *
   * @param map the map to check
   */
  public static validate(map: ShardMap): string[] {
    return ShardMapValidator.render(ShardMapValidator.issues(map));
  }

  /**
   * Every problem of `map` as validation issues, for a plan to report beside its own
   * (the ShardedDatabase plan uses it); an empty list when the map is valid.
   *
   * @param map the map to check
   * @param path the construct or spec path to put in each issue
   * @param prop the name of the map's prop, before each issue's prop
   */
  public static findIssues(map: ShardMap, path?: string, prop?: string): ValidationIssue[] {
    return ShardMapValidator.issues(map, path ?? '', prop ?? 'shardMap');
  }

  /**
   * A copy of `map` with writer endpoints filled in, as a backend does once it knows them.
   * The version stays: endpoints do not change which shard holds which key.
   *
   * @param map a valid map
   * @param endpoints endpoint by shard id; shards not named keep their endpoint
   */
  public static withEndpoints(map: ShardMap, endpoints: { [shardId: string]: string }): ShardMap {
    ShardMaps.throwIfInvalid(ShardMapValidator.issues(map));
    const ids = map.shards.map((s) => s.id);
    const known = ShardMapValidator.isRecord(endpoints) ? endpoints : {};
    const issues: ValidationIssue[] = ShardMapValidator.isRecord(endpoints) ? [] : [{
      path: '', prop: 'endpoints', value: renderValue(endpoints), allowed: 'an object of endpoints keyed by shard id',
    }];
    for (const id of Object.keys(known)) {
      if (!ids.includes(id)) {
        const allowed = `keyed by a shard id of the map: one of ${ids.join(', ')}`;
        issues.push({ path: '', prop: `endpoints.${id}`, value: renderValue(known[id]), allowed });
      }
    }
    ShardMaps.throwIfInvalid(issues);
    const shards = map.shards.map((s) => (Object.prototype.hasOwnProperty.call(known, s.id) ? { ...s, endpoint: known[s.id] } : s));
    return ShardMaps.checked({ ...map, shards });
  }

  /** Validates a built map and returns its canonical copy, or throws every issue at once. */
  private static checked(map: ShardMap): ShardMap {
    ShardMaps.throwIfInvalid(ShardMapValidator.issues(map));
    return ShardMapValidator.normalize(map);
  }

  private static throwIfInvalid(issues: ValidationIssue[]): void {
    if (issues.length > 0) throw new ValidationError(issues);
  }

  private static options<T extends object>(options: T | undefined): Partial<T> {
    if (options === undefined || options === null) return {};
    if (!ShardMapValidator.isRecord(options)) {
      throw new ValidationError([{ path: '', prop: 'options', value: renderValue(options), allowed: 'absent or an object of options' }]);
    }
    return options;
  }

  private constructor() {}
}
