import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider, AwsProviderDefaultTags } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { BlockNetwork, encryptionKey, ExistingNetwork } from './common';
import { GlobalCdn } from './global-cdn';
import { LoadBalancedApi } from './load-balanced-api';
import { MicroserviceGateway } from './microservice-gateway';
import { ReplicatedDatabase } from './replicated-database';
import { ShardedDatabase } from './sharded-database';
import { TieredCache } from './tiered-cache';
import { WorkQueue } from './work-queue';
import { OriginAccess } from '../core/blocks/shared/cdn';
import { checkOptionsObject } from '../core/inputs';
import { planSystem, SystemPlan, SystemSpec } from '../core/system';

/** Props of a Terraform SystemStack. */
export interface SystemStackProps {
  /** The whole system: the same spec `scaleblocks check` sizes. */
  readonly spec: SystemSpec;
  /**
   * The network every block shares.
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
    const plan = this.plan = planSystem(props.spec);
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
    if (plan.database) this.database = new ReplicatedDatabase(this, 'Database', { plan: plan.database, network });
    if (plan.shardedDatabase) this.shardedDatabase = new ShardedDatabase(this, 'ShardedDatabase', { plan: plan.shardedDatabase, network });
    if (plan.cache) this.cache = new TieredCache(this, 'Cache', { plan: plan.cache, network });

    // --- queue and workers, then the API: each renders the wiring its plan lists, from the blocks above ---
    const targets = { database: this.database, shardedDatabase: this.shardedDatabase, cache: this.cache };
    if (plan.queue) {
      this.queue = new WorkQueue(this, 'Queue', {
        plan: plan.queue,
        // The cluster above has Container Insights on, which the workers' scaling reads.
        ...(plan.queue.workers.fargate ? { network, clusterArn, clusterHasContainerInsights: true } : {}),
        ...(plan.queue.workers.wiring ? { wiringTargets: targets } : {}),
      });
    }
    if (plan.api) {
      this.api = new LoadBalancedApi(this, 'Api', {
        plan: plan.api, network, clusterArn, ...(plan.api.wiring ? { wiringTargets: { ...targets, queue: this.queue } } : {}),
      });
    }

    // --- the edge: the CDN's dynamic origin is the API ------------------------------------------------
    if (plan.cdn) {
      // CloudFront's web ACL lives in its WAF Region (us-east-1): a provider alias there with the same default tags.
      const waf = plan.cdn.waf;
      const wafProvider = waf.createWebAcl && waf.region !== plan.region
        ? new AwsProvider(this, 'aws-waf', { alias: `waf-${waf.region}`, region: waf.region, defaultTags }) : undefined;
      this.cdn = new GlobalCdn(this, 'Cdn', {
        plan: plan.cdn,
        wafProvider,
        // The API's load balancer admits CloudFront itself (its plan's originAccess): no second rule here. Behind a VPC origin
        // (the chain's default) it is internal, and the CDN's VPC origin needs its ARN.
        ...(this.api ? { apiOriginDomainName: this.api.loadBalancerDnsName } : {}),
        ...(this.api && plan.cdn.origins.some((o) => o.access === OriginAccess.VPC_ORIGIN)
          ? { apiOriginLoadBalancerArn: this.api.loadBalancerArn } : {}),
        // The header CloudFront sends carries the value of the secret version the API's listener rule compares with.
        ...(this.api?.originSecretVersion ? { originHeaderValue: this.api.originSecretVersion.secretString } : {}),
      });
      new TerraformOutput(this, 'Url', { value: `https://${this.cdn.distributionDomainName}`, description: 'Where clients connect (the CDN)' });
    } else if (this.api) {
      new TerraformOutput(this, 'Url', { value: this.api.url, description: 'Where clients connect (the load balancer)' });
    }

    if (plan.gateway) this.gateway = new MicroserviceGateway(this, 'Gateway', { plan: plan.gateway, network });
  }
}
