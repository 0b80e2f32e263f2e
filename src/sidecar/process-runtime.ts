import { readFileSync, rmSync } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { VLLM_LABELS } from './container-labels';
import { createCommandRunner, spawnDetachedProcess } from './docker-cli';
import { formatCommand } from './docker-inspect';
import { LineSplitter } from './log-lines';
import { followLogFile } from './process-log-follower';
import {
  defaultStateDirectory,
  logFile,
  type ProcessServerState,
  processGroupStats,
  readAllStates,
  readProcessStartTime,
  readState,
  stateFile,
  writeState,
} from './process-state';
import {
  findExecutable,
  findFreePort,
  isLive,
  isRunning,
  signalExitCode,
  signalGroup,
} from './process-utils';
import type {
  LaunchSpec,
  LogFollower,
  LogLineHandler,
  RuntimeHostInfo,
  ServerInstanceState,
  VllmRuntime,
  VllmServerStats,
} from './runtime';
import { parseGpuCsv } from './runtime-stats';
import { buildVllmServeArgs } from './vllm-serve-args';

/** Runs `vllm serve` from PATH as a detached process group; state lives in files so other processes see it. */
export class ProcessRuntime implements VllmRuntime {
  readonly kind = 'process' as const;

  constructor(
    private readonly executable: string,
    private readonly directory: string = defaultStateDirectory(),
  ) {}

  private serveArgs(spec: LaunchSpec, port: number): string[] {
    return ['serve', ...buildVllmServeArgs(spec.options, { host: spec.options.host, port })];
  }

  private processEnv(spec: LaunchSpec): Record<string, string> {
    const { options } = spec;
    const env: Record<string, string> = { ...spec.environment.values };
    if (Array.isArray(options.gpus)) env.CUDA_VISIBLE_DEVICES = options.gpus.join(',');
    else if (typeof options.gpus === 'number')
      env.CUDA_VISIBLE_DEVICES = Array.from({ length: options.gpus }, (_, i) => i).join(',');
    else if (options.gpus === false) env.CUDA_VISIBLE_DEVICES = '';
    if (options.hfCachePath !== undefined) env.HF_HOME = options.hfCachePath;
    if (options.vllmCachePath !== undefined) env.VLLM_CACHE_ROOT = options.vllmCachePath;
    return env;
  }

  describeLaunch(spec: LaunchSpec): string {
    return formatCommand(this.executable, this.serveArgs(spec, spec.options.port));
  }

  async hostInfo(): Promise<RuntimeHostInfo> {
    const path = findExecutable(this.executable);
    const gpuRuntime = findExecutable('nvidia-smi') !== undefined;
    const issues: string[] = [];
    if (!path)
      issues.push(
        `"${this.executable}" is not on PATH: install vLLM (pip install vllm) or use runtime: "docker".`,
      );
    if (!gpuRuntime) issues.push('nvidia-smi is not on PATH: vLLM will only run on a CPU build.');
    return { available: path !== undefined, version: undefined, gpuRuntime, issues };
  }

  async hasImage(): Promise<boolean> {
    return true;
  }

  async pullImage(): Promise<void> {}

  private async spawn(
    spec: LaunchSpec,
    id: string,
    port: number,
    previous?: ProcessServerState,
  ): Promise<void> {
    const log = logFile(this.directory, id);
    const state: ProcessServerState = {
      id,
      createdAt: previous?.createdAt ?? new Date().toISOString(),
      pid: -1,
      processStartTime: undefined,
      labels: spec.labels,
      host: spec.options.host,
      port,
      executable: this.executable,
      args: this.serveArgs(spec, port),
      startedAt: new Date().toISOString(),
      logOffset: await stat(log).then(
        (info) => info.size,
        () => 0,
      ),
      exitCode: undefined,
      stopped: false,
    };
    await writeState(this.directory, state);
    const child = await spawnDetachedProcess(this.executable, state.args, {
      env: this.processEnv(spec),
      logFile: log,
    });
    const running: ProcessServerState = {
      ...state,
      pid: child.pid,
      processStartTime: readProcessStartTime(child.pid),
    };
    await writeState(this.directory, running);
    void child.exited.then(async ({ exitCode, signal }) => {
      const current = await readState(this.directory, id);
      if (current?.pid !== child.pid) return;
      const code = exitCode ?? signalExitCode(signal) ?? 1;
      await writeState(this.directory, { ...current, exitCode: code }, { create: false }).catch(
        () => undefined,
      );
    });
  }

  async launch(spec: LaunchSpec): Promise<string> {
    const id = `process-${spec.labels[VLLM_LABELS.startId]}`;
    const port = spec.options.port === 0 ? await findFreePort(spec.options.host) : spec.options.port;
    await this.spawn(spec, id, port);
    return id;
  }

  async inspect(id: string): Promise<ServerInstanceState | undefined> {
    const state = await readState(this.directory, id);
    return state && this.toInstanceState(state);
  }

  private toInstanceState(state: ProcessServerState): ServerInstanceState {
    const running = isRunning(state);
    return {
      id: state.id,
      name: undefined,
      status: running ? 'running' : 'exited',
      running,
      exitCode: running ? undefined : state.exitCode,
      oomKilled: false,
      labels: state.labels,
      hostIp: state.host,
      hostPort: state.port,
      image: undefined,
      createdAt: state.createdAt,
      startedAt: state.startedAt,
    };
  }

  async list(labels: Readonly<Record<string, string>>): Promise<ServerInstanceState[]> {
    const states = await readAllStates(this.directory);
    return states
      .filter((state) => Object.entries(labels).every(([key, value]) => state.labels[key] === value))
      .map((state) => this.toInstanceState(state));
  }

  followLogs(id: string, onLine: LogLineHandler, options: { since?: Date } = {}): LogFollower {
    return followLogFile(this.directory, id, onLine, options);
  }

  async readLogs(id: string, options: { tail?: number; since?: Date } = {}): Promise<string[]> {
    const state = await readState(this.directory, id);
    const handle = await open(logFile(this.directory, id), 'r').catch(() => undefined);
    if (!handle) return [];
    try {
      const text = (await handle.readFile('utf8')).slice(options.since && state ? state.logOffset : 0);
      const splitter = new LineSplitter();
      const lines = [...splitter.push(text), ...splitter.flush()];
      return options.tail === undefined ? lines : lines.slice(-options.tail);
    } finally {
      await handle.close();
    }
  }

  async start(id: string, spec: LaunchSpec): Promise<void> {
    const state = await readState(this.directory, id);
    if (!state) throw new Error(`Unknown process server ${id}`);
    if (isRunning(state)) return;
    await this.spawn(spec, id, state.port, state);
  }

  async restart(id: string, spec: LaunchSpec, timeoutMs: number): Promise<void> {
    await this.stop(id, timeoutMs);
    await this.start(id, spec);
  }

  async stop(id: string, timeoutMs: number): Promise<void> {
    const state = await readState(this.directory, id);
    if (!state) return;
    if (isRunning(state)) {
      signalGroup(state.pid, 'SIGTERM');
      const deadline = Date.now() + timeoutMs;
      while (isLive(state.pid) && Date.now() < deadline) await sleep(25);
      if (isLive(state.pid)) signalGroup(state.pid, 'SIGKILL');
      for (let waited = 0; isLive(state.pid) && waited < 5_000; waited += 25) await sleep(25);
    }
    const latest = (await readState(this.directory, id)) ?? state;
    await writeState(this.directory, { ...latest, stopped: true }, { create: false });
  }

  async remove(id: string): Promise<void> {
    await this.stop(id, 0);
    await rm(join(this.directory, id), { recursive: true, force: true });
  }

  removeSync(id: string): void {
    try {
      const state = JSON.parse(readFileSync(stateFile(this.directory, id), 'utf8')) as ProcessServerState;
      if (isRunning(state)) signalGroup(state.pid, 'SIGTERM');
      rmSync(join(this.directory, id), { recursive: true, force: true });
    } catch {
      // Already gone.
    }
  }

  async stats(id: string, withGpus: boolean): Promise<VllmServerStats> {
    const state = await readState(this.directory, id);
    if (!state || !isRunning(state)) return {};
    const stats = await processGroupStats(state.pid);
    stats.memoryLimitBytes = totalmem();
    if (withGpus && findExecutable('nvidia-smi')) {
      const result = await createCommandRunner('nvidia-smi').exec(
        ['--query-gpu=index,name,memory.used,memory.total,utilization.gpu', '--format=csv,noheader,nounits'],
        { timeoutMs: 30_000 },
      );
      if (!result.failed) stats.gpus = parseGpuCsv(result.stdout);
    }
    return stats;
  }
}
