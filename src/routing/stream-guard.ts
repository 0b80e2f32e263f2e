import { describeError } from './health-checker';
import type { RoutedEndpoint } from './routed-endpoint';
import { VllmRoutingError } from './vllm-routing-error';

/** How a guarded stream ended. */
export type StreamEnd = 'success' | 'failure' | 'abandoned' | 'cancelled';

/**
 * Returns the response with its body wrapped: the endpoint's slot is released when the stream ends,
 * breaks, is cancelled or its call is aborted (at once, even while nobody reads it), and a stream
 * that breaks after it started fails with a clear `VllmRoutingError` (`stream-interrupted`) naming
 * the endpoint — it is never replayed on another endpoint, since part of the answer was already
 * delivered. `first` is the chunk the router read ahead (a stream that breaks before it fails over
 * instead). Chunks are passed on as they arrive (no further read-ahead).
 */
export function wrapResponseStream(options: {
  response: Response;
  reader: ReadableStreamDefaultReader<Uint8Array>;
  first: ReadableStreamReadResult<Uint8Array>;
  endpoint: RoutedEndpoint;
  signal: AbortSignal | undefined;
  deadlinePassed: () => boolean;
  settle: (outcome: StreamEnd) => void;
}): Response {
  const { response, reader, endpoint, signal } = options;
  let received = 0;
  let pending: ReadableStreamReadResult<Uint8Array> | undefined = options.first;
  let settled = false;
  const settle = (outcome: StreamEnd) => {
    if (settled) return;
    settled = true;
    signal?.removeEventListener('abort', onAbort);
    options.settle(outcome);
  };
  let streamController: ReadableStreamDefaultController<Uint8Array> | undefined;
  // The caller's abort frees the slot now, not when (or if) the body is read again.
  const onAbort = () => {
    settle(options.deadlinePassed() ? 'abandoned' : 'cancelled');
    streamController?.error(signal?.reason);
    reader.cancel(signal?.reason).catch(() => {});
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        streamController = controller;
        if (signal?.aborted) onAbort();
        else signal?.addEventListener('abort', onAbort, { once: true });
      },
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = pending ?? (await reader.read());
          pending = undefined;
        } catch (error) {
          if (settled) return;
          if (signal?.aborted) return onAbort();
          settle('failure');
          controller.error(interrupted(response, endpoint, received, error));
          return;
        }
        if (settled) return;
        if (chunk.done) {
          settle('success');
          controller.close();
          return;
        }
        received += chunk.value.byteLength;
        controller.enqueue(chunk.value);
      },
      async cancel(reason) {
        settle('cancelled');
        await reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

function interrupted(
  response: Response,
  endpoint: RoutedEndpoint,
  received: number,
  error: unknown,
): VllmRoutingError {
  return new VllmRoutingError({
    reason: 'stream-interrupted',
    url: endpoint.label,
    statusCode: response.status,
    isRetryable: false,
    attempts: [{ endpoint: endpoint.label, reason: `stream broke: ${describeError(error)}` }],
    message:
      `The response stream from vLLM at ${endpoint.label} broke after ${received} bytes: ${describeError(error)}. ` +
      'It was not replayed on another endpoint because part of the answer had already been delivered; ' +
      'call again to start over.',
    cause: error,
  });
}
