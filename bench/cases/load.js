// The load cost of an entry: `node load.js <module>` requires it and exits (e.g. aws-cdk-lib, or
// the compiled scaleblocks/cdk). What a user's app pays before it builds anything.
'use strict';
const path = require('path');
const { LIB } = require('./common');

const target = process.argv[2];
const resolved = target.startsWith('scaleblocks') ? path.join(LIB, target.slice('scaleblocks'.length)) : target;
const m = require(resolved);
// Touch the exports, as an app's first use would (a lazy getter runs here).
void Object.keys(m).length;
