import { APICallError } from '@ai-sdk/provider';
import { z } from 'zod/v4';
import { describeToolCallParser } from '../vllm-model-presets';

const errorFields = {
  message: z.string(),
  type: z.string().nullish(),
  param: z.unknown().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
};

/** vLLM ≥ 0.10.1: `{"error": {"message", "type", "param", "code"}}`. */
const nestedErrorSchema = z.object({ error: z.object(errorFields) });

/** vLLM ≤ 0.10.0: `{"object": "error", "message", "type", "param", "code"}`. */
const flatErrorSchema = z
  .object({ object: z.literal('error'), ...errorFields })
  .transform(({ message, type, param, code }) => ({ error: { message, type, param, code } }));

/** `--api-key` middleware: `401 {"error": "Unauthorized"}`. */
const unauthorizedErrorSchema = z.object({ error: z.string() }).transform(({ error }) => ({
  error: {
    message:
      error === 'Unauthorized'
        ? 'Unauthorized: the vLLM server requires an API key (it was started with --api-key). ' +
          'Pass apiKey to createVllm() or set the VLLM_API_KEY environment variable.'
        : error,
    type: 'Unauthorized',
    param: undefined,
    code: undefined,
  },
}));

/** FastAPI's default body for routes the server does not have: `{"detail": "Not Found"}`. */
const detailErrorSchema = z.object({ detail: z.unknown() }).transform(({ detail }) => ({
  error: {
    message: typeof detail === 'string' ? detail : JSON.stringify(detail),
    type: undefined,
    param: undefined,
    code: undefined,
  },
}));

/** Every error body vLLM sends, normalized to the nested `{ error: { … } }` form. */
export const vllmErrorDataSchema = z.union([
  nestedErrorSchema,
  flatErrorSchema,
  unauthorizedErrorSchema,
  detailErrorSchema,
]);

/** A vLLM error body, normalized to `{ error: { message, type, param, code } }`. */
export type VllmErrorData = z.output<typeof vllmErrorDataSchema>;

const TOOLS_NOT_ENABLED =
  /"auto" tool choice requires|requires --tool-call-parser|only named tools are supported/i;
const CONTEXT_EXCEEDED = /maximum context length is|longer than the maximum model length/i;
const CONSTRAINT_INVALID =
  /Failed to transform (regex|choices|json schema)|Invalid JSON grammar|not supported by xgrammar|Invalid grammar specification|Invalid structural tag|Invalid regex/i;
const MODEL_NOT_FOUND = /^The model `.*` does not exist/;
const NOT_MULTIMODAL = /is not a multimodal model|The model is not multimodal/;
const MEDIA_LIMIT = /At most (\d+) (image|audio|video)\(s\) may be provided in one (?:prompt|request)/;
const MEDIA_DOMAIN = /The URL must be from one of the allowed domains/;
const MEDIA_FETCH = /Failed to fetch media from URL/;
const LOCAL_MEDIA = /without `--allowed-local-media-path`|must be a subpath of `--allowed-local-media-path/;
const AUDIO_TOO_LARGE = /Maximum file size exceeded/;
const NO_VERBOSE_JSON = /Currently do not support verbose_json for/;
const OLD_RESPONSE_FORMATS = /Currently only support response_format/;
const NOT_SPEECH_MODEL = /does not support (Transcriptions|Translations) API/;
const BAD_AUDIO = /Invalid or unsupported audio file/;

/**
 * vLLM's message plus what to do about the well-known failures: tools on a server started without
 * `--enable-auto-tool-choice --tool-call-parser`, context length exceeded (vLLM's numbers kept),
 * an invalid regex / JSON schema / grammar, an unknown model name. Other messages are unchanged.
 */
export function explainVllmErrorMessage(message: string): string {
  if (TOOLS_NOT_ENABLED.test(message)) {
    return (
      `${message} — the vLLM server cannot parse tool calls: start it with --enable-auto-tool-choice ` +
      `${describeToolCallParser()} (see https://docs.vllm.ai/en/latest/features/tool_calling.html), or call without tools.`
    );
  }
  if (CONTEXT_EXCEEDED.test(message)) {
    return (
      `${message} (Lower maxOutputTokens, shorten the prompt, or let vLLM cut it with ` +
      "providerOptions.vllm.truncatePromptTokens; the limit is the server's --max-model-len.)"
    );
  }
  if (CONSTRAINT_INVALID.test(message)) {
    return (
      `${message} (vLLM's structured-output backend rejected the constraint: the Output.object schema or ` +
      "providerOptions.vllm.structuredOutputs / guided*. The backend is the server's --structured-outputs-config.backend.)"
    );
  }
  const mediaHint = explainMediaError(message);
  if (mediaHint !== undefined) return mediaHint;
  if (MODEL_NOT_FOUND.test(message)) return describeModelNotFound(message, undefined, undefined);
  return message;
}

/** vLLM's refusals of chat media (model, per-prompt limit, media URLs), with what to do. */
function explainMediaError(message: string): string | undefined {
  if (NOT_MULTIMODAL.test(message)) {
    return (
      `${message} — the served model takes text only: serve a vision or audio model ` +
      '(e.g. Qwen/Qwen2.5-VL-3B-Instruct) for image/video/audio parts, or send text only.'
    );
  }
  const limit = MEDIA_LIMIT.exec(message);
  if (limit !== null) {
    return (
      `${message} — the server allows ${limit[1]} ${limit[2]} item(s) per prompt (counting the whole conversation): ` +
      `send fewer, or restart vLLM with --limit-mm-per-prompt '{"${limit[2]}": N}' if the model supports more.`
    );
  }
  if (MEDIA_DOMAIN.test(message)) {
    return `${message} — the server was started with --allowed-media-domains: use a URL on one of those hosts, or send the bytes instead of a URL.`;
  }
  if (MEDIA_FETCH.test(message)) {
    return `${message} — vLLM downloads media URLs itself: the URL must be reachable from the server. Send the bytes instead if it is not.`;
  }
  if (LOCAL_MEDIA.test(message)) {
    return `${message} — file:// URLs are read from the server's disk, only below its --allowed-local-media-path; send the bytes instead.`;
  }
  return explainAudioError(message);
}

/** vLLM's refusals on the speech-to-text endpoints, with what to do. */
function explainAudioError(message: string): string | undefined {
  if (AUDIO_TOO_LARGE.test(message)) {
    return `${message} — vLLM takes audio files up to VLLM_MAX_AUDIO_CLIP_FILESIZE_MB (default 25 MB): compress (mp3, ogg) or split the audio, or raise that variable on the server.`;
  }
  if (NO_VERBOSE_JSON.test(message)) {
    return `${message} — only Whisper-family models return segments: use providerOptions.vllm.responseFormat 'json' and no timestampGranularities.`;
  }
  if (OLD_RESPONSE_FORMATS.test(message)) {
    return `${message} — this vLLM release returns text only: use responseFormat 'json' (verbose_json needs vLLM ≥ 0.12).`;
  }
  if (NOT_SPEECH_MODEL.test(message)) {
    return `${message} — the served model is not a speech-to-text model: serve one such as openai/whisper-large-v3-turbo.`;
  }
  if (BAD_AUDIO.test(message)) {
    return `${message} — vLLM decodes WAV, MP3, FLAC, OGG, WebM/MP4 audio: check the file and its media type.`;
  }
  return undefined;
}

/** Whether an error message is vLLM's unknown-model 404. */
export function isModelNotFoundMessage(message: string): boolean {
  return MODEL_NOT_FOUND.test(message);
}

/**
 * The unknown-model message of every model kind and the server client: vLLM's sentence ("The model
 * `x` does not exist."), the server's base URL and the names it serves (from `GET /v1/models`), and
 * what to use instead. Without the names (the lookup failed) it says where to find them.
 */
export function describeModelNotFound(
  vllmMessage: string,
  baseURL: string | undefined,
  servedNames: readonly string[] | undefined,
): string {
  const sentence = /^The model `.*?` does not exist\./.exec(vllmMessage)?.[0] ?? vllmMessage;
  if (servedNames === undefined || baseURL === undefined) {
    return `${sentence} Use a name the server serves (GET /v1/models: its --served-model-name or a loaded LoRA adapter).`;
  }
  return (
    `${sentence} The server at ${baseURL} serves: ${servedNames.length > 0 ? servedNames.join(', ') : 'no models'}. ` +
    'Use one of these names (the --served-model-name, or a loaded LoRA adapter via providerOptions.vllm.loraAdapter).'
  );
}

/**
 * vLLM sends an empty `message` when an exception without text reaches its error handler (seen as
 * `{"error":{"message":"","type":"InternalServerError","param":null,"code":500}}` on gpt-oss):
 * say what came back and where the cause is instead.
 */
function describeEmptyMessage(data: VllmErrorData): string {
  const { type, code } = data.error;
  const what = [code, type].filter((part) => part != null && part !== '').join(' ') || 'an error';
  return `vLLM answered ${what} with an empty error message; the cause is in the vLLM server log (the traceback logged for this request).`;
}

/** vLLM's message with its hint, or — when vLLM sent none — what came back and where the cause is. */
export function explainVllmError(error: VllmErrorData['error']): string {
  return error.message.trim() === ''
    ? describeEmptyMessage({ error })
    : explainVllmErrorMessage(error.message);
}

/** Parses both vLLM error envelopes (and the 401 / FastAPI bodies) so the message users see is vLLM's. */
export const vllmErrorStructure: {
  errorSchema: typeof vllmErrorDataSchema;
  errorToMessage: (data: VllmErrorData) => string;
} = {
  errorSchema: vllmErrorDataSchema,
  errorToMessage: (data) => explainVllmError(data.error),
};

/**
 * The same `APICallError` (url, request, status, headers, body, data, retryability) with a more
 * helpful message; the original stays as `cause`.
 */
export function withErrorMessage(
  error: APICallError,
  message: string,
  overrides: { isRetryable?: boolean } = {},
): APICallError {
  return new APICallError({
    message,
    url: error.url,
    requestBodyValues: error.requestBodyValues,
    statusCode: error.statusCode,
    responseHeaders: error.responseHeaders,
    responseBody: error.responseBody,
    cause: error,
    isRetryable: overrides.isRetryable ?? error.isRetryable,
    data: error.data,
  });
}
