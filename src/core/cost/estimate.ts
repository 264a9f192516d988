import { PriceOverride } from './overrides';
import { HOURS_PER_MONTH, PricedItem, priceItems } from './price';
import { BlockKind } from '../blocks/common';
import { storageIops } from '../blocks/replicated-database/storage-io';
import { PRICE_KEYS } from '../catalog/prices';
import { DeployedBlock, DeployedDatabase, DeployedFleet, DeployedSystem } from '../readback/types';
import { AssumedInput, BlockCost, CostEstimate, CostKind, CostLine, SizingReport } from '../sizing/report';
import { fmt } from '../validation';

/*
 * The monthly cost of what will deploy: the topology read back from synthesized output (not the
 * plan's intent), priced with the price catalog and the user's overrides. Fixed lines are the hours
 * of what runs all month (instances, tasks at their minimum, NAT gateways, load balancers) and the
 * monthly items (keys, secrets, alarms, web ACLs); load-driven lines follow the declared load at its
 * average (peak x the average-to-peak ratio). A line without a price is listed as such and the
 * totals say they are partial; it is never priced with another Region's figure.
 */

/** Seconds in the pricing month (730 hours). */
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

/**
 * The average-to-peak ratio used when none is given: 1, the load at its declared peak all month, so
 * the load-driven lines are an upper bound rather than a guess at a traffic shape.
 */
export const DEFAULT_AVERAGE_TO_PEAK_RATIO = 1;

/**
 * SQS requests per job: a job is sent, received and deleted, three API actions, each billed as a
 * request per 64 KiB chunk of its payload (https://aws.amazon.com/sqs/pricing/).
 */
export const SQS_REQUESTS_PER_JOB = 3;
/** The payload size SQS bills as one request. */
export const SQS_REQUEST_CHUNK_KIB = 64;

/** The block name of the resources outside every block (a shared VPC's NAT gateways, keys, alarms). */
export const OUTSIDE_BLOCKS = '(outside blocks)';

/** The Region of a block whose template names none when no Region is given: nothing is priced there. */
export const NO_REGION = '(Region not known)';

/** Options of `estimateCost`. */
export interface CostOptions {
  /** The Region of blocks whose template names none (the spec's Region); without it their lines have no price. */
  readonly region?: string;
  /** The average load as a share of the declared peak, in (0, 1]; assumed `DEFAULT_AVERAGE_TO_PEAK_RATIO` (and listed) when absent. */
  readonly averageToPeakRatio?: number;
  /** The user's prices, applied over the catalog. */
  readonly overrides?: PriceOverride[];
  /**
   * Bytes a second the declared egress (`load.egress`) moves through the NAT gateways at peak, both
   * directions: priced as NAT data processed, at peak x the average-to-peak ratio.
   *
   * @default - none declared: NAT data processed is listed as not priced
   */
  readonly natEgressBytesPerSecond?: number;
}

/** Bytes in the GB NAT data processing is counted in: 10^9, the larger count of the two readings of "GB". */
export const NAT_BYTES_PER_GB = 1e9;

/** A line before pricing. */
export interface Draft {
  readonly kind: CostKind;
  readonly what: string;
  readonly key: string;
  readonly dimensions?: { [name: string]: string };
  readonly quantity: number;
}

/** Per resource type (CloudFormation and Terraform spellings), the monthly item it is priced as. */
const COUNTED_TYPES: Array<{ types: string[]; key: string; what: string; hourly: boolean }> = [
  { types: ['AWS::EC2::NatGateway', 'aws_nat_gateway'], key: 'nat.hour', what: 'NAT gateway', hourly: true },
  { types: ['AWS::KMS::Key', 'aws_kms_key'], key: 'kms.key-month', what: 'KMS customer managed key', hourly: false },
  { types: ['AWS::SecretsManager::Secret', 'aws_secretsmanager_secret'], key: 'secretsmanager.secret-month', what: 'Secrets Manager secret', hourly: false },
  { types: ['AWS::CloudWatch::Alarm', 'aws_cloudwatch_metric_alarm'], key: 'cloudwatch.alarm-month', what: 'CloudWatch alarm', hourly: false },
  { types: ['AWS::WAFv2::WebACL', 'aws_wafv2_web_acl'], key: 'waf.web-acl-month', what: 'WAF web ACL', hourly: false },
];

const LOAD_BALANCER_TYPES = ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'aws_lb', 'aws_alb'];

function countOf(types: { [type: string]: number } | undefined, names: string[]): number {
  return names.reduce((n, t) => n + (types?.[t] ?? 0), 0);
}

function plural(n: number, what: string): string {
  return `${fmt(n)} x ${what}`;
}

/** The monthly items of the resources counted by type (NAT gateways, keys, secrets, alarms, web ACLs). */
function countedLines(types: { [type: string]: number } | undefined): Draft[] {
  const out: Draft[] = [];
  for (const c of COUNTED_TYPES) {
    const n = countOf(types, c.types);
    if (n === 0) continue;
    out.push({
      kind: CostKind.FIXED,
      what: c.hourly ? `${plural(n, c.what)}, ${HOURS_PER_MONTH} h` : plural(n, c.what),
      key: c.key,
      quantity: c.hourly ? n * HOURS_PER_MONTH : n,
    });
  }
  return out;
}

/** Fargate's architecture dimension from a task definition's CPU architecture (X86_64 when none). */
function architectureOf(fleet: DeployedFleet): string {
  return (fleet.cpuArchitecture ?? 'X86_64').toUpperCase() === 'ARM64' ? 'arm64' : 'x86_64';
}

/** Fargate vCPU-hours and GB-hours of a fleet at its minimum task count. */
function fleetLines(fleet: DeployedFleet | undefined, label: string, notPriced: string[], block: string): Draft[] {
  if (!fleet) return [];
  const fargate = fleet.launchType === undefined || fleet.launchType === 'FARGATE';
  if (!fargate || fleet.capacityProviders.some((c) => !/^FARGATE(_SPOT)?$/.test(c))) {
    notPriced.push(`${block}: ${label} runs on EC2 capacity (${fleet.instanceTypes.join(', ') || 'instance types not read'}); `
      + 'the read-back does not count the instances behind it, so they are not priced');
    return [];
  }
  const tasks = fleet.minTasks ?? fleet.desiredCount;
  if (tasks === undefined || fleet.taskCpu === undefined || fleet.taskMemoryMiB === undefined) {
    notPriced.push(`${block}: ${label}: the task count or size is not a literal in the synthesized output, so its tasks are not priced`);
    return [];
  }
  return fargateTaskDrafts(label, tasks, fleet.taskCpu, fleet.taskMemoryMiB, architectureOf(fleet));
}

/**
 * Fargate vCPU-hours and GB-hours of `tasks` tasks of one size running all month (the fleet's
 * minimum): the lines of a fleet read back, and of a planned alternative priced the same way.
 */
export function fargateTaskDrafts(label: string, tasks: number, taskCpu: number, taskMemoryMiB: number, architecture: string): Draft[] {
  const vcpu = taskCpu / 1024;
  const gb = taskMemoryMiB / 1024;
  const hours = tasks * HOURS_PER_MONTH;
  return [
    {
      kind: CostKind.FIXED,
      what: `${label}: ${plural(tasks, `${fmt(vcpu)} vCPU`)} (minimum tasks), ${architecture}, ${HOURS_PER_MONTH} h`,
      key: 'fargate.vcpu-hour',
      dimensions: { architecture },
      quantity: vcpu * hours,
    },
    {
      kind: CostKind.FIXED,
      what: `${label}: ${plural(tasks, `${fmt(gb)} GB`)} (minimum tasks), ${architecture}, ${HOURS_PER_MONTH} h`,
      key: 'fargate.gb-hour',
      dimensions: { architecture },
      quantity: gb * hours,
    },
  ];
}

/** The price catalog's engine name of a synthesized engine (`postgres` -> `postgresql`), or undefined. */
export function priceEngineOf(engine: string | undefined): string | undefined {
  switch ((engine ?? '').toLowerCase()) {
    case 'aurora-postgresql': return 'aurora-postgresql';
    case 'aurora-mysql':
    case 'aurora': return 'aurora-mysql';
    case 'postgres':
    case 'postgresql': return 'postgresql';
    case 'mysql': return 'mysql';
    default: return undefined;
  }
}

/** Instance-hours and storage of a database (an Aurora cluster or RDS instances). */
/**
 * Aurora Standard I/O requests: the I/O rate the sizing computes (storageIops: writes x
 * load.storageIosPerWrite + reads x (1 - load.bufferHitRatio)) at the average load, per million.
 */
function auroraIoLines(load: { [key: string]: unknown }, block: string, notPriced: string[], ratio: number): Draft[] {
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const storageIosPerWrite = num(load.storageIosPerWrite);
  const bufferHitRatio = num(load.bufferHitRatio);
  const writes = num(load.writesPerSecond) ?? 0;
  const reads = num(load.readsPerSecond) ?? 0;
  if (storageIosPerWrite === undefined || bufferHitRatio === undefined) {
    notPriced.push(`${block}: Aurora Standard I/O requests: the plan holds no load.storageIosPerWrite and bufferHitRatio (synthesize again with this version)`);
    return [];
  }
  if (writes <= 0 && reads <= 0) {
    notPriced.push(`${block}: Aurora Standard I/O requests: the block declares no reads or writes`);
    return [];
  }
  const ios = storageIops({ storageIosPerWrite, bufferHitRatio }, writes, reads);
  return [{
    kind: CostKind.LOAD,
    what: `${fmt(Math.round(ios))} I/Os/s at peak (${fmt(writes)} writes/s x ${fmt(storageIosPerWrite)} I/Os + ${fmt(reads)} reads/s x `
      + `${fmt(Math.round((1 - bufferHitRatio) * 1000) / 10)} % that miss the buffer pool, as the sizing counts them) x ${fmt(ratio)} average-to-peak, Aurora Standard I/O`,
    key: 'aurora.io-million',
    dimensions: {},
    quantity: (ios * ratio * SECONDS_PER_MONTH) / 1e6,
  }];
}

/** The lines of a database read back (and of a planned alternative, built as one): instance-hours, storage, Aurora I/O. */
export function databaseLines(db: DeployedDatabase | undefined, load: { [key: string]: unknown }, block: string, notPriced: string[],
  ratio: number): Draft[] {
  if (!db) return [];
  const engine = priceEngineOf(db.engine);
  if (engine === undefined) {
    notPriced.push(`${block}: the database engine ${db.engine ?? '(not a literal)'} has no price key, so its instances are not priced`);
    return [];
  }
  const ioOptimized = db.aurora && db.storageType === 'aurora-iopt1';
  const storage = ioOptimized ? 'io-optimized' : 'standard';
  const classes = new Map<string, string[]>();
  const add = (cls: string | undefined, role: string): void => {
    const c = cls ?? db.instanceClass;
    if (c === undefined) {
      notPriced.push(`${block}: the ${role}'s instance class is not a literal in the synthesized output, so it is not priced`);
      return;
    }
    if (c === 'db.serverless') {
      // Billed per ACU-hour actually used, not per instance-hour: the catalog holds no sourced ACU-hour price.
      notPriced.push(`${block}: the ${role} is an Aurora Serverless v2 instance (db.serverless), billed per ACU-hour used; the catalog has no sourced ACU-hour price, so it is not priced`);
      return;
    }
    classes.set(c, [...(classes.get(c) ?? []), role]);
  };
  if (db.writer) add(db.writer.instanceClass, 'writer');
  if (!db.aurora && db.multiAz) add(db.writer?.instanceClass, 'Multi-AZ standby');
  db.readers.forEach((r) => add(r.instanceClass, 'reader'));
  const out: Draft[] = [...classes.entries()].map(([cls, roles]) => ({
    kind: CostKind.FIXED,
    what: `${plural(roles.length, cls)} (${roleText(roles)}), ${HOURS_PER_MONTH} h`,
    key: 'rds.instance-hour',
    dimensions: { class: cls, engine, storage },
    quantity: roles.length * HOURS_PER_MONTH,
  }));
  const storedGiB = typeof load.storageGiB === 'number' && Number.isFinite(load.storageGiB) ? load.storageGiB : undefined;
  if (db.aurora) {
    if (storedGiB !== undefined) {
      out.push({
        kind: CostKind.LOAD,
        what: `${fmt(storedGiB)} GB stored (declared load.storageGiB), Aurora ${storage}`,
        key: 'aurora.storage-gb-month',
        dimensions: { storage },
        quantity: storedGiB,
      });
    } else {
      notPriced.push(`${block}: Aurora storage: the block declares no load.storageGiB`);
    }
    if (!ioOptimized) out.push(...auroraIoLines(load, block, notPriced, ratio));
    return out;
  }
  const instances = 1 + (db.multiAz ? 1 : 0) + db.readers.length;
  const type = (db.storageType ?? '').toLowerCase();
  if (db.allocatedStorageGiB === undefined) {
    notPriced.push(`${block}: RDS storage: the allocated storage is not a literal in the synthesized output`);
  } else if (type !== 'gp3') {
    notPriced.push(`${block}: RDS ${type || 'default'} storage has no price key (the catalog prices gp3 only)`);
  } else {
    out.push({
      kind: CostKind.FIXED,
      what: `${plural(instances, `${fmt(db.allocatedStorageGiB)} GB gp3`)} allocated (writer`
      + `${db.multiAz ? ', standby' : ''}${db.readers.length ? `, ${db.readers.length} replica(s)` : ''})`,
      key: 'rds.gp3-gb-month',
      quantity: instances * db.allocatedStorageGiB,
    });
    if (db.storageIops !== undefined || db.storageThroughputMiBps !== undefined) {
      notPriced.push(`${block}: RDS gp3 provisioned performance (${[
        db.storageIops !== undefined ? `${fmt(db.storageIops)} IOPS` : undefined,
        db.storageThroughputMiBps !== undefined ? `${fmt(db.storageThroughputMiBps)} MiB/s` : undefined,
      ].filter(Boolean).join(', ')}): what is provisioned above gp3's baseline is billed per IOPS-month and per MiB/s-month, `
        + 'which the catalog does not price');
    }
  }
  return out;
}

function roleText(roles: string[]): string {
  const counts = new Map<string, number>();
  for (const r of roles) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts.entries()].map(([r, n]) => (n === 1 ? r : `${n} ${r}s`)).join(' + ');
}

/** Node-hours of a cache: shards x (1 + replicas per shard), or the Memcached nodes. */
function cacheLines(b: DeployedBlock, notPriced: string[]): Draft[] {
  const c = b.cache;
  if (!c) return [];
  const engine = (c.engine ?? '').toLowerCase();
  if (!['valkey', 'redis', 'memcached'].includes(engine) || c.nodeType === undefined) {
    notPriced.push(`${b.path}: the cache's engine or node type is not a literal in the synthesized output, so its nodes are not priced`);
    return [];
  }
  return cacheNodeDrafts(c.nodeType, engine, c.shards ?? 1, c.replicasPerShard ?? 0);
}

/**
 * Node-hours of a cache of `shards` shards of one node type (Memcached: `shards` nodes), each
 * with `replicasPerShard` replicas: the lines of a cache read back, and of a planned alternative.
 */
export function cacheNodeDrafts(nodeType: string, engine: string, shards: number, replicasPerShard: number): Draft[] {
  const memcached = engine === 'memcached';
  const nodes = memcached ? shards : shards * (1 + replicasPerShard);
  const shape = memcached ? `${fmt(nodes)} node(s)` : `${fmt(shards)} shard(s) x (1 primary + ${fmt(replicasPerShard)} replica(s))`;
  return [{
    kind: CostKind.FIXED,
    what: `${plural(nodes, nodeType)} ${engine} (${shape}), ${HOURS_PER_MONTH} h`,
    key: 'elasticache.node-hour',
    dimensions: { nodeType, engine },
    quantity: nodes * HOURS_PER_MONTH,
  }];
}

/** Workers at their minimum and SQS requests at the average job rate. */
function workQueueLines(b: DeployedBlock, ratio: number, notPriced: string[]): Draft[] {
  const q = b.workQueue;
  if (!q) return [];
  const out: Draft[] = [];
  if (q.fleet) out.push(...fleetLines(q.fleet, 'workers', notPriced, b.path));
  if (q.lambda) notPriced.push(`${b.path}: Lambda workers: the catalog has no Lambda price key`);
  const jobs = typeof b.load.jobsPerSecond === 'number' && Number.isFinite(b.load.jobsPerSecond) ? b.load.jobsPerSecond : 0;
  const sizeKiB = typeof b.load.messageSizeKiB === 'number' && b.load.messageSizeKiB > 0 ? b.load.messageSizeKiB : 1;
  if (jobs > 0 && q.queue) {
    if (q.queue.fifo) {
      notPriced.push(`${b.path}: SQS FIFO requests: the catalog prices standard queues only`);
    } else {
      const chunks = Math.ceil(sizeKiB / SQS_REQUEST_CHUNK_KIB);
      const perJob = SQS_REQUESTS_PER_JOB * chunks;
      out.push({
        kind: CostKind.LOAD,
        what: `${fmt(jobs)} jobs/s peak x ${fmt(ratio)} average-to-peak x ${perJob} requests a job (send, receive, delete`
          + `${chunks > 1 ? `, ${chunks} x 64 KiB chunks` : ''}), ${HOURS_PER_MONTH} h`,
        key: 'sqs.million-requests',
        quantity: (jobs * ratio * SECONDS_PER_MONTH * perJob) / 1e6,
      });
    }
  }
  if (jobs > 0 && q.jobTable) notPriced.push(`${b.path}: the job table's DynamoDB requests: the model has no writes per job`);
  if (jobs > 0 && q.completion) notPriced.push(`${b.path}: the completion topic's SNS publishes and deliveries`);
  return out;
}

function apiLines(b: DeployedBlock, notPriced: string[]): Draft[] {
  const api = b.api;
  if (!api) return [];
  const out = fleetLines(api.fleet, 'tasks', notPriced, b.path);
  const lbs = countOf(b.resourceTypes, LOAD_BALANCER_TYPES);
  const network = (api.loadBalancerType ?? 'application') === 'network';
  if (lbs > 0) {
    out.push({
      kind: CostKind.FIXED,
      what: `${plural(lbs, network ? 'Network Load Balancer' : 'Application Load Balancer')}, ${HOURS_PER_MONTH} h`,
      key: network ? 'nlb.hour' : 'alb.hour',
      quantity: lbs * HOURS_PER_MONTH,
    });
    notPriced.push(`${b.path}: load balancer capacity units: the load declares no connections or bytes processed`);
  }
  return out;
}

function gatewayLines(b: DeployedBlock, notPriced: string[]): Draft[] {
  const g = b.gateway;
  if (!g) return [];
  notPriced.push(`${b.path}: API Gateway requests: the catalog has no API Gateway price key`);
  return g.services.flatMap((s) => fleetLines(s.fleet, `${s.name} tasks`, notPriced, b.path));
}

/** The lines of one block, its own resources only (shards and service databases are blocks of their own). */
function blockLines(b: DeployedBlock, ratio: number, notPriced: string[]): Draft[] {
  const own: Draft[] = [];
  switch (b.kind) {
    case BlockKind.LOAD_BALANCED_API: own.push(...apiLines(b, notPriced)); break;
    case BlockKind.REPLICATED_DATABASE: own.push(...databaseLines(b.database, b.load, b.path, notPriced, ratio)); break;
    case BlockKind.TIERED_CACHE: own.push(...cacheLines(b, notPriced)); break;
    case BlockKind.WORK_QUEUE: own.push(...workQueueLines(b, ratio, notPriced)); break;
    case BlockKind.MICROSERVICE_GATEWAY: own.push(...gatewayLines(b, notPriced)); break;
    case BlockKind.GLOBAL_CDN:
      notPriced.push(`${b.path}: CloudFront requests and transfer: priced by where the clients are, which the load does not declare`);
      break;
    default: break;
  }
  return [...own, ...countedLines(b.resourceTypes)];
}

/** Cents as USD with two decimals (`1234` -> `12.34`). */
export function centsText(cents: number): string {
  const s = String(cents).padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** Prices the lines of one block in one Region (fixed lines first); a line without a price is listed as such. */
export function priceBlock(block: string, blockKind: string, region: string, drafts: Draft[], overrides: PriceOverride[] | undefined): BlockCost {
  const sorted = [...drafts.filter((d) => d.kind === CostKind.FIXED), ...drafts.filter((d) => d.kind === CostKind.LOAD)];
  const items: PricedItem[] = sorted.map((d) => ({
    label: d.what, key: d.key, region, dimensions: d.dimensions ?? {}, quantityPerMonth: d.quantity,
  }));
  const priced = priceItems(items, { overrides });
  let fixedCents = 0;
  let loadCents = 0;
  const lines: CostLine[] = priced.items.map((c, i) => {
    const d = sorted[i];
    const base = {
      kind: d.kind,
      what: d.what,
      key: d.key,
      region,
      dimensions: d.dimensions ?? {},
      quantityPerMonth: d.quantity,
      unit: PRICE_KEYS[d.key].unit,
      priced: c.priced,
    };
    if (!c.priced || !c.row) return { ...base, noPrice: c.message ?? `no price for ${d.key} in ${region}` };
    if (d.kind === CostKind.FIXED) fixedCents += c.monthlyCents!;
    else loadCents += c.monthlyCents!;
    return {
      ...base,
      usdPerUnit: c.row.usd,
      monthlyCents: c.monthlyCents,
      monthlyUsd: c.monthlyUsd,
      origin: c.origin,
      source: `${c.row.source.title}${c.row.source.read ? `, read ${c.row.source.read}` : ''}${c.row.source.confirmed ? '' : ' (unconfirmed)'}`,
    };
  });
  return {
    block,
    blockKind,
    region,
    fixedCents,
    loadCents,
    totalCents: fixedCents + loadCents,
    fixedUsd: centsText(fixedCents),
    loadUsd: centsText(loadCents),
    totalUsd: centsText(fixedCents + loadCents),
    partial: lines.some((l) => !l.priced),
    lines,
  };
}

/**
 * The monthly cost of one read-back: every block (shards and gateway service databases as blocks
 * of their own, in the Region of their template), then the resources outside every block.
 *
 * @throws Error when the average-to-peak ratio is not in (0, 1] (the spec and CLI check it first)
 */
export function estimateCost(system: DeployedSystem, options: CostOptions = {}): CostEstimate {
  const given = options.averageToPeakRatio;
  if (given !== undefined && !(Number.isFinite(given) && given > 0 && given <= 1)) {
    throw new Error(`averageToPeakRatio ${given}: a share of the peak, more than 0 and at most 1`);
  }
  const ratio = given ?? DEFAULT_AVERAGE_TO_PEAK_RATIO;
  const defaultRegion = options.region ?? NO_REGION;
  const notPriced: string[] = [];
  const blocks: BlockCost[] = [];
  const ordered = [...system.blocks].sort((a, b) => a.path.localeCompare(b.path));
  // NAT data processed: on the first NAT gateway line, once (the system's NAT gateways carry the whole declared egress).
  const egress = options.natEgressBytesPerSecond;
  let natData = false;
  const withNatData = (drafts: Draft[]): Draft[] => {
    if (natData || egress === undefined || !drafts.some((d) => d.key === 'nat.hour')) return drafts;
    natData = true;
    const gb = (egress * ratio * SECONDS_PER_MONTH) / NAT_BYTES_PER_GB;
    return [...drafts, {
      kind: CostKind.LOAD,
      what: `${fmt(Math.round(gb * 10) / 10)} GB through the NAT gateways (declared load.egress, request + response, `
        + `${fmt(Math.round((egress / 1e6) * 1000) / 1000)} MB/s at peak x ${fmt(ratio)} average-to-peak, ${HOURS_PER_MONTH} h; 1 GB = 10^9 bytes)`,
      key: 'nat.gb',
      quantity: gb,
    }];
  };
  for (const b of ordered) {
    const drafts = withNatData(blockLines(b, ratio, notPriced));
    if (drafts.length > 0) blocks.push(priceBlock(b.path, b.kind, b.region ?? defaultRegion, drafts, options.overrides));
  }
  // Resources outside every block, by the Region of their template (its own, or a block's of the same template).
  const regionOfTemplate = new Map<string, string>();
  for (const b of system.blocks) if (b.region !== undefined) regionOfTemplate.set(`${b.backend}|${b.template}`, b.region);
  const outside = new Map<string, { [type: string]: number }>();
  for (const r of system.unrecognised) {
    const region = r.region ?? regionOfTemplate.get(`${r.backend}|${r.template}`) ?? defaultRegion;
    const types = outside.get(region) ?? {};
    types[r.type] = (types[r.type] ?? 0) + 1;
    outside.set(region, types);
  }
  for (const [region, types] of [...outside.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const shared = withNatData(countedLines(types));
    if (shared.length > 0) blocks.push(priceBlock(OUTSIDE_BLOCKS, 'shared', region, shared, options.overrides));
  }
  if (!natData && blocks.some((b) => b.lines.some((l) => l.key === 'nat.hour'))) {
    notPriced.push('NAT gateway data processed: the load does not declare the traffic that leaves through NAT');
  }
  const fixedCents = blocks.reduce((n, b) => n + b.fixedCents, 0);
  const loadCents = blocks.reduce((n, b) => n + b.loadCents, 0);
  const missing = [...new Set(blocks.flatMap((b) => b.lines.filter((l) => !l.priced).map((l) => l.noPrice!)))];
  const assumed: AssumedInput[] = given === undefined ? [{
    prop: 'load.averageToPeakRatio',
    value: String(ratio),
    reason: 'not given: the load-driven lines take the declared peak all month, an upper bound',
  }] : [];
  return {
    currency: 'USD',
    hoursPerMonth: HOURS_PER_MONTH,
    averageToPeakRatio: ratio,
    pricedFrom: system.blocks[0]?.backend ?? 'none',
    blocks,
    fixedCents,
    loadCents,
    totalCents: fixedCents + loadCents,
    fixedUsd: centsText(fixedCents),
    loadUsd: centsText(loadCents),
    totalUsd: centsText(fixedCents + loadCents),
    partial: missing.length > 0,
    missing,
    notPriced: [...new Set(notPriced)],
    assumed,
  };
}

/**
 * The report with the cost of the first read-back; when another backend's output costs
 * differently, a note says by how much (the sizing already flags the topology that differs).
 */
export function withCost(report: SizingReport, systems: DeployedSystem[], options: CostOptions = {}): SizingReport {
  if (systems.length === 0) return report;
  const [first, ...others] = systems.map((s) => estimateCost(s, options));
  const notes = [...report.notes];
  for (const o of others) {
    if (o.totalCents !== first.totalCents || o.partial !== first.partial) {
      notes.push(`cost: the ${o.pricedFrom} output costs ${o.totalUsd} USD a month${o.partial ? ' (partial)' : ''}, `
        + `the ${first.pricedFrom} output ${first.totalUsd}${first.partial ? ' (partial)' : ''}: the report prices the ${first.pricedFrom} output`);
    }
  }
  return { ...report, notes, cost: first };
}
