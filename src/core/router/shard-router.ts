import { renderValue, ValidationError } from '../errors';
import { HashRing } from './hash-ring';
import { KeySpace, RangeTable } from './key-space';
import { KeyCaseFolding, ShardEntry, ShardingStrategy, ShardMap } from './shard-map';
import { ShardMapPages } from './shard-map-pages';
import { ShardMapValidator } from './validator';

/**
 * Routes keys to shards with a shard map: the runtime half of a ShardedDatabase.
 *
 * Apps load the map the ShardedDatabase published (SSM Parameter Store or a stack output)
 * with `ShardRouter.fromJson()`, then ask `route(key)` or `shardIdFor(key)` for every key.
 * The ShardedDatabase plan validates its map with the same rules, so plan and runtime never
 * disagree. A router is immutable and holds no I/O: to follow a new map version, build a new
 * router.
 *
 * @example
 * const router = ShardRouter.fromMap(ShardMaps.hash(['shard-0', 'shard-1', 'shard-2']));
 * const shardId = router.shardIdFor('user:42');
 * const json = router.toJson(); // what ShardRouter.fromJson() reads back
 */
export class ShardRouter {
  /**
   * A router for `map`.
   *
   * @throws ValidationError listing every problem of the map (the prop, the value given and
   * what is allowed), when the map is invalid
   */
  public static fromMap(map: ShardMap): ShardRouter {
    const issues = ShardMapValidator.issues(map);
    if (issues.length > 0) throw new ValidationError(issues);
    return new ShardRouter(ShardMapValidator.freeze(ShardMapValidator.normalize(map)));
  }

  /**
   * A router for a map serialised as JSON (as `toJson()` writes it).
   *
   * @throws ValidationError when `json` is not JSON or not a valid shard map
   */
  public static fromJson(json: string): ShardRouter {
    if (typeof json !== 'string') {
      throw new ValidationError([{ path: '', prop: 'json', value: renderValue(json), allowed: 'a string holding a ShardMap as JSON' }]);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      throw new ValidationError([{ path: '', prop: 'json', value: renderValue(json), allowed: `a JSON document holding a ShardMap (${reason})` }]);
    }
    return ShardRouter.fromMap(parsed as ShardMap);
  }

  /**
   * A router for a map published in pages (a ShardedDatabase publishes a map too big for one SSM
   * parameter as pages: `<name>`, `<name>/pages/1`, ...): the JSON of every page, in any order.
   * A single plain map's JSON is accepted too, so an app can always read the pages this way.
   *
   * @param jsons the value of every page parameter
   * @throws ValidationError when a page is missing, repeated or of another map version, or the map is invalid
   */
  public static fromPages(jsons: string[]): ShardRouter {
    return ShardRouter.fromMap(ShardMapPages.joinJson(jsons));
  }

  /** The shard map this router routes with: validated, normalised and frozen. */
  public readonly map: ShardMap;

  private readonly folding: KeyCaseFolding;
  /** Index into `map.shards` of the shard that holds a case-folded key, or -1 when none does. */
  private readonly locate: (folded: string) => number;

  private constructor(map: ShardMap) {
    this.map = map;
    this.folding = map.caseFolding ?? KeyCaseFolding.NONE;
    const ids = map.shards.map((s) => s.id);
    switch (map.strategy) {
      case ShardingStrategy.HASH: {
        const ring = new HashRing(ids, map.hash!.virtualNodesPerShard);
        this.locate = (key) => ring.locate(key);
        break;
      }
      case ShardingStrategy.RANGE: {
        const table = new RangeTable(map.shards.map((s) => s.range!.start));
        this.locate = (key) => table.locate(key);
        break;
      }
      default: {
        const byGeo = new Map<string, number>();
        map.shards.forEach((s, i) => s.geos!.forEach((g) => byGeo.set(g, i)));
        const fallback = map.defaultShardId === undefined ? -1 : ids.indexOf(map.defaultShardId);
        this.locate = (key) => byGeo.get(key) ?? fallback;
      }
    }
  }

  /**
   * The shard that holds `key`.
   *
   * HASH: the owner of the first virtual node at or after the key's hash. RANGE: the shard
   * whose range holds the key. GEOGRAPHIC: the shard that lists the key as one of its
   * `geos`, else the default shard. Keys are case-folded first when the map says so.
   *
   * @param key the sharding key (for GEOGRAPHIC maps, a geography key such as `US`)
   * @throws ValidationError when `key` is not a string, or when a GEOGRAPHIC map has no shard
   * for it and no default shard
   */
  public route(key: string): ShardEntry {
    if (typeof key !== 'string') {
      throw new ValidationError([{ path: '', prop: 'key', value: renderValue(key), allowed: 'a string' }]);
    }
    const i = this.locate(KeySpace.fold(key, this.folding));
    if (i < 0) {
      const geos = this.map.shards.flatMap((s) => s.geos ?? []);
      const shown = geos.slice(0, 20).join(', ') + (geos.length > 20 ? `, ... (${geos.length} in all)` : '');
      throw new ValidationError([{
        path: '',
        prop: 'key',
        value: renderValue(key),
        allowed: `a geography key of shard map version ${this.map.version}: one of ${shown} (the map has no defaultShardId for other keys)`,
      }]);
    }
    return this.map.shards[i];
  }

  /**
   * The id of the shard that holds `key`: `route(key).id`.
   *
   * @param key the sharding key
   */
  public shardIdFor(key: string): string {
    return this.route(key).id;
  }

  /**
   * The map as compact JSON, props in a fixed order: `fromJson(toJson())` routes alike and
   * has an equal `map`. Tokens in `endpoint` stay as they are: a construct that publishes the
   * map resolves them (e.g. `Stack.toJsonString(router.map)`).
   */
  public toJson(): string {
    return JSON.stringify(this.map);
  }
}
