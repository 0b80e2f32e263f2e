// The emulator's automatic prefix caching over HTTP: what a vLLM client sees in usage and /metrics.
import { describe, expect, it } from 'vitest';
import { parseServeArgs, runVllmServe, startVllmEmulator, type VllmEmulator } from '../../src/testing/index';
import { releaseChoices } from '../../src/testing/serve-args/release-choices';
import { resolveServeSettings } from '../../src/testing/serve-args/serve-settings';
import { getVersionProfile } from '../../src/testing/version-profiles';
import { chunksOf, type Json, postJson, postStream } from './helpers';

const SYSTEM = `You are a support agent for ACME. ${'Answer politely, cite the manual, and keep answers short. '.repeat(20)}`;
const conversation = (question: string) => [
  { role: 'system', content: SYSTEM },
  { role: 'user', content: question },
];

async function metricsText(emulator: VllmEmulator): Promise<string> {
  return (await fetch(`${emulator.url}/metrics`)).text();
}

function metric(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((row) => row.startsWith(`${name}{`) && row.includes(labels));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function chat(emulator: VllmEmulator, body: Json): Promise<Json> {
  const { status, json } = await postJson(`${emulator.baseURL}/chat/completions`, {
    max_tokens: 16,
    ...body,
  });
  expect(status).toBe(200);
  return json;
}

/** Token ids of a chat prompt as the server renders it (`POST /tokenize`, generation prompt included). */
async function promptIds(emulator: VllmEmulator, messages: Json[]): Promise<number[]> {
  const { json } = await postJson(`${emulator.url}/tokenize`, { messages, add_generation_prompt: true });
  return json.tokens;
}

function commonPrefix(a: readonly number[], b: readonly number[]): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return length;
}

describe('emulator: automatic prefix caching', () => {
  it('reports the full blocks of a shared prefix in cached_tokens and in /metrics', async () => {
    await using emulator = await startVllmEmulator({ enablePromptTokensDetails: true });
    const first = await chat(emulator, { messages: conversation('Where is my order?') });
    const second = await chat(emulator, { messages: conversation('How do I return a parcel?') });
    const ids1 = await promptIds(emulator, conversation('Where is my order?'));
    const ids2 = await promptIds(emulator, conversation('How do I return a parcel?'));
    const expectedHit = Math.floor(commonPrefix(ids1, ids2) / 16) * 16;
    expect(expectedHit).toBeGreaterThan(200);
    expect(first.usage.prompt_tokens_details).toEqual({
      cached_tokens: 0,
      created_cache_tokens: Math.floor(ids1.length / 16) * 16,
      multimodal_tokens: null,
    });
    expect(second.usage.prompt_tokens_details.cached_tokens).toBe(expectedHit);
    expect(second.usage.prompt_tokens_details.created_cache_tokens).toBe(
      Math.floor(ids2.length / 16) * 16 - expectedHit,
    );
    const text = await metricsText(emulator);
    expect(metric(text, 'vllm:prefix_cache_queries_total')).toBe(ids1.length + ids2.length);
    expect(metric(text, 'vllm:prefix_cache_hits_total')).toBe(expectedHit);
    expect(metric(text, 'vllm:prompt_tokens_cached_total')).toBe(expectedHit);
    expect(metric(text, 'vllm:prompt_tokens_by_source_total', 'source="local_cache_hit"')).toBe(expectedHit);
    expect(metric(text, 'vllm:prompt_tokens_by_source_total', 'source="local_compute"')).toBe(
      ids1.length + ids2.length - expectedHit,
    );
  });

  it('counts every sequence of an n=2 request in prompt_tokens, by source, never going back', async () => {
    await using emulator = await startVllmEmulator();
    const messages = [{ role: 'user', content: 'Name a colour. '.repeat(24) }];
    const prompt = (await promptIds(emulator, messages)).length;
    expect(prompt).toBeGreaterThan(64);
    const counters = (text: string) => ({
      prompt: metric(text, 'vllm:prompt_tokens_total') ?? Number.NaN,
      compute: metric(text, 'vllm:prompt_tokens_by_source_total', 'source="local_compute"') ?? Number.NaN,
      hit: metric(text, 'vllm:prompt_tokens_by_source_total', 'source="local_cache_hit"') ?? Number.NaN,
      cached: metric(text, 'vllm:prompt_tokens_cached_total') ?? Number.NaN,
    });
    let previous = counters(await metricsText(emulator));
    for (const round of [1, 2]) {
      await chat(emulator, { messages, n: 2, temperature: 1, max_tokens: 4 });
      const now = counters(await metricsText(emulator));
      for (const key of ['prompt', 'compute', 'hit', 'cached'] as const) {
        expect(now[key]).toBeGreaterThanOrEqual(previous[key]);
      }
      // vLLM runs n sequences as child requests, each counted with its own prompt and cache hits.
      expect(now.prompt).toBe(2 * round * prompt);
      expect(now.compute + now.hit).toBe(now.prompt);
      expect(now.cached).toBe(now.hit);
      previous = now;
    }
    // The second sequence of the first request hits the first's blocks; both of the second request hit.
    expect(previous.hit).toBe(3 * Math.floor((prompt - 1) / 16) * 16);
  });

  it("hits a conversation's previous prompt and reply on the next turn (generated blocks are cached)", async () => {
    await using emulator = await startVllmEmulator({ enablePromptTokensDetails: true });
    const turn1 = conversation('Tell me about your return policy.');
    const reply = await chat(emulator, { messages: turn1, max_tokens: 64 });
    const turn2 = [...turn1, reply.choices[0].message, { role: 'user', content: 'And for gifts?' }];
    const next = await chat(emulator, { messages: turn2 });
    const firstPrompt = (await promptIds(emulator, turn1)).length;
    expect(next.usage.prompt_tokens_details.cached_tokens).toBeGreaterThan(Math.floor(firstPrompt / 16) * 16);
    expect(next.usage.prompt_tokens_details.cached_tokens % 16).toBe(0);
  });

  it('evicts the least recently used unreferenced blocks when the pool is full', async () => {
    await using emulator = await startVllmEmulator({
      enablePromptTokensDetails: true,
      numGpuBlocks: 80,
      maxModelLen: 1024,
    });
    const a = [{ role: 'user', content: `alpha ${'apples and pears '.repeat(120)}` }];
    const b = [{ role: 'user', content: `beta ${'lemons and limes '.repeat(120)}` }];
    await chat(emulator, { messages: a });
    const warm = await chat(emulator, { messages: a });
    expect(warm.usage.prompt_tokens_details.cached_tokens).toBeGreaterThan(600);
    await chat(emulator, { messages: b }); // needs most of the 79 usable blocks: evicts a's
    const cold = await chat(emulator, { messages: a });
    expect(cold.usage.prompt_tokens_details.cached_tokens).toBeLessThan(
      warm.usage.prompt_tokens_details.cached_tokens,
    );
  });

  it('counts no lookups and finds no hits with --no-enable-prefix-caching', async () => {
    await using emulator = await startVllmEmulator({
      enablePrefixCaching: false,
      enablePromptTokensDetails: true,
    });
    await chat(emulator, { messages: conversation('a') });
    const second = await chat(emulator, { messages: conversation('b') });
    expect(second.usage.prompt_tokens_details.cached_tokens).toBe(0);
    const text = await metricsText(emulator);
    expect(metric(text, 'vllm:prefix_cache_queries_total')).toBe(0);
    expect(metric(text, 'vllm:prefix_cache_hits_total')).toBe(0);
  });

  it('keeps LoRA adapters, cache salts and prompt-logprobs requests apart', async () => {
    await using emulator = await startVllmEmulator({
      enablePromptTokensDetails: true,
      loraModules: [{ name: 'sql-lora', path: '/adapters/sql' }],
    });
    await chat(emulator, { messages: conversation('a') });
    const lora = await chat(emulator, { model: 'sql-lora', messages: conversation('b') });
    expect(lora.usage.prompt_tokens_details.cached_tokens).toBe(0);
    const salted = await chat(emulator, { messages: conversation('c'), cache_salt: 'tenant-1' });
    expect(salted.usage.prompt_tokens_details.cached_tokens).toBe(0);
    const sameSalt = await chat(emulator, { messages: conversation('d'), cache_salt: 'tenant-1' });
    expect(sameSalt.usage.prompt_tokens_details.cached_tokens).toBeGreaterThan(0);
    const before = metric(await metricsText(emulator), 'vllm:prefix_cache_queries_total');
    const logprobs = await chat(emulator, { messages: conversation('e'), prompt_logprobs: 1 });
    expect(logprobs.usage.prompt_tokens_details.cached_tokens).toBe(0);
    expect(metric(await metricsText(emulator), 'vllm:prefix_cache_queries_total')).toBe(before);
  });

  it('reports cached tokens on streams and on completions', async () => {
    await using emulator = await startVllmEmulator({ enablePromptTokensDetails: true });
    await chat(emulator, { messages: conversation('a') });
    const events = await postStream(`${emulator.baseURL}/chat/completions`, {
      messages: conversation('b'),
      max_tokens: 4,
      stream: true,
      stream_options: { include_usage: true },
    });
    const usage = chunksOf(events).at(-1).usage;
    expect(usage.prompt_tokens_details.cached_tokens).toBeGreaterThan(0);
    expect(Object.keys(usage.prompt_tokens_details)).toEqual(['cached_tokens', 'created_cache_tokens']);
    const prompt = `${SYSTEM} Complete: `;
    await postJson(`${emulator.baseURL}/completions`, { prompt: `${prompt}one`, max_tokens: 4 });
    const { json } = await postJson(`${emulator.baseURL}/completions`, {
      prompt: `${prompt}two`,
      max_tokens: 4,
    });
    expect(json.usage.prompt_tokens_details).toEqual({
      cached_tokens: expect.any(Number),
      created_cache_tokens: null,
      multimodal_tokens: null,
    });
    expect(json.usage.prompt_tokens_details.cached_tokens).toBeGreaterThan(0);
  });

  it('starts with an empty prefix cache after a restart', async () => {
    await using emulator = await startVllmEmulator({ enablePromptTokensDetails: true });
    await chat(emulator, { messages: conversation('a') });
    expect(
      (await chat(emulator, { messages: conversation('b') })).usage.prompt_tokens_details.cached_tokens,
    ).toBeGreaterThan(0);
    await emulator.faults.restart({ downMs: 0 });
    expect(
      (await chat(emulator, { messages: conversation('c') })).usage.prompt_tokens_details.cached_tokens,
    ).toBe(0);
  });

  it('leaves prompt_tokens_details null without --enable-prompt-tokens-details', async () => {
    await using emulator = await startVllmEmulator();
    await chat(emulator, { messages: conversation('a') });
    const second = await chat(emulator, { messages: conversation('b') });
    expect(second.usage.prompt_tokens_details).toBeNull();
    expect(metric(await metricsText(emulator), 'vllm:prefix_cache_hits_total')).toBeGreaterThan(0);
  });

  it('shortens the time to first token of a hit (prefill time is proportional to uncached tokens)', async () => {
    await using emulator = await startVllmEmulator({ prefillTokensPerSecond: 300 });
    const ttft = async (question: string) => {
      const started = performance.now();
      const response = await fetch(`${emulator.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: conversation(question), max_tokens: 2, stream: true }),
      });
      const reader = response.body?.getReader();
      await reader?.read();
      const elapsed = performance.now() - started;
      while (!(await reader?.read())?.done) {}
      return elapsed;
    };
    const cold = await ttft('first question');
    const warm = await ttft('second question');
    // ~300 uncached tokens at 300 tokens/s take at least a second; the hit leaves a few tokens.
    expect(cold).toBeGreaterThanOrEqual(900);
    expect(warm).toBeLessThan(cold / 2);
  });
});

describe('emulator: prefix cache per vLLM version', () => {
  it('0.10 exposes the deprecated gpu_prefix_cache_* next to prefix_cache_* and omits 0 cached tokens', async () => {
    await using emulator = await startVllmEmulator({ version: '0.10', enablePromptTokensDetails: true });
    const first = await chat(emulator, { messages: conversation('a') });
    expect(first.usage.prompt_tokens_details).toBeNull();
    const second = await chat(emulator, { messages: conversation('b') });
    expect(second.usage.prompt_tokens_details).toEqual({ cached_tokens: expect.any(Number) });
    const text = await metricsText(emulator);
    const hits = second.usage.prompt_tokens_details.cached_tokens;
    expect(metric(text, 'vllm:gpu_prefix_cache_hits_total')).toBe(hits);
    expect(metric(text, 'vllm:prefix_cache_hits_total')).toBe(hits);
    expect(text).toContain('# HELP vllm:gpu_prefix_cache_queries GPU prefix cache queries');
    expect(text).not.toContain('vllm:prompt_tokens_cached');
    expect(text).not.toContain('vllm:external_prefix_cache');
  });

  it.each([
    ['0.11', true, false],
    ['0.12', true, false],
    ['0.13', true, false],
    ['latest', true, true],
  ] as const)('%s names its counters as that release does', async (version, external, bySource) => {
    await using emulator = await startVllmEmulator({ version });
    const text = await metricsText(emulator);
    expect(text).toContain('vllm:prefix_cache_queries_total{');
    expect(text).not.toContain('vllm:gpu_prefix_cache');
    expect(text.includes('vllm:external_prefix_cache_queries_total{')).toBe(external);
    expect(text.includes('vllm:mm_cache_hits_total{')).toBe(external);
    expect(text.includes('vllm:prompt_tokens_by_source_total{')).toBe(bySource);
  });

  it('0.13 reports no prompt_tokens_details for a miss; latest reports cached_tokens: 0 (#44383)', async () => {
    await using old = await startVllmEmulator({ version: '0.13', enablePromptTokensDetails: true });
    expect((await chat(old, { messages: conversation('a') })).usage.prompt_tokens_details).toBeNull();
    await using latest = await startVllmEmulator({ enablePromptTokensDetails: true });
    expect(
      (await chat(latest, { messages: conversation('a') })).usage.prompt_tokens_details.cached_tokens,
    ).toBe(0);
  });

  it('checks --block-size and --prefix-caching-hash-algo against the release, and the pool against max-model-len', async () => {
    await expect(startVllmEmulator({ version: '0.13', blockSize: 24 })).rejects.toThrow(
      "option 'blockSize' (--block-size) must be one of 1, 8, 16, 32, 64, 128, 256 for vLLM 0.13.0, got 24.",
    );
    await expect(startVllmEmulator({ version: '0.12', prefixCachingHashAlgo: 'xxhash' })).rejects.toThrow(
      "option 'prefixCachingHashAlgo' (--prefix-caching-hash-algo) must be one of sha256, sha256_cbor for vLLM 0.12.0",
    );
    await expect(startVllmEmulator({ numGpuBlocks: 100 })).rejects.toThrow(
      'Raise numGpuBlocks to at least 2560 or lower maxModelLen (--max-model-len)',
    );
    await using old = await startVllmEmulator({ version: '0.13', numGpuBlocks: 100, blockSize: 32 });
    expect(old.profile.version).toBe('0.13.0');
    await using any = await startVllmEmulator({ blockSize: 24, numGpuBlocks: 2000 });
    expect(any.profile.name).toBe('latest');
  });
});

describe('vllm serve prefix-cache flags', () => {
  it('map to emulator options, with the release defaults when unset', () => {
    const parsed = parseServeArgs(
      [
        'm',
        '--block-size',
        '32',
        '--num-gpu-blocks-override',
        '4096',
        '--no-enable-prefix-caching',
        '--prefix-caching-hash-algo',
        'sha256_cbor',
        '--enable-prompt-tokens-details',
      ],
      releaseChoices(getVersionProfile('latest')),
    );
    if (!parsed.ok) throw new Error(parsed.stderr);
    const { options } = resolveServeSettings(parsed, { VLLM_EMULATOR_PREFILL_TOKENS_PER_SECOND: '20000' });
    expect(options).toMatchObject({
      blockSize: 32,
      numGpuBlocks: 4096,
      enablePrefixCaching: false,
      prefixCachingHashAlgo: 'sha256_cbor',
      enablePromptTokensDetails: true,
      prefillTokensPerSecond: 20000,
    });
    const defaults = parseServeArgs(['m']);
    if (!defaults.ok) throw new Error(defaults.stderr);
    expect(resolveServeSettings(defaults, {}).options).toMatchObject({
      blockSize: undefined,
      enablePrefixCaching: undefined,
      enablePromptTokensDetails: false,
    });
  });

  it("accept each release's choices and reject others like argparse", () => {
    const old = parseServeArgs(
      ['m', '--prefix-caching-hash-algo', 'builtin'],
      releaseChoices(getVersionProfile('0.10')),
    );
    expect(old.ok).toBe(true);
    const latest = parseServeArgs(
      ['m', '--prefix-caching-hash-algo', 'builtin'],
      releaseChoices(getVersionProfile('latest')),
    );
    expect(latest).toMatchObject({
      ok: false,
      exitCode: 2,
      stderr: expect.stringContaining(
        "argument --prefix-caching-hash-algo: invalid choice: 'builtin' (choose from 'sha256', 'sha256_cbor', 'xxhash', 'xxhash_cbor')",
      ),
    });
    const block = parseServeArgs(['m', '--block-size', '24'], releaseChoices(getVersionProfile('0.11')));
    expect(block).toMatchObject({
      ok: false,
      stderr: expect.stringContaining(
        'argument --block-size: invalid choice: 24 (choose from 1, 8, 16, 32, 64, 128, 256)',
      ),
    });
    expect(parseServeArgs(['m', '--block-size', '24'], releaseChoices(getVersionProfile('latest'))).ok).toBe(
      true,
    );
  });

  it('fail at startup like vLLM when the KV pool cannot hold --max-model-len (latest)', async () => {
    let stderr = '';
    let stdout = '';
    const code = await runVllmServe(['m', '--num-gpu-blocks-override', '64', '--port', '0'], {
      env: {},
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
    });
    expect(code).toBe(1);
    const log = stdout + stderr;
    expect(log).toContain('Overriding num_gpu_blocks=35122 with num_gpu_blocks_override=64');
    expect(log).toContain(
      "ValueError: To serve at least one request with the model's max seq len (40960), (4.38 GiB KV cache is needed, which is larger than the available KV cache memory (0.11 GiB). Based on the available memory, the estimated maximum model length is 1024.",
    );
  });
});
