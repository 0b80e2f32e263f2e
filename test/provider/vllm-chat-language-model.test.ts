import { APICallError } from '@ai-sdk/provider';
import { generateText, Output, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { createVllm } from '../../src';
import { createMockFetch, jsonResponse, sseResponse } from '../helpers/mock-fetch';
import {
  CHAT_CHUNKS,
  CHAT_COMPLETION,
  CHAT_COMPLETION_REASONING_CONTENT,
  FLAT_ERROR,
  NESTED_ERROR,
} from '../helpers/vllm-fixtures';

const baseURL = 'http://vllm.test/v1';

describe('chat request body', () => {
  it('sends the standard settings, topK as top_k, and the system role', async () => {
    const { fetch, requests } = createMockFetch(() => jsonResponse(CHAT_COMPLETION));
    const { warnings } = await generateText({
      model: createVllm({ baseURL, fetch })('Qwen/Qwen3-8B'),
      system: 'Be brief.',
      prompt: 'Hi',
      maxOutputTokens: 50,
      temperature: 0.2,
      topP: 0.9,
      topK: 20,
      seed: 7,
      stopSequences: ['END'],
    });
    expect(requests[0].body).toEqual({
      model: 'Qwen/Qwen3-8B',
      max_tokens: 50,
      temperature: 0.2,
      top_p: 0.9,
      top_k: 20,
      seed: 7,
      stop: ['END'],
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(warnings).toEqual([]);
  });

  it('asks for usage on streams (stream_options.include_usage)', async () => {
    const { fetch, requests } = createMockFetch(() => sseResponse(CHAT_CHUNKS));
    const result = streamText({ model: createVllm({ baseURL, fetch })('m'), prompt: 'Hi' });
    await result.consumeStream();
    expect(requests[0].body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('sends a JSON schema as response_format json_schema for Output.object', async () => {
    const { fetch, requests } = createMockFetch(() =>
      jsonResponse({
        ...CHAT_COMPLETION,
        choices: [
          { ...CHAT_COMPLETION.choices[0], message: { role: 'assistant', content: '{"city":"Paris"}' } },
        ],
      }),
    );
    const { output } = await generateText({
      model: createVllm({ baseURL, fetch })('m'),
      output: Output.object({ schema: z.object({ city: z.string() }) }),
      prompt: 'Capital of France?',
    });
    expect(output).toEqual({ city: 'Paris' });
    expect(requests[0].body?.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: {
        name: 'response',
        strict: true,
        schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    });
  });
});

describe('chat responses', () => {
  it('reads text, reasoning (vLLM ≥ 0.12 `reasoning`) and usage', async () => {
    const { fetch } = createMockFetch(() => jsonResponse(CHAT_COMPLETION));
    const result = await generateText({ model: createVllm({ baseURL, fetch })('m'), prompt: 'Hi' });
    expect(result.text).toBe('Hello from vLLM.');
    expect(result.reasoningText).toBe('The user greets me.');
    expect(result.usage.inputTokens).toBe(12);
    expect(result.usage.outputTokens).toBe(5);
    expect(result.finishReason).toBe('stop');
  });

  it('reads reasoning from `reasoning_content` (vLLM ≤ 0.11)', async () => {
    const { fetch } = createMockFetch(() => jsonResponse(CHAT_COMPLETION_REASONING_CONTENT));
    const result = await generateText({ model: createVllm({ baseURL, fetch })('m'), prompt: 'Hi' });
    expect(result.reasoningText).toBe('Old field name.');
  });

  it('streams text and reasoning and reports usage from the final usage chunk', async () => {
    const { fetch } = createMockFetch(() => sseResponse(CHAT_CHUNKS));
    const result = streamText({ model: createVllm({ baseURL, fetch })('m'), prompt: 'Hi' });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    expect(deltas).toEqual(['Hello', ' world']);
    expect(await result.reasoningText).toBe('Thinking.');
    const usage = await result.usage;
    expect(usage.inputTokens).toBe(9);
    expect(usage.outputTokens).toBe(4);
    expect(await result.finishReason).toBe('stop');
  });
});

describe('chat errors', () => {
  async function callAndCatch(response: Response): Promise<APICallError> {
    const { fetch } = createMockFetch(() => response);
    const error = await generateText({
      model: createVllm({ baseURL, fetch })('m'),
      prompt: 'Hi',
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    return error as APICallError;
  }

  it('uses the message of the nested envelope (vLLM ≥ 0.10.1)', async () => {
    const error = await callAndCatch(jsonResponse(NESTED_ERROR, 400));
    expect(error.message.startsWith(NESTED_ERROR.error.message)).toBe(true);
    expect(error.statusCode).toBe(400);
    expect(error.isRetryable).toBe(false);
  });

  it('uses the message of the flat envelope (vLLM ≤ 0.10.0)', async () => {
    const error = await callAndCatch(jsonResponse(FLAT_ERROR, 404));
    expect(error.message).toMatch(/^The model `nope` does not exist\. /);
    expect(error.statusCode).toBe(404);
  });

  it('explains the 401 body {"error":"Unauthorized"}', async () => {
    const error = await callAndCatch(jsonResponse({ error: 'Unauthorized' }, 401));
    expect(error.message).toMatch(/^Unauthorized: the vLLM server requires an API key/);
    expect(error.message).toContain('VLLM_API_KEY');
  });

  it('keeps 5xx retryable', async () => {
    const error = await callAndCatch(
      jsonResponse(
        { error: { message: 'engine died', type: 'InternalServerError', param: null, code: 500 } },
        500,
      ),
    );
    expect(error.message).toBe('engine died');
    expect(error.isRetryable).toBe(true);
  });

  it("surfaces a mid-stream error event with vLLM's message", async () => {
    const { fetch } = createMockFetch(() =>
      sseResponse([
        CHAT_CHUNKS[0],
        { error: { message: 'mid-stream failure', type: 'InternalServerError', param: null, code: 500 } },
      ]),
    );
    const errors: unknown[] = [];
    const result = streamText({
      model: createVllm({ baseURL, fetch })('m'),
      prompt: 'Hi',
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    await result.consumeStream();
    expect(JSON.stringify(errors)).toContain('mid-stream failure');
  });
});
