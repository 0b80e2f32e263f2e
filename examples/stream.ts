// streamText: print tokens as they arrive; usage is reported at the end (the provider asks vLLM
// for it with stream_options.include_usage).
//   npm run example stream
import { streamText } from 'ai';
import { createVllm, type VllmLanguageModelChatOptions } from 'vllm-ai-provider';
import { exampleServer } from './helpers/example-server';

// The emulator decodes at 30 tokens/s here so you can watch the stream.
await using server = await exampleServer({ model: 'Qwen/Qwen3-8B', tokensPerSecond: 30 });
const vllm = createVllm({ baseURL: server.baseURL });

const startedAt = Date.now();
let firstTokenAt: number | undefined;
const result = streamText({
  model: vllm(server.model),
  prompt: 'Tell a very short story about a GPU that learned to paint.',
  maxOutputTokens: 80,
  providerOptions: { vllm: { thinking: false } satisfies VllmLanguageModelChatOptions },
});

for await (const delta of result.textStream) {
  firstTokenAt ??= Date.now();
  process.stdout.write(delta);
}

const usage = await result.usage;
console.log(`\n\nfinish reason: ${await result.finishReason}`);
console.log(
  `first token after ${(firstTokenAt ?? Date.now()) - startedAt} ms, done after ${Date.now() - startedAt} ms`,
);
console.log(`usage: ${usage.inputTokens} prompt + ${usage.outputTokens} completion tokens`);
