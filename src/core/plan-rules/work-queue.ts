import { BlockKind, MAX_AZS, MIN_AZS } from '../blocks/common';
import { DeploymentStrategy, MAX_RAMP_SECONDS } from '../blocks/load-balanced-api';
import { planWorkQueue, WorkerKind, WorkQueuePermission } from '../blocks/work-queue';
import * as catalog from '../catalog';
import { BlockPlanRules, checkAlarmWindow, checkFoundation, MAX_PLAN_COUNT, PlanValueRules } from './common';
import { checkWiring } from './wiring';

/** An SQS queue of the plan (the job queue, its dead-letter queue, the webhook's). */
function checkQueue(r: PlanValueRules, path: string): void {
  const sqs = catalog.QUOTAS.sqs;
  r.integer(`${path}.maxMessageBytes`, 1024, sqs.messageMaxBytes.value, 'bytes');
  r.integer(`${path}.retentionSeconds`, sqs.messageRetentionMinSeconds.value, sqs.messageRetentionMaxSeconds.value, 's');
  r.integer(`${path}.receiveWaitSeconds`, sqs.receiveWaitMinSeconds.value, sqs.receiveWaitMaxSeconds.value, 's');
  r.integer(`${path}.visibilityTimeoutSeconds`, sqs.visibilityTimeoutMinSeconds.value, sqs.visibilityTimeoutMaxSeconds.value, 's');
}

export const WORK_QUEUE_PLAN_RULES: BlockPlanRules = {
  kind: BlockKind.WORK_QUEUE,
  plan: planWorkQueue,
  type: 'WorkQueuePlan',
  schema: 'plans/work-queue.schema.json',
  check(r) {
    // Lambda workers create no VPC: its layout keeps the default count (no azCount to match).
    checkFoundation(r, r.at('workers.fargate.azCount'));
    checkWiring(r, 'workers.wiring', 'queue.workers');
    const sqs = catalog.QUOTAS.sqs;
    const lambda = catalog.QUOTAS.lambda;
    checkQueue(r, 'queue');
    checkPermissions(r);
    // The workers the kind names are the ones the plan holds (a wider random run deleted them: the Terraform backend threw its own error).
    const kind = r.at('workers.kind');
    if (kind === WorkerKind.FARGATE_SERVICE || kind === WorkerKind.LAMBDA) {
      const given = kind === WorkerKind.FARGATE_SERVICE ? 'fargate' : 'lambda';
      const other = kind === WorkerKind.FARGATE_SERVICE ? 'lambda' : 'fargate';
      r.rules.check(r.prop(`workers.${given}`), r.at(`workers.${given}`), r.at(`workers.${given}`) !== undefined, `given with workers.kind ${kind}`);
      r.rules.check(r.prop(`workers.${other}`), r.at(`workers.${other}`), r.at(`workers.${other}`) === undefined, `unset with workers.kind ${kind}`);
    }
    checkQueue(r, 'deadLetterQueue');
    checkQueue(r, 'completion.webhook.deadLetterQueue');
    r.integer('deadLetterQueue.maxReceiveCount', sqs.maxReceiveCountMin.value, sqs.maxReceiveCountMax.value);
    r.integer('workers.minWorkers', 0, MAX_PLAN_COUNT, 'workers');
    r.integer('workers.maxWorkers', 1, MAX_PLAN_COUNT, 'workers');
    r.ordered('workers.minWorkers', 'workers.maxWorkers');
    r.integer('workers.fargate.azCount', MIN_AZS, MAX_AZS);
    r.number('load.rampSeconds', 0, MAX_RAMP_SECONDS, 's');
    r.integer('workers.fargate.scaling.minWorkers', 0, catalog.QUOTAS.ecs.tasksPerService.value, 'workers');
    r.integer('workers.fargate.scaling.maxWorkers', 1, catalog.QUOTAS.ecs.tasksPerService.value, 'workers');
    r.ordered('workers.fargate.scaling.minWorkers', 'workers.fargate.scaling.maxWorkers');
    r.integer('workers.fargate.jobTimeoutSeconds', 1, sqs.visibilityTimeoutMaxSeconds.value, 's');
    r.integer('workers.fargate.deployment.minimumHealthyPercent', 0, 100, '%');
    r.integer('workers.fargate.deployment.maximumPercent', 100, 200, '%');
    const strategy = r.at('workers.fargate.deployment.strategy');
    if (strategy !== undefined) {
      r.rules.check(r.prop('workers.fargate.deployment.strategy'), strategy, strategy === DeploymentStrategy.ROLLING,
        'ROLLING (workers sit behind no load balancer: ECS blue/green shifts traffic through ALB listener rules)');
    }
    if (r.at('workers.fargate.deployment.bakeTimeMinutes') !== undefined) {
      r.rules.check(r.prop('workers.fargate.deployment.bakeTimeMinutes'), r.at('workers.fargate.deployment.bakeTimeMinutes'), false,
        'none (a bake time belongs to a blue/green deployment; workers roll)');
    }
    const cpu = r.at('workers.fargate.compute.cpu');
    const memory = r.at('workers.fargate.compute.memoryMiB');
    if (typeof cpu === 'number' && typeof memory === 'number') {
      r.rules.check(r.prop('workers.fargate.compute.memoryMiB'), memory, catalog.isValidFargate(cpu, memory),
        `a Fargate size with workers.fargate.compute.cpu ${cpu}: ${catalog.describeFargatePairs()}`);
    }
    r.integer('workers.lambda.memoryMB', lambda.memoryMinMB.value, lambda.memoryMaxMB.value, 'MB');
    r.integer('workers.lambda.timeoutSeconds', 1, lambda.timeoutMaxSeconds.value, 's');
    r.integer('workers.lambda.batchSize', 1, lambda.sqsBatchSizeMaxWithWindow.value, 'messages');
    r.integer('workers.lambda.maxBatchingWindowSeconds', 0, lambda.sqsBatchingWindowMaxSeconds.value, 's');
    r.integer('workers.lambda.maxConcurrency', lambda.sqsMaxConcurrencyMin.value, lambda.sqsMaxConcurrencyMax.value, 'executions');
    r.integer('jobTable.ttlDays', 1, 3650, 'days');
    r.integer('payloadBucket.expirationDays', 1, 3650, 'days');
    r.integer('payloadBucket.noncurrentVersionExpirationDays', 1, 3650, 'days');
    r.integer('payloadBucket.abortIncompleteMultipartUploadDays', 1, 365, 'days');
    r.each('alarms', (a) => {
      a.integer('evaluationPeriods', 1, 100);
      checkAlarmWindow(a, ['periodSeconds'], 'evaluationPeriods');
    });
    r.integer('workers.fargate.scaling.scaleIn.evaluationPeriods', 1, 100);
    for (const math of ['workers.fargate.scaling.scaleIn.metric', 'workers.fargate.scaling.backlogPerWorker']) checkMetricMath(r, math);
    const scaleInMetrics = r.at('workers.fargate.scaling.scaleIn.metric.metrics');
    if (Array.isArray(scaleInMetrics)) {
      checkAlarmWindow(r, scaleInMetrics.map((_, i) => `workers.fargate.scaling.scaleIn.metric.metrics[${i}].periodSeconds`),
        'workers.fargate.scaling.scaleIn.evaluationPeriods');
    }
  },
};

/** A CloudWatch metric id: a lower-case letter first, then letters, digits and underscores. */
const METRIC_ID = /^[a-z][a-zA-Z0-9_]{0,254}$/;

/**
 * A metric-math expression over one metric or more, each with its own id (aws-cdk-lib took the
 * longest period of none as -Infinity and threw its own error on an empty list).
 */
function checkMetricMath(r: PlanValueRules, path: string): void {
  const metrics = r.at(`${path}.metrics`);
  if (!Array.isArray(metrics)) return;
  r.rules.check(r.prop(`${path}.metrics`), metrics, metrics.length > 0, 'a list of one metric or more (the expression\'s inputs)');
  const seen = new Set<string>();
  r.each(`${path}.metrics`, (m) => {
    const id = m.at('id');
    if (id === undefined) return;
    m.rules.check(m.prop('id'), id, typeof id === 'string' && METRIC_ID.test(id) && !seen.has(id),
      'a metric id no other metric of the expression has: a lower-case letter, then letters, digits or _');
    if (typeof id === 'string') seen.add(id);
  });
}

/**
 * Each permission list names each permission once, and the workers' holds CONSUME_MESSAGES: a
 * worker that cannot receive a message never runs a job (a wider random run emptied the list, and
 * aws-cdk-lib's grant threw a TypeError).
 */
function checkPermissions(r: PlanValueRules): void {
  for (const path of ['apiPermissions', 'workerPermissions']) {
    const list = r.at(path);
    if (!Array.isArray(list)) continue;
    list.forEach((p, i) => r.rules.check(r.prop(`${path}[${i}]`), p, list.indexOf(p) === i, 'a permission listed once'));
  }
  const worker = r.at('workerPermissions');
  if (Array.isArray(worker)) {
    r.rules.check(r.prop('workerPermissions'), worker, worker.includes(WorkQueuePermission.CONSUME_MESSAGES),
      `a list holding ${WorkQueuePermission.CONSUME_MESSAGES} (a worker that cannot receive a message never runs a job)`);
  }
}
