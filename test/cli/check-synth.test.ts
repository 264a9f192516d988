import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import { parse, stringify } from 'yaml';
import { CliIo, EXIT, run } from '../../src/cli/main';

/*
 * `scaleblocks check <spec>` synthesizes the SystemStack with both backends, in this process and
 * offline, into --out, and sizes what will deploy.
 */

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'examples', 'social-feed', 'system.yaml');

interface Captured { out: string; err: string; io: CliIo }

function capture(): Captured {
  const c: Captured = {
    out: '',
    err: '',
    io: { out: (t) => { c.out += t; }, err: (t) => { c.err += t; }, isTty: false, columns: 120, env: {} },
  };
  return c;
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-check-synth-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function check(args: string[]): Promise<Captured & { code: number }> {
  const c = capture();
  const code = await run(['node', 'scaleblocks', 'check', ...args], c.io);
  return { ...c, code };
}

describe('check <spec> synthesizes both backends and sizes the read-back', () => {
  let example: Captured & { code: number };
  let out: string;
  beforeAll(async () => {
    out = path.join(tmp, 'example');
    example = await check([EXAMPLE, '--out', out]);
  }, 240_000);

  test('GIVEN the example WHEN checked THEN exit 0, and the CloudFormation, Terraform JSON and report are written in --out', () => {
    expect(example.code).toBe(EXIT.OK);
    expect(fs.existsSync(path.join(out, 'cdk.out', 'SocialFeed.template.json'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'cdk.out', 'SocialFeed-edge.template.json'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'cdktf.out', 'stacks', 'social-feed', 'cdk.tf.json'))).toBe(true);
    const report = JSON.parse(fs.readFileSync(path.join(out, 'scaleblocks-report.json'), 'utf8'));
    expect(report.schemaVersion).toBe('1.5.0');
    expect(report.verdict).toBe('PASS');
    // the read-back report carries the headroom too (both backends scaled together)
    expect(report.headroom.factor).toBeGreaterThan(1);
    expect(report.headroom.firstToFail).toBeDefined();
    expect(report.differences).toEqual([]);
    expect(report.synthesized.map((f: string) => path.relative(out, f)).sort())
      .toEqual(['cdk.out/SocialFeed-edge.template.json', 'cdk.out/SocialFeed.template.json', 'cdktf.out/stacks/social-feed/cdk.tf.json']);
  });

  test('a progress line per synth on stderr, the synthesized files and "no difference" before the tables', () => {
    expect(example.err).toMatch(/^synthesizing CloudFormation \(aws-cdk-lib\) into .*cdk\.out \.\.\. \d+\.\d s$/m);
    expect(example.err).toMatch(/^synthesizing Terraform JSON \(cdktf\) into .*cdktf\.out \.\.\. \d+\.\d s$/m);
    const synthesized = example.out.indexOf('Synthesized and read back (3):');
    const noDiff = example.out.indexOf('Plan vs synthesized output: no difference');
    const firstTable = example.out.indexOf('cdn GlobalCdn');
    expect(synthesized).toBeGreaterThan(0);
    expect(noDiff).toBeGreaterThan(synthesized);
    expect(firstTable).toBeGreaterThan(noDiff);
  });

  test('the rows of the read-back equal the rows of the plan (nothing was changed after planning), and both backends agree', async () => {
    const planOnly = await check([EXAMPLE, '--no-synth', '--json']);
    const report = JSON.parse(fs.readFileSync(path.join(out, 'scaleblocks-report.json'), 'utf8'));
    const strip = (rows: any[]): unknown => rows.map(({ readFrom, assumed, ...r }) => r);
    expect(strip(report.rows)).toEqual(strip(JSON.parse(planOnly.out).rows));
    expect(report.rows.filter((r: any) => r.resource.endsWith(': backends'))).toEqual([]);
  });

  test('--json validates against the shipped schema and cites, per row, where its capacity was read on both backends', async () => {
    const r = await check([EXAMPLE, '--out', path.join(tmp, 'json'), '--json']);
    expect(r.code).toBe(EXIT.OK);
    expect(r.err).toBe('');
    const report = JSON.parse(r.out);
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema', 'report.schema.json'), 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    expect(validate(report)).toBe(true);
    const tasks = report.rows.find((x: any) => x.block === 'api' && x.resource === 'api tasks');
    expect(tasks.readFrom).toEqual(expect.arrayContaining([
      expect.objectContaining({ backend: 'cloudformation', template: 'SocialFeed.template.json', attribute: 'Properties.Cpu' }),
      expect.objectContaining({ backend: 'terraform', template: 'stacks/social-feed/cdk.tf.json', attribute: 'cpu' }),
    ]));
  }, 240_000);

  test('the report prices what will deploy, per block, fixed and load-driven; partial where the catalog has no eu-west-1 figure', () => {
    const report = JSON.parse(fs.readFileSync(path.join(out, 'scaleblocks-report.json'), 'utf8'));
    const cost = report.cost;
    expect(cost.pricedFrom).toBe('cloudformation');
    expect(cost.hoursPerMonth).toBe(730);
    // the example gives no average-to-peak ratio: assumed and listed
    expect(cost.assumed.map((a: any) => a.prop)).toEqual(['load.averageToPeakRatio']);
    // Aurora db.r7g has no eu-west-1 figure in the catalog: said, never priced with another Region's
    expect(cost.partial).toBe(true);
    expect(cost.missing).toEqual(expect.arrayContaining([
      expect.stringMatching(/^no price for rds\.instance-hour \(class=db\.r7g\.xlarge, engine=aurora-postgresql, storage=standard\) in eu-west-1/),
    ]));
    // cache.r7g.large has its eu-west-1 row (Valkey and Redis): the cache's nodes are priced from it
    const cacheLine = cost.blocks.flatMap((b: any) => b.lines).find((l: any) => l.key === 'elasticache.node-hour');
    expect(cacheLine).toMatchObject({ region: 'eu-west-1', priced: true, origin: 'catalog', dimensions: { nodeType: 'cache.r7g.large' } });
    expect(cacheLine.usdPerUnit).toBe(cacheLine.dimensions.engine === 'valkey' ? '0.1944' : '0.243');
    // the API's tasks are priced at the catalog's eu-west-1 Fargate rows
    const api = cost.blocks.find((b: any) => b.blockKind === 'LoadBalancedApi');
    const vcpu = api.lines.find((l: any) => l.key === 'fargate.vcpu-hour');
    expect(vcpu).toMatchObject({ kind: 'fixed', region: 'eu-west-1', priced: true, origin: 'catalog' });
    expect(api.fixedCents).toBeGreaterThan(0);
    expect(cost.totalCents).toBe(cost.blocks.reduce((n: number, b: any) => n + b.totalCents, 0));
    // the text report shows the table, the partial total and why
    expect(example.out).toMatch(/Monthly cost \(USD, 730 h a month, on-demand list prices, priced from the cloudformation output\):/);
    expect(example.out).toMatch(/│ system +│ total +│ [\d.]+ +│ [\d.]+ +│ [\d.]+ \+ \? \(partial\)/);
    expect(example.out).toMatch(/the total is partial: \d+ line\(s\) have no price, left out of it:\n +- no price for /);
  });
});

describe('check <spec> --prices: the user\'s own rates', () => {
  test('GIVEN an override for the Aurora class in eu-west-1 WHEN checked THEN that line is priced at the user\'s rate', async () => {
    const prices = path.join(tmp, 'prices.yaml');
    fs.writeFileSync(prices, stringify({
      prices: [{
        key: 'rds.instance-hour',
        region: 'eu-west-1',
        unit: 'hour',
        usd: 0.5,
        note: 'negotiated',
        dimensions: { class: 'db.r7g.xlarge', engine: 'aurora-postgresql', storage: 'standard' },
      }],
    }));
    const r = await check([EXAMPLE, '--out', path.join(tmp, 'prices'), '--target', 'cdk', '--json', '--prices', prices]);
    expect(r.code).toBe(EXIT.OK);
    const report = JSON.parse(r.out);
    const db = report.cost.blocks.find((b: any) => b.blockKind === 'ReplicatedDatabase');
    const line = db.lines.find((l: any) => l.key === 'rds.instance-hour');
    const instances = line.quantityPerMonth / 730;
    expect(Number.isInteger(instances) && instances >= 1).toBe(true);
    expect(line).toMatchObject({ priced: true, origin: 'user-override', usdPerUnit: '0.5', monthlyCents: Math.round(instances * 730 * 50) });
    expect(report.cost.missing.some((m: string) => m.startsWith('no price for rds.instance-hour (class=db.r7g.xlarge'))).toBe(false);
  }, 240_000);

  test('GIVEN a bad overrides file WHEN checked THEN exit 2 naming the entry, before anything is synthesized', async () => {
    const prices = path.join(tmp, 'bad-prices.yaml');
    fs.writeFileSync(prices, stringify({ prices: [{ key: 'rds.instance-hour', region: 'eu-west-1', unit: 'GB', usd: -1 }] }));
    const r = await check([EXAMPLE, '--out', path.join(tmp, 'bad-prices'), '--prices', prices]);
    expect(r.code).toBe(EXIT.BAD_INPUT);
    expect(r.err).toMatch(/prices\[0\]\.unit/);
    expect(r.err).toMatch(/prices\[0\]\.usd/);
    expect(fs.existsSync(path.join(tmp, 'bad-prices'))).toBe(false);
  });
});

describe('check <spec> on an undersized system and on bad input', () => {
  test('GIVEN ten times the load WHEN checked (cdk only) THEN exit 1, FAIL rows with their fix, the report written', async () => {
    const spec = parse(fs.readFileSync(EXAMPLE, 'utf8'));
    spec.load.peakRequestsPerSecond *= 10;
    const file = path.join(tmp, 'ten-x.yaml');
    fs.writeFileSync(file, stringify(spec));
    const out = path.join(tmp, 'ten-x');
    const r = await check([file, '--out', out, '--target', 'cdk']);
    expect(r.code).toBe(EXIT.FAIL);
    expect(r.out).toMatch(/Verdict: FAIL/);
    expect(r.out).toMatch(/fix: needs >= \d+ readers of db\.r7g\.xlarge/);
    expect(fs.existsSync(path.join(out, 'cdktf.out'))).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'scaleblocks-report.json'), 'utf8')).verdict).toBe('FAIL');
  }, 240_000);

  test.each([
    ['a malformed spec', 'name: x\nload: { peakRequestsPerSecond: "lots" }\n', /load\.peakRequestsPerSecond = "lots"/],
    ['a spec that breaks a plan rule', 'name: x\nload: { peakRequestsPerSecond: 10 }\napi:\n  azCount: 9\n', /api\.azCount = 9/],
  ])('GIVEN %s WHEN checked THEN exit 2 and nothing is synthesized', async (_label, text, message) => {
    const file = path.join(tmp, 'bad.yaml');
    fs.writeFileSync(file, text);
    const out = path.join(tmp, 'bad-out');
    const r = await check([file, '--out', out]);
    expect(r.code).toBe(EXIT.BAD_INPUT);
    expect(r.err).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('GIVEN ten times the load and --diagram WHEN checked THEN the flowchart is written, the failing nodes in the FAIL class', async () => {
    const spec = parse(fs.readFileSync(EXAMPLE, 'utf8'));
    spec.load.peakRequestsPerSecond *= 10;
    const file = path.join(tmp, 'ten-x-diagram.yaml');
    fs.writeFileSync(file, stringify(spec));
    const diagram = path.join(tmp, 'pictures', 'ten-x.mmd');
    const r = await check([file, '--out', path.join(tmp, 'ten-x-d'), '--target', 'cdk', '--diagram', diagram]);
    expect(r.code).toBe(EXIT.FAIL);
    expect(r.err).toContain(`wrote the diagram to ${diagram}`);
    const text = fs.readFileSync(diagram, 'utf8');
    expect(text).toMatch(/^title: social-feed FAIL$/m);
    expect(text).toMatch(/^ {2}class [\w,]*database_reader_1[\w,]* FAIL$/m);
  }, 240_000);

  test('GIVEN --diagram with --no-synth WHEN checked THEN exit 2: the diagram draws the synthesized output', async () => {
    const r = await check([EXAMPLE, '--no-synth', '--diagram', path.join(tmp, 'x.mmd')]);
    expect(r.code).toBe(EXIT.BAD_INPUT);
    expect(r.err).toMatch(/--diagram draws what will deploy.*drop --no-synth/);
    expect(fs.existsSync(path.join(tmp, 'x.mmd'))).toBe(false);
  });

  test('a bad --target exits 2', async () => {
    const r = await check([EXAMPLE, '--target', 'pulumi']);
    expect(r.code).toBe(EXIT.BAD_INPUT);
    expect(r.err).toMatch(/Allowed choices are cdk, cdktf, both/);
  });
});
