import { APICallError } from '@ai-sdk/provider';
import { isModelNotFoundMessage } from './vllm-error';
import type { VllmConnection } from './vllm-settings';

// vLLM answers an unknown model name with 404 "The model `x` does not exist." — usually because
// the request must use the --served-model-name. This lists what the server does serve in the
// error, from GET /v1/models (a minimal lookup; the server client's models() gives full cards).

const LOOKUP_TIMEOUT_MS = 3_000;

/** The served model names (LoRA adapters marked), or `undefined` when `/v1/models` cannot be read. */
export async function fetchServedModelNames(
  connection: Pick<VllmConnection, 'baseURL' | 'headers' | 'fetch'>,
): Promise<string[] | undefined> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), LOOKUP_TIMEOUT_MS);
  try {
    const response = await connection.fetch(`${connection.baseURL()}/models`, {
      method: 'GET',
      headers: connection.headers() as Record<string, string>,
      signal: controller.signal,
    });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { data?: { id?: unknown; parent?: unknown }[] };
    if (!Array.isArray(body.data)) return undefined;
    return body.data
      .filter((card) => typeof card.id === 'string')
      .map((card) =>
        typeof card.parent === 'string' ? `${card.id} (LoRA adapter on ${card.parent})` : String(card.id),
      );
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * When `error` is vLLM's unknown-model 404, returns the same `APICallError` (status, body,
 * retryability kept) with the served names in its message; any other error is returned as is.
 */
export async function addServedModelNames(
  error: unknown,
  connection: Pick<VllmConnection, 'baseURL' | 'headers' | 'fetch'> | undefined,
): Promise<unknown> {
  if (connection === undefined || !APICallError.isInstance(error) || error.statusCode !== 404) return error;
  if (!isModelNotFoundMessage(error.message)) return error;
  const names = await fetchServedModelNames(connection);
  if (names === undefined) return error;
  const firstSentence = error.message.replace(/ Use a name the server serves.*$/, '');
  return new APICallError({
    message:
      `${firstSentence} The server at ${connection.baseURL()} serves: ${names.length > 0 ? names.join(', ') : 'no models'}. ` +
      'Use one of these names (the --served-model-name, or a loaded LoRA adapter via providerOptions.vllm.loraAdapter).',
    url: error.url,
    requestBodyValues: error.requestBodyValues,
    statusCode: error.statusCode,
    responseHeaders: error.responseHeaders,
    responseBody: error.responseBody,
    cause: error,
    isRetryable: error.isRetryable,
    data: error.data,
  });
}
