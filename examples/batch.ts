// Many prompts at once with bounded concurrency and progress. vLLM batches concurrent requests on
// the GPU (continuous batching); results come back in input order and one failure does not sink
// the batch.
//   npm run example batch
import { createVllm, generateBatch, type VllmLanguageModelChatOptions } from 'vllm-ai-provider';
import { exampleServer } from './helpers/example-server';

// The emulator decodes at 200 tokens/s per sequence, so progress has something to report.
await using server = await exampleServer({ model: 'Qwen/Qwen3-8B', tokensPerSecond: 200 });
const vllm = createVllm({ baseURL: server.baseURL });

const topics = [
  'tea',
  'rivers',
  'compilers',
  'owls',
  'glaciers',
  'jazz',
  'bridges',
  'bees',
  'comets',
  'maps',
];
const { results, succeeded, failed, usage, durationMs } = await generateBatch({
  model: vllm(server.model),
  prompts: topics.map((topic) => `One sentence about ${topic}.`),
  concurrency: 4,
  maxOutputTokens: 40,
  providerOptions: { vllm: { thinking: false } satisfies VllmLanguageModelChatOptions },
  onProgress: (progress) =>
    console.log(
      `${progress.done}/${progress.total} done, ${progress.outputTokensPerSecond.toFixed(0)} tokens/s, ` +
        `ETA ${progress.etaMs === undefined ? '?' : `${(progress.etaMs / 1000).toFixed(1)} s`}`,
    ),
});

for (const result of results) {
  console.log(
    result.ok
      ? `#${result.index} ${topics[result.index]}: ${result.text}`
      : `#${result.index} failed: ${result.error}`,
  );
}
console.log(`\n${succeeded} succeeded, ${failed} failed, ${usage.outputTokens} tokens in ${durationMs} ms`);
