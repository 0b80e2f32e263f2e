/** An abort signal that fires on the caller's signal or after `timeoutMs`, whichever comes first. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** Whether the timeout (not the caller) aborted the signal. */
  timedOut(): boolean;
  /** Clears the timer and the listener on the caller's signal. Call it when the work is done. */
  dispose(): void;
}

/**
 * Combines a caller's `AbortSignal` with a timeout. Written by hand (no `AbortSignal.any`) so the
 * timer is always cleared and no listener outlives the request, in every runtime.
 */
export function startDeadline(abortSignal: AbortSignal | undefined, timeoutMs: number | undefined): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(abortSignal?.reason);
  if (abortSignal?.aborted) controller.abort(abortSignal.reason);
  else abortSignal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    timeoutMs != null && timeoutMs > 0 && Number.isFinite(timeoutMs)
      ? setTimeout(() => {
          timedOut = true;
          controller.abort(new DOMException(`No answer within ${timeoutMs} ms`, 'TimeoutError'));
        }, timeoutMs)
      : undefined;
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      abortSignal?.removeEventListener('abort', onAbort);
    },
  };
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first (timer cleared). */
export function delay(ms: number, abortSignal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (abortSignal?.aborted) {
      reject(abortSignal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortSignal?.reason);
    };
    const timer = setTimeout(() => {
      abortSignal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    abortSignal?.addEventListener('abort', onAbort, { once: true });
  });
}
