import { InvalidArgumentError } from '@ai-sdk/provider';
import type { ModelMessage } from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';
import { convertToVllmChatMessages } from '../provider/prompt/convert-to-vllm-chat-messages';
import { VLLM_ENDPOINTS } from './server-endpoints';
import type { ServerRequester, VllmRequestOptions } from './server-requester';
import { toLanguageModelPrompt } from './to-language-model-prompt';

/** What to tokenize: a raw prompt, or chat messages (rendered with the model's chat template). */
export type VllmTokenizeInput = string | readonly ModelMessage[];

/** Options for `tokenize()`, `countTokens()` and `fitsContext()` (body of `POST /tokenize`). */
export interface VllmTokenizeOptions extends VllmRequestOptions {
  /** Whose tokenizer to use: a served model name or LoRA adapter (body `model`). Default: the first served model. */
  model?: string;
  /**
   * Add the tokenizer's special tokens, e.g. BOS (body `add_special_tokens`).
   * vLLM's default: `true` for a prompt, `false` for messages (the chat template adds them).
   */
  addSpecialTokens?: boolean;
  /** Messages only: end with the assistant turn's opening, as generation does (body `add_generation_prompt`). vLLM's default: `true`. */
  addGenerationPrompt?: boolean;
  /** Messages only: keyword arguments for the chat template, e.g. `{ enable_thinking: false }` (body `chat_template_kwargs`). */
  chatTemplateKwargs?: Record<string, unknown>;
  /** Messages only: tool definitions in OpenAI's format, rendered by the chat template (body `tools`). */
  tools?: unknown[];
  /** Also return each token as text (body `return_token_strs`). @default false */
  returnTokenStrings?: boolean;
}

/** Result of `tokenize()`. */
export interface VllmTokenizeResult {
  /** Token ids. */
  tokens: number[];
  /** Number of tokens (`tokens.length`). */
  count: number;
  /** The model's context length in tokens (`--max-model-len`), prompt and output together. */
  maxModelLen: number;
  /** Each token as text, when `returnTokenStrings` was set. */
  tokenStrings?: string[];
}

/** Result of `fitsContext()`. */
export interface VllmContextFit {
  /** Whether `promptTokens + maxOutputTokens ≤ maxModelLen`: vLLM would accept the request. */
  fits: boolean;
  promptTokens: number;
  maxOutputTokens: number;
  maxModelLen: number;
  /** `maxModelLen − promptTokens − maxOutputTokens`; negative by the number of tokens too many. */
  remainingTokens: number;
}

const tokenizeResponseSchema = z.object({
  count: z.number(),
  max_model_len: z.number(),
  tokens: z.array(z.number()),
  token_strs: z.array(z.string()).nullish(),
});

const detokenizeResponseSchema = z.object({ prompt: z.string() });

/** `POST /tokenize` with a prompt (`{prompt}`) or messages (`{messages}`, chat template applied). */
export async function tokenize(
  requester: ServerRequester,
  input: VllmTokenizeInput,
  options: VllmTokenizeOptions = {},
): Promise<VllmTokenizeResult> {
  const { abortSignal, timeoutMs, headers } = options;
  const response = await requester.json(VLLM_ENDPOINTS.tokenize, tokenizeResponseSchema, {
    abortSignal,
    timeoutMs,
    headers,
    body: tokenizeBody(input, options),
  });
  return {
    tokens: response.tokens,
    count: response.count,
    maxModelLen: response.max_model_len,
    ...(response.token_strs != null ? { tokenStrings: response.token_strs } : {}),
  };
}

function tokenizeBody(input: VllmTokenizeInput, options: VllmTokenizeOptions): Record<string, unknown> {
  const common = {
    model: options.model,
    add_special_tokens: options.addSpecialTokens,
    return_token_strs: options.returnTokenStrings,
  };
  if (typeof input === 'string') return { ...common, prompt: input };
  if (!Array.isArray(input)) {
    throw new InvalidArgumentError({
      argument: 'input',
      message: 'tokenize() takes a prompt string or an array of messages ({ role, content }).',
    });
  }
  return {
    ...common,
    messages: convertToVllmChatMessages(toLanguageModelPrompt(input, 'messages')),
    add_generation_prompt: options.addGenerationPrompt,
    chat_template_kwargs: options.chatTemplateKwargs,
    tools: options.tools,
  };
}

/** `POST /detokenize`: token ids back to text. */
export async function detokenize(
  requester: ServerRequester,
  tokens: readonly number[],
  options: Pick<VllmTokenizeOptions, 'model' | 'abortSignal' | 'timeoutMs' | 'headers'> = {},
): Promise<string> {
  if (!Array.isArray(tokens) || !tokens.every((token) => Number.isInteger(token) && token >= 0)) {
    throw new InvalidArgumentError({
      argument: 'tokens',
      message: 'detokenize() takes an array of token ids (non-negative integers), as tokenize() returns.',
    });
  }
  const { abortSignal, timeoutMs, headers, model } = options;
  const { prompt } = await requester.json(VLLM_ENDPOINTS.detokenize, detokenizeResponseSchema, {
    abortSignal,
    timeoutMs,
    headers,
    body: { model, tokens },
  });
  return prompt;
}

/** Whether a prompt plus `maxOutputTokens` fits the model's context, from one `/tokenize` call. */
export async function fitsContext(
  requester: ServerRequester,
  input: VllmTokenizeInput,
  options: VllmTokenizeOptions & { maxOutputTokens: number },
): Promise<VllmContextFit> {
  const { maxOutputTokens } = options;
  if (!Number.isInteger(maxOutputTokens) || maxOutputTokens < 0) {
    throw new InvalidArgumentError({
      argument: 'maxOutputTokens',
      message: `fitsContext() needs maxOutputTokens as a non-negative integer (got ${String(maxOutputTokens)}): the output budget you will request.`,
    });
  }
  const { count, maxModelLen } = await tokenize(requester, input, options);
  const remainingTokens = maxModelLen - count - maxOutputTokens;
  return { fits: remainingTokens >= 0, promptTokens: count, maxOutputTokens, maxModelLen, remainingTokens };
}
