import { APICallError, InvalidArgumentError, NoSuchModelError } from '@ai-sdk/provider';
import { describe, expect, it, vi } from 'vitest';
import { createVllm, createVllmClient, type VllmServerErrorData } from '../../src';
import { createMockFetch, jsonResponse } from '../helpers/mock-fetch';
import { vllmNotFound } from '../helpers/vllm-fixtures';
import { BASE_URL, MODEL_LIST, mockVllmServer } from './server-fixtures';

describe('server client: connection', () => {
  it('shares the provider settings: server root for /health, /v1 for /models, apiKey and headers', async () => {
    const { fetch, requests } = mockVllmServer({
      'GET /health': new Response(null, { status: 200 }),
      'GET /v1/models': jsonResponse(MODEL_LIST),
    });
    const provider = createVllm({
      baseURL: BASE_URL,
      apiKey: 'secret',
      headers: { 'X-Team': 'search' },
      fetch,
    });
    await provider.server.health();
    await provider.server.models();
    expect(requests.map((request) => request.url)).toEqual([
      'http://gpu-box:8000/health',
      'http://gpu-box:8000/v1/models',
    ]);
    for (const request of requests) {
      expect(request.headers.authorization).toBe('Bearer secret');
      expect(request.headers['x-team']).toBe('search');
      expect(request.headers['user-agent']).toMatch(/vllm-ai-provider\//);
    }
  });

  it('createVllmClient reads VLLM_BASE_URL and VLLM_API_KEY at request time', async () => {
    const { fetch, requests } = mockVllmServer({ 'GET /version': jsonResponse({ version: '0.13.0' }) });
    const client = createVllmClient({ fetch });
    vi.stubEnv('VLLM_BASE_URL', 'http://from-env:9000/v1');
    vi.stubEnv('VLLM_API_KEY', 'env-key');
    expect(await client.version()).toBe('0.13.0');
    expect(requests[0].url).toBe('http://from-env:9000/version');
    expect(requests[0].headers.authorization).toBe('Bearer env-key');
    expect(client.serverURL()).toBe('http://from-env:9000');
  });

  it('rejects an invalid baseURL or timeout before any request', () => {
    expect(() => createVllmClient({ baseURL: 'gpu-box:8000' })).toThrow(/Invalid baseURL "gpu-box:8000"/);
    expect(() => createVllmClient({ timeoutMs: -1 })).toThrow(InvalidArgumentError);
  });
});

describe('server client: models', () => {
  const server = () => mockVllmServer({ 'GET /v1/models': jsonResponse(MODEL_LIST) });

  it('lists base models with maxModelLen and root, and LoRA adapters with their parent', async () => {
    const client = createVllmClient({ baseURL: BASE_URL, fetch: server().fetch });
    const models = await client.models();
    expect(
      models.map(({ id, root, parent, isLoraAdapter, maxModelLen, loraAdapters }) => ({
        id,
        root,
        parent,
        isLoraAdapter,
        maxModelLen,
        loraAdapters,
      })),
    ).toEqual([
      {
        id: 'Qwen/Qwen3-8B',
        root: '/models/Qwen3-8B',
        parent: undefined,
        isLoraAdapter: false,
        maxModelLen: 32768,
        loraAdapters: ['sql-lora'],
      },
      {
        id: 'qwen',
        root: '/models/Qwen3-8B',
        parent: undefined,
        isLoraAdapter: false,
        maxModelLen: 32768,
        loraAdapters: [],
      },
      {
        id: 'sql-lora',
        root: '/adapters/sql-lora',
        parent: 'Qwen/Qwen3-8B',
        isLoraAdapter: true,
        maxModelLen: 32768,
        loraAdapters: [],
      },
    ]);
    expect(models[0].created).toEqual(new Date(1763000000 * 1000));
    expect(models[0].ownedBy).toBe('vllm');
  });

  it('modelInfo returns one card, or NoSuchModelError naming what is served', async () => {
    const client = createVllmClient({ baseURL: BASE_URL, fetch: server().fetch });
    expect((await client.modelInfo('sql-lora')).parent).toBe('Qwen/Qwen3-8B');
    const error = await client.modelInfo('llama').catch((caught: unknown) => caught);
    expect(NoSuchModelError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('does not serve "llama"');
    expect((error as Error).message).toContain(
      'Qwen/Qwen3-8B, qwen, sql-lora (LoRA adapter on Qwen/Qwen3-8B)',
    );
  });

  it('listLoraAdapters returns only adapters', async () => {
    const client = createVllmClient({ baseURL: BASE_URL, fetch: server().fetch });
    expect((await client.listLoraAdapters()).map((adapter) => adapter.id)).toEqual(['sql-lora']);
  });

  // vLLM < 0.6.2 (before the LoRA lineage, #6315): adapters have parent null and root = the first
  // served name; base cards carry max_model_len from 0.5 on, adapters never do.
  it.each([
    [
      '0.5 – 0.6.1',
      [
        { id: 'llama', root: 'llama', parent: null, max_model_len: 4096 },
        { id: 'alias', root: 'llama', parent: null, max_model_len: 4096 },
        { id: 'sql-lora', root: 'llama', parent: null },
      ],
      ['sql-lora'],
    ],
    [
      '0.4 (no max_model_len anywhere)',
      [
        { id: 'llama', root: 'llama', parent: null },
        { id: 'sql-lora', root: 'llama', parent: null },
      ],
      ['sql-lora'],
    ],
    [
      '≥ 0.6.2 with two served names (root = the model path, parent null)',
      [
        { id: '/models/llama', root: '/models/llama', parent: null, max_model_len: 4096 },
        { id: 'alias', root: '/models/llama', parent: null, max_model_len: 4096 },
      ],
      [],
    ],
  ])('finds LoRA adapters of vLLM %s', async (_label, data, adapters) => {
    const { fetch } = mockVllmServer({ 'GET /v1/models': jsonResponse({ object: 'list', data }) });
    const client = createVllmClient({ baseURL: BASE_URL, fetch });
    const listed = await client.listLoraAdapters();
    expect(listed.map((adapter) => adapter.id)).toEqual(adapters);
    for (const adapter of listed) {
      expect(adapter).toMatchObject({
        parent: data[0].id,
        root: undefined,
        maxModelLen: data[0].max_model_len,
      });
    }
    const models = await client.models();
    expect(models[0].loraAdapters).toEqual(adapters);
  });

  it('passes vLLM 401 messages through with the fix', async () => {
    const { fetch } = mockVllmServer({ 'GET /v1/models': jsonResponse({ error: 'Unauthorized' }, 401) });
    const error = await createVllmClient({ baseURL: BASE_URL, fetch })
      .models()
      .catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBe(401);
    expect((error as Error).message).toMatch(
      /GET \/v1\/models failed \(HTTP 401\): Unauthorized.*VLLM_API_KEY/,
    );
  });
});

describe('server client: health, version, load', () => {
  it('health is ok on 200', async () => {
    const { fetch } = mockVllmServer({ 'GET /health': new Response(null, { status: 200 }) });
    const health = await createVllmClient({ baseURL: BASE_URL, fetch }).health();
    expect(health).toMatchObject({ status: 'ok', url: 'http://gpu-box:8000/health' });
  });

  it('health is unhealthy on 503 (engine dead) and does not throw', async () => {
    const { fetch } = mockVllmServer({ 'GET /health': new Response('', { status: 503 }) });
    const health = await createVllmClient({ baseURL: BASE_URL, fetch }).health();
    expect(health).toMatchObject({ status: 'unhealthy', statusCode: 503, message: 'HTTP 503' });
  });

  it('health is unreachable when the connection fails, naming the URL', async () => {
    const fetch = async () => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:8000') });
    };
    const health = await createVllmClient({ baseURL: BASE_URL, fetch }).health();
    expect(health.status).toBe('unreachable');
    if (health.status !== 'unreachable') throw new Error('unreachable expected');
    expect(health.message).toContain('http://gpu-box:8000/health');
    expect(health.message).toContain('ECONNREFUSED');
  });

  it('health is unreachable when the server does not answer within timeoutMs', async () => {
    const fetch = (_input: unknown, init?: RequestInit) =>
      new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    const health = await createVllmClient({ baseURL: BASE_URL, fetch }).health({ timeoutMs: 20 });
    expect(health.status).toBe('unreachable');
    if (health.status !== 'unreachable') throw new Error('unreachable expected');
    expect(health.message).toMatch(/did not answer GET \/health within 20 ms/);
  });

  it('health rejects when the caller aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const { fetch } = mockVllmServer({ 'GET /health': new Response(null) });
    await expect(
      createVllmClient({ baseURL: BASE_URL, fetch }).health({ abortSignal: controller.signal }),
    ).rejects.toThrow();
  });

  it('version and load', async () => {
    const { fetch } = mockVllmServer(
      { 'GET /load': jsonResponse({ server_load: 7 }) },
      { version: '0.26.0' },
    );
    const client = createVllmClient({ baseURL: BASE_URL, fetch });
    expect(await client.version()).toBe('0.26.0');
    expect(await client.load()).toEqual({ serverLoad: 7 });
  });

  it('an endpoint an older server lacks → "not supported by this vLLM version (x.y)"', async () => {
    const { fetch } = mockVllmServer({}, { version: '0.7.3' });
    const error = await createVllmClient({ baseURL: BASE_URL, fetch })
      .load()
      .catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('GET /load is not supported by this vLLM version (0.7.3)');
    expect((error as Error).message).toContain('http://gpu-box:8000/load');
    expect((error as APICallError).data).toEqual({
      reason: 'endpoint-not-supported',
      endpoint: 'GET /load',
      serverVersion: '0.7.3',
    } satisfies VllmServerErrorData);
  });

  it('an unreachable server → APICallError naming the URL (not a hang)', async () => {
    const fetch = async () => {
      throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND gpu-box') });
    };
    await expect(createVllmClient({ baseURL: BASE_URL, fetch }).version()).rejects.toThrow(
      /Cannot connect to vLLM at http:\/\/gpu-box:8000\/version: getaddrinfo ENOTFOUND/,
    );
  });

  it('a body the client does not understand → APICallError naming the endpoint', async () => {
    const { fetch } = mockVllmServer({ 'GET /load': jsonResponse({ load: 'high' }) });
    await expect(createVllmClient({ baseURL: BASE_URL, fetch }).load()).rejects.toThrow(
      /GET \/load at http:\/\/gpu-box:8000\/load returned a body this client does not understand/,
    );
  });
});

describe('server client: tokenize', () => {
  const tokenizeAnswer = { count: 4, max_model_len: 32768, tokens: [9707, 11, 1879, 0], token_strs: null };

  it('tokenizes a prompt with vLLM body fields', async () => {
    const { fetch, requests } = mockVllmServer({ 'POST /tokenize': jsonResponse(tokenizeAnswer) });
    const client = createVllmClient({ baseURL: BASE_URL, fetch });
    const result = await client.tokenize('Hello, world!', { model: 'qwen', addSpecialTokens: false });
    expect(requests[0].url).toBe('http://gpu-box:8000/tokenize');
    expect(requests[0].body).toEqual({ model: 'qwen', prompt: 'Hello, world!', add_special_tokens: false });
    expect(result).toEqual({ tokens: [9707, 11, 1879, 0], count: 4, maxModelLen: 32768 });
  });

  it('tokenizes AI SDK messages as OpenAI chat messages, with chat-template options', async () => {
    const { fetch, requests } = mockVllmServer({
      'POST /tokenize': jsonResponse({ ...tokenizeAnswer, token_strs: ['Hello', ',', ' world', '!'] }),
    });
    const client = createVllmClient({ baseURL: BASE_URL, fetch });
    const result = await client.tokenize(
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'Bye' },
      ],
      { addGenerationPrompt: true, chatTemplateKwargs: { enable_thinking: false }, returnTokenStrings: true },
    );
    expect(requests[0].body).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'Bye' },
      ],
      add_generation_prompt: true,
      chat_template_kwargs: { enable_thinking: false },
      return_token_strs: true,
    });
    expect(result.tokenStrings).toEqual(['Hello', ',', ' world', '!']);
  });

  it('sends image parts as image_url, so multimodal prompts are counted too', async () => {
    const { fetch, requests } = mockVllmServer({ 'POST /tokenize': jsonResponse(tokenizeAnswer) });
    await createVllmClient({ baseURL: BASE_URL, fetch }).countTokens([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image', image: new URL('https://example.com/cat.png') },
        ],
      },
    ]);
    expect(requests[0].body?.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
        ],
      },
    ]);
  });

  it('rejects messages with an unknown role before any request', async () => {
    const { fetch, requests } = mockVllmServer({});
    await expect(
      createVllmClient({ baseURL: BASE_URL, fetch }).tokenize([{ role: 'robot', content: 'x' } as never]),
    ).rejects.toThrow(/messages\[0\]\.role must be system, user, assistant or tool/);
    expect(requests).toHaveLength(0);
  });

  it('countTokens, detokenize', async () => {
    const { fetch, requests } = mockVllmServer({
      'POST /tokenize': jsonResponse(tokenizeAnswer),
      'POST /detokenize': jsonResponse({ prompt: 'Hello, world!' }),
    });
    const client = createVllmClient({ baseURL: BASE_URL, fetch });
    expect(await client.countTokens('Hello, world!')).toBe(4);
    expect(await client.detokenize([9707, 11, 1879, 0], { model: 'qwen' })).toBe('Hello, world!');
    expect(requests[1]).toMatchObject({
      url: 'http://gpu-box:8000/detokenize',
      body: { model: 'qwen', tokens: [9707, 11, 1879, 0] },
    });
    await expect(client.detokenize([1.5])).rejects.toThrow(InvalidArgumentError);
  });

  it('fitsContext compares prompt + maxOutputTokens with max_model_len', async () => {
    const { fetch, requests } = mockVllmServer({
      'POST /tokenize': jsonResponse({ count: 4000, max_model_len: 4096, tokens: [] }),
    });
    const client = createVllmClient({ baseURL: BASE_URL, fetch });
    expect(await client.fitsContext('long prompt', { maxOutputTokens: 96 })).toEqual({
      fits: true,
      promptTokens: 4000,
      maxOutputTokens: 96,
      maxModelLen: 4096,
      remainingTokens: 0,
    });
    expect(await client.fitsContext('long prompt', { maxOutputTokens: 100 })).toMatchObject({
      fits: false,
      remainingTokens: -4,
    });
    await expect(client.fitsContext('x', { maxOutputTokens: -1 })).rejects.toThrow(/maxOutputTokens/);
    expect(requests).toHaveLength(2); // the bad call made no request
  });

  it('an unknown model → vLLM’s 404 message (not "not supported")', async () => {
    const { fetch } = mockVllmServer({ 'POST /tokenize': vllmNotFound('The model `nope` does not exist.') });
    await expect(
      createVllmClient({ baseURL: BASE_URL, fetch }).tokenize('x', { model: 'nope' }),
    ).rejects.toThrow(
      'The model `nope` does not exist. The server at http://gpu-box:8000/v1 serves: Qwen/Qwen3-8B, qwen, sql-lora (LoRA adapter on Qwen/Qwen3-8B).',
    );
  });
});

describe('server client: LoRA adapters', () => {
  it('loads and unloads with vLLM body fields and plain-text answers', async () => {
    const { fetch, requests } = mockVllmServer({
      'POST /v1/load_lora_adapter': new Response("Success: LoRA adapter 'sql' added successfully.", {
        status: 200,
      }),
      'POST /v1/unload_lora_adapter': new Response("Success: LoRA adapter 'sql' removed successfully.", {
        status: 200,
      }),
    });
    const client = createVllmClient({ baseURL: BASE_URL, apiKey: 'k', fetch });
    expect(await client.loadLoraAdapter({ name: 'sql', path: '/adapters/sql', loadInplace: true })).toEqual({
      name: 'sql',
      message: "Success: LoRA adapter 'sql' added successfully.",
    });
    expect(await client.unloadLoraAdapter('sql')).toEqual({
      name: 'sql',
      message: "Success: LoRA adapter 'sql' removed successfully.",
    });
    expect(requests.map((request) => [request.url, request.body])).toEqual([
      [
        'http://gpu-box:8000/v1/load_lora_adapter',
        { lora_name: 'sql', lora_path: '/adapters/sql', load_inplace: true },
      ],
      ['http://gpu-box:8000/v1/unload_lora_adapter', { lora_name: 'sql' }],
    ]);
    expect(requests[0].headers.authorization).toBe('Bearer k');
  });

  it('runtime updating disabled (route missing) → error naming VLLM_ALLOW_RUNTIME_LORA_UPDATING and --enable-lora', async () => {
    const { fetch } = mockVllmServer({}, { version: '0.13.0' });
    const error = await createVllmClient({ baseURL: BASE_URL, fetch })
      .loadLoraAdapter({ name: 'sql', path: '/adapters/sql' })
      .catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('POST /v1/load_lora_adapter is not available');
    expect(message).toContain('(version 0.13.0)');
    expect(message).toContain('VLLM_ALLOW_RUNTIME_LORA_UPDATING=1');
    expect(message).toContain('--enable-lora');
    expect((error as APICallError).data).toMatchObject({ reason: 'runtime-lora-disabled' });
  });

  it('vLLM errors (adapter already loaded) keep vLLM’s message', async () => {
    const { fetch } = mockVllmServer({
      'POST /v1/load_lora_adapter': jsonResponse(
        {
          error: {
            message:
              "The lora adapter 'sql' has already been loaded. If you want to load the adapter in place, set 'load_inplace' to True.",
            type: 'InvalidUserInput',
            param: null,
            code: 400,
          },
        },
        400,
      ),
    });
    await expect(
      createVllmClient({ baseURL: BASE_URL, fetch }).loadLoraAdapter({ name: 'sql', path: '/a' }),
    ).rejects.toThrow(/HTTP 400\): The lora adapter 'sql' has already been loaded/);
  });

  it('validates name and path before any request', async () => {
    const { fetch, requests } = createMockFetch(() => jsonResponse({}));
    const client = createVllmClient({ baseURL: BASE_URL, fetch });
    await expect(client.loadLoraAdapter({ name: '', path: '/a' })).rejects.toThrow(
      /LoRA adapter name is missing/,
    );
    await expect(client.loadLoraAdapter({ name: 'a', path: ' ' })).rejects.toThrow(
      /LoRA adapter path is missing/,
    );
    await expect(client.unloadLoraAdapter('')).rejects.toThrow(InvalidArgumentError);
    expect(requests).toHaveLength(0);
  });
});
