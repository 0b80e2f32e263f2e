/**
 * Runs `task` every `intervalMs` while there is activity: `touch()` (called on every request) starts
 * it, and it stops by itself once nothing touched it for `idleAfterMs`. Its timer is unref'd where the
 * runtime allows, so it never keeps a process alive; `stop()` also aborts a run in progress.
 */
export class PeriodicTask {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private lastActivity = 0;
  private controller: AbortController | undefined;
  private stopped = false;

  constructor(
    private readonly task: (signal: AbortSignal) => Promise<void>,
    private readonly intervalMs: number,
    private readonly idleAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a run is scheduled or in progress. */
  get active(): boolean {
    return this.running;
  }

  /** Records activity; starts the loop (with an immediate run) when it is not running. */
  touch(): void {
    this.lastActivity = this.now();
    if (this.running || this.stopped) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops for good (used by `close()`). */
  stop(): void {
    this.stopped = true;
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.controller?.abort();
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => void this.tick(), delayMs);
    unref(this.timer);
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    const controller = new AbortController();
    this.controller = controller;
    try {
      await this.task(controller.signal);
    } catch {
      // A task reports its own outcome (events, state); a failed run must not end the loop.
    } finally {
      this.controller = undefined;
    }
    if (this.stopped) return;
    if (this.now() - this.lastActivity >= this.idleAfterMs) {
      this.running = false;
      return;
    }
    this.schedule(this.intervalMs);
  }
}

/** `timer.unref()` where it exists (Node, Bun, Deno); edge runtimes return plain numbers. */
export function unref(timer: unknown): void {
  if (typeof timer === 'object' && timer !== null && 'unref' in timer && typeof timer.unref === 'function') {
    timer.unref();
  }
}
