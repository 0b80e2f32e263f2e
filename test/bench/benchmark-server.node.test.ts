import { afterEach, describe, expect, it } from 'vitest';
import { analyzeBenchmark, benchmarkServer, type VllmBenchmarkProgress } from '../../src';
import { createVllmNodeBenchmarkTransport } from '../../src/node';
import { startVllmEmulator, type VllmEmulator } from '../../src/testing';

// The benchmark against the emulator with injected latency: 100 ms to the first token, then 50
// tokens/s (one token every 20 ms). Bounds are one-sided-tight (a measurement can never beat the
// injected delay) and generous upwards: other test suites load this 2-core machine.

const TTFT_MS = 100;
const TOKEN_GAP_MS = 20;
const OUTPUT_TOKENS = 10;
const E2E_MS = TTFT_MS + (OUTPUT_TOKENS - 1) * TOKEN_GAP_MS;
const SLACK_MS = 250;

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
  it('streamed: TTFT, ITL, TPOT and E2E percentiles match the injected delays', async () => {
    const server = await start();
    const progress: VllmBenchmarkProgress[] = [];
    const result = await benchmarkServer({
      baseURL: server.baseURL,
      concurrency: [1, 4],
      requests: 8,
      warmup: 2,
      promptTokens: 64,
      outputTokens: OUTPUT_TOKENS,
      onProgress: (event) => progress.push(event),
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
      expect(level.ttftMs?.p50).toBeGreaterThanOrEqual(TTFT_MS - 1);
      expect(level.ttftMs?.p50).toBeLessThan(TTFT_MS + SLACK_MS);
      expect(level.e2eMs.p50).toBeGreaterThanOrEqual(E2E_MS - 1);
      expect(level.e2eMs.p50).toBeLessThan(E2E_MS + SLACK_MS);
      expect(level.e2eMs.p99).toBeGreaterThanOrEqual(level.e2eMs.p90);
      expect(level.e2eMs.p90).toBeGreaterThanOrEqual(level.e2eMs.p50);
      // 9 gaps per request; the emulator keeps an absolute schedule, so the gaps average 20 ms.
      expect(level.itlMs?.count).toBe(8 * (OUTPUT_TOKENS - 1));
      expect(level.itlMs?.mean).toBeGreaterThan(TOKEN_GAP_MS * 0.6);
      expect(level.itlMs?.mean).toBeLessThan(TOKEN_GAP_MS * 3);
      expect(level.tpotMs?.p50).toBeGreaterThan(TOKEN_GAP_MS * 0.6);
      expect(level.tpotMs?.p50).toBeLessThan(TOKEN_GAP_MS * 3);
      // Throughput is consistent with the latencies (closed loop: ≈ concurrency / E2E).
      expect(level.outputTokensPerSecond).toBeCloseTo(level.requestsPerSecond * OUTPUT_TOKENS, 0);
      expect(level.requestsPerSecond).toBeLessThanOrEqual((level.concurrency * 1000) / (E2E_MS - 1));
    }
    // Four requests in flight move more tokens per second than one.
    expect(result.levels[1].outputTokensPerSecond).toBeGreaterThan(
      result.levels[0].outputTokensPerSecond * 1.5,
    );

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

    const analysis = analyzeBenchmark(result, { maxLatencyMs: TTFT_MS + SLACK_MS + 1000 });
    expect(analysis.best?.concurrency).toBe(4);
    expect(analysis.gain).toBeGreaterThan(1.5);
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
      expect(level.e2eMs.p50).toBeLessThan(E2E_MS + SLACK_MS);
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
