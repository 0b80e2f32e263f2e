// Child process of `npm run bench:load-generator`: a long-lived benchmarkServer driver (its JIT
// stays warm across rounds, as wrk's compiled code is), pinned to a core by the parent. Each stdin
// line `<requests>` runs one non-streamed level and answers one JSON line on stdout.
import { createInterface } from 'node:readline';
import { benchmarkServer } from '../src';
import { createVllmNodeBenchmarkTransport } from '../src/node';

const [baseURL, transportName, concurrency, promptTokens, outputTokens] = process.argv.slice(2);
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

await run(3000); // warm-up: JIT, connections
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  // CPU is counted for the measured run only (prompt building included): the generator's own cost.
  const cpuBefore = process.cpuUsage();
  const result = await run(Number(line));
  const cpu = process.cpuUsage(cpuBefore);
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
}
await transport?.close();
