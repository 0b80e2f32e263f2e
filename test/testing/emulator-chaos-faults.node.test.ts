import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startVllmEmulator, type VllmEmulator } from '../../src/testing/index';
import { postJson, userMessage } from './helpers';

// The faults the chaos soak needs: Retry-After, latency ramps, restarts (connection refused, dropped
// connections, a dead engine revived).

describe('emulator: chaos faults', () => {
  let emulator: VllmEmulator;
  const chatUrl = () => `${emulator.baseURL}/chat/completions`;
  const ask = () => postJson(chatUrl(), { messages: userMessage('x'), max_tokens: 2 });
  beforeEach(async () => {
    emulator = await startVllmEmulator();
  });
  afterEach(() => emulator.close());

  it('answers 429 with a Retry-After header', async () => {
    emulator.faults.next({ type: 'http-error', status: 429, message: 'slow down', retryAfter: 3 });
    const { status, headers, json } = await ask();
    expect(status).toBe(429);
    expect(headers.get('retry-after')).toBe('3');
    expect(json.error).toMatchObject({ message: 'slow down', code: 429 });
    expect((await ask()).headers.get('retry-after')).toBeNull();
  });

  it('refuses a Retry-After that is not whole seconds, naming the field', () => {
    expect(() => emulator.faults.next({ type: 'http-error', status: 429, retryAfter: 1.5 })).toThrow(
      /retryAfter.*whole seconds/,
    );
  });

  it('a latency ramp climbs from fromMs to toMs over overMs, then stays', async () => {
    emulator.faults.always({ type: 'latency-ramp', fromMs: 0, toMs: 400, overMs: 400 });
    let started = performance.now();
    await ask();
    const first = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 500));
    started = performance.now();
    await ask();
    const later = performance.now() - started;
    expect(first).toBeLessThan(300);
    expect(later).toBeGreaterThanOrEqual(390);
    expect(emulator.faults.injected.map((item) => item.fault.type)).toEqual(['latency-ramp', 'latency-ramp']);
  });

  it('a restart drops requests in flight, refuses connections while down, then serves on the same port', async () => {
    emulator.faults.next({ type: 'latency', ms: 5_000 });
    const inFlight = ask().then(
      () => 'answered',
      (error: unknown) => `failed: ${String((error as Error).cause ?? error)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const restarting = emulator.faults.restart({ downMs: 400 });
    expect(await inFlight).toMatch(/^failed/);
    const refused = await ask().catch(
      (error: unknown) => (error as Error & { cause?: { code?: string } }).cause?.code,
    );
    expect(refused).toBe('ECONNREFUSED');
    expect(await restarting).toEqual({ droppedRequests: 1, droppedConnections: expect.any(Number) });
    expect((await ask()).status).toBe(200);
  });

  it('a restart revives a dead engine', async () => {
    emulator.faults.killEngine();
    expect((await ask()).status).toBe(500);
    await emulator.faults.restart({ downMs: 0 });
    expect((await ask()).status).toBe(200);
    expect((await fetch(`${emulator.url}/health`)).status).toBe(200);
  });

  it('POST /_emulator/restart restarts over HTTP', async () => {
    const { status, json } = await postJson(`${emulator.url}/_emulator/restart`, { downMs: 300 });
    expect({ status, json }).toEqual({ status: 202, json: { restarting: true, downMs: 300 } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(ask()).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await ask()).status).toBe(200);
  });
});
