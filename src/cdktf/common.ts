import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Fn, TerraformLocal, TerraformResource, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { AlarmComparison, AlarmPlan, RemovalPolicy } from '../core/blocks/common';
import { CreatedNetworkPlan } from '../core/blocks/shared/foundation';
import { subnetCidrsFor } from '../core/blocks/shared/subnets';
import { ELB_LOG_DELIVERY_ACCOUNTS } from '../core/catalog/elb-log-accounts';

/*
 * What every Terraform block shares: the network a block creates when it is given none, customer
 * managed keys, encrypted log groups, lifecycle protection and alarms. Nothing here derives a
 * default the core plan holds: it only renders.
 */

/**
 * Protects a stateful resource as its removal policy asks: RETAIN and SNAPSHOT become
 * `lifecycle { prevent_destroy = true }` (Terraform refuses a plan that would destroy or replace
 * it); DESTROY, only when the user asked for it, leaves it unprotected.
 */
export function protect(resource: TerraformResource, policy: RemovalPolicy = RemovalPolicy.RETAIN): void {
  if (policy === RemovalPolicy.DESTROY) return;
  resource.lifecycle = { ...(resource.lifecycle ?? {}), preventDestroy: true };
}

/** Account, partition and Region of the stack, read once per stack. */
export class StackContext extends Construct {
  /** The one context of `scope`'s stack (created on first use). */
  public static of(scope: Construct): StackContext {
    const stack = TerraformStack.of(scope);
    return (stack.node.tryFindChild('ScaleblocksContext') as StackContext | undefined) ?? new StackContext(stack, 'ScaleblocksContext');
  }

  public readonly accountId: string;
  public readonly partition: string;
  public readonly region: string;
  public readonly dnsSuffix: string;
  private readonly azs: DataAwsAvailabilityZones;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accountId = new DataAwsCallerIdentity(this, 'Caller').accountId;
    const partition = new DataAwsPartition(this, 'Partition');
    this.partition = partition.partition;
    this.dnsSuffix = partition.dnsSuffix;
    this.region = new DataAwsRegion(this, 'Region').region;
    this.azs = new DataAwsAvailabilityZones(this, 'Azs', { state: 'available' });
  }

  /** The name of the i-th available Availability Zone. */
  public availabilityZone(i: number): string {
    return Fn.element(this.azs.names, i);
  }

  /**
   * The account that delivers Application Load Balancer access logs in this Region (the catalog's
   * table; this account where the Region has none, its newer Regions delivering as a service
   * principal). A Terraform local, so policies reference it as `local.<name>` rather than inlining
   * the whole table into every policy string.
   */
  public get elbLogDeliveryAccount(): string {
    const id = 'ElbLogDeliveryAccount';
    const local = (this.node.tryFindChild(id) as TerraformLocal | undefined)
      ?? new TerraformLocal(this, id, Fn.lookup({ ...ELB_LOG_DELIVERY_ACCOUNTS }, this.region, this.accountId));
    return local.asString;
  }
}

/**
 * A customer managed KMS key with yearly rotation. Its policy gives the account's IAM the key,
 * lets the named service principals of this Region use it (e.g. `logs` for log groups), and
 * denies grants that are not for AWS resources. Its deletion window is the plan's
 * `kmsKeyDeletionWindowDays`.
 */
export function encryptionKey(scope: Construct, id: string, description: string, deletionWindowDays: number, servicePrincipals: string[] = [],
  removalPolicy: RemovalPolicy = RemovalPolicy.RETAIN): KmsKey {
  const ctx = StackContext.of(scope);
  const statements: object[] = [
    {
      Sid: 'AccountAdministers',
      Effect: 'Allow',
      Principal: { AWS: `arn:${ctx.partition}:iam::${ctx.accountId}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
    {
      Sid: 'DenyGrantsNotForAwsResources',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    },
  ];
  if (servicePrincipals.length > 0) {
    statements.push({
      Sid: 'ServicesEncrypt',
      Effect: 'Allow',
      Principal: { Service: servicePrincipals.map((s) => `${s}.${ctx.region}.${ctx.dnsSuffix}`) },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
    });
  }
  const key = new KmsKey(scope, id, {
    description,
    enableKeyRotation: true,
    deletionWindowInDays: deletionWindowDays,
    policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
  });
  protect(key, removalPolicy);
  return key;
}

/** A log group encrypted with a customer managed key, protected, with a retention period. */
export function encryptedLogGroup(scope: Construct, id: string, key: KmsKey, retentionDays: number, name?: string,
  removalPolicy: RemovalPolicy = RemovalPolicy.RETAIN): CloudwatchLogGroup {
  const group = new CloudwatchLogGroup(scope, id, { name, kmsKeyId: key.arn, retentionInDays: retentionDays });
  protect(group, removalPolicy);
  return group;
}

/** An existing network for a block, by id. */
export interface ExistingNetwork {
  /** The VPC. */
  readonly vpcId: string;
  /** The VPC's IPv4 CIDR (internal load balancers admit it). */
  readonly vpcCidr: string;
  /**
   * Public subnets, one per AZ (internet-facing load balancers).
   *
   * @default - none: the block must be internal
   */
  readonly publicSubnetIds?: string[];
  /** Private subnets with egress through NAT, one per AZ (tasks, functions). */
  readonly privateSubnetIds: string[];
  /**
   * Isolated subnets without egress, one per AZ (databases and caches).
   *
   * @default - the private subnets
   */
  readonly isolatedSubnetIds?: string[];
}

/**
 * How many Availability Zones a network given to a block offers it, for the plan's
 * `PlanContext.networkAzCount`: the subnet ids of the block's tier, one per AZ as
 * `ExistingNetwork` asks. Undefined when no network is given or its list is a token (a remote
 * state or a data source's ids, whose length is unknown at synth): the plan then keeps its
 * default, and the block's check of the network names `azCount` as the fix.
 *
 * @param dataTier true for databases and caches (`isolatedSubnetIds`, else `privateSubnetIds`),
 * false for tasks and functions (`privateSubnetIds`)
 */
export function networkAzCount(network: ExistingNetwork | undefined, dataTier: boolean): number | undefined {
  if (network === undefined || typeof network !== 'object') return undefined;
  const list: unknown = dataTier ? (network.isolatedSubnetIds ?? network.privateSubnetIds) : network.privateSubnetIds;
  if (!Array.isArray(list) || list.length === 0 || Token.isUnresolved(list)) return undefined;
  if (list.some((id) => typeof id !== 'string' || id === '')) return undefined;
  return new Set(list).size;
}

/**
 * How many AZs a network offers a construct that puts tasks in its private subnets and data in
 * its isolated ones (a gateway's services and their databases, a SystemStack's blocks): the fewer
 * of the two tiers' counts of `networkAzCount`. Undefined when either cannot be counted.
 */
export function networkAzCountOfBothTiers(network: ExistingNetwork | undefined): number | undefined {
  const tasks = networkAzCount(network, false);
  const data = networkAzCount(network, true);
  return tasks === undefined || data === undefined ? undefined : Math.min(tasks, data);
}

/** Props of the network a block creates when it is given none. */
export interface BlockNetworkProps {
  /** Availability Zones the network spans, one subnet of each tier in each. */
  readonly azCount: number;
  /** The plan's `createdNetwork`: the VPC's and every subnet's IPv4 CIDR block, flow-log traffic type and retention. */
  readonly network: CreatedNetworkPlan;
  /** Key the flow-log group is encrypted with. */
  readonly logKey: KmsKey;
}

/**
 * The network a block creates when the user gives none: public subnets (load balancers and NAT
 * only, no public IP on launch), private subnets with egress through one NAT gateway per AZ (an AZ
 * loss does not cut the others' egress), isolated subnets (databases and caches), and flow logs to an
 * encrypted log group (the VPC's and every subnet's CIDR block, traffic type and retention from the
 * plan's `createdNetwork`, the subnets' blocks written as literal strings).
 */
export class BlockNetwork extends Construct {
  public readonly vpc: Vpc;
  public readonly publicSubnets: Subnet[] = [];
  public readonly privateSubnets: Subnet[] = [];
  public readonly isolatedSubnets: Subnet[] = [];
  public readonly natGateways: NatGateway[] = [];
  public readonly flowLogGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: BlockNetworkProps) {
    super(scope, id);
    const ctx = StackContext.of(this);
    const cidrs = subnetCidrsFor(props.network, props.azCount, this.node.path);
    this.vpc = new Vpc(this, 'Resource', { cidrBlock: props.network.vpcCidr, enableDnsHostnames: true, enableDnsSupport: true });
    const igw = new InternetGateway(this, 'InternetGateway', { vpcId: this.vpc.id });
    const publicRoutes = new RouteTable(this, 'PublicRoutes', { vpcId: this.vpc.id });
    new Route(this, 'PublicDefaultRoute', { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
    for (let i = 0; i < props.azCount; i++) {
      const az = ctx.availabilityZone(i);
      const pub = new Subnet(this, `Public${i + 1}`, {
        vpcId: this.vpc.id, availabilityZone: az, cidrBlock: cidrs.publicSubnets[i], mapPublicIpOnLaunch: false,
      });
      new RouteTableAssociation(this, `Public${i + 1}Routes`, { subnetId: pub.id, routeTableId: publicRoutes.id });
      this.publicSubnets.push(pub);
      const eip = new Eip(this, `Nat${i + 1}Address`, { domain: 'vpc' });
      const nat = new NatGateway(this, `Nat${i + 1}`, { subnetId: pub.id, allocationId: eip.allocationId, dependsOn: [igw] });
      this.natGateways.push(nat);
      const priv = new Subnet(this, `Private${i + 1}`, { vpcId: this.vpc.id, availabilityZone: az, cidrBlock: cidrs.privateSubnets[i] });
      const privRoutes = new RouteTable(this, `Private${i + 1}Routes`, { vpcId: this.vpc.id });
      new Route(this, `Private${i + 1}DefaultRoute`, { routeTableId: privRoutes.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
      new RouteTableAssociation(this, `Private${i + 1}RoutesAssociation`, { subnetId: priv.id, routeTableId: privRoutes.id });
      this.privateSubnets.push(priv);
      const iso = new Subnet(this, `Isolated${i + 1}`, { vpcId: this.vpc.id, availabilityZone: az, cidrBlock: cidrs.isolatedSubnets[i] });
      const isoRoutes = new RouteTable(this, `Isolated${i + 1}Routes`, { vpcId: this.vpc.id });
      new RouteTableAssociation(this, `Isolated${i + 1}RoutesAssociation`, { subnetId: iso.id, routeTableId: isoRoutes.id });
      this.isolatedSubnets.push(iso);
    }
    this.flowLogGroup = encryptedLogGroup(this, 'FlowLogs', props.logKey, props.network.flowLogRetentionDays);
    const role = new IamRole(this, 'FlowLogRole', {
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    });
    new IamRolePolicy(this, 'FlowLogRolePolicy', {
      role: role.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: `${this.flowLogGroup.arn}:*`,
        }],
      }),
    });
    new FlowLog(this, 'FlowLog', {
      vpcId: this.vpc.id, trafficType: props.network.flowLogTrafficType, logDestinationType: 'cloud-watch-logs', logDestination: this.flowLogGroup.arn, iamRoleArn: role.arn,
    });
  }

  /** This network as an `ExistingNetwork`, for the blocks that share it. */
  public toExisting(): ExistingNetwork {
    return {
      vpcId: this.vpc.id,
      vpcCidr: this.vpc.cidrBlock,
      publicSubnetIds: this.publicSubnets.map((s) => s.id),
      privateSubnetIds: this.privateSubnets.map((s) => s.id),
      isolatedSubnetIds: this.isolatedSubnets.map((s) => s.id),
    };
  }
}

function comparisonOf(c: AlarmComparison): string {
  switch (c) {
    case AlarmComparison.GREATER_THAN_OR_EQUAL_TO_THRESHOLD: return 'GreaterThanOrEqualToThreshold';
    case AlarmComparison.LESS_THAN_OR_EQUAL_TO_THRESHOLD: return 'LessThanOrEqualToThreshold';
  }
}

/**
 * Renders one alarm plan under `scope`, with the construct id the plan gives, named
 * `<namePrefix>-<id>` (Terraform needs a name; the block's name keeps it unique and readable).
 */
export function renderAlarm(scope: Construct, namePrefix: string, plan: AlarmPlan, dimensions: { [name: string]: string },
  alarmActions?: string[]): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, plan.id, {
    alarmName: `${namePrefix}-${plan.id}`,
    alarmDescription: plan.description,
    namespace: plan.namespace,
    metricName: plan.metricName,
    statistic: plan.statistic,
    period: plan.periodSeconds,
    evaluationPeriods: plan.evaluationPeriods,
    threshold: plan.threshold,
    comparisonOperator: comparisonOf(plan.comparison),
    treatMissingData: plan.treatMissingDataAsBreaching ? 'breaching' : 'notBreaching',
    dimensions,
    alarmActions,
  });
}

/** The trust policy of a role that `service` (e.g. `ecs-tasks.amazonaws.com`) assumes. */
/** The longest `name_prefix` the AWS provider takes for an IAM role (a role name is at most 64 characters, 26 of them the provider's unique suffix). */
export const IAM_ROLE_NAME_PREFIX_MAX = 38;

/**
 * The `name_prefix` of an IAM role a block names: `<name>-<purpose>-`, the block's name shortened
 * (never the purpose) so the prefix stays within the provider's 38 characters. A 32-character block
 * name with `-monitoring-` was 44 characters, which `terraform plan` rejects.
 */
export function iamRoleNamePrefix(name: string, purpose?: string): string {
  const tail = purpose ? `-${purpose}-` : '-';
  return `${name.slice(0, Math.max(1, IAM_ROLE_NAME_PREFIX_MAX - tail.length))}${tail}`.slice(0, IAM_ROLE_NAME_PREFIX_MAX);
}

export function assumeRole(service: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
}

/** A map's entries sorted by key, so rendered lists (container environment, secrets) are stable. */
export function sortedEntries(map: { [key: string]: string }): [string, string][] {
  return Object.entries(map).sort(([a], [b]) => a.localeCompare(b));
}

/**
 * Read access to the container's secrets for the execution role: Secrets Manager secrets (the
 * `:json-key:version-stage:version-id` suffix of a reference stripped) and SSM parameters.
 */
export function secretReadStatements(secrets: { [key: string]: string }): object[] {
  const arns = Object.values(secrets);
  const secretArns = [...new Set(arns.filter((a) => a.split(':')[2] === 'secretsmanager').map((a) => a.split(':').slice(0, 7).join(':')))].sort();
  const parameterArns = [...new Set(arns.filter((a) => a.split(':')[2] === 'ssm'))].sort();
  const statements: object[] = [];
  if (secretArns.length > 0) {
    // A full ARN ends in the secret's random 6-character suffix; a partial ARN (by name) omits it.
    // The actions aws-cdk-lib grants for the same container secret (ISecret.grantRead), so both backends grant alike.
    statements.push({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: secretArns.flatMap((a) => [a, `${a}-??????`]) });
  }
  if (parameterArns.length > 0) {
    // Likewise IStringParameter.grantRead.
    statements.push({ Effect: 'Allow', Action: ['ssm:DescribeParameters', 'ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParameterHistory'], Resource: parameterArns });
  }
  return statements;
}

/**
 * The Terraform spelling of a plan's S3 object ownership: the plans use the CloudFormation enum
 * (`BUCKET_OWNER_ENFORCED`), aws_s3_bucket_ownership_controls accepts `BucketOwnerEnforced`,
 * `BucketOwnerPreferred` or `ObjectWriter` only.
 */
export function s3ObjectOwnership(planValue: string): string {
  return planValue.toLowerCase().split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}
