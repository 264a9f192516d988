// A plain synth of the example on both backends, in one process: what `scaleblocks check` does
// before it reads back and sizes (the baseline of the check's cost). The CDK app is built with the
// check's own App settings (src/cli/synth.ts: path metadata on, no version or analytics reporting,
// no built-in CloudFormation schema validation), so the ratio is the cost of reading back and
// sizing, not of a different synth; `--default-app` builds aws-cdk-lib's default App instead.
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const { App } = require('cdktf');
const { LIB, EXAMPLE, tmp, cfnResources, tfResources, report, cleanup } = require('./common');
const { SystemSpecFile } = require(LIB);

const spec = SystemSpecFile.load(EXAMPLE);
const cdkOut = tmp('both-cdk');
const defaultApp = process.argv.includes('--default-app');
const cdkApp = new cdk.App(defaultApp
  ? { outdir: cdkOut, context: { 'aws:cdk:enable-path-metadata': true } }
  : { outdir: cdkOut, context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:version-reporting': false }, analyticsReporting: false, builtinCloudFormationValidation: false });
new (require(path.join(LIB, 'cdk')).SystemStack)(cdkApp, 'SocialFeed', { spec, env: { region: spec.region } });
cdkApp.synth();
const tfOut = tmp('both-tf');
const tfApp = new App({ outdir: tfOut });
new (require(path.join(LIB, 'cdktf')).SystemStack)(tfApp, spec.name, { spec });
tfApp.synth();
report(cfnResources(cdkOut) + tfResources(tfOut));
cleanup(cdkOut);
cleanup(tfOut);
