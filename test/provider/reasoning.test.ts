import type { ModelMessage } from 'ai';
import { describe, expect, it } from 'vitest';
import { sendChat } from './helpers';

const history: ModelMessage[] = [
  { role: 'user', content: 'What is 2+2?' },
  {
    role: 'assistant',
    content: [
      { type: 'reasoning', text: 'Two plus two.' },
      { type: 'text', text: '4' },
    ],
  },
  { role: 'user', content: 'And 3+3?' },
];

describe('prior reasoning written back on assistant turns', () => {
  it.each([
    ['0.10.0', 'reasoning_content'],
    ['0.11.0', 'reasoning_content'],
    ['0.12.0', 'reasoning'],
    ['0.13.0', 'reasoning'],
    ['latest', 'reasoning'],
  ])('vLLM %s reads %s', async (version, field) => {
    const { body } = await sendChat(undefined, { version, prompt: undefined, messages: history } as never);
    const assistant = (body.messages as Record<string, unknown>[])[1];
    expect(assistant).toMatchObject({ role: 'assistant', content: '4', [field]: 'Two plus two.' });
    expect(Object.keys(assistant)).not.toContain(field === 'reasoning' ? 'reasoning_content' : 'reasoning');
  });
});

describe("the SDK's reasoning setting", () => {
  it.each([
    ['latest', 'high', 'high'],
    ['latest', 'xhigh', 'xhigh'],
    ['latest', 'minimal', 'minimal'],
    ['0.19.0', 'xhigh', 'high'],
    ['0.19.0', 'minimal', 'low'],
    ['0.13.0', 'max', 'high'],
    ['0.10.1', 'low', 'low'],
  ] as const)('vLLM %s: %s → reasoning_effort %s', async (version, reasoning, effort) => {
    const { body, result } = await sendChat(undefined, { version, reasoning });
    expect(body.reasoning_effort).toBe(effort);
    if (reasoning !== effort) {
      expect(result.warnings).toEqual([
        expect.objectContaining({ type: 'compatibility', feature: 'reasoning' }),
      ]);
    }
  });

  it("'none' turns thinking off in the template, and sends reasoning_effort none where accepted", async () => {
    const latest = await sendChat(undefined, { reasoning: 'none' });
    expect(latest.body).toMatchObject({
      reasoning_effort: 'none',
      chat_template_kwargs: { enable_thinking: false, thinking: false },
    });
    const old = await sendChat(undefined, { version: '0.13.0', reasoning: 'none' });
    expect(old.body).not.toHaveProperty('reasoning_effort');
    expect(old.body.chat_template_kwargs).toEqual({ enable_thinking: false, thinking: false });
    expect(old.result.warnings).toEqual([]);
  });

  it('vLLM 0.10.0 has no reasoning_effort: warning, not sent', async () => {
    const { body, result } = await sendChat(undefined, { version: '0.10.0', reasoning: 'high' });
    expect(body).not.toHaveProperty('reasoning_effort');
    expect(result.warnings).toEqual([expect.objectContaining({ type: 'unsupported', feature: 'reasoning' })]);
  });

  it("'provider-default' sends nothing", async () => {
    const { body } = await sendChat(undefined, { reasoning: 'provider-default' });
    expect(body).not.toHaveProperty('reasoning_effort');
    expect(body).not.toHaveProperty('chat_template_kwargs');
  });

  it('an explicit thinking option wins over reasoning none', async () => {
    const { body } = await sendChat({ thinking: true }, { reasoning: 'none', version: '0.13.0' });
    expect(body.chat_template_kwargs).toEqual({ enable_thinking: true, thinking: true });
  });

  it('an explicit reasoningEffort the server rejects fails before the request', async () => {
    await expect(sendChat({ reasoningEffort: 'xhigh' }, { version: '0.13.0' })).rejects.toThrow(
      /providerOptions\.vllm\.reasoningEffort: "xhigh" is not accepted by vLLM 0\.13\.0 \(it accepts low, medium, high\)/,
    );
  });

  it('includeReasoning and thinkingTokenBudget are version-checked', async () => {
    const { body, result } = await sendChat(
      { includeReasoning: false, thinkingTokenBudget: 100 },
      { version: '0.13.0' },
    );
    expect(body.include_reasoning).toBe(false);
    expect(body).not.toHaveProperty('thinking_token_budget');
    expect(result.warnings).toEqual([
      expect.objectContaining({
        feature: 'providerOptions.vllm.thinkingTokenBudget',
        details: expect.stringContaining('vLLM ≥ 0.19'),
      }),
    ]);
  });
});
