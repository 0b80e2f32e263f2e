// Tools with multi-step calls: the model calls a tool, the SDK runs it and sends the result back,
// until the model answers (or the step limit). vLLM needs
// `--enable-auto-tool-choice --tool-call-parser <parser for your model>` (hermes for Qwen3).
//   npm run example tools
import { generateText, isStepCount, tool } from 'ai';
import { createVllm, type VllmLanguageModelChatOptions } from 'vllm-ai-provider';
import { z } from 'zod/v4';
import { exampleServer } from './helpers/example-server';

await using server = await exampleServer({
  model: 'Qwen/Qwen3-8B',
  enableAutoToolChoice: true, // vllm serve … --enable-auto-tool-choice --tool-call-parser hermes
  toolCallParser: 'hermes',
});
const vllm = createVllm({ baseURL: server.baseURL });

const result = await generateText({
  model: vllm(server.model),
  prompt: 'What is the weather in Lisbon, and should I take an umbrella?',
  tools: {
    getWeather: tool({
      description: 'Current weather for a city',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => ({ city, condition: 'light rain', temperatureCelsius: 17 }),
    }),
  },
  stopWhen: isStepCount(5), // at most 5 model calls
  providerOptions: { vllm: { thinking: false } satisfies VllmLanguageModelChatOptions },
});

for (const [index, step] of result.steps.entries()) {
  console.log(`step ${index + 1} (finish reason: ${step.finishReason})`);
  for (const call of step.toolCalls)
    console.log(`  tool call  ${call.toolName}(${JSON.stringify(call.input)})`);
  for (const toolResult of step.toolResults)
    console.log(`  tool result ${JSON.stringify(toolResult.output)}`);
  if (step.text) console.log(`  text       ${step.text}`);
}
console.log(`\nanswer: ${result.text}`);
