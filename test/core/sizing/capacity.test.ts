import fc from 'fast-check';
import {
  capacityRow, checkFleet, checkLatency, erlangC, FleetInput, fmtPercent, p99WaitSeconds, placeUnits, smallestPassing, survivors,
  unitsNeededAzLoss, unitsNeededNormal, utilizationOf, verdictFor,
} from '../../../src/core/sizing/capacity';
import { buildReport, Scenario, Verdict, worstVerdict } from '../../../src/core/sizing/report';
import { POLICY } from '../blocks/helpers';

const RANK = { PASS: 0, WARN: 1, FAIL: 2 } as const;

function fleet(over: Partial<FleetInput>): FleetInput {
  return {
    block: 'sys/api',
    blockKind: 'LoadBalancedApi',
    resource: 'api tasks',
    metric: 'requests/s',
    assumed: [],
    sources: [],
    demand: 1000,
    perUnit: 250,
    units: 9,
    azCount: 3,
    unitNoun: 'tasks',
    policy: POLICY,
    ...over,
  };
}

function worst(rows: { verdict: Verdict }[]): number {
  return Math.max(...rows.map((r) => RANK[r.verdict]));
}

describe('placement', () => {
  test.each([
    [7, 3, [3, 2, 2]],
    [6, 3, [2, 2, 2]],
    [1, 2, [1, 0]],
    [0, 3, [0, 0, 0]],
  ])('placeUnits(%d, %d) = %j', (n, az, expected) => {
    expect(placeUnits(n, az)).toEqual(expected);
  });

  test('survivors lose the fullest AZ, and a single AZ leaves nothing', () => {
    expect(survivors([3, 2, 2])).toBe(4);
    expect(survivors([5])).toBe(0);
  });
});

describe('verdictFor', () => {
  test.each([
    [0.5, 0.7, Verdict.PASS],
    [0.63, 0.7, Verdict.PASS], // exactly 90 % of the bound
    [0.64, 0.7, Verdict.WARN],
    [0.7, 0.7, Verdict.WARN],
    [0.71, 0.7, Verdict.FAIL],
    [Number.POSITIVE_INFINITY, 0.7, Verdict.FAIL],
    [Number.NaN, 0.7, Verdict.FAIL],
  ])('utilisation %d under bound %d is %s', (u, bound, verdict) => {
    expect(verdictFor(u, bound, 0.9)).toBe(verdict);
  });
});

describe('checkFleet', () => {
  test('GIVEN 9 tasks of 250 rps on 3 AZs and 1000 rps WHEN checked THEN both rows pass', () => {
    const rows = checkFleet(fleet({}));
    expect(rows.map((r) => [r.scenario, r.verdict])).toEqual([[Scenario.NORMAL, Verdict.PASS], [Scenario.AZ_LOSS, Verdict.PASS]]);
    expect(rows[0].capacity).toBe(2250);
    expect(rows[1].capacity).toBe(1500);
    expect(rows[0].fix).toBeUndefined();
  });

  test('GIVEN too few tasks WHEN checked THEN both rows fail with the one fleet fix: the count at which both pass', () => {
    const rows = checkFleet(fleet({ demand: 3000, units: 4 }));
    expect(rows[0].verdict).toBe(Verdict.FAIL);
    // normal alone: 3000 / (250 * 0.7 * 0.9) = 19.05 -> 20 tasks; AZ lost: 3000 / (250 * 0.81) = 14.8 survivors -> 23 (23 - 8 = 15)
    expect(rows[0].fix).toBe('needs >= 23 tasks, has 4');
    expect(rows[1].fix).toBe('needs >= 23 tasks, has 4');
    expect(rows[0].reason).toMatch(/above the 70 % target/);
    expect(checkFleet(fleet({ demand: 3000, units: 23 })).map((r) => r.verdict)).toEqual([Verdict.PASS, Verdict.PASS]);
    expect(checkFleet(fleet({ demand: 3000, units: 22 }))[1].verdict).not.toBe(Verdict.PASS);
  });

  test('GIVEN one AZ WHEN checked THEN the AZ row warns that the block is a single point of failure', () => {
    const rows = checkFleet(fleet({ azCount: 1 }));
    expect(rows[1]).toMatchObject({ scenario: Scenario.AZ_LOSS, verdict: Verdict.WARN });
    expect(rows[1].reason).toMatch(/one AZ only/);
  });

  test('GIVEN real placement WHEN the fullest AZ is lost THEN the placement is used, not the average', () => {
    const rows = checkFleet(fleet({ units: 9, placement: [7, 1, 1], demand: 460 }));
    expect(rows[1].capacity).toBe(500);
    expect(rows[1].verdict).toBe(Verdict.FAIL);
  });

  test('GIVEN a count cap WHEN the fix exceeds it THEN the fix says what to do instead', () => {
    const rows = checkFleet(fleet({ demand: 100_000, units: 10, maxUnits: { value: 50, what: 'scaling.maxTasks', instead: 'use bigger tasks' } }));
    expect(rows[0].fix).toMatch(/above scaling.maxTasks \(50\); use bigger tasks/);
  });
});

describe('sizing properties', () => {
  const arbFleet = fc.record({
    demand: fc.double({ min: 0, max: 1e6, noNaN: true }),
    perUnit: fc.double({ min: 0.5, max: 1e4, noNaN: true }),
    units: fc.integer({ min: 1, max: 400 }),
    azCount: fc.integer({ min: 1, max: 6 }),
  });

  test('more demand never improves a verdict', () => {
    fc.assert(fc.property(arbFleet, fc.double({ min: 0, max: 1e6, noNaN: true }), (f, extra) => {
      const before = worst(checkFleet(fleet(f)));
      const after = worst(checkFleet(fleet({ ...f, demand: f.demand + extra })));
      return after >= before;
    }));
  });

  test('more units never worsen a verdict', () => {
    fc.assert(fc.property(arbFleet, fc.integer({ min: 0, max: 100 }), (f, extra) => {
      const before = worst(checkFleet(fleet(f)));
      const after = worst(checkFleet(fleet({ ...f, units: f.units + extra })));
      return after <= before;
    }));
  });

  test('the fleet fix is exact per resource: every row of the fleet passes at the count, one unit less leaves one short', () => {
    fc.assert(fc.property(arbFleet, (f) => {
      // With one AZ the AZ-loss row WARNs at any count (its fix is the AZ count): the count fixes the normal row.
      const counted = (rows: ReturnType<typeof checkFleet>) => (f.azCount > 1 ? rows : rows.slice(0, 1));
      const fixes = new Set(counted(checkFleet(fleet(f))).filter((r) => r.verdict !== Verdict.PASS).map((r) => r.fix));
      if (fixes.size === 0) return true;
      if (fixes.size !== 1) return false;
      const m = [...fixes][0]?.match(/^needs >= ([\d,]+) /);
      if (!m) return true;
      const n = Number(m[1].replace(/,/g, ''));
      if (!counted(checkFleet(fleet({ ...f, units: n }))).every((r) => r.verdict === Verdict.PASS)) return false;
      return n === 1 || counted(checkFleet(fleet({ ...f, units: n - 1 }))).some((r) => r.verdict !== Verdict.PASS);
    }));
  });

  test('unitsNeeded* agree with the rows they fix', () => {
    fc.assert(fc.property(arbFleet, (f) => {
      const n = unitsNeededNormal(f.demand, f.perUnit, POLICY)!;
      const ok = checkFleet(fleet({ ...f, units: n }))[0].verdict === Verdict.PASS;
      const a = f.azCount > 1 ? unitsNeededAzLoss(f.demand, f.perUnit, f.azCount, POLICY)! : undefined;
      const okAz = a === undefined || checkFleet(fleet({ ...f, units: a }))[1].verdict === Verdict.PASS;
      return ok && okAz;
    }));
  });
});

describe('Erlang C', () => {
  test('M/M/1: the probability of waiting is the utilisation', () => {
    expect(erlangC(1, 0.6)).toBeCloseTo(0.6, 12);
  });

  test('C(2, 1) = 1/3', () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
  });

  test('saturated and idle queues', () => {
    expect(erlangC(4, 4)).toBe(1);
    expect(erlangC(4, 0)).toBe(0);
    expect(p99WaitSeconds(10, 1, 10)).toBe(Number.POSITIVE_INFINITY);
    expect(p99WaitSeconds(0, 1, 1)).toBe(0);
  });

  test('M/M/1 p99 wait = ln(100 rho) / (mu - lambda)', () => {
    // lambda 8/s, mu 10/s: C = 0.8, p99 = ln(80) / 2
    expect(p99WaitSeconds(8, 10, 1)).toBeCloseTo(Math.log(80) / 2, 12);
  });

  test('stable for thousands of servers', () => {
    const c = erlangC(5000, 4900);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(1);
  });

  test('more servers never wait longer', () => {
    fc.assert(fc.property(fc.double({ min: 0.1, max: 500, noNaN: true }), fc.double({ min: 0.5, max: 50, noNaN: true }),
      fc.integer({ min: 1, max: 300 }), (lambda, mu, c) => p99WaitSeconds(lambda, mu, c + 1) <= p99WaitSeconds(lambda, mu, c) + 1e-12));
  });

  test('the latency fix is exact', () => {
    fc.assert(fc.property(fc.double({ min: 1, max: 2000, noNaN: true }), fc.integer({ min: 1, max: 50 }), (lambda, units) => {
      const base = {
        block: 'b',
        blockKind: 'k',
        resource: 'r',
        metric: 'm',
        assumed: [],
        sources: [],
        arrivalRate: lambda,
        serviceSeconds: 0.05,
        serversPerUnit: 4,
        targetSeconds: 0.02,
        unitNoun: 'tasks',
        warnMargin: 0.9,
        scenario: Scenario.NORMAL,
      };
      const row = checkLatency({ ...base, units, deployedUnits: units });
      const m = row.fix?.match(/^needs >= ([\d,]+) /);
      if (!m) return row.verdict === Verdict.PASS;
      const n = Number(m[1].replace(/,/g, ''));
      const at = checkLatency({ ...base, units: n, deployedUnits: n });
      const below = checkLatency({ ...base, units: n - 1, deployedUnits: n - 1 });
      return at.verdict === Verdict.PASS && (n === 1 || below.verdict !== Verdict.PASS);
    }));
  });
});

describe('report', () => {
  test('the report verdict is the worst row and assumed inputs appear once', () => {
    const a = { prop: 'api.load.requestsPerSecondPerTask', value: '250', reason: 'assumed' };
    const rows = checkFleet(fleet({ demand: 3000, units: 4, assumed: [a] }));
    const report = buildReport('sys', rows);
    expect(report.verdict).toBe(Verdict.FAIL);
    expect(report.assumed).toEqual([a]);
    expect(worstVerdict([])).toBe(Verdict.PASS);
  });
});

describe('smallestPassing', () => {
  test('terminates on a non-finite start and on a predicate that never holds', () => {
    expect(smallestPassing(Number.NaN, (n: number) => n >= 5)).toBe(5);
    expect(smallestPassing(Number.POSITIVE_INFINITY, (n: number) => n >= 5)).toBe(5);
    expect(smallestPassing(1, () => false, 1000)).toBeUndefined();
    expect(smallestPassing(2 ** 60, (n: number) => n >= 7)).toBe(7);
  });

  test('finds the boundary of any monotone predicate from any start', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e9 }), fc.double({ min: -10, max: 1e13, noNaN: true }), (answer, from) => {
      let calls = 0;
      const found = smallestPassing(from, (n: number) => {
        calls++;
        return n >= answer;
      });
      return found === answer && calls < 200;
    }));
  });
});

describe('capacityRow, utilizationOf and fmtPercent', () => {
  const ctx = { block: 'sys/cache', blockKind: 'TieredCache', resource: 'cache memory', metric: 'GiB', assumed: [], sources: ['catalog.x'] };

  test('utilisation is 0 without demand and infinite without capacity', () => {
    expect(utilizationOf(0, 0)).toBe(0);
    expect(utilizationOf(-1, 10)).toBe(0);
    expect(utilizationOf(5, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(utilizationOf(5, 10)).toBe(0.5);
  });

  test('percentages: one decimal, unbounded when infinite', () => {
    expect(fmtPercent(0.725)).toBe('72.5 %');
    expect(fmtPercent(12.3456)).toBe('1,235 %');
    expect(fmtPercent(Number.POSITIVE_INFINITY)).toBe('unbounded');
  });

  test.each([
    [50, 100, Verdict.PASS, undefined],
    [65, 100, Verdict.WARN, 'add memory'],
    [80, 100, Verdict.FAIL, 'add memory'],
    [1, 0, Verdict.FAIL, 'add memory'],
  ])('%d on %d under 0.7 is %s', (demand, capacity, verdict, fix) => {
    const reasons: Array<[Verdict, number]> = [];
    const r = capacityRow(ctx, Scenario.NORMAL, demand, capacity, 0.7, 0.9, (v, u) => {
      reasons.push([v, u]);
      return `${fmtPercent(u)} full`;
    }, 'add memory');
    expect(r).toMatchObject({ ...ctx, scenario: Scenario.NORMAL, demand, capacity, bound: 0.7, verdict, fix });
    expect(r.utilization).toBe(capacity > 0 ? demand / capacity : Number.MAX_VALUE);
    expect(reasons).toEqual([[verdict, utilizationOf(demand, capacity)]]);
    expect(r.reason).toBe(`${fmtPercent(utilizationOf(demand, capacity))} full`);
  });
});
