import { generateText } from 'ai';
import { describe, expect, it, vi } from 'vitest';
import { createVllm, VllmRoutingError } from '../../src';
import { parseServerLoad } from '../../src/routing/load-metrics';
import { A, B, chatFrom, createFakeReplicas } from './fake-replicas';

/** Generous: other test suites share this machine's two cores. */
const WAIT = { timeout: 10_000, interval: 20 };

/** Replicas whose generation requests wait until `release()`. */
function gatedReplicas() {
  const gates: Array<() => void> = [];
  const replicas = createFakeReplicas({
    a: (request) =>
      request.path === '/health'
        ? new Response(null)
        : new Promise<Response>((resolve) => gates.push(() => resolve(chatFrom(request.host)))),
  });
  return {
    ...replicas,
    gates,
    releaseAll: () => {
      for (const open of gates.splice(0)) open();
    },
  };
}

const generate = (provider: ReturnType<typeof createVllm>) =>
  generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0 });

describe('client-side concurrency limits', () => {
  it('with the queue bound at N, request N+1 is rejected at once and nothing else is lost', async () => {
    const replicas = gatedReplicas();
    const provider = createVllm({
      endpoints: [A],
      fetch: replicas.fetch,
      maxConcurrentRequests: 2,
      maxQueuedRequests: 3,
    });
    const accepted = Array.from({ length: 5 }, () => generate(provider));
    await vi.waitFor(() => expect(replicas.gates).toHaveLength(2), WAIT);
    expect(provider.stats()).toMatchObject({ inFlight: 2, queued: 3, rejected: 0 });

    // Rejected while every accepted request is still blocked: it did not wait for a slot.
    const error = await generate(provider).catch((caught: unknown) => caught);
    expect(VllmRoutingError.isInstance(error)).toBe(true);
    expect((error as VllmRoutingError).reason).toBe('queue-full');
    expect((error as VllmRoutingError).isRetryable).toBe(false);
    expect((error as Error).message).toMatch(
      /all 2 slots \(maxConcurrentRequests\).*3 requests are already queued \(maxQueuedRequests\)/,
    );
    expect(provider.stats()).toMatchObject({ inFlight: 2, queued: 3, rejected: 1 });

    // Release in waves: every accepted request completes.
    while (replicas.calls().length < 5 || replicas.gates.length > 0) {
      replicas.releaseAll();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const results = await Promise.all(accepted);
    expect(results.map((result) => result.text)).toEqual(Array(5).fill('from a'));
    expect(provider.stats()).toMatchObject({ inFlight: 0, queued: 0, rejected: 1 });
    expect(provider.stats().endpoints[0]).toMatchObject({ requests: 5, successes: 5, inFlight: 0 });
  });

  it('never runs more than maxConcurrentRequests per endpoint at once', async () => {
    const replicas = gatedReplicas();
    const provider = createVllm({
      endpoints: [{ baseURL: A, maxConcurrentRequests: 1 }],
      fetch: replicas.fetch,
    });
    const calls = Array.from({ length: 3 }, () => generate(provider));
    await vi.waitFor(() => expect(replicas.gates).toHaveLength(1), WAIT);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(replicas.gates).toHaveLength(1);
    expect(provider.stats().endpoints[0].inFlight).toBe(1);
    while (replicas.calls().length < 3 || replicas.gates.length > 0) {
      replicas.releaseAll();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(calls);
  });

  it('rejects queued calls on close() and refuses calls after it', async () => {
    const replicas = gatedReplicas();
    const provider = createVllm({ endpoints: [A], fetch: replicas.fetch, maxConcurrentRequests: 1 });
    const running = generate(provider);
    const queued = generate(provider).catch((error: unknown) => error);
    await vi.waitFor(() => expect(provider.stats().queued).toBe(1), WAIT);
    await provider.close();
    expect((await queued) as VllmRoutingError).toMatchObject({ reason: 'closed' });
    await expect(generate(provider)).rejects.toMatchObject({ reason: 'closed' });
    replicas.releaseAll();
    expect((await running).text).toBe('from a');
  });

  it('closes on `await using`', async () => {
    const replicas = createFakeReplicas({});
    let leaked: ReturnType<typeof createVllm> | undefined;
    {
      await using provider = createVllm({ endpoints: [A, B], fetch: replicas.fetch });
      leaked = provider;
      await generate(provider);
    }
    await expect(generate(leaked)).rejects.toMatchObject({ reason: 'closed' });
  });
});

describe('least-busy with server load from /metrics', () => {
  const METRICS = [
    '# HELP vllm:num_requests_running Number of requests in model execution batches.',
    '# TYPE vllm:num_requests_running gauge',
    'vllm:num_requests_running{engine="0",model_name="Qwen/Qwen3-8B"} 7.0',
    'vllm:num_requests_running{engine="1",model_name="Qwen/Qwen3-8B"} 5.0',
    'vllm:num_requests_waiting{engine="0",model_name="Qwen/Qwen3-8B"} 30.0',
    'vllm:num_requests_waiting_by_reason{engine="0",model_name="Qwen/Qwen3-8B",reason="capacity"} 30.0',
    'vllm:kv_cache_usage_perc{engine="0",model_name="Qwen/Qwen3-8B"} 0.93',
  ].join('\n');

  it('sums running and waiting over engines, ignoring other gauges', () => {
    expect(parseServerLoad(METRICS)).toEqual({ running: 12, waiting: 30 });
    expect(parseServerLoad('vllm:num_requests_running 2\n')).toEqual({ running: 2, waiting: 0 });
    expect(parseServerLoad('# nothing here\n')).toBeUndefined();
  });

  it('sends traffic away from a server that other clients keep busy', async () => {
    const replicas = createFakeReplicas({
      a: (request) => (request.path === '/metrics' ? new Response(METRICS) : chatFrom('a')),
      b: (request) =>
        request.path === '/metrics' ? new Response('vllm:num_requests_running{} 1\n') : chatFrom('b'),
    });
    const provider = createVllm({
      endpoints: [A, B],
      loadBalancing: 'least-busy',
      loadMetrics: { intervalMs: 1_000 },
      healthCheck: false,
      fetch: replicas.fetch,
    });
    await generate(provider);
    await vi.waitFor(
      () => expect(provider.stats().endpoints[0].serverLoad).toMatchObject({ running: 12, waiting: 30 }),
      WAIT,
    );
    const texts = [];
    for (let i = 0; i < 6; i++) texts.push((await generate(provider)).text);
    expect(texts).toEqual(Array(6).fill('from b'));
    await provider.close();
  });
});
