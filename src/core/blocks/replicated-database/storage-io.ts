import { ReplicatedDatabaseLoadPlan, ReplicatedDatabasePlan } from './plan';
import { AssumedInput } from '../../assumptions';
import * as catalog from '../../catalog';
import { capacityRow, checkRule, fmtPercent, SizingPolicy } from '../../sizing/capacity';
import { Scenario, SizingRow, Verdict } from '../../sizing/report';
import { fmt } from '../../validation';

// ReplicatedDatabase: storage IOPS and throughput of the RDS gp3 volumes, and the Aurora I/O rate
// (SIZING-MODEL.md, ReplicatedDatabase; issue 16 item 6).

/** The resource the storage performance rows share: one fix (the allocated storage) for all of them. */
export const STORAGE_PERFORMANCE_RESOURCE = 'storage performance';

/** Storage I/Os per second that `writes` and `reads` cost one instance: each write its I/Os, each read that misses the buffer pool one page. */
export function storageIops(load: { readonly storageIosPerWrite: number; readonly bufferHitRatio: number }, writes: number, reads: number): number {
  return Math.max(0, writes) * load.storageIosPerWrite + Math.max(0, reads) * (1 - load.bufferHitRatio);
}

/** MiB/s that `iops` move at the load's I/O size. */
export function storageMiBps(load: ReplicatedDatabaseLoadPlan, iops: number): number {
  return (iops * load.ioSizeKiB) / 1024;
}

/** What the storage rows read of the deployed database (from its topology). */
export interface StorageIoTopology {
  readonly azCount: number;
  /** Readers serving reads in normal operation. */
  readonly readers: number;
  /** With the worst AZ lost: the readers left serving reads (0: reads fall back to the writer, when it is up). */
  readonly readersLeftOnAzLoss: number;
  /** With the worst AZ lost: whether a writer is still up. */
  readonly writerUpOnAzLoss: boolean;
}

/** The demand of the storage rows: what reaches the database (the chain's, in a system). */
export interface StorageIoDemand {
  readonly reads: number;
  readonly writes: number;
  /** Reads that reach the database only with an AZ lost. */
  readonly extraOnAzLoss: number;
}

/** One volume's I/O load in one scenario. */
interface VolumeLoad {
  /** Whose volume, for the reason. */
  readonly who: string;
  readonly scenario: Scenario;
  readonly writes: number;
  readonly reads: number;
}

/**
 * The volumes whose IOPS the rows check: the writer's in normal operation (with the reads when
 * there is no reader), each reader's (it replays every write and serves its share of the reads),
 * and with the worst AZ lost the busiest volume left: a reader's, with the reads spread over the
 * readers left, or the writer's when no reader is left.
 */
function volumeLoads(t: StorageIoTopology, d: StorageIoDemand): VolumeLoad[] {
  const out: VolumeLoad[] = [{ who: 'the writer', scenario: Scenario.NORMAL, writes: d.writes, reads: t.readers === 0 ? d.reads : 0 }];
  if (t.readers > 0) out.push({ who: 'each reader', scenario: Scenario.NORMAL, writes: d.writes, reads: d.reads / t.readers });
  if (t.azCount > 1) {
    const readsOnLoss = d.reads + d.extraOnAzLoss;
    if (t.readersLeftOnAzLoss >= 1) {
      out.push({
        who: `each of the ${fmt(t.readersLeftOnAzLoss)} reader${t.readersLeftOnAzLoss === 1 ? '' : 's'} left with the worst AZ lost`,
        scenario: Scenario.AZ_LOSS,
        writes: d.writes,
        reads: readsOnLoss / t.readersLeftOnAzLoss,
      });
    } else if (t.writerUpOnAzLoss) {
      out.push({ who: 'the writer with the worst AZ lost (no reader left)', scenario: Scenario.AZ_LOSS, writes: d.writes, reads: readsOnLoss });
    }
  }
  return out;
}

interface StorageRowsInput {
  readonly base: { block: string; blockKind: string; assumed: AssumedInput[] };
  readonly policy: SizingPolicy;
  readonly load: ReplicatedDatabaseLoadPlan;
  readonly engine: string;
  readonly mysql: boolean;
}

/** The IOPS and throughput rows of every volume at an allocated storage, without their fix. */
function rowsAt(allocatedGiB: number, loads: VolumeLoad[], i: StorageRowsInput): SizingRow[] {
  const baseline = catalog.rdsGp3Baseline(allocatedGiB);
  const rows: SizingRow[] = [];
  const assumedFrom = `${fmt(i.load.storageIosPerWrite)} I/Os per write, ${fmt(Math.round(i.load.bufferHitRatio * 1000) / 10)} % of reads from the buffer pool`;
  const ceiling = 'the class\'s own EBS ceiling is not in the catalog and is not checked';
  for (const v of loads) {
    const bound = v.scenario === Scenario.NORMAL ? i.policy.targetUtilization : i.policy.maxUtilization;
    const iops = storageIops(i.load, v.writes, v.reads);
    const what = `${fmt(Math.round(v.writes))} writes/s` + (v.reads > 0 ? ` + ${fmt(Math.round(v.reads))} reads/s` : '');
    rows.push({
      ...capacityRow({
        ...i.base,
        resource: STORAGE_PERFORMANCE_RESOURCE,
        metric: 'IOPS',
        sources: ['catalog.RDS_GP3_BASELINE', 'catalog.ASSUMED.dbStorageIosPerWrite', 'catalog.ASSUMED.dbBufferHitRatio'],
      },
      v.scenario, iops, baseline.iops, bound, i.policy.warnMargin, (_verdict, u) =>
        `${what} on ${v.who} (${assumedFrom}) make ${fmt(Math.round(iops))} IOPS: ${fmtPercent(u)} of the gp3 baseline of `
        + `${fmt(allocatedGiB)} GiB on ${i.engine} (${fmt(baseline.iops)} IOPS; limit ${fmtPercent(bound)}); ${ceiling}`),
      fixResource: STORAGE_PERFORMANCE_RESOURCE,
    });
    const mibps = storageMiBps(i.load, iops);
    rows.push({
      ...capacityRow({
        ...i.base,
        resource: STORAGE_PERFORMANCE_RESOURCE,
        metric: 'MiB/s',
        sources: ['catalog.RDS_GP3_BASELINE', 'catalog.ASSUMED.dbStorageIosPerWrite', 'catalog.ASSUMED.dbBufferHitRatio',
          i.mysql ? 'catalog.ASSUMED.dbIoSizeKiBMysql' : 'catalog.ASSUMED.dbIoSizeKiBPostgres'],
      },
      v.scenario, mibps, baseline.mibps, bound, i.policy.warnMargin, (_verdict, u) =>
        `${fmt(Math.round(iops))} IOPS of ${fmt(i.load.ioSizeKiB)} KiB on ${v.who} move ${fmt(Math.round(mibps * 10) / 10)} MiB/s: `
        + `${fmtPercent(u)} of the gp3 baseline of ${fmt(allocatedGiB)} GiB (${fmt(baseline.mibps)} MiB/s; limit ${fmtPercent(bound)}); ${ceiling}`),
      fixResource: STORAGE_PERFORMANCE_RESOURCE,
    });
  }
  return rows;
}

/**
 * The storage performance rows of an RDS gp3 database: IOPS and MiB/s of each volume against
 * the gp3 baseline of its allocated storage (the higher one from RDS_GP3_BASELINE.highBaselineMinGiB),
 * in normal operation and with the worst AZ lost. One fix for all of them: the smallest allocated
 * storage whose baseline carries every row, when the higher baseline does; otherwise what can.
 * Aurora has no such volume: no rows (see `auroraIoNote`).
 */
export function storagePerformanceRows(plan: ReplicatedDatabasePlan, t: StorageIoTopology, d: StorageIoDemand,
  base: { block: string; blockKind: string; assumed: AssumedInput[] }): SizingRow[] {
  const allocated = plan.storage.allocatedGiB;
  if (plan.aurora || allocated === undefined) return [];
  const mysql = plan.engineFamily === catalog.DbEngineFamily.MYSQL || plan.engineFamily === catalog.DbEngineFamily.AURORA_MYSQL;
  const i: StorageRowsInput = { base, policy: plan.sizing, load: plan.load, engine: plan.engine, mysql };
  const l = plan.load;
  if (![l.storageIosPerWrite, l.bufferHitRatio, l.ioSizeKiB].every((v) => typeof v === 'number' && Number.isFinite(v))) {
    // A plan recorded by an older scaleblocks (read back from its output) holds no storage I/O figures.
    return [checkRule({ ...base, resource: STORAGE_PERFORMANCE_RESOURCE, metric: 'IOPS', sources: ['catalog.RDS_GP3_BASELINE'] }, Verdict.WARN,
      'the plan holds no storage I/O figures (load.storageIosPerWrite, bufferHitRatio, ioSizeKiB): the gp3 IOPS and throughput are not checked',
      'synthesize again with this version of scaleblocks')];
  }
  const loads = volumeLoads(t, d);
  const rows = rowsAt(allocated, loads, i);
  if (rows.every((r) => r.verdict === Verdict.PASS)) return rows;
  const high = catalog.RDS_GP3_BASELINE.highBaselineMinGiB;
  let fix: string;
  if (allocated < high && rowsAt(high, loads, i).every((r) => r.verdict === Verdict.PASS)) {
    const minCeiling = Math.ceil(high * (1 + catalog.QUOTAS.rds.maxAllocatedStorageMinPercentAbove.value / 100));
    const ceiling = (plan.storage.maxAllocatedGiB ?? 0) < minCeiling ? ` and maxAllocatedStorageGiB >= ${fmt(minCeiling)}` : '';
    const b = catalog.RDS_GP3_BASELINE;
    fix = `set allocatedStorageGiB >= ${fmt(high)}${ceiling}: the gp3 baseline rises from ${fmt(b.baselineIops)} IOPS and ${fmt(b.baselineMiBps)} MiB/s `
      + `to ${fmt(b.highBaselineIops)} IOPS and ${fmt(b.highBaselineMiBps)} MiB/s`;
  } else {
    fix = `no allocated storage carries it on the gp3 baseline (${fmt(catalog.RDS_GP3_BASELINE.highBaselineIops)} IOPS at most), and this block does not provision `
      + 'IOPS: use Aurora (no per-volume IOPS baseline), raise load.bufferHitRatio with a larger class (more memory) when reads drive it, '
      + 'or shard the writes (ShardedDatabase)';
  }
  return rows.map((r) => (r.verdict === Verdict.PASS ? r : { ...r, fix }));
}

/**
 * What the Aurora I/O rate is, and why no row checks it: Aurora has no provisioned IOPS, and the
 * catalog has no sourced figure of the I/Os a writer class can push. Undefined for RDS, or without
 * declared reads or writes.
 */
export function auroraIoNote(plan: ReplicatedDatabasePlan): string | undefined {
  if (!plan.aurora) return undefined;
  const l = plan.load;
  if (l.writesPerSecond <= 0 && l.readsPerSecond <= 0) return undefined;
  const writeIos = l.writesPerSecond * l.storageIosPerWrite;
  const readIos = l.readsPerSecond * (1 - l.bufferHitRatio);
  return `${plan.path}: Aurora I/O rate about ${fmt(Math.round(writeIos + readIos))} I/Os/s (${fmt(l.writesPerSecond)} writes/s x `
    + `${fmt(l.storageIosPerWrite)} I/Os + ${fmt(l.readsPerSecond)} reads/s x ${fmt(Math.round((1 - l.bufferHitRatio) * 1000) / 10)} % that miss the buffer pool); `
    + `not checked: Aurora has no provisioned IOPS, and the catalog has no sourced figure of the I/Os ${plan.instanceClass} can push`;
}
