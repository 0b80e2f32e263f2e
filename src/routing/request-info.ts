/** The URL of a `fetch` input. */
export function urlOf(input: RequestInfo | URL): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

/** Whether a request body can be sent again on another endpoint (a consumed stream cannot). */
export function isReplayable(body: BodyInit | null | undefined): boolean {
  return !(typeof ReadableStream !== 'undefined' && body instanceof ReadableStream);
}

const STREAM_FLAG = /"stream"\s*:\s*true/;

/** The body as a JSON object, or `undefined` (not a string, not JSON, not an object). */
export function parseJsonBody(body: BodyInit | null | undefined): Record<string, unknown> | undefined {
  if (typeof body !== 'string' || body.length === 0 || body.charCodeAt(0) !== 0x7b) return undefined;
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * Whether the JSON body asks for a streamed (SSE) response. The cheap regex rules most bodies out;
 * a match is confirmed on the parsed top level (the text could appear inside a message). `parse`
 * lets a caller that parses the body anyway share one parse.
 */
export function isStreamingBody(
  body: BodyInit | null | undefined,
  parse: () => Record<string, unknown> | undefined = () => parseJsonBody(body),
): boolean {
  if (typeof body !== 'string' || !STREAM_FLAG.test(body)) return false;
  return parse()?.stream === true;
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

/**
 * Response statuses that mean "this replica cannot serve now": a gateway or proxy in front of it
 * rate-limiting (429) or finding it down (502/503/504). vLLM itself queues excess load instead.
 */
export const FAILOVER_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * vLLM's `EngineDeadError` message (HTTP 500): the replica's engine died, so the request never ran.
 * Unlike other 500s (a generation error that would repeat elsewhere) it fails over.
 */
export const ENGINE_DEAD_MESSAGE = /EngineCore encountered an issue|EngineDeadError|engine core .*died/i;
