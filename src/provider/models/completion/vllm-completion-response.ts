import {
  InvalidResponseDataError,
  type LanguageModelV4FinishReason,
  type LanguageModelV4GenerateResult,
  type SharedV4Warning,
} from '@ai-sdk/provider';
import type { ParseResult } from '@ai-sdk/provider-utils';
import { type Enqueue, type VllmStreamParser, vllmResponseMetadata } from '../vllm-api';
import { generateMetadata, type VllmStreamCollector } from '../vllm-response-metadata';
import { convertVllmUsage, mapVllmFinishReason, type VllmUsage } from '../vllm-usage';
import type { VllmCompletionChunkOrError, VllmCompletionResponse } from './vllm-completion-api';

/** A completion as the SDK's generate result: choice 0's text, usage, vLLM's extra data in `providerMetadata`. */
export function convertVllmCompletionResponse({
  response,
  rawResponse,
  metadataKey,
}: {
  response: VllmCompletionResponse;
  rawResponse: unknown;
  metadataKey: string;
}): Omit<LanguageModelV4GenerateResult, 'request' | 'warnings'> {
  const choice = response.choices[0];
  if (choice === undefined) {
    throw new InvalidResponseDataError({
      data: rawResponse,
      message: 'Response did not contain any choices.',
    });
  }
  return {
    content: choice.text.length > 0 ? [{ type: 'text', text: choice.text }] : [],
    finishReason: mapVllmFinishReason(choice.finish_reason),
    usage: convertVllmUsage(response.usage, 'completion'),
    providerMetadata: { [metadataKey]: generateMetadata(rawResponse, 'completion').metadata },
    response: { ...vllmResponseMetadata(response), body: rawResponse },
  };
}

/**
 * Stream parts of a completion: choice 0's text (other choices and beams are collected for
 * `providerMetadata.vllm.choices`), its finish reason, usage, and vLLM's extra data on `finish`.
 */
export class VllmCompletionStreamParser implements VllmStreamParser<VllmCompletionChunkOrError> {
  private finishReason: LanguageModelV4FinishReason = { unified: 'other', raw: undefined };
  private usage: VllmUsage | null | undefined;
  private started = false;

  constructor(
    private readonly options: {
      warnings: SharedV4Warning[];
      metadataKey: string;
      includeRawChunks: boolean;
      collector: VllmStreamCollector | undefined;
    },
  ) {}

  start(controller: Enqueue): void {
    controller.enqueue({ type: 'stream-start', warnings: this.options.warnings });
  }

  chunk(chunk: ParseResult<VllmCompletionChunkOrError>, controller: Enqueue): void {
    if (this.options.includeRawChunks) controller.enqueue({ type: 'raw', rawValue: chunk.rawValue });
    if (!chunk.success) {
      this.finishReason = { unified: 'error', raw: undefined };
      controller.enqueue({ type: 'error', error: chunk.error });
      return;
    }
    const value = chunk.value;
    if ('error' in value) {
      this.finishReason = { unified: 'error', raw: undefined };
      controller.enqueue({ type: 'error', error: value.error });
      return;
    }
    this.options.collector?.add(chunk.rawValue);
    if (!this.started) {
      this.started = true;
      controller.enqueue({ type: 'response-metadata', ...vllmResponseMetadata(value) });
      controller.enqueue({ type: 'text-start', id: '0' });
    }
    if (value.usage != null) this.usage = value.usage;
    for (const choice of value.choices) {
      if ((choice.index ?? 0) !== 0) continue;
      if (choice.finish_reason != null) this.finishReason = mapVllmFinishReason(choice.finish_reason);
      controller.enqueue({ type: 'text-delta', id: '0', delta: choice.text });
    }
  }

  end(controller: Enqueue, failure?: unknown): void {
    if (failure !== undefined) {
      this.finishReason = { unified: 'error', raw: undefined };
      controller.enqueue({ type: 'error', error: failure });
    }
    if (this.started) controller.enqueue({ type: 'text-end', id: '0' });
    const metadata = this.options.collector?.build();
    controller.enqueue({
      type: 'finish',
      finishReason: this.finishReason,
      usage: convertVllmUsage(this.usage, 'completion'),
      ...(metadata !== undefined ? { providerMetadata: { [this.options.metadataKey]: metadata } } : {}),
    });
  }
}
