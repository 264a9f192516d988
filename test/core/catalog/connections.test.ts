import { dbInstance, DbEngineFamily, ec2Instance, maxConnections } from '../../../src/core/catalog';

function conn(engine: DbEngineFamily, name: string) {
  const spec = dbInstance(name, engine);
  expect(spec).toBeDefined();
  return maxConnections(engine, spec!);
}

describe('max_connections defaults', () => {
  // 16 GiB = 17,179,869,184 bytes; / 9,531,392 = 1802.4; / 12,582,880 = 1365.3 (nominal memory).
  test.each([
    [DbEngineFamily.POSTGRESQL, 'db.r7g.large', 1802],
    [DbEngineFamily.AURORA_POSTGRESQL, 'db.r7g.large', 1802],
    [DbEngineFamily.POSTGRESQL, 'db.t4g.micro', 112],
    [DbEngineFamily.AURORA_POSTGRESQL, 'db.t4g.medium', 450],
    [DbEngineFamily.POSTGRESQL, 'db.r7g.xlarge', 3604],
    [DbEngineFamily.POSTGRESQL, 'db.r7g.2xlarge', 5000],
    [DbEngineFamily.AURORA_POSTGRESQL, 'db.r7g.16xlarge', 5000],
    [DbEngineFamily.MYSQL, 'db.r7g.large', 1365],
    [DbEngineFamily.MYSQL, 'db.m7g.large', 682],
    [DbEngineFamily.MYSQL, 'db.r7g.16xlarge', 43690],
    [DbEngineFamily.AURORA_MYSQL, 'db.t4g.medium', 90],
    [DbEngineFamily.AURORA_MYSQL, 'db.t4g.large', 135],
    [DbEngineFamily.AURORA_MYSQL, 'db.r6g.large', 1000],
    [DbEngineFamily.AURORA_MYSQL, 'db.r6g.4xlarge', 4000],
    [DbEngineFamily.AURORA_MYSQL, 'db.r6g.16xlarge', 6000],
    [DbEngineFamily.AURORA_MYSQL, 'db.r7g.large', 1000],
    [DbEngineFamily.AURORA_MYSQL, 'db.r7i.12xlarge', 6000],
  ])('%s %s: %d', (engine, name, value) => {
    expect(conn(engine, name)!.value).toBe(value);
  });

  test('sources and notes say what was used', () => {
    const pg = conn(DbEngineFamily.POSTGRESQL, 'db.r7g.large')!;
    expect(pg.formula).toBe('LEAST({DBInstanceClassMemory/9531392}, 5000)');
    expect(pg.source.url).toContain('docs.aws.amazon.com');
    expect(pg.memorySource!.confirmed).toBe(true);
    expect(pg.note).toContain('nominal');

    const table = conn(DbEngineFamily.AURORA_MYSQL, 'db.r6g.large')!;
    expect(table.source.confirmed).toBe(true);
    const derived = conn(DbEngineFamily.AURORA_MYSQL, 'db.r7g.large')!;
    expect(derived.source.confirmed).toBe(false);
    expect(derived.note).toContain('db.r6g.large');
  });

  test('Aurora MySQL has no default outside its table', () => {
    expect(maxConnections(DbEngineFamily.AURORA_MYSQL, ec2Instance('m7g.large')!)).toBeUndefined();
  });

  test('larger classes never get fewer connections', () => {
    for (const engine of [DbEngineFamily.POSTGRESQL, DbEngineFamily.MYSQL, DbEngineFamily.AURORA_MYSQL]) {
      const sizes = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];
      const values = sizes.map((s) => conn(engine, `db.r7g.${s}`)!.value);
      for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
    }
  });
});
