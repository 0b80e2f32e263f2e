import type { Route, RouteRequest } from '../emulator-server';
import { generateCompletionChoice } from '../generation/completion-plan';
import { parseCompletionRequest } from '../generation/completion-request';
import { EventStream } from '../http/event-stream';
import { sendError, sendJson } from '../http/respond';
import { requestId, systemFingerprint, usageObject } from '../render/common';
import { type CompletionChoice, completionBody, completionLogprobs } from '../render/completion-render';
import type { PromptCacheCounts } from '../render/prompt-tokens-details';
import { cacheJob, outputIds } from './prefix-cache-job';
import { engineDeadError, runGeneration } from './run-generation';

async function handleCompletions(route: RouteRequest): Promise<void> {
  const { ctx, body, response } = route;
  if (ctx.engine.isDead) return sendError(response, ctx.profile, engineDeadError());
  const completion = parseCompletionRequest(ctx, body);
  const id = `cmpl-${requestId(route.record.headers, body)}`;
  const created = Math.floor(Date.now() / 1000);
  const { n } = completion.sampling;
  const choices: CompletionChoice[] = completion.prompts.flatMap((_, promptIndex) =>
    Array.from({ length: n }, (__, choiceIndex) => ({
      promptIndex,
      result: generateCompletionChoice(completion, promptIndex, choiceIndex, ctx.options.reply),
    })),
  );
  const promptTokens = completion.prompts.reduce((sum, prompt) => sum + prompt.ids.length, 0);
  // vLLM reports one prompt's cached tokens: the last prompt's in a body, the first output's in a stream.
  let cache: PromptCacheCounts | undefined;
  const reported = completion.sampling.stream ? 0 : completion.prompts.length - 1;
  const job = {
    promptTokens,
    n: choices.length,
    maxTokens: completion.maxTokens,
    results: choices.map((c) => c.result),
    cache: cacheJob(
      ctx,
      'completion',
      body,
      completion.model,
      completion.prompts.map((prompt, promptIndex) => ({
        promptIds: prompt.ids,
        outputs: choices
          .filter((choice) => choice.promptIndex === promptIndex)
          .map((choice) => outputIds(choice.result)),
      })),
    ),
    onAdmitted: (admission: { cachedTokens: readonly number[]; createdTokens: readonly number[] }) => {
      cache = {
        cachedTokens: admission.cachedTokens[reported],
        createdTokens: admission.createdTokens[reported],
      };
    },
  };
  if (!completion.sampling.stream) {
    const outcome = await runGeneration(route, job, () => {});
    if (outcome === 'dead') return sendError(response, ctx.profile, engineDeadError());
    if (outcome === 'aborted') return;
    return sendJson(response, 200, completionBody(ctx, completion, choices, id, created, cache));
  }
  const { profile } = ctx;
  const stream = new EventStream(response, profile, route.streamFault);
  const generated = choices.map(() => 0);
  const textLength = choices.map(() => 0);
  const outcome = await runGeneration(route, job, (stepIndex) => {
    choices.forEach((choice, index) => {
      const step = choice.result.steps[stepIndex];
      if (step === undefined) return;
      const last = stepIndex === choice.result.steps.length - 1;
      const prompt = completion.prompts[choice.promptIndex];
      const text = (stepIndex === 0 && completion.echo ? prompt.text : '') + step.text;
      const item: Record<string, unknown> = {
        index,
        text,
        logprobs:
          completion.logprobs !== undefined
            ? completionLogprobs(completion, step.ids, generated[index], textLength[index])
            : null,
        finish_reason: last ? choice.result.finishReason : null,
        stop_reason: last ? choice.result.stopReason : null,
      };
      generated[index] += step.ids.length;
      textLength[index] += text.length;
      if (profile.tokenIdsFields) {
        item.prompt_token_ids = stepIndex === 0 && completion.sampling.returnTokenIds ? prompt.ids : null;
        item.token_ids = completion.sampling.returnTokenIds ? step.ids : null;
      }
      const chunk: Record<string, unknown> = {
        id,
        object: 'text_completion',
        created,
        model: completion.model.name,
        choices: [item],
      };
      if (last && !completion.sampling.includeUsage && profile.headResponseFields) {
        chunk.system_fingerprint = systemFingerprint(ctx);
      }
      if (completion.sampling.continuousUsage) {
        const promptCount = prompt.ids.length;
        chunk.usage = {
          prompt_tokens: promptCount,
          total_tokens: promptCount + generated[index],
          completion_tokens: generated[index],
        };
      }
      stream.send(chunk);
    });
  });
  if (outcome === 'dead') return stream.error(engineDeadError());
  if (outcome === 'aborted') return;
  if (completion.sampling.includeUsage) {
    const completionTokens = generated.reduce((sum, count) => sum + count, 0);
    const chunk: Record<string, unknown> = {
      id,
      object: 'text_completion',
      created,
      model: completion.model.name,
      choices: [],
      usage: usageObject(ctx, promptTokens, completionTokens, 0, false, {
        endpoint: 'completion',
        counts: cache,
      }),
    };
    if (profile.headResponseFields) chunk.system_fingerprint = systemFingerprint(ctx);
    stream.send(chunk);
  }
  stream.done();
}

/** `POST /v1/completions` (generate runner). */
export function completionRoutes(): Route[] {
  return [
    {
      methods: ['POST'],
      path: '/v1/completions',
      json: true,
      fields: 'completion',
      handle: handleCompletions,
    },
  ];
}
