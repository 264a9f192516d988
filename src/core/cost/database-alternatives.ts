import { distinctOrdered, farBelowBound, keeps, PricePart, priceDrafts, rightSizingOf, tryPlan } from './alternative-search';
import { CostOptions, databaseLines } from './estimate';
import { BlockKind } from '../blocks/common';
import { DatabaseInstanceRole } from '../blocks/replicated-database/options';
import { ReplicatedDatabasePlan } from '../blocks/replicated-database/plan';
import { classCarries, ClassFitInput, readerQuota, readersNeeded } from '../blocks/replicated-database/sizing';
import * as catalog from '../catalog';
import { CostAlternative, RightSizing, SizingRow } from '../sizing/report';
import { SystemPlan, sizeSystemRows, SystemSpec } from '../system';
import { fmt } from '../validation';

/*
 * The cheapest passing designs of a ReplicatedDatabase whose readers, writer, connections or
 * instance class do not PASS, and the fewest readers of one far below its bound (RIGHT_SIZING_SHARE).
 * A design is an instance class and a reader count. Per family of the same kind as today's (the
 * memory-optimised db.r families for a db.r or burstable class, the db.m families for a db.m
 * class, as the catalog offers them for the engine: Graviton r8g/r7g/r6g and x86 r7i/r6i), from
 * today's size up: the smallest class whose writer carries the writes and connections
 * (`classCarries`, the sizing's own default-class test) with the fewest readers that pass, and the
 * next class up when it needs fewer readers. Each is applied to the spec (instanceClass, readers or
 * readerAutoScaling.minReaders), planned and sized again, and kept by the law of
 * alternative-search.ts (`keeps`): every row of the resource PASSes and no row of the system gets
 * worse (more readers count against the DB instances quota and the replica quota, fewer share the
 * reader pools). Priced with the estimate's own lines of the planned topology: instance-hours of the
 * writer, RDS's Multi-AZ standby and the provisioned readers, and RDS gp3 storage (allocated once
 * per instance). Aurora's cluster storage and I/O are the same for every design (one volume, the
 * same reads and writes) and are left out. Not searched: Aurora I/O-Optimized (the spec has no
 * option for it), Serverless v2 (billed per ACU-hour, not priced), ShardedDatabase shards and
 * gateway services' databases.
 */

/** The resources of a ReplicatedDatabase an instance class and reader count decide, grouped as one (a resource is renamed with no reader). */
const DATABASE_GROUPS: string[][] = [['readers', 'writer (reads)'], ['writer'], ['writer connections', 'connections'], ['instance class']];

/** The resources whose fixes list database alternatives. */
export const DATABASE_RESOURCES: string[] = DATABASE_GROUPS.flat();

/** The resources whose rows decide whether a database is far below its bound (capacity rows only). */
const CAPACITY_RESOURCES: string[] = ['readers', 'writer (reads)', 'writer', 'writer connections', 'connections'];

/** One candidate design: a class and its readers. */
interface DbDesign {
  readonly instanceClass: string;
  readonly readers: number;
  readonly why: string;
  readonly assumed: string[];
  /** The user's per-vCPU rates scaled to the class's family, when the user gave them. */
  readonly readsPerSecondPerVcpu?: number;
  readonly writesPerSecondPerVcpu?: number;
}

/** The spec with the database's class, readers and (scaled) per-vCPU rates replaced. */
function applyDatabase(spec: SystemSpec, plan: ReplicatedDatabasePlan, d: DbDesign): SystemSpec {
  const db = spec.database ?? {};
  const auto = plan.readerAutoScaling;
  const load = d.readsPerSecondPerVcpu !== undefined || d.writesPerSecondPerVcpu !== undefined ? {
    ...db.load,
    ...(d.readsPerSecondPerVcpu !== undefined ? { readsPerSecondPerVcpu: d.readsPerSecondPerVcpu } : {}),
    ...(d.writesPerSecondPerVcpu !== undefined ? { writesPerSecondPerVcpu: d.writesPerSecondPerVcpu } : {}),
  } : db.load;
  return {
    ...spec,
    database: {
      ...db,
      instanceClass: d.instanceClass,
      ...(auto
        ? { readerAutoScaling: { ...db.readerAutoScaling, minReaders: d.readers, maxReaders: Math.max(auto.maxReaders, d.readers) } }
        : { readers: d.readers }),
      ...(load !== undefined ? { load } : {}),
    },
  };
}

function databaseChanges(plan: ReplicatedDatabasePlan, d: DbDesign): string[] {
  const out = [`database.instanceClass: ${d.instanceClass}`];
  const auto = plan.readerAutoScaling;
  if (auto) {
    out.push(`database.readerAutoScaling.minReaders: ${d.readers}`);
    if (d.readers > auto.maxReaders) out.push(`database.readerAutoScaling.maxReaders: ${d.readers}`);
  } else {
    out.push(`database.readers: ${d.readers}`);
  }
  if (d.readsPerSecondPerVcpu !== undefined) out.push(`database.load.readsPerSecondPerVcpu: ${d.readsPerSecondPerVcpu}`);
  if (d.writesPerSecondPerVcpu !== undefined) out.push(`database.load.writesPerSecondPerVcpu: ${d.writesPerSecondPerVcpu}`);
  return out;
}

function databaseText(plan: ReplicatedDatabasePlan, instanceClass: string, readers: number): string {
  const standby = !plan.aurora && plan.multiAz ? ' + a Multi-AZ standby' : '';
  return `1 writer${standby} + ${fmt(readers)} reader${readers === 1 ? '' : 's'} of ${instanceClass}`;
}

/**
 * The monthly cost of a planned database: the estimate's lines of the same topology read back
 * (instance-hours by class, engine and storage; RDS gp3 per instance); unpriced when the catalog
 * (or the user's overrides) has no row for a line in the Region, or RDS storage has no line.
 */
export function databaseCost(plan: ReplicatedDatabasePlan, region: string, options: CostOptions): PricePart {
  const readers = plan.instances.filter((i) => i.role === DatabaseInstanceRole.READER);
  const notPriced: string[] = [];
  const drafts = databaseLines({
    engine: plan.engineFamily,
    aurora: plan.aurora,
    storageType: plan.aurora ? undefined : 'gp3',
    allocatedStorageGiB: plan.storage.allocatedGiB,
    writer: { id: 'writer', instanceClass: plan.instanceClass },
    readers: readers.map((_r, i) => ({ id: `reader${i + 1}`, instanceClass: plan.instanceClass })),
    instanceClass: plan.instanceClass,
    multiAz: plan.multiAz,
    azs: [],
    subnetGroupAzs: [],
  }, {}, plan.path, notPriced, 1).filter((d) => d.key === 'rds.instance-hour' || d.key === 'rds.gp3-gb-month');
  const storageMissing = !plan.aurora && !drafts.some((d) => d.key === 'rds.gp3-gb-month');
  if (storageMissing || drafts.length === 0) {
    return { priced: false, noPrice: notPriced.find((n) => /storage|instance|class|engine/.test(n)) ?? 'the database has no priced line' };
  }
  return priceDrafts(plan.path, BlockKind.REPLICATED_DATABASE, region, drafts, options);
}

/** The families searched: today's first, then the others of the same kind (r or m) the engine offers, burstable ones never. */
function familiesOf(current: catalog.InstanceSpec, engine: catalog.DbEngineFamily): string[] {
  const letter = current.burstable ? 'r' : current.family[0];
  const all = [...new Set(catalog.knownDbInstances(engine).map((n) => catalog.dbInstance(n, engine)!)
    .filter((c) => !c.burstable && c.family[0] === letter).map((c) => c.family))];
  return [...(current.burstable ? [] : [current.family]), ...all.filter((f) => f !== current.family)];
}

/** Graviton or x86, for the why of a design. */
function processor(family: string): string {
  return /\dg$/.test(family) ? 'Graviton' : 'x86';
}

/** Evaluations of one search, shared by the resources of one database: the rows of each design applied. */
type Evaluations = Map<string, SizingRow[] | null>;
const EVALUATIONS = new WeakMap<SystemSpec, Evaluations>();

function evaluate(spec: SystemSpec, plan: ReplicatedDatabasePlan, d: DbDesign): SizingRow[] | undefined {
  let memo = EVALUATIONS.get(spec);
  if (!memo) EVALUATIONS.set(spec, memo = new Map());
  const k = databaseChanges(plan, d).join('\u0000');
  if (!memo.has(k)) {
    const p = tryPlan(applyDatabase(spec, plan, d));
    memo.set(k, p?.database ? sizeSystemRows(p).rows : null);
  }
  return memo.get(k) ?? undefined;
}

/** A resource's rows (its group) in the database block. */
function ownOf(plan: ReplicatedDatabasePlan, resources: string[]): (r: SizingRow) => boolean {
  return (r) => r.block === plan.path && resources.includes(r.fixResource ?? r.resource);
}

/** The fewest readers (1..quota) of a design's class that `keeps`, searched from a predicted count; undefined when none does. */
function fewestReaders(spec: SystemSpec, plan: ReplicatedDatabasePlan, before: SizingRow[], own: (r: SizingRow) => boolean,
  base: Omit<DbDesign, 'readers'>, predicted: number, quota: number): number | undefined {
  const ok = (n: number): boolean => {
    const rows = evaluate(spec, plan, { ...base, readers: n });
    return rows !== undefined && keeps(before, rows, own) !== undefined;
  };
  let n = Math.min(quota, Math.max(1, predicted));
  if (ok(n)) {
    while (n > 1 && ok(n - 1)) n--;
    return n;
  }
  for (n += 1; n <= quota; n++) if (ok(n)) return n;
  return undefined;
}

/** The fit input of the sizing's default-class test for this database, with per-vCPU rates scaled by `speed`. */
function fitInput(plan: ReplicatedDatabasePlan, speed: number): ClassFitInput {
  return {
    engineFamily: plan.engineFamily,
    aurora: plan.aurora,
    multiAz: plan.multiAz,
    azCount: plan.azCount,
    load: {
      ...plan.load,
      readsPerSecondPerVcpu: plan.load.readsPerSecondPerVcpu * speed,
      writesPerSecondPerVcpu: plan.load.writesPerSecondPerVcpu * speed,
    },
    policy: plan.sizing,
    quota: readerQuota(plan.engineFamily).value,
    sizeReaders: true,
    ...(plan.proxy ? { proxy: { maxConnectionsPercent: plan.proxy.maxConnectionsPercent } } : {}),
  };
}

/**
 * The alternatives of one resource of the system's ReplicatedDatabase (readers, writer,
 * connections, instance class), cheapest first; none for Serverless v2.
 */
export function databaseAlternatives(spec: SystemSpec, plan: SystemPlan, resource: string, options: CostOptions = {}): CostAlternative[] {
  const db = plan.database;
  if (!db || db.serverlessV2 !== undefined) return [];
  const current = catalog.dbInstance(db.instanceClass, db.engineFamily);
  if (!current) return [];
  const group = DATABASE_GROUPS.find((g) => g.includes(resource)) ?? [resource];
  const own = ownOf(db, group);
  const before = sizeSystemRows(plan).rows;
  const quota = readerQuota(db.engineFamily).value;
  const given = { reads: spec.database?.load?.readsPerSecondPerVcpu, writes: spec.database?.load?.writesPerSecondPerVcpu };
  const found: CostAlternative[] = [];
  for (const family of familiesOf(current, db.engineFamily)) {
    const other = family !== current.family;
    const speed = other ? catalog.relativeVcpuSpeed(family, current.family) : 1;
    const declared = given.reads !== undefined || given.writes !== undefined;
    // A declared per-vCPU rate is scaled to another family by the catalog's CoreMark speed; without one, the family is skipped.
    if (other && declared && speed === undefined) continue;
    const scale = speed ?? 1;
    const scaled = (v: number | undefined): number | undefined =>
      (other && v !== undefined ? Math.max(0.01, Math.round(v * scale * 100) / 100) : undefined);
    const assumed: string[] = [];
    if (other && declared) assumed.push(`your per-vCPU rates scaled by the ${family} per-vCPU speed vs ${current.family} (x ${fmt(Math.round(scale * 100) / 100)}): measure them there`);
    if (other && processor(family) !== processor(current.family)) {
      assumed.push(`${processor(family)} (${family}): the engine runs the same; the model scales its per-vCPU rates by the catalog's CoreMark figures`);
    }
    const fit = fitInput(db, scale);
    const classes = catalog.knownDbInstances(db.engineFamily).map((n) => catalog.dbInstance(n, db.engineFamily)!)
      .filter((c) => c.family === family && c.vcpu >= current.vcpu).sort((a, b) => a.vcpu - b.vcpu);
    let first: { readers: number } | undefined;
    for (const c of classes) {
      if (!classCarries(fit, c)) {
        if (first) break; // the next class up does not carry it: no second design
        continue;
      }
      const base = {
        instanceClass: c.name,
        why: '',
        assumed,
        readsPerSecondPerVcpu: scaled(given.reads),
        writesPerSecondPerVcpu: scaled(given.writes),
      };
      const predicted = readersNeeded(fit, c) ?? 1;
      const n = fewestReaders(spec, db, before, own, base, predicted, quota);
      if (n === undefined) {
        if (first) break;
        continue;
      }
      const why = first ? `the next class up, fewer readers${other ? `, ${processor(family)} ${family}` : ''}`
        : c.name === current.name ? 'more readers of this class'
          : other ? `the ${family} family (${processor(family)}), the smallest class that passes` : 'the smallest class of this family that passes';
      if (first && n >= first.readers) break;
      const d: DbDesign = { ...base, readers: n, why };
      const kept = tryPlan(applyDatabase(spec, db, d))!.database!;
      found.push({
        design: databaseText(db, c.name, n),
        why,
        changes: databaseChanges(db, d),
        assumed: [...assumed, ...(keeps(before, evaluate(spec, db, d)!, own) ?? [])],
        ...databaseCost(kept, plan.region, options),
      });
      if (first) break;
      first = { readers: n };
    }
  }
  return distinctOrdered(found);
}

/**
 * The fewest readers of the database's class that still pass, when every row of its readers,
 * writer and connections is under RIGHT_SIZING_SHARE of its bound, and what it saves.
 */
export function databaseRightSizing(spec: SystemSpec, plan: SystemPlan, rows: SizingRow[], options: CostOptions = {}): RightSizing | undefined {
  const db = plan.database;
  if (!db || db.serverlessV2 !== undefined) return undefined;
  const own = rows.filter(ownOf(db, CAPACITY_RESOURCES));
  if (!farBelowBound(own)) return undefined;
  const readers = db.instances.filter((i) => i.role === DatabaseInstanceRole.READER).length;
  if (readers <= 1) return undefined;
  const isOwn = ownOf(db, CAPACITY_RESOURCES);
  const d = (n: number): DbDesign => ({ instanceClass: db.instanceClass, readers: n, why: 'fewer readers of this class', assumed: [] });
  const ok = (n: number): boolean => {
    const after = evaluate(spec, db, d(n));
    return after !== undefined && keeps(rows, after, isOwn) !== undefined;
  };
  let n = readers;
  while (n > 1 && ok(n - 1)) n--;
  if (n >= readers) return undefined;
  const smaller = tryPlan(applyDatabase(spec, db, d(n)))!.database!;
  const changes = databaseChanges(db, d(n)).filter((c) => /readers|minReaders/i.test(c));
  return rightSizingOf(db.path, 'readers', databaseText(db, db.instanceClass, readers), databaseText(db, db.instanceClass, n), changes, own,
    databaseCost(db, plan.region, options), databaseCost(smaller, plan.region, options));
}
