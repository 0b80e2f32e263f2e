/** Fields every routing event carries. */
interface VllmRoutingEventBase {
  /** The endpoint's base URL (credentials in the URL are redacted). */
  endpoint: string;
  /** When it happened (`Date.now()`). */
  timestamp: number;
}

/** An endpoint's circuit opened: it gets no traffic until `retryAt`, when one trial request is let through. */
export interface VllmCircuitOpenEvent extends VllmRoutingEventBase {
  type: 'circuit-open';
  /** Consecutive failures that opened it. */
  failures: number;
  /** When the circuit turns half-open (`Date.now()` scale). */
  retryAt: number;
}

/** An open circuit's reset timeout passed: the next request to the endpoint is a trial. */
export interface VllmCircuitHalfOpenEvent extends VllmRoutingEventBase {
  type: 'circuit-half-open';
}

/** The endpoint recovered: its circuit closed and it gets its full share of traffic again. */
export interface VllmCircuitClosedEvent extends VllmRoutingEventBase {
  type: 'circuit-closed';
}

/** A health check failed (`/health` did not answer 200 in time): the endpoint is ejected. */
export interface VllmEndpointUnhealthyEvent extends VllmRoutingEventBase {
  type: 'endpoint-unhealthy';
  /** Why: `HTTP 503`, `timeout after 2000 ms`, or the connection error. */
  reason: string;
}

/** A health check passed again: the endpoint is re-admitted. */
export interface VllmEndpointHealthyEvent extends VllmRoutingEventBase {
  type: 'endpoint-healthy';
}

/**
 * The endpoint answered 429 or 503 with `Retry-After` (or `retry-after-ms`): it gets no traffic until
 * `retryAt`; calls go to the other endpoints meanwhile.
 */
export interface VllmEndpointRetryAfterEvent extends VllmRoutingEventBase {
  type: 'endpoint-retry-after';
  /** The HTTP status that carried the header. */
  status: number;
  /** When the endpoint may be tried again (`Date.now()` scale). */
  retryAt: number;
}

/** A request failed on `endpoint` before any response byte and moves to `to`. */
export interface VllmRequestFailoverEvent extends VllmRoutingEventBase {
  type: 'request-failover';
  /** The endpoint that takes the request over. */
  to: string;
  /** What failed: `HTTP 503`, `connection failed: …`, `no response headers after 30000 ms`. */
  reason: string;
  /** The attempt number that failed (1 = the first). */
  attempt: number;
}

/** Every event `onEvent` receives; switch on `type`. */
export type VllmRoutingEvent =
  | VllmCircuitOpenEvent
  | VllmCircuitHalfOpenEvent
  | VllmCircuitClosedEvent
  | VllmEndpointUnhealthyEvent
  | VllmEndpointHealthyEvent
  | VllmEndpointRetryAfterEvent
  | VllmRequestFailoverEvent;

/** Receives routing events. Errors it throws are ignored (they never break a request). */
export type VllmRoutingEventListener = (event: VllmRoutingEvent) => void;

/** Calls the listener, isolating the router from its errors. */
export function emitRoutingEvent(
  listener: VllmRoutingEventListener | undefined,
  event: VllmRoutingEvent,
): void {
  if (listener == null) return;
  try {
    listener(event);
  } catch {
    // A faulty listener must not fail the request that triggered the event.
  }
}
