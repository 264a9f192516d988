import { TerraformResource, Testing, TerraformStack } from 'cdktf';
import { TfTemplate } from './template';
import { LoadBalancedApi } from '../../src/cdktf/load-balanced-api';
import { ReplicatedDatabase } from '../../src/cdktf/replicated-database';
import { SystemStack } from '../../src/cdktf/system-stack';
import { TieredCache } from '../../src/cdktf/tiered-cache';
import { renderWiringAccess } from '../../src/cdktf/wiring';
import { WorkQueue } from '../../src/cdktf/work-queue';
import {
  CacheAuthMode, DATABASE_ENVIRONMENT, planSystem, SystemSpec, tieredCacheNotes, ValidationError, WiredBlock, WiringPermission, WiringPlan,
} from '../../src/core';
import { EXAMPLE, GEOGRAPHIC, misfitWiringApi, SHARDED } from '../fixtures/systems';

function synth(spec: SystemSpec): { stack: SystemStack; t: TfTemplate } {
  const stack = new SystemStack(Testing.app(), spec.name, { spec });
  return { stack, t: TfTemplate.synth(stack) };
}

/** `${type.name.attr}` of a construct of the stack, as Terraform JSON writes the reference. */
const tf = (resource: TerraformResource, attr = 'id'): string => `\${${resource.terraformResourceType}.${resource.friendlyUniqueId}.${attr}}`;

/** The one container of a task definition whose name starts with a prefix. */
function containerOf(t: TfTemplate, prefix: string): { environment: { name: string }[]; secrets: { name: string }[] } {
  const defs = t.resources('aws_ecs_task_definition').filter((d) => d.name.startsWith(prefix));
  expect(defs).toHaveLength(1);
  return JSON.parse(defs[0].attributes.container_definitions)[0];
}

/** The master credentials secret of a database, as Terraform JSON writes the reference. */
const secretOf = (db: ReplicatedDatabase): string => tf(db.cluster ?? db.instance!, 'master_user_secret[0].secret_arn');

const names = (entries: { name: string }[] | undefined): string[] => (entries ?? []).map((e) => e.name).sort();

function expectedNames(...maps: { [k: string]: unknown }[]): string[] {
  return [...new Set(maps.flatMap((m) => Object.keys(m)))].sort();
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

/** The statements of the policies attached to a role (by its name reference). */
function statementsOf(t: TfTemplate, role: string): { Sid?: string; Action: string | string[]; Resource: unknown }[] {
  return t.find('aws_iam_role_policy', { role }).flatMap((p) => JSON.parse(p.attributes.policy).Statement);
}

describe('Terraform SystemStack: the wiring is the plan\'s', () => {
  const { stack, t } = synth(EXAMPLE);

  test('GIVEN the example THEN each consumer construct\'s plan is the system plan\'s, wiring included', () => {
    expect(stack.api!.plan).toBe(stack.plan.api);
    expect(stack.queue!.plan).toBe(stack.plan.queue);
    expect(stack.plan.wiring).toEqual([stack.api!.plan.wiring, stack.queue!.plan.workers.wiring]);
  });

  test('THEN the API container gets exactly its own and the wiring\'s environment and secrets', () => {
    const c = containerOf(t, 'Api_');
    const plan = stack.api!.plan;
    expect(names(c.environment)).toEqual(expectedNames(plan.container.environment, plan.wiring!.environment));
    expect(names(c.secrets)).toEqual(expectedNames(plan.container.secrets, plan.wiring!.secrets));
  });

  test('THEN the workers\' container gets exactly its own, the job contract and the wiring\'s', () => {
    const c = containerOf(t, 'Queue_');
    const plan = stack.queue!.plan;
    const f = plan.workers.fargate!;
    expect(names(c.environment)).toEqual(expectedNames(f.container.environment, stack.queue!.workerEnvironment, plan.workers.wiring!.environment));
    expect(names(c.secrets)).toEqual(expectedNames(f.container.secrets, plan.workers.wiring!.secrets));
  });

  test('THEN the database and the cache admit exactly the consumers whose wiring lists them, on the listed ports', () => {
    const consumers: [WiringPlan, string][] = [
      [stack.api!.plan.wiring!, tf(stack.api!.serviceSecurityGroup)], [stack.queue!.plan.workers.wiring!, tf(stack.queue!.workerSecurityGroup!)],
    ];
    for (const [block, sg] of [['DATABASE', stack.database!.securityGroup], ['CACHE', stack.cache!.securityGroup]] as const) {
      const listed = consumers.filter(([w]) => w.ingress.some((i) => i.block === block));
      const port = listed[0][0].ingress.find((i) => i.block === block)!.port;
      const rules = t.find('aws_vpc_security_group_ingress_rule', { security_group_id: tf(sg) });
      expect(rules.map((r) => r.attributes.referenced_security_group_id).sort()).toEqual(listed.map(([, s]) => s).sort());
      for (const r of rules) expect(r.attributes).toMatchObject({ from_port: port, to_port: port });
    }
  });

  test('THEN the task roles hold the grants their wiring lists, and the execution roles may read the wired secrets', () => {
    const api = statementsOf(t, tf(stack.api!.taskRole, 'name'));
    expect(api.map((s) => s.Sid)).toEqual(expect.arrayContaining(['CacheConnect', 'DatabaseConnect']));
    expect(api.map((s) => s.Sid)).not.toContain('ReadCacheAuthSecret');
    expect(api.flatMap((s) => s.Action)).toEqual(expect.arrayContaining(['sqs:SendMessage', 'dynamodb:PutItem', 'rds-db:connect']));
    // IAM authentication (the default): elasticache:Connect on the replication group and the cache's user
    expect(api.find((s) => s.Sid === 'CacheConnect')).toEqual({
      Sid: 'CacheConnect',
      Effect: 'Allow',
      Action: 'elasticache:Connect',
      Resource: [tf(stack.cache!.replicationGroup!, 'arn'), tf(stack.cache!.user!, 'arn')],
    });
    const workers = statementsOf(t, tf(stack.queue!.workerRole, 'name'));
    expect(workers.find((s) => s.Sid === 'DatabaseConnect')?.Resource).toEqual([expect.stringContaining(tf(stack.database!.cluster!, 'cluster_resource_id'))]);
    const execution = statementsOf(t, tf(stack.api!.executionRole));
    expect(execution.find((s) => s.Sid === 'ReadWiredSecrets')?.Resource).toEqual([secretOf(stack.database!)]);
  });

  test('THEN no cache password, random_password, secret or auth_token is in the Terraform JSON (so none in the state)', () => {
    expect(t.dataSources('aws_secretsmanager_random_password')).toHaveLength(0);
    expect(stack.cache!.authSecret).toBeUndefined();
    const group = t.only('aws_elasticache_replication_group').attributes;
    expect(group.auth_token).toBeUndefined();
    expect(t.resources('aws_elasticache_user').map((u) => u.attributes.authentication_mode)).toEqual(expect.arrayContaining([{ type: 'iam' }, { type: 'no-password-required' }]));
    expect(t.find('aws_secretsmanager_secret', { name: 'scaleblocks/social-feed-cache/cache-auth' })).toHaveLength(0);
    expect(JSON.stringify(t.json)).not.toMatch(/random_password|auth_token|"passwords"/);
  });
});

describe('Terraform SystemStack: a cache with a password', () => {
  const spec: SystemSpec = {
    ...EXAMPLE, cache: { ...EXAMPLE.cache, application: { ...EXAMPLE.cache!.application, auth: { mode: CacheAuthMode.RBAC } } },
  };

  test('GIVEN the RBAC opt-out WHEN synthesized THEN the API reads the cache secret, gets no elasticache:Connect, and the notes say the password is in the state', () => {
    const { stack, t } = synth(spec);
    const api = statementsOf(t, tf(stack.api!.taskRole, 'name'));
    expect(api.find((s) => s.Sid === 'ReadCacheAuthSecret')?.Resource).toBe(tf(stack.cache!.authSecret!, 'arn'));
    expect(api.flatMap((s) => s.Action)).not.toContain('elasticache:Connect');
    expect(statementsOf(t, tf(stack.api!.executionRole)).find((s) => s.Sid === 'ReadWiredSecrets')?.Resource)
      .toEqual(expect.arrayContaining([secretOf(stack.database!), tf(stack.cache!.authSecret!, 'arn')]));
    expect(t.dataSources('aws_secretsmanager_random_password')).toHaveLength(1);
    expect(tieredCacheNotes(stack.cache!.plan).join('\n')).toMatch(/Terraform: the value is in the state/);
  });

  test('GIVEN a supplied API plan that grants CACHE_CONNECT on a cache with a password WHEN rendered THEN a ValidationError names the grant', () => {
    const iam = planSystem(EXAMPLE).api!;
    const rbac = planSystem(spec);
    const s = new TerraformStack(Testing.app(), 'x');
    const cache = new TieredCache(s, 'Cache', { plan: rbac.cache! });
    const wiring: WiringPlan = {
      ...iam.wiring!, environment: {}, secrets: {}, ingress: [], grants: [{ block: WiredBlock.CACHE, permission: WiringPermission.CACHE_CONNECT }],
    };
    const error = validationErrorOf(() => renderWiringAccess(s, wiring, { cache }, { tier: 'Api', securityGroupId: 'sg-1', role: 'api-role' }));
    expect(error.message).toMatch(/plan\.wiring\.grants\[0\]\.permission = "CACHE_CONNECT": must be a permission the rendered cache has: CACHE_CONNECT needs auth mode IAM \(the cache has RBAC\)/);
  });
});

describe('Terraform SystemStack with shards', () => {
  test('GIVEN hash shards WHEN synthesized THEN every shard admits the API and the role reads the map and each shard\'s credentials', () => {
    const { stack, t } = synth(SHARDED);
    for (const shard of stack.shardedDatabase!.shards) {
      expect(t.find('aws_vpc_security_group_ingress_rule', { security_group_id: tf(shard.securityGroup) })
        .map((r) => r.attributes.referenced_security_group_id)).toEqual([tf(stack.api!.serviceSecurityGroup)]);
    }
    const statements = statementsOf(t, tf(stack.api!.taskRole, 'name'));
    expect(statements.find((s) => s.Sid === 'ReadShardMap')?.Resource).toBe(tf(stack.shardedDatabase!.shardMapParameter, 'arn'));
    expect(statements.find((s) => s.Sid === 'ReadShardCredentials')?.Resource).toEqual(stack.shardedDatabase!.shards.map(secretOf));
    expect(names(containerOf(t, 'Api_').environment)).toContain(DATABASE_ENVIRONMENT.shardMapParameter);
  });

  test('GIVEN geographic shards WHEN synthesized THEN only the shards of the system\'s Region admit the API and have their credentials granted', () => {
    const { stack, t } = synth(GEOGRAPHIC);
    const local = stack.api!.plan.wiring!.ingress.map((i) => i.shardId!);
    const admitted = stack.shardedDatabase!.plan.shards.map((s) => s.id).filter((id) =>
      t.find('aws_vpc_security_group_ingress_rule', { security_group_id: tf(stack.shardedDatabase!.shard(id).securityGroup) }).length > 0);
    expect(admitted).toEqual(local);
    const granted = statementsOf(t, tf(stack.api!.taskRole, 'name')).find((s) => s.Sid === 'ReadShardCredentials')?.Resource;
    expect(granted).toEqual(local.map((id) => secretOf(stack.shardedDatabase!.shard(id))));
  });
});

describe('a Terraform consumer construct renders the wiring it is handed, or says what is missing', () => {
  test('GIVEN a wired API plan WHEN rendered without its targets THEN a ValidationError names each missing target', () => {
    const plan = planSystem(EXAMPLE);
    const stack = new TerraformStack(Testing.app(), 's');
    const e = validationErrorOf(() => new LoadBalancedApi(stack, 'Api', { plan: plan.api }));
    expect(e.message).toMatch(/wiringTargets\.database/);
    expect(e.message).toMatch(/wiringTargets\.cache/);
    expect(e.message).toMatch(/wiringTargets\.queue/);
  });

  test('GIVEN a supplied plan whose wiring does not fit the blocks it names WHEN rendered THEN one ValidationError lists each entry (never a TypeError)', () => {
    const { plan, issues } = misfitWiringApi();
    const stack = new TerraformStack(Testing.app(), 's');
    const e = validationErrorOf(() => new LoadBalancedApi(stack, 'Api', { plan }));
    expect(e.issues.map((i) => i.prop)).toEqual(issues);
  });

  test('GIVEN targets but a plan without wiring WHEN rendered THEN a ValidationError names wiringTargets', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(validationErrorOf(() => new WorkQueue(stack, 'Q', { wiringTargets: {} })).message).toMatch(/wiringTargets/);
  });
});
