import { randomUUID } from 'node:crypto';
import type { VllmAudioEndpoint } from '../../provider/version/vllm-audio-fields';
import type { Route, RouteRequest } from '../emulator-server';
import { pyFloat } from '../generation/field-types';
import { type PlannedToken, runSequence, type SequenceResult } from '../generation/sequence';
import { encode } from '../generation/tokenizer';
import { EventStream } from '../http/event-stream';
import { sendError, sendJson } from '../http/respond';
import { badRequest, VllmHttpError, vllmValidationError } from '../http/vllm-error';
import { decodeAudio } from '../speech/audio-file';
import { parseSpeechRequest, type SpeechRequest } from '../speech/speech-request';
import { type ChunkTranscript, chunkBoundaries, transcribeChunks } from '../speech/transcript';
import { engineDeadError, runGeneration } from './run-generation';

/** `VLLM_MAX_AUDIO_CLIP_FILESIZE_MB` (vLLM's default). */
const MAX_FILE_MB = 25;
/** Decoder prompt tokens of a Whisper request (`<|startoftranscript|><|en|><|transcribe|><|notimestamps|>`). */
const PROMPT_TOKENS = 4;
/** Whisper's decoder length (`max_target_positions`), vLLM's default `max_tokens` per chunk. */
const MAX_TOKENS_PER_CHUNK = 448;

/** Checks vLLM makes in `_create_speech_to_text` and `_preprocess_speech_to_text`, in its order. */
function checkRequest(route: RouteRequest, request: SpeechRequest): void {
  const rules = route.ctx.profile.speechToText;
  if (request.stream && request.useBeamSearch)
    throw badRequest('Streaming is not currently supported with beam search');
  const formats = rules.verboseJson ? ['text', 'json', 'verbose_json'] : ['text', 'json'];
  if (!formats.includes(request.responseFormat)) throw badRequest(rules.formatsMessage);
  if (request.responseFormat === 'verbose_json' && !request.profile.segmentTimestamps) {
    throw badRequest(`Currently do not support verbose_json for ${request.modelName}`);
  }
  if (request.responseFormat === 'verbose_json' && request.stream) {
    throw badRequest("verbose_json format doesn't support streaming case");
  }
  if (request.language !== undefined && !request.profile.languages.includes(request.language)) {
    throw badRequest(
      `Unsupported language: '${request.language}'.  Must be one of [${request.profile.languages.map((code) => `'${code}'`).join(', ')}].`,
    );
  }
  const megabytes = request.file.data.length / 1024 ** 2;
  if (megabytes > MAX_FILE_MB) {
    throw rules.fileSizeError === 'validation'
      ? vllmValidationError(
          route.ctx.profile,
          'Maximum file size exceeded',
          'audio_filesize_mb',
          pyFloat(megabytes),
        )
      : badRequest('Maximum file size exceeded.');
  }
}

/** One engine sequence per audio chunk (vLLM decodes each 30 s chunk as its own request). */
function chunkSequences(request: SpeechRequest, chunks: ChunkTranscript[]): SequenceResult[] {
  const maxTokens = request.maxCompletionTokens ?? MAX_TOKENS_PER_CHUNK;
  return chunks.map((chunk) => {
    const planned: PlannedToken[] = encode(chunk.text).map((id) => ({ id, kind: 'content' }));
    return runSequence(planned, () => encode(' the')[0], {
      maxTokens,
      minTokens: 0,
      stop: [],
      stopTokenIds: [],
      includeStopStrInOutput: false,
      ignoreEos: false,
    });
  });
}

function sequenceText(result: SequenceResult): string {
  return result.steps.map((step) => step.text).join('');
}

async function handleSpeech(route: RouteRequest, endpoint: VllmAudioEndpoint): Promise<void> {
  const { ctx, response } = route;
  if (ctx.engine.isDead) return sendError(response, ctx.profile, engineDeadError());
  const request = parseSpeechRequest(ctx, route.request, route.rawBody ?? Buffer.alloc(0), endpoint);
  route.record.body = { ...request.fields, file: `<${request.file.data.length} bytes>` };
  route.record.ignoredFields = request.ignoredFields;
  checkRequest(route, request);
  const rules = ctx.profile.speechToText;
  const audio = decodeAudio(request.file.data);
  if (audio === undefined) {
    throw rules.invalidAudio === 'bad-request'
      ? badRequest('Invalid or unsupported audio file.')
      : new VllmHttpError(
          500,
          'Error opening <_io.BytesIO object>: Format not recognised.',
          'InternalServerError',
        );
  }
  // Whisper detects the language (0.17+) or assumes English; the emulator's "speech" is English.
  const language = request.language ?? 'en';
  const seed = request.seed ?? ctx.options.seed;
  const boundaries = chunkBoundaries(audio, request.profile.maxClipSeconds, request.profile.chunking);
  const chunks = transcribeChunks({
    audio,
    bytes: request.file.data,
    chunks: boundaries,
    seed,
    temperature: request.temperature,
    reply: ctx.options.reply,
    context: { endpoint, model: request.model.name, language: request.language, prompt: request.prompt },
  });
  const results = chunkSequences(request, chunks);
  const task = endpoint === 'transcription' ? 'transcribe' : 'translate';
  const id = `${task}-${route.record.headers['x-request-id'] ?? randomUUID().replaceAll('-', '')}`;
  if (!request.stream) {
    const outcome = await runGeneration(
      route,
      {
        promptTokens: PROMPT_TOKENS,
        n: results.length,
        maxTokens: request.maxCompletionTokens ?? MAX_TOKENS_PER_CHUNK,
        results,
      },
      () => {},
    );
    if (outcome === 'dead') return sendError(response, ctx.profile, engineDeadError());
    if (outcome === 'aborted') return;
    const text = results.map(sequenceText).join(' ');
    if (request.responseFormat === 'verbose_json') {
      const segments = chunks
        .flatMap((chunk) => chunk.segments)
        .map((segment, index) => ({ id: index, ...segment }));
      return sendJson(response, 200, {
        duration: audio.durationSeconds,
        language,
        text: segments.map((segment) => segment.text).join(' '),
        segments,
        words: null,
      });
    }
    const usage =
      endpoint === 'transcription' && rules.durationUsage
        ? { usage: { type: 'duration', seconds: Math.ceil(audio.durationSeconds) } }
        : {};
    return sendJson(response, 200, { text, ...usage });
  }
  await streamSpeech(route, request, results, id, endpoint);
}

async function streamSpeech(
  route: RouteRequest,
  request: SpeechRequest,
  results: SequenceResult[],
  id: string,
  endpoint: VllmAudioEndpoint,
): Promise<void> {
  const { ctx, response } = route;
  const stream = new EventStream(response, ctx.profile, route.streamFault);
  const created = Math.floor(Date.now() / 1000);
  const object = endpoint === 'transcription' ? 'transcription.chunk' : 'translation.chunk';
  const includeUsage = ctx.options.enableForceIncludeUsage || request.streamIncludeUsage;
  const continuous = includeUsage && request.streamContinuousUsageStats;
  let completionTokens = 0;
  const usage = () => ({
    prompt_tokens: PROMPT_TOKENS,
    total_tokens: PROMPT_TOKENS + completionTokens,
    completion_tokens: completionTokens,
  });
  for (const [chunkIndex, result] of results.entries()) {
    let first = true;
    const outcome = await runGeneration(
      route,
      {
        promptTokens: PROMPT_TOKENS,
        n: 1,
        maxTokens: request.maxCompletionTokens ?? MAX_TOKENS_PER_CHUNK,
        results: [result],
      },
      (stepIndex) => {
        const step = result.steps[stepIndex];
        completionTokens += step.ids.length;
        const last = stepIndex === result.steps.length - 1;
        let text = step.text;
        if (chunkIndex > 0 && first && text !== '') {
          text = ` ${text}`;
          first = false;
        }
        if (!last && text === '') return;
        const choice = last
          ? { delta: { content: text }, finish_reason: result.finishReason, stop_reason: result.stopReason }
          : { delta: { content: text } };
        stream.send({
          id,
          object,
          created,
          model: request.modelName,
          choices: [choice],
          ...(continuous ? { usage: usage() } : {}),
        });
      },
    );
    if (outcome === 'dead') return stream.error(engineDeadError());
    if (outcome === 'aborted') return;
  }
  if (includeUsage)
    stream.send({ id, object, created, model: request.modelName, choices: [], usage: usage() });
  stream.done();
}

/** `POST /v1/audio/transcriptions` and `/v1/audio/translations` (models with the `transcription` task). */
export function speechToTextRoutes(): Route[] {
  return [
    {
      methods: ['POST'],
      path: '/v1/audio/transcriptions',
      multipart: true,
      handle: (route) => handleSpeech(route, 'transcription'),
    },
    {
      methods: ['POST'],
      path: '/v1/audio/translations',
      multipart: true,
      handle: (route) => handleSpeech(route, 'translation'),
    },
  ];
}
