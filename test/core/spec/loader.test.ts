import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { check, CliIo, EXIT } from '../../../src/cli/main';
import { loadSpecFile, MAX_SPEC_BYTES, SpecError } from '../../../src/core/spec/loader';
import { planSystem, SystemSpec } from '../../../src/core/system';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-loader-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

function capture(): { io: CliIo; err: () => string } {
  let err = '';
  return {
    io: { out: () => undefined, err: (t) => { err += t; }, isTty: false, columns: 120, env: {} },
    err: () => err,
  };
}

/** The SpecError a load throws (fails the test when it throws none, or something else). */
function specErrorOf(file: string): SpecError {
  try {
    loadSpecFile(file);
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error(`${file} loaded without error`);
}

/** The classic "billion laughs": each level holds ten aliases of the one before. */
const ALIAS_BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...Array.from({ length: 8 }, (_, i) => {
    const prev = String.fromCharCode(97 + i);
    const next = String.fromCharCode(98 + i);
    return `${next}: &${next} [${Array(10).fill(`*${prev}`).join(',')}]`;
  }),
  'name: bomb',
].join('\n');

describe('GIVEN a hostile spec file', () => {
  test('WHEN it expands more than 100 aliases (an alias bomb) THEN check exits 2 with a clear message, not 3', () => {
    const file = write('bomb.yaml', ALIAS_BOMB);
    expect(specErrorOf(file).message).toMatch(/too many YAML aliases \(more than 100: an alias bomb\?\)/);
    const c = capture();
    expect(check(file, {}, c.io)).toBe(EXIT.BAD_INPUT);
    expect(c.err()).toMatch(/alias bomb/);
    expect(c.err()).not.toMatch(/internal error/);
  });

  test('WHEN a few aliases are used THEN the spec loads (aliases are not refused as such)', () => {
    const file = write('aliases.yaml', 'name: ok\nregion: eu-west-1\nload: &load { peakRequestsPerSecond: 10 }\napi: { allowPlainHttp: true, load: *load }\n');
    expect(() => loadSpecFile(file)).not.toThrow(/alias/);
  });

  test('WHEN a map has 50,000 keys and repeats the last THEN the duplicate is found with its line', () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `k${i}: ${i}`);
    const duplicated = write('wide-dup.yaml', `name: wide\nextra:\n${[...keys, 'k49999: 0'].map((k) => `  ${k}`).join('\n')}\n`);
    // The check is linear (the yaml package's own, quadratic, took minutes here): its time is measured
    // in bench/ (the spec-load cases, 5,000 and 50,000 keys, beside a bare parse), not asserted here.
    const dup = specErrorOf(duplicated);
    expect(dup.message).toMatch(/is not valid YAML or JSON/);
    expect(dup.problems).toEqual([expect.objectContaining({ line: 50_003, value: '"k49999"', allowed: expect.stringMatching(/map keys must be unique/) })]);
  });

  test('WHEN a key is repeated in a nested map THEN it is still reported with its line', () => {
    const dup = specErrorOf(write('dup.yaml', 'name: x\napi:\n  scaling: { minTasks: 2 }\n  scaling: { minTasks: 3 }\n'));
    expect(dup.problems).toEqual([expect.objectContaining({ line: 4, value: '"scaling"' })]);
  });

  test('WHEN the file is larger than the bound THEN exit 2 naming the size allowed', () => {
    const file = write('big.yaml', `name: big\n#${'x'.repeat(MAX_SPEC_BYTES)}\n`);
    expect(specErrorOf(file).message).toMatch(/too large for a spec .*at most 1048576/);
    expect(check(file, {}, capture().io)).toBe(EXIT.BAD_INPUT);
  });

  test('WHEN the spec is a directory THEN exit 2 at once', () => {
    expect(specErrorOf(tmp).message).toMatch(/it is a directory, not a regular file/);
    expect(check(tmp, {}, capture().io)).toBe(EXIT.BAD_INPUT);
  });

  test('WHEN the spec is a device THEN exit 2 at once instead of reading forever', () => {
    expect(specErrorOf('/dev/zero').message).toMatch(/it is a device, not a regular file/);
    expect(check('/dev/zero', {}, capture().io)).toBe(EXIT.BAD_INPUT);
  });

  test('WHEN the spec is a FIFO with no writer THEN exit 2 at once instead of blocking', () => {
    const fifo = path.join(tmp, 'spec.fifo');
    execFileSync('mkfifo', [fifo]);
    // Opening a FIFO with no writer blocks: reaching these lines at all is the proof.
    expect(specErrorOf(fifo).message).toMatch(/it is a FIFO \(named pipe\), not a regular file/);
    expect(check(fifo, {}, capture().io)).toBe(EXIT.BAD_INPUT);
  });
});

describe('GIVEN a spec file choosing how the CDN reaches the API', () => {
  const spec = (api: string) => [
    'name: edge', 'load:', '  peakRequestsPerSecond: 100', 'cdn: {}', 'api:',
    '  certificateArn: arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab', api,
  ].join('\n');
  test('WHEN api.originAccess is SECRET_ORIGIN_HEADER with its header THEN the spec loads', () => {
    const file = write('secret-header.yaml', spec('  originAccess: SECRET_ORIGIN_HEADER\n  originHeader:\n    headerName: X-From-Cdn\n    valueLength: 48'));
    expect((loadSpecFile(file).data as any).api).toMatchObject({ originAccess: 'SECRET_ORIGIN_HEADER', originHeader: { headerName: 'X-From-Cdn', valueLength: 48 } });
  });
  test('WHEN cdn.apiOrigin names the load balancer (loadBalancerDomainName) THEN the spec loads and the CDN plan reaches the API by that name', () => {
    const text = spec('  originAccess: SECRET_ORIGIN_HEADER').replace('cdn: {}', 'cdn:\n  apiOrigin:\n    access: SECRET_ORIGIN_HEADER\n    loadBalancerDomainName: origin.example.com');
    const data = loadSpecFile(write('lb-name.yaml', text)).data as SystemSpec;
    expect(data.cdn?.apiOrigin?.loadBalancerDomainName).toBe('origin.example.com');
    expect(planSystem(data).cdn!.origins.find((o) => o.id === 'api')).toMatchObject({ access: 'SECRET_ORIGIN_HEADER', domainName: 'origin.example.com' });
  });
  test('WHEN cdn.apiOrigin.loadBalancerDomainName is not a string THEN the problem names it with its line', () => {
    const bad = specErrorOf(write('lb-name-bad.yaml', spec('  originAccess: SECRET_ORIGIN_HEADER').replace('cdn: {}', 'cdn:\n  apiOrigin:\n    loadBalancerDomainName: 42')));
    expect(bad.problems).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'cdn.apiOrigin.loadBalancerDomainName', line: 6 })]));
  });
  test('WHEN api.originAccess is unknown or originHeader has an unknown key THEN the problems name them with their lines and what is allowed', () => {
    const bad = specErrorOf(write('bad-access.yaml', spec('  originAccess: SECRET\n  originHeader:\n    header: X-From-Cdn')));
    expect(bad.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'api.originAccess', line: 7, allowed: expect.stringContaining('SECRET_ORIGIN_HEADER') }),
      expect.objectContaining({ path: expect.stringMatching(/^api\.originHeader/), line: expect.any(Number) }),
    ]));
  });
});
