import fc from 'fast-check';
import { issuesOf, RANK, row } from './helpers';
import { DatabaseEngine, safeSizingPolicy } from '../../../src/core/blocks/replicated-database';
import {
  DEFAULT_MAX_SHARD_CLASS, DEFAULT_SKEW_FACTOR, estimateShardResources, hashShardsPerStack, planShardedDatabase, ShardedDatabaseOptions,
  ShardedDatabasePlan, SHARD_ENDPOINT_ESTIMATED_CHARS, shardedDatabaseNotes, shardMapBytesWithEndpoints, shardMapPageBytes, shardMapParameterLimit,
  sizeShardedDatabase,
} from '../../../src/core/blocks/sharded-database';
import * as catalog from '../../../src/core/catalog';
import { ValidationError } from '../../../src/core/errors';
import { KeyCaseFolding, ShardingStrategy, ShardMapPages, ShardMaps, ShardRouter } from '../../../src/core/router';
import { Scenario, SizingRow, Verdict } from '../../../src/core/sizing/report';


const AZ_RANGES: ShardedDatabaseOptions = {
  strategy: ShardingStrategy.RANGE,
  caseFolding: KeyCaseFolding.ASCII_UPPER,
  shards: [{ id: 'digits', rangeStart: '' }, { id: 'a-to-m', rangeStart: 'A' }, { id: 'n-to-z', rangeStart: 'N' }],
};

describe('planShardedDatabase: HASH', () => {
  test('GIVEN no options WHEN planned THEN two hash shards, a router-valid versioned map, its SSM name and one stack group', () => {
    const plan = planShardedDatabase();
    expect(plan).toMatchObject({
      kind: 'ShardedDatabase',
      name: 'sharded-db',
      strategy: ShardingStrategy.HASH,
      shardMapParameterName: '/scaleblocks/sharded-db/shard-map',
      shardMapParameterRegions: [],
      shardMapParameterTier: 'Intelligent-Tiering',
      load: { readsPerSecond: 0, writesPerSecond: 0, storageGiB: 0, skewFactor: DEFAULT_SKEW_FACTOR },
    });
    expect(plan.shards.map((s) => s.id)).toEqual(['shard-0', 'shard-1']);
    expect(plan.shards.map((s) => s.database.path)).toEqual(['sharded-db/shard-0', 'sharded-db/shard-1']);
    expect(plan.shards.map((s) => s.database.name)).toEqual(['sharded-db-shard-0', 'sharded-db-shard-1']);
    expect(plan.shardMap).toMatchObject({ schemaVersion: 1, version: 1, strategy: ShardingStrategy.HASH, hash: { virtualNodesPerShard: 128 } });
    expect(ShardMaps.validate(plan.shardMap)).toEqual([]);
    expect(plan.stackGroups).toEqual([{ id: 'shards-0', region: undefined, shardIds: ['shard-0', 'shard-1'], estimatedResources: 2 * estimateShardResources(plan.shards[0].database) }]);
    expect(plan.assumed.map((a) => a.prop)).toEqual(expect.arrayContaining(['sharded-db.shardCount', 'sharded-db.load.skewFactor',
      'sharded-db.shardDefaults.instanceClass', 'sharded-db.shardDefaults.readers', 'sharded-db.load.writesPerSecondPerVcpu']));
  });

  test('GIVEN the plan\'s map WHEN the runtime router routes keys THEN every key lands on a planned shard, the same way each time', () => {
    const plan = planShardedDatabase({ shardCount: 5 });
    const router = ShardRouter.fromMap(plan.shardMap);
    const ids = plan.shards.map((s) => s.id);
    fc.assert(fc.property(fc.string(), (key) => {
      expect(ids).toContain(router.shardIdFor(key));
      expect(ShardRouter.fromJson(router.toJson()).shardIdFor(key)).toBe(router.shardIdFor(key));
    }), { numRuns: 100 });
  });

  test('GIVEN declared writes on a pinned class WHEN planned THEN the shard count is the fewest whose hottest shard carries them', () => {
    // db.r7g.large writer: 200 writes/s, 126 at 0.7 x 0.9. 3,000 x 1.25 / N <= 126 -> N = 30.
    const plan = planShardedDatabase({ shardDefaults: { instanceClass: 'db.r7g.large' }, load: { writesPerSecond: 3000 } });
    expect(plan.shards).toHaveLength(30);
    expect(plan.shards[0].loadShare).toBeCloseTo(1.25 / 30, 12);
    const writer = (n: number): Verdict => row(sizeShardedDatabase(planShardedDatabase({
      shardCount: n, shardDefaults: { instanceClass: 'db.r7g.large' }, load: { writesPerSecond: 3000 },
    })), 'writer', Scenario.NORMAL, 'sharded-db/shard-0').verdict;
    expect(writer(30)).toBe(Verdict.PASS);
    expect(writer(29)).not.toBe(Verdict.PASS);
  });

  test('GIVEN many hash shards WHEN planned THEN they group by index into stacks of 8, each under the resource quota', () => {
    const plan = planShardedDatabase({ shardCount: 20 });
    expect(hashShardsPerStack()).toBe(8);
    expect(plan.stackGroups.map((g) => [g.id, g.shardIds.length])).toEqual([['shards-0', 8], ['shards-1', 8], ['shards-2', 4]]);
    expect(plan.shards[9].stackGroup).toBe('shards-1');
    expect(plan.stackGroups.every((g) => g.estimatedResources <= catalog.QUOTAS.cloudFormation.resourcesPerStack.value)).toBe(true);
    expect(shardedDatabaseNotes(plan).join('\n')).toContain('3 stacks');
  });

  test('GIVEN any two shard counts WHEN planned THEN adding shards never renames or regroups an existing one', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 64 }), fc.integer({ min: 2, max: 64 }), (a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      const small = planShardedDatabase({ shardCount: lo });
      const big = planShardedDatabase({ shardCount: hi });
      expect(big.shards.slice(0, lo).map((s) => [s.id, s.stackGroup])).toEqual(small.shards.map((s) => [s.id, s.stackGroup]));
      expect(big.shardMap.shards.slice(0, lo).map((s) => s.id)).toEqual(small.shardMap.shards.map((s) => s.id));
    }), { numRuns: 25 });
  });

  test('GIVEN shard defaults and one override WHEN planned THEN the override wins on its shard only', () => {
    const plan = planShardedDatabase({
      shardCount: 3,
      shardDefaults: { engine: DatabaseEngine.AURORA_MYSQL, readers: 2, credentials: { username: 'owner' } },
      shards: [{}, { instanceClass: 'db.r7g.xlarge', credentials: { rotationDays: 7 } }],
    });
    expect(plan.shards.map((s) => s.database.instanceClass)).toEqual(['db.r7g.large', 'db.r7g.xlarge', 'db.r7g.large']);
    expect(plan.shards.every((s) => s.database.engine === DatabaseEngine.AURORA_MYSQL && s.database.readers === 2)).toBe(true);
    expect(plan.shards[1].database.credentials).toMatchObject({ username: 'owner', rotationDays: 7 });
    expect(plan.shards[0].database.credentials.rotationDays).toBe(30);
  });
});

describe('planShardedDatabase: RANGE and GEOGRAPHIC', () => {
  test('GIVEN A-M, N-Z and 0-9 WHEN planned THEN gap-free ranges route like the router says', () => {
    const plan = planShardedDatabase(AZ_RANGES);
    expect(plan.shardMap.shards.map((s) => [s.id, s.range])).toEqual([
      ['digits', { start: '', end: 'A' }], ['a-to-m', { start: 'A', end: 'N' }], ['n-to-z', { start: 'N' }],
    ]);
    const router = ShardRouter.fromMap(plan.shardMap);
    expect(['7up', 'alice', 'Mallory', 'nora', 'zed'].map((k) => router.shardIdFor(k))).toEqual(['digits', 'a-to-m', 'a-to-m', 'n-to-z', 'n-to-z']);
    expect(plan.shards.map((s) => s.stackGroup)).toEqual(['shard-digits', 'shard-a-to-m', 'shard-n-to-z']);
    expect(plan.assumed.find((a) => a.prop === 'sharded-db.shards[*].loadShare')?.value).toBe('1/3 each');
  });

  test('GIVEN ranges without ids WHEN planned THEN each id derives from its start, so inserting a range renames no other', () => {
    const three = planShardedDatabase({ strategy: ShardingStrategy.RANGE, shards: [{ rangeStart: '' }, { rangeStart: 'H' }, { rangeStart: 'Q' }] });
    const four = planShardedDatabase({ strategy: ShardingStrategy.RANGE, shards: [{ rangeStart: '' }, { rangeStart: 'D' }, { rangeStart: 'H' }, { rangeStart: 'Q' }] });
    expect(three.shards.map((s) => s.id)).toEqual(['from-start', 'from-h', 'from-q']);
    expect(four.shards.map((s) => s.id)).toEqual(['from-start', 'from-d', 'from-h', 'from-q']);
  });

  test('GIVEN declared shares WHEN planned THEN each shard is sized for its own share', () => {
    const plan = planShardedDatabase({
      ...AZ_RANGES,
      shards: AZ_RANGES.shards!.map((s, i) => ({ ...s, loadShare: [0.1, 0.6, 0.3][i] })),
      load: { writesPerSecond: 100, readsPerSecond: 1000, storageGiB: 100 },
    });
    expect(plan.shards.map((s) => s.database.load.writesPerSecond)).toEqual([10, 60, 30]);
    expect(plan.shards.map((s) => s.database.load.storageGiB)).toEqual([10, 60, 30]);
    const rows = sizeShardedDatabase(plan);
    expect(row(rows, 'writer', Scenario.NORMAL, 'sharded-db/a-to-m').demand).toBe(60);
  });

  test('GIVEN no shards WHEN GEOGRAPHIC is planned THEN US, EU and ASIA shards in their default Regions, each in its own stack, the map published in each', () => {
    const plan = planShardedDatabase({ strategy: ShardingStrategy.GEOGRAPHIC });
    expect(plan.shards.map((s) => [s.id, s.region])).toEqual([['us', 'us-east-1'], ['eu', 'eu-west-1'], ['asia', 'ap-southeast-1']]);
    expect(plan.shardMap.shards.map((s) => s.geos)).toEqual([['US'], ['EU'], ['ASIA']]);
    expect(plan.shardMapParameterRegions).toEqual(['us-east-1', 'eu-west-1', 'ap-southeast-1']);
    expect(plan.shards.map((s) => s.endpointParameterName)).toEqual(
      ['us', 'eu', 'asia'].map((id) => `/scaleblocks/sharded-db/shard-map/endpoints/${id}`));
    expect(planShardedDatabase({ shardCount: 2 }).shards.map((s) => s.endpointParameterName)).toEqual([undefined, undefined]);
    expect(plan.stackGroups.map((g) => [g.id, g.region])).toEqual([['shard-us', 'us-east-1'], ['shard-eu', 'eu-west-1'], ['shard-asia', 'ap-southeast-1']]);
    expect(() => ShardRouter.fromMap(plan.shardMap).shardIdFor('BR')).toThrow(ValidationError);
    expect(shardedDatabaseNotes(plan).join('\n')).toContain('no default shard');
  });

  test('GIVEN custom geographies and a default shard WHEN planned THEN unlisted keys go to it', () => {
    const plan = planShardedDatabase({
      strategy: ShardingStrategy.GEOGRAPHIC,
      defaultShardId: 'us',
      shards: [{ geos: ['US', 'CA'] }, { id: 'dach', geos: ['DE', 'AT', 'CH'], region: 'eu-central-1' }],
    });
    const router = ShardRouter.fromMap(plan.shardMap);
    expect(['CA', 'AT', 'BR'].map((k) => router.shardIdFor(k))).toEqual(['us', 'dach', 'us']);
  });
});

describe('planShardedDatabase validation', () => {
  test.each<[string, ShardedDatabaseOptions, string, string]>([
    ['one hash shard', { shardCount: 1 }, 'shardCount', 'an integer from 2 to 256'],
    ['257 hash shards', { shardCount: 257 }, 'shardCount', 'an integer from 2 to 256'],
    ['more overrides than shards', { shardCount: 2, shards: [{}, {}, {}] }, 'shards', 'at most shardCount (2) entries'],
    ['a range on a hash shard', { shards: [{ rangeStart: 'A' }] }, 'shards[0].rangeStart', 'unset with HASH'],
    ['a share on a hash shard', { shards: [{ loadShare: 0.5 }] }, 'shards[0].loadShare', 'declare load.skewFactor'],
    ['a skew below 1', { load: { skewFactor: 0.5 } }, 'load.skewFactor', 'a number from 1 to 256'],
    ['a skew with ranges', { ...AZ_RANGES, load: { skewFactor: 2 } }, 'load.skewFactor', 'declare each shard\'s loadShare'],
    ['a shard count with ranges', { ...AZ_RANGES, shardCount: 3 }, 'shardCount', 'only HASH maps'],
    ['one range', { strategy: ShardingStrategy.RANGE, shards: [{ rangeStart: '' }] }, 'shards', 'at least 2 shards'],
    ['a first range not at ""', { strategy: ShardingStrategy.RANGE, shards: [{ rangeStart: 'A' }, { rangeStart: 'N' }] }, 'shards[0].rangeStart', '"" (the empty string)'],
    ['ranges out of order', { strategy: ShardingStrategy.RANGE, shards: [{ rangeStart: '' }, { rangeStart: 'N' }, { rangeStart: 'A' }] }, 'shards[2].rangeStart', 'greater than'],
    ['a lower-case boundary with upper folding', { ...AZ_RANGES, shards: [{ rangeStart: '' }, { rangeStart: 'a' }] }, 'shards[1].rangeStart', 'caseFolding is ASCII_UPPER'],
    ['a missing range start', { strategy: ShardingStrategy.RANGE, shards: [{ rangeStart: '' }, {}] }, 'shards[1].rangeStart', 'a string'],
    ['shares not summing to 1', { ...AZ_RANGES, shards: AZ_RANGES.shards!.map((s) => ({ ...s, loadShare: 0.5 })) }, 'shards[*].loadShare', 'sum to 1 (they sum to 1.5)'],
    ['shares on some shards only', { ...AZ_RANGES, shards: [{ ...AZ_RANGES.shards![0], loadShare: 0.5 }, AZ_RANGES.shards![1], AZ_RANGES.shards![2]] }, 'shards[1].loadShare', 'on every shard or on none'],
    ['duplicate ids', { shardCount: 2, shards: [{ id: 'a' }, { id: 'a' }] }, 'shards[1].id', 'unique'],
    ['an id that is no DNS label', { shardCount: 2, shards: [{ id: 'Shard_0' }] }, 'shards[0].id', 'a DNS label'],
    ['an id too long for the shard name', { shardCount: 2, shards: [{ id: 'a-very-long-shard-id-for-the-name' }] }, 'shards[0].id', 'short enough'],
    ['a geography without a default Region', { strategy: ShardingStrategy.GEOGRAPHIC, shards: [{ geos: ['BR'] }] }, 'shards[0].region', 'set for geography BR'],
    ['a geography served twice', { strategy: ShardingStrategy.GEOGRAPHIC, shards: [{ geos: ['US'] }, { id: 'us2', geos: ['US'] }] }, 'shards[1].geos[0]', 'served by one shard only'],
    ['an unknown default shard', { strategy: ShardingStrategy.GEOGRAPHIC, defaultShardId: 'mars' }, 'defaultShardId', 'the id of one of the shards'],
    ['a default shard with HASH', { defaultShardId: 'shard-0' }, 'defaultShardId', 'only GEOGRAPHIC maps'],
    ['a Region on a hash shard', { shards: [{ region: 'eu-west-1' }] }, 'shards[0].region', 'unset with HASH'],
    ['a name on a shard', { shards: [{ name: 'x' }] }, 'shards[0].name', 'named <block name>-<shard id>'],
    ['a load in the defaults', { shardDefaults: { load: { readsPerSecond: 1 } } }, 'shardDefaults.load', 'its share of the block\'s load'],
    ['a bad class in the defaults', { shardDefaults: { instanceClass: 'db.nope' } }, 'shardDefaults.instanceClass', 'a DB instance class the catalog knows'],
    ['a bad class on one shard', { shards: [{}, { instanceClass: 'db.nope' }] }, 'shards[1].instanceClass', 'a DB instance class the catalog knows'],
    ['a bad nested default', { shardDefaults: { credentials: { username: 'rdsadmin' } } }, 'shardDefaults.credentials.username', 'not starting with "rds"'],
    ['a bad pass-through load', { load: { connections: -3 } }, 'load.connections', 'an integer from 0'],
    ['a map version of 0', { shardMapVersion: 0 }, 'shardMapVersion', 'a positive integer'],
    ['too many virtual nodes', { virtualNodesPerShard: 5000 }, 'virtualNodesPerShard', 'an integer from 1 to 4,096'],
    ['a parameter under /aws', { shardMapParameterName: '/aws/x' }, 'shardMapParameterName', 'not starting with /aws'],
  ])('GIVEN %s WHEN planned THEN the error names the prop, the value and what is allowed', (_what, options, prop, allowed) => {
    const issues = issuesOf(() => planShardedDatabase(options));
    const issue = issues.find((i) => i.prop === prop);
    expect(issue).toBeDefined();
    expect(issue!.allowed).toContain(allowed);
    expect(issue!.path).toBe('sharded-db');
  });

  test('GIVEN a bad default that every shard inherits WHEN planned THEN it is reported once, beside every other failure', () => {
    const issues = issuesOf(() => planShardedDatabase({
      shardCount: 8, shardDefaults: { readers: 99 }, shardMapVersion: -1, load: { skewFactor: 0 },
    }));
    expect(issues.filter((i) => i.prop === 'shardDefaults.readers')).toHaveLength(1);
    expect(issues.map((i) => i.prop)).toEqual(expect.arrayContaining(['shardDefaults.readers', 'shardMapVersion', 'load.skewFactor']));
  });

  test('GIVEN arbitrary options WHEN planned THEN the result is a plan or a ValidationError, never another error', () => {
    const anything = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.constant(undefined), fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }));
    const maybe = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof(fc.constant(undefined), a);
    const shard = fc.record({
      id: maybe(fc.oneof(fc.constantFrom('a', 'eu', 'shard-9'), anything)),
      rangeStart: maybe(fc.oneof(fc.constantFrom('', 'A', 'N', 'z'), anything)),
      geos: maybe(fc.oneof(fc.constantFrom(['US'], ['EU'], ['BR'], []), anything)),
      region: maybe(fc.oneof(fc.constantFrom('eu-west-1', 'mars'), anything)),
      loadShare: maybe(fc.oneof(fc.double({ min: -1, max: 2 }), anything)),
      instanceClass: maybe(fc.oneof(fc.constantFrom('db.r7g.xlarge', 'db.t4g.micro'), anything)),
      readers: maybe(fc.oneof(fc.integer({ min: -1, max: 16 }), anything)),
      name: maybe(anything),
    }, { requiredKeys: [] });
    const options = fc.record({
      name: maybe(fc.oneof(fc.constantFrom('orders'), anything)),
      strategy: maybe(fc.oneof(fc.constantFrom(...Object.values(ShardingStrategy)), anything)),
      shardCount: maybe(fc.oneof(fc.integer({ min: 0, max: 70 }), anything)),
      shards: maybe(fc.oneof(fc.array(fc.oneof(shard, anything), { maxLength: 5 }), anything)),
      shardDefaults: maybe(fc.oneof(fc.record({
        engine: maybe(fc.oneof(fc.constantFrom(...Object.values(DatabaseEngine)), anything)),
        readers: maybe(anything),
        load: maybe(anything),
      }, { requiredKeys: [] }), anything)),
      caseFolding: maybe(fc.oneof(fc.constantFrom(...Object.values(KeyCaseFolding)), anything)),
      virtualNodesPerShard: maybe(anything),
      defaultShardId: maybe(anything),
      shardMapVersion: maybe(anything),
      shardMapParameterName: maybe(anything),
      sizing: maybe(anything),
      load: maybe(fc.oneof(fc.record({
        readsPerSecond: maybe(fc.oneof(fc.double({ min: -1, max: 1e5 }), anything)),
        writesPerSecond: maybe(fc.oneof(fc.double({ min: -1, max: 1e4 }), anything)),
        storageGiB: maybe(anything),
        skewFactor: maybe(anything),
        connections: maybe(anything),
      }, { requiredKeys: [] }), anything)),
    }, { requiredKeys: [] });
    fc.assert(fc.property(options, (o) => {
      try {
        const plan = planShardedDatabase(o as ShardedDatabaseOptions);
        expect(ShardMaps.validate(plan.shardMap)).toEqual([]);
        expect(plan.shardMap.shards.map((s) => s.id)).toEqual(plan.shards.map((s) => s.id));
        sizeShardedDatabase(plan);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        expect(e.issues.length).toBeGreaterThan(0);
      }
    }), { numRuns: 300 });
  });
});

describe('sizeShardedDatabase', () => {
  test('GIVEN hash shards WHEN sized THEN every shard carries the hottest share, rows name the shard, quotas sum over shards', () => {
    const plan = planShardedDatabase({ shardCount: 4, shardDefaults: { readers: 2 }, load: { writesPerSecond: 200, readsPerSecond: 1000 } });
    const rows = sizeShardedDatabase(plan);
    for (const id of ['shard-0', 'shard-1', 'shard-2', 'shard-3']) {
      expect(row(rows, 'writer', Scenario.NORMAL, `sharded-db/${id}`).demand).toBeCloseTo(200 * 1.25 / 4, 9);
      expect(row(rows, 'readers', Scenario.NORMAL, `sharded-db/${id}`).demand).toBeCloseTo(1000 * 1.25 / 4, 9);
    }
    expect(rows.some((r) => r.block !== 'sharded-db' && r.resource.startsWith('DB instances per Region'))).toBe(false);
    expect(row(rows, 'DB instances per Region (the stack Region)', Scenario.LIMIT, 'sharded-db')).toMatchObject({ demand: 12, capacity: 40 });
    expect(row(rows, 'DB clusters per Region (the stack Region)', Scenario.LIMIT, 'sharded-db').demand).toBe(4);
    expect(row(rows, 'stack shards-0', Scenario.LIMIT, 'sharded-db').verdict).toBe(Verdict.PASS);
  });

  test('GIVEN too many shards for the Region WHEN sized THEN the DB instance quota row fails', () => {
    const at = (n: number): SizingRow => row(sizeShardedDatabase(planShardedDatabase({ shardCount: n, shardDefaults: { readers: 1 } })),
      'DB instances per Region (the stack Region)', Scenario.LIMIT, 'sharded-db');
    expect(at(20)).toMatchObject({ demand: 40, verdict: Verdict.WARN });
    expect(at(21)).toMatchObject({ demand: 42, verdict: Verdict.FAIL });
  });

  test('GIVEN geographic shards WHEN sized THEN quotas are counted per Region', () => {
    const rows = sizeShardedDatabase(planShardedDatabase({ strategy: ShardingStrategy.GEOGRAPHIC, shardDefaults: { readers: 2 } }));
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-1']) {
      expect(row(rows, `DB instances per Region (${region})`, Scenario.LIMIT, 'sharded-db').demand).toBe(3);
    }
  });

  test('GIVEN a hash writer that fails WHEN sized THEN the fix gives the exact shard count, and the class alternative', () => {
    const rows = sizeShardedDatabase(planShardedDatabase({
      shardCount: 4, shardDefaults: { instanceClass: 'db.r7g.large' }, load: { writesPerSecond: 3000 },
    }));
    const w = row(rows, 'writer', Scenario.NORMAL, 'sharded-db/shard-0');
    expect(w.verdict).toBe(Verdict.FAIL);
    expect(w.fix).toMatch(/^needs >= 30 shards \(the hottest carries total \/ N x 1\.25\), has 4; or use db\.r7g\.4xlarge/);
  });

  test('GIVEN any hash load WHEN the shard-count fix is applied THEN the writer passes, and one shard less does not', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 16 }), fc.double({ min: 50, max: 3000, noNaN: true }), fc.double({ min: 1, max: 2, noNaN: true }),
      (count, writes, skewFactor) => {
        const at = (n: number): SizingRow => row(
          sizeShardedDatabase(planShardedDatabase({ shardCount: n, shardDefaults: { instanceClass: 'db.r7g.large' }, load: { writesPerSecond: writes, skewFactor } })),
          'writer', Scenario.NORMAL, 'sharded-db/shard-0');
        const r = at(count);
        if (r.verdict === Verdict.PASS || skewFactor > count) return;
        const m = /^needs >= (\d+) shards/.exec(r.fix ?? '');
        expect(m).not.toBeNull();
        const needed = Number(m![1]);
        if (needed > 64) return;
        expect(at(needed).verdict).toBe(Verdict.PASS);
        if (needed - 1 >= Math.max(2, Math.ceil(skewFactor))) expect(at(needed - 1).verdict).not.toBe(Verdict.PASS);
      }), { numRuns: 40 });
  });

  test('GIVEN hash storage above a shard\'s ceiling WHEN sized THEN the storage fix gives the shard count too', () => {
    const plan = planShardedDatabase({
      shardCount: 2, shardDefaults: { engine: DatabaseEngine.RDS_POSTGRESQL, maxAllocatedStorageGiB: 1000 }, load: { storageGiB: 3000 },
    });
    const s = row(sizeShardedDatabase(plan), 'storage', Scenario.LIMIT, 'sharded-db/shard-0');
    // 3,000 x 1.25 / N <= 900 -> N = 5.
    expect(s.fix).toMatch(/^needs >= 5 shards/);
  });

  test('GIVEN any sharded design WHEN demand grows THEN no verdict improves', () => {
    fc.assert(fc.property(fc.constantFrom(ShardingStrategy.HASH, ShardingStrategy.GEOGRAPHIC), fc.double({ min: 0, max: 5000, noNaN: true }),
      fc.double({ min: 0, max: 5000, noNaN: true }), fc.double({ min: 0, max: 50_000, noNaN: true }), (strategy, w1, w2, reads) => {
        const plan = planShardedDatabase({ strategy, shardDefaults: { readers: 2 } });
        const lo = sizeShardedDatabase(plan, { writesPerSecond: Math.min(w1, w2), readsPerSecond: reads });
        const hi = sizeShardedDatabase(plan, { writesPerSecond: Math.max(w1, w2), readsPerSecond: reads * 1.5 });
        expect(lo.length).toBe(hi.length);
        lo.forEach((r, k) => expect(RANK[hi[k].verdict]).toBeGreaterThanOrEqual(RANK[r.verdict]));
      }), { numRuns: 40 });
  });
});

describe('shard map parameter size', () => {
  const mapRow = (plan: ShardedDatabasePlan): SizingRow => row(sizeShardedDatabase(plan), 'shard map parameter', Scenario.LIMIT, 'sharded-db');
  /** Independently of the block: each page as published, every endpoint at 120 characters. */
  const pageBytes = (plan: ShardedDatabasePlan): number[] => {
    const endpoints = Object.fromEntries(plan.shards.map((s) => [s.id, 'x'.repeat(120)]));
    const filled = ShardMaps.withEndpoints(plan.shardMap, endpoints);
    return ShardMapPages.split(filled, plan.shardMapShardsPerPage).map((p) => Buffer.byteLength(JSON.stringify(p), 'utf8'));
  };

  test('GIVEN the tiers WHEN their limits are read THEN they come from QUOTAS.ssm (Intelligent-Tiering can reach Advanced)', () => {
    expect(SHARD_ENDPOINT_ESTIMATED_CHARS).toBe(120);
    expect(shardMapParameterLimit('Standard').value).toBe(catalog.QUOTAS.ssm.standardParameterValueMaxBytes.value);
    expect(shardMapParameterLimit('Advanced').value).toBe(catalog.QUOTAS.ssm.advancedParameterValueMaxBytes.value);
    expect(shardMapParameterLimit('Intelligent-Tiering')).toMatchObject({ value: 8192, source: 'catalog.QUOTAS.ssm.advancedParameterValueMaxBytes' });
  });

  test('GIVEN a small HASH map WHEN planned and sized THEN one page, its bytes with 120-character endpoints, PASS; the estimate is assumed', () => {
    const plan = planShardedDatabase();
    expect(plan.shardMapShardsPerPage).toBe(2);
    expect(plan.shardMapPageParameterNames).toEqual(['/scaleblocks/sharded-db/shard-map']);
    const r = mapRow(plan);
    expect(r).toMatchObject({ verdict: Verdict.PASS, metric: 'bytes', capacity: 8192, bound: 1, fix: undefined, sources: ['catalog.QUOTAS.ssm.advancedParameterValueMaxBytes'] });
    // 2 shards: the map's own bytes plus one `,"endpoint":"<120 characters>"` per shard.
    expect(r.demand).toBe(plan.shardMapBytes + 2 * (120 + ',"endpoint":""'.length));
    expect(r.demand).toBe(pageBytes(plan)[0]);
    expect(r.reason).toContain('the largest of 1 page(s) of 2 shard(s), each writer endpoint estimated at 120 characters');
    expect(plan.assumed.find((a) => a.prop === 'sharded-db.shardMapEndpointChars')).toMatchObject({ value: '120' });
  });

  test('GIVEN 256 HASH shards WHEN planned THEN the map is published in pages that each pass, and the router reads the pages back', () => {
    const plan = planShardedDatabase({ shardCount: 256, shardDefaults: { instanceClass: 'db.r7g.large', readers: 1 } });
    expect(plan.shards).toHaveLength(256);
    const pages = Math.ceil(256 / plan.shardMapShardsPerPage);
    expect(pages).toBeGreaterThan(1);
    expect(plan.shardMapPageParameterNames).toEqual(
      ['/scaleblocks/sharded-db/shard-map', ...Array.from({ length: pages - 1 }, (_, k) => `/scaleblocks/sharded-db/shard-map/pages/${k + 1}`)]);
    const bytes = pageBytes(plan);
    expect(bytes).toHaveLength(pages);
    for (const b of bytes) expect(b).toBeLessThanOrEqual(0.9 * 8192);
    const r = mapRow(plan);
    expect(r.verdict).toBe(Verdict.PASS);
    expect(r.demand).toBe(Math.max(...bytes));
    // The page size is the most that passes: one shard more per page does not.
    expect(shardMapPageBytes(plan.shardMap, plan.shardMapShardsPerPage + 1)).toBeGreaterThan(0.9 * 8192);
    // Published pages, with endpoints, route every key as the plan's map does.
    const endpoints = Object.fromEntries(plan.shards.map((s) => [s.id, `${s.id}.cluster-abcdefghijkl.af-south-1.rds.amazonaws.com`]));
    const published = ShardMapPages.split(ShardMaps.withEndpoints(plan.shardMap, endpoints), plan.shardMapShardsPerPage)
      .map((p) => JSON.stringify(p));
    const router = ShardRouter.fromPages([...published].reverse());
    const direct = ShardRouter.fromMap(plan.shardMap);
    fc.assert(fc.property(fc.string(), (key) => {
      expect(router.shardIdFor(key)).toBe(direct.shardIdFor(key));
      expect(router.route(key).endpoint).toBe(endpoints[direct.shardIdFor(key)]);
    }), { numRuns: 200 });
  });

  test('GIVEN any HASH shard count WHEN planned THEN every page passes and the page size is the most that passes', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 256 }), (n) => {
      const plan = planShardedDatabase({ shardCount: n, shardDefaults: { instanceClass: 'db.r7g.large', readers: 1 } });
      expect(mapRow(plan).verdict).toBe(Verdict.PASS);
      expect(Math.max(...pageBytes(plan))).toBe(mapRow(plan).demand);
      if (plan.shardMapShardsPerPage < n) expect(shardMapPageBytes(plan.shardMap, plan.shardMapShardsPerPage + 1)).toBeGreaterThan(0.9 * 8192);
    }), { numRuns: 15 });
  });

  test('GIVEN a supplied plan whose pages are too big WHEN sized THEN it fails with the exact most shards per page', () => {
    const plan = planShardedDatabase({ shardCount: 120, shardDefaults: { instanceClass: 'db.r7g.large', readers: 1 } });
    const bigger: ShardedDatabasePlan = { ...plan, shardMapShardsPerPage: 120, shardMapPageParameterNames: [plan.shardMapParameterName] };
    const r = mapRow(bigger);
    expect(r.verdict).toBe(Verdict.FAIL);
    expect(r.demand).toBe(shardMapBytesWithEndpoints(plan.shardMap));
    const most = Number(/^publish the map in pages of <= (\d+) shards/.exec(r.fix ?? '')![1]);
    expect(most).toBe(plan.shardMapShardsPerPage);
    expect(mapRow({ ...bigger, shardMapShardsPerPage: most }).verdict).toBe(Verdict.PASS);
    expect(mapRow({ ...bigger, shardMapShardsPerPage: most + 1 }).verdict).not.toBe(Verdict.PASS);
  });

  test('GIVEN a RANGE map of 30 shards WHEN planned THEN it is paged like a HASH map and passes', () => {
    const plan = planShardedDatabase({
      strategy: ShardingStrategy.RANGE,
      shardDefaults: { instanceClass: 'db.r7g.large', readers: 1 },
      shards: Array.from({ length: 30 }, (_, i) => ({ id: `r${String(i).padStart(2, '0')}`, rangeStart: i === 0 ? '' : `k${String(i).padStart(2, '0')}` })),
    });
    expect(mapRow(plan).verdict).toBe(Verdict.PASS);
    const pages = ShardMapPages.split(plan.shardMap, plan.shardMapShardsPerPage).map((p) => JSON.stringify(p));
    expect(ShardMapPages.joinJson(pages)).toEqual(plan.shardMap);
  });
});

describe('HASH defaults: fewer, bigger shards up to DEFAULT_MAX_SHARD_CLASS', () => {
  const classOf = (o: ShardedDatabaseOptions): string[] => planShardedDatabase(o).shards.map((s) => s.database.instanceClass);

  test.each([
    // writes/s, shards, class: the hottest shard takes writes x 1.25 / N; r7g writers carry 126, 252, 504, 1,008 writes/s at 0.7 x 0.9.
    [100, 2, 'db.r7g.large'], // 62.5 per shard
    [1000, 2, 'db.r7g.4xlarge'], // 625
    [3000, 4, 'db.r7g.4xlarge'], // 3 shards: 1,250 > 1,008; 4 shards: 937.5
    [10_000, 13, 'db.r7g.4xlarge'], // 12 shards: 1,041.7 > 1,008; 13: 961.5
  ])('GIVEN %d writes/s and neither shardCount nor class WHEN planned THEN %d shards of %s', (writes, shards, cls) => {
    const plan = planShardedDatabase({ load: { writesPerSecond: writes } });
    expect(plan.shards).toHaveLength(shards);
    expect(new Set(plan.shards.map((s) => s.database.instanceClass))).toEqual(new Set([cls]));
    const w = row(sizeShardedDatabase(plan), 'writer', Scenario.NORMAL, 'sharded-db/shard-0');
    expect(w.demand).toBeCloseTo(writes * 1.25 / shards, 9);
    expect(w.verdict).toBe(Verdict.PASS);
    expect(plan.assumed.find((a) => a.prop === 'sharded-db.shardCount')?.reason).toContain(`up to ${DEFAULT_MAX_SHARD_CLASS}`);
    expect(plan.assumed.find((a) => a.prop === 'sharded-db.shardDefaults.instanceClass')?.value).toBe(cls);
  });

  test('GIVEN any hash writes WHEN the count is defaulted THEN one shard less needs a class beyond the cap', () => {
    fc.assert(fc.property(fc.double({ min: 1, max: 30_000, noNaN: true }), (writes) => {
      const plan = planShardedDatabase({ load: { writesPerSecond: writes } });
      const n = plan.shards.length;
      expect(sizeShardedDatabase(plan).filter((r) => r.resource === 'writer').every((r) => r.verdict === Verdict.PASS)).toBe(true);
      if (n === 2) return;
      const fewer = planShardedDatabase({
        shardCount: n - 1, shardDefaults: { instanceClass: DEFAULT_MAX_SHARD_CLASS }, load: { writesPerSecond: writes },
      });
      expect(row(sizeShardedDatabase(fewer), 'writer', Scenario.NORMAL, 'sharded-db/shard-0').verdict).not.toBe(Verdict.PASS);
    }), { numRuns: 40 });
  });

  test('GIVEN a shard count and no class WHEN planned THEN each shard takes the smallest class for its share', () => {
    expect(classOf({ shardCount: 8, load: { writesPerSecond: 3000 } })).toEqual(Array(8).fill('db.r7g.2xlarge')); // 468.75 per shard
  });

  test('GIVEN declared RANGE shares WHEN planned THEN each shard\'s class follows its own share, and the assumption names the shard', () => {
    const plan = planShardedDatabase({
      ...AZ_RANGES,
      shards: AZ_RANGES.shards!.map((s, i) => ({ ...s, loadShare: [0.1, 0.6, 0.3][i] })),
      load: { writesPerSecond: 1000 },
    });
    // 100, 600 and 300 writes/s: large (126), 4xlarge (1,008), 2xlarge (504).
    expect(plan.shards.map((s) => s.database.instanceClass)).toEqual(['db.r7g.large', 'db.r7g.4xlarge', 'db.r7g.2xlarge']);
    expect(plan.assumed.map((a) => a.prop)).toEqual(expect.arrayContaining(['sharded-db.shards[1].instanceClass']));
    expect(sizeShardedDatabase(plan).filter((r) => r.resource === 'writer').map((r) => r.demand)).toEqual([100, 600, 300]);
  });

  test('GIVEN GEOGRAPHIC shares WHEN sized THEN each Region\'s shard carries its declared share of reads, writes and storage', () => {
    const plan = planShardedDatabase({
      strategy: ShardingStrategy.GEOGRAPHIC,
      shards: [{ geos: ['US'], loadShare: 0.5 }, { geos: ['EU'], loadShare: 0.3 }, { geos: ['ASIA'], loadShare: 0.2 }],
      load: { readsPerSecond: 1000, writesPerSecond: 100, storageGiB: 1000 },
    });
    const rows = sizeShardedDatabase(plan);
    expect(['us', 'eu', 'asia'].map((id) => row(rows, 'readers', Scenario.NORMAL, `sharded-db/${id}`).demand)).toEqual([500, 300, 200]);
    expect(['us', 'eu', 'asia'].map((id) => row(rows, 'storage', Scenario.LIMIT, `sharded-db/${id}`).demand)).toEqual([500, 300, 200]);
  });

  test('GIVEN any hash design WHEN shards are added THEN no shard row gets worse (only the per-Region quotas count them)', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 12 }), fc.double({ min: 0, max: 5000, noNaN: true }),
      fc.double({ min: 0, max: 50_000, noNaN: true }), (a, b, writes, reads) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const worstShardRow = (n: number): number => Math.max(...sizeShardedDatabase(planShardedDatabase({
          shardCount: n, shardDefaults: { instanceClass: 'db.r7g.large', readers: 2 },
        }), { writesPerSecond: writes, readsPerSecond: reads }).filter((r) => r.block !== 'sharded-db').map((r) => RANK[r.verdict]));
        expect(worstShardRow(hi)).toBeLessThanOrEqual(worstShardRow(lo));
      }), { numRuns: 40 });
  });

  test('GIVEN invalid sizing bounds WHEN the defaults are sized THEN both blocks fall back to the same SIZING-MODEL bounds', () => {
    expect(safeSizingPolicy({ targetUtilization: 2, maxUtilization: Number.NaN, warnMargin: 0.9 }))
      .toEqual({ targetUtilization: 0.7, maxUtilization: 0.9, warnMargin: 0.9 });
    expect(safeSizingPolicy({ targetUtilization: 0.01, maxUtilization: 0.95, warnMargin: 0.9 }))
      .toEqual({ targetUtilization: 0.7, maxUtilization: 0.95, warnMargin: 0.9 });
    expect(issuesOf(() => planShardedDatabase({ sizing: { targetUtilization: 2 }, load: { writesPerSecond: 3000 } })).map((i) => i.prop))
      .toContain('sizing.targetUtilization');
  });
});
