import type { VllmProvider, VllmProviderSettings } from '../provider/vllm-provider';
import type { VllmServerStats } from './runtime';
import type { VllmServerCapabilities } from './server-capabilities';
import type { VllmServerMonitor, VllmServerMonitorOptions } from './server-monitor';
import type { VllmStartupFacts } from './startup-phases';
import type { VllmServerValidation } from './validate-server';
import type { VllmRuntimeKind, VllmServerOptions } from './vllm-server-options';
/** Result of `server.health()`. */
export interface VllmServerHealth {
  /** `/health` answered 200. */
  healthy: boolean;
  /** HTTP status of `/health` (503 when the engine died), if it answered. */
  status: number | undefined;
  latencyMs: number | undefined;
  /** The container/process is running. */
  running: boolean;
  exitCode: number | undefined;
  oomKilled: boolean;
}

/** Options of `server.stop()`. */
export interface VllmServerStopOptions {
  /** Grace period before the server is killed. @default the `stopTimeoutMs` option (10 s) */
  timeoutMs?: number;
  /** Remove a reused server too (by default it is stopped but kept, so the next `reuse` start restarts it). @default false */
  remove?: boolean;
}

/** A started vLLM server. `await using server = await startVllmServer(…)` stops it at the end of the scope. */
export interface StartedVllmServer extends AsyncDisposable {
  /** OpenAI-compatible base URL, with `/v1` (e.g. `http://127.0.0.1:32768/v1`). Changes if a restart moves the port. */
  readonly baseURL: string;
  /** The server root, without `/v1` (`/health`, `/metrics`, `/version`). */
  readonly serverURL: string;
  /** The served model name to pass as the model id. */
  readonly modelId: string;
  /** The API key the server requires, if any. */
  readonly apiKey: string | undefined;
  /** Container id (or `process-…` for the process runtime). */
  readonly containerId: string;
  readonly runtime: VllmRuntimeKind;
  /** Whether this start attached to a server that already existed (`reuse`). */
  readonly attached: boolean;
  readonly capabilities: VllmServerCapabilities;
  /** Facts vLLM printed while starting (version, KV-cache size, …) and how long the start took. */
  readonly startup: VllmStartupFacts & { durationMs: number };
  /**
   * A provider configured for this server: base URL, API key and vLLM version (no `/version` probe);
   * it follows later port changes. Take a new one after `reconfigure()` changes the image.
   */
  provider(settings?: Omit<VllmProviderSettings, 'baseURL' | 'apiKey'>): VllmProvider;
  health(): Promise<VllmServerHealth>;
  /** The last `tail` log lines (default 100), secrets redacted. */
  logs(options?: { tail?: number; follow?: false }): Promise<string[]>;
  /** Follows the log (after the last `tail` lines, default 0) until `signal` aborts or the server stops. */
  logs(options: { tail?: number; follow: true; signal?: AbortSignal }): AsyncIterable<string>;
  /** CPU %, memory (`docker stats`) and GPU memory (`nvidia-smi` in the container) when it has GPUs. */
  stats(): Promise<VllmServerStats>;
  /** Restarts the server (same flags) and waits until it is ready again. */
  restart(options?: Pick<VllmServerOptions, 'onProgress' | 'onLog' | 'signal'>): Promise<void>;
  /**
   * Restarts with changed options (quantization, tensorParallelSize, maxModelLen, gpuMemoryUtilization, …):
   * vLLM cannot change these while running, so the server is replaced by a new one with the new flags.
   */
  reconfigure(options: VllmServerOptions): Promise<void>;
  /** Checks the running server: API reachable, model loaded, auth enforced, version. */
  validate(): Promise<VllmServerValidation>;
  /** Watches health and exits, with typed events and optional auto-restart. */
  monitor(options?: VllmServerMonitorOptions): VllmServerMonitor;
  /** Stops (and, unless reused, removes) the server. Idempotent. */
  stop(options?: VllmServerStopOptions): Promise<void>;
  /** Forgets the server without stopping it (a reused server stays up for the next process). */
  detach(): void;
}
