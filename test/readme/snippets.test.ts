import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/*
 * Every TypeScript snippet of README.md is a whole program a user can paste: the test extracts the
 * fenced `ts` blocks, type-checks them against the package's entries (as an app that imports
 * `scaleblocks`, `scaleblocks/cdk` and `scaleblocks/cdktf` does) and runs each one, offline, in a
 * folder holding the example's `system.yaml`. They run on the compiled lib/ (the package resolves
 * itself by name), so this test needs `projen compile` first, as CI's build does.
 */

const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const SNIPPETS = [...README.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m, i) => ({ index: i + 1, code: m[1] }));
const LIB = fs.existsSync(path.join(ROOT, 'lib', 'cdk', 'entry.js'));
// Inside the package (so `scaleblocks/...` resolves to this package), in a git-ignored folder.
const DIR = path.join(ROOT, '.tmp', 'readme-snippets');

beforeAll(() => {
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(DIR, { recursive: true });
  for (const s of SNIPPETS) fs.writeFileSync(path.join(DIR, `snippet-${s.index}.ts`), s.code);
});

test('README.md has TypeScript snippets to check', () => {
  expect(SNIPPETS.length).toBeGreaterThanOrEqual(5);
});

test('GIVEN every TypeScript snippet of README.md WHEN type-checked as a user\'s app THEN no error', () => {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.dev.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const program = ts.createProgram(SNIPPETS.map((s) => path.join(DIR, `snippet-${s.index}.ts`)), {
    ...config.options, noEmit: true, isolatedModules: false, noUnusedLocals: false,
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName.startsWith(DIR));
  const text = diagnostics.map((d) => `${path.basename(d.file!.fileName)}:${d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  expect(text).toEqual([]);
}, 240_000);

(LIB ? describe : describe.skip)('GIVEN each snippet WHEN run offline (needs the compiled lib/)', () => {
  test.each(SNIPPETS.map((s) => [s.index, s]))('snippet %d runs and exits 0', (_i, s) => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-readme-'));
    fs.copyFileSync(path.join(ROOT, 'examples', 'social-feed', 'system.yaml'), path.join(cwd, 'system.yaml'));
    // Transpiled as an app's build would (type-checked above), run by node.
    const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
    const js = ts.transpileModule(s.code, { compilerOptions }).outputText;
    const file = path.join(DIR, `snippet-${s.index}.js`);
    fs.writeFileSync(file, js);
    const r = spawnSync(process.execPath, [file], {
      cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', CHECKPOINT_DISABLE: '1', CDK_OUTDIR: path.join(cwd, 'cdk.out') },
    });
    fs.rmSync(cwd, { recursive: true, force: true });
    expect({ status: r.status, stderr: r.status === 0 ? '' : `${r.stderr}`.slice(-3000) }).toEqual({ status: 0, stderr: '' });
  }, 240_000);
});
