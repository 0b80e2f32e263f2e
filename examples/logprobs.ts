// Log probabilities: how sure the model was of each token, and the runners-up.
// Chat: providerMetadata.vllm.logprobs = [{ token, logprob, bytes, top_logprobs }].
//   npm run example logprobs
import { generateText } from 'ai';
import { createVllm, type VllmLanguageModelChatOptions } from 'vllm-ai-provider';
import { exampleServer } from './helpers/example-server';

await using server = await exampleServer({ model: 'Qwen/Qwen3-8B' });
const vllm = createVllm({ baseURL: server.baseURL });

const result = await generateText({
  model: vllm(server.model),
  prompt: 'The capital of France is',
  maxOutputTokens: 8,
  providerOptions: {
    vllm: { logprobs: true, topLogprobs: 3, thinking: false } satisfies VllmLanguageModelChatOptions,
  }, // logprobs, top_logprobs
});

type TokenLogprob = {
  token: string;
  logprob: number;
  top_logprobs: Array<{ token: string; logprob: number }>;
};
const tokens = (result.providerMetadata?.vllm?.logprobs ?? []) as TokenLogprob[];
console.log(`text: ${result.text}\n`);
for (const token of tokens) {
  const alternatives = token.top_logprobs
    .map(
      (alternative) =>
        `${JSON.stringify(alternative.token)} ${(Math.exp(alternative.logprob) * 100).toFixed(1)}%`,
    )
    .join(', ');
  console.log(
    `${JSON.stringify(token.token).padEnd(14)} p=${(Math.exp(token.logprob) * 100).toFixed(1)}%   top 3: ${alternatives}`,
  );
}
