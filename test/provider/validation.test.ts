import { InvalidArgumentError } from '@ai-sdk/provider';
import { generateText, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { createVllm } from '../../src';
import { createMockFetch, jsonResponse } from '../helpers/mock-fetch';
import { chatBody } from './fixtures/vllm-shapes';
import { baseURL } from './helpers';

// Client-side validation mirrors vLLM's validators: an InvalidArgumentError naming the option and
// the rule, thrown before any request is sent.

function setup() {
  const { fetch, requests } = createMockFetch(() => jsonResponse(chatBody([{ message: { content: 'x' } }])));
  const provider = createVllm({ baseURL, fetch, vllmVersion: 'latest' });
  return { provider, requests };
}

async function rejection(run: (provider: ReturnType<typeof setup>['provider']) => Promise<unknown>) {
  const { provider, requests } = setup();
  const error = await run(provider).catch((e: unknown) => e);
  expect(requests).toEqual([]);
  expect(InvalidArgumentError.isInstance(error)).toBe(true);
  return (error as Error).message;
}

const chat =
  (vllm: Record<string, unknown>, settings: Record<string, unknown> = {}) =>
  (provider: ReturnType<typeof setup>['provider']) =>
    generateText({
      model: provider('m'),
      prompt: 'Hi',
      maxRetries: 0,
      providerOptions: { vllm: vllm as never },
      ...settings,
    });

const streamChat =
  (vllm: Record<string, unknown>) => async (provider: ReturnType<typeof setup>['provider']) => {
    let failure: unknown;
    const result = streamText({
      model: provider('m'),
      prompt: 'Hi',
      providerOptions: { vllm: vllm as never },
      onError: ({ error }) => {
        failure = error;
      },
    });
    await result.consumeStream();
    throw failure;
  };

describe('vLLM validators, before the request', () => {
  it.each([
    [{ minP: 1.5 }, /providerOptions\.vllm\.minP: Too big: expected number to be <=1/],
    [{ topK: -2 }, /providerOptions\.vllm\.topK: Too small/],
    [
      { repetitionPenalty: 0 },
      /providerOptions\.vllm\.repetitionPenalty: Too small: expected number to be >0/,
    ],
    [{ minTokens: -1 }, /providerOptions\.vllm\.minTokens/],
    [{ truncatePromptTokens: -2 }, /providerOptions\.vllm\.truncatePromptTokens: Too small/],
    [{ n: 0 }, /providerOptions\.vllm\.n: Too small/],
    [{ allowedTokenIds: [] }, /allowedTokenIds: expected at least one token id/],
    [{ badWords: [''] }, /badWords\.0: bad words cannot be empty strings/],
    [{ logitBias: { hello: 1 } }, /logitBias: keys must be token ids/],
    [{ streamInterval: 0 }, /streamInterval: Too small/],
    [{ cacheSalt: '' }, /cacheSalt: vLLM requires a non-empty cache salt/],
    [
      { repetitionDetection: { maxPatternSize: 4, minCount: 1 } },
      /repetitionDetection\.minCount: minCount must be ≥ 2/,
    ],
    [
      { repetitionDetection: { maxPatternSize: 2, minPatternSize: 3, minCount: 2 } },
      /minPatternSize must be ≤ maxPatternSize/,
    ],
    [{ reasoningEffort: 'extreme' }, /providerOptions\.vllm\.reasoningEffort: Invalid option/],
    [{ thinking: 'yes' }, /providerOptions\.vllm\.thinking: Invalid input: expected boolean/],
  ])('%o', async (options, message) => {
    expect(await rejection(chat(options))).toMatch(message);
  });

  it('continueFinalMessage with addGenerationPrompt', async () => {
    expect(await rejection(chat({ continueFinalMessage: true, addGenerationPrompt: true }))).toMatch(
      /providerOptions\.vllm\.continueFinalMessage: cannot be combined with addGenerationPrompt: true/,
    );
  });

  it('topLogprobs without logprobs', async () => {
    expect(await rejection(chat({ topLogprobs: 3 }))).toMatch(
      /providerOptions\.vllm\.topLogprobs: needs logprobs: true/,
    );
  });

  it('promptLogprobs while streaming', async () => {
    expect(await rejection(streamChat({ promptLogprobs: 1 }))).toMatch(
      /providerOptions\.vllm\.promptLogprobs: is not available when streaming/,
    );
  });

  it('streaming beam search on /v1/completions', async () => {
    expect(
      await rejection(async (provider) => {
        let failure: unknown;
        const result = streamText({
          model: provider.completionModel('m'),
          prompt: 'Hi',
          providerOptions: { vllm: { useBeamSearch: true, n: 2 } },
          onError: ({ error }) => {
            failure = error;
          },
        });
        await result.consumeStream();
        throw failure;
      }),
    ).toMatch(/providerOptions\.vllm\.useBeamSearch: cannot be streamed on \/v1\/completions/);
  });

  it('n > 1 with greedy sampling', async () => {
    expect(await rejection(chat({ n: 2 }, { temperature: 0 }))).toMatch(
      /providerOptions\.vllm\.n: must be 1 with greedy sampling/,
    );
  });

  it('beamWidth and n disagreeing, beamWidth without beam search', async () => {
    expect(await rejection(chat({ beamWidth: 2, n: 3 }))).toMatch(
      /beamWidth: and n are both the number of beams/,
    );
    expect(await rejection(chat({ beamWidth: 2, useBeamSearch: false }))).toMatch(/useBeamSearch is false/);
  });

  it('minTokens above maxOutputTokens', async () => {
    expect(await rejection(chat({ minTokens: 50 }, { maxOutputTokens: 10 }))).toMatch(
      /minTokens: must be ≤ maxOutputTokens/,
    );
  });

  it('a structured-output constraint with a forced tool', async () => {
    const message = await rejection(
      chat(
        { guidedRegex: 'a+' },
        {
          tools: { lookup: tool({ inputSchema: z.object({ q: z.string() }) }) },
          toolChoice: { type: 'tool', toolName: 'lookup' },
        },
      ),
    );
    expect(message).toMatch(/structuredOutputs: cannot be combined with a forced tool choice/);
  });

  it.each([
    [{ temperature: -0.5 }, /Invalid temperature: must be ≥ 0/],
    [{ topP: 0 }, /Invalid topP: must be in \(0, 1\]/],
    [{ topK: 2.5 }, /Invalid topK: must be an integer/],
    [{ presencePenalty: 3 }, /Invalid presencePenalty: must be in \[-2, 2\]/],
    [{ frequencyPenalty: -2.5 }, /Invalid frequencyPenalty/],
    [{ stopSequences: ['END', ''] }, /Invalid stopSequences: cannot contain an empty string/],
  ])('SDK setting %o', async (settings, message) => {
    expect(await rejection(chat({}, settings))).toMatch(message);
  });
});
