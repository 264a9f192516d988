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
    'Cannot be confirmed from an AWS page: the ECS API reference and the CloudFormation reference (TimeoutConfiguration, re-read 2026-12-07) '
      + 'state the idle-timeout defaults but no perRequestTimeoutSeconds default; the ECS guide\'s Service Connect pages were only readable in part, '
      + 'and the awsdocs/amazon-ecs-developer-guide copy predates the timeout setting (Jan 2024). The 15 s is what users observe: '
      + 'aws/containers-roadmap#1958 shows the Service Connect proxy sending "X-Envoy-Expected-Rq-Timeout-Ms: 15000" (15 s is Envoy\'s default '
      + 'route timeout), and terraform-aws-modules/terraform-aws-ecs PR 210 gives "per_request_timeout_seconds = 15 as defined by AWS".',
    RECHECK_DATE,
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
  rdsMaxConnections: confirmed(
    'Amazon RDS User Guide, "Maximum number of database connections"; AWS Knowledge Center, "How do I increase the max connections of my Amazon RDS for MySQL or Amazon RDS for PostgreSQL instance?"',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections',
    'The Knowledge Center article (aws.amazon.com/premiumsupport/knowledge-center/rds-mysql-max-connections, stored copy, last updated 2022-08-26) says: '
      + '"max_connections = DBInstanceClassMemory/12582880" for RDS for MySQL and "max_connections = LEAST({DBInstanceClassMemory/9531392}, 5000)" '
      + 'for RDS for PostgreSQL. The User Guide page (awsdocs/amazon-rds-user-guide copy, 2023-06-09) elides its per-engine table but says '
      + 'DBInstanceClassMemory "is then divided by 12,582,880"; AWS Prescriptive Guidance (Tuning PostgreSQL parameters, max_connections) gives the '
      + 'PostgreSQL default "LEAST(DBInstanceClassMemory/9531392,5000)".',
    RECHECK_DATE,
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
  rdsInstanceClasses: confirmed(
    'Amazon RDS User Guide, "DB instance classes" (supported DB engines and hardware specifications)',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html',
    'Read in the awsdocs/amazon-rds-user-guide copy (Concepts.DBInstanceClass.md, update of 2023-06-09): RDS for MySQL and for PostgreSQL '
      + 'support every size large..16xlarge of db.m7g, db.m6g, db.m6i, db.r7g, db.r6g and db.r6i, and db.t4g micro..2xlarge; the hardware table '
      + 'gives each the vCPU and GiB of the EC2 type of the same name (db.m7g.large 2 / 8, db.r7g.16xlarge 64 / 512, db.t4g.micro 2 / 1). '
      + 'The page lists no db.c classes.',
    RECHECK_DATE,
  ),
  /** RDS DB instance classes newer than the readable copy of the RDS tables (db.m7i, db.r7i, db.r8g). */
  rdsInstanceClassesM7iR7iR8g: unconfirmed(
    'Amazon RDS User Guide, "Supported DB engines for DB instance classes" (db.m7i, db.r7i, db.r8g)',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html',
    'Cannot be confirmed: the only readable copy of the RDS tables (awsdocs/amazon-rds-user-guide, 2023-06-09) predates db.m7i, db.r7i and '
      + 'db.r8g, and the live page\'s tables were not in the stored copies searched on 2026-12-07. The classes are kept on the assumption '
      + 'that RDS for MySQL and PostgreSQL offer them large..16xlarge with the vCPU and GiB of the EC2 type of the same name.',
    RECHECK_DATE,
  ),
  /** Aurora DB instance class support by engine. */
  auroraInstanceClasses: confirmed(
    'Amazon Aurora User Guide, "Aurora DB instance classes" (supported DB engines and hardware specifications)',
    'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html',
    'Read in the awsdocs/amazon-aurora-user-guide copy (Concepts.DBInstanceClass.md, update of 2023-06-09): Aurora MySQL and Aurora PostgreSQL '
      + 'support db.r7g, db.r6g and db.r6i large..16xlarge and db.t4g.medium / db.t4g.large ("No" for db.t4g.small, xlarge and 2xlarge); '
      + 'hardware: db.r7g/r6g/r6i 8 GiB per vCPU (large 2 / 16 ... 16xlarge 64 / 512), db.t4g.medium 2 / 4, db.t4g.large 2 / 8. '
      + 'The page lists no db.m or db.c classes.',
    RECHECK_DATE,
  ),
  /** Aurora DB instance classes newer than the readable copy of the Aurora tables (db.r7i, db.r8g). */
  auroraInstanceClassesR7iR8g: unconfirmed(
    'Amazon Aurora User Guide, "Supported DB engines for DB instance classes" (db.r7i, db.r8g)',
    'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html',
    'Cannot be confirmed: the only readable copy of the Aurora tables (awsdocs/amazon-aurora-user-guide, 2023-06-09) predates db.r7i and db.r8g, '
      + 'and the live page\'s tables were not in the stored copies searched on 2026-12-07. Kept on the assumption that Aurora offers them '
      + 'large..16xlarge with the vCPU and GiB of the EC2 type of the same name (8 GiB per vCPU).',
    RECHECK_DATE,
  ),

  // --- EC2 ------------------------------------------------------------------------------
  /** EC2 general purpose instance specs (m, t). */
  ec2GeneralPurpose: confirmed(
    'Amazon EC2 Instance Types, "Specifications for Amazon EC2 general purpose instances"',
    'https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html',
    'Read in the copy of the page saved in aws/karpenter-provider-aws (hack/code/bandwidth_gen/example/gp.html, committed 2024-05-05): '
      + 'vCPU / GiB m7g, m6g medium 1 / 4 ... 16xlarge 64 / 256; m7i, m6i large 2 / 8 ... 16xlarge 64 / 256; t4g micro 2 / 1, small 2 / 2, '
      + 'medium 2 / 4, large 2 / 8, xlarge 4 / 16, 2xlarge 8 / 32. Baseline / burst Gbps: m7g large 0.937 / 12.5, xlarge 1.876 / 12.5, '
      + '2xlarge 3.75 / 15, 4xlarge 7.5 / 15, 8xlarge 15, 12xlarge 22.5, 16xlarge 30; m6g 0.75, 1.25, 2.5, 5.0 / 10, then 12, 20, 25; '
      + 't4g micro 0.064 ... 2xlarge 2.048, doubling per size, all / 5.0. Karpenter\'s generated baseline table (zz_generated.bandwidth.go, 2026-08-18) agrees.',
    RECHECK_DATE,
  ),
  /** EC2 compute optimized instance specs (c). */
  ec2ComputeOptimized: confirmed(
    'Amazon EC2 Instance Types, "Specifications for Amazon EC2 compute optimized instances"',
    'https://docs.aws.amazon.com/ec2/latest/instancetypes/co.html',
    'c7g and c6g rows, read in the awsdocs/amazon-ec2-user-guide copy (compute-optimized-instances.md, 2023-05-31): vCPU / GiB medium 1 / 2 ... '
      + '16xlarge 64 / 128 (2 GiB per vCPU); baseline / burst Gbps c7g large 0.937 / 12.5, xlarge 1.876 / 12.5, 2xlarge 3.75 / 15, 4xlarge 7.5 / 15, '
      + '8xlarge 15, 12xlarge 22.5, 16xlarge 30; c6g 0.75, 1.25, 2.5, 5.0 / 10, then 12, 20, 25. Karpenter\'s generated baseline table (2026-08-18) agrees.',
    RECHECK_DATE,
  ),
  /** EC2 c7i specs, not in a readable copy of the page. */
  ec2ComputeOptimizedC7i: unconfirmed(
    'Amazon EC2 Instance Types, "Specifications for Amazon EC2 compute optimized instances" (c7i)',
    'https://docs.aws.amazon.com/ec2/latest/instancetypes/co.html',
    'Cannot be confirmed: the c7i rows are not in the readable copies (the awsdocs EC2 guide copy of 2023-05-31 predates c7i; the stored copy of '
      + 'co.html searched on 2026-12-07 shows only the start of the page). vCPU / GiB for large..4xlarge from SIZING-FACTS.md; the other sizes follow '
      + 'the family ratio of 2 GiB per vCPU; no network figure is used.',
    RECHECK_DATE,
  ),
  /** EC2 memory optimized instance specs (r). */
  ec2MemoryOptimized: confirmed(
    'Amazon EC2 Instance Types, "Specifications for Amazon EC2 memory optimized instances"',
    'https://docs.aws.amazon.com/ec2/latest/instancetypes/mo.html',
    'r7g, r6g and r6i rows, read in the awsdocs/amazon-ec2-user-guide copy (memory-optimized-instances.md, 2023-05-31): vCPU / GiB r7g, r6g '
      + 'medium 1 / 8 ... 16xlarge 64 / 512, r6i large 2 / 16 ... 16xlarge 64 / 512 (8 GiB per vCPU); baseline / burst Gbps r7g large 0.937 / 12.5, '
      + 'xlarge 1.876 / 12.5, 2xlarge 3.75 / 15, 4xlarge 7.5 / 15, 8xlarge 15, 12xlarge 22.5, 16xlarge 30; r6g 0.75, 1.25, 2.5, 5.0 / 10, then 12, 20, 25. '
      + 'Karpenter\'s generated baseline table (2026-08-18) agrees.',
    RECHECK_DATE,
  ),
  /** EC2 r7i and r8g specs, not in a readable copy of the page. */
  ec2MemoryOptimizedR7iR8g: unconfirmed(
    'Amazon EC2 Instance Types, "Specifications for Amazon EC2 memory optimized instances" (r7i, r8g)',
    'https://docs.aws.amazon.com/ec2/latest/instancetypes/mo.html',
    'Cannot be confirmed: the r7i and r8g rows are not in the readable copies (the awsdocs EC2 guide copy of 2023-05-31 predates both; the stored '
      + 'copies of the memory optimized pages searched on 2026-12-07 show only their start). vCPU and GiB follow the family ratio of 8 GiB per vCPU; no network '
      + 'figure is used (Karpenter\'s generated baseline table lists r8g large 0.937 ... 16xlarge 30 Gbps, r7i large 0.781 ... 16xlarge 25 Gbps).',
    RECHECK_DATE,
  ),
  /** CoreMark per-instance measurements. */
  coreMark: confirmed(
    'vantage-sh/ec2instances.info, scraper/aws/ec2/extras/manually_fetched_data.json (CoreMark)',
    'https://github.com/vantage-sh/ec2instances.info/blob/master/scraper/aws/ec2/extras/manually_fetched_data.json',
    'Third-party CoreMark iterations_second, runs of 2025-12-10 on the 2-vCPU sizes, in the file as of commit ecfb137 (2026-07-06): m7g.large 51,659.6, '
      + 'c7g.large 51,890.8, r7g.large 49,239.9, m7i.large 46,780.9, c7i.large 39,481.5, t4g.medium 39,179.8; the catalog rounds them to the '
      + 'nearest 100 (51.7k, 51.9k, 49.2k, 46.8k, 39.5k, 39.2k). Per-vCPU = figure / 2.',
    RECHECK_DATE,
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
  elastiCacheNodeTypesMemoryOptimized: confirmed(
    'Amazon ElastiCache User Guide, "Supported node types" (memory optimized rows)',
    'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html',
    'cache.r6g rows, read in the awsdocs/amazon-elasticache-docs copy (redis/CacheNodes.SupportedTypes.md, "Supported nodes update" of 2023-05-22): '
      + 'baseline / burst Gbps large 0.75 / 10.0, xlarge 1.25 / 10.0, 2xlarge 2.5 / 10.0, 4xlarge 5.0 / 10.0, 8xlarge 12, 12xlarge 20, 16xlarge 25; '
      + 'enhanced I/O "N" for large, "Y" from xlarge.',
    RECHECK_DATE,
  ),
  /** ElastiCache cache.r7g network bandwidth, not in a readable copy of the page. */
  elastiCacheNodeTypesR7g: unconfirmed(
    'Amazon ElastiCache User Guide, "Supported node types" (cache.r7g rows)',
    'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html',
    'Cannot be confirmed: the awsdocs copy (2023-05-22) predates cache.r7g, and the stored copies of the live page searched on 2026-12-07 end '
      + 'before the memory optimized table. Taken equal to the cache.m7g rows of the same size (0.937 / 12.5 ... 30 Gbps), the same figures as EC2 r7g (ec2MemoryOptimized).',
    RECHECK_DATE,
  ),
  /** ElastiCache node memory (GiB). */
  elastiCacheNodeMemory: confirmed(
    'Amazon ElastiCache User Guide, "Redis node-type specific parameters" (maxmemory)',
    'https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/ParameterGroups.Redis.html#ParameterGroups.Redis.NodeSpecific',
    'Read in the awsdocs/amazon-elasticache-docs copy (redis/ParameterGroups.Redis.md, 2023-05-22): maxmemory bytes cache.t4g micro 536,870,912, '
      + 'small 1,471,026,299, medium 3,317,862,236; cache.m6g large 6,854,542,746 ... 16xlarge 225,000,375,228; cache.r6g large 14,037,181,030 ... '
      + '16xlarge 450,000,750,456. The catalog\'s GiB are within 0.01 of these / 2^30 (two decimals; cache.m6g.xlarge 13,891,921,715 B = 12.938 GiB: 12.93). '
      + 'vCPUs are those of the EC2 type of the same name.',
    RECHECK_DATE,
  ),
  /** ElastiCache cache.m7g / cache.r7g node memory, not in a readable copy of the page. */
  elastiCacheNodeMemoryM7gR7g: unconfirmed(
    'Amazon ElastiCache User Guide, "Redis node-type specific parameters" (cache.m7g, cache.r7g maxmemory)',
    'https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/ParameterGroups.Redis.html#ParameterGroups.Redis.NodeSpecific',
    'Cannot be confirmed: the awsdocs copy (2023-05-22) predates cache.m7g and cache.r7g, and no stored copy of the live page or of the pricing '
      + 'page with their memory was found on 2026-12-07. Taken equal to cache.m6g / cache.r6g of the same size (the 2026-11-24 reading found '
      + 'cache.m7g.large 6.38 GiB in dragonflydb.io/finops/elasticache, a third-party listing; not re-read).',
    RECHECK_DATE,
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
  cloudFrontResponseHeadersQuotas: confirmed(
    'Amazon CloudFront Developer Guide, "Quotas" (quotas on headers)',
    'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html',
    'Read 2026-12-07 in the last copy of the page in awsdocs/amazon-cloudfront-developer-guide (1c964d49, 2023-06-15, before the '
      + 'repository was archived), "Quotas on headers": the row "Maximum length of the value of the Content-Security-Policy header" '
      + 'reads "1,783 characters" with a "Request a higher quota" link, so a default quota that can be raised. The live page was not '
      + 'readable here.',
    RECHECK_DATE,
  ),
  /** CloudFront origin group failover status codes. */
  cloudFrontOriginGroupFailover: confirmed(
    'Amazon CloudFront Developer Guide, "Optimizing high availability with CloudFront origin failover"',
    'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html',
    'Read 2026-12-07 in the last copy of the page in awsdocs/amazon-cloudfront-developer-guide (1c964d49, 2023-06-15): "You can choose '
      + 'any combination of the following status codes: 400, 403, 404, 416, 500, 502, 503, or 504"; CloudFront fails over only for GET, '
      + 'HEAD and OPTIONS viewer requests. The API reference (OriginGroupFailoverCriteria) does not list the codes.',
    RECHECK_DATE,
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
  dynamoDbConstraints: confirmed(
    'Amazon DynamoDB Developer Guide, "Service, account, and table quotas in Amazon DynamoDB" (Item size)',
    'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items-size',
    'Read 2026-12-07 in the last copy of the page in awsdocs/amazon-dynamodb-developer-guide (82294802, 2023-06-15; the "Constraints" '
      + 'page cited before is now part of it): "The maximum item size in DynamoDB is 400 KB, which includes both attribute name binary '
      + 'length (UTF-8 length) and attribute value lengths (again binary length)."',
    RECHECK_DATE,
  ),

  // --- Methods and published throughput (assumptions lean on these) ---------------------
  /** Static stability (Well-Architected). */
  wellArchitectedStaticStability: confirmed(
    'AWS Well-Architected Framework, Reliability Pillar, REL11-BP05 "Use static stability to prevent bimodal behavior"',
    'https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_withstand_component_failures_static_stability.html',
    'Read 2026-12-07 in a public copy of the page taken 2026-05-20: "provision enough instances in each Availability Zone or Region to '
      + 'handle the workload capacity if one Availability Zone or Region were removed", the method behind sizing for D x N/(N-1). '
      + 'The page gives no utilisation figure: targetUtilisation (0.7), maxUtilisationOnAzLoss (0.9) and warnMargin (0.9) are the '
      + 'project\'s assumptions, which the user can override.',
    RECHECK_DATE,
  ),
  /** Static stability (Builders' Library). */
  buildersLibraryStaticStability: confirmed(
    'Amazon Builders\' Library, "Static stability using Availability Zones"',
    'https://aws.amazon.com/builders-library/static-stability-using-availability-zones/',
    'Read 2026-12-07 (opening of the page, and a public text copy of the whole article): services "overprovision capacity so that, '
      + 'even if an entire Availability Zone were impaired, the servers in the remaining Availability Zones could carry the load. For '
      + 'example, when we use three Availability Zones, we overprovision by 50 percent", each AZ "operating at only 66 percent of the '
      + 'level for which we have load-tested it". It backs the AZ-loss method; the 0.9 ceiling on the surviving capacity is the '
      + 'project\'s assumption, which the user can override.',
    RECHECK_DATE,
  ),
  /** redis.io benchmark page. */
  redisBenchmarks: confirmed(
    'redis.io, "Redis benchmark" (redis-benchmark)',
    'https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/benchmarks/',
    'Read 2026-12-07 in redis/docs (content/operate/oss_and_stack/management/optimization/benchmarks/index.md, the source of the page): '
      + 'example runs without pipelining (50 clients, the default) give SET 74,239 and LPUSH 79,239 requests/s, SCRIPT LOAD 69,881/s, '
      + 'SET on 100,000 random keys 72,145/s; with 16-command pipelines SET 403,063 and GET 508,388/s. The page names no hardware. '
      + 'Not the 80,000-150,000/s SIZING-FACTS gave. Used for cacheOpsPerSecond, an assumption per node size that the user replaces '
      + 'with load.operationsPerSecondPerNode.',
    RECHECK_DATE,
  ),
  /** redis.io MEMORY USAGE (per-key overhead). */
  redisMemoryUsage: confirmed(
    'redis.io, MEMORY USAGE command',
    'https://redis.io/docs/latest/commands/memory-usage/',
    'Read 2026-12-07 in redis/docs (content/commands/memory-usage.md): "With Redis v7.2.0 64-bit and jemalloc", MEMORY USAGE of an '
      + 'empty string key is 56 bytes ("pure overhead"); foo=bar 56, foo2=mybar 64, a 4-byte key with a 100-byte value 160. Used for '
      + 'cacheBytesPerKey (56), an assumption the user can override.',
    RECHECK_DATE,
  ),
  /** The "about twice the raw data size" overhead of Valkey/Redis structures (no page found). */
  redisDataOverhead: unconfirmed(
    'redis.io, FAQ "What\'s the Redis memory footprint?"',
    'https://redis.io/docs/latest/develop/get-started/faq/',
    'SIZING-FACTS.md states "Redis structures take about twice the raw data size" without a source. Searched 2026-12-07: this FAQ '
      + '(1 million small key/string-value pairs use about 85 MB; 1 million 5-field hashes about 160 MB) and the MEMORY USAGE page '
      + '(a 4-byte key with a 100-byte value uses 160 bytes, about 1.5x) give per-key examples, not a ratio; no page stating the ratio '
      + 'was found. cacheMemoryOverhead (100 %) is the project\'s assumption; the user replaces it with load.memoryOverhead.',
    RECHECK_DATE,
  ),
  /** AWS Database Blog, 500 million requests/s per cluster. */
  elastiCache71Blog: confirmed(
    'AWS Database Blog, "Achieve over 500 million requests per second per cluster with Amazon ElastiCache for Redis 7.1"',
    'https://aws.amazon.com/blogs/database/achieve-over-500-million-requests-per-second-per-cluster-with-amazon-elasticache-for-redis-7-1/',
    'Read 2026-12-07 (opening of the post): with ElastiCache for Redis 7.1 "On large enough nodes, for example r7g.4xlarge, you can '
      + 'achieve over 1 million requests per second (RPS) per node, and 500M RPS per cluster"; up to double the performance of 7.0 on '
      + 'nodes with at least 8 physical cores (2xlarge on Graviton). The benchmark setup further down was not read. A published peak: '
      + 'cacheOpsPerSecond takes a quarter of it for 4xlarge and stays below it.',
    RECHECK_DATE,
  ),
  /** AWS Database Blog, enhanced I/O multiplexing. */
  elastiCacheEnhancedIoBlog: confirmed(
    'AWS Database Blog, "New for Amazon ElastiCache for Redis 7: Get up to 72% better throughput with enhanced I/O multiplexing"',
    'https://aws.amazon.com/blogs/database/enhanced-io-multiplexing-for-amazon-elasticache-for-redis/',
    'Read 2026-12-07 (opening of the post): "when using an r6g.xlarge node and running 5,200 concurrent clients, you can achieve up to '
      + '72% increased throughput (read and write operations per second) and up to 71% decreased P99 latency, compared with ElastiCache '
      + 'for Redis 6". Backs why cacheOpsPerSecond grows from xlarge up; the per-size figures are assumptions.',
    RECHECK_DATE,
  ),
  /** valkey.io 8.0 RC1 blog. */
  valkey8Blog: confirmed(
    'valkey.io blog, "Valkey 8.0: Delivering Enhanced Performance and Reliability" (8.0.0 RC1, 2024-08-02)',
    'https://valkey.io/blog/valkey-8-0-0-rc1/',
    'Read 2026-12-07 (opening of the post): "Valkey 8.0 is designed to handle up to 1.2 million Queries Per Second (QPS) on AWS\'s r7g '
      + 'platform, compared to the previous limit of 380K QPS" (asynchronous I/O threading); no instance size is named. A published '
      + 'peak, not used as a default.',
    RECHECK_DATE,
  ),
  /** SQS backlog-per-worker scaling (the method behind the worker default). */
  autoScalingSqsBacklog: confirmed(
    'Amazon EC2 Auto Scaling User Guide, "Scaling based on Amazon SQS"',
    'https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-using-sqs-queue.html',
    'Read 2026-12-07 in awsdocs/amazon-ec2-auto-scaling-user-guide (c621df35): "take the acceptable latency value and divide it by the '
      + 'average time that an EC2 instance takes to process a message" (10 s / 0.1 s = a backlog of 100 per instance). The page gives '
      + 'no processing time: workerSecondsPerJob (10 s) is the project\'s assumption; the user sets load.secondsPerJob.',
    RECHECK_DATE,
  ),
  /** Third-party Fargate vs EC2 load test (2021). */
  fargateLoadTest2021: confirmed(
    'A. Filichkin, "EC2 versus Fargate: performance comparison" (Medium, 2021-03-01)',
    'https://filia-aleks.medium.com/ec2-versus-fargate-performance-comparison-34b1002fbbaa',
    'Saving JSON to DynamoDB (on-demand, not the bottleneck) at ~100 % CPU: Fargate 2 vCPU / 8 GB 2,216 requests/s, EC2 m5.large 2,787 requests/s; a CPU-bound Fibonacci endpoint served 3,000 requests per minute on the same sizes. No AWS figure for requests per vCPU exists.',
  ),
  /** CloudFront cache hit ratio guidance (what lowers it; the CacheHitRate metric). */
  cloudFrontCacheHitRatio: confirmed(
    'Amazon CloudFront Developer Guide, "Increase the proportion of requests that are served directly from the CloudFront caches (cache hit ratio)"',
    'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cache-hit-ratio.html',
    'Read 2026-12-07 in the last copy in awsdocs/amazon-cloudfront-developer-guide (1c964d49, 2023-06-15): the ratio rises with a longer '
      + 'max-age, Origin Shield, and caching on only the query strings, cookies and headers the origin needs. It gives no typical '
      + 'ratio: cdnHitRatio (0.5) is the project\'s assumption, which the user replaces with a measured one.',
    RECHECK_DATE,
  ),
  /** CloudFront distribution metrics (Requests, BytesDownloaded, CacheHitRate). */
  cloudFrontMetrics: confirmed(
    'Amazon CloudFront Developer Guide, "View CloudFront and edge function metrics"',
    'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/viewing-cloudfront-metrics.html',
    'Read 2026-12-07 in the last copy in awsdocs/amazon-cloudfront-developer-guide (1c964d49): Requests and Bytes downloaded are default '
      + 'metrics; Cache hit rate ("The percentage of all cacheable requests for which CloudFront served the content from its cache") is '
      + 'an additional metric, turned on per distribution at extra cost. No typical figures: cdnHitRatio and cdnAverageResponseKiB '
      + '(BytesDownloaded / Requests) are the project\'s assumptions, which the user replaces with measured ones.',
    RECHECK_DATE,
  ),
  /** ElastiCache Valkey/Redis OSS metrics (CacheHitRate, GetTypeCmds, SetTypeCmds). */
  elastiCacheRedisMetrics: confirmed(
    'Amazon ElastiCache User Guide, "Metrics for Valkey and Redis OSS"',
    'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html',
    'Read 2026-12-07 in a public markdown copy of the current page: CacheHitRate = cache_hits / (cache_hits + cache_misses); "If the '
      + 'cache ratio is lower than about 0.8, it means that a significant amount of keys are evicted, expired, or don\'t exist"; '
      + 'GetTypeCmds counts read-only commands, SetTypeCmds write commands. No typical ratio or mix: the hit ratios, queryReadFraction '
      + 'and cacheReadsPerWrite are the project\'s assumptions, which the user replaces with measured ones.',
    RECHECK_DATE,
  ),
  /** DynamoDB guidance on partition-key design (uneven access makes a hot partition). */
  dynamoDbPartitionKeyDesign: confirmed(
    'Amazon DynamoDB Developer Guide, "Best practices for designing and using partition keys effectively"',
    'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html',
    'Read 2026-12-07 in awsdocs/amazon-dynamodb-developer-guide (82294802, 2023-06-15): "It\'s not always possible to distribute read '
      + 'and write activity evenly. When data access is imbalanced, a \'hot\' partition can receive a higher volume of read and write '
      + 'traffic compared to other partitions." It gives no skew figure: hashSkewFactor (1.25) is the project\'s assumption, which '
      + 'the user can override.',
    RECHECK_DATE,
  ),
  /** Amazon VPC User Guide, "NAT gateway basics": bandwidth and packets per second of one NAT gateway. */
  natGatewayBasics: confirmed(
    'Amazon VPC User Guide, "NAT gateway basics"',
    'https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html',
    'Read on 2026-12-07 (search index excerpt of the live page): "A NAT gateway supports 5 Gbps of bandwidth and automatically scales up '
      + 'to 100 Gbps. If you require more bandwidth, you can split your resources into multiple subnets and create a NAT gateway in each '
      + 'subnet." and "A NAT gateway can process one million packets per second" (the excerpt stops there; the 10 million it scales to '
      + 'was not read). The same page asks for a NAT gateway in each AZ with routing that keeps resources on their own AZ\'s NAT gateway.',
    RECHECK_DATE,
  ),
  /** NAT gateway simultaneous connections per unique destination. */
  natGatewayConnections: unconfirmed(
    'Amazon VPC User Guide, "NAT gateway basics" (connections to each unique destination)',
    'https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html',
    'Read on 2026-12-07 in a copy of an earlier revision of the page (the one that still said "scales up to 45 Gbps"): "A NAT gateway can '
      + 'support up to 55,000 simultaneous connections to each unique destination. This limit also applies if you create approximately 900 '
      + 'connections per second to a single destination (about 55,000 connections per minute). If the destination IP address, the destination '
      + 'port, or the protocol (TCP/UDP/ICMP) changes, you can create an additional 55,000 connections." The live page\'s paragraph was not '
      + 'reached in the excerpt read, so the current wording (55,000 per IPv4 address of the NAT gateway) is not confirmed there.',
    RECHECK_DATE,
  ),
  /** AssociateNatGatewayAddress: Elastic IP addresses per public NAT gateway. */
  natGatewayAddresses: unconfirmed(
    'Amazon EC2 API Reference, "AssociateNatGatewayAddress"',
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AssociateNatGatewayAddress.html',
    'Read on 2026-12-07: "By default, you can associate up to 2 Elastic IP addresses per public NAT gateway. You can increase the limit by '
      + 'requesting a quota adjustment." (confirmed). The ceiling of 8 IPv4 addresses per NAT gateway (1 primary and 7 secondary) is found '
      + 'only in third-party material in the search index, not on an AWS page read here: not confirmed.',
    RECHECK_DATE,
  ),
  /** Netflix service-capacity-modeling. */
  netflixCapacityModeling: confirmed(
    'Netflix-Skunkworks/service-capacity-modeling',
    'https://github.com/Netflix-Skunkworks/service-capacity-modeling',
    'Read 2026-12-07 at dc693073 (2026-08-21): the Aurora model (models/org/netflix/aurora.py) defaults estimated_mean_read_latency_ms '
      + 'to 3.5 (low 1, high 100) and the write latency to 5, and sizes cores by square-root staffing, rate x latency + QoS x '
      + 'sqrt(rate x latency) (models/common.py): 3.5 ms per read is about 285 reads/s per core before the margin. Its reference core is '
      + 'a 2.3 GHz shape, not r7g. dbReadsPerSecondPerVcpu (285, stated for r7g) and dbWritesPerSecondPerVcpu (100) are the project\'s '
      + 'assumptions, which the user replaces with load.readsPerSecondPerVcpu / writesPerSecondPerVcpu.',
    RECHECK_DATE,
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
