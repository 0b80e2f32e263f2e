import type { VllmBenchmarkLevel, VllmBenchmarkResult, VllmLatencySummary } from './benchmark-types';
import { type ChartSeries, renderPanel } from './svg-panel';
import { escapeXml } from './svg-scale';

/** Options of {@link renderBenchmarkSvg}. */
export interface VllmBenchmarkSvgOptions {
  /** Chart title. @default "vLLM benchmark: <model>" */
  title?: string;
  /** Width in px (the height follows). @default 1000 */
  width?: number;
}

type LatencyField = 'ttftMs' | 'itlMs' | 'tpotMs' | 'e2eMs';

const LATENCY_SERIES: { field: LatencyField; name: string; color: string }[] = [
  { field: 'ttftMs', name: 'TTFT', color: '#2563eb' },
  { field: 'itlMs', name: 'ITL', color: '#059669' },
  { field: 'e2eMs', name: 'E2E', color: '#dc2626' },
];

function latencySeries(levels: VllmBenchmarkLevel[], streaming: boolean): ChartSeries[] {
  const series: ChartSeries[] = [];
  const percentiles: ('p50' | 'p90' | 'p99')[] = streaming ? ['p50', 'p99'] : ['p50', 'p90', 'p99'];
  for (const { field, name, color } of LATENCY_SERIES) {
    for (const percentile of percentiles) {
      const values = levels.map((level) => {
        const summary: VllmLatencySummary | null = level[field];
        return summary === null || summary.count === 0 ? null : summary[percentile];
      });
      if (values.every((value) => value === null)) continue;
      series.push({
        metric: `${field.replace('Ms', '')}-${percentile}`,
        label: `${name} ${percentile}`,
        color,
        dashed: percentile !== 'p50',
        unit: 'ms',
        values,
      });
    }
  }
  return series;
}

/**
 * A self-contained SVG chart of a benchmark (no scripts, fonts or external references; open it in
 * a browser or embed it in a README): throughput vs concurrency (output tokens/s on the left axis,
 * requests/s on the right) and latency vs concurrency (TTFT, ITL, E2E at p50/p99 for streamed runs,
 * E2E p50/p90/p99 otherwise; log scale when they span more than 20×). Each metric is one series,
 * marked `data-metric="…"`; points carry tooltips with the exact values.
 */
export function renderBenchmarkSvg(
  result: VllmBenchmarkResult,
  options: VllmBenchmarkSvgOptions = {},
): string {
  const width = Math.max(480, options.width ?? 1000);
  const height = Math.round(width * 0.46);
  const levels = [...result.levels].sort((a, b) => a.concurrency - b.concurrency);
  const concurrency = levels.map((level) => level.concurrency);
  const { settings, server } = result;
  const title = options.title ?? `vLLM benchmark: ${server.model}`;
  const subtitle = [
    server.vllmVersion ? `vLLM ${server.vllmVersion}` : undefined,
    `${settings.endpoint} endpoint, ${settings.streaming ? 'streamed' : 'not streamed'}`,
    `~${settings.promptTokens} prompt tokens, ${settings.outputTokens} output tokens`,
    result.startedAt.slice(0, 16).replace('T', ' '),
  ]
    .filter(Boolean)
    .join(' · ');
  const errors = levels.reduce((sum, level) => sum + level.errors, 0);
  const panelTop = 58;
  const panelHeight = height - panelTop - 8;
  const half = width / 2;

  const throughput = renderPanel({
    id: 'throughput',
    title: 'Throughput vs concurrency',
    left: 0,
    top: panelTop,
    width: half,
    height: panelHeight,
    concurrency,
    leftLabel: 'output tokens/s',
    rightLabel: 'requests/s',
    leftScale: 'linear',
    series: [
      {
        metric: 'output-tokens-per-second',
        label: 'output tokens/s',
        color: '#7c3aed',
        unit: 'tokens/s',
        values: levels.map((level) => level.outputTokensPerSecond),
      },
      {
        metric: 'requests-per-second',
        label: 'requests/s (right axis)',
        color: '#d97706',
        dashed: true,
        axis: 'right',
        unit: 'requests/s',
        values: levels.map((level) => level.requestsPerSecond),
      },
    ],
  });
  const latency = renderPanel({
    id: 'latency',
    title: 'Latency vs concurrency',
    left: half + 12,
    top: panelTop,
    width: half - 12,
    height: panelHeight,
    concurrency,
    leftLabel: 'latency (ms)',
    leftScale: 'log',
    series: latencySeries(levels, settings.streaming),
  });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="17" font-weight="700">${escapeXml(title)}</text>`,
    `<text x="${width / 2}" y="44" text-anchor="middle" font-size="12" fill="#4b5563">${escapeXml(subtitle)}${errors > 0 ? ` · <tspan fill="#dc2626">${errors} failed requests</tspan>` : ''}</text>`,
    throughput,
    latency,
    '</svg>',
    '',
  ].join('\n');
}
