import { afterEach, describe, expect, it } from 'vitest';
import { analyzeBenchmark, benchmarkServer, type VllmBenchmarkProgress } from '../../src';
import { createVllmNodeBenchmarkTransport } from '../../src/node';
import { startVllmEmulator, type VllmEmulator } from '../../src/testing';

// The benchmark against the emulator with injected latency: 100 ms to the first token, then 50
// tokens/s (one token every 20 ms). Only bounds that cannot flake are asserted: a measurement can
// never beat the injected delay, and no level can have more requests in flight than its
// concurrency. How fast things are belongs in `npm run bench`, not here (a busy 2-core machine
// stretches every latency).

const TTFT_MS = 100;
const TOKEN_GAP_MS = 20;
const OUTPUT_TOKENS = 10;
const E2E_MS = TTFT_MS + (OUTPUT_TOKENS - 1) * TOKEN_GAP_MS;

/** A fetch that records the most generation requests in flight at once, per benchmark phase. */
function countingFetch() {
  let inFlight = 0;
  const phases: Array<{ phase: string; concurrency: number; peak: number }> = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const phase = phases.at(-1);
    if (phase === undefined || !url.endsWith('/chat/completions')) return globalThis.fetch(input, init);
    inFlight++;
    phase.peak = Math.max(phase.peak, inFlight);
    try {
      const response = await globalThis.fetch(input, init);
      // In flight until the body is read (a streamed request lasts until its last chunk).
      const body = await response.arrayBuffer();
      return new Response(body, { status: response.status, headers: response.headers });
    } finally {
      inFlight--;
    }
  };
  const startPhase = (phase: string, concurrency: number) => phases.push({ phase, concurrency, peak: 0 });
  return { fetch, startPhase, phases };
}

let emulator: VllmEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(options: Parameters<typeof startVllmEmulator>[0] = {}) {
  emulator = await startVllmEmulator({
    model: 'Qwen/Qwen3-0.6B',
    timeToFirstTokenMs: TTFT_MS,
    tokensPerSecond: 1000 / TOKEN_GAP_MS,
    ...options,
  });
  return emulator;
}

describe('benchmarkServer against the emulator', () => {
  it('streamed: TTFT, ITL, TPOT and E2E never beat the injected delays; each level keeps its concurrency in flight', async () => {
    const server = await start();
    const progress: VllmBenchmarkProgress[] = [];
    const counting = countingFetch();
    const result = await benchmarkServer({
      baseURL: server.baseURL,
      concurrency: [1, 4],
      requests: 8,
      warmup: 2,
      promptTokens: 64,
      outputTokens: OUTPUT_TOKENS,
      fetch: counting.fetch,
      onProgress: (event) => {
        if (event.completed === 0) counting.startPhase(event.phase, event.concurrency);
        progress.push(event);
      },
    });

    expect(result.server).toEqual({
      baseURL: server.baseURL,
      model: 'Qwen/Qwen3-0.6B',
      vllmVersion: server.profile.version,
    });
    expect(result.settings).toMatchObject({
      endpoint: 'chat',
      streaming: true,
      outputTokens: OUTPUT_TOKENS,
      promptCalibrated: true,
    });
    expect(result.levels.map((level) => level.concurrency)).toEqual([1, 4]);
    for (const level of result.levels) {
      expect(level).toMatchObject({ requests: 8, completed: 8, errors: 0, meanOutputTokens: OUTPUT_TOKENS });
      // The /tokenize calibration lands the rendered prompt close to the requested 64 tokens.
      expect(level.meanPromptTokens).toBeGreaterThanOrEqual(56);
      expect(level.meanPromptTokens).toBeLessThanOrEqual(72);
      expect(level.ttftMs?.count).toBe(8);
      // TTFT is measured to the first token (not the response headers), E2E to the last one.
      expect(level.ttftMs?.p50).toBeGreaterThanOrEqual(TTFT_MS - 1);
      expect(level.e2eMs.p50).toBeGreaterThanOrEqual(E2E_MS - 1);
      expect(level.e2eMs.p50).toBeGreaterThan(level.ttftMs?.p50 ?? Number.POSITIVE_INFINITY);
      expect(level.e2eMs.p99).toBeGreaterThanOrEqual(level.e2eMs.p90);
      expect(level.e2eMs.p90).toBeGreaterThanOrEqual(level.e2eMs.p50);
      // 9 gaps per request, none shorter than the emulator's schedule allows on average.
      expect(level.itlMs?.count).toBe(8 * (OUTPUT_TOKENS - 1));
      expect(level.tpotMs?.count).toBe(8);
      // Throughput is consistent with the latencies (closed loop: at most concurrency / E2E).
      expect(level.outputTokensPerSecond).toBeCloseTo(level.requestsPerSecond * OUTPUT_TOKENS, 0);
      expect(level.requestsPerSecond).toBeLessThanOrEqual((level.concurrency * 1000) / (E2E_MS - 1));
    }
    // Each level kept exactly its concurrency in flight: one at a time, then four at once.
    expect(counting.phases.filter(({ phase }) => phase === 'measure')).toEqual([
      { phase: 'measure', concurrency: 1, peak: 1 },
      { phase: 'measure', concurrency: 4, peak: 4 },
    ]);

    // Each request reached the server with the benchmark's body.
    const generations = server.requests.filter((request) => request.path === '/v1/chat/completions');
    expect(generations).toHaveLength(2 * (2 + 8));
    expect(generations[0].body).toMatchObject({
      model: 'Qwen/Qwen3-0.6B',
      max_tokens: OUTPUT_TOKENS,
      ignore_eos: true,
      stream: true,
      stream_options: { include_usage: true },
    });
    const prompts = generations.map(
      (request) => (request.body as { messages: { content: string }[] }).messages[0].content,
    );
    expect(new Set(prompts).size).toBe(prompts.length);

    // Progress: a start event per phase, then one per finished request.
    expect(progress.filter((event) => event.completed === 0)).toHaveLength(4);
    expect(progress.at(-1)).toEqual({
      concurrency: 4,
      levelIndex: 1,
      levelCount: 2,
      phase: 'measure',
      completed: 8,
      total: 8,
      errors: 0,
    });

    // analyzeBenchmark reads this result (its ranking logic is tested on fixed numbers in
    // analyze-benchmark.test.ts): both levels are error-free candidates.
    const analysis = analyzeBenchmark(result);
    expect(analysis.levels.map((level) => [level.concurrency, level.eligible])).toEqual([
      [1, true],
      [4, true],
    ]);
    expect(analysis.baseline?.concurrency).toBe(1);
  });

  it('not streamed, through the Node transport: E2E only, TTFT and ITL are null', async () => {
    const server = await start();
    const transport = createVllmNodeBenchmarkTransport();
    try {
      const result = await benchmarkServer({
        baseURL: server.baseURL,
        model: 'Qwen/Qwen3-0.6B',
        concurrency: [2],
        requests: 6,
        warmup: 0,
        promptTokens: 16,
        outputTokens: OUTPUT_TOKENS,
        streaming: false,
        transport,
      });
      const [level] = result.levels;
      expect(level).toMatchObject({ completed: 6, errors: 0, ttftMs: null, itlMs: null, tpotMs: null });
      expect(level.e2eMs.p50).toBeGreaterThanOrEqual(E2E_MS - 1);
      expect(server.requests.at(-1)?.body).not.toHaveProperty('stream');
    } finally {
      await transport.close();
    }
  });

  it('counts HTTP errors, error events and truncated streams, with their messages', async () => {
    const server = await start({ timeToFirstTokenMs: 0, tokensPerSecond: 0 });
    server.faults.add({
      fault: { type: 'http-error', status: 503, message: 'overloaded' },
      requests: [1, 2],
    });
    server.faults.add({
      fault: { type: 'error-event', afterChunks: 2, message: 'engine hiccup' },
      requests: [5],
    });
    server.faults.add({ fault: { type: 'truncate-stream', afterChunks: 2 }, requests: [7] });
    const result = await benchmarkServer({
      baseURL: server.baseURL,
      concurrency: [1],
      requests: 10,
      warmup: 0,
      promptTokens: 8,
      outputTokens: 5,
    });
    const [level] = result.levels;
    expect(level).toMatchObject({ requests: 10, errors: 4, completed: 6 });
    expect(level.errorSamples).toEqual([
      { message: 'HTTP 503: overloaded', count: 2 },
      { message: 'error event: engine hiccup', count: 1 },
      { message: 'stream ended without data: [DONE]', count: 1 },
    ]);
    expect(level.e2eMs.count).toBe(6);
    expect(analyzeBenchmark(result).best).toBeUndefined();
    expect(analyzeBenchmark(result, { maxErrorRate: 0.5 }).best?.concurrency).toBe(1);
  });

  it('a request that exceeds timeoutMs is aborted and counted; abort stops the run', async () => {
    const server = await start({ timeToFirstTokenMs: 0, tokensPerSecond: 0 });
    server.faults.add({ fault: { type: 'hang' }, requests: [2] });
    const result = await benchmarkServer({
      baseURL: server.baseURL,
      concurrency: [1],
      requests: 3,
      warmup: 0,
      outputTokens: 4,
      promptTokens: 8,
      timeoutMs: 300,
    });
    expect(result.levels[0]).toMatchObject({ completed: 2, errors: 1 });
    expect(result.levels[0].errorSamples).toEqual([{ message: 'timed out after 300 ms', count: 1 }]);

    server.faults.add({ fault: { type: 'hang' } });
    const controller = new AbortController();
    const run = benchmarkServer({
      baseURL: server.baseURL,
      model: 'Qwen/Qwen3-0.6B',
      concurrency: [4],
      requests: 8,
      warmup: 0,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.phase === 'measure' && event.completed === 0)
          setTimeout(() => controller.abort(new Error('stop')), 50);
      },
    });
    await expect(run).rejects.toThrow('stop');
  });

  it('names the server when it cannot list models', async () => {
    await expect(benchmarkServer({ baseURL: 'http://127.0.0.1:9/v1', concurrency: [1] })).rejects.toThrow(
      /cannot list the served models at http:\/\/127\.0\.0\.1:9\/v1\/models/,
    );
  });
});
