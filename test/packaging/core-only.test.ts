import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Consumer, installPacked, LOADED_BACKENDS, ROOT } from './pack';

/*
 * The packed library, installed into a fresh project with neither backend (no aws-cdk-lib, no
 * constructs, no cdktf): the core and the CLI must work, offline, with only what the tarball
 * bundles. Needs the compiled lib/ (the build compiles before it tests).
 */

let consumer: Consumer;

beforeAll(() => {
  consumer = installPacked();
}, 120_000);

afterAll(() => consumer?.dispose());

function node(script: string): string {
  return consumer.node(script);
}

describe('the package without any backend installed', () => {
  test('neither backend is installed beside it', () => {
    for (const peer of ['aws-cdk-lib', 'constructs', 'cdktf', '@cdktf/provider-aws']) {
      expect(fs.existsSync(path.join(consumer.dir, 'node_modules', peer))).toBe(false);
    }
  });

  test('the core plans and sizes a system, and loads no backend module', () => {
    const out = node(`
      const sb = require('scaleblocks');
      const report = sb.sizeSystem(sb.planSystem({ name: 'x', load: { peakRequestsPerSecond: 100 }, quotas: { 'fargate.onDemandVcpuPerRegion': 100 }, api: { allowPlainHttp: true }, database: {} }));
      const loaded = ${LOADED_BACKENDS};
      console.log(JSON.stringify({ verdict: report.verdict, loaded }));
    `);
    expect(JSON.parse(out)).toEqual({ verdict: 'PASS', loaded: [] });
  });

  test('the backends stay unloaded until read, and then say which peer is missing', () => {
    const out = node(`
      const sb = require('scaleblocks');
      const before = ${LOADED_BACKENDS};
      let error = '';
      try { sb.cdk; } catch (e) { error = e.message.split('\\n')[0]; }
      console.log(JSON.stringify({ before, error }));
    `);
    expect(JSON.parse(out)).toEqual({ before: [], error: expect.stringMatching(/Cannot find module '(aws-cdk-lib|constructs)/) });
  });

  test('the CLI runs from the installed bin with its bundled libraries, and names the backend it needs to synthesize', () => {
    fs.copyFileSync(path.join(ROOT, 'examples', 'social-feed', 'system.yaml'), path.join(consumer.dir, 'system.yaml'));
    const bin = path.join(consumer.dir, 'node_modules', '.bin', 'scaleblocks');
    // The spec is read and planned with the bundled libraries (a spec error would be exit 2 with its path);
    // `check` sizes what it synthesizes, so without aws-cdk-lib it says what to install, and does not size a plan instead.
    const result = spawnSync(bin, ['check', 'system.yaml'], { cwd: consumer.dir, encoding: 'utf8' });
    expect(result.stderr).toMatch(/the cdk backend needs aws-cdk-lib, constructs, which are not installed: npm install aws-cdk-lib constructs, or run with --target cdktf/);
    expect(result.status).toBe(2);
    const help = spawnSync(bin, ['check', '--help'], { cwd: consumer.dir, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--target/);
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
    const shipped = fs.readdirSync(path.join(consumer.dir, 'node_modules', 'scaleblocks'));
    expect(shipped).not.toContain('build-tools');
    expect(shipped).not.toContain('tsconfig.dev.json');
    expect(shipped).not.toContain('examples');
  });
});
