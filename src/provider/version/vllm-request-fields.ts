// Which top-level request fields each vLLM release accepts on /v1/chat/completions and
// /v1/completions. Read from vLLM's pydantic request models (`ChatCompletionRequest`,
// `CompletionRequest`) at the v0.10.0 tag, the v0.12.0 / v0.19 / v0.23 / v0.24 release-branch bases
// and main @ 017e9f4448 (see /work/shared/vllm/PROTOCOL.md §1, request-fields.json). vLLM accepts
// unknown fields with HTTP 200 and ignores them, so sending a field the server does not know
// silently does nothing: the provider consults this table before sending anything.
//
// Checked release by release (0.10.0 … 0.27, and main of 2026-08-17 as 0.28) against the field sets
// read from vLLM's source per release (test/provider/fixtures/vllm-fields-by-version.json, from
// /work/shared/vllm/versions). Where a change was merged inside the uncertain window around a
// release cut, the later release is used (the field is then withheld, with a warning, from the one
// release it might already work on, instead of being sent to a server that ignores it).

/** A vLLM version as one comparable number: `0.13.2` → 13_002. */
export type VllmVersionOrdinal = number;

/** `major.minor.patch` → ordinal. */
export function versionOrdinal(major: number, minor: number, patch = 0): VllmVersionOrdinal {
  return major * 1_000_000 + minor * 1_000 + patch;
}

/** Renders an ordinal back as `x.y` (or `x.y.z` when the patch matters). */
export function formatVersionOrdinal(ordinal: VllmVersionOrdinal): string {
  const major = Math.floor(ordinal / 1_000_000);
  const minor = Math.floor(ordinal / 1_000) % 1_000;
  const patch = ordinal % 1_000;
  return patch === 0 ? `${major}.${minor}` : `${major}.${minor}.${patch}`;
}

/** The two endpoints whose bodies the provider builds. */
export type VllmEndpoint = 'chat' | 'completion';

const V = versionOrdinal;

/** Fields both endpoints accepted in v0.10.0 and still accept. */
// biome-ignore format: data table
const COMMON_BASE = [
  'model', 'frequency_penalty', 'logit_bias', 'logprobs', 'max_tokens', 'n', 'presence_penalty',
  'response_format', 'seed', 'stop', 'stream', 'stream_options', 'temperature', 'top_p', 'user',
  'use_beam_search', 'top_k', 'min_p', 'repetition_penalty', 'length_penalty', 'stop_token_ids',
  'include_stop_str_in_output', 'ignore_eos', 'min_tokens', 'skip_special_tokens',
  'spaces_between_special_tokens', 'truncate_prompt_tokens', 'prompt_logprobs', 'allowed_token_ids',
  'echo', 'add_special_tokens', 'priority', 'return_tokens_as_token_ids', 'cache_salt',
  'kv_transfer_params', 'vllm_xargs',
];

// biome-ignore format: data table
const CHAT_BASE = [
  ...COMMON_BASE, 'messages', 'top_logprobs', 'max_completion_tokens', 'tools', 'tool_choice',
  'parallel_tool_calls', 'bad_words', 'add_generation_prompt', 'continue_final_message', 'documents',
  'chat_template', 'chat_template_kwargs', 'mm_processor_kwargs', 'request_id',
];

// biome-ignore format: data table
const COMPLETION_BASE = [...COMMON_BASE, 'prompt', 'prompt_embeds', 'suffix'];

/** First vLLM release that accepts a field (fields in neither map nor base set are unknown). */
const SINCE: Record<VllmEndpoint, Readonly<Record<string, VllmVersionOrdinal>>> = {
  chat: {
    reasoning_effort: V(0, 10, 1), // #22342, 2025-08-06
    include_reasoning: V(0, 10, 1), // #22342
    return_token_ids: V(0, 10, 2), // #22587, 2025-08-20
    structured_outputs: V(0, 11), // #22772, 2025-09-18
    repetition_detection: V(0, 18), // #35451, 2026-03-03: inside the 0.17 cut window (02-28 … 03-09)
    media_io_kwargs: V(0, 18), // #34778, 2026-03-07 (main heading to 0.18 on 03-09; 0.18.0 2026-03-20)
    thinking_token_budget: V(0, 19), // #20859, 2026-03-24
    return_prompt_text: V(0, 22), // #42052, 2026-05-11: inside the 0.21 cut window
    truncation_side: V(0, 23), // #43260, 2026-05-21: inside the 0.22 cut window; in the v0.23.0 tag
    return_token_offsets: V(0, 25), // #44226, 2026-06-26 (after the 0.24 branch, before 0.25)
    return_assistant_tokens_mask: V(0, 25), // #46846, 2026-06-28
    ec_transfer_params: V(0, 26), // #42433, 2026-07-12: inside the 0.25 cut window
    logprob_token_ids: V(0, 26), // #43463, 2026-07-13
    stream_interval: V(0, 27), // #49754, 2026-07-27: inside the 0.26 cut window
    session_id: V(0, 28), // #48048, 2026-08-03: inside the 0.27 cut window
    routed_experts_prompt_start: V(0, 28), // #51906, 2026-08-13: after 0.27.0 and 0.27.1
  },
  completion: {
    request_id: V(0, 10, 1), // #21009, 2025-07-25
    return_token_ids: V(0, 10, 2),
    structured_outputs: V(0, 11),
    structural_tag: V(0, 11, 1), // #23212, 2025-10-14 (removed again by #29326 for 0.12)
    repetition_detection: V(0, 18),
    thinking_token_budget: V(0, 22), // #42116, 2026-05-13: inside the 0.21 cut window
    truncation_side: V(0, 23),
    return_token_offsets: V(0, 25),
    bad_words: V(0, 26), // #46793, 2026-07-08: inside the 0.25 cut window
    ec_transfer_params: V(0, 26),
    logprob_token_ids: V(0, 26),
    stream_interval: V(0, 27),
    session_id: V(0, 28),
    routed_experts_prompt_start: V(0, 28),
  },
};

/** First vLLM release that no longer accepts a field (it is then ignored with HTTP 200). */
const REMOVED_IN: Record<VllmEndpoint, Readonly<Record<string, VllmVersionOrdinal>>> = {
  chat: {
    best_of: V(0, 12), // #29090, 2025-11-21
    guided_json: V(0, 12), // #29326, 2025-11-25 (deprecated aliases of structured_outputs in 0.11)
    guided_regex: V(0, 12),
    guided_choice: V(0, 12),
    guided_grammar: V(0, 12),
    guided_whitespace_pattern: V(0, 12),
    guided_decoding_backend: V(0, 12),
    structural_tag: V(0, 12),
    logits_processors: V(0, 16), // #34400, 2026-02-12
  },
  completion: {
    best_of: V(0, 12),
    guided_json: V(0, 12),
    guided_regex: V(0, 12),
    guided_choice: V(0, 12),
    guided_grammar: V(0, 12),
    guided_whitespace_pattern: V(0, 12),
    guided_decoding_backend: V(0, 12),
    structural_tag: V(0, 12),
    logits_processors: V(0, 16),
  },
};

const BASE: Record<VllmEndpoint, ReadonlySet<string>> = {
  chat: new Set(CHAT_BASE),
  completion: new Set(COMPLETION_BASE),
};

/** Whether vLLM at `ordinal` accepts the top-level `field` on `endpoint`. */
export function acceptsField(ordinal: VllmVersionOrdinal, field: string, endpoint: VllmEndpoint): boolean {
  if (BASE[endpoint].has(field)) return true;
  const since = SINCE[endpoint][field];
  const removedIn = REMOVED_IN[endpoint][field];
  if (since === undefined && removedIn === undefined) return false;
  return (since === undefined || ordinal >= since) && (removedIn === undefined || ordinal < removedIn);
}

/** Whether every vLLM release from v0.10.0 on accepts `field` (no version needed to decide). */
export function isUniversalField(field: string, endpoint: VllmEndpoint): boolean {
  return BASE[endpoint].has(field);
}

/** Whether some vLLM release (v0.10.0 … newest known) has `field` on `endpoint`. */
export function isKnownField(field: string, endpoint: VllmEndpoint): boolean {
  return BASE[endpoint].has(field) || field in SINCE[endpoint] || field in REMOVED_IN[endpoint];
}

/** The releases that accept `field`, for messages: `vLLM ≥ 0.17`, `vLLM < 0.12`. */
export function describeFieldAvailability(field: string, endpoint: VllmEndpoint): string {
  const since = SINCE[endpoint][field];
  const removedIn = REMOVED_IN[endpoint][field];
  if (since !== undefined && removedIn !== undefined)
    return `vLLM ≥ ${formatVersionOrdinal(since)} and < ${formatVersionOrdinal(removedIn)}`;
  if (since !== undefined) return `vLLM ≥ ${formatVersionOrdinal(since)}`;
  if (removedIn !== undefined)
    return `vLLM < ${formatVersionOrdinal(removedIn)} (removed in ${formatVersionOrdinal(removedIn)})`;
  return BASE[endpoint].has(field) ? 'every vLLM release' : 'no vLLM release';
}

/** Every field some release accepts on `endpoint` (for tests and docs). */
export function knownFields(endpoint: VllmEndpoint): string[] {
  return [
    ...new Set([...BASE[endpoint], ...Object.keys(SINCE[endpoint]), ...Object.keys(REMOVED_IN[endpoint])]),
  ];
}

/**
 * `/v1/embeddings` body fields the embedding model sends that not every release (v0.10.0 on) has, with
 * the first release that reads them. `truncation_side`: #37074, merged 2026-03-16 inside the 0.18 cut
 * window (vLLM's fields-by-version notes list it as uncertain for 0.18.0), so withheld from 0.18.
 * The other fields the model sends (`input`, `encoding_format`, `dimensions`, `truncate_prompt_tokens`,
 * `add_special_tokens`, `priority`, `user`) are in every release.
 */
const EMBEDDING_SINCE: Readonly<Record<string, VllmVersionOrdinal>> = {
  truncation_side: V(0, 19),
};

/** Whether a release reads `field` on `/v1/embeddings` (only the fields in the table above can say no). */
export function acceptsEmbeddingField(ordinal: VllmVersionOrdinal, field: string): boolean {
  const since = EMBEDDING_SINCE[field];
  return since === undefined || ordinal >= since;
}

/** The first release that reads an embedding field (`undefined`: every release). */
export function embeddingFieldSince(field: string): VllmVersionOrdinal | undefined {
  return EMBEDDING_SINCE[field];
}
