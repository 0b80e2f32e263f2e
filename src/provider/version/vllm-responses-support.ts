import { formatVersionOrdinal, type VllmVersionOrdinal, versionOrdinal } from './vllm-request-fields';

// vLLM's `/v1/responses` per release, read from `ResponsesRequest` (vllm/entrypoints/openai/protocol.py,
// since #32260 vllm/entrypoints/openai/responses/protocol.py) and its serving code on main at each
// release's cut. The endpoint itself is #20504 (2025-07-06): every release the provider maps has it.

const V = versionOrdinal;

/** Body fields v0.10.0 accepted (and HEAD still does). */
// biome-ignore format: data table
const BASE = new Set([
  'background', 'cache_salt', 'include', 'input', 'instructions', 'max_output_tokens', 'max_tool_calls',
  'metadata', 'mm_processor_kwargs', 'model', 'parallel_tool_calls', 'previous_response_id', 'priority',
  'prompt', 'reasoning', 'request_id', 'service_tier', 'store', 'stream', 'temperature', 'text',
  'tool_choice', 'tools', 'top_logprobs', 'top_p', 'truncation', 'user',
]);

/** First release with a body field (the release whose cut followed the merge). */
const SINCE: Readonly<Record<string, VllmVersionOrdinal>> = {
  enable_response_messages: V(0, 11),
  previous_input_messages: V(0, 11, 1),
  logit_bias: V(0, 13),
  top_k: V(0, 13),
  skip_special_tokens: V(0, 14),
  include_stop_str_in_output: V(0, 15),
  prompt_cache_key: V(0, 15),
  ignore_eos: V(0, 16),
  repetition_penalty: V(0, 16),
  seed: V(0, 16),
  stop: V(0, 16),
  vllm_xargs: V(0, 16),
  structured_outputs: V(0, 17),
  media_io_kwargs: V(0, 18),
  kv_transfer_params: V(0, 19),
  frequency_penalty: V(0, 20),
  presence_penalty: V(0, 20),
  chat_template_kwargs: V(0, 22),
  ec_transfer_params: V(0, 26),
  include_reasoning: V(0, 26),
  session_id: V(0, 28),
};

/** Streaming (`stream: true`): gpt-oss #22431 (2025-08-11), other models #23741 (2025-09-04). */
export const RESPONSES_STREAMING_SINCE: VllmVersionOrdinal = V(0, 10, 2);

/**
 * Function tools for models other than gpt-oss (#26874, 2025-11-06): before, vLLM's Responses API
 * called tools only through gpt-oss' Harmony format and silently ignored them for other models.
 */
export const RESPONSES_FUNCTION_TOOLS_SINCE: VllmVersionOrdinal = V(0, 11, 1);

/** `text.format: json_object` (JSON without a schema): "json_object is not supported" before #49003 (2026-07-19). */
export const RESPONSES_JSON_OBJECT_SINCE: VllmVersionOrdinal = V(0, 26);

/** Whether vLLM at `ordinal` reads a `/v1/responses` body field. */
export function acceptsResponsesField(ordinal: VllmVersionOrdinal, field: string): boolean {
  if (BASE.has(field)) return true;
  const since = SINCE[field];
  return since !== undefined && ordinal >= since;
}

/** Whether every release from v0.10.0 on reads the field. */
export function isUniversalResponsesField(field: string): boolean {
  return BASE.has(field);
}

/** The releases that read a field, for messages: `vLLM ≥ 0.13`. */
export function describeResponsesFieldAvailability(field: string): string {
  const since = SINCE[field];
  if (since !== undefined) return `vLLM ≥ ${formatVersionOrdinal(since)}`;
  return BASE.has(field) ? 'every vLLM release' : 'no vLLM release';
}

/** Whether a model id names gpt-oss (vLLM runs it through the Harmony format). */
export function isHarmonyModel(modelId: string): boolean {
  return /gpt-oss/i.test(modelId);
}
