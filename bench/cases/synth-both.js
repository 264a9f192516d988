// A plain synth of the example on both backends, in one process: what `scaleblocks check` does
// before it reads back and sizes (the baseline of the check's cost).
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const { App } = require('cdktf');
const { LIB, EXAMPLE, tmp, cfnResources, tfResources, report, cleanup } = require('./common');
const { SystemSpecFile } = require(LIB);

const spec = SystemSpecFile.load(EXAMPLE);
const cdkOut = tmp('both-cdk');
const cdkApp = new cdk.App({ outdir: cdkOut, context: { 'aws:cdk:enable-path-metadata': true } });
new (require(path.join(LIB, 'cdk')).SystemStack)(cdkApp, 'SocialFeed', { spec, env: { region: spec.region } });
cdkApp.synth();
const tfOut = tmp('both-tf');
const tfApp = new App({ outdir: tfOut });
new (require(path.join(LIB, 'cdktf')).SystemStack)(tfApp, spec.name, { spec });
tfApp.synth();
report(cfnResources(cdkOut) + tfResources(tfOut));
cleanup(cdkOut);
cleanup(tfOut);
