import { APICallError, type LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { jsonSchema, streamText } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { createVllm, VllmRoutingError } from '../../src';
import { type LoopbackStream, startLoopbackSseServer } from '../helpers/loopback-sse-server';
import { chatChunk, finishChunk, roleChunk, usageChunk } from './fixtures/vllm-shapes';

// Three defects of the stream as openai-compatible handled it, each reproduced against a real
// loopback server: the parts users see now that the chat model owns its stream.

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(respond: (body: Record<string, unknown>) => LoopbackStream) {
  const server = await startLoopbackSseServer(respond);
  servers.push(server);
  return server;
}

const text = (index: number, content: string) => chatChunk({ index, delta: { content } });
const reasoning = (index: number, value: string) => chatChunk({ index, delta: { reasoning: value } });

async function streamedParts(
  baseURL: string,
  providerOptions: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  const model = createVllm({ baseURL, vllmVersion: 'latest' })('Qwen/Qwen3-8B');
  const { stream } = await model.doStream({
    prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    providerOptions: { vllm: providerOptions as never },
    ...extra,
  });
  const parts: LanguageModelV4StreamPart[] = [];
  for await (const part of stream as unknown as AsyncIterable<LanguageModelV4StreamPart>) parts.push(part);
  return parts;
}

/** Parts as compared between runs: errors by class and message, no per-request metadata. */
function comparable(parts: LanguageModelV4StreamPart[]) {
  return parts.map((part) => {
    if (part.type === 'error') return { type: 'error', message: (part.error as Error).message };
    if (part.type === 'finish') return { type: 'finish', finishReason: part.finishReason };
    return part;
  });
}

describe('a stream reset mid-way', () => {
  const resetAfterTwoDeltas = () => ({
    chunks: [roleChunk(), text(0, 'Hello'), text(0, ' world')],
    reset: true,
  });

  it("through the router: the router's clear error is the stream's error part", async () => {
    const server = await serve(resetAfterTwoDeltas);
    const provider = createVllm({ endpoints: [server.baseURL], vllmVersion: 'latest' });
    const errors: unknown[] = [];
    const result = streamText({
      model: provider('Qwen/Qwen3-8B'),
      prompt: 'hi',
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    expect(await result.text).toBe('Hello world');
    expect(await result.finishReason).toBe('error');
    expect(errors).toHaveLength(1);
    const [error] = errors as VllmRoutingError[];
    expect(VllmRoutingError.isInstance(error)).toBe(true);
    expect(error.reason).toBe('stream-interrupted');
    expect(error.message).toContain(`from vLLM at ${server.baseURL} broke after`);
    expect(error.message).not.toContain('Failed to process successful response');
    await provider.close();
  });

  it('without the router: an APICallError naming the URL, not the generic message', async () => {
    const server = await serve(resetAfterTwoDeltas);
    const errors: unknown[] = [];
    const result = streamText({
      model: createVllm({ baseURL: server.baseURL, vllmVersion: 'latest' })('Qwen/Qwen3-8B'),
      prompt: 'hi',
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    expect(await result.text).toBe('Hello world');
    expect(await result.finishReason).toBe('error');
    expect(errors).toHaveLength(1);
    const [error] = errors as APICallError[];
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(
      new RegExp(
        `^The response stream from vLLM at ${server.baseURL}/chat/completions broke after 3 event\\(s\\): `,
      ),
    );
    expect(error.isRetryable).toBe(false);
  });
});

describe('n > 1: choice 0 streams exactly what n = 1 gives', () => {
  it('cut before choice 0 finishes: an error and the error finish reason, not choice 1\'s "stop"', async () => {
    const several = await serve(() => ({
      chunks: [
        roleChunk(0),
        roleChunk(1),
        text(0, 'A'),
        text(1, 'B'),
        finishChunk('stop', null, 1),
        usageChunk(),
      ],
    }));
    const single = await serve(() => ({ chunks: [roleChunk(0), text(0, 'A'), usageChunk()] }));
    const parts = await streamedParts(several.baseURL, { n: 2 });
    expect(comparable(parts)).toEqual(comparable(await streamedParts(single.baseURL)));
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'error' } });
    expect(parts).toContainEqual(expect.objectContaining({ type: 'error' }));
  });

  it('reasoning: other choices do not split choice 0 into several reasoning and text parts', async () => {
    const choiceZero = [
      reasoning(0, 'r0 '),
      reasoning(0, 'r0b'),
      text(0, 'answer'),
      finishChunk('stop', null, 0),
    ];
    const several = await serve(() => ({
      chunks: [
        roleChunk(0),
        roleChunk(1),
        choiceZero[0],
        text(1, 'x'),
        choiceZero[1],
        reasoning(1, 'y'),
        choiceZero[2],
        text(1, 'z'),
        choiceZero[3],
        finishChunk('length', null, 1),
        usageChunk(),
      ],
    }));
    const single = await serve(() => ({ chunks: [roleChunk(0), ...choiceZero, usageChunk()] }));
    const parts = await streamedParts(several.baseURL, { n: 2 });
    expect(comparable(parts)).toEqual(comparable(await streamedParts(single.baseURL)));
    expect(parts.filter((part) => part.type === 'reasoning-start')).toHaveLength(1);
    expect(parts.filter((part) => part.type === 'text-delta')).toEqual([
      { type: 'text-delta', id: 'txt-0', delta: 'answer' },
    ]);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'stop', raw: 'stop' } });
  });
});

describe('a warning found late in the stream', () => {
  it('tool_calls without a call: on the finish part, stream-start left as it was sent', async () => {
    const server = await serve(() => ({
      chunks: [
        roleChunk(),
        reasoning(0, '<tool_call>{"name": "weather"}'),
        finishChunk('tool_calls'),
        usageChunk(),
      ],
    }));
    const parts = await streamedParts(
      server.baseURL,
      {},
      {
        tools: [
          {
            type: 'function',
            name: 'weather',
            inputSchema: jsonSchema({ type: 'object', properties: {} }).jsonSchema,
          },
        ],
      },
    );
    const start = parts[0] as Extract<LanguageModelV4StreamPart, { type: 'stream-start' }>;
    expect(start.warnings).toEqual([]);
    const finish = parts.at(-1) as Extract<LanguageModelV4StreamPart, { type: 'finish' }>;
    expect(finish.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_calls' });
    expect(finish.providerMetadata?.vllm?.warnings).toEqual([
      {
        type: 'other',
        message: expect.stringContaining('finish_reason "tool_calls" but returned no tool call'),
      },
    ]);
  });
});
