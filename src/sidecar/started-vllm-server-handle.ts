import type { VllmProvider, VllmProviderSettings } from '../provider/vllm-provider';
import { debug } from './debug';
import { registerExitCleanup } from './exit-cleanup';
import { followLogLines } from './follow-log-lines';
import { type LaunchOutcome, launchServer, resumeServer } from './launch-server';
import { buildLaunchSpec } from './prepare-launch';
import { createRedactor } from './redact';
import { type ResolvedVllmServerOptions, resolveVllmServerOptions } from './resolve-vllm-server-options';
import type { LaunchSpec, VllmRuntime, VllmServerStats } from './runtime';
import { buildCapabilities, type VllmServerCapabilities } from './server-capabilities';
import { createServerMonitor, type VllmServerMonitor, type VllmServerMonitorOptions } from './server-monitor';
import { createServerProvider } from './server-provider';
import type { StartedVllmServer, VllmServerHealth, VllmServerStopOptions } from './started-vllm-server';
import type { VllmStartupFacts } from './startup-phases';
import { type VllmServerValidation, validateServer } from './validate-server';
import { secretValues } from './vllm-serve-args';
import type { VllmRuntimeKind, VllmServerOptions } from './vllm-server-options';
import { VllmSidecarError } from './vllm-sidecar-error';

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
    return createServerProvider(() => this.baseURL, this.options.apiKey, this.capabilities.vllmVersion, {
      serverCapabilities: {
        autoToolChoice: this.capabilities.autoToolChoice,
        toolCallParser: this.capabilities.toolCallParser,
        reasoningParser: this.capabilities.reasoningParser,
        maxModelLen: this.capabilities.maxModelLen,
        inputModalities: this.capabilities.inputModalities,
        mediaPerPrompt: this.capabilities.mediaPerPrompt,
      },
      ...settings,
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
