import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { SystemStack } from '../../../src/cdk/system-stack';
import { SystemStack as TfSystemStack } from '../../../src/cdktf/system-stack';
import { planSystem, SystemSpec, Verdict } from '../../../src/core';
import { systemDiagram } from '../../../src/core/diagram';
import { deployedReport, DeployedSystem, readCloudAssembly, readTerraformOutput, sizeDeployedSystem } from '../../../src/core/readback';
import { cdkApp, synthCdk, synthTf, tfApp } from '../readback/synth';

/*
 * The Mermaid flowchart of what will deploy: drawn from the read-back, coloured by the report,
 * the chain's load on its edges.
 */

function exampleSpec(name: string, file = 'system.yaml'): SystemSpec {
  return parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'examples', name, file), 'utf8')) as SystemSpec;
}

const EXAMPLE = exampleSpec('social-feed');

/** Hooks on the stack before synth (an app's own grants). */
interface Extras {
  readonly cdk?: (stack: SystemStack) => void;
  readonly cdktf?: (stack: TfSystemStack) => void;
}

function drawn(spec: SystemSpec, backend: 'cdk' | 'cdktf' = 'cdk', extras: Extras = {}): { text: string; system: DeployedSystem } {
  let system: DeployedSystem;
  if (backend === 'cdk') {
    const app = cdkApp();
    const stack = new SystemStack(app, 'System', { spec });
    extras.cdk?.(stack);
    system = readCloudAssembly(synthCdk(app));
  } else {
    const app = tfApp();
    const stack = new TfSystemStack(app, 'system', { spec });
    extras.cdktf?.(stack);
    system = readTerraformOutput(synthTf(app));
  }
  const plan = planSystem(spec);
  // As `scaleblocks check` sizes a spec's read-back: with its Region and declared quotas, rows named after it.
  const sized = sizeDeployedSystem(system, { region: plan.region, quotas: plan.quotas }, plan.name);
  const report = deployedReport([sized], { name: plan.name, chain: plan.chain });
  return { text: systemDiagram({ name: plan.name, system, report, chain: plan.chain }), system };
}

describe('systemDiagram of the example', () => {
  let text: string;
  beforeAll(() => {
    text = drawn(EXAMPLE).text;
  });

  test('GIVEN the example WHEN drawn THEN a titled flowchart with one subgraph per block, in the order a request meets them', () => {
    expect(text.split('\n').slice(0, 4)).toEqual(['---', 'title: social-feed PASS', '---', 'flowchart LR']);
    const subgraphs = [...text.matchAll(/^ {2}subgraph (\w+)\["([^"]+)"\]/gm)].map((m) => m[2]);
    expect(subgraphs).toEqual(['GlobalCdn cdn', 'LoadBalancedApi api', 'TieredCache cache', 'ReplicatedDatabase database', 'WorkQueue queue']);
  });

  test('GIVEN the example WHEN drawn THEN nodes carry the hardware and counts read back', () => {
    expect(text).toMatch(/api_tasks\["API tasks<br\/>18-36 tasks of 1 vCPU \/ 2 GiB<br\/>Fargate over 3 AZs, CPU target \d+ %"\]/);
    expect(text).toMatch(/cache_cache\[\("valkey cache\.r7g\.large<br\/>\d+ shard\(s\) x 2 node\(s\)/);
    expect(text.match(/\("reader \d<br\/>db\.r7g\.xlarge"\)/g)).toHaveLength(4);
    expect(text).toMatch(/queue_workers\["workers<br\/>1-60 workers of 2 vCPU \/ 4 GiB/);
  });

  test('GIVEN the example WHEN drawn THEN the database is grouped by AZ, the writer in one of them', () => {
    const azs = [...text.matchAll(/subgraph database_AZ_\d\["(AZ \d)[^"]*"\]/g)].map((m) => m[1]);
    expect(azs).toEqual(['AZ 1', 'AZ 2', 'AZ 3']);
    expect(text).toMatch(/subgraph database_AZ_\d\["AZ \d"\]\n\s+database_writer\[\(/);
  });

  test('GIVEN the example WHEN drawn THEN edges carry the chain\'s load: edge, origin, reads, database reads, writes, jobs', () => {
    const plan = planSystem(EXAMPLE);
    const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
    expect(text).toContain(`clients -->|"${fmt(plan.chain.edgeRequestsPerSecond)} requests/s"| cdn_distribution`);
    expect(text).toContain(`cdn_distribution -->|"${fmt(plan.chain.originRequestsPerSecond)} requests/s"| api_lb`);
    expect(text).toContain(`api_tasks -->|"${fmt(plan.chain.readsPerSecond)} reads/s"| cache_cache`);
    expect(text).toContain(`cache_cache -->|"${fmt(plan.chain.databaseReadsPerSecond)} reads/s"| database_block`);
    expect(text).toContain(`api_tasks -->|"${fmt(plan.chain.writesPerSecond)} writes/s"| database_writer`);
    expect(text).toContain(`api_tasks -->|"${fmt(plan.chain.jobsPerSecond)} jobs/s"| queue_queue`);
  });

  test('GIVEN the example WHEN drawn THEN every node has a verdict class and the classes are defined', () => {
    for (const v of Object.values(Verdict)) expect(text).toMatch(new RegExp(`^ {2}classDef ${v} fill:`, 'm'));
    const classed = text.split('\n').filter((l) => l.startsWith('  class ')).flatMap((l) => l.split(' ')[3].split(','));
    // The dead-letter queue, job table, completion topic, webhook and payload bucket are drawn, not sized: no verdict.
    const nodes = [...text.matchAll(/^\s+(\w+)(\[|\(\[)/gm)].map((m) => m[1]).filter((n) => n !== 'clients' && !/_(dlq|payloads|jobs|topic|webhook)$/.test(n));
    expect(classed.sort()).toEqual(expect.arrayContaining(nodes.sort()));
  });

  test('GIVEN the example on Terraform WHEN drawn THEN the same blocks, nodes and edges as on CloudFormation', () => {
    expect(shape(drawn(EXAMPLE, 'cdktf').text)).toEqual(shape(text));
  });
});

/** The lines that make the graph: groups, nodes and edges (the engine version aside). */
function shape(t: string): string[] {
  return t.split('\n').filter((l) => /subgraph|-->|-\.->|\["|\[\("|\[\["|\(\["/.test(l)).map((l) => l.replace(/aurora-postgresql[^"<]*/, 'engine'));
}

/** Node ids of each verdict class line. */
function classes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of text.split('\n').filter((x) => x.startsWith('  class '))) {
    const [, , , nodes, verdict] = l.split(' ');
    for (const n of nodes.split(',')) out.set(n, verdict);
  }
  return out;
}

describe('systemDiagram of the video pipeline: the job table, the completion topic and its webhook, the payload bucket', () => {
  const spec = exampleSpec('video-pipeline');
  let cfn: string;
  let tf: string;
  beforeAll(() => {
    cfn = drawn(spec).text;
    tf = drawn(spec, 'cdktf').text;
  });

  test('GIVEN the spec WHEN drawn THEN the job table carries its billing mode and TTL, the topic its subscriptions, the webhook its host and dead-letter queue, the bucket its lifecycle', () => {
    expect(cfn).toContain('queue_jobs[("DynamoDB job table<br/>on demand (PAY_PER_REQUEST)<br/>TTL on expiresAt")]');
    expect(cfn).toContain('queue_topic[["SNS completion topic<br/>1 subscription(s)"]]');
    expect(cfn).toContain('queue_webhook(["webhook HTTPS<br/>hooks.example.com<br/>undelivered: dead-letter queue"])');
    expect(cfn).toMatch(/queue_payloads\[\("S3 payload bucket<br\/>objects expire after 14 days(<br\/>versioned)?"\)\]/);
    // The URL's path is not drawn (a webhook URL may carry a token).
    expect(cfn).not.toContain('transcode-done');
  });

  test('GIVEN the spec WHEN drawn THEN edges carry the jobs/s: the API enqueues and creates job records, workers update them, publish completions, the topic calls the webhook', () => {
    for (const edge of ['api_tasks -->|"2 jobs/s"| queue_queue', 'api_tasks -->|"2 jobs/s"| queue_jobs', 'queue_queue -->|"2 jobs/s"| queue_workers',
      'queue_workers -->|"2 jobs/s"| queue_jobs', 'queue_workers -->|"2 jobs/s"| queue_topic', 'queue_topic -.->|"2 jobs/s"| queue_webhook',
      'queue_workers -->|"2 jobs/s"| queue_payloads']) {
      expect({ edge, found: cfn.includes(edge) }).toEqual({ edge, found: true });
    }
  });

  test('GIVEN the spec on Terraform WHEN drawn THEN the same graph as on CloudFormation', () => {
    expect(shape(tf)).toEqual(shape(cfn));
  });
});

describe('systemDiagram of the microservices: the gateway services\' databases and queue', () => {
  const spec = exampleSpec('microservices');
  const withGrant: Extras = {
    cdk: (s) => { s.queue!.grantApi(s.gateway!.service('order').taskRole); },
    cdktf: (s) => { s.queue!.grantApi(s.gateway!.service('order').taskRole.name); },
  };

  test('GIVEN the spec WHEN drawn THEN every service database node is coloured by its own rows', () => {
    const text = drawn(spec).text;
    const dbNodes = [...text.matchAll(/^\s+(gateway_\w+_db_(writer|reader_\d+))\[\(/gm)].map((m) => m[1]);
    expect(dbNodes.length).toBe(4 + 1 + 3 + 3 + 1);
    const c = classes(text);
    expect(dbNodes.filter((n) => !c.has(n))).toEqual([]);
  });

  test('GIVEN the sale-day variant WHEN drawn THEN the order database\'s writer is FAIL and the auth database is not', () => {
    const c = classes(drawn(exampleSpec('microservices', 'system-undersized.yaml')).text);
    expect(c.get('gateway_order_db_writer')).toBe(Verdict.FAIL);
    expect(c.get('gateway_auth_db_writer')).toBe(Verdict.PASS);
  });

  test('GIVEN no grant WHEN drawn THEN no service is linked to the queue (the SystemStack does not wire one)', () => {
    expect(drawn(spec).text).not.toMatch(/gateway_\w+ -->[^\n]*queue_/);
  });

  test.each(['cdk', 'cdktf'] as const)('GIVEN the app grants the order service the queue (grantApi) on %s WHEN drawn THEN the order service sends jobs/s to the queue and uses the job table', (backend) => {
    const text = drawn(spec, backend, withGrant).text;
    expect(text).toContain('gateway_order -->|"40 jobs/s"| queue_queue');
    expect(text).toContain('gateway_order -->|"40 jobs/s"| queue_jobs');
    expect(text).not.toMatch(/gateway_(auth|user|payment) -->[^\n]*queue_/);
  });

  test('GIVEN the grant on both backends WHEN drawn THEN the same graph', () => {
    expect(shape(drawn(spec, 'cdktf', withGrant).text)).toEqual(shape(drawn(spec, 'cdk', withGrant).text));
  });
});

describe('systemDiagram: colours and labels', () => {
  test('GIVEN an undersized API WHEN drawn THEN its tasks are FAIL and the title says FAIL', () => {
    const spec: SystemSpec = { ...EXAMPLE, api: { ...EXAMPLE.api, scaling: { minTasks: 3, maxTasks: 3 } } };
    const { text } = drawn(spec);
    expect(text).toMatch(/^title: social-feed FAIL$/m);
    const failing = text.split('\n').find((l) => l.startsWith('  class ') && l.endsWith(' FAIL'));
    expect(failing?.split(' ')[3].split(',')).toContain('api_tasks');
  });

  test('GIVEN names with quotes and angle brackets WHEN drawn THEN labels escape them, so Mermaid reads no syntax', () => {
    const { system } = drawn({ name: 'tiny', load: { peakRequestsPerSecond: 100 }, api: { allowPlainHttp: true } });
    const block = { ...system.blocks[0], planPath: 'a "b" <c>' };
    const text = systemDiagram({ name: 'x "y"', system: { ...system, blocks: [block] }, report: { schemaVersion: '1', system: 'x', verdict: Verdict.PASS, rows: [], assumed: [], notes: [] } });
    expect(text).toContain('subgraph a_b_c_block["LoadBalancedApi a #quot;b#quot; #lt;c#gt;"]');
    expect(text).toMatch(/^title: x "y" PASS$/m);
    expect(text).not.toMatch(/clients/);
  });
});
