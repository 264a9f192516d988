#!/usr/bin/env node
// Part of `compile`, after lazy-backends.js and before cdktn-backend.js: the package's entries
// (the root, the core, each backend's index and entry) re-export their modules with `export *`,
// which TypeScript compiles to eager requires, so `require('scaleblocks/cdktf')` loaded all seven
// blocks' modules and their @cdktf/provider-aws classes, and the whole core (planning, sizing, the
// read-back, the router, prices) before an app built anything: 0.61 s of CPU against cdktf's
// 0.29 s (BENCHMARKS.md). This rewrites each `__exportStar(require("./x"), exports);` of those
// entries into one getter per name that `./x` exports, which loads `./x` when an app first reads
// one of them; an app pays for the blocks it uses.
//
// - The names are read here, by requiring each module once at build time, so the entries export
//   exactly what they exported before (same names, same first-wins order as `__exportStar`), and
//   the declarations (.d.ts) and the jsii assembly, which are static, are untouched.
// - A `0 && (module.exports = { ... })` line lists the names for Node's ESM loader, which finds a
//   CommonJS module's named exports by reading its source (cjs-module-lexer): `import { SystemStack }
//   from 'scaleblocks/cdktf'` keeps working from an .mjs app. It never runs.
// - Fails the build when an entry has no `export *` left to rewrite and was not rewritten before,
//   so a compiler change cannot silently make the entries eager again.
'use strict';
const fs = require('fs');
const path = require('path');

const LIB = path.join(__dirname, '..', 'lib');
/** The entries, relative to lib/. lib/cdktn is generated from lib/cdktf afterwards and inherits them. */
const ENTRIES = ['index.js', 'core/index.js', 'cdk/index.js', 'cdk/entry.js', 'cdktf/index.js', 'cdktf/entry.js'];
const MARK = '// lazy-exports: ';
/**
 * Each backend's index still requires its framework at once: an app of that backend loads it
 * anyway, and a missing framework fails when the backend is first read (`require('scaleblocks').cdk`
 * without aws-cdk-lib installed), as it did when the index was eager, not later at some class.
 */
const FRAMEWORK = { 'cdk/index.js': 'aws-cdk-lib', 'cdktf/index.js': 'cdktf' };
const EXPORT_STAR = /^__exportStar\(require\("(\.[^"]+)"\), exports\);$/gm;

const HELPER = `${MARK}each name below loads its module when first read (build-tools/lazy-exports.js).
var __lazyModules = {};
function __lazyExportStar(id, names) {
    for (const name of names) {
        if (Object.prototype.hasOwnProperty.call(exports, name)) continue;
        Object.defineProperty(exports, name, { enumerable: true, configurable: true, get: () => (__lazyModules[id] || (__lazyModules[id] = require(id)))[name] });
    }
}`;

let rewritten = 0;
for (const entry of ENTRIES) {
  const file = path.join(LIB, entry);
  let js = fs.readFileSync(file, 'utf8');
  if (js.includes(MARK)) continue;
  const stars = [...js.matchAll(EXPORT_STAR)];
  if (stars.length === 0) {
    console.error(`lazy-exports: no \`export *\` to rewrite in lib/${entry}`);
    process.exit(1);
  }
  const all = [];
  for (const [line, id] of stars) {
    const names = Object.keys(require(path.resolve(path.dirname(file), id))).filter((n) => n !== 'default' && n !== '__esModule');
    all.push(...names);
    js = js.replace(line, `__lazyExportStar(${JSON.stringify(id)}, ${JSON.stringify(names)});`);
  }
  // The helper goes before the first rewritten line (after TypeScript's own helpers and __esModule).
  const first = js.indexOf('__lazyExportStar(');
  const framework = FRAMEWORK[entry] ? `require(${JSON.stringify(FRAMEWORK[entry])});\n` : '';
  js = `${js.slice(0, first)}${framework}${HELPER}\n${js.slice(first)}`;
  // For Node's ESM loader (cjs-module-lexer reads this line; it never runs).
  const esm = [...new Set(all)].filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
  const map = js.lastIndexOf('\n//# sourceMappingURL=');
  const at = map >= 0 ? map : js.length;
  js = `${js.slice(0, at)}\n0 && (module.exports = { ${esm.join(', ')} });${js.slice(at)}`;
  fs.writeFileSync(file, js);
  rewritten++;
}
console.log(`lazy-exports: ${rewritten} entries rewritten to load their modules on first use`);
