import type { FetchFunction } from '@ai-sdk/provider-utils';
import { CHAT_CHUNKS, CHAT_COMPLETION } from '../helpers/vllm-fixtures';

/** One request a fake replica received. */
export interface ReplicaRequest {
  host: string;
  path: string;
  headers: Headers;
  body: Record<string, unknown> | undefined;
  signal: AbortSignal | undefined;
}

export type ReplicaHandler = (request: ReplicaRequest) => Response | Promise<Response>;

/** A chat completion naming the replica that produced it. */
export function chatFrom(host: string): Response {
  const body = {
    ...CHAT_COMPLETION,
    choices: [{ ...CHAT_COMPLETION.choices[0], message: { role: 'assistant', content: `from ${host}` } }],
  };
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}

/** vLLM's SSE chunks, optionally breaking (erroring) after `breakAfter` chunks. */
export function streamFrom(options: { breakAfter?: number } = {}): Response {
  const encoder = new TextEncoder();
  const lines = [...CHAT_CHUNKS.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`), 'data: [DONE]\n\n'];
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (options.breakAfter !== undefined && index === options.breakAfter) {
        controller.error(
          Object.assign(new TypeError('terminated'), {
            cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
          }),
        );
        return;
      }
      if (index === lines.length) return controller.close();
      controller.enqueue(encoder.encode(lines[index++]));
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

/** A vLLM-style error response. */
export function errorResponse(status: number, message = `error ${status}`): Response {
  return new Response(JSON.stringify({ error: { message, type: 'Error', param: null, code: status } }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** Like undici when nothing listens on the port. */
export function connectionRefused(): never {
  throw new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
  });
}

/** Never answers; rejects with the signal's reason when aborted (as fetch does). */
export function hang(request: ReplicaRequest): Promise<Response> {
  return new Promise((_resolve, reject) => {
    const signal = request.signal;
    if (signal?.aborted) return reject(signal.reason);
    signal?.addEventListener('abort', () =>
      reject(signal.reason ?? new DOMException('aborted', 'AbortError')),
    );
  });
}

/**
 * A `fetch` standing in for several vLLM replicas, keyed by host (`a`, `b`, `c` for
 * `http://a:8000/v1` …). `/health` answers 200 and `/metrics` answers empty unless a handler says
 * otherwise; a handler returning `undefined` means "default".
 */
export function createFakeReplicas(handlers: Record<string, ReplicaHandler | undefined>) {
  const requests: ReplicaRequest[] = [];
  const fetch: FetchFunction = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const text = typeof init?.body === 'string' ? init.body : undefined;
    const request: ReplicaRequest = {
      host: url.hostname,
      path: url.pathname,
      headers: new Headers(init?.headers),
      body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
      signal: init?.signal ?? undefined,
    };
    requests.push(request);
    const handler = handlers[url.hostname];
    if (handler) return handler(request);
    if (url.pathname === '/health') return new Response(null, { status: 200 });
    return chatFrom(url.hostname);
  };
  /** Generation requests (not health checks / metrics) per host. */
  const calls = (host?: string) =>
    requests.filter(
      (request) => request.path.startsWith('/v1/') && (host === undefined || request.host === host),
    );
  return { fetch, requests, calls };
}

export const A = 'http://a:8000/v1';
export const B = 'http://b:8000/v1';
export const C = 'http://c:8000/v1';

/** Answers `/health` with 200 and everything else with `otherwise()`. */
export const health = (request: ReplicaRequest, otherwise: () => Response | Promise<Response>) =>
  request.path === '/health' ? new Response(null, { status: 200 }) : otherwise();

/** The error a call fails with (fails the test if it succeeds). */
export async function catchError(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
