import fc from 'fast-check';
import { issuesOf, RANK, row } from './helpers';
import {
  API_SSL_POLICY, ComputeKind, CpuArchitecture, DeploymentStrategy, ListenerProtocol, LoadBalancedApiOptions, LoadBalancerType,
  LoadBalancingAlgorithm, loadBalancedApiNotes, planLoadBalancedApi, sizeLoadBalancedApi, staticallyStableCpuTarget,
} from '../../../src/core/blocks/load-balanced-api';
import { Errors } from '../../../src/core/errors';
import { Scenario, SizingRow, Verdict } from '../../../src/core/sizing/report';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab';

describe('planLoadBalancedApi defaults', () => {
  test('GIVEN no options WHEN planned THEN every well-architected default is explicit', () => {
    // WHEN
    const plan = planLoadBalancedApi();
    // THEN
    expect(plan).toMatchObject({
      kind: 'LoadBalancedApi',
      name: 'api',
      algorithm: LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS,
      loadBalancerType: LoadBalancerType.APPLICATION,
      azCount: 3,
      internetFacing: true,
      allowedCidrs: ['0.0.0.0/0'],
      dropInvalidHeaderFields: true,
      sourceIpStickiness: false,
      deploymentStrategy: DeploymentStrategy.ROLLING,
      circuitBreaker: true,
      accessLogs: true,
      deregistrationDelaySeconds: 30,
      idleTimeoutSeconds: 60,
      slowStartSeconds: 0,
    });
    expect(plan.compute).toMatchObject({ kind: ComputeKind.FARGATE, cpu: 1024, memoryMiB: 2048, vcpu: 1, architecture: CpuArchitecture.ARM64 });
    expect(plan.listener).toEqual({
      protocol: ListenerProtocol.HTTP, certificateArn: undefined, port: 80, redirectHttpToHttps: false, sslPolicy: API_SSL_POLICY,
    });
    expect(plan.scaling).toMatchObject({ autoScaling: true, minTasks: 3, maxTasks: 6, targetCpuUtilization: 0.5 });
    expect(plan.healthCheck.path).toBe('/');
    expect(plan.container.port).toBe(80);
  });

  test('GIVEN no sizing inputs WHEN planned THEN each default that feeds the sizing is listed as assumed', () => {
    const plan = planLoadBalancedApi({ load: { peakRequestsPerSecond: 1000 } });
    const props = plan.assumed.map((a) => a.prop);
    expect(props).toEqual(expect.arrayContaining([
      'api.compute.cpu', 'api.compute.memoryMiB', 'api.load.requestsPerSecondPerTask', 'api.scaling.minTasks',
      'api.scaling.maxTasks', 'api.scaling.targetCpuUtilization', 'api.sizing.targetUtilization',
    ]));
    expect(props).not.toContain('api.load.peakRequestsPerSecond');
    const perTask = plan.assumed.find((a) => a.prop === 'api.load.requestsPerSecondPerTask');
    expect(perTask?.value).toBe('250 requests/s');
  });

  test('GIVEN a declared peak WHEN planned THEN min tasks carry the peak with one AZ lost, in multiples of the AZ count', () => {
    // 2000 rps at 250 rps/task and a 0.5 CPU target -> 16 tasks at peak -> 18 on 3 AZs
    const plan = planLoadBalancedApi({ load: { peakRequestsPerSecond: 2000 } });
    expect(plan.scaling.minTasks).toBe(18);
    expect(plan.scaling.maxTasks).toBe(36);
    expect(sizeLoadBalancedApi(plan).every((r) => r.verdict === Verdict.PASS)).toBe(true);
  });

  test.each([
    [2, 0.4],
    [3, 0.5],
    [4, 0.6],
    [6, 0.65],
  ])('the default CPU target on %d AZs is %d (statically stable)', (az, target) => {
    expect(staticallyStableCpuTarget(az, 0.9, 0.9)).toBe(target);
    expect(planLoadBalancedApi({ azCount: az }).scaling.targetCpuUtilization).toBe(target);
  });
});

describe('planLoadBalancedApi options', () => {
  test('GIVEN SOURCE_IP_HASH WHEN planned THEN a Network Load Balancer with source-IP stickiness', () => {
    const plan = planLoadBalancedApi({ algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH });
    expect(plan.loadBalancerType).toBe(LoadBalancerType.NETWORK);
    expect(plan.sourceIpStickiness).toBe(true);
    expect(plan.dropInvalidHeaderFields).toBe(false);
  });

  test.each([LoadBalancingAlgorithm.ROUND_ROBIN, LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS, LoadBalancingAlgorithm.WEIGHTED_RANDOM])(
    'GIVEN %s WHEN planned THEN an Application Load Balancer', (algorithm) => {
      expect(planLoadBalancedApi({ algorithm }).loadBalancerType).toBe(LoadBalancerType.APPLICATION);
    });

  test('GIVEN a certificate WHEN planned THEN HTTPS on 443 with TLS 1.3 and HTTP redirected', () => {
    const plan = planLoadBalancedApi({ certificateArn: CERT });
    expect(plan.listener).toEqual({
      protocol: ListenerProtocol.HTTPS, certificateArn: CERT, port: 443, redirectHttpToHttps: true, sslPolicy: API_SSL_POLICY,
    });
    expect(loadBalancedApiNotes(plan)).toEqual([]);
  });

  test('GIVEN no certificate WHEN noted THEN the report says the API is plain HTTP', () => {
    expect(loadBalancedApiNotes(planLoadBalancedApi())[0]).toMatch(/plain HTTP because no certificateArn was given/);
  });

  test('GIVEN a fixed count WHEN planned THEN auto scaling is off and the count is the desired count', () => {
    const plan = planLoadBalancedApi({ scaling: { fixedTasks: 7 } });
    expect(plan.scaling).toMatchObject({ autoScaling: false, desiredTasks: 7, minTasks: 7, maxTasks: 7 });
  });

  test('GIVEN EC2 capacity WHEN planned THEN tasks per instance come from the catalog, keeping 10 % for the agent', () => {
    const plan = planLoadBalancedApi({ compute: { kind: ComputeKind.EC2, instanceType: 'm7g.xlarge', cpu: 1024, memoryMiB: 2048 } });
    // m7g.xlarge: 4 vCPU, 16 GiB -> min(4, floor(14745.6 / 2048) = 7) = 4
    expect(plan.compute).toMatchObject({ kind: ComputeKind.EC2, instanceType: 'm7g.xlarge', tasksPerInstance: 4 });
  });

  test('GIVEN measured capacity WHEN planned THEN it is used and not assumed', () => {
    const plan = planLoadBalancedApi({ load: { peakRequestsPerSecond: 100, requestsPerSecondPerTask: 900 } });
    expect(plan.load.requestsPerSecondPerTask).toBe(900);
    expect(plan.assumed.map((a) => a.prop)).not.toContain('api.load.requestsPerSecondPerTask');
  });
});

describe('planLoadBalancedApi validation', () => {
  test.each<[string, LoadBalancedApiOptions, string, string]>([
    ['azCount', { azCount: 7 }, '7', 'an integer from 2 to 6'],
    ['name', { name: 'My API' }, '"My API"', 'lower-case letters, digits and hyphens, starting with a letter, 1 to 32 characters'],
    ['compute.memoryMiB', { compute: { cpu: 1024, memoryMiB: 1024 } }, '1024', 'a Fargate memory for cpu 1024: 2048, 3072, 4096, 5120, 6144, 7168, 8192 MiB'],
    ['compute.cpu', { compute: { cpu: 1000 } }, '1000', 'one of 256, 512, 1024, 2048, 4096, 8192, 16384'],
    ['certificateArn', { certificateArn: 'my-cert' }, '"my-cert"', 'an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)'],
    ['healthCheck.timeoutSeconds', { healthCheck: { intervalSeconds: 10, timeoutSeconds: 10 } }, '10', 'less than healthCheck.intervalSeconds (10)'],
    ['idleTimeoutSeconds', { algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH, idleTimeoutSeconds: 30 }, '30',
      'unset with SOURCE_IP_HASH (the Network Load Balancer has a fixed TCP idle timeout)'],
    ['slowStartSeconds', { slowStartSeconds: 10 }, '10', '0 (off) or an integer from 30 to 900 s'],
    ['scaling.minTasks', { scaling: { fixedTasks: 3, minTasks: 2 } }, '2', 'unset with scaling.fixedTasks (a fixed count turns auto scaling off)'],
    ['scaling.maxTasks', { scaling: { minTasks: 6, maxTasks: 3 } }, '3', 'at least scaling.minTasks (6)'],
    ['deployment.strategy', { algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH, deployment: { strategy: DeploymentStrategy.BLUE_GREEN } }, '"BLUE_GREEN"',
      'ROLLING with SOURCE_IP_HASH (ECS blue/green shifts traffic through ALB listener rules)'],
    ['load.serviceTimeMs', { load: { latencyTargetMs: 100 } }, 'undefined', 'set when load.latencyTargetMs is set (the Erlang C check needs the mean service time)'],
    ['container.environment.DB_PASSWORD', { container: { environment: { DB_PASSWORD: 'hunter2' } } }, '"<hidden>"',
      'a non-secret value: pass secrets in container.secrets (Secrets Manager ARNs), never in plain environment'],
    ['allowedCidrs[0]', { allowedCidrs: ['10.0.0.0'] }, '"10.0.0.0"', 'a CIDR block such as 203.0.113.0/24'],
  ])('%s: bad value is named with what is allowed', (prop, options, value, allowed) => {
    const issues = issuesOf(() => planLoadBalancedApi(options));
    expect(issues).toContainEqual(expect.objectContaining({ prop, value, allowed }));
  });

  test('GIVEN several bad props WHEN planned THEN they are all reported together', () => {
    const issues = issuesOf(() => planLoadBalancedApi({ azCount: 1, idleTimeoutSeconds: 0, load: { peakRequestsPerSecond: -5 } }));
    expect(issues.map((i) => i.prop)).toEqual(expect.arrayContaining(['azCount', 'idleTimeoutSeconds', 'load.peakRequestsPerSecond']));
  });

  test('a secret value never appears in the error', () => {
    const issues = issuesOf(() => planLoadBalancedApi({ container: { environment: { API_TOKEN: 's3cr3t' } } }));
    expect(JSON.stringify(issues)).not.toContain('s3cr3t');
  });

  test('arbitrary options either plan or throw ValidationError, never another error', () => {
    const anything = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.constant(undefined), fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }));
    const options = fc.record({
      name: fc.oneof(fc.constant(undefined), fc.string(), fc.constantFrom('api', 'web-1')),
      algorithm: fc.oneof(fc.constant(undefined), fc.constantFrom(...Object.values(LoadBalancingAlgorithm)), fc.string()),
      azCount: fc.oneof(fc.constant(undefined), fc.integer({ min: -2, max: 9 }), anything),
      compute: fc.oneof(fc.constant(undefined), fc.record({
        kind: fc.oneof(fc.constant(undefined), fc.constantFrom(...Object.values(ComputeKind))),
        cpu: fc.oneof(fc.constant(undefined), fc.constantFrom(256, 512, 1024, 2048, 4096, 1000), anything),
        memoryMiB: fc.oneof(fc.constant(undefined), fc.constantFrom(512, 2048, 8192, 3000), anything),
        instanceType: fc.oneof(fc.constant(undefined), fc.constantFrom('m7g.large', 'c7i.xlarge', 'x1.huge'), anything),
      }, { requiredKeys: [] })),
      scaling: fc.oneof(fc.constant(undefined), fc.record({
        fixedTasks: fc.oneof(fc.constant(undefined), fc.integer({ min: -1, max: 2000 })),
        minTasks: fc.oneof(fc.constant(undefined), fc.integer({ min: -1, max: 2000 })),
        maxTasks: fc.oneof(fc.constant(undefined), fc.integer({ min: -1, max: 2000 })),
        targetCpuUtilization: fc.oneof(fc.constant(undefined), fc.double({ min: -1, max: 2 })),
      }, { requiredKeys: [] })),
      load: fc.oneof(fc.constant(undefined), fc.record({
        peakRequestsPerSecond: fc.oneof(fc.constant(undefined), fc.double({ min: -10, max: 1e7 }), anything),
        requestsPerSecondPerTask: fc.oneof(fc.constant(undefined), fc.double({ min: -10, max: 1e5 }), anything),
        latencyTargetMs: fc.oneof(fc.constant(undefined), fc.double({ min: 0, max: 1000 })),
        serviceTimeMs: fc.oneof(fc.constant(undefined), fc.double({ min: 0, max: 1000 })),
      }, { requiredKeys: [] })),
      healthCheck: fc.oneof(fc.constant(undefined),
        fc.record({ path: fc.oneof(fc.constant(undefined), fc.string(), anything) }, { requiredKeys: [] })),
      allowedCidrs: fc.oneof(fc.constant(undefined), fc.array(fc.string(), { maxLength: 3 }), anything),
      container: fc.oneof(fc.constant(undefined), fc.record({
        image: fc.oneof(fc.constant(undefined), fc.string(), anything),
        environment: fc.oneof(fc.constant(undefined), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 })),
        secrets: fc.oneof(fc.constant(undefined), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 })),
      }, { requiredKeys: [] })),
    }, { requiredKeys: [] });
    fc.assert(fc.property(options, (o) => {
      try {
        const plan = planLoadBalancedApi(o as LoadBalancedApiOptions);
        sizeLoadBalancedApi(plan);
        return true;
      } catch (e) {
        return Errors.isValidationError(e);
      }
    }), { numRuns: 1000 });
  });
});

describe('sizeLoadBalancedApi', () => {
  test('GIVEN a fixed fleet too small WHEN sized THEN task rows FAIL with an exact fix', () => {
    const plan = planLoadBalancedApi({ scaling: { fixedTasks: 4 }, load: { peakRequestsPerSecond: 3000, requestsPerSecondPerTask: 250 } });
    const rows = sizeLoadBalancedApi(plan);
    const normal = row(rows, 'api tasks', Scenario.NORMAL);
    expect(normal.verdict).toBe(Verdict.FAIL);
    expect(normal.fix).toBe('needs >= 20 tasks of 1 vCPU / 2 GiB, has 4');
    const az = row(rows, 'api tasks', Scenario.AZ_LOSS);
    // surviving share on 3 AZs: n - ceil(n/3); 3000 / (250 * 0.81) = 14.8 survivors -> 23 tasks (23 - 8 = 15)
    expect(az.fix).toBe('needs >= 23 tasks of 1 vCPU / 2 GiB, has 4');
    expect(rows.some((r) => r.resource === 'auto scaling')).toBe(false);
  });

  test('GIVEN auto scaling whose max is too low WHEN sized THEN FAIL naming maxTasks', () => {
    const plan = planLoadBalancedApi({ scaling: { minTasks: 3, maxTasks: 6 }, load: { peakRequestsPerSecond: 3000 } });
    const rule = rows0(plan).find((r) => r.resource === 'auto scaling' && r.verdict === Verdict.FAIL);
    expect(rule?.fix).toBe('set scaling.maxTasks >= 24');
  });

  test('GIVEN a CPU target too high for the AZ count WHEN sized THEN FAIL with the stable target', () => {
    const plan = planLoadBalancedApi({ scaling: { targetCpuUtilization: 0.7 }, load: { peakRequestsPerSecond: 1000 } });
    const rule = rows0(plan).find((r) => r.metric === 'CPU target');
    expect(rule).toMatchObject({ verdict: Verdict.FAIL, fix: 'lower scaling.targetCpuUtilization to <= 0.5 or spread over more AZs' });
  });

  test('GIVEN min tasks below the peak WHEN sized THEN WARN: peak waits for a scale-out', () => {
    const plan = planLoadBalancedApi({ scaling: { minTasks: 3, maxTasks: 60 }, load: { peakRequestsPerSecond: 3000 } });
    const warn = rows0(plan).find((r) => r.verdict === Verdict.WARN && r.resource === 'auto scaling');
    expect(warn?.reason).toMatch(/peak needs 24 tasks but minTasks is 3/);
    expect(warn?.fix).toBe('set scaling.minTasks >= 24');
  });

  test('GIVEN a latency target WHEN sized THEN Erlang C rows appear for normal and AZ-lost fleets', () => {
    const plan = planLoadBalancedApi({
      scaling: { fixedTasks: 6 },
      load: { peakRequestsPerSecond: 1000, requestsPerSecondPerTask: 250, latencyTargetMs: 5, serviceTimeMs: 20 },
    });
    const rows = sizeLoadBalancedApi(plan);
    expect(row(rows, 'api latency', Scenario.NORMAL).metric).toBe('ms p99 queueing delay');
    expect(row(rows, 'api latency', Scenario.AZ_LOSS)).toBeDefined();
  });

  test('GIVEN a Network Load Balancer WHEN sized THEN targets are counted per AZ against the NLB quota', () => {
    const plan = planLoadBalancedApi({ algorithm: LoadBalancingAlgorithm.SOURCE_IP_HASH, azCount: 2, scaling: { fixedTasks: 1000 } });
    const limit = rows0(plan).find((r) => r.resource === 'targets per AZ');
    expect(limit).toMatchObject({ demand: 500, capacity: 500, verdict: Verdict.WARN });
  });

  const demandArb = fc.double({ min: 0, max: 50_000, noNaN: true });
  const fixedArb = fc.integer({ min: 1, max: 200 });

  test('more demand never improves the verdict', () => {
    fc.assert(fc.property(fixedArb, demandArb, demandArb, (n, d1, d2) => {
      const plan = planLoadBalancedApi({ scaling: { fixedTasks: n }, load: { requestsPerSecondPerTask: 300 } });
      const worst = (d: number): number => Math.max(...sizeLoadBalancedApi(plan, d).map((r) => RANK[r.verdict]));
      return worst(Math.max(d1, d2)) >= worst(Math.min(d1, d2));
    }));
  });

  test('the fixed-fleet fix is exact: apply it and the task rows pass, one task less and they do not', () => {
    fc.assert(fc.property(fixedArb, demandArb, (n, demand) => {
      const opts = (tasks: number): LoadBalancedApiOptions => ({
        scaling: { fixedTasks: tasks },
        load: { peakRequestsPerSecond: demand, requestsPerSecondPerTask: 300 },
      });
      for (const scenario of [Scenario.NORMAL, Scenario.AZ_LOSS]) {
        const r = row(sizeLoadBalancedApi(planLoadBalancedApi(opts(n))), 'api tasks', scenario);
        const m = r.fix?.match(/^needs >= ([\d,]+) /);
        if (!m) continue;
        const fixed = Number(m[1].replace(/,/g, ''));
        if (fixed > 1000) continue; // beyond the targets quota the plan rejects the count
        const at = row(sizeLoadBalancedApi(planLoadBalancedApi(opts(fixed))), 'api tasks', scenario);
        if (at.verdict !== Verdict.PASS) return false;
        if (fixed > 1 && row(sizeLoadBalancedApi(planLoadBalancedApi(opts(fixed - 1))), 'api tasks', scenario).verdict === Verdict.PASS) return false;
      }
      return true;
    }));
  });
});

function rows0(plan: ReturnType<typeof planLoadBalancedApi>): SizingRow[] {
  return sizeLoadBalancedApi(plan);
}
