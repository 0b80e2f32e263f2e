import { APICallError } from '@ai-sdk/provider';
import { z } from 'zod/v4';
import { mapVllmFinishReason, vllmUsageSchema } from '../provider/models/vllm-usage';
import { VLLM_ENDPOINTS } from '../server/server-endpoints';
import { createServerRequester, parseAnswer } from '../server/server-request';
import { withRetries } from './batch-item';
import type { BatchProgress } from './batch-progress';
import type { VllmBatchItemResult, VllmBatchUsage } from './batch-types';
import type { PromptArrayRequest } from './prompt-array-request';

/** vLLM's `VLLM_MAX_COMPLETION_PROMPTS`: prompts per `/v1/completions` request (PROTOCOL.md §1.3). */
export const VLLM_MAX_COMPLETION_PROMPTS = 1024;

const completionResponseSchema = z.object({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z.array(
    z.object({ index: z.number(), text: z.string().nullish(), finish_reason: z.string().nullish() }),
  ),
  usage: vllmUsageSchema,
});

/** Everything one prompt-array request needs. */
export interface PromptArrayChunk {
  request: PromptArrayRequest;
  prompts: readonly string[];
  /** Input index of `prompts[0]`. */
  firstIndex: number;
  maxRetries: number;
  abortSignal: AbortSignal | undefined;
  progress: BatchProgress;
}

/** Statuses one bad prompt can cause; any other 4xx is the same for every prompt of the chunk. */
const PER_PROMPT_STATUSES: ReadonlySet<number> = new Set([400, 413, 422]);

/**
 * Sends `prompts` as one `POST /v1/completions` with `prompt: [...]` (raw prompts, no chat
 * template) and maps `choices[i]` back to the inputs. If vLLM rejects the chunk for what one prompt
 * can cause (400/413/422: a prompt too long, say), each prompt is sent alone so only the bad ones
 * fail; an error of the whole request (401, 404 unknown model or route …) fails the chunk at once.
 * Never throws.
 */
export async function generatePromptArrayChunk(chunk: PromptArrayChunk): Promise<VllmBatchItemResult[]> {
  try {
    return await sendChunk(chunk);
  } catch (error) {
    const perPrompt = APICallError.isInstance(error) && PER_PROMPT_STATUSES.has(error.statusCode ?? 0);
    if (chunk.prompts.length > 1 && perPrompt && !chunk.abortSignal?.aborted) {
      const results: VllmBatchItemResult[] = [];
      for (const [offset, prompt] of chunk.prompts.entries()) {
        results.push(
          ...(await generatePromptArrayChunk({
            ...chunk,
            prompts: [prompt],
            firstIndex: chunk.firstIndex + offset,
          })),
        );
      }
      return results;
    }
    return chunk.prompts.map((_, offset) => ({
      ok: false as const,
      index: chunk.firstIndex + offset,
      error,
      aborted: chunk.abortSignal?.aborted === true,
    }));
  }
}

async function sendChunk(chunk: PromptArrayChunk): Promise<VllmBatchItemResult[]> {
  const { request } = chunk;
  // `fields.model` (a LoRA adapter from providerOptions) wins over the model id, as in the model.
  const body = { model: request.modelId, prompt: chunk.prompts, ...request.fields };
  // No default time limit, as for single requests: a large chunk takes as long as it takes.
  const requester = createServerRequester(request.connection, 0);
  const answer = await withRetries(
    () =>
      requester.send(VLLM_ENDPOINTS.completions, {
        body,
        abortSignal: chunk.abortSignal,
        headers: request.headers,
      }),
    chunk.maxRetries,
    chunk.abortSignal,
  );
  const response = parseAnswer(
    VLLM_ENDPOINTS.completions,
    answer.url,
    answer.text,
    body,
    completionResponseSchema,
  );
  const usage: VllmBatchUsage = {
    inputTokens: response.usage?.prompt_tokens ?? undefined,
    // vLLM reports the cached tokens of one prompt of the array (the last), not of the request.
    cachedInputTokens: undefined,
    outputTokens: response.usage?.completion_tokens ?? undefined,
    totalTokens: response.usage?.total_tokens ?? undefined,
  };
  chunk.progress.addUsage(usage);
  const byIndex = new Map(response.choices.map((choice) => [choice.index, choice]));
  return chunk.prompts.map((_, offset): VllmBatchItemResult => {
    const index = chunk.firstIndex + offset;
    const choice = byIndex.get(offset);
    if (!choice) {
      return {
        ok: false,
        index,
        aborted: false,
        error: new APICallError({
          message: `vLLM returned no choice for prompt ${offset} of a ${chunk.prompts.length}-prompt request.`,
          url: answer.url,
          requestBodyValues: body,
          statusCode: answer.status,
          responseBody: answer.text,
          isRetryable: false,
        }),
      };
    }
    return {
      ok: true,
      index,
      text: choice.text ?? '',
      reasoningText: undefined,
      finishReason: mapVllmFinishReason(choice.finish_reason).unified,
      // vLLM reports usage per request, not per prompt: the batch total has it.
      usage: {
        inputTokens: undefined,
        cachedInputTokens: undefined,
        outputTokens: undefined,
        totalTokens: undefined,
      },
      response: { id: response.id ?? undefined, modelId: response.model ?? undefined },
      warnings: request.warnings,
    };
  });
}
