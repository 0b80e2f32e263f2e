import { APICallError, InvalidArgumentError, NoSuchModelError } from '@ai-sdk/provider';
import { embed, generateText } from 'ai';
import { describe, expect, it, vi } from 'vitest';
import { createVllm, vllm } from '../../src';
import { createMockFetch, jsonResponse } from '../helpers/mock-fetch';
import { CHAT_COMPLETION, EMBEDDINGS } from '../helpers/vllm-fixtures';

function chatServer() {
  return createMockFetch(() => jsonResponse(CHAT_COMPLETION));
}

describe('createVllm settings', () => {
  it('sends requests to baseURL without a trailing slash', async () => {
    const { fetch, requests } = chatServer();
    const provider = createVllm({ baseURL: 'http://gpu-box:9000/v1/', fetch });
    await generateText({ model: provider('Qwen/Qwen3-8B'), prompt: 'Hi' });
    expect(requests[0].url).toBe('http://gpu-box:9000/v1/chat/completions');
  });

  it('uses VLLM_BASE_URL when baseURL is not given, read at request time', async () => {
    const { fetch, requests } = chatServer();
    const provider = createVllm({ fetch });
    vi.stubEnv('VLLM_BASE_URL', 'http://from-env:8001/v1');
    await generateText({ model: provider('m'), prompt: 'Hi' });
    expect(requests[0].url).toBe('http://from-env:8001/v1/chat/completions');
  });

  it('prefers an explicit baseURL over VLLM_BASE_URL', async () => {
    vi.stubEnv('VLLM_BASE_URL', 'http://from-env:8001/v1');
    const { fetch, requests } = chatServer();
    await generateText({ model: createVllm({ baseURL: 'http://explicit:1/v1', fetch })('m'), prompt: 'Hi' });
    expect(requests[0].url).toBe('http://explicit:1/v1/chat/completions');
  });

  it('defaults to http://localhost:8000/v1', async () => {
    vi.stubEnv('VLLM_BASE_URL', '');
    const { fetch, requests } = chatServer();
    await generateText({ model: createVllm({ fetch })('m'), prompt: 'Hi' });
    expect(requests[0].url).toBe('http://localhost:8000/v1/chat/completions');
  });

  it('sends no Authorization header without a key', async () => {
    vi.stubEnv('VLLM_API_KEY', '');
    const { fetch, requests } = chatServer();
    await generateText({ model: createVllm({ fetch })('m'), prompt: 'Hi' });
    expect(requests[0].headers.authorization).toBeUndefined();
  });

  it('sends the explicit apiKey as a Bearer token, over VLLM_API_KEY', async () => {
    vi.stubEnv('VLLM_API_KEY', 'env-key');
    const { fetch, requests } = chatServer();
    await generateText({ model: createVllm({ apiKey: 'explicit-key', fetch })('m'), prompt: 'Hi' });
    expect(requests[0].headers.authorization).toBe('Bearer explicit-key');
  });

  it('reads VLLM_API_KEY lazily, at request time', async () => {
    const { fetch, requests } = chatServer();
    const provider = createVllm({ fetch });
    vi.stubEnv('VLLM_API_KEY', 'late-key');
    await generateText({ model: provider('m'), prompt: 'Hi' });
    expect(requests[0].headers.authorization).toBe('Bearer late-key');
  });

  it('lets an empty apiKey disable VLLM_API_KEY', async () => {
    vi.stubEnv('VLLM_API_KEY', 'env-key');
    const { fetch, requests } = chatServer();
    await generateText({ model: createVllm({ apiKey: '', fetch })('m'), prompt: 'Hi' });
    expect(requests[0].headers.authorization).toBeUndefined();
  });

  it('sends custom headers and a vllm-ai-provider User-Agent suffix', async () => {
    const { fetch, requests } = chatServer();
    await generateText({ model: createVllm({ headers: { 'X-Team': 'search' }, fetch })('m'), prompt: 'Hi' });
    expect(requests[0].headers['x-team']).toBe('search');
    expect(requests[0].headers['user-agent']).toMatch(/vllm-ai-provider\/\d+\.\d+\.\d+/);
  });

  it('reads per-call options from providerOptions[name] when a name is set', async () => {
    const { fetch, requests } = chatServer();
    const provider = createVllm({ name: 'gpu', fetch });
    const result = await generateText({
      model: provider('m'),
      prompt: 'Hi',
      providerOptions: { gpu: { min_p: 0.05 } },
    });
    expect(requests[0].body?.min_p).toBe(0.05);
    expect(provider('m').provider).toBe('gpu.chat');
    expect(result.providerMetadata).toHaveProperty('gpu');
  });

  it('serves embeddings from the same settings', async () => {
    const { fetch, requests } = createMockFetch(() => jsonResponse(EMBEDDINGS));
    await embed({
      model: createVllm({ baseURL: 'http://e:1/v1', fetch }).embeddingModel('BAAI/bge-m3'),
      value: 'x',
    });
    expect(requests[0].url).toBe('http://e:1/v1/embeddings');
  });
});

describe('several servers', () => {
  it('takes baseURL: [...] as shorthand for endpoints and spreads calls over them', async () => {
    const { fetch, requests } = chatServer();
    const provider = createVllm({ baseURL: ['http://a:8000/v1', 'http://b:8000/v1/'], fetch });
    await generateText({ model: provider('m'), prompt: 'Hi' });
    await generateText({ model: provider('m'), prompt: 'Hi' });
    const hosts = requests.filter((r) => r.url.endsWith('/chat/completions')).map((r) => new URL(r.url).host);
    expect(new Set(hosts)).toEqual(new Set(['a:8000', 'b:8000']));
    expect(provider.stats().endpoints.map((stats) => stats.endpoint)).toEqual([
      'http://a:8000/v1',
      'http://b:8000/v1',
    ]);
    await provider.close();
  });

  it('rejects baseURL: [] and baseURL: [...] together with endpoints, naming the setting', () => {
    expect(() => createVllm({ baseURL: [] })).toThrow(/baseURL is an empty array/);
    expect(() => createVllm({ baseURL: ['http://a/v1'], endpoints: ['http://b/v1'] })).toThrow(
      /either as baseURL: \[...\] or as endpoints/,
    );
  });
});

describe('bad input', () => {
  it('rejects a baseURL that is not a URL, naming the setting', () => {
    expect(() => createVllm({ baseURL: 'localhost:8000' })).toThrow(InvalidArgumentError);
    expect(() => createVllm({ baseURL: 'localhost:8000' })).toThrow(/baseURL "localhost:8000"/);
    expect(() => createVllm({ baseURL: 'ftp://host/v1' })).toThrow(/protocol must be http/);
  });

  it('rejects an invalid VLLM_BASE_URL at request time, naming the variable', async () => {
    vi.stubEnv('VLLM_BASE_URL', 'not a url');
    const { fetch } = chatServer();
    await expect(
      generateText({ model: createVllm({ fetch })('m'), prompt: 'Hi', maxRetries: 0 }),
    ).rejects.toThrow(/VLLM_BASE_URL "not a url"/);
  });

  it('rejects an empty model id, naming it', () => {
    expect(() => vllm('')).toThrow(InvalidArgumentError);
    expect(() => vllm.embeddingModel('  ')).toThrow(/model id is empty/);
    expect(() => vllm.completionModel('')).toThrow(/modelId|model id/);
  });

  it('rejects an invalid provider name', () => {
    expect(() => createVllm({ name: 'my vllm' })).toThrow(/provider name "my vllm"/);
  });

  it('turns an unreachable server into an APICallError naming the URL', async () => {
    const failingFetch = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    };
    const provider = createVllm({ baseURL: 'http://127.0.0.1:9/v1', fetch: failingFetch });
    const error = await generateText({ model: provider('m'), prompt: 'Hi', maxRetries: 0 }).catch(
      (e: unknown) => e,
    );
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).message).toContain('http://127.0.0.1:9/v1/chat/completions');
    expect((error as APICallError).isRetryable).toBe(true);
  });
});

describe('provider shape', () => {
  it('exposes every model kind with the v4 specification', () => {
    expect(vllm.specificationVersion).toBe('v4');
    expect(vllm('m').specificationVersion).toBe('v4');
    expect(vllm.languageModel('m').provider).toBe('vllm.chat');
    expect(vllm.chatModel('m').modelId).toBe('m');
    expect(vllm.completionModel('m').provider).toBe('vllm.completion');
    expect(vllm.embeddingModel('e').provider).toBe('vllm.embedding');
    expect(vllm.textEmbeddingModel('e').provider).toBe('vllm.embedding');
  });

  it('has no image models', () => {
    expect(() => vllm.imageModel('flux')).toThrow(NoSuchModelError);
  });
});
