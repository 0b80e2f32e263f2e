// Beam search: vLLM keeps the `beamWidth` most likely sequences and returns all of them. The SDK's
// text is the best beam; every beam is in providerMetadata.vllm.choices.
//   npm run example beam-search
import { generateText } from 'ai';
import { createVllm, type VllmLanguageModelChatOptions } from 'vllm-ai-provider';
import { exampleServer } from './helpers/example-server';

await using server = await exampleServer({ model: 'Qwen/Qwen3-8B' });
const vllm = createVllm({ baseURL: server.baseURL });

const result = await generateText({
  model: vllm(server.model),
  prompt: 'Suggest a name for a coffee shop run by robots.',
  maxOutputTokens: 16,
  temperature: 0, // beam search is deterministic
  providerOptions: {
    vllm: {
      useBeamSearch: true,
      beamWidth: 3,
      lengthPenalty: 1.0,
      thinking: false,
    } satisfies VllmLanguageModelChatOptions, // use_beam_search, n, length_penalty
  },
});

console.log(`best beam: ${result.text}\n`);
const beams = (result.providerMetadata?.vllm?.choices ?? []) as Array<{
  index: number;
  text: string;
  finishReason: string;
}>;
for (const beam of beams) console.log(`beam ${beam.index} (${beam.finishReason}): ${beam.text}`);
