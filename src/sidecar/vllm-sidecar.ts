import { checkHostWith, type VllmHostCheck } from './check-host';
import { createRuntime } from './create-runtime';
import {
  listServers,
  pruneServers,
  stopServer,
  type VllmPruneOptions,
  type VllmServerSummary,
} from './list-vllm-servers';
import { createManagedVllmWith, type ManagedVllmOptions, type ManagedVllmProvider } from './managed-vllm';
import { checkOneOf } from './option-validators';
import { resolveVllmServerOptions } from './resolve-vllm-server-options';
import type { VllmRuntime } from './runtime';
import type { StartedVllmServer } from './started-vllm-server';
import { StartedVllmServerHandle } from './started-vllm-server-handle';
import type { VllmRuntimeKind, VllmServerOptions } from './vllm-server-options';

type Env = Readonly<Record<string, string | undefined>>;

/** A sidecar with default settings; every method's options override them. */
export interface VllmSidecar {
  /** Starts a server (see `startVllmServer`). */
  start(options?: VllmServerOptions): Promise<StartedVllmServer>;
  /** A provider that starts the server on its first request (see `createManagedVllm`). */
  createManagedVllm(options?: ManagedVllmOptions): ManagedVllmProvider;
  /** Servers started by the sidecar on this runtime. */
  list(): Promise<VllmServerSummary[]>;
  /** Removes orphans and stopped servers (`all`: every server). */
  prune(options?: VllmPruneOptions): Promise<VllmServerSummary[]>;
  /** Stops and removes a server by id, id prefix or container name; `undefined` if there is none. */
  stop(idOrName: string, options?: { timeoutMs?: number }): Promise<VllmServerSummary | undefined>;
  /** Checks the host: engine, GPU runtime, image, token. */
  checkHost(options?: VllmServerOptions): Promise<VllmHostCheck>;
}

/** Internals for tests and custom runtimes. */
export interface VllmSidecarInternals {
  /** Environment to read fallbacks from. @default process.env */
  env?: Env;
  /** Use this runtime instead of creating one from the `runtime` option. */
  runtime?: VllmRuntime;
}

function runtimeKind(options: VllmServerOptions, settings: VllmServerOptions, env: Env): VllmRuntimeKind {
  const value = options.runtime ?? settings.runtime ?? (env.VLLM_CONTAINER_RUNTIME || 'docker');
  return checkOneOf((options.runtime ?? settings.runtime) ? 'runtime' : 'VLLM_CONTAINER_RUNTIME', value, [
    'docker',
    'podman',
    'process',
  ] as const);
}

/**
 * Creates a sidecar whose `settings` apply to every start. Precedence for each option: the call's
 * options, then `settings`, then the environment variable, then the default.
 */
export function createVllmSidecar(
  settings: VllmServerOptions = {},
  internals: VllmSidecarInternals = {},
): VllmSidecar {
  const env = internals.env ?? process.env;
  const runtimeFor = (options: VllmServerOptions): VllmRuntime =>
    internals.runtime ??
    createRuntime(runtimeKind(options, settings, env), options.executable ?? settings.executable);
  return {
    start: (options = {}) =>
      StartedVllmServerHandle.start({ runtime: runtimeFor(options), callOptions: options, settings, env }),
    createManagedVllm: (options = {}) =>
      createManagedVllmWith(
        options,
        (startOptions) =>
          StartedVllmServerHandle.start({
            runtime: runtimeFor(startOptions),
            callOptions: startOptions,
            settings,
            env,
          }),
        settings,
        env,
      ),
    list: () => listServers(runtimeFor({})),
    prune: (options) => pruneServers(runtimeFor({}), options),
    stop: (idOrName, options) => stopServer(runtimeFor({}), idOrName, options),
    checkHost: (options = {}) => {
      const resolved = resolveVllmServerOptions({ model: 'check/host', ...options }, settings, env);
      return checkHostWith(runtimeFor(options), { ...resolved, model: options.model ?? settings.model });
    },
  };
}

/**
 * Starts a vLLM server (a `vllm/vllm-openai` container by default) and resolves once it serves the
 * model: `/health` is 200 and `/v1/models` lists it. Rejects at once, with a classified
 * `VllmSidecarError` and the log tail, if it exits while starting.
 *
 * @example
 * await using server = await startVllmServer({ model: 'Qwen/Qwen3-0.6B' });
 * const { text } = await generateText({ model: server.provider()(server.modelId), prompt: 'Hi' });
 */
export function startVllmServer(options: VllmServerOptions): Promise<StartedVllmServer> {
  return createVllmSidecar().start(options);
}

/** Every server the sidecar started (on the runtime from `VLLM_CONTAINER_RUNTIME`, default Docker). */
export function listVllmServers(
  options: Pick<VllmServerOptions, 'runtime' | 'executable'> = {},
): Promise<VllmServerSummary[]> {
  return createVllmSidecar(options).list();
}

/** Removes orphaned and stopped servers; with `all: true`, every server the sidecar started. */
export function pruneVllmServers(
  options: VllmPruneOptions & Pick<VllmServerOptions, 'runtime' | 'executable'> = {},
): Promise<VllmServerSummary[]> {
  return createVllmSidecar(options).prune(options);
}

/** Stops and removes a server the sidecar started (by id, id prefix or container name), from any process. */
export function stopVllmServer(
  idOrName: string,
  options: { timeoutMs?: number } & Pick<VllmServerOptions, 'runtime' | 'executable'> = {},
): Promise<VllmServerSummary | undefined> {
  return createVllmSidecar(options).stop(idOrName, options);
}

/** Checks whether this host can start vLLM: engine, GPU runtime, image presence, HF token. */
export function checkHost(options: VllmServerOptions = {}): Promise<VllmHostCheck> {
  return createVllmSidecar().checkHost(options);
}

/**
 * A provider that starts its own vLLM server on the first request (or attaches to a running one
 * with `reuse: true`); concurrent first requests share one start. `close()` (or `await using`)
 * stops it.
 *
 * @example
 * await using vllm = createManagedVllm({ model: 'Qwen/Qwen3-0.6B' });
 * const { text } = await generateText({ model: vllm(vllm.modelId), prompt: 'Hi' });
 */
export function createManagedVllm(options: ManagedVllmOptions): ManagedVllmProvider {
  return createVllmSidecar().createManagedVllm(options);
}
