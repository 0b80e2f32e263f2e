import { generateText, isStepCount, Output, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { createVllm } from '../../src';
import { startVllmEmulator, type VllmEmulator, type VllmEmulatorVersion } from '../../src/testing';

// End to end against the emulator speaking each vLLM version: the provider reads GET /version
// itself (vllmVersion 'auto'), every knob lands in a field that version accepts (the emulator
// records the fields a version would silently ignore in `ignoredFields`), and constraints are
// honoured (the emulator applies guided_* / structured_outputs exactly as that version would).

const VERSIONS: VllmEmulatorVersion[] = ['0.10', '0.11', '0.12', '0.13', 'latest'];

describe.each(VERSIONS)('vLLM %s emulator', (version) => {
  let emulator: VllmEmulator;
  beforeAll(async () => {
    emulator = await startVllmEmulator({
      model: 'Qwen/Qwen3-8B',
      version,
      enableAutoToolChoice: true,
      toolCallParser: 'hermes',
      reasoningParser: 'qwen3',
    });
  });
  afterAll(() => emulator.close());

  const provider = () => createVllm({ baseURL: emulator.baseURL });

  it('a guided choice is honoured (sent in the field this version reads)', async () => {
    const model = provider()('Qwen/Qwen3-8B');
    const result = await generateText({
      model,
      prompt: 'Is the sky blue?',
      maxOutputTokens: 20,
      providerOptions: {
        vllm: { guidedChoice: ['yes', 'no'], thinking: false, minP: 0.05, topK: 20, repetitionPenalty: 1.05 },
      },
    });
    expect(['yes', 'no']).toContain(result.text);
    expect(result.warnings).toEqual([]);
    const probes = emulator.requests.filter((request) => request.path === '/version');
    expect(probes).toHaveLength(1);
  });

  it('a regex constraint is honoured when streaming', async () => {
    const result = streamText({
      model: provider()('Qwen/Qwen3-8B'),
      prompt: 'A number',
      maxOutputTokens: 20,
      providerOptions: {
        vllm: {
          structuredOutputs: { regex: '[0-9]{3}' },
          thinking: false,
          returnTokenIds: true,
          logprobs: 2,
        },
      },
    });
    expect(await result.text).toMatch(/^[0-9]{3}$/);
  });

  it('Output.object, reasoning history, sampling, thinking, tools with strict', async () => {
    const model = provider()('Qwen/Qwen3-8B');
    const { output } = await generateText({
      model,
      output: Output.object({ schema: z.object({ city: z.string() }) }),
      prompt: 'A city',
      providerOptions: {
        vllm: { thinking: false, includeReasoning: false, minTokens: 1, cacheSalt: 's', priority: 0 },
      },
    });
    expect(typeof output.city).toBe('string');

    await generateText({
      model,
      messages: [
        { role: 'user', content: 'a' },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'thinking' },
            { type: 'text', text: 'b' },
          ],
        },
        { role: 'user', content: 'c' },
      ],
      reasoning: 'high',
      maxOutputTokens: 8,
      providerOptions: {
        vllm: { thinkingTokenBudget: 32, repetitionDetection: { maxPatternSize: 4, minCount: 3 }, bestOf: 1 },
      },
    });

    await generateText({
      model,
      prompt: 'Weather in Paris?',
      tools: {
        get_weather: tool({
          inputSchema: z.object({ city: z.string() }),
          strict: true,
          execute: async () => 'sunny',
        }),
      },
      stopWhen: isStepCount(2),
      maxOutputTokens: 30,
    });
  });

  it('the completion model with its options', async () => {
    const result = await generateText({
      model: provider().completionModel('Qwen/Qwen3-8B'),
      prompt: 'The capital of France is',
      maxOutputTokens: 5,
      providerOptions: {
        vllm: {
          guidedChoice: ['Paris', 'Lyon'],
          logprobs: 1,
          returnTokenIds: true,
          badWords: ['x'],
          requestId: 'cmpl-test-1',
          thinkingTokenBudget: 3,
        },
      },
    });
    expect(['Paris', 'Lyon']).toContain(result.text);
  });

  it('no request carried a field this version ignores', () => {
    const ignored = emulator.requests
      .filter((request) => request.ignoredFields.length > 0)
      .map((request) => `${request.path}: ${request.ignoredFields.join(', ')}`);
    expect(ignored).toEqual([]);
    expect(
      emulator.requests.filter((request) => request.path.endsWith('/completions')).length,
    ).toBeGreaterThanOrEqual(6);
  });
});
