import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/*
 * The example apps synthesized by the real CLIs, offline and with no account, as a user runs
 * them: `cdk synth` (aws-cdk CLI; the apps add cdk-nag and cfn-guard, or SizingValidator) and
 * `cdktf synth` (no terraform binary needed). cdk.json and cdktf.json run the compiled app.js /
 * main.js (so synth needs no TypeScript); the apps import the package by name, so they run on the
 * compiled lib/. test/examples/check.test.ts runs `scaleblocks check` on each example's specs.
 */

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');
const OFFLINE = {
  ...process.env, CDK_DISABLE_VERSION_CHECK: '1', CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: '1', npm_config_update_notifier: 'false',
};

function run(cwd: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync('npx', args, { cwd, env: OFFLINE, encoding: 'utf8', timeout: 280_000 });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

interface CfnTemplate { readonly Resources: { [id: string]: { readonly Type: string; readonly Properties?: any } } }
interface TfJson {
  readonly provider: { readonly aws: { readonly region: string; readonly alias?: string }[] };
  readonly resource: { [type: string]: { [name: string]: any } };
}

const types = (t: CfnTemplate): string[] => Object.values(t.Resources).map((x) => x.Type);
const count = (t: CfnTemplate, type: string): number => types(t).filter((x) => x === type).length;
const resources = (t: CfnTemplate, type: string): any[] => Object.values(t.Resources).filter((x) => x.Type === type);

let out: string;
beforeAll(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-examples-'));
  // The apps run as JavaScript: transpile them from their sources, as the compile:examples task does.
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', path.join(EXAMPLES, 'tsconfig.json')], { encoding: 'utf8' });
  expect({ status: r.status, output: `${r.stdout}${r.stderr}` }).toEqual({ status: 0, output: '' });
}, 120_000);
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

/** `cdk synth` of an example into a fresh folder; returns the folder. */
function cdkSynth(example: string): string {
  const dir = path.join(out, example, 'cdk.out');
  const r = run(path.join(EXAMPLES, example, 'cdk'), ['cdk', 'synth', '--quiet', '-o', dir]);
  expect({ status: r.status, output: r.status === 0 ? '' : r.output }).toEqual({ status: 0, output: '' });
  return dir;
}

/** `cdktf synth` of an example; returns its stack's Terraform JSON. */
function cdktfSynth(example: string, stack: string): TfJson {
  const dir = path.join(out, example, 'cdktf.out');
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const r = run(path.join(EXAMPLES, example, 'cdktf'), ['cdktf', 'synth', '--output', dir]);
  expect({ status: r.status, output: r.status === 0 ? '' : r.output }).toEqual({ status: 0, output: '' });
  return JSON.parse(fs.readFileSync(path.join(dir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
}

const template = (dir: string, stack: string): CfnTemplate => JSON.parse(fs.readFileSync(path.join(dir, `${stack}.template.json`), 'utf8'));

/** The validation plugins that ran at synth, and every finding they reported. */
function validation(dir: string): { plugins: string[]; violations: unknown[] } {
  const report = JSON.parse(fs.readFileSync(path.join(dir, 'validation-report.json'), 'utf8'));
  return {
    plugins: report.pluginReports.map((p: { pluginName: string }) => p.pluginName).sort(),
    violations: report.pluginReports.flatMap((p: { violations: unknown[] }) => p.violations),
  };
}

/** cdk-nag's AwsSolutions and the cfn-guard validator ran (the apps add them), with no unacknowledged finding. */
function expectCompliant(dir: string): void {
  const v = validation(dir);
  expect(v.plugins).toEqual(expect.arrayContaining(['AwsSolutions', 'cdk-validator-cfnguard']));
  expect(v.violations).toEqual([]);
}

/** Whether an IAM policy document allows `action`. */
const allows = (doc: { Statement: { Action: string | string[] }[] }, action: string): boolean =>
  doc.Statement.some((s) => ([] as string[]).concat(s.Action).includes(action));

describe('social-feed (seed §7)', () => {
  test('GIVEN the CDK app WHEN `cdk synth` runs THEN both stacks synthesize, compliant, with no account', () => {
    const dir = cdkSynth('social-feed');
    const main = template(dir, 'SocialFeed');
    expect(types(main)).toEqual(expect.arrayContaining(['AWS::CloudFront::Distribution', 'AWS::RDS::DBCluster', 'AWS::ElastiCache::ReplicationGroup']));
    expect(types(template(dir, 'SocialFeed-edge'))).toContain('AWS::WAFv2::WebACL');
    expectCompliant(dir);
  }, 300_000);

  test('GIVEN the cdktf app WHEN `cdktf synth` runs THEN the Terraform JSON is written, with no terraform binary', () => {
    const json = cdktfSynth('social-feed', 'social-feed');
    expect(json.provider.aws[0].region).toBe('eu-west-1');
    expect(Object.keys(json.resource)).toEqual(expect.arrayContaining(['aws_cloudfront_distribution', 'aws_rds_cluster', 'aws_elasticache_replication_group']));
  }, 300_000);
});

describe('video-pipeline (seed §4)', () => {
  test('GIVEN the CDK app WHEN `cdk synth` runs THEN the API, the queue with Fargate workers, the job table, the payload bucket and the webhook synthesize, compliant', () => {
    const dir = cdkSynth('video-pipeline');
    const t = template(dir, 'VideoPipeline');
    expect(types(t)).toEqual(expect.arrayContaining([
      'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::SQS::Queue', 'AWS::DynamoDB::Table', 'AWS::SNS::Topic', 'AWS::S3::Bucket',
    ]));
    expect(count(t, 'AWS::ECS::Service')).toBe(2); // the API and the workers
    expect(resources(t, 'AWS::SNS::Subscription').map((s) => [s.Properties.Protocol, s.Properties.Endpoint]))
      .toContainEqual(['https', 'https://hooks.example.com/transcode-done']);
    expectCompliant(dir);
  }, 300_000);

  test('GIVEN the cdktf app WHEN `cdktf synth` runs THEN the same blocks are written as Terraform JSON', () => {
    const json = cdktfSynth('video-pipeline', 'video-pipeline');
    expect(Object.keys(json.resource)).toEqual(expect.arrayContaining(['aws_lb', 'aws_sqs_queue', 'aws_dynamodb_table', 'aws_sns_topic', 'aws_s3_bucket']));
    expect(Object.keys(json.resource.aws_ecs_service)).toHaveLength(2);
    expect(Object.values(json.resource.aws_sns_topic_subscription).map((s: any) => s.endpoint)).toContain('https://hooks.example.com/transcode-done');
  }, 300_000);
});

describe('microservices (seed §5)', () => {
  test('GIVEN the CDK app WHEN `cdk synth` runs THEN the gateway, 4 services with a database each and the queue synthesize, and the order service may enqueue', () => {
    const dir = cdkSynth('microservices');
    const t = template(dir, 'Shop');
    expect(count(t, 'AWS::ApiGatewayV2::Api')).toBe(1);
    expect(count(t, 'AWS::RDS::DBCluster')).toBe(4);
    expect(count(t, 'AWS::ECS::Service')).toBe(5); // auth, user, order, payment and the payment workers
    expect(types(t)).toEqual(expect.arrayContaining(['AWS::SQS::Queue', 'AWS::DynamoDB::Table']));
    // The app's own wiring: the order service's task role may send to the queue.
    const orderPolicies = Object.entries(t.Resources)
      .filter(([id, r]) => r.Type === 'AWS::IAM::Policy' && /order/i.test(id) && !/orderdb/i.test(id))
      .map(([, r]) => r.Properties.PolicyDocument);
    expect(orderPolicies.some((d) => allows(d, 'sqs:SendMessage'))).toBe(true);
    expectCompliant(dir);
  }, 300_000);

  test('GIVEN the cdktf app WHEN `cdktf synth` runs THEN the same blocks are written, and the order service may enqueue', () => {
    const json = cdktfSynth('microservices', 'shop');
    expect(Object.keys(json.resource.aws_apigatewayv2_api)).toHaveLength(1);
    expect(Object.keys(json.resource.aws_rds_cluster)).toHaveLength(4);
    expect(Object.keys(json.resource.aws_ecs_service)).toHaveLength(5);
    const queuePolicies = Object.values(json.resource.aws_iam_role_policy).map((p: any) => JSON.parse(p.policy));
    expect(queuePolicies.some((d) => allows(d, 'sqs:SendMessage'))).toBe(true);
  }, 300_000);
});

describe('global-users (seed §3 and §6)', () => {
  test('GIVEN the CDK app WHEN `cdk synth` runs THEN the CDN, the API and a shard stack in each of three Regions synthesize, compliant', () => {
    const dir = cdkSynth('global-users');
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    type Artifact = { type: string; environment?: string; properties?: { templateFile: string } };
    const stacks = Object.values(manifest.artifacts as { [id: string]: Artifact })
      .filter((a) => a.type === 'aws:cloudformation:stack');
    const clusters = stacks.filter((s) => count(template(dir, s.properties!.templateFile.replace(/\.template\.json$/, '')), 'AWS::RDS::DBCluster') === 1);
    expect(clusters.map((s) => s.environment!.split('/').pop()).sort()).toEqual(['ap-southeast-1', 'eu-west-1', 'us-east-1']);
    expect(types(template(dir, 'GlobalUsers'))).toEqual(expect.arrayContaining(['AWS::CloudFront::Distribution', 'AWS::ECS::Service']));
    expectCompliant(dir);
  }, 300_000);

  test('GIVEN the cdktf app WHEN `cdktf synth` runs THEN one stack holds the shards, with a provider in each Region', () => {
    const json = cdktfSynth('global-users', 'global-users');
    expect(new Set(json.provider.aws.map((p) => p.region))).toEqual(new Set(['eu-west-1', 'us-east-1', 'ap-southeast-1']));
    expect(Object.keys(json.resource.aws_rds_cluster)).toHaveLength(3);
    expect(Object.keys(json.resource)).toContain('aws_cloudfront_distribution');
  }, 300_000);
});

describe('import-into-existing', () => {
  test('GIVEN the user\'s CDK stack WHEN `cdk synth` runs THEN the two blocks sit in the user\'s VPC and SizingValidator passes', () => {
    const dir = cdkSynth('import-into-existing');
    const t = template(dir, 'Orders');
    expect(count(t, 'AWS::EC2::VPC')).toBe(1); // the user's: the blocks create none
    expect(Object.keys(t.Resources).filter((id) => t.Resources[id].Type === 'AWS::EC2::VPC')[0]).toMatch(/^Network/);
    expect(count(t, 'AWS::RDS::DBCluster')).toBe(1);
    expect(count(t, 'AWS::ECS::Service')).toBe(1);
    expect(validation(dir).violations).toEqual([]);
  }, 300_000);

  test('GIVEN the user\'s cdktf stack WHEN `cdktf synth` runs THEN the two blocks take the user\'s VPC by id and SizingValidation passes', () => {
    const json = cdktfSynth('import-into-existing', 'orders');
    expect(Object.keys(json.resource.aws_vpc)).toHaveLength(1);
    expect(Object.keys(json.resource.aws_rds_cluster)).toHaveLength(1);
    expect(Object.keys(json.resource.aws_ecs_service)).toHaveLength(1);
    const vpc = Object.keys(json.resource.aws_vpc)[0];
    expect(Object.values(json.resource.aws_lb_target_group).map((g: any) => g.vpc_id)).toEqual(expect.arrayContaining([`\${aws_vpc.${vpc}.id}`]));
  }, 300_000);

  test('GIVEN the user\'s cdktf stack at 6,000 requests/s WHEN `cdktf synth` runs THEN SizingValidation fails it, naming the block, the row and the fix', () => {
    fs.mkdirSync(path.join(out, 'undersized'), { recursive: true });
    const r = spawnSync('npx', ['cdktf', 'synth', '--output', path.join(out, 'undersized', 'cdktf.out')], {
      cwd: path.join(EXAMPLES, 'import-into-existing', 'cdktf'), env: { ...OFFLINE, PEAK_RPS: '6000' }, encoding: 'utf8', timeout: 280_000,
    });
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/\[orders\/Orders(Api|Db)\] orders\/Orders(Api|Db): .*: FAIL: .*; fix: /);
  }, 300_000);
});
