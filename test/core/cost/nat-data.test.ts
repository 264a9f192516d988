import { SystemStack } from '../../../src/cdk/system-stack';
import { SystemStack as TfSystemStack } from '../../../src/cdktf/system-stack';
import { PRICE_ROWS } from '../../../src/core/catalog';
import { estimateCost, NAT_BYTES_PER_GB, SECONDS_PER_MONTH, usdToNano } from '../../../src/core/cost';
import {
  Backend, deployedReport, DeployedSizing, DeployedSystem, readCloudAssembly, readTerraformOutput, sizeDeployedSystem,
} from '../../../src/core/readback';
import { Scenario, SizingRow } from '../../../src/core/sizing/report';
import { planSystem, SystemSpec } from '../../../src/core/system';
import { natGatewaysOf, systemEgressBytesPerSecond, withSystemNatSizing } from '../../../src/core/system-nat';
import { cdkApp, synthCdk, synthTf, tfApp } from '../readback/synth';

/** Three NAT gateways outside every block, in `region`, as a SystemStack's network reads back. */
function natSystem(region: string, nats = 3): DeployedSystem {
  return {
    blocks: [],
    unrecognised: Array.from({ length: nats }, (_, i) => ({
      backend: Backend.CLOUDFORMATION, template: 'Main', resource: `Nat${i + 1}`, type: 'AWS::EC2::NatGateway', region,
    })),
    notes: [],
  };
}

function usd(key: string, region: string): string {
  const row = PRICE_ROWS.find((r) => r.key === key && r.region === region);
  if (!row) throw new Error(`no row ${key} ${region}`);
  return row.usd;
}

const spec = (egress?: object): SystemSpec => ({
  name: 'shop',
  load: { peakRequestsPerSecond: 1000, averageToPeakRatio: 0.25, ...(egress ? { egress } : {}) },
  api: { allowPlainHttp: true, scaling: { fixedTasks: 6 }, load: { requestsPerSecondPerTask: 1000 } },
});

describe('NAT data processed', () => {
  test('GIVEN declared egress WHEN priced in eu-west-1 THEN GB = bytes/s x ratio x month / 10^9 at the catalog\'s price', () => {
    // GIVEN 1,000 requests/s x 2 calls x (1 + 9 KiB) = 20,480,000 bytes/s at peak
    const plan = planSystem(spec({ api: { callsPerRequest: 2, requestKiB: 1, responseKiB: 9, destinations: 10 } }));
    const bytes = systemEgressBytesPerSecond(plan)!;
    expect(bytes).toBe(1000 * 2 * 10 * 1024);
    const cost = estimateCost(natSystem('eu-west-1'), { averageToPeakRatio: 0.25, natEgressBytesPerSecond: bytes });
    const line = cost.blocks[0].lines.find((l) => l.key === 'nat.gb')!;
    const gb = (bytes * 0.25 * SECONDS_PER_MONTH) / NAT_BYTES_PER_GB;
    expect(line.quantityPerMonth).toBeCloseTo(gb, 9);
    expect(line.priced).toBe(true);
    expect(line.usdPerUnit).toBe(usd('nat.gb', 'eu-west-1'));
    // cents by hand: GB x price (nano-USD) / 10^7, half up
    expect(line.monthlyCents).toBe(Math.round((gb * Number(usdToNano(usd('nat.gb', 'eu-west-1')))) / 1e7));
    expect(line.what).toContain('declared load.egress');
    // AND the "not priced" note is gone
    expect(cost.notPriced.some((n) => n.startsWith('NAT gateway data processed'))).toBe(false);
  });

  test('GIVEN no declared egress WHEN priced THEN no data line, and the note says why', () => {
    expect(systemEgressBytesPerSecond(planSystem(spec()))).toBeUndefined();
    const cost = estimateCost(natSystem('eu-west-1'));
    expect(cost.blocks[0].lines.map((l) => l.key)).toEqual(['nat.hour']);
    expect(cost.notPriced).toContain('NAT gateway data processed: the load does not declare the traffic that leaves through NAT');
  });

  test('GIVEN egress but no NAT gateway deployed WHEN priced THEN no data line', () => {
    const cost = estimateCost({ blocks: [], unrecognised: [], notes: [] }, { natEgressBytesPerSecond: 1e6 });
    expect(cost.blocks.flatMap((b) => b.lines).some((l) => l.key === 'nat.gb')).toBe(false);
  });
});

describe('NAT rows of a read-back', () => {
  const empty: DeployedSizing = { rows: [], notes: [], differences: [], rowsAt: () => [] };

  test('GIVEN 2 NAT gateways read back WHEN sized THEN the rows use 2 (one AZ lost leaves 1), and headroom scales them', () => {
    const plan = planSystem(spec({ api: { callsPerRequest: 1, destinations: 1 } }));
    const system = natSystem('us-east-1', 2);
    expect(natGatewaysOf(system)).toBe(2);
    const sized = withSystemNatSizing(empty, plan, system);
    const row = (rows: SizingRow[], s: Scenario): SizingRow => rows.find((r) => r.resource === 'NAT gateway connections (api)' && r.scenario === s)!;
    // 1,000 calls/s over 2 NAT gateways x 60 s = 30,000; 60,000 on the one left
    expect(row(sized.rows, Scenario.NORMAL).demand).toBeCloseTo(30_000, 9);
    expect(row(sized.rows, Scenario.AZ_LOSS).demand).toBeCloseTo(60_000, 9);
    expect(row(sized.rowsAt!(2), Scenario.NORMAL).demand).toBeCloseTo(60_000, 9);
  });

  test('GIVEN no NAT gateway read back (a VPC given) WHEN sized THEN no row and no note', () => {
    const plan = planSystem(spec({ api: { callsPerRequest: 1 } }));
    expect(withSystemNatSizing(empty, plan, { blocks: [], unrecognised: [], notes: [] })).toBe(empty);
  });
});

describe('NAT gateways of a synthesized SystemStack', () => {
  // 2 AZs: one NAT gateway each; 300 requests/s x 1 call to one destination, the assumed 60 s a connection
  const given = spec({ api: { callsPerRequest: 1 } });
  const synthesized: SystemSpec = { ...given, azCount: 2, load: { ...given.load, peakRequestsPerSecond: 300 } };
  let cfn: DeployedSystem;
  let tf: DeployedSystem;
  beforeAll(() => {
    const app = cdkApp();
    new SystemStack(app, 'System', { spec: synthesized });
    cfn = readCloudAssembly(synthCdk(app));
    const tapp = tfApp();
    new TfSystemStack(tapp, 'system', { spec: synthesized });
    tf = readTerraformOutput(synthTf(tapp));
  }, 240_000);

  test('GIVEN both outputs WHEN sized THEN each reads back 2 NAT gateways and the two agree on every NAT row', () => {
    const plan = planSystem(synthesized);
    expect(natGatewaysOf(cfn)).toBe(2);
    expect(natGatewaysOf(tf)).toBe(2);
    const report = deployedReport([cfn, tf].map((s) => withSystemNatSizing(sizeDeployedSystem(s, { region: plan.region }, plan.name), plan, s)),
      { name: plan.name });
    const nat = report.rows.filter((r) => r.resource.startsWith('NAT gateway'));
    // bandwidth and connections, normal and AZ lost; no disagreement row between the backends
    expect(nat.map((r) => `${r.resource} ${r.scenario}`).sort()).toEqual([
      'NAT gateway bandwidth AZ_LOSS', 'NAT gateway bandwidth NORMAL', 'NAT gateway connections (api) AZ_LOSS', 'NAT gateway connections (api) NORMAL',
    ]);
    // 300 / 2 x 60 = 9,000 connections to the one destination; 18,000 with an AZ lost
    expect(nat.find((r) => r.resource === 'NAT gateway connections (api)' && r.scenario === Scenario.NORMAL)!.demand).toBeCloseTo(9000, 9);
    expect(nat.find((r) => r.resource === 'NAT gateway connections (api)' && r.scenario === Scenario.AZ_LOSS)!.demand).toBeCloseTo(18_000, 9);
  });
});
