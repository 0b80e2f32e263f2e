import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../emulator-context';
import type { ChatChoice } from '../generation/chat-plan';
import type { ChatRequest } from '../generation/chat-request';
import type { Body } from '../generation/field-types';
import type { Step } from '../generation/sequence';

// vLLM's `/v1/responses` shapes: `ResponsesResponse.from_request` (responses/protocol.py), the output
// items of `build_response_output_items` (responses/utils.py) and the simple-path stream events
// (responses/streaming_events.py `emit_simple_*`), key order as pydantic dumps them.

type Json = Record<string, unknown>;

const uuid = () => randomUUID().replaceAll('-', '');

/** Reasoning, text and tool calls of a generated choice. */
export interface ResponsesOutput {
  reasoning: string;
  content: string;
  toolCalls: { name: string; arguments: string }[];
  reasoningTokens: number;
  outputTokens: number;
}

/** What the choice generated, by kind. */
export function outputOf(choice: ChatChoice, includeReasoning: boolean): ResponsesOutput {
  let reasoning = '';
  let content = '';
  let reasoningTokens = 0;
  let outputTokens = 0;
  const args: string[] = [];
  for (const step of choice.result.steps) {
    outputTokens += step.ids.length;
    if (step.kind === 'reasoning') {
      reasoning += step.text;
      reasoningTokens += step.ids.length;
    } else if (step.kind === 'content') content += step.text;
    else if (step.kind === 'tool-args') args[step.toolIndex] = (args[step.toolIndex] ?? '') + step.text;
  }
  return {
    reasoning: includeReasoning ? reasoning : '',
    content,
    toolCalls: choice.toolCalls.map((call, index) => ({ name: call.name, arguments: args[index] ?? '' })),
    reasoningTokens,
    outputTokens,
  };
}

/** `build_response_output_items`: reasoning item, message, function calls (fresh ids, as vLLM re-parses). */
export function outputItems(output: ResponsesOutput): Json[] {
  const items: Json[] = [];
  if (output.reasoning) {
    items.push({
      id: `rs_${uuid()}`,
      summary: [],
      type: 'reasoning',
      content: [{ text: output.reasoning, type: 'reasoning_text' }],
      encrypted_content: null,
      status: null,
    });
  }
  if (output.content) {
    items.push({
      id: `msg_${uuid()}`,
      content: [{ annotations: [], text: output.content, type: 'output_text', logprobs: null }],
      role: 'assistant',
      status: 'completed',
      type: 'message',
    });
  }
  for (const call of output.toolCalls) {
    items.push({
      arguments: call.arguments,
      call_id: `call_${uuid()}`,
      name: call.name,
      type: 'function_call',
      id: `fc_${uuid()}`,
      namespace: null,
      status: 'completed',
    });
  }
  return items;
}

/** `ResponseUsage` (per-turn lists since 0.11.1). */
export function responsesUsage(ctx: EmulatorContext, promptTokens: number, output: ResponsesOutput): Json {
  const perTurn = ctx.profile.responses.usagePerTurn;
  return {
    input_tokens: promptTokens,
    input_tokens_details: {
      cached_tokens: 0,
      ...(perTurn ? { input_tokens_per_turn: [promptTokens], cached_tokens_per_turn: [0] } : {}),
    },
    output_tokens: output.outputTokens,
    output_tokens_details: {
      reasoning_tokens: output.reasoningTokens,
      tool_output_tokens: 0,
      ...(perTurn ? { output_tokens_per_turn: [output.outputTokens], tool_output_tokens_per_turn: [0] } : {}),
    },
    total_tokens: promptTokens + output.outputTokens,
  };
}

/** `ResponsesResponse.from_request(...)`, dumped. */
export function responseObject({
  id,
  createdAt,
  body,
  chat,
  output,
  status,
  usage,
}: {
  id: string;
  createdAt: number;
  body: Body;
  chat: ChatRequest;
  output: Json[];
  status: 'in_progress' | 'completed' | 'incomplete';
  usage: Json | null;
}): Json {
  return {
    id,
    created_at: createdAt,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: body.instructions ?? null,
    metadata: body.metadata ?? null,
    model: chat.model.name,
    object: 'response',
    output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    temperature: (body.temperature as number | undefined) ?? 1.0,
    tool_choice: body.tools && (body.tools as unknown[]).length > 0 ? (body.tool_choice ?? 'auto') : 'none',
    tools: body.tools ?? [],
    top_p: (body.top_p as number | undefined) ?? 1.0,
    background: body.background ?? false,
    max_output_tokens: chat.maxTokens,
    max_tool_calls: body.max_tool_calls ?? null,
    previous_response_id: body.previous_response_id ?? null,
    prompt: null,
    reasoning: body.reasoning ?? null,
    service_tier: body.service_tier ?? 'auto',
    status,
    text: body.text ?? null,
    top_logprobs: null,
    truncation: body.truncation ?? 'disabled',
    usage,
    user: body.user ?? null,
    presence_penalty: (body.presence_penalty as number | undefined) ?? 0.0,
    frequency_penalty: (body.frequency_penalty as number | undefined) ?? 0.0,
    kv_transfer_params: null,
    ec_transfer_params: null,
    input_messages: null,
    output_messages: null,
  };
}

type State = 'none' | 'reasoning' | 'content' | 'tool';

/**
 * The simple-path event sequence (`SimpleStreamingEventProcessor`): an output item opens when the
 * kind of output changes, deltas follow, and the item closes with its `done` events. Sequence
 * numbers count from 0 (`response.created`); the caller sends `response.completed`.
 */
export class ResponsesEventWriter {
  private state: State = 'none';
  private outputIndex = 0;
  private itemId = '';
  private text = '';
  private toolCallId = '';
  private toolName = '';
  private hasArgumentDelta = false;
  private sequence = 0;

  constructor(
    private readonly send: (event: Json) => void,
    private readonly choice: ChatChoice,
    private readonly includeReasoning: boolean,
  ) {}

  private emit(event: Json): void {
    const { type, ...rest } = event;
    this.send({ ...rest, sequence_number: this.sequence++, type });
  }

  /** `response.created` and `response.in_progress`. */
  begin(initial: Json): void {
    this.emit({ response: initial, type: 'response.created' });
    this.emit({ response: initial, type: 'response.in_progress' });
  }

  /** The events of one engine step. */
  step(step: Step): void {
    if (step.kind === 'control' || step.kind === 'tool-header') {
      if (step.kind === 'tool-header') this.open('tool', step.toolIndex);
      return;
    }
    if (step.kind === 'reasoning' && !this.includeReasoning) return;
    const target: State =
      step.kind === 'reasoning' ? 'reasoning' : step.kind === 'content' ? 'content' : 'tool';
    if (step.text === '') return;
    if (this.state !== target) this.open(target, step.toolIndex);
    this.text += step.text;
    if (target === 'reasoning') {
      this.emit({
        content_index: 0,
        delta: step.text,
        item_id: this.itemId,
        output_index: this.outputIndex,
        type: 'response.reasoning_text.delta',
      });
    } else if (target === 'content') {
      this.emit({
        content_index: 0,
        delta: step.text,
        item_id: this.itemId,
        logprobs: [],
        output_index: this.outputIndex,
        type: 'response.output_text.delta',
      });
    } else {
      this.hasArgumentDelta = true;
      this.emit({
        delta: step.text,
        item_id: this.itemId,
        output_index: this.outputIndex,
        type: 'response.function_call_arguments.delta',
      });
    }
  }

  private open(target: State, toolIndex: number): void {
    this.close();
    this.state = target;
    this.itemId = randomUUID();
    this.text = '';
    const at = { output_index: this.outputIndex };
    if (target === 'reasoning') {
      this.emit({
        item: {
          id: this.itemId,
          summary: [],
          type: 'reasoning',
          content: null,
          encrypted_content: null,
          status: 'in_progress',
        },
        ...at,
        type: 'response.output_item.added',
      });
      this.emit({
        content_index: 0,
        item_id: this.itemId,
        ...at,
        part: { text: '', type: 'reasoning_text' },
        type: 'response.reasoning_part.added',
      });
    } else if (target === 'content') {
      this.emit({
        item: { id: this.itemId, content: [], role: 'assistant', status: 'in_progress', type: 'message' },
        ...at,
        type: 'response.output_item.added',
      });
      this.emit({
        content_index: 0,
        item_id: this.itemId,
        ...at,
        part: { annotations: [], text: '', type: 'output_text', logprobs: [] },
        type: 'response.content_part.added',
      });
    } else {
      this.toolCallId = `call_${uuid()}`;
      this.toolName = this.choice.toolCalls[toolIndex]?.name ?? '';
      this.hasArgumentDelta = false;
      this.emit({
        item: {
          arguments: '',
          call_id: this.toolCallId,
          name: this.toolName,
          type: 'function_call',
          id: this.itemId,
          namespace: null,
          status: 'in_progress',
        },
        ...at,
        type: 'response.output_item.added',
      });
    }
  }

  /** Closes the open item (its `done` events). */
  close(): void {
    const at = { output_index: this.outputIndex };
    const id = this.itemId;
    const text = this.text;
    if (this.state === 'reasoning') {
      const part = { text, type: 'reasoning_text' };
      this.emit({ content_index: 0, item_id: id, ...at, text, type: 'response.reasoning_text.done' });
      this.emit({ content_index: 0, item_id: id, ...at, part, type: 'response.reasoning_part.done' });
      this.emit({
        item: {
          id,
          summary: [],
          type: 'reasoning',
          content: [part],
          encrypted_content: null,
          status: 'completed',
        },
        ...at,
        type: 'response.output_item.done',
      });
    } else if (this.state === 'content') {
      const part = { annotations: [], text, type: 'output_text', logprobs: null };
      this.emit({
        content_index: 0,
        item_id: id,
        logprobs: [],
        ...at,
        text,
        type: 'response.output_text.done',
      });
      this.emit({ content_index: 0, item_id: id, ...at, part, type: 'response.content_part.done' });
      this.emit({
        item: { id, content: text ? [part] : [], role: 'assistant', status: 'completed', type: 'message' },
        ...at,
        type: 'response.output_item.done',
      });
    } else if (this.state === 'tool') {
      if (this.hasArgumentDelta) {
        this.emit({
          arguments: text,
          item_id: id,
          name: this.toolName,
          ...at,
          type: 'response.function_call_arguments.done',
        });
      }
      this.emit({
        item: {
          arguments: text,
          call_id: this.toolCallId,
          name: this.toolName,
          type: 'function_call',
          id,
          namespace: null,
          status: 'completed',
        },
        ...at,
        type: 'response.output_item.done',
      });
    } else return;
    this.outputIndex += 1;
    this.state = 'none';
  }

  /** `response.completed` with the final response. */
  end(response: Json): void {
    this.close();
    this.emit({ response, type: 'response.completed' });
  }
}
