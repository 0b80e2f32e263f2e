import { APICallError } from '@ai-sdk/provider';
import { generateText } from 'ai';
import { describe, expect, it } from 'vitest';
import type { VllmServerEvent } from '../../src/sidecar/server-monitor';
import type { VllmServerOptions } from '../../src/sidecar/vllm-server-options';
import { createVllmSidecar } from '../../src/sidecar/vllm-sidecar';
import { FakeRuntime } from './helpers/fake-runtime';

const BASE: VllmServerOptions = {
  model: 'Qwen/Qwen3-0.6B',
  gpus: false,
  image: 'fake/vllm:1',
  healthPollIntervalMs: 20,
};

async function until(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('server.monitor()', () => {
  it('reports ready and metrics, then exited → restarting → restarted after a crash, with autoRestart', async () => {
    const runtime = new FakeRuntime();
    await using server = await createVllmSidecar(BASE, { runtime, env: {} }).start();
    const events: VllmServerEvent[] = [];
    const monitor = server.monitor({ intervalMs: 30, autoRestart: true, maxRestarts: 2 });
    monitor.on('exited', (event) => events.push(event));
    const iterated: string[] = [];
    const iterating = (async () => {
      for await (const event of monitor) iterated.push(event.type);
    })();
    await until(() => iterated.includes('metrics'));
    await runtime.kill(server.containerId);
    await until(() => iterated.includes('restarted'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'exited', exitCode: 137, oomKilled: false, reason: 'exited' });
    const afterCrash = iterated.slice(iterated.indexOf('exited'));
    expect(afterCrash.slice(0, 4)).toEqual(['exited', 'restarting', 'restarted', 'ready']);
    expect(iterated[0]).toBe('ready');
    expect(monitor.restarts).toBe(1);
    expect((await server.health()).healthy).toBe(true);
    const metrics = iterated.indexOf('metrics');
    expect(metrics).toBeGreaterThan(0);
    monitor.stop();
    await iterating;
  });

  it('reports unhealthy → healthy transitions, and exited without restarting when autoRestart is off', async () => {
    const runtime = new FakeRuntime();
    await using server = await createVllmSidecar(BASE, { runtime, env: {} }).start();
    const types: string[] = [];
    const monitor = server.monitor({ intervalMs: 20, stats: false });
    for (const type of ['ready', 'healthy', 'unhealthy', 'exited', 'restarting'] as const) {
      monitor.on(type, (event) => types.push(event.type));
    }
    await until(() => types.includes('ready'));
    const emulator = runtime.servers.get(server.containerId)?.emulator;
    const fault = emulator?.faults.always({ type: 'http-error', status: 503 }, { path: '/health' });
    await until(() => types.includes('unhealthy'));
    fault?.remove();
    await until(() => types.includes('healthy'));
    await runtime.kill(server.containerId);
    await until(() => types.includes('exited'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    monitor.stop();
    expect(types).toEqual(['ready', 'unhealthy', 'healthy', 'exited']);
  });
});

describe('createManagedVllm', () => {
  it('starts on the first request; concurrent first requests share one server; close() stops it', async () => {
    const runtime = new FakeRuntime();
    const managed = createVllmSidecar(BASE, { runtime, env: {} }).createManagedVllm({ apiKey: 'sk-managed' });
    expect(managed.modelId).toBe('Qwen/Qwen3-0.6B');
    expect(runtime.launches).toHaveLength(0);
    const results = await Promise.all(
      [1, 2, 3].map((index) =>
        generateText({ model: managed(managed.modelId), prompt: `Hi ${index}`, maxOutputTokens: 3 }),
      ),
    );
    expect(results.every((result) => result.text.length > 0)).toBe(true);
    expect(runtime.launches).toHaveLength(1);
    expect(managed.startedServer?.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    await managed.close();
    expect(runtime.servers.size).toBe(0);
    await expect(generateText({ model: managed(managed.modelId), prompt: 'again' })).rejects.toThrow(
      /closed/,
    );
  });

  it('a failed start fails the request (not retried) and the next request tries again', async () => {
    let attempts = 0;
    const runtime = new FakeRuntime(() => {
      attempts += 1;
      return attempts === 1
        ? { lines: [['stderr', 'vllm: error: unrecognized arguments: --x\n']], exitCode: 2 }
        : {};
    });
    await using managed = createVllmSidecar(BASE, { runtime, env: {} }).createManagedVllm({});
    const failure = await generateText({ model: managed(managed.modelId), prompt: 'x' }).catch(
      (error: unknown) => error,
    );
    expect(APICallError.isInstance(failure)).toBe(true);
    expect((failure as APICallError).message).toMatch(
      /^The vLLM server could not be started: vLLM rejected its arguments/,
    );
    expect(attempts).toBe(1);
    const { text } = await generateText({ model: managed(managed.modelId), prompt: 'y', maxOutputTokens: 2 });
    expect(text.length).toBeGreaterThan(0);
    expect(attempts).toBe(2);
  });

  it('rejects bad options when created, before any request', () => {
    const sidecar = createVllmSidecar(BASE, { runtime: new FakeRuntime(), env: {} });
    expect(() => sidecar.createManagedVllm({ vllmArgs: ['--api-key', 'x'] })).toThrow(/apiKey option/);
  });
});
