import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVllmEmulator, type VllmEmulator } from '../../src/testing/index';
import { chunksOf, type Json, postJson, postStream, userMessage } from './helpers';

describe('emulator: beam search, token ids, prompt logprobs, usage options', () => {
  let emulator: VllmEmulator;
  beforeAll(async () => {
    emulator = await startVllmEmulator();
  });
  afterAll(() => emulator.close());

  it('beam search returns n beams; EOS id as stop_reason; streams everything at the end', async () => {
    const { json } = await postJson(`${emulator.baseURL}/chat/completions`, {
      messages: userMessage('x'),
      use_beam_search: true,
      n: 3,
      temperature: 0,
    });
    expect(json.choices).toHaveLength(3);
    expect(
      json.choices.every((choice: Json) => choice.finish_reason === 'stop' && choice.stop_reason === 151645),
    ).toBe(true);
    const chunks = chunksOf(
      await postStream(`${emulator.baseURL}/chat/completions`, {
        messages: userMessage('x'),
        use_beam_search: true,
        n: 2,
        stream: true,
      }),
    );
    expect(chunks).toHaveLength(4);
    expect(chunks.slice(2).map((chunk) => chunk.choices[0].finish_reason)).toEqual(['stop', 'stop']);
    const streamBeams = await postJson(`${emulator.baseURL}/completions`, {
      prompt: 'a',
      use_beam_search: true,
      stream: true,
    });
    expect(streamBeams.status).toBe(400);
    expect(streamBeams.json.error.message).toBe('Streaming is not currently supported with beam search');
  });

  it('return_token_ids adds prompt_token_ids and token_ids consistent with usage', async () => {
    const { json } = await postJson(`${emulator.baseURL}/chat/completions`, {
      messages: userMessage('x'),
      max_tokens: 5,
      return_token_ids: true,
    });
    expect(json.prompt_token_ids).toHaveLength(json.usage.prompt_tokens);
    expect(json.choices[0].token_ids).toHaveLength(5);
    const detok = await postJson(`${emulator.url}/detokenize`, { tokens: json.choices[0].token_ids });
    expect(detok.json.prompt).toBe(json.choices[0].message.content);
  });

  it('prompt_logprobs: null first, then token maps; rejected when streaming', async () => {
    const { json } = await postJson(`${emulator.baseURL}/completions`, {
      prompt: 'the sky is blue',
      max_tokens: 1,
      prompt_logprobs: 1,
    });
    const list = json.choices[0].prompt_logprobs as Json[];
    expect(list[0]).toBeNull();
    const [id, entry] = Object.entries(list[1])[0] as [string, Json];
    expect(Number.isInteger(Number(id))).toBe(true);
    expect(Object.keys(entry)).toEqual(['logprob', 'rank', 'decoded_token']);
    const streamed = await postJson(`${emulator.baseURL}/chat/completions`, {
      messages: userMessage('x'),
      stream: true,
      prompt_logprobs: 1,
    });
    expect(streamed.status).toBe(400);
  });

  it('continuous_usage_stats puts usage on every chunk', async () => {
    const chunks = chunksOf(
      await postStream(`${emulator.baseURL}/chat/completions`, {
        messages: userMessage('x'),
        max_tokens: 3,
        stream: true,
        stream_options: { include_usage: true, continuous_usage_stats: true },
      }),
    );
    expect(chunks.every((chunk) => chunk.usage !== undefined)).toBe(true);
    expect(chunks.map((chunk) => chunk.usage.completion_tokens)).toEqual([0, 1, 2, 3, 3]);
  });

  it('--enable-force-include-usage always adds the usage chunk', async () => {
    await using forced = await startVllmEmulator({ enableForceIncludeUsage: true });
    const chunks = chunksOf(
      await postStream(`${forced.baseURL}/chat/completions`, {
        messages: userMessage('x'),
        max_tokens: 2,
        stream: true,
      }),
    );
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage.completion_tokens).toBe(2);
  });

  it('honours X-Request-Id for the response id', async () => {
    const { json } = await postJson(
      `${emulator.baseURL}/chat/completions`,
      { messages: userMessage('x'), max_tokens: 1 },
      { 'x-request-id': 'my-id' },
    );
    expect(json.id).toBe('chatcmpl-my-id');
  });

  it('rejects a non-JSON content type like vLLM', async () => {
    const response = await fetch(`${emulator.baseURL}/chat/completions`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain("Only 'application/json' is allowed");
  });
});

describe('emulator: request log', () => {
  it('keeps only the newest maxRecordedRequests, so a long run does not grow without bound', async () => {
    await using emulator = await startVllmEmulator({ maxRecordedRequests: 3 });
    for (let index = 0; index < 5; index++) {
      await postJson(`${emulator.baseURL}/completions`, { prompt: `p${index}`, max_tokens: 1 });
    }
    expect(emulator.requests.map((request) => request.body?.prompt)).toEqual(['p2', 'p3', 'p4']);
  });

  it('rejects a negative maxRecordedRequests, naming the option', async () => {
    await expect(startVllmEmulator({ maxRecordedRequests: -1 })).rejects.toThrow(/maxRecordedRequests/);
  });
});
