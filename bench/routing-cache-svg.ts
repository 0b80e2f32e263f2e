// The SVG chart of `npm run bench:routing`'s multi-turn workload: one bar panel per figure
// (hit rate, mean and p99 time to first token, load imbalance), one bar per strategy.
import { escapeXml } from '../src/bench/svg-scale';
import type { CacheStrategyResult } from './routing-cache-workload';

const COLORS: Record<string, string> = {
  'round-robin': '#9ca3af',
  'least-busy': '#f59e0b',
  session: '#059669',
  'session-no-keys': '#10b981',
  'prefix-aware': '#2563eb',
};

interface Panel {
  title: string;
  value: (result: CacheStrategyResult) => number;
  format: (value: number) => string;
  /** A reference line (e.g. the single replica's hit rate). */
  reference?: { value: number; label: string };
  /** A goal line. */
  goal?: { value: number; label: string };
}

const milliseconds = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;

/** Renders the strategies' results as a self-contained SVG (no scripts or external references). */
export function renderRoutingCacheSvg(
  results: readonly CacheStrategyResult[],
  ideal: CacheStrategyResult | undefined,
  title: string,
): string {
  const panels: Panel[] = [
    {
      title: 'Prefix-cache hit rate',
      value: (result) => result.hitRate * 100,
      format: (value) => `${value.toFixed(1)}%`,
      reference: ideal && {
        value: ideal.hitRate * 100,
        label: `one replica, all memory: ${(ideal.hitRate * 100).toFixed(1)}%`,
      },
    },
    { title: 'Mean time to first token', value: (result) => result.meanTtftMs, format: milliseconds },
    { title: 'p99 time to first token', value: (result) => result.p99TtftMs, format: milliseconds },
    {
      title: 'Imbalance (max ÷ mean requests)',
      value: (result) => result.imbalance,
      format: (value) => value.toFixed(2),
      goal: { value: 1.3, label: 'goal ≤ 1.3' },
    },
  ];
  const width = 1000;
  const panelWidth = 225;
  const panelHeight = 250;
  const top = 70;
  const height = top + panelHeight + 10;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="20" y="28" font-size="16" font-weight="600">${escapeXml(title)}</text>`,
  ];
  results.forEach((result, index) => {
    const x = 20 + index * 150;
    out.push(
      `<rect x="${x}" y="42" width="12" height="12" fill="${COLORS[result.strategy] ?? '#6b7280'}"/>`,
      `<text x="${x + 18}" y="52">${escapeXml(result.strategy)}</text>`,
    );
  });
  panels.forEach((panel, panelIndex) => {
    const left = 20 + panelIndex * (panelWidth + 20);
    const values = results.map(panel.value);
    const max = Math.max(...values, panel.reference?.value ?? 0, panel.goal?.value ?? 0) * 1.15 || 1;
    const barArea = panelHeight - 50;
    const y = (value: number) => top + 30 + barArea * (1 - value / max);
    out.push(`<g data-panel="${panelIndex}">`);
    out.push(`<text x="${left}" y="${top + 12}" font-weight="600">${escapeXml(panel.title)}</text>`);
    out.push(
      `<line x1="${left}" y1="${top + 30 + barArea}" x2="${left + panelWidth}" y2="${top + 30 + barArea}" stroke="#4b5563"/>`,
    );
    const barWidth = (panelWidth - 20) / results.length;
    results.forEach((result, index) => {
      const value = values[index];
      const x = left + 10 + index * barWidth;
      const color = COLORS[result.strategy] ?? '#6b7280';
      out.push(
        `<rect data-strategy="${result.strategy}" x="${x + 4}" y="${y(value)}" width="${barWidth - 8}" height="${top + 30 + barArea - y(value)}" fill="${color}"><title>${escapeXml(`${result.strategy}: ${panel.format(value)}`)}</title></rect>`,
      );
      out.push(
        `<text x="${x + barWidth / 2}" y="${y(value) - 4}" text-anchor="middle" font-size="11">${escapeXml(panel.format(value))}</text>`,
      );
    });
    for (const line of [panel.reference, panel.goal]) {
      if (line === undefined) continue;
      out.push(
        `<line x1="${left}" y1="${y(line.value)}" x2="${left + panelWidth}" y2="${y(line.value)}" stroke="#dc2626" stroke-dasharray="4 3"/>`,
        `<text x="${left + panelWidth}" y="${y(line.value) - 4}" text-anchor="end" fill="#dc2626" font-size="10">${escapeXml(line.label)}</text>`,
      );
    }
    out.push('</g>');
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
