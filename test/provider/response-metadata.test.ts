import { generateText, jsonSchema, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { createVllm } from '../../src';
import { createMockFetch, jsonResponse, sseResponse } from '../helpers/mock-fetch';
import {
  chatBody,
  chatChunk,
  completionBody,
  completionChunk,
  finishChunk,
  logprobEntry,
  roleChunk,
  usageChunk,
} from './fixtures/vllm-shapes';
import { baseURL } from './helpers';

function provider(response: () => Response) {
  const { fetch } = createMockFetch(response);
  return createVllm({ baseURL, fetch, vllmVersion: 'latest' });
}

const promptLogprobs = [null, { '791': { logprob: -1.25, rank: 1, decoded_token: 'The' } }];

describe('chat: providerMetadata.vllm (generateText)', () => {
  it('logprobs, stopReason, tokenIds, promptTokenIds, promptLogprobs, kvTransferParams', async () => {
    const body = chatBody(
      [
        {
          message: { content: 'Hi there' },
          logprobs: { content: [logprobEntry('Hi', -0.1), logprobEntry(' there', -0.4)] },
          stop_reason: 'END',
          token_ids: [13048, 1052],
        },
      ],
      {
        prompt_token_ids: [791, 3681],
        prompt_logprobs: promptLogprobs,
        kv_transfer_params: { remote_block_ids: [1] },
      },
    );
    const result = await generateText({
      model: provider(() => jsonResponse(body))('m'),
      prompt: 'Hi',
      providerOptions: { vllm: { logprobs: 1, returnTokenIds: true, promptLogprobs: 1 } },
    });
    expect(result.providerMetadata?.vllm).toEqual({
      logprobs: [logprobEntry('Hi', -0.1), logprobEntry(' there', -0.4)],
      stopReason: 'END',
      tokenIds: [13048, 1052],
      promptTokenIds: [791, 3681],
      promptLogprobs,
      kvTransferParams: { remote_block_ids: [1] },
    });
  });

  it('all choices when n > 1; the SDK text is choice 0', async () => {
    const body = chatBody([
      { message: { content: 'First', reasoning: 'r0' }, finish_reason: 'stop' },
      { message: { content: 'Second' }, finish_reason: 'length' },
    ]);
    const result = await generateText({
      model: provider(() => jsonResponse(body))('m'),
      prompt: 'Hi',
      providerOptions: { vllm: { n: 2 } },
    });
    expect(result.text).toBe('First');
    expect(result.providerMetadata?.vllm?.choices).toEqual([
      { index: 0, text: 'First', reasoning: 'r0', finishReason: 'stop' },
      { index: 1, text: 'Second', finishReason: 'length' },
    ]);
  });

  it('every beam of beam search', async () => {
    const beams = ['Paris is the capital.', 'Paris.', 'It is Paris.'];
    const body = chatBody(
      beams.map((content) => ({ message: { content }, finish_reason: 'stop', stop_reason: 151645 })),
    );
    const result = await generateText({
      model: provider(() => jsonResponse(body))('m'),
      prompt: 'Capital of France?',
      providerOptions: { vllm: { beamWidth: 3, lengthPenalty: 1.2 } },
    });
    expect(result.providerMetadata?.vllm?.choices).toEqual(
      beams.map((text, index) => ({ index, text, finishReason: 'stop', stopReason: 151645 })),
    );
  });

  it.each(['abort', 'repetition'])('finish reason %s keeps its raw value', async (reason) => {
    const result = await generateText({
      model: provider(() =>
        jsonResponse(chatBody([{ message: { content: 'la la la' }, finish_reason: reason }])),
      )('m'),
      prompt: 'Hi',
    });
    expect(result.finishReason).toBe('other');
    expect(result.rawFinishReason).toBe(reason);
  });
});

describe('chat: providerMetadata.vllm (streamText)', () => {
  it('collects logprobs, token ids, prompt token ids and the stop reason from the chunks', async () => {
    const chunks = [
      roleChunk(0, { prompt_token_ids: [791, 3681] }),
      chatChunk({
        delta: { content: 'Hi' },
        logprobs: { content: [logprobEntry('Hi', -0.1)] },
        token_ids: [13048],
      }),
      chatChunk({
        delta: { content: ' there' },
        logprobs: { content: [logprobEntry(' there', -0.4)] },
        token_ids: [1052],
      }),
      chatChunk({ delta: { content: '' }, finish_reason: 'stop', stop_reason: 'END', token_ids: [] }),
      usageChunk(),
    ];
    const result = streamText({
      model: provider(() => sseResponse(chunks))('m'),
      prompt: 'Hi',
      stopSequences: ['END'],
      providerOptions: { vllm: { logprobs: true, returnTokenIds: true } },
    });
    expect(await result.text).toBe('Hi there');
    expect((await result.providerMetadata)?.vllm).toEqual({
      logprobs: [logprobEntry('Hi', -0.1), logprobEntry(' there', -0.4)],
      tokenIds: [13048, 1052],
      promptTokenIds: [791, 3681],
      stopReason: 'END',
    });
  });

  it('a tool-calling stream keeps the stop token id it ended on (Llama 3.x <|eom_id|>)', async () => {
    const call = { index: 0, id: 'call-1', type: 'function', function: { name: 'weather', arguments: '{}' } };
    const chunks = [
      roleChunk(),
      chatChunk({ delta: { tool_calls: [call] } }),
      chatChunk({ delta: {}, finish_reason: 'tool_calls', stop_reason: 128008 }),
      usageChunk(),
    ];
    const result = streamText({
      model: provider(() => sseResponse(chunks))('m'),
      prompt: 'Hi',
      tools: { weather: tool({ inputSchema: jsonSchema({ type: 'object' }) }) },
    });
    await result.consumeStream();
    expect((await result.providerMetadata)?.vllm).toEqual({ stopReason: 128008 });
  });

  it('collects nothing the request did not ask for', async () => {
    const chunks = [
      roleChunk(),
      chatChunk({ delta: { content: 'x' }, logprobs: { content: [logprobEntry('x', -1)] } }),
      finishChunk('stop'),
      usageChunk(),
    ];
    const result = streamText({ model: provider(() => sseResponse(chunks))('m'), prompt: 'Hi' });
    await result.consumeStream();
    expect((await result.providerMetadata)?.vllm).toEqual({});
  });

  it('n > 1: the text is choice 0 only; every choice is in the metadata', async () => {
    const chunks = [
      roleChunk(0),
      roleChunk(1),
      chatChunk({ index: 0, delta: { content: 'Red' } }),
      chatChunk({ index: 1, delta: { content: 'Blue' } }),
      chatChunk({ index: 1, delta: { content: ' sky' } }),
      chatChunk({ index: 0, delta: { content: ' rose' } }),
      finishChunk('stop', null, 0),
      finishChunk('length', null, 1),
      usageChunk(),
    ];
    const result = streamText({
      model: provider(() => sseResponse(chunks))('m'),
      prompt: 'A colour',
      providerOptions: { vllm: { n: 2 } },
    });
    expect(await result.text).toBe('Red rose');
    expect(await result.finishReason).toBe('stop');
    expect((await result.providerMetadata)?.vllm?.choices).toEqual([
      { index: 0, text: 'Red rose', finishReason: 'stop' },
      { index: 1, text: 'Blue sky', finishReason: 'length' },
    ]);
  });

  it('n > 1 keeps raw chunks only when the caller asked for them', async () => {
    const chunks = [
      roleChunk(0),
      roleChunk(1),
      chatChunk({ index: 1, delta: { content: 'b' } }),
      chatChunk({ index: 0, delta: { content: 'a' } }),
      finishChunk('stop', null, 0),
      finishChunk('stop', null, 1),
      usageChunk(),
    ];
    const count = async (includeRawChunks: boolean) => {
      const result = streamText({
        model: provider(() => sseResponse(chunks))('m'),
        prompt: 'Hi',
        includeRawChunks,
        providerOptions: { vllm: { n: 2 } },
      });
      let raw = 0;
      for await (const part of result.fullStream) if (part.type === 'raw') raw++;
      return raw;
    };
    expect(await count(false)).toBe(0);
    expect(await count(true)).toBe(chunks.length);
  });

  it('beam search streams every beam at the end', async () => {
    const chunks = [
      chatChunk(undefined, {
        choices: [
          {
            index: 0,
            delta: { role: 'assistant', content: 'Paris.' },
            logprobs: null,
            finish_reason: 'stop',
            stop_reason: 151645,
          },
          {
            index: 1,
            delta: { role: 'assistant', content: 'It is Paris.' },
            logprobs: null,
            finish_reason: 'stop',
            stop_reason: 151645,
          },
        ],
      }),
      usageChunk(),
    ];
    const result = streamText({
      model: provider(() => sseResponse(chunks))('m'),
      prompt: 'Capital of France?',
      providerOptions: { vllm: { useBeamSearch: true, n: 2 } },
    });
    expect(await result.text).toBe('Paris.');
    expect((await result.providerMetadata)?.vllm?.choices).toEqual([
      { index: 0, text: 'Paris.', finishReason: 'stop', stopReason: 151645 },
      { index: 1, text: 'It is Paris.', finishReason: 'stop', stopReason: 151645 },
    ]);
  });

  it('keeps the raw abort finish reason', async () => {
    const result = streamText({
      model: provider(() =>
        sseResponse([
          roleChunk(),
          chatChunk({ delta: { content: 'x' } }),
          finishChunk('abort'),
          usageChunk(),
        ]),
      )('m'),
      prompt: 'Hi',
    });
    await result.consumeStream();
    expect(await result.finishReason).toBe('other');
    expect(await result.rawFinishReason).toBe('abort');
  });
});

describe('completion: providerMetadata.vllm', () => {
  const legacy = {
    text_offset: [0, 6],
    token_logprobs: [-0.1, -0.2],
    tokens: [' Paris', '.'],
    top_logprobs: [{ ' Paris': -0.1 }, { '.': -0.2 }],
  };

  it('generateText: legacy logprobs, prompt logprobs, token ids, stop reason, choices', async () => {
    const body = completionBody([
      {
        text: ' Paris.',
        logprobs: legacy,
        stop_reason: '\n',
        token_ids: [12366, 13],
        prompt_token_ids: [791],
        prompt_logprobs: promptLogprobs,
      },
      { text: ' Lyon.', finish_reason: 'length' },
    ]);
    const result = await generateText({
      model: provider(() => jsonResponse(body)).completionModel('m'),
      prompt: 'The capital of France is',
      maxOutputTokens: 4,
      providerOptions: { vllm: { logprobs: 1, n: 2, returnTokenIds: true, promptLogprobs: 0 } },
    });
    expect(result.text).toBe(' Paris.');
    expect(result.providerMetadata?.vllm).toMatchObject({
      logprobs: legacy,
      stopReason: '\n',
      tokenIds: [12366, 13],
      promptTokenIds: [791],
      promptLogprobs,
      choices: [
        {
          index: 0,
          text: ' Paris.',
          finishReason: 'stop',
          stopReason: '\n',
          logprobs: legacy,
          tokenIds: [12366, 13],
        },
        { index: 1, text: ' Lyon.', finishReason: 'length' },
      ],
    });
  });

  it('streamText: merges logprobs and token ids; several choices stay apart', async () => {
    const chunks = [
      completionChunk({
        index: 0,
        text: ' Par',
        token_ids: [1],
        prompt_token_ids: [791],
        logprobs: {
          text_offset: [0],
          token_logprobs: [-0.5],
          tokens: [' Par'],
          top_logprobs: [{ ' Par': -0.5 }],
        },
      }),
      completionChunk({ index: 1, text: ' Ly', token_ids: [9] }),
      completionChunk({
        index: 0,
        text: 'is',
        token_ids: [2],
        finish_reason: 'stop',
        stop_reason: null,
        logprobs: { text_offset: [4], token_logprobs: [-0.1], tokens: ['is'], top_logprobs: [{ is: -0.1 }] },
      }),
      completionChunk({ index: 1, text: 'on', token_ids: [8], finish_reason: 'length' }),
      completionChunk(undefined, { usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } }),
    ];
    const result = streamText({
      model: provider(() => sseResponse(chunks)).completionModel('m'),
      prompt: 'x',
      maxOutputTokens: 2,
      providerOptions: { vllm: { logprobs: 1, returnTokenIds: true, n: 2 } },
    });
    expect(await result.text).toBe(' Paris');
    expect(await result.finishReason).toBe('stop');
    expect((await result.providerMetadata)?.vllm).toMatchObject({
      logprobs: { tokens: [' Par', 'is'], token_logprobs: [-0.5, -0.1], text_offset: [0, 4] },
      tokenIds: [1, 2],
      promptTokenIds: [791],
      choices: [
        { index: 0, text: ' Paris', finishReason: 'stop', tokenIds: [1, 2] },
        { index: 1, text: ' Lyon', finishReason: 'length', tokenIds: [9, 8] },
      ],
    });
  });
});
