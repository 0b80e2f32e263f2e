/** The URL of a `fetch` input. */
export function urlOf(input: RequestInfo | URL): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

/** Whether a request body can be sent again on another endpoint (a consumed stream cannot). */
export function isReplayable(body: BodyInit | null | undefined): boolean {
  return !(typeof ReadableStream !== 'undefined' && body instanceof ReadableStream);
}

const STREAM_FLAG = /"stream"\s*:\s*true/;

/**
 * Whether the JSON body asks for a streamed (SSE) response. The cheap regex rules most bodies out;
 * a match is confirmed on the parsed top level (the text could appear inside a message).
 */
export function isStreamingBody(body: BodyInit | null | undefined): boolean {
  if (typeof body !== 'string' || !STREAM_FLAG.test(body)) return false;
  try {
    return (JSON.parse(body) as { stream?: unknown }).stream === true;
  } catch {
    return false;
  }
}

/** Reads one header from any `HeadersInit` shape, case-insensitively. */
export function readHeader(headers: HeadersInit | undefined, name: string): string | undefined {
  if (headers == null) return undefined;
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return headers.get(name) ?? undefined;
  const lower = name.toLowerCase();
  const entries = Array.isArray(headers) ? headers : Object.entries(headers);
  for (const [key, value] of entries) {
    if (key.toLowerCase() === lower && value != null) return String(value);
  }
  return undefined;
}

/** Response statuses that mean "this replica cannot serve now" (a proxy in front of it, or vLLM overloaded/dead). */
export const FAILOVER_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);
