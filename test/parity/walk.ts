/*
 * The parity walker: every scalar a backend writes into a resource must be traceable to the plan.
 *
 * A leaf of a synthesized output (a CloudFormation resource property, a Terraform resource or data
 * source attribute) is traceable when it is
 *  - a reference (CloudFormation Ref / Fn::GetAtt / pseudo parameters, a Terraform `${...}`
 *    interpolation) or the literal glue around references (ARN and path punctuation);
 *  - equal to a leaf of the plan, directly or through one of the TRANSLATIONS below (units and
 *    spellings: seconds to milliseconds, RETAIN to Retain, true to "true" ...);
 *  - or on the ALLOW_LIST, by backend, resource type and property path, with the reason why the
 *    library (aws-cdk-lib, cdktf, the provider) writes it by itself.
 * Anything else is a setting no plan field holds: a decision a backend took on its own.
 */

export type Scalar = string | number | boolean;

/** The placeholder left where a reference was stripped from a string. */
const REF = '\u2400';

/** One scalar of a synthesized output. */
export interface Leaf {
  readonly backend: 'cfn' | 'tf';
  /** Resource type, e.g. `AWS::Logs::LogGroup` or `aws_cloudwatch_log_group` (`data.aws_ami` for data sources). */
  readonly type: string;
  /** Logical id (CloudFormation) or resource name (Terraform). */
  readonly id: string;
  /** Property path with array indices as `[]`, e.g. `LifecycleConfiguration.Rules[].Status`. */
  readonly path: string;
  readonly value: Scalar;
}

// ------------------------------------------------------------------------------------------------
// Collecting the leaves
// ------------------------------------------------------------------------------------------------

/** CloudFormation intrinsics whose arguments are references, never settings. */
const CFN_REFERENCES = new Set(['Ref', 'Fn::GetAtt', 'Fn::ImportValue', 'Fn::GetAZs', 'Fn::FindInMap', 'Fn::GetStackOutput']);

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function walkCfn(value: any, path: string, emit: (path: string, value: Scalar) => void): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((v) => walkCfn(v, `${path}[]`, emit));
    return;
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && CFN_REFERENCES.has(keys[0])) return;
    if (keys.length === 1 && keys[0] === 'Fn::Join') {
      // The literal parts are glue around references (or a JSON document with references in it).
      const [delimiter, parts] = value['Fn::Join'];
      const literal = (parts as any[]).map((p) => (typeof p === 'string' ? p : REF)).join(delimiter);
      const nested = (parts as any[]).filter((p) => typeof p !== 'string');
      nested.forEach((p) => walkCfn(p, `${path}<join>`, emit));
      emitString(`${path}<join>`, literal, emit, walkCfn);
      return;
    }
    if (keys.length === 1 && keys[0] === 'Fn::Sub') {
      const [template, variables] = Array.isArray(value['Fn::Sub']) ? value['Fn::Sub'] : [value['Fn::Sub'], {}];
      emitString(`${path}<sub>`, stripSubstitutions(template), emit, walkCfn);
      // The variable map's values are settings like any other (a literal there must be the plan's).
      for (const [name, v] of Object.entries<any>(variables ?? {})) walkCfn(v, `${path}<sub>.${name}`, emit);
      return;
    }
    if (keys.length === 1 && keys[0] === 'Fn::If') {
      const [, yes, no] = value['Fn::If'];
      walkCfn(yes, path, emit);
      walkCfn(no, path, emit);
      return;
    }
    if (keys.length === 1 && (keys[0] === 'Fn::Select' || keys[0] === 'Fn::Split' || keys[0] === 'Fn::Base64')) {
      const arg = value[keys[0]];
      if (keys[0] === 'Fn::Select') {
        walkCfn(arg[1], path, emit);
      } else if (keys[0] === 'Fn::Split') {
        emit(`${path}<split>`, arg[0]);
        walkCfn(arg[1], path, emit);
      } else {
        walkCfn(arg, `${path}<base64>`, emit);
      }
      return;
    }
    // CloudFront's { Quantity, Items }: a Quantity equal to the length of the Items beside it only counts them.
    const counted = (k: string) => k === 'Quantity' && Array.isArray(value.Items) && value.Quantity === value.Items.length;
    for (const k of keys) if (!counted(k)) walkCfn(value[k], join(path, k), emit);
    return;
  }
  if (typeof value === 'string') emitString(path, value, emit, walkCfn);
  else if (typeof value === 'number' || typeof value === 'boolean') emit(path, value);
}

type Walker = (value: any, path: string, emit: (path: string, value: Scalar) => void) => void;

/** A string leaf; a JSON document in a string (a policy, container definitions) is walked as its structure. */
function emitString(path: string, text: string, emit: (path: string, value: Scalar) => void, walk: Walker): void {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      walk(JSON.parse(trimmed), `${path}<json>`, emit);
      return;
    } catch {
      // not JSON: a plain string
    }
  }
  emit(path, text);
}

/** A string without its substitutions (`${...}`, nested braces included), kept as the literal glue. */
function stripSubstitutions(text: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
      out += depth === 1 ? REF : '';
      continue;
    }
    if (depth > 0) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}') depth--;
      continue;
    }
    out += text[i];
  }
  return out;
}

/** Every leaf of the resources (properties, deletion and replace policies) and SSM parameters of CloudFormation templates. */
export function cfnLeaves(templates: { [key: string]: any }[]): Leaf[] {
  const leaves: Leaf[] = [];
  for (const template of templates) {
    for (const [id, resource] of Object.entries<any>(template.Resources ?? {})) {
      const emit = (path: string, value: Scalar) => leaves.push({ backend: 'cfn', type: resource.Type, id, path, value });
      walkCfn(resource.Properties ?? {}, '', emit);
      if (resource.DeletionPolicy) emit('DeletionPolicy', resource.DeletionPolicy);
      if (resource.UpdateReplacePolicy) emit('UpdateReplacePolicy', resource.UpdateReplacePolicy);
    }
    for (const [id, parameter] of Object.entries<any>(template.Parameters ?? {})) {
      if (parameter.Default === undefined) continue;
      leaves.push({ backend: 'cfn', type: 'Parameter', id, path: 'Default', value: parameter.Default });
    }
  }
  return leaves;
}

/** Terraform meta-arguments and cdktf metadata that are not settings of the resource. */
const TF_META = new Set(['//', 'provider', 'depends_on']);

function walkTf(value: any, path: string, emit: (path: string, value: Scalar) => void): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((v) => walkTf(v, `${path}[]`, emit));
    return;
  }
  if (typeof value === 'object') {
    for (const k of Object.keys(value)) {
      if (path === '' && TF_META.has(k)) continue;
      walkTf(value[k], join(path, k), emit);
    }
    return;
  }
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && !trimmed.startsWith('${')) {
      emitString(path, value, emit, walkTf);
      return;
    }
    if (value.includes('${')) {
      emit(`${path}<interpolation>`, stripSubstitutions(value));
      for (const expression of substitutions(value)) walkTfExpression(expression, path, emit);
    } else {
      emit(path, value);
    }
    return;
  }
  if (typeof value === 'number' || typeof value === 'boolean') emit(path, value);
}

/** The expressions of a string's top-level `${...}` substitutions. */
function substitutions(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      if (depth === 0) start = i + 2;
      depth++;
      i++;
    } else if (depth > 0 && text[i] === '{') {
      depth++;
    } else if (depth > 0 && text[i] === '}') {
      depth--;
      if (depth === 0) out.push(text.slice(start, i).trim());
    }
  }
  return out;
}

/** A Terraform reference: `aws_x.name.attr`, `data.aws_x.name.attr[0].y`, `local.x`, `var.x`. */
const TF_REFERENCE = /^[A-Za-z_][\w-]*(\.[\w-]+|\[\d+\])+$/;

/**
 * Terraform functions that only pick from a reference, as CloudFormation's Fn::Select does: the list
 * is a reference and the index a position in it (walked like Fn::Select: not a setting).
 */
const TF_SELECTORS = new Set(['element']);

/**
 * One `${...}` expression of a Terraform string: a reference is not a setting; a selection from a
 * reference (element(list, i)) is not either; anything else (another function, an operator, a
 * literal) is emitted whole as `<expression>`, so a decision written as an expression cannot hide.
 */
function walkTfExpression(expression: string, path: string, emit: (path: string, value: Scalar) => void): void {
  if (TF_REFERENCE.test(expression)) return;
  const call = /^(\w+)\((.*)\)$/s.exec(expression);
  if (call && TF_SELECTORS.has(call[1])) {
    const [list, index, ...rest] = topLevelArguments(call[2]);
    if (rest.length === 0 && list !== undefined && TF_REFERENCE.test(list) && index !== undefined && /^\d+$/.test(index)) return;
  }
  emit(`${path}<expression>`, expression);
}

/** A function call's arguments, split at the commas outside parentheses, brackets and quotes. */
function topLevelArguments(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' && text[i - 1] !== '\\') quoted = !quoted;
    if (quoted) continue;
    if (c === '(' || c === '[' || c === '{') {depth++;} else if (c === ')' || c === ']' || c === '}') {depth--;} else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out;
}

/** Every leaf of the resources and data sources of a Terraform JSON document. */
export function tfLeaves(json: { [key: string]: any }): Leaf[] {
  const leaves: Leaf[] = [];
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries<any>(json[kind] ?? {})) {
      const shownType = kind === 'data' ? `data.${type}` : type;
      for (const [id, attributes] of Object.entries<any>(byName)) {
        walkTf(attributes, '', (path, value) => leaves.push({ backend: 'tf', type: shownType, id, path, value }));
      }
    }
  }
  return leaves;
}

// ------------------------------------------------------------------------------------------------
// What the plan holds, and the translations a backend may apply
// ------------------------------------------------------------------------------------------------

/** A unit or spelling translation a backend may apply to a plan value (keyed by the plan field's name). */
interface Translation {
  /** The plan fields (their last key) it applies to. */
  readonly field: RegExp;
  readonly applies: (value: Scalar) => boolean;
  readonly to: (value: any) => Scalar[];
  readonly reason: string;
}

const words = (s: string) => s.split(/[_\-\s.]+/).filter((w) => w !== '');
const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();

/** The translations, small and explicit: a value reached only through one of these is the plan's. */
export const TRANSLATIONS: readonly Translation[] = [
  {
    field: /.*/,
    applies: (v) => typeof v === 'string',
    to: (s: string) => [s, s.toLowerCase(), s.toUpperCase(), words(s).map(cap).join(''), words(s).map((w) => w.toLowerCase()).join('-'),
      words(s).map((w) => w.toLowerCase()).join('_'), words(s).join('').toLowerCase(), cap(s),
      words(s).map((w, i) => (i === 0 ? w.toLowerCase() : cap(w))).join('')],
    reason: 'enum spellings: RETAIN -> Retain, ROUND_ROBIN -> round_robin / round-robin / RoundRobin, APPLICATION -> application, PER_QUEUE -> perQueue',
  },
  {
    field: /.*/,
    applies: (v) => typeof v === 'boolean',
    to: (b: boolean) => (b ? ['true', 'on', 'Enabled', 'ENABLED', 'enabled'] : ['false', 'off', 'Disabled', 'DISABLED', 'disabled']),
    reason: 'booleans as ELB attribute strings ("true", "on") and as S3/ECS/X-Ray status words (Enabled, ENABLED)',
  },
  {
    field: /^iamAuthentication$/,
    applies: (v) => typeof v === 'boolean',
    to: (b: boolean) => (b ? ['REQUIRED'] : ['DISABLED']),
    reason: 'an RDS Proxy\'s IAM client authentication as its IAMAuth word: true -> REQUIRED, false -> DISABLED',
  },
  {
    field: /[Ee]ncryption$/,
    applies: (v) => v === 'S3_MANAGED' || v === 'KMS',
    to: (v: string) => (v === 'S3_MANAGED' ? ['AES256'] : ['aws:kms']),
    reason: 'bucket encryption as the SSE algorithm: S3_MANAGED -> AES256, KMS -> aws:kms',
  },
  { field: /^priceClass$/, applies: (v) => typeof v === 'string', to: (v: string) => [v.replace(/^PRICE_CLASS_(\w+)$/, (_m, c: string) => `PriceClass_${cap(c)}`)], reason: 'PRICE_CLASS_ALL -> PriceClass_All' },
  {
    field: /^engine$/,
    applies: (v) => typeof v === 'string' && /^(RDS|AURORA)_/.test(v),
    to: (v: string) => [v.replace(/^RDS_/, '').replace(/_/g, '-').toLowerCase().replace(/^postgresql$/, 'postgres')],
    reason: 'database engines as RDS names: RDS_POSTGRESQL -> postgres, AURORA_MYSQL -> aurora-mysql',
  },
  {
    field: /^treatMissingDataAsBreaching$/,
    applies: (v) => typeof v === 'boolean',
    to: (b: boolean) => [b ? 'breaching' : 'notBreaching'],
    reason: 'an alarm\'s missing-data treatment (CloudWatch TreatMissingData)',
  },
  {
    field: /^(allowedMethods|cachedMethods)$/,
    applies: (v) => v === 'GET_HEAD' || v === 'GET_HEAD_OPTIONS' || v === 'ALL',
    to: (v: string) => (v === 'GET_HEAD' ? ['GET', 'HEAD'] : v === 'GET_HEAD_OPTIONS' ? ['GET', 'HEAD', 'OPTIONS']
      : ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']),
    reason: 'a CloudFront behaviour\'s methods as the list CloudFront takes: GET_HEAD -> GET, HEAD; ALL -> the seven methods',
  },
  { field: /^redirectToHttps$/, applies: (v) => typeof v === 'boolean', to: (b: boolean) => [b ? 'redirect-to-https' : 'https-only'], reason: 'the viewer protocol policy' },
  {
    field: /^(queryStringsInCacheKey|cookiesInCacheKey|queryStrings|cookies)$/,
    applies: (v) => typeof v === 'boolean',
    to: (b: boolean) => [b ? 'all' : 'none'],
    reason: 'whether query strings or cookies are in a cache key or an origin request, as CloudFront\'s behaviour words',
  },
  { field: /^headersInCacheKey$/, applies: (v) => typeof v === 'string', to: () => ['whitelist'], reason: 'headers named in the cache key: CloudFront\'s whitelist behaviour' },
  {
    field: /^allViewerHeadersExceptHost$/,
    applies: (v) => typeof v === 'boolean',
    to: (b: boolean) => (b ? ['allExcept', 'Host'] : ['none']),
    reason: 'an origin request\'s headers: every viewer header but Host (allExcept Host), or none',
  },
  { field: /^internetFacing$/, applies: (v) => typeof v === 'boolean', to: (b: boolean) => [b ? 'internet-facing' : 'internal'], reason: 'the load balancer scheme' },
  {
    field: /^removalPolicy$/,
    applies: (v) => v === 'SNAPSHOT',
    to: () => ['Retain'],
    reason: 'a SNAPSHOT database retains its satellites (secret, subnet group), as aws-cdk-lib applies it',
  },
  {
    field: /[rR]emovalPolicy$/,
    applies: (v) => v === 'DESTROY',
    to: () => ['Delete'],
    reason: 'DESTROY as CloudFormation spells it: DeletionPolicy Delete',
  },
  { field: /^rotationDays$/, applies: (v) => typeof v === 'number', to: (n: number) => [`rate(${n} days)`], reason: 'a rotation period as a schedule expression' },
  { field: /Seconds$/, applies: (v) => typeof v === 'number', to: (n: number) => [n * 1000, n / 60], reason: 'seconds as milliseconds or minutes' },
  { field: /Ms$|Millis/, applies: (v) => typeof v === 'number', to: (n: number) => [n / 1000], reason: 'milliseconds as seconds' },
  { field: /Minutes$/, applies: (v) => typeof v === 'number', to: (n: number) => [n * 60], reason: 'minutes as seconds' },
  { field: /Hours$/, applies: (v) => typeof v === 'number', to: (n: number) => [n * 3600], reason: 'hours as seconds' },
  { field: /Days$/, applies: (v) => typeof v === 'number', to: (n: number) => [n * 86400, n * 24], reason: 'days as seconds or hours' },
  { field: /MiB$/, applies: (v) => typeof v === 'number', to: (n: number) => [n / 1024, n * 1024 * 1024], reason: 'MiB as GiB or bytes' },
  { field: /GiB$/, applies: (v) => typeof v === 'number', to: (n: number) => [n * 1024], reason: 'GiB as MiB' },
];

/** Every value the plan holds, as the strings a backend may write for it (String() of each translation). */
export function planValues(plan: unknown): Set<string> {
  const out = new Set<string>();
  const visit = (value: any, key: string) => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) { value.forEach((v) => visit(v, key)); return; }
    if (typeof value === 'object') { for (const [k, v] of Object.entries(value)) visit(v, k); return; }
    // A JSON document the plan holds as a string (a fixed response body) is walked in the outputs as its structure: so here too.
    if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
      try { visit(JSON.parse(value), key); } catch { /* not JSON: a plain string */ }
    }
    for (const t of TRANSLATIONS) {
      if (t.field.test(key) && t.applies(value)) t.to(value).forEach((v) => out.add(String(v)));
    }
    out.add(String(value));
  };
  visit(plan, '');
  return out;
}


/**
 * The words of ARN, service principal, URL and dynamic-reference grammar: the literal glue between
 * references (`arn:` partition `:iam::` account `:root`), never a setting.
 */
export const GLUE_WORDS = new Set([
  'arn', 'aws', 'iam', 'root', 'amazonaws', 'com', 'logs', 'service', 'rds', 'db', 'cloudfront', 'distribution', 'sqs', 'kms', 'alias', 'sns',
  'resolve', 'secretsmanager', 'SecretString', 'password', 'username', 'https', 's3', 'integrations', 'AWSLogs', 'role', 'policy',
  'log-group', 'secret', 'table', 'index', 'stream', 'key', 'cluster', 'task', 'task-definition', 'ecs', 'elasticloadbalancing', 'execute-api',
  'ssm', 'parameter', 'dynamodb', 'cluster-pg', 'pg', 'es', 'elasticache', 'replicationgroup', 'us-east-1',
]);

/** A literal around references that only glues them together. */
function isGlue(piece: string, fromPlan: (s: string) => boolean): boolean {
  return piece.split(/[:/.*,=\-{}\s]+/).every((w) => w === '' || GLUE_WORDS.has(w) || fromPlan(w));
}

/** An allow-list entry: a leaf the library writes by itself. */
export interface Allowed {
  readonly backend: 'cfn' | 'tf';
  /** Resource type (exact, or a regular expression for a family of types). */
  readonly type: string | RegExp;
  /** Property path (a regular expression). */
  readonly path: RegExp;
  /** The value it may have; absent: any. */
  readonly value?: Scalar | RegExp;
  readonly reason: string;
}

/** Whether a leaf is traceable: a reference, glue, a plan value (translated), a piece of a name built from plan values, or allow-listed. */
export function untraced(leaves: readonly Leaf[], values: Set<string>, allowList: readonly Allowed[]): Leaf[] {
  const fromPlan = (s: string) => values.has(s);
  return leaves.filter((leaf) => {
    const text = String(leaf.value);
    if (fromPlan(text)) return false;
    if (typeof leaf.value === 'string') {
      if (leaf.value.split(REF).every((piece) => piece === '' || fromPlan(piece) || isGlue(piece, fromPlan))) return false;
    }
    return !allowList.some((a) => a.backend === leaf.backend && (a.type instanceof RegExp ? a.type.test(leaf.type) : a.type === leaf.type)
      && a.path.test(leaf.path) && (a.value === undefined || (a.value instanceof RegExp ? a.value.test(text) : a.value === leaf.value)));
  });
}
