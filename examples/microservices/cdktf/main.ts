// The shop's microservices on Terraform: the same spec `scaleblocks check` sizes, rendered by
// cdktf over @cdktf/provider-aws into cdktf.out/stacks/shop/cdk.tf.json.
//
//   cd examples/microservices/cdktf && npx cdktf synth  (after `npx projen compile`, which compiles this file to main.js)
import * as path from 'path';
import { App } from 'cdktf';
import { SystemSpecFile } from 'scaleblocks';
import { SystemStack } from 'scaleblocks/cdktf';

const app = new App();
const spec = SystemSpecFile.load(path.join(__dirname, '..', 'system.yaml'));
const shop = new SystemStack(app, spec.name, { spec });

// The order service hands each payment to the queue, whose workers charge it. A SystemStack wires
// the blocks of the chain (API, cache, database, queue) but not a gateway service to the queue yet,
// so the app grants it here: enqueue, create and read jobs (the order shows the payment's status).
// The service finds the queue by the name the spec gives it (shop-payments).
shop.queue!.grantApi(shop.gateway!.service('order').taskRole.name);
app.synth();
