import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { compliantApp, findingsOf } from './compliance';
import { ReplicatedDatabase, ReplicatedDatabaseProps } from '../../src/cdk/replicated-database';
import { DatabaseEngine } from '../../src/core/blocks/replicated-database';

function render(props: ReplicatedDatabaseProps): { db: ReplicatedDatabase; template: Template } {
  const stack = new cdk.Stack(new cdk.App(), 'Test');
  const db = new ReplicatedDatabase(stack, 'Db', props);
  return { db, template: Template.fromStack(stack) };
}

describe('ReplicatedDatabase (cdk), RDS Proxy', () => {
  test('GIVEN no proxy WHEN synthesized THEN there is no DBProxy', () => {
    const { template, db } = render({ name: 'orders' });
    template.resourceCountIs('AWS::RDS::DBProxy', 0);
    expect(db.proxy).toBeUndefined();
    expect(db.proxyEndpoint).toBeUndefined();
  });

  test('GIVEN proxy: {} on Aurora PostgreSQL WHEN synthesized THEN a DBProxy with TLS, IAM auth, the plan\'s pool settings, a role that reads the secret', () => {
    // GIVEN
    const { template, db } = render({ name: 'orders', proxy: {}, allowedCidrs: ['10.1.0.0/16'] });
    const p = db.plan.proxy!;
    // THEN
    template.hasResourceProperties('AWS::RDS::DBProxy', {
      DBProxyName: 'orders-proxy',
      EngineFamily: 'POSTGRESQL',
      RequireTLS: true,
      DebugLogging: false,
      Auth: [Match.objectLike({ AuthScheme: 'SECRETS', IAMAuth: 'REQUIRED', SecretArn: { Ref: Match.stringLikeRegexp('Secret') } })],
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ProxyIAMRole'), 'Arn'] },
      VpcSecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('ProxySecurityGroup'), 'GroupId'] }],
    });
    template.hasResourceProperties('AWS::RDS::DBProxyTargetGroup', {
      TargetGroupName: 'default',
      DBClusterIdentifiers: [{ Ref: Match.stringLikeRegexp('Cluster') }],
      ConnectionPoolConfigurationInfo: {
        MaxConnectionsPercent: p.maxConnectionsPercent,
        MaxIdleConnectionsPercent: p.maxIdleConnectionsPercent,
        ConnectionBorrowTimeout: 120,
      },
    });
    // the role reads the master secret and nothing else of Secrets Manager
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Resource: { Ref: Match.stringLikeRegexp('Secret') },
        })]),
      },
      Roles: [{ Ref: Match.stringLikeRegexp('ProxyIAMRole') }],
    });
    expect(db.proxyEndpoint).toBeDefined();
  });

  test('GIVEN a proxy WHEN synthesized THEN its security group admits only the plan\'s CIDRs, reaches only the database, and the database admits it', () => {
    const { template } = render({ name: 'orders', proxy: {}, allowedCidrs: ['10.1.0.0/16'] });
    const groups = template.findResources('AWS::EC2::SecurityGroup');
    const proxySgId = Object.keys(groups).find((id) => id.includes('ProxySecurityGroup'))!;
    const dbSgId = Object.keys(groups).find((id) => !id.includes('Proxy') && id.includes('SecurityGroup'))!;
    const proxySg = groups[proxySgId].Properties;
    // ingress: the allowed CIDR only, never 0.0.0.0/0
    expect(proxySg.SecurityGroupIngress).toEqual([expect.objectContaining({ CidrIp: '10.1.0.0/16', FromPort: 5432, ToPort: 5432, IpProtocol: 'tcp' })]);
    // no open egress: only to the database's group (on the cluster's port)
    expect(JSON.stringify(proxySg.SecurityGroupEgress ?? [])).not.toContain('0.0.0.0/0');
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': [proxySgId, 'GroupId'] },
      DestinationSecurityGroupId: { 'Fn::GetAtt': [dbSgId, 'GroupId'] },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [dbSgId, 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [proxySgId, 'GroupId'] },
    });
  });

  test('GIVEN a client admitted through proxyConnections WHEN synthesized THEN the proxy admits that client\'s security group', () => {
    const stack = new cdk.Stack(new cdk.App(), 'Test');
    const db = new ReplicatedDatabase(stack, 'Db', { name: 'orders', proxy: {} });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc: db.vpc });
    db.proxyConnections!.allowDefaultPortFrom(client);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Client'), 'GroupId'] },
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('ProxySecurityGroup'), 'GroupId'] },
    });
  });

  test('GIVEN RDS MySQL with a proxy without TLS or IAM WHEN synthesized THEN the proxy targets the writer instance with those settings', () => {
    const { template } = render({
      engine: DatabaseEngine.RDS_MYSQL,
      proxy: {
        requireTls: false,
        iamAuthentication: false,
        debugLogging: true,
        maxConnectionsPercent: 50,
        maxIdleConnectionsPercent: 5,
        connectionBorrowTimeoutSeconds: 30,
      },
    });
    template.hasResourceProperties('AWS::RDS::DBProxy', {
      EngineFamily: 'MYSQL', RequireTLS: false, DebugLogging: true, Auth: [Match.objectLike({ IAMAuth: 'DISABLED' })],
    });
    template.hasResourceProperties('AWS::RDS::DBProxyTargetGroup', {
      DBInstanceIdentifiers: [{ Ref: Match.stringLikeRegexp('Writer') }],
      ConnectionPoolConfigurationInfo: { MaxConnectionsPercent: 50, MaxIdleConnectionsPercent: 5, ConnectionBorrowTimeout: 30 },
    });
  });

  test('GIVEN a proxy WHEN synthesized with cdk-nag and cfn-guard THEN there is no unacknowledged finding', () => {
    const app = compliantApp();
    const stack = new cdk.Stack(app, 'Test');
    new ReplicatedDatabase(stack, 'Db', { proxy: {} });
    expect(findingsOf(app)).toEqual([]);
  });
});
