import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { checkWithDiagram, exampleLoadFile, exampleNames, EXAMPLES, readmeDiagram, withDiagram } from '../../build-tools/example-diagrams';

/*
 * `scaleblocks check` on every example, as a user runs it: each `system.yaml` synthesizes on both
 * backends and passes (exit 0), and the diagram it draws is the one in the example's README (so a
 * README never shows a stale picture: `npx projen example-diagrams` rewrites them); each
 * `system-undersized.yaml` fails (exit 1) with a FAIL row and its fix. The example without a spec
 * (import-into-existing) is checked with `--app` on its compiled CDK app, which runs on lib/.
 */

const ROOT = path.join(__dirname, '..', '..');
const SPEC_EXAMPLES = ['global-users', 'microservices', 'social-feed', 'video-pipeline'];
const APP_EXAMPLES = ['import-into-existing'];

beforeAll(() => {
  // The apps run as JavaScript: transpile them from their sources, as the compile:examples task does.
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', path.join(EXAMPLES, 'tsconfig.json')], { encoding: 'utf8' });
  expect({ status: r.status, output: `${r.stdout}${r.stderr}` }).toEqual({ status: 0, output: '' });
}, 120_000);

function readme(name: string): string {
  return fs.readFileSync(path.join(EXAMPLES, name, 'README.md'), 'utf8');
}

test('GIVEN the examples folder THEN every example is checked here, each with a README diagram block', () => {
  expect(exampleNames()).toEqual([...SPEC_EXAMPLES, ...APP_EXAMPLES].sort());
  for (const name of exampleNames()) expect({ name, diagram: readmeDiagram(readme(name)) !== undefined }).toEqual({ name, diagram: true });
});

describe.each(SPEC_EXAMPLES)('the %s example', (name) => {
  test('GIVEN system.yaml WHEN checked with --diagram THEN exit 0, and the README holds the diagram it drew', () => {
    const r = checkWithDiagram({ spec: path.join(EXAMPLES, name, 'system.yaml') });
    expect({ code: r.code, err: r.code === 0 ? '' : `${r.err}${r.out}` }).toEqual({ code: 0, err: '' });
    expect(r.out).toMatch(/^Verdict: (PASS|WARN)/m);
    expect(r.diagram).toMatch(/^flowchart LR$/m);
    // On failure: `npx projen example-diagrams` regenerates the README's block.
    expect(readmeDiagram(readme(name))).toBe(r.diagram);
  }, 300_000);

  test('GIVEN system-undersized.yaml WHEN checked THEN exit 1 with a FAIL row and its fix', () => {
    const r = checkWithDiagram({ spec: path.join(EXAMPLES, name, 'system-undersized.yaml') });
    expect({ code: r.code, err: r.err.replace(/^(synthesizing|wrote) .*$/gm, '').trim() }).toEqual({ code: 1, err: '' });
    expect(r.out).toMatch(/^Verdict: FAIL: /m);
    // A failing row is printed with `x`, its reason, and the fix on the next line.
    expect(r.out).toMatch(/^ {2}x .+\n {6}fix: .+$/m);
  }, 300_000);
});

describe.each(APP_EXAMPLES)('the %s example (no spec: its CDK app)', (name) => {
  const app = path.join(EXAMPLES, name, 'cdk');
  // Its account.yaml declares the account's raised Fargate vCPU quota, as a spec's quotas: would.
  const load = exampleLoadFile(name);

  test('GIVEN the app and its account.yaml WHEN checked with --app --load --diagram THEN PASS (exit 0), and the README holds the diagram it drew', () => {
    expect(load).toBeDefined();
    const r = checkWithDiagram({ app, load });
    expect({ code: r.code, err: r.code === 0 ? '' : `${r.err}${r.out}` }).toEqual({ code: 0, err: '' });
    // The declared quota is read in the stack's Region: the account row PASSes, and so does the app.
    expect(r.out).toMatch(/^Verdict: PASS/m);
    expect(r.out).toMatch(/Fargate vCPU +│ limit +│ 24 vCPUs +│ 100 vCPUs .*│ PASS/);
    expect(r.out).toMatch(/raised quotas declared for eu-west-1 .*quotas\.fargate\.onDemandVcpuPerRegion 100/);
    expect(r.diagram).toMatch(/LoadBalancedApi Orders\/OrdersApi/);
    expect(r.diagram).toMatch(/ReplicatedDatabase Orders\/OrdersDb/);
    expect(readmeDiagram(readme(name))).toBe(r.diagram);
  }, 300_000);

  test('GIVEN the app at 6,000 requests/s (its undersized variant) WHEN checked with --app THEN its own SizingValidator fails the synth: exit 2 with the FAIL row and its fix', () => {
    const before = process.env.PEAK_RPS;
    process.env.PEAK_RPS = '6000';
    try {
      const r = checkWithDiagram({ app, load });
      // The app adds SizingValidator, so its synth fails before `check` reads anything: `check` reports the app's failure.
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/the app `node app\.js` exited with 1/);
      expect(r.err).toMatch(/\[Orders\/Orders(Api|Db)\] Orders\/Orders(Api|Db): .+: FAIL: .+\n.+\n {3}Suggested fix: .+/);
    } finally {
      if (before === undefined) delete process.env.PEAK_RPS; else process.env.PEAK_RPS = before;
    }
  }, 300_000);
});

test('GIVEN a README WHEN its diagram is replaced THEN only the block between the markers changes', () => {
  const text = 'intro\n<!-- diagram:begin -->\n```mermaid\nold\n```\n<!-- diagram:end -->\noutro\n';
  const after = withDiagram(text, 'flowchart LR\n  a --> b\n');
  expect(after).toBe('intro\n<!-- diagram:begin -->\n```mermaid\nflowchart LR\n  a --> b\n```\n<!-- diagram:end -->\noutro\n');
  expect(readmeDiagram(after)).toBe('flowchart LR\n  a --> b\n');
  expect(withDiagram(after, 'flowchart LR\n  a --> b\n')).toBe(after);
  expect(() => withDiagram('no markers', 'x')).toThrow(/diagram:begin/);
});
