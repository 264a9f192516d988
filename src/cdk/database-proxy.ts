import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { DatabaseProxyPlan } from '../core/blocks/replicated-database';

/** What the proxy is put in front of, and where. */
export interface ProxyTargetInput {
  readonly vpc: ec2.IVpc;
  /** The database's subnets (the proxy sits beside it). */
  readonly subnets: ec2.SubnetSelection;
  readonly cluster?: rds.DatabaseCluster;
  readonly instance?: rds.DatabaseInstance;
  /** The master secret the proxy signs in with. */
  readonly secret: secretsmanager.ISecret;
  readonly port: number;
  /** CIDRs the plan admits (`allowedCidrs`): admitted on the proxy too. */
  readonly allowedCidrs: string[];
  /** The block's name, for descriptions. */
  readonly name: string;
}

/** The rendered proxy. */
export interface RenderedProxy {
  readonly proxy: rds.DatabaseProxy;
  readonly securityGroup: ec2.SecurityGroup;
}

/**
 * Renders the plan's RDS Proxy: `rds.DatabaseProxy` targeting the Aurora cluster or the RDS
 * writer, in the database's subnets, with a security group of its own that admits only what the
 * plan admits (no outbound rule but the database's port: aws-cdk-lib adds it when it binds the
 * target, with the database's ingress from the proxy), and a role that reads the master secret.
 */
export function renderDatabaseProxy(scope: Construct, plan: DatabaseProxyPlan, t: ProxyTargetInput): RenderedProxy {
  const securityGroup = new ec2.SecurityGroup(scope, 'ProxySecurityGroup', {
    vpc: t.vpc,
    description: `RDS Proxy of the ${t.name} database: admits only its clients on port ${t.port}`,
    allowAllOutbound: false,
  });
  t.allowedCidrs.forEach((cidr) => {
    const peer = cidr.includes(':') ? ec2.Peer.ipv6(cidr) : ec2.Peer.ipv4(cidr);
    securityGroup.addIngressRule(peer, ec2.Port.tcp(t.port), `Allowed CIDR ${cidr} to the ${t.name} proxy`);
  });
  const proxyTarget = t.cluster ? rds.ProxyTarget.fromCluster(t.cluster) : rds.ProxyTarget.fromInstance(t.instance!);
  const proxy = new rds.DatabaseProxy(scope, 'Proxy', {
    proxyTarget,
    dbProxyName: plan.name,
    secrets: [t.secret],
    vpc: t.vpc,
    vpcSubnets: t.subnets,
    securityGroups: [securityGroup],
    requireTLS: plan.requireTls,
    iamAuth: plan.iamAuthentication,
    debugLogging: plan.debugLogging,
    maxConnectionsPercent: plan.maxConnectionsPercent,
    maxIdleConnectionsPercent: plan.maxIdleConnectionsPercent,
    borrowTimeout: cdk.Duration.seconds(plan.connectionBorrowTimeoutSeconds),
  });
  return { proxy, securityGroup };
}
