import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import { parse, stringify } from 'yaml';
import { check, CliIo, EXIT, run } from '../../src/cli/main';
import { fitColumns, wrapCell } from '../../src/cli/render';
import { closest, joinPath, loadSpecFile, splitPath } from '../../src/core/spec/loader';
import { planSystem, sizeSystem, SystemSpec } from '../../src/core/system';
import { fmt } from '../../src/core/validation';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'examples', 'social-feed', 'system.yaml');
/** These tests size the plan only (`--no-synth`); test/cli/check-synth.test.ts synthesizes. */
const PLAN_ONLY = { synth: false };

interface Captured { out: string; err: string; io: CliIo }

function capture(): Captured {
  const c: Captured = {
    out: '',
    err: '',
    io: {
      out: (t) => { c.out += t; }, err: (t) => { c.err += t; }, isTty: false, columns: 120, env: {},
    },
  };
  return c;
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-cli-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function writeSpec(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

function exampleWith(mutate: (spec: any) => void): string {
  const spec = parse(fs.readFileSync(EXAMPLE, 'utf8'));
  mutate(spec);
  return stringify(spec);
}

describe('scaleblocks check on the bundled example', () => {
  test('GIVEN the social-feed example WHEN checked THEN a readable report, every row PASS, exit 0', () => {
    const c = capture();
    const code = check(EXAMPLE, PLAN_ONLY, c.io);
    expect(c.err).toBe('');
    expect(code).toBe(EXIT.OK);
    expect(c.out).toMatch(/^scaleblocks check: social-feed/);
    // 12,000 at the edge, 70 % CDN hits -> 3,600 at the API -> 3 reads each -> 10 % of them miss the cache
    expect(c.out).toMatch(/^chain: 12,000 requests\/s at the edge -> 3,600 at the API -> 10,800 reads -> 1,620 reach the database; 180 writes\/s, 4 jobs\/s$/m);
    for (const block of ['cdn GlobalCdn', 'api LoadBalancedApi', 'cache TieredCache', 'database ReplicatedDatabase', 'queue WorkQueue']) {
      expect(c.out).toContain(block);
    }
    expect(c.out).toMatch(/Assumed, not given in the spec \(\d+\):/);
    expect(c.out).toMatch(/\nHeadroom: \d+(\.\d+)? x the declared load; .+ FAILs first, from \d+(\.\d+)? x\nVerdict: PASS/);
    expect(c.out).toMatch(/Verdict: PASS: \d+ rows, \d+ PASS, 0 WARN, 0 FAIL/);
  });

  test('the example is a short spec: about 50 lines', () => {
    const lines = fs.readFileSync(EXAMPLE, 'utf8').split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
    expect(lines.length).toBeLessThanOrEqual(55);
  });

  test('GIVEN ten times the load WHEN checked THEN exit 1 with FAIL rows that say what to change', () => {
    const file = writeSpec('ten-x.yaml', exampleWith((s) => {
      s.load.peakRequestsPerSecond *= 10;
      s.load.jobsPerSecond *= 10;
    }));
    const c = capture();
    expect(check(file, PLAN_ONLY, c.io)).toBe(EXIT.FAIL);
    expect(c.out).toMatch(/Verdict: FAIL/);
    const failLines = c.out.split('\n').filter((l) => /^\s+x /.test(l));
    expect(failLines.length).toBeGreaterThan(0);
    const fixes = c.out.split('\n').filter((l) => /^\s+fix: /.test(l));
    expect(fixes.length).toBeGreaterThanOrEqual(failLines.length);
    expect(c.out).toMatch(/fix: needs >= \d+ readers of db\.r7g\.xlarge/);
    expect(c.out).toMatch(/fix: needs >= \d+ workers of .*\(set workers\.maxWorkers\)/);
    // the headroom line: the system already FAILs at its declared load
    expect(c.out).toMatch(/\nHeadroom: FAILs at the declared load: no row FAILs up to 0\.\d+ x it; .+ FAILs from 0\.\d+ x\n/);
  });

  test('GIVEN --json WHEN checked THEN the report validates against the shipped schema', () => {
    const c = capture();
    expect(check(EXAMPLE, { ...PLAN_ONLY, json: true }, c.io)).toBe(EXIT.OK);
    const report = JSON.parse(c.out);
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema', 'report.schema.json'), 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    expect(validate.errors ?? []).toEqual([]);
    expect(validate(report)).toBe(true);
    expect(report.schemaVersion).toBe('1.5.0');
    expect(report.chain.originRequestsPerSecond).toBeCloseTo(3600, 6);
    expect(report.verdict).toBe('PASS');
    // a passing system has headroom above 1x, and names the row that FAILs first beyond it
    expect(report.headroom.factor).toBeGreaterThan(1);
    expect(report.headroom.firstToFail).toEqual({ block: expect.any(String), resource: expect.any(String), scenario: expect.any(String) });
    expect(report.fixes).toEqual([]);
  });

  test('a JSON spec works as well as YAML', () => {
    const file = writeSpec('spec.json', JSON.stringify(parse(fs.readFileSync(EXAMPLE, 'utf8'))));
    const c = capture();
    expect(check(file, { ...PLAN_ONLY, json: true }, c.io)).toBe(EXIT.OK);
  });
});

describe('scaleblocks check on bad input: exit 2, one clear message, no stack trace', () => {
  test.each([
    ['unknown key with a suggestion', 'name: x\nload: { peakRequestsPerSecond: 10 }\napi:\n  azCont: 3\n',
      /bad\.yaml:4:3: api\.azCont = 3: must be a known key \(did you mean "azCount"\?\)/],
    ['wrong type', 'name: x\nload: { peakRequestsPerSecond: "lots" }\n', /bad\.yaml:2:\d+: load\.peakRequestsPerSecond = "lots": must be of type number/],
    ['bad enum', 'name: x\nload: { peakRequestsPerSecond: 10 }\napi: { algorithm: RANDOM }\n',
      /api\.algorithm = "RANDOM": must be one of ROUND_ROBIN, LEAST_OUTSTANDING_REQUESTS, WEIGHTED_RANDOM, SOURCE_IP_HASH/],
    ['missing required', 'name: x\n', /\(root\)|load = undefined: must be given \(required\)/],
    ['out of range (plan rules)', 'name: x\nload: { peakRequestsPerSecond: 10 }\napi:\n  azCount: 9\n',
      /bad\.yaml:4:3: api\.azCount = 9: must be an integer from 2 to 6/],
    ['derived load in a block', 'name: x\nload: { peakRequestsPerSecond: 10 }\napi:\n  load: { peakRequestsPerSecond: 5 }\n',
      /api\.load\.peakRequestsPerSecond = 5: must be unset in a system spec: the chain derives it/],
    ['YAML syntax', 'name: x\nload: { peakRequestsPerSecond: 10\n', /is not valid YAML or JSON/],
    ['duplicate key', 'name: x\nname: y\nload: { peakRequestsPerSecond: 10 }\n', /is not valid YAML or JSON/],
  ])('%s', (_label, text, message) => {
    const file = writeSpec('bad.yaml', text);
    const c = capture();
    expect(check(file, PLAN_ONLY, c.io)).toBe(EXIT.BAD_INPUT);
    expect(c.out).toBe('');
    expect(c.err).toMatch(/^error: /);
    expect(c.err).toMatch(message);
    expect(c.err).not.toMatch(/^\s+at /m);
  });

  test('several problems are reported together', () => {
    const file = writeSpec('bad.yaml', 'name: x\nload: { peakRequestsPerSecond: 10 }\napi: { azCount: 9, idleTimeoutSeconds: 0 }\ndatabase: { readers: 99 }\n');
    const c = capture();
    expect(check(file, PLAN_ONLY, c.io)).toBe(EXIT.BAD_INPUT);
    expect(c.err).toMatch(/api\.azCount = 9/);
    expect(c.err).toMatch(/api\.idleTimeoutSeconds = 0/);
    expect(c.err).toMatch(/database\.readers = 99/);
  });

  test('a missing file is bad input', () => {
    const c = capture();
    expect(check(path.join(tmp, 'nope.yaml'), PLAN_ONLY, c.io)).toBe(EXIT.BAD_INPUT);
    expect(c.err).toMatch(/no such file/);
  });
});

describe('--json on bad input: exit 2, stdout is still JSON, an error object', () => {
  test('GIVEN a spec with two problems WHEN checked with --json THEN stdout parses to the error with each problem where it is', () => {
    // GIVEN
    const file = writeSpec('bad-json.yaml', 'name: x\nload: { peakRequestsPerSecond: 10 }\napi:\n  allowPlainHttp: true\n  azCount: 9\ndatabase: { readers: 99 }\n');
    const c = capture();
    // WHEN
    const code = check(file, { ...PLAN_ONLY, json: true }, c.io);
    // THEN
    expect(code).toBe(EXIT.BAD_INPUT);
    const body = JSON.parse(c.out);
    expect(body.error).toEqual({
      exitCode: 2,
      message: expect.stringContaining('2 problems in the spec'),
      problems: [
        expect.objectContaining({ file, line: 5, path: 'api.azCount', value: '9', allowed: 'an integer from 2 to 6' }),
        expect.objectContaining({ file, path: 'database.readers', value: '99' }),
      ],
    });
    expect(c.err).toMatch(/api\.azCount = 9/);
  });

  test('GIVEN a missing file WHEN checked with --json THEN the error object names it, with no problems list to read', () => {
    const c = capture();
    expect(check(path.join(tmp, 'nope.yaml'), { ...PLAN_ONLY, json: true }, c.io)).toBe(EXIT.BAD_INPUT);
    const body = JSON.parse(c.out);
    expect(body.error.exitCode).toBe(2);
    expect(body.error.problems).toEqual([expect.objectContaining({ file: path.join(tmp, 'nope.yaml'), allowed: 'a readable YAML or JSON file' })]);
  });

  test.each([
    ['an unknown option', ['--frobnicate'], /unknown option '--frobnicate'/],
    ['a bad choice', ['--target', 'pulumi'], /argument 'pulumi' is invalid/],
    ['a spec and --app together', ['--app'], /give a spec or --app, not both/],
  ])('GIVEN %s with --json WHEN run THEN exit 2 and stdout is the error object', async (_label, args, message) => {
    const c = capture();
    expect(await run(['node', 'scaleblocks', 'check', EXAMPLE, '--json', ...args], c.io)).toBe(EXIT.BAD_INPUT);
    const body = JSON.parse(c.out);
    expect(body).toEqual({ error: { exitCode: 2, message: expect.stringMatching(message), problems: [] } });
  });
});

describe('the command line', () => {
  test.each([[['--help']], [['check', '--help']]])('%j shows examples of check, each line within 80 columns', async (args) => {
    const c = capture();
    expect(await run(['node', 'scaleblocks', ...args], { ...c.io, columns: 80 })).toBe(EXIT.OK);
    expect(c.out).toMatch(/Examples:\n {2}# synthesize with aws-cdk-lib and cdktf, offline, and size what will deploy\n {2}\$ scaleblocks check examples\/social-feed\/system\.yaml\n/);
    expect(c.out).toMatch(/\$ scaleblocks check system\.yaml --json > report\.json/);
    expect(c.out).toMatch(/\$ scaleblocks check --app/);
    const examples = c.out.slice(c.out.indexOf('Examples:')).split('\n');
    expect(examples.filter((l) => l.length > 80)).toEqual([]);
  });

  test('--help exits 0 and lists check', async () => {
    const c = capture();
    expect(await run(['node', 'scaleblocks', '--help'], c.io)).toBe(EXIT.OK);
    expect(c.out).toMatch(/check \[options\] \[spec\]/);
  });

  test('an unknown option exits 2', async () => {
    const c = capture();
    expect(await run(['node', 'scaleblocks', 'check', EXAMPLE, '--frobnicate'], c.io)).toBe(EXIT.BAD_INPUT);
    expect(c.err).toMatch(/unknown option '--frobnicate'/);
  });

  test('--fail-on WARN exits 1 on a WARN-only report, and a bad choice exits 2', async () => {
    const file = writeSpec('warn.yaml', 'name: x\nload: { peakRequestsPerSecond: 100 }\ndatabase: { readers: 0 }\n');
    const lenient = capture();
    expect(await run(['node', 'scaleblocks', 'check', file, '--no-synth'], lenient.io)).toBe(EXIT.OK);
    expect(lenient.out).toMatch(/Verdict: WARN/);
    const strict = capture();
    expect(await run(['node', 'scaleblocks', 'check', file, '--no-synth', '--fail-on', 'WARN'], strict.io)).toBe(EXIT.FAIL);
    const bad = capture();
    expect(await run(['node', 'scaleblocks', 'check', file, '--no-synth', '--fail-on', 'PASS'], bad.io)).toBe(EXIT.BAD_INPUT);
  });

  test('check through run() returns the verdict exit code', async () => {
    const c = capture();
    expect(await run(['node', 'scaleblocks', 'check', EXAMPLE, '--no-synth', '--no-color'], c.io)).toBe(EXIT.OK);
    expect(c.out).not.toMatch(/\u001b\[/);
  });
});

describe('spec paths', () => {
  test.each([
    ['api.scaling.minTasks', ['api', 'scaling', 'minTasks']],
    ['shards[2].range.start', ['shards', 2, 'range', 'start']],
    ['a[0][1]', ['a', 0, 1]],
  ])('%s splits and joins back', (p, segments) => {
    expect(splitPath(p)).toEqual(segments);
    expect(joinPath(segments as (string | number)[])).toBe(p);
  });

  test('closest suggests a near key and nothing for a far one', () => {
    expect(closest('azCont', ['azCount', 'name'])).toBe('azCount');
    expect(closest('NAME', ['azCount', 'name'])).toBe('name');
    expect(closest('zzzzzz', ['azCount', 'name'])).toBeUndefined();
  });
});

describe('the text report', () => {
  test.each([80, 100, 120, 200])('GIVEN a terminal of %d columns WHEN the example is reported THEN every table fits, and no word is broken', (columns) => {
    // GIVEN / WHEN
    const c = capture();
    check(EXAMPLE, PLAN_ONLY, { ...c.io, columns });
    // THEN: every table line fits the terminal
    const tableLines = c.out.split('\n').filter((l) => /^[│┌├└]/.test(l));
    expect(tableLines.length).toBeGreaterThan(20);
    expect(tableLines.filter((l) => l.length > columns)).toEqual([]);
    // and every word of every row is whole in some cell line (a broken word would be two tokens)
    const tokens = new Set(tableLines.flatMap((l) => l.split(/[│\s]+/)));
    const report = sizeSystem(planSystem(loadSpecFile(EXAMPLE).data as SystemSpec));
    const quantities = report.rows.filter((r) => r.demand > 0 || r.capacity > 0).map((r) => `${r.metric} ${fmt(r.demand)} ${fmt(r.capacity)}`);
    const words = [...report.rows.map((r) => r.resource), ...quantities].flatMap((text) => text.split(/\s+/));
    expect(words.filter((w) => !tokens.has(w))).toEqual([]);
  });

  test('GIVEN a word longer than the room WHEN the columns are fitted THEN it wraps whole: the column grows, the table overflows only if it must', () => {
    // GIVEN: a 26-character word in the first column
    const rows = [['resource', 'scenario'], ['replication-lag-headroom-x AZ', 'AZ lost']];
    // WHEN / THEN: 42 columns fit the longest words (28 + 10 + 3 borders) with one to spare, not the whole cell
    const widths = fitColumns(rows, 42);
    expect(widths).toEqual([29, 10]);
    expect(wrapCell(rows[1][0], widths[0])).toBe('replication-lag-headroom-x\nAZ');
    // 30 columns cannot hold the longest words: the table is as narrow as they allow (41), no word is cut
    expect(fitColumns(rows, 30)).toEqual([28, 10]);
    // a use / bound figure wraps after the slash, never between a number and its %
    expect(wrapCell('13.3 % / 100 %', 10)).toBe('13.3 % /\n100 %');
    expect(wrapCell('75 % / 90 %', 11)).toBe('75 % /\n90 %');
    expect(wrapCell('75 % / 90 %', 13)).toBe('75 % / 90 %');
  });

  test('each block header carries its worst verdict', () => {
    const c = capture();
    check(EXAMPLE, PLAN_ONLY, c.io);
    expect(c.out).toMatch(/^api LoadBalancedApi {2}PASS$/m);
  });

  test('colours only on a terminal, and never with NO_COLOR', () => {
    const tty = capture();
    check(EXAMPLE, PLAN_ONLY, { ...tty.io, isTty: true });
    expect(tty.out).toMatch(/\u001b\[/);
    const noColor = capture();
    check(EXAMPLE, PLAN_ONLY, { ...noColor.io, isTty: true, env: { NO_COLOR: '1' } });
    expect(noColor.out).not.toMatch(/\u001b\[/);
  });
});
