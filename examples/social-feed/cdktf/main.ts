// The social-feed system on Terraform: the same spec `scaleblocks check` sizes, rendered by
// cdktf over @cdktf/provider-aws into cdktf.out/stacks/social-feed/cdk.tf.json.
//
//   cd examples/social-feed/cdktf && npx cdktf synth
import * as path from 'path';
import { App } from 'cdktf';
import { SystemSpecFile } from 'scaleblocks';
import { SystemStack } from 'scaleblocks/cdktf';

const app = new App();
const spec = SystemSpecFile.load(path.join(__dirname, '..', 'system.yaml'));
new SystemStack(app, spec.name, { spec });
app.synth();
