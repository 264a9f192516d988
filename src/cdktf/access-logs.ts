import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration, S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { protect, s3ObjectOwnership, StackContext } from './common';
import { ApiLogBucketPlan } from '../core/blocks/load-balanced-api';
import { BucketEncryption, BucketLifecycleRulePlan } from '../core/blocks/shared/bucket';

/*
 * The access logs of a load balancer, as LoadBalancedApi and MicroserviceGateway both render them
 * from an ApiLogBucketPlan: the bucket, and the policy that lets the load balancer deliver to it.
 */

/** A bucket's lifecycle rule as its plan describes it (for every object of the bucket). */
export function lifecycleRuleOf(rule: BucketLifecycleRulePlan): S3BucketLifecycleConfigurationRule {
  return {
    id: rule.id,
    status: 'Enabled',
    filter: [{}],
    expiration: rule.expirationDays !== undefined ? [{ days: rule.expirationDays }] : undefined,
    noncurrentVersionExpiration: rule.noncurrentVersionExpirationDays !== undefined
      ? [{ noncurrentDays: rule.noncurrentVersionExpirationDays }] : undefined,
    abortIncompleteMultipartUpload: rule.abortIncompleteMultipartUploadDays !== undefined
      ? [{ daysAfterInitiation: rule.abortIncompleteMultipartUploadDays }] : undefined,
  };
}

/** How a load balancer's access-log bucket is named and who delivers to it. */
export interface AccessLogBucketOptions {
  /** Prefix of the generated bucket name. */
  readonly bucketPrefix: string;
  /** An Application Load Balancer (ELB log delivery); false: a Network Load Balancer (CloudWatch Logs delivery of its TLS logs). */
  readonly alb: boolean;
}

/**
 * The access-log bucket as its plan says (encrypted, private, versioned, expiring, protected) and
 * its policy: TLS only, and writes by the load balancer's log delivery under `<prefix>AWSLogs/<account>/`.
 * The load balancer must depend on the returned policy.
 */
export function accessLogBucket(scope: Construct, id: string, plan: ApiLogBucketPlan, opts: AccessLogBucketOptions):
{ bucket: S3Bucket; policy: S3BucketPolicy } {
  const ctx = StackContext.of(scope);
  const bucket = new S3Bucket(scope, id, { bucketPrefix: opts.bucketPrefix });
  protect(bucket, plan.removalPolicy);
  new S3BucketServerSideEncryptionConfigurationA(scope, `${id}Encryption`, {
    bucket: bucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: plan.encryption === BucketEncryption.KMS ? 'aws:kms' : 'AES256' } }],
  });
  if (plan.blockPublicAccess) {
    new S3BucketPublicAccessBlock(scope, `${id}PublicAccessBlock`, {
      bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
  }
  new S3BucketOwnershipControls(scope, `${id}Ownership`, { bucket: bucket.id, rule: { objectOwnership: s3ObjectOwnership(plan.objectOwnership) } });
  if (plan.versioned) {
    new S3BucketVersioningA(scope, `${id}Versioning`, { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
  }
  new S3BucketLifecycleConfiguration(scope, `${id}Lifecycle`, {
    bucket: bucket.id,
    rule: [lifecycleRuleOf(plan.lifecycle)],
  });
  const logObjects = `${bucket.arn}/${plan.prefix}AWSLogs/${ctx.accountId}/*`;
  const statements: object[] = [];
  if (plan.enforceTls) {
    statements.push({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [bucket.arn, `${bucket.arn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  }
  if (opts.alb) {
    // Regions opened before August 2022 deliver as a regional ELB account; the others as a service principal.
    const elbAccount = ctx.elbLogDeliveryAccount;
    statements.push({
      Sid: 'ElbLogDeliveryAccount',
      Effect: 'Allow',
      Principal: { AWS: `arn:${ctx.partition}:iam::${elbAccount}:root` },
      Action: 's3:PutObject',
      Resource: logObjects,
    }, {
      Sid: 'ElbLogDeliveryService',
      Effect: 'Allow',
      Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: logObjects,
    });
  } else {
    // A Network Load Balancer delivers its TLS access logs through CloudWatch Logs delivery.
    statements.push({
      Sid: 'LogDeliveryWrite',
      Effect: 'Allow',
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: logObjects,
      Condition: { StringEquals: { 'aws:SourceAccount': ctx.accountId } },
    }, {
      Sid: 'LogDeliveryAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: bucket.arn,
      Condition: { StringEquals: { 'aws:SourceAccount': ctx.accountId } },
    });
  }
  const policy = new S3BucketPolicy(scope, `${id}Policy`, {
    bucket: bucket.id,
    policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
  });
  return { bucket, policy };
}
