import { generateText, streamText } from 'ai';
import { describe, expect, it, vi } from 'vitest';
import { createVllm, VllmRoutingError, type VllmRoutingEvent } from '../../src';
import {
  A,
  B,
  catchError,
  chatFrom,
  createFakeReplicas,
  errorResponse,
  health,
  streamFrom,
} from './fake-replicas';

// Behaviours the chaos soak (test/soak) asked for: Retry-After, replicas that die before the first
// byte, slots freed on abort, clear mid-stream errors.

function withRetryAfter(response: Response, value: string): Response {
  const headers = new Headers(response.headers);
  headers.set('retry-after', value);
  return new Response(response.body, { status: response.status, headers });
}

describe('Retry-After', () => {
  it('a 429 with Retry-After moves the call on and sidelines the replica for that long', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000);
    let throttle = true;
    const events: VllmRoutingEvent[] = [];
    const replicas = createFakeReplicas({
      a: (request) =>
        health(request, () =>
          throttle ? withRetryAfter(errorResponse(429, 'rate limited'), '2') : chatFrom('a'),
        ),
    });
    const provider = createVllm({
      endpoints: [A, B],
      fetch: replicas.fetch,
      healthCheck: false,
      onEvent: (event) => events.push(event),
    });
    try {
      const now = Date.now();
      const call = () => generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0 });
      expect((await call()).text).toBe('from b');
      expect(events).toContainEqual(
        expect.objectContaining({
          type: 'endpoint-retry-after',
          endpoint: A,
          status: 429,
          retryAt: now + 2_000,
        }),
      );
      expect(provider.stats().endpoints[0]).toMatchObject({
        retryAfterMs: 2_000,
        circuit: 'closed',
        errors: 1,
      });
      throttle = false;
      for (let i = 0; i < 4; i++) expect((await call()).text).toBe('from b');
      expect(replicas.calls('a')).toHaveLength(1);
      vi.setSystemTime(now + 2_000);
      const texts = new Set<string>();
      for (let i = 0; i < 4; i++) texts.add((await call()).text);
      expect(texts).toEqual(new Set(['from a', 'from b']));
      expect(provider.stats().endpoints[0].retryAfterMs).toBeUndefined();
    } finally {
      vi.useRealTimers();
      await provider.close();
    }
  });

  it('when every replica asks to wait, the error is retryable after that wait (the SDK honours it)', async () => {
    const replicas = createFakeReplicas({
      a: (request) => health(request, () => withRetryAfter(errorResponse(429), '1')),
      b: (request) => health(request, () => withRetryAfter(errorResponse(503), '2')),
    });
    const provider = createVllm({ endpoints: [A, B], fetch: replicas.fetch, healthCheck: false });
    const error = await catchError(generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0 }));
    expect(VllmRoutingError.isInstance(error)).toBe(true);
    const routing = error as VllmRoutingError;
    expect(routing.reason).toBe('all-endpoints-failed');
    expect(routing.isRetryable).toBe(true);
    const wait = Number(routing.responseHeaders?.['retry-after-ms']);
    expect(wait).toBeGreaterThan(900);
    expect(wait).toBeLessThanOrEqual(1_000);
    expect(routing.message).toMatch(/asked to be retried later \(Retry-After\)/);
    // Both sidelined: the next call is refused at once, also with the wait.
    const next = (await catchError(
      generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0 }),
    )) as VllmRoutingError;
    expect(next.reason).toBe('no-endpoint-available');
    expect(next.message).toMatch(/Retry-After: \d+ ms left/);
    expect(Number(next.responseHeaders?.['retry-after-ms'])).toBeGreaterThan(0);
    expect(replicas.calls()).toHaveLength(2);
    await provider.close();
  });

  it('a lone replica’s 429 reaches the SDK unchanged, Retry-After included', async () => {
    const replicas = createFakeReplicas({
      a: (request) => health(request, () => withRetryAfter(errorResponse(429, 'slow down'), '7')),
    });
    const provider = createVllm({ endpoints: [A], fetch: replicas.fetch });
    const error = (await catchError(
      generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0 }),
    )) as VllmRoutingError;
    expect(error.statusCode).toBe(429);
    expect(error.message).toBe('slow down');
    expect(error.responseHeaders?.['retry-after']).toBe('7');
    await provider.close();
  });
});

describe('a replica that died before the first byte', () => {
  it("fails over vLLM's engine-dead 500 (the request never ran), not other 500s", async () => {
    const replicas = createFakeReplicas({
      a: (request) =>
        health(request, () =>
          errorResponse(500, 'EngineCore encountered an issue. See stack trace (above) for the root cause.'),
        ),
    });
    const provider = createVllm({ endpoints: [A, B], fetch: replicas.fetch, healthCheck: false });
    expect((await generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0 })).text).toBe('from b');
    expect(provider.stats().endpoints[0]).toMatchObject({ errors: 1, inFlight: 0 });
    await provider.close();
  });

  it('fails a stream over when it breaks before its first byte', async () => {
    const events: VllmRoutingEvent[] = [];
    const replicas = createFakeReplicas({
      a: (request) => health(request, () => streamFrom({ breakAfter: 0 })),
      b: (request) => health(request, () => streamFrom()),
    });
    const provider = createVllm({
      endpoints: [A, B],
      fetch: replicas.fetch,
      healthCheck: false,
      onEvent: (event) => events.push(event),
    });
    const result = streamText({ model: provider('m'), prompt: 'hi' });
    expect(await result.text).toBe('Hello world');
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'request-failover',
        endpoint: A,
        to: B,
        reason: expect.stringMatching(/^the stream broke before its first byte: .*other side closed/),
      }),
    );
    expect(provider.stats().endpoints.map((endpoint) => endpoint.inFlight)).toEqual([0, 0]);
    await provider.close();
  });

  it("fails a stream over when vLLM's first event says the engine died (nothing was delivered yet)", async () => {
    const deadEvent =
      'data: {"error":{"message":"EngineCore encountered an issue. See stack trace (above) for the root cause.","type":"InternalServerError","param":null,"code":500}}\n\ndata: [DONE]\n\n';
    const replicas = createFakeReplicas({
      a: (request) =>
        health(
          request,
          () => new Response(deadEvent, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
        ),
      b: (request) => health(request, () => streamFrom()),
    });
    const provider = createVllm({ endpoints: [A, B], fetch: replicas.fetch, healthCheck: false });
    const result = streamText({ model: provider('m'), prompt: 'hi' });
    expect(await result.text).toBe('Hello world');
    expect(provider.stats().endpoints.map((endpoint) => [endpoint.errors, endpoint.successes])).toEqual([
      [1, 0],
      [0, 1],
    ]);
    await provider.close();
  });
});

describe('an aborted call frees its slot at once', () => {
  it('a stream aborted while nobody reads it releases its slot and the next queued call runs', async () => {
    const replicas = createFakeReplicas({
      a: (request) => health(request, () => (request.body?.stream ? streamFrom() : chatFrom('a'))),
    });
    const provider = createVllm({ endpoints: [A], fetch: replicas.fetch, maxConcurrentRequests: 1 });
    const controller = new AbortController();
    const model = provider('m');
    const { stream } = await model.doStream({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      abortSignal: controller.signal,
    });
    expect(provider.stats()).toMatchObject({ inFlight: 1 });
    const queued = generateText({ model, prompt: 'next', maxRetries: 0 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(provider.stats()).toMatchObject({ inFlight: 1, queued: 1 });
    controller.abort();
    // Synchronously: the aborted stream's slot went to the queued call.
    expect(provider.stats()).toMatchObject({ inFlight: 1, queued: 0 });
    expect(provider.stats().endpoints[0].requests).toBe(2);
    expect((await queued).text).toBe('from a');
    void stream;
    await provider.close();
  });
});

describe('a replica that restarts', () => {
  it('its open circuit tries again as soon as a health check passes after failing (not after the open time)', async () => {
    let down = true;
    const events: VllmRoutingEvent[] = [];
    const replicas = createFakeReplicas({
      a: (request) => {
        if (down) return errorResponse(503, 'restarting');
        return request.path === '/health' ? new Response(null, { status: 200 }) : chatFrom('a');
      },
    });
    const provider = createVllm({
      endpoints: [A, B],
      fetch: replicas.fetch,
      healthCheck: { intervalMs: 20, unhealthyThreshold: 1 },
      circuitBreaker: { failureThreshold: 1, resetTimeoutMs: 60_000 },
      onEvent: (event) => events.push(event),
    });
    expect((await generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0 })).text).toBe('from b');
    expect(provider.stats().endpoints[0].circuit).toBe('open');
    await vi.waitFor(() => expect(provider.stats().endpoints[0].healthy).toBe(false));
    down = false;
    await vi.waitFor(() => expect(provider.stats().endpoints[0].circuit).toBe('half-open'));
    const texts = new Set<string>();
    for (let i = 0; i < 4; i++) texts.add((await generateText({ model: provider('m'), prompt: 'hi' })).text);
    expect(texts.has('from a')).toBe(true);
    expect(provider.stats().endpoints[0].circuit).toBe('closed');
    expect(events.map((event) => event.type).filter((type) => type.startsWith('circuit'))).toEqual([
      'circuit-open',
      'circuit-half-open',
      'circuit-closed',
    ]);
    await provider.close();
  });
});
