// The example's SystemStack through scaleblocks (compiled lib/), synthesized as the example app
// does: `--validate` adds the same policy validation plugins (cdk-nag, cfn-guard).
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const { LIB, EXAMPLE, tmp, cfnResources, report, cleanup } = require('./common');
const { SystemSpecFile } = require(LIB);
const { Compliance, SystemStack } = require(path.join(LIB, 'cdk'));

const out = tmp('cdk');
// `--no-builtin-validation`: without aws-cdk-lib's built-in CloudFormation schema validation (on in a
// default App), to tell its share of the time from the rest.
const app = new cdk.App({ outdir: out, ...(process.argv.includes('--no-builtin-validation') ? { builtinCloudFormationValidation: false } : {}) });
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
