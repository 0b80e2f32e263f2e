// Prefix-cache hits reach the AI SDK user: vLLM's usage.prompt_tokens_details.cached_tokens becomes
// inputTokens.cacheRead / noCache (the SDK's inputTokenDetails), for chat and completion models,
// generateText, streamText and generateBatch — end to end against the emulator.
import { generateText, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { createVllm, generateBatch } from '../../src';
import { startVllmEmulator } from '../../src/testing';

const MODEL = 'Qwen/Qwen3-0.6B';
const INSTRUCTIONS = `You are the support assistant of a bicycle shop. ${'Be brief and friendly. '.repeat(30)}`;

describe('cached prompt tokens in AI SDK usage', () => {
  it.each(['chat', 'completion'] as const)(
    '%s model: generateText and streamText report cacheRead and noCache',
    async (kind) => {
      await using emulator = await startVllmEmulator({ enablePromptTokensDetails: true });
      const vllm = createVllm({ baseURL: emulator.baseURL });
      const model = kind === 'chat' ? vllm(MODEL) : vllm.completionModel(MODEL);
      const first = await generateText({
        model,
        instructions: INSTRUCTIONS,
        prompt: 'Do you sell bells?',
        maxOutputTokens: 4,
      });
      expect(first.usage.inputTokenDetails).toEqual({
        noCacheTokens: first.usage.inputTokens,
        cacheReadTokens: 0,
        cacheWriteTokens: undefined,
      });
      const second = await generateText({
        model,
        instructions: INSTRUCTIONS,
        prompt: 'Do you fix tyres?',
        maxOutputTokens: 4,
      });
      const cached = second.usage.inputTokenDetails.cacheReadTokens ?? 0;
      expect(cached).toBeGreaterThan(150);
      expect(cached % 16).toBe(0);
      expect(second.usage.inputTokenDetails.noCacheTokens).toBe((second.usage.inputTokens ?? 0) - cached);

      const stream = streamText({
        model,
        instructions: INSTRUCTIONS,
        prompt: 'Open on Sundays?',
        maxOutputTokens: 4,
      });
      const usage = await stream.usage;
      const streamed = usage.inputTokenDetails.cacheReadTokens ?? 0;
      expect(streamed).toBeGreaterThan(150);
      expect(usage.inputTokenDetails.noCacheTokens).toBe((usage.inputTokens ?? 0) - streamed);
    },
  );

  it.each(['chat', 'completion'] as const)(
    '%s model: generateBatch reports cachedInputTokens per item and in total',
    async (kind) => {
      await using emulator = await startVllmEmulator({ enablePromptTokensDetails: true });
      const vllm = createVllm({ baseURL: emulator.baseURL });
      const model = kind === 'chat' ? vllm(MODEL) : vllm.completionModel(MODEL);
      const prompts = ['bells', 'tyres', 'locks'].map(
        (item) => `${INSTRUCTIONS}\nQuestion: do you sell ${item}?`,
      );
      const batch = await generateBatch({ model, prompts, concurrency: 1, maxOutputTokens: 4 });
      const items = batch.results.map((result) => (result.ok ? result.usage.cachedInputTokens : undefined));
      expect(items[0]).toBe(0);
      expect(items[1]).toBeGreaterThan(150);
      expect(batch.usage.cachedInputTokens).toBe((items[1] ?? 0) + (items[2] ?? 0));
    },
  );

  it('leaves cached tokens unknown (undefined, not 0) when the server does not report them (no --enable-prompt-tokens-details)', async () => {
    await using emulator = await startVllmEmulator();
    const vllm = createVllm({ baseURL: emulator.baseURL });
    await generateText({ model: vllm(MODEL), instructions: INSTRUCTIONS, prompt: 'a', maxOutputTokens: 2 });
    const again = await generateText({
      model: vllm.completionModel(MODEL),
      prompt: `${INSTRUCTIONS} b`,
      maxOutputTokens: 2,
    });
    expect(again.usage.inputTokens).toBeGreaterThan(0);
    expect(again.usage.inputTokenDetails.cacheReadTokens).toBeUndefined();
    expect(again.usage.inputTokenDetails.noCacheTokens).toBeUndefined();
  });
});
