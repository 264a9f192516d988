import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { ALLOW_LIST } from './allow-list';
import { cfnLeaves, Leaf, planValues, tfLeaves, untraced } from './walk';
import * as C from '../../src/cdk';
import * as T from '../../src/cdktf';
import {
  ApiOriginKind, CacheEngine, CdnAllowedMethods, CdnHttpVersion, CdnOriginKind, DatabaseEngine, DatabaseStorageKind, DeploymentStrategy,
  FlowLogTrafficType,
  GatewayIntegration,
  GeoRestrictionType, GlobalCdnPlan, LoadBalancedApiPlan, LoadBalancerType, LoadBalancingAlgorithm, MicroserviceGatewayPlan, OriginAccess,
  OriginProtocolPolicy, planGlobalCdn, planLoadBalancedApi, planMicroserviceGateway, planReplicatedDatabase, planShardedDatabase,
  planTieredCache, planWorkQueue, PriceClass, QueueEncryption, QueueType, ReplicatedDatabasePlan, ShardedDatabasePlan, ShardingStrategy,
  TieredCachePlan, WorkQueuePlan,
} from '../../src/core';
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS } from '../../src/core/catalog/prefix-lists';
import { TfResource, TfTemplate } from '../cdktf/template';

/*
 * Backend parity: the same resolved plans rendered by the CDK backend (CloudFormation) and by the
 * Terraform backend (Terraform JSON). For each block, a pair of small extractors reads the settings
 * that matter back from each synthesized output into one neutral object, and a third function says
 * what the plan asks for. The test asserts cfn == plan and tf == cfn, so neither backend can drift
 * and a comparison cannot pass by both extractors returning nothing.
 *
 * The plans use non-default values on purpose (round robin and source-IP hash, 2 shards x 2
 * replicas, a FIFO queue with maxReceiveCount 7, ...), so a backend that hard-codes a default fails.
 *
 * The extractors compare the settings that matter; the walker (./walk.ts) covers the rest: every
 * scalar either backend writes into a resource must be a reference, a plan value (through the
 * translation table of walk.ts) or on the allow-list (./allow-list.ts) of what the libraries write
 * by themselves. A backend that renders a setting no plan field holds fails the walk.
 */

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-1111-2222-333344445555';

// ------------------------------------------------------------------------------------------------
// Rendering
// ------------------------------------------------------------------------------------------------

/** The CloudFormation templates of a stack: its own, then those of its nested stacks. */
type CfnTemplates = { [key: string]: any }[];

function renderCfn(build: (scope: Construct) => void, env?: cdk.Environment): CfnTemplates {
  const stack = new cdk.Stack(new cdk.App(), 'Test', { env });
  build(stack);
  const nested = stack.node.findAll().filter((c): c is cdk.NestedStack => c instanceof cdk.NestedStack);
  return [stack, ...nested].map((s) => Template.fromStack(s).toJSON());
}

function renderTf(build: (scope: Construct) => void): TfTemplate {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  build(stack);
  return TfTemplate.synth(stack);
}

/** Renders a plan with both backends once, on first use. */
function both<P>(plan: P, cfn: (scope: Construct, plan: P) => void, tf: (scope: Construct, plan: P) => void, env?: cdk.Environment):
() => { cfn: CfnTemplates; tf: TfTemplate } {
  let out: { cfn: CfnTemplates; tf: TfTemplate } | undefined;
  return () => {
    out ??= { cfn: renderCfn((s) => cfn(s, plan), env), tf: renderTf((s) => tf(s, plan)) };
    return out;
  };
}

// ------------------------------------------------------------------------------------------------
// Reading the outputs
// ------------------------------------------------------------------------------------------------

interface CfnResource {
  readonly id: string;
  readonly props: { [key: string]: any };
}

/** The resources of a type in one template. */
function cfnOf(template: { [key: string]: any }, type: string): CfnResource[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, r]: [string, any]) => r.Type === type)
    .map(([id, r]: [string, any]) => ({ id, props: r.Properties ?? {} }));
}

/** The one resource of a type in one template. */
function cfnOnly(template: { [key: string]: any }, type: string): CfnResource {
  const all = cfnOf(template, type);
  expect({ type, count: all.length }).toEqual({ type, count: 1 });
  return all[0];
}

/** The logical ids a CloudFormation value refers to (Ref and Fn::GetAtt, however deep). */
function cfnRefs(value: any): string[] {
  if (Array.isArray(value)) return value.flatMap(cfnRefs);
  if (value === null || typeof value !== 'object') return [];
  if (typeof value.Ref === 'string') return [value.Ref];
  if (Array.isArray(value['Fn::GetAtt'])) return [value['Fn::GetAtt'][0]];
  return Object.values(value).flatMap(cfnRefs);
}

/** The resource names a Terraform expression refers to, e.g. `${aws_lb.Api_LoadBalancer.arn}` -> Api_LoadBalancer (for that type). */
function tfRefs(value: any, type: string): string[] {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  const re = new RegExp(`\\b${type}\\.([A-Za-z0-9_-]+)\\.`, 'g');
  return [...text.matchAll(re)].map((m) => m[1]);
}

function tfOnly(t: TfTemplate, type: string): TfResource {
  const all = t.resources(type);
  expect({ type, count: all.length }).toEqual({ type, count: 1 });
  return all[0];
}

/** A Terraform boolean that the provider types as a string in some places ("true"). */
function bool(v: any): boolean {
  return v === true || v === 'true';
}

/** ELB attribute list (Key/Value) as an object. */
function attributesOf(list: { Key: string; Value: string }[] | undefined): { [key: string]: string } {
  return Object.fromEntries((list ?? []).map((a) => [a.Key, a.Value]));
}

/** A fraction of the plan as a target-tracking percentage (0.4 -> 40). */
function percent(fraction: number): number {
  return Math.round(fraction * 100 * 1000) / 1000;
}

// ------------------------------------------------------------------------------------------------
// LoadBalancedApi
// ------------------------------------------------------------------------------------------------

interface ApiSettings {
  loadBalancerType: string;
  /** ALB `load_balancing.algorithm.type`; null on an NLB. */
  algorithmType: string | null;
  anomalyMitigation: boolean;
  /** NLB stickiness type (`source_ip`); null when stickiness is off. */
  stickiness: string | null;
  cpu: number;
  memoryMiB: number;
  /** min/max of the scaling target with auto scaling, the desired count without. */
  tasks: { min: number; max: number } | { fixed: number };
  /** Target of the ECSServiceAverageCPUUtilization policy, in percent; null without auto scaling. */
  cpuTargetPercent: number | null;
  healthCheck: {
    protocol: string; path: string | null; intervalSeconds: number; timeoutSeconds: number; healthyThreshold: number; unhealthyThreshold: number;
  };
  deregistrationDelaySeconds: number;
  /** ALB only (an NLB's TCP idle timeout is fixed); null on an NLB. */
  idleTimeoutSeconds: number | null;
  listener: { protocol: string; port: number; certificateArn: string | null; sslPolicy: string | null };
  circuitBreaker: { enable: boolean; rollback: boolean };
  /** `internet-facing` or `internal`. */
  scheme: string;
  /** Ports the load balancer admits from a managed prefix list (CloudFront's origin-facing one), sorted. */
  prefixListPorts: number[];
}

function cfnCpuTarget(template: { [key: string]: any }, scalableTargetId: string): number | null {
  const policy = cfnOf(template, 'AWS::ApplicationAutoScaling::ScalingPolicy').find((p) =>
    cfnRefs(p.props.ScalingTargetId).includes(scalableTargetId)
    && p.props.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType === 'ECSServiceAverageCPUUtilization');
  return policy ? policy.props.TargetTrackingScalingPolicyConfiguration.TargetValue : null;
}

function tfCpuTarget(t: TfTemplate, scalableTargetName: string): number | null {
  const policy = t.resources('aws_appautoscaling_policy').find((p) =>
    tfRefs(p.attributes.resource_id, 'aws_appautoscaling_target').includes(scalableTargetName)
    && p.attributes.target_tracking_scaling_policy_configuration?.predefined_metric_specification?.predefined_metric_type === 'ECSServiceAverageCPUUtilization');
  return policy ? policy.attributes.target_tracking_scaling_policy_configuration.target_value : null;
}

/** Fargate size and task counts of one ECS service (CloudFormation). */
function cfnServiceFleet(template: { [key: string]: any }, service: CfnResource):
{ cpu: number; memoryMiB: number; tasks: ApiSettings['tasks']; cpuTargetPercent: number | null } {
  const [taskDefId] = cfnRefs(service.props.TaskDefinition);
  const taskDef = cfnOf(template, 'AWS::ECS::TaskDefinition').find((d) => d.id === taskDefId)!;
  const target = cfnOf(template, 'AWS::ApplicationAutoScaling::ScalableTarget').find((s) => cfnRefs(s.props.ResourceId).includes(service.id));
  return {
    cpu: Number(taskDef.props.Cpu),
    memoryMiB: Number(taskDef.props.Memory),
    tasks: target ? { min: target.props.MinCapacity, max: target.props.MaxCapacity } : { fixed: service.props.DesiredCount },
    cpuTargetPercent: target ? cfnCpuTarget(template, target.id) : null,
  };
}

/** Fargate size and task counts of one ECS service (Terraform). */
function tfServiceFleet(t: TfTemplate, service: TfResource):
{ cpu: number; memoryMiB: number; tasks: ApiSettings['tasks']; cpuTargetPercent: number | null } {
  const [taskDefName] = tfRefs(service.attributes.task_definition, 'aws_ecs_task_definition');
  const taskDef = t.resources('aws_ecs_task_definition').find((d) => d.name === taskDefName)!;
  const target = t.resources('aws_appautoscaling_target').find((s) => tfRefs(s.attributes.resource_id, 'aws_ecs_service').includes(service.name));
  return {
    cpu: Number(taskDef.attributes.cpu),
    memoryMiB: Number(taskDef.attributes.memory),
    tasks: target ? { min: target.attributes.min_capacity, max: target.attributes.max_capacity } : { fixed: service.attributes.desired_count },
    cpuTargetPercent: target ? tfCpuTarget(t, target.name) : null,
  };
}

function cfnApi(templates: CfnTemplates): ApiSettings {
  const [t] = templates;
  const lb = cfnOnly(t, 'AWS::ElasticLoadBalancingV2::LoadBalancer').props;
  const tg = cfnOnly(t, 'AWS::ElasticLoadBalancingV2::TargetGroup').props;
  const tgAttrs = attributesOf(tg.TargetGroupAttributes);
  const lbAttrs = attributesOf(lb.LoadBalancerAttributes);
  const listener = cfnOf(t, 'AWS::ElasticLoadBalancingV2::Listener').map((l) => l.props)
    .find((l) => l.DefaultActions.some((a: any) => a.Type === 'forward'))!;
  const service = cfnOnly(t, 'AWS::ECS::Service');
  const breaker = service.props.DeploymentConfiguration?.DeploymentCircuitBreaker;
  return {
    loadBalancerType: lb.Type,
    algorithmType: tgAttrs['load_balancing.algorithm.type'] ?? null,
    anomalyMitigation: tgAttrs['load_balancing.algorithm.anomaly_mitigation'] === 'on',
    stickiness: tgAttrs['stickiness.enabled'] === 'true' ? tgAttrs['stickiness.type'] : null,
    ...cfnServiceFleet(t, service),
    healthCheck: {
      protocol: tg.HealthCheckProtocol,
      path: tg.HealthCheckPath ?? null,
      intervalSeconds: tg.HealthCheckIntervalSeconds,
      timeoutSeconds: tg.HealthCheckTimeoutSeconds,
      healthyThreshold: tg.HealthyThresholdCount,
      unhealthyThreshold: tg.UnhealthyThresholdCount,
    },
    deregistrationDelaySeconds: Number(tgAttrs['deregistration_delay.timeout_seconds']),
    idleTimeoutSeconds: lbAttrs['idle_timeout.timeout_seconds'] === undefined ? null : Number(lbAttrs['idle_timeout.timeout_seconds']),
    listener: {
      protocol: listener.Protocol,
      port: listener.Port,
      certificateArn: listener.Certificates?.[0]?.CertificateArn ?? null,
      sslPolicy: listener.SslPolicy ?? null,
    },
    // CloudFormation leaves DeploymentCircuitBreaker out when it is off.
    circuitBreaker: { enable: breaker?.Enable ?? false, rollback: breaker?.Rollback ?? false },
    scheme: lb.Scheme ?? 'internet-facing',
    prefixListPorts: [
      ...cfnOf(t, 'AWS::EC2::SecurityGroup').flatMap((g) => g.props.SecurityGroupIngress ?? []),
      ...cfnOf(t, 'AWS::EC2::SecurityGroupIngress').map((r) => r.props),
    ].filter((r: any) => r.SourcePrefixListId !== undefined).map((r: any) => r.FromPort).sort(),
  };
}

function tfApi(t: TfTemplate): ApiSettings {
  const lb = tfOnly(t, 'aws_lb').attributes;
  const tg = tfOnly(t, 'aws_lb_target_group').attributes;
  const listener = t.resources('aws_lb_listener').map((l) => l.attributes).find((l) => l.default_action.some((a: any) => a.type === 'forward'))!;
  const service = tfOnly(t, 'aws_ecs_service');
  const breaker = service.attributes.deployment_circuit_breaker;
  const hc = tg.health_check;
  return {
    loadBalancerType: lb.load_balancer_type,
    algorithmType: tg.load_balancing_algorithm_type ?? null,
    anomalyMitigation: tg.load_balancing_anomaly_mitigation === 'on',
    stickiness: tg.stickiness && bool(tg.stickiness.enabled) ? tg.stickiness.type : null,
    ...tfServiceFleet(t, service),
    healthCheck: {
      protocol: hc.protocol,
      path: hc.path ?? null,
      intervalSeconds: hc.interval,
      timeoutSeconds: hc.timeout,
      healthyThreshold: hc.healthy_threshold,
      unhealthyThreshold: hc.unhealthy_threshold,
    },
    deregistrationDelaySeconds: Number(tg.deregistration_delay),
    idleTimeoutSeconds: lb.idle_timeout ?? null,
    listener: {
      protocol: listener.protocol,
      port: listener.port,
      certificateArn: listener.certificate_arn ?? null,
      sslPolicy: listener.ssl_policy ?? null,
    },
    circuitBreaker: { enable: bool(breaker?.enable), rollback: bool(breaker?.rollback) },
    scheme: bool(lb.internal) ? 'internal' : 'internet-facing',
    prefixListPorts: t.resources('aws_vpc_security_group_ingress_rule').map((r) => r.attributes)
      .filter((r) => r.prefix_list_id !== undefined).map((r) => r.from_port).sort(),
  };
}

function planApi(p: LoadBalancedApiPlan): ApiSettings {
  const tls = p.listener.certificateArn !== undefined;
  return {
    loadBalancerType: p.loadBalancerType.toLowerCase(),
    algorithmType: p.targetGroup.algorithmType ?? null,
    anomalyMitigation: p.targetGroup.anomalyMitigation,
    stickiness: p.targetGroup.stickinessType ?? null,
    cpu: p.compute.cpu,
    memoryMiB: p.compute.memoryMiB,
    tasks: p.scaling.autoScaling ? { min: p.scaling.minTasks, max: p.scaling.maxTasks } : { fixed: p.scaling.desiredTasks },
    cpuTargetPercent: p.scaling.autoScaling ? percent(p.scaling.targetCpuUtilization) : null,
    healthCheck: {
      protocol: p.healthCheck.protocol,
      path: p.healthCheck.protocol === 'HTTP' ? p.healthCheck.path : null,
      intervalSeconds: p.healthCheck.intervalSeconds,
      timeoutSeconds: p.healthCheck.timeoutSeconds,
      healthyThreshold: p.healthCheck.healthyThreshold,
      unhealthyThreshold: p.healthCheck.unhealthyThreshold,
    },
    deregistrationDelaySeconds: p.deregistrationDelaySeconds,
    idleTimeoutSeconds: p.loadBalancerType === LoadBalancerType.APPLICATION ? p.idleTimeoutSeconds : null,
    listener: {
      protocol: p.listener.protocol,
      port: p.listener.port,
      certificateArn: p.listener.certificateArn ?? null,
      sslPolicy: tls ? p.listener.sslPolicy : null,
    },
    circuitBreaker: { enable: p.deployment.circuitBreaker, rollback: p.deployment.rollback },
    scheme: p.internetFacing ? 'internet-facing' : 'internal',
    prefixListPorts: p.securityGroups.loadBalancerAdmitsCloudFrontOnly ? [...p.securityGroups.loadBalancerIngressPorts].sort() : [],
  };
}

// ------------------------------------------------------------------------------------------------
// TieredCache
// ------------------------------------------------------------------------------------------------

interface CacheSettings {
  engine: string;
  engineVersion: string;
  nodeType: string;
  clusterMode: boolean;
  /** Node groups (1 with cluster mode disabled). */
  shards: number;
  replicasPerShard: number;
  multiAz: boolean;
  automaticFailover: boolean;
  atRestEncryption: boolean;
  transitEncryption: boolean;
  snapshotRetentionDays: number;
  snapshotWindow: string | null;
  maintenanceWindow: string;
  port: number;
  // Left out: the final snapshot name. CloudFormation's AWS::ElastiCache::ReplicationGroup has no
  // final snapshot property (the CDK backend takes it through the SNAPSHOT removal policy instead),
  // so only Terraform (`final_snapshot_identifier`) can express it.
}

function cfnCache(templates: CfnTemplates): CacheSettings {
  const rg = cfnOnly(templates[0], 'AWS::ElastiCache::ReplicationGroup').props;
  const shards = rg.NumNodeGroups ?? 1;
  return {
    engine: rg.Engine,
    engineVersion: rg.EngineVersion,
    nodeType: rg.CacheNodeType,
    clusterMode: rg.ClusterMode === 'enabled',
    shards,
    replicasPerShard: rg.ReplicasPerNodeGroup ?? rg.NumCacheClusters / shards - 1,
    multiAz: rg.MultiAZEnabled === true,
    automaticFailover: rg.AutomaticFailoverEnabled === true,
    atRestEncryption: rg.AtRestEncryptionEnabled === true,
    transitEncryption: rg.TransitEncryptionEnabled === true,
    snapshotRetentionDays: rg.SnapshotRetentionLimit ?? 0,
    snapshotWindow: rg.SnapshotWindow ?? null,
    maintenanceWindow: rg.PreferredMaintenanceWindow,
    port: rg.Port,
  };
}

function tfCache(t: TfTemplate): CacheSettings {
  const rg = tfOnly(t, 'aws_elasticache_replication_group').attributes;
  const shards = rg.num_node_groups ?? 1;
  return {
    engine: rg.engine,
    engineVersion: rg.engine_version,
    nodeType: rg.node_type,
    clusterMode: rg.cluster_mode === 'enabled',
    shards,
    replicasPerShard: rg.replicas_per_node_group ?? rg.num_cache_clusters / shards - 1,
    multiAz: bool(rg.multi_az_enabled),
    automaticFailover: bool(rg.automatic_failover_enabled),
    atRestEncryption: bool(rg.at_rest_encryption_enabled),
    transitEncryption: bool(rg.transit_encryption_enabled),
    snapshotRetentionDays: rg.snapshot_retention_limit ?? 0,
    snapshotWindow: rg.snapshot_window ?? null,
    maintenanceWindow: rg.maintenance_window,
    port: rg.port,
  };
}

function planCache(plan: TieredCachePlan): CacheSettings {
  const a = plan.application;
  return {
    engine: a.engineName,
    engineVersion: a.engineVersion,
    nodeType: a.nodeType,
    clusterMode: a.clusterMode,
    shards: a.shards,
    replicasPerShard: a.replicasPerShard,
    multiAz: a.multiAz,
    automaticFailover: a.automaticFailover,
    atRestEncryption: a.atRestEncryption,
    transitEncryption: a.transitEncryption,
    snapshotRetentionDays: a.snapshot.retentionDays,
    snapshotWindow: a.snapshot.window ?? null,
    maintenanceWindow: a.maintenanceWindow,
    port: a.port,
  };
}

// ------------------------------------------------------------------------------------------------
// ReplicatedDatabase (and each shard of a ShardedDatabase)
// ------------------------------------------------------------------------------------------------

interface DbSettings {
  databaseName: string;
  engine: string;
  engineVersion: string;
  writerClass: string;
  readerClasses: string[];
  readers: number;
  /** RDS only (Aurora spreads its instances itself); null on Aurora. */
  multiAz: boolean | null;
  backupRetentionDays: number;
  /** Of the cluster (Aurora) or of the RDS writer. */
  deletionProtection: boolean;
  /**
   * Whether RDS read replicas are deletion-protected: never (a replica is a copy of its protected
   * source, and lowering `readers` must be able to remove one); null without RDS replicas. The
   * first run of this test found the backends disagreeing here.
   */
  replicasProtected: boolean | 'mixed' | null;
  storageEncrypted: boolean;
  iamAuthentication: boolean;
  performanceInsights: boolean | 'mixed';
  port: number;
  /**
   * RDS: the volume type, provisioned IOPS and throughput every instance (writer and replicas)
   * renders, as `type/iops/MiBps` (`-` for a value not set), or 'mixed'; null on Aurora.
   */
  storage: string | 'mixed' | null;
  /** Aurora Serverless v2 scaling of the cluster (min, max ACUs, seconds until auto-pause); null without one. */
  serverlessV2: { min: number; max: number; pauseSeconds: number | null } | null;
}

/** The one value every instance agrees on, or 'mixed'. */
function agreed(values: boolean[]): boolean | 'mixed' {
  const distinct = [...new Set(values)];
  return distinct.length === 1 ? distinct[0] : 'mixed';
}

/** The one string every instance agrees on, or 'mixed'. */
function agreedString(values: string[]): string | 'mixed' {
  const distinct = [...new Set(values)];
  return distinct.length === 1 ? distinct[0] : 'mixed';
}

/** An RDS instance's storage as `type/iops/MiBps`, `-` for a value not set. */
function storageOf(type: unknown, iops: unknown, mibps: unknown): string {
  return [type, iops, mibps].map((v) => (v === undefined || v === null ? '-' : String(v))).join('/');
}

const ENGINE_NAMES: { [engine: string]: string } = {
  [DatabaseEngine.AURORA_POSTGRESQL]: 'aurora-postgresql',
  [DatabaseEngine.AURORA_MYSQL]: 'aurora-mysql',
  [DatabaseEngine.RDS_POSTGRESQL]: 'postgres',
  [DatabaseEngine.RDS_MYSQL]: 'mysql',
};

/** Every database (Aurora cluster, or RDS writer with its replicas) of a set of templates, by database name. */
function cfnDatabases(templates: CfnTemplates): DbSettings[] {
  const out: DbSettings[] = [];
  for (const t of templates) {
    const instances = cfnOf(t, 'AWS::RDS::DBInstance');
    for (const cluster of cfnOf(t, 'AWS::RDS::DBCluster')) {
      const c = cluster.props;
      const members = instances.filter((i) => cfnRefs(i.props.DBClusterIdentifier).includes(cluster.id))
        .sort((a, b) => (a.props.PromotionTier ?? 1) - (b.props.PromotionTier ?? 1));
      out.push({
        databaseName: c.DatabaseName,
        engine: c.Engine,
        engineVersion: c.EngineVersion,
        writerClass: members[0].props.DBInstanceClass,
        readerClasses: members.slice(1).map((i) => i.props.DBInstanceClass).sort(),
        readers: members.length - 1,
        multiAz: null,
        backupRetentionDays: c.BackupRetentionPeriod,
        deletionProtection: c.DeletionProtection === true,
        replicasProtected: null,
        storageEncrypted: c.StorageEncrypted === true,
        iamAuthentication: c.EnableIAMDatabaseAuthentication === true,
        // Set on the cluster by the CDK backend; per instance otherwise.
        performanceInsights: c.PerformanceInsightsEnabled ?? agreed(members.map((i) => i.props.EnablePerformanceInsights === true)),
        port: Number(c.Port),
        storage: null,
        serverlessV2: c.ServerlessV2ScalingConfiguration ? {
          min: c.ServerlessV2ScalingConfiguration.MinCapacity,
          max: c.ServerlessV2ScalingConfiguration.MaxCapacity,
          pauseSeconds: c.ServerlessV2ScalingConfiguration.SecondsUntilAutoPause ?? null,
        } : null,
      });
    }
    for (const writer of instances.filter((i) => i.props.DBClusterIdentifier === undefined && i.props.SourceDBInstanceIdentifier === undefined)) {
      const w = writer.props;
      const replicas = instances.filter((i) => cfnRefs(i.props.SourceDBInstanceIdentifier).includes(writer.id));
      out.push({
        databaseName: w.DBName,
        engine: w.Engine,
        engineVersion: w.EngineVersion,
        writerClass: w.DBInstanceClass,
        readerClasses: replicas.map((i) => i.props.DBInstanceClass).sort(),
        readers: replicas.length,
        multiAz: w.MultiAZ === true,
        backupRetentionDays: w.BackupRetentionPeriod,
        deletionProtection: w.DeletionProtection === true,
        replicasProtected: replicas.length === 0 ? null : agreed(replicas.map((i) => i.props.DeletionProtection === true)),
        storageEncrypted: w.StorageEncrypted === true,
        iamAuthentication: w.EnableIAMDatabaseAuthentication === true,
        performanceInsights: agreed([writer, ...replicas].map((i) => i.props.EnablePerformanceInsights === true)),
        port: Number(w.Port),
        storage: agreedString([writer, ...replicas].map((i) => storageOf(i.props.StorageType, i.props.Iops, i.props.StorageThroughput))),
        serverlessV2: null,
      });
    }
  }
  return out.sort((a, b) => a.databaseName.localeCompare(b.databaseName));
}

function tfDatabases(t: TfTemplate): DbSettings[] {
  const out: DbSettings[] = [];
  const clusterInstances = t.resources('aws_rds_cluster_instance');
  for (const cluster of t.resources('aws_rds_cluster')) {
    const c = cluster.attributes;
    const members = clusterInstances.filter((i) => tfRefs(i.attributes.cluster_identifier, 'aws_rds_cluster').includes(cluster.name))
      .sort((a, b) => (a.attributes.promotion_tier ?? 1) - (b.attributes.promotion_tier ?? 1));
    out.push({
      databaseName: c.database_name,
      engine: c.engine,
      engineVersion: c.engine_version,
      writerClass: members[0].attributes.instance_class,
      readerClasses: members.slice(1).map((i) => i.attributes.instance_class).sort(),
      readers: members.length - 1,
      multiAz: null,
      backupRetentionDays: c.backup_retention_period,
      deletionProtection: bool(c.deletion_protection),
      replicasProtected: null,
      storageEncrypted: bool(c.storage_encrypted),
      iamAuthentication: bool(c.iam_database_authentication_enabled),
      performanceInsights: c.performance_insights_enabled !== undefined
        ? bool(c.performance_insights_enabled) : agreed(members.map((i) => bool(i.attributes.performance_insights_enabled))),
      port: Number(c.port),
      storage: null,
      serverlessV2: c.serverlessv2_scaling_configuration ? {
        min: c.serverlessv2_scaling_configuration.min_capacity,
        max: c.serverlessv2_scaling_configuration.max_capacity,
        pauseSeconds: c.serverlessv2_scaling_configuration.seconds_until_auto_pause ?? null,
      } : null,
    });
  }
  const instances = t.resources('aws_db_instance');
  for (const writer of instances.filter((i) => i.attributes.replicate_source_db === undefined)) {
    const w = writer.attributes;
    const replicas = instances.filter((i) => tfRefs(i.attributes.replicate_source_db, 'aws_db_instance').includes(writer.name));
    out.push({
      databaseName: w.db_name,
      engine: w.engine,
      engineVersion: w.engine_version,
      writerClass: w.instance_class,
      readerClasses: replicas.map((i) => i.attributes.instance_class).sort(),
      readers: replicas.length,
      multiAz: bool(w.multi_az),
      backupRetentionDays: w.backup_retention_period,
      deletionProtection: bool(w.deletion_protection),
      replicasProtected: replicas.length === 0 ? null : agreed(replicas.map((i) => bool(i.attributes.deletion_protection))),
      storageEncrypted: bool(w.storage_encrypted),
      iamAuthentication: bool(w.iam_database_authentication_enabled),
      performanceInsights: agreed([writer, ...replicas].map((i) => bool(i.attributes.performance_insights_enabled))),
      port: Number(w.port),
      storage: agreedString([writer, ...replicas].map((i) => storageOf(
        i.attributes.storage_type, i.attributes.iops, i.attributes.storage_throughput))),
      serverlessV2: null,
    });
  }
  return out.sort((a, b) => a.databaseName.localeCompare(b.databaseName));
}

function planDatabase(p: ReplicatedDatabasePlan): DbSettings {
  const [writer, ...readers] = p.instances;
  return {
    databaseName: p.databaseName,
    engine: ENGINE_NAMES[p.engine],
    engineVersion: p.engineVersion,
    writerClass: writer.instanceClass,
    readerClasses: readers.map((r) => r.instanceClass).sort(),
    readers: p.readers,
    multiAz: p.aurora ? null : p.multiAz,
    backupRetentionDays: p.backupRetentionDays,
    deletionProtection: p.deletionProtection,
    replicasProtected: p.aurora || p.readers === 0 ? null : p.replicaDeletionProtection === true,
    storageEncrypted: p.storage.encrypted,
    iamAuthentication: p.iamAuthentication,
    performanceInsights: p.monitoring.performanceInsights,
    port: p.port,
    storage: p.aurora ? null : storageOf(p.storage.kind.toLowerCase(), p.storage.iops, p.storage.throughputMiBps),
    serverlessV2: p.serverlessV2
      ? { min: p.serverlessV2.minCapacityAcu, max: p.serverlessV2.maxCapacityAcu, pauseSeconds: p.serverlessV2.secondsUntilAutoPause ?? null } : null,
  };
}

/** The settings of a ReplicatedDatabase's RDS Proxy (null without one). */
interface ProxySettings {
  name: string;
  engineFamily: string;
  requireTls: boolean;
  iamAuthentication: boolean;
  debugLogging: boolean;
  maxConnectionsPercent: number;
  maxIdleConnectionsPercent: number;
  connectionBorrowTimeoutSeconds: number;
  /** What the target group points at: `cluster` or `writer`. */
  target: string;
}

type ReplicatedDbSettings = DbSettings & { proxy: ProxySettings | null };

function planProxy(x: NonNullable<ReplicatedDatabasePlan['proxy']>): ProxySettings {
  return {
    name: x.name,
    engineFamily: x.engineFamily,
    requireTls: x.requireTls,
    iamAuthentication: x.iamAuthentication,
    debugLogging: x.debugLogging,
    maxConnectionsPercent: x.maxConnectionsPercent,
    maxIdleConnectionsPercent: x.maxIdleConnectionsPercent,
    connectionBorrowTimeoutSeconds: x.connectionBorrowTimeoutSeconds,
    target: x.target,
  };
}

function planReplicated(p: ReplicatedDatabasePlan): ReplicatedDbSettings {
  return { ...planDatabase(p), proxy: p.proxy ? planProxy(p.proxy) : null };
}

/** A proxy of a CloudFormation template with the target group that names it. */
function cfnProxy(template: { [key: string]: any }, proxy: CfnResource): ProxySettings {
  const x = proxy.props;
  const g = cfnOf(template, 'AWS::RDS::DBProxyTargetGroup').find((r) => cfnRefs(r.props.DBProxyName).includes(proxy.id))!.props;
  const pool = g.ConnectionPoolConfigurationInfo;
  return {
    name: x.DBProxyName,
    engineFamily: x.EngineFamily,
    requireTls: x.RequireTLS === true,
    iamAuthentication: x.Auth[0].IAMAuth === 'REQUIRED',
    debugLogging: x.DebugLogging === true,
    maxConnectionsPercent: pool.MaxConnectionsPercent,
    maxIdleConnectionsPercent: pool.MaxIdleConnectionsPercent,
    connectionBorrowTimeoutSeconds: pool.ConnectionBorrowTimeout,
    target: g.DBClusterIdentifiers ? 'cluster' : g.DBInstanceIdentifiers ? 'writer' : 'none',
  };
}

/** A proxy of a Terraform template with its default target group and its target. */
function tfProxy(t: TfTemplate, proxy: TfResource): ProxySettings {
  const x = proxy.attributes;
  const names = (type: string) => t.resources(type).find((r) => tfRefs(r.attributes.db_proxy_name, 'aws_db_proxy').includes(proxy.name))!.attributes;
  const pool = names('aws_db_proxy_default_target_group').connection_pool_config;
  const target = names('aws_db_proxy_target');
  return {
    name: x.name,
    engineFamily: x.engine_family,
    requireTls: x.require_tls === true,
    iamAuthentication: x.auth[0].iam_auth === 'REQUIRED',
    debugLogging: x.debug_logging === true,
    maxConnectionsPercent: pool.max_connections_percent,
    maxIdleConnectionsPercent: pool.max_idle_connections_percent,
    connectionBorrowTimeoutSeconds: pool.connection_borrow_timeout,
    target: target.db_cluster_identifier ? 'cluster' : target.db_instance_identifier ? 'writer' : 'none',
  };
}

function cfnReplicatedDatabase(templates: CfnTemplates): ReplicatedDbSettings {
  const all = cfnDatabases(templates);
  expect(all).toHaveLength(1);
  const proxies = templates.flatMap((t) => cfnOf(t, 'AWS::RDS::DBProxy'));
  const groups = templates.flatMap((t) => cfnOf(t, 'AWS::RDS::DBProxyTargetGroup'));
  expect(proxies.length).toBeLessThanOrEqual(1);
  if (proxies.length === 0) return { ...all[0], proxy: null };
  const x = proxies[0].props;
  const g = groups[0].props;
  const pool = g.ConnectionPoolConfigurationInfo;
  return {
    ...all[0],
    proxy: {
      name: x.DBProxyName,
      engineFamily: x.EngineFamily,
      requireTls: x.RequireTLS === true,
      iamAuthentication: x.Auth[0].IAMAuth === 'REQUIRED',
      debugLogging: x.DebugLogging === true,
      maxConnectionsPercent: pool.MaxConnectionsPercent,
      maxIdleConnectionsPercent: pool.MaxIdleConnectionsPercent,
      connectionBorrowTimeoutSeconds: pool.ConnectionBorrowTimeout,
      target: g.DBClusterIdentifiers ? 'cluster' : g.DBInstanceIdentifiers ? 'writer' : 'none',
    },
  };
}

function tfReplicatedDatabase(t: TfTemplate): ReplicatedDbSettings {
  const all = tfDatabases(t);
  expect(all).toHaveLength(1);
  const proxies = t.resources('aws_db_proxy');
  expect(proxies.length).toBeLessThanOrEqual(1);
  if (proxies.length === 0) return { ...all[0], proxy: null };
  const x = proxies[0].attributes;
  const pool = t.only('aws_db_proxy_default_target_group').attributes.connection_pool_config;
  const target = t.only('aws_db_proxy_target').attributes;
  return {
    ...all[0],
    proxy: {
      name: x.name,
      engineFamily: x.engine_family,
      requireTls: x.require_tls === true,
      iamAuthentication: x.auth[0].iam_auth === 'REQUIRED',
      debugLogging: x.debug_logging === true,
      maxConnectionsPercent: pool.max_connections_percent,
      maxIdleConnectionsPercent: pool.max_idle_connections_percent,
      connectionBorrowTimeoutSeconds: pool.connection_borrow_timeout,
      target: target.db_cluster_identifier ? 'cluster' : target.db_instance_identifier ? 'writer' : 'none',
    },
  };
}

/** The shards' databases and their proxies (by name), whatever stack each is rendered in. */
interface ShardedSettings {
  databases: DbSettings[];
  proxies: ProxySettings[];
}

const byProxyName = (a: ProxySettings, b: ProxySettings) => a.name.localeCompare(b.name);

function planSharded(p: ShardedDatabasePlan): ShardedSettings {
  return {
    databases: p.shards.map((s) => planDatabase(s.database)).sort((a, b) => a.databaseName.localeCompare(b.databaseName)),
    proxies: p.shards.flatMap((s) => (s.database.proxy ? [planProxy(s.database.proxy)] : [])).sort(byProxyName),
  };
}

function cfnSharded(templates: CfnTemplates): ShardedSettings {
  return {
    databases: cfnDatabases(templates),
    proxies: templates.flatMap((t) => cfnOf(t, 'AWS::RDS::DBProxy').map((x) => cfnProxy(t, x))).sort(byProxyName),
  };
}

function tfSharded(t: TfTemplate): ShardedSettings {
  return { databases: tfDatabases(t), proxies: t.resources('aws_db_proxy').map((x) => tfProxy(t, x)).sort(byProxyName) };
}

// ------------------------------------------------------------------------------------------------
// WorkQueue
// ------------------------------------------------------------------------------------------------

interface QueueSettings {
  fifo: boolean;
  contentBasedDeduplication: boolean;
  visibilityTimeoutSeconds: number;
  retentionSeconds: number;
  /** SQS_MANAGED, AWS_MANAGED (alias/aws/sqs), CUSTOMER_MANAGED (a key of the stack) or NONE. */
  encryption: string;
  deadLetter: { fifo: boolean; maxReceiveCount: number; retentionSeconds: number; encryption: string };
  jobTable: { billingMode: string; pointInTimeRecovery: boolean; ttlAttribute: string | null; deletionProtection: boolean; encryption: string };
  workers: { min: number; max: number };
}

function sqsEncryption(kmsKeyId: any, sqsManaged: any): string {
  if (kmsKeyId === 'alias/aws/sqs') return 'AWS_MANAGED';
  if (kmsKeyId !== undefined) return 'CUSTOMER_MANAGED';
  return bool(sqsManaged) ? 'SQS_MANAGED' : 'NONE';
}

function dynamoEncryption(enabled: any, kmsKeyId: any): string {
  if (!bool(enabled)) return 'AWS_OWNED';
  return kmsKeyId === undefined ? 'AWS_MANAGED' : 'CUSTOMER_MANAGED';
}

function cfnQueue(templates: CfnTemplates): QueueSettings {
  const [t] = templates;
  const queues = cfnOf(t, 'AWS::SQS::Queue');
  const main = queues.filter((q) => q.props.RedrivePolicy !== undefined && q.props.RedriveAllowPolicy === undefined);
  expect(main).toHaveLength(1);
  const q = main[0].props;
  const dlq = queues.find((x) => x.id === cfnRefs(q.RedrivePolicy.deadLetterTargetArn)[0])!.props;
  const table = cfnOnly(t, 'AWS::DynamoDB::Table').props;
  const target = cfnOnly(t, 'AWS::ApplicationAutoScaling::ScalableTarget').props;
  return {
    fifo: q.FifoQueue === true,
    contentBasedDeduplication: q.ContentBasedDeduplication === true,
    visibilityTimeoutSeconds: q.VisibilityTimeout,
    retentionSeconds: q.MessageRetentionPeriod,
    encryption: sqsEncryption(q.KmsMasterKeyId, q.SqsManagedSseEnabled),
    deadLetter: {
      fifo: dlq.FifoQueue === true,
      maxReceiveCount: q.RedrivePolicy.maxReceiveCount,
      retentionSeconds: dlq.MessageRetentionPeriod,
      encryption: sqsEncryption(dlq.KmsMasterKeyId, dlq.SqsManagedSseEnabled),
    },
    jobTable: {
      billingMode: table.BillingMode,
      pointInTimeRecovery: table.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled === true,
      ttlAttribute: table.TimeToLiveSpecification?.Enabled ? table.TimeToLiveSpecification.AttributeName : null,
      deletionProtection: table.DeletionProtectionEnabled === true,
      encryption: dynamoEncryption(table.SSESpecification?.SSEEnabled, table.SSESpecification?.KMSMasterKeyId),
    },
    workers: { min: target.MinCapacity, max: target.MaxCapacity },
  };
}

function tfQueue(t: TfTemplate): QueueSettings {
  const queues = t.resources('aws_sqs_queue');
  const separatePolicies = t.resources('aws_sqs_queue_redrive_policy');
  const redriveOf = (q: TfResource): string | undefined => q.attributes.redrive_policy
    ?? separatePolicies.find((p) => tfRefs(p.attributes.queue_url, 'aws_sqs_queue').includes(q.name))?.attributes.redrive_policy;
  const main = queues.filter((q) => redriveOf(q) !== undefined);
  expect(main).toHaveLength(1);
  const redrive = redriveOf(main[0])!;
  const q = main[0].attributes;
  const dlq = queues.find((x) => x.name === tfRefs(redrive, 'aws_sqs_queue')[0])!.attributes;
  const table = tfOnly(t, 'aws_dynamodb_table').attributes;
  const target = tfOnly(t, 'aws_appautoscaling_target').attributes;
  return {
    fifo: bool(q.fifo_queue),
    contentBasedDeduplication: bool(q.content_based_deduplication),
    visibilityTimeoutSeconds: q.visibility_timeout_seconds,
    retentionSeconds: q.message_retention_seconds,
    encryption: sqsEncryption(q.kms_master_key_id, q.sqs_managed_sse_enabled),
    deadLetter: {
      fifo: bool(dlq.fifo_queue),
      maxReceiveCount: JSON.parse(redrive).maxReceiveCount,
      retentionSeconds: dlq.message_retention_seconds,
      encryption: sqsEncryption(dlq.kms_master_key_id, dlq.sqs_managed_sse_enabled),
    },
    jobTable: {
      billingMode: table.billing_mode,
      pointInTimeRecovery: bool(table.point_in_time_recovery?.enabled),
      ttlAttribute: bool(table.ttl?.enabled) ? table.ttl.attribute_name : null,
      deletionProtection: bool(table.deletion_protection_enabled),
      encryption: dynamoEncryption(table.server_side_encryption?.enabled, table.server_side_encryption?.kms_key_arn),
    },
    workers: { min: target.min_capacity, max: target.max_capacity },
  };
}

function planQueue(p: WorkQueuePlan): QueueSettings {
  return {
    fifo: p.queue.fifo,
    contentBasedDeduplication: p.queue.contentBasedDeduplication ?? false,
    visibilityTimeoutSeconds: p.queue.visibilityTimeoutSeconds,
    retentionSeconds: p.queue.retentionSeconds,
    encryption: p.queue.encryption,
    deadLetter: {
      fifo: p.deadLetterQueue.fifo,
      maxReceiveCount: p.deadLetterQueue.maxReceiveCount,
      retentionSeconds: p.deadLetterQueue.retentionSeconds,
      encryption: p.deadLetterQueue.encryption,
    },
    jobTable: {
      billingMode: p.jobTable.billingMode,
      pointInTimeRecovery: p.jobTable.pointInTimeRecovery,
      ttlAttribute: p.jobTable.ttlAttribute,
      deletionProtection: p.jobTable.deletionProtection,
      encryption: p.jobTable.encryption,
    },
    workers: { min: p.workers.minWorkers, max: p.workers.maxWorkers },
  };
}

// ------------------------------------------------------------------------------------------------
// GlobalCdn
// ------------------------------------------------------------------------------------------------

interface CdnBehaviorSettings {
  origin: string;
  viewerProtocolPolicy: string;
  /** TTLs of the cache policy the block creates; null for a managed policy (CachingDisabled). */
  ttl: { min: number; default: number; max: number } | null;
}

interface CdnSettings {
  priceClass: string;
  httpVersion: string;
  ipv6: boolean;
  aliases: string[];
  /** Only with a certificate: without one, CloudFront's default certificate fixes the protocol (CloudFormation leaves it out). */
  certificate: { arn: string; minimumProtocolVersion: string; sslSupportMethod: string } | null;
  geoRestriction: { type: string; locations: string[] };
  /** By path pattern, `*` for the default behaviour. */
  behaviors: { [pathPattern: string]: CdnBehaviorSettings };
  waf: { attached: boolean; webAclsCreated: number };
  /** How the distribution reaches each origin, by origin id: `s3`, `custom` (over the internet) or `vpc-origin`. */
  origins: { [id: string]: string };
  /** The CloudFront VPC origins the block creates. */
  vpcOrigins: { name: string; httpPort: number; httpsPort: number; protocolPolicy: string; sslProtocols: string[] }[];
  /** Custom origin headers by origin id (the secret origin header of SECRET_ORIGIN_HEADER), with the origin's protocol. */
  originHeaders: { [id: string]: { headers: string[]; protocolPolicy: string } };
  /**
   * The DNS names CloudFront connects to that are written as names (a custom domain, or the name a
   * load balancer is reached by), by origin id; a bucket's or a load balancer's own name is a reference and left out.
   */
  originDomainNames: { [id: string]: string };
}

function cfnCdn(templates: CfnTemplates): CdnSettings {
  const [t] = templates;
  const d = cfnOnly(t, 'AWS::CloudFront::Distribution').props.DistributionConfig;
  const policies = cfnOf(t, 'AWS::CloudFront::CachePolicy');
  const behavior = (b: any): CdnBehaviorSettings => {
    const policy = policies.find((p) => cfnRefs(b.CachePolicyId).includes(p.id))?.props.CachePolicyConfig;
    return {
      origin: b.TargetOriginId,
      viewerProtocolPolicy: b.ViewerProtocolPolicy,
      ttl: policy ? { min: policy.MinTTL, default: policy.DefaultTTL, max: policy.MaxTTL } : null,
    };
  };
  const cert = d.ViewerCertificate;
  const geo = d.Restrictions?.GeoRestriction;
  return {
    priceClass: d.PriceClass,
    httpVersion: d.HttpVersion,
    ipv6: d.IPV6Enabled === true,
    aliases: d.Aliases ?? [],
    certificate: cert?.AcmCertificateArn
      ? { arn: cert.AcmCertificateArn, minimumProtocolVersion: cert.MinimumProtocolVersion, sslSupportMethod: cert.SslSupportMethod } : null,
    geoRestriction: { type: geo?.RestrictionType ?? 'none', locations: geo?.Locations ?? [] },
    behaviors: Object.fromEntries([
      ['*', behavior(d.DefaultCacheBehavior)],
      ...(d.CacheBehaviors ?? []).map((b: any) => [b.PathPattern, behavior(b)]),
    ]),
    waf: { attached: d.WebACLId !== undefined, webAclsCreated: cfnOf(t, 'AWS::WAFv2::WebACL').length },
    origins: Object.fromEntries((d.Origins ?? []).map((o: any) => [o.Id, o.VpcOriginConfig ? 'vpc-origin' : o.CustomOriginConfig ? 'custom' : 's3'])),
    originHeaders: Object.fromEntries((d.Origins ?? []).filter((o: any) => o.OriginCustomHeaders?.length > 0).map((o: any) => [o.Id, {
      headers: o.OriginCustomHeaders.map((h: any) => h.HeaderName), protocolPolicy: o.CustomOriginConfig?.OriginProtocolPolicy,
    }])),
    originDomainNames: Object.fromEntries((d.Origins ?? []).filter((o: any) => typeof o.DomainName === 'string').map((o: any) => [o.Id, o.DomainName])),
    vpcOrigins: cfnOf(t, 'AWS::CloudFront::VpcOrigin').map((v) => {
      const c = v.props.VpcOriginEndpointConfig;
      return {
        name: c.Name, httpPort: c.HTTPPort, httpsPort: c.HTTPSPort, protocolPolicy: c.OriginProtocolPolicy, sslProtocols: c.OriginSSLProtocols ?? [],
      };
    }),
  };
}

function tfCdn(t: TfTemplate): CdnSettings {
  const d = tfOnly(t, 'aws_cloudfront_distribution').attributes;
  const policies = t.resources('aws_cloudfront_cache_policy');
  const behavior = (b: any): CdnBehaviorSettings => {
    const policy = policies.find((p) => tfRefs(b.cache_policy_id, 'aws_cloudfront_cache_policy').includes(p.name))?.attributes;
    return {
      origin: b.target_origin_id,
      viewerProtocolPolicy: b.viewer_protocol_policy,
      ttl: policy ? { min: policy.min_ttl, default: policy.default_ttl, max: policy.max_ttl } : null,
    };
  };
  const cert = d.viewer_certificate;
  const geo = d.restrictions?.geo_restriction;
  return {
    priceClass: d.price_class,
    httpVersion: d.http_version,
    ipv6: bool(d.is_ipv6_enabled),
    aliases: d.aliases ?? [],
    certificate: cert?.acm_certificate_arn
      ? { arn: cert.acm_certificate_arn, minimumProtocolVersion: cert.minimum_protocol_version, sslSupportMethod: cert.ssl_support_method } : null,
    geoRestriction: { type: geo?.restriction_type ?? 'none', locations: geo?.locations ?? [] },
    behaviors: Object.fromEntries([
      ['*', behavior(d.default_cache_behavior)],
      ...(d.ordered_cache_behavior ?? []).map((b: any) => [b.path_pattern, behavior(b)]),
    ]),
    waf: { attached: d.web_acl_id !== undefined, webAclsCreated: t.resourceCount('aws_wafv2_web_acl') },
    origins: Object.fromEntries((d.origin ?? []).map((o: any) => [o.origin_id, o.vpc_origin_config ? 'vpc-origin' : o.custom_origin_config ? 'custom' : 's3'])),
    originHeaders: Object.fromEntries((d.origin ?? []).filter((o: any) => [o.custom_header ?? []].flat().length > 0).map((o: any) => [o.origin_id, {
      headers: [o.custom_header].flat().map((h: any) => h.name), protocolPolicy: first(o.custom_origin_config)?.origin_protocol_policy,
    }])),
    originDomainNames: Object.fromEntries((d.origin ?? []).filter((o: any) => typeof o.domain_name === 'string' && !o.domain_name.includes('${'))
      .map((o: any) => [o.origin_id, o.domain_name])),
    vpcOrigins: t.resources('aws_cloudfront_vpc_origin').map((v) => {
      const c = first(v.attributes.vpc_origin_endpoint_config);
      return {
        name: c.name,
        httpPort: c.http_port,
        httpsPort: c.https_port,
        protocolPolicy: c.origin_protocol_policy,
        sslProtocols: first(c.origin_ssl_protocols)?.items ?? [],
      };
    }),
  };
}

/** A Terraform nested block, written as an object or a one-element list. */
function first(x: any): any {
  return Array.isArray(x) ? x[0] : x;
}

const PRICE_CLASSES: { [k: string]: string } = {
  [PriceClass.PRICE_CLASS_100]: 'PriceClass_100',
  [PriceClass.PRICE_CLASS_200]: 'PriceClass_200',
  [PriceClass.PRICE_CLASS_ALL]: 'PriceClass_All',
};
const HTTP_VERSIONS: { [k: string]: string } = { [CdnHttpVersion.HTTP2]: 'http2', [CdnHttpVersion.HTTP2_AND_3]: 'http2and3' };
const GEO_TYPES: { [k: string]: string } = {
  [GeoRestrictionType.NONE]: 'none',
  [GeoRestrictionType.ALLOWLIST]: 'whitelist',
  [GeoRestrictionType.DENYLIST]: 'blacklist',
};

function planCdn(p: GlobalCdnPlan): CdnSettings {
  const v = p.viewer;
  return {
    priceClass: PRICE_CLASSES[p.priceClass],
    httpVersion: HTTP_VERSIONS[v.httpVersion],
    ipv6: v.ipv6,
    aliases: v.domainNames,
    certificate: v.certificateArn
      ? { arn: v.certificateArn, minimumProtocolVersion: v.minimumProtocolVersion, sslSupportMethod: v.sslSupportMethod } : null,
    geoRestriction: { type: GEO_TYPES[p.geoRestriction.type], locations: p.geoRestriction.countries },
    behaviors: Object.fromEntries([p.defaultBehavior, ...p.behaviors].map((b) => [b.pathPattern, {
      origin: b.targetOriginId,
      // Every plan redirects (planGlobalCdn sets redirectToHttps true); see the report for the latent other branch.
      viewerProtocolPolicy: b.redirectToHttps ? 'redirect-to-https' : 'no redirect',
      ttl: b.cache.enabled ? { min: b.cache.minTtlSeconds, default: b.cache.defaultTtlSeconds, max: b.cache.maxTtlSeconds } : null,
    }])),
    waf: { attached: p.waf.enabled, webAclsCreated: p.waf.createWebAcl ? 1 : 0 },
    origins: Object.fromEntries(p.origins.map((o) => [o.id,
      o.kind === CdnOriginKind.S3_BUCKET ? 's3' : o.access === OriginAccess.VPC_ORIGIN ? 'vpc-origin' : 'custom'])),
    originHeaders: Object.fromEntries(p.origins.filter((o) => o.originHeaderName !== undefined).map((o) => [o.id, {
      headers: [o.originHeaderName as string], protocolPolicy: o.protocolPolicy === OriginProtocolPolicy.HTTP_ONLY ? 'http-only' : 'https-only',
    }])),
    originDomainNames: Object.fromEntries(p.origins.filter((o) => o.domainName !== undefined).map((o) => [o.id, o.domainName as string])),
    vpcOrigins: p.origins.filter((o) => o.access === OriginAccess.VPC_ORIGIN).map((o) => ({
      name: o.vpcOriginName as string,
      httpPort: o.httpPort as number,
      httpsPort: o.httpsPort as number,
      protocolPolicy: o.protocolPolicy === OriginProtocolPolicy.HTTP_ONLY ? 'http-only' : 'https-only',
      sslProtocols: o.sslProtocols ?? [],
    })),
  };
}

// ------------------------------------------------------------------------------------------------
// MicroserviceGateway
// ------------------------------------------------------------------------------------------------

interface GatewaySettings {
  /** By Service Connect discovery name. */
  services: { [name: string]: { cpu: number; memoryMiB: number; tasks: ApiSettings['tasks']; cpuTargetPercent: number | null } };
  /** By route key. */
  routes: { [routeKey: string]: { rateLimit: number; burstLimit: number; integrationTimeoutMs: number } };
  defaultThrottle: { rateLimit: number; burstLimit: number };
}

function cfnGateway(templates: CfnTemplates): GatewaySettings {
  const [t] = templates;
  const stage = cfnOnly(t, 'AWS::ApiGatewayV2::Stage').props;
  const integrations = cfnOf(t, 'AWS::ApiGatewayV2::Integration');
  return {
    services: Object.fromEntries(cfnOf(t, 'AWS::ECS::Service').map((s) => [
      s.props.ServiceConnectConfiguration.Services[0].DiscoveryName, cfnServiceFleet(t, s),
    ])),
    routes: Object.fromEntries(cfnOf(t, 'AWS::ApiGatewayV2::Route').map((r) => {
      const key = r.props.RouteKey;
      const integration = integrations.find((i) => cfnRefs(r.props.Target).includes(i.id))!.props;
      const throttle = stage.RouteSettings?.[key] ?? {};
      return [key, {
        rateLimit: throttle.ThrottlingRateLimit, burstLimit: throttle.ThrottlingBurstLimit, integrationTimeoutMs: integration.TimeoutInMillis,
      }];
    })),
    defaultThrottle: { rateLimit: stage.DefaultRouteSettings.ThrottlingRateLimit, burstLimit: stage.DefaultRouteSettings.ThrottlingBurstLimit },
  };
}

function tfGateway(t: TfTemplate): GatewaySettings {
  const stage = tfOnly(t, 'aws_apigatewayv2_stage').attributes;
  const integrations = t.resources('aws_apigatewayv2_integration');
  const routeSettings: any[] = stage.route_settings ?? [];
  return {
    services: Object.fromEntries(t.resources('aws_ecs_service').map((s) => [
      s.attributes.service_connect_configuration.service[0].discovery_name, tfServiceFleet(t, s),
    ])),
    routes: Object.fromEntries(t.resources('aws_apigatewayv2_route').map((r) => {
      const key = r.attributes.route_key;
      const integration = integrations.find((i) => tfRefs(r.attributes.target, 'aws_apigatewayv2_integration').includes(i.name))!.attributes;
      const throttle = routeSettings.find((x) => x.route_key === key) ?? {};
      return [key, {
        rateLimit: throttle.throttling_rate_limit,
        burstLimit: throttle.throttling_burst_limit,
        integrationTimeoutMs: integration.timeout_milliseconds,
      }];
    })),
    defaultThrottle: {
      rateLimit: stage.default_route_settings.throttling_rate_limit, burstLimit: stage.default_route_settings.throttling_burst_limit,
    },
  };
}

function planGateway(p: MicroserviceGatewayPlan): GatewaySettings {
  const byName = new Map(p.services.map((s) => [s.name, s]));
  return {
    services: Object.fromEntries(p.services.map((s) => [s.serviceConnect.discoveryName, {
      cpu: s.compute.cpu,
      memoryMiB: s.compute.memoryMiB,
      tasks: s.scaling.autoScaling ? { min: s.scaling.minTasks, max: s.scaling.maxTasks } : { fixed: s.scaling.desiredTasks },
      cpuTargetPercent: s.scaling.autoScaling ? percent(s.scaling.targetCpuUtilization) : null,
    }])),
    routes: Object.fromEntries(p.routes.map((r) => [r.routeKey, {
      rateLimit: r.throttle.rateLimit,
      burstLimit: r.throttle.burstLimit,
      integrationTimeoutMs: byName.get(r.service)!.integration.timeoutMs,
    }])),
    defaultThrottle: { rateLimit: p.api.defaultThrottle.rateLimit, burstLimit: p.api.defaultThrottle.burstLimit },
  };
}

// ------------------------------------------------------------------------------------------------
// The extractors, one pair per block
// ------------------------------------------------------------------------------------------------

const cfnSettings = {
  loadBalancedApi: cfnApi,
  tieredCache: cfnCache,
  replicatedDatabase: cfnReplicatedDatabase,
  shardedDatabase: cfnSharded,
  workQueue: cfnQueue,
  globalCdn: cfnCdn,
  microserviceGateway: cfnGateway,
};

const tfSettings = {
  loadBalancedApi: tfApi,
  tieredCache: tfCache,
  replicatedDatabase: tfReplicatedDatabase,
  shardedDatabase: tfSharded,
  workQueue: tfQueue,
  globalCdn: tfCdn,
  microserviceGateway: tfGateway,
};

const planSettings = {
  loadBalancedApi: planApi,
  tieredCache: planCache,
  replicatedDatabase: planReplicated,
  shardedDatabase: planSharded,
  workQueue: planQueue,
  globalCdn: planCdn,
  microserviceGateway: planGateway,
};

type Block = keyof typeof planSettings;

/**
 * One parity case: a plan rendered by both backends, and the three views of its settings. The
 * plan's view must be equal to CloudFormation's, and Terraform's to CloudFormation's.
 */
function parity<B extends Block>(block: B, cases: [string, Parameters<(typeof planSettings)[B]>[0]][],
  cfn: (scope: Construct, plan: any) => void, tf: (scope: Construct, plan: any) => void, env?: cdk.Environment): void {
  describe.each(cases)('GIVEN %s', (_label, plan) => {
    const rendered = both(plan, cfn, tf, env);

    test('THEN CloudFormation has the plan\'s settings and Terraform the same', () => {
      const { cfn: templates, tf: json } = rendered();
      const fromPlan = (planSettings[block] as (p: any) => unknown)(plan);
      const fromCfn = (cfnSettings[block] as (t: CfnTemplates) => unknown)(templates);
      const fromTf = (tfSettings[block] as (t: TfTemplate) => unknown)(json);
      expect(fromCfn).toEqual(fromPlan);
      expect(fromTf).toEqual(fromCfn);
    });

    test('THEN every setting either backend writes is a reference, a plan value or allow-listed', () => {
      const { cfn: templates, tf: json } = rendered();
      expect(walk(plan, [...cfnLeaves(templates), ...tfLeaves(json.json)])).toEqual([]);
    });
  });
}

/**
 * The leaves no plan value, reference or allow-list entry explains, one line each: a decision a
 * backend took without a plan field (issue 13 moved the last of them, the CloudFront spellings,
 * into the walker's translations; there is no list of pending ones any more).
 */
function walk(plan: unknown, leaves: Leaf[]): string[] {
  const lines = untraced(leaves, planValues(plan), ALLOW_LIST).map((l) => `${l.backend} ${l.type} ${l.id} ${l.path} = ${JSON.stringify(l.value)}`);
  return [...new Set(lines)];
}

// ------------------------------------------------------------------------------------------------
// The plans (made once, with the core plan functions) and the tests
// ------------------------------------------------------------------------------------------------

describe('LoadBalancedApi parity', () => {
  parity('loadBalancedApi', [
    ['a ROUND_ROBIN ALB over HTTPS, 2 vCPU / 4 GiB, 6..18 tasks at 40 % CPU, circuit breaker off', planLoadBalancedApi({
      name: 'api',
      algorithm: LoadBalancingAlgorithm.ROUND_ROBIN,
      certificateArn: CERT,
      compute: { cpu: 2048, memoryMiB: 4096 },
      scaling: { minTasks: 6, maxTasks: 18, targetCpuUtilization: 0.4 },
      healthCheck: { path: '/healthz', intervalSeconds: 20, timeoutSeconds: 6, healthyThreshold: 4, unhealthyThreshold: 2 },
      deregistrationDelaySeconds: 45,
      idleTimeoutSeconds: 120,
      deployment: { circuitBreaker: false },
      load: { peakRequestsPerSecond: 800 },
    })],
    ['a SOURCE_IP_HASH NLB over TLS, 0.5 vCPU / 1 GiB, 3..9 tasks at 35 % CPU', planLoadBalancedApi({
      name: 'sticky',
      algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH,
      certificateArn: CERT,
      compute: { cpu: 512, memoryMiB: 1024 },
      scaling: { minTasks: 3, maxTasks: 9, targetCpuUtilization: 0.35 },
      healthCheck: { intervalSeconds: 10, healthyThreshold: 5, unhealthyThreshold: 5 },
      deregistrationDelaySeconds: 120,
      load: { peakRequestsPerSecond: 200 },
    })],
    ['an internal ROUND_ROBIN ALB behind a CloudFront VPC origin, admitting CloudFront\'s prefix list only, over HTTP', planLoadBalancedApi({
      name: 'origin',
      algorithm: LoadBalancingAlgorithm.ROUND_ROBIN,
      originAccess: OriginAccess.VPC_ORIGIN,
      compute: { cpu: 512, memoryMiB: 2048 },
      scaling: { minTasks: 3, maxTasks: 12, targetCpuUtilization: 0.45 },
      load: { peakRequestsPerSecond: 150 },
    })],
    ['a WEIGHTED_RANDOM ALB over plain HTTP with 6 fixed tasks', planLoadBalancedApi({
      name: 'weighted',
      algorithm: LoadBalancingAlgorithm.WEIGHTED_RANDOM,
      allowPlainHttp: true,
      compute: { cpu: 1024, memoryMiB: 3072 },
      scaling: { fixedTasks: 6 },
      healthCheck: { path: '/ready', intervalSeconds: 30, timeoutSeconds: 10 },
      deregistrationDelaySeconds: 5,
      load: { peakRequestsPerSecond: 300 },
    })],
  ], (s, p) => new C.LoadBalancedApi(s, 'Api', { plan: p }), (s, p) => new T.LoadBalancedApi(s, 'Api', { plan: p }));
});

describe('TieredCache parity', () => {
  parity('tieredCache', [
    ['Redis in cluster mode, 2 shards x 2 replicas of cache.r7g.large, 5 days of snapshots', planTieredCache({
      application: { engine: CacheEngine.REDIS, nodeType: 'cache.r7g.large', shards: 2, replicasPerShard: 2, snapshotRetentionDays: 5 },
    })],
    ['Valkey without cluster mode, 1 replica of cache.m7g.large, 2 days of snapshots', planTieredCache({
      application: { engine: CacheEngine.VALKEY, nodeType: 'cache.m7g.large', clusterMode: false, replicasPerShard: 1, snapshotRetentionDays: 2 },
    })],
  ], (s, p) => new C.TieredCache(s, 'Cache', { plan: p }), (s, p) => new T.TieredCache(s, 'Cache', { plan: p }));
});

describe('ReplicatedDatabase parity', () => {
  parity('replicatedDatabase', [
    ['RDS for PostgreSQL on db.r6g.xlarge with 2 readers, 14 days of backups, IAM auth and Performance Insights', planReplicatedDatabase({
      name: 'accounts',
      engine: DatabaseEngine.RDS_POSTGRESQL,
      instanceClass: 'db.r6g.xlarge',
      readers: 2,
      backupRetentionDays: 14,
      iamAuthentication: true,
      performanceInsights: true,
    })],
    ['Aurora MySQL on db.r6g.large with 3 readers, 21 days of backups, no IAM auth, Performance Insights', planReplicatedDatabase({
      name: 'catalog',
      engine: DatabaseEngine.AURORA_MYSQL,
      instanceClass: 'db.r6g.large',
      readers: 3,
      backupRetentionDays: 21,
      iamAuthentication: false,
      performanceInsights: true,
    })],
    ['RDS for PostgreSQL on io2 (1,000 GiB, 20,000 IOPS) with 2 readers', planReplicatedDatabase({
      name: 'ledger',
      engine: DatabaseEngine.RDS_POSTGRESQL,
      instanceClass: 'db.r6g.2xlarge',
      readers: 2,
      storageType: DatabaseStorageKind.IO2,
      allocatedStorageGiB: 1_000,
      storageIops: 20_000,
    })],
    ['RDS for MySQL on gp3 provisioned with 40,000 IOPS and 1,000 MiB/s, 1 reader', planReplicatedDatabase({
      name: 'orders',
      engine: DatabaseEngine.RDS_MYSQL,
      instanceClass: 'db.r7g.8xlarge',
      readers: 1,
      allocatedStorageGiB: 500,
      storageIops: 40_000,
      storageThroughputMiBps: 1_000,
    })],
    ['RDS for MySQL on db.m6g.large with 1 reader, no Performance Insights', planReplicatedDatabase({
      name: 'legacy',
      engine: DatabaseEngine.RDS_MYSQL,
      instanceClass: 'db.m6g.large',
      readers: 1,
      backupRetentionDays: 9,
      performanceInsights: false,
    })],
    ['Aurora PostgreSQL Serverless v2, 1 to 24.5 ACUs, 2 readers', planReplicatedDatabase({
      name: 'orders',
      readers: 2,
      serverlessV2: { minCapacityAcu: 1, maxCapacityAcu: 24.5 },
    })],
    ['Aurora MySQL Serverless v2 with auto-pause after 10 minutes, 1 reader', planReplicatedDatabase({
      name: 'reports',
      engine: DatabaseEngine.AURORA_MYSQL,
      readers: 1,
      serverlessV2: { minCapacityAcu: 0, maxCapacityAcu: 8, secondsUntilAutoPause: 600 },
    })],
    ['Aurora PostgreSQL behind RDS Proxy (its default pool settings, TLS and IAM auth), 2 readers, an allowed CIDR', planReplicatedDatabase({
      name: 'orders',
      instanceClass: 'db.r7g.large',
      readers: 2,
      allowedCidrs: ['10.8.0.0/16'],
      proxy: {},
    })],
    ['RDS for MySQL behind RDS Proxy without TLS or IAM auth, debug logging, 40 % / 7 % / 45 s', planReplicatedDatabase({
      name: 'shop',
      engine: DatabaseEngine.RDS_MYSQL,
      instanceClass: 'db.m6g.large',
      readers: 1,
      proxy: {
        requireTls: false,
        iamAuthentication: false,
        debugLogging: true,
        maxConnectionsPercent: 40,
        maxIdleConnectionsPercent: 7,
        connectionBorrowTimeoutSeconds: 45,
      },
    })],
  ], (s, p) => new C.ReplicatedDatabase(s, 'Db', { plan: p }), (s, p) => new T.ReplicatedDatabase(s, 'Db', { plan: p }));
});

describe('ShardedDatabase parity (the CDK shards live in nested stacks)', () => {
  parity('shardedDatabase', [
    ['a HASH plan of 3 shards: two Aurora PostgreSQL (db.r6g.large x1 reader, db.r6g.xlarge x2 readers) and one RDS PostgreSQL', planShardedDatabase({
      name: 'orders',
      strategy: ShardingStrategy.HASH,
      shardDefaults: { engine: DatabaseEngine.AURORA_POSTGRESQL, instanceClass: 'db.r6g.large', readers: 1, backupRetentionDays: 10 },
      shards: [
        { id: 'a' },
        { id: 'b', instanceClass: 'db.r6g.xlarge', readers: 2 },
        { id: 'c', engine: DatabaseEngine.RDS_POSTGRESQL, instanceClass: 'db.m6g.large', readers: 1 },
      ],
    })],
    ['a HASH plan of 3 shards behind RDS Proxy: the defaults\' on two (one Aurora, one RDS PostgreSQL: writer target), none on the third', planShardedDatabase({
      name: 'carts',
      strategy: ShardingStrategy.HASH,
      shardDefaults: { instanceClass: 'db.r6g.large', readers: 1, proxy: { maxConnectionsPercent: 60, connectionBorrowTimeoutSeconds: 30 } },
      shards: [
        { id: 'a' },
        { id: 'b', engine: DatabaseEngine.RDS_POSTGRESQL, instanceClass: 'db.m6g.large', proxy: { iamAuthentication: false, maxIdleConnectionsPercent: 9 } },
        { id: 'c', proxy: { enabled: false } },
      ],
    })],
  ], (s, p) => new C.ShardedDatabase(s, 'Orders', { plan: p }), (s, p) => new T.ShardedDatabase(s, 'Orders', { plan: p }));
});

describe('WorkQueue parity', () => {
  parity('workQueue', [
    ['a KMS-encrypted FIFO queue, 900 s visibility, 4 days retention, maxReceiveCount 7, 1..8 workers', planWorkQueue({
      name: 'videos',
      queueType: QueueType.FIFO,
      visibilityTimeoutSeconds: 900,
      retentionSeconds: 345600,
      deadLetter: { maxReceiveCount: 7 },
      encryption: QueueEncryption.KMS,
      jobTable: { ttlDays: 3, pointInTimeRecovery: true },
      workers: { minWorkers: 1, maxWorkers: 8, fargate: { jobTimeoutSeconds: 120 } },
      load: { jobsPerSecond: 5, secondsPerJob: 2 },
    })],
    ['an SQS-managed standard queue, 1 day retention, maxReceiveCount 4, job table without PITR, 2..5 workers', planWorkQueue({
      name: 'emails',
      queueType: QueueType.STANDARD,
      retentionSeconds: 86400,
      deadLetter: { maxReceiveCount: 4 },
      encryption: QueueEncryption.SQS_MANAGED,
      jobTable: { pointInTimeRecovery: false },
      workers: { minWorkers: 2, maxWorkers: 5 },
      load: { jobsPerSecond: 2, secondsPerJob: 1 },
    })],
  ], (s, p) => new C.WorkQueue(s, 'Jobs', { plan: p }), (s, p) => new T.WorkQueue(s, 'Jobs', { plan: p }));
});

describe('GlobalCdn parity', () => {
  // The plan creates a CloudFront web ACL: CloudFront takes them from us-east-1 only, so the CDK stack is there.
  parity('globalCdn', [
    ['a static site in PRICE_CLASS_100 over HTTP/2 with a certificate, an allow list and a created web ACL', planGlobalCdn({
      name: 'site',
      priceClass: PriceClass.PRICE_CLASS_100,
      httpVersion: CdnHttpVersion.HTTP2,
      certificateArn: CERT,
      domainNames: ['www.example.com'],
      staticBehavior: { minTtlSeconds: 30, defaultTtlSeconds: 600, maxTtlSeconds: 7200 },
      geoRestriction: { allowCountries: ['US', 'CA'] },
    })],
  ], (s, p) => new C.GlobalCdn(s, 'Cdn', { plan: p }), (s, p) => new T.GlobalCdn(s, 'Cdn', { plan: p }), { region: 'us-east-1' });

  parity('globalCdn', [
    ['PRICE_CLASS_200 over HTTP/2 and 3, a custom-domain API origin, a deny list, no WAF, no certificate', planGlobalCdn({
      name: 'edge',
      priceClass: PriceClass.PRICE_CLASS_200,
      httpVersion: CdnHttpVersion.HTTP2_AND_3,
      waf: { enabled: false },
      apiOrigin: { kind: ApiOriginKind.CUSTOM_DOMAIN, domainName: 'api.example.com' },
      staticBehavior: { minTtlSeconds: 5, defaultTtlSeconds: 120, maxTtlSeconds: 900 },
      geoRestriction: { denyCountries: ['KP'] },
    })],
  ], (s, p) => new C.GlobalCdn(s, 'Cdn', { plan: p }), (s, p) => new T.GlobalCdn(s, 'Cdn', { plan: p }));

  parity('globalCdn', [
    ['an API origin with a failover origin group (read-only methods), no WAF', planGlobalCdn({
      name: 'dr',
      waf: { enabled: false },
      apiOrigin: { kind: ApiOriginKind.CUSTOM_DOMAIN, domainName: 'api.example.com', failover: { domainName: 'api-dr.example.com', statusCodes: [502, 503] } },
      apiBehavior: { allowedMethods: CdnAllowedMethods.GET_HEAD_OPTIONS },
    })],
  ], (s, p) => new C.GlobalCdn(s, 'Cdn', { plan: p }), (s, p) => new T.GlobalCdn(s, 'Cdn', { plan: p }));
});

describe('GlobalCdn parity: an API behind a CloudFront VPC origin', () => {
  // The load balancer is another block's: both backends get it by reference (CloudFormation imports, Terraform interpolations).
  parity('globalCdn', [
    ['a static site and an internal load balancer reached through a VPC origin over HTTP, 45 s response timeout, a created web ACL', planGlobalCdn({
      name: 'shop',
      apiOrigin: { access: OriginAccess.VPC_ORIGIN, protocolPolicy: OriginProtocolPolicy.HTTP_ONLY, responseTimeoutSeconds: 45 },
      apiBehavior: { pathPatterns: ['/v1/*'] },
    })],
  ], (s, p) => new C.GlobalCdn(s, 'Cdn', {
    plan: p,
    loadBalancer: elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(s, 'ApiLb', {
      loadBalancerArn: cdk.Fn.importValue('ApiLoadBalancerArn'),
      loadBalancerDnsName: cdk.Fn.importValue('ApiLoadBalancerDnsName'),
      securityGroupId: cdk.Fn.importValue('ApiLoadBalancerSecurityGroupId'),
    }),
    cloudFrontPrefixListId: CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS['us-east-1'],
  }), (s, p) => new T.GlobalCdn(s, 'Cdn', {
    plan: p,
    apiOriginDomainName: '${aws_lb.api.dns_name}',
    apiOriginLoadBalancerArn: '${aws_lb.api.arn}',
    apiOriginSecurityGroupId: '${aws_security_group.api.id}',
  }), { region: 'us-east-1' });
});

describe('GlobalCdn parity: an API behind a secret origin header', () => {
  // The secret is the API's: both backends read it by the plan's name (CloudFormation a dynamic reference, Terraform the current version).
  parity('globalCdn', [
    ['an API-only distribution sending X-From-Cdn from the API\'s secret over HTTPS to an internet-facing load balancer', planGlobalCdn({
      name: 'hdr',
      staticSite: false,
      apiOrigin: { access: OriginAccess.SECRET_ORIGIN_HEADER, originHeader: { headerName: 'X-From-Cdn', secretName: 'scaleblocks/hdr-api/origin-verify' } },
    })],
  ], (s, p) => new C.GlobalCdn(s, 'Cdn', {
    plan: p,
    loadBalancer: elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(s, 'ApiLb', {
      loadBalancerArn: cdk.Fn.importValue('ApiLoadBalancerArn'),
      loadBalancerDnsName: cdk.Fn.importValue('ApiLoadBalancerDnsName'),
      securityGroupId: cdk.Fn.importValue('ApiLoadBalancerSecurityGroupId'),
    }),
    cloudFrontPrefixListId: CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS['us-east-1'],
  }), (s, p) => new T.GlobalCdn(s, 'Cdn', {
    plan: p,
    apiOriginDomainName: '${aws_lb.api.dns_name}',
    apiOriginSecurityGroupId: '${aws_security_group.api.id}',
  }), { region: 'us-east-1' });

  test('THEN both read the header\'s value from the secret the plan names', () => {
    const plan = planGlobalCdn({
      name: 'hdr',
      staticSite: false,
      apiOrigin: { access: OriginAccess.SECRET_ORIGIN_HEADER, originHeader: { secretName: 'scaleblocks/hdr-api/origin-verify' } },
    });
    const rendered = both(plan, (s, p) => new C.GlobalCdn(s, 'Cdn', {
      plan: p,
      loadBalancer: elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(s, 'ApiLb', {
        loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/api/0123456789abcdef',
        loadBalancerDnsName: 'api.example.com',
        securityGroupId: 'sg-0123',
      }),
      cloudFrontPrefixListId: CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS['us-east-1'],
    }), (s, p) => new T.GlobalCdn(s, 'Cdn', { plan: p, apiOriginDomainName: 'api.example.com' }), { region: 'us-east-1' });
    const name = plan.origins.find((o) => o.id === 'api')!.originHeaderSecretName;
    const cfnOrigin = cfnOnly(rendered().cfn[0], 'AWS::CloudFront::Distribution').props.DistributionConfig.Origins.find((o: any) => o.Id === 'api');
    expect(JSON.stringify(cfnOrigin.OriginCustomHeaders[0].HeaderValue)).toContain(`:secret:${name}:SecretString:::}}`);
    expect(rendered().tf.dataSources('aws_secretsmanager_secret_version').map((d) => d.attributes.secret_id)).toEqual([name]);
  });
});

describe('GlobalCdn parity: an API behind a secret origin header, reached by a name its certificate covers', () => {
  // The plan names the load balancer (apiOrigin.loadBalancerDomainName): both backends connect to that name, never to the load balancer's own.
  parity('globalCdn', [
    ['a static site and an API reached as origin.example.com over HTTPS with the secret header', planGlobalCdn({
      name: 'hdr',
      apiOrigin: {
        access: OriginAccess.SECRET_ORIGIN_HEADER,
        originHeader: { secretName: 'scaleblocks/hdr-api/origin-verify' },
        loadBalancerDomainName: 'origin.example.com',
      },
    })],
  ], (s, p) => new C.GlobalCdn(s, 'Cdn', {
    plan: p,
    loadBalancer: elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(s, 'ApiLb', {
      loadBalancerArn: cdk.Fn.importValue('ApiLoadBalancerArn'),
      loadBalancerDnsName: cdk.Fn.importValue('ApiLoadBalancerDnsName'),
      securityGroupId: cdk.Fn.importValue('ApiLoadBalancerSecurityGroupId'),
    }),
    cloudFrontPrefixListId: CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS['us-east-1'],
  }), (s, p) => new T.GlobalCdn(s, 'Cdn', {
    plan: p,
    apiOriginSecurityGroupId: '${aws_security_group.api.id}',
  }), { region: 'us-east-1' });

  test('THEN the plan names both origins it reaches by name, so the parity case compares them', () => {
    const plan = planGlobalCdn({
      apiOrigin: { access: OriginAccess.SECRET_ORIGIN_HEADER, originHeader: { secretName: 'x/y' }, loadBalancerDomainName: 'origin.example.com' },
    });
    expect(planCdn(plan).originDomainNames).toEqual({ api: 'origin.example.com' });
  });
});

describe('MicroserviceGateway parity', () => {
  parity('microserviceGateway', [
    ['2 services behind an internal ALB: users 0.5 vCPU 3..9 tasks, orders 1 vCPU / 3 GiB 4 fixed tasks', planMicroserviceGateway({
      name: 'shop',
      integration: GatewayIntegration.INTERNAL_ALB,
      jwtAuthorizer: { issuerUrl: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc123', audiences: ['client-1'] },
      services: [
        {
          name: 'users',
          pathPrefix: '/users',
          compute: { cpu: 512, memoryMiB: 1024 },
          scaling: { minTasks: 3, maxTasks: 9 },
          throttle: { rateLimit: 300, burstLimit: 600 },
          integrationTimeoutSeconds: 12,
        },
        {
          name: 'orders',
          pathPrefix: '/orders',
          compute: { cpu: 1024, memoryMiB: 3072 },
          scaling: { fixedTasks: 4 },
          throttle: { rateLimit: 150, burstLimit: 250 },
          integrationTimeoutSeconds: 20,
        },
      ],
      load: { peakRequestsPerSecond: 400 },
    })],
    ['3 services through Cloud Map: search 2 vCPU 6..12, cart 0.25 vCPU 3..6, profile 3 fixed tasks with default throttling', planMicroserviceGateway({
      name: 'portal',
      integration: GatewayIntegration.CLOUD_MAP,
      services: [
        {
          name: 'search',
          pathPrefix: '/search',
          requireAuthorization: false,
          compute: { cpu: 2048, memoryMiB: 4096 },
          scaling: { minTasks: 6, maxTasks: 12, targetCpuUtilization: 0.45 },
          throttle: { rateLimit: 500, burstLimit: 1000 },
          integrationTimeoutSeconds: 8,
        },
        {
          name: 'cart',
          pathPrefix: '/cart',
          requireAuthorization: false,
          compute: { cpu: 256, memoryMiB: 512 },
          scaling: { minTasks: 3, maxTasks: 6 },
          throttle: { rateLimit: 80, burstLimit: 160 },
          integrationTimeoutSeconds: 25,
        },
        { name: 'profile', pathPrefix: '/profile', requireAuthorization: false, scaling: { fixedTasks: 3 } },
      ],
      load: { peakRequestsPerSecond: 300 },
    })],
  ], (s, p) => new C.MicroserviceGateway(s, 'Gateway', { plan: p }), (s, p) => new T.MicroserviceGateway(s, 'Gateway', { plan: p }));
});

describe('the walker catches a constant added to one backend (probe)', () => {
  const plan = planWorkQueue({
    name: 'probe',
    queueType: QueueType.STANDARD,
    retentionSeconds: 86400,
    deadLetter: { maxReceiveCount: 4 },
    workers: { minWorkers: 2, maxWorkers: 5 },
    load: { jobsPerSecond: 2, secondsPerJob: 1 },
  });
  const rendered = both(plan, (s, p) => new C.WorkQueue(s, 'Jobs', { plan: p }), (s, p) => new T.WorkQueue(s, 'Jobs', { plan: p }));
  const clone = <X>(x: X): X => JSON.parse(JSON.stringify(x));

  test('GIVEN the untouched outputs THEN the walk is clean', () => {
    const { cfn: templates, tf: json } = rendered();
    expect(walk(plan, [...cfnLeaves(templates), ...tfLeaves(json.json)])).toEqual([]);
  });

  test('GIVEN RetentionInDays 14 (no plan value) written on a CloudFormation log group THEN the walk reports it', () => {
    expect(planValues(plan).has('14')).toBe(false);
    const templates = clone(rendered().cfn);
    const [id, group] = Object.entries<any>(templates[0].Resources).find(([, r]) => r.Type === 'AWS::Logs::LogGroup')!;
    group.Properties.RetentionInDays = 14;
    expect(walk(plan, cfnLeaves(templates))).toEqual([`cfn AWS::Logs::LogGroup ${id} RetentionInDays = 14`]);
  });

  test('GIVEN a deployment_maximum_percent of 250 added to the Terraform worker service THEN the walk reports it', () => {
    expect(planValues(plan).has('250')).toBe(false);
    const json = clone(rendered().tf.json);
    const [name, service] = Object.entries<any>(json.resource.aws_ecs_service)[0];
    service.deployment_maximum_percent = 250;
    expect(walk(plan, tfLeaves(json))).toEqual([`tf aws_ecs_service ${name} deployment_maximum_percent = 250`]);
  });

  test('GIVEN a literal hidden in a JSON policy document of Terraform THEN the walk reports it', () => {
    const json = clone(rendered().tf.json);
    const [name, role] = Object.entries<any>(json.resource.aws_iam_role)[0];
    const policy = JSON.parse(role.assume_role_policy);
    policy.Statement[0].Condition = { NumericLessThan: { 'aws:MultiFactorAuthAge': 3601 } };
    role.assume_role_policy = JSON.stringify(policy);
    expect(walk(plan, tfLeaves(json))).toEqual([`tf aws_iam_role ${name} assume_role_policy<json>.Statement[].Condition.NumericLessThan.aws:MultiFactorAuthAge = 3601`]);
  });

  test('GIVEN a count written as a Terraform expression (max(3, 5)) THEN the walk reports the expression; a reference and element(list, i) are not settings', () => {
    const json = clone(rendered().tf.json);
    const [name, service] = Object.entries<any>(json.resource.aws_ecs_service)[0];
    service.deployment_maximum_percent = '${max(200, 250)}';
    service.tags = { picked: '${element(data.aws_availability_zones.azs.names, 1)}', ref: '${aws_sqs_queue.q.arn}' };
    expect(walk(plan, tfLeaves(json))).toEqual([`tf aws_ecs_service ${name} deployment_maximum_percent<expression> = "max(200, 250)"`]);
  });

  test('GIVEN a literal in the variable map of a CloudFormation Fn::Sub THEN the walk reports it', () => {
    const templates = clone(rendered().cfn);
    const [id, group] = Object.entries<any>(templates[0].Resources).find(([, r]) => r.Type === 'AWS::Logs::LogGroup')!;
    group.Properties.LogGroupName = { 'Fn::Sub': ['/probe/${Days}', { Days: 'thirty-one' }] };
    expect(walk(plan, cfnLeaves(templates))).toEqual([`cfn AWS::Logs::LogGroup ${id} LogGroupName<sub>.Days = "thirty-one"`]);
  });
});

describe('the access-log bucket lifecycle is the plan\'s in both backends', () => {
  const plan = planLoadBalancedApi({ name: 'logs', allowPlainHttp: true, load: { peakRequestsPerSecond: 100 } });
  const rendered = both(plan, (s, p) => new C.LoadBalancedApi(s, 'Api', { plan: p }), (s, p) => new T.LoadBalancedApi(s, 'Api', { plan: p }));

  test('THEN CloudFormation and Terraform render the same rule: id, expiry, noncurrent expiry and abort days', () => {
    const rule = plan.logBucket!.lifecycle;
    const cfnRule = cfnOnly(rendered().cfn[0], 'AWS::S3::Bucket').props.LifecycleConfiguration.Rules[0];
    const tfRule = tfOnly(rendered().tf, 'aws_s3_bucket_lifecycle_configuration').attributes.rule[0];
    const fromCfn = {
      id: cfnRule.Id,
      expirationDays: cfnRule.ExpirationInDays,
      noncurrentVersionExpirationDays: cfnRule.NoncurrentVersionExpiration?.NoncurrentDays,
      abortIncompleteMultipartUploadDays: cfnRule.AbortIncompleteMultipartUpload?.DaysAfterInitiation,
    };
    const fromTf = {
      id: tfRule.id,
      expirationDays: tfRule.expiration?.[0]?.days,
      noncurrentVersionExpirationDays: tfRule.noncurrent_version_expiration?.[0]?.noncurrent_days,
      abortIncompleteMultipartUploadDays: tfRule.abort_incomplete_multipart_upload?.[0]?.days_after_initiation,
    };
    expect(rule).toEqual({ id: 'expire-logs', expirationDays: 90, noncurrentVersionExpirationDays: 90, abortIncompleteMultipartUploadDays: 7 });
    expect(fromCfn).toEqual(rule);
    expect(fromTf).toEqual(rule);
  });
});

describe('the network and keys a block creates are the plan\'s in both backends', () => {
  const base = planLoadBalancedApi({
    name: 'net', allowPlainHttp: true, vpcCidr: '10.20.0.0/16', kmsKeyDeletionWindowDays: 7, load: { peakRequestsPerSecond: 100 },
  });
  const plan: LoadBalancedApiPlan = { ...base, createdNetwork: { ...base.createdNetwork, flowLogTrafficType: FlowLogTrafficType.REJECT } };
  const rendered = both(plan, (s, p) => new C.LoadBalancedApi(s, 'Api', { plan: p }), (s, p) => new T.LoadBalancedApi(s, 'Api', { plan: p }));

  test('THEN the VPC CIDR, the flow-log traffic type and the key deletion window agree with the plan', () => {
    const template = rendered().cfn[0];
    const tf = rendered().tf;
    const fromCfn = {
      vpcCidr: cfnOnly(template, 'AWS::EC2::VPC').props.CidrBlock,
      flowLogTrafficType: cfnOnly(template, 'AWS::EC2::FlowLog').props.TrafficType,
      kmsKeyDeletionWindowDays: cfnOf(template, 'AWS::KMS::Key').map((k) => k.props.PendingWindowInDays),
    };
    const fromTf = {
      vpcCidr: tfOnly(tf, 'aws_vpc').attributes.cidr_block,
      flowLogTrafficType: tfOnly(tf, 'aws_flow_log').attributes.traffic_type,
      kmsKeyDeletionWindowDays: tf.resources('aws_kms_key').map((k) => k.attributes.deletion_window_in_days),
    };
    const fromPlan = { vpcCidr: '10.20.0.0/16', flowLogTrafficType: 'REJECT', kmsKeyDeletionWindowDays: [7] };
    expect(fromCfn).toEqual(fromPlan);
    expect(fromTf).toEqual(fromPlan);
  });
});

describe('the subnets of the network a block creates are the plan\'s, block for block, in both backends', () => {
  /** Each tier's CIDR blocks in AZ order, read from CloudFormation (aws-cdk-lib's subnet group name and number). */
  function cfnSubnets(template: { [key: string]: any }): { [tier: string]: string[] } {
    return subnetsByTier(cfnOf(template, 'AWS::EC2::Subnet').map((s) => {
      const m = /(Public|Private|Isolated)Subnet(\d+)Subnet/.exec(s.id);
      return { group: m?.[1], index: Number(m?.[2]), cidr: s.props.CidrBlock };
    }));
  }

  /** Each tier's CIDR blocks in AZ order, read from Terraform (BlockNetwork's Public1, Private1, Isolated1 ...). */
  function tfSubnets(t: TfTemplate): { [tier: string]: string[] } {
    return subnetsByTier(t.resources('aws_subnet').map((s) => {
      const m = /_(Public|Private|Isolated)(\d+)_/.exec(s.name);
      return { group: m?.[1], index: Number(m?.[2]), cidr: s.attributes.cidr_block };
    }));
  }

  function subnetsByTier(subnets: { group?: string; index: number; cidr: unknown }[]): { [tier: string]: string[] } {
    const tiers: { [group: string]: string } = { Public: 'publicSubnets', Private: 'privateSubnets', Isolated: 'isolatedSubnets' };
    const out: { [tier: string]: string[] } = { publicSubnets: [], privateSubnets: [], isolatedSubnets: [] };
    for (const s of [...subnets].sort((a, b) => a.index - b.index)) {
      expect(s.group).toBeDefined();
      out[tiers[s.group!]].push(s.cidr as string);
    }
    return out;
  }

  const fromPlan = (plan: LoadBalancedApiPlan) => ({
    publicSubnets: plan.createdNetwork.publicSubnets.cidrBlocks,
    privateSubnets: plan.createdNetwork.privateSubnets.cidrBlocks,
    isolatedSubnets: plan.createdNetwork.isolatedSubnets.cidrBlocks,
  });

  const carved = planLoadBalancedApi({ name: 'net', allowPlainHttp: true, vpcCidr: '10.20.0.0/16', azCount: 3, load: { peakRequestsPerSecond: 100 } });
  // A supplied layout no carving makes: Terraform's former isolated blocks (the migration note's pin), the private ones in reverse AZ order.
  const pinned: LoadBalancedApiPlan = {
    ...carved,
    createdNetwork: {
      ...carved.createdNetwork,
      privateSubnets: { cidrMask: 20, cidrBlocks: ['10.20.48.0/20', '10.20.32.0/20', '10.20.16.0/20'] },
      isolatedSubnets: { cidrMask: 24, cidrBlocks: ['10.20.200.0/24', '10.20.201.0/24', '10.20.202.0/24'] },
    },
  };

  test.each([
    ['the plan function\'s layout', carved],
    ['a supplied layout', pinned],
  ])('GIVEN %s THEN CloudFormation and Terraform write exactly the plan\'s block for each tier and AZ', (_what, plan) => {
    const rendered = both(plan, (s, p) => new C.LoadBalancedApi(s, 'Api', { plan: p }), (s, p) => new T.LoadBalancedApi(s, 'Api', { plan: p }))();
    const expected = fromPlan(plan);
    expect(expected.publicSubnets).toHaveLength(3);
    expect(cfnSubnets(rendered.cfn[0])).toEqual(expected);
    expect(tfSubnets(rendered.tf)).toEqual(expected);
  });
});

describe('the listeners\' own answers are the plan\'s in both backends', () => {
  const plan = planLoadBalancedApi({
    name: 'bg', certificateArn: CERT, deployment: { strategy: DeploymentStrategy.BLUE_GREEN }, load: { peakRequestsPerSecond: 100 },
  });
  const rendered = both(plan, (s, p) => new C.LoadBalancedApi(s, 'Api', { plan: p }), (s, p) => new T.LoadBalancedApi(s, 'Api', { plan: p }));

  test('GIVEN BLUE_GREEN over HTTPS THEN both redirect HTTP with the plan\'s status and answer the plan\'s fixed response to unmatched requests', () => {
    const listeners = cfnOf(rendered().cfn[0], 'AWS::ElasticLoadBalancingV2::Listener').map((l) => l.props.DefaultActions[0]);
    const one = (x: any) => (Array.isArray(x) ? x[0] : x);
    const tfListeners = rendered().tf.resources('aws_lb_listener').map((l) => one(l.attributes.default_action));
    const cfnFixed = listeners.find((a) => a.Type === 'fixed-response')?.FixedResponseConfig;
    const tfFixed = one(tfListeners.find((a) => a.type === 'fixed-response')?.fixed_response);
    const fromCfn = {
      redirect: listeners.find((a) => a.Type === 'redirect')?.RedirectConfig.StatusCode,
      fixed: { statusCode: Number(cfnFixed?.StatusCode), contentType: cfnFixed?.ContentType, messageBody: cfnFixed?.MessageBody },
    };
    const fromTf = {
      redirect: one(tfListeners.find((a) => a.type === 'redirect')?.redirect)?.status_code,
      fixed: { statusCode: Number(tfFixed?.status_code), contentType: tfFixed?.content_type, messageBody: tfFixed?.message_body },
    };
    const fromPlan = { redirect: plan.listener.redirectStatusCode, fixed: plan.listener.unmatchedResponse };
    expect(fromPlan).toEqual({ redirect: 'HTTP_301', fixed: { statusCode: 404, contentType: 'text/plain', messageBody: 'Not found' } });
    expect(fromCfn).toEqual(fromPlan);
    expect(fromTf).toEqual(fromPlan);
  });
});

describe('the secret origin header is the plan\'s in both backends (issue 15 item 2, SECRET_ORIGIN_HEADER)', () => {
  const plan = planLoadBalancedApi({
    name: 'hdr',
    certificateArn: CERT,
    originAccess: OriginAccess.SECRET_ORIGIN_HEADER,
    originHeader: { headerName: 'X-From-Cdn', valueLength: 48 },
    load: { peakRequestsPerSecond: 100 },
  });
  const rendered = both(plan, (s, p) => new C.LoadBalancedApi(s, 'Api', { plan: p }), (s, p) => new T.LoadBalancedApi(s, 'Api', { plan: p }));
  const one = (x: any) => (Array.isArray(x) ? x[0] : x);

  test('GIVEN SECRET_ORIGIN_HEADER THEN both answer 403 by default, forward on one header rule, and generate the plan\'s secret', () => {
    const t = rendered().cfn[0];
    const tf = rendered().tf;
    const cfnListener = cfnOf(t, 'AWS::ElasticLoadBalancingV2::Listener').map((l) => l.props).find((l) => l.Protocol === 'HTTPS')!;
    const cfnFixed = cfnListener.DefaultActions[0].FixedResponseConfig;
    const cfnRules = cfnOf(t, 'AWS::ElasticLoadBalancingV2::ListenerRule').map((r) => r.props);
    const [cfnSecret] = cfnOf(t, 'AWS::SecretsManager::Secret');
    const fromCfn = {
      defaultAction: { statusCode: Number(cfnFixed.StatusCode), contentType: cfnFixed.ContentType, messageBody: cfnFixed.MessageBody },
      rules: cfnRules.map((r) => ({
        priority: r.Priority,
        action: r.Actions[0].Type,
        headers: r.Conditions.filter((c: any) => c.Field === 'http-header').map((c: any) => c.HttpHeaderConfig.HttpHeaderName),
        // the value is the secret's own (a dynamic reference to the one secret)
        valueFromSecret: JSON.stringify(r.Conditions).includes(cfnSecret.id),
      })),
      secret: {
        name: cfnSecret.props.Name,
        valueLength: cfnSecret.props.GenerateSecretString.PasswordLength,
        excludePunctuation: cfnSecret.props.GenerateSecretString.ExcludePunctuation,
        includeSpace: cfnSecret.props.GenerateSecretString.IncludeSpace,
      },
    };
    const tfListener = tf.resources('aws_lb_listener').map((l) => l.attributes).find((l) => l.protocol === 'HTTPS')!;
    const tfFixed = one(one(tfListener.default_action).fixed_response);
    const version = tfOnly(tf, 'aws_secretsmanager_secret_version');
    const [generated] = tf.dataSources('aws_secretsmanager_random_password').map((d) => d.attributes);
    const fromTf = {
      defaultAction: { statusCode: Number(tfFixed.status_code), contentType: tfFixed.content_type, messageBody: tfFixed.message_body },
      rules: tf.resources('aws_lb_listener_rule').map((r) => r.attributes).map((r) => ({
        priority: r.priority,
        action: one(r.action).type,
        headers: [r.condition].flat().filter((c: any) => c.http_header).map((c: any) => one(c.http_header).http_header_name),
        valueFromSecret: JSON.stringify(r.condition).includes(`aws_secretsmanager_secret_version.${version.name}.secret_string`),
      })),
      secret: {
        name: tfOnly(tf, 'aws_secretsmanager_secret').attributes.name,
        valueLength: generated.password_length,
        excludePunctuation: bool(generated.exclude_punctuation),
        includeSpace: bool(generated.include_space),
      },
    };
    const h = plan.originHeader!;
    const fromPlan = {
      defaultAction: plan.listener.unmatchedResponse,
      rules: [{ priority: h.rulePriority, action: 'forward', headers: [h.headerName], valueFromSecret: true }],
      secret: {
        name: h.secret.name, valueLength: h.secret.valueLength, excludePunctuation: h.secret.excludePunctuation, includeSpace: h.secret.includeSpace,
      },
    };
    expect(fromPlan.defaultAction).toEqual({ statusCode: 403, contentType: 'text/plain', messageBody: 'Forbidden' });
    expect(fromCfn).toEqual(fromPlan);
    expect(fromTf).toEqual(fromPlan);
  });

  test('GIVEN SECRET_ORIGIN_HEADER THEN the API\'s parity settings (scheme, HTTPS listener, prefix list) agree too', () => {
    const { cfn: templates, tf } = rendered();
    const pick = (a: ApiSettings) => ({ scheme: a.scheme, prefixListPorts: a.prefixListPorts });
    // the listener forwards nothing by default: compare what parity compares for every API, the listener read by protocol
    const fromPlan = pick(planApi(plan));
    const cfnLb = cfnOnly(templates[0], 'AWS::ElasticLoadBalancingV2::LoadBalancer').props;
    expect({ scheme: cfnLb.Scheme, prefixListPorts: fromPlan.prefixListPorts }).toEqual(fromPlan);
    expect({ scheme: bool(tfOnly(tf, 'aws_lb').attributes.internal) ? 'internal' : 'internet-facing', prefixListPorts: fromPlan.prefixListPorts }).toEqual(fromPlan);
    const tfPorts = tf.resources('aws_vpc_security_group_ingress_rule').map((r) => r.attributes).filter((r) => r.prefix_list_id !== undefined).map((r) => r.from_port).sort();
    const cfnPorts = [
      ...cfnOf(templates[0], 'AWS::EC2::SecurityGroup').flatMap((g) => g.props.SecurityGroupIngress ?? []),
      ...cfnOf(templates[0], 'AWS::EC2::SecurityGroupIngress').map((r) => r.props),
    ].filter((r: any) => r.SourcePrefixListId !== undefined).map((r: any) => r.FromPort).sort();
    expect(cfnPorts).toEqual(fromPlan.prefixListPorts);
    expect(tfPorts).toEqual(fromPlan.prefixListPorts);
  });

  test('GIVEN SECRET_ORIGIN_HEADER THEN every setting either backend writes is a reference, a plan value or allow-listed', () => {
    const { cfn: templates, tf } = rendered();
    expect(walk(plan, [...cfnLeaves(templates), ...tfLeaves(tf.json)])).toEqual([]);
  });
});

describe('task execution roles are scoped alike in both backends (issue 15 item 6)', () => {
  const image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api:1.4.2';
  const secret = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-api-key-AbCdEf';
  const api = planLoadBalancedApi({
    name: 'exec', allowPlainHttp: true, container: { image, port: 8080, secrets: { API_KEY: secret } }, load: { peakRequestsPerSecond: 100 },
  });
  const jobs = planWorkQueue({ name: 'exec-jobs', workers: { fargate: { image } }, load: { jobsPerSecond: 2, secondsPerJob: 1 } });

  /** `action on * | scoped`, for every statement of the policies on the roles a task definition runs as (its execution role). */
  function cfnExecutionGrants(template: { [key: string]: any }): string[] {
    const roles = cfnOf(template, 'AWS::ECS::TaskDefinition').flatMap((t) => cfnRefs(t.props.ExecutionRoleArn));
    const policies = cfnOf(template, 'AWS::IAM::Policy').filter((p) => cfnRefs(p.props.Roles).some((r) => roles.includes(r)));
    const managed = cfnOf(template, 'AWS::IAM::Role').filter((r) => roles.includes(r.id)).flatMap((r) => r.props.ManagedPolicyArns ?? []);
    expect(managed).toEqual([]);
    return grantsOf(policies.flatMap((p) => p.props.PolicyDocument.Statement));
  }

  function tfExecutionGrants(t: TfTemplate): string[] {
    const roles = t.resources('aws_ecs_task_definition').flatMap((d) => tfRefs(d.attributes.execution_role_arn, 'aws_iam_role'));
    const onRole = (r: TfResource) => tfRefs(r.attributes.role, 'aws_iam_role').some((n) => roles.includes(n));
    expect(t.resources('aws_iam_role_policy_attachment').filter(onRole).map((a) => a.attributes.policy_arn)).toEqual([]);
    return grantsOf(t.resources('aws_iam_role_policy').filter(onRole).flatMap((p) => JSON.parse(p.attributes.policy).Statement));
  }

  function grantsOf(statements: any[]): string[] {
    const list = (x: any) => (Array.isArray(x) ? x : [x]);
    const grants = statements.flatMap((s) => list(s.Action).map((a: string) => `${a} on ${list(s.Resource).includes('*') ? '*' : 'its resource'}`));
    return [...new Set(grants)].sort();
  }

  test.each([
    ['a LoadBalancedApi with a private ECR image and a secret', api, (s: Construct) => new C.LoadBalancedApi(s, 'Api', { plan: api }),
      (s: Construct) => new T.LoadBalancedApi(s, 'Api', { plan: api })],
    ['Fargate workers with a private ECR image', jobs, (s: Construct) => new C.WorkQueue(s, 'Jobs', { plan: jobs }),
      (s: Construct) => new T.WorkQueue(s, 'Jobs', { plan: jobs })],
  ])('GIVEN %s THEN nothing is granted on * but the ECR login token, and both backends grant the same', (_what, _plan, cfn, tf) => {
    const fromCfn = cfnExecutionGrants(renderCfn(cfn)[0]);
    const fromTf = tfExecutionGrants(renderTf(tf));
    expect(fromCfn.filter((g) => g.endsWith(' on *'))).toEqual(['ecr:GetAuthorizationToken on *']);
    expect(fromCfn).toEqual(expect.arrayContaining([
      'ecr:BatchGetImage on its resource', 'logs:CreateLogStream on its resource', 'logs:PutLogEvents on its resource',
    ]));
    expect(fromTf).toEqual(fromCfn);
  });
});
