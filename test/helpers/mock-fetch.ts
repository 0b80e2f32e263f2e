import type { FetchFunction } from '@ai-sdk/provider-utils';

/** One request seen by {@link createMockFetch}. */
export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** The parsed JSON body (undefined for requests without one). */
  body: Record<string, unknown> | undefined;
}

type Handler = (request: RecordedRequest) => Response | Promise<Response>;

/** A `fetch` that records every request and answers with `handler` (no network). */
export function createMockFetch(handler: Handler): { fetch: FetchFunction; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetch: FetchFunction = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const text = typeof init?.body === 'string' ? init.body : undefined;
    const request: RecordedRequest = {
      url,
      method: init?.method ?? 'GET',
      headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
    };
    requests.push(request);
    return handler(request);
  };
  return { fetch, requests };
}

/** A JSON response. */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** An SSE response in vLLM's framing: `data: <json>\n\n` per chunk, then `data: [DONE]`. */
export function sseResponse(chunks: unknown[], { done = true }: { done?: boolean } = {}): Response {
  const lines = chunks.map(
    (chunk) => `data: ${typeof chunk === 'string' ? chunk : JSON.stringify(chunk)}\n\n`,
  );
  if (done) lines.push('data: [DONE]\n\n');
  return new Response(lines.join(''), { status: 200, headers: { 'content-type': 'text/event-stream' } });
}
