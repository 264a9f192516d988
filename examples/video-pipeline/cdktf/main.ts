// The video pipeline on Terraform: the same spec `scaleblocks check` sizes, rendered by cdktf over
// @cdktf/provider-aws into cdktf.out/stacks/video-pipeline/cdk.tf.json.
//
//   cd examples/video-pipeline/cdktf && npx cdktf synth  (after `npx projen compile`, which compiles this file to main.js)
import * as path from 'path';
import { App } from 'cdktf';
import { SystemSpecFile } from 'scaleblocks';
import { SystemStack } from 'scaleblocks/cdktf';

const app = new App();
const spec = SystemSpecFile.load(path.join(__dirname, '..', 'system.yaml'));
new SystemStack(app, spec.name, { spec });
app.synth();
