// Child process of `npm run bench:load-generator`: one benchmarkServer run (non-streamed, one
// concurrency level), pinned to a core by the parent. Prints the level as JSON on stdout.
import { benchmarkServer } from '../src';
import { createVllmNodeBenchmarkTransport } from '../src/node';

const [baseURL, transportName, concurrency, requests, promptTokens, outputTokens] = process.argv.slice(2);
const transport = transportName === 'node' ? createVllmNodeBenchmarkTransport() : undefined;
const run = (requests: number) =>
  benchmarkServer({
    baseURL,
    model: 'Qwen/Qwen3-0.6B',
    concurrency: [Number(concurrency)],
    requests,
    warmup: 0,
    promptTokens: Number(promptTokens),
    outputTokens: Number(outputTokens),
    streaming: false,
    transport,
  });
// Warm-up run (JIT, connections, prompt calibration), then the measured one; CPU is counted for the
// measured run only (prompt building included), so it is the generator's own cost per request.
await run(500);
const cpuBefore = process.cpuUsage();
const result = await run(Number(requests));
const cpu = process.cpuUsage(cpuBefore);
await transport?.close();
const [level] = result.levels;
process.stdout.write(
  `${JSON.stringify({
    requestsPerSecond: level.requestsPerSecond,
    errors: level.errors,
    completed: level.completed,
    cpuMicrosPerRequest: (cpu.user + cpu.system) / level.requests,
    promptWords: result.settings.promptWords,
  })}\n`,
);
