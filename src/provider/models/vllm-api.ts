import {
  APICallError,
  EmptyResponseBodyError,
  type LanguageModelV4ResponseMetadata,
  type LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import {
  combineHeaders,
  createJsonErrorResponseHandler,
  extractResponseHeaders,
  type FetchFunction,
  type FlexibleSchema,
  isAbortError,
  type ParseResult,
  parseJsonEventStream,
  postJsonToApi,
  type Resolvable,
  type ResponseHandler,
  resolve,
  safeParseJSON,
} from '@ai-sdk/provider-utils';
import { vllmErrorStructure } from '../connection/vllm-error';
import type { VllmModelServer } from '../version/vllm-model-server';
import { explainVllmCallError } from './vllm-model-not-found';

// How the chat and completion models talk to vLLM's OpenAI endpoints: one POST that routes every
// failed response through vLLM's error envelopes (and explains an unknown model or a wrong baseURL), a JSON handler for whole responses, and an event-stream reader that turns a stream that
// breaks half-way into the stream's own `error` part.

const failedResponseHandler = createJsonErrorResponseHandler(vllmErrorStructure);

/** Configuration the provider hands to each chat and completion model. */
export interface VllmLanguageModelConfig {
  /** `<name>.chat` or `<name>.completion`; `<name>` is the `providerOptions` key. */
  provider: string;
  /** The endpoint URL for a path (`/chat/completions`, `/completions`). */
  url: (options: { modelId: string; path: string }) => string;
  headers?: Resolvable<Record<string, string | undefined>>;
  fetch?: FetchFunction;
  /** Shared server access (version probe, `/v1/models`); derived from `url`/`fetch` when absent. */
  server?: VllmModelServer;
  /** The provider's `vllmVersion` setting (kept for workflow serialization). */
  vllmVersion?: string;
}

/**
 * One POST of a chat, completion or embedding model to its endpoint, with the call's abort signal
 * and headers (then the request's own, e.g. `X-Request-Id`). A failed response is vLLM's message as an `APICallError`
 * (see `vllm-error.ts`); an unknown model name also lists the models the server serves, and a route
 * the server does not have (a baseURL without `/v1` …) names the URL and the baseURL that answers.
 */
export async function postToVllm<T>({
  config,
  server,
  url,
  call,
  headers,
  body,
  stream = false,
  successfulResponseHandler,
}: {
  config: VllmLanguageModelConfig;
  server: VllmModelServer;
  url: string;
  call: { abortSignal?: AbortSignal; headers?: Record<string, string | undefined> };
  headers: Record<string, string> | undefined;
  body: Record<string, unknown>;
  /** A streamed call (the error message says so). */
  stream?: boolean;
  successfulResponseHandler: ResponseHandler<T>;
}): Promise<{ value: T; rawValue?: unknown; responseHeaders?: Record<string, string> }> {
  try {
    return await postJsonToApi({
      url,
      headers: combineHeaders(await resolve(config.headers), call.headers, headers),
      body,
      failedResponseHandler,
      successfulResponseHandler,
      abortSignal: call.abortSignal,
      fetch: config.fetch,
    });
  } catch (error) {
    throw await explainVllmCallError(error, server.connection, stream ? { stream: true } : undefined);
  }
}

/**
 * A whole JSON response, validated with `schema`. Reads the body with `response.text()` (the
 * runtime's own buffering) rather than chunk by chunk.
 */
export function vllmJsonResponseHandler<T>(schema: FlexibleSchema<T>): ResponseHandler<T> {
  return async ({ response, url, requestBodyValues }) => {
    const responseBody = await response.text();
    const parsed = await safeParseJSON({ text: responseBody, schema });
    const responseHeaders = extractResponseHeaders(response);
    if (!parsed.success) {
      throw new APICallError({
        message: 'Invalid JSON response',
        cause: parsed.error,
        statusCode: response.status,
        responseHeaders,
        responseBody,
        url,
        requestBodyValues,
      });
    }
    return { responseHeaders, value: parsed.value, rawValue: parsed.rawValue };
  };
}

/** A server-sent event stream of JSON chunks, each validated with `schema`; read errors are left as they are. */
export function vllmEventStreamHandler<T>(
  schema: FlexibleSchema<T>,
): ResponseHandler<ReadableStream<ParseResult<T>>> {
  return async ({ response }) => {
    if (response.body == null) throw new EmptyResponseBodyError({});
    return {
      responseHeaders: extractResponseHeaders(response),
      value: parseJsonEventStream({ stream: response.body, schema }),
    };
  };
}

/** Where a stream parser puts its parts (the stream's controller, or a wrapper of it). */
export type Enqueue = { enqueue(part: LanguageModelV4StreamPart): void };

/** Turns parsed chunks into stream parts (one per model kind). */
export interface VllmStreamParser<CHUNK> {
  /** Emits `stream-start`. */
  start(controller: Enqueue): void;
  chunk(chunk: ParseResult<CHUNK>, controller: Enqueue): void;
  /** Closes open parts and emits `finish`; `failure` (the stream broke) is emitted as an `error` part first. */
  end(controller: Enqueue, failure?: unknown): void;
}

/**
 * The model's stream of parts. When the response breaks after it started, the reason is the
 * stream's `error` part, followed by `finish` (`error`): the router's `VllmRoutingError` as it is
 * (replica, bytes received, why it was not replayed), any other failure as an `APICallError` naming
 * the URL. An abort ends the stream with the abort error, as `fetch` does.
 */
export function readVllmEventStream<CHUNK>(
  chunks: ReadableStream<ParseResult<CHUNK>>,
  parser: VllmStreamParser<CHUNK>,
  url: string,
): ReadableStream<LanguageModelV4StreamPart> {
  const reader = chunks.getReader();
  let received = 0;
  // A chunk may yield no part (a finish reason, usage): pull reads on until one is enqueued, since
  // the stream asks again only after something was.
  let enqueued = false;
  let output: Enqueue;
  return new ReadableStream<LanguageModelV4StreamPart>({
    start(controller) {
      output = {
        enqueue(part) {
          enqueued = true;
          controller.enqueue(part);
        },
      };
      parser.start(output);
    },
    async pull(controller) {
      enqueued = false;
      while (!enqueued) {
        let next: ReadableStreamReadResult<ParseResult<CHUNK>>;
        try {
          next = await reader.read();
        } catch (error) {
          if (isAbortError(error)) {
            controller.error(error);
            return;
          }
          parser.end(output, brokenStreamError(error, url, received));
          controller.close();
          return;
        }
        if (next.done) {
          parser.end(output);
          controller.close();
          return;
        }
        received++;
        parser.chunk(next.value, output);
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

function brokenStreamError(error: unknown, url: string, chunks: number): unknown {
  if (APICallError.isInstance(error)) return error;
  const cause = (error as { cause?: unknown } | null)?.cause ?? error;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new APICallError({
    message:
      `The response stream from vLLM at ${url} broke after ${chunks} event(s): ${reason}. ` +
      'The answer is incomplete; call again to start over.',
    url,
    requestBodyValues: undefined,
    cause: error,
    isRetryable: false,
  });
}

/** `id`, `model` and `created` of a response or chunk (vLLM's `created` is in seconds; 0 means unset). */
export function vllmResponseMetadata(value: {
  id?: string | null;
  model?: string | null;
  created?: number | null;
}): LanguageModelV4ResponseMetadata {
  return {
    id: value.id ?? undefined,
    modelId: value.model ?? undefined,
    timestamp: value.created ? new Date(value.created * 1000) : undefined,
  };
}
