// The example's SystemStack written by hand with aws-cdk-lib (L2 where one exists), resource for
// resource: the same VPC (3 AZs, 3 NAT gateways, flow log), the API on Fargate behind an ALB with
// its access-log bucket and two scaling policies, a Valkey replication group of 6 shards x 2 nodes
// with IAM-authenticated users and 4 alarms per node, an Aurora PostgreSQL cluster with 4 readers, secret
// rotation and its parameter group, the work queue (queue, dead-letter queue, job table, completion
// topic, payload bucket, Fargate workers scaled on backlog) and the CDN (bucket with OAC, cache,
// origin-request and response-headers policies, logs) with its web ACL in a us-east-1 stack.
// `--validate` adds the policy validation plugins the example app runs (cdk-nag, cfn-guard).
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const elbv2 = require('aws-cdk-lib/aws-elasticloadbalancingv2');
const kms = require('aws-cdk-lib/aws-kms');
const logs = require('aws-cdk-lib/aws-logs');
const s3 = require('aws-cdk-lib/aws-s3');
const rds = require('aws-cdk-lib/aws-rds');
const elasticache = require('aws-cdk-lib/aws-elasticache');
const iam = require('aws-cdk-lib/aws-iam');
const sqs = require('aws-cdk-lib/aws-sqs');
const sns = require('aws-cdk-lib/aws-sns');
const subs = require('aws-cdk-lib/aws-sns-subscriptions');
const dynamodb = require('aws-cdk-lib/aws-dynamodb');
const cloudwatch = require('aws-cdk-lib/aws-cloudwatch');
const cloudfront = require('aws-cdk-lib/aws-cloudfront');
const origins = require('aws-cdk-lib/aws-cloudfront-origins');
const wafv2 = require('aws-cdk-lib/aws-wafv2');
const { tmp, cfnResources, report, cleanup } = require('./common');

const out = tmp('cdk-baseline');
// `--no-builtin-validation`: without aws-cdk-lib's built-in CloudFormation schema validation (on in a
// default App), to tell its share of the time from the rest.
const app = new cdk.App({ outdir: out, ...(process.argv.includes('--no-builtin-validation') ? { builtinCloudFormationValidation: false } : {}) });
if (process.argv.includes('--validate')) {
  const { AwsSolutionsChecks } = require('cdk-nag');
  const { CfnGuardValidator } = require('@cdklabs/cdk-validator-cfnguard');
  cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CfnGuardValidator());
}
const edge = new cdk.Stack(app, 'SocialFeed-edge', { env: { region: 'us-east-1' }, crossRegionReferences: true });
const acl = new wafv2.CfnWebACL(edge, 'WebAcl', {
  scope: 'CLOUDFRONT', defaultAction: { allow: {} },
  visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'edge', sampledRequestsEnabled: true },
  rules: ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'].map((name, i) => ({
    name, priority: i, overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
  })),
});

const stack = new cdk.Stack(app, 'SocialFeed', { env: { region: 'eu-west-1' }, crossRegionReferences: true });
const key = (id) => new kms.Key(stack, id, { enableKeyRotation: true, removalPolicy: cdk.RemovalPolicy.RETAIN });
const logKey = key('LogKey');
// The AZs named, as scaleblocks names them: in a stack without an account, `maxAzs: 3` gives 2.
const vpc = new ec2.Vpc(stack, 'Vpc', {
  availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], natGateways: 3,
  subnetConfiguration: [
    { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
    { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  ],
});
vpc.addFlowLog('All', { destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(stack, 'VpcFlowLogs', { encryptionKey: logKey, retention: logs.RetentionDays.ONE_YEAR })) });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
const bucket = (id, extra = {}) => new s3.Bucket(stack, id, {
  encryption: s3.BucketEncryption.S3_MANAGED, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, enforceSSL: true, versioned: true,
  removalPolicy: cdk.RemovalPolicy.RETAIN, ...extra,
});

// API: ALB -> Fargate, CPU and request-count target tracking.
const apiKey = key('ApiLogKey');
const albSg = new ec2.SecurityGroup(stack, 'LoadBalancerSecurityGroup', { vpc, allowAllOutbound: false });
const serviceSg = new ec2.SecurityGroup(stack, 'ServiceSecurityGroup', { vpc });
albSg.addIngressRule(ec2.Peer.prefixList('pl-4fa04526'), ec2.Port.tcp(80));
serviceSg.addIngressRule(albSg, ec2.Port.tcp(8080));
const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true, securityGroup: albSg, dropInvalidHeaderFields: true });
alb.logAccessLogs(bucket('AccessLogs', { versioned: false }));
const apiTask = new ecs.FargateTaskDefinition(stack, 'ApiTask', { cpu: 1024, memoryLimitMiB: 2048 });
apiTask.addContainer('api', {
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'), portMappings: [{ containerPort: 8080 }], readonlyRootFilesystem: true, user: '1000',
  logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'api', logGroup: new logs.LogGroup(stack, 'ApiLogs', { encryptionKey: apiKey, retention: logs.RetentionDays.ONE_YEAR }) }),
});
const api = new ecs.FargateService(stack, 'ApiService', { cluster, taskDefinition: apiTask, desiredCount: 18, securityGroups: [serviceSg], minHealthyPercent: 100, circuitBreaker: { rollback: true } });
const tg = alb.addListener('Http', { port: 80, open: false }).addTargets('Api', { port: 8080, targets: [api], healthCheck: { path: '/health' } });
const apiScaling = api.autoScaleTaskCount({ minCapacity: 18, maxCapacity: 36 });
apiScaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 50 });
apiScaling.scaleOnRequestCount('Requests', { requestsPerTarget: 12000, targetGroup: tg });

// Cache: Valkey, 6 shards x 2 nodes, IAM authentication (no password), 4 alarms per node.
const cacheKey = key('CacheKey');
const cacheSg = new ec2.SecurityGroup(stack, 'CacheSecurityGroup', { vpc });
cacheSg.addIngressRule(serviceSg, ec2.Port.tcp(6379));
const subnetGroup = new elasticache.CfnSubnetGroup(stack, 'CacheSubnets', { description: 'cache', subnetIds: vpc.privateSubnets.map((s) => s.subnetId) });
const params = new elasticache.CfnParameterGroup(stack, 'CacheParams', { cacheParameterGroupFamily: 'valkey8', description: 'cache', properties: { 'cluster-enabled': 'yes' } });
const appUser = new elasticache.CfnUser(stack, 'AppUser', { engine: 'valkey', userId: 'social-feed-app', userName: 'social-feed-app', accessString: 'on ~* +@all', authenticationMode: { Type: 'iam' } });
const offUser = new elasticache.CfnUser(stack, 'DefaultUser', { engine: 'valkey', userId: 'social-feed-off', userName: 'default', accessString: 'off -@all', noPasswordRequired: true });
const users = new elasticache.CfnUserGroup(stack, 'Users', { engine: 'valkey', userGroupId: 'social-feed-users', userIds: [appUser.userId, offUser.userId] });
users.node.addDependency(appUser);
users.node.addDependency(offUser);
const slow = new logs.LogGroup(stack, 'CacheSlowLog', { encryptionKey: cacheKey, retention: logs.RetentionDays.ONE_YEAR });
const engine = new logs.LogGroup(stack, 'CacheEngineLog', { encryptionKey: cacheKey, retention: logs.RetentionDays.ONE_YEAR });
const group = new elasticache.CfnReplicationGroup(stack, 'Cache', {
  replicationGroupDescription: 'cache', engine: 'valkey', engineVersion: '8.0', cacheNodeType: 'cache.r7g.large', numNodeGroups: 6, replicasPerNodeGroup: 1,
  automaticFailoverEnabled: true, multiAzEnabled: true, atRestEncryptionEnabled: true, transitEncryptionEnabled: true, kmsKeyId: cacheKey.keyId,
  cacheSubnetGroupName: subnetGroup.ref, cacheParameterGroupName: params.ref, securityGroupIds: [cacheSg.securityGroupId], userGroupIds: [users.userGroupId],
  logDeliveryConfigurations: [slow, engine].map((g, i) => ({ destinationType: 'cloudwatch-logs', logFormat: 'json', logType: i === 0 ? 'slow-log' : 'engine-log', destinationDetails: { cloudWatchLogsDetails: { logGroup: g.logGroupName } } })),
});
group.node.addDependency(users);
// The API connects with IAM: elasticache:Connect on the replication group and its user.
apiTask.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['elasticache:Connect'], resources: [
  stack.formatArn({ service: 'elasticache', resource: 'replicationgroup', resourceName: group.ref, arnFormat: cdk.ArnFormat.COLON_RESOURCE_NAME }),
  appUser.attrArn,
] }));
for (let shard = 1; shard <= 6; shard++) {
  for (let node = 1; node <= 2; node++) {
    const id = `social-feed-000${shard}-00${node}`;
    for (const [metric, threshold] of [['EngineCPUUtilization', 90], ['DatabaseMemoryUsagePercentage', 80], ['CurrConnections', 60000], ['Evictions', 1000]]) {
      new cloudwatch.Alarm(stack, `${id}-${metric}`, {
        metric: new cloudwatch.Metric({ namespace: 'AWS/ElastiCache', metricName: metric, dimensionsMap: { CacheClusterId: id }, period: cdk.Duration.minutes(1) }),
        threshold, evaluationPeriods: 5, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
  }
}

// Database: Aurora PostgreSQL, writer + 4 readers, rotation, logs, parameter group.
const dbKey = key('DatabaseKey');
const dbSg = new ec2.SecurityGroup(stack, 'DatabaseSecurityGroup', { vpc });
dbSg.addIngressRule(serviceSg, ec2.Port.tcp(5432));
const instance = (id) => rds.ClusterInstance.provisioned(id, { instanceType: new ec2.InstanceType('r7g.xlarge'), enablePerformanceInsights: true, performanceInsightEncryptionKey: dbKey });
const db = new rds.DatabaseCluster(stack, 'Database', {
  engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }), vpc, securityGroups: [dbSg],
  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, storageEncryptionKey: dbKey, writer: instance('Writer'), readers: [1, 2, 3, 4].map((i) => instance(`Reader${i}`)),
  parameterGroup: new rds.ParameterGroup(stack, 'DatabaseParams', { engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }), parameters: { 'rds.force_ssl': '1' } }),
  backup: { retention: cdk.Duration.days(14) }, deletionProtection: true, iamAuthentication: true, monitoringInterval: cdk.Duration.seconds(60),
  cloudwatchLogsExports: ['postgresql', 'iam-db-auth-error'], cloudwatchLogsRetention: logs.RetentionDays.ONE_YEAR, removalPolicy: cdk.RemovalPolicy.SNAPSHOT,
});
db.addRotationSingleUser();

// Work queue: queue, dead-letter queue, job table, completion topic, payload bucket, Fargate workers on backlog.
const queueKey = key('QueueLogKey');
const dlq = new sqs.Queue(stack, 'DeadLetters', { retentionPeriod: cdk.Duration.days(14), enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED });
const queue = new sqs.Queue(stack, 'Jobs', { visibilityTimeout: cdk.Duration.seconds(390), enforceSSL: true, deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
const completionDlq = new sqs.Queue(stack, 'WebhookDeadLetters', { enforceSSL: true });
const topic = new sns.Topic(stack, 'CompletionTopic', { enforceSSL: true, masterKey: queueKey });
topic.addSubscription(new subs.UrlSubscription('https://hooks.example.com/jobs', { deadLetterQueue: completionDlq }));
const table = new dynamodb.TableV2(stack, 'JobTable', { partitionKey: { name: 'jobId', type: dynamodb.AttributeType.STRING }, pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true }, removalPolicy: cdk.RemovalPolicy.RETAIN, timeToLiveAttribute: 'expiresAt' });
const payloads = bucket('PayloadBucket', { serverAccessLogsBucket: bucket('PayloadAccessLogs', { versioned: false }), lifecycleRules: [{ expiration: cdk.Duration.days(30) }] });
const workerTask = new ecs.FargateTaskDefinition(stack, 'WorkerTask', { cpu: 2048, memoryLimitMiB: 4096 });
workerTask.addContainer('worker', {
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable'), readonlyRootFilesystem: true, user: '1000',
  logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'worker', logGroup: new logs.LogGroup(stack, 'WorkerLogs', { encryptionKey: queueKey, retention: logs.RetentionDays.ONE_YEAR }) }),
});
queue.grantConsumeMessages(workerTask.taskRole);
table.grantReadWriteData(workerTask.taskRole);
payloads.grantReadWrite(workerTask.taskRole);
topic.grantPublish(workerTask.taskRole);
const workerSg = new ec2.SecurityGroup(stack, 'WorkerSecurityGroup', { vpc });
const workers = new ecs.FargateService(stack, 'Workers', { cluster, taskDefinition: workerTask, desiredCount: 1, securityGroups: [workerSg], minHealthyPercent: 100, circuitBreaker: { rollback: true } });
const workerScaling = workers.autoScaleTaskCount({ minCapacity: 1, maxCapacity: 60 });
workerScaling.scaleOnMetric('Backlog', {
  metric: queue.metricApproximateNumberOfMessagesVisible(), adjustmentType: cdk.aws_applicationautoscaling.AdjustmentType.CHANGE_IN_CAPACITY,
  scalingSteps: [{ upper: 0, change: -1 }, { lower: 100, change: +2 }, { lower: 1000, change: +10 }],
});
for (const [q, name] of [[queue, 'OldestMessage'], [dlq, 'DeadLetters'], [completionDlq, 'WebhookFailures']]) {
  new cloudwatch.Alarm(stack, `${name}Alarm`, { metric: name === 'OldestMessage' ? q.metricApproximateAgeOfOldestMessage() : q.metricApproximateNumberOfMessagesVisible(), threshold: name === 'OldestMessage' ? 900 : 1, evaluationPeriods: 1 });
}

// CDN: bucket with OAC, API origin, policies, logs, the edge web ACL.
const cdnKey = key('CdnBucketKey');
const site = bucket('CdnBucket', { encryption: s3.BucketEncryption.KMS, encryptionKey: cdnKey });
const cdnLogs = bucket('CdnLogBucket', { versioned: false, objectOwnership: s3.ObjectOwnership.OBJECT_WRITER });
const cachePolicy = (id, ttl) => new cloudfront.CachePolicy(stack, id, { defaultTtl: cdk.Duration.seconds(ttl), minTtl: cdk.Duration.seconds(0), maxTtl: cdk.Duration.days(1), enableAcceptEncodingGzip: true, enableAcceptEncodingBrotli: true });
const apiOrigin = new origins.LoadBalancerV2Origin(alb, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY });
new cloudfront.Distribution(stack, 'Distribution', {
  defaultBehavior: { origin: apiOrigin, cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED, originRequestPolicy: new cloudfront.OriginRequestPolicy(stack, 'ApiOriginRequests', { queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all() }), allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL, viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS, responseHeadersPolicy: new cloudfront.ResponseHeadersPolicy(stack, 'SecurityHeaders', { securityHeadersBehavior: { contentTypeOptions: { override: true }, strictTransportSecurity: { accessControlMaxAge: cdk.Duration.days(365), includeSubdomains: true, override: true } } }) },
  additionalBehaviors: {
    '/static/*': { origin: origins.S3BucketOrigin.withOriginAccessControl(site), cachePolicy: cachePolicy('StaticCache', 86400), viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS },
    '/feed/public/*': { origin: apiOrigin, cachePolicy: cachePolicy('FeedCache', 60), viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS },
  },
  webAclId: acl.attrArn, enableLogging: true, logBucket: cdnLogs, minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
});

try {
  app.synth();
} catch (e) {
  // With --validate, findings on the hand-written stack fail the synth after the plugins ran: the work is the same.
  if (!String(e.message ?? e).includes('Validation failed')) throw e;
}
report(cfnResources(out));
cleanup(out);
