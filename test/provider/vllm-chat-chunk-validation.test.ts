import { OpenAICompatibleChatLanguageModel } from '@ai-sdk/openai-compatible';
import type { LanguageModelV4CallOptions, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { VllmChatLanguageModel } from '../../src';
import { vllmErrorStructure } from '../../src/provider/connection/vllm-error';
import {
  isPlainChatChunk,
  useFastChunkValidation,
} from '../../src/provider/models/chat/vllm-chat-chunk-validation';
import { sseResponse } from '../helpers/mock-fetch';
import { CHAT_STREAM_CORPUS } from './chat-stream-corpus';

// The fast chunk validation must not change a single stream part: the same openai-compatible model
// with and without it, over a corpus of vLLM-shaped, odd and broken streams.

const OPTIONS: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
};

function model(chunks: unknown[], fast: boolean) {
  const instance = new OpenAICompatibleChatLanguageModel('Qwen/Qwen3-8B', {
    provider: 'vllm.chat',
    url: ({ path }) => `http://vllm.test/v1${path}`,
    headers: () => ({}),
    fetch: async () => sseResponse(chunks),
    includeUsage: true,
    supportsStructuredOutputs: true,
    errorStructure: vllmErrorStructure,
  });
  if (fast) expect(useFastChunkValidation(instance)).toBe(true);
  return instance;
}

/** Parts as plain data: errors become their class name, message and cause message. */
function normalize(value: unknown): unknown {
  if (value instanceof Error) {
    const cause = (value as { cause?: unknown }).cause;
    return {
      error: value.name,
      message: value.message,
      cause: cause instanceof Error ? cause.message : cause,
    };
  }
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, normalize(entry)]));
  }
  return value;
}

async function parts(chunks: unknown[], fast: boolean, includeRawChunks: boolean) {
  const result = await model(chunks, fast).doStream({ ...OPTIONS, includeRawChunks });
  const collected: LanguageModelV4StreamPart[] = [];
  const reader = result.stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    collected.push(value);
  }
  return normalize(collected);
}

describe('fast chunk validation: identical stream parts to openai-compatible', () => {
  for (const [name, chunks] of Object.entries(CHAT_STREAM_CORPUS)) {
    it(name, async () => {
      for (const includeRawChunks of [false, true]) {
        const expected = await parts(chunks, false, includeRawChunks);
        const actual = await parts(chunks, true, includeRawChunks);
        expect(actual).toEqual(expected);
        expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
      }
    });
  }

  it('the corpus exercises both paths (plain chunks pass as they are, the rest goes to zod)', () => {
    const all = Object.values(CHAT_STREAM_CORPUS).flat();
    const objects = all.filter((chunk) => typeof chunk !== 'string');
    expect(objects.filter(isPlainChatChunk).length).toBeGreaterThan(40);
    expect(objects.filter((chunk) => !isPlainChatChunk(chunk)).length).toBeGreaterThan(15);
    expect(isPlainChatChunk(CHAT_STREAM_CORPUS.text[1])).toBe(true);
    expect(
      isPlainChatChunk(
        CHAT_STREAM_CORPUS['tool calls (hermes: id + name first, arguments in pieces, two tools)'][1],
      ),
    ).toBe(false);
  });

  it('VllmChatLanguageModel has it in place (fails if an openai-compatible upgrade moves chunkSchema)', () => {
    const chat = new VllmChatLanguageModel('m', {
      provider: 'vllm.chat',
      url: () => 'http://x/v1/chat/completions',
    });
    const schema = (chat as unknown as { chunkSchema: Record<symbol, unknown> }).chunkSchema;
    expect(schema[Symbol.for('vercel.ai.schema')]).toBe(true);
    // Applying it twice is a no-op (the schema is no longer a zod schema).
    expect(useFastChunkValidation(chat)).toBe(false);
  });
});
