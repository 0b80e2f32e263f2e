import type { ChatChoice } from '../generation/chat-plan';
import type { ChatRequest } from '../generation/chat-request';
import { contentText } from '../generation/chat-template';
import { logprobToken, tokenLogprobs } from '../generation/logprobs';
import type { Step } from '../generation/sequence';
import { tokenBytes } from '../generation/tokenizer';
import type { VersionProfile } from '../version-profiles';

/** Adds the profile's reasoning field(s) to a message or delta object. */
export function withReasoning(
  profile: VersionProfile,
  target: Record<string, unknown>,
  reasoning: string | null,
): Record<string, unknown> {
  for (const field of profile.reasoningFields) target[field] = reasoning;
  return target;
}

/** Chat logprobs entries (`{token, logprob, bytes, top_logprobs}`) for the given token ids. */
export function chatLogprobEntries(
  request: ChatRequest,
  ids: readonly number[],
  firstPosition: number,
): unknown[] {
  return ids.map((id, offset) => {
    const list = tokenLogprobs(request.seed, firstPosition + offset, id, Math.max(1, request.topLogprobs));
    const entry = (item: { id: number; logprob: number }) => ({
      token: logprobToken(item.id, request.returnTokensAsTokenIds),
      logprob: item.logprob,
      bytes: tokenBytes(item.id),
    });
    return { ...entry(list[0]), top_logprobs: request.topLogprobs > 0 ? list.map(entry) : [] };
  });
}

/** Whether tool calls end the choice with `finish_reason: "tool_calls"` (auto/required, not named). */
export function finishReasonOf(request: ChatRequest, choice: ChatChoice): string {
  const { finishReason } = choice.result;
  const toolMode = request.toolMode.kind;
  if (
    choice.toolCalls.length > 0 &&
    finishReason === 'stop' &&
    (toolMode === 'auto' || toolMode === 'required')
  ) {
    return 'tool_calls';
  }
  return finishReason;
}

/** Joins the text of the steps of one kind. */
export function textOf(steps: readonly Step[], kind: Step['kind'], toolIndex = -1): string {
  let text = '';
  for (const step of steps)
    if (step.kind === kind && (toolIndex === -1 || step.toolIndex === toolIndex)) text += step.text;
  return text;
}

/** The non-streaming `message` of a choice, in the profile's shape. */
export function chatMessage(
  profile: VersionProfile,
  request: ChatRequest,
  choice: ChatChoice,
): Record<string, unknown> {
  const { steps } = choice.result;
  const last = request.messages[request.messages.length - 1];
  const echoed = request.body.echo === true && last?.role === 'assistant' ? contentText(last.content) : '';
  const content = echoed + textOf(steps, 'content');
  const hasContentSteps = steps.some((step) => step.kind === 'content');
  const toolCalls = choice.toolCalls.map((call, index) => ({
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: textOf(steps, 'tool-args', index) },
  }));
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: hasContentSteps || (!request.thinks && toolCalls.length === 0) ? content : null,
    refusal: null,
    annotations: null,
    audio: null,
    function_call: null,
  };
  if (toolCalls.length > 0 || profile.emptyToolCallsInMessage) message.tool_calls = toolCalls;
  const reasoning = request.thinks && request.includeReasoning ? textOf(steps, 'reasoning') : null;
  return withReasoning(profile, message, reasoning);
}
