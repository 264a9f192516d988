// The shop's microservices on CloudFormation: the same spec `scaleblocks check` sizes, rendered by
// aws-cdk-lib, with cdk-nag's AwsSolutions pack and the cfn-guard Control Tower rules run at synth.
//
//   cd examples/microservices/cdk && npx cdk synth      (after `npx projen compile`, which compiles this file to app.js)
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SystemSpecFile } from 'scaleblocks';
import { Compliance, SystemStack } from 'scaleblocks/cdk';

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CfnGuardValidator({ disabledRules: Compliance.cfnGuardDisabledRuleNames() }));

const spec = SystemSpecFile.load(path.join(__dirname, '..', 'system.yaml'));
const shop = new SystemStack(app, 'Shop', { spec, env: { region: spec.region } });

// The order service hands each payment to the queue, whose workers charge it. A SystemStack wires
// the blocks of the chain (API, cache, database, queue) but not a gateway service to the queue yet,
// so the app grants it here: enqueue, create and read jobs (the order shows the payment's status).
const order = shop.gateway!.service('order');
shop.queue!.grantApi(order.taskRole);
order.container.addEnvironment('PAYMENTS_QUEUE_URL', shop.queue!.queue.queueUrl);
