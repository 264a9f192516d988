import { DatabaseInstanceRole, DatabaseStorageKind } from './options';
import {
  DatabaseClientPlan, DB_INSTANCES_PER_REGION_RESOURCE, DEFAULT_DB_INSTANCE_CLASS, REPLICA_QUOTA_RESOURCE, ReplicatedDatabaseLoadPlan,
  ReplicatedDatabasePlan,
} from './plan';
import { defaultProxyPercent, proxyDatabaseConnections, ProxyFitInput, throughProxy } from './proxy';
import { dbMaxConnections, dbSpecOf, withServerlessV2Fixes } from './serverless-internal';
import { storagePerformanceRows } from './storage-io';
import { AssumedInput } from '../../assumptions';
import * as catalog from '../../catalog';
import {
  capacityRow, checkFleet, checkLimit, checkRule, fmtPercent, RowContext, SizingPolicy, smallestPassing, unitsNeededNormal, utilizationOf,
  verdictFor,
} from '../../sizing/capacity';
import { Scenario, SizingRow, Verdict } from '../../sizing/report';
import { fmt, numberOr } from '../../validation';
import { DEFAULT_MAX_UTILIZATION, DEFAULT_TARGET_UTILIZATION, MIN_UTILIZATION_BOUND } from '../common';
import { quotaRow } from '../shared/quota-row';

// ReplicatedDatabase: the defaults that follow the load (instance class, readers), topology and sizing (SIZING-MODEL.md, ReplicatedDatabase).

/** The replica quota that applies to the engine (Aurora Replicas per cluster, or RDS read replicas per source). */
export function readerQuota(engineFamily: catalog.DbEngineFamily): catalog.Quota {
  return engineFamily === catalog.DbEngineFamily.AURORA_POSTGRESQL || engineFamily === catalog.DbEngineFamily.AURORA_MYSQL
    ? catalog.QUOTAS.aurora.replicasPerCluster : catalog.QUOTAS.rds.readReplicasPerSource;
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
  /**
   * RDS Proxy in front of the writer: its maxConnectionsPercent (given, or undefined for the
   * default of each class). Absent: no proxy.
   */
  readonly proxy?: ProxyFitInput;
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
  const max = dbMaxConnections(i.engineFamily, spec);
  const proxied = max === undefined || !i.proxy ? i.load.connections : Math.min(i.load.connections, proxyDatabaseConnections(max.value,
    i.proxy.maxConnectionsPercent ?? defaultProxyPercent(max.value, i.load.adminConnections, i.policy.warnMargin)));
  const connections = max === undefined
    || verdictFor(utilizationOf(proxied + i.load.adminConnections, max.value), 1, i.policy.warnMargin) === Verdict.PASS;
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
  const spec = dbSpecOf(plan, instanceClass);
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
  topology: ReplicatedDatabaseTopology = replicatedDatabaseTopologyOf(plan), context: catalog.QuotaContext = {}): SizingRow[] {
  const rows = sizeRows(plan, demand, topology, context);
  // Aurora Serverless v2: the capacity rows' fix is the maximum ACUs, found by sizing again at each candidate.
  return withServerlessV2Fixes(plan, rows, topology.azCount, (p) => sizeRows(p, demand, topology, context));
}

function sizeRows(plan: ReplicatedDatabasePlan, demand: ReplicatedDatabaseDemand,
  topology: ReplicatedDatabaseTopology, context: catalog.QuotaContext): SizingRow[] {
  const reads = demand.readsPerSecond ?? plan.load.readsPerSecond;
  const writes = demand.writesPerSecond ?? plan.load.writesPerSecond;
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

  rows.push(...withReadersFix(plan, topology, { reads, writes, extraOnAzLoss, cap, quota: quota.value, auto, base, sources: readSources }));
  rows.push(writerRow(plan, topology, { writes, base, sources: writeSources, classLabel }));
  rows.push(...connectionsRows(plan, spec, topology, { connections: demand.connections, clients: plan.load.clients ?? [], base }));
  rows.push(storageRow(plan, storageGiB, base));
  const lost = topology.azCount > 1 ? worstAzLoss(topology, 1, 1) : undefined;
  rows.push(...storagePerformanceRows(plan, {
    azCount: topology.azCount, readers: n, readersLeftOnAzLoss: lost?.readersLeft ?? n, writerUpOnAzLoss: lost?.writerUp ?? true,
  }, { reads, writes, extraOnAzLoss }, base));

  // Limits.
  const maxReaders = Math.max(n, topology.maxReaders);
  rows.push(checkLimit({ ...base, resource: REPLICA_QUOTA_RESOURCE, metric: 'readers', sources: [plan.aurora ? 'catalog.QUOTAS.aurora.replicasPerCluster' : 'catalog.QUOTAS.rds.readReplicasPerSource'] },
    maxReaders, quota.value, policy.warnMargin, 'use a larger instance class with fewer readers, or shard the data (ShardedDatabase)',
    auto ? 'the replica quota (counting the auto-scaling maximum)' : 'the replica quota'));
  rows.push(quotaRow({
    ...base,
    resource: DB_INSTANCES_PER_REGION_RESOURCE,
    metric: 'DB instances',
    warnMargin: policy.warnMargin,
    what: 'the quota of DB instances per Region (shared by every RDS and Aurora instance of the account)',
    fix: 'request a quota increase (Service Quotas, Amazon RDS: DB instances), or run fewer readers',
  }, 'rds.dbInstancesPerRegion', 1 + maxReaders, context));

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

/**
 * The read rows (normal, and the worst AZ lost) with one fix: the smallest reader count at which
 * both PASS, found by evaluating the same rows over candidate counts (readers placed by the plan's
 * rule). When that count is above the replica quota, or no count is enough, each row keeps its
 * own fix: the smallest larger class that carries it, or sharding.
 */
function withReadersFix(plan: ReplicatedDatabasePlan, t: ReplicatedDatabaseTopology, i: ReadRowsInput): SizingRow[] {
  const rows = readRows(plan, t, i);
  // With one AZ the AZ-loss row WARNs whatever the count (a single point of failure): not a count's to fix.
  const counted = (r: SizingRow): boolean => t.azCount > 1 || r.scenario === Scenario.NORMAL;
  const pass = (rs: SizingRow[]): boolean => rs.filter(counted).every((r) => r.verdict === Verdict.PASS);
  if (pass(rows)) return rows;
  const n = t.readerAzs.length;
  const at = (m: number): SizingRow[] => readRows(plan, { ...t, readerAzs: readerAzs(m, t.azCount, t.writerAz) }, i);
  const needed = smallestPassing(Math.max(1, n), (m) => pass(at(m)), 2 ** 20);
  // Beyond the quota the change is a class (each row names the smallest that carries it), not a count.
  if (needed === undefined || needed > i.quota) return rows;
  const unitNoun = `readers of ${i.cap.spec.name}`;
  const readerProp = i.auto ? 'readerAutoScaling.minReaders' : 'readers';
  const fix = n === 0
    ? `add >= ${fmt(needed)} ${unitNoun} (${readerProp}), so reads leave the writer`
    : `needs >= ${fmt(needed)} ${unitNoun} (${readerProp}), has ${fmt(n)}`;
  return rows.map((r) => (r.verdict === Verdict.PASS || !counted(r) ? r : { ...r, fix }));
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
  const spec = dbSpecOf(plan, t.instanceClass)!;
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

/** The client connections on each instance in the worst case the connections rows check. */
export interface ConnectionLoad {
  /** Connections every pool holds on the writer endpoint. */
  readonly writerPools: number;
  /** Connections every pool holds on the reader endpoint (0 without readers: they are the writer's). */
  readonly readerPools: number;
  /** On the writer: its pools, and the reader pools too when one AZ lost leaves no reader to take them. */
  readonly writer: number;
  /** On the busiest reader: the reader pools spread over the fewest readers left (0 without reader pools). */
  readonly perReader: number;
  /** The readers left when `perReader` is reached. */
  readonly readersLeft: number;
  /** The AZ (index) whose loss gives `perReader`, when it is an AZ loss. */
  readonly readerWorstAz?: number;
  /** The AZ (index) whose loss sends the reader pools to the writer, when one does. */
  readonly writerWorstAz?: number;
}

/** Connections of one client's pool held on the reader endpoint (floor(poolSize x readShare)); 0 without readers. */
export function readerPoolOf(poolSize: number, readShare: number, readers: number): number {
  return readers > 0 ? Math.min(poolSize, Math.floor(poolSize * readShare + 1e-9)) : 0;
}

/**
 * Where the clients' pools land: each client holds floor(poolSize x readShare) connections on the
 * reader endpoint (spread evenly over the readers, rounded up) and the rest on the writer. One AZ
 * lost moves the reader pools onto the readers left (Aurora promotes one of them when the writer's
 * AZ is lost); when none is left, onto the writer (Aurora's reader endpoint falls back to it).
 * The worst case of each instance is taken. Without readers every connection is the writer's.
 */
export function connectionLoad(clients: DatabaseClientPlan[], t: ReplicatedDatabaseTopology): ConnectionLoad {
  const n = t.readerAzs.length;
  let writerPools = 0;
  let readerPools = 0;
  for (const c of clients) {
    const r = readerPoolOf(c.poolSize, c.readShare, n);
    readerPools += c.count * r;
    writerPools += c.count * (c.poolSize - r);
  }
  let writer = writerPools;
  let perReader = n > 0 && readerPools > 0 ? Math.ceil(readerPools / n) : 0;
  let readersLeft = n;
  let readerWorstAz: number | undefined;
  let writerWorstAz: number | undefined;
  const A = Math.max(1, t.azCount);
  if (readerPools > 0 && A > 1) {
    const counts = perAz(t.readerAzs, A);
    for (let az = 0; az < A; az++) {
      const outside = n - counts[az];
      const writerHere = az === t.writerAz;
      const promoted = t.aurora && writerHere && outside >= 1;
      const left = outside - (promoted ? 1 : 0);
      const writerUp = !writerHere || promoted || (!t.aurora && t.multiAz);
      if (left >= 1) {
        const each = Math.ceil(readerPools / left);
        if (each > perReader) {
          perReader = each;
          readersLeft = left;
          readerWorstAz = az;
        }
      } else if (writerUp && writerPools + readerPools > writer) {
        writer = writerPools + readerPools;
        writerWorstAz = az;
      }
    }
  }
  return { writerPools, readerPools, writer, perReader, readersLeft, readerWorstAz, writerWorstAz };
}

/**
 * The classes of the same family the engine offers with more memory than `spec`, by memory then
 * vCPU: max_connections follows memory, so a size with more memory and the same vCPUs (db.t4g.large
 * after db.t4g.medium) is a step up for connections that `largerClasses` (more vCPUs and memory) skips.
 */
export function moreMemoryClasses(spec: catalog.InstanceSpec, engineFamily: catalog.DbEngineFamily): catalog.InstanceSpec[] {
  return catalog.knownDbInstances(engineFamily)
    .map((name) => catalog.dbInstance(name, engineFamily))
    .filter((c): c is catalog.InstanceSpec => c !== undefined && c.family === spec.family && c.memoryGiB > spec.memoryGiB)
    .sort((a, b) => a.memoryGiB - b.memoryGiB || a.vcpu - b.vcpu);
}

/** The clients with every pool capped at `cap` connections. */
function capPools(clients: DatabaseClientPlan[], cap: number): DatabaseClientPlan[] {
  return clients.map((c) => ({ ...c, poolSize: Math.min(c.poolSize, cap) }));
}

interface ConnectionsInput {
  /** One figure of client connections, all on the writer (a demand override, or a load declared so). */
  readonly connections?: number;
  readonly clients: DatabaseClientPlan[];
  readonly base: { block: string; blockKind: string; assumed: AssumedInput[] };
}

/**
 * The connections rows: the writer's, and each reader's when the readers hold pools, against
 * max_connections of the class, with one fix for both: the smallest larger class whose
 * max_connections admits them; else the largest pool size every pool can be capped at; else RDS
 * Proxy, which no class or pool size makes unnecessary.
 */
function connectionsRows(plan: ReplicatedDatabasePlan, spec: catalog.InstanceSpec, t: ReplicatedDatabaseTopology, i: ConnectionsInput): SizingRow[] {
  const ctx = { ...i.base, resource: 'writer connections', metric: 'connections', sources: ['catalog.maxConnections'] };
  const admin = plan.load.adminConnections;
  const max = dbMaxConnections(plan.engineFamily, spec);
  const clients = i.connections === undefined ? i.clients : [];
  const single = i.connections ?? plan.load.connections;
  const loadOf = (cs: DatabaseClientPlan[]): ConnectionLoad => (cs.length > 0 ? connectionLoad(cs, t)
    : { writerPools: single, readerPools: 0, writer: single, perReader: 0, readersLeft: t.readerAzs.length });
  let load = loadOf(clients);
  if (!max) {
    return [checkRule(ctx, Verdict.WARN, `the catalog has no default max_connections for ${spec.name} on ${plan.engine}: ${fmt(load.writer + admin)} connections are not checked`,
      'set max_connections in parameters and check it against your pools')];
  }
  const passes = (demand: number, limit: number): boolean => verdictFor(demand / limit, 1, plan.sizing.warnMargin) === Verdict.PASS;
  // Behind the proxy the writer sees at most its maxConnectionsPercent of max_connections (of the class checked).
  const proxy = plan.proxy;
  const viaProxy = (l: ConnectionLoad, limit: number, percent = proxy?.maxConnectionsPercent): ConnectionLoad =>
    (percent === undefined ? l : throughProxy(l, proxyDatabaseConnections(limit, percent)));
  const fitsAs = (l: ConnectionLoad, limit: number): boolean =>
    passes(l.writer + admin, limit) && (l.perReader === 0 || passes(l.perReader + admin, limit));
  const fitsIn = (l: ConnectionLoad, limit: number): boolean => fitsAs(viaProxy(l, limit), limit);
  const clientLoad = load;
  load = viaProxy(clientLoad, max.value);
  // Without a proxy: the proxy at its default percentage, when it alone makes every row pass (a plan-field fix).
  const proxyPercent = defaultProxyPercent(max.value, admin, plan.sizing.warnMargin);
  const proxyFits = !proxy && fitsAs(viaProxy(clientLoad, max.value, proxyPercent), max.value);
  const proxyText = `enable the proxy (proxy: { enabled: true }): the writer then sees at most ${fmt(proxyDatabaseConnections(max.value, proxyPercent))} `
    + `connections (maxConnectionsPercent ${fmt(proxyPercent)} % of ${fmt(max.value)}) and the clients queue in the proxy`;
  // With a proxy: a lower percentage, when it alone makes every row pass.
  const percentFits = proxy !== undefined && proxyPercent < proxy.maxConnectionsPercent
    && fitsAs(viaProxy(clientLoad, max.value, proxyPercent), max.value);
  const percentText = `set proxy.maxConnectionsPercent <= ${fmt(proxyPercent)}: the proxy then opens at most `
    + `${fmt(proxyDatabaseConnections(max.value, proxyPercent))} connections and leaves ${fmt(admin)} for administration`;
  const plannedFix = proxyFits ? proxyText : percentFits ? percentText : undefined;
  const withReaderRow = load.perReader > 0;
  const group = withReaderRow ? { fixResource: 'connections' } : {};
  const bigger = moreMemoryClasses(spec, plan.engineFamily).find((c) => {
    const m = catalog.maxConnections(plan.engineFamily, c);
    return m !== undefined && fitsIn(load, m.value);
  });
  const biggerText = bigger
    ? `use ${bigger.name} (max_connections ${fmt(catalog.maxConnections(plan.engineFamily, bigger)!.value)}): the smallest size of the ${spec.family} family that admits them`
    : undefined;
  let fix: string;
  if (clients.length === 0) {
    // The largest client connection count that passes on this class (pools to shrink to).
    let fits = Math.max(0, Math.floor(max.value * plan.sizing.warnMargin) - admin + 1);
    while (fits > 0 && !passes(fits + admin, max.value)) fits--;
    const shrinkText = `shrink the pools to <= ${fmt(fits)} client connections`;
    if (proxy) {
      fix = [biggerText, plannedFix].filter((text) => text !== undefined).join('; or ')
        || `no size of the ${spec.family} family admits the proxy's connections and ${fmt(admin)} for administration: lower load.adminConnections`;
    } else if (biggerText || plannedFix) {
      fix = [biggerText, plannedFix, shrinkText].filter((text) => text !== undefined).join('; or ');
    } else {fix = `no size of the ${spec.family} family admits ${fmt(load.writer + admin)} connections: put RDS Proxy in front to pool them, or shrink the pools to <= ${fmt(fits)} client connections`;}
  } else {
    const largest = Math.max(...clients.map((c) => c.poolSize));
    const capFits = (k: number): boolean => fitsIn(loadOf(capPools(clients, k)), max.value);
    // Capped pools hold no more connections on any instance than larger ones: the largest cap that fits, by bisection.
    let cap = 0;
    if (capFits(1)) {
      let lo = 1;
      let hi = largest;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (capFits(mid)) lo = mid; else hi = mid - 1;
      }
      cap = lo;
    }
    const pools = clients.filter((c) => c.poolSize > cap).map((c) => `${c.name} ${fmt(c.poolSize)}`).join(', ');
    const capText = `cap every pool at <= ${fmt(cap)} connection${cap === 1 ? '' : 's'} (today ${pools})`;
    // Each exact change that passes alone, in order: a bigger class, capped pools on this class, the proxy.
    const proxyOr = plannedFix ?? 'put RDS Proxy in front to pool them';
    if (biggerText) {
      fix = [biggerText, cap >= 1 ? capText : undefined, plannedFix].filter((text) => text !== undefined).join('; or ');
    } else if (cap >= 1) {
      fix = `no size of the ${spec.family} family admits them: ${capText}; or ${proxyOr}`;
    } else if (plannedFix) {
      // Neither a class nor capped pools: the proxy alone makes every row pass.
      fix = plannedFix;
    } else {
      fix = `no size of the ${spec.family} family admits them, nor do pools of 1 connection on ${spec.name}: ${proxyOr}, `
        + `or run fewer clients (${clients.map((c) => c.countFrom).join(', ')})`;
    }
  }
  const who = (part: (c: DatabaseClientPlan) => number): string => clients.filter((c) => part(c) > 0)
    .map((c) => `${c.name} ${fmt(c.count)} x ${fmt(part(c))} (${c.countFrom}; pool ${c.poolFrom})`).join(' + ');
  const n = t.readerAzs.length;
  const onWriter = (c: DatabaseClientPlan): number => c.poolSize - readerPoolOf(c.poolSize, c.readShare, n);
  const onReaders = (c: DatabaseClientPlan): number => readerPoolOf(c.poolSize, c.readShare, n);
  const what = clients.length === 0 ? `max_connections of ${spec.name} (${max.formula}; ${fmt(admin)} kept for administration)`
    : `max_connections of ${spec.name} (${max.formula})`;
  const writerLimit = checkLimit(ctx, load.writer + admin, max.value, plan.sizing.warnMargin, fix, what);
  const rows: SizingRow[] = [];
  if (clients.length === 0) {
    rows.push(!proxy ? writerLimit : {
      ...writerLimit,
      reason: `${fmt(clientLoad.writer)} client connections through RDS Proxy ${proxy.name}, which opens at most ${fmt(load.writer)} of them to the writer `
        + `(maxConnectionsPercent ${fmt(proxy.maxConnectionsPercent)} %); ${writerLimit.reason}`,
    });
  } else {
    const proxyStory = !proxy ? '' : `, through RDS Proxy ${proxy.name}, which opens at most ${fmt(proxyDatabaseConnections(max.value, proxy.maxConnectionsPercent))} `
      + `of them to the writer (maxConnectionsPercent ${fmt(proxy.maxConnectionsPercent)} %; the others wait up to ${fmt(proxy.connectionBorrowTimeoutSeconds)} s for one)`;
    const writerStory = load.writerWorstAz === undefined ? ''
      : `, and with AZ ${load.writerWorstAz + 1} lost no reader is left, so the reader pools (${fmt(load.readerPools)}) land on the writer too`;
    rows.push({
      ...writerLimit,
      ...group,
      reason: `clients at their maximum: ${who(onWriter) || 'none'} = ${fmt(clientLoad.writerPools)} on the writer${proxyStory}${writerStory}; `
        + `${fmt(admin)} kept for administration; ${writerLimit.reason}`,
    });
  }
  if (withReaderRow) {
    const readerRow = checkLimit({ ...ctx, resource: 'reader connections' }, load.perReader + admin, max.value, plan.sizing.warnMargin, fix,
      `max_connections of each reader of ${spec.name}`);
    const spread = load.readerWorstAz === undefined ? `spread over ${fmt(n)} reader${n === 1 ? '' : 's'}`
      : `spread over the ${fmt(load.readersLeft)} reader${load.readersLeft === 1 ? '' : 's'} left with AZ ${load.readerWorstAz + 1} lost`;
    rows.push({
      ...readerRow,
      ...group,
      reason: `reader pools: ${who(onReaders)} = ${fmt(load.readerPools)} ${spread}: ${fmt(load.perReader)} on the busiest reader; `
        + `${fmt(admin)} kept for administration; ${readerRow.reason}`,
    });
  }
  return rows;
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
