import type { RoutedEndpoint } from './routed-endpoint';
import { type VllmRoutingAttempt, VllmRoutingError } from './vllm-routing-error';

/** Node's fetch (undici) gives up waiting for response headers after 300 s. */
export const NODE_HEADERS_TIMEOUT_MS = 300_000;

/** A failed attempt, kept to report (or pass through) if no other endpoint succeeds. */
export interface AttemptFailure {
  readonly endpoint: RoutedEndpoint;
  readonly summary: VllmRoutingAttempt;
  readonly error: unknown;
  /** The endpoint's error response (502/503/504), passed through when it was the only attempt. */
  readonly response?: { status: number; statusText: string; headers: Headers; text: string };
  /** The wait the endpoint asked for with `Retry-After` (429/503), in ms. */
  readonly retryAfterMs?: number;
  /** Trying elsewhere would fail the same way (a configuration problem). */
  readonly final?: boolean;
  readonly hint?: string;
}

export function failure(
  endpoint: RoutedEndpoint,
  reason: string,
  error: unknown,
  statusCode?: number,
): AttemptFailure {
  return {
    endpoint,
    error,
    summary: { endpoint: endpoint.label, reason, ...(statusCode !== undefined && { statusCode }) },
  };
}

/**
 * Node's fetch stopped waiting for headers at 300 s. When the caller asked to wait longer
 * (`headersTimeoutMs` / `timeoutMs` above 300 s) every endpoint would fail the same way: final.
 */
export function nodeHeadersTimeoutFailure(
  endpoint: RoutedEndpoint,
  error: unknown,
  wantedMs: number,
): AttemptFailure {
  return {
    ...failure(
      endpoint,
      `no response headers after ${NODE_HEADERS_TIMEOUT_MS / 1000} s (Node's fetch limit)`,
      error,
    ),
    final: wantedMs > NODE_HEADERS_TIMEOUT_MS,
    hint:
      " Node's built-in fetch waits at most 300 s for response headers (undici's headersTimeout), and a " +
      'non-streamed generation sends its headers only when it is done. Pass `fetch: createVllmNodeFetch()` ' +
      "from 'vllm-ai-provider/node' to lift that limit, or stream the call (streamText).",
  };
}

/**
 * What a call that failed on every attempt returns: a lone endpoint's own error response (so the SDK
 * parses vLLM's message and applies `maxRetries`, honouring its `Retry-After`), else a
 * `VllmRoutingError` — not retryable once 2+ endpoints were tried, since an SDK retry would multiply
 * the attempts, unless every endpoint asked to be retried later (`retryAfterMs`: then the SDK's retry
 * waits that long).
 */
export function finalFailure(
  failures: readonly AttemptFailure[],
  retryAfterMs?: number,
): Response | VllmRoutingError {
  const last = failures.at(-1)!;
  const hint = failures.find((item) => item.hint)?.hint ?? '';
  if (failures.length === 1) {
    if (last.response) {
      const { text, status, statusText, headers } = last.response;
      return new Response(text, { status, statusText, headers });
    }
    return new VllmRoutingError({
      reason: 'endpoint-failed',
      url: last.endpoint.label,
      isRetryable: !last.final,
      attempts: [last.summary],
      message:
        `vLLM at ${last.endpoint.label} failed before responding: ${last.summary.reason}.` +
        (hint ||
          (last.summary.reason.startsWith('no response headers')
            ? ' The server took the request but did not answer in time: raise headersTimeoutMs or check its load.'
            : ' Is the server running and reachable? Check the endpoint URL.')),
      // An AggregateError keeps the SDK from re-wrapping this error as a plain network APICallError.
      cause: new AggregateError([last.error], 'the failed attempt'),
    });
  }
  const retryAfter = retryAfterMs === undefined ? undefined : String(Math.max(250, Math.ceil(retryAfterMs)));
  return new VllmRoutingError({
    reason: 'all-endpoints-failed',
    url: last.endpoint.label,
    statusCode: last.summary.statusCode,
    isRetryable: retryAfter !== undefined,
    responseHeaders: retryAfter === undefined ? undefined : { 'retry-after-ms': retryAfter },
    attempts: failures.map((item) => item.summary),
    message:
      `vLLM request failed before any response on ${failures.length} endpoints: ` +
      failures.map((item) => `${item.endpoint.label}: ${item.summary.reason}`).join('; ') +
      '.' +
      (retryAfter === undefined
        ? ''
        : ` They asked to be retried later (Retry-After): in ${retryAfter} ms.`) +
      hint,
    cause: new AggregateError(
      failures.map((item) => item.error ?? new Error(item.summary.reason)),
      'one error per attempt',
    ),
  });
}

/** Whether `error` or one of its causes carries `code` (e.g. undici's `UND_ERR_HEADERS_TIMEOUT`). */
export function hasErrorCode(error: unknown, code: string): boolean {
  const seen = new Set<unknown>();
  let current = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    if ((current as { code?: unknown }).code === code) return true;
    current = current.cause;
  }
  return false;
}
