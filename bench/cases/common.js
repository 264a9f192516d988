// Shared by the benchmark cases: where the compiled library is, the example spec, a temporary
// output folder, and how a case reports the resources it synthesized.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');
/**
 * The compiled library (lib/), as a user's app loads it; `SCALEBLOCKS_BENCH_LIB` names another
 * compiled lib/ (a copy of an earlier build: `node bench/run.js --against <dir>`).
 */
const LIB = process.env.SCALEBLOCKS_BENCH_LIB ? path.resolve(process.env.SCALEBLOCKS_BENCH_LIB) : path.join(ROOT, 'lib');
const EXAMPLE = path.join(ROOT, 'examples', 'social-feed', 'system.yaml');

function tmp(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `scaleblocks-bench-${prefix}-`));
}

/** Counts the resources of a CDK cloud assembly (every stack template). */
function cfnResources(dir) {
  let n = 0;
  for (const f of fs.readdirSync(dir)) {
    if (!f.endsWith('.template.json')) continue;
    n += Object.keys(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).Resources ?? {}).length;
  }
  return n;
}

/** Counts the resources of a cdktf output folder (every stack's cdk.tf.json). */
function tfResources(dir) {
  let n = 0;
  const stacks = path.join(dir, 'stacks');
  for (const s of fs.readdirSync(stacks)) {
    const json = JSON.parse(fs.readFileSync(path.join(stacks, s, 'cdk.tf.json'), 'utf8'));
    for (const byName of Object.values(json.resource ?? {})) n += Object.keys(byName).length;
  }
  return n;
}

/** Records what the case synthesized (printed by rss.js at exit). */
function report(resources) {
  if (globalThis.__bench) globalThis.__bench.resources = resources;
}

/** Removes an output folder (not part of what is measured by the user's synth, but done before exit). */
function cleanup(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
}

module.exports = { ROOT, LIB, EXAMPLE, tmp, cfnResources, tfResources, report, cleanup };
