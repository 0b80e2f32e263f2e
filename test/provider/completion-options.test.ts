import { describe, expect, it } from 'vitest';
import { completionBody } from './fixtures/vllm-shapes';
import { sendCompletion } from './helpers';

// One request-body test per completion option (newest vLLM).
const oneToOne: [option: string, value: unknown, field: string, wire?: unknown][] = [
  ['topK', 40, 'top_k'],
  ['minP', 0.05, 'min_p'],
  ['repetitionPenalty', 1.1, 'repetition_penalty'],
  ['lengthPenalty', 0.8, 'length_penalty'],
  ['minTokens', 3, 'min_tokens'],
  ['ignoreEos', true, 'ignore_eos'],
  ['stopTokenIds', [2], 'stop_token_ids'],
  ['includeStopStrInOutput', true, 'include_stop_str_in_output'],
  ['skipSpecialTokens', false, 'skip_special_tokens'],
  ['spacesBetweenSpecialTokens', false, 'spaces_between_special_tokens'],
  ['truncatePromptTokens', 512, 'truncate_prompt_tokens'],
  ['truncationSide', 'right', 'truncation_side'],
  ['allowedTokenIds', [7, 8], 'allowed_token_ids'],
  ['badWords', ['darn'], 'bad_words'],
  ['logitBias', { '13': 5 }, 'logit_bias'],
  [
    'repetitionDetection',
    { maxPatternSize: 4, minPatternSize: 2, minCount: 2 },
    'repetition_detection',
    { max_pattern_size: 4, min_pattern_size: 2, min_count: 2 },
  ],
  ['streamInterval', 8, 'stream_interval'],
  ['n', 3, 'n'],
  ['useBeamSearch', true, 'use_beam_search'],
  ['beamWidth', 2, 'n', 2],
  ['logprobs', 2, 'logprobs'],
  ['echo', true, 'echo'],
  ['promptLogprobs', 0, 'prompt_logprobs'],
  ['returnTokenIds', true, 'return_token_ids'],
  ['returnTokensAsTokenIds', true, 'return_tokens_as_token_ids'],
  ['addSpecialTokens', false, 'add_special_tokens'],
  ['thinkingTokenBudget', 64, 'thinking_token_budget'],
  ['priority', 5, 'priority'],
  ['requestId', 'batch-1', 'request_id'],
  ['cacheSalt', 'salt', 'cache_salt'],
  ['vllmXargs', { k: ['a', 1] }, 'vllm_xargs'],
  ['kvTransferParams', { remote_host: 'h' }, 'kv_transfer_params'],
  ['user', 'u', 'user'],
  ['loraAdapter', 'sql-lora', 'model', 'sql-lora'],
];

describe('completion providerOptions.vllm → request body (newest vLLM)', () => {
  it.each(oneToOne)('%s → %s', async (option, value, field, wire = value) => {
    const { body, result } = await sendCompletion({ [option]: value });
    expect(body[field]).toEqual(wire);
    if (option !== field) expect(body).not.toHaveProperty(option);
    expect(result.warnings).toEqual([]);
  });

  it('posts to /v1/completions with the prompt and max_tokens', async () => {
    const { body, requests } = await sendCompletion({ minP: 0.1 });
    expect(requests[0].url).toBe('http://vllm.test/v1/completions');
    expect(body).toMatchObject({ model: 'Qwen/Qwen3-8B', prompt: 'Hi', max_tokens: 8, min_p: 0.1 });
  });

  it("sends a single text prompt as is (no user:/assistant: transcript), keeping the caller's stops", async () => {
    const { body, headers } = await sendCompletion(undefined, {
      prompt: 'The capital of France is',
      stopSequences: ['.'],
    });
    expect(body.prompt).toBe('The capital of France is');
    expect(body.stop).toEqual(['.']);
    expect(Object.keys(headers)).not.toContain('x-vllm-ai-provider-plain-prompt');
  });

  it('keeps the transcript form for multi-message prompts', async () => {
    const { body } = await sendCompletion(undefined, { system: 'Be terse.' });
    expect(body.prompt).toBe('Be terse.\n\nuser:\nHi\n\nassistant:\n');
    expect(body.stop).toEqual(['\nuser:']);
  });

  it('requestId also goes in the X-Request-Id header', async () => {
    expect((await sendCompletion({ requestId: 'r-1' })).headers['x-request-id']).toBe('r-1');
  });

  it('bad_words on /v1/completions needs vLLM 0.26: older servers get a warning', async () => {
    const { body, result } = await sendCompletion({ badWords: ['x'] }, { version: '0.24.0' });
    expect(body).not.toHaveProperty('bad_words');
    expect(result.warnings).toEqual([
      expect.objectContaining({
        feature: 'providerOptions.vllm.badWords',
        details: expect.stringContaining('vLLM ≥ 0.26'),
      }),
    ]);
  });

  it('request_id on /v1/completions is body-only from 0.10.1; 0.10.0 gets the header alone', async () => {
    const { body, headers, result } = await sendCompletion({ requestId: 'r-2' }, { version: '0.10.0' });
    expect(body).not.toHaveProperty('request_id');
    expect(headers['x-request-id']).toBe('r-2');
    expect(result.warnings).toEqual([]);
  });

  it('keeps raw keys working', async () => {
    const { body } = await sendCompletion(
      { min_p: 0.2, logit_bias: { '5': 1 } },
      { response: completionBody([{ text: 'x' }]) },
    );
    expect(body).toMatchObject({ min_p: 0.2, logit_bias: { '5': 1 } });
    expect(body).not.toHaveProperty('logitBias');
  });
});
