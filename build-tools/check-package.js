#!/usr/bin/env node
// Release gate, the last step of the `package` task (so CI runs it on every build): checks the
// tarball jsii-pacmak packed into dist/js, the file a release would upload to npm.
//  1. `npm publish --dry-run` accepts it, and npm corrects nothing in its package.json.
//  2. It ships what the package.json points at (main, types, every `exports` and `typesVersions`
//     target, the bin) and no build or test files.
//  3. Its lib/index.js loads each backend lazily (build-tools/lazy-backends.js ran in `compile`):
//     an eager require makes a CDK-only app crash with "Cannot find module '@cdktf/provider-aws/…'".
//     Its lib/cdktn (scaleblocks/cdktn, build-tools/cdktn-backend.js ran in `compile`) has every
//     file of lib/cdktf and imports neither cdktf nor @cdktf/*.
//  4. Its package.json carries the keywords Construct Hub lists it by.
// Nothing is published by the build. With --publish (the `publish:npm` task, run by hand with an
// npm token after `npx projen release`), the checked tarball is published, and refused while
// package.json names no repository.
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { failer } = require('./tool');

const fail = failer('check-package');

const root = path.join(__dirname, '..');
const dir = path.join(root, 'dist', 'js');
const tarballs = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.tgz')) : [];
if (tarballs.length !== 1) fail(`expected one tarball in dist/js (run npx projen package:js first), found: ${tarballs.join(', ') || 'none'}`);
const tarball = path.join(dir, tarballs[0]);
const problems = [];

// 1. npm's own check, offline of any account (a dry run never logs in).
const env = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' };
const started = Date.now();
const dry = spawnSync('npm', ['publish', '--dry-run', '--json', tarball], { cwd: dir, encoding: 'utf8', env });
if (dry.status !== 0) fail(`npm publish --dry-run failed (exit ${dry.status}):\n${dry.stderr}`);
const warnings = dry.stderr.split('\n').filter((l) => /^npm warn/.test(l) && !/requires you to be logged in/.test(l));
if (warnings.length > 0) problems.push(`npm publish --dry-run warns:\n  ${warnings.join('\n  ')}`);
const summary = JSON.parse(dry.stdout.slice(dry.stdout.indexOf('{')));
const result = summary.id ? summary : Object.values(summary)[0];
const files = new Set(result.files.map((f) => f.path));

// 2. What the package.json points at is in the tarball; build and test files are not.
const pkg = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
const targets = [pkg.main, pkg.types, ...Object.values(pkg.bin ?? {})];
for (const value of Object.values(pkg.exports ?? {})) {
  for (const target of typeof value === 'string' ? [value] : Object.values(value)) targets.push(target);
}
for (const map of Object.values(pkg.typesVersions ?? {})) targets.push(...Object.values(map).flat());
for (const target of targets) {
  const file = path.posix.normalize(target);
  if (file.includes('*')) {
    const prefix = file.slice(0, file.indexOf('*'));
    if (![...files].some((f) => f.startsWith(prefix))) problems.push(`nothing in the tarball matches ${target}`);
  } else if (!files.has(file)) {
    problems.push(`${target} (named in package.json) is not in the tarball`);
  }
}
for (const f of files) {
  if (/^(src|test|build-tools|examples|bench|docs|\.ci)\//.test(f) || f === 'tsconfig.dev.json') problems.push(`${f} is shipped`);
}

// 3. The backends load lazily from the root entry.
const index = execFileSync('tar', ['-xzOf', tarball, 'package/lib/index.js'], { encoding: 'utf8' });
for (const name of ['cdk', 'cdktf']) {
  if (new RegExp(`^exports\\.${name} = __importStar\\(require\\("\\./${name}"\\)\\);$`, 'm').test(index)
    || !index.includes(`Object.defineProperty(exports, "${name}", { enumerable: true, configurable: true, get: () => __importStar(require("./${name}")) });`)) {
    problems.push(`lib/index.js requires ./${name} eagerly: build-tools/lazy-backends.js did not run on what was packed`);
  }
}

// 3b. The CDK Terrain backend (build-tools/cdktn-backend.js ran in `compile`): lib/cdktn has every
// file of lib/cdktf, and none of them imports cdktf or @cdktf/* (a cdktn app has neither).
const backend = (name) => [...files].filter((f) => f.startsWith(`lib/${name}/`)).map((f) => f.slice(`lib/${name}/`.length)).sort();
const missing = backend('cdktf').filter((f) => !backend('cdktn').includes(f));
if (backend('cdktn').length === 0) problems.push('lib/cdktn is not in the tarball: build-tools/cdktn-backend.js did not run on what was packed');
else if (missing.length > 0) problems.push(`lib/cdktn lacks ${missing.join(', ')} of lib/cdktf: generated from an older build`);
const cdktn = execFileSync('tar', ['-xzOf', tarball, '--wildcards', 'package/lib/cdktn/*'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const leftover = cdktn.match(/(\brequire\(|\bfrom |\bimport\()(["'])(@cdktf\/|cdktf)[^"']*\2/);
if (leftover) problems.push(`lib/cdktn still imports cdktf: ${leftover[0]}`);

// 4. Construct Hub lists a package by its keywords.
for (const keyword of ['awscdk', 'cdktf', 'cdktn', 'constructs', 'aws', 'terraform', 'capacity-planning']) {
  if (!(pkg.keywords ?? []).includes(keyword)) problems.push(`keyword ${keyword} is missing`);
}

if (process.argv.includes('--publish') && (pkg.repository?.url ?? 'none') === 'none') {
  problems.push('package.json names no repository (repositoryUrl in .projenrc.ts): set the public one before publishing');
}
if (problems.length > 0) fail(problems.join('\n'));
console.log(`check-package: ${tarballs[0]}: npm publish --dry-run passes (${Date.now() - started} ms), `
  + `${files.size} files, ${targets.length} package.json targets present, backends lazy, lib/cdktn generated, keywords set`);

if (process.argv.includes('--publish')) {
  const published = spawnSync('npm', ['publish', tarball], { cwd: dir, stdio: 'inherit', env });
  process.exit(published.status ?? 1);
}
