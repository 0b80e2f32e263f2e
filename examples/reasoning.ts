// Reasoning ("thinking") models. With `--reasoning-parser` on the server, vLLM returns the thinking
// text separately; the provider reads it (`reasoning` or the older `reasoning_content`) into
// reasoningText / reasoning stream parts. `providerOptions.vllm.thinking` switches it per call
// (chat_template_kwargs.enable_thinking + .thinking, for Qwen3, DeepSeek-V3.1, GLM, Granite…).
//   npm run example reasoning
import { generateText, streamText } from 'ai';
import { createVllm, type VllmLanguageModelChatOptions } from 'vllm-ai-provider';
import { exampleServer } from './helpers/example-server';

await using server = await exampleServer({ model: 'Qwen/Qwen3-8B', reasoningParser: 'qwen3' }); // --reasoning-parser qwen3
const vllm = createVllm({ baseURL: server.baseURL });
const model = vllm(server.model);
const prompt = 'Is 221 a prime number?';

// 1. Thinking on (the model's default), streamed: reasoning deltas first, then the answer.
const stream = streamText({
  model,
  prompt,
  providerOptions: { vllm: { thinking: true } satisfies VllmLanguageModelChatOptions },
});
for await (const part of stream.stream) {
  if (part.type === 'reasoning-start') process.stdout.write('[thinking] ');
  if (part.type === 'reasoning-delta') process.stdout.write(part.text);
  if (part.type === 'text-start') process.stdout.write('\n[answer] ');
  if (part.type === 'text-delta') process.stdout.write(part.text);
}
console.log(
  `\nreasoning tokens: ${(await stream.usage).outputTokenDetails?.reasoningTokens ?? 'not reported'}`,
);

// 2. Thinking off for this call: no reasoning, fewer tokens.
const direct = await generateText({
  model,
  prompt,
  providerOptions: { vllm: { thinking: false } satisfies VllmLanguageModelChatOptions },
});
console.log(`\nthinking off → reasoning: ${JSON.stringify(direct.reasoningText)}, answer: ${direct.text}`);

// 3. The SDK's portable `reasoning` setting becomes vLLM's reasoning_effort (for models that read it, e.g. gpt-oss).
const effort = await generateText({ model, prompt, reasoning: 'low' });
console.log(`\nreasoning: 'low' → ${effort.reasoningText?.length ?? 0} characters of reasoning`);
