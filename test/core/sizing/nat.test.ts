import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { check, CliIo, EXIT } from '../../../src/cli/main';
import { WorkerKind } from '../../../src/core/blocks/work-queue';
import * as catalog from '../../../src/core/catalog';
import { ApiEgressOptions, SystemEgressOptions } from '../../../src/core/sizing/nat';
import { Scenario, SizingRow, Verdict } from '../../../src/core/sizing/report';
import { planSystem, sizeSystem, sizeSystemRows, SystemSpec } from '../../../src/core/system';
import { issuesOf } from '../blocks/helpers';

/** An API of 12 fixed tasks over 3 AZs taking 4,000 requests/s (no CDN), and a queue of Fargate workers at 10 jobs/s. */
function system(egress?: SystemEgressOptions, azCount = 3): SystemSpec {
  return {
    name: 'shop',
    azCount,
    load: { peakRequestsPerSecond: 4000, jobsPerSecond: 10, ...(egress ? { egress } : {}) },
    api: { allowPlainHttp: true, scaling: { fixedTasks: 12 }, load: { requestsPerSecondPerTask: 1000 } },
    queue: { workers: { minWorkers: 2, maxWorkers: 10 }, load: { secondsPerJob: 1 } },
  };
}

function natRows(spec: SystemSpec): SizingRow[] {
  return sizeSystemRows(planSystem(spec)).rows.filter((r) => r.resource.startsWith('NAT gateway'));
}

function at(rows: SizingRow[], resource: string, scenario: Scenario): SizingRow {
  const r = rows.find((x) => x.resource === resource && x.scenario === scenario);
  if (!r) throw new Error(`no row ${resource} ${scenario} in ${rows.map((x) => `${x.resource} ${x.scenario}`).join(', ')}`);
  return r;
}

const RANK = { [Verdict.PASS]: 0, [Verdict.WARN]: 1, [Verdict.FAIL]: 2 };

describe('NAT gateway connections per destination', () => {
  test('GIVEN 4,000 API calls/s to one destination, a new connection each WHEN sized THEN FAIL with the exact fix', () => {
    // GIVEN 4,000 calls/s over 3 NAT gateways, each connection holding its port the assumed 60 s
    const rows = natRows(system({ api: { callsPerRequest: 1 } }));
    const normal = at(rows, 'NAT gateway connections (api)', Scenario.NORMAL);
    const lost = at(rows, 'NAT gateway connections (api)', Scenario.AZ_LOSS);
    // THEN 4,000 / 3 x 60 = 80,000 connections to one destination per NAT gateway; 120,000 on 2
    expect(normal.demand).toBeCloseTo(80_000, 6);
    expect(lost.demand).toBeCloseTo(120_000, 6);
    expect(normal.capacity).toBe(catalog.QUOTAS.natGateway.connectionsPerDestination.value);
    expect(normal.verdict).toBe(Verdict.FAIL);
    expect(lost.verdict).toBe(Verdict.FAIL);
    // AND the fix: 120,000 / d <= 0.9 x 0.9 x 55,000 needs d >= 3; or 3 calls a connection
    expect(normal.fix).toContain('>= 3 destinations (load.egress.api.destinations: 3, has 1)');
    expect(normal.fix).toContain('>= 3 calls a connection (load.egress.api.callsPerConnection: 3, has 1)');
    expect(normal.fix).toContain('3 IPv4 addresses per NAT gateway would also do');
    expect(normal.fix).toContain('cannot carry secondary addresses');
    expect(lost.fix).toBe(normal.fix);
    // AND every default the row used is listed as assumed
    expect(normal.assumed.map((a) => a.prop).sort()).toEqual([
      'load.egress.api.callsPerConnection', 'load.egress.api.connectionSeconds', 'load.egress.api.destinations',
      'load.egress.api.requestKiB', 'load.egress.api.responseKiB',
    ]);
  });

  test.each([
    ['destinations', { destinations: 3 }, { destinations: 2 }],
    ['calls a connection', { callsPerConnection: 3 }, { callsPerConnection: 2 }],
  ])('GIVEN the fix (%s) applied THEN every connections row PASSes; one less does not', (_, fixed, oneLess) => {
    const rowsOf = (extra: Partial<ApiEgressOptions>): SizingRow[] =>
      natRows(system({ api: { callsPerRequest: 1, ...extra } })).filter((r) => r.resource === 'NAT gateway connections (api)');
    expect(rowsOf(fixed).map((r) => r.verdict)).toEqual([Verdict.PASS, Verdict.PASS]);
    expect(rowsOf(oneLess).some((r) => r.verdict !== Verdict.PASS)).toBe(true);
  });

  test('GIVEN pooled connections held 300 s WHEN sized THEN the pool\'s connections are counted, not the calls', () => {
    // 4,000 calls/s, 1,000 calls a connection held 300 s, 2 destinations: 4,000 / 3 / 2 / 1,000 x 300 = 200 per destination
    const rows = natRows(system({ api: { callsPerRequest: 1, callsPerConnection: 1000, connectionSeconds: 300, destinations: 2 } }));
    expect(at(rows, 'NAT gateway connections (api)', Scenario.NORMAL).demand).toBeCloseTo(200, 9);
    expect(at(rows, 'NAT gateway connections (api)', Scenario.NORMAL).verdict).toBe(Verdict.PASS);
  });

  test('GIVEN the workers call out per job WHEN sized THEN their rows follow jobs/s', () => {
    const rows = natRows(system({ workers: { callsPerJob: 3, destinations: 2 } }));
    // 10 jobs/s x 3 calls = 30 calls/s; per NAT gateway per destination 30 / 3 / 2 x 60 = 300; 450 with an AZ lost
    expect(at(rows, 'NAT gateway connections (workers)', Scenario.NORMAL).demand).toBeCloseTo(300, 9);
    expect(at(rows, 'NAT gateway connections (workers)', Scenario.AZ_LOSS).demand).toBeCloseTo(450, 9);
    expect(rows.some((r) => r.resource === 'NAT gateway connections (api)')).toBe(false);
  });
});

describe('NAT gateway bandwidth per AZ', () => {
  // 4,000 calls/s x 366.2109375 KiB = 1.5e9 bytes/s = 12 Gbps
  const twelveGbps = { api: { callsPerRequest: 1, requestKiB: 0, responseKiB: 366.2109375, destinations: 100 } };

  test('GIVEN 12 Gbps over 3 NAT gateways WHEN sized THEN 4 Gbps each normally, 6 with an AZ lost (WARN: above the 5 Gbps baseline)', () => {
    const rows = natRows(system(twelveGbps));
    const normal = at(rows, 'NAT gateway bandwidth', Scenario.NORMAL);
    const lost = at(rows, 'NAT gateway bandwidth', Scenario.AZ_LOSS);
    expect(normal.demand).toBeCloseTo(4, 9);
    expect(lost.demand).toBeCloseTo(6, 9);
    expect(normal.capacity).toBe(catalog.QUOTAS.natGateway.maxGbps.value);
    expect(normal.verdict).toBe(Verdict.PASS);
    expect(lost.verdict).toBe(Verdict.WARN);
    expect(lost.reason).toContain('above the 5 Gbps a NAT gateway starts at');
    // AND the fix: 4 AZs carry 3 Gbps each, 4 with an AZ lost
    expect(lost.fix).toBe('spread over >= 4 AZs (azCount: 4, one NAT gateway each), has 3');
    const fixed = natRows(system(twelveGbps, 4)).filter((r) => r.resource === 'NAT gateway bandwidth');
    expect(fixed.map((r) => r.verdict)).toEqual([Verdict.PASS, Verdict.PASS]);
  });

  test('GIVEN more egress than 6 NAT gateways carry WHEN sized THEN FAIL, and the fix says the plan cannot carry it', () => {
    const rows = natRows(system({ api: { ...twelveGbps.api, responseKiB: 366.2109375 * 20 } }));
    const normal = at(rows, 'NAT gateway bandwidth', Scenario.NORMAL);
    expect(normal.demand).toBeCloseTo(80, 6);
    expect(normal.verdict).toBe(Verdict.FAIL);
    expect(normal.fix).toContain('more NAT gateways than one per AZ in 6 AZs');
  });

  test('GIVEN egress from the API and the workers WHEN sized THEN the bandwidth row adds both', () => {
    const rows = natRows(system({ api: { callsPerRequest: 1 }, workers: { callsPerJob: 2, requestKiB: 10, responseKiB: 10 } }));
    const api = (4000 * 5 * 1024 * 8) / 1e9;
    const workers = (20 * 20 * 1024 * 8) / 1e9;
    expect(at(rows, 'NAT gateway bandwidth', Scenario.NORMAL).demand).toBeCloseTo((api + workers) / 3, 12);
  });
});

describe('NAT gateways without declared egress', () => {
  test('GIVEN no load.egress WHEN sized THEN no NAT row, and a note says they are not sized', () => {
    const report = sizeSystem(planSystem(system()));
    expect(report.rows.some((r) => r.resource.startsWith('NAT gateway'))).toBe(false);
    expect(report.notes).toContainEqual(expect.stringMatching(/^not sized: the 3 NAT gateway\(s\) .*no egress declared/));
  });

  test('GIVEN declared egress WHEN sized THEN packets/s is named as not sized', () => {
    const report = sizeSystem(planSystem(system({ api: { callsPerRequest: 1, destinations: 10 } })));
    expect(report.notes).toContainEqual(expect.stringMatching(/^not sized: NAT gateway packets\/s/));
  });

  test('GIVEN a system without tasks in the VPC (Lambda workers only) WHEN sized THEN no note', () => {
    const spec: SystemSpec = { name: 'jobs', load: { peakRequestsPerSecond: 0, jobsPerSecond: 1 }, queue: { workers: { kind: WorkerKind.LAMBDA } } };
    expect(sizeSystem(planSystem(spec)).notes.some((n) => n.includes('NAT gateway'))).toBe(false);
  });
});

describe('bad egress input', () => {
  test.each([
    ['load.egress.api.callsPerRequest', { api: { callsPerRequest: -1 } }, '-1', '0'],
    ['load.egress.api.callsPerRequest', { api: { callsPerRequest: 1001 } }, '1001', '1000'],
    ['load.egress.api.requestKiB', { api: { callsPerRequest: 1, requestKiB: -2 } }, '-2', '1048576'],
    ['load.egress.api.responseKiB', { api: { callsPerRequest: 1, responseKiB: 2e6 } }, '2000000', '1048576'],
    ['load.egress.api.destinations', { api: { callsPerRequest: 1, destinations: 0 } }, '0', '1'],
    ['load.egress.api.destinations', { api: { callsPerRequest: 1, destinations: 1.5 } }, '1.5', 'integer'],
    ['load.egress.api.callsPerConnection', { api: { callsPerRequest: 1, callsPerConnection: 0 } }, '0', '1'],
    ['load.egress.api.connectionSeconds', { api: { callsPerRequest: 1, connectionSeconds: 0 } }, '0', '86400'],
    ['load.egress.workers.callsPerJob', { workers: { callsPerJob: 2e6 } }, '2000000', '1000000'],
  ])('GIVEN %s = bad WHEN planned from a spec object THEN one ValidationError names it, the value and the range', (prop, egress, value, allowed) => {
    const issues = issuesOf(() => planSystem(system(egress as SystemEgressOptions)));
    expect(issues).toHaveLength(1);
    expect(issues[0].prop).toBe(prop);
    expect(issues[0].value).toBe(value);
    expect(issues[0].allowed.replace(/,/g, '')).toContain(allowed);
  });

  test('GIVEN a flow without its calls WHEN planned THEN the calls prop is named as required', () => {
    const issues = issuesOf(() => planSystem(system({ api: {} as ApiEgressOptions })));
    expect(issues.map((i) => i.prop)).toEqual(['load.egress.api.callsPerRequest']);
    expect(issues[0].allowed).toContain('given');
  });

  test.each([
    ['api', { name: 'q', load: { peakRequestsPerSecond: 0, jobsPerSecond: 1 }, queue: {}, egress: { api: { callsPerRequest: 1 } } }, 'no api'],
    ['workers', { name: 'q', load: { peakRequestsPerSecond: 1 }, api: { allowPlainHttp: true }, egress: { workers: { callsPerJob: 1 } } }, 'no queue'],
    ['workers', {
      name: 'q',
      load: { peakRequestsPerSecond: 0, jobsPerSecond: 1 },
      queue: { workers: { kind: WorkerKind.LAMBDA } },
      egress: { workers: { callsPerJob: 1 } },
    }, 'Lambda workers run outside the VPC'],
  ])('GIVEN load.egress.%s for a block the system lacks WHEN planned THEN rejected', (flow, given, allowed) => {
    const { egress, ...rest } = given as { egress: SystemEgressOptions } & SystemSpec;
    const spec = { ...rest, load: { ...rest.load, egress } } as SystemSpec;
    const issues = issuesOf(() => planSystem(spec));
    expect(issues.map((i) => i.prop)).toEqual([`load.egress.${flow}`]);
    expect(issues[0].allowed).toContain(allowed);
  });

  test('GIVEN an unknown key in load.egress.api WHEN planned THEN the schema names it', () => {
    const issues = issuesOf(() => planSystem(system({ api: { callsPerRequest: 1, destinationCount: 4 } } as unknown as SystemEgressOptions)));
    expect(issues.map((i) => i.prop)).toEqual(['load.egress.api.destinationCount']);
  });

  describe('from a spec file', () => {
    let tmp: string;
    beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-nat-')); });
    afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

    test.each([
      ['destinations: 0', 'load.egress.api.destinations', '0'],
      ['connectionSeconds: 90000', 'load.egress.api.connectionSeconds', '90000'],
      ['callsPerRequest: "many"', 'load.egress.api.callsPerRequest', '"many"'],
    ])('GIVEN %s in the spec file WHEN checked THEN exit 2 with the file, line, prop and value', (line, prop, value) => {
      const callsLine = line.startsWith('callsPerRequest') ? '' : '\n      callsPerRequest: 1';
      const file = path.join(tmp, `${prop.split('.').pop()}.yaml`);
      fs.writeFileSync(file, [
        'name: shop',
        'load:',
        '  peakRequestsPerSecond: 100',
        '  egress:',
        `    api:${callsLine}`,
        `      ${line}`,
        'api:',
        '  allowPlainHttp: true',
        '',
      ].join('\n'));
      let err = '';
      const io: CliIo = { out: () => undefined, err: (t) => { err += t; }, isTty: false, columns: 200, env: {} };
      expect(check(file, { synth: false }, io)).toBe(EXIT.BAD_INPUT);
      expect(err).toContain(prop);
      expect(err).toContain(value);
      expect(err).toMatch(new RegExp(`${path.basename(file)}:\\d+`));
    });
  });
});

describe('laws', () => {
  const flow = fc.record({
    callsPerRequest: fc.double({ min: 0, max: 20, noNaN: true }),
    requestKiB: fc.double({ min: 0, max: 2000, noNaN: true }),
    responseKiB: fc.double({ min: 0, max: 2000, noNaN: true }),
    destinations: fc.integer({ min: 1, max: 50 }),
    callsPerConnection: fc.integer({ min: 1, max: 100 }),
    connectionSeconds: fc.double({ min: 0.1, max: 600, noNaN: true }),
  });
  const worst = (rows: SizingRow[], prefix: string): number =>
    Math.max(0, ...rows.filter((r) => r.resource.startsWith(prefix)).map((r) => RANK[r.verdict]));

  test('more egress never improves a verdict', () => {
    fc.assert(fc.property(flow, fc.double({ min: 1, max: 10, noNaN: true }), fc.integer({ min: 2, max: 6 }), (f, k, az) => {
      const less = natRows(system({ api: f }, az));
      const more = natRows(system({ api: { ...f, callsPerRequest: Math.min(1000, f.callsPerRequest * k) } }, az));
      for (const r of less) {
        const m = more.find((x) => x.resource === r.resource && x.scenario === r.scenario)!;
        expect(RANK[m.verdict]).toBeGreaterThanOrEqual(RANK[r.verdict]);
      }
    }), { numRuns: 60 });
  });

  test('more destinations never worsens the connections row', () => {
    fc.assert(fc.property(flow, fc.integer({ min: 1, max: 100 }), fc.integer({ min: 2, max: 6 }), (f, extra, az) => {
      const few = natRows(system({ api: f }, az));
      const many = natRows(system({ api: { ...f, destinations: f.destinations + extra } }, az));
      expect(worst(many, 'NAT gateway connections')).toBeLessThanOrEqual(worst(few, 'NAT gateway connections'));
      expect(worst(many, 'NAT gateway bandwidth')).toBe(worst(few, 'NAT gateway bandwidth'));
    }), { numRuns: 60 });
  });
});
