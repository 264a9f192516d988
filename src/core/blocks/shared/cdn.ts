import * as catalog from '../../catalog';
import { fmt, Rules } from '../../validation';
import { RemovalPolicy } from '../common';

/*
 * The CDN tier: the vocabulary TieredCache (its `cdn` tier) and GlobalCdn (its static
 * behaviours) share: cacheable path patterns and their TTLs, checked and defaulted once here.
 */

/** Cacheable path patterns when none are given (fingerprinted assets). */
export const DEFAULT_STATIC_PATH_PATTERNS: readonly string[] = ['/static/*', '/assets/*'];

/** The CDN tier: what the edge caches, and for how long. GlobalCdn renders it when both exist. */
export interface CdnTierOptions {
  /**
   * Shortest time an object stays cached, in seconds, even when the origin says less.
   *
   * @default 0
   */
  readonly minTtlSeconds?: number;
  /**
   * Time an object stays cached when the origin sends no Cache-Control or Expires, in seconds.
   *
   * @default 86400 (CloudFront's default, from the catalog)
   */
  readonly defaultTtlSeconds?: number;
  /**
   * Longest time an object stays cached, in seconds, even when the origin says more.
   *
   * @default 31536000 (CloudFront's default, from the catalog)
   */
  readonly maxTtlSeconds?: number;
  /**
   * Cacheable path patterns (CloudFront cache behaviour patterns such as `/static/*`).
   *
   * @default ['/static/*', '/assets/*']
   */
  readonly pathPatterns?: string[];
}

/** The resolved CDN tier: what GlobalCdn renders for the cacheable paths. */
export interface CdnTierPlan {
  readonly minTtlSeconds: number;
  readonly defaultTtlSeconds: number;
  readonly maxTtlSeconds: number;
  readonly pathPatterns: string[];
  /** Share of all client requests the CDN answers. */
  readonly hitRatio: number;
}

/**
 * How CloudFront reaches a load balancer it fronts, and what else can reach it: one decision, held
 * by both the CDN's plan (its load-balancer origin) and the API's plan, which the backends render.
 */
export enum OriginAccess {
  /** No CDN in front: clients reach the load balancer directly (as `internetFacing` and `allowedCidrs` say). */
  DIRECT = 'DIRECT',
  /**
   * An internet-facing load balancer whose security group admits only CloudFront's origin-facing
   * managed prefix list (`com.amazonaws.global.cloudfront.origin-facing`). Any CloudFront
   * distribution, of any account, reaches it: the prefix list does not tie it to this one, so a
   * distribution without this one's web ACL can go around it.
   */
  CLOUDFRONT_PREFIX_LIST = 'CLOUDFRONT_PREFIX_LIST',
  /**
   * An internal load balancer in private subnets, with no public entry at all, reached through a
   * CloudFront VPC origin (AWS::CloudFront::VpcOrigin; Terraform `aws_cloudfront_vpc_origin`):
   * traffic from CloudFront to it stays on AWS's private network, so plain HTTP on that hop needs
   * no `allowPlainHttp`. Its security group admits only CloudFront's origin-facing managed prefix
   * list on the listener ports, the way aws-cdk-lib's aws-cloudfront-origins README ("The CloudFront
   * managed prefix list") documents for VPC origins. The `CloudFront-VPCOrigins-Service-SG` security
   * group that CloudFront creates in the VPC would be narrower, but it has no id until the first
   * deploy (a custom resource or a second apply would have to read it), so it is not used.
   * See https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html
   */
  VPC_ORIGIN = 'VPC_ORIGIN',
  /**
   * An internet-facing Application Load Balancer with an HTTPS listener that forwards only requests
   * carrying a secret origin header: CloudFront adds the header (a custom origin header) to every
   * request it sends, the listener's one forwarding rule has an http-header condition on it, and
   * the listener's default action answers 403. The value is generated into a Secrets Manager
   * secret and reaches both ends from there, so no other distribution knows it. The security group
   * still admits only CloudFront's origin-facing prefix list (defence in depth). Chosen explicitly;
   * needs `certificateArn` (the header must not cross the internet in plain text). Rotation is not
   * built: a new value must reach the distribution and the listener rule together.
   * See https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/restrict-access-to-load-balancer.html
   */
  SECRET_ORIGIN_HEADER = 'SECRET_ORIGIN_HEADER',
}

/** The header CloudFront adds and the load balancer checks with originAccess SECRET_ORIGIN_HEADER, when none is given. */
export const DEFAULT_ORIGIN_HEADER_NAME = 'X-Origin-Verify';

/** Length of the generated origin header value when none is given: 32 letters and digits. */
export const DEFAULT_ORIGIN_HEADER_VALUE_LENGTH = 32;

/** The shortest generated origin header value accepted. */
export const MIN_ORIGIN_HEADER_VALUE_LENGTH = 16;

/**
 * An origin header name: `X-` then letters, digits and hyphens, at most the listener rule's 40
 * characters. The `X-` prefix keeps it clear of the standard headers CloudFront will not add
 * (Host, Cookie, Cache-Control...); the `X-Amz-` and `X-Edge-` prefixes are CloudFront's own.
 */
export const ORIGIN_HEADER_NAME_PATTERN = /^X-(?!Amz-|Amzn-|Edge-|Forwarded-|Real-Ip$)[A-Za-z0-9][A-Za-z0-9-]*$/i;

/** A Secrets Manager secret name: 1 to 512 of letters, digits and /_+=.@- (the service's rule). */
export const SECRET_NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/** The origin secret's name for an API block named `name`: unique per block, so two systems never share one. */
export function originSecretNameFor(name: string): string {
  return `scaleblocks/${name}/origin-verify`;
}

/** Checks an origin header name: `X-` then letters, digits and hyphens, within the listener rule's length. */
export function checkOriginHeaderName(rules: Rules, prop: string, value: unknown): void {
  const max = catalog.QUOTAS.elb.httpHeaderConditionNameMaxLength.value;
  rules.check(prop, value, typeof value === 'string' && value.length <= max && ORIGIN_HEADER_NAME_PATTERN.test(value),
    `a header name of X- then letters, digits and hyphens, at most ${fmt(max)} characters, not X-Amz-, X-Amzn-, X-Edge- or X-Forwarded- (CloudFront's own)`);
}

/** The secret origin header (originAccess SECRET_ORIGIN_HEADER). */
export interface OriginHeaderOptions {
  /**
   * Name of the header CloudFront adds and the listener rule checks (`X-` then letters, digits
   * and hyphens, at most 40 characters; not `X-Amz-`, `X-Amzn-`, `X-Edge-`, `X-Forwarded-`).
   *
   * @default 'X-Origin-Verify'
   */
  readonly headerName?: string;
  /**
   * Name of the Secrets Manager secret that holds the header's value. A LoadBalancedApi creates it;
   * a GlobalCdn reads it (a GlobalCdn on its own must be told the API's secret name).
   *
   * @default - `scaleblocks/<api name>/origin-verify` on a LoadBalancedApi (and in a system); required on a GlobalCdn on its own
   */
  readonly secretName?: string;
  /**
   * Length of the generated value: letters and digits only (the listener rule reads `*` and `?` as
   * wildcards and compares case-insensitively), 16 to 128 (the rule's longest value). Set on the
   * LoadBalancedApi, which generates it; unset on a GlobalCdn.
   *
   * @default 32
   */
  readonly valueLength?: number;
}

/** The Secrets Manager secret of the origin header, as the LoadBalancedApi creates it. */
export interface OriginSecretPlan {
  /** The secret's name. */
  readonly name: string;
  /** Length of the generated value (a plain string, not JSON). */
  readonly valueLength: number;
  /** Punctuation excluded: letters and digits only, so no wildcard (`*`, `?`) reaches the listener rule. */
  readonly excludePunctuation: boolean;
  /** Spaces allowed in the value: false. */
  readonly includeSpace: boolean;
  /** What happens to the secret when it leaves the stack (RETAIN, as every secret of the library). */
  readonly removalPolicy: RemovalPolicy;
}

/** The secret origin header of a LoadBalancedApi (originAccess SECRET_ORIGIN_HEADER). */
export interface ApiOriginHeaderPlan {
  /** The header name the forwarding rule's http-header condition checks. */
  readonly headerName: string;
  /** The secret whose value the condition compares with (and CloudFront sends). */
  readonly secret: OriginSecretPlan;
  /**
   * Priority of the listener's one forwarding rule (1: evaluated first). With ROLLING it is a rule
   * with the http-header condition alone; with BLUE_GREEN the header condition is added to the
   * production rule that ECS shifts. Whatever no rule takes gets `listener.unmatchedResponse` (403).
   */
  readonly rulePriority: number;
}

/** A CloudFront cache behaviour path pattern (not the default `*`): starts with `/`, up to 255 allowed characters. */
export const CDN_PATH_PATTERN = /^\/[A-Za-z0-9_\-.*$/~"'@:+&?=]{0,254}$/;
export const CDN_PATH_PATTERN_ALLOWED = 'a CloudFront path pattern starting with / (letters, digits and _-.*$/~"\'@:+&?=, up to 255 characters), such as /static/*';

/** Checks a list of CloudFront path patterns; returns the list when it is usable. */
export function checkPathPatterns(rules: Rules, prop: string, value: unknown, max: number): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    rules.check(prop, value, false, 'a list of CloudFront path patterns');
    return undefined;
  }
  rules.check(prop, value, value.length >= 1 && value.length <= max, `a list of 1 to ${fmt(max)} path patterns`);
  return rules.uniqueStrings(prop, value, (p) => CDN_PATH_PATTERN.test(p), CDN_PATH_PATTERN_ALLOWED);
}

/** Checks min <= default <= max TTLs within CloudFront's range; `prefix` is the props' parent. */
export function checkTtls(rules: Rules, prefix: string, min: unknown, def: unknown, max: unknown): void {
  const limit = catalog.QUOTAS.cloudFront.maxTtlSeconds.value;
  const okMin = rules.integer(`${prefix}.minTtlSeconds`, min as number, 0, limit, 's');
  const okDef = rules.integer(`${prefix}.defaultTtlSeconds`, def as number, 0, limit, 's');
  const okMax = rules.integer(`${prefix}.maxTtlSeconds`, max as number, 0, limit, 's');
  if (okMin && okDef) rules.check(`${prefix}.defaultTtlSeconds`, def, (def as number) >= (min as number), `at least ${prefix}.minTtlSeconds (${fmt(min as number)})`);
  if (okDef && okMax) rules.check(`${prefix}.maxTtlSeconds`, max, (max as number) >= (def as number), `at least ${prefix}.defaultTtlSeconds (${fmt(def as number)})`);
}

/** TTLs of a CDN tier with CloudFront's defaults (from the catalog) where none is given; not yet validated. */
export function cdnTtlsOrDefaults(o: { minTtlSeconds?: number; defaultTtlSeconds?: number; maxTtlSeconds?: number }):
{ minTtlSeconds: number; defaultTtlSeconds: number; maxTtlSeconds: number } {
  const cf = catalog.QUOTAS.cloudFront;
  return {
    minTtlSeconds: o.minTtlSeconds ?? 0,
    defaultTtlSeconds: o.defaultTtlSeconds ?? cf.defaultTtlSeconds.value,
    maxTtlSeconds: o.maxTtlSeconds ?? cf.maxTtlSeconds.value,
  };
}
