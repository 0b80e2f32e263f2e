// The vLLM HTTP endpoints the server client calls (PROTOCOL.md §4–5). `base: 'api'` endpoints live
// under the OpenAI-compatible base URL (`…/v1`, guarded by `--api-key`); `base: 'server'` endpoints
// live at the server root and are unauthenticated in vLLM.

/** One vLLM endpoint, with what to tell the user when the server does not have it (404). */
export interface ServerEndpoint {
  readonly method: 'GET' | 'POST';
  /** Path below the base: `/models` under `…/v1`, `/tokenize` under the server root. */
  readonly path: string;
  readonly base: 'api' | 'server';
  /** Appended to the "not supported by this vLLM version" message: when it was added, what enables it. */
  readonly missingHint?: string;
}

export const VLLM_ENDPOINTS = {
  models: { method: 'GET', path: '/models', base: 'api' },
  health: { method: 'GET', path: '/health', base: 'server' },
  load: {
    method: 'GET',
    path: '/load',
    base: 'server',
    missingHint: 'GET /load was added in vLLM 0.8 (PR #13950, March 2025); upgrade vLLM to use it.',
  },
  metrics: {
    method: 'GET',
    path: '/metrics',
    base: 'server',
    missingHint: 'Metrics are served unless a proxy in front of vLLM hides /metrics.',
  },
  tokenize: { method: 'POST', path: '/tokenize', base: 'server' },
  detokenize: { method: 'POST', path: '/detokenize', base: 'server' },
  loadLoraAdapter: { method: 'POST', path: '/load_lora_adapter', base: 'api' },
  unloadLoraAdapter: { method: 'POST', path: '/unload_lora_adapter', base: 'api' },
  rerank: {
    method: 'POST',
    path: '/rerank',
    base: 'server',
    missingHint:
      'vLLM serves /rerank only for pooling models (a reranker / cross-encoder started with ' +
      '`--runner pooling`), added in January 2025 (PR #12376).',
  },
  completions: { method: 'POST', path: '/completions', base: 'api' },
} as const satisfies Record<string, ServerEndpoint>;

/** The hint for runtime LoRA loading, which vLLM only registers when explicitly allowed (PROTOCOL.md §4). */
export const RUNTIME_LORA_HINT =
  'Runtime LoRA loading is disabled on this vLLM server: start it with the environment variable ' +
  'VLLM_ALLOW_RUNTIME_LORA_UPDATING=1 and the flag --enable-lora (vLLM then registers ' +
  'POST /v1/load_lora_adapter and /v1/unload_lora_adapter).';
