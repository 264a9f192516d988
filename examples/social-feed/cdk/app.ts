// The social-feed system on CloudFormation: the same spec `scaleblocks check` sizes, rendered by
// aws-cdk-lib, with cdk-nag's AwsSolutions pack and the cfn-guard Control Tower rules run at
// synth (any unacknowledged finding fails `cdk synth`).
//
//   cd examples/social-feed/cdk && npx cdk synth
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SystemSpecFile } from 'scaleblocks';
import { Compliance, SystemStack } from 'scaleblocks/cdk';

const app = new App();
// Every finding is fixed or acknowledged on its construct with a reason; Compliance lists the two
// cfn-guard rules whose findings name no construct, with why they are off.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CfnGuardValidator({ disabledRules: Compliance.cfnGuardDisabledRuleNames() }));

const spec = SystemSpecFile.load(path.join(__dirname, '..', 'system.yaml'));
new SystemStack(app, 'SocialFeed', { spec, env: { region: spec.region } });
