export * from './bench';
export * from './routing';
export * from './server';
export { VERSION } from './version';
export { VllmChatLanguageModel } from './vllm-chat-language-model';
export type { VllmLanguageModelChatOptions } from './vllm-chat-language-model-options';
export { VllmCompletionLanguageModel } from './vllm-completion-language-model';
export type { VllmLanguageModelCompletionOptions } from './vllm-completion-language-model-options';
export { VllmEmbeddingModel } from './vllm-embedding-model';
export type { VllmEmbeddingModelOptions } from './vllm-embedding-model-options';
export type { VllmErrorData } from './vllm-error';
export type { VllmChatModelId, VllmCompletionModelId, VllmEmbeddingModelId } from './vllm-model-ids';
export {
  describeToolCallParser,
  findModelPreset,
  VLLM_MODEL_PRESETS,
  type VllmModelPreset,
} from './vllm-model-presets';
export type { VllmProvider, VllmProviderSettings } from './vllm-provider';
export { createVllm, vllm } from './vllm-provider';
export type { VllmRerankingModelId } from './vllm-reranking-model';
export { VllmRerankingModel } from './vllm-reranking-model';
export type { VllmRerankingModelOptions } from './vllm-reranking-model-options';
export type { VllmServerCapabilityHints } from './vllm-server-capabilities';
export type { VllmServerFeatures, VllmVersionSettings } from './vllm-server-version';
export { fetchVllmServerVersion, getVllmServerFeatures } from './vllm-server-version';
export type { VllmConnectionSettings } from './vllm-settings';
export { VLLM_DEFAULT_BASE_URL } from './vllm-settings';
export type { VllmStructuredOutputs } from './vllm-structured-outputs';
