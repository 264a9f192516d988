import { isPlainObject } from '../validation';
import {
  azOf, booleanOf, numberOf, ParsedTemplate, propAt, RawResource, referenced, referencing, sourceOf, stringOf, subnetAzs,
} from './model';
import {
  Backend, DeployedApi, DeployedBehavior, DeployedBucket, DeployedCache, DeployedCdn, DeployedCompletion, DeployedDatabase, DeployedDbInstance,
  DeployedFleet, DeployedGateway, DeployedGatewayService, DeployedJobTable, DeployedLambdaWorker, DeployedQueue, DeployedRoute,
  DeployedSubscription, DeployedThrottle, DeployedWorkQueue, ValueSource,
} from './types';

/*
 * Per block, the topology read from resource properties. Every value read is cited in `sources`
 * under the dotted field it fills. CloudFormation and Terraform spell each property their own way:
 * each read names both spellings.
 */

/** The resources of one block, and where to look things up. */
export interface BlockResources {
  /** The block's own resources (nested blocks' excluded). */
  readonly resources: RawResource[];
  /** The template each resource is in, by template name. */
  readonly templates: Map<string, ParsedTemplate>;
  /** Collects citations. */
  readonly sources: { [field: string]: ValueSource };
}

/** Reads one property in either spelling, citing it under `field`. */
function read(b: BlockResources, r: RawResource | undefined, field: string, cfn: string, tf: string): unknown {
  if (!r) return undefined;
  const path = r.backend === Backend.CLOUDFORMATION ? cfn : tf;
  const v = propAt(r, path);
  if (v !== undefined) b.sources[field] = sourceOf(r, path);
  return v;
}

function num(b: BlockResources, r: RawResource | undefined, field: string, cfn: string, tf: string): number | undefined {
  return numberOf(read(b, r, field, cfn, tf));
}

function str(b: BlockResources, r: RawResource | undefined, field: string, cfn: string, tf: string): string | undefined {
  return stringOf(read(b, r, field, cfn, tf));
}

function templateOf(b: BlockResources, r: RawResource): ParsedTemplate {
  return b.templates.get(r.template)!;
}

/** Resources of the block of one of the types (CloudFormation type or Terraform type). */
function ofType(b: BlockResources, cfn: string, tf: string): RawResource[] {
  return b.resources.filter((r) => !r.data && r.type === (r.backend === Backend.CLOUDFORMATION ? cfn : tf));
}

function isType(r: RawResource, cfn: string, tf: string): boolean {
  return r.type === (r.backend === Backend.CLOUDFORMATION ? cfn : tf);
}

/** Items of a list property (a Terraform nested block may be one object or a list). */
function listOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  return v === undefined || v === null ? [] : [v];
}

// ---------------------------------------------------------------------------------------------
// ECS fleets
// ---------------------------------------------------------------------------------------------

/** Reads an ECS service: task size, launch type and capacity, counts, scaling targets, AZs. */
export function readFleet(b: BlockResources, service: RawResource, field: string): DeployedFleet {
  const t = templateOf(b, service);
  const taskDef = referenced(t, read(b, service, `${field}.taskDefinition`, 'TaskDefinition', 'task_definition'))
    .find((r) => isType(r, 'AWS::ECS::TaskDefinition', 'aws_ecs_task_definition'));
  const taskCpu = num(b, taskDef, `${field}.taskCpu`, 'Cpu', 'cpu');
  const taskMemoryMiB = num(b, taskDef, `${field}.taskMemoryMiB`, 'Memory', 'memory');
  const cpuArchitecture = str(b, taskDef, `${field}.cpuArchitecture`, 'RuntimePlatform.CpuArchitecture', 'runtime_platform.cpu_architecture');

  const strategy = listOf(read(b, service, `${field}.capacityProviders`, 'CapacityProviderStrategy', 'capacity_provider_strategy'));
  const capacityRefs = strategy.map((s) => (isPlainObject(s) ? s.CapacityProvider ?? s.capacity_provider : undefined));
  const capacityProviders = capacityRefs.map((c) => stringOf(c) ?? referenced(t, c)[0]?.id).filter((c): c is string => c !== undefined);
  const launchType = str(b, service, `${field}.launchType`, 'LaunchType', 'launch_type')
    ?? (capacityProviders.length > 0 ? 'CAPACITY_PROVIDER' : undefined);
  const instanceTypes = instanceTypesOf(b, t, capacityRefs, `${field}.instanceTypes`);

  const desiredCount = num(b, service, `${field}.desiredCount`, 'DesiredCount', 'desired_count');
  const target = scalableTargetOf(t, service);
  let minTasks = desiredCount;
  let maxTasks = desiredCount;
  if (desiredCount !== undefined) {
    b.sources[`${field}.minTasks`] = b.sources[`${field}.desiredCount`];
    b.sources[`${field}.maxTasks`] = b.sources[`${field}.desiredCount`];
  }
  const scaling: Partial<DeployedFleet> = {};
  if (target) {
    minTasks = num(b, target, `${field}.minTasks`, 'MinCapacity', 'min_capacity');
    maxTasks = num(b, target, `${field}.maxTasks`, 'MaxCapacity', 'max_capacity');
    Object.assign(scaling, readTargetTracking(b, t, target, field));
  }
  const maxPercent = num(b, service, `${field}.deployMaximumPercent`, 'DeploymentConfiguration.MaximumPercent', 'deployment_maximum_percent');
  const deploymentStrategy = str(b, service, `${field}.deploymentStrategy`, 'DeploymentConfiguration.Strategy', 'deployment_configuration.strategy')
    ?? str(b, service, `${field}.deploymentStrategy`, 'DeploymentController.Type', 'deployment_controller.type');
  const azs = subnetAzs(t, read(b, service, `${field}.subnetAzs`, 'NetworkConfiguration.AwsvpcConfiguration.Subnets', 'network_configuration.subnets'));
  return {
    serviceId: service.id,
    taskCpu,
    taskMemoryMiB,
    ...(cpuArchitecture !== undefined ? { cpuArchitecture } : {}),
    launchType,
    capacityProviders,
    instanceTypes,
    desiredCount,
    minTasks,
    maxTasks,
    autoScaling: target !== undefined,
    ...scaling,
    deployMaximumPercent: maxPercent,
    deploymentStrategy,
    subnetAzs: azs,
    azCount: new Set(azs).size,
  };
}

/** Instance types behind capacity providers: capacity provider -> Auto Scaling group -> launch template. */
function instanceTypesOf(b: BlockResources, t: ParsedTemplate, capacityRefs: unknown[], field: string): string[] {
  const out: string[] = [];
  const launchTemplates = new Set<RawResource>();
  for (const provider of capacityRefs.flatMap((c) => referenced(t, c))) {
    for (const asg of referenced(t, provider.props)) {
      if (!isType(asg, 'AWS::AutoScaling::AutoScalingGroup', 'aws_autoscaling_group')) continue;
      for (const lt of referenced(t, asg.props)) if (isType(lt, 'AWS::EC2::LaunchTemplate', 'aws_launch_template')) launchTemplates.add(lt);
    }
  }
  // A capacity provider set on the cluster rather than the service: the block's own launch templates.
  if (launchTemplates.size === 0) ofType(b, 'AWS::EC2::LaunchTemplate', 'aws_launch_template').forEach((lt) => launchTemplates.add(lt));
  for (const lt of launchTemplates) {
    const type = str(b, lt, field, 'LaunchTemplateData.InstanceType', 'instance_type');
    if (type && !out.includes(type)) out.push(type);
  }
  return out;
}

/** The Application Auto Scaling target that names a resource (an ECS service, an Aurora cluster). */
function scalableTargetOf(t: ParsedTemplate, of: RawResource): RawResource | undefined {
  return referencing(t, of).find((r) => isType(r, 'AWS::ApplicationAutoScaling::ScalableTarget', 'aws_appautoscaling_target'));
}

/** Target-tracking policies on a scalable target. */
function readTargetTracking(b: BlockResources, t: ParsedTemplate, target: RawResource, field: string): Partial<DeployedFleet> {
  const out: { -readonly [K in keyof DeployedFleet]?: DeployedFleet[K] } = {};
  for (const policy of referencing(t, target).filter((r) => isType(r, 'AWS::ApplicationAutoScaling::ScalingPolicy', 'aws_appautoscaling_policy'))) {
    const cfg = policy.backend === Backend.CLOUDFORMATION ? 'TargetTrackingScalingPolicyConfiguration' : 'target_tracking_scaling_policy_configuration';
    if (propAt(policy, cfg) === undefined) continue;
    const metric = stringOf(propAt(policy, policy.backend === Backend.CLOUDFORMATION
      ? `${cfg}.PredefinedMetricSpecification.PredefinedMetricType` : `${cfg}.predefined_metric_specification.predefined_metric_type`));
    const name = metric === 'ECSServiceAverageCPUUtilization' ? 'targetCpuUtilizationPercent'
      : metric === 'ALBRequestCountPerTarget' ? 'requestCountPerTargetPerMinute' : 'customTargetValue';
    out[name] = num(b, policy, `${field}.${name}`, `${cfg}.TargetValue`, `${cfg}.target_value`);
  }
  return out;
}

/** A LoadBalancedApi: its one ECS service and its load balancer. */
export function readApi(b: BlockResources): DeployedApi | undefined {
  const service = ofType(b, 'AWS::ECS::Service', 'aws_ecs_service')[0];
  if (!service) return undefined;
  const lb = ofType(b, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'aws_lb')[0];
  return {
    fleet: readFleet(b, service, 'api.fleet'),
    loadBalancerType: str(b, lb, 'api.loadBalancerType', 'Type', 'load_balancer_type') ?? (lb ? 'application' : undefined),
  };
}

// ---------------------------------------------------------------------------------------------
// Databases
// ---------------------------------------------------------------------------------------------

/** A ReplicatedDatabase: an Aurora cluster and its instances, or RDS instances and read replicas. */
export function readDatabase(b: BlockResources, field = 'database'): DeployedDatabase | undefined {
  const cluster = ofType(b, 'AWS::RDS::DBCluster', 'aws_rds_cluster')[0];
  if (cluster) {
    const t = templateOf(b, cluster);
    const instances = b.resources.filter((r) => (r.backend === Backend.CLOUDFORMATION
      ? r.type === 'AWS::RDS::DBInstance' && referenced(t, r.props.DBClusterIdentifier).includes(cluster)
      : r.type === 'aws_rds_cluster_instance' && referenced(t, r.props.cluster_identifier).includes(cluster)));
    const writer = instances.find((i) => /writer/i.test(lastSegments(i))) ?? instances.find((i) => numberOf(i.props.PromotionTier ?? i.props.promotion_tier) === 0) ?? instances[0];
    const readers = instances.filter((i) => i !== writer);
    const w = writer ? instance(b, writer, `${field}.writer`) : undefined;
    const rs = readers.map((r, i) => instance(b, r, `${field}.readers.${i}`));
    const target = scalableTargetOf(t, cluster);
    let readerAutoScaling: DeployedDatabase['readerAutoScaling'];
    if (target) {
      const policy = referencing(t, target).find((r) => isType(r, 'AWS::ApplicationAutoScaling::ScalingPolicy', 'aws_appautoscaling_policy'));
      const cfg = policy?.backend === Backend.CLOUDFORMATION ? 'TargetTrackingScalingPolicyConfiguration' : 'target_tracking_scaling_policy_configuration';
      readerAutoScaling = {
        minReaders: num(b, target, `${field}.readerAutoScaling.minReaders`, 'MinCapacity', 'min_capacity') ?? 0,
        maxReaders: num(b, target, `${field}.readerAutoScaling.maxReaders`, 'MaxCapacity', 'max_capacity') ?? 0,
        targetValue: num(b, policy, `${field}.readerAutoScaling.targetValue`, `${cfg}.TargetValue`, `${cfg}.target_value`),
        metric: str(b, policy, `${field}.readerAutoScaling.metric`, `${cfg}.PredefinedMetricSpecification.PredefinedMetricType`,
          `${cfg}.predefined_metric_specification.predefined_metric_type`),
      };
    }
    return {
      engine: str(b, cluster, `${field}.engine`, 'Engine', 'engine'),
      engineVersion: str(b, cluster, `${field}.engineVersion`, 'EngineVersion', 'engine_version'),
      storageType: str(b, cluster, `${field}.storageType`, 'StorageType', 'storage_type'),
      aurora: true,
      writer: w,
      readers: rs,
      instanceClass: w?.instanceClass,
      multiAz: false,
      readerAutoScaling,
      ...serverlessV2Of(b, cluster, field),
      azs: distinct([w, ...rs].map((i) => i?.az)),
      subnetGroupAzs: subnetGroupAzs(b, cluster, `${field}.subnetGroupAzs`, 'DBSubnetGroupName', 'db_subnet_group_name',
        'AWS::RDS::DBSubnetGroup', 'aws_db_subnet_group', 'SubnetIds', 'subnet_ids'),
    };
  }
  const instances = ofType(b, 'AWS::RDS::DBInstance', 'aws_db_instance');
  if (instances.length === 0) return undefined;
  const isReplica = (r: RawResource): boolean =>
    (r.backend === Backend.CLOUDFORMATION ? r.props.SourceDBInstanceIdentifier : r.props.replicate_source_db) !== undefined;
  const writer = instances.find((r) => !isReplica(r)) ?? instances[0];
  const w = instance(b, writer, `${field}.writer`);
  const rs = instances.filter((r) => r !== writer).map((r, i) => instance(b, r, `${field}.readers.${i}`));
  return {
    engine: str(b, writer, `${field}.engine`, 'Engine', 'engine'),
    engineVersion: str(b, writer, `${field}.engineVersion`, 'EngineVersion', 'engine_version'),
    storageType: str(b, writer, `${field}.storageType`, 'StorageType', 'storage_type'),
    allocatedStorageGiB: num(b, writer, `${field}.allocatedStorageGiB`, 'AllocatedStorage', 'allocated_storage'),
    storageIops: num(b, writer, `${field}.storageIops`, 'Iops', 'iops'),
    storageThroughputMiBps: num(b, writer, `${field}.storageThroughputMiBps`, 'StorageThroughput', 'storage_throughput'),
    aurora: false,
    writer: w,
    readers: rs,
    instanceClass: w.instanceClass,
    multiAz: booleanOf(read(b, writer, `${field}.multiAz`, 'MultiAZ', 'multi_az')) ?? false,
    azs: distinct([w, ...rs].map((i) => i.az)),
    subnetGroupAzs: subnetGroupAzs(b, writer, `${field}.subnetGroupAzs`, 'DBSubnetGroupName', 'db_subnet_group_name',
      'AWS::RDS::DBSubnetGroup', 'aws_db_subnet_group', 'SubnetIds', 'subnet_ids'),
  };
}

/** The Aurora Serverless v2 scaling configuration of a cluster, when its template sets one. */
function serverlessV2Of(b: BlockResources, cluster: RawResource, field: string): Pick<DeployedDatabase, 'serverlessV2'> {
  const cfn = cluster.backend === Backend.CLOUDFORMATION;
  if ((cfn ? cluster.props.ServerlessV2ScalingConfiguration : cluster.props.serverlessv2_scaling_configuration) === undefined) return {};
  return {
    serverlessV2: {
      minCapacityAcu: num(b, cluster, `${field}.serverlessV2.minCapacityAcu`, 'ServerlessV2ScalingConfiguration.MinCapacity',
        'serverlessv2_scaling_configuration.min_capacity'),
      maxCapacityAcu: num(b, cluster, `${field}.serverlessV2.maxCapacityAcu`, 'ServerlessV2ScalingConfiguration.MaxCapacity',
        'serverlessv2_scaling_configuration.max_capacity'),
    },
  };
}

/** AZs of the subnets of the subnet group a resource names. */
function subnetGroupAzs(b: BlockResources, r: RawResource, field: string, cfnProp: string, tfProp: string,
  cfnType: string, tfType: string, cfnSubnets: string, tfSubnets: string): string[] {
  const t = templateOf(b, r);
  const group = referenced(t, r.backend === Backend.CLOUDFORMATION ? r.props[cfnProp] : r.props[tfProp]).find((g) => isType(g, cfnType, tfType));
  return group ? subnetAzs(t, read(b, group, field, cfnSubnets, tfSubnets)) : [];
}

function instance(b: BlockResources, r: RawResource, field: string): DeployedDbInstance {
  const az = read(b, r, `${field}.az`, 'AvailabilityZone', 'availability_zone');
  return {
    id: r.id,
    instanceClass: str(b, r, `${field}.instanceClass`, 'DBInstanceClass', 'instance_class'),
    az: az === undefined ? undefined : azOf(templateOf(b, r), az),
  };
}

/** The last two construct ids of a resource's path (e.g. `Writer/Resource`), or its id. */
function lastSegments(r: RawResource): string {
  return (r.path ?? r.id).split('/').slice(-2).join('/');
}

function distinct(azs: (string | undefined)[]): string[] {
  return [...new Set(azs.filter((a): a is string => a !== undefined))];
}

// ---------------------------------------------------------------------------------------------
// Cache
// ---------------------------------------------------------------------------------------------

/** A TieredCache's application tier: an ElastiCache replication group (Valkey/Redis) or cluster (Memcached). */
export function readCache(b: BlockResources): DeployedCache | undefined {
  const group = ofType(b, 'AWS::ElastiCache::ReplicationGroup', 'aws_elasticache_replication_group')[0];
  if (group) {
    const t = templateOf(b, group);
    const mode = str(b, group, 'cache.clusterMode', 'ClusterMode', 'cluster_mode');
    let shards = num(b, group, 'cache.shards', 'NumNodeGroups', 'num_node_groups');
    let replicasPerShard = num(b, group, 'cache.replicasPerShard', 'ReplicasPerNodeGroup', 'replicas_per_node_group');
    const clusters = num(b, group, 'cache.numCacheClusters', 'NumCacheClusters', 'num_cache_clusters');
    const groups = listOf(read(b, group, 'cache.placement', 'NodeGroupConfiguration', 'node_group_configuration'));
    if (shards === undefined && clusters !== undefined) {
      shards = 1;
      replicasPerShard = clusters - 1;
      b.sources['cache.shards'] = b.sources['cache.numCacheClusters'];
      b.sources['cache.replicasPerShard'] = b.sources['cache.numCacheClusters'];
    }
    if (shards === undefined && groups.length > 0) shards = groups.length;
    const placement = groups.filter(isPlainObject).map((g, i) => ({
      shardId: stringOf(g.NodeGroupId ?? g.node_group_id) ?? String(i + 1).padStart(4, '0'),
      primaryAz: azOf(t, g.PrimaryAvailabilityZone ?? g.primary_availability_zone),
      replicaAzs: listOf(g.ReplicaAvailabilityZones ?? g.replica_availability_zones).map((a) => azOf(t, a) ?? 'unknown'),
    }));
    return {
      engine: str(b, group, 'cache.engine', 'Engine', 'engine'),
      engineVersion: str(b, group, 'cache.engineVersion', 'EngineVersion', 'engine_version'),
      nodeType: str(b, group, 'cache.nodeType', 'CacheNodeType', 'node_type'),
      clusterMode: mode === 'enabled' || (mode === undefined && (shards ?? 1) > 1),
      shards,
      replicasPerShard,
      multiAz: booleanOf(read(b, group, 'cache.multiAz', 'MultiAZEnabled', 'multi_az_enabled')) ?? false,
      automaticFailover: booleanOf(read(b, group, 'cache.automaticFailover', 'AutomaticFailoverEnabled', 'automatic_failover_enabled')) ?? false,
      subnetGroupAzs: subnetGroupAzs(b, group, 'cache.subnetGroupAzs', 'CacheSubnetGroupName', 'subnet_group_name',
        'AWS::ElastiCache::SubnetGroup', 'aws_elasticache_subnet_group', 'SubnetIds', 'subnet_ids'),
      placement,
    };
  }
  const cluster = ofType(b, 'AWS::ElastiCache::CacheCluster', 'aws_elasticache_cluster')[0];
  if (!cluster) return undefined;
  const t = templateOf(b, cluster);
  const azs = listOf(read(b, cluster, 'cache.placement', 'PreferredAvailabilityZones', 'preferred_availability_zones'));
  return {
    engine: str(b, cluster, 'cache.engine', 'Engine', 'engine'),
    engineVersion: str(b, cluster, 'cache.engineVersion', 'EngineVersion', 'engine_version'),
    nodeType: str(b, cluster, 'cache.nodeType', 'CacheNodeType', 'node_type'),
    clusterMode: false,
    shards: num(b, cluster, 'cache.shards', 'NumCacheNodes', 'num_cache_nodes'),
    replicasPerShard: 0,
    multiAz: str(b, cluster, 'cache.multiAz', 'AZMode', 'az_mode') === 'cross-az',
    automaticFailover: false,
    subnetGroupAzs: subnetGroupAzs(b, cluster, 'cache.subnetGroupAzs', 'CacheSubnetGroupName', 'subnet_group_name',
      'AWS::ElastiCache::SubnetGroup', 'aws_elasticache_subnet_group', 'SubnetIds', 'subnet_ids'),
    placement: azs.map((a, i) => ({ shardId: String(i + 1).padStart(4, '0'), primaryAz: azOf(t, a), replicaAzs: [] })),
  };
}

// ---------------------------------------------------------------------------------------------
// Work queue
// ---------------------------------------------------------------------------------------------

/** A WorkQueue: the job queue and its dead-letter queue, and the workers (an ECS service or a Lambda consumer). */
export function readWorkQueue(b: BlockResources): DeployedWorkQueue {
  const queues = ofType(b, 'AWS::SQS::Queue', 'aws_sqs_queue');
  const redriveOf = (q: RawResource): unknown => {
    const v = q.backend === Backend.CLOUDFORMATION ? q.props.RedrivePolicy : q.props.redrive_policy;
    if (typeof v !== 'string') return v;
    try { return JSON.parse(v); } catch { return undefined; }
  };
  const job = queues.find((q) => redriveOf(q) !== undefined) ?? queues[0];
  let dlq: RawResource | undefined;
  let queue: DeployedQueue | undefined;
  if (job) {
    const t = templateOf(b, job);
    const redrive = redriveOf(job);
    dlq = isPlainObject(redrive) ? referenced(t, redrive.deadLetterTargetArn)[0] : undefined;
    queue = readQueue(b, job, 'workQueue.queue');
    if (isPlainObject(redrive)) {
      b.sources['workQueue.queue.redrive'] = sourceOf(job, job.backend === Backend.CLOUDFORMATION ? 'RedrivePolicy' : 'redrive_policy');
      queue = { ...queue, redrive: { maxReceiveCount: numberOf(redrive.maxReceiveCount), deadLetterQueue: dlq?.id } };
    }
  }
  const deadLetterQueue = dlq ? readQueue(b, dlq, 'workQueue.deadLetterQueue') : undefined;
  const bucketResource = ofType(b, 'AWS::S3::Bucket', 'aws_s3_bucket').find((r) => /payload/i.test(lastSegments(r)) && !/log/i.test(lastSegments(r)));
  const payloadBucket = bucketResource !== undefined;
  const parts = {
    ...(bucketResource ? { bucket: readBucket(b, bucketResource) } : {}),
    ...optional('jobTable', readJobTable(b)),
    ...optional('completion', readCompletion(b)),
  };

  const service = ofType(b, 'AWS::ECS::Service', 'aws_ecs_service')[0];
  if (service) {
    const fleet = readFleet(b, service, 'workQueue.fleet');
    b.sources['workQueue.minWorkers'] = b.sources['workQueue.fleet.minTasks'];
    b.sources['workQueue.maxWorkers'] = b.sources['workQueue.fleet.maxTasks'];
    return { queue, deadLetterQueue, workerKind: 'FARGATE_SERVICE', fleet, minWorkers: fleet.minTasks, maxWorkers: fleet.maxTasks, payloadBucket, ...parts };
  }
  const mapping = ofType(b, 'AWS::Lambda::EventSourceMapping', 'aws_lambda_event_source_mapping')
    .find((m) => !job || referenced(templateOf(b, m), m.props).includes(job));
  if (!mapping) return { queue, deadLetterQueue, payloadBucket, ...parts };
  const fn = referenced(templateOf(b, mapping), mapping.props).find((r) => isType(r, 'AWS::Lambda::Function', 'aws_lambda_function'));
  const lambda: DeployedLambdaWorker = {
    memoryMB: num(b, fn, 'workQueue.lambda.memoryMB', 'MemorySize', 'memory_size'),
    timeoutSeconds: num(b, fn, 'workQueue.lambda.timeoutSeconds', 'Timeout', 'timeout'),
    reservedConcurrency: num(b, fn, 'workQueue.lambda.reservedConcurrency', 'ReservedConcurrentExecutions', 'reserved_concurrent_executions'),
    batchSize: num(b, mapping, 'workQueue.lambda.batchSize', 'BatchSize', 'batch_size'),
    maxBatchingWindowSeconds: num(b, mapping, 'workQueue.lambda.maxBatchingWindowSeconds', 'MaximumBatchingWindowInSeconds', 'maximum_batching_window_in_seconds'),
    maximumConcurrency: num(b, mapping, 'workQueue.lambda.maximumConcurrency', 'ScalingConfig.MaximumConcurrency', 'scaling_config.maximum_concurrency'),
  };
  const bounds = [lambda.maximumConcurrency, lambda.reservedConcurrency].filter((x): x is number => x !== undefined);
  const maxWorkers = bounds.length > 0 ? Math.min(...bounds) : undefined;
  if (maxWorkers !== undefined) {
    b.sources['workQueue.maxWorkers'] = b.sources[maxWorkers === lambda.maximumConcurrency ? 'workQueue.lambda.maximumConcurrency' : 'workQueue.lambda.reservedConcurrency'];
  }
  return { queue, deadLetterQueue, workerKind: 'LAMBDA', lambda, minWorkers: 0, maxWorkers, payloadBucket, ...parts };
}

/** `{ [key]: value }`, or nothing when the value is undefined (so an absent part leaves no key). */
function optional<K extends string, V>(key: K, value: V | undefined): { [k in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [k in K]?: V };
}

/** The job table: billing mode, provisioned capacities and TTL attribute. */
function readJobTable(b: BlockResources): DeployedJobTable | undefined {
  const table = ofType(b, 'AWS::DynamoDB::Table', 'aws_dynamodb_table')[0];
  if (!table) return undefined;
  const mode = str(b, table, 'workQueue.jobTable.billingMode', 'BillingMode', 'billing_mode');
  const ttl = listOf(read(b, table, 'workQueue.jobTable.ttlAttribute', 'TimeToLiveSpecification', 'ttl'))[0];
  const ttlOn = isPlainObject(ttl) && booleanOf(ttl.Enabled ?? ttl.enabled) === true;
  const readUnits = num(b, table, 'workQueue.jobTable.readCapacityUnits', 'ProvisionedThroughput.ReadCapacityUnits', 'read_capacity');
  const writeUnits = num(b, table, 'workQueue.jobTable.writeCapacityUnits', 'ProvisionedThroughput.WriteCapacityUnits', 'write_capacity');
  return {
    id: table.id,
    // Both CloudFormation and Terraform default to PROVISIONED when no billing mode is set.
    billingMode: mode ?? 'PROVISIONED',
    ...(readUnits !== undefined ? { readCapacityUnits: readUnits } : {}),
    ...(writeUnits !== undefined ? { writeCapacityUnits: writeUnits } : {}),
    ...(ttlOn ? optional('ttlAttribute', stringOf(ttl.AttributeName ?? ttl.attribute_name)) : {}),
  };
}

/** The completion topic and the subscriptions that name it. */
function readCompletion(b: BlockResources): DeployedCompletion | undefined {
  const topic = ofType(b, 'AWS::SNS::Topic', 'aws_sns_topic')[0];
  if (!topic) return undefined;
  const t = templateOf(b, topic);
  const subscriptions: DeployedSubscription[] = ofType(b, 'AWS::SNS::Subscription', 'aws_sns_topic_subscription')
    .filter((r) => referenced(t, r.backend === Backend.CLOUDFORMATION ? r.props.TopicArn : r.props.topic_arn).includes(topic))
    .map((r, i) => {
      const field = `workQueue.completion.subscriptions.${i}`;
      const endpoint = str(b, r, `${field}.endpoint`, 'Endpoint', 'endpoint');
      const redrive = read(b, r, `${field}.deadLetterQueue`, 'RedrivePolicy', 'redrive_policy');
      const raw = booleanOf(read(b, r, `${field}.rawMessageDelivery`, 'RawMessageDelivery', 'raw_message_delivery'));
      return {
        id: r.id,
        ...optional('protocol', str(b, r, `${field}.protocol`, 'Protocol', 'protocol')),
        ...optional('endpointHost', hostOf(endpoint)),
        deadLetterQueue: redrive !== undefined && referenced(t, redrive).length > 0,
        ...optional('rawMessageDelivery', raw),
      };
    });
  return { topicId: topic.id, subscriptions };
}

/** The host of a literal http(s) URL. */
function hostOf(url: string | undefined): string | undefined {
  const m = url === undefined ? null : /^https?:\/\/([^/?#:]+)/i.exec(url);
  return m ? m[1] : undefined;
}

/** The payload bucket: versioning and the lifecycle expiration (in the bucket, or in Terraform's own resources for them). */
function readBucket(b: BlockResources, bucket: RawResource): DeployedBucket {
  if (bucket.backend === Backend.CLOUDFORMATION) {
    const status = str(b, bucket, 'workQueue.bucket.versioned', 'VersioningConfiguration.Status', 'versioning.status');
    const rules = listOf(read(b, bucket, 'workQueue.bucket.expirationDays', 'LifecycleConfiguration.Rules', 'lifecycle_rule'));
    const days = rules.filter(isPlainObject).filter((r) => r.Status === undefined || r.Status === 'Enabled')
      .map((r) => numberOf(r.ExpirationInDays)).filter((d): d is number => d !== undefined);
    return {
      id: bucket.id,
      versioned: status === 'Enabled',
      ...(days.length > 0 ? { expirationDays: Math.min(...days) } : {}),
    };
  }
  const t = templateOf(b, bucket);
  const of = (type: string): RawResource | undefined =>
    b.resources.find((r) => r.type === type && !r.data && referenced(t, r.props.bucket).includes(bucket));
  const versioning = of('aws_s3_bucket_versioning');
  const status = str(b, versioning, 'workQueue.bucket.versioned', 'VersioningConfiguration.Status', 'versioning_configuration.status');
  const lifecycle = of('aws_s3_bucket_lifecycle_configuration');
  const rules = listOf(read(b, lifecycle, 'workQueue.bucket.expirationDays', 'LifecycleConfiguration.Rules', 'rule'));
  const days = rules.filter(isPlainObject).filter((r) => r.status === undefined || r.status === 'Enabled')
    .flatMap((r) => listOf(r.expiration)).map((e) => (isPlainObject(e) ? numberOf(e.days) : undefined)).filter((d): d is number => d !== undefined);
  return {
    id: bucket.id,
    versioned: status === 'Enabled',
    ...(days.length > 0 ? { expirationDays: Math.min(...days) } : {}),
  };
}

function readQueue(b: BlockResources, q: RawResource, field: string): DeployedQueue {
  return {
    id: q.id,
    fifo: booleanOf(read(b, q, `${field}.fifo`, 'FifoQueue', 'fifo_queue')) ?? false,
    visibilityTimeoutSeconds: num(b, q, `${field}.visibilityTimeoutSeconds`, 'VisibilityTimeout', 'visibility_timeout_seconds'),
    retentionSeconds: num(b, q, `${field}.retentionSeconds`, 'MessageRetentionPeriod', 'message_retention_seconds'),
    maxMessageBytes: num(b, q, `${field}.maxMessageBytes`, 'MaximumMessageSize', 'max_message_size'),
    highThroughput: str(b, q, `${field}.highThroughput`, 'FifoThroughputLimit', 'fifo_throughput_limit') === 'perMessageGroupId',
  };
}

// ---------------------------------------------------------------------------------------------
// CDN
// ---------------------------------------------------------------------------------------------

/** A GlobalCdn: the distribution's origins, origin groups and behaviours. */
export function readCdn(b: BlockResources): DeployedCdn | undefined {
  const d = ofType(b, 'AWS::CloudFront::Distribution', 'aws_cloudfront_distribution')[0];
  if (!d) return undefined;
  const cfn = d.backend === Backend.CLOUDFORMATION;
  const cfg = cfn ? 'DistributionConfig.' : '';
  const origins = listOf(read(b, d, 'cdn.origins', `${cfg}Origins`, 'origin'))
    .map((o) => (isPlainObject(o) ? stringOf(o.Id ?? o.origin_id) : undefined)).filter((x): x is string => x !== undefined);
  const groups = cfn ? listOf(propAt(d, `${cfg}OriginGroups.Items`)) : listOf(d.props.origin_group);
  if (groups.length > 0) b.sources['cdn.originGroups'] = sourceOf(d, cfn ? `${cfg}OriginGroups` : 'origin_group');
  const behavior = (x: unknown, pattern?: string): DeployedBehavior => ({
    pathPattern: pattern ?? (isPlainObject(x) ? stringOf(x.PathPattern ?? x.path_pattern) ?? '?' : '?'),
    targetOriginId: isPlainObject(x) ? stringOf(x.TargetOriginId ?? x.target_origin_id) : undefined,
  });
  const def = read(b, d, 'cdn.defaultBehavior', `${cfg}DefaultCacheBehavior`, 'default_cache_behavior');
  return {
    origins,
    originGroups: groups.map((g) => (isPlainObject(g) ? stringOf(g.Id ?? g.origin_id) : undefined)).filter((x): x is string => x !== undefined),
    defaultBehavior: def === undefined ? undefined : behavior(listOf(def)[0], '*'),
    behaviors: listOf(read(b, d, 'cdn.behaviors', `${cfg}CacheBehaviors`, 'ordered_cache_behavior')).map((x) => behavior(x)),
    priceClass: str(b, d, 'cdn.priceClass', `${cfg}PriceClass`, 'price_class'),
  };
}

// ---------------------------------------------------------------------------------------------
// Gateway
// ---------------------------------------------------------------------------------------------

/** A MicroserviceGateway: routes and throttles of the HTTP API, and each service's fleet. */
export function readGateway(b: BlockResources, blockPath: string): DeployedGateway {
  const stage = ofType(b, 'AWS::ApiGatewayV2::Stage', 'aws_apigatewayv2_stage')[0];
  const throttle = (x: unknown): DeployedThrottle | undefined => (isPlainObject(x) ? {
    rateLimit: numberOf(x.ThrottlingRateLimit ?? x.throttling_rate_limit),
    burstLimit: numberOf(x.ThrottlingBurstLimit ?? x.throttling_burst_limit),
  } : undefined);
  const defaultThrottle = throttle(listOf(read(b, stage, 'gateway.defaultThrottle', 'DefaultRouteSettings', 'default_route_settings'))[0]);
  const perRoute = new Map<string, DeployedThrottle>();
  const settings = read(b, stage, 'gateway.routeThrottles', 'RouteSettings', 'route_settings');
  if (Array.isArray(settings)) {
    for (const s of settings) if (isPlainObject(s) && typeof s.route_key === 'string') perRoute.set(s.route_key, throttle(s)!);
  } else if (isPlainObject(settings)) {
    for (const [key, s] of Object.entries(settings)) perRoute.set(key, throttle(s)!);
  }
  const routeResources = ofType(b, 'AWS::ApiGatewayV2::Route', 'aws_apigatewayv2_route');
  const routes: DeployedRoute[] = routeResources.map((r, i) => {
    const routeKey = str(b, r, `gateway.routes.${i}.routeKey`, 'RouteKey', 'route_key') ?? '?';
    return { routeKey, ...(perRoute.has(routeKey) ? { throttle: perRoute.get(routeKey) } : {}) };
  });
  const serviceOf = (r: RawResource): string | undefined => (r.path?.startsWith(`${blockPath}/`) ? r.path.slice(blockPath.length + 1).split('/')[0] : undefined);
  const services: DeployedGatewayService[] = ofType(b, 'AWS::ECS::Service', 'aws_ecs_service').map((svc) => {
    const name = serviceOf(svc) ?? svc.id;
    const keys = routeResources.filter((r) => serviceOf(r) === name).map((r) => routes[routeResources.indexOf(r)].routeKey);
    const rates = keys.map((k) => perRoute.get(k)?.rateLimit ?? defaultThrottle?.rateLimit).filter((x): x is number => x !== undefined);
    return {
      name,
      fleet: readFleet(b, svc, `gateway.services.${name}.fleet`),
      routeKeys: keys,
      // Each route key has its own bucket: the service admits the sum of its routes' limits.
      rateLimit: rates.length > 0 ? rates.reduce((sum, r) => sum + r, 0) : undefined,
    };
  });
  return { routes, defaultThrottle, services };
}
