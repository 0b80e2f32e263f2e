import { InvalidArgumentError, NoSuchModelError, type ProviderV4 } from '@ai-sdk/provider';
import type { VllmRoutingSettings } from '../routing/routing-settings';
import type { VllmRoutingStats } from '../routing/vllm-router';
import { NO_ROUTING_STATS, withRouting } from '../routing/with-routing';
import { createVllmServerClient, type VllmServerClient } from '../server/vllm-server-client';
import { resolveVllmConnection, type VllmConnectionSettings } from './connection/vllm-settings';
import { VllmChatLanguageModel } from './models/chat/vllm-chat-language-model';
import { VllmCompletionLanguageModel } from './models/completion/vllm-completion-language-model';
import { VllmEmbeddingModel } from './models/embedding/vllm-embedding-model';
import {
  createVllmRerankingModel,
  type VllmRerankingModel,
  type VllmRerankingModelId,
} from './models/reranking/vllm-reranking-model';
import { VllmResponsesLanguageModel } from './models/responses/vllm-responses-language-model';
import {
  VllmTranscriptionModel,
  type VllmTranscriptionModelId,
} from './models/transcription/vllm-transcription-model';
import type { VllmChatModelId, VllmCompletionModelId, VllmEmbeddingModelId } from './models/vllm-model-ids';
import { createVllmModelServer } from './version/vllm-model-server';
import type { VllmServerCapabilityHints } from './version/vllm-server-capabilities';
import type { VllmVersionSettings } from './version/vllm-server-version';

/** Settings for {@link createVllm}. Every setting is optional. */
export interface VllmProviderSettings
  extends Omit<VllmConnectionSettings, 'baseURL'>,
    VllmRoutingSettings,
    VllmVersionSettings {
  /**
   * Base URL of the vLLM OpenAI-compatible API, including the `/v1` path. Precedence: this value,
   * then the `VLLM_BASE_URL` environment variable, then `http://localhost:8000/v1`. An array of
   * URLs is shorthand for `endpoints` (several replicas behind one provider, see the routing settings).
   */
  baseURL?: string | readonly string[];
  /**
   * Provider name: model ids become `<name>.chat`, `<name>.completion`, `<name>.embedding`, and
   * per-call options are read from `providerOptions[<name>]`.
   * @default 'vllm'
   */
  name?: string;

  /**
   * What the server was started with, when you know it (`server.provider()` from the sidecar sets
   * it): `autoToolChoice` (`--enable-auto-tool-choice --tool-call-parser`), `toolCallParser`,
   * `reasoningParser`, `maxModelLen` (`--max-model-len`). Calls the server would reject (tools
   * without a tool parser, `maxOutputTokens` above the context length) then fail before the request.
   * @default unknown: the server decides
   */
  serverCapabilities?: VllmServerCapabilityHints;
}

/** The vLLM provider: callable (→ chat model) plus one factory per model kind. */
export interface VllmProvider extends ProviderV4 {
  /** A chat model (`/v1/chat/completions`). Same as {@link VllmProvider.chatModel}. */
  (modelId: VllmChatModelId): VllmChatLanguageModel;

  /** A chat model (`/v1/chat/completions`). */
  languageModel(modelId: VllmChatModelId): VllmChatLanguageModel;

  /** A chat model (`/v1/chat/completions`). */
  chatModel(modelId: VllmChatModelId): VllmChatLanguageModel;

  /**
   * A model on the Responses API (`/v1/responses`): the path gpt-oss was built for (Harmony format,
   * built-in tools with `--tool-server`), and the only tool-calling path for gpt-oss on older vLLM
   * releases. Text, reasoning, function tools, structured output, usage; generate and stream.
   */
  responses(modelId: VllmChatModelId): VllmResponsesLanguageModel;

  /** A completion model (`/v1/completions`): raw prompt in, text out, no chat template. */
  completionModel(modelId: VllmCompletionModelId): VllmCompletionLanguageModel;

  /** An embedding model (`/v1/embeddings`; the server runs with `--runner pooling`). */
  embeddingModel(modelId: VllmEmbeddingModelId): VllmEmbeddingModel;

  /** @deprecated Use `embeddingModel` instead. */
  textEmbeddingModel(modelId: VllmEmbeddingModelId): VllmEmbeddingModel;

  /** vLLM serves no image-generation models: always throws `NoSuchModelError`. */
  imageModel(modelId: string): never;

  /**
   * A reranking model (`POST /rerank`; a reranker / cross-encoder served with `--runner pooling`).
   * Use it with `rerank()` from `ai`.
   */
  rerankingModel(modelId: VllmRerankingModelId): VllmRerankingModel;

  /** Alias of {@link VllmProvider.rerankingModel}. */
  reranking(modelId: VllmRerankingModelId): VllmRerankingModel;

  /**
   * A speech-to-text model (`/v1/audio/transcriptions`; Whisper, Voxtral, Gemma 3n … served by vLLM).
   * Use it with `transcribe()` (and the experimental `streamTranscribe()`) from `ai`.
   */
  transcriptionModel(modelId: VllmTranscriptionModelId): VllmTranscriptionModel;

  /** Alias of {@link VllmProvider.transcriptionModel}. */
  transcription(modelId: VllmTranscriptionModelId): VllmTranscriptionModel;

  /**
   * Speech translated to English text (`/v1/audio/translations`, Whisper-family models). Use it with
   * `transcribe()` from `ai`: the result's text is the translation.
   */
  translationModel(modelId: VllmTranscriptionModelId): VllmTranscriptionModel;

  /**
   * The server client (models, health, version, load, metrics, statistics, tokenize, LoRA adapters),
   * sharing this provider's baseURL, apiKey, headers and fetch. Default time limit 30 s per request.
   */
  readonly server: VllmServerClient;

  /**
   * Routing snapshot (with `endpoints` or another routing setting): per endpoint requests, successes,
   * errors, in flight, latency p50/p95, health and circuit state; plus the queue. Empty otherwise.
   */
  stats(): VllmRoutingStats;

  /**
   * Stops the router's health checks and load reads and rejects queued calls (running calls finish).
   * Idempotent; a no-op without routing. Also runs on `await using provider = createVllm(…)`.
   */
  close(): Promise<void>;

  /** Same as {@link VllmProvider.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Creates a vLLM provider. Every setting falls back to an environment variable, then a default:
 * `baseURL` → `VLLM_BASE_URL` → `http://localhost:8000/v1`; `apiKey` → `VLLM_API_KEY` → none.
 */
export function createVllm(settings: VllmProviderSettings = {}): VllmProvider {
  const name = settings.name ?? 'vllm';
  if (!/^[A-Za-z][\w-]*$/.test(name)) {
    throw new InvalidArgumentError({
      argument: 'name',
      message: `Invalid provider name "${name}": use letters, digits, "-" or "_" (it becomes the providerOptions key).`,
    });
  }
  const connectionSettings = withEndpointsFromBaseURL(settings);
  const connection = withRouting(resolveVllmConnection(connectionSettings), connectionSettings);
  // One server-version probe (GET /version) shared by every chat and completion model of this
  // provider; an invalid vllmVersion setting fails here.
  const modelServer = createVllmModelServer(connection, settings.vllmVersion, settings.serverCapabilities);

  const modelConfig = (modelType: string) => ({
    provider: `${name}.${modelType}`,
    url: ({ path }: { path: string }) => `${connection.baseURL()}${path}`,
    headers: connection.headers,
    fetch: connection.fetch,
  });
  const languageModelConfig = (modelType: string) => ({
    ...modelConfig(modelType),
    server: modelServer,
    vllmVersion: settings.vllmVersion,
  });

  const createChatModel = (modelId: VllmChatModelId) =>
    new VllmChatLanguageModel(checkModelId(modelId), languageModelConfig('chat'));
  const createCompletionModel = (modelId: VllmCompletionModelId) =>
    new VllmCompletionLanguageModel(checkModelId(modelId), languageModelConfig('completion'));
  const createEmbeddingModel = (modelId: VllmEmbeddingModelId) =>
    new VllmEmbeddingModel(checkModelId(modelId), languageModelConfig('embedding'));

  const provider = function (modelId: VllmChatModelId) {
    if (new.target) {
      throw new Error('The vLLM provider cannot be called with `new`: use vllm(modelId) or createVllm().');
    }
    return createChatModel(modelId);
  } as VllmProvider;

  Object.assign(provider, {
    specificationVersion: 'v4' as const,
    languageModel: createChatModel,
    chatModel: createChatModel,
    completionModel: createCompletionModel,
    embeddingModel: createEmbeddingModel,
    textEmbeddingModel: createEmbeddingModel,
    imageModel: (modelId: string): never => {
      throw new NoSuchModelError({
        modelId,
        modelType: 'imageModel',
        message: `vLLM serves no image-generation models (requested "${modelId}").`,
      });
    },
  });

  Object.assign(provider, {
    rerankingModel: (modelId: VllmRerankingModelId) =>
      createVllmRerankingModel(checkModelId(modelId), name, connection),
    reranking: (modelId: VllmRerankingModelId) =>
      createVllmRerankingModel(checkModelId(modelId), name, connection),
    server: createVllmServerClient(connection),
  });

  const createAudioModel =
    (endpoint: 'transcription' | 'translation') => (modelId: VllmTranscriptionModelId) =>
      new VllmTranscriptionModel(checkModelId(modelId), {
        provider: `${name}.${endpoint}`,
        connection,
        version: modelServer.version,
        endpoint,
      });
  Object.assign(provider, {
    responses: (modelId: VllmChatModelId) =>
      new VllmResponsesLanguageModel(checkModelId(modelId), {
        provider: `${name}.responses`,
        connection,
        version: modelServer.version,
      }),
    transcriptionModel: createAudioModel('transcription'),
    transcription: createAudioModel('transcription'),
    translationModel: createAudioModel('translation'),
  });

  const close = async () => connection.router?.close();
  Object.assign(provider, {
    stats: () => connection.router?.stats() ?? NO_ROUTING_STATS,
    close,
    ...(typeof Symbol.asyncDispose === 'symbol' && { [Symbol.asyncDispose]: close }),
  });

  return provider;
}

/** `baseURL: [a, b]` is shorthand for `endpoints: [a, b]`. */
function withEndpointsFromBaseURL(
  settings: VllmProviderSettings,
): VllmConnectionSettings & VllmRoutingSettings {
  const { baseURL, ...rest } = settings;
  if (typeof baseURL === 'string' || baseURL === undefined) return { ...rest, baseURL };
  if (settings.endpoints !== undefined) {
    throw new InvalidArgumentError({
      argument: 'baseURL',
      message: 'Pass several servers either as baseURL: [...] or as endpoints: [...], not both.',
    });
  }
  if (baseURL.length === 0) {
    throw new InvalidArgumentError({
      argument: 'baseURL',
      message: 'baseURL is an empty array: pass at least one URL, e.g. http://localhost:8000/v1.',
    });
  }
  return { ...rest, endpoints: baseURL };
}

function checkModelId<T extends string>(modelId: T): T {
  if (typeof modelId !== 'string' || modelId.trim() === '') {
    throw new InvalidArgumentError({
      argument: 'modelId',
      message:
        'The vLLM model id is empty: pass the name the server serves, e.g. vllm("Qwen/Qwen3-8B") ' +
        '(see GET /v1/models, or the --served-model-name the server was started with).',
    });
  }
  return modelId;
}

/**
 * Default vLLM provider: `baseURL` from `VLLM_BASE_URL` (else `http://localhost:8000/v1`),
 * `apiKey` from `VLLM_API_KEY` (else none), both read at request time.
 */
export const vllm = createVllm();
