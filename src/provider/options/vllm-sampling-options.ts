import { z } from 'zod/v4';

// Sampling options shared by the chat and completion models (`providerOptions.vllm`). Each lands
// in the request body field named in its doc; "default" is vLLM's when the option is not set (for
// sampling values: the model's generation_config.json, else vLLM's neutral value). Options a
// server version does not know are not sent: the call gets a warning instead.

const int = () => z.number().int();
const finite = () => z.number().refine(Number.isFinite, 'expected a finite number');

export const samplingOptionFields = {
  /**
   * Sample only from the `k` most likely tokens. `0` (or `-1`) considers all tokens.
   * Takes precedence over the SDK's `topK` setting, which is sent the same way.
   * Body field `top_k`. Default: model generation config, else all tokens. vLLM ≥ 0.10.
   */
  topK: int().min(-1),

  /**
   * Drop tokens whose probability is below `minP` × the top token's probability (0–1).
   * Body field `min_p`. Default: generation config, else `0` (off). vLLM ≥ 0.10.
   */
  minP: z.number().min(0).max(1),

  /**
   * Penalize tokens already in the prompt or output: `> 1` discourages, `< 1` encourages repeats.
   * Must be > 0. Body field `repetition_penalty`. Default: generation config, else `1`. vLLM ≥ 0.10.
   */
  repetitionPenalty: finite().gt(0),

  /**
   * Beam search only: exponent applied to the sequence length when ranking beams (`> 1` favours
   * longer beams). Body field `length_penalty`. Default `1`. vLLM ≥ 0.10.
   */
  lengthPenalty: finite(),

  /**
   * Generate at least this many tokens before EOS or stop token ids may end the output.
   * Body field `min_tokens`. Default `0`. vLLM ≥ 0.10.
   */
  minTokens: int().min(0),

  /**
   * Keep generating after the EOS token (benchmarks). Body field `ignore_eos`. Default `false`.
   * vLLM ≥ 0.10.
   */
  ignoreEos: z.boolean(),

  /**
   * Token ids that end generation (like stop strings, by id). Body field `stop_token_ids`.
   * Default none. vLLM ≥ 0.10.
   */
  stopTokenIds: z.array(int()),

  /**
   * Keep the matched stop string at the end of the output. Body field `include_stop_str_in_output`.
   * Default `false`. vLLM ≥ 0.10.
   */
  includeStopStrInOutput: z.boolean(),

  /**
   * Drop special tokens (`<|im_end|>` …) from the output text. Body field `skip_special_tokens`.
   * Default `true`. vLLM ≥ 0.10.
   */
  skipSpecialTokens: z.boolean(),

  /**
   * Put spaces between special tokens when detokenizing. Body field
   * `spaces_between_special_tokens`. Default `true`. vLLM ≥ 0.10.
   */
  spacesBetweenSpecialTokens: z.boolean(),

  /**
   * Truncate the prompt to this many tokens (`-1`: to the model's maximum length) instead of
   * failing when it is too long. Body field `truncate_prompt_tokens`. Default none. vLLM ≥ 0.10
   * (`-1` needs a release after 0.10).
   */
  truncatePromptTokens: int().min(-1),

  /**
   * Which end of the prompt `truncatePromptTokens` keeps: `left` keeps the last tokens, `right` the
   * first. Body field `truncation_side`. Default: the tokenizer's. vLLM ≥ 0.23.
   */
  truncationSide: z.enum(['left', 'right']),

  /**
   * Restrict generation to these token ids. Body field `allowed_token_ids`. Default: all tokens.
   * vLLM ≥ 0.10.
   */
  allowedTokenIds: z.array(int()).min(1, 'expected at least one token id (vLLM rejects an empty list)'),

  /**
   * Words (strings) the model must not generate. Body field `bad_words`. Default none.
   * vLLM ≥ 0.10 (chat), ≥ 0.26 (completion).
   */
  badWords: z.array(z.string().min(1, 'bad words cannot be empty strings')),

  /**
   * Bias added to the logits of token ids, keyed by token id (`{"50256": -100}`).
   * Body field `logit_bias`. Default none. vLLM ≥ 0.10.
   */
  logitBias: z
    .record(z.string(), finite())
    .refine(
      (bias) => Object.keys(bias).every((key) => /^\d+$/.test(key)),
      'keys must be token ids such as "50256"',
    ),

  /**
   * Stop early when an n-gram of `minPatternSize`–`maxPatternSize` tokens repeats `minCount`
   * times in a row (finish reason `repetition`). Body field `repetition_detection`
   * (`max_pattern_size`, `min_pattern_size`, `min_count`). Default off. vLLM ≥ 0.17.
   */
  repetitionDetection: z
    .object({
      /** Longest pattern (in tokens) to look for; `0` disables detection. */
      maxPatternSize: int().min(0),
      /** Shortest pattern to look for (`0` means 1). Must be ≤ `maxPatternSize`. @default 0 */
      minPatternSize: int().min(0).optional(),
      /** Repetitions that trigger the stop; at least 2 when detection is on. */
      minCount: int().min(0),
    })
    .refine((value) => (value.minPatternSize ?? 0) <= value.maxPatternSize, {
      message: 'minPatternSize must be ≤ maxPatternSize',
      path: ['minPatternSize'],
    })
    .refine((value) => value.maxPatternSize === 0 || value.minCount >= 2, {
      message: 'minCount must be ≥ 2 when maxPatternSize > 0',
      path: ['minCount'],
    }),

  /**
   * Send a stream chunk every `streamInterval` tokens instead of every token: fewer, larger
   * chunks and less overhead per token. Body field `stream_interval`. Default: the server's
   * `--stream-interval` (1). vLLM ≥ 0.27 (merged after 0.26).
   */
  streamInterval: int().min(1),

  /**
   * Number of choices to generate (all are returned in `providerMetadata.vllm.choices`; the
   * SDK's text is choice 0). With beam search: the beam width. Body field `n`. Default `1`.
   * vLLM ≥ 0.10.
   */
  n: int().min(1).max(16384),

  /**
   * Generate `bestOf` candidates and return the best `n`. Removed in vLLM 0.12 (it only worked on
   * the V0 engine): newer servers get a warning and the field is not sent. Body field `best_of`.
   */
  bestOf: int().min(1),

  /**
   * Use beam search instead of sampling; `n` (or `beamWidth`) is the beam width and every beam is
   * returned in `providerMetadata.vllm.choices`. Output arrives at the end (also when streaming).
   * Body field `use_beam_search`. Default `false`. vLLM ≥ 0.10.
   */
  useBeamSearch: z.boolean(),

  /**
   * Beam width: turns on beam search (`use_beam_search: true`) and is sent as `n`.
   * Body field `n`. vLLM ≥ 0.10.
   */
  beamWidth: int().min(1).max(16384),
};

/** Option → body field for the sampling options that map 1:1. */
export const SAMPLING_FIELD_NAMES = {
  topK: 'top_k',
  minP: 'min_p',
  repetitionPenalty: 'repetition_penalty',
  lengthPenalty: 'length_penalty',
  minTokens: 'min_tokens',
  ignoreEos: 'ignore_eos',
  stopTokenIds: 'stop_token_ids',
  includeStopStrInOutput: 'include_stop_str_in_output',
  skipSpecialTokens: 'skip_special_tokens',
  spacesBetweenSpecialTokens: 'spaces_between_special_tokens',
  truncatePromptTokens: 'truncate_prompt_tokens',
  truncationSide: 'truncation_side',
  allowedTokenIds: 'allowed_token_ids',
  badWords: 'bad_words',
  logitBias: 'logit_bias',
  streamInterval: 'stream_interval',
  useBeamSearch: 'use_beam_search',
} as const;
