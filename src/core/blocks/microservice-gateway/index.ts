/*
 * MicroserviceGateway (seed §5): one HTTP API (API Gateway v2) in front of N Fargate services,
 * reached through a VPC link (private integration); services find each other through ECS
 * Service Connect in one Cloud Map namespace; each may own a small ReplicatedDatabase and
 * consume WorkQueues. Failure handling: deployment circuit breaker with rollback, health checks,
 * per-route throttling (load shedding before a service saturates) and timeouts at the gateway
 * (integration) and between services (Service Connect per-request and idle timeouts).
 */
export * from './options';
export * from './plan';
export * from './resolve';
export * from './sizing';
export * from './notes';
