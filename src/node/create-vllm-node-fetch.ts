import type { FetchFunction } from '@ai-sdk/provider-utils';
import type { Agent } from 'undici';
import { loadUndici } from './load-undici';

/** Options of {@link createVllmNodeFetch}. */
export interface VllmNodeFetchOptions {
  /**
   * Longest wait for response headers, in ms; `0` disables the limit. Node's built-in fetch stops at
   * 300000 (5 min), which a non-streamed generation that takes longer cannot survive: vLLM sends the
   * headers only once the whole answer is ready.
   * @default 3600000 (1 hour)
   */
  headersTimeoutMs?: number;

  /**
   * Longest silence between two chunks of a response body, in ms; `0` disables the limit (Node's
   * built-in fetch: 300000). A stream goes silent e.g. during a long prefill before the first token.
   * @default 3600000 (1 hour)
   */
  bodyTimeoutMs?: number;

  /** Time to establish the TCP (and TLS) connection, in ms. @default 10000 */
  connectTimeoutMs?: number;
}

/** A `fetch` for `createVllm({ fetch })` on Node, with its own connection pool; `close()` ends it. */
export type VllmNodeFetch = FetchFunction & {
  /** Closes the connection pool (waits for running requests). Idempotent. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
};

const ONE_HOUR_MS = 3_600_000;

/**
 * A Node-only `fetch` (undici, the library behind Node's own fetch) without Node's 300-second
 * headers and body timeouts, so a 10-minute non-streamed generation completes:
 *
 * ```ts
 * import { createVllm } from 'vllm-ai-provider';
 * import { createVllmNodeFetch } from 'vllm-ai-provider/node';
 * const vllm = createVllm({ fetch: createVllmNodeFetch(), headersTimeoutMs: 900_000 });
 * ```
 *
 * The provider's `headersTimeoutMs` / `timeoutMs` (and the AI SDK's `abortSignal`) stay the limits
 * you choose; this fetch only removes the hidden one. Streaming calls do not need it.
 */
export function createVllmNodeFetch(options: VllmNodeFetchOptions = {}): VllmNodeFetch {
  const headersTimeout = checkTimeout('headersTimeoutMs', options.headersTimeoutMs, ONE_HOUR_MS);
  const bodyTimeout = checkTimeout('bodyTimeoutMs', options.bodyTimeoutMs, ONE_HOUR_MS);
  const connectTimeout = checkTimeout('connectTimeoutMs', options.connectTimeoutMs, 10_000);
  // The pool is made on the first request (undici is loaded then: an optional peer dependency).
  let pool: Promise<{ agent: Agent; fetch: Awaited<ReturnType<typeof loadUndici>>['fetch'] }> | undefined;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= pool?.then(({ agent }) => agent.close()) ?? Promise.resolve();
    return closing;
  };
  const fetch = (async (input, init) => {
    if (closing !== undefined) throw new Error('This createVllmNodeFetch() fetch was closed (close()).');
    pool ??= loadUndici('createVllmNodeFetch').then((undici) => ({
      agent: new undici.Agent({ headersTimeout, bodyTimeout, connect: { timeout: connectTimeout } }),
      fetch: undici.fetch,
    }));
    const { agent, fetch: undiciFetch } = await pool;
    // undici's fetch takes the same arguments as the global one, plus `dispatcher`; its Response is
    // the WHATWG Response the AI SDK reads (status, headers, body stream).
    return undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher: agent,
    }) as unknown as Promise<Response>;
  }) as VllmNodeFetch;
  fetch.close = close;
  fetch[Symbol.asyncDispose] = close;
  return fetch;
}

function checkTimeout(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(
      `createVllmNodeFetch: ${name} must be a number of milliseconds >= 0 (0 = no limit), got ${String(value)}.`,
    );
  }
  return value;
}
