import {
  type APICallError,
  InvalidArgumentError,
  type JSONObject,
  type SharedV4Warning,
  type TranscriptionModelV4,
  type TranscriptionModelV4CallOptions,
  type TranscriptionModelV4Result,
  type Experimental_TranscriptionModelV4StreamOptions as TranscriptionStreamOptions,
  type Experimental_TranscriptionModelV4StreamPart as TranscriptionStreamPart,
  type Experimental_TranscriptionModelV4StreamResult as TranscriptionStreamResult,
} from '@ai-sdk/provider';
import {
  combineHeaders,
  convertBase64ToUint8Array,
  createEventSourceResponseHandler,
  createJsonErrorResponseHandler,
  createJsonResponseHandler,
  mediaTypeToExtension,
  type ParseResult,
  postFormDataToApi,
} from '@ai-sdk/provider-utils';
import { vllmErrorStructure } from '../../connection/vllm-error';
import type { VllmConnection } from '../../connection/vllm-settings';
import { parseVllmProviderOptions } from '../../options/vllm-provider-options';
import {
  type VllmTranscriptionModelOptions,
  vllmTranscriptionModelOptionsSchema,
} from '../../options/vllm-transcription-model-options';
import type { VllmAudioEndpoint } from '../../version/vllm-audio-fields';
import type { VllmServerVersionResolver } from '../../version/vllm-server-version-resolver';
import { explainVllmCallError } from '../vllm-model-not-found';
import { pcmToWav } from './pcm-to-wav';
import { buildVllmTranscriptionForm, transcriptionFormNeedsVersion } from './vllm-transcription-form';
import {
  type VllmTranscriptionChunk,
  type VllmTranscriptionResponse,
  vllmTranscriptionChunkSchema,
  vllmTranscriptionResponseSchema,
} from './vllm-transcription-response';

/** Id of a speech-to-text model served by vLLM (Whisper, Voxtral, Gemma 3n, Qwen3-ASR …). */
export type VllmTranscriptionModelId =
  | 'openai/whisper-large-v3-turbo'
  | 'openai/whisper-large-v3'
  | 'openai/whisper-small'
  | 'mistralai/Voxtral-Mini-3B-2507'
  | 'google/gemma-3n-E2B-it'
  | 'Qwen/Qwen3-ASR-1.7B'
  | (string & {});

/** Configuration the provider hands to each transcription model. */
export interface VllmTranscriptionConfig {
  /** `<name>.transcription` or `<name>.translation`; `<name>` is the `providerOptions` key. */
  provider: string;
  connection: Pick<VllmConnection, 'baseURL' | 'headers' | 'fetch'>;
  /** The provider's shared server-version resolver. */
  version: VllmServerVersionResolver;
  /** `transcription` (`/v1/audio/transcriptions`) or `translation` (`/v1/audio/translations`, to English). */
  endpoint: VllmAudioEndpoint;
}

const failedResponseHandler = createJsonErrorResponseHandler(vllmErrorStructure);

/**
 * A vLLM speech-to-text model: `/v1/audio/transcriptions` (or `/v1/audio/translations`) with a
 * multipart form (edge-safe: `FormData` + `Blob`). Works with `transcribe()` from `ai`; the
 * experimental `streamTranscribe()` streams the transcript as vLLM decodes it.
 */
export class VllmTranscriptionModel implements TranscriptionModelV4 {
  readonly specificationVersion = 'v4';
  readonly modelId: VllmTranscriptionModelId;
  private readonly config: VllmTranscriptionConfig;

  constructor(modelId: VllmTranscriptionModelId, config: VllmTranscriptionConfig) {
    this.modelId = modelId;
    this.config = config;
  }

  get provider(): string {
    return this.config.provider;
  }

  private get key(): string {
    return this.config.provider.split('.')[0];
  }

  private get url(): string {
    return `${this.config.connection.baseURL()}/audio/${this.config.endpoint}s`;
  }

  /** Options, the server's features when an option needs them, the form fields and warnings. */
  private async prepare(
    call: Pick<TranscriptionModelV4CallOptions, 'providerOptions' | 'timestampGranularities' | 'abortSignal'>,
    stream: boolean,
  ) {
    const options: VllmTranscriptionModelOptions =
      parseVllmProviderOptions({
        key: this.key,
        providerOptions: call.providerOptions,
        schema: vllmTranscriptionModelOptionsSchema,
      }) ?? {};
    const warnings: SharedV4Warning[] = [];
    let features: Awaited<ReturnType<VllmServerVersionResolver['resolve']>>['features'] | undefined;
    if (transcriptionFormNeedsVersion(options, call, this.config.endpoint)) {
      const resolved = this.config.version.known() ?? (await this.config.version.resolve(call.abortSignal));
      features = resolved.features;
      if (resolved.warning !== undefined) warnings.push(resolved.warning);
    }
    const form = buildVllmTranscriptionForm({
      modelId: this.modelId,
      options,
      call,
      endpoint: this.config.endpoint,
      features,
      stream,
      key: this.key,
    });
    return { options, form: { ...form, warnings: [...warnings, ...form.warnings] } };
  }

  private formData(fields: [string, string][], audio: Uint8Array, mediaType: string): FormData {
    const formData = new FormData();
    const extension = mediaTypeToExtension(mediaType) || 'bin';
    formData.append(
      'file',
      new Blob([audio as Uint8Array<ArrayBuffer>], { type: mediaType }),
      `audio.${extension}`,
    );
    for (const [name, value] of fields) formData.append(name, value);
    return formData;
  }

  /**
   * A route 404 on the right base URL: the server registered no speech-to-text route for its model.
   * A wrong base URL and an unknown model name get the messages every model kind gives.
   */
  private async explain(error: unknown): Promise<never> {
    throw await explainVllmCallError(error, this.config.connection, {
      missingEndpoint: (route) =>
        `vLLM at ${(error as APICallError).url} has no ${this.config.endpoint} endpoint (HTTP 404): the served model is not a speech-to-text model` +
        `${route.servedModels ? ` (it serves ${route.servedModels.join(', ')})` : ''}. ` +
        'Serve one such as openai/whisper-large-v3-turbo (vllm serve openai/whisper-large-v3-turbo).',
    });
  }

  async doGenerate(call: TranscriptionModelV4CallOptions): Promise<TranscriptionModelV4Result> {
    const timestamp = new Date();
    const { options, form } = await this.prepare(call, false);
    const audio = typeof call.audio === 'string' ? convertBase64ToUint8Array(call.audio) : call.audio;
    const {
      value: response,
      responseHeaders,
      rawValue,
    } = await postFormDataToApi({
      url: this.url,
      headers: combineHeaders(this.config.connection.headers(), call.headers),
      formData: this.formData(form.fields, audio, call.mediaType),
      failedResponseHandler,
      successfulResponseHandler: createJsonResponseHandler(vllmTranscriptionResponseSchema),
      abortSignal: call.abortSignal,
      fetch: this.config.connection.fetch,
    }).catch((error: unknown) => this.explain(error));
    return {
      ...toTranscriptionResult(response, options),
      warnings: form.warnings,
      ...(response.usage != null ? { usage: response.usage as JSONObject } : {}),
      request: { body: JSON.stringify(Object.fromEntries(form.fields)) },
      response: { timestamp, modelId: this.modelId, headers: responseHeaders, body: rawValue },
    };
  }

  /**
   * Streams the transcript (experimental in the AI SDK, `experimental_streamTranscribe`). vLLM's HTTP
   * endpoint takes a whole file, so the audio stream is collected first (raw `audio/pcm` is wrapped
   * as WAV), then posted with `stream: true`; the text arrives as `transcript-delta` parts while vLLM
   * decodes. Live microphone audio needs vLLM's `/v1/realtime` WebSocket, which this does not use.
   */
  async doStream(call: TranscriptionStreamOptions): Promise<TranscriptionStreamResult> {
    const { options, form } = await this.prepare({ ...call, timestampGranularities: undefined }, true);
    const { audio, mediaType } = await collectAudio(call.audio, call.inputAudioFormat);
    const { value: chunks, responseHeaders } = await postFormDataToApi({
      url: this.url,
      headers: combineHeaders(this.config.connection.headers(), call.headers),
      formData: this.formData(form.fields, audio, mediaType),
      failedResponseHandler,
      successfulResponseHandler: createEventSourceResponseHandler(vllmTranscriptionChunkSchema),
      abortSignal: call.abortSignal,
      fetch: this.config.connection.fetch,
    }).catch((error: unknown) => this.explain(error));
    const modelId = this.modelId;
    let text = '';
    let usage: JSONObject | undefined;
    let id: string | undefined;
    const stream = chunks.pipeThrough(
      new TransformStream<ParseResult<VllmTranscriptionChunk>, TranscriptionStreamPart>({
        start(controller) {
          controller.enqueue({ type: 'stream-start', warnings: form.warnings });
          controller.enqueue({
            type: 'response-metadata',
            timestamp: new Date(),
            modelId,
            headers: responseHeaders,
          });
        },
        transform(chunk, controller) {
          if (call.includeRawChunks) controller.enqueue({ type: 'raw', rawValue: chunk.rawValue });
          if (!chunk.success) {
            controller.enqueue({ type: 'error', error: chunk.error });
            return;
          }
          const value = chunk.value;
          if ('error' in value) {
            controller.enqueue({ type: 'error', error: new Error(value.error.message) });
            return;
          }
          id ??= value.id ?? undefined;
          if (value.usage != null) usage = value.usage as JSONObject;
          for (const choice of value.choices) {
            const delta = choice.delta.content ?? '';
            if (delta === '') continue;
            text += delta;
            controller.enqueue({ type: 'transcript-delta', id, delta });
          }
        },
        flush(controller) {
          controller.enqueue({
            type: 'finish',
            text,
            segments: [],
            language: options.language,
            ...(usage !== undefined ? { usage } : {}),
          });
        },
      }),
    );
    return {
      stream,
      request: { body: Object.fromEntries(form.fields) },
      response: { headers: responseHeaders },
    };
  }
}

/** The AI SDK result from vLLM's `json` or `verbose_json` body. */
function toTranscriptionResult(
  response: VllmTranscriptionResponse,
  options: VllmTranscriptionModelOptions,
): Pick<TranscriptionModelV4Result, 'text' | 'segments' | 'language' | 'durationInSeconds' | 'words'> {
  return {
    text: response.text,
    segments: (response.segments ?? []).map((segment) => ({
      text: segment.text,
      startSecond: segment.start,
      endSecond: segment.end,
    })),
    ...(response.words != null && response.words.length > 0
      ? {
          words: response.words.map((word) => ({
            text: word.word,
            startSecond: word.start,
            endSecond: word.end,
          })),
        }
      : {}),
    language: response.language ?? options.language,
    // verbose_json: the exact duration; json: `usage.seconds`, rounded up by vLLM.
    durationInSeconds: response.duration ?? response.usage?.seconds ?? undefined,
  };
}

/** Reads the whole audio stream; raw PCM becomes a WAV file. */
async function collectAudio(
  audio: ReadableStream<Uint8Array | string>,
  format: TranscriptionStreamOptions['inputAudioFormat'],
): Promise<{ audio: Uint8Array; mediaType: string }> {
  const parts: Uint8Array[] = [];
  let length = 0;
  const reader = audio.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const bytes = typeof value === 'string' ? convertBase64ToUint8Array(value) : value;
    parts.push(bytes);
    length += bytes.byteLength;
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  const type = format.type.toLowerCase();
  if (type === 'audio/pcm' || type === 'audio/l16') {
    if (format.rate === undefined) {
      throw new InvalidArgumentError({
        argument: 'inputAudioFormat',
        message: 'audio/pcm input needs inputAudioFormat.rate (e.g. { type: "audio/pcm", rate: 16000 }).',
      });
    }
    return { audio: pcmToWav(bytes, format.rate), mediaType: 'audio/wav' };
  }
  return { audio: bytes, mediaType: type };
}
