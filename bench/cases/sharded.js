// A ShardedDatabase of N HASH shards on one backend: `node sharded.js <cdk|cdktf> <N> [--no-builtin-validation]`
// (the last for cdk: without aws-cdk-lib's built-in CloudFormation validation, to tell its cost from the rest).
'use strict';
const path = require('path');
const { LIB, tmp, cfnResources, tfResources, report, cleanup } = require('./common');

const [backend, count] = [process.argv[2], Number(process.argv[3])];
const options = { strategy: 'HASH', shardCount: count, load: { readsPerSecond: 100 * count, writesPerSecond: 10 * count } };
const out = tmp(`sharded-${backend}-${count}`);
if (backend === 'cdk') {
  const cdk = require('aws-cdk-lib');
  const { ShardedDatabase } = require(path.join(LIB, 'cdk'));
  const app = new cdk.App({ outdir: out, ...(process.argv.includes('--no-builtin-validation') ? { builtinCloudFormationValidation: false } : {}) });
  new ShardedDatabase(new cdk.Stack(app, 'Shards', { env: { region: 'eu-west-1' } }), 'Db', options);
  app.synth();
  report(cfnResources(out));
} else {
  const { App, TerraformStack } = require('cdktf');
  const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
  const { ShardedDatabase } = require(path.join(LIB, 'cdktf'));
  const app = new App({ outdir: out });
  const stack = new TerraformStack(app, 'shards');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new ShardedDatabase(stack, 'Db', options);
  app.synth();
  report(tfResources(out));
}
cleanup(out);
