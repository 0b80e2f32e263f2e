import { jsonSchema, type Schema, zodSchema } from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';
import { vllmErrorDataSchema } from '../../connection/vllm-error';
import { vllmUsageSchema } from '../vllm-usage';

// What the chat model reads of vLLM's /v1/chat/completions responses and stream chunks. Schemas
// are loose and list only the fields the model reads. zod runs only where it must: a response or
// chunk whose fields are all of the expected types (the common case: a text or reasoning delta,
// a finish reason, usage) is checked by hand and used as it is; anything else (tool-call deltas,
// content arrays, error bodies, wrong types) goes through zod, for its exact values and errors.

/** `content` may be a string or, from some parsers, an array of `{type: 'text' | 'thinking', …}` parts. */
const contentSchema = z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]).nullish();

/** A refusal that is not a string (some servers send `false`) is ignored, not an error. */
const refusalSchema = z
  .unknown()
  .nullish()
  .transform((value) => (typeof value === 'string' ? value : undefined));

/** The text of a message or delta: content, refusal, reasoning (under either of vLLM's names). */
const textFields = {
  content: contentSchema,
  refusal: refusalSchema,
  reasoning: z.string().nullish(),
  reasoning_content: z.string().nullish(),
};

const header = { id: z.string().nullish(), created: z.number().nullish(), model: z.string().nullish() };

const responseSchema = z.looseObject({
  ...header,
  choices: z.array(
    z.looseObject({
      index: z.number().nullish(),
      message: z.looseObject({
        role: z.literal('assistant').nullish(),
        ...textFields,
        tool_calls: z
          .array(
            z.looseObject({
              id: z.string().nullish(),
              function: z.looseObject({ name: z.string(), arguments: z.string() }),
            }),
          )
          .nullish(),
      }),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: vllmUsageSchema,
});

const chunkSchema = z.looseObject({
  ...header,
  choices: z.array(
    z.looseObject({
      index: z.number().nullish(),
      delta: z
        .looseObject({
          role: z.enum(['assistant', '']).nullish(),
          ...textFields,
          tool_calls: z
            .array(
              z.looseObject({
                index: z.number().nullish(),
                id: z.string().nullish(),
                type: z.string().nullish(),
                function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }),
              }),
            )
            .nullish(),
        })
        .nullish(),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: vllmUsageSchema,
});

/** A streamed chunk, or vLLM's error event (`{"error": {…}}`, or the flat envelope before 0.10.1). */
const chunkOrErrorSchema = z.union([chunkSchema, vllmErrorDataSchema]);

export type VllmChatResponse = z.output<typeof responseSchema>;
export type VllmChatChunk = z.output<typeof chunkSchema>;
export type VllmChatChunkOrError = z.output<typeof chunkOrErrorSchema>;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optional = (value: unknown, type: 'string' | 'number') => value == null || typeof value === type;

function isPlainUsage(usage: unknown): boolean {
  if (usage == null) return true;
  if (!isObject(usage)) return false;
  const prompt = usage.prompt_tokens_details;
  const completion = usage.completion_tokens_details;
  return (
    optional(usage.prompt_tokens, 'number') &&
    optional(usage.completion_tokens, 'number') &&
    optional(usage.total_tokens, 'number') &&
    (prompt == null || (isObject(prompt) && optional(prompt.cached_tokens, 'number'))) &&
    (completion == null ||
      (isObject(completion) &&
        optional(completion.reasoning_tokens, 'number') &&
        optional(completion.accepted_prediction_tokens, 'number') &&
        optional(completion.rejected_prediction_tokens, 'number')))
  );
}

/** Role, text, refusal and reasoning of a message or delta, each absent or of the expected type. */
function isPlainText(message: Json, role: 'message' | 'delta'): boolean {
  const value = message.role;
  return (
    (value == null || value === 'assistant' || (role === 'delta' && value === '')) &&
    optional(message.content, 'string') &&
    optional(message.refusal, 'string') &&
    optional(message.reasoning_content, 'string') &&
    optional(message.reasoning, 'string')
  );
}

function isPlainHeader(value: Json): boolean {
  return optional(value.id, 'string') && optional(value.created, 'number') && optional(value.model, 'string');
}

/**
 * Whether the chunk schema accepts `value` as a chunk and its parsed value reads the same as `value`
 * for every field the model reads (tool-call deltas and error events always go through zod).
 */
export function isPlainChatChunk(value: unknown): boolean {
  if (!isObject(value) || 'error' in value || !isPlainHeader(value) || !isPlainUsage(value.usage))
    return false;
  const choices = value.choices;
  if (!Array.isArray(choices)) return false;
  for (const choice of choices) {
    if (!isObject(choice) || !optional(choice.index, 'number') || !optional(choice.finish_reason, 'string'))
      return false;
    const delta = choice.delta;
    if (delta == null) continue;
    if (!isObject(delta) || delta.tool_calls != null || !isPlainText(delta, 'delta')) return false;
  }
  return true;
}

function isPlainToolCall(call: unknown): boolean {
  if (!isObject(call) || !optional(call.id, 'string')) return false;
  const fn = call.function;
  return isObject(fn) && typeof fn.name === 'string' && typeof fn.arguments === 'string';
}

/** Same as {@link isPlainChatChunk}, for a whole (non-streamed) response. */
export function isPlainChatResponse(value: unknown): boolean {
  if (!isObject(value) || !isPlainHeader(value) || !isPlainUsage(value.usage)) return false;
  const choices = value.choices;
  if (!Array.isArray(choices)) return false;
  for (const choice of choices) {
    if (!isObject(choice) || !optional(choice.index, 'number') || !optional(choice.finish_reason, 'string'))
      return false;
    const message = choice.message;
    if (!isObject(message) || !isPlainText(message, 'message')) return false;
    const toolCalls = message.tool_calls;
    if (toolCalls != null && !(Array.isArray(toolCalls) && toolCalls.every(isPlainToolCall))) return false;
  }
  return true;
}

/** A provider-utils schema: values `isPlain` accepts pass as they are, all others go through `zod`. */
function fastSchema<T>(zod: z.ZodType<T>, isPlain: (value: unknown) => boolean): Schema<T> {
  return jsonSchema<T>(() => zodSchema(zod).jsonSchema as Parameters<typeof jsonSchema>[0], {
    validate: (value) => {
      if (isPlain(value)) return { success: true, value: value as T };
      const result = zod.safeParse(value);
      return result.success ? { success: true, value: result.data } : { success: false, error: result.error };
    },
  });
}

/** The `/v1/chat/completions` response schema (fast path for well-formed responses). */
export const vllmChatResponseSchema = fastSchema(responseSchema, isPlainChatResponse);

/** The stream chunk schema (fast path for plain text/reasoning/finish/usage chunks). */
export const vllmChatChunkSchema = fastSchema(chunkOrErrorSchema, isPlainChatChunk);
