import { DbEngineFamily } from './instances';
import { CatalogSource, deepFreeze, SOURCES } from './source';

/** One numeric service limit or default, with its unit and source. */
export interface Quota {
  /** The limit or default value. */
  readonly value: number;
  /** Unit of `value`, e.g. `resources`, `seconds`, `bytes`, `requests/s`. */
  readonly unit: string;
  /** Where the value comes from. */
  readonly source: CatalogSource;
  /** Scope or caveat, e.g. "default quota, adjustable" or "2,500 in newer Regions". */
  readonly note?: string;
}

/** A non-numeric rule, such as the Region a resource must live in. */
export interface RegionRule {
  /** The required value, e.g. `us-east-1`. */
  readonly value: string;
  /** Where the rule comes from. */
  readonly source: CatalogSource;
  /** Scope or caveat. */
  readonly note?: string;
}

function q(value: number, unit: string, source: CatalogSource, note?: string): Quota {
  return note ? { value, unit, source, note } : { value, unit, source };
}

const S = SOURCES;

/**
 * Every service limit and default the sizing check reads, grouped by service. Each leaf is a
 * {@link Quota}: `QUOTAS.cloudFormation.resourcesPerStack.value === 500`. Default quotas that
 * AWS can raise on request say so in their note; the check treats them as the limit unless
 * the user declares a raised value.
 */
export const QUOTAS = deepFreeze({
  /** AWS CloudFormation. */
  cloudFormation: {
    resourcesPerStack: q(500, 'resources', S.cloudFormationQuotas),
    outputsPerTemplate: q(200, 'outputs', S.cloudFormationQuotas),
    parametersPerTemplate: q(200, 'parameters', S.cloudFormationQuotas),
    templateBodyInRequestBytes: q(51_200, 'bytes', S.cloudFormationQuotas),
    templateBodyInS3Bytes: q(1_000_000, 'bytes', S.cloudFormationQuotas,
      'AWS states "1 MB"; 1,000,000 bytes is the smaller reading and is used to stay on the safe side.'),
  },

  /** Amazon CloudWatch alarms. */
  cloudWatch: {
    alarmEvaluationRangeMaxSeconds: q(86_400, 'seconds', S.cloudWatchAlarmPeriod, 'Period x EvaluationPeriods, for a period under one hour.'),
    alarmEvaluationRangeLongPeriodMaxSeconds: q(604_800, 'seconds', S.cloudWatchAlarmPeriod, 'Period x EvaluationPeriods, for a period of one hour or more.'),
  },

  /** Application Auto Scaling: the alarm of a target-tracking policy's scale-out (the policy cannot change it). */
  applicationAutoScaling: {
    targetTrackingScaleOutPeriodSeconds: q(60, 'seconds', S.targetTrackingAlarmHigh, 'Period of the AlarmHigh a target-tracking policy creates.'),
    targetTrackingScaleOutEvaluationPeriods: q(3, 'periods', S.targetTrackingAlarmHigh,
      'Datapoints to alarm (of as many evaluated) before a target-tracking policy scales out: 3 x 60 s of detection.'),
  },

  /** Amazon VPC subnets. */
  vpc: {
    subnetIpv4PrefixMin: q(16, 'prefix length', S.vpcSubnetSizing, 'The largest IPv4 subnet: a /16.'),
    subnetIpv4PrefixMax: q(28, 'prefix length', S.vpcSubnetSizing, 'The smallest IPv4 subnet: a /28.'),
  },

  /** Amazon ECS on Fargate (the cpu/memory pairs are in fargate.ts). */
  ecs: {
    fargateTaskLaunchBurst: q(100, 'tasks', S.ecsFargateThrottling, 'Per Region: a burst of 100 task launches.'),
    fargateTaskLaunchRatePerSecond: q(20, 'tasks/s', S.ecsFargateThrottling,
      'Per Region, after the burst: relaunching hundreds of tasks after an AZ loss takes minutes.'),
    tasksPerService: q(5000, 'tasks', S.ecsServiceQuotas, 'Default quota.'),
    containerHealthCheckIntervalMinSeconds: q(5, 'seconds', S.ecsContainerHealthCheck),
    containerHealthCheckIntervalMaxSeconds: q(300, 'seconds', S.ecsContainerHealthCheck),
    containerHealthCheckTimeoutMinSeconds: q(2, 'seconds', S.ecsContainerHealthCheck),
    containerHealthCheckTimeoutMaxSeconds: q(60, 'seconds', S.ecsContainerHealthCheck),
    containerHealthCheckRetriesMax: q(10, 'retries', S.ecsContainerHealthCheck),
    serviceConnectTimeoutMinSeconds: q(0, 'seconds', S.ecsServiceConnectTimeouts,
      'IdleTimeoutSeconds and PerRequestTimeoutSeconds of a Service Connect service; 0 turns the timeout off.'),
    serviceConnectTimeoutMaxSeconds: q(2_147_483_647, 'seconds', S.ecsServiceConnectTimeouts,
      'IdleTimeoutSeconds and PerRequestTimeoutSeconds of a Service Connect service (the API\'s integer maximum).'),
    serviceConnectIdleTimeoutDefaultSeconds: q(300, 'seconds', S.ecsServiceConnectTimeouts, 'HTTP, HTTP2 and GRPC (1 hour for TCP).'),
    serviceConnectPerRequestTimeoutDefaultSeconds: q(15, 'seconds', S.ecsServiceConnectPerRequestDefault),
  },

  /** AWS Fargate (account quotas per Region; the launch rates are under ecs). */
  fargate: {
    onDemandVcpuPerRegion: q(6, 'vCPUs', S.fargateOnDemandVcpuQuota,
      'Fargate On-Demand vCPU resource count: the vCPUs of every On-Demand task running at once in the account and Region; default quota, adjustable (ECS raises it with use).'),
  },

  /** Elastic Load Balancing: Application (alb*) and Network (nlb*) Load Balancers. */
  elb: {
    albPerRegion: q(50, 'load balancers', S.albQuotas, 'Default quota, adjustable.'),
    nlbPerRegion: q(50, 'load balancers', S.nlbQuotas, 'Default quota, adjustable.'),
    targetGroupsPerRegion: q(3000, 'target groups', S.albQuotas, 'Shared by ALB and NLB; adjustable.'),
    targetsPerTargetGroup: q(1000, 'targets', S.albQuotas,
      'Instances or IP addresses, ALB and NLB alike; default quota, adjustable.'),
    albListenersPerLoadBalancer: q(50, 'listeners', S.albQuotas, 'Default quota, adjustable.'),
    albTargetGroupsPerLoadBalancer: q(100, 'target groups', S.albQuotas, 'Not adjustable.'),
    albTargetsPerLoadBalancer: q(1000, 'targets', S.albQuotas, 'Default quota, adjustable.'),
    albRulesPerLoadBalancer: q(100, 'rules', S.albQuotas, 'Not counting default rules; adjustable.'),
    httpHeaderConditionNameMaxLength: q(40, 'characters', S.elbHttpHeaderCondition, 'HttpHeaderName of an http-header rule condition.'),
    httpHeaderConditionValueMaxLength: q(128, 'characters', S.elbHttpHeaderCondition,
      'Each value of an http-header rule condition; compared case insensitively, * and ? are wildcards.'),
    albIdleTimeoutMinSeconds: q(1, 'seconds', S.albAttributes),
    albIdleTimeoutMaxSeconds: q(4000, 'seconds', S.albAttributes),
    albIdleTimeoutDefaultSeconds: q(60, 'seconds', S.albAttributes),
    deregistrationDelayMinSeconds: q(0, 'seconds', S.albAttributes),
    deregistrationDelayMaxSeconds: q(3600, 'seconds', S.albAttributes),
    deregistrationDelayDefaultSeconds: q(300, 'seconds', S.albAttributes),
    nlbListenersPerLoadBalancer: q(50, 'listeners', S.nlbQuotas, 'Not adjustable.'),
    nlbTargetsPerLoadBalancer: q(3000, 'targets', S.nlbQuotas, 'Default quota, adjustable.'),
    nlbTargetsPerAz: q(500, 'targets', S.nlbQuotas,
      'Per AZ per NLB. A target registered with N target groups counts N times; an ALB target counts 50 (100 with cross-zone).'),
    nlbTargetsPerLoadBalancerCrossZone: q(500, 'targets', S.nlbQuotas,
      'With cross-zone load balancing on: 500 per load balancer whatever the number of AZs.'),
    healthCheckIntervalMinSeconds: q(5, 'seconds', S.albHealthChecks, 'HealthCheckIntervalSeconds of a target group.'),
    healthCheckIntervalMaxSeconds: q(300, 'seconds', S.albHealthChecks, 'HealthCheckIntervalSeconds of a target group.'),
    healthCheckTimeoutMinSeconds: q(2, 'seconds', S.albHealthChecks, 'HealthCheckTimeoutSeconds; less than the interval.'),
    healthCheckTimeoutMaxSeconds: q(120, 'seconds', S.albHealthChecks, 'HealthCheckTimeoutSeconds; less than the interval.'),
    healthCheckThresholdMin: q(2, 'checks', S.albHealthChecks, 'HealthyThresholdCount and UnhealthyThresholdCount.'),
    healthCheckThresholdMax: q(10, 'checks', S.albHealthChecks, 'HealthyThresholdCount and UnhealthyThresholdCount.'),
    healthCheckPathMaxLength: q(1024, 'characters', S.albHealthChecks, 'HealthCheckPath of an HTTP or HTTPS health check.'),
    albSlowStartMinSeconds: q(30, 'seconds', S.albSlowStart, 'slow_start.duration_seconds; 0 turns slow start off.'),
    albSlowStartMaxSeconds: q(900, 'seconds', S.albSlowStart, 'slow_start.duration_seconds (15 minutes).'),
  },

  /** Amazon Aurora. */
  aurora: {
    replicasPerCluster: q(15, 'replicas', S.auroraReplicas, 'One primary plus up to 15 Aurora Replicas.'),
    volumeMaxTiB: q(128, 'TiB', S.auroraVolumeMySql,
      'Aurora MySQL 1.23.0+, 2.09.0+, 3.01.0+; Aurora PostgreSQL recent versions may allow 256 TiB (see volumeMaxTiBLatestPostgres).'),
    volumeMaxTiBLatestPostgres: q(256, 'TiB', S.auroraSizeLimits, 'Aurora PostgreSQL 17.5+, 16.9+, 15.13+ only.'),
    clustersPerRegion: q(40, 'DB clusters', S.auroraQuotas, 'Default quota, adjustable.'),
    serverlessV2MinAcu: q(0, 'ACUs', S.auroraServerlessV2Capacity, 'On versions with auto-pause; 0.5 on the others.'),
    serverlessV2MaxAcu: q(256, 'ACUs', S.auroraServerlessV2Capacity, 'On recent versions; 128 on older ones.'),
    serverlessV2AcuStep: q(0.5, 'ACUs', S.auroraServerlessV2Capacity, 'Capacity is set in half-ACU steps.'),
    serverlessV2MaxAcuMin: q(1, 'ACUs', S.auroraServerlessV2ScalingConfiguration, 'Smallest maximum capacity: aws-cdk-lib rejects less, and AWS tabulates max_connections from 1 ACU.'),
    serverlessV2AutoPauseMinSeconds: q(300, 'seconds', S.auroraServerlessV2ScalingConfiguration, 'SecondsUntilAutoPause, with a minimum capacity of 0 ACUs.'),
    serverlessV2AutoPauseMaxSeconds: q(86400, 'seconds', S.auroraServerlessV2ScalingConfiguration, 'SecondsUntilAutoPause (one day).'),
    serverlessV2MemoryGiBPerAcu: q(2, 'GiB', S.auroraServerlessV2Capacity, 'About 2 GiB of memory per ACU, with its CPU and network.'),
  },

  /** Amazon RDS (and the DB instance quota it shares with Aurora). */
  rds: {
    dbInstancesPerRegion: q(40, 'DB instances', S.auroraQuotas,
      'Shared by RDS, Aurora, Neptune and DocumentDB instances; 20 in ap-south-1; adjustable.'),
    readReplicasPerSource: q(15, 'read replicas', S.rdsReadReplicas, 'MySQL, MariaDB, PostgreSQL (Db2 3, Oracle 5, SQL Server 5).'),
    storageMaxTiB: q(64, 'TiB', S.rdsStorage, 'Primary storage volume, gp3 / io1 / io2.'),
    storageMaxGiB: q(65_536, 'GiB', S.rdsStorage, 'AllocatedStorage maximum for MySQL, MariaDB and PostgreSQL.'),
    gp3StorageMinGiB: q(20, 'GiB', S.rdsAllocatedStorage, 'AllocatedStorage minimum on General Purpose SSD (gp2, gp3).'),
    backupRetentionMaxDays: q(35, 'days', S.rdsBackupRetention,
      'BackupRetentionPeriod: 0-35 on a DB instance (0 turns backups off), 1-35 on an Aurora DB cluster.'),
    portMin: q(1150, 'port', S.rdsPort, 'Port of a DB instance or an Aurora DB cluster.'),
    portMax: q(65_535, 'port', S.rdsPort, 'Port of a DB instance or an Aurora DB cluster.'),
    proxiesPerRegion: q(20, 'proxies', S.rdsProxyQuotas, 'RDS Proxy: proxies per account per Region; adjustable.'),
    proxyMaxConnectionsPercentMax: q(100, 'percent', S.rdsProxyPoolSettings, 'MaxConnectionsPercent: 1 to 100 % of max_connections.'),
    proxyBorrowTimeoutMaxSeconds: q(300, 'seconds', S.rdsProxyPoolSettings, 'ConnectionBorrowTimeout in CloudFormation: 0 to 300 (0 waits without limit).'),
    proxyBorrowTimeoutDefaultSeconds: q(120, 'seconds', S.rdsProxyPoolSettings, 'ConnectionBorrowTimeout default.'),
    maxAllocatedStorageMinPercentAbove: q(10, 'percent', S.rdsStorageAutoscaling,
      'The storage autoscaling ceiling (MaxAllocatedStorage) must be at least this much above the allocated storage.'),
  },

  /** Amazon ElastiCache (Valkey, Redis OSS, Memcached). */
  elastiCache: {
    nodesPerClusterDefault: q(90, 'nodes', S.elastiCacheShards, 'Cluster mode enabled; default quota.'),
    nodesPerClusterMax: q(500, 'nodes', S.elastiCacheShards, 'On Valkey 7.2+ and Redis OSS 5.0.6+, by quota increase.'),
    replicasPerShardMin: q(0, 'replicas', S.elastiCacheShards),
    replicasPerShardMax: q(5, 'replicas', S.elastiCacheShards),
    shardsClusterModeDisabled: q(1, 'shards', S.elastiCacheShards),
    memcachedNodesMin: q(1, 'nodes', S.elastiCacheClusters),
    memcachedNodesMax: q(60, 'nodes', S.elastiCacheClusters),
    reservedMemoryPercentDefault: q(25, 'percent', S.elastiCacheReservedMemory, 'reserved-memory-percent of the default parameter group.'),
    reservedMemoryPercentSmallNodes: q(30, 'percent', S.elastiCacheMemoryManagement, 'AWS advice for small nodes.'),
    reservedMemoryPercentMicroOrTiering: q(50, 'percent', S.elastiCacheMemoryManagement, 'AWS advice for micro nodes or data tiering.'),
    snapshotRetentionMaxDays: q(35, 'days', S.elastiCacheSnapshotRetention, 'SnapshotRetentionLimit; 0 turns automatic snapshots off.'),
    authTokenMinLength: q(16, 'characters', S.elastiCacheAuthToken, 'AUTH token or RBAC password; printable ASCII.'),
    authTokenMaxLength: q(128, 'characters', S.elastiCacheAuthToken, 'AUTH token or RBAC password; printable ASCII.'),
    iamAuthMinRedisMajorVersion: q(7, 'major version', S.elastiCacheIamAuth, 'Redis OSS 7.0 or later has IAM authentication (Valkey: every version, 7.2 or later).'),
    iamAuthTokenLifetimeSeconds: q(900, 'seconds', S.elastiCacheIamAuth, '15 minutes: a client signs a fresh token for each new connection.'),
    iamAuthConnectionMaxSeconds: q(43_200, 'seconds', S.elastiCacheIamAuth, '12 hours: an IAM-authenticated connection is closed after it unless re-authenticated.'),
    memcachedRelativeTtlMaxSeconds: q(2_592_000, 'seconds', S.memcachedProtocol,
      '30 days: a larger expiration is read as an absolute Unix time, so a TTL shared by every engine stays within it.'),
  },

  /** Amazon SQS. */
  sqs: {
    messageMaxBytes: q(1_048_576, 'bytes', S.sqsMessageSize, '1 MiB since Aug 2025 (was 262,144 bytes).'),
    messageRetentionMinSeconds: q(60, 'seconds', S.sqsMessageQuotas),
    messageRetentionMaxSeconds: q(1_209_600, 'seconds', S.sqsMessageQuotas, '14 days.'),
    messageRetentionDefaultSeconds: q(345_600, 'seconds', S.sqsMessageQuotas, '4 days.'),
    visibilityTimeoutMinSeconds: q(0, 'seconds', S.sqsVisibility),
    visibilityTimeoutMaxSeconds: q(43_200, 'seconds', S.sqsVisibility, '12 hours.'),
    visibilityTimeoutDefaultSeconds: q(30, 'seconds', S.sqsVisibility),
    receiveWaitMinSeconds: q(0, 'seconds', S.sqsQueueAttributes),
    receiveWaitMaxSeconds: q(20, 'seconds', S.sqsQueueAttributes),
    deliveryDelayMaxSeconds: q(900, 'seconds', S.sqsMessageQuotas, '15 minutes.'),
    batchMaxMessages: q(10, 'messages', S.sqsMessageQuotas),
    maxReceiveCountMin: q(1, 'receives', S.sqsDeadLetter),
    maxReceiveCountMax: q(1000, 'receives', S.sqsDeadLetter, 'Console range; the API may accept more.'),
    fifoTransactionsPerSecondPerAction: q(300, 'transactions/s', S.sqsFifoThrottling,
      'Per API action (SendMessage, ReceiveMessage, DeleteMessage), without high-throughput mode.'),
    fifoMessagesPerSecondBatched: q(3000, 'messages/s', S.sqsFifoThrottling, '300 calls/s with batches of 10.'),
    fifoHighThroughputTransactionsPerSecond: q(70_000, 'transactions/s', S.sqsMessageQuotas,
      'Non-batched, in US East (N. Virginia), US West (Oregon) and Europe (Ireland); lower in other Regions (19,000 in Ohio and Frankfurt).'),
    inFlightMessagesStandard: q(120_000, 'messages', S.sqsStandardQueueQuotas,
      'Per standard queue, approximately: received but not yet deleted; raised by a support request.'),
    inFlightMessagesFifo: q(120_000, 'messages', S.sqsFifoQueueQuotas, 'Per FIFO queue (20,000 before the limit was raised); raised through AWS Support.'),
    lambdaVisibilityTimeoutMultiplier: q(6, 'x function timeout', S.lambdaSqs, 'AWS recommendation for a Lambda consumer.'),
    kmsDataKeyReuseDefaultSeconds: q(300, 'seconds', S.sqsKmsDataKeyReuse, 'KmsDataKeyReusePeriodSeconds default; 60 to 86,400 allowed.'),
  },

  /** Amazon VPC public NAT gateways (zonal): one per AZ in the network a block or system creates. */
  natGateway: {
    baselineGbps: q(5, 'Gbps', S.natGatewayBasics, 'Bandwidth a NAT gateway starts at; it scales automatically to maxGbps.'),
    maxGbps: q(100, 'Gbps', S.natGatewayBasics, 'Most bandwidth one NAT gateway scales to; more needs more NAT gateways (subnets).'),
    baselinePacketsPerSecond: q(1_000_000, 'packets/s', S.natGatewayBasics,
      'Not sized: the packets of a call depend on segment sizes the load does not declare.'),
    connectionsPerDestination: q(55_000, 'connections', S.natGatewayConnections,
      'Simultaneous connections to one destination IP address, port and protocol, per IPv4 address of the NAT gateway.'),
    newConnectionsPerSecondPerDestination: q(900, 'connections/s', S.natGatewayConnections,
      'AWS: the 55,000 limit also applies at about 900 new connections/s to one destination (about 55,000 a minute).'),
    elasticIpsPerNatGateway: q(2, 'addresses', S.natGatewayAddresses, 'default quota, adjustable'),
    ipv4AddressesPerNatGatewayMax: q(8, 'addresses', S.natGatewayAddresses, 'Not confirmed on an AWS page (third-party material only).'),
  },

  /** AWS Lambda. */
  lambda: {
    timeoutMaxSeconds: q(900, 'seconds', S.lambdaQuotas, '15 minutes.'),
    memoryMinMB: q(128, 'MB', S.lambdaQuotas),
    memoryMaxMB: q(10_240, 'MB', S.lambdaQuotas, 'New accounts may start lower.'),
    concurrentExecutionsPerRegion: q(1000, 'executions', S.lambdaQuotas, 'Default quota, adjustable; new accounts start lower.'),
    unreservedConcurrencyMin: q(100, 'executions', S.lambdaReservedConcurrency,
      'Of the Region\'s concurrency quota, 100 executions always stay unreserved, for the functions without reserved concurrency.'),
    scalingEnvironmentsPer10Seconds: q(1000, 'execution environments', S.lambdaScaling, 'Per function, every 10 seconds.'),
    sqsBatchSizeMax: q(10, 'messages', S.lambdaBatchingWindow, 'SQS event source without a batching window, and always on FIFO queues.'),
    sqsBatchSizeMaxWithWindow: q(10_000, 'messages', S.lambdaSqsParameters, 'Standard queues, with a batching window of at least 1 s.'),
    sqsBatchingWindowMaxSeconds: q(300, 'seconds', S.lambdaBatchingWindow, 'Not supported on FIFO queues.'),
    sqsMaxConcurrencyMin: q(2, 'executions', S.lambdaSqsMaxConcurrency, 'ScalingConfig.MaximumConcurrency of an SQS event source.'),
    sqsMaxConcurrencyMax: q(1000, 'executions', S.lambdaSqsMaxConcurrency, 'ScalingConfig.MaximumConcurrency of an SQS event source.'),
  },

  /** Amazon CloudFront. */
  cloudFront: {
    requestsPerSecondPerDistribution: q(250_000, 'requests/s', S.cloudFrontQuotas, 'Default quota; not for flat-rate plans.'),
    transferRateGbpsPerDistribution: q(150, 'Gbps', S.cloudFrontQuotas, 'Default quota; not for flat-rate plans.'),
    originsPerDistribution: q(100, 'origins', S.cloudFrontQuotas),
    cacheBehaviorsPerDistribution: q(75, 'cache behaviors', S.cloudFrontQuotas),
    distributionsPerAccount: q(500, 'distributions', S.cloudFrontQuotas),
    originResponseTimeoutMinSeconds: q(1, 'seconds', S.cloudFrontQuotas),
    originResponseTimeoutMaxSeconds: q(120, 'seconds', S.cloudFrontQuotas, 'Adjustable.'),
    originConnectionTimeoutMinSeconds: q(1, 'seconds', S.cloudFrontQuotas),
    originConnectionTimeoutMaxSeconds: q(10, 'seconds', S.cloudFrontQuotas),
    originConnectionAttemptsMin: q(1, 'attempts', S.cloudFrontQuotas),
    originConnectionAttemptsMax: q(3, 'attempts', S.cloudFrontQuotas),
    defaultTtlSeconds: q(86_400, 'seconds', S.cloudFrontCachePolicy, 'Default of DefaultTTL.'),
    maxTtlSeconds: q(31_536_000, 'seconds', S.cloudFrontCachePolicy, 'Default of MaxTTL.'),
    responseHeadersCspMaxLength: q(1783, 'characters', S.cloudFrontResponseHeadersQuotas,
      'Content-Security-Policy value of a response headers policy; default quota, adjustable.'),
  },

  /** Amazon API Gateway. */
  apiGateway: {
    accountThrottleRps: q(10_000, 'requests/s', S.apiGatewayQuotas, 'Per account per Region; adjustable.'),
    accountBurst: q(5000, 'requests', S.apiGatewayQuotas, 'Token bucket capacity; set by AWS from the RPS quota.'),
    accountThrottleRpsNewerRegions: q(2500, 'requests/s', S.apiGatewayQuotas, 'Default in the Regions the page lists (Cape Town, Milan, Jakarta, ...).'),
    accountBurstNewerRegions: q(1250, 'requests', S.apiGatewayQuotas, 'Default in the same Regions.'),
    httpIntegrationTimeoutMinMs: q(50, 'ms', S.apiGatewayHttpIntegration, 'HTTP API integrations.'),
    httpIntegrationTimeoutMaxMs: q(30_000, 'ms', S.apiGatewayHttpQuotas, 'HTTP API integrations; cannot be increased.'),
    httpRoutesPerApi: q(300, 'routes', S.apiGatewayHttpQuotas, 'Per HTTP API; adjustable.'),
  },

  /** AWS WAF (rate-based rules). */
  waf: {
    rateLimitMin: q(10, 'requests', S.wafRateBasedRules, 'Per evaluation window and aggregation instance (e.g. per IP).'),
    rateLimitMax: q(2_000_000_000, 'requests', S.wafRateBasedStatement, 'Per evaluation window and aggregation instance.'),
  },

  /** AWS Secrets Manager. */
  secretsManager: {
    rotationIntervalMinDays: q(1, 'days', S.secretsManagerRotation, 'RotationRules.AutomaticallyAfterDays.'),
    rotationIntervalMaxDays: q(1000, 'days', S.secretsManagerRotation, 'RotationRules.AutomaticallyAfterDays.'),
  },

  /** AWS Systems Manager Parameter Store. */
  ssm: {
    standardParameterValueMaxBytes: q(4096, 'characters', S.ssmParameterTiers, 'Standard tier; a larger value needs the Advanced tier.'),
    advancedParameterValueMaxBytes: q(8192, 'characters', S.ssmParameterTiers,
      'Advanced tier (Intelligent-Tiering moves a parameter there when its value needs it).'),
  },

  /** Amazon DynamoDB. */
  dynamoDb: {
    partitionReadUnitsPerSecond: q(3000, 'read units/s', S.dynamoDbPartitions),
    partitionWriteUnitsPerSecond: q(1000, 'write units/s', S.dynamoDbPartitions),
    itemMaxKB: q(400, 'KB', S.dynamoDbConstraints, 'Attribute names count toward it (UTF-8 length), as do the values.'),
  },
});

/** The shape of {@link QUOTAS}. */
export type ServiceQuotas = typeof QUOTAS;

/** A closed list of numbers a setting accepts (intervals, retention periods, status codes), with its source. */
export interface AllowedValues {
  /** The values the setting accepts, ascending. */
  readonly values: number[];
  /** Unit of the values, e.g. `seconds`. */
  readonly unit: string;
  /** Where the list comes from. */
  readonly source: CatalogSource;
  /** Scope or caveat. */
  readonly note?: string;
}

/** A closed list of names a setting accepts, with its source. */
export interface AllowedNames {
  /** The names the setting accepts. */
  readonly values: string[];
  /** Where the list comes from. */
  readonly source: CatalogSource;
  /** Scope or caveat. */
  readonly note?: string;
}

function v(values: number[], unit: string, source: CatalogSource, note?: string): AllowedValues {
  return note ? { values, unit, source, note } : { values, unit, source };
}

/**
 * Settings that accept only some values, grouped by service like {@link QUOTAS}:
 * `ALLOWED_VALUES.waf.rateLimitWindowsSeconds.values` is `[60, 120, 300, 600]`.
 */
export const ALLOWED_VALUES = deepFreeze({
  /** AWS WAF. */
  waf: {
    rateLimitWindowsSeconds: v([60, 120, 300, 600], 'seconds', S.wafRateBasedRules, 'Evaluation window of a rate-based rule; 300 is the default.'),
  },
  /** Amazon CloudFront. */
  cloudFront: {
    originGroupFailoverStatusCodes: v([400, 403, 404, 416, 500, 502, 503, 504], 'HTTP status codes', S.cloudFrontOriginGroupFailover,
      'The primary origin\'s responses an origin group can fail over on.'),
  },
  /** Amazon RDS and Aurora. */
  rds: {
    performanceInsightsRetentionDays: v([7, ...Array.from({ length: 23 }, (_, i) => 31 * (i + 1)), 731], 'days',
      S.rdsPerformanceInsightsRetention, '7 (the default), a multiple of 31 up to 713, or 731.'),
    enhancedMonitoringIntervalsSeconds: v([0, 1, 5, 10, 15, 30, 60], 'seconds', S.rdsMonitoringInterval, '0 turns Enhanced Monitoring off.'),
  },
});

/** The shape of {@link ALLOWED_VALUES}. */
export type ServiceAllowedValues = typeof ALLOWED_VALUES;

/** The CloudWatch Logs exports each DB engine family accepts. */
export const DB_LOG_EXPORTS: { readonly [family: string]: AllowedNames } = deepFreeze({
  [DbEngineFamily.AURORA_POSTGRESQL]: { values: ['postgresql', 'instance', 'iam-db-auth-error'], source: S.rdsLogExports },
  [DbEngineFamily.AURORA_MYSQL]: { values: ['audit', 'error', 'general', 'slowquery', 'instance', 'iam-db-auth-error'], source: S.rdsLogExports },
  [DbEngineFamily.POSTGRESQL]: { values: ['postgresql', 'upgrade', 'iam-db-auth-error'], source: S.rdsLogExports },
  [DbEngineFamily.MYSQL]: { values: ['audit', 'error', 'general', 'slowquery', 'iam-db-auth-error'], source: S.rdsLogExports },
});

/** A rule on the characters of a string setting, with its source. */
export interface CharacterRule {
  /** The characters the rule names. */
  readonly value: string;
  /** Where the rule comes from. */
  readonly source: CatalogSource;
  /** Scope or caveat. */
  readonly note?: string;
}

/** Character rules of string settings (passwords, tokens). */
export const CHARACTER_RULES = deepFreeze({
  /** The only non-alphanumeric characters an ElastiCache AUTH token (or generated RBAC password) may contain. */
  elastiCacheAuthTokenSpecials: { value: '!&#$^<>-', source: S.elastiCacheAuthToken, note: 'Letters and digits are always allowed.' } as CharacterRule,
});

/** Region requirements that are not numbers. */
export const REGION_RULES = deepFreeze({
  /** A WAF web ACL attached to CloudFront has scope CLOUDFRONT and lives in us-east-1. */
  wafWebAclForCloudFront: { value: 'us-east-1', source: S.wafCloudFront } as RegionRule,
  /** An ACM certificate used by CloudFront must be in us-east-1. */
  acmCertificateForCloudFront: { value: 'us-east-1', source: S.cloudFrontCertificates } as RegionRule,
});

/** One leaf of {@link QUOTAS} with its dotted path, e.g. `cloudFormation.resourcesPerStack`. */
export interface QuotaEntry {
  /** Dotted path in QUOTAS. */
  readonly path: string;
  /** The quota. */
  readonly quota: Quota;
}

/** Every quota in {@link QUOTAS} with its dotted path, in declaration order. */
export function quotaEntries(): QuotaEntry[] {
  const out: QuotaEntry[] = [];
  for (const [service, group] of Object.entries(QUOTAS)) {
    for (const [name, quota] of Object.entries(group as Record<string, Quota>)) {
      out.push({ path: `${service}.${name}`, quota });
    }
  }
  return out;
}

/** A quota whose default differs by Region, as AWS lists it. */
export interface RegionalQuotaRule {
  /** Dotted path of the quota in {@link QUOTAS}, e.g. `apiGateway.accountThrottleRps`. */
  readonly path: string;
  /** The Regions AWS names with their own figure. */
  readonly byRegion: { readonly [region: string]: number };
  /**
   * The figure of every other Region, when the source gives one.
   *
   * @default - none: the catalog has no figure for other Regions, and the check says so
   */
  readonly otherRegions?: number;
  /** Where the figures come from. */
  readonly source: CatalogSource;
  /** How the source words the Regional split. */
  readonly note: string;
}

const API_GATEWAY_LOW_THROTTLE_REGIONS = [
  'af-south-1', 'eu-south-1', 'ap-southeast-3', 'me-central-1', 'ap-south-2', 'ap-southeast-4', 'eu-south-2', 'eu-central-2',
  'il-central-1', 'ca-west-1', 'ap-southeast-5', 'ap-southeast-7', 'mx-central-1',
];

/**
 * The quotas whose default differs by Region. A quota not listed here has one figure in every
 * Region (its {@link QUOTAS} value).
 */
export const REGIONAL_QUOTAS: { readonly [path: string]: RegionalQuotaRule } = deepFreeze({
  'apiGateway.accountThrottleRps': {
    path: 'apiGateway.accountThrottleRps',
    byRegion: Object.fromEntries(API_GATEWAY_LOW_THROTTLE_REGIONS.map((r) => [r, 2500])),
    otherRegions: 10_000,
    source: S.apiGatewayQuotas,
    note: '10,000 requests/s per account and Region; 2,500 in Cape Town, Milan, Jakarta, UAE, Hyderabad, Melbourne, Spain, Zurich, '
      + 'Tel Aviv, Calgary, Malaysia, Thailand and Mexico (Central)',
  },
  'apiGateway.accountBurst': {
    path: 'apiGateway.accountBurst',
    byRegion: Object.fromEntries(API_GATEWAY_LOW_THROTTLE_REGIONS.map((r) => [r, 1250])),
    otherRegions: 5000,
    source: S.apiGatewayQuotas,
    note: '5,000 requests of burst; 1,250 in the Regions with the 2,500 requests/s throttle',
  },
  'sqs.fifoHighThroughputTransactionsPerSecond': {
    path: 'sqs.fifoHighThroughputTransactionsPerSecond',
    byRegion: { 'us-east-1': 70_000, 'us-west-2': 70_000, 'eu-west-1': 70_000, 'us-east-2': 19_000, 'eu-central-1': 19_000 },
    source: S.sqsMessageQuotas,
    note: '70,000 non-batched transactions/s in N. Virginia, Oregon and Ireland, 19,000 in Ohio and Frankfurt; '
      + 'the figures of the other Regions were not in the copy of the page read, so the catalog has none for them',
  },
  'rds.dbInstancesPerRegion': {
    path: 'rds.dbInstancesPerRegion',
    byRegion: { 'ap-south-1': 20 },
    otherRegions: 40,
    source: S.auroraQuotas,
    note: '40 DB instances per Region, 20 in Asia Pacific (Mumbai)',
  },
});

/**
 * The quotas a spec may declare raised (`quotas:`), by their dotted path in {@link QUOTAS}: the
 * adjustable account quotas the check reads. A declared figure is the user's statement of the
 * quota AWS granted the account; the report says so.
 */
export const DECLARABLE_QUOTAS: string[] = [
  'apiGateway.accountThrottleRps',
  'apiGateway.httpRoutesPerApi',
  'rds.dbInstancesPerRegion',
  'rds.proxiesPerRegion',
  'aurora.clustersPerRegion',
  'lambda.concurrentExecutionsPerRegion',
  'sqs.fifoHighThroughputTransactionsPerSecond',
  'sqs.inFlightMessagesStandard',
  'sqs.inFlightMessagesFifo',
  'elb.targetsPerTargetGroup',
  'elb.albTargetsPerLoadBalancer',
  'elb.albRulesPerLoadBalancer',
  'elb.nlbTargetsPerLoadBalancer',
  'ecs.tasksPerService',
  'fargate.onDemandVcpuPerRegion',
  'elastiCache.nodesPerClusterDefault',
  'cloudFront.requestsPerSecondPerDistribution',
  'cloudFront.transferRateGbpsPerDistribution',
];

/** Where a sizing check deploys and which quotas the account has had raised. */
export interface QuotaContext {
  /**
   * The Region the resources deploy to.
   *
   * @default - unknown: a quota that differs by Region is read at its most common figure, and the row says so
   */
  readonly region?: string;
  /**
   * Quotas the account has had raised, by their dotted path in QUOTAS (one of DECLARABLE_QUOTAS),
   * e.g. `{ 'apiGateway.accountThrottleRps': 20000 }`. They apply in `region`.
   *
   * @default - none: the catalog's defaults
   */
  readonly quotas?: { [path: string]: number };
}

/** A quota as read for one Region, with where the figure comes from. */
export interface QuotaReading {
  /** Dotted path of the quota in QUOTAS. */
  readonly path: string;
  /**
   * The figure: the declared one, else the Region's default.
   *
   * @default - none: the catalog has no figure for the Region
   */
  readonly value?: number;
  /** The Region read, when known. */
  readonly region?: string;
  /** True when the figure is the user's declared (raised) quota. */
  readonly declared: boolean;
  /** True when the Region is unknown and the quota differs by Region (the figure is the most common one). */
  readonly regionUnknown: boolean;
  /** The figure's smallest default in any Region, for a quota that differs by Region. */
  readonly lowestDefault?: number;
  /** Where the figure comes from, in words for the row's reason. */
  readonly basis: string;
  /** The catalog entry to cite in a row's sources. */
  readonly source: string;
}

/** The QUOTAS leaf at a dotted path, or undefined. */
export function quotaAt(path: string): Quota | undefined {
  const [service, name] = path.split('.');
  const group = (QUOTAS as unknown as Record<string, Record<string, Quota> | undefined>)[service];
  return group?.[name];
}

/**
 * The quota at `path` for the context's Region: the declared figure when the context declares one,
 * else the Region's default (REGIONAL_QUOTAS, or the QUOTAS value when the quota does not differ by
 * Region). When the quota differs by Region and the Region has no figure, `value` is undefined and
 * `basis` says so; when the Region is unknown, the most common figure is read and `regionUnknown` is set.
 *
 * @throws Error when `path` is not a quota of the catalog (a programming error)
 */
export function quotaFor(path: string, context: QuotaContext = {}): QuotaReading {
  const quota = quotaAt(path);
  if (!quota) throw new Error(`no quota ${path} in the catalog`);
  const source = `catalog.QUOTAS.${path}`;
  const region = context.region;
  const rule = REGIONAL_QUOTAS[path];
  const lowestDefault = rule ? Math.min(...Object.values(rule.byRegion), ...(rule.otherRegions !== undefined ? [rule.otherRegions] : [])) : undefined;
  const declared = context.quotas?.[path];
  const where = region ?? 'the Region';
  if (declared !== undefined) {
    return {
      path,
      value: declared,
      region,
      declared: true,
      regionUnknown: false,
      lowestDefault,
      source,
      basis: `the raised quota the spec declares for ${where} (quotas.${path}: the user's statement, not checked against the account)`,
    };
  }
  if (!rule) {
    return { path, value: quota.value, region, declared: false, regionUnknown: false, source, basis: `the default quota in ${where}` };
  }
  if (region === undefined) {
    const common = rule.otherRegions ?? quota.value;
    return {
      path,
      value: common,
      declared: false,
      regionUnknown: true,
      lowestDefault,
      source,
      basis: `the Region is not known: read at ${common.toLocaleString('en-US')}, the default of most Regions (${rule.note})`,
    };
  }
  const own = rule.byRegion[region];
  if (own !== undefined) {
    return { path, value: own, region, declared: false, regionUnknown: false, lowestDefault, source, basis: `the default quota in ${region} (${rule.note})` };
  }
  if (rule.otherRegions !== undefined) {
    return {
      path,
      value: rule.otherRegions,
      region,
      declared: false,
      regionUnknown: false,
      lowestDefault,
      source,
      basis: `the default quota in ${region} (${rule.note})`,
    };
  }
  return {
    path,
    region,
    declared: false,
    regionUnknown: false,
    lowestDefault,
    source,
    basis: `the catalog has no figure for ${region} (${rule.note}): declare quotas.${path} with the account's quota there`,
  };
}
