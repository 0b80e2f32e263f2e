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

/**
 * What each release does with the knobs below — read from vLLM's request models per release
 * (test/provider/fixtures/vllm-fields-by-version.json), written out here so a wrong boundary in the
 * provider's table shows up as a wrong request body. `latest` is the emulator's 0.26.0.
 */
interface Expected {
  reasoningField: 'reasoning' | 'reasoning_content';
  reasoningEffort: boolean;
  bestOf: boolean;
  thinkingTokenBudget: boolean;
  repetitionDetection: boolean;
  strictTools: boolean;
  completionRequestId: boolean;
  returnTokenIds: boolean;
  completionBadWords: boolean;
  completionThinkingTokenBudget: boolean;
}
const BEFORE_0_12: Expected = {
  reasoningField: 'reasoning_content',
  reasoningEffort: true, // 0.10.1
  bestOf: true,
  thinkingTokenBudget: false, // 0.19
  repetitionDetection: false, // 0.18
  strictTools: false, // 0.24
  completionRequestId: true, // 0.10.1
  returnTokenIds: true, // 0.10.2
  completionBadWords: false, // 0.26
  completionThinkingTokenBudget: false, // 0.22
};
const FROM_0_12: Expected = { ...BEFORE_0_12, reasoningField: 'reasoning', bestOf: false };
const EXPECTED: Record<VllmEmulatorVersion, Expected> = {
  '0.10': { ...BEFORE_0_12, reasoningEffort: false, completionRequestId: false, returnTokenIds: false },
  '0.11': BEFORE_0_12,
  '0.12': FROM_0_12,
  '0.13': FROM_0_12,
  latest: {
    ...FROM_0_12,
    thinkingTokenBudget: true,
    repetitionDetection: true,
    strictTools: true,
    completionBadWords: true,
    completionThinkingTokenBudget: true,
  },
};

type Body = Record<string, unknown>;

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

  const lastBody = (path: string): Body => {
    const request = emulator.requests.filter((recorded) => recorded.path === path).at(-1);
    if (request?.body === undefined) throw new Error(`no ${path} request recorded`);
    return request.body;
  };

  it('Output.object is enforced through the response format; the other knobs reach the body', async () => {
    const { output } = await generateText({
      model: provider()('Qwen/Qwen3-8B'),
      output: Output.object({ schema: z.object({ city: z.string() }) }),
      prompt: 'A city',
      providerOptions: {
        vllm: { thinking: false, includeReasoning: false, minTokens: 1, cacheSalt: 's', priority: 0 },
      },
    });
    expect(typeof output.city).toBe('string');
    const body = lastBody('/v1/chat/completions');
    expect(body.response_format).toMatchObject({ type: 'json_schema' });
    expect(body).toMatchObject({ min_tokens: 1, cache_salt: 's', priority: 0 });
    expect(body.chat_template_kwargs).toEqual({ enable_thinking: false, thinking: false });
    expect(body.include_reasoning).toBe(EXPECTED[version].reasoningEffort ? false : undefined);
  });

  it('reasoning history goes back in the field the version reads; newer knobs only where accepted', async () => {
    const expected = EXPECTED[version];
    const result = await generateText({
      model: provider()('Qwen/Qwen3-8B'),
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
    const body = lastBody('/v1/chat/completions');
    const assistant = (body.messages as Body[])[1];
    expect(assistant[expected.reasoningField]).toBe('thinking');
    expect(
      assistant[expected.reasoningField === 'reasoning' ? 'reasoning_content' : 'reasoning'],
    ).toBeUndefined();
    expect(body.reasoning_effort).toBe(expected.reasoningEffort ? 'high' : undefined);
    expect(body.thinking_token_budget).toBe(expected.thinkingTokenBudget ? 32 : undefined);
    expect(body.repetition_detection).toEqual(
      expected.repetitionDetection ? { max_pattern_size: 4, min_count: 3 } : undefined,
    );
    expect(body.best_of).toBe(expected.bestOf ? 1 : undefined);
    // Every knob that was left out is named in a warning.
    const warnings = JSON.stringify(result.warnings);
    if (!expected.thinkingTokenBudget) expect(warnings).toContain('thinking_token_budget');
    if (!expected.repetitionDetection) expect(warnings).toContain('repetition_detection');
    if (!expected.bestOf) expect(warnings).toContain('best_of');
    if (!expected.reasoningEffort) expect(warnings).toContain('reasoning_effort');
  });

  it('tools: the call runs, strict is sent only where vLLM enforces it', async () => {
    const { steps, text } = await generateText({
      model: provider()('Qwen/Qwen3-8B'),
      prompt: 'Weather in Paris?',
      tools: {
        get_weather: tool({
          inputSchema: z.object({ city: z.string() }),
          strict: true,
          execute: async () => 'sunny',
        }),
      },
      stopWhen: isStepCount(2),
      // Room for the whole call: at 30 tokens vLLM (and the emulator) cut the arguments off.
      maxOutputTokens: 300,
    });
    expect(steps).toHaveLength(2);
    expect(steps[0].toolCalls).toEqual([
      expect.objectContaining({ toolName: 'get_weather', input: { city: expect.any(String) } }),
    ]);
    expect(steps[0].toolResults).toEqual([expect.objectContaining({ output: 'sunny' })]);
    expect(text).not.toBe('');
    const [first, second] = emulator.requests
      .filter((recorded) => recorded.path === '/v1/chat/completions')
      .slice(-2);
    const tools = first.body?.tools as Array<{ function: Body }>;
    expect(tools[0].function.name).toBe('get_weather');
    expect(tools[0].function.strict).toBe(EXPECTED[version].strictTools ? true : undefined);
    // The second step sends the tool result back.
    expect(((second.body?.messages ?? []) as Body[]).some((message) => message.role === 'tool')).toBe(true);
  });

  it('the completion model with its options', async () => {
    const expected = EXPECTED[version];
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
    const body = lastBody('/v1/completions');
    expect(body.logprobs).toBe(1);
    expect(body.return_token_ids).toBe(expected.returnTokenIds ? true : undefined);
    expect(body.bad_words).toEqual(expected.completionBadWords ? ['x'] : undefined);
    expect(body.request_id).toBe(expected.completionRequestId ? 'cmpl-test-1' : undefined);
    expect(body.thinking_token_budget).toBe(expected.completionThinkingTokenBudget ? 3 : undefined);
    if (version === '0.10') expect(body.guided_choice).toEqual(['Paris', 'Lyon']);
    else expect(body.structured_outputs).toEqual({ choice: ['Paris', 'Lyon'] });
    if (expected.returnTokenIds) expect(result.providerMetadata?.vllm?.tokenIds).toEqual(expect.any(Array));
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
