import fc from 'fast-check';
import { issuesOf, RANK } from './blocks/helpers';
import { ComputeKind, SubnetKind } from '../../src/core/blocks/load-balanced-api';
import { OriginAccess } from '../../src/core/blocks/shared/cdn';
import { WorkerKind } from '../../src/core/blocks/work-queue';
import { Errors } from '../../src/core/errors';
import { Verdict } from '../../src/core/sizing/report';
import { planSystem, sizeSystem, sizeSystemRows, systemBlocks, SystemSpec } from '../../src/core/system';


/** A small system with every count pinned, so only the load moves the verdict. */
function pinned(peak: number): SystemSpec {
  return {
    name: 'shop',
    load: { peakRequestsPerSecond: peak, readsPerRequest: 2, writesPerRequest: 0.1, jobsPerSecond: peak / 1000 },
    cdn: { load: { hitRatio: 0.6 } },
    api: { allowPlainHttp: true, scaling: { fixedTasks: 12 }, load: { requestsPerSecondPerTask: 300 } },
    cache: { application: { shards: 2, replicasPerShard: 1 }, load: { workingSetGiB: 5, applicationHitRatio: 0.9 } },
    database: { readers: 2, instanceClass: 'db.r7g.large', load: { storageGiB: 100 } },
    queue: { workers: { minWorkers: 2, maxWorkers: 10 }, load: { secondsPerJob: 2 } },
  };
}

describe('the chain', () => {
  test('GIVEN a CDN, cache and database WHEN planned THEN the load flows down the chain', () => {
    // WHEN
    const plan = planSystem(pinned(10_000));
    // THEN edge 10,000 -> origin 4,000 (hit 0.6) -> reads 8,000, writes 400 -> the cache lets some reads through
    expect(plan.chain.edgeRequestsPerSecond).toBe(10_000);
    expect(plan.chain.originRequestsPerSecond).toBeCloseTo(4000, 6);
    expect(plan.chain.readsPerSecond).toBeCloseTo(8000, 6);
    expect(plan.chain.writesPerSecond).toBeCloseTo(400, 6);
    expect(plan.chain.databaseReadsPerSecond).toBeLessThan(plan.chain.readsPerSecond);
    // every client at its maximum: 12 API tasks and 10 Fargate workers, each with the assumed pool of 10
    expect(plan.chain.databaseConnections).toBe(12 * 10 + 10 * 10);
    // the derived figures are each block's load
    expect(plan.api!.load.peakRequestsPerSecond).toBeCloseTo(4000, 6);
    expect(plan.cache!.load.readsPerSecond).toBeCloseTo(8000, 6);
    expect(plan.cache!.load.cdnHitRatio).toBe(0.6);
    expect(plan.database!.load.writesPerSecond).toBeCloseTo(400, 6);
    expect(plan.queue!.load.jobsPerSecond).toBe(10);
    expect(systemBlocks(plan).map((b) => b.path)).toEqual(['cdn', 'api', 'cache', 'database', 'queue']);
  });

  test('GIVEN an EC2 API and a cache with declared sizes WHEN sized THEN the network rows carry the chain\'s load (after the CDN hit ratio)', () => {
    // GIVEN edge 10,000 -> origin 4,000 on 12 tasks (4 per m7g.xlarge) answering 100 KiB; 8,000 cache reads of 2,000 bytes
    const spec = pinned(10_000);
    const report = sizeSystem(planSystem({
      ...spec,
      api: {
        ...spec.api,
        compute: { kind: ComputeKind.EC2, instanceType: 'm7g.xlarge', cpu: 1024, memoryMiB: 2048 },
        load: { requestsPerSecondPerTask: 300, averageResponseKiB: 100 },
      },
      cache: { ...spec.cache, load: { ...spec.cache!.load, averageItemBytes: 2000 } },
    }));
    const at = (resource: string, scenario: string) => report.rows.find((r) => r.resource === resource && r.scenario === scenario)!;
    // THEN an instance of 4 tasks sends 4 x (4,000 / 12) x 100 KiB x 8 = 1.092 Gbps
    expect(at('api network', 'NORMAL').demand).toBeCloseTo((4 * (4000 / 12) * 100 * 1024 * 8) / 1e9, 9);
    // AND the busiest cache primary sends its shard's reads (8,000 / 2) and its shard's writes (400 / 2) to its one replica
    expect(at('cache network', 'NORMAL').demand).toBeCloseTo(((8000 / 2 + (400 / 2) * 1) * 2000 * 8) / 1e9, 9);
  });

  test('GIVEN no CDN WHEN planned THEN the API takes the client peak', () => {
    const plan = planSystem({ name: 'bare', load: { peakRequestsPerSecond: 900 }, api: { allowPlainHttp: true } });
    expect(plan.chain.originRequestsPerSecond).toBe(900);
    expect(plan.api!.load.peakRequestsPerSecond).toBe(900);
  });

  test('GIVEN no cache WHEN planned THEN every read reaches the database', () => {
    const plan = planSystem({ name: 'nocache', load: { peakRequestsPerSecond: 100, readsPerRequest: 3 }, api: { allowPlainHttp: true }, database: {} });
    expect(plan.chain.databaseReadsPerSecond).toBe(300);
    expect(plan.database!.load.readsPerSecond).toBe(300);
  });

  test('GIVEN an API and a CDN WHEN planned THEN the CDN fronts the API', () => {
    const plan = planSystem({ name: 'edge', load: { peakRequestsPerSecond: 100 }, api: { allowPlainHttp: true }, cdn: {} });
    expect(plan.cdn!.origins.map((o) => o.kind)).toEqual(expect.arrayContaining(['S3_BUCKET', 'LOAD_BALANCER']));
    // no certificate on the API: the CDN reaches it over plain HTTP, and says so
    expect(plan.cdn!.origins.find((o) => o.kind === 'LOAD_BALANCER')!.protocolPolicy).toBe('HTTP_ONLY');
    const withCert = planSystem({
      name: 'edge',
      load: { peakRequestsPerSecond: 100 },
      cdn: {},
      api: { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' },
    });
    expect(withCert.cdn!.origins.find((o) => o.kind === 'LOAD_BALANCER')!.protocolPolicy).toBe('HTTPS_ONLY');
  });

  test('GIVEN an API without a certificate WHEN planned THEN a ValidationError names the certificate and the opt-in; opted in, the report notes it', () => {
    // GIVEN no CDN, no certificate, no opt-in: plain HTTP:80 to the world is refused
    const issues = issuesOf(() => planSystem({ name: 'bare', load: { peakRequestsPerSecond: 100 }, api: {} }));
    expect(issues).toEqual([expect.objectContaining({ path: 'api', prop: 'certificateArn' })]);
    expect(issues[0].allowed).toMatch(/allowPlainHttp true/);
    // behind a public CDN origin (the prefix list, an internet-facing API) CloudFront would reach it over the internet in plain HTTP
    expect(() => planSystem({ name: 'edge', load: { peakRequestsPerSecond: 100 }, cdn: {}, api: { internetFacing: true } }))
      .toThrow(/certificateArn[\s\S]*allowPlainHttp/);
    // WHEN opted in THEN the report says so
    const report = sizeSystem(planSystem({ name: 'bare', load: { peakRequestsPerSecond: 100 }, api: { allowPlainHttp: true } }));
    expect(report.notes.join('\n')).toMatch(/^api: serves plain HTTP on 80 TO THE INTERNET, as allowPlainHttp asks/m);
    // a certificate needs no opt-in and no note
    const tls = sizeSystem(planSystem({
      name: 'bare', load: { peakRequestsPerSecond: 100 }, api: { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' },
    }));
    expect(tls.notes.join('\n')).not.toMatch(/plain HTTP/);
  });

  test('system-wide inputs left out are reported as assumed', () => {
    const report = sizeSystem(planSystem({ name: 'x', load: { peakRequestsPerSecond: 100 }, api: { allowPlainHttp: true } }));
    expect(report.assumed.map((a) => a.prop)).toEqual(expect.arrayContaining(['azCount', 'load.readsPerRequest', 'load.writesPerRequest']));
  });

  test('AZ count and sizing bounds given once apply to every block that sets none', () => {
    const plan = planSystem({ name: 'x', azCount: 2, sizing: { targetUtilization: 0.6 }, load: { peakRequestsPerSecond: 100 }, api: { allowPlainHttp: true }, database: {} });
    expect(plan.api!.azCount).toBe(2);
    expect(plan.api!.sizing.targetUtilization).toBe(0.6);
    expect(plan.database!.sizing.targetUtilization).toBe(0.6);
  });

  test('GIVEN a CDN in front of an API with no certificate and no opt-in WHEN planned THEN the API is internal behind a VPC origin and nothing crosses the internet in plain text', () => {
    // WHEN
    const plan = planSystem({ name: 'edge', load: { peakRequestsPerSecond: 100 }, cdn: {}, api: {} });
    // THEN the API and the CDN say the same: a VPC origin to an internal load balancer admitting CloudFront alone
    expect(plan.api).toMatchObject({
      originAccess: OriginAccess.VPC_ORIGIN,
      internetFacing: false,
      network: { loadBalancerSubnets: SubnetKind.PRIVATE },
      securityGroups: { loadBalancerAdmitsCloudFrontOnly: true, loadBalancerIngressCidrs: [], loadBalancerAdmitsVpcCidr: false },
      listener: { plainTextToInternet: false },
    });
    expect(plan.cdn!.origins.find((o) => o.kind === 'LOAD_BALANCER')).toMatchObject({
      access: OriginAccess.VPC_ORIGIN, protocolPolicy: 'HTTP_ONLY', vpcOriginName: 'edge-cdn-api',
    });
    const notes = sizeSystem(plan).notes.join('\n');
    expect(notes).toMatch(/reached only through the CDN's CloudFront VPC origin/);
    expect(notes).not.toMatch(/TO THE INTERNET/);
    // an internet-facing API the spec asks for keeps the prefix list (and its note); CIDRs keep the CDN's own default
    const open = planSystem({ name: 'edge', load: { peakRequestsPerSecond: 100 }, cdn: {}, api: { internetFacing: true, allowPlainHttp: true } });
    expect(open.api!.originAccess).toBe(OriginAccess.CLOUDFRONT_PREFIX_LIST);
    expect(open.cdn!.origins.find((o) => o.kind === 'LOAD_BALANCER')!.access).toBe(OriginAccess.CLOUDFRONT_PREFIX_LIST);
    // a CDN origin the spec shapes itself still gets the VPC origin
    const shaped = planSystem({ name: 'edge', load: { peakRequestsPerSecond: 100 }, cdn: { apiOrigin: { protocolPolicy: 'HTTP_ONLY' as never, responseTimeoutSeconds: 60 } }, api: {} });
    expect(shaped.cdn!.origins.find((o) => o.kind === 'LOAD_BALANCER')).toMatchObject({ access: OriginAccess.VPC_ORIGIN, responseTimeoutSeconds: 60 });
    expect(shaped.api!.originAccess).toBe(OriginAccess.VPC_ORIGIN);
  });

  test('GIVEN api.originAccess SECRET_ORIGIN_HEADER WHEN planned THEN the CDN sends over HTTPS the header the API requires, from the API\'s secret', () => {
    const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab';
    const plan = planSystem({
      name: 'edge', load: { peakRequestsPerSecond: 100 }, cdn: {}, api: { originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: CERT },
    });
    expect(plan.api).toMatchObject({
      originAccess: OriginAccess.SECRET_ORIGIN_HEADER,
      internetFacing: true,
      originHeader: { headerName: 'X-Origin-Verify', secret: { name: 'scaleblocks/edge-api/origin-verify' } },
      listener: { protocol: 'HTTPS', unmatchedResponse: { statusCode: 403 } },
      securityGroups: { loadBalancerAdmitsCloudFrontOnly: true },
    });
    expect(plan.cdn!.origins.find((o) => o.kind === 'LOAD_BALANCER')).toMatchObject({
      access: OriginAccess.SECRET_ORIGIN_HEADER,
      protocolPolicy: 'HTTPS_ONLY',
      originHeaderName: 'X-Origin-Verify',
      originHeaderSecretName: 'scaleblocks/edge-api/origin-verify',
    });
    const notes = sizeSystem(plan).notes.join('\n');
    expect(notes).toMatch(/forwarding only requests that carry the secret origin header X-Origin-Verify/);
    expect(notes).toMatch(/forwards only requests with the origin header X-Origin-Verify/);
    // the API's own header name and secret reach the CDN; the CDN's access alone brings the API along
    const named = planSystem({
      name: 'edge',
      load: { peakRequestsPerSecond: 100 },
      cdn: {},
      api: { originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: CERT, originHeader: { headerName: 'X-From-Cdn', secretName: 'edge/hdr' } },
    });
    expect(named.cdn!.origins.find((o) => o.kind === 'LOAD_BALANCER')).toMatchObject({ originHeaderName: 'X-From-Cdn', originHeaderSecretName: 'edge/hdr' });
    const fromCdn = planSystem({
      name: 'edge', load: { peakRequestsPerSecond: 100 }, cdn: { apiOrigin: { access: OriginAccess.SECRET_ORIGIN_HEADER } }, api: { certificateArn: CERT },
    });
    expect(fromCdn.api!.originAccess).toBe(OriginAccess.SECRET_ORIGIN_HEADER);
    expect(fromCdn.api!.originHeader!.secret.name).toBe(fromCdn.cdn!.origins.find((o) => o.kind === 'LOAD_BALANCER')!.originHeaderSecretName);
  });

  test('GIVEN SECRET_ORIGIN_HEADER and cdn.apiOrigin.loadBalancerDomainName WHEN planned THEN the CDN reaches the API by that name, and the report names the DNS record', () => {
    const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab';
    const plan = planSystem({
      name: 'edge',
      load: { peakRequestsPerSecond: 100 },
      cdn: { apiOrigin: { loadBalancerDomainName: 'origin.example.com', access: OriginAccess.SECRET_ORIGIN_HEADER } },
      api: { originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: CERT },
    });
    expect(plan.cdn!.origins.find((o) => o.kind === 'LOAD_BALANCER')).toMatchObject({ access: OriginAccess.SECRET_ORIGIN_HEADER, domainName: 'origin.example.com' });
    const notes = sizeSystem(plan).notes.join('\n');
    expect(notes).toMatch(/must point origin\.example\.com at the load balancer/);
    expect(notes).not.toMatch(/answers 502/);
    // without the name, the report names the option as the fix
    const unnamed = planSystem({ name: 'edge', load: { peakRequestsPerSecond: 100 }, cdn: {}, api: { originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: CERT } });
    expect(sizeSystem(unnamed).notes.join('\n')).toMatch(/answers 502: give apiOrigin\.loadBalancerDomainName/);
  });

  test.each([
    ['an upper-case name', { loadBalancerDomainName: 'Origin.example.com', access: OriginAccess.SECRET_ORIGIN_HEADER }, /cdn: apiOrigin\.loadBalancerDomainName = "Origin\.example\.com": must be a DNS name/],
    ['the chain\'s VPC origin', { loadBalancerDomainName: 'origin.example.com' }, /cdn: apiOrigin\.loadBalancerDomainName = "origin\.example\.com": must be unset with access VPC_ORIGIN/],
  ])('GIVEN cdn.apiOrigin.loadBalancerDomainName with %s WHEN planned THEN a ValidationError names it', (_what, apiOrigin, message) => {
    const plan = () => planSystem({ name: 'edge', load: { peakRequestsPerSecond: 100 }, cdn: { apiOrigin }, api: { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab' } });
    let error: unknown;
    try {
      plan();
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(String(error)).toMatch(message);
  });

  test.each([
    ['no certificate', { originAccess: OriginAccess.SECRET_ORIGIN_HEADER, allowPlainHttp: true }, {}, /api: certificateArn = undefined: must be an ACM certificate ARN with originAccess SECRET_ORIGIN_HEADER/],
    ['the CDN naming another header', { originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab' },
      { apiOrigin: { originHeader: { headerName: 'X-Other' } } }, /cdn\.apiOrigin\.originHeader\.headerName = "X-Other": must be X-Origin-Verify/],
    ['a VPC origin in front of a header-checking API', { originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab' },
      { apiOrigin: { access: OriginAccess.VPC_ORIGIN } }, /api\.originAccess = "SECRET_ORIGIN_HEADER": must be not SECRET_ORIGIN_HEADER while cdn\.apiOrigin\.access is VPC_ORIGIN/],
  ])('GIVEN SECRET_ORIGIN_HEADER with %s WHEN planned THEN a ValidationError names it', (_what, api, cdn, message) => {
    expect(() => planSystem({ name: 'edge', load: { peakRequestsPerSecond: 100 }, cdn: cdn as never, api: api as never })).toThrow(message);
  });

  test('GIVEN a CDN in front of the API WHEN planned THEN the API admits CloudFront only, unless the spec names CIDRs', () => {
    const base = { name: 'x', load: { peakRequestsPerSecond: 100 }, cdn: {}, api: { allowPlainHttp: true } };
    expect(planSystem(base).api!.securityGroups.loadBalancerAdmitsCloudFrontOnly).toBe(true);
    const open = planSystem({ ...base, api: { allowPlainHttp: true, allowedCidrs: ['203.0.113.0/24'] } }).api!.securityGroups;
    expect(open).toMatchObject({ loadBalancerAdmitsCloudFrontOnly: false, loadBalancerIngressCidrs: ['203.0.113.0/24'] });
    expect(planSystem({ ...base, cdn: undefined }).api!.securityGroups.loadBalancerAdmitsCloudFrontOnly).toBe(false);
  });

  test('GIVEN blocks without names WHEN planned in a system THEN each is named after the system, within 32 characters', () => {
    const plan = planSystem({ name: 'social-feed', load: { peakRequestsPerSecond: 100 }, cdn: {}, api: { name: 'edge-api', allowPlainHttp: true }, database: {}, queue: {} });
    expect([plan.cdn!.name, plan.api!.name, plan.database!.name, plan.queue!.name]).toEqual(['social-feed-cdn', 'edge-api', 'social-feed-db', 'social-feed-jobs']);
    expect(plan.database!.databaseName).toBe('social_feed_db');
    const long = planSystem({ name: 'a-very-long-system-name-of-32-ch', load: { peakRequestsPerSecond: 1 }, shardedDatabase: {} });
    expect(long.shardedDatabase!.name).toBe('a-very-long-sys-shards');
    expect(long.shardedDatabase!.shards.map((sh) => sh.database.name)).toEqual(expect.arrayContaining(['a-very-long-sys-shards-shard-0']));
  });

  test('GIVEN Lambda workers WHEN planned in a system THEN the system AZ count is not forced on them (found by the Terraform SystemStack)', () => {
    const plan = planSystem({ name: 'x', azCount: 3, load: { peakRequestsPerSecond: 100, jobsPerSecond: 5 }, queue: { workers: { kind: WorkerKind.LAMBDA } } });
    expect(plan.queue!.workers.kind).toBe(WorkerKind.LAMBDA);
  });
});

describe('GIVEN the AZ count of the VPC a SystemStack is given (context.networkAzCount)', () => {
  /** Every block that spreads over AZs, in a spec that sets no AZ count anywhere. */
  const EVERY_AZ_BLOCK: SystemSpec = {
    name: 'shop',
    load: { peakRequestsPerSecond: 500, jobsPerSecond: 5 },
    api: { allowPlainHttp: true },
    cache: {},
    database: {},
    queue: {},
    gateway: { services: [{ name: 'orders', requireAuthorization: false }] },
  };
  /** The AZ count of every block of a planned system that spreads over AZs. */
  const blockAzCounts = (plan: ReturnType<typeof planSystem>): number[] => [
    plan.api!.azCount, plan.cache!.application.azCount, plan.database!.azCount, plan.queue!.workers.fargate!.azCount, plan.gateway!.azCount,
  ];
  const fromVpc = (plan: ReturnType<typeof planSystem>) => plan.assumed.filter((a) => /taken from the VPC/.test(a.reason));

  test('WHEN the spec sets no azCount THEN the system and every block spread over the VPC\'s 2 AZs, and the plan says it was taken from the VPC', () => {
    const plan = planSystem(EVERY_AZ_BLOCK, { networkAzCount: 2 });
    expect(plan.azCount).toBe(2);
    expect(blockAzCounts(plan)).toEqual([2, 2, 2, 2, 2]);
    expect(fromVpc(plan)).toEqual([{ prop: 'azCount', value: '2', reason: 'taken from the VPC given: it spans 2 Availability Zones (set azCount to choose)' }]);
    // The default is not also listed as assumed.
    expect(plan.assumed.filter((a) => a.prop === 'azCount')).toHaveLength(1);
  });

  test('WHEN a sharded system sets no azCount THEN its shards take the VPC\'s AZs too, and a spec azCount within the VPC\'s is theirs (geographic shards, in VPCs of their own Regions, do not)', () => {
    const sharded = planSystem({ name: 'x', load: { peakRequestsPerSecond: 100 }, shardedDatabase: { strategy: 'HASH' } } as unknown as SystemSpec,
      { networkAzCount: 2 });
    expect(sharded.shardedDatabase!.shards.map((s) => s.database.azCount)).toEqual(sharded.shardedDatabase!.shards.map(() => 2));
    const pinnedAz = planSystem({ name: 'x', azCount: 2, load: { peakRequestsPerSecond: 100 }, shardedDatabase: { strategy: 'HASH' } } as unknown as SystemSpec,
      { networkAzCount: 3 });
    expect(pinnedAz.shardedDatabase!.shards.map((s) => s.database.azCount)).toEqual(pinnedAz.shardedDatabase!.shards.map(() => 2));
    // A shard's own azCount wins over the system's.
    const own = planSystem({ name: 'x', load: { peakRequestsPerSecond: 100 }, shardedDatabase: { strategy: 'HASH', shardDefaults: { azCount: 3 } } } as unknown as SystemSpec,
      { networkAzCount: 4 });
    expect(own.shardedDatabase!.shards.map((s) => s.database.azCount)).toEqual(own.shardedDatabase!.shards.map(() => 3));
    const geo = planSystem({ name: 'x', region: 'eu-west-1', load: { peakRequestsPerSecond: 100 }, shardedDatabase: { strategy: 'GEOGRAPHIC' } } as unknown as SystemSpec,
      { networkAzCount: 2 });
    expect(geo.shardedDatabase!.shards.map((s) => s.database.azCount)).toEqual(geo.shardedDatabase!.shards.map(() => 3));
  });

  test('WHEN the VPC spans more AZs than a block may use THEN the system takes 6, and says why', () => {
    const plan = planSystem(EVERY_AZ_BLOCK, { networkAzCount: 8 });
    expect(plan.azCount).toBe(6);
    expect(fromVpc(plan)).toEqual([expect.objectContaining({ prop: 'azCount', value: '6', reason: expect.stringMatching(/spans 8 .*at most 6/) })]);
  });

  test('WHEN the spec sets azCount within the VPC\'s AZs THEN the spec wins and nothing is noted as taken from the VPC', () => {
    const plan = planSystem({ ...EVERY_AZ_BLOCK, azCount: 2 }, { networkAzCount: 3 });
    expect(plan.azCount).toBe(2);
    expect(blockAzCounts(plan)).toEqual([2, 2, 2, 2, 2]);
    expect(fromVpc(plan)).toEqual([]);
    expect(plan.assumed.filter((a) => a.prop === 'azCount')).toEqual([]);
  });

  test('WHEN the spec sets azCount 3 and the VPC spans 2 AZs THEN one ValidationError names azCount, the 3 given and the VPC\'s 2', () => {
    const found = issuesOf(() => planSystem({ ...EVERY_AZ_BLOCK, azCount: 3 }, { networkAzCount: 2 }));
    expect(found).toEqual([{
      path: '',
      prop: 'azCount',
      value: '3',
      allowed: 'at most 2: the VPC given spans 2 Availability Zones (the fewer of its private and isolated subnets\' AZs); '
        + 'unset azCount to take the VPC\'s, or give a VPC of at least 3 AZs',
    }]);
  });

  test('WHEN the VPC spans a single AZ THEN the ValidationError says a system needs 2', () => {
    const found = issuesOf(() => planSystem(EVERY_AZ_BLOCK, { networkAzCount: 1 }));
    expect(found).toEqual([expect.objectContaining({
      prop: 'azCount', value: '3', allowed: expect.stringMatching(/a VPC of at least 2 Availability Zones, and the VPC given spans 1 Availability Zone\b/),
    })]);
  });

  test('WHEN no network is known THEN the default of 3 stays, listed as assumed', () => {
    for (const context of [undefined, {}, { networkAzCount: undefined }]) {
      const plan = planSystem(EVERY_AZ_BLOCK, context);
      expect(plan.azCount).toBe(3);
      expect(plan.assumed.find((a) => a.prop === 'azCount')).toEqual(
        { prop: 'azCount', value: '3', reason: 'Availability Zones every block spreads over' });
    }
  });

  test('WHEN the context is not an object THEN a ValidationError names it', () => {
    expect(issuesOf(() => planSystem(EVERY_AZ_BLOCK, 'two' as never))).toEqual([expect.objectContaining({ prop: '(context)' })]);
  });

  test('law: a spec without azCount spreads over min(VPC AZs, 6); a spec azCount plans exactly when it fits the VPC', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 9 }), fc.option(fc.integer({ min: 2, max: 6 }), { nil: undefined }), (vpcAzs, given) => {
      const spec = { ...EVERY_AZ_BLOCK, ...(given === undefined ? {} : { azCount: given }) };
      if (given !== undefined && given > vpcAzs) {
        expect(issuesOf(() => planSystem(spec, { networkAzCount: vpcAzs })).map((i) => i.prop)).toEqual(['azCount']);
        return;
      }
      const plan = planSystem(spec, { networkAzCount: vpcAzs });
      const expected = given ?? Math.min(vpcAzs, 6);
      expect(plan.azCount).toBe(expected);
      expect(blockAzCounts(plan)).toEqual([expected, expected, expected, expected, expected]);
    }), { numRuns: 40 });
  });
});

describe('system validation', () => {
  test.each<[string, SystemSpec, string, string]>([
    ['name', { name: 'Shop!', load: { peakRequestsPerSecond: 1 } }, 'name', 'lower-case letters, digits and hyphens, starting with a letter, 1 to 32 characters'],
    ['region', { name: 'x', region: 'europe', load: { peakRequestsPerSecond: 1 } }, 'region', 'an AWS Region name such as us-east-1 or eu-west-1'],
    ['both databases', { name: 'x', load: { peakRequestsPerSecond: 1 }, database: {}, shardedDatabase: {} }, 'shardedDatabase',
      'unset when database is set (one primary store per system)'],
    ['derived api load', { name: 'x', load: { peakRequestsPerSecond: 1 }, api: { load: { peakRequestsPerSecond: 5 } } }, 'api.load.peakRequestsPerSecond',
      'unset in a system spec: the chain derives it from load.peakRequestsPerSecond x (1 - the CDN hit ratio)'],
    ['derived queue load', { name: 'x', load: { peakRequestsPerSecond: 1 }, queue: { load: { jobsPerSecond: 5 } } }, 'queue.load.jobsPerSecond',
      'unset in a system spec: the chain derives it from load.jobsPerSecond'],
  ])('%s', (_label, spec, prop, allowed) => {
    expect(issuesOf(() => planSystem(spec))).toContainEqual(expect.objectContaining({ prop, allowed }));
  });

  test('errors of several blocks come together, each with its block path', () => {
    const found = issuesOf(() => planSystem({ name: 'x', load: { peakRequestsPerSecond: 1 }, api: { azCount: 9 }, database: { readers: 99 } }));
    expect(found).toContainEqual(expect.objectContaining({ path: 'api', prop: 'azCount' }));
    expect(found).toContainEqual(expect.objectContaining({ path: 'database', prop: 'readers' }));
  });

  test('arbitrary system specs either plan or throw ValidationError', () => {
    const anything = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }),
      fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }));
    const block = fc.oneof(fc.constant(undefined), fc.constant({}), anything);
    const spec = fc.record({
      name: fc.oneof(fc.constant('sys'), anything),
      region: fc.oneof(fc.constant(undefined), fc.constant('eu-west-1'), anything),
      azCount: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 8 }), anything),
      load: fc.oneof(fc.record({ peakRequestsPerSecond: fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), anything) }), anything),
      cdn: block,
      api: block,
      cache: block,
      database: block,
      queue: block,
      gateway: block,
      shardedDatabase: block,
    }, { requiredKeys: ['name'] });
    // What a backend read of the VPC, or anything a caller passes.
    const networkAzCount = fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 8 }), anything);
    const context = fc.oneof(fc.constant(undefined), fc.record({ networkAzCount }), anything);
    fc.assert(fc.property(spec, context, (s, c) => {
      try {
        sizeSystem(planSystem(s as unknown as SystemSpec, c as never));
        return true;
      } catch (e) {
        return Errors.isValidationError(e);
      }
    }), { numRuns: 150 });
  });
});

describe('system sizing', () => {
  test('more load never improves the verdict of a pinned system', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 60_000, noNaN: true }), fc.double({ min: 0, max: 60_000, noNaN: true }), (a, b) => {
      const worst = (peak: number): number => RANK[sizeSystem(planSystem(pinned(peak))).verdict];
      return worst(Math.max(a, b)) >= worst(Math.min(a, b));
    }), { numRuns: 40 });
  });

  test('GIVEN a pinned system at modest load WHEN sized THEN it passes; at ten times THEN it fails', () => {
    expect(sizeSystem(planSystem(pinned(2000))).verdict).not.toBe(Verdict.FAIL);
    expect(sizeSystem(planSystem(pinned(20_000))).verdict).toBe(Verdict.FAIL);
  });
});

describe('planSystem: a declared API Gateway account throttle', () => {
  const spec = (quotas?: { [path: string]: number }, accountThrottleRps?: number): SystemSpec => ({
    name: 'shop',
    region: 'af-south-1',
    load: { peakRequestsPerSecond: 100 },
    gateway: {
      services: [{ name: 'orders', requireAuthorization: false }],
      load: { peakRequestsPerSecond: 6000 },
      ...(accountThrottleRps !== undefined ? { accountThrottleRps } : {}),
    },
    ...(quotas ? { quotas } : {}),
  });
  const throttleRow = (s: SystemSpec) => sizeSystemRows(planSystem(s)).rows.find((r) => r.resource === 'account throttle')!;

  test('GIVEN 6,000 requests/s in af-south-1 and no declared quota WHEN sized THEN the throttle row does not pass (2,500 there)', () => {
    const plan = planSystem(spec());
    expect(plan.gateway!.accountThrottleRps).toBe(10_000);
    const r = throttleRow(spec());
    expect(r.verdict).not.toBe(Verdict.PASS);
    expect(r.capacity).toBe(2500);
  });

  test('GIVEN quotas.apiGateway.accountThrottleRps WHEN planned THEN the gateway takes it and the throttle row passes against it', () => {
    const declared = spec({ 'apiGateway.accountThrottleRps': 8000 });
    const plan = planSystem(declared);
    expect(plan.gateway!.accountThrottleRps).toBe(8000);
    expect(plan.gateway!.api.defaultThrottle.rateLimit).toBe(8000);
    expect(throttleRow(declared)).toMatchObject({ verdict: Verdict.PASS, capacity: 8000 });
  });

  test('GIVEN gateway.accountThrottleRps above the declared quota WHEN planned THEN one ValidationError names both', () => {
    const issues = issuesOf(() => planSystem(spec({ 'apiGateway.accountThrottleRps': 8000 }, 9000)));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'gateway', prop: 'accountThrottleRps', value: '9000' });
    expect(issues[0].allowed).toContain('quotas.apiGateway.accountThrottleRps: 8000');
  });
});
