import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SystemStack } from '../../src/cdk/system-stack';
import { DATABASE_ENVIRONMENT } from '../../src/core';
import { PROXIED, SHARDED_PROXIED } from '../fixtures/systems';


describe('SystemStack (cdk) with a database behind RDS Proxy', () => {
  const stack = new SystemStack(new cdk.App(), 'System', { spec: PROXIED });
  const template = Template.fromStack(stack);
  const db = stack.database!;
  const proxyId = stack.resolve((db.proxy!.node.defaultChild as cdk.CfnResource).logicalId);
  const apiSg = stack.resolve(stack.api!.serviceSecurityGroup.securityGroupId);
  const proxySg = stack.resolve(db.proxyConnections!.securityGroups[0].securityGroupId);

  test('THEN the API\'s writer endpoint is the proxy\'s', () => {
    const defs = template.findResources('AWS::ECS::TaskDefinition');
    const env: { Name: string; Value: unknown }[] = Object.values(defs)[0].Properties.ContainerDefinitions[0].Environment;
    expect(env.find((e) => e.Name === DATABASE_ENVIRONMENT.writerEndpoint)!.Value).toEqual({ 'Fn::GetAtt': [proxyId, 'Endpoint'] });
  });

  test('THEN the proxy admits the API\'s security group, and nothing public', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: proxySg, SourceSecurityGroupId: apiSg });
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((r) => JSON.stringify(r.Properties.GroupId) === JSON.stringify(proxySg));
    for (const r of ingress) expect(r.Properties.CidrIp).toBeUndefined();
  });

  test('THEN the API\'s task role may connect to the proxy as the master user', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'rds-db:connect',
          Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(`/${db.plan.credentials.username}$`)])] },
        })]),
      },
    });
  });
});

describe('SystemStack (cdk) with shards behind RDS Proxy (shard-1 without)', () => {
  const stack = new SystemStack(new cdk.App(), 'System', { spec: SHARDED_PROXIED });
  const sharded = stack.shardedDatabase!;
  const [proxied, plain] = [sharded.shard('shard-0'), sharded.shard('shard-1')];
  const template = Template.fromStack(stack);

  test('THEN the map holds shard-0\'s proxy endpoint and shard-1\'s writer endpoint', () => {
    expect(proxied.proxy).toBeDefined();
    expect(plain.proxy).toBeUndefined();
    expect(sharded.writerEndpoints['shard-0']).toBe(proxied.proxyEndpoint);
    expect(sharded.writerEndpoints['shard-1']).toBe(plain.writerEndpoint);
  });

  test('THEN shard-0\'s proxy admits the API\'s security group on the shard\'s port, and nothing public', () => {
    const nested = Template.fromStack(cdk.Stack.of(proxied));
    const proxySg = cdk.Stack.of(proxied).resolve(proxied.proxyConnections!.securityGroups[0].securityGroupId);
    const ingress = Object.values(nested.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((r) => JSON.stringify(r.Properties.GroupId) === JSON.stringify(proxySg));
    expect(ingress.length).toBeGreaterThanOrEqual(1);
    expect(ingress.some((r) => r.Properties.SourceSecurityGroupId !== undefined && r.Properties.FromPort === proxied.plan.port)).toBe(true);
    for (const r of ingress) expect(r.Properties.CidrIp).toBeUndefined();
  });

  test('THEN the API\'s task role may connect to shard-0\'s proxy as its master user (and to no proxy of shard-1)', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'rds-db:connect',
          Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(`/${proxied.plan.credentials.username}$`)])] },
        })]),
      },
    });
    const connects = JSON.stringify(template.findResources('AWS::IAM::Policy')).match(/rds-db:connect/g) ?? [];
    expect(connects).toHaveLength(1);
  });
});
