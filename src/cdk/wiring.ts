import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { WiringTargets } from './wiring-targets';
import { DatabaseAttribute, WiredBlock, WiringGrantPlan, WiringPermission, WiringPlan, wiredBlocks } from '../core/blocks/shared/wiring';
import { CacheAuthMode, CacheEnvironmentValue } from '../core/blocks/tiered-cache';
import { WorkQueueAttribute, WorkQueuePermission } from '../core/blocks/work-queue';
import { Rules } from '../core/validation';

/*
 * Renders a consumer's wiring (its plan's `wiring`, made by `planSystem`) while the consumer is
 * built: one entry of the plan, one native setting. Nothing is decided here: which variable,
 * which secret, which port and which grant are the plan's.
 */

const TARGET_KEY: Record<WiredBlock, keyof WiringTargets> = {
  [WiredBlock.DATABASE]: 'database',
  [WiredBlock.DATABASE_PROXY]: 'database',
  [WiredBlock.SHARDED_DATABASE]: 'shardedDatabase',
  [WiredBlock.CACHE]: 'cache',
  [WiredBlock.QUEUE]: 'queue',
};

/** The environment and secrets a wiring adds to a container, resolved against the targets. */
export interface WiredContainer {
  readonly environment: { [name: string]: string };
  readonly secrets: { [name: string]: ecs.Secret };
}

/**
 * Checks that every block the wiring names is among the targets (and that targets come with a
 * wiring), then resolves the container's environment and secrets.
 *
 * @throws ValidationError naming each missing target, or a value the rendered block does not have
 */
export function wiredContainer(path: string, wiring: WiringPlan | undefined, targets: WiringTargets | undefined): WiredContainer {
  const rules = new Rules(path);
  if (!wiring) {
    rules.check('wiringTargets', 'given', targets === undefined, 'unset: the plan has no wiring (planSystem wires the consumers of a system)');
    rules.throwIfInvalid();
    return { environment: {}, secrets: {} };
  }
  for (const block of wiredBlocks(wiring)) {
    const key = TARGET_KEY[block];
    rules.check(`wiringTargets.${key}`, undefined, targets?.[key] !== undefined, `the rendered ${key} the plan's wiring refers to (${block})`);
  }
  rules.throwIfInvalid();
  const t = targets!;
  const environment: { [name: string]: string } = {};
  for (const [name, v] of Object.entries(wiring.environment)) {
    const value = v.value ?? attributeOf(t, v.block!, v.attribute!);
    if (rules.check(`plan.wiring.environment.${name}`, v.attribute ?? v.value, value !== undefined,
      `a value the rendered ${v.block === undefined ? 'block' : TARGET_KEY[v.block]} has`)) {
      environment[name] = value!;
    }
  }
  const secrets: { [name: string]: ecs.Secret } = {};
  for (const [name, s] of Object.entries(wiring.secrets)) {
    const secret = s.block === WiredBlock.DATABASE ? t.database!.secret : s.block === WiredBlock.CACHE ? t.cache!.authSecret : undefined;
    if (rules.check(`plan.wiring.secrets.${name}`, s.block, secret !== undefined, 'DATABASE or CACHE, a block with a secret')) {
      secrets[name] = ecs.Secret.fromSecretsManager(secret as secretsmanager.ISecret, s.field);
    }
  }
  rules.throwIfInvalid();
  return { environment, secrets };
}

/** A deploy-time attribute of a target; undefined when it has none. */
function attributeOf(t: WiringTargets, block: WiredBlock, attribute: string): string | undefined {
  switch (block) {
    case WiredBlock.DATABASE:
      switch (attribute) {
        case DatabaseAttribute.WRITER_ENDPOINT: return t.database!.writerEndpoint;
        case DatabaseAttribute.READER_ENDPOINT: return t.database!.readerEndpoint;
        case DatabaseAttribute.PORT: return String(t.database!.port);
        default: return undefined;
      }
    case WiredBlock.DATABASE_PROXY:
      return attribute === DatabaseAttribute.PROXY_ENDPOINT ? t.database!.proxyEndpoint : undefined;
    case WiredBlock.SHARDED_DATABASE:
      return attribute === DatabaseAttribute.SHARD_MAP_PARAMETER_NAME ? t.shardedDatabase!.shardMapParameter.parameterName : undefined;
    case WiredBlock.CACHE: {
      const cache = t.cache!;
      if (attribute === cache.plan.application.endpoint) return cache.endpointAddress;
      if (attribute === CacheEnvironmentValue.READER_ENDPOINT_ADDRESS) return cache.readerEndpointAddress;
      if (attribute === CacheEnvironmentValue.AUTH_SECRET_ARN) return cache.authSecretArn;
      return undefined;
    }
    case WiredBlock.QUEUE: {
      const queue = t.queue!;
      switch (attribute) {
        case WorkQueueAttribute.QUEUE_URL: return queue.queueUrl;
        case WorkQueueAttribute.JOB_TABLE_NAME: return queue.jobTableName;
        case WorkQueueAttribute.COMPLETION_TOPIC_ARN: return queue.completionTopicArn;
        case WorkQueueAttribute.PAYLOAD_BUCKET_NAME: return queue.payloadBucket?.bucketName;
        default: return undefined;
      }
    }
  }
}

/** The consumer's side of the ingress and grants: its tasks' security group and its task role. */
export interface WiredConsumer {
  readonly securityGroup: ec2.ISecurityGroup;
  readonly role: iam.IRole;
}

/** The top-level stack a construct is rendered in (a nested stack's parent). */
function topStack(scope: Construct): cdk.Stack {
  let stack = cdk.Stack.of(scope);
  while (stack.nestedStackParent) stack = stack.nestedStackParent;
  return stack;
}

/**
 * Renders the wiring's ingress rules (each block admits the consumer's security group on the
 * plan's port) and grants (on the consumer's task role). Call after `wiredContainer` checked the
 * targets.
 */
export function renderWiringAccess(wiring: WiringPlan | undefined, targets: WiringTargets | undefined, consumer: WiredConsumer): void {
  if (!wiring || !targets) return;
  const sg = consumer.securityGroup;
  for (const ingress of wiring.ingress) {
    const port = ec2.Port.tcp(ingress.port);
    switch (ingress.block) {
      case WiredBlock.DATABASE:
        targets.database!.connections.allowFrom(sg, port, `${sg.node.path} to the database`);
        break;
      case WiredBlock.DATABASE_PROXY: {
        const db = proxyOf(targets, ingress.shardId);
        if (ingress.shardId === undefined || topStack(db) === topStack(sg)) {
          db.proxyConnections!.allowFrom(sg, port, `${sg.node.path} to the ${ingress.shardId === undefined ? 'database' : `shard ${ingress.shardId}`}'s proxy`);
        } else {
          // A shard of a stack of its own (GEOGRAPHIC, in the system's Region): the rule lives beside the consumer, as below.
          new ec2.CfnSecurityGroupIngress(sg, `ToProxy-${ingress.shardId}-${ingress.port}`, {
            groupId: db.proxyConnections!.securityGroups[0].securityGroupId,
            sourceSecurityGroupId: sg.securityGroupId,
            ipProtocol: 'tcp',
            fromPort: ingress.port,
            toPort: ingress.port,
            description: `${sg.node.path} to the shard ${ingress.shardId}'s proxy`,
          });
        }
        break;
      }
      case WiredBlock.CACHE:
        targets.cache!.connections.allowFrom(sg, port, `${targets.cache!.plan.name}: from the API tier`);
        break;
      case WiredBlock.SHARDED_DATABASE: {
        const shard = targets.shardedDatabase!.shard(ingress.shardId!);
        if (topStack(shard) === topStack(sg)) {
          shard.connections.allowFrom(sg, port, `${sg.node.path} to the shards`);
        } else {
          // A shard of a stack of its own (GEOGRAPHIC, in the system's Region): the rule lives beside the consumer,
          // so the references go one way only (consumer -> shard stack), as the grants' do.
          new ec2.CfnSecurityGroupIngress(sg, `To-${ingress.shardId}-${ingress.port}`, {
            groupId: shard.securityGroup.securityGroupId,
            sourceSecurityGroupId: sg.securityGroupId,
            ipProtocol: 'tcp',
            fromPort: ingress.port,
            toPort: ingress.port,
            description: `${sg.node.path} to the shards`,
          });
        }
        break;
      }
      default:
        break;
    }
  }
  const queuePermissions: WorkQueuePermission[] = [];
  for (const grant of wiring.grants) {
    if (grant.permission === WiringPermission.QUEUE) {
      queuePermissions.push(grant.queuePermission!);
    } else {
      renderStateGrant(grant, targets, consumer.role);
    }
  }
  if (queuePermissions.length > 0) targets.queue!.grantPermissions(consumer.role, queuePermissions);
}

/** The wired database, or the shard `shardId`, which must have the proxy the wiring names (a supplied plan may not). */
function proxyOf(targets: WiringTargets, shardId?: string): NonNullable<WiringTargets['database']> {
  const db = shardId === undefined ? targets.database! : targets.shardedDatabase!.shard(shardId);
  const rules = new Rules(db.node.path);
  rules.check('plan.proxy', undefined, db.proxy !== undefined, shardId === undefined
    ? 'a proxy (proxy: {}): the wiring names the database\'s proxy' : `a proxy (proxy: {}): the wiring names shard ${shardId}'s proxy`);
  rules.throwIfInvalid();
  return db;
}

function renderStateGrant(grant: WiringGrantPlan, targets: WiringTargets, role: iam.IRole): void {
  switch (grant.permission) {
    case WiringPermission.DATABASE_CONNECT:
      targets.database!.grantConnect(role);
      break;
    case WiringPermission.DATABASE_PROXY_CONNECT: {
      // On the role only (DatabaseProxy.grantConnect adds to the principal's policy): a shard of another stack is referred to one way.
      const db = proxyOf(targets, grant.shardId);
      db.proxy!.grantConnect(role, db.plan.credentials.username);
      break;
    }
    case WiringPermission.SHARD_MAP_READ:
      targets.shardedDatabase!.grantReadShardMap(role);
      break;
    case WiringPermission.SHARD_CREDENTIALS_READ: {
      const shard = targets.shardedDatabase!.shard(grant.shardId!);
      if (topStack(shard) === topStack(role)) {
        shard.grantReadCredentials(role);
      } else {
        // A shard of a stack of its own (GEOGRAPHIC, in the system's Region): the grant goes on the role only (an
        // IAM policy naming the shard's secret and key), so the shard's stack never refers back to the consumer's.
        role.addToPrincipalPolicy(new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [shard.secret.secretArn],
        }));
        if (shard.secret.encryptionKey) role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [shard.secret.encryptionKey.keyArn] }));
      }
      break;
    }
    case WiringPermission.CACHE_AUTH_SECRET_READ:
      targets.cache!.grantConnect(role);
      break;
    case WiringPermission.CACHE_CONNECT: {
      const rules = new Rules(targets.cache!.node.path);
      const mode = targets.cache!.plan.application.auth.mode;
      rules.check('plan.wiring.grants.permission', grant.permission, mode === CacheAuthMode.IAM,
        `a permission the rendered cache has: CACHE_CONNECT needs auth mode IAM (the cache has ${mode})`);
      rules.throwIfInvalid();
      targets.cache!.grantConnect(role);
      break;
    }
    default:
      break;
  }
}
