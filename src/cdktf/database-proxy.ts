import { DbProxy } from '@cdktf/provider-aws/lib/db-proxy';
import { DbProxyDefaultTargetGroup } from '@cdktf/provider-aws/lib/db-proxy-default-target-group';
import { DbProxyTarget } from '@cdktf/provider-aws/lib/db-proxy-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { iamRoleNamePrefix } from './common';
import { DatabaseProxyPlan } from '../core/blocks/replicated-database';

/** What the proxy is put in front of, and where. */
export interface ProxyTargetInput {
  readonly vpcId: string;
  /** The database's subnets (the proxy sits beside it). */
  readonly subnetIds: string[];
  /** The Aurora cluster's identifier, or undefined for an RDS writer. */
  readonly clusterIdentifier?: string;
  /** The RDS writer's identifier (RDS engines). */
  readonly instanceIdentifier?: string;
  /** The master secret the proxy signs in with, and the key that encrypts it. */
  readonly secretArn: string;
  readonly secretKeyArn: string;
  /** The database's security group: it admits the proxy. */
  readonly databaseSecurityGroupId: string;
  readonly port: number;
  /** CIDRs the plan admits (`allowedCidrs`): admitted on the proxy too. */
  readonly allowedCidrs: string[];
  /** The block's name, for names and descriptions. */
  readonly name: string;
  /** What the target group waits for (the cluster's instances or the writer). */
  readonly dependsOn: ITerraformDependable[];
}

/** The rendered proxy. */
export interface RenderedProxy {
  readonly proxy: DbProxy;
  readonly targetGroup: DbProxyDefaultTargetGroup;
  readonly target: DbProxyTarget;
  readonly role: IamRole;
  readonly securityGroup: SecurityGroup;
}

/**
 * Renders the plan's RDS Proxy: `aws_db_proxy` in the database's subnets, its default target
 * group with the plan's pool settings and its target (the Aurora cluster or the RDS writer), a
 * role that reads only the master secret, and a security group of its own that admits only the
 * plan's CIDRs (clients through `allowFrom`) and reaches only the database's port, which the
 * database's group admits.
 */
export function renderDatabaseProxy(scope: Construct, plan: DatabaseProxyPlan, t: ProxyTargetInput): RenderedProxy {
  const securityGroup = new SecurityGroup(scope, 'ProxySecurityGroup', {
    namePrefix: `${plan.name}-`,
    description: `RDS Proxy of the ${t.name} database: admits only its clients on port ${t.port}`,
    vpcId: t.vpcId,
    lifecycle: { createBeforeDestroy: true },
  });
  t.allowedCidrs.forEach((cidr, i) => {
    const ipv6 = cidr.includes(':');
    new VpcSecurityGroupIngressRule(scope, `ProxyAllowCidr${i + 1}`, {
      securityGroupId: securityGroup.id,
      description: `RDS Proxy ${plan.name}: ${cidr} on ${t.port}`,
      ipProtocol: 'tcp',
      fromPort: t.port,
      toPort: t.port,
      cidrIpv4: ipv6 ? undefined : cidr,
      cidrIpv6: ipv6 ? cidr : undefined,
    });
  });
  new VpcSecurityGroupEgressRule(scope, 'ProxyToDatabase', {
    securityGroupId: securityGroup.id,
    referencedSecurityGroupId: t.databaseSecurityGroupId,
    description: `RDS Proxy ${plan.name}: to the database on ${t.port}`,
    ipProtocol: 'tcp',
    fromPort: t.port,
    toPort: t.port,
  });
  new VpcSecurityGroupIngressRule(scope, 'AllowProxy', {
    securityGroupId: t.databaseSecurityGroupId,
    referencedSecurityGroupId: securityGroup.id,
    description: `ReplicatedDatabase ${t.name}: its RDS Proxy on ${t.port}`,
    ipProtocol: 'tcp',
    fromPort: t.port,
    toPort: t.port,
  });
  const role = new IamRole(scope, 'ProxyRole', {
    namePrefix: iamRoleNamePrefix(plan.name),
    description: `RDS Proxy ${plan.name}: reads the master secret of the ${t.name} database`,
    assumeRolePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'rds.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    }),
  });
  new IamRolePolicy(scope, 'ProxyRolePolicy', {
    role: role.id,
    name: 'read-master-secret',
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: t.secretArn },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: t.secretKeyArn },
      ],
    }),
  });
  const proxy = new DbProxy(scope, 'Proxy', {
    name: plan.name,
    engineFamily: plan.engineFamily,
    roleArn: role.arn,
    vpcSubnetIds: t.subnetIds,
    vpcSecurityGroupIds: [securityGroup.id],
    requireTls: plan.requireTls,
    debugLogging: plan.debugLogging,
    auth: [{ authScheme: 'SECRETS', iamAuth: plan.iamAuthentication ? 'REQUIRED' : 'DISABLED', secretArn: t.secretArn }],
  });
  const targetGroup = new DbProxyDefaultTargetGroup(scope, 'ProxyTargetGroup', {
    dbProxyName: proxy.name,
    connectionPoolConfig: {
      maxConnectionsPercent: plan.maxConnectionsPercent,
      maxIdleConnectionsPercent: plan.maxIdleConnectionsPercent,
      connectionBorrowTimeout: plan.connectionBorrowTimeoutSeconds,
    },
  });
  const target = new DbProxyTarget(scope, 'ProxyTarget', {
    dbProxyName: proxy.name,
    targetGroupName: targetGroup.name,
    dbClusterIdentifier: t.clusterIdentifier,
    dbInstanceIdentifier: t.clusterIdentifier === undefined ? t.instanceIdentifier : undefined,
    dependsOn: t.dependsOn,
  });
  return { proxy, targetGroup, target, role, securityGroup };
}
