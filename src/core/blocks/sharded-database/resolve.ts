import { AssumedInput, Assumptions } from '../../assumptions';
import * as catalog from '../../catalog';
import { ValidationError, ValidationIssue } from '../../errors';
import { checkPlanInputs, PLAN_FORMAT_VERSION } from '../../inputs';
import { KeyCaseFolding, ShardingStrategy, ShardMap, ShardMaps } from '../../router';
import { checkLimit, SizingPolicy, smallestPassing, utilizationOf, verdictFor } from '../../sizing/capacity';
import { SizingRow, Verdict } from '../../sizing/report';
import { fmt, isFiniteNumber, isPlainObject, Rules } from '../../validation';
import {
  BlockKind, BlockPlanBase, checkName, enumValues, NAME_ALLOWED, NAME_PATTERN, PlanContext, resolveSizingPolicy, SizingBoundsOptions,
} from '../common';
import {
  classCarries, ClassFitInput, DB_INSTANCES_PER_REGION_RESOURCE, defaultClassCandidates, planReplicatedDatabase, readerQuota,
  ReplicatedDatabaseLoadOptions, ReplicatedDatabaseOptions, ReplicatedDatabasePlan, ReplicatedDatabaseTopology, replicatedDatabaseTopologyOf,
  safeSizingPolicy, sizeReplicatedDatabase,
} from '../replicated-database';

// =============================================================================================
// Options
// =============================================================================================

/**
 * One shard: where its keys are, where it is deployed, and its database options over
 * `shardDefaults`. A shard's name is derived from its id and its load is its share of the
 * block's load, so `name`, `load` and `sizing` stay unset here.
 */
export interface ShardOptions extends ReplicatedDatabaseOptions {
  /**
   * The shard's stable id (a DNS label). Never change it once deployed: it names the shard's
   * resources and, for HASH, places its points on the ring.
   *
   * @default - HASH `shard-<index>`; RANGE `from-<rangeStart>` (`from-start` for ''); GEOGRAPHIC the first geography key in lower case
   */
  readonly id?: string;
  /**
   * RANGE only, and required there: the first key of the shard's range (inclusive, after case
   * folding). The first shard starts at '', the others in increasing code-unit order; each
   * range ends where the next starts, so the ranges have no gap and no overlap.
   *
   * @default - none
   */
  readonly rangeStart?: string;
  /**
   * GEOGRAPHIC only: the geography keys the shard serves (`US`, `EU`, `ASIA`, ISO country codes).
   * Only the default shard may list none.
   *
   * @default - none
   */
  readonly geos?: string[];
  /**
   * GEOGRAPHIC only: the Region the shard is deployed in.
   *
   * @default - us-east-1 for US, eu-west-1 for EU, ap-southeast-1 for ASIA; required for other geographies
   */
  readonly region?: string;
  /**
   * RANGE and GEOGRAPHIC: the share of the block's reads, writes and storage this shard holds,
   * as a fraction. Give it on every shard or on none; the shares sum to 1.
   *
   * @default - equal shares (recorded as assumed)
   */
  readonly loadShare?: number;
}

/** The load a ShardedDatabase must carry, in total over its shards. */
export interface ShardedDatabaseLoadOptions extends ReplicatedDatabaseLoadOptions {
  /**
   * HASH only: how much more than its fair share (total / N) the hottest shard carries.
   *
   * @default 1.25
   */
  readonly skewFactor?: number;
}

/** Options of a ShardedDatabase: N shards, each a ReplicatedDatabase, and the shard map that routes keys to them. */
export interface ShardedDatabaseOptions {
  /**
   * Name: DNS-safe, used in resource names, the shard names (`<name>-<shard id>`) and the report.
   *
   * @default 'sharded-db'
   */
  readonly name?: string;
  /**
   * How keys are assigned to shards.
   *
   * @default ShardingStrategy.HASH
   */
  readonly strategy?: ShardingStrategy;
  /**
   * HASH only: the number of shards (2..64).
   *
   * @default - the fewest shards (at least 2) whose hottest shard carries the declared writes, storage and reads on one class up to DEFAULT_MAX_SHARD_CLASS (db.r7g.4xlarge), or on shardDefaults.instanceClass when given
   */
  readonly shardCount?: number;
  /**
   * The shards. HASH: optional per-shard overrides, by index (at most shardCount entries);
   * RANGE: required, in key order; GEOGRAPHIC: one per geography.
   *
   * @default - HASH: shardCount shards of shardDefaults; GEOGRAPHIC: US, EU and ASIA shards; RANGE: none (required)
   */
  readonly shards?: ShardOptions[];
  /**
   * Database options every shard starts from (without name, load or sizing).
   *
   * @default - the ReplicatedDatabase defaults
   */
  readonly shardDefaults?: ReplicatedDatabaseOptions;
  /**
   * ASCII case folding applied to keys before routing.
   *
   * @default KeyCaseFolding.NONE
   */
  readonly caseFolding?: KeyCaseFolding;
  /**
   * HASH only: points each shard owns on the ring (1..4,096).
   *
   * @default 128
   */
  readonly virtualNodesPerShard?: number;
  /**
   * GEOGRAPHIC only: the shard that serves geography keys no shard lists.
   *
   * @default - none: routing an unlisted geography key throws
   */
  readonly defaultShardId?: string;
  /**
   * The shard map's version: bump it on every change to the shards or to how keys are assigned.
   *
   * @default 1
   */
  readonly shardMapVersion?: number;
  /**
   * SSM parameter the shard map is published under.
   *
   * @default '/scaleblocks/<name>/shard-map'
   */
  readonly shardMapParameterName?: string;
  /** The load the shards carry together. */
  readonly load?: ShardedDatabaseLoadOptions;
  /**
   * Utilisation bounds for the sizing check (every shard uses them).
   *
   * @default - 0.7 normal, 0.9 with one AZ lost
   */
  readonly sizing?: SizingBoundsOptions;
}

// =============================================================================================
// Plan
// =============================================================================================

/** One resolved shard. */
export interface ShardPlan {
  /** The stable id, as in the shard map. */
  readonly id: string;
  /** Position in the shard map. */
  readonly index: number;
  /** The Region the shard is deployed in (GEOGRAPHIC); absent: the block's stack Region. */
  readonly region?: string;
  /** Share of the block's reads, writes and storage the shard is sized for (HASH: the hottest shard's, skew / N). */
  readonly loadShare: number;
  /** Id of the stack group the shard is rendered in. */
  readonly stackGroup: string;
  /**
   * GEOGRAPHIC: the SSM parameter, in the shard's Region, that holds the shard's writer endpoint
   * (`<shardMapParameterName>/endpoints/<id>`), so an app in that Region reads it without a token
   * crossing Regions; absent with HASH and RANGE (the map holds every endpoint).
   */
  readonly endpointParameterName?: string;
  /** The shard's database, sized for its share. */
  readonly database: ReplicatedDatabasePlan;
}

/** Shards rendered together in one CloudFormation stack (Terraform ignores the grouping). */
export interface ShardStackGroupPlan {
  /** Stable id of the group (its nested stack's construct id). */
  readonly id: string;
  /** The Region of the group's shards; absent: the parent stack's Region (a nested stack). */
  readonly region?: string;
  readonly shardIds: string[];
  /** Estimated CloudFormation resources of the group's shards. */
  readonly estimatedResources: number;
}

/** The resolved total load. */
export interface ShardedDatabaseLoadPlan {
  readonly readsPerSecond: number;
  readonly writesPerSecond: number;
  readonly storageGiB: number;
  /** HASH: the hottest shard carries total / N x skewFactor; 1 for RANGE and GEOGRAPHIC. */
  readonly skewFactor: number;
}

/** The resolved ShardedDatabase: every default explicit. Backends render exactly this. */
export interface ShardedDatabasePlan extends BlockPlanBase {
  readonly strategy: ShardingStrategy;
  readonly shards: ShardPlan[];
  /** The versioned shard map, built and validated by the runtime router's ShardMaps. */
  readonly shardMap: ShardMap;
  /** SSM parameter name the map (with writer endpoints filled in) is published under, and a stack output. */
  readonly shardMapParameterName: string;
  /** Regions the parameter is also published in (GEOGRAPHIC: every shard Region), besides the stack's. */
  readonly shardMapParameterRegions: string[];
  /** SSM parameter tier: Intelligent-Tiering moves a map past the Standard size to Advanced by itself. */
  readonly shardMapParameterTier: string;
  /** Size of the map's JSON without endpoints, in bytes. */
  readonly shardMapBytes: number;
  /** How the shards group into stacks so that none passes the CloudFormation resource quota. */
  readonly stackGroups: ShardStackGroupPlan[];
  readonly load: ShardedDatabaseLoadPlan;
}

// =============================================================================================
// Constants
// =============================================================================================

/** Fewest and most shards of a HASH map. */
export const MIN_HASH_SHARDS = 2;
export const MAX_HASH_SHARDS = 64;

/**
 * Default skew of a HASH map. At 128 virtual nodes per shard a shard's share of the keys
 * deviates from 1/N by about 1/sqrt(128), 9 % (router docs); 1.25 covers about 2.7 of those
 * deviations, or mild popularity skew on top of one. Hot keys need a measured factor.
 * The figure, its reasoning and sources are catalog.ASSUMED.hashSkewFactor.
 */
export const DEFAULT_SKEW_FACTOR = catalog.ASSUMED.hashSkewFactor.value;

/**
 * The largest class the HASH defaults grow a shard to before they add shards.
 *
 * With neither `shardCount` nor `shardDefaults.instanceClass` given, the plan takes the fewest
 * shards whose hottest shard fits on some db.r7g size up to this one, then lets each shard take
 * the smallest size that carries its share (ReplicatedDatabase's own default). Fewer, bigger
 * shards first, because each shard has fixed costs that a bigger class does not: a cluster and
 * its failover reader, a secret and its rotation function, about 20 CloudFormation resources,
 * 2+ of the 40 DB instances per Region, and one more place for a cross-shard query to wait on;
 * the model's capacity grows with vCPUs, so two 2xlarge shards carry what one 4xlarge does.
 * Not beyond 4xlarge (16 vCPU, 128 GiB): past it one shard holds too much of the data to lose
 * or restore at once, the linear per-vCPU capacity is a less safe assumption (one writer's WAL
 * or redo log, lock contention), and a hot shard keeps room to grow to 8xlarge..16xlarge in
 * place, without moving keys.
 */
export const DEFAULT_MAX_SHARD_CLASS = 'db.r7g.4xlarge';

/** Default Region of the three built-in geographies. */
export const DEFAULT_GEO_REGIONS: { [geo: string]: string } = {
  US: 'us-east-1',
  EU: 'eu-west-1',
  ASIA: 'ap-southeast-1',
};

/**
 * CloudFormation resources one shard adds besides its DB instances, log groups and
 * security-group rules, as the CDK backend renders it (an estimate): DB subnet group, security
 * group, parameter group, Aurora cluster and cluster parameter group, secret, secret
 * attachment, rotation schedule, the hosted rotation's function, role, policy, permission and
 * security group, the Enhanced Monitoring role, the KMS-free defaults of the rest, and a margin.
 */
export const SHARD_BASE_RESOURCES_ESTIMATE = 16;
/** Resources per DB instance (the instance). */
export const RESOURCES_PER_DB_INSTANCE_ESTIMATE = 1;
/** Resources of reader auto scaling (scalable target, scaling policy). */
export const RESOURCES_PER_READER_AUTO_SCALING_ESTIMATE = 2;
/**
 * The most a shard is expected to take, used to group HASH shards: 16 base + 16 instances + 2
 * auto scaling + 6 log groups + 10 security-group rules.
 */
export const SHARD_MAX_RESOURCES_ESTIMATE = 50;
/** Share of the resources-per-stack quota a group may fill, leaving room for escape hatches and the estimate's error. */
export const STACK_FILL_FRACTION = 0.8;

/**
 * Characters counted for each writer endpoint when the published map is checked against the SSM
 * parameter size. The backend fills in every shard's writer endpoint, a DNS name; RFC 1035 caps a
 * DNS name at 255 octets (253 characters as text), so no endpoint is longer than this, whatever
 * the cluster identifier and Region. Real RDS cluster endpoints are shorter (an identifier of at
 * most 63 characters, `.cluster-`, a 12-character suffix, the Region and `.rds.amazonaws.com`:
 * about 120 at most), so the check errs on the safe side by flagging a map somewhat early. The
 * endpoint is unknown at plan time (a token until deployment), hence the bound.
 */
export const SHARD_ENDPOINT_MAX_CHARS = 255;

/** The SSM parameter tier a plan publishes the map with: Intelligent-Tiering moves it to Advanced when it needs to. */
export const SHARD_MAP_PARAMETER_TIER = 'Intelligent-Tiering';

/** HASH shards per stack: floor(500 x 0.8 / 50) = 8 with the catalog's quota. */
export function hashShardsPerStack(): number {
  return Math.max(1, Math.floor((catalog.QUOTAS.cloudFormation.resourcesPerStack.value * STACK_FILL_FRACTION) / SHARD_MAX_RESOURCES_ESTIMATE));
}

/** Estimated CloudFormation resources of one shard. */
export function estimateShardResources(db: ReplicatedDatabasePlan): number {
  const instances = 1 + (db.readerAutoScaling ? db.readerAutoScaling.maxReaders : db.readers);
  return SHARD_BASE_RESOURCES_ESTIMATE
    + instances * RESOURCES_PER_DB_INSTANCE_ESTIMATE
    + (db.readerAutoScaling ? RESOURCES_PER_READER_AUTO_SCALING_ESTIMATE : 0)
    + db.monitoring.cloudwatchLogsExports.length
    + db.allowedClients.length + db.allowedCidrs.length;
}

const SHARD_ONLY_PROPS = ['id', 'rangeStart', 'geos', 'region', 'loadShare'];
const FORBIDDEN_IN_SHARD = ['name', 'load', 'sizing'];
const PASS_THROUGH_LOAD = ['connections', 'tasks', 'poolSize', 'adminConnections', 'readsPerSecondPerVcpu', 'writesPerSecondPerVcpu'] as const;

/** A DNS-label slug of a key: lower case, other characters as hyphens. */
function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50).replace(/-+$/g, '');
}

/** The hottest shard's share of a HASH map of `n` shards. */
export function hashShare(n: number, skewFactor: number): number {
  return Math.min(1, skewFactor / Math.max(1, n));
}

/**
 * The fewest HASH shards (searching from `from`) for which `ok(share)` holds, `share` being the
 * hottest shard's share; undefined when none up to the router's 1,024.
 */
export function hashShardsNeeded(from: number, skewFactor: number, ok: (share: number) => boolean): number | undefined {
  return smallestPassing(Math.max(1, from), (n) => ok(hashShare(n, skewFactor)), 1024);
}

// =============================================================================================
// planShardedDatabase
// =============================================================================================

interface ShardSpec {
  readonly index: number;
  readonly id: string;
  readonly given: Record<string, unknown>;
  readonly rangeStart?: string;
  readonly geos?: string[];
  readonly region?: string;
  readonly loadShare?: number;
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
  const hash = strategy === ShardingStrategy.HASH;
  const sizing = resolveSizingPolicy(rules, assumed, o.sizing);

  // --- shard defaults -------------------------------------------------------------------------
  rules.check('shardDefaults', o.shardDefaults, o.shardDefaults === undefined || isPlainObject(o.shardDefaults), 'an object of ReplicatedDatabaseOptions');
  const defaults: Record<string, unknown> = isPlainObject(o.shardDefaults) ? o.shardDefaults : {};
  for (const k of FORBIDDEN_IN_SHARD) {
    rules.check(`shardDefaults.${k}`, defaults[k], defaults[k] === undefined, forbiddenReason(k));
  }
  for (const k of SHARD_ONLY_PROPS) {
    rules.check(`shardDefaults.${k}`, defaults[k], defaults[k] === undefined, `unset: ${k} is set per shard, in shards[i]`);
  }

  // --- load -----------------------------------------------------------------------------------
  rules.check('load', o.load, o.load === undefined || isPlainObject(o.load), 'an object of ShardedDatabaseLoadOptions');
  const l: ShardedDatabaseLoadOptions = isPlainObject(o.load) ? o.load : {};
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

  // --- shards ---------------------------------------------------------------------------------
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
  const safePolicy = safeSizingPolicy(sizing);

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

  // --- shares ---------------------------------------------------------------------------------
  const shares = resolveShares(rules, assumed, specs, strategy, skewFactor);

  // --- shard map, through the router ----------------------------------------------------------
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

  // --- shards' databases ----------------------------------------------------------------------
  const shardIssues: ValidationIssue[] = [];
  const planned: { spec: ShardSpec; db: ReplicatedDatabasePlan; share: number }[] = [];
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
        { path: `${path}/${spec.id}`, specPrefix: '' });
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

  // --- publication ----------------------------------------------------------------------------
  const parameterName = o.shardMapParameterName ?? `/scaleblocks/${nameStr}/shard-map`;
  rules.matches('shardMapParameterName', parameterName, /^(\/[A-Za-z0-9_.-]+)+$/,
    'an SSM parameter path such as /scaleblocks/orders/shard-map (segments of letters, digits, _ . -)');
  rules.check('shardMapParameterName', parameterName, typeof parameterName !== 'string' || !/^\/(aws|ssm)/i.test(parameterName),
    'a path not starting with /aws or /ssm (reserved by AWS)');

  rules.throwIfInvalid();

  // --- assumptions of the shards, named where the user would set them -------------------------
  const remapped = remapShardAssumptions(prefix, planned.map((p) => ({ index: p.spec.index, db: p.db })));
  assumed.addAll(dedupe(remapped.flatMap((r) => r)).filter((a) => !assumed.list.some((b) => b.prop === a.prop)));

  // --- stack groups ---------------------------------------------------------------------------
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
  const map = shardMap!;
  const regions = strategy === ShardingStrategy.GEOGRAPHIC
    ? [...new Set(shards.map((s) => s.region).filter((r): r is string => r !== undefined))] : [];

  return {
    kind: BlockKind.SHARDED_DATABASE,
    planVersion: PLAN_FORMAT_VERSION,
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
    shardMapBytes: utf8Length(JSON.stringify(map)),
    stackGroups,
    load: { readsPerSecond, writesPerSecond, storageGiB, skewFactor },
  };
}

/**
 * Bytes of the map's JSON once every shard's writer endpoint is filled in, each counted at
 * {@link SHARD_ENDPOINT_MAX_CHARS} characters; with `shardCount`, of the map's first that many
 * shards (a HASH map of that many shards, as shard ids do not change when shards are added).
 */
export function shardMapBytesWithEndpoints(map: ShardMap, shardCount: number = map.shards.length): number {
  const endpoint = 'x'.repeat(SHARD_ENDPOINT_MAX_CHARS);
  return utf8Length(JSON.stringify({ ...map, shards: map.shards.slice(0, shardCount).map((s) => ({ ...s, endpoint })) }));
}

/**
 * The SSM parameter value limit of a tier: Standard 4,096; Advanced, and Intelligent-Tiering
 * (which moves a parameter to Advanced when its value needs it), 8,192.
 */
export function shardMapParameterLimit(tier: string): { value: number; source: string; label: string } {
  const ssm = catalog.QUOTAS.ssm;
  return tier === 'Standard'
    ? { value: ssm.standardParameterValueMaxBytes.value, source: 'catalog.QUOTAS.ssm.standardParameterValueMaxBytes', label: 'Standard tier' }
    : {
      value: ssm.advancedParameterValueMaxBytes.value,
      source: 'catalog.QUOTAS.ssm.advancedParameterValueMaxBytes',
      label: tier === 'Advanced' ? 'Advanced tier' : `Advanced tier, through ${tier}`,
    };
}

/** Bytes of the UTF-8 encoding of `s`. */
function utf8Length(s: string): number {
  let bytes = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
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
    probe = planReplicatedDatabase({ ...(ctx.defaults as ReplicatedDatabaseOptions), name: 'probe', load, sizing: undefined }, { specPrefix: '' });
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

// =============================================================================================
// Sizing
// =============================================================================================

/** What the sizing reads of one deployed shard. */
export interface ShardTopology {
  readonly id: string;
  /** The shard's Region; absent: the stack's. */
  readonly region?: string;
  readonly database: ReplicatedDatabaseTopology;
}

/** What the sizing reads of a deployed ShardedDatabase: taken from the plan, or from synthesized templates. */
export interface ShardedDatabaseTopology {
  readonly shards: ShardTopology[];
}

/** The demand on a ShardedDatabase, in total; each field defaults to the plan's load. */
export interface ShardedDatabaseDemand {
  /**
   * Reads/s over all shards.
   *
   * @default - the plan's load.readsPerSecond
   */
  readonly readsPerSecond?: number;
  /**
   * Writes/s over all shards.
   *
   * @default - the plan's load.writesPerSecond
   */
  readonly writesPerSecond?: number;
  /**
   * Client connections each shard's writer accepts.
   *
   * @default - each shard's load.connections
   */
  readonly connections?: number;
  /**
   * Data held over all shards, in GiB.
   *
   * @default - the plan's load.storageGiB
   */
  readonly storageGiB?: number;
  /**
   * Reads/s that reach the shards only when an AZ is lost, in total.
   *
   * @default 0
   */
  readonly extraReadsPerSecondOnAzLoss?: number;
}

/** The topology a plan intends to deploy. */
export function shardedDatabaseTopologyOf(plan: ShardedDatabasePlan): ShardedDatabaseTopology {
  return { shards: plan.shards.map((s) => ({ id: s.id, region: s.region, database: replicatedDatabaseTopologyOf(s.database) })) };
}

/**
 * Sizes a ShardedDatabase: each shard as a ReplicatedDatabase carrying its share (HASH: the
 * hottest shard's, total / N x skew, for every shard), with a shard-count fix on HASH writer and
 * storage rows; then the per-Region DB instance and Aurora cluster quotas summed over the shards,
 * and the CloudFormation resources of each stack group.
 *
 * @param demand the total reads, writes and connections (the chain's, in a system)
 */
export function sizeShardedDatabase(plan: ShardedDatabasePlan, demand: ShardedDatabaseDemand = {},
  topology: ShardedDatabaseTopology = shardedDatabaseTopologyOf(plan)): SizingRow[] {
  const reads = demand.readsPerSecond ?? plan.load.readsPerSecond;
  const writes = demand.writesPerSecond ?? plan.load.writesPerSecond;
  const storage = demand.storageGiB ?? plan.load.storageGiB;
  const extra = demand.extraReadsPerSecondOnAzLoss ?? 0;
  const hash = plan.strategy === ShardingStrategy.HASH;
  const n = topology.shards.length;
  const rows: SizingRow[] = [];
  const base = { block: plan.path, blockKind: plan.kind, assumed: plan.assumed };

  for (const t of topology.shards) {
    const shard = plan.shards.find((s) => s.id === t.id);
    if (!shard) continue;
    const share = hash ? hashShare(n, plan.load.skewFactor) : shard.loadShare;
    const db = shard.database;
    const shardRows = sizeReplicatedDatabase(db, {
      readsPerSecond: reads * share,
      writesPerSecond: writes * share,
      storageGiB: storage * share,
      connections: demand.connections,
      extraReadsPerSecondOnAzLoss: extra * share,
    }, t.database).filter((r) => r.resource !== DB_INSTANCES_PER_REGION_RESOURCE);
    for (const r of shardRows) {
      if (hash && r.verdict !== Verdict.PASS && (r.resource === 'writer' || r.resource === 'storage')) {
        rows.push({ ...r, fix: shardCountFix(plan, db, t.database, r, { writes, storage, n }) });
      } else {
        rows.push(r);
      }
    }
  }

  // Quotas per Region, over every shard.
  const byRegion = new Map<string, { instances: number; clusters: number }>();
  for (const t of topology.shards) {
    const key = t.region ?? '';
    const cur = byRegion.get(key) ?? { instances: 0, clusters: 0 };
    const readers = Math.max(t.database.readerAzs.length, t.database.maxReaders);
    byRegion.set(key, { instances: cur.instances + 1 + readers, clusters: cur.clusters + (t.database.aurora ? 1 : 0) });
  }
  for (const [region, c] of byRegion) {
    const where = region === '' ? 'the stack Region' : region;
    rows.push(checkLimit({ ...base, resource: `${DB_INSTANCES_PER_REGION_RESOURCE} (${where})`, metric: 'DB instances', sources: ['catalog.QUOTAS.rds.dbInstancesPerRegion'] },
      c.instances, catalog.QUOTAS.rds.dbInstancesPerRegion.value, plan.sizing.warnMargin,
      'request a quota increase (Service Quotas: DB instances) before deploying, or run fewer readers per shard',
      `the default quota of DB instances in ${where} (writers and readers of every shard, counting auto-scaling maxima)`));
    if (c.clusters > 0) {
      rows.push(checkLimit({ ...base, resource: `DB clusters per Region (${where})`, metric: 'DB clusters', sources: ['catalog.QUOTAS.aurora.clustersPerRegion'] },
        c.clusters, catalog.QUOTAS.aurora.clustersPerRegion.value, plan.sizing.warnMargin,
        'request a quota increase (Service Quotas: DB clusters) before deploying', `the default quota of Aurora DB clusters in ${where}`));
    }
  }

  // CloudFormation resources per stack group.
  const quota = catalog.QUOTAS.cloudFormation.resourcesPerStack.value;
  for (const g of plan.stackGroups) {
    rows.push(checkLimit({ ...base, resource: `stack ${g.id}`, metric: 'resources', sources: ['catalog.QUOTAS.cloudFormation.resourcesPerStack'] },
      g.estimatedResources, quota, plan.sizing.warnMargin, 'fewer readers or allowed sources per shard (the group holds a fixed set of shards)',
      'the CloudFormation quota of resources per stack (estimated)'));
  }

  // The published shard map, with every writer endpoint filled in, against the parameter tier's value size.
  rows.push(shardMapRow(plan, base));
  return rows;
}

/**
 * The LIMIT row of the shard map's SSM parameter: the map's JSON with every writer endpoint at its
 * longest against the value limit of the plan's tier. The fix is exact: for HASH, the most shards
 * whose map passes (one more does not); otherwise the bytes to take out of the map.
 */
function shardMapRow(plan: ShardedDatabasePlan, base: { block: string; blockKind: string; assumed: AssumedInput[] }): SizingRow {
  const limit = shardMapParameterLimit(plan.shardMapParameterTier);
  const n = plan.shardMap.shards.length;
  const bytes = shardMapBytesWithEndpoints(plan.shardMap);
  const passes = (b: number): boolean => verdictFor(utilizationOf(b, limit.value), 1, plan.sizing.warnMargin) === Verdict.PASS;
  const outgrows = 'or publish the map outside a single SSM parameter (split over several, or an S3 object the apps read): '
    + 'at this size it outgrows one';
  let fix: string;
  if (plan.strategy === ShardingStrategy.HASH) {
    let most = 0;
    for (let k = n - 1; k >= 1 && most === 0; k--) if (passes(shardMapBytesWithEndpoints(plan.shardMap, k))) most = k;
    fix = most >= MIN_HASH_SHARDS
      ? `set shardCount <= ${fmt(most)} (${fmt(shardMapBytesWithEndpoints(plan.shardMap, most))} bytes with endpoints), ${outgrows}`
      : `no shard count of at least ${MIN_HASH_SHARDS} keeps the map within the limit: publish the map outside a single SSM parameter (split over several, or an S3 object the apps read)`;
  } else {
    const most = Math.floor(limit.value * plan.sizing.warnMargin * (1 + 1e-9));
    fix = `take >= ${fmt(bytes - most)} bytes out of the map (fewer shards, shorter shard ids, ranges or geography keys), ${outgrows}`;
  }
  return checkLimit({ ...base, resource: 'shard map parameter', metric: 'bytes', sources: [limit.source] },
    bytes, limit.value, plan.sizing.warnMargin, fix,
    `the SSM parameter value limit (${limit.label}; the ${fmt(n)} writer endpoints counted at ${SHARD_ENDPOINT_MAX_CHARS} characters each)`);
}

/** The HASH fix of a failing writer or storage row: the shard count that makes it pass, beside the class fix. */
function shardCountFix(plan: ShardedDatabasePlan, db: ReplicatedDatabasePlan, t: ReplicatedDatabaseTopology, r: SizingRow,
  i: { writes: number; storage: number; n: number }): string | undefined {
  const needed = shardsNeededFor(plan, db, t, r.resource === 'writer' ? 'writes' : 'storage', r.resource === 'writer' ? i.writes : i.storage, i.n);
  const other = r.fix ? `; or ${r.fix}` : '';
  if (needed === undefined) return `no shard count carries it${other}`;
  if (needed > MAX_HASH_SHARDS) return `needs >= ${fmt(needed)} shards, above the ${MAX_HASH_SHARDS} this block allows${other}`;
  return `needs >= ${fmt(needed)} shards (the hottest carries total / N x ${fmt(plan.load.skewFactor)}), has ${fmt(i.n)}${other}`;
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

/**
 * The fewest HASH shards for which a shard's writer (`writes`) or storage row passes with the
 * hottest shard's share of `total`; undefined when no count up to 1,024 does.
 */
export function shardsNeededFor(plan: ShardedDatabasePlan, db: ReplicatedDatabasePlan, t: ReplicatedDatabaseTopology,
  what: string, total: number, from: number): number | undefined {
  const p = plan.sizing;
  const spec = catalog.dbInstance(t.instanceClass, db.engineFamily);
  if (!spec) return undefined;
  const capacity = what === 'writes' ? db.load.writesPerSecondPerVcpu * spec.vcpu : db.storage.maxAllocatedGiB ?? db.storage.engineMaxGiB;
  const bound = what === 'writes' ? p.targetUtilization : 1;
  return hashShardsNeeded(from, plan.load.skewFactor, (share) => {
    const d = total * share;
    return verdictFor(d <= 0 ? 0 : d / capacity, bound, p.warnMargin) === Verdict.PASS;
  });
}

/** Notes the report shows for a plan. */
export function shardedDatabaseNotes(plan: ShardedDatabasePlan): string[] {
  const notes: string[] = [`${plan.path}: the shard map (version ${plan.shardMap.version}, ${plan.strategy}) is published to SSM ${plan.shardMapParameterName}`
    + (plan.shardMapParameterRegions.length > 0 ? ` in ${plan.shardMapParameterRegions.join(', ')}` : '')
    + '; apps route with ShardRouter.fromJson() on it'];
  if (plan.strategy === ShardingStrategy.HASH) {
    notes.push(`${plan.path}: every HASH shard is sized for the hottest shard's share, ${fmt(plan.load.skewFactor)} / ${plan.shards.length} of the load`);
  }
  if (plan.strategy === ShardingStrategy.GEOGRAPHIC && plan.shardMap.defaultShardId === undefined) {
    notes.push(`${plan.path}: no default shard: routing a geography key that no shard lists throws`);
  }
  if (plan.stackGroups.length > 1) {
    notes.push(`${plan.path}: the shards are rendered in ${plan.stackGroups.length} stacks (${plan.stackGroups.map((g) => g.id).join(', ')}) so none passes ${catalog.QUOTAS.cloudFormation.resourcesPerStack.value} resources`);
  }
  return notes;
}
