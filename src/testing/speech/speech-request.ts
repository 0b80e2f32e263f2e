import type { IncomingMessage } from 'node:http';
import { acceptsAudioField, type VllmAudioEndpoint } from '../../provider/version/vllm-audio-fields';
import { parseVllmVersion } from '../../provider/version/vllm-server-version';
import type { EmulatorContext } from '../emulator-context';
import { type MultipartFile, multipartBoundary, parseMultipart } from '../http/multipart';
import {
  type PydanticErrorItem,
  requestValidationError,
  VllmHttpError,
  validatorVllmError,
} from '../http/vllm-error';
import type { ResolvedModel } from '../model-registry';
import { modelFamily, type SpeechToTextProfile } from '../models/model-family';

/** A validated speech-to-text request. */
export interface SpeechRequest {
  endpoint: VllmAudioEndpoint;
  file: MultipartFile;
  model: ResolvedModel;
  /** The request `model` as vLLM echoes it in messages (the served name when omitted). */
  modelName: string;
  language: string | undefined;
  prompt: string;
  responseFormat: string;
  temperature: number;
  seed: number | undefined;
  maxCompletionTokens: number | undefined;
  stream: boolean;
  streamIncludeUsage: boolean;
  streamContinuousUsageStats: boolean;
  useBeamSearch: boolean;
  profile: SpeechToTextProfile;
  /** The form fields as received (text fields only), for `emulator.requests`. */
  fields: Record<string, string>;
  /** Fields the release does not read (vLLM ignores them). */
  ignoredFields: string[];
}

const RESPONSE_FORMATS = ['json', 'text', 'srt', 'verbose_json', 'vtt'];
const TRUE = new Set(['true', '1', 'yes', 'on', 't', 'y']);
const FALSE = new Set(['false', '0', 'no', 'off', 'f', 'n']);

/** The first number of a release string (`0.26.0` → its ordinal), for the field table. */
function releaseOrdinal(ctx: EmulatorContext): number {
  return parseVllmVersion(ctx.profile.version)?.ordinal ?? Number.POSITIVE_INFINITY;
}

/** Reads the form of a speech-to-text upload and checks it like vLLM's `TranscriptionRequest` / `TranslationRequest`. */
export function parseSpeechRequest(
  ctx: EmulatorContext,
  request: IncomingMessage,
  rawBody: Buffer,
  endpoint: VllmAudioEndpoint,
): SpeechRequest {
  const boundary = multipartBoundary(request.headers['content-type']);
  const problems: PydanticErrorItem[] = [];
  let form: ReturnType<typeof parseMultipart> | undefined;
  if (boundary !== undefined) {
    try {
      form = parseMultipart(rawBody, boundary);
    } catch {
      throw new VllmHttpError(400, 'There was an error parsing the body', 'Bad Request');
    }
  }
  const fields: Record<string, string> = {};
  for (const [name, values] of form?.fields ?? []) fields[name] = values[values.length - 1];
  const file = form?.files.get('file');
  if (file === undefined) {
    if (typeof fields.file === 'string') {
      throw new VllmHttpError(
        422,
        "Expected 'file' to be a file-like object, not 'str'.",
        'Unprocessable Entity',
      );
    }
    problems.push({ type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null });
  }

  const ordinal = releaseOrdinal(ctx);
  const ignoredFields = Object.keys(fields).filter(
    (name) =>
      name !== 'file' &&
      !acceptsAudioField(ordinal, name, endpoint) &&
      !(name === 'timestamp_granularities[]'),
  );
  const number = (name: string, fallback: number | undefined): number | undefined => {
    const raw = fields[name];
    if (raw === undefined || ignoredFields.includes(name)) return fallback;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) {
      problems.push({
        type: 'float_parsing',
        loc: ['body', name],
        msg: 'Input should be a valid number, unable to parse string as a number',
        input: raw,
      });
      return fallback;
    }
    return value;
  };
  const bool = (name: string): boolean => {
    const raw = fields[name];
    if (raw === undefined || ignoredFields.includes(name)) return false;
    if (TRUE.has(raw.toLowerCase())) return true;
    if (!FALSE.has(raw.toLowerCase())) {
      problems.push({
        type: 'bool_parsing',
        loc: ['body', name],
        msg: 'Input should be a valid boolean, unable to interpret input',
        input: raw,
      });
    }
    return false;
  };
  const responseFormat = fields.response_format ?? 'json';
  if (!RESPONSE_FORMATS.includes(responseFormat)) {
    problems.push({
      type: 'literal_error',
      loc: ['body', 'response_format'],
      msg: "Input should be 'json', 'text', 'srt', 'verbose_json' or 'vtt'",
      input: responseFormat,
    });
  }
  const temperature = number('temperature', 0) ?? 0;
  const seed = number('seed', undefined);
  const maxCompletionTokens = number('max_completion_tokens', undefined);
  const stream = bool('stream');
  const streamIncludeUsage = bool('stream_include_usage');
  const streamContinuousUsageStats = bool('stream_continuous_usage_stats');
  const useBeamSearch = bool('use_beam_search');
  if (problems.length > 0) throw requestValidationError(ctx.profile, problems);
  if ((streamIncludeUsage || streamContinuousUsageStats) && !stream) {
    const parameter = streamIncludeUsage ? 'stream_include_usage' : 'stream_continuous_usage_stats';
    const message = 'Stream options can only be defined when `stream=True`.';
    throw validatorVllmError(ctx.profile, fields, message, parameter);
  }
  const profile = modelFamily(ctx.options.model).speechToText;
  if (profile === undefined) throw new Error('speech-to-text route for a model without speech-to-text');
  const model = ctx.models.resolve(fields.model);
  return {
    endpoint,
    file: file as MultipartFile,
    model,
    modelName: fields.model || ctx.models.primaryName,
    language: fields.language || undefined,
    prompt: fields.prompt ?? '',
    responseFormat,
    temperature,
    seed,
    maxCompletionTokens,
    stream,
    streamIncludeUsage,
    streamContinuousUsageStats,
    useBeamSearch,
    profile,
    fields,
    ignoredFields,
  };
}
