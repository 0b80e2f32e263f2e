import type { VllmLoadBalancing } from './balancer';
import type { VllmCircuitBreakerSettings } from './circuit-breaker';
import type { VllmRoutingEventListener } from './routing-events';

/** One vLLM server (replica) behind the provider. */
export interface VllmEndpointSettings {
  /** The server's OpenAI-compatible base URL, with `/v1` (e.g. `http://gpu-1:8000/v1`). */
  baseURL: string;
  /**
   * API key for this server only, sent as `Authorization: Bearer <apiKey>` (its `--api-key`).
   * @default the provider's `apiKey` (then `VLLM_API_KEY`)
   */
  apiKey?: string;
  /**
   * Relative share of traffic (round-robin and least-busy), and of sessions (session).
   * @default 1
   */
  weight?: number;
  /**
   * Most requests this client sends to this server at once; more wait in the queue.
   * @default unlimited
   */
  maxConcurrentRequests?: number;
}

/** Active health checks on each server's `/health` (vLLM answers 200, or 503 when its engine is dead). */
export interface VllmHealthCheckSettings {
  /** Time between two checks of an endpoint, in ms. @default 10000 */
  intervalMs?: number;
  /** Time a check may take before it counts as failed, in ms. @default 2000 */
  timeoutMs?: number;
  /** Consecutive failed checks that eject an endpoint. @default 2 */
  unhealthyThreshold?: number;
  /** Consecutive passed checks that re-admit an ejected endpoint. @default 1 */
  healthyThreshold?: number;
}

/** Periodic reads of each server's `/metrics` for `least-busy`. */
export interface VllmLoadMetricsSettings {
  /** Time between two reads, in ms. @default 2000 */
  intervalMs?: number;
}

/** `loadBalancing: 'prefix-aware'` tuning. */
export interface VllmPrefixAwareSettings {
  /**
   * How far above its share of the requests in flight an endpoint may go before a prefix spills to
   * its next-choice endpoint: each takes at most ⌈loadFactor × (requests in flight + 1) × its weight
   * ÷ total weight⌉ (1 + ε in consistent hashing with bounded loads). Lower balances more, higher
   * keeps more prefixes on their first choice; `Infinity` turns the bound off. ≥ 1.
   * @default 1.25
   */
  loadFactor?: number;
}

/**
 * Multi-endpoint routing settings of `createVllm`. Routing is on when `endpoints` or any other
 * setting here is given; a provider without them talks to `baseURL` directly, with no overhead.
 */
export interface VllmRoutingSettings {
  /**
   * Several vLLM servers serving the same model, used as one. Strings are base URLs (with `/v1`).
   * Replaces `baseURL` (give one or the other). With one endpoint (or none: `baseURL` / `VLLM_BASE_URL`
   * is used) the other routing settings still apply: timeouts, concurrency limit, stats.
   * @example ['http://gpu-1:8000/v1', { baseURL: 'http://gpu-2:8000/v1', weight: 2 }]
   */
  endpoints?: ReadonlyArray<string | VllmEndpointSettings>;

  /**
   * How requests are spread: `round-robin` (weighted), `least-busy` (fewest requests in flight per
   * weight; see `loadMetrics`), or `session` (requests with the same session key — the
   * `X-Session-ID` header, set by `providerOptions.vllm.sessionKey` — stick to one endpoint so its
   * prefix cache stays warm; another endpoint takes over while it is down), or `prefix-aware`
   * (requests whose prompts start alike — same system prompt, tools and first user message, i.e. the
   * same conversation — go to the same endpoint, found by weighted rendezvous hashing so every client
   * agrees, with bounded loads so a hot prefix spills to its next choice; a session key, when given,
   * is used as the prefix).
   * @default 'round-robin'
   */
  loadBalancing?: VllmLoadBalancing;

  /** `prefix-aware` balancing: the load bound (`loadFactor`, default 1.25). */
  prefixAware?: VllmPrefixAwareSettings;

  /**
   * For `least-busy` and `prefix-aware`: also read each server's `vllm:num_requests_running` + `vllm:num_requests_waiting`
   * from `/metrics`, so load from other clients counts too. `true` uses the defaults.
   * @default false (only this client's in-flight requests count)
   */
  loadMetrics?: boolean | VllmLoadMetricsSettings;

  /**
   * Active `/health` checks; failing endpoints are ejected and re-admitted once they pass. Checks run
   * only while requests flow (they stop when the provider is idle) and never keep a process alive.
   * `false` turns them off.
   * @default on with 2+ endpoints, off with one
   */
  healthCheck?: boolean | VllmHealthCheckSettings;

  /**
   * Per-endpoint circuit breaker (`failureThreshold`, `resetTimeoutMs`, `maxResetTimeoutMs`,
   * `halfOpenSuccesses`). `false` turns it off.
   * @default on with 2+ endpoints (5 failures, 30000 ms, 300000 ms, 1 success), off with one
   */
  circuitBreaker?: boolean | VllmCircuitBreakerSettings;

  /**
   * Most endpoints one call is tried on. A failure before any response byte (connection refused or
   * reset, HTTP 502/503/504, no headers within `headersTimeoutMs`) moves the request to the next
   * endpoint. When the router has tried 2+ endpoints its error is not retryable, so the SDK's
   * `maxRetries` does not multiply the attempts.
   * @default number of endpoints, at most 5 (so a call finds the one healthy replica of a small fleet)
   */
  maxAttempts?: number;

  /**
   * Most requests in flight at once over all endpoints (per endpoint: `endpoints[i].maxConcurrentRequests`).
   * Excess requests wait in a queue of `maxQueuedRequests`.
   * @default unlimited
   */
  maxConcurrentRequests?: number;

  /**
   * Most requests waiting for a slot; one more is rejected at once with a `VllmRoutingError`
   * (reason `queue-full`). Only used with a concurrency limit.
   * @default 100
   */
  maxQueuedRequests?: number;

  /**
   * Deadline for a whole call in ms — queueing, failover and reading the response (for streams, the
   * whole stream). `VllmRoutingError` (reason `timeout`) when it passes.
   * @default none
   */
  timeoutMs?: number;

  /**
   * Time to wait for an endpoint's response headers, in ms; past it the attempt is abandoned and the
   * request moves to the next endpoint. A non-streamed generation sends its headers only when it is
   * finished, so set this above your longest generation. On Node, values above 300000 also need
   * `fetch: createVllmNodeFetch()` from `vllm-ai-provider/node` (Node's fetch stops at 300 s).
   * @default none (the runtime's own limit: 300 s on Node)
   */
  headersTimeoutMs?: number;

  /** Receives typed routing events: circuit transitions, health changes, failovers. */
  onEvent?: VllmRoutingEventListener;
}

/** Keys whose presence turns routing on. */
export const ROUTING_SETTING_KEYS = [
  'endpoints',
  'loadBalancing',
  'prefixAware',
  'loadMetrics',
  'healthCheck',
  'circuitBreaker',
  'maxAttempts',
  'maxConcurrentRequests',
  'maxQueuedRequests',
  'timeoutMs',
  'headersTimeoutMs',
  'onEvent',
] as const satisfies ReadonlyArray<keyof VllmRoutingSettings>;

/** Whether any routing setting is given. */
export function hasRoutingSettings(settings: VllmRoutingSettings): boolean {
  return ROUTING_SETTING_KEYS.some((key) => settings[key] !== undefined);
}
