import { CatalogSource, deepFreeze, SOURCES } from './source';

/**
 * Block storage performance of RDS (not Aurora: its cluster volume has no provisioned IOPS).
 *
 * A gp3 volume of RDS for MariaDB, MySQL and PostgreSQL gets a baseline that steps up at 400 GiB
 * of allocated storage (RDS stripes such a volume over several EBS volumes). Oracle (200 GiB) and
 * SQL Server (always 3,000 IOPS / 125 MiB/s) differ: this library offers neither.
 */
export interface Gp3Baseline {
  /** Allocated storage at and above which the higher baseline applies, in GiB. */
  readonly highBaselineMinGiB: number;
  /** IOPS below `highBaselineMinGiB`. */
  readonly baselineIops: number;
  /** MiB/s below `highBaselineMinGiB`. */
  readonly baselineMiBps: number;
  /** IOPS at or above `highBaselineMinGiB`. */
  readonly highBaselineIops: number;
  /** MiB/s at or above `highBaselineMinGiB`. */
  readonly highBaselineMiBps: number;
  readonly source: CatalogSource;
}

/** The gp3 baseline of RDS for MariaDB, MySQL and PostgreSQL. */
export const RDS_GP3_BASELINE: Gp3Baseline = deepFreeze({
  highBaselineMinGiB: 400,
  baselineIops: 3_000,
  baselineMiBps: 125,
  highBaselineIops: 12_000,
  highBaselineMiBps: 500,
  source: SOURCES.rdsGp3Baseline,
});

/** The baseline IOPS and MiB/s of an RDS gp3 volume of `allocatedGiB` (MariaDB, MySQL, PostgreSQL). */
export function rdsGp3Baseline(allocatedGiB: number): { iops: number; mibps: number } {
  const b = RDS_GP3_BASELINE;
  return allocatedGiB >= b.highBaselineMinGiB
    ? { iops: b.highBaselineIops, mibps: b.highBaselineMiBps }
    : { iops: b.baselineIops, mibps: b.baselineMiBps };
}

/**
 * Provisioned storage performance of RDS for MariaDB, MySQL and PostgreSQL: gp3 above its
 * striping threshold, and Provisioned IOPS SSD (io1, io2). Aurora takes none of it.
 */
export interface RdsProvisionedStorage {
  /** gp3: allocated storage from which IOPS and throughput may be provisioned (below: the baseline only), in GiB. */
  readonly gp3ProvisionMinGiB: number;
  readonly gp3IopsMin: number;
  readonly gp3IopsMax: number;
  readonly gp3ThroughputMinMiBps: number;
  readonly gp3ThroughputMaxMiBps: number;
  /** gp3: most MiB/s per provisioned IOPS. */
  readonly gp3MaxMiBpsPerIops: number;
  /** gp3: most IOPS per GiB of allocated storage. */
  readonly gp3MaxIopsPerGiB: number;
  /** gp3 on MySQL and MariaDB: IOPS above which the throughput must grow with them. */
  readonly gp3MysqlThroughputFollowsAboveIops: number;
  /** gp3 on MySQL and MariaDB above that: the fewest MiB/s per IOPS (the page's example: 40,000 IOPS need 625 MiB/s). */
  readonly gp3MysqlMinMiBpsPerIops: number;
  /** io1/io2: allocated storage range, in GiB. */
  readonly piopsStorageMinGiB: number;
  readonly piopsIopsMin: number;
  readonly piopsIopsMax: number;
  /** io1/io2: fewest and most IOPS per GiB of allocated storage (and of the autoscaling ceiling). */
  readonly piopsMinIopsPerGiB: number;
  readonly piopsMaxIopsPerGiB: number;
  /** io1/io2: allocated storage from which the volume is striped and reaches `piopsMaxMiBps`. */
  readonly piopsStripeMinGiB: number;
  /** io1/io2: most MiB/s below and from `piopsStripeMinGiB`. */
  readonly piopsMaxMiBpsBelowStripe: number;
  readonly piopsMaxMiBps: number;
  readonly gp3Source: CatalogSource;
  readonly piopsSource: CatalogSource;
  readonly io2Source: CatalogSource;
}

/** The provisioned storage performance RDS for MariaDB, MySQL and PostgreSQL accepts. */
export const RDS_PROVISIONED_STORAGE: RdsProvisionedStorage = deepFreeze({
  gp3ProvisionMinGiB: 400,
  gp3IopsMin: 12_000,
  gp3IopsMax: 64_000,
  gp3ThroughputMinMiBps: 500,
  gp3ThroughputMaxMiBps: 4_000,
  gp3MaxMiBpsPerIops: 0.25,
  gp3MaxIopsPerGiB: 500,
  gp3MysqlThroughputFollowsAboveIops: 32_000,
  gp3MysqlMinMiBpsPerIops: 625 / 40_000,
  piopsStorageMinGiB: 100,
  piopsIopsMin: 1_000,
  piopsIopsMax: 256_000,
  piopsMinIopsPerGiB: 0.5,
  piopsMaxIopsPerGiB: 50,
  piopsStripeMinGiB: 400,
  piopsMaxMiBpsBelowStripe: 500,
  piopsMaxMiBps: 4_000,
  gp3Source: SOURCES.rdsGp3Provisioned,
  piopsSource: SOURCES.rdsProvisionedIops,
  io2Source: SOURCES.rdsIo2,
});

/**
 * What one EBS-optimized instance type (and the DB instance class of the same name) can move
 * to and from its EBS volumes: sustained (baseline) and, for the sizes that burst, at most 30
 * minutes a day (maximum). Sizes that do not burst have maximum = baseline.
 */
export interface EbsCeiling {
  readonly baselineMbps: number;
  readonly maxMbps: number;
  /** MB/s (10^6 bytes) at 128 KiB I/O, as AWS lists it. */
  readonly baselineMBps: number;
  readonly maxMBps: number;
  /** IOPS at 16 KiB I/O. */
  readonly baselineIops: number;
  readonly maxIops: number;
  readonly source: CatalogSource;
}

/** [baseline Mbps, max Mbps, baseline MB/s, max MB/s, baseline IOPS, max IOPS] by size (SOURCES.ebsOptimized). */
type EbsRow = [number, number, number, number, number, number];

const GRAVITON3_EBS: Record<string, EbsRow> = {
  'medium': [315, 10_000, 39.38, 1_250, 2_500, 40_000],
  'large': [630, 10_000, 78.75, 1_250, 3_600, 40_000],
  'xlarge': [1_250, 10_000, 156.25, 1_250, 6_000, 40_000],
  '2xlarge': [2_500, 10_000, 312.5, 1_250, 12_000, 40_000],
  '4xlarge': [5_000, 10_000, 625, 1_250, 20_000, 40_000],
  '8xlarge': [10_000, 10_000, 1_250, 1_250, 40_000, 40_000],
  '12xlarge': [15_000, 15_000, 1_875, 1_875, 60_000, 60_000],
  '16xlarge': [20_000, 20_000, 2_500, 2_500, 80_000, 80_000],
};

const GRAVITON2_EBS: Record<string, EbsRow> = {
  'medium': [315, 4_750, 39.38, 593.75, 2_500, 20_000],
  'large': [630, 4_750, 78.75, 593.75, 3_600, 20_000],
  'xlarge': [1_188, 4_750, 148.5, 593.75, 6_000, 20_000],
  '2xlarge': [2_375, 4_750, 296.88, 593.75, 12_000, 20_000],
  '4xlarge': [4_750, 4_750, 593.75, 593.75, 20_000, 20_000],
  '8xlarge': [9_500, 9_500, 1_187.5, 1_187.5, 40_000, 40_000],
  '12xlarge': [14_250, 14_250, 1_781.25, 1_781.25, 50_000, 50_000],
  '16xlarge': [19_000, 19_000, 2_375, 2_375, 80_000, 80_000],
};

/** m6i and r6i: as Graviton3 from xlarge up; the large size has 650 Mbps / 81.25 MB/s. */
const INTEL6_EBS: Record<string, EbsRow> = {
  ...Object.fromEntries(Object.entries(GRAVITON3_EBS).filter(([size]) => size !== 'medium' && size !== 'large')),
  large: [650, 10_000, 81.25, 1_250, 3_600, 40_000],
};

const T4G_EBS: Record<string, EbsRow> = {
  'micro': [87, 2_085, 10.88, 260.62, 500, 11_800],
  'small': [174, 2_085, 21.75, 260.62, 1_000, 11_800],
  'medium': [347, 2_085, 43.38, 260.62, 2_000, 11_800],
  'large': [695, 2_780, 86.88, 347.5, 4_000, 15_700],
  'xlarge': [695, 2_780, 86.88, 347.5, 4_000, 15_700],
  '2xlarge': [695, 2_780, 86.88, 347.5, 4_000, 15_700],
};

/** The families with EBS figures in the catalog; m7i, r7i and r8g have none (see SOURCES.ebsOptimized). */
const EBS_BY_FAMILY: Record<string, Record<string, EbsRow>> = {
  m7g: GRAVITON3_EBS, r7g: GRAVITON3_EBS, m6g: GRAVITON2_EBS, r6g: GRAVITON2_EBS, m6i: INTEL6_EBS, r6i: INTEL6_EBS, t4g: T4G_EBS,
};

/**
 * The EBS ceiling of an instance type or DB instance class (`r7g.large`, `db.r7g.large`), or
 * undefined when the catalog holds no figure for it.
 */
export function ebsCeiling(instanceType: string): EbsCeiling | undefined {
  const [family, size] = instanceType.replace(/^db\./, '').split('.');
  const row = EBS_BY_FAMILY[family]?.[size];
  if (!row) return undefined;
  const [baselineMbps, maxMbps, baselineMBps, maxMBps, baselineIops, maxIops] = row;
  return Object.freeze({ baselineMbps, maxMbps, baselineMBps, maxMBps, baselineIops, maxIops, source: SOURCES.ebsOptimized });
}

/** MiB/s of a figure AWS gives in MB/s (10^6 bytes per second). */
export function mbpsToMiBps(mbPerSecond: number): number {
  return (mbPerSecond * 1e6) / (1024 * 1024);
}
