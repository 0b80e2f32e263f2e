import { generateText, transcribe } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveVllmServerOptions } from '../../src/sidecar/resolve-vllm-server-options';
import type { StartedVllmServer } from '../../src/sidecar/started-vllm-server';
import { buildVllmServeArgs } from '../../src/sidecar/vllm-serve-args';
import { createVllmSidecar } from '../../src/sidecar/vllm-sidecar';
import { sineWav } from '../helpers/audio';
import { FakeRuntime } from './helpers/fake-runtime';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const ADDRESS = { host: '0.0.0.0', port: 8000 };
const argsFor = (model: string, options: Record<string, unknown> = {}) =>
  buildVllmServeArgs(resolveVllmServerOptions({ model, ...options }, {}, {}), ADDRESS);

const started: StartedVllmServer[] = [];
afterEach(async () => {
  await Promise.allSettled(started.splice(0).map((server) => server.stop({ timeoutMs: 0, remove: true })));
});

async function start(model: string, options: Record<string, unknown> = {}) {
  const sidecar = createVllmSidecar(
    { model, gpus: false, image: 'fake/vllm:1', healthPollIntervalMs: 20 },
    { runtime: new FakeRuntime(), env: {} },
  );
  const server = await sidecar.start(options);
  started.push(server);
  return server;
}

describe('sidecar presets for vision and speech-to-text models', () => {
  it('a vision model gets a per-prompt media limit and a context length that fits one GPU', () => {
    expect(argsFor('Qwen/Qwen2.5-VL-3B-Instruct')).toEqual([
      'Qwen/Qwen2.5-VL-3B-Instruct',
      '--host',
      '0.0.0.0',
      '--port',
      '8000',
      '--max-model-len',
      '32768',
      '--limit-mm-per-prompt',
      '{"image":4,"video":1}',
    ]);
    expect(argsFor('Qwen/Qwen3-VL-8B-Instruct')).toContain('--tool-call-parser');
  });

  it('Whisper gets its 448-token decoder length and one audio item per prompt, no chat flags', () => {
    expect(argsFor('openai/whisper-large-v3-turbo')).toEqual([
      'openai/whisper-large-v3-turbo',
      '--host',
      '0.0.0.0',
      '--port',
      '8000',
      '--max-model-len',
      '448',
      '--limit-mm-per-prompt',
      '{"audio":1}',
    ]);
  });

  it('explicit options win per modality; domains restrict what vLLM fetches', () => {
    const args = argsFor('Qwen/Qwen2.5-VL-3B-Instruct', {
      limitMmPerPrompt: { image: 2 },
      maxModelLen: 8192,
      allowedMediaDomains: ['upload.wikimedia.org', 'images.example.com'],
    });
    expect(args.slice(args.indexOf('--max-model-len'))).toEqual([
      '--max-model-len',
      '8192',
      '--limit-mm-per-prompt',
      '{"image":2,"video":1}',
      '--allowed-media-domains',
      'upload.wikimedia.org',
      'images.example.com',
    ]);
  });

  it('refuses bad limits, naming the option', () => {
    expect(() => argsFor('Qwen/Qwen2.5-VL-3B-Instruct', { limitMmPerPrompt: { images: 2 } })).toThrow(
      /limitMmPerPrompt\.images.*unknown modality.*image, audio or video/,
    );
    expect(() => argsFor('Qwen/Qwen2.5-VL-3B-Instruct', { limitMmPerPrompt: { image: -1 } })).toThrow(
      /limitMmPerPrompt\.image/,
    );
  });

  it('server.provider() knows a text-only model: an image fails before any request', async () => {
    const server = await start('Qwen/Qwen2.5-7B-Instruct');
    expect(server.capabilities.inputModalities).toEqual(['text']);
    await expect(
      generateText({
        model: server.provider()(server.modelId),
        messages: [{ role: 'user', content: [{ type: 'image', image: PNG }] }],
      }),
    ).rejects.toThrow(/serves Qwen\/Qwen2\.5-7B-Instruct for text input only/);
  });

  it('server.provider() knows the vision limit, and the served emulator enforces it too', async () => {
    const server = await start('Qwen/Qwen2.5-VL-3B-Instruct', { limitMmPerPrompt: { image: 1 } });
    expect(server.capabilities).toMatchObject({
      inputModalities: ['text', 'image', 'video'],
      mediaPerPrompt: { image: 1, video: 1 },
    });
    const model = server.provider()(server.modelId);
    const ask = (count: number) =>
      generateText({
        model,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Describe' },
              ...Array(count).fill({ type: 'image', image: PNG }),
            ],
          },
        ],
      });
    expect((await ask(1)).text.length).toBeGreaterThan(0);
    await expect(ask(2)).rejects.toThrow(/at most 1 per prompt \(--limit-mm-per-prompt\)/);
  });

  it('a Whisper server transcribes through server.provider()', async () => {
    const server = await start('openai/whisper-small');
    expect(server.capabilities.inputModalities).toEqual(['audio']);
    const result = await transcribe({
      model: server.provider().transcriptionModel(server.modelId),
      audio: sineWav(2),
    });
    expect(result.text.length).toBeGreaterThan(0);
  });
});
