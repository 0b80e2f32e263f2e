import { createServer } from 'node:net';
import { APICallError } from '@ai-sdk/provider';
import { embed, embedMany, generateText, Output, streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { createVllm } from '../../src';
import { startVllmEmulator, type VllmEmulator } from '../../src/testing';

// The foundation's promises, end to end through the real `ai` functions against the emulator.

describe('chat and completion models against the emulator', () => {
  let emulator: VllmEmulator;
  beforeAll(async () => {
    emulator = await startVllmEmulator({ model: 'Qwen/Qwen3-8B', apiKey: 'sk-test' });
  });
  afterAll(() => emulator.close());

  const provider = () => createVllm({ baseURL: emulator.baseURL, apiKey: 'sk-test' });

  it('generateText returns text and usage', async () => {
    const result = await generateText({
      model: provider()('Qwen/Qwen3-8B'),
      prompt: 'Say hello',
      maxOutputTokens: 12,
    });
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeLessThanOrEqual(12);
    const request = emulator.requests.at(-1)!;
    expect(request.headers.authorization).toBe('Bearer sk-test');
    expect(request.body).toMatchObject({ model: 'Qwen/Qwen3-8B', max_tokens: 12 });
  });

  it('streamText streams deltas and reports usage', async () => {
    const result = streamText({ model: provider()('Qwen/Qwen3-8B'), prompt: 'Count', maxOutputTokens: 20 });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    expect(deltas.length).toBeGreaterThan(1);
    const usage = await result.usage;
    expect(usage.inputTokens).toBeGreaterThan(0);
    expect(usage.outputTokens).toBe(20);
    expect(emulator.requests.at(-1)!.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('Output.object sends the schema as json_schema and vLLM output satisfies it', async () => {
    const schema = z.object({ city: z.string(), population: z.number().int() });
    const { output } = await generateText({
      model: provider()('Qwen/Qwen3-8B'),
      output: Output.object({ schema }),
      prompt: 'Describe Paris',
    });
    expect(schema.parse(output)).toEqual(output);
    expect(emulator.requests.at(-1)!.body?.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'response', schema: { type: 'object', required: ['city', 'population'] } },
    });
  });

  it('completion model generates from a raw prompt', async () => {
    const result = await generateText({
      model: provider().completionModel('Qwen/Qwen3-8B'),
      prompt: 'Once upon a time',
      maxOutputTokens: 5,
    });
    expect(result.usage.outputTokens).toBe(5);
    expect(emulator.requests.at(-1)!.path).toBe('/v1/completions');
  });

  it("an unknown model is an APICallError with vLLM's 404 message", async () => {
    const error = await generateText({ model: provider()('not-served'), prompt: 'x', maxRetries: 0 }).catch(
      (e: unknown) => e,
    );
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBe(404);
    expect((error as APICallError).message).toContain('The model `not-served` does not exist.');
  });

  it('a missing API key gets the explained 401', async () => {
    const error = await generateText({
      model: createVllm({ baseURL: emulator.baseURL, apiKey: '' })('Qwen/Qwen3-8B'),
      prompt: 'x',
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect((error as APICallError).statusCode).toBe(401);
    expect((error as APICallError).message).toMatch(/requires an API key/);
  });
});

describe('the flat error envelope of vLLM 0.10', () => {
  let emulator: VllmEmulator;
  beforeAll(async () => {
    emulator = await startVllmEmulator({ version: '0.10' });
  });
  afterAll(() => emulator.close());

  it("still yields vLLM's message", async () => {
    const error = await generateText({
      model: createVllm({ baseURL: emulator.baseURL })('missing-model'),
      prompt: 'x',
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect((error as APICallError).message).toContain('The model `missing-model` does not exist.');
  });
});

describe('embedding model against the emulator', () => {
  let emulator: VllmEmulator;
  beforeAll(async () => {
    emulator = await startVllmEmulator({ model: 'BAAI/bge-m3', runner: 'pooling', embeddingDimensions: 8 });
  });
  afterAll(() => emulator.close());

  it('embed and embedMany return one vector per input, in order', async () => {
    const model = createVllm({ baseURL: emulator.baseURL }).embeddingModel('BAAI/bge-m3');
    const single = await embed({ model, value: 'sunny day at the beach' });
    expect(single.embedding).toHaveLength(8);
    const many = await embedMany({ model, values: ['a', 'sunny day at the beach', 'c'] });
    expect(many.embeddings).toHaveLength(3);
    expect(many.embeddings[1]).toEqual(single.embedding);
    expect(many.usage.tokens).toBeGreaterThan(0);
  });

  it('base64 encoding round-trips to the same vectors', async () => {
    const model = createVllm({ baseURL: emulator.baseURL }).embeddingModel('BAAI/bge-m3');
    const floats = await embed({ model, value: 'x' });
    const base64 = await embed({
      model,
      value: 'x',
      providerOptions: { vllm: { encodingFormat: 'base64' } },
    });
    expect(base64.embedding.map((v) => Math.fround(v))).toEqual(floats.embedding.map((v) => Math.fround(v)));
  });
});

describe('unreachable server', () => {
  it('fails fast with an APICallError naming the URL', async () => {
    const port = await closedPort();
    const baseURL = `http://127.0.0.1:${port}/v1`;
    const error = await generateText({
      model: createVllm({ baseURL })('m'),
      prompt: 'x',
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).message).toContain(`${baseURL}/chat/completions`);
    expect((error as APICallError).message).toMatch(/Is the server running/);
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
