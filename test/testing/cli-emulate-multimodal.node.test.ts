import { describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/sidecar/process-utils';
import { runVllmServe } from '../../src/testing/index';
import { postJson } from './helpers';

/** Runs `vllm serve <args>` in the emulator until it is ready; returns its log and a stop function. */
async function serve(args: string[]) {
  const port = await findFreePort('127.0.0.1');
  const controller = new AbortController();
  const out = { stdout: '', stderr: '' };
  const run = runVllmServe([...args, '--port', String(port), '--host', '127.0.0.1'], {
    stdout: (text) => (out.stdout += text),
    stderr: (text) => (out.stderr += text),
    env: {},
    pid: 1,
    signal: controller.signal,
  });
  while (!out.stderr.includes('Application startup complete.')) {
    if (out.stderr.includes('Error')) throw new Error(out.stderr);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    out,
    baseURL: `http://127.0.0.1:${port}/v1`,
    stop: async () => {
      controller.abort();
      return run;
    },
  };
}

describe('vllm serve (emulated): multimodal and Whisper models', () => {
  it('a vision model logs its architecture, encoder cache, multimodal warmup; --limit-mm-per-prompt applies', async () => {
    const server = await serve([
      'Qwen/Qwen2.5-VL-3B-Instruct',
      '--limit-mm-per-prompt',
      '{"image": 1, "video": 0}',
    ]);
    try {
      const lines = server.out.stdout;
      const order = [
        "'limit_mm_per_prompt': {'image': 1, 'video': 0}}",
        'Resolved architecture: Qwen2_5_VLForConditionalGeneration',
        'Starting to load model Qwen/Qwen2.5-VL-3B-Instruct...',
        'Encoder cache will be initialized with a budget of 16384 tokens, and profiled with 1 image items of the maximum feature size.',
        'init engine (profile, create kv cache, warmup model) took 0.00 s (compilation: 0.00 s — language_model: 0.00 s, encoder: 0.00 s)',
        '[base.py:235] Multi-modal warmup completed in',
        "Supported tasks: ['generate']",
      ].map((marker) => lines.indexOf(marker));
      expect(order.every((position) => position >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(lines).not.toContain('Using V2 Model Runner');

      const image = { type: 'image_url', image_url: { url: 'https://example.com/a.png' } };
      const two = await postJson(`${server.baseURL}/chat/completions`, {
        messages: [{ role: 'user', content: [image, image] }],
      });
      expect(two.json.error.message).toBe(
        'At most 1 image(s) may be provided in one prompt. (parameter=image)',
      );
      const video = await postJson(`${server.baseURL}/chat/completions`, {
        messages: [
          { role: 'user', content: [{ type: 'video_url', video_url: { url: 'https://example.com/a.mp4' } }] },
        ],
      });
      expect(video.json.error.message).toBe(
        'At most 0 video(s) may be provided in one prompt. (parameter=video)',
      );
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('Whisper logs the transcription task and serves only the speech-to-text routes', async () => {
    const server = await serve(['openai/whisper-large-v3-turbo']);
    try {
      const lines = server.out.stdout;
      expect(lines).toContain('Resolved architecture: WhisperForConditionalGeneration');
      expect(lines).toContain("Supported tasks: ['transcription']");
      expect(lines).toContain('Route: /v1/audio/transcriptions, Methods: POST');
      expect(lines).toContain('Route: /v1/audio/translations, Methods: POST');
      expect(lines).not.toContain('Route: /v1/chat/completions');
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
