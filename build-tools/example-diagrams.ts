/*
 * The Mermaid diagram in each example's README is the output of `scaleblocks check --diagram`:
 * `check system.yaml --diagram` for an example with a spec, `check --app --load ../account.yaml --diagram`
 * in cdk/ for one without (import-into-existing, the user's own stack; account.yaml declares its
 * account's raised quotas). This writes it between
 * `<!-- diagram:begin -->` and `<!-- diagram:end -->`; test/examples/check.test.ts regenerates it
 * in memory and fails when a README's copy is stale.
 *
 *   npx projen example-diagrams            (or: npx ts-node --transpile-only -P tsconfig.dev.json build-tools/example-diagrams.ts)
 *
 * `--app` runs the compiled app (app.js) on the compiled library (lib/): compile first.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { check, CliIo } from '../src/cli/main';

/** The examples folder. */
export const EXAMPLES = path.join(__dirname, '..', 'examples');

export const BEGIN = '<!-- diagram:begin -->';
export const END = '<!-- diagram:end -->';

/** Every example: a folder of examples/ with a README.md. */
export function exampleNames(): string[] {
  return fs.readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(EXAMPLES, d.name, 'README.md')))
    .map((d) => d.name)
    .sort();
}

/** What `check` printed and returned while drawing an example's diagram. */
export interface ExampleCheck {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  /** The Mermaid flowchart it wrote (empty when it wrote none). */
  readonly diagram: string;
}

/**
 * Runs `scaleblocks check` on one spec (or, with `app`, the app in that folder, with the load file
 * `load` when given) and reads the diagram it wrote.
 */
export function checkWithDiagram(target: { spec: string } | { app: string; load?: string }): ExampleCheck {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-example-diagram-'));
  try {
    const file = path.join(tmp, 'system.mmd');
    const c = { out: '', err: '' };
    const io: CliIo = { out: (t) => { c.out += t; }, err: (t) => { c.err += t; }, isTty: false, columns: 160, env: process.env };
    const code = 'spec' in target
      ? check(target.spec, { diagram: file, out: path.join(tmp, 'out'), color: false }, io)
      : check(undefined, { app: true, cwd: target.app, load: target.load, diagram: file, color: false }, io);
    return { code, ...c, diagram: fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '' };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The load file an app example declares its account in (`account.yaml`: its Region and raised quotas), when it has one. */
export function exampleLoadFile(name: string): string | undefined {
  const file = path.join(EXAMPLES, name, 'account.yaml');
  return fs.existsSync(file) ? file : undefined;
}

/** The check whose diagram an example's README holds: its system.yaml, else its CDK app (with its account.yaml). */
export function exampleDiagram(name: string): ExampleCheck {
  const dir = path.join(EXAMPLES, name);
  const spec = path.join(dir, 'system.yaml');
  const load = exampleLoadFile(name);
  return checkWithDiagram(fs.existsSync(spec) ? { spec } : { app: path.join(dir, 'cdk'), ...(load !== undefined ? { load } : {}) });
}

/** The Mermaid source between the README's markers, or undefined when it has none. */
export function readmeDiagram(readme: string): string | undefined {
  const m = new RegExp(`${BEGIN}\\n\`\`\`mermaid\\n([\\s\\S]*?)\`\`\`\\n${END}`).exec(readme);
  return m ? m[1] : undefined;
}

/** The README with `diagram` between its markers. */
export function withDiagram(readme: string, diagram: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`no ${BEGIN} ... ${END} block`);
  const body = diagram.endsWith('\n') ? diagram : `${diagram}\n`;
  return `${readme.slice(0, start)}${BEGIN}\n\`\`\`mermaid\n${body}\`\`\`\n${readme.slice(end)}`;
}

function main(): void {
  const only = process.argv.slice(2);
  for (const name of exampleNames().filter((n) => only.length === 0 || only.includes(n))) {
    const started = Date.now();
    const r = exampleDiagram(name);
    if (r.diagram === '') throw new Error(`${name}: check wrote no diagram (exit ${r.code}):\n${r.err}${r.out}`);
    const file = path.join(EXAMPLES, name, 'README.md');
    const before = fs.readFileSync(file, 'utf8');
    const after = withDiagram(before, r.diagram);
    if (after !== before) fs.writeFileSync(file, after);
    // eslint-disable-next-line no-console
    console.log(`${name}: ${after === before ? 'up to date' : 'updated'} (check exit ${r.code}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

if (require.main === module) main();
