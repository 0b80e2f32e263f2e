import { APICallError } from '@ai-sdk/provider';
import { combineHeaders, extractResponseHeaders } from '@ai-sdk/provider-utils';
import type { z } from 'zod/v4';
import { vllmErrorDataSchema } from '../provider/connection/vllm-error';
import type { VllmConnection } from '../provider/connection/vllm-settings';
import { fetchVllmServerVersion } from '../provider/version/vllm-server-version';
import { RUNTIME_LORA_HINT, type ServerEndpoint, VLLM_ENDPOINTS } from './server-endpoints';
import { startDeadline } from './with-deadline';

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

/** Why a server-client call failed, in `APICallError.data` (branch on `reason`, not on the message). */
export interface VllmServerErrorData {
  reason:
    | 'endpoint-not-supported'
    | 'runtime-lora-disabled'
    | 'timeout'
    | 'unexpected-response'
    | 'http-error';
  /** The endpoint, e.g. `GET /load`. */
  endpoint: string;
  /** The server's version (from `GET /version`), when it was needed and known. */
  serverVersion?: string;
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

/** `GET /version` is asked for only to explain a 404; it must not hold up the error for long. */
const VERSION_PROBE_TIMEOUT_MS = 3_000;

export function createServerRequester(
  connection: Pick<VllmConnection, 'baseURL' | 'serverURL' | 'headers' | 'fetch'>,
  defaultTimeoutMs: number,
): ServerRequester {
  const url = (endpoint: ServerEndpoint) =>
    `${endpoint.base === 'api' ? connection.baseURL() : connection.serverURL()}${endpoint.path}`;

  const fetchEndpoint: ServerRequester['fetch'] = async (endpoint, options = {}) => {
    const target = url(endpoint);
    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    const deadline = startDeadline(options.abortSignal, timeoutMs);
    const started = Date.now();
    try {
      deadline.signal.throwIfAborted();
      const response = await connection.fetch(target, {
        method: endpoint.method,
        headers: combineHeaders(
          connection.headers(),
          options.body !== undefined ? { 'Content-Type': 'application/json' } : {},
          options.headers,
        ) as Record<string, string>,
        body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
        signal: deadline.signal,
      });
      const text = await response.text();
      return {
        url: target,
        status: response.status,
        text,
        headers: extractResponseHeaders(response),
        latencyMs: Date.now() - started,
      };
    } catch (error) {
      if (deadline.timedOut()) {
        throw new APICallError({
          message:
            `vLLM at ${target} did not answer ${describe(endpoint)} within ${timeoutMs} ms ` +
            '(timeoutMs). The server may be overloaded or starting up; raise timeoutMs or check the server.',
          url: target,
          requestBodyValues: options.body,
          cause: error,
          isRetryable: true,
          data: { reason: 'timeout', endpoint: describe(endpoint) } satisfies VllmServerErrorData,
        });
      }
      throw error;
    } finally {
      deadline.dispose();
    }
  };

  // Only used to word an error message: any failure just means "unknown version".
  const probeVersion = (): Promise<string | undefined> =>
    fetchVllmServerVersion(connection, { timeoutMs: VERSION_PROBE_TIMEOUT_MS }).catch(() => undefined);

  const send: ServerRequester['send'] = async (endpoint, options = {}) => {
    const answer = await fetchEndpoint(endpoint, options);
    if (answer.status >= 200 && answer.status < 300) return answer;
    throw await toServerError(endpoint, answer, options.body, probeVersion);
  };

  const text: ServerRequester['text'] = async (endpoint, options = {}) =>
    (await send(endpoint, options)).text;

  const json: ServerRequester['json'] = async (endpoint, schema, options = {}) => {
    const body = await text(endpoint, options);
    return parseAnswer(endpoint, url(endpoint), body, options.body, schema);
  };

  return { url, fetch: fetchEndpoint, send, text, json };
}

/** `GET /load`, `POST /tokenize` … as shown in messages. */
export function describe(endpoint: ServerEndpoint): string {
  return `${endpoint.method} ${endpoint.base === 'api' ? '/v1' : ''}${endpoint.path}`;
}

/**
 * FastAPI answers `{"detail":"Not Found"}` for a route the server does not have; vLLM's own 404s
 * (unknown model, unknown adapter) use its error envelope. Only the former means "missing endpoint".
 */
function isMissingRoute(answer: ServerAnswer): boolean {
  if (answer.status !== 404 && answer.status !== 405) return false;
  try {
    const body = JSON.parse(answer.text) as { detail?: unknown; error?: unknown; object?: unknown };
    return body.detail !== undefined && body.error === undefined && body.object !== 'error';
  } catch {
    return true; // a proxy's HTML 404 page: the endpoint is not there either
  }
}

async function toServerError(
  endpoint: ServerEndpoint,
  answer: ServerAnswer,
  requestBody: unknown,
  probeVersion: () => Promise<string | undefined>,
): Promise<APICallError> {
  const common = {
    url: answer.url,
    requestBodyValues: requestBody,
    statusCode: answer.status,
    responseHeaders: answer.headers,
    responseBody: answer.text,
  };
  if (isMissingRoute(answer)) {
    const serverVersion = await probeVersion();
    const versionText = serverVersion ?? 'unknown version';
    const isLora =
      endpoint === VLLM_ENDPOINTS.loadLoraAdapter || endpoint === VLLM_ENDPOINTS.unloadLoraAdapter;
    const message = isLora
      ? `${describe(endpoint)} is not available on the vLLM server at ${answer.url} (version ${versionText}). ` +
        RUNTIME_LORA_HINT
      : `${describe(endpoint)} is not supported by this vLLM version (${versionText}): the server at ` +
        `${answer.url} answered ${answer.status} Not Found.${endpoint.missingHint ? ` ${endpoint.missingHint}` : ''}`;
    return new APICallError({
      ...common,
      message,
      isRetryable: false,
      data: {
        reason: isLora ? 'runtime-lora-disabled' : 'endpoint-not-supported',
        endpoint: describe(endpoint),
        serverVersion,
      } satisfies VllmServerErrorData,
    });
  }
  let vllmMessage = answer.text.trim().slice(0, 1_000) || `HTTP ${answer.status}`;
  try {
    const parsed = vllmErrorDataSchema.safeParse(JSON.parse(answer.text));
    if (parsed.success) vllmMessage = parsed.data.error.message;
  } catch {
    // not JSON: keep the text
  }
  return new APICallError({
    ...common,
    message: `vLLM ${describe(endpoint)} failed (HTTP ${answer.status}): ${vllmMessage}`,
    data: { reason: 'http-error', endpoint: describe(endpoint) } satisfies VllmServerErrorData,
  });
}

function unexpectedResponse(
  endpoint: ServerEndpoint,
  url: string,
  body: string,
  requestBody: unknown,
  cause: unknown,
): APICallError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new APICallError({
    message: `vLLM ${describe(endpoint)} at ${url} returned a body this client does not understand: ${detail}`,
    url,
    requestBodyValues: requestBody,
    statusCode: 200,
    responseBody: body,
    cause,
    isRetryable: false,
    data: { reason: 'unexpected-response', endpoint: describe(endpoint) } satisfies VllmServerErrorData,
  });
}

/** Parses a 2xx JSON body with `schema`, or throws an `APICallError` naming the endpoint. */
export function parseAnswer<SCHEMA extends z.ZodType>(
  endpoint: ServerEndpoint,
  url: string,
  body: string,
  requestBody: unknown,
  schema: SCHEMA,
): z.output<SCHEMA> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw unexpectedResponse(endpoint, url, body, requestBody, error);
  }
  const result = schema.safeParse(value);
  if (!result.success) throw unexpectedResponse(endpoint, url, body, requestBody, result.error);
  return result.data;
}
