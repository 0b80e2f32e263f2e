// How each vLLM release's `/v1/responses` behaves where it differs (vllm/entrypoints/openai/
// serving_responses.py — since #32260 openai/responses/serving.py — at each release's cut; the body
// fields per release are in src/provider/version/vllm-responses-support.ts).

/** `/v1/responses` behaviour of one release. */
export interface ResponsesRules {
  /** `stream: true` works (non-Harmony models: #23741, 0.10.2); before, NotImplementedError → 501. */
  readonly streaming: boolean;
  /** Function tools for non-Harmony models (#26874, 0.11.1); before, they are ignored. */
  readonly functionTools: boolean;
  /** `text.format: json_object` (#49003, 0.26); before, "json_object is not supported" → 501. */
  readonly jsonObject: boolean;
  /** `usage` carries the per-turn lists (`input_tokens_per_turn` …; #25061, 0.11.1). */
  readonly usagePerTurn: boolean;
}

export const RESPONSES_0_10: ResponsesRules = {
  streaming: false,
  functionTools: false,
  jsonObject: false,
  usagePerTurn: false,
};

/** The emulator's 0.11 profile is 0.11.2: after #26874 and #25061. */
export const RESPONSES_0_11: ResponsesRules = {
  streaming: true,
  functionTools: true,
  jsonObject: false,
  usagePerTurn: true,
};

export const RESPONSES_0_12: ResponsesRules = RESPONSES_0_11;

export const RESPONSES_LATEST: ResponsesRules = { ...RESPONSES_0_12, jsonObject: true };
