import { BlockKind } from '../blocks/common';
import { DeployedBlock, DeployedDatabase, DeployedFleet, DeployedQueueLink, DeployedSystem, DeployedWorkQueue } from '../readback/types';
import { SizingReport, SizingRow, SystemChainPlan, Verdict, worstVerdict } from '../sizing/report';
import { fmt } from '../validation';

/*
 * A Mermaid flowchart of what will deploy: one subgraph per block with its hardware and counts as
 * the read-back found them, each node coloured by the worst verdict of the rows that size it, and,
 * for a system spec, the chain's edges labelled with the requests/s that flow along them.
 */

/** What the diagram is drawn from. */
export interface DiagramInput {
  /** The system's (or app's) name: the diagram's title. */
  readonly name: string;
  /** What will deploy, read back from one backend's synthesized output. */
  readonly system: DeployedSystem;
  /** The report of the check: each node takes the worst verdict of its rows. */
  readonly report: SizingReport;
  /** A system spec's chain: the load along each edge. Absent for a user's app (no edges between blocks). */
  readonly chain?: SystemChainPlan;
}

/** Blocks left to right as a request meets them. */
const CHAIN_ORDER: BlockKind[] = [
  BlockKind.GLOBAL_CDN, BlockKind.MICROSERVICE_GATEWAY, BlockKind.LOAD_BALANCED_API, BlockKind.TIERED_CACHE,
  BlockKind.REPLICATED_DATABASE, BlockKind.SHARDED_DATABASE, BlockKind.WORK_QUEUE,
];

/** Fill and stroke of each verdict (readable on screen and in print). */
const VERDICT_STYLE: { [v in Verdict]: string } = {
  [Verdict.PASS]: 'fill:#e6f4ea,stroke:#1e8e3e,color:#0d3818',
  [Verdict.WARN]: 'fill:#fef7e0,stroke:#b06000,color:#3d2a00',
  [Verdict.FAIL]: 'fill:#fce8e6,stroke:#c5221f,color:#4a0e0c,stroke-width:2px',
};

/** A node of the diagram. */
interface DiagramNode {
  readonly id: string;
  readonly label: string[];
  /** `rect`, `stadium` (clients), `cylinder` (data), `queue` (a queue: a subroutine shape). */
  readonly shape: 'rect' | 'stadium' | 'cylinder' | 'queue';
  readonly verdict?: Verdict;
}

/** A block drawn as a subgraph. */
interface DiagramGroup {
  readonly id: string;
  readonly title: string;
  readonly nodes: DiagramNode[];
  /** Nested groups (an AZ, a Region of shards). */
  readonly groups: DiagramGroup[];
  readonly edges: DiagramEdge[];
}

interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  /** A dotted edge (replication, a job that comes back as a webhook). */
  readonly dotted?: boolean;
}

/**
 * The Mermaid flowchart (`flowchart LR`) of what will deploy. Top-level blocks only (shards and a
 * gateway service's database appear inside their block).
 */
export function systemDiagram(input: DiagramInput): string {
  const top = input.system.blocks.filter((b) => b.parent === undefined)
    .sort((a, b) => CHAIN_ORDER.indexOf(a.kind) - CHAIN_ORDER.indexOf(b.kind) || a.planPath.localeCompare(b.planPath));
  const ids = new IdMaker();
  const groups: DiagramGroup[] = [];
  const entries = new Map<DeployedBlock, Ports>();
  const links: FleetLinks[] = [];
  for (const b of top) {
    // A gateway's services and their databases are sized as plans of their own, under the gateway's path.
    const rows = input.report.rows.filter((r) => r.block === b.planPath
      || (b.kind === BlockKind.MICROSERVICE_GATEWAY && r.block.startsWith(`${b.planPath}/`)));
    const drawn = drawBlock(b, rows, ids);
    groups.push(drawn.group);
    entries.set(b, drawn.ports);
    links.push(...drawn.links);
  }
  const edges: DiagramEdge[] = [];
  const clients = 'clients';
  if (input.chain) edges.push(...chainEdges(top, entries, input.chain, clients));
  edges.push(...linkEdges(top, entries, links, edges));
  const lines = ['---', `title: ${escapeTitle(input.name)} ${input.report.verdict}`, '---', 'flowchart LR'];
  if (input.chain) lines.push(`  ${clients}(["${escape('Clients')}"])`);
  for (const g of groups) lines.push(...renderGroup(g, '  '));
  for (const e of edges) lines.push(`  ${renderEdge(e)}`);
  for (const v of Object.values(Verdict)) lines.push(`  classDef ${v} ${VERDICT_STYLE[v]}`);
  const byVerdict = new Map<Verdict, string[]>();
  const collect = (g: DiagramGroup): void => {
    for (const n of g.nodes) if (n.verdict) byVerdict.set(n.verdict, [...(byVerdict.get(n.verdict) ?? []), n.id]);
    g.groups.forEach(collect);
  };
  groups.forEach(collect);
  for (const [v, nodeIds] of byVerdict) lines.push(`  class ${nodeIds.join(',')} ${v}`);
  return `${lines.join('\n')}\n`;
}

/** Mermaid-safe ids: letters, digits and underscores, unique. */
class IdMaker {
  private readonly used = new Set<string>();
  public make(hint: string): string {
    const base = hint.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'n';
    let id = /^[A-Za-z]/.test(base) ? base : `n_${base}`;
    for (let i = 2; this.used.has(id); i++) id = `${base}_${i}`;
    this.used.add(id);
    return id;
  }
}

/** A label without what Mermaid would read as syntax: quotes become `#quot;`, angle brackets entities. */
function escape(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

function escapeTitle(text: string): string {
  return text.replace(/[\r\n:]+/g, ' ');
}

function renderNode(n: DiagramNode): string {
  const label = `"${n.label.map(escape).join('<br/>')}"`;
  switch (n.shape) {
    case 'stadium': return `${n.id}([${label}])`;
    case 'cylinder': return `${n.id}[(${label})]`;
    case 'queue': return `${n.id}[[${label}]]`;
    default: return `${n.id}[${label}]`;
  }
}

function renderEdge(e: DiagramEdge): string {
  const arrow = e.dotted ? '-.->' : '-->';
  return e.label ? `${e.from} ${arrow}|"${escape(e.label)}"| ${e.to}` : `${e.from} ${arrow} ${e.to}`;
}

function renderGroup(g: DiagramGroup, indent: string): string[] {
  const out = [`${indent}subgraph ${g.id}["${escape(g.title)}"]`];
  for (const n of g.nodes) out.push(`${indent}  ${renderNode(n)}`);
  for (const sub of g.groups) out.push(...renderGroup(sub, `${indent}  `));
  for (const e of g.edges) out.push(`${indent}  ${renderEdge(e)}`);
  out.push(`${indent}end`);
  return out;
}

/** The worst verdict of the rows whose resource matches (all rows when no pattern is given). */
function verdictOf(rows: SizingRow[], resource?: RegExp): Verdict | undefined {
  const matching = resource ? rows.filter((r) => resource.test(r.resource)) : rows;
  return matching.length === 0 ? undefined : worstVerdict(matching.map((r) => r.verdict));
}

function range(min: number | undefined, max: number | undefined): string {
  if (min === undefined && max === undefined) return '?';
  if (min === max || max === undefined) return fmt(min!);
  return `${fmt(min ?? 0)}-${fmt(max)}`;
}

function fleetLines(f: DeployedFleet | undefined, unit: string): string[] {
  if (!f) return ['no ECS service found'];
  const size = f.taskCpu !== undefined ? `${fmt(f.taskCpu / 1024)} vCPU / ${fmt((f.taskMemoryMiB ?? 0) / 1024)} GiB` : 'task size unknown';
  const where = f.instanceTypes.length > 0 ? `EC2 ${[...new Set(f.instanceTypes)].join(', ')}` : f.launchType === 'CAPACITY_PROVIDER' ? 'capacity provider' : 'Fargate';
  const target = f.targetCpuUtilizationPercent !== undefined ? `, CPU target ${fmt(f.targetCpuUtilizationPercent)} %` : '';
  return [`${range(f.minTasks, f.maxTasks)} ${unit} of ${size}`, `${where} over ${azText(f.subnetAzs)}${target}`];
}

/** The AZs of a list of subnets as read: `3 AZs`, or what could not be read (a subnet given by id, say). */
function azText(subnetAzs: string[]): string {
  const known = new Set(subnetAzs.filter((a) => !a.startsWith('unknown:'))).size;
  const unknown = subnetAzs.filter((a) => a.startsWith('unknown:')).length;
  const azs = (n: number): string => `${n} AZ${n === 1 ? '' : 's'}`;
  if (unknown === 0) return azs(known);
  const subnets = `${unknown} subnet${unknown === 1 ? '' : 's'} of unknown AZ`;
  return known === 0 ? subnets : `${azs(known)} + ${subnets}`;
}

/** The AZ name to show: a literal AZ, `AZ <i+1>` for an index, `AZ ?` when unknown. */
function azName(az: string | undefined): string {
  if (az === undefined || az.startsWith('unknown:')) return 'AZ ?';
  const m = /^az-index:(\d+)$/.exec(az);
  return m ? `AZ ${Number(m[1]) + 1}` : az;
}

/** A database's writer and readers, grouped by AZ. */
interface DatabaseDrawing {
  readonly groups: DiagramGroup[];
  readonly writer?: string;
  readonly edges: DiagramEdge[];
}

function databaseGroups(d: DeployedDatabase | undefined, rows: SizingRow[], ids: IdMaker, prefix: string): DatabaseDrawing {
  if (!d) return { groups: [], edges: [] };
  const engine = `${d.engine ?? 'database'}${d.engineVersion ? ` ${d.engineVersion}` : ''}`;
  const byAz = new Map<string, DiagramNode[]>();
  const add = (az: string | undefined, node: DiagramNode): void => {
    const key = azName(az);
    byAz.set(key, [...(byAz.get(key) ?? []), node]);
  };
  const writerId = ids.make(`${prefix}_writer`);
  if (d.writer) {
    add(d.writer.az, {
      id: writerId,
      shape: 'cylinder',
      label: ['writer', `${d.writer.instanceClass ?? d.instanceClass ?? '?'}`, `${engine}${d.multiAz ? ', Multi-AZ standby' : ''}`],
      verdict: verdictOf(rows, /writer|connections|storage/),
    });
  }
  const edges: DiagramEdge[] = [];
  const readerVerdict = verdictOf(rows, /reader|replica/);
  for (const [i, r] of d.readers.entries()) {
    const id = ids.make(`${prefix}_reader_${i + 1}`);
    add(r.az, { id, shape: 'cylinder', label: [`reader ${i + 1}`, r.instanceClass ?? d.instanceClass ?? '?'], verdict: readerVerdict });
    if (d.writer) edges.push({ from: writerId, to: id, dotted: true });
  }
  const scaling = d.readerAutoScaling ? ` (auto scaling ${d.readerAutoScaling.minReaders}-${d.readerAutoScaling.maxReaders} readers)` : '';
  const groups = [...byAz.entries()].sort(([a], [b]) => a.localeCompare(b))
    .map(([az, nodes]) => ({ id: ids.make(`${prefix}_${az}`), title: `${az}${scaling && nodes.some((n) => n.label[0].startsWith('reader')) ? scaling : ''}`, nodes, groups: [], edges: [] }));
  return { groups, writer: d.writer ? writerId : undefined, edges };
}

type Ports = { in: string; out?: string; reads?: string; writes?: string; jobs?: string; jobTable?: string };

/** A fleet node and the WorkQueues its task role may use (read from its IAM policies). */
interface FleetLinks {
  readonly node: string;
  readonly queues: DeployedQueueLink[];
}

/** Jobs/s as a label, from a WorkQueue's declared load. */
function jobsOf(b: DeployedBlock): string | undefined {
  const jobs = b.load.jobsPerSecond;
  return typeof jobs === 'number' ? rps(jobs, 'jobs/s') : undefined;
}

/** The job table, the completion topic and its subscribers (the webhook), and the payload bucket of a WorkQueue. */
interface WorkQueueParts {
  readonly nodes: DiagramNode[];
  readonly edges: DiagramEdge[];
  readonly jobTable?: string;
}

function workQueueParts(b: DeployedBlock, w: DeployedWorkQueue | undefined, p: string, workers: string, ids: IdMaker): WorkQueueParts {
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const jobs = jobsOf(b);
  const flow = jobs ? { label: jobs } : {};
  let jobTable: string | undefined;
  if (w?.jobTable) {
    const t = w.jobTable;
    jobTable = ids.make(`${p}_jobs`);
    const billing = t.billingMode === 'PAY_PER_REQUEST' ? 'on demand (PAY_PER_REQUEST)'
      : `${t.billingMode}${t.readCapacityUnits !== undefined || t.writeCapacityUnits !== undefined
        ? ` ${t.readCapacityUnits ?? '?'} RCU / ${t.writeCapacityUnits ?? '?'} WCU` : ''}`;
    nodes.push({ id: jobTable, shape: 'cylinder', label: ['DynamoDB job table', billing, ...(t.ttlAttribute ? [`TTL on ${t.ttlAttribute}`] : [])] });
    edges.push({ from: workers, to: jobTable, ...flow });
  }
  if (w?.completion) {
    const c = w.completion;
    const topic = ids.make(`${p}_topic`);
    nodes.push({ id: topic, shape: 'queue', label: ['SNS completion topic', `${c.subscriptions.length} subscription(s)`] });
    edges.push({ from: workers, to: topic, ...flow });
    c.subscriptions.forEach((sub, i) => {
      const id = ids.make(`${p}_webhook${c.subscriptions.length > 1 ? `_${i + 1}` : ''}`);
      const protocol = sub.protocol ?? '?';
      const web = /^https?$/i.test(protocol);
      nodes.push({
        id,
        shape: 'stadium',
        label: [web ? `webhook ${protocol.toUpperCase()}` : `${protocol} subscriber`, ...(sub.endpointHost ? [sub.endpointHost] : []),
          ...(sub.deadLetterQueue ? ['undelivered: dead-letter queue'] : [])],
      });
      edges.push({ from: topic, to: id, dotted: true, ...flow });
    });
  }
  if (w?.payloadBucket) {
    const bucket = ids.make(`${p}_payloads`);
    const d = w.bucket;
    const details = d ? [...(d.expirationDays !== undefined ? [`objects expire after ${fmt(d.expirationDays)} days`] : []), ...(d.versioned ? ['versioned'] : [])] : [];
    nodes.push({ id: bucket, shape: 'cylinder', label: ['S3 payload bucket', ...details] });
    edges.push({ from: workers, to: bucket, ...flow });
  }
  return { nodes, edges, jobTable };
}

function drawBlock(b: DeployedBlock, rows: SizingRow[], ids: IdMaker): { group: DiagramGroup; ports: Ports; links: FleetLinks[] } {
  const drawn = drawBlockNodes(b, rows, ids);
  return { group: drawn.group, ports: drawn.ports, links: drawn.links ?? [] };
}

function drawBlockNodes(b: DeployedBlock, rows: SizingRow[], ids: IdMaker): { group: DiagramGroup; ports: Ports; links?: FleetLinks[] } {
  const p = ids.make(b.planPath);
  const title = `${b.kind} ${b.planPath}`;
  const group = (nodes: DiagramNode[], groups: DiagramGroup[] = [], edges: DiagramEdge[] = []): DiagramGroup => ({ id: ids.make(`${p}_block`), title, nodes, groups, edges });
  switch (b.kind) {
    case BlockKind.GLOBAL_CDN: {
      const c = b.cdn;
      const id = ids.make(`${p}_distribution`);
      const label = ['CloudFront distribution', c ? `${c.origins.length} origin(s), ${c.behaviors.length + 1} behaviour(s)` : 'no distribution found'];
      if (c?.priceClass) label.push(c.priceClass);
      return { group: group([{ id, shape: 'rect', label, verdict: verdictOf(rows) }]), ports: { in: id, out: id } };
    }
    case BlockKind.LOAD_BALANCED_API: {
      const lb = ids.make(`${p}_lb`);
      const tasks = ids.make(`${p}_tasks`);
      const lbType = b.api?.loadBalancerType === 'network' ? 'Network Load Balancer' : 'Application Load Balancer';
      return {
        group: group([
          { id: lb, shape: 'rect', label: [lbType], verdict: verdictOf(rows, /target|load balancer|listener/) },
          { id: tasks, shape: 'rect', label: ['API tasks', ...fleetLines(b.api?.fleet, 'tasks')], verdict: verdictOf(rows, /tasks|auto scaling|latency/) },
        ], [], [{ from: lb, to: tasks }]),
        ports: { in: lb, out: tasks },
        links: b.api?.queues ? [{ node: tasks, queues: b.api.queues }] : [],
      };
    }
    case BlockKind.TIERED_CACHE: {
      const c = b.cache;
      const id = ids.make(`${p}_cache`);
      const label = c
        ? [`${c.engine ?? 'cache'} ${c.nodeType ?? '?'}`, `${c.shards ?? '?'} shard(s) x ${1 + (c.replicasPerShard ?? 0)} node(s)`,
          `${c.clusterMode ? 'cluster mode' : 'one shard'}${c.multiAz ? ', Multi-AZ' : ''} over ${c.subnetGroupAzs.length > 0 ? azText(c.subnetGroupAzs) : '? AZs'}`]
        : ['no cache found'];
      return { group: group([{ id, shape: 'cylinder', label, verdict: verdictOf(rows) }]), ports: { in: id, reads: id } };
    }
    case BlockKind.REPLICATED_DATABASE: {
      const db = databaseGroups(b.database, rows, ids, p);
      const g = group([], db.groups, db.edges);
      // Reads spread over the readers (an edge to the block), writes go to the writer.
      return { group: g, ports: { in: g.id, writes: db.writer ?? g.id } };
    }
    case BlockKind.SHARDED_DATABASE: {
      const shards = b.shardedDatabase?.shards ?? [];
      const byRegion = new Map<string, DiagramGroup[]>();
      const entries: string[] = [];
      for (const s of shards) {
        const sid = ids.make(`${p}_${s.id}`);
        const db = databaseGroups(s.database, rows.filter((r) => r.resource.includes(s.id) || !/shard/.test(r.resource)), ids, sid);
        if (db.writer) entries.push(db.writer);
        const region = s.region ?? b.region ?? 'this Region';
        byRegion.set(region, [...(byRegion.get(region) ?? []), { id: ids.make(`${sid}_shard`), title: `shard ${s.id}`, nodes: [], groups: db.groups, edges: db.edges }]);
      }
      const router = ids.make(`${p}_router`);
      const groups = [...byRegion.entries()].map(([region, gs]) => ({ id: ids.make(`${p}_${region}`), title: region, nodes: [], groups: gs, edges: [] }));
      return {
        group: group([{ id: router, shape: 'rect', label: ['shard map', `${shards.length} shard(s)`], verdict: verdictOf(rows) }], groups,
          entries.map((e) => ({ from: router, to: e }))),
        ports: { in: router, writes: router },
      };
    }
    case BlockKind.WORK_QUEUE: {
      const w = b.workQueue;
      const queue = ids.make(`${p}_queue`);
      const workers = ids.make(`${p}_workers`);
      const dlq = w?.deadLetterQueue ? ids.make(`${p}_dlq`) : undefined;
      const workerLines = w?.lambda
        ? [`Lambda ${w.lambda.memoryMB ?? '?'} MB`, `${range(w.minWorkers, w.maxWorkers)} concurrent`]
        : fleetLines(w?.fleet, 'workers');
      const nodes: DiagramNode[] = [
        { id: queue, shape: 'queue', label: [`SQS ${w?.queue?.fifo ? 'FIFO ' : ''}queue`], verdict: verdictOf(rows, /queue|message|visibility|dead-letter|FIFO/i) },
        { id: workers, shape: 'rect', label: ['workers', ...workerLines], verdict: verdictOf(rows, /worker|Lambda|function|drain|backlog/i) },
      ];
      const jobs = jobsOf(b);
      const edges: DiagramEdge[] = [{ from: queue, to: workers, ...(jobs ? { label: jobs } : {}) }];
      if (dlq) {
        nodes.push({ id: dlq, shape: 'queue', label: ['dead-letter queue'] });
        edges.push({ from: queue, to: dlq, dotted: true });
      }
      const parts = workQueueParts(b, w, p, workers, ids);
      nodes.push(...parts.nodes);
      edges.push(...parts.edges);
      return { group: group(nodes, [], edges), ports: { in: queue, jobs: queue, ...(parts.jobTable ? { jobTable: parts.jobTable } : {}) } };
    }
    case BlockKind.MICROSERVICE_GATEWAY: {
      const api = ids.make(`${p}_api`);
      const g = b.gateway;
      const nodes: DiagramNode[] = [{
        id: api,
        shape: 'rect',
        label: ['HTTP API', `${g?.routes.length ?? 0} route(s)${g?.defaultThrottle?.rateLimit !== undefined ? `, ${fmt(g.defaultThrottle.rateLimit)} requests/s stage throttle` : ''}`],
        verdict: verdictOf(rows.filter((r) => r.block === b.planPath), /throttle|account|route/i),
      }];
      const groups: DiagramGroup[] = [];
      const edges: DiagramEdge[] = [];
      const links: FleetLinks[] = [];
      const planned = Array.isArray(b.plan?.services) ? b.plan!.services as { name?: unknown; pathPrefix?: unknown }[] : [];
      // In the order the plan declares them (each synthesizer writes its resources in its own order).
      const declared = (name: string): number => {
        const i = (b.declaredServices ?? []).findIndex((x) => x.name === name);
        return i < 0 ? Number.MAX_SAFE_INTEGER : i;
      };
      const services = [...(g?.services ?? [])].sort((x, y) => declared(x.name) - declared(y.name) || x.name.localeCompare(y.name));
      for (const s of services) {
        const sid = ids.make(`${p}_${s.name}`);
        // The service's fleet is sized as `<gateway>/<service>`, its route throttle on the gateway, its database as its own plan.
        const prefix = planned.find((x) => x.name === s.name)?.pathPrefix;
        const dbPath = b.declaredServices?.find((x) => x.name === s.name)?.databasePlanPath;
        const svcRows = rows.filter((r) => r.block === `${b.planPath}/${s.name}`
          || (r.block === b.planPath && (typeof prefix === 'string' ? r.resource === `route throttle ${prefix}` : r.resource.includes(s.name))));
        nodes.push({ id: sid, shape: 'rect', label: [`service ${s.name}`, ...fleetLines(s.fleet, 'tasks')], verdict: verdictOf(svcRows) });
        edges.push({ from: api, to: sid, ...(s.rateLimit !== undefined ? { label: `up to ${fmt(s.rateLimit)} requests/s` } : {}) });
        if (s.database) {
          const dbRows = rows.filter((r) => dbPath !== undefined && r.block === dbPath);
          const db = databaseGroups(s.database, dbRows, ids, `${sid}_db`);
          groups.push({ id: ids.make(`${sid}_dbgroup`), title: `${s.name} database`, nodes: [], groups: db.groups, edges: db.edges });
          if (db.writer) edges.push({ from: sid, to: db.writer });
        }
        if (s.queues) links.push({ node: sid, queues: s.queues });
      }
      return { group: group(nodes, groups, edges), ports: { in: api }, links };
    }
    default:
      return { group: group([{ id: ids.make(`${p}_node`), shape: 'rect', label: [b.kind], verdict: verdictOf(rows) }]), ports: { in: p } };
  }
}

function rps(n: number, unit = 'requests/s'): string {
  return `${fmt(Math.round(n * 100) / 100)} ${unit}`;
}

/** The chain of a system spec: clients -> CDN -> API -> cache -> database, API -> queue. */
function chainEdges(top: DeployedBlock[], ports: Map<DeployedBlock, Ports>, chain: SystemChainPlan, clients: string): DiagramEdge[] {
  const of = (kind: BlockKind): Ports | undefined => {
    const b = top.find((x) => x.kind === kind);
    return b ? ports.get(b) : undefined;
  };
  const cdn = of(BlockKind.GLOBAL_CDN);
  const api = of(BlockKind.LOAD_BALANCED_API);
  const cache = of(BlockKind.TIERED_CACHE);
  const db = of(BlockKind.REPLICATED_DATABASE) ?? of(BlockKind.SHARDED_DATABASE);
  const queue = of(BlockKind.WORK_QUEUE);
  const gateway = of(BlockKind.MICROSERVICE_GATEWAY);
  const edges: DiagramEdge[] = [];
  if (cdn) edges.push({ from: clients, to: cdn.in, label: rps(chain.edgeRequestsPerSecond) });
  if (api) edges.push({ from: cdn?.out ?? clients, to: api.in, label: rps(cdn ? chain.originRequestsPerSecond : chain.edgeRequestsPerSecond) });
  if (api?.out && cache) edges.push({ from: api.out, to: cache.in, label: rps(chain.readsPerSecond, 'reads/s') });
  if (db) {
    if (cache) edges.push({ from: cache.in, to: db.in, label: rps(chain.databaseReadsPerSecond, 'reads/s') });
    else if (api?.out) edges.push({ from: api.out, to: db.in, label: rps(chain.readsPerSecond, 'reads/s') });
    if (api?.out && db.writes) edges.push({ from: api.out, to: db.writes, label: rps(chain.writesPerSecond, 'writes/s') });
  }
  if (queue && api?.out) edges.push({ from: api.out, to: queue.in, label: rps(chain.jobsPerSecond, 'jobs/s') });
  if (gateway) edges.push({ from: clients, to: gateway.in });
  return edges;
}

/**
 * Edges read from the fleets' IAM policies: a fleet that may send to a WorkQueue's job queue (jobs/s
 * of the queue's declared load), consume from it, or use its job table. An edge the chain already
 * draws is not drawn twice.
 */
function linkEdges(top: DeployedBlock[], ports: Map<DeployedBlock, Ports>, links: FleetLinks[], drawn: DiagramEdge[]): DiagramEdge[] {
  const out: DiagramEdge[] = [];
  const has = (from: string, to: string): boolean => [...drawn, ...out].some((e) => e.from === from && e.to === to);
  for (const l of links) {
    for (const q of l.queues) {
      const block = top.find((b) => b.path === q.block);
      const port = block ? ports.get(block) : undefined;
      if (!block || !port?.jobs) continue;
      const jobs = jobsOf(block);
      const flow = jobs ? { label: jobs } : {};
      if (q.sends && !has(l.node, port.jobs)) out.push({ from: l.node, to: port.jobs, ...flow });
      if (q.consumes && !has(port.jobs, l.node)) out.push({ from: port.jobs, to: l.node, ...flow });
      if (!q.sends && !q.consumes && !q.jobTable && !has(l.node, port.jobs)) out.push({ from: l.node, to: port.jobs, dotted: true });
      if (q.jobTable && port.jobTable && !has(l.node, port.jobTable)) out.push({ from: l.node, to: port.jobTable, ...flow });
    }
  }
  return out;
}
