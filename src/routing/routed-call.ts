import type { FetchFunction } from '@ai-sdk/provider-utils';
import {
  type AttemptFailure,
  failure,
  finalFailure,
  hasErrorCode,
  nodeHeadersTimeoutFailure,
} from './attempt-failure';
import type { Dispatcher, DispatchRequest, Placement } from './dispatcher';
import { describeError } from './health-checker';
import { linkSignal } from './link-signal';
import { prefixAffinityKey } from './prefix-affinity-key';
import { isReplayable, isStreamingBody, parseJsonBody, readHeader } from './request-info';
import type { ResolvedRoutingSettings } from './resolve-routing-settings';
import { type AttemptOutcome, type RoutedEndpoint, type RouteTarget, redactURL } from './routed-endpoint';
import { emitRoutingEvent } from './routing-events';
import { wrapResponseStream } from './stream-guard';
import { startsWithEngineDeadEvent, unavailableReplica } from './unavailable-replica';
import { VllmRoutingError } from './vllm-routing-error';

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
    // One JSON.parse of the body at most, shared by the stream check and the prefix key.
    let parsed: Record<string, unknown> | undefined | null = null;
    const parse = () => {
      if (parsed === null) parsed = parseJsonBody(init?.body);
      return parsed;
    };
    this.streaming = isStreamingBody(init?.body, parse);
    this.setUpSignal();
    const sessionKey = readHeader(init?.headers, 'x-session-id');
    this.request = {
      sessionKey,
      affinityKey:
        options.settings.loadBalancing === 'prefix-aware'
          ? (sessionKey ?? prefixAffinityKey(options.target.rest, init?.body, parse))
          : undefined,
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
        if (this.signal?.aborted) throw this.signal.reason;
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
      unlink = linkSignal(this.signal, controller);
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
      if (hasErrorCode(error, 'UND_ERR_HEADERS_TIMEOUT')) {
        const wantedMs = Math.max(settings.headersTimeoutMs ?? 0, settings.timeoutMs ?? 0);
        return nodeHeadersTimeoutFailure(endpoint, error, wantedMs);
      }
      return failure(endpoint, `connection failed: ${describeError(error)}`, error);
    }
    clearTimeout(headersTimer);

    // (Not `instanceof Response`: a user's fetch, e.g. undici's, may return another Response class.)
    const checked = await unavailableReplica(endpoint, response, this.options.settings.onEvent);
    if ('summary' in checked) {
      end(checked.summary.statusCode === 429 ? 'throttled' : 'failure');
      return checked;
    }
    response = checked;

    const outcome: AttemptOutcome =
      response.status < 400 ? 'success' : response.status >= 500 ? 'failure' : 'error';
    if (this.streaming && response.body !== null) {
      // Read ahead to the first byte: a replica that dies before it is failed over like one that
      // never answered, since nothing reached the caller yet.
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const read = await this.read(reader.read(), endpoint, end, 'the stream broke before its first byte');
      if ('summary' in read) return read;
      const first = read.value;
      // vLLM answers 200 at once and reports an engine that died before any token as an error event:
      // nothing was delivered yet, so that fails over too.
      if (!first.done && startsWithEngineDeadEvent(first.value)) {
        reader.cancel().catch(() => {});
        end('failure');
        return failure(endpoint, 'the stream began with an engine-dead error event', undefined, 500);
      }
      return wrapResponseStream({
        response,
        reader,
        first,
        endpoint,
        signal: this.signal,
        deadlinePassed: () => this.deadlinePassed(),
        settle: (result) => {
          end(result === 'success' ? outcome : result);
          this.finish();
        },
      });
    }

    // Non-streamed: read it all here, so a connection dropped mid-body still fails over.
    const read = await this.read(
      response.arrayBuffer(),
      endpoint,
      end,
      'the response broke before it was complete',
    );
    if ('summary' in read) return read;
    const bytes = read.value;
    end(outcome);
    this.finish();
    const nullBody = response.status === 204 || response.status === 205 || response.status === 304;
    return new Response(nullBody ? null : bytes, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }

  /**
   * Waits for a body read; a body that breaks first is a failed attempt (described as `what`), unless
   * the call was aborted or timed out (then that is thrown).
   */
  private async read<T>(
    reading: Promise<T>,
    endpoint: RoutedEndpoint,
    end: (outcome: AttemptOutcome) => void,
    what: string,
  ): Promise<{ value: T } | AttemptFailure> {
    try {
      return { value: await reading };
    } catch (error) {
      if (this.signal?.aborted) {
        end(this.deadlinePassed() ? 'abandoned' : 'cancelled');
        throw this.signal.reason;
      }
      end('failure');
      return failure(endpoint, `${what}: ${describeError(error)}`, error);
    }
  }

  /** Ends the call after its last failed attempt. */
  private giveUp(): Response {
    // When every endpoint asked to be left alone for a while, the SDK may retry once that has passed.
    const retryAfterMs = this.failures.every((item) => item.retryAfterMs !== undefined)
      ? this.options.dispatcher.retryAfterMs()
      : undefined;
    const outcome = finalFailure(this.failures, retryAfterMs);
    if (outcome instanceof Response) {
      this.finish();
      return outcome;
    }
    throw outcome;
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
    this.unlinkCaller = linkSignal(callerSignal, controller);
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
