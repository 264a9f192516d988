import { QUOTAS, quotaEntries, REGION_RULES } from '../../../src/core/catalog';

describe('QUOTAS', () => {
  // Figures from SIZING-FACTS.md "Service limits".
  test.each([
    ['cloudFormation.resourcesPerStack', 500],
    ['cloudFormation.outputsPerTemplate', 200],
    ['cloudFormation.parametersPerTemplate', 200],
    ['cloudFormation.templateBodyInRequestBytes', 51_200],
    ['elb.targetsPerTargetGroup', 1000],
    ['elb.albTargetsPerLoadBalancer', 1000],
    ['elb.nlbTargetsPerLoadBalancer', 3000],
    ['elb.nlbTargetsPerAz', 500],
    ['elb.nlbTargetsPerLoadBalancerCrossZone', 500],
    ['elb.albPerRegion', 50],
    ['elb.targetGroupsPerRegion', 3000],
    ['elb.albTargetGroupsPerLoadBalancer', 100],
    ['elb.albListenersPerLoadBalancer', 50],
    ['elb.albRulesPerLoadBalancer', 100],
    ['elb.albIdleTimeoutMaxSeconds', 4000],
    ['elb.deregistrationDelayDefaultSeconds', 300],
    ['aurora.replicasPerCluster', 15],
    ['aurora.volumeMaxTiB', 128],
    ['rds.dbInstancesPerRegion', 40],
    ['rds.readReplicasPerSource', 15],
    ['rds.storageMaxTiB', 64],
    ['elastiCache.nodesPerClusterDefault', 90],
    ['elastiCache.nodesPerClusterMax', 500],
    ['elastiCache.replicasPerShardMax', 5],
    ['elastiCache.memcachedNodesMax', 60],
    ['elastiCache.reservedMemoryPercentDefault', 25],
    ['sqs.messageMaxBytes', 1_048_576],
    ['sqs.messageRetentionMaxSeconds', 14 * 24 * 3600],
    ['sqs.messageRetentionDefaultSeconds', 4 * 24 * 3600],
    ['sqs.visibilityTimeoutMaxSeconds', 12 * 3600],
    ['sqs.visibilityTimeoutDefaultSeconds', 30],
    ['sqs.receiveWaitMaxSeconds', 20],
    ['sqs.fifoTransactionsPerSecondPerAction', 300],
    ['sqs.fifoMessagesPerSecondBatched', 3000],
    ['sqs.fifoHighThroughputTransactionsPerSecond', 70_000],
    ['sqs.lambdaVisibilityTimeoutMultiplier', 6],
    ['lambda.timeoutMaxSeconds', 900],
    ['lambda.memoryMinMB', 128],
    ['lambda.memoryMaxMB', 10_240],
    ['lambda.concurrentExecutionsPerRegion', 1000],
    ['lambda.scalingEnvironmentsPer10Seconds', 1000],
    ['cloudFront.requestsPerSecondPerDistribution', 250_000],
    ['cloudFront.transferRateGbpsPerDistribution', 150],
    ['cloudFront.originsPerDistribution', 100],
    ['cloudFront.cacheBehaviorsPerDistribution', 75],
    ['cloudFront.distributionsPerAccount', 500],
    ['cloudFront.originResponseTimeoutMaxSeconds', 120],
    ['cloudFront.originConnectionTimeoutMaxSeconds', 10],
    ['cloudFront.originConnectionAttemptsMax', 3],
    ['cloudFront.defaultTtlSeconds', 86_400],
    ['cloudFront.maxTtlSeconds', 31_536_000],
    ['apiGateway.accountThrottleRps', 10_000],
    ['apiGateway.accountBurst', 5000],
    ['apiGateway.accountThrottleRpsNewerRegions', 2500],
    ['apiGateway.accountBurstNewerRegions', 1250],
    ['dynamoDb.partitionReadUnitsPerSecond', 3000],
    ['dynamoDb.partitionWriteUnitsPerSecond', 1000],
    ['dynamoDb.itemMaxKB', 400],
    ['ecs.fargateTaskLaunchBurst', 100],
    ['ecs.fargateTaskLaunchRatePerSecond', 20],
  ])('%s = %d', (path, value) => {
    const entry = quotaEntries().find((e) => e.path === path);
    expect(entry).toBeDefined();
    expect(entry!.quota.value).toBe(value);
    expect(entry!.quota.unit.length).toBeGreaterThan(0);
  });

  test('typed access', () => {
    expect(QUOTAS.cloudFormation.resourcesPerStack.value).toBe(500);
    expect(QUOTAS.elb.targetsPerTargetGroup.source.confirmed).toBe(true);
  });

  test('paths are unique and every value is a finite non-negative number', () => {
    const entries = quotaEntries();
    expect(new Set(entries.map((e) => e.path)).size).toBe(entries.length);
    for (const { quota } of entries) {
      expect(Number.isFinite(quota.value)).toBe(true);
      expect(quota.value).toBeGreaterThanOrEqual(0);
    }
  });

  test('min <= default <= max where a quota has all three', () => {
    const byPath = new Map(quotaEntries().map((e) => [e.path, e.quota.value]));
    for (const [path, value] of byPath) {
      const m = /^(.*)Default(Seconds)?$/.exec(path);
      if (!m) continue;
      const min = byPath.get(`${m[1]}Min${m[2] ?? ''}`);
      const max = byPath.get(`${m[1]}Max${m[2] ?? ''}`);
      if (min !== undefined) expect(value).toBeGreaterThanOrEqual(min);
      if (max !== undefined) expect(value).toBeLessThanOrEqual(max);
    }
  });

  test('quotas cannot be changed at run time', () => {
    expect(Object.isFrozen(QUOTAS)).toBe(true);
    expect(Object.isFrozen(QUOTAS.sqs)).toBe(true);
    expect(Object.isFrozen(QUOTAS.sqs.messageMaxBytes)).toBe(true);
  });

  test('CloudFront-attached WAF and ACM live in us-east-1', () => {
    expect(REGION_RULES.wafWebAclForCloudFront.value).toBe('us-east-1');
    expect(REGION_RULES.acmCertificateForCloudFront.value).toBe('us-east-1');
  });
});
