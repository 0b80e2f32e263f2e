/** A LoRA adapter loaded at startup (one `--lora-modules` item). */
export interface VllmLoraModule {
  /** Adapter name: the request `model` that selects it. */
  name: string;
  /** Hugging Face repo id or a path inside the server (container) holding the adapter. */
  path: string;
  /** Base model the adapter belongs to (`base_model_name`). @default the served model */
  baseModelName?: string;
}

/**
 * Options that become `vllm serve` flags. Each maps to exactly one flag (named in its doc); an
 * option left `undefined` passes no flag, so vLLM's own default applies (named as "vLLM's default").
 */
export interface VllmEngineOptions {
  /**
   * The model to serve: a Hugging Face repo id (`Qwen/Qwen3-0.6B`) or a local model directory.
   * A host path inside {@link VllmServerOptions.modelsPath} is translated to its path in the
   * container (`/models/…`). Becomes the `vllm serve <model>` positional. Required.
   */
  model?: string;

  /**
   * Name(s) the API serves the model under; the first is what `modelId` and `provider()` use.
   * `--served-model-name`. @default the model
   */
  servedModelName?: string | readonly string[];

  /**
   * Number of GPUs to shard each layer over. `--tensor-parallel-size`.
   * @default vLLM's default (1); env `VLLM_TENSOR_PARALLEL_SIZE`
   */
  tensorParallelSize?: number;

  /** Number of pipeline stages. `--pipeline-parallel-size`. @default vLLM's default (1) */
  pipelineParallelSize?: number;

  /**
   * Fraction (0–1] of each GPU's **total** memory vLLM may use (other processes on the GPU count
   * against it). `--gpu-memory-utilization`. @default vLLM's default (0.92 at HEAD); env `VLLM_GPU_MEMORY_UTILIZATION`
   */
  gpuMemoryUtilization?: number;

  /**
   * Context length in tokens (prompt + output), or `'auto'` to fit the GPU. `--max-model-len`.
   * @default the model's own; env `VLLM_MAX_MODEL_LEN`
   */
  maxModelLen?: number | 'auto';

  /**
   * Weight quantization method (`awq`, `gptq`, `fp8`, …). `--quantization`.
   * @default none (from the checkpoint); env `VLLM_QUANTIZATION`
   */
  quantization?: string;

  /** Weight/activation dtype. `--dtype`. @default vLLM's default (`auto`) */
  dtype?: 'auto' | 'bfloat16' | 'float' | 'float16' | 'float32' | 'half';

  /**
   * Run code shipped with the model repo (needed by some architectures). `--trust-remote-code`.
   * @default false; env `VLLM_TRUST_REMOTE_CODE` (`1`/`true`)
   */
  trustRemoteCode?: boolean;

  /** Serve LoRA adapters. `--enable-lora`. @default true when `loraModules` or `allowRuntimeLoraUpdating` is set */
  enableLora?: boolean;

  /** Adapters loaded at startup. `--lora-modules name=path …` (JSON items when `baseModelName` is set). @default none */
  loraModules?: readonly VllmLoraModule[];

  /** Adapters per batch. `--max-loras`. @default vLLM's default (1) */
  maxLoras?: number;

  /** Largest adapter rank (1, 8, 16, 32, 64, 128, 256, 320, 512). `--max-lora-rank`. @default vLLM's default (16) */
  maxLoraRank?: number;

  /**
   * Load/unload adapters at runtime (`/v1/load_lora_adapter`). Env `VLLM_ALLOW_RUNTIME_LORA_UPDATING=True`
   * inside the server; implies `enableLora`. @default false
   */
  allowRuntimeLoraUpdating?: boolean;

  /**
   * Tool-call parser for the model family (`hermes`, `llama3_json`, `mistral`, `openai`, …); also
   * turns on `--enable-auto-tool-choice`. `false` disables the preset's parser.
   * `--tool-call-parser`. @default from the model preset
   */
  toolCallParser?: string | false;

  /**
   * Reasoning parser (`qwen3`, `deepseek_r1`, `openai_gptoss`, …): moves thinking into `reasoning`.
   * `false` disables the preset's parser. `--reasoning-parser`. @default from the model preset
   */
  reasoningParser?: string | false;

  /** Chat template: a path inside the server (container) or a single-line template. `--chat-template`. @default the model's */
  chatTemplate?: string;

  /**
   * Where default sampling parameters come from: `'auto'` (the model's generation_config.json),
   * `'vllm'` (vLLM's defaults) or a folder. `--generation-config`. @default vLLM's default (`auto`)
   */
  generationConfig?: string;

  /**
   * `'generate'` for chat/completions, `'pooling'` for embeddings, scoring and reranking. `--runner`.
   * @default from the model preset, else vLLM's default (`auto`)
   */
  runner?: 'auto' | 'generate' | 'pooling';

  /** Skip torch.compile and CUDA graphs: faster startup, slower serving. `--enforce-eager`. @default false */
  enforceEager?: boolean;
}
