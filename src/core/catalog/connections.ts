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

/** Aurora MySQL defaults by `family.size`, from the AWS table (db.r6g, db.t4g). */
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
};

/**
 * Families not in the AWS table as read: same memory per size as db.r6g, so the same default
 * is taken ("connection limits increase by 1000 as the memory doubles").
 */
const AURORA_MYSQL_SAME_AS_R6G = ['r7g', 'r7i', 'r6i'];

function derivedAuroraMySqlSource(): CatalogSource {
  return {
    ...SOURCES.auroraMySqlMaxConnections,
    confirmed: false,
    note: 'db.r7g / db.r7i / db.r6i rows were not in the copy of the table read on 2026-11-24; the value of ' +
      'db.r6g of the same size (same memory) is used, as the table grows by 1,000 per doubling of memory.',
  };
}

/**
 * The default `max_connections` of `instance` under `engine`, or undefined when the catalog has
 * no default for it (an Aurora MySQL class outside the AWS table and its same-memory kin).
 *
 * - RDS and Aurora PostgreSQL: LEAST({DBInstanceClassMemory/9531392}, 5000).
 * - RDS MySQL: {DBInstanceClassMemory/12582880}.
 * - Aurora MySQL: per-class table.
 *
 * Formulas use the nominal memory of the class; see {@link MaxConnections.note}.
 */
export function maxConnections(engine: DbEngineFamily, instance: InstanceSpec): MaxConnections | undefined {
  const memoryBytes = instance.memoryGiB * GIB;
  switch (engine) {
    case DbEngineFamily.POSTGRESQL:
    case DbEngineFamily.AURORA_POSTGRESQL: {
      const value = Math.min(Math.floor(memoryBytes / POSTGRES_BYTES_PER_CONNECTION), POSTGRES_MAX_CONNECTIONS_CAP);
      return {
        value,
        formula: `LEAST({DBInstanceClassMemory/${POSTGRES_BYTES_PER_CONNECTION}}, ${POSTGRES_MAX_CONNECTIONS_CAP})`,
        source: engine === DbEngineFamily.POSTGRESQL ? SOURCES.rdsMaxConnections : SOURCES.auroraPostgresMaxConnections,
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
    case DbEngineFamily.AURORA_MYSQL: {
      const key = `${instance.family}.${instance.size}`;
      const direct = AURORA_MYSQL_TABLE[key];
      if (direct !== undefined) {
        return {
          value: direct,
          formula: 'Aurora MySQL per-class default table',
          source: SOURCES.auroraMySqlMaxConnections,
          note: `${instance.name}: table value (settable up to ${AURORA_MYSQL_MAX_CONNECTIONS_SETTABLE}).`,
        };
      }
      if (AURORA_MYSQL_SAME_AS_R6G.includes(instance.family)) {
        const kin = AURORA_MYSQL_TABLE[`r6g.${instance.size}`];
        if (kin !== undefined) {
          return {
            value: kin,
            formula: 'Aurora MySQL per-class default table (value of db.r6g of the same size)',
            source: derivedAuroraMySqlSource(),
            note: `${instance.name}: taken equal to db.r6g.${instance.size} (same memory).`,
          };
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
