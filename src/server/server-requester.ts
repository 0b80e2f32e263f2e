import type { z } from 'zod/v4';
import type { ServerEndpoint } from './server-endpoints';

// The shape of the server client's transport (implemented by server-request.ts), in its own file so
// the readers built on it (served models, tokenize, LoRA, status) and the error path that uses them
// do not import each other in a circle.

/** Options every server-client method accepts. */
export interface VllmRequestOptions {
  /** Cancels the request; the method then rejects with the signal's reason. */
  abortSignal?: AbortSignal;
  /**
   * Gives up when vLLM has not answered within this many milliseconds, with an `APICallError`
   * naming the URL. `0` disables the limit.
   * @default the client's `timeoutMs` (30 000 ms; 5 000 ms for `health()`)
   */
  timeoutMs?: number;
  /** Extra HTTP headers for this request (after the connection's headers). */
  headers?: Record<string, string | undefined>;
}

/** A raw answer (any status). */
export interface ServerAnswer {
  url: string;
  status: number;
  text: string;
  headers: Record<string, string>;
  latencyMs: number;
}

/** Sends requests to one vLLM server through the provider's resolved connection. */
export interface ServerRequester {
  /** Absolute URL of an endpoint, resolved at call time (so `VLLM_BASE_URL` is read lazily). */
  url(endpoint: ServerEndpoint): string;
  /** Any status; throws only when the server cannot be reached, on timeout or abort. */
  fetch(endpoint: ServerEndpoint, options?: VllmRequestOptions & { body?: unknown }): Promise<ServerAnswer>;
  /** A 2xx answer; any other status becomes an `APICallError` with vLLM's message. */
  send(endpoint: ServerEndpoint, options?: VllmRequestOptions & { body?: unknown }): Promise<ServerAnswer>;
  /** 2xx body as text; any other status becomes an `APICallError` with vLLM's message. */
  text(endpoint: ServerEndpoint, options?: VllmRequestOptions & { body?: unknown }): Promise<string>;
  /** 2xx body parsed with `schema`. */
  json<SCHEMA extends z.ZodType>(
    endpoint: ServerEndpoint,
    schema: SCHEMA,
    options?: VllmRequestOptions & { body?: unknown },
  ): Promise<z.output<SCHEMA>>;
}
