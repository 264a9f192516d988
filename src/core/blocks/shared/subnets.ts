import * as catalog from '../../catalog';
import { Rules } from '../../validation';

/*
 * The subnet layout of the VPC a block creates when it is given none: which IPv4 CIDR block each
 * tier's subnet takes in each Availability Zone. It is computed once, here, and both backends
 * render exactly these blocks (aws-cdk-lib through an `ec2.IIpAddresses` that hands them out,
 * Terraform as literal `cidr_block` strings).
 *
 * The layout is the one aws-cdk-lib's `IpAddresses.cidr()` carved before the plan held it, so a
 * CloudFormation stack keeps its subnets: the tiers in order (public, private with egress,
 * isolated), each tier's subnets in AZ order, each subnet at the next address after the previous
 * one rounded up to a multiple of its own size. With a /16 and the default masks: public
 * x.y.0.0/24, x.y.1.0/24 ...; private x.y.16.0/20, x.y.32.0/20 ...; isolated from the /20 after
 * the last private one (x.y.64.0/24, x.y.65.0/24 ... with 3 AZs). See docs/decisions/0006.
 */

/** The prefix length of each public subnet of a created VPC (load balancers and NAT gateways: 251 addresses each). */
export const DEFAULT_PUBLIC_SUBNET_CIDR_MASK = 24;
/** The prefix length of each private subnet with egress of a created VPC (tasks and functions: 4,091 addresses each). */
export const DEFAULT_PRIVATE_SUBNET_CIDR_MASK = 20;
/** The prefix length of each isolated subnet of a created VPC (databases and caches: 251 addresses each). */
export const DEFAULT_ISOLATED_SUBNET_CIDR_MASK = 24;

/** The prefix lengths EC2 takes for an IPv4 subnet: /16 to /28 (catalog, Amazon VPC User Guide). */
export const MIN_SUBNET_CIDR_MASK = catalog.QUOTAS.vpc.subnetIpv4PrefixMin.value;
export const MAX_SUBNET_CIDR_MASK = catalog.QUOTAS.vpc.subnetIpv4PrefixMax.value;

/** The subnets of one tier of the VPC a block creates. */
export interface CreatedSubnetTierPlan {
  /**
   * The prefix length of every subnet of the tier (16 to 28, at least the VPC's own).
   *
   * @default 24 for the public and isolated tiers, 20 for the private tier
   */
  readonly cidrMask: number;
  /**
   * The IPv4 CIDR block of the tier's subnet in each Availability Zone, in AZ order (the first
   * AZ's first): one per AZ the VPC spans, each inside the VPC's CIDR and overlapping no other
   * subnet of any tier.
   *
   * @default - carved from the VPC's CIDR in the order aws-cdk-lib's `IpAddresses.cidr()` carves
   * them: public, then private, then isolated; each at the next free address aligned to its size
   */
  readonly cidrBlocks: string[];
}

/** A created VPC's subnets: one tier plan per tier. */
export interface CreatedSubnetsPlan {
  /** Public subnets (load balancers and NAT gateways, no public IP on launch), one per AZ. */
  readonly publicSubnets: CreatedSubnetTierPlan;
  /** Private subnets with egress through their AZ's NAT gateway (tasks and functions), one per AZ. */
  readonly privateSubnets: CreatedSubnetTierPlan;
  /** Isolated subnets without egress (databases and caches), one per AZ. */
  readonly isolatedSubnets: CreatedSubnetTierPlan;
}

/** The three tiers by their plan field name, in the order their subnets are carved. */
export const SUBNET_TIERS: readonly (keyof CreatedSubnetsPlan)[] = ['publicSubnets', 'privateSubnets', 'isolatedSubnets'];

/** The prefix length of each tier's subnets. */
export interface SubnetCidrMasks {
  /** The prefix length of each public subnet. */
  readonly publicSubnets: number;
  /** The prefix length of each private subnet with egress. */
  readonly privateSubnets: number;
  /** The prefix length of each isolated subnet. */
  readonly isolatedSubnets: number;
}

/** The default prefix length of each tier. */
export const DEFAULT_SUBNET_CIDR_MASKS: SubnetCidrMasks = {
  publicSubnets: DEFAULT_PUBLIC_SUBNET_CIDR_MASK,
  privateSubnets: DEFAULT_PRIVATE_SUBNET_CIDR_MASK,
  isolatedSubnets: DEFAULT_ISOLATED_SUBNET_CIDR_MASK,
};

/** An IPv4 CIDR block as numbers: its first address (an unsigned 32-bit integer) and prefix length. */
export interface Ipv4Block {
  readonly address: number;
  readonly prefix: number;
}

const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(3[0-2]|[12]?\d)$/;

/** The size of a block of `prefix` (2^(32 - prefix) addresses). */
function sizeOf(prefix: number): number {
  return 2 ** (32 - prefix);
}

/**
 * An IPv4 CIDR (`10.0.16.0/20`) as numbers, or undefined when it is not one: four decimal octets
 * without leading zeros, a prefix of 0 to 32, and no host bits set (`10.0.16.1/20` is not a
 * block's address: EC2 rejects it).
 */
export function parseIpv4Cidr(cidr: unknown): Ipv4Block | undefined {
  if (typeof cidr !== 'string') return undefined;
  const m = IPV4_CIDR.exec(cidr);
  if (!m) return undefined;
  const address = ((Number(m[1]) * 256 + Number(m[2])) * 256 + Number(m[3])) * 256 + Number(m[4]);
  const prefix = Number(m[5]);
  if (address % sizeOf(prefix) !== 0) return undefined;
  return { address, prefix };
}

/** A block as its CIDR string. */
export function formatIpv4Cidr(block: Ipv4Block): string {
  const a = block.address;
  return `${Math.floor(a / 2 ** 24) % 256}.${Math.floor(a / 2 ** 16) % 256}.${Math.floor(a / 2 ** 8) % 256}.${a % 256}/${block.prefix}`;
}

/** Whether `inner` lies wholly inside `outer`. */
export function cidrContains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return inner.prefix >= outer.prefix && inner.address >= outer.address
    && inner.address + sizeOf(inner.prefix) <= outer.address + sizeOf(outer.prefix);
}

/** Whether two blocks share an address. */
export function cidrsOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.address < b.address + sizeOf(b.prefix) && b.address < a.address + sizeOf(a.prefix);
}

/**
 * The subnet layout of a VPC of `vpcCidr` over `azCount` AZs: each tier's subnets in AZ order,
 * each at the next free address rounded up to a multiple of its size (aws-cdk-lib's
 * `IpAddresses.cidr()` rule, so CloudFormation stacks keep the addresses they had). Undefined when
 * the VPC CIDR is not a block or the subnets do not fit in it.
 */
export function carveSubnets(vpcCidr: string, azCount: number,
  masks: SubnetCidrMasks = DEFAULT_SUBNET_CIDR_MASKS): CreatedSubnetsPlan | undefined {
  const vpc = parseIpv4Cidr(vpcCidr);
  if (!vpc || !Number.isInteger(azCount) || azCount < 0) return undefined;
  const end = vpc.address + sizeOf(vpc.prefix);
  let next = vpc.address;
  const layout: { [tier: string]: CreatedSubnetTierPlan } = {};
  for (const tier of SUBNET_TIERS) {
    const prefix = masks[tier];
    if (!Number.isInteger(prefix) || prefix < vpc.prefix || prefix > 32) return undefined;
    const size = sizeOf(prefix);
    const cidrBlocks: string[] = [];
    for (let az = 0; az < azCount; az++) {
      const address = Math.ceil(next / size) * size;
      if (address + size > end) return undefined;
      cidrBlocks.push(formatIpv4Cidr({ address, prefix }));
      next = address + size;
    }
    layout[tier] = { cidrMask: prefix, cidrBlocks };
  }
  return layout as unknown as CreatedSubnetsPlan;
}

/** One problem of a subnet layout: where (a path under the network plan), the value, what is allowed. */
export interface SubnetLayoutProblem {
  readonly path: string;
  readonly value: unknown;
  readonly allowed: string;
}

/**
 * Every problem of a supplied subnet layout (the tier plans of a `CreatedNetworkPlan`): each
 * tier's mask a subnet prefix EC2 takes and at least the VPC's; one CIDR block per AZ
 * (`azCount`, when known, else the same count in every tier); each block an IPv4 CIDR of the
 * tier's mask, inside the VPC's CIDR, and overlapping no other subnet of any tier. A value of the
 * wrong type is left to the plan schema.
 *
 * @param network the network plan (its `vpcCidr` and the three tiers)
 * @param azCount the AZs the created VPC spans, or undefined when the plan does not say one count
 */
export function subnetLayoutProblems(network: { [key: string]: unknown }, azCount: number | undefined): SubnetLayoutProblem[] {
  const problems: SubnetLayoutProblem[] = [];
  const vpc = parseIpv4Cidr(network.vpcCidr);
  const placed: { path: string; block: Ipv4Block }[] = [];
  const counts: { tier: string; count: number }[] = [];
  for (const tier of SUBNET_TIERS) {
    const plan = network[tier];
    if (plan === null || typeof plan !== 'object' || Array.isArray(plan)) continue;
    const { cidrMask, cidrBlocks } = plan as { cidrMask?: unknown; cidrBlocks?: unknown };
    const minMask = Math.max(MIN_SUBNET_CIDR_MASK, vpc?.prefix ?? MIN_SUBNET_CIDR_MASK);
    const maskOk = typeof cidrMask === 'number' && Number.isInteger(cidrMask) && cidrMask >= minMask && cidrMask <= MAX_SUBNET_CIDR_MASK;
    if (typeof cidrMask === 'number' && !maskOk) {
      problems.push({
        path: `${tier}.cidrMask`,
        value: cidrMask,
        allowed: `an integer from ${minMask} to ${MAX_SUBNET_CIDR_MASK} (a subnet prefix EC2 takes, no larger than the VPC's ${String(network.vpcCidr)})`,
      });
    }
    if (!Array.isArray(cidrBlocks)) continue;
    const expected = azCount ?? counts[0]?.count;
    if (expected !== undefined && cidrBlocks.length !== expected) {
      problems.push({
        path: `${tier}.cidrBlocks`,
        value: cidrBlocks,
        allowed: azCount !== undefined
          ? `a list of ${azCount} CIDR blocks: one per Availability Zone the VPC spans (azCount ${azCount})`
          : `a list of ${expected} CIDR blocks, as many as ${counts[0]?.tier}: one per Availability Zone in every tier`,
      });
    }
    counts.push({ tier, count: cidrBlocks.length });
    cidrBlocks.forEach((cidr, i) => {
      const path = `${tier}.cidrBlocks[${i}]`;
      if (typeof cidr !== 'string') return;
      const block = parseIpv4Cidr(cidr);
      const shape = maskOk ? `an IPv4 CIDR block of prefix /${cidrMask as number} (the tier's cidrMask)` : 'an IPv4 CIDR block';
      if (!block || (maskOk && block.prefix !== cidrMask)) {
        problems.push({ path, value: cidr, allowed: `${shape} such as 10.0.1.0/24, its address the first of the block` });
        return;
      }
      if (vpc && !cidrContains(vpc, block)) {
        problems.push({ path, value: cidr, allowed: `a block inside the VPC's CIDR ${String(network.vpcCidr)}` });
        return;
      }
      const clash = placed.find((p) => cidrsOverlap(p.block, block));
      if (clash) {
        problems.push({ path, value: cidr, allowed: `a block that overlaps no other subnet (it overlaps ${clash.path}, ${formatIpv4Cidr(clash.block)})` });
        return;
      }
      placed.push({ path, block });
    });
  }
  return problems;
}

/**
 * The CIDR blocks a backend renders for a created VPC that spans `azCount` AZs: of each tier, the
 * blocks of its first `azCount` AZs, in AZ order (all of them when the VPC spans the AZs the plan
 * was made for; a network spanning fewer, such as a Region of a geographic ShardedDatabase that
 * holds fewer of its shards' AZs, takes the first ones). Throws one ValidationError when a tier
 * holds fewer blocks than the VPC has AZs.
 *
 * @param path the construct path, shown in the error
 */
export function subnetCidrsFor(network: CreatedSubnetsPlan, azCount: number, path: string): { [tier: string]: string[] } {
  const rules = new Rules(path);
  const out: { [tier: string]: string[] } = {};
  for (const tier of SUBNET_TIERS) {
    const blocks = network[tier]?.cidrBlocks;
    const ok = rules.check(`plan.createdNetwork.${tier}.cidrBlocks`, blocks, Array.isArray(blocks) && blocks.length >= azCount,
      `a list of at least ${azCount} CIDR blocks: one per Availability Zone the created VPC spans`);
    out[tier] = ok ? blocks.slice(0, azCount) : [];
  }
  rules.throwIfInvalid();
  return out;
}
