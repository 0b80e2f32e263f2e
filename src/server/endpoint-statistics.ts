import type { VllmConnection } from '../provider/connection/vllm-settings';
import { VLLM_ENDPOINTS } from './server-endpoints';
import { createServerRequester, type VllmRequestOptions } from './server-request';
import { parseVllmMetrics } from './vllm-metrics';
import { computeVllmStatistics, type VllmEndpointStatistics, type VllmStatistics } from './vllm-statistics';
import { delay } from './with-deadline';

type Reading = { text: string; takenAt: number } | { error: unknown };

/**
 * `statistics()` of a routed provider: every endpoint's `/metrics` read directly at the start and
 * the end of the window (in parallel), each endpoint's own figures, and the figures of all of them
 * together (their counters and histograms summed). Endpoints that cannot be read are listed with
 * their error; the call fails only when none can be.
 */
export async function endpointStatistics(
  endpoints: ReadonlyArray<VllmConnection & { label: string }>,
  timeoutMs: number,
  windowMs: number,
  options: VllmRequestOptions,
): Promise<VllmStatistics> {
  const requesters = endpoints.map((endpoint) => createServerRequester(endpoint, timeoutMs));
  const read = () =>
    Promise.all(
      requesters.map(async (requester): Promise<Reading> => {
        try {
          return { text: await requester.text(VLLM_ENDPOINTS.metrics, options), takenAt: Date.now() };
        } catch (error) {
          if (options.abortSignal?.aborted) throw error;
          return { error };
        }
      }),
    );
  const before = await read();
  await delay(windowMs, options.abortSignal);
  const after = await read();

  const perEndpoint: VllmEndpointStatistics[] = endpoints.map((endpoint, index) => {
    const start = before[index];
    const end = after[index];
    if ('error' in start) return { endpoint: endpoint.label, statistics: undefined, error: start.error };
    if ('error' in end) return { endpoint: endpoint.label, statistics: undefined, error: end.error };
    return {
      endpoint: endpoint.label,
      statistics: computeVllmStatistics(
        parseVllmMetrics(start.text, start.takenAt),
        parseVllmMetrics(end.text, end.takenAt),
      ),
    };
  });
  const answered = perEndpoint.flatMap((entry, index) => {
    const start = before[index];
    const end = after[index];
    return entry.statistics !== undefined && 'text' in start && 'text' in end ? [{ start, end }] : [];
  });
  if (answered.length === 0) throw perEndpoint[0].error;
  const combined = (readings: Array<{ text: string; takenAt: number }>) =>
    parseVllmMetrics(
      readings.map((reading) => reading.text).join('\n'),
      Math.min(...readings.map((reading) => reading.takenAt)),
    );
  return {
    ...computeVllmStatistics(
      combined(answered.map((entry) => entry.start)),
      combined(answered.map((entry) => entry.end)),
    ),
    endpoints: perEndpoint,
  };
}
