import { APICallError } from '@ai-sdk/provider';
import { generateText, jsonSchema, Output, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { createVllm } from '../../src';
import { createMockFetch, jsonResponse } from '../helpers/mock-fetch';
import { vllmNotFound } from '../helpers/vllm-fixtures';
import {
  FUNCTION_CALL_ITEM,
  functionCallEvents,
  MESSAGE_ITEM,
  REASONING_ITEM,
  reasoningTextEvents,
  responsesBody,
  responsesSse,
} from './fixtures/vllm-responses';

const baseURL = 'http://vllm.test/v1';
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const weather = tool({
  description: 'Weather in a city',
  inputSchema: jsonSchema<{ city: string }>({
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
  }),
});

describe('responses(): generate', () => {
  it('posts to /v1/responses with store false and reads text, reasoning and usage', async () => {
    const { fetch, requests } = createMockFetch(() =>
      jsonResponse(responsesBody([REASONING_ITEM, MESSAGE_ITEM])),
    );
    const result = await generateText({
      model: createVllm({ baseURL, fetch, apiKey: 'secret', vllmVersion: 'latest' }).responses(
        'Qwen/Qwen3-8B',
      ),
      system: 'Be brief.',
      prompt: 'Hello',
      maxOutputTokens: 100,
      temperature: 0.3,
    });
    expect(requests).toHaveLength(1);
    expect(requests[0].url).toBe('http://vllm.test/v1/responses');
    expect(requests[0].headers.authorization).toBe('Bearer secret');
    expect(requests[0].headers['user-agent']).toContain('vllm-ai-provider/');
    expect(requests[0].body).toEqual({
      model: 'Qwen/Qwen3-8B',
      input: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'input_text', text: 'Hello' }] },
      ],
      temperature: 0.3,
      max_output_tokens: 100,
      store: false,
    });
    expect(result.text).toBe('Hello! How can I help?');
    expect(result.reasoningText).toBe('The user greets me.');
    expect(result.usage).toMatchObject({ inputTokens: 14, outputTokens: 9, totalTokens: 23 });
    expect(result.usage.outputTokenDetails?.reasoningTokens).toBe(4);
    expect(result.finishReason).toBe('stop');
    expect(result.response.id).toBe('resp_8b1a6d0c1f0e4c3a9d2b7e5f6a4c3b2d');
    expect(result.warnings).toEqual([]);
  });

  it('never sends a placeholder key and needs no OPENAI_API_KEY', async () => {
    const { fetch, requests } = createMockFetch(() => jsonResponse(responsesBody([MESSAGE_ITEM])));
    await generateText({ model: createVllm({ baseURL, fetch, apiKey: '' }).responses('m'), prompt: 'Hi' });
    expect(requests[0].headers.authorization).toBeUndefined();
  });

  it("reports providerMetadata under the provider's key", async () => {
    const { fetch } = createMockFetch(() => jsonResponse(responsesBody([REASONING_ITEM, MESSAGE_ITEM])));
    const result = await generateText({
      model: createVllm({ baseURL, fetch, vllmVersion: 'latest' }).responses('m'),
      prompt: 'Hi',
    });
    expect(result.providerMetadata).toHaveProperty('vllm');
    expect(result.providerMetadata).not.toHaveProperty('openai');
    expect(result.reasoning[0].providerMetadata).toEqual({
      vllm: { itemId: 'rs_3f0c5e2a9b8d4c7e', reasoningEncryptedContent: null },
    });
  });

  it('sends vLLM sampling fields and reasoning effort the OpenAI model would drop', async () => {
    const { fetch, requests } = createMockFetch(() => jsonResponse(responsesBody([MESSAGE_ITEM])));
    const result = await generateText({
      model: createVllm({ baseURL, fetch, vllmVersion: 'latest' }).responses('openai/gpt-oss-20b'),
      prompt: 'Hi',
      topK: 20,
      seed: 5,
      stopSequences: ['END'],
      presencePenalty: 0.5,
      reasoning: 'high',
      providerOptions: {
        vllm: {
          repetitionPenalty: 1.1,
          chatTemplateKwargs: { enable_thinking: true },
          cacheSalt: 'tenant-1',
        },
      },
    });
    expect(requests[0].body).toMatchObject({
      top_k: 20,
      seed: 5,
      stop: ['END'],
      presence_penalty: 0.5,
      reasoning: { effort: 'high' },
      repetition_penalty: 1.1,
      chat_template_kwargs: { enable_thinking: true },
      cache_salt: 'tenant-1',
    });
    expect(result.warnings).toEqual([]);
  });

  it('withholds fields the release does not read, with a warning naming the release that has them', async () => {
    const { fetch, requests } = createMockFetch(() => jsonResponse(responsesBody([MESSAGE_ITEM])));
    const result = await generateText({
      model: createVllm({ baseURL, fetch, vllmVersion: '0.12.0' }).responses('m'),
      prompt: 'Hi',
      topK: 20,
      seed: 5,
    });
    expect(requests[0].body).not.toHaveProperty('top_k');
    expect(requests[0].body).not.toHaveProperty('seed');
    expect(result.warnings).toEqual([
      expect.objectContaining({
        type: 'unsupported',
        feature: 'topK',
        details: expect.stringContaining('vLLM ≥ 0.13'),
      }),
      expect.objectContaining({
        type: 'unsupported',
        feature: 'seed',
        details: expect.stringContaining('vLLM ≥ 0.16'),
      }),
    ]);
  });

  it('reads function calls and sends tools in the Responses shape', async () => {
    const { fetch, requests } = createMockFetch(() => jsonResponse(responsesBody([FUNCTION_CALL_ITEM])));
    const result = await generateText({
      model: createVllm({ baseURL, fetch, vllmVersion: 'latest' }).responses('m'),
      prompt: 'Weather in Paris?',
      tools: { weather },
    });
    expect(requests[0].body).toMatchObject({
      tools: [
        {
          type: 'function',
          name: 'weather',
          description: 'Weather in a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      ],
      tool_choice: 'auto',
    });
    expect(result.toolCalls).toEqual([
      expect.objectContaining({
        toolCallId: 'call_5d4c3b2a1f0e9d8c',
        toolName: 'weather',
        input: { city: 'Paris' },
      }),
    ]);
    expect(result.finishReason).toBe('tool-calls');
  });

  it('sends Output.object as text.format json_schema and parses the answer', async () => {
    const answer = { ...MESSAGE_ITEM, content: [{ ...MESSAGE_ITEM.content[0], text: '{"city":"Paris"}' }] };
    const { fetch, requests } = createMockFetch(() => jsonResponse(responsesBody([answer])));
    const result = await generateText({
      model: createVllm({ baseURL, fetch, vllmVersion: 'latest' }).responses('m'),
      prompt: 'A city',
      output: Output.object({
        schema: jsonSchema<{ city: string }>({
          type: 'object',
          properties: { city: { type: 'string' } },
          required: ['city'],
          additionalProperties: false,
        }),
      }),
    });
    expect(requests[0].body?.text).toMatchObject({
      format: { type: 'json_schema', strict: true, name: 'response', schema: { type: 'object' } },
    });
    expect(result.output).toEqual({ city: 'Paris' });
  });

  it("passes @ai-sdk/openai's built-in tools through as Responses tools (gpt-oss with --tool-server)", async () => {
    const { openai } = await import('@ai-sdk/openai');
    const { fetch, requests } = createMockFetch(() => jsonResponse(responsesBody([MESSAGE_ITEM])));
    await generateText({
      model: createVllm({ baseURL, fetch, vllmVersion: 'latest' }).responses('openai/gpt-oss-20b'),
      prompt: 'Latest vLLM release?',
      tools: { web_search_preview: openai.tools.webSearchPreview({}) },
    });
    expect(requests[0].body?.tools).toEqual([expect.objectContaining({ type: 'web_search_preview' })]);
  });

  it('maps max_output_tokens (status incomplete) to finish reason length', async () => {
    const { fetch } = createMockFetch(() => jsonResponse(responsesBody([MESSAGE_ITEM], 'incomplete')));
    const result = await generateText({ model: createVllm({ baseURL, fetch }).responses('m'), prompt: 'Hi' });
    expect(result.finishReason).toBe('length');
  });
});

describe('responses(): stream', () => {
  it('streams reasoning and text deltas, then finish with usage', async () => {
    const { fetch, requests } = createMockFetch(() => responsesSse(reasoningTextEvents()));
    const result = streamText({
      model: createVllm({ baseURL, fetch, vllmVersion: 'latest' }).responses('Qwen/Qwen3-8B'),
      prompt: 'Hello',
    });
    const parts: string[] = [];
    for await (const part of result.fullStream) {
      if (part.type === 'reasoning-delta') parts.push(`reasoning:${part.text}`);
      if (part.type === 'text-delta') parts.push(`text:${part.text}`);
    }
    expect(parts).toEqual([
      'reasoning:The user',
      'reasoning: greets me.',
      'text:Hello!',
      'text: How can I help?',
    ]);
    expect(requests[0].body).toMatchObject({ stream: true, store: false });
    expect(await result.text).toBe('Hello! How can I help?');
    expect(await result.reasoningText).toBe('The user greets me.');
    expect(await result.usage).toMatchObject({ inputTokens: 14, outputTokens: 9 });
    expect(await result.finishReason).toBe('stop');
  });

  it('streams a function call', async () => {
    const { fetch } = createMockFetch(() => responsesSse(functionCallEvents()));
    const result = streamText({
      model: createVllm({ baseURL, fetch, vllmVersion: 'latest' }).responses('m'),
      prompt: 'Weather in Paris?',
      tools: { weather },
    });
    const calls = await result.toolCalls;
    expect(calls).toEqual([expect.objectContaining({ toolName: 'weather', input: { city: 'Paris' } })]);
    expect(await result.finishReason).toBe('tool-calls');
  });
});

describe('responses(): release checks and errors', () => {
  it('validates the options it shares with the chat model as the chat model does', async () => {
    const { fetch, requests } = createMockFetch(() => jsonResponse(responsesBody([MESSAGE_ITEM])));
    const model = createVllm({ baseURL, fetch, vllmVersion: 'latest' }).responses('Qwen/Qwen3-8B');
    const call = (vllm: Record<string, unknown>) =>
      generateText({ model, prompt: 'Hi', providerOptions: { vllm } as never });
    await expect(call({ logitBias: { hello: 5 } })).rejects.toThrow(/keys must be token ids such as "50256"/);
    await expect(call({ logitBias: { '50256': 101 } })).rejects.toThrow(/between -100 and 100/);
    await expect(call({ cacheSalt: '' })).rejects.toThrow(/vLLM requires a non-empty cache salt/);
    expect(requests).toHaveLength(0);
  });

  it('refuses streaming on a release without it, before any request', async () => {
    const { fetch, requests } = createMockFetch(() => jsonResponse({}));
    const errors: unknown[] = [];
    const result = streamText({
      model: createVllm({ baseURL, fetch, vllmVersion: '0.10.1' }).responses('m'),
      prompt: 'Hi',
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    await result.consumeStream();
    expect(String(errors[0])).toMatch(/vLLM 0\.10\.1 does not stream \/v1\/responses.*vLLM ≥ 0\.10\.2/);
    expect(requests).toHaveLength(0);
  });

  it('refuses function tools for non-gpt-oss models on releases that ignore them', async () => {
    const { fetch, requests } = createMockFetch(() => jsonResponse(responsesBody([MESSAGE_ITEM])));
    await expect(
      generateText({
        model: createVllm({ baseURL, fetch, vllmVersion: '0.11.0' }).responses('Qwen/Qwen3-8B'),
        prompt: 'Hi',
        tools: { weather },
      }),
    ).rejects.toThrow(/calls function tools only for gpt-oss.*vLLM ≥ 0\.11\.1/);
    expect(requests).toHaveLength(0);
    await expect(
      generateText({
        model: createVllm({ baseURL, fetch, vllmVersion: '0.11.0' }).responses('openai/gpt-oss-20b'),
        prompt: 'Hi',
        tools: { weather },
      }),
    ).resolves.toBeDefined();
  });

  it("keeps vLLM's error message", async () => {
    const { fetch } = createMockFetch(() => vllmNotFound('The model `nope` does not exist.'));
    const error = await generateText({
      model: createVllm({ baseURL, fetch }).responses('nope'),
      prompt: 'Hi',
      maxRetries: 0,
    }).catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^The model `nope` does not exist\. Use a name the server serves/,
    );
  });
});
