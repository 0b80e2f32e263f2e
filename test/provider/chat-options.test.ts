import { generateText, Output } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { createVllm } from '../../src';
import { createMockFetch, jsonResponse } from '../helpers/mock-fetch';
import { chatBody } from './fixtures/vllm-shapes';
import { baseURL, sendChat } from './helpers';

// One request-body test per chat option (newest vLLM): camelCase in, snake_case on the wire.
const oneToOne: [option: string, value: unknown, field: string, wire?: unknown][] = [
  ['topK', 40, 'top_k'],
  ['minP', 0.05, 'min_p'],
  ['repetitionPenalty', 1.1, 'repetition_penalty'],
  ['lengthPenalty', 0.8, 'length_penalty'],
  ['minTokens', 3, 'min_tokens'],
  ['ignoreEos', true, 'ignore_eos'],
  ['stopTokenIds', [151645], 'stop_token_ids'],
  ['includeStopStrInOutput', true, 'include_stop_str_in_output'],
  ['skipSpecialTokens', false, 'skip_special_tokens'],
  ['spacesBetweenSpecialTokens', false, 'spaces_between_special_tokens'],
  ['truncatePromptTokens', -1, 'truncate_prompt_tokens'],
  ['truncationSide', 'left', 'truncation_side'],
  ['allowedTokenIds', [1, 2, 3], 'allowed_token_ids'],
  ['badWords', ['darn'], 'bad_words'],
  ['logitBias', { '50256': -100 }, 'logit_bias'],
  ['streamInterval', 4, 'stream_interval'],
  ['n', 2, 'n'],
  ['useBeamSearch', true, 'use_beam_search'],
  ['promptLogprobs', 1, 'prompt_logprobs'],
  ['returnTokenIds', true, 'return_token_ids'],
  ['returnTokensAsTokenIds', true, 'return_tokens_as_token_ids'],
  ['addSpecialTokens', true, 'add_special_tokens'],
  ['thinkingTokenBudget', 256, 'thinking_token_budget'],
  ['priority', -1, 'priority'],
  ['cacheSalt', 'tenant-a', 'cache_salt'],
  ['vllmXargs', { my_processor: 3 }, 'vllm_xargs'],
  ['kvTransferParams', { do_remote_decode: true }, 'kv_transfer_params'],
  ['user', 'user-7', 'user'],
  ['includeReasoning', false, 'include_reasoning'],
  ['reasoningEffort', 'high', 'reasoning_effort'],
  ['chatTemplate', '{{ messages[0].content }}', 'chat_template'],
  ['addGenerationPrompt', false, 'add_generation_prompt'],
  ['echo', true, 'echo'],
  ['documents', [{ title: 'Doc', text: 'Body' }], 'documents'],
  ['mmProcessorKwargs', { num_crops: 4 }, 'mm_processor_kwargs'],
  ['mediaIoKwargs', { video: { num_frames: 8 } }, 'media_io_kwargs'],
  ['parallelToolCalls', false, 'parallel_tool_calls'],
  ['chatTemplateKwargs', { custom_flag: 1 }, 'chat_template_kwargs'],
  ['logprobs', true, 'logprobs'],
  [
    'repetitionDetection',
    { maxPatternSize: 8, minCount: 3 },
    'repetition_detection',
    { max_pattern_size: 8, min_count: 3 },
  ],
  ['beamWidth', 4, 'n', 4],
  ['loraAdapter', 'sql-lora', 'model', 'sql-lora'],
];

describe('chat providerOptions.vllm → request body (newest vLLM)', () => {
  it.each(oneToOne)('%s → %s', async (option, value, field, wire = value) => {
    const { body, result } = await sendChat({ [option]: value });
    expect(body[field]).toEqual(wire);
    expect(body).not.toHaveProperty(option === field ? '__none__' : option);
    expect(result.warnings).toEqual([]);
  });

  it('beamWidth turns on beam search', async () => {
    const { body } = await sendChat({ beamWidth: 3 });
    expect(body).toMatchObject({ n: 3, use_beam_search: true });
  });

  it('logprobs: k asks for k alternatives per token', async () => {
    const { body } = await sendChat({ logprobs: 3 });
    expect(body).toMatchObject({ logprobs: true, top_logprobs: 3 });
  });

  it('topLogprobs with logprobs', async () => {
    const { body } = await sendChat({ logprobs: true, topLogprobs: 2 });
    expect(body).toMatchObject({ logprobs: true, top_logprobs: 2 });
  });

  it('thinking writes both chat_template_kwargs keys; chatTemplateKwargs wins per key', async () => {
    expect((await sendChat({ thinking: false })).body.chat_template_kwargs).toEqual({
      enable_thinking: false,
      thinking: false,
    });
    expect(
      (await sendChat({ thinking: true, chatTemplateKwargs: { thinking: false, x: 1 } })).body
        .chat_template_kwargs,
    ).toEqual({
      enable_thinking: true,
      thinking: false,
      x: 1,
    });
  });

  it('continueFinalMessage sends add_generation_prompt: false for you', async () => {
    const { body } = await sendChat({ continueFinalMessage: true });
    expect(body).toMatchObject({ continue_final_message: true, add_generation_prompt: false });
  });

  it('requestId goes in the X-Request-Id header and request_id', async () => {
    const { body, headers } = await sendChat({ requestId: 'req-42' });
    expect(headers['x-request-id']).toBe('req-42');
    expect(body.request_id).toBe('req-42');
  });

  it('sessionKey goes only in the X-Session-ID header', async () => {
    const { body, headers } = await sendChat({ sessionKey: 'conversation-9' });
    expect(headers['x-session-id']).toBe('conversation-9');
    expect(body).not.toHaveProperty('session_id');
    expect(body).not.toHaveProperty('sessionKey');
  });

  it('strictJsonSchema: false relaxes the Output.object schema', async () => {
    const { body } = await sendChat(
      { strictJsonSchema: false },
      {
        output: Output.object({ schema: z.object({ city: z.string() }) }),
        response: chatBody([{ message: { content: '{"city":"Paris"}' } }]),
      },
    );
    expect(body.response_format).toMatchObject({ type: 'json_schema', json_schema: { strict: false } });
  });

  it('loraAdapter selects the adapter per call; the same model object serves the base model', async () => {
    const { fetch, requests } = createMockFetch(() =>
      jsonResponse(chatBody([{ message: { content: 'ok' } }])),
    );
    const model = createVllm({ baseURL, fetch, vllmVersion: 'latest' })('Qwen/Qwen3-8B');
    await generateText({ model, prompt: 'a', providerOptions: { vllm: { loraAdapter: 'sql-lora' } } });
    await generateText({ model, prompt: 'b', providerOptions: { vllm: { loraAdapter: 'chat-lora' } } });
    await generateText({ model, prompt: 'c' });
    expect(requests.map((request) => request.body?.model)).toEqual([
      'sql-lora',
      'chat-lora',
      'Qwen/Qwen3-8B',
    ]);
  });

  it('the SDK topK is sent as top_k; providerOptions.vllm.topK wins', async () => {
    expect((await sendChat(undefined, { topK: 20 })).body.top_k).toBe(20);
    expect((await sendChat({ topK: 5 }, { topK: 20 })).body.top_k).toBe(5);
  });

  it('extraBody is merged last, unchecked', async () => {
    const { body, result } = await sendChat({
      minP: 0.1,
      extraBody: { min_p: 0.2, brand_new_field: { a: 1 } },
    });
    expect(body).toMatchObject({ min_p: 0.2, brand_new_field: { a: 1 } });
    expect(result.warnings).toEqual([]);
  });
});

describe('raw snake_case keys (coming from openai-compatible)', () => {
  it('are validated and mapped like the typed option', async () => {
    const { body } = await sendChat({
      min_p: 0.1,
      repetition_penalty: 1.2,
      chat_template_kwargs: { enable_thinking: false },
    });
    expect(body).toMatchObject({
      min_p: 0.1,
      repetition_penalty: 1.2,
      chat_template_kwargs: { enable_thinking: false },
    });
    await expect(sendChat({ min_p: 2 })).rejects.toThrow(/providerOptions\.vllm\.min_p: .*<=1/);
  });

  it('guided_json on a new server becomes structured_outputs instead of being ignored', async () => {
    const { body } = await sendChat({ guided_json: { type: 'object' } });
    expect(body.structured_outputs).toEqual({ json: { type: 'object' } });
    expect(body).not.toHaveProperty('guided_json');
  });

  it('never override messages, model, stream or tools', async () => {
    const { body, result } = await sendChat({ messages: [], model: 'other', stream: true, tools: [] });
    expect(body.model).toBe('Qwen/Qwen3-8B');
    expect(body.messages).toEqual([{ role: 'user', content: 'Hi' }]);
    expect(body).not.toHaveProperty('stream');
    expect(body).not.toHaveProperty('tools');
    expect((result.warnings ?? []).map((warning) => (warning as { message: string }).message)).toEqual([
      expect.stringContaining('providerOptions.vllm.messages is ignored'),
      expect.stringContaining('loraAdapter'),
      expect.stringContaining('providerOptions.vllm.stream is ignored'),
      expect.stringContaining('providerOptions.vllm.tools is ignored'),
    ]);
  });

  it('pass other vLLM fields through, and warn about fields vLLM does not know', async () => {
    const { body, result } = await sendChat({ return_prompt_text: true, min_pp: 0.1 });
    expect(body).toMatchObject({ return_prompt_text: true, min_pp: 0.1 });
    expect(result.warnings).toEqual([
      expect.objectContaining({
        type: 'other',
        message: expect.stringContaining('min_pp is not a vLLM request field'),
      }),
    ]);
  });

  it('reject the same option spelled twice', async () => {
    await expect(sendChat({ minP: 0.1, min_p: 0.2 })).rejects.toThrow(/min_p and minP set the same option/);
  });

  it('extraBody cannot set the fields the provider owns', async () => {
    await expect(sendChat({ extraBody: { messages: [] } })).rejects.toThrow(
      /providerOptions\.vllm\.extraBody: cannot set messages/,
    );
  });
});

describe('a custom provider name', () => {
  it('reads providerOptions[name] and reports metadata under it', async () => {
    const { fetch, requests } = createMockFetch(() =>
      jsonResponse(chatBody([{ message: { content: 'ok' }, stop_reason: 'END' }])),
    );
    const result = await generateText({
      model: createVllm({ baseURL, fetch, name: 'gpu-box', vllmVersion: 'latest' })('m'),
      prompt: 'Hi',
      providerOptions: { gpuBox: { minP: 0.2 } },
    });
    expect(requests[0].body?.min_p).toBe(0.2);
    expect(result.providerMetadata?.gpuBox).toMatchObject({ stopReason: 'END' });
  });
});
