import { AssumedInput, Assumptions } from '../assumptions';
import { SizingPolicy } from '../sizing/capacity';
import { Rules } from '../validation';

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
}

/** Default bounds: SIZING-MODEL.md, "One verdict, the same everywhere". */
export const DEFAULT_TARGET_UTILIZATION = 0.7;
export const DEFAULT_MAX_UTILIZATION = 0.9;
/** A row WARNs above this share of its bound. */
export const WARN_MARGIN = 0.9;

/** A DNS-safe block name: lower case, starts with a letter, up to 32 characters. */
export const NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
export const NAME_ALLOWED = 'lower-case letters, digits and hyphens, starting with a letter, 1 to 32 characters';

/** Checks and resolves the sizing bounds of a block. */
export function resolveSizingPolicy(rules: Rules, assumptions: Assumptions, options: SizingBoundsOptions | undefined): SizingPolicy {
  const o = options ?? {};
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

/** Checks a block name. */
export function checkName(rules: Rules, name: string | undefined): boolean {
  return rules.check('name', name, typeof name === 'string' && NAME_PATTERN.test(name), NAME_ALLOWED);
}

/** Allowed AZ spread of multi-AZ blocks. */
export const MIN_AZS = 2;
export const MAX_AZS = 6;
export const DEFAULT_AZS = 3;

/** Lists the values of a string-valued enum, for `Rules.oneOf`. */
export function enumValues(e: Record<string, string>): string[] {
  return Object.values(e);
}

/** A CIDR block (IPv4 or IPv6), loosely: the backends re-check with their own parsers. */
export const CIDR_PATTERN = /^(\d{1,3}(\.\d{1,3}){3}\/\d{1,2}|[0-9a-fA-F:]+\/\d{1,3})$/;

/** An ARN. */
export const ARN_PATTERN = /^arn:aws[a-zA-Z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/;

/** What happens to a stateful resource when its stack or configuration removes it. */
export enum RemovalPolicy {
  /** Keep the resource (orphan it): buckets, queues, tables, secrets. */
  RETAIN = 'RETAIN',
  /** Take a final snapshot, then delete (databases and caches that support snapshots). */
  SNAPSHOT = 'SNAPSHOT',
  /** Delete it with its data: only when asked for explicitly. */
  DESTROY = 'DESTROY',
}
