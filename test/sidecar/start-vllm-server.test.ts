import { generateText } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { VLLM_LABELS } from '../../src/sidecar/container-labels';
import type { StartedVllmServer } from '../../src/sidecar/started-vllm-server';
import type { VllmStartupProgress } from '../../src/sidecar/startup-phases';
import type { VllmServerOptions } from '../../src/sidecar/vllm-server-options';
import { createVllmSidecar } from '../../src/sidecar/vllm-sidecar';
import { VllmSidecarError } from '../../src/sidecar/vllm-sidecar-error';
import { FakeRuntime, QUICK_STARTUP, type ScriptLine } from './helpers/fake-runtime';

const BASE: VllmServerOptions = {
  model: 'Qwen/Qwen3-0.6B',
  gpus: false,
  image: 'fake/vllm:1',
  healthPollIntervalMs: 20,
};
const started: StartedVllmServer[] = [];

function sidecar(runtime: FakeRuntime, settings: VllmServerOptions = {}) {
  const instance = createVllmSidecar({ ...BASE, ...settings }, { runtime, env: {} });
  return {
    ...instance,
    start: async (options: VllmServerOptions = {}) => {
      const server = await instance.start(options);
      started.push(server);
      return server;
    },
  };
}

async function startError(promise: Promise<unknown>): Promise<VllmSidecarError> {
  try {
    await promise;
  } catch (error) {
    if (VllmSidecarError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the start to fail');
}

afterEach(async () => {
  await Promise.allSettled(started.splice(0).map((server) => server.stop({ timeoutMs: 0, remove: true })));
});

describe('startVllmServer (fake runtime, real emulator)', () => {
  it('reports phases in order, resolves when ready, serves generateText through provider(), and stop() removes it', async () => {
    const runtime = new FakeRuntime();
    const progress: VllmStartupProgress[] = [];
    const lines: string[] = [];
    const server = await sidecar(runtime).start({
      apiKey: 'sk-test',
      onProgress: (event) => progress.push(event),
      onLog: (line) => lines.push(line),
    });
    const phases = progress.filter((event) => event.phaseStarted).map((event) => event.phase);
    expect(phases).toEqual([
      'starting',
      'resolving-model',
      'initializing-engine',
      'downloading-weights',
      'loading-weights',
      'compiling',
      'profiling-memory',
      'capturing-cuda-graphs',
      'starting-api-server',
      'ready',
    ]);
    expect(lines.at(-1)).toBe('(APIServer pid=1) INFO:     Application startup complete.');
    expect(server.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(server.modelId).toBe('Qwen/Qwen3-0.6B');
    expect(server.capabilities).toMatchObject({
      servedModelNames: ['Qwen/Qwen3-0.6B'],
      toolCallParser: 'hermes',
      autoToolChoice: true,
      reasoningParser: 'qwen3',
      lora: false,
      runner: 'auto',
      vllmVersion: '0.26.0',
    });
    expect(server.capabilities.maxModelLen).toBeGreaterThan(0);
    expect(server.startup.durationMs).toBeGreaterThanOrEqual(0);

    const { text } = await generateText({
      model: server.provider()(server.modelId),
      prompt: 'Hello',
      maxOutputTokens: 5,
    });
    expect(text.length).toBeGreaterThan(0);

    expect(await server.health()).toMatchObject({ healthy: true, status: 200, running: true });
    expect(await server.validate()).toMatchObject({
      healthy: true,
      apiAccessible: true,
      modelLoaded: true,
      authEnforced: true,
      issues: [],
    });
    await server.stop();
    await server.stop(); // idempotent
    expect(runtime.servers.size).toBe(0);
  });

  it('fails at once when the server exits, with the classified reason, hint, exit code and log tail; removes it', async () => {
    const usage: ScriptLine[] = [
      ['stderr', 'usage: vllm [-h] [-v]\n'],
      ['stderr', 'vllm: error: unrecognized arguments: --bogus-flag\n'],
    ];
    const runtime = new FakeRuntime(() => ({ lines: usage, exitCode: 2 }));
    const error = await startError(sidecar(runtime).start({ vllmArgs: ['--bogus-flag'] }));
    expect(error).toMatchObject({ reason: 'bad-arguments', exitCode: 2 });
    expect(error.logTail).toEqual([
      'usage: vllm [-h] [-v]',
      'vllm: error: unrecognized arguments: --bogus-flag',
    ]);
    expect(error.message).toContain(
      'vLLM rejected its arguments (exit code 2): vllm: error: unrecognized arguments: --bogus-flag',
    );
    expect(error.hint).toMatch(/image/);
    expect(runtime.servers.size).toBe(0);
  });

  it('classifies an OOM during weight loading', async () => {
    const runtime = new FakeRuntime(() => ({
      lines: [
        ...QUICK_STARTUP.slice(0, 5),
        [
          'stdout',
          '(EngineCore pid=9) ERROR 08-17 12:00:03 [core.py:1346] torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.\n',
        ],
        [
          'stdout',
          "(APIServer pid=1) RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {'EngineCore': 1}\n",
        ],
      ],
      exitCode: 1,
    }));
    const error = await startError(sidecar(runtime).start());
    expect(error).toMatchObject({ reason: 'out-of-memory', exitCode: 1, phase: 'downloading-weights' });
    expect(error.hint).toMatch(/maxModelLen/);
  });

  it('redacts secrets from log lines and errors', async () => {
    const runtime = new FakeRuntime(() => ({
      lines: [['stdout', 'leaked sk-very-secret and hf_abcdefghijklmnopqrstuvwxyz\n']],
      exitCode: 1,
    }));
    const lines: string[] = [];
    const error = await startError(
      sidecar(runtime).start({ apiKey: 'sk-very-secret', onLog: (line) => lines.push(line) }),
    );
    expect(lines).toEqual(['leaked *** and hf_***']);
    expect(error.message).not.toContain('sk-very-secret');
    expect(error.logTail.join('\n')).not.toContain('hf_abc');
  });

  it('aborting the start removes the half-started server', async () => {
    const runtime = new FakeRuntime(() => ({ lines: QUICK_STARTUP, hang: true }));
    const controller = new AbortController();
    const starting = sidecar(runtime).start({
      signal: controller.signal,
      onProgress: (event) => {
        if (event.phase === 'loading-weights') controller.abort();
      },
    });
    const error = await startError(starting);
    expect(error.reason).toBe('aborted');
    expect(runtime.servers.size).toBe(0);
  });

  it('fails with no-progress-timeout when the log goes silent, and with startup-timeout overall', async () => {
    const runtime = new FakeRuntime(() => ({ lines: QUICK_STARTUP.slice(0, 2), hang: true }));
    const silent = await startError(sidecar(runtime).start({ noProgressTimeoutMs: 150 }));
    expect(silent).toMatchObject({ reason: 'no-progress-timeout', timeoutMs: 150, phase: 'starting' });
    expect(silent.logTail).toHaveLength(2);
    const chatty = new FakeRuntime(() => ({
      lines: Array.from({ length: 200 }, () => ['stdout', 'still busy\n'] as const),
      lineDelayMs: 5,
      hang: true,
    }));
    const overall = await startError(sidecar(chatty).start({ startupTimeoutMs: 150 }));
    expect(overall).toMatchObject({ reason: 'startup-timeout', timeoutMs: 150 });
    expect(runtime.servers.size + chatty.servers.size).toBe(0);
  });

  it('pulls a missing image with progress; pull "never" fails with image-missing', async () => {
    const runtime = new FakeRuntime();
    runtime.imagePresent = false;
    await expect(sidecar(runtime).start({ pull: 'never' })).rejects.toMatchObject({
      reason: 'image-missing',
    });
    const progress: VllmStartupProgress[] = [];
    await sidecar(runtime).start({ onProgress: (event) => progress.push(event) });
    expect(runtime.pulls).toEqual(['fake/vllm:1']);
    expect(progress.slice(0, 3).map((event) => [event.phase, event.message])).toEqual([
      ['pulling-image', 'Pulling fake/vllm:1'],
      ['pulling-image', 'fake/vllm:1: Pulling from library'],
      ['pulling-image', 'abc123: Pull complete'],
    ]);
  });

  it('reuse: equal configurations share one server, a different one gets its own', async () => {
    const runtime = new FakeRuntime();
    const first = await sidecar(runtime).start({ reuse: true });
    const second = await sidecar(runtime).start({ reuse: true });
    expect(second.containerId).toBe(first.containerId);
    expect([first.attached, second.attached]).toEqual([false, true]);
    const other = await sidecar(runtime).start({ reuse: true, maxModelLen: 1024 });
    expect(other.containerId).not.toBe(first.containerId);
    expect(runtime.launches).toHaveLength(2);
    await first.stop();
    // A stopped reused server is kept and started again by the next reuse start.
    expect(runtime.servers.get(first.containerId)?.running).toBe(false);
    const third = await sidecar(runtime).start({ reuse: true });
    expect(third.containerId).toBe(first.containerId);
    expect(runtime.launches).toHaveLength(2);
  });

  it('reaps orphans (owner process gone, not reused) on the next start', async () => {
    const runtime = new FakeRuntime();
    const orphan = await sidecar(runtime).start();
    const survivor = await sidecar(runtime).start({ reuse: true, maxModelLen: 512 });
    for (const server of [orphan, survivor]) {
      const fake = runtime.servers.get(server.containerId);
      if (fake) fake.labels[VLLM_LABELS.ownerPid] = '999999999';
    }
    orphan.detach();
    await sidecar(runtime).start();
    expect(runtime.servers.has(orphan.containerId)).toBe(false);
    expect(runtime.servers.has(survivor.containerId)).toBe(true);
  });

  it('restart() and reconfigure() bring the server back with the same or new flags', async () => {
    const runtime = new FakeRuntime();
    const server = await sidecar(runtime).start();
    const id = server.containerId;
    await server.restart();
    expect(server.containerId).toBe(id);
    expect((await server.health()).healthy).toBe(true);
    await server.reconfigure({ maxModelLen: 2048 });
    expect(server.containerId).not.toBe(id);
    expect(runtime.servers.has(id)).toBe(false);
    expect(runtime.launches.at(-1)?.options.maxModelLen).toBe(2048);
    expect(server.capabilities.maxModelLen).toBe(2048);
  });

  it('await using stops the server at the end of the scope', async () => {
    const runtime = new FakeRuntime();
    {
      await using server = await createVllmSidecar(BASE, { runtime, env: {} }).start();
      expect(runtime.servers.has(server.containerId)).toBe(true);
    }
    expect(runtime.servers.size).toBe(0);
  });

  it('logs() returns the tail, and follows new lines', async () => {
    const runtime = new FakeRuntime();
    const server = await sidecar(runtime).start();
    expect(await server.logs({ tail: 1 })).toEqual([
      '(APIServer pid=1) INFO:     Application startup complete.',
    ]);
    const controller = new AbortController();
    const seen: string[] = [];
    const following = (async () => {
      for await (const line of server.logs({ follow: true, signal: controller.signal })) {
        seen.push(line);
        controller.abort();
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (const follower of runtime.servers.get(server.containerId)?.followers ?? []) {
      follower.onLine('INFO: new line', 'stdout');
    }
    await following;
    expect(seen).toEqual(['INFO: new line']);
  });
});
