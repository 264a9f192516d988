/*
 * What the load balancer listeners of the blocks answer by themselves (LoadBalancedApi, the internal
 * ALB of MicroserviceGateway): the HTTP to HTTPS redirect and the fixed response to a request no
 * rule matches. Resolved here once; both backends render the plan's values.
 */

/**
 * The status of an HTTP to HTTPS redirect: permanent, so clients and caches go to HTTPS directly
 * next time (ELB redirect action StatusCode HTTP_301 or HTTP_302).
 */
export const HTTPS_REDIRECT_STATUS_CODE = 'HTTP_301';

/** The status codes an ELB redirect action takes. */
export const REDIRECT_STATUS_CODES = ['HTTP_301', 'HTTP_302'];

/**
 * The content types an ELB fixed-response action takes (source: Elastic Load Balancing, Application
 * Load Balancers, "Listener rules: fixed-response actions", read 2026-12-07).
 */
export const FIXED_RESPONSE_CONTENT_TYPES = ['text/plain', 'text/css', 'text/html', 'application/javascript', 'application/json'];

/** The longest message body of an ELB fixed-response action, in characters (same source). */
export const FIXED_RESPONSE_MAX_BODY_LENGTH = 1024;

/** A response the load balancer writes itself (an ELB fixed-response action). */
export interface FixedResponsePlan {
  /** HTTP status code (2XX, 4XX or 5XX). */
  readonly statusCode: number;
  /** One of FIXED_RESPONSE_CONTENT_TYPES. */
  readonly contentType: string;
  /** The body, at most 1,024 characters. */
  readonly messageBody: string;
}

/** The 404 a LoadBalancedApi listener answers to a request that its production rule does not take (blue/green). */
export const API_NOT_FOUND_RESPONSE: FixedResponsePlan = { statusCode: 404, contentType: 'text/plain', messageBody: 'Not found' };

/** The 404 the gateway's internal ALB answers to a path no service takes (JSON, as API Gateway's own errors). */
export const GATEWAY_NOT_FOUND_RESPONSE: FixedResponsePlan = { statusCode: 404, contentType: 'application/json', messageBody: '{"message":"Not Found"}' };

/**
 * The 403 a LoadBalancedApi listener with originAccess SECRET_ORIGIN_HEADER answers to a request
 * without the secret origin header (one that did not come through the CDN).
 */
export const ORIGIN_HEADER_DENIED_RESPONSE: FixedResponsePlan = { statusCode: 403, contentType: 'text/plain', messageBody: 'Forbidden' };
