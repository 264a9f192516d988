import { AssumedInput, Assumptions } from '../../assumptions';
import * as catalog from '../../catalog';
import { checkPlanInputs, PLAN_FORMAT_VERSION } from '../../inputs';
import {
  capacityRow, checkFleet, checkLimit, checkRule, fmtPercent, RowContext, smallestPassing, SizingPolicy, unitsNeededNormal, utilizationOf,
  verdictFor,
} from '../../sizing/capacity';
import { Scenario, SizingRow, Verdict } from '../../sizing/report';
import { percentOf } from '../../sizing/units';
import { fmt, integerOr, isFiniteNumber, isPlainObject, numberOr, Rules } from '../../validation';
import {
  ARN_PATTERN, BlockKind, BlockPlanBase, checkName, CIDR_PATTERN, DEFAULT_AZS, DEFAULT_MAX_UTILIZATION, DEFAULT_TARGET_UTILIZATION, enumValues,
  MAX_AZS, MIN_AZS, MIN_UTILIZATION_BOUND, NAME_ALLOWED, NAME_PATTERN, PlanContext, RemovalPolicy, resolveSizingPolicy, SizingBoundsOptions,
} from '../common';
import { staticallyStableCpuTarget } from '../load-balanced-api';

// =============================================================================================
// Enums
// =============================================================================================

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

/** Where the block keeps its data. */
export enum DatabaseStorageKind {
  /** Aurora's cluster volume: six copies over three AZs, grows on its own up to the engine maximum. */
  AURORA_CLUSTER_VOLUME = 'AURORA_CLUSTER_VOLUME',
  /** An RDS gp3 EBS volume with storage autoscaling up to `maxAllocatedGiB`. */
  GP3 = 'GP3',
}

// =============================================================================================
// Options
// =============================================================================================

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
   * `tasks` and `poolSize`.
   *
   * @default - tasks x poolSize when both are given, else 0 (recorded as assumed)
   */
  readonly connections?: number;
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
}

/** Options of a ReplicatedDatabase: one writer and 0..15 readers spread over AZs. */
export interface ReplicatedDatabaseOptions {
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
  /** The load the database must carry. */
  readonly load?: ReplicatedDatabaseLoadOptions;
  /**
   * Utilisation bounds for the sizing check.
   *
   * @default - 0.7 normal, 0.9 with one AZ lost
   */
  readonly sizing?: SizingBoundsOptions;
}

// =============================================================================================
// Plan
// =============================================================================================

/** One DB instance as the backends create it. */
export interface DatabaseInstancePlan {
  /** Stable id: `writer`, `reader-1` .. `reader-15`. Adding a reader never renames another. */
  readonly id: string;
  readonly role: DatabaseInstanceRole;
  readonly instanceClass: string;
  /** Index of the AZ the instance is placed in (0 = the block's first AZ). */
  readonly az: number;
  /**
   * Whether the backend pins the instance to `az`. False for an RDS Multi-AZ writer: RDS picks
   * the primary's and the standby's AZs (CloudFormation rejects AvailabilityZone with MultiAZ).
   */
  readonly pinAz: boolean;
  /** Aurora failover priority (0 = first); 1 for every reader, so any of them may be promoted. */
  readonly promotionTier: number;
}

/** An endpoint apps connect to. */
export interface DatabaseEndpointPlan {
  /** Stable name, used for outputs and the exported list: `writer`, `reader` (Aurora), `reader-1`.. (RDS). */
  readonly name: string;
  readonly role: DatabaseInstanceRole;
  /** The instances behind the endpoint. */
  readonly instanceIds: string[];
}

/** The resolved Aurora replica auto scaling. Its floor is the plan's `readers` (the provisioned readers). */
export interface ReaderAutoScalingPlan {
  readonly maxReaders: number;
  readonly metric: ReaderScalingMetric;
  /**
   * The target value the tracking policy renders, as is: a CPU utilisation in percent (computed
   * once from the fraction option, e.g. 0.555 -> 55.5) with CPU_UTILIZATION, or connections per
   * reader with CONNECTIONS.
   */
  readonly targetValue: number;
  readonly scaleInCooldownSeconds: number;
  readonly scaleOutCooldownSeconds: number;
}

/** The resolved storage. */
export interface DatabaseStoragePlan {
  readonly kind: DatabaseStorageKind;
  /** RDS only: GiB allocated at creation. */
  readonly allocatedGiB?: number;
  /** RDS only: storage autoscaling ceiling in GiB. */
  readonly maxAllocatedGiB?: number;
  /** The engine's storage maximum in GiB (catalog). */
  readonly engineMaxGiB: number;
  readonly encrypted: boolean;
  /**
   * The key that encrypts the storage (and snapshots and backups) only. Absent: the block's own
   * key (when encrypted). The secret, Performance Insights and the log groups are always
   * encrypted with the block's key.
   */
  readonly kmsKeyArn?: string;
}

/** The resolved master credentials. */
export interface DatabaseCredentialsPlan {
  readonly username: string;
  /** The password is generated into a Secrets Manager secret; never in a template. */
  readonly generatedSecret: boolean;
  readonly rotation: boolean;
  readonly rotationDays: number;
}

/** The resolved monitoring. */
export interface DatabaseMonitoringPlan {
  readonly performanceInsights: boolean;
  readonly performanceInsightsRetentionDays: number;
  /**
   * Where Performance Insights (its switch, retention and key) is set: on the Aurora cluster
   * (so readers that auto scaling adds have it too), on each instance with RDS engines.
   */
  readonly performanceInsightsScope: DatabaseSettingScope;
  /** 0 = off. Set on each DB instance. */
  readonly enhancedMonitoringIntervalSeconds: number;
  readonly cloudwatchLogsExports: string[];
  /** Days the log groups of the exported logs keep them. */
  readonly logRetentionDays: number;
}

/** The resolved load. */
export interface ReplicatedDatabaseLoadPlan {
  readonly readsPerSecond: number;
  readonly writesPerSecond: number;
  readonly storageGiB: number;
  /** Client connections to the writer (tasks x poolSize when given so). */
  readonly connections: number;
  readonly adminConnections: number;
  readonly readsPerSecondPerVcpu: number;
  readonly writesPerSecondPerVcpu: number;
}

/** The resolved ReplicatedDatabase: every default explicit. Backends render exactly this. */
export interface ReplicatedDatabasePlan extends BlockPlanBase {
  readonly engine: DatabaseEngine;
  /** The catalog's engine family (instance classes, max_connections). */
  readonly engineFamily: catalog.DbEngineFamily;
  /** True for the Aurora engines (a cluster), false for RDS (instances). */
  readonly aurora: boolean;
  readonly engineVersion: string;
  /** Parameter group family, e.g. `aurora-postgresql16`, `mysql8.4`. */
  readonly parameterGroupFamily: string;
  readonly instanceClass: string;
  readonly instanceVcpu: number;
  readonly instanceMemoryGiB: number;
  readonly azCount: number;
  /** The writer first, then the readers in id order. */
  readonly instances: DatabaseInstancePlan[];
  /** Provisioned readers (the auto-scaling minimum when auto scaling is on). */
  readonly readers: number;
  /** RDS: a synchronous standby of the writer. Always false on Aurora (its volume is multi-AZ; readers are the failover targets). */
  readonly multiAz: boolean;
  readonly readerAutoScaling?: ReaderAutoScalingPlan;
  readonly endpoints: DatabaseEndpointPlan[];
  readonly storage: DatabaseStoragePlan;
  readonly iamAuthentication: boolean;
  readonly credentials: DatabaseCredentialsPlan;
  readonly backupRetentionDays: number;
  /**
   * RDS engines: days of automated backups of each read replica; absent: the replicas keep none
   * (RDS for PostgreSQL: a replica's data is its source's, backed up there; RDS for MySQL keeps
   * them so that a promoted replica is backed up from its first day). Absent on Aurora.
   */
  readonly replicaBackupRetentionDays?: number;
  /** Copy tags to snapshots: set on the cluster (Aurora) or on every instance (RDS). */
  readonly copyTagsToSnapshot: boolean;
  readonly deletionProtection: boolean;
  readonly removalPolicy: RemovalPolicy;
  /**
   * RDS engines: deletion protection of each read replica: the writer's `deletionProtection`,
   * false with `disposableReadReplicas`. Absent on Aurora (its readers hold no data of their own).
   */
  readonly replicaDeletionProtection?: boolean;
  /**
   * RDS engines: what removing a read replica does: RETAIN (RDS takes no final snapshot of a
   * replica), DESTROY with `disposableReadReplicas` or a DESTROY `removalPolicy`. Absent on Aurora.
   */
  readonly replicaRemovalPolicy?: RemovalPolicy;
  /**
   * Delete the automated backups when the cluster or writer is deleted: only with removal policy
   * DESTROY; otherwise they stay until their retention ends.
   */
  readonly deleteAutomatedBackups: boolean;
  /**
   * Name of the snapshot taken when the cluster or writer is deleted (`<name>-final`); absent
   * with removal policy DESTROY (no snapshot). Terraform sets it; CloudFormation's `Snapshot`
   * deletion policy names its snapshot itself.
   */
  readonly finalSnapshotIdentifier?: string;
  readonly monitoring: DatabaseMonitoringPlan;
  readonly requireTls: boolean;
  /** Every parameter the parameter group sets (the plan's own and the user's). */
  readonly parameters: { [key: string]: string };
  readonly port: number;
  readonly databaseName: string;
  /** Blocks admitted on the port (their security groups). */
  readonly allowedClients: string[];
  /** CIDRs admitted on the port. */
  readonly allowedCidrs: string[];
  /** Instances are never publicly accessible. */
  readonly publiclyAccessible: boolean;
  readonly autoMinorVersionUpgrade: boolean;
  readonly load: ReplicatedDatabaseLoadPlan;
}

// =============================================================================================
// Constants and small helpers
// =============================================================================================

/**
 * Default engine versions: the newest minor of each line that aws-cdk-lib 2.276.0 (the
 * project's pinned version) names, read 2026-11-24. PostgreSQL stays on major 16 on both Aurora
 * and RDS so switching between them keeps the major; RDS MySQL uses 8.4 because RDS standard
 * support for MySQL 8.0 ended on 2026-07-31; Aurora MySQL 3 is the MySQL 8.0-compatible line
 * Aurora supports on its own calendar.
 */
export const DEFAULT_ENGINE_VERSIONS: { [engine: string]: string } = {
  [DatabaseEngine.AURORA_POSTGRESQL]: '16.13',
  [DatabaseEngine.AURORA_MYSQL]: '8.0.mysql_aurora.3.12.0',
  [DatabaseEngine.RDS_POSTGRESQL]: '16.13',
  [DatabaseEngine.RDS_MYSQL]: '8.4.10',
};

/**
 * The smallest default instance class: Graviton3, memory-optimised, offered by Aurora and RDS
 * alike. Without `instanceClass` the plan takes the smallest size of this family that carries the
 * declared load (`defaultInstanceClass`).
 */
export const DEFAULT_DB_INSTANCE_CLASS = 'db.r7g.large';

/**
 * Fewest days of automated backups this library accepts (BLOCKS.md: retention >= 7 days). A
 * policy of the library, not an AWS limit (RDS accepts 0 or 1); the maximum is the catalog's.
 */
export const MIN_BACKUP_RETENTION_DAYS = 7;
const DEFAULT_BACKUP_RETENTION_DAYS = 14;

/**
 * The retention periods CloudWatch Logs accepts for a log group, in days (PutRetentionPolicy,
 * `retentionInDays`), without "never expire": a block's logs always expire.
 */
export const DB_LOG_RETENTION_DAYS_ALLOWED = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
/** Days the exported database logs are kept by default: one year, as the flow logs of the block's network. */
export const DEFAULT_DB_LOG_RETENTION_DAYS = 365;

/** Resource name of the replica quota row. */
export const REPLICA_QUOTA_RESOURCE = 'replica quota';

/** Resource name of the per-Region DB instance quota row (the sharded block sums it over shards). */
export const DB_INSTANCES_PER_REGION_RESOURCE = 'DB instances per Region';

const DEFAULT_ALLOCATED_GIB = 100;
const DEFAULT_MAX_ALLOCATED_GIB = 1000;
const DEFAULT_ADMIN_CONNECTIONS = catalog.ASSUMED.dbAdminConnections.value;

const RESERVED_DB_NAMES = ['postgres', 'template0', 'template1', 'rdsadmin', 'mysql', 'sys', 'information_schema', 'performance_schema'];

/** The catalog engine family of an engine. */
export function dbEngineFamilyOf(engine: DatabaseEngine): catalog.DbEngineFamily {
  switch (engine) {
    case DatabaseEngine.AURORA_MYSQL: return catalog.DbEngineFamily.AURORA_MYSQL;
    case DatabaseEngine.RDS_POSTGRESQL: return catalog.DbEngineFamily.POSTGRESQL;
    case DatabaseEngine.RDS_MYSQL: return catalog.DbEngineFamily.MYSQL;
    default: return catalog.DbEngineFamily.AURORA_POSTGRESQL;
  }
}

function isAuroraEngine(engine: DatabaseEngine): boolean {
  return engine === DatabaseEngine.AURORA_POSTGRESQL || engine === DatabaseEngine.AURORA_MYSQL;
}

function isPostgres(engine: DatabaseEngine): boolean {
  return engine === DatabaseEngine.AURORA_POSTGRESQL || engine === DatabaseEngine.RDS_POSTGRESQL;
}

/** The replica quota that applies to the engine (Aurora Replicas per cluster, or RDS read replicas per source). */
export function readerQuota(engineFamily: catalog.DbEngineFamily): catalog.Quota {
  return engineFamily === catalog.DbEngineFamily.AURORA_POSTGRESQL || engineFamily === catalog.DbEngineFamily.AURORA_MYSQL
    ? catalog.QUOTAS.aurora.replicasPerCluster : catalog.QUOTAS.rds.readReplicasPerSource;
}

/** PostgreSQL major of a version string such as `16.13`, or undefined. */
function postgresMajor(version: string): number | undefined {
  const m = /^(\d{2})\.(\d{1,3})$/.exec(version);
  return m ? Number(m[1]) : undefined;
}

/**
 * The Aurora cluster volume maximum for a version, in GiB: 256 TiB on Aurora PostgreSQL 17.5+,
 * 16.9+, 15.13+ (and later majors), 128 TiB otherwise (catalog QUOTAS.aurora; the version
 * thresholds are those the catalog's note states).
 */
export function auroraVolumeMaxGiB(engine: DatabaseEngine, version: string): number {
  const base = catalog.QUOTAS.aurora.volumeMaxTiB.value * 1024;
  if (engine !== DatabaseEngine.AURORA_POSTGRESQL) return base;
  const m = /^(\d{2})\.(\d{1,3})$/.exec(version);
  if (!m) return base;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const latest = major > 17 || (major === 17 && minor >= 5) || (major === 16 && minor >= 9) || (major === 15 && minor >= 13);
  return latest ? catalog.QUOTAS.aurora.volumeMaxTiBLatestPostgres.value * 1024 : base;
}

/**
 * The AZ index of each reader: readers fill the AZs other than the writer's first, round
 * robin from the writer's next AZ, so reader k always lands in the same AZ whatever the count.
 */
export function readerAzs(readers: number, azCount: number, writerAz: number = 0): number[] {
  const a = Math.max(1, Math.floor(azCount));
  return Array.from({ length: Math.max(0, Math.floor(readers)) }, (_, i) => (writerAz + 1 + i) % a);
}

/** Counts per AZ of a list of AZ indexes. */
function perAz(azs: number[], azCount: number): number[] {
  const out = Array.from({ length: Math.max(1, azCount) }, () => 0);
  for (const az of azs) if (az >= 0 && az < out.length) out[az]++;
  return out;
}

/** The classes of the same family larger than `instanceClass` that the engine offers, ascending. */
export function largerClasses(instanceClass: string, engineFamily: catalog.DbEngineFamily): catalog.InstanceSpec[] {
  const out: catalog.InstanceSpec[] = [];
  if (typeof instanceClass !== 'string') return out;
  let next = catalog.nextSizeInFamily(instanceClass, engineFamily);
  while (next !== undefined) {
    const spec = catalog.dbInstance(next, engineFamily);
    if (spec) out.push(spec);
    next = catalog.nextSizeInFamily(next, engineFamily);
  }
  return out;
}

// =============================================================================================
// planReplicatedDatabase
// =============================================================================================

/**
 * Validates options and resolves every default of a ReplicatedDatabase.
 *
 * @throws ValidationError listing every invalid prop
 */
export function planReplicatedDatabase(options: ReplicatedDatabaseOptions = {}, context: PlanContext = {}): ReplicatedDatabasePlan {
  checkPlanInputs(options, context, 'db', 'ReplicatedDatabaseOptions');
  const o: ReplicatedDatabaseOptions = isPlainObject(options) ? options : {};
  const name = o.name ?? 'db';
  const path = context.path ?? (typeof name === 'string' ? name : 'db');
  const rules = new Rules(path);
  rules.check('options', options, options === undefined || isPlainObject(options), 'an object of ReplicatedDatabaseOptions');
  const assumed = new Assumptions(context.specPrefix ?? (typeof name === 'string' ? name : 'db'));
  const nameOk = checkName(rules, name);

  // --- engine ---------------------------------------------------------------------------------
  const engineGiven = o.engine ?? DatabaseEngine.AURORA_POSTGRESQL;
  const engineOk = rules.oneOf('engine', engineGiven, enumValues(DatabaseEngine));
  const engine = engineOk ? engineGiven : DatabaseEngine.AURORA_POSTGRESQL;
  const aurora = isAuroraEngine(engine);
  const postgres = isPostgres(engine);
  const engineFamily = dbEngineFamilyOf(engine);
  const engineVersion = o.engineVersion ?? DEFAULT_ENGINE_VERSIONS[engine];
  const parameterGroupFamily = checkEngineVersion(rules, engine, engineVersion);
  const version = typeof engineVersion === 'string' ? engineVersion : DEFAULT_ENGINE_VERSIONS[engine];

  // --- instance class given (the default follows the load, below) ----------------------------
  const defaultSpec = catalog.dbInstance(DEFAULT_DB_INSTANCE_CLASS, engineFamily)!;
  const givenSpec = typeof o.instanceClass === 'string' ? catalog.dbInstance(o.instanceClass, engineFamily) : undefined;
  rules.check('instanceClass', o.instanceClass, o.instanceClass === undefined || givenSpec !== undefined,
    `a DB instance class the catalog knows for ${engine}: ${catalog.knownDbInstances(engineFamily).join(', ')}`);

  const azCount = integerOr(o.azCount, MIN_AZS, MAX_AZS, DEFAULT_AZS);
  rules.integer('azCount', o.azCount, MIN_AZS, MAX_AZS);

  const sizing = resolveSizingPolicy(rules, assumed, o.sizing);
  const safePolicy = safeSizingPolicy(sizing);

  // --- load -----------------------------------------------------------------------------------
  // Per-vCPU capacities scale by family; every default size is of the default family.
  const load = resolveLoad(rules, assumed, o.load, givenSpec ?? defaultSpec);

  // --- availability ---------------------------------------------------------------------------
  // RDS: the writer is Multi-AZ by default whatever the readers. RDS read replicas are
  // asynchronous and their promotion is manual and loses the replication lag; a Multi-AZ
  // standby is synchronous and fails over on its own in one to two minutes.
  rules.check('multiAz', o.multiAz, o.multiAz === undefined || !aurora,
    'unset with Aurora: the cluster volume spans three AZs and readers in other AZs are the failover targets');
  const multiAz = aurora ? false : rules.booleanOr('multiAz', o.multiAz, true);

  // --- instance class -------------------------------------------------------------------------
  const quota = readerQuota(engineFamily).value;
  const asGiven: unknown = o.readerAutoScaling;
  const readersPinned = o.readers !== undefined
    || (aurora && isPlainObject(asGiven) && (asGiven as ReaderAutoScalingOptions).minReaders !== undefined);
  const fit: ClassFitInput = { engineFamily, aurora, multiAz, azCount, load, policy: safePolicy, quota, sizeReaders: !readersPinned };
  const chosen = o.instanceClass === undefined ? defaultInstanceClass(fit) : undefined;
  if (chosen) assumed.take('instanceClass', undefined, chosen.name, defaultClassReason(fit, chosen));
  const instanceSpec = givenSpec ?? chosen ?? defaultSpec;
  const instanceClass = instanceSpec.name;
  const maxConn = catalog.maxConnections(engineFamily, instanceSpec);

  // --- readers --------------------------------------------------------------------------------
  rules.integer('readers', o.readers, 0, quota, `readers (the ${aurora ? 'Aurora Replica' : 'read replica'} quota is ${quota})`);
  const as = o.readerAutoScaling;
  rules.check('readerAutoScaling', as, as === undefined || isPlainObject(as), 'an object of ReaderAutoScalingOptions');
  rules.check('readerAutoScaling', as, as === undefined || aurora,
    'unset with RDS engines: RDS read replicas have no auto scaling (use an Aurora engine, or a fixed readers count)');
  const asOpts: ReaderAutoScalingOptions | undefined = aurora && isPlainObject(as) ? as : undefined;
  if (asOpts) {
    rules.integer('readerAutoScaling.minReaders', asOpts.minReaders, 1, quota, 'readers');
    if (o.readers !== undefined && asOpts.minReaders !== undefined) {
      rules.check('readerAutoScaling.minReaders', asOpts.minReaders, asOpts.minReaders === o.readers,
        `equal to readers (${Number.isInteger(o.readers) ? fmt(o.readers as number) : 'as given'}) or unset: the provisioned readers are the auto-scaling floor`);
    }
    rules.check('readers', o.readers, o.readers === undefined || o.readers !== 0,
      'at least 1 with readerAutoScaling: the scaling metrics are reader averages, so a reader must exist');
  }
  const givenReaders = asOpts?.minReaders ?? o.readers;
  const defaultReaders = defaultReaderCount(fit, instanceSpec);
  const readersRaw = assumed.take('readers', givenReaders, defaultReaders,
    'the readers the declared reads need with the worst AZ lost, at least 1 so a failover target exists');
  const readers = integerOr(readersRaw, asOpts ? 1 : 0, quota, defaultReaders);

  let readerAutoScaling: ReaderAutoScalingPlan | undefined;
  if (asOpts) {
    rules.integer('readerAutoScaling.maxReaders', asOpts.maxReaders, 1, quota, 'readers');
    const maxReaders = integerOr(asOpts.maxReaders, 1, quota, Math.min(quota, Math.max(readers * 2, readers + 1)));
    rules.check('readerAutoScaling.maxReaders', asOpts.maxReaders, asOpts.maxReaders === undefined || maxReaders >= readers,
      `at least the minimum readers (${readers})`);
    const metricGiven = asOpts.metric ?? ReaderScalingMetric.CPU_UTILIZATION;
    const metricOk = rules.oneOf('readerAutoScaling.metric', metricGiven, enumValues(ReaderScalingMetric));
    const metric = metricOk ? metricGiven : ReaderScalingMetric.CPU_UTILIZATION;
    rules.check('readerAutoScaling.targetCpuUtilization', asOpts.targetCpuUtilization, asOpts.targetCpuUtilization === undefined
      || (isFiniteNumber(asOpts.targetCpuUtilization) && asOpts.targetCpuUtilization >= 0.1 && asOpts.targetCpuUtilization <= 0.9),
    'a fraction from 0.1 to 0.9');
    rules.check('readerAutoScaling.targetCpuUtilization', asOpts.targetCpuUtilization,
      asOpts.targetCpuUtilization === undefined || metric === ReaderScalingMetric.CPU_UTILIZATION, 'unset with metric CONNECTIONS');
    const maxConnValue = maxConn?.value ?? 1000;
    rules.integer('readerAutoScaling.targetConnectionsPerReader', asOpts.targetConnectionsPerReader, 1, maxConnValue,
      `connections (max_connections of ${instanceClass} is ${fmt(maxConnValue)})`);
    rules.check('readerAutoScaling.targetConnectionsPerReader', asOpts.targetConnectionsPerReader,
      asOpts.targetConnectionsPerReader === undefined || metric === ReaderScalingMetric.CONNECTIONS, 'unset with metric CPU_UTILIZATION');
    const targetValue = metric === ReaderScalingMetric.CPU_UTILIZATION
      ? percentOf(numberOr(asOpts.targetCpuUtilization, 0.1, 0.9,
        staticallyStableCpuTarget(azCount, safePolicy.maxUtilization, safePolicy.warnMargin)))
      : integerOr(asOpts.targetConnectionsPerReader, 1, maxConnValue, Math.max(1, Math.floor(maxConnValue * safePolicy.targetUtilization)));
    rules.integer('readerAutoScaling.scaleInCooldownSeconds', asOpts.scaleInCooldownSeconds, 0, 3600, 's');
    rules.integer('readerAutoScaling.scaleOutCooldownSeconds', asOpts.scaleOutCooldownSeconds, 0, 3600, 's');
    readerAutoScaling = {
      maxReaders,
      metric,
      targetValue,
      scaleInCooldownSeconds: integerOr(asOpts.scaleInCooldownSeconds, 0, 3600, 300),
      scaleOutCooldownSeconds: integerOr(asOpts.scaleOutCooldownSeconds, 0, 3600, 300),
    };
  }

  const writerAz = 0;
  const azs = readerAzs(readers, azCount, writerAz);
  const instances: DatabaseInstancePlan[] = [
    { id: 'writer', role: DatabaseInstanceRole.WRITER, instanceClass, az: writerAz, pinAz: !multiAz, promotionTier: 0 },
    ...azs.map((az, i): DatabaseInstancePlan => ({
      id: `reader-${i + 1}`, role: DatabaseInstanceRole.READER, instanceClass, az, pinAz: true, promotionTier: 1,
    })),
  ];
  const readerIds = instances.filter((i) => i.role === DatabaseInstanceRole.READER).map((i) => i.id);
  const endpoints: DatabaseEndpointPlan[] = [
    { name: 'writer', role: DatabaseInstanceRole.WRITER, instanceIds: ['writer'] },
    ...(aurora
      ? [{ name: 'reader', role: DatabaseInstanceRole.READER, instanceIds: readerIds }]
      : readerIds.map((id) => ({ name: id, role: DatabaseInstanceRole.READER, instanceIds: [id] }))),
  ];

  // --- storage --------------------------------------------------------------------------------
  const storage = resolveStorage(rules, o, { engine, aurora, version, load });

  // --- security -------------------------------------------------------------------------------
  const iamAuthentication = rules.booleanOr('iamAuthentication', o.iamAuthentication, true);
  const credentials = resolveCredentials(rules, o.credentials);
  const requireTls = rules.booleanOr('requireTls', o.requireTls, true);
  const allowedClients = rules.strings('allowedClients', o.allowedClients);
  allowedClients.forEach((c, i) => rules.check(`allowedClients[${i}]`, c, NAME_PATTERN.test(c), `a block name: ${NAME_ALLOWED}`));
  const allowedCidrs = rules.strings('allowedCidrs', o.allowedCidrs);
  allowedCidrs.forEach((c, i) => {
    if (rules.matches(`allowedCidrs[${i}]`, c, CIDR_PATTERN, 'a CIDR block such as 10.0.0.0/16')) {
      rules.check(`allowedCidrs[${i}]`, c, !/\/0$/.test(c), 'a private CIDR: a database is never open to every address (/0)');
    }
  });

  // --- durability -----------------------------------------------------------------------------
  const backupMax = catalog.QUOTAS.rds.backupRetentionMaxDays.value;
  const backupRetentionDays = integerOr(o.backupRetentionDays, MIN_BACKUP_RETENTION_DAYS, backupMax, DEFAULT_BACKUP_RETENTION_DAYS);
  rules.integer('backupRetentionDays', o.backupRetentionDays, MIN_BACKUP_RETENTION_DAYS, backupMax,
    `days (at least ${MIN_BACKUP_RETENTION_DAYS}: this library's floor; at most ${backupMax}: the RDS maximum)`);
  const deletionProtection = rules.booleanOr('deletionProtection', o.deletionProtection, true);
  const removalGiven = o.removalPolicy ?? RemovalPolicy.SNAPSHOT;
  const removalPolicy = rules.oneOf('removalPolicy', removalGiven, enumValues(RemovalPolicy)) ? removalGiven : RemovalPolicy.SNAPSHOT;
  const disposableReplicas = rules.booleanOr('disposableReadReplicas', o.disposableReadReplicas, false);
  rules.check('disposableReadReplicas', o.disposableReadReplicas, o.disposableReadReplicas === undefined || !aurora,
    'unset with an Aurora engine (Aurora readers hold no data of their own; the cluster is protected)');
  const replicaDeletionProtection = aurora ? undefined : deletionProtection && !disposableReplicas;
  const replicaRemovalPolicy = aurora ? undefined
    : disposableReplicas || removalPolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

  // --- monitoring -----------------------------------------------------------------------------
  const performanceInsights = rules.booleanOr('performanceInsights', o.performanceInsights, true);
  const piRetentionAllowed = catalog.ALLOWED_VALUES.rds.performanceInsightsRetentionDays.values;
  const monitoringIntervals = catalog.ALLOWED_VALUES.rds.enhancedMonitoringIntervalsSeconds.values;
  rules.check('performanceInsightsRetentionDays', o.performanceInsightsRetentionDays, o.performanceInsightsRetentionDays === undefined
    || piRetentionAllowed.includes(o.performanceInsightsRetentionDays as number), '7, a multiple of 31 up to 713, or 731 days');
  rules.check('performanceInsightsRetentionDays', o.performanceInsightsRetentionDays,
    o.performanceInsightsRetentionDays === undefined || performanceInsights, 'unset with performanceInsights false');
  const piRetention = piRetentionAllowed.includes(o.performanceInsightsRetentionDays as number) ? o.performanceInsightsRetentionDays as number : 7;
  rules.check('enhancedMonitoringIntervalSeconds', o.enhancedMonitoringIntervalSeconds, o.enhancedMonitoringIntervalSeconds === undefined
    || monitoringIntervals.includes(o.enhancedMonitoringIntervalSeconds as number), `one of ${monitoringIntervals.join(', ')} s (0 = off)`);
  const enhancedMonitoringIntervalSeconds = monitoringIntervals.includes(o.enhancedMonitoringIntervalSeconds as number)
    ? o.enhancedMonitoringIntervalSeconds as number : 60;
  const allowedLogs = catalog.DB_LOG_EXPORTS[engineFamily].values;
  const defaultLogs = [...(postgres ? ['postgresql'] : ['error', 'slowquery']), ...(iamAuthentication ? ['iam-db-auth-error'] : [])];
  const logsGiven = o.cloudwatchLogsExports === undefined ? defaultLogs : rules.strings('cloudwatchLogsExports', o.cloudwatchLogsExports);
  logsGiven.forEach((l, i) => {
    rules.check(`cloudwatchLogsExports[${i}]`, l, allowedLogs.includes(l), `a log type ${engine} exports: ${allowedLogs.join(', ')}`);
    rules.check(`cloudwatchLogsExports[${i}]`, l, logsGiven.indexOf(l) === i, 'listed once');
  });
  const cloudwatchLogsExports = logsGiven.filter((l, i) => allowedLogs.includes(l) && logsGiven.indexOf(l) === i);
  rules.check('logRetentionDays', o.logRetentionDays, o.logRetentionDays === undefined || DB_LOG_RETENTION_DAYS_ALLOWED.includes(o.logRetentionDays),
    `days CloudWatch Logs keeps a log group: one of ${DB_LOG_RETENTION_DAYS_ALLOWED.join(', ')}`);
  const logRetentionDays = DB_LOG_RETENTION_DAYS_ALLOWED.includes(o.logRetentionDays as number)
    ? o.logRetentionDays as number : DEFAULT_DB_LOG_RETENTION_DAYS;

  // --- parameters -----------------------------------------------------------------------------
  const parameters = resolveParameters(rules, o.parameters, { postgres, requireTls, logs: cloudwatchLogsExports });

  // --- connectivity ---------------------------------------------------------------------------
  const { portMin, portMax } = catalog.QUOTAS.rds;
  const port = integerOr(o.port, portMin.value, portMax.value, postgres ? 5432 : 3306);
  rules.integer('port', o.port, portMin.value, portMax.value);
  const defaultDbName = typeof name === 'string' && nameOk ? name.replace(/-/g, '_') : 'db';
  const databaseName = o.databaseName ?? defaultDbName;
  if (rules.matches('databaseName', databaseName, /^[A-Za-z][A-Za-z0-9_]{0,62}$/,
    'a letter, then letters, digits or underscores, 1 to 63 characters')) {
    rules.check('databaseName', databaseName, !RESERVED_DB_NAMES.includes(databaseName.toLowerCase()),
      `not a name the engine reserves (${RESERVED_DB_NAMES.join(', ')})`);
  }

  rules.throwIfInvalid();
  return {
    kind: BlockKind.REPLICATED_DATABASE,
    planVersion: PLAN_FORMAT_VERSION,
    name: name as string,
    path,
    sizing,
    assumed: assumed.list,
    engine,
    engineFamily,
    aurora,
    engineVersion: version,
    parameterGroupFamily: parameterGroupFamily ?? '',
    instanceClass,
    instanceVcpu: instanceSpec.vcpu,
    instanceMemoryGiB: instanceSpec.memoryGiB,
    azCount,
    instances,
    readers,
    multiAz,
    readerAutoScaling,
    endpoints,
    storage,
    iamAuthentication,
    credentials,
    backupRetentionDays,
    replicaBackupRetentionDays: !aurora && !postgres ? backupRetentionDays : undefined,
    copyTagsToSnapshot: true,
    deletionProtection,
    removalPolicy,
    replicaDeletionProtection,
    replicaRemovalPolicy,
    deleteAutomatedBackups: removalPolicy === RemovalPolicy.DESTROY,
    finalSnapshotIdentifier: removalPolicy === RemovalPolicy.DESTROY ? undefined : `${name as string}-final`,
    monitoring: {
      performanceInsights,
      performanceInsightsRetentionDays: piRetention,
      performanceInsightsScope: aurora ? DatabaseSettingScope.CLUSTER : DatabaseSettingScope.INSTANCE,
      enhancedMonitoringIntervalSeconds,
      cloudwatchLogsExports,
      logRetentionDays,
    },
    requireTls,
    parameters,
    port,
    databaseName: databaseName as string,
    allowedClients,
    allowedCidrs,
    publiclyAccessible: false,
    autoMinorVersionUpgrade: true,
    load,
  };
}

/** Checks the version format per engine; returns the parameter group family, or undefined when invalid. */
function checkEngineVersion(rules: Rules, engine: DatabaseEngine, version: unknown): string | undefined {
  if (typeof version !== 'string') {
    rules.check('engineVersion', version, false, 'a version string');
    return undefined;
  }
  switch (engine) {
    case DatabaseEngine.AURORA_POSTGRESQL:
    case DatabaseEngine.RDS_POSTGRESQL: {
      const major = postgresMajor(version);
      const ok = rules.check('engineVersion', version, major !== undefined && major >= 14,
        'a PostgreSQL major.minor version from major 14 on, such as 16.13');
      return ok ? `${engine === DatabaseEngine.AURORA_POSTGRESQL ? 'aurora-postgresql' : 'postgres'}${major}` : undefined;
    }
    case DatabaseEngine.AURORA_MYSQL: {
      const ok = rules.check('engineVersion', version, /^8\.0\.mysql_aurora\.3\.\d{2}\.\d{1,2}$/.test(version),
        'an Aurora MySQL 3 version such as 8.0.mysql_aurora.3.12.0');
      return ok ? 'aurora-mysql8.0' : undefined;
    }
    default: {
      const m = /^8\.(0|4)\.\d{1,3}$/.exec(version);
      const ok = rules.check('engineVersion', version, m !== null, 'a MySQL 8.0 or 8.4 version such as 8.4.10');
      return ok && m ? `mysql8.${m[1]}` : undefined;
    }
  }
}

function resolveLoad(rules: Rules, assumed: Assumptions, given: unknown, spec: catalog.InstanceSpec): ReplicatedDatabaseLoadPlan {
  rules.check('load', given, given === undefined || isPlainObject(given), 'an object of ReplicatedDatabaseLoadOptions');
  const l: ReplicatedDatabaseLoadOptions = isPlainObject(given) ? given : {};
  rules.number('load.readsPerSecond', l.readsPerSecond, 0, 1e9, 'reads/s');
  rules.number('load.writesPerSecond', l.writesPerSecond, 0, 1e9, 'writes/s');
  rules.number('load.storageGiB', l.storageGiB, 0, 1e9, 'GiB');
  rules.integer('load.connections', l.connections, 0, 1e7, 'connections');
  rules.integer('load.tasks', l.tasks, 1, 1e6, 'tasks');
  rules.integer('load.poolSize', l.poolSize, 1, 1e5, 'connections');
  rules.integer('load.adminConnections', l.adminConnections, 0, 10_000, 'connections');
  rules.positive('load.readsPerSecondPerVcpu', l.readsPerSecondPerVcpu, 1e7, 'reads/s');
  rules.positive('load.writesPerSecondPerVcpu', l.writesPerSecondPerVcpu, 1e7, 'writes/s');
  rules.check('load.connections', l.connections, l.connections === undefined || (l.tasks === undefined && l.poolSize === undefined),
    'unset with load.tasks and load.poolSize (give either connections, or tasks and poolSize)');
  rules.check('load.poolSize', l.poolSize, (l.tasks === undefined) === (l.poolSize === undefined),
    'set together with load.tasks (connections = tasks x poolSize)');

  const num = (v: unknown, max: number): number | undefined => (isFiniteNumber(v) && v >= 0 && v <= max ? v : undefined);
  const readsPerSecond = assumed.take('load.readsPerSecond', num(l.readsPerSecond, 1e9), 0, 'no reads declared: nothing to size against');
  const writesPerSecond = assumed.take('load.writesPerSecond', num(l.writesPerSecond, 1e9), 0, 'no writes declared: nothing to size against');
  const storageGiB = assumed.take('load.storageGiB', num(l.storageGiB, 1e9), 0, 'no storage declared: nothing to size against');
  const pooled = Number.isInteger(l.tasks) && Number.isInteger(l.poolSize) ? (l.tasks as number) * (l.poolSize as number) : undefined;
  const connections = assumed.take('load.connections', Number.isInteger(l.connections) && (l.connections as number) >= 0 ? l.connections : pooled, 0,
    'no connections declared: only the admin headroom is checked');
  const adminConnections = assumed.take('load.adminConnections', integerOr(l.adminConnections, 0, 10_000, -1) >= 0 ? l.adminConnections : undefined,
    DEFAULT_ADMIN_CONNECTIONS, 'headroom for RDS\'s reserved sessions (PostgreSQL keeps 3 superuser and 2 rds_superuser slots), monitoring and migrations');
  const reads = assumedPerVcpu(catalog.ASSUMED.dbReadsPerSecondPerVcpu, spec, 'reads');
  const writes = assumedPerVcpu(catalog.ASSUMED.dbWritesPerSecondPerVcpu, spec, 'writes');
  const pos = (v: unknown): number | undefined => (isFiniteNumber(v) && v > 0 && v <= 1e7 ? v : undefined);
  const readsPerSecondPerVcpu = assumed.take('load.readsPerSecondPerVcpu', pos(l.readsPerSecondPerVcpu), reads.value, reads.reason,
    (v) => `${fmt(v)} reads/s per vCPU`);
  const writesPerSecondPerVcpu = assumed.take('load.writesPerSecondPerVcpu', pos(l.writesPerSecondPerVcpu), writes.value, writes.reason,
    (v) => `${fmt(v)} writes/s per vCPU`);
  return { readsPerSecond, writesPerSecond, storageGiB, connections, adminConnections, readsPerSecondPerVcpu, writesPerSecondPerVcpu };
}

function assumedPerVcpu(a: catalog.Assumption, spec: catalog.InstanceSpec, what: string): { value: number; reason: string } {
  const ref = a.referenceFamily ?? spec.family;
  const speed = catalog.relativeVcpuSpeed(spec.family, ref);
  const value = Math.round(a.value * (speed ?? 1) * 100) / 100;
  const scaled = speed === undefined
    ? ` (no CoreMark figure for ${spec.family}: unscaled)`
    : speed !== 1 ? ` x ${fmt(speed)} (${spec.family} per-vCPU speed vs ${ref})` : '';
  return {
    value,
    reason: `${fmt(a.value)} ${what}/s per vCPU (${a.source.title})${scaled}: measure yours and set load.${what}PerSecondPerVcpu`,
  };
}

interface StorageContext {
  readonly engine: DatabaseEngine;
  readonly aurora: boolean;
  readonly version: string;
  readonly load: ReplicatedDatabaseLoadPlan;
}

function resolveStorage(rules: Rules, o: ReplicatedDatabaseOptions, ctx: StorageContext): DatabaseStoragePlan {
  const encrypted = rules.booleanOr('storageEncrypted', o.storageEncrypted, true);
  if (rules.matches('kmsKeyArn', o.kmsKeyArn, ARN_PATTERN, 'a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)')) {
    rules.check('kmsKeyArn', o.kmsKeyArn, o.kmsKeyArn === undefined || /^arn:aws[a-zA-Z-]*:kms:/.test(o.kmsKeyArn), 'a KMS key ARN (arn:aws:kms:...)');
  }
  rules.check('kmsKeyArn', o.kmsKeyArn, o.kmsKeyArn === undefined || encrypted, 'unset with storageEncrypted false');
  const kmsKeyArn = encrypted && typeof o.kmsKeyArn === 'string' ? o.kmsKeyArn : undefined;
  if (ctx.aurora) {
    rules.check('allocatedStorageGiB', o.allocatedStorageGiB, o.allocatedStorageGiB === undefined,
      'unset with Aurora: the cluster volume grows on its own');
    rules.check('maxAllocatedStorageGiB', o.maxAllocatedStorageGiB, o.maxAllocatedStorageGiB === undefined,
      'unset with Aurora: the cluster volume grows on its own');
    return { kind: DatabaseStorageKind.AURORA_CLUSTER_VOLUME, engineMaxGiB: auroraVolumeMaxGiB(ctx.engine, ctx.version), encrypted, kmsKeyArn };
  }
  const max = catalog.QUOTAS.rds.storageMaxGiB.value;
  const min = catalog.QUOTAS.rds.gp3StorageMinGiB.value;
  const abovePercent = catalog.QUOTAS.rds.maxAllocatedStorageMinPercentAbove.value;
  const ceilingRatio = 1 + abovePercent / 100;
  rules.integer('allocatedStorageGiB', o.allocatedStorageGiB, min, max, 'GiB');
  rules.integer('maxAllocatedStorageGiB', o.maxAllocatedStorageGiB, min, max, 'GiB');
  const forDemand = Math.ceil(ctx.load.storageGiB / 0.9);
  // The default allocation holds the declared data with 10 % free, but stays under a given ceiling.
  const givenMax = integerOr(o.maxAllocatedStorageGiB, min, max, max);
  const allocatedDefault = Math.max(min, Math.min(max, Math.max(DEFAULT_ALLOCATED_GIB, forDemand),
    Math.floor(givenMax / ceilingRatio)));
  const allocatedGiB = integerOr(o.allocatedStorageGiB, min, max, allocatedDefault);
  const minMax = Math.ceil(allocatedGiB * ceilingRatio);
  const maxAllocatedGiB = integerOr(o.maxAllocatedStorageGiB, min, max,
    Math.min(max, Math.max(DEFAULT_MAX_ALLOCATED_GIB, allocatedGiB * 2)));
  rules.check('maxAllocatedStorageGiB', o.maxAllocatedStorageGiB ?? maxAllocatedGiB,
    maxAllocatedGiB >= minMax || (o.maxAllocatedStorageGiB === undefined && allocatedGiB === max),
    `at least ${fmt(abovePercent)} % above allocatedStorageGiB: >= ${fmt(minMax)} GiB`);
  return {
    kind: DatabaseStorageKind.GP3, allocatedGiB, maxAllocatedGiB: Math.max(maxAllocatedGiB, allocatedGiB), engineMaxGiB: max, encrypted, kmsKeyArn,
  };
}

function resolveCredentials(rules: Rules, given: unknown): DatabaseCredentialsPlan {
  rules.check('credentials', given, given === undefined || isPlainObject(given), 'an object of DatabaseCredentialsOptions');
  const c: DatabaseCredentialsOptions = isPlainObject(given) ? given : {};
  const username = c.username ?? 'dbadmin';
  if (rules.matches('credentials.username', username, /^[A-Za-z][A-Za-z0-9_]{0,15}$/,
    'a letter, then letters, digits or underscores, 1 to 16 characters')) {
    rules.check('credentials.username', username, !/^rds/i.test(username), 'a name not starting with "rds" (reserved by RDS)');
  }
  const rotation = rules.booleanOr('credentials.rotation', c.rotation, true);
  const sm = catalog.QUOTAS.secretsManager;
  rules.integer('credentials.rotationDays', c.rotationDays, sm.rotationIntervalMinDays.value, sm.rotationIntervalMaxDays.value, 'days');
  rules.check('credentials.rotationDays', c.rotationDays, c.rotationDays === undefined || rotation, 'unset with credentials.rotation false');
  return {
    username: typeof username === 'string' ? username : 'dbadmin',
    generatedSecret: true,
    rotation,
    rotationDays: integerOr(c.rotationDays, sm.rotationIntervalMinDays.value, sm.rotationIntervalMaxDays.value, 30),
  };
}

interface ParameterContext {
  readonly postgres: boolean;
  readonly requireTls: boolean;
  readonly logs: string[];
}

function resolveParameters(rules: Rules, given: unknown, ctx: ParameterContext): { [key: string]: string } {
  rules.check('parameters', given, given === undefined || isPlainObject(given), 'an object of parameter name -> value strings');
  const user: Record<string, unknown> = isPlainObject(given) ? given : {};
  const tlsKey = ctx.postgres ? 'rds.force_ssl' : 'require_secure_transport';
  const own: { [key: string]: string } = ctx.postgres
    ? { 'rds.force_ssl': ctx.requireTls ? '1' : '0', 'log_min_duration_statement': '1000' }
    : { require_secure_transport: ctx.requireTls ? 'ON' : 'OFF', slow_query_log: ctx.logs.includes('slowquery') ? '1' : '0', long_query_time: '1' };
  const out = { ...own };
  for (const [k, v] of Object.entries(user)) {
    const p = `parameters.${k}`;
    const keyOk = rules.check(p, k, /^[A-Za-z_][A-Za-z0-9_.]{0,127}$/.test(k), 'a parameter name (letters, digits, underscores and dots)');
    const valueOk = rules.check(p, v, typeof v === 'string' && v.length <= 4096, 'a string value');
    rules.check(p, v, k !== tlsKey, `set through requireTls (true: ${tlsKey} is ${ctx.postgres ? '1' : 'ON'}), not in parameters`);
    if (keyOk && valueOk && k !== tlsKey) out[k] = v as string;
  }
  return out;
}

// =============================================================================================
// Defaults that follow the load: the sizing bounds they use, the instance class, the readers
// =============================================================================================

/**
 * The bounds the defaults are sized with: the resolved ones, or the SIZING-MODEL defaults for a
 * bound that is not a number in [MIN_UTILIZATION_BOUND, 1] (the rules report it; the plan throws
 * before these defaults are seen). One rule for ReplicatedDatabase and ShardedDatabase.
 */
export function safeSizingPolicy(sizing: SizingPolicy): SizingPolicy {
  return {
    targetUtilization: numberOr(sizing.targetUtilization, MIN_UTILIZATION_BOUND, 1, DEFAULT_TARGET_UTILIZATION),
    maxUtilization: numberOr(sizing.maxUtilization, MIN_UTILIZATION_BOUND, 1, DEFAULT_MAX_UTILIZATION),
    warnMargin: sizing.warnMargin,
  };
}

/** What the default instance class and reader count are sized against. */
export interface ClassFitInput {
  readonly engineFamily: catalog.DbEngineFamily;
  readonly aurora: boolean;
  readonly multiAz: boolean;
  readonly azCount: number;
  readonly load: ReplicatedDatabaseLoadPlan;
  readonly policy: SizingPolicy;
  /** The replica quota of the engine. */
  readonly quota: number;
  /** True when the readers are left to their default: the class must then let <= quota readers carry the reads. */
  readonly sizeReaders: boolean;
}

/**
 * The fewest readers of `spec` that carry the declared reads, in normal operation and with the
 * worst AZ lost (counted from the plan's placement, Aurora's promotion included); 1 without reads;
 * undefined when no count up to 2^20 does.
 */
export function readersNeeded(i: ClassFitInput, spec: catalog.InstanceSpec): number | undefined {
  const perReader = i.load.readsPerSecondPerVcpu * spec.vcpu;
  const perWriterWrites = i.load.writesPerSecondPerVcpu * spec.vcpu;
  const reads = i.load.readsPerSecond;
  if (reads <= 0) return 1;
  const spare = writerReadCapacity(perReader, perWriterWrites, i.load.writesPerSecond, i.policy.maxUtilization);
  const ok = (n: number): boolean => {
    const normal = verdictFor(utilizationOf(reads, perReader * n), i.policy.targetUtilization, i.policy.warnMargin) === Verdict.PASS;
    const topo: ReplicatedDatabaseTopology = {
      aurora: i.aurora,
      instanceClass: spec.name,
      azCount: i.azCount,
      writerAz: 0,
      readerAzs: readerAzs(n, i.azCount, 0),
      multiAz: i.multiAz,
      maxReaders: n,
    };
    const loss = worstAzLoss(topo, perReader, spare);
    return normal && verdictFor(utilizationOf(reads, loss.capacity), i.policy.maxUtilization, i.policy.warnMargin) === Verdict.PASS;
  };
  return smallestPassing(1, ok, 2 ** 20);
}

/** The default reader count: readersNeeded, at most the replica quota (the readers row then FAILs with its fix). */
function defaultReaderCount(i: ClassFitInput, spec: catalog.InstanceSpec): number {
  return Math.min(i.quota, readersNeeded(i, spec) ?? i.quota);
}

/**
 * Whether a class carries the declared load as the sizing rows check it: the writer row PASSes
 * (writes at the target utilisation), the connections row PASSes (client + admin connections
 * within 90 % of max_connections; a class without a catalog figure counts as carrying them: its
 * row WARNs whatever the class), and, with `sizeReaders`, at most the replica quota of readers
 * carry the reads.
 */
export function classCarries(i: ClassFitInput, spec: catalog.InstanceSpec): boolean {
  const writes = verdictFor(utilizationOf(i.load.writesPerSecond, i.load.writesPerSecondPerVcpu * spec.vcpu),
    i.policy.targetUtilization, i.policy.warnMargin) === Verdict.PASS;
  const max = catalog.maxConnections(i.engineFamily, spec);
  const connections = max === undefined
    || verdictFor(utilizationOf(i.load.connections + i.load.adminConnections, max.value), 1, i.policy.warnMargin) === Verdict.PASS;
  if (!writes || !connections) return false;
  if (!i.sizeReaders) return true;
  const n = readersNeeded(i, spec);
  return n !== undefined && n <= i.quota;
}

/**
 * The sizes of the default family the engine offers, ascending from DEFAULT_DB_INSTANCE_CLASS,
 * up to `upTo` (a class name of that family) when given.
 */
export function defaultClassCandidates(engineFamily: catalog.DbEngineFamily, upTo?: string): catalog.InstanceSpec[] {
  const first = catalog.dbInstance(DEFAULT_DB_INSTANCE_CLASS, engineFamily);
  if (!first) return [];
  const all = [first, ...largerClasses(first.name, engineFamily)];
  const cap = upTo === undefined ? -1 : all.findIndex((c) => c.name === upTo);
  return cap < 0 ? all : all.slice(0, cap + 1);
}

/**
 * The default instance class: the smallest size of the default family (db.r7g) that
 * `classCarries` the declared load; the largest when none does (its rows then FAIL and say to
 * shard). Without load this is DEFAULT_DB_INSTANCE_CLASS. Readers are then sized for it.
 */
export function defaultInstanceClass(i: ClassFitInput, upTo?: string): catalog.InstanceSpec {
  const candidates = defaultClassCandidates(i.engineFamily, upTo);
  return candidates.find((c) => classCarries(i, c)) ?? candidates[candidates.length - 1];
}

function defaultClassReason(i: ClassFitInput, chosen: catalog.InstanceSpec): string {
  const l = i.load;
  const declared = l.writesPerSecond > 0 || l.connections > 0 || (i.sizeReaders && l.readsPerSecond > 0);
  if (!declared) return 'Graviton3 memory-optimised class that Aurora and RDS both offer; the smallest size, as no load is declared';
  const what = [`${fmt(l.writesPerSecond)} writes/s on the writer`, `${fmt(l.connections + l.adminConnections)} connections`,
    ...(i.sizeReaders ? [`${fmt(l.readsPerSecond)} reads/s on at most ${fmt(i.quota)} readers`] : [])].join(', ');
  return classCarries(i, chosen)
    ? `the smallest ${chosen.family} size (Graviton3, memory-optimised, offered by Aurora and RDS alike) that carries ${what}`
    : `no ${chosen.family} size carries ${what}: the largest is taken and the sizing says what to change`;
}

// =============================================================================================
// Sizing
// =============================================================================================

/** What the sizing reads of a deployed database: taken from the plan, or from a synthesized template. */
export interface ReplicatedDatabaseTopology {
  /** An Aurora cluster (a reader is promoted when the writer's AZ is lost) or RDS instances. */
  readonly aurora: boolean;
  readonly instanceClass: string;
  readonly azCount: number;
  /** AZ index of the writer. */
  readonly writerAz: number;
  /** AZ index of each reader counted (the provisioned ones: the auto-scaling minimum). */
  readonly readerAzs: number[];
  /** RDS: the writer has a synchronous standby in another AZ. */
  readonly multiAz: boolean;
  /** Readers the cluster may run (the auto-scaling maximum), for the quota rows. */
  readonly maxReaders: number;
}

/** The demand on a ReplicatedDatabase; each field defaults to the plan's load. */
export interface ReplicatedDatabaseDemand {
  /**
   * Reads/s that reach the database.
   *
   * @default - the plan's load.readsPerSecond
   */
  readonly readsPerSecond?: number;
  /**
   * Writes/s on the writer.
   *
   * @default - the plan's load.writesPerSecond
   */
  readonly writesPerSecond?: number;
  /**
   * Client connections to the writer.
   *
   * @default - the plan's load.connections
   */
  readonly connections?: number;
  /**
   * Reads/s that reach the database only when an AZ is lost (e.g. the share of a cache shard
   * without a replica): added to the AZ_LOSS reads row.
   *
   * @default 0
   */
  readonly extraReadsPerSecondOnAzLoss?: number;
  /**
   * Data held, in GiB.
   *
   * @default - the plan's load.storageGiB
   */
  readonly storageGiB?: number;
}

/** The topology a plan intends to deploy. */
export function replicatedDatabaseTopologyOf(plan: ReplicatedDatabasePlan): ReplicatedDatabaseTopology {
  const writer = plan.instances.find((i) => i.role === DatabaseInstanceRole.WRITER);
  return {
    aurora: plan.aurora,
    instanceClass: plan.instanceClass,
    azCount: plan.azCount,
    writerAz: writer?.az ?? 0,
    readerAzs: plan.instances.filter((i) => i.role === DatabaseInstanceRole.READER).map((i) => i.az),
    multiAz: plan.multiAz,
    maxReaders: plan.readerAutoScaling?.maxReaders ?? plan.readers,
  };
}

/** What losing one AZ leaves of the read capacity. */
export interface AzLossOutcome {
  /** The AZ lost. */
  readonly az: number;
  /** Readers placed in the lost AZ. */
  readonly readersLost: number;
  /** Aurora: a surviving reader was promoted to writer (it no longer serves reads). */
  readonly promoted: boolean;
  /** Readers left serving reads. */
  readonly readersLeft: number;
  /** Whether a writer is still up (RDS Multi-AZ: the standby; Aurora: the promoted reader). */
  readonly writerUp: boolean;
  /** Reads/s capacity left: the readers', or the writer's spare capacity when no reader is left. */
  readonly capacity: number;
}

/**
 * The read capacity a writer has left beside its writes, at a utilisation bound: reads and
 * writes share its CPU, so reads/kr + writes/kw <= bound gives reads <= kr x (1 - writes / (bound x kw)).
 */
export function writerReadCapacity(perInstanceReads: number, perInstanceWrites: number, writes: number, bound: number): number {
  if (perInstanceWrites <= 0 || bound <= 0) return 0;
  return perInstanceReads * Math.max(0, 1 - writes / (bound * perInstanceWrites));
}

/**
 * The worst single-AZ loss for reads. Losing AZ a removes its readers; if it held the writer,
 * Aurora promotes a surviving reader (one reader less serving reads), RDS Multi-AZ fails over
 * to its standby (no reader lost), and a single-AZ RDS writer is down. When no reader is left,
 * reads fall back to a surviving writer (Aurora's reader endpoint does so by itself; with RDS
 * the app's routing must), which has only its spare capacity beside the writes.
 */
export function worstAzLoss(t: ReplicatedDatabaseTopology, perReader: number, writerSpare: number): AzLossOutcome {
  const A = Math.max(1, t.azCount);
  const counts = perAz(t.readerAzs, A);
  const n = t.readerAzs.length;
  let worst: AzLossOutcome | undefined;
  for (let az = 0; az < A; az++) {
    const lost = counts[az];
    const outside = n - lost;
    const writerHere = az === t.writerAz;
    const promoted = t.aurora && writerHere && outside >= 1;
    const writerUp = !writerHere || promoted || (!t.aurora && t.multiAz);
    const readersLeft = outside - (promoted ? 1 : 0);
    const capacity = readersLeft >= 1 ? perReader * readersLeft : writerUp ? writerSpare : 0;
    if (worst === undefined || capacity < worst.capacity) {
      worst = { az, readersLost: lost, promoted, readersLeft, writerUp, capacity };
    }
  }
  return worst!;
}

/** Per-instance read and write capacity of the topology's class, or undefined when the catalog does not know it. */
export function instanceCapacities(plan: ReplicatedDatabasePlan, instanceClass: string):
{ spec: catalog.InstanceSpec; reads: number; writes: number } | undefined {
  const spec = catalog.dbInstance(instanceClass, plan.engineFamily);
  if (!spec) return undefined;
  return { spec, reads: plan.load.readsPerSecondPerVcpu * spec.vcpu, writes: plan.load.writesPerSecondPerVcpu * spec.vcpu };
}

/**
 * A row of `capacity` in one scenario, under the policy's bound for it (the target in NORMAL, the
 * maximum with an AZ lost); the reason, built from the finished row, and the fix are the caller's.
 */
function scenarioRow(ctx: RowContext, scenario: Scenario, demand: number, capacity: number, policy: SizingPolicy,
  reason: (r: SizingRow) => string, fix: string | undefined): SizingRow {
  const bound = scenario === Scenario.NORMAL ? policy.targetUtilization : policy.maxUtilization;
  const r = capacityRow(ctx, scenario, demand, capacity, bound, policy.warnMargin, () => '', fix);
  return { ...r, reason: reason(r) };
}

/** A row's utilisation as a percentage; rows store an unbounded one as Number.MAX_VALUE. */
function pct(u: number): string {
  return fmtPercent(u >= Number.MAX_VALUE / 2 ? Number.POSITIVE_INFINITY : u);
}

/**
 * Sizes a ReplicatedDatabase: reads on the readers (NORMAL and the worst AZ lost, with Aurora's
 * promotion counted), writes on the writer, connections against max_connections, storage
 * against the engine maximum, the replica and per-Region instance quotas, and the WARN rules
 * (no reader, no Multi-AZ standby, a burstable class).
 *
 * @param demand the reads, writes and connections that reach the database (the chain's, in a system)
 */
export function sizeReplicatedDatabase(plan: ReplicatedDatabasePlan, demand: ReplicatedDatabaseDemand = {},
  topology: ReplicatedDatabaseTopology = replicatedDatabaseTopologyOf(plan)): SizingRow[] {
  const reads = demand.readsPerSecond ?? plan.load.readsPerSecond;
  const writes = demand.writesPerSecond ?? plan.load.writesPerSecond;
  const connections = demand.connections ?? plan.load.connections;
  const storageGiB = demand.storageGiB ?? plan.load.storageGiB;
  const extraOnAzLoss = demand.extraReadsPerSecondOnAzLoss ?? 0;
  const policy = plan.sizing;
  const base = { block: plan.path, blockKind: plan.kind, assumed: plan.assumed as AssumedInput[] };
  const rows: SizingRow[] = [];
  const cap = instanceCapacities(plan, topology.instanceClass);
  if (!cap) {
    rows.push(checkRule({ ...base, resource: 'instance class', metric: 'class', sources: ['catalog.instances'] }, Verdict.FAIL,
      `${topology.instanceClass} is not a ${plan.engine} instance class the catalog knows: its capacity cannot be checked`,
      `use one of ${catalog.knownDbInstances(plan.engineFamily).join(', ')}`));
    return rows;
  }
  const { spec } = cap;
  const quota = readerQuota(plan.engineFamily);
  const n = topology.readerAzs.length;
  const auto = plan.readerAutoScaling !== undefined;
  const classLabel = `${spec.name} (${fmt(spec.vcpu)} vCPU, ${fmt(spec.memoryGiB)} GiB)`;
  const readSources = ['catalog.ASSUMED.dbReadsPerSecondPerVcpu', 'catalog.instances'];
  const writeSources = ['catalog.ASSUMED.dbWritesPerSecondPerVcpu', 'catalog.instances'];

  rows.push(...readRows(plan, topology, { reads, writes, extraOnAzLoss, cap, quota: quota.value, auto, base, sources: readSources }));
  rows.push(writerRow(plan, topology, { writes, base, sources: writeSources, classLabel }));
  rows.push(connectionsRow(plan, spec, { connections, base }));
  rows.push(storageRow(plan, storageGiB, base));

  // Limits.
  const maxReaders = Math.max(n, topology.maxReaders);
  rows.push(checkLimit({ ...base, resource: REPLICA_QUOTA_RESOURCE, metric: 'readers', sources: [plan.aurora ? 'catalog.QUOTAS.aurora.replicasPerCluster' : 'catalog.QUOTAS.rds.readReplicasPerSource'] },
    maxReaders, quota.value, policy.warnMargin, 'use a larger instance class with fewer readers, or shard the data (ShardedDatabase)',
    auto ? 'the replica quota (counting the auto-scaling maximum)' : 'the replica quota'));
  rows.push(checkLimit({ ...base, resource: DB_INSTANCES_PER_REGION_RESOURCE, metric: 'DB instances', sources: ['catalog.QUOTAS.rds.dbInstancesPerRegion'] },
    1 + maxReaders, catalog.QUOTAS.rds.dbInstancesPerRegion.value, policy.warnMargin,
    'request a quota increase (Service Quotas: DB instances), or run fewer readers',
    'the default quota of DB instances per Region (shared by every RDS and Aurora instance of the account)'));

  // Rules.
  const rulesCtx = { ...base, metric: 'design', sources: ['SIZING-MODEL: ReplicatedDatabase'] };
  if (n === 0) {
    rows.push(checkRule({ ...rulesCtx, resource: 'read failover' }, Verdict.WARN,
      plan.aurora
        ? 'no reader: the writer is a single point of failure for reads and writes; with no replica to promote, Aurora must create a new writer, which takes minutes instead of about 30 s'
        : 'no reader: every read lands on the writer, and no replica spreads them or survives the writer',
      'add >= 1 reader in another AZ'));
  }
  if (!plan.aurora && !topology.multiAz) {
    rows.push(checkRule({ ...rulesCtx, resource: 'writer' }, Verdict.WARN,
      'the writer has no Multi-AZ standby: losing its AZ stops writes until a read replica is promoted by hand, losing the replication lag',
      'set multiAz: true'));
  }
  if (spec.burstable) {
    rows.push(checkRule({ ...rulesCtx, resource: 'instance class' }, Verdict.WARN,
      `${spec.name} is burstable: sustained load drains its CPU credits and the capacity assumed here is not sustained`,
      `use a memory-optimised class such as ${DEFAULT_DB_INSTANCE_CLASS}`));
  }
  return rows;
}

interface ReadRowsInput {
  readonly reads: number;
  readonly writes: number;
  readonly extraOnAzLoss: number;
  readonly cap: { spec: catalog.InstanceSpec; reads: number; writes: number };
  readonly quota: number;
  readonly auto: boolean;
  readonly base: { block: string; blockKind: string; assumed: AssumedInput[] };
  readonly sources: string[];
}

function readRows(plan: ReplicatedDatabasePlan, t: ReplicatedDatabaseTopology, i: ReadRowsInput): SizingRow[] {
  const policy = plan.sizing;
  const n = t.readerAzs.length;
  const { spec } = i.cap;
  const perReader = i.cap.reads;
  const unitNoun = `readers of ${spec.name}`;
  const readerProp = i.auto ? 'readerAutoScaling.minReaders' : 'readers';
  const azLossDemand = i.reads + i.extraOnAzLoss;

  // Readers the AZ_LOSS row needs, placed by the plan's rule (others first), for this topology's AZs.
  const lossCapacity = (readers: number, perR: number, perW: number): number => worstAzLoss(
    { ...t, readerAzs: readerAzs(readers, t.azCount, t.writerAz) }, perR,
    writerReadCapacity(perR, perW, i.writes, policy.maxUtilization)).capacity;
  const passes = (d: number, c: number, bound: number): boolean =>
    verdictFor(d <= 0 ? 0 : c > 0 ? d / c : Infinity, bound, policy.warnMargin) === Verdict.PASS;
  const readersForLoss = (): number | undefined => (t.azCount <= 1 ? undefined
    : smallestPassing(Math.max(1, n), (m) => passes(azLossDemand, lossCapacity(m, perReader, i.cap.writes), policy.maxUtilization), 2 ** 20));
  /** The smallest larger class that makes a row pass with the current readers (n >= 1). */
  const classFix = (ok: (c: { reads: number; writes: number }) => boolean): string | undefined => {
    for (const bigger of largerClasses(spec.name, plan.engineFamily)) {
      const c = { reads: plan.load.readsPerSecondPerVcpu * bigger.vcpu, writes: plan.load.writesPerSecondPerVcpu * bigger.vcpu };
      if (ok(c)) return `${bigger.name} (${fmt(bigger.vcpu)} vCPU), the smallest size of the ${spec.family} family that carries it with ${fmt(Math.max(1, n))} reader${Math.max(1, n) === 1 ? '' : 's'}`;
    }
    return undefined;
  };
  const instead = (cf: string | undefined): string => (cf ? `or use ${cf}` : `no size of the ${spec.family} family carries it either: shard the data (ShardedDatabase)`);
  const countFix = (needed: number | undefined, cf: () => string | undefined, has: number): string => {
    if (needed === undefined) return `no count of ${unitNoun} carries this load; ${instead(cf())}`;
    if (needed > i.quota) return `needs >= ${fmt(needed)} ${unitNoun}, above the replica quota (${fmt(i.quota)}); ${instead(cf())}`;
    return `needs >= ${fmt(needed)} ${unitNoun} (${readerProp}), has ${fmt(has)}`;
  };
  const rows: SizingRow[] = [];
  const readsCtx = { ...i.base, resource: n > 0 ? 'readers' : 'writer (reads)', metric: 'reads/s', sources: i.sources };

  if (n === 0) {
    // Reads land on the writer, beside its writes.
    const capNormal = writerReadCapacity(perReader, i.cap.writes, i.writes, policy.targetUtilization);
    const needed = unitsNeededNormal(i.reads, perReader, policy);
    rows.push(scenarioRow(readsCtx, Scenario.NORMAL, i.reads, capNormal, policy,
      (r) => `no readers: ${fmt(i.reads)} reads/s land on the writer (${spec.name}), which has ${fmt(Math.round(capNormal))} reads/s to spare beside ${fmt(i.writes)} writes/s: ${pct(r.utilization)} busy (target ${pct(policy.targetUtilization)})`,
      needed !== undefined && needed <= i.quota
        ? `add >= ${fmt(needed)} ${unitNoun} (${readerProp}), so reads leave the writer`
        : countFix(needed, () => classFix((c) => passes(i.reads, c.reads, policy.targetUtilization)), 0)));
    return rows;
  }

  // NORMAL: readers only (the reader endpoint does not send reads to the writer while a reader is up).
  const normal = checkFleet({
    ...readsCtx, demand: i.reads, perUnit: perReader, units: n, azCount: t.azCount, unitNoun, policy,
  })[0];
  const normalNeeded = unitsNeededNormal(i.reads, perReader, policy);
  rows.push({
    ...normal,
    reason: normal.reason + (i.auto ? ` (the auto-scaling minimum; up to ${fmt(t.maxReaders)} readers may run, but the check counts only the minimum)` : ''),
    fix: normal.verdict === Verdict.PASS ? undefined
      : countFix(normalNeeded, () => classFix((c) => passes(i.reads, c.reads * n, policy.targetUtilization)), n),
  });

  // AZ_LOSS: the worst AZ, counting Aurora's promotion of a reader when the writer's AZ is lost.
  if (t.azCount <= 1) {
    rows.push(checkFleet({ ...readsCtx, demand: azLossDemand, perUnit: perReader, units: n, azCount: 1, unitNoun, policy })[1]);
    return rows;
  }
  const spare = writerReadCapacity(perReader, i.cap.writes, i.writes, policy.maxUtilization);
  const worst = worstAzLoss(t, perReader, spare);
  const story = `with AZ ${worst.az + 1} lost (${fmt(worst.readersLost)} reader${worst.readersLost === 1 ? '' : 's'}`
    + (worst.promoted ? ', and one more promoted to writer' : '')
    + (worst.az === t.writerAz && !worst.promoted && worst.writerUp ? ', the writer failing over to its standby' : '')
    + (worst.writerUp ? '' : ', and the writer') + ')';
  const left = worst.readersLeft >= 1
    ? `${fmt(worst.readersLeft)} reader${worst.readersLeft === 1 ? '' : 's'} left`
    : worst.writerUp ? `no reader left: reads fall back to the writer, which has ${fmt(Math.round(spare))} reads/s to spare`
      : 'nothing is left to serve reads';
  const extra = i.extraOnAzLoss > 0 ? ` (${fmt(i.reads)} + ${fmt(i.extraOnAzLoss)} that only reach the database on an AZ loss)` : '';
  rows.push(scenarioRow(readsCtx, Scenario.AZ_LOSS, azLossDemand, worst.capacity, policy,
    (r) => `${story}, ${left}: ${fmt(azLossDemand)} reads/s${extra} make it ${pct(r.utilization)} busy (limit ${pct(policy.maxUtilization)})`,
    countFix(readersForLoss(), () => classFix((c) => passes(azLossDemand, lossCapacity(n, c.reads, c.writes), policy.maxUtilization)), n)));
  return rows;
}

interface WriterRowInput {
  readonly writes: number;
  readonly base: { block: string; blockKind: string; assumed: AssumedInput[] };
  readonly sources: string[];
  readonly classLabel: string;
}

/** The smallest class of the family, from `instanceClass` on (excluded), that makes the writes row pass; undefined when none. */
export function writerClassFor(plan: ReplicatedDatabasePlan, instanceClass: string, writes: number): catalog.InstanceSpec | undefined {
  return largerClasses(instanceClass, plan.engineFamily).find((s) =>
    verdictFor(writes <= 0 ? 0 : writes / (plan.load.writesPerSecondPerVcpu * s.vcpu), plan.sizing.targetUtilization,
      plan.sizing.warnMargin) === Verdict.PASS);
}

function writerRow(plan: ReplicatedDatabasePlan, t: ReplicatedDatabaseTopology, i: WriterRowInput): SizingRow {
  const spec = catalog.dbInstance(t.instanceClass, plan.engineFamily)!;
  const perWriter = plan.load.writesPerSecondPerVcpu * spec.vcpu;
  const r = checkFleet({
    ...i.base,
    resource: 'writer',
    metric: 'writes/s',
    sources: i.sources,
    demand: i.writes,
    perUnit: perWriter,
    units: 1,
    azCount: t.azCount,
    unitNoun: `writer of ${i.classLabel}`,
    policy: plan.sizing,
  })[0];
  if (r.verdict === Verdict.PASS) return { ...r, reason: `${fmt(i.writes)} writes/s on one writer of ${i.classLabel} is ${pct(r.utilization)} busy (target ${pct(plan.sizing.targetUtilization)})` };
  const bigger = writerClassFor(plan, spec.name, i.writes);
  const largest = largerClasses(spec.name, plan.engineFamily).pop() ?? spec;
  return {
    ...r,
    reason: `${fmt(i.writes)} writes/s on one writer of ${i.classLabel} is ${pct(r.utilization)} busy, `
      + `${r.verdict === Verdict.FAIL ? 'above' : 'within 10 % of'} the ${pct(plan.sizing.targetUtilization)} target: writes do not spread over readers`,
    fix: bigger
      ? `use ${bigger.name} (${fmt(bigger.vcpu)} vCPU, ${fmt(bigger.memoryGiB)} GiB): the smallest size of the ${spec.family} family whose writer carries ${fmt(i.writes)} writes/s`
      : `no size of the ${spec.family} family carries ${fmt(i.writes)} writes/s on one writer (${largest.name} carries ${fmt(Math.floor(plan.load.writesPerSecondPerVcpu * largest.vcpu * plan.sizing.targetUtilization * plan.sizing.warnMargin))}): shard the writes (ShardedDatabase)`,
  };
}

function connectionsRow(plan: ReplicatedDatabasePlan, spec: catalog.InstanceSpec,
  i: { connections: number; base: { block: string; blockKind: string; assumed: AssumedInput[] } }): SizingRow {
  const ctx = { ...i.base, resource: 'writer connections', metric: 'connections', sources: ['catalog.maxConnections'] };
  const max = catalog.maxConnections(plan.engineFamily, spec);
  const demand = i.connections + plan.load.adminConnections;
  if (!max) {
    return checkRule(ctx, Verdict.WARN, `the catalog has no default max_connections for ${spec.name} on ${plan.engine}: ${fmt(demand)} connections are not checked`,
      'set max_connections in parameters and check it against your pools');
  }
  const passes = (limit: number): boolean => verdictFor(demand / limit, 1, plan.sizing.warnMargin) === Verdict.PASS;
  let fix: string;
  const bigger = largerClasses(spec.name, plan.engineFamily).find((s) => {
    const m = catalog.maxConnections(plan.engineFamily, s);
    return m !== undefined && passes(m.value);
  });
  // The largest client connection count that passes on this class (pools to shrink to).
  let fits = Math.max(0, Math.floor(max.value * plan.sizing.warnMargin) - plan.load.adminConnections + 1);
  while (fits > 0 && verdictFor((fits + plan.load.adminConnections) / max.value, 1, plan.sizing.warnMargin) !== Verdict.PASS) fits--;
  if (bigger) {
    fix = `use ${bigger.name} (max_connections ${fmt(catalog.maxConnections(plan.engineFamily, bigger)!.value)}): the smallest size of the ${spec.family} family that admits them; `
      + `or put RDS Proxy in front, or shrink the pools to <= ${fmt(fits)} client connections`;
  } else {
    fix = `no size of the ${spec.family} family admits ${fmt(demand)} connections: put RDS Proxy in front to pool them, or shrink the pools to <= ${fmt(fits)} client connections`;
  }
  const row = checkLimit(ctx, demand, max.value, plan.sizing.warnMargin, fix,
    `max_connections of ${spec.name} (${max.formula}; ${fmt(plan.load.adminConnections)} kept for administration)`);
  return row;
}

function storageRow(plan: ReplicatedDatabasePlan, storageGiB: number,
  base: { block: string; blockKind: string; assumed: AssumedInput[] }): SizingRow {
  const s = plan.storage;
  if (s.kind === DatabaseStorageKind.AURORA_CLUSTER_VOLUME) {
    return checkLimit({ ...base, resource: 'storage', metric: 'GiB', sources: ['catalog.QUOTAS.aurora.volumeMaxTiB'] },
      storageGiB, s.engineMaxGiB, plan.sizing.warnMargin, 'shard the data (ShardedDatabase): each shard has its own cluster volume',
      `the Aurora cluster volume maximum for ${plan.engineVersion}`);
  }
  const ceiling = s.maxAllocatedGiB ?? s.engineMaxGiB;
  const needed = smallestPassing(Math.ceil(storageGiB / plan.sizing.warnMargin),
    (g) => verdictFor(storageGiB / g, 1, plan.sizing.warnMargin) === Verdict.PASS, 2 ** 30);
  const fix = needed !== undefined && needed <= s.engineMaxGiB
    ? `set maxAllocatedStorageGiB >= ${fmt(needed)}`
    : `above what one RDS volume holds (${fmt(s.engineMaxGiB)} GiB): use Aurora, or shard the data (ShardedDatabase)`;
  return checkLimit({ ...base, resource: 'storage', metric: 'GiB', sources: ['catalog.QUOTAS.rds.storageMaxGiB'] },
    storageGiB, ceiling, plan.sizing.warnMargin, fix, 'the storage autoscaling ceiling (maxAllocatedStorageGiB)');
}

/** Notes the report shows for a plan (design facts that are not capacity rows). */
export function replicatedDatabaseNotes(plan: ReplicatedDatabasePlan): string[] {
  const notes: string[] = [];
  if (!plan.aurora && plan.readers > 0) {
    notes.push(`${plan.path}: RDS read replicas each have their own endpoint (${plan.endpoints.filter((e) => e.role === DatabaseInstanceRole.READER).map((e) => e.name).join(', ')}); the app spreads reads over them and falls back to the writer when none answers`);
  }
  if (plan.readerAutoScaling) {
    notes.push(`${plan.path}: reader auto scaling may run up to ${plan.readerAutoScaling.maxReaders} readers; the sizing counts only the ${plan.readers} provisioned, in the AZs the plan chose (Aurora places the others)`);
  }
  if (!plan.storage.encrypted) notes.push(`${plan.path}: storage is NOT encrypted at rest (storageEncrypted: false)`);
  if (!plan.requireTls) notes.push(`${plan.path}: connections without TLS are accepted (requireTls: false)`);
  if (!plan.deletionProtection) notes.push(`${plan.path}: deletion protection is off`);
  if (plan.removalPolicy === RemovalPolicy.DESTROY) notes.push(`${plan.path}: removal policy DESTROY deletes the data with the stack`);
  if (!plan.aurora && plan.readers > 0) {
    if (plan.replicaRemovalPolicy === RemovalPolicy.DESTROY && plan.removalPolicy !== RemovalPolicy.DESTROY) {
      notes.push(`${plan.path}: read replicas are disposable (disposableReadReplicas): no deletion protection, deleted with the stack or when readers is lowered`);
    } else if (plan.replicaDeletionProtection) {
      notes.push(`${plan.path}: read replicas are deletion-protected and retained: to lower readers, turn off the replica's deletion protection first (or set disposableReadReplicas)`);
    }
  }
  if (!plan.credentials.rotation) notes.push(`${plan.path}: the master password is never rotated`);
  return notes;
}
