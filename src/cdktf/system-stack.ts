import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider, AwsProviderDefaultTags } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { BlockNetwork, encryptionKey, ExistingNetwork, networkAzCountOfBothTiers } from './common';
import type { GlobalCdn } from './global-cdn';
import type { LoadBalancedApi } from './load-balanced-api';
import type { MicroserviceGateway } from './microservice-gateway';
import type { ReplicatedDatabase } from './replicated-database';
import type { ShardedDatabase } from './sharded-database';
import type { TieredCache } from './tiered-cache';
import type { WorkQueue } from './work-queue';
import { CdnOriginKind } from '../core/blocks/global-cdn';
import { handOffPlan } from '../core/blocks/hand-off';
import { OriginAccess } from '../core/blocks/shared/cdn';
import { checkOptionsObject } from '../core/inputs';
import { planSystem, SystemPlan, SystemSpec } from '../core/system';

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

/** Props of a Terraform SystemStack. */
export interface SystemStackProps {
  /** The whole system: the same spec `scaleblocks check` sizes. */
  readonly spec: SystemSpec;
  /**
   * The network every block shares. When the spec sets no `azCount`, the blocks spread over its
   * AZs (the fewer of its private and isolated subnet ids, one per AZ, at most 6: the plan's
   * `assumed` says it was taken from the VPC); a spec `azCount` above them is a ValidationError.
   * Subnet ids that are a token (read at apply time) cannot be counted: then `azCount` defaults to 3.
   *
   * @default - a network of the spec's azCount AZs (public, private and isolated subnets, a NAT gateway per AZ, flow logs)
   */
  readonly network?: ExistingNetwork;
  /**
   * Tags the AWS provider puts on every resource.
   *
   * @default - `{ system: <spec name>, 'managed-by': 'scaleblocks' }`
   */
  readonly defaultTags?: { [key: string]: string };
}

/**
 * The whole system of the seed picture as one Terraform stack: CDN -> load balancer -> API ->
 * cache, primary and replicas (or shards), queue and workers, object storage, and a gateway,
 * from one `SystemSpec`. The chain of the spec sizes every block (`plan`); this stack renders
 * those plans and shares one network, one ECS cluster and one log key between the blocks. The
 * wiring is the plan's (`plan.wiring`, the same as `api.plan.wiring` and `queue.plan.workers.wiring`):
 * the API and the workers render the environment, secrets by ARN, ingress and grants it lists
 * while they are built, from the blocks this stack hands them; the CDN's dynamic origin is the
 * API's load balancer: internal, in private subnets, reached only through a CloudFront VPC origin
 * (unless the spec says otherwise), and admitting only CloudFront.
 *
 * The stack configures the AWS provider for the spec's Region.
 */
export class SystemStack extends TerraformStack {
  /** The resolved system: every block's plan, with the chain's load injected. */
  public readonly plan: SystemPlan;
  /** The AWS provider of the spec's Region. */
  public readonly provider: AwsProvider;
  /** The key of the shared network's flow logs and the cluster's logs. */
  public readonly logKey: KmsKey;
  /** The network the stack created (absent when one was given). */
  public readonly createdNetwork?: BlockNetwork;
  /** The network every block uses. */
  public readonly network: ExistingNetwork;
  /** The ECS cluster the API and the workers share (absent when neither is in the spec). */
  public readonly cluster?: EcsCluster;
  public readonly cdn?: GlobalCdn;
  public readonly api?: LoadBalancedApi;
  public readonly cache?: TieredCache;
  public readonly database?: ReplicatedDatabase;
  public readonly shardedDatabase?: ShardedDatabase;
  public readonly queue?: WorkQueue;
  public readonly gateway?: MicroserviceGateway;

  constructor(scope: Construct, id: string, props: SystemStackProps) {
    super(scope, id);
    checkOptionsObject(props, this.node.path, 'props', 'SystemStackProps', true);
    // The core decides the AZ count; this stack only counts the subnets of the network it is given.
    const plan = this.plan = planSystem(props.spec, { networkAzCount: networkAzCountOfBothTiers(props.network) });
    const tags = props.defaultTags ?? { 'system': plan.name, 'managed-by': 'scaleblocks' };
    const defaultTags: AwsProviderDefaultTags[] = [{ tags }];
    this.provider = new AwsProvider(this, 'aws', { region: plan.region, defaultTags });

    this.logKey = encryptionKey(this, 'LogKey', `${plan.name}: network and cluster logs`, plan.kmsKeyDeletionWindowDays, ['logs']);
    if (props.network) {
      this.network = props.network;
    } else {
      this.createdNetwork = new BlockNetwork(this, 'Network', { azCount: plan.azCount, logKey: this.logKey, network: plan.createdNetwork });
      this.network = this.createdNetwork.toExisting();
    }
    const network = this.network;
    if (plan.api || plan.queue?.workers.fargate) {
      this.cluster = new EcsCluster(this, 'Cluster', {
        name: plan.name,
        setting: [{ name: 'containerInsights', value: 'enabled' }],
      });
    }
    const clusterArn = this.cluster?.arn;

    // --- state: database or shards, cache -------------------------------------------------------
    if (plan.database) this.database = new (BLOCK_MODULES.database().ReplicatedDatabase)(this, 'Database', { plan: handOffPlan(plan.database), network });
    if (plan.shardedDatabase) this.shardedDatabase = new (BLOCK_MODULES.shardedDatabase().ShardedDatabase)(this, 'ShardedDatabase', { plan: handOffPlan(plan.shardedDatabase), network });
    if (plan.cache) this.cache = new (BLOCK_MODULES.cache().TieredCache)(this, 'Cache', { plan: handOffPlan(plan.cache), network });

    // --- queue and workers, then the API: each renders the wiring its plan lists, from the blocks above ---
    const targets = { database: this.database, shardedDatabase: this.shardedDatabase, cache: this.cache };
    if (plan.queue) {
      this.queue = new (BLOCK_MODULES.queue().WorkQueue)(this, 'Queue', {
        plan: handOffPlan(plan.queue),
        // The cluster above has Container Insights on, which the workers' scaling reads.
        ...(plan.queue.workers.fargate ? { network, clusterArn, clusterHasContainerInsights: true } : {}),
        ...(plan.queue.workers.wiring ? { wiringTargets: targets } : {}),
      });
    }
    if (plan.api) {
      this.api = new (BLOCK_MODULES.api().LoadBalancedApi)(this, 'Api', {
        plan: handOffPlan(plan.api), network, clusterArn, ...(plan.api.wiring ? { wiringTargets: { ...targets, queue: this.queue } } : {}),
      });
    }

    // --- the edge: the CDN's dynamic origin is the API ------------------------------------------------
    if (plan.cdn) {
      // CloudFront's web ACL lives in its WAF Region (us-east-1): a provider alias there with the same default tags.
      const waf = plan.cdn.waf;
      const wafProvider = waf.createWebAcl && waf.region !== plan.region
        ? new AwsProvider(this, 'aws-waf', { alias: `waf-${waf.region}`, region: waf.region, defaultTags }) : undefined;
      this.cdn = new (BLOCK_MODULES.cdn().GlobalCdn)(this, 'Cdn', {
        plan: handOffPlan(plan.cdn),
        wafProvider,
        // The API's load balancer admits CloudFront itself (its plan's originAccess): no second rule here. Behind a VPC origin
        // (the chain's default) it is internal, and the CDN's VPC origin needs its ARN.
        // It is reached by its own DNS name unless the plan names the origin (apiOrigin.loadBalancerDomainName).
        ...(this.api && !plan.cdn.origins.some((o) => o.kind === CdnOriginKind.LOAD_BALANCER && o.domainName !== undefined)
          ? { apiOriginDomainName: this.api.loadBalancerDnsName } : {}),
        ...(this.api && plan.cdn.origins.some((o) => o.access === OriginAccess.VPC_ORIGIN)
          ? { apiOriginLoadBalancerArn: this.api.loadBalancerArn } : {}),
        // The header CloudFront sends carries the value of the secret version the API's listener rule compares with.
        ...(this.api?.originSecretVersion ? { originHeaderValue: this.api.originSecretVersion.secretString } : {}),
      });
      new TerraformOutput(this, 'Url', { value: `https://${this.cdn.distributionDomainName}`, description: 'Where clients connect (the CDN)' });
    } else if (this.api) {
      new TerraformOutput(this, 'Url', { value: this.api.url, description: 'Where clients connect (the load balancer)' });
    }

    if (plan.gateway) this.gateway = new (BLOCK_MODULES.gateway().MicroserviceGateway)(this, 'Gateway', { plan: handOffPlan(plan.gateway), network });
  }
}
