import { generateText, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { createVllm } from '../../src';
import { createMockFetch, jsonResponse, sseResponse } from '../helpers/mock-fetch';
import { COMPLETION } from '../helpers/vllm-fixtures';

const baseURL = 'http://vllm.test/v1';

describe('completion model', () => {
  it('posts to /v1/completions with max_tokens, top_k and raw vLLM extras', async () => {
    const { fetch, requests } = createMockFetch(() => jsonResponse(COMPLETION));
    const result = await generateText({
      model: createVllm({ baseURL, fetch }).completionModel('Qwen/Qwen3-8B'),
      prompt: 'The capital of France is',
      maxOutputTokens: 8,
      topK: 5,
      providerOptions: { vllm: { min_p: 0.1, repetition_penalty: 1.1 } },
    });
    expect(requests[0].url).toBe(`${baseURL}/completions`);
    expect(requests[0].body).toMatchObject({
      model: 'Qwen/Qwen3-8B',
      max_tokens: 8,
      top_k: 5,
      min_p: 0.1,
      repetition_penalty: 1.1,
    });
    expect(result.text).toBe(' Paris.');
    expect(result.warnings).toEqual([]);
  });

  it("warns that vLLM's /v1/completions stops at 16 tokens when maxOutputTokens is unset", async () => {
    const { fetch } = createMockFetch(() => jsonResponse(COMPLETION));
    const result = await generateText({
      model: createVllm({ baseURL, fetch }).completionModel('m'),
      prompt: 'x',
    });
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: 'other', message: expect.stringContaining('16 tokens') }),
    ]);
  });

  it('returns the logprobs vLLM sends as providerMetadata.vllm.logprobs', async () => {
    const { fetch, requests } = createMockFetch(() => jsonResponse(COMPLETION));
    const result = await generateText({
      model: createVllm({ baseURL, fetch }).completionModel('m'),
      prompt: 'x',
      maxOutputTokens: 2,
      providerOptions: { vllm: { logprobs: 1 } },
    });
    expect(requests[0].body?.logprobs).toBe(1);
    expect(result.providerMetadata?.vllm?.logprobs).toEqual(COMPLETION.choices[0].logprobs);
  });

  it('streams text, usage and merged logprobs', async () => {
    const chunk = (text: string, finish: string | null, tokens: string[]) => ({
      id: 'cmpl-1',
      object: 'text_completion',
      created: 1,
      model: 'm',
      choices: [
        {
          index: 0,
          text,
          logprobs: {
            text_offset: [0],
            token_logprobs: [-0.5],
            tokens,
            top_logprobs: [{ [tokens[0]]: -0.5 }],
          },
          finish_reason: finish,
          stop_reason: null,
        },
      ],
    });
    const { fetch, requests } = createMockFetch(() =>
      sseResponse([
        chunk(' Par', null, [' Par']),
        chunk('is', 'stop', ['is']),
        {
          id: 'cmpl-1',
          object: 'text_completion',
          created: 1,
          model: 'm',
          choices: [],
          usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
        },
      ]),
    );
    const result = streamText({
      model: createVllm({ baseURL, fetch }).completionModel('m'),
      prompt: 'x',
      maxOutputTokens: 2,
      providerOptions: { vllm: { logprobs: 1 } },
    });
    expect(await result.text).toBe(' Paris');
    expect(requests[0].body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect((await result.usage).outputTokens).toBe(2);
    expect((await result.providerMetadata)?.vllm?.logprobs).toMatchObject({
      tokens: [' Par', 'is'],
      token_logprobs: [-0.5, -0.5],
    });
  });
});
