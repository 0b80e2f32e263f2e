import { createVllm, type VllmProvider } from 'vllm-ai-provider';

/**
 * One provider for the whole app. Its settings come from the environment, read at request time:
 * VLLM_BASE_URL (default http://localhost:8000/v1) and VLLM_API_KEY.
 */
export const vllm = createVllm();

/** The chat model to use: VLLM_MODEL, else the first base model the server serves (asked once). */
export function chatModelId(): Promise<string> {
  const configured = process.env.VLLM_MODEL;
  if (configured) return Promise.resolve(configured);
  return firstModel(vllm, 'chat', 'The vLLM server lists no model (GET /v1/models). Set VLLM_MODEL.');
}

const providers = new Map<string, VllmProvider>();
const firstModels = new Map<string, Promise<string>>();

/** A provider for another server (vision, speech-to-text), created once per base URL. */
function providerFor(baseURL: string | undefined): VllmProvider {
  if (baseURL === undefined) return vllm;
  let provider = providers.get(baseURL);
  if (provider === undefined) {
    provider = createVllm({ baseURL });
    providers.set(baseURL, provider);
  }
  return provider;
}

/**
 * The first base model a server serves, asked once per `key`; a failed lookup is asked again next time.
 * `noModel` is the error when the server lists none.
 */
function firstModel(
  provider: VllmProvider,
  key: string,
  noModel = `The vLLM server for ${key} lists no model (GET /v1/models).`,
): Promise<string> {
  let model = firstModels.get(key);
  if (model === undefined) {
    model = provider.server.models().then((models) => {
      const base = models.find((entry) => !entry.isLoraAdapter);
      if (!base) throw new Error(noModel);
      return base.id;
    });
    model.catch(() => firstModels.delete(key)); // ask again next time
    firstModels.set(key, model);
  }
  return model;
}

/**
 * The model for questions with images: a vision model (`vllm serve Qwen/Qwen2.5-VL-3B-Instruct`) at
 * VLLM_VISION_BASE_URL (model VLLM_VISION_MODEL), else the chat server (if it serves a vision model).
 */
export async function visionModel() {
  const provider = providerFor(process.env.VLLM_VISION_BASE_URL);
  const id = process.env.VLLM_VISION_MODEL ?? (await firstModel(provider, 'vision'));
  return provider(id);
}

/**
 * The speech-to-text model: Whisper (`vllm serve openai/whisper-large-v3-turbo`) at
 * VLLM_TRANSCRIPTION_BASE_URL (model VLLM_TRANSCRIPTION_MODEL), else the chat server.
 */
export async function transcriptionModel() {
  const provider = providerFor(process.env.VLLM_TRANSCRIPTION_BASE_URL);
  const id = process.env.VLLM_TRANSCRIPTION_MODEL ?? (await firstModel(provider, 'transcription'));
  return provider.transcriptionModel(id);
}

/** Which server the app talks to, for the page footer. */
export function serverDescription(): string {
  const baseURL = process.env.VLLM_BASE_URL ?? 'http://localhost:8000/v1';
  const main = process.env.PLAYGROUND_USES_EMULATOR === '1' ? `${baseURL} (embedded vLLM emulator)` : baseURL;
  const others = [
    process.env.VLLM_VISION_BASE_URL && `vision ${process.env.VLLM_VISION_BASE_URL}`,
    process.env.VLLM_TRANSCRIPTION_BASE_URL && `speech-to-text ${process.env.VLLM_TRANSCRIPTION_BASE_URL}`,
  ].filter(Boolean);
  return others.length > 0 ? `${main}; ${others.join('; ')}` : main;
}
