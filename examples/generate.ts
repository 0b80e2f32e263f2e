// generateText on a vLLM chat model: text, usage, finish reason, and vLLM's own sampling knobs.
//   npm run example generate        (VLLM_BASE_URL / VLLM_MODEL for your server)
import { generateText } from 'ai';
import { createVllm, type VllmLanguageModelChatOptions } from 'vllm-ai-provider';
import { exampleServer } from './helpers/example-server';

await using server = await exampleServer({ model: 'Qwen/Qwen3-8B' });
const vllm = createVllm({ baseURL: server.baseURL });

const result = await generateText({
  model: vllm(server.model),
  instructions: 'Answer in two sentences.',
  prompt: 'Why do GPUs make LLM inference fast?',
  maxOutputTokens: 120,
  temperature: 0.7,
  topK: 40, // sent as vLLM's top_k (plain openai-compatible drops it)
  seed: 42,
  providerOptions: {
    vllm: { minP: 0.05, repetitionPenalty: 1.1, thinking: false } satisfies VllmLanguageModelChatOptions, // min_p, repetition_penalty, chat_template_kwargs
  },
});

console.log(result.text);
console.log(`finish reason: ${result.finishReason}`);
console.log(`usage: ${result.usage.inputTokens} prompt + ${result.usage.outputTokens} completion tokens`);
console.log(`response id: ${result.response.id}, model: ${result.response.modelId}`);
