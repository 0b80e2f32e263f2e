import { writeFile } from 'node:fs/promises';
import { analyzeBenchmark, benchmarkServer, renderBenchmarkSvg, type VllmBenchmarkResult } from '../bench';
import { loadBenchmark, saveBenchmark } from '../node/benchmark-files';
import { createVllmNodeBenchmarkTransport } from '../node/node-benchmark-transport';
import { BENCH_USAGE, type BenchCommand, BenchUsageError, parseBenchCommand } from './bench-args';
import { formatBenchmarkReport, formatProgressBar } from './bench-format';

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** Runs the benchmark with a progress bar on stderr (redrawn on a terminal, one line per level otherwise). */
async function runBenchmark(command: BenchCommand): Promise<VllmBenchmarkResult> {
  const stderr = process.stderr;
  const tty = stderr.isTTY === true;
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => controller.abort(new Error(`Interrupted (${signal}).`));
  for (const signal of SIGNALS) process.on(signal, onSignal);
  const transport = createVllmNodeBenchmarkTransport();
  let lastDraw = 0;
  let open = false;
  try {
    return await benchmarkServer({
      ...command.options,
      transport,
      signal: controller.signal,
      onProgress: (progress) => {
        const finished = progress.completed === progress.total;
        if (tty) {
          const now = performance.now();
          if (!finished && progress.completed > 0 && now - lastDraw < 100) return;
          lastDraw = now;
          stderr.write(`\r\x1b[2K${formatProgressBar(progress, stderr.columns ?? 100)}`);
          open = true;
          if (finished && progress.phase === 'measure') {
            stderr.write('\n');
            open = false;
          }
        } else if (finished && progress.phase === 'measure') {
          stderr.write(`${formatProgressBar(progress, 100)}\n`);
        }
      },
    });
  } finally {
    if (open) stderr.write('\n');
    for (const signal of SIGNALS) process.off(signal, onSignal);
    await transport.close();
  }
}

/**
 * `vllm-ai-provider bench [options]`: load-tests a vLLM server over a range of concurrency levels,
 * prints a table and the best concurrency, and writes an SVG chart and/or the JSON results.
 */
export async function run(argv: string[]): Promise<number> {
  let command: BenchCommand;
  try {
    command = parseBenchCommand(argv);
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    process.stderr.write(`${BENCH_USAGE}\nvllm-ai-provider bench: ${error.message}\n`);
    return 2;
  }
  if (command.help) {
    process.stdout.write(BENCH_USAGE);
    return 0;
  }

  let result: VllmBenchmarkResult;
  try {
    result = command.load !== undefined ? await loadBenchmark(command.load) : await runBenchmark(command);
  } catch (error) {
    process.stderr.write(
      `vllm-ai-provider bench: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  const analysis = analyzeBenchmark(result, command.analysis);
  process.stdout.write(
    command.json ? `${JSON.stringify(result, null, 2)}\n` : formatBenchmarkReport(result, analysis),
  );
  if (command.save !== undefined) {
    await saveBenchmark(result, command.save);
    process.stderr.write(`Results saved to ${command.save}\n`);
  }
  if (command.out !== undefined) {
    await writeFile(command.out, renderBenchmarkSvg(result), 'utf8');
    process.stderr.write(`Chart written to ${command.out}\n`);
  }
  // A run in which not one request succeeded is a failure (wrong model, server down mid-run…).
  return result.levels.some((level) => level.completed > 0) ? 0 : 1;
}
