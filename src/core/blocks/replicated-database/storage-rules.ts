import { DatabaseStorageKind } from './options';
import * as catalog from '../../catalog';
import { fmt } from '../../validation';

// ReplicatedDatabase: the storage type, provisioned IOPS and throughput RDS accepts, checked alike on
// options (resolve.ts) and on a supplied plan (plan-rules/replicated-database.ts).

/** The RDS volume types a user may choose (Aurora's cluster volume is not one). */
export const RDS_STORAGE_KINDS: readonly DatabaseStorageKind[] = [DatabaseStorageKind.GP3, DatabaseStorageKind.IO1, DatabaseStorageKind.IO2];

/** The storage performance values checked, as options or a plan hold them. */
export interface StoragePerformanceValues {
  readonly kind: unknown;
  readonly allocatedGiB: unknown;
  readonly maxAllocatedGiB: unknown;
  readonly iops: unknown;
  readonly throughputMiBps: unknown;
  /** MySQL (and MariaDB): gp3 throughput follows IOPS above 32,000. */
  readonly mysql: boolean;
}

/** The prop names the values are reported under. */
export interface StoragePerformanceProps {
  readonly kind: string;
  readonly allocatedGiB: string;
  readonly iops: string;
  readonly throughputMiBps: string;
}

/** Records one failure when `ok` is false; returns `ok`. */
export type StorageCheck = (prop: string, value: unknown, ok: boolean, allowed: string) => boolean;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** The fewest MiB/s gp3 takes at `iops` on MySQL (the throughput follows the IOPS above 32,000), else 0. */
export function gp3MysqlMinMiBps(iops: number, mysql: boolean): number {
  const p = catalog.RDS_PROVISIONED_STORAGE;
  return mysql && iops > p.gp3MysqlThroughputFollowsAboveIops ? Math.ceil(iops * p.gp3MysqlMinMiBpsPerIops) : 0;
}

/** The MiB/s gp3 provisions with `iops` when no throughput is given: the floor, or what MySQL needs. */
export function gp3DefaultMiBps(iops: number, mysql: boolean): number {
  return Math.max(catalog.RDS_PROVISIONED_STORAGE.gp3ThroughputMinMiBps, gp3MysqlMinMiBps(iops, mysql));
}

/**
 * Checks an RDS volume's type, provisioned IOPS and throughput against what RDS for MySQL and
 * PostgreSQL accepts (catalog.RDS_PROVISIONED_STORAGE), one failure per wrong value.
 */
export function checkStoragePerformance(check: StorageCheck, v: StoragePerformanceValues, props: StoragePerformanceProps): void {
  const p = catalog.RDS_PROVISIONED_STORAGE;
  if (!check(props.kind, v.kind, (RDS_STORAGE_KINDS as readonly unknown[]).includes(v.kind), `one of ${RDS_STORAGE_KINDS.join(', ')}`)) return;
  const allocated = isInt(v.allocatedGiB) ? v.allocatedGiB : undefined;
  const maxAllocated = isInt(v.maxAllocatedGiB) ? v.maxAllocatedGiB : allocated;
  if (v.kind === DatabaseStorageKind.GP3) {
    const given = v.iops !== undefined || v.throughputMiBps !== undefined;
    if (given && allocated !== undefined && allocated < p.gp3ProvisionMinGiB) {
      const below = `unset below ${fmt(p.gp3ProvisionMinGiB)} GiB of ${props.allocatedGiB} (gp3 under ${fmt(p.gp3ProvisionMinGiB)} GiB has its baseline `
        + `of ${fmt(catalog.RDS_GP3_BASELINE.baselineIops)} IOPS and ${fmt(catalog.RDS_GP3_BASELINE.baselineMiBps)} MiB/s and takes no provisioned value)`;
      if (v.iops !== undefined) check(props.iops, v.iops, false, below);
      if (v.throughputMiBps !== undefined) check(props.throughputMiBps, v.throughputMiBps, false, below);
      return;
    }
    const iopsOk = v.iops === undefined || check(props.iops, v.iops, isInt(v.iops) && v.iops >= p.gp3IopsMin && v.iops <= p.gp3IopsMax,
      `an integer from ${fmt(p.gp3IopsMin)} to ${fmt(p.gp3IopsMax)} IOPS (gp3 from ${fmt(p.gp3ProvisionMinGiB)} GiB)`);
    if (v.throughputMiBps === undefined || !iopsOk) return;
    if (!check(props.throughputMiBps, v.throughputMiBps, isInt(v.throughputMiBps) && v.throughputMiBps >= p.gp3ThroughputMinMiBps
      && v.throughputMiBps <= p.gp3ThroughputMaxMiBps, `an integer from ${fmt(p.gp3ThroughputMinMiBps)} to ${fmt(p.gp3ThroughputMaxMiBps)} MiB/s`)) return;
    const iops = (v.iops as number | undefined) ?? catalog.RDS_GP3_BASELINE.highBaselineIops;
    const most = Math.floor(iops * p.gp3MaxMiBpsPerIops);
    const least = gp3MysqlMinMiBps(iops, v.mysql);
    check(props.throughputMiBps, v.throughputMiBps, (v.throughputMiBps as number) <= most && (v.throughputMiBps as number) >= least,
      `at most ${fmt(p.gp3MaxMiBpsPerIops)} MiB/s per IOPS: <= ${fmt(most)} MiB/s at ${fmt(iops)} IOPS`
      + (least > 0 ? `, and on MySQL above ${fmt(p.gp3MysqlThroughputFollowsAboveIops)} IOPS at least IOPS / 64: >= ${fmt(least)} MiB/s` : ''));
    return;
  }
  // io1 / io2
  const kind = String(v.kind).toLowerCase();
  if (allocated !== undefined) {
    check(props.allocatedGiB, allocated, allocated >= p.piopsStorageMinGiB, `at least ${fmt(p.piopsStorageMinGiB)} GiB with ${kind}`);
  }
  check(props.throughputMiBps, v.throughputMiBps, v.throughputMiBps === undefined,
    `unset with ${kind}: its throughput follows the IOPS (at most ${fmt(p.piopsMaxMiBpsBelowStripe)} MiB/s below ${fmt(p.piopsStripeMinGiB)} GiB, `
    + `${fmt(p.piopsMaxMiBps)} from it); only gp3 provisions throughput`);
  if (!check(props.iops, v.iops, v.iops !== undefined, `given with ${kind}: the IOPS to provision, ${fmt(p.piopsIopsMin)} to ${fmt(p.piopsIopsMax)}`)) return;
  if (!check(props.iops, v.iops, isInt(v.iops) && v.iops >= p.piopsIopsMin && v.iops <= p.piopsIopsMax,
    `an integer from ${fmt(p.piopsIopsMin)} to ${fmt(p.piopsIopsMax)} IOPS`)) return;
  const iops = v.iops as number;
  if (allocated === undefined) return;
  const most = allocated * p.piopsMaxIopsPerGiB;
  const least = Math.ceil(Math.max(allocated, maxAllocated ?? allocated) * p.piopsMinIopsPerGiB);
  check(props.iops, iops, iops <= most && iops >= least,
    `from ${fmt(p.piopsMinIopsPerGiB)} to ${fmt(p.piopsMaxIopsPerGiB)} IOPS per GiB of storage (${kind}): at most ${fmt(most)} at ${fmt(allocated)} GiB, `
    + `at least ${fmt(least)} (0.5 per GiB of the autoscaling ceiling, ${fmt(maxAllocated ?? allocated)} GiB)`);
}
