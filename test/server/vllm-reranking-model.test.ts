import { APICallError, InvalidArgumentError } from '@ai-sdk/provider';
import { rerank } from 'ai';
import { describe, expect, it } from 'vitest';
import { createVllm } from '../../src';
import { jsonResponse } from '../helpers/mock-fetch';
import { BASE_URL, mockVllmServer } from './server-fixtures';

/** vLLM's /rerank answer: results sorted by relevance, documents echoed (pooling/scoring/protocol.py). */
const RERANK_RESPONSE = {
  id: 'rerank-5f2c',
  model: 'BAAI/bge-reranker-v2-m3',
  usage: { prompt_tokens: 42, total_tokens: 42 },
  results: [
    {
      index: 2,
      document: { text: 'vLLM is a fast inference engine.', multi_modal: null },
      relevance_score: 0.98,
    },
    { index: 0, document: { text: 'Paris is in France.', multi_modal: null }, relevance_score: 0.12 },
  ],
};

const documents = ['Paris is in France.', 'Cats are animals.', 'vLLM is a fast inference engine.'];

describe('reranking model', () => {
  it('reranks through ai’s rerank() over POST /rerank with top_n', async () => {
    const { fetch, requests } = mockVllmServer({ 'POST /rerank': jsonResponse(RERANK_RESPONSE) });
    const vllm = createVllm({ baseURL: BASE_URL, apiKey: 'k', fetch });
    const result = await rerank({
      model: vllm.rerankingModel('BAAI/bge-reranker-v2-m3'),
      query: 'what is vLLM?',
      documents,
      topN: 2,
    });
    expect(requests[0].url).toBe('http://gpu-box:8000/rerank');
    expect(requests[0].headers.authorization).toBe('Bearer k');
    expect(requests[0].body).toEqual({
      model: 'BAAI/bge-reranker-v2-m3',
      query: 'what is vLLM?',
      documents,
      top_n: 2,
    });
    expect(result.ranking).toEqual([
      { originalIndex: 2, score: 0.98, document: documents[2] },
      { originalIndex: 0, score: 0.12, document: documents[0] },
    ]);
    expect(result.rerankedDocuments).toEqual([documents[2], documents[0]]);
    expect(result.providerMetadata).toEqual({ vllm: { promptTokens: 42, totalTokens: 42 } });
    expect(result.response.id).toBe('rerank-5f2c');
  });

  it('sends object documents as JSON text, or as the chosen rankFields', async () => {
    const { fetch, requests } = mockVllmServer({
      'POST /rerank': jsonResponse({
        ...RERANK_RESPONSE,
        results: [{ index: 0, relevance_score: 0.5, document: {} }],
      }),
    });
    const vllm = createVllm({ baseURL: BASE_URL, fetch });
    const objects = [{ title: 'vLLM', body: 'Fast inference.', id: 7 }];
    await rerank({ model: vllm.reranking('r'), query: 'q', documents: objects });
    await rerank({
      model: vllm.reranking('r'),
      query: 'q',
      documents: objects,
      providerOptions: { vllm: { rankFields: ['title', 'body'], truncatePromptTokens: 512, priority: 1 } },
    });
    expect(requests[0].body?.documents).toEqual(['{"title":"vLLM","body":"Fast inference.","id":7}']);
    expect(requests[0].body?.top_n).toBeUndefined();
    expect(requests[1].body).toMatchObject({
      documents: ['title: vLLM\nbody: Fast inference.'],
      truncate_prompt_tokens: 512,
      priority: 1,
    });
  });

  it('rejects bad provider options naming the option', async () => {
    const { fetch, requests } = mockVllmServer({});
    const model = createVllm({ baseURL: BASE_URL, fetch }).rerankingModel('r');
    const error = await model
      .doRerank({
        documents: { type: 'text', values: ['a'] },
        query: 'q',
        providerOptions: { vllm: { priority: 1.5 } },
      })
      .catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('providerOptions.vllm.priority');
    expect(requests).toHaveLength(0);
  });

  it('a generative model (no /rerank route) → explains that a pooling reranker is needed', async () => {
    const { fetch } = mockVllmServer({}, { version: '0.13.0' });
    const error = await rerank({
      model: createVllm({ baseURL: BASE_URL, fetch }).rerankingModel('Qwen/Qwen3-8B'),
      query: 'q',
      documents: ['a'],
      maxRetries: 0,
    }).catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('POST /rerank is not supported by this vLLM version (0.13.0)');
    expect((error as Error).message).toContain('--runner pooling');
  });

  it('passes vLLM’s 400 message through', async () => {
    const { fetch } = mockVllmServer({
      'POST /rerank': jsonResponse(
        {
          error: {
            message: "This model's maximum context length is 512 tokens.",
            type: 'BadRequestError',
            param: null,
            code: 400,
          },
        },
        400,
      ),
    });
    await expect(
      rerank({
        model: createVllm({ baseURL: BASE_URL, fetch }).rerankingModel('r'),
        query: 'q',
        documents: ['a'],
        maxRetries: 0,
      }),
    ).rejects.toThrow("This model's maximum context length is 512 tokens.");
  });

  it('has the provider id <name>.reranking and rejects an empty model id', () => {
    const vllm = createVllm({ baseURL: BASE_URL, name: 'gpu' });
    expect(vllm.rerankingModel('r').provider).toBe('gpu.reranking');
    expect(vllm.rerankingModel('r').specificationVersion).toBe('v4');
    expect(() => vllm.rerankingModel('')).toThrow(InvalidArgumentError);
  });
});
