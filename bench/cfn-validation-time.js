// Preload, not part of the runner: the CPU time a CloudFormation case spends inside aws-cdk-lib's
// built-in CloudFormation validation (the `validate` of its plugin) and, within it, the start of its
// engine, printed at exit as `VAL {...}`. It wraps a private class of aws-cdk-lib, found by file path,
// so it may need changing with aws-cdk-lib; BENCHMARKS.md's validation table was measured with it:
//
//   node -r ./bench/cfn-validation-time.js bench/cases/sharded.js cdk 64
//   node -r ./bench/cfn-validation-time.js bench/cases/cdk-system.js
'use strict';
const path = require('path');
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const P = require(path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')), 'core/lib/validation/cloudformation-validate-plugin.js')).CloudFormationValidatePlugin.prototype;
let v = 0, init = 0;
const wrap = (name, add) => { const o = P[name]; P[name] = function () { const t = cpu(); try { return o.apply(this, arguments); } finally { add(cpu() - t); } }; };
wrap('validate', (d) => { v += d; });
wrap('initializeEngine', (d) => { init += d; });
process.on('exit', () => console.error(`VAL ${JSON.stringify({ validateMs: Math.round(v), initMs: Math.round(init), totalMs: Math.round(cpu()) })}`));
