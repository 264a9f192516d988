import { BlockKind } from '../blocks/common';
import { renderValue, ValidationError } from '../errors';
import { isPlainObject } from '../validation';
import { DeclaredBlock } from './declared';
import { BlockResources, readApi, readCache, readCdn, readDatabase, readGateway, readWorkQueue } from './extract';
import { queueLinks, QueueTarget, queueTarget } from './links';
import { malformed, ParsedTemplate, parseTemplate, RawBlock, RawResource, SynthesizedTemplate } from './model';
import { resolveNestedParameters } from './nested';
import { Backend, DeployedBlock, DeployedShard, DeployedSystem, UnrecognisedResource, ValueSource } from './types';

/** CloudFormation resources the CDK adds to every stack: never part of a block, never worth reporting. */
const CDK_BOOKKEEPING = new Set(['AWS::CDK::Metadata']);

/**
 * Reads synthesized templates back: groups resources by block (construct paths, or the block's
 * resource list when a CloudFormation template has no paths), reads each block's topology from
 * resource properties, and links shards and gateway databases to their block.
 *
 * Blocks declared in a load file (`declared`) group the hand-written resources under their construct
 * paths the same way, in every template that holds some.
 *
 * @throws ValidationError when a template or a block's metadata is malformed, or a declared path holds no resource
 */
export function readTemplates(templates: SynthesizedTemplate[], declared: DeclaredBlock[] = []): DeployedSystem {
  if (!Array.isArray(templates)) malformed('readback', 'templates', templates, 'a list of synthesized templates');
  templates.forEach((t, i) => {
    if (!isPlainObject(t) || !Object.values(Backend).includes(t.backend as Backend) || typeof t.name !== 'string') {
      malformed('readback', `templates[${i}]`, t, `{ backend: ${Object.values(Backend).join(' | ')}, name: string, json: object }`);
    }
  });
  const names = new Set<string>();
  const named = templates.map((t) => {
    // Template names cite values: make them unique (two stacks may hold a file of the same name).
    let name = t.name;
    for (let i = 2; names.has(name); i++) name = `${t.name}#${i}`;
    names.add(name);
    return { ...t, name };
  });
  // Nested stacks: parameters take what the parent passes (resolved before the templates are parsed).
  const nested = resolveNestedParameters(named);
  const parsed = nested.templates.map(parseTemplate);
  const byName = new Map(parsed.map((t) => [t.name, t]));
  for (const i of nested.imports) {
    const r = byName.get(i.from)?.byId.get(i.id);
    const into = byName.get(i.into);
    if (r && into && !into.byId.has(i.id)) into.byId.set(i.id, r);
  }
  const notes: string[] = [...nested.notes];
  const blocks = [...parsed.flatMap((t) => t.blocks), ...declaredRawBlocks(parsed, declared)];

  // --- which block owns each resource: the innermost block whose path holds it -----------------
  const owned = new Map<RawBlock, RawResource[]>(blocks.map((b) => [b, []]));
  const unrecognised: UnrecognisedResource[] = [];
  for (const t of parsed) {
    if (t.backend === Backend.CLOUDFORMATION && !t.hasPaths && t.resources.length > 0) {
      const listed = t.blocks.every((b) => Array.isArray(b.metadata.resources));
      notes.push(`${t.name}: no aws:cdk:path metadata (synthesize with path metadata on, as \`cdk synth\` does by default)`
        + (listed ? '; resources grouped by the logical ids each block lists' : '; some blocks list no resources and read back empty'));
    }
    for (const r of t.resources) {
      if (CDK_BOOKKEEPING.has(r.type)) continue;
      const owner = ownerOf(r, t, blocks);
      if (owner) {owned.get(owner)!.push(r);} else {
        const where = { ...(r.path ? { path: r.path } : {}), ...(t.region ? { region: t.region } : {}) };
        unrecognised.push({ backend: r.backend, template: r.template, resource: r.id, type: r.type, ...where });
      }
    }
  }

  // --- each block's topology ------------------------------------------------------------------
  const deployed = new Map<RawBlock, DeployedBlock>();
  for (const b of blocks) deployed.set(b, readBlock(b, owned.get(b)!, byName));
  linkFleetsToQueues(blocks, deployed, owned, byName);
  for (const b of blocks) notes.push(...unknownAzNotes(deployed.get(b)!));

  // --- nesting: shards, gateway databases, blocks under another block's path ---------------------
  const result = new Map<RawBlock, DeployedBlock>();
  const parentOf = new Map<RawBlock, RawBlock>();
  for (const b of blocks) {
    const m = b.metadata;
    const claims: { planPath: string; planId: string }[] = [
      ...(m.shards ?? []),
      ...(m.services ?? []).filter((s) => s.databasePlanPath !== undefined)
        .map((s) => ({ planPath: s.databasePlanPath!, planId: s.databasePlanId! })),
    ];
    for (const c of claims) {
      const child = findByPlan(blocks, c.planPath, c.planId, b);
      if (child) parentOf.set(child, b);
    }
  }
  for (const b of blocks) {
    if (parentOf.has(b)) continue;
    const enclosing = blocks.filter((o) => o !== b && b.path.startsWith(`${o.path}/`) && sameApp(o, b))
      .sort((x, y) => y.path.length - x.path.length)[0];
    if (enclosing) parentOf.set(b, enclosing);
  }
  for (const b of blocks) {
    const d = deployed.get(b)!;
    const parent = parentOf.get(b);
    result.set(b, parent ? { ...d, parent: parent.path } : d);
  }
  for (const b of blocks) result.set(b, withChildren(b, result.get(b)!, blocks, parentOf, result));

  return { blocks: blocks.map((b) => result.get(b)!), unrecognised, notes };
}

/**
 * The WorkQueues each API fleet and gateway service may use, read from the IAM policies of its
 * task role (same app, same template).
 */
function linkFleetsToQueues(blocks: RawBlock[], deployed: Map<RawBlock, DeployedBlock>, owned: Map<RawBlock, RawResource[]>,
  byName: Map<string, ParsedTemplate>): void {
  const targets = blocks.map((b) => ({ raw: b, target: queueTarget(deployed.get(b)!, owned.get(b)!) }))
    .filter((x): x is { raw: RawBlock; target: QueueTarget } => x.target !== undefined);
  if (targets.length === 0) return;
  const templateOf = (b: RawBlock, serviceId: string | undefined): ParsedTemplate | undefined => {
    const r = owned.get(b)!.find((x) => x.id === serviceId);
    return r ? byName.get(r.template) : undefined;
  };
  for (const b of blocks) {
    const d = deployed.get(b)!;
    const mine = targets.filter((x) => sameApp(x.raw, b)).map((x) => x.target);
    if (mine.length === 0) continue;
    if (d.api) {
      const queues = queueLinks(d.api.fleet, templateOf(b, d.api.fleet.serviceId), mine);
      if (queues) deployed.set(b, { ...d, api: { ...d.api, queues } });
    } else if (d.gateway) {
      const services = d.gateway.services.map((s) => {
        const queues = queueLinks(s.fleet, templateOf(b, s.fleet?.serviceId), mine);
        return queues ? { ...s, queues } : s;
      });
      deployed.set(b, { ...d, gateway: { ...d.gateway, services } });
    }
  }
}

/**
 * Where the AZs of a block's subnets could not be read (a subnet given by id, imported, or passed
 * through an unresolved parameter): the note says which, and how the sizing counts them.
 */
function unknownAzNotes(d: DeployedBlock): string[] {
  const lists: [string, string[] | undefined][] = [
    ['API task subnets', d.api?.fleet.subnetAzs],
    ['worker task subnets', d.workQueue?.fleet?.subnetAzs],
    ...(d.gateway?.services ?? []).map((s): [string, string[] | undefined] => [`service ${s.name} task subnets`, s.fleet?.subnetAzs]),
    ['DB subnet group', d.database?.subnetGroupAzs],
    ['cache subnet group', d.cache?.subnetGroupAzs],
  ];
  const out: string[] = [];
  for (const [what, azs] of lists) {
    const unknown = (azs ?? []).filter((a) => a.startsWith('unknown:'));
    if (unknown.length === 0) continue;
    out.push(`${d.path}: the AZ of ${unknown.length} of the ${azs!.length} ${what} is not in the synthesized output `
      + `(${unknown.map((a) => a.slice('unknown:'.length)).join(', ')}: a subnet given by id, imported, or passed as a parameter); `
      + 'the sizing counts each such subnet as an AZ of its own');
  }
  return out;
}

/** Whether a construct path is `path` or lies under it. */
function under(resourcePath: string, path: string): boolean {
  return resourcePath === path || resourcePath.startsWith(`${path}/`);
}

/**
 * Blocks declared in a load file, as raw blocks: on CloudFormation one (construct paths are
 * app-wide), on Terraform one per stack that holds resources under the path.
 */
function declaredRawBlocks(parsed: ParsedTemplate[], declared: DeclaredBlock[]): RawBlock[] {
  const out: RawBlock[] = [];
  const missing: DeclaredBlock[] = [];
  for (const d of declared) {
    const holding = parsed.filter((t) => t.resources.some((r) => r.path !== undefined && under(r.path, d.path)));
    const cfn = holding.find((t) => t.backend === Backend.CLOUDFORMATION);
    const chosen = [...(cfn ? [cfn] : []), ...holding.filter((t) => t.backend === Backend.TERRAFORM)];
    if (chosen.length === 0) missing.push(d);
    for (const t of chosen) out.push({ path: d.path, metadata: d.metadata, template: t, declaredIn: d.declaredIn });
  }
  if (missing.length > 0) {
    const roots = [...new Set(parsed.flatMap((t) => t.resources.map((r) => r.path?.split('/').slice(0, 2).join('/'))))]
      .filter((p): p is string => p !== undefined).sort();
    throw new ValidationError(missing.map((d) => ({
      path: d.declaredIn,
      prop: d.path,
      value: renderValue(d.path),
      allowed: `a construct path that holds synthesized resources${roots.length > 0 ? ` (found under: ${roots.slice(0, 12).join(', ')}${roots.length > 12 ? ', ...' : ''})` : ''}`,
    })));
  }
  return out;
}

/** The innermost block of the same backend that holds a resource. */
function ownerOf(r: RawResource, t: ParsedTemplate, blocks: RawBlock[]): RawBlock | undefined {
  const candidates = blocks.filter((b) => b.template.backend === r.backend && (r.path !== undefined
    ? (r.path.startsWith(`${b.path}/`) || (b.declaredIn !== undefined && r.path === b.path)) && (r.backend === Backend.CLOUDFORMATION || b.template === t)
    : b.template === t && (b.metadata.resources ?? []).includes(r.id)));
  return candidates.sort((x, y) => y.path.length - x.path.length)[0];
}

/** Blocks of the same backend and, on Terraform, of the same stack (paths are per app on CloudFormation). */
function sameApp(a: RawBlock, b: RawBlock): boolean {
  return a.template.backend === b.template.backend && (a.template.backend === Backend.CLOUDFORMATION || a.template === b.template);
}

/** The block rendered from a plan (by plan path, preferring an equal plan id), in the same app. */
function findByPlan(blocks: RawBlock[], planPath: string, planId: string, parent: RawBlock): RawBlock | undefined {
  const same = blocks.filter((b) => b !== parent && b.metadata.planPath === planPath && sameApp(b, parent));
  return same.find((b) => b.metadata.planId === planId) ?? same[0];
}

function readBlock(b: RawBlock, resources: RawResource[], templates: Map<string, ParsedTemplate>): DeployedBlock {
  const m = b.metadata;
  const sources: { [field: string]: ValueSource } = {};
  const ctx: BlockResources = { resources, templates, sources };
  const base: DeployedBlock = {
    kind: m.kind,
    name: m.name,
    path: b.path,
    planPath: m.planPath,
    planId: m.planId,
    backend: b.template.backend,
    template: b.template.name,
    ...(b.template.region ? { region: b.template.region } : {}),
    load: m.load,
    sizing: m.sizing,
    assumed: m.assumed ?? [],
    ...(m.shards ? { declaredShards: m.shards } : {}),
    ...(m.services ? { declaredServices: m.services } : {}),
    ...(m.accountThrottle ? { accountThrottle: m.accountThrottle } : {}),
    ...(isPlainObject(m.plan) ? { plan: m.plan } : {}),
    inputs: m.inputs ?? {},
    sources,
    resourceCount: resources.length,
    resourceTypes: countTypes(resources),
    ...(b.declaredIn !== undefined ? { declaredIn: b.declaredIn } : {}),
  };
  switch (m.kind) {
    case BlockKind.LOAD_BALANCED_API: return { ...base, api: readApi(ctx) };
    case BlockKind.REPLICATED_DATABASE: return { ...base, database: readDatabase(ctx) };
    case BlockKind.TIERED_CACHE: return { ...base, cache: readCache(ctx) };
    case BlockKind.WORK_QUEUE: return { ...base, workQueue: readWorkQueue(ctx) };
    case BlockKind.GLOBAL_CDN: return { ...base, cdn: readCdn(ctx) };
    case BlockKind.MICROSERVICE_GATEWAY: return { ...base, gateway: readGateway(ctx, b.path) };
    case BlockKind.SHARDED_DATABASE: return { ...base, shardedDatabase: { shards: [] } };
    default: return base;
  }
}

/** Fills a parent's shards or services' databases from its child blocks. */
function withChildren(b: RawBlock, d: DeployedBlock, blocks: RawBlock[], parentOf: Map<RawBlock, RawBlock>,
  result: Map<RawBlock, DeployedBlock>): DeployedBlock {
  const children = blocks.filter((c) => parentOf.get(c) === b);
  if (d.kind === BlockKind.SHARDED_DATABASE) {
    const shards: DeployedShard[] = (b.metadata.shards ?? []).map((s) => {
      const child = children.find((c) => c.metadata.planPath === s.planPath && c.metadata.planId === s.planId)
        ?? children.find((c) => c.metadata.planPath === s.planPath);
      const cd = child ? result.get(child) : undefined;
      return { id: s.id, ...(s.region ? { region: s.region } : {}), ...(cd ? { path: cd.path, database: cd.database } : {}) };
    });
    return { ...d, shardedDatabase: { shards } };
  }
  if (d.kind === BlockKind.MICROSERVICE_GATEWAY && d.gateway) {
    const services = d.gateway.services.map((s) => {
      const declared = (b.metadata.services ?? []).find((x) => x.name === s.name);
      const child = declared?.databasePlanPath ? children.find((c) => c.metadata.planPath === declared.databasePlanPath) : undefined;
      const cd = child ? result.get(child) : undefined;
      return cd?.database ? { ...s, database: cd.database } : s;
    });
    return { ...d, gateway: { ...d.gateway, services } };
  }
  return d;
}

/** Resource types and how many of each, sorted by type. */
function countTypes(resources: RawResource[]): { [type: string]: number } {
  const out: { [type: string]: number } = {};
  for (const r of [...resources].sort((a, b) => a.type.localeCompare(b.type))) out[r.type] = (out[r.type] ?? 0) + 1;
  return out;
}
