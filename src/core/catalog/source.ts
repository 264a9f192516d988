/**
 * Where a catalog figure comes from: the public page, the date it was read and whether the
 * figure was confirmed against that page on that date.
 *
 * Every row of the catalog (instance specs, cache nodes, Fargate sizes, quotas, connection
 * formulas, assumed capacities) references one of these, so the sizing report can name the
 * source of every number it uses.
 */
export interface CatalogSource {
  /** Human-readable title of the page, e.g. `Amazon SQS Developer Guide, "Amazon SQS message quotas"`. */
  readonly title: string;
  /** Address of the page (AWS documentation, or the documented third-party origin). */
  readonly url: string;
  /** ISO date (YYYY-MM-DD) the figure was read. */
  readonly read: string;
  /**
   * True when the figure was checked against the page on the `read` date; false when it is
   * carried over without that check: from the project's SIZING-FACTS.md (gathered 2026-11-23),
   * or from the block that first used it (written 2026-11-24).
   */
  readonly confirmed: boolean;
  /** What exactly the page says, or why the figure is not confirmed. */
  readonly note?: string;
}

/** The date the catalog's confirmed figures were read. */
export const CATALOG_READ_DATE = '2026-11-24';

/** The date SIZING-FACTS.md was gathered; the `read` date of unconfirmed figures taken from it. */
export const FACTS_GATHERED_DATE = '2026-11-23';

function confirmed(title: string, url: string, note?: string, read = CATALOG_READ_DATE): CatalogSource {
  return Object.freeze({ title, url, read, confirmed: true, ...(note ? { note } : {}) });
}

/** The date the regional quotas, the Aurora tables and the rows re-checked for issue 16 were read. */
export const RECHECK_DATE = '2026-12-07';

function unconfirmed(title: string, url: string, note: string, read = FACTS_GATHERED_DATE): CatalogSource {
  return Object.freeze({ title, url, read, confirmed: false, note });
}

/**
 * Freezes an object and everything it holds, so catalog tables cannot be changed at run time.
 * Returns the same object, typed as deeply readonly by its callers' declarations.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value as object)) {
      deepFreeze((value as Record<string, unknown>)[key]);
    }
  }
  return value;
}

const NOT_RECHECKED = 'Figure kept from SIZING-FACTS.md; the page was not found or not readable when checked on 2026-11-24.';

/**
 * Every source the catalog cites, by key. Rows reference these objects, so one page is
 * described once.
 */
export const SOURCES = Object.freeze({
  // --- CloudFormation -------------------------------------------------------------------
  /** CloudFormation template and stack quotas. */
  cloudFormationQuotas: confirmed(
    'AWS CloudFormation User Guide, "Understand CloudFormation quotas"',
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html',
    'Resources 500, outputs 200, parameters 200, template body 51,200 bytes in a request and 1 MB from an S3 object: read in the awsdocs/aws-cloudformation-user-guide copy of the page (its last revision before the repository was archived, Dec 2023); the rows visible in the live page agree (mappings 200, attributes 200).',
  ),

  // --- ECS / Fargate --------------------------------------------------------------------
  /** Valid Fargate task cpu/memory pairs. */
  ecsTaskCpuMemory: confirmed(
    'Amazon ECS Developer Guide, "Troubleshoot Amazon ECS task definition invalid CPU or memory errors"',
    'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html',
    'Same table in the ECS API reference (RegisterTaskDefinition, memory). 8192 and 16384 cpu units need Linux platform version 1.4.0 or later; Windows tasks need at least 1024 cpu units.',
  ),
  /** ECS service quotas (tasks per service). */
  ecsServiceQuotas: unconfirmed(
    'Amazon ECS Developer Guide, "Amazon ECS service quotas"',
    'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html',
    'Tasks per service: 5,000, as the WorkQueue block recorded it (not in SIZING-FACTS). Cannot be confirmed from the ECS guide: the page (re-read 2026-12-07) sends the figures to the AWS General Reference, "Amazon ECS endpoints and quotas", whose table was not in the copies searched.',
    '2026-12-07',
  ),
  /** The Fargate On-Demand vCPU quota per account and Region. */
  fargateOnDemandVcpuQuota: confirmed(
    'AWS General Reference, "Amazon ECS endpoints and quotas" (AWS Fargate service quotas); AWS Batch API Reference, ResourceRequirement',
    'https://docs.aws.amazon.com/general/latest/gr/ecs-service.html#service-quotas-fargate',
    'Fargate On-Demand vCPU resource count (Service Quotas code L-3032A538): "Each supported Region: 6", adjustable; the vCPUs of every On-Demand ECS task and EKS pod running at once in the account and Region count against it. AWS\'s own API references repeat it: "The default for the Fargate On-Demand vCPU resource count quota is 6 vCPUs" (AWS Batch ResourceRequirement, EventBridge Pipes BatchResourceRequirement, read 2026-12-07). The ECS guide adds that new accounts "might have initial lower quotas that can increase over time": ECS raises them with use. The General Reference table itself was not in the copies searched; its row is quoted as above in a public review note of the page (read 2026-10-09).',
    RECHECK_DATE,
  ),
  /** ECS container health check ranges. */
  ecsContainerHealthCheck: confirmed(
    'AWS CDK API Reference, aws_ecs.HealthCheck (the ranges of the ECS HealthCheck API)',
    'https://docs.aws.amazon.com/cdk/api/latest/python/aws_cdk.aws_ecs/HealthCheck.html',
    'interval 5-300 s (default 30), timeout 2-60 s (default 5), retries 1-10 (default 3), start period 0-300 s.',
  ),
  /** Fargate task launch rate limits. */
  ecsFargateThrottling: confirmed(
    'Amazon ECS Developer Guide, "AWS Fargate throttling quotas"',
    'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/throttling.html',
    'A token bucket per account and Region of 100 tokens refilled at 20 per second: up to 100 On-Demand ECS tasks (and EKS pods) at once, then a sustained 20 launches per second (the same for Spot).',
    RECHECK_DATE,
  ),
  /** The CloudWatch alarm Application Auto Scaling creates for a target-tracking scale-out (not configurable). */
  targetTrackingAlarmHigh: unconfirmed(
    'hashicorp/terraform-provider-aws issue #42553, "Ability to additionally configure cloudwatch alarms resulting from aws_appautoscaling_policy"',
    'https://github.com/hashicorp/terraform-provider-aws/issues/42553',
    'Users observe the AlarmHigh of a target-tracking policy at a 60 s period and 3 of 3 datapoints to alarm (also aws/copilot-cli#4233: '
      + '"3 data points within 3 minutes" to scale out, 15 within 15 to scale in); the Application Auto Scaling guide does not print the figures, '
      + 'and the policy cannot change them.',
    RECHECK_DATE,
  ),
  /** How long a Fargate task takes from launch to running (AWS answer on re:Post). */
  fargateTaskStartTime: confirmed(
    'AWS re:Post, "How to speed up provisioning of ECS Fargate task" (accepted AWS answer)',
    'https://repost.aws/questions/QUjZAzJd27SZWxXM7MgyxOZw/how-to-speed-up-provisioning-of-ecs-fargate-task',
    'It is normal for new AWS Fargate tasks to take 30-45 seconds or longer to start: launching the compute, attaching the network interface, '
      + 'pulling and unpacking the image, starting the program. The ECS guide ("Fargate pull behavior") adds that the image pull time is directly '
      + 'related to the task start time (nothing is cached on Fargate).',
    RECHECK_DATE,
  ),
  /** ECS Service Connect timeouts (CloudFormation template reference). */
  ecsServiceConnectTimeouts: confirmed(
    'AWS CloudFormation Template Reference, AWS::ECS::Service TimeoutConfiguration',
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-timeoutconfiguration.html',
    'IdleTimeoutSeconds and PerRequestTimeoutSeconds: integers from 0 (off) to 2,147,483,647; the idle timeout defaults to 5 minutes for HTTP, HTTP2 and GRPC (1 hour for TCP); perRequestTimeout cannot be set with appProtocol TCP.',
  ),
  /** ECS Service Connect per-request timeout default. */
  ecsServiceConnectPerRequestDefault: unconfirmed(
    'Amazon ECS Developer Guide, "Service Connect configuration" (timeout)',
    'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html',
    'The 15 s default per-request timeout was in the MicroserviceGateway block before; the CloudFormation reference read on 2026-11-24 does not state it, and the ECS page was not re-read.',
    CATALOG_READ_DATE,
  ),

  // --- Elastic Load Balancing -----------------------------------------------------------
  /** Application Load Balancer quotas. */
  albQuotas: confirmed(
    'Elastic Load Balancing, "Quotas for your Application Load Balancers"',
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html',
    'ALBs per Region 50; listeners 50; target groups per ALB 100; targets per ALB 1,000; target groups per Region 3,000 (shared with NLB); targets per target group 1,000; rules per ALB 100 (not counting default rules).',
  ),
  /** The http-header condition of an ALB listener rule. */
  elbHttpHeaderCondition: confirmed(
    'Elastic Load Balancing API Reference, HttpHeaderConditionConfig',
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_HttpHeaderConditionConfig.html',
    'HttpHeaderName: at most 40 characters, case insensitive, RFC 7230 characters, no wildcards. Values: at most 128 characters each, compared case insensitively; * and ? are wildcards.',
    RECHECK_DATE,
  ),
  /** ALB idle timeout and target group deregistration delay. */
  albAttributes: confirmed(
    'Elastic Load Balancing API Reference, LoadBalancerAttribute and TargetGroupAttribute (AWS service model elbv2 2015-12-01)',
    'https://github.com/boto/botocore/blob/develop/botocore/data/elbv2/2015-12-01/service-2.json',
    'Read 2026-12-07 in the AWS service model that generates the API reference and the SDKs (boto/botocore at 0e6e2404, 2026-08-07): "idle_timeout.timeout_seconds - The idle timeout value, in seconds. The valid range is 1-4000 seconds. The default is 60 seconds." and "deregistration_delay.timeout_seconds - ... The range is 0-3600 seconds. The default value is 300 seconds." The ALB attributes page read the same day agrees on the 60 s default.',
    RECHECK_DATE,
  ),
  /** ALB target group health check ranges. */
  albHealthChecks: confirmed(
    'Elastic Load Balancing API Reference, CreateTargetGroup (AWS service model elbv2 2015-12-01)',
    'https://github.com/boto/botocore/blob/develop/botocore/data/elbv2/2015-12-01/service-2.json',
    'Read 2026-12-07 in the AWS service model (boto/botocore at 0e6e2404, 2026-08-07): HealthCheckIntervalSeconds "The range is 5-300" (shape min 5, max 300); HealthCheckTimeoutSeconds "The range is 2-120 seconds" (min 2, max 120); HealthyThresholdCount and UnhealthyThresholdCount "The range is 2-10" (shape HealthCheckThresholdCount, min 2, max 10); HealthCheckPath shape Path, min 1, max 1024.',
    RECHECK_DATE,
  ),
  /** ALB slow start mode. */
  albSlowStart: confirmed(
    'AWS What\'s New (2018-05), "Application Load Balancer Announces Slow Start Support for its Load Balancing Algorithm"',
    'https://aws.amazon.com/about-aws/whats-new/2018/05/application-load-balancer-announces-slow-start-support/',
    'Slow start can be configured for a duration of 30 seconds to 15 minutes per target group (0 turns it off).',
  ),
  /** ELB target group attributes (API reference). */
  elbTargetGroupAttributes: confirmed(
    'Elastic Load Balancing API Reference, TargetGroupAttribute',
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetGroupAttribute.html',
    'deregistration_delay.timeout_seconds 0-3600 s (default 300); stickiness.type source_ip for Network Load Balancers; load_balancing.cross_zone.enabled on ALB and NLB target groups.',
  ),
  /** Network Load Balancer quotas. */
  nlbQuotas: confirmed(
    'Elastic Load Balancing, "Quotas for your Network Load Balancers"',
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-limits.html',
    'NLBs per Region 50; listeners 50; targets per NLB 3,000; targets per AZ per NLB 500; with cross-zone load balancing on, at most 500 targets per NLB whatever the number of AZs; a target registered in N target groups counts N times.',
  ),

  // --- RDS / Aurora ---------------------------------------------------------------------
  /** Aurora and RDS account quotas. */
  auroraQuotas: confirmed(
    'Amazon Aurora User Guide, "Quotas and constraints for Amazon Aurora"',
    'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/CHAP_Limits.html',
    'DB instances 40 per Region (20 in ap-south-1), shared by RDS, Aurora, Neptune and DocumentDB instances; DB clusters 40 per Region.',
  ),
  /** RDS Proxy quotas (the user guide's "Quotas and limitations for RDS Proxy"). */
  rdsProxyQuotas: confirmed(
    'Amazon Aurora User Guide, "Amazon RDS Proxy for Aurora": quotas and limitations',
    'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-proxy.html',
    'Each AWS account ID is limited to 20 proxies (per Region: DBProxyQuotaExceededFault says "in the specified Region"), raised through Service Quotas; up to 200 Secrets Manager secrets and 20 extra endpoints per proxy; the proxy sits in the database\'s VPC and is never publicly accessible. Read 2026-12-07 in the zh_cn and ja_jp copies of the page (the English copy was not readable then); no quota on client connections to a proxy is published.',
    RECHECK_DATE,
  ),
  /** The connection pool settings of an RDS Proxy target group (CloudFormation). */
  rdsProxyPoolSettings: confirmed(
    'AWS CloudFormation Template Reference, "AWS::RDS::DBProxyTargetGroup ConnectionPoolConfigurationInfoFormat"',
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-rds-dbproxytargetgroup-connectionpoolconfigurationinfoformat.html',
    'ConnectionBorrowTimeout: default 120, between 0 and 300 (the RDS API reference says 0 to 3600; the stricter CloudFormation bound is kept, as both backends must deploy it); MaxConnectionsPercent: a percentage of max_connections, default 100 (10 on SQL Server), 1 to 100 by the API reference.',
    RECHECK_DATE,
  ),
  /** Aurora cluster volume size, Aurora MySQL. */
  auroraVolumeMySql: confirmed(
    'AWS re:Post Knowledge Center, "How do I view the storage of my Aurora MySQL-Compatible DB cluster?"',
    'https://repost.aws/knowledge-center/view-storage-aurora-cluster',
    'Aurora MySQL 1.23.0+, 2.09.0+ and 3.01.0+ cluster volumes grow to 128 TiB (earlier versions 64 TiB).',
  ),
  /** Aurora size limits page (256 TiB on recent Aurora PostgreSQL). */
  auroraSizeLimits: unconfirmed(
    'Amazon Aurora User Guide, "Amazon Aurora size limits"',
    'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/CHAP_Limits.html#RDS_Limits.FileSize.Aurora',
    'SIZING-FACTS: 128 TiB; 256 TiB on Aurora PostgreSQL 17.5+, 16.9+, 15.13+. Cannot be confirmed: the size-limits section was not in the copies searched on 2026-12-07, and the Aurora PostgreSQL Limitless Database page read then still calls 128 TiB "the maximum capacity for an Aurora PostgreSQL DB cluster".',
    '2026-12-07',
  ),
  /** Aurora Replicas per cluster. */
  auroraReplicas: confirmed(
    'Amazon Aurora User Guide, "Adding Aurora Replicas to a DB cluster"',
    'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-replicas-adding.html',
    'An Aurora DB cluster has one primary DB instance and up to 15 Aurora Replicas.',
  ),
  /** RDS read replicas per source instance. */
  rdsReadReplicas: confirmed(
    'Amazon RDS API Reference, CreateDBInstanceReadReplica SourceDBInstanceIdentifier (as published in the AWS SDK for Kotlin reference)',
    'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-instance-read-replica-request/source-db-instance-identifier.html',
    '"Each DB instance can have up to 15 read replicas", except Db2 (3), Oracle (5) and SQL Server (5): SIZING-FACTS said SQL Server 3, the API reference now says 5. The block only reads the MySQL, MariaDB and PostgreSQL figure (15).',
    RECHECK_DATE,
  ),
  /** RDS storage maximum. */
  rdsStorage: confirmed(
    'Amazon RDS User Guide, "Increasing DB instance storage capacity"',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.ModifyingExisting.html',
    'Every DB instance has a primary storage volume of at most 64 TiB; CreateDBInstance AllocatedStorage for MySQL, MariaDB and PostgreSQL is at most 65,536 GiB (gp2, gp3, io1, io2).',
  ),
  /** RDS allocated storage bounds per storage type. */
  rdsAllocatedStorage: confirmed(
    'Amazon RDS API Reference, CreateDBInstance AllocatedStorage (as published in the AWS SDK for Kotlin reference)',
    'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-instance-request/allocated-storage.html',
    'RDS for MySQL and RDS for MariaDB, General Purpose SSD (gp2, gp3): an integer from 20 to 65,536 GiB. The RDS for PostgreSQL row was beyond the excerpt read; the 20 GiB minimum is applied to it as well.',
  ),
  /** RDS gp3 baseline IOPS and throughput by allocated storage. */
  rdsGp3Baseline: confirmed(
    'aws-cdk-lib 2.276.0, aws_rds DatabaseInstanceProps iops and storageThroughput (defaults), citing Amazon RDS User Guide, "Amazon RDS DB instance storage", gp3 storage',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html#gp3-storage',
    'Read 2026-12-07 in the pinned aws-cdk-lib: "For GP3: 3,000 IOPS if allocated storage is less than 400 GiB for MariaDB, MySQL, and PostgreSQL, '
      + 'less than 200 GiB for Oracle and less than 20 GiB for SQL Server. 12,000 IOPS otherwise (except for SQL Server where the default is always '
      + '3,000 IOPS)"; throughput "125 MiBps if allocated storage is less than 400 GiB for MariaDB, MySQL, and PostgreSQL ... 500 MiBps otherwise". '
      + 'The terraform-provider-aws maintainers (issue 28382) state the same 400 GiB step from 3,000 to 12,000 IOPS. The User Guide table itself was not '
      + 'in the copies searched (its English page excerpts stop before it).',
    RECHECK_DATE,
  ),
  /** RDS gp3 provisioned IOPS and throughput (above the striping threshold) and their ratios. */
  rdsGp3Provisioned: confirmed(
    'Amazon RDS User Guide, "Amazon RDS DB instance storage", gp3 storage',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html#gp3-storage',
    'Read 2026-12-07 in the User Guide\'s source (github.com/awsdocs/amazon-rds-user-guide, doc_source/CHAP_Storage.md, last version '
      + 'before the repository was archived on 2023-06-15): MariaDB, MySQL and PostgreSQL "Less than 400 GiB | 3,000 IOPS/125 MiB/s | N/A | N/A"; '
      + '"400 GiB and higher | 12,000 IOPS/500 MiB/s | 12,000-64,000 IOPS | 500-4,000 MiB/s"; "The maximum ratio of storage throughput to IOPS is 0.25"; '
      + '"The maximum ratio of IOPS to allocated storage is 500"; "When you raise the IOPS above 32,000 for MariaDB and MySQL, the storage throughput value '
      + 'automatically increases from 500 MiB/s. For example, when you set the IOPS to 40,000 on RDS for MySQL, the storage throughput must be at least '
      + '625 MiB/s" (the library reads that as IOPS / 64, i.e. 16 KiB per I/O, from this one example: the page gives no formula). '
      + 'CreateDBInstance (AWS SDK reference): StorageThroughput "applies only to the gp3 storage type" and "doesn\'t apply to Amazon Aurora".',
    RECHECK_DATE,
  ),
  /** RDS Provisioned IOPS SSD (io1) ranges and IOPS-to-storage ratio. */
  rdsProvisionedIops: confirmed(
    'Amazon RDS User Guide, "Amazon RDS DB instance storage", io1 storage; Amazon RDS API Reference, CreateDBInstance (Iops, AllocatedStorage)',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html#USER_PIOPS',
    'Read 2026-12-07 in the User Guide\'s source (github.com/awsdocs/amazon-rds-user-guide, CHAP_Storage.md, 2023): MariaDB, MySQL and PostgreSQL '
      + '"Between 100 and 399 GiB | 1,000-19,950 IOPS | 500 MiB/s" and "Between 400 and 65,536 GiB | 1,000-256,000 IOPS | 4,000 MiB/s" (maximum throughput); '
      + '"The ratio of IOPS to allocated storage (in GiB) must be from ... 0.5-50 on other RDS DB engines"; "If you\'re using storage autoscaling, the '
      + 'same ratios between IOPS and maximum storage threshold (in GiB) also apply". The current CreateDBInstance reference (AWS SDK for Kotlin) says '
      + 'the same of Iops ("Must be a multiple between .5 and 50 of the storage amount" for Db2, MariaDB, MySQL, Oracle and PostgreSQL) and of '
      + 'AllocatedStorage ("Provisioned IOPS storage (io1, io2): Must be an integer from 100 to 65536").',
    RECHECK_DATE,
  ),
  /** RDS io2 Block Express: held to the io1 figures, which are not confirmed for io2. */
  rdsIo2: unconfirmed(
    'Amazon RDS User Guide, "Amazon RDS DB instance storage", io2 Block Express storage',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html#USER_PIOPS',
    'The io2 table of the current page was not in any copy searched on 2026-12-07 (the English source stops in 2023, before RDS offered io2; '
      + 'the zh_TW translation says io2 Block Express reaches up to 256,000 IOPS). The library holds io2 to the io1 figures (100..65,536 GiB, '
      + '1,000..256,000 IOPS, 4,000 MiB/s from 400 GiB, 500 below) and to the ratio the CreateDBInstance reference states for Iops of every '
      + 'engine it offers (0.5..50 x the storage); EBS itself allows io2 1,000 IOPS per GiB, which RDS may too: not confirmed, so not allowed.',
    RECHECK_DATE,
  ),
  /** EBS bandwidth, throughput and IOPS of the EBS-optimized EC2 instance types (the DB instance classes of the same name). */
  ebsOptimized: confirmed(
    'Amazon EC2 User Guide, "Amazon EBS-optimized instances" (Supported instance types)',
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ebs-optimized.html',
    'Read 2026-12-07 in the User Guide\'s source (github.com/awsdocs/amazon-ec2-user-guide, doc_source/ebs-optimized.md, last version before the '
      + 'repository was archived on 2023-06-15): baseline and maximum bandwidth (Mbps), throughput (MB/s, 128 KiB I/O) and IOPS (16 KiB I/O) per size; '
      + 'sizes marked * "can support maximum performance for 30 minutes at least once every 24 hours", after which they fall back to the baseline. '
      + 'm6g, m6i, m7g, r6g, r6i, r7g and t4g were read there (r7g.large: 630 / 10,000 Mbps, 78.75 / 1,250 MB/s, 3,600 / 40,000 IOPS); m7i, r7i and '
      + 'r8g came later and no copy of their rows was found, so the catalog holds no EBS figure for them. A DB instance class is taken to have the EBS '
      + 'figures of the EC2 instance type of the same name (the RDS "Hardware specifications for DB instance classes" page was not found in the copies searched).',
    RECHECK_DATE,
  ),
  /** AWS Database Blog, Planning I/O in Amazon Aurora: page sizes, what counts as an I/O. */
  auroraPlanningIo: confirmed(
    'AWS Database Blog, "Planning I/O in Amazon Aurora"',
    'https://aws.amazon.com/blogs/database/planning-i-o-in-amazon-aurora/',
    'Read 2026-12-07: "Aurora supports a 16 KB page size for Amazon Aurora MySQL and an 8 KB page size for Amazon Aurora PostgreSQL. The page size is the '
      + 'smallest I/O operation that the database engine performs"; pages a query needs that are not in the buffer pool are read from storage first. '
      + 'Billed read operations accrue for pages not in the buffer cache (CloudWatch VolumeReadIOPs); writes are billed per 4 KB of log records '
      + '(third-party summaries of the Aurora pricing page; the pricing page itself was not read).',
    RECHECK_DATE,
  ),
  /** RDS storage autoscaling ceiling. */
  rdsStorageAutoscaling: confirmed(
    'Amazon RDS User Guide, "Managing capacity automatically with Amazon RDS storage autoscaling"',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html',
    'The maximum storage threshold must be at least 10 % above the allocated storage (AWS recommends 26 % to avoid the event sent near the threshold). Read in the Korean edition of the page; the English excerpt stopped before this constraint.',
  ),
  /** Performance Insights retention periods. */
  rdsPerformanceInsightsRetention: confirmed(
    'Amazon RDS API Reference, PerformanceInsightsRetentionPeriod (as published in the AWS SDK for Kotlin reference)',
    'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-restore-db-cluster-from-snapshot-request/performance-insights-retention-period.html',
    'Valid values: 7; month x 31 for 1 to 23 months; 731. Default 7 days.',
  ),
  /** RDS and Aurora automated backup retention. */
  rdsBackupRetention: confirmed(
    'Amazon RDS API Reference, BackupRetentionPeriod of CreateDBInstance and CreateDBCluster (as published in the AWS SDK for Kotlin reference)',
    'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-cluster-request/backup-retention-period.html',
    'CreateDBInstance: "Must be a value from 0 to 35" (0 disables automated backups; Aurora instances take the cluster\'s); CreateDBCluster (Aurora): "Must be a value from 1 to 35". The RDS User Guide, "Backup retention period", says the same.',
  ),
  /** RDS and Aurora port range. */
  rdsPort: confirmed(
    'Amazon RDS API Reference, Port of CreateDBInstance and CreateDBCluster (as published in the AWS SDK for Kotlin reference)',
    'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-cluster-request/-builder/port.html',
    'Valid Values: 1150-65535, for DB instances and for Aurora and Multi-AZ DB clusters; defaults 5432 (PostgreSQL) and 3306 (MySQL).',
  ),
  /** SSM Parameter Store value size per tier. */
  ssmParameterTiers: confirmed(
    'AWS Systems Manager User Guide, "Managing parameter tiers"',
    'https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html',
    'Maximum size of a parameter value: Standard 4 KB, Advanced 8 KB (10,000 and 100,000 parameters per account and Region); a standard parameter can be changed to advanced, never back. The PutParameter error says "a maximum parameter value of 4096 characters". Read in the docs.amazonaws.cn edition of the page and the PutParameter Tier reference.',
    RECHECK_DATE,
  ),
  /** Enhanced Monitoring intervals. */
  rdsMonitoringInterval: confirmed(
    'Amazon RDS API Reference, CreateDBInstance MonitoringInterval (as published in the AWS SDK for Kotlin reference)',
    'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-instance-request/monitoring-interval.html',
    'Valid values 0 | 1 | 5 | 10 | 15 | 30 | 60 seconds; 0 turns Enhanced Monitoring off.',
  ),
  /** CloudWatch Logs exports per engine. */
  rdsLogExports: confirmed(
    'Amazon RDS API Reference, EnableCloudwatchLogsExports of CreateDBCluster and CreateDBInstance (as published in the AWS SDK for Kotlin reference)',
    'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-cluster-request/enable-cloudwatch-logs-exports.html',
    'Aurora MySQL: audit, error, general, instance, slowquery, iam-db-auth-error; Aurora PostgreSQL: instance, postgresql, iam-db-auth-error; RDS for MySQL (CreateDBInstance): audit, error, general, slowquery, iam-db-auth-error; RDS for PostgreSQL: postgresql, upgrade, iam-db-auth-error.',
  ),
  /** Secrets Manager rotation interval. */
  secretsManagerRotation: confirmed(
    'AWS Secrets Manager API Reference, RotationRulesType',
    'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotationRulesType.html',
    'AutomaticallyAfterDays: minimum 1, maximum 1000.',
  ),
  /** DBInstanceClassMemory formula variable. */
  dbInstanceClassMemory: confirmed(
    'Amazon RDS User Guide, "Specifying DB parameters" (DBInstanceClassMemory)',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ParamValuesRef.html',
    'DBInstanceClassMemory is the memory available to the database process: the class memory minus what the operating system and the RDS processes reserve, "always somewhat lower" than the class memory. AWS does not publish the amount.',
  ),
  /** RDS max_connections defaults (MySQL, PostgreSQL). */
  rdsMaxConnections: unconfirmed(
    'Amazon RDS User Guide, "Maximum number of database connections"',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections',
    `${NOT_RECHECKED} RDS MySQL {DBInstanceClassMemory/12582880}; RDS PostgreSQL LEAST({DBInstanceClassMemory/9531392}, 5000). The PostgreSQL formula is quoted with this page as its source in public code (developmentseed/eoapi-cdk PR 1).`,
  ),
  /** Aurora PostgreSQL max_connections default. */
  auroraPostgresMaxConnections: confirmed(
    'Amazon Aurora User Guide, "Performance and scaling for Amazon Aurora PostgreSQL", Maximum connections',
    'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.Managing.html#AuroraPostgreSQL.Managing.MaxConnections',
    'Default LEAST({DBInstanceClassMemory/9531392},5000), and a per-class table of "the highest value that should ever be used": db.t4g.medium 405, db.t4g.large 844, db.r6g.large 1,722, db.r6g.xlarge 3,479, db.r6g.2xlarge to 16xlarge 5,000 (db.r5.large 1,600, db.x2g.large 3,479). Read in the awsdocs/amazon-aurora-user-guide copy of the page; the table lists no db.r7g, db.r7i, db.r6i or db.r8g rows.',
    RECHECK_DATE,
  ),
  /** Aurora Serverless v2 capacity and max_connections. */
  auroraServerlessV2Capacity: confirmed(
    'Amazon Aurora User Guide, "Performance and scaling for Aurora Serverless v2" (Maximum connections for Aurora Serverless v2); RDS API Reference, ServerlessV2ScalingConfiguration',
    'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html#aurora-serverless-v2.max-connections',
    'max_connections by maximum ACUs (Aurora MySQL / Aurora PostgreSQL): 1: 90 / 189; 4: 135 / 823; 8: 1,000 / 1,669; 16: 2,000 / 3,360; 32: 3,000 / 5,000; 64: 4,000 / 5,000; 128: 5,000 / 5,000; PostgreSQL with a 0.5 ACU minimum is capped at 2,000. Capacity in 0.5 ACU steps from 0 (versions with auto-pause; else 0.5) to 256 ACUs (128 on older versions); one ACU is about 2 GiB of memory with its CPU and network. Read in the awsdocs/amazon-aurora-user-guide copy and the API reference.',
    RECHECK_DATE,
  ),
  /** Aurora Serverless v2 auto-pause (SecondsUntilAutoPause) and the floor of the maximum capacity. */
  auroraServerlessV2ScalingConfiguration: confirmed(
    'Amazon RDS API Reference, ServerlessV2ScalingConfiguration; aws-cdk-lib 2.276.0 aws-rds DatabaseCluster validation',
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ServerlessV2ScalingConfiguration.html',
    'SecondsUntilAutoPause: between 300 seconds (five minutes) and 86,400 seconds (one day), only with a minimum capacity of 0 ACUs. MinCapacity and MaxCapacity in half-ACU steps; the smallest MinCapacity is 0 on versions with auto-pause, 0.5 on the others. aws-cdk-lib rejects a serverlessV2MaxCapacity below 1 (InvalidServerlessV2MaxCapacity), and the max_connections table starts at 1 ACU. The engine versions that allow 0 ACUs and 256 ACUs are not listed on these pages (ServerlessV2FeaturesSupport of DescribeDBEngineVersions tells per version).',
    RECHECK_DATE,
  ),
  /** Aurora MySQL max_connections per class. */
  auroraMySqlMaxConnections: confirmed(
    'Amazon Aurora User Guide, "Managing performance and scaling for Amazon Aurora MySQL", Maximum connections',
    'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Managing.Performance.html#AuroraMySQL.Managing.MaxConnections',
    'Per-class default table (db.t4g.medium 90, db.t4g.large 135, db.r5/db.r6g large 1,000 ... 16xlarge 6,000, db.r5.24xlarge 7,000), read in the awsdocs/amazon-aurora-user-guide copy; settable up to 16,000. "Connection limits increase by 1000 as the memory doubles".',
  ),
  /** RDS DB instance class support by engine. */
  rdsInstanceClasses: unconfirmed(
    'Amazon RDS User Guide, "Supported DB engines for DB instance classes"',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html',
    `${NOT_RECHECKED} Per-class vCPU and memory equal the EC2 instance of the same name; RDS for MySQL and PostgreSQL offer the db.m, db.r and db.t4g classes listed here, no db.c7g/db.c7i.`,
  ),
  /** Aurora DB instance class support by engine. */
  auroraInstanceClasses: unconfirmed(
    'Amazon Aurora User Guide, "Supported DB engines for DB instance classes"',
    'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html',
    'The page was found on 2026-11-24 but its tables were not readable. Aurora offers db.r, db.x2g and burstable classes but no db.m or db.c classes; of db.t4g only medium and large, which the Aurora MySQL max_connections table corroborates (it lists db.t4g.medium and db.t4g.large only).',
  ),

  // --- EC2 ------------------------------------------------------------------------------
  /** EC2 general purpose instance specs (m, t). */
  ec2GeneralPurpose: unconfirmed(
    'Amazon EC2 Instance Types, "Specifications for Amazon EC2 general purpose instances"',
    'https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html',
    'vCPU / GiB for large..4xlarge from SIZING-FACTS.md; the other sizes follow the family\'s fixed GiB-per-vCPU ratio (4 for m). t4g baseline network doubles per size from 0.064 Gbps (micro), bursting to 5 Gbps (SIZING-FACTS; third-party listings agree). Graviton network figures are those AWS lists for the ElastiCache node of the same size.',
  ),
  /** EC2 compute optimized instance specs (c). */
  ec2ComputeOptimized: unconfirmed(
    'Amazon EC2 Instance Types, "Specifications for Amazon EC2 compute optimized instances"',
    'https://docs.aws.amazon.com/ec2/latest/instancetypes/co.html',
    'vCPU / GiB for large..4xlarge from SIZING-FACTS.md; other sizes follow the fixed ratio of 2 GiB per vCPU.',
  ),
  /** EC2 memory optimized instance specs (r). */
  ec2MemoryOptimized: unconfirmed(
    'Amazon EC2 Instance Types, "Specifications for Amazon EC2 memory optimized instances"',
    'https://docs.aws.amazon.com/ec2/latest/instancetypes/mo.html',
    'vCPU / GiB for large..4xlarge from SIZING-FACTS.md; other sizes follow the fixed ratio of 8 GiB per vCPU.',
  ),
  /** CoreMark per-instance measurements. */
  coreMark: unconfirmed(
    'vantage-sh/ec2instances.info, scraper/aws/ec2/extras/manually_fetched_data.json (CoreMark)',
    'https://github.com/vantage-sh/ec2instances.info/blob/master/scraper/aws/ec2/extras/manually_fetched_data.json',
    'Third-party CoreMark iterations/s measured Dec 2025 on 2-vCPU sizes: m7g.large 51.7k, c7g.large 51.9k, r7g.large 49.2k, m7i.large 46.8k, c7i.large 39.5k, t4g.medium 39.2k (from SIZING-FACTS.md, not re-read). Per-vCPU = figure / 2.',
  ),

  // --- ElastiCache ----------------------------------------------------------------------
  /** ElastiCache node types and network bandwidth. */
  elastiCacheNodeTypes: confirmed(
    'Amazon ElastiCache User Guide, "Supported node types"',
    'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html',
    'Baseline / burst Gbps: cache.m7g large 0.937/12.5, xlarge 1.876/12.5, 2xlarge 3.75/15, 4xlarge 7.5/15, 8xlarge 15, 12xlarge 22.5, 16xlarge 30; cache.m6g 0.75/10, 1.25/10, 2.5/10, 5/10, 12, 20, 25; cache.t4g.micro 0.064/5. Enhanced I/O and I/O multiplexing on xlarge and larger, not on large.',
  ),
  /** EC2 instance network bandwidth: what a published bandwidth figure means (applies to each direction). */
  ec2NetworkBandwidth: confirmed(
    'Amazon EC2 User Guide, "Amazon EC2 instance network bandwidth"',
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-network-bandwidth.html',
    'Instance bandwidth specifications apply to both inbound and outbound traffic: up to N Gbps inbound and, simultaneously, up to N Gbps outbound. '
      + 'Within the Region, multi-flow traffic can use the full bandwidth; single-flow traffic is limited to 5 Gbps outside a cluster placement group.',
    RECHECK_DATE,
  ),
  /** ElastiCache memory-optimized node network bandwidth (r rows). */
  elastiCacheNodeTypesMemoryOptimized: unconfirmed(
    'Amazon ElastiCache User Guide, "Supported node types" (memory optimized rows)',
    'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html',
    'The cache.r7g / cache.r6g rows were not in the readable excerpt on 2026-11-24; they are taken equal to the cache.m7g / cache.m6g rows of the same size (same Graviton generation, same EC2 network figures).',
  ),
  /** ElastiCache node memory (GiB). */
  elastiCacheNodeMemory: unconfirmed(
    'Amazon ElastiCache pricing, node memory (GiB)',
    'https://aws.amazon.com/elasticache/pricing/',
    'Memory figures for large..4xlarge and t4g from SIZING-FACTS.md; cache.t4g micro 0.5 / small 1.37 / medium 3.09 and cache.m6g/m7g.large 6.38 GiB agree with dragonflydb.io/finops/elasticache (a third-party listing of AWS data). 8xlarge, 12xlarge and 16xlarge figures are not in SIZING-FACTS: recheck them.',
  ),
  /** ElastiCache shards and nodes per cluster. */
  elastiCacheShards: confirmed(
    'Amazon ElastiCache User Guide, "Working with shards in ElastiCache"',
    'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Shards.html',
    'Up to 90 nodes per cluster by default (90 shards and 0 replicas to 15 shards and 5 replicas, the maximum); up to 500 nodes or shards per cluster on Valkey 7.2+ and Redis OSS 5.0.6+; a cluster-mode-disabled cluster never has more than one shard.',
  ),
  /** ElastiCache clusters page (Memcached node count). */
  elastiCacheClusters: confirmed(
    'Amazon ElastiCache User Guide, "Managing clusters in ElastiCache"',
    'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.html',
    'A Valkey or Redis OSS shard holds 1 to 6 nodes (one primary, up to 5 replicas); a Memcached cluster has 1 to 60 nodes.',
  ),
  /** ElastiCache reserved-memory-percent default. */
  elastiCacheReservedMemory: confirmed(
    'AWS re:Post Knowledge Center, "Why is the available memory in my ElastiCache Redis node always less than the value listed in pricing?"',
    'https://repost.aws/knowledge-center/available-memory-elasticache-redis-node',
    'In the default parameter group 25 % of the node memory is reserved (reserved-memory-percent, Redis 2.8.22 and later); e.g. cache.t3.micro 0.5 GiB leaves 0.375 GiB.',
  ),
  /** ElastiCache memory management advice (small and micro nodes). */
  elastiCacheMemoryManagement: confirmed(
    'Amazon ElastiCache User Guide, "Managing reserved memory"',
    'https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/redis-memory-management.html',
    'Reserve 25 % of maxmemory (reserved-memory-percent, the default, recommended for most cases); up to 30 % on small and up to 50 % on micro burstable node types, and up to 50 % for write-heavy workloads with data tiering.',
    RECHECK_DATE,
  ),

  /** ElastiCache automatic snapshot retention. */
  elastiCacheSnapshotRetention: unconfirmed(
    'Amazon ElastiCache API Reference, CreateReplicationGroup SnapshotRetentionLimit',
    'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html',
    '0 (off) to 35 days, as the TieredCache block recorded it. Cannot be confirmed for replication groups: the CreateReplicationGroup text read on 2026-11-24 states no maximum, and on 2026-12-07 the AWS service model (boto/botocore elasticache 2015-02-02, at 0e6e2404) was searched for every SnapshotRetentionLimit member: only the serverless ones (CreateServerlessCache, ModifyServerlessCache, ServerlessCache) state "The maximum value allowed is 35 days"; CreateReplicationGroup, ModifyReplicationGroup and CreateCacheCluster state the default 0 and no maximum.',
    RECHECK_DATE,
  ),
  /** Memcached protocol: relative expiration times. */
  memcachedProtocol: confirmed(
    'memcached, doc/protocol.txt ("Expiration times")',
    'https://github.com/memcached/memcached/blob/master/doc/protocol.txt',
    'Read 2026-12-07 in protocol.txt itself (memcached/memcached at 2d51e3647, 2026-07-09): "this number of seconds may not exceed 60*60*24*30 (number of seconds in 30 days); if the number sent by a client is larger than that, the server will consider it to be real Unix time value rather than an offset from current time."',
    RECHECK_DATE,
  ),
  /** ElastiCache AUTH token (and generated password) constraints. */
  elastiCacheAuthToken: confirmed(
    'Amazon ElastiCache User Guide, "Authenticating with the Valkey and Redis OSS AUTH command"',
    'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html',
    'Tokens or passwords must be 16-128 printable characters; nonalphanumeric characters are restricted to ! & # $ ^ < > -; AUTH only with encryption in transit. The CreateReplicationGroup AuthToken parameter states the same constraints.',
  ),

  /** ElastiCache IAM authentication: engines, TLS, user naming, token and connection lifetimes. */
  elastiCacheIamAuth: confirmed(
    'Amazon ElastiCache User Guide, "Authenticating with IAM" (Overview, Limitations, Setup)',
    'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html',
    'IAM authentication works with Valkey 7.2 or later and Redis OSS 7.0 or later, needs encryption in transit (TLS), and an IAM-enabled '
      + 'user\'s user name and user id must be the same. The client passes a SigV4-signed token as the AUTH/HELLO password; a token is '
      + 'valid for 15 minutes and IAM-authenticated connections are closed after 12 hours (the client re-authenticates with a fresh token '
      + 'or reconnects). The IAM identity needs elasticache:Connect on the cache (replication group) and on the user. The overview was '
      + 'read on docs.aws.amazon.com; the limitations list in AWS\'s own zh_cn translation and on the docs.amazonaws.cn copy of the same '
      + 'page; the migration guide (auth-to-iam-migration.html) repeats Redis OSS 7.0+, TLS, 15 minutes and elasticache:Connect.',
    RECHECK_DATE,
  ),

  // --- SQS ------------------------------------------------------------------------------
  /** SQS message quotas. */
  sqsMessageQuotas: confirmed(
    'Amazon SQS Developer Guide, "Amazon SQS message quotas"',
    'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html',
    'Retention 60 s to 1,209,600 s (14 days), default 4 days; batch of at most 10 messages; message timer 0-15 min; FIFO 300 transactions/s per API action, 3,000 messages/s with batches of 10; high-throughput FIFO up to 70,000 transactions/s (non-batched) in US East (N. Virginia), US West (Oregon) and Europe (Ireland), less elsewhere (19,000 in Ohio and Frankfurt).',
  ),
  /** SQS maximum message size (1 MiB since Aug 2025). */
  sqsMessageSize: confirmed(
    'Amazon SQS API Reference, SendMessage MessageBody (as published in the AWS SDK for Kotlin reference); AWS What\'s New, Aug 2025',
    'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/sqs/aws.sdk.kotlin.services.sqs.model/-send-message-request/-builder/message-body.html',
    'The message to send: "The maximum size is 1 MiB or 1,048,576 bytes" (was 262,144 until Aug 2025); MaximumMessageSize accepts 1,024 to 1,048,576 bytes.',
    RECHECK_DATE,
  ),
  /** CloudWatch alarm periods and evaluation range. */
  cloudWatchAlarmPeriod: confirmed(
    'Amazon CloudWatch API Reference, PutMetricAlarm: Period and EvaluationPeriods (as published in the AWS SDK for Kotlin reference)',
    'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/cloudwatch/aws.sdk.kotlin.services.cloudwatch.model/-put-metric-alarm-request/period.html',
    'Valid periods are 10, 20, 30 and any multiple of 60 s (aws-cdk-lib accepts 1, 5, 10, 30 and multiples of 60, so 10, 30 and multiples of 60 are the periods both backends render); Period x EvaluationPeriods is at most 86,400 s for a period under 3,600 s, and at most 604,800 s otherwise.',
    RECHECK_DATE,
  ),
  /** The prefix lengths EC2 takes for an IPv4 subnet. */
  vpcSubnetSizing: confirmed(
    'Amazon VPC User Guide, "Subnet CIDR blocks", Subnet sizing for IPv4',
    'https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html',
    '"The allowed IPv4 CIDR block size for a subnet is between a /28 netmask and /16 netmask." "If you create more than one subnet in a VPC, the CIDR blocks of the subnets cannot overlap."',
    RECHECK_DATE,
  ),
  /** SQS visibility timeout bounds. */
  sqsVisibility: confirmed(
    'AWS CLI Command Reference, sqs change-message-visibility',
    'https://docs.aws.amazon.com/cli/latest/reference/sqs/change-message-visibility.html',
    'Default visibility timeout 30 s, minimum 0, maximum 12 hours.',
  ),
  /** SQS KmsDataKeyReusePeriodSeconds. */
  sqsKmsDataKeyReuse: confirmed(
    'Amazon SQS API Reference, CreateQueue attribute KmsDataKeyReusePeriodSeconds (AWS service model sqs 2012-11-05)',
    'https://github.com/boto/botocore/blob/develop/botocore/data/sqs/2012-11-05/service-2.json',
    'Read 2026-12-07 in the AWS service model (boto/botocore at 0e6e2404, 2026-08-07), CreateQueue Attributes: "An integer representing seconds, between 60 seconds (1 minute) and 86,400 seconds (24 hours). Default: 300 (5 minutes)."',
    RECHECK_DATE,
  ),
  /** SQS queue attributes (receive wait). */
  sqsQueueAttributes: confirmed(
    'Amazon SQS API Reference, CreateQueue attributes',
    'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html',
    'ReceiveMessageWaitTimeSeconds 0 to 20 (default 0); DelaySeconds 0 to 900; MessageRetentionPeriod 60 to 1,209,600 (default 345,600). Read in the aws-sdk-sqs Ruby documentation, which copies this attribute list.',
  ),
  /** SQS standard queue quotas (in-flight messages). */
  sqsStandardQueueQuotas: confirmed(
    'Amazon SQS Developer Guide, "Amazon SQS standard queue quotas"',
    'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-queues.html',
    'Messages per queue (in flight): "For most standard queues (depending on queue traffic and message backlog), there can be a maximum of approximately 120,000 in flight messages (received from a queue by a consumer, but not yet deleted from the queue)"; OverLimit with short polling, no error with long polling; raised by a support request.',
    RECHECK_DATE,
  ),
  /** SQS FIFO queue quotas (in-flight messages). */
  sqsFifoQueueQuotas: confirmed(
    'Amazon SQS Developer Guide, "Amazon SQS FIFO queue quotas"',
    'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-fifo.html',
    'Messages per queue (in flight): "FIFO queues support a maximum of 120,000 in-flight messages"; no error when reached, "but processing may be impacted"; raised through AWS Support. Older copies of the page (the China Regions\' guide) still say 20,000.',
    RECHECK_DATE,
  ),
  /** SQS FIFO throttling. */
  sqsFifoThrottling: confirmed(
    'Amazon SQS Developer Guide, "Troubleshoot FIFO throttling issues in Amazon SQS"',
    'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/troubleshooting-fifo-throttling-issues.html',
    'FIFO queues support 300 transactions per second per API action; batch actions raise this to 3,000 messages per second per API action.',
  ),
  /** SQS dead-letter queues (maxReceiveCount). */
  sqsDeadLetter: unconfirmed(
    'Amazon SQS Developer Guide, "Using dead-letter queues in Amazon SQS"',
    'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html',
    'SIZING-FACTS: maxReceiveCount >= 1 (1-1000 in the console). Cannot be confirmed: on 2026-12-07 the AWS service model (boto/botocore sqs 2012-11-05, at 0e6e2404) was read, and its RedrivePolicy text gives maxReceiveCount only a meaning and a default ("Default: 10"), no range; the dead-letter page was not in the excerpts searched.',
    RECHECK_DATE,
  ),

  // --- Lambda ---------------------------------------------------------------------------
  /** Lambda quotas. */
  lambdaQuotas: confirmed(
    'AWS Lambda Developer Guide, "Lambda quotas"',
    'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
    'Concurrent executions 1,000 per Region by default (new accounts start lower); up to 15 minutes per invocation; up to 10,240 MB of memory, from 128 MB.',
  ),
  /** Lambda reserved concurrency: what the account keeps unreserved. */
  lambdaReservedConcurrency: confirmed(
    'AWS Lambda Developer Guide, "Configuring reserved concurrency for a function"',
    'https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html',
    '"You can reserve up to the Unreserved account concurrency value that is shown, minus 100 for functions that don\'t have reserved concurrency": 100 concurrent executions of the Region\'s quota stay unreserved for the account\'s other functions and "as long as you leave at least 100 simultaneous executions unreserved for functions that aren\'t configured with a per-function limit" (both sentences quoted from the page in an AWS re:Post answer and a DevOps Stack Exchange answer, read 2026-12-07; the copy of the page itself that was read stops before them).',
    RECHECK_DATE,
  ),
  /** Lambda scaling rate. */
  lambdaScaling: confirmed(
    'AWS Lambda Developer Guide, "Lambda scaling behavior"',
    'https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html',
    'Per Region and per function: 1,000 execution environments every 10 seconds (or 10,000 requests per second every 10 seconds).',
  ),
  /** Lambda with SQS (visibility timeout advice). */
  lambdaSqs: confirmed(
    'AWS Lambda Developer Guide, "Creating and configuring an Amazon SQS event source mapping"',
    'https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html',
    'Set the source queue\'s visibility timeout to at least six times the function timeout (the extra time lets Lambda retry a throttled batch); the function timeout may not exceed the visibility timeout. The SQS Developer Guide says the same.',
    RECHECK_DATE,
  ),

  /** Lambda parameters for SQS event source mappings. */
  lambdaSqsParameters: confirmed(
    'AWS Lambda Developer Guide, "Lambda parameters for Amazon SQS event source mappings"',
    'https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html',
    'BatchSize: default 10, at most 10,000 on standard queues and 10 on FIFO queues; MaximumBatchingWindowInSeconds: default 0, not supported on FIFO queues.',
  ),
  /** Lambda event source batching window. */
  lambdaBatchingWindow: confirmed(
    'AWS Lambda API Reference, MaximumBatchingWindowInSeconds (as published in the AWS SDK for Kotlin reference)',
    'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/lambda/aws.sdk.kotlin.services.lambda.model/-get-event-source-mapping-response/maximum-batching-window-in-seconds.html',
    'Any value from 0 to 300 seconds; for streams and Amazon SQS, a BatchSize above 10 needs MaximumBatchingWindowInSeconds of at least 1.',
  ),
  /** Lambda SQS event source maximum concurrency. */
  lambdaSqsMaxConcurrency: confirmed(
    'AWS CloudFormation Template Reference, AWS::Lambda::EventSourceMapping ScalingConfig',
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-eventsourcemapping-scalingconfig.html',
    'MaximumConcurrency (Amazon SQS only): minimum 2, maximum 1000.',
  ),

  // --- CloudFront -----------------------------------------------------------------------
  /** CloudFront quotas. */
  cloudFrontQuotas: confirmed(
    'Amazon CloudFront Developer Guide, "Quotas"',
    'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html',
    'Per distribution: 150 Gbps, 250,000 requests/s (not for flat-rate plans), 75 cache behaviors, 100 origins; 500 distributions per account; connection attempts 1-3; connection timeout 1-10 s; response timeout 1-120 s.',
  ),
  /** CloudFront cache policy TTL defaults. */
  cloudFrontCachePolicy: confirmed(
    'Amazon CloudFront API Reference, CachePolicyConfig (AWS service model cloudfront 2020-05-31)',
    'https://github.com/boto/botocore/blob/develop/botocore/data/cloudfront/2020-05-31/service-2.json',
    'Read 2026-12-07 in the AWS service model (boto/botocore at 0e6e2404, 2026-08-07): DefaultTTL "The default value for this field is 86400 seconds (one day)"; MaxTTL "The default value for this field is 31536000 seconds (one year)" (each raised to the value of MinTTL, or DefaultTTL, when that is larger).',
    RECHECK_DATE,
  ),
  /** CloudFront response headers policy limits (Content-Security-Policy length). */
  cloudFrontResponseHeadersQuotas: unconfirmed(
    'Amazon CloudFront Developer Guide, "Quotas" (response headers policies)',
    'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html',
    'Content-Security-Policy value of a response headers policy: at most 1,783 characters, as the GlobalCdn block first recorded it. On 2026-11-24 the CloudFront API error TooLongCSPInResponseHeadersPolicy ("exceeds the maximum") was read, and it points to this quotas page, whose figure was not re-read.',
    '2026-11-24',
  ),
  /** CloudFront origin group failover status codes. */
  cloudFrontOriginGroupFailover: unconfirmed(
    'Amazon CloudFront API Reference, OriginGroupFailoverCriteria (StatusCodes)',
    'https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_OriginGroupFailoverCriteria.html',
    '400, 403, 404, 416, 500, 502, 503 and 504, as the GlobalCdn block recorded them. The API pages read on 2026-11-24 do not list the allowed codes; a re:Post answer quotes the console offering exactly these.',
    CATALOG_READ_DATE,
  ),
  /** WAF rate-based rule settings. */
  wafRateBasedRules: confirmed(
    'AWS WAF Developer Guide, "Rate-based rule high-level settings in AWS WAF"',
    'https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html',
    'Evaluation window 60, 120, 300 (the default) or 600 seconds; the lowest rate limit allowed is 10.',
  ),
  /** WAF RateBasedStatement limit maximum. */
  wafRateBasedStatement: confirmed(
    'AWS WAFV2 API Reference, RateBasedStatement Limit (AWS service model wafv2 2019-07-29)',
    'https://github.com/boto/botocore/blob/develop/botocore/data/wafv2/2019-07-29/service-2.json',
    'Read 2026-12-07 in the AWS service model (boto/botocore at 0e6e2404, 2026-08-07): RateBasedStatement.Limit has shape RateLimit, {"type": "long", "max": 2000000000, "min": 10}.',
    RECHECK_DATE,
  ),
  /** ACM certificates for CloudFront must be in us-east-1. */
  cloudFrontCertificates: confirmed(
    'Amazon CloudFront Developer Guide, "Requirements for using SSL/TLS certificates with CloudFront"',
    'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html',
    'To use an ACM certificate with CloudFront, request (or import) it in US East (N. Virginia), us-east-1; the ACM User Guide ("Supported Regions") and the ViewerCertificate API say the same.',
    RECHECK_DATE,
  ),
  /** WAF web ACLs for CloudFront live in us-east-1. */
  wafCloudFront: confirmed(
    'AWS WAF Developer Guide, "Resources that you can protect with AWS WAF"',
    'https://docs.aws.amazon.com/waf/latest/developerguide/how-aws-waf-works-resources.html',
    'AWS WAF is available globally for CloudFront distributions, but the web ACL and every resource it uses (rule groups, IP sets, regex pattern sets) must be created in US East (N. Virginia), us-east-1 ("Global (CloudFront)" in some interfaces).',
    RECHECK_DATE,
  ),

  // --- API Gateway / DynamoDB -----------------------------------------------------------
  /** API Gateway account throttle. */
  apiGatewayQuotas: confirmed(
    'Amazon API Gateway Developer Guide, "Amazon API Gateway quotas"',
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html',
    'Account throttle per Region across HTTP, REST and WebSocket APIs: 10,000 RPS with a token bucket of 5,000 requests; 2,500 RPS and 1,250 burst in Cape Town, Milan, Jakarta, UAE, Hyderabad, Melbourne, Spain, Zurich, Tel Aviv, Calgary, Malaysia, Thailand and Mexico (Central).',
  ),
  /** API Gateway HTTP API integration timeout. */
  apiGatewayHttpIntegration: confirmed(
    'AWS CloudFormation User Guide, AWS::ApiGatewayV2::Integration TimeoutInMillis',
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigatewayv2-integration.html',
    'Custom timeout between 50 and 30,000 milliseconds for HTTP APIs; the default is 30 seconds. Recorded as confirmed on 2026-11-24 by the MicroserviceGateway block.',
  ),
  /** API Gateway HTTP API quotas. */
  apiGatewayHttpQuotas: confirmed(
    'Amazon API Gateway Developer Guide, "Quotas for configuring and running an HTTP API in API Gateway"',
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html',
    'Routes per API 300 (can be increased); integrations per API 300; maximum integration timeout 30 seconds (cannot be increased).',
  ),
  /** DynamoDB per-partition throughput. */
  dynamoDbPartitions: confirmed(
    'Amazon DynamoDB Developer Guide, "Understanding DynamoDB warm throughput in different scenarios"',
    'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput-scenarios.html',
    'Each partition is limited to 1,000 write units and 3,000 read units per second.',
  ),
  /** DynamoDB item size. */
  dynamoDbConstraints: unconfirmed(
    'Amazon DynamoDB Developer Guide, "Constraints in Amazon DynamoDB"',
    'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html',
    'The page was found on 2026-11-24; the item-size row was not in the readable excerpt. SIZING-FACTS: 400 KB per item.',
  ),

  // --- Methods and published throughput (assumptions lean on these) ---------------------
  /** Static stability (Well-Architected). */
  wellArchitectedStaticStability: unconfirmed(
    'AWS Well-Architected Framework, Reliability Pillar, REL11-BP05 "Use static stability to prevent bimodal behavior"',
    'https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_withstand_component_failures_static_stability.html',
    'Cited by SIZING-FACTS.md for the AZ-loss method (capacity for D x N/(N-1)); not re-read.',
  ),
  /** Static stability (Builders' Library). */
  buildersLibraryStaticStability: unconfirmed(
    'Amazon Builders\' Library, "Static stability using Availability Zones"',
    'https://aws.amazon.com/builders-library/static-stability-using-availability-zones/',
    'Cited by SIZING-FACTS.md for the AZ-loss method; not re-read.',
  ),
  /** redis.io benchmark page. */
  redisBenchmarks: unconfirmed(
    'redis.io, "Redis benchmark" (redis-benchmark)',
    'https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/benchmarks/',
    `${NOT_RECHECKED} SIZING-FACTS: 80,000-150,000 simple operations/s per instance without pipelining.`,
  ),
  /** redis.io MEMORY USAGE (per-key overhead). */
  redisMemoryUsage: unconfirmed(
    'redis.io, MEMORY USAGE command',
    'https://redis.io/docs/latest/commands/memory-usage/',
    `${NOT_RECHECKED} SIZING-FACTS: an empty key costs about 56 bytes on Redis 7.2; structures take about twice the raw data size.`,
  ),
  /** AWS Database Blog, 500 million requests/s per cluster. */
  elastiCache71Blog: unconfirmed(
    'AWS Database Blog, "Achieve over 500 million requests per second per cluster with Amazon ElastiCache for Redis 7.1"',
    'https://aws.amazon.com/blogs/database/achieve-over-500-million-requests-per-second-per-cluster-with-amazon-elasticache-for-redis-7-1/',
    `${NOT_RECHECKED} SIZING-FACTS: over 1,000,000 requests/s per node on cache.r7g.4xlarge with enhanced I/O.`,
  ),
  /** AWS Database Blog, enhanced I/O multiplexing. */
  elastiCacheEnhancedIoBlog: unconfirmed(
    'AWS Database Blog, ElastiCache for Redis 7 enhanced I/O multiplexing',
    'https://aws.amazon.com/blogs/database/',
    `${NOT_RECHECKED} SIZING-FACTS: +72 % throughput on r6g.xlarge with enhanced I/O multiplexing. The exact post URL was not checked.`,
  ),
  /** valkey.io 8.0 RC1 blog. */
  valkey8Blog: unconfirmed(
    'valkey.io blog, "Valkey 8.0.0 RC1"',
    'https://valkey.io/blog/valkey-8-0-0-rc1/',
    `${NOT_RECHECKED} SIZING-FACTS: 1.2M QPS on r7g with I/O threads.`,
  ),
  /** SQS backlog-per-worker scaling (the method behind the worker default). */
  autoScalingSqsBacklog: unconfirmed(
    'Amazon EC2 Auto Scaling User Guide, "Scaling based on Amazon SQS"',
    'https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-using-sqs-queue.html',
    'Acceptable backlog per instance = acceptable latency / average processing time per message; the processing time is the user\'s measurement (no public figure exists). Not re-read.',
    CATALOG_READ_DATE,
  ),
  /** Third-party Fargate vs EC2 load test (2021). */
  fargateLoadTest2021: confirmed(
    'A. Filichkin, "EC2 versus Fargate: performance comparison" (Medium, 2021-03-01)',
    'https://filia-aleks.medium.com/ec2-versus-fargate-performance-comparison-34b1002fbbaa',
    'Saving JSON to DynamoDB (on-demand, not the bottleneck) at ~100 % CPU: Fargate 2 vCPU / 8 GB 2,216 requests/s, EC2 m5.large 2,787 requests/s; a CPU-bound Fibonacci endpoint served 3,000 requests per minute on the same sizes. No AWS figure for requests per vCPU exists.',
  ),
  /** CloudFront cache hit ratio guidance (what lowers it; the CacheHitRate metric). */
  cloudFrontCacheHitRatio: unconfirmed(
    'Amazon CloudFront Developer Guide, "Increase the proportion of requests that are served directly from the CloudFront caches (cache hit ratio)"',
    'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cache-hit-ratio.html',
    'Not re-read on 2026-11-24: cited for where to measure the hit ratio (CacheHitRate) and what lowers it (uncached paths, headers and query strings in the cache key). It gives no typical ratio; the default hit ratio is the project\'s own assumption.',
    '2026-11-24',
  ),
  /** CloudFront distribution metrics (Requests, BytesDownloaded, CacheHitRate). */
  cloudFrontMetrics: unconfirmed(
    'Amazon CloudFront Developer Guide, "View CloudFront and edge function metrics"',
    'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/viewing-cloudfront-metrics.html',
    'Not re-read on 2026-11-24: cited for the metrics that replace the default (average response = BytesDownloaded / Requests). It gives no typical response size; the default is the project\'s own assumption.',
    '2026-11-24',
  ),
  /** ElastiCache Valkey/Redis OSS metrics (CacheHitRate, GetTypeCmds, SetTypeCmds). */
  elastiCacheRedisMetrics: unconfirmed(
    'Amazon ElastiCache User Guide, "Metrics for Valkey and Redis OSS"',
    'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html',
    'Not re-read on 2026-11-24: cited for the metrics that replace the defaults (CacheHitRate; GetTypeCmds against SetTypeCmds for the read/write mix). It gives no typical ratio; the defaults are the project\'s own assumptions.',
    '2026-11-24',
  ),
  /** DynamoDB guidance on partition-key design (uneven access makes a hot partition). */
  dynamoDbPartitionKeyDesign: unconfirmed(
    'Amazon DynamoDB Developer Guide, "Best practices for designing and using partition keys effectively"',
    'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html',
    'Not re-read on 2026-11-24: cited for the general point that keys are rarely accessed uniformly, so one partition (here, one shard) runs hotter than 1/N. The 1.25 skew factor is the project\'s own assumption.',
    '2026-11-24',
  ),
  /** Netflix service-capacity-modeling. */
  netflixCapacityModeling: unconfirmed(
    'Netflix-Skunkworks/service-capacity-modeling',
    'https://github.com/Netflix-Skunkworks/service-capacity-modeling',
    `${NOT_RECHECKED} SIZING-FACTS: Netflix plans Aurora at 3.5 ms of CPU per read (about 285 reads/s per busy core).`,
  ),
  /** node-postgres (pg) Pool: the default maximum of clients (connections) one pool holds. */
  nodePostgresPoolDefault: unconfirmed(
    'brianc/node-postgres pull request 1438, lib/defaults.js ("max: 10", the number of connections in the pool)',
    'https://github.com/brianc/node-postgres/pull/1438/files',
    'Read on 2026-12-07: the change that made max (default 10) the pool size node-postgres documents; a copy of the current '
      + 'PoolConfig documentation says the same ("Maximum number of clients in the pool (default: 10)"), but the documentation page '
      + '(node-postgres.com/apis/pool) itself was not read, so the current default is not confirmed there. A library default, not an AWS figure.',
    RECHECK_DATE,
  ),
});
