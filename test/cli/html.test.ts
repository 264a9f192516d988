import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Browser, chromium } from 'playwright-core';
import { parse, stringify } from 'yaml';
import { EXAMPLES, exampleNames } from '../../build-tools/example-diagrams';
import { escapeHtml } from '../../src/cli/html';
import { CliIo, EXIT, run } from '../../src/cli/main';

/*
 * `check --html` writes one self-contained page: the test opens it in headless Chromium (Debian's
 * `chromium`, which .ci/run installs; SCALEBLOCKS_REQUIRE_BROWSER=1 there makes a missing browser a
 * failure), with every network request refused, and finds the diagram drawn by the inlined
 * Mermaid and the report table. Screenshots go to test-reports/screenshots/ for a person to look at.
 */

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'examples', 'social-feed', 'system.yaml');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(ROOT, 'test-reports', 'screenshots');
const HAVE_BROWSER = fs.existsSync(CHROMIUM);
const REQUIRED = process.env.SCALEBLOCKS_REQUIRE_BROWSER === '1';

if (!HAVE_BROWSER && !REQUIRED) {
  // eslint-disable-next-line no-console
  console.warn(`html.test.ts: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH): the browser tests are skipped`);
}

let tmp: string;
let browser: Browser | undefined;
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-html-'));
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  if (HAVE_BROWSER || REQUIRED) browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function check(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = { out: '', err: '' };
  const io: CliIo = { out: (t) => { c.out += t; }, err: (t) => { c.err += t; }, isTty: false, columns: 120, env: {} };
  const code = await run(['node', 'scaleblocks', 'check', ...args], io);
  return { code, ...c };
}

interface Opened {
  readonly nodes: string[];
  readonly failNodes: number;
  readonly rows: number;
  readonly title: string;
  readonly refused: string[];
  readonly errors: string[];
  readonly parsed: unknown;
}

/** Opens a page offline, waits for the diagram, reads it back, parses the diagram source with the page's Mermaid. */
async function open(html: string, diagram: string, shot: string): Promise<Opened> {
  const page = await browser!.newPage({ viewport: { width: 1366, height: 900 } });
  const refused: string[] = [];
  const errors: string[] = [];
  await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : (refused.push(route.request().url()), route.abort())));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`file://${html}`);
  await page.waitForSelector('.diagram svg .node', { timeout: 60_000 });
  const nodes = await page.$$eval('.diagram svg .node', (els) => els.map((e) => e.textContent ?? ''));
  const failNodes = await page.$$eval('.diagram svg .node.FAIL', (els) => els.length);
  const rows = await page.$$eval('table tr.row', (els) => els.length);
  const title = await page.title();
  const parsed = await page.evaluate(async (src) => (globalThis as any).mermaid.parse(src), diagram);
  await page.screenshot({ path: path.join(SCREENSHOTS, shot), fullPage: true });
  await page.close();
  return { nodes, failNodes, rows, title, refused, errors, parsed };
}

(HAVE_BROWSER || REQUIRED ? describe : describe.skip)('check --html, opened in headless Chromium', () => {
  test('GIVEN the example WHEN checked with --html THEN the page draws the diagram offline and holds every row', async () => {
    const html = path.join(tmp, 'social-feed.html');
    const diagram = path.join(tmp, 'social-feed.mmd');
    const r = await check([EXAMPLE, '--target', 'cdk', '--out', path.join(tmp, 'out'), '--html', html, '--diagram', diagram]);
    expect(r.code).toBe(EXIT.OK);
    const report = JSON.parse(fs.readFileSync(path.join(tmp, 'out', 'scaleblocks-report.json'), 'utf8'));
    const page = await open(html, fs.readFileSync(diagram, 'utf8'), 'social-feed.png');
    expect(page.refused).toEqual([]);
    expect(page.errors).toEqual([]);
    expect(page.parsed).toEqual(expect.objectContaining({ diagramType: 'flowchart-v2' }));
    expect(page.title).toBe('scaleblocks check: social-feed: PASS');
    expect(page.rows).toBe(report.rows.length);
    expect(page.nodes.length).toBeGreaterThanOrEqual(12);
    expect(page.nodes).toEqual(expect.arrayContaining([
      expect.stringMatching(/^API tasks18-36 tasks of 1 vCPU \/ 2 GiB/), expect.stringMatching(/^writerdb\.r7g\.xlarge/), expect.stringMatching(/^reader 4/),
    ]));
    expect(page.failNodes).toBe(0);
  }, 240_000);

  test.each(exampleNames().filter((n) => n !== 'social-feed' && fs.existsSync(path.join(EXAMPLES, n, 'system.yaml'))))(
    'GIVEN the %s example WHEN checked with --html THEN its page draws the diagram offline, Mermaid parses it, and the page holds every row', async (name) => {
      const html = path.join(tmp, `${name}.html`);
      const diagram = path.join(tmp, `${name}.mmd`);
      const r = await check([path.join(EXAMPLES, name, 'system.yaml'), '--target', 'cdk', '--out', path.join(tmp, `${name}-out`), '--html', html, '--diagram', diagram]);
      expect(r.code).toBe(EXIT.OK);
      const report = JSON.parse(fs.readFileSync(path.join(tmp, `${name}-out`, 'scaleblocks-report.json'), 'utf8'));
      const page = await open(html, fs.readFileSync(diagram, 'utf8'), `${name}.png`);
      expect({ refused: page.refused, errors: page.errors }).toEqual({ refused: [], errors: [] });
      expect(page.parsed).toEqual(expect.objectContaining({ diagramType: 'flowchart-v2' }));
      expect(page.rows).toBe(report.rows.length);
      // Every node the diagram declares is drawn.
      const declared = [...fs.readFileSync(diagram, 'utf8').matchAll(/^\s+\w+(\[|\(\[)/gm)].length;
      expect(page.nodes.length).toBe(declared);
    }, 300_000);

  test('GIVEN ten times the load WHEN checked with --html THEN the failing nodes are drawn FAIL and the fixes are in the page', async () => {
    const spec = parse(fs.readFileSync(EXAMPLE, 'utf8'));
    spec.load.peakRequestsPerSecond *= 10;
    const file = path.join(tmp, 'ten-x.yaml');
    fs.writeFileSync(file, stringify(spec));
    const html = path.join(tmp, 'ten-x.html');
    const diagram = path.join(tmp, 'ten-x.mmd');
    const r = await check([file, '--target', 'cdk', '--out', path.join(tmp, 'ten-x'), '--html', html, '--diagram', diagram]);
    expect(r.code).toBe(EXIT.FAIL);
    const page = await open(html, fs.readFileSync(diagram, 'utf8'), 'social-feed-ten-x.png');
    expect(page.errors).toEqual([]);
    expect(page.title).toBe('scaleblocks check: social-feed: FAIL');
    expect(page.failNodes).toBeGreaterThan(0);
    expect(fs.readFileSync(html, 'utf8')).toMatch(/<tr class="detail fix"><td><\/td><td colspan="5">fix: needs &gt;= \d+ readers/);
    // the headroom beside the verdict: the system FAILs at its declared load
    expect(fs.readFileSync(html, 'utf8')).toMatch(/<p id="headroom"><strong>Headroom:<\/strong> FAILs at the declared load: /);
  }, 240_000);
});

describe('escapeHtml', () => {
  test('GIVEN markup WHEN escaped THEN no tag or attribute can open', () => {
    expect(escapeHtml('<script>"x" & \'y\'</script>')).toBe('&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;');
  });
});
