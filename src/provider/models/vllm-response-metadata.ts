import type { JSONObject, JSONValue } from '@ai-sdk/provider';
import type { VllmEndpoint } from '../version/vllm-request-fields';

// `providerMetadata.vllm` from vLLM's responses: logprobs (chat: `[{token, logprob, bytes,
// top_logprobs}]`, completion: the legacy `{tokens, token_logprobs, top_logprobs, text_offset}`),
// prompt logprobs, stop reason, token ids, KV-transfer params, and every choice / beam when there
// are several. Streams collect only what the request asked for (see ResponsePlan).

/** What a stream has to collect, derived from the request body that was sent. */
export interface ResponsePlan {
  logprobs: boolean;
  tokenIds: boolean;
  /**
   * `stop_reason` (the stop string or token id that ended the output), collected when the request set
   * stops or sent tools: tool-calling models often end on a generation-config stop token (Llama 3.x's
   * `<|eom_id|>`), whose id vLLM reports as `stop_reason`.
   */
  stopReason: boolean;
  /** Several choices (n > 1) or beam search: collect every choice. */
  choices: boolean;
}

type Body = Record<string, unknown>;

const nonEmpty = (value: unknown) => Array.isArray(value) && value.length > 0;

/** The plan for a request body; `undefined` when there is nothing to collect. */
export function responsePlanFromBody(body: Body, endpoint: VllmEndpoint): ResponsePlan | undefined {
  const logprobs = endpoint === 'chat' ? body.logprobs === true : body.logprobs != null;
  const tokenIds = body.return_token_ids === true;
  const stopReason =
    nonEmpty(body.stop) ||
    typeof body.stop === 'string' ||
    nonEmpty(body.stop_token_ids) ||
    nonEmpty(body.tools);
  const choices = (typeof body.n === 'number' && body.n > 1) || body.use_beam_search === true;
  return logprobs || tokenIds || stopReason || choices
    ? { logprobs, tokenIds, stopReason, choices }
    : undefined;
}

interface RawChoice {
  index?: number;
  text?: string | null;
  message?: {
    content?: unknown;
    reasoning?: string | null;
    reasoning_content?: string | null;
    tool_calls?: unknown[] | null;
  };
  delta?: {
    content?: unknown;
    reasoning?: string | null;
    reasoning_content?: string | null;
    tool_calls?: RawToolCall[] | null;
  };
  logprobs?: { content?: JSONValue[] | null } & Record<string, unknown>;
  finish_reason?: string | null;
  stop_reason?: string | number | null;
  token_ids?: number[] | null;
  prompt_token_ids?: number[] | null;
  prompt_logprobs?: JSONValue;
}

interface RawToolCall {
  index?: number;
  id?: string | null;
  function?: { name?: string | null; arguments?: string | null } | null;
}

function append<T>(target: T[] | undefined, values: readonly T[]): T[] {
  const result = target ?? [];
  for (const value of values) result.push(value);
  return result;
}

function set(target: JSONObject, field: string, value: unknown): void {
  if (value !== undefined && value !== null) target[field] = value as JSONValue;
}

function choiceEntry(choice: RawChoice, endpoint: VllmEndpoint): JSONObject {
  const entry: JSONObject = { index: choice.index ?? 0 };
  if (endpoint === 'chat') {
    const message = choice.message ?? {};
    entry.text = typeof message.content === 'string' ? message.content : '';
    set(entry, 'reasoning', message.reasoning ?? message.reasoning_content);
    if (nonEmpty(message.tool_calls)) entry.toolCalls = message.tool_calls as JSONValue;
    set(entry, 'logprobs', choice.logprobs?.content);
  } else {
    entry.text = choice.text ?? '';
    set(entry, 'logprobs', choice.logprobs);
  }
  set(entry, 'finishReason', choice.finish_reason);
  set(entry, 'stopReason', choice.stop_reason);
  set(entry, 'tokenIds', choice.token_ids);
  return entry;
}

/** Metadata of a non-streamed response, plus whether it claimed tool calls it did not contain. */
export function generateMetadata(
  body: unknown,
  endpoint: VllmEndpoint,
): { metadata: JSONObject; missingToolCalls: boolean } {
  const metadata: JSONObject = {};
  const record = (body ?? {}) as Body;
  const choices = (Array.isArray(record.choices) ? record.choices : []) as RawChoice[];
  const first = choices[0];
  if (first !== undefined) {
    set(metadata, 'logprobs', endpoint === 'chat' ? first.logprobs?.content : first.logprobs);
    set(metadata, 'stopReason', first.stop_reason);
    set(metadata, 'tokenIds', first.token_ids);
  }
  set(metadata, 'promptLogprobs', endpoint === 'chat' ? record.prompt_logprobs : first?.prompt_logprobs);
  set(metadata, 'promptTokenIds', endpoint === 'chat' ? record.prompt_token_ids : first?.prompt_token_ids);
  set(metadata, 'kvTransferParams', record.kv_transfer_params);
  if (choices.length > 1) metadata.choices = choices.map((choice) => choiceEntry(choice, endpoint));
  const missingToolCalls =
    endpoint === 'chat' && first?.finish_reason === 'tool_calls' && !nonEmpty(first.message?.tool_calls);
  return { metadata, missingToolCalls };
}

interface ChoiceState {
  index: number;
  text: string;
  reasoning: string;
  finishReason?: string;
  stopReason?: string | number;
  chatLogprobs?: JSONValue[];
  legacyLogprobs?: Record<string, JSONValue[]>;
  tokenIds?: number[];
  toolCalls?: Map<number, { id?: string; name?: string; arguments: string }>;
}

/** Collects metadata from raw stream chunks (`choices[].delta` / `choices[].text`). */
export class VllmStreamCollector {
  private readonly states = new Map<number, ChoiceState>();
  private promptTokenIds: JSONValue | undefined;

  constructor(
    readonly plan: ResponsePlan,
    private readonly endpoint: VllmEndpoint,
  ) {}

  add(chunk: unknown): void {
    const choices = (chunk as { choices?: RawChoice[] } | null)?.choices;
    if (this.plan.tokenIds && this.promptTokenIds === undefined) {
      const promptTokenIds =
        this.endpoint === 'chat' ? (chunk as Body).prompt_token_ids : choices?.[0]?.prompt_token_ids;
      if (promptTokenIds != null) this.promptTokenIds = promptTokenIds as JSONValue;
    }
    if (!Array.isArray(choices)) return;
    for (const choice of choices) {
      const index = choice.index ?? 0;
      if (index !== 0 && !this.plan.choices) continue;
      this.update(this.state(index), choice);
    }
  }

  build(): JSONObject {
    const metadata: JSONObject = {};
    const first = this.states.get(0);
    if (first !== undefined) this.describe(first, metadata, false);
    set(metadata, 'promptTokenIds', this.promptTokenIds);
    if (this.plan.choices) {
      metadata.choices = [...this.states.values()]
        .sort((a, b) => a.index - b.index)
        .map((state) => this.describe(state, { index: state.index }, true));
    }
    return metadata;
  }

  private state(index: number): ChoiceState {
    let state = this.states.get(index);
    if (state === undefined) {
      state = { index, text: '', reasoning: '' };
      this.states.set(index, state);
    }
    return state;
  }

  private update(state: ChoiceState, choice: RawChoice): void {
    const { plan } = this;
    if (choice.finish_reason != null) {
      state.finishReason = choice.finish_reason;
      if (choice.stop_reason != null) state.stopReason = choice.stop_reason;
    }
    if (plan.logprobs && choice.logprobs != null) {
      if (this.endpoint === 'chat') {
        const content = choice.logprobs.content;
        if (Array.isArray(content)) state.chatLogprobs = append(state.chatLogprobs, content);
      } else {
        state.legacyLogprobs ??= {};
        for (const [field, values] of Object.entries(choice.logprobs)) {
          if (Array.isArray(values))
            state.legacyLogprobs[field] = append(state.legacyLogprobs[field], values as JSONValue[]);
        }
      }
    }
    if (plan.tokenIds && Array.isArray(choice.token_ids))
      state.tokenIds = append(state.tokenIds, choice.token_ids);
    const delta = choice.delta;
    if (plan.choices && delta?.tool_calls != null && delta.tool_calls.length > 0) {
      state.toolCalls ??= new Map();
      for (const call of delta.tool_calls) {
        const entry = state.toolCalls.get(call.index ?? 0) ?? { arguments: '' };
        entry.id ??= call.id ?? undefined;
        entry.name ??= call.function?.name ?? undefined;
        entry.arguments += call.function?.arguments ?? '';
        state.toolCalls.set(call.index ?? 0, entry);
      }
    }
    if (plan.choices) {
      if (this.endpoint === 'completion') state.text += choice.text ?? '';
      else if (delta != null) {
        if (typeof delta.content === 'string') state.text += delta.content;
        state.reasoning += delta.reasoning ?? delta.reasoning_content ?? '';
      }
    }
  }

  private describe(state: ChoiceState, target: JSONObject, asChoice: boolean): JSONObject {
    if (asChoice) {
      target.text = state.text;
      if (state.reasoning.length > 0) target.reasoning = state.reasoning;
      if (state.toolCalls !== undefined) {
        target.toolCalls = [...state.toolCalls.values()].map((call) => ({
          id: call.id ?? null,
          type: 'function',
          function: { name: call.name ?? null, arguments: call.arguments },
        }));
      }
      set(target, 'finishReason', state.finishReason);
    }
    set(target, 'stopReason', state.stopReason);
    set(target, 'logprobs', state.chatLogprobs ?? state.legacyLogprobs);
    set(target, 'tokenIds', state.tokenIds);
    return target;
  }
}
