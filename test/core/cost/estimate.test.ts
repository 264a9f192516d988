import * as fs from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { SystemStack } from '../../../src/cdk/system-stack';
import { SystemStack as TfSystemStack } from '../../../src/cdktf/system-stack';
import { BlockKind, planSystem, SystemSpec } from '../../../src/core';
import { PRICE_ROWS } from '../../../src/core/catalog';
import {
  estimateCost, HOURS_PER_MONTH, NO_REGION, parsePriceOverrides, PriceOrigin, SECONDS_PER_MONTH, usdToNano, withCost,
} from '../../../src/core/cost';
import { ValidationError } from '../../../src/core/errors';
import { Backend, deployedReport, DeployedBlock, DeployedSystem, readCloudAssembly, readTerraformOutput, sizeDeployedSystem } from '../../../src/core/readback';
import { CostKind, REPORT_SCHEMA_VERSION } from '../../../src/core/sizing/report';
import { cdkApp, synthCdk, synthTf, tfApp } from '../readback/synth';

const ROOT = path.join(__dirname, '..', '..', '..');

/** The catalog row's price of a key, Region and dimensions, as USD text. */
function rowUsd(key: string, region: string, dimensions: { [k: string]: string } = {}): string {
  const row = PRICE_ROWS.find((r) => r.key === key && r.region === region
    && JSON.stringify(Object.entries(r.dimensions).sort()) === JSON.stringify(Object.entries(dimensions).sort()));
  if (!row) throw new Error(`no row ${key} ${region}`);
  return row.usd;
}

/** Cents of price x quantity, half up, computed by hand in integers (quantities here are whole or thousandths). */
function cents(usd: string, quantity: number): number {
  const milli = BigInt(Math.round(quantity * 1000));
  const product = usdToNano(usd) * milli; // 10^-12 USD
  const scale = BigInt(10) ** BigInt(10); // to cents
  return Number((product * BigInt(2) + scale) / (scale * BigInt(2)));
}

function countTypes(template: any, type: string): number {
  return Object.values(template.Resources as { [id: string]: { Type: string } }).filter((r) => r.Type === type).length;
}

describe('estimateCost of a synthesized system', () => {
  const spec = {
    name: 'small',
    region: 'us-east-1',
    azCount: 2,
    load: { peakRequestsPerSecond: 200, jobsPerSecond: 5, averageToPeakRatio: 0.4 },
    api: { allowPlainHttp: true, compute: { cpu: 512, memoryMiB: 1024 } },
    queue: { workers: { kind: 'FARGATE_SERVICE', maxWorkers: 4 } },
  } as unknown as SystemSpec;
  let cfn: DeployedSystem;
  let tf: DeployedSystem;
  let template: any;

  beforeAll(() => {
    const app = cdkApp();
    new SystemStack(app, 'System', { spec });
    const dir = synthCdk(app);
    template = JSON.parse(fs.readFileSync(path.join(dir, 'System.template.json'), 'utf8'));
    cfn = readCloudAssembly(dir);
    const tapp = tfApp();
    new TfSystemStack(tapp, 'system', { spec });
    tf = readTerraformOutput(synthTf(tapp));
  }, 240_000);

  test('GIVEN a small system in us-east-1 WHEN priced THEN each line and the total agree to the cent with the catalog rows, by hand', () => {
    const plan = planSystem(spec);
    const cost = estimateCost(cfn, { region: 'us-east-1', averageToPeakRatio: plan.averageToPeakRatio });
    const arch = plan.api!.compute.architecture === 'ARM64' ? 'arm64' : 'x86_64';
    const tasks = plan.api!.scaling.minTasks;
    const workers = plan.queue!.workers.minWorkers;
    const workerCpu = plan.queue!.workers.fargate!.compute.cpu / 1024;
    const workerGb = plan.queue!.workers.fargate!.compute.memoryMiB / 1024;
    const nat = countTypes(template, 'AWS::EC2::NatGateway');
    const keys = countTypes(template, 'AWS::KMS::Key');
    expect(nat).toBeGreaterThan(0);
    // By hand: what runs all month from the plan's counts and the template's resources, at the catalog's figures.
    const byHand = {
      apiCpu: cents(rowUsd('fargate.vcpu-hour', 'us-east-1', { architecture: arch }), tasks * 0.5 * HOURS_PER_MONTH),
      apiMem: cents(rowUsd('fargate.gb-hour', 'us-east-1', { architecture: arch }), tasks * 1 * HOURS_PER_MONTH),
      alb: cents(rowUsd('alb.hour', 'us-east-1'), HOURS_PER_MONTH),
      workerCpu: cents(rowUsd('fargate.vcpu-hour', 'us-east-1', { architecture: arch }), workers * workerCpu * HOURS_PER_MONTH),
      workerMem: cents(rowUsd('fargate.gb-hour', 'us-east-1', { architecture: arch }), workers * workerGb * HOURS_PER_MONTH),
      nat: cents(rowUsd('nat.hour', 'us-east-1'), nat * HOURS_PER_MONTH),
      keys: cents(rowUsd('kms.key-month', 'us-east-1'), keys),
      // 5 jobs/s x 0.4 x 2,628,000 s x 3 requests = 15.768 million requests
      sqs: cents(rowUsd('sqs.million-requests', 'us-east-1'), (5 * 0.4 * SECONDS_PER_MONTH * 3) / 1e6),
    };
    expect(byHand.sqs).toBe(631); // 15.768 x 0.40 = 6.3072
    const lines = cost.blocks.flatMap((b) => b.lines);
    const line = (key: string, what: RegExp): number => {
      const found = lines.filter((l) => l.key === key && what.test(l.what));
      expect(found).toHaveLength(1);
      return found[0].monthlyCents!;
    };
    expect(line('fargate.vcpu-hour', /^tasks:/)).toBe(byHand.apiCpu);
    expect(line('fargate.gb-hour', /^tasks:/)).toBe(byHand.apiMem);
    expect(line('alb.hour', /Application Load Balancer/)).toBe(byHand.alb);
    expect(line('fargate.vcpu-hour', /^workers:/)).toBe(byHand.workerCpu);
    expect(line('fargate.gb-hour', /^workers:/)).toBe(byHand.workerMem);
    expect(line('nat.hour', /NAT gateway/)).toBe(byHand.nat);
    expect(lines.filter((l) => l.key === 'kms.key-month').reduce((n, l) => n + l.monthlyCents!, 0)).toBe(byHand.keys);
    expect(line('sqs.million-requests', /jobs\/s/)).toBe(byHand.sqs);
    const fixed = byHand.apiCpu + byHand.apiMem + byHand.alb + byHand.workerCpu + byHand.workerMem + byHand.nat + byHand.keys;
    expect(cost.fixedCents).toBe(fixed);
    expect(cost.loadCents).toBe(byHand.sqs);
    expect(cost.totalCents).toBe(fixed + byHand.sqs);
    expect(cost.totalUsd).toBe((cost.totalCents / 100).toFixed(2));
    // The alarms have no price in the catalog: listed, and the total says it is partial.
    expect(cost.partial).toBe(true);
    expect(cost.missing).toEqual(['no price for cloudwatch.alarm-month in us-east-1: the catalog has no figure read from a source for it']);
    expect(lines.filter((l) => !l.priced).every((l) => l.key === 'cloudwatch.alarm-month' && l.monthlyCents === undefined)).toBe(true);
    expect(cost.averageToPeakRatio).toBe(0.4);
    expect(cost.assumed).toEqual([]);
    expect(cost.pricedFrom).toBe('cloudformation');
  });

  test('GIVEN both backends WHEN priced THEN they cost the same, line by line', () => {
    const a = estimateCost(cfn, { region: 'us-east-1', averageToPeakRatio: 0.4 });
    const b = estimateCost(tf, { region: 'us-east-1', averageToPeakRatio: 0.4 });
    const strip = (c: typeof a): unknown => c.blocks.map((x) => x.lines.map((l) => [l.kind, l.key, l.quantityPerMonth, l.monthlyCents ?? null]));
    expect(strip(b)).toEqual(strip(a));
    expect(b.totalCents).toBe(a.totalCents);
  });

  test('GIVEN the sized read-back WHEN the cost is added THEN the report is schema 1.5.0 and validates against the shipped schema', () => {
    const report = withCost(deployedReport([sizeDeployedSystem(cfn), sizeDeployedSystem(tf)], { name: 'small' }), [cfn, tf], { region: 'us-east-1' });
    expect(report.schemaVersion).toBe('1.5.0');
    expect(REPORT_SCHEMA_VERSION).toBe('1.5.0');
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema', 'report.schema.json'), 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    const json = JSON.parse(JSON.stringify(report));
    expect(validate(json)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    expect(json.cost.blocks.length).toBeGreaterThan(0);
    // Not given: the ratio is assumed and listed.
    expect(report.cost!.assumed.map((x) => x.prop)).toEqual(['load.averageToPeakRatio']);
    expect(report.cost!.averageToPeakRatio).toBe(1);
    // A cost without its required fields does not validate (the schema checks it).
    const broken = { ...json, cost: { ...json.cost, totalUsd: undefined } };
    delete broken.cost.totalUsd;
    expect(validate(broken)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Laws, over read-backs built by hand (no synth)
// ---------------------------------------------------------------------------------------------

function block(kind: BlockKind, region: string | undefined, extra: Partial<DeployedBlock>): DeployedBlock {
  return {
    kind,
    name: 'b',
    path: 'b',
    planPath: 'b',
    planId: 'b',
    backend: Backend.CLOUDFORMATION,
    template: 't',
    ...(region ? { region } : {}),
    load: {},
    sizing: { targetUtilization: 0.7, maxUtilization: 0.9, warnMargin: 0.9 },
    assumed: [],
    inputs: {},
    sources: {},
    resourceCount: 1,
    ...extra,
  } as DeployedBlock;
}

function apiSystem(tasks: number, cpu: number, region = 'us-east-1', lbs = 1): DeployedSystem {
  return {
    blocks: [block(BlockKind.LOAD_BALANCED_API, region, {
      api: {
        fleet: {
          taskCpu: cpu,
          taskMemoryMiB: cpu * 2,
          cpuArchitecture: 'ARM64',
          launchType: 'FARGATE',
          capacityProviders: [],
          instanceTypes: [],
          minTasks: tasks,
          maxTasks: tasks,
          autoScaling: true,
          subnetAzs: [],
          azCount: 3,
        },
        loadBalancerType: 'application',
      },
      resourceTypes: { 'AWS::ElasticLoadBalancingV2::LoadBalancer': lbs },
    })],
    unrecognised: [],
    notes: [],
  };
}

function cacheSystem(shards: number, replicas: number, region: string): DeployedSystem {
  return {
    blocks: [block(BlockKind.TIERED_CACHE, region, {
      cache: {
        engine: 'valkey',
        nodeType: 'cache.r7g.large',
        clusterMode: true,
        shards,
        replicasPerShard: replicas,
        multiAz: true,
        automaticFailover: true,
        subnetGroupAzs: [],
        placement: [],
      },
    })],
    unrecognised: [],
    notes: [],
  };
}

function queueSystem(jobs: number, workers: number): DeployedSystem {
  return {
    blocks: [block(BlockKind.WORK_QUEUE, 'us-east-1', {
      load: { jobsPerSecond: jobs, messageSizeKiB: 1 },
      workQueue: {
        queue: { id: 'q', fifo: false, highThroughput: false },
        payloadBucket: false,
        fleet: {
          taskCpu: 1024,
          taskMemoryMiB: 2048,
          launchType: 'FARGATE',
          capacityProviders: [],
          instanceTypes: [],
          minTasks: workers,
          maxTasks: workers,
          autoScaling: true,
          subnetAzs: [],
          azCount: 3,
        },
      },
    })],
    unrecognised: [],
    notes: [],
  };
}

describe('load.averageToPeakRatio in a spec', () => {
  const base = { name: 'r', load: { peakRequestsPerSecond: 100 }, api: { allowPlainHttp: true } };
  test.each([0, -0.5, 1.01, 'half'])('GIVEN %p WHEN planned THEN one ValidationError naming the prop, the value and what is allowed', (ratio) => {
    const spec = { ...base, load: { ...base.load, averageToPeakRatio: ratio } } as unknown as SystemSpec;
    expect(() => planSystem(spec)).toThrow(ValidationError);
    expect(() => planSystem(spec)).toThrow(/load\.averageToPeakRatio/);
  });

  test('GIVEN 0.3 WHEN planned THEN the plan carries it; absent, the plan has none (the estimate assumes 1 and lists it)', () => {
    expect(planSystem({ ...base, load: { ...base.load, averageToPeakRatio: 0.3 } } as SystemSpec).averageToPeakRatio).toBe(0.3);
    expect(planSystem(base as SystemSpec).averageToPeakRatio).toBeUndefined();
  });
});

describe('cost laws', () => {
  test('more units never cost less (tasks, load balancers, jobs)', () => {
    let checked = 0;
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 50 }), fc.constantFrom(256, 512, 1024, 2048, 4096),
      fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }),
      (tasks, more, cpu, lbs, moreLbs) => {
        const fewer = estimateCost(apiSystem(tasks, cpu, 'us-east-1', lbs));
        const bigger = estimateCost(apiSystem(tasks + more, cpu, 'us-east-1', lbs + moreLbs));
        expect(bigger.totalCents).toBeGreaterThanOrEqual(fewer.totalCents);
        expect(bigger.fixedCents).toBeGreaterThan(fewer.fixedCents); // strictly: more tasks run all month
        checked++;
      }));
    fc.assert(fc.property(fc.double({ min: 0.01, max: 1000, noNaN: true }), fc.double({ min: 0.01, max: 1000, noNaN: true }),
      fc.integer({ min: 0, max: 20 }), (jobs, extra, workers) => {
        const a = estimateCost(queueSystem(jobs, workers), { averageToPeakRatio: 0.5 });
        const b = estimateCost(queueSystem(jobs + extra, workers), { averageToPeakRatio: 0.5 });
        expect(b.loadCents).toBeGreaterThanOrEqual(a.loadCents);
        expect(b.fixedCents).toBe(a.fixedCents); // the load never moves what runs all month
        checked++;
      }));
    expect(checked).toBe(200);
  });

  test('the load-driven lines follow the average-to-peak ratio; the fixed lines do not', () => {
    fc.assert(fc.property(fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true }), (r1, r2) => {
      const [lo, hi] = r1 <= r2 ? [r1, r2] : [r2, r1];
      const a = estimateCost(queueSystem(50, 2), { averageToPeakRatio: lo });
      const b = estimateCost(queueSystem(50, 2), { averageToPeakRatio: hi });
      expect(b.loadCents).toBeGreaterThanOrEqual(a.loadCents);
      expect(b.fixedCents).toBe(a.fixedCents);
    }));
    expect(() => estimateCost(queueSystem(1, 1), { averageToPeakRatio: 0 })).toThrow(/more than 0 and at most 1/);
    expect(() => estimateCost(queueSystem(1, 1), { averageToPeakRatio: 1.5 })).toThrow(/more than 0 and at most 1/);
  });

  test('an override replaces the catalog figure of its key, Region and dimensions, and nothing else', () => {
    let checked = 0;
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 40 }), (microUsd, tasks) => {
      const usd = (microUsd / 1e6).toFixed(6);
      const overrides = parsePriceOverrides({
        prices: [{ key: 'fargate.vcpu-hour', region: 'us-east-1', dimensions: { architecture: 'arm64' }, unit: 'vCPU-hour', usd, note: 'savings plan' }],
      }, 'prices.yaml');
      const catalog = estimateCost(apiSystem(tasks, 1024));
      const mine = estimateCost(apiSystem(tasks, 1024), { overrides });
      const vcpu = mine.blocks[0].lines.find((l) => l.key === 'fargate.vcpu-hour')!;
      expect(vcpu.usdPerUnit).toBe(usd);
      expect(vcpu.origin).toBe(PriceOrigin.USER_OVERRIDE);
      expect(vcpu.monthlyCents).toBe(cents(usd, tasks * HOURS_PER_MONTH));
      // every other line keeps the catalog's figure
      const others = (c: typeof mine): unknown => c.blocks[0].lines.filter((l) => l.key !== 'fargate.vcpu-hour').map((l) => [l.usdPerUnit, l.monthlyCents]);
      expect(others(mine)).toEqual(others(catalog));
      checked++;
    }));
    expect(checked).toBe(100);
  });

  test('a Region without a figure is "no price for <thing> in <Region>", never another Region\'s figure, and the total says it is partial', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 2 }), (shards, replicas) => {
      // cache.r7g.large has a figure for eu-west-1 only: us-east-1 must not borrow it
      const cost = estimateCost(cacheSystem(shards, replicas, 'us-east-1'));
      const [l] = cost.blocks[0].lines;
      expect(l.priced).toBe(false);
      expect(l.quantityPerMonth).toBe(shards * (1 + replicas) * HOURS_PER_MONTH);
      expect(l.noPrice).toMatch(/^no price for elasticache\.node-hour \(nodeType=cache\.r7g\.large, engine=valkey\) in us-east-1/);
      expect(l.noPrice).toContain('it has one for eu-west-1, which is not used for another Region');
      expect(cost.partial).toBe(true);
      expect(cost.totalCents).toBe(0);
      expect(cost.missing).toEqual([l.noPrice]);
      // ... and in eu-west-1 the same nodes are priced from the Irish row, by hand: nodes x 730 h x 0.1944
      const irish = estimateCost(cacheSystem(shards, replicas, 'eu-west-1')).blocks[0].lines[0];
      expect(irish.priced).toBe(true);
      expect(irish.usdPerUnit).toBe('0.1944');
      expect(irish.monthlyCents).toBe(Math.round(shards * (1 + replicas) * 730 * 1944 / 100));
    }));
    // A template without a Region, and none given: nothing is priced there.
    const regionless = apiSystem(2, 1024);
    delete (regionless.blocks[0] as { region?: string }).region;
    const unknown = estimateCost(regionless);
    expect(unknown.blocks[0].region).toBe(NO_REGION);
    expect(unknown.blocks[0].lines.every((l) => !l.priced)).toBe(true);
  });

  test('resources outside every block are priced in the Region of their own template, one group per Region', () => {
    const system: DeployedSystem = {
      blocks: [],
      unrecognised: [
        { backend: Backend.CLOUDFORMATION, template: 'Main', resource: 'Nat1', type: 'AWS::EC2::NatGateway', region: 'us-east-1' },
        { backend: Backend.CLOUDFORMATION, template: 'Main', resource: 'Nat2', type: 'AWS::EC2::NatGateway', region: 'us-east-1' },
        { backend: Backend.CLOUDFORMATION, template: 'Edge', resource: 'Acl', type: 'AWS::WAFv2::WebACL', region: 'ap-southeast-1' },
        { backend: Backend.CLOUDFORMATION, template: 'Other', resource: 'Bucket', type: 'AWS::S3::Bucket' },
      ],
      notes: [],
    };
    const cost = estimateCost(system, { region: 'eu-west-1' });
    expect(cost.blocks.map((b) => [b.block, b.region, b.lines.map((l) => l.key)])).toEqual([
      ['(outside blocks)', 'ap-southeast-1', ['waf.web-acl-month']],
      ['(outside blocks)', 'us-east-1', ['nat.hour']],
    ]);
    expect(cost.blocks[1].lines[0].monthlyCents).toBe(cents(rowUsd('nat.hour', 'us-east-1'), 2 * HOURS_PER_MONTH));
    expect(cost.notPriced).toContain('NAT gateway data processed: the load does not declare the traffic that leaves through NAT');
  });

  test('fixed lines come first in each block, and the block totals add up to the system total', () => {
    const cost = estimateCost(queueSystem(10, 3));
    const kinds = cost.blocks[0].lines.map((l) => l.kind);
    expect(kinds).toEqual([...kinds].sort((a, b) => (a === CostKind.FIXED ? 0 : 1) - (b === CostKind.FIXED ? 0 : 1)));
    expect(cost.totalCents).toBe(cost.blocks.reduce((n, b) => n + b.totalCents, 0));
    expect(cost.blocks[0].totalCents).toBe(cost.blocks[0].lines.reduce((n, l) => n + (l.monthlyCents ?? 0), 0));
  });
});
