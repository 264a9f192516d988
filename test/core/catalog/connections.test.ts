import { dbInstance, DbEngineFamily, ec2Instance, maxConnections, serverlessV2MaxConnections } from '../../../src/core/catalog';

function conn(engine: DbEngineFamily, name: string) {
  const spec = dbInstance(name, engine);
  expect(spec).toBeDefined();
  return maxConnections(engine, spec!);
}

describe('max_connections defaults', () => {
  // RDS: 16 GiB = 17,179,869,184 bytes; / 9,531,392 = 1802.4; / 12,582,880 = 1365.3 (nominal memory).
  // Aurora PostgreSQL: AWS's table (db.r6g.large 1,722, not the formula's 1,802; db.t4g.medium 405, not 450).
  test.each([
    [DbEngineFamily.POSTGRESQL, 'db.r7g.large', 1802],
    [DbEngineFamily.AURORA_POSTGRESQL, 'db.r6g.large', 1722],
    [DbEngineFamily.AURORA_POSTGRESQL, 'db.r6g.xlarge', 3479],
    [DbEngineFamily.AURORA_POSTGRESQL, 'db.r6g.2xlarge', 5000],
    [DbEngineFamily.AURORA_POSTGRESQL, 'db.r7g.large', 1722],
    [DbEngineFamily.AURORA_POSTGRESQL, 'db.r8g.large', 1722],
    [DbEngineFamily.AURORA_POSTGRESQL, 'db.r8g.xlarge', 3479],
    [DbEngineFamily.AURORA_POSTGRESQL, 'db.r6i.large', 1722],
    [DbEngineFamily.POSTGRESQL, 'db.t4g.micro', 112],
    [DbEngineFamily.AURORA_POSTGRESQL, 'db.t4g.medium', 405],
    [DbEngineFamily.AURORA_POSTGRESQL, 'db.t4g.large', 844],
    [DbEngineFamily.POSTGRESQL, 'db.r8g.large', 1802],
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
    [DbEngineFamily.AURORA_MYSQL, 'db.r6i.8xlarge', 5000],
    [DbEngineFamily.AURORA_MYSQL, 'db.r8g.2xlarge', 3000],
  ])('%s %s: %d', (engine, name, value) => {
    expect(conn(engine, name)!.value).toBe(value);
  });

  test('sources and notes say what was used', () => {
    const pg = conn(DbEngineFamily.POSTGRESQL, 'db.r7g.large')!;
    expect(pg.formula).toBe('LEAST({DBInstanceClassMemory/9531392}, 5000)');
    expect(pg.source.url).toContain('docs.aws.amazon.com');
    expect(pg.source.confirmed).toBe(true);
    expect(pg.source.note).toContain('LEAST({DBInstanceClassMemory/9531392}, 5000)');
    const my = conn(DbEngineFamily.MYSQL, 'db.r7g.large')!;
    expect(my.formula).toBe('{DBInstanceClassMemory/12582880}');
    expect(my.source.note).toContain('DBInstanceClassMemory/12582880');
    expect(pg.memorySource!.confirmed).toBe(true);
    expect(pg.note).toContain('nominal');

    const table = conn(DbEngineFamily.AURORA_MYSQL, 'db.r6g.large')!;
    expect(table.source.confirmed).toBe(true);
    const derived = conn(DbEngineFamily.AURORA_MYSQL, 'db.r7g.large')!;
    expect(derived.source.confirmed).toBe(false);
    expect(derived.note).toContain('db.r6g.large');

    const apg = conn(DbEngineFamily.AURORA_POSTGRESQL, 'db.r6g.large')!;
    expect(apg).toMatchObject({ formula: 'Aurora PostgreSQL per-class default table', source: { confirmed: true } });
    expect(apg.memorySource).toBeUndefined();
    const apgKin = conn(DbEngineFamily.AURORA_POSTGRESQL, 'db.r8g.large')!;
    expect(apgKin.source.confirmed).toBe(false);
    expect(apgKin.source.note).toContain('Cannot be confirmed until AWS lists these classes');
  });

  test.each([
    // [engine, min ACU, max ACU, max_connections]: AWS's Serverless v2 table by maximum ACUs.
    [DbEngineFamily.AURORA_POSTGRESQL, 1, 1, 189],
    [DbEngineFamily.AURORA_POSTGRESQL, 1, 16, 3360],
    [DbEngineFamily.AURORA_POSTGRESQL, 2, 64, 5000],
    [DbEngineFamily.AURORA_POSTGRESQL, 0.5, 64, 2000],
    [DbEngineFamily.AURORA_POSTGRESQL, 0.5, 8, 1669],
    [DbEngineFamily.AURORA_MYSQL, 0.5, 8, 1000],
    [DbEngineFamily.AURORA_MYSQL, 1, 128, 5000],
    [DbEngineFamily.AURORA_MYSQL, 1, 20, 2000],
  ])('Serverless v2 %s %d-%d ACUs: %d', (engine, min, max, value) => {
    expect(serverlessV2MaxConnections(engine, min, max)!.value).toBe(value);
  });

  test('Serverless v2: between rows the lower row (said so); below 1 ACU or on RDS no figure', () => {
    expect(serverlessV2MaxConnections(DbEngineFamily.AURORA_MYSQL, 1, 20)!.note).toContain('the table\'s largest row not above 20');
    expect(serverlessV2MaxConnections(DbEngineFamily.AURORA_POSTGRESQL, 0.5, 0.5)).toBeUndefined();
    expect(serverlessV2MaxConnections(DbEngineFamily.POSTGRESQL, 1, 16)).toBeUndefined();
  });

  test('Aurora MySQL has no default outside its table', () => {
    expect(maxConnections(DbEngineFamily.AURORA_MYSQL, ec2Instance('m7g.large')!)).toBeUndefined();
  });

  test('larger classes never get fewer connections', () => {
    for (const engine of [DbEngineFamily.POSTGRESQL, DbEngineFamily.MYSQL, DbEngineFamily.AURORA_MYSQL, DbEngineFamily.AURORA_POSTGRESQL]) {
      const sizes = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];
      const values = sizes.map((s) => conn(engine, `db.r7g.${s}`)!.value);
      for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
    }
  });
});
