// Structured output with the SDK's Output helpers. The schema reaches vLLM as
// response_format: { type: 'json_schema' }, so vLLM's structured-output backend (xgrammar,
// guidance…) constrains decoding; the SDK validates the result again.
//   npm run example structured-output
import { generateText, Output } from 'ai';
import { createVllm, type VllmLanguageModelChatOptions } from 'vllm-ai-provider';
import { z } from 'zod/v4';
import { exampleServer } from './helpers/example-server';

await using server = await exampleServer({ model: 'Qwen/Qwen3-8B' });
const vllm = createVllm({ baseURL: server.baseURL });
const model = vllm(server.model);
// Thinking models: keep the JSON out of the reasoning (chat_template_kwargs.enable_thinking: false).
const providerOptions = { vllm: { thinking: false } satisfies VllmLanguageModelChatOptions };

// Output.object: one object matching a schema.
const { output: recipe } = await generateText({
  model,
  providerOptions,
  output: Output.object({
    schema: z.object({
      name: z.string(),
      servings: z.number().int().min(1).max(12),
      ingredients: z
        .array(z.object({ name: z.string(), amount: z.string() }))
        .min(1)
        .max(5),
    }),
  }),
  prompt: 'A simple pancake recipe.',
});
console.log('Output.object:', recipe);

// Output.array: a list of elements, each matching the element schema.
const { output: cities } = await generateText({
  model,
  providerOptions,
  output: Output.array({
    element: z.object({ city: z.string(), country: z.string() }),
    minItems: 2,
    maxItems: 3,
  }),
  prompt: 'Name two or three European capitals.',
});
console.log('Output.array:', cities);

// Output.choice: exactly one of the options (classification).
const { output: sentiment } = await generateText({
  model,
  providerOptions,
  output: Output.choice({ options: ['positive', 'neutral', 'negative'] }),
  prompt: 'Sentiment of: "The new release fixed every bug I reported!"',
});
console.log('Output.choice:', sentiment);
