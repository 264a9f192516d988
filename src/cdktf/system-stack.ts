import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
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
import { LoadBalancedApiPlan } from '../core/blocks/load-balanced-api';
import { WorkQueuePlan } from '../core/blocks/work-queue';
import { checkOptionsObject } from '../core/inputs';
import { DATABASE_ENVIRONMENT, planSystem, SystemPlan, SystemSpec } from '../core/system';

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
 * those plans, shares one network, one ECS cluster and one log key between the blocks, and wires
 * them: the API and the workers get the database's, the cache's and the queue's endpoints as
 * environment and their secrets by ARN, each stateful tier admits only the tier in front, and the
 * CDN's dynamic origin is the API's load balancer, which admits only CloudFront.
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

    this.logKey = encryptionKey(this, 'LogKey', `${plan.name}: network and cluster logs`, ['logs']);
    if (props.network) {
      this.network = props.network;
    } else {
      this.createdNetwork = new BlockNetwork(this, 'Network', { azCount: plan.azCount, logKey: this.logKey });
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
    const databaseEnv = this.databaseEnvironment();

    // --- queue and workers: the workers update the database ---------------------------------------
    if (plan.queue) {
      this.queue = new WorkQueue(this, 'Queue', {
        plan: withWorkerContract(plan.queue, databaseEnv.environment, databaseEnv.secrets),
        ...(plan.queue.workers.fargate ? { network, clusterArn } : {}),
      });
      const workers = this.queue.workerSecurityGroup;
      if (workers) {
        this.admitToState('Workers', workers.id);
        this.grantShardAccess('Workers', this.queue.workerRole.id);
      }
    }

    // --- the API, handed every endpoint it calls ------------------------------------------------------
    if (plan.api) {
      const environment = { ...this.cache?.clientEnvironment, ...this.queue?.apiEnvironment, ...databaseEnv.environment };
      const secrets = { ...this.cache?.clientSecrets, ...databaseEnv.secrets };
      this.api = new LoadBalancedApi(this, 'Api', { plan: withApiContract(plan.api, environment, secrets), network, clusterArn });
      this.admitToState('Api', this.api.serviceSecurityGroup.id);
      this.grantShardAccess('Api', this.api.taskRole.id);
      this.cache?.allowFrom('AllowApi', this.api.serviceSecurityGroup.id);
      this.queue?.grantApi(this.api.taskRole.name);
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
        // The API's load balancer admits CloudFront itself (its plan says cloudFrontOriginOnly): no second rule here.
        ...(this.api ? { apiOriginDomainName: this.api.loadBalancerDnsName } : {}),
      });
      new TerraformOutput(this, 'Url', { value: `https://${this.cdn.distributionDomainName}`, description: 'Where clients connect (the CDN)' });
    } else if (this.api) {
      new TerraformOutput(this, 'Url', { value: this.api.url, description: 'Where clients connect (the load balancer)' });
    }

    if (plan.gateway) this.gateway = new MicroserviceGateway(this, 'Gateway', { plan: plan.gateway, network });
  }

  /** The database contract (endpoints as environment, credentials by secret ARN) for the API and the workers. */
  private databaseEnvironment(): { environment: { [k: string]: string }; secrets: { [k: string]: string } } {
    if (this.database) {
      return {
        environment: {
          [DATABASE_ENVIRONMENT.writerEndpoint]: this.database.writerEndpoint,
          [DATABASE_ENVIRONMENT.readerEndpoint]: this.database.readerEndpoint,
          [DATABASE_ENVIRONMENT.port]: this.database.port,
          [DATABASE_ENVIRONMENT.name]: this.database.plan.databaseName,
        },
        secrets: { [DATABASE_ENVIRONMENT.secret]: this.database.secretArn },
      };
    }
    if (this.shardedDatabase) {
      return { environment: { [DATABASE_ENVIRONMENT.shardMapParameter]: this.shardedDatabase.shardMapParameterName }, secrets: {} };
    }
    return { environment: {}, secrets: {} };
  }

  /**
   * With shards, a tier reads the shard map and each shard's credentials at run time (the
   * ShardRouter picks the shard, then the app connects): the role may read exactly those.
   */
  private grantShardAccess(tier: string, roleId: string): void {
    const sharded = this.shardedDatabase;
    if (!sharded) return;
    const secretArns = sharded.shards.map((shard) => shard.secretArn);
    new IamRolePolicy(this, `${tier}ShardAccess`, {
      role: roleId,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'ReadShardMap', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: sharded.shardMapParameter.arn },
          { Sid: 'ReadShardCredentials', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArns },
        ],
      }),
    });
  }

  /** The database (or every shard in this Region) admits a tier on its port. */
  private admitToState(tier: string, securityGroupId: string): void {
    this.database?.allowFrom(`Allow${tier}`, securityGroupId);
    this.shardedDatabase?.allowFrom(`Allow${tier}`, securityGroupId);
  }
}

/** The API's plan with the system's contract added to its container (the user's own variables win). */
function withApiContract(plan: LoadBalancedApiPlan, environment: { [k: string]: string }, secrets: { [k: string]: string }): LoadBalancedApiPlan {
  return {
    ...plan,
    container: {
      ...plan.container,
      environment: { ...environment, ...plan.container.environment },
      secrets: { ...secrets, ...plan.container.secrets },
    },
  };
}

/** The queue's plan with the database contract added to its Fargate workers (the user's own variables win). */
function withWorkerContract(plan: WorkQueuePlan, environment: { [k: string]: string }, secrets: { [k: string]: string }): WorkQueuePlan {
  const fargate = plan.workers.fargate;
  if (!fargate) return plan;
  return {
    ...plan,
    workers: {
      ...plan.workers,
      fargate: {
        ...fargate,
        container: {
          ...fargate.container,
          environment: { ...environment, ...fargate.container.environment },
          secrets: { ...secrets, ...fargate.container.secrets },
        },
      },
    },
  };
}
