import { z } from 'zod/v4';
import { requestOptionFields } from './vllm-request-options';
import { samplingOptionFields } from './vllm-sampling-options';

// `providerOptions.vllm` for the speech-to-text models (`/v1/audio/transcriptions`,
// `/v1/audio/translations`). Each option is one multipart form field (named in its doc); options the
// server's release does not read are not sent — the call gets a warning instead (vLLM ignores
// unknown form fields with HTTP 200). "Default" is vLLM's when the option is not set. Options the
// chat model also has reuse its schemas (same validation); their docs here give the audio releases.

export const vllmTranscriptionModelOptionsSchema = z
  .object({
    /**
     * The spoken language, ISO-639-1 (`en`, `de`, `ja` …). Form field `language`. Default: Whisper
     * detects it (vLLM ≥ 0.17; older releases assume `en`). Speeds up and steadies the result.
     */
    language: z.string().min(2),

    /**
     * Text to condition the model on (vocabulary, spelling, the previous segment), in the audio's
     * language. Form field `prompt`. Default none.
     */
    prompt: z.string(),

    /**
     * `json` (text only) or `verbose_json` (text plus `segments` with timestamps, `language`,
     * `duration`; Whisper-family models, vLLM ≥ 0.12). Form field `response_format`. Default `json`,
     * or `verbose_json` when the call asks for `timestampGranularities: ['segment']`.
     */
    responseFormat: z.enum(['json', 'verbose_json']),

    /**
     * Sampling temperature (0 = greedy; vLLM's default). Form field `temperature`. Default `0`.
     */
    temperature: z.number().min(0).max(2),

    /** Nucleus sampling (0–1]. Form field `top_p`. Translations: vLLM ≥ 0.27. */
    topP: z.number().gt(0).max(1),
    /** Sample from the k most likely tokens (0 = all). Form field `top_k`. Translations: vLLM ≥ 0.27. */
    topK: samplingOptionFields.topK,
    /** Minimum probability relative to the top token (0–1). Form field `min_p`. Translations: vLLM ≥ 0.27. */
    minP: samplingOptionFields.minP,
    /** Sampling seed. Form field `seed`. Translations: vLLM ≥ 0.10.2. */
    seed: z.number().int(),
    /** Frequency penalty (-2–2). Form field `frequency_penalty`. Translations: vLLM ≥ 0.27. */
    frequencyPenalty: z.number().min(-2).max(2),
    /** Presence penalty (-2–2). Form field `presence_penalty`. Translations: vLLM ≥ 0.27. */
    presencePenalty: z.number().min(-2).max(2),
    /** Repetition penalty (> 0; 1 = off). Form field `repetition_penalty`. Translations: vLLM ≥ 0.27. */
    repetitionPenalty: samplingOptionFields.repetitionPenalty,
    /** Most tokens to generate per 30 s chunk. Form field `max_completion_tokens`. vLLM ≥ 0.14. */
    maxCompletionTokens: z.number().int().min(1),

    /**
     * Output language where the model supports it (Gemma 3n, Voxtral …; Whisper ignores it). Form field
     * `to_language`. vLLM ≥ 0.10.2.
     */
    toLanguage: z.string().min(2),

    /** Words or phrases the model should favour (FunASR). Form field `hotwords`. vLLM ≥ 0.20. */
    hotwords: z.string(),

    /** Beam search instead of sampling. Form field `use_beam_search`. vLLM ≥ 0.18. Not with streaming. */
    useBeamSearch: samplingOptionFields.useBeamSearch,
    /** Beam width with `useBeamSearch`. Form field `n`. Default 1. vLLM ≥ 0.18. */
    beamWidth: z.number().int().min(1),
    /** Beam search length penalty. Form field `length_penalty`. Default 1. vLLM ≥ 0.18. */
    lengthPenalty: samplingOptionFields.lengthPenalty,

    /**
     * Extra arguments for custom vLLM extensions (`SamplingParams.extra_args`). Form field `vllm_xargs`
     * (sent as JSON). Translations: vLLM ≥ 0.27.
     */
    vllmXargs: requestOptionFields.vllmXargs,

    /** More form fields, sent as given (strings), for vLLM fields this package does not model yet. */
    extraFields: z.record(z.string(), z.string()),
  })
  .partial();

/** Typed `providerOptions.vllm` for vLLM transcription and translation models. */
export type VllmTranscriptionModelOptions = z.infer<typeof vllmTranscriptionModelOptionsSchema>;

/** Option → form field (options not listed here are handled by the model). */
export const TRANSCRIPTION_FORM_FIELDS = {
  language: 'language',
  prompt: 'prompt',
  temperature: 'temperature',
  topP: 'top_p',
  topK: 'top_k',
  minP: 'min_p',
  seed: 'seed',
  frequencyPenalty: 'frequency_penalty',
  presencePenalty: 'presence_penalty',
  repetitionPenalty: 'repetition_penalty',
  maxCompletionTokens: 'max_completion_tokens',
  toLanguage: 'to_language',
  hotwords: 'hotwords',
  useBeamSearch: 'use_beam_search',
  beamWidth: 'n',
  lengthPenalty: 'length_penalty',
  vllmXargs: 'vllm_xargs',
} as const satisfies Partial<Record<keyof VllmTranscriptionModelOptions, string>>;
