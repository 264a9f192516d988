// The example's SystemStack through scaleblocks (compiled lib/), synthesized as the example app
// does: `--validate` adds the same policy validation plugins (cdk-nag, cfn-guard).
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const { LIB, EXAMPLE, tmp, cfnResources, report, cleanup } = require('./common');
const { SystemSpecFile } = require(LIB);
const { Compliance, SystemStack } = require(path.join(LIB, 'cdk'));

const out = tmp('cdk');
const app = new cdk.App({ outdir: out });
if (process.argv.includes('--validate')) {
  const { AwsSolutionsChecks } = require('cdk-nag');
  const { CfnGuardValidator } = require('@cdklabs/cdk-validator-cfnguard');
  cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CfnGuardValidator({ disabledRules: Compliance.cfnGuardDisabledRuleNames() }));
}
const spec = SystemSpecFile.load(EXAMPLE);
new SystemStack(app, 'SocialFeed', { spec, env: { region: spec.region } });
app.synth();
report(cfnResources(out));
cleanup(out);
