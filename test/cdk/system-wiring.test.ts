import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { LoadBalancedApi } from '../../src/cdk/load-balanced-api';
import { SystemStack } from '../../src/cdk/system-stack';
import { TieredCache } from '../../src/cdk/tiered-cache';
import { renderWiringAccess } from '../../src/cdk/wiring';
import { WorkQueue } from '../../src/cdk/work-queue';
import {
  CacheAuthMode, DATABASE_ENVIRONMENT, planSystem, SystemSpec, ValidationError, WiredBlock, WiringPermission, WiringPlan,
} from '../../src/core';
import { EXAMPLE, GEOGRAPHIC, misfitWiringApi, SHARDED } from '../fixtures/systems';

type Container = { Environment?: { Name: string }[]; Secrets?: { Name: string }[] };

/** The one container of the task definition a construct path starts with. */
function containerOf(template: Template, stack: cdk.Stack, prefix: string): Container {
  const defs = template.findResources('AWS::ECS::TaskDefinition');
  const ids = Object.keys(defs).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  expect(stack).toBeDefined();
  return defs[ids[0]].Properties.ContainerDefinitions[0];
}

/** The ValidationError a function throws. */
function validationErrorOf(f: () => unknown): ValidationError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('no ValidationError was thrown');
}

const names = (entries: { Name: string }[] | undefined): string[] => (entries ?? []).map((e) => e.Name).sort();

/** Every name a container gets: its own (the plan's container) and the wiring's, nothing else. */
function expectedNames(own: { [k: string]: string }, extra: { [k: string]: string }, wiring: { [k: string]: unknown }): string[] {
  return [...new Set([...Object.keys(own), ...Object.keys(extra), ...Object.keys(wiring)])].sort();
}

/** The ingress rules of a security group's template, by the security group they reference. */
function ingressSources(template: Template, groupLogicalId: string, port: number): string[] {
  return Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
    .filter((r) => JSON.stringify(r.Properties.GroupId).includes(groupLogicalId) && r.Properties.FromPort === port)
    .map((r) => JSON.stringify(r.Properties.SourceSecurityGroupId))
    // the database's own secret rotation is the block's, not the system's wiring
    .filter((source) => !source.includes('RotationSchedule'))
    .sort();
}

describe('CloudFormation SystemStack: the wiring is the plan\'s', () => {
  const app = new cdk.App();
  const stack = new SystemStack(app, 'System', { spec: EXAMPLE });
  const template = Template.fromStack(stack);
  const logicalId = (c: { node: { defaultChild?: unknown } } | ec2.ISecurityGroup): string =>
    stack.getLogicalId((('node' in c && c.node.defaultChild) ?? c) as cdk.CfnElement);

  test('GIVEN the example THEN each consumer construct\'s plan is the system plan\'s, wiring included', () => {
    expect(stack.api!.plan).toBe(stack.plan.api);
    expect(stack.queue!.plan).toBe(stack.plan.queue);
    expect(stack.plan.wiring).toEqual([stack.api!.plan.wiring, stack.queue!.plan.workers.wiring]);
  });

  test('THEN the API container gets exactly its own and the wiring\'s environment and secrets', () => {
    const c = containerOf(template, stack, 'ApiTaskDefinition');
    const plan = stack.api!.plan;
    expect(names(c.Environment)).toEqual(expectedNames(plan.container.environment, {}, plan.wiring!.environment));
    expect(names(c.Secrets)).toEqual(expectedNames(plan.container.secrets, {}, plan.wiring!.secrets));
  });

  test('THEN the workers\' container gets exactly its own, the job contract and the wiring\'s', () => {
    const c = containerOf(template, stack, 'QueueTaskDefinition');
    const plan = stack.queue!.plan;
    const f = plan.workers.fargate!;
    expect(names(c.Environment)).toEqual(expectedNames(f.container.environment, stack.queue!.workerEnvironment, plan.workers.wiring!.environment));
    expect(names(c.Secrets)).toEqual(expectedNames(f.container.secrets, {}, plan.workers.wiring!.secrets));
  });

  test('THEN the database and the cache admit exactly the consumers whose wiring lists them, on the listed ports', () => {
    const consumers: [WiringPlan, ec2.ISecurityGroup][] = [
      [stack.api!.plan.wiring!, stack.api!.serviceSecurityGroup], [stack.queue!.plan.workers.wiring!, stack.queue!.securityGroup!],
    ];
    for (const [block, sg] of [['DATABASE', stack.database!.securityGroup], ['CACHE', stack.cache!.securityGroup]] as const) {
      const listed = consumers.filter(([w]) => w.ingress.some((i) => i.block === block));
      const port = listed[0][0].ingress.find((i) => i.block === block)!.port;
      expect(ingressSources(template, logicalId(sg), port))
        .toEqual(listed.map(([, s]) => JSON.stringify({ 'Fn::GetAtt': [logicalId(s), 'GroupId'] })).sort());
    }
  });

  test('THEN the API\'s task role holds the grants its wiring lists: IAM connect to the cache, the queue, IAM connect to the database', () => {
    const roleId = logicalId(stack.api!.taskDefinition.taskRole as unknown as ec2.ISecurityGroup);
    const policies = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    const actions = statements.flatMap((s: { Action: string | string[] }) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['rds-db:connect', 'elasticache:Connect', 'sqs:SendMessage', 'dynamodb:PutItem']));
    // IAM authentication (the default): elasticache:Connect on the replication group and the cache's user, and no cache secret to read
    const connect = statements.find((st: { Action: unknown }) => st.Action === 'elasticache:Connect');
    expect(connect.Resource).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:eu-west-1:', { Ref: 'AWS::AccountId' }, ':replicationgroup:social-feed-cache']] },
      { 'Fn::GetAtt': [logicalId(stack.cache!.user!), 'Arn'] },
    ]);
    expect(stack.cache!.authSecret).toBeUndefined();
    template.resourceCountIs('AWS::ElastiCache::User', 2);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/cache-auth/);
  });
});

/** The example with the RBAC opt-out on its cache. */
const RBAC_EXAMPLE: SystemSpec = {
  ...EXAMPLE, cache: { ...EXAMPLE.cache, application: { ...EXAMPLE.cache!.application, auth: { mode: CacheAuthMode.RBAC } } },
};

describe('CloudFormation SystemStack: a cache with a password', () => {
  test('GIVEN the RBAC opt-out WHEN synthesized THEN the API reads the cache secret and gets no elasticache:Connect', () => {
    const stack = new SystemStack(new cdk.App(), 'System', { spec: RBAC_EXAMPLE });
    const template = Template.fromStack(stack);
    const roleId = stack.getLogicalId(stack.api!.taskDefinition.taskRole.node.defaultChild as cdk.CfnElement);
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId)).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const secretId = stack.getLogicalId(stack.cache!.authSecret!.node.defaultChild as cdk.CfnElement);
    expect(statements.some((st: any) => JSON.stringify(st.Action).includes('secretsmanager:GetSecretValue') && JSON.stringify(st.Resource).includes(secretId))).toBe(true);
    expect(statements.flatMap((st: any) => st.Action)).not.toContain('elasticache:Connect');
    expect(names(containerOf(template, stack, 'ApiTaskDefinition').Secrets)).toContain('CACHE_AUTH_PASSWORD');
  });

  test('GIVEN a supplied API plan that grants CACHE_CONNECT on a cache with a password WHEN rendered THEN a ValidationError names the grant', () => {
    const system = planSystem(EXAMPLE);
    const rbac = planSystem(RBAC_EXAMPLE);
    expect(system.api!.wiring!.grants).toContainEqual({ block: 'CACHE', permission: 'CACHE_CONNECT' });
    const stack = new cdk.Stack(new cdk.App(), 'S');
    const cache = new TieredCache(stack, 'Cache', { plan: rbac.cache! });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc: cache.vpc });
    const wiring: WiringPlan = {
      ...system.api!.wiring!, ingress: [], grants: [{ block: WiredBlock.CACHE, permission: WiringPermission.CACHE_CONNECT }],
    };
    expect(() => renderWiringAccess(wiring, { cache }, { securityGroup: sg, role }))
      .toThrow(/plan\.wiring\.grants\.permission = "CACHE_CONNECT": must be a permission the rendered cache has: CACHE_CONNECT needs auth mode IAM \(the cache has RBAC\)/);
  });
});

describe('CloudFormation SystemStack with shards', () => {
  test('GIVEN hash shards WHEN synthesized THEN every shard admits the API and the map parameter name is the wiring\'s', () => {
    const app = new cdk.App();
    const stack = new SystemStack(app, 'System', { spec: SHARDED });
    const wiring = stack.api!.plan.wiring!;
    expect(wiring.ingress.map((i) => i.shardId)).toEqual(stack.shardedDatabase!.plan.shards.map((s) => s.id));
    for (const shard of stack.shardedDatabase!.shards) {
      const nested = Template.fromStack(cdk.Stack.of(shard));
      const sgId = cdk.Stack.of(shard).getLogicalId(shard.securityGroup.node.defaultChild as cdk.CfnElement);
      expect(Object.values(nested.findResources('AWS::EC2::SecurityGroupIngress'))
        .filter((r) => JSON.stringify(r.Properties.GroupId).includes(sgId) && r.Properties.Description?.includes('Api'))).toHaveLength(1);
    }
    const c = containerOf(Template.fromStack(stack), stack, 'ApiTaskDefinition');
    expect(names(c.Environment)).toContain(DATABASE_ENVIRONMENT.shardMapParameter);
  });

  test('GIVEN geographic shards WHEN synthesized THEN the shard of the system\'s Region admits the API and its credentials are granted, from the system stack', () => {
    const app = new cdk.App();
    const stack = new SystemStack(app, 'System', { spec: GEOGRAPHIC });
    const local = stack.api!.plan.wiring!.ingress.map((i) => i.shardId!);
    expect(local.length).toBeGreaterThan(0);
    const rules = Template.fromStack(stack).findResources('AWS::EC2::SecurityGroupIngress');
    expect(Object.keys(rules).filter((id) => local.some((s) => id.includes(s.replace(/-/g, ''))))).toHaveLength(local.length);
    app.synth();
  });
});

describe('a consumer construct renders the wiring it is handed, or says what is missing', () => {
  test('GIVEN a wired API plan WHEN rendered without its targets THEN a ValidationError names each missing target', () => {
    const plan = planSystem(EXAMPLE);
    const stack = new cdk.Stack(new cdk.App(), 'S', { env: { region: 'eu-west-1' } });
    const e = validationErrorOf(() => new LoadBalancedApi(stack, 'Api', { plan: plan.api }));
    expect(e.message).toMatch(/wiringTargets\.database/);
    expect(e.message).toMatch(/wiringTargets\.cache/);
    expect(e.message).toMatch(/wiringTargets\.queue/);
  });

  test('GIVEN a supplied plan whose wiring does not fit the blocks it names WHEN rendered THEN one ValidationError lists each entry (never a TypeError)', () => {
    const { plan, issues } = misfitWiringApi();
    const stack = new cdk.Stack(new cdk.App(), 's');
    const e = validationErrorOf(() => new LoadBalancedApi(stack, 'Api', { plan }));
    expect(e.issues.map((i) => i.prop)).toEqual(issues);
  });

  test('GIVEN targets but a plan without wiring WHEN rendered THEN a ValidationError names wiringTargets', () => {
    const stack = new cdk.Stack(new cdk.App(), 'S');
    const e = validationErrorOf(() => new WorkQueue(stack, 'Q', { wiringTargets: {} }));
    expect(e.message).toMatch(/wiringTargets/);
  });
});
