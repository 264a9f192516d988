import { accountQuotaRows, SYSTEM_BLOCK_KIND } from './account-rows';
import { Assumptions } from './assumptions';
import {
  azCountOf, BlockPlanBase, checkName, DEFAULT_AZS, DEFAULT_MAX_UTILIZATION, DEFAULT_TARGET_UTILIZATION, MAX_AZS, MIN_AZS, NAME_PATTERN,
  SizingBoundsOptions, WARN_MARGIN,
} from './blocks/common';
import {
  ApiOriginKind, CdnOriginKind, GlobalCdnOptions, GlobalCdnPlan, globalCdnNotes, OriginProtocolPolicy, originRequestsPerSecond, planGlobalCdn,
  sizeGlobalCdn,
} from './blocks/global-cdn';
import { LoadBalancedApiOptions, LoadBalancedApiPlan, loadBalancedApiNotes, planLoadBalancedApi, sizeLoadBalancedApi } from './blocks/load-balanced-api';
import {
  MicroserviceGatewayOptions, MicroserviceGatewayPlan, microserviceGatewayNotes, planMicroserviceGateway, sizeMicroserviceGateway,
} from './blocks/microservice-gateway';
import {
  DatabaseClientOptions, planReplicatedDatabase, ReplicatedDatabaseOptions, ReplicatedDatabasePlan, replicatedDatabaseNotes, sizeReplicatedDatabase,
} from './blocks/replicated-database';
import { planShardedDatabase, ShardedDatabaseOptions, ShardedDatabasePlan, shardedDatabaseNotes, sizeShardedDatabase } from './blocks/sharded-database';
import { DEFAULT_ORIGIN_HEADER_NAME, OriginAccess, OriginHeaderOptions, originSecretNameFor } from './blocks/shared/cdn';
import { BlockFoundationOptions, BlockFoundationPlan, resolveFoundation } from './blocks/shared/foundation';
import { WiringPlan } from './blocks/shared/wiring';
import {
  cacheMissReadsOnAzLoss, databaseReadsPerSecond, planTieredCache, sizeTieredCache, TieredCacheOptions, TieredCachePlan, tieredCacheNotes,
} from './blocks/tiered-cache';
import { planWorkQueue, sizeWorkQueue, WorkerKind, WorkQueueOptions, WorkQueuePlan, workQueueNotes } from './blocks/work-queue';
import * as catalog from './catalog';
import { ValidationError } from './errors';
import { checkOptionsObject } from './inputs';
import { ShardingStrategy } from './router';
import { findHeadroom, scaleBlockLoad, scaleChain } from './sizing/headroom';
import { natGatewayRows, natNotes, resolveSystemEgress, SystemEgressOptions, SystemEgressPlan } from './sizing/nat';
import { AssumedInput, buildReport, SizingReport, SizingRow, SystemChainPlan } from './sizing/report';
import { REGION_ALLOWED, REGION_PATTERN, resolveDeclaredQuotas } from './spec/quotas';
import { specSchemaIssues } from './spec/validate';
import { apiWiring, systemWiringNotes, WiringSources, workerWiring } from './system-wiring';
import { fmt, isPlainObject, Rules } from './validation';

/** The load the whole system must carry; the chain derives each block's share from it. */
export interface SystemLoadOptions {
  /** Peak client requests/s at the edge (at the API when there is no CDN). */
  readonly peakRequestsPerSecond: number;
  /**
   * Peak bandwidth at the edge, in Gbps.
   *
   * @default - derived by the CDN from its average response size
   */
  readonly peakGbps?: number;
  /**
   * Cache (then database) reads one API request makes.
   *
   * @default 2
   */
  readonly readsPerRequest?: number;
  /**
   * Database writes one API request makes (writes are never served by a cache).
   *
   * @default 0.1
   */
  readonly writesPerRequest?: number;
  /**
   * Asynchronous jobs per second sent to the queue (seed §4: the API answers 202 with a job id).
   *
   * @default 0
   */
  readonly jobsPerSecond?: number;
  /**
   * Database connections one API task holds (its pool size). Not with `databasePools.api.poolSize`
   * or its queries.
   *
   * @default - by `databasePools.api` when it gives the pool or its queries, else 10 (catalog.ASSUMED.dbPoolSizePerClient)
   */
  readonly connectionsPerTask?: number;
  /**
   * The average load over a month as a share of the peak above (more than 0, at most 1): the
   * load-driven lines of the cost estimate (requests, GB) are priced at peak x this ratio. The
   * sizing always checks the peak.
   *
   * @default - 1, listed as assumed in the cost estimate: the peak all month, an upper bound
   */
  readonly averageToPeakRatio?: number;
  /**
   * Seconds the client load takes to rise (linearly) from zero to the peak: 0..86,400. The API's
   * scale-out row checks that its tasks keep up (alarm, Fargate launch rate, task start time).
   * Not with `api.load.rampSeconds`.
   *
   * @default - the API's own `load.rampSeconds`, else 0 (catalog.ASSUMED.loadRampSeconds, listed as assumed with auto scaling)
   */
  readonly rampSeconds?: number;
  /**
   * The database connection pools of the system's clients: the API's tasks and the queue's
   * workers. The check counts every client at its maximum (API tasks at max tasks, Fargate
   * workers at max workers, Lambda workers at their maximum concurrency) x its pool against the
   * writer's and each reader's max_connections.
   *
   * @default - the API's pool is `connectionsPerTask`; Fargate workers hold 10 connections each (catalog.ASSUMED.dbPoolSizePerClient); Lambda workers are not counted (the system does not hand them the database)
   */
  readonly databasePools?: DatabasePoolsOptions;
  /**
   * The traffic the API tasks and the Fargate workers send to the internet (third-party APIs)
   * through the NAT gateway of their AZ: sizes each NAT gateway's bandwidth and connections per
   * destination, and prices NAT data processing.
   *
   * @default - none: the NAT gateways are not sized (the report says so) and their data processing is not priced
   */
  readonly egress?: SystemEgressOptions;
}

/**
 * How one kind of client pools its database connections: the pool's size, or the queries it
 * serves (the pool is then sized by Little's law: ceil(queries/s x query time)).
 */
export interface DatabasePoolOptions {
  /**
   * Connections one client (an API task, a worker, a Lambda execution environment) holds at most:
   * 1..100,000. Not with `queriesPerSecond` and `queryMilliseconds`.
   *
   * @default - ceil(queriesPerSecond x queryMilliseconds / 1000) when both are given, else 10 (catalog.ASSUMED.dbPoolSizePerClient)
   */
  readonly poolSize?: number;
  /**
   * Peak database queries/s one client makes. Give it with `queryMilliseconds`.
   *
   * @default - not used
   */
  readonly queriesPerSecond?: number;
  /**
   * Mean milliseconds a query holds its connection, round trip included (0 < ms <= 3,600,000).
   * Give it with `queriesPerSecond`.
   *
   * @default - not used
   */
  readonly queryMilliseconds?: number;
  /**
   * Share of each client's pool held on the reader endpoint when the database has readers (0..1):
   * floor(pool x readShare) connections per client, spread evenly over the readers, the rest on
   * the writer.
   *
   * @default 0 (every connection on the writer endpoint)
   */
  readonly readShare?: number;
}

/** The database connection pools of each kind of client of a system. */
export interface DatabasePoolsOptions {
  /**
   * The API's tasks.
   *
   * @default - a pool of `load.connectionsPerTask`, every connection on the writer
   */
  readonly api?: DatabasePoolOptions;
  /**
   * The queue's workers. Fargate workers are handed the database by the system and always
   * counted; Lambda workers run outside the VPC and are counted only when this is given (you
   * hand them the database yourself).
   *
   * @default - Fargate workers: a pool of 10 (catalog.ASSUMED.dbPoolSizePerClient), every connection on the writer; Lambda workers: not counted
   */
  readonly workers?: DatabasePoolOptions;
}

/**
 * The whole system of the seed picture in one spec: clients -> CDN -> load balancer -> API ->
 * cache, primary and replicas (or shards), queue and workers, object storage. Every block is
 * optional; the load flows down the chain through the blocks that are present.
 */
export interface SystemSpec extends BlockFoundationOptions {
  /** The system's name: DNS-safe, used in stack and resource names. */
  readonly name: string;
  /**
   * The AWS Region the system deploys to (geographic shards deploy to their own Regions).
   *
   * @default 'us-east-1'
   */
  readonly region?: string;
  /**
   * Availability Zones every block spreads over (unless the block sets its own), at most the AZs of the VPC the SystemStack is given.
   *
   * @default - the AZs of the VPC the SystemStack is given (`SystemContext.networkAzCount`, at most 6), else 3
   */
  readonly azCount?: number;
  /** The load the system must carry. */
  readonly load: SystemLoadOptions;
  /**
   * Quotas the account has had raised in `region`, by their path in the catalog's QUOTAS (one of
   * catalog.DECLARABLE_QUOTAS), e.g. `{ 'apiGateway.accountThrottleRps': 20000, 'rds.dbInstancesPerRegion': 120 }`.
   * The check reads them instead of the Region's defaults and says in each row that the figure is
   * your statement (it cannot see the account).
   *
   * @default - none: every quota at the Region's default
   */
  readonly quotas?: { [quota: string]: number };
  /**
   * Utilisation bounds for every block that sets none.
   *
   * @default - 0.7 normal, 0.9 with one AZ lost
   */
  readonly sizing?: SizingBoundsOptions;
  /**
   * The CDN in front of the API and the object storage.
   *
   * @default - no CDN: the API takes the client peak
   */
  readonly cdn?: GlobalCdnOptions;
  /**
   * The load-balanced API fleet.
   *
   * @default - no API
   */
  readonly api?: LoadBalancedApiOptions;
  /**
   * The cache tiers between the API and the database.
   *
   * @default - no cache: every read reaches the database
   */
  readonly cache?: TieredCacheOptions;
  /**
   * The primary database with read replicas. Not with `shardedDatabase`.
   *
   * @default - none
   */
  readonly database?: ReplicatedDatabaseOptions;
  /**
   * A database sharded by hash, range or geography. Not with `database`.
   *
   * @default - none
   */
  readonly shardedDatabase?: ShardedDatabaseOptions;
  /**
   * The job queue and its workers.
   *
   * @default - none
   */
  readonly queue?: WorkQueueOptions;
  /**
   * A microservice gateway (seed §5) beside the API; it carries its own declared load.
   *
   * @default - none
   */
  readonly gateway?: MicroserviceGatewayOptions;
}


/**
 * The resolved system: every block's plan, with the chain's figures injected as their load, and
 * the network and keys the SystemStack creates itself (`createdNetwork`, `kmsKeyDeletionWindowDays`).
 */
export interface SystemPlan extends BlockFoundationPlan {
  readonly name: string;
  readonly region: string;
  /** The raised quotas the spec declares for `region` (catalog path to value); empty when none. */
  readonly quotas: { [quota: string]: number };
  readonly azCount: number;
  readonly chain: SystemChainPlan;
  readonly cdn?: GlobalCdnPlan;
  readonly api?: LoadBalancedApiPlan;
  readonly cache?: TieredCachePlan;
  readonly database?: ReplicatedDatabasePlan;
  readonly shardedDatabase?: ShardedDatabasePlan;
  readonly queue?: WorkQueuePlan;
  readonly gateway?: MicroserviceGatewayPlan;
  /**
   * What each consumer of the system gets from the other blocks (environment, secrets, ingress,
   * grants): the API's (`api`) and the Fargate workers' (`queue.workers`), the same objects as
   * `api.wiring` and `queue.workers.wiring`. Empty when nothing is wired.
   */
  readonly wiring: WiringPlan[];
  /** System-level inputs that were assumed (block-level ones are in each plan). */
  readonly assumed: AssumedInput[];
  /**
   * The spec's `load.averageToPeakRatio`, for the cost estimate.
   *
   * @default - not given: the cost estimate assumes 1 and lists it
   */
  readonly averageToPeakRatio?: number;
  /**
   * The spec's `load.egress`, every default explicit: the traffic through the NAT gateways.
   *
   * @default - none declared
   */
  readonly egress?: SystemEgressPlan;
}

export { DATABASE_ENVIRONMENT } from './system-wiring';

/** Props of each block's load that the chain derives, and where they come from. */
const DERIVED: { [block: string]: { [prop: string]: string } } = {
  cdn: { peakRequestsPerSecond: 'load.peakRequestsPerSecond', peakGbps: 'load.peakGbps' },
  api: { peakRequestsPerSecond: 'load.peakRequestsPerSecond x (1 - the CDN hit ratio)' },
  cache: {
    readsPerSecond: 'load.readsPerRequest x the API requests/s',
    writesPerSecond: 'load.writesPerRequest x the API requests/s',
    cdnHitRatio: 'cdn.load.hitRatio (when the system has a CDN)',
  },
  database: {
    readsPerSecond: 'the reads the cache lets through',
    writesPerSecond: 'load.writesPerRequest x the API requests/s',
    connections: 'every client\'s pool at its maximum (load.databasePools)',
    clients: 'the API tasks and the workers at their maximum, each with its pool (load.databasePools)',
    tasks: 'the API max tasks',
    poolSize: 'load.connectionsPerTask',
  },
  shardedDatabase: {
    readsPerSecond: 'the reads the cache lets through',
    writesPerSecond: 'load.writesPerRequest x the API requests/s',
    connections: 'every client\'s pool at its maximum (load.databasePools)',
    clients: 'the API tasks and the workers at their maximum, each with its pool (load.databasePools)',
    tasks: 'the API max tasks',
    poolSize: 'load.connectionsPerTask',
  },
  queue: { jobsPerSecond: 'load.jobsPerSecond' },
};

/**
 * The system's AZ count where a block keeps it elsewhere than in `azCount`, when the block sets
 * none: a cache's `application.azCount`, HASH and RANGE shards' `shardDefaults.azCount` (GEOGRAPHIC
 * shards each live in a VPC of their own Region, and keep their own default). An option of the
 * wrong type is left as given, for the block to report.
 */
function withNestedAz<T extends object>(options: T, key: 'application' | 'shardDefaults', azCount: number): T {
  const nested: unknown = (options as { [k: string]: unknown })[key];
  if (nested !== undefined && !isPlainObject(nested)) return options;
  if (nested !== undefined && (nested as { azCount?: unknown }).azCount !== undefined) return options;
  return { ...options, [key]: { ...(nested as object | undefined), azCount } };
}

function withLoad<T extends { readonly load?: object; readonly azCount?: number; readonly sizing?: SizingBoundsOptions }>(
  options: T, load: object, azCount: number | undefined, sizing: SizingBoundsOptions | undefined, hasAz = true): T {
  const given = (options.load ?? {}) as object;
  return {
    ...options,
    load: { ...given, ...load },
    ...(hasAz && options.azCount === undefined && azCount !== undefined ? { azCount } : {}),
    ...(options.sizing === undefined && sizing !== undefined ? { sizing } : {}),
  };
}

/** Runs one block's plan function, absorbing its ValidationError so every block is checked. */

/**
 * How the CDN of a system reaches the system's API when the spec says nothing of it: through a
 * CloudFront VPC origin to an internal load balancer (no public entry at all), unless the spec says
 * who reaches the API: `originAccess`, `cloudFrontOriginOnly` or an internet-facing API (then the
 * CloudFront prefix list, as before), `allowedCidrs` (then the CDN's own default).
 */
function chainOriginAccess(api: LoadBalancedApiOptions): OriginAccess | undefined {
  if (api.originAccess !== undefined) {
    return api.originAccess === OriginAccess.VPC_ORIGIN || api.originAccess === OriginAccess.SECRET_ORIGIN_HEADER
      ? api.originAccess : OriginAccess.CLOUDFRONT_PREFIX_LIST;
  }
  if (api.cloudFrontOriginOnly === true || api.internetFacing === true) return OriginAccess.CLOUDFRONT_PREFIX_LIST;
  if (api.allowedCidrs !== undefined || api.cloudFrontOriginOnly === false) return undefined;
  return OriginAccess.VPC_ORIGIN;
}

/**
 * The CDN's dynamic origin in a system: the system's API unless the spec says otherwise, reached
 * as `chainOriginAccess` says. An API without a certificate listens on plain HTTP only, so the
 * CDN reaches it that way (through a VPC origin, a hop on AWS's private network).
 */
function chainApiOrigin(cdn: GlobalCdnOptions, api: LoadBalancedApiOptions): Pick<GlobalCdnOptions, 'apiOrigin'> {
  const access = chainOriginAccess(api);
  const given = cdn.apiOrigin;
  if (given === undefined) {
    return {
      apiOrigin: {
        ...(api.certificateArn === undefined ? { protocolPolicy: OriginProtocolPolicy.HTTP_ONLY } : {}),
        ...(access !== undefined ? { access } : {}),
        ...chainOriginHeader(undefined, api, access),
      },
    };
  }
  if (!isPlainObject(given)) return {};
  // A load-balancer origin the spec shaped itself still gets the chain's access, unless it says its own.
  const loadBalancerOrigin = given.access === undefined && given.domainName === undefined
    && (given.kind === undefined || given.kind === ApiOriginKind.LOAD_BALANCED_API);
  const chained = loadBalancerOrigin && access !== undefined ? { ...given, access } : given;
  const header = chainOriginHeader(given.originHeader, api, chained.access as OriginAccess | undefined);
  return chained === given && Object.keys(header).length === 0 ? {} : { apiOrigin: { ...chained, ...header } };
}

/**
 * With SECRET_ORIGIN_HEADER the CDN sends the API's header from the API's secret: the header name
 * and secret name the API resolves (its options, or their defaults), unless the CDN's spec names them.
 */
function chainOriginHeader(given: unknown, api: LoadBalancedApiOptions, access: OriginAccess | undefined): { originHeader?: OriginHeaderOptions } {
  if (access !== OriginAccess.SECRET_ORIGIN_HEADER) return {};
  if (given !== undefined && !isPlainObject(given)) return {};
  const cdnHeader = given as OriginHeaderOptions | undefined;
  const apiHeader: OriginHeaderOptions = isPlainObject(api.originHeader) ? api.originHeader : {};
  const apiName = typeof api.name === 'string' ? api.name : 'api';
  return {
    originHeader: {
      ...cdnHeader,
      headerName: cdnHeader?.headerName ?? apiHeader.headerName ?? DEFAULT_ORIGIN_HEADER_NAME,
      secretName: cdnHeader?.secretName ?? apiHeader.secretName ?? originSecretNameFor(apiName),
    },
  };
}

/**
 * Behind a CDN, the API is reached the way the CDN's load-balancer origin says (internal behind a
 * VPC origin, or the CloudFront prefix list), unless the spec says whom the API admits.
 */
function chainApiAccess(api: LoadBalancedApiOptions, cdn: GlobalCdnPlan | undefined): Pick<LoadBalancedApiOptions, 'originAccess' | 'originHeader'> {
  const lb = cdn?.origins.find((o) => o.kind === CdnOriginKind.LOAD_BALANCER);
  const access = lb?.access;
  if (access === undefined || api.originAccess !== undefined || api.allowedCidrs !== undefined || api.cloudFrontOriginOnly !== undefined) return {};
  if ((access === OriginAccess.CLOUDFRONT_PREFIX_LIST || access === OriginAccess.SECRET_ORIGIN_HEADER) && api.internetFacing === false) return {};
  if (access === OriginAccess.SECRET_ORIGIN_HEADER && (api.originHeader === undefined || isPlainObject(api.originHeader))) {
    // The API requires the header the CDN sends, with the value of the secret the CDN reads.
    const given: OriginHeaderOptions = api.originHeader ?? {};
    return {
      originAccess: access,
      originHeader: { ...given, headerName: given.headerName ?? lb?.originHeaderName, secretName: given.secretName ?? lb?.originHeaderSecretName },
    };
  }
  return { originAccess: access };
}

/**
 * The CDN sends the header the API requires, from the secret the API generates: with
 * SECRET_ORIGIN_HEADER on either side, both say it and name the same header and secret.
 */
function checkOriginHeaderChain(rules: Rules, cdn: GlobalCdnPlan | undefined, api: LoadBalancedApiPlan | undefined): void {
  const lb = cdn?.origins.find((o) => o.kind === CdnOriginKind.LOAD_BALANCER);
  if (!lb || !api) return;
  const cdnSecret = lb.access === OriginAccess.SECRET_ORIGIN_HEADER;
  const apiSecret = api.originAccess === OriginAccess.SECRET_ORIGIN_HEADER;
  rules.check('api.originAccess', api.originAccess, cdnSecret === apiSecret,
    cdnSecret ? 'SECRET_ORIGIN_HEADER, as cdn.apiOrigin.access says (the CDN sends a secret header this API must require)'
      : `not SECRET_ORIGIN_HEADER while cdn.apiOrigin.access is ${String(lb.access)} (the CDN would not send the header): set both, or neither`);
  if (!cdnSecret || !apiSecret || !api.originHeader) return;
  rules.check('cdn.apiOrigin.originHeader.headerName', lb.originHeaderName, lb.originHeaderName === api.originHeader.headerName,
    `${api.originHeader.headerName}, the header the API requires (api.originHeader.headerName)`);
  rules.check('cdn.apiOrigin.originHeader.secretName', lb.originHeaderSecretName, lb.originHeaderSecretName === api.originHeader.secret.name,
    `${api.originHeader.secret.name}, the secret the API generates (api.originHeader.secretName)`);
}

function attempt<T>(rules: Rules, plan: () => T): T | undefined {
  try {
    return plan();
  } catch (e) {
    rules.absorb(e);
    return undefined;
  }
}

/** What a backend read of the network a SystemStack is given, for `planSystem`. */
export interface SystemContext {
  /**
   * How many Availability Zones the VPC (network) the SystemStack is given spans, as the backend
   * counts it: the fewer of the AZs of its subnets for tasks (private with egress) and for data
   * (isolated), since the system puts both in every AZ it uses. When the spec sets no `azCount`,
   * the system takes this count (at most 6) and records in `assumed` that it was taken from the
   * VPC; a spec `azCount` above it is invalid.
   *
   * @default - unknown (no network given, or its AZs are tokens): `azCount` defaults to 3
   */
  readonly networkAzCount?: number;
}

/**
 * Validates a whole system spec and plans every block, with the chain's demand injected into
 * each block's load (so defaults such as the API's min tasks follow the chain).
 *
 * The spec is first checked against the spec's JSON Schema, as a spec file is: a spec built in
 * code (or JSON read by the caller) is held to the same strictness as `scaleblocks check`.
 *
 * @param context what the backend read of the network it was given (its AZ count)
 * @throws ValidationError listing every invalid prop of every block (paths like `api`, props like `azCount`)
 */
export function planSystem(spec: SystemSpec, context: SystemContext = {}): SystemPlan {
  checkOptionsObject(spec, '', '(spec)', 'SystemSpec', true);
  checkOptionsObject(context, '', '(context)', 'SystemContext');
  // The same schema a spec file passes first: unknown keys, wrong types and enum values, all at once.
  const schemaIssues = specSchemaIssues(spec);
  if (schemaIssues.length > 0) throw new ValidationError(schemaIssues);
  const rules = new Rules('');
  return rules.guard(() => resolveSystem(spec, rules, context ?? {}));
}

const BLOCK_KEYS = ['cdn', 'api', 'cache', 'database', 'shardedDatabase', 'queue', 'gateway'] as const;

/** What a block of a system is called after the system's name. */
const BLOCK_NAME_SUFFIX: { [key in typeof BLOCK_KEYS[number]]: string } = {
  cdn: 'cdn', api: 'api', cache: 'cache', database: 'db', shardedDatabase: 'shards', queue: 'jobs', gateway: 'gateway',
};

/** A sharded database's own name leaves 10 characters for its shards' `-<shard id>` (`-shard-12`, `-asia`). */
const SHARDED_NAME_MAX = 22;

/**
 * `<system>-<suffix>`, the system part shortened so the whole stays a valid block name of at most
 * `max` characters (a sharded database leaves room for its shards' `-<shard id>`).
 */
export function systemBlockName(system: string, suffix: string, max = 32): string {
  const room = max - suffix.length - 1;
  return `${system.slice(0, room).replace(/-+$/, '')}-${suffix}`;
}

function resolveSystem(given: SystemSpec, rules: Rules, context: SystemContext): SystemPlan {
  const assumed = new Assumptions();
  // Each present block must be an object of options; a wrong type is reported and read as {}.
  const blocks: { [key: string]: object | undefined } = {};
  for (const key of BLOCK_KEYS) {
    blocks[key] = given[key] === undefined ? undefined : rules.object(key, given[key] as object);
  }
  // Blocks without a name of their own are named after the system (`social-feed-db`), so the physical
  // names of two systems in one account and Region never collide.
  if (typeof given.name === 'string' && NAME_PATTERN.test(given.name)) {
    for (const key of BLOCK_KEYS) {
      const options = blocks[key] as { name?: unknown } | undefined;
      const max = key === 'shardedDatabase' ? SHARDED_NAME_MAX : 32;
      if (options && options.name === undefined) blocks[key] = { ...options, name: systemBlockName(given.name, BLOCK_NAME_SUFFIX[key], max) };
    }
  }
  // The system's key deletion window is every block's that sets none (GlobalCdn keeps its own bucket key's).
  if (given.kmsKeyDeletionWindowDays !== undefined) {
    for (const key of BLOCK_KEYS.filter((k) => k !== 'cdn')) {
      const options = blocks[key] as { kmsKeyDeletionWindowDays?: unknown } | undefined;
      if (options && options.kmsKeyDeletionWindowDays === undefined) {
        blocks[key] = { ...options, kmsKeyDeletionWindowDays: given.kmsKeyDeletionWindowDays };
      }
    }
  }
  const spec = { ...given, ...blocks } as SystemSpec;
  checkName(rules, spec.name);
  const region = spec.region ?? 'us-east-1';
  rules.matches('region', spec.region, REGION_PATTERN, REGION_ALLOWED);
  const quotas = resolveDeclaredQuotas(rules, spec.quotas);
  const azCount = resolveSystemAzCount(rules, assumed, spec.azCount, context.networkAzCount);
  const foundation = resolveFoundation(rules, spec, azCount);
  const sizing = rules.object('sizing', spec.sizing);
  const load = rules.object('load', spec.load);
  rules.check('load', spec.load, spec.load !== undefined, 'given: the system load (at least load.peakRequestsPerSecond)');
  rules.number('load.peakRequestsPerSecond', load.peakRequestsPerSecond, 0, 1e9, 'requests/s');
  rules.check('load.peakRequestsPerSecond', load.peakRequestsPerSecond, spec.load === undefined || load.peakRequestsPerSecond !== undefined,
    'given: the peak client requests/s');
  rules.positive('load.peakGbps', load.peakGbps, 1e6, 'Gbps');
  rules.number('load.readsPerRequest', load.readsPerRequest, 0, 1000);
  rules.number('load.writesPerRequest', load.writesPerRequest, 0, 1000);
  rules.number('load.jobsPerSecond', load.jobsPerSecond, 0, 1e7, 'jobs/s');
  rules.integer('load.connectionsPerTask', load.connectionsPerTask, 1, 10_000);
  rules.positive('load.averageToPeakRatio', load.averageToPeakRatio, 1, '(a share of the peak)');
  rules.number('load.rampSeconds', load.rampSeconds, 0, 86_400, 's');
  rules.check('api.load.rampSeconds', spec.api?.load?.rampSeconds, load.rampSeconds === undefined || spec.api?.load?.rampSeconds === undefined,
    'unset when load.rampSeconds is given (one ramp for the API)');
  const pools = checkDatabasePools(rules, spec, load);
  const egress = resolveSystemEgress(rules, assumed, load.egress, {
    api: spec.api !== undefined,
    workers: spec.queue === undefined ? undefined : spec.queue.workers?.kind === WorkerKind.LAMBDA ? 'lambda' : 'fargate',
  });
  rules.check('shardedDatabase', spec.shardedDatabase, spec.database === undefined || spec.shardedDatabase === undefined,
    'unset when database is set (one primary store per system)');
  const readsPerRequest = assumed.take('load.readsPerRequest', load.readsPerRequest, 2, 'reads one API request makes of the cache or database');
  const writesPerRequest = assumed.take('load.writesPerRequest', load.writesPerRequest, 0.1, 'database writes per API request');
  const jobsPerSecond = spec.queue ? assumed.take('load.jobsPerSecond', load.jobsPerSecond, 0, 'no jobs declared') : load.jobsPerSecond ?? 0;
  const edge = typeof load.peakRequestsPerSecond === 'number' && Number.isFinite(load.peakRequestsPerSecond) ? Math.max(0, load.peakRequestsPerSecond) : 0;

  // Derived load props must not be given in the blocks: the chain owns them.
  for (const [block, props] of Object.entries(DERIVED)) {
    const options = (spec as unknown as { [k: string]: { load?: { [p: string]: unknown } } | undefined })[block];
    const blockLoad = options && typeof options === 'object' && options.load && typeof options.load === 'object' ? options.load : {};
    for (const [prop, source] of Object.entries(props)) {
      rules.check(`${block}.load.${prop}`, blockLoad[prop], blockLoad[prop] === undefined, `unset in a system spec: the chain derives it from ${source}`);
    }
  }
  if (!rules.ok) rules.throwIfInvalid();

  // The cache's CDN tier feeds the CDN; a first pass reads it (its errors are reported by the second pass).
  let cdnTier: TieredCachePlan['cdn'] | undefined;
  if (spec.cache !== undefined) {
    try {
      cdnTier = planTieredCache(withNestedAz(withLoad(spec.cache, {}, undefined, sizing, false), 'application', azCount),
        { path: 'cache', specPrefix: 'cache' }).cdn;
    } catch {
      cdnTier = undefined;
    }
  }
  const edgeLoad = { peakRequestsPerSecond: edge, ...(load.peakGbps !== undefined ? { peakGbps: load.peakGbps } : {}) };
  const cdn = spec.cdn === undefined ? undefined : attempt(rules, () => planGlobalCdn({
    ...withLoad(spec.cdn!, edgeLoad, undefined, sizing, false),
    ...(cdnTier && spec.cdn!.cdnTier === undefined ? { cdnTier } : {}),
    ...(spec.api !== undefined ? chainApiOrigin(spec.cdn!, spec.api) : {}),
  }, { path: 'cdn', specPrefix: 'cdn' }));
  const origin = cdn ? originRequestsPerSecond(cdn, edge) : edge;
  const api = spec.api === undefined ? undefined
    : attempt(rules, () => planLoadBalancedApi(withLoad({
      ...spec.api!,
      ...chainApiAccess(spec.api!, cdn),
    }, { peakRequestsPerSecond: origin, ...(load.rampSeconds !== undefined ? { rampSeconds: load.rampSeconds } : {}) }, azCount, sizing),
    { path: 'api', specPrefix: 'api' }));
  checkOriginHeaderChain(rules, cdn, api);
  const reads = origin * readsPerRequest;
  const writes = origin * writesPerRequest;
  // The CDN tier's hit ratio is the CDN's: one figure, stated once, on the CDN.
  const cacheLoad = { readsPerSecond: reads, writesPerSecond: writes, ...(cdn ? { cdnHitRatio: cdn.load.hitRatio } : {}) };
  const cache = spec.cache === undefined ? undefined : attempt(rules, () => planTieredCache(
    withNestedAz(withLoad(spec.cache!, cacheLoad, undefined, sizing, false), 'application', azCount), { path: 'cache', specPrefix: 'cache' }));
  const dbReads = cache ? databaseReadsPerSecond(cache, reads) : reads;
  const extraOnAzLoss = cache ? cacheMissReadsOnAzLoss(cache, reads) : 0;
  // Lambda workers run across the Region's AZs: the system's AZ spread applies to Fargate workers only.
  const lambdaWorkers = spec.queue?.workers?.kind === WorkerKind.LAMBDA;
  const queue = spec.queue === undefined ? undefined : attempt(rules, () => planWorkQueue(
    withLoad(spec.queue!, { jobsPerSecond }, azCount, sizing, !lambdaWorkers), { path: 'queue', specPrefix: 'queue' }));
  const hasDatabase = spec.database !== undefined || spec.shardedDatabase !== undefined;
  const clients = hasDatabase ? databaseClients(assumed, pools, load.connectionsPerTask, api, queue) : [];
  // Without a database the API's pool is still the spec's figure (assumed as before): nothing counts it.
  if (!hasDatabase && pools.api === undefined) {
    assumed.take('load.connectionsPerTask', load.connectionsPerTask, catalog.ASSUMED.dbPoolSizePerClient.value, 'connection pool size of one API task');
  }
  const dbLoad = {
    readsPerSecond: dbReads,
    writesPerSecond: writes,
    ...(clients.length > 0 ? { clients } : {}),
  };
  const database = spec.database === undefined ? undefined : attempt(rules, () => planReplicatedDatabase(
    withLoad(spec.database!, dbLoad, azCount, sizing), { path: 'database', specPrefix: 'database' }));
  const geographic = spec.shardedDatabase?.strategy === ShardingStrategy.GEOGRAPHIC;
  const shardedDatabase = spec.shardedDatabase === undefined ? undefined : attempt(rules, () => planShardedDatabase(
    geographic ? withLoad(spec.shardedDatabase!, dbLoad, undefined, sizing, false)
      : withNestedAz(withLoad(spec.shardedDatabase!, dbLoad, undefined, sizing, false), 'shardDefaults', azCount),
    { path: 'shardedDatabase', specPrefix: 'shardedDatabase' }));
  const gateway = spec.gateway === undefined ? undefined : attempt(rules, () => planMicroserviceGateway(
    {
      ...spec.gateway!,
      ...(spec.gateway!.azCount === undefined ? { azCount } : {}),
      ...(spec.gateway!.sizing === undefined && spec.sizing !== undefined ? { sizing } : {}),
    },
    { path: 'gateway', specPrefix: 'gateway', quotas }));
  rules.throwIfInvalid();

  // The wiring: what the API and the Fargate workers get from the other blocks, in their own plans.
  const sources: WiringSources = { region, database, shardedDatabase, cache, queue };
  const wiredApi = api && { ...api, wiring: apiWiring(api.container, sources) };
  const fargate = queue?.workers.fargate;
  const wiredQueue = queue && fargate
    ? { ...queue, workers: { ...queue.workers, wiring: workerWiring(fargate.container, sources) } } : queue;
  const wiring = [wiredApi?.wiring, wiredQueue?.workers.wiring].filter((x): x is WiringPlan => x !== undefined);

  return {
    name: spec.name,
    region,
    quotas,
    azCount,
    ...foundation,
    chain: {
      edgeRequestsPerSecond: edge,
      originRequestsPerSecond: origin,
      readsPerSecond: reads,
      writesPerSecond: writes,
      databaseReadsPerSecond: dbReads,
      extraDatabaseReadsOnCacheAzLoss: extraOnAzLoss,
      databaseConnections: clients.reduce((sum, c) => sum + c.count * c.poolSize, 0),
      jobsPerSecond,
    },
    cdn,
    api: wiredApi,
    cache,
    database,
    shardedDatabase,
    queue: wiredQueue,
    gateway,
    wiring,
    assumed: assumed.list,
    ...(load.averageToPeakRatio !== undefined ? { averageToPeakRatio: load.averageToPeakRatio } : {}),
    ...(egress !== undefined ? { egress } : {}),
  };
}

/**
 * The system's AZ count: the spec's, else the VPC's (noted as taken from it), else `DEFAULT_AZS`.
 * With a VPC whose AZs are known, a spec count above them, or a VPC of fewer than `MIN_AZS`, is
 * invalid: every block of the system puts tasks or data in each AZ of the count.
 */
function resolveSystemAzCount(rules: Rules, assumed: Assumptions, given: number | undefined, network: unknown): number {
  const validGiven = rules.integer('azCount', given, MIN_AZS, MAX_AZS);
  const n = typeof network === 'number' && Number.isInteger(network) && network > 0 ? network : undefined;
  if (n === undefined) return assumed.take('azCount', given, DEFAULT_AZS, 'Availability Zones every block spreads over');
  const spans = `the VPC given spans ${n} Availability Zone${n === 1 ? '' : 's'}`;
  if (n < MIN_AZS) {
    if (validGiven) {
      rules.check('azCount', given ?? DEFAULT_AZS, false,
        `a VPC of at least ${MIN_AZS} Availability Zones, and ${spans}: give a VPC with subnets in at least ${MIN_AZS} AZs`);
    }
    return given ?? DEFAULT_AZS;
  }
  if (given !== undefined) {
    if (validGiven) {
      rules.check('azCount', given, given <= n,
        `at most ${n}: ${spans} (the fewer of its private and isolated subnets' AZs); unset azCount to take the VPC's, or give a VPC of at least ${given} AZs`);
    }
    return given;
  }
  return azCountOf(assumed, 'azCount', undefined, { networkAzCount: n });
}

const POOL_KINDS = ['api', 'workers'] as const;

/** Most connections one client's pool may hold (declared, or by Little's law). */
const MAX_POOL_SIZE = 100_000;

/** Little's law: the connections a client's queries hold at once, ceil(queries/s x seconds per query), at least 1. */
export function littlesLawPoolSize(queriesPerSecond: number, queryMilliseconds: number): number {
  return Math.max(1, Math.ceil((queriesPerSecond * queryMilliseconds) / 1000 - 1e-9));
}

/** Validates load.databasePools (each kind's pool, or its queries; only for clients and a database the system has). */
function checkDatabasePools(rules: Rules, spec: SystemSpec, load: SystemLoadOptions): DatabasePoolsOptions {
  const pools = rules.object('load.databasePools', load.databasePools);
  const hasDatabase = spec.database !== undefined || spec.shardedDatabase !== undefined;
  rules.check('load.databasePools', load.databasePools, load.databasePools === undefined || hasDatabase,
    'unset: the system has no database (database or shardedDatabase)');
  const out: { [kind: string]: DatabasePoolOptions } = {};
  for (const kind of POOL_KINDS) {
    const p = `load.databasePools.${kind}`;
    const given = (pools as { [k: string]: unknown })[kind] as DatabasePoolOptions | undefined;
    if (given === undefined) continue;
    const o = rules.object(p, given);
    const owner = kind === 'api' ? spec.api : spec.queue;
    rules.check(p, given, owner !== undefined, `unset: the system has no ${kind === 'api' ? 'api' : 'queue'}`);
    const okPool = rules.integer(`${p}.poolSize`, o.poolSize, 1, MAX_POOL_SIZE, 'connections');
    const okQps = rules.positive(`${p}.queriesPerSecond`, o.queriesPerSecond, 1e7, 'queries/s');
    const okMs = rules.positive(`${p}.queryMilliseconds`, o.queryMilliseconds, 3_600_000, 'ms');
    rules.fraction(`${p}.readShare`, o.readShare);
    rules.check(`${p}.poolSize`, o.poolSize, o.poolSize === undefined || (o.queriesPerSecond === undefined && o.queryMilliseconds === undefined),
      'unset with queriesPerSecond and queryMilliseconds (give the pool, or the queries it serves)');
    rules.check(`${p}.queryMilliseconds`, o.queryMilliseconds, (o.queriesPerSecond === undefined) === (o.queryMilliseconds === undefined),
      'set together with queriesPerSecond (the pool is ceil(queries/s x query time), Little\'s law)');
    if (okQps && okMs && o.queriesPerSecond !== undefined && o.queryMilliseconds !== undefined) {
      rules.check(`${p}.queriesPerSecond`, o.queriesPerSecond, littlesLawPoolSize(o.queriesPerSecond, o.queryMilliseconds) <= MAX_POOL_SIZE,
        `queries/s x queryMilliseconds / 1000 of at most ${MAX_POOL_SIZE.toLocaleString('en-US')} concurrent queries (one pool)`);
    }
    if (kind === 'api') {
      rules.check('load.connectionsPerTask', load.connectionsPerTask,
        load.connectionsPerTask === undefined || (o.poolSize === undefined && o.queriesPerSecond === undefined),
        'unset with load.databasePools.api.poolSize or its queries (one pool size for the API tasks)');
    }
    if (okPool) out[kind] = o;
  }
  return out;
}

/** A client kind's pool: declared, by Little's law from its queries, or assumed; and its read share. */
function poolOf(assumed: Assumptions, kind: string, given: DatabasePoolOptions | undefined, legacy?: { prop: string; value: number | undefined }):
{ poolSize: number; poolFrom: string; readShare: number } {
  const p = `load.databasePools.${kind}`;
  const readShare = assumed.take(`${p}.readShare`, given?.readShare, 0,
    'every pool connects to the writer endpoint (the reader endpoint holds no pool of its own)');
  if (given?.poolSize !== undefined) return { poolSize: given.poolSize, poolFrom: `declared, ${p}.poolSize`, readShare };
  if (given?.queriesPerSecond !== undefined && given.queryMilliseconds !== undefined) {
    const poolSize = littlesLawPoolSize(given.queriesPerSecond, given.queryMilliseconds);
    return {
      poolSize,
      poolFrom: `Little's law, ceil(${fmt(given.queriesPerSecond)} queries/s x ${fmt(given.queryMilliseconds)} ms) = ${fmt(poolSize)} concurrent queries`,
      readShare,
    };
  }
  const a = catalog.ASSUMED.dbPoolSizePerClient;
  if (legacy?.value !== undefined) return { poolSize: legacy.value, poolFrom: `declared, ${legacy.prop}`, readShare };
  const poolSize = assumed.take(legacy?.prop ?? `${p}.poolSize`, undefined, a.value, a.reasoning);
  return { poolSize, poolFrom: 'assumed', readShare };
}

/**
 * Every client of the system's database at its maximum, with its pool: the API's tasks (max
 * tasks), the Fargate workers the system hands the database (max workers), and Lambda workers
 * when their pool is declared (their maximum concurrency).
 */
function databaseClients(assumed: Assumptions, pools: DatabasePoolsOptions, connectionsPerTask: number | undefined,
  api: LoadBalancedApiPlan | undefined, queue: WorkQueuePlan | undefined): DatabaseClientOptions[] {
  const clients: DatabaseClientOptions[] = [];
  if (api) {
    const pool = poolOf(assumed, 'api', pools.api, { prop: 'load.connectionsPerTask', value: connectionsPerTask });
    clients.push({ name: 'api', count: api.scaling.maxTasks, countFrom: 'api.scaling.maxTasks', ...pool });
  }
  if (queue && (queue.workers.kind === WorkerKind.FARGATE_SERVICE || pools.workers !== undefined)) {
    const lambda = queue.workers.kind === WorkerKind.LAMBDA;
    const pool = poolOf(assumed, 'workers', pools.workers);
    clients.push({
      name: lambda ? 'queue.workers (Lambda)' : 'queue.workers',
      count: lambda ? queue.workers.lambda?.maxConcurrency ?? queue.workers.maxWorkers : queue.workers.maxWorkers,
      countFrom: 'queue.workers.maxWorkers',
      ...pool,
    });
  }
  return clients;
}

/** Every block plan of a system, in chain order. */
export function systemBlocks(plan: SystemPlan): BlockPlanBase[] {
  return [plan.cdn, plan.api, plan.cache, plan.database, plan.shardedDatabase, plan.queue, plan.gateway]
    .filter((b): b is NonNullable<typeof b> => b !== undefined);
}

/**
 * Sizes every block of a planned system along the chain and builds the report, with its headroom:
 * the same sizing at multiples of every declared rate (the chain's and each block's).
 */
export function sizeSystem(plan: SystemPlan): SizingReport {
  const { rows, notes } = sizeSystemRows(plan);
  const headroom = findHeadroom((factor) => sizeSystemRows(scaleSystemLoad(plan, factor)).rows);
  return { ...buildReport(plan.name, rows, notes, plan.assumed), chain: plan.chain, headroom };
}

/** A system plan with every declared rate multiplied by `factor`: the chain's and each block's. */
export function scaleSystemLoad(plan: SystemPlan, factor: number): SystemPlan {
  const scaled = <T extends BlockPlanBase>(b: T | undefined): T | undefined => (b ? scaleBlockLoad(b, factor) : undefined);
  return {
    ...plan,
    chain: scaleChain(plan.chain, factor),
    cdn: scaled(plan.cdn),
    api: scaled(plan.api),
    cache: scaled(plan.cache),
    database: scaled(plan.database),
    shardedDatabase: scaled(plan.shardedDatabase),
    queue: scaled(plan.queue),
    gateway: scaled(plan.gateway),
  };
}

/** The rows and notes of every block of a planned system along the chain (no headroom). */
export function sizeSystemRows(plan: SystemPlan): { rows: SizingRow[]; notes: string[] } {
  const rows: SizingRow[] = [];
  const notes: string[] = [];
  const c = plan.chain;
  // Quota rows read the system's Region and the quotas it declares raised.
  const quotas = { region: plan.region, quotas: plan.quotas };
  if (plan.cdn) {
    rows.push(...sizeGlobalCdn(plan.cdn, {}, undefined, quotas));
    notes.push(...globalCdnNotes(plan.cdn));
  }
  if (plan.api) {
    rows.push(...sizeLoadBalancedApi(plan.api, c.originRequestsPerSecond));
    notes.push(...loadBalancedApiNotes(plan.api));
  }
  if (plan.cache) {
    rows.push(...sizeTieredCache(plan.cache));
    notes.push(...tieredCacheNotes(plan.cache));
  }
  if (plan.database) {
    rows.push(...sizeReplicatedDatabase(plan.database, { extraReadsPerSecondOnAzLoss: c.extraDatabaseReadsOnCacheAzLoss }, undefined, quotas));
    notes.push(...replicatedDatabaseNotes(plan.database));
  }
  if (plan.shardedDatabase) {
    rows.push(...sizeShardedDatabase(plan.shardedDatabase, { extraReadsPerSecondOnAzLoss: c.extraDatabaseReadsOnCacheAzLoss }, undefined, quotas));
    notes.push(...shardedDatabaseNotes(plan.shardedDatabase));
  }
  if (plan.queue) {
    rows.push(...sizeWorkQueue(plan.queue, {}, undefined, quotas));
    notes.push(...workQueueNotes(plan.queue));
  }
  if (plan.gateway) {
    rows.push(...sizeMicroserviceGateway(plan.gateway, {}, undefined, quotas));
    notes.push(...microserviceGatewayNotes(plan.gateway));
  }
  // Account quotas the blocks share: every Fargate service's vCPUs at their maxima, in the system's Region.
  rows.push(...accountQuotaRows(plan.name, systemBlocks(plan).map((b) => ({ plan: b })), quotas));
  // The NAT gateways of the network the system creates, one per AZ, against the declared egress.
  rows.push(...systemNatRows(plan, plan.azCount));
  notes.push(...natNotes(plan.egress, hasPrivateEgress(plan), plan.azCount));
  if (Object.keys(plan.quotas).length > 0) {
    notes.push(`raised quotas declared for ${plan.region} (your statement, not checked against the account): `
      + Object.entries(plan.quotas).map(([path, v]) => `quotas.${path} ${v.toLocaleString('en-US')}`).join(', '));
  }
  notes.push(...systemWiringNotes(
    { region: plan.region, database: plan.database, shardedDatabase: plan.shardedDatabase, cache: plan.cache, queue: plan.queue },
    plan.queue?.workers.kind === WorkerKind.LAMBDA));
  return { rows, notes };
}

/** True when the system runs tasks in its private subnets, whose calls to the internet pass the NAT gateways. */
export function hasPrivateEgress(plan: SystemPlan): boolean {
  return plan.api !== undefined || (plan.queue !== undefined && plan.queue.workers.kind !== WorkerKind.LAMBDA);
}

/** The NAT gateway rows of a planned system with `natGateways` NAT gateways (one per AZ), under the bounds of its API (else its queue). */
export function systemNatRows(plan: SystemPlan, natGateways: number): SizingRow[] {
  if (!plan.egress) return [];
  const policy = plan.api?.sizing ?? plan.queue?.sizing
    ?? { targetUtilization: DEFAULT_TARGET_UTILIZATION, maxUtilization: DEFAULT_MAX_UTILIZATION, warnMargin: WARN_MARGIN };
  return natGatewayRows({
    block: plan.name, blockKind: SYSTEM_BLOCK_KIND, natGateways, egress: plan.egress, chain: plan.chain, policy, assumed: plan.assumed,
  });
}
