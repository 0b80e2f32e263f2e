import { describe, expect, it } from 'vitest';
import { ContainerRuntime } from '../../src/sidecar/container-runtime';
import type {
  CommandOptions,
  CommandResult,
  CommandRunner,
  StreamHandlers,
} from '../../src/sidecar/docker-cli';
import { buildLaunchSpec } from '../../src/sidecar/prepare-launch';
import { resolveVllmServerOptions } from '../../src/sidecar/resolve-vllm-server-options';
import { TimestampedLogMerger } from '../../src/sidecar/timestamped-log-merger';

type Reply = Partial<CommandResult>;

/** A CommandRunner answering from a table, recording every call (args and env). */
class FakeCli implements CommandRunner {
  readonly executable = 'docker';
  readonly calls: Array<{ args: readonly string[]; env?: Readonly<Record<string, string>> }> = [];
  constructor(private readonly reply: (args: readonly string[]) => Reply) {}

  async exec(args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    this.calls.push({ args, env: options.env });
    const reply = this.reply(args);
    return {
      command: `docker ${args.join(' ')}`,
      stdout: '',
      stderr: '',
      exitCode: 0,
      failed: false,
      timedOut: false,
      isCanceled: false,
      ...reply,
    };
  }

  stream(args: readonly string[], handlers: StreamHandlers) {
    this.calls.push({ args });
    const reply = this.reply(args);
    handlers.onStdout?.(reply.stdout ?? '');
    handlers.onStderr?.(reply.stderr ?? '');
    const result: CommandResult = {
      command: '',
      stdout: '',
      stderr: '',
      exitCode: 0,
      failed: false,
      timedOut: false,
      isCanceled: false,
    };
    return { done: Promise.resolve(result), stop: () => {} };
  }
}

const INSPECT = JSON.stringify([
  {
    Id: 'abc123',
    Name: '/qwen',
    Created: '2026-08-20T10:00:00Z',
    State: {
      Status: 'exited',
      Running: false,
      ExitCode: 137,
      OOMKilled: true,
      StartedAt: '2026-08-20T10:00:01Z',
    },
    Config: {
      Labels: { 'vllm-ai-provider.managed-by': 'vllm-ai-provider' },
      Image: 'vllm/vllm-openai:v0.26.0',
    },
    NetworkSettings: { Ports: {} },
    HostConfig: { PortBindings: { '8000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
  },
]);

describe('ContainerRuntime', () => {
  it('parses docker inspect (state, exit code, OOM kill, labels, port)', async () => {
    const runtime = new ContainerRuntime('docker', new FakeCli(() => ({ stdout: INSPECT })));
    expect(await runtime.inspect('abc123')).toEqual({
      id: 'abc123',
      name: 'qwen',
      status: 'exited',
      running: false,
      exitCode: 137,
      oomKilled: true,
      labels: { 'vllm-ai-provider.managed-by': 'vllm-ai-provider' },
      hostIp: '127.0.0.1',
      hostPort: undefined,
      image: 'vllm/vllm-openai:v0.26.0',
      createdAt: '2026-08-20T10:00:00Z',
      startedAt: '2026-08-20T10:00:01Z',
    });
    const missing = new ContainerRuntime(
      'docker',
      new FakeCli(() => ({ failed: true, exitCode: 1, stdout: '[]', stderr: 'Error: No such object: x' })),
    );
    expect(await missing.inspect('x')).toBeUndefined();
  });

  it('launches with env values in the child environment only, and classifies daemon errors', async () => {
    const cli = new FakeCli((args) =>
      args[0] === 'run'
        ? {
            failed: true,
            exitCode: 125,
            stderr:
              'docker: Error response from daemon: could not select device driver "" with capabilities: [[gpu]].',
          }
        : {},
    );
    const spec = buildLaunchSpec(
      resolveVllmServerOptions(
        { model: 'a/b', apiKey: 'sk-1', hfCachePath: false, vllmCachePath: false },
        {},
        {},
      ),
    );
    const error = await new ContainerRuntime('docker', cli).launch(spec).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'VllmSidecarError', reason: 'no-gpu-runtime', exitCode: 125 });
    expect((error as Error).message).not.toContain('sk-1');
    const run = cli.calls.find((call) => call.args[0] === 'run');
    expect(run?.args).toContain('VLLM_API_KEY');
    expect(run?.args.join(' ')).not.toContain('sk-1');
    expect(run?.env?.VLLM_API_KEY).toBe('sk-1');
  });

  it('reads the log tail in write order across stdout and stderr (docker timestamps)', async () => {
    const cli = new FakeCli(() => ({
      stdout: '2026-08-20T10:00:00.1Z out one\n2026-08-20T10:00:00.3Z out three\n',
      stderr: '2026-08-20T10:00:00.12Z err two\r err two redrawn\n2026-08-20T10:00:00.4Z err four\n',
    }));
    const lines = await new ContainerRuntime('docker', cli).readLogs('abc', { tail: 4 });
    expect(lines).toEqual(['err two', ' err two redrawn', 'out three', 'err four']);
  });

  it('reports missing GPUs and an unreachable daemon from docker info', async () => {
    const noGpu = new ContainerRuntime(
      'docker',
      new FakeCli(() => ({ stdout: '{"ServerVersion":"27.1.0","Runtimes":{"runc":{}}}' })),
    );
    expect(await noGpu.hostInfo()).toMatchObject({
      available: true,
      version: '27.1.0',
      gpuRuntime: false,
      issues: [expect.stringMatching(/NVIDIA Container Toolkit/)],
    });
    const gpu = new ContainerRuntime(
      'docker',
      new FakeCli(() => ({ stdout: '{"ServerVersion":"27.1.0","Runtimes":{"nvidia":{}}}' })),
    );
    expect(await gpu.hostInfo()).toMatchObject({ gpuRuntime: true, issues: [] });
    const down = new ContainerRuntime(
      'docker',
      new FakeCli(() => ({
        failed: true,
        exitCode: 1,
        stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock.',
      })),
    );
    expect(await down.hostInfo()).toMatchObject({ available: false });
  });
});

describe('TimestampedLogMerger', () => {
  it('emits stdout and stderr lines in the order the container wrote them', async () => {
    const seen: string[] = [];
    const merger = new TimestampedLogMerger((line, stream) => seen.push(`${stream}:${line}`), 20);
    merger.push('stderr', '2026-08-20T10:00:00.200Z Loading safetensors checkpoint shards: 0%\n');
    merger.push('stdout', '2026-08-20T10:00:00.1Z Loading model from scratch...\n2026-08-20T10:00:00.3');
    merger.push('stdout', 'Z Loading weights took 0.1 seconds\n');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(seen).toEqual([
      'stdout:Loading model from scratch...',
      'stderr:Loading safetensors checkpoint shards: 0%',
      'stdout:Loading weights took 0.1 seconds',
    ]);
    merger.push('stdout', '2026-08-20T10:00:01Z tail without newline');
    merger.end();
    expect(seen.at(-1)).toBe('stdout:tail without newline');
  });
});
