import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/sidecar/process-utils';
import { runVllmServe } from '../../src/testing/index';

const CLI = fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url));
const NODE = process.execPath;
const TSX_LOADER = fileURLToPath(new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url));

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: { stdout: (text: string) => (out.stdout += text), stderr: (text: string) => (out.stderr += text) },
  };
}

async function reachable(url: string): Promise<number | 'refused'> {
  try {
    return (await fetch(url)).status;
  } catch {
    return 'refused';
  }
}

describe('vllm-ai-provider emulate (runVllmServe)', () => {
  it('is not listening while it starts up: an abort during startup exits 0 without ever opening the port', async () => {
    const port = await findFreePort('127.0.0.1');
    const controller = new AbortController();
    const { out, io } = capture();
    // A startup far longer than the test: the probe below runs while the phases are still printing.
    const run = runVllmServe(['Qwen/Qwen3-0.6B', '--port', String(port), '--host', '127.0.0.1'], {
      ...io,
      env: { VLLM_EMULATOR_STARTUP_DELAY_MS: '600000' },
      signal: controller.signal,
    });
    while (!out.stdout.includes('non-default args: {'))
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await reachable(`http://127.0.0.1:${port}/health`)).toBe('refused');
    controller.abort();
    expect(await run).toBe(0);
    expect(out.stdout).not.toContain('Starting vLLM server on');
    expect(out.stderr).not.toContain('Application startup complete.');
    expect(await reachable(`http://127.0.0.1:${port}/health`)).toBe('refused');
  });

  it('prints the startup phases in order, then serves until aborted (exit 0)', async () => {
    const port = await findFreePort('127.0.0.1');
    const controller = new AbortController();
    const { out, io } = capture();
    const run = runVllmServe(['Qwen/Qwen3-0.6B', '--port', String(port), '--host', '127.0.0.1'], {
      ...io,
      env: { VLLM_EMULATOR_STARTUP_DELAY_MS: '600' },
      pid: 1,
      signal: controller.signal,
    });
    while (!out.stderr.includes('Application startup complete.'))
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await reachable(`http://127.0.0.1:${port}/health`)).toBe(200);
    const order = [
      'non-default args: {',
      'Resolved architecture: Qwen3ForCausalLM',
      'Initializing a V1 LLM engine (v0.26.0)',
      'Loading model from scratch...',
      'Available KV cache memory:',
      'init engine (profile, create kv cache, warmup model) took',
      `Starting vLLM server on http://127.0.0.1:${port}`,
    ].map((marker) => out.stdout.indexOf(marker));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(out.stdout).toMatch(/^\(APIServer pid=1\) INFO \d\d-\d\d \d\d:\d\d:\d\d \[api_utils\.py:333\] /);
    expect(out.stderr).toContain('(APIServer pid=1) INFO:     Started server process [1]');
    controller.abort();
    expect(await run).toBe(0);
    expect(await reachable(`http://127.0.0.1:${port}/health`)).toBe('refused');
  });

  it.each([
    [
      'cuda-oom',
      "RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {'EngineCore': 1}",
      'CUDA out of memory',
    ],
    [
      'gated-repo',
      'OSError: You are trying to access a gated repo.',
      'Cannot access gated repo for url https://huggingface.co/meta-llama/Llama-3.1-8B/resolve/main/config.json.',
    ],
    ['no-gpu', 'RuntimeError: Failed to infer device type', 'VLLM_LOGGING_LEVEL=DEBUG'],
  ])('emulated startup failure %s prints vLLM message and exits 1', async (failure, line, detail) => {
    const { out, io } = capture();
    const port = await findFreePort('127.0.0.1');
    const code = await runVllmServe(['meta-llama/Llama-3.1-8B', '--port', String(port)], {
      ...io,
      env: { VLLM_EMULATOR_FAILURE: failure },
    });
    expect(code).toBe(1);
    expect(out.stderr + out.stdout).toContain(line);
    expect(out.stderr + out.stdout).toContain(detail);
    expect(await reachable(`http://127.0.0.1:${port}/health`)).toBe('refused');
  });

  it('fails like vLLM when the port is taken', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const { port } = blocker.address() as { port: number };
    const { out, io } = capture();
    expect(await runVllmServe(['m', '--port', String(port)], io)).toBe(1);
    expect(out.stderr).toContain('OSError: [Errno 98] Address already in use');
    blocker.close();
  });

  it('reads VLLM_API_KEY and exits 1 when the engine dies', async () => {
    const port = await findFreePort('127.0.0.1');
    const { out, io } = capture();
    const run = runVllmServe(['m', '--port', String(port)], { ...io, env: { VLLM_API_KEY: 'sekret' } });
    while (!out.stderr.includes('Application startup complete.'))
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await fetch(`http://127.0.0.1:${port}/v1/models`)).status).toBe(401);
    expect(out.stdout + out.stderr).not.toContain('sekret');
    await fetch(`http://127.0.0.1:${port}/_emulator/engine/kill`, { method: 'POST' });
    expect(await run).toBe(1);
    expect(out.stdout).toContain('engine core exited unexpectedly');
  });
});

describe('vllm-ai-provider bin', () => {
  const exec = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(NODE, ['--import', 'tsx', CLI, ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      });
    });

  it('exits 2 with argparse output for unknown vllm serve flags', async () => {
    const { code, stderr } = await exec(['emulate', 'Qwen/Qwen3-0.6B', '--temperature', '0.8']);
    expect(code).toBe(2);
    expect(stderr).toContain('vllm: error: unrecognized arguments: --temperature 0.8');
  });

  it('lists its commands and rejects unknown ones', async () => {
    const help = await exec(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('emulate');
    const unknown = await exec(['nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'nope'");
  });
});

describe('the emulator stops when whatever started it goes away', () => {
  // For real: `npx vllm-ai-provider emulate` in a project whose node_modules/.bin has the CLI (as after
  // `npm install vllm-ai-provider`), so the process tree is npx → sh -c → node, as users run it.
  let project: string;
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'vllm-emulate-launcher-'));
    writeFileSync(
      join(project, 'package.json'),
      '{"name":"launcher-test","version":"1.0.0","private":true}\n',
    );
    mkdirSync(join(project, 'node_modules/.bin'), { recursive: true });
    const bin = join(project, 'node_modules/.bin/vllm-ai-provider');
    writeFileSync(bin, `#!/bin/sh\nexec "${NODE}" --import "${TSX_LOADER}" "${CLI}" "$@"\n`);
    chmodSync(bin, 0o755);
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  async function startThroughNpx(port: number, { detached = false } = {}) {
    const launcher = spawn(
      'npx',
      ['--no', 'vllm-ai-provider', 'emulate', 'Qwen/Qwen3-0.6B', '--port', String(port)],
      {
        cwd: project,
        detached,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, VLLM_EMULATOR_EXIT_WITH_PARENT: undefined },
      },
    );
    let output = '';
    launcher.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    launcher.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    while (!output.includes('Application startup complete.')) {
      if (launcher.exitCode !== null) throw new Error(`npx exited early:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const emulatorPid = Number(/\(APIServer pid=(\d+)\)/.exec(output)?.[1]);
    expect(emulatorPid).toBeGreaterThan(0);
    expect(emulatorPid).not.toBe(launcher.pid);
    return { launcher, emulatorPid, output: () => output };
  }

  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  /** Only if the test failed: never leave an emulator behind. */
  const killLeftover = (pid: number) => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  };

  /** Waits until the emulator process is gone and its port refuses connections (liveness, not timing). */
  async function expectStopped(emulatorPid: number, port: number) {
    for (
      let attempt = 0;
      attempt < 200 &&
      (alive(emulatorPid) || (await reachable(`http://127.0.0.1:${port}/health`)) !== 'refused');
      attempt++
    )
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(emulatorPid), `emulator pid ${emulatorPid} still running`).toBe(false);
    expect(await reachable(`http://127.0.0.1:${port}/health`)).toBe('refused');
  }

  it.each(['SIGTERM', 'SIGKILL', 'SIGHUP'] as const)(
    '%s to the npx launcher stops the emulator and frees its port',
    async (signal) => {
      const port = await findFreePort('127.0.0.1');
      const { launcher, emulatorPid } = await startThroughNpx(port);
      try {
        expect(await reachable(`http://127.0.0.1:${port}/health`)).toBe(200);
        launcher.kill(signal);
        await expectStopped(emulatorPid, port);
      } finally {
        killLeftover(emulatorPid);
      }
    },
    60_000,
  );

  it('Ctrl-C (SIGINT to the whole process group) shuts it down like vLLM', async () => {
    const port = await findFreePort('127.0.0.1');
    const { launcher, emulatorPid, output } = await startThroughNpx(port, { detached: true });
    try {
      process.kill(-launcher.pid!, 'SIGINT');
      await expectStopped(emulatorPid, port);
      expect(output()).toContain(`(APIServer pid=${emulatorPid}) INFO:     Shutting down`);
    } finally {
      killLeftover(emulatorPid);
    }
  }, 60_000);

  it.each([
    ['with VLLM_EMULATOR_EXIT_WITH_PARENT=0', '', '0'],
    ['started in its own process group (setsid)', 'setsid ', undefined],
  ])(
    'keeps running %s until it is stopped itself',
    async (_case, prefix, exitWithParent) => {
      const port = await findFreePort('127.0.0.1');
      const child = spawn(
        'sh',
        ['-c', `${prefix}"${NODE}" --import "${TSX_LOADER}" "${CLI}" emulate m --port ${port} & echo $!`],
        {
          env: { ...process.env, VLLM_EMULATOR_EXIT_WITH_PARENT: exitWithParent },
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      );
      let pidText = '';
      child.stdout.on('data', (chunk: Buffer) => (pidText += chunk.toString()));
      await new Promise((resolve) => child.once('exit', resolve));
      const emulatorPid = Number.parseInt(pidText, 10);
      try {
        // The shell that started it has exited; the emulator still comes up and serves.
        let status: number | 'refused' = 'refused';
        for (let attempt = 0; attempt < 200 && status !== 200; attempt++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          status = await reachable(`http://127.0.0.1:${port}/health`);
        }
        expect(status).toBe(200);
        process.kill(emulatorPid, 'SIGTERM');
        await expectStopped(emulatorPid, port);
      } finally {
        killLeftover(emulatorPid);
      }
    },
    60_000,
  );
});
