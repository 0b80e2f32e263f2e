import { APICallError, InvalidArgumentError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { createVllm, generateBatch, type VllmBatchProgress } from '../../src';
import { jsonResponse, type RecordedRequest } from '../helpers/mock-fetch';
import { BASE_URL, mockVllmServer, vllmNotFound } from './server-fixtures';

/** A chat completion answering with the user's last message upper-cased; "BAD" gets vLLM's 400. */
function chatAnswer(request: RecordedRequest): Response {
  const messages = request.body?.messages as { role: string; content: string }[];
  const last = messages[messages.length - 1].content;
  if (last.includes('BAD')) {
    return jsonResponse(
      {
        error: {
          message:
            "This model's maximum context length is 4096 tokens. However, your prompt contains 5000 input tokens.",
          type: 'BadRequestError',
          param: 'input_tokens',
          code: 400,
        },
      },
      400,
    );
  }
  return jsonResponse({
    id: `chatcmpl-${last}`,
    object: 'chat.completion',
    created: 1763000000,
    model: String(request.body?.model),
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: last.toUpperCase(), reasoning: null, tool_calls: [] },
        logprobs: null,
        finish_reason: 'stop',
        stop_reason: null,
      },
    ],
    usage: { prompt_tokens: 10, total_tokens: 13, completion_tokens: 3 },
  });
}

/** `/v1/completions` with a prompt array: one choice per prompt, `index` = position. */
function completionsAnswer(request: RecordedRequest): Response {
  const prompts = request.body?.prompt as string[];
  if (prompts.some((prompt) => prompt.includes('BAD'))) {
    return jsonResponse(
      { error: { message: 'prompt too long', type: 'BadRequestError', param: 'input_tokens', code: 400 } },
      400,
    );
  }
  return jsonResponse({
    id: 'cmpl-1',
    object: 'text_completion',
    created: 1763000000,
    model: String(request.body?.model),
    choices: prompts
      .map((prompt, index) => ({
        index,
        text: ` ${prompt}!`,
        logprobs: null,
        finish_reason: 'length',
        stop_reason: null,
        prompt_logprobs: null,
      }))
      .reverse(), // vLLM may finish in any order; index is what counts
    usage: {
      prompt_tokens: prompts.length * 2,
      total_tokens: prompts.length * 6,
      completion_tokens: prompts.length * 4,
    },
  });
}

describe('generateBatch', () => {
  it('returns results in input order; a failing item does not sink the batch', async () => {
    const { fetch, requests } = mockVllmServer({ 'POST /v1/chat/completions': chatAnswer });
    const progress: VllmBatchProgress[] = [];
    const batch = await generateBatch({
      model: createVllm({ baseURL: BASE_URL, fetch })('Qwen/Qwen3-8B'),
      prompts: ['a', 'b', 'BAD', 'd', 'e'],
      concurrency: 2,
      maxOutputTokens: 32,
      temperature: 0,
      onProgress: (report) => progress.push(report),
    });
    expect(batch.results.map((result) => (result.ok ? result.text : 'error'))).toEqual([
      'A',
      'B',
      'error',
      'D',
      'E',
    ]);
    expect(batch.results.map((result) => result.index)).toEqual([0, 1, 2, 3, 4]);
    const failed = batch.results[2];
    if (failed.ok) throw new Error('item 2 should fail');
    expect(APICallError.isInstance(failed.error)).toBe(true);
    expect((failed.error as Error).message).toContain('maximum context length is 4096');
    expect(failed.aborted).toBe(false);
    expect(batch).toMatchObject({
      succeeded: 4,
      failed: 1,
      aborted: false,
      usage: { inputTokens: 40, outputTokens: 12, totalTokens: 52 },
    });
    const first = batch.results[0];
    // The fixture reports no prompt_tokens_details (no --enable-prompt-tokens-details): the cached
    // count is unknown, not 0.
    expect(first.ok && first.usage).toEqual({
      inputTokens: 10,
      cachedInputTokens: undefined,
      outputTokens: 3,
      totalTokens: 13,
    });
    expect(first.ok && first.finishReason).toBe('stop');
    expect(requests).toHaveLength(5); // the 400 was not retried
    expect(requests[0].body).toMatchObject({ model: 'Qwen/Qwen3-8B', max_tokens: 32, temperature: 0 });
    expect(progress.map((report) => report.done)).toEqual([1, 2, 3, 4, 5]);
    expect(progress.at(-1)).toMatchObject({
      done: 5,
      total: 5,
      succeeded: 4,
      failed: 1,
      outputTokens: 12,
      etaMs: 0,
    });
  });

  it('never has more than `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const { fetch } = mockVllmServer({
      'POST /v1/chat/completions': async (request) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return chatAnswer(request);
      },
    });
    const batch = await generateBatch({
      model: createVllm({ baseURL: BASE_URL, fetch })('m'),
      prompts: Array.from({ length: 12 }, (_, index) => `p${index}`),
      concurrency: 3,
    });
    expect(batch.succeeded).toBe(12);
    expect(peak).toBe(3);
  });

  it('takes message lists and a system prompt', async () => {
    const { fetch, requests } = mockVllmServer({ 'POST /v1/chat/completions': chatAnswer });
    const batch = await generateBatch({
      model: createVllm({ baseURL: BASE_URL, fetch })('m'),
      system: 'Be brief.',
      messagesList: [
        [{ role: 'user', content: 'one' }],
        [
          { role: 'user', content: 'two' },
          { role: 'assistant', content: [{ type: 'text', text: 'ok' }] },
          { role: 'user', content: [{ type: 'text', text: 'three' }] },
        ],
      ],
    });
    expect(batch.results.map((result) => result.ok && result.text)).toEqual(['ONE', 'THREE']);
    expect(requests[1].body?.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'two' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'three' },
    ]);
  });

  it('abort stops queued work, aborts in-flight requests and keeps finished results', async () => {
    const controller = new AbortController();
    const { fetch, requests } = mockVllmServer({
      'POST /v1/chat/completions': (request) => {
        const last = (request.body!.messages as { content: string }[]).at(-1)?.content;
        if (last !== 'slow') return chatAnswer(request);
        controller.abort(new Error('user cancelled'));
        return new Promise<Response>(() => {}); // would hang forever without the abort
      },
    });
    // The mock ignores the signal; wrap it so in-flight requests see the abort as real fetch does.
    const abortableFetch: typeof fetch = (input, init) =>
      new Promise((resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        fetch(input, init).then(resolve, reject);
      });
    const batch = await generateBatch({
      model: createVllm({ baseURL: BASE_URL, fetch: abortableFetch })('m'),
      prompts: ['fast', 'slow', 'queued-1', 'queued-2'],
      concurrency: 1,
      signal: controller.signal,
    });
    expect(requests).toHaveLength(2); // queued prompts were never sent
    expect(batch.aborted).toBe(true);
    expect(batch.results[0]).toMatchObject({ ok: true, text: 'FAST' });
    expect(batch.results.slice(1).map((result) => !result.ok && result.aborted)).toEqual([true, true, true]);
    expect(batch).toMatchObject({ succeeded: 1, failed: 3 });
  });

  it('retries retryable failures (5xx) and then succeeds', async () => {
    let calls = 0;
    const { fetch } = mockVllmServer({
      'POST /v1/chat/completions': (request) =>
        calls++ === 0
          ? jsonResponse(
              { error: { message: 'engine busy', type: 'InternalServerError', param: null, code: 500 } },
              500,
            )
          : chatAnswer(request),
    });
    const batch = await generateBatch({
      model: createVllm({ baseURL: BASE_URL, fetch })('m'),
      prompts: ['x'],
    });
    expect(batch.results[0]).toMatchObject({ ok: true, text: 'X' });
    expect(calls).toBe(2);
  }, 15_000);

  it('rejects bad options before any request', async () => {
    const { fetch, requests } = mockVllmServer({});
    const vllm = createVllm({ baseURL: BASE_URL, fetch });
    const model = vllm('m');
    await expect(generateBatch({ model, prompts: ['a'], messagesList: [] })).rejects.toThrow(
      /exactly one of prompts/,
    );
    await expect(generateBatch({ model })).rejects.toThrow(/exactly one of prompts/);
    await expect(generateBatch({ model, prompts: ['a'], concurrency: 0 })).rejects.toThrow(
      /concurrency must be/,
    );
    await expect(generateBatch({ model, prompts: ['a', 3 as unknown as string] })).rejects.toThrow(
      /prompts\[1\]/,
    );
    await expect(generateBatch({ model, prompts: ['a'], promptArray: true })).rejects.toThrow(
      /promptArray needs prompts \(not messagesList\) and a completion model/,
    );
    await expect(
      generateBatch({
        model: vllm.completionModel('m'),
        prompts: ['a'],
        promptArray: true,
        promptArrayChunkSize: 2000,
      }),
    ).rejects.toThrow(/at most 1024/);
    await expect(generateBatch({ model: undefined as never, prompts: ['a'] })).rejects.toThrow(
      InvalidArgumentError,
    );
    expect(requests).toHaveLength(0);
  });

  it('an empty batch returns at once', async () => {
    const batch = await generateBatch({ model: createVllm({ baseURL: BASE_URL })('m'), prompts: [] });
    expect(batch).toMatchObject({ results: [], succeeded: 0, failed: 0, aborted: false });
  });
});

describe('generateBatch with promptArray (completion models)', () => {
  it('sends prompts as arrays on /v1/completions, chunked, and maps choices back by index', async () => {
    const { fetch, requests } = mockVllmServer({ 'POST /v1/completions': completionsAnswer });
    const vllm = createVllm({ baseURL: BASE_URL, fetch });
    const progress: number[] = [];
    const batch = await generateBatch({
      model: vllm.completionModel('Qwen/Qwen3-8B'),
      prompts: ['p0', 'p1', 'p2', 'p3', 'p4'],
      promptArray: true,
      promptArrayChunkSize: 2,
      maxOutputTokens: 8,
      stopSequences: ['\n'],
      providerOptions: { vllm: { min_p: 0.1 } },
      onProgress: (report) => progress.push(report.done),
    });
    expect(requests.map((request) => request.url)).toEqual(
      Array(3).fill('http://gpu-box:8000/v1/completions'),
    );
    expect(requests.map((request) => request.body?.prompt)).toEqual([['p0', 'p1'], ['p2', 'p3'], ['p4']]);
    expect(requests[0].body).toEqual({
      model: 'Qwen/Qwen3-8B',
      prompt: ['p0', 'p1'],
      max_tokens: 8,
      stop: ['\n'],
      min_p: 0.1,
    });
    expect(batch.results.map((result) => result.ok && result.text)).toEqual([
      ' p0!',
      ' p1!',
      ' p2!',
      ' p3!',
      ' p4!',
    ]);
    expect(batch.results[0]).toMatchObject({ finishReason: 'length', usage: { outputTokens: undefined } });
    expect(batch.usage).toEqual({ inputTokens: 10, outputTokens: 20, totalTokens: 30 });
    expect(progress).toEqual([2, 4, 5]);
  });

  it('maps typed providerOptions like the completion model does, and rejects bad ones before any request', async () => {
    const { fetch, requests } = mockVllmServer({ 'POST /v1/completions': completionsAnswer });
    const model = createVllm({ baseURL: BASE_URL, fetch }).completionModel('m');
    await generateBatch({
      model,
      prompts: ['a'],
      promptArray: true,
      maxOutputTokens: 4,
      topK: 20,
      providerOptions: { vllm: { minP: 0.05, repetitionPenalty: 1.1 } },
    });
    expect(requests[0].body).toMatchObject({
      prompt: ['a'],
      top_k: 20,
      min_p: 0.05,
      repetition_penalty: 1.1,
    });
    expect(requests[0].body).not.toHaveProperty('minP');
    await expect(
      generateBatch({ model, prompts: ['a'], promptArray: true, providerOptions: { vllm: { minP: 7 } } }),
    ).rejects.toThrow(/providerOptions\.vllm\.minP/);
    expect(requests).toHaveLength(1);
  });

  it('defaults to chunks of 1024 (vLLM’s VLLM_MAX_COMPLETION_PROMPTS)', async () => {
    const { fetch, requests } = mockVllmServer({ 'POST /v1/completions': completionsAnswer });
    const prompts = Array.from({ length: 1500 }, (_, index) => `p${index}`);
    const batch = await generateBatch({
      model: createVllm({ baseURL: BASE_URL, fetch }).completionModel('m'),
      prompts,
      promptArray: true,
      maxOutputTokens: 4,
    });
    expect(requests.map((request) => (request.body!.prompt as string[]).length)).toEqual([1024, 476]);
    expect(batch.succeeded).toBe(1500);
    expect(batch.results[1499]).toMatchObject({ ok: true, index: 1499, text: ' p1499!' });
  });

  it('a 4xx chunk falls back to one request per prompt, so only the bad prompt fails', async () => {
    const { fetch, requests } = mockVllmServer({ 'POST /v1/completions': completionsAnswer });
    const batch = await generateBatch({
      model: createVllm({ baseURL: BASE_URL, fetch }).completionModel('m'),
      prompts: ['ok0', 'BAD', 'ok2'],
      promptArray: true,
      maxOutputTokens: 4,
    });
    expect(requests.map((request) => request.body?.prompt)).toEqual([
      ['ok0', 'BAD', 'ok2'],
      ['ok0'],
      ['BAD'],
      ['ok2'],
    ]);
    expect(batch.results.map((result) => result.ok)).toEqual([true, false, true]);
    const bad = batch.results[1];
    expect(!bad.ok && (bad.error as Error).message).toContain('prompt too long');
  });

  it('an unknown model fails the whole chunk at once: no per-prompt resends, one /v1/models lookup', async () => {
    const { fetch, requests } = mockVllmServer({
      'POST /v1/completions': () => vllmNotFound('The model `nope` does not exist.'),
    });
    const batch = await generateBatch({
      model: createVllm({ baseURL: BASE_URL, fetch }).completionModel('nope'),
      prompts: ['p0', 'p1', 'p2'],
      promptArray: true,
      maxOutputTokens: 4,
      maxRetries: 0,
    });
    expect(requests.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual([
      'POST /v1/completions',
      'GET /v1/models',
    ]);
    expect(batch.results.map((result) => result.ok)).toEqual([false, false, false]);
    const [first] = batch.results;
    expect(!first.ok && (first.error as Error).message).toContain('The model `nope` does not exist.');
  });
});
