import type { ResolvedVllmServerOptions } from './resolve-vllm-server-options';
import type { ServerEnvironment } from './vllm-serve-args';
import type { VllmLogStream, VllmRuntimeKind } from './vllm-server-options';

/** A server as the runtime sees it (a container, or a `vllm serve` process). */
export interface ServerInstanceState {
  id: string;
  name: string | undefined;
  /** Docker's state names; the process runtime uses `running` / `exited`. */
  status: 'created' | 'running' | 'restarting' | 'paused' | 'exited' | 'dead' | 'removing' | 'unknown';
  running: boolean;
  /** Exit code once exited (`undefined` if unknown, e.g. a process started by another process). */
  exitCode: number | undefined;
  /** Killed by the host's OOM killer (Docker's `State.OOMKilled`). */
  oomKilled: boolean;
  labels: Record<string, string>;
  /** Host interface and port of the API, while published. */
  hostIp: string | undefined;
  hostPort: number | undefined;
  image: string | undefined;
  createdAt: string | undefined;
  startedAt: string | undefined;
}

/** Everything needed to launch a server. */
export interface LaunchSpec {
  options: ResolvedVllmServerOptions;
  labels: Record<string, string>;
  environment: ServerEnvironment;
}

/** Resource use of a server. Fields are absent when the runtime cannot tell. */
export interface VllmServerStats {
  /** CPU use in percent of one core (Docker's `CPUPerc`). */
  cpuPercent?: number;
  memoryBytes?: number;
  memoryLimitBytes?: number;
  /** From `nvidia-smi` when the server has GPUs. */
  gpus?: VllmGpuStats[];
}

/** One GPU as `nvidia-smi` reports it. */
export interface VllmGpuStats {
  index: number;
  name: string;
  memoryUsedBytes: number;
  memoryTotalBytes: number;
  utilizationPercent: number | undefined;
}

/** What the runtime reports about the host (for `checkHost()`). */
export interface RuntimeHostInfo {
  available: boolean;
  version: string | undefined;
  /** Whether GPUs can be handed to servers (Docker: an `nvidia` runtime; Podman: a CDI spec; process: `nvidia-smi`). */
  gpuRuntime: boolean;
  issues: string[];
}

/** Receives one log line. */
export type LogLineHandler = (line: string, stream: VllmLogStream) => void;

/** A running log follower. */
export interface LogFollower {
  /** Settles when the log ends (the server stopped) or `stop()` was called. */
  readonly done: Promise<void>;
  stop(): void;
  /** Delivers what is already written but not yet read (file-based logs poll; Docker streams). */
  flush?(): Promise<void>;
}

/** Docker, Podman and the `process` runtime behind one interface. */
export interface VllmRuntime {
  readonly kind: VllmRuntimeKind;
  /** The launch command for humans and errors (secret-free). */
  describeLaunch(spec: LaunchSpec): string;
  /** Host checks. */
  hostInfo(): Promise<RuntimeHostInfo>;
  /** Whether the image is present locally (always true for the process runtime). */
  hasImage(image: string): Promise<boolean>;
  /** Pulls the image, reporting output lines. */
  pullImage(image: string, onLine: (line: string) => void, signal?: AbortSignal): Promise<void>;
  /** Creates and starts a server; returns its id. Throws a classified VllmSidecarError on failure. */
  launch(spec: LaunchSpec, signal?: AbortSignal): Promise<string>;
  inspect(id: string): Promise<ServerInstanceState | undefined>;
  /** Every server (running or not) carrying all of these labels. */
  list(labels: Readonly<Record<string, string>>): Promise<ServerInstanceState[]>;
  /** Follows the log from `since` (default: the beginning). Secrets are the caller's to redact. */
  followLogs(id: string, onLine: LogLineHandler, options?: { since?: Date }): LogFollower;
  /** The last `tail` lines, in order. */
  readLogs(id: string, options?: { tail?: number; since?: Date }): Promise<string[]>;
  /** Starts a stopped server again (same configuration). */
  start(id: string, spec: LaunchSpec): Promise<void>;
  restart(id: string, spec: LaunchSpec, timeoutMs: number): Promise<void>;
  /** SIGTERM, then SIGKILL after `timeoutMs`. No error if already stopped. */
  stop(id: string, timeoutMs: number): Promise<void>;
  /** Kills (SIGKILL) and removes. No error if already gone. */
  remove(id: string): Promise<void>;
  /** Best-effort synchronous removal, for `process.on('exit')`. */
  removeSync(id: string): void;
  stats(id: string, withGpus: boolean): Promise<VllmServerStats>;
}
