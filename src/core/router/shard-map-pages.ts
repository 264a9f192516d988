import { renderValue, ValidationError, ValidationIssue } from '../errors';
import { HashRingSettings, KeyCaseFolding, ShardEntry, ShardingStrategy, ShardMap } from './shard-map';
import { ShardMapValidator } from './validator';

/** Where a page sits among the pages of a published shard map. */
export interface ShardMapPageInfo {
  /** The page's position, from 0. */
  readonly index: number;
  /** How many pages the map was published in. */
  readonly count: number;
}

/**
 * One page of a shard map published over several values (SSM parameters), when the map with its
 * endpoints is too big for one: the map's header (every prop but `shards`, the same on every page),
 * where the page sits, and a run of the map's shards in map order.
 *
 * A map that fits in one value is published as the plain `ShardMap`, without `page`.
 */
export interface ShardMapPage {
  /** The map's `schemaVersion`. */
  readonly schemaVersion: number;
  /** The map's `version`: every page of one publication carries the same. */
  readonly version: number;
  /** The map's `strategy`. */
  readonly strategy: ShardingStrategy;
  /**
   * The map's `caseFolding`.
   *
   * @default KeyCaseFolding.NONE
   */
  readonly caseFolding?: KeyCaseFolding;
  /**
   * The map's `defaultShardId` (GEOGRAPHIC).
   *
   * @default - none
   */
  readonly defaultShardId?: string;
  /**
   * The map's `hash` settings (HASH).
   *
   * @default - none
   */
  readonly hash?: HashRingSettings;
  /** Where this page sits. */
  readonly page: ShardMapPageInfo;
  /** Shards `index x shardsPerPage` onwards, in map order. */
  readonly shards: ShardEntry[];
}

const HEADER_PROPS = ['schemaVersion', 'version', 'strategy', 'caseFolding', 'defaultShardId', 'hash'] as const;

/**
 * Splits a shard map into pages for publication and joins the pages back, so that a map of any
 * supported size fits the values it is published in (an SSM parameter holds 4 KB, or 8 KB in
 * the Advanced tier). Page 0 is published under the map's parameter name and page k under
 * `<name>/pages/<k>` (`parameterNames`); an app reads page 0, which says how many pages there
 * are, then the others, and builds its router with `ShardRouter.fromPages()`.
 */
export class ShardMapPages {
  /**
   * The pages of `map`, `shardsPerPage` shards each (the last may hold fewer). A map that fits in
   * one page is returned as it is (a plain `ShardMap`, without `page`), so a one-page publication
   * is also what `ShardRouter.fromJson()` reads.
   *
   * @param map a valid map (endpoints filled in or not)
   * @param shardsPerPage shards per page, at least 1
   * @throws ValidationError when the map is invalid or `shardsPerPage` is not a positive integer
   */
  public static split(map: ShardMap, shardsPerPage: number): Array<ShardMap | ShardMapPage> {
    const issues = ShardMapValidator.issues(map);
    if (!Number.isInteger(shardsPerPage) || shardsPerPage < 1) {
      issues.push({ path: '', prop: 'shardsPerPage', value: renderValue(shardsPerPage), allowed: 'an integer of at least 1' });
    }
    if (issues.length > 0) throw new ValidationError(issues);
    const count = Math.ceil(map.shards.length / shardsPerPage);
    if (count <= 1) return [map];
    const header = ShardMapPages.header(map);
    return Array.from({ length: count }, (_, index): ShardMapPage => ({
      ...header,
      page: { index, count },
      shards: map.shards.slice(index * shardsPerPage, (index + 1) * shardsPerPage),
    }));
  }

  /**
   * The shard map the pages of one publication make, validated: the pages may come in any order,
   * but every page from 0 to count - 1 must be there once, all with the same header (a page of
   * another version means the map was republished while it was read: read the pages again).
   * One plain map (no `page`) is accepted as a one-page publication.
   *
   * @param pages the values read, parsed
   * @throws ValidationError listing every problem (a missing or repeated page, a header that differs, an invalid map)
   */
  public static join(pages: Array<ShardMap | ShardMapPage>): ShardMap {
    const issues: ValidationIssue[] = [];
    if (!Array.isArray(pages) || pages.length === 0) {
      throw new ValidationError([{ path: '', prop: 'pages', value: renderValue(pages), allowed: 'a list of 1 or more shard map pages' }]);
    }
    if (pages.length === 1 && ShardMapValidator.isRecord(pages[0]) && !('page' in pages[0])) {
      const single = pages[0] as ShardMap;
      const problems = ShardMapValidator.issues(single);
      if (problems.length > 0) throw new ValidationError(problems);
      return ShardMapValidator.normalize(single);
    }
    const list = pages as ShardMapPage[];
    list.forEach((p, i) => {
      const info = ShardMapValidator.isRecord(p) ? p.page : undefined;
      const ok = ShardMapValidator.isRecord(info) && Number.isInteger(info.index) && Number.isInteger(info.count)
        && info.count >= 1 && info.index >= 0 && info.index < info.count;
      if (!ok) issues.push({ path: '', prop: `pages[${i}].page`, value: renderValue(info), allowed: 'an object { index, count } with 0 <= index < count' });
      if (!ShardMapValidator.isRecord(p) || !Array.isArray(p.shards)) {
        issues.push({ path: '', prop: `pages[${i}].shards`, value: renderValue(ShardMapValidator.isRecord(p) ? p.shards : p), allowed: 'a list of shards' });
      }
    });
    if (issues.length > 0) throw new ValidationError(issues);
    const first = list[0];
    const count = first.page.count;
    const seen = new Map<number, number>();
    list.forEach((p, i) => {
      for (const prop of HEADER_PROPS) {
        if (JSON.stringify(p[prop]) !== JSON.stringify(first[prop])) {
          issues.push({
            path: '',
            prop: `pages[${i}].${prop}`,
            value: renderValue(p[prop]),
            allowed: `${renderValue(first[prop])}, as on pages[0]: every page of one publication has the same header (read the pages again if the map was republished meanwhile)`,
          });
        }
      }
      if (p.page.count !== count) {
        issues.push({ path: '', prop: `pages[${i}].page.count`, value: renderValue(p.page.count), allowed: `${count}, as on pages[0]` });
      }
      if (seen.has(p.page.index)) {
        issues.push({ path: '', prop: `pages[${i}].page.index`, value: renderValue(p.page.index), allowed: `a page not given before (pages[${seen.get(p.page.index)}] is page ${p.page.index})` });
      } else {
        seen.set(p.page.index, i);
      }
    });
    const missing = Array.from({ length: count }, (_, k) => k).filter((k) => !seen.has(k));
    if (missing.length > 0) {
      issues.push({ path: '', prop: 'pages', value: `${list.length} page(s)`, allowed: `every page from 0 to ${count - 1}: page(s) ${missing.join(', ')} missing` });
    }
    if (issues.length > 0) throw new ValidationError(issues);
    const ordered = [...list].sort((a, b) => a.page.index - b.page.index);
    const header: Record<string, unknown> = {};
    for (const prop of HEADER_PROPS) if (first[prop] !== undefined) header[prop] = first[prop];
    const map = { ...header, shards: ordered.flatMap((p) => p.shards) } as unknown as ShardMap;
    const problems = ShardMapValidator.issues(map);
    if (problems.length > 0) throw new ValidationError(problems);
    return ShardMapValidator.normalize(map);
  }

  /**
   * `join()` over the JSON of each page, as read from the parameters.
   *
   * @param jsons the values read (page 0 first, or in any order)
   * @throws ValidationError when a value is not JSON, or as `join()`
   */
  public static joinJson(jsons: string[]): ShardMap {
    if (!Array.isArray(jsons)) {
      throw new ValidationError([{ path: '', prop: 'jsons', value: renderValue(jsons), allowed: 'a list of JSON strings, one per page' }]);
    }
    const issues: ValidationIssue[] = [];
    const parsed = jsons.map((json, i) => {
      try {
        if (typeof json !== 'string') throw new Error('not a string');
        return JSON.parse(json) as ShardMapPage;
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        issues.push({ path: '', prop: `jsons[${i}]`, value: renderValue(json), allowed: `a JSON document holding a shard map page (${reason})` });
        return undefined;
      }
    });
    if (issues.length > 0) throw new ValidationError(issues);
    return ShardMapPages.join(parsed as ShardMapPage[]);
  }

  /**
   * The parameter names of a publication of `count` pages: `name` for page 0, `<name>/pages/<k>`
   * for page k.
   *
   * @param name the map's parameter name
   * @param count the number of pages
   */
  public static parameterNames(name: string, count: number): string[] {
    return Array.from({ length: Math.max(1, count) }, (_, k) => (k === 0 ? name : `${name}/pages/${k}`));
  }

  /** The page count of a published value: `page.count` of a page, 1 for a plain map. */
  public static pageCountOf(value: ShardMap | ShardMapPage): number {
    const page = ShardMapValidator.isRecord(value) ? (value as { page?: unknown }).page : undefined;
    return ShardMapValidator.isRecord(page) && Number.isInteger(page.count) ? page.count as number : 1;
  }

  private static header(map: ShardMap): Omit<ShardMapPage, 'page' | 'shards'> {
    const out: Record<string, unknown> = {};
    for (const prop of HEADER_PROPS) if (map[prop] !== undefined) out[prop] = map[prop];
    return out as unknown as Omit<ShardMapPage, 'page' | 'shards'>;
  }

  private constructor() {}
}
