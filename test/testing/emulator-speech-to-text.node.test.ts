import { APICallError } from '@ai-sdk/provider';
import { experimental_streamTranscribe, generateText, transcribe } from 'ai';
import { describe, expect, it } from 'vitest';
import { createVllm } from '../../src';
import { startVllmEmulator, type VllmEmulatorVersion } from '../../src/testing/index';
import { sineWav } from '../helpers/audio';

/** Posts a form to the emulator (no provider), as any OpenAI client would. */
async function postForm(url: string, fields: Record<string, string>, file?: Blob) {
  const form = new FormData();
  if (file) form.append('file', file, 'clip.wav');
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const response = await fetch(url, { method: 'POST', body: form });
  const text = await response.text();
  return { status: response.status, text, json: text.startsWith('{') ? JSON.parse(text) : undefined };
}

const wav = (seconds: number) =>
  new Blob([sineWav(seconds) as Uint8Array<ArrayBuffer>], { type: 'audio/wav' });

describe('emulator: /v1/audio/transcriptions and /translations (Whisper)', () => {
  it('parses the multipart form server-side and records the fields it read', async () => {
    await using emulator = await startVllmEmulator({ model: 'openai/whisper-small' });
    const vllm = createVllm({ baseURL: emulator.baseURL });
    const result = await transcribe({
      model: vllm.transcriptionModel('openai/whisper-small'),
      audio: sineWav(4),
      providerOptions: { vllm: { language: 'en', prompt: 'Names: Ada.', temperature: 0.1, seed: 7 } },
    });
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.durationInSeconds).toBe(4);
    const request = emulator.requests.at(-1);
    expect(request?.path).toBe('/v1/audio/transcriptions');
    expect(request?.body).toEqual({
      model: 'openai/whisper-small',
      language: 'en',
      prompt: 'Names: Ada.',
      temperature: '0.1',
      seed: '7',
      response_format: 'json',
      file: `<${sineWav(4).length} bytes>`,
    });
    expect(request?.ignoredFields).toEqual([]);
  });

  it('returns verbose_json segments, and cuts audio over 30 s into chunks with offset timings', async () => {
    await using emulator = await startVllmEmulator({ model: 'openai/whisper-large-v3-turbo' });
    const result = await transcribe({
      model: createVllm({ baseURL: emulator.baseURL }).transcriptionModel('openai/whisper-large-v3-turbo'),
      audio: sineWav(70),
      timestampGranularities: ['segment'],
    } as Parameters<typeof transcribe>[0]);
    expect(result.language).toBe('en');
    expect(result.durationInSeconds).toBe(70);
    expect(result.segments.length).toBeGreaterThan(3);
    expect(result.segments[0].startSecond).toBe(0);
    const last = result.segments.at(-1);
    expect(last?.endSecond).toBeCloseTo(70, 1);
    // Three chunks (≤ 30 s each): some segment starts at or after the first cut.
    expect(result.segments.some((segment) => segment.startSecond >= 29 && segment.startSecond <= 30.5)).toBe(
      true,
    );
    for (const [index, segment] of result.segments.entries()) {
      expect(segment.endSecond).toBeGreaterThan(segment.startSecond);
      if (index > 0)
        expect(segment.startSecond).toBeGreaterThanOrEqual(result.segments[index - 1].endSecond - 0.01);
    }
  });

  it('scripts the transcript with the reply option', async () => {
    await using emulator = await startVllmEmulator({
      model: 'openai/whisper-small',
      reply: ({ endpoint, audio }) =>
        endpoint === 'transcription'
          ? `Hello from a ${Math.round(audio?.durationSeconds ?? 0)} second clip.`
          : 'Good morning.',
    });
    const vllm = createVllm({ baseURL: emulator.baseURL });
    const heard = await transcribe({
      model: vllm.transcriptionModel('openai/whisper-small'),
      audio: sineWav(3),
    });
    expect(heard.text).toBe('Hello from a 3 second clip.');
    const translated = await transcribe({
      model: vllm.translationModel('openai/whisper-small'),
      audio: sineWav(3),
    });
    expect(translated.text).toBe('Good morning.');
  });

  it('streams the transcript (transcription.chunk events, usage, [DONE])', async () => {
    await using emulator = await startVllmEmulator({
      model: 'openai/whisper-small',
      reply: () => 'One two three four.',
    });
    const result = experimental_streamTranscribe({
      model: createVllm({ baseURL: emulator.baseURL }).transcriptionModel('openai/whisper-small'),
      audio: new ReadableStream({
        start(controller) {
          controller.enqueue(sineWav(2).subarray(44));
          controller.close();
        },
      }),
      inputAudioFormat: { type: 'audio/pcm', rate: 16000 },
    });
    const deltas: string[] = [];
    for await (const part of result.fullStream) if (part.type === 'transcript-delta') deltas.push(part.delta);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('One two three four.');
  });

  it("refuses what vLLM refuses, with vLLM's messages", async () => {
    await using emulator = await startVllmEmulator({ model: 'openai/whisper-small' });
    const url = `${emulator.baseURL}/audio/transcriptions`;
    expect(await postForm(url, { model: 'openai/whisper-small' })).toMatchObject({
      status: 400,
      json: {
        error: {
          message: expect.stringMatching(
            /^1 validation error:\n {2}\{'type': 'missing', 'loc': \('body', 'file'\)/,
          ),
        },
      },
    });
    expect(await postForm(url, { response_format: 'srt' }, wav(1))).toMatchObject({
      status: 400,
      json: {
        error: { message: 'Currently only support response_format: `text`, `json` or `verbose_json`' },
      },
    });
    expect(await postForm(url, { response_format: 'verbose_json', stream: 'true' }, wav(1))).toMatchObject({
      status: 400,
      json: { error: { message: "verbose_json format doesn't support streaming case" } },
    });
    expect(await postForm(url, { stream_include_usage: 'true' }, wav(1))).toMatchObject({
      status: 400,
      json: {
        error: {
          message: 'Stream options can only be defined when `stream=True`. (parameter=stream_include_usage)',
        },
      },
    });
    expect(await postForm(url, { language: 'xx' }, wav(1))).toMatchObject({
      status: 400,
      json: {
        error: { message: expect.stringMatching(/^Unsupported language: 'xx'\. {2}Must be one of \['af'/) },
      },
    });
    expect(await postForm(url, {}, new Blob(['not audio at all']))).toMatchObject({
      status: 400,
      json: { error: { message: 'Invalid or unsupported audio file.' } },
    });
    const big = new Blob([new Uint8Array(26 * 1024 * 1024)]);
    expect(await postForm(url, {}, big)).toMatchObject({
      status: 400,
      json: {
        error: {
          message: 'Maximum file size exceeded (parameter=audio_filesize_mb, value=26.0)',
          param: 'audio_filesize_mb',
        },
      },
    });
    // Whisper serves only the transcription task: no chat route.
    const chat = await fetch(`${emulator.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(chat.status).toBe(404);
  });

  it.each(['0.10', '0.11'] as VllmEmulatorVersion[])(
    '%s: verbose_json is refused (text/json only)',
    async (version) => {
      await using emulator = await startVllmEmulator({ model: 'openai/whisper-small', version });
      const { status, json } = await postForm(
        `${emulator.baseURL}/audio/transcriptions`,
        { response_format: 'verbose_json' },
        wav(1),
      );
      expect(status).toBe(400);
      const message = version === '0.10' ? json.message : json.error.message;
      expect(message).toBe('Currently only support response_format `text` or `json`');
    },
  );

  it('a model without segment timestamps refuses verbose_json; the provider hint says what to do', async () => {
    await using emulator = await startVllmEmulator({ model: 'mistralai/Voxtral-Mini-3B-2507' });
    const error = await transcribe({
      model: createVllm({ baseURL: emulator.baseURL }).transcriptionModel('mistralai/Voxtral-Mini-3B-2507'),
      audio: sineWav(2),
      providerOptions: { vllm: { responseFormat: 'verbose_json' } },
    }).catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      "Currently do not support verbose_json for mistralai/Voxtral-Mini-3B-2507 — only Whisper-family models return segments: use providerOptions.vllm.responseFormat 'json' and no timestampGranularities.",
    );
  });

  it('a text model has no speech-to-text route: the provider says so', async () => {
    await using emulator = await startVllmEmulator({ model: 'Qwen/Qwen3-0.6B' });
    await expect(
      transcribe({
        model: createVllm({ baseURL: emulator.baseURL }).transcriptionModel('Qwen/Qwen3-0.6B'),
        audio: sineWav(1),
      }),
    ).rejects.toThrow(/has no transcription endpoint \(HTTP 404\)/);
  });

  it('Voxtral also chats about audio (generate + transcription tasks)', async () => {
    await using emulator = await startVllmEmulator({ model: 'mistralai/Voxtral-Mini-3B-2507' });
    const { text } = await generateText({
      model: createVllm({ baseURL: emulator.baseURL })('mistralai/Voxtral-Mini-3B-2507'),
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is said?' },
            { type: 'file', mediaType: 'audio/wav', data: sineWav(1) },
          ],
        },
      ],
    });
    expect(text.length).toBeGreaterThan(0);
    const request = emulator.requests.at(-1);
    expect(
      (request?.body?.messages as { content: { type: string }[] }[] | undefined)?.[0].content[1].type,
    ).toBe('input_audio');
  });
});
