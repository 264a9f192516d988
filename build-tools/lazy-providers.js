#!/usr/bin/env node
// Part of `compile`, after lazy-exports.js and before cdktn-backend.js (so lib/cdktn inherits it):
// each block module of the Terraform backend imports the @cdktf/provider-aws classes of every
// feature it can render (EC2 capacity, Lambda workers, RDS instances, memcached clusters, secrets
// for password authentication, ...), and TypeScript compiles each import to a require at the top
// of the module, so a system loaded the classes of the features it does not use: the example's
// Terraform SystemStack loaded 84 provider modules (14 MB of JavaScript), 17 of them for nothing
// (BENCHMARKS.md). This rewrites each
//
//   const x_1 = require("@cdktf/provider-aws/lib/x");
//
// of lib/cdktf into an object with one getter per name the module reads from `x_1`, which
// requires the provider module when a block first uses one of them:
//
//   const x_1 = __lazyProvider(() => require("@cdktf/provider-aws/lib/x"), ["X"]);
//
// - The names are read from the compiled module itself (every `x_1.Name`), so nothing can be
//   missed; any other use of `x_1` (a computed member, the binding passed on), or a provider
//   module required any other way (`import * as`), fails the build.
// - Each rewrite stays on its line (the helper is a hoisted function on the first rewritten
//   line), so the source maps stay right.
// - Fails the build when lib/cdktf has no provider import left to rewrite and was not rewritten
//   before, so a compiler change cannot silently make the imports eager again.
//
//   node build-tools/lazy-providers.js [dir]   (default lib/cdktf; the test passes its own)
'use strict';
const fs = require('fs');
const path = require('path');
const { failer, walkFiles: walk } = require('./tool');

const fail = failer('lazy-providers');

const DIR = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'lib', 'cdktf'));
const MARK = '/* lazy-providers (build-tools/lazy-providers.js) */';
const HELPER = `${MARK} function __lazyProvider(load, names) { let m; const o = {}; for (const n of names) Object.defineProperty(o, n, { enumerable: true, get: () => (m || (m = load()))[n] }); return o; }`;
const IMPORT = /^const (\w+) = require\("(@cdktf\/provider-aws\/lib\/[a-z0-9-]+)"\);$/gm;

const problems = [];
let files = 0;
let rewritten = 0;
let before = 0;
for (const file of walk(DIR)) {
  if (!file.endsWith('.js')) continue;
  let js = fs.readFileSync(file, 'utf8');
  const rel = path.relative(DIR, file);
  if (js.includes(MARK)) {
    before++;
    continue;
  }
  const imports = [...js.matchAll(IMPORT)];
  if (imports.length === 0) {
    if (/require\("@cdktf\/provider-aws/.test(js)) problems.push(`${rel}: an eager require of @cdktf/provider-aws is left (only \`import { X } from '@cdktf/provider-aws/lib/x'\` is made lazy)`);
    continue;
  }
  let first = true;
  for (const [line, binding, specifier] of imports) {
    const uses = [...js.matchAll(new RegExp(`\\b${binding}\\b(\\.([A-Za-z_$][\\w$]*))?`, 'g'))];
    // The first use is the declaration itself.
    const names = [...new Set(uses.slice(1).map((u) => u[2]).filter((n) => n !== undefined))];
    const other = uses.slice(1).filter((u) => u[2] === undefined);
    if (other.length > 0) {
      problems.push(`${rel}: ${binding} is used other than as ${binding}.<name> (${other.length} times): cannot make it lazy`);
      continue;
    }
    if (names.length === 0) {
      problems.push(`${rel}: ${binding} (${specifier}) is imported but not used`);
      continue;
    }
    const lazy = `const ${binding} = __lazyProvider(() => require("${specifier}"), ${JSON.stringify(names.sort())});`;
    js = js.replace(line, first ? `${HELPER} ${lazy}` : lazy);
    first = false;
    rewritten++;
  }
  for (const [, specifier] of js.matchAll(/(?<!\(\) => )require\("(@cdktf\/provider-aws[^"]*)"\)/g)) {
    problems.push(`${rel}: an eager require of ${specifier} is left (only \`import { X } from '@cdktf/provider-aws/lib/x'\` is made lazy)`);
  }
  fs.writeFileSync(file, js);
  files++;
}
if (problems.length > 0) fail(problems.join('\n'));
if (rewritten === 0 && before === 0) fail(`no require("@cdktf/provider-aws/lib/...") found in ${DIR} to rewrite`);
console.log(`lazy-providers: ${rewritten} provider imports in ${files} modules of ${path.relative(process.cwd(), DIR) || '.'} load on first use${before ? ` (${before} modules rewritten before)` : ''}`);
