// Benchmark (not a test), part of `npm run bench:routing`: prefix-cache-aware routing on a
// multi-turn workload (issue 19). 200 conversations × 8 turns over 3 shared system prompts with
// tool lists, 32 conversations at once, through the provider's router to 4 emulator replicas
// whose KV-cache pool is small enough to evict. For round-robin, least-busy, session (with keys)
// and prefix-aware: the replicas' own prefix-cache hit rate (/metrics), mean and p99 time to first
// token, and load imbalance; plus one replica with all the memory as the hit-rate ceiling.
//   npm run bench:routing:cache [-- --conversations 200 --turns 8 --concurrency 32 --blocks 2800]
// Writes bench/results/routing-cache-<time>.{json,svg}; `--chart bench/charts/routing-cache.svg`
// also writes the chart the README shows.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderRoutingCacheSvg } from './routing-cache-svg';
import {
  type CacheStrategy,
  type CacheStrategyResult,
  type CacheWorkload,
  type ReplicaSettings,
  runCacheWorkload,
} from './routing-cache-workload';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '200' },
    turns: { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '32' },
    replicas: { type: 'string', default: '4' },
    blocks: { type: 'string', default: '2800' },
    'prefill-tokens-per-second': { type: 'string', default: '8000' },
    'tokens-per-second': { type: 'string', default: '400' },
    'load-factor': { type: 'string' },
    strategies: { type: 'string', default: 'round-robin,least-busy,session,prefix-aware' },
    chart: { type: 'string' },
  },
});
const REPLICAS = Number(values.replicas);
const workload: CacheWorkload = {
  conversations: Number(values.conversations),
  turns: Number(values.turns),
  concurrency: Number(values.concurrency),
  userWords: 200,
  replyTokens: 300,
  thinkMs: 400,
};
const replica: ReplicaSettings = {
  numGpuBlocks: Number(values.blocks),
  maxModelLen: 8192,
  prefillTokensPerSecond: Number(values['prefill-tokens-per-second']),
  tokensPerSecond: Number(values['tokens-per-second']),
  timeToFirstTokenMs: 5,
};

/** Fresh replicas in a child process (the client keeps its own core), stopped afterwards. */
async function withReplicas<T>(
  count: number,
  settings: ReplicaSettings,
  run: (urls: string[]) => Promise<T>,
) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./routing-cache-replicas.ts', import.meta.url)),
      JSON.stringify({ count, replica: settings }),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  try {
    return await run(JSON.parse(line.toString()) as string[]);
  } finally {
    child.stdin.end();
    await once(child, 'exit');
  }
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
console.log(
  `Multi-turn prefix-cache workload: ${workload.conversations} conversations × ${workload.turns} turns, ${workload.concurrency} at once, ` +
    `${REPLICAS} replicas × ${replica.numGpuBlocks} KV blocks of 16 tokens, prefill ${replica.prefillTokensPerSecond} tokens/s, decode ${replica.tokensPerSecond} tokens/s per sequence.`,
);
console.log(`Machine: ${cpus().length} cores, load average at start ${load()}.`);

// The ceiling: one replica with all the memory (and the compute of all four: only its hit rate is used).
const ideal = await withReplicas(
  1,
  {
    ...replica,
    numGpuBlocks: replica.numGpuBlocks * REPLICAS,
    prefillTokensPerSecond: replica.prefillTokensPerSecond * REPLICAS,
  },
  (urls) => runCacheWorkload('single-replica', urls, workload),
);
const results: CacheStrategyResult[] = [];
for (const strategy of values.strategies.split(',') as CacheStrategy[]) {
  const settings =
    strategy === 'prefix-aware' && values['load-factor'] !== undefined
      ? { prefixAware: { loadFactor: Number(values['load-factor']) } }
      : {};
  results.push(
    await withReplicas(REPLICAS, replica, (urls) => runCacheWorkload(strategy, urls, workload, settings)),
  );
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
console.log(
  `\n${'strategy'.padEnd(24)}${'hit rate'.padStart(9)}${'÷ ideal'.padStart(9)}${'× RR'.padStart(7)}${'mean TTFT'.padStart(11)}${'p99 TTFT'.padStart(10)}${'imbalance'.padStart(11)}  requests per replica   wall   errors`,
);
const roundRobin = results.find((result) => result.strategy === 'round-robin');
for (const result of [ideal, ...results]) {
  const name = result.strategy === 'single-replica' ? 'one replica, all memory' : result.strategy;
  console.log(
    name.padEnd(24) +
      pct(result.hitRate).padStart(9) +
      pct(result.hitRate / ideal.hitRate).padStart(9) +
      (roundRobin ? `${(result.hitRate / roundRobin.hitRate).toFixed(2)}×` : '').padStart(7) +
      `${result.meanTtftMs.toFixed(0)} ms`.padStart(11) +
      `${result.p99TtftMs.toFixed(0)} ms`.padStart(10) +
      `${result.imbalance.toFixed(2)}`.padStart(11) +
      `  ${result.requestsPerReplica.join('/').padEnd(21)}${(result.wallMs / 1000).toFixed(0).padStart(4)} s${String(result.errors).padStart(6)}`,
  );
}

const prefix = results.find((result) => result.strategy === 'prefix-aware');
if (prefix && roundRobin) {
  const lowestP99 = Math.min(...results.map((result) => result.p99TtftMs));
  const check = (ok: boolean, text: string) => console.log(`${ok ? 'met    ' : 'NOT MET'}  ${text}`);
  console.log('\nGoals (issue 19), for prefix-aware:');
  check(
    prefix.hitRate >= 0.9 * ideal.hitRate,
    `hit rate ≥ 90% of one replica with all the memory (${pct(prefix.hitRate / ideal.hitRate)})`,
  );
  check(
    prefix.hitRate >= 2 * roundRobin.hitRate,
    `hit rate ≥ 2× round-robin's (${(prefix.hitRate / roundRobin.hitRate).toFixed(2)}×)`,
  );
  check(
    prefix.p99TtftMs === lowestP99,
    `lowest p99 time to first token of the four (${prefix.p99TtftMs.toFixed(0)} ms)`,
  );
  check(prefix.imbalance <= 1.3, `imbalance ≤ 1.3 (${prefix.imbalance.toFixed(2)})`);
}
console.log(
  `\nLoad average at the end ${load()} (other processes share the cores: timings are noisy, hit rates are not).`,
);

const folder = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(folder, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const title = `Prefix-cache-aware routing: ${workload.conversations} conversations × ${workload.turns} turns, ${REPLICAS} replicas`;
const svg = renderRoutingCacheSvg(results, ideal, title);
writeFileSync(
  `${folder}routing-cache-${stamp}.json`,
  `${JSON.stringify({ workload, replica, ideal, results }, null, 2)}\n`,
);
writeFileSync(`${folder}routing-cache-${stamp}.svg`, svg);
if (values.chart) writeFileSync(values.chart, svg);
console.log(
  `Wrote bench/results/routing-cache-${stamp}.{json,svg}${values.chart ? ` and ${values.chart}` : ''}.`,
);
