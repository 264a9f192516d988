import { RemovalPolicy, SizingBoundsOptions } from '../common';
import { DatabaseProxyOptions } from './proxy';
import { DatabaseServerlessV2Options } from './serverless';
import { BlockFoundationOptions } from '../shared/foundation';

// ReplicatedDatabase: the enums and the options a user passes.

/** The database engine of a ReplicatedDatabase. */
export enum DatabaseEngine {
  /** Amazon Aurora PostgreSQL-Compatible: shared cluster volume, a reader endpoint, fast failover to a reader. */
  AURORA_POSTGRESQL = 'AURORA_POSTGRESQL',
  /** Amazon Aurora MySQL-Compatible (Aurora MySQL 3, MySQL 8.0 compatible). */
  AURORA_MYSQL = 'AURORA_MYSQL',
  /** Amazon RDS for PostgreSQL: a primary (Multi-AZ by default) and asynchronous read replicas. */
  RDS_POSTGRESQL = 'RDS_POSTGRESQL',
  /** Amazon RDS for MySQL: a primary (Multi-AZ by default) and asynchronous read replicas. */
  RDS_MYSQL = 'RDS_MYSQL',
}

/** The metric Aurora replica auto scaling tracks. */
export enum ReaderScalingMetric {
  /** Average CPU utilisation of the readers (RDSReaderAverageCPUUtilization). */
  CPU_UTILIZATION = 'CPU_UTILIZATION',
  /** Average connections per reader (RDSReaderAverageDatabaseConnections). */
  CONNECTIONS = 'CONNECTIONS',
}

/** Where a setting that RDS accepts on a DB cluster or on each DB instance is rendered. */
export enum DatabaseSettingScope {
  /** On the Aurora DB cluster: it applies to every instance, including readers auto scaling adds. */
  CLUSTER = 'CLUSTER',
  /** On each DB instance. */
  INSTANCE = 'INSTANCE',
}

/** What a DB instance of the block does. */
export enum DatabaseInstanceRole {
  /** The one instance that takes writes. */
  WRITER = 'WRITER',
  /** A read replica (an Aurora Replica or an RDS read replica). */
  READER = 'READER',
}

/**
 * When a changed parameter takes effect. CloudFormation applies a dynamic parameter at once and a
 * static one at the next reboot, and offers no choice; Terraform writes the method per parameter,
 * so the plan holds the method CloudFormation uses and both backends behave alike.
 */
export enum DatabaseParameterApplyMethod {
  /** At once, without a reboot (dynamic parameters). */
  IMMEDIATE = 'IMMEDIATE',
  /** At the next reboot of each instance (static parameters). */
  PENDING_REBOOT = 'PENDING_REBOOT',
}

/** Where the block keeps its data. */
export enum DatabaseStorageKind {
  /** Aurora's cluster volume: six copies over three AZs, grows on its own up to the engine maximum. */
  AURORA_CLUSTER_VOLUME = 'AURORA_CLUSTER_VOLUME',
  /** An RDS gp3 EBS volume with storage autoscaling up to `maxAllocatedGiB`: a baseline by size, IOPS and throughput provisioned from 400 GiB. */
  GP3 = 'GP3',
  /** RDS Provisioned IOPS SSD io1 (100 GiB and more): the IOPS you provision, 0.5 to 50 per GiB. */
  IO1 = 'IO1',
  /** RDS Provisioned IOPS SSD io2 Block Express (100 GiB and more): the IOPS you provision, held to io1's ratios. */
  IO2 = 'IO2',
}

/** The master credentials, kept in Secrets Manager. */
export interface DatabaseCredentialsOptions {
  /**
   * Master user name: a letter, then letters, digits or underscores (1..16 characters), not
   * starting with `rds` (reserved by RDS).
   *
   * @default 'dbadmin'
   */
  readonly username?: string;
  /**
   * Rotate the generated password with Secrets Manager (single-user hosted rotation).
   *
   * @default true
   */
  readonly rotation?: boolean;
  /**
   * Days between rotations (1..1000).
   *
   * @default 30
   */
  readonly rotationDays?: number;
}

/** Aurora replica auto scaling (Application Auto Scaling on the cluster's readers). */
export interface ReaderAutoScalingOptions {
  /**
   * Fewest readers: these are provisioned by the template and placed by the plan, and they
   * are all the sizing check counts.
   *
   * @default - `readers`, or the readers the declared reads need with one AZ lost
   */
  readonly minReaders?: number;
  /**
   * Most readers auto scaling may run (at most the replica quota, 15).
   *
   * @default - twice minReaders, at most 15
   */
  readonly maxReaders?: number;
  /**
   * Metric to track.
   *
   * @default ReaderScalingMetric.CPU_UTILIZATION
   */
  readonly metric?: ReaderScalingMetric;
  /**
   * CPU target as a fraction (0.1..0.9), with metric CPU_UTILIZATION.
   *
   * @default - the highest target still statically stable on the block's AZs (0.5 on 3 AZs)
   */
  readonly targetCpuUtilization?: number;
  /**
   * Average connections per reader to keep, with metric CONNECTIONS.
   *
   * @default - the target utilisation (0.7) of the class's max_connections
   */
  readonly targetConnectionsPerReader?: number;
  /**
   * Seconds after a scale-in before another (0..3600).
   *
   * @default 300
   */
  readonly scaleInCooldownSeconds?: number;
  /**
   * Seconds after a scale-out before another (0..3600).
   *
   * @default 300
   */
  readonly scaleOutCooldownSeconds?: number;
}

/**
 * One kind of client whose pools connect to the database (an API's tasks, a queue's workers, a
 * Lambda function's execution environments), counted at its maximum.
 */
export interface DatabaseClientOptions {
  /** Who the clients are, as the report names them, e.g. `api` or `queue.workers`. */
  readonly name: string;
  /** Clients at their maximum (API tasks at max tasks, workers at max workers, Lambda at its maximum concurrency): 1..1,000,000. */
  readonly count: number;
  /** Connections each client's pool holds: 1..100,000. */
  readonly poolSize: number;
  /**
   * The share of each client's pool held on the reader endpoint when the database has readers
   * (0..1): floor(poolSize x readShare) connections per client, spread evenly over the readers;
   * the rest on the writer. Without readers every connection is the writer's.
   *
   * @default 0 (every connection on the writer endpoint)
   */
  readonly readShare?: number;
  /**
   * Where `count` comes from, for the report and the fix (e.g. `api.scaling.maxTasks`).
   *
   * @default - `load.clients[<index>].count`
   */
  readonly countFrom?: string;
  /**
   * How `poolSize` was chosen, for the report (e.g. `declared`, or a Little's law derivation).
   *
   * @default 'declared'
   */
  readonly poolFrom?: string;
}

/** The load a ReplicatedDatabase must carry, and what you measured of its instances. */
export interface ReplicatedDatabaseLoadOptions {
  /**
   * Peak reads/s that reach the database (after any cache). In a SystemSpec the chain derives it.
   *
   * @default - 0 (nothing declared; recorded as assumed)
   */
  readonly readsPerSecond?: number;
  /**
   * Peak writes/s (statements that change data) on the writer.
   *
   * @default - 0 (nothing declared; recorded as assumed)
   */
  readonly writesPerSecond?: number;
  /**
   * Data the database holds at the horizon you plan for, in GiB.
   *
   * @default - 0 (nothing declared; recorded as assumed)
   */
  readonly storageGiB?: number;
  /**
   * Peak client connections the writer accepts (all pools together). Mutually exclusive with
   * `tasks` and `poolSize`, and with `clients`.
   *
   * @default - the clients' pools when `clients` is given, tasks x poolSize when both are given, else 0 (recorded as assumed)
   */
  readonly connections?: number;
  /**
   * Every kind of client whose pools connect, each at its maximum count with its pool size: the
   * connections rows check the writer and each reader against max_connections, and list them.
   * Mutually exclusive with `connections`, `tasks` and `poolSize`. In a SystemSpec the chain
   * derives it (the API's tasks and the workers the system hands the database).
   *
   * @default - not used
   */
  readonly clients?: DatabaseClientOptions[];
  /**
   * Client tasks (processes) that each hold a pool to the writer. Give it with `poolSize`.
   *
   * @default - not used
   */
  readonly tasks?: number;
  /**
   * Connections in each client task's pool. Give it with `tasks`.
   *
   * @default - not used
   */
  readonly poolSize?: number;
  /**
   * Connections kept free for administration: RDS's own reserved sessions (PostgreSQL keeps
   * 3 superuser and 2 rds_superuser slots), monitoring agents, migrations, a human session.
   *
   * @default 10
   */
  readonly adminConnections?: number;
  /**
   * Simple indexed reads/s one vCPU of the instance class sustains, as you measured it.
   *
   * @default - the catalog's assumed figure (ASSUMED.dbReadsPerSecondPerVcpu), scaled by the family's per-vCPU speed
   */
  readonly readsPerSecondPerVcpu?: number;
  /**
   * Writes/s one vCPU of the writer sustains, as you measured it.
   *
   * @default - the catalog's assumed figure (ASSUMED.dbWritesPerSecondPerVcpu), scaled by the family's per-vCPU speed
   */
  readonly writesPerSecondPerVcpu?: number;
  /**
   * Storage I/Os one write costs (log record, table page, index pages), as you measured it
   * (WriteIOPS / writes/s; VolumeWriteIOPs on Aurora): the storage IOPS rows and the Aurora I/O rate read it.
   *
   * @default - the catalog's assumed figure (ASSUMED.dbStorageIosPerWrite)
   */
  readonly storageIosPerWrite?: number;
  /**
   * Share of the database reads served from the buffer pool (0..1): the rest read one page from storage each.
   *
   * @default - the catalog's assumed figure (ASSUMED.dbBufferHitRatio)
   */
  readonly bufferHitRatio?: number;
  /**
   * KiB one storage I/O moves: the storage throughput rows multiply the IOPS by it.
   *
   * @default - the engine's page size (ASSUMED.dbIoSizeKiBPostgres, ASSUMED.dbIoSizeKiBMysql)
   */
  readonly ioSizeKiB?: number;
}

/** Options of a ReplicatedDatabase: one writer and 0..15 readers spread over AZs. */
export interface ReplicatedDatabaseOptions extends BlockFoundationOptions {
  /**
   * Name: DNS-safe, used in resource names and the report.
   *
   * @default 'db'
   */
  readonly name?: string;
  /**
   * The engine.
   *
   * @default DatabaseEngine.AURORA_POSTGRESQL
   */
  readonly engine?: DatabaseEngine;
  /**
   * Engine version: `16.13` (PostgreSQL major.minor), `8.0.mysql_aurora.3.12.0` (Aurora MySQL 3),
   * `8.4.10` (RDS MySQL 8.0 or 8.4).
   *
   * @default - Aurora PostgreSQL 16.13, Aurora MySQL 8.0.mysql_aurora.3.12.0, RDS PostgreSQL 16.13, RDS MySQL 8.4.10
   */
  readonly engineVersion?: string;
  /**
   * DB instance class of the writer and every reader, from the catalog for the engine.
   *
   * @default - the smallest db.r7g size (Graviton3, memory-optimised) whose writer carries the declared writes and connections, and, when `readers` is left to its default, whose readers (at most the replica quota) carry the declared reads with the worst AZ lost; db.r7g.large without load
   */
  readonly instanceClass?: string;
  /**
   * Aurora engines only: Aurora Serverless v2. The writer and every reader are `db.serverless`
   * instances scaling between the cluster's minimum and maximum ACUs; unset `instanceClass`.
   *
   * @default - provisioned instances of `instanceClass`
   */
  readonly serverlessV2?: DatabaseServerlessV2Options;
  /**
   * Readers (Aurora Replicas or RDS read replicas): 0..15. With reader auto scaling, the
   * provisioned minimum.
   *
   * @default - the readers the declared reads need with the worst AZ lost, at least 1 (a failover target)
   */
  readonly readers?: number;
  /**
   * Availability Zones to spread the instances over (2..6). The writer sits in the first;
   * readers fill the other AZs first.
   *
   * @default 3
   */
  readonly azCount?: number;
  /**
   * Aurora replica auto scaling (Aurora only). The sizing counts only the minimum.
   *
   * @default - no auto scaling: `readers` is fixed
   */
  readonly readerAutoScaling?: ReaderAutoScalingOptions;
  /**
   * RDS only: a synchronous standby of the writer in another AZ, with automatic failover.
   *
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * RDS only: gp3 storage allocated at creation, in GiB (20..65,536).
   *
   * @default - 100, or the declared storage / 0.9 when that is more
   */
  readonly allocatedStorageGiB?: number;
  /**
   * RDS only: the volume type: GP3, or Provisioned IOPS SSD IO1 / IO2 (at least 100 GiB, with
   * `storageIops`). Aurora's cluster volume takes none.
   *
   * @default DatabaseStorageKind.GP3
   */
  readonly storageType?: DatabaseStorageKind;
  /**
   * RDS only: provisioned IOPS. GP3: 12,000..64,000, only from 400 GiB of `allocatedStorageGiB`
   * (below, gp3 has its baseline of 3,000). IO1 / IO2: required, 1,000..256,000, from 0.5 to 50 per
   * GiB of `allocatedStorageGiB` and at least 0.5 per GiB of `maxAllocatedStorageGiB`.
   *
   * @default - GP3: the baseline (3,000 below 400 GiB, 12,000 from 400 GiB); IO1 / IO2: none, give it
   */
  readonly storageIops?: number;
  /**
   * RDS GP3 only: provisioned throughput in MiB/s: 500..4,000, at most 0.25 per IOPS, only from
   * 400 GiB; on MySQL above 32,000 IOPS at least IOPS / 64.
   *
   * @default - the baseline (125 MiB/s below 400 GiB, 500 from 400 GiB), or what MySQL needs at `storageIops`
   */
  readonly storageThroughputMiBps?: number;
  /**
   * RDS only: ceiling of storage autoscaling, in GiB: at least 10 % above the allocated storage.
   *
   * @default - 1,000 or twice the allocated storage, whichever is larger, at most 65,536
   */
  readonly maxAllocatedStorageGiB?: number;
  /**
   * Encrypt storage, snapshots and backups at rest. Turning it off is explicit.
   *
   * @default true
   */
  readonly storageEncrypted?: boolean;
  /**
   * KMS key ARN for storage encryption (storage, snapshots and backups only: the block's own key
   * still encrypts the secret, Performance Insights and the log groups).
   *
   * @default - the block's own customer managed key
   */
  readonly kmsKeyArn?: string;
  /**
   * IAM database authentication.
   *
   * @default true
   */
  readonly iamAuthentication?: boolean;
  /**
   * Master credentials, generated into Secrets Manager.
   *
   * @default - user 'dbadmin', rotated every 30 days
   */
  readonly credentials?: DatabaseCredentialsOptions;
  /**
   * Days of automated backups, from 7 (this library's floor) to the RDS maximum (35).
   *
   * @default 14
   */
  readonly backupRetentionDays?: number;
  /**
   * Deletion protection.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * What happens to the data when the stack or configuration removes the database.
   *
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * RDS engines: make the read replicas disposable: without deletion protection, and deleted
   * (not retained) when the stack or a lower `readers` removes them. A replica is a copy of the
   * writer's data, which stays protected; RDS takes no final snapshot of a replica. The report
   * notes the choice. Aurora readers keep no data of their own (the cluster volume does).
   *
   * @default false - replicas are protected as the writer is: deletion protection as
   * `deletionProtection`, retained on removal (unless `removalPolicy` is DESTROY); lowering
   * `readers` then needs the replica's deletion protection turned off first
   */
  readonly disposableReadReplicas?: boolean;
  /**
   * Performance Insights.
   *
   * @default true
   */
  readonly performanceInsights?: boolean;
  /**
   * Performance Insights retention: 7 (free tier), a multiple of 31 up to 713, or 731 days.
   *
   * @default 7
   */
  readonly performanceInsightsRetentionDays?: number;
  /**
   * Enhanced Monitoring interval in seconds: 0 (off), 1, 5, 10, 15, 30 or 60.
   *
   * @default 60
   */
  readonly enhancedMonitoringIntervalSeconds?: number;
  /**
   * Logs exported to CloudWatch Logs, among those the engine offers.
   *
   * @default - PostgreSQL ['postgresql'], MySQL ['error', 'slowquery'], plus 'iam-db-auth-error' with IAM authentication
   */
  readonly cloudwatchLogsExports?: string[];
  /**
   * Days the exported database logs are kept in their log groups (which the block creates,
   * encrypted, before the engine first writes): a value CloudWatch Logs accepts (1, 3, 5, 7, 14,
   * 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653).
   *
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Refuse connections without TLS (rds.force_ssl=1 on PostgreSQL, require_secure_transport=ON
   * on MySQL). Turning it off is explicit.
   *
   * @default true
   */
  readonly requireTls?: boolean;
  /**
   * Extra parameters for the parameter group (Aurora: the DB cluster parameter group; RDS: the
   * DB parameter group), over the plan's own (TLS, slow-query logging). Set the TLS parameter
   * through `requireTls`, not here.
   *
   * @default - none
   */
  readonly parameters?: { [key: string]: string };
  /**
   * Port the database listens on, in the range RDS accepts (1150..65535).
   *
   * @default 5432 for PostgreSQL, 3306 for MySQL
   */
  readonly port?: number;
  /**
   * Name of the database created in the cluster or instance.
   *
   * @default - the block's name with hyphens as underscores
   */
  readonly databaseName?: string;
  /**
   * Blocks whose security group may connect on the port (their names, e.g. 'api'); a
   * SystemStack adds the tier in front itself.
   *
   * @default - none
   */
  readonly allowedClients?: string[];
  /**
   * Private CIDRs that may connect on the port (never 0.0.0.0/0 or ::/0).
   *
   * @default - none
   */
  readonly allowedCidrs?: string[];
  /**
   * Whether the block adds stack outputs (CloudFormation `Outputs`, Terraform `output`s): the
   * writer endpoint, the reader endpoint (Aurora) or each read replica's endpoint and their list
   * (RDS), and the master secret's ARN. Off unless asked: the block's properties
   * (`writerEndpoint`, `secret`...) give the same values to the rest of the app, and a stack's
   * outputs are the user's to choose (CloudFormation allows 200 per template).
   *
   * @default false
   */
  readonly outputs?: boolean;
  /**
   * RDS Proxy in front of the writer: the clients the system wires get its endpoint instead of
   * the writer's, and the writer sees at most `maxConnectionsPercent` of its max_connections.
   *
   * @default - no proxy
   */
  readonly proxy?: DatabaseProxyOptions;
  /** The load the database must carry. */
  readonly load?: ReplicatedDatabaseLoadOptions;
  /**
   * Utilisation bounds for the sizing check.
   *
   * @default - 0.7 normal, 0.9 with one AZ lost
   */
  readonly sizing?: SizingBoundsOptions;
}
