// `npm run bench`: what the provider costs next to its peers, against one loopback server.
//   npm run bench [-- --reps 7 --calls 400 --streams 3 --concurrent 1000 --concurrent-tokens 100 --image-calls 30]
// The server (bench/provider-overhead-server.ts: the emulator behind a record-once/replay cache,
// identical bytes for every contender) runs in its own process pinned to core 0; this process is
// pinned to core 1. Contenders: raw fetch, vllm-ai-provider's chat model, @ai-sdk/openai-compatible,
// @ai-sdk/openai (.chat), the openai SDK.
// 1. Non-streamed call (16 tokens), sequential: µs per call p50/p99 and client CPU per call, at the
//    model level (doGenerate / the SDK call) and through generateText.
// 2. Streamed 2,000-chunk response: chunks/s at the model level (doStream) and through streamText.
// 3./4. The same two measurements in memory: fetch answers the recorded bytes (no network, no
//    server), so only the client's own work is timed — the steadiest comparison of the providers.
// 5. 1,000 concurrent streams (a fresh process per run): wall time, errors, peak RSS.
// 6. A 1 MB image in a chat message, by URL (passed to vLLM) and by bytes (base64), next to
//    openai-compatible (downloads the URL first): bytes sent and client time (bench/image-url-vs-bytes.ts).
// vllm-ai-provider is measured as published: src bundled by esbuild (node_modules/.cache/).
// Each measurement is repeated (contenders interleaved in blocks, order alternating) and reported
// as min / median / max; ratios are vs @ai-sdk/openai-compatible (> 1 = faster). Results are
// written to bench/results/provider-overhead-<time>.json.
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { measureImageUrlVsBytes, printImageResults } from './image-url-vs-bytes';
import { buildPackage, loadBuiltCreateVllm } from './provider-overhead-build';
import {
  CONTENDER_NAMES,
  type Contender,
  type ContenderName,
  createContenders,
} from './provider-overhead-contenders';
import { formatSpread, percentile, printTable, spread } from './provider-overhead-stats';

const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '7' },
    calls: { type: 'string', default: '400' },
    streams: { type: 'string', default: '3' },
    concurrent: { type: 'string', default: '1000' },
    'concurrent-tokens': { type: 'string', default: '100' },
    'concurrent-reps': { type: 'string', default: '3' },
    'image-calls': { type: 'string', default: '30' },
  },
});
const REPS = Number(values.reps);
const CALLS = Number(values.calls);
const BLOCK = Math.min(50, CALLS);
const STREAMS = Number(values.streams);
const CONCURRENT = Number(values.concurrent);
const CONCURRENT_TOKENS = Number(values['concurrent-tokens']);
const CONCURRENT_REPS = Number(values['concurrent-reps']);
const IMAGE_CALLS = Number(values['image-calls']);
const MAX_TOKENS = 16;
const STREAM_TOKENS = 2000;
const BASELINE: ContenderName = '@ai-sdk/openai-compatible';
const OURS: ContenderName = 'vllm-ai-provider';
const run = promisify(execFile);
const pinned = spawnSync('taskset', ['--version']).status === 0;
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const onCore = (core: number, command: string, args: string[]): [string, string[]] =>
  pinned ? ['taskset', ['-c', String(core), command, ...args]] : [command, args];

if (pinned) spawnSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });

async function startServer(): Promise<{ child: ChildProcess; baseURL: string }> {
  const [command, args] = onCore(0, process.execPath, [
    '--import',
    'tsx',
    here('./provider-overhead-server.ts'),
  ]);
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const [data] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  return { child, baseURL: data.toString().trim() };
}

type Level = 'doGenerate' | 'generateText' | 'doStream' | 'streamText';
const call = (contender: Contender, level: Level) =>
  ({
    doGenerate: contender.generate,
    generateText: contender.generateText,
    doStream: contender.stream,
    streamText: contender.streamText,
  })[level];

/** Per level and contender, one entry per repetition. */
type Measurements = Partial<Record<Level, Partial<Record<ContenderName, Record<string, number>[]>>>>;

async function nonStreamed(
  contenders: Record<ContenderName, Contender>,
  level: Level,
  measurements: Measurements,
) {
  const names = CONTENDER_NAMES.filter((name) => call(contenders[name], level));
  const perLevel: Partial<Record<ContenderName, Record<string, number>[]>> = {};
  measurements[level] = perLevel;
  for (let rep = 0; rep < REPS; rep++) {
    const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
    const cpu: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
    for (let done = 0; done < CALLS; done += BLOCK) {
      const order = (done / BLOCK + rep) % 2 === 0 ? names : [...names].reverse();
      for (const name of order) {
        const fn = call(contenders[name], level) as () => Promise<unknown>;
        const cpuBefore = process.cpuUsage();
        for (let index = 0; index < BLOCK; index++) {
          const started = performance.now();
          await fn();
          samples[name].push((performance.now() - started) * 1000);
        }
        const used = process.cpuUsage(cpuBefore);
        cpu[name] += used.user + used.system;
      }
    }
    for (const name of names) {
      append(perLevel, name, {
        p50: percentile(samples[name], 0.5),
        p99: percentile(samples[name], 0.99),
        cpu: cpu[name] / samples[name].length,
      });
    }
  }
}

async function streamed(
  contenders: Record<ContenderName, Contender>,
  level: Level,
  measurements: Measurements,
) {
  const names = CONTENDER_NAMES.filter((name) => call(contenders[name], level));
  const perLevel: Partial<Record<ContenderName, Record<string, number>[]>> = {};
  measurements[level] = perLevel;
  for (let rep = 0; rep < REPS; rep++) {
    const order = rep % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const fn = call(contenders[name], level) as () => Promise<number>;
      const rates: number[] = [];
      for (let index = 0; index < STREAMS; index++) {
        const started = performance.now();
        const deltas = await fn();
        if (deltas !== STREAM_TOKENS)
          throw new Error(`${name} ${level}: ${deltas} text deltas, expected ${STREAM_TOKENS}`);
        rates.push(STREAM_TOKENS / ((performance.now() - started) / 1000));
      }
      append(perLevel, name, { chunksPerSecond: spread(rates).median });
    }
  }
}

async function concurrentStreams(baseURL: string) {
  const results: Partial<
    Record<ContenderName, { wallMs: number; errors: number; peakRssMB: number; startRssMB: number }[]>
  > = {};
  for (let rep = 0; rep < CONCURRENT_REPS; rep++) {
    const order = rep % 2 === 0 ? CONTENDER_NAMES : [...CONTENDER_NAMES].reverse();
    for (const name of order) {
      const [command, args] = onCore(1, process.execPath, [
        '--import',
        'tsx',
        here('./provider-overhead-streams.ts'),
        baseURL,
        name,
        String(CONCURRENT),
        String(CONCURRENT_TOKENS),
      ]);
      const { stdout } = await run(command, args, { maxBuffer: 1 << 20, timeout: 300_000 });
      const result = JSON.parse(stdout) as {
        wallMs: number;
        errors: number;
        peakRssMB: number;
        startRssMB: number;
        deltas: number;
      };
      if (result.errors === 0 && result.deltas !== CONCURRENT * CONCURRENT_TOKENS) {
        throw new Error(`${name}: ${result.deltas} deltas over ${CONCURRENT} streams`);
      }
      append(results, name, result);
    }
  }
  return results;
}

function append<T>(map: Partial<Record<ContenderName, T[]>>, name: ContenderName, value: T): void {
  const list = map[name];
  if (list === undefined) map[name] = [value];
  else list.push(value);
}

const ratio = (mine: number[], base: number[], higherIsBetter: boolean) =>
  spread(mine.map((value, index) => (higherIsBetter ? value / base[index] : base[index] / value)));

async function warmUp(contenders: Record<ContenderName, Contender>): Promise<void> {
  for (const name of CONTENDER_NAMES) {
    const contender = contenders[name];
    for (let index = 0; index < 100; index++) {
      await contender.generate();
      await contender.generateText?.();
    }
    for (let index = 0; index < 5; index++) {
      await contender.stream();
      await contender.streamText?.();
    }
  }
}

async function measure(contenders: Record<ContenderName, Contender>): Promise<Measurements> {
  await warmUp(contenders);
  const measurements: Measurements = {};
  await nonStreamed(contenders, 'doGenerate', measurements);
  await nonStreamed(contenders, 'generateText', measurements);
  await streamed(contenders, 'doStream', measurements);
  await streamed(contenders, 'streamText', measurements);
  return measurements;
}

/** Prints the non-streamed and streamed tables; returns the JSON summary and the target lines. */
function report(
  measurements: Measurements,
  where: string,
  numbers: { first: number; second: number; label: string },
) {
  const summary: Record<string, unknown> = {};
  const checks: string[] = [];
  const rows: string[][] = [];
  for (const level of ['doGenerate', 'generateText'] as const) {
    const perLevel = measurements[level] ?? {};
    const base = perLevel[BASELINE];
    for (const name of CONTENDER_NAMES) {
      const reps = perLevel[name];
      if (!reps) continue;
      const p50 = reps.map((rep) => rep.p50);
      const p99 = reps.map((rep) => rep.p99);
      const cpu = reps.map((rep) => rep.cpu);
      const vsP50 = base
        ? ratio(
            p50,
            base.map((rep) => rep.p50),
            false,
          )
        : undefined;
      const vsCpu = base
        ? ratio(
            cpu,
            base.map((rep) => rep.cpu),
            false,
          )
        : undefined;
      rows.push([
        level,
        name,
        formatSpread(spread(p50)),
        formatSpread(spread(p99)),
        formatSpread(spread(cpu)),
        vsP50 ? formatSpread(vsP50, 2) : '',
        vsCpu ? formatSpread(vsCpu, 2) : '',
      ]);
      summary[`${level} ${name}`] = {
        p50Micros: spread(p50),
        p99Micros: spread(p99),
        cpuMicros: spread(cpu),
        vsOpenAICompatibleP50: vsP50,
        vsOpenAICompatibleCpu: vsCpu,
        reps,
      };
      if (name === OURS && vsP50) {
        checks.push(
          `${numbers.label}, ${level}: ${vsP50.median.toFixed(2)}× openai-compatible (p50; min ${vsP50.min.toFixed(2)}) — target ≥ 1.05`,
        );
      }
    }
  }
  printTable(
    `${numbers.first}. Non-streamed call (${MAX_TOKENS} tokens), ${where}, sequential — min / median / max over ${REPS} repetitions of ${CALLS} calls`,
    ['level', 'contender', 'p50 µs', 'p99 µs', 'client CPU µs/call', '× openai-compatible (p50)', '× (CPU)'],
    rows,
  );

  const streamRows: string[][] = [];
  for (const level of ['doStream', 'streamText'] as const) {
    const perLevel = measurements[level] ?? {};
    const base = perLevel[BASELINE]?.map((rep) => rep.chunksPerSecond);
    for (const name of CONTENDER_NAMES) {
      const reps = perLevel[name];
      if (!reps) continue;
      const rates = reps.map((rep) => rep.chunksPerSecond);
      const vs = base ? ratio(rates, base, true) : undefined;
      streamRows.push([level, name, formatSpread(spread(rates)), vs ? formatSpread(vs, 2) : '']);
      summary[`${level} ${name}`] = { chunksPerSecond: spread(rates), vsOpenAICompatible: vs, reps };
      if (name === OURS && vs) {
        const target = level === 'doStream' ? '1.50' : '1.00';
        checks.push(
          `${numbers.label}, ${level}: ${vs.median.toFixed(2)}× openai-compatible (chunks/s; min ${vs.min.toFixed(2)}) — target ≥ ${target}`,
        );
      }
    }
  }
  printTable(
    `${numbers.second}. Streamed ${STREAM_TOKENS.toLocaleString('en-US')}-chunk response, ${where} — chunks/s, min / median / max over ${REPS} repetitions (median of ${STREAMS} streams each)`,
    ['level', 'contender', 'chunks/s', '× openai-compatible'],
    streamRows,
  );
  return { summary, checks };
}

console.error('building vllm-ai-provider (esbuild bundle, as published)…');
await buildPackage();
const createVllm = await loadBuiltCreateVllm();
const { child, baseURL } = await startServer();
try {
  console.error('over loopback…');
  const network = report(
    await measure(
      createContenders({ baseURL, maxTokens: MAX_TOKENS, streamTokens: STREAM_TOKENS, createVllm }),
    ),
    'over loopback',
    { first: 1, second: 2, label: 'loopback' },
  );

  // The same recorded bytes from memory: no network, no server; only the client's own work.
  const recorded = async (stream: boolean, maxTokens: number) => {
    const response = await fetch(`${baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [], max_tokens: maxTokens, stream }),
    });
    return {
      bytes: new Uint8Array(await response.arrayBuffer()),
      type: response.headers.get('content-type') ?? '',
    };
  };
  const plain = await recorded(false, MAX_TOKENS);
  const events = await recorded(true, STREAM_TOKENS);
  const memoryFetch = async (_input: unknown, init?: RequestInit) => {
    const { bytes, type } = String(init?.body).includes('"stream":true') ? events : plain;
    return new Response(bytes, { status: 200, headers: { 'content-type': type } });
  };
  console.error('in memory…');
  const memory = report(
    await measure(
      createContenders({
        baseURL,
        maxTokens: MAX_TOKENS,
        streamTokens: STREAM_TOKENS,
        createVllm,
        fetch: memoryFetch,
      }),
    ),
    'in memory (fetch answers the recorded bytes, no network)',
    { first: 3, second: 4, label: 'in memory' },
  );

  console.error(`${CONCURRENT} concurrent streams…`);
  const concurrent = await concurrentStreams(baseURL);
  const concurrentRows: string[][] = [];
  const concurrentSummary: Record<string, unknown> = {};
  const checks = [...network.checks, ...memory.checks];
  const baseWall = concurrent[BASELINE]?.map((rep) => rep.wallMs);
  for (const name of CONTENDER_NAMES) {
    const reps = concurrent[name];
    if (!reps) continue;
    const wall = reps.map((rep) => rep.wallMs);
    const vs = baseWall ? ratio(wall, baseWall, false) : undefined;
    const errors = reps.map((rep) => rep.errors);
    const peak = reps.map((rep) => rep.peakRssMB);
    concurrentRows.push([
      name,
      formatSpread(spread(wall)),
      formatSpread(spread(errors)),
      formatSpread(spread(peak)),
      vs ? formatSpread(vs, 2) : '',
    ]);
    concurrentSummary[name] = {
      wallMs: spread(wall),
      errors: spread(errors),
      peakRssMB: spread(peak),
      vsOpenAICompatibleWall: vs,
      reps,
    };
    if (name === OURS && vs) {
      checks.push(
        `${CONCURRENT} streams: ${vs.median.toFixed(2)}× openai-compatible (wall; min ${vs.min.toFixed(2)}) — target ≥ 1.00`,
      );
    }
  }
  printTable(
    `5. ${CONCURRENT.toLocaleString('en-US')} concurrent streams of ${CONCURRENT_TOKENS} chunks over loopback (streamText; raw fetch / openai SDK: their own stream) — min / median / max over ${CONCURRENT_REPS} runs, a fresh process each`,
    ['contender', 'wall ms', 'errors', 'peak RSS MB', '× openai-compatible (wall)'],
    concurrentRows,
  );

  console.error('a 1 MB image by URL and by bytes…');
  const image = await measureImageUrlVsBytes(createVllm, IMAGE_CALLS);
  printImageResults(image, IMAGE_CALLS);
  const [byURL, byBytes] = image;
  checks.push(
    `1 MB image: by URL ${(byURL.sentBytesPerCall / 1024).toFixed(1)} kB sent, ${byURL.clientMs.p50.toFixed(1)} ms p50; by bytes ${(byBytes.sentBytesPerCall / 1024).toFixed(1)} kB, ${byBytes.clientMs.p50.toFixed(1)} ms`,
  );

  const stats = (await (await fetch(`${baseURL.replace(/\/v1$/, '')}/_bench/stats`)).json()) as {
    served: number;
    recorded: number;
  };
  console.log(
    `\nvllm-ai-provider vs openai-compatible (median of the repetitions):\n  ${checks.join('\n  ')}`,
  );
  console.log(
    `\nServer: ${stats.served.toLocaleString('en-US')} responses replayed from ${stats.recorded} emulator recordings; server ${pinned ? 'pinned to core 0, client to core 1 (taskset)' : 'not pinned (taskset missing)'}; Node ${process.version}.`,
  );
  const folder = here('./results/');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `provider-overhead-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        node: process.version,
        pinned,
        settings: {
          REPS,
          CALLS,
          STREAMS,
          CONCURRENT,
          CONCURRENT_TOKENS,
          CONCURRENT_REPS,
          MAX_TOKENS,
          STREAM_TOKENS,
        },
        loopback: network.summary,
        inMemory: memory.summary,
        concurrent: concurrentSummary,
        image,
        checks,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`written: ${file}`);
} finally {
  child.stdin?.end();
  child.kill('SIGTERM');
}
