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

const EXAMPLE = parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'examples', 'social-feed', 'system.yaml'), 'utf8')) as SystemSpec;

function drawn(spec: SystemSpec, backend: 'cdk' | 'cdktf' = 'cdk'): { text: string; system: DeployedSystem } {
  let system: DeployedSystem;
  if (backend === 'cdk') {
    const app = cdkApp();
    new SystemStack(app, 'System', { spec });
    system = readCloudAssembly(synthCdk(app));
  } else {
    const app = tfApp();
    new TfSystemStack(app, 'system', { spec });
    system = readTerraformOutput(synthTf(app));
  }
  const plan = planSystem(spec);
  const report = deployedReport([sizeDeployedSystem(system)], { name: plan.name, chain: plan.chain });
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
    const nodes = [...text.matchAll(/^\s+(\w+)(\[|\(\[)/gm)].map((m) => m[1]).filter((n) => n !== 'clients' && !/_dlq$|_payloads$/.test(n));
    expect(classed.sort()).toEqual(expect.arrayContaining(nodes.sort()));
  });

  test('GIVEN the example on Terraform WHEN drawn THEN the same blocks, nodes and edges as on CloudFormation', () => {
    const shape = (t: string): string[] => t.split('\n').filter((l) => /subgraph|-->|-\.->|\["|\[\("|\[\["/.test(l)).map((l) => l.replace(/aurora-postgresql[^"<]*/, 'engine'));
    expect(shape(drawn(EXAMPLE, 'cdktf').text)).toEqual(shape(text));
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
