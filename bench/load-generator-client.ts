// Child process of `npm run bench:load-generator`: one benchmarkServer run (non-streamed, one
// concurrency level), pinned to a core by the parent. Prints the level as JSON on stdout.
import { benchmarkServer } from '../src';
import { createVllmNodeBenchmarkTransport } from '../src/node';

const [baseURL, transportName, concurrency, requests, promptTokens, outputTokens] = process.argv.slice(2);
const transport = transportName === 'node' ? createVllmNodeBenchmarkTransport() : undefined;
const cpuBefore = process.cpuUsage();
const result = await benchmarkServer({
  baseURL,
  model: 'Qwen/Qwen3-0.6B',
  concurrency: [Number(concurrency)],
  requests: Number(requests),
  warmup: 200,
  promptTokens: Number(promptTokens),
  outputTokens: Number(outputTokens),
  streaming: false,
  transport,
});
const cpu = process.cpuUsage(cpuBefore);
await transport?.close();
const [level] = result.levels;
process.stdout.write(
  `${JSON.stringify({
    requestsPerSecond: level.requestsPerSecond,
    errors: level.errors,
    completed: level.completed,
    cpuMicrosPerRequest: (cpu.user + cpu.system) / (level.requests + 200),
    promptWords: result.settings.promptWords,
  })}\n`,
);
