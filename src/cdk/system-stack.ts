import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { acknowledge, allowLogsToUse, blockVpc, encryptionKey, vpcAzCountOfBothTiers } from './common';
import type { GlobalCdn } from './global-cdn';
import type { LoadBalancedApi } from './load-balanced-api';
import type { MicroserviceGateway } from './microservice-gateway';
import type { ReplicatedDatabase } from './replicated-database';
import type { ShardedDatabase } from './sharded-database';
import type { TieredCache } from './tiered-cache';
import type { WorkQueue } from './work-queue';
import { handOffPlan } from '../core/blocks/hand-off';
import { checkOptionsObject } from '../core/inputs';
import { ShardingStrategy } from '../core/router';
import { planSystem, SystemPlan, SystemSpec } from '../core/system';
import { Rules } from '../core/validation';

/*
 * Each block's module (and the provider classes it imports) is loaded when the spec has the
 * block, not when this module is: a system without shards or a gateway does not load them.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const BLOCK_MODULES = {
  cdn: () => require('./global-cdn') as typeof import('./global-cdn'),
  api: () => require('./load-balanced-api') as typeof import('./load-balanced-api'),
  cache: () => require('./tiered-cache') as typeof import('./tiered-cache'),
  database: () => require('./replicated-database') as typeof import('./replicated-database'),
  shardedDatabase: () => require('./sharded-database') as typeof import('./sharded-database'),
  queue: () => require('./work-queue') as typeof import('./work-queue'),
  gateway: () => require('./microservice-gateway') as typeof import('./microservice-gateway'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The context key of aws-cdk-lib's default cross-stack reference strength (cx-api's DEFAULT_CROSS_STACK_REFERENCES). */
const CROSS_STACK_REFERENCES_CONTEXT = '@aws-cdk/core:defaultCrossStackReferences';

/** Props of a CloudFormation SystemStack. */
export interface SystemStackProps extends cdk.StackProps {
  /** The whole system: the same spec `scaleblocks check` sizes. */
  readonly spec: SystemSpec;
  /**
   * The VPC every block shares. When the spec sets no `azCount`, the blocks spread over its AZs
   * (the fewer of its private and isolated subnets' AZs, at most 6: the plan's `assumed` says it
   * was taken from the VPC); a spec `azCount` above them is a ValidationError. An imported VPC
   * whose AZs are tokens cannot be counted: then `azCount` defaults to 3.
   *
   * @default - a VPC of the spec's azCount AZs (public, private and isolated subnets, a NAT gateway per AZ, flow logs)
   */
  readonly vpc?: ec2.IVpc;
}

/**
 * The whole system of the seed picture as one CloudFormation stack: CDN -> load balancer -> API
 * -> cache, primary and replicas (or shards), queue and workers, object storage, and a gateway,
 * from one `SystemSpec`. The chain of the spec sizes every block (`plan`); this stack renders
 * those plans and shares one VPC, one ECS cluster and one log key between the blocks. The wiring
 * is the plan's (`plan.wiring`, the same as `api.plan.wiring` and `queue.plan.workers.wiring`):
 * the API and the workers render the environment, ECS secrets, ingress and grants it lists while
 * they are built, from the blocks this stack hands them; the CDN's dynamic origin is the API's
 * load balancer: internal, in private subnets, reached only through a CloudFront VPC origin
 * (unless the spec says otherwise), and admitting only CloudFront.
 *
 * The stack deploys to the spec's Region (`env.region`, unless given and equal). CloudFront takes
 * web ACLs from us-east-1 only: when the spec's Region is another and the CDN creates its web
 * ACL, it goes into a second stack, `<id>-edge`, in us-east-1 of the same app, whose ARN this
 * stack reads through aws-cdk-lib's cross-Region references.
 */
export class SystemStack extends cdk.Stack {
  /** The stack props with the spec's Region, so the stack deploys where the spec says. */
  private static propsFor(props: SystemStackProps): cdk.StackProps {
    const region = props.spec?.region ?? 'us-east-1';
    return { ...props, env: { ...props.env, region: props.env?.region ?? region } };
  }

  /** The resolved system: every block's plan, with the chain's load injected. */
  public readonly plan: SystemPlan;
  /** The VPC every block uses. */
  public readonly vpc: ec2.IVpc;
  /** The key of the VPC's flow logs. */
  public readonly logKey: kms.Key;
  /** The ECS cluster the API and the workers share (absent when neither is in the spec). */
  public readonly cluster?: ecs.Cluster;
  /** The us-east-1 stack of the CDN's web ACL (only when the spec's Region is another). */
  public readonly edgeStack?: cdk.Stack;
  public readonly cdn?: GlobalCdn;
  public readonly api?: LoadBalancedApi;
  public readonly cache?: TieredCache;
  public readonly database?: ReplicatedDatabase;
  public readonly shardedDatabase?: ShardedDatabase;
  public readonly queue?: WorkQueue;
  public readonly gateway?: MicroserviceGateway;

  constructor(scope: Construct, id: string, props: SystemStackProps) {
    const spec = checkOptionsObject(props, id, 'props', 'SystemStackProps', true).spec;
    // The core decides the AZ count; this stack only counts the AZs of the VPC it is given.
    const plan = planSystem(spec, { networkAzCount: vpcAzCountOfBothTiers(props.vpc) });
    const wafRegion = plan.cdn?.waf.createWebAcl ? plan.cdn.waf.region : undefined;
    const edge = wafRegion !== undefined && wafRegion !== plan.region;
    super(scope, id, { ...SystemStack.propsFor(props), crossRegionReferences: props.crossRegionReferences ?? edge });
    if (edge && this.node.tryGetContext(CROSS_STACK_REFERENCES_CONTEXT) === undefined) {
      // The distribution reads the web ACL of the edge stack across Regions. With no reference strength
      // configured, aws-cdk-lib warns and uses strong references: the stack says strong itself (the
      // edge stack cannot drop a web ACL a distribution still uses), unless the app chose a strength.
      cdk.CrossStackReferences.of(this).consume(cdk.ReferenceStrength.STRONG);
    }
    this.plan = plan;
    const rules = new Rules(this.node.path);
    rules.check('env.region', this.region, this.region === plan.region, `the spec's Region (${plan.region}), or unset`);
    rules.throwIfInvalid();

    this.logKey = encryptionKey(this, 'LogKey', `${plan.name}: network logs`, plan.kmsKeyDeletionWindowDays);
    allowLogsToUse(this.logKey);
    this.vpc = props.vpc ?? blockVpc(this, 'Vpc', { azCount: plan.azCount, logKey: this.logKey, network: plan.createdNetwork });
    const vpc = this.vpc;
    if (plan.api || plan.queue?.workers.fargate) {
      this.cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    }
    const cluster = this.cluster;

    // --- state: database or shards, cache -------------------------------------------------------
    if (plan.database) this.database = new (BLOCK_MODULES.database().ReplicatedDatabase)(this, 'Database', { plan: handOffPlan(plan.database), vpc });
    if (plan.shardedDatabase) {
      // Geographic shards live in their own Regions, each with its own VPC.
      const shardVpc = plan.shardedDatabase.strategy === ShardingStrategy.GEOGRAPHIC ? {} : { vpc };
      this.shardedDatabase = new (BLOCK_MODULES.shardedDatabase().ShardedDatabase)(this, 'ShardedDatabase', { plan: handOffPlan(plan.shardedDatabase), ...shardVpc });
    }
    if (plan.cache) this.cache = new (BLOCK_MODULES.cache().TieredCache)(this, 'Cache', { plan: handOffPlan(plan.cache), vpc });

    // --- queue and workers, then the API: each renders the wiring its plan lists, from the blocks above ---
    const targets = { database: this.database, shardedDatabase: this.shardedDatabase, cache: this.cache };
    if (plan.queue) {
      const fargate = plan.queue.workers.fargate;
      this.queue = new (BLOCK_MODULES.queue().WorkQueue)(this, 'Queue', {
        plan: handOffPlan(plan.queue),
        ...(fargate ? { vpc, cluster } : {}),
        ...(plan.queue.workers.wiring ? { wiringTargets: targets } : {}),
      });
    }
    if (plan.api) {
      this.api = new (BLOCK_MODULES.api().LoadBalancedApi)(this, 'Api', {
        plan: handOffPlan(plan.api), vpc, cluster, ...(plan.api.wiring ? { wiringTargets: { ...targets, queue: this.queue } } : {}),
      });
    }

    // --- the edge: the CDN's dynamic origin is the API ------------------------------------------------
    if (plan.cdn) {
      let edgeWebAcl: wafv2.CfnWebACL | undefined;
      if (edge && wafRegion !== undefined) {
        this.edgeStack = new cdk.Stack(scope, `${id}-edge`, {
          env: { account: props.env?.account, region: wafRegion },
          crossRegionReferences: true,
          description: `${plan.name}: the CloudFront web ACL of ${id} (CloudFront takes web ACLs from ${wafRegion} only)`,
        });
        // The plan's web ACL, rendered in the edge stack; the CDN's plan stays as planned.
        edgeWebAcl = BLOCK_MODULES.cdn().webAclOf(this.edgeStack, plan.cdn);
        this.addStackDependency(this.edgeStack, 'the distribution uses the web ACL of the edge stack');
      }
      this.cdn = new (BLOCK_MODULES.cdn().GlobalCdn)(this, 'Cdn', {
        plan: handOffPlan(plan.cdn),
        edgeWebAcl,
        ...(this.api ? { loadBalancer: this.api.loadBalancer, cloudFrontPrefixListId: BLOCK_MODULES.api().cloudFrontPrefixListId(this) } : {}),
        // The header CloudFront sends carries the value of the secret the API generated.
        ...(this.api?.originSecret ? { originSecret: this.api.originSecret } : {}),
      });
      new cdk.CfnOutput(this, 'Url', { value: `https://${this.cdn.distributionDomainName}`, description: 'Where clients connect (the CDN)' });
    } else if (this.api) {
      new cdk.CfnOutput(this, 'Url', { value: this.api.url, description: 'Where clients connect (the load balancer)' });
    }

    if (plan.gateway) this.gateway = new (BLOCK_MODULES.gateway().MicroserviceGateway)(this, 'Gateway', { plan: handOffPlan(plan.gateway), vpc });
    if (this.edgeStack) {
      acknowledgeCrossRegionReferences(this);
      acknowledgeCrossRegionReferences(this.edgeStack);
    }
  }
}

/**
 * aws-cdk-lib implements cross-Region references with a custom-resource provider of its own: a
 * Lambda function per stack that reads or writes the SSM parameters of the references in the
 * other Region. It is added while references resolve, after constructors and aspects have run,
 * so it cannot be acknowledged on its own construct: the one rule it breaks is acknowledged on
 * the stack, which holds no other function outside a VPC unless that function acknowledges the
 * same rule itself (the queue's Lambda consumer does).
 */
function acknowledgeCrossRegionReferences(stack: cdk.Stack): void {
  acknowledge(stack, {
    id: 'cdk-validator-cfnguard::lambda_inside_vpc_check',
    reason: 'aws-cdk-lib\'s cross-Region reference provider calls only the SSM API of the other Region, which a VPC would not protect',
  });
}
