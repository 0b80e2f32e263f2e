import type { LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';
import { isCustomReasoning } from '@ai-sdk/provider-utils';
import {
  CHAT_FIELD_NAMES,
  type ParsedVllmChatOptions,
  vllmChatOptionsSchema,
} from '../../options/vllm-chat-language-model-options';
import { CHAT_SPECIAL_RAW_KEYS, readVllmOptionsInput } from '../../options/vllm-options-input';
import { buildVllmRequestParts, type VllmRequestParts } from '../../options/vllm-request-body';
import { validateCallSettings, validateVllmOptions } from '../../options/vllm-request-validation';
import { type VllmFeatureView, withServerVersion } from '../../version/vllm-feature-view';
import { mediaUuidSupport } from '../../version/vllm-media-support';
import { describeServerVersion } from '../../version/vllm-server-version';
import type { VllmServerVersionResolver } from '../../version/vllm-server-version-resolver';
import { type ResponsePlan, responsePlanFromBody } from '../vllm-response-metadata';
import { convertVllmUserMessages, promptHasUserFiles, withoutUserFileParts } from './media/vllm-user-media';
import {
  isMistralFamily,
  promptHasReasoning,
  rewriteToolCallIdsForMistral,
  toolsUseStrict,
  type VllmChatBodyRewrites,
} from './vllm-chat-prompt';

/** Per-call data handed from `doGenerate`/`doStream` to the body hook, inside the raw options. */
export const CALL_CONTEXT_KEY = '__vllmAiProviderCall';

/** What the body hook needs for one call. */
export interface ChatCallContext {
  warnings: SharedV4Warning[];
  rewrites: VllmChatBodyRewrites;
  metadataKey: string;
}

/** One chat call, ready for openai-compatible. */
export interface PreparedChatCall {
  callOptions: LanguageModelV4CallOptions;
  /** The `providerMetadata` key (the `providerOptions` key the caller used). */
  metadataKey: string;
  /** Set when several choices stream (n > 1, beam search): collected from raw chunks in doStream. */
  choicesPlan: ResponsePlan | undefined;
}

/** What a chat model knows about itself, computed once. */
export interface VllmChatModelInfo {
  /** Provider name (`providerOptions` key) and its camelCase spelling. */
  name: string;
  camelName: string;
  modelId: string;
  /** Mistral-family model id (tool-call ids must be 9 alphanumerics). */
  mistral: boolean;
  version: VllmServerVersionResolver;
}

export function chatModelInfo(
  name: string,
  modelId: string,
  version: VllmServerVersionResolver,
): VllmChatModelInfo {
  const camelName = name.replace(/[-_]+(.)/g, (_, letter: string) => letter.toUpperCase());
  return { name, camelName, modelId, mistral: isMistralFamily(modelId), version };
}

/**
 * The fast path, synchronous: `undefined` unless the call has nothing vLLM-specific (no
 * `providerOptions.vllm`, `topK`, `reasoning`, prior reasoning, strict tools, Mistral ids), in
 * which case openai-compatible's body is already right and the options pass through untouched.
 */
export function plainChatCall(
  options: LanguageModelV4CallOptions,
  info: VllmChatModelInfo,
): PreparedChatCall | undefined {
  validateCallSettings(options);
  const providerOptions = options.providerOptions;
  if (
    info.mistral ||
    options.topK != null ||
    isCustomReasoning(options.reasoning) ||
    providerOptions?.[info.name] != null ||
    providerOptions?.[info.camelName] != null ||
    promptHasReasoning(options.prompt) ||
    toolsUseStrict(options.tools) ||
    promptHasUserFiles(options.prompt)
  ) {
    return undefined;
  }
  return { callOptions: options, metadataKey: info.name, choicesPlan: undefined };
}

/**
 * Turns the SDK call options into what openai-compatible sends to vLLM: `providerOptions.vllm`
 * validated and mapped to snake_case body fields for the server's version (resolved only when the
 * request has a version-dependent part), SDK settings openai-compatible drops or sends raw
 * (`topK`, `reasoning`) mapped, Mistral tool-call ids, and the per-call context for the body hook.
 */
export async function prepareVllmChatCall(
  options: LanguageModelV4CallOptions,
  streaming: boolean,
  info: VllmChatModelInfo,
): Promise<PreparedChatCall> {
  const fast = plainChatCall(options, info);
  if (fast !== undefined) return fast;
  const { name, camelName, version, mistral } = info;
  const providerOptions = options.providerOptions;
  const hasOptions = providerOptions?.[name] != null || providerOptions?.[camelName] != null;
  const hasReasoning = promptHasReasoning(options.prompt);
  const hasStrictTools = toolsUseStrict(options.tools);
  const hasUserFiles = promptHasUserFiles(options.prompt);

  const input = hasOptions
    ? readVllmOptionsInput({
        providerOptions,
        name,
        schema: vllmChatOptionsSchema,
        fieldNames: CHAT_FIELD_NAMES,
        specialRawKeys: CHAT_SPECIAL_RAW_KEYS,
      })
    : { key: name, options: {} as ParsedVllmChatOptions, raw: [], warnings: [] };
  const { key } = input;
  validateVllmOptions(input.options, options, { endpoint: 'chat', streaming, key });

  const { parts, rewrites, warnings } = await withServerVersion(
    version,
    options.abortSignal,
    'chat',
    (view) => {
      const warnings: SharedV4Warning[] = [...input.warnings];
      const parts = buildVllmRequestParts({
        options: input.options,
        raw: input.raw,
        call: options,
        view,
        fieldNames: CHAT_FIELD_NAMES,
        key,
        warnings,
      });
      const rewrites = chatRewrites(view, options, { hasReasoning, hasStrictTools, warnings });
      if (hasUserFiles) {
        rewrites.userMessageContents = convertVllmUserMessages(options.prompt, {
          providerOptionsKey: key,
          uuidSupport: () => mediaUuidSupport(view.get()),
          warnings,
        });
      }
      return { parts, rewrites, warnings };
    },
  );

  const toolCallIdFormat = input.options.toolCallIdFormat ?? (mistral ? 'mistral' : 'keep');
  const idPrompt =
    toolCallIdFormat === 'mistral' ? rewriteToolCallIdsForMistral(options.prompt) : options.prompt;
  // The body hook puts vLLM's content in place of these user messages' content.
  const prompt = hasUserFiles ? withoutUserFileParts(idPrompt) : idPrompt;
  const choices =
    (typeof parts.fields.n === 'number' && parts.fields.n > 1) || parts.fields.use_beam_search === true;
  const choicesPlan =
    streaming && choices
      ? responsePlanFromBody({ ...parts.fields, stop: options.stopSequences, tools: options.tools }, 'chat')
      : undefined;
  if (choicesPlan !== undefined && options.tools?.length) {
    warnings.push({
      type: 'other',
      message:
        'Streaming several choices with tools: tool-call deltas of different choices cannot be told apart in the stream; ' +
        "use generateText to get every choice's tool calls in providerMetadata.vllm.choices.",
    });
  }

  const context: ChatCallContext = { warnings, rewrites, metadataKey: key };
  return {
    callOptions: {
      ...options,
      prompt,
      topK: undefined,
      reasoning: undefined,
      includeRawChunks: choicesPlan !== undefined ? true : options.includeRawChunks,
      headers: parts.headers !== undefined ? { ...options.headers, ...parts.headers } : options.headers,
      providerOptions: rawProviderOptions(providerOptions, name, camelName, key, parts, context),
    },
    metadataKey: key,
    choicesPlan,
  };
}

function chatRewrites(
  view: VllmFeatureView,
  call: LanguageModelV4CallOptions,
  {
    hasReasoning,
    hasStrictTools,
    warnings,
  }: { hasReasoning: boolean; hasStrictTools: boolean; warnings: SharedV4Warning[] },
): VllmChatBodyRewrites {
  const rewrites: VllmChatBodyRewrites = {};
  if (hasReasoning && view.get().reasoningInputField === 'reasoning') rewrites.reasoningField = 'reasoning';
  if (hasStrictTools && call.tools?.length && !view.get().toolStrict) {
    rewrites.stripToolStrict = true;
    warnings.push({
      type: 'compatibility',
      feature: 'tool strict',
      details: `${describeServerVersion(view.get())} does not know tools' "strict" (vLLM ≥ 0.24 enforces it); not sent, tool arguments are not constrained.`,
    });
  }
  return rewrites;
}

function rawProviderOptions(
  providerOptions: LanguageModelV4CallOptions['providerOptions'],
  name: string,
  camelName: string,
  key: string,
  parts: VllmRequestParts,
  context: ChatCallContext,
): LanguageModelV4CallOptions['providerOptions'] {
  const result = { ...providerOptions };
  delete result[name];
  delete result[camelName];
  // The context object is not JSON: the body hook removes it before anything is sent.
  result[key] = { ...parts.compatible, ...parts.fields, [CALL_CONTEXT_KEY]: context as never };
  return result;
}
