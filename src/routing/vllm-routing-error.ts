import { APICallError } from '@ai-sdk/provider';

const MARKER = Symbol.for('vllm-ai-provider.VllmRoutingError');

/**
 * Why the router gave up on a request. Branch on it instead of parsing messages.
 * - `queue-full`: every allowed slot is busy and the queue holds `maxQueuedRequests` requests.
 * - `no-endpoint-available`: every endpoint is ejected (failed health checks) or has an open circuit.
 * - `endpoint-failed`: the only endpoint tried failed before responding (connection error or no headers in time).
 * - `all-endpoints-failed`: the request failed before any response byte on every endpoint it was tried on.
 * - `stream-interrupted`: the response broke after it had started; it is not replayed elsewhere.
 * - `timeout`: `timeoutMs` passed before the response was complete.
 * - `closed`: the provider was closed (`provider.close()`).
 */
export type VllmRoutingErrorReason =
  | 'queue-full'
  | 'no-endpoint-available'
  | 'endpoint-failed'
  | 'all-endpoints-failed'
  | 'stream-interrupted'
  | 'timeout'
  | 'closed';

/** One try of a request on one endpoint, as reported in a {@link VllmRoutingError}. */
export interface VllmRoutingAttempt {
  /** The endpoint's base URL (credentials redacted). */
  endpoint: string;
  /** What went wrong: `HTTP 503`, `connection failed: …`, `no response headers after 30000 ms`. */
  reason: string;
  /** HTTP status, when the endpoint answered. */
  statusCode?: number;
}

/**
 * An error raised by the multi-endpoint router. It is an `APICallError`, so the AI SDK treats it like
 * any API failure: `isRetryable` tells the SDK whether its own retries (`maxRetries`) may try again.
 * Errors the router already retried on other endpoints are not retryable, so retries add up instead of
 * multiplying.
 */
export class VllmRoutingError extends APICallError {
  readonly reason: VllmRoutingErrorReason;
  /** The endpoints tried, in order, with what went wrong on each. */
  readonly attempts: readonly VllmRoutingAttempt[];

  constructor(options: {
    reason: VllmRoutingErrorReason;
    message: string;
    url: string;
    isRetryable: boolean;
    attempts?: readonly VllmRoutingAttempt[];
    statusCode?: number;
    responseHeaders?: Record<string, string>;
    cause?: unknown;
  }) {
    super({
      message: options.message,
      url: options.url,
      requestBodyValues: undefined,
      statusCode: options.statusCode,
      responseHeaders: options.responseHeaders,
      isRetryable: options.isRetryable,
      cause: options.cause,
    });
    this.name = 'VllmRoutingError';
    this.reason = options.reason;
    this.attempts = options.attempts ?? [];
    Object.defineProperty(this, MARKER, { value: true });
  }

  /** Whether `error` is a `VllmRoutingError` (works across duplicate copies of the package). */
  static override isInstance(error: unknown): error is VllmRoutingError {
    return error != null && typeof error === 'object' && (error as Record<symbol, unknown>)[MARKER] === true;
  }
}
