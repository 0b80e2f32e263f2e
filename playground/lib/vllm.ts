import { createVllm } from 'vllm-ai-provider';

/**
 * One provider for the whole app. Its settings come from the environment, read at request time:
 * VLLM_BASE_URL (default http://localhost:8000/v1) and VLLM_API_KEY.
 */
export const vllm = createVllm();

let servedModel: Promise<string> | undefined;

/** The chat model to use: VLLM_MODEL, else the first base model the server serves (asked once). */
export function chatModelId(): Promise<string> {
  const configured = process.env.VLLM_MODEL;
  if (configured) return Promise.resolve(configured);
  servedModel ??= vllm.server.models().then(
    (models) => {
      const base = models.find((model) => !model.isLoraAdapter);
      if (!base) throw new Error('The vLLM server lists no model (GET /v1/models). Set VLLM_MODEL.');
      return base.id;
    },
    (error: unknown) => {
      servedModel = undefined; // ask again on the next request
      throw error;
    },
  );
  return servedModel;
}

/** Which server the app talks to, for the page footer. */
export function serverDescription(): string {
  const baseURL = process.env.VLLM_BASE_URL ?? 'http://localhost:8000/v1';
  return process.env.PLAYGROUND_USES_EMULATOR === '1' ? `${baseURL} (embedded vLLM emulator)` : baseURL;
}
