import { describe, expect, it } from 'vitest';
import { computeVllmStatistics, createVllmClient, parsePrometheusText, parseVllmMetrics } from '../../src';
import { histogramQuantile } from '../../src/server/histogram';
import { vllmMetricsText } from './metrics-fixtures';
import { BASE_URL, mockVllmServer } from './server-fixtures';

describe('Prometheus text parser', () => {
  it('parses labels with escapes, special values and timestamps', () => {
    const { samples, types, skippedLines } = parsePrometheusText(
      [
        '# HELP x A metric.',
        '# TYPE x gauge',
        'x{path="/a\\"b",note="line\\nbreak",slash="c\\\\d"} 1.5e3 1763000000000',
        'y NaN',
        'z{le="+Inf"} +Inf',
        'w -Inf',
        '',
      ].join('\n'),
    );
    expect(skippedLines).toBe(0);
    expect(types).toEqual({ x: 'gauge' });
    expect(samples[0]).toEqual({
      name: 'x',
      labels: { path: '/a"b', note: 'line\nbreak', slash: 'c\\d' },
      value: 1500,
    });
    expect(samples[1].value).toBeNaN();
    expect(samples[2]).toEqual({ name: 'z', labels: { le: '+Inf' }, value: Number.POSITIVE_INFINITY });
    expect(samples[3].value).toBe(Number.NEGATIVE_INFINITY);
  });

  it('skips malformed lines and keeps the rest', () => {
    const { samples, skippedLines } = parsePrometheusText(
      [
        'good 1',
        'broken{label="unterminated 2',
        'no_value',
        'bad_value abc',
        '{missing_name="x"} 3',
        'too many fields 1 2',
        'also_good{a="b"} 4',
      ].join('\n'),
    );
    expect(samples.map((sample) => [sample.name, sample.value])).toEqual([
      ['good', 1],
      ['also_good', 4],
    ]);
    expect(skippedLines).toBe(5);
  });
});

describe('histogram quantiles', () => {
  it('interpolates inside the bucket holding the rank, as histogram_quantile does', () => {
    const buckets = [
      { le: 0.1, count: 2 },
      { le: 0.2, count: 6 },
      { le: 0.5, count: 10 },
      { le: Number.POSITIVE_INFINITY, count: 10 },
    ];
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.175); // rank 5: 0.1 + 0.1 × 3/4
    expect(histogramQuantile(0.1, buckets)).toBeCloseTo(0.05); // first bucket starts at 0
    expect(histogramQuantile(0.99, buckets)).toBeCloseTo(0.4925);
  });

  it('returns the highest finite bound for ranks in +Inf, and undefined without observations', () => {
    expect(
      histogramQuantile(0.99, [
        { le: 1, count: 5 },
        { le: Number.POSITIVE_INFINITY, count: 10 },
      ]),
    ).toBe(1);
    expect(histogramQuantile(0.5, [{ le: Number.POSITIVE_INFINITY, count: 0 }])).toBeUndefined();
    expect(histogramQuantile(0.5, [])).toBeUndefined();
  });
});

describe('vLLM metrics snapshot', () => {
  for (const generation of ['current', 'legacy'] as const) {
    it(`reads the ${generation} metric names`, () => {
      const snapshot = parseVllmMetrics(vllmMetricsText(generation), 1000);
      expect(snapshot).toMatchObject({
        takenAt: 1000,
        modelNames: ['Qwen/Qwen3-8B'],
        requestsRunning: 3,
        requestsWaiting: 1,
        kvCacheUsage: 0.25,
        prefixCache: { queries: 1000, hits: 400, hitRate: 0.4 },
        promptTokens: 5000,
        generationTokens: 2000,
        preemptions: 0,
        requestSuccess: { total: 10, byFinishReason: { stop: 8, length: 2, abort: 0 } },
        metricNames: generation,
        skippedLines: 0,
      });
      expect(snapshot.timeToFirstToken).toMatchObject({ count: 10, sum: 0.9 });
      expect(snapshot.timeToFirstToken?.mean).toBeCloseTo(0.09);
      expect(snapshot.timeToFirstToken?.p50).toBeCloseTo(0.04);
      expect(snapshot.timeToFirstToken?.p90).toBeCloseTo(0.175);
      expect(snapshot.timeToFirstToken?.p99).toBeCloseTo(0.2425);
      expect(snapshot.interTokenLatency?.count).toBe(1000);
      expect(snapshot.interTokenLatency?.p50).toBeCloseTo(0.025);
      expect(snapshot.interTokenLatency?.p90).toBeCloseTo(0.05);
      expect(snapshot.interTokenLatency?.p99).toBeCloseTo(0.0725);
      expect(snapshot.e2eRequestLatency?.count).toBe(10);
    });
  }

  it('prefers the current name when a server in the deprecation window exposes both', () => {
    const both = `${vllmMetricsText('current', { kvCacheUsage: 0.5 })}vllm:gpu_cache_usage_perc{engine="0"} 0.1\n`;
    const snapshot = parseVllmMetrics(both);
    expect(snapshot.kvCacheUsage).toBe(0.5);
    expect(snapshot.metricNames).toBe('current');
  });

  it('sums gauges and counters over engines and averages KV-cache usage', () => {
    const text = [
      'vllm:num_requests_running{engine="0",model_name="m"} 2',
      'vllm:num_requests_running{engine="1",model_name="m"} 3',
      'vllm:kv_cache_usage_perc{engine="0",model_name="m"} 0.2',
      'vllm:kv_cache_usage_perc{engine="1",model_name="m"} 0.6',
      'vllm:generation_tokens_total{engine="0",model_name="m"} 10',
      'vllm:generation_tokens_total{engine="1",model_name="m"} 5',
    ].join('\n');
    const snapshot = parseVllmMetrics(text);
    expect(snapshot.requestsRunning).toBe(5);
    expect(snapshot.kvCacheUsage).toBeCloseTo(0.4);
    expect(snapshot.generationTokens).toBe(15);
    expect(snapshot.timeToFirstToken).toBeUndefined();
    expect(snapshot.metricNames).toBe('current');
  });

  it('survives malformed lines in the middle of real output', () => {
    const text = vllmMetricsText('current').replace(
      '# TYPE vllm:prompt_tokens counter',
      '# TYPE vllm:prompt_tokens counter\nvllm:prompt_tokens_total{engine="0" oops\n\u0000garbage',
    );
    const snapshot = parseVllmMetrics(text);
    expect(snapshot.skippedLines).toBe(2);
    expect(snapshot.promptTokens).toBe(5000);
    expect(snapshot.requestsRunning).toBe(3);
  });

  it('returns undefined fields for a server without vLLM metrics', () => {
    const snapshot = parseVllmMetrics('# nothing\n');
    expect(snapshot).toMatchObject({
      requestsRunning: undefined,
      kvCacheUsage: undefined,
      prefixCache: undefined,
      requestSuccess: undefined,
      metricNames: 'unknown',
    });
  });
});

describe('statistics', () => {
  it('computes rates and window percentiles from two snapshots', () => {
    const before = parseVllmMetrics(vllmMetricsText('current'), 10_000);
    const after = parseVllmMetrics(
      vllmMetricsText('current', {
        running: 4,
        promptTokens: 9000,
        generationTokens: 4000,
        success: { stop: 16, length: 4, abort: 0 },
        prefixQueries: 2000,
        prefixHits: 1150,
        // 10 more requests in the window, all between 0.1 and 0.25 s.
        ttftCounts: [0, 0, 0, 2, 5, 5, 8, 8, 20, 20, 20, 20, 20],
        ttftSum: 0.9 + 1.5,
      }),
      12_000,
    );
    const statistics = computeVllmStatistics(before, after);
    expect(statistics.windowMs).toBe(2000);
    expect(statistics.requestsPerSecond).toBe(5);
    expect(statistics.promptTokensPerSecond).toBe(2000);
    expect(statistics.generationTokensPerSecond).toBe(1000);
    expect(statistics.meanTimeToFirstTokenSeconds).toBeCloseTo(0.15);
    expect(statistics.timeToFirstToken?.count).toBe(10);
    expect(statistics.timeToFirstToken?.p50).toBeCloseTo(0.175);
    expect(statistics.prefixCacheHitRate).toBeCloseTo(0.75);
    expect(statistics.requestsRunning).toBe(4);
    expect(statistics.meanInterTokenLatencySeconds).toBeUndefined(); // no new tokens in the window
  });

  it('treats a counter that went down (server restart) as counted from zero', () => {
    const before = parseVllmMetrics(vllmMetricsText('current', { generationTokens: 5000 }), 0);
    const after = parseVllmMetrics(vllmMetricsText('current', { generationTokens: 300 }), 1000);
    expect(computeVllmStatistics(before, after).generationTokensPerSecond).toBe(300);
  });

  it('statistics() reads /metrics twice, windowMs apart, with either name generation', async () => {
    let call = 0;
    const { fetch, requests } = mockVllmServer({
      'GET /metrics': () =>
        new Response(
          vllmMetricsText(
            'legacy',
            call++ === 0 ? {} : { generationTokens: 2100, success: { stop: 9, length: 2 } },
          ),
          { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' } },
        ),
    });
    const client = createVllmClient({ baseURL: BASE_URL, fetch });
    const statistics = await client.statistics({ windowMs: 50 });
    expect(requests.map((request) => request.url)).toEqual([
      'http://gpu-box:8000/metrics',
      'http://gpu-box:8000/metrics',
    ]);
    expect(statistics.windowMs).toBeGreaterThanOrEqual(45);
    expect(statistics.generationTokensPerSecond).toBeGreaterThan(0);
    expect(statistics.after.metricNames).toBe('legacy');
    await expect(client.statistics({ windowMs: 0 })).rejects.toThrow(/windowMs > 0/);
  });

  it('statistics() stops waiting when aborted', async () => {
    const { fetch } = mockVllmServer({ 'GET /metrics': new Response(vllmMetricsText('current')) });
    const controller = new AbortController();
    const pending = createVllmClient({ baseURL: BASE_URL, fetch }).statistics({
      windowMs: 60_000,
      abortSignal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('enough')), 20);
    await expect(pending).rejects.toThrow('enough');
  });

  it('metrics() fetches GET /metrics at the server root', async () => {
    const { fetch, requests } = mockVllmServer({ 'GET /metrics': new Response(vllmMetricsText('current')) });
    const snapshot = await createVllmClient({ baseURL: BASE_URL, fetch }).metrics();
    expect(requests[0].url).toBe('http://gpu-box:8000/metrics');
    expect(snapshot.requestsWaiting).toBe(1);
  });
});
