import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { streamText, tool } from 'ai';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createVllm } from '../../src';

// A vLLM stream cut into network chunks anywhere — inside `data:`, inside a JSON string, between the
// two newlines of an event, inside a multi-byte UTF-8 character — parses to the same stream parts.

const base = {
  id: 'chatcmpl-7',
  object: 'chat.completion.chunk',
  created: 1_750_000_000,
  model: 'Qwen/Qwen3-8B',
};
const delta = (value: Record<string, unknown>, finish: string | null = null) => ({
  ...base,
  choices: [{ index: 0, delta: value, logprobs: null, finish_reason: finish }],
});
const CHUNKS = [
  delta({ role: 'assistant', content: '' }),
  delta({ reasoning: 'Denke nach… 思考' }),
  delta({ content: 'Grüße 🚀' }),
  delta({ content: ' — 世界' }),
  delta({
    tool_calls: [
      { index: 0, id: 'chatcmpl-tool-1', type: 'function', function: { name: 'weather', arguments: '' } },
    ],
  }),
  delta({ tool_calls: [{ index: 0, function: { arguments: '{"city": "Zürich' } }] }),
  delta({ tool_calls: [{ index: 0, function: { arguments: '"}' } }] }),
  delta({ content: '' }, 'tool_calls'),
  { ...base, choices: [], usage: { prompt_tokens: 9, total_tokens: 20, completion_tokens: 11 } },
];
const BYTES = new TextEncoder().encode(
  `${CHUNKS.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`,
);

/** The server's cuts for the next request (sorted byte offsets). */
let currentCuts: readonly number[] = [];

/** A provider whose server sends BYTES cut at `currentCuts`. */
const provider = createVllm({
  baseURL: 'http://vllm.test/v1',
  fetch: async () => {
    const pieces: Uint8Array[] = [];
    let start = 0;
    for (const cut of [...currentCuts, BYTES.length]) {
      if (cut > start) pieces.push(BYTES.slice(start, cut));
      start = Math.max(start, cut);
    }
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const piece = pieces.shift();
        if (piece === undefined) controller.close();
        else controller.enqueue(piece);
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  },
});
const providerSending = (cuts: readonly number[]) => {
  currentCuts = cuts;
  return provider;
};

async function doStreamParts(cuts: readonly number[]): Promise<LanguageModelV4StreamPart[]> {
  const { stream } = await providerSending(cuts)('Qwen/Qwen3-8B').doStream({
    prompt: [{ role: 'user', content: [{ type: 'text', text: 'weather?' }] }],
    tools: [
      {
        type: 'function',
        name: 'weather',
        inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
      },
    ],
  });
  const parts: LanguageModelV4StreamPart[] = [];
  for await (const part of stream as unknown as AsyncIterable<LanguageModelV4StreamPart>) parts.push(part);
  return parts;
}

describe('SSE parsing at random chunk boundaries (properties)', () => {
  it('doStream gives the same parts with the stream split at every byte position', async () => {
    const whole = await doStreamParts([]);
    expect(whole.some((part) => part.type === 'tool-call')).toBe(true);
    expect(
      whole
        .filter((part) => part.type === 'text-delta')
        .map((part) => part.delta)
        .join(''),
    ).toBe('Grüße 🚀 — 世界');
    for (let cut = 1; cut < BYTES.length; cut++) {
      expect(await doStreamParts([cut]), `split at byte ${cut}`).toEqual(whole);
    }
  }, 120_000);

  it('doStream gives the same parts for any set of cuts (down to one byte per chunk)', async () => {
    const whole = await doStreamParts([]);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: BYTES.length - 1 }), { maxLength: 200 }),
        async (cuts) => {
          expect(await doStreamParts(cuts.sort((a, b) => a - b))).toEqual(whole);
        },
      ),
      { numRuns: 60 },
    );
    const everyByte = Array.from({ length: BYTES.length - 1 }, (_, index) => index + 1);
    expect(await doStreamParts(everyByte)).toEqual(whole);
  });

  it('streamText gives the same text, reasoning, tool call, finish reason and usage for any cuts', async () => {
    const run = async (cuts: readonly number[]) => {
      const result = streamText({
        model: providerSending(cuts)('Qwen/Qwen3-8B'),
        prompt: 'weather?',
        tools: {
          weather: tool({ inputSchema: z.object({ city: z.string() }) }),
        },
      });
      await result.consumeStream();
      return {
        text: await result.text,
        reasoning: await result.reasoningText,
        toolCalls: (await result.toolCalls).map(({ toolName, input }) => ({ toolName, input })),
        finishReason: await result.finishReason,
        usage: await result.usage,
      };
    };
    const whole = await run([]);
    expect(whole.toolCalls).toEqual([{ toolName: 'weather', input: { city: 'Zürich' } }]);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: BYTES.length - 1 }), { maxLength: 60 }),
        async (cuts) => {
          expect(await run(cuts.sort((a, b) => a - b))).toEqual(whole);
        },
      ),
      { numRuns: 30 },
    );
  });
});
