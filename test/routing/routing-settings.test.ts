import { InvalidArgumentError } from '@ai-sdk/provider';
import { generateText } from 'ai';
import { describe, expect, it, vi } from 'vitest';
import { createVllm, type VllmProviderSettings } from '../../src';
import { A, B, createFakeReplicas } from './fake-replicas';

function settingError(settings: VllmProviderSettings): InvalidArgumentError {
  try {
    createVllm(settings);
  } catch (error) {
    if (InvalidArgumentError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected createVllm to throw');
}

describe('routing settings are checked at createVllm()', () => {
  it.each<[string, VllmProviderSettings, string, RegExp]>([
    [
      'baseURL and endpoints',
      { baseURL: A, endpoints: [B] },
      'endpoints',
      /either `baseURL`.*or `endpoints`/,
    ],
    ['an empty list', { endpoints: [] }, 'endpoints', /non-empty array/],
    ['a bad URL', { endpoints: [A, '//gpu-2:8000/v1'] }, 'endpoints[1].baseURL', /absolute http\(s\) URL/],
    ['a duplicate', { endpoints: [A, `${A}/`] }, 'endpoints[1]', /already endpoints\[0\].*weight/],
    ['a zero weight', { endpoints: [{ baseURL: A, weight: 0 }] }, 'endpoints[0].weight', /> 0/],
    [
      'a fractional limit',
      { endpoints: [{ baseURL: A, maxConcurrentRequests: 1.5 }] },
      'endpoints[0].maxConcurrentRequests',
      /integer >= 1/,
    ],
    [
      'an unknown strategy',
      { endpoints: [A], loadBalancing: 'random' as 'session' },
      'loadBalancing',
      /'round-robin', 'least-busy', 'session'/,
    ],
    ['a negative queue', { endpoints: [A], maxQueuedRequests: -1 }, 'maxQueuedRequests', /integer >= 0/],
    ['a zero timeout', { endpoints: [A], timeoutMs: 0 }, 'timeoutMs', /milliseconds > 0/],
    [
      'a bad breaker threshold',
      { endpoints: [A], circuitBreaker: { failureThreshold: 0 } },
      'circuitBreaker.failureThreshold',
      /integer >= 1/,
    ],
    [
      'a maximum open time below the reset timeout',
      { endpoints: [A], circuitBreaker: { resetTimeoutMs: 5_000, maxResetTimeoutMs: 1_000 } },
      'circuitBreaker.maxResetTimeoutMs',
      />= circuitBreaker.resetTimeoutMs \(5000\)/,
    ],
    [
      'a bad health interval',
      { endpoints: [A], healthCheck: { intervalMs: -5 } },
      'healthCheck.intervalMs',
      /> 0/,
    ],
  ])('rejects %s, naming the setting', (_name, settings, argument, message) => {
    const error = settingError(settings);
    expect(error.argument).toBe(argument);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(argument);
  });
});

describe('routing on and off', () => {
  it('is off without routing settings: requests go straight to baseURL and stats are empty', async () => {
    const replicas = createFakeReplicas({});
    const provider = createVllm({ baseURL: A, fetch: replicas.fetch });
    await generateText({ model: provider('m'), prompt: 'hi' });
    expect(replicas.requests.map((request) => `${request.host}${request.path}`)).toEqual([
      'a/v1/chat/completions',
    ]);
    expect(provider.stats()).toEqual({ inFlight: 0, queued: 0, rejected: 0, endpoints: [] });
    await expect(provider.close()).resolves.toBeUndefined();
  });

  it('routes to baseURL as the single endpoint when only a routing setting such as a limit is given', async () => {
    const replicas = createFakeReplicas({});
    const provider = createVllm({ baseURL: A, maxConcurrentRequests: 4, fetch: replicas.fetch });
    await generateText({ model: provider('m'), prompt: 'hi' });
    expect(provider.stats().endpoints).toEqual([
      expect.objectContaining({ endpoint: A, requests: 1, successes: 1, healthy: true, circuit: 'closed' }),
    ]);
  });

  it('uses VLLM_BASE_URL as the single endpoint when neither baseURL nor endpoints is given', async () => {
    vi.stubEnv('VLLM_BASE_URL', B);
    const replicas = createFakeReplicas({});
    const provider = createVllm({ timeoutMs: 60_000, fetch: replicas.fetch });
    await generateText({ model: provider('m'), prompt: 'hi' });
    expect(replicas.calls('b')).toHaveLength(1);
  });

  it('rewrites every model URL to the chosen endpoint, keeping each endpoint path (e.g. a KServe prefix)', async () => {
    const replicas = createFakeReplicas({});
    const provider = createVllm({
      endpoints: [A, 'http://kserve:80/openai/v1'],
      fetch: replicas.fetch,
      healthCheck: false,
    });
    await generateText({ model: provider('m'), prompt: 'hi' });
    await generateText({ model: provider('m'), prompt: 'hi' });
    await provider
      .embeddingModel('e')
      .doEmbed({ values: ['x'] })
      .catch(() => undefined);
    expect(replicas.requests.map((request) => `${request.host}${request.path}`)).toEqual([
      'a/v1/chat/completions',
      'kserve/openai/v1/chat/completions',
      'a/v1/embeddings',
    ]);
  });
});
