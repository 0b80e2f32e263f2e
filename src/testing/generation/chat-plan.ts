import type { ChatRequest } from './chat-request';
import type { WireChatMessage } from './chat-template';
import { constrainedText, jsonForSchema } from './constrained-text';
import { defaultText, fillerTokens } from './default-text';
import { hashString, Random } from './random';
import type { ReplyFunction } from './reply';
import { sequenceLimits } from './sampling-params';
import { type PlannedToken, runSequence, type SequenceResult } from './sequence';
import { encode, SPECIAL_TOKENS } from './tokenizer';

/** A tool call the model makes. */
export interface PlannedToolCall {
  id: string;
  name: string;
}

/** One generated chat choice. */
export interface ChatChoice {
  result: SequenceResult;
  toolCalls: PlannedToolCall[];
}

function hexId(random: Random): string {
  let out = '';
  for (let index = 0; index < 32; index++) out += random.int(0, 15).toString(16);
  return out;
}

function pushText(
  planned: PlannedToken[],
  text: string,
  kind: PlannedToken['kind'],
  toolIndex?: number,
): void {
  for (const id of encode(text)) planned.push({ id, kind, toolIndex });
}

function decideToolCalls(request: ChatRequest, random: Random): Array<{ name: string; parameters: unknown }> {
  const mode = request.toolMode;
  if (mode.kind === 'none') return [];
  if (mode.kind === 'named') return mode.tools.filter((tool) => tool.name === mode.name).slice(0, 1);
  const last = request.messages[request.messages.length - 1] as WireChatMessage | undefined;
  // `auto`: call a tool unless the conversation just got tool results (so agent loops terminate).
  if (mode.kind === 'auto' && last?.role === 'tool') return [];
  return [random.pick(mode.tools)];
}

/** Plans and runs the sequence of choice `index` of a chat request. */
export function generateChatChoice(
  request: ChatRequest,
  index: number,
  model: string,
  reply?: ReplyFunction,
): ChatChoice {
  const random = new Random(hashString(request.promptText, request.seed) ^ Math.imul(index + 1, 0x9e3779b1));
  const planned: PlannedToken[] = [];
  const scripted = reply?.({
    endpoint: 'chat',
    model,
    messages: request.messages,
    choiceIndex: index,
    seed: request.seed,
  });
  const script = typeof scripted === 'string' ? { content: scripted } : (scripted ?? {});
  if (request.thinks) {
    planned.push({ id: SPECIAL_TOKENS['<think>'], kind: 'control' });
    pushText(planned, script.reasoning ?? defaultText(random, random.int(12, 32)), 'reasoning');
    planned.push({ id: SPECIAL_TOKENS['</think>'], kind: 'control' });
  }
  const toolCalls: PlannedToolCall[] = [];
  const calls = decideToolCalls(request, random);
  const fallback = () => script.content ?? defaultText(random, random.int(16, 48));
  if (calls.length === 0) {
    const content = request.constraint ? constrainedText(request.constraint, random, fallback) : fallback();
    pushText(planned, content, 'content');
  }
  calls.forEach((call, toolIndex) => {
    toolCalls.push({ id: `chatcmpl-tool-${hexId(random)}`, name: call.name });
    planned.push({ id: SPECIAL_TOKENS['<tool_call>'], kind: 'tool-header', toolIndex });
    pushText(planned, jsonForSchema(call.parameters, random), 'tool-args', toolIndex);
    planned.push({ id: SPECIAL_TOKENS['</tool_call>'], kind: 'control' });
  });
  const result = runSequence(
    planned,
    fillerTokens(random),
    sequenceLimits(request.sampling, request.maxTokens),
  );
  return { result, toolCalls };
}
