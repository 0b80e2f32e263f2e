import { APICallError } from '@ai-sdk/provider';
import { generateText, type ModelMessage, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { createVllm } from '../../src';
import { startVllmEmulator, type VllmEmulatorVersion } from '../../src/testing/index';
import { sineWav } from '../helpers/audio';
import { postJson } from './helpers';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const VISION = 'Qwen/Qwen2.5-VL-3B-Instruct';

const ask = (
  ...parts: Exclude<Extract<ModelMessage, { role: 'user' }>['content'], string>
): ModelMessage[] => [
  { role: 'user', content: [{ type: 'text', text: 'What is in the picture?' }, ...parts] },
];

async function errorOf(promise: Promise<unknown>): Promise<APICallError> {
  const error = await promise.catch((caught: unknown) => caught);
  expect(APICallError.isInstance(error)).toBe(true);
  return error as APICallError;
}

describe('emulator: vision models and --limit-mm-per-prompt', () => {
  it('answers an image question on a vision model (URL passed through, bytes as data URL), streamed', async () => {
    await using emulator = await startVllmEmulator({ model: VISION });
    const result = streamText({
      model: createVllm({ baseURL: emulator.baseURL })(VISION),
      messages: ask(
        { type: 'image', image: new URL('https://example.com/cat.png') },
        { type: 'image', image: PNG },
      ),
    });
    expect((await result.text).length).toBeGreaterThan(0);
    const content =
      (emulator.requests.at(-1)?.body?.messages as { content: unknown[] }[] | undefined)?.[0].content ?? [];
    expect(content.slice(1)).toEqual([
      { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
      {
        type: 'image_url',
        image_url: { url: `data:image/png;base64,${Buffer.from(PNG).toString('base64')}` },
      },
    ]);
  });

  it("over the per-prompt limit: vLLM's 400 with the hint", async () => {
    await using emulator = await startVllmEmulator({ model: VISION, limitMmPerPrompt: { image: 1 } });
    const error = await errorOf(
      generateText({
        model: createVllm({ baseURL: emulator.baseURL })(VISION),
        messages: ask({ type: 'image', image: PNG }, { type: 'image', image: PNG }),
        maxRetries: 0,
      }),
    );
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(
      /^At most 1 image\(s\) may be provided in one prompt\. \(parameter=image\) — .*--limit-mm-per-prompt/,
    );
  });

  it('video on an image-only model is over its limit of 0; audio on a vision model too', async () => {
    await using emulator = await startVllmEmulator({ model: 'meta-llama/Llama-4-Scout-17B-16E-Instruct' });
    const { status, json } = await postJson(`${emulator.baseURL}/chat/completions`, {
      messages: [
        { role: 'user', content: [{ type: 'video_url', video_url: { url: 'https://example.com/a.mp4' } }] },
      ],
    });
    expect(status).toBe(400);
    expect(json.error.message).toBe('At most 0 video(s) may be provided in one prompt. (parameter=video)');
  });

  it.each([
    [
      '0.10',
      'At most 1 image(s) may be provided in one request. You can set `--limit-mm-per-prompt` to increase this limit if the model supports it. None',
    ],
    ['0.12', 'At most 1 image(s) may be provided in one prompt. None'],
  ] as [VllmEmulatorVersion, string][])('%s: the limit message of that release', async (version, message) => {
    await using emulator = await startVllmEmulator({
      model: VISION,
      version,
      limitMmPerPrompt: { image: 1 },
    });
    const image = { type: 'image_url', image_url: { url: 'https://example.com/a.png' } };
    const { status, json } = await postJson(`${emulator.baseURL}/chat/completions`, {
      messages: [
        { role: 'user', content: [image] },
        { role: 'user', content: [image] },
      ],
    });
    expect(status).toBe(400);
    expect(version === '0.10' ? json.message : json.error.message).toBe(message);
  });

  it('a text-only model refuses an image with "… is not a multimodal model" and the provider hint', async () => {
    await using emulator = await startVllmEmulator({ model: 'Qwen/Qwen3-0.6B' });
    const error = await errorOf(
      generateText({
        model: createVllm({ baseURL: emulator.baseURL })('Qwen/Qwen3-0.6B'),
        messages: ask({ type: 'image', image: PNG }),
        maxRetries: 0,
      }),
    );
    expect(error.message).toMatch(
      /^Qwen\/Qwen3-0\.6B is not a multimodal model — the served model takes text only/,
    );
  });

  it('serverCapabilities stop a text-only server before any request', async () => {
    await using emulator = await startVllmEmulator({ model: 'Qwen/Qwen3-0.6B' });
    const before = emulator.requests.length;
    await expect(
      generateText({
        model: createVllm({ baseURL: emulator.baseURL, serverCapabilities: { inputModalities: ['text'] } })(
          'Qwen/Qwen3-0.6B',
        ),
        messages: ask({ type: 'image', image: PNG }),
      }),
    ).rejects.toThrow(/for text input only/);
    expect(emulator.requests.length).toBe(before);
  });

  it('an omni model takes image, audio and video in one prompt', async () => {
    await using emulator = await startVllmEmulator({ model: 'Qwen/Qwen2.5-Omni-7B' });
    const { text } = await generateText({
      model: createVllm({ baseURL: emulator.baseURL })('Qwen/Qwen2.5-Omni-7B'),
      messages: ask(
        { type: 'image', image: PNG },
        { type: 'file', mediaType: 'audio/wav', data: sineWav(1) },
        { type: 'file', mediaType: 'video/mp4', data: new URL('https://example.com/a.mp4') },
      ),
    });
    expect(text.length).toBeGreaterThan(0);
  });
});
