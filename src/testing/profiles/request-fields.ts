/**
 * Top-level request body fields each vLLM release accepts, extracted from vLLM's pydantic request
 * models (`ChatCompletionRequest`, `CompletionRequest`, `EmbeddingCompletionRequest`) at the tags /
 * release-branch commits of each profile. Keys not listed are accepted and silently ignored by vLLM
 * (`extra="allow"`, logged at DEBUG) — the emulator reports them in `requests[i].ignoredFields`.
 */

// biome-ignore format: data table
const CHAT_COMMON = [
  'messages', 'model', 'frequency_penalty', 'logit_bias', 'logprobs', 'top_logprobs', 'max_tokens',
  'max_completion_tokens', 'n', 'presence_penalty', 'response_format', 'seed', 'stop', 'stream',
  'stream_options', 'temperature', 'top_p', 'tools', 'tool_choice', 'parallel_tool_calls', 'user',
  'use_beam_search', 'top_k', 'min_p', 'repetition_penalty', 'length_penalty', 'stop_token_ids',
  'include_stop_str_in_output', 'ignore_eos', 'min_tokens', 'skip_special_tokens',
  'spaces_between_special_tokens', 'truncate_prompt_tokens', 'prompt_logprobs', 'allowed_token_ids',
  'bad_words', 'echo', 'add_generation_prompt', 'continue_final_message', 'add_special_tokens', 'documents',
  'chat_template', 'chat_template_kwargs', 'mm_processor_kwargs', 'priority', 'request_id',
  'return_tokens_as_token_ids', 'cache_salt', 'kv_transfer_params', 'vllm_xargs',
];
// biome-ignore format: data table
const GUIDED = [
  'guided_json', 'guided_regex', 'guided_choice', 'guided_grammar', 'guided_decoding_backend',
  'guided_whitespace_pattern',
];
// biome-ignore format: data table
const COMPLETION_COMMON = [
  'model', 'prompt', 'prompt_embeds', 'echo', 'frequency_penalty', 'logit_bias', 'logprobs', 'max_tokens',
  'n', 'presence_penalty', 'seed', 'stop', 'stream', 'stream_options', 'suffix', 'temperature', 'top_p',
  'user', 'use_beam_search', 'top_k', 'min_p', 'repetition_penalty', 'length_penalty', 'stop_token_ids',
  'include_stop_str_in_output', 'ignore_eos', 'min_tokens', 'skip_special_tokens',
  'spaces_between_special_tokens', 'truncate_prompt_tokens', 'allowed_token_ids', 'prompt_logprobs',
  'add_special_tokens', 'response_format', 'priority', 'return_tokens_as_token_ids', 'cache_salt',
  'kv_transfer_params', 'vllm_xargs',
];
// biome-ignore format: data table
const EMBEDDING_COMMON = [
  'model', 'input', 'encoding_format', 'dimensions', 'user', 'truncate_prompt_tokens', 'add_special_tokens',
  'priority',
];
/** Chat-style embedding requests (`messages` instead of `input`). */
// biome-ignore format: data table
export const EMBEDDING_CHAT_EXTRA = [
  'messages', 'add_generation_prompt', 'continue_final_message', 'chat_template', 'chat_template_kwargs',
  'media_io_kwargs', 'mm_processor_kwargs',
];

export interface RequestFieldSets {
  readonly chat: ReadonlySet<string>;
  readonly completion: ReadonlySet<string>;
  readonly embedding: ReadonlySet<string>;
}

function sets(chat: string[], completion: string[], embedding: string[]): RequestFieldSets {
  return { chat: new Set(chat), completion: new Set(completion), embedding: new Set(embedding) };
}

/** v0.10.0 tag. */
export const FIELDS_0_10 = sets(
  [...CHAT_COMMON, 'best_of', ...GUIDED, 'structural_tag', 'logits_processors'],
  [...COMPLETION_COMMON, 'best_of', ...GUIDED, 'logits_processors'],
  EMBEDDING_COMMON,
);

/**
 * 0.11.2 (main of ≈ 2025-11-20): structured_outputs + guided_* deprecated aliases; chat fields as
 * in v0.11.0; completion `structural_tag` (#23212) and embeddings `embed_dtype` / `endianness`
 * arrived between 0.11.0 and 0.11.1 (shared/vllm/versions/fields-by-version.json).
 */
export const FIELDS_0_11 = sets(
  [
    ...CHAT_COMMON,
    'reasoning_effort',
    'include_reasoning',
    'best_of',
    'structured_outputs',
    ...GUIDED,
    'structural_tag',
    'logits_processors',
    'return_token_ids',
  ],
  [
    ...COMPLETION_COMMON,
    'best_of',
    'structured_outputs',
    ...GUIDED,
    'request_id',
    'logits_processors',
    'return_token_ids',
    'structural_tag',
  ],
  [...EMBEDDING_COMMON, 'request_id', 'normalize', 'embed_dtype', 'endianness'],
);

/** v0.12.0 release branch and v0.13.0 tag (identical request models): guided_* and best_of removed. */
export const FIELDS_0_12 = sets(
  [
    ...CHAT_COMMON,
    'reasoning_effort',
    'include_reasoning',
    'structured_outputs',
    'logits_processors',
    'return_token_ids',
  ],
  [...COMPLETION_COMMON, 'structured_outputs', 'request_id', 'logits_processors', 'return_token_ids'],
  [...EMBEDDING_COMMON, 'request_id', 'normalize', 'embed_dtype', 'endianness'],
);

/** main @ 017e9f4448 (2026-08-17), after v0.26.0 — request-fields.json. */
export const FIELDS_LATEST = sets(
  [
    ...CHAT_COMMON,
    'reasoning_effort',
    'thinking_token_budget',
    'include_reasoning',
    'truncation_side',
    'logprob_token_ids',
    'media_io_kwargs',
    'structured_outputs',
    'session_id',
    'return_token_ids',
    'routed_experts_prompt_start',
    'return_token_offsets',
    'return_prompt_text',
    'return_assistant_tokens_mask',
    'ec_transfer_params',
    'repetition_detection',
    'stream_interval',
  ],
  [
    ...COMPLETION_COMMON,
    'truncation_side',
    'logprob_token_ids',
    'bad_words',
    'structured_outputs',
    'request_id',
    'session_id',
    'return_token_ids',
    'routed_experts_prompt_start',
    'return_token_offsets',
    'ec_transfer_params',
    'repetition_detection',
    'thinking_token_budget',
    'stream_interval',
  ],
  [
    ...EMBEDDING_COMMON,
    'truncation_side',
    'request_id',
    'mm_processor_kwargs',
    'cache_salt',
    'embed_dtype',
    'endianness',
    'use_activation',
  ],
);
