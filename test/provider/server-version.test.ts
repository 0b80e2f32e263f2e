import { APICallError, InvalidArgumentError } from '@ai-sdk/provider';
import { generateText } from 'ai';
import { describe, expect, it } from 'vitest';
import { createVllm, fetchVllmServerVersion, getVllmServerFeatures } from '../../src';
import { parseVllmVersion } from '../../src/provider/version/vllm-server-version';
import { createVllmServerVersionResolver } from '../../src/provider/version/vllm-server-version-resolver';
import { createMockFetch, jsonResponse, type RecordedRequest } from '../helpers/mock-fetch';
import { chatBody } from './fixtures/vllm-shapes';
import { baseURL } from './helpers';

const structured = { vllm: { structuredOutputs: { regex: 'a+' } } };

function server(versionResponse: () => Response | Promise<Response>) {
  return createMockFetch((request: RecordedRequest) =>
    request.url.endsWith('/version')
      ? versionResponse()
      : jsonResponse(chatBody([{ message: { content: 'aaa' } }])),
  );
}

const versionRequests = (requests: RecordedRequest[]) =>
  requests.filter((request) => request.url.endsWith('/version'));

describe("vllmVersion: 'auto'", () => {
  it('does not probe for requests every vLLM version takes the same way', async () => {
    const { fetch, requests } = server(() => jsonResponse({ version: '0.10.0' }));
    const model = createVllm({ baseURL, fetch })('m');
    await generateText({
      model,
      prompt: 'Hi',
      temperature: 0.3,
      providerOptions: { vllm: { minP: 0.1, topK: 5 } },
    });
    expect(versionRequests(requests)).toEqual([]);
  });

  it('reads GET /version (server root, with the API key) once, then reuses it', async () => {
    const { fetch, requests } = server(() => jsonResponse({ version: '0.10.0' }));
    const provider = createVllm({ baseURL, fetch, apiKey: 'k' });
    await generateText({ model: provider('a'), prompt: 'Hi', providerOptions: structured });
    await generateText({ model: provider('b'), prompt: 'Hi', providerOptions: structured });
    await generateText({
      model: provider.completionModel('c'),
      prompt: 'Hi',
      maxOutputTokens: 2,
      providerOptions: structured,
    }).catch(() => {});
    const probes = versionRequests(requests);
    expect(probes).toHaveLength(1);
    expect(probes[0]).toMatchObject({ url: 'http://vllm.test/version', method: 'GET' });
    expect(probes[0].headers.authorization).toBe('Bearer k');
    const chat = requests.filter((request) => request.url.endsWith('/chat/completions'));
    expect(chat.map((request) => request.body?.guided_regex)).toEqual(['a+', 'a+']);
  });

  it('shares one probe between concurrent first calls', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { fetch, requests } = server(async () => {
      await gate;
      return jsonResponse({ version: '0.13.0' });
    });
    const model = createVllm({ baseURL, fetch })('m');
    const calls = Array.from({ length: 5 }, () =>
      generateText({ model, prompt: 'Hi', providerOptions: structured }),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await Promise.all(calls);
    expect(versionRequests(requests)).toHaveLength(1);
    expect(requests.filter((request) => request.body?.structured_outputs !== undefined)).toHaveLength(5);
  });

  it('assumes the newest vLLM with a warning when /version fails, only on calls that depend on it', async () => {
    const { fetch, requests } = server(() => jsonResponse({ detail: 'Not Found' }, 404));
    const model = createVllm({ baseURL, fetch })('m');
    const dependent = await generateText({ model, prompt: 'Hi', providerOptions: structured });
    const simple = await generateText({ model, prompt: 'Hi' });
    expect(requests.at(-2)?.body?.structured_outputs).toEqual({ regex: 'a+' });
    expect(dependent.warnings).toEqual([
      expect.objectContaining({
        type: 'compatibility',
        feature: 'vllmVersion',
        details: expect.stringMatching(
          /GET http:\/\/vllm\.test\/version answered 404.*assuming the newest vLLM.*Set vllmVersion/,
        ),
      }),
    ]);
    expect(simple.warnings).toEqual([]);
    expect(versionRequests(requests)).toHaveLength(1);
  });

  it('treats an untagged source build ("0.1.dev…") as unknown', async () => {
    const { fetch } = server(() => jsonResponse({ version: '0.1.dev9+g1234abc' }));
    const result = await generateText({
      model: createVllm({ baseURL, fetch })('m'),
      prompt: 'Hi',
      providerOptions: structured,
    });
    expect(result.warnings).toEqual([expect.objectContaining({ feature: 'vllmVersion' })]);
  });

  it('lets an aborted call go while the shared probe keeps running', async () => {
    let answer: (response: Response) => void = () => {};
    const { fetch } = server(() => new Promise<Response>((resolve) => (answer = resolve)));
    const model = createVllm({ baseURL, fetch })('m');
    const controller = new AbortController();
    const aborted = generateText({
      model,
      prompt: 'Hi',
      providerOptions: structured,
      abortSignal: controller.signal,
      maxRetries: 0,
    });
    const waiting = generateText({ model, prompt: 'Hi', providerOptions: structured });
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort(new Error('user gave up'));
    await expect(aborted).rejects.toThrow('user gave up');
    answer(jsonResponse({ version: '0.12.0' }));
    expect((await waiting).text).toBe('aaa');
  });
});

describe('explicit vllmVersion', () => {
  it('skips the probe', async () => {
    const { fetch, requests } = server(() => jsonResponse({ version: '0.26.0' }));
    await generateText({
      model: createVllm({ baseURL, fetch, vllmVersion: '0.10' })('m'),
      prompt: 'Hi',
      providerOptions: structured,
    });
    expect(versionRequests(requests)).toEqual([]);
    expect(requests[0].body?.guided_regex).toBe('a+');
  });

  it('rejects an unusable value, naming the setting', () => {
    expect(() => createVllm({ vllmVersion: 'newest' })).toThrow(InvalidArgumentError);
    expect(() => createVllm({ vllmVersion: 'newest' })).toThrow(/vllmVersion "newest".*'auto'.*'0\.13\.0'/);
  });
});

describe('fetchVllmServerVersion', () => {
  it('returns the version string', async () => {
    const { fetch } = server(() => jsonResponse({ version: '0.13.0' }));
    const version = await fetchVllmServerVersion({
      serverURL: () => 'http://vllm.test',
      headers: () => ({}),
      fetch,
    });
    expect(version).toBe('0.13.0');
  });

  it('gives up after timeoutMs with an APICallError naming the URL', async () => {
    const hanging = async (_input: unknown, init?: RequestInit) =>
      new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    const error = await fetchVllmServerVersion(
      { serverURL: () => 'http://slow.test', headers: () => ({}), fetch: hanging },
      { timeoutMs: 20 },
    ).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe('GET http://slow.test/version failed: no answer within 20 ms');
  });
});

describe('version resolver', () => {
  it('asks again a minute after a failed probe', async () => {
    let now = 0;
    let calls = 0;
    const resolver = createVllmServerVersionResolver({
      probe: async () => {
        calls++;
        if (calls === 1) throw new Error('down');
        return '0.12.0';
      },
      now: () => now,
    });
    expect((await resolver.resolve()).warning).toBeDefined();
    now = 30_000;
    expect(resolver.known()?.warning).toBeDefined();
    now = 61_000;
    expect(resolver.known()).toBeUndefined();
    expect((await resolver.resolve()).features.version).toBe('0.12.0');
    expect(calls).toBe(2);
  });

  it('parses vLLM version strings', () => {
    expect(parseVllmVersion('0.11.1rc2.dev5+gabc')).toMatchObject({ major: 0, minor: 11, patch: 1 });
    expect(parseVllmVersion('v0.13.0')?.ordinal).toBe(13_000);
    expect(parseVllmVersion('main')).toBeUndefined();
    expect(getVllmServerFeatures('0.11.0')?.structuredOutputs).toBe('structured_outputs');
    expect(getVllmServerFeatures('0.10.2')?.structuredOutputs).toBe('guided');
    expect(getVllmServerFeatures('0.9.2')?.ordinal).toBe(10_000);
  });
});
