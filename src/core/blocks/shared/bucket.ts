/*
 * S3 bucket vocabulary the blocks share (the GlobalCdn static and log buckets, the load
 * balancers' access-log buckets): encryption and the lifecycle rule every backend renders as is.
 */

/** Server-side encryption of a bucket. */
export enum BucketEncryption {
  /** A customer managed KMS key, with a key policy that lets CloudFront (this distribution only) decrypt. */
  KMS = 'KMS',
  /** S3 managed keys (SSE-S3). */
  S3_MANAGED = 'S3_MANAGED',
}

/** The one lifecycle rule of a bucket, as both backends render it. */
export interface BucketLifecycleRulePlan {
  /** Rule id, e.g. `expire-logs`. */
  readonly id: string;
  /** Days after which current objects expire; absent: they never do. */
  readonly expirationDays?: number;
  /** Days a replaced or deleted object version is kept; absent: noncurrent versions never expire. */
  readonly noncurrentVersionExpirationDays?: number;
  /** Days after which an incomplete multipart upload is aborted (its parts deleted); absent: never. */
  readonly abortIncompleteMultipartUploadDays?: number;
}

/**
 * The lifecycle rule of a log bucket: logs expire after `expirationDays`; in a versioned bucket
 * the noncurrent versions expiration leaves behind expire after the same period; incomplete
 * uploads are aborted after `abortIncompleteMultipartUploadDays` when it is given.
 */
export function logBucketLifecycle(id: string, expirationDays: number, versioned: boolean,
  abortIncompleteMultipartUploadDays?: number): BucketLifecycleRulePlan {
  return {
    id,
    expirationDays,
    noncurrentVersionExpirationDays: versioned ? expirationDays : undefined,
    abortIncompleteMultipartUploadDays,
  };
}
