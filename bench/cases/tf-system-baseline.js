// The example's SystemStack written by hand with @cdktf/provider-aws (deep imports, as the
// provider's docs advise for load time), resource for resource: the VPC (9 subnets, 3 NAT
// gateways, flow log), the API (ALB, Fargate, two scaling policies, access-log bucket), the Valkey
// replication group (6 shards x 2 nodes, IAM authentication, 4 alarms per node), the Aurora PostgreSQL cluster
// (writer + 4 readers, rotation), the work queue (queue, dead-letter queue, job table, completion
// topic, payload bucket, Fargate workers) and the CDN (bucket with OAC, policies, web ACL).
'use strict';
const { App, TerraformStack, Fn } = require('cdktf');
const r = (mod) => require(`@cdktf/provider-aws/lib/${mod}`);
const { AwsProvider } = r('provider');
const { Vpc } = r('vpc');
const { Subnet } = r('subnet');
const { InternetGateway } = r('internet-gateway');
const { Eip } = r('eip');
const { NatGateway } = r('nat-gateway');
const { RouteTable } = r('route-table');
const { Route } = r('route');
const { RouteTableAssociation } = r('route-table-association');
const { FlowLog } = r('flow-log');
const { KmsKey } = r('kms-key');
const { CloudwatchLogGroup } = r('cloudwatch-log-group');
const { CloudwatchMetricAlarm } = r('cloudwatch-metric-alarm');
const { IamRole } = r('iam-role');
const { IamRolePolicy } = r('iam-role-policy');
const { IamRolePolicyAttachment } = r('iam-role-policy-attachment');
const { SecurityGroup } = r('security-group');
const { VpcSecurityGroupIngressRule } = r('vpc-security-group-ingress-rule');
const { VpcSecurityGroupEgressRule } = r('vpc-security-group-egress-rule');
const { S3Bucket } = r('s3-bucket');
const { S3BucketPublicAccessBlock } = r('s3-bucket-public-access-block');
const { S3BucketServerSideEncryptionConfigurationA } = r('s3-bucket-server-side-encryption-configuration');
const { S3BucketVersioningA } = r('s3-bucket-versioning');
const { S3BucketOwnershipControls } = r('s3-bucket-ownership-controls');
const { S3BucketLifecycleConfiguration } = r('s3-bucket-lifecycle-configuration');
const { S3BucketPolicy } = r('s3-bucket-policy');
const { S3BucketLoggingA } = r('s3-bucket-logging');
const { S3BucketAcl } = r('s3-bucket-acl');
const { EcsCluster } = r('ecs-cluster');
const { EcsTaskDefinition } = r('ecs-task-definition');
const { EcsService } = r('ecs-service');
const { Lb } = r('lb');
const { LbListener } = r('lb-listener');
const { LbTargetGroup } = r('lb-target-group');
const { AppautoscalingTarget } = r('appautoscaling-target');
const { AppautoscalingPolicy } = r('appautoscaling-policy');
const { ElasticacheSubnetGroup } = r('elasticache-subnet-group');
const { ElasticacheParameterGroup } = r('elasticache-parameter-group');
const { ElasticacheUser } = r('elasticache-user');
const { ElasticacheUserGroup } = r('elasticache-user-group');
const { ElasticacheReplicationGroup } = r('elasticache-replication-group');
const { SecretsmanagerSecret } = r('secretsmanager-secret');
const { SecretsmanagerSecretRotation } = r('secretsmanager-secret-rotation');
const { DbSubnetGroup } = r('db-subnet-group');
const { RdsClusterParameterGroup } = r('rds-cluster-parameter-group');
const { RdsCluster } = r('rds-cluster');
const { RdsClusterInstance } = r('rds-cluster-instance');
const { SqsQueue } = r('sqs-queue');
const { SqsQueuePolicy } = r('sqs-queue-policy');
const { SqsQueueRedriveAllowPolicy } = r('sqs-queue-redrive-allow-policy');
const { SnsTopic } = r('sns-topic');
const { SnsTopicPolicy } = r('sns-topic-policy');
const { SnsTopicSubscription } = r('sns-topic-subscription');
const { DynamodbTable } = r('dynamodb-table');
const { CloudfrontDistribution } = r('cloudfront-distribution');
const { CloudfrontCachePolicy } = r('cloudfront-cache-policy');
const { CloudfrontOriginRequestPolicy } = r('cloudfront-origin-request-policy');
const { CloudfrontResponseHeadersPolicy } = r('cloudfront-response-headers-policy');
const { CloudfrontOriginAccessControl } = r('cloudfront-origin-access-control');
const { Wafv2WebAcl } = r('wafv2-web-acl');
const { tmp, tfResources, report, cleanup } = require('./common');

const out = tmp('tf-baseline');
const app = new App({ outdir: out });
const s = new TerraformStack(app, 'social-feed');
new AwsProvider(s, 'aws', { region: 'eu-west-1' });
const edge = new AwsProvider(s, 'edge', { region: 'us-east-1', alias: 'edge' });
const azs = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
const keys = {};
for (const k of ['Log', 'Api', 'Cache', 'Database', 'Queue', 'CdnBucket']) keys[k] = new KmsKey(s, `${k}Key`, { enableKeyRotation: true, deletionWindowInDays: 30, lifecycle: { preventDestroy: true } });
const json = (o) => JSON.stringify(o);
const assume = (service) => json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
const logGroup = (id, key) => new CloudwatchLogGroup(s, id, { name: `/social-feed/${id}`, retentionInDays: 365, kmsKeyId: key.arn });

// Network.
const vpc = new Vpc(s, 'Vpc', { cidrBlock: '10.0.0.0/16', enableDnsHostnames: true, enableDnsSupport: true });
const igw = new InternetGateway(s, 'Igw', { vpcId: vpc.id });
const publicRt = new RouteTable(s, 'PublicRt', { vpcId: vpc.id });
new Route(s, 'PublicDefault', { routeTableId: publicRt.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
const tiers = { public: [], private: [], isolated: [] };
azs.forEach((az, i) => {
  for (const [t, offset] of [['public', 0], ['private', 3], ['isolated', 6]]) {
    tiers[t].push(new Subnet(s, `${t}${i}`, { vpcId: vpc.id, availabilityZone: az, cidrBlock: `10.0.${(offset + i) * 16}.0/20`, mapPublicIpOnLaunch: false }));
  }
  new RouteTableAssociation(s, `public${i}Rt`, { subnetId: tiers.public[i].id, routeTableId: publicRt.id });
  const nat = new NatGateway(s, `Nat${i}`, { subnetId: tiers.public[i].id, allocationId: new Eip(s, `Eip${i}`, { domain: 'vpc' }).id });
  const rt = new RouteTable(s, `PrivateRt${i}`, { vpcId: vpc.id });
  new Route(s, `PrivateDefault${i}`, { routeTableId: rt.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
  new RouteTableAssociation(s, `private${i}Rt`, { subnetId: tiers.private[i].id, routeTableId: rt.id });
  const iso = new RouteTable(s, `IsolatedRt${i}`, { vpcId: vpc.id });
  new RouteTableAssociation(s, `isolated${i}Rt`, { subnetId: tiers.isolated[i].id, routeTableId: iso.id });
});
const flowRole = new IamRole(s, 'FlowLogRole', { assumeRolePolicy: assume('vpc-flow-logs.amazonaws.com') });
const flowLogs = logGroup('VpcFlowLogs', keys.Log);
new IamRolePolicy(s, 'FlowLogPolicy', { role: flowRole.id, policy: json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${flowLogs.arn}:*` }] }) });
new FlowLog(s, 'FlowLog', { vpcId: vpc.id, trafficType: 'ALL', logDestination: flowLogs.arn, iamRoleArn: flowRole.arn });

// Buckets, each with its satellites (encryption, versioning, ownership, public access block, lifecycle, policy).
const bucket = (id, opts = {}) => {
  const b = new S3Bucket(s, id, { bucketPrefix: `social-feed-${id.toLowerCase()}-`, lifecycle: { preventDestroy: true } });
  new S3BucketPublicAccessBlock(s, `${id}Pab`, { bucket: b.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
  new S3BucketServerSideEncryptionConfigurationA(s, `${id}Sse`, { bucket: b.id, rule: [{ applyServerSideEncryptionByDefault: opts.key ? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: opts.key.arn } : { sseAlgorithm: 'AES256' } }] });
  new S3BucketVersioningA(s, `${id}Versioning`, { bucket: b.id, versioningConfiguration: { status: 'Enabled' } });
  new S3BucketOwnershipControls(s, `${id}Ownership`, { bucket: b.id, rule: { objectOwnership: opts.acl ? 'ObjectWriter' : 'BucketOwnerEnforced' } });
  new S3BucketLifecycleConfiguration(s, `${id}Lifecycle`, { bucket: b.id, rule: [{ id: 'expire', status: 'Enabled', filter: [{}], expiration: [{ days: opts.days ?? 365 }], abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }] }] });
  new S3BucketPolicy(s, `${id}Policy`, { bucket: b.id, policy: json({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [b.arn, `${b.arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }) });
  if (opts.acl) new S3BucketAcl(s, `${id}Acl`, { bucket: b.id, acl: 'log-delivery-write' });
  if (opts.logTo) new S3BucketLoggingA(s, `${id}Logging`, { bucket: b.id, targetBucket: opts.logTo.id, targetPrefix: `${id}/` });
  return b;
};

// Security groups and rules.
const sg = (id) => new SecurityGroup(s, id, { vpcId: vpc.id, description: id });
const [albSg, apiSg, cacheSg, dbSg, workerSg] = ['Alb', 'Api', 'Cache', 'Database', 'Worker'].map((n) => sg(`${n}Sg`));
new VpcSecurityGroupIngressRule(s, 'AlbIn', { securityGroupId: albSg.id, prefixListId: 'pl-4fa04526', fromPort: 80, toPort: 80, ipProtocol: 'tcp' });
new VpcSecurityGroupIngressRule(s, 'ApiIn', { securityGroupId: apiSg.id, referencedSecurityGroupId: albSg.id, fromPort: 8080, toPort: 8080, ipProtocol: 'tcp' });
new VpcSecurityGroupIngressRule(s, 'CacheIn', { securityGroupId: cacheSg.id, referencedSecurityGroupId: apiSg.id, fromPort: 6379, toPort: 6379, ipProtocol: 'tcp' });
new VpcSecurityGroupIngressRule(s, 'DbIn', { securityGroupId: dbSg.id, referencedSecurityGroupId: apiSg.id, fromPort: 5432, toPort: 5432, ipProtocol: 'tcp' });
new VpcSecurityGroupIngressRule(s, 'DbInWorkers', { securityGroupId: dbSg.id, referencedSecurityGroupId: workerSg.id, fromPort: 5432, toPort: 5432, ipProtocol: 'tcp' });
for (const [id, g] of [['AlbOut', albSg], ['ApiOut', apiSg], ['WorkerOut', workerSg]]) new VpcSecurityGroupEgressRule(s, id, { securityGroupId: g.id, cidrIpv4: '0.0.0.0/0', ipProtocol: '-1' });

// ECS: cluster, two services with task roles, execution roles and scaling.
const cluster = new EcsCluster(s, 'Cluster', { name: 'social-feed', setting: [{ name: 'containerInsights', value: 'enabled' }] });
const service = (id, cpu, memory, desired, min, max, key, extra) => {
  const exec = new IamRole(s, `${id}ExecutionRole`, { assumeRolePolicy: assume('ecs-tasks.amazonaws.com') });
  new IamRolePolicyAttachment(s, `${id}ExecutionPolicy`, { role: exec.name, policyArn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' });
  const task = new IamRole(s, `${id}TaskRole`, { assumeRolePolicy: assume('ecs-tasks.amazonaws.com') });
  new IamRolePolicy(s, `${id}TaskPolicy`, { role: task.id, policy: json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'dynamodb:PutItem', 's3:GetObject', 'elasticache:Connect'], Resource: '*' }] }) });
  const logs = logGroup(`${id}Logs`, key);
  const def = new EcsTaskDefinition(s, `${id}Task`, {
    family: `social-feed-${id}`, cpu: String(cpu), memory: String(memory), networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], executionRoleArn: exec.arn, taskRoleArn: task.arn,
    containerDefinitions: json([{ name: id, image: 'public.ecr.aws/nginx/nginx:stable', essential: true, readonlyRootFilesystem: true, user: '1000', portMappings: [{ containerPort: 8080 }], logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': logs.name, 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': id } } }]),
  });
  const svc = new EcsService(s, `${id}Service`, {
    name: id, cluster: cluster.id, taskDefinition: def.arn, desiredCount: desired, launchType: 'FARGATE', deploymentMinimumHealthyPercent: 100, deploymentMaximumPercent: 200,
    deploymentCircuitBreaker: { enable: true, rollback: true }, networkConfiguration: { subnets: tiers.private.map((x) => x.id), securityGroups: [extra.sg.id], assignPublicIp: false }, ...extra.service,
  });
  const target = new AppautoscalingTarget(s, `${id}ScalingTarget`, { serviceNamespace: 'ecs', scalableDimension: 'ecs:service:DesiredCount', resourceId: `service/${cluster.name}/${svc.name}`, minCapacity: min, maxCapacity: max });
  return { svc, target };
};

// API.
const accessLogs = bucket('AccessLogs', { days: 90 });
const alb = new Lb(s, 'Alb', { name: 'social-feed-api', loadBalancerType: 'application', internal: false, securityGroups: [albSg.id], subnets: tiers.public.map((x) => x.id), dropInvalidHeaderFields: true, accessLogs: { bucket: accessLogs.id, enabled: true } });
const tg = new LbTargetGroup(s, 'Targets', { port: 8080, protocol: 'HTTP', targetType: 'ip', vpcId: vpc.id, loadBalancingAlgorithmType: 'least_outstanding_requests', healthCheck: { path: '/health' } });
new LbListener(s, 'Listener', { loadBalancerArn: alb.arn, port: 80, protocol: 'HTTP', defaultAction: [{ type: 'forward', targetGroupArn: tg.arn }] });
const api = service('api', 1024, 2048, 18, 18, 36, keys.Api, { sg: apiSg, service: { loadBalancer: [{ targetGroupArn: tg.arn, containerName: 'api', containerPort: 8080 }], healthCheckGracePeriodSeconds: 60 } });
new AppautoscalingPolicy(s, 'ApiCpu', { name: 'cpu', policyType: 'TargetTrackingScaling', serviceNamespace: 'ecs', scalableDimension: 'ecs:service:DesiredCount', resourceId: api.target.resourceId, targetTrackingScalingPolicyConfiguration: { targetValue: 50, predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' } } });
new AppautoscalingPolicy(s, 'ApiRequestScaling', { name: 'requests', policyType: 'TargetTrackingScaling', serviceNamespace: 'ecs', scalableDimension: 'ecs:service:DesiredCount', resourceId: api.target.resourceId, targetTrackingScalingPolicyConfiguration: { targetValue: 12000, predefinedMetricSpecification: { predefinedMetricType: 'ALBRequestCountPerTarget', resourceLabel: `${alb.arnSuffix}/${tg.arnSuffix}` } } });

// Cache: IAM authentication (no password anywhere, state included), 6 x 2 nodes, 4 alarms per node.
const appUser = new ElasticacheUser(s, 'App', { userId: 'social-feed-app', userName: 'social-feed-app', engine: 'valkey', accessString: 'on ~* +@all', authenticationMode: { type: 'iam' } });
const offUser = new ElasticacheUser(s, 'Off', { userId: 'social-feed-off', userName: 'default', engine: 'valkey', accessString: 'off -@all', authenticationMode: { type: 'no-password-required' } });
const users = new ElasticacheUserGroup(s, 'CacheUsers', { engine: 'valkey', userGroupId: 'social-feed-users', userIds: [appUser.userId, offUser.userId] });
const cacheSubnets = new ElasticacheSubnetGroup(s, 'CacheSubnets', { name: 'social-feed-cache', subnetIds: tiers.private.map((x) => x.id) });
const cacheParams = new ElasticacheParameterGroup(s, 'CacheParams', { name: 'social-feed-cache', family: 'valkey8', parameter: [{ name: 'cluster-enabled', value: 'yes' }] });
const [slow, engine] = [logGroup('CacheSlowLog', keys.Cache), logGroup('CacheEngineLog', keys.Cache)];
new ElasticacheReplicationGroup(s, 'Cache', {
  replicationGroupId: 'social-feed-cache', description: 'cache', engine: 'valkey', engineVersion: '8.0', nodeType: 'cache.r7g.large', numNodeGroups: 6, replicasPerNodeGroup: 1,
  automaticFailoverEnabled: true, multiAzEnabled: true, atRestEncryptionEnabled: 'true', transitEncryptionEnabled: true, kmsKeyId: keys.Cache.arn, subnetGroupName: cacheSubnets.name,
  parameterGroupName: cacheParams.name, securityGroupIds: [cacheSg.id], userGroupIds: [users.userGroupId], snapshotRetentionLimit: 7,
  logDeliveryConfiguration: [[slow, 'slow-log'], [engine, 'engine-log']].map(([g, type]) => ({ destinationType: 'cloudwatch-logs', destination: g.name, logFormat: 'json', logType: type })),
  lifecycle: { preventDestroy: true },
});
for (let shard = 1; shard <= 6; shard++) {
  for (let node = 1; node <= 2; node++) {
    const id = `social-feed-cache-000${shard}-00${node}`;
    for (const [metric, threshold] of [['EngineCPUUtilization', 90], ['DatabaseMemoryUsagePercentage', 80], ['CurrConnections', 60000], ['Evictions', 1000]]) {
      new CloudwatchMetricAlarm(s, `${id}-${metric}`, { alarmName: `${id}-${metric}`, namespace: 'AWS/ElastiCache', metricName: metric, dimensions: { CacheClusterId: id }, statistic: 'Average', period: 60, evaluationPeriods: 5, threshold, comparisonOperator: 'GreaterThanThreshold', treatMissingData: 'notBreaching' });
    }
  }
}

// Database: Aurora PostgreSQL, writer + 4 readers, managed master password rotation.
const dbSubnets = new DbSubnetGroup(s, 'DbSubnets', { name: 'social-feed-db', subnetIds: tiers.isolated.map((x) => x.id) });
const dbParams = new RdsClusterParameterGroup(s, 'DbParams', { name: 'social-feed-db', family: 'aurora-postgresql16', parameter: [{ name: 'rds.force_ssl', value: '1', applyMethod: 'pending-reboot' }] });
const monitoring = new IamRole(s, 'DbMonitoringRole', { assumeRolePolicy: assume('monitoring.rds.amazonaws.com') });
new IamRolePolicyAttachment(s, 'DbMonitoringPolicy', { role: monitoring.name, policyArn: 'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole' });
for (const log of ['postgresql', 'iam-db-auth-error']) new CloudwatchLogGroup(s, `DbLogs-${log}`, { name: `/aws/rds/cluster/social-feed-db/${log}`, retentionInDays: 365, kmsKeyId: keys.Log.arn });
const db = new RdsCluster(s, 'Db', {
  clusterIdentifier: 'social-feed-db', engine: 'aurora-postgresql', engineVersion: '16.4', masterUsername: 'app', manageMasterUserPassword: true, storageEncrypted: true, kmsKeyId: keys.Database.arn,
  dbSubnetGroupName: dbSubnets.name, dbClusterParameterGroupName: dbParams.name, vpcSecurityGroupIds: [dbSg.id], backupRetentionPeriod: 14, deletionProtection: true, iamDatabaseAuthenticationEnabled: true,
  enabledCloudwatchLogsExports: ['postgresql', 'iam-db-auth-error'], finalSnapshotIdentifier: 'social-feed-db-final', copyTagsToSnapshot: true, lifecycle: { preventDestroy: true },
});
['writer', 'reader-1', 'reader-2', 'reader-3', 'reader-4'].forEach((id, i) => new RdsClusterInstance(s, `Db-${id}`, {
  identifier: `social-feed-db-${id}`, clusterIdentifier: db.id, instanceClass: 'db.r7g.xlarge', engine: 'aurora-postgresql', availabilityZone: azs[i % 3], promotionTier: i,
  performanceInsightsEnabled: true, performanceInsightsKmsKeyId: keys.Database.arn, monitoringInterval: 60, monitoringRoleArn: monitoring.arn, autoMinorVersionUpgrade: true,
}));
const rotation = new SecretsmanagerSecret(s, 'DbAppSecret', { name: 'social-feed/db-app', kmsKeyId: keys.Database.arn });
new SecretsmanagerSecretRotation(s, 'DbAppRotation', { secretId: rotation.id, rotationRules: { automaticallyAfterDays: 30 } });

// Work queue.
const dlq = new SqsQueue(s, 'DeadLetters', { name: 'social-feed-jobs-dlq', messageRetentionSeconds: 1209600, sqsManagedSseEnabled: true });
const queue = new SqsQueue(s, 'Jobs', { name: 'social-feed-jobs', visibilityTimeoutSeconds: 390, sqsManagedSseEnabled: true, redrivePolicy: json({ deadLetterTargetArn: '${aws_sqs_queue.DeadLetters.arn}', maxReceiveCount: 5 }) });
const hookDlq = new SqsQueue(s, 'WebhookDeadLetters', { name: 'social-feed-webhook-dlq', sqsManagedSseEnabled: true });
new SqsQueueRedriveAllowPolicy(s, 'DlqAllow', { queueUrl: dlq.url, redriveAllowPolicy: json({ redrivePermission: 'byQueue', sourceQueueArns: [queue.arn] }) });
for (const [id, q] of [['Jobs', queue], ['DeadLetters', dlq], ['WebhookDeadLetters', hookDlq]]) {
  new SqsQueuePolicy(s, `${id}Policy`, { queueUrl: q.url, policy: json({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: q.arn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }) });
}
const topic = new SnsTopic(s, 'Completion', { name: 'social-feed-completion', kmsMasterKeyId: keys.Queue.arn });
new SnsTopicPolicy(s, 'CompletionPolicy', { arn: topic.arn, policy: json({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: topic.arn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }) });
new SnsTopicSubscription(s, 'Webhook', { topicArn: topic.arn, protocol: 'https', endpoint: 'https://hooks.example.com/jobs', redrivePolicy: json({ deadLetterTargetArn: hookDlq.arn }) });
new DynamodbTable(s, 'JobTable', { name: 'social-feed-jobs', billingMode: 'PAY_PER_REQUEST', hashKey: 'jobId', attribute: [{ name: 'jobId', type: 'S' }], pointInTimeRecovery: { enabled: true }, ttl: { attributeName: 'expiresAt', enabled: true }, serverSideEncryption: { enabled: true }, lifecycle: { preventDestroy: true } });
const payloadLogs = bucket('PayloadAccessLogs', { days: 90 });
bucket('PayloadBucket', { days: 30, logTo: payloadLogs });
const workers = service('worker', 2048, 4096, 1, 1, 60, keys.Queue, { sg: workerSg, service: {} });
new AppautoscalingPolicy(s, 'WorkerBacklog', { name: 'backlog', policyType: 'TargetTrackingScaling', serviceNamespace: 'ecs', scalableDimension: 'ecs:service:DesiredCount', resourceId: workers.target.resourceId, targetTrackingScalingPolicyConfiguration: { targetValue: 100, customizedMetricSpecification: { metricName: 'ApproximateNumberOfMessagesVisible', namespace: 'AWS/SQS', statistic: 'Average', dimensions: [{ name: 'QueueName', value: queue.name }] } } });
new AppautoscalingPolicy(s, 'WorkerScaleIn', { name: 'scale-in', policyType: 'StepScaling', serviceNamespace: 'ecs', scalableDimension: 'ecs:service:DesiredCount', resourceId: workers.target.resourceId, stepScalingPolicyConfiguration: { adjustmentType: 'ChangeInCapacity', stepAdjustment: [{ scalingAdjustment: -1, metricIntervalUpperBound: '0' }] } });
for (const [id, q, metric, threshold] of [['OldestMessage', queue, 'ApproximateAgeOfOldestMessage', 900], ['DeadLetters', dlq, 'ApproximateNumberOfMessagesVisible', 1], ['WebhookFailures', hookDlq, 'ApproximateNumberOfMessagesVisible', 1]]) {
  new CloudwatchMetricAlarm(s, `${id}Alarm`, { alarmName: `social-feed-${id}`, namespace: 'AWS/SQS', metricName: metric, dimensions: { QueueName: q.name }, statistic: 'Maximum', period: 60, evaluationPeriods: 1, threshold, comparisonOperator: 'GreaterThanOrEqualToThreshold' });
}
new CloudwatchMetricAlarm(s, 'WorkerScaleInAlarm', { alarmName: 'social-feed-worker-idle', namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: queue.name }, statistic: 'Maximum', period: 60, evaluationPeriods: 15, threshold: 0, comparisonOperator: 'LessThanOrEqualToThreshold', alarmActions: ['${aws_appautoscaling_policy.WorkerScaleIn.arn}'] });

// CDN.
const site = bucket('CdnBucket', { key: keys.CdnBucket });
const cdnLogs = bucket('CdnLogBucket', { days: 90, acl: true });
const oac = new CloudfrontOriginAccessControl(s, 'Oac', { name: 'social-feed-static', originAccessControlOriginType: 's3', signingBehavior: 'always', signingProtocol: 'sigv4' });
const cachePolicy = (id, ttl) => new CloudfrontCachePolicy(s, id, { name: `social-feed-${id}`, defaultTtl: ttl, minTtl: 0, maxTtl: 86400, parametersInCacheKeyAndForwardedToOrigin: { enableAcceptEncodingGzip: true, enableAcceptEncodingBrotli: true, cookiesConfig: { cookieBehavior: 'none' }, headersConfig: { headerBehavior: 'none' }, queryStringsConfig: { queryStringBehavior: 'none' } } });
const [staticPolicy, feedPolicy] = [cachePolicy('static', 86400), cachePolicy('feed', 60)];
const requests = new CloudfrontOriginRequestPolicy(s, 'ApiRequests', { name: 'social-feed-api', cookiesConfig: { cookieBehavior: 'all' }, headersConfig: { headerBehavior: 'allViewer' }, queryStringsConfig: { queryStringBehavior: 'all' } });
const headers = new CloudfrontResponseHeadersPolicy(s, 'SecurityHeaders', { name: 'social-feed-security', securityHeadersConfig: { contentTypeOptions: { override: true }, strictTransportSecurity: { accessControlMaxAgeSec: 31536000, includeSubdomains: true, override: true } } });
const acl = new Wafv2WebAcl(s, 'WebAcl', {
  provider: edge, name: 'social-feed-edge', scope: 'CLOUDFRONT', defaultAction: { allow: {} }, visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: 'edge', sampledRequestsEnabled: true },
  rule: ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'].map((name, i) => ({ name, priority: i, overrideAction: { none: {} }, statement: { managedRuleGroupStatement: { name, vendorName: 'AWS' } }, visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true } })),
});
const apiBehavior = (path, policy) => ({ pathPattern: path, targetOriginId: 'api', viewerProtocolPolicy: 'redirect-to-https', allowedMethods: ['GET', 'HEAD'], cachedMethods: ['GET', 'HEAD'], cachePolicyId: policy.id, compress: true });
new CloudfrontDistribution(s, 'Distribution', {
  enabled: true, priceClass: 'PriceClass_All', webAclId: acl.arn, httpVersion: 'http2and3',
  origin: [{ originId: 'api', domainName: alb.dnsName, customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'http-only', originSslProtocols: ['TLSv1.2'] } },
    { originId: 'static', domainName: site.bucketRegionalDomainName, originAccessControlId: oac.id }],
  defaultCacheBehavior: { targetOriginId: 'api', viewerProtocolPolicy: 'redirect-to-https', allowedMethods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'], cachedMethods: ['GET', 'HEAD'], cachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', originRequestPolicyId: requests.id, responseHeadersPolicyId: headers.id },
  orderedCacheBehavior: [{ ...apiBehavior('/static/*', staticPolicy), targetOriginId: 'static' }, apiBehavior('/feed/public/*', feedPolicy)],
  restrictions: { geoRestriction: { restrictionType: 'none' } }, viewerCertificate: { cloudfrontDefaultCertificate: true },
  loggingConfig: { bucket: cdnLogs.bucketDomainName, prefix: 'cdn/' },
});
void Fn;
app.synth();
report(tfResources(out));
cleanup(out);
