// Two scaleblocks blocks in a cdktf stack of your own: your provider, your VPC (written with
// @cdktf/provider-aws alone), your naming; the blocks take that network by id. SizingValidation
// sizes what the synth really writes (overrides included) against each block's declared load, and
// fails `cdktf synth` on a FAIL row.
//
//   cd examples/import-into-existing/cdktf && npx cdktf synth  (after `npx projen compile`, which compiles this file to main.js)
//   PEAK_RPS=6000 npx cdktf synth                               fails: the fleet and the database cannot carry it
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DatabaseEngine } from 'scaleblocks';
import { LoadBalancedApi, ReplicatedDatabase, SizingValidation } from 'scaleblocks/cdktf';

/** The peak the orders API must carry (PEAK_RPS overrides it, to see the validation fail the synth). */
const PEAK_RPS = Number(process.env.PEAK_RPS ?? '1500');
const AZS = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

class OrdersStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'eu-west-1' });

    // The network you already have: public subnets with a NAT gateway each, private subnets that
    // leave through their AZ's NAT, isolated subnets for data.
    const vpc = new Vpc(this, 'Network', { cidrBlock: '10.40.0.0/16', enableDnsHostnames: true, enableDnsSupport: true });
    const igw = new InternetGateway(this, 'InternetGateway', { vpcId: vpc.id });
    const publicRoutes = new RouteTable(this, 'PublicRoutes', { vpcId: vpc.id });
    new Route(this, 'PublicDefault', { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
    const publicSubnets: Subnet[] = [];
    const privateSubnets: Subnet[] = [];
    const isolatedSubnets: Subnet[] = [];
    AZS.forEach((az, i) => {
      const pub = new Subnet(this, `Public${i}`, { vpcId: vpc.id, availabilityZone: az, cidrBlock: `10.40.${i}.0/24` });
      new RouteTableAssociation(this, `Public${i}Routes`, { subnetId: pub.id, routeTableId: publicRoutes.id });
      const nat = new NatGateway(this, `Nat${i}`, { subnetId: pub.id, allocationId: new Eip(this, `Nat${i}Ip`, { domain: 'vpc' }).id });
      const app = new Subnet(this, `App${i}`, { vpcId: vpc.id, availabilityZone: az, cidrBlock: `10.40.${16 * (i + 1)}.0/20` });
      const appRoutes = new RouteTable(this, `App${i}Routes`, { vpcId: vpc.id });
      new Route(this, `App${i}Default`, { routeTableId: appRoutes.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
      new RouteTableAssociation(this, `App${i}RoutesAssociation`, { subnetId: app.id, routeTableId: appRoutes.id });
      const data = new Subnet(this, `Data${i}`, { vpcId: vpc.id, availabilityZone: az, cidrBlock: `10.40.${200 + i}.0/24` });
      publicSubnets.push(pub);
      privateSubnets.push(app);
      isolatedSubnets.push(data);
    });
    const network = {
      vpcId: vpc.id,
      vpcCidr: vpc.cidrBlock,
      publicSubnetIds: publicSubnets.map((s) => s.id),
      privateSubnetIds: privateSubnets.map((s) => s.id),
      isolatedSubnetIds: isolatedSubnets.map((s) => s.id),
    };

    // Block 1: the orders API, in your VPC.
    const api = new LoadBalancedApi(this, 'OrdersApi', {
      name: 'orders-api',
      network,
      // HTTPS on the internet-facing load balancer: your ACM certificate (an example ARN here; replace it before deploying).
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/8a1f3c2e-5b7d-4e9a-9c61-2f0d3b4a5e6f',
      compute: { cpu: 1024, memoryMiB: 2048 },
      load: { peakRequestsPerSecond: PEAK_RPS, requestsPerSecondPerTask: 300 },
    });

    // Block 2: its database, in the same VPC: 1 read and 0.05 writes per request, 10 connections per task.
    const db = new ReplicatedDatabase(this, 'OrdersDb', {
      name: 'orders-db',
      network,
      engine: DatabaseEngine.AURORA_POSTGRESQL,
      instanceClass: 'db.r7g.2xlarge',
      readers: 3,
      load: { readsPerSecond: PEAK_RPS, writesPerSecond: PEAK_RPS * 0.05, storageGiB: 200, tasks: api.plan.scaling.maxTasks, poolSize: 10 },
    });
    db.allowFrom('OrdersApiTasks', api.serviceSecurityGroup.id);

    new TerraformOutput(this, 'url', { value: api.url });
  }
}

const app = new App();
SizingValidation.of(app);
new OrdersStack(app, 'orders');
app.synth();
