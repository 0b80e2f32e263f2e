import type { VllmRoutingStats } from '../../src';
import type { CallKind } from './soak-config';

/** One HTTP attempt the router made for a call (seen by the transport under it). */
export interface AttemptRecord {
  call: number;
  /** The replica's origin (`http://127.0.0.1:port`). */
  endpoint: string;
  start: number;
  /** When its headers came, or it failed before them. */
  end?: number;
  status?: number;
  error?: string;
  /** Response bytes received (streams only). */
  bytes: number;
}

/** What a failed call's error told the user. */
export interface ErrorInfo {
  /** The top-level message. */
  message: string;
  /** The call was aborted by its caller (the abort kinds' timer). */
  aborted: boolean;
  /** The router's error, if any is in the chain: reason, the URL it names, its message. */
  routing?: { reason: string; url: string; message: string };
}

/** How a call ended, for the figures. */
export type CallOutcome =
  /** Completed. */
  | 'ok'
  /** Aborted by its caller, as the load intended. */
  | 'aborted'
  /** Refused by the bounded queue (`queue-full`). */
  | 'rejected'
  /** A stream that failed after its first byte (cannot be failed over). */
  | 'stream-broken'
  /** Anything else: a call the fleet should have served and did not. */
  | 'lost';

export interface CallRecord {
  id: number;
  kind: CallKind;
  start: number;
  end: number;
  outcome: CallOutcome;
  error?: ErrorInfo;
  /** Batch calls: items, and how many were rejected by the queue or lost. */
  items?: { total: number; rejected: number; lost: number };
  attempts: AttemptRecord[];
}

/** Router state sampled every `sampleMs`. */
export interface StateSample {
  at: number;
  inFlight: number;
  queued: number;
  rssMB: number;
  endpoints: Array<{ endpoint: string; circuit: string; healthy: boolean; retryAfter: boolean }>;
}

/** `process.getActiveResourcesInfo()` grouped by kind, with RSS (after a GC when `--expose-gc`). */
export interface HandleSnapshot {
  at: number;
  rssMB: number;
  resources: Record<string, number>;
}

/** A routing event as the client saw it (`retryAt` for circuit-open and endpoint-retry-after). */
export interface RoutingEventRecord {
  type: string;
  endpoint: string;
  timestamp: number;
  retryAt?: number;
}

/** Lines the client prints. */
export type ClientMessage =
  | { type: 'progress'; started: number; completed: number; at: number }
  | {
      type: 'report';
      records: CallRecord[];
      events: RoutingEventRecord[];
      samples: StateSample[];
      handles: { start: HandleSnapshot; beforeClose: HandleSnapshot; end: HandleSnapshot };
      memory: Array<{ completed: number; heapMB: number; rssMB: number }>;
      finalStats: { chat: VllmRoutingStats; embedding: VllmRoutingStats };
      reportedAt: number;
    };

/** One thing the fault schedule did to a replica. */
export interface FaultEvent {
  at: number;
  /** `chat-0`, `embedding-1`, … */
  replica: string;
  /** The replica's base URL. */
  endpoint: string;
  /** Fault kind: `reset-before-headers`, `5xx-burst`, `429-retry-after`, `latency-ramp`, `restart`, … */
  kind: string;
  /** `start`/`stop` of a window, or a one-off `hit`. */
  phase: 'start' | 'stop' | 'hit';
  detail?: string;
}
