import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../src/sidecar/container-labels';
import { ProcessRuntime } from '../../src/sidecar/process-runtime';
import type { VllmStartupProgress } from '../../src/sidecar/startup-phases';
import type { VllmServerOptions } from '../../src/sidecar/vllm-server-options';
import { createVllmSidecar } from '../../src/sidecar/vllm-sidecar';
import { VllmSidecarError } from '../../src/sidecar/vllm-sidecar-error';
import { processCommandLines } from './helpers/process-command-lines';
import { createVllmShim } from './helpers/vllm-shim';

// The `process` runtime against real processes: a `vllm` shim on disk running the emulator CLI.
let shim: { directory: string; executable: string };
let stateDirectory: string;

beforeAll(async () => {
  shim = await createVllmShim();
  stateDirectory = await mkdtemp(join(tmpdir(), 'sidecar-state-'));
});
afterAll(async () => {
  const runtime = new ProcessRuntime(shim.executable, stateDirectory);
  for (const id of await readdir(stateDirectory).catch(() => [])) await runtime.remove(id);
  await rm(stateDirectory, { recursive: true, force: true });
  await rm(shim.directory, { recursive: true, force: true });
});

function sidecar(settings: VllmServerOptions = {}) {
  return createVllmSidecar(
    {
      model: 'Qwen/Qwen3-0.6B',
      runtime: 'process',
      gpus: false,
      hfCachePath: false,
      vllmCachePath: false,
      healthPollIntervalMs: 50,
      ...settings,
    },
    { runtime: new ProcessRuntime(shim.executable, stateDirectory), env: {} },
  );
}

describe('process runtime (vllm serve from PATH)', () => {
  it('starts, reports phases, serves generateText, keeps secrets out of every command line, and stops', async () => {
    const progress: VllmStartupProgress[] = [];
    let commandLinesWhileStarting = '';
    const server = await sidecar().start({
      apiKey: 'sk-process-secret-1',
      hfToken: 'hf_processsecretprocesssecret',
      env: { VLLM_EMULATOR_STARTUP_DELAY_MS: '300' },
      onProgress: (event) => {
        progress.push(event);
        if (event.phase === 'loading-weights' && event.phaseStarted)
          commandLinesWhileStarting = processCommandLines();
      },
    });
    try {
      expect(progress.filter((event) => event.phaseStarted).map((event) => event.phase)).toEqual([
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
      expect(server.containerId).toMatch(/^process-/);
      expect(server.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      expect(commandLinesWhileStarting).toContain('emulate Qwen/Qwen3-0.6B');
      for (const text of [commandLinesWhileStarting, processCommandLines()]) {
        expect(text).not.toContain('sk-process-secret-1');
        expect(text).not.toContain('hf_processsecret');
      }
      // Qwen3's preset turns on the qwen3 reasoning parser: the first tokens are reasoning.
      const result = await generateText({
        model: server.provider()(server.modelId),
        prompt: 'Hi',
        maxOutputTokens: 4,
      });
      expect(`${result.reasoningText ?? ''}${result.text}`.length).toBeGreaterThan(0);
      expect((await server.validate()).authEnforced).toBe(true);
      const stats = await server.stats();
      expect(stats.memoryBytes).toBeGreaterThan(0);
    } finally {
      await server.stop({ timeoutMs: 5_000 });
    }
    expect(await readdir(stateDirectory)).not.toContain(server.containerId);
  });

  it('fails fast on a bad flag with the classified reason and log tail', async () => {
    const started = Date.now();
    const error = await sidecar()
      .start({ vllmArgs: ['--no-such-flag', '1'] })
      .catch((caught: unknown) => caught);
    expect(VllmSidecarError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'bad-arguments', exitCode: 2 });
    expect((error as VllmSidecarError).logTail.join('\n')).toContain(
      'unrecognized arguments: --no-such-flag 1',
    );
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(await readdir(stateDirectory)).toEqual([]);
  });

  it('classifies an emulated CUDA OOM as out-of-memory', async () => {
    const error = await sidecar()
      .start({ env: { VLLM_EMULATOR_FAILURE: 'cuda-oom' } })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ reason: 'out-of-memory', exitCode: 1 });
  });

  it('lists its servers; a stopped process server is gone from the process table', async () => {
    const server = await sidecar().start();
    const [summary] = await sidecar().list();
    expect(summary).toMatchObject({
      id: server.containerId,
      runtime: 'process',
      running: true,
      reuse: false,
      orphan: false,
    });
    const state = JSON.parse(
      readFileSync(join(stateDirectory, server.containerId, 'state.json'), 'utf8'),
    ) as { pid: number };
    await server.stop({ timeoutMs: 5_000 });
    expect(isProcessAlive(state.pid)).toBe(false);
    expect(await sidecar().list()).toEqual([]);
  });
});
