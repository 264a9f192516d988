// The example's SystemStack through scaleblocks (compiled lib/) on cdktf.
'use strict';
const path = require('path');
const { App } = require('cdktf');
const { LIB, EXAMPLE, tmp, tfResources, report, cleanup } = require('./common');
const { SystemSpecFile } = require(LIB);
const { SystemStack } = require(path.join(LIB, 'cdktf'));

const out = tmp('tf');
const app = new App({ outdir: out });
const spec = SystemSpecFile.load(EXAMPLE);
new SystemStack(app, spec.name, { spec });
app.synth();
report(tfResources(out));
cleanup(out);
