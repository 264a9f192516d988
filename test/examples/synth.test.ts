import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/*
 * The example apps synthesized by the real CLIs, offline and with no account, as a user runs
 * them: `cdk synth` (aws-cdk CLI, with cdk-nag and cfn-guard run by the app) and `cdktf synth`
 * (no terraform binary needed). They import the package by name, so they run on the compiled lib/.
 */

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'social-feed');
const OFFLINE = {
  ...process.env, CDK_DISABLE_VERSION_CHECK: '1', CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: '1', npm_config_update_notifier: 'false',
};

function run(cwd: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync('npx', args, { cwd, env: OFFLINE, encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

let out: string;
beforeAll(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-examples-'));
});
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

test('GIVEN the social-feed example WHEN `cdk synth` runs THEN both stacks synthesize, compliant, with no account', () => {
  const dir = path.join(out, 'cdk.out');
  const r = run(path.join(EXAMPLE, 'cdk'), ['cdk', 'synth', '--quiet', '-o', dir]);
  expect({ status: r.status, output: r.status === 0 ? '' : r.output }).toEqual({ status: 0, output: '' });
  const main = JSON.parse(fs.readFileSync(path.join(dir, 'SocialFeed.template.json'), 'utf8'));
  const edge = JSON.parse(fs.readFileSync(path.join(dir, 'SocialFeed-edge.template.json'), 'utf8'));
  const types = (t: { Resources: { [id: string]: { Type: string } } }): string[] => Object.values(t.Resources).map((x) => x.Type);
  expect(types(main)).toEqual(expect.arrayContaining(['AWS::CloudFront::Distribution', 'AWS::RDS::DBCluster', 'AWS::ElastiCache::ReplicationGroup']));
  expect(types(edge)).toContain('AWS::WAFv2::WebACL');
  // cdk-nag and cfn-guard (the app adds them) and aws-cdk-lib's own schema validation ran, with no unacknowledged finding.
  const report = JSON.parse(fs.readFileSync(path.join(dir, 'validation-report.json'), 'utf8'));
  expect(report.pluginReports.map((p: { pluginName: string }) => p.pluginName).sort()).toEqual(['AwsSolutions', 'CloudFormation Validate', 'cdk-validator-cfnguard']);
  expect(report.pluginReports.flatMap((p: { violations: unknown[] }) => p.violations)).toEqual([]);
}, 300_000);

test('GIVEN the social-feed example WHEN `cdktf synth` runs THEN the Terraform JSON is written, with no terraform binary', () => {
  const dir = path.join(out, 'cdktf.out');
  const r = run(path.join(EXAMPLE, 'cdktf'), ['cdktf', 'synth', '--output', dir]);
  expect({ status: r.status, output: r.status === 0 ? '' : r.output }).toEqual({ status: 0, output: '' });
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'stacks', 'social-feed', 'cdk.tf.json'), 'utf8'));
  expect(json.provider.aws[0].region).toBe('eu-west-1');
  expect(Object.keys(json.resource)).toEqual(expect.arrayContaining(['aws_cloudfront_distribution', 'aws_rds_cluster', 'aws_elasticache_replication_group']));
}, 300_000);
