import { RemovalPolicy } from '../common';
import { DatabaseInstanceRole } from './options';
import { ReplicatedDatabasePlan } from './plan';
import { serverlessV2Notes } from './serverless';
import { auroraIoNote } from './storage-io';

// ReplicatedDatabase: the notes the check prints beside the sizing rows.

/** Notes the report shows for a plan (design facts that are not capacity rows). */
export function replicatedDatabaseNotes(plan: ReplicatedDatabasePlan): string[] {
  const notes: string[] = [];
  if (!plan.aurora && plan.readers > 0) {
    notes.push(`${plan.path}: RDS read replicas each have their own endpoint (${plan.endpoints.filter((e) => e.role === DatabaseInstanceRole.READER).map((e) => e.name).join(', ')}); the app spreads reads over them and falls back to the writer when none answers`);
  }
  if (plan.readerAutoScaling) {
    notes.push(`${plan.path}: reader auto scaling may run up to ${plan.readerAutoScaling.maxReaders} readers; the sizing counts only the ${plan.readers} provisioned, in the AZs the plan chose (Aurora places the others)`);
  }
  if (!plan.storage.encrypted) notes.push(`${plan.path}: storage is NOT encrypted at rest (storageEncrypted: false)`);
  if (!plan.requireTls) notes.push(`${plan.path}: connections without TLS are accepted (requireTls: false)`);
  if (!plan.deletionProtection) notes.push(`${plan.path}: deletion protection is off`);
  if (plan.removalPolicy === RemovalPolicy.DESTROY) notes.push(`${plan.path}: removal policy DESTROY deletes the data with the stack`);
  if (!plan.aurora && plan.readers > 0) {
    if (plan.replicaRemovalPolicy === RemovalPolicy.DESTROY && plan.removalPolicy !== RemovalPolicy.DESTROY) {
      notes.push(`${plan.path}: read replicas are disposable (disposableReadReplicas): no deletion protection, deleted with the stack or when readers is lowered`);
    } else if (plan.replicaDeletionProtection) {
      notes.push(`${plan.path}: read replicas are deletion-protected and retained: to lower readers, turn off the replica's deletion protection first (or set disposableReadReplicas)`);
    }
  }
  const io = auroraIoNote(plan);
  if (io !== undefined) notes.push(io);
  if (!plan.credentials.rotation) notes.push(`${plan.path}: the master password is never rotated`);
  notes.push(...serverlessV2Notes(plan));
  return notes;
}
