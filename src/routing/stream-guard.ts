import { describeError } from './health-checker';
import type { RoutedEndpoint } from './routed-endpoint';
import { VllmRoutingError } from './vllm-routing-error';

/**
 * Returns the response with its body wrapped: the endpoint's slot is released when the stream ends,
 * breaks or is cancelled, and a stream that breaks after it started fails with a clear
 * `VllmRoutingError` (`stream-interrupted`) — it is never replayed on another endpoint, since part of
 * the answer was already delivered. Chunks are passed on as they arrive (no read-ahead).
 */
export function wrapResponseStream(options: {
  response: Response;
  endpoint: RoutedEndpoint;
  signal: () => AbortSignal | undefined;
  deadlinePassed: () => boolean;
  settle: (outcome: 'success' | 'failure' | 'abandoned' | 'cancelled') => void;
}): Response {
  const { response, endpoint, settle } = options;
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let received = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          const signal = options.signal();
          if (signal?.aborted) {
            settle(options.deadlinePassed() ? 'abandoned' : 'cancelled');
            controller.error(signal.reason);
            return;
          }
          settle('failure');
          controller.error(
            new VllmRoutingError({
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
            }),
          );
          return;
        }
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
