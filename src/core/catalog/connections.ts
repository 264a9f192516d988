import { DbEngineFamily, InstanceSpec } from './instances';
import { CatalogSource, SOURCES } from './source';

/** The default `max_connections` of a DB instance and how it was derived. */
export interface MaxConnections {
  /** Default max_connections of the default parameter group. */
  readonly value: number;
  /** The formula or table the value comes from, e.g. `LEAST({DBInstanceClassMemory/9531392}, 5000)`. */
  readonly formula: string;
  /** Source of the formula or table. */
  readonly source: CatalogSource;
  /** Source of the DBInstanceClassMemory definition, when a formula uses it. */
  readonly memorySource?: CatalogSource;
  /** How the value was computed, including which memory figure was used. */
  readonly note: string;
}

/** Bytes per GiB. */
const GIB = 1024 ** 3;

/** RDS and Aurora PostgreSQL: bytes of DBInstanceClassMemory per connection. */
export const POSTGRES_BYTES_PER_CONNECTION = 9_531_392;

/** RDS and Aurora PostgreSQL: cap of the default max_connections. */
export const POSTGRES_MAX_CONNECTIONS_CAP = 5000;

/** RDS MySQL: bytes of DBInstanceClassMemory per connection. */
export const MYSQL_BYTES_PER_CONNECTION = 12_582_880;

/** Aurora MySQL: the highest value max_connections can be set to. */
export const AURORA_MYSQL_MAX_CONNECTIONS_SETTABLE = 16_000;

const NOMINAL_MEMORY_NOTE =
  'Computed on the nominal class memory. The real DBInstanceClassMemory is lower (the OS and RDS processes ' +
  'reserve an amount AWS does not publish; third-party readings show values 4-8 % below the nominal ' +
  'formula, e.g. db.r4.large 1,660 instead of 1,718), so keep headroom below this value.';

/** Aurora MySQL defaults by `family.size`, from the AWS table (db.t4g, db.r6g, db.r6i). */
const AURORA_MYSQL_TABLE: Record<string, number> = {
  't4g.medium': 90,
  't4g.large': 135,
  'r6g.large': 1000,
  'r6g.xlarge': 2000,
  'r6g.2xlarge': 3000,
  'r6g.4xlarge': 4000,
  'r6g.8xlarge': 5000,
  'r6g.12xlarge': 6000,
  'r6g.16xlarge': 6000,
  'r6i.large': 1000,
  'r6i.xlarge': 2000,
  'r6i.2xlarge': 3000,
  'r6i.4xlarge': 4000,
  'r6i.8xlarge': 5000,
  'r6i.12xlarge': 6000,
  'r6i.16xlarge': 6000,
};

/**
 * Aurora PostgreSQL defaults by `family.size`, from the AWS table ("the highest value that should
 * ever be used for max_connections", db.t4g and db.r6g rows). The table, not the memory formula:
 * the formula on nominal memory gives 1,802 for a 16 GiB class, AWS publishes 1,722 for db.r6g.large
 * (DBInstanceClassMemory is below the nominal memory).
 */
const AURORA_POSTGRES_TABLE: Record<string, number> = {
  't4g.medium': 405,
  't4g.large': 844,
  'r6g.large': 1722,
  'r6g.xlarge': 3479,
  'r6g.2xlarge': 5000,
  'r6g.4xlarge': 5000,
  'r6g.8xlarge': 5000,
  'r6g.12xlarge': 5000,
  'r6g.16xlarge': 5000,
};

/**
 * Families not in the AWS tables as read: same memory per size as db.r6g, so the same default
 * is taken (Aurora MySQL: "connection limits increase by 1000 as the memory doubles"; Aurora
 * PostgreSQL: the value is derived from the class memory, equal at equal memory).
 */
const AURORA_MYSQL_SAME_AS_R6G = ['r7g', 'r7i', 'r8g'];
const AURORA_POSTGRES_SAME_AS_R6G = ['r7g', 'r7i', 'r6i', 'r8g'];

function derivedAuroraSource(engine: DbEngineFamily, families: string[]): CatalogSource {
  const base = engine === DbEngineFamily.AURORA_MYSQL ? SOURCES.auroraMySqlMaxConnections : SOURCES.auroraPostgresMaxConnections;
  return {
    ...base,
    confirmed: false,
    note: `${families.map((f) => `db.${f}`).join(' / ')} rows are not in the copy of the table read on ${base.read}; the value of `
      + 'db.r6g of the same size (same memory) is used. Cannot be confirmed until AWS lists these classes in the table: '
      + 'searched again on 2026-12-07, no copy of the current table with these rows was found (stored copies of the page give only '
      + 'its opening).',
  };
}

/** The row of an Aurora per-class table, or of db.r6g of the same size for a same-memory family. */
function auroraTableRow(engine: DbEngineFamily, instance: InstanceSpec): MaxConnections | undefined {
  const mysql = engine === DbEngineFamily.AURORA_MYSQL;
  const table = mysql ? AURORA_MYSQL_TABLE : AURORA_POSTGRES_TABLE;
  const kinFamilies = mysql ? AURORA_MYSQL_SAME_AS_R6G : AURORA_POSTGRES_SAME_AS_R6G;
  const source = mysql ? SOURCES.auroraMySqlMaxConnections : SOURCES.auroraPostgresMaxConnections;
  const label = mysql ? 'Aurora MySQL' : 'Aurora PostgreSQL';
  const settable = mysql ? ` (settable up to ${AURORA_MYSQL_MAX_CONNECTIONS_SETTABLE})` : '';
  const direct = table[`${instance.family}.${instance.size}`];
  if (direct !== undefined) {
    return { value: direct, formula: `${label} per-class default table`, source, note: `${instance.name}: table value${settable}.` };
  }
  if (kinFamilies.includes(instance.family)) {
    const kin = table[`r6g.${instance.size}`];
    if (kin !== undefined) {
      return {
        value: kin,
        formula: `${label} per-class default table (value of db.r6g of the same size)`,
        source: derivedAuroraSource(engine, kinFamilies),
        note: `${instance.name}: taken equal to db.r6g.${instance.size} (same memory)${settable}.`,
      };
    }
  }
  return undefined;
}

/**
 * The default `max_connections` of `instance` under `engine`, or undefined when the catalog has
 * no default for it (an Aurora class outside the AWS tables and their same-memory kin).
 *
 * - Aurora PostgreSQL and Aurora MySQL: AWS's per-class tables (a family AWS does not list takes
 *   the row of db.r6g of the same size, marked unconfirmed: no copy of the table listing it was found on 2026-12-07).
 * - RDS PostgreSQL: LEAST({DBInstanceClassMemory/9531392}, 5000).
 * - RDS MySQL: {DBInstanceClassMemory/12582880}.
 *
 * RDS formulas use the nominal memory of the class; see {@link MaxConnections.note}.
 */
export function maxConnections(engine: DbEngineFamily, instance: InstanceSpec): MaxConnections | undefined {
  const memoryBytes = instance.memoryGiB * GIB;
  switch (engine) {
    case DbEngineFamily.AURORA_POSTGRESQL:
    case DbEngineFamily.AURORA_MYSQL:
      return auroraTableRow(engine, instance);
    case DbEngineFamily.POSTGRESQL: {
      const value = Math.min(Math.floor(memoryBytes / POSTGRES_BYTES_PER_CONNECTION), POSTGRES_MAX_CONNECTIONS_CAP);
      return {
        value,
        formula: `LEAST({DBInstanceClassMemory/${POSTGRES_BYTES_PER_CONNECTION}}, ${POSTGRES_MAX_CONNECTIONS_CAP})`,
        source: SOURCES.rdsMaxConnections,
        memorySource: SOURCES.dbInstanceClassMemory,
        note: `${instance.name}: ${instance.memoryGiB} GiB nominal. ${NOMINAL_MEMORY_NOTE}`,
      };
    }
    case DbEngineFamily.MYSQL: {
      const value = Math.floor(memoryBytes / MYSQL_BYTES_PER_CONNECTION);
      return {
        value,
        formula: `{DBInstanceClassMemory/${MYSQL_BYTES_PER_CONNECTION}}`,
        source: SOURCES.rdsMaxConnections,
        memorySource: SOURCES.dbInstanceClassMemory,
        note: `${instance.name}: ${instance.memoryGiB} GiB nominal. ${NOMINAL_MEMORY_NOTE}`,
      };
    }
    default:
      return undefined;
  }
}

/**
 * Aurora Serverless v2: the default max_connections by the cluster's maximum ACUs, as AWS tabulates
 * it (`[maximum ACUs, Aurora MySQL, Aurora PostgreSQL]`). Aurora evaluates the formula on the memory
 * of the maximum capacity and holds the value while the instance scales down.
 */
const SERVERLESS_V2_MAX_CONNECTIONS: Array<[number, number, number]> = [
  [1, 90, 189],
  [4, 135, 823],
  [8, 1000, 1669],
  [16, 2000, 3360],
  [32, 3000, 5000],
  [64, 4000, 5000],
  [128, 5000, 5000],
];

/** Aurora PostgreSQL on Serverless v2 with a minimum of 0.5 ACU caps max_connections at this. */
export const SERVERLESS_V2_POSTGRES_HALF_ACU_CAP = 2000;

/**
 * The default `max_connections` of an Aurora Serverless v2 instance (class `db.serverless`) whose
 * cluster scales between `minAcu` and `maxAcu`, or undefined when the engine is not Aurora or the
 * maximum is below the table's first row (1 ACU).
 *
 * Between two rows of AWS's table the lower row is taken (max_connections grows with the maximum
 * capacity, so the figure errs low); PostgreSQL with a 0.5 ACU minimum is capped at 2,000 as AWS states.
 *
 * @param minAcu the cluster's minimum capacity (ACUs)
 * @param maxAcu the cluster's maximum capacity (ACUs)
 */
export function serverlessV2MaxConnections(engine: DbEngineFamily, minAcu: number, maxAcu: number): MaxConnections | undefined {
  if (engine !== DbEngineFamily.AURORA_MYSQL && engine !== DbEngineFamily.AURORA_POSTGRESQL) return undefined;
  const row = [...SERVERLESS_V2_MAX_CONNECTIONS].reverse().find(([acu]) => acu <= maxAcu);
  if (!row) return undefined;
  const mysql = engine === DbEngineFamily.AURORA_MYSQL;
  let value = mysql ? row[1] : row[2];
  const capped = !mysql && minAcu <= 0.5 && value > SERVERLESS_V2_POSTGRES_HALF_ACU_CAP;
  if (capped) value = SERVERLESS_V2_POSTGRES_HALF_ACU_CAP;
  return {
    value,
    formula: 'Aurora Serverless v2 default by maximum ACUs (AWS table)',
    source: SOURCES.auroraServerlessV2Capacity,
    note: `db.serverless ${minAcu}-${maxAcu} ACUs: the row of ${row[0]} maximum ACUs`
      + (row[0] === maxAcu ? '' : ` (the table's largest row not above ${maxAcu}; the real value is at least this)`)
      + (capped ? `; capped at ${SERVERLESS_V2_POSTGRES_HALF_ACU_CAP} because the minimum is 0.5 ACU or less` : '') + '.',
  };
}
