export type { VllmLoadBalancing } from './balancer';
export type { VllmCircuitBreakerSettings, VllmCircuitState } from './circuit-breaker';
export type { VllmLatencyPercentiles } from './latency-window';
export type { VllmEndpointStats } from './routed-endpoint';
export type {
  VllmCircuitClosedEvent,
  VllmCircuitHalfOpenEvent,
  VllmCircuitOpenEvent,
  VllmEndpointHealthyEvent,
  VllmEndpointRetryAfterEvent,
  VllmEndpointUnhealthyEvent,
  VllmRequestFailoverEvent,
  VllmRoutingEvent,
  VllmRoutingEventListener,
} from './routing-events';
export type {
  VllmEndpointSettings,
  VllmHealthCheckSettings,
  VllmLoadMetricsSettings,
  VllmPrefixAwareSettings,
  VllmRoutingSettings,
} from './routing-settings';
export type { VllmRoutingStats } from './vllm-router';
export {
  type VllmRoutingAttempt,
  VllmRoutingError,
  type VllmRoutingErrorReason,
} from './vllm-routing-error';
