import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { SystemStack } from '../../src/cdk/system-stack';
import { SystemSpec } from '../../src/core';
import { describeSideBySide } from '../fixtures/side-by-side';

/*
 * Two systems in one account and Region (issue 15 item 9), the CloudFormation counterpart of
 * test/cdktf/side-by-side.test.ts: every physical name a template writes out (a log group, a
 * secret, a parameter, a cluster, a queue...) must carry the system's name, so two systems never
 * clash. A name CloudFormation generates (the property left out) is unique by construction and is
 * not looked at; a name that is a reference is the other resource's.
 */

/** Per resource type, the properties (dotted paths) whose value is unique in the account and Region (or account-wide, CloudFront). */
const NAME_PROPERTIES: { [type: string]: string[] } = {
  'AWS::Logs::LogGroup': ['LogGroupName'],
  'AWS::SecretsManager::Secret': ['Name'],
  'AWS::SSM::Parameter': ['Name'],
  'AWS::RDS::DBCluster': ['DBClusterIdentifier'],
  'AWS::RDS::DBInstance': ['DBInstanceIdentifier'],
  'AWS::RDS::DBSubnetGroup': ['DBSubnetGroupName'],
  'AWS::RDS::DBParameterGroup': ['DBParameterGroupName'],
  'AWS::RDS::DBClusterParameterGroup': ['DBClusterParameterGroupName'],
  'AWS::ECS::Cluster': ['ClusterName'],
  'AWS::ECS::TaskDefinition': ['Family'],
  'AWS::ECS::CapacityProvider': ['Name'],
  'AWS::SQS::Queue': ['QueueName'],
  'AWS::SNS::Topic': ['TopicName'],
  'AWS::DynamoDB::Table': ['TableName'],
  'AWS::Lambda::Function': ['FunctionName'],
  'AWS::ElastiCache::ReplicationGroup': ['ReplicationGroupId'],
  'AWS::ElastiCache::CacheCluster': ['ClusterName'],
  'AWS::ElastiCache::User': ['UserId'],
  'AWS::ElastiCache::UserGroup': ['UserGroupId'],
  'AWS::ElastiCache::SubnetGroup': ['CacheSubnetGroupName'],
  'AWS::CloudWatch::Alarm': ['AlarmName'],
  'AWS::S3::Bucket': ['BucketName'],
  'AWS::IAM::Role': ['RoleName'],
  'AWS::IAM::ManagedPolicy': ['ManagedPolicyName'],
  'AWS::KMS::Alias': ['AliasName'],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': ['Name'],
  'AWS::ElasticLoadBalancingV2::TargetGroup': ['Name'],
  'AWS::ServiceDiscovery::PrivateDnsNamespace': ['Name'],
  'AWS::ServiceDiscovery::HttpNamespace': ['Name'],
  'AWS::Events::Rule': ['Name'],
  'AWS::WAFv2::WebACL': ['Name'],
  'AWS::CloudFront::Function': ['Name'],
  'AWS::CloudFront::CachePolicy': ['CachePolicyConfig.Name'],
  'AWS::CloudFront::OriginRequestPolicy': ['OriginRequestPolicyConfig.Name'],
  'AWS::CloudFront::ResponseHeadersPolicy': ['ResponseHeadersPolicyConfig.Name'],
  'AWS::CloudFront::OriginAccessControl': ['OriginAccessControlConfig.Name'],
};

function valueAt(props: { [key: string]: any }, path: string): unknown {
  return path.split('.').reduce<any>((v, k) => (v === undefined || v === null ? undefined : v[k]), props);
}

/** `type.property=name` -> the logical id, for every literal physical name of a system's templates (nested stacks included). */
function physicalNames(spec: SystemSpec): Map<string, string> {
  const stack = new SystemStack(new cdk.App(), spec.name, { spec });
  const stacks: cdk.Stack[] = [stack, ...stack.node.findAll().filter((c): c is cdk.NestedStack => c instanceof cdk.NestedStack)];
  const names = new Map<string, string>();
  for (const s of stacks) {
    const resources = Template.fromStack(s).toJSON().Resources as { [id: string]: { Type: string; Properties?: { [key: string]: any } } };
    for (const [id, r] of Object.entries(resources)) {
      for (const path of NAME_PROPERTIES[r.Type] ?? []) {
        const value = valueAt(r.Properties ?? {}, path);
        // Literal names only: a reference (Ref, Fn::GetAtt, Fn::Join over one) names another resource.
        if (typeof value === 'string') names.set(`${r.Type}.${path}=${value}`, `${s.node.path}/${id}`);
      }
    }
  }
  return names;
}

describeSideBySide(physicalNames, 3);
