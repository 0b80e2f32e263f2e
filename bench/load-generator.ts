// `npm run bench:load-generator`: is benchmarkServer's load generator the bottleneck? Drives the
// emulator's NON-streamed /v1/chat/completions (the emulator in its own process, pinned to core 0)
// from one core (core 1) with `wrk` and with benchmarkServer (Node transport, and the default
// fetch transport), in interleaved rounds. Target: benchmarkServer ≥ 80% of wrk's request rate.
//   npm run bench:load-generator [-- --rounds 16 --seconds 2 --concurrency 32]
// Short runs in many interleaved rounds (order alternating) so load from other processes on this
// shared machine hits every contender alike; min/median/max show the noise.
// Needs `wrk` (Debian: apt-get install -y wrk) and `taskset` (util-linux).
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { benchmarkPrompt } from '../src/bench/benchmark-prompt';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '32' },
  },
});
const ROUNDS = Number(values.rounds);
const SECONDS = Math.max(1, Math.round(Number(values.seconds)));
const CONCURRENCY = Number(values.concurrency);
const PROMPT_TOKENS = 16;
const OUTPUT_TOKENS = 16;
const run = promisify(execFile);

for (const tool of ['wrk', 'taskset']) {
  if (spawnSync(tool, ['--version']).error) {
    console.error(`${tool} is missing: apt-get install -y ${tool === 'wrk' ? 'wrk' : 'util-linux'}`);
    process.exit(2);
  }
}

function startEmulator(): Promise<{ child: ChildProcess; url: string }> {
  const server = fileURLToPath(new URL('./emulator-server.ts', import.meta.url));
  const child = spawn('taskset', ['-c', '0', process.execPath, '--import', 'tsx', server], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', (data: Buffer) => resolve({ child, url: data.toString().trim() }));
    child.once('exit', (code) => reject(new Error(`emulator exited early (${code})`)));
  });
}

async function wrk(url: string, body: string): Promise<number> {
  const folder = mkdtempSync(join(tmpdir(), 'wrk-'));
  const script = join(folder, 'post.lua');
  writeFileSync(
    script,
    `wrk.method = "POST"\nwrk.body = ${JSON.stringify(body)}\nwrk.headers["Content-Type"] = "application/json"\n`,
  );
  const { stdout } = await run('taskset', [
    '-c',
    '1',
    'wrk',
    '-t1',
    `-c${CONCURRENCY}`,
    `-d${SECONDS}s`,
    '-s',
    script,
    `${url}/v1/chat/completions`,
  ]);
  const match = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  if (!match || /Non-2xx/.test(stdout)) throw new Error(`wrk failed:\n${stdout}`);
  return Number(match[1]);
}

interface LevelResult {
  requestsPerSecond: number;
  errors: number;
  cpuMicrosPerRequest: number;
  promptWords: number;
}

/** A long-lived driver process (pinned to core 1); `run(requests)` measures one level. */
async function startLoadGenerator(url: string, transport: 'node' | 'fetch') {
  const client = fileURLToPath(new URL('./load-generator-client.ts', import.meta.url));
  const child = spawn(
    'taskset',
    [
      '-c',
      '1',
      process.execPath,
      '--import',
      'tsx',
      client,
      `${url}/v1`,
      transport,
      String(CONCURRENCY),
      String(PROMPT_TOKENS),
      String(OUTPUT_TOKENS),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`${transport} load generator exited`);
    return line.value;
  };
  if ((await next()) !== 'ready') throw new Error(`${transport} load generator did not start`);
  return {
    async run(requests: number): Promise<LevelResult> {
      child.stdin?.write(`${requests}\n`);
      const level = JSON.parse(await next()) as LevelResult;
      if (level.errors > 0) throw new Error(`${transport}: ${level.errors} errors`);
      return level;
    },
    stop: () => child.stdin?.end(),
  };
}

const stats = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1] };
};

const { child, url } = await startEmulator();
try {
  // wrk repeats one body of the shape benchmarkServer sends, with the prompt length /tokenize
  // calibration gives on this server (a first, unmeasured run reports it).
  const generators = {
    node: await startLoadGenerator(url, 'node'),
    fetch: await startLoadGenerator(url, 'fetch'),
  };
  const { promptWords } = await generators.node.run(2000);
  const body = JSON.stringify({
    model: 'Qwen/Qwen3-0.6B',
    messages: [{ role: 'user', content: benchmarkPrompt(1, promptWords) }],
    max_tokens: OUTPUT_TOKENS,
    ignore_eos: true,
  });
  const rates: Record<string, number[]> = {
    wrk: [],
    'benchmarkServer (Node transport)': [],
    'benchmarkServer (fetch)': [],
  };
  const busy: Record<string, number[]> = {
    'benchmarkServer (Node transport)': [],
    'benchmarkServer (fetch)': [],
  };
  const cpu: Record<string, number[]> = {
    'benchmarkServer (Node transport)': [],
    'benchmarkServer (fetch)': [],
  };
  await wrk(url, body); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const contenders: Array<'wrk' | 'node' | 'fetch'> = ['wrk', 'node', 'fetch'];
    for (const contender of round % 2 === 0 ? contenders : contenders.reverse()) {
      if (contender === 'wrk') {
        rates.wrk.push(await wrk(url, body));
        continue;
      }
      const name = contender === 'node' ? 'benchmarkServer (Node transport)' : 'benchmarkServer (fetch)';
      // About SECONDS of work at the rate wrk reached so far.
      const level = await generators[contender].run(
        Math.round(stats(rates.wrk.length > 0 ? rates.wrk : [3000]).median * SECONDS),
      );
      rates[name].push(level.requestsPerSecond);
      cpu[name].push(level.cpuMicrosPerRequest);
      busy[name].push((level.cpuMicrosPerRequest * level.requestsPerSecond) / 10_000);
    }
    console.error(`round ${round + 1}/${ROUNDS} done`);
  }
  const wrkMedian = stats(rates.wrk).median;
  console.log(
    `\nNon-streamed /v1/chat/completions on the emulator (core 0), client on core 1, ${CONCURRENCY} connections, ~${SECONDS}s per run, ${ROUNDS} rounds`,
  );
  console.log(
    'load generator'.padEnd(34),
    'req/s min'.padStart(10),
    'median'.padStart(8),
    'max'.padStart(8),
    'vs wrk (median)'.padStart(16),
    'vs wrk per round min/med/max'.padStart(29),
    'client CPU µs/req'.padStart(18),
    'client core busy'.padStart(17),
  );
  const report: Record<string, unknown> = {};
  for (const [name, list] of Object.entries(rates)) {
    const { min, median, max } = stats(list);
    const ratio = median / wrkMedian;
    // The same round's wrk run (adjacent in time) as the reference: cancels drifting machine load.
    const perRound = stats(list.map((rate, index) => rate / rates.wrk[index]));
    const cpuMedian = cpu[name] ? stats(cpu[name]).median : undefined;
    const busyMedian = busy[name] ? stats(busy[name]).median : undefined;
    report[name] = {
      min,
      median,
      max,
      ratioToWrk: ratio,
      ratioToWrkPerRound: perRound,
      clientCpuMicrosPerRequest: cpuMedian,
      clientCoreBusyPercent: busyMedian,
    };
    console.log(
      name.padEnd(34),
      min.toFixed(0).padStart(10),
      median.toFixed(0).padStart(8),
      max.toFixed(0).padStart(8),
      `${(ratio * 100).toFixed(0)}%`.padStart(16),
      `${[perRound.min, perRound.median, perRound.max].map((value) => `${(value * 100).toFixed(0)}%`).join(' / ')}`.padStart(
        29,
      ),
      (cpuMedian === undefined ? '' : cpuMedian.toFixed(0)).padStart(18),
      (busyMedian === undefined ? '' : `${busyMedian.toFixed(0)}%`).padStart(17),
    );
  }
  const node = report['benchmarkServer (Node transport)'] as {
    ratioToWrk: number;
    ratioToWrkPerRound: { median: number };
  };
  const verdict = (value: number) => `${value >= 0.8 ? 'met' : 'NOT met'} (${(value * 100).toFixed(0)}%)`;
  console.log(
    `\ntarget: benchmarkServer ≥ 80% of wrk — median of the runs: ${verdict(node.ratioToWrk)}; median of per-round ratios: ${verdict(node.ratioToWrkPerRound.median)}`,
  );
  const folder = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `load-generator-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ rounds: ROUNDS, seconds: SECONDS, concurrency: CONCURRENCY, results: report }, null, 2)}\n`,
  );
  console.log(`written: ${file}`);
  generators.node.stop();
  generators.fetch.stop();
} finally {
  child.kill('SIGTERM');
}
