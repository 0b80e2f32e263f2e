import {
  CONTENT_PARTS_0_10,
  CONTENT_PARTS_0_11,
  CONTENT_PARTS_0_12,
  CONTENT_PARTS_LATEST,
  type ContentPartRules,
} from './content/content-part-rules';
import {
  PREFIX_CACHE_0_10,
  PREFIX_CACHE_0_11,
  PREFIX_CACHE_0_12,
  PREFIX_CACHE_0_13,
  PREFIX_CACHE_LATEST,
  type PrefixCacheProfile,
} from './profiles/prefix-cache-profile';
import {
  FIELDS_0_10,
  FIELDS_0_11,
  FIELDS_0_12,
  FIELDS_LATEST,
  type RequestFieldSets,
} from './profiles/request-fields';

import {
  RESPONSES_0_10,
  RESPONSES_0_11,
  RESPONSES_0_12,
  RESPONSES_LATEST,
  type ResponsesRules,
} from './responses/responses-rules';
import {
  SPEECH_0_10,
  SPEECH_0_11,
  SPEECH_0_12,
  SPEECH_LATEST,
  type SpeechToTextRules,
} from './speech/speech-rules';

/** A vLLM protocol profile the emulator can speak. */
export type VllmEmulatorVersion = '0.10' | '0.11' | '0.12' | '0.13' | 'latest';

/** The version string `GET /version` returns for each profile. */
export const VLLM_EMULATOR_VERSIONS: Readonly<Record<VllmEmulatorVersion, string>> = Object.freeze({
  '0.10': '0.10.0',
  '0.11': '0.11.2',
  '0.12': '0.12.0',
  '0.13': '0.13.0',
  latest: '0.26.0',
});

/** Everything that differs between vLLM releases, as far as the emulator models it. */
export interface VersionProfile {
  readonly name: VllmEmulatorVersion;
  /** The vLLM version string (`/version`, startup logs). */
  readonly version: string;
  /** Top-level request fields accepted per endpoint; others are ignored silently. */
  readonly fields: RequestFieldSets;
  /** `flat` = `{"object":"error",…}` (≤ v0.10.0); `nested` = `{"error":{…}}` (v0.10.1+, #22099). */
  readonly errorEnvelope: 'flat' | 'nested';
  /**
   * The reasoning field name(s) in `message` / `delta`: `reasoning_content` ≤ 0.11.0; both (the
   * copy is set on every delta, `null` when there is none) 0.11.1 – 0.15 (#27752); `reasoning`
   * ≥ 0.16 (#33402, merged 2026-01-30 after 0.15.0 was out).
   */
  readonly reasoningFields: readonly ('reasoning' | 'reasoning_content')[];
  /** `guided_*` fields: honoured (≤ 0.10), deprecated aliases of `structured_outputs` (0.11), ignored (≥ 0.12). */
  readonly guidedDecoding: 'native' | 'alias' | 'ignored';
  /** `structured_outputs` request field (v0.11.0+, #22772). */
  readonly structuredOutputs: boolean;
  /** Path prefixes `--api-key` guards (`/v1` only before #42594). */
  readonly authPrefixes: readonly string[];
  /** Names of the KV-cache usage gauge(s) (`vllm:gpu_cache_usage_perc` removed in v0.12.0, #29330). */
  readonly kvCacheMetrics: readonly string[];
  /** Names of the inter-token latency histogram(s) (#24110 renamed it). */
  readonly interTokenMetrics: readonly string[];
  /** Non-streaming `message.tool_calls: []` even when empty (until #44105, 2026-06). */
  readonly emptyToolCallsInMessage: boolean;
  /** Explicit `token_ids` / `prompt_token_ids` keys (null unless `return_token_ids`), v0.10.2+. */
  readonly tokenIdsFields: boolean;
  /** HEAD-only response keys: `system_fingerprint` value, `prompt_text`, `routed_experts`, `metrics`, … */
  readonly headResponseFields: boolean;
  /** Wording of the prompt-too-long error. */
  readonly promptTooLongStyle: '0.10' | '0.13' | 'latest';
  /** Pydantic validation error rendering: `list` = repr of the error list, param null; `counted` = HEAD. */
  readonly validationErrorStyle: 'list' | 'counted';
  /** `tool_choice: "required"` / named need `--tool-call-parser` (#30613, ≈ v0.14). */
  readonly toolChoiceRequiresParser: boolean;
  /** `usage.completion_tokens_details.reasoning_tokens` with a reasoning parser (#45802). */
  readonly reasoningTokensDetails: boolean;
  /** At most this many `stop` strings (#51447, `VLLM_MAX_STOP_STRINGS`), or none. */
  readonly maxStopStrings: number | undefined;
  /** Embeddings `normalize` → 400 (#48984). */
  readonly rejectsNormalize: boolean;
  /** `/rerank` `usage` has `prompt_tokens` next to `total_tokens` (#30596, 2025-12-14, in 0.13). */
  readonly rerankPromptTokens: boolean;
  /** Chat content parts the release parses, and how it refuses the others (`chat_utils.py`). */
  readonly contentParts: ContentPartRules;
  /** Engine-core process name in startup logs. */
  readonly engineCoreName: string;
  /** Automatic prefix caching: hash algorithms, block sizes, metric names, usage details. */
  readonly prefixCache: PrefixCacheProfile;
  /** `/v1/audio/transcriptions` and `/translations`. */
  readonly speechToText: SpeechToTextRules;
  /** `/v1/responses`. */
  readonly responses: ResponsesRules;
}

const BASE = {
  errorEnvelope: 'nested',
  structuredOutputs: true,
  authPrefixes: ['/v1'],
  kvCacheMetrics: ['vllm:kv_cache_usage_perc'],
  interTokenMetrics: ['vllm:inter_token_latency_seconds'],
  emptyToolCallsInMessage: true,
  tokenIdsFields: true,
  headResponseFields: false,
  promptTooLongStyle: '0.13',
  validationErrorStyle: 'list',
  toolChoiceRequiresParser: false,
  reasoningTokensDetails: false,
  maxStopStrings: undefined,
  rejectsNormalize: false,
  engineCoreName: 'EngineCore_DP0',
  rerankPromptTokens: false,
  contentParts: CONTENT_PARTS_0_12,
  speechToText: SPEECH_0_12,
  responses: RESPONSES_0_12,
} as const satisfies Partial<VersionProfile>;

const PROFILES: Readonly<Record<VllmEmulatorVersion, VersionProfile>> = {
  '0.10': {
    ...BASE,
    name: '0.10',
    prefixCache: PREFIX_CACHE_0_10,
    version: VLLM_EMULATOR_VERSIONS['0.10'],
    fields: FIELDS_0_10,
    errorEnvelope: 'flat',
    reasoningFields: ['reasoning_content'],
    guidedDecoding: 'native',
    structuredOutputs: false,
    kvCacheMetrics: ['vllm:gpu_cache_usage_perc', 'vllm:kv_cache_usage_perc'],
    interTokenMetrics: ['vllm:time_per_output_token_seconds'],
    tokenIdsFields: false,
    promptTooLongStyle: '0.10',
    engineCoreName: 'EngineCore_0',
    contentParts: CONTENT_PARTS_0_10,
    speechToText: SPEECH_0_10,
    responses: RESPONSES_0_10,
  },
  '0.11': {
    ...BASE,
    name: '0.11',
    prefixCache: PREFIX_CACHE_0_11,
    version: VLLM_EMULATOR_VERSIONS['0.11'],
    fields: FIELDS_0_11,
    // 0.11.0 sent only `reasoning_content`; #27752 (2025-11-08, first in 0.11.1) added `reasoning`
    // and kept `reasoning_content` as a copy. The 0.11 profile is the last 0.11 release, 0.11.2.
    reasoningFields: ['reasoning', 'reasoning_content'],
    guidedDecoding: 'alias',
    contentParts: CONTENT_PARTS_0_11,
    speechToText: SPEECH_0_11,
    responses: RESPONSES_0_11,
    kvCacheMetrics: ['vllm:gpu_cache_usage_perc', 'vllm:kv_cache_usage_perc'],
    interTokenMetrics: ['vllm:time_per_output_token_seconds', 'vllm:inter_token_latency_seconds'],
  },
  '0.12': {
    ...BASE,
    name: '0.12',
    prefixCache: PREFIX_CACHE_0_12,
    version: VLLM_EMULATOR_VERSIONS['0.12'],
    fields: FIELDS_0_12,
    reasoningFields: ['reasoning', 'reasoning_content'],
    guidedDecoding: 'ignored',
  },
  '0.13': {
    ...BASE,
    name: '0.13',
    prefixCache: PREFIX_CACHE_0_13,
    version: VLLM_EMULATOR_VERSIONS['0.13'],
    fields: FIELDS_0_12,
    reasoningFields: ['reasoning', 'reasoning_content'],
    guidedDecoding: 'ignored',
    rerankPromptTokens: true,
  },
  latest: {
    ...BASE,
    name: 'latest',
    prefixCache: PREFIX_CACHE_LATEST,
    version: VLLM_EMULATOR_VERSIONS.latest,
    fields: FIELDS_LATEST,
    reasoningFields: ['reasoning'],
    guidedDecoding: 'ignored',
    authPrefixes: ['/v1', '/v2', '/inference', '/cohere'],
    emptyToolCallsInMessage: false,
    headResponseFields: true,
    promptTooLongStyle: 'latest',
    validationErrorStyle: 'counted',
    toolChoiceRequiresParser: true,
    reasoningTokensDetails: true,
    maxStopStrings: 4,
    rejectsNormalize: true,
    rerankPromptTokens: true,
    engineCoreName: 'EngineCore',
    contentParts: CONTENT_PARTS_LATEST,
    speechToText: SPEECH_LATEST,
    responses: RESPONSES_LATEST,
  },
};

/** The profile for a version key; throws a clear error for unknown keys. */
export function getVersionProfile(version: VllmEmulatorVersion): VersionProfile {
  const profile = PROFILES[version];
  if (profile === undefined) {
    throw new TypeError(
      `Unknown vLLM emulator version '${String(version)}'. Use one of: ${Object.keys(PROFILES).join(', ')}.`,
    );
  }
  return profile;
}
