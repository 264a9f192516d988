import {
  DB_ENGINE_FAMILIES,
  dbInstance,
  DbEngineFamily,
  ec2Instance,
  knownDbInstances,
  knownEc2Instances,
  nextSizeInFamily,
  RECHECK_DATE,
  SOURCES,
} from '../../../src/core/catalog';

describe('EC2 instance specs', () => {
  // Figures from SIZING-FACTS.md "Hardware".
  test.each([
    ['m7g.large', 2, 8], ['m7g.xlarge', 4, 16], ['m7g.2xlarge', 8, 32], ['m7g.4xlarge', 16, 64],
    ['m7i.large', 2, 8], ['m7i.4xlarge', 16, 64],
    ['c7g.large', 2, 4], ['c7g.xlarge', 4, 8], ['c7i.2xlarge', 8, 16], ['c7i.4xlarge', 16, 32],
    ['r7g.large', 2, 16], ['r7g.xlarge', 4, 32], ['r7i.2xlarge', 8, 64], ['r7i.4xlarge', 16, 128],
    ['t4g.micro', 2, 1], ['t4g.small', 2, 2], ['t4g.medium', 2, 4], ['t4g.large', 2, 8], ['t4g.xlarge', 4, 16], ['t4g.2xlarge', 8, 32],
    ['m6g.large', 2, 8], ['r6g.large', 2, 16], ['c6g.large', 2, 4], ['m6i.large', 2, 8], ['r6i.large', 2, 16],
  ])('%s has %d vCPU and %d GiB', (name, vcpu, memoryGiB) => {
    const spec = ec2Instance(name);
    expect(spec).toBeDefined();
    expect(spec!.vcpu).toBe(vcpu);
    expect(spec!.memoryGiB).toBe(memoryGiB);
    expect(spec!.name).toBe(name);
    expect(`${spec!.family}.${spec!.size}`).toBe(name);
  });

  test('Graviton3 network and burstable flags', () => {
    expect(ec2Instance('m7g.large')).toMatchObject({ baselineNetworkGbps: 0.937, burstNetworkGbps: 12.5, burstable: false });
    expect(ec2Instance('r7g.16xlarge')).toMatchObject({ baselineNetworkGbps: 30 });
    expect(ec2Instance('r7g.16xlarge')!.burstNetworkGbps).toBeUndefined();
    expect(ec2Instance('t4g.2xlarge')).toMatchObject({ baselineNetworkGbps: 2.048, burstNetworkGbps: 5, burstable: true });
  });

  test('the CoreMark source is confirmed and quotes the measured figures the catalog rounds', () => {
    expect(SOURCES.coreMark).toMatchObject({ confirmed: true, read: RECHECK_DATE });
    for (const [family, measured] of [['m7g', '51,659.6'], ['c7g', '51,890.8'], ['r7g', '49,239.9'], ['m7i', '46,780.9'], ['c7i', '39,481.5']]) {
      expect(SOURCES.coreMark.note).toContain(`${family}.large ${measured}`);
      const perVcpu = ec2Instance(`${family}.large`)!.coremarkPerVcpu!;
      expect(Math.abs(perVcpu * 2 - Number(measured.replace(',', '')))).toBeLessThanOrEqual(50);
    }
    expect(SOURCES.coreMark.note).toContain('t4g.medium 39,179.8');
  });

  test('CoreMark per vCPU is half the 2-vCPU measurement', () => {
    expect(ec2Instance('m7g.4xlarge')!.coremarkPerVcpu).toBe(25_850);
    expect(ec2Instance('c7i.large')!.coremarkPerVcpu).toBe(19_750);
    expect(ec2Instance('t4g.medium')!.coremarkPerVcpu).toBe(19_600);
    expect(ec2Instance('r7i.large')!.coremarkPerVcpu).toBeUndefined();
  });

  // Rows of the EC2 pages as read for issue 16 (SOURCES.ec2GeneralPurpose, ec2ComputeOptimized, ec2MemoryOptimized).
  test.each([
    ['m7g.medium', 1, 4], ['m7g.16xlarge', 64, 256], ['m6g.8xlarge', 32, 128], ['m6g.12xlarge', 48, 192],
    ['m7i.16xlarge', 64, 256], ['m6i.12xlarge', 48, 192],
    ['c7g.medium', 1, 2], ['c7g.16xlarge', 64, 128], ['c6g.8xlarge', 32, 64], ['c6g.12xlarge', 48, 96],
    ['r7g.medium', 1, 8], ['r7g.12xlarge', 48, 384], ['r6g.16xlarge', 64, 512], ['r6i.8xlarge', 32, 256], ['r6i.16xlarge', 64, 512],
  ])('%s has the page\'s %d vCPU and %d GiB', (name, vcpu, memoryGiB) => {
    expect(ec2Instance(name)).toMatchObject({ vcpu, memoryGiB });
  });

  test.each([
    ['m6g.large', 0.75, 10], ['m6g.4xlarge', 5, 10], ['c6g.xlarge', 1.25, 10], ['r6g.2xlarge', 2.5, 10],
    ['c7g.2xlarge', 3.75, 15], ['r7g.4xlarge', 7.5, 15], ['m7g.xlarge', 1.876, 12.5], ['t4g.micro', 0.064, 5],
  ])('%s: the page\'s baseline %d / burst %d Gbps', (name, baseline, burst) => {
    expect(ec2Instance(name)).toMatchObject({ baselineNetworkGbps: baseline, burstNetworkGbps: burst });
  });

  test.each([['m6g.8xlarge', 12], ['c6g.12xlarge', 20], ['r6g.16xlarge', 25], ['c7g.8xlarge', 15], ['m7g.12xlarge', 22.5]])(
    '%s: the page\'s %d Gbps, no burst', (name, baseline) => {
      expect(ec2Instance(name)!.baselineNetworkGbps).toBe(baseline);
      expect(ec2Instance(name)!.burstNetworkGbps).toBeUndefined();
    });

  test('rows of families a readable page lists are confirmed; c7i, r7i and r8g are not and say why', () => {
    for (const name of ['m7g.large', 'm7i.large', 'm6i.large', 't4g.micro', 'c7g.large', 'c6g.large', 'r7g.large', 'r6g.large', 'r6i.large']) {
      expect(ec2Instance(name)!.source).toMatchObject({ confirmed: true, read: RECHECK_DATE });
    }
    expect(ec2Instance('c7i.large')!.source).toBe(SOURCES.ec2ComputeOptimizedC7i);
    expect(ec2Instance('r7i.large')!.source).toBe(SOURCES.ec2MemoryOptimizedR7iR8g);
    expect(ec2Instance('r8g.large')!.source).toBe(SOURCES.ec2MemoryOptimizedR7iR8g);
    for (const name of ['c7i.large', 'r7i.large', 'r8g.large']) {
      expect(ec2Instance(name)!.source.confirmed).toBe(false);
      expect(ec2Instance(name)!.source.note).toContain('Cannot be confirmed');
    }
  });

  test.each(['m7g.nano', 'm7i.medium', 'x9z.large', 'db.r7g.large', 'M7G.large', '', 'm7g.32xlarge'])(
    'unknown name %p is undefined', (name) => {
      expect(ec2Instance(name)).toBeUndefined();
    });

  test('knownEc2Instances lists every row once', () => {
    const names = knownEc2Instances();
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('m7g.large');
    expect(names).toContain('t4g.micro');
    for (const name of names) expect(ec2Instance(name)?.name).toBe(name);
  });
});

describe('DB instance classes', () => {
  test.each(DB_ENGINE_FAMILIES)('%s offers db.r7g.large as 2 vCPU / 16 GiB', (engine) => {
    expect(dbInstance('db.r7g.large', engine)).toMatchObject({ name: 'db.r7g.large', family: 'r7g', size: 'large', vcpu: 2, memoryGiB: 16 });
  });

  test.each([DbEngineFamily.AURORA_POSTGRESQL, DbEngineFamily.AURORA_MYSQL])('%s offers only t4g medium and large', (engine) => {
    expect(dbInstance('db.t4g.micro', engine)).toBeUndefined();
    expect(dbInstance('db.t4g.small', engine)).toBeUndefined();
    expect(dbInstance('db.t4g.xlarge', engine)).toBeUndefined();
    expect(dbInstance('db.t4g.medium', engine)).toMatchObject({ vcpu: 2, memoryGiB: 4, burstable: true });
    expect(dbInstance('db.t4g.large', engine)).toBeDefined();
  });

  test.each([DbEngineFamily.AURORA_POSTGRESQL, DbEngineFamily.AURORA_MYSQL])('%s offers no db.m or db.c classes', (engine) => {
    expect(dbInstance('db.m7g.large', engine)).toBeUndefined();
    expect(dbInstance('db.c7g.large', engine)).toBeUndefined();
  });

  test.each([DbEngineFamily.POSTGRESQL, DbEngineFamily.MYSQL])('%s offers t4g micro..2xlarge and db.m7g, but no db.c7g', (engine) => {
    expect(dbInstance('db.t4g.micro', engine)).toMatchObject({ vcpu: 2, memoryGiB: 1 });
    expect(dbInstance('db.t4g.2xlarge', engine)).toBeDefined();
    expect(dbInstance('db.m7g.xlarge', engine)).toMatchObject({ vcpu: 4, memoryGiB: 16 });
    expect(dbInstance('db.c7g.large', engine)).toBeUndefined();
  });

  test.each([DbEngineFamily.AURORA_POSTGRESQL, DbEngineFamily.AURORA_MYSQL])('%s: r7g/r6g/r6i/t4g rows are confirmed, r7i/r8g not', (engine) => {
    for (const name of ['db.r7g.large', 'db.r6g.16xlarge', 'db.r6i.8xlarge', 'db.t4g.medium']) {
      expect(dbInstance(name, engine)!.source).toBe(SOURCES.auroraInstanceClasses);
    }
    expect(SOURCES.auroraInstanceClasses.confirmed).toBe(true);
    for (const name of ['db.r7i.large', 'db.r8g.16xlarge']) {
      expect(dbInstance(name, engine)!.source).toMatchObject({ confirmed: false, read: RECHECK_DATE });
    }
  });

  test.each([DbEngineFamily.POSTGRESQL, DbEngineFamily.MYSQL])('%s: m7g/m6g/m6i/r7g/r6g/r6i/t4g rows are confirmed, m7i/r7i/r8g not', (engine) => {
    for (const name of ['db.m7g.large', 'db.m6g.16xlarge', 'db.m6i.xlarge', 'db.r7g.2xlarge', 'db.r6g.large', 'db.r6i.12xlarge', 'db.t4g.micro']) {
      expect(dbInstance(name, engine)!.source).toBe(SOURCES.rdsInstanceClasses);
    }
    expect(SOURCES.rdsInstanceClasses.confirmed).toBe(true);
    for (const name of ['db.m7i.large', 'db.r7i.large', 'db.r8g.large']) {
      expect(dbInstance(name, engine)!.source).toBe(SOURCES.rdsInstanceClassesM7iR7iR8g);
    }
    expect(SOURCES.rdsInstanceClassesM7iR7iR8g.confirmed).toBe(false);
  });

  test('DB names need the db. prefix; DB classes have no medium size', () => {
    expect(dbInstance('r7g.large', DbEngineFamily.POSTGRESQL)).toBeUndefined();
    expect(dbInstance('db.r7g.medium', DbEngineFamily.POSTGRESQL)).toBeUndefined();
    expect(dbInstance('db.nope.large', DbEngineFamily.MYSQL)).toBeUndefined();
  });

  test.each(DB_ENGINE_FAMILIES)('knownDbInstances(%s) round-trips', (engine) => {
    const names = knownDbInstances(engine);
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      expect(name.startsWith('db.')).toBe(true);
      expect(dbInstance(name, engine)?.name).toBe(name);
    }
  });
});

describe('nextSizeInFamily', () => {
  test.each(knownEc2Instances())('%s: the next size strictly grows vCPU and memory', (name) => {
    const next = nextSizeInFamily(name);
    const spec = ec2Instance(name)!;
    if (next === undefined) {
      // Only the largest size of a family has no next size.
      const bigger = knownEc2Instances().map((n) => ec2Instance(n)!)
        .filter((s) => s.family === spec.family && s.vcpu > spec.vcpu && s.memoryGiB > spec.memoryGiB);
      expect(bigger).toEqual([]);
      return;
    }
    const n = ec2Instance(next)!;
    expect(n.family).toBe(spec.family);
    expect(n.vcpu).toBeGreaterThan(spec.vcpu);
    expect(n.memoryGiB).toBeGreaterThan(spec.memoryGiB);
  });

  test.each([
    ['m7g.large', 'm7g.xlarge'],
    ['m7g.medium', 'm7g.large'],
    ['r7g.8xlarge', 'r7g.12xlarge'],
    ['t4g.micro', 't4g.xlarge'],
    ['t4g.xlarge', 't4g.2xlarge'],
  ])('%s -> %s', (from, to) => {
    expect(nextSizeInFamily(from)).toBe(to);
  });

  test.each(DB_ENGINE_FAMILIES)('%s: DB next sizes stay within what the engine offers', (engine) => {
    for (const name of knownDbInstances(engine)) {
      const next = nextSizeInFamily(name, engine);
      if (next === undefined) continue;
      const a = dbInstance(name, engine)!;
      const b = dbInstance(next, engine)!;
      expect(b).toBeDefined();
      expect(b.family).toBe(a.family);
      expect(b.vcpu).toBeGreaterThan(a.vcpu);
      expect(b.memoryGiB).toBeGreaterThan(a.memoryGiB);
    }
  });

  test('DB examples, and no guess for unknown or largest names', () => {
    expect(nextSizeInFamily('db.r7g.large', DbEngineFamily.AURORA_POSTGRESQL)).toBe('db.r7g.xlarge');
    expect(nextSizeInFamily('db.t4g.large', DbEngineFamily.AURORA_MYSQL)).toBeUndefined();
    expect(nextSizeInFamily('db.t4g.large', DbEngineFamily.POSTGRESQL)).toBe('db.t4g.xlarge');
    expect(nextSizeInFamily('db.r7g.16xlarge')).toBeUndefined();
    expect(nextSizeInFamily('r7g.16xlarge')).toBeUndefined();
    expect(nextSizeInFamily('x1.large')).toBeUndefined();
    expect(nextSizeInFamily('db.r7g.large', DbEngineFamily.MYSQL)).toBe('db.r7g.xlarge');
  });
});
