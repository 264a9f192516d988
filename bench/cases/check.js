// `scaleblocks check` on the example, both backends, as the CLI runs it (compiled lib/).
'use strict';
const path = require('path');
const { LIB, EXAMPLE, tmp, cfnResources, tfResources, report, cleanup } = require('./common');
const { run } = require(path.join(LIB, 'cli', 'main'));

const out = tmp('check');
const io = { out: () => undefined, err: () => undefined, isTty: false, columns: 120, env: {} };
run(['node', 'scaleblocks', 'check', EXAMPLE, '--out', out, '--json'], io).then((code) => {
  if (code !== 0) throw new Error(`check exited ${code}`);
  report(cfnResources(path.join(out, 'cdk.out')) + tfResources(path.join(out, 'cdktf.out')));
  cleanup(out);
});
