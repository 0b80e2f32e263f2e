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
    /** …of which vLLM's own in-band error event (`data: {"error": …}`, e.g. its engine died mid-answer). */
    vllmErrorEvents: number;
    /** Those the faults explain: the replica cut streams then (a reset mid-stream, a restart) or its engine died. */
    explainedByFaults: number;
    examples: string[];
  };
  rejectedByQueue: { count: number; error: string | undefined };
  aborted: number;
  failover: {
    /** Calls that succeeded after the router moved them to another replica (no SDK retry). */
    calls: number;
    /** Time from the first attempt to the successful one. */
    addedMs: { p50: number; p99: number; max: number } | undefined;
    /** Calls that also needed the AI SDK's own retries (`maxRetries`, after its backoff or Retry-After). */
    withSdkRetries: number;
    withSdkRetriesAddedMs: { p50: number; p99: number; max: number } | undefined;
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
  /** Heap after a full GC at every tenth of the calls (flat = no leak; the run's records are kept). */
  heapMB: Array<{ completed: number; heapMB: number; rssMB: number }>;
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
  const inBand = broken.filter((record) => record.error?.routing === undefined);
  // When each replica cut streams: injected resets mid-stream, restarts going down, engine deaths.
  const cutAt = (replica: string) => [
    ...(run.midStreamResets[replica] ?? []),
    ...run.faults
      .filter(
        (fault) =>
          fault.replica === replica &&
          fault.phase === 'start' &&
          (fault.detail?.startsWith('down') || fault.kind === 'engine-death'),
      )
      .map((fault) => fault.at),
  ];
  const explained = broken.filter((record) => {
    const url = record.error?.routing?.url ?? `${record.attempts.at(-1)?.endpoint}/v1`;
    const replica = nameOf.get(url);
    return (
      replica !== undefined && cutAt(replica).some((at) => at >= record.start - 50 && at <= record.end + 50)
    );
  });

  const rejected = records.filter((record) => record.outcome === 'rejected');
  const queueError = rejected.find((record) => record.error?.routing?.reason === 'queue-full');

  // Failover: time from a call's first attempt to its last (successful) one. The router starts the
  // next attempt as soon as one fails; a gap means the SDK waited before its own retry.
  const retried = records.filter(
    (record) => record.outcome === 'ok' && record.kind !== 'batch' && record.attempts.length > 1,
  );
  const sdkRetried = (record: CallRecord) =>
    record.attempts.some(
      (attempt, index) => index > 0 && attempt.start - (record.attempts[index - 1].end ?? 0) > 200,
    );
  const addedOf = (list: CallRecord[]) =>
    sortedOf(list.map((record) => record.attempts.at(-1)!.start - record.attempts[0].start));
  const added = addedOf(retried.filter((record) => !sdkRetried(record)));
  const addedWithRetries = addedOf(retried.filter(sdkRetried));
  const spread = (values: number[]) =>
    values.length === 0
      ? undefined
      : { p50: percentile(values, 50), p99: percentile(values, 99), max: values.at(-1)! };
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
      vllmErrorEvents: inBand.length,
      explainedByFaults: explained.length,
      examples: broken.slice(0, 3).map(describe),
    },
    rejectedByQueue: { count: rejected.length, error: queueError?.error?.routing?.message },
    aborted: records.filter((record) => record.outcome === 'aborted').length,
    failover: {
      calls: added.length,
      addedMs: spread(added),
      withSdkRetries: addedWithRetries.length,
      withSdkRetriesAddedMs: spread(addedWithRetries),
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
    heapMB: run.client.memory,
    finalRouterState: {
      inFlight: finalStats.chat.inFlight + finalStats.embedding.inFlight,
      queued: finalStats.chat.queued + finalStats.embedding.queued,
    },
    exitedByItself: run.exit.byItself,
    exitAfterMs: run.exit.afterMs,
  };
}
