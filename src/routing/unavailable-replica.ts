import type { AttemptFailure } from './attempt-failure';
import { failure } from './attempt-failure';
import { ENGINE_DEAD_MESSAGE, FAILOVER_STATUSES } from './request-info';
import { parseRetryAfter } from './retry-after';
import type { RoutedEndpoint } from './routed-endpoint';
import { emitRoutingEvent, type VllmRoutingEventListener } from './routing-events';

/**
 * A response saying the replica cannot serve now (429, 502/503/504, vLLM's engine-dead 500) as a
 * failed attempt, honouring its `Retry-After` (the endpoint gets no traffic meanwhile); any other
 * response as it is (a 500 rebuilt after its body was read to tell the two apart).
 */
export async function unavailableReplica(
  endpoint: RoutedEndpoint,
  response: Response,
  onEvent: VllmRoutingEventListener | undefined,
): Promise<Response | AttemptFailure> {
  const { status, statusText, headers } = response;
  if (status !== 500 && !FAILOVER_STATUSES.has(status)) return response;
  const text = await response.text().catch(() => '');
  const engineDead = status === 500 && ENGINE_DEAD_MESSAGE.test(text);
  if (status === 500 && !engineDead) return new Response(text, { status, statusText, headers });
  const retryAfterMs = parseRetryAfter(headers);
  if (retryAfterMs !== undefined && retryAfterMs > 0) {
    endpoint.waitRetryAfter(retryAfterMs);
    const timestamp = Date.now();
    emitRoutingEvent(onEvent, {
      type: 'endpoint-retry-after',
      endpoint: endpoint.label,
      status,
      retryAt: timestamp + retryAfterMs,
      timestamp,
    });
  }
  return {
    ...failure(endpoint, engineDead ? 'HTTP 500 (engine dead)' : `HTTP ${status}`, undefined, status),
    retryAfterMs,
    response: { status, statusText, headers, text },
  };
}

/** Whether a stream's first chunk is vLLM's in-band error event for a dead engine (`data: {"error": …}`). */
export function startsWithEngineDeadEvent(chunk: Uint8Array): boolean {
  // Cheap prefix test first: most first chunks are a role delta.
  if (chunk.byteLength < 16 || chunk[0] !== 0x64 /* d */) return false;
  const text = new TextDecoder().decode(chunk.subarray(0, 1024));
  return /^data: ?\{"(error|object":\s*"error)"/.test(text) && ENGINE_DEAD_MESSAGE.test(text);
}
