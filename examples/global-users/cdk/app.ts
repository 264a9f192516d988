// The global user base on CloudFormation: the same spec `scaleblocks check` sizes, rendered by aws-cdk-lib,
// with cdk-nag's AwsSolutions pack and the cfn-guard Control Tower rules run at synth (any
// unacknowledged finding fails `cdk synth`).
//
//   cd examples/global-users/cdk && npx cdk synth      (after `npx projen compile`, which compiles this file to app.js)
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SystemSpecFile } from 'scaleblocks';
import { Compliance, SystemStack } from 'scaleblocks/cdk';

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CfnGuardValidator({ disabledRules: Compliance.cfnGuardDisabledRuleNames() }));

const spec = SystemSpecFile.load(path.join(__dirname, '..', 'system.yaml'));
new SystemStack(app, 'GlobalUsers', { spec, env: { region: spec.region } });
