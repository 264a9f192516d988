// The part of the example's SystemStack that TerraConstructs (a peer L2 library for cdktf) can
// express, written with it: the VPC (3 AZs, public and private subnets, 3 NAT gateways, a flow log
// to an encrypted log group), the internet-facing ALB with its security group, HTTP listener and
// target group (IP targets, health check), the job queue with its dead-letter queue, the payload
// and CDN buckets (KMS, versioned, no public access), and the CloudFront distribution with the
// ALB as default origin and the bucket for static paths. TerraConstructs 0.0.15 has no ECS,
// ElastiCache, RDS, DynamoDB or SNS constructs, so the compute, the cache, the database, the job
// table and the completion topic are not part of this case; compare it per synthesized resource.
// Runs with this folder's own versions (cdktf 0.20, @cdktf/provider-aws 19): `npm ci` here first.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { App } = require('cdktf');
const { aws, Duration } = require('terraconstructs');

const { compute, storage, notify, edge, encryption, cloudwatch } = aws;

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleblocks-bench-terraconstructs-'));
const app = new App({ outdir: out });
const stack = new aws.AwsStack(app, 'social-feed', {
  environmentName: 'bench',
  gridUUID: 'b1',
  providerConfig: { region: 'eu-west-1' },
});

const key = (id) => new encryption.Key(stack, id, { enableKeyRotation: true });
const logKey = key('LogKey');
const vpc = new compute.Vpc(stack, 'Vpc', {
  maxAzs: 3,
  natGateways: 3,
  subnetConfiguration: [
    { name: 'public', subnetType: compute.SubnetType.PUBLIC, cidrMask: 24 },
    { name: 'private', subnetType: compute.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
    { name: 'isolated', subnetType: compute.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
  ],
});
vpc.addFlowLog('All', {
  destination: compute.FlowLogDestination.toCloudWatchLogs(new cloudwatch.LogGroup(stack, 'VpcFlowLogs', { encryptionKey: logKey, retention: aws.RetentionDays.ONE_YEAR })),
});

const bucket = (id, extra = {}) => new storage.Bucket(stack, id, {
  ...extra,
  encryption: storage.BucketEncryption.KMS,
  encryptionKey: key(`${id}Key`),
  versioned: true,
  enforceSSL: true,
});

const albSg = new compute.SecurityGroup(stack, 'LoadBalancerSecurityGroup', { vpc, allowAllOutbound: false });
const alb = new compute.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true, securityGroup: albSg, dropInvalidHeaderFields: true });
const listener = alb.addListener('Http', { port: 80, open: false });
listener.addTargetGroups('Api', {
  targetGroups: [new compute.ApplicationTargetGroup(stack, 'ApiTargets', {
    vpc, port: 8080, protocol: compute.ApplicationProtocol.HTTP, targetType: compute.TargetType.IP, healthCheck: { path: '/health' },
  })],
});

const deadLetters = new notify.Queue(stack, 'DeadLetters', { retentionPeriod: Duration.days(14), enforceSSL: true });
new notify.Queue(stack, 'Jobs', { visibilityTimeout: Duration.seconds(390), enforceSSL: true, deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 } });
bucket('Payloads');

// TerraConstructs 0.0.15 reaches a bucket through an origin access identity (no OAC yet).
const content = bucket('Content', { cloudfrontAccess: { enabled: true } });
new edge.Distribution(stack, 'Distribution', {
  defaultBehavior: {
    origin: new edge.HttpOrigin(alb.loadBalancerDnsName, { protocolPolicy: edge.OriginProtocolPolicy.HTTP_ONLY }),
    allowedMethods: edge.AllowedMethods.ALLOW_ALL,
    viewerProtocolPolicy: edge.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
  },
  additionalBehaviors: {
    '/static/*': { origin: new edge.S3Origin(content), viewerProtocolPolicy: edge.ViewerProtocolPolicy.REDIRECT_TO_HTTPS },
  },
});

app.synth();

let resources = 0;
for (const s of fs.readdirSync(path.join(out, 'stacks'))) {
  const json = JSON.parse(fs.readFileSync(path.join(out, 'stacks', s, 'cdk.tf.json'), 'utf8'));
  for (const byName of Object.values(json.resource ?? {})) resources += Object.keys(byName).length;
}
if (globalThis.__bench) globalThis.__bench.resources = resources;
fs.rmSync(out, { recursive: true, force: true });
if (!globalThis.__bench) console.log(`${resources} resources`);
