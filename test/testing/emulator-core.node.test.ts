import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVllmEmulator, type VllmEmulator } from '../../src/testing/index';
import { chunksOf, type Json, postJson, postStream, userMessage } from './helpers';

describe('emulator: core endpoints (latest profile)', () => {
  let emulator: VllmEmulator;
  beforeAll(async () => {
    emulator = await startVllmEmulator();
  });
  afterAll(() => emulator.close());

  it('binds to 127.0.0.1 on an ephemeral port', () => {
    expect(emulator.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(emulator.url).toBe(emulator.baseURL.replace(/\/v1$/, ''));
  });

  it('answers a chat completion in vLLM shape', async () => {
    const { status, json } = await postJson(`${emulator.baseURL}/chat/completions`, {
      model: 'Qwen/Qwen3-0.6B',
      messages: userMessage('Hello there'),
      max_tokens: 20,
    });
    expect(status).toBe(200);
    expect(json.id).toMatch(/^chatcmpl-/);
    expect(json.object).toBe('chat.completion');
    expect(Object.keys(json)).toEqual([
      'id',
      'object',
      'created',
      'model',
      'choices',
      'service_tier',
      'system_fingerprint',
      'usage',
      'prompt_logprobs',
      'prompt_token_ids',
      'prompt_text',
      'kv_transfer_params',
      'ec_transfer_params',
      'metrics',
    ]);
    const [choice] = json.choices as Json[];
    expect(Object.keys(choice.message)).toEqual([
      'role',
      'content',
      'refusal',
      'annotations',
      'audio',
      'function_call',
      'reasoning',
    ]);
    expect(choice.finish_reason).toBe('length');
    expect(choice.stop_reason).toBeNull();
    expect(json.usage).toMatchObject({ completion_tokens: 20 });
    const usage = json.usage as Record<string, number>;
    expect(usage.total_tokens).toBe(usage.prompt_tokens + 20);
  });

  it('is deterministic for the same prompt and seed, different for another seed', async () => {
    const ask = (seed: number) =>
      postJson(`${emulator.baseURL}/chat/completions`, {
        messages: userMessage('Tell me a story'),
        seed,
        max_tokens: 30,
      });
    const [a, b, c] = await Promise.all([ask(1), ask(1), ask(2)]);
    const text = (r: { json: Json }) => r.json.choices[0].message.content;
    expect(text(a)).toBe(text(b));
    expect(text(a)).not.toBe(text(c));
  });

  it('streams the exact chunk sequence with usage and [DONE]', async () => {
    const events = await postStream(`${emulator.baseURL}/chat/completions`, {
      messages: userMessage('Hi'),
      max_tokens: 4,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = chunksOf(events);
    expect(chunks[0].choices[0]).toEqual({
      index: 0,
      delta: { role: 'assistant', content: '' },
      logprobs: null,
      finish_reason: null,
    });
    const contentChunks = chunks.slice(1, -1);
    expect(contentChunks).toHaveLength(4);
    expect(contentChunks.slice(0, -1).every((chunk) => chunk.choices[0].finish_reason === null)).toBe(true);
    expect(contentChunks.at(-1)?.choices[0]).toMatchObject({ finish_reason: 'length', stop_reason: null });
    const usageChunk = chunks.at(-1)!;
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage).toMatchObject({ completion_tokens: 4 });
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  it('ends a natural stop with an empty delta carrying finish_reason stop', async () => {
    const chunks = chunksOf(
      await postStream(`${emulator.baseURL}/chat/completions`, { messages: userMessage('Hi'), stream: true }),
    );
    const last = chunks.at(-1)!;
    expect(last.choices[0]).toMatchObject({
      delta: { content: '' },
      finish_reason: 'stop',
      stop_reason: null,
    });
    expect(last.usage).toBeUndefined();
  });

  it('uses the legacy max_tokens default of 16 for /v1/completions', async () => {
    const { status, json } = await postJson(`${emulator.baseURL}/completions`, {
      prompt: 'Once upon a time',
    });
    expect(status).toBe(200);
    expect(json.object).toBe('text_completion');
    expect(json.id).toMatch(/^cmpl-/);
    expect(json.usage).toMatchObject({ completion_tokens: 16 });
    expect((json.choices as Json[])[0].finish_reason).toBe('length');
  });

  it('streams completions without a role chunk', async () => {
    const events = await postStream(`${emulator.baseURL}/completions`, {
      prompt: 'Hi',
      max_tokens: 3,
      stream: true,
    });
    const chunks = chunksOf(events);
    expect(chunks).toHaveLength(3);
    expect(chunks.every((chunk) => chunk.object === 'text_completion')).toBe(true);
    expect(chunks[2].choices[0].finish_reason).toBe('length');
    expect(events.at(-1)).toBe('[DONE]');
  });

  it('lists models, answers /health and /version', async () => {
    const models = await (await fetch(`${emulator.baseURL}/models`)).json();
    expect(models.object).toBe('list');
    expect(models.data[0]).toMatchObject({
      id: 'Qwen/Qwen3-0.6B',
      object: 'model',
      owned_by: 'vllm',
      max_model_len: 40960,
      parent: null,
    });
    const health = await fetch(`${emulator.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('');
    expect(await (await fetch(`${emulator.url}/version`)).json()).toEqual({ version: '0.26.0' });
  });

  it('answers 404 with vLLM message for an unknown model', async () => {
    const { status, json } = await postJson(`${emulator.baseURL}/chat/completions`, {
      model: 'nope',
      messages: userMessage('x'),
    });
    expect(status).toBe(404);
    expect(json).toEqual({
      error: {
        message: 'The model `nope` does not exist.',
        type: 'NotFoundError',
        param: 'model',
        code: 404,
      },
    });
  });

  it('rejects tools without --enable-auto-tool-choice/--tool-call-parser', async () => {
    const { status, json } = await postJson(`${emulator.baseURL}/chat/completions`, {
      messages: userMessage('x'),
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
    });
    expect(status).toBe(400);
    expect((json.error as Json).message).toBe(
      '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
    );
  });

  it('answers an unknown model with 404 before the tool-parser checks (vLLM checks the model first)', async () => {
    const { status, json } = await postJson(`${emulator.baseURL}/chat/completions`, {
      model: 'nope',
      messages: userMessage('x'),
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      tool_choice: 'auto',
    });
    expect(status).toBe(404);
    expect((json.error as Json).message).toBe('The model `nope` does not exist.');
  });

  it('reports validation errors with param', async () => {
    const { status, json } = await postJson(`${emulator.baseURL}/chat/completions`, {
      messages: userMessage('x'),
      stream_options: { include_usage: true },
    });
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ type: 'Bad Request', param: 'stream_options', code: 400 });
    const missing = await postJson(`${emulator.baseURL}/chat/completions`, { model: 'Qwen/Qwen3-0.6B' });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatchObject({ param: 'body.messages' });
  });

  it('records requests with the fields the profile ignores', async () => {
    await postJson(`${emulator.baseURL}/chat/completions`, {
      messages: userMessage('x'),
      max_tokens: 1,
      guided_json: {},
      foo: 1,
    });
    const last = emulator.requests.at(-1)!;
    expect(last.path).toBe('/v1/chat/completions');
    expect(last.ignoredFields.sort()).toEqual(['foo', 'guided_json']);
    expect(last.headers['content-type']).toBe('application/json');
  });
});

describe('emulator: --api-key', () => {
  it('guards /v1 paths only, with {"error":"Unauthorized"}', async () => {
    await using emulator = await startVllmEmulator({ apiKey: 'secret' });
    const denied = await fetch(`${emulator.baseURL}/models`);
    expect(denied.status).toBe(401);
    expect(await denied.json()).toEqual({ error: 'Unauthorized' });
    const wrong = await fetch(`${emulator.baseURL}/models`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const ok = await fetch(`${emulator.baseURL}/models`, { headers: { authorization: 'Bearer secret' } });
    expect(ok.status).toBe(200);
    expect((await fetch(`${emulator.url}/health`)).status).toBe(200);
    expect((await fetch(`${emulator.url}/version`)).status).toBe(200);
  });
});

describe('emulator: pooling runner', () => {
  it('serves /v1/embeddings (and not chat) for an embedding model', async () => {
    await using emulator = await startVllmEmulator({ model: 'Qwen/Qwen3-Embedding-0.6B' });
    const { status, json } = await postJson(`${emulator.baseURL}/embeddings`, {
      input: ['hello world', 'hello world', 'cat'],
    });
    expect(status).toBe(200);
    expect(json).toMatchObject({ object: 'list', model: 'Qwen/Qwen3-Embedding-0.6B' });
    expect(json.id).toMatch(/^embd-/);
    const data = json.data as Array<{ index: number; object: string; embedding: number[] }>;
    expect(data.map((item) => [item.index, item.object])).toEqual([
      [0, 'embedding'],
      [1, 'embedding'],
      [2, 'embedding'],
    ]);
    expect(data[0].embedding).toHaveLength(1024);
    expect(data[0].embedding).toEqual(data[1].embedding);
    const norm = Math.hypot(...data[0].embedding);
    expect(norm).toBeCloseTo(1, 4);
    expect(json.usage).toMatchObject({ completion_tokens: 0 });
    const chat = await postJson(`${emulator.baseURL}/chat/completions`, { messages: userMessage('x') });
    expect(chat.status).toBe(404);
    expect(chat.json).toEqual({ detail: 'Not Found' });
  });

  it('honours dimensions on a Matryoshka model', async () => {
    await using emulator = await startVllmEmulator({ model: 'Qwen/Qwen3-Embedding-0.6B' });
    const { json } = await postJson(`${emulator.baseURL}/embeddings`, { input: 'x', dimensions: 64 });
    expect((json.data as Json[])[0].embedding).toHaveLength(64);
  });
});

describe('emulator: gpt-oss (harmony) without tool or reasoning flags', () => {
  it('accepts tool_choice "auto" and returns the analysis channel as reasoning, like vLLM', async () => {
    await using emulator = await startVllmEmulator({ model: 'openai/gpt-oss-20b', version: '0.11' });
    const { status, json } = await postJson(`${emulator.baseURL}/chat/completions`, {
      messages: userMessage('What is 25 times 4?'),
      tools: [{ type: 'function', function: { name: 'calculator', parameters: { type: 'object' } } }],
      tool_choice: 'auto',
      max_tokens: 40,
    });
    expect(status).toBe(200);
    const [choice] = json.choices as Json[];
    expect(typeof choice.message.reasoning_content).toBe('string');
  });

  it('still refuses "auto" for other models without the flags', async () => {
    await using emulator = await startVllmEmulator({ model: 'Qwen/Qwen3-8B', version: '0.11' });
    const { status } = await postJson(`${emulator.baseURL}/chat/completions`, {
      messages: userMessage('x'),
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
    });
    expect(status).toBe(400);
  });
});
