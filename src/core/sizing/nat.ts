import { capacityRow, fmtPercent, smallestPassing, utilizationOf, verdictFor } from './capacity';
import { AssumedInput, Scenario, SizingPolicy, SizingRow, SystemChainPlan, Verdict } from './report';
import { Assumptions } from '../assumptions';
import { MAX_AZS } from '../blocks/common';
import * as catalog from '../catalog';
import { fmt, Rules } from '../validation';

/*
 * The NAT gateways of a network the system creates (one per AZ, each AZ's private subnets routed to
 * their own AZ's NAT gateway), sized against the traffic the load declares leaves through them: the
 * API tasks' and the Fargate workers' calls to the internet (third-party APIs). Lambda workers run
 * outside the VPC, and the work queue's webhook is delivered by SNS, not by the workers: neither
 * passes a NAT gateway.
 */

/** What one outbound call moves, and how its connections hold NAT gateway ports. */
export interface EgressTrafficOptions {
  /**
   * KiB one call sends (request line, headers and body): 0..1,048,576.
   *
   * @default 1 (assumed: a small JSON request)
   */
  readonly requestKiB?: number;
  /**
   * KiB one call receives (status, headers and body): 0..1,048,576.
   *
   * @default 4 (assumed: a small JSON answer)
   */
  readonly responseKiB?: number;
  /**
   * Distinct destinations the calls are spread over evenly, each a destination IP address, port and
   * protocol (a host name that resolves to 4 addresses is 4): 1..1,000,000.
   *
   * @default 1 (assumed: every call to one destination, the worst case)
   */
  readonly destinations?: number;
  /**
   * Calls one connection carries before it closes (keep-alive or a pool): 1..1,000,000,000.
   *
   * @default 1 (assumed: a new connection per call, the worst case)
   */
  readonly callsPerConnection?: number;
  /**
   * Seconds one connection holds its NAT gateway port: its life, and for a short connection the time
   * the port stays allocated after it closes: more than 0, at most 86,400.
   *
   * @default 60 (assumed: AWS says the 55,000 limit also applies at about 900 new connections/s to one destination, 55,000 a minute)
   */
  readonly connectionSeconds?: number;
}

/** The API tasks' calls to the internet, through their AZ's NAT gateway. */
export interface ApiEgressOptions extends EgressTrafficOptions {
  /** Outbound calls one API request makes (at the API, after the CDN): 0..1,000. */
  readonly callsPerRequest: number;
}

/** The Fargate workers' calls to the internet, through their AZ's NAT gateway. */
export interface WorkerEgressOptions extends EgressTrafficOptions {
  /** Outbound calls one job makes: 0..1,000,000. */
  readonly callsPerJob: number;
}

/** The traffic that leaves the system's network through its NAT gateways, by who sends it. */
export interface SystemEgressOptions {
  /**
   * The API tasks' outbound calls.
   *
   * @default - none declared: the API's egress is not sized
   */
  readonly api?: ApiEgressOptions;
  /**
   * The Fargate workers' outbound calls (not with Lambda workers, which run outside the VPC).
   *
   * @default - none declared: the workers' egress is not sized
   */
  readonly workers?: WorkerEgressOptions;
}

/** One declared flow of outbound calls, every default made explicit. */
export interface EgressFlowPlan {
  /** Calls per API request (flow `api`) or per job (flow `workers`). */
  readonly callsPerUnit: number;
  readonly requestKiB: number;
  readonly responseKiB: number;
  readonly destinations: number;
  readonly callsPerConnection: number;
  readonly connectionSeconds: number;
}

/** The declared egress of a system, resolved. */
export interface SystemEgressPlan {
  /**
   * The API tasks' calls.
   *
   * @default - none declared
   */
  readonly api?: EgressFlowPlan;
  /**
   * The Fargate workers' calls.
   *
   * @default - none declared
   */
  readonly workers?: EgressFlowPlan;
}

const FLOWS = ['api', 'workers'] as const;
type Flow = typeof FLOWS[number];

/** The unit a flow's calls are counted per, and its spec prop. */
const UNIT: { [f in Flow]: { prop: 'callsPerRequest' | 'callsPerJob'; per: string; max: number } } = {
  api: { prop: 'callsPerRequest', per: 'API request', max: 1_000 },
  workers: { prop: 'callsPerJob', per: 'job', max: 1_000_000 },
};

/** Default KiB a call sends: a small JSON request. */
export const DEFAULT_EGRESS_REQUEST_KIB = 1;
/** Default KiB a call receives: a small JSON answer. */
export const DEFAULT_EGRESS_RESPONSE_KIB = 4;
/**
 * Default seconds a connection holds its NAT gateway port: AWS's 55,000 connections per destination
 * run out at about 900 new connections/s, "about 55,000 connections per minute" (catalog.QUOTAS.natGateway).
 */
export const DEFAULT_EGRESS_CONNECTION_SECONDS = 60;
/** Most KiB one call may send or receive (1 GiB). */
const MAX_CALL_KIB = 1_048_576;

/** What the system offers a declared egress: whether it has the API, and what kind of workers. */
export interface EgressOwners {
  readonly api: boolean;
  /** `fargate`, `lambda`, or undefined without a queue. */
  readonly workers?: 'fargate' | 'lambda';
}

/**
 * Validates `load.egress` and makes its defaults explicit, each listed in `assumed` with why.
 * A flow for a block the system lacks (or for Lambda workers) is bad input.
 */
export function resolveSystemEgress(rules: Rules, assumed: Assumptions, given: SystemEgressOptions | undefined,
  owners: EgressOwners): SystemEgressPlan | undefined {
  if (given === undefined) return undefined;
  const egress = rules.object('load.egress', given);
  const out: { [f in Flow]?: EgressFlowPlan } = {};
  for (const flow of FLOWS) {
    const p = `load.egress.${flow}`;
    const raw = (egress as { [k: string]: unknown })[flow];
    if (raw === undefined) continue;
    const o = rules.object(p, raw as EgressTrafficOptions & { [k: string]: unknown });
    const owned = flow === 'api' ? owners.api : owners.workers === 'fargate';
    rules.check(p, raw, owned, flow === 'api' ? 'unset: the system has no api'
      : owners.workers === 'lambda' ? 'unset: Lambda workers run outside the VPC, so their calls do not pass the NAT gateways'
        : 'unset: the system has no queue');
    const unit = UNIT[flow];
    const perUnit = o[unit.prop] as number | undefined;
    const okUnit = rules.number(`${p}.${unit.prop}`, perUnit, 0, unit.max, `calls a ${unit.per}`);
    rules.check(`${p}.${unit.prop}`, perUnit, perUnit !== undefined, `given: the outbound calls one ${unit.per} makes (0..${fmt(unit.max)})`);
    const okReq = rules.number(`${p}.requestKiB`, o.requestKiB, 0, MAX_CALL_KIB, 'KiB');
    const okResp = rules.number(`${p}.responseKiB`, o.responseKiB, 0, MAX_CALL_KIB, 'KiB');
    const okDest = rules.integer(`${p}.destinations`, o.destinations, 1, 1_000_000, 'destinations');
    const okReuse = rules.integer(`${p}.callsPerConnection`, o.callsPerConnection, 1, 1e9, 'calls');
    const okHold = rules.positive(`${p}.connectionSeconds`, o.connectionSeconds, 86_400, 's');
    if (!(owned && okUnit && perUnit !== undefined && okReq && okResp && okDest && okReuse && okHold)) continue;
    out[flow] = {
      callsPerUnit: perUnit,
      requestKiB: assumed.take(`${p}.requestKiB`, o.requestKiB, DEFAULT_EGRESS_REQUEST_KIB,
        'KiB one call sends: a small JSON request; declare the measured size'),
      responseKiB: assumed.take(`${p}.responseKiB`, o.responseKiB, DEFAULT_EGRESS_RESPONSE_KIB,
        'KiB one call receives: a small JSON answer; declare the measured size'),
      destinations: assumed.take(`${p}.destinations`, o.destinations, 1,
        'every call to one destination IP address, port and protocol (the worst case for the NAT gateway\'s connections per destination)'),
      callsPerConnection: assumed.take(`${p}.callsPerConnection`, o.callsPerConnection, 1,
        'a new connection per call, no keep-alive (the worst case)'),
      connectionSeconds: assumed.take(`${p}.connectionSeconds`, o.connectionSeconds, DEFAULT_EGRESS_CONNECTION_SECONDS,
        'seconds a connection holds its NAT gateway port: AWS says the 55,000 connections per destination also run out at about 900 new '
          + 'connections/s (55,000 a minute), so a short connection holds its port about 60 s'),
    };
  }
  return out.api || out.workers ? out : {};
}

/** Peak calls/s of a flow, from the chain. */
function callsPerSecond(flow: Flow, f: EgressFlowPlan, chain: SystemChainPlan): number {
  return (flow === 'api' ? chain.originRequestsPerSecond : chain.jobsPerSecond) * f.callsPerUnit;
}

/** Bytes one call moves both ways. */
function bytesPerCall(f: EgressFlowPlan): number {
  return (f.requestKiB + f.responseKiB) * 1024;
}

/** Gbps of a flow at peak, both directions (a NAT gateway processes both). */
export function egressGbps(flow: Flow, f: EgressFlowPlan, chain: SystemChainPlan): number {
  return (callsPerSecond(flow, f, chain) * bytesPerCall(f) * 8) / 1e9;
}

/**
 * Bytes a second the declared egress moves through the NAT gateways at peak, both directions (what
 * NAT gateway data processing bills).
 */
export function egressBytesPerSecond(egress: SystemEgressPlan | undefined, chain: SystemChainPlan): number {
  if (!egress) return 0;
  return FLOWS.reduce((sum, flow) => {
    const f = egress[flow];
    return f ? sum + callsPerSecond(flow, f, chain) * bytesPerCall(f) : sum;
  }, 0);
}

/** Connections one NAT gateway holds to one destination for a flow, with `nats` NAT gateways carrying it. */
function connectionsPerDestination(calls: number, f: EgressFlowPlan, nats: number,
  destinations = f.destinations, reuse = f.callsPerConnection): number {
  return (calls / nats / destinations / reuse) * f.connectionSeconds;
}

/** What the NAT rows are sized from. */
export interface NatSizingInput {
  /** The rows' block: the system's name. */
  readonly block: string;
  readonly blockKind: string;
  /** NAT gateways, one per AZ, that the tasks' private subnets route to. */
  readonly natGateways: number;
  readonly egress: SystemEgressPlan;
  readonly chain: SystemChainPlan;
  readonly policy: SizingPolicy;
  /** Every assumed input of the system: each row lists those of its flows. */
  readonly assumed: AssumedInput[];
}

/**
 * The NAT gateway rows: bandwidth per NAT gateway, and for each flow the connections one NAT
 * gateway holds to one destination, normal and with one AZ lost. Traffic stays in its AZ (each
 * AZ's tasks use their own AZ's NAT gateway), spread evenly over the AZs as the tasks are; with an
 * AZ lost its tasks run again in the others, and so does their traffic.
 */
export function natGatewayRows(i: NatSizingInput): SizingRow[] {
  const flows = FLOWS.filter((f) => i.egress[f] !== undefined);
  if (flows.length === 0 || i.natGateways < 1) return [];
  const q = catalog.QUOTAS.natGateway;
  const n = i.natGateways;
  const { policy } = i;
  const assumedOf = (fs: readonly Flow[]): AssumedInput[] => i.assumed.filter((a) => fs.some((f) => a.prop.startsWith(`load.egress.${f}.`)));
  const scenarios = [
    { scenario: Scenario.NORMAL, nats: n, bound: policy.targetUtilization, what: `${n} NAT gateway(s), one per AZ` },
    ...(n > 1 ? [{ scenario: Scenario.AZ_LOSS, nats: n - 1, bound: policy.maxUtilization, what: `${n - 1} NAT gateway(s) left with one AZ lost` }] : []),
  ];
  const rows: SizingRow[] = [];

  // Bandwidth: every flow's bytes, both ways, over the NAT gateways that carry them.
  const gbps = flows.reduce((s, f) => s + egressGbps(f, i.egress[f]!, i.chain), 0);
  const bandwidthPasses = (nats: number, bound: number): boolean => {
    const per = gbps / nats;
    return verdictFor(utilizationOf(per, q.maxGbps.value), bound, policy.warnMargin) === Verdict.PASS && per <= q.baselineGbps.value;
  };
  const azNeeded = smallestPassing(n,
    (a) => bandwidthPasses(a, policy.targetUtilization) && (a <= 1 || bandwidthPasses(a - 1, policy.maxUtilization)), 1_000);
  const bandwidthFix = azNeeded !== undefined && azNeeded > n && azNeeded <= MAX_AZS
    ? `spread over >= ${azNeeded} AZs (azCount: ${azNeeded}, one NAT gateway each), has ${n}`
    : `the egress needs more NAT gateways than one per AZ in ${MAX_AZS} AZs: send it through VPC endpoints where the destination has one, `
      + 'or give the SystemStack a VPC with more NAT gateways (the created network has one per AZ)';
  for (const s of scenarios) {
    const per = gbps / s.nats;
    const row = capacityRow({
      block: i.block,
      blockKind: i.blockKind,
      resource: 'NAT gateway bandwidth',
      metric: 'Gbps per NAT gateway',
      assumed: assumedOf(flows),
      sources: ['catalog.QUOTAS.natGateway.maxGbps', 'catalog.QUOTAS.natGateway.baselineGbps'],
    }, s.scenario, per, q.maxGbps.value, s.bound, policy.warnMargin,
    (_, u) => `${fmt(round(gbps))} Gbps of declared egress (${flows.map((f) => `${f} ${fmt(round(egressGbps(f, i.egress[f]!, i.chain)))}`).join(', ')}; `
      + `request + response) over ${s.what}: ${fmt(round(per))} Gbps each, ${fmtPercent(u)} of the ${fmt(q.maxGbps.value)} Gbps a NAT gateway scales to`
      + ` (bound ${fmtPercent(s.bound)})`, bandwidthFix);
    if (row.verdict === Verdict.PASS && per > q.baselineGbps.value) {
      rows.push({
        ...row,
        verdict: Verdict.WARN,
        reason: `${row.reason}; above the ${fmt(q.baselineGbps.value)} Gbps a NAT gateway starts at: it relies on the NAT gateway scaling up, which the check cannot see`,
        fix: bandwidthFix,
      });
    } else {
      rows.push(row);
    }
  }

  // Connections per destination, per flow: each flow's calls spread evenly over its own destinations.
  for (const flow of flows) {
    const f = i.egress[flow]!;
    const calls = callsPerSecond(flow, f, i.chain);
    const perAddress = q.connectionsPerDestination.value;
    const allPass = (dest: number, reuse: number, addresses: number): boolean => scenarios.every((s) =>
      verdictFor(utilizationOf(connectionsPerDestination(calls, f, s.nats, dest, reuse), perAddress * addresses), s.bound, policy.warnMargin)
        === Verdict.PASS);
    const p = `load.egress.${flow}`;
    const levers: string[] = [];
    const dest = smallestPassing(f.destinations, (d) => allPass(d, f.callsPerConnection, 1), 1e9);
    if (dest !== undefined) levers.push(`spread the calls over >= ${fmt(dest)} destinations (${p}.destinations: ${fmt(dest)}, has ${fmt(f.destinations)})`);
    const reuse = smallestPassing(f.callsPerConnection, (r) => allPass(f.destinations, r, 1), 1e12);
    if (reuse !== undefined) {
      levers.push(`reuse connections: >= ${fmt(reuse)} calls a connection (${p}.callsPerConnection: ${fmt(reuse)}, has ${fmt(f.callsPerConnection)})`);
    }
    const maxAddresses = q.ipv4AddressesPerNatGatewayMax.value;
    const addresses = smallestPassing(1, (k) => allPass(f.destinations, f.callsPerConnection, k), maxAddresses);
    const addressText = addresses !== undefined
      ? `; ${addresses} IPv4 addresses per NAT gateway would also do, but the network the system creates gives each NAT gateway 1 `
        + 'and cannot carry secondary addresses: give the SystemStack a VPC whose NAT gateways have them'
      : '';
    const fix = `${levers.join(', or ')}${addressText}`;
    for (const s of scenarios) {
      const demand = connectionsPerDestination(calls, f, s.nats);
      rows.push(capacityRow({
        block: i.block,
        blockKind: i.blockKind,
        resource: `NAT gateway connections (${flow})`,
        metric: 'connections per destination',
        assumed: assumedOf([flow]),
        sources: ['catalog.QUOTAS.natGateway.connectionsPerDestination'],
      }, s.scenario, demand, perAddress, s.bound, policy.warnMargin,
      (_, u) => `${fmt(round(calls))} ${flow} calls/s (${fmt(f.callsPerUnit)} a ${UNIT[flow].per}) over ${s.what}, ${fmt(f.destinations)} destination(s), `
        + `${fmt(f.callsPerConnection)} call(s) a connection held ${fmt(f.connectionSeconds)} s: ${fmt(round(demand))} simultaneous connections `
        + `to one destination, ${fmtPercent(u)} of the ${fmt(perAddress)} one NAT gateway address holds (bound ${fmtPercent(s.bound)})`, fix));
    }
  }
  return rows;
}


function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** What the report says of the NAT gateways when no row sizes them. */
export function natNotes(egress: SystemEgressPlan | undefined, hasPrivateEgress: boolean, natGateways: number): string[] {
  if (!hasPrivateEgress || natGateways < 1) return [];
  const notes: string[] = [];
  if (!egress || (!egress.api && !egress.workers)) {
    notes.push(`not sized: the ${natGateways} NAT gateway(s) (bandwidth, connections per destination): no egress declared `
      + '(load.egress.api, load.egress.workers): the calls the API tasks and Fargate workers make to the internet pass them');
  } else {
    notes.push('not sized: NAT gateway packets/s (1 million a NAT gateway, scaling up): the packets of a call depend on segment sizes the load does not declare');
  }
  return notes;
}
