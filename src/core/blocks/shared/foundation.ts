import { Rules } from '../../validation';
import { DEFAULT_AZS, MAX_AZS, MIN_AZS } from '../common';
import { carveSubnets, CreatedSubnetsPlan } from './subnets';

/*
 * What a block creates for itself when it is given nothing: the VPC (a backend's BlockNetwork /
 * blockVpc) and its customer managed KMS keys. Every block that can create them resolves these
 * settings once, here; both backends render exactly the resolved values.
 */

/** Which traffic a VPC flow log records (EC2 FlowLog TrafficType). */
export enum FlowLogTrafficType {
  /** Accepted and rejected traffic. */
  ALL = 'ALL',
  /** Accepted traffic only. */
  ACCEPT = 'ACCEPT',
  /** Rejected traffic only. */
  REJECT = 'REJECT',
}

/** Days the flow logs of a network a block creates are kept (a year of network forensics). */
export const FLOW_LOG_RETENTION_DAYS = 365;

/** The IPv4 CIDR of a VPC a block creates, unless its options say otherwise. */
export const DEFAULT_VPC_CIDR = '10.0.0.0/16';

/** The flow logs of a VPC a block creates record all traffic (accepted and rejected). */
export const DEFAULT_FLOW_LOG_TRAFFIC_TYPE = FlowLogTrafficType.ALL;

/**
 * A /16 IPv4 CIDR, the size the core carves the subnets from (public and isolated /24s, private
 * /20s: see ./subnets.ts). An EC2 VPC takes /16 to /28: the carving needs the /16.
 */
export const VPC_CIDR_PATTERN = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.0\.0\/16$/;
export const VPC_CIDR_ALLOWED = 'a /16 IPv4 CIDR such as 10.0.0.0/16 (the subnets are carved from a /16)';

/**
 * Days a scheduled deletion of a KMS key waits, unless the options say otherwise: the longest
 * KMS allows, so a key deleted by mistake can be recovered for a month.
 */
export const DEFAULT_KMS_KEY_DELETION_WINDOW_DAYS = 30;
/**
 * The waiting period KMS accepts for a key's scheduled deletion, in days (AWS::KMS::Key
 * PendingWindowInDays, aws_kms_key deletion_window_in_days: 7 to 30; source: AWS KMS Developer
 * Guide, "Deleting AWS KMS keys", read 2026-12-07).
 */
export const MIN_KMS_KEY_DELETION_WINDOW_DAYS = 7;
export const MAX_KMS_KEY_DELETION_WINDOW_DAYS = 30;

/**
 * The VPC a block creates when it is given none (unused when it is given one). Its subnets
 * (`publicSubnets`, `privateSubnets`, `isolatedSubnets`) hold the exact CIDR block of each tier in
 * each AZ, which both backends render as they are.
 */
export interface CreatedNetworkPlan extends CreatedSubnetsPlan {
  /** The VPC's IPv4 CIDR, a /16: its subnets' blocks are inside it. */
  readonly vpcCidr: string;
  /** Which traffic the VPC's flow logs record. */
  readonly flowLogTrafficType: FlowLogTrafficType;
  /** Days the flow logs are kept (a CloudWatch Logs retention period). */
  readonly flowLogRetentionDays: number;
}

/**
 * Checks the VPC CIDR option and resolves the network a block creates, its subnets carved for
 * `azCount` AZs (see ./subnets.ts).
 *
 * @param azCount the AZs the created VPC spans (the block's own count; an invalid one, which the
 * block's rules report, is replaced by the default so that the plan function never loops or throws)
 */
export function resolveCreatedNetwork(rules: Rules, vpcCidr: unknown, azCount: unknown, prop = 'vpcCidr'): CreatedNetworkPlan {
  const cidr = vpcCidr ?? DEFAULT_VPC_CIDR;
  const ok = rules.check(prop, cidr, typeof cidr === 'string' && VPC_CIDR_PATTERN.test(cidr), VPC_CIDR_ALLOWED);
  const vpc = ok ? cidr as string : DEFAULT_VPC_CIDR;
  const azs = typeof azCount === 'number' && Number.isInteger(azCount) && azCount >= MIN_AZS && azCount <= MAX_AZS ? azCount : DEFAULT_AZS;
  // A /16 holds every tier at MAX_AZS with the default masks (the core's tests prove it for every /16).
  const subnets = carveSubnets(vpc, azs)!;
  return {
    vpcCidr: vpc,
    flowLogTrafficType: DEFAULT_FLOW_LOG_TRAFFIC_TYPE,
    flowLogRetentionDays: FLOW_LOG_RETENTION_DAYS,
    ...subnets,
  };
}

/** Checks the KMS key deletion window option and resolves it. */
export function resolveKmsKeyDeletionWindow(rules: Rules, days: unknown, prop = 'kmsKeyDeletionWindowDays'): number {
  const value = days ?? DEFAULT_KMS_KEY_DELETION_WINDOW_DAYS;
  const ok = rules.check(prop, value,
    typeof value === 'number' && Number.isInteger(value) && value >= MIN_KMS_KEY_DELETION_WINDOW_DAYS && value <= MAX_KMS_KEY_DELETION_WINDOW_DAYS,
    `an integer from ${MIN_KMS_KEY_DELETION_WINDOW_DAYS} to ${MAX_KMS_KEY_DELETION_WINDOW_DAYS} (days KMS waits before it deletes a key)`);
  return ok ? value as number : DEFAULT_KMS_KEY_DELETION_WINDOW_DAYS;
}

/**
 * Options of what a block creates for itself when it is given nothing (its VPC, its KMS keys).
 * Every block that creates a VPC or a key takes them.
 */
export interface BlockFoundationOptions {
  /**
   * The IPv4 CIDR of the VPC the block creates when it is given none: a /16 (public and isolated
   * /24s and private /20s are carved from it). Ignored when the block is given a network.
   *
   * @default '10.0.0.0/16'
   */
  readonly vpcCidr?: string;
  /**
   * Days KMS waits before it deletes one of the block's keys once deletion is scheduled (7 to 30):
   * a key deleted by mistake can be recovered until then, and data encrypted under a deleted key is lost.
   *
   * @default 30
   */
  readonly kmsKeyDeletionWindowDays?: number;
}

/** What every plan of a block that can create its VPC or keys holds about them. */
export interface BlockFoundationPlan {
  /** The VPC the block creates when it is given none (unused when it is given a network). */
  readonly createdNetwork: CreatedNetworkPlan;
  /** Days KMS waits before it deletes one of the block's keys once deletion is scheduled (7 to 30). */
  readonly kmsKeyDeletionWindowDays: number;
}

/**
 * The foundation of a block's plan from its options.
 *
 * @param azCount the AZs the VPC the block creates spans (its subnets are carved for them)
 */
export function resolveFoundation(rules: Rules, options: BlockFoundationOptions, azCount: unknown): BlockFoundationPlan {
  return {
    createdNetwork: resolveCreatedNetwork(rules, options.vpcCidr, azCount),
    kmsKeyDeletionWindowDays: resolveKmsKeyDeletionWindow(rules, options.kmsKeyDeletionWindowDays),
  };
}
