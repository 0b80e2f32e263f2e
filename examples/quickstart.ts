// The main job: generate, stream, structured output and an embedding against vLLM.
// Uses VLLM_BASE_URL (and VLLM_API_KEY / VLLM_MODEL / VLLM_EMBEDDING_MODEL) when set; otherwise it
// starts the embedded GPU-free emulator itself and says so.
//
//   npm run demo
import { embed, generateText, Output, streamText } from 'ai';
import { createVllm } from 'vllm-ai-provider';
import { startVllmEmulator } from 'vllm-ai-provider/testing';
import { z } from 'zod/v4';

const external = process.env.VLLM_BASE_URL;
const chat = external
  ? undefined
  : await startVllmEmulator({ model: 'Qwen/Qwen3-8B', reasoningParser: 'qwen3' });
const pooling = external
  ? undefined
  : await startVllmEmulator({ model: 'BAAI/bge-m3', runner: 'pooling', embeddingDimensions: 8 });

const chatModelId = process.env.VLLM_MODEL ?? 'Qwen/Qwen3-8B';
const embeddingModelId = process.env.VLLM_EMBEDDING_MODEL ?? 'BAAI/bge-m3';
console.log(
  external
    ? `Using your vLLM server at ${external} (model ${chatModelId}).`
    : `VLLM_BASE_URL is not set: using the embedded vLLM emulator at ${chat?.baseURL} (no GPU, deterministic text).`,
);

const vllm = createVllm({ baseURL: chat?.baseURL });

try {
  // 1. generate
  const generated = await generateText({
    model: vllm(chatModelId),
    prompt: 'In one sentence: why is the sky blue?',
    maxOutputTokens: 60,
  });
  console.log('\n# generateText');
  if (generated.reasoningText) console.log(`reasoning: ${generated.reasoningText}`);
  console.log(generated.text);
  console.log(`usage: ${generated.usage.inputTokens} in, ${generated.usage.outputTokens} out`);

  // 2. stream (usage included: the provider asks vLLM for it)
  console.log('\n# streamText');
  const stream = streamText({ model: vllm(chatModelId), prompt: 'Name three colors.', maxOutputTokens: 40 });
  for await (const delta of stream.textStream) process.stdout.write(delta);
  const usage = await stream.usage;
  console.log(`\nusage: ${usage.inputTokens} in, ${usage.outputTokens} out`);

  // 3. structured output, enforced by vLLM through response_format json_schema
  console.log('\n# Output.object');
  const { output } = await generateText({
    model: vllm(chatModelId),
    output: Output.object({
      schema: z.object({ city: z.string(), country: z.string(), population: z.number().int() }),
    }),
    prompt: 'Describe the capital of France.',
  });
  console.log(output);

  // 4. embedding (a pooling model: `vllm serve BAAI/bge-m3 --runner pooling`, usually a second server)
  console.log('\n# embed');
  const embeddingBaseURL = pooling?.baseURL ?? process.env.VLLM_EMBEDDING_BASE_URL;
  if (embeddingBaseURL === undefined) {
    console.log(
      'skipped: set VLLM_EMBEDDING_BASE_URL (and VLLM_EMBEDDING_MODEL) to your pooling-model server.',
    );
  } else {
    const embeddingProvider = createVllm({ baseURL: embeddingBaseURL });
    const { embedding } = await embed({
      model: embeddingProvider.embeddingModel(embeddingModelId),
      value: 'sunny day at the beach',
    });
    const head = embedding.slice(0, 4).map((value) => value.toFixed(3));
    console.log(`${embedding.length} dimensions: [${head.join(', ')}, …]`);
  }
} finally {
  await chat?.close();
  await pooling?.close();
}
