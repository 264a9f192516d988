/**
 * GlobalCdn: CloudFront in front of a private, versioned, encrypted S3 bucket (origin access
 * control) and a dynamic origin (the LoadBalancedApi of a system, or a custom domain), with
 * static behaviours cached (TTLs from a TieredCache's CDN tier when there is one) and API
 * behaviours passed through, TLS 1.2+, HTTP/2 and HTTP/3, a security-headers policy, a WAF web
 * ACL (managed common rules and a per-IP rate limit) in us-east-1, and access logs.
 *
 * Sizing (SIZING-MODEL.md, GlobalCdn): requests/s and Gbps against the distribution quotas,
 * origins and behaviours against theirs; the origin receives peak x (1 - hit ratio).
 *
 * The folder: options (what a user passes), plan (what the backends render), resolve
 * (planGlobalCdn and its resolvers), sizing (the check), notes. internal is shared by them and
 * is not re-exported.
 */

// Bucket encryption lives in ../shared/bucket (the load balancers' log buckets use it too); re-exported so its public import path still works.
export * from '../shared/bucket';
export * from './options';
export * from './plan';
export * from './resolve';
export * from './sizing';
export * from './notes';
