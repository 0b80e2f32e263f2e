import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasDocker, requireOrSkip } from '../helpers/system-requirements';

const SCRIPT = fileURLToPath(new URL('../../scripts/build-emulator-image.mjs', import.meta.url));
const LABEL = 'vllm-ai-provider.managed-by=vllm-ai-provider';

function run(
  command: string,
  args: string[],
  timeout = 120_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe.skipIf(requireOrSkip('Docker', hasDocker()))('emulator Docker image (no registry)', () => {
  let image: string;
  const containers: string[] = [];

  beforeAll(async () => {
    const built = await run(process.execPath, [SCRIPT]);
    expect(built.code, built.stderr).toBe(0);
    image = built.stdout.trim().split('\n').at(-1)!;
  }, 180_000);

  afterAll(async () => {
    if (containers.length > 0) await run('docker', ['rm', '-f', ...containers]);
  });

  it('builds an image whose entrypoint is the emulated vllm serve', async () => {
    expect(image).toBe('vllm-ai-provider/vllm-emulator:latest');
    const inspect = await run('docker', [
      'image',
      'inspect',
      '--format',
      '{{json .Config.Entrypoint}}',
      image,
    ]);
    expect(JSON.parse(inspect.stdout)).toEqual(['/usr/local/bin/node', '/app/vllm-emulator.mjs', 'emulate']);
  });

  it('docker run <image> <model> <flags> serves /health and the API, and stops cleanly', async () => {
    const started = await run('docker', [
      'run',
      '-d',
      '--label',
      LABEL,
      '-p',
      '127.0.0.1::8000',
      image,
      'Qwen/Qwen3-0.6B',
      '--served-model-name',
      'qwen',
    ]);
    expect(started.code, started.stderr).toBe(0);
    const id = started.stdout.trim();
    containers.push(id);
    const port = (await run('docker', ['port', id, '8000'])).stdout.trim().split('\n')[0].split(':').at(-1);
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = await fetch(`${base}/health`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
    const chat = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'qwen', messages: [{ role: 'user', content: 'hi' }], max_tokens: 3 }),
    });
    expect(chat.status).toBe(200);
    expect((await chat.json()).usage.completion_tokens).toBe(3);
    const logs = await run('docker', ['logs', id]);
    expect(logs.stdout).toContain('(APIServer pid=1) INFO');
    expect(logs.stdout).toContain('Starting vLLM server on http://0.0.0.0:8000');
    expect(logs.stderr).toContain('Application startup complete.');
    expect((await run('docker', ['stop', '-t', '10', id])).code).toBe(0);
    const exit = await run('docker', ['inspect', '--format', '{{.State.ExitCode}}', id]);
    expect(exit.stdout.trim()).toBe('0');
  }, 90_000);

  it('exits 2 with argparse output for unknown flags, 1 for an emulated startup failure', async () => {
    const badFlag = await run('docker', [
      'run',
      '--rm',
      '--label',
      LABEL,
      image,
      'Qwen/Qwen3-0.6B',
      '--foo',
      'bar',
    ]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('vllm: error: unrecognized arguments: --foo bar');
    const gated = await run('docker', [
      'run',
      '--rm',
      '--label',
      LABEL,
      '-e',
      'VLLM_EMULATOR_FAILURE=gated-repo',
      image,
      'meta-llama/Llama-3.1-8B',
    ]);
    expect(gated.code).toBe(1);
    expect(gated.stderr).toContain('OSError: You are trying to access a gated repo.');
  }, 90_000);
});
