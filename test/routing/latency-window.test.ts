import { describe, expect, it } from 'vitest';
import { LatencyWindow } from '../../src/routing/latency-window';

describe('LatencyWindow', () => {
  it('has no percentiles before the first sample', () => {
    expect(new LatencyWindow().percentiles()).toBeUndefined();
  });

  it('computes nearest-rank p50 and p95', () => {
    const window = new LatencyWindow();
    // 1..100 in shuffled order
    const values = Array.from({ length: 100 }, (_, index) => ((index * 37) % 100) + 1);
    for (const value of values) window.add(value);
    expect(window.percentiles()).toEqual({ p50: 50, p95: 95 });
  });

  it('handles a single sample', () => {
    const window = new LatencyWindow();
    window.add(42);
    expect(window.percentiles()).toEqual({ p50: 42, p95: 42 });
  });

  it('keeps only the most recent samples', () => {
    const window = new LatencyWindow(10);
    for (let i = 0; i < 10; i++) window.add(1_000);
    for (let i = 0; i < 10; i++) window.add(5);
    expect(window.percentiles()).toEqual({ p50: 5, p95: 5 });
  });

  it('sorts numerically, not as strings', () => {
    const window = new LatencyWindow();
    for (const value of [9, 10, 100, 2]) window.add(value);
    expect(window.percentiles()?.p50).toBe(9);
    expect(window.percentiles()?.p95).toBe(100);
  });
});
