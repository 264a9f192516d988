import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Consumer, installPacked, ROOT } from './pack';
import { cdktfInitApp, cli, linkTools, MODULE_OF, REPO_TYPESCRIPT, resolveTypes, terraformApp, tsc, warningLines, writeApp, writeFiles } from './typescript';

/*
 * scaleblocks/cdktn, the CDK Terrain backend that build-tools/cdktn-backend.js generates at compile
 * from the compiled cdktf backend, used as a CDK Terrain user has it: the packed library installed
 * from its tarball beside cdktn 0.24, @cdktn/provider-aws 25 and constructs 10.7 from the npm
 * registry, run by Node 22 (@cdktn/provider-aws 25 needs Node >= 22.11; Node comes from the
 * `node@22` npm package, so the machine's Node stays as it is). Every block with defaults and the
 * example's SystemStack are synthesized by both Terraform backends, and the Terraform JSON must be
 * the same but for what the frameworks and the provider bindings write by themselves (see
 * `normalised`). Skipped, saying why, when the registry cannot be reached.
 */

const TERRAIN = ['cdktn@~0.24.0', '@cdktn/provider-aws@^25.0.0', 'constructs@~10.7.0', 'node@22'];
const NETWORK_ERROR = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|network/i;
const npmEnv = { ...process.env, npm_config_update_notifier: 'false' };

/** Whether the registry answers for cdktn 0.24; the reason to skip when it cannot be reached. */
function registry(): string | undefined {
  const view = spawnSync('npm', ['view', 'cdktn@~0.24.0', 'version'], { encoding: 'utf8', env: npmEnv, timeout: 60_000 });
  if (view.status === 0) return undefined;
  if (view.error || NETWORK_ERROR.test(view.stderr)) return `the npm registry is unreachable, cdktn not installed: ${view.error?.message ?? view.stderr.split('\n')[0]}`;
  throw new Error(`npm view cdktn@~0.24.0 failed:\n${view.stderr}`);
}
const skipped = registry();
if (skipped) console.warn(`skipping the CDK Terrain (scaleblocks/cdktn) tests: ${skipped}`);
const withRegistry = skipped ? describe.skip : describe;

/** The CDK Terrain app: the same tarball as the cdktf consumer, installed beside the registry's cdktn, in one install. */
interface TerrainApp extends Consumer {
  /** Node 22, from the app's `node` package. */
  readonly node22: string;
  readonly installMs: number;
  readonly installBytes: number;
}

function installTerrain(beside: Consumer): TerrainApp {
  const work = path.dirname(beside.dir);
  const tarball = fs.readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`no packed tarball in ${work}`);
  const dir = path.join(work, 'cdktn');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'terrain-app', version: '1.0.0', private: true }));
  const started = Date.now();
  // Not --ignore-scripts: the `node` package puts its binary in place in its install script.
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent', path.join(work, tarball), ...TERRAIN], {
    cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: npmEnv, timeout: 600_000,
  });
  const installMs = Date.now() - started;
  const installBytes = Number(execFileSync('du', ['-sb', path.join(dir, 'node_modules')], { encoding: 'utf8' }).split('\t')[0]);
  // For the type-check only: the consumer's tsconfig names the Node types.
  fs.mkdirSync(path.join(dir, 'node_modules', '@types'), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules', '@types', 'node'), path.join(dir, 'node_modules', '@types', 'node'), 'dir');
  const node22 = path.join(dir, 'node_modules', 'node', 'bin', 'node');
  return {
    dir,
    node22,
    installMs,
    installBytes,
    node: (script) => execFileSync(node22, ['-e', script], { cwd: dir, encoding: 'utf8' }),
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Synthesizes, with a real App into `outdir`, every block with its defaults in a stack of its own
 * (with the AWS provider in eu-west-1) and the social-feed example's SystemStack, and prints each
 * stack's cdk.tf.json, the Node and package versions, and which framework modules were loaded.
 * MicroserviceGateway has no default service: it gets one, public by explicit choice (routes require
 * an authorizer by default), everything else of it defaulted.
 */
const SYNTH = `
const fs = require('fs');
const path = require('path');
const [entry, framework, provider, spec, outdir] = process.argv.slice(2);
const { App, TerraformStack } = require(framework);
const { AwsProvider } = require(provider + '/lib/provider');
const sb = require(entry);
const app = new App({ outdir });
const blocks = {
  // Plain HTTP to the internet and public routes only by explicit choice (no certificate, no authorizer here).
  LoadBalancedApi: { allowPlainHttp: true }, TieredCache: {}, ReplicatedDatabase: {}, ShardedDatabase: {}, WorkQueue: {}, GlobalCdn: {},
  MicroserviceGateway: { services: [{ name: 'orders', requireAuthorization: false }] },
};
for (const [name, props] of Object.entries(blocks)) {
  const stack = new TerraformStack(app, name);
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new sb[name](stack, name, props);
}
new sb.SystemStack(app, 'SystemStack', { spec: sb.SystemSpecFile.load(spec) });
app.synth();
const stacks = {};
for (const name of [...Object.keys(blocks), 'SystemStack']) {
  stacks[name] = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
}
const loaded = [...new Set(Object.keys(require.cache)
  .map((k) => (k.match(/node_modules\\/(aws-cdk-lib|constructs|cdktf|cdktn|@cdktf\\/provider-aws|@cdktn\\/provider-aws)\\//) || [])[1])
  .filter(Boolean))].sort();
const version = (p) => require(p + '/package.json').version;
console.log(JSON.stringify({ node: process.version, framework: version(framework), provider: version(provider), loaded, stacks }));
`;

interface Synth {
  readonly node: string;
  readonly framework: string;
  readonly provider: string;
  readonly loaded: string[];
  readonly stacks: Record<string, any>;
  readonly ms: number;
}

function synth(dir: string, node: string, backend: 'cdktf' | 'cdktn'): Synth {
  const script = path.join(dir, 'synth.js');
  fs.writeFileSync(script, SYNTH);
  const started = Date.now();
  const out = execFileSync(node, [script, `scaleblocks/${backend}`, backend, `@${backend}/provider-aws`,
    path.join(ROOT, 'examples', 'social-feed', 'system.yaml'), path.join(dir, `${backend}.out`)], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { ...JSON.parse(out), ms: Date.now() - started };
}

/** What a stack's Terraform JSON holds that is not of scaleblocks: taken out by `normalised`. */
interface Written {
  /** terraform.required_providers.aws.source: how the provider bindings name the provider ("aws" or "hashicorp/aws"). */
  readonly source: string;
  /** terraform.required_providers.aws.version: the AWS provider version the bindings were generated from. */
  readonly version: string;
  /** //.metadata.version: the version of the framework (cdktf or cdktn) that wrote the file. */
  readonly framework: string;
  /** terraform.backend.local.path: the default local state file, an absolute path in the app's directory. */
  readonly statePath: string;
}

/** A copy of a stack's Terraform JSON without the four values of `Written`, and those values (the state path relative to the app). */
function normalised(stack: any, appDir: string): { json: any; written: Written } {
  const json = JSON.parse(JSON.stringify(stack));
  const aws = json.terraform.required_providers.aws;
  const local = json.terraform.backend.local;
  const written: Written = { source: aws.source, version: aws.version, framework: json['//'].metadata.version, statePath: path.relative(appDir, local.path) };
  delete aws.source;
  delete aws.version;
  delete json['//'].metadata.version;
  delete local.path;
  return { json, written };
}

/** The JSON paths at which `a` and `b` differ, each with both values: empty when they are equal. */
function differences(a: any, b: any, at = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((k) => differences(a[k], b[k], `${at}.${k}`));
  }
  return [`${at}: ${JSON.stringify(a)} (cdktf) != ${JSON.stringify(b)} (cdktn)`];
}

/** What `normalised` takes out of a stack: the provider source, an AWS provider 6.x version, the framework version, the default state file. */
function expectedWritten(source: string, framework: string, stack: string): Written {
  return { source, version: expect.stringMatching(/^6\.\d+\.\d+$/), framework, statePath: `terraform.${stack}.tfstate` };
}

const STACKS = ['LoadBalancedApi', 'TieredCache', 'ReplicatedDatabase', 'ShardedDatabase', 'WorkQueue', 'GlobalCdn', 'MicroserviceGateway', 'SystemStack'];

withRegistry('GIVEN the packed library in a cdktf app (Node of the repository) and in a CDK Terrain app (cdktn 0.24, @cdktn/provider-aws 25, constructs 10.7 from the registry, Node 22)', () => {
  let cdktf: Consumer;
  let cdktn: TerrainApp;
  let tf: Synth;
  let tn: Synth;
  beforeAll(() => {
    cdktf = installPacked(['cdktf', '@cdktf/provider-aws', 'constructs', '@types/node']);
    cdktn = installTerrain(cdktf);
    tf = synth(cdktf.dir, process.execPath, 'cdktf');
    tn = synth(cdktn.dir, cdktn.node22, 'cdktn');
    console.log(`cdktn app: one npm install of ${TERRAIN.join(' ')} and the tarball in ${(cdktn.installMs / 1000).toFixed(1)} s, `
      + `node_modules ${(cdktn.installBytes / 1024 / 1024).toFixed(0)} MiB; synth of the 8 stacks: cdktf ${tf.ms} ms (${tf.node}), cdktn ${tn.ms} ms (${tn.node})`);
  }, 900_000);
  afterAll(() => {
    cdktn?.dispose();
    cdktf?.dispose();
  });

  test('WHEN the CDK Terrain app synthesizes THEN it runs on Node >= 22.11 with cdktn 0.24 and @cdktn/provider-aws 25, and loads neither cdktf nor @cdktf/provider-aws nor aws-cdk-lib', () => {
    const [major, minor] = tn.node.slice(1).split('.').map(Number);
    expect({ node22: major === 22 && minor >= 11, framework: tn.framework, provider: tn.provider.split('.')[0], loaded: tn.loaded })
      .toEqual({ node22: true, framework: expect.stringMatching(/^0\.24\./), provider: '25', loaded: ['@cdktn/provider-aws', 'cdktn', 'constructs'] });
    expect(tf.loaded).toEqual(['@cdktf/provider-aws', 'cdktf', 'constructs']);
  });

  test('WHEN every block with defaults and the example SystemStack are synthesized by scaleblocks/cdktf and by scaleblocks/cdktn THEN the Terraform JSON is the same, but for the provider source and version, the framework version and the app directory', () => {
    expect(Object.keys(tn.stacks)).toEqual(STACKS);
    for (const name of STACKS) {
      const a = normalised(tf.stacks[name], cdktf.dir);
      const b = normalised(tn.stacks[name], cdktn.dir);
      expect({ name, differences: differences(a.json, b.json) }).toEqual({ name, differences: [] });
      // What was taken out is what the frameworks and the provider bindings write by themselves.
      expect({ name, cdktf: a.written, cdktn: b.written }).toEqual({
        name,
        cdktf: expectedWritten('aws', tf.framework, name),
        cdktn: expectedWritten('hashicorp/aws', tn.framework, name),
      });
    }
  });

  test('WHEN the stacks are compared THEN there was something to compare: each block\'s own resources are in both', () => {
    const types = (s: any): string[] => Object.keys(s.resource ?? {});
    const expected: Record<string, string> = {
      LoadBalancedApi: 'aws_lb',
      TieredCache: 'aws_elasticache_replication_group',
      ReplicatedDatabase: 'aws_rds_cluster',
      ShardedDatabase: 'aws_rds_cluster',
      WorkQueue: 'aws_sqs_queue',
      GlobalCdn: 'aws_cloudfront_distribution',
      MicroserviceGateway: 'aws_apigatewayv2_api',
      SystemStack: 'aws_rds_cluster',
    };
    for (const name of STACKS) {
      expect({ name, cdktf: types(tf.stacks[name]).includes(expected[name]), cdktn: types(tn.stacks[name]).includes(expected[name]) })
        .toEqual({ name, cdktf: true, cdktn: true });
    }
  });

  test('WHEN TypeScript 6.x resolves scaleblocks/cdktn under node10, node16, nodenext and bundler THEN it is the generated entry (typesVersions for node10, exports types for the others)', () => {
    const actual = Object.fromEntries(Object.keys(MODULE_OF).map((mode) => [mode, resolveTypes(REPO_TYPESCRIPT, cdktn, 'scaleblocks/cdktn', mode)]));
    expect(actual).toEqual(Object.fromEntries(Object.keys(MODULE_OF).map((mode) => [mode, 'node_modules/scaleblocks/lib/cdktn/entry.d.ts'])));
  });

  test('WHEN a fresh CDK Terrain app (`cdktn init --template typescript`\'s shape: its own stack and VPC, two blocks with defaults) is synthesized by `cdktn synth` offline THEN it synthesizes over the network\'s 2 AZs, with no warning and no output added', () => {
    // The CLI of the same release, beside the app (as `cdktn init` installs it); run by Node 22.
    const started = Date.now();
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent', '--no-save', 'cdktn-cli@~0.24.0'], {
      cwd: cdktn.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: npmEnv, timeout: 600_000,
    });
    const installMs = Date.now() - started;
    linkTools(cdktn);
    writeFiles(cdktn, cdktfInitApp('cdktn'));
    const r = cli(cdktn, path.join(cdktn.dir, 'node_modules', '.bin', 'cdktn'), ['synth', '--output', 'cdktf.out'], cdktn.node22);
    console.log(`cdktn-cli install: ${(installMs / 1000).toFixed(1)} s; cdktn synth of the fresh app: ${(r.ms / 1000).toFixed(1)} s`);
    expect({ status: r.status, output: r.status === 0 ? '' : r.output.slice(-3000) }).toEqual({ status: 0, output: '' });
    expect(warningLines(r.output)).toEqual([]);
    const json = JSON.parse(fs.readFileSync(path.join(cdktn.dir, 'cdktf.out', 'stacks', 'shop', 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(json.resource.aws_rds_cluster_instance)).toHaveLength(2);
    expect(json.resource.aws_elasticache_replication_group).toBeDefined();
    expect(json.output).toBeUndefined();
  }, 900_000);

  test('WHEN a CDK Terrain app is compiled by TypeScript 6.x under node16, strict, skipLibCheck false THEN it type-checks against @cdktn/provider-aws, and no cdktf or aws-cdk-lib declaration is in the program', () => {
    writeApp(cdktn, terraformApp('cdktn'));
    const run = tsc(REPO_TYPESCRIPT, cdktn, 'node16', false);
    expect(run.errors).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.files).toContain('node_modules/scaleblocks/lib/cdktn/entry.d.ts');
    expect(run.files.filter((f) => /scaleblocks\/lib\/(cdk|cdktf)\/|node_modules\/(aws-cdk-lib|cdktf|@cdktf)\//.test(f))).toEqual([]);
  }, 600_000);
});

