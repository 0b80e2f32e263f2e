import { isHarmonyModel } from '../../provider/version/vllm-responses-support';
import { validateContentParts } from '../content/validate-content-parts';
import type { EmulatorContext } from '../emulator-context';
import { badRequest, modelValidatorError, requestValidationError } from '../http/vllm-error';
import type { ResolvedModel } from '../model-registry';
import { renderChatPrompt, type WireChatMessage } from './chat-template';
import type { Constraint } from './constrained-text';
import { resolveMaxTokens } from './context-length';
import { type Body, checkFieldTypes, requireField } from './field-types';
import { parseSamplingFields, type SamplingFields } from './sampling-params';
import { resolveConstraint } from './structured-request';
import { encode } from './tokenizer';
import { checkToolParser, resolveToolMode, type ToolMode } from './tool-choice';

/** A validated `/v1/chat/completions` request. */
export interface ChatRequest {
  body: Body;
  model: ResolvedModel;
  messages: WireChatMessage[];
  sampling: SamplingFields;
  maxTokens: number;
  promptText: string;
  promptIds: number[];
  seed: number;
  logprobs: boolean;
  topLogprobs: number;
  /** The model thinks (reasoning parser configured and thinking not disabled). */
  thinks: boolean;
  /** Reasoning is returned (`include_reasoning`, default true). */
  includeReasoning: boolean;
  toolMode: ToolMode;
  constraint: Constraint | undefined;
  returnTokensAsTokenIds: boolean;
}

/** Checks the `logprobs` / `top_logprobs` pair and the server's `--max-logprobs`. */
export function checkLogprobCount(ctx: EmulatorContext, requested: number): void {
  const max = ctx.options.maxLogprobs;
  if (max !== -1 && requested > max) {
    throw badRequest(`Requested sample logprobs of ${requested}, which is greater than max allowed: ${max}`);
  }
}

/** Parses and validates a chat request like vLLM (pydantic validators, then serving-time checks). */
export function parseChatRequest(ctx: EmulatorContext, body: Body): ChatRequest {
  const { profile, options } = ctx;
  requireField(profile, body, 'messages');
  checkFieldTypes(profile, body, {
    messages: 'list',
    logprobs: 'bool',
    top_logprobs: 'int',
    max_completion_tokens: 'int',
    tools: 'list',
    include_reasoning: 'bool',
    chat_template_kwargs: 'object',
    echo: 'bool',
  });
  const topLogprobs = (body.top_logprobs as number | null | undefined) ?? 0;
  if (topLogprobs < 0 && topLogprobs !== -1) {
    throw modelValidatorError(
      profile,
      body,
      '`top_logprobs` must be a positive value or -1.',
      'top_logprobs',
    );
  }
  if (topLogprobs !== 0 && body.logprobs !== true) {
    throw modelValidatorError(
      profile,
      body,
      'when using `top_logprobs`, `logprobs` must be set to true.',
      'top_logprobs',
    );
  }
  if (body.continue_final_message === true && body.add_generation_prompt !== false) {
    throw modelValidatorError(
      profile,
      body,
      'Cannot set both `continue_final_message` and `add_generation_prompt` to True.',
    );
  }
  const messages = body.messages as WireChatMessage[];
  if (messages.some((message) => typeof message !== 'object' || message === null)) {
    throw requestValidationError(profile, [
      {
        type: 'model_type',
        loc: ['body', 'messages', 0],
        msg: 'Input should be a valid dictionary',
        input: messages,
      },
    ]);
  }
  const requestedMax = (body.max_completion_tokens ?? body.max_tokens) as number | null | undefined;
  const sampling = parseSamplingFields(profile, body, {
    maxTokensField: requestedMax ?? undefined,
    forceIncludeUsage: options.enableForceIncludeUsage,
  });
  const toolMode = resolveToolMode(profile, body);
  const constraint = resolveConstraint(profile, body);
  if (constraint && (toolMode.kind === 'named' || toolMode.kind === 'required')) {
    throw modelValidatorError(
      profile,
      body,
      'You can only either use constraints for structured outputs or tools, not both.',
    );
  }
  const model = ctx.models.resolve(body.model);
  // gpt-oss runs vLLM's harmony path (known here by name only): `tool_choice: "auto"` needs no tool flags.
  const harmony = isHarmonyModel(ctx.models.modelPath);
  checkToolParser(profile, options, toolMode, harmony);
  if (body.logprobs === true) checkLogprobCount(ctx, topLogprobs);
  validateContentParts(ctx, messages);
  const promptText = renderChatPrompt(messages, {
    // vLLM keeps the tools in the prompt with tool_choice "none" (unless --exclude-tools-when-tool-choice-none).
    tools: body.tools,
    addGenerationPrompt: body.add_generation_prompt !== false,
    continueFinalMessage: body.continue_final_message === true,
  });
  const promptIds = encode(promptText);
  const maxTokens = resolveMaxTokens(profile, options.maxModelLen, promptIds.length, sampling.maxTokens);
  const kwargs = (body.chat_template_kwargs ?? {}) as { enable_thinking?: unknown; thinking?: unknown };
  const thinkingOff = kwargs.enable_thinking === false || kwargs.thinking === false;
  return {
    body,
    model,
    messages,
    sampling,
    maxTokens,
    promptText,
    promptIds,
    seed: sampling.seed ?? options.seed,
    logprobs: body.logprobs === true,
    topLogprobs: topLogprobs === -1 ? 20 : topLogprobs,
    thinks: (options.reasoningParser !== undefined || harmony) && !thinkingOff,
    includeReasoning: body.include_reasoning !== false,
    toolMode,
    constraint,
    returnTokensAsTokenIds: body.return_tokens_as_token_ids === true,
  };
}
