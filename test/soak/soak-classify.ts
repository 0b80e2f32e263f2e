import { VllmRoutingError } from '../../src';
import type { CallRecord, ErrorInfo } from './soak-types';

/** The router's error anywhere in an error's chain (`cause`, a RetryError's `errors`). */
export function routingErrorOf(error: unknown): VllmRoutingError | undefined {
  const seen = new Set<unknown>();
  const queue = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current == null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    if (VllmRoutingError.isInstance(current)) return current;
    const { cause, errors } = current as { cause?: unknown; errors?: unknown };
    queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors.slice().reverse());
  }
  return undefined;
}

function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown } | undefined)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

/** What a user saw of a failed call. */
export function summarizeError(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 400) : String(error).slice(0, 400);
}

export function errorInfo(error: unknown): ErrorInfo {
  const routing = routingErrorOf(error);
  return {
    message: summarizeError(error),
    aborted: isAbort(error),
    ...(routing && {
      routing: { reason: routing.reason, url: routing.url, message: routing.message.slice(0, 600) },
    }),
  };
}

/** Sorts a finished call into ok / aborted / rejected / stream-broken / lost. */
export function classifyCall(record: Omit<CallRecord, 'outcome'>): CallRecord {
  const { error, kind, items } = record;
  if (error === undefined) return { ...record, outcome: 'ok' };
  if (kind.startsWith('abort') && error.aborted) return { ...record, outcome: 'aborted' };
  if (kind === 'batch' && items !== undefined && items.lost === 0) return { ...record, outcome: 'rejected' };
  if (error.routing?.reason === 'queue-full') return { ...record, outcome: 'rejected' };
  const streamed = kind === 'stream' || kind === 'abort-stream';
  // A stream whose last attempt delivered bytes failed after its first byte.
  const last = record.attempts.at(-1);
  if (streamed && last !== undefined && last.bytes > 0) return { ...record, outcome: 'stream-broken' };
  return { ...record, outcome: 'lost' };
}
