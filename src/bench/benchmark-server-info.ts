import { APICallError } from '@ai-sdk/provider';
import type { VllmBenchmarkTransport } from './benchmark-transport';
import type { VllmBenchmarkEndpoint } from './benchmark-types';

/** Where and how to ask the server (the benchmark's own transport, so `fetch`/headers apply). */
export interface ServerProbe {
  transport: VllmBenchmarkTransport;
  baseURL: string;
  serverURL: string;
  headers: Record<string, string>;
  signal: AbortSignal | undefined;
}

const PROBE_TIMEOUT_MS = 30_000;

async function call(
  probe: ServerProbe,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const timeout = AbortSignal.timeout(PROBE_TIMEOUT_MS);
  // AbortSignal.any is missing in some older runtimes: then the caller's signal alone.
  const signal =
    probe.signal === undefined
      ? timeout
      : typeof AbortSignal.any === 'function'
        ? AbortSignal.any([timeout, probe.signal])
        : probe.signal;
  let text = '';
  const status = await probe.transport.send(
    {
      method,
      url,
      headers: probe.headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      stream: false,
    },
    (piece) => {
      text += piece;
    },
  );
  return { status, text };
}

/** The first model `GET /v1/models` lists (what vLLM serves by default). */
export async function firstServedModel(probe: ServerProbe): Promise<string> {
  const url = `${probe.baseURL}/models`;
  let answer: { status: number; text: string };
  try {
    answer = await call(probe, 'GET', url);
  } catch (error) {
    probe.signal?.throwIfAborted();
    throw new APICallError({
      message: `benchmarkServer: cannot list the served models at ${url} (${error instanceof Error ? error.message : String(error)}). Is vLLM running there? Check baseURL (or VLLM_BASE_URL), or pass 'model'.`,
      url,
      requestBodyValues: undefined,
      cause: error,
    });
  }
  const id =
    answer.status === 200
      ? (JSON.parse(answer.text) as { data?: { id?: string }[] }).data?.[0]?.id
      : undefined;
  if (typeof id !== 'string') {
    throw new APICallError({
      message: `benchmarkServer: GET ${url} answered ${answer.status} without a model (${answer.text.slice(0, 120)}). Pass 'model'.`,
      url,
      requestBodyValues: undefined,
      statusCode: answer.status,
      responseBody: answer.text,
    });
  }
  return id;
}

/** `GET /version`, or `null` when the server does not answer it. */
export async function serverVersion(probe: ServerProbe): Promise<string | null> {
  try {
    const answer = await call(probe, 'GET', `${probe.serverURL}/version`);
    if (answer.status !== 200) return null;
    const version = (JSON.parse(answer.text) as { version?: unknown }).version;
    return typeof version === 'string' ? version : null;
  } catch {
    probe.signal?.throwIfAborted();
    return null;
  }
}

/**
 * A token counter over `POST /tokenize` for the benchmark's prompts (chat: messages with the chat
 * template; completion: the raw prompt). Answers `undefined` when the server cannot tokenize.
 */
export function createTokenCounter(
  probe: ServerProbe,
  model: string,
  endpoint: VllmBenchmarkEndpoint,
): (prompt: string) => Promise<number | undefined> {
  return async (prompt) => {
    const body =
      endpoint === 'chat' ? { model, messages: [{ role: 'user', content: prompt }] } : { model, prompt };
    try {
      const answer = await call(probe, 'POST', `${probe.serverURL}/tokenize`, body);
      if (answer.status !== 200) return undefined;
      const count = (JSON.parse(answer.text) as { count?: unknown }).count;
      return typeof count === 'number' ? count : undefined;
    } catch {
      probe.signal?.throwIfAborted();
      return undefined;
    }
  };
}
