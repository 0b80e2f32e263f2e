// The provider core's public surface (re-exported by src/index.ts): the factory, the model classes,
// their option types, errors, version detection and the model-family presets.
//
// Layout (each folder's header comment says what lives there and what it may import):
//   vllm-provider.ts   createVllm / vllm: settings → models (the composition root; the only file of the
//                      core that may import routing/ and server/)
//   connection/        base URL, API key, headers, fetch; vLLM's error envelopes → APICallError
//   version/           the server's vLLM version, request fields per version, server capabilities
//   options/           providerOptions.vllm schemas per model kind and their mapping to the request body
//   prompt/            the prompt on the wire: chat messages, file parts → vLLM's media parts, the completion prompt
//   models/            chat/ (+ chat/media/: supportedUrls, media checks), completion/, embedding/, reranking/,
//                      responses/, transcription/: requests, responses, streams, metadata
export type { VllmErrorData } from './connection/vllm-error';
export type { VllmConnectionSettings } from './connection/vllm-settings';
export { VLLM_DEFAULT_BASE_URL } from './connection/vllm-settings';
export { VllmChatLanguageModel } from './models/chat/vllm-chat-language-model';
export { VllmCompletionLanguageModel } from './models/completion/vllm-completion-language-model';
export { VllmEmbeddingModel } from './models/embedding/vllm-embedding-model';
export type { VllmRerankingModelId } from './models/reranking/vllm-reranking-model';
export { VllmRerankingModel } from './models/reranking/vllm-reranking-model';
export { VllmResponsesLanguageModel } from './models/responses/vllm-responses-language-model';
export type { VllmTranscriptionModelId } from './models/transcription/vllm-transcription-model';
export { VllmTranscriptionModel } from './models/transcription/vllm-transcription-model';
export type { VllmChatModelId, VllmCompletionModelId, VllmEmbeddingModelId } from './models/vllm-model-ids';
export type { VllmLanguageModelChatOptions } from './options/vllm-chat-language-model-options';
export type { VllmLanguageModelCompletionOptions } from './options/vllm-completion-language-model-options';
export type { VllmEmbeddingModelOptions } from './options/vllm-embedding-model-options';
export type { VllmRerankingModelOptions } from './options/vllm-reranking-model-options';
export type { VllmResponsesModelOptions } from './options/vllm-responses-model-options';
export type { VllmStructuredOutputs } from './options/vllm-structured-outputs';
export type { VllmTranscriptionModelOptions } from './options/vllm-transcription-model-options';
export type { VllmInputModality, VllmServerCapabilityHints } from './version/vllm-server-capabilities';
export type { VllmServerFeatures, VllmVersionSettings } from './version/vllm-server-version';
export { fetchVllmServerVersion, getVllmServerFeatures } from './version/vllm-server-version';
export {
  describeToolCallParser,
  findModelPreset,
  VLLM_MODEL_PRESETS,
  type VllmModelPreset,
} from './vllm-model-presets';
export type { VllmProvider, VllmProviderSettings } from './vllm-provider';
export { createVllm, vllm } from './vllm-provider';
