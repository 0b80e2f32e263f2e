import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startVllmEmulator, type VllmEmulator } from '../../src/testing/index';
import { chunksOf, postJson, postStream, userMessage } from './helpers';

const streamBody = { messages: userMessage('Hi'), stream: true, max_tokens: 6 };

describe('emulator: fault injection', () => {
  let emulator: VllmEmulator;
  const chatUrl = () => `${emulator.baseURL}/chat/completions`;
  beforeEach(async () => {
    emulator = await startVllmEmulator();
  });
  afterEach(() => emulator.close());

  it('adds latency', async () => {
    emulator.faults.next({ type: 'latency', ms: 150 });
    const started = performance.now();
    const { status } = await postJson(chatUrl(), { messages: userMessage('x'), max_tokens: 1 });
    expect(status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('answers HTTP 500 / 503 with a vLLM error body, only for the scripted request numbers', async () => {
    emulator.faults.add({ fault: { type: 'http-error', status: 503 }, requests: [2] });
    const statuses: number[] = [];
    for (let index = 0; index < 3; index++) {
      statuses.push((await postJson(chatUrl(), { messages: userMessage('x'), max_tokens: 1 })).status);
    }
    expect(statuses).toEqual([200, 503, 200]);
    emulator.faults.next({ type: 'http-error', status: 500, message: 'boom' });
    const { status, json } = await postJson(chatUrl(), { messages: userMessage('x') });
    expect(status).toBe(500);
    expect(json.error).toMatchObject({ message: 'boom', code: 500 });
  });

  it('resets the connection before headers', async () => {
    emulator.faults.next({ type: 'reset-before-headers' });
    await expect(postJson(chatUrl(), { messages: userMessage('x') })).rejects.toThrow();
    expect((await postJson(chatUrl(), { messages: userMessage('x'), max_tokens: 1 })).status).toBe(200);
  });

  it('resets mid-stream after the given number of chunks', async () => {
    emulator.faults.next({ type: 'reset-mid-stream', afterChunks: 2 });
    const response = await fetch(chatUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(streamBody),
    });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it('sends a mid-stream error event then [DONE]', async () => {
    emulator.faults.next({ type: 'error-event', afterChunks: 2, message: 'engine hiccup' });
    const events = await postStream(chatUrl(), streamBody);
    expect(events).toHaveLength(4);
    expect(JSON.parse(events[2])).toEqual({
      error: { message: 'engine hiccup', type: 'InternalServerError', param: null, code: 500 },
    });
    expect(events[3]).toBe('[DONE]');
  });

  it('sends a malformed chunk and continues', async () => {
    emulator.faults.next({ type: 'malformed-chunk', afterChunks: 1 });
    const events = await postStream(chatUrl(), streamBody);
    expect(() => JSON.parse(events[1])).toThrow();
    expect(events.at(-1)).toBe('[DONE]');
  });

  it('ends a stream without [DONE]', async () => {
    emulator.faults.next({ type: 'truncate-stream', afterChunks: 3 });
    const events = await postStream(chatUrl(), streamBody);
    expect(events).toHaveLength(3);
    expect(events).not.toContain('[DONE]');
  });

  it('stream faults skip non-streaming requests', async () => {
    emulator.faults.next({ type: 'truncate-stream' });
    expect((await postJson(chatUrl(), { messages: userMessage('x'), max_tokens: 1 })).status).toBe(200);
    expect(chunksOf(await postStream(chatUrl(), streamBody)).length).toBeLessThan(3);
  });

  it('hangs until the client aborts', async () => {
    emulator.faults.next({ type: 'hang' });
    const controller = new AbortController();
    const pending = fetch(chatUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: userMessage('x') }),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toThrow(/abort/i);
  });

  it('engine death: /health 503, inference 500', async () => {
    emulator.faults.next({ type: 'engine-death' });
    const { status, json } = await postJson(chatUrl(), { messages: userMessage('x') });
    expect(status).toBe(500);
    expect(json.error.type).toBe('InternalServerError');
    expect((await fetch(`${emulator.url}/health`)).status).toBe(503);
    expect((await postJson(chatUrl(), { messages: userMessage('x') })).status).toBe(500);
  });

  it('probability rules are reproducible with a seed', async () => {
    const run = async () => {
      emulator.faults.clear();
      emulator.faults.seed(42);
      emulator.faults.always({ type: 'http-error', status: 500 }, { probability: 0.5 });
      const statuses: number[] = [];
      for (let index = 0; index < 12; index++) {
        statuses.push((await postJson(chatUrl(), { messages: userMessage('x'), max_tokens: 1 })).status);
      }
      return statuses;
    };
    const first = await run();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('exposes the same faults over the admin endpoint', async () => {
    const added = await postJson(`${emulator.url}/_emulator/faults`, {
      fault: { type: 'http-error', status: 503 },
      path: '/v1/completions',
      times: 1,
    });
    expect(added.status).toBe(201);
    expect((await postJson(`${emulator.baseURL}/completions`, { prompt: 'a' })).status).toBe(503);
    expect((await postJson(`${emulator.baseURL}/completions`, { prompt: 'a', max_tokens: 1 })).status).toBe(
      200,
    );
    const listed = await (await fetch(`${emulator.url}/_emulator/faults`)).json();
    expect(listed.injected).toHaveLength(1);
    const bad = await postJson(`${emulator.url}/_emulator/faults`, { fault: { type: 'nope' } });
    expect(bad.status).toBe(400);
    await fetch(`${emulator.url}/_emulator/engine/kill`, { method: 'POST' });
    expect((await fetch(`${emulator.url}/health`)).status).toBe(503);
  });
});
