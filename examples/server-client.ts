// The server client: what the vLLM server serves, whether it is up, how loaded it is, how many
// tokens a prompt has. `createVllm(...).server` shares the provider's baseURL, apiKey, headers and
// fetch; `createVllmClient(settings)` is the same without a provider.
//   npm run example server-client
import { generateText } from 'ai';
import { createVllm, type VllmLanguageModelChatOptions } from 'vllm-ai-provider';
import { exampleServer } from './helpers/example-server';

await using server = await exampleServer({ model: 'Qwen/Qwen3-8B', maxModelLen: 8192, tokensPerSecond: 100 });
const vllm = createVllm({ baseURL: server.baseURL });

const health = await vllm.server.health(); // never throws for a down server: branch on status
console.log(
  `health: ${health.status}${health.status === 'ok' ? ` (${health.latencyMs} ms)` : ` — ${health.message}`}`,
);
if (health.status !== 'ok') process.exit(1);
console.log(`vLLM version: ${await vllm.server.version()}`);
for (const model of await vllm.server.models()) {
  console.log(
    `model ${model.id}: root ${model.root}, context ${model.maxModelLen} tokens, adapters [${model.loraAdapters}]`,
  );
}

const prompt = 'Summarize the plot of Hamlet in three sentences.';
console.log(`\n"${prompt}" is ${await vllm.server.countTokens(prompt, { model: server.model })} tokens`);
const fit = await vllm.server.fitsContext(prompt.repeat(400), { model: server.model, maxOutputTokens: 1024 });
console.log(
  `400× that + 1024 output tokens fits the context: ${fit.fits} (${fit.remainingTokens} tokens to spare)`,
);

// Load: six requests of 200 tokens (about 2 s each on the emulator).
const load = Promise.all(
  Array.from({ length: 6 }, (_, index) =>
    generateText({
      model: vllm(server.model),
      prompt: `${prompt} (${index})`,
      maxOutputTokens: 200,
      providerOptions: { vllm: { ignoreEos: true } satisfies VllmLanguageModelChatOptions }, // generate all 200 tokens
    }),
  ),
);
await new Promise((resolve) => setTimeout(resolve, 500));
const during = await vllm.server.metrics(); // a typed snapshot of GET /metrics
console.log(
  `\nunder load: ${during.requestsRunning} running, ${during.requestsWaiting} waiting, ` +
    `KV cache ${((during.kvCacheUsage ?? 0) * 100).toFixed(1)} % (${during.metricNames} metric names)`,
);

// Rates between two snapshots: requests/s, tokens/s, mean latencies over the window.
const stats = await vllm.server.statistics({ windowMs: 2_500 });
await load;
console.log(
  `over ${stats.windowMs} ms: ${stats.requestsPerSecond?.toFixed(1)} requests/s, ` +
    `${stats.generationTokensPerSecond?.toFixed(0)} generated tokens/s, ` +
    `mean TTFT ${((stats.meanTimeToFirstTokenSeconds ?? 0) * 1000).toFixed(0)} ms`,
);
