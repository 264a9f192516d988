import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { npx, ROOT, scaleblocks } from './process';

/*
 * Process-level: `scaleblocks check --app` runs a user's own CDK or cdktf app offline and sizes
 * what it synthesized; SizingValidator / SizingValidation fail the real `cdk synth` / `cdktf synth`.
 * The fixture apps (test/fixtures/apps) hold one LoadBalancedApi at 1,000 requests/s; LOWER_CPU=1
 * lowers its task CPU from 1024 to 256 through an escape hatch, MAX_TASKS caps the fleet.
 */

const APPS = path.join(ROOT, 'test', 'fixtures', 'apps');
const EXAMPLE = path.join(ROOT, 'examples', 'social-feed');
const LIB = fs.existsSync(path.join(ROOT, 'lib', 'cdk', 'sizing-validator.js'));

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-check-app-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe.each([['cdk', 'UserApp.template.json', 'Properties.Cpu'], ['cdktf', 'stacks/user-app/cdk.tf.json', 'cpu']])(
  'check --app on a %s app whose task CPU an escape hatch lowers', (kind, template, attribute) => {
    test('GIVEN CPU 1024 -> 256 WHEN checked THEN the rows size 0.25 vCPU tasks and FAIL, and the plan difference comes first (exit 1)', () => {
      const r = scaleblocks(path.join(APPS, kind), ['check', '--app', '--json'], { LOWER_CPU: '1' });
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 1, stderr: '' });
      const report = JSON.parse(r.stdout);
      expect(report.differences).toEqual([expect.objectContaining({
        block: expect.stringMatching(/Api$/),
        field: 'compute.cpu',
        planned: '1,024',
        deployed: '256',
        where: [expect.objectContaining({ template, attribute })],
      })]);
      const normal = report.rows.find((x: any) => x.resource === 'api tasks' && x.scenario === 'NORMAL');
      expect(normal.verdict).toBe('FAIL');
      expect(normal.reason).toMatch(/tasks of 0\.25 vCPU \/ 2 GiB of 62 each/);
      expect(normal.readFrom).toEqual(expect.arrayContaining([expect.objectContaining({ attribute })]));
      expect(report.assumed).toEqual(expect.arrayContaining([expect.objectContaining({ prop: expect.stringMatching(/load\.requestsPerSecondPerTask$/), value: '62 requests/s' })]));
    }, 300_000);

    test('GIVEN the app as written WHEN checked THEN exit 0, no difference, 1 vCPU tasks', () => {
      const r = scaleblocks(path.join(APPS, kind), ['check', '--app']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/Plan vs synthesized output: no difference/);
      expect(r.stdout).toMatch(/Verdict: (PASS|WARN)/);
      expect(r.stderr).toMatch(/^running npx ts-node .* \.\.\. \d+\.\d s$/m);
    }, 300_000);
  });

describe('check --app: bad input', () => {
  test('GIVEN no command and no cdk.json/cdktf.json WHEN checked THEN exit 2 with how to give one', () => {
    const r = scaleblocks(tmp, ['check', '--app']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--app without a command needs a cdk\.json or cdktf\.json/);
  }, 120_000);

  test('GIVEN an app that fails WHEN checked THEN exit 2 with its output', () => {
    const r = scaleblocks(tmp, ['check', '--app', 'node -e "console.error(\'boom\'); process.exit(3)"']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/exited with 3:\nboom/);
  }, 120_000);

  test('GIVEN an app that needs a context lookup WHEN checked THEN exit 2 and how to run offline', () => {
    const dir = path.join(tmp, 'lookup');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'app.js'), [
      `const cdk = require(${JSON.stringify(require.resolve('aws-cdk-lib'))});`,
      `const ec2 = require(${JSON.stringify(require.resolve('aws-cdk-lib/aws-ec2'))});`,
      'const app = new cdk.App();',
      'const stack = new cdk.Stack(app, "Lookup", { env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } });',
      'ec2.Vpc.fromLookup(stack, "Vpc", { isDefault: true });',
      'app.synth();',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: 'node app.js' }));
    const r = scaleblocks(dir, ['check', '--app']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/context lookup.*vpc-provider.*offline, with account 123456789012 and Region us-east-1/s);
  }, 120_000);
});

describe('check --app --load sizes resources written by hand', () => {
  test('GIVEN a CDK app with an ALB Fargate service and an Aurora cluster of aws-cdk-lib alone WHEN checked with a load file THEN both are sized from their resources', () => {
    const r = scaleblocks(path.join(APPS, 'handwritten-cdk'), ['check', '--app', '--load', 'load.yaml', '--json'], { TASK_CPU: '512' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 1, stderr: '' });
    const report = JSON.parse(r.stdout);
    // Nothing the default plan would have chosen is a difference or an assumption: it was read.
    expect(report.differences).toEqual([]);
    expect(report.assumed.map((a: any) => a.prop).filter((p: string) => !/\.(load|sizing)\./.test(p))).toEqual([]);
    const tasks = report.rows.find((x: any) => x.block === 'HandWritten/Api' && x.resource === 'api tasks' && x.scenario === 'NORMAL');
    expect(tasks.reason).toMatch(/tasks of 0\.5 vCPU \/ 2 GiB/);
    expect(tasks.capacity).toBe(10 * 125);
    expect(tasks.readFrom).toEqual(expect.arrayContaining([expect.objectContaining({ template: 'HandWritten.template.json', attribute: 'Properties.Cpu' })]));
    const readers = report.rows.find((x: any) => x.block === 'HandWritten/Db' && x.resource === 'readers' && x.scenario === 'NORMAL');
    expect(readers.reason).toMatch(/on 1 readers of db\.r6g\.large/);
    expect(readers.verdict).toBe('FAIL');
    expect(report.notes).toEqual(expect.arrayContaining([
      expect.stringMatching(/^HandWritten\/Api: written by hand, sized as a LoadBalancedApi \(declared in load\.yaml\).*AWS::ECS::Service x1/),
      expect.stringMatching(/^HandWritten\/Db: written by hand, sized as a ReplicatedDatabase.*AWS::RDS::DBCluster x1, AWS::RDS::DBInstance x2/),
      expect.stringMatching(/^not sized: \d+ resource\(s\) outside every block and declared path \(.*AWS::SQS::Queue x1/),
    ]));
  }, 300_000);

  test('GIVEN a cdktf app with an ElastiCache group and an SQS queue with a Lambda consumer WHEN checked with a load file THEN both are sized from their resources', () => {
    const r = scaleblocks(path.join(APPS, 'handwritten-cdktf'), ['check', '--app', '--load', 'load.yaml', '--json'], { SHARDS: '3' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 1, stderr: '' });
    const report = JSON.parse(r.stdout);
    const memory = report.rows.find((x: any) => x.block === 'hand-written/Cache' && x.resource === 'cache memory' && x.scenario === 'NORMAL');
    expect(memory.reason).toMatch(/on 3 shards of cache\.r7g\.large/);
    expect(memory.readFrom).toEqual(expect.arrayContaining([expect.objectContaining({ attribute: 'num_node_groups' })]));
    const workers = report.rows.find((x: any) => x.block === 'hand-written/Jobs' && x.resource === 'workers' && x.scenario === 'NORMAL');
    expect(workers.reason).toMatch(/100 jobs\/s on 50 concurrent executions/);
    expect(workers.verdict).toBe('FAIL');
    expect(report.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^not sized: 3 resource\(s\).*aws_subnet x2, aws_vpc x1/)]));
  }, 300_000);

  test('GIVEN a load file naming a path that holds nothing WHEN checked THEN exit 2 naming the path and where resources are', () => {
    const file = path.join(tmp, 'typo.yaml');
    fs.writeFileSync(file, 'hand-written/Cahce:\n  kind: TieredCache\n');
    const r = scaleblocks(path.join(APPS, 'handwritten-cdktf'), ['check', '--app', '--load', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/hand-written\/Cahce.*a construct path that holds synthesized resources \(found under: .*hand-written\/Cache/s);
  }, 300_000);

  test('GIVEN --load without --app WHEN checked THEN exit 2: it sizes an app\'s resources', () => {
    const r = scaleblocks(ROOT, ['check', path.join(EXAMPLE, 'system.yaml'), '--load', 'x.yaml', '--no-synth']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--load sizes resources written by hand in your own app: give it with --app/);
  }, 120_000);
});

describe('check --app --load declares the account: region: and quotas: as in a spec', () => {
  const HANDWRITTEN = path.join(APPS, 'handwritten-cdk');
  /** The fixture's load file with `extra` (YAML) appended, written to tmp. */
  const loadFile = (name: string, extra: string): string => {
    const file = path.join(tmp, `${name}.yaml`);
    fs.writeFileSync(file, `${fs.readFileSync(path.join(HANDWRITTEN, 'load.yaml'), 'utf8')}${extra}`);
    return file;
  };

  // The app's Fargate service runs at most 10 tasks of 1 vCPU, in a stack whose env names eu-west-1;
  // the load file declares no Region: the quota applies in the stack's.
  test.each([
    ['nothing declared', '', 'WARN', 6, /the default quota in eu-west-1.*the check cannot see the account's figure/],
    ['a raised quota of 200', 'quotas:\n  fargate.onDemandVcpuPerRegion: 200\n', 'PASS', 200, /the raised quota the spec declares for eu-west-1/],
    ['a quota of 8', 'quotas: { fargate.onDemandVcpuPerRegion: 8 }\n', 'FAIL', 8, /the raised quota the spec declares for eu-west-1.*over the limit/],
  ])('GIVEN the hand-written app and %s WHEN checked THEN the Fargate vCPU row reads it in the stack\'s Region', (_, extra, verdict, capacity, reason) => {
    const r = scaleblocks(HANDWRITTEN, ['check', '--app', '--load', loadFile(`quota-${capacity}`, extra), '--json']);
    // Exit 1 either way: the fixture's readers FAIL.
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 1, stderr: '' });
    const report = JSON.parse(r.stdout);
    const row = report.rows.find((x: any) => x.resource === 'Fargate vCPU');
    expect(row).toMatchObject({ block: 'handwritten-cdk', demand: 10, capacity, verdict });
    expect(row.reason).toMatch(reason);
    if (extra !== '') {
      expect(report.notes).toEqual(expect.arrayContaining([
        `raised quotas declared for eu-west-1 (your statement, not checked against the account): quotas.fargate.onDemandVcpuPerRegion ${capacity}`,
      ]));
    }
  }, 300_000);

  test('GIVEN a load file whose region: differs from the stack\'s env WHEN checked THEN exit 2 naming both Regions and the stack', () => {
    const r = scaleblocks(HANDWRITTEN, ['check', '--app', '--load', loadFile('other-region', 'region: us-east-1\n')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/region.*"us-east-1".*a Region the app's stacks deploy to: they name eu-west-1 \(the env of HandWritten\.template\.json\)/s);
  }, 300_000);

  test('GIVEN bad region:, unknown and bad quotas WHEN checked THEN exit 2 before the app runs, naming each key', () => {
    const file = loadFile('bad', 'region: Ireland\nquotas:\n  fargate.vcpus: 100\n  lambda.concurrentExecutionsPerRegion: 0\n');
    const r = scaleblocks(HANDWRITTEN, ['check', '--app', '--load', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/^running /m);
    expect(r.stderr).toMatch(/region.*"Ireland".*an AWS Region name such as us-east-1/);
    expect(r.stderr).toMatch(/quotas\.fargate\.vcpus.*a quota the account can have raised, by its catalog path: one of .*fargate\.onDemandVcpuPerRegion/);
    expect(r.stderr).toMatch(/quotas\.lambda\.concurrentExecutionsPerRegion.*0.*a positive number of/);
    // --json: the same error, as JSON on stdout.
    const j = scaleblocks(HANDWRITTEN, ['check', '--app', '--load', file, '--json']);
    expect(j.status).toBe(2);
    expect(JSON.parse(j.stdout).error).toMatchObject({ exitCode: 2, message: expect.stringMatching(/quotas\.fargate\.vcpus/) });
  }, 300_000);
});

(LIB ? describe : describe.skip)('check --app on the bundled example equals check on its spec (needs the compiled lib/)', () => {
  let specRows: unknown;
  let specAccountRows: unknown;
  /** The account-quota rows without their block (the spec's name, the app's folder) and where they were read. */
  const accountRows = (report: any): unknown => report.rows.filter((r: any) => r.blockKind === 'System').map(({ readFrom, block, ...r }: any) => r);
  // Every block's rows; the system rows of the account's quotas differ: the spec declares a raised
  // quota, the app is checked here without a load file (they are checked below), and they carry the app's name.
  const strip = (report: any): unknown => report.rows.filter((r: any) => r.blockKind !== 'System').map(({ readFrom, ...r }: any) => r);
  beforeAll(() => {
    const r = scaleblocks(ROOT, ['check', path.join(EXAMPLE, 'system.yaml'), '--json', '--target', 'cdk', '--out', path.join(tmp, 'spec')]);
    expect(r.status).toBe(0);
    specRows = strip(JSON.parse(r.stdout));
    specAccountRows = accountRows(JSON.parse(r.stdout));
  }, 300_000);

  test.each(['cdk', 'cdktf'])('GIVEN examples/social-feed/%s WHEN checked with --app THEN its rows equal those of the spec', (kind) => {
    const r = scaleblocks(path.join(EXAMPLE, kind), ['check', '--app', '--json']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const report = JSON.parse(r.stdout);
    expect(strip(report)).toEqual(specRows);
    // The Fargate vCPUs of the same tasks, against the default quota (the spec declares 200).
    expect(report.rows.find((x: any) => x.resource === 'Fargate vCPU')).toMatchObject({ block: kind, demand: 156, capacity: 6, verdict: 'WARN' });
  }, 300_000);

  test('GIVEN examples/social-feed/cdk and a load file with the spec\'s quotas: WHEN checked with --app THEN the account rows equal the spec\'s too', () => {
    const file = path.join(tmp, 'social-feed-account.yaml');
    // The spec's Region: the app's edge stack deploys to us-east-1 beside it, so the file says which Region the quota is raised in.
    fs.writeFileSync(file, 'region: eu-west-1\nquotas: { fargate.onDemandVcpuPerRegion: 200 }\n');
    const r = scaleblocks(path.join(EXAMPLE, 'cdk'), ['check', '--app', '--load', file, '--json']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const report = JSON.parse(r.stdout);
    expect(strip(report)).toEqual(specRows);
    expect(accountRows(report)).toEqual(specAccountRows);
    expect(report.rows.find((x: any) => x.resource === 'Fargate vCPU')).toMatchObject({ demand: 156, capacity: 200, verdict: 'PASS' });
  }, 300_000);
});

describe('SizingValidator fails the real `cdk synth` on an undersized block', () => {
  test('GIVEN maxTasks 3 at 1,000 requests/s WHEN cdk synth THEN it fails, naming the construct path and the fix', () => {
    const r = npx(path.join(APPS, 'cdk'), ['cdk', 'synth', '--quiet', '-o', path.join(tmp, 'v-fail')], { VALIDATE: '1', MAX_TASKS: '3' });
    expect(r.status).not.toBe(0);
    const output = `${r.stdout}\n${r.stderr}`;
    expect(output).toMatch(/scaleblocks-sizing/);
    expect(output).toMatch(/UserApp\/Api/);
    // The one fix of the task count: maxTasks, with minTasks when the fleet off-peak also falls short.
    expect(output).toMatch(/Suggested fix: set scaling\.(minTasks >= \d+ and scaling\.)?maxTasks >= \d+/);
  }, 300_000);

  test('GIVEN the block sized right WHEN cdk synth THEN it passes', () => {
    const r = npx(path.join(APPS, 'cdk'), ['cdk', 'synth', '--quiet', '-o', path.join(tmp, 'v-pass')], { VALIDATE: '1' });
    expect({ status: r.status, output: r.status === 0 ? '' : `${r.stdout}\n${r.stderr}` }).toEqual({ status: 0, output: '' });
  }, 300_000);

  test('GIVEN the escape hatch to 256 CPU WHEN cdk synth THEN the validator sizes the override and fails', () => {
    const r = npx(path.join(APPS, 'cdk'), ['cdk', 'synth', '--quiet', '-o', path.join(tmp, 'v-hatch')], { VALIDATE: '1', LOWER_CPU: '1' });
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}\n${r.stderr}`).toMatch(/compute\.cpu will deploy as 256, the plan said 1,024/);
  }, 300_000);
});

describe('SizingValidation fails the real `cdktf synth` on an undersized block', () => {
  test('GIVEN maxTasks 3 at 1,000 requests/s WHEN cdktf synth THEN it fails, naming the construct path and the fix', () => {
    const r = npx(path.join(APPS, 'cdktf'), ['cdktf', 'synth', '--output', path.join(tmp, 'tf-fail')], { VALIDATE: '1', MAX_TASKS: '3' });
    expect(r.status).not.toBe(0);
    const output = `${r.stdout}\n${r.stderr}`;
    expect(output).toMatch(/user-app\/Api/);
    expect(output).toMatch(/set scaling\.(minTasks >= \d+ and scaling\.)?maxTasks >= \d+/);
  }, 300_000);

  test('GIVEN the block sized right WHEN cdktf synth THEN it passes', () => {
    const r = npx(path.join(APPS, 'cdktf'), ['cdktf', 'synth', '--output', path.join(tmp, 'tf-pass')], { VALIDATE: '1' });
    expect({ status: r.status, output: r.status === 0 ? '' : `${r.stdout}\n${r.stderr}` }).toEqual({ status: 0, output: '' });
  }, 300_000);
});
