import { z } from 'zod/v4';
import { chatOnlyFields } from './vllm-chat-language-model-options';
import { requestOptionFields } from './vllm-request-options';
import { samplingOptionFields } from './vllm-sampling-options';

// `providerOptions.vllm` for the Responses model (`vllm.responses(id)`, `POST /v1/responses`). Each
// option is one body field (named in its doc); options the server's release does not read are not
// sent, with a warning (vLLM ignores unknown fields with HTTP 200). Options the chat model also has
// reuse its schemas (same validation); their docs here give the Responses endpoint's releases.

export const vllmResponsesModelOptionsSchema = z
  .object({
    /**
     * Ask vLLM to keep the response for `previousResponseId` / `GET /v1/responses/{id}`. vLLM keeps
     * nothing unless the server runs with `VLLM_ENABLE_RESPONSES_API_STORE=1` (and then never frees
     * it). Body field `store`. Default `false` (the provider then sends the whole conversation).
     */
    store: z.boolean(),
    /**
     * Continue a stored response (server with `VLLM_ENABLE_RESPONSES_API_STORE=1`, call with
     * `store: true`). Body field `previous_response_id`. Default none.
     */
    previousResponseId: z.string().min(1),
    /** A system-level instruction in addition to the messages. Body field `instructions`. */
    instructions: z.string(),
    /** Let the model call several tools in one turn. Body field `parallel_tool_calls`. Default `true`. */
    parallelToolCalls: z.boolean(),
    /** Most built-in tool calls in one response (gpt-oss). Body field `max_tool_calls`. */
    maxToolCalls: z.number().int().min(1),
    /** An end-user id (vLLM ignores it). Body field `user`. */
    user: requestOptionFields.user,
    /** Key–value metadata echoed in the response. Body field `metadata`. */
    metadata: z.record(z.string(), z.string()),
    /** Whether JSON schemas (`Output.object`) are marked strict. Body `text.format.strict`. Default `true`. */
    strictJsonSchema: z.boolean(),
    /**
     * Send reasoning back in the output (`false`: still generated, not returned). Body field
     * `include_reasoning`. Default `true`. vLLM ≥ 0.26.
     */
    includeReasoning: z.boolean(),
    /** Sample from the k most likely tokens. Body field `top_k` (also the SDK's `topK`). vLLM ≥ 0.13. */
    topK: samplingOptionFields.topK,
    /** Repetition penalty (> 0; 1 = off). Body field `repetition_penalty`. vLLM ≥ 0.16. */
    repetitionPenalty: samplingOptionFields.repetitionPenalty,
    /** Keep generating after EOS. Body field `ignore_eos`. vLLM ≥ 0.16. */
    ignoreEos: samplingOptionFields.ignoreEos,
    /** Keep special tokens out of the text. Body field `skip_special_tokens`. Default `true`. vLLM ≥ 0.14. */
    skipSpecialTokens: samplingOptionFields.skipSpecialTokens,
    /** Keep the matched stop string in the text. Body field `include_stop_str_in_output`. vLLM ≥ 0.15. */
    includeStopStrInOutput: samplingOptionFields.includeStopStrInOutput,
    /** Token id → bias (-100–100). Body field `logit_bias`. vLLM ≥ 0.13. */
    logitBias: samplingOptionFields.logitBias.refine(
      (bias) => Object.values(bias).every((value) => value >= -100 && value <= 100),
      'biases must be between -100 and 100',
    ),
    /** Chat-template variables (e.g. `{ enable_thinking: false }`). Body field `chat_template_kwargs`. vLLM ≥ 0.22. */
    chatTemplateKwargs: chatOnlyFields.chatTemplateKwargs,
    /** Arguments for the model's multimodal processor (e.g. `max_pixels`). Body field `mm_processor_kwargs`. */
    mmProcessorKwargs: chatOnlyFields.mmProcessorKwargs,
    /** Media loader arguments per modality. Body field `media_io_kwargs`. vLLM ≥ 0.18. */
    mediaIoKwargs: chatOnlyFields.mediaIoKwargs,
    /** Scheduling priority (lower first; server with `--scheduling-policy priority`). Body field `priority`. */
    priority: requestOptionFields.priority,
    /** Salt for the prefix cache (isolates tenants). Body field `cache_salt`. */
    cacheSalt: requestOptionFields.cacheSalt,
    /** Extra arguments for custom extensions (`SamplingParams.extra_args`). Body field `vllm_xargs`. vLLM ≥ 0.16. */
    vllmXargs: requestOptionFields.vllmXargs,
    /**
     * Return the raw input/output messages (gpt-oss Harmony) as `input_messages` / `output_messages`.
     * Body field `enable_response_messages`. vLLM ≥ 0.11.
     */
    enableResponseMessages: z.boolean(),
    /** Extra body fields merged last, for vLLM fields this package does not model yet. */
    extraBody: z.record(z.string(), z.unknown()),
  })
  .partial();

/** Typed `providerOptions.vllm` for the vLLM Responses model. */
export type VllmResponsesModelOptions = z.infer<typeof vllmResponsesModelOptionsSchema>;

/** Options that are plain body fields (option → field). */
export const RESPONSES_BODY_FIELDS = {
  includeReasoning: 'include_reasoning',
  topK: 'top_k',
  repetitionPenalty: 'repetition_penalty',
  ignoreEos: 'ignore_eos',
  skipSpecialTokens: 'skip_special_tokens',
  includeStopStrInOutput: 'include_stop_str_in_output',
  logitBias: 'logit_bias',
  chatTemplateKwargs: 'chat_template_kwargs',
  mmProcessorKwargs: 'mm_processor_kwargs',
  mediaIoKwargs: 'media_io_kwargs',
  priority: 'priority',
  cacheSalt: 'cache_salt',
  vllmXargs: 'vllm_xargs',
  enableResponseMessages: 'enable_response_messages',
} as const satisfies Partial<Record<keyof VllmResponsesModelOptions, string>>;

/** Options handed to `@ai-sdk/openai`'s Responses model (as `providerOptions.openai`). */
export const RESPONSES_OPENAI_OPTIONS = [
  'store',
  'previousResponseId',
  'instructions',
  'parallelToolCalls',
  'maxToolCalls',
  'user',
  'metadata',
  'strictJsonSchema',
] as const satisfies readonly (keyof VllmResponsesModelOptions)[];
