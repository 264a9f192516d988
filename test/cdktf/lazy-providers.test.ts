import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/*
 * `compile` rewrites each @cdktf/provider-aws import of lib/cdktf so that the provider module loads
 * when a block first uses one of its classes (build-tools/lazy-providers.js): a system loads the
 * classes of the features it renders, not of every feature a block can render. Checked here on
 * modules compiled by the TypeScript compiler with the project's module settings, as jsii emits
 * them, in a separate Node process (so its module cache says what was loaded).
 */

const ROOT = path.join(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'build-tools', 'lazy-providers.js');

/** A block module in the shape of src/cdktf's: an EC2 capacity class it only uses when asked. */
const BLOCK = `
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { Vpc, VpcConfig } from '@cdktf/provider-aws/lib/vpc';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket, s3BucketCorsRuleToTerraform } from '@cdktf/provider-aws/lib/s3-bucket';
import { App, TerraformStack } from 'cdktf';

export function synth(outdir: string, ec2: boolean): void {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'S');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const config: VpcConfig = { cidrBlock: '10.0.0.0/16' };
  new Vpc(stack, 'Vpc', config);
  if (ec2) new AutoscalingGroup(stack, 'Asg', { maxSize: 2, minSize: 1, availabilityZones: ['eu-west-1a'] });
  if (typeof s3BucketCorsRuleToTerraform !== 'function' || S3Bucket.tfResourceType !== 'aws_s3_bucket') throw new Error('not the provider module');
  app.synth();
}
`;

/** Compiled with the settings jsii writes into tsconfig.json (CommonJS, ES2022, esModuleInterop). */
function compile(source: string): string {
  const { config } = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, ROOT);
  return ts.transpileModule(source, { compilerOptions: { ...options, module: ts.ModuleKind.CommonJS }, fileName: 'block.ts' }).outputText;
}

function workDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-lazy-providers-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function rewrite(dir: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Runs `synth` of the block module in its own process; which provider modules it loaded, and when. */
function run(dir: string, ec2: boolean): { atRequire: string[]; atEnd: string[]; resources: string[] } {
  const probe = `
    const loaded = () => Object.keys(require.cache).map((f) => (f.match(/provider-aws\\/lib\\/([a-z0-9-]+)\\//) || [])[1]).filter(Boolean).sort();
    const block = require(${JSON.stringify(path.join(dir, 'block.js'))});
    const atRequire = loaded();
    const out = require('path').join(${JSON.stringify(dir)}, 'out');
    block.synth(out, ${ec2});
    const json = JSON.parse(require('fs').readFileSync(require('path').join(out, 'stacks', 'S', 'cdk.tf.json'), 'utf8'));
    console.log(JSON.stringify({ atRequire, atEnd: loaded(), resources: Object.keys(json.resource).sort() }));
  `;
  const out = execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') } });
  return JSON.parse(out.trim().split('\n').pop()!);
}

test('a provider module loads when its class is first used, and only then', () => {
  const compiled = compile(BLOCK);
  const dir = workDir({ 'block.js': compiled });
  const eager = run(dir, false);
  expect(eager.atRequire).toEqual(['autoscaling-group', 'provider', 's3-bucket', 'vpc']);

  const r = rewrite(dir);
  expect(r.status).toBe(0);
  expect(r.out).toMatch(/4 provider imports in 1 modules/);
  const lazy = fs.readFileSync(path.join(dir, 'block.js'), 'utf8');
  // One line for one line: the source map stays right.
  expect(lazy.split('\n').length).toBe(compiled.split('\n').length);
  expect(lazy).not.toMatch(/^const \w+ = require\("@cdktf\/provider-aws/m);
  expect(lazy).toContain('__lazyProvider(() => require("@cdktf/provider-aws/lib/s3-bucket"), ["S3Bucket","s3BucketCorsRuleToTerraform"])');

  const without = run(dir, false);
  expect(without.atRequire).toEqual([]);
  expect(without.atEnd).toEqual(['provider', 's3-bucket', 'vpc']);
  expect(without.resources).toEqual(['aws_vpc']);
  const withEc2 = run(dir, true);
  expect(withEc2.atEnd).toEqual(['autoscaling-group', 'provider', 's3-bucket', 'vpc']);
  expect(withEc2.resources).toEqual(['aws_autoscaling_group', 'aws_vpc']);
});

test('the same Terraform JSON before and after the rewrite', () => {
  const dir = workDir({ 'block.js': compile(BLOCK) });
  run(dir, true);
  const before = fs.readFileSync(path.join(dir, 'out', 'stacks', 'S', 'cdk.tf.json'), 'utf8');
  expect(rewrite(dir).status).toBe(0);
  run(dir, true);
  expect(fs.readFileSync(path.join(dir, 'out', 'stacks', 'S', 'cdk.tf.json'), 'utf8')).toBe(before);
});

test('a second run leaves the modules as they are', () => {
  const dir = workDir({ 'block.js': compile(BLOCK) });
  expect(rewrite(dir).status).toBe(0);
  const once = fs.readFileSync(path.join(dir, 'block.js'), 'utf8');
  const again = rewrite(dir);
  expect(again.status).toBe(0);
  expect(again.out).toMatch(/0 provider imports in 0 modules .*\(1 modules rewritten before\)/);
  expect(fs.readFileSync(path.join(dir, 'block.js'), 'utf8')).toBe(once);
});

test('fails the build on a use it cannot make lazy, and when there is nothing to rewrite', () => {
  const passedOn = workDir({ 'block.js': compile('import * as vpc from \'@cdktf/provider-aws/lib/vpc\';\nimport { Vpc } from \'@cdktf/provider-aws/lib/vpc\';\nexport const all = [vpc, Vpc];\n') });
  // `import * as` compiles to __importStar(require(...)), which would stay eager.
  const star = rewrite(passedOn);
  expect(star.status).toBe(1);
  expect(star.out).toMatch(/block\.js: an eager require of @cdktf\/provider-aws\/lib\/vpc is left/);

  const computed = workDir({ 'block.js': 'const vpc_1 = require("@cdktf/provider-aws/lib/vpc");\nexports.make = (name) => vpc_1[name];\n' });
  const r = rewrite(computed);
  expect(r.status).toBe(1);
  expect(r.out).toMatch(/block\.js: vpc_1 is used other than as vpc_1\.<name>/);

  const none = rewrite(workDir({ 'block.js': '"use strict";\nexports.x = 1;\n' }));
  expect(none.status).toBe(1);
  expect(none.out).toMatch(/no require\("@cdktf\/provider-aws\/lib\/\.\.\."\) found/);
});

test('lib/cdktf, when compiled, has no eager provider import left', () => {
  const lib = path.join(ROOT, 'lib', 'cdktf');
  if (!fs.existsSync(lib)) return; // not compiled in this checkout: the cases above test the rewrite
  for (const file of fs.readdirSync(lib).filter((f) => f.endsWith('.js'))) {
    expect([file, fs.readFileSync(path.join(lib, file), 'utf8').match(/^const \w+ = require\("@cdktf\/provider-aws[^\n]*/m)?.[0]]).toEqual([file, undefined]);
  }
});
