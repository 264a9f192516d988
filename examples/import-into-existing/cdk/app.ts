// Two scaleblocks blocks in a CDK stack of your own: your VPC, your stack, your naming; the blocks
// are constructs like any other. SizingValidator sizes what the synth really writes (escape hatches
// and Aspects included) against each block's declared load, and fails `cdk synth` on a FAIL row.
//
//   cd examples/import-into-existing/cdk && npx cdk synth   (after `npx projen compile`, which compiles this file to app.js)
//   PEAK_RPS=6000 npx cdk synth                              fails: the fleet and the database cannot carry it
import { App, CfnOutput, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { DatabaseEngine } from 'scaleblocks';
import { LoadBalancedApi, ReplicatedDatabase, SizingValidator } from 'scaleblocks/cdk';

/** The peak the orders API must carry (PEAK_RPS overrides it, to see the validator fail the synth). */
const PEAK_RPS = Number(process.env.PEAK_RPS ?? '1500');

class OrdersStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);

    // The network you already have: three AZs named explicitly, so nothing is looked up.
    const vpc = new ec2.Vpc(this, 'Network', {
      ipAddresses: ec2.IpAddresses.cidr('10.40.0.0/16'),
      availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      natGateways: 3,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.ALL } },
    });

    // Block 1: the orders API, in your VPC.
    const api = new LoadBalancedApi(this, 'OrdersApi', {
      name: 'orders-api',
      vpc,
      // HTTPS on the internet-facing load balancer: your ACM certificate (an example ARN here; replace it before deploying).
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/8a1f3c2e-5b7d-4e9a-9c61-2f0d3b4a5e6f',
      compute: { cpu: 1024, memoryMiB: 2048 },
      load: { peakRequestsPerSecond: PEAK_RPS, requestsPerSecondPerTask: 300 },
    });

    // Block 2: its database, in the same VPC: 1 read and 0.05 writes per request, 10 connections per task.
    const db = new ReplicatedDatabase(this, 'OrdersDb', {
      name: 'orders-db',
      vpc,
      engine: DatabaseEngine.AURORA_POSTGRESQL,
      instanceClass: 'db.r7g.2xlarge',
      readers: 3,
      load: { readsPerSecond: PEAK_RPS, writesPerSecond: PEAK_RPS * 0.05, storageGiB: 200, tasks: api.plan.scaling.maxTasks, poolSize: 10 },
    });
    db.connections.allowDefaultPortFrom(api.serviceSecurityGroup, 'the orders API tasks');
    db.grantReadCredentials(api.taskDefinition.taskRole);

    new CfnOutput(this, 'Url', { value: api.url });
  }
}

const app = new App();
Validations.of(app).addPlugins(new SizingValidator());
new OrdersStack(app, 'Orders', { env: { region: 'eu-west-1' } });
