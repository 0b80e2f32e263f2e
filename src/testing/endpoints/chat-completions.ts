import type { Route, RouteRequest } from '../emulator-server';
import { type ChatChoice, generateChatChoice } from '../generation/chat-plan';
import { parseChatRequest } from '../generation/chat-request';
import { EventStream } from '../http/event-stream';
import { sendError, sendJson } from '../http/respond';
import { chatCompletionBody } from '../render/chat-response';
import { ChatStreamRenderer } from '../render/chat-stream';
import { requestId } from '../render/common';
import type { PromptCacheCounts } from '../render/prompt-tokens-details';
import { cacheJob, multimodalFeatures, outputIds } from './prefix-cache-job';
import { engineDeadError, runGeneration } from './run-generation';

/** A choice whose steps are merged into one (all text in a single delta). */
function mergeSteps(choice: ChatChoice): ChatChoice {
  const { steps } = choice.result;
  const text = steps
    .filter((step) => step.kind === 'content')
    .map((step) => step.text)
    .join('');
  const merged = { ids: steps.flatMap((step) => step.ids), kind: 'content' as const, text, toolIndex: -1 };
  return { ...choice, result: { ...choice.result, steps: [merged] } };
}

async function handleChat(route: RouteRequest): Promise<void> {
  const { ctx, body, response } = route;
  if (ctx.engine.isDead) return sendError(response, ctx.profile, engineDeadError());
  const chat = parseChatRequest(ctx, body);
  const id = `chatcmpl-${requestId(route.record.headers, body)}`;
  const created = Math.floor(Date.now() / 1000);
  const choices = Array.from({ length: chat.sampling.n }, (_, index) =>
    generateChatChoice(chat, index, chat.model.name, ctx.options.reply),
  );
  let cache: PromptCacheCounts | undefined;
  const job = {
    promptTokens: chat.promptIds.length,
    n: chat.sampling.n,
    maxTokens: chat.maxTokens,
    results: choices.map((choice) => choice.result),
    cache: cacheJob(
      ctx,
      'chat',
      body,
      chat.model,
      [{ promptIds: chat.promptIds, outputs: choices.map((choice) => outputIds(choice.result)) }],
      multimodalFeatures(ctx, chat.messages, chat.promptText),
    ),
    onAdmitted: (admission: { cachedTokens: readonly number[]; createdTokens: readonly number[] }) => {
      cache = { cachedTokens: admission.cachedTokens[0], createdTokens: admission.createdTokens[0] };
    },
  };
  if (!chat.sampling.stream) {
    const outcome = await runGeneration(route, job, () => {});
    if (outcome === 'dead') return sendError(response, ctx.profile, engineDeadError());
    if (outcome === 'aborted') return;
    return sendJson(response, 200, chatCompletionBody(ctx, chat, choices, id, created, cache));
  }
  const stream = new EventStream(response, ctx.profile, route.streamFault);
  // Beam search runs in vLLM's frontend and yields once at the end: one chunk per beam.
  const beams = chat.sampling.useBeamSearch;
  const streamed = beams ? choices.map(mergeSteps) : choices;
  const renderer = new ChatStreamRenderer(ctx, chat, streamed, stream, id, created);
  const outcome = await runGeneration(route, job, (step) => {
    if (!beams) renderer.step(step);
  });
  if (beams && outcome === 'finished') renderer.step(0);
  if (outcome === 'dead') return stream.error(engineDeadError());
  if (outcome === 'aborted') return;
  renderer.finish(cache);
  stream.done();
}

/** `POST /v1/chat/completions` (generate runner). */
export function chatCompletionRoutes(): Route[] {
  return [
    { methods: ['POST'], path: '/v1/chat/completions', json: true, fields: 'chat', handle: handleChat },
  ];
}
