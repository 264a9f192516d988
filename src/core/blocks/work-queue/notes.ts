// WorkQueue: the notes the report shows for a plan.
import { LAMBDA_SQS_SCALING } from './internal';
import { QueueEncryption, QueueType } from './options';
import { WorkQueuePlan } from './plan';
import { fmt } from '../../validation';

/** Notes the report shows for a WorkQueue plan (design facts that are not capacity rows). */
export function workQueueNotes(plan: WorkQueuePlan): string[] {
  const notes: string[] = [];
  const p = plan.path;
  if (plan.workers.fargate?.container.placeholder) {
    notes.push(`${p}: the workers run a placeholder image that processes nothing; set workers.fargate.image`);
  }
  if (plan.workers.lambda && plan.workers.lambda.codePath === undefined) {
    notes.push(`${p}: the Lambda worker is a placeholder that fails every message; set workers.lambda.codePath`);
  }
  if (plan.queueType === QueueType.STANDARD) {
    notes.push(`${p}: a standard queue delivers at least once: workers must be idempotent (skip a job whose status is already SUCCEEDED)`);
  } else {
    notes.push(`${p}: FIFO processes one message per message group at a time: parallelism is bounded by the number of active message groups`);
  }
  if (plan.queueEncryption === QueueEncryption.SQS_MANAGED) {
    notes.push(`${p}: the completion topic uses the AWS-managed aws/sns key, which CloudWatch alarms and other AWS services cannot publish to; `
      + 'choose encryption KMS for a key you control');
  } else {
    notes.push(`${p}: with KMS, producers need kms:GenerateDataKey and consumers kms:Decrypt on the key; the key policy allows `
      + `${plan.kms?.servicePrincipals.join(', ') || 'no service principal'}; each SQS data key is reused for ${fmt(plan.kms?.dataKeyReuseSeconds ?? 0)} s, which bounds the KMS request cost`);
  }
  if (plan.completion.webhook) {
    notes.push(`${p}: the webhook must confirm its SNS subscription (it first receives a SubscriptionConfirmation); `
      + 'deliveries SNS gives up on go to the webhook dead-letter queue, which alarms');
  }
  const lambda = plan.workers.lambda;
  if (lambda && plan.load.jobsPerSecond > 0) {
    // The executions the peak keeps busy (jobs/s x s), up to the event source's maximum concurrency.
    const busy = Math.min(lambda.maxConcurrency, Math.ceil(plan.load.jobsPerSecond * plan.load.secondsPerJob - 1e-9));
    const { initialConcurrentBatches: first, addedPerMinute: perMinute, url } = LAMBDA_SQS_SCALING;
    if (busy > first) {
      notes.push(`${p}: the SQS event source starts with ${first} concurrent batches and adds up to ${perMinute} a minute (${url}): `
        + `the ${fmt(busy)} concurrent executions the peak keeps busy take about ${fmt(Math.ceil(((busy - first) / perMinute) * 60))} s to reach, `
        + 'so a sudden peak queues meanwhile (not a sizing row: the scale-out rows time Fargate workers only)');
    }
  }
  notes.push(`${p}: the job table takes about 3 writes per job (QUEUED, RUNNING, then SUCCEEDED or FAILED): `
    + `${fmt(plan.load.jobsPerSecond * 3)} writes/s at the declared rate, on demand`);
  notes.push(`${p}: the oldest-message alarm also counts jobs being retried, which keep their first enqueue time`);
  return notes;
}
