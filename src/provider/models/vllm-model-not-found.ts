import { APICallError } from '@ai-sdk/provider';
import { listServedModels } from '../../server/served-models';
import { createServerRequester } from '../../server/server-request';
import { isModelNotFoundMessage, withErrorMessage } from '../connection/vllm-error';
import type { VllmConnection } from '../connection/vllm-settings';

// vLLM answers an unknown model name with 404 "The model `x` does not exist." — usually because
// the request must use the --served-model-name. This lists what the server does serve in the
// error, from GET /v1/models (the server client's own reader).

const LOOKUP_TIMEOUT_MS = 3_000;

type ModelServerConnection = Pick<VllmConnection, 'baseURL' | 'serverURL' | 'headers' | 'fetch'>;

/** The served model names (LoRA adapters marked), or `undefined` when `/v1/models` cannot be read. */
export async function fetchServedModelNames(
  connection: ModelServerConnection,
): Promise<string[] | undefined> {
  try {
    const models = await listServedModels(createServerRequester(connection, LOOKUP_TIMEOUT_MS));
    return models.map((model) =>
      model.isLoraAdapter ? `${model.id} (LoRA adapter on ${model.parent})` : model.id,
    );
  } catch {
    return undefined;
  }
}

/**
 * When `error` is vLLM's unknown-model 404, returns the same `APICallError` (status, body,
 * retryability kept) with the served names in its message; any other error is returned as is.
 */
export async function addServedModelNames(
  error: unknown,
  connection: ModelServerConnection | undefined,
): Promise<unknown> {
  if (connection === undefined || !APICallError.isInstance(error) || error.statusCode !== 404) return error;
  if (!isModelNotFoundMessage(error.message)) return error;
  const names = await fetchServedModelNames(connection);
  if (names === undefined) return error;
  const firstSentence = error.message.replace(/ Use a name the server serves.*$/, '');
  return withErrorMessage(
    error,
    `${firstSentence} The server at ${connection.baseURL()} serves: ${names.length > 0 ? names.join(', ') : 'no models'}. ` +
      'Use one of these names (the --served-model-name, or a loaded LoRA adapter via providerOptions.vllm.loraAdapter).',
  );
}
