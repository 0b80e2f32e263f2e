import { APICallError } from '@ai-sdk/provider';
import { fetchServedModelNames } from '../../server/server-request';
import { describeModelNotFound, isModelNotFoundMessage, withErrorMessage } from '../connection/vllm-error';
import {
  describeMissingRoute,
  isMissingRouteResponse,
  type VllmMissingRoute,
} from '../connection/vllm-missing-route';
import { toServerURL, type VllmConnection } from '../connection/vllm-settings';

// The two 404s a new user hits first, explained the same way for every model kind:
// - vLLM's unknown-model 404 ("The model `x` does not exist.") — usually the request must use the
//   --served-model-name: the message lists what GET /v1/models serves;
// - a route 404 (FastAPI's `{"detail":"Not Found"}`) — the base URL is not the OpenAI root, or the
//   server's model does not serve this endpoint: the message names the URL and the fix.

type ModelServerConnection = Pick<VllmConnection, 'baseURL' | 'serverURL' | 'headers' | 'fetch'>;

/** What `explainVllmCallError` needs: the model's connection (the server root is derived when absent). */
type ModelConnection = Pick<VllmConnection, 'baseURL' | 'headers' | 'fetch'> & { serverURL?: () => string };

/**
 * When `error` is vLLM's unknown-model 404, returns the same `APICallError` (status, body,
 * retryability kept) with the served names in its message; any other error is returned as is.
 */
async function addServedModelNames(
  error: unknown,
  connection: ModelServerConnection | undefined,
): Promise<unknown> {
  if (connection === undefined || !APICallError.isInstance(error) || error.statusCode !== 404) return error;
  if (!isModelNotFoundMessage(error.message)) return error;
  const names = await fetchServedModelNames(connection);
  if (names === undefined) return error;
  return withErrorMessage(error, describeModelNotFound(error.message, connection.baseURL(), names));
}

/**
 * The AI SDK's marker of `NoOutputGeneratedError` (`AISDKError` markers are `Symbol.for` keys, so
 * `NoOutputGeneratedError.isInstance` checks this property). `streamText` rejects `text`, `output`
 * and the other result promises with a stream error that carries it — instead of a bare "No output
 * generated. Check the stream for errors." — so a request that failed before any output reaches
 * `await result.text` with vLLM's message, still an `APICallError`.
 */
const NO_OUTPUT_MARKER = Symbol.for('vercel.ai.error.AI_NoOutputGeneratedError');

function markAsNoOutput(error: unknown): unknown {
  if (APICallError.isInstance(error) && !(NO_OUTPUT_MARKER in error)) {
    Object.defineProperty(error, NO_OUTPUT_MARKER, { value: true, enumerable: false });
  }
  return error;
}

/**
 * What every model kind does with an error of its request: a route 404 gets the URL requested, why
 * and the fix (probing `GET /models` under likely roots for the right `baseURL`); an unknown model
 * gets the served names; anything else is returned as is. With `stream: true` (thrown from
 * `doStream`, before any output) the error also ends `streamText`'s result promises (see above).
 */
export async function explainVllmCallError(
  error: unknown,
  modelConnection: ModelConnection | undefined,
  {
    stream = false,
    missingEndpoint,
  }: {
    stream?: boolean;
    /** The model kind's own wording when the base URL is right but the server lacks the endpoint. */
    missingEndpoint?: (route: VllmMissingRoute) => string;
  } = {},
): Promise<unknown> {
  let explained = error;
  if (modelConnection !== undefined && APICallError.isInstance(error)) {
    const connection: ModelServerConnection = {
      ...modelConnection,
      serverURL: modelConnection.serverURL ?? (() => toServerURL(modelConnection.baseURL())),
    };
    if (isMissingRouteResponse(error.statusCode, error.responseBody)) {
      const route = await describeMissingRoute({
        url: error.url,
        method: 'POST',
        connection,
        statusCode: error.statusCode,
      });
      const message = route.baseURLIsRoot && missingEndpoint ? missingEndpoint(route) : route.message;
      explained = withErrorMessage(error, message, { isRetryable: false });
    } else {
      explained = await addServedModelNames(error, connection);
    }
  }
  return stream ? markAsNoOutput(explained) : explained;
}
