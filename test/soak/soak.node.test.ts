import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runSoak, type SoakRun } from './run-soak';
import { SHORT_SOAK } from './soak-config';
import { formatFigures } from './soak-report';
import { renderSoakTimeline } from './soak-timeline-svg';

// The short chaos soak: the same fleet, schedule and mixed load as `npm run soak`, over 1,000 calls.
// Assertions are on behaviour (what was lost, what users saw, what leaked), never on timing.

let run: SoakRun;

describe('chaos soak (short)', () => {
  it('runs 1,000 mixed calls at concurrency 64 through every fault kind', async () => {
    run = await runSoak(SHORT_SOAK);
    // Kept for a look after a failure (test-output/ is not committed).
    mkdirSync('test-output', { recursive: true });
    writeFileSync('test-output/soak-short.json', JSON.stringify(run));
    writeFileSync('test-output/soak-short.svg', renderSoakTimeline(run));
    const figures = formatFigures(run);
    expect(run.figures.calls, figures).toBe(1_000);
    const injected = new Set(run.faults.filter((fault) => fault.phase !== 'stop').map((fault) => fault.kind));
    expect([...injected].sort()).toEqual(
      [
        '429-retry-after',
        '5xx-burst',
        'connection-refused',
        'engine-death',
        'hang',
        'latency-ramp',
        'reset-before-headers',
        'reset-mid-stream',
        'rolling-restart',
        'slow-headers',
      ].sort(),
    );
    expect(Object.keys(run.replicas)).toHaveLength(6);
  }, 180_000);

  it('loses no non-streamed call while a replica is healthy', () => {
    expect(run.figures.nonStreamedLost, formatFigures(run)).toEqual({ count: 0, examples: [] });
    expect(run.figures.batchItems.lost).toBe(0);
  });

  it('fails streams only after their first byte, each with a clear error a fault explains', () => {
    const { streamed } = run.figures;
    expect(streamed.failedBeforeFirstByte).toBe(0);
    expect(streamed.failedAfterFirstByte).toBeGreaterThan(0); // resets mid-stream were injected
    expect(streamed.clearErrorNamingReplica + streamed.vllmErrorEvents).toBe(streamed.failedAfterFirstByte);
    expect(streamed.explainedByFaults).toBe(streamed.failedAfterFirstByte);
    for (const record of run.client.records.filter((item) => item.outcome === 'stream-broken')) {
      if (record.error?.routing === undefined) continue;
      expect(record.error.routing.reason).toBe('stream-interrupted');
      expect(Object.values(run.replicas)).toContain(record.error.routing.url);
      expect(record.error.routing.message).toContain(`from vLLM at ${record.error.routing.url} broke after`);
    }
  });

  it('rejects only with the bounded queue’s error, and aborted calls end as aborted', () => {
    for (const record of run.client.records.filter(
      (item) => item.outcome === 'rejected' && item.kind !== 'batch',
    )) {
      expect(record.error?.routing?.reason).toBe('queue-full');
    }
    expect(run.figures.aborted).toBeGreaterThan(0);
    const abortedWrongly = run.client.records.filter(
      (record) => record.kind.startsWith('abort') && record.outcome === 'lost',
    );
    expect(abortedWrongly).toEqual([]);
  });

  it('honours Retry-After: no call reaches a replica inside the wait it asked for', () => {
    expect(run.figures.retryAfter.sidelined).toBeGreaterThan(0);
    expect(run.figures.retryAfter.attemptsSentWhileSidelined).toBe(0);
  });

  it('does not flap the circuit of a replica whose latency ramps past headersTimeoutMs', () => {
    const ramp = run.figures.ramp!;
    expect(ramp.opens).toBeGreaterThan(0); // it did trip
    expect(ramp.closes).toBeLessThanOrEqual(1);
  });

  it('leaks nothing: no slot held, no handle beyond the start, and the client process exits by itself', () => {
    expect(run.figures.finalRouterState).toEqual({ inFlight: 0, queued: 0 });
    expect(run.figures.handlesFlat, JSON.stringify(run.figures.handles)).toBe(true);
    expect(run.exit).toMatchObject({ byItself: true, code: 0 });
    // The heap after GC stays within 2× of its level early in the run (the run's own records are kept).
    const heap = run.figures.heapMB.map((point) => point.heapMB);
    expect(Math.max(...heap.slice(2))).toBeLessThan(2 * heap[1]);
  });

  it('draws the timeline: outcome series, one row per replica, the faults', () => {
    const svg = renderSoakTimeline(run);
    expect(svg).toMatch(/^<svg [^>]*data-calls="1000"/);
    expect(svg.match(/class="replica"/g)).toHaveLength(6);
    expect(svg).toContain('data-outcome="lost"');
    expect(svg).toContain('data-kind="rolling-restart"');
  });
});
