import {
  InvalidArgumentError,
  type LanguageModelV4CallOptions,
  type LanguageModelV4Prompt,
  type SharedV4ProviderOptions,
  type SharedV4Warning,
} from '@ai-sdk/provider';
import { parseVllmProviderOptions } from '../../options/vllm-provider-options';
import {
  RESPONSES_BODY_FIELDS,
  RESPONSES_OPENAI_OPTIONS,
  type VllmResponsesModelOptions,
  vllmResponsesModelOptionsSchema,
} from '../../options/vllm-responses-model-options';
import { formatVersionOrdinal } from '../../version/vllm-request-fields';
import {
  acceptsResponsesField,
  describeResponsesFieldAvailability,
  isHarmonyModel,
  isUniversalResponsesField,
  RESPONSES_FUNCTION_TOOLS_SINCE,
  RESPONSES_JSON_OBJECT_SINCE,
  RESPONSES_STREAMING_SINCE,
} from '../../version/vllm-responses-support';
import { describeServerVersion, type VllmServerFeatures } from '../../version/vllm-server-version';
import type { VllmServerVersionResolver } from '../../version/vllm-server-version-resolver';

/** The providerOptions / providerMetadata key `@ai-sdk/openai`'s Responses model reads and writes. */
export const OPENAI_KEY = 'openai';

/** One Responses call, split between `@ai-sdk/openai`'s model and the vLLM-only body fields. */
export interface PreparedResponsesCall {
  /** The call for `@ai-sdk/openai`'s Responses model (vLLM-only settings removed, options under `openai`). */
  innerCall: LanguageModelV4CallOptions;
  /** Body fields the fetch adapter adds (vLLM sampling extras, `reasoning`, …), already checked for the release. */
  extraBody: Record<string, unknown>;
  warnings: SharedV4Warning[];
}

const REASONING_EFFORT: Record<string, 'low' | 'medium' | 'high'> = {
  minimal: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'high',
  max: 'high',
};

/** The SDK's own settings `@ai-sdk/openai` drops for Responses but vLLM reads (field per setting). */
const SDK_SETTINGS = [
  ['seed', 'seed'],
  ['stopSequences', 'stop'],
  ['presencePenalty', 'presence_penalty'],
  ['frequencyPenalty', 'frequency_penalty'],
] as const;

/**
 * The prompt for `@ai-sdk/openai`: `providerOptions[key]` of assistant and tool parts copied to
 * `providerOptions.openai` (item ids round-trip); without `store`, earlier turns' reasoning left out
 * (`@ai-sdk/openai` can only replay it stored or encrypted and would drop it with a warning, and
 * vLLM's chat templates drop earlier thinking anyway).
 */
function promptForOpenAI(prompt: LanguageModelV4Prompt, key: string, store: boolean): LanguageModelV4Prompt {
  const move = <PART extends { providerOptions?: SharedV4ProviderOptions }>(part: PART): PART => {
    const own = key === OPENAI_KEY ? undefined : part.providerOptions?.[key];
    return own === undefined
      ? part
      : { ...part, providerOptions: { ...part.providerOptions, [OPENAI_KEY]: own } };
  };
  return prompt.map((message) => {
    if (message.role === 'assistant') {
      const content = store ? message.content : message.content.filter((part) => part.type !== 'reasoning');
      return { ...message, content: content.map(move) };
    }
    if (message.role === 'tool') return { ...message, content: message.content.map(move) };
    return message;
  });
}

/**
 * Splits an AI SDK call for vLLM's `/v1/responses`: `@ai-sdk/openai`'s Responses model builds the
 * OpenAI-shaped body (input items, tools, `text.format`, usage and streaming parsing); the settings
 * it drops or does not know — `topK`, `seed`, `stopSequences`, penalties, `reasoning` for a model id it
 * does not recognise, and vLLM's own fields — are added to the body here, each checked against the
 * server's release (not sent, with a warning, where the release would ignore it). Calls a release
 * would mishandle (streaming before 0.10.2, function tools for non-gpt-oss models before 0.11.1, JSON
 * without a schema before 0.26) fail before the request.
 */
export async function prepareVllmResponsesCall(
  call: LanguageModelV4CallOptions,
  {
    key,
    modelId,
    version,
    streaming,
  }: { key: string; modelId: string; version: VllmServerVersionResolver; streaming: boolean },
): Promise<PreparedResponsesCall> {
  const options: VllmResponsesModelOptions =
    parseVllmProviderOptions({
      key,
      providerOptions: call.providerOptions,
      schema: vllmResponsesModelOptionsSchema,
    }) ?? {};
  const warnings: SharedV4Warning[] = [];
  const hasFunctionTools = call.tools?.some((tool) => tool.type === 'function') ?? false;
  const jsonWithoutSchema = call.responseFormat?.type === 'json' && call.responseFormat.schema === undefined;

  const wanted: [label: string, field: string, value: unknown][] = [];
  for (const [option, field] of Object.entries(RESPONSES_BODY_FIELDS)) {
    const value = options[option as keyof typeof RESPONSES_BODY_FIELDS];
    if (value !== undefined) wanted.push([`providerOptions.${key}.${option}`, field, value]);
  }
  if (options.topK === undefined && call.topK !== undefined) wanted.push(['topK', 'top_k', call.topK]);
  for (const [setting, field] of SDK_SETTINGS) {
    if (call[setting] !== undefined) wanted.push([setting, field, call[setting]]);
  }

  const needsVersion =
    streaming ||
    (hasFunctionTools && !isHarmonyModel(modelId)) ||
    jsonWithoutSchema ||
    wanted.some(([, field]) => !isUniversalResponsesField(field));
  let features: VllmServerFeatures | undefined;
  if (needsVersion) {
    const resolved = version.known() ?? (await version.resolve(call.abortSignal));
    features = resolved.features;
    if (resolved.warning !== undefined) warnings.push(resolved.warning);
  }
  if (features !== undefined)
    checkRelease(features, { streaming, hasFunctionTools, jsonWithoutSchema, modelId });

  const extraBody: Record<string, unknown> = {};
  for (const [label, field, value] of wanted) {
    if (features !== undefined && !acceptsResponsesField(features.ordinal, field)) {
      warnings.push({
        type: 'unsupported',
        feature: label,
        details: `Not sent: ${describeServerVersion(features)} does not read ${field} on /v1/responses (${describeResponsesFieldAvailability(field)}).`,
      });
      continue;
    }
    extraBody[field] = value;
  }
  const reasoning = call.reasoning;
  if (reasoning !== undefined && reasoning !== 'provider-default') {
    if (reasoning === 'none') {
      // vLLM turns thinking off through the chat template (what `reasoning.effort: none` does on 0.22+).
      extraBody.chat_template_kwargs = {
        enable_thinking: false,
        ...(extraBody.chat_template_kwargs as object),
      };
    } else {
      const effort = REASONING_EFFORT[reasoning];
      extraBody.reasoning = { effort };
      if (effort !== reasoning) {
        warnings.push({
          type: 'compatibility',
          feature: 'reasoning',
          details: `vLLM's Responses API takes low, medium or high: sent "${effort}" for "${reasoning}".`,
        });
      }
    }
  }
  Object.assign(extraBody, options.extraBody);

  const openaiOptions: Record<string, unknown> = { store: options.store ?? false };
  for (const option of RESPONSES_OPENAI_OPTIONS) {
    if (option !== 'store' && options[option] !== undefined) openaiOptions[option] = options[option];
  }
  const { [key]: _own, ...otherProviderOptions } = call.providerOptions ?? {};
  return {
    innerCall: {
      ...call,
      prompt: promptForOpenAI(call.prompt, key, options.store === true),
      topK: undefined,
      seed: undefined,
      stopSequences: undefined,
      presencePenalty: undefined,
      frequencyPenalty: undefined,
      reasoning: undefined,
      providerOptions: { ...otherProviderOptions, [OPENAI_KEY]: openaiOptions as never },
    },
    extraBody,
    warnings,
  };
}

function checkRelease(
  features: VllmServerFeatures,
  {
    streaming,
    hasFunctionTools,
    jsonWithoutSchema,
    modelId,
  }: { streaming: boolean; hasFunctionTools: boolean; jsonWithoutSchema: boolean; modelId: string },
): void {
  const server = describeServerVersion(features);
  if (streaming && features.ordinal < RESPONSES_STREAMING_SINCE) {
    throw new InvalidArgumentError({
      argument: 'stream',
      message: `${server} does not stream /v1/responses ("Streaming responses are not supported"; vLLM ≥ ${formatVersionOrdinal(RESPONSES_STREAMING_SINCE)}). Use generateText, the chat model (vllm(id)), or a newer vLLM.`,
    });
  }
  if (hasFunctionTools && !isHarmonyModel(modelId) && features.ordinal < RESPONSES_FUNCTION_TOOLS_SINCE) {
    throw new InvalidArgumentError({
      argument: 'tools',
      message: `${server}'s Responses API calls function tools only for gpt-oss; for ${modelId} it would ignore them (vLLM ≥ ${formatVersionOrdinal(RESPONSES_FUNCTION_TOOLS_SINCE)} supports them). Use the chat model (vllm(id)) for tools, or a newer vLLM.`,
    });
  }
  if (jsonWithoutSchema && features.ordinal < RESPONSES_JSON_OBJECT_SINCE) {
    throw new InvalidArgumentError({
      argument: 'responseFormat',
      message: `${server}'s Responses API refuses JSON without a schema ("json_object is not supported"; vLLM ≥ ${formatVersionOrdinal(RESPONSES_JSON_OBJECT_SINCE)}). Pass a schema (Output.object) or use the chat model.`,
    });
  }
}
