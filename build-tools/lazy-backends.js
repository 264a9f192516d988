#!/usr/bin/env node
// Post-compile: the root entry re-exports the backends as jsii submodules (`export * as cdk`),
// which TypeScript compiles to an eager require. This rewrites each of those requires into a
// getter, so `require('scaleblocks')` loads a backend (and its aws-cdk-lib or cdktf) only when
// `.cdk` or `.cdktf` is first read. Fails the build when the expected line is not found, so a
// compiler change cannot silently make the backends eager again.
const fs = require('fs');
const path = require('path');

const file = path.join(__dirname, '..', 'lib', 'index.js');
let js = fs.readFileSync(file, 'utf8');
for (const name of ['cdk', 'cdktf']) {
  const eager = new RegExp(`^exports\\.${name} = (__importStar\\(require\\("\\./${name}"\\)\\));$`, 'm');
  const lazy = `Object.defineProperty(exports, "${name}", { enumerable: true, configurable: true, get: () => $1 });`;
  if (eager.test(js)) {
    js = js.replace(eager, lazy);
  } else if (!js.includes(`Object.defineProperty(exports, "${name}", { enumerable: true, configurable: true, get: () => __importStar(require("./${name}")) });`)) {
    console.error(`lazy-backends: no eager export of ./${name} found in lib/index.js`);
    process.exit(1);
  }
}
fs.writeFileSync(file, js);
