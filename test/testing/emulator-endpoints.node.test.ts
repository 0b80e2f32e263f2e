import { describe, expect, it } from 'vitest';
import { startVllmEmulator } from '../../src/testing/index';
import { postJson, userMessage } from './helpers';

describe('emulator: tokenizer endpoints', () => {
  it('tokenize/detokenize round-trip, and counts match usage.prompt_tokens', async () => {
    await using emulator = await startVllmEmulator();
    const text = 'Hello world, this is a test of the emulator tokenizer: ünïcödé ✓';
    const { json } = await postJson(`${emulator.url}/tokenize`, { prompt: text, return_token_strs: true });
    expect(json.count).toBe(json.tokens.length);
    expect(json.max_model_len).toBe(40960);
    expect(json.token_strs).toHaveLength(json.count);
    const back = await postJson(`${emulator.url}/detokenize`, { tokens: json.tokens });
    expect(back.json).toEqual({ prompt: text });
    const messages = userMessage('How many tokens is this?');
    const chat = await postJson(`${emulator.url}/tokenize`, { messages });
    const completion = await postJson(`${emulator.baseURL}/chat/completions`, { messages, max_tokens: 1 });
    expect(completion.json.usage.prompt_tokens).toBe(chat.json.count);
    const plain = await postJson(`${emulator.baseURL}/completions`, { prompt: text, max_tokens: 1 });
    expect(plain.json.usage.prompt_tokens).toBe(json.count);
  });

  it('accepts token-id prompts and prompt arrays on /v1/completions', async () => {
    await using emulator = await startVllmEmulator();
    const { json } = await postJson(`${emulator.url}/tokenize`, { prompt: 'The sky is' });
    const byIds = await postJson(`${emulator.baseURL}/completions`, { prompt: json.tokens, max_tokens: 2 });
    expect(byIds.json.usage.prompt_tokens).toBe(json.count);
    const many = await postJson(`${emulator.baseURL}/completions`, {
      prompt: ['a', 'b', 'c'],
      n: 2,
      max_tokens: 1,
    });
    expect(many.json.choices.map((choice: { index: number }) => choice.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('emulator: LoRA', () => {
  it('lists static adapters with root/parent and answers under the adapter name', async () => {
    await using emulator = await startVllmEmulator({
      loraModules: [{ name: 'sql-lora', path: '/adapters/sql' }],
      servedModelName: ['qwen', 'qwen-alias'],
    });
    const models = await (await fetch(`${emulator.baseURL}/models`)).json();
    expect(models.data.map((card: { id: string }) => card.id)).toEqual(['qwen', 'qwen-alias', 'sql-lora']);
    expect(models.data[2]).toMatchObject({ root: '/adapters/sql', parent: 'qwen', max_model_len: null });
    const { json } = await postJson(`${emulator.baseURL}/chat/completions`, {
      model: 'sql-lora',
      messages: userMessage('x'),
      max_tokens: 1,
    });
    expect(json.model).toBe('sql-lora');
  });

  it('loads and unloads adapters at runtime only when allowed', async () => {
    await using locked = await startVllmEmulator();
    expect(
      (await postJson(`${locked.baseURL}/load_lora_adapter`, { lora_name: 'a', lora_path: '/a' })).status,
    ).toBe(404);
    await using emulator = await startVllmEmulator({ allowRuntimeLoraUpdating: true });
    const load = await fetch(`${emulator.baseURL}/load_lora_adapter`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lora_name: 'a', lora_path: '/a' }),
    });
    expect(load.status).toBe(200);
    expect(await load.text()).toBe("Success: LoRA adapter 'a' added successfully.");
    expect(
      (await postJson(`${emulator.baseURL}/load_lora_adapter`, { lora_name: 'a', lora_path: '/a' })).status,
    ).toBe(400);
    expect(
      (
        await postJson(`${emulator.baseURL}/chat/completions`, {
          model: 'a',
          messages: userMessage('x'),
          max_tokens: 1,
        })
      ).status,
    ).toBe(200);
    const unload = await fetch(`${emulator.baseURL}/unload_lora_adapter`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lora_name: 'a' }),
    });
    expect(await unload.text()).toBe("Success: LoRA adapter 'a' removed successfully.");
    expect(
      (await postJson(`${emulator.baseURL}/chat/completions`, { model: 'a', messages: userMessage('x') }))
        .status,
    ).toBe(404);
  });
});

describe('emulator: pooling endpoints', () => {
  it('reranks documents by relevance and honours top_n', async () => {
    await using emulator = await startVllmEmulator({ model: 'BAAI/bge-reranker-v2-m3' });
    for (const path of ['/rerank', '/v1/rerank', '/v2/rerank']) {
      const { status, json } = await postJson(`${emulator.url}${path}`, {
        query: 'the capital of France is Paris',
        documents: ['the cat sat on the mat', 'Paris is the capital of France', 'blue sky'],
        top_n: 2,
      });
      expect(status).toBe(200);
      expect(json.results).toHaveLength(2);
      expect(json.results[0]).toMatchObject({
        index: 1,
        document: { text: 'Paris is the capital of France' },
      });
      expect(json.results[0].relevance_score).toBeGreaterThan(json.results[1].relevance_score);
      expect(json.usage.prompt_tokens).toBeGreaterThan(0);
    }
  });

  it('scores pairs on /score', async () => {
    await using emulator = await startVllmEmulator({ model: 'BAAI/bge-reranker-v2-m3' });
    const { json } = await postJson(`${emulator.url}/score`, {
      text_1: 'hello world',
      text_2: ['hello world', 'goodbye'],
    });
    expect(json.object).toBe('list');
    expect(json.data.map((item: { object: string }) => item.object)).toEqual(['score', 'score']);
    expect(json.data[0].score).toBeGreaterThan(json.data[1].score);
  });

  it('rejects normalize on latest and base64-encodes embeddings', async () => {
    await using emulator = await startVllmEmulator({ model: 'intfloat/e5-small', embeddingDimensions: 8 });
    const removed = await postJson(`${emulator.baseURL}/embeddings`, { input: 'a', normalize: true });
    expect(removed.status).toBe(400);
    expect(removed.json.error.param).toBe('normalize');
    const encoded = await postJson(`${emulator.baseURL}/embeddings`, {
      input: 'a',
      encoding_format: 'base64',
    });
    const bytes = Buffer.from(encoded.json.data[0].embedding, 'base64');
    expect(bytes.length).toBe(8 * 4);
    const dims = await postJson(`${emulator.baseURL}/embeddings`, { input: 'a', dimensions: 4 });
    expect(dims.status).toBe(400);
    expect(dims.json.error.message).toContain('does not support Matryoshka');
  });
});
