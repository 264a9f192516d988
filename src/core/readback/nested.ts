import { isPlainObject } from '../validation';
import { CFN_BLOCKS_METADATA_KEY } from './metadata';
import { SynthesizedTemplate } from './model';
import { Backend } from './types';

/*
 * CloudFormation nested stacks: a nested template's property that is a `Ref` to one of its own
 * Parameters takes the value its parent's `AWS::CloudFormation::Stack` resource passes under
 * `Parameters` (or the parameter's `Default`). A literal value is put in place of the `Ref`; a
 * `Ref` or `Fn::GetAtt` to a resource of the parent (how aws-cdk-lib passes a parent's VPC subnets,
 * say) is put in place too, and that resource is made visible to the nested template, so what it
 * says (a subnet's AZ) is read. Anything else (an `Fn::Join`, an import, a pseudo parameter) stays
 * a `Ref` to the parameter: unknown, as every other unresolved value is, and named in a note.
 */

/** A parent's resource a nested template refers to after its parameters were resolved. */
export interface ImportedResource {
  /** The nested template (its unique name). */
  readonly into: string;
  /** The template that holds the resource. */
  readonly from: string;
  /** The resource's logical id (the same in both). */
  readonly id: string;
}

/** Nested templates with their parameters resolved, the parents' resources they now name, and notes. */
export interface ResolvedParameters {
  readonly templates: SynthesizedTemplate[];
  readonly imports: ImportedResource[];
  readonly notes: string[];
}

/** What a parameter resolved to. */
type Resolution =
  | { readonly kind: 'literal'; readonly value: unknown }
  | { readonly kind: 'resource'; readonly value: unknown; readonly from: string; readonly id: string }
  | { readonly kind: 'unresolved'; readonly why: string };

type Json = { [key: string]: unknown };

/** The `AWS::CloudFormation::Stack` resource (and its template) that deploys a nested template. */
function parentOf(t: SynthesizedTemplate, all: SynthesizedTemplate[]): { parent: SynthesizedTemplate; stack: Json } | undefined {
  const base = t.name.split('/').pop()!;
  for (const p of all) {
    if (p === t || p.backend !== Backend.CLOUDFORMATION || !isPlainObject(p.json) || !isPlainObject(p.json.Resources)) continue;
    for (const r of Object.values(p.json.Resources)) {
      if (!isPlainObject(r) || r.Type !== 'AWS::CloudFormation::Stack') continue;
      const props = isPlainObject(r.Properties) ? r.Properties : {};
      const md = isPlainObject(r.Metadata) ? r.Metadata : {};
      const byKey = t.assetKey !== undefined && JSON.stringify(props.TemplateURL ?? '').includes(t.assetKey);
      if (byKey || md['aws:asset:path'] === base) return { parent: p, stack: r };
    }
  }
  return undefined;
}

function isLiteral(v: unknown): boolean {
  if (Array.isArray(v)) return v.every(isLiteral);
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Resolves the parameters of every nested CloudFormation template from its parent (parents first). */
export function resolveNestedParameters(templates: SynthesizedTemplate[]): ResolvedParameters {
  const resolved = new Map<SynthesizedTemplate, { json: unknown; params: Map<string, Resolution> }>();
  const imports: ImportedResource[] = [];
  const notes: string[] = [];
  const visiting = new Set<SynthesizedTemplate>();

  const resolve = (t: SynthesizedTemplate): { json: unknown; params: Map<string, Resolution> } => {
    const done = resolved.get(t);
    if (done) return done;
    const none = { json: t.json, params: new Map<string, Resolution>() };
    const json = t.json;
    const declared = isPlainObject(json) && isPlainObject(json.Parameters) ? json.Parameters : {};
    if (t.backend !== Backend.CLOUDFORMATION || Object.keys(declared).length === 0 || visiting.has(t)) {
      resolved.set(t, none);
      return none;
    }
    visiting.add(t);
    const link = parentOf(t, templates);
    // A top-level stack's parameters are given at deploy time: unknown here, as before.
    if (!link && !t.name.endsWith('.nested.template.json')) {
      visiting.delete(t);
      resolved.set(t, none);
      return none;
    }
    const parent = link ? resolve(link.parent) : undefined;
    const own = isPlainObject(json) && isPlainObject(json.Resources) ? json.Resources : {};
    const parentResources = link && isPlainObject(link.parent.json) && isPlainObject(link.parent.json.Resources) ? link.parent.json.Resources : {};
    const stackProps = link && isPlainObject(link.stack.Properties) ? link.stack.Properties : {};
    const passed = isPlainObject(stackProps.Parameters) ? stackProps.Parameters : {};
    const params = new Map<string, Resolution>();
    for (const [name, decl] of Object.entries(declared)) {
      const ssm = isPlainObject(decl) && typeof decl.Type === 'string' && decl.Type.startsWith('AWS::SSM::Parameter::');
      // The default of an SSM-typed parameter names the SSM parameter, not its value.
      const given = passed[name] ?? (isPlainObject(decl) && !ssm ? decl.Default : undefined);
      params.set(name, ssm && passed[name] === undefined ? { kind: 'unresolved', why: 'an SSM parameter, read at deploy time' }
        : resolution(given, link?.parent.name, parent?.params, parentResources, own, link !== undefined));
    }
    visiting.delete(t);
    const used = refsInResources(json);
    const unresolved = [...params.entries()].filter(([n, r]) => r.kind === 'unresolved' && used.has(n)) as [string, { why: string }][];
    const holdsBlocks = isPlainObject(json) && isPlainObject(json.Metadata) && json.Metadata[CFN_BLOCKS_METADATA_KEY] !== undefined;
    if (holdsBlocks && unresolved.length > 0) {
      notes.push(`${t.name}: nested stack parameter(s) not resolved from the parent, read as unknown: `
        + unresolved.map(([n, r]) => `${n} (${r.why})`).join(', '));
    }
    for (const [, r] of params) if (r.kind === 'resource' && !imports.some((i) => i.into === t.name && i.id === r.id)) imports.push({ into: t.name, from: r.from, id: r.id });
    const out = { json: substitute(json, params), params };
    resolved.set(t, out);
    return out;
  };

  const out = templates.map((t) => {
    const r = resolve(t);
    return r.json === t.json ? t : { ...t, json: r.json };
  });
  return { templates: out, imports, notes };
}

/** What a value passed by the parent resolves to, in the parent's context. */
function resolution(given: unknown, parentName: string | undefined, parentParams: Map<string, Resolution> | undefined,
  parentResources: Json, own: Json, linked: boolean): Resolution {
  if (given === undefined) return { kind: 'unresolved', why: linked ? 'the parent passes no value and it has no default' : 'no parent stack found' };
  if (isLiteral(given)) return { kind: 'literal', value: given };
  if (isPlainObject(given) && parentName !== undefined) {
    const ref = typeof given.Ref === 'string' ? given.Ref : undefined;
    const getAtt = given['Fn::GetAtt'];
    const target = ref ?? (Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined);
    if (ref !== undefined && parentParams?.has(ref)) {
      const r = parentParams.get(ref)!;
      return r.kind === 'resource' && r.id in own ? { kind: 'unresolved', why: `${r.id} names a resource in both stacks` } : r;
    }
    if (target !== undefined && target in parentResources) {
      // A resource of the nested stack with the same logical id would be read in its place.
      if (target in own) return { kind: 'unresolved', why: `${target} names a resource in both stacks` };
      return { kind: 'resource', value: given, from: parentName, id: target };
    }
    if (ref !== undefined && ref.startsWith('AWS::')) return { kind: 'unresolved', why: `the pseudo parameter ${ref}` };
  }
  return { kind: 'unresolved', why: 'an expression the read-back does not evaluate' };
}

/** The names every `{ Ref }` under Resources names. */
function refsInResources(json: unknown): Set<string> {
  const out = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) { v.forEach(visit); return; }
    if (!isPlainObject(v)) return;
    if (typeof v.Ref === 'string') out.add(v.Ref);
    Object.values(v).forEach(visit);
  };
  if (isPlainObject(json)) visit(json.Resources);
  return out;
}

/** The template with every `{ Ref: <resolved parameter> }` under Resources replaced by its value. */
function substitute(json: unknown, params: Map<string, Resolution>): unknown {
  if (!isPlainObject(json) || !isPlainObject(json.Resources)) return json;
  const visit = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(visit);
    if (!isPlainObject(v)) return v;
    const keys = Object.keys(v);
    if (keys.length === 1 && typeof v.Ref === 'string') {
      const r = params.get(v.Ref);
      if (r && r.kind !== 'unresolved') return r.value;
      return v;
    }
    return Object.fromEntries(keys.map((k) => [k, visit(v[k])]));
  };
  const resources = Object.fromEntries(Object.entries(json.Resources).map(([id, r]) => [id, isPlainObject(r) && r.Properties !== undefined
    ? { ...r, Properties: visit(r.Properties) } : r]));
  return { ...json, Resources: resources };
}
