import {
  APICallError,
  type LanguageModelV4,
  type LanguageModelV4GenerateResult,
  type LanguageModelV4Prompt,
} from '@ai-sdk/provider';
import { delay } from '../server/with-deadline';
import { toBatchCallOptions } from './batch-call-options';
import type { BatchProgress } from './batch-progress';
import type { VllmBatchCallSettings, VllmBatchItemResult, VllmBatchUsage } from './batch-types';

/** First retry waits this long, then twice as long each time (as `ai`'s `generateText`). */
const RETRY_INITIAL_DELAY_MS = 2_000;

/** Runs `attempt` with retries for retryable `APICallError`s; stops at once on abort. */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  maxRetries: number,
  abortSignal: AbortSignal | undefined,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      const retryable = APICallError.isInstance(error) && error.isRetryable;
      if (!retryable || retry >= maxRetries || abortSignal?.aborted) throw error;
      await delay(RETRY_INITIAL_DELAY_MS * 2 ** retry, abortSignal);
    }
  }
}

/** One item through the model's `doGenerate` (any `LanguageModelV4`). Never throws. */
export async function generateBatchItem({
  model,
  prompt,
  index,
  settings,
  maxRetries,
  abortSignal,
  progress,
}: {
  model: LanguageModelV4;
  prompt: LanguageModelV4Prompt;
  index: number;
  settings: VllmBatchCallSettings;
  maxRetries: number;
  abortSignal: AbortSignal | undefined;
  progress: BatchProgress;
}): Promise<VllmBatchItemResult> {
  try {
    const result = await withRetries(
      () => Promise.resolve(model.doGenerate(toBatchCallOptions(prompt, settings, abortSignal))),
      maxRetries,
      abortSignal,
    );
    const usage = toBatchUsage(result.usage);
    progress.addUsage(usage);
    return {
      ok: true,
      index,
      text: joinContent(result, 'text') ?? '',
      reasoningText: joinContent(result, 'reasoning'),
      finishReason: result.finishReason.unified,
      usage,
      response: { id: result.response?.id, modelId: result.response?.modelId },
      warnings: result.warnings,
    };
  } catch (error) {
    return { ok: false, index, error, aborted: abortSignal?.aborted === true };
  }
}

function joinContent(result: LanguageModelV4GenerateResult, type: 'text' | 'reasoning'): string | undefined {
  const parts = result.content.filter((part) => part.type === type) as { text: string }[];
  return parts.length > 0 ? parts.map((part) => part.text).join('') : undefined;
}

function toBatchUsage(usage: LanguageModelV4GenerateResult['usage']): VllmBatchUsage {
  const inputTokens = usage.inputTokens.total;
  const outputTokens = usage.outputTokens.total;
  return {
    inputTokens,
    cachedInputTokens: usage.inputTokens.cacheRead,
    outputTokens,
    totalTokens:
      inputTokens !== undefined || outputTokens !== undefined
        ? (inputTokens ?? 0) + (outputTokens ?? 0)
        : undefined,
  };
}
