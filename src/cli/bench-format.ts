import type {
  VllmBenchmarkAnalysis,
  VllmBenchmarkProgress,
  VllmBenchmarkResult,
  VllmLatencySummary,
} from '../bench';

/** `[████████░░░░░░░░] 45/128  concurrency 16 (2/4)  measuring  2 errors` */
export function formatProgressBar(progress: VllmBenchmarkProgress, columns = 100): string {
  const width = Math.max(10, Math.min(30, columns - 60));
  const share = progress.total > 0 ? progress.completed / progress.total : 0;
  const filled = Math.round(share * width);
  const bar = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
  const count = `${progress.completed}/${progress.total}`.padStart(9);
  const level = `concurrency ${progress.concurrency} (${progress.levelIndex + 1}/${progress.levelCount})`;
  const phase = progress.phase === 'warmup' ? 'warming up' : 'measuring';
  const errors = progress.errors > 0 ? `  ${progress.errors} error${progress.errors === 1 ? '' : 's'}` : '';
  return `${bar} ${count}  ${level}  ${phase}${errors}`;
}

const pair = (summary: VllmLatencySummary | null) =>
  summary === null || summary.count === 0 ? '—' : `${summary.p50.toFixed(1)} / ${summary.p99.toFixed(1)}`;

/** The results as a text table, then the analysis and any error messages. */
export function formatBenchmarkReport(result: VllmBenchmarkResult, analysis: VllmBenchmarkAnalysis): string {
  const { server, settings } = result;
  const header = [
    `vLLM ${server.vllmVersion ?? '(version unknown)'} at ${server.baseURL}, model ${server.model}`,
    `${settings.endpoint} endpoint, ${settings.streaming ? 'streamed' : 'not streamed'}, ~${settings.promptTokens} prompt tokens${settings.promptCalibrated ? '' : ' (not calibrated: no /tokenize)'}, ${settings.outputTokens} output tokens${settings.ignoreEos ? ' (ignore_eos)' : ''}`,
    '',
  ];
  const columns = [
    'concurrency',
    'req/s',
    'out tok/s',
    'TTFT p50/p99 ms',
    'ITL p50/p99 ms',
    'E2E p50/p99 ms',
    'errors',
  ];
  const rows = result.levels.map((level) => [
    String(level.concurrency),
    level.requestsPerSecond.toFixed(2),
    level.outputTokensPerSecond.toFixed(0),
    pair(level.ttftMs),
    pair(level.itlMs),
    pair(level.e2eMs),
    level.errors === 0 ? '0' : `${level.errors}/${level.requests}`,
  ]);
  const widths = columns.map((column, index) =>
    Math.max(column.length, ...rows.map((row) => row[index].length)),
  );
  const line = (cells: string[]) => cells.map((cell, index) => cell.padStart(widths[index])).join('  ');
  const errors = result.levels.flatMap((level) =>
    level.errorSamples.map(
      (sample) => `  concurrency ${level.concurrency}: ${sample.count}× ${sample.message}`,
    ),
  );
  return [
    ...header,
    line(columns),
    ...rows.map(line),
    '',
    analysis.summary,
    ...(errors.length > 0 ? ['', 'Errors:', ...errors] : []),
    '',
  ].join('\n');
}
