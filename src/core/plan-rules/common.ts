import { ARN_PATTERN, BlockKind, MAX_AZS, MIN_AZS, MIN_UTILIZATION_BOUND } from '../blocks/common';
import { checkLogRetention } from '../blocks/shared/ecs';
import { MAX_KMS_KEY_DELETION_WINDOW_DAYS, MIN_KMS_KEY_DELETION_WINDOW_DAYS, VPC_CIDR_ALLOWED, VPC_CIDR_PATTERN } from '../blocks/shared/foundation';
import { FIXED_RESPONSE_CONTENT_TYPES, FIXED_RESPONSE_MAX_BODY_LENGTH, REDIRECT_STATUS_CODES } from '../blocks/shared/listener';
import { SUBNET_TIERS, subnetLayoutProblems } from '../blocks/shared/subnets';
import * as catalog from '../catalog';
import { renderValue, ValidationIssue } from '../errors';
import { isFiniteNumber, isPlainObject, Rules } from '../validation';

/*
 * Rules a plan handed to a construct (`new X(scope, id, { plan })`, a SystemStack's own plans)
 * must pass before either backend renders it. A plan made by the plan function passes them by
 * construction; these rules stop what a plan function never makes: a plan of another format,
 * a wrong structure, a NaN, a negative count, a port of -1, or an AZ count the backends would
 * loop over for ever. Props are reported under `plan.` with their path inside the plan.
 */

/** The rules of one block's plan. */
export interface BlockPlanRules {
  /** The block the plan must be of. */
  readonly kind: BlockKind;
  /** The block's plan function: a construct's `resolvePlan` finds the rules by it. */
  readonly plan: Function;
  /** The plan interface, e.g. `LoadBalancedApiPlan`, for messages. */
  readonly type: string;
  /** The plan's schema file in schema/, e.g. `plans/load-balanced-api.schema.json`. */
  readonly schema: string;
  /** The block's own value rules (after the generic ones), on a plan whose structure may still be wrong. */
  check(rules: PlanValueRules, plan: Record<string, unknown>): void;
}

/**
 * Value rules over a plan whose structure is not yet trusted: each rule reads its value by path,
 * and only compares it when it is a number (a wrong type is the schema's to report).
 */
export class PlanValueRules {
  constructor(public readonly rules: Rules, private readonly root: unknown, private readonly prefix = 'plan') {}

  /** The value at a dotted path inside the plan (`scaling.minTasks`, `instances[0].az`). */
  public at(path: string): unknown {
    let v: any = this.root;
    for (const seg of path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '')) {
      if (v === null || typeof v !== 'object') return undefined;
      v = v[/^\d+$/.test(seg) ? Number(seg) : seg];
    }
    return v;
  }

  /** The prop as reported: `plan.<path>`. */
  public prop(path: string): string {
    return path ? `${this.prefix}.${path}` : this.prefix;
  }

  /** An integer in [min, max] at `path`, when a number is there. */
  public integer(path: string, min: number, max: number, what = ''): boolean {
    const v = this.at(path);
    if (typeof v !== 'number') return true;
    return this.rules.check(this.prop(path), v, Number.isInteger(v) && v >= min && v <= max,
      `an integer from ${min} to ${max}${what ? ` ${what}` : ''}`);
  }

  /** A finite number in [min, max] at `path`, when a number is there. */
  public number(path: string, min: number, max: number, what = ''): boolean {
    const v = this.at(path);
    if (typeof v !== 'number') return true;
    return this.rules.check(this.prop(path), v, isFiniteNumber(v) && v >= min && v <= max,
      `a number from ${min} to ${max}${what ? ` ${what}` : ''}`);
  }

  /** `at(low) <= at(high)` when both are numbers. */
  public ordered(low: string, high: string): boolean {
    const a = this.at(low);
    const b = this.at(high);
    if (!isFiniteNumber(a) || !isFiniteNumber(b)) return true;
    return this.rules.check(this.prop(high), b, b >= a, `at least ${low} (${a})`);
  }

  /** `at(low) < at(high)` when both are numbers. */
  public below(low: string, high: string): boolean {
    const a = this.at(low);
    const b = this.at(high);
    if (!isFiniteNumber(a) || !isFiniteNumber(b)) return true;
    return this.rules.check(this.prop(low), a, a < b, `less than ${high} (${b})`);
  }

  /** A list at `path` whose length is in [min, max], when a list is there. */
  public length(path: string, min: number, max: number, what = 'items'): boolean {
    const v = this.at(path);
    if (!Array.isArray(v)) return true;
    return this.rules.check(this.prop(path), v, v.length >= min && v.length <= max, `a list of ${min} to ${max} ${what}`);
  }

  /** A non-empty string at `path` (a name or id a backend must render: the schema cannot require it when it depends on a mode). */
  public text(path: string, why: string): boolean {
    const v = this.at(path);
    return this.rules.check(this.prop(path), v, typeof v === 'string' && v.length > 0, `a non-empty string ${why}`);
  }

  /** Runs `check` on each item of the list at `path` with rules rooted at that item. */
  public each(path: string, check: (item: PlanValueRules, index: number) => void): void {
    const v = this.at(path);
    if (!Array.isArray(v)) return;
    v.forEach((item, i) => {
      if (isPlainObject(item)) check(new PlanValueRules(this.rules, item, `${this.prop(path)}[${i}]`), i);
    });
  }

  /** Rules rooted at the object at `path` (a nested plan), or undefined when none is there. */
  public nested(path: string): PlanValueRules | undefined {
    const v = this.at(path);
    return isPlainObject(v) ? new PlanValueRules(this.rules, v, this.prop(path)) : undefined;
  }
}

/** The highest count a plan may hold for anything the backends create one resource per unit of, or loop over. */
export const MAX_PLAN_COUNT = 10_000;

/** Keys of a number that is a port. */
const PORT_KEY = /(^port$|Port$)/;
/** Keys of a list of ports. */
const PORTS_KEY = /Ports$/;
/** Keys of a count: rendered as an integer, never negative, never astronomically large. */
const COUNT_KEY = /(Count|Tasks|Workers|Instances|Readers|Threshold|Periods|Attempts|BurstLimit)$|^(readers|shards|replicasPerShard|index|az|primaryAz|priority|batchSize|maxConcurrency|capacity|burstLimit)$/;
/** Keys of a whole number of a unit the templates take as an integer. */
const INTEGER_UNIT_KEY = /(Seconds|Days|Ms|Bytes|MiB|MB|Length|Version|Priority|StatusCode)$|^(cpu|port)$/;
/** Keys in seconds that a plan derives from the declared load (a fraction is fine there: they feed scaling, not a template's integer). */
const DERIVED_SECONDS_KEY = /^(acceptable|pollAfter)/;
/** Keys of a fraction. */
const FRACTION_KEY = /(Ratio|Utilization|Fill|Share|Margin)$/;
/** Keys whose number may be negative (an alarm threshold, a step scaling adjustment). */
const SIGNED_KEY = /^(threshold|capacity|scalingAdjustment)$/;
/** Subtrees that hold the sizing's inputs, not rendered settings: only finiteness applies there. */
const SIZING_ONLY = new Set(['load', 'sizing', 'assumed']);

/**
 * The rules every plan passes by the names of its keys, whatever the block, in one walk: its
 * numbers (finite, not negative but a threshold, ports 1 to 65535, azCount MIN_AZS to MAX_AZS,
 * counts whole and at most MAX_PLAN_COUNT, seconds/days/bytes/MiB whole, fractions 0 to 1), its
 * ARNs and its sizing policies.
 */
export function genericValueRules(rules: Rules, plan: unknown): void {
  walk(plan, [], false, (segments, value, sizingOnly) => {
    const last = segments[segments.length - 1];
    if (typeof value === 'number') {
      numberRules(rules, segments, value, sizingOnly);
    } else if (typeof value === 'string' && typeof last === 'string' && /Arn$/.test(last) && !sizingOnly) {
      // aws-cdk-lib threw its own error on another string, and Terraform wrote it as given.
      rules.check(`plan.${joinSegments(segments)}`, value, ARN_PATTERN.test(value), 'an ARN: arn:<partition>:<service>:<region>:<account>:<resource>');
    } else if (last === 'sizing' && isPlainObject(value) && ('warnMargin' in value || 'targetUtilization' in value)) {
      sizingPolicyRules(rules, segments, value);
    }
  });
}

/** A number's rules, by the name of its key (only finiteness in the sizing's inputs). */
function numberRules(rules: Rules, segments: (string | number)[], value: number, sizingOnly: boolean): void {
  const keys = segments.filter((s): s is string => typeof s === 'string');
  const key = typeof segments[segments.length - 1] === 'string' ? keys[keys.length - 1] : '';
  const parentKey = keys[keys.length - 1] ?? '';
  const prop = `plan.${joinSegments(segments)}`;
  if (!rules.check(prop, value, Number.isFinite(value), 'a finite number')) return;
  if (sizingOnly) return;
  const port = PORT_KEY.test(key) || (typeof segments[segments.length - 1] === 'number' && PORTS_KEY.test(parentKey));
  if (!SIGNED_KEY.test(key) && key !== 'azCount' && !port) {
    if (!rules.check(prop, value, value >= 0, 'a number of at least 0')) return;
  }
  if (key === 'azCount') {
    rules.check(prop, value, Number.isInteger(value) && value >= MIN_AZS && value <= MAX_AZS, `an integer from ${MIN_AZS} to ${MAX_AZS}`);
  } else if (port) {
    rules.check(prop, value, Number.isInteger(value) && value >= 1 && value <= 65535, 'a port: an integer from 1 to 65535');
  } else if (key === 'periodSeconds') {
    checkCloudWatchPeriod(rules, prop, value);
  } else if (COUNT_KEY.test(key)) {
    rules.check(prop, value, Number.isInteger(value) && Math.abs(value) <= MAX_PLAN_COUNT, `an integer from 0 to ${MAX_PLAN_COUNT.toLocaleString('en-US')}`);
  } else if (INTEGER_UNIT_KEY.test(key) && !DERIVED_SECONDS_KEY.test(key)) {
    rules.check(prop, value, Number.isInteger(value), 'a whole number');
  } else if (FRACTION_KEY.test(key)) {
    rules.check(prop, value, value <= 1, 'a fraction from 0 to 1');
  }
}

/**
 * A sizing policy (`sizing`, a block's or a shard's): utilisation bounds from MIN_UTILIZATION_BOUND
 * to 1, the AZ-loss bound at least the target, a warn margin in the same range (a margin of -1 or
 * 1e9 sent the backend's synth-time sizing into searches without end).
 */
function sizingPolicyRules(rules: Rules, segments: (string | number)[], policy: Record<string, unknown>): void {
  const prop = (name: string) => `plan.${joinSegments([...segments, name])}`;
  const { targetUtilization: target, maxUtilization: max, warnMargin: margin } = policy;
  const bound = (name: string, x: unknown) => typeof x !== 'number'
    || rules.check(prop(name), x, x >= MIN_UTILIZATION_BOUND && x <= 1, `a utilisation from ${MIN_UTILIZATION_BOUND} to 1`);
  const targetOk = bound('targetUtilization', target);
  const maxOk = bound('maxUtilization', max);
  if (targetOk && maxOk && typeof target === 'number' && typeof max === 'number') {
    rules.check(prop('maxUtilization'), max, max >= target, `at least targetUtilization (${target})`);
  }
  if (typeof margin === 'number') {
    rules.check(prop('warnMargin'), margin, margin >= MIN_UTILIZATION_BOUND && margin <= 1,
      `a fraction from ${MIN_UTILIZATION_BOUND} to 1 (the share of a bound above which a row WARNs)`);
  }
}

/** Every node of a plan, depth first, and whether it lies in the sizing's inputs (`load`, `sizing`, `assumed`). */
function walk(x: unknown, segments: (string | number)[], sizingOnly: boolean,
  visit: (segments: (string | number)[], value: unknown, sizingOnly: boolean) => void): void {
  visit(segments, x, sizingOnly);
  if (Array.isArray(x)) {
    x.forEach((v, i) => walk(v, [...segments, i], sizingOnly, visit));
  } else if (isPlainObject(x)) {
    for (const [k, v] of Object.entries(x)) walk(v, [...segments, k], sizingOnly || SIZING_ONLY.has(k), visit);
  }
}

function joinSegments(segments: (string | number)[]): string {
  return segments.reduce<string>((acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
}

/** The CloudWatch periods both backends render: aws-cdk-lib takes 1, 5, 10, 30 or a multiple of 60 s, PutMetricAlarm 10, 20, 30 or a multiple of 60 s. */
export const CLOUDWATCH_PERIODS_ALLOWED = '10, 30 or a multiple of 60 seconds (a CloudWatch alarm period)';

/** Whether CloudWatch alarms and aws-cdk-lib's metrics both take `seconds` as a period. */
export function isCloudWatchPeriod(seconds: number): boolean {
  return Number.isInteger(seconds) && seconds > 0 && (seconds === 10 || seconds === 30 || seconds % 60 === 0);
}

function checkCloudWatchPeriod(rules: Rules, prop: string, value: number): boolean {
  return rules.check(prop, value, isCloudWatchPeriod(value), CLOUDWATCH_PERIODS_ALLOWED);
}

/**
 * An alarm's evaluation range, period x evaluation periods, within what PutMetricAlarm takes:
 * one day for a period under an hour, seven days otherwise. `periods` are the paths of the
 * periods the alarm evaluates (one, or each metric of a metric-math expression).
 */
export function checkAlarmWindow(r: PlanValueRules, periods: string[], evaluationPeriodsPath: string): void {
  const n = r.at(evaluationPeriodsPath);
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) return;
  const cw = catalog.QUOTAS.cloudWatch;
  for (const path of periods) {
    const period = r.at(path);
    if (typeof period !== 'number' || !isCloudWatchPeriod(period)) continue;
    const max = period < 3600 ? cw.alarmEvaluationRangeMaxSeconds.value : cw.alarmEvaluationRangeLongPeriodMaxSeconds.value;
    r.rules.check(r.prop(evaluationPeriodsPath), n, period * n <= max,
      `at most ${Math.floor(max / period)} with ${r.prop(path)} ${period} s: an alarm evaluates at most ${max.toLocaleString('en-US')} s (period x evaluation periods${period < 3600 ? ', for a period under one hour' : ''})`);
  }
}

/** S3 object ownership, as the plan spells it (aws-cdk-lib's member names; Terraform's are their PascalCase). */
export const OBJECT_OWNERSHIPS = ['BUCKET_OWNER_ENFORCED', 'BUCKET_OWNER_PREFERRED', 'OBJECT_WRITER'];

/**
 * A string the backends translate from a fixed vocabulary (an S3 object ownership, a WAF action):
 * one of `allowed` when a value is there (aws-cdk-lib threw its own error on another, and
 * Terraform wrote it into the template as given).
 */
export function checkVocabulary(r: PlanValueRules, path: string, allowed: readonly string[], why = ''): void {
  const v = r.at(path);
  if (v === undefined) return;
  r.rules.check(r.prop(path), v, typeof v === 'string' && allowed.includes(v), `one of ${allowed.join(', ')}${why ? ` ${why}` : ''}`);
}

/** An issue about the plan as a whole (not an object, of another block or format). */
export function planIssue(path: string, prop: string, value: unknown, allowed: string): ValidationIssue {
  return { path, prop, value: renderValue(value), allowed };
}

/**
 * The network and keys a block creates when it is given none (`createdNetwork`,
 * `kmsKeyDeletionWindowDays`): a /16 CIDR the subnets can be carved from, its subnet layout
 * (each block a CIDR of its tier's mask, inside the VPC, overlapping no other, one per AZ in each
 * tier), a CloudWatch Logs retention period, the deletion window KMS accepts.
 *
 * @param azCount the AZs the created VPC spans, as the plan says it (its block's `azCount`); when
 * it is not a valid count (reported by the block's own rule) each tier holds the same number of
 * blocks, from MIN_AZS to MAX_AZS
 */
export function checkFoundation(r: PlanValueRules, azCount: unknown): void {
  const cidr = r.at('createdNetwork.vpcCidr');
  if (cidr !== undefined) r.rules.check(r.prop('createdNetwork.vpcCidr'), cidr, typeof cidr === 'string' && VPC_CIDR_PATTERN.test(cidr), VPC_CIDR_ALLOWED);
  const days = r.at('createdNetwork.flowLogRetentionDays');
  if (typeof days === 'number') checkLogRetention(r.rules, r.prop('createdNetwork.flowLogRetentionDays'), days);
  const network = r.at('createdNetwork');
  if (isPlainObject(network)) {
    const count = typeof azCount === 'number' && Number.isInteger(azCount) && azCount >= MIN_AZS && azCount <= MAX_AZS ? azCount : undefined;
    if (count === undefined) {
      for (const tier of SUBNET_TIERS) {
        r.length(`createdNetwork.${tier}.cidrBlocks`, MIN_AZS, MAX_AZS, 'CIDR blocks (one per Availability Zone)');
      }
    }
    for (const p of subnetLayoutProblems(network, count)) r.rules.check(r.prop(`createdNetwork.${p.path}`), p.value, false, p.allowed);
  }
  r.integer('kmsKeyDeletionWindowDays', MIN_KMS_KEY_DELETION_WINDOW_DAYS, MAX_KMS_KEY_DELETION_WINDOW_DAYS, 'days (the deletion window KMS accepts)');
}

/** A fixed response of a listener at `path` (an ELB fixed-response action), when one is there. */
export function checkFixedResponse(r: PlanValueRules, path: string): void {
  const response = r.nested(path);
  if (!response) return;
  const status = response.at('statusCode');
  if (typeof status === 'number') {
    response.rules.check(response.prop('statusCode'), status, Number.isInteger(status) && /^[245]\d\d$/.test(String(status)),
      'an HTTP status code of 2XX, 4XX or 5XX (what an ELB fixed response takes)');
  }
  const type = response.at('contentType');
  if (type !== undefined) {
    response.rules.check(response.prop('contentType'), type, typeof type === 'string' && FIXED_RESPONSE_CONTENT_TYPES.includes(type),
      `one of ${FIXED_RESPONSE_CONTENT_TYPES.join(', ')}`);
  }
  const body = response.at('messageBody');
  if (typeof body === 'string') {
    response.rules.check(response.prop('messageBody'), body, body.length <= FIXED_RESPONSE_MAX_BODY_LENGTH,
      `at most ${FIXED_RESPONSE_MAX_BODY_LENGTH} characters`);
  }
}

/** The status of a redirect at `path`: required when the listener redirects, else checked when present. */
export function checkRedirectStatus(r: PlanValueRules, path: string, required: boolean): void {
  const code = r.at(path);
  if (code === undefined && !required) return;
  r.rules.check(r.prop(path), code, typeof code === 'string' && REDIRECT_STATUS_CODES.includes(code),
    `one of ${REDIRECT_STATUS_CODES.join(', ')}${required ? ' (the listener redirects HTTP to HTTPS)' : ''}`);
}
