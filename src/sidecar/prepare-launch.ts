import { randomUUID } from 'node:crypto';
import {
  buildServerLabels,
  computeConfigHash,
  isOrphan,
  MANAGED_BY_VALUE,
  VLLM_LABELS,
} from './container-labels';
import { debug } from './debug';
import { buildContainerRunArgs } from './docker-run-args';
import type { ResolvedVllmServerOptions } from './resolve-vllm-server-options';
import type { LaunchSpec, ServerInstanceState, VllmRuntime } from './runtime';
import type { StartupPhaseTracker } from './startup-phase-tracker';
import { buildServerEnvironment, buildVllmServeArgs, secretValues } from './vllm-serve-args';
import { VllmSidecarError } from './vllm-sidecar-error';

// What happens before a server is launched: its identity (labels, config hash), the image, and
// removing this host's orphans.

/** Hash of what shapes the server: equal hashes share a server under `reuse`. */
export function configHashOf(
  options: ResolvedVllmServerOptions,
  environment: LaunchSpec['environment'],
): string {
  const command =
    options.runtime === 'process'
      ? ['serve', ...buildVllmServeArgs(options, { host: options.host, port: options.port })]
      : buildContainerRunArgs(options, options.labels, Object.keys(environment.values));
  const env = Object.fromEntries(
    Object.entries(environment.values).filter(([name]) => !environment.secretNames.includes(name)),
  );
  return computeConfigHash({ runtime: options.runtime, command, env, secrets: secretValues(options) });
}

/** Builds the launch spec (labels, environment) for a new server. */
export function buildLaunchSpec(options: ResolvedVllmServerOptions): LaunchSpec {
  const environment = buildServerEnvironment(options);
  const labels = buildServerLabels({
    configHash: configHashOf(options, environment),
    startId: randomUUID().replace(/-/g, '').slice(0, 16),
    reuse: options.reuse,
    model: options.model,
    servedModelName: options.servedModelNames[0],
    userLabels: options.labels,
  });
  return { options, labels, environment };
}

/** The URL to reach a published port from this host. */
export function serverURLOf(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable.replace(/^\[|\]$/g, '')}]` : reachable}:${port}`;
}

/** Removes this host's orphans: non-reused servers whose owner process is gone. Never throws. */
export async function reapOrphans(runtime: VllmRuntime): Promise<string[]> {
  try {
    const servers = await runtime.list({ [VLLM_LABELS.managedBy]: MANAGED_BY_VALUE });
    const orphans = servers.filter((server) => isOrphan(server.labels));
    await Promise.all(orphans.map((server) => runtime.remove(server.id)));
    if (orphans.length > 0)
      debug(
        'reaped %d orphaned server(s): %s',
        orphans.length,
        orphans.map((o) => o.id.slice(0, 12)).join(' '),
      );
    return orphans.map((server) => server.id);
  } catch (error) {
    debug('reaping orphans failed: %s', error);
    return [];
  }
}

export function safeCallback<T extends unknown[]>(
  callback: ((...args: T) => void) | undefined,
): (...args: T) => void {
  return (...args) => {
    try {
      callback?.(...args);
    } catch (error) {
      debug('a callback threw: %s', error);
    }
  };
}

export async function ensureImage(
  runtime: VllmRuntime,
  options: ResolvedVllmServerOptions,
  tracker: StartupPhaseTracker,
  startedAt: number,
): Promise<void> {
  if (runtime.kind === 'process') return;
  const present = options.pull === 'always' ? false : await runtime.hasImage(options.image);
  if (present) return;
  if (options.pull === 'never') {
    throw new VllmSidecarError({
      reason: 'image-missing',
      message: `The image ${options.image} is not present and pull is "never".`,
      hint: 'Pull or build it first, or set pull: "missing".',
      image: options.image,
    });
  }
  tracker.enter('pulling-image', `Pulling ${options.image}`);
  const controller = new AbortController();
  let lastOutputAt = Date.now();
  let stalled: VllmSidecarError | undefined;
  const watchdog = setInterval(() => {
    const now = Date.now();
    if (now - lastOutputAt > options.noProgressTimeoutMs || now - startedAt > options.startupTimeoutMs) {
      const overall = now - startedAt > options.startupTimeoutMs;
      stalled = new VllmSidecarError({
        reason: overall ? 'startup-timeout' : 'no-progress-timeout',
        message: `Pulling ${options.image} ${overall ? `took longer than ${options.startupTimeoutMs} ms` : `made no progress for ${options.noProgressTimeoutMs} ms`}.`,
        hint: 'Check the network and the registry, or pull the image by hand first.',
        image: options.image,
        phase: 'pulling-image',
        timeoutMs: overall ? options.startupTimeoutMs : options.noProgressTimeoutMs,
      });
      controller.abort();
    }
  }, 1_000);
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  try {
    await runtime.pullImage(
      options.image,
      (line) => {
        lastOutputAt = Date.now();
        tracker.update(line, { line });
      },
      signal,
    );
  } finally {
    clearInterval(watchdog);
  }
  if (stalled) throw stalled;
  if (options.signal?.aborted)
    throw new VllmSidecarError({
      reason: 'aborted',
      message: 'The start was aborted while pulling the image.',
      image: options.image,
    });
}

export async function findReusable(
  runtime: VllmRuntime,
  spec: LaunchSpec,
): Promise<ServerInstanceState | undefined> {
  const candidates = await runtime.list({
    [VLLM_LABELS.managedBy]: MANAGED_BY_VALUE,
    [VLLM_LABELS.configHash]: spec.labels[VLLM_LABELS.configHash],
    [VLLM_LABELS.reuse]: 'true',
  });
  return (
    candidates.find((server) => server.running) ??
    candidates.find((server) => ['exited', 'created'].includes(server.status))
  );
}
