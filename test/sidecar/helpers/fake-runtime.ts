import { randomUUID } from 'node:crypto';
import { findFreePort } from '../../../src/sidecar/process-utils';
import type {
  LaunchSpec,
  LogFollower,
  LogLineHandler,
  RuntimeHostInfo,
  ServerInstanceState,
  VllmRuntime,
  VllmServerStats,
} from '../../../src/sidecar/runtime';
import { startVllmEmulator, type VllmEmulator } from '../../../src/testing';

// A VllmRuntime without Docker: each "container" prints a scripted vLLM log, then serves the
// emulator on a port reserved at launch (like Docker's published port, refused until ready).

export type ScriptLine = readonly ['stdout' | 'stderr', string];

/** What a fake server does when started. */
export interface FakeScript {
  lines?: readonly ScriptLine[];
  lineDelayMs?: number;
  /** Exit with this code after the lines instead of serving. */
  exitCode?: number;
  oomKilled?: boolean;
  /** Print the lines, then hang (no exit, never ready). */
  hang?: boolean;
}

interface FakeServer {
  id: string;
  spec: LaunchSpec;
  labels: Record<string, string>;
  port: number;
  running: boolean;
  exitCode: number | undefined;
  oomKilled: boolean;
  startedAt: string;
  logs: Array<[string, 'stdout' | 'stderr']>;
  followers: Set<{ onLine: LogLineHandler; end: () => void }>;
  emulator: VllmEmulator | undefined;
  generation: number;
}

export const QUICK_STARTUP: readonly ScriptLine[] = [
  [
    'stdout',
    '(APIServer pid=1) INFO 08-17 12:00:00 [api_utils.py:333]  ▄▄ ▄█ █     █     █ ▀▄▀ █  version 0.26.0\n',
  ],
  [
    'stdout',
    "(APIServer pid=1) INFO 08-17 12:00:00 [api_utils.py:272] non-default args: {'model_tag': 'm'}\n",
  ],
  [
    'stdout',
    '(APIServer pid=1) INFO 08-17 12:00:01 [model.py:672] Resolved architecture: Qwen3ForCausalLM\n',
  ],
  [
    'stdout',
    "(EngineCore pid=9) INFO 08-17 12:00:02 [core.py:122] Initializing a V1 LLM engine (v0.26.0) with config: model='m'\n",
  ],
  ['stdout', '(EngineCore pid=9) INFO 08-17 12:00:02 [model_runner.py:358] Loading model from scratch...\n'],
  ['stderr', 'Loading safetensors checkpoint shards: 100% Completed | 1/1 [00:00<00:00,  2.41it/s]\n'],
  [
    'stdout',
    '(EngineCore pid=9) INFO 08-17 12:00:03 [model_runner.py:380] Model loading took 1.12 GiB memory and 1.0 seconds\n',
  ],
  ['stdout', '(EngineCore pid=9) INFO 08-17 12:00:04 [monitor.py:53] torch.compile took 1.60 s in total\n'],
  [
    'stdout',
    '(EngineCore pid=9) INFO 08-17 12:00:04 [gpu_worker.py:578] Available KV cache memory: 60.02 GiB\n',
  ],
  ['stderr', 'Capturing CUDA graphs (PIECEWISE): 100%|██████████| 51/51 [00:02<00:00, 22.10it/s]\n'],
  [
    'stdout',
    '(EngineCore pid=9) INFO 08-17 12:00:05 [core.py:347] init engine (profile, create kv cache, warmup model) took 3.32 s\n',
  ],
  [
    'stdout',
    '(APIServer pid=1) INFO 08-17 12:00:05 [api_server.py:548] Starting vLLM server on http://0.0.0.0:8000\n',
  ],
];

export class FakeRuntime implements VllmRuntime {
  readonly kind = 'docker' as const;
  readonly servers = new Map<string, FakeServer>();
  readonly launches: LaunchSpec[] = [];
  imagePresent = true;
  pulls: string[] = [];

  constructor(public script: (spec: LaunchSpec) => FakeScript = () => ({ lines: QUICK_STARTUP })) {}

  describeLaunch(spec: LaunchSpec): string {
    return `fake run ${spec.options.image}`;
  }

  async hostInfo(): Promise<RuntimeHostInfo> {
    return { available: true, version: 'fake', gpuRuntime: false, issues: [] };
  }

  async hasImage(): Promise<boolean> {
    return this.imagePresent;
  }

  async pullImage(image: string, onLine: (line: string) => void): Promise<void> {
    this.pulls.push(image);
    onLine(`${image}: Pulling from library`);
    onLine('abc123: Pull complete');
    this.imagePresent = true;
  }

  async launch(spec: LaunchSpec, signal?: AbortSignal): Promise<string> {
    signal?.throwIfAborted();
    this.launches.push(spec);
    const server: FakeServer = {
      id: randomUUID().replace(/-/g, ''),
      spec,
      labels: { ...spec.labels },
      port: spec.options.port || (await findFreePort('127.0.0.1')),
      running: true,
      exitCode: undefined,
      oomKilled: false,
      startedAt: new Date().toISOString(),
      logs: [],
      followers: new Set(),
      emulator: undefined,
      generation: 0,
    };
    this.servers.set(server.id, server);
    void this.run(server);
    return server.id;
  }

  private print(server: FakeServer, stream: 'stdout' | 'stderr', chunk: string): void {
    for (const line of chunk.split(/\r\n|\r|\n/).filter((part) => part.trim() !== '')) {
      server.logs.push([line, stream]);
      for (const follower of server.followers) follower.onLine(line, stream);
    }
  }

  private end(server: FakeServer, exitCode: number, oomKilled = false): void {
    server.running = false;
    server.exitCode = exitCode;
    server.oomKilled = oomKilled;
    for (const follower of server.followers) follower.end();
    server.followers.clear();
  }

  private async run(server: FakeServer): Promise<void> {
    const generation = ++server.generation;
    const script = this.script(server.spec);
    for (const [stream, chunk] of script.lines ?? []) {
      await new Promise((resolve) => setTimeout(resolve, script.lineDelayMs ?? 1));
      if (generation !== server.generation || !server.running) return;
      this.print(server, stream, chunk);
    }
    if (script.hang) return;
    if (script.exitCode !== undefined) {
      this.end(server, script.exitCode, script.oomKilled);
      return;
    }
    const { options, environment } = server.spec;
    server.emulator = await startVllmEmulator({
      model: options.serverModel,
      servedModelName: options.servedModelNames,
      apiKey: environment.values.VLLM_API_KEY,
      port: server.port,
      maxModelLen: typeof options.maxModelLen === 'number' ? options.maxModelLen : undefined,
      limitMmPerPrompt: options.limitMmPerPrompt,
    });
    if (generation !== server.generation || !server.running) {
      await server.emulator.close();
      return;
    }
    this.print(server, 'stderr', '(APIServer pid=1) INFO:     Application startup complete.');
  }

  /** Simulates a crash (`docker kill`): exit 137. */
  async kill(id: string): Promise<void> {
    const server = this.servers.get(id);
    if (!server) return;
    server.generation++;
    await server.emulator?.close();
    server.emulator = undefined;
    this.end(server, 137);
  }

  async inspect(id: string): Promise<ServerInstanceState | undefined> {
    const server = this.servers.get(id);
    if (!server) return undefined;
    return {
      id,
      name: undefined,
      status: server.running ? 'running' : 'exited',
      running: server.running,
      exitCode: server.running ? undefined : server.exitCode,
      oomKilled: server.oomKilled,
      labels: server.labels,
      hostIp: '127.0.0.1',
      hostPort: server.port,
      image: server.spec.options.image,
      createdAt: server.startedAt,
      startedAt: server.startedAt,
    };
  }

  async list(labels: Readonly<Record<string, string>>): Promise<ServerInstanceState[]> {
    const ids = [...this.servers.values()]
      .filter((server) => Object.entries(labels).every(([key, value]) => server.labels[key] === value))
      .map((server) => server.id);
    return Promise.all(ids.map(async (id) => (await this.inspect(id)) as ServerInstanceState));
  }

  followLogs(id: string, onLine: LogLineHandler, options: { since?: Date } = {}): LogFollower {
    const server = this.servers.get(id);
    if (!server) return { done: Promise.resolve(), stop: () => {} };
    if (!options.since) for (const [line, stream] of server.logs) onLine(line, stream);
    let end = () => {};
    const done = new Promise<void>((resolve) => {
      end = resolve;
    });
    const follower = { onLine, end };
    if (server.running) server.followers.add(follower);
    else end();
    return {
      done,
      stop: () => {
        server.followers.delete(follower);
        end();
      },
    };
  }

  async readLogs(id: string, options: { tail?: number } = {}): Promise<string[]> {
    const lines = (this.servers.get(id)?.logs ?? []).map(([line]) => line);
    return options.tail === undefined ? lines : lines.slice(-options.tail);
  }

  async start(id: string): Promise<void> {
    const server = this.servers.get(id);
    if (!server || server.running) return;
    server.running = true;
    server.exitCode = undefined;
    server.startedAt = new Date().toISOString();
    void this.run(server);
  }

  async restart(id: string, spec: LaunchSpec): Promise<void> {
    await this.stop(id);
    await this.start(id);
    void spec;
  }

  async stop(id: string): Promise<void> {
    const server = this.servers.get(id);
    if (!server?.running) return;
    server.generation++;
    await server.emulator?.close();
    server.emulator = undefined;
    this.end(server, 0);
  }

  async remove(id: string): Promise<void> {
    await this.stop(id);
    this.servers.delete(id);
  }

  removeSync(id: string): void {
    void this.remove(id);
  }

  async stats(): Promise<VllmServerStats> {
    return { cpuPercent: 1.5, memoryBytes: 1024 };
  }
}
