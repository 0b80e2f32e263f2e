import type { FetchFunction } from '@ai-sdk/provider-utils';
import { createVllm, type VllmProvider, type VllmProviderSettings } from '../vllm-provider';
import { getVllmServerFeatures } from '../vllm-server-version';
import { debug } from './debug';
import { registerExitCleanup } from './exit-cleanup';
import { followLogLines } from './follow-log-lines';
import { buildLaunchSpec, type LaunchOutcome, launchServer, resumeServer } from './launch-server';
import { createRedactor } from './redact';
import { type ResolvedVllmServerOptions, resolveVllmServerOptions } from './resolve-vllm-server-options';
import type { LaunchSpec, VllmRuntime, VllmServerStats } from './runtime';
import { buildCapabilities, type VllmServerCapabilities } from './server-capabilities';
import { createServerMonitor, type VllmServerMonitor, type VllmServerMonitorOptions } from './server-monitor';
import type { VllmStartupFacts } from './startup-phases';
import { type VllmServerValidation, validateServer } from './validate-server';
import { secretValues } from './vllm-serve-args';
import type { VllmRuntimeKind, VllmServerOptions } from './vllm-server-options';
import { VllmSidecarError } from './vllm-sidecar-error';

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

/** Internal: what a handle needs to (re)start. */
export interface ServerHandleContext {
  runtime: VllmRuntime;
  callOptions: VllmServerOptions;
  settings: VllmServerOptions;
  env: Readonly<Record<string, string | undefined>>;
}

async function fetchVersion(serverURL: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${serverURL}/version`, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? ((await response.json()) as { version?: string }).version : undefined;
  } catch {
    return undefined;
  }
}

export class StartedVllmServerHandle implements StartedVllmServer {
  private outcome: LaunchOutcome;
  private capabilitiesValue: VllmServerCapabilities;
  private unregisterCleanup: (() => void) | undefined;
  private stopping: Promise<void> | undefined;
  private readonly monitors = new Set<VllmServerMonitor>();
  private redact: (text: string) => string;

  private constructor(
    private readonly context: ServerHandleContext,
    outcome: LaunchOutcome,
    capabilities: VllmServerCapabilities,
  ) {
    this.outcome = outcome;
    this.capabilitiesValue = capabilities;
    this.redact = createRedactor(secretValues(outcome.spec.options));
    this.registerCleanup();
  }

  /** Resolves, launches and waits; the handle's entry point. */
  static async start(context: ServerHandleContext): Promise<StartedVllmServerHandle> {
    const options = resolveVllmServerOptions(context.callOptions, context.settings, context.env);
    const { outcome, capabilities } = await StartedVllmServerHandle.launch(
      context.runtime,
      buildLaunchSpec(options),
    );
    return new StartedVllmServerHandle(context, outcome, capabilities);
  }

  private static async launch(runtime: VllmRuntime, spec: LaunchSpec) {
    const outcome = await launchServer(runtime, spec);
    const version = await fetchVersion(outcome.serverURL);
    return {
      outcome,
      capabilities: buildCapabilities(spec.options, outcome.ready.models, outcome.facts, version),
    };
  }

  private get options(): ResolvedVllmServerOptions {
    return this.outcome.spec.options;
  }

  get baseURL(): string {
    return `${this.outcome.serverURL}/v1`;
  }
  get serverURL(): string {
    return this.outcome.serverURL;
  }
  get modelId(): string {
    return this.options.servedModelNames[0];
  }
  get apiKey(): string | undefined {
    return this.options.apiKey;
  }
  get containerId(): string {
    return this.outcome.id;
  }
  get runtime(): VllmRuntimeKind {
    return this.options.runtime;
  }
  get attached(): boolean {
    return this.outcome.attached;
  }
  get capabilities(): VllmServerCapabilities {
    return this.capabilitiesValue;
  }
  get startup(): VllmStartupFacts & { durationMs: number } {
    return { ...this.outcome.facts, durationMs: this.outcome.durationMs };
  }

  private registerCleanup(): void {
    this.unregisterCleanup?.();
    this.unregisterCleanup = undefined;
    if (this.options.reuse || !this.options.cleanupOnExit) return;
    const { runtime } = this.context;
    const id = this.outcome.id;
    this.unregisterCleanup = registerExitCleanup({
      remove: () => runtime.remove(id),
      removeSync: () => runtime.removeSync(id),
    });
  }

  private assertUsable(action: string): void {
    if (this.stopping) {
      throw new VllmSidecarError({
        reason: 'runtime-error',
        message: `Cannot ${action}: the server was stopped.`,
        containerId: this.outcome.id,
      });
    }
  }

  provider(settings: Omit<VllmProviderSettings, 'baseURL' | 'apiKey'> = {}): VllmProvider {
    const createdWith = this.baseURL;
    const baseFetch: FetchFunction = settings.fetch ?? ((input, init) => globalThis.fetch(input, init));
    // The port can change when the server restarts: rewrite URLs made for the old one.
    const fetch: FetchFunction = (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const current = this.baseURL;
      return baseFetch(
        url.startsWith(createdWith) && current !== createdWith
          ? current + url.slice(createdWith.length)
          : input,
        init,
      );
    };
    // The version is known: the provider need not probe GET /version (unless the caller says otherwise).
    const version = this.capabilities.vllmVersion;
    const vllmVersion =
      settings.vllmVersion ?? (version && getVllmServerFeatures(version) ? version : undefined);
    return createVllm({
      ...settings,
      baseURL: createdWith,
      apiKey: this.options.apiKey ?? '',
      fetch,
      vllmVersion,
    });
  }

  async health(): Promise<VllmServerHealth> {
    const state = await this.context.runtime.inspect(this.outcome.id);
    const started = performance.now();
    let status: number | undefined;
    let latencyMs: number | undefined;
    try {
      const response = await fetch(`${this.serverURL}/health`, { signal: AbortSignal.timeout(5_000) });
      await response.body?.cancel();
      status = response.status;
      latencyMs = Math.round((performance.now() - started) * 10) / 10;
    } catch {
      // Not answering.
    }
    return {
      healthy: status === 200,
      status,
      latencyMs,
      running: state?.running ?? false,
      exitCode: state?.exitCode,
      oomKilled: state?.oomKilled ?? false,
    };
  }

  logs(options?: { tail?: number; follow?: false }): Promise<string[]>;
  logs(options: { tail?: number; follow: true; signal?: AbortSignal }): AsyncIterable<string>;
  logs(
    options: { tail?: number; follow?: boolean; signal?: AbortSignal } = {},
  ): Promise<string[]> | AsyncIterable<string> {
    const { runtime } = this.context;
    if (options.follow)
      return followLogLines(runtime, this.outcome.id, this.redact, options.tail ?? 0, options.signal);
    return runtime
      .readLogs(this.outcome.id, { tail: options.tail ?? 100 })
      .then((lines) => lines.map(this.redact));
  }

  stats(): Promise<VllmServerStats> {
    return this.context.runtime.stats(this.outcome.id, this.options.gpus !== false);
  }

  async restart(options: Pick<VllmServerOptions, 'onProgress' | 'onLog' | 'signal'> = {}): Promise<void> {
    this.assertUsable('restart');
    await this.resume('restart', options);
  }

  /** Starts the server again after it exited (`'start'`) or restarts it (`'restart'`), waiting for readiness. */
  async resume(
    mode: 'start' | 'restart',
    overrides: Pick<VllmServerOptions, 'onProgress' | 'onLog' | 'signal'> = {},
  ): Promise<void> {
    const spec: LaunchSpec = {
      ...this.outcome.spec,
      options: { ...this.options, ...definedOnly(overrides) },
    };
    const outcome = await resumeServer(this.context.runtime, spec, this.outcome.id, mode);
    const version = await fetchVersion(outcome.serverURL);
    this.outcome = { ...outcome, spec: this.outcome.spec };
    this.capabilitiesValue = buildCapabilities(this.options, outcome.ready.models, outcome.facts, version);
  }

  async reconfigure(options: VllmServerOptions): Promise<void> {
    this.assertUsable('reconfigure');
    const callOptions = { ...this.context.callOptions, ...options };
    const resolved = resolveVllmServerOptions(callOptions, this.context.settings, this.context.env);
    const old = this.outcome.id;
    await this.context.runtime.stop(old, this.options.stopTimeoutMs);
    await this.context.runtime.remove(old);
    const { outcome, capabilities } = await StartedVllmServerHandle.launch(
      this.context.runtime,
      buildLaunchSpec(resolved),
    );
    this.context.callOptions = callOptions;
    this.outcome = outcome;
    this.capabilitiesValue = capabilities;
    this.redact = createRedactor(secretValues(resolved));
    this.registerCleanup();
  }

  validate(): Promise<VllmServerValidation> {
    return validateServer({
      serverURL: this.serverURL,
      modelId: this.modelId,
      apiKey: this.apiKey,
      capabilities: this.capabilities,
    });
  }

  monitor(options: VllmServerMonitorOptions = {}): VllmServerMonitor {
    this.assertUsable('monitor');
    const monitor = createServerMonitor(this, this.context.runtime, options, () =>
      this.monitors.delete(monitor),
    );
    this.monitors.add(monitor);
    return monitor;
  }

  stop(options: VllmServerStopOptions = {}): Promise<void> {
    this.stopping ??= this.doStop(options);
    return this.stopping;
  }

  private async doStop(options: VllmServerStopOptions): Promise<void> {
    for (const monitor of this.monitors) monitor.stop();
    const { runtime } = this.context;
    const id = this.outcome.id;
    try {
      await runtime.stop(id, options.timeoutMs ?? this.options.stopTimeoutMs);
      if (!this.options.reuse || options.remove) await runtime.remove(id);
    } catch (error) {
      debug('stopping %s failed: %s', id.slice(0, 12), error);
      throw VllmSidecarError.isInstance(error)
        ? error
        : new VllmSidecarError({
            reason: 'stop-failed',
            message: `Stopping ${id.slice(0, 12)} failed.`,
            containerId: id,
            cause: error,
          });
    } finally {
      this.unregisterCleanup?.();
      this.unregisterCleanup = undefined;
    }
  }

  detach(): void {
    for (const monitor of this.monitors) monitor.stop();
    this.unregisterCleanup?.();
    this.unregisterCleanup = undefined;
    this.stopping ??= Promise.resolve();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}
