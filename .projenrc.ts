import { cdk, javascript, JsonFile, release } from 'projen';

/**
 * scaleblocks: the classic building blocks of a distributed system, planned once in a
 * backend-neutral core and rendered to CloudFormation (aws-cdk-lib) and Terraform (cdktf).
 *
 * Everything generated (package.json, tsconfig, jest, eslint, tasks) comes from this file.
 */
const project = new cdk.JsiiProject({
  name: 'scaleblocks',
  description:
    'Load-balanced APIs, tiered caches, replicated and sharded databases, work queues, CDNs and gateways as constructs for aws-cdk-lib and cdktf, with an offline sizing check.',
  author: 'scaleblocks',
  authorAddress: 'dev@scaleblocks.dev',
  // There is no public repository: the field says so instead of naming an address that does not
  // exist (jsii requires the field). Set the real URL here before a first publish.
  repositoryUrl: 'none',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.3', // ts-jest and ts-node need TypeScript's JS API, which 7.x no longer has
  minNodeVersion: '20.0.0',
  stability: 'experimental',

  keywords: ['awscdk', 'cdktf', 'cdktn', 'constructs', 'aws', 'terraform', 'capacity-planning'],

  // The Python package (jsii target): the core's functions reach Python through the classes
  // Planner and HardwareCatalog (jsii publishes classes, not free functions). Nothing is published
  // from here; test/packaging/python.test.ts builds the wheel offline on every build and checks it.
  publishToPypi: { distName: 'scaleblocks', module: 'scaleblocks' },

  // The CI of this project is .ci/run, not GitHub: no workflows are generated.
  github: false,
  // Releases are cut by hand (`npx projen release`): projen's bump picks the next semantic version
  // from the conventional commits since the last tag, writes CHANGELOG.md and packs dist/js. Nothing
  // is published from here; npm is the one target (`npx projen publish:npm` from a machine with a token).
  release: true,
  releaseToNpm: true,
  releaseTrigger: release.ReleaseTrigger.manual({ gitPushCommand: '' }),
  depsUpgrade: false,
  pullRequestTemplate: false,

  // Every backend's framework is an optional peer: a CDK-only user needs no cdktf and the reverse.
  // CDK Terrain (cdktn, the maintained fork of CDKTF; scaleblocks/cdktn, generated JavaScript
  // outside the jsii assembly) is not a peer: jsii requires every peer to be an installed jsii
  // assembly, and @cdktn/provider-aws 25 needs constructs 10.6-10.7 (this build pins 10.5 for
  // aws-cdk-lib) and Node >= 22.11. A cdktn app installs cdktn and @cdktn/provider-aws itself
  // (README, "CDK Terrain").
  peerDeps: ['aws-cdk-lib@^2.276.0', 'constructs@^10.5.1', 'cdktf@^0.21.0', '@cdktf/provider-aws@^21.22.1'],
  // Bundled: used inside the CLI only (schema validation, YAML, argument parsing, tables,
  // colours), never in the public API.
  bundledDeps: ['ajv@^8.17.1', 'yaml@^2.8.0', 'commander@^14.0.0', 'cli-table3@^0.6.5', 'picocolors@^1.1.1'],
  peerDependencyOptions: { pinnedDevDependency: false },
  devDeps: [
    'aws-cdk-lib@2.276.0', 'constructs@10.5.1', 'cdktf@0.21.0', '@cdktf/provider-aws@21.22.1',
    'fast-check@^4.3.0',
    // Compliance at synth, in tests and in the example apps (never at run time of the library).
    'cdk-nag@3.0.2', '@cdklabs/cdk-validator-cfnguard@0.0.62',
    // The real CLIs, to synthesize the example apps offline (aws-cdk 3.0.0, published before 2.1148,
    // reads cloud assembly schema 43 only; aws-cdk-lib 2.276 writes 55).
    'aws-cdk@2.1148.1', 'cdktf-cli@0.21.0',
    // `check --html` inlines Mermaid's browser bundle (copied into assets/ at build, so users do
    // not install Mermaid); the HTML tests open the page in Debian's Chromium through Playwright.
    'mermaid@^11.12.0', 'playwright-core@^1.57.0',
  ],

  bin: { scaleblocks: 'bin/scaleblocks' },

  jestOptions: {
    // Snapshots are never rewritten by the test task: a changed template must fail until a
    // person updates the snapshot on purpose (npx jest -u).
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      // Tests are transpiled only (test/tsconfig.json sets isolatedModules); the single
      // type-check of src and test runs once, in the `typecheck` step of the test task.
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      coverageProvider: 'v8',
      maxWorkers: 2,
      setupFiles: ['<rootDir>/test/setup/fast-check.ts'],
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'bench', 'examples', 'build-tools'],
  },
});

// The packed tarball (dist/js) passes `npm publish --dry-run` and ships what package.json names,
// with lazy backends: checked on every build, after package:js (see the script).
project.packageTask.exec('node build-tools/check-package.js');
project.addTask('publish:npm', {
  description: 'Publishes the checked dist/js tarball to npm (by hand, with a token; never run by CI)',
  exec: 'node build-tools/check-package.js --publish',
});

// `package:python` builds the wheel offline into dist/python (build-tools/python-wheel.js):
// projen's (jsii-pacmak's own build) fills a venv from PyPI, which this project's machines and CI
// do not reach (the npm registry and Debian's packages only), so pacmak generates the package
// (--code-only) and Debian's python3, setuptools and wheel build it. The build's test
// (test/packaging/python.test.ts) builds the same wheel on every CI run, installs it offline into
// a venv and reads the planning and sizing API back; `package` stays JavaScript-only, so a machine
// without Debian's Python tools can still build and pack.
project.tasks.tryFind('package:python')?.reset('node build-tools/python-wheel.js');
project.tasks.tryFind('package-all')?.reset();
project.tasks.tryFind('package-all')?.spawn(project.tasks.tryFind('package:js')!);

// The release bump runs commit-and-tag-version through npx when a release is cut (projen's
// BUMP_PACKAGE), so it is not a devDependency: the lockfile stays as CI installs it.
project.deps.removeDependency('commit-and-tag-version');

// Optional peers: npm does not install them and does not complain when they are absent.
project.package.addField('peerDependenciesMeta', {
  'aws-cdk-lib': { optional: true },
  'constructs': { optional: true },
  'cdktf': { optional: true },
  '@cdktf/provider-aws': { optional: true },
});

// Each backend's entry is lib/<backend>/entry (the backend plus the core it uses, see
// src/cdk/entry.ts). `types` first: TypeScript reads it under moduleResolution node16, nodenext
// and bundler; node10 ignores `exports`, so typesVersions maps the same subpaths for it (only
// these three: a `*` pattern would also remap the root's `types`).
project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  './cdk': { types: './lib/cdk/entry.d.ts', default: './lib/cdk/entry.js' },
  './cdktf': { types: './lib/cdktf/entry.d.ts', default: './lib/cdktf/entry.js' },
  // Generated at compile from lib/cdktf (build-tools/cdktn-backend.js).
  './cdktn': { types: './lib/cdktn/entry.d.ts', default: './lib/cdktn/entry.js' },
  './schema/report.schema.json': './schema/report.schema.json',
  './schema/system-spec.schema.json': './schema/system-spec.schema.json',
  // The structure of each block's plan, which a construct checks a plan it is given against.
  './schema/plans/*': './schema/plans/*',
  './package.json': './package.json',
  './.jsii': './.jsii',
});
project.package.addField('typesVersions', {
  '*': { cdk: ['lib/cdk/entry.d.ts'], cdktf: ['lib/cdktf/entry.d.ts'], cdktn: ['lib/cdktn/entry.d.ts'] },
});
project.npmignore?.exclude('/examples/', '/bench/', '/docs/', '/.ci/', '/build-tools/', '/tsconfig.dev.json');
project.addPackageIgnore('!/schema/');
project.addPackageIgnore('!/bin/');
project.addPackageIgnore('!/assets/');

// --- lint rules that keep the architecture honest --------------------------------------------
const providerRootImport = {
  name: '@cdktf/provider-aws',
  message: 'Import provider classes by deep path (@cdktf/provider-aws/lib/<resource>): the root import costs ~2.9 s and ~560 MB at load.',
};
project.eslint!.addRules({
  'no-restricted-imports': ['error', { paths: [providerRootImport] }],
});
project.eslint!.addOverride({
  files: ['src/core/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      paths: [providerRootImport],
      patterns: [{
        group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'constructs/*', 'cdktf', 'cdktf/*', '@cdktf/*'],
        message: 'src/core is backend-neutral: it must not import aws-cdk-lib, constructs, cdktf or @cdktf/*.',
      }, {
        group: ['**/cdk', '**/cdk/*', '**/cdktf', '**/cdktf/*'],
        message: 'src/core is backend-neutral: it must not import a backend (src/cdk, src/cdktf) by a relative path either.',
      }, {
        group: ['**/cli', '**/cli/*'],
        message: 'src/core must not import the CLI (src/cli): the CLI reads the core, never the reverse.',
      }],
    }],
  },
});

// Each backend imports only its own framework: every cdktf import stays in src/cdktf (moving to the
// CDK Terrain fork is a change of that folder, ADR 0004), and the Terraform backend needs no aws-cdk-lib.
const cdktfOnlyInCdktf = { group: ['cdktf', 'cdktf/*', '@cdktf/*'], message: 'cdktf is imported only under src/cdktf (ADR 0004).' };
const noCli = { group: ['../cli', '../cli/*', '**/src/cli', '**/src/cli/*'], message: 'A backend must not import the CLI (src/cli): the CLI reads the backends, never the reverse.' };
project.eslint!.addOverride({
  files: ['src/cdk/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      paths: [providerRootImport],
      patterns: [cdktfOnlyInCdktf, {
        group: ['../cdktf', '../cdktf/*', '**/src/cdktf', '**/src/cdktf/*'],
        message: 'The backends never import each other: src/cdk must not import src/cdktf (they share only src/core).',
      }, noCli],
    }],
  },
});
project.eslint!.addOverride({
  files: ['src/cli/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', { paths: [providerRootImport], patterns: [cdktfOnlyInCdktf] }],
  },
});
project.eslint!.addOverride({
  files: ['src/cdktf/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      paths: [providerRootImport],
      patterns: [{ group: ['aws-cdk-lib', 'aws-cdk-lib/*'], message: 'The Terraform backend must not need aws-cdk-lib (the backends are optional to each other).' }, {
        group: ['../cdk', '../cdk/*', '**/src/cdk', '**/src/cdk/*'],
        message: 'The backends never import each other: src/cdktf must not import src/cdk (they share only src/core).',
      }, noCli],
    }],
  },
});

// --- one type-check of src + tests, then jest (which only transpiles) ------------------------
new JsonFile(project, 'tsconfig.dev.json', {
  obj: {
    extends: './tsconfig.json',
    compilerOptions: {
      noEmit: true,
      rootDir: '.',
      isolatedModules: true,
      // The example apps import the package by name, as users do: type-checked against src/.
      paths: {
        'scaleblocks': ['./src/index.ts'],
        'scaleblocks/cdk': ['./src/cdk/entry.ts'],
        'scaleblocks/cdktf': ['./src/cdktf/entry.ts'],
        'scaleblocks/*': ['./src/*'],
      },
    },
    include: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'build-tools/**/*.ts', 'examples/**/*.ts'],
    exclude: ['node_modules', 'examples/**/cdk.out', 'examples/**/cdktf.out'],
  },
});
const typecheck = project.addTask('typecheck', {
  description: 'Type-check sources and tests once (jest only transpiles)',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});
project.testTask.prependSpawn(typecheck);


// The JSON Schemas of the spec and the report are generated from the jsii assembly, so the
// TypeScript interfaces stay their single source; they are committed like API.md.
project.postCompileTask.exec('node build-tools/write-schemas.js');
// The root entry loads each backend only when it is first read (see the script). Part of
// `compile` itself, so lib/ is what ships whichever task packs it: run after post-compile
// only, `projen compile && projen package:js` shipped eager requires, and a CDK-only app
// crashed with "Cannot find module '@cdktf/provider-aws/...'".
project.compileTask.exec('node build-tools/lazy-backends.js');
// Every entry (root, core, each backend's index and entry) loads a module when one of its names
// is first read, not at require: an app pays for the blocks it uses (see the script; before
// cdktn-backend.js, so lib/cdktn inherits it).
project.compileTask.exec('node build-tools/lazy-exports.js');
// Each @cdktf/provider-aws import of lib/cdktf loads its provider module when a block first uses
// one of its classes: a system loads the classes of the features it renders, not of every feature
// a block can render (see the script; before cdktn-backend.js, so lib/cdktn inherits it).
project.compileTask.exec('node build-tools/lazy-providers.js');
// The JSON Schemas of schema/ as standalone validation code in lib/core, so apps do not compile
// them at run time (about 0.5 s of a Terraform synth of the example, BENCHMARKS.md).
project.compileTask.exec('node build-tools/precompile-schemas.js');
// Mermaid's self-contained browser bundle and its licence, for the HTML report (see the script):
// part of compile for the same reason, so assets/ is in every tarball.
project.compileTask.exec('node build-tools/copy-assets.js');
// The CDK Terrain backend (scaleblocks/cdktn) is the compiled cdktf backend with its imports
// renamed to cdktn and @cdktn/provider-aws (see the script): generated here, never kept by hand.
project.compileTask.exec('node build-tools/cdktn-backend.js');

// Benchmarks (bench/, results in BENCHMARKS.md): on the compiled library, as users load it.
project.addTask('bench', {
  description: 'Benchmarks against hand-written baselines, whole processes in alternation; writes the table of BENCHMARKS.md',
  steps: [{ spawn: 'compile' }, { spawn: 'post-compile' }, { exec: 'node bench/run.js' }],
});

// The example apps run as JavaScript (cdk.json / cdktf.json: `node app.js`), so `cdk synth` and
// `cdktf synth` need no TypeScript: transpiled next to their sources after compile (they import the
// compiled package by name); tsconfig.dev.json type-checks the .ts with the rest.
const compileExamples = project.addTask('compile:examples', {
  description: 'Transpile the example apps to app.js / main.js beside their sources',
  exec: 'tsc -p examples/tsconfig.json',
});
project.postCompileTask.spawn(compileExamples);
// Each example README's diagram is the output of `scaleblocks check --diagram` (test/examples fails when stale).
project.addTask('example-diagrams', {
  description: 'Regenerate the Mermaid diagram in each example README (after compile)',
  exec: 'ts-node --transpile-only -P tsconfig.dev.json build-tools/example-diagrams.ts',
  receiveArgs: true,
});
project.gitignore.exclude('/examples/*/cdk/*.js', '/examples/*/cdktf/*.js');

project.gitignore.exclude('/test-reports/', '/coverage/', '/.tmp/', 'cdk.out/', 'cdktf.out/', '/assets/', 'scaleblocks.out/'); // `scaleblocks check` writes its synth output into the working directory (the README's first command)
project.synth();
