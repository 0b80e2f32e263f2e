import { embed, embedMany } from 'ai';
import { describe, expect, it } from 'vitest';
import { createVllm } from '../../src';
import { createMockFetch, jsonResponse } from '../helpers/mock-fetch';
import { EMBEDDINGS, NESTED_ERROR } from '../helpers/vllm-fixtures';

const baseURL = 'http://vllm.test/v1';

function base64Float32(values: number[]): string {
  const bytes = new Uint8Array(new Float32Array(values).buffer);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

describe('embedding model', () => {
  it('sends vLLM fields and returns vectors in input order with usage', async () => {
    const { fetch, requests } = createMockFetch(() => jsonResponse(EMBEDDINGS));
    const result = await embedMany({
      model: createVllm({ baseURL, fetch }).embeddingModel('BAAI/bge-m3'),
      values: ['a', 'b'],
      providerOptions: {
        vllm: {
          truncatePromptTokens: 512,
          dimensions: 256,
          priority: 2,
          extraBody: { use_activation: true },
        },
      },
    });
    expect(requests[0].body).toEqual({
      model: 'BAAI/bge-m3',
      input: ['a', 'b'],
      encoding_format: 'float',
      dimensions: 256,
      truncate_prompt_tokens: 512,
      priority: 2,
      use_activation: true,
    });
    expect(result.embeddings).toEqual([
      [0.1, 0.2, 0.3],
      [0.5, -0.25, 0.125],
    ]);
    expect(result.usage.tokens).toBe(7);
  });

  it("uses the SDK's dimensions setting", async () => {
    const { fetch, requests } = createMockFetch(() => jsonResponse(EMBEDDINGS));
    const model = createVllm({ baseURL, fetch }).embeddingModel('m');
    await model.doEmbed({ values: ['a'], dimensions: 64 });
    expect(requests[0].body?.dimensions).toBe(64);
  });

  it('decodes base64 vectors', async () => {
    const { fetch, requests } = createMockFetch(() =>
      jsonResponse({
        ...EMBEDDINGS,
        data: [{ index: 0, object: 'embedding', embedding: base64Float32([0.5, -2, 8]) }],
      }),
    );
    const { embedding } = await embed({
      model: createVllm({ baseURL, fetch }).embeddingModel('m'),
      value: 'a',
      providerOptions: { vllm: { encodingFormat: 'base64' } },
    });
    expect(requests[0].body?.encoding_format).toBe('base64');
    expect(embedding).toEqual([0.5, -2, 8]);
  });

  it('rejects invalid options before any request, naming the option', async () => {
    const { fetch, requests } = createMockFetch(() => jsonResponse(EMBEDDINGS));
    await expect(
      embed({
        model: createVllm({ baseURL, fetch }).embeddingModel('m'),
        value: 'a',
        providerOptions: { vllm: { truncatePromptTokens: -5 } },
      }),
    ).rejects.toThrow(/truncatePromptTokens/);
    expect(requests).toHaveLength(0);
  });

  it("surfaces vLLM's error message", async () => {
    const { fetch } = createMockFetch(() => jsonResponse(NESTED_ERROR, 400));
    await expect(
      embed({ model: createVllm({ baseURL, fetch }).embeddingModel('m'), value: 'a', maxRetries: 0 }),
    ).rejects.toThrow(/maximum context length is 4096 tokens/);
  });

  it('splits large batches at maxEmbeddingsPerCall and runs them in parallel', () => {
    const model = createVllm().embeddingModel('m');
    expect(model.maxEmbeddingsPerCall).toBe(2048);
    expect(model.supportsParallelCalls).toBe(true);
  });
});
