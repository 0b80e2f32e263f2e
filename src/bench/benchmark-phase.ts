import type { VllmBenchmarkTransport } from './benchmark-transport';
import type { VllmBenchmarkErrorSample } from './benchmark-types';
import { ResponseReader } from './response-reader';

/** Raw measurements of one phase. */
export class PhaseStats {
  readonly e2e: number[] = [];
  readonly ttft: number[] = [];
  readonly itl: number[] = [];
  readonly tpot: number[] = [];
  completed = 0;
  errors = 0;
  promptTokens = 0;
  outputTokens = 0;
  private readonly errorCounts = new Map<string, number>();

  addError(message: string): void {
    this.errors++;
    this.errorCounts.set(message, (this.errorCounts.get(message) ?? 0) + 1);
  }

  errorSamples(limit = 5): VllmBenchmarkErrorSample[] {
    return [...this.errorCounts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([message, count]) => ({ message, count }));
  }
}

/** What a phase needs to send its requests. */
export interface PhaseContext {
  transport: VllmBenchmarkTransport;
  url: string;
  headers: Record<string, string>;
  stream: boolean;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

interface InFlight {
  controller: AbortController;
  startedAt: number;
  timedOut: boolean;
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error && cause.message !== error.message
    ? `${error.message}: ${cause.message}`
    : error.message;
}

/**
 * Sends `bodies` with at most `concurrency` requests in flight (each worker sends its next request
 * as soon as the previous one ends) and records each request in `stats`. Resolves with the phase's
 * wall time. Rejects with the signal's reason when `signal` aborts (requests in flight are aborted).
 */
export async function runPhase(
  context: PhaseContext,
  concurrency: number,
  bodies: readonly string[],
  stats: PhaseStats,
  onFinished: () => void,
): Promise<number> {
  const { transport, url, headers, stream, timeoutMs, signal } = context;
  signal?.throwIfAborted();
  const inFlight = new Set<InFlight>();
  const abortAll = () => {
    for (const entry of inFlight) entry.controller.abort(signal?.reason);
  };
  signal?.addEventListener('abort', abortAll);
  const watchdog =
    timeoutMs > 0
      ? setInterval(
          () => {
            const now = performance.now();
            for (const entry of inFlight) {
              if (!entry.timedOut && now - entry.startedAt > timeoutMs) {
                entry.timedOut = true;
                entry.controller.abort();
              }
            }
          },
          Math.min(1_000, Math.max(10, timeoutMs / 4)),
        )
      : undefined;

  let next = 0;
  const sendOne = async (body: string): Promise<void> => {
    const entry: InFlight = { controller: new AbortController(), startedAt: 0, timedOut: false };
    const reader = new ResponseReader(stream, stats.itl);
    inFlight.add(entry);
    entry.startedAt = performance.now();
    try {
      const status = await transport.send(
        { method: 'POST', url, headers, body, signal: entry.controller.signal, stream },
        reader.onText,
      );
      const end = performance.now();
      const reading = reader.finish(status);
      if (reading.error !== undefined) {
        stats.addError(reading.error);
        return;
      }
      const e2e = end - entry.startedAt;
      stats.completed++;
      stats.e2e.push(e2e);
      stats.promptTokens += reading.promptTokens;
      stats.outputTokens += reading.outputTokens;
      if (reading.firstTokenAt !== undefined) {
        const ttft = reading.firstTokenAt - entry.startedAt;
        stats.ttft.push(ttft);
        if (reading.outputTokens > 1) stats.tpot.push((e2e - ttft) / (reading.outputTokens - 1));
      }
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      stats.addError(entry.timedOut ? `timed out after ${timeoutMs} ms` : describeFailure(error));
    } finally {
      inFlight.delete(entry);
      onFinished();
    }
  };
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      await sendOne(body);
    }
  };

  const startedAt = performance.now();
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, worker));
  } finally {
    signal?.removeEventListener('abort', abortAll);
    if (watchdog !== undefined) clearInterval(watchdog);
    if (signal?.aborted) abortAll();
  }
  return performance.now() - startedAt;
}
