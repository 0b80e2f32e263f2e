import { describe, expect, it } from 'vitest';
import { startVllmEmulator } from '../../src/testing/index';
import { postJson, userMessage } from './helpers';

function metric(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((row) => row.startsWith(`${name}{`) && row.includes(labels));
  if (line === undefined) throw new Error(`metric ${name} ${labels} not found`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('emulator: load realism', () => {
  it('queues requests beyond maxNumSeqs and shows them waiting in /metrics (never 429)', async () => {
    await using emulator = await startVllmEmulator({ maxNumSeqs: 2, tokensPerSecond: 40 });
    const requests = Array.from({ length: 5 }, () =>
      postJson(`${emulator.baseURL}/chat/completions`, {
        messages: userMessage('x'),
        max_tokens: 20,
        ignore_eos: true,
      }),
    );
    const read = async () => (await fetch(`${emulator.url}/metrics`)).text();
    await waitFor(async () => metric(await read(), 'vllm:num_requests_waiting') === 3);
    const busy = await read();
    expect(metric(busy, 'vllm:num_requests_running')).toBe(2);
    expect(metric(busy, 'vllm:kv_cache_usage_perc')).toBeGreaterThan(0);
    const results = await Promise.all(requests);
    expect(results.map((result) => result.status)).toEqual([200, 200, 200, 200, 200]);
    const done = await read();
    expect(metric(done, 'vllm:num_requests_running')).toBe(0);
    expect(metric(done, 'vllm:num_requests_waiting')).toBe(0);
    expect(metric(done, 'vllm:request_success_total', 'finished_reason="length"')).toBe(5);
    expect(metric(done, 'vllm:generation_tokens_total')).toBe(100);
    expect(metric(done, 'vllm:request_queue_time_seconds_count')).toBe(5);
    expect(metric(done, 'vllm:request_queue_time_seconds_sum')).toBeGreaterThan(0);
    expect(done).toContain('model_name="Qwen/Qwen3-0.6B",engine="0"');
  });

  it('delays the first token by timeToFirstTokenMs and paces tokens/s', async () => {
    await using emulator = await startVllmEmulator({ timeToFirstTokenMs: 200, tokensPerSecond: 50 });
    const started = performance.now();
    const response = await fetch(`${emulator.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: userMessage('x'), max_tokens: 10, ignore_eos: true, stream: true }),
    });
    const reader = response.body!.getReader();
    await reader.read();
    const firstByte = performance.now() - started;
    while (!(await reader.read()).done) {}
    const total = performance.now() - started;
    expect(firstByte).toBeGreaterThanOrEqual(190);
    expect(total).toBeGreaterThanOrEqual(190 + 9 * 20 - 20);
    const text = await (await fetch(`${emulator.url}/metrics`)).text();
    expect(metric(text, 'vllm:time_to_first_token_seconds_sum')).toBeGreaterThanOrEqual(0.19);
    expect(metric(text, 'vllm:inter_token_latency_seconds_count')).toBe(9);
  });

  it('counts prompt and generation tokens per engine step, while the request runs (as vLLM does)', async () => {
    await using emulator = await startVllmEmulator({ tokensPerSecond: 20 });
    const response = await fetch(`${emulator.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: userMessage('x'), max_tokens: 40, ignore_eos: true, stream: true }),
    });
    const reader = response.body!.getReader();
    const read = async () => (await fetch(`${emulator.url}/metrics`)).text();
    await waitFor(async () => metric(await read(), 'vllm:generation_tokens_total') >= 3);
    const midway = await read();
    expect(metric(midway, 'vllm:num_requests_running')).toBe(1);
    expect(metric(midway, 'vllm:prompt_tokens_total')).toBeGreaterThan(0);
    expect(metric(midway, 'vllm:time_to_first_token_seconds_count')).toBe(1);
    expect(metric(midway, 'vllm:generation_tokens_total')).toBeLessThan(40);
    expect(metric(midway, 'vllm:e2e_request_latency_seconds_count')).toBe(0);
    while (!(await reader.read()).done) {}
    expect(metric(await read(), 'vllm:generation_tokens_total')).toBe(40);
  });

  it('counts aborted requests and frees their slots', async () => {
    await using emulator = await startVllmEmulator({ maxNumSeqs: 1, tokensPerSecond: 20 });
    const controller = new AbortController();
    const aborted = fetch(`${emulator.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: userMessage('x'), max_tokens: 200, ignore_eos: true }),
      signal: controller.signal,
    }).catch(() => 'aborted');
    setTimeout(() => controller.abort(), 100);
    expect(await aborted).toBe('aborted');
    const next = await postJson(`${emulator.baseURL}/chat/completions`, {
      messages: userMessage('x'),
      max_tokens: 2,
    });
    expect(next.status).toBe(200);
    await waitFor(async () => {
      const text = await (await fetch(`${emulator.url}/metrics`)).text();
      return metric(text, 'vllm:request_success_total', 'finished_reason="abort"') === 1;
    });
  });

  it('reports in-flight requests on /load with --enable-server-load-tracking', async () => {
    await using emulator = await startVllmEmulator({ enableServerLoadTracking: true, tokensPerSecond: 20 });
    const pending = postJson(`${emulator.baseURL}/chat/completions`, {
      messages: userMessage('x'),
      max_tokens: 5,
      ignore_eos: true,
    });
    await waitFor(async () => (await (await fetch(`${emulator.url}/load`)).json()).server_load === 1);
    await pending;
    expect(await (await fetch(`${emulator.url}/load`)).json()).toEqual({ server_load: 0 });
  });
});
