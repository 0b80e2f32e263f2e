import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateText, tool } from 'ai';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { directorySize, hfCacheModelDirectory } from '../../src/sidecar/download-progress';
import { parseServeCommand, ServeUsageError } from '../../src/sidecar/serve-cli-options';
import type { VllmStartupProgress } from '../../src/sidecar/startup-phases';
import { formatDuration, formatProgressLine, formatServerTable } from '../../src/sidecar/terminal-format';
import { createVllmSidecar } from '../../src/sidecar/vllm-sidecar';
import { FakeRuntime, QUICK_STARTUP } from './helpers/fake-runtime';

const directories: string[] = [];
afterAll(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

describe('provider() of a started server', () => {
  it('hands the server version to the provider, so it never probes GET /version', async () => {
    const runtime = new FakeRuntime();
    await using server = await createVllmSidecar(
      { model: 'Qwen/Qwen3-0.6B', image: 'x/y:1', healthPollIntervalMs: 20 },
      { runtime, env: {} },
    ).start();
    const emulator = runtime.servers.get(server.containerId)?.emulator;
    const versionProbes = () => emulator?.requests.filter((request) => request.path === '/version').length;
    const before = versionProbes();
    await generateText({
      model: server.provider()(server.modelId),
      prompt: 'x',
      maxOutputTokens: 2,
      providerOptions: { vllm: { topK: 5 } },
    });
    expect(versionProbes()).toBe(before);
    expect(emulator?.requests.at(-1)?.headers['user-agent']).toContain('vllm-ai-provider/');
  });

  it('hands the server flags to the provider, so tools fail before a request to a server without a tool parser', async () => {
    const runtime = new FakeRuntime();
    await using server = await createVllmSidecar(
      { model: 'some-org/unknown-model', image: 'x/y:1', healthPollIntervalMs: 20 },
      { runtime, env: {} },
    ).start();
    expect(server.capabilities.autoToolChoice).toBe(false);
    const emulator = runtime.servers.get(server.containerId)?.emulator;
    const chatRequests = () =>
      emulator?.requests.filter((request) => request.path === '/v1/chat/completions').length;
    const before = chatRequests();
    await expect(
      generateText({
        model: server.provider()(server.modelId),
        prompt: 'x',
        tools: { weather: tool({ inputSchema: z.object({ city: z.string() }) }) },
      }),
    ).rejects.toThrow(/--enable-auto-tool-choice --tool-call-parser/);
    expect(chatRequests()).toBe(before);
  });
});

describe('weight download progress', () => {
  it('reports the bytes growing in the Hugging Face cache while vLLM downloads silently', async () => {
    const hfCachePath = await mkdtemp(join(tmpdir(), 'sidecar-hf-'));
    directories.push(hfCachePath);
    const modelDirectory = hfCacheModelDirectory(hfCachePath, 'org/big-model') ?? '';
    expect(modelDirectory).toBe(join(hfCachePath, 'hub', 'models--org--big-model'));
    const runtime = new FakeRuntime(() => ({
      lines: [
        ...QUICK_STARTUP.slice(0, 5),
        ...Array.from({ length: 28 }, () => ['stdout', ' \n'] as const),
        ...QUICK_STARTUP.slice(5),
      ],
      lineDelayMs: 100,
    }));
    const progress: VllmStartupProgress[] = [];
    const writing = (async () => {
      await mkdir(join(modelDirectory, 'blobs'), { recursive: true });
      for (let chunk = 1; chunk <= 5; chunk++) {
        await writeFile(join(modelDirectory, 'blobs', `part-${chunk}.incomplete`), Buffer.alloc(1024 * 1024));
        await new Promise((resolve) => setTimeout(resolve, 450));
      }
    })();
    await using _server = await createVllmSidecar(
      { model: 'org/big-model', image: 'x/y:1', hfCachePath, healthPollIntervalMs: 50 },
      { runtime, env: {} },
    ).start({ onProgress: (event) => progress.push(event) });
    await writing;
    const downloads = progress.filter(
      (event) => event.phase === 'downloading-weights' && event.bytes !== undefined,
    );
    expect(downloads.length).toBeGreaterThanOrEqual(2);
    expect(downloads.at(-1)?.message).toMatch(/^Downloading the weights: \d+\.\d\d GiB in the cache$/);
    expect(await directorySize(modelDirectory)).toBe(5 * 1024 * 1024);
    expect(await directorySize(join(hfCachePath, 'missing'))).toBeUndefined();
  }, 30_000);
});

describe('checkHost', () => {
  it('reports the engine, GPU runtime, image presence and a likely gated model without a token', async () => {
    const runtime = new FakeRuntime();
    runtime.imagePresent = false;
    const sidecar = createVllmSidecar({ image: 'vllm/vllm-openai:v0.26.0' }, { runtime, env: {} });
    const check = await sidecar.checkHost({ model: 'meta-llama/Llama-3.1-8B-Instruct' });
    expect(check).toMatchObject({
      runtime: 'docker',
      dockerAvailable: true,
      dockerVersion: 'fake',
      gpuRuntime: false,
      imagePresent: false,
    });
    expect(check.issues).toEqual([
      'The image vllm/vllm-openai:v0.26.0 is not present: the first start pulls it (the vLLM images are 10–20 GB).',
      'meta-llama/Llama-3.1-8B-Instruct is probably gated on Hugging Face: set HF_TOKEN (or hfToken) with a token that has access.',
    ]);
  });
});

describe('serve command line', () => {
  it('maps flags to options, takes vllm flags after --, and never reads secrets from argv', () => {
    const command = parseServeCommand([
      'Qwen/Qwen3-8B',
      '--gpus',
      '0,1',
      '-tp',
      '2',
      '--max-model-len',
      '8192',
      '--no-reasoning-parser',
      '--env',
      'A=b=c',
      '--lora-modules',
      'sql=org/sql',
      '--startup-timeout',
      '60',
      '--',
      '--max-num-seqs',
      '8',
    ]);
    expect(command).toEqual({
      options: {
        model: 'Qwen/Qwen3-8B',
        gpus: ['0', '1'],
        tensorParallelSize: 2,
        maxModelLen: 8192,
        reasoningParser: false,
        env: { A: 'b=c' },
        loraModules: [{ name: 'sql', path: 'org/sql' }],
        startupTimeoutMs: 60_000,
        vllmArgs: ['--max-num-seqs', '8'],
        cleanupOnExit: false,
      },
      detach: false,
      showLogs: false,
      help: false,
    });
    expect(parseServeCommand(['m/x', '--detach']).options.reuse).toBe(true);
    expect(() => parseServeCommand(['m/x', '--api-key', 'sk'])).toThrow(ServeUsageError);
    expect(() => parseServeCommand([])).toThrow(/model is required/);
    expect(() => parseServeCommand(['m/x', '--port', 'abc'])).toThrow(/--port expects a number/);
  });

  it('formats progress lines, durations and the server table', () => {
    const line = formatProgressLine(
      {
        phase: 'loading-weights',
        step: 6,
        totalSteps: 11,
        phaseStarted: false,
        message: '',
        percent: 50,
        elapsedMs: 12_300,
      },
      'Loading the weights',
    );
    expect(line).toBe('[6/11] Loading the weights  ██████████░░░░░░░░░░ 50%  12.3 s');
    expect([formatDuration(850), formatDuration(125_000)]).toEqual(['850 ms', '2 min 05 s']);
    const table = formatServerTable([
      {
        id: '0123456789abcdef',
        name: 'qwen',
        runtime: 'docker',
        model: 'Qwen/Qwen3-0.6B',
        servedModelName: 'Qwen/Qwen3-0.6B',
        status: 'running',
        running: true,
        exitCode: undefined,
        baseURL: 'http://127.0.0.1:32768/v1',
        image: 'i',
        reuse: false,
        ownerPid: 42,
        ownerHost: 'h',
        ownerAlive: false,
        orphan: true,
        createdAt: undefined,
        configHash: undefined,
      },
    ]);
    expect(table.split('\n')[1]).toBe(
      '0123456789ab  Qwen/Qwen3-0.6B  running  http://127.0.0.1:32768/v1  orphan (pid 42 gone)  qwen',
    );
  });
});
