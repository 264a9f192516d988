import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import type { WiringTargets } from './wiring-targets';
import { DatabaseAttribute, WiredBlock, WiringPermission, WiringPlan, wiredBlocks } from '../core/blocks/shared/wiring';
import { CacheEnvironmentValue } from '../core/blocks/tiered-cache';
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

/** The environment and secrets (by ARN) a wiring adds to a container, and what the execution role must read to inject the secrets. */
export interface WiredContainer {
  readonly environment: { [name: string]: string };
  readonly secrets: { [name: string]: string };
  /** IAM statements for the execution role: read the wired secrets and decrypt them. */
  readonly secretStatements: object[];
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
    return { environment: {}, secrets: {}, secretStatements: [] };
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
  const secrets: { [name: string]: string } = {};
  const secretArns: string[] = [];
  const keyArns: string[] = [];
  for (const [name, s] of Object.entries(wiring.secrets)) {
    const source = secretOf(t, s.block);
    if (rules.check(`plan.wiring.secrets.${name}`, s.block, source !== undefined, 'DATABASE or CACHE, a block with a secret')) {
      secrets[name] = s.field === undefined ? source!.arn : `${source!.arn}:${s.field}::`;
      if (!secretArns.includes(source!.arn)) secretArns.push(source!.arn);
      if (source!.keyArn !== undefined && !keyArns.includes(source!.keyArn)) keyArns.push(source!.keyArn);
    }
  }
  rules.throwIfInvalid();
  const secretStatements = secretArns.length === 0 ? [] : [
    { Sid: 'ReadWiredSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArns },
    ...(keyArns.length > 0 ? [{ Sid: 'DecryptWiredSecrets', Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArns }] : []),
  ];
  return { environment, secrets, secretStatements };
}

/** The secret of a target and the key it is encrypted with. */
function secretOf(t: WiringTargets, block: WiredBlock): { arn: string; keyArn?: string } | undefined {
  if (block === WiredBlock.DATABASE) return { arn: t.database!.secretArn, keyArn: t.database!.key.arn };
  if (block === WiredBlock.CACHE && t.cache!.authSecretArn !== undefined) return { arn: t.cache!.authSecretArn, keyArn: t.cache!.key?.arn };
  return undefined;
}

/** A deploy-time attribute of a target; undefined when it has none. */
function attributeOf(t: WiringTargets, block: WiredBlock, attribute: string): string | undefined {
  switch (block) {
    case WiredBlock.DATABASE:
      switch (attribute) {
        case DatabaseAttribute.WRITER_ENDPOINT: return t.database!.writerEndpoint;
        case DatabaseAttribute.READER_ENDPOINT: return t.database!.readerEndpoint;
        case DatabaseAttribute.PORT: return t.database!.port;
        default: return undefined;
      }
    case WiredBlock.DATABASE_PROXY:
      return attribute === DatabaseAttribute.PROXY_ENDPOINT ? t.database!.proxyEndpoint : undefined;
    case WiredBlock.SHARDED_DATABASE:
      return attribute === DatabaseAttribute.SHARD_MAP_PARAMETER_NAME ? t.shardedDatabase!.shardMapParameterName : undefined;
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
        case WorkQueueAttribute.PAYLOAD_BUCKET_NAME: return queue.payloadBucketName;
        default: return undefined;
      }
    }
  }
}

/** The consumer's side of the ingress and grants. */
export interface WiredConsumer {
  /** How the consumer is named in rule ids: `Api`, `Workers`. */
  readonly tier: string;
  readonly securityGroupId: string;
  /** Name (or id) of the consumer's task role. */
  readonly role: string;
}

/**
 * Renders the wiring's ingress rules (each block admits the consumer's security group on the
 * plan's port) and grants (one policy on the consumer's task role, `WiringGrants`). Call after
 * `wiredContainer` checked the targets.
 *
 * @throws ValidationError when an ingress port is not the port the rendered block listens on
 */
export function renderWiringAccess(scope: Construct, wiring: WiringPlan | undefined, targets: WiringTargets | undefined,
  consumer: WiredConsumer): void {
  if (!wiring || !targets) return;
  const rules = new Rules(scope.node.path);
  const id = `Allow${consumer.tier}`;
  wiring.ingress.forEach((ingress, i) => {
    const at = `plan.wiring.ingress[${i}].port`;
    switch (ingress.block) {
      case WiredBlock.DATABASE:
        if (rules.check(at, ingress.port, String(ingress.port) === targets.database!.port, `the database's port (${targets.database!.port})`)) {
          targets.database!.allowFrom(id, consumer.securityGroupId);
        }
        break;
      case WiredBlock.DATABASE_PROXY: {
        const db = ingress.shardId === undefined ? targets.database! : targets.shardedDatabase!.shard(ingress.shardId);
        const what = ingress.shardId === undefined ? 'the database' : `shard ${ingress.shardId}`;
        if (rules.check(at, ingress.port, String(ingress.port) === db.port, `${what}'s port (${db.port})`)) {
          db.allowProxyFrom(ingress.shardId === undefined ? `${id}ToProxy` : `${id}ToProxy-${ingress.shardId}`, consumer.securityGroupId);
        }
        break;
      }
      case WiredBlock.CACHE:
        if (rules.check(at, ingress.port, ingress.port === targets.cache!.port, `the cache's port (${targets.cache!.port})`)) {
          targets.cache!.allowFrom(id, consumer.securityGroupId);
        }
        break;
      case WiredBlock.SHARDED_DATABASE: {
        const shard = targets.shardedDatabase!.shard(ingress.shardId!);
        if (rules.check(at, ingress.port, String(ingress.port) === shard.port, `shard ${ingress.shardId}'s port (${shard.port})`)) {
          shard.allowFrom(id, consumer.securityGroupId);
        }
        break;
      }
      default:
        break;
    }
  });
  wiring.grants.forEach((grant, i) => {
    if (grant.permission !== WiringPermission.CACHE_CONNECT) return;
    rules.check(`plan.wiring.grants[${i}].permission`, grant.permission, targets.cache!.connectResourceArns().length > 0,
      `a permission the rendered cache has: CACHE_CONNECT needs auth mode IAM (the cache has ${targets.cache!.plan.application.auth.mode})`);
  });
  rules.throwIfInvalid();
  const statements = grantStatements(wiring, targets);
  if (statements.length > 0) {
    new IamRolePolicy(scope, 'WiringGrants', {
      role: consumer.role,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    });
  }
}

/** The IAM statements of the wiring's grants, in the plan's order (the queue's permissions in its own vocabulary). */
function grantStatements(wiring: WiringPlan, t: WiringTargets): object[] {
  const statements: object[] = [];
  const queuePermissions: WorkQueuePermission[] = [];
  const shardSecrets: string[] = [];
  const shardKeys: string[] = [];
  const shardProxies: string[] = [];
  for (const grant of wiring.grants) {
    switch (grant.permission) {
      case WiringPermission.DATABASE_CONNECT:
        statements.push({ Sid: 'DatabaseConnect', Effect: 'Allow', Action: 'rds-db:connect', Resource: t.database!.connectResourceArns() });
        break;
      case WiringPermission.DATABASE_PROXY_CONNECT:
        if (grant.shardId === undefined) {
          statements.push({ Sid: 'DatabaseProxyConnect', Effect: 'Allow', Action: 'rds-db:connect', Resource: t.database!.proxyConnectResourceArns() });
        } else {
          shardProxies.push(...t.shardedDatabase!.shard(grant.shardId).proxyConnectResourceArns());
        }
        break;
      case WiringPermission.SHARD_MAP_READ:
        statements.push({ Sid: 'ReadShardMap', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: t.shardedDatabase!.shardMapParameter.arn });
        break;
      case WiringPermission.SHARD_CREDENTIALS_READ: {
        const shard = t.shardedDatabase!.shard(grant.shardId!);
        shardSecrets.push(shard.secretArn);
        shardKeys.push(shard.key.arn);
        break;
      }
      case WiringPermission.CACHE_AUTH_SECRET_READ:
        statements.push({ Sid: 'ReadCacheAuthSecret', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: t.cache!.authSecretArn });
        if (t.cache!.key) statements.push({ Sid: 'DecryptCacheAuthSecret', Effect: 'Allow', Action: 'kms:Decrypt', Resource: t.cache!.key.arn });
        break;
      case WiringPermission.CACHE_CONNECT:
        statements.push({ Sid: 'CacheConnect', Effect: 'Allow', Action: 'elasticache:Connect', Resource: t.cache!.connectResourceArns() });
        break;
      case WiringPermission.QUEUE:
        queuePermissions.push(grant.queuePermission!);
        break;
    }
  }
  if (shardSecrets.length > 0) {
    statements.push({ Sid: 'ReadShardCredentials', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: shardSecrets });
    statements.push({ Sid: 'DecryptShardCredentials', Effect: 'Allow', Action: 'kms:Decrypt', Resource: shardKeys });
  }
  if (shardProxies.length > 0) statements.push({ Sid: 'ShardProxyConnect', Effect: 'Allow', Action: 'rds-db:connect', Resource: shardProxies });
  if (queuePermissions.length > 0) statements.push(...t.queue!.permissionStatements(queuePermissions));
  return statements;
}
