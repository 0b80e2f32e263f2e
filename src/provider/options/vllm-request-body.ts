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

// Pure: SDK call settings + typed options + what the server version accepts → the vLLM body
// fields (snake_case) and headers for one call: everything but the model, the prompt (messages)
// and the tools. Anything the server's version would silently ignore is left out with a warning
// that names the option and the release that has it.

/** Parsed options of either model (chat-only options are absent for completions). */
export type AnyVllmOptions = Partial<ParsedVllmChatOptions> &
  Omit<Partial<ParsedVllmCompletionOptions>, 'logprobs'>;

export interface VllmRequestParts {
  /** Body fields: the SDK's settings, then `providerOptions` (which win where both set a field). */
  fields: Record<string, unknown>;
  /** Extra request headers (`X-Request-Id`, `X-Session-ID`). */
  headers: Record<string, string> | undefined;
  /** Chat: the field prior reasoning is written back in (`reasoning` from vLLM 0.12). */
  reasoningField: 'reasoning' | 'reasoning_content';
  /** Chat: whether tools keep their `strict` (vLLM ≥ 0.24 knows it; older servers get a warning). */
  keepToolStrict: boolean;
}

/** The SDK's standard call settings as vLLM body fields (unset ones are left out). */
function standardFields(call: LanguageModelV4CallOptions): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (call.maxOutputTokens !== undefined) fields.max_tokens = call.maxOutputTokens;
  if (call.temperature !== undefined) fields.temperature = call.temperature;
  if (call.topP !== undefined) fields.top_p = call.topP;
  if (call.topK != null) fields.top_k = call.topK;
  if (call.frequencyPenalty !== undefined) fields.frequency_penalty = call.frequencyPenalty;
  if (call.presencePenalty !== undefined) fields.presence_penalty = call.presencePenalty;
  if (call.stopSequences !== undefined) fields.stop = call.stopSequences;
  if (call.seed !== undefined) fields.seed = call.seed;
  return fields;
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
  const fields = standardFields(call);
  const optionRecord = options as Record<string, unknown>;
  const send = (option: string, field: string, value: unknown) => {
    if (value === undefined) return;
    if (view.accepts(field)) fields[field] = value;
    else warnings.push(notAccepted(`providerOptions.${key}.${option}`, field, view));
  };

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

  if (call.responseFormat?.type === 'json') {
    const { schema, name, description } = call.responseFormat;
    // Chat schemas are strict unless strictJsonSchema is false (the completions endpoint has no strict).
    const strict = endpoint === 'chat' ? { strict: options.strictJsonSchema ?? true } : {};
    fields.response_format =
      schema !== undefined
        ? { type: 'json_schema', json_schema: { schema, ...strict, name: name ?? 'response', description } }
        : { type: 'json_object' };
  }
  if (endpoint === 'chat') addChatFields({ options, call, view, key, fields, warnings });
  if (options.user !== undefined) fields.user = options.user;
  const chat = endpoint === 'chat' ? chatPromptFields(call, view, warnings) : undefined;

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
  return {
    fields,
    headers,
    reasoningField: chat?.reasoningField ?? 'reasoning',
    keepToolStrict: chat?.keepToolStrict ?? true,
  };
}

/**
 * What the server's version decides about the chat prompt and tools, asked only when the call has
 * them (so a plain call never waits for the version): prior reasoning's field, tools' `strict`.
 */
function chatPromptFields(
  call: LanguageModelV4CallOptions,
  view: VllmFeatureView,
  warnings: SharedV4Warning[],
): Pick<VllmRequestParts, 'reasoningField' | 'keepToolStrict'> {
  const hasReasoning = call.prompt.some(
    (message) => message.role === 'assistant' && message.content.some((part) => part.type === 'reasoning'),
  );
  const hasStrictTools = call.tools?.some((tool) => tool.type === 'function' && tool.strict != null);
  const keepToolStrict = !hasStrictTools || view.get().toolStrict;
  if (!keepToolStrict) {
    warnings.push({
      type: 'compatibility',
      feature: 'tool strict',
      details: `${describeServerVersion(view.get())} does not know tools' "strict" (vLLM ≥ 0.24 enforces it); not sent, tool arguments are not constrained.`,
    });
  }
  return { reasoningField: hasReasoning ? view.get().reasoningInputField : 'reasoning', keepToolStrict };
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
      const effortMap = nearestEfforts(efforts.filter((effort) => effort !== 'none'));
      const effort = mapReasoningToProviderEffort({ reasoning: call.reasoning, effortMap, warnings });
      if (effort !== undefined) fields.reasoning_effort = effort;
    }
  }
}

const REASONING_LEVELS = ['minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const;

/**
 * Every SDK reasoning level mapped to the nearest effort the server accepts (the lower one on a
 * tie). Complete, so provider-utils' mapping (which older releases do not extrapolate) only warns
 * where the value changes.
 */
function nearestEfforts(accepted: readonly string[]): Record<(typeof REASONING_LEVELS)[number], string> {
  const rank = (effort: string) => REASONING_LEVELS.indexOf(effort as (typeof REASONING_LEVELS)[number]);
  return Object.fromEntries(
    REASONING_LEVELS.map((level, index) => {
      let nearest = accepted[0];
      for (const effort of accepted) {
        if (Math.abs(rank(effort) - index) < Math.abs(rank(nearest) - index)) nearest = effort;
      }
      return [level, nearest];
    }),
  ) as Record<(typeof REASONING_LEVELS)[number], string>;
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
