import { escapeXml, formatNumber, linearScale } from '../../src/bench/svg-scale';
import type { SoakRun } from './run-soak';
import type { CallOutcome } from './soak-types';

const WIDTH = 1200;
const LEFT = 150;
const RIGHT = WIDTH - 40;
const OUTCOME_COLORS: Record<CallOutcome, string> = {
  ok: '#16a34a',
  aborted: '#9ca3af',
  rejected: '#d97706',
  'stream-broken': '#7c3aed',
  lost: '#dc2626',
};
const STATE_COLORS: Record<string, string> = {
  closed: '#bbf7d0',
  'half-open': '#fde68a',
  open: '#fca5a5',
  unhealthy: '#d1d5db',
  'retry-after': '#c4b5fd',
};

/**
 * The soak as one SVG: calls finished per second by outcome (top), then one row per replica with
 * its circuit state, health and Retry-After waits sampled by the client, and the faults the
 * schedule put on it (bands and markers), on a shared time axis.
 */
export function renderSoakTimeline(run: SoakRun): string {
  const { records, samples } = run.client;
  const t0 = run.startedAt;
  const seconds = Math.max(1, run.durationMs / 1000);
  const x = (at: number) => LEFT + ((at - t0) / 1000 / seconds) * (RIGHT - LEFT);
  const out: string[] = [];

  // Panel 1: completions per second by outcome.
  const bucketS = Math.max(1, Math.round(seconds / 120));
  const buckets = Math.ceil(seconds / bucketS) + 1;
  const outcomes = Object.keys(OUTCOME_COLORS) as CallOutcome[];
  const counts = Object.fromEntries(outcomes.map((outcome) => [outcome, new Array<number>(buckets).fill(0)]));
  for (const record of records) {
    const bucket = Math.min(buckets - 1, Math.floor((record.end - t0) / 1000 / bucketS));
    counts[record.outcome][bucket] += 1 / bucketS;
  }
  const top = 60;
  const bottom = 300;
  const y = linearScale(Math.max(...outcomes.flatMap((outcome) => counts[outcome])), bottom, top);
  out.push(
    `<text x="${LEFT}" y="${top - 20}" font-size="14" font-weight="600">Calls finished per second, by outcome</text>`,
  );
  for (const tick of y.ticks) {
    const py = y.toPixel(tick).toFixed(1);
    out.push(
      `<line x1="${LEFT}" x2="${RIGHT}" y1="${py}" y2="${py}" stroke="#e5e7eb"/>`,
      `<text x="${LEFT - 6}" y="${py}" dy="0.32em" text-anchor="end" font-size="11">${formatNumber(tick)}</text>`,
    );
  }
  for (const outcome of outcomes) {
    const points = counts[outcome]
      .map(
        (value, index) =>
          `${x(t0 + (index + 0.5) * bucketS * 1000).toFixed(1)},${y.toPixel(value).toFixed(1)}`,
      )
      .join(' ');
    const total = records.filter((record) => record.outcome === outcome).length;
    out.push(
      `<polyline class="series" data-outcome="${outcome}" fill="none" stroke="${OUTCOME_COLORS[outcome]}" stroke-width="1.8" points="${points}"><title>${outcome}: ${total} calls</title></polyline>`,
    );
  }
  outcomes.forEach((outcome, index) => {
    const lx = LEFT + index * 170;
    const total = records.filter((record) => record.outcome === outcome).length;
    out.push(
      `<line x1="${lx}" x2="${lx + 20}" y1="${bottom + 22}" y2="${bottom + 22}" stroke="${OUTCOME_COLORS[outcome]}" stroke-width="3"/>`,
      `<text x="${lx + 26}" y="${bottom + 22}" dy="0.32em" font-size="11">${outcome} (${total})</text>`,
    );
  });

  // Panel 2: one row per replica: circuit/health/Retry-After from the client's samples, faults on top.
  const rowsTop = bottom + 70;
  const rowHeight = 34;
  const names = Object.keys(run.replicas);
  out.push(
    `<text x="${LEFT}" y="${rowsTop - 12}" font-size="14" font-weight="600">Replicas: circuit state (closed / half-open / open), ejected by health checks, waiting out Retry-After; faults injected</text>`,
  );
  names.forEach((name, row) => {
    const url = run.replicas[name];
    const ry = rowsTop + row * rowHeight;
    out.push(`<g class="replica" data-replica="${escapeXml(name)}">`);
    out.push(
      `<text x="${LEFT - 8}" y="${ry + 12}" text-anchor="end" font-size="12">${escapeXml(name)}</text>`,
    );
    samples.forEach((sample, index) => {
      const state = sample.endpoints.find((endpoint) => endpoint.endpoint === url);
      if (state === undefined) return;
      const next = samples[index + 1]?.at ?? sample.at + run.config.sampleMs;
      const kind = state.retryAfter ? 'retry-after' : !state.healthy ? 'unhealthy' : state.circuit;
      out.push(
        `<rect x="${x(sample.at).toFixed(1)}" y="${ry}" width="${Math.max(0.5, x(next) - x(sample.at)).toFixed(1)}" height="16" fill="${STATE_COLORS[kind]}"><title>${escapeXml(`${name}: ${kind}`)}</title></rect>`,
      );
    });
    const faults = run.faults.filter((fault) => fault.replica === name);
    for (const fault of faults) {
      if (fault.phase === 'stop') continue;
      const end =
        fault.phase === 'start'
          ? (faults.find(
              (other) => other.kind === fault.kind && other.phase === 'stop' && other.at >= fault.at,
            )?.at ?? fault.at)
          : fault.at;
      const label = `${fault.kind}${fault.detail ? `: ${fault.detail}` : ''}`;
      out.push(
        `<rect class="fault" data-kind="${escapeXml(fault.kind)}" x="${x(fault.at).toFixed(1)}" y="${ry + 18}" width="${Math.max(2, x(end) - x(fault.at)).toFixed(1)}" height="8" fill="#111827" opacity="0.7"><title>${escapeXml(label)}</title></rect>`,
        `<text x="${(x(fault.at) + 2).toFixed(1)}" y="${ry + 33}" font-size="9" fill="#374151">${escapeXml(fault.kind)}</text>`,
      );
    }
    out.push('</g>');
  });
  const axisY = rowsTop + names.length * rowHeight + 14;
  out.push(`<line x1="${LEFT}" x2="${RIGHT}" y1="${axisY}" y2="${axisY}" stroke="#4b5563"/>`);
  const step = Math.max(1, Math.round(seconds / 12));
  for (let second = 0; second <= seconds; second += step) {
    const px = x(t0 + second * 1000).toFixed(1);
    out.push(
      `<line x1="${px}" x2="${px}" y1="${top}" y2="${axisY}" stroke="#f3f4f6"/>`,
      `<text x="${px}" y="${axisY + 16}" text-anchor="middle" font-size="11">${second}</text>`,
    );
  }
  out.push(
    `<text x="${(LEFT + RIGHT) / 2}" y="${axisY + 34}" text-anchor="middle" font-size="12">seconds since the start</text>`,
  );
  Object.entries(STATE_COLORS).forEach(([state, color], index) => {
    const lx = LEFT + index * 150;
    out.push(
      `<rect x="${lx}" y="${axisY + 48}" width="18" height="12" fill="${color}"/>`,
      `<text x="${lx + 24}" y="${axisY + 54}" dy="0.32em" font-size="11">${state}</text>`,
    );
  });

  const height = axisY + 80;
  const f = run.figures;
  const title = `Chaos soak: ${f.calls} calls at concurrency ${run.config.concurrency}, ${names.length} replicas, ${formatNumber(seconds)} s — non-streamed lost ${f.nonStreamedLost.count}, streams broken mid-way ${f.streamed.failedAfterFirstByte}, rejected by the queue ${f.rejectedByQueue.count}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif" data-calls="${f.calls}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="13" font-weight="600">${escapeXml(title)}</text>`,
    ...out,
    '</svg>',
    '',
  ].join('\n');
}
