import type { SoakRun } from './run-soak';

const format = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits });
const resources = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, count]) => `${name} ${count}`)
    .join(', ') || 'none';

/** The soak's figures as the text `npm run soak` prints (and the README quotes). */
export function formatFigures(run: SoakRun): string {
  const f = run.figures;
  const { config, machine } = run;
  const goal = (met: boolean) => (met ? 'goal met' : 'GOAL NOT MET');
  const kinds = Object.entries(f.byKind)
    .map(([kind, outcome]) => {
      const parts = Object.entries(outcome)
        .filter(([, count]) => count > 0)
        .map(([name, count]) => `${name} ${count}`);
      return `    ${kind.padEnd(15)} ${parts.join(', ')}`;
    })
    .join('\n');
  const breakers = Object.entries(f.breakers)
    .map(([name, b]) => `${name} ${b.opens}/${b.halfOpens}/${b.closes}`)
    .join(', ');
  return [
    '',
    `chaos soak: ${format(f.calls)} calls at concurrency ${config.concurrency} over ${config.chatReplicas} chat + ${config.embeddingReplicas} embedding emulator replicas in ${format(f.durationS, 1)} s (${format(f.callsPerSecond)} calls/s)`,
    `machine: ${machine.cpus} cores, load average ${machine.loadavgStart.map((v) => v.toFixed(2)).join(' ')} at start, ${machine.loadavgEnd.map((v) => v.toFixed(2)).join(' ')} at end; Node ${machine.node}`,
    `faults: ${run.faultKinds.join(', ')}`,
    '  outcomes by kind:',
    kinds,
    `  non-streamed calls lost: ${f.nonStreamedLost.count} (${goal(f.nonStreamedLost.count === 0)})${f.nonStreamedLost.examples.map((example) => `\n    ${example}`).join('')}`,
    `  batch items: ${f.batchItems.total} (rejected by the queue ${f.batchItems.rejected}, lost ${f.batchItems.lost})`,
    `  streamed calls: ${f.streamed.total}; failed before the first byte ${f.streamed.failedBeforeFirstByte} (${goal(f.streamed.failedBeforeFirstByte === 0)}); failed after it ${f.streamed.failedAfterFirstByte}: ${f.streamed.clearErrorNamingReplica} broken streams with a stream-interrupted error naming the replica, ${f.streamed.vllmErrorEvents} ended by vLLM's own error event; ${f.streamed.explainedByFaults} of them explained by a fault on that replica then (${goal(f.streamed.explainedByFaults === f.streamed.failedAfterFirstByte && f.streamed.clearErrorNamingReplica + f.streamed.vllmErrorEvents === f.streamed.failedAfterFirstByte)})`,
    `  rejected by the bounded queue: ${f.rejectedByQueue.count}${f.rejectedByQueue.error ? ` — "${f.rejectedByQueue.error}"` : ''}`,
    `  aborted by the caller: ${f.aborted}`,
    `  failover by the router: ${f.failover.calls} calls succeeded on another replica; latency added p50 ${format(f.failover.addedMs?.p50 ?? 0)} ms, p99 ${format(f.failover.addedMs?.p99 ?? 0)} ms, max ${format(f.failover.addedMs?.max ?? 0)} ms`,
    `  with the AI SDK's own retries too (backoff, Retry-After): ${f.failover.withSdkRetries} calls; latency added p50 ${format(f.failover.withSdkRetriesAddedMs?.p50 ?? 0)} ms, p99 ${format(f.failover.withSdkRetriesAddedMs?.p99 ?? 0)} ms, max ${format(f.failover.withSdkRetriesAddedMs?.max ?? 0)} ms`,
    `  latency of completed calls: p50 ${format(f.latencyMs.p50)} ms, p99 ${format(f.latencyMs.p99)} ms`,
    `  Retry-After: ${f.retryAfter.sidelined} waits honoured; call attempts sent to a replica inside its wait: ${f.retryAfter.attemptsSentWhileSidelined} (${goal(f.retryAfter.attemptsSentWhileSidelined === 0)})`,
    `  circuit opens/half-opens/closes: ${breakers}`,
    f.ramp
      ? `  slow ramp on ${f.ramp.replica} (${format(f.ramp.seconds, 1)} s): circuit opened ${f.ramp.opens}×, closed ${f.ramp.closes}×`
      : '',
    `  open handles at start: ${resources(f.handles.start)}`,
    `  open handles before close(): ${resources(f.handles.beforeClose)}`,
    `  open handles at end: ${resources(f.handles.end)} (${goal(f.handlesFlat)}: nothing beyond the start)`,
    `  RSS: ${format(f.rssMB.start, 1)} MB at start, ${format(f.rssMB.peak, 1)} MB peak, ${format(f.rssMB.end, 1)} MB at end`,
    `  heap after GC at each tenth of the calls: ${f.heapMB.map((point) => format(point.heapMB, 1)).join(', ')} MB (the run keeps every call's record)`,
    `  RSS at each tenth of the calls: ${f.heapMB.map((point) => format(point.rssMB, 0)).join(', ')} MB`,
    `  router state at the end: ${f.finalRouterState.inFlight} in flight, ${f.finalRouterState.queued} queued`,
    `  process exited by itself: ${f.exitedByItself ? `yes, ${format(f.exitAfterMs ?? 0)} ms after its report` : 'NO'}`,
  ]
    .filter((line) => line !== '')
    .join('\n');
}
