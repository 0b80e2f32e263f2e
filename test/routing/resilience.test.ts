import { generateText } from 'ai';
import { describe, expect, it, vi } from 'vitest';
import { createVllm, type VllmRoutingError, type VllmRoutingEvent } from '../../src';
import { A, B, C, chatFrom, createFakeReplicas, errorResponse } from './fake-replicas';

/** Generous: other test suites share this machine's two cores. */
const WAIT = { timeout: 10_000, interval: 20 };

const generate = (provider: ReturnType<typeof createVllm>, headers?: Record<string, string>) =>
  generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0, headers });

describe('circuit breaker per endpoint', () => {
  it('opens after failureThreshold failures, sends nothing until half-open, and closes after recovery', async () => {
    let aIsDown = true;
    const events: VllmRoutingEvent[] = [];
    // `a` answers 503 while down, then like a healthy replica.
    const replicas = createFakeReplicas({ a: () => (aIsDown ? errorResponse(503) : chatFrom('a')) });
    const provider = createVllm({
      endpoints: [A, B],
      fetch: replicas.fetch,
      healthCheck: false,
      circuitBreaker: { failureThreshold: 2, resetTimeoutMs: 1_000, halfOpenSuccesses: 1 },
      onEvent: (event) => events.push(event),
    });

    for (let i = 0; i < 10; i++) expect((await generate(provider)).text).toBe('from b');
    expect(replicas.calls('a')).toHaveLength(2);
    expect(provider.stats().endpoints[0].circuit).toBe('open');
    expect(events.filter((event) => event.type === 'circuit-open')).toEqual([
      expect.objectContaining({ endpoint: A, failures: 2, retryAt: expect.any(Number) }),
    ]);

    aIsDown = false;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const texts = [];
    for (let i = 0; i < 4; i++) texts.push((await generate(provider)).text);
    expect(texts).toContain('from a');
    expect(provider.stats().endpoints[0].circuit).toBe('closed');
    expect(events.map((event) => event.type).filter((type) => type.startsWith('circuit'))).toEqual([
      'circuit-open',
      'circuit-half-open',
      'circuit-closed',
    ]);
  });
});

describe('when every circuit is open', () => {
  it('fails fast with a retryable error whose retry-after-ms points at the first half-open', async () => {
    const replicas = createFakeReplicas({ a: () => errorResponse(503), b: () => errorResponse(503) });
    const provider = createVllm({
      endpoints: [A, B],
      fetch: replicas.fetch,
      healthCheck: false,
      circuitBreaker: { failureThreshold: 1, resetTimeoutMs: 20_000 },
    });
    await expect(generate(provider)).rejects.toMatchObject({ reason: 'all-endpoints-failed' });
    const error = await generate(provider).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ reason: 'no-endpoint-available', isRetryable: true });
    const retryAfter = Number((error as VllmRoutingError).responseHeaders?.['retry-after-ms']);
    expect(retryAfter).toBeGreaterThan(15_000);
    expect(retryAfter).toBeLessThanOrEqual(20_000);
    expect((error as Error).message).toMatch(/circuit open.*circuit open/);
    expect(replicas.calls()).toHaveLength(2);
  });
});

describe('health checks', () => {
  it('ejects an endpoint whose /health fails, re-admits it when it passes, and stops when closed', async () => {
    let aHealthy = false;
    const events: VllmRoutingEvent[] = [];
    const replicas = createFakeReplicas({
      a: (request) =>
        request.path === '/health' ? new Response(null, { status: aHealthy ? 200 : 503 }) : chatFrom('a'),
    });
    const provider = createVllm({
      endpoints: [A, B],
      fetch: replicas.fetch,
      healthCheck: { intervalMs: 20, unhealthyThreshold: 1, healthyThreshold: 1 },
      onEvent: (event) => events.push(event),
    });
    await generate(provider).catch(() => undefined); // starts the checks
    await vi.waitFor(() => expect(provider.stats().endpoints[0].healthy).toBe(false), WAIT);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'endpoint-unhealthy', endpoint: A, reason: 'HTTP 503' }),
    );
    const before = replicas.calls('a').length;
    for (let i = 0; i < 6; i++) expect((await generate(provider)).text).toBe('from b');
    expect(replicas.calls('a')).toHaveLength(before);

    aHealthy = true;
    await vi.waitFor(() => expect(provider.stats().endpoints[0].healthy).toBe(true), WAIT);
    expect(events).toContainEqual(expect.objectContaining({ type: 'endpoint-healthy', endpoint: A }));
    const texts = new Set<string>();
    for (let i = 0; i < 4; i++) texts.add((await generate(provider)).text);
    expect(texts).toEqual(new Set(['from a', 'from b']));

    await provider.close();
    const checks = replicas.requests.filter((request) => request.path === '/health').length;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(replicas.requests.filter((request) => request.path === '/health')).toHaveLength(checks);
  });
});

describe('session stickiness', () => {
  it('keeps requests with the same X-Session-ID on one endpoint, and spreads different sessions', async () => {
    const replicas = createFakeReplicas({});
    const provider = createVllm({
      endpoints: [A, B, C],
      loadBalancing: 'session',
      fetch: replicas.fetch,
      healthCheck: false,
    });
    const hosts = new Set<string>();
    for (let i = 0; i < 20; i++)
      hosts.add((await generate(provider, { 'X-Session-ID': 'conversation-1' })).text);
    expect(hosts.size).toBe(1);
    const spread = new Set<string>();
    for (let i = 0; i < 30; i++) spread.add((await generate(provider, { 'x-session-id': `user-${i}` })).text);
    expect(spread.size).toBe(3);
  });

  it('reads the session from providerOptions.vllm.sessionKey (sent as X-Session-ID)', async () => {
    const replicas = createFakeReplicas({});
    const provider = createVllm({
      endpoints: [A, B, C],
      loadBalancing: 'session',
      fetch: replicas.fetch,
      healthCheck: false,
    });
    const hosts = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const result = await generateText({
        model: provider('m'),
        prompt: 'hi',
        providerOptions: { vllm: { sessionKey: 'conversation-2' } },
      });
      hosts.add(result.text);
    }
    expect(hosts.size).toBe(1);
    expect(replicas.calls()[0].headers.get('x-session-id')).toBe('conversation-2');
  });

  it('moves a session to another endpoint while its own is failing', async () => {
    const replicas = createFakeReplicas({});
    const provider = createVllm({
      endpoints: [A, B, C],
      loadBalancing: 'session',
      fetch: replicas.fetch,
      healthCheck: false,
    });
    const home = (await generate(provider, { 'X-Session-ID': 's-9' })).text.replace('from ', '');
    const failing = createFakeReplicas({ [home]: () => errorResponse(503) });
    const provider2 = createVllm({
      endpoints: [A, B, C],
      loadBalancing: 'session',
      fetch: failing.fetch,
      healthCheck: false,
    });
    const elsewhere = new Set<string>();
    for (let i = 0; i < 5; i++) elsewhere.add((await generate(provider2, { 'X-Session-ID': 's-9' })).text);
    expect(elsewhere.size).toBe(1);
    expect(elsewhere.has(`from ${home}`)).toBe(false);
  });
});
