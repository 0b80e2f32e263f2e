// Benchmark (not a test): what the multi-endpoint router costs per request.
//   npm run bench:routing [-- --requests 2000 --concurrency 16 --rounds 3 --block 200]
// 1. End to end: 2,000 non-streamed generateText calls against emulator replicas (in a child
//    process), direct to one endpoint vs through the router (1 endpoint, and 3 endpoints with each
//    strategy). Target: router overhead <= 5% of the direct time. Wall time on a shared 2-core
//    machine is noisy; the client process's CPU time per call is the steadier figure.
// 2. Router alone: the same calls on an in-memory transport (no network, no server), which isolates
//    the router's own CPU cost in microseconds per request.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import { generateText } from 'ai';
import {
  createVllm,
  type VllmConnectionSettings,
  type VllmProvider,
  type VllmProviderSettings,
  type VllmRoutingSettings,
} from '../src';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '3' },
    block: { type: 'string', default: '200' },
  },
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const BLOCK = Number(values.block);
const MODEL = 'Qwen/Qwen3-0.6B';

/** Runs `count` calls (at most CONCURRENCY at once); returns wall-clock and client CPU time in ms. */
async function runBlock(provider: VllmProvider, count: number): Promise<{ wall: number; cpu: number }> {
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        next++;
        await generateText({
          model: provider(MODEL),
          prompt: 'Benchmark prompt.',
          maxOutputTokens: 8,
          maxRetries: 0,
        });
      }
    }),
  );
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];

/**
 * Each round runs REQUESTS calls per variant, interleaved in blocks of BLOCK calls (A B C A B C …) so
 * load from other processes and drift hit every variant alike. Reports the median round.
 */
async function compare(title: string, variants: Record<string, VllmProviderSettings>) {
  const names = Object.keys(variants);
  const wall: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round <= ROUNDS; round++) {
    const providers = Object.fromEntries(names.map((name) => [name, createVllm(variants[name])]));
    const totals = Object.fromEntries(names.map((name) => [name, { wall: 0, cpu: 0 }]));
    for (let done = 0; done < REQUESTS; done += BLOCK) {
      const order = (done / BLOCK) % 2 === 0 ? names : [...names].reverse();
      for (const name of order) {
        const block = await runBlock(providers[name], Math.min(BLOCK, REQUESTS - done));
        totals[name].wall += block.wall;
        totals[name].cpu += block.cpu;
      }
    }
    for (const name of names) {
      const stats = providers[name].stats();
      const served = stats.endpoints.reduce((sum, endpoint) => sum + endpoint.successes, 0);
      if (stats.endpoints.length > 0 && served !== REQUESTS) throw new Error(`${name}: ${served} successes`);
      await providers[name].close();
      // Round 0 warms up (JIT, connections) and is not counted.
      if (round > 0) {
        wall[name].push(totals[name].wall);
        cpu[name].push(totals[name].cpu);
      }
    }
  }
  const baseWall = median(wall[names[0]]);
  const baseCpu = median(cpu[names[0]]);
  const percent = (value: number, base: number) => `${(((value - base) / base) * 100).toFixed(1)}%`;
  console.log(
    `\n${title} — ${REQUESTS} calls per variant, concurrency ${CONCURRENCY}, median of ${ROUNDS} rounds`,
  );
  console.log(
    'variant'.padEnd(34),
    'wall ms'.padStart(8),
    'calls/s'.padStart(8),
    'vs direct'.padStart(10),
    'client CPU µs/call'.padStart(19),
    'vs direct'.padStart(10),
  );
  for (const name of names) {
    const ms = median(wall[name]);
    const cpuMs = median(cpu[name]);
    const first = name === names[0];
    console.log(
      name.padEnd(34),
      ms.toFixed(0).padStart(8),
      ((REQUESTS / ms) * 1000).toFixed(0).padStart(8),
      (first ? '' : percent(ms, baseWall)).padStart(10),
      ((cpuMs / REQUESTS) * 1000).toFixed(0).padStart(19),
      (first ? '' : percent(cpuMs, baseCpu)).padStart(10),
    );
  }
}

// 1. Against emulator replicas in a child process.
const child = spawn(
  process.execPath,
  ['--import', 'tsx', fileURLToPath(new URL('./routing-replicas.ts', import.meta.url)), '3'],
  {
    stdio: ['pipe', 'pipe', 'inherit'],
  },
);
const [line] = (await once(child.stdout, 'data')) as [Buffer];
const urls = JSON.parse(line.toString()) as string[];
const routed = (extra: VllmProviderSettings): VllmProviderSettings => ({
  endpoints: urls,
  healthCheck: false,
  ...extra,
});
await compare('End to end (emulator replicas in a child process)', {
  'direct, 1 endpoint (no router)': { baseURL: urls[0] },
  'router, 1 endpoint': { endpoints: [urls[0]] },
  'router, 3 endpoints, round-robin': routed({ loadBalancing: 'round-robin' }),
  'router, 3, least-busy': routed({ loadBalancing: 'least-busy' }),
  'router, 3, session (no key)': routed({ loadBalancing: 'session' }),
  'router, 3, prefix-aware': routed({ loadBalancing: 'prefix-aware' }),
  'router, 3, health checks + limits': {
    endpoints: urls,
    healthCheck: { intervalMs: 1_000 },
    maxConcurrentRequests: 64,
    headersTimeoutMs: 60_000,
    timeoutMs: 120_000,
  },
});
child.stdin.end();
await once(child, 'exit');

// 2. On an in-memory transport: the router's own cost, without network or server time.
const body = JSON.stringify({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: MODEL,
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
});
const memoryFetch: FetchFunction = async () =>
  new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
const memory = ['http://a:8000/v1', 'http://b:8000/v1', 'http://c:8000/v1'];
await compare('Router alone (in-memory transport, no network)', {
  'direct, 1 endpoint (no router)': { baseURL: memory[0], fetch: memoryFetch },
  'router, 1 endpoint': { endpoints: [memory[0]], fetch: memoryFetch },
  'router, 3 endpoints, round-robin': { endpoints: memory, fetch: memoryFetch, healthCheck: false },
  'router, 3, session (no key)': {
    endpoints: memory,
    fetch: memoryFetch,
    healthCheck: false,
    loadBalancing: 'session',
  },
  'router, 3, prefix-aware': {
    endpoints: memory,
    fetch: memoryFetch,
    healthCheck: false,
    loadBalancing: 'prefix-aware',
  },
});

// 3. The provider's fetch alone (no AI SDK, no network), sequential: the steadiest figure for what
//    routing adds per HTTP request, in microseconds of CPU.
async function fetchCost(settings: VllmConnectionSettings & VllmRoutingSettings): Promise<number> {
  const { withRouting } = await import('../src/routing/with-routing');
  const { resolveVllmConnection } = await import('../src/provider/connection/vllm-settings');
  const connection = withRouting(resolveVllmConnection(settings), settings);
  const request = JSON.stringify({
    model: MODEL,
    messages: [{ role: 'user', content: 'hello' }],
    max_tokens: 8,
  });
  const call = async () => {
    const response = await connection.fetch(`${memory[0]}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: request,
    });
    await response.text();
  };
  for (let i = 0; i < 5_000; i++) await call();
  const calls = 50_000;
  const before = process.cpuUsage();
  for (let i = 0; i < calls; i++) await call();
  const cpu = process.cpuUsage(before);
  await connection.router?.close();
  return (cpu.user + cpu.system) / calls;
}

const fetchVariants: Record<string, VllmConnectionSettings & VllmRoutingSettings> = {
  'direct (no router)': { baseURL: memory[0], fetch: memoryFetch },
  'router, 1 endpoint': { endpoints: [memory[0]], fetch: memoryFetch },
  'router, 3 endpoints, round-robin': { endpoints: memory, fetch: memoryFetch, healthCheck: false },
  'router, 3, prefix-aware': {
    endpoints: memory,
    fetch: memoryFetch,
    healthCheck: false,
    loadBalancing: 'prefix-aware',
  },
  'router, 3, timeouts + limits': {
    endpoints: memory,
    fetch: memoryFetch,
    healthCheck: false,
    maxConcurrentRequests: 64,
    headersTimeoutMs: 60_000,
    timeoutMs: 120_000,
  },
};
const costs: Record<string, number[]> = Object.fromEntries(
  Object.keys(fetchVariants).map((name) => [name, []]),
);
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, settings] of Object.entries(fetchVariants)) costs[name].push(await fetchCost(settings));
}
console.log(
  `\nProvider fetch alone (in-memory transport, no SDK), 50,000 sequential requests, median of ${ROUNDS}`,
);
const direct = median(costs['direct (no router)']);
for (const name of Object.keys(fetchVariants)) {
  const cost = median(costs[name]);
  const added = name === 'direct (no router)' ? '' : `+${(cost - direct).toFixed(1)} µs`;
  console.log(name.padEnd(34), `${cost.toFixed(1)} µs CPU/request`.padStart(22), added.padStart(12));
}
