import { describe, expect, it } from 'vitest';
import { analyzeBenchmark } from '../../src';
import { level, result } from './benchmark-fixture';

const sweep = result([level(1), level(4), level(16), level(64)]);

describe('analyzeBenchmark', () => {
  it('without a bound: the level with the most output tokens/s, and its gain over concurrency 1', () => {
    const analysis = analyzeBenchmark(sweep);
    expect(analysis.best?.concurrency).toBe(64);
    expect(analysis.baseline?.concurrency).toBe(1);
    expect(analysis.gain).toBeCloseTo(64 ** 0.8, 6);
    expect(analysis.criterion).toEqual({
      latency: 'ttft',
      percentile: 'p99',
      maxLatencyMs: null,
      maxErrorRate: 0,
    });
    expect(analysis.summary).toBe(
      'Best throughput: concurrency 64 at 1114 output tokens/s, 27.86× concurrency 1.',
    );
  });

  it('a latency bound excludes the levels above it (TTFT p99 = 60 ms × concurrency here)', () => {
    const analysis = analyzeBenchmark(sweep, { maxLatencyMs: 1000 });
    expect(analysis.best?.concurrency).toBe(16);
    expect(analysis.gain).toBeCloseTo(16 ** 0.8, 6);
    expect(
      analysis.levels.map((verdict) => [verdict.concurrency, verdict.eligible, verdict.latencyMs]),
    ).toEqual([
      [1, true, 60],
      [4, true, 240],
      [16, true, 960],
      [64, false, 3840],
    ]);
    expect(analysis.levels[3].reason).toBe('ttft p99 3840.0 ms > 1000 ms');
    expect(analysis.summary).toContain('with time to first token p99 ≤ 1000 ms: concurrency 16');
  });

  it('bounds another latency and percentile', () => {
    // ITL p50 = 20 + concurrency.
    expect(
      analyzeBenchmark(sweep, { maxLatencyMs: 25, latency: 'itl', percentile: 'p50' }).best?.concurrency,
    ).toBe(4);
    // E2E p90 at concurrency 4 = 1.5 × (120 + 127 × 24).
    const e2e = analyzeBenchmark(sweep, { maxLatencyMs: 5000, latency: 'e2e', percentile: 'p90' });
    expect(e2e.best?.concurrency).toBe(4);
  });

  it('levels with errors are not eligible unless maxErrorRate allows them', () => {
    const flaky = result([level(1), level(8, { errors: 5, completed: 95 })]);
    expect(analyzeBenchmark(flaky).best?.concurrency).toBe(1);
    expect(analyzeBenchmark(flaky).levels[1].reason).toBe('error rate 5.0% > 0.0%');
    expect(analyzeBenchmark(flaky, { maxErrorRate: 0.1 }).best?.concurrency).toBe(8);
  });

  it('no eligible level: best and gain are undefined, the summary says so', () => {
    const analysis = analyzeBenchmark(sweep, { maxLatencyMs: 10 });
    expect(analysis.best).toBeUndefined();
    expect(analysis.gain).toBeUndefined();
    expect(analysis.summary).toBe(
      'No concurrency level meets the criterion with time to first token p99 ≤ 10 ms without errors.',
    );
  });

  it('non-streamed runs bound E2E by default; a TTFT bound makes no level eligible', () => {
    const plain = result(
      [level(1, { ttftMs: null, itlMs: null, tpotMs: null }), level(2, { ttftMs: null })],
      false,
    );
    expect(analyzeBenchmark(plain).criterion.latency).toBe('e2e');
    expect(analyzeBenchmark(plain, { maxLatencyMs: 100, latency: 'ttft' }).levels[0].reason).toBe(
      'ttft not measured (streaming off?)',
    );
  });

  it('without concurrency 1 the lowest level is the baseline', () => {
    const analysis = analyzeBenchmark(result([level(8), level(2), level(32)]));
    expect(analysis.baseline?.concurrency).toBe(2);
    expect(analysis.gain).toBeCloseTo(16 ** 0.8, 6);
  });

  it('rejects a bad bound or metric, naming the option', () => {
    expect(() => analyzeBenchmark(sweep, { maxLatencyMs: -1 })).toThrow(
      /'maxLatencyMs' must be a positive number/,
    );
    expect(() => analyzeBenchmark(sweep, { latency: 'p99' as never })).toThrow(
      /'latency' must be one of ttft, itl, tpot, e2e/,
    );
  });
});
