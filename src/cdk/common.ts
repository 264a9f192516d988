import * as cdk from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { AlarmComparison, AlarmPlan, RemovalPolicy } from '../core/blocks/common';
import { CreatedNetworkPlan, FlowLogTrafficType } from '../core/blocks/shared/foundation';
import { subnetCidrsFor } from '../core/blocks/shared/subnets';

/*
 * What every CDK block shares: the network a block creates when it is given none, customer
 * managed keys, encrypted log groups, removal policies, alarms and compliance acknowledgements.
 * Nothing here derives a default the core plan holds: it only renders.
 */

/** The core's removal policy as aws-cdk-lib's. */
export function toRemovalPolicy(policy: RemovalPolicy): cdk.RemovalPolicy {
  switch (policy) {
    case RemovalPolicy.RETAIN: return cdk.RemovalPolicy.RETAIN;
    case RemovalPolicy.SNAPSHOT: return cdk.RemovalPolicy.SNAPSHOT;
    case RemovalPolicy.DESTROY: return cdk.RemovalPolicy.DESTROY;
  }
}

/** A compliance rule acknowledged on a construct and everything under it, with the reason. */
export interface ComplianceAcknowledgement {
  /**
   * The rule, as the validation report names it: `AwsSolutions::AwsSolutions-IAM5` (cdk-nag) or
   * `cdk-validator-cfnguard::<rule name>` (the Control Tower rules of cfn-guard).
   */
  readonly id: string;
  /** Why the finding does not apply or is accepted: kept beside the code that causes it. */
  readonly reason: string;
}

/**
 * Acknowledges validation findings on a construct (aws-cdk-lib `Validations`), so cdk-nag and
 * cfn-guard plugins that a user adds pass with every exception justified in code.
 */
export function acknowledge(scope: IConstruct, ...rules: ComplianceAcknowledgement[]): void {
  cdk.Validations.of(scope).acknowledge(...rules);
}

/** `n` Availability Zones of the stack: concrete when the stack knows them, `Fn::GetAZs` picks otherwise. */
export function availabilityZonesFor(scope: IConstruct, n: number): string[] {
  const stack = cdk.Stack.of(scope);
  const known = stack.availabilityZones;
  if (known.length >= n && known.every((az) => !cdk.Token.isUnresolved(az))) return known.slice(0, n);
  return Array.from({ length: n }, (_, i) => cdk.Fn.select(i, cdk.Fn.getAzs()));
}

/**
 * A customer managed KMS key with yearly rotation, whose policy lets AWS services create grants
 * only for AWS resources (Control Tower CT.KMS.PR.3). Retained: data encrypted under it would be
 * lost with it.
 *
 * @param deletionWindowDays the plan's `kmsKeyDeletionWindowDays`; undefined only where the caller
 * writes its plan's own window on the key (GlobalCdn's bucket key)
 */
export function encryptionKey(scope: Construct, id: string, description: string, deletionWindowDays?: number): kms.Key {
  const key = new kms.Key(scope, id, {
    description,
    enableKeyRotation: true,
    removalPolicy: cdk.RemovalPolicy.RETAIN,
    pendingWindow: deletionWindowDays === undefined ? undefined : cdk.Duration.days(deletionWindowDays),
  });
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyGrantsNotForAwsResources',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
  return key;
}

/** Lets CloudWatch Logs of this stack's Region encrypt with a key (log groups under it). */
export function allowLogsToUse(key: kms.IKey): void {
  const stack = cdk.Stack.of(key);
  key.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`));
}

/** A log group encrypted with a customer managed key, retained, with a retention period. */
export function encryptedLogGroup(scope: Construct, id: string, key: kms.IKey, retentionDays: number, logGroupName?: string): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    logGroupName,
    encryptionKey: key,
    retention: retentionDaysOf(retentionDays),
    removalPolicy: cdk.RemovalPolicy.RETAIN,
  });
}

/** The RetentionDays member for a number of days (CloudWatch Logs accepts only its listed values). */
export function retentionDaysOf(days: number): logs.RetentionDays {
  const allowed = Object.values(logs.RetentionDays).filter((v): v is logs.RetentionDays => typeof v === 'number');
  const exact = allowed.find((v) => v === days);
  if (exact !== undefined) return exact;
  // The core validates retention against the same list; a value between two steps rounds up (keep longer, never shorter).
  return allowed.filter((v) => v >= days).sort((a, b) => a - b)[0] ?? logs.RetentionDays.INFINITE;
}

/**
 * How many Availability Zones a VPC given to a block offers it, for the plan's
 * `PlanContext.networkAzCount`: the distinct AZs of the subnets of the block's tier. Undefined
 * when no VPC is given, when the tier has no subnets, or when the AZs are not known at synth (an
 * imported VPC whose lists are tokens, a subnet imported without its AZ): the plan then keeps
 * its default, and the block's check of the VPC names `azCount` as the fix. The AZs of an
 * env-agnostic stack are tokens too, but one per AZ (`Fn::Select` over `Fn::GetAZs`), so they count.
 *
 * @param dataTier true for databases and caches (isolated subnets, private ones when the VPC has
 * none), false for tasks and functions (private subnets with egress, isolated ones when it has none)
 */
export function vpcAzCount(vpc: ec2.IVpc | undefined, dataTier: boolean): number | undefined {
  if (vpc === undefined || cdk.Token.isUnresolved(vpc.availabilityZones)) return undefined;
  const [first, second] = dataTier ? [vpc.isolatedSubnets, vpc.privateSubnets] : [vpc.privateSubnets, vpc.isolatedSubnets];
  const subnets = first.length > 0 ? first : second;
  if (subnets.length === 0) return undefined;
  try {
    const azs = subnets.map((s) => s.availabilityZone);
    if (azs.some((az) => typeof az !== 'string' || az === '')) return undefined;
    return new Set(azs).size;
  } catch {
    return undefined; // a subnet imported by id alone: its AZ cannot be read
  }
}

/**
 * How many AZs a VPC offers a construct that puts tasks in its private subnets and data in its
 * isolated ones (a gateway's services and their databases, a SystemStack's blocks): the fewer of
 * the two tiers' counts of `vpcAzCount`. Undefined when either cannot be counted, or when `vpc`
 * is not a VPC (the blocks given it report that themselves).
 */
export function vpcAzCountOfBothTiers(vpc: ec2.IVpc | undefined): number | undefined {
  try {
    const tasks = vpcAzCount(vpc, false);
    const data = vpcAzCount(vpc, true);
    return tasks === undefined || data === undefined ? undefined : Math.min(tasks, data);
  } catch {
    return undefined;
  }
}

/**
 * The end of the message of a VPC with too few AZs for the plan: the option that fixes it. A
 * block takes its AZ count from the VPC it is given when it can count them; when it cannot (an
 * imported VPC whose AZs are tokens), or the VPC spans fewer AZs than the option asks, the option
 * is the fix.
 *
 * @param prop the AZ count option of the block (`azCount`, `application.azCount`)
 */
export function azCountFix(prop: string): string {
  return `; or set ${prop} to the number of AZs the VPC spans (at least 2): it is taken from the VPC only when its AZs can be counted at synth`;
}

/** Props of the VPC a block creates when it is given none. */
export interface BlockVpcProps {
  /** Availability Zones the VPC spans. */
  readonly azCount: number;
  /** Key the flow log group is encrypted with. */
  readonly logKey: kms.IKey;
  /** The plan's `createdNetwork`: the VPC's and every subnet's CIDR block, flow-log traffic type and retention. */
  readonly network: CreatedNetworkPlan;
}

/** The names of the subnet groups of the VPC a block creates, by the plan's tier. */
const SUBNET_GROUPS = { publicSubnets: 'Public', privateSubnets: 'Private', isolatedSubnets: 'Isolated' } as const;

/**
 * Hands aws-cdk-lib's `ec2.Vpc` the CIDR blocks the plan holds: the VPC's, and each subnet's
 * from its tier's list, by the order in which the Vpc asks for a subnet group's subnets (one per
 * AZ, in AZ order). The Vpc L2 keeps everything else it does (routes, NAT gateways, selections).
 */
class PlannedIpAddresses implements ec2.IIpAddresses {
  constructor(private readonly vpcCidr: string, private readonly byGroup: { [group: string]: string[] }) {}

  public allocateVpcCidr(): ec2.VpcIpamOptions {
    return { cidrBlock: this.vpcCidr };
  }

  public allocateSubnetsCidr(input: ec2.AllocateCidrRequest): ec2.SubnetIpamOptions {
    const next: { [group: string]: number } = {};
    return {
      allocatedSubnets: input.requestedSubnets.map((requested) => {
        const group = requested.configuration.name;
        const index = next[group] ?? 0;
        next[group] = index + 1;
        const cidr = this.byGroup[group]?.[index];
        // blockVpc asks for as many AZs as the lists hold (subnetCidrsFor): a miss is a bug here, not an input.
        if (cidr === undefined) throw new Error(`no planned CIDR block for subnet ${index + 1} of group ${group}`);
        return { cidr };
      }),
    };
  }
}

/**
 * The VPC a block creates when the user gives none: public subnets (load balancers and NAT only,
 * no public IP on launch), private subnets with egress (tasks), isolated subnets (databases and
 * caches), one NAT gateway per AZ (an AZ loss does not cut the others' egress), and flow logs to an
 * encrypted log group; the CIDR, every subnet's CIDR block, the flow logs' traffic type and
 * retention are the plan's (`createdNetwork`).
 */
export function blockVpc(scope: Construct, id: string, props: BlockVpcProps): ec2.Vpc {
  const net = props.network;
  const cidrs = subnetCidrsFor(net, props.azCount, `${scope.node.path}/${id}`);
  const flowLogs = encryptedLogGroup(scope, `${id}FlowLogs`, props.logKey, net.flowLogRetentionDays);
  return new ec2.Vpc(scope, id, {
    ipAddresses: new PlannedIpAddresses(net.vpcCidr, {
      [SUBNET_GROUPS.publicSubnets]: cidrs.publicSubnets,
      [SUBNET_GROUPS.privateSubnets]: cidrs.privateSubnets,
      [SUBNET_GROUPS.isolatedSubnets]: cidrs.isolatedSubnets,
    }),
    availabilityZones: availabilityZonesFor(scope, props.azCount),
    natGateways: props.azCount,
    // The default group is left closed by the account's own controls; the custom resource that
    // would strip its rules adds a Lambda function to every stack.
    restrictDefaultSecurityGroup: false,
    subnetConfiguration: [
      { name: SUBNET_GROUPS.publicSubnets, subnetType: ec2.SubnetType.PUBLIC, cidrMask: net.publicSubnets.cidrMask, mapPublicIpOnLaunch: false },
      { name: SUBNET_GROUPS.privateSubnets, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: net.privateSubnets.cidrMask },
      { name: SUBNET_GROUPS.isolatedSubnets, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: net.isolatedSubnets.cidrMask },
    ],
    flowLogs: { All: { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: flowLogTrafficTypeOf(net.flowLogTrafficType) } },
  });
}

function flowLogTrafficTypeOf(t: FlowLogTrafficType): ec2.FlowLogTrafficType {
  switch (t) {
    case FlowLogTrafficType.ALL: return ec2.FlowLogTrafficType.ALL;
    case FlowLogTrafficType.ACCEPT: return ec2.FlowLogTrafficType.ACCEPT;
    case FlowLogTrafficType.REJECT: return ec2.FlowLogTrafficType.REJECT;
  }
}

function comparisonOf(c: AlarmComparison): cloudwatch.ComparisonOperator {
  switch (c) {
    case AlarmComparison.GREATER_THAN_OR_EQUAL_TO_THRESHOLD: return cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
    case AlarmComparison.LESS_THAN_OR_EQUAL_TO_THRESHOLD: return cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD;
  }
}

/** The metric an alarm plan watches, with the dimensions only the backend knows. */
export function metricOf(plan: AlarmPlan, dimensionsMap: { [name: string]: string }): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: plan.namespace,
    metricName: plan.metricName,
    statistic: plan.statistic,
    period: cdk.Duration.seconds(plan.periodSeconds),
    dimensionsMap,
  });
}

/** Renders one alarm plan under `scope`, with the construct id the plan gives. */
export function renderAlarm(scope: Construct, plan: AlarmPlan, dimensionsMap: { [name: string]: string }): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, plan.id, {
    alarmDescription: plan.description,
    metric: metricOf(plan, dimensionsMap),
    threshold: plan.threshold,
    evaluationPeriods: plan.evaluationPeriods,
    comparisonOperator: comparisonOf(plan.comparison),
    treatMissingData: plan.treatMissingDataAsBreaching ? cloudwatch.TreatMissingData.BREACHING : cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

/** A cfn-guard rule to turn off, and why. */
export interface DisabledGuardRule {
  /** The rule file's name, as `CfnGuardValidator({ disabledRules })` takes it, e.g. `ct-rds-pr-14`. */
  readonly rule: string;
  /** Why it is off: kept beside the list, in code. */
  readonly reason: string;
}

/**
 * The compliance configuration scaleblocks is tested with: cdk-nag's AwsSolutions pack and the
 * Control Tower rules bundled with `@cdklabs/cdk-validator-cfnguard`, every finding either fixed
 * or acknowledged on its construct with a reason. A few cfn-guard rules report findings that name
 * no construct, which no acknowledgement can reach: this is the short list to disable, each with
 * its reason.
 *
 * @example
 * Validations.of(app).addPlugins(new AwsSolutionsChecks(app),
 *   new CfnGuardValidator({ disabledRules: Compliance.cfnGuardDisabledRuleNames() }));
 */
export class Compliance {
  /** The cfn-guard rules to disable, with the reason for each. */
  public static cfnGuardRulesToDisable(): DisabledGuardRule[] {
    const unattributable = 'its failing clause compares the rule\'s own list of log types with the template, so cfn-guard reports the '
      + 'finding with no resource and no construct path, and no acknowledgement can reach it';
    return [
      {
        rule: 'ct-rds-pr-14',
        reason: 'rds_instance_logging_enabled_check (CT.RDS.PR.14) asks an RDS instance to export exactly every log type of its engine (MySQL: general and audit too, which '
          + `record every statement); the plan exports the error, slow-query and engine logs. Besides, ${unattributable}`,
      },
      {
        rule: 'ct-rds-pr-25',
        reason: 'rds_cluster_logging_enabled_check (CT.RDS.PR.25) asks the same of an Aurora cluster (Aurora MySQL: general and audit too); the plan exports the error, '
          + `slow-query and engine logs. Besides, ${unattributable}`,
      },
    ];
  }

  /** The names only, for `CfnGuardValidator({ disabledRules })`. */
  public static cfnGuardDisabledRuleNames(): string[] {
    return Compliance.cfnGuardRulesToDisable().map((r) => r.rule);
  }

  private constructor() {}
}
