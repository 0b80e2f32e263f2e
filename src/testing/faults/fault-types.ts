/** A fault the emulator can inject into a response. */
export type VllmFault =
  /** Wait this long before handling the request (adds to TTFT). */
  | { type: 'latency'; ms: number }
  /**
   * Answer with this HTTP status and a vLLM error body (e.g. 500, 503). `retryAfter` (seconds) adds a
   * `Retry-After` header, as a rate-limiting proxy or gateway in front of vLLM sends with 429 or 503.
   */
  | { type: 'http-error'; status: number; message?: string; retryAfter?: number }
  /**
   * Latency that climbs with time: `fromMs` when the rule is added, rising linearly to `toMs` over
   * `overMs`, then staying there (a replica slowly degrading). Applies like `latency`.
   */
  | { type: 'latency-ramp'; fromMs: number; toMs: number; overMs: number }
  /** Destroy the connection (TCP RST) before any response header. */
  | { type: 'reset-before-headers' }
  /** Destroy the connection (TCP RST) after `afterChunks` SSE events of a stream. */
  | { type: 'reset-mid-stream'; afterChunks?: number }
  /** After `afterChunks` events, send vLLM's mid-stream `data: {"error":…}` then `data: [DONE]`. */
  | { type: 'error-event'; afterChunks?: number; message?: string }
  /** After `afterChunks` events, send one SSE event whose data is not valid JSON, then continue. */
  | { type: 'malformed-chunk'; afterChunks?: number }
  /** After `afterChunks` events, end the stream without `data: [DONE]`. */
  | { type: 'truncate-stream'; afterChunks?: number }
  /** Never answer; the request stays open until the client aborts (or the emulator closes). */
  | { type: 'hang' }
  /** The engine dies: this and later inference requests get 500, `/health` answers 503. */
  | { type: 'engine-death' };

/** Fault types that only apply to streamed (`stream: true`) responses. */
export const STREAM_FAULTS: ReadonlySet<VllmFault['type']> = new Set([
  'reset-mid-stream',
  'error-event',
  'malformed-chunk',
  'truncate-stream',
]);

/** When a fault applies. Without `requests`/`probability` it applies to every matching request. */
export interface VllmFaultRule {
  fault: VllmFault;
  /**
   * Which paths: a path prefix string (`'/v1/chat/completions'`) or a RegExp.
   * @default every `/v1/…` inference endpoint (chat, completions, embeddings, score, rerank)
   */
  path?: string | RegExp;
  /** Apply to these matching requests only, counted from 1 since the rule was added (e.g. `[1, 3]`). */
  requests?: number[];
  /** Apply to each matching request with this probability (0–1), drawn from a seeded PRNG. */
  probability?: number;
  /** Stop applying after this many injections. @default unlimited */
  times?: number;
}

/** One injected fault, as logged in `emulator.faults.injected`. */
export interface InjectedFault {
  /** The rule id. */
  ruleId: number;
  path: string;
  /** The matching-request number the rule saw (1-based). */
  requestNumber: number;
  fault: VllmFault;
  /** When it was injected (`Date.now()`). */
  at: number;
}

/** Options of `emulator.faults.restart()`. */
export interface VllmRestartOptions {
  /**
   * How long the replica is down: new connections are refused (`ECONNREFUSED`), as by a vLLM server
   * whose socket is bound but not yet listening while it loads the model.
   * @default 1000
   */
  downMs?: number;
}

/** What one restart did. */
export interface VllmRestartResult {
  /** Requests that were being answered when the replica went down (their connections dropped). */
  droppedRequests: number;
  /** Connections (idle keep-alive ones included) closed when it went down. */
  droppedConnections: number;
}
