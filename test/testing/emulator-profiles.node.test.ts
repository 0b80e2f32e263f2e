import { describe, expect, it } from 'vitest';
import { startVllmEmulator, VLLM_EMULATOR_VERSIONS, type VllmEmulatorVersion } from '../../src/testing/index';
import { chunksOf, type Json, postJson, postStream, userMessage } from './helpers';

const VERSIONS = Object.keys(VLLM_EMULATOR_VERSIONS) as VllmEmulatorVersion[];
const REGEX = '^(alpha|beta)[0-9]{2}$';

describe.each(VERSIONS)('emulator profile %s', (version) => {
  it('serves its version string on /version', async () => {
    await using emulator = await startVllmEmulator({ version });
    expect(await (await fetch(`${emulator.url}/version`)).json()).toEqual({
      version: VLLM_EMULATOR_VERSIONS[version],
    });
  });

  it('uses the release error envelope', async () => {
    await using emulator = await startVllmEmulator({ version });
    const { status, json } = await postJson(`${emulator.baseURL}/chat/completions`, {
      model: 'x',
      messages: userMessage('a'),
    });
    expect(status).toBe(404);
    // param "model" only since #30134 (2025-12-23); null in 0.10–0.13 (flat and nested envelopes).
    const info = {
      message: 'The model `x` does not exist.',
      type: 'NotFoundError',
      param: version === 'latest' ? 'model' : null,
      code: 404,
    };
    expect(json).toEqual(version === '0.10' ? { object: 'error', ...info } : { error: info });
  });

  it('honours or ignores guided_* and structured_outputs like the release', async () => {
    await using emulator = await startVllmEmulator({ version });
    const guided = await postJson(`${emulator.baseURL}/chat/completions`, {
      messages: userMessage('a'),
      guided_regex: REGEX,
    });
    const structured = await postJson(`${emulator.baseURL}/chat/completions`, {
      messages: userMessage('a'),
      structured_outputs: { regex: REGEX },
    });
    const matches = (r: { json: Json }) => new RegExp(REGEX).test(r.json.choices[0].message.content);
    expect(guided.status).toBe(200);
    expect(matches(guided)).toBe(version === '0.10' || version === '0.11');
    expect(matches(structured)).toBe(version !== '0.10');
    const ignored = emulator.requests.map((request) => request.ignoredFields);
    expect(ignored[0]).toEqual(version === '0.10' || version === '0.11' ? [] : ['guided_regex']);
    expect(ignored[1]).toEqual(version === '0.10' ? ['structured_outputs'] : []);
  });

  it('accepts best_of only before 0.12', async () => {
    await using emulator = await startVllmEmulator({ version });
    await postJson(`${emulator.baseURL}/completions`, { prompt: 'a', best_of: 2, max_tokens: 2 });
    expect(emulator.requests[0].ignoredFields).toEqual(
      version === '0.10' || version === '0.11' ? [] : ['best_of'],
    );
  });

  it('shapes the non-streaming message like the release', async () => {
    await using emulator = await startVllmEmulator({ version, reasoningParser: 'qwen3' });
    const { json } = await postJson(`${emulator.baseURL}/chat/completions`, { messages: userMessage('a') });
    const message = json.choices[0].message;
    // reasoning_content ≤ 0.11.0; both 0.11.1–0.15 (#27752); reasoning ≥ 0.16 (#33402).
    const reasoning = { '0.10': ['reasoning_content'], latest: ['reasoning'] }[version as string] ?? [
      'reasoning',
      'reasoning_content',
    ];
    for (const field of reasoning) expect(typeof message[field]).toBe('string');
    expect(Object.keys(message).filter((key) => key.startsWith('reasoning'))).toEqual(reasoning);
    expect('tool_calls' in message).toBe(version !== 'latest');
    expect('token_ids' in json.choices[0]).toBe(version !== '0.10');
    expect(json.system_fingerprint === null).toBe(version !== 'latest');
  });

  it('streams token_ids/prompt_token_ids keys from 0.11 on', async () => {
    await using emulator = await startVllmEmulator({ version });
    const chunks = chunksOf(
      await postStream(`${emulator.baseURL}/chat/completions`, {
        messages: userMessage('a'),
        stream: true,
        max_tokens: 2,
      }),
    );
    expect('prompt_token_ids' in chunks[0]).toBe(version !== '0.10');
    expect('token_ids' in chunks[1].choices[0]).toBe(version !== '0.10');
  });

  it('names the KV-cache and inter-token metrics like the release', async () => {
    await using emulator = await startVllmEmulator({ version });
    const text = await (await fetch(`${emulator.url}/metrics`)).text();
    expect(text.includes('vllm:gpu_cache_usage_perc{')).toBe(version === '0.10' || version === '0.11');
    expect(text).toContain('vllm:kv_cache_usage_perc{');
    expect(text.includes('vllm:inter_token_latency_seconds_bucket')).toBe(version !== '0.10');
  });

  it('guards only the release auth prefixes', async () => {
    await using emulator = await startVllmEmulator({
      version,
      apiKey: 'k',
      runner: 'pooling',
      model: 'BAAI/bge-reranker-base',
    });
    const v2 = await postJson(`${emulator.url}/v2/rerank`, { query: 'a', documents: ['a'] });
    expect(v2.status).toBe(version === 'latest' ? 401 : 200);
    const unguarded = await postJson(`${emulator.url}/rerank`, { query: 'a', documents: ['a'] });
    expect(unguarded.status).toBe(200);
  });

  it('words prompt-too-long like the release', async () => {
    await using emulator = await startVllmEmulator({ version, maxModelLen: 64 });
    const { status, json } = await postJson(`${emulator.baseURL}/chat/completions`, {
      messages: userMessage('a'),
      max_tokens: 100,
    });
    expect(status).toBe(400);
    const error = version === '0.10' ? json : json.error;
    expect(error.type).toBe('BadRequestError');
    expect(error.message).toContain("This model's maximum context length is 64 tokens");
    if (version === 'latest') {
      expect(error.param).toBe('input_tokens');
      expect(error.message).toMatch(
        /you requested 100 output tokens and your prompt contains \d+ input tokens/,
      );
    }
  });
});
