import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import { parse, stringify } from 'yaml';
import { check, CliIo, EXIT, run } from '../../src/cli/main';
import { closest, joinPath, splitPath } from '../../src/core/spec/loader';

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
    expect(c.out).toMatch(/fix: set workers\.maxWorkers >= \d+/);
  });

  test('GIVEN --json WHEN checked THEN the report validates against the shipped schema', () => {
    const c = capture();
    expect(check(EXAMPLE, { ...PLAN_ONLY, json: true }, c.io)).toBe(EXIT.OK);
    const report = JSON.parse(c.out);
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema', 'report.schema.json'), 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    expect(validate.errors ?? []).toEqual([]);
    expect(validate(report)).toBe(true);
    expect(report.schemaVersion).toBe('1.2.0');
    expect(report.chain.originRequestsPerSecond).toBeCloseTo(3600, 6);
    expect(report.verdict).toBe('PASS');
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

describe('the command line', () => {
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
  test.each([80, 120, 200])('fits a terminal of %d columns', (columns) => {
    const c = capture();
    check(EXAMPLE, PLAN_ONLY, { ...c.io, columns });
    const widest = Math.max(...c.out.split('\n').filter((l) => /^[│┌├└]/.test(l)).map((l) => l.length));
    expect(widest).toBeLessThanOrEqual(Math.max(columns, 94));
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
