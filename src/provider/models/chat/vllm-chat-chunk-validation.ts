import { jsonSchema, type Schema, zodSchema } from '@ai-sdk/provider-utils';
import type { z } from 'zod/v4';

/*
 * openai-compatible validates every streamed chunk with its zod union (chunk | error body). The
 * schema is a raw zod object, so provider-utils wraps it anew for each chunk and runs
 * `safeParseAsync`: about a third of `doStream`'s CPU time on a plain text stream. The schema below
 * answers the same question synchronously for the chunks vLLM sends in the common case — a text or
 * reasoning delta or a finish reason — and hands every other chunk (usage, tool-call deltas, content
 * arrays, error bodies, anything unexpected) to the original zod schema, so values and errors are
 * exactly openai-compatible's. openai-compatible's stream transform itself stays in charge.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optional = (value: unknown, type: 'string' | 'number') => value == null || typeof value === type;

function isPlainDelta(delta: unknown): boolean {
  if (delta == null) return true;
  if (!isObject(delta)) return false;
  const role = delta.role;
  return (
    (role == null || role === 'assistant' || role === '') &&
    optional(delta.content, 'string') &&
    optional(delta.refusal, 'string') &&
    optional(delta.reasoning_content, 'string') &&
    optional(delta.reasoning, 'string') &&
    delta.tool_calls == null
  );
}

/**
 * Whether openai-compatible's chunk schema accepts `value` through its chunk branch AND its parsed
 * value reads the same as `value` itself for every field openai-compatible looks at (the refusal
 * transform only changes non-strings, which this excludes; stripped unknown keys are never read).
 */
export function isPlainChatChunk(value: unknown): boolean {
  if (!isObject(value) || 'error' in value) return false;
  if (
    !optional(value.id, 'string') ||
    !optional(value.created, 'number') ||
    !optional(value.model, 'string')
  ) {
    return false;
  }
  const choices = value.choices;
  if (!Array.isArray(choices)) return false;
  for (const choice of choices) {
    if (!isObject(choice) || !optional(choice.finish_reason, 'string') || !isPlainDelta(choice.delta))
      return false;
  }
  // Usage (one chunk per stream) goes through zod: `usage.raw` of the finish part is zod's copy,
  // with its key order.
  return value.usage == null;
}

/** A provider-utils schema: plain chunks pass as they are, all others go through `fallback` (zod). */
export function createFastChatChunkSchema(fallback: z.ZodType): Schema<unknown> {
  return jsonSchema(() => zodSchema(fallback).jsonSchema as Parameters<typeof jsonSchema>[0], {
    validate: (value) => {
      if (isPlainChatChunk(value)) return { success: true, value };
      const result = fallback.safeParse(value);
      return result.success ? { success: true, value: result.data } : { success: false, error: result.error };
    },
  });
}

/**
 * Gives an openai-compatible chat model the fast chunk validation. Reads and replaces the model's
 * `chunkSchema` (openai-compatible 3.0.92 keeps it in that instance field); if a future release
 * stores it differently the model is left as it is, with its own (slower) validation.
 * @returns whether the fast validation is in place
 */
export function useFastChunkValidation(model: object): boolean {
  const holder = model as { chunkSchema?: unknown };
  const current = holder.chunkSchema as
    | { '~standard'?: { vendor?: string }; safeParse?: unknown }
    | undefined;
  if (current?.['~standard']?.vendor !== 'zod' || typeof current.safeParse !== 'function') return false;
  holder.chunkSchema = createFastChatChunkSchema(current as unknown as z.ZodType);
  return true;
}
