import { existsSync } from 'node:fs';
import { classifyStartupFailure } from './classify-startup-failure';
import type { CommandResult, CommandRunner } from './docker-cli';
import { formatCommand, type InspectJson, toState } from './docker-inspect';
import { buildContainerRunArgs } from './docker-run-args';
import { removeContainerSync } from './exit-cleanup';
import { LineSplitter } from './log-lines';
import type {
  LaunchSpec,
  LogFollower,
  LogLineHandler,
  RuntimeHostInfo,
  ServerInstanceState,
  VllmRuntime,
  VllmServerStats,
} from './runtime';
import { parseDockerStats, parseGpuCsv } from './runtime-stats';
import { splitTimestamp, TimestampedLogMerger } from './timestamped-log-merger';
import { VllmSidecarError } from './vllm-sidecar-error';

const NO_SUCH_CONTAINER = /No such (?:container|object)|no container with (?:name or )?ID|does not exist/i;
const GPU_QUERY = [
  'nvidia-smi',
  '--query-gpu=index,name,memory.used,memory.total,utilization.gpu',
  '--format=csv,noheader,nounits',
];

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

function seconds(ms: number): string {
  return String(Math.max(0, Math.ceil(ms / 1000)));
}

/** Docker or Podman through their CLI. */
export class ContainerRuntime implements VllmRuntime {
  constructor(
    readonly kind: 'docker' | 'podman',
    private readonly cli: CommandRunner,
  ) {}

  describeLaunch(spec: LaunchSpec): string {
    return formatCommand(
      this.cli.executable,
      buildContainerRunArgs(spec.options, spec.labels, Object.keys(spec.environment.values)),
    );
  }

  private fail(reason: VllmSidecarError['reason'], action: string, result: CommandResult): VllmSidecarError {
    return new VllmSidecarError({
      reason,
      message: `\`${this.cli.executable} ${action}\` failed${result.exitCode === undefined ? '' : ` (exit code ${result.exitCode})`}: ${lastLine(result.stderr) || lastLine(result.stdout)}`,
      command: result.command,
    });
  }

  async hostInfo(): Promise<RuntimeHostInfo> {
    let result: CommandResult;
    try {
      result = await this.cli.exec(['info', '--format', '{{json .}}'], { timeoutMs: 20_000 });
    } catch (error) {
      if (VllmSidecarError.isInstance(error))
        return { available: false, version: undefined, gpuRuntime: false, issues: [error.shortMessage] };
      throw error;
    }
    if (result.failed) {
      return {
        available: false,
        version: undefined,
        gpuRuntime: false,
        issues: [`${this.cli.executable} is installed but not usable: ${lastLine(result.stderr)}`],
      };
    }
    const info = JSON.parse(result.stdout) as {
      ServerVersion?: string;
      Runtimes?: Record<string, unknown>;
      version?: { Version?: string };
    };
    const version = info.ServerVersion ?? info.version?.Version;
    const gpuRuntime =
      this.kind === 'podman'
        ? ['/etc/cdi/nvidia.yaml', '/var/run/cdi/nvidia.yaml', '/etc/cdi/nvidia.json'].some((path) =>
            existsSync(path),
          )
        : Object.keys(info.Runtimes ?? {}).some((name) => name.includes('nvidia'));
    const issues = gpuRuntime
      ? []
      : [
          this.kind === 'podman'
            ? 'No NVIDIA CDI spec (/etc/cdi/nvidia.yaml): run `nvidia-ctk cdi generate` to give containers GPUs, or use gpus: false.'
            : 'Docker has no nvidia runtime: install the NVIDIA Container Toolkit to give containers GPUs, or use gpus: false.',
        ];
    return { available: true, version, gpuRuntime, issues };
  }

  async hasImage(image: string): Promise<boolean> {
    const result = await this.cli.exec(['image', 'inspect', '--format', '{{.Id}}', image]);
    return !result.failed;
  }

  async pullImage(image: string, onLine: (line: string) => void, signal?: AbortSignal): Promise<void> {
    const splitter = new LineSplitter();
    const emit = (chunk: string) => {
      for (const line of splitter.push(chunk)) onLine(line);
    };
    const stderr: string[] = [];
    const command = this.cli.stream(
      ['pull', image],
      { onStdout: emit, onStderr: (chunk) => stderr.push(chunk) },
      { signal },
    );
    const result = await command.done;
    if (result.isCanceled) return;
    if (result.failed) {
      const text = stderr.join('');
      const failure = classifyStartupFailure({ logLines: [], runtimeError: text || 'pull failed' });
      throw new VllmSidecarError({
        reason: failure.reason === 'image-missing' ? 'image-missing' : 'image-pull-failed',
        message: `Cannot pull ${image}: ${lastLine(text)}`,
        hint: failure.hint,
        image,
        command: result.command,
      });
    }
  }

  async launch(spec: LaunchSpec, signal?: AbortSignal): Promise<string> {
    const args = buildContainerRunArgs(spec.options, spec.labels, Object.keys(spec.environment.values));
    const result = await this.cli.exec(args, { env: spec.environment.values, signal });
    if (result.isCanceled)
      throw new VllmSidecarError({
        reason: 'aborted',
        message: 'The start was aborted.',
        image: spec.options.image,
      });
    if (result.failed) {
      const failure = classifyStartupFailure({
        logLines: [],
        runtimeError: result.stderr || result.stdout || 'docker run failed',
      });
      throw new VllmSidecarError({
        reason: failure.reason,
        message: failure.message,
        hint: failure.hint,
        image: spec.options.image,
        exitCode: result.exitCode,
        command: this.describeLaunch(spec),
      });
    }
    return lastLine(result.stdout);
  }

  async inspect(id: string): Promise<ServerInstanceState | undefined> {
    const [state] = await this.inspectMany([id]);
    return state;
  }

  private async inspectMany(ids: readonly string[]): Promise<ServerInstanceState[]> {
    if (ids.length === 0) return [];
    const result = await this.cli.exec(['inspect', '--type', 'container', ...ids]);
    if (result.failed && !result.stdout.trim().startsWith('[')) {
      if (NO_SUCH_CONTAINER.test(result.stderr)) return [];
      throw this.fail('runtime-error', 'inspect', result);
    }
    return (JSON.parse(result.stdout) as InspectJson[]).map(toState);
  }

  async list(labels: Readonly<Record<string, string>>): Promise<ServerInstanceState[]> {
    const filters = Object.entries(labels).flatMap(([key, value]) => ['--filter', `label=${key}=${value}`]);
    const result = await this.cli.exec(['ps', '--all', '--quiet', '--no-trunc', ...filters]);
    if (result.failed) throw this.fail('runtime-error', 'ps', result);
    const ids = result.stdout
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    return this.inspectMany(ids);
  }

  followLogs(id: string, onLine: LogLineHandler, options: { since?: Date } = {}): LogFollower {
    const merger = new TimestampedLogMerger(onLine);
    const since = options.since ? ['--since', options.since.toISOString()] : [];
    const command = this.cli.stream(['logs', '--follow', '--timestamps', ...since, id], {
      onStdout: (chunk) => merger.push('stdout', chunk),
      onStderr: (chunk) => merger.push('stderr', chunk),
    });
    const done = command.done.then(
      () => merger.end(),
      () => merger.end(),
    );
    return {
      done,
      stop: () => {
        command.stop();
        merger.end();
      },
      flush: async () => merger.drain(true),
    };
  }

  async readLogs(id: string, options: { tail?: number; since?: Date } = {}): Promise<string[]> {
    const args = [
      'logs',
      '--timestamps',
      ...(options.tail === undefined ? [] : ['--tail', String(options.tail)]),
    ];
    if (options.since) args.push('--since', options.since.toISOString());
    const result = await this.cli.exec([...args, id]);
    if (result.failed) {
      if (NO_SUCH_CONTAINER.test(result.stderr)) return [];
      throw this.fail('runtime-error', 'logs', result);
    }
    // Each stream is in order; merge them by Docker's timestamps, then split tqdm's `\r` redraws.
    const entries = [result.stdout, result.stderr].flatMap((text) =>
      text
        .split('\n')
        .filter((line) => line !== '')
        .map(splitTimestamp),
    );
    entries.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    const splitter = new LineSplitter();
    const lines = entries.flatMap((entry) => splitter.push(`${entry.text}\n`));
    return options.tail === undefined ? lines : lines.slice(-options.tail);
  }

  async start(id: string): Promise<void> {
    const result = await this.cli.exec(['start', id]);
    if (result.failed) {
      const failure = classifyStartupFailure({ logLines: [], runtimeError: result.stderr });
      throw new VllmSidecarError({
        reason: failure.reason,
        message: failure.message,
        hint: failure.hint,
        containerId: id,
        command: result.command,
      });
    }
  }

  async restart(id: string, _spec: LaunchSpec, timeoutMs: number): Promise<void> {
    const result = await this.cli.exec(['restart', '--time', seconds(timeoutMs), id]);
    if (result.failed) throw this.fail('runtime-error', 'restart', result);
  }

  async stop(id: string, timeoutMs: number): Promise<void> {
    const result = await this.cli.exec(['stop', '--time', seconds(timeoutMs), id], {
      timeoutMs: timeoutMs + 30_000,
    });
    if (result.failed && !NO_SUCH_CONTAINER.test(result.stderr))
      throw this.fail('stop-failed', 'stop', result);
  }

  async remove(id: string): Promise<void> {
    const result = await this.cli.exec(['rm', '--force', '--volumes', id], { timeoutMs: 60_000 });
    if (result.failed && !NO_SUCH_CONTAINER.test(result.stderr)) throw this.fail('stop-failed', 'rm', result);
  }

  removeSync(id: string): void {
    removeContainerSync(this.cli.executable, id);
  }

  async stats(id: string, withGpus: boolean): Promise<VllmServerStats> {
    const result = await this.cli.exec(['stats', '--no-stream', '--format', '{{json .}}', id], {
      timeoutMs: 30_000,
    });
    if (result.failed) throw this.fail('runtime-error', 'stats', result);
    const stats = parseDockerStats(result.stdout);
    if (withGpus) {
      const gpu = await this.cli.exec(['exec', id, ...GPU_QUERY], { timeoutMs: 30_000 });
      if (!gpu.failed) stats.gpus = parseGpuCsv(gpu.stdout);
    }
    return stats;
  }
}
