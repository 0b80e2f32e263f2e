import type { SoakRun } from './run-soak';
import { CALL_KINDS, type CallKind } from './soak-config';
import type { CallOutcome, CallRecord, HandleSnapshot } from './soak-types';

/** The figures the issue asks for, computed from one run's raw records. */
export interface SoakFigures {
  calls: number;
  durationS: number;
  callsPerSecond: number;
  byKind: Record<CallKind, Record<CallOutcome, number>>;
  /** Non-streamed calls (generate, embed, batch items, abort-generate not aborted) that failed. */
  nonStreamedLost: { count: number; examples: string[] };
  batchItems: { total: number; rejected: number; lost: number };
  streamed: {
    total: number;
    /** Streams that failed before their first byte (should have failed over): lost. */
    failedBeforeFirstByte: number;
    failedAfterFirstByte: number;
    /** …of which the error is a `stream-interrupted` VllmRoutingError naming the replica. */
    clearErrorNamingReplica: number;
    /** …of which the named replica cut streams then (an injected reset mid-stream or a restart). */
    explainedByResetOrRestart: number;
    examples: string[];
  };
  rejectedByQueue: { count: number; error: string | undefined };
  aborted: number;
  failover: {
    /** Calls that succeeded after 2+ attempts (router failover and SDK retries). */
    calls: number;
    addedMs: { p50: number; p99: number; max: number } | undefined;
  };
  latencyMs: { p50: number; p99: number };
  retryAfter: { sidelined: number; attemptsSentWhileSidelined: number };
  breakers: Record<string, { opens: number; halfOpens: number; closes: number }>;
  /** The replica under the slow latency ramp: circuit opens/closes while it ramped. */
  ramp: { replica: string; seconds: number; opens: number; closes: number } | undefined;
  handles: {
    start: Record<string, number>;
    beforeClose: Record<string, number>;
    end: Record<string, number>;
  };
  handlesFlat: boolean;
  rssMB: { start: number; peak: number; end: number };
  finalRouterState: { inFlight: number; queued: number };
  exitedByItself: boolean;
  exitAfterMs: number | undefined;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

const sortedOf = (values: number[]) => values.slice().sort((a, b) => a - b);
const isStream = (kind: CallKind) => kind === 'stream' || kind === 'abort-stream';

/** Resources beyond the start snapshot's (what a leak would leave behind). */
function extraResources(start: HandleSnapshot, end: HandleSnapshot): Record<string, number> {
  const extra: Record<string, number> = {};
  for (const [name, count] of Object.entries(end.resources)) {
    const more = count - (start.resources[name] ?? 0);
    if (more > 0) extra[name] = more;
  }
  return extra;
}

export function soakFigures(run: Omit<SoakRun, 'figures'>): SoakFigures {
  const { records, events, samples, handles, finalStats } = run.client;
  const nameOf = new Map(Object.entries(run.replicas).map(([name, url]) => [url, name]));
  const byKind = Object.fromEntries(
    CALL_KINDS.map((kind) => [kind, { ok: 0, aborted: 0, rejected: 0, 'stream-broken': 0, lost: 0 }]),
  ) as SoakFigures['byKind'];
  for (const record of records) byKind[record.kind][record.outcome]++;

  const describe = (record: CallRecord) =>
    `#${record.id} ${record.kind}: ${record.error?.routing?.message ?? record.error?.message ?? ''}`.slice(
      0,
      300,
    );
  const lost = records.filter((record) => record.outcome === 'lost' && !isStream(record.kind));
  const batchItems = { total: 0, rejected: 0, lost: 0 };
  for (const record of records) {
    if (record.kind !== 'batch' || record.items === undefined) continue;
    batchItems.total += record.items.total;
    batchItems.rejected += record.items.rejected;
    batchItems.lost += record.items.lost;
  }

  // Streams: failures after the first byte, their errors, and whether a reset or restart explains them.
  const streams = records.filter((record) => isStream(record.kind));
  const broken = streams.filter((record) => record.outcome === 'stream-broken');
  const clear = broken.filter(
    (record) =>
      record.error?.routing?.reason === 'stream-interrupted' &&
      nameOf.has(record.error.routing.url) &&
      record.error.routing.message.includes(record.error.routing.url),
  );
  const cutAt = (replica: string) => [
    ...(run.midStreamResets[replica] ?? []),
    ...run.faults
      .filter(
        (fault) =>
          fault.replica === replica && fault.kind !== 'engine-death' && fault.detail?.startsWith('down'),
      )
      .map((fault) => fault.at),
  ];
  const explained = clear.filter((record) => {
    const replica = nameOf.get(record.error!.routing!.url)!;
    return cutAt(replica).some((at) => at >= record.start - 50 && at <= record.end + 50);
  });

  const rejected = records.filter((record) => record.outcome === 'rejected');
  const queueError = rejected.find((record) => record.error?.routing?.reason === 'queue-full');

  // Failover: time from a call's first attempt to its last (successful) one.
  const added = sortedOf(
    records
      .filter((record) => record.outcome === 'ok' && record.kind !== 'batch' && record.attempts.length > 1)
      .map((record) => record.attempts.at(-1)!.start - record.attempts[0].start),
  );
  const latencies = sortedOf(
    records
      .filter((record) => record.outcome === 'ok' && !record.kind.startsWith('abort'))
      .map((record) => record.end - record.start),
  );

  // Retry-After: no call attempt may reach a replica inside the wait it asked for.
  const waits = events.filter(
    (event) => event.type === 'endpoint-retry-after' && event.retryAt !== undefined,
  );
  const attempts = records.flatMap((record) => record.attempts);
  const violations = attempts.filter((attempt) =>
    waits.some(
      (wait) =>
        `${attempt.endpoint}/v1` === wait.endpoint &&
        attempt.start > wait.timestamp + 5 &&
        attempt.start < wait.retryAt! - 5,
    ),
  ).length;

  const breakers: SoakFigures['breakers'] = {};
  for (const [name, url] of Object.entries(run.replicas)) {
    const of = (type: string) =>
      events.filter((event) => event.endpoint === url && event.type === type).length;
    breakers[name] = {
      opens: of('circuit-open'),
      halfOpens: of('circuit-half-open'),
      closes: of('circuit-closed'),
    };
  }
  const rampStart = run.faults.find((fault) => fault.kind === 'latency-ramp' && fault.phase === 'start');
  const rampStop = run.faults.find((fault) => fault.kind === 'latency-ramp' && fault.phase === 'stop');
  let ramp: SoakFigures['ramp'];
  if (rampStart !== undefined) {
    const until = rampStop?.at ?? Number.POSITIVE_INFINITY;
    const during = events.filter(
      (event) =>
        event.endpoint === rampStart.endpoint && event.timestamp >= rampStart.at && event.timestamp <= until,
    );
    ramp = {
      replica: rampStart.replica,
      seconds: ((rampStop?.at ?? rampStart.at) - rampStart.at) / 1000,
      opens: during.filter((event) => event.type === 'circuit-open').length,
      closes: during.filter((event) => event.type === 'circuit-closed').length,
    };
  }

  const durationS = run.durationMs / 1000;
  const extra = extraResources(handles.start, handles.end);
  return {
    calls: records.length,
    durationS,
    callsPerSecond: records.length / durationS,
    byKind,
    nonStreamedLost: { count: lost.length + batchItems.lost, examples: lost.slice(0, 5).map(describe) },
    batchItems,
    streamed: {
      total: streams.length,
      failedBeforeFirstByte: streams.filter((record) => record.outcome === 'lost').length,
      failedAfterFirstByte: broken.length,
      clearErrorNamingReplica: clear.length,
      explainedByResetOrRestart: explained.length,
      examples: broken.slice(0, 3).map(describe),
    },
    rejectedByQueue: { count: rejected.length, error: queueError?.error?.routing?.message },
    aborted: records.filter((record) => record.outcome === 'aborted').length,
    failover: {
      calls: added.length,
      addedMs:
        added.length === 0
          ? undefined
          : { p50: percentile(added, 50), p99: percentile(added, 99), max: added.at(-1)! },
    },
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
    retryAfter: { sidelined: waits.length, attemptsSentWhileSidelined: violations },
    breakers,
    ramp,
    handles: {
      start: handles.start.resources,
      beforeClose: handles.beforeClose.resources,
      end: handles.end.resources,
    },
    handlesFlat: Object.keys(extra).length === 0,
    rssMB: {
      start: handles.start.rssMB,
      peak: Math.max(handles.start.rssMB, ...samples.map((sample) => sample.rssMB)),
      end: handles.end.rssMB,
    },
    finalRouterState: {
      inFlight: finalStats.chat.inFlight + finalStats.embedding.inFlight,
      queued: finalStats.chat.queued + finalStats.embedding.queued,
    },
    exitedByItself: run.exit.byItself,
    exitAfterMs: run.exit.afterMs,
  };
}
