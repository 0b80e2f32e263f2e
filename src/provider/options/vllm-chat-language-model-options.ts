import { z } from 'zod/v4';
import { REQUEST_FIELD_NAMES, requestOptionFields } from './vllm-request-options';
import { SAMPLING_FIELD_NAMES, samplingOptionFields } from './vllm-sampling-options';
import { guidedAliasFields, structuredOutputsSchema } from './vllm-structured-outputs';

export const chatOnlyFields = {
  /**
   * Return log probabilities of the generated tokens in `providerMetadata.vllm.logprobs`
   * (`[{ token, logprob, bytes, top_logprobs }]`). A number `k` also asks for the `k` most likely
   * alternatives per token (same as `topLogprobs: k`). Body fields `logprobs` (+ `top_logprobs`).
   * Default `false`. vLLM ≥ 0.10; at most the server's `--max-logprobs` (20).
   */
  logprobs: z.union([z.boolean(), z.number().int().min(0)]),

  /**
   * Alternatives per generated token in the logprobs (`-1`: whole vocabulary); needs `logprobs`.
   * Body field `top_logprobs`. Default `0`. vLLM ≥ 0.10.
   */
  topLogprobs: z.number().int().min(-1),

  /**
   * Turn the model's thinking on or off through its chat template: writes both
   * `chat_template_kwargs.enable_thinking` (Qwen3, GLM, Gemma) and `chat_template_kwargs.thinking`
   * (DeepSeek-V3.1, Granite); templates ignore the key they do not use. Default: the template's
   * (usually on). vLLM ≥ 0.10.
   */
  thinking: z.boolean(),

  /**
   * Variables for the chat template, merged over `thinking` (these win) and the server's
   * `--default-chat-template-kwargs`. Body field `chat_template_kwargs`. Default none. vLLM ≥ 0.10.
   */
  chatTemplateKwargs: z.record(z.string(), z.unknown()),

  /**
   * Return the reasoning text (`false` suppresses it; the model still thinks). Body field
   * `include_reasoning`. Default `true`. vLLM ≥ 0.10.1.
   */
  includeReasoning: z.boolean(),

  /**
   * Reasoning effort sent as is (gpt-oss and templates that read it). Prefer the SDK's `reasoning`
   * setting, which is mapped to the nearest value the server accepts. Values a server rejects
   * fail before the request. Body field `reasoning_effort`. vLLM ≥ 0.10.1 (`low|medium|high`),
   * ≥ 0.19 (`none`), ≥ 0.23 (`minimal|xhigh|max`).
   */
  reasoningEffort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']),

  /**
   * A Jinja chat template for this request instead of the model's. The server must run with
   * `--trust-request-chat-template` (otherwise 400). Body field `chat_template`. vLLM ≥ 0.10.
   */
  chatTemplate: z.string().min(1),

  /**
   * Append the assistant header so the model answers (turn off to let it continue the last message).
   * Body field `add_generation_prompt`. Default `true`. vLLM ≥ 0.10.
   */
  addGenerationPrompt: z.boolean(),

  /**
   * Continue the final (assistant) message instead of starting a new one, e.g. to prefill an
   * answer. Cannot be combined with `addGenerationPrompt: true`; when set alone,
   * `add_generation_prompt: false` is sent for you. Body field `continue_final_message`.
   * Default `false`. vLLM ≥ 0.10.
   */
  continueFinalMessage: z.boolean(),

  /**
   * Prepend the last message's content to the output. Body field `echo`. Default `false`. vLLM ≥ 0.10.
   */
  echo: z.boolean(),

  /**
   * Documents for retrieval-augmented templates (Command-R, Granite): `[{ title, text }]`.
   * Body field `documents`. Default none. vLLM ≥ 0.10.
   */
  documents: z.array(z.record(z.string(), z.string())),

  /**
   * Arguments for the multimodal processor (e.g. `{ num_crops: 4 }`). Body field
   * `mm_processor_kwargs`. Default none. vLLM ≥ 0.10.
   */
  mmProcessorKwargs: z.record(z.string(), z.unknown()),

  /**
   * Arguments for loading media per modality (e.g. `{ video: { num_frames: 16 } }`). Body field
   * `media_io_kwargs`. Default none. vLLM ≥ 0.18 (#34778).
   */
  mediaIoKwargs: z.record(z.string(), z.record(z.string(), z.unknown())),

  /**
   * Allow several tool calls in one turn. Body field `parallel_tool_calls`. Default `true`. vLLM ≥ 0.10.
   */
  parallelToolCalls: z.boolean(),

  /**
   * Whether `Output.object` schemas are sent with `json_schema.strict: true`. Body field
   * `response_format.json_schema.strict`. Default `true`.
   */
  strictJsonSchema: z.boolean(),

  /**
   * Tool-call ids in the prompt: `'mistral'` rewrites them to the 9 alphanumeric characters
   * Mistral's tokenizer requires (a stable mapping), `'keep'` sends them as they are. Default:
   * `'mistral'` for Mistral-family model ids (mistral, mixtral, ministral, magistral, devstral,
   * codestral, pixtral, voxtral), else `'keep'`. Affects `messages[].tool_calls[].id` / `tool_call_id`.
   */
  toolCallIdFormat: z.enum(['mistral', 'keep']),
};

/** zod schema of `providerOptions.vllm` for chat models (internal; the type is exported). */
export const vllmChatOptionsSchema = z
  .object({
    ...samplingOptionFields,
    structuredOutputs: structuredOutputsSchema,
    ...guidedAliasFields,
    ...requestOptionFields,
    ...chatOnlyFields,
  })
  .partial();

/** `providerOptions.vllm` for vLLM chat models (`vllm(id)`): every vLLM request knob, camelCase. */
export type VllmLanguageModelChatOptions = z.input<typeof vllmChatOptionsSchema>;

/** Parsed chat options. */
export type ParsedVllmChatOptions = z.output<typeof vllmChatOptionsSchema>;

/** Option → body field for chat options that map 1:1 (checked against the server's version). */
export const CHAT_FIELD_NAMES: Readonly<Record<string, string>> = {
  ...SAMPLING_FIELD_NAMES,
  ...REQUEST_FIELD_NAMES,
  topLogprobs: 'top_logprobs',
  includeReasoning: 'include_reasoning',
  chatTemplate: 'chat_template',
  addGenerationPrompt: 'add_generation_prompt',
  continueFinalMessage: 'continue_final_message',
  echo: 'echo',
  documents: 'documents',
  mmProcessorKwargs: 'mm_processor_kwargs',
  mediaIoKwargs: 'media_io_kwargs',
  parallelToolCalls: 'parallel_tool_calls',
};
