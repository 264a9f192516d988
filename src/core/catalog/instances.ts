import { GRAVITON2_NETWORK, GRAVITON3_NETWORK, NetworkBySize } from './graviton-network';
import { CatalogSource, SOURCES } from './source';

/**
 * The database engines the sizing check knows, as they decide which DB instance classes exist
 * and how `max_connections` is derived.
 */
export enum DbEngineFamily {
  /** Amazon Aurora PostgreSQL-Compatible Edition. */
  AURORA_POSTGRESQL = 'aurora-postgresql',
  /** Amazon Aurora MySQL-Compatible Edition. */
  AURORA_MYSQL = 'aurora-mysql',
  /** Amazon RDS for PostgreSQL. */
  POSTGRESQL = 'postgresql',
  /** Amazon RDS for MySQL. */
  MYSQL = 'mysql',
}

/** One compute instance class (EC2 `m7g.large`) or DB instance class (`db.r7g.large`). */
export interface InstanceSpec {
  /** Full name as written in templates: `m7g.large` or `db.r7g.large`. */
  readonly name: string;
  /** Family without prefix, e.g. `r7g`. */
  readonly family: string;
  /** Size, e.g. `large`, `2xlarge`. */
  readonly size: string;
  /** Number of vCPUs. */
  readonly vcpu: number;
  /** Nominal memory in GiB. */
  readonly memoryGiB: number;
  /** Sustained network bandwidth in Gbps, where known. */
  readonly baselineNetworkGbps?: number;
  /** Burst network bandwidth in Gbps, where the size bursts. */
  readonly burstNetworkGbps?: number;
  /**
   * CoreMark iterations/s per vCPU of the family (third-party measurement on the 2-vCPU size),
   * used to scale a per-vCPU capacity between families. Absent when not measured.
   */
  readonly coremarkPerVcpu?: number;
  /** True for burstable (credit-based CPU) classes such as t4g. */
  readonly burstable: boolean;
  /** Where the row's figures come from. */
  readonly source: CatalogSource;
}

/** Instance size names in ascending order, for sorting and messages. */
export const INSTANCE_SIZE_ORDER: string[] = [
  'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge',
];

const VCPU_BY_SIZE: Record<string, number> = {
  'medium': 1,
  'large': 2,
  'xlarge': 4,
  '2xlarge': 8,
  '4xlarge': 16,
  '8xlarge': 32,
  '12xlarge': 48,
  '16xlarge': 64,
};

/** CoreMark iterations/s of the 2-vCPU size of each measured family (SIZING-FACTS.md). */
const COREMARK_TWO_VCPU: Record<string, number> = {
  m7g: 51_700,
  c7g: 51_900,
  r7g: 49_200,
  m7i: 46_800,
  c7i: 39_500,
  t4g: 39_200,
};

interface FamilyDef {
  readonly family: string;
  readonly gibPerVcpu: number;
  readonly sizes: string[];
  readonly source: CatalogSource;
  readonly network?: NetworkBySize;
}

const GRAVITON_SIZES = ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];
const INTEL_SIZES = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];

const FAMILIES: FamilyDef[] = [
  { family: 'm7g', gibPerVcpu: 4, sizes: GRAVITON_SIZES, source: SOURCES.ec2GeneralPurpose, network: GRAVITON3_NETWORK },
  { family: 'm7i', gibPerVcpu: 4, sizes: INTEL_SIZES, source: SOURCES.ec2GeneralPurpose },
  { family: 'c7g', gibPerVcpu: 2, sizes: GRAVITON_SIZES, source: SOURCES.ec2ComputeOptimized, network: GRAVITON3_NETWORK },
  { family: 'c7i', gibPerVcpu: 2, sizes: INTEL_SIZES, source: SOURCES.ec2ComputeOptimizedC7i },
  { family: 'r7g', gibPerVcpu: 8, sizes: GRAVITON_SIZES, source: SOURCES.ec2MemoryOptimized, network: GRAVITON3_NETWORK },
  { family: 'r7i', gibPerVcpu: 8, sizes: INTEL_SIZES, source: SOURCES.ec2MemoryOptimizedR7iR8g },
  { family: 'm6g', gibPerVcpu: 4, sizes: GRAVITON_SIZES, source: SOURCES.ec2GeneralPurpose, network: GRAVITON2_NETWORK },
  { family: 'm6i', gibPerVcpu: 4, sizes: INTEL_SIZES, source: SOURCES.ec2GeneralPurpose },
  { family: 'c6g', gibPerVcpu: 2, sizes: GRAVITON_SIZES, source: SOURCES.ec2ComputeOptimized, network: GRAVITON2_NETWORK },
  { family: 'r6g', gibPerVcpu: 8, sizes: GRAVITON_SIZES, source: SOURCES.ec2MemoryOptimized, network: GRAVITON2_NETWORK },
  { family: 'r6i', gibPerVcpu: 8, sizes: INTEL_SIZES, source: SOURCES.ec2MemoryOptimized },
  // Graviton4: same 8 GiB per vCPU as r7g; no network figure in the catalog (the ElastiCache pages list no r8g node).
  { family: 'r8g', gibPerVcpu: 8, sizes: GRAVITON_SIZES, source: SOURCES.ec2MemoryOptimizedR7iR8g },
];

/** t4g: vCPU, GiB and baseline Gbps per size; all burst to 5 Gbps. */
const T4G: Array<[string, number, number, number]> = [
  ['micro', 2, 1, 0.064],
  ['small', 2, 2, 0.128],
  ['medium', 2, 4, 0.256],
  ['large', 2, 8, 0.512],
  ['xlarge', 4, 16, 1.024],
  ['2xlarge', 8, 32, 2.048],
];

function coremarkPerVcpuOf(family: string): number | undefined {
  const two = COREMARK_TWO_VCPU[family];
  return two === undefined ? undefined : two / 2;
}

function buildEc2Table(): Map<string, InstanceSpec> {
  const table = new Map<string, InstanceSpec>();
  for (const def of FAMILIES) {
    for (const size of def.sizes) {
      const vcpu = VCPU_BY_SIZE[size];
      const net = def.network?.[size];
      const coremark = coremarkPerVcpuOf(def.family);
      const name = `${def.family}.${size}`;
      table.set(name, Object.freeze({
        name,
        family: def.family,
        size,
        vcpu,
        memoryGiB: vcpu * def.gibPerVcpu,
        ...(net ? { baselineNetworkGbps: net[0] } : {}),
        ...(net && net[1] !== undefined ? { burstNetworkGbps: net[1] } : {}),
        ...(coremark !== undefined ? { coremarkPerVcpu: coremark } : {}),
        burstable: false,
        source: def.source,
      }));
    }
  }
  for (const [size, vcpu, memoryGiB, baseline] of T4G) {
    const name = `t4g.${size}`;
    table.set(name, Object.freeze({
      name,
      family: 't4g',
      size,
      vcpu,
      memoryGiB,
      baselineNetworkGbps: baseline,
      burstNetworkGbps: 5,
      coremarkPerVcpu: coremarkPerVcpuOf('t4g'),
      burstable: true,
      source: SOURCES.ec2GeneralPurpose,
    }));
  }
  return table;
}

const EC2: Map<string, InstanceSpec> = buildEc2Table();

const DB_STANDARD_SIZES = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];

/**
 * Which families and sizes each engine offers as DB instance classes. Aurora: memory-optimized
 * classes (db.r8g Graviton4 included) and only db.t4g.medium / db.t4g.large; RDS MySQL and PostgreSQL: db.m, db.r and
 * db.t4g micro..2xlarge. Neither offers db.c7g / db.c7i.
 */
const DB_AVAILABILITY: Record<DbEngineFamily, Record<string, string[]>> = (() => {
  const aurora: Record<string, string[]> = {
    r8g: DB_STANDARD_SIZES,
    r7g: DB_STANDARD_SIZES,
    r7i: DB_STANDARD_SIZES,
    r6g: DB_STANDARD_SIZES,
    r6i: DB_STANDARD_SIZES,
    t4g: ['medium', 'large'],
  };
  const rds: Record<string, string[]> = {
    m7g: DB_STANDARD_SIZES,
    m7i: DB_STANDARD_SIZES,
    m6g: DB_STANDARD_SIZES,
    m6i: DB_STANDARD_SIZES,
    r8g: DB_STANDARD_SIZES,
    r7g: DB_STANDARD_SIZES,
    r7i: DB_STANDARD_SIZES,
    r6g: DB_STANDARD_SIZES,
    r6i: DB_STANDARD_SIZES,
    t4g: ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'],
  };
  return {
    [DbEngineFamily.AURORA_POSTGRESQL]: aurora,
    [DbEngineFamily.AURORA_MYSQL]: aurora,
    [DbEngineFamily.POSTGRESQL]: rds,
    [DbEngineFamily.MYSQL]: rds,
  };
})();

function isAurora(engine: DbEngineFamily): boolean {
  return engine === DbEngineFamily.AURORA_POSTGRESQL || engine === DbEngineFamily.AURORA_MYSQL;
}

/** DB families newer than the readable copies of the RDS and Aurora class tables (their rows are unconfirmed). */
const DB_FAMILIES_NOT_CONFIRMED = new Set(['m7i', 'r7i', 'r8g']);

function dbSourceOf(engine: DbEngineFamily, family: string): CatalogSource {
  const newer = DB_FAMILIES_NOT_CONFIRMED.has(family);
  if (isAurora(engine)) return newer ? SOURCES.auroraInstanceClassesR7iR8g : SOURCES.auroraInstanceClasses;
  return newer ? SOURCES.rdsInstanceClassesM7iR7iR8g : SOURCES.rdsInstanceClasses;
}

function buildDbTable(engine: DbEngineFamily): Map<string, InstanceSpec> {
  const table = new Map<string, InstanceSpec>();
  for (const [family, sizes] of Object.entries(DB_AVAILABILITY[engine])) {
    const source = dbSourceOf(engine, family);
    for (const size of sizes) {
      const ec2 = EC2.get(`${family}.${size}`);
      if (!ec2) continue;
      const name = `db.${ec2.name}`;
      table.set(name, Object.freeze({ ...ec2, name, source }));
    }
  }
  return table;
}

const DB: Record<DbEngineFamily, Map<string, InstanceSpec>> = Object.freeze({
  [DbEngineFamily.AURORA_POSTGRESQL]: buildDbTable(DbEngineFamily.AURORA_POSTGRESQL),
  [DbEngineFamily.AURORA_MYSQL]: buildDbTable(DbEngineFamily.AURORA_MYSQL),
  [DbEngineFamily.POSTGRESQL]: buildDbTable(DbEngineFamily.POSTGRESQL),
  [DbEngineFamily.MYSQL]: buildDbTable(DbEngineFamily.MYSQL),
});

/** Every engine, in a stable order. */
export const DB_ENGINE_FAMILIES: DbEngineFamily[] = [
  DbEngineFamily.AURORA_POSTGRESQL,
  DbEngineFamily.AURORA_MYSQL,
  DbEngineFamily.POSTGRESQL,
  DbEngineFamily.MYSQL,
];

/** The EC2 instance type (`m7g.large`), or undefined when the catalog does not know it. */
export function ec2Instance(name: string): InstanceSpec | undefined {
  return EC2.get(name);
}

/**
 * The DB instance class (`db.r7g.large`) as the given engine offers it, or undefined when the
 * catalog does not know it or the engine does not offer it (e.g. `db.t4g.micro` on Aurora).
 */
export function dbInstance(name: string, engine: DbEngineFamily): InstanceSpec | undefined {
  return DB[engine]?.get(name);
}

/** Names of every EC2 instance type the catalog knows, by family then ascending size. */
export function knownEc2Instances(): string[] {
  return [...EC2.keys()];
}

/** Names of every DB instance class the catalog knows for the engine, by family then size. */
export function knownDbInstances(engine: DbEngineFamily): string[] {
  return [...(DB[engine]?.keys() ?? [])];
}

/**
 * CoreMark iterations/s per vCPU measured for a family (third-party, on its 2-vCPU size), or
 * undefined when the family was not measured.
 */
export function familyCoremarkPerVcpu(family: string): number | undefined {
  return coremarkPerVcpuOf(family);
}

/**
 * The next bigger size of the same family: the smallest size with strictly more vCPUs and
 * strictly more memory. For `db.` names the classes of `engine` are searched (or of any engine
 * when no engine is given). Undefined for unknown names and the largest size.
 *
 * Burstable t4g micro..large all have 2 vCPUs, so their next size is t4g.xlarge (which Aurora
 * does not offer).
 */
export function nextSizeInFamily(name: string, engine?: DbEngineFamily): string | undefined {
  const isDb = name.startsWith('db.');
  let pool: InstanceSpec[];
  if (!isDb) {
    pool = [...EC2.values()];
  } else if (engine !== undefined) {
    pool = [...(DB[engine]?.values() ?? [])];
  } else {
    const byName = new Map<string, InstanceSpec>();
    for (const e of DB_ENGINE_FAMILIES) for (const spec of DB[e].values()) byName.set(spec.name, spec);
    pool = [...byName.values()];
  }
  const current = pool.find((s) => s.name === name);
  if (!current) return undefined;
  const bigger = pool
    .filter((s) => s.family === current.family && s.vcpu > current.vcpu && s.memoryGiB > current.memoryGiB)
    .sort((a, b) => a.vcpu - b.vcpu || a.memoryGiB - b.memoryGiB);
  return bigger[0]?.name;
}
