import { APICallError } from '@ai-sdk/provider';
import { getErrorMessage } from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';
import type { VllmConnection } from '../provider/connection/vllm-settings';
import { fetchVllmServerVersion } from '../provider/version/vllm-server-version';
import { VLLM_ENDPOINTS } from './server-endpoints';
import type { ServerRequester, VllmRequestOptions } from './server-requester';

/** `health()` waits at most this long by default: a health check must answer fast or count as down. */
export const HEALTH_TIMEOUT_MS = 5_000;

/** Result of `health()`. Never an exception for a server that is down: branch on `status`. */
export type VllmHealth =
  | {
      /** `GET /health` answered 200: the engine is up. */
      status: 'ok';
      url: string;
      latencyMs: number;
    }
  | {
      /** The server answered, but not 200 (vLLM: 503 when the engine died; a proxy: 502/401 …). */
      status: 'unhealthy';
      url: string;
      statusCode: number;
      /** The server's message, or the status line. */
      message: string;
      latencyMs: number;
    }
  | {
      /** No answer: connection refused (not started, or still loading the model), DNS, TLS or timeout. */
      status: 'unreachable';
      url: string;
      /** Why, naming the URL. */
      message: string;
      cause: unknown;
    };

/** `GET /health`. Resolves for every outcome except a caller abort. */
export async function checkHealth(
  requester: ServerRequester,
  options: VllmRequestOptions = {},
): Promise<VllmHealth> {
  const url = requester.url(VLLM_ENDPOINTS.health);
  try {
    const answer = await requester.fetch(VLLM_ENDPOINTS.health, {
      ...options,
      timeoutMs: options.timeoutMs ?? HEALTH_TIMEOUT_MS,
    });
    if (answer.status === 200) return { status: 'ok', url, latencyMs: answer.latencyMs };
    return {
      status: 'unhealthy',
      url,
      statusCode: answer.status,
      message: answer.text.trim().slice(0, 500) || `HTTP ${answer.status}`,
      latencyMs: answer.latencyMs,
    };
  } catch (error) {
    if (options.abortSignal?.aborted) throw error; // the caller gave up: that is not a server state
    return {
      status: 'unreachable',
      url,
      message: APICallError.isInstance(error)
        ? error.message
        : `Cannot reach vLLM at ${url}: ${getErrorMessage(error)}`,
      cause: error,
    };
  }
}

/**
 * `GET /version` → the vLLM version string, e.g. `0.13.0`, through the provider's one `/version`
 * reader (`fetchVllmServerVersion`, which also drives version-dependent request fields). Not cached:
 * a restarted server may run another version.
 */
export async function getServerVersion(
  connection: VllmConnection,
  defaultTimeoutMs: number,
  options: VllmRequestOptions = {},
): Promise<string> {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  return fetchVllmServerVersion(
    options.headers
      ? { ...connection, headers: () => ({ ...connection.headers(), ...options.headers }) }
      : connection,
    // `0` means "no limit" here; the probe always arms a timer, so give it the longest one setTimeout allows.
    { timeoutMs: timeoutMs > 0 ? timeoutMs : MAX_TIMER_MS, abortSignal: options.abortSignal },
  );
}

const MAX_TIMER_MS = 2_147_483_647;

/** Result of `load()`. */
export interface VllmServerLoad {
  /**
   * Requests the server is handling right now (`server_load`). vLLM counts only when started with
   * `--enable-server-load-tracking`; otherwise this stays 0 — use `metrics()` for queue depth.
   */
  serverLoad: number;
}

const loadSchema = z.object({ server_load: z.number() });

/** `GET /load`. */
export async function getServerLoad(
  requester: ServerRequester,
  options: VllmRequestOptions = {},
): Promise<VllmServerLoad> {
  const { server_load } = await requester.json(VLLM_ENDPOINTS.load, loadSchema, options);
  return { serverLoad: server_load };
}
