import type { FetchFunction } from '@ai-sdk/provider-utils';
import type { Dispatcher, DispatchRequest, Placement } from './dispatcher';
import { describeError } from './health-checker';
import { FAILOVER_STATUSES, isReplayable, isStreamingBody, readHeader } from './request-info';
import type { ResolvedRoutingSettings } from './resolve-routing-settings';
import { type AttemptOutcome, type RoutedEndpoint, redactURL } from './routed-endpoint';
import { emitRoutingEvent } from './routing-events';
import { wrapResponseStream } from './stream-guard';
import type { RouteTarget } from './vllm-router';
import { type VllmRoutingAttempt, VllmRoutingError } from './vllm-routing-error';

/** Node's fetch (undici) gives up waiting for response headers after 300 s. */
const NODE_HEADERS_TIMEOUT_MS = 300_000;

/** A failed attempt, kept to report (or pass through) if no other endpoint succeeds. */
interface AttemptFailure {
  readonly endpoint: RoutedEndpoint;
  readonly summary: VllmRoutingAttempt;
  readonly error: unknown;
  /** The endpoint's error response (502/503/504), passed through when it was the only attempt. */
  readonly response?: { status: number; statusText: string; headers: Headers; text: string };
  /** Trying elsewhere would fail the same way (a configuration problem). */
  readonly final?: boolean;
  readonly hint?: string;
}

export interface RoutedCallOptions {
  settings: ResolvedRoutingSettings;
  dispatcher: Dispatcher;
  transport: FetchFunction;
  target: RouteTarget;
  init: RequestInit | undefined;
}

/**
 * One call through the router: queue for a slot, try endpoints until one answers (failover only before
 * the first response byte), then hand back the response — fully read for non-streamed calls, guarded
 * for streams — and release the slot when it is done.
 */
export class RoutedCall {
  private readonly request: DispatchRequest;
  private readonly failures: AttemptFailure[] = [];
  private readonly streaming: boolean;
  private signal: AbortSignal | undefined;
  private deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  private unlinkCaller: (() => void) | undefined;
  private finished = false;

  constructor(private readonly options: RoutedCallOptions) {
    const init = options.init;
    this.streaming = isStreamingBody(init?.body);
    this.setUpSignal();
    this.request = {
      sessionKey: readHeader(init?.headers, 'x-session-id'),
      excluded: new Set(),
      holdsGlobalSlot: false,
      signal: this.signal,
    };
  }

  async run(): Promise<Response> {
    const { settings, dispatcher, init } = this.options;
    const replayable = isReplayable(init?.body);
    try {
      for (;;) {
        let placement: Placement;
        try {
          placement = await dispatcher.acquire(this.request);
        } catch (error) {
          if (this.signal?.aborted) throw this.signal.reason;
          if (this.failures.length === 0) throw error;
          break; // no endpoint left to fail over to
        }
        const previous = this.failures.at(-1);
        if (previous) {
          emitRoutingEvent(settings.onEvent, {
            type: 'request-failover',
            endpoint: previous.endpoint.label,
            to: placement.endpoint.label,
            reason: previous.summary.reason,
            attempt: this.failures.length,
            timestamp: Date.now(),
          });
        }
        const result = await this.attempt(placement);
        if (result instanceof Response) return result;
        this.failures.push(result);
        this.request.excluded.add(result.endpoint);
        if (result.final || !replayable || this.failures.length >= settings.maxAttempts) break;
      }
      return this.giveUp();
    } catch (error) {
      this.finish();
      throw error;
    }
  }

  private async attempt({ endpoint, ticket }: Placement): Promise<Response | AttemptFailure> {
    const { settings, transport, target, init } = this.options;
    const url = endpoint[target.base] + target.rest;
    const headersTimeoutMs = settings.headersTimeoutMs;
    let signal = this.signal;
    let unlink: (() => void) | undefined;
    let headersTimer: ReturnType<typeof setTimeout> | undefined;
    let headersTimedOut = false;
    if (headersTimeoutMs !== undefined) {
      const controller = new AbortController();
      unlink = link(this.signal, controller);
      headersTimer = setTimeout(() => {
        headersTimedOut = true;
        controller.abort();
      }, headersTimeoutMs);
      signal = controller.signal;
    }
    const end = (outcome: AttemptOutcome) => {
      unlink?.();
      if (endpoint.end(ticket, outcome)) this.options.dispatcher.drain();
    };

    let response: Response;
    try {
      response = await transport(url, { ...init, headers: this.headersFor(endpoint), signal });
    } catch (error) {
      clearTimeout(headersTimer);
      if (!headersTimedOut && this.signal?.aborted) {
        end(this.deadlinePassed() ? 'abandoned' : 'cancelled');
        throw this.signal.reason;
      }
      end('failure');
      if (headersTimedOut)
        return failure(endpoint, `no response headers after ${headersTimeoutMs} ms`, error);
      if (hasErrorCode(error, 'UND_ERR_HEADERS_TIMEOUT')) return this.runtimeHeadersTimeout(endpoint, error);
      return failure(endpoint, `connection failed: ${describeError(error)}`, error);
    }
    clearTimeout(headersTimer);

    if (FAILOVER_STATUSES.has(response.status)) {
      const text = await response.text().catch(() => '');
      end('failure');
      return {
        ...failure(endpoint, `HTTP ${response.status}`, undefined, response.status),
        response: {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
          text,
        },
      };
    }

    const outcome: AttemptOutcome =
      response.status < 400 ? 'success' : response.status >= 500 ? 'failure' : 'error';
    if (this.streaming && response.body !== null) {
      return wrapResponseStream({
        response,
        endpoint,
        signal: () => this.signal,
        deadlinePassed: () => this.deadlinePassed(),
        settle: (result) => {
          end(result === 'success' ? outcome : result);
          this.finish();
        },
      });
    }

    // Non-streamed: read it all here, so a connection dropped mid-body still fails over.
    let bytes: ArrayBuffer;
    try {
      bytes = await response.arrayBuffer();
    } catch (error) {
      if (this.signal?.aborted) {
        end(this.deadlinePassed() ? 'abandoned' : 'cancelled');
        throw this.signal.reason;
      }
      end('failure');
      return failure(endpoint, `the response broke before it was complete: ${describeError(error)}`, error);
    }
    end(outcome);
    this.finish();
    const nullBody = response.status === 204 || response.status === 205 || response.status === 304;
    return new Response(nullBody ? null : bytes, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }

  /** Ends the call after its last failed attempt. */
  private giveUp(): Response {
    const failures = this.failures;
    const last = failures.at(-1)!;
    const hint = failures.find((item) => item.hint)?.hint ?? '';
    if (failures.length === 1) {
      if (last.response) {
        // The only endpoint's own error response: the SDK parses vLLM's message and applies maxRetries.
        this.finish();
        const { text, status, statusText, headers } = last.response;
        return new Response(text, { status, statusText, headers });
      }
      throw new VllmRoutingError({
        reason: 'endpoint-failed',
        url: last.endpoint.label,
        isRetryable: !last.final,
        attempts: [last.summary],
        message:
          `vLLM at ${last.endpoint.label} failed before responding: ${last.summary.reason}.` +
          (hint || ' Is the server running and reachable? Check the endpoint URL.'),
        cause: new AggregateError([last.error], 'the failed attempt'),
      });
    }
    throw new VllmRoutingError({
      reason: 'all-endpoints-failed',
      url: last.endpoint.label,
      statusCode: last.summary.statusCode,
      // The router already tried other endpoints: an SDK retry (maxRetries) would multiply the attempts.
      isRetryable: false,
      attempts: failures.map((item) => item.summary),
      message:
        `vLLM request failed before any response on ${failures.length} endpoints: ` +
        failures.map((item) => `${item.endpoint.label}: ${item.summary.reason}`).join('; ') +
        '.' +
        hint,
      cause: new AggregateError(
        failures.map((item) => item.error ?? new Error(item.summary.reason)),
        'one error per attempt',
      ),
    });
  }

  /** Node's fetch stopped waiting for headers at 300 s, whatever the provider's timeouts say. */
  private runtimeHeadersTimeout(endpoint: RoutedEndpoint, error: unknown): AttemptFailure {
    const { headersTimeoutMs, timeoutMs } = this.options.settings;
    const wanted = Math.max(headersTimeoutMs ?? 0, timeoutMs ?? 0);
    const hint =
      " Node's built-in fetch waits at most 300 s for response headers (undici's headersTimeout), and a " +
      'non-streamed generation sends its headers only when it is done. Pass `fetch: createVllmNodeFetch()` ' +
      "from 'vllm-ai-provider/node' to lift that limit, or stream the call (streamText).";
    return {
      ...failure(
        endpoint,
        `no response headers after ${NODE_HEADERS_TIMEOUT_MS / 1000} s (Node's fetch limit)`,
        error,
      ),
      // Asked to wait longer than Node can: every endpoint would fail the same way.
      final: wanted > NODE_HEADERS_TIMEOUT_MS,
      hint,
    };
  }

  private headersFor(endpoint: RoutedEndpoint): HeadersInit | undefined {
    const headers = this.options.init?.headers;
    if (endpoint.apiKey === undefined) return headers;
    const copy = new Headers(headers);
    if (endpoint.apiKey === '') copy.delete('authorization');
    else copy.set('authorization', `Bearer ${endpoint.apiKey}`);
    return copy;
  }

  private setUpSignal(): void {
    const callerSignal = this.options.init?.signal ?? undefined;
    const timeoutMs = this.options.settings.timeoutMs;
    if (timeoutMs === undefined) {
      this.signal = callerSignal;
      return;
    }
    const controller = new AbortController();
    this.unlinkCaller = link(callerSignal, controller);
    this.deadlineTimer = setTimeout(() => {
      this.deadlineTimer = undefined;
      controller.abort(
        new VllmRoutingError({
          reason: 'timeout',
          url: redactURL(this.options.settings.endpoints[0].baseURL),
          isRetryable: false,
          attempts: this.failures.map((item) => item.summary),
          message: `vLLM request timed out after ${timeoutMs} ms (timeoutMs: the whole call, including queueing, failover and reading the response).`,
        }),
      );
    }, timeoutMs);
    this.signal = controller.signal;
  }

  private deadlinePassed(): boolean {
    return VllmRoutingError.isInstance(this.signal?.reason) && this.signal.reason.reason === 'timeout';
  }

  /** Releases the overall slot and the deadline. Idempotent. */
  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.deadlineTimer);
    this.unlinkCaller?.();
    if (this.request.holdsGlobalSlot) {
      this.request.holdsGlobalSlot = false;
      this.options.dispatcher.releaseGlobalSlot();
    }
  }
}

function failure(
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

/** Makes `controller` abort when `signal` does; returns the function that undoes the link. */
function link(signal: AbortSignal | undefined, controller: AbortController): () => void {
  if (signal === undefined) return () => {};
  if (signal.aborted) {
    controller.abort(signal.reason);
    return () => {};
  }
  const onAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

function hasErrorCode(error: unknown, code: string): boolean {
  const seen = new Set<unknown>();
  let current = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    if ((current as { code?: unknown }).code === code) return true;
    current = current.cause;
  }
  return false;
}
