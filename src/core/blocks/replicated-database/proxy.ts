import * as catalog from '../../catalog';
import { verdictFor } from '../../sizing/capacity';
import { Verdict } from '../../sizing/report';
import { integerOr, isPlainObject, Rules } from '../../validation';

// ReplicatedDatabase: RDS Proxy in front of the writer, its options, its plan and its resolver.

/** RDS Proxy in front of the database's writer: clients' pools connect to the proxy, which pools them onto the writer. */
export interface DatabaseProxyOptions {
  /**
   * Whether the proxy is built. Giving `proxy` turns it on; `enabled: false` keeps it off.
   *
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Most connections the proxy opens to the writer, as a percentage of its max_connections (1..100).
   *
   * @default - the largest percentage that leaves `load.adminConnections` free within the sizing's warn margin (at most 100)
   */
  readonly maxConnectionsPercent?: number;
  /**
   * Idle connections the proxy keeps open to the writer, as a percentage of its max_connections
   * (0..maxConnectionsPercent).
   *
   * @default - half of maxConnectionsPercent, rounded down
   */
  readonly maxIdleConnectionsPercent?: number;
  /**
   * Seconds a client waits for a free pooled connection when the proxy has opened all it may
   * (0..300; 0 waits without limit).
   *
   * @default 120
   */
  readonly connectionBorrowTimeoutSeconds?: number;
  /**
   * Refuse client connections to the proxy without TLS. Turning it off is explicit.
   *
   * @default true
   */
  readonly requireTls?: boolean;
  /**
   * Clients authenticate to the proxy with IAM (rds-db:connect on the proxy); the proxy signs in
   * to the database with the master secret. False: clients give the secret's user and password.
   *
   * @default true
   */
  readonly iamAuthentication?: boolean;
  /**
   * Log the SQL statements that go through the proxy (enhanced logging, for debugging only: the
   * logs may hold sensitive data).
   *
   * @default false
   */
  readonly debugLogging?: boolean;
}

/** The engine family of an RDS Proxy (its EngineFamily). */
export enum DatabaseProxyEngineFamily {
  POSTGRESQL = 'POSTGRESQL',
  MYSQL = 'MYSQL',
}

/** The resolved RDS Proxy. Absent from the plan when the proxy is off. */
export interface DatabaseProxyPlan {
  /** The proxy's name (DBProxyName): `<block name>-proxy`, 1..63 letters, digits and hyphens. */
  readonly name: string;
  readonly engineFamily: DatabaseProxyEngineFamily;
  readonly maxConnectionsPercent: number;
  readonly maxIdleConnectionsPercent: number;
  readonly connectionBorrowTimeoutSeconds: number;
  readonly requireTls: boolean;
  /** Clients authenticate to the proxy with IAM (IAMAuth REQUIRED); otherwise with the secret's password (DISABLED). */
  readonly iamAuthentication: boolean;
  readonly debugLogging: boolean;
  /**
   * The proxy's target: the Aurora cluster (its writer) or the RDS writer instance, by the plan's
   * instance id (`writer`) or `cluster`.
   */
  readonly target: string;
}

/** The connections the proxy may open to an instance of `maxConnections`: floor(max x percent / 100). */
export function proxyDatabaseConnections(maxConnections: number, percent: number): number {
  return Math.floor((maxConnections * percent) / 100 + 1e-9);
}

/**
 * The default maxConnectionsPercent: the largest integer percentage p (1..100) whose proxy
 * connections plus the admin connections PASS against max_connections under the warn margin;
 * 1 when none does (the connections row then FAILs and says so). 100 when the class has no
 * catalog figure (nothing to size against).
 */
export function defaultProxyPercent(maxConnections: number | undefined, adminConnections: number, warnMargin: number): number {
  if (maxConnections === undefined || maxConnections <= 0) return catalog.QUOTAS.rds.proxyMaxConnectionsPercentMax.value;
  for (let p = catalog.QUOTAS.rds.proxyMaxConnectionsPercentMax.value; p >= 1; p--) {
    const demand = proxyDatabaseConnections(maxConnections, p) + adminConnections;
    if (verdictFor(demand / maxConnections, 1, warnMargin) === Verdict.PASS) return p;
  }
  return 1;
}

/** What the proxy resolver needs of the rest of the plan. */
export interface ProxyContext {
  readonly name: string;
  readonly aurora: boolean;
  readonly postgres: boolean;
  /** max_connections of the instance class (catalog), when known. */
  readonly maxConnections?: number;
  readonly adminConnections: number;
  readonly warnMargin: number;
}

/** Validates `proxy` and resolves it; undefined when the proxy is off. */
export function resolveProxy(rules: Rules, given: unknown, ctx: ProxyContext): DatabaseProxyPlan | undefined {
  if (given === undefined) return undefined;
  if (!rules.check('proxy', given, isPlainObject(given), 'an object of DatabaseProxyOptions')) return undefined;
  const o = given as DatabaseProxyOptions;
  const enabled = rules.booleanOr('proxy.enabled', o.enabled, true);
  const q = catalog.QUOTAS.rds;
  const maxPct = q.proxyMaxConnectionsPercentMax.value;
  rules.integer('proxy.maxConnectionsPercent', o.maxConnectionsPercent, 1, maxPct, 'percent of max_connections');
  const maxConnectionsPercent = integerOr(o.maxConnectionsPercent, 1, maxPct,
    defaultProxyPercent(ctx.maxConnections, ctx.adminConnections, ctx.warnMargin));
  rules.integer('proxy.maxIdleConnectionsPercent', o.maxIdleConnectionsPercent, 0, maxConnectionsPercent,
    `percent of max_connections (at most maxConnectionsPercent, ${maxConnectionsPercent})`);
  const maxIdleConnectionsPercent = integerOr(o.maxIdleConnectionsPercent, 0, maxConnectionsPercent, Math.floor(maxConnectionsPercent / 2));
  const borrowMax = q.proxyBorrowTimeoutMaxSeconds.value;
  rules.integer('proxy.connectionBorrowTimeoutSeconds', o.connectionBorrowTimeoutSeconds, 0, borrowMax, 'seconds (0 waits without limit)');
  const connectionBorrowTimeoutSeconds = integerOr(o.connectionBorrowTimeoutSeconds, 0, borrowMax, q.proxyBorrowTimeoutDefaultSeconds.value);
  const requireTls = rules.booleanOr('proxy.requireTls', o.requireTls, true);
  const iamAuthentication = rules.booleanOr('proxy.iamAuthentication', o.iamAuthentication, true);
  const debugLogging = rules.booleanOr('proxy.debugLogging', o.debugLogging, false);
  // Block names are at most 32 characters (NAME_PATTERN): `<name>-proxy` always fits DBProxyName's 63.
  const name = `${ctx.name}-proxy`;
  if (!enabled) return undefined;
  return {
    name,
    engineFamily: ctx.postgres ? DatabaseProxyEngineFamily.POSTGRESQL : DatabaseProxyEngineFamily.MYSQL,
    maxConnectionsPercent,
    maxIdleConnectionsPercent,
    connectionBorrowTimeoutSeconds,
    requireTls,
    iamAuthentication,
    debugLogging,
    target: ctx.aurora ? 'cluster' : 'writer',
  };
}

/** The client connections on the writer as the database sees them behind a proxy that opens at most `cap` of them. */
export interface ProxiedWriterLoad {
  readonly writerPools: number;
  readonly writer: number;
}

/**
 * The writer's connections behind the proxy: the writer pools go to the proxy, which opens at
 * most `cap` connections to the writer (clients beyond wait up to the borrow timeout); the
 * connections that reach the writer by other ways (the reader pools when an AZ lost leaves no
 * reader: the reader endpoint falls back to the writer) are unchanged.
 */
export function throughProxy<T extends ProxiedWriterLoad>(load: T, cap: number): T {
  const pooled = Math.min(load.writerPools, Math.max(0, cap));
  return { ...load, writerPools: pooled, writer: load.writer - load.writerPools + pooled };
}

/** The proxy the default instance class is sized with. */
export interface ProxyFitInput {
  /**
   * The proxy's maxConnectionsPercent.
   *
   * @default - the default percentage of each class checked
   */
  readonly maxConnectionsPercent?: number;
}

/** What the default instance class is sized with: the proxy the options turn on, and its percentage when given (a valid one). */
export function proxyFit(given: unknown): ProxyFitInput | undefined {
  if (!isPlainObject(given)) return undefined;
  const o = given as DatabaseProxyOptions;
  if (o.enabled === false) return undefined;
  const p = o.maxConnectionsPercent;
  const ok = typeof p === 'number' && Number.isInteger(p) && p >= 1 && p <= catalog.QUOTAS.rds.proxyMaxConnectionsPercentMax.value;
  return ok ? { maxConnectionsPercent: p } : {};
}
