// Batch generation: many prompts through one model (chat or completion calls, or one prompt-array
// request), in input order, with progress, abort and per-item errors. May import the provider's
// models and the server client; nothing in the provider core imports it but the factory.
export type {
  VllmBatchCallSettings,
  VllmBatchItemResult,
  VllmBatchProgress,
  VllmBatchResult,
  VllmBatchUsage,
  VllmGenerateBatchOptions,
} from './batch-types';
export { VLLM_MAX_COMPLETION_PROMPTS } from './completion-prompt-array';
export { generateBatch } from './generate-batch';
