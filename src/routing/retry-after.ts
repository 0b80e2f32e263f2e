/** Longest wait a replica's `Retry-After` can impose (a bad date must not sideline it for hours). */
export const MAX_RETRY_AFTER_MS = 300_000;

/**
 * How long a response asks the client to wait before sending again, in ms: `retry-after-ms` (OpenAI
 * style), else `Retry-After` in seconds or as an HTTP date (RFC 9110 §10.2.3). `undefined` when the
 * response has no usable value; capped at {@link MAX_RETRY_AFTER_MS}.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const milliseconds = headers.get('retry-after-ms');
  let wait: number | undefined;
  if (milliseconds !== null && /^\s*\d+(\.\d+)?\s*$/.test(milliseconds)) wait = Number(milliseconds);
  const value = headers.get('retry-after');
  if (wait === undefined && value !== null) {
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed)) wait = Number(trimmed) * 1000;
    else {
      const date = Date.parse(trimmed);
      if (!Number.isNaN(date)) wait = Math.max(0, date - now);
    }
  }
  return wait === undefined ? undefined : Math.min(wait, MAX_RETRY_AFTER_MS);
}
