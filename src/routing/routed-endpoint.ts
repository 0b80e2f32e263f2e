import { toServerURL } from '../provider/connection/vllm-settings';
import type { BalancerEndpoint } from './balancer';
import { CircuitBreaker, type CircuitTicket, type VllmCircuitState } from './circuit-breaker';
import { LatencyWindow, type VllmLatencyPercentiles } from './latency-window';
import type { ResolvedEndpoint, ResolvedRoutingSettings } from './resolve-routing-settings';
import { emitRoutingEvent } from './routing-events';

/** A snapshot of one endpoint, from `provider.stats()`. */
export interface VllmEndpointStats {
  /** The base URL (credentials redacted). */
  endpoint: string;
  weight: number;
  /** `false` while ejected by failed health checks. */
  healthy: boolean;
  /** Circuit-breaker state (`closed` when the breaker is off). */
  circuit: VllmCircuitState;
  /** Requests sent to this endpoint (each failover attempt counts on the endpoint it went to). */
  requests: number;
  /** Requests that completed with a 2xx response (streams: read to the end). */
  successes: number;
  /** Requests that failed: connection errors, timeouts, HTTP ≥ 400, broken streams. Cancelled requests count as neither. */
  errors: number;
  /** Requests running now. */
  inFlight: number;
  /** Latency of recent successful requests (until the last byte), or `undefined` before the first. */
  latencyMs: VllmLatencyPercentiles | undefined;
  /** Present while the endpoint waits out a `Retry-After` it sent (429/503): ms left; it gets no traffic. */
  retryAfterMs?: number;
  /** Last load read from `/metrics` (`loadMetrics`): running and waiting requests on the server, all clients. */
  serverLoad?: { running: number; waiting: number; at: number };
}

/** How a request ended on an endpoint. */
export type AttemptOutcome = 'success' | 'error' | 'failure' | 'throttled' | 'abandoned' | 'cancelled';

/** One endpoint's live state: slots, health, circuit, counters. */
export class RoutedEndpoint implements BalancerEndpoint {
  readonly key: string;
  readonly label: string;
  readonly serverURL: string;
  readonly baseURL: string;
  readonly apiKey: string | undefined;
  readonly weight: number;
  readonly maxConcurrentRequests: number;
  readonly breaker: CircuitBreaker | undefined;

  inFlight = 0;
  healthy = true;
  consecutiveHealthFailures = 0;
  consecutiveHealthSuccesses = 0;
  serverLoad: { running: number; waiting: number; at: number; inFlightAtRead: number } | undefined;

  private requests = 0;
  private successes = 0;
  private errors = 0;
  private readonly latency = new LatencyWindow();
  /** Clock time (`now()`) until which the endpoint waits out a `Retry-After`. */
  private retryAfterUntil = 0;

  constructor(
    readonly index: number,
    endpoint: ResolvedEndpoint,
    settings: ResolvedRoutingSettings,
    private readonly now: () => number,
  ) {
    this.baseURL = endpoint.baseURL;
    this.key = endpoint.baseURL;
    this.label = redactURL(endpoint.baseURL);
    this.serverURL = toServerURL(endpoint.baseURL);
    this.apiKey = endpoint.apiKey;
    this.weight = endpoint.weight;
    this.maxConcurrentRequests = endpoint.maxConcurrentRequests;
    const breaker = settings.circuitBreaker;
    this.breaker =
      breaker &&
      new CircuitBreaker({
        ...breaker,
        now,
        onTransition: (to, { failures, openMs }) => {
          const base = { endpoint: this.label, timestamp: Date.now() };
          if (to === 'open') {
            const retryAt = base.timestamp + openMs;
            emitRoutingEvent(settings.onEvent, { type: 'circuit-open', ...base, failures, retryAt });
          } else {
            emitRoutingEvent(settings.onEvent, { type: `circuit-${to}`, ...base });
          }
        },
      });
  }

  /** Load used by least-busy: own in-flight requests, plus other clients' load from `/metrics` when known. */
  load(): number {
    const server = this.serverLoad;
    if (server === undefined) return this.inFlight;
    const others = Math.max(0, server.running + server.waiting - server.inFlightAtRead);
    return this.inFlight + others;
  }

  /** Whether the circuit lets a request through now and no `Retry-After` is pending (ignores health and capacity). */
  circuitAllows(): boolean {
    return this.retryAfterUntil <= this.now() && (this.breaker?.canRequest() ?? true);
  }

  /** Honours a `Retry-After` the endpoint sent: no traffic for `ms` (a longer pending wait is kept). */
  waitRetryAfter(ms: number): void {
    this.retryAfterUntil = Math.max(this.retryAfterUntil, this.now() + ms);
  }

  /** Milliseconds left of a pending `Retry-After` (0 when none). */
  retryAfterLeftMs(): number {
    return Math.max(0, this.retryAfterUntil - this.now());
  }

  /** Milliseconds until the endpoint may be tried again (open circuit or `Retry-After`); 0 when it may now. */
  msUntilAvailable(): number {
    return Math.max(this.retryAfterLeftMs(), this.breaker?.msUntilHalfOpen() ?? 0);
  }

  hasCapacity(): boolean {
    return this.inFlight < this.maxConcurrentRequests;
  }

  /** Takes a slot and starts timing. */
  begin(): EndpointTicket {
    this.inFlight++;
    this.requests++;
    return { startedAt: performance.now(), circuit: this.breaker?.begin(), done: false };
  }

  /**
   * Ends a request: `success` (2xx), `error` (the server answered with an error the breaker ignores:
   * HTTP 4xx), `failure` (counts towards the circuit: connection, timeout, 5xx, broken stream),
   * `throttled` (HTTP 429: an error the breaker ignores, handled by `Retry-After`), `abandoned`
   * (`timeoutMs` passed: an error, but not the endpoint's fault), `cancelled` (the caller aborted: no
   * outcome). Returns `false` if it had already ended.
   */
  end(ticket: EndpointTicket, outcome: AttemptOutcome): boolean {
    if (ticket.done) return false;
    ticket.done = true;
    this.inFlight--;
    if (outcome === 'success') {
      this.successes++;
      this.latency.add(performance.now() - ticket.startedAt);
    } else if (outcome !== 'cancelled') {
      this.errors++;
    }
    if (ticket.circuit && this.breaker) {
      if (outcome === 'failure') this.breaker.failure(ticket.circuit);
      else if (outcome === 'success' || outcome === 'error') this.breaker.success(ticket.circuit);
      else this.breaker.release(ticket.circuit);
    }
    return true;
  }

  stats(): VllmEndpointStats {
    const server = this.serverLoad;
    return {
      endpoint: this.label,
      weight: this.weight,
      healthy: this.healthy,
      circuit: this.breaker?.state ?? 'closed',
      requests: this.requests,
      successes: this.successes,
      errors: this.errors,
      inFlight: this.inFlight,
      latencyMs: this.latency.percentiles(),
      ...(this.retryAfterLeftMs() > 0 && { retryAfterMs: this.retryAfterLeftMs() }),
      ...(server && { serverLoad: { running: server.running, waiting: server.waiting, at: server.at } }),
    };
  }
}

/** One request's hold on an endpoint. */
export interface EndpointTicket {
  readonly startedAt: number;
  readonly circuit: CircuitTicket | undefined;
  done: boolean;
}

/** The URL without user:password, for events, stats and error messages. */
export function redactURL(url: string): string {
  return url.replace(/^(https?:\/\/)[^/@]*@/, '$1***@');
}

/** Where a request goes, relative to an endpoint: under its base URL (`/v1/...`) or its server root. */
export interface RouteTarget {
  readonly base: 'baseURL' | 'serverURL';
  /** The rest of the URL after the base (path, query). */
  readonly rest: string;
}

export function relativeTarget(url: string, canonical: RoutedEndpoint): RouteTarget | undefined {
  for (const base of ['baseURL', 'serverURL'] as const) {
    const prefix = canonical[base];
    if (url.startsWith(prefix)) {
      const next = url.charAt(prefix.length);
      if (next === '' || next === '/' || next === '?') return { base, rest: url.slice(prefix.length) };
    }
  }
  return undefined;
}
