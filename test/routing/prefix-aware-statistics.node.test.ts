// The server client's statistics() of a routed provider: each replica's own prefix-cache hit rate.
import { generateText } from 'ai';
import { describe, expect, it } from 'vitest';
import { createVllm } from '../../src';
import { startVllmEmulator } from '../../src/testing';

const INSTRUCTIONS = `You answer questions about the ACME catalogue. ${'Keep it short. '.repeat(40)}`;

describe('statistics() with several endpoints', () => {
  it("reports each endpoint's prefix-cache hit rate and their total; an unreachable one is listed with its error", async () => {
    await using a = await startVllmEmulator({ seed: 1 });
    await using b = await startVllmEmulator({ seed: 2 });
    const down = 'http://127.0.0.1:1/v1';
    await using vllm = createVllm({
      endpoints: [a.baseURL, b.baseURL, down],
      loadBalancing: 'prefix-aware',
      healthCheck: false,
      circuitBreaker: false,
    });
    const window = vllm.server.statistics({ windowMs: 1_500, timeoutMs: 1_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (let conversation = 0; conversation < 12; conversation++) {
      for (const question of ['first question', 'second question']) {
        await generateText({
          model: vllm('Qwen/Qwen3-0.6B'),
          instructions: INSTRUCTIONS,
          messages: [
            { role: 'user', content: `Conversation ${conversation}.` },
            { role: 'assistant', content: 'Sure.' },
            { role: 'user', content: question },
          ],
          maxOutputTokens: 2,
        });
      }
    }
    const statistics = await window;
    expect(statistics.endpoints?.map((entry) => entry.endpoint)).toEqual([a.baseURL, b.baseURL, down]);
    const [first, second, third] = statistics.endpoints ?? [];
    expect(third.statistics).toBeUndefined();
    expect((third.error as Error).message).toContain('Cannot connect to vLLM');
    for (const entry of [first, second]) expect(entry.statistics?.prefixCacheHitRate).toBeGreaterThan(0.4);
    const hits = (entry: typeof first) =>
      (entry.statistics?.after.prefixCache?.hits ?? 0) - (entry.statistics?.before.prefixCache?.hits ?? 0);
    const queries = (entry: typeof first) =>
      (entry.statistics?.after.prefixCache?.queries ?? 0) -
      (entry.statistics?.before.prefixCache?.queries ?? 0);
    expect(statistics.prefixCacheHitRate).toBeCloseTo(
      (hits(first) + hits(second)) / (queries(first) + queries(second)),
      6,
    );
    expect(queries(first) + queries(second)).toBeGreaterThan(0);
  });

  it('keeps the single-server shape for one endpoint', async () => {
    await using a = await startVllmEmulator();
    await using vllm = createVllm({ endpoints: [a.baseURL] });
    const statistics = await vllm.server.statistics({ windowMs: 50 });
    expect(statistics.endpoints).toBeUndefined();
    expect(statistics.windowMs).toBeGreaterThanOrEqual(50);
  });
});
