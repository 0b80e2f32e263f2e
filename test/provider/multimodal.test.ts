import { APICallError, type LanguageModelV4Prompt } from '@ai-sdk/provider';
import { generateText, type ModelMessage, streamText } from 'ai';
import { describe, expect, it, vi } from 'vitest';
import { createVllm } from '../../src';
import { createMockFetch, jsonResponse, sseResponse } from '../helpers/mock-fetch';
import { CHAT_CHUNKS, CHAT_COMPLETION } from '../helpers/vllm-fixtures';

const baseURL = 'http://vllm.test/v1';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const PNG_B64 = Buffer.from(PNG).toString('base64');
const WAV = new Uint8Array([
  ...new TextEncoder().encode('RIFF'),
  36,
  0,
  0,
  0,
  ...new TextEncoder().encode('WAVEfmt '),
]);
const WAV_B64 = Buffer.from(WAV).toString('base64');
const FLAC = new Uint8Array([...new TextEncoder().encode('fLaC'), 0, 0, 0, 34]);
const MP4 = new Uint8Array([0, 0, 0, 24, ...new TextEncoder().encode('ftypmp42'), 0, 0, 0, 0]);

type UserPart = Exclude<Extract<ModelMessage, { role: 'user' }>['content'], string>[number];

/** One user message (a question plus `parts`) through generateText; returns the user message vLLM got. */
async function sendUser(
  parts: UserPart[],
  { version = 'latest', capabilities }: { version?: string; capabilities?: Record<string, unknown> } = {},
) {
  const { fetch, requests } = createMockFetch(() => jsonResponse(CHAT_COMPLETION));
  // The SDK asks its download function about every URL: supported ones must be passed through.
  const download = vi.fn(async (requested: { url: URL; isUrlSupportedByModel: boolean }[]) =>
    requested.map(({ url, isUrlSupportedByModel }) => {
      if (!isUrlSupportedByModel) throw new Error(`the SDK would download ${url.href}`);
      return null;
    }),
  );
  const result = await generateText({
    model: createVllm({ baseURL, fetch, vllmVersion: version, serverCapabilities: capabilities })(
      'Qwen/Qwen2.5-VL-3B-Instruct',
    ),
    messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, ...parts] }],
    experimental_download: download,
  });
  const messages = requests[0]?.body?.messages as { role: string; content: unknown }[];
  return { content: messages?.[0]?.content, requests, result, download };
}

describe('multimodal chat input: file parts on the wire', () => {
  it('sends an http(s) image URL untouched (vLLM fetches it; the SDK does not download it)', async () => {
    const { content, download, requests } = await sendUser([
      { type: 'file', mediaType: 'image/png', data: new URL('https://example.com/cat.png') },
    ]);
    expect(download).toHaveBeenCalledTimes(1);
    expect(requests).toHaveLength(1);
    expect(content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
    ]);
  });

  it('sends image bytes as a data URL (the subtype sniffed when only "image" is given)', async () => {
    const { content } = await sendUser([{ type: 'image', image: PNG }]);
    expect(content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_B64}` } },
    ]);
  });

  it('sends video URLs and bytes as video_url', async () => {
    const { content } = await sendUser([
      { type: 'file', mediaType: 'video/mp4', data: new URL('https://example.com/clip.mp4') },
      { type: 'file', mediaType: 'video/mp4', data: MP4 },
    ]);
    expect((content as unknown[]).slice(1)).toEqual([
      { type: 'video_url', video_url: { url: 'https://example.com/clip.mp4' } },
      {
        type: 'video_url',
        video_url: { url: `data:video/mp4;base64,${Buffer.from(MP4).toString('base64')}` },
      },
    ]);
  });

  it('sends audio URLs as audio_url, wav/mp3 bytes as input_audio, other audio bytes as an audio_url data URL', async () => {
    const { content } = await sendUser([
      { type: 'file', mediaType: 'audio/mpeg', data: new URL('https://example.com/talk.mp3') },
      { type: 'file', mediaType: 'audio/wav', data: WAV },
      { type: 'file', mediaType: 'audio/mpeg', data: WAV_B64 },
      { type: 'file', mediaType: 'audio/flac', data: FLAC },
    ]);
    expect((content as unknown[]).slice(1)).toEqual([
      { type: 'audio_url', audio_url: { url: 'https://example.com/talk.mp3' } },
      { type: 'input_audio', input_audio: { data: WAV_B64, format: 'wav' } },
      { type: 'input_audio', input_audio: { data: WAV_B64, format: 'mp3' } },
      {
        type: 'audio_url',
        audio_url: { url: `data:audio/flac;base64,${Buffer.from(FLAC).toString('base64')}` },
      },
    ]);
  });

  it('keeps text/* files as text and leaves user messages without files alone', async () => {
    const { fetch, requests } = createMockFetch(() => jsonResponse(CHAT_COMPLETION));
    await generateText({
      model: createVllm({ baseURL, fetch, vllmVersion: 'latest' })('m'),
      messages: [
        { role: 'user', content: 'First question' },
        { role: 'assistant', content: 'An answer' },
        {
          role: 'user',
          content: [
            { type: 'file', mediaType: 'text/plain', data: new TextEncoder().encode('notes') },
            { type: 'image', image: new URL('https://example.com/a.png') },
          ],
        },
      ],
    });
    expect(requests[0].body?.messages).toEqual([
      { role: 'user', content: 'First question' },
      { role: 'assistant', content: 'An answer' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'notes' },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
        ],
      },
    ]);
  });

  it('sends a per-part uuid on vLLM ≥ 0.11 and withholds it (with a warning) on 0.10', async () => {
    const part: UserPart = {
      type: 'image',
      image: new URL('https://example.com/cat.png'),
      providerOptions: { vllm: { uuid: 'cat-1' } },
    };
    const latest = await sendUser([part], { version: '0.11.0' });
    expect((latest.content as unknown[])[1]).toEqual({
      type: 'image_url',
      image_url: { url: 'https://example.com/cat.png' },
      uuid: 'cat-1',
    });
    expect(latest.result.warnings).toEqual([]);

    const old = await sendUser([part], { version: '0.10.2' });
    expect((old.content as unknown[])[1]).toEqual({
      type: 'image_url',
      image_url: { url: 'https://example.com/cat.png' },
    });
    expect(old.result.warnings).toEqual([
      expect.objectContaining({
        type: 'unsupported',
        feature: 'messages[0].content[1].providerOptions.vllm.uuid',
      }),
    ]);
  });

  it('does not send image detail (vLLM ignores it) and says so', async () => {
    const { content, result } = await sendUser([
      { type: 'image', image: PNG, providerOptions: { vllm: { detail: 'high' } } },
    ]);
    expect((content as Record<string, unknown>[])[1]).not.toHaveProperty('detail');
    expect(result.warnings).toEqual([
      expect.objectContaining({
        type: 'unsupported',
        feature: 'messages[0].content[1].providerOptions.vllm.detail',
      }),
    ]);
  });

  it('sends the same content when streaming, and mmProcessorKwargs as mm_processor_kwargs', async () => {
    const { fetch, requests } = createMockFetch(() => sseResponse(CHAT_CHUNKS));
    const result = streamText({
      model: createVllm({ baseURL, fetch, vllmVersion: 'latest' })('m'),
      messages: [{ role: 'user', content: [{ type: 'image', image: new URL('https://example.com/a.png') }] }],
      providerOptions: { vllm: { mmProcessorKwargs: { max_pixels: 401408 } } },
    });
    await result.consumeStream();
    expect(requests[0].body).toMatchObject({
      stream: true,
      mm_processor_kwargs: { max_pixels: 401408 },
      messages: [
        { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] },
      ],
    });
  });

  it('declares supportedUrls for http(s) image, video and audio only', () => {
    const model = createVllm({ baseURL })('m');
    const urls = model.supportedUrls as Record<string, RegExp[]>;
    expect(Object.keys(urls).sort()).toEqual(['audio/*', 'image/*', 'video/*']);
    expect(urls['image/*'].some((pattern) => pattern.test('https://example.com/a.png'))).toBe(true);
    expect(urls['image/*'].some((pattern) => pattern.test('file:///tmp/a.png'))).toBe(false);
  });
});

describe('multimodal chat input: errors before the request', () => {
  it.each([
    [
      'a PDF',
      { type: 'file', mediaType: 'application/pdf', data: new Uint8Array([37, 80, 68, 70]) },
      /messages\[0\]\.content\[1\] \(file, application\/pdf\): vLLM's chat API takes images, video and audio, not PDFs.*image\/png/,
    ],
    [
      'a provider file reference',
      { type: 'file', mediaType: 'image/png', data: { openai: 'file-abc' } },
      /vLLM has no file storage/,
    ],
    [
      'an SVG',
      { type: 'file', mediaType: 'image/svg+xml', data: new TextEncoder().encode('<svg/>') },
      /cannot decode SVG; rasterize it to PNG/,
    ],
    [
      'an undetectable subtype',
      { type: 'file', mediaType: 'audio', data: new Uint8Array([1, 2, 3]) },
      /pass a full media type/,
    ],
  ])('refuses %s, naming the part and the fix', async (_, part, message) => {
    const { fetch, requests } = createMockFetch(() => jsonResponse(CHAT_COMPLETION));
    await expect(
      generateText({
        model: createVllm({ baseURL, fetch, vllmVersion: 'latest' })('m'),
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Read this' }, part as UserPart] }],
      }),
    ).rejects.toThrow(message);
    expect(requests).toHaveLength(0);
  });

  it('refuses invalid per-part options, naming the part', async () => {
    const { fetch, requests } = createMockFetch(() => jsonResponse(CHAT_COMPLETION));
    await expect(
      generateText({
        model: createVllm({ baseURL, fetch, vllmVersion: 'latest' })('m'),
        messages: [
          { role: 'user', content: [{ type: 'image', image: PNG, providerOptions: { vllm: { uuid: 5 } } }] },
        ],
      }),
    ).rejects.toThrow(/Invalid providerOptions on messages\[0\]\.content\[0\]: vllm\.uuid/);
    expect(requests).toHaveLength(0);
  });

  it('fails fast on a server known to be text-only (serverCapabilities.inputModalities)', async () => {
    await expect(
      sendUser([{ type: 'image', image: PNG }], { capabilities: { inputModalities: ['text'] } }),
    ).rejects.toThrow(/serves Qwen\/Qwen2\.5-VL-3B-Instruct for text input only.*1 image part/);
    await expect(
      sendUser([{ type: 'file', mediaType: 'audio/wav', data: WAV }], {
        capabilities: { inputModalities: ['text', 'image'] },
      }),
    ).rejects.toThrow(/for text, image input only.*Qwen2-Audio/);
  });

  it('fails fast above the known per-prompt limit (serverCapabilities.mediaPerPrompt)', async () => {
    await expect(
      sendUser(
        [
          { type: 'image', image: PNG },
          { type: 'image', image: PNG },
        ],
        {
          capabilities: { inputModalities: ['text', 'image'], mediaPerPrompt: { image: 1 } },
        },
      ),
    ).rejects.toThrow(
      `at most 1 per prompt (--limit-mm-per-prompt). Send fewer, or restart vLLM with --limit-mm-per-prompt '{"image": 2}'`,
    );
    await expect(
      sendUser([{ type: 'image', image: PNG }], {
        capabilities: { inputModalities: ['text', 'image'], mediaPerPrompt: { image: 1 } },
      }),
    ).resolves.toBeDefined();
  });
});

describe("multimodal chat input: vLLM's own 400s", () => {
  async function failWith(message: string) {
    const { fetch } = createMockFetch(() =>
      jsonResponse({ error: { message, type: 'BadRequestError', param: null, code: 400 } }, 400),
    );
    const error = await generateText({
      model: createVllm({ baseURL, fetch, vllmVersion: 'latest' })('m'),
      messages: [{ role: 'user', content: [{ type: 'image', image: PNG }] }],
      maxRetries: 0,
    }).catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    return (error as APICallError).message;
  }

  it('keeps "… is not a multimodal model" and says what to do', async () => {
    expect(await failWith('Qwen/Qwen3-0.6B is not a multimodal model')).toMatch(
      /^Qwen\/Qwen3-0\.6B is not a multimodal model — the served model takes text only: serve a vision or audio model/,
    );
  });

  it('keeps "At most N image(s) …" and names --limit-mm-per-prompt', async () => {
    expect(await failWith('At most 1 image(s) may be provided in one prompt. (parameter=image)')).toMatch(
      /^At most 1 image\(s\) may be provided in one prompt\. \(parameter=image\) — the server allows 1 image item\(s\) per prompt.*--limit-mm-per-prompt '\{"image": N\}'/,
    );
  });

  it('explains --allowed-media-domains and unreachable media URLs', async () => {
    expect(
      await failWith(
        "The URL must be from one of the allowed domains: ['upload.wikimedia.org']. Input URL domain: example.com",
      ),
    ).toMatch(/--allowed-media-domains/);
    expect(await failWith('Failed to fetch media from URL: HTTP 404 error')).toMatch(
      /must be reachable from the server/,
    );
  });
});

describe('prompt conversion is pure', () => {
  it('does not change the caller prompt', async () => {
    const prompt: LanguageModelV4Prompt = [
      {
        role: 'user',
        content: [{ type: 'file', mediaType: 'image/png', data: { type: 'data', data: PNG } }],
      },
    ];
    const copy = structuredClone(prompt);
    const { fetch } = createMockFetch(() => jsonResponse(CHAT_COMPLETION));
    await createVllm({ baseURL, fetch, vllmVersion: 'latest' })('m').doGenerate({ prompt });
    expect(prompt).toEqual(copy);
  });
});
