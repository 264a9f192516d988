#!/usr/bin/env node
// scaleblocks benchmarks: whole processes, each case against its baseline in alternation
// (A B A B ...) after one warm-up run of each, medians and min/max of the wall time and of the
// peak memory the kernel measured (getrusage ru_maxrss, printed by rss.js at the child's exit),
// the ratio pair by pair, per synthesized resource, and the machine. Writes the table into
// BENCHMARKS.md between its markers. `npm run bench` (projen task `bench`) compiles first.
//
//   node bench/run.js [--runs 5] [--only <regex>] [--no-write] [--against <lib dir>]
//
// `--against <dir>` compares a change with an earlier build: each selected case runs on <dir> (a
// copy of an earlier lib/, with schema/ beside it) and on lib/, and its baseline beside them, the
// three in one alternation (baseline, earlier, lib/, baseline, ...), so the change and both builds'
// ratios to the baseline come from the same machine state; nothing is written into BENCHMARKS.md.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const CASES = path.join(__dirname, 'cases');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Math.max(5, Number(opt('--runs', '5')));
const ONLY = new RegExp(opt('--only', '.'));
const AGAINST = opt('--against', undefined);
const WRITE = !args.includes('--no-write') && AGAINST === undefined;

/** A process to time: a case script and its arguments. */
const proc = (label, script, ...rest) => ({ label, argv: [path.join(CASES, script), ...rest] });

/** The TerraConstructs case: its own folder, its own versions (installed by `ensurePeers`). */
const PEER = path.join(__dirname, 'terraconstructs');
const peerProc = (label, script) => ({ label, argv: [path.join(PEER, script)], needsPeer: true });

/** Installs the peer library's folder from its lockfile when it is not installed yet (needs the npm registry). */
function ensurePeers() {
  if (fs.existsSync(path.join(PEER, 'node_modules', 'terraconstructs'))) return;
  process.stderr.write('installing bench/terraconstructs (npm ci) ...\n');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: PEER, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm ci in bench/terraconstructs failed');
}

/** Each pair: [what is measured, the baseline it is compared with]. */
const PAIRS = [
  { name: 'SystemStack (example), CloudFormation', a: proc('aws-cdk-lib by hand', 'cdk-system-baseline.js'), b: proc('scaleblocks', 'cdk-system.js') },
  { name: 'SystemStack (example), CloudFormation, built-in CloudFormation validation off (the share of everything but that validation)', a: proc('aws-cdk-lib by hand', 'cdk-system-baseline.js', '--no-builtin-validation'), b: proc('scaleblocks', 'cdk-system.js', '--no-builtin-validation') },
  { name: 'SystemStack (example), CloudFormation, cdk-nag + cfn-guard', a: proc('aws-cdk-lib by hand', 'cdk-system-baseline.js', '--validate'), b: proc('scaleblocks', 'cdk-system.js', '--validate') },
  { name: 'SystemStack (example), Terraform', a: proc('@cdktf/provider-aws by hand', 'tf-system-baseline.js'), b: proc('scaleblocks', 'tf-system.js') },
  { name: 'Terraform, peer library: TerraConstructs for the part it can express (VPC, ALB, queues, buckets, CDN; compare per resource)', a: peerProc('TerraConstructs 0.0.15 (cdktf 0.20)', 'system-subset.js'), b: proc('scaleblocks, whole system', 'tf-system.js') },
  { name: 'load scaleblocks/cdk over aws-cdk-lib', a: proc('aws-cdk-lib', 'load.js', 'aws-cdk-lib'), b: proc('scaleblocks/cdk', 'load.js', 'scaleblocks/cdk') },
  { name: 'load scaleblocks/cdktf over cdktf', a: proc('cdktf', 'load.js', 'cdktf'), b: proc('scaleblocks/cdktf', 'load.js', 'scaleblocks/cdktf') },
  { name: 'scaleblocks check (both backends) over a plain synth of both', a: proc('plain synth of both', 'synth-both.js'), b: proc('scaleblocks check', 'check.js') },
  { name: 'aws-cdk-lib default App (built-in CloudFormation validation) over the check\'s App, plain synth of both', a: proc('the check\'s App settings', 'synth-both.js'), b: proc('default App', 'synth-both.js', '--default-app') },
  ...[5_000, 50_000].map((n) => ({
    name: `spec with a ${n.toLocaleString('en-US')}-key map and one repeated key, found with its line, over a bare yaml parse (linear: compare the two sizes)`,
    a: proc('yaml parse, no key check', 'spec-load.js', 'yaml', String(n)), b: proc('scaleblocks loader', 'spec-load.js', 'scaleblocks', String(n)),
  })),
  ...[4, 16, 64, 256].flatMap((n) => ['cdk', 'cdktf'].map((backend) => ({
    name: `ShardedDatabase HASH ${n} shards, ${backend === 'cdk' ? 'CloudFormation' : 'Terraform'}`, series: `sharded-${backend}`, shards: n,
    b: proc('scaleblocks', 'sharded.js', backend, String(n)),
  }))),
];

const WITH_VALUE = ['--runs', '--only', '--against'];
const unknown = args.filter((a, i) => a.startsWith('-') && !WITH_VALUE.includes(args[i - 1]) && ![...WITH_VALUE, '--no-write', '--help', '-h'].includes(a));
if (unknown.length > 0) {
  process.stderr.write(`bench/run.js: unknown option ${unknown.join(' ')} (--help lists the options)\n`);
  process.exit(2);
}
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`Usage: node bench/run.js [--runs N (at least 5)] [--only <regex of case names>] [--no-write] [--against <earlier build dir>]
  (npm run bench: compile, then every case; writes the table of BENCHMARKS.md)
Cases:
${PAIRS.map((p) => `  ${p.name}`).join('\n')}
`);
  process.exit(0);
}
function once(p) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', path.join(__dirname, 'rss.js'), ...p.argv], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', CHECKPOINT_DISABLE: '1', JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1', ...p.env },
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const line = (r.stdout ?? '').split('\n').reverse().find((l) => l.startsWith('@@bench '));
  if (r.status !== 0 || !line) throw new Error(`${p.label} (${p.argv.join(' ')}) failed with ${r.status}:\n${(r.stderr ?? '').slice(-2000)}`);
  const data = JSON.parse(line.slice('@@bench '.length));
  return { ms, cpuMs: data.cpuMicros / 1000, rssMiB: data.maxRssKiB / 1024, resources: data.resources };
}

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const stats = (runs) => ({
  ms: { median: median(runs.map((r) => r.ms)), min: Math.min(...runs.map((r) => r.ms)), max: Math.max(...runs.map((r) => r.ms)) },
  cpuMs: { median: median(runs.map((r) => r.cpuMs)), min: Math.min(...runs.map((r) => r.cpuMs)), max: Math.max(...runs.map((r) => r.cpuMs)) },
  rssMiB: { median: median(runs.map((r) => r.rssMiB)), min: Math.min(...runs.map((r) => r.rssMiB)), max: Math.max(...runs.map((r) => r.rssMiB)) },
  resources: runs[0].resources,
});

/** With `--against`: the scaleblocks side of a pair on the earlier build (A) and on lib/ (B), and its baseline (base). */
function againstEarlier(pair) {
  if (AGAINST === undefined) return pair;
  const dir = path.resolve(AGAINST);
  const lib = fs.existsSync(path.join(dir, 'lib')) ? path.join(dir, 'lib') : dir;
  return { ...pair, series: undefined, base: pair.a, a: { ...pair.b, label: `earlier build (${path.relative(ROOT, lib)})`, env: { SCALEBLOCKS_BENCH_LIB: lib } }, b: { ...pair.b, label: 'lib/' } };
}

function measure(pair) {
  const sides = [pair.base, pair.a, pair.b].filter(Boolean);
  if (sides.some((p) => p.needsPeer)) ensurePeers();
  for (const p of sides) once(p); // warm-up: file cache, V8 code cache
  const runs = sides.map(() => []);
  for (let i = 0; i < RUNS; i++) sides.forEach((p, j) => runs[j].push(once(p)));
  return sides.map((p, j) => ({ label: p.label, ...stats(runs[j]) }));
}

const fmtS = (ms) => `${(ms / 1000).toFixed(2)} s`;
const fmtRange = (s, f) => `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
const fmtMiB = (m) => `${Math.round(m)} MiB`;

function machine() {
  const cpus = os.cpus();
  return `${cpus.length} x ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}, load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

function main() {
  const started = Date.now();
  const rows = [];
  const againstRows = [];
  const series = new Map();
  const failures = [];
  for (const pair of PAIRS.filter((p) => ONLY.test(p.name)).map(againstEarlier)) {
    process.stderr.write(`${pair.name} ...`);
    let measured;
    try {
      measured = measure(pair);
    } catch (e) {
      // A case that fails is a finding, written into the table; the other cases still run.
      const lines = String(e.message).split('\n');
      const at = lines.findIndex((l) => /^\w*Error: /.test(l.trim()));
      const why = at >= 0 ? lines.slice(at, at + 2).map((l) => l.trim()).join(' ') : lines[0];
      failures.push({ name: pair.name, why: why.trim().slice(0, 300) });
      process.stderr.write(` FAILED: ${why}\n`);
      continue;
    }
    const base = pair.base ? measured.shift() : undefined;
    const [first, second] = measured;
    process.stderr.write(` done\n`);
    if (base) againstRows.push({ name: pair.name, base, a: first, b: second });
    if (pair.series) {
      series.set(pair.series, [...(series.get(pair.series) ?? []), { shards: pair.shards, ...first }]);
      continue;
    }
    rows.push({ name: pair.name, a: first, b: second });
  }
  const lines = [];
  lines.push(`Machine: ${machine()}. ${RUNS} runs of each side in alternation after one warm-up, median (min–max). CPU time (user + system of the whole process) is the measure compared: it hardly moves when other processes share the machine, where wall time does; wall time and the kernel's peak RSS are shown beside it.`, '');
  lines.push('| case | baseline: CPU time | scaleblocks: CPU time | CPU ratio | CPU per resource (baseline / scaleblocks) | wall time (baseline / scaleblocks) | peak memory (baseline / scaleblocks) |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const perRes = r.a.resources && r.b.resources
      ? `${(r.a.cpuMs.median / r.a.resources).toFixed(1)} ms (${r.a.resources}) / ${(r.b.cpuMs.median / r.b.resources).toFixed(1)} ms (${r.b.resources}): ${((r.b.cpuMs.median / r.b.resources) / (r.a.cpuMs.median / r.a.resources)).toFixed(2)}x`
      : '-';
    lines.push(`| ${r.name} | ${r.a.label}: ${fmtRange(r.a.cpuMs, fmtS)} | ${fmtRange(r.b.cpuMs, fmtS)} | ${(r.b.cpuMs.median / r.a.cpuMs.median).toFixed(2)}x | ${perRes} | ${fmtS(r.a.ms.median)} / ${fmtS(r.b.ms.median)} (${(r.b.ms.median / r.a.ms.median).toFixed(2)}x) | ${fmtMiB(r.a.rssMiB.median)} / ${fmtMiB(r.b.rssMiB.median)} (${(r.b.rssMiB.median / r.a.rssMiB.median).toFixed(2)}x) |`);
  }
  for (const [name, points] of series) {
    lines.push('', `**${name === 'sharded-cdk' ? 'ShardedDatabase HASH on CloudFormation' : 'ShardedDatabase HASH on Terraform'}** (is it linear?)`, '');
    lines.push('| shards | resources | CPU time | CPU per shard | wall time | peak memory |', '| --- | --- | --- | --- | --- | --- |');
    for (const p of points) lines.push(`| ${p.shards} | ${p.resources} | ${fmtRange(p.cpuMs, fmtS)} | ${(p.cpuMs.median / p.shards).toFixed(0)} ms | ${fmtS(p.ms.median)} | ${fmtMiB(p.rssMiB.median)} |`);
    const [lo, hi] = [points[0], points[points.length - 1]];
    if (lo && hi && hi !== lo) {
      const slope = (hi.cpuMs.median - lo.cpuMs.median) / (hi.shards - lo.shards);
      const perResource = (hi.cpuMs.median - lo.cpuMs.median) / (hi.resources - lo.resources);
      lines.push('', `Marginal CPU cost ${slope.toFixed(0)} ms per shard (${perResource.toFixed(1)} ms per resource) between ${lo.shards} and ${hi.shards} shards; ${(hi.cpuMs.median / lo.cpuMs.median).toFixed(1)}x the CPU time for ${hi.shards / lo.shards}x the shards.`);
    }
  }
  if (failures.length > 0) {
    lines.push('', '**Cases that failed** (not measured):', '');
    for (const f of failures) lines.push(`- ${f.name}: ${f.why.replace(/\|/g, '\\|')}`);
  }
  if (againstRows.length > 0) {
    lines.push('', 'The same alternation with each case\'s baseline as a third process (CPU time, median):', '');
    lines.push('| case | baseline | earlier build | lib/ | lib/ over earlier | earlier over baseline | lib/ over baseline |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const r of againstRows) {
      const x = (p, q) => `${(p.cpuMs.median / q.cpuMs.median).toFixed(2)}x`;
      lines.push(`| ${r.name} | ${r.base.label}: ${fmtRange(r.base.cpuMs, fmtS)} | ${fmtRange(r.a.cpuMs, fmtS)} | ${fmtRange(r.b.cpuMs, fmtS)} | ${x(r.b, r.a)} | ${x(r.a, r.base)} | ${x(r.b, r.base)} |`);
    }
  }
  lines.push('', `Measured in ${Math.round((Date.now() - started) / 1000)} s on ${new Date().toISOString().slice(0, 10)}.`);
  const table = lines.join('\n');
  process.stdout.write(`${table}\n`);
  if (!WRITE) return;
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const text = fs.readFileSync(file, 'utf8');
  const begin = '<!-- bench:begin -->';
  const end = '<!-- bench:end -->';
  const [head, rest] = text.split(begin);
  if (rest === undefined || !rest.includes(end)) throw new Error(`BENCHMARKS.md has no ${begin} ... ${end} markers`);
  fs.writeFileSync(file, `${head}${begin}\n${table}\n${end}${rest.split(end)[1]}`);
  if (failures.length > 0) process.exitCode = 1;
}

main();
