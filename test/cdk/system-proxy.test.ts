import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SystemStack } from '../../src/cdk/system-stack';
import { DATABASE_ENVIRONMENT, SystemSpec } from '../../src/core';

const PROXIED: SystemSpec = {
  name: 'shop',
  region: 'eu-west-1',
  load: { peakRequestsPerSecond: 1000 },
  api: { allowPlainHttp: true },
  database: { proxy: {} },
};

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
