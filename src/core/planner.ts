import { BlockPlanBase, PlanContext } from './blocks/common';
import { GlobalCdnOptions, GlobalCdnPlan, globalCdnNotes, planGlobalCdn } from './blocks/global-cdn';
import { LoadBalancedApiOptions, LoadBalancedApiPlan, loadBalancedApiNotes, planLoadBalancedApi } from './blocks/load-balanced-api';
import { MicroserviceGatewayOptions, MicroserviceGatewayPlan, microserviceGatewayNotes, planMicroserviceGateway } from './blocks/microservice-gateway';
import { planReplicatedDatabase, ReplicatedDatabaseOptions, ReplicatedDatabasePlan, replicatedDatabaseNotes } from './blocks/replicated-database';
import { planShardedDatabase, ShardedDatabaseOptions, ShardedDatabasePlan, shardedDatabaseNotes } from './blocks/sharded-database';
import { planTieredCache, TieredCacheOptions, TieredCachePlan, tieredCacheNotes } from './blocks/tiered-cache';
import { planWorkQueue, WorkQueueOptions, WorkQueuePlan, workQueueNotes } from './blocks/work-queue';
import * as catalog from './catalog';
import { SizingReport } from './sizing/report';
import { planSystem, sizeSystem, SystemPlan, SystemSpec, systemBlocks } from './system';

/**
 * Planning and sizing, as static methods. jsii publishes classes, not free functions: Python,
 * Java, .NET and Go reach the core's `planSystem`, `sizeSystem` and `plan<Block>` functions
 * through this class (`Planner.plan_system(spec)` in Python). TypeScript users may call either:
 * each method is the function of the same name.
 */
export class Planner {
  /**
   * Plans a whole system: every block's plan, with the chain's load injected into each.
   *
   * @param spec the system: its blocks and the load at the front
   * @throws ValidationError listing every invalid prop of every block
   */
  public static planSystem(spec: SystemSpec): SystemPlan {
    return planSystem(spec);
  }

  /**
   * Sizes every block of a planned system along the chain and builds the report (rows,
   * verdict, assumptions and notes).
   *
   * @param plan a plan of `planSystem`
   */
  public static sizeSystem(plan: SystemPlan): SizingReport {
    return sizeSystem(plan);
  }

  /**
   * Every block plan of a system, in chain order.
   *
   * @param plan a plan of `planSystem`
   */
  public static systemBlocks(plan: SystemPlan): BlockPlanBase[] {
    return systemBlocks(plan);
  }

  /**
   * Plans a LoadBalancedApi.
   *
   * @param options the block's options
   * @param context where the block sits (errors, report) and what its network offers
   */
  public static planLoadBalancedApi(options: LoadBalancedApiOptions = {}, context: PlanContext = {}): LoadBalancedApiPlan {
    return planLoadBalancedApi(options, context);
  }

  /**
   * Plans a TieredCache.
   *
   * @param options the block's options
   * @param context where the block sits (errors, report) and what its network offers
   */
  public static planTieredCache(options: TieredCacheOptions = {}, context: PlanContext = {}): TieredCachePlan {
    return planTieredCache(options, context);
  }

  /**
   * Plans a ReplicatedDatabase.
   *
   * @param options the block's options
   * @param context where the block sits (errors, report) and what its network offers
   */
  public static planReplicatedDatabase(options: ReplicatedDatabaseOptions = {}, context: PlanContext = {}): ReplicatedDatabasePlan {
    return planReplicatedDatabase(options, context);
  }

  /**
   * Plans a ShardedDatabase.
   *
   * @param options the block's options
   * @param context where the block sits (errors, report) and what its network offers
   */
  public static planShardedDatabase(options: ShardedDatabaseOptions = {}, context: PlanContext = {}): ShardedDatabasePlan {
    return planShardedDatabase(options, context);
  }

  /**
   * Plans a WorkQueue.
   *
   * @param options the block's options
   * @param context where the block sits (errors, report) and what its network offers
   */
  public static planWorkQueue(options: WorkQueueOptions = {}, context: PlanContext = {}): WorkQueuePlan {
    return planWorkQueue(options, context);
  }

  /**
   * Plans a GlobalCdn.
   *
   * @param options the block's options
   * @param context where the block sits (errors, report)
   */
  public static planGlobalCdn(options: GlobalCdnOptions = {}, context: PlanContext = {}): GlobalCdnPlan {
    return planGlobalCdn(options, context);
  }

  /**
   * Plans a MicroserviceGateway.
   *
   * @param options the block's options
   * @param context where the block sits (errors, report) and what its network offers
   */
  public static planMicroserviceGateway(options: MicroserviceGatewayOptions = {}, context: PlanContext = {}): MicroserviceGatewayPlan {
    return planMicroserviceGateway(options, context);
  }

  /**
   * The report's notes on a LoadBalancedApi plan.
   *
   * @param plan the block's plan
   */
  public static loadBalancedApiNotes(plan: LoadBalancedApiPlan): string[] {
    return loadBalancedApiNotes(plan);
  }

  /**
   * The report's notes on a TieredCache plan.
   *
   * @param plan the block's plan
   */
  public static tieredCacheNotes(plan: TieredCachePlan): string[] {
    return tieredCacheNotes(plan);
  }

  /**
   * The report's notes on a ReplicatedDatabase plan.
   *
   * @param plan the block's plan
   */
  public static replicatedDatabaseNotes(plan: ReplicatedDatabasePlan): string[] {
    return replicatedDatabaseNotes(plan);
  }

  /**
   * The report's notes on a ShardedDatabase plan.
   *
   * @param plan the block's plan
   */
  public static shardedDatabaseNotes(plan: ShardedDatabasePlan): string[] {
    return shardedDatabaseNotes(plan);
  }

  /**
   * The report's notes on a WorkQueue plan.
   *
   * @param plan the block's plan
   */
  public static workQueueNotes(plan: WorkQueuePlan): string[] {
    return workQueueNotes(plan);
  }

  /**
   * The report's notes on a GlobalCdn plan.
   *
   * @param plan the block's plan
   */
  public static globalCdnNotes(plan: GlobalCdnPlan): string[] {
    return globalCdnNotes(plan);
  }

  /**
   * The report's notes on a MicroserviceGateway plan.
   *
   * @param plan the block's plan
   */
  public static microserviceGatewayNotes(plan: MicroserviceGatewayPlan): string[] {
    return microserviceGatewayNotes(plan);
  }

  private constructor() {}
}

/**
 * The hardware catalog the sizing reads (instance, cache node and Fargate sizes, connection
 * limits, service quotas, each with its public source), as static methods for every jsii
 * language. Each method is the core function of the same name.
 */
export class HardwareCatalog {
  /**
   * An EC2 instance type, or undefined when the catalog does not know it.
   *
   * @param name e.g. `c7g.large`
   */
  public static ec2Instance(name: string): catalog.InstanceSpec | undefined {
    return catalog.ec2Instance(name);
  }

  /** The EC2 instance types the catalog knows. */
  public static knownEc2Instances(): string[] {
    return catalog.knownEc2Instances();
  }

  /**
   * A DB instance class of an engine family, or undefined when the catalog does not know it.
   *
   * @param name e.g. `db.r7g.large`
   * @param engine the engine family
   */
  public static dbInstance(name: string, engine: catalog.DbEngineFamily): catalog.InstanceSpec | undefined {
    return catalog.dbInstance(name, engine);
  }

  /**
   * The DB instance classes the catalog knows for an engine family.
   *
   * @param engine the engine family
   */
  public static knownDbInstances(engine: catalog.DbEngineFamily): string[] {
    return catalog.knownDbInstances(engine);
  }

  /**
   * An ElastiCache node type, or undefined when the catalog does not know it.
   *
   * @param name e.g. `cache.r7g.large`
   */
  public static cacheNode(name: string): catalog.CacheNodeSpec | undefined {
    return catalog.cacheNode(name);
  }

  /** The ElastiCache node types the catalog knows. */
  public static knownCacheNodes(): string[] {
    return catalog.knownCacheNodes();
  }

  /** Every Fargate CPU and memory pair. */
  public static fargateSizes(): catalog.FargateSize[] {
    return catalog.fargateSizes();
  }

  /**
   * Whether a CPU and memory pair is a Fargate size.
   *
   * @param cpu CPU units (1024 = 1 vCPU)
   * @param memoryMiB memory in MiB
   */
  public static isValidFargate(cpu: number, memoryMiB: number): boolean {
    return catalog.isValidFargate(cpu, memoryMiB);
  }

  /** Every service quota the sizing reads, with its source. */
  public static quotaEntries(): catalog.QuotaEntry[] {
    return catalog.quotaEntries();
  }

  private constructor() {}
}
