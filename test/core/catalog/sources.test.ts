import {
  ALLOWED_VALUES,
  ASSUMED,
  CatalogSource,
  cacheNode,
  cacheOpsPerSecond,
  COREMARK_SOURCE,
  DB_ENGINE_FAMILIES,
  DB_LOG_EXPORTS,
  dbInstance,
  ec2Instance,
  FARGATE_SOURCE,
  knownCacheNodes,
  knownDbInstances,
  knownEc2Instances,
  maxConnections,
  quotaEntries,
  RECHECK_DATE,
  REGION_RULES,
  REGIONAL_QUOTAS,
  CATALOG_READ_DATE,
  SOURCES,
} from '../../../src/core/catalog';

/** Hosts a catalog source may point at: AWS documentation, or a documented third-party origin. */
const ALLOWED_HOSTS = [
  'docs.aws.amazon.com',
  'aws.amazon.com',
  'repost.aws',
  'github.com',
  'redis.io',
  'valkey.io',
  'filia-aleks.medium.com',
];

function collectSources(): Array<[string, CatalogSource]> {
  const out: Array<[string, CatalogSource]> = [];
  for (const [key, source] of Object.entries(SOURCES)) out.push([`SOURCES.${key}`, source]);
  for (const name of knownEc2Instances()) out.push([name, ec2Instance(name)!.source]);
  for (const engine of DB_ENGINE_FAMILIES) {
    for (const name of knownDbInstances(engine)) {
      const spec = dbInstance(name, engine)!;
      out.push([`${engine} ${name}`, spec.source]);
      const conn = maxConnections(engine, spec);
      if (conn) {
        out.push([`${engine} ${name} max_connections`, conn.source]);
        if (conn.memorySource) out.push([`${engine} ${name} DBInstanceClassMemory`, conn.memorySource]);
      }
    }
  }
  for (const name of knownCacheNodes()) {
    const node = cacheNode(name)!;
    out.push([name, node.source], [`${name} network`, node.networkSource]);
    const ops = cacheOpsPerSecond(node);
    if (ops) ops.sources.forEach((s, i) => out.push([`${name} ops ${i}`, s]));
  }
  out.push(['fargate', FARGATE_SOURCE], ['coremark', COREMARK_SOURCE]);
  for (const { path, quota } of quotaEntries()) out.push([`QUOTAS.${path}`, quota.source]);
  for (const [key, rule] of Object.entries(REGION_RULES)) out.push([`REGION_RULES.${key}`, rule.source]);
  for (const [key, rule] of Object.entries(REGIONAL_QUOTAS)) out.push([`REGIONAL_QUOTAS.${key}`, rule.source]);
  for (const [service, group] of Object.entries(ALLOWED_VALUES)) {
    for (const [name, allowed] of Object.entries(group)) out.push([`ALLOWED_VALUES.${service}.${name}`, allowed.source]);
  }
  for (const [family, logs] of Object.entries(DB_LOG_EXPORTS)) out.push([`DB_LOG_EXPORTS.${family}`, logs.source]);
  for (const [key, assumption] of Object.entries(ASSUMED)) {
    out.push([`ASSUMED.${key}`, assumption.source]);
    assumption.sources.forEach((s, i) => out.push([`ASSUMED.${key} ${i}`, s]));
  }
  return out;
}

const ALL = collectSources();

describe('catalog sources', () => {
  test('there are rows to check', () => {
    expect(ALL.length).toBeGreaterThan(200);
  });

  test.each(ALL)('%s has a titled https source on an allowed host', (_row, source) => {
    expect(source.title.length).toBeGreaterThan(5);
    const url = new URL(source.url);
    expect(url.protocol).toBe('https:');
    expect(ALLOWED_HOSTS).toContain(url.hostname);
  });

  test.each(ALL)('%s was read on an ISO date of the catalog\'s readings', (_row, source) => {
    expect(source.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(new Date(`${source.read}T00:00:00Z`).toISOString().slice(0, 10)).toBe(source.read);
    expect(['2026-11-23', '2026-11-24', RECHECK_DATE]).toContain(source.read);
  });

  test('confirmed sources were read 2026-11-24 or re-checked on RECHECK_DATE; unconfirmed ones say why', () => {
    for (const [, source] of ALL) {
      if (source.confirmed) {
        expect([CATALOG_READ_DATE, RECHECK_DATE]).toContain(source.read);
      } else {
        expect(source.note && source.note.length > 10).toBe(true);
      }
    }
  });

  test('catalog rows cannot be changed at run time', () => {
    const spec = ec2Instance('m7g.large')!;
    expect(Object.isFrozen(spec)).toBe(true);
    expect(Object.isFrozen(SOURCES.albQuotas)).toBe(true);
    expect(Object.isFrozen(ASSUMED.targetUtilisation)).toBe(true);
  });
});
