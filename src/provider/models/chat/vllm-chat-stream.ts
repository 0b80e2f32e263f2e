import {
  InvalidResponseDataError,
  type LanguageModelV4FinishReason,
  type SharedV4Warning,
} from '@ai-sdk/provider';
import { generateId, type ParseResult, StreamingToolCallTracker } from '@ai-sdk/provider-utils';
import { type Enqueue, type VllmStreamParser, vllmResponseMetadata } from '../vllm-api';
import type { VllmStreamCollector } from '../vllm-response-metadata';
import { convertVllmUsage, mapVllmFinishReason, type VllmUsage } from '../vllm-usage';
import type { VllmChatChunk, VllmChatChunkOrError } from './vllm-chat-api';
import { missingToolCallsWarning, readContent } from './vllm-chat-content';

type ToolCallDelta = NonNullable<
  NonNullable<VllmChatChunk['choices'][number]['delta']>['tool_calls']
>[number];

const TEXT_ID = 'txt-0';
const REASONING_ID = 'reasoning-0';

/**
 * Stream parts of a chat completion. Only choice 0 becomes text, reasoning and tool calls, so its
 * parts are the same whatever `n` is (other choices and beams are collected for
 * `providerMetadata.vllm.choices`). The finish reason is choice 0's; a stream that ends before
 * choice 0 finishes ends with an `error` part, as with one choice. Warnings found only at the end
 * (a `tool_calls` finish without a call) go to `providerMetadata.vllm.warnings` of `finish`, since
 * `stream-start` has already gone out.
 */
export class VllmChatStreamParser implements VllmStreamParser<VllmChatChunkOrError> {
  private finishReason: LanguageModelV4FinishReason | undefined;
  private rawFinishReason: string | undefined;
  private usage: VllmUsage | null | undefined;
  private sentMetadata = false;
  private textOpen = false;
  private reasoningOpen = false;
  private refused = false;
  private sawToolCall = false;
  private tracker: StreamingToolCallTracker | undefined;
  /** Tool-call deltas buffered by index until their function name arrives (the tracker needs it). */
  private readonly pendingToolCalls = new Map<number, { id: string | null; arguments: string }>();
  private readonly namedToolCalls = new Set<number>();

  constructor(
    private readonly options: {
      warnings: SharedV4Warning[];
      metadataKey: string;
      includeRawChunks: boolean;
      /** Tools were sent (a `tool_calls` finish without a call deserves a warning). */
      toolsSent: boolean;
      collector: VllmStreamCollector | undefined;
    },
  ) {}

  start(controller: Enqueue): void {
    controller.enqueue({ type: 'stream-start', warnings: this.options.warnings });
    this.tracker = new StreamingToolCallTracker(controller, { generateId });
  }

  chunk(chunk: ParseResult<VllmChatChunkOrError>, controller: Enqueue): void {
    if (this.options.includeRawChunks) controller.enqueue({ type: 'raw', rawValue: chunk.rawValue });
    if (!chunk.success) {
      this.failed();
      controller.enqueue({ type: 'error', error: chunk.error });
      return;
    }
    const value = chunk.value;
    if ('error' in value) {
      this.failed();
      controller.enqueue({ type: 'error', error: value.error });
      return;
    }
    this.options.collector?.add(chunk.rawValue);
    if (!this.sentMetadata) {
      const metadata = vllmResponseMetadata(value);
      if (metadata.id !== undefined || metadata.modelId !== undefined || metadata.timestamp !== undefined) {
        this.sentMetadata = true;
        controller.enqueue({ type: 'response-metadata', ...metadata });
      }
    }
    if (value.usage != null) this.usage = value.usage;
    for (const choice of value.choices) {
      if ((choice.index ?? 0) !== 0) continue;
      if (choice.finish_reason != null) this.rawFinishReason = choice.finish_reason;
      if (choice.delta != null) this.delta(choice.delta, controller);
    }
  }

  end(controller: Enqueue, failure?: unknown): void {
    if (failure !== undefined) {
      this.failed();
      controller.enqueue({ type: 'error', error: failure });
    }
    if (this.reasoningOpen) controller.enqueue({ type: 'reasoning-end', id: REASONING_ID });
    if (this.textOpen) controller.enqueue({ type: 'text-end', id: TEXT_ID });
    if (failure === undefined) {
      // A call whose name never came is handed over as it is: the tracker rejects it.
      for (const [index, pending] of this.pendingToolCalls) {
        this.tracker?.processDelta({ index, id: pending.id, function: { arguments: pending.arguments } });
      }
      this.tracker?.flush();
    }
    if (this.rawFinishReason !== undefined) {
      this.finishReason = mapVllmFinishReason(this.rawFinishReason, { refused: this.refused });
    }
    if (this.finishReason === undefined) {
      this.finishReason = { unified: 'error', raw: undefined };
      controller.enqueue({
        type: 'error',
        error: new InvalidResponseDataError({
          data: undefined,
          message: 'Response stream ended without a finish reason.',
        }),
      });
    }

    const metadata = this.options.collector?.build() ?? {};
    const details = this.usage?.completion_tokens_details;
    if (details?.accepted_prediction_tokens != null)
      metadata.acceptedPredictionTokens = details.accepted_prediction_tokens;
    if (details?.rejected_prediction_tokens != null)
      metadata.rejectedPredictionTokens = details.rejected_prediction_tokens;
    if (this.options.toolsSent && this.rawFinishReason === 'tool_calls' && !this.sawToolCall) {
      metadata.warnings = [missingToolCallsWarning()];
    }
    controller.enqueue({
      type: 'finish',
      finishReason: this.finishReason,
      usage: convertVllmUsage(this.usage, 'chat'),
      providerMetadata: { [this.options.metadataKey]: metadata },
    });
  }

  /** A chunk that could not be read or an error event: the finish reason is `error` unless a later chunk finishes. */
  private failed(): void {
    this.finishReason = { unified: 'error', raw: undefined };
    this.rawFinishReason = undefined;
  }

  private delta(delta: NonNullable<VllmChatChunk['choices'][number]['delta']>, controller: Enqueue): void {
    const reasoning = delta.reasoning_content ?? delta.reasoning;
    if (reasoning) this.reasoningDelta(reasoning, controller);
    for (const part of readContent(delta.content)) {
      if (part.type === 'reasoning') this.reasoningDelta(part.text, controller);
      else this.textDelta(part.text, controller);
    }
    if (delta.refusal != null && delta.refusal.length > 0) {
      this.refused = true;
      this.textDelta(delta.refusal, controller);
    }
    if (delta.tool_calls != null && delta.tool_calls.length > 0) {
      this.sawToolCall = true;
      if (this.reasoningOpen) {
        controller.enqueue({ type: 'reasoning-end', id: REASONING_ID });
        this.reasoningOpen = false;
      }
      for (const call of delta.tool_calls) this.toolCallDelta(call);
    }
  }

  private reasoningDelta(text: string, controller: Enqueue): void {
    if (this.textOpen) {
      controller.enqueue({ type: 'text-end', id: TEXT_ID });
      this.textOpen = false;
    }
    if (!this.reasoningOpen) {
      controller.enqueue({ type: 'reasoning-start', id: REASONING_ID });
      this.reasoningOpen = true;
    }
    controller.enqueue({ type: 'reasoning-delta', id: REASONING_ID, delta: text });
  }

  private textDelta(text: string, controller: Enqueue): void {
    if (this.reasoningOpen) {
      controller.enqueue({ type: 'reasoning-end', id: REASONING_ID });
      this.reasoningOpen = false;
    }
    if (!this.textOpen) {
      controller.enqueue({ type: 'text-start', id: TEXT_ID });
      this.textOpen = true;
    }
    controller.enqueue({ type: 'text-delta', id: TEXT_ID, delta: text });
  }

  /** Some parsers send the arguments before the name: those deltas wait until the name is known. */
  private toolCallDelta(call: ToolCallDelta): void {
    const tracker = this.tracker as StreamingToolCallTracker;
    const index = call.index;
    if (index == null || this.namedToolCalls.has(index)) {
      tracker.processDelta(call);
      return;
    }
    let pending = this.pendingToolCalls.get(index);
    if (pending === undefined) {
      pending = { id: call.id ?? null, arguments: '' };
      this.pendingToolCalls.set(index, pending);
    } else if (pending.id == null && call.id != null) {
      pending.id = call.id;
    }
    pending.arguments += call.function.arguments ?? '';
    if (call.function.name != null) {
      tracker.processDelta({
        index,
        id: pending.id,
        function: { name: call.function.name, arguments: pending.arguments },
      });
      this.pendingToolCalls.delete(index);
      this.namedToolCalls.add(index);
    }
  }
}
