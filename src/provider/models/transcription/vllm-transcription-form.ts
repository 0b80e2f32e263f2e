import {
  InvalidArgumentError,
  type SharedV4Warning,
  type TranscriptionModelV4CallOptions,
} from '@ai-sdk/provider';
import {
  TRANSCRIPTION_FORM_FIELDS,
  type VllmTranscriptionModelOptions,
} from '../../options/vllm-transcription-model-options';
import {
  acceptsAudioField,
  describeAudioFieldAvailability,
  isUniversalAudioField,
  VERBOSE_JSON_SINCE,
  type VllmAudioEndpoint,
} from '../../version/vllm-audio-fields';
import { formatVersionOrdinal } from '../../version/vllm-request-fields';
import { describeServerVersion, type VllmServerFeatures } from '../../version/vllm-server-version';

/** The text form fields of one speech-to-text request (the file is added separately). */
export interface VllmTranscriptionForm {
  fields: [name: string, value: string][];
  responseFormat: 'json' | 'verbose_json';
  warnings: SharedV4Warning[];
}

/** Whether building the form for these options needs the server's version. */
export function transcriptionFormNeedsVersion(
  options: VllmTranscriptionModelOptions,
  call: Pick<TranscriptionModelV4CallOptions, 'timestampGranularities'>,
  endpoint: VllmAudioEndpoint,
): boolean {
  if (options.responseFormat === 'verbose_json' || call.timestampGranularities?.includes('segment'))
    return true;
  return Object.entries(TRANSCRIPTION_FORM_FIELDS).some(
    ([option, field]) =>
      options[option as keyof VllmTranscriptionModelOptions] !== undefined &&
      !isUniversalAudioField(field, endpoint),
  );
}

function formValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The form fields for `options` on the server's release: each option as vLLM's form field, options
 * the release does not read left out with a warning, the response format (`verbose_json` when the
 * call asks for segment timings and the release has it), and the stream fields.
 */
export function buildVllmTranscriptionForm({
  modelId,
  options,
  call,
  endpoint,
  features,
  stream,
  key,
}: {
  modelId: string;
  options: VllmTranscriptionModelOptions;
  call: Pick<TranscriptionModelV4CallOptions, 'timestampGranularities'>;
  endpoint: VllmAudioEndpoint;
  /** The server's features; `undefined` when no version-dependent field is set. */
  features: VllmServerFeatures | undefined;
  stream: boolean;
  /** The `providerOptions` key, for messages. */
  key: string;
}): VllmTranscriptionForm {
  const warnings: SharedV4Warning[] = [];
  const fields: [string, string][] = [['model', modelId]];
  const accepts = (field: string) =>
    isUniversalAudioField(field, endpoint) ||
    (features !== undefined && acceptsAudioField(features.ordinal, field, endpoint));

  for (const [option, field] of Object.entries(TRANSCRIPTION_FORM_FIELDS)) {
    const value = options[option as keyof typeof TRANSCRIPTION_FORM_FIELDS];
    if (value === undefined) continue;
    if (!accepts(field)) {
      warnings.push({
        type: 'unsupported',
        feature: `providerOptions.${key}.${option}`,
        details: `Not sent: ${features ? describeServerVersion(features) : 'the server'} does not read ${field} on /v1/audio/${endpoint}s (${describeAudioFieldAvailability(field, endpoint)}).`,
      });
      continue;
    }
    fields.push([field, formValue(value)]);
  }

  const granularities = call.timestampGranularities ?? [];
  if (granularities.includes('word')) {
    warnings.push({
      type: 'unsupported',
      feature: 'timestampGranularities: word',
      details: 'vLLM returns segment timings (response_format verbose_json) but no word timings.',
    });
  }
  const verboseAvailable = features === undefined || features.ordinal >= VERBOSE_JSON_SINCE;
  let responseFormat: 'json' | 'verbose_json' = options.responseFormat ?? 'json';
  if (options.responseFormat === 'verbose_json' && !verboseAvailable) {
    throw new InvalidArgumentError({
      argument: `providerOptions.${key}.responseFormat`,
      message: `responseFormat 'verbose_json' needs vLLM ≥ ${formatVersionOrdinal(VERBOSE_JSON_SINCE)}; ${describeServerVersion(features as VllmServerFeatures)} returns text only. Use 'json'.`,
    });
  }
  if (options.responseFormat === undefined && granularities.includes('segment')) {
    if (verboseAvailable) responseFormat = 'verbose_json';
    else {
      warnings.push({
        type: 'unsupported',
        feature: 'timestampGranularities: segment',
        details: `${describeServerVersion(features as VllmServerFeatures)} has no segment timings (verbose_json, vLLM ≥ ${formatVersionOrdinal(VERBOSE_JSON_SINCE)}).`,
      });
    }
  }
  if (stream && responseFormat === 'verbose_json') {
    warnings.push({
      type: 'unsupported',
      feature: 'responseFormat: verbose_json',
      details:
        'vLLM streams text only (verbose_json is refused with stream); segments are not available when streaming.',
    });
    responseFormat = 'json';
  }
  if (stream && options.useBeamSearch) {
    throw new InvalidArgumentError({
      argument: `providerOptions.${key}.useBeamSearch`,
      message:
        'vLLM does not stream beam search ("Streaming is not currently supported with beam search"); use transcribe() instead.',
    });
  }
  fields.push(['response_format', responseFormat]);
  if (stream) fields.push(['stream', 'true'], ['stream_include_usage', 'true']);
  for (const [name, value] of Object.entries(options.extraFields ?? {})) fields.push([name, value]);
  return { fields, responseFormat, warnings };
}
