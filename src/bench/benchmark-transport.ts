import type { FetchFunction } from '@ai-sdk/provider-utils';

/** One HTTP request of the load generator. */
export interface VllmBenchmarkRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  /** JSON text for POST requests. */
  body?: string;
  /** Aborts this request (timeout or the benchmark's `signal`). */
  signal?: AbortSignal;
  /** Whether the response is an event stream whose pieces must be reported as they arrive. */
  stream: boolean;
}

/**
 * How the load generator sends requests. `send` resolves with the status once the body has been
 * fully read; every piece of the body is handed to `onText` as it arrives (UTF-8 decoded, in
 * order; for a non-streamed response one call with the whole body is fine).
 */
export interface VllmBenchmarkTransport {
  send(request: VllmBenchmarkRequest, onText: (text: string) => void): Promise<number>;
  /** Releases connections (the transport's own pool); called by whoever created the transport. */
  close?(): Promise<void>;
}

/**
 * The default transport: `fetch` (any runtime). Streamed bodies are read chunk by chunk; other
 * bodies in one piece.
 */
export function createFetchBenchmarkTransport(
  fetch: FetchFunction = globalThis.fetch,
): VllmBenchmarkTransport {
  return {
    async send(request, onText) {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: request.signal,
      });
      if (!request.stream || response.body === null) {
        onText(await response.text());
        return response.status;
      }
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        onText(decoder.decode(value, { stream: true }));
      }
      const rest = decoder.decode();
      if (rest !== '') onText(rest);
      return response.status;
    },
  };
}
