#!/usr/bin/env node
// The Python package (the wheel), built offline: the `package:python` task, and what
// test/packaging/python.test.ts builds on every CI run.
//
// jsii-pacmak's own Python build cannot run here: it makes a venv and pip-installs its pinned
// build tools (setuptools~=75.3.2, build~=1.5.0, twine~=7.0.0: node_modules/jsii-pacmak/lib/
// targets/python/requirements-dev.txt) from PyPI, then runs `python -m build`, whose isolated
// build env fetches the pyproject's build-system requirements from PyPI too. This project's
// machines and CI reach the npm registry and Debian's packages only: pip fails with "No matching
// distribution found for setuptools~=75.3.2", and Debian's setuptools (66.1) does not meet the pin.
//
// So pacmak only generates the package (--code-only, the same source it would build), and Debian's
// python3 builds the wheel with Debian's setuptools and wheel: `pip wheel --no-build-isolation
// --no-deps --no-index`, with pip's configuration files and PIP_* variables ignored, so that
// nothing is looked up anywhere. The wheel is the same setuptools build of the same setup.py.
//
// Usage: node build-tools/python-wheel.js [--out dist/python] [--source <pacmak's python dir>]
//   --source  a package jsii-pacmak already generated (its `python` folder); else it is generated
//   SCALEBLOCKS_PYTHON  the interpreter (default /usr/bin/python3, Debian's: .ci/run installs
//                       python3-pip, python3-setuptools, python3-wheel and python3-venv)
// Prints the wheel's path, and on its last line a JSON summary ({ wheel, python, tools }).
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const outDir = path.resolve(option('--out') ?? path.join(root, 'dist', 'python'));
const python = process.env.SCALEBLOCKS_PYTHON ?? '/usr/bin/python3';

class Failure extends Error {}
function fail(message) {
  throw new Failure(message);
}

/** The environment of every Python step: no pip configuration file, no PIP_* variable, no index. */
function offlineEnv() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^PIP_/.test(k)));
  return {
    ...env,
    PIP_CONFIG_FILE: os.devNull, // pip reads no configuration file at all (its documented special case)
    PIP_NO_INDEX: '1',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    PYTHONNOUSERSITE: '1',
  };
}

function run(command, argv, cwd) {
  const r = spawnSync(command, argv, { cwd, encoding: 'utf8', env: offlineEnv(), maxBuffer: 64 * 1024 * 1024 });
  if (r.error) fail(`${command} could not run: ${r.error.message}`);
  if (r.status !== 0) fail(`${command} ${argv.join(' ')} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

function main() {
// 1. The interpreter and its build tools (Debian's python3-pip, python3-setuptools, python3-wheel).
const probe = spawnSync(python, ['-c',
  'import json, sys; from importlib.metadata import version; '
  + 'print(json.dumps({"python": "%d.%d.%d" % sys.version_info[:3], **{m: version(m) for m in ("pip", "setuptools", "wheel")}}))'],
{ encoding: 'utf8', env: offlineEnv() });
if (probe.error || probe.status !== 0) {
  fail(`${python} with pip, setuptools and wheel is needed (Debian: apt-get install python3-pip python3-setuptools python3-wheel python3-venv; `
    + `or set SCALEBLOCKS_PYTHON): ${probe.error ? probe.error.message : probe.stderr.trim()}`);
}
const tools = JSON.parse(probe.stdout);

// 2. The package source: pacmak's, generated from the compiled assembly unless given.
let source = option('--source');
let generated;
if (source === undefined) {
  if (!fs.existsSync(path.join(root, '.jsii'))) fail('compile first (npx projen compile): jsii-pacmak reads .jsii');
  generated = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-pacmak-'));
  run(path.join(root, 'node_modules', '.bin', 'jsii-pacmak'), ['--targets', 'python', '--code-only', '--outdir', generated], root);
  source = path.join(generated, 'python');
}
source = path.resolve(source);
if (!fs.existsSync(path.join(source, 'setup.py'))) fail(`${source} is not a package jsii-pacmak generated (no setup.py)`);

// 3. The wheel, built in a copy of the source (setuptools writes build/ and *.egg-info beside it).
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-wheel-'));
try {
  const copy = path.join(work, 'src');
  fs.cpSync(source, copy, { recursive: true });
  const built = path.join(work, 'wheel');
  run(python, ['-m', 'pip', 'wheel', '--no-build-isolation', '--no-deps', '--no-index', '--wheel-dir', built, copy], work);
  const wheels = fs.readdirSync(built).filter((f) => f.endsWith('.whl'));
  if (wheels.length !== 1) fail(`expected one wheel, found: ${wheels.join(', ') || 'none'}`);
  fs.mkdirSync(outDir, { recursive: true });
  for (const old of fs.readdirSync(outDir).filter((f) => f.endsWith('.whl'))) fs.rmSync(path.join(outDir, old));
  const wheel = path.join(outDir, wheels[0]);
  fs.copyFileSync(path.join(built, wheels[0]), wheel);
  console.log(wheel);
  console.log(JSON.stringify({ wheel, python, tools }));
} finally {
  fs.rmSync(work, { recursive: true, force: true });
  if (generated) fs.rmSync(generated, { recursive: true, force: true });
}
}

try {
  main();
} catch (e) {
  if (!(e instanceof Failure)) throw e;
  console.error(`python-wheel: ${e.message}`);
  process.exitCode = 1;
}
