import { APICallError } from '@ai-sdk/provider';
import { generateText, type ModelMessage } from 'ai';
import { describe, expect, it } from 'vitest';
import { createVllm } from '../../src';
import { runVllmServe, startVllmEmulator, type VllmEmulatorVersion } from '../../src/testing/index';
import { parseServeArgs } from '../../src/testing/serve-args/parse-serve-args';
import { releaseMissingFlags } from '../../src/testing/serve-args/release-choices';
import { resolveServeSettings } from '../../src/testing/serve-args/serve-settings';
import { getVersionProfile } from '../../src/testing/version-profiles';
import { postJson } from './helpers';

// vLLM's MediaConnector._assert_url_in_allowed_media_domains (#25783, v0.11.0); see
// src/testing/content/media-domains.ts for the source read.
const VISION = 'Qwen/Qwen2.5-VL-3B-Instruct';
const OMNI = 'Qwen/Qwen2.5-Omni-7B';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const ALLOWED = ['upload.wikimedia.org', 'images.example.com'];
const refusal = (host: string) =>
  `The URL must be from one of the allowed domains: ['upload.wikimedia.org', 'images.example.com']. Input URL domain: ${host}`;

const ask = (image: URL | Uint8Array): ModelMessage[] => [
  {
    role: 'user',
    content: [
      { type: 'text', text: 'What is in the picture?' },
      { type: 'file', data: image, mediaType: 'image/png' },
    ],
  },
];

const chatBody = (...parts: unknown[]) => ({
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe.' }, ...parts] }],
});

async function errorOf(promise: Promise<unknown>): Promise<APICallError> {
  const error = await promise.catch((caught: unknown) => caught);
  expect(APICallError.isInstance(error)).toBe(true);
  return error as APICallError;
}

describe('emulator: --allowed-media-domains', () => {
  it('an image URL on an allowed host is answered; another host gets vLLM 400 through generateText', async () => {
    await using emulator = await startVllmEmulator({ model: VISION, allowedMediaDomains: ALLOWED });
    const model = createVllm({ baseURL: emulator.baseURL })(VISION);
    const { text } = await generateText({
      model,
      messages: ask(new URL('https://upload.wikimedia.org/wikipedia/commons/cat.png')),
    });
    expect(text.length).toBeGreaterThan(0);

    const error = await errorOf(
      generateText({ model, messages: ask(new URL('https://evil.example.org/cat.png')), maxRetries: 0 }),
    );
    expect(error.statusCode).toBe(400);
    expect(error.message.startsWith(`${refusal('evil.example.org')} — `)).toBe(true);
    expect(error.message).toContain('--allowed-media-domains');
    expect(JSON.parse(error.responseBody ?? '{}')).toEqual({
      error: { message: refusal('evil.example.org'), type: 'BadRequestError', param: null, code: 400 },
    });
  });

  it('data: URLs (bytes) are never checked', async () => {
    await using emulator = await startVllmEmulator({ model: VISION, allowedMediaDomains: ALLOWED });
    const { text } = await generateText({
      model: createVllm({ baseURL: emulator.baseURL })(VISION),
      messages: ask(PNG),
    });
    expect(text.length).toBeGreaterThan(0);
    expect(JSON.stringify(emulator.requests.at(-1)?.body)).toContain('data:image/png;base64,');
  });

  it('without the flag every host is fetched', async () => {
    await using emulator = await startVllmEmulator({ model: VISION });
    const { text } = await generateText({
      model: createVllm({ baseURL: emulator.baseURL })(VISION),
      messages: ask(new URL('https://evil.example.org/cat.png')),
    });
    expect(text.length).toBeGreaterThan(0);
  });

  it('hostnames match exactly (no subdomains, port ignored, case-insensitive URL host); video_url and audio_url too', async () => {
    await using emulator = await startVllmEmulator({ model: OMNI, allowedMediaDomains: ALLOWED });
    const post = (...parts: unknown[]) =>
      postJson(`${emulator.baseURL}/chat/completions`, chatBody(...parts));
    expect(
      (await post({ type: 'image_url', image_url: { url: 'https://IMAGES.example.com:8443/a.png' } })).status,
    ).toBe(200);
    expect((await post({ image_url: 'http://upload.wikimedia.org/a.png' })).status).toBe(200);

    const sub = await post({
      type: 'image_url',
      image_url: { url: 'https://cdn.upload.wikimedia.org/a.png' },
    });
    expect(sub.status).toBe(400);
    expect(sub.json.error.message).toBe(refusal('cdn.upload.wikimedia.org'));

    const video = await post({ type: 'video_url', video_url: { url: 'https://videos.example.net/a.mp4' } });
    expect(video.json.error.message).toBe(refusal('videos.example.net'));
    const audio = await post({ type: 'audio_url', audio_url: { url: 'http://127.0.0.1:9/a.wav' } });
    expect(audio.json.error.message).toBe(refusal('127.0.0.1'));
    // input_audio is base64 (a data: URL inside vLLM): never checked.
    expect(
      (await post({ type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } })).status,
    ).toBe(200);
  });

  it('URLs are checked after the part checks, by modality in first-appearance order', async () => {
    await using emulator = await startVllmEmulator({
      model: OMNI,
      allowedMediaDomains: ALLOWED,
      limitMmPerPrompt: { image: 1 },
    });
    const post = (...parts: unknown[]) =>
      postJson(`${emulator.baseURL}/chat/completions`, chatBody(...parts));
    const video = { type: 'video_url', video_url: { url: 'https://v.example.net/a.mp4' } };
    const image = { type: 'image_url', image_url: { url: 'https://i.example.net/a.png' } };
    // The over-limit image is refused while parsing, before any URL is loaded.
    expect((await post(image, image)).json.error.message).toBe(
      'At most 1 image(s) may be provided in one prompt. (parameter=image)',
    );
    expect((await post(video, image)).json.error.message).toBe(refusal('v.example.net'));
    expect((await post(image, video)).json.error.message).toBe(refusal('i.example.net'));
  });

  it('/v1/responses input_image goes through the same check', async () => {
    await using emulator = await startVllmEmulator({ model: VISION, allowedMediaDomains: ALLOWED });
    const input = (url: string) => ({
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'Describe.' },
            { type: 'input_image', image_url: url },
          ],
        },
      ],
    });
    const refused = await postJson(`${emulator.baseURL}/responses`, input('https://evil.example.org/a.png'));
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toBe(refusal('evil.example.org'));
    expect(
      (await postJson(`${emulator.baseURL}/responses`, input('https://images.example.com/a.png'))).status,
    ).toBe(200);
  });

  it.each([
    ['0.11', ' None'],
    ['0.13', ' None'],
    ['latest', ''],
  ] as [VllmEmulatorVersion, string][])('%s: the text of that release', async (version, suffix) => {
    await using emulator = await startVllmEmulator({ model: VISION, version, allowedMediaDomains: ALLOWED });
    const { status, json } = await postJson(
      `${emulator.baseURL}/chat/completions`,
      chatBody({ type: 'image_url', image_url: { url: 'https://evil.example.org/a.png' } }),
    );
    expect(status).toBe(400);
    expect(json.error).toEqual({
      message: `${refusal('evil.example.org')}${suffix}`,
      type: 'BadRequestError',
      param: null,
      code: 400,
    });
  });

  it('0.10 has no such flag: the option is refused, and `vllm serve` exits 2 like argparse', async () => {
    await expect(
      startVllmEmulator({ model: VISION, version: '0.10', allowedMediaDomains: ALLOWED }),
    ).rejects.toThrow(
      /option 'allowedMediaDomains' \(--allowed-media-domains\) needs vLLM >= 0\.11.*0\.10\.0/,
    );
    let stderr = '';
    const code = await runVllmServe([VISION, '--allowed-media-domains', 'a.com', 'b.com'], {
      env: { VLLM_EMULATOR_VERSION: '0.10' },
      stdout: () => {},
      stderr: (text) => (stderr += text),
    });
    expect(code).toBe(2);
    expect(stderr).toBe(
      'usage: vllm [-h] [-v]\n            {chat,complete,serve,launch,bench,collect-env,run-batch} ...\nvllm: error: unrecognized arguments: --allowed-media-domains a.com b.com\n',
    );
    expect(releaseMissingFlags(getVersionProfile('0.11')).size).toBe(0);
  });

  it('`vllm serve … --allowed-media-domains a b` reaches the chat handler', async () => {
    const parsed = parseServeArgs([VISION, '--allowed-media-domains', ...ALLOWED]);
    if (!parsed.ok) throw new Error(parsed.stderr);
    const settings = resolveServeSettings(parsed, {});
    expect(settings.nonDefaultArgs).toContain(
      "'allowed_media_domains': ['upload.wikimedia.org', 'images.example.com']",
    );
    await using emulator = await startVllmEmulator({ ...settings.options, port: 0, host: '127.0.0.1' });
    const { json } = await postJson(
      `${emulator.baseURL}/chat/completions`,
      chatBody({ type: 'image_url', image_url: { url: 'https://evil.example.org/a.png' } }),
    );
    expect(json.error.message).toBe(refusal('evil.example.org'));
  });
});
