/*
 * WorkQueue: asynchronous jobs (seed §4). The API stores a job (status QUEUED) in the job table,
 * sends one message to the queue and answers 202 with the job id; workers (a Fargate service
 * scaled on backlog per worker, or a Lambda consumer) take the message, update the job's status,
 * write the result and publish a completion event, which an optional HTTPS webhook receives.
 *
 * Sizing methods: Little's law, L = lambda x W (J. D. C. Little, "A proof for the queuing formula
 * L = lambda W", Operations Research 9(3), 1961): workers >= jobs/s x seconds per job / u_target;
 * Erlang C for the p99 wait with a latency target (src/core/sizing/capacity.ts); the backlog-per-
 * worker scaling of AWS, "Scaling based on Amazon SQS" (Amazon EC2 Auto Scaling User Guide):
 * acceptable backlog per worker = acceptable latency / seconds per job.
 */
export * from './options';
export * from './plan';
export * from './resolve';
export * from './sizing';
export * from './notes';
