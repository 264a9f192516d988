import * as cdk from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { acknowledge, toRemovalPolicy } from './common';
import { ApiLogBucketPlan } from '../core/blocks/load-balanced-api';
import { BucketEncryption, BucketLifecycleRulePlan } from '../core/blocks/shared/bucket';

/*
 * The access logs of a load balancer, as LoadBalancedApi and MicroserviceGateway both render them
 * from an ApiLogBucketPlan: the bucket, and the load balancer's attributes and the grant for it.
 */

/** Mapping value of a Region whose ELB log delivery has no account (it uses the service principal). */
const NO_ELB_ACCOUNT = 'none';

/** A bucket's lifecycle rule as its plan describes it. */
export function bucketLifecycleRule(rule: BucketLifecycleRulePlan): s3.LifecycleRule {
  const days = (d: number | undefined) => (d === undefined ? undefined : cdk.Duration.days(d));
  return {
    id: rule.id,
    expiration: days(rule.expirationDays),
    noncurrentVersionExpiration: days(rule.noncurrentVersionExpirationDays),
    abortIncompleteMultipartUploadAfter: days(rule.abortIncompleteMultipartUploadDays),
  };
}

/** The access log bucket as the plan describes it: private, SSE-S3, TLS only, versioned, expiring, retained. */
export function accessLogBucket(scope: Construct, id: string, plan: ApiLogBucketPlan): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    encryption: plan.encryption === BucketEncryption.S3_MANAGED ? s3.BucketEncryption.S3_MANAGED : s3.BucketEncryption.KMS_MANAGED,
    blockPublicAccess: plan.blockPublicAccess ? s3.BlockPublicAccess.BLOCK_ALL : undefined,
    enforceSSL: plan.enforceTls,
    objectOwnership: plan.objectOwnership === 'BUCKET_OWNER_ENFORCED' ? s3.ObjectOwnership.BUCKET_OWNER_ENFORCED : s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    versioned: plan.versioned,
    removalPolicy: toRemovalPolicy(plan.removalPolicy),
    lifecycleRules: [bucketLifecycleRule(plan.lifecycle)],
  });
  const noServerLogs = 'the bucket receives only the load balancer\'s own access logs, written by ELB log delivery; S3 server access logs of it would log the logs';
  acknowledge(bucket,
    { id: 'AwsSolutions::AwsSolutions-S1', reason: noServerLogs },
    { id: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check', reason: noServerLogs },
    { id: 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check', reason: 'ELB access log delivery writes only to SSE-S3 buckets (the plan\'s encryption)' },
    { id: 'cdk-validator-cfnguard::s3_event_notifications_enabled_check', reason: 'nothing consumes new log objects as events; they are queried on demand' },
    { id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', reason: `access logs expire by lifecycle after ${plan.lifecycle.expirationDays} days; object lock would keep them past that` });
  return bucket;
}

/**
 * Turns on a load balancer's access logs into `bucket` under `prefix` (ELB writes under
 * `<prefix>/AWSLogs/<account>/`). With a known Region this is aws-cdk-lib's `logAccessLogs`. An
 * env-agnostic stack cannot know which principal delivers the logs, so the bucket policy names
 * the Region's ELB account from a mapping over every Region aws-cdk-lib knows (Regions opened
 * before August 2022) and the log delivery service principal (the newer ones).
 */
export function logAccessLogs(lb: elbv2.ApplicationLoadBalancer | elbv2.NetworkLoadBalancer, bucket: s3.Bucket, prefix: string): void {
  const trimmed = prefix.replace(/\/+$/, '');
  const stack = cdk.Stack.of(lb);
  if (!cdk.Token.isUnresolved(stack.region)) {
    lb.logAccessLogs(bucket, trimmed);
    return;
  }
  lb.setAttribute('access_logs.s3.enabled', 'true');
  lb.setAttribute('access_logs.s3.bucket', bucket.bucketName);
  lb.setAttribute('access_logs.s3.prefix', trimmed);
  const scope = bucket.node.scope as Construct;
  const accounts: { [region: string]: { [key: string]: string } } = {};
  for (const region of RegionInfo.regions.map((r) => r.name).sort()) {
    accounts[region] = { account: RegionInfo.get(region).elbv2Account ?? NO_ELB_ACCOUNT };
  }
  const map = new cdk.CfnMapping(scope, 'ElbLogDeliveryAccounts', { mapping: accounts });
  const account = map.findInMap(cdk.Aws.REGION, 'account');
  const hasAccount = new cdk.CfnCondition(scope, 'ElbLogDeliveryHasAccount', {
    expression: cdk.Fn.conditionNot(cdk.Fn.conditionEquals(account, NO_ELB_ACCOUNT)),
  });
  // Without an ELB account the statement names this account, which holds the bucket anyway (a no-op grant).
  const elbPrincipal = cdk.Fn.conditionIf(hasAccount.logicalId, `arn:${stack.partition}:iam::${account}:root`, `arn:${stack.partition}:iam::${stack.account}:root`);
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'ElbLogDelivery',
    actions: ['s3:PutObject'],
    principals: [new iam.ArnPrincipal(elbPrincipal.toString()), new iam.ServicePrincipal('logdelivery.elasticloadbalancing.amazonaws.com')],
    resources: [bucket.arnForObjects(`${trimmed ? `${trimmed}/` : ''}AWSLogs/${stack.account}/*`)],
  }));
  // The bucket policy must exist before the load balancer checks that it can write.
  (lb.node.defaultChild as cdk.CfnResource).node.addDependency(bucket.policy!);
}
