import { renderValue, ValidationError } from '../errors';
import { isPlainObject } from '../validation';
import { BLOCK_METADATA_VERSION, BlockMetadata, CFN_BLOCKS_METADATA_KEY, TF_METADATA_KEY } from './metadata';
import { Backend, ValueSource } from './types';

/*
 * A neutral view of one synthesized template: its resources (type, construct path, properties and
 * the resources they reference) and the block metadata written into it.
 */

/** A CloudFormation template or a cdk.tf.json, in memory, with a name to cite it by. */
export interface SynthesizedTemplate {
  readonly backend: Backend;
  /** Name to cite (file name or stack name). */
  readonly name: string;
  /** The parsed JSON. */
  readonly json: unknown;
  /** Region of the stack, when known (CloudFormation: the stack artifact's environment). */
  readonly region?: string;
  /**
   * CloudFormation nested template: the object key of its asset (`<hash>.json`), which the
   * parent's `AWS::CloudFormation::Stack` names in its `TemplateURL`; it links the two so that the
   * nested stack's parameters are read from what the parent passes.
   */
  readonly assetKey?: string;
}

/** One resource of a template. */
export interface RawResource {
  readonly backend: Backend;
  readonly template: string;
  /** Logical id, or Terraform address (`aws_x.Name`, `data.aws_x.Name`). */
  readonly id: string;
  /** CloudFormation type or Terraform resource type. */
  readonly type: string;
  /** Construct path, when written. */
  readonly path?: string;
  /** Properties (CloudFormation `Properties`) or attributes (Terraform). */
  readonly props: { [key: string]: unknown };
  /** Data source (Terraform `data`). */
  readonly data: boolean;
}

/** One block entry found in a template. */
export interface RawBlock {
  readonly path: string;
  readonly metadata: BlockMetadata;
  readonly template: ParsedTemplate;
  /** A block declared in a load file over hand-written resources: the file. */
  readonly declaredIn?: string;
}

/** A template, parsed. */
export interface ParsedTemplate {
  readonly backend: Backend;
  readonly name: string;
  readonly region?: string;
  readonly resources: RawResource[];
  readonly byId: Map<string, RawResource>;
  readonly blocks: RawBlock[];
  /** CloudFormation: whether resources carry `aws:cdk:path`. */
  readonly hasPaths: boolean;
}

/** Throws one ValidationError for a malformed input. */
export function malformed(where: string, what: string, value: unknown, allowed: string): never {
  throw new ValidationError([{ path: where, prop: what, value: renderValue(value), allowed }]);
}

/** Parses a template of either backend. */
export function parseTemplate(t: SynthesizedTemplate): ParsedTemplate {
  if (!isPlainObject(t.json)) malformed(t.name, 'template', t.json, `a ${t.backend === Backend.TERRAFORM ? 'cdk.tf.json' : 'CloudFormation template'} object`);
  return t.backend === Backend.TERRAFORM ? parseTerraform(t) : parseCloudFormation(t);
}

function parseCloudFormation(t: SynthesizedTemplate): ParsedTemplate {
  const json = t.json as { [key: string]: unknown };
  const res = json.Resources ?? {};
  if (!isPlainObject(res)) malformed(t.name, 'Resources', res, 'an object of resources by logical id');
  const resources: RawResource[] = [];
  for (const [id, r] of Object.entries(res)) {
    if (!isPlainObject(r) || typeof r.Type !== 'string') malformed(t.name, `Resources.${id}`, r, 'a resource with a Type');
    const md = isPlainObject(r.Metadata) ? r.Metadata : {};
    const path = typeof md['aws:cdk:path'] === 'string' ? md['aws:cdk:path'] as string : undefined;
    resources.push({
      backend: Backend.CLOUDFORMATION,
      template: t.name,
      id,
      type: r.Type as string,
      path,
      props: isPlainObject(r.Properties) ? r.Properties : {},
      data: false,
    });
  }
  const parsed: ParsedTemplate = {
    backend: Backend.CLOUDFORMATION,
    name: t.name,
    region: t.region,
    resources,
    byId: new Map(resources.map((r) => [r.id, r])),
    blocks: [],
    hasPaths: resources.some((r) => r.path !== undefined),
  };
  const md = isPlainObject(json.Metadata) ? json.Metadata : {};
  const entries = md[CFN_BLOCKS_METADATA_KEY];
  if (entries !== undefined) {
    if (!isPlainObject(entries)) malformed(t.name, `Metadata.${CFN_BLOCKS_METADATA_KEY}`, entries, 'an object of block metadata by construct path');
    for (const [path, m] of Object.entries(entries)) {
      parsed.blocks.push({ path, metadata: checkMetadata(t.name, `Metadata.${CFN_BLOCKS_METADATA_KEY}.${path}`, m), template: parsed });
    }
  }
  return parsed;
}

function parseTerraform(t: SynthesizedTemplate): ParsedTemplate {
  const json = t.json as { [key: string]: unknown };
  const resources: RawResource[] = [];
  for (const [section, data] of [['resource', false], ['data', true]] as [string, boolean][]) {
    const byType = json[section] ?? {};
    if (!isPlainObject(byType)) malformed(t.name, section, byType, `an object of ${section} blocks by type`);
    for (const [type, byName] of Object.entries(byType)) {
      if (!isPlainObject(byName)) malformed(t.name, `${section}.${type}`, byName, 'an object of blocks by name');
      for (const [name, attrs] of Object.entries(byName)) {
        if (!isPlainObject(attrs)) malformed(t.name, `${section}.${type}.${name}`, attrs, 'an object of attributes');
        const comment = isPlainObject(attrs['//']) && isPlainObject((attrs['//'] as { [k: string]: unknown }).metadata)
          ? (attrs['//'] as { metadata: { [k: string]: unknown } }).metadata : {};
        const { ['//']: _, ...props } = attrs;
        resources.push({
          backend: Backend.TERRAFORM,
          template: t.name,
          id: `${data ? 'data.' : ''}${type}.${name}`,
          type,
          path: typeof comment.path === 'string' ? comment.path : undefined,
          props,
          data,
        });
      }
    }
  }
  const parsed: ParsedTemplate = {
    backend: Backend.TERRAFORM,
    name: t.name,
    region: t.region ?? terraformRegion(json),
    resources,
    byId: new Map(resources.map((r) => [r.id, r])),
    blocks: [],
    hasPaths: true,
  };
  const comment = isPlainObject(json['//']) ? json['//'] : {};
  const ours = comment[TF_METADATA_KEY];
  if (ours !== undefined) {
    const blocks = isPlainObject(ours) ? ours.blocks : undefined;
    if (!isPlainObject(blocks)) malformed(t.name, `//.${TF_METADATA_KEY}.blocks`, blocks, 'an object of block metadata by construct path');
    for (const [path, m] of Object.entries(blocks)) {
      parsed.blocks.push({ path, metadata: checkMetadata(t.name, `//.${TF_METADATA_KEY}.blocks.${path}`, m), template: parsed });
    }
  }
  return parsed;
}

/** The literal Region of the stack's default AWS provider. */
function terraformRegion(json: { [key: string]: unknown }): string | undefined {
  const provider = isPlainObject(json.provider) ? json.provider.aws : undefined;
  const list = Array.isArray(provider) ? provider : provider ? [provider] : [];
  const main = list.find((p) => isPlainObject(p) && p.alias === undefined) as { region?: unknown } | undefined;
  return typeof main?.region === 'string' && !main.region.includes('${') ? main.region : undefined;
}

function checkMetadata(where: string, prop: string, m: unknown): BlockMetadata {
  if (!isPlainObject(m)) malformed(where, prop, m, 'block metadata: an object with version, kind, name, planPath, planId, load');
  if (m.version !== BLOCK_METADATA_VERSION) malformed(where, `${prop}.version`, m.version, `${BLOCK_METADATA_VERSION} (this reader's metadata version)`);
  for (const key of ['kind', 'name', 'planPath', 'planId']) {
    if (typeof m[key] !== 'string') malformed(where, `${prop}.${key}`, m[key], 'a string');
  }
  if (!isPlainObject(m.load)) malformed(where, `${prop}.load`, m.load, 'an object (the plan\'s load)');
  return m as unknown as BlockMetadata;
}

// ---------------------------------------------------------------------------------------------
// References
// ---------------------------------------------------------------------------------------------

const TF_REF = /\b((?:data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)\.[A-Za-z_]/g;

/** Ids of the resources a value references (CloudFormation Ref / GetAtt / Sub; Terraform `${type.name.attr}`). */
export function refsOf(backend: Backend, value: unknown): string[] {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (backend === Backend.TERRAFORM && v.includes('${')) {
        for (const m of v.matchAll(TF_REF)) out.push(m[1]);
      }
      return;
    }
    if (Array.isArray(v)) { v.forEach(visit); return; }
    if (!isPlainObject(v)) return;
    if (backend === Backend.CLOUDFORMATION) {
      if (typeof v.Ref === 'string') out.push(v.Ref);
      const getAtt = v['Fn::GetAtt'];
      if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') out.push(getAtt[0]);
      if (typeof getAtt === 'string') out.push(getAtt.split('.')[0]);
      const sub = v['Fn::Sub'];
      const subText = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
      if (subText) for (const m of subText.matchAll(/\$\{([A-Za-z0-9]+)(\.[A-Za-z.]+)?\}/g)) out.push(m[1]);
    }
    Object.values(v).forEach(visit);
  };
  visit(value);
  return out;
}

/** The resources of a template that a value references. */
export function referenced(t: ParsedTemplate, value: unknown): RawResource[] {
  return refsOf(t.backend, value).map((id) => t.byId.get(id)).filter((r): r is RawResource => r !== undefined);
}

/** The resources of a template that reference `target`. */
export function referencing(t: ParsedTemplate, target: RawResource, among: RawResource[] = t.resources): RawResource[] {
  return among.filter((r) => r !== target && refsOf(t.backend, r.props).includes(target.id));
}

/** A source citation of a property of a resource. */
export function sourceOf(r: RawResource, attribute: string): ValueSource {
  return {
    backend: r.backend,
    template: r.template,
    resource: r.id,
    attribute: r.backend === Backend.CLOUDFORMATION ? `Properties.${attribute}` : attribute,
  };
}

/** A property at a dotted path (array items by index). */
export function propAt(r: RawResource, path: string): unknown {
  let v: unknown = r.props;
  for (const key of path.split('.')) {
    if (Array.isArray(v)) v = /^\d+$/.test(key) ? v[Number(key)] : (isPlainObject(v[0]) ? v[0][key] : undefined);
    else if (isPlainObject(v)) v = v[key];
    else return undefined;
  }
  return v;
}

/** A number from a literal number or numeric string; undefined for tokens and expressions. */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** A boolean from a literal boolean or `"true"`/`"false"`. */
export function booleanOf(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** A literal string (no CloudFormation intrinsic, no Terraform interpolation). */
export function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' && !v.includes('${') ? v : undefined;
}

/**
 * The AZ a value names: a literal AZ, `az-index:<i>` for the i-th AZ of the Region (CloudFormation
 * `Fn::Select [i, Fn::GetAZs]`, Terraform `element(data.aws_availability_zones.x.names, i)`), the
 * AZ of a referenced subnet (or of the subnet a `data.aws_subnet` reads), or undefined.
 */
export function azOf(t: ParsedTemplate, v: unknown, depth = 0): string | undefined {
  if (depth > 4) return undefined;
  if (typeof v === 'string') {
    if (!v.includes('${')) return v;
    const element = v.match(/^\$\{element\(data\.aws_availability_zones\.[A-Za-z0-9_-]+\.names,\s*(\d+)\)\}$/);
    if (element) return `az-index:${element[1]}`;
    const subnetAz = v.match(/^\$\{(data\.aws_subnet\.[A-Za-z0-9_-]+|aws_subnet\.[A-Za-z0-9_-]+)\.availability_zone\}$/);
    if (subnetAz) {
      const subnet = t.byId.get(subnetAz[1]);
      return subnet ? subnetAzOf(t, subnet, depth + 1) : undefined;
    }
    return undefined;
  }
  if (isPlainObject(v)) {
    const select = v['Fn::Select'];
    if (Array.isArray(select) && isPlainObject(select[1]) && 'Fn::GetAZs' in select[1]) {
      const i = numberOf(select[0]);
      return i === undefined ? undefined : `az-index:${i}`;
    }
  }
  return undefined;
}

/** The AZ of a subnet resource (or of the subnet a Terraform `data.aws_subnet` reads). */
export function subnetAzOf(t: ParsedTemplate, subnet: RawResource, depth = 0): string | undefined {
  if (subnet.data && subnet.type === 'aws_subnet') {
    const target = referenced(t, subnet.props.id)[0];
    if (target) return subnetAzOf(t, target, depth + 1);
    return stringOf(subnet.props.availability_zone);
  }
  if (subnet.type === 'AWS::EC2::Subnet') return azOf(t, subnet.props.AvailabilityZone, depth + 1);
  if (subnet.type === 'aws_subnet') return azOf(t, subnet.props.availability_zone, depth + 1);
  return undefined;
}

/** The AZs of a list of subnet references; a subnet whose AZ is unknown counts as its own AZ. */
export function subnetAzs(t: ParsedTemplate, subnets: unknown): string[] {
  const list = Array.isArray(subnets) ? subnets : [];
  return list.map((s, i) => {
    const subnet = referenced(t, s)[0];
    const az = subnet ? subnetAzOf(t, subnet) : undefined;
    return az ?? `unknown:${subnet?.id ?? (typeof s === 'string' ? s : `subnet-${i}`)}`;
  });
}
