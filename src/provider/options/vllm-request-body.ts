import {
  InvalidArgumentError,
  type LanguageModelV4CallOptions,
  type SharedV4Warning,
} from '@ai-sdk/provider';
import { isCustomReasoning, mapReasoningToProviderEffort } from '@ai-sdk/provider-utils';
import type { VllmFeatureView } from '../version/vllm-feature-view';
import { describeFieldAvailability, isKnownField } from '../version/vllm-request-fields';
import { describeServerVersion } from '../version/vllm-server-version';
import type { ParsedVllmChatOptions } from './vllm-chat-language-model-options';
import type { ParsedVllmCompletionOptions } from './vllm-completion-language-model-options';
import { resolveStructuredOutputs, structuredOutputsBodyFields } from './vllm-structured-outputs';

// Pure: typed options + SDK call settings + what the server version accepts → the vLLM body
// fields (snake_case) and headers for one call. Anything the server's version would silently
// ignore is left out with a warning that names the option and the release that has it.

/** Parsed options of either model (chat-only options are absent for completions). */
export type AnyVllmOptions = Partial<ParsedVllmChatOptions> &
  Omit<Partial<ParsedVllmCompletionOptions>, 'logprobs'>;

export interface VllmRequestParts {
  /** Body fields, passed to openai-compatible as raw `providerOptions` (placed after its own). */
  fields: Record<string, unknown>;
  /** Extra request headers (`X-Request-Id`, `X-Session-ID`). */
  headers: Record<string, string> | undefined;
  /** openai-compatible's own options (`user`, `strictJsonSchema`), which it reads by name. */
  compatible: Record<string, string | boolean>;
}

export function buildVllmRequestParts({
  options,
  raw,
  call,
  view,
  fieldNames,
  key,
  warnings,
}: {
  options: AnyVllmOptions;
  raw: readonly [string, unknown][];
  call: LanguageModelV4CallOptions;
  view: VllmFeatureView;
  fieldNames: Readonly<Record<string, string>>;
  key: string;
  warnings: SharedV4Warning[];
}): VllmRequestParts {
  const endpoint = view.endpoint;
  const fields: Record<string, unknown> = {};
  const optionRecord = options as Record<string, unknown>;
  const send = (option: string, field: string, value: unknown) => {
    if (value === undefined) return;
    if (view.accepts(field)) fields[field] = value;
    else warnings.push(notAccepted(`providerOptions.${key}.${option}`, field, view));
  };

  if (options.topK === undefined && call.topK != null) fields.top_k = call.topK;
  for (const option in optionRecord) {
    const field = fieldNames[option];
    if (field !== undefined) send(option, field, optionRecord[option]);
  }

  if (options.repetitionDetection !== undefined) {
    const { maxPatternSize, minPatternSize, minCount } = options.repetitionDetection;
    send('repetitionDetection', 'repetition_detection', {
      max_pattern_size: maxPatternSize,
      ...(minPatternSize !== undefined ? { min_pattern_size: minPatternSize } : {}),
      min_count: minCount,
    });
  }

  if (options.beamWidth !== undefined) {
    fields.n = options.beamWidth;
    fields.use_beam_search ??= true;
  } else if (options.n !== undefined) {
    fields.n = options.n;
  }
  if (options.bestOf !== undefined) send('bestOf', 'best_of', options.bestOf);

  const constraint = resolveStructuredOutputs(options, key);
  if (constraint !== undefined) {
    Object.assign(
      fields,
      structuredOutputsBodyFields(constraint, { features: view.get(), endpoint, key, warnings }),
    );
  } else if (options.guidedWhitespacePattern !== undefined) {
    warnings.push({
      type: 'other',
      message: `providerOptions.${key}.guidedWhitespacePattern has no effect without a JSON constraint; not sent.`,
    });
  }
  if (options.guidedDecodingBackend !== undefined) {
    warnings.push({
      type: 'unsupported',
      feature: `providerOptions.${key}.guidedDecodingBackend`,
      details:
        'The structured-output backend is a server setting: start vLLM with --structured-outputs-config.backend ' +
        `${options.guidedDecodingBackend} (--guided-decoding-backend before 0.11). Not sent.`,
    });
  }

  if (endpoint === 'chat') addChatFields({ options, call, view, key, fields, warnings });
  if (endpoint === 'completion' && call.responseFormat?.type === 'json') {
    const { schema, name, description } = call.responseFormat;
    fields.response_format =
      schema !== undefined
        ? { type: 'json_schema', json_schema: { name: name ?? 'response', description, schema } }
        : { type: 'json_object' };
  }

  if (options.loraAdapter !== undefined) fields.model = options.loraAdapter;

  let headers: Record<string, string> | undefined;
  if (options.requestId !== undefined) {
    headers = { 'X-Request-Id': options.requestId };
    if (view.accepts('request_id')) fields.request_id = options.requestId;
  }
  if (options.sessionKey !== undefined) headers = { ...headers, 'X-Session-ID': options.sessionKey };

  for (const [field, value] of raw) {
    if (!isKnownField(field, endpoint)) {
      fields[field] = value;
      warnings.push({
        type: 'other',
        message:
          `providerOptions.${key}.${field} is not a vLLM request field; vLLM ignores unknown fields without an error. ` +
          `Sent as is. Check the spelling, or put it in providerOptions.${key}.extraBody to send it without this warning.`,
      });
    } else if (view.accepts(field)) {
      fields[field] = value;
    } else {
      warnings.push(notAccepted(`providerOptions.${key}.${field}`, field, view));
    }
  }

  if (options.extraBody !== undefined) Object.assign(fields, options.extraBody);

  const compatible: Record<string, string | boolean> = {};
  if (options.user !== undefined) compatible.user = options.user;
  if (options.strictJsonSchema !== undefined) compatible.strictJsonSchema = options.strictJsonSchema;
  return { fields, headers, compatible };
}

function addChatFields({
  options,
  call,
  view,
  key,
  fields,
  warnings,
}: {
  options: AnyVllmOptions;
  call: LanguageModelV4CallOptions;
  view: VllmFeatureView;
  key: string;
  fields: Record<string, unknown>;
  warnings: SharedV4Warning[];
}): void {
  if (typeof options.logprobs === 'number') {
    fields.logprobs = true;
    fields.top_logprobs ??= options.logprobs;
  } else if (options.logprobs !== undefined) {
    fields.logprobs = options.logprobs;
  }

  if (options.continueFinalMessage === true && options.addGenerationPrompt === undefined) {
    fields.add_generation_prompt = false;
  }

  const thinking = options.thinking ?? (call.reasoning === 'none' ? false : undefined);
  if (thinking !== undefined || options.chatTemplateKwargs !== undefined) {
    const kwargs = {
      ...(thinking !== undefined ? { enable_thinking: thinking, thinking } : {}),
      ...options.chatTemplateKwargs,
    };
    if (Object.keys(kwargs).length > 0) fields.chat_template_kwargs = kwargs;
  }

  if (options.reasoningEffort !== undefined) {
    const features = view.get();
    if (!features.reasoningEfforts.includes(options.reasoningEffort)) {
      throw new InvalidArgumentError({
        argument: `providerOptions.${key}.reasoningEffort`,
        message:
          `Invalid providerOptions.${key}.reasoningEffort: "${options.reasoningEffort}" is not accepted by ${describeServerVersion(features)} ` +
          `(it accepts ${features.reasoningEfforts.length > 0 ? features.reasoningEfforts.join(', ') : 'no reasoning_effort; that needs vLLM ≥ 0.10.1'}). ` +
          "Use the SDK's reasoning setting to get the nearest accepted value.",
      });
    }
    fields.reasoning_effort = options.reasoningEffort;
  } else if (isCustomReasoning(call.reasoning)) {
    const efforts = view.get().reasoningEfforts;
    if (call.reasoning === 'none') {
      if (efforts.includes('none')) fields.reasoning_effort = 'none';
    } else if (efforts.length === 0) {
      warnings.push({
        type: 'unsupported',
        feature: 'reasoning',
        details: `${describeServerVersion(view.get())} has no reasoning_effort (it needs vLLM ≥ 0.10.1); not sent.`,
      });
    } else {
      const effortMap = Object.fromEntries(
        efforts.filter((effort) => effort !== 'none').map((effort) => [effort, effort]),
      );
      const effort = mapReasoningToProviderEffort({ reasoning: call.reasoning, effortMap, warnings });
      if (effort !== undefined) fields.reasoning_effort = effort;
    }
  }
}

function notAccepted(option: string, field: string, view: VllmFeatureView): SharedV4Warning {
  return {
    type: 'unsupported',
    feature: option,
    details:
      `${describeServerVersion(view.get())} does not accept "${field}" (${describeFieldAvailability(field, view.endpoint)} does) ` +
      'and would ignore it silently; not sent.',
  };
}
