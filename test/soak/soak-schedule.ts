import { setTimeout as delay } from 'node:timers/promises';
import type { VllmFaultHandle, VllmFaultRule } from '../../src/testing';
import type { SoakConfig } from './soak-config';
import type { SoakFleet } from './soak-fleet';
import type { FaultEvent } from './soak-types';

/** What a schedule step can use. */
export interface ScheduleContext {
  fleet: SoakFleet;
  config: SoakConfig;
  /** Milliseconds that `fraction` of the run takes at the current call rate. */
  msFor(fraction: number): number;
  log(replica: string, kind: string, phase: FaultEvent['phase'], detail?: string): void;
  /** Rule handles of open windows, by window id. */
  handles: Map<string, VllmFaultHandle>;
  /** The restart in progress (restarts are serialised). */
  restarts: Promise<unknown>;
}

/** One step, run when `at` of the calls have started. */
export interface ScheduleStep {
  at: number;
  replica: string;
  kind: string;
  run(context: ScheduleContext): undefined | Promise<unknown>;
}

/** A fault rule applied to `replica` while the run is between `from` and `to`. */
function window(
  from: number,
  to: number,
  replica: string,
  kind: string,
  rule: (context: ScheduleContext) => VllmFaultRule,
): ScheduleStep[] {
  const id = `${replica}:${kind}:${from}`;
  return [
    {
      at: from,
      replica,
      kind,
      run: (context) => {
        const resolved = rule(context);
        context.handles.set(id, context.fleet.get(replica).faults.add(resolved));
        context.log(replica, kind, 'start', JSON.stringify(resolved.fault));
      },
    },
    {
      at: to,
      replica,
      kind,
      run: (context) => {
        context.handles.get(id)?.remove();
        context.log(replica, kind, 'stop');
      },
    },
  ];
}

/** A burst: every inference request of `replica` gets `status` for `length` of the run. */
function burst(at: number, replica: string, status: number, length = 0.015): ScheduleStep[] {
  return window(at, at + length, replica, '5xx-burst', () => ({ fault: { type: 'http-error', status } }));
}

/** A restart: connections dropped, refused for `downFraction` of the run (at least `minDownMs`). */
function restart(at: number, replica: string, kind: string, downFraction: number): ScheduleStep {
  return {
    at,
    replica,
    kind,
    run: (context) => {
      // One restart at a time, each replica back and seen healthy before the next goes down (as a
      // rolling upgrade waits for readiness), even when the load moves faster than they do.
      const run = context.restarts.then(async () => {
        await restartNow(context, replica, kind, downFraction);
        await delay(Math.max(context.config.minDownMs, Math.round(context.msFor(0.005))));
      });
      context.restarts = run.catch(() => undefined);
      return run;
    },
  };
}

async function restartNow(
  context: ScheduleContext,
  replica: string,
  kind: string,
  downFraction: number,
): Promise<void> {
  const downMs = Math.max(context.config.minDownMs, Math.round(context.msFor(downFraction)));
  context.log(replica, kind, 'start', `down ${downMs} ms`);
  const result = await context.fleet.get(replica).faults.restart({ downMs });
  context.log(
    replica,
    kind,
    'stop',
    `dropped ${result.droppedRequests} requests, ${result.droppedConnections} connections`,
  );
}

/**
 * Every fault kind, overlapping, with at least one chat and one embedding replica serving at any
 * time. Positions are fractions of the calls started, so a slow machine hits the same calls.
 *
 *   chat-0       resets before headers .05–.20 · 429 + Retry-After .30–.38 · engine dies .56, restarts .62
 *   chat-1       5xx bursts .08/.12/.16 · slow headers .20–.28 · hangs .64–.72
 *   chat-2       resets mid-stream .10–.30 · down (connection refused) from .44
 *   chat-3       latency ramp .25–.70, past headersTimeoutMs from about .42
 *   embedding-0  resets before headers .15–.30 · 429 + Retry-After .64–.70
 *   embedding-1  503 burst .42 · down from .50
 *   all          rolling restart, one by one (each back before the next goes), from .72; quiet tail
 */
export function soakSchedule(config: SoakConfig): ScheduleStep[] {
  const chatNames = Array.from({ length: config.chatReplicas }, (_, index) => `chat-${index}`);
  const embeddingNames = Array.from({ length: config.embeddingReplicas }, (_, index) => `embedding-${index}`);
  const slowHeadersMs = config.client.headersTimeoutMs * 2;
  const steps: ScheduleStep[] = [
    ...window(0.05, 0.2, 'chat-0', 'reset-before-headers', () => ({
      fault: { type: 'reset-before-headers' },
      probability: 0.3,
    })),
    ...burst(0.08, 'chat-1', 503),
    ...burst(0.12, 'chat-1', 502),
    ...burst(0.16, 'chat-1', 500),
    ...window(0.1, 0.3, 'chat-2', 'reset-mid-stream', () => ({
      fault: { type: 'reset-mid-stream', afterChunks: 3 },
      probability: 0.3,
    })),
    ...window(0.15, 0.3, 'embedding-0', 'reset-before-headers', () => ({
      fault: { type: 'reset-before-headers' },
      probability: 0.3,
    })),
    // Well after embedding-0's resets end (.30): calls still in flight from then retry for a while,
    // and progress is sampled, so windows of the two embedding replicas keep a margin.
    ...burst(0.42, 'embedding-1', 503, 0.02),
    // A slow ramp through headersTimeoutMs: the replica degrades over a third of the run.
    ...window(0.25, 0.7, 'chat-3', 'latency-ramp', (context) => ({
      fault: {
        type: 'latency-ramp',
        fromMs: 0,
        toMs: slowHeadersMs,
        overMs: Math.round(context.msFor(0.35)),
      },
    })),
    ...window(0.3, 0.38, 'chat-0', '429-retry-after', () => ({
      fault: { type: 'http-error', status: 429, message: 'Rate limit exceeded', retryAfter: 2 },
    })),
    ...window(0.2, 0.28, 'chat-1', 'slow-headers', () => ({
      fault: { type: 'latency', ms: slowHeadersMs },
      probability: 0.5,
    })),
    restart(0.44, 'chat-2', 'connection-refused', 0.05),
    restart(0.5, 'embedding-1', 'connection-refused', 0.03),
    {
      at: 0.56,
      replica: 'chat-0',
      kind: 'engine-death',
      run: (context) => {
        context.fleet.get('chat-0').faults.killEngine();
        context.log('chat-0', 'engine-death', 'start', 'inference → 500 EngineDeadError, /health → 503');
      },
    },
    restart(0.62, 'chat-0', 'engine-death', 0.01),
    ...window(0.64, 0.72, 'chat-1', 'hang', () => ({ fault: { type: 'hang' }, probability: 0.2 })),
    ...window(0.64, 0.7, 'embedding-0', '429-retry-after', () => ({
      fault: { type: 'http-error', status: 429, message: 'Rate limit exceeded', retryAfter: 1 },
    })),
  ];
  // A rolling restart of every replica, one by one, then a quiet tail.
  const rolling = [...chatNames, ...embeddingNames];
  rolling.forEach((name, index) => {
    steps.push(restart(0.72 + (index * 0.18) / rolling.length, name, 'rolling-restart', 0.012));
  });
  return steps.sort((a, b) => a.at - b.at);
}

/** The fault kinds a schedule covers (for the report). */
export function scheduleKinds(steps: readonly ScheduleStep[]): string[] {
  return [...new Set(steps.map((step) => step.kind))];
}
