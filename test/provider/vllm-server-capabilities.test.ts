import { InvalidArgumentError } from '@ai-sdk/provider';
import { generateText, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { createVllm, type VllmServerCapabilityHints } from '../../src';
import { createMockFetch, jsonResponse } from '../helpers/mock-fetch';
import { CHAT_COMPLETION } from '../helpers/vllm-fixtures';

const weather = tool({ description: 'Weather', inputSchema: z.object({ city: z.string() }) });

function provider(serverCapabilities?: VllmServerCapabilityHints) {
  const mock = createMockFetch(() => jsonResponse(CHAT_COMPLETION));
  return {
    ...mock,
    vllm: createVllm({
      baseURL: 'http://vllm.test/v1',
      fetch: mock.fetch,
      serverCapabilities,
      vllmVersion: 'latest',
    }),
  };
}

describe('serverCapabilities', () => {
  it('rejects tools before any request when the server has no tool parser', async () => {
    const { vllm, requests } = provider({ autoToolChoice: false });
    const error = await generateText({ model: vllm('m'), prompt: 'x', tools: { weather } }).catch(
      (e: unknown) => e,
    );
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('--enable-auto-tool-choice --tool-call-parser');
    expect(requests).toHaveLength(0);
  });

  it('names the tool-call parser for the model family', async () => {
    const { vllm } = provider({ autoToolChoice: false });
    await expect(
      generateText({
        model: vllm('meta-llama/Llama-4-Scout-17B-16E-Instruct'),
        prompt: 'x',
        tools: { weather },
      }),
    ).rejects.toThrow('--tool-call-parser llama4_pythonic (the parser for Llama 4)');
    await expect(
      generateText({ model: vllm('Qwen/Qwen3-8B'), prompt: 'x', tools: { weather } }),
    ).rejects.toThrow('--tool-call-parser hermes (the parser for Qwen3)');
  });

  it('rejects a streamed call with tools the same way', async () => {
    const { vllm, requests } = provider({ autoToolChoice: false });
    const errors: unknown[] = [];
    const result = streamText({
      model: vllm('m'),
      prompt: 'x',
      tools: { weather },
      onError: ({ error }) => void errors.push(error),
    });
    await result.consumeStream();
    expect(String(errors[0])).toContain('--enable-auto-tool-choice');
    expect(requests).toHaveLength(0);
  });

  it('allows tools with toolChoice none, and tools when the server has a parser', async () => {
    const without = provider({ autoToolChoice: false });
    await generateText({ model: without.vllm('m'), prompt: 'x', tools: { weather }, toolChoice: 'none' });
    expect(without.requests).toHaveLength(1);
    const withParser = provider({ autoToolChoice: true, toolCallParser: 'hermes' });
    await generateText({ model: withParser.vllm('m'), prompt: 'x', tools: { weather } });
    expect(withParser.requests).toHaveLength(1);
  });

  it('rejects maxOutputTokens above the context length, for chat and completion', async () => {
    const { vllm, requests } = provider({ maxModelLen: 4096 });
    await expect(generateText({ model: vllm('m'), prompt: 'x', maxOutputTokens: 5000 })).rejects.toThrow(
      /maxOutputTokens 5000 exceeds .*--max-model-len 4096/,
    );
    await expect(
      generateText({ model: vllm.completionModel('m'), prompt: 'x', maxOutputTokens: 5000 }),
    ).rejects.toThrow(/--max-model-len 4096/);
    expect(requests).toHaveLength(0);
  });

  it('changes nothing when capabilities are unknown', async () => {
    const { vllm, requests } = provider();
    await generateText({ model: vllm('m'), prompt: 'x', tools: { weather }, maxOutputTokens: 100_000 });
    expect(requests).toHaveLength(1);
  });
});
