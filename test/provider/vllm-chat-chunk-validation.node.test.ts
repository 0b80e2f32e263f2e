import { OpenAICompatibleChatLanguageModel } from '@ai-sdk/openai-compatible';
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vllmErrorStructure } from '../../src/provider/connection/vllm-error';
import { useFastChunkValidation } from '../../src/provider/models/chat/vllm-chat-chunk-validation';
import { startVllmEmulator, type VllmEmulator } from '../../src/testing';
import { sseResponse } from '../helpers/mock-fetch';

// Streams recorded from the emulator (vLLM's exact chunk sequences per version profile) replayed
// through openai-compatible's chat model with and without the fast chunk validation.

const emulators: Record<string, VllmEmulator> = {};
beforeAll(async () => {
  for (const version of ['0.10', 'latest'] as const) {
    emulators[version] = await startVllmEmulator({
      version,
      reasoningParser: 'qwen3',
      enableAutoToolChoice: true,
      toolCallParser: 'hermes',
    });
  }
});
afterAll(async () => {
  await Promise.all(Object.values(emulators).map((emulator) => emulator.close()));
});

const messages = [{ role: 'user', content: 'What is the weather in Paris? Think first.' }];
const tools = [
  {
    type: 'function',
    function: {
      name: 'weather',
      description: 'Weather for a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
];
const REQUESTS: Record<string, Record<string, unknown>> = {
  text: { messages, max_tokens: 40, chat_template_kwargs: { enable_thinking: false } },
  reasoning: { messages, max_tokens: 60 },
  'tool call': { messages, tools, tool_choice: 'required', max_tokens: 80 },
  'logprobs and token ids': {
    messages,
    max_tokens: 12,
    logprobs: true,
    top_logprobs: 2,
    return_token_ids: true,
  },
  'n = 2': { messages, max_tokens: 10, n: 2, seed: 3 },
  'json schema': {
    messages,
    max_tokens: 80,
    response_format: {
      type: 'json_schema',
      json_schema: {
        name: 'r',
        schema: { type: 'object', properties: { a: { type: 'integer' } }, required: ['a'] },
      },
    },
  },
  'continuous usage stats': {
    messages,
    max_tokens: 8,
    stream_options: { include_usage: true, continuous_usage_stats: true },
  },
};

async function record(emulator: VllmEmulator, body: Record<string, unknown>): Promise<string[]> {
  const response = await fetch(`${emulator.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'Qwen/Qwen3-0.6B',
      stream: true,
      stream_options: { include_usage: true },
      ...body,
    }),
  });
  expect(response.status).toBe(200);
  const events = (await response.text()).split('\n\n').filter((event) => event.startsWith('data: '));
  expect(events.at(-1)).toBe('data: [DONE]');
  return events.slice(0, -1).map((event) => event.slice(6));
}

async function parts(chunks: string[], fast: boolean) {
  const model = new OpenAICompatibleChatLanguageModel('Qwen/Qwen3-0.6B', {
    provider: 'vllm.chat',
    url: ({ path }) => `http://vllm.test/v1${path}`,
    headers: () => ({}),
    fetch: async () => sseResponse(chunks),
    includeUsage: true,
    supportsStructuredOutputs: true,
    errorStructure: vllmErrorStructure,
  });
  if (fast) useFastChunkValidation(model);
  const result = await model.doStream({
    prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    includeRawChunks: true,
  });
  const collected: LanguageModelV4StreamPart[] = [];
  for await (const part of result.stream as unknown as AsyncIterable<LanguageModelV4StreamPart>)
    collected.push(part);
  return collected;
}

describe('fast chunk validation on recorded emulator streams', () => {
  for (const version of ['0.10', 'latest'] as const) {
    for (const [name, body] of Object.entries(REQUESTS)) {
      it(`${version}: ${name}`, async () => {
        const chunks = await record(emulators[version], body);
        const expected = await parts(chunks, false);
        const actual = await parts(chunks, true);
        expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
        expect(actual).toEqual(expected);
        // Sanity: the stream produced what its name says.
        const types = new Set(expected.map((part) => part.type));
        expect(types.has('finish')).toBe(true);
        if (name === 'reasoning') expect(types.has('reasoning-delta')).toBe(true);
        if (name === 'tool call') expect(types.has('tool-call')).toBe(true);
        if (name === 'text') expect(types.has('text-delta')).toBe(true);
      });
    }
  }
});
