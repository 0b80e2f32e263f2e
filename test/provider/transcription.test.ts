import { APICallError } from '@ai-sdk/provider';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import { experimental_streamTranscribe, transcribe } from 'ai';
import { describe, expect, it } from 'vitest';
import { createVllm } from '../../src';
import { jsonResponse, sseResponse } from '../helpers/mock-fetch';

const baseURL = 'http://vllm.test/v1';
const WAV = new Uint8Array([
  ...new TextEncoder().encode('RIFF'),
  36,
  0,
  0,
  0,
  ...new TextEncoder().encode('WAVEfmt '),
]);

// Whisper's verbose_json answer, shaped as vLLM's TranscriptionResponseVerbose (vllm/entrypoints/
// speech_to_text/transcription/protocol.py): segments with id, seek, start, end, text, tokens,
// temperature, avg_logprob, compression_ratio, no_speech_prob.
const VERBOSE = {
  text: ' The quick brown fox. Jumps over the lazy dog.',
  language: 'en',
  duration: 4.5,
  segments: [
    {
      id: 0,
      seek: 0,
      start: 0,
      end: 2.2,
      text: ' The quick brown fox.',
      tokens: [440, 1702],
      temperature: 0,
      avg_logprob: -0.21,
      compression_ratio: 0.9,
      no_speech_prob: null,
    },
    {
      id: 1,
      seek: 0,
      start: 2.2,
      end: 4.5,
      text: ' Jumps over the lazy dog.',
      tokens: [508, 8142],
      temperature: 0,
      avg_logprob: -0.18,
      compression_ratio: 0.9,
      no_speech_prob: null,
    },
  ],
  words: null,
};

interface ParsedUpload {
  url: string;
  fields: Record<string, string>;
  file: File | undefined;
  contentType: string | undefined;
}

/**
 * A fetch that decodes each multipart request the way a server does (`Request.formData()`: the
 * body is serialized to multipart/form-data with its boundary, then parsed back) and answers with `respond`.
 */
function multipartServer(respond: (upload: ParsedUpload) => Response) {
  const uploads: ParsedUpload[] = [];
  const fetch: FetchFunction = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    // GET /v1/models, as vLLM answers it (read when a 404 needs explaining).
    if (init?.method === 'GET' && url.endsWith('/v1/models'))
      return jsonResponse({ object: 'list', data: [{ id: 'Qwen/Qwen3-8B', object: 'model' }] });
    const request = new Request(url, { method: 'POST', body: init?.body, headers: init?.headers });
    const contentType = request.headers.get('content-type') ?? undefined;
    const form = await request.formData();
    const fields: Record<string, string> = {};
    let file: File | undefined;
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') fields[name] = value;
      else file = value;
    }
    const upload = { url, fields, file, contentType };
    uploads.push(upload);
    return respond(upload);
  };
  return { fetch, uploads };
}

describe('transcriptionModel: the multipart request', () => {
  it('posts the file and vLLM form fields to /v1/audio/transcriptions', async () => {
    const { fetch, uploads } = multipartServer(() =>
      jsonResponse({ text: 'hello', usage: { type: 'duration', seconds: 2 } }),
    );
    const result = await transcribe({
      model: createVllm({ baseURL, fetch, vllmVersion: 'latest' }).transcriptionModel(
        'openai/whisper-large-v3-turbo',
      ),
      audio: WAV,
      providerOptions: {
        vllm: {
          language: 'en',
          prompt: 'Names: Ada, Grace.',
          temperature: 0.2,
          topK: 5,
          seed: 3,
          repetitionPenalty: 1.1,
          maxCompletionTokens: 200,
          vllmXargs: { mode: 'fast' },
        },
      },
    });
    expect(uploads).toHaveLength(1);
    const [upload] = uploads;
    expect(upload.url).toBe('http://vllm.test/v1/audio/transcriptions');
    expect(upload.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.fields).toEqual({
      model: 'openai/whisper-large-v3-turbo',
      language: 'en',
      prompt: 'Names: Ada, Grace.',
      temperature: '0.2',
      top_k: '5',
      seed: '3',
      repetition_penalty: '1.1',
      max_completion_tokens: '200',
      vllm_xargs: '{"mode":"fast"}',
      response_format: 'json',
    });
    expect(upload.file?.name).toBe('audio.wav');
    expect(upload.file?.type).toBe('audio/wav');
    expect(new Uint8Array(await (upload.file as File).arrayBuffer())).toEqual(WAV);
    expect(result.text).toBe('hello');
    expect(result.language).toBe('en');
    expect(result.durationInSeconds).toBe(2);
    expect(result.warnings).toEqual([]);
  });

  it('asks for verbose_json when segment timings are wanted and maps segments, language, duration', async () => {
    const { fetch, uploads } = multipartServer(() => jsonResponse(VERBOSE));
    const result = await transcribe({
      model: createVllm({ baseURL, fetch, vllmVersion: '0.13.0' }).transcriptionModel('openai/whisper-small'),
      audio: WAV,
      timestampGranularities: ['segment'],
    } as Parameters<typeof transcribe>[0]);
    expect(uploads[0].fields.response_format).toBe('verbose_json');
    expect(result.text).toBe(VERBOSE.text);
    expect(result.segments).toEqual([
      { text: ' The quick brown fox.', startSecond: 0, endSecond: 2.2 },
      { text: ' Jumps over the lazy dog.', startSecond: 2.2, endSecond: 4.5 },
    ]);
    expect(result.language).toBe('en');
    expect(result.durationInSeconds).toBe(4.5);
  });

  it('warns that vLLM has no word timings', async () => {
    const { fetch } = multipartServer(() => jsonResponse(VERBOSE));
    const result = await transcribe({
      model: createVllm({ baseURL, fetch, vllmVersion: 'latest' }).transcriptionModel('openai/whisper-small'),
      audio: WAV,
      timestampGranularities: ['word', 'segment'],
    } as Parameters<typeof transcribe>[0]);
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'timestampGranularities: word' }),
    ]);
  });

  it('withholds fields the server release does not read, with a warning per option', async () => {
    const { fetch, uploads } = multipartServer(() => jsonResponse({ text: 'hi' }));
    const result = await transcribe({
      model: createVllm({ baseURL, fetch, vllmVersion: '0.13.0' }).transcriptionModel('openai/whisper-small'),
      audio: WAV,
      providerOptions: {
        vllm: {
          maxCompletionTokens: 100,
          hotwords: 'vLLM',
          toLanguage: 'fr',
          timestampGranularities: undefined,
        },
      },
    });
    expect(uploads[0].fields).toEqual({
      model: 'openai/whisper-small',
      to_language: 'fr',
      response_format: 'json',
    });
    expect(result.warnings.map((warning) => (warning as { feature: string }).feature)).toEqual([
      'providerOptions.vllm.maxCompletionTokens',
      'providerOptions.vllm.hotwords',
    ]);
    expect(JSON.stringify(result.warnings)).toContain('vLLM ≥ 0.14');
  });

  it('refuses verbose_json on a release that returns text only, before any request', async () => {
    const { fetch, uploads } = multipartServer(() => jsonResponse({ text: 'hi' }));
    await expect(
      transcribe({
        model: createVllm({ baseURL, fetch, vllmVersion: '0.11.0' }).transcriptionModel(
          'openai/whisper-small',
        ),
        audio: WAV,
        providerOptions: { vllm: { responseFormat: 'verbose_json' } },
      }),
    ).rejects.toThrow("responseFormat 'verbose_json' needs vLLM ≥ 0.12; vLLM 0.11.0 returns text only");
    expect(uploads).toHaveLength(0);
  });

  it('names a wrong option type', async () => {
    const { fetch } = multipartServer(() => jsonResponse({ text: 'hi' }));
    await expect(
      transcribe({
        model: createVllm({ baseURL, fetch }).transcriptionModel('openai/whisper-small'),
        audio: WAV,
        providerOptions: { vllm: { temperature: 'warm' } },
      }),
    ).rejects.toThrow(/providerOptions\.vllm\.temperature/);
  });

  it('translationModel posts to /v1/audio/translations, leaving out fields translation does not read', async () => {
    const { fetch, uploads } = multipartServer(() => jsonResponse({ text: 'Good morning' }));
    const result = await transcribe({
      model: createVllm({ baseURL, fetch, vllmVersion: '0.20.0' }).translationModel('openai/whisper-small'),
      audio: WAV,
      providerOptions: { vllm: { language: 'de', topP: 0.9 } },
    });
    expect(uploads[0].url).toBe('http://vllm.test/v1/audio/translations');
    expect(uploads[0].fields).toEqual({
      model: 'openai/whisper-small',
      language: 'de',
      response_format: 'json',
    });
    expect(result.text).toBe('Good morning');
    expect(result.warnings).toEqual([expect.objectContaining({ feature: 'providerOptions.vllm.topP' })]);
  });
});

describe('transcriptionModel: errors', () => {
  it("keeps vLLM's message and says what to do (file too large)", async () => {
    const { fetch } = multipartServer(() =>
      jsonResponse(
        {
          error: {
            message: 'Maximum file size exceeded (parameter=audio_filesize_mb, value=30.5)',
            type: 'BadRequestError',
            param: 'audio_filesize_mb',
            code: 400,
          },
        },
        400,
      ),
    );
    const error = await transcribe({
      model: createVllm({ baseURL, fetch }).transcriptionModel('openai/whisper-small'),
      audio: WAV,
    }).catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^Maximum file size exceeded.*VLLM_MAX_AUDIO_CLIP_FILESIZE_MB \(default 25 MB\)/,
    );
  });

  it('explains a server without speech-to-text (404 Not Found)', async () => {
    const { fetch } = multipartServer(() => jsonResponse({ detail: 'Not Found' }, 404));
    await expect(
      transcribe({ model: createVllm({ baseURL, fetch }).transcriptionModel('Qwen/Qwen3-8B'), audio: WAV }),
    ).rejects.toThrow(
      /has no transcription endpoint \(HTTP 404\): the served model is not a speech-to-text model/,
    );
  });
});

describe('transcriptionModel: streaming (experimental_streamTranscribe)', () => {
  it('uploads the collected audio as WAV with stream fields and streams the text', async () => {
    const { fetch, uploads } = multipartServer(() =>
      sseResponse([
        {
          id: 'trsc-1',
          object: 'transcription.chunk',
          created: 1,
          model: 'openai/whisper-small',
          choices: [{ delta: { content: ' Hello' } }],
        },
        {
          id: 'trsc-1',
          object: 'transcription.chunk',
          created: 1,
          model: 'openai/whisper-small',
          choices: [{ delta: { content: ' world.' }, finish_reason: 'stop', stop_reason: null }],
        },
        {
          id: 'trsc-1',
          object: 'transcription.chunk',
          created: 1,
          model: 'openai/whisper-small',
          choices: [],
          usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 },
        },
      ]),
    );
    const pcm = new Uint8Array(3200);
    const result = experimental_streamTranscribe({
      model: createVllm({ baseURL, fetch }).transcriptionModel('openai/whisper-small'),
      audio: new ReadableStream({
        start(controller) {
          controller.enqueue(pcm.subarray(0, 1600));
          controller.enqueue(pcm.subarray(1600));
          controller.close();
        },
      }),
      inputAudioFormat: { type: 'audio/pcm', rate: 16000 },
      providerOptions: { vllm: { language: 'en' } },
    });
    const deltas: string[] = [];
    for await (const part of result.fullStream) if (part.type === 'transcript-delta') deltas.push(part.delta);
    expect(deltas).toEqual([' Hello', ' world.']);
    expect(await result.text).toBe(' Hello world.');
    expect(uploads[0].fields).toEqual({
      model: 'openai/whisper-small',
      language: 'en',
      response_format: 'json',
      stream: 'true',
      stream_include_usage: 'true',
    });
    const wav = new Uint8Array(await (uploads[0].file as File).arrayBuffer());
    expect(new TextDecoder().decode(wav.subarray(0, 4))).toBe('RIFF');
    expect(new DataView(wav.buffer).getUint32(24, true)).toBe(16000);
    expect(wav.byteLength).toBe(44 + 3200);
  });
});
