import { APICallError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { createVllmClient } from '../../src';
import { candidateRoots, isMissingRouteResponse } from '../../src/provider/connection/vllm-missing-route';
import { createMockFetch, jsonResponse } from '../helpers/mock-fetch';
import { vllmNotFound } from '../helpers/vllm-fixtures';
import { baseURL } from './helpers';

// The parts of the wrong-baseURL explanation that need no server (runs in the edge runtime too);
// the whole flow against real HTTP is in first-mistakes.node.test.ts.

describe('a route 404 is told apart from vLLM’s own 404s', () => {
  it.each([
    [404, '{"detail":"Not Found"}', true],
    [405, '{"detail":"Method Not Allowed"}', true],
    [404, '<html><body>404 Not Found</body></html>', true],
    [404, '', true],
    [404, '{"error":{"message":"The model `x` does not exist.","type":"NotFoundError","code":404}}', false],
    [
      404,
      '{"object":"error","message":"The model `x` does not exist.","type":"NotFoundError","code":404}',
      false,
    ],
    [400, '{"detail":"Not Found"}', false],
    [500, '', false],
  ])('HTTP %i %s → %s', (status, body, expected) => {
    expect(isMissingRouteResponse(status, body)).toBe(expected);
  });
});

describe('the roots probed for GET /models, most specific first', () => {
  it.each([
    ['http://h:8000', ['http://h:8000', 'http://h:8000/v1']],
    ['http://h:8000/vl', ['http://h:8000/vl', 'http://h:8000/vl/v1', 'http://h:8000/v1']],
    [
      'http://h:8000/v1/chat/completions',
      [
        'http://h:8000/v1/chat/completions',
        'http://h:8000/v1/chat/completions/v1',
        'http://h:8000/v1/chat/v1',
        'http://h:8000/v1',
      ],
    ],
    [
      'https://gateway.example/team/vllm',
      [
        'https://gateway.example/team/vllm',
        'https://gateway.example/team/vllm/v1',
        'https://gateway.example/team/v1',
        'https://gateway.example/v1',
      ],
    ],
    [
      'http://user:pw@h:8000/x',
      ['http://user:pw@h:8000/x', 'http://user:pw@h:8000/x/v1', 'http://user:pw@h:8000/v1'],
    ],
  ])('%s', (base, roots) => {
    expect(candidateRoots(base)).toEqual(roots);
  });
});

describe('vLLM errors never have an empty message', () => {
  it('the server client too: a 500 with an empty message names status, type and where to look', async () => {
    const { fetch } = createMockFetch(() =>
      jsonResponse({ error: { message: '', type: 'InternalServerError', param: null, code: 500 } }, 500),
    );
    const error = await createVllmClient({ baseURL, fetch })
      .tokenize('Hi')
      .catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBe(500);
    expect((error as Error).message).toBe(
      'vLLM POST /tokenize failed (HTTP 500): vLLM answered 500 InternalServerError with an empty error message; ' +
        'the cause is in the vLLM server log (the traceback logged for this request).',
    );
  });
});

describe('a server that fails the lookups too', () => {
  it('is asked once for its models, not in a circle', async () => {
    const { fetch, requests } = createMockFetch(() => vllmNotFound('The model `m` does not exist.'));
    const client = createVllmClient({ baseURL, fetch });
    const error = await client.tokenize('Hi', { model: 'm' }).catch((caught: unknown) => caught);
    expect((error as Error).message).toBe(
      'The model `m` does not exist. Use a name the server serves (GET /v1/models: its --served-model-name or a loaded LoRA adapter).',
    );
    expect(requests.map((request) => new URL(request.url).pathname)).toEqual(['/tokenize', '/v1/models']);
  });
});
