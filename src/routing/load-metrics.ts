import type { FetchFunction } from '@ai-sdk/provider-utils';
import { probe } from './health-checker';
import type { RoutedEndpoint } from './routed-endpoint';

/**
 * Sums vLLM's `vllm:num_requests_running` and `vllm:num_requests_waiting` gauges over all label sets
 * (engines, models) in a Prometheus text exposition. `undefined` when neither gauge is present.
 */
export function parseServerLoad(metrics: string): { running: number; waiting: number } | undefined {
  let running: number | undefined;
  let waiting: number | undefined;
  for (const line of metrics.split('\n')) {
    if (!line.startsWith('vllm:num_requests_')) continue;
    const match = /^vllm:num_requests_(running|waiting)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const value = Number(match[2]);
    if (!Number.isFinite(value)) continue;
    if (match[1] === 'running') running = (running ?? 0) + value;
    else waiting = (waiting ?? 0) + value;
  }
  if (running === undefined && waiting === undefined) return undefined;
  return { running: running ?? 0, waiting: waiting ?? 0 };
}

/** Reads `/metrics` of every endpoint and stores the server-side load used by `least-busy`. */
export async function refreshServerLoad(options: {
  endpoints: readonly RoutedEndpoint[];
  fetch: FetchFunction;
  headers: (endpoint: RoutedEndpoint) => Record<string, string>;
  timeoutMs: number;
  signal: AbortSignal;
}): Promise<void> {
  await Promise.all(
    options.endpoints.map(async (endpoint) => {
      const result = await probe(
        options.fetch,
        `${endpoint.serverURL}/metrics`,
        options.headers(endpoint),
        options.timeoutMs,
        options.signal,
      );
      const load = result.ok && result.body !== undefined ? parseServerLoad(result.body) : undefined;
      // A server whose load cannot be read falls back to this client's own in-flight count.
      endpoint.serverLoad = load && { ...load, at: Date.now(), inFlightAtRead: endpoint.inFlight };
    }),
  );
}
