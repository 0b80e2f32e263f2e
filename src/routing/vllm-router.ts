import type { FetchFunction } from '@ai-sdk/provider-utils';
import { Balancer } from './balancer';
import { Dispatcher } from './dispatcher';
import { checkHealth } from './health-checker';
import { refreshServerLoad } from './load-metrics';
import { PeriodicTask } from './periodic-task';
import { urlOf } from './request-info';
import type { ResolvedRoutingSettings } from './resolve-routing-settings';
import { RoutedCall } from './routed-call';
import { RoutedEndpoint, relativeTarget, type VllmEndpointStats } from './routed-endpoint';
import { VllmRoutingError } from './vllm-routing-error';

/** A snapshot of the router, from `provider.stats()`. */
export interface VllmRoutingStats {
  /** Calls holding a slot now (over all endpoints). */
  inFlight: number;
  /** Calls waiting in the queue for a slot. */
  queued: number;
  /** Calls rejected because the queue was full. */
  rejected: number;
  /** One entry per endpoint, in the order given. */
  endpoints: VllmEndpointStats[];
}

/** The multi-endpoint router behind a provider created with routing settings. */
export interface VllmRouter {
  /** The first endpoint's base URL: models build their request URLs on it; the router rewrites them. */
  readonly baseURL: string;
  /** A `fetch` that routes every request under `baseURL` to one of the endpoints. */
  readonly fetch: FetchFunction;
  stats(): VllmRoutingStats;
  /** Each endpoint reached directly (no balancing, limits or failover), for per-replica reads such as `/metrics`. */
  readonly endpoints: ReadonlyArray<VllmDirectEndpoint>;
  /** Stops health checks and load reads, rejects queued calls; running calls finish. Idempotent. */
  close(): Promise<void>;
}

/** One endpoint of a router, reached directly. */
export interface VllmDirectEndpoint {
  /** The base URL, credentials redacted. */
  readonly label: string;
  readonly baseURL: string;
  readonly serverURL: string;
  /** The provider's headers with this endpoint's own `Authorization`. */
  headers(): Record<string, string>;
  /** The transport (no routing). */
  readonly fetch: FetchFunction;
}

export interface RouterDependencies {
  /** The transport (the user's `fetch`, else `globalThis.fetch` looked up per call). */
  fetch: FetchFunction | undefined;
  /** The provider's headers (`Authorization` from `apiKey` / `VLLM_API_KEY`, custom headers), for checks. */
  headers: () => Record<string, string | undefined>;
  /** Monotonic-enough clock in ms for circuit breakers and idle detection (injectable for tests). */
  now?: () => number;
}

/** Creates the router for resolved settings. Nothing runs until the first request. */
export function createVllmRouter(
  settings: ResolvedRoutingSettings,
  dependencies: RouterDependencies,
): VllmRouter {
  const now = dependencies.now ?? Date.now;
  const transport: FetchFunction = (input, init) => (dependencies.fetch ?? globalThis.fetch)(input, init);
  const endpoints = settings.endpoints.map(
    (endpoint, index) => new RoutedEndpoint(index, endpoint, settings, now),
  );
  const canonical = endpoints[0];
  let rejected = 0;

  const dispatcher = new Dispatcher(
    endpoints,
    new Balancer(settings.loadBalancing, endpoints.length, settings.prefixLoadFactor),
    settings,
    {
      queueFull: ({ maxConcurrentRequests, maxQueuedRequests }) => {
        rejected++;
        return new VllmRoutingError({
          reason: 'queue-full',
          url: canonical.label,
          isRetryable: false,
          message:
            `vLLM request rejected: ${maxConcurrentRequests === Number.POSITIVE_INFINITY ? 'every endpoint is at its maxConcurrentRequests' : `all ${maxConcurrentRequests} slots (maxConcurrentRequests) are busy`} ` +
            `and ${maxQueuedRequests} requests are already queued (maxQueuedRequests). ` +
            'Raise maxConcurrentRequests / maxQueuedRequests, add endpoints, or retry later.',
        });
      },
      unavailable: (request, retryAfterMs) => {
        const retryAfter = retryAfterMs === undefined ? undefined : Math.max(250, Math.ceil(retryAfterMs));
        const states = endpoints
          .map((endpoint) => {
            const retryAfter = endpoint.retryAfterLeftMs();
            const state = request.excluded.has(endpoint)
              ? 'failed for this request'
              : `circuit ${endpoint.breaker?.state ?? 'closed'}${endpoint.healthy ? '' : ', unhealthy'}` +
                (retryAfter > 0 ? `, Retry-After: ${Math.ceil(retryAfter)} ms left` : '');
            return `${endpoint.label} (${state})`;
          })
          .join(', ');
        return new VllmRoutingError({
          reason: 'no-endpoint-available',
          url: canonical.label,
          isRetryable: true,
          // The AI SDK honours retry-after-ms: its retry waits until a circuit lets a trial through.
          responseHeaders: retryAfter === undefined ? undefined : { 'retry-after-ms': String(retryAfter) },
          message:
            `No vLLM endpoint can take the request: ${states}.` +
            (retryAfter === undefined ? '' : ` The first of them may be tried again in ${retryAfter} ms.`),
        });
      },
      closed: () =>
        new VllmRoutingError({
          reason: 'closed',
          url: canonical.label,
          isRetryable: false,
          message:
            'This vLLM provider was closed (provider.close()); create a new provider to send requests.',
        }),
    },
  );

  const endpointHeaders = (endpoint: RoutedEndpoint): Record<string, string> => {
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(dependencies.headers())) {
      if (value !== undefined) headers[key] = value;
    }
    if (endpoint.apiKey !== undefined) {
      for (const key of Object.keys(headers)) if (key.toLowerCase() === 'authorization') delete headers[key];
      if (endpoint.apiKey !== '') headers.Authorization = `Bearer ${endpoint.apiKey}`;
    }
    return headers;
  };

  const monitors: PeriodicTask[] = [];
  const health = settings.healthCheck;
  if (health) {
    const task = (signal: AbortSignal) =>
      checkHealth({
        endpoints,
        settings: health,
        fetch: transport,
        headers: endpointHeaders,
        dispatcher,
        onEvent: settings.onEvent,
        signal,
      });
    monitors.push(new PeriodicTask(task, health.intervalMs, Math.max(3 * health.intervalMs, 30_000), now));
  }
  const loadInterval = settings.loadMetricsIntervalMs;
  if (loadInterval !== undefined && settings.loadBalancing !== 'round-robin') {
    const timeoutMs = Math.min(loadInterval, 2_000);
    const task = (signal: AbortSignal) =>
      refreshServerLoad({ endpoints, fetch: transport, headers: endpointHeaders, timeoutMs, signal });
    monitors.push(new PeriodicTask(task, loadInterval, Math.max(3 * loadInterval, 30_000), now));
  }

  const fetch: FetchFunction = async (input, init) => {
    const url = urlOf(input);
    const target = relativeTarget(url, canonical);
    // Requests elsewhere (another host) are not ours to route.
    if (target === undefined) return transport(input, init);
    for (const monitor of monitors) monitor.touch();
    return new RoutedCall({ settings, dispatcher, transport, target, init }).run();
  };

  return {
    baseURL: canonical.baseURL,
    fetch,
    endpoints: endpoints.map((endpoint) => ({
      label: endpoint.label,
      baseURL: endpoint.baseURL,
      serverURL: endpoint.serverURL,
      headers: () => endpointHeaders(endpoint),
      fetch: transport,
    })),
    stats: () => ({
      inFlight: dispatcher.inFlight,
      queued: dispatcher.queued,
      rejected,
      endpoints: endpoints.map((endpoint) => endpoint.stats()),
    }),
    close: async () => {
      for (const monitor of monitors) monitor.stop();
      dispatcher.close();
    },
  };
}
