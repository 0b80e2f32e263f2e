import { VLLM_LABELS } from './container-labels';
import { debug } from './debug';
import { directorySize, hfCacheModelDirectory } from './download-progress';
import { acquireFileLock } from './file-lock';
import { ensureImage, findReusable, reapOrphans, safeCallback, serverURLOf } from './prepare-launch';
import { createRedactor } from './redact';
import type { ResolvedVllmServerOptions } from './resolve-vllm-server-options';
import type { LaunchSpec, ServerInstanceState, VllmRuntime } from './runtime';
import { StartupPhaseTracker } from './startup-phase-tracker';
import type { VllmStartupFacts, VllmStartupProgress } from './startup-phases';
import { secretValues } from './vllm-serve-args';
import { VllmSidecarError } from './vllm-sidecar-error';
import { type ReadyServer, waitForReady } from './wait-for-ready';

/** A launched, ready server. */
export interface LaunchOutcome {
  id: string;
  /** Server root, without `/v1`. */
  serverURL: string;
  /** Attached to a server that already existed (`reuse`). */
  attached: boolean;
  spec: LaunchSpec;
  ready: ReadyServer;
  facts: VllmStartupFacts;
  durationMs: number;
}

/** How long progress events are held to put phases seen slightly out of order back in order. */
const PHASE_REORDER_WINDOW_MS = 150;

interface StartContext {
  startedAt: number;
  tracker: StartupPhaseTracker;
  redact: (text: string) => string;
}

function startContext(options: ResolvedVllmServerOptions): StartContext {
  const startedAt = Date.now();
  return {
    startedAt,
    tracker: new StartupPhaseTracker(
      safeCallback<[VllmStartupProgress]>(options.onProgress),
      () => Date.now() - startedAt,
      PHASE_REORDER_WINDOW_MS,
    ),
    redact: createRedactor(secretValues(options)),
  };
}

/** Reads the published port, then waits for readiness; enters the `ready` phase. */
async function awaitServer(
  runtime: VllmRuntime,
  spec: LaunchSpec,
  id: string,
  attached: boolean,
  context: StartContext,
  logSince: Date | undefined,
): Promise<LaunchOutcome> {
  const { options } = spec;
  const state = await runtime.inspect(id);
  if (!state?.hostPort) {
    throw new VllmSidecarError({
      reason: 'runtime-error',
      message: `The server ${id.slice(0, 12)} has no published API port.`,
      containerId: id,
    });
  }
  const serverURL = serverURLOf(options.host, state.hostPort);
  const modelDirectory =
    options.hfCachePath === undefined ? undefined : hfCacheModelDirectory(options.hfCachePath, options.model);
  const ready = await waitForReady({
    runtime,
    id,
    image: options.runtime === 'process' ? undefined : options.image,
    serverURL,
    servedModelName: options.servedModelNames[0],
    apiKey: options.apiKey,
    tracker: context.tracker,
    redact: context.redact,
    onLog: safeCallback(options.onLog),
    logSince,
    startedAt: context.startedAt,
    startupTimeoutMs: options.startupTimeoutMs,
    noProgressTimeoutMs: options.noProgressTimeoutMs,
    pollIntervalMs: options.healthPollIntervalMs,
    signal: options.signal,
    downloadedBytes: modelDirectory ? () => directorySize(modelDirectory) : undefined,
  });
  context.tracker.enter('ready', `Ready at ${serverURL}/v1`);
  context.tracker.flush();
  return {
    id,
    serverURL,
    attached,
    spec,
    ready,
    facts: context.tracker.facts,
    durationMs: Date.now() - context.startedAt,
  };
}

function startTimeOf(state: ServerInstanceState | undefined): Date | undefined {
  return state?.startedAt && !state.startedAt.startsWith('0001') ? new Date(state.startedAt) : undefined;
}

function asAbortError(options: ResolvedVllmServerOptions, caught: unknown, id: string | undefined): unknown {
  return options.signal?.aborted && !(VllmSidecarError.isInstance(caught) && caught.reason === 'aborted')
    ? new VllmSidecarError({
        reason: 'aborted',
        message: 'The start was aborted.',
        containerId: id,
        cause: caught,
      })
    : caught;
}

/**
 * Starts (or, with `reuse`, attaches to) a server and waits until it is ready. On any failure or
 * abort, a server this call created is removed and the original error is rethrown.
 */
export async function launchServer(runtime: VllmRuntime, spec: LaunchSpec): Promise<LaunchOutcome> {
  const { options } = spec;
  const context = startContext(options);
  let createdId: string | undefined;
  let id: string | undefined;
  try {
    options.signal?.throwIfAborted();
    await Promise.all([
      reapOrphans(runtime),
      ensureImage(runtime, options, context.tracker, context.startedAt),
    ]);
    options.signal?.throwIfAborted();
    let attached = false;
    let logSince: Date | undefined;
    const lockName = `reuse-${options.runtime}-${spec.labels[VLLM_LABELS.configHash]}`;
    const lock = options.reuse ? await acquireFileLock(lockName, { signal: options.signal }) : undefined;
    try {
      const existing = lock ? await findReusable(runtime, spec) : undefined;
      if (existing) {
        id = existing.id;
        attached = true;
        if (!existing.running) {
          await runtime.start(existing.id, spec);
          context.tracker.enter('starting', 'Restarting the stopped server');
        }
        logSince = startTimeOf(existing.running ? existing : await runtime.inspect(existing.id));
      } else {
        createdId = await runtime.launch(spec, options.signal);
        id = createdId;
        context.tracker.enter(
          'starting',
          options.runtime === 'process' ? 'Process started' : 'Container started',
        );
      }
    } finally {
      await lock?.release();
    }
    return await awaitServer(runtime, spec, id, attached, context, logSince);
  } catch (caught) {
    context.tracker.flush();
    const error = asAbortError(options, caught, id);
    await removeHalfStarted(runtime, spec, createdId);
    throw error;
  }
}

/**
 * Starts an existing server again (`'start'` after it exited, `'restart'` while running) and waits
 * until it is ready. The server is left in place on failure: it belongs to the caller.
 */
export async function resumeServer(
  runtime: VllmRuntime,
  spec: LaunchSpec,
  id: string,
  mode: 'start' | 'restart',
): Promise<LaunchOutcome> {
  const { options } = spec;
  const context = startContext(options);
  try {
    if (mode === 'restart') await runtime.restart(id, spec, options.stopTimeoutMs);
    else await runtime.start(id, spec);
    context.tracker.enter('starting', mode === 'restart' ? 'Restarted' : 'Started again');
    return await awaitServer(runtime, spec, id, false, context, startTimeOf(await runtime.inspect(id)));
  } catch (caught) {
    context.tracker.flush();
    throw asAbortError(options, caught, id);
  }
}

async function removeHalfStarted(
  runtime: VllmRuntime,
  spec: LaunchSpec,
  createdId: string | undefined,
): Promise<void> {
  try {
    const ids = createdId
      ? [createdId]
      : (await runtime.list({ [VLLM_LABELS.startId]: spec.labels[VLLM_LABELS.startId] })).map(
          (server) => server.id,
        );
    await Promise.all(ids.map((serverId) => runtime.remove(serverId)));
  } catch (cleanupError) {
    debug('removing the half-started server failed: %s', cleanupError);
  }
}
