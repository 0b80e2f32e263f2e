import type { FetchFunction } from '@ai-sdk/provider-utils';
import type { Dispatcher } from './dispatcher';
import type { RoutedEndpoint } from './routed-endpoint';
import { emitRoutingEvent, type VllmRoutingEventListener } from './routing-events';
import type { VllmHealthCheckSettings } from './routing-settings';

/** Outcome of one probe. */
export type ProbeResult = { ok: true } | { ok: false; reason: string };

/**
 * GETs `url` with a timeout; `ok` for a 2xx answer. The body is read (and discarded) so the
 * connection is released.
 */
export async function probe(
  fetch: FetchFunction,
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<ProbeResult & { body?: string }> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { method: 'GET', headers, signal: controller.signal });
    const body = await response.text();
    return response.ok ? { ok: true, body } : { ok: false, reason: `HTTP ${response.status}` };
  } catch (error) {
    if (controller.signal.aborted && !signal.aborted)
      return { ok: false, reason: `timeout after ${timeoutMs} ms` };
    return { ok: false, reason: describeError(error) };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

/** Runs one round of `/health` checks over all endpoints and applies ejection / re-admission. */
export async function checkHealth(options: {
  endpoints: readonly RoutedEndpoint[];
  settings: Required<VllmHealthCheckSettings>;
  fetch: FetchFunction;
  headers: (endpoint: RoutedEndpoint) => Record<string, string>;
  dispatcher: Dispatcher;
  onEvent: VllmRoutingEventListener | undefined;
  signal: AbortSignal;
}): Promise<void> {
  const { endpoints, settings, signal } = options;
  await Promise.all(
    endpoints.map(async (endpoint) => {
      const result = await probe(
        options.fetch,
        `${endpoint.serverURL}/health`,
        options.headers(endpoint),
        settings.timeoutMs,
        signal,
      );
      if (signal.aborted) return;
      applyHealth(endpoint, result, settings, options.onEvent);
    }),
  );
  options.dispatcher.drain();
}

/** Updates an endpoint's health from one probe and emits `endpoint-unhealthy` / `endpoint-healthy`. */
export function applyHealth(
  endpoint: RoutedEndpoint,
  result: ProbeResult,
  settings: Required<VllmHealthCheckSettings>,
  onEvent: VllmRoutingEventListener | undefined,
): void {
  if (result.ok) {
    // Down and back (a restart): its open circuit need not wait out the open time to try again.
    if (endpoint.consecutiveHealthFailures > 0) endpoint.breaker?.retryNow();
    endpoint.consecutiveHealthFailures = 0;
    endpoint.consecutiveHealthSuccesses++;
    if (!endpoint.healthy && endpoint.consecutiveHealthSuccesses >= settings.healthyThreshold) {
      endpoint.healthy = true;
      emitRoutingEvent(onEvent, {
        type: 'endpoint-healthy',
        endpoint: endpoint.label,
        timestamp: Date.now(),
      });
    }
    return;
  }
  endpoint.consecutiveHealthSuccesses = 0;
  endpoint.consecutiveHealthFailures++;
  if (endpoint.healthy && endpoint.consecutiveHealthFailures >= settings.unhealthyThreshold) {
    endpoint.healthy = false;
    emitRoutingEvent(onEvent, {
      type: 'endpoint-unhealthy',
      endpoint: endpoint.label,
      timestamp: Date.now(),
      reason: result.reason,
    });
  }
}

/** A one-line description of a fetch failure (`ECONNREFUSED 127.0.0.1:8000` rather than `fetch failed`). */
export function describeError(error: unknown): string {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  const inner = cause instanceof Error ? cause : error;
  if (inner instanceof Error) {
    const code = (inner as { code?: unknown }).code;
    return typeof code === 'string' && !inner.message.includes(code)
      ? `${code}: ${inner.message}`
      : inner.message;
  }
  return String(inner);
}
