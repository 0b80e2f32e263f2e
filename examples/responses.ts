// The Responses API (`vllm.responses(id)`, POST /v1/responses): the path gpt-oss was built for, with
// reasoning, function tools and structured output — generated and streamed.
//   npm run example responses
import { generateText, jsonSchema, Output, stepCountIs, streamText, tool } from 'ai';
import { createVllm } from 'vllm-ai-provider';
import { exampleServer } from './helpers/example-server';

// `vllm serve Qwen/Qwen3-8B --reasoning-parser qwen3 --enable-auto-tool-choice --tool-call-parser hermes`
// (for gpt-oss: `vllm serve openai/gpt-oss-20b`).
await using server = await exampleServer({
  model: 'Qwen/Qwen3-8B',
  reasoningParser: 'qwen3',
  enableAutoToolChoice: true,
  toolCallParser: 'hermes',
});
const vllm = createVllm({ baseURL: server.baseURL });
const model = vllm.responses(server.model);

// 1. Text and reasoning, streamed.
const stream = streamText({ model, prompt: 'Why is the sky blue? One sentence.', reasoning: 'low' });
for await (const part of stream.fullStream) {
  if (part.type === 'reasoning-start') process.stdout.write('[thinking] ');
  if (part.type === 'reasoning-delta') process.stdout.write(part.text);
  if (part.type === 'text-start') process.stdout.write('\n[answer] ');
  if (part.type === 'text-delta') process.stdout.write(part.text);
}
const usage = await stream.usage;
console.log(
  `\nusage: ${usage.inputTokens} in, ${usage.outputTokens} out (${usage.outputTokenDetails?.reasoningTokens ?? 0} reasoning)`,
);

// 2. A function tool, run in a loop until the model answers.
const weather = tool({
  description: 'Current weather in a city',
  inputSchema: jsonSchema<{ city: string }>({
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
  }),
  execute: async ({ city }) => ({ city, temperatureC: 21, sky: 'clear' }),
});
const withTools = await generateText({
  model,
  prompt: 'What is the weather in Lisbon?',
  tools: { weather },
  stopWhen: stepCountIs(3),
});
for (const call of withTools.steps[0].toolCalls)
  console.log(`tool call ${call.toolName}(${JSON.stringify(call.input)})`);
console.log(`answer after ${withTools.steps.length} steps: ${withTools.text}`);

// 3. Structured output, enforced by vLLM (text.format json_schema).
const { output } = await generateText({
  model,
  prompt: 'Invent a city.',
  output: Output.object({
    schema: jsonSchema<{ name: string; population: number }>({
      type: 'object',
      properties: { name: { type: 'string' }, population: { type: 'integer' } },
      required: ['name', 'population'],
      additionalProperties: false,
    }),
  }),
});
console.log(`Output.object: ${JSON.stringify(output)}`);
