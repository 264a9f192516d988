#!/usr/bin/env node
// Part of `compile`: generates the CDK Terrain backend, lib/cdktn (the `scaleblocks/cdktn` entry),
// from the compiled cdktf backend, lib/cdktf. CDK Terrain (npm `cdktn`, `@cdktn/provider-aws`) is
// the maintained fork of the archived CDKTF with the same API under new package names, so the
// backend is src/cdktf with its imports renamed, never a hand copy:
//   cdktf                            -> cdktn
//   @cdktf/provider-aws/lib/<x>      -> @cdktn/provider-aws/lib/<x>   (same deep paths and class
//                                       names: src/cdktf type-checks unchanged against
//                                       @cdktn/provider-aws 25.7 once its imports are renamed)
// Everything else (the core it shares with the other backends through ../core, comments, jsii's
// runtime type names) is copied as it is. The renames keep every line's length ('cdktf' and
// 'cdktn' are both five letters), so each file's inline source map still points at the right
// column of src/cdktf/<file>.ts. Fails the build on any other cdktf module specifier (a root
// import of the provider, cdktf/lib/..., a new @cdktf package): a rename for it must be decided
// here, not guessed.
const fs = require('fs');
const path = require('path');
const { failer, walkFiles: walk } = require('./tool');

const fail = failer('cdktn-backend');

const lib = path.join(__dirname, '..', 'lib');
const from = path.join(lib, 'cdktf');
const to = path.join(lib, 'cdktn');

/** A module specifier in compiled JS (require("…")) or a declaration (from '…', import('…')). */
const SPECIFIER = /(\brequire\(|\bfrom |\bimport\()(["'])((?:@cdktf\/|cdktf)[^"']*)\2/g;

/** The CDK Terrain name of a cdktf module, or undefined when there is no rename for it. */
function renamed(specifier) {
  if (specifier === 'cdktf') return 'cdktn';
  const deep = /^@cdktf\/provider-aws\/lib\/([a-z0-9-]+)$/.exec(specifier);
  return deep ? `@cdktn/provider-aws/lib/${deep[1]}` : undefined;
}

if (!fs.existsSync(path.join(from, 'entry.js'))) fail(`${path.relative(process.cwd(), from)}/entry.js not found: run after jsii compiled src/cdktf`);
fs.rmSync(to, { recursive: true, force: true });

const problems = [];
let files = 0;
let rewrites = 0;
for (const file of walk(from)) {
  const rel = path.relative(from, file);
  if (!/\.(js|d\.ts)$/.test(rel)) {
    problems.push(`${rel}: not .js or .d.ts, no rule for it`);
    continue;
  }
  const text = fs.readFileSync(file, 'utf8');
  const out = text.replace(SPECIFIER, (match, before, quote, specifier) => {
    const name = renamed(specifier);
    if (!name) {
      problems.push(`${rel}: no CDK Terrain name for '${specifier}'`);
      return match;
    }
    rewrites++;
    return `${before}${quote}${name}${quote}`;
  });
  if (out.length !== text.length) problems.push(`${rel}: the rewrite changed the file's length, so its source map would be off`);
  const left = /(\brequire\(|\bfrom |\bimport\()(["'])(@cdktf\/|cdktf)/.exec(out);
  if (left) problems.push(`${rel}: a cdktf import is left after the rewrite: ${left[0]}`);
  fs.mkdirSync(path.dirname(path.join(to, rel)), { recursive: true });
  fs.writeFileSync(path.join(to, rel), out);
  files++;
}
if (problems.length > 0) fail(problems.join('\n'));
console.log(`cdktn-backend: lib/cdktn generated from lib/cdktf: ${files} files, ${rewrites} imports renamed to cdktn and @cdktn/provider-aws`);
