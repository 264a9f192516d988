import * as catalog from '../../catalog';
import { fmt } from '../../validation';
import { RemovalPolicy } from '../common';
import { CacheAuthMode, CacheEngine, EvictionPolicy } from './options';
import { TieredCachePlan } from './plan';

// TieredCache: the notes the check prints beside the sizing rows.

/** Notes the report shows for a plan (design facts that are not capacity rows). */
export function tieredCacheNotes(plan: TieredCachePlan): string[] {
  const a = plan.application;
  const p = plan.path;
  const notes: string[] = [];
  if (a.engine === CacheEngine.MEMCACHED) {
    notes.push(`${p}: Memcached has no replicas, failover, snapshots, encryption at rest or authentication: only the security group protects it, and an AZ loss drops the keys of the nodes there`);
  } else {
    if (!a.atRestEncryption) notes.push(`${p}: encryption at rest is off`);
    if (a.auth.mode === CacheAuthMode.NONE) notes.push(`${p}: authentication is off: any client the security group admits can read and write the cache`);
    notes.push(...cacheAuthNotes(plan));
    if (a.snapshot.retentionDays === 0) notes.push(`${p}: automatic snapshots are off`);
    if (a.readFromReplica) {
      notes.push(`${p}: reads use replicas: replication is asynchronous, so a read right after an invalidation may return the old value for a moment`);
    }
    if (a.evictionPolicy === EvictionPolicy.NOEVICTION) notes.push(`${p}: eviction policy NOEVICTION: writes fail once memory is full`);
    if (a.evictionPolicy !== undefined && a.evictionPolicy.startsWith('VOLATILE')) {
      notes.push(`${p}: eviction policy ${a.evictionPolicy} evicts only keys with a TTL: keys written without one fill the memory and writes then fail`);
    }
  }
  if (!a.transitEncryption) notes.push(`${p}: encryption in transit is off`);
  if (a.removalPolicy === RemovalPolicy.DESTROY) notes.push(`${p}: removal policy DESTROY: removing the block deletes the cache without a final snapshot`);
  if (plan.query.invalidateOn.length === 0) {
    notes.push(`${p}: no invalidation rules: cached query results stay stale up to ${fmt(plan.query.ttlSeconds)} s after a write`);
  }
  return notes;
}

/**
 * What the auth mode means for clients and for secrets: with IAM, what a client must do and that
 * no password exists; with a password (RBAC, AUTH_TOKEN), exactly where it is kept, Terraform
 * state included, and why it cannot be kept out of it.
 */
function cacheAuthNotes(plan: TieredCachePlan): string[] {
  const a = plan.application;
  const p = plan.path;
  const q = catalog.QUOTAS.elastiCache;
  if (a.auth.mode === CacheAuthMode.IAM) {
    return [`${p}: IAM authentication: no password exists (none in the template, the Terraform state or Secrets Manager); `
      + `clients log in as ${a.auth.userName} with a SigV4 token signed by their IAM role for ${a.clusterId} (elasticache:Connect on the `
      + `cache and the user), valid ${fmt(q.iamAuthTokenLifetimeSeconds.value / 60)} minutes, and must re-authenticate or reconnect `
      + `within ${fmt(q.iamAuthConnectionMaxSeconds.value / 3600)} hours, when ElastiCache closes the connection`];
  }
  if (a.auth.mode !== CacheAuthMode.RBAC && a.auth.mode !== CacheAuthMode.AUTH_TOKEN) return [];
  const holders = a.auth.mode === CacheAuthMode.RBAC
    ? `the passwords of aws_elasticache_user ${a.auth.userId} and of the disabled default user ${a.auth.defaultUserId}`
    : 'the auth_token of aws_elasticache_replication_group';
  return [`${p}: auth mode ${a.auth.mode} uses a password (in Secrets Manager, ${a.auth.secretName}). CloudFormation: the template holds `
    + 'only a Secrets Manager dynamic reference, never the value. Terraform: the value is in the state, in plain text, in the '
    + `generated data.aws_secretsmanager_random_password, the secret_string of aws_secretsmanager_secret_version and ${holders}: `
    + 'AWS provider 6.25 (@cdktf/provider-aws 21) has write-only arguments for the secret version (secret_string_wo) but none for '
    + 'ElastiCache passwords or AUTH tokens, and CDKTF 0.21 cannot declare ephemeral resources, so the value the cache needs passes '
    + 'through the state; keep the state encrypted with access restricted, or use auth mode IAM (Valkey, Redis OSS 7.0 or later), '
    + 'which has no password'];
}
