import { APICallError } from '@ai-sdk/provider';
import { combineHeaders, extractResponseHeaders } from '@ai-sdk/provider-utils';
import type { z } from 'zod/v4';
import {
  describeModelNotFound,
  explainVllmError,
  isModelNotFoundMessage,
  vllmErrorDataSchema,
} from '../provider/connection/vllm-error';
import { describeMissingRoute, isMissingRouteResponse } from '../provider/connection/vllm-missing-route';
import type { VllmConnection } from '../provider/connection/vllm-settings';
import { fetchVllmServerVersion } from '../provider/version/vllm-server-version';
import { formatServedModelNames, listServedModels } from './served-models';
import { RUNTIME_LORA_HINT, type ServerEndpoint, VLLM_ENDPOINTS } from './server-endpoints';
import type { ServerAnswer, ServerRequester } from './server-requester';
import { startDeadline } from './with-deadline';

export type { ServerAnswer, ServerRequester, VllmRequestOptions } from './server-requester';

/** Why a server-client call failed, in `APICallError.data` (branch on `reason`, not on the message). */
export interface VllmServerErrorData {
  reason:
    | 'endpoint-not-supported'
    | 'runtime-lora-disabled'
    | 'timeout'
    | 'unexpected-response'
    | 'wrong-base-url'
    | 'model-not-found'
    | 'http-error';
  /** The endpoint, e.g. `GET /load`. */
  endpoint: string;
  /** The server's version (from `GET /version`), when it was needed and known. */
  serverVersion?: string;
}

/** `GET /version` is asked for only to explain a 404; it must not hold up the error for long. */
const VERSION_PROBE_TIMEOUT_MS = 3_000;

export function createServerRequester(
  connection: Pick<VllmConnection, 'baseURL' | 'serverURL' | 'headers' | 'fetch'>,
  defaultTimeoutMs: number,
  {
    explainErrors = true,
  }: {
    /**
     * Word errors with what the server serves (`GET /v1/models`) and where its OpenAI root is. Off for
     * the lookups that do the wording, so a server that fails those too cannot send them in a circle.
     */
    explainErrors?: boolean;
  } = {},
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
    if (!explainErrors) throw plainServerError(endpoint, answer, options.body);
    throw await toServerError(endpoint, answer, options.body, {
      probeVersion,
      describeMissingRoute: () =>
        describeMissingRoute({
          url: answer.url,
          method: endpoint.method,
          connection,
          statusCode: answer.status,
        }),
      servedNames: () => fetchServedModelNames(connection),
      baseURL: connection.baseURL,
    });
  };

  const text: ServerRequester['text'] = async (endpoint, options = {}) =>
    (await send(endpoint, options)).text;

  const json: ServerRequester['json'] = async (endpoint, schema, options = {}) => {
    const body = await text(endpoint, options);
    return parseAnswer(endpoint, url(endpoint), body, options.body, schema);
  };

  return { url, fetch: fetchEndpoint, send, text, json };
}

/**
 * The served model names (LoRA adapters marked), or `undefined` when `/v1/models` cannot be read.
 * Only used to word an error message, through a plain requester: a server that also fails
 * `GET /v1/models` is not asked again to explain that.
 */
export async function fetchServedModelNames(
  connection: Pick<VllmConnection, 'baseURL' | 'serverURL' | 'headers' | 'fetch'>,
): Promise<string[] | undefined> {
  try {
    const requester = createServerRequester(connection, VERSION_PROBE_TIMEOUT_MS, { explainErrors: false });
    return formatServedModelNames(await listServedModels(requester));
  } catch {
    return undefined;
  }
}

/** `GET /load`, `POST /tokenize` … as shown in messages. */
export function describe(endpoint: ServerEndpoint): string {
  return `${endpoint.method} ${endpoint.base === 'api' ? '/v1' : ''}${endpoint.path}`;
}

/** An `APICallError` with vLLM's status and body, worded plainly (no lookups). */
function plainServerError(
  endpoint: ServerEndpoint,
  answer: ServerAnswer,
  requestBody: unknown,
): APICallError {
  return new APICallError({
    message: `vLLM ${describe(endpoint)} failed (HTTP ${answer.status}): ${answer.text.trim().slice(0, 1_000) || 'no body'}`,
    url: answer.url,
    requestBodyValues: requestBody,
    statusCode: answer.status,
    responseHeaders: answer.headers,
    responseBody: answer.text,
    data: { reason: 'http-error', endpoint: describe(endpoint) } satisfies VllmServerErrorData,
  });
}

/** What `toServerError` may ask the server to word its message (each failure means "unknown"). */
interface ErrorContext {
  probeVersion(): Promise<string | undefined>;
  describeMissingRoute(): ReturnType<typeof describeMissingRoute>;
  servedNames(): Promise<string[] | undefined>;
  baseURL(): string;
}

async function toServerError(
  endpoint: ServerEndpoint,
  answer: ServerAnswer,
  requestBody: unknown,
  context: ErrorContext,
): Promise<APICallError> {
  const common = {
    url: answer.url,
    requestBodyValues: requestBody,
    statusCode: answer.status,
    responseHeaders: answer.headers,
    responseBody: answer.text,
  };
  // FastAPI answers `{"detail":"Not Found"}` for a route the server does not have; vLLM's own 404s
  // (unknown model, unknown adapter) use its error envelope. A missing route is a wrong baseURL
  // unless `GET /v1/models` answers at the base URL: then this server lacks the endpoint.
  if (isMissingRouteResponse(answer.status, answer.text)) {
    const route = await context.describeMissingRoute();
    if (!route.baseURLIsRoot) {
      return new APICallError({
        ...common,
        message: route.message,
        isRetryable: false,
        data: { reason: 'wrong-base-url', endpoint: describe(endpoint) } satisfies VllmServerErrorData,
      });
    }
    const serverVersion = await context.probeVersion();
    const versionText = serverVersion ?? 'unknown version';
    const isLora =
      endpoint === VLLM_ENDPOINTS.loadLoraAdapter || endpoint === VLLM_ENDPOINTS.unloadLoraAdapter;
    const message = isLora
      ? `${describe(endpoint)} is not available on the vLLM server at ${answer.url} (version ${versionText}). ` +
        RUNTIME_LORA_HINT
      : `${describe(endpoint)} is not supported by this vLLM version (${versionText}): the server at ` +
        `${answer.url} answered ${answer.status} Not Found.${endpoint.missingHint ? ` ${endpoint.missingHint}` : ''}` +
        (route.servedModels ? ` It serves: ${route.servedModels.join(', ') || 'no models'}.` : '');
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
    if (parsed.success) vllmMessage = explainVllmError(parsed.data.error);
  } catch {
    // not JSON: keep the text
  }
  if (answer.status === 404 && isModelNotFoundMessage(vllmMessage)) {
    return new APICallError({
      ...common,
      message: describeModelNotFound(vllmMessage, context.baseURL(), await context.servedNames()),
      isRetryable: false,
      data: { reason: 'model-not-found', endpoint: describe(endpoint) } satisfies VllmServerErrorData,
    });
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
