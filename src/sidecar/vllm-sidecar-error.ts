const MARKER = Symbol.for('vllm-ai-provider.VllmSidecarError');

/**
 * Why a sidecar operation failed. Branch on it instead of parsing messages.
 *
 * Startup failures read from vLLM's logs (the container/process exited):
 * - `out-of-memory`: CUDA OOM while loading weights, no memory left for the KV cache, KV cache too small
 *   for `maxModelLen`, GPU already in use, or the container was OOM-killed.
 * - `hf-auth`: gated or private Hugging Face repo without (or with a bad) `HF_TOKEN`.
 * - `model-not-found`: the model is neither a Hugging Face repo id nor a local model directory.
 * - `bad-arguments`: `vllm serve` rejected a flag or value (often an image older than the flag).
 * - `no-gpu-runtime`: no GPU visible to vLLM, or Docker cannot hand one to the container.
 * - `port-in-use`: the host (or container) port is taken.
 * - `image-missing`: the image is not present and cannot be pulled.
 * - `shared-memory`: `/dev/shm` too small for NCCL (tensor parallel without `--ipc=host`).
 * - `engine-failed`: the engine core failed for a reason not listed above.
 * - `exited`: the server exited during startup and its logs name no known cause.
 *
 * Lifecycle failures:
 * - `invalid-options`: an option is invalid (nothing was started).
 * - `runtime-unavailable`: the `docker`/`podman` CLI or daemon, or the `vllm` executable, is missing.
 * - `image-pull-failed`: `docker pull` failed for a reason other than a missing image.
 * - `startup-timeout` / `no-progress-timeout`: the overall or the no-progress budget ran out.
 * - `aborted`: the caller's `signal` aborted the start.
 * - `runtime-error`: a `docker` command failed unexpectedly.
 * - `stop-failed`: stopping or removing the server failed.
 */
export type VllmSidecarErrorReason =
  | 'out-of-memory'
  | 'hf-auth'
  | 'model-not-found'
  | 'bad-arguments'
  | 'no-gpu-runtime'
  | 'port-in-use'
  | 'image-missing'
  | 'shared-memory'
  | 'engine-failed'
  | 'exited'
  | 'invalid-options'
  | 'runtime-unavailable'
  | 'image-pull-failed'
  | 'startup-timeout'
  | 'no-progress-timeout'
  | 'aborted'
  | 'runtime-error'
  | 'stop-failed';

/** Context carried by a {@link VllmSidecarError}. Secrets are never included. */
export interface VllmSidecarErrorDetails {
  reason: VllmSidecarErrorReason;
  message: string;
  /** What to do about it. */
  hint?: string;
  /** The option at fault (`invalid-options`). */
  option?: string;
  /** Container id (or `process-…` id for the process runtime). */
  containerId?: string;
  image?: string;
  /** Exit code of the server process, when it exited. */
  exitCode?: number;
  /** Docker's `State.OOMKilled` (the host killed the container for memory). */
  oomKilled?: boolean;
  /** The budget that ran out (`startup-timeout`, `no-progress-timeout`). */
  timeoutMs?: number;
  /** The startup phase the server had reached. */
  phase?: string;
  /** The last lines of the server's log (up to 50), secrets redacted. */
  logTail?: readonly string[];
  /** The runtime command that failed, secrets redacted. */
  command?: string;
  cause?: unknown;
}

/** The one error class of `vllm-ai-provider/sidecar`. */
export class VllmSidecarError extends Error {
  readonly reason: VllmSidecarErrorReason;
  /** The message without the log tail. */
  readonly shortMessage: string;
  readonly hint: string | undefined;
  readonly option: string | undefined;
  readonly containerId: string | undefined;
  readonly image: string | undefined;
  readonly exitCode: number | undefined;
  readonly oomKilled: boolean | undefined;
  readonly timeoutMs: number | undefined;
  readonly phase: string | undefined;
  readonly logTail: readonly string[];
  readonly command: string | undefined;

  constructor(details: VllmSidecarErrorDetails) {
    const shortMessage = details.hint ? `${details.message} ${details.hint}` : details.message;
    const tail = details.logTail ?? [];
    const message =
      tail.length > 0
        ? `${shortMessage}\n--- last ${tail.length} log lines ---\n${tail.join('\n')}`
        : shortMessage;
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    Object.defineProperty(this, 'name', { value: 'VllmSidecarError', enumerable: false });
    Object.defineProperty(this, MARKER, { value: true, enumerable: false });
    this.reason = details.reason;
    this.shortMessage = shortMessage;
    this.hint = details.hint;
    this.option = details.option;
    this.containerId = details.containerId;
    this.image = details.image;
    this.exitCode = details.exitCode;
    this.oomKilled = details.oomKilled;
    this.timeoutMs = details.timeoutMs;
    this.phase = details.phase;
    this.logTail = tail;
    this.command = details.command;
  }

  /** Whether `error` is a VllmSidecarError (also across package copies). */
  static isInstance(error: unknown): error is VllmSidecarError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** Shorthand for an `invalid-options` error naming the option and the fix. */
export function invalidOption(option: string, message: string, hint?: string): VllmSidecarError {
  return new VllmSidecarError({
    reason: 'invalid-options',
    option,
    message: `Invalid ${option}: ${message}`,
    hint,
  });
}
