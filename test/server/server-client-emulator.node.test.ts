// The server client, reranking and batch generation against the emulator (a real HTTP server on
// 127.0.0.1 speaking vLLM's protocol), for the current and the pre-rename metric names.
import { APICallError } from '@ai-sdk/provider';
import { generateText, rerank } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { createVllm, createVllmClient, generateBatch, type VllmServerErrorData } from '../../src';
import { startVllmEmulator, type VllmEmulator, type VllmEmulatorOptions } from '../../src/testing';

const emulators: VllmEmulator[] = [];

async function start(options: VllmEmulatorOptions = {}): Promise<VllmEmulator> {
  const emulator = await startVllmEmulator(options);
  emulators.push(emulator);
  return emulator;
}

afterEach(async () => {
  await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
});

describe('server client against the emulator', () => {
  it('models, modelInfo, health, version, load', async () => {
    const emulator = await start({
      model: 'Qwen/Qwen3-0.6B',
      servedModelName: ['qwen', 'Qwen/Qwen3-0.6B'],
      maxModelLen: 8192,
      loraModules: [{ name: 'sql-lora', path: '/adapters/sql' }],
    });
    const { server } = createVllm({ baseURL: emulator.baseURL });

    const models = await server.models();
    expect(
      models.map(({ id, parent, isLoraAdapter, maxModelLen }) => ({
        id,
        parent,
        isLoraAdapter,
        maxModelLen,
      })),
    ).toEqual([
      { id: 'qwen', parent: undefined, isLoraAdapter: false, maxModelLen: 8192 },
      { id: 'Qwen/Qwen3-0.6B', parent: undefined, isLoraAdapter: false, maxModelLen: 8192 },
      { id: 'sql-lora', parent: 'qwen', isLoraAdapter: true, maxModelLen: 8192 },
    ]);
    expect(models[0].loraAdapters).toEqual(['sql-lora']);
    expect((await server.modelInfo('sql-lora')).root).toBe('/adapters/sql');
    await expect(server.modelInfo('nope')).rejects.toThrow(/does not serve "nope".*qwen/);

    expect(await server.health()).toMatchObject({ status: 'ok', url: `${emulator.url}/health` });
    expect(await server.version()).toBe(emulator.profile.version);
    expect(await server.load()).toEqual({ serverLoad: 0 });
    expect((await server.listLoraAdapters()).map((adapter) => adapter.id)).toEqual(['sql-lora']);
  });

  it('health: unreachable once the server is gone (no throw), and errors name the URL', async () => {
    const emulator = await start();
    const client = createVllmClient({ baseURL: emulator.baseURL });
    await emulator.close();
    const health = await client.health();
    expect(health.status).toBe('unreachable');
    expect(health.status === 'unreachable' && health.message).toContain(`${emulator.url}/health`);
    await expect(client.version()).rejects.toThrow(`Cannot connect to vLLM at ${emulator.url}/version`);
  });

  it('tokenize, countTokens, detokenize and fitsContext agree with the server', async () => {
    const emulator = await start({ maxModelLen: 64 });
    const { server } = createVllm({ baseURL: emulator.baseURL });
    const text = 'The quick brown fox jumps over the lazy dog.';
    const tokenized = await server.tokenize(text, { returnTokenStrings: true });
    expect(tokenized.count).toBe(tokenized.tokens.length);
    expect(tokenized.count).toBeGreaterThan(3);
    expect(tokenized.maxModelLen).toBe(64);
    expect(tokenized.tokenStrings).toHaveLength(tokenized.count);
    expect(await server.countTokens(text)).toBe(tokenized.count);
    expect(await server.detokenize(tokenized.tokens)).toContain('quick brown fox');

    const chat = await server.tokenize([{ role: 'user', content: text }]);
    expect(chat.count).toBeGreaterThan(tokenized.count); // the chat template adds role markers

    const fit = await server.fitsContext(text, { maxOutputTokens: 64 - tokenized.count });
    expect(fit).toMatchObject({ fits: true, remainingTokens: 0 });
    expect((await server.fitsContext(text, { maxOutputTokens: 65 - tokenized.count })).fits).toBe(false);
  });

  for (const version of ['latest', '0.10'] as const) {
    it(`metrics and statistics with the ${version === 'latest' ? 'current' : 'pre-rename'} metric names (${version})`, async () => {
      const emulator = await start({ version, model: 'Qwen/Qwen3-0.6B' });
      const vllm = createVllm({ baseURL: emulator.baseURL });
      const before = await vllm.server.metrics();
      expect(before.skippedLines).toBe(0);
      expect(before.kvCacheUsage).toBeDefined();

      const pending = vllm.server.statistics({ windowMs: 2_000 });
      // Generate inside the window: once the first snapshot was requested (the emulator answers it at once).
      while (emulator.requests.filter((request) => request.path === '/metrics').length < 2) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await Promise.all(
        ['one', 'two', 'three'].map((prompt) =>
          generateText({ model: vllm('Qwen/Qwen3-0.6B'), prompt, maxOutputTokens: 8 }),
        ),
      );
      const statistics = await pending;
      const after = statistics.after;
      expect(after.modelNames).toEqual(['Qwen/Qwen3-0.6B']);
      expect((after.generationTokens ?? 0) - (before.generationTokens ?? 0)).toBeGreaterThan(0);
      expect(after.requestSuccess?.total).toBeGreaterThanOrEqual(3);
      expect(after.timeToFirstToken?.count).toBeGreaterThanOrEqual(3);
      expect(after.timeToFirstToken?.p50).toBeDefined();
      expect(after.interTokenLatency?.count).toBeGreaterThan(0); // read from whichever name the version uses
      expect(after.e2eRequestLatency?.p99).toBeDefined();
      expect(statistics.requestsPerSecond).toBeGreaterThan(0);
      expect(statistics.generationTokensPerSecond).toBeGreaterThan(0);
      expect(statistics.meanTimeToFirstTokenSeconds).toBeDefined();

      const names = new Set(after.samples.map((sample) => sample.name));
      if (version === 'latest') {
        expect(names.has('vllm:gpu_cache_usage_perc')).toBe(false);
        expect(names.has('vllm:inter_token_latency_seconds_count')).toBe(true);
        expect(after.metricNames).toBe('current');
      } else {
        expect(names.has('vllm:time_per_output_token_seconds_count')).toBe(true);
        expect(names.has('vllm:inter_token_latency_seconds_count')).toBe(false);
      }
    });
  }
});

describe('LoRA adapters against the emulator', () => {
  it('load → generate with the adapter → unload round trip', async () => {
    const emulator = await start({
      model: 'Qwen/Qwen3-0.6B',
      enableLora: true,
      allowRuntimeLoraUpdating: true,
    });
    const vllm = createVllm({ baseURL: emulator.baseURL });

    const loaded = await vllm.server.loadLoraAdapter({ name: 'sql', path: '/adapters/sql' });
    expect(loaded.message).toBe("Success: LoRA adapter 'sql' added successfully.");
    expect(await vllm.server.listLoraAdapters()).toMatchObject([
      { id: 'sql', root: '/adapters/sql', parent: 'Qwen/Qwen3-0.6B' },
    ]);

    const result = await generateText({ model: vllm('sql'), prompt: 'SELECT', maxOutputTokens: 5 });
    expect(result.response.modelId).toBe('sql');

    await expect(vllm.server.loadLoraAdapter({ name: 'sql', path: '/adapters/sql' })).rejects.toThrow(
      /already been loaded/,
    );
    expect(
      (await vllm.server.loadLoraAdapter({ name: 'sql', path: '/adapters/sql2', loadInplace: true })).name,
    ).toBe('sql');

    expect((await vllm.server.unloadLoraAdapter('sql')).message).toBe(
      "Success: LoRA adapter 'sql' removed successfully.",
    );
    expect(await vllm.server.listLoraAdapters()).toEqual([]);
    await expect(
      generateText({ model: vllm('sql'), prompt: 'SELECT', maxOutputTokens: 5, maxRetries: 0 }),
    ).rejects.toThrow('The model `sql` does not exist.');
  });

  it('runtime updating disabled → error telling to set VLLM_ALLOW_RUNTIME_LORA_UPDATING=1 and --enable-lora', async () => {
    const emulator = await start({ version: '0.13' });
    const error = await createVllmClient({ baseURL: emulator.baseURL })
      .loadLoraAdapter({ name: 'sql', path: '/adapters/sql' })
      .catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('VLLM_ALLOW_RUNTIME_LORA_UPDATING=1');
    expect((error as Error).message).toContain('--enable-lora');
    expect((error as Error).message).toContain('(version 0.13.0)');
    expect((error as APICallError).data).toMatchObject({
      reason: 'runtime-lora-disabled',
      serverVersion: '0.13.0',
    } satisfies Partial<VllmServerErrorData>);
  });
});

describe('reranking against the emulator', () => {
  it('rerank() from ai over /rerank on a pooling model, with topN', async () => {
    const emulator = await start({ model: 'BAAI/bge-reranker-v2-m3', runner: 'pooling' });
    const vllm = createVllm({ baseURL: emulator.baseURL });
    const documents = ['vLLM serves language models fast.', 'Bananas are yellow.', 'Paris is in France.'];
    const result = await rerank({
      model: vllm.rerankingModel('BAAI/bge-reranker-v2-m3'),
      query: 'How do I serve language models fast?',
      documents,
      topN: 2,
    });
    expect(result.ranking).toHaveLength(2);
    expect(result.ranking[0].score).toBeGreaterThanOrEqual(result.ranking[1].score);
    for (const entry of result.ranking) expect(entry.document).toBe(documents[entry.originalIndex]);
    const wire = emulator.requests.find((request) => request.path === '/rerank');
    expect(wire?.body).toMatchObject({ query: 'How do I serve language models fast?', documents, top_n: 2 });
  });

  it('a generative model has no /rerank → the error explains it needs a pooling reranker', async () => {
    const emulator = await start({ model: 'Qwen/Qwen3-0.6B' });
    await expect(
      rerank({
        model: createVllm({ baseURL: emulator.baseURL }).rerankingModel('Qwen/Qwen3-0.6B'),
        query: 'q',
        documents: ['a'],
        maxRetries: 0,
      }),
    ).rejects.toThrow(/POST \/rerank is not supported by this vLLM version \(0\.26\.0\).*--runner pooling/);
  });
});

describe('generateBatch against the emulator', () => {
  it('a prompt over the context length fails alone; the others succeed in order', async () => {
    const emulator = await start({ maxModelLen: 200 });
    const vllm = createVllm({ baseURL: emulator.baseURL });
    const prompts = ['Say one.', 'word '.repeat(400), 'Say three.'];
    const batch = await generateBatch({
      model: vllm('Qwen/Qwen3-0.6B'),
      prompts,
      maxOutputTokens: 8,
      concurrency: 2,
    });
    expect(batch.results.map((result) => result.ok)).toEqual([true, false, true]);
    const failed = batch.results[1];
    expect(!failed.ok && (failed.error as Error).message).toMatch(/maximum context length is 200 tokens/);
    expect(batch.usage.outputTokens).toBeGreaterThan(0);
  });

  it('abort stops queued work and aborts in-flight requests', async () => {
    const emulator = await start({ tokensPerSecond: 20 });
    const vllm = createVllm({ baseURL: emulator.baseURL });
    const controller = new AbortController();
    const chatRequests = () => emulator.requests.filter((request) => request.path === '/v1/chat/completions');
    const pending = generateBatch({
      model: vllm('Qwen/Qwen3-0.6B'),
      prompts: Array.from({ length: 10 }, (_, index) => `Prompt ${index}`),
      maxOutputTokens: 200, // 10 s per item at 20 tokens/s: only the abort ends this quickly
      concurrency: 2,
      abortSignal: controller.signal,
    });
    while (chatRequests().length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(new Error('user cancelled'));
    const batch = await pending;
    expect(batch.aborted).toBe(true);
    expect(batch.results.every((result) => !result.ok && result.aborted)).toBe(true);
    expect(chatRequests()).toHaveLength(2); // the 8 queued prompts were never sent
  });

  it('prompt arrays are visible on the wire: one /v1/completions request per chunk', async () => {
    const emulator = await start();
    const vllm = createVllm({ baseURL: emulator.baseURL });
    const prompts = Array.from({ length: 5 }, (_, index) => `Count to ${index}:`);
    const batch = await generateBatch({
      model: vllm.completionModel('Qwen/Qwen3-0.6B'),
      prompts,
      promptArray: true,
      promptArrayChunkSize: 3,
      maxOutputTokens: 4,
    });
    expect(batch.succeeded).toBe(5);
    const sent = emulator.requests.filter((request) => request.path === '/v1/completions');
    expect(sent.map((request) => (request.body as { prompt: unknown }).prompt)).toEqual([
      prompts.slice(0, 3),
      prompts.slice(3),
    ]);
    expect(batch.usage.outputTokens).toBeGreaterThan(0);
  });
});
