import { describe, expect, it } from 'vitest';
import { benchmarkServer } from '../../src';
import { createMockFetch, jsonResponse } from '../helpers/mock-fetch';

// benchmarkServer with the default fetch transport on a mocked server (also runs in the edge
// runtime): streamed bodies arrive in timed pieces, so TTFT and ITL can be checked.
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const chunk = (content: string) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

function timedStream(pieces: [number, string][]): Response {
  const encoder = new TextEncoder();
  return new Response(
    new ReadableStream({
      async start(controller) {
        for (const [wait, text] of pieces) {
          await delay(wait);
          controller.enqueue(encoder.encode(text));
        }
        controller.close();
      },
    }),
    { headers: { 'content-type': 'text/event-stream' } },
  );
}

describe('benchmarkServer with fetch', () => {
  it('model from /v1/models, calibration from /tokenize, timings from the stream', async () => {
    const { fetch, requests } = createMockFetch(({ url, body }) => {
      if (url.endsWith('/v1/models')) return jsonResponse({ object: 'list', data: [{ id: 'served-model' }] });
      if (url.endsWith('/version')) return jsonResponse({ version: '0.11.0' });
      if (url.endsWith('/tokenize')) {
        // 10 template tokens + 2 tokens per word.
        const messages = (body as { messages: { content: string }[] }).messages;
        const words = messages[0].content.split(' ').length;
        return jsonResponse({ count: 10 + 2 * words, max_model_len: 4096, tokens: [] });
      }
      return timedStream([
        [0, 'data: {"id":"c","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}\n\n'],
        [40, chunk('a')],
        [30, chunk('b') + chunk('c')],
        [
          30,
          `data: ${JSON.stringify({ id: 'c', choices: [], usage: { prompt_tokens: 50, completion_tokens: 3 } })}\n\ndata: [DONE]\n\n`,
        ],
      ]);
    });
    const result = await benchmarkServer({
      baseURL: 'http://vllm.test/v1',
      apiKey: 'k',
      fetch,
      concurrency: [2],
      requests: 4,
      warmup: 0,
      promptTokens: 50,
      outputTokens: 3,
    });
    expect(result.server).toEqual({
      baseURL: 'http://vllm.test/v1',
      model: 'served-model',
      vllmVersion: '0.11.0',
    });
    // "Request N:" counts as 2 words: 12 + 2 × words = 50 → 19 words.
    expect(result.settings).toMatchObject({ promptWords: 19, promptCalibrated: true });
    const [level] = result.levels;
    expect(level).toMatchObject({
      requests: 4,
      completed: 4,
      errors: 0,
      meanPromptTokens: 50,
      meanOutputTokens: 3,
    });
    expect(level.ttftMs?.p50).toBeGreaterThanOrEqual(39);
    expect(level.itlMs?.count).toBe(8);
    // Two gaps per stream: ~30 ms, then 0 (b and c arrived in one piece).
    expect(level.itlMs?.min).toBe(0);
    expect(level.itlMs?.max).toBeGreaterThanOrEqual(29);
    expect(level.e2eMs.p50).toBeGreaterThanOrEqual(99);
    const generation = requests.find((request) => request.url.endsWith('/chat/completions'));
    expect(generation?.headers.authorization).toBe('Bearer k');
    expect(generation?.body).toMatchObject({
      model: 'served-model',
      max_tokens: 3,
      ignore_eos: true,
      stream: true,
    });
  });

  it('completion endpoint, not streamed, extra body fields, no /tokenize', async () => {
    const { fetch, requests } = createMockFetch(({ url }) => {
      if (url.endsWith('/version') || url.endsWith('/tokenize'))
        return new Response('{"detail":"Not Found"}', { status: 404 });
      return jsonResponse({
        choices: [{ index: 0, text: 'xyz', finish_reason: 'length' }],
        usage: { prompt_tokens: 7, completion_tokens: 5 },
      });
    });
    const result = await benchmarkServer({
      baseURL: 'http://vllm.test/v1',
      model: 'm',
      fetch,
      endpoint: 'completion',
      streaming: false,
      ignoreEos: false,
      extraBody: { temperature: 0 },
      concurrency: [1, 3],
      requests: 3,
      warmup: 1,
      promptTokens: 12,
      outputTokens: 5,
    });
    expect(result.server.vllmVersion).toBeNull();
    expect(result.settings).toMatchObject({
      promptWords: 12,
      promptCalibrated: false,
      endpoint: 'completion',
      streaming: false,
    });
    expect(
      result.levels.map((level) => [level.concurrency, level.completed, level.meanOutputTokens]),
    ).toEqual([
      [1, 3, 5],
      [3, 3, 5],
    ]);
    const bodies = requests
      .filter((request) => request.url.endsWith('/v1/completions'))
      .map((request) => request.body);
    expect(bodies).toHaveLength(2 * (1 + 3));
    expect(bodies[0]).toEqual({
      model: 'm',
      prompt: expect.stringMatching(/^Request 1: /),
      max_tokens: 5,
      temperature: 0,
    });
  });
});
