import { BlockKind, BlockPlanBase, NAME_PATTERN } from '../blocks/common';
import { planLoadBalancedApi } from '../blocks/load-balanced-api';
import { planReplicatedDatabase } from '../blocks/replicated-database';
import { planTieredCache } from '../blocks/tiered-cache';
import { planWorkQueue } from '../blocks/work-queue';
import { renderValue, ValidationError, ValidationIssue } from '../errors';
import { schemaProblems } from '../schema-check';
import { resolveDeclaredQuotas, resolveDeclaredRegion } from '../spec/quotas';
import { isPlainObject, Rules } from '../validation';
import { blockMetadataOf, BlockMetadata } from './metadata';
import { DeployedSystem } from './types';

/*
 * Resources a user wrote by hand (aws-cdk-lib or @cdktf/provider-aws, no scaleblocks block), sized
 * as if a block had rendered them: a load file names a construct path, the block kind its
 * resources form and the load they carry. Every resource under that path is read back like the
 * block's own resources; what no resource shows (e.g. requests/s per task) takes the block's
 * default, listed as assumed.
 */

/** The block kinds a load file may name: those whose resources the read-back recognises on their own. */
export const DECLARABLE_KINDS: readonly BlockKind[] = [
  BlockKind.LOAD_BALANCED_API, BlockKind.REPLICATED_DATABASE, BlockKind.TIERED_CACHE, BlockKind.WORK_QUEUE,
];

/** One construct path of a load file, planned as its block kind with its declared load. */
export interface DeclaredBlock {
  /** The construct path whose resources form the block (`MyStack/Api`). */
  readonly path: string;
  readonly kind: BlockKind;
  /** The metadata a block of that kind, with these options, would have written. */
  readonly metadata: BlockMetadata;
  /** Where the declaration came from (the load file), for the report. */
  readonly declaredIn: string;
}

/** Assumed inputs of a declared block that stay assumed: the load and the sizing bounds, which no resource shows. */
const DECLARED_ASSUMPTION = /(^|\.)(load|sizing)\./;

type Planner = (options: object, context: { path: string; specPrefix: string }) => BlockPlanBase;

const PLANNERS: { [kind: string]: Planner } = {
  // A declared API is the user's own load balancer, sized from its fleet: its listener is not this
  // plan's to choose, so the plan takes it as it is (plain HTTP unless a certificate is declared)
  // rather than refusing it as an option set would.
  [BlockKind.LOAD_BALANCED_API]: (o, c) => planLoadBalancedApi(declaredListener(o), c),
  [BlockKind.REPLICATED_DATABASE]: (o, c) => planReplicatedDatabase(o, c),
  [BlockKind.TIERED_CACHE]: (o, c) => planTieredCache(o, c),
  [BlockKind.WORK_QUEUE]: (o, c) => planWorkQueue(o, c),
};

/** The top-level keys of a load file that are not construct paths: the account's Region and raised quotas. */
export const LOAD_FILE_ACCOUNT_KEYS: readonly string[] = ['region', 'quotas'];

/** What a load file declares: hand-written blocks, and the account's Region and raised quotas. */
export interface LoadFile {
  /** The construct paths it sizes as blocks (none when it declares the account only). */
  readonly blocks: DeclaredBlock[];
  /**
   * The Region the app deploys to (`region:`), as a spec declares it.
   *
   * @default - the Region the app's stacks name, if any
   */
  readonly region?: string;
  /** The quotas the account has had raised in that Region (`quotas:`, catalog path -> value), as a spec declares them; empty when none. */
  readonly quotas: { [path: string]: number };
}

/**
 * The account a synth-time sizing validator checks the shared quotas of: the Region and the quotas
 * the account has had raised there, as a spec or a load file declares them.
 */
export interface DeclaredAccount {
  /**
   * The Region the raised quotas apply in.
   *
   * @default - the one Region the app's stacks name (their env), if any
   */
  readonly region?: string;
  /**
   * Quotas the account has had raised, by catalog path (one of catalog.DECLARABLE_QUOTAS), e.g.
   * `{ 'fargate.onDemandVcpuPerRegion': 400 }`.
   *
   * @default - none: the catalog's defaults
   */
  readonly quotas?: { [path: string]: number };
}

/**
 * A declared account, checked with a spec's rules (the Region's pattern, the declarable quotas and
 * their values); `declaredIn` names where it was given (a validator's props).
 *
 * @throws ValidationError listing every problem
 */
export function readDeclaredAccount(given: unknown, declaredIn: string): LoadFile {
  const rules = new Rules(declaredIn);
  if (!rules.check('account', given, isPlainObject(given), 'an object of DeclaredAccount: { region?, quotas? }')) throw new ValidationError(rules.issues);
  const { region: givenRegion, quotas: givenQuotas, ...rest } = given as { [key: string]: unknown };
  for (const key of Object.keys(rest)) rules.check(`account.${key}`, rest[key], false, 'a key of DeclaredAccount: region or quotas');
  const region = resolveDeclaredRegion(rules, givenRegion);
  const quotas = resolveDeclaredQuotas(rules, givenQuotas);
  if (rules.issues.length > 0) throw new ValidationError(rules.issues);
  return { blocks: [], quotas, ...(region !== undefined ? { region } : {}) };
}

/**
 * Reads a load file: the construct paths it declares as blocks (see declaredBlocks) and, at its top
 * level, the account keys a spec has: `region:` (an AWS Region name) and `quotas:` (raised quotas
 * by catalog path, one of catalog.DECLARABLE_QUOTAS), with exactly a spec's validation. `region`
 * and `quotas` are therefore not construct paths. A file may declare the account only.
 *
 * @throws ValidationError listing every problem (bad Region, unknown quota, bad value, bad entries, an empty file)
 */
export function readLoadFile(data: unknown, declaredIn: string): LoadFile {
  if (!isPlainObject(data) || Object.keys(data).length === 0) throw emptyLoadFile(data, declaredIn);
  const { region: givenRegion, quotas: givenQuotas, ...paths } = data as { [key: string]: unknown };
  const rules = new Rules(declaredIn);
  const region = resolveDeclaredRegion(rules, givenRegion);
  const quotas = resolveDeclaredQuotas(rules, givenQuotas);
  const issues: ValidationIssue[] = [...rules.issues];
  let blocks: DeclaredBlock[] = [];
  if (Object.keys(paths).length > 0) {
    try {
      blocks = declaredBlocks(paths, declaredIn);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      issues.push(...e.issues);
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return { blocks, quotas, ...(region !== undefined ? { region } : {}) };
}

function emptyLoadFile(data: unknown, declaredIn: string): ValidationError {
  return new ValidationError([{
    path: declaredIn,
    prop: '(load file)',
    value: renderValue(data),
    allowed: `a map of construct path -> { kind: ${DECLARABLE_KINDS.join(', ')}, load: {...} }, `
      + 'and/or the account\'s region: and quotas: as a spec declares them, with at least one entry',
  }]);
}

/**
 * The blocks a load file declares: `{ "<construct path>": { kind: <BlockKind>, load: {...}, ... } }`,
 * every key besides `kind` being the block's options as its construct takes them (`load`,
 * `sizing`, and the options that say what no resource shows, e.g. a TieredCache's
 * `application.readFromReplica`). The block's name defaults to the path's last segment.
 *
 * @throws ValidationError listing every problem of every entry (unknown kind, bad options, an empty file)
 */
export function declaredBlocks(data: unknown, declaredIn: string): DeclaredBlock[] {
  const allowedKinds = DECLARABLE_KINDS.join(', ');
  if (!isPlainObject(data) || Object.keys(data).length === 0) {
    throw new ValidationError([{
      path: declaredIn,
      prop: '(load file)',
      value: renderValue(data),
      allowed: `a map of construct path -> { kind: ${allowedKinds}, load: {...} }, with at least one entry`,
    }]);
  }
  const issues: ValidationIssue[] = [];
  const out: DeclaredBlock[] = [];
  for (const [path, entry] of Object.entries(data)) {
    const bad = (prop: string, value: unknown, allowed: string): void => {
      issues.push({ path: `${declaredIn}: ${path}`, prop, value: renderValue(value), allowed });
    };
    if (path.trim() === '' || path.startsWith('/') || path.endsWith('/')) bad('(construct path)', path, 'a construct path such as MyStack/Api (no leading or trailing /)');
    if (!isPlainObject(entry)) {
      bad('(entry)', entry, `{ kind: ${allowedKinds}, load: {...} }`);
      continue;
    }
    const { kind, ...options } = entry as { kind?: unknown; [key: string]: unknown };
    if (typeof kind !== 'string' || !DECLARABLE_KINDS.includes(kind as BlockKind)) {
      bad('kind', kind, `one of ${allowedKinds} (ShardedDatabase, GlobalCdn and MicroserviceGateway need the metadata only their constructs write)`);
      continue;
    }
    // The strictness of a spec file: unknown keys and wrong types are named with the allowed ones.
    const problems = schemaProblems(`system-spec.schema.json#${kind}Options`, options);
    for (const p of problems) bad(p.path, p.value, p.allowed);
    if (problems.length > 0) continue;
    const named = options.name === undefined ? { ...options, name: nameOf(path, kind as BlockKind) } : options;
    try {
      const planned = PLANNERS[kind](named, { path, specPrefix: path });
      // What the block would have chosen (task size, counts, classes) is read from the resources:
      // only the declared load and bounds it assumed stay assumed.
      const plan = { ...planned, assumed: planned.assumed.filter((a) => DECLARED_ASSUMPTION.test(a.prop)) };
      out.push({ path, kind: kind as BlockKind, metadata: blockMetadataOf(plan), declaredIn });
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      issues.push(...e.issues.map((i) => ({ ...i, path: `${declaredIn}: ${i.path}` })));
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return out;
}

/** A block name from a construct path's last segment: lower case, DNS-safe; the kind's when nothing is left. */
function nameOf(path: string, kind: BlockKind): string {
  const last = path.split('/').filter((s) => s !== '').pop() ?? '';
  const name = last.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '').slice(0, 32).replace(/-+$/, '');
  return NAME_PATTERN.test(name) ? name : kind.replace(/[A-Z]/g, (c, i) => `${i === 0 ? '' : '-'}${c.toLowerCase()}`);
}

/** A declared API's options with `allowPlainHttp` when it declares neither a certificate nor an internal load balancer. */
function declaredListener(options: { certificateArn?: unknown; internetFacing?: unknown; allowPlainHttp?: unknown }): object {
  const plain = options.certificateArn === undefined && options.internetFacing !== false && options.allowPlainHttp === undefined;
  return plain ? { ...options, allowPlainHttp: true } : options;
}

/**
 * The Region an app's quota rows read, where its declared quotas apply: the load file's `region:`
 * when it declares one, else the one Region its stacks name (their env, read back), else none (the
 * rows say the Region is unknown). Stacks in other Regions (a us-east-1 edge stack beside the app's)
 * keep their own Region at its defaults. A declared Region that none of the stacks naming a Region
 * deploys to is an error naming both; so are raised quotas without `region:` when the stacks name
 * several Regions (a quota is raised in one Region: the file must say which).
 *
 * @throws ValidationError on a mismatch or an ambiguous Region
 */
export function appRegion(system: DeployedSystem, file: LoadFile | undefined, declaredIn = '(load file)'): string | undefined {
  const stacks = new Map<string, Set<string>>();
  for (const r of [...system.blocks, ...system.unrecognised]) {
    if (r.region === undefined) continue;
    const templates = stacks.get(r.region) ?? new Set<string>();
    templates.add(r.template);
    stacks.set(r.region, templates);
  }
  const regions = [...stacks.keys()].sort();
  const named = regions.map((region) => `${region} (the env of ${[...stacks.get(region)!].sort().join(', ')})`).join(' and ');
  const declared = file?.region;
  if (declared !== undefined) {
    if (regions.length > 0 && !regions.includes(declared)) {
      throw new ValidationError([{
        path: declaredIn,
        prop: 'region',
        value: renderValue(declared),
        allowed: `a Region the app's stacks deploy to: they name ${named}; declare ${regions.length === 1 ? 'that Region' : 'one of them'}, `
          + `or leave region: out${regions.length === 1 ? ' to use it' : ''}`,
      }]);
    }
    return declared;
  }
  if (regions.length === 1) return regions[0];
  if (regions.length > 1 && Object.keys(file?.quotas ?? {}).length > 0) {
    throw new ValidationError([{
      path: declaredIn,
      prop: 'region',
      value: renderValue(undefined),
      allowed: `the Region the raised quotas apply in: the app's stacks deploy to ${named}, and a quota is raised in one Region; `
        + `declare region: ${regions.join(' or ')} (the other Regions keep their defaults)`,
    }]);
  }
  return undefined;
}
