import { BlockKind } from '../../src/core/blocks/common';
import { DatabaseAttribute, WiredBlock, WiringPermission } from '../../src/core/blocks/shared/wiring';
import { suppliedPlanIssues } from '../../src/core/plan-rules';
import { DATABASE_ENVIRONMENT, planSystem, SystemSpec } from '../../src/core/system';

/** An API and Fargate workers on a database behind RDS Proxy. */
const PROXIED: SystemSpec = {
  name: 'shop',
  region: 'eu-west-1',
  load: { peakRequestsPerSecond: 1000, jobsPerSecond: 5 },
  api: { allowPlainHttp: true },
  database: { proxy: {} },
  queue: { load: { secondsPerJob: 2 } },
};

describe('planSystem wires the clients to the proxy', () => {
  test('GIVEN a database with a proxy WHEN planned THEN the API and the workers get the proxy endpoint as the writer, are admitted on it, may connect', () => {
    const plan = planSystem(PROXIED);
    expect(plan.database!.proxy).toBeDefined();
    for (const w of [plan.api!.wiring!, plan.queue!.workers.wiring!]) {
      const proxyEndpoint = { block: WiredBlock.DATABASE_PROXY, attribute: DatabaseAttribute.PROXY_ENDPOINT };
      expect(w.environment[DATABASE_ENVIRONMENT.writerEndpoint]).toEqual(proxyEndpoint);
      // reads still go to the reader endpoint, on the database itself
      const readerEndpoint = { block: WiredBlock.DATABASE, attribute: DatabaseAttribute.READER_ENDPOINT };
      expect(w.environment[DATABASE_ENVIRONMENT.readerEndpoint]).toEqual(readerEndpoint);
      expect(w.ingress).toEqual(expect.arrayContaining([
        { block: WiredBlock.DATABASE, port: plan.database!.port },
        { block: WiredBlock.DATABASE_PROXY, port: plan.database!.port },
      ]));
      expect(w.grants).toEqual(expect.arrayContaining([{ block: WiredBlock.DATABASE_PROXY, permission: WiringPermission.DATABASE_PROXY_CONNECT }]));
    }
  });

  test('GIVEN a proxy without IAM authentication WHEN planned THEN no proxy connect grant (clients give the secret\'s password)', () => {
    const plan = planSystem({ ...PROXIED, database: { proxy: { iamAuthentication: false } } });
    expect(plan.api!.wiring!.grants.some((g) => g.permission === WiringPermission.DATABASE_PROXY_CONNECT)).toBe(false);
  });

  test('GIVEN no proxy WHEN planned THEN the writer endpoint is the database\'s and nothing names the proxy', () => {
    const plan = planSystem({ ...PROXIED, database: {} });
    const w = plan.api!.wiring!;
    expect(w.environment[DATABASE_ENVIRONMENT.writerEndpoint]).toEqual({ block: WiredBlock.DATABASE, attribute: DatabaseAttribute.WRITER_ENDPOINT });
    expect(JSON.stringify(w)).not.toContain('DATABASE_PROXY');
  });

  test('GIVEN a supplied API plan whose wiring names an unknown proxy attribute WHEN checked THEN the issue names it', () => {
    const api = planSystem(PROXIED).api!;
    const bad = { ...api, wiring: { ...api.wiring!, environment: { ...api.wiring!.environment, X: { block: WiredBlock.DATABASE_PROXY, attribute: 'WRITER_ENDPOINT' } } } };
    expect(suppliedPlanIssues(BlockKind.LOAD_BALANCED_API, api, 'api')).toEqual([]);
    expect(suppliedPlanIssues(BlockKind.LOAD_BALANCED_API, bad, 'api').map((i) => i.prop).join(' ')).toContain('wiring.environment.X');
  });
});

describe('a spec\'s database section takes the proxy', () => {
  test('GIVEN a spec object with a bad proxy WHEN planned THEN one ValidationError names database.proxy and the value', () => {
    let error: unknown;
    try {
      planSystem({ ...PROXIED, database: { proxy: { maxConnectionsPercent: 0, connectionBorrowTimeoutSeconds: 301 } } });
    } catch (e) {
      error = e;
    }
    expect((error as Error).name).toBe('ValidationError');
    const issues = (error as { issues: { prop: string; value: string }[] }).issues;
    expect(issues.map((i) => i.prop)).toEqual(expect.arrayContaining([
      expect.stringMatching(/proxy\.maxConnectionsPercent$/), expect.stringMatching(/proxy\.connectionBorrowTimeoutSeconds$/),
    ]));
  });
});
