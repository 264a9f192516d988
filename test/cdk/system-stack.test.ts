import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { compliantApp, findingsOf } from './compliance';
import { SystemStack } from '../../src/cdk/system-stack';
import { TieredCache } from '../../src/cdk/tiered-cache';
import { Errors, OriginAccess, SystemSpec } from '../../src/core';
import * as planRules from '../../src/core/plan-rules';
import { BAD_SPECS, ENGINE_SYSTEMS, EXAMPLE, EXAMPLE_SCALED_UP, GEOGRAPHIC, SHARDED } from '../fixtures/systems';


function build(spec: SystemSpec, app = new cdk.App()): { app: cdk.App; stack: SystemStack } {
  return { app, stack: new SystemStack(app, 'System', { spec }) };
}

/** The templates of a stack and of every stack nested in it, by construct path. */
function templatesOf(stack: cdk.Stack): [string, Template][] {
  const nested = stack.node.findAll().filter((c): c is cdk.NestedStack => c instanceof cdk.NestedStack);
  return [[stack.node.path, Template.fromStack(stack)], ...nested.map((n): [string, Template] => [n.node.path, Template.fromStack(n)])];
}

type Resource = { Type: string; Properties?: any; DeletionPolicy?: string; UpdateReplacePolicy?: string };

/** Every resource of the templates, by stack path and logical id. */
function resourcesOf(templates: [string, Template][]): { [id: string]: Resource } {
  const out: { [id: string]: Resource } = {};
  for (const [stackPath, t] of templates) {
    for (const [id, r] of Object.entries(t.toJSON().Resources as { [id: string]: Resource })) out[`${stackPath}:${id}`] = r;
  }
  return out;
}

describe('CloudFormation SystemStack of the social-feed example', () => {
  const { app, stack } = build(EXAMPLE);
  const template = Template.fromStack(stack);

  test('GIVEN the spec THEN the stack deploys to its Region and the web ACL to us-east-1, in a stack of its own', () => {
    expect(stack.region).toBe('eu-west-1');
    expect(stack.edgeStack?.region).toBe('us-east-1');
    Template.fromStack(stack.edgeStack!).hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' });
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: { 'Fn::GetAtt': [Match.stringLikeRegexp('ExportsReader'), Match.stringLikeRegexp('WebAcl')] } }),
    });
    expect(stack.dependencies).toContain(stack.edgeStack);
  });

  test('THEN every block is rendered from the plan the chain sized', () => {
    expect(stack.plan.api?.load.peakRequestsPerSecond).toBeCloseTo(12000 * 0.3);
    template.hasResourceProperties('AWS::RDS::DBCluster', { Engine: 'aurora-postgresql' });
    expect(Object.keys(template.findResources('AWS::RDS::DBInstance', { Properties: { DBInstanceClass: 'db.r7g.xlarge' } }))).toHaveLength(5);
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { CacheNodeType: 'cache.r7g.large' });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScalableDimension: 'ecs:service:DesiredCount', MinCapacity: stack.plan.api!.scaling.minTasks, MaxCapacity: stack.plan.api!.scaling.maxTasks,
    });
  });

  test('THEN aws-cdk-lib warns about no ECS service\'s deployment percentages: every service writes the plan\'s (issue 17: a quiet synth)', () => {
    // The warnings of every stack of the app (the system, its nested stacks, the edge stack), as `cdk synth` prints them.
    const warnings = app.synth().stacks.flatMap((s) => s.messages)
      .filter((m) => m.level === 'warning').map((m) => `${m.id}: ${String(m.entry.data)}`);
    expect(warnings.filter((w) => /minHealthyPercent|maxHealthyPercent/.test(w))).toEqual([]);
    for (const [, t] of templatesOf(stack)) {
      for (const service of Object.values(t.findResources('AWS::ECS::Service')) as Resource[]) {
        expect(service.Properties.DeploymentConfiguration).toEqual(expect.objectContaining({ MinimumHealthyPercent: 100, MaximumPercent: 200 }));
      }
    }
    expect(stack.plan.queue?.workers.fargate?.deployment).toEqual(expect.objectContaining({ minimumHealthyPercent: 100, maximumPercent: 200 }));
  });

  test('THEN all blocks share one VPC and one ECS cluster', () => {
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 3);
    template.resourceCountIs('AWS::ECS::Cluster', 1);
  });

  test('THEN the API container gets the database, cache and queue contract, credentials as secrets', () => {
    const [def] = Object.values(template.findResources('AWS::ECS::TaskDefinition', { Properties: { Family: Match.stringLikeRegexp('Api') } }));
    const container = def.Properties.ContainerDefinitions[0];
    const env = Object.fromEntries(container.Environment.map((e: { Name: string; Value: unknown }) => [e.Name, e.Value]));
    expect(Object.keys(env)).toEqual(expect.arrayContaining([
      'DATABASE_WRITER_ENDPOINT', 'DATABASE_READER_ENDPOINT', 'DATABASE_PORT', 'DATABASE_NAME',
      ...Object.keys(stack.cache!.clientEnvironment), ...Object.keys(stack.queue!.apiEnvironment),
    ]));
    expect(env.DATABASE_WRITER_ENDPOINT).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Database/), 'Endpoint.Address'] });
    expect(container.Secrets.map((s: { Name: string }) => s.Name)).toContain('DATABASE_SECRET');
    expect(JSON.stringify(container)).not.toMatch(/"(password|Password)"\s*:\s*"[^"]/);
  });

  test('THEN the database admits only the API, the workers and its secret rotation, the cache only the API', () => {
    const ingressTo = (sg: { securityGroupId: string }): any[] => Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((r) => JSON.stringify(r.Properties.GroupId) === JSON.stringify(stack.resolve(sg.securityGroupId)))
      .map((r) => r.Properties);
    const dbIngress = ingressTo(stack.database!.securityGroup);
    const sources = dbIngress.map((r) => r.SourceSecurityGroupId);
    expect(sources).toHaveLength(3);
    expect(sources).toEqual(expect.arrayContaining([
      stack.resolve(stack.api!.serviceSecurityGroup.securityGroupId),
      stack.resolve(stack.queue!.securityGroup!.securityGroupId),
      { 'Fn::GetAtt': [expect.stringMatching(/^DatabaseSecretAttachmentRotationScheduleSecurityGroup/), 'GroupId'] },
    ]));
    for (const r of dbIngress) expect(r).toMatchObject({ FromPort: 5432, ToPort: 5432, IpProtocol: 'tcp' });
    const cacheIngress = ingressTo(stack.cache!.securityGroup);
    expect(cacheIngress.map((r) => r.SourceSecurityGroupId)).toEqual([stack.resolve(stack.api!.serviceSecurityGroup.securityGroupId)]);
  });

  test('THEN the load balancer admits CloudFront\'s origin-facing prefix list of eu-west-1 only, once', () => {
    const lbSg = stack.resolve(stack.api!.loadBalancerSecurityGroup.securityGroupId);
    const toLb = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((r) => JSON.stringify(r.Properties.GroupId) === JSON.stringify(lbSg)).map((r) => r.Properties);
    expect(toLb).toEqual([expect.objectContaining({ SourcePrefixListId: 'pl-4fa04526', FromPort: 80, ToPort: 80 })]);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', { GroupDescription: Match.stringLikeRegexp('load balancer'), SecurityGroupIngress: Match.absent() });
  });

  test('THEN nothing reaches the API around the CDN: an internal load balancer in private subnets, reached through a CloudFront VPC origin', () => {
    const resources = template.toJSON().Resources as { [id: string]: { Type: string; Properties: any } };
    const [lbId, lb] = Object.entries(resources).find(([, r]) => r.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer')!;
    expect(lb.Properties.Scheme).toBe('internal');
    for (const subnet of lb.Properties.Subnets as { Ref: string }[]) {
      expect(resources[subnet.Ref].Properties.Tags).toContainEqual({ Key: 'aws-cdk:subnet-type', Value: 'Private' });
    }
    const [vpcOriginId] = Object.keys(template.findResources('AWS::CloudFront::VpcOrigin'));
    template.hasResourceProperties('AWS::CloudFront::VpcOrigin', {
      VpcOriginEndpointConfig: { Arn: { Ref: lbId }, HTTPPort: 80, OriginProtocolPolicy: 'http-only', Name: 'social-feed-cdn-api' },
    });
    const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0];
    const api = distribution.Properties.DistributionConfig.Origins.find((o: { Id: string }) => o.Id === 'api');
    expect(api.VpcOriginConfig.VpcOriginId).toEqual({ 'Fn::GetAtt': [vpcOriginId, 'Id'] });
    expect(api.CustomOriginConfig).toBeUndefined();
  });

  test('THEN the API may enqueue jobs and use the job table', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('ApiTaskDefinitionTaskRole') } }));
    const actions = policies.flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => s.Action));
    expect(actions).toEqual(expect.arrayContaining(['sqs:SendMessage', 'dynamodb:PutItem', 'dynamodb:GetItem', 'rds-db:connect']));
    expect(actions).not.toContain('sqs:DeleteMessage');
  });

  test('THEN the whole system matches its snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
    expect(app.node.findAll().filter((c) => c instanceof cdk.Stack).map((s) => (s as cdk.Stack).stackName).sort()).toEqual(['System', 'System-edge']);
  });
});

describe.each([
  ['the social-feed example', EXAMPLE],
  ['a sharded system with Lambda workers and a gateway', SHARDED],
])('GIVEN %s', (_label, spec) => {
  test('WHEN synthesized with cdk-nag AwsSolutions and the cfn-guard Control Tower rules THEN there is no unacknowledged finding', () => {
    const app = compliantApp();
    build(spec, app);
    expect(findingsOf(app)).toEqual([]);
  });
});

/**
 * The stateful resources of a CloudFormation system and what each must carry: retained (or
 * snapshotted), protected, encrypted and backed up. A resource type that holds data and is not
 * listed fails the coverage test.
 */
const STATEFUL: { [type: string]: (r: Resource) => void } = {
  'AWS::RDS::DBCluster': (r) => expect(r).toMatchObject({
    DeletionPolicy: 'Snapshot',
    UpdateReplacePolicy: 'Snapshot',
    Properties: expect.objectContaining({ DeletionProtection: true, StorageEncrypted: true, BackupRetentionPeriod: expect.any(Number) }),
  }),
  'AWS::RDS::DBInstance': (r) => {
    // Aurora instances keep no data of their own (the cluster volume does); RDS instances do.
    if (r.Properties.DBClusterIdentifier) return;
    // A read replica inherits its source's encryption (CloudFormation rejects StorageEncrypted on one) and
    // RDS takes no final snapshot of it: it is retained and deletion-protected like its source.
    if (r.Properties.SourceDBInstanceIdentifier) {
      expect(r).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: expect.objectContaining({ DeletionProtection: true }) });
      return;
    }
    expect(r.DeletionPolicy).toMatch(/^(Snapshot|Retain)$/);
    expect(r.Properties).toMatchObject({ DeletionProtection: true, StorageEncrypted: true, BackupRetentionPeriod: expect.any(Number) });
  },
  'AWS::ElastiCache::ReplicationGroup': (r) => expect(r).toMatchObject({
    DeletionPolicy: 'Snapshot',
    Properties: expect.objectContaining({
      AtRestEncryptionEnabled: true, TransitEncryptionEnabled: true, SnapshotRetentionLimit: expect.any(Number),
    }),
  }),
  'AWS::S3::Bucket': (r) => expect(r).toMatchObject({
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: expect.objectContaining({
      BucketEncryption: expect.anything(),
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    }),
  }),
  'AWS::SQS::Queue': (r) => {
    expect(r).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(r.Properties.SqsManagedSseEnabled === true || r.Properties.KmsMasterKeyId !== undefined).toBe(true);
  },
  'AWS::DynamoDB::Table': (r) => expect(r).toMatchObject({
    DeletionPolicy: 'Retain',
    Properties: expect.objectContaining({
      DeletionProtectionEnabled: true,
      PointInTimeRecoverySpecification: expect.objectContaining({ PointInTimeRecoveryEnabled: true }),
      SSESpecification: expect.objectContaining({ SSEEnabled: true }),
    }),
  }),
  'AWS::KMS::Key': (r) => expect(r).toMatchObject({
    DeletionPolicy: 'Retain', Properties: expect.objectContaining({ EnableKeyRotation: true }),
  }),
  'AWS::Logs::LogGroup': (r) => expect(r).toMatchObject({ DeletionPolicy: 'Retain', Properties: expect.objectContaining({ KmsKeyId: expect.anything() }) }),
  'AWS::SecretsManager::Secret': (r) => expect(r).toMatchObject({ DeletionPolicy: expect.stringMatching(/^(Retain|Snapshot)$/) }),
};

const LOOKS_STATEFUL = /^AWS::(RDS::DB(Cluster|Instance)|ElastiCache::(ReplicationGroup|CacheCluster)|S3::Bucket|SQS::Queue|DynamoDB::(Global)?Table|KMS::Key|Logs::LogGroup|SecretsManager::Secret|EFS::FileSystem)$/;

describe.each([
  ['the social-feed example', EXAMPLE],
  ['a sharded system with Lambda workers and a gateway', SHARDED],
  ...ENGINE_SYSTEMS.map(([engine, spec]): [string, SystemSpec] => [`a ${engine} database with readers`, spec]),
])('GIVEN %s, every stateful resource walked', (_label, spec) => {
  const { stack } = build(spec);
  const resources = resourcesOf(templatesOf(stack));

  test('THEN each is retained or snapshotted, protected, encrypted and backed up', () => {
    let walked = 0;
    for (const [id, r] of Object.entries(resources)) {
      const check = STATEFUL[r.Type];
      if (!check) continue;
      try {
        check(r);
      } catch (e) {
        throw new Error(`${r.Type} ${id}: ${(e as Error).message}`);
      }
      walked++;
    }
    expect(walked).toBeGreaterThan(10);
    // RDS engines: the read replicas are among the walked resources.
    const engine = (spec.database as { engine?: string } | undefined)?.engine ?? '';
    const replicas = Object.values(resources).filter((r) => r.Type === 'AWS::RDS::DBInstance' && r.Properties.SourceDBInstanceIdentifier);
    expect(replicas.length).toBe(engine.startsWith('RDS_') ? 2 : 0);
  });

  test('THEN every resource type that holds data is among the walked types', () => {
    for (const r of Object.values(resources)) if (LOOKS_STATEFUL.test(r.Type)) expect(Object.keys(STATEFUL)).toContain(r.Type);
  });
});

describe('GIVEN the example scaled up (more tasks, readers, cache replicas and workers)', () => {
  const ids = (spec: SystemSpec): string[] => Object.entries(resourcesOf(templatesOf(build(spec).stack)))
    .filter(([, r]) => r.Type in STATEFUL || r.Type === 'AWS::RDS::DBInstance').map(([id]) => id);
  const before = ids(EXAMPLE);
  const after = ids(EXAMPLE_SCALED_UP);

  test('WHEN synthesized again THEN every stateful resource keeps its logical id (nothing is replaced)', () => {
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after.length).toBeGreaterThan(before.length);
  });

  test('WHEN a shard is added THEN every stateful resource of the existing shards keeps its logical id', () => {
    // The readers per shard are pinned: left to the plan, fewer would be sized per shard as shards are added.
    const sharded = (n: number): SystemSpec => ({
      ...SHARDED, shardedDatabase: { strategy: 'HASH', shardCount: n, shardDefaults: { readers: 2 } },
    } as unknown as SystemSpec);
    const three = Object.entries(resourcesOf(templatesOf(build(sharded(3)).stack))).filter(([, r]) => r.Type in STATEFUL).map(([id]) => id);
    const four = Object.entries(resourcesOf(templatesOf(build(sharded(4)).stack))).filter(([, r]) => r.Type in STATEFUL).map(([id]) => id);
    expect(three.filter((id) => !four.includes(id))).toEqual([]);
    expect(four.length).toBeGreaterThan(three.length);
  });
});

describe('GIVEN a system whose API requires a secret origin header (api.originAccess SECRET_ORIGIN_HEADER)', () => {
  const spec: SystemSpec = {
    name: 'hdr',
    region: 'us-east-1',
    load: { peakRequestsPerSecond: 100 },
    cdn: {},
    api: { originAccess: OriginAccess.SECRET_ORIGIN_HEADER, certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab' },
  };
  test('WHEN synthesized THEN CloudFront sends the header the one forwarding rule requires, both from the API\'s one secret, and the listener answers 403', () => {
    const { stack } = build(spec);
    const template = Template.fromStack(stack);
    const secrets = template.findResources('AWS::SecretsManager::Secret', { Properties: { Name: 'scaleblocks/hdr-api/origin-verify' } });
    expect(Object.keys(secrets)).toHaveLength(1);
    const [rule] = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule')).map((r: any) => r.Properties);
    const condition = rule.Conditions.find((c: any) => c.Field === 'http-header').HttpHeaderConfig;
    const origin = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig.Origins.find((o: any) => o.Id === 'api');
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    expect(origin.OriginCustomHeaders).toEqual([{ HeaderName: condition.HttpHeaderName, HeaderValue: condition.Values[0] }]);
    expect(JSON.stringify(condition.Values[0])).toContain(Object.keys(secrets)[0]);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTPS', DefaultActions: [Match.objectLike({ Type: 'fixed-response', FixedResponseConfig: Match.objectLike({ StatusCode: '403' }) })],
    });
  });
  test('WHEN synthesized without a name THEN CloudFront connects to the load balancer\'s own DNS name', () => {
    const { stack } = build(spec);
    const origin = Object.values(Template.fromStack(stack).findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig.Origins.find((o: any) => o.Id === 'api');
    expect(origin.DomainName).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ApiLoadBalancer/), 'DNSName'] });
  });
  test('WHEN cdn.apiOrigin.loadBalancerDomainName is given THEN CloudFront connects to that name over HTTPS, with the header, and the plan says so', () => {
    const { stack } = build({ ...spec, cdn: { apiOrigin: { access: OriginAccess.SECRET_ORIGIN_HEADER, loadBalancerDomainName: 'origin.example.com' } } });
    expect(stack.plan.cdn!.origins.find((o) => o.id === 'api')?.domainName).toBe('origin.example.com');
    const origin = Object.values(Template.fromStack(stack).findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig.Origins.find((o: any) => o.Id === 'api');
    expect(origin.DomainName).toBe('origin.example.com');
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    expect(origin.OriginCustomHeaders).toEqual([expect.objectContaining({ HeaderName: 'X-Origin-Verify' })]);
  });
  test('WHEN synthesized with cdk-nag AwsSolutions and the cfn-guard Control Tower rules THEN there is no unacknowledged finding', () => {
    const app = compliantApp();
    build(spec, app);
    expect(findingsOf(app)).toEqual([]);
  });
});

describe('GIVEN a bad spec', () => {
  test.each(BAD_SPECS)('WHEN the stack is built with %s THEN a ValidationError names the prop', (_label, spec, message) => {
    let error: unknown;
    try {
      new SystemStack(new cdk.App(), 'Bad', { spec });
    } catch (e) {
      error = e;
    }
    expect(Errors.isValidationError(error)).toBe(true);
    expect(String(error)).toMatch(message);
  });

  test('WHEN env.region differs from the spec THEN a ValidationError names env.region', () => {
    expect(() => new SystemStack(new cdk.App(), 'Bad', { spec: EXAMPLE, env: { region: 'us-west-2' } })).toThrow(/env\.region = "us-west-2"/);
  });
});

describe('GIVEN a system with geographic shards', () => {

  test('WHEN synthesized THEN each shard is a stack in its own Region of the same app, and the system stack reads the shard map', () => {
    const app = new cdk.App();
    const { stack } = build(GEOGRAPHIC, app);
    const stacks = app.synth().stacks.map((s) => `${s.stackName}@${s.environment.region}`).sort();
    expect(stacks).toEqual([
      'System-ShardedDatabase-shard-asia@ap-southeast-1', 'System-ShardedDatabase-shard-eu@eu-west-1',
      'System-ShardedDatabase-shard-us@us-east-1', 'System@eu-west-1',
    ]);
    const [def] = Object.values(Template.fromStack(stack).findResources('AWS::ECS::TaskDefinition'));
    const env = def.Properties.ContainerDefinitions[0].Environment.map((e: { Name: string }) => e.Name);
    expect(env).toContain('SHARD_MAP_PARAMETER');
  });
});

describe('GIVEN the plans a SystemStack made', () => {
  afterEach(() => jest.restoreAllMocks());

  test('WHEN it builds its blocks THEN it hands them its plans unchecked, and a block given one of them later checks it', () => {
    // GIVEN
    const check = jest.spyOn(planRules, 'checkSuppliedPlan');
    // WHEN
    const { stack } = build(EXAMPLE);
    // THEN
    expect(stack.cache?.plan).toBe(stack.plan.cache);
    expect(check).not.toHaveBeenCalled();
    new TieredCache(new cdk.Stack(new cdk.App(), 'Other'), 'Cache', { plan: stack.plan.cache });
    expect(check).toHaveBeenCalledTimes(1);
  });
});
