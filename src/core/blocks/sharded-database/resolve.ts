import { AssumedInput, Assumptions } from '../../assumptions';
import * as catalog from '../../catalog';
import { ValidationError, ValidationIssue } from '../../errors';
import { checkPlanInputs, PLAN_FORMAT_VERSION } from '../../inputs';
import { KeyCaseFolding, ShardingStrategy, ShardMap, ShardMapPages, ShardMaps } from '../../router';
import { SizingPolicy, utilizationOf, verdictFor } from '../../sizing/capacity';
import { Verdict } from '../../sizing/report';
import { fmt, isFiniteNumber, isPlainObject, Rules } from '../../validation';
import { BlockKind, checkName, enumValues, NAME_ALLOWED, NAME_PATTERN, PlanContext, resolveSizingPolicy } from '../common';
import {
  classCarries, ClassFitInput, defaultClassCandidates, planReplicatedDatabase, readerQuota, ReplicatedDatabaseLoadOptions,
  ReplicatedDatabaseOptions, ReplicatedDatabasePlan, safeSizingPolicy,
} from '../replicated-database';
import { utf8Length } from './internal';
import { ShardedDatabaseLoadOptions, ShardedDatabaseOptions } from './options';
import {
  DEFAULT_GEO_REGIONS, DEFAULT_MAX_SHARD_CLASS, DEFAULT_SKEW_FACTOR,
  MAX_HASH_SHARDS, MIN_HASH_SHARDS, SHARD_ENDPOINT_ESTIMATED_CHARS, SHARD_MAP_PARAMETER_DATA_TYPE, SHARD_MAP_PARAMETER_TIER,
  ShardedDatabasePlan, ShardPlan, ShardStackGroupPlan,
} from './plan';
import {
  estimateShardResources, hashShardsNeeded, hashShardsPerStack, hashShare, shardMapParameterLimit, shardMapShardsPerPage,
} from './sizing';
import { resolveFoundation } from '../shared/foundation';

// ShardedDatabase: planShardedDatabase resolves the options into the plan, with the named resolvers it uses.

const SHARD_ONLY_PROPS = ['id', 'rangeStart', 'geos', 'region', 'loadShare'];

const FORBIDDEN_IN_SHARD = ['name', 'load', 'sizing'];

const PASS_THROUGH_LOAD = ['connections', 'clients', 'tasks', 'poolSize', 'adminConnections', 'readsPerSecondPerVcpu', 'writesPerSecondPerVcpu',
  'storageIosPerWrite', 'bufferHitRatio', 'ioSizeKiB'] as const;

/** A DNS-label slug of a key: lower case, other characters as hyphens. */
function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50).replace(/-+$/g, '');
}

interface ShardSpec {
  readonly index: number;
  readonly id: string;
  readonly given: Record<string, unknown>;
  readonly rangeStart?: string;
  readonly geos?: string[];
  readonly region?: string;
  readonly loadShare?: number;
}

interface PlannedShard {
  readonly spec: ShardSpec;
  readonly db: ReplicatedDatabasePlan;
  readonly share: number;
}

/**
 * Validates options and resolves every default of a ShardedDatabase: the shards (each planned
 * as a ReplicatedDatabase for its share of the load), the shard map (built and validated by the
 * router, so plan and runtime agree), where the map is published and how shards group into stacks.
 *
 * @throws ValidationError listing every invalid prop, shard props prefixed `shards[i].` or `shardDefaults.`
 */
export function planShardedDatabase(options: ShardedDatabaseOptions = {}, context: PlanContext = {}): ShardedDatabasePlan {
  checkPlanInputs(options, context, 'sharded-db', 'ShardedDatabaseOptions');
  const o: ShardedDatabaseOptions = isPlainObject(options) ? options : {};
  const name = o.name ?? 'sharded-db';
  const nameStr = typeof name === 'string' ? name : 'sharded-db';
  const path = context.path ?? nameStr;
  const prefix = context.specPrefix ?? nameStr;
  const rules = new Rules(path);
  rules.check('options', options, options === undefined || isPlainObject(options), 'an object of ShardedDatabaseOptions');
  const assumed = new Assumptions(prefix);
  const nameOk = checkName(rules, name);

  const strategyGiven = o.strategy ?? ShardingStrategy.HASH;
  const strategy = rules.oneOf('strategy', strategyGiven, enumValues(ShardingStrategy)) ? strategyGiven : ShardingStrategy.HASH;
  const sizing = resolveSizingPolicy(rules, assumed, o.sizing);

  const defaults = resolveShardDefaults(rules, o.shardDefaults);

  const { l, readsPerSecond, writesPerSecond, storageGiB, skewFactor } = resolveShardedLoad(rules, assumed, o.load, strategy);

  // HASH and RANGE shards live in the network the block is given: they take its AZ count (when
  // counted) like a ReplicatedDatabase does. GEOGRAPHIC shards each get a network in their Region.
  const networkAzCount = strategy === ShardingStrategy.GEOGRAPHIC ? undefined : context.networkAzCount;
  const specs = resolveShardSpecs(rules, assumed, o, {
    strategy, defaults, skewFactor, readsPerSecond, writesPerSecond, storageGiB, load: l, policy: safeSizingPolicy(sizing), networkAzCount,
  });

  // --- shares ---------------------------------------------------------------------------------
  const shares = resolveShares(rules, assumed, specs, strategy, skewFactor);

  const shardMap = buildShardMap(rules, path, o, strategy, specs);

  const planned = planShardDatabases(rules, {
    o, path, nameStr, nameOk, defaults, specs, shares, l, readsPerSecond, writesPerSecond, storageGiB, networkAzCount,
  });

  const parameterName = resolveShardMapParameterName(rules, o.shardMapParameterName, nameStr);

  const foundation = resolveFoundation(rules, o, Math.max(0, ...planned.map((p) => p.db.azCount)));
  rules.throwIfInvalid();

  // --- assumptions of the shards, named where the user would set them -------------------------
  const remapped = remapShardAssumptions(prefix, planned.map((p) => ({ index: p.spec.index, db: p.db })));
  assumed.addAll(dedupe(remapped.flatMap((r) => r)).filter((a) => !assumed.list.some((b) => b.prop === a.prop)));

  const { shards, stackGroups } = shardPlansAndGroups(planned, remapped, { strategy, parameterName });
  const map = shardMap!;
  const regions = strategy === ShardingStrategy.GEOGRAPHIC
    ? [...new Set(shards.map((s) => s.region).filter((r): r is string => r !== undefined))] : [];
  // The published map in pages that fit the parameter tier, each endpoint at its estimated length.
  const perPage = shardMapShardsPerPage(map, shardMapParameterLimit(SHARD_MAP_PARAMETER_TIER).value, sizing.warnMargin);
  assumed.note('shardMapEndpointChars', `${SHARD_ENDPOINT_ESTIMATED_CHARS}`,
    'writer endpoints are tokens until deployment: each is counted at the longest the endpoint format allows '
    + '(a 63-character identifier, .cluster-, a 12-character suffix, the longest Region and .rds.amazonaws.com.cn; real ones are about 90) '
    + 'to size the published map and split it into SSM parameter pages');

  return {
    kind: BlockKind.SHARDED_DATABASE,
    planVersion: PLAN_FORMAT_VERSION,
    ...foundation,
    name: nameStr,
    path,
    sizing,
    assumed: assumed.list,
    strategy,
    shards,
    shardMap: map,
    shardMapParameterName: parameterName,
    shardMapParameterRegions: regions,
    shardMapParameterTier: SHARD_MAP_PARAMETER_TIER,
    shardMapParameterDataType: SHARD_MAP_PARAMETER_DATA_TYPE,
    shardMapBytes: utf8Length(JSON.stringify(map)),
    shardMapShardsPerPage: perPage,
    shardMapPageParameterNames: ShardMapPages.parameterNames(parameterName, Math.ceil(map.shards.length / perPage)),
    stackGroups,
    load: { readsPerSecond, writesPerSecond, storageGiB, skewFactor },
  };
}

/** The options every shard starts from, with the props a shard may not take checked. */
function resolveShardDefaults(rules: Rules, given: unknown): Record<string, unknown> {
  rules.check('shardDefaults', given, given === undefined || isPlainObject(given), 'an object of ReplicatedDatabaseOptions');
  const defaults: Record<string, unknown> = isPlainObject(given) ? given : {};
  for (const k of FORBIDDEN_IN_SHARD) {
    rules.check(`shardDefaults.${k}`, defaults[k], defaults[k] === undefined, forbiddenReason(k));
  }
  for (const k of SHARD_ONLY_PROPS) {
    rules.check(`shardDefaults.${k}`, defaults[k], defaults[k] === undefined, `unset: ${k} is set per shard, in shards[i]`);
  }
  return defaults;
}

/** The block's load, with the assumptions that fill what is not declared, and the hash skew. */
function resolveShardedLoad(rules: Rules, assumed: Assumptions, given: unknown, strategy: ShardingStrategy) {
  const hash = strategy === ShardingStrategy.HASH;
  rules.check('load', given, given === undefined || isPlainObject(given), 'an object of ShardedDatabaseLoadOptions');
  const l: ShardedDatabaseLoadOptions = isPlainObject(given) ? given : {};
  rules.number('load.readsPerSecond', l.readsPerSecond, 0, 1e9, 'reads/s');
  rules.number('load.writesPerSecond', l.writesPerSecond, 0, 1e9, 'writes/s');
  rules.number('load.storageGiB', l.storageGiB, 0, 1e9, 'GiB');
  const num = (v: unknown): number | undefined => (isFiniteNumber(v) && v >= 0 && v <= 1e9 ? v : undefined);
  const readsPerSecond = assumed.take('load.readsPerSecond', num(l.readsPerSecond), 0, 'no reads declared: nothing to size against');
  const writesPerSecond = assumed.take('load.writesPerSecond', num(l.writesPerSecond), 0, 'no writes declared: nothing to size against');
  const storageGiB = assumed.take('load.storageGiB', num(l.storageGiB), 0, 'no storage declared: nothing to size against');
  let skewFactor = 1;
  if (hash) {
    rules.number('load.skewFactor', l.skewFactor, 1, MAX_HASH_SHARDS);
    skewFactor = assumed.take('load.skewFactor', isFiniteNumber(l.skewFactor) && l.skewFactor >= 1 && l.skewFactor <= MAX_HASH_SHARDS ? l.skewFactor : undefined,
      DEFAULT_SKEW_FACTOR, 'the ring alone spreads keys within about 9 % of 1/N at 128 virtual nodes (1/sqrt(128)); 1.25 covers about 2.7 of those '
      + 'deviations, or mild popularity skew: measure your hottest shard and set load.skewFactor');
  } else {
    rules.check('load.skewFactor', l.skewFactor, l.skewFactor === undefined, `unset with ${strategy}: declare each shard's loadShare instead`);
  }
  return { l, readsPerSecond, writesPerSecond, storageGiB, skewFactor };
}

/** The shards as given or, for HASH, as many as the load needs; and the checks of props that only some strategies take. */
function resolveShardSpecs(rules: Rules, assumed: Assumptions, o: ShardedDatabaseOptions,
  input: HashContext & { readonly strategy: ShardingStrategy }) {
  const { strategy, defaults, skewFactor, readsPerSecond, writesPerSecond, storageGiB, load: l, policy: safePolicy } = input;
  const hash = strategy === ShardingStrategy.HASH;
  rules.check('shards', o.shards, o.shards === undefined || Array.isArray(o.shards), 'a list of ShardOptions');
  const given: unknown[] = Array.isArray(o.shards) ? o.shards : [];
  given.forEach((s, i) => {
    if (!isPlainObject(s)) {
      rules.check(`shards[${i}]`, s, false, 'an object of ShardOptions');
      return;
    }
    for (const k of FORBIDDEN_IN_SHARD) rules.check(`shards[${i}].${k}`, s[k], s[k] === undefined, forbiddenReason(k));
  });
  const entries: Record<string, unknown>[] = given.map((s) => (isPlainObject(s) ? s : {}));

  let specs: ShardSpec[];
  switch (strategy) {
    case ShardingStrategy.RANGE:
      specs = rangeSpecs(rules, entries, o.shards);
      break;
    case ShardingStrategy.GEOGRAPHIC:
      specs = geoSpecs(rules, entries, o.shards === undefined);
      break;
    default:
      specs = hashSpecs(rules, assumed, entries, o.shardCount, {
        defaults, skewFactor, readsPerSecond, writesPerSecond, storageGiB, load: l, policy: safePolicy,
      });
  }
  entries.forEach((e, i) => rules.check(`shards[${i}].region`, e.region, e.region === undefined || strategy === ShardingStrategy.GEOGRAPHIC,
    `unset with ${strategy}: its shards deploy in the block's stack Region (use GEOGRAPHIC to place shards in Regions)`));
  for (const k of ['shardCount', 'virtualNodesPerShard'] as const) {
    rules.check(k, o[k], o[k] === undefined || hash, `unset with ${strategy}: only HASH maps have a shard count and a ring`);
  }
  rules.check('defaultShardId', o.defaultShardId, o.defaultShardId === undefined || strategy === ShardingStrategy.GEOGRAPHIC,
    `unset with ${strategy}: only GEOGRAPHIC maps have a default shard`);
  return specs;
}

/** The shard map, built and validated by the router so plan and runtime agree; its issues named as options. */
function buildShardMap(rules: Rules, path: string, o: ShardedDatabaseOptions, strategy: ShardingStrategy, specs: ShardSpec[]): ShardMap | undefined {
  const mapOptions = { version: o.shardMapVersion ?? 1, caseFolding: o.caseFolding ?? KeyCaseFolding.NONE };
  let shardMap: ShardMap | undefined;
  try {
    if (specs.length === 0) {
      // nothing to map: the rules above already say what the shards list lacks
    } else if (strategy === ShardingStrategy.RANGE) {
      shardMap = ShardMaps.ranges(specs.map((s) => ({ shardId: s.id, start: s.rangeStart as string })), mapOptions);
    } else if (strategy === ShardingStrategy.GEOGRAPHIC) {
      shardMap = ShardMaps.geographic(specs.map((s) => ({ shardId: s.id, geos: s.geos ?? [], region: s.region })),
        { ...mapOptions, defaultShardId: o.defaultShardId });
    } else {
      shardMap = ShardMaps.hash(specs.map((s) => s.id), { ...mapOptions, virtualNodesPerShard: o.virtualNodesPerShard });
    }
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    rules.absorb(new ValidationError(e.issues.map((i) => ({ ...i, path, prop: mapProp(i.prop, strategy) }))));
  }
  return shardMap;
}

interface ShardDatabasesInput {
  readonly o: ShardedDatabaseOptions;
  readonly path: string;
  readonly nameStr: string;
  readonly nameOk: boolean;
  readonly defaults: Record<string, unknown>;
  readonly specs: ShardSpec[];
  readonly shares: number[];
  readonly l: ShardedDatabaseLoadOptions;
  readonly readsPerSecond: number;
  readonly writesPerSecond: number;
  readonly storageGiB: number;
  /** The AZ count of the network the shards are given (PlanContext.networkAzCount), for HASH and RANGE. */
  readonly networkAzCount?: number;
}

/** Each shard planned as a ReplicatedDatabase for its share of the load; its issues named where the user sets them. */
function planShardDatabases(rules: Rules, input: ShardDatabasesInput): PlannedShard[] {
  const { o, path, nameStr, nameOk, defaults, specs, shares, l, readsPerSecond, writesPerSecond, storageGiB, networkAzCount } = input;
  const shardIssues: ValidationIssue[] = [];
  const planned: PlannedShard[] = [];
  specs.forEach((spec, k) => {
    const shardName = `${nameStr}-${spec.id}`;
    if (!nameOk || !rules.check(`shards[${spec.index}].id`, spec.id, NAME_PATTERN.test(shardName),
      `an id short enough that the shard's name "${nameStr}-<id>" is a block name (${NAME_ALLOWED})`)) {
      return;
    }
    const share = shares[k];
    const merged = mergeOptions(defaults, spec.given);
    const load: ReplicatedDatabaseLoadOptions = {
      ...Object.fromEntries(PASS_THROUGH_LOAD.filter((p) => l[p] !== undefined).map((p) => [p, l[p]])),
      readsPerSecond: readsPerSecond * share,
      writesPerSecond: writesPerSecond * share,
      storageGiB: storageGiB * share,
    };
    try {
      const db = planReplicatedDatabase({ ...merged, name: shardName, load, sizing: isPlainObject(o.sizing) ? o.sizing : undefined },
        { path: `${path}/${spec.id}`, specPrefix: '', networkAzCount });
      planned.push({ spec, db, share });
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      for (const issue of e.issues) {
        shardIssues.push({ ...issue, path, prop: shardProp(issue.prop, spec, defaults) });
      }
    }
  });
  const seen = new Set<string>();
  rules.absorb(new ValidationError(shardIssues.filter((i) => {
    const key = `${i.prop}\u0000${i.value}\u0000${i.allowed}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  })));
  return planned;
}

/** Where the shard map is published. */
function resolveShardMapParameterName(rules: Rules, given: string | undefined, nameStr: string): string {
  const parameterName = given ?? `/scaleblocks/${nameStr}/shard-map`;
  rules.matches('shardMapParameterName', parameterName, /^(\/[A-Za-z0-9_.-]+)+$/,
    'an SSM parameter path such as /scaleblocks/orders/shard-map (segments of letters, digits, _ . -)');
  rules.check('shardMapParameterName', parameterName, typeof parameterName !== 'string' || !/^\/(aws|ssm)/i.test(parameterName),
    'a path not starting with /aws or /ssm (reserved by AWS)');
  return parameterName as string;
}

/** The shards' plans and the stacks they group into (HASH: a few shards a stack; otherwise one stack a shard). */
function shardPlansAndGroups(planned: PlannedShard[], remapped: AssumedInput[][], i: { strategy: ShardingStrategy; parameterName: string }) {
  const { strategy, parameterName } = i;
  const hash = strategy === ShardingStrategy.HASH;
  const perStack = hashShardsPerStack();
  const groupOf = (p: { spec: ShardSpec }, k: number): string => (hash ? `shards-${Math.floor(k / perStack)}` : `shard-${p.spec.id}`);
  const shards: ShardPlan[] = planned.map((p, k) => ({
    id: p.spec.id,
    index: k,
    region: p.spec.region,
    loadShare: p.share,
    stackGroup: groupOf(p, k),
    endpointParameterName: strategy === ShardingStrategy.GEOGRAPHIC ? `${parameterName}/endpoints/${p.spec.id}` : undefined,
    database: { ...p.db, assumed: remapped[k] },
  }));
  const stackGroups: ShardStackGroupPlan[] = [];
  for (const s of shards) {
    let g = stackGroups.find((x) => x.id === s.stackGroup);
    if (!g) {
      g = { id: s.stackGroup, region: s.region, shardIds: [], estimatedResources: 0 };
      stackGroups.push(g);
    }
    stackGroups[stackGroups.indexOf(g)] = {
      ...g, shardIds: [...g.shardIds, s.id], estimatedResources: g.estimatedResources + estimateShardResources(s.database),
    };
  }
  return { shards, stackGroups };
}

function forbiddenReason(k: string): string {
  switch (k) {
    case 'name': return 'unset: a shard is named <block name>-<shard id>';
    case 'load': return 'unset: a shard\'s load is its share of the block\'s load';
    default: return 'unset: set the bounds once, in the block\'s sizing';
  }
}

/** Merges shard options over the defaults, one level deep for nested option objects. */
function mergeOptions(defaults: Record<string, unknown>, shard: Record<string, unknown>): ReplicatedDatabaseOptions {
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(shard)) {
    if (SHARD_ONLY_PROPS.includes(k) || v === undefined) continue;
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? { ...(out[k] as Record<string, unknown>), ...v } : v;
  }
  return out as ReplicatedDatabaseOptions;
}

/** True when a dotted prop path (`credentials.username`, `allowedCidrs[0]`) is set in `o`. */
function hasProp(o: Record<string, unknown>, prop: string): boolean {
  let cur: unknown = o;
  for (const part of prop.split(/\.|\[|\]/).filter((x) => x !== '')) {
    if (cur === null || typeof cur !== 'object') return false;
    cur = (cur as Record<string, unknown>)[part];
    if (cur === undefined) return false;
  }
  return true;
}

/** Where a shard database's issue belongs in the block's options. */
function shardProp(prop: string, spec: ShardSpec, defaults: Record<string, unknown>): string {
  if (prop.startsWith('load.') || prop === 'load') return prop;
  if (prop.startsWith('sizing.') || prop === 'sizing') return prop;
  if (hasProp(spec.given, prop)) return `shards[${spec.index}].${prop}`;
  const top = prop.split(/\.|\[/)[0];
  if (hasProp(defaults, prop) || defaults[top] !== undefined) return `shardDefaults.${prop}`;
  return `shards[${spec.index}].${prop}`;
}

/** Maps a router issue's prop (`shardMap.shards[2].range.start`) to the block's option. */
function mapProp(prop: string, strategy: ShardingStrategy): string {
  const shard = /^shardMap\.shards\[(\d+)\](?:\.(.*))?$/.exec(prop);
  if (shard) {
    const [, i, rest] = shard;
    if (rest === undefined) return `shards[${i}]`;
    if (rest.startsWith('range')) return `shards[${i}].rangeStart`;
    if (rest.startsWith('id') && strategy === ShardingStrategy.HASH) return `shards[${i}].id`;
    return `shards[${i}].${rest}`;
  }
  const table: { [k: string]: string } = {
    'shardMap.shards': 'shards',
    'shardMap.version': 'shardMapVersion',
    'shardMap.caseFolding': 'caseFolding',
    'shardMap.defaultShardId': 'defaultShardId',
    'shardMap.hash.virtualNodesPerShard': 'virtualNodesPerShard',
  };
  return table[prop] ?? prop;
}

interface HashContext {
  readonly defaults: Record<string, unknown>;
  readonly skewFactor: number;
  readonly readsPerSecond: number;
  readonly writesPerSecond: number;
  readonly storageGiB: number;
  readonly load: ShardedDatabaseLoadOptions;
  readonly policy: SizingPolicy;
  /** The AZ count of the network the shards are given (PlanContext.networkAzCount). */
  readonly networkAzCount?: number;
}

function hashSpecs(rules: Rules, assumed: Assumptions, entries: Record<string, unknown>[], shardCount: unknown, ctx: HashContext): ShardSpec[] {
  rules.integer('shardCount', shardCount as number | undefined, MIN_HASH_SHARDS, MAX_HASH_SHARDS, 'shards');
  const countOk = Number.isInteger(shardCount) && (shardCount as number) >= MIN_HASH_SHARDS && (shardCount as number) <= MAX_HASH_SHARDS;
  rules.check('shards', entries.length, entries.length <= MAX_HASH_SHARDS, `at most ${MAX_HASH_SHARDS} entries`);
  entries.forEach((e, i) => {
    for (const k of ['rangeStart', 'geos', 'loadShare'] as const) {
      rules.check(`shards[${i}].${k}`, e[k], e[k] === undefined, k === 'loadShare'
        ? 'unset with HASH: keys spread evenly; declare load.skewFactor for the hottest shard'
        : `unset with HASH: ${k === 'geos' ? 'geography keys belong to GEOGRAPHIC maps' : 'ranges belong to RANGE maps'}`);
    }
  });
  let count: number;
  if (shardCount !== undefined) {
    count = countOk ? shardCount as number : Math.max(MIN_HASH_SHARDS, Math.min(MAX_HASH_SHARDS, entries.length));
    rules.check('shards', entries.length, entries.length <= count, `at most shardCount (${countOk ? count : 'given'}) entries: shards[i] overrides shard i`);
  } else {
    const sized = sizedShardCount(ctx);
    count = assumed.take('shardCount', undefined, Math.max(sized, Math.min(MAX_HASH_SHARDS, entries.length)),
      typeof ctx.defaults.instanceClass === 'string'
        ? `the fewest shards (at least ${MIN_HASH_SHARDS}) whose hottest shard carries the declared writes, storage and reads on shardDefaults.instanceClass`
        : `the fewest shards (at least ${MIN_HASH_SHARDS}) whose hottest shard carries the declared writes, storage and reads on one class up to ${DEFAULT_MAX_SHARD_CLASS} (fewer, bigger shards first)`);
  }
  return Array.from({ length: count }, (_, i): ShardSpec => {
    const e = entries[i] ?? {};
    rules.check(`shards[${i}].id`, e.id, e.id === undefined || typeof e.id === 'string', 'a DNS label such as shard-7');
    return { index: i, id: typeof e.id === 'string' ? e.id : `shard-${i}`, given: e };
  });
}

/**
 * The fewest HASH shards (2..64) whose hottest shard, planned with shardDefaults, passes the
 * writes, storage and reads rows (reads on at most the replica quota of readers) on one class:
 * shardDefaults.instanceClass when given, else some db.r7g size up to DEFAULT_MAX_SHARD_CLASS.
 * Connections do not shrink with more shards (every shard's writer takes the pools), so they
 * choose the class (each shard's own default), not the count.
 */
function sizedShardCount(ctx: HashContext): number {
  let probe: ReplicatedDatabasePlan;
  try {
    const load: ReplicatedDatabaseLoadOptions = Object.fromEntries(
      PASS_THROUGH_LOAD.filter((p) => ctx.load[p] !== undefined).map((p) => [p, ctx.load[p]]));
    probe = planReplicatedDatabase({ ...(ctx.defaults as ReplicatedDatabaseOptions), name: 'probe', load, sizing: undefined }, { specPrefix: '', networkAzCount: ctx.networkAzCount });
  } catch {
    return MIN_HASH_SHARDS; // the shards' own plans report what is wrong
  }
  const p = ctx.policy;
  const given = typeof ctx.defaults.instanceClass === 'string' ? catalog.dbInstance(ctx.defaults.instanceClass, probe.engineFamily) : undefined;
  const classes = given ? [given] : defaultClassCandidates(probe.engineFamily, DEFAULT_MAX_SHARD_CLASS);
  const storageCap = probe.storage.maxAllocatedGiB ?? probe.storage.engineMaxGiB;
  const ok = (share: number): boolean => {
    if (verdictFor(utilizationOf(ctx.storageGiB * share, storageCap), 1, p.warnMargin) !== Verdict.PASS) return false;
    const fit: ClassFitInput = {
      engineFamily: probe.engineFamily,
      aurora: probe.aurora,
      multiAz: probe.multiAz,
      azCount: probe.azCount,
      load: {
        ...probe.load,
        readsPerSecond: ctx.readsPerSecond * share,
        writesPerSecond: ctx.writesPerSecond * share,
        connections: 0,
        clients: undefined,
        adminConnections: 0,
      },
      policy: p,
      quota: readerQuota(probe.engineFamily).value,
      sizeReaders: true,
    };
    return classes.some((c) => classCarries(fit, c));
  };
  const n = hashShardsNeeded(MIN_HASH_SHARDS, ctx.skewFactor, ok);
  return Math.max(MIN_HASH_SHARDS, Math.min(MAX_HASH_SHARDS, n ?? MAX_HASH_SHARDS));
}

function rangeSpecs(rules: Rules, entries: Record<string, unknown>[], shards: unknown): ShardSpec[] {
  rules.check('shards', shards, Array.isArray(shards) && shards.length >= 2,
    'a list of at least 2 shards, each with its rangeStart, in key order (the first starting at "")');
  return entries.map((e, i) => {
    rules.check(`shards[${i}].rangeStart`, e.rangeStart, typeof e.rangeStart === 'string',
      i === 0 ? '"" for the first shard (its range starts at the beginning of the key space)' : 'a string: the first key of the shard\'s range');
    rules.check(`shards[${i}].geos`, e.geos, e.geos === undefined, 'unset with RANGE: geography keys belong to GEOGRAPHIC maps');
    const start = typeof e.rangeStart === 'string' ? e.rangeStart : '';
    rules.check(`shards[${i}].id`, e.id, e.id === undefined || typeof e.id === 'string', 'a DNS label such as a-to-m');
    const derived = start === '' ? 'from-start' : `from-${slug(start) || 'x'}`;
    return { index: i, id: typeof e.id === 'string' ? e.id : derived, given: e, rangeStart: start, loadShare: e.loadShare as number | undefined };
  });
}

function geoSpecs(rules: Rules, entries: Record<string, unknown>[], useDefaults: boolean): ShardSpec[] {
  const list: Record<string, unknown>[] = useDefaults ? Object.keys(DEFAULT_GEO_REGIONS).map((g) => ({ geos: [g] })) : entries;
  rules.check('shards', list.length, list.length >= 1, 'a list of 1 or more shards, each with its geos');
  return list.map((e, i) => {
    rules.check(`shards[${i}].rangeStart`, e.rangeStart, e.rangeStart === undefined, 'unset with GEOGRAPHIC: ranges belong to RANGE maps');
    rules.check(`shards[${i}].geos`, e.geos, Array.isArray(e.geos) && e.geos.every((g) => typeof g === 'string'),
      'a list of geography keys such as ["EU"] (only the default shard may list none)');
    const geos = Array.isArray(e.geos) ? e.geos.filter((g): g is string => typeof g === 'string') : [];
    const first = geos[0];
    const regionDefault = first !== undefined ? DEFAULT_GEO_REGIONS[first.toUpperCase()] : undefined;
    rules.check(`shards[${i}].region`, e.region, e.region !== undefined || regionDefault !== undefined,
      `set for ${first === undefined ? 'a shard without geography keys' : `geography ${first}`}: only ${Object.keys(DEFAULT_GEO_REGIONS).join(', ')} have a default Region`);
    rules.check(`shards[${i}].region`, e.region, e.region === undefined || typeof e.region === 'string', 'a Region name such as eu-central-1');
    rules.check(`shards[${i}].id`, e.id, e.id === undefined || typeof e.id === 'string', 'a DNS label such as eu');
    const region = typeof e.region === 'string' ? e.region : regionDefault;
    const derived = first !== undefined ? slug(first) || `geo-${i}` : 'default';
    return { index: i, id: typeof e.id === 'string' ? e.id : derived, given: e, geos, region, loadShare: e.loadShare as number | undefined };
  });
}

function resolveShares(rules: Rules, assumed: Assumptions, specs: ShardSpec[], strategy: ShardingStrategy, skew: number): number[] {
  if (strategy === ShardingStrategy.HASH) return specs.map(() => hashShare(specs.length, skew));
  const n = Math.max(1, specs.length);
  const givenCount = specs.filter((s) => s.loadShare !== undefined).length;
  specs.forEach((s) => rules.check(`shards[${s.index}].loadShare`, s.loadShare,
    s.loadShare === undefined || (isFiniteNumber(s.loadShare) && s.loadShare > 0 && s.loadShare <= 1), 'a fraction greater than 0, up to 1'));
  if (givenCount === 0) {
    assumed.note('shards[*].loadShare', `1/${n} each`, 'no share declared: every shard is taken to hold an equal share; declare loadShare per shard');
    return specs.map(() => 1 / n);
  }
  const missing = specs.find((s) => s.loadShare === undefined);
  if (missing) {
    rules.check(`shards[${missing.index}].loadShare`, undefined, false, 'set, since other shards declare one (declare loadShare on every shard or on none)');
    return specs.map(() => 1 / n);
  }
  const total = specs.reduce((a, s) => a + (isFiniteNumber(s.loadShare) ? s.loadShare : 0), 0);
  rules.check('shards[*].loadShare', Math.round(total * 1e6) / 1e6, Math.abs(total - 1) <= 1e-6,
    `shares that sum to 1 (they sum to ${fmt(total)})`);
  return specs.map((s) => (isFiniteNumber(s.loadShare) ? s.loadShare : 1 / n));
}

/**
 * The shards' assumed inputs, named where the user would set them: `load.*` and `sizing.*` on
 * the block; a default every shard took alike on `shardDefaults.*`; one that differs per shard on `shards[i].*`.
 */
function remapShardAssumptions(prefix: string, shards: { index: number; db: ReplicatedDatabasePlan }[]): AssumedInput[][] {
  const full = (p: string): string => (prefix ? `${prefix}.${p}` : p);
  const values = new Map<string, Set<string>>();
  for (const s of shards) {
    for (const a of s.db.assumed) {
      if (!values.has(a.prop)) values.set(a.prop, new Set());
      values.get(a.prop)!.add(a.value);
    }
  }
  return shards.map((s) => s.db.assumed.map((a) => {
    let prop: string;
    if (a.prop.startsWith('load.') || a.prop.startsWith('sizing.')) prop = full(a.prop);
    else if (values.get(a.prop)!.size === 1 && shards.every((x) => x.db.assumed.some((b) => b.prop === a.prop))) prop = full(`shardDefaults.${a.prop}`);
    else prop = full(`shards[${s.index}].${a.prop}`);
    return { ...a, prop };
  }));
}

function dedupe(items: AssumedInput[]): AssumedInput[] {
  const seen = new Set<string>();
  return items.filter((a) => (seen.has(a.prop) ? false : (seen.add(a.prop), true)));
}

/**
 * Index of a shard in the plan (and in a backend's list of shard constructs, which follows it).
 *
 * @param path the construct path, shown in the error
 * @throws ValidationError naming `shardId` and the ids of the map when no shard has that id
 */
export function shardIndexOf(plan: ShardedDatabasePlan, shardId: string, path: string): number {
  const i = plan.shards.findIndex((s) => s.id === shardId);
  const rules = new Rules(path);
  rules.check('shardId', shardId, i >= 0, `a shard id of the map: ${plan.shards.map((s) => s.id).join(', ')}`);
  rules.throwIfInvalid();
  return i;
}
