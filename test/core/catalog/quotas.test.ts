import { ALLOWED_VALUES, CHARACTER_RULES, DB_ENGINE_FAMILIES, DB_LOG_EXPORTS, QUOTAS, quotaEntries, RECHECK_DATE, REGION_RULES } from '../../../src/core/catalog';

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
    ['rds.backupRetentionMaxDays', 35],
    ['rds.portMin', 1150],
    ['rds.portMax', 65_535],
    ['ssm.standardParameterValueMaxBytes', 4096],
    ['ssm.advancedParameterValueMaxBytes', 8192],
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
    ['cloudFront.responseHeadersCspMaxLength', 1783],
    ['elastiCache.authTokenMinLength', 16],
    ['elastiCache.authTokenMaxLength', 128],
    ['elastiCache.memcachedRelativeTtlMaxSeconds', 30 * 24 * 3600],
    ['sqs.kmsDataKeyReuseDefaultSeconds', 300],
    ['apiGateway.accountThrottleRps', 10_000],
    ['apiGateway.accountBurst', 5000],
    ['apiGateway.accountThrottleRpsNewerRegions', 2500],
    ['apiGateway.accountBurstNewerRegions', 1250],
    ['dynamoDb.partitionReadUnitsPerSecond', 3000],
    ['dynamoDb.partitionWriteUnitsPerSecond', 1000],
    ['dynamoDb.itemMaxKB', 400],
    ['ecs.fargateTaskLaunchBurst', 100],
    ['ecs.fargateTaskLaunchRatePerSecond', 20],
    // Figures the blocks carried themselves before they moved here.
    ['ecs.tasksPerService', 5000],
    ['ecs.containerHealthCheckIntervalMinSeconds', 5],
    ['ecs.containerHealthCheckIntervalMaxSeconds', 300],
    ['ecs.containerHealthCheckTimeoutMinSeconds', 2],
    ['ecs.containerHealthCheckTimeoutMaxSeconds', 60],
    ['ecs.containerHealthCheckRetriesMax', 10],
    ['lambda.sqsBatchSizeMax', 10],
    ['lambda.sqsBatchSizeMaxWithWindow', 10_000],
    ['lambda.sqsBatchingWindowMaxSeconds', 300],
    ['lambda.sqsMaxConcurrencyMin', 2],
    ['lambda.sqsMaxConcurrencyMax', 1000],
    ['apiGateway.httpIntegrationTimeoutMinMs', 50],
    ['apiGateway.httpIntegrationTimeoutMaxMs', 30_000],
    ['apiGateway.httpRoutesPerApi', 300],
    ['waf.rateLimitMin', 10],
    ['waf.rateLimitMax', 2_000_000_000],
    ['elastiCache.snapshotRetentionMaxDays', 35],
    ['rds.gp3StorageMinGiB', 20],
    ['rds.maxAllocatedStorageMinPercentAbove', 10],
    ['secretsManager.rotationIntervalMinDays', 1],
    ['secretsManager.rotationIntervalMaxDays', 1000],
    // Moved from LoadBalancedApi and MicroserviceGateway (2026-11-24).
    ['elb.healthCheckIntervalMinSeconds', 5],
    ['elb.healthCheckIntervalMaxSeconds', 300],
    ['elb.healthCheckTimeoutMinSeconds', 2],
    ['elb.healthCheckTimeoutMaxSeconds', 120],
    ['elb.healthCheckThresholdMin', 2],
    ['elb.healthCheckThresholdMax', 10],
    ['elb.healthCheckPathMaxLength', 1024],
    ['elb.albSlowStartMinSeconds', 30],
    ['elb.albSlowStartMaxSeconds', 900],
    ['ecs.serviceConnectTimeoutMinSeconds', 0],
    ['ecs.serviceConnectTimeoutMaxSeconds', 2_147_483_647],
    ['ecs.serviceConnectIdleTimeoutDefaultSeconds', 300],
    ['ecs.serviceConnectPerRequestTimeoutDefaultSeconds', 15],
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

  test('the Service Connect per-request default stays unconfirmed and names what was searched', () => {
    const source = QUOTAS.ecs.serviceConnectPerRequestTimeoutDefaultSeconds.source;
    expect(source).toMatchObject({ confirmed: false, read: RECHECK_DATE });
    expect(source.note).toContain('Cannot be confirmed');
    expect(source.note).toContain('containers-roadmap#1958');
    expect(QUOTAS.ecs.serviceConnectIdleTimeoutDefaultSeconds.source.confirmed).toBe(true);
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

  test('every Min is at most its Max', () => {
    const byPath = new Map(quotaEntries().map((e) => [e.path, e.quota.value]));
    let pairs = 0;
    for (const [path, value] of byPath) {
      const max = byPath.get(path.replace(/Min(?=[A-Z]|$)/, 'Max'));
      if (!/Min(?=[A-Z]|$)/.test(path) || max === undefined) continue;
      pairs++;
      expect([path, value]).toEqual([path, Math.min(value, max)]);
    }
    expect(pairs).toBeGreaterThanOrEqual(10);
  });

  test('the figures the blocks moved here are integers, and a 10 % storage ceiling is the ratio 1.1 exactly', () => {
    for (const q of [QUOTAS.ecs, QUOTAS.waf, QUOTAS.secretsManager]) {
      for (const quota of Object.values(q)) expect(Number.isInteger(quota.value)).toBe(true);
    }
    expect(1 + QUOTAS.rds.maxAllocatedStorageMinPercentAbove.value / 100).toBe(1.1);
    expect(QUOTAS.rds.gp3StorageMinGiB.value).toBeLessThan(QUOTAS.rds.storageMaxGiB.value);
    expect(QUOTAS.apiGateway.httpIntegrationTimeoutMaxMs.value).toBe(30 * 1000);
  });

  test('CloudFront-attached WAF and ACM live in us-east-1', () => {
    expect(REGION_RULES.wafWebAclForCloudFront.value).toBe('us-east-1');
    expect(REGION_RULES.acmCertificateForCloudFront.value).toBe('us-east-1');
  });
});

describe('ALLOWED_VALUES', () => {
  const entries = Object.entries(ALLOWED_VALUES).flatMap(([service, group]) =>
    Object.entries(group).map(([name, allowed]) => [`${service}.${name}`, allowed] as const));

  test.each([
    ['waf.rateLimitWindowsSeconds', [60, 120, 300, 600]],
    ['cloudFront.originGroupFailoverStatusCodes', [400, 403, 404, 416, 500, 502, 503, 504]],
    ['rds.enhancedMonitoringIntervalsSeconds', [0, 1, 5, 10, 15, 30, 60]],
  ])('%s = %p', (path, values) => {
    expect(entries.find(([p]) => p === path)?.[1].values).toEqual(values);
  });

  test('Performance Insights keeps 7 days, every month of 31 days up to 23, or 731 days', () => {
    const days = ALLOWED_VALUES.rds.performanceInsightsRetentionDays.values;
    expect(days).toHaveLength(25);
    expect(days[0]).toBe(7);
    expect(days.slice(1, 24)).toEqual(Array.from({ length: 23 }, (_, i) => 31 * (i + 1)));
    expect(days[23]).toBe(713);
    expect(days[24]).toBe(731);
  });

  test.each(entries)('%s is a sorted list of distinct non-negative integers with a unit and a source', (_path, allowed) => {
    expect(allowed.values.length).toBeGreaterThan(0);
    expect(allowed.values.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    expect([...allowed.values].sort((a, b) => a - b)).toEqual(allowed.values);
    expect(new Set(allowed.values).size).toBe(allowed.values.length);
    expect(allowed.unit.length).toBeGreaterThan(0);
    expect(allowed.source.title.length).toBeGreaterThan(5);
  });

  test('the lists cannot be changed at run time', () => {
    expect(Object.isFrozen(ALLOWED_VALUES.waf.rateLimitWindowsSeconds.values)).toBe(true);
    expect(Object.isFrozen(DB_LOG_EXPORTS)).toBe(true);
  });
});

describe('DB_LOG_EXPORTS', () => {
  test.each(DB_ENGINE_FAMILIES)('%s exports a list of distinct log types, with the IAM authentication errors, from one source', (family) => {
    const logs = DB_LOG_EXPORTS[family];
    expect(logs).toBeDefined();
    expect(new Set(logs.values).size).toBe(logs.values.length);
    expect(logs.values).toContain('iam-db-auth-error');
    expect(logs.values.every((l) => /^[a-z-]+$/.test(l))).toBe(true);
    expect(logs.source.title.length).toBeGreaterThan(5);
  });

  test('PostgreSQL engines export the postgresql log, MySQL engines the error and slow query logs', () => {
    expect(DB_LOG_EXPORTS['aurora-postgresql'].values).toEqual(['postgresql', 'instance', 'iam-db-auth-error']);
    expect(DB_LOG_EXPORTS.postgresql.values).toEqual(['postgresql', 'upgrade', 'iam-db-auth-error']);
    expect(DB_LOG_EXPORTS['aurora-mysql'].values).toEqual(['audit', 'error', 'general', 'slowquery', 'instance', 'iam-db-auth-error']);
    expect(DB_LOG_EXPORTS.mysql.values).toEqual(['audit', 'error', 'general', 'slowquery', 'iam-db-auth-error']);
  });
});

describe('CHARACTER_RULES', () => {
  test('the ElastiCache AUTH token specials are the eight the user guide allows, with their source', () => {
    const rule = CHARACTER_RULES.elastiCacheAuthTokenSpecials;
    expect([...rule.value].sort()).toEqual(['!', '#', '$', '&', '-', '<', '>', '^']);
    expect(rule.source.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/AmazonElastiCache\//);
    expect(Object.isFrozen(rule)).toBe(true);
  });
});
