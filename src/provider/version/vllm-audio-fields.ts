import { formatVersionOrdinal, type VllmVersionOrdinal, versionOrdinal } from './vllm-request-fields';

// The form fields of vLLM's speech-to-text endpoints per release, read from `TranscriptionRequest` /
// `TranslationRequest` (vllm/entrypoints/openai/protocol.py at the v0.10.0 tag and on main at each
// release's cut; since #42370 vllm/entrypoints/speech_to_text/{transcription,translation}/protocol.py).
// Both endpoints ignore unknown form fields (HTTP 200), like the JSON endpoints.

/** The two speech-to-text endpoints. */
export type VllmAudioEndpoint = 'transcription' | 'translation';

const V = versionOrdinal;

/** Fields v0.10.0 accepted (both still do). */
// biome-ignore format: data table
const BASE: Record<VllmAudioEndpoint, ReadonlySet<string>> = {
  transcription: new Set([
    'file', 'model', 'language', 'prompt', 'response_format', 'timestamp_granularities[]', 'stream',
    'stream_include_usage', 'stream_continuous_usage_stats', 'vllm_xargs', 'temperature', 'top_p',
    'top_k', 'min_p', 'seed', 'frequency_penalty', 'repetition_penalty', 'presence_penalty',
  ]),
  translation: new Set([
    'file', 'model', 'prompt', 'response_format', 'temperature', 'language', 'stream',
    'stream_include_usage', 'stream_continuous_usage_stats',
  ]),
};

/** First release with a field (merge date; later release where a merge sat near a cut). */
const SINCE: Record<VllmAudioEndpoint, Readonly<Record<string, VllmVersionOrdinal>>> = {
  transcription: {
    to_language: V(0, 10, 2), // #23735, 2025-09-01
    max_completion_tokens: V(0, 14), // #30769, 2025-12-16
    use_beam_search: V(0, 18), // #36160, 2026-03-08
    n: V(0, 18),
    length_penalty: V(0, 18),
    include_stop_str_in_output: V(0, 18),
    hotwords: V(0, 20), // #39674, 2026-04-22
  },
  translation: {
    seed: V(0, 10, 2), // #23735
    to_language: V(0, 10, 2),
    max_completion_tokens: V(0, 14),
    use_beam_search: V(0, 18),
    n: V(0, 18),
    length_penalty: V(0, 18),
    include_stop_str_in_output: V(0, 18),
    hotwords: V(0, 20),
    top_p: V(0, 27), // #45839, 2026-07-21 (five days before the inferred 0.26 cut)
    top_k: V(0, 27),
    min_p: V(0, 27),
    frequency_penalty: V(0, 27),
    repetition_penalty: V(0, 27),
    presence_penalty: V(0, 27),
    vllm_xargs: V(0, 27),
  },
};

/**
 * `response_format: verbose_json` (segments with timestamps, language, duration), Whisper-family
 * models only: #24209, 2025-12-02, in the v0.12.0 branch. Before, only `json` and `text`.
 */
export const VERBOSE_JSON_SINCE: VllmVersionOrdinal = V(0, 12);

/** Whether vLLM at `ordinal` reads the form field on `endpoint`. */
export function acceptsAudioField(
  ordinal: VllmVersionOrdinal,
  field: string,
  endpoint: VllmAudioEndpoint,
): boolean {
  if (BASE[endpoint].has(field)) return true;
  const since = SINCE[endpoint][field];
  return since !== undefined && ordinal >= since;
}

/** Whether every release from v0.10.0 on reads the field (no version needed). */
export function isUniversalAudioField(field: string, endpoint: VllmAudioEndpoint): boolean {
  return BASE[endpoint].has(field);
}

/** The releases that read a field, for messages: `vLLM ≥ 0.14`. */
export function describeAudioFieldAvailability(field: string, endpoint: VllmAudioEndpoint): string {
  const since = SINCE[endpoint][field];
  if (since !== undefined) return `vLLM ≥ ${formatVersionOrdinal(since)}`;
  return BASE[endpoint].has(field) ? 'every vLLM release' : `no vLLM release (on /v1/audio/${endpoint}s)`;
}
