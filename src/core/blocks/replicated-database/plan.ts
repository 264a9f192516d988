import * as catalog from '../../catalog';
import { BlockPlanBase, RemovalPolicy } from '../common';
import {
  DatabaseEngine, DatabaseInstanceRole, DatabaseParameterApplyMethod, DatabaseSettingScope, DatabaseStorageKind, ReaderScalingMetric,
} from './options';
import { DatabaseProxyPlan } from './proxy';
import { DatabaseServerlessV2Plan } from './serverless';
import { BlockFoundationPlan } from '../shared/foundation';

// ReplicatedDatabase: the plan, everything the backends render, resolved once by planReplicatedDatabase, and its constants.

/** One DB instance as the backends create it. */
export interface DatabaseInstancePlan {
  /** Stable id: `writer`, `reader-1` .. `reader-15`. Adding a reader never renames another. */
  readonly id: string;
  /**
   * The instance's RDS identifier as Terraform writes it: `<block name>-<id>` (the block's name
   * carries the system's, so two systems never clash). CloudFormation keeps its own: see the
   * plan's `identifier`.
   */
  readonly identifier: string;
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
  /**
   * RDS only: provisioned IOPS (io1 and io2 always; gp3 when provisioned above its baseline, from 400 GiB).
   *
   * @default - absent: gp3 at its baseline (RDS_GP3_BASELINE); never on Aurora
   */
  readonly iops?: number;
  /**
   * RDS gp3 only: provisioned throughput in MiB/s (set with `iops`, from 400 GiB).
   *
   * @default - absent: the gp3 baseline; never on io1, io2 or Aurora
   */
  readonly throughputMiBps?: number;
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

/** One kind of client whose pools connect to the database, at its maximum count. */
export interface DatabaseClientPlan {
  /** Who the clients are, e.g. `api` or `queue.workers`. */
  readonly name: string;
  /** Clients at their maximum. */
  readonly count: number;
  /** Connections each client's pool holds. */
  readonly poolSize: number;
  /** Share of each pool held on the reader endpoint when the database has readers (floor(poolSize x readShare) per client). */
  readonly readShare: number;
  /** Where `count` comes from (the prop to change), e.g. `api.scaling.maxTasks`. */
  readonly countFrom: string;
  /** How `poolSize` was chosen, e.g. `declared` or a Little's law derivation. */
  readonly poolFrom: string;
}

/** The resolved load. */
export interface ReplicatedDatabaseLoadPlan {
  readonly readsPerSecond: number;
  readonly writesPerSecond: number;
  readonly storageGiB: number;
  /** Client connections of every pool together (tasks x poolSize, or the clients' pools, when given so). */
  readonly connections: number;
  /**
   * The clients whose pools make up `connections`, each at its maximum: the connections rows
   * split them between the writer and the readers, and list them.
   *
   * @default - none: `connections` was declared as one figure, and every connection is the writer's
   */
  readonly clients?: DatabaseClientPlan[];
  readonly adminConnections: number;
  readonly readsPerSecondPerVcpu: number;
  readonly writesPerSecondPerVcpu: number;
  /** Storage I/Os one write costs. */
  readonly storageIosPerWrite: number;
  /** Share of the database reads served from the buffer pool. */
  readonly bufferHitRatio: number;
  /** KiB one storage I/O moves. */
  readonly ioSizeKiB: number;
}

/** The resolved ReplicatedDatabase: every default explicit. Backends render exactly this. */
export interface ReplicatedDatabasePlan extends BlockPlanBase, BlockFoundationPlan {
  /**
   * The RDS identifier of the Aurora cluster (or the prefix of the RDS instances'), as Terraform
   * writes it: the block's name, which carries the system's. Terraform only: CloudFormation keeps
   * the identifiers it has always written, derived from the construct path and a hash
   * (`cdk.Names.uniqueResourceName`), which the core cannot compute without the construct tree.
   * DBClusterIdentifier and DBInstanceIdentifier are replacement properties in CloudFormation:
   * writing the plan's identifiers there would replace every deployed database (its data kept
   * only in the final snapshot). Both forms are unique wherever the block can deploy.
   */
  readonly identifier: string;
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
  /**
   * Aurora Serverless v2: the cluster's ServerlessV2ScalingConfiguration; every instance is then
   * of class `db.serverless`, and `instanceVcpu` / `instanceMemoryGiB` are those at the maximum ACUs.
   *
   * @default - absent: provisioned instances of `instanceClass`
   */
  readonly serverlessV2?: DatabaseServerlessV2Plan;
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
   * Aurora engines: what removing the cluster's writer and reader instances does. They hold no
   * data (the cluster volume does, protected by `removalPolicy` and `deletionProtection`), and a
   * cluster is snapshotted or deleted only once its instances are gone: DESTROY, or RETAIN with a
   * RETAIN cluster (retained instances keep the retained cluster usable). Absent on RDS engines.
   *
   * @default - DESTROY; RETAIN when `removalPolicy` is RETAIN
   */
  readonly clusterInstanceRemovalPolicy?: RemovalPolicy;
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
  /**
   * When each parameter of `parameters` takes effect, by name: at the next reboot for the static
   * parameters this library knows, at once for every other (the block's own are all dynamic).
   * CloudFormation applies each parameter this way by itself; Terraform writes the method.
   *
   * @default - IMMEDIATE, PENDING_REBOOT for known static parameters
   */
  readonly parameterApplyMethods: { [key: string]: DatabaseParameterApplyMethod };
  readonly port: number;
  readonly databaseName: string;
  /** Blocks admitted on the port (their security groups). */
  readonly allowedClients: string[];
  /** CIDRs admitted on the port. */
  readonly allowedCidrs: string[];
  /** Instances are never publicly accessible. */
  readonly publiclyAccessible: boolean;
  readonly autoMinorVersionUpgrade: boolean;
  /**
   * Whether both backends add the block's outputs: `WriterEndpoint`, `SecretArn`, and
   * `ReaderEndpoint` (Aurora) or `<Replica>Endpoint` per read replica and `ReaderEndpoints` (RDS).
   */
  readonly outputs: boolean;
  /**
   * RDS Proxy in front of the writer, in the database's subnets, with its own security group
   * (admitting `allowedClients` and `allowedCidrs` on `port`) that the database admits.
   *
   * @default - no proxy
   */
  readonly proxy?: DatabaseProxyPlan;
  readonly load: ReplicatedDatabaseLoadPlan;
}

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
