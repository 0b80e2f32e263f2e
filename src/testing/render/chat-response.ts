import type { EmulatorContext } from '../emulator-context';
import type { ChatChoice } from '../generation/chat-plan';
import type { ChatRequest } from '../generation/chat-request';
import { promptLogprobs } from '../generation/logprobs';
import { chatLogprobEntries, chatMessage, finishReasonOf } from './chat-message';
import { systemFingerprint, usageObject } from './common';
import type { PromptCacheCounts } from './prompt-tokens-details';

/** The non-streaming `chat.completion` body, in the profile's exact shape. */
export function chatCompletionBody(
  ctx: EmulatorContext,
  request: ChatRequest,
  choices: readonly ChatChoice[],
  id: string,
  created: number,
  cache?: PromptCacheCounts,
): Record<string, unknown> {
  const { profile } = ctx;
  let completionTokens = 0;
  let reasoningTokens = 0;
  const renderedChoices = choices.map((choice, index) => {
    const ids = choice.result.steps.flatMap((step) => step.ids);
    completionTokens += ids.length;
    reasoningTokens += choice.result.steps.filter((step) => step.kind === 'reasoning').length;
    const rendered: Record<string, unknown> = {
      index,
      message: chatMessage(profile, request, choice),
      logprobs: request.logprobs ? { content: chatLogprobEntries(request, ids, 0) } : null,
      finish_reason: finishReasonOf(request, choice),
      stop_reason: choice.result.stopReason,
    };
    if (profile.tokenIdsFields) rendered.token_ids = request.sampling.returnTokenIds ? ids : null;
    if (profile.headResponseFields) rendered.routed_experts = null;
    return rendered;
  });
  const body: Record<string, unknown> = {
    id,
    object: 'chat.completion',
    created,
    model: request.model.name,
    choices: renderedChoices,
    service_tier: null,
    system_fingerprint: systemFingerprint(ctx),
    usage: usageObject(ctx, request.promptIds.length, completionTokens, reasoningTokens, true, {
      endpoint: 'chat',
      counts: cache,
    }),
    prompt_logprobs:
      request.sampling.promptLogprobs === undefined
        ? null
        : promptLogprobs(request.seed, request.promptIds, request.sampling.promptLogprobs),
  };
  if (profile.tokenIdsFields)
    body.prompt_token_ids = request.sampling.returnTokenIds ? request.promptIds : null;
  if (profile.headResponseFields) body.prompt_text = null;
  body.kv_transfer_params = null;
  if (profile.headResponseFields) {
    body.ec_transfer_params = null;
    body.metrics = null;
  }
  return body;
}
