// Sidecar overhead (a benchmark, not a test): how long after the server's /health first answers 200
// does `startVllmServer()` resolve (target ≤ 250 ms), and how long does `stop()` take (target ≤ 2 s).
//
//   npm run bench:sidecar                      # Docker + the emulator image (built if needed), 5 runs
//   npm run bench:sidecar -- --runs 10
//   npm run bench:sidecar -- --runtime process # `vllm serve` from PATH (put a real vLLM or a shim there)
//
// The benchmark polls /health itself every 2 ms on a port it chose, so "health turned 200" is measured
// independently of the sidecar's own polling.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startVllmServer, type VllmRuntimeKind } from '../src/sidecar';
import { findFreePort } from '../src/sidecar/process-utils';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    runtime: { type: 'string', default: 'docker' },
    image: { type: 'string' },
  },
});
const runs = Number(values.runs);
const runtime = values.runtime as VllmRuntimeKind;

/** Polls /health until it answers 200; resolves with performance.now() at that moment. */
async function firstHealthy(port: number, signal: AbortSignal): Promise<number> {
  while (!signal.aborted) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(500) });
      await response.body?.cancel();
      if (response.status === 200) return performance.now();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return Number.NaN;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const image =
  values.image ??
  (runtime === 'process'
    ? undefined
    : execFileSync(process.execPath, [join(import.meta.dirname, '../scripts/build-emulator-image.mjs')], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      })
        .trim()
        .split('\n')
        .at(-1));

const readyLatencies: number[] = [];
const stopDurations: number[] = [];
const startDurations: number[] = [];
for (let run = 1; run <= runs; run++) {
  const port = await findFreePort('127.0.0.1');
  const controller = new AbortController();
  const healthy = firstHealthy(port, controller.signal);
  const started = performance.now();
  const server = await startVllmServer({
    model: 'Qwen/Qwen3-0.6B',
    runtime,
    image,
    pull: 'never',
    gpus: false,
    port,
    hfCachePath: false,
    vllmCachePath: false,
    env: { VLLM_EMULATOR_STARTUP_DELAY_MS: '500' },
  });
  const resolvedAt = performance.now();
  controller.abort();
  const healthyAt = await healthy;
  readyLatencies.push(resolvedAt - healthyAt);
  startDurations.push(resolvedAt - started);
  const stopStarted = performance.now();
  await server.stop();
  stopDurations.push(performance.now() - stopStarted);
  process.stderr.write(
    `run ${run}/${runs}: start ${(resolvedAt - started).toFixed(0)} ms, health 200 → resolved ${(resolvedAt - healthyAt).toFixed(1)} ms, stop ${stopDurations.at(-1)?.toFixed(0)} ms\n`,
  );
}

const row = (name: string, samples: number[], target: string) =>
  `| ${name} | ${percentile(samples, 50).toFixed(1)} | ${percentile(samples, 95).toFixed(1)} | ${Math.max(...samples).toFixed(1)} | ${target} |`;
process.stdout.write(
  [
    `Sidecar benchmark (${runtime}${image ? `, ${image}` : ''}, ${runs} runs, ms)`,
    '',
    '| measure | median | p95 | max | target |',
    '|---|---|---|---|---|',
    row('/health 200 → startVllmServer resolves', readyLatencies, '≤ 250'),
    row('stop()', stopDurations, '≤ 2000'),
    row('whole start (emulated 0.5 s startup)', startDurations, '-'),
    '',
  ].join('\n'),
);
