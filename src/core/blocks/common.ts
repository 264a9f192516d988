import { AssumedInput, Assumptions } from '../assumptions';
import { SizingPolicy } from '../sizing/capacity';
import { isPlainObject, Rules } from '../validation';
import { takeHandedOffPlan } from './hand-off';

/** The seven blocks. */
export enum BlockKind {
  LOAD_BALANCED_API = 'LoadBalancedApi',
  TIERED_CACHE = 'TieredCache',
  REPLICATED_DATABASE = 'ReplicatedDatabase',
  SHARDED_DATABASE = 'ShardedDatabase',
  WORK_QUEUE = 'WorkQueue',
  GLOBAL_CDN = 'GlobalCdn',
  MICROSERVICE_GATEWAY = 'MicroserviceGateway',
}

/** Utilisation bounds a block is sized against. Every block accepts them under `sizing`. */
export interface SizingBoundsOptions {
  /**
   * Highest utilisation allowed in normal operation, as a fraction.
   *
   * @default 0.7
   */
  readonly targetUtilization?: number;
  /**
   * Highest utilisation allowed with the worst Availability Zone lost, as a fraction.
   *
   * @default 0.9
   */
  readonly maxUtilizationOnAzLoss?: number;
}

/** What every resolved plan carries. */
export interface BlockPlanBase {
  /** Which block this is. */
  readonly kind: BlockKind;
  /**
   * The format of this plan (`PLAN_FORMAT_VERSION` of the scaleblocks that made it). A construct
   * given a plan renders only its own format: a plan of another format is rejected, re-plan it.
   */
  readonly planVersion: string;
  /** The block's name: a DNS-safe id used in resource names and the report. */
  readonly name: string;
  /** Where the block sits (construct path or spec path), as shown in errors and the report. */
  readonly path: string;
  /** The bounds the sizing uses. */
  readonly sizing: SizingPolicy;
  /** The sizing inputs this plan took as defaults rather than from the user. */
  readonly assumed: AssumedInput[];
}

/** Options every plan function takes besides the block's own options. */
export interface PlanContext {
  /**
   * Construct path or spec path of the block, shown in errors and the report.
   *
   * @default - the block's name
   */
  readonly path?: string;
  /**
   * Prefix of assumed-input props in the report (the block's key in a system spec, e.g. `api`).
   *
   * @default - the block's name
   */
  readonly specPrefix?: string;
  /**
   * How many Availability Zones the network the block is given spans, as the backend counts it
   * (the AZs of a CDK VPC's subnets, the subnet ids a cdktf network lists). When the options set
   * no `azCount`, the plan takes this count (at most `MAX_AZS`; a count below `MIN_AZS` is
   * ignored) and records in `assumed` that it was taken from the VPC, so a block fits the VPC it
   * is given on the first synth.
   *
   * @default - unknown (no network given, or its AZs are tokens): `azCount` defaults to 3
   */
  readonly networkAzCount?: number;
  /**
   * Quotas the account has had raised in the block's Region, by their dotted path in the
   * catalog's QUOTAS (one of `DECLARABLE_QUOTAS`, as a spec's `quotas:` declares them). A block
   * whose option defaults to an account quota defaults to the declared figure instead
   * (MicroserviceGateway `accountThrottleRps` to `apiGateway.accountThrottleRps`).
   *
   * @default - none: the catalog's defaults
   */
  readonly quotas?: { [path: string]: number };
}

export { PLAN_FORMAT_VERSION } from '../inputs';

/** Default bounds: SIZING-MODEL.md, "One verdict, the same everywhere". */
export const DEFAULT_TARGET_UTILIZATION = 0.7;
export const DEFAULT_MAX_UTILIZATION = 0.9;
/** A row WARNs above this share of its bound. */
export const WARN_MARGIN = 0.9;

/** A DNS-safe block name: lower case, starts with a letter, up to 32 characters. */
export const NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
export const NAME_ALLOWED = 'lower-case letters, digits and hyphens, starting with a letter, 1 to 32 characters';

/**
 * Checks and resolves the sizing bounds of a block: the same rules and messages in every block.
 * A non-object `sizing`, a non-number bound, a bound below `MIN_UTILIZATION_BOUND` or above 1,
 * and an AZ-loss bound below the target are all rejected.
 */
export function resolveSizingPolicy(rules: Rules, assumptions: Assumptions, options: unknown): SizingPolicy {
  const o = sizingBoundsOf(rules, options, 'an object with targetUtilization and/or maxUtilizationOnAzLoss', MIN_UTILIZATION_BOUND) ?? {};
  rules.fraction('sizing.targetUtilization', o.targetUtilization, false, true);
  rules.fraction('sizing.maxUtilizationOnAzLoss', o.maxUtilizationOnAzLoss, false, true);
  const targetUtilization = assumptions.take('sizing.targetUtilization', o.targetUtilization, DEFAULT_TARGET_UTILIZATION,
    'target utilisation in normal operation (SIZING-MODEL default)');
  const maxUtilization = assumptions.take('sizing.maxUtilizationOnAzLoss', o.maxUtilizationOnAzLoss, DEFAULT_MAX_UTILIZATION,
    'highest utilisation with one AZ lost (SIZING-MODEL default)');
  if (o.targetUtilization !== undefined && o.maxUtilizationOnAzLoss !== undefined) {
    rules.check('sizing.maxUtilizationOnAzLoss', o.maxUtilizationOnAzLoss, o.maxUtilizationOnAzLoss >= o.targetUtilization,
      `at least sizing.targetUtilization (${o.targetUtilization})`);
  }
  return { targetUtilization, maxUtilization, warnMargin: WARN_MARGIN };
}

/** The lowest utilisation bound the blocks that search worker or task counts accept under `sizing`. */
export const MIN_UTILIZATION_BOUND = 0.05;

/**
 * The `sizing` options, with whatever `resolveSizingPolicy` cannot compare reported here and left
 * out, so that it only ever sees numbers: a `sizing` that is not an object (reported in the
 * block's own words, `objectAllowed`), a bound that is not a number, and, with `minBound`, a
 * bound above 0 but below `minBound` (a bound that low sizes nothing anyone means, and would send
 * the count searches after astronomically many units). Valid-typed bounds go on to
 * `resolveSizingPolicy`, which checks the rest. Undefined when `sizing` is absent or not an object.
 */
export function sizingBoundsOf(rules: Rules, value: unknown, objectAllowed: string, minBound = 0): SizingBoundsOptions | undefined {
  if (value === undefined) return undefined;
  if (!rules.check('sizing', value, isPlainObject(value), objectAllowed)) return undefined;
  const given = value as Record<string, unknown>;
  const out: { targetUtilization?: number; maxUtilizationOnAzLoss?: number } = {};
  for (const key of ['targetUtilization', 'maxUtilizationOnAzLoss'] as const) {
    const v = given[key];
    if (v === undefined) continue;
    if (!rules.check(`sizing.${key}`, v, typeof v === 'number', 'a fraction greater than 0 to 1')) continue;
    const n = v as number;
    if (minBound > 0 && !rules.check(`sizing.${key}`, n, !(n > 0 && n < minBound),
      `at least ${minBound} (a lower bound sizes nothing meaningful)`)) continue;
    out[key] = n;
  }
  return out;
}

/** Checks a block name. */
export function checkName(rules: Rules, name: string | undefined): boolean {
  return rules.check('name', name, typeof name === 'string' && NAME_PATTERN.test(name), NAME_ALLOWED);
}

/** Allowed AZ spread of multi-AZ blocks. */
export const MIN_AZS = 2;
export const MAX_AZS = 6;
export const DEFAULT_AZS = 3;

/**
 * The AZ count a block uses when its options set none: the count of the network it is given
 * (`context.networkAzCount`, recorded in `assumed` under `prop` as taken from the VPC), else
 * `DEFAULT_AZS`. A network of fewer than `MIN_AZS` AZs is not taken: the default stays, and the
 * backend's check of the network names the VPC and `azCount`.
 *
 * @param given the `azCount` option as given (returned unchanged when set; the caller validates it)
 */
export function azCountOf(assumed: Assumptions, prop: string, given: number | undefined, context: PlanContext | undefined): number {
  if (given !== undefined) return given;
  const n = context?.networkAzCount;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < MIN_AZS) return DEFAULT_AZS;
  const used = Math.min(n, MAX_AZS);
  assumed.note(prop, String(used), n > MAX_AZS
    ? `taken from the VPC given: it spans ${n} Availability Zones, a block spreads over at most ${MAX_AZS} (set ${prop} to choose)`
    : `taken from the VPC given: it spans ${n} Availability Zones (set ${prop} to choose)`);
  return used;
}

/** Lists the values of a string-valued enum, for `Rules.oneOf`. */
export function enumValues(e: Record<string, string>): string[] {
  return Object.values(e);
}

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const H = '[0-9a-f]{1,4}';
/**
 * An IPv6 address in full or compressed (`::`) form, lower-case, without an embedded IPv4 part,
 * and with at most seven colons (aws-cdk-lib's `Peer.ipv6` takes no more, nor upper case).
 */
const IPV6 = `(?!([^:]*:){8})(${[
  `(${H}:){7}${H}`, `(${H}:){1,7}:`, `(${H}:){1,6}:${H}`, `(${H}:){1,5}(:${H}){1,2}`, `(${H}:){1,4}(:${H}){1,3}`,
  `(${H}:){1,3}(:${H}){1,4}`, `(${H}:){1,2}(:${H}){1,5}`, `${H}:(:${H}){1,6}`, `:((:${H}){1,7}|:)`,
].join('|')})`;

/**
 * A CIDR block: an IPv4 address (octets 0 to 255) with a prefix of 0 to 32, or an IPv6 address
 * with a prefix of 0 to 128. Strict, so that neither backend's own parser is ever the one to
 * reject it (aws-cdk-lib's `Peer.ipv4` threw its own error on `999.1.1.1/99`).
 */
export const CIDR_PATTERN = new RegExp(`^((${OCTET}\\.){3}${OCTET}\\/(3[0-2]|[12]?\\d)|${IPV6}\\/(12[0-8]|1[01]\\d|[1-9]?\\d))$`);

/** An ARN. */
export const ARN_PATTERN = /^arn:aws[a-zA-Z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/;

/** An https:// URL with a host name (webhooks, JWT issuers). */
export const HTTPS_URL_PATTERN = /^https:\/\/[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*(:\d{1,5})?(\/[^\s]*)?$/;

/** A container image reference (registry/repository:tag or @digest), loosely. */
export const IMAGE_PATTERN = /^[a-z0-9][\w./:@-]{0,254}$/i;

/** An environment variable name. */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;
export const ENV_NAME_ALLOWED = 'an environment variable name (letters, digits, underscores)';

/** A variable name that suggests a secret: its value belongs in Secrets Manager, never in plain environment. */
export const SECRET_LIKE_NAME = /SECRET|PASSWORD|TOKEN|API_KEY/i;

/** Where a container secret comes from: a Secrets Manager secret or an SSM parameter, by ARN. */
export const SECRET_ARN_PATTERN = /^arn:aws[a-zA-Z-]*:(secretsmanager|ssm):[a-z0-9-]+:\d{12}:.+$/;
export const SECRET_ARN_ALLOWED = 'a Secrets Manager secret ARN or an SSM SecureString parameter ARN';

/** What happens to a stateful resource when its stack or configuration removes it. */
export enum RemovalPolicy {
  /** Keep the resource (orphan it): buckets, queues, tables, secrets. */
  RETAIN = 'RETAIN',
  /** Take a final snapshot, then delete (databases and caches that support snapshots). */
  SNAPSHOT = 'SNAPSHOT',
  /** Delete it with its data: only when asked for explicitly. */
  DESTROY = 'DESTROY',
}

/** How an alarm compares its metric with the threshold (CloudWatch ComparisonOperator). */
export enum AlarmComparison {
  GREATER_THAN_OR_EQUAL_TO_THRESHOLD = 'GREATER_THAN_OR_EQUAL_TO_THRESHOLD',
  LESS_THAN_OR_EQUAL_TO_THRESHOLD = 'LESS_THAN_OR_EQUAL_TO_THRESHOLD',
}

/** One CloudWatch alarm a block asks for: every block renders alarms from this one shape. */
export interface AlarmPlan {
  /** Construct id, e.g. `DeadLetterQueueNotEmpty`. */
  readonly id: string;
  readonly description: string;
  /** CloudWatch namespace, e.g. `AWS/SQS`. */
  readonly namespace: string;
  readonly metricName: string;
  /** CloudWatch statistic, e.g. `Maximum`. */
  readonly statistic: string;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly threshold: number;
  readonly comparison: AlarmComparison;
  /** Whether missing data breaches (false: an idle resource or a node being replaced is not an alarm). */
  readonly treatMissingDataAsBreaching: boolean;
}

/**
 * The plan a block construct renders: the one it was given (a SystemStack passes the plans its
 * chain resolved), or the one its options make. Giving both is rejected: the options would be
 * silently ignored.
 *
 * @param options the block's neutral options, with the backend extras (VPC, cluster...) removed
 * @param given a resolved plan, or undefined
 * @param plan the block's plan function
 * @param path the construct path, shown in errors
 * @param context more of the plan context: the backend's count of the network's AZs (`networkAzCount`)
 * A plan given is checked before anything renders it (src/core/plan-rules): its format version,
 * its structure against the block's plan schema and its values, every problem at once; except a
 * plan a SystemStack has just made with the core's planner and hands on (`./hand-off`).
 *
 * @throws ValidationError when both a plan and options are given, or when the plan given is not one this version renders
 */
export function resolvePlan<O extends object, P>(options: O, given: P | undefined, plan: (o: O, c: PlanContext) => P, path: string,
  context: PlanContext = {}): P {
  if (given === undefined) return plan(options, { ...context, path });
  const set = Object.entries(options).filter(([, v]) => v !== undefined).map(([k]) => k);
  const rules = new Rules(path);
  rules.check('plan', set, set.length === 0, 'given alone: a resolved plan and block options (here: ' + set.join(', ') + ') cannot be combined');
  rules.throwIfInvalid();
  // A plan a SystemStack has just made with the core's planner passes the rules by construction.
  if (takeHandedOffPlan(given)) return given;
  // Loaded here, not at the top: the plan rules import the block modules, which import this one.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { checkSuppliedPlan } = require('../plan-rules') as typeof import('../plan-rules');
  return checkSuppliedPlan(plan, given, path);
}
