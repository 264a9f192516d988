// WorkQueue: helpers the resolution and the sizing share. The index does not re-export them: they are not public.
import * as catalog from '../../catalog';
import { placeUnits } from '../../sizing/capacity';

/** The quotas this block reads, each once. */
export function limits() {
  const q = catalog.QUOTAS;
  return {
    messageMaxBytes: q.sqs.messageMaxBytes.value,
    retentionMin: q.sqs.messageRetentionMinSeconds.value,
    retentionMax: q.sqs.messageRetentionMaxSeconds.value,
    retentionDefault: q.sqs.messageRetentionDefaultSeconds.value,
    visibilityMin: q.sqs.visibilityTimeoutMinSeconds.value,
    visibilityMax: q.sqs.visibilityTimeoutMaxSeconds.value,
    receiveWaitMin: q.sqs.receiveWaitMinSeconds.value,
    receiveWaitMax: q.sqs.receiveWaitMaxSeconds.value,
    maxReceiveMin: q.sqs.maxReceiveCountMin.value,
    maxReceiveMax: q.sqs.maxReceiveCountMax.value,
    fifoTps: q.sqs.fifoTransactionsPerSecondPerAction.value,
    fifoHighTps: q.sqs.fifoHighThroughputTransactionsPerSecond.value,
    lambdaVisibilityMultiplier: q.sqs.lambdaVisibilityTimeoutMultiplier.value,
    kmsDataKeyReuse: q.sqs.kmsDataKeyReuseDefaultSeconds.value,
    lambdaTimeoutMax: q.lambda.timeoutMaxSeconds.value,
    lambdaMemoryMin: q.lambda.memoryMinMB.value,
    lambdaMemoryMax: q.lambda.memoryMaxMB.value,
    lambdaConcurrency: q.lambda.concurrentExecutionsPerRegion.value,
    lambdaBatchMax: q.lambda.sqsBatchSizeMax.value,
    lambdaBatchMaxWithWindow: q.lambda.sqsBatchSizeMaxWithWindow.value,
    lambdaWindowMax: q.lambda.sqsBatchingWindowMaxSeconds.value,
    lambdaMaxConcurrencyMin: q.lambda.sqsMaxConcurrencyMin.value,
    lambdaMaxConcurrencyMax: q.lambda.sqsMaxConcurrencyMax.value,
    tasksPerService: q.ecs.tasksPerService.value,
  };
}

export function worstAzLoss(azCount: number): (n: number) => number {
  return (n: number) => (azCount > 1 ? Math.max(...placeUnits(n, azCount)) : 0);
}

/** The latency a Lambda batch itself adds before the last job of a batch starts: window + (batch - 1) x job. */
export function lambdaBatchDelay(batchSize: number, windowSeconds: number, secondsPerJob: number): number {
  return windowSeconds + Math.max(0, batchSize - 1) * secondsPerJob;
}

/**
 * How an SQS event source scales its Lambda pollers (standard queues): it starts with 5 concurrent
 * batches and, while messages remain, adds up to 300 per minute, up to 1,000 concurrent batches
 * per event source mapping. Source: AWS Lambda Developer Guide, "Configuring scaling behavior for
 * SQS event source mappings", https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html,
 * read 2026-12-07 in its French, Italian and Japanese translations (the English page was not in
 * reach; the three agree); the AWS Compute Blog "Introducing faster polling scale-up for AWS Lambda
 * functions configured with Amazon SQS" (2023) gives the earlier 60 per minute it replaced.
 */
export const LAMBDA_SQS_SCALING = {
  initialConcurrentBatches: 5,
  addedPerMinute: 300,
  url: 'https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html',
} as const;
