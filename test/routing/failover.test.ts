import { APICallError } from '@ai-sdk/provider';
import { generateText, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { createVllm, VllmRoutingError, type VllmRoutingEvent } from '../../src';
import {
  A,
  B,
  C,
  catchError,
  chatFrom,
  connectionRefused,
  createFakeReplicas,
  errorResponse,
  hang,
  health,
  streamFrom,
} from './fake-replicas';

describe('failover before the first response byte', () => {
  it.each([502, 503, 504])('moves a request answered with HTTP %i to the next endpoint', async (status) => {
    const events: VllmRoutingEvent[] = [];
    const replicas = createFakeReplicas({ a: (request) => health(request, () => errorResponse(status)) });
    const provider = createVllm({
      endpoints: [A, B],
      fetch: replicas.fetch,
      onEvent: (event) => events.push(event),
    });
    const { text } = await generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0 });
    expect(text).toBe('from b');
    expect(replicas.calls('a')).toHaveLength(1);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'request-failover',
        endpoint: A,
        to: B,
        reason: `HTTP ${status}`,
        attempt: 1,
      }),
    );
    await provider.close();
  });

  it('moves a request whose connection is refused to the next endpoint', async () => {
    const replicas = createFakeReplicas({ a: connectionRefused });
    const provider = createVllm({ endpoints: [A, B], fetch: replicas.fetch, healthCheck: false });
    for (let i = 0; i < 4; i++) {
      expect((await generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0 })).text).toBe('from b');
    }
    expect(provider.stats().endpoints.map((e) => [e.requests, e.successes, e.errors])).toEqual([
      [2, 0, 2],
      [4, 4, 0],
    ]);
  });

  it('moves a non-streamed request whose body breaks before it is complete', async () => {
    const replicas = createFakeReplicas({
      a: (request) => health(request, () => streamFrom({ breakAfter: 1 })),
    });
    const provider = createVllm({ endpoints: [A, B], fetch: replicas.fetch });
    expect((await generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0 })).text).toBe('from b');
    await provider.close();
  });

  it('reports a lone endpoint that sends no headers in time as a headers timeout', async () => {
    const replicas = createFakeReplicas({ a: (request) => health(request, () => hang(request)) });
    const provider = createVllm({ endpoints: [A], fetch: replicas.fetch, headersTimeoutMs: 30 });
    const error = (await catchError(
      generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0 }),
    )) as VllmRoutingError;
    expect(error.reason).toBe('endpoint-failed');
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain('no response headers after 30 ms');
    expect(error.message).toContain('raise headersTimeoutMs');
  });

  it('abandons an endpoint that sends no headers within headersTimeoutMs', async () => {
    const events: VllmRoutingEvent[] = [];
    const replicas = createFakeReplicas({ a: (request) => health(request, () => hang(request)) });
    const provider = createVllm({
      endpoints: [A, B],
      fetch: replicas.fetch,
      headersTimeoutMs: 50,
      onEvent: (event) => events.push(event),
    });
    expect((await generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0 })).text).toBe('from b');
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'request-failover', reason: 'no response headers after 50 ms' }),
    );
    expect(replicas.calls('a')[0].signal?.aborted).toBe(true);
    await provider.close();
  });

  it('does not fail over client errors (4xx): the vLLM message reaches the caller', async () => {
    const replicas = createFakeReplicas({
      a: (request) => health(request, () => errorResponse(400, 'max_tokens must be at least 1')),
    });
    const provider = createVllm({ endpoints: [A, B], fetch: replicas.fetch });
    const error = await catchError(generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0 }));
    expect(APICallError.isInstance(error) && error.message).toBe('max_tokens must be at least 1');
    expect(replicas.calls('b')).toHaveLength(0);
    await provider.close();
  });

  it('does not fail over a 500 (a generation error, not an unavailable replica)', async () => {
    const replicas = createFakeReplicas({
      a: (request) => health(request, () => errorResponse(500, 'engine error')),
    });
    const provider = createVllm({ endpoints: [A, B], fetch: replicas.fetch });
    const error = await catchError(generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0 }));
    expect((error as Error).message).toBe('engine error');
    expect(replicas.calls('b')).toHaveLength(0);
    await provider.close();
  });

  it('does not replay a stream that broke after it started: a clear error, one request only', async () => {
    const replicas = createFakeReplicas({
      a: (request) => health(request, () => streamFrom({ breakAfter: 2 })),
    });
    const provider = createVllm({ endpoints: [A, B], fetch: replicas.fetch });
    const errors: unknown[] = [];
    const result = streamText({
      model: provider('m'),
      prompt: 'hi',
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    await result.consumeStream();
    // The router's error itself is the stream's error part (not the SDK's "Failed to process
    // successful response" with ours as its cause), and the call finishes with `error`.
    const [error] = errors as VllmRoutingError[];
    expect(errors).toHaveLength(1);
    expect(VllmRoutingError.isInstance(error)).toBe(true);
    expect(error.reason).toBe('stream-interrupted');
    expect(error.message).toMatch(
      /broke after \d+ bytes: .*other side closed.*not replayed on another endpoint/,
    );
    expect(error.message).toMatch(
      new RegExp(
        `^The response stream from vLLM at ${A} broke after \\d+ bytes: UND_ERR_SOCKET: other side closed`,
      ),
    );
    expect(error.url).toBe(A);
    expect(await result.finishReason).toBe('error');
    expect(replicas.calls()).toHaveLength(1);
    expect(provider.stats().endpoints[0]).toMatchObject({ errors: 1, inFlight: 0 });
    await provider.close();
  });

  it('streams through the router and counts the stream as a success when it ends', async () => {
    const replicas = createFakeReplicas({ a: (request) => health(request, () => streamFrom()) });
    const provider = createVllm({ endpoints: [A], fetch: replicas.fetch });
    const result = streamText({ model: provider('m'), prompt: 'hi' });
    expect(await result.text).not.toBe('');
    expect(provider.stats().endpoints[0]).toMatchObject({
      requests: 1,
      successes: 1,
      errors: 0,
      inFlight: 0,
    });
  });
});

describe('bounded retries that compose with the SDK maxRetries', () => {
  it('tries each endpoint once, then fails with a non-retryable error listing every attempt', async () => {
    const replicas = createFakeReplicas({
      a: (request) => health(request, () => errorResponse(503)),
      b: connectionRefused,
      c: (request) => health(request, () => errorResponse(502)),
    });
    const provider = createVllm({ endpoints: [A, B, C], fetch: replicas.fetch, healthCheck: false });
    // maxRetries: 2 would be 9 attempts if the SDK retried the router's failure.
    const error = await catchError(generateText({ model: provider('m'), prompt: 'hi', maxRetries: 2 }));
    expect(replicas.calls()).toHaveLength(3);
    expect(VllmRoutingError.isInstance(error)).toBe(true);
    const routingError = error as VllmRoutingError;
    expect(routingError.reason).toBe('all-endpoints-failed');
    expect(routingError.isRetryable).toBe(false);
    expect(routingError.attempts.map((attempt) => attempt.endpoint).sort()).toEqual([A, B, C]);
    expect(routingError.message).toContain('HTTP 503');
    expect(routingError.message).toContain('ECONNREFUSED');
  });

  it('stops after maxAttempts endpoints', async () => {
    const replicas = createFakeReplicas({
      a: (request) => health(request, () => errorResponse(503)),
      b: (request) => health(request, () => errorResponse(503)),
      c: (request) => health(request, () => errorResponse(503)),
    });
    const provider = createVllm({ endpoints: [A, B, C], fetch: replicas.fetch, maxAttempts: 2 });
    const error = await catchError(generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0 }));
    expect((error as VllmRoutingError).attempts).toHaveLength(2);
    expect(replicas.calls()).toHaveLength(2);
    await provider.close();
  });

  it("passes a lone endpoint's 503 through unchanged, so the SDK's own retries apply", async () => {
    const replicas = createFakeReplicas({
      a: (request) => health(request, () => errorResponse(503, 'engine is dead')),
    });
    const provider = createVllm({ endpoints: [A], fetch: replicas.fetch });
    const error = await catchError(generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0 }));
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).message).toBe('engine is dead');
    expect((error as APICallError).isRetryable).toBe(true);
    expect((error as APICallError).statusCode).toBe(503);
  });

  it('reports a lone unreachable endpoint as retryable, naming it', async () => {
    const replicas = createFakeReplicas({ a: connectionRefused });
    const provider = createVllm({ endpoints: [A], fetch: replicas.fetch });
    const error = (await catchError(
      generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0 }),
    )) as VllmRoutingError;
    expect(error.reason).toBe('endpoint-failed');
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain(
      `vLLM at ${A} failed before responding: connection failed: connect ECONNREFUSED`,
    );
  });
});

describe('timeouts and cancellation', () => {
  it('fails with a timeout error when timeoutMs passes, counting no circuit failure', async () => {
    const replicas = createFakeReplicas({ a: (request) => health(request, () => hang(request)) });
    const provider = createVllm({
      endpoints: [A],
      fetch: replicas.fetch,
      timeoutMs: 50,
      circuitBreaker: { failureThreshold: 1 },
    });
    const error = (await catchError(
      generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0 }),
    )) as VllmRoutingError;
    expect(error.reason).toBe('timeout');
    expect(error.message).toContain('timed out after 50 ms');
    expect(provider.stats().endpoints[0]).toMatchObject({ circuit: 'closed', errors: 1, inFlight: 0 });
  });

  it('passes the caller abort through without failover or counting an error', async () => {
    const replicas = createFakeReplicas({
      a: (request) => health(request, () => hang(request)),
      b: (request) => health(request, () => hang(request)),
    });
    const provider = createVllm({ endpoints: [A, B], fetch: replicas.fetch });
    const controller = new AbortController();
    const call = generateText({
      model: provider('m'),
      prompt: 'hi',
      abortSignal: controller.signal,
      maxRetries: 0,
    });
    setTimeout(() => controller.abort(), 20);
    const error = await catchError(call);
    expect((error as Error).name).toBe('AbortError');
    expect(replicas.calls()).toHaveLength(1);
    expect(provider.stats().endpoints.map((e) => [e.errors, e.inFlight])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(provider.stats().inFlight).toBe(0);
    await provider.close();
  });
});

describe('per-endpoint credentials', () => {
  it("sends each endpoint's apiKey, else the provider's", async () => {
    const replicas = createFakeReplicas({
      a: () => chatFrom('replica A'),
      b: () => chatFrom('replica B'),
    });
    const provider = createVllm({
      endpoints: [{ baseURL: A, apiKey: 'key-a' }, B],
      apiKey: 'shared-key',
      fetch: replicas.fetch,
      healthCheck: false,
    });
    const texts = [
      (await generateText({ model: provider('m'), prompt: 'hi' })).text,
      (await generateText({ model: provider('m'), prompt: 'hi' })).text,
    ];
    // Round robin: one call per replica, each answered by the replica it was sent to.
    expect(texts).toEqual(['from replica A', 'from replica B']);
    expect(replicas.calls('a')[0].headers.get('authorization')).toBe('Bearer key-a');
    expect(replicas.calls('b')[0].headers.get('authorization')).toBe('Bearer shared-key');
  });

  it('redacts credentials in endpoint URLs from stats and errors', async () => {
    const replicas = createFakeReplicas({ proxy: connectionRefused });
    const provider = createVllm({ endpoints: ['http://user:secret@proxy:8000/v1'], fetch: replicas.fetch });
    const error = await catchError(generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0 }));
    expect(VllmRoutingError.isInstance(error)).toBe(true);
    // The error names the endpoint, without its password.
    expect((error as Error).message).toContain('vLLM at http://***@proxy:8000/v1 failed before responding');
    expect((error as Error).message).not.toContain('secret');
    expect(JSON.stringify((error as VllmRoutingError).attempts)).not.toContain('secret');
    expect(provider.stats().endpoints[0].endpoint).toBe('http://***@proxy:8000/v1');
    // The request itself still went to the proxy.
    expect(replicas.requests.some((request) => request.host === 'proxy')).toBe(true);
  });
});
