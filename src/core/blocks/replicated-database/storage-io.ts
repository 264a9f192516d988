import { DatabaseStorageKind } from './options';
import { ReplicatedDatabaseLoadPlan, ReplicatedDatabasePlan } from './plan';
import { gp3MysqlMinMiBps } from './storage-rules';
import { AssumedInput } from '../../assumptions';
import * as catalog from '../../catalog';
import { capacityRow, checkRule, fmtPercent, SizingPolicy } from '../../sizing/capacity';
import { Scenario, SizingRow, Verdict } from '../../sizing/report';
import { fmt } from '../../validation';

// ReplicatedDatabase: storage IOPS and throughput of the RDS gp3 volumes, and the Aurora I/O rate
// (SIZING-MODEL.md, ReplicatedDatabase; issue 16 item 6).

/** The resource the storage performance rows share: one fix (the storage, and the class when its EBS ceiling binds) for all of them. */
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

/** The storage of one volume, as the rows read it. */
export interface VolumeStorage {
  readonly kind: DatabaseStorageKind;
  readonly allocatedGiB: number;
  /** Provisioned IOPS (io1, io2, a provisioned gp3); absent: the gp3 baseline. */
  readonly iops?: number;
  /** Provisioned MiB/s (a provisioned gp3). */
  readonly throughputMiBps?: number;
}

/** What a volume sustains, and in words where it comes from. */
export interface VolumePerformance {
  readonly iops: number;
  readonly mibps: number;
  readonly what: string;
  readonly sources: string[];
}

/** The IOPS and MiB/s a volume sustains: the gp3 baseline or its provisioned values; io1/io2 their IOPS, up to the table's throughput. */
export function volumePerformance(s: VolumeStorage): VolumePerformance {
  const p = catalog.RDS_PROVISIONED_STORAGE;
  if (s.kind === DatabaseStorageKind.GP3) {
    if (s.iops !== undefined) {
      const mibps = s.throughputMiBps ?? catalog.rdsGp3Baseline(s.allocatedGiB).mibps;
      return { iops: s.iops, mibps, what: `gp3 of ${fmt(s.allocatedGiB)} GiB provisioned with ${fmt(s.iops)} IOPS and ${fmt(mibps)} MiB/s`, sources: ['catalog.RDS_PROVISIONED_STORAGE'] };
    }
    const b = catalog.rdsGp3Baseline(s.allocatedGiB);
    return { iops: b.iops, mibps: b.mibps, what: `the gp3 baseline of ${fmt(s.allocatedGiB)} GiB (${fmt(b.iops)} IOPS, ${fmt(b.mibps)} MiB/s)`, sources: ['catalog.RDS_GP3_BASELINE'] };
  }
  const kind = s.kind.toLowerCase();
  const mibps = s.allocatedGiB >= p.piopsStripeMinGiB ? p.piopsMaxMiBps : p.piopsMaxMiBpsBelowStripe;
  return {
    iops: s.iops ?? 0,
    mibps,
    what: `${kind} of ${fmt(s.allocatedGiB)} GiB provisioned with ${fmt(s.iops ?? 0)} IOPS (at most ${fmt(mibps)} MiB/s)`,
    sources: ['catalog.RDS_PROVISIONED_STORAGE'],
  };
}

/** The EBS ceiling of a DB instance class in IOPS and MiB/s (baseline and burst), or undefined when the catalog has none. */
export function classEbsCeiling(instanceClass: string): { iops: number; mibps: number; burstIops: number; burstMiBps: number } | undefined {
  const c = catalog.ebsCeiling(instanceClass);
  if (!c) return undefined;
  return { iops: c.baselineIops, mibps: catalog.mbpsToMiBps(c.baselineMBps), burstIops: c.maxIops, burstMiBps: catalog.mbpsToMiBps(c.maxMBps) };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** The IOPS and throughput rows of every volume at a storage and class, without their fix: capacity the lower of the volume's and the class's EBS baseline. */
function rowsAt(storage: VolumeStorage, instanceClass: string, loads: VolumeLoad[], i: StorageRowsInput): SizingRow[] {
  const vol = volumePerformance(storage);
  const ebs = classEbsCeiling(instanceClass);
  const rows: SizingRow[] = [];
  const assumedFrom = `${fmt(i.load.storageIosPerWrite)} I/Os per write, ${fmt(Math.round(i.load.bufferHitRatio * 1000) / 10)} % of reads from the buffer pool`;
  const capIops = Math.min(vol.iops, ebs?.iops ?? Infinity);
  const capMiBps = Math.min(vol.mibps, ebs?.mibps ?? Infinity);
  const ceiling = (metric: 'IOPS' | 'MiB/s'): string => {
    if (!ebs) return `${instanceClass}'s own EBS ceiling is not in the catalog and is not checked`;
    const [base, burst, volume] = metric === 'IOPS' ? [ebs.iops, ebs.burstIops, vol.iops] : [round1(ebs.mibps), round1(ebs.burstMiBps), vol.mibps];
    const binds = (metric === 'IOPS' ? ebs.iops : ebs.mibps) < volume ? 'the class binds' : 'the volume binds';
    return `${instanceClass} sustains ${fmt(base)} ${metric} to EBS (baseline; ${fmt(burst)} in bursts of at most 30 minutes a day): ${binds}`;
  };
  const sources = [...vol.sources, ...(ebs ? ['catalog.SOURCES.ebsOptimized'] : []), 'catalog.ASSUMED.dbStorageIosPerWrite', 'catalog.ASSUMED.dbBufferHitRatio'];
  for (const v of loads) {
    const bound = v.scenario === Scenario.NORMAL ? i.policy.targetUtilization : i.policy.maxUtilization;
    const iops = storageIops(i.load, v.writes, v.reads);
    const what = `${fmt(Math.round(v.writes))} writes/s` + (v.reads > 0 ? ` + ${fmt(Math.round(v.reads))} reads/s` : '');
    rows.push({
      ...capacityRow({ ...i.base, resource: STORAGE_PERFORMANCE_RESOURCE, metric: 'IOPS', sources },
        v.scenario, iops, capIops, bound, i.policy.warnMargin, (_verdict, u) =>
          `${what} on ${v.who} (${assumedFrom}) make ${fmt(Math.round(iops))} IOPS: ${fmtPercent(u)} of ${fmt(capIops)} IOPS reachable on ${i.engine} `
          + `(limit ${fmtPercent(bound)}): ${vol.what}; ${ceiling('IOPS')}`),
      fixResource: STORAGE_PERFORMANCE_RESOURCE,
    });
    const mibps = storageMiBps(i.load, iops);
    rows.push({
      ...capacityRow({
        ...i.base,
        resource: STORAGE_PERFORMANCE_RESOURCE,
        metric: 'MiB/s',
        sources: [...sources, i.mysql ? 'catalog.ASSUMED.dbIoSizeKiBMysql' : 'catalog.ASSUMED.dbIoSizeKiBPostgres'],
      },
      v.scenario, mibps, capMiBps, bound, i.policy.warnMargin, (_verdict, u) =>
        `${fmt(Math.round(iops))} IOPS of ${fmt(i.load.ioSizeKiB)} KiB on ${v.who} move ${fmt(round1(mibps))} MiB/s: `
        + `${fmtPercent(u)} of ${fmt(round1(capMiBps))} MiB/s reachable (limit ${fmtPercent(bound)}): ${vol.what}; ${ceiling('MiB/s')}`),
      fixResource: STORAGE_PERFORMANCE_RESOURCE,
    });
  }
  return rows;
}

/** The IOPS and MiB/s every volume must reach for its rows to PASS (below the warning margin of their bounds). */
function needed(loads: VolumeLoad[], i: StorageRowsInput): { iops: number; mibps: number } {
  let iops = 0;
  let mibps = 0;
  for (const v of loads) {
    const bound = (v.scenario === Scenario.NORMAL ? i.policy.targetUtilization : i.policy.maxUtilization) * i.policy.warnMargin;
    const d = storageIops(i.load, v.writes, v.reads);
    iops = Math.max(iops, d / bound);
    mibps = Math.max(mibps, storageMiBps(i.load, d) / bound);
  }
  return { iops, mibps };
}

/** The change of storage that reaches `need` (undefined when the current storage does), or why none can. */
function storageFix(plan: ReplicatedDatabasePlan, need: { iops: number; mibps: number }, mysql: boolean): string | undefined {
  const s = plan.storage;
  const storage: VolumeStorage = { kind: s.kind, allocatedGiB: s.allocatedGiB!, iops: s.iops, throughputMiBps: s.throughputMiBps };
  const vol = volumePerformance(storage);
  if (vol.iops >= need.iops && vol.mibps >= need.mibps) return undefined;
  const p = catalog.RDS_PROVISIONED_STORAGE;
  const b = catalog.RDS_GP3_BASELINE;
  const allocated = s.allocatedGiB!;
  const abovePercent = catalog.QUOTAS.rds.maxAllocatedStorageMinPercentAbove.value;
  const withCeiling = (gib: number): string => {
    const minCeiling = Math.ceil(gib * (1 + abovePercent / 100));
    return gib > allocated ? `allocatedStorageGiB >= ${fmt(gib)}${(s.maxAllocatedGiB ?? 0) < minCeiling ? ` and maxAllocatedStorageGiB >= ${fmt(minCeiling)}` : ''}` : '';
  };
  const R = Math.ceil(need.iops);
  const T = Math.ceil(need.mibps);
  const gp3 = s.kind === DatabaseStorageKind.GP3;
  if (gp3 && s.iops === undefined && allocated < b.highBaselineMinGiB && R <= b.highBaselineIops && T <= b.highBaselineMiBps) {
    return `set ${withCeiling(b.highBaselineMinGiB)}: the gp3 baseline rises from ${fmt(b.baselineIops)} IOPS and ${fmt(b.baselineMiBps)} MiB/s `
      + `to ${fmt(b.highBaselineIops)} IOPS and ${fmt(b.highBaselineMiBps)} MiB/s`;
  }
  if (gp3) {
    const iops = Math.max(p.gp3IopsMin, R, Math.ceil(T / p.gp3MaxMiBpsPerIops));
    const mibps = Math.max(p.gp3ThroughputMinMiBps, T, gp3MysqlMinMiBps(iops, mysql));
    if (iops <= p.gp3IopsMax && mibps <= p.gp3ThroughputMaxMiBps && mibps <= iops * p.gp3MaxMiBpsPerIops) {
      const size = withCeiling(p.gp3ProvisionMinGiB);
      return `set ${size ? `${size}, ` : ''}storageIops >= ${fmt(iops)} and storageThroughputMiBps >= ${fmt(mibps)} (gp3 provisioned: `
        + `${fmt(p.gp3IopsMin)}..${fmt(p.gp3IopsMax)} IOPS, ${fmt(p.gp3ThroughputMinMiBps)}..${fmt(p.gp3ThroughputMaxMiBps)} MiB/s, from ${fmt(p.gp3ProvisionMinGiB)} GiB)`;
    }
  }
  // Provisioned IOPS SSD: enough storage for the IOPS ratio, and the striped size for more than 500 MiB/s.
  // At least 0.5 IOPS per GiB of the autoscaling ceiling (the one the fix sets, or the plan's).
  const striped = T > p.piopsMaxMiBpsBelowStripe ? p.piopsStripeMinGiB : 0;
  const gib = Math.max(allocated, p.piopsStorageMinGiB, Math.ceil(R / p.piopsMaxIopsPerGiB), striped);
  const ceilingGiB = Math.max(s.maxAllocatedGiB ?? gib, gib > allocated ? Math.ceil(gib * (1 + abovePercent / 100)) : gib);
  const iops = Math.max(p.piopsIopsMin, R, Math.ceil(ceilingGiB * p.piopsMinIopsPerGiB));
  if (iops <= p.piopsIopsMax && T <= p.piopsMaxMiBps) {
    const size = withCeiling(Math.max(gib, Math.ceil(iops / p.piopsMaxIopsPerGiB)));
    return `set ${gp3 ? 'storageType IO2 (or IO1), ' : ''}${size ? `${size}, ` : ''}storageIops >= ${fmt(iops)}`
      + `${gp3 ? ' and unset storageThroughputMiBps' : ''} (provisioned IOPS: ${fmt(p.piopsIopsMin)}..${fmt(p.piopsIopsMax)}, `
      + `${fmt(p.piopsMinIopsPerGiB)}..${fmt(p.piopsMaxIopsPerGiB)} per GiB)`;
  }
  return `no RDS volume carries ${fmt(R)} IOPS and ${fmt(T)} MiB/s (io2 reaches ${fmt(p.piopsIopsMax)} IOPS and ${fmt(p.piopsMaxMiBps)} MiB/s): `
    + 'use Aurora (no per-volume IOPS), raise load.bufferHitRatio with a larger class (more memory) when reads drive it, or shard the writes (ShardedDatabase)';
}

/** The class change whose EBS baseline reaches `need` (undefined when the current class does or has no figure), or why none can. */
function classFix(plan: ReplicatedDatabasePlan, need: { iops: number; mibps: number }): string | undefined {
  const carries = (name: string): boolean => {
    const c = classEbsCeiling(name);
    return c === undefined || (c.iops >= need.iops && c.mibps >= need.mibps);
  };
  if (carries(plan.instanceClass)) return undefined;
  const family = plan.instanceClass.replace(/^db\./, '').split('.')[0];
  const bigger = catalog.knownDbInstances(plan.engineFamily).filter((n) => n.split('.')[1] === family && classEbsCeiling(n) !== undefined);
  const fit = bigger.find((n) => carries(n) && (catalog.dbInstance(n, plan.engineFamily)?.vcpu ?? 0) >= plan.instanceVcpu);
  const want = `${fmt(Math.ceil(need.iops))} IOPS and ${fmt(round1(need.mibps))} MiB/s`;
  if (fit) {
    const c = classEbsCeiling(fit)!;
    return `set instanceClass ${fit} (EBS baseline ${fmt(c.iops)} IOPS, ${fmt(round1(c.mibps))} MiB/s; ${want} needed)`;
  }
  return `no ${family} size has an EBS baseline of ${want}: choose a class that has, or shard the writes (ShardedDatabase)`;
}

/**
 * The storage performance rows of an RDS database: IOPS and MiB/s of each volume against what is
 * reachable, the lower of the volume's (the gp3 baseline of its size, or its provisioned values)
 * and the DB instance class's EBS baseline, in normal operation and with the worst AZ lost. One fix
 * for all of them: the storage that carries every row (a larger gp3, provisioned gp3 IOPS and
 * throughput, or io2), and a larger class when its EBS baseline binds. Aurora has no such volume:
 * no rows (see `auroraIoNote`).
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
  const s = plan.storage;
  const rows = rowsAt({ kind: s.kind, allocatedGiB: allocated, iops: s.iops, throughputMiBps: s.throughputMiBps }, plan.instanceClass, loads, i);
  if (rows.every((r) => r.verdict === Verdict.PASS)) return rows;
  const need = needed(loads, i);
  const fix = [storageFix(plan, need, mysql), classFix(plan, need)].filter((f): f is string => f !== undefined).join('; and ')
    || 'no change of storage or class reaches the bound: shard the writes (ShardedDatabase)';
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
