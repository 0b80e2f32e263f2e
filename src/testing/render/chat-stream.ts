import type { EmulatorContext } from '../emulator-context';
import type { ChatChoice } from '../generation/chat-plan';
import type { ChatRequest } from '../generation/chat-request';
import type { Step } from '../generation/sequence';
import type { EventStream } from '../http/event-stream';
import { chatLogprobEntries, finishReasonOf, withReasoning } from './chat-message';
import { systemFingerprint, usageObject } from './common';
import type { PromptCacheCounts } from './prompt-tokens-details';

/**
 * Streams a chat completion in vLLM's chunk sequence: one role chunk per choice
 * (`delta: {role: "assistant", content: ""}`), one chunk per engine step, `finish_reason` +
 * `stop_reason` on each choice's last chunk, then (with `include_usage`) a usage chunk with
 * `choices: []`. `data: [DONE]` is sent by the caller.
 */
export class ChatStreamRenderer {
  private readonly generated: number[];
  private readonly reasoningCount: number[];
  private readonly lastStep: number[];

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly request: ChatRequest,
    private readonly choices: readonly ChatChoice[],
    private readonly stream: EventStream,
    private readonly id: string,
    private readonly created: number,
  ) {
    this.generated = choices.map(() => 0);
    this.reasoningCount = choices.map(() => 0);
    this.lastStep = choices.map((choice) => choice.result.steps.length - 1);
  }

  private chunk(
    choice: Record<string, unknown> | undefined,
    index: number,
    extra?: Record<string, unknown>,
  ): unknown {
    const chunk: Record<string, unknown> = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.request.model.name,
      choices: choice ? [choice] : [],
    };
    if (this.request.sampling.continuousUsage && index >= 0) {
      const usage = usageObject(
        this.ctx,
        this.request.promptIds.length,
        this.generated[index],
        this.reasoningCount[index],
        false,
      );
      if (this.ctx.profile.headResponseFields && !('completion_tokens_details' in usage))
        usage.completion_tokens_details = null;
      chunk.usage = usage;
    }
    return extra ? Object.assign(chunk, extra) : chunk;
  }

  /** The role chunks (sent when the first tokens arrive, like vLLM's first iteration). */
  start(): void {
    const { profile } = this.ctx;
    this.choices.forEach((_, index) => {
      const delta: Record<string, unknown> = { role: 'assistant', content: '' };
      if (profile.reasoningFields.length === 2) delta.reasoning_content = null;
      const extra: Record<string, unknown> = {};
      if (profile.tokenIdsFields)
        extra.prompt_token_ids = this.request.sampling.returnTokenIds ? this.request.promptIds : null;
      if (profile.headResponseFields) extra.prompt_text = null;
      this.stream.send(this.chunk({ index, delta, logprobs: null, finish_reason: null }, index, extra));
    });
  }

  private delta(step: Step, index: number): Record<string, unknown> | undefined {
    const { profile } = this.ctx;
    const pair = profile.reasoningFields.length === 2;
    const choice = this.choices[index];
    switch (step.kind) {
      case 'reasoning':
        if (!this.request.includeReasoning) return undefined;
        return withReasoning(profile, {}, step.text);
      case 'tool-header': {
        const call = choice.toolCalls[step.toolIndex];
        const delta: Record<string, unknown> = {
          tool_calls: [
            { id: call.id, type: 'function', index: step.toolIndex, function: { name: call.name } },
          ],
        };
        return pair ? { reasoning_content: null, ...delta } : delta;
      }
      case 'tool-args': {
        const delta = { tool_calls: [{ index: step.toolIndex, function: { arguments: step.text } }] };
        return pair ? { reasoning_content: null, ...delta } : delta;
      }
      case 'control':
        return undefined;
      default:
        return pair ? { content: step.text, reasoning_content: null } : { content: step.text };
    }
  }

  /** Sends the chunks of engine step `stepIndex` for every choice that has one. */
  step(stepIndex: number): void {
    const { profile } = this.ctx;
    if (stepIndex === 0) this.start();
    this.choices.forEach((choice, index) => {
      const step = choice.result.steps[stepIndex];
      if (step === undefined) return;
      this.generated[index] += step.ids.length;
      if (step.kind === 'reasoning') this.reasoningCount[index] += step.ids.length;
      const last = stepIndex === this.lastStep[index];
      let delta = this.delta(step, index);
      if (delta === undefined) {
        if (!last && !this.request.sampling.returnTokenIds) return;
        delta = last && step.kind === 'control' ? { content: '' } : {};
        if (profile.reasoningFields.length === 2) delta.reasoning_content = null;
      }
      const rendered: Record<string, unknown> = {
        index,
        delta,
        logprobs: this.request.logprobs
          ? { content: chatLogprobEntries(this.request, step.ids, this.generated[index] - step.ids.length) }
          : null,
        finish_reason: last ? finishReasonOf(this.request, choice) : null,
      };
      if (last) rendered.stop_reason = choice.result.stopReason;
      if (profile.tokenIdsFields) rendered.token_ids = this.request.sampling.returnTokenIds ? step.ids : null;
      const extra =
        last && !this.request.sampling.includeUsage && profile.headResponseFields
          ? { system_fingerprint: systemFingerprint(this.ctx) }
          : undefined;
      this.stream.send(this.chunk(rendered, index, extra));
    });
  }

  /** The final usage chunk (`choices: []`), when `stream_options.include_usage` is set. */
  finish(cache?: PromptCacheCounts): void {
    if (!this.request.sampling.includeUsage) return;
    const completion = this.generated.reduce((sum, count) => sum + count, 0);
    const reasoning = this.reasoningCount.reduce((sum, count) => sum + count, 0);
    const chunk = this.chunk(undefined, -1) as Record<string, unknown>;
    chunk.usage = usageObject(this.ctx, this.request.promptIds.length, completion, reasoning, false, {
      endpoint: 'chat',
      counts: cache,
    });
    if (this.ctx.profile.headResponseFields) chunk.system_fingerprint = systemFingerprint(this.ctx);
    this.stream.send(chunk);
  }
}
