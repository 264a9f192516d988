import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from './pack';

/*
 * The Python package. jsii-pacmak generates it from the compiled assembly (.jsii) with
 * --code-only, and the module is checked: jsii publishes classes, not free functions, so the
 * planning and sizing API must be there as the static methods of Planner and HardwareCatalog, and
 * the module must be valid Python (byte-compiled by the machine's python3).
 *
 * Then the wheel is built from it offline, as `npx projen package:python` builds it
 * (build-tools/python-wheel.js: pacmak's own build fills a venv from PyPI, which this project's
 * machines and CI do not reach; Debian's python3, setuptools and wheel build it instead), installed
 * offline into a fresh venv, and read back there: its metadata, its bundled assembly (this build's),
 * and the Planner and HardwareCatalog of the installed module, parsed with Python's own `ast`.
 * Importing it would need its runtime dependencies (jsii, publication, aws-cdk-lib and the
 * others), which come from PyPI only. Debian's python3 with python3-pip, python3-setuptools,
 * python3-wheel and python3-venv is installed by .ci/run, where SCALEBLOCKS_REQUIRE_PYTHON_WHEEL=1
 * makes its absence a failure; elsewhere the wheel tests are skipped with a warning.
 */

let out: string;
let moduleSource: string;
let generatedMs: number;

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, '.jsii'))) throw new Error('compile first (npx projen compile): jsii-pacmak reads .jsii');
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-python-'));
  const started = Date.now();
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'jsii-pacmak'), ['--targets', 'python', '--code-only', '--outdir', out], {
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000,
  });
  generatedMs = Date.now() - started;
  console.log(`jsii-pacmak --targets python --code-only: ${(generatedMs / 1000).toFixed(1)} s`);
  moduleSource = fs.readFileSync(path.join(out, 'python', 'src', 'scaleblocks', '__init__.py'), 'utf8');
}, 600_000);
afterAll(() => { if (out) fs.rmSync(out, { recursive: true, force: true }); });

/** The body of a generated Python class: from its `class` line to the next top-level statement. */
function classBody(name: string): string {
  const start = moduleSource.search(new RegExp(`^class ${name}\\b`, 'm'));
  if (start < 0) return '';
  const bodyStart = moduleSource.indexOf('\n', start) + 1;
  const end = moduleSource.slice(bodyStart).search(/^\S/m);
  return moduleSource.slice(start, end < 0 ? undefined : bodyStart + end);
}

/** The Python names of the jsii static methods of a class, with the jsii name each maps to. */
function staticMethods(name: string): Record<string, string> {
  const body = classBody(name);
  const found: Record<string, string> = {};
  for (const m of body.matchAll(/@jsii\.member\(jsii_name="(\w+)"\)\s*\n\s*@builtins\.classmethod\s*\n\s*def (\w+)\(\s*cls\b/g)) found[m[2]] = m[1];
  return found;
}

describe('GIVEN the Python module generated from the assembly', () => {
  test('THEN the package is scaleblocks, importable as scaleblocks', () => {
    const setup = fs.readFileSync(path.join(out, 'python', 'setup.py'), 'utf8');
    expect(setup).toMatch(/"name": "scaleblocks"/);
    expect(setup).toMatch(/"packages": \[\s*"scaleblocks"/);
  });

  test('THEN Planner exposes planning and sizing as static methods (plan_system, size_system, plan_<block>)', () => {
    expect(classBody('Planner')).toMatch(/jsii_type="scaleblocks\.Planner"/);
    expect(staticMethods('Planner')).toEqual(expect.objectContaining({
      plan_system: 'planSystem',
      size_system: 'sizeSystem',
      system_blocks: 'systemBlocks',
      plan_load_balanced_api: 'planLoadBalancedApi',
      plan_tiered_cache: 'planTieredCache',
      plan_replicated_database: 'planReplicatedDatabase',
      plan_sharded_database: 'planShardedDatabase',
      plan_work_queue: 'planWorkQueue',
      plan_global_cdn: 'planGlobalCdn',
      plan_microservice_gateway: 'planMicroserviceGateway',
    }));
  });

  test('THEN the typed structs the methods take and return are there (SystemSpec in, SystemPlan and SizingReport out)', () => {
    for (const struct of ['SystemSpec', 'SystemPlan', 'SizingReport', 'PlanContext']) {
      expect({ struct, found: new RegExp(`^class ${struct}\\b`, 'm').test(moduleSource) }).toEqual({ struct, found: true });
    }
    expect(classBody('Planner')).toMatch(/def plan_system\(\s*cls,\s*\*,[\s\S]*?\) -> "?SystemPlan"?:/);
  });

  test('THEN HardwareCatalog exposes the catalog look-ups', () => {
    expect(staticMethods('HardwareCatalog')).toEqual(expect.objectContaining({
      ec2_instance: 'ec2Instance', db_instance: 'dbInstance', cache_node: 'cacheNode', fargate_sizes: 'fargateSizes', quota_entries: 'quotaEntries',
    }));
  });

  const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  (python.status === 0 ? test : test.skip)('THEN python3 byte-compiles every generated module', () => {
    const r = spawnSync('python3', ['-m', 'compileall', '-q', path.join(out, 'python', 'src')], { encoding: 'utf8' });
    expect({ status: r.status, output: `${r.stdout}${r.stderr}` }).toEqual({ status: 0, output: '' });
  });
});

const PYTHON = process.env.SCALEBLOCKS_PYTHON ?? '/usr/bin/python3';
const REQUIRED = process.env.SCALEBLOCKS_REQUIRE_PYTHON_WHEEL === '1';
const CAN_BUILD = spawnSync(PYTHON, ['-c', 'from importlib.metadata import version; [version(m) for m in ("pip", "setuptools", "wheel")]; import venv'],
  { encoding: 'utf8' }).status === 0;
if (!CAN_BUILD && !REQUIRED) {
  // eslint-disable-next-line no-console
  console.warn(`python.test.ts: no ${PYTHON} with pip, setuptools and wheel (apt-get install python3-pip python3-setuptools python3-wheel python3-venv, `
    + 'or set SCALEBLOCKS_PYTHON): the wheel tests are skipped');
}

/** Every step offline: pip reads no configuration file and no PIP_* variable, and uses no index. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^PIP_/.test(k)));
  return { ...env, PIP_CONFIG_FILE: os.devNull, PIP_NO_INDEX: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1', PYTHONNOUSERSITE: '1' };
}

function runOk(command: string, args: string[]): string {
  const r = spawnSync(command, args, { encoding: 'utf8', env: offlineEnv(), timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}${r.stderr}${r.error ?? ''}`);
  return r.stdout;
}

/** Run in the venv's interpreter: where the package is installed, its metadata, and its classes' static methods (parsed, not imported). */
const INSPECT = `
import ast, importlib.metadata as md, importlib.util, json, os, sys
spec = importlib.util.find_spec("scaleblocks")  # found, not imported (importing needs jsii from PyPI)
package = os.path.dirname(spec.origin)
tree = ast.parse(open(spec.origin, encoding="utf8").read())
classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
def statics(name):
    found = {}
    for f in classes[name].body if name in classes else []:
        if not isinstance(f, ast.FunctionDef):
            continue
        decorators = [ast.unparse(d) for d in f.decorator_list]
        jsii = [k.value.value for d in f.decorator_list if isinstance(d, ast.Call) and ast.unparse(d.func) == "jsii.member"
                for k in d.keywords if k.arg == "jsii_name"]
        if "builtins.classmethod" in decorators and jsii:
            found[f.name] = {"jsii": jsii[0], "params": [a.arg for a in f.args.args + f.args.kwonlyargs], "returns": f.returns.value if isinstance(f.returns, ast.Constant) else ast.unparse(f.returns)}
    return found
dist = md.distribution("scaleblocks")
print(json.dumps({
    "origin": os.path.relpath(spec.origin, sys.prefix),
    "submodules": sorted(d for d in os.listdir(package) if os.path.isfile(os.path.join(package, d, "__init__.py"))),
    "assembly": sorted(f for f in os.listdir(os.path.join(package, "_jsii")) if f.endswith(".tgz")),
    "name": dist.metadata["Name"], "version": dist.version, "requiresPython": dist.metadata["Requires-Python"],
    "requires": sorted(r.split(" ")[0] for r in dist.requires or []),
    "planner": statics("Planner"), "catalog": statics("HardwareCatalog"),
    "classes": sorted(classes),
}))
`;

interface Installed {
  readonly origin: string;
  readonly submodules: string[];
  readonly assembly: string[];
  readonly name: string;
  readonly version: string;
  readonly requiresPython: string;
  readonly requires: string[];
  readonly planner: { [python: string]: { jsii: string; params: string[]; returns: string } };
  readonly catalog: { [python: string]: { jsii: string; params: string[]; returns: string } };
  readonly classes: string[];
}

(CAN_BUILD || REQUIRED ? describe : describe.skip)('GIVEN the wheel built offline from the generated package and installed offline into a fresh venv', () => {
  const version: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
  let wheel: string;
  let venv: string;
  let installed: Installed;

  beforeAll(() => {
    const started = Date.now();
    const printed = runOk(process.execPath, [path.join(ROOT, 'build-tools', 'python-wheel.js'), '--source', path.join(out, 'python'), '--out', path.join(out, 'dist')]);
    wheel = JSON.parse(printed.trim().split('\n').pop()!).wheel;
    const built = Date.now();
    venv = path.join(out, 'venv');
    runOk(PYTHON, ['-m', 'venv', '--without-pip', venv]);
    // Debian's pip installs into the venv's interpreter; nothing else, from nowhere.
    runOk(PYTHON, ['-m', 'pip', '--python', path.join(venv, 'bin', 'python'), 'install', '--no-index', '--no-deps', wheel]);
    installed = JSON.parse(runOk(path.join(venv, 'bin', 'python'), ['-I', '-c', INSPECT]));
    console.log(`wheel built in ${((built - started) / 1000).toFixed(1)} s, installed and read in ${((Date.now() - built) / 1000).toFixed(1)} s`);
  }, 600_000);

  test('THEN it is the pure-Python wheel of scaleblocks at the package version, for Python 3.10 and later', () => {
    expect(path.basename(wheel)).toBe(`scaleblocks-${version}-py3-none-any.whl`);
    expect({ name: installed.name, version: installed.version, requiresPython: installed.requiresPython })
      .toEqual({ name: 'scaleblocks', version, requiresPython: '>=3.10' });
    // What pip fetches for a user: jsii's runtime and the construct libraries of each backend.
    expect(installed.requires).toEqual(expect.arrayContaining(['jsii', 'publication', 'constructs', 'aws-cdk-lib', 'cdktf']));
  });

  test('THEN the venv\'s interpreter finds the installed package, its backends and this build\'s assembly', () => {
    expect(installed.origin).toMatch(/^lib\/python3\.\d+\/site-packages\/scaleblocks\/__init__\.py$/);
    expect(installed.submodules).toEqual(expect.arrayContaining(['_jsii', 'cdk', 'cdktf']));
    expect(installed.assembly).toEqual([`scaleblocks@${version}.jsii.tgz`]);
    // The bundled assembly is the one compiled here (same fingerprint), not a stale one.
    const tgz = path.join(venv, path.dirname(installed.origin), '_jsii', installed.assembly[0]);
    const bundled = JSON.parse(execFileSync('tar', ['-xzOf', tgz, 'package/.jsii'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }));
    const compiled = JSON.parse(fs.readFileSync(path.join(ROOT, '.jsii'), 'utf8'));
    expect(compiled.fingerprint).toMatch(/^\S{20,}$/);
    expect(bundled.fingerprint).toBe(compiled.fingerprint);
  });

  test('THEN the installed Planner has planning and sizing as class methods, typed with the structs', () => {
    const jsiiNames = Object.fromEntries(Object.entries(installed.planner).map(([py, m]) => [py, m.jsii]));
    expect(jsiiNames).toEqual(expect.objectContaining({
      plan_system: 'planSystem',
      size_system: 'sizeSystem',
      system_blocks: 'systemBlocks',
      plan_load_balanced_api: 'planLoadBalancedApi',
      plan_tiered_cache: 'planTieredCache',
      plan_replicated_database: 'planReplicatedDatabase',
      plan_sharded_database: 'planShardedDatabase',
      plan_work_queue: 'planWorkQueue',
      plan_global_cdn: 'planGlobalCdn',
      plan_microservice_gateway: 'planMicroserviceGateway',
    }));
    // Keyword arguments are the spec's fields (jsii flattens the struct), and the result is the typed plan.
    expect(installed.planner.plan_system.params).toEqual(expect.arrayContaining(['cls', 'load', 'name', 'az_count', 'api', 'database']));
    expect(installed.planner.plan_system.returns).toBe('SystemPlan');
    expect(installed.planner.size_system.returns).toBe('SizingReport');
    expect(installed.classes).toEqual(expect.arrayContaining(['Planner', 'HardwareCatalog', 'SystemSpec', 'SystemPlan', 'SizingReport', 'PlanContext']));
  });

  test('THEN the installed HardwareCatalog has the catalog look-ups as class methods', () => {
    const jsiiNames = Object.fromEntries(Object.entries(installed.catalog).map(([py, m]) => [py, m.jsii]));
    expect(jsiiNames).toEqual(expect.objectContaining({
      ec2_instance: 'ec2Instance', db_instance: 'dbInstance', cache_node: 'cacheNode', fargate_sizes: 'fargateSizes', quota_entries: 'quotaEntries',
    }));
  });
});
