import { APICallError, InvalidArgumentError } from '@ai-sdk/provider';
import {
  type FetchFunction,
  isAbortError,
  loadOptionalSetting,
  withoutTrailingSlash,
  withUserAgentSuffix,
} from '@ai-sdk/provider-utils';
import { VERSION } from '../../version';

const USER_AGENT_SUFFIX = `vllm-ai-provider/${VERSION}`;

/** vLLM's default OpenAI-compatible base URL (`vllm serve` listens on port 8000). */
export const VLLM_DEFAULT_BASE_URL = 'http://localhost:8000/v1';

/** Connection settings shared by every model, the server client and the router. */
export interface VllmConnectionSettings {
  /**
   * Base URL of the vLLM OpenAI-compatible API, including the `/v1` path.
   * Precedence: this value, then the `VLLM_BASE_URL` environment variable, then
   * `http://localhost:8000/v1`. A trailing slash is removed.
   */
  baseURL?: string;

  /**
   * API key sent as `Authorization: Bearer <apiKey>` (vLLM's `--api-key` / `VLLM_API_KEY`).
   * Precedence: this value, then the `VLLM_API_KEY` environment variable, then none.
   * Without a key no `Authorization` header is sent. An empty string disables the header
   * even when `VLLM_API_KEY` is set. Read at request time, never at import time.
   */
  apiKey?: string;

  /** Extra HTTP headers sent with every request (after `Authorization`, so they can override it). */
  headers?: Record<string, string>;

  /**
   * Custom `fetch` implementation, e.g. as middleware or for testing.
   * @default globalThis.fetch
   */
  fetch?: FetchFunction;
}

/** The resolved connection: everything a model or the server client needs to make a request. */
export interface VllmConnection {
  /** The OpenAI-compatible base URL (with `/v1`), resolved at call time. */
  baseURL(): string;
  /** The server root (base URL without a trailing `/v1`), where `/health`, `/metrics`, `/version` live. */
  serverURL(): string;
  /** Request headers: `Authorization` when a key is configured, then the custom headers. */
  headers(): Record<string, string | undefined>;
  /** `fetch` that adds the User-Agent suffix and turns connection failures into an `APICallError` naming the URL. */
  fetch: FetchFunction;
}

/** Checks a base URL and returns it without a trailing slash. `source` names the setting in errors. */
export function validateBaseURL(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch (error) {
    throw new InvalidArgumentError({
      argument: source,
      message: `Invalid ${source} "${value}": expected an absolute http(s) URL such as ${VLLM_DEFAULT_BASE_URL}.`,
      cause: error,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError({
      argument: source,
      message: `Invalid ${source} "${value}": the protocol must be http: or https:, e.g. ${VLLM_DEFAULT_BASE_URL}.`,
    });
  }
  return withoutTrailingSlash(value) as string;
}

/** Strips a trailing `/v1` (vLLM serves `/health`, `/metrics`, `/tokenize` … at the root). */
export function toServerURL(baseURL: string): string {
  return baseURL.replace(/\/v1$/, '');
}

/**
 * Resolves connection settings once. The explicit `baseURL` is validated immediately; environment
 * values are read lazily (at request time), so importing the package never reads the environment.
 */
export function resolveVllmConnection(settings: VllmConnectionSettings = {}): VllmConnection {
  const explicitBaseURL = settings.baseURL != null ? validateBaseURL(settings.baseURL, 'baseURL') : undefined;

  const baseURL = (): string => {
    if (explicitBaseURL != null) return explicitBaseURL;
    const fromEnvironment = loadOptionalSetting({
      settingValue: undefined,
      environmentVariableName: 'VLLM_BASE_URL',
    });
    return fromEnvironment ? validateBaseURL(fromEnvironment, 'VLLM_BASE_URL') : VLLM_DEFAULT_BASE_URL;
  };

  const headers = (): Record<string, string | undefined> => {
    const apiKey = loadOptionalSetting({
      settingValue: settings.apiKey,
      environmentVariableName: 'VLLM_API_KEY',
    });
    return { ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}), ...settings.headers };
  };

  return {
    baseURL,
    serverURL: () => toServerURL(baseURL()),
    headers,
    fetch: createVllmFetch(settings.fetch),
  };
}

/**
 * `headers` with the package's User-Agent suffix. The SDK hands a plain object (already normalized by
 * provider-utils): appending on a copy avoids building a `Headers` per request; any other form goes
 * through `withUserAgentSuffix`. Undefined values are dropped either way.
 */
function appendUserAgentSuffix(headers: RequestInit['headers'] | undefined): Record<string, string> {
  if (
    headers == null ||
    typeof headers !== 'object' ||
    Array.isArray(headers) ||
    headers instanceof Headers
  ) {
    return withUserAgentSuffix(headers as HeadersInit | undefined, USER_AGENT_SUFFIX);
  }
  const result: Record<string, string> = {};
  let userAgent: string | undefined;
  for (const [name, value] of Object.entries(headers as Record<string, string | undefined>)) {
    if (value === undefined) continue;
    if (name.toLowerCase() === 'user-agent') userAgent = userAgent ? `${userAgent}, ${value}` : value;
    else result[name.toLowerCase()] = value;
  }
  result['user-agent'] = userAgent ? `${userAgent} ${USER_AGENT_SUFFIX}` : USER_AGENT_SUFFIX;
  return result;
}

/**
 * Wraps `fetch` to (1) append `vllm-ai-provider/<version>` to the User-Agent (done here because the
 * SDK's own `user-agent` call header replaces a provider's suffix) and (2) turn a server that cannot
 * be reached into an `APICallError` whose message names the URL, instead of a bare "fetch failed".
 */
export function createVllmFetch(baseFetch: FetchFunction | undefined): FetchFunction {
  return async (input, init) => {
    const headers = appendUserAgentSuffix(init?.headers);
    try {
      return await (baseFetch ?? globalThis.fetch)(input, { ...init, headers });
    } catch (error) {
      if (isAbortError(error) || APICallError.isInstance(error)) throw error;
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const cause = (error as { cause?: unknown }).cause ?? error;
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new APICallError({
        message: `Cannot connect to vLLM at ${url}: ${reason}. Is the server running and reachable? Check baseURL (or VLLM_BASE_URL).`,
        url,
        requestBodyValues: init?.body,
        cause: error,
        isRetryable: true,
      });
    }
  };
}
