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
