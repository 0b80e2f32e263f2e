import { InvalidArgumentError, type LanguageModelV4Prompt } from '@ai-sdk/provider';
import { toLanguageModelPrompt } from '../server/to-language-model-prompt';
import { generateBatchItem } from './batch-item';
import { BatchProgress } from './batch-progress';
import type { VllmBatchItemResult, VllmBatchResult, VllmGenerateBatchOptions } from './batch-types';
import { generatePromptArrayChunk, VLLM_MAX_COMPLETION_PROMPTS } from './completion-prompt-array';
import { completionModelServer } from './model-connection';
import { preparePromptArrayRequest } from './prompt-array-request';

const DEFAULT_CONCURRENCY = 8;
const DEFAULT_MAX_RETRIES = 2;

/**
 * Generates text for many prompts (or message lists) against one model, `concurrency` requests at a
 * time. Results come back in input order, each `{ ok: true, text, usage }` or `{ ok: false, error }`,
 * so one bad prompt does not sink the batch. Aborting stops queued work and keeps finished results.
 * Edge-safe: it calls the model directly (`doGenerate`), or `/v1/completions` with prompt arrays.
 *
 * @example
 * const { results } = await generateBatch({ model: vllm('Qwen/Qwen3-8B'), prompts, concurrency: 16 });
 */
export async function generateBatch(options: VllmGenerateBatchOptions): Promise<VllmBatchResult> {
  const { model, prompts, messagesList, onProgress } = options;
  const abortSignal = options.abortSignal ?? options.signal;
  const concurrency = positiveInteger(options.concurrency ?? DEFAULT_CONCURRENCY, 'concurrency');
  const maxRetries = nonNegativeInteger(options.maxRetries ?? DEFAULT_MAX_RETRIES, 'maxRetries');
  if (model == null || typeof model.doGenerate !== 'function') {
    throw new InvalidArgumentError({
      argument: 'model',
      message: 'generateBatch() needs a language model, e.g. model: vllm("Qwen/Qwen3-8B").',
    });
  }
  if ((prompts === undefined) === (messagesList === undefined)) {
    throw new InvalidArgumentError({
      argument: 'prompts',
      message: 'generateBatch() takes exactly one of prompts (string[]) and messagesList (ModelMessage[][]).',
    });
  }
  const total = (prompts ?? messagesList ?? []).length;
  const progress = new BatchProgress(total, onProgress);

  // Each unit of work yields the results of one or more inputs.
  const tasks = options.promptArray
    ? await promptArrayTasks(options, abortSignal, maxRetries, progress)
    : itemTasks(options, abortSignal, maxRetries, progress);

  const results: (VllmBatchItemResult | undefined)[] = new Array(total).fill(undefined);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length && !abortSignal?.aborted) {
      const task = tasks[next++];
      const finished = await task();
      for (const result of finished) results[result.index] = result;
      progress.finish(finished);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));

  const complete = results.map(
    (result, index): VllmBatchItemResult =>
      result ?? { ok: false, index, aborted: true, error: abortSignal?.reason ?? new Error('Batch aborted') },
  );
  const succeeded = complete.filter((result) => result.ok).length;
  return {
    results: complete,
    succeeded,
    failed: total - succeeded,
    aborted: abortSignal?.aborted === true && complete.some((result) => !result.ok && result.aborted),
    usage: progress.totalUsage(),
    durationMs: progress.elapsedMs(),
  };
}

type Task = () => Promise<VllmBatchItemResult[]>;

function itemTasks(
  options: VllmGenerateBatchOptions,
  abortSignal: AbortSignal | undefined,
  maxRetries: number,
  progress: BatchProgress,
): Task[] {
  const system = options.system;
  // Convert every input before the first request, so bad input fails fast and names its index.
  const promptsToSend: LanguageModelV4Prompt[] = options.prompts
    ? options.prompts.map((prompt, index) => {
        if (typeof prompt !== 'string') {
          throw new InvalidArgumentError({
            argument: `prompts[${index}]`,
            message: `prompts[${index}] must be a string.`,
          });
        }
        return [
          ...(system !== undefined ? [{ role: 'system' as const, content: system }] : []),
          { role: 'user' as const, content: [{ type: 'text' as const, text: prompt }] },
        ];
      })
    : (options.messagesList ?? []).map((messages, index) => [
        ...(system !== undefined ? [{ role: 'system' as const, content: system }] : []),
        ...toLanguageModelPrompt(messages, `messagesList[${index}]`),
      ]);
  return promptsToSend.map((prompt, index) => async () => [
    await generateBatchItem({
      model: options.model,
      prompt,
      index,
      settings: options,
      maxRetries,
      abortSignal,
      progress,
    }),
  ]);
}

async function promptArrayTasks(
  options: VllmGenerateBatchOptions,
  abortSignal: AbortSignal | undefined,
  maxRetries: number,
  progress: BatchProgress,
): Promise<Task[]> {
  const server = completionModelServer(options.model);
  if (!server || options.prompts === undefined) {
    throw new InvalidArgumentError({
      argument: 'promptArray',
      message:
        'promptArray needs prompts (not messagesList) and a completion model from this package, ' +
        'e.g. model: vllm.completionModel("Qwen/Qwen3-8B"): prompt arrays exist only on /v1/completions.',
    });
  }
  if (options.system !== undefined) {
    throw new InvalidArgumentError({
      argument: 'system',
      message:
        'system cannot be combined with promptArray (raw completion prompts): put it into each prompt.',
    });
  }
  const chunkSize = positiveInteger(
    options.promptArrayChunkSize ?? VLLM_MAX_COMPLETION_PROMPTS,
    'promptArrayChunkSize',
  );
  if (chunkSize > VLLM_MAX_COMPLETION_PROMPTS) {
    throw new InvalidArgumentError({
      argument: 'promptArrayChunkSize',
      message: `promptArrayChunkSize must be at most ${VLLM_MAX_COMPLETION_PROMPTS} (vLLM's VLLM_MAX_COMPLETION_PROMPTS; got ${chunkSize}).`,
    });
  }
  const prompts = options.prompts;
  prompts.forEach((prompt, index) => {
    if (typeof prompt !== 'string') {
      throw new InvalidArgumentError({
        argument: `prompts[${index}]`,
        message: `prompts[${index}] must be a string.`,
      });
    }
  });
  if (prompts.length === 0) return [];
  // Mapped once, with the completion model's own option mapping (bad options throw here, before any request).
  const request = await preparePromptArrayRequest({
    model: options.model,
    server,
    settings: options,
    abortSignal,
  });
  const tasks: Task[] = [];
  for (let start = 0; start < prompts.length; start += chunkSize) {
    const chunk = prompts.slice(start, start + chunkSize);
    tasks.push(() =>
      generatePromptArrayChunk({
        request,
        prompts: chunk,
        firstIndex: start,
        maxRetries,
        abortSignal,
        progress,
      }),
    );
  }
  return tasks;
}

function positiveInteger(value: number, argument: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError({
      argument,
      message: `${argument} must be an integer ≥ 1 (got ${String(value)}).`,
    });
  }
  return value;
}

function nonNegativeInteger(value: number, argument: string): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidArgumentError({
      argument,
      message: `${argument} must be an integer ≥ 0 (got ${String(value)}).`,
    });
  }
  return value;
}
