// Model ids are whatever the server was started with (`vllm serve <model>` or `--served-model-name`).
// The listed ids are popular models from vLLM's supported-models list, for editor autocomplete only.

/** Id of a chat model served by vLLM (its served model name, or a LoRA adapter name). */
export type VllmChatModelId =
  | 'Qwen/Qwen3-0.6B'
  | 'Qwen/Qwen3-8B'
  | 'Qwen/Qwen3-32B'
  | 'Qwen/Qwen2.5-7B-Instruct'
  | 'meta-llama/Llama-3.1-8B-Instruct'
  | 'meta-llama/Llama-3.3-70B-Instruct'
  | 'mistralai/Mistral-7B-Instruct-v0.3'
  | 'deepseek-ai/DeepSeek-R1-Distill-Qwen-7B'
  | 'openai/gpt-oss-20b'
  | 'google/gemma-3-12b-it'
  | (string & {});

/** Id of a model served by vLLM on `/v1/completions`. */
export type VllmCompletionModelId = VllmChatModelId;

/** Id of an embedding model served by vLLM (`--runner pooling`). */
export type VllmEmbeddingModelId =
  | 'intfloat/e5-mistral-7b-instruct'
  | 'BAAI/bge-m3'
  | 'Qwen/Qwen3-Embedding-0.6B'
  | 'nomic-ai/nomic-embed-text-v1.5'
  | (string & {});
