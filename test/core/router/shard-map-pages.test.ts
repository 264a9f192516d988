import fc from 'fast-check';
import { ValidationError } from '../../../src/core/errors';
import { KeyCaseFolding, ShardMap, ShardMapPage, ShardMapPages, ShardMaps, ShardRouter } from '../../../src/core/router';

/** A HASH map of `n` shards with endpoints of the real format (about 90 characters). */
function map256(n = 256): ShardMap {
  const ids = Array.from({ length: n }, (_, i) => `shard-${i}`);
  const map = ShardMaps.hash(ids, { version: 7, caseFolding: KeyCaseFolding.ASCII_LOWER });
  return ShardMaps.withEndpoints(map, Object.fromEntries(ids.map((id) => [id, `orders-${id}.cluster-c9akciq32.eu-west-1.rds.amazonaws.com`])));
}

const issues = (f: () => unknown): string[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof ValidationError) return e.issues.map((i) => `${i.prop}: ${i.allowed}`);
    throw e;
  }
  return [];
};

describe('ShardMapPages', () => {
  test('GIVEN a map of 256 shards WHEN split into pages of 50 THEN 6 pages with the header, and joined back in any order it is the map', () => {
    // GIVEN
    const map = map256();

    // WHEN
    const pages = ShardMapPages.split(map, 50) as ShardMapPage[];

    // THEN
    expect(pages.map((p) => [p.page.index, p.page.count, p.shards.length])).toEqual(
      [[0, 6, 50], [1, 6, 50], [2, 6, 50], [3, 6, 50], [4, 6, 50], [5, 6, 6]]);
    for (const p of pages) {
      expect(p).toMatchObject({ schemaVersion: 1, version: 7, strategy: 'HASH', caseFolding: 'ASCII_LOWER', hash: map.hash });
    }
    const json = pages.map((p) => JSON.stringify(p));
    expect(ShardMapPages.joinJson(json)).toEqual(map);
    expect(ShardMapPages.joinJson([json[3], json[0], json[5], json[1], json[4], json[2]])).toEqual(map);
    expect(ShardMapPages.pageCountOf(JSON.parse(json[0]))).toBe(6);
  });

  test('GIVEN the published pages of 256 shards WHEN the router reads them THEN every key routes as with the whole map, to its endpoint', () => {
    const map = map256();
    const whole = ShardRouter.fromMap(map);
    const paged = ShardRouter.fromPages(ShardMapPages.split(map, 37).map((p) => JSON.stringify(p)));
    fc.assert(fc.property(fc.string(), (key) => {
      expect(paged.route(key)).toEqual(whole.route(key));
      expect(paged.route(key).endpoint).toMatch(/\.cluster-c9akciq32\.eu-west-1\.rds\.amazonaws\.com$/);
    }), { numRuns: 300 });
  });

  test('GIVEN a map that fits one page WHEN split THEN it stays the plain map, which fromJson and fromPages both read', () => {
    const map = map256(3);
    const pages = ShardMapPages.split(map, 3);
    expect(pages).toEqual([map]);
    expect(ShardRouter.fromJson(JSON.stringify(pages[0])).map).toEqual(map);
    expect(ShardRouter.fromPages([JSON.stringify(pages[0])]).map).toEqual(map);
    expect(ShardMapPages.parameterNames('/scaleblocks/orders/shard-map', 1)).toEqual(['/scaleblocks/orders/shard-map']);
    expect(ShardMapPages.parameterNames('/scaleblocks/orders/shard-map', 3)).toEqual(
      ['/scaleblocks/orders/shard-map', '/scaleblocks/orders/shard-map/pages/1', '/scaleblocks/orders/shard-map/pages/2']);
  });

  test('GIVEN one page of several WHEN read alone as a map THEN it is rejected (its page prop is not a map prop)', () => {
    const [first] = ShardMapPages.split(map256(), 100);
    expect(() => ShardRouter.fromJson(JSON.stringify(first))).toThrow(ValidationError);
  });

  test.each([
    ['a page missing', (json: string[]) => [json[0], json[2]], 'pages: every page from 0 to 2: page(s) 1 missing'],
    ['a page twice', (json: string[]) => [json[0], json[1], json[1], json[2]], 'pages[2].page.index: a page not given before (pages[1] is page 1)'],
    ['a page of another version', (json: string[]) => [json[0], json[1].replace('"version":7', '"version":8'), json[2]],
      'pages[1].version: 7, as on pages[0]: every page of one publication has the same header (read the pages again if the map was republished meanwhile)'],
    ['a value that is not JSON', (json: string[]) => [json[0], '{', json[2]], 'jsons[1]'],
  ])('GIVEN %s WHEN joined THEN a ValidationError names it', (_label, pick, expected) => {
    const json = ShardMapPages.split(map256(), 100).map((p) => JSON.stringify(p));
    expect(issues(() => ShardMapPages.joinJson(pick(json))).join('\n')).toContain(expected);
  });

  test('GIVEN a page size below 1 WHEN split THEN a ValidationError names shardsPerPage', () => {
    expect(issues(() => ShardMapPages.split(map256(3), 0))).toEqual(['shardsPerPage: an integer of at least 1']);
  });
});
