import { generateText, streamText } from 'ai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVllm, type VllmProvider, VllmRoutingError, type VllmRoutingEvent } from '../../src';
import { startVllmEmulator, type VllmEmulator } from '../../src/testing';

/** Generous: other test suites share this machine's two cores. */
const WAIT = { timeout: 10_000, interval: 20 };

// Scenarios of issue 6 against three emulator replicas with fault injection (loopback only).

const MODEL = 'Qwen/Qwen3-0.6B';
let replicas: VllmEmulator[] = [];
let provider: VllmProvider | undefined;

async function startReplicas(options: Parameters<typeof startVllmEmulator>[0] = {}): Promise<VllmEmulator[]> {
  replicas = await Promise.all(
    [1, 2, 3].map((seed) => startVllmEmulator({ model: MODEL, seed, ...options })),
  );
  return replicas;
}

afterEach(async () => {
  await provider?.close();
  provider = undefined;
  await Promise.all(replicas.map((replica) => replica.close()));
  replicas = [];
});

/** Generation requests a replica received. */
const generations = (replica: VllmEmulator) =>
  replica.requests.filter((request) => request.path === '/v1/chat/completions');

/** Runs `count` calls with at most `concurrency` at once; resolves with each outcome. */
async function runPool<T>(count: number, concurrency: number, call: (index: number) => Promise<T>) {
  const outcomes: Array<{ ok: true; value: T } | { ok: false; error: unknown }> = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      try {
        outcomes[index] = { ok: true, value: await call(index) };
      } catch (error) {
        outcomes[index] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcomes;
}

describe('routing against 3 emulator replicas', () => {
  it('500 non-streamed requests with one replica killed mid-run: 0 failed (router failover alone, maxRetries 0)', async () => {
    const [, victim] = await startReplicas({ timeToFirstTokenMs: 5 });
    const events: VllmRoutingEvent[] = [];
    provider = createVllm({
      endpoints: replicas.map((replica) => replica.baseURL),
      onEvent: (event) => events.push(event),
    });
    let completed = 0;
    let killed: Promise<void> | undefined;
    const outcomes = await runPool(500, 16, async () => {
      const result = await generateText({
        model: provider!(MODEL),
        prompt: 'Say something.',
        maxOutputTokens: 8,
        maxRetries: 0,
      });
      completed++;
      if (completed === 150) killed = victim.close();
      return result.text;
    });
    await killed;

    const failed = outcomes.filter((outcome) => !outcome.ok);
    expect(failed.map((outcome) => (outcome.ok ? '' : String(outcome.error)))).toEqual([]);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(500);
    const stats = provider.stats();
    expect(stats.endpoints.reduce((sum, endpoint) => sum + endpoint.successes, 0)).toBe(500);
    // The victim took part before it died, and its failures moved to the others.
    expect(stats.endpoints[1].successes).toBeGreaterThan(0);
    expect(stats.endpoints[1].successes).toBeLessThan(200);
    expect(
      events.some((event) => event.type === 'request-failover' && event.endpoint === victim.baseURL),
    ).toBe(true);
    expect(stats.inFlight).toBe(0);
  });

  it('a replica answering 503 trips its circuit, gets no traffic until half-open, and re-closes after recovery', async () => {
    const [, , flaky] = await startReplicas();
    const fault = flaky.faults.always({ type: 'http-error', status: 503, message: 'overloaded' });
    const events: VllmRoutingEvent[] = [];
    provider = createVllm({
      endpoints: replicas.map((replica) => replica.baseURL),
      circuitBreaker: { failureThreshold: 3, resetTimeoutMs: 3_000, halfOpenSuccesses: 2 },
      healthCheck: false, // the circuit alone (its /health stays 200)
      onEvent: (event) => events.push(event),
    });
    const call = () =>
      generateText({ model: provider!(MODEL), prompt: 'hi', maxOutputTokens: 4, maxRetries: 0 });

    // Sequential calls until the circuit opens; every call still succeeds (failover).
    for (let i = 0; i < 30 && !events.some((event) => event.type === 'circuit-open'); i++) await call();
    expect(events.filter((event) => event.type === 'circuit-open')).toEqual([
      expect.objectContaining({ endpoint: flaky.baseURL, failures: 3 }),
    ]);
    expect(generations(flaky)).toHaveLength(3);

    // Open: no traffic at all, however many calls.
    for (let i = 0; i < 10; i++) await call();
    expect(generations(flaky)).toHaveLength(3);
    expect(provider.stats().endpoints[2].circuit).toBe('open');

    // Recovered; after resetTimeoutMs the circuit lets trials through and closes after 2 successes.
    fault.remove();
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    for (let i = 0; i < 12; i++) await call();
    expect(generations(flaky).length).toBeGreaterThan(3);
    expect(provider.stats().endpoints[2].circuit).toBe('closed');
    expect(events.filter((event) => event.type.startsWith('circuit')).map((event) => event.type)).toEqual([
      'circuit-open',
      'circuit-half-open',
      'circuit-closed',
    ]);
  });

  it('with the queue bound at N, request N+1 is rejected immediately and nothing else is lost', async () => {
    await startReplicas();
    for (const replica of replicas) replica.faults.always({ type: 'latency', ms: 1_000 });
    provider = createVllm({
      endpoints: replicas.map((replica) => replica.baseURL),
      maxConcurrentRequests: 3,
      maxQueuedRequests: 5,
    });
    let finished = 0;
    const accepted = Array.from({ length: 8 }, () =>
      generateText({ model: provider!(MODEL), prompt: 'hi', maxOutputTokens: 4, maxRetries: 0 }).finally(
        () => finished++,
      ),
    );
    await vi.waitFor(() => expect(provider!.stats()).toMatchObject({ inFlight: 3, queued: 5 }), WAIT);

    const error = await generateText({ model: provider(MODEL), prompt: 'one too many', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(finished).toBe(0); // rejected while all 8 were still waiting or running
    expect(VllmRoutingError.isInstance(error) && error.reason).toBe('queue-full');

    const results = await Promise.all(accepted);
    expect(results).toHaveLength(8);
    expect(results.every((result) => result.text.length > 0)).toBe(true);
    expect(provider.stats()).toMatchObject({ inFlight: 0, queued: 0, rejected: 1 });
    expect(replicas.reduce((sum, replica) => sum + generations(replica).length, 0)).toBe(8);
  });

  it('session stickiness: >= 99% of each session lands on one replica while it is healthy', async () => {
    await startReplicas();
    provider = createVllm({
      endpoints: replicas.map((replica) => replica.baseURL),
      loadBalancing: 'session',
    });
    const sessions = Array.from({ length: 12 }, (_, index) => `conversation-${index}`);
    await runPool(sessions.length * 25, 12, (index) =>
      generateText({
        model: provider!(MODEL),
        prompt: 'next turn',
        maxOutputTokens: 4,
        maxRetries: 0,
        providerOptions: { vllm: { sessionKey: sessions[index % sessions.length] } },
      }),
    );
    const used = new Set<number>();
    for (const session of sessions) {
      const perReplica = replicas.map(
        (replica) =>
          generations(replica).filter((request) => request.headers['x-session-id'] === session).length,
      );
      const total = perReplica.reduce((sum, count) => sum + count, 0);
      expect(total).toBe(25);
      expect(Math.max(...perReplica) / total).toBeGreaterThanOrEqual(0.99);
      used.add(perReplica.indexOf(Math.max(...perReplica)));
    }
    expect(used.size).toBeGreaterThan(1); // sessions are spread, not all on one replica
  });

  it('a stream broken mid-way is not replayed on another replica', async () => {
    const [first] = await startReplicas();
    for (const replica of replicas) replica.faults.always({ type: 'reset-mid-stream', afterChunks: 3 });
    provider = createVllm({ endpoints: [first.baseURL, replicas[1].baseURL] });
    const errors: unknown[] = [];
    const result = streamText({
      model: provider(MODEL),
      prompt: 'tell me a story',
      maxOutputTokens: 50,
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    await result.consumeStream();
    // The router's error itself is the stream's error part.
    expect(errors.map((error) => VllmRoutingError.isInstance(error) && error.reason)).toEqual([
      'stream-interrupted',
    ]);
    expect(generations(replicas[0]).length + generations(replicas[1]).length).toBe(1);
  });
});
