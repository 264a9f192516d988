import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/*
 * The packed library, installed into a fresh project with neither backend (no aws-cdk-lib, no
 * constructs, no cdktf): the core and the CLI must work, offline, with only what the tarball
 * bundles. Needs the compiled lib/ (the build compiles before it tests).
 */

const ROOT = path.join(__dirname, '..', '..');
let work: string;
let consumer: string;

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });
}

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'lib', 'index.js')) || !fs.existsSync(path.join(ROOT, '.jsii'))) {
    throw new Error('compile first (npx projen compile): the packaging test packs lib/ and .jsii');
  }
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-pack-'));
  const tarball = npm(['pack', '--pack-destination', work, '--silent'], ROOT).trim().split('\n').pop()!;
  consumer = path.join(work, 'consumer');
  fs.mkdirSync(consumer);
  fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  npm(['install', '--offline', '--no-audit', '--no-fund', '--silent', path.join(work, tarball)], consumer);
}, 120_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function node(script: string): string {
  return execFileSync(process.execPath, ['-e', script], { cwd: consumer, encoding: 'utf8' });
}

describe('the package without any backend installed', () => {
  test('neither backend is installed beside it', () => {
    for (const peer of ['aws-cdk-lib', 'constructs', 'cdktf', '@cdktf/provider-aws']) {
      expect(fs.existsSync(path.join(consumer, 'node_modules', peer))).toBe(false);
    }
  });

  test('the core plans and sizes a system, and loads no backend module', () => {
    const out = node(`
      const sb = require('scaleblocks');
      const report = sb.sizeSystem(sb.planSystem({ name: 'x', load: { peakRequestsPerSecond: 100 }, api: {}, database: {} }));
      const loaded = Object.keys(require.cache).filter((k) => /node_modules\\/(aws-cdk-lib|constructs|cdktf|@cdktf)\\//.test(k));
      console.log(JSON.stringify({ verdict: report.verdict, loaded }));
    `);
    expect(JSON.parse(out)).toEqual({ verdict: 'PASS', loaded: [] });
  });

  test('the CLI runs from the installed bin with its bundled libraries', () => {
    fs.copyFileSync(path.join(ROOT, 'examples', 'social-feed', 'system.yaml'), path.join(consumer, 'system.yaml'));
    const bin = path.join(consumer, 'node_modules', '.bin', 'scaleblocks');
    const result = spawnSync(bin, ['check', 'system.yaml', '--json'], { cwd: consumer, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).verdict).toBe('PASS');
  });

  test('the JSON Schemas and the jsii assembly are exported; build files are not shipped', () => {
    const out = node(`
      console.log(JSON.stringify([
        require('scaleblocks/schema/report.schema.json').title,
        require('scaleblocks/schema/system-spec.schema.json').title,
        JSON.parse(require('fs').readFileSync(require.resolve('scaleblocks/.jsii'), 'utf8')).name,
      ]));
    `);
    expect(JSON.parse(out)).toEqual(['scaleblocks sizing report', 'scaleblocks system spec', 'scaleblocks']);
    const shipped = fs.readdirSync(path.join(consumer, 'node_modules', 'scaleblocks'));
    expect(shipped).not.toContain('build-tools');
    expect(shipped).not.toContain('tsconfig.dev.json');
    expect(shipped).not.toContain('examples');
  });
});
