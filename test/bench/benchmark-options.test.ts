import { describe, expect, it } from 'vitest';
import { benchmarkServer } from '../../src';
import { benchmarkPrompt, calibratePromptWords } from '../../src/bench/benchmark-prompt';
import { percentile, summarizeLatencies } from '../../src/bench/latency-summary';

describe('benchmarkServer options', () => {
  it.each([
    [{ concurrency: [] }, /'concurrency' must be a non-empty array of positive integers/],
    [{ concurrency: [1, 0] }, /'concurrency\[1\]' must be an integer >= 1, got 0/],
    [{ concurrency: [2.5] }, /'concurrency\[0\]' must be an integer >= 1, got 2.5/],
    [{ requests: 0 }, /'requests' must be an integer >= 1/],
    [{ promptTokens: -1 }, /'promptTokens' must be an integer >= 1/],
    [{ outputTokens: 0 }, /'outputTokens' must be an integer >= 1/],
    [{ warmup: -1 }, /'warmup' must be an integer >= 0/],
    [{ timeoutMs: 1.5 }, /'timeoutMs' must be an integer >= 0/],
    [{ model: ' ' }, /'model' must be a non-empty served model name/],
    [{ endpoint: 'embeddings' }, /'endpoint' must be 'chat' or 'completion'/],
    [{ extraBody: [] }, /'extraBody' must be an object/],
    [{ baseURL: 'localhost:8000' }, /Invalid baseURL "localhost:8000"/],
  ])('rejects %j before any request', async (options, message) => {
    let requests = 0;
    const fetch = async () => {
      requests++;
      return new Response('{}');
    };
    await expect(benchmarkServer({ ...(options as object), fetch })).rejects.toThrow(message);
    expect(requests).toBe(0);
  });
});

describe('latency percentiles', () => {
  it('interpolate linearly between ranks (numpy default)', () => {
    const sorted = [10, 20, 30, 40];
    expect(percentile(sorted, 0.5)).toBe(25);
    expect(percentile(sorted, 0.9)).toBeCloseTo(37, 10);
    expect(percentile([5], 0.99)).toBe(5);
    const values = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(summarizeLatencies(values)).toEqual({
      count: 100,
      mean: 50.5,
      min: 1,
      p50: 50.5,
      p90: 90.1,
      p99: 99.01,
      max: 100,
    });
    expect(summarizeLatencies([])).toBeNull();
  });
});

describe('benchmark prompts', () => {
  it('same words for every request (equal token counts), different from the first word on', () => {
    const a = benchmarkPrompt(1, 50);
    const b = benchmarkPrompt(2, 50);
    expect(a.split(' ')).toHaveLength(51);
    expect(a.split(' ').slice(2).sort()).toEqual(b.split(' ').slice(2).sort());
    expect(a.split(' ')[2]).not.toBe(b.split(' ')[2]);
    expect(benchmarkPrompt(1, 50)).toBe(a);
  });

  it('calibration fits overhead + tokens per word from two /tokenize probes', async () => {
    // A tokenizer with 12 template tokens and 1.5 tokens per word.
    const counter = async (words: number) => 12 + 1.5 * words;
    expect(await calibratePromptWords(300, counter)).toEqual({ words: 192, calibrated: true });
    expect(await calibratePromptWords(300, async () => undefined)).toEqual({ words: 300, calibrated: false });
    expect(await calibratePromptWords(300, undefined)).toEqual({ words: 300, calibrated: false });
  });
});
