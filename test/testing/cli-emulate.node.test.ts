import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runVllmServe } from '../../src/testing/index';

const CLI = fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url));
const NODE = process.execPath;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

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
  it('prints the startup phases, is not listening until ready, then serves until aborted (exit 0)', async () => {
    const port = await freePort();
    const controller = new AbortController();
    const { out, io } = capture();
    const run = runVllmServe(['Qwen/Qwen3-0.6B', '--port', String(port), '--host', '127.0.0.1'], {
      ...io,
      env: { VLLM_EMULATOR_STARTUP_DELAY_MS: '600' },
      pid: 1,
      signal: controller.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await reachable(`http://127.0.0.1:${port}/health`)).toBe('refused');
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
    const port = await freePort();
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
    const port = await freePort();
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
