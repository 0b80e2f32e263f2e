import { classifyStartupFailure } from './classify-startup-failure';
import { LineRing } from './log-lines';
import type { LogFollower, VllmRuntime } from './runtime';
import { isApplicationStartupComplete } from './startup-log-rules';
import type { StartupPhaseTracker } from './startup-phase-tracker';
import type { VllmLogStream } from './vllm-server-options';
import { VllmSidecarError } from './vllm-sidecar-error';

/** One entry of `GET /v1/models`. */
export interface VllmModelCard {
  id: string;
  root?: string;
  parent?: string | null;
  max_model_len?: number;
}

/** Input of {@link waitForReady}. */
export interface WaitForReadyInput {
  runtime: VllmRuntime;
  id: string;
  image?: string;
  /** Server root (no `/v1`), e.g. `http://127.0.0.1:32768`. */
  serverURL: string;
  servedModelName: string;
  apiKey: string | undefined;
  tracker: StartupPhaseTracker;
  redact: (text: string) => string;
  onLog: ((line: string, stream: VllmLogStream) => void) | undefined;
  /** Follow the log from here (a restarted or attached server); default: from the beginning. */
  logSince?: Date;
  /** `Date.now()` when the whole start began (the overall budget includes the pull). */
  startedAt: number;
  startupTimeoutMs: number;
  noProgressTimeoutMs: number;
  pollIntervalMs: number;
  signal: AbortSignal | undefined;
  /** Bytes of the model in the Hugging Face cache (progress while vLLM downloads silently). */
  downloadedBytes?: () => Promise<number | undefined>;
}

/** What a ready server reported. */
export interface ReadyServer {
  models: VllmModelCard[];
  /** The last 500 log lines seen while starting (redacted). */
  logLines: string[];
}

const HEALTH_TIMEOUT_MS = 2_000;
const STATE_CHECK_INTERVAL_MS = 1_000;
const DOWNLOAD_CHECK_INTERVAL_MS = 1_000;
const LOG_CATCH_UP_MS = 500;

async function probe(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
): Promise<Response | undefined> {
  const timeout = AbortSignal.timeout(HEALTH_TIMEOUT_MS);
  try {
    return await fetch(url, { headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch {
    return undefined; // refused / reset / timed out: not ready yet
  }
}

/**
 * Waits until `/health` answers 200 and `/v1/models` lists the served name, while following the
 * log (progress events, raw lines). Fails at once when the server exits (classified, with the log
 * tail), when a budget runs out, or on abort. Never removes the server: that is the caller's job.
 */
export async function waitForReady(input: WaitForReadyInput): Promise<ReadyServer> {
  const tail = new LineRing(500);
  let lastProgressAt = Date.now();
  let wake: (() => void) | undefined;
  let wakePending = false;
  const wakeUp = () => {
    if (wake) wake();
    else wakePending = true;
  };
  let logEnded = false;
  let startupCompleteSeen = false;

  const follower: LogFollower = input.runtime.followLogs(
    input.id,
    (raw, stream) => {
      const line = input.redact(raw);
      tail.push(line);
      lastProgressAt = Date.now();
      input.onLog?.(line, stream);
      if (isApplicationStartupComplete(input.tracker.handleLine(line))) {
        startupCompleteSeen = true;
        wakeUp();
      }
    },
    { since: input.logSince },
  );
  void follower.done.then(() => {
    logEnded = true;
    wakeUp();
  });

  const headers: Record<string, string> = input.apiKey ? { Authorization: `Bearer ${input.apiKey}` } : {};
  const onAbort = () => wakeUp();
  input.signal?.addEventListener('abort', onAbort);
  let lastStateCheck = Date.now();
  let lastDownloadCheck = 0;
  let lastDownloadBytes: number | undefined;
  const context = () => ({
    containerId: input.id,
    image: input.image,
    phase: input.tracker.phase,
    logTail: tail.toArray().slice(-50),
  });

  // The API can answer before the follower has delivered the last lines: read what is pending and
  // give the "Application startup complete." line a moment, so every phase is reported, in order.
  const catchUpWithLog = async () => {
    await follower.flush?.();
    const deadline = Date.now() + LOG_CATCH_UP_MS;
    while (!startupCompleteSeen && !logEnded && Date.now() < deadline) {
      await new Promise((resolveWait) => setTimeout(resolveWait, 5));
      await follower.flush?.();
    }
  };

  try {
    for (;;) {
      if (input.signal?.aborted) {
        throw new VllmSidecarError({
          reason: 'aborted',
          message: 'The start was aborted.',
          cause: input.signal.reason,
          ...context(),
        });
      }
      const health = await probe(`${input.serverURL}/health`, {}, input.signal);
      if (health?.ok) {
        const models = await probe(`${input.serverURL}/v1/models`, headers, input.signal);
        if (models?.ok) {
          const body = (await models.json()) as { data?: VllmModelCard[] };
          const data = body.data ?? [];
          if (data.some((model) => model.id === input.servedModelName)) {
            await catchUpWithLog();
            return { models: data, logLines: tail.toArray() };
          }
        }
      }

      const now = Date.now();
      if (logEnded || now - lastStateCheck >= STATE_CHECK_INTERVAL_MS) {
        lastStateCheck = now;
        const state = await input.runtime.inspect(input.id);
        if (!state?.running) {
          await Promise.race([follower.done, new Promise((resolveWait) => setTimeout(resolveWait, 1_000))]);
          const lines = tail.toArray();
          const failure = classifyStartupFailure({
            logLines: lines,
            exitCode: state?.exitCode,
            oomKilled: state?.oomKilled,
          });
          throw new VllmSidecarError({
            reason: failure.reason,
            message: state
              ? failure.message
              : 'The server disappeared while starting (removed by someone else?).',
            hint: failure.hint,
            exitCode: state?.exitCode,
            oomKilled: state?.oomKilled,
            ...context(),
          });
        }
      }
      if (
        input.downloadedBytes &&
        input.tracker.phase === 'downloading-weights' &&
        now - lastDownloadCheck >= DOWNLOAD_CHECK_INTERVAL_MS
      ) {
        lastDownloadCheck = now;
        const bytes = await input.downloadedBytes();
        if (bytes !== undefined && bytes !== lastDownloadBytes) {
          if (lastDownloadBytes !== undefined) lastProgressAt = Date.now();
          lastDownloadBytes = bytes;
          input.tracker.update(
            `Downloading the weights: ${(bytes / 1024 ** 3).toFixed(2)} GiB in the cache`,
            { bytes },
          );
        }
      }
      if (now - input.startedAt > input.startupTimeoutMs) {
        throw new VllmSidecarError({
          reason: 'startup-timeout',
          message: `The server was not ready after ${input.startupTimeoutMs} ms (startupTimeoutMs), in phase "${input.tracker.phase ?? 'starting'}".`,
          hint: 'Large models take minutes to download, load and compile: raise startupTimeoutMs, or check the log tail.',
          timeoutMs: input.startupTimeoutMs,
          ...context(),
        });
      }
      if (now - lastProgressAt > input.noProgressTimeoutMs) {
        throw new VllmSidecarError({
          reason: 'no-progress-timeout',
          message: `The server made no progress for ${input.noProgressTimeoutMs} ms (noProgressTimeoutMs), in phase "${input.tracker.phase ?? 'starting'}".`,
          hint: 'It may be stuck (a download without progress, a hung compile); raise noProgressTimeoutMs if it is just slow.',
          timeoutMs: input.noProgressTimeoutMs,
          ...context(),
        });
      }
      if (!wakePending) {
        await new Promise<void>((resolveWait) => {
          const timer = setTimeout(resolveWait, input.pollIntervalMs);
          wake = () => {
            clearTimeout(timer);
            resolveWait();
          };
        });
      }
      wake = undefined;
      wakePending = false;
    }
  } finally {
    input.signal?.removeEventListener('abort', onAbort);
    follower.stop();
  }
}
