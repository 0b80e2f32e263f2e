import type { LanguageModelV4CallOptions, LanguageModelV4Prompt, SharedV4Warning } from '@ai-sdk/provider';
import {
  CHAT_FIELD_NAMES,
  type ParsedVllmChatOptions,
  vllmChatOptionsSchema,
} from '../../options/vllm-chat-language-model-options';
import { CHAT_SPECIAL_RAW_KEYS, readVllmOptionsInput } from '../../options/vllm-options-input';
import { buildVllmRequestParts } from '../../options/vllm-request-body';
import { validateCallSettings, validateVllmOptions } from '../../options/vllm-request-validation';
import { convertToVllmChatMessages } from '../../prompt/convert-to-vllm-chat-messages';
import { isMistralFamily, rewriteToolCallIdsForMistral } from '../../prompt/mistral-tool-call-ids';
import { withServerVersion } from '../../version/vllm-feature-view';
import { describeServerVersion } from '../../version/vllm-server-version';
import type { VllmServerVersionResolver } from '../../version/vllm-server-version-resolver';
import { prepareVllmChatTools } from './prepare-vllm-chat-tools';

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

/** One chat request, ready to send. */
export interface VllmChatRequest {
  /** The body for `/v1/chat/completions` (without the stream fields). */
  body: Record<string, unknown>;
  /** Extra headers (`X-Request-Id`, `X-Session-ID`). */
  headers: Record<string, string> | undefined;
  warnings: SharedV4Warning[];
  /** The `providerMetadata` key: the `providerOptions` key the caller used. */
  metadataKey: string;
}

/** Whether an assistant message in the prompt carries reasoning (which is written back). */
function promptHasReasoning(prompt: LanguageModelV4Prompt): boolean {
  for (const message of prompt) {
    if (message.role !== 'assistant') continue;
    for (const part of message.content) if (part.type === 'reasoning') return true;
  }
  return false;
}

/**
 * The body vLLM's `/v1/chat/completions` gets for a call: the SDK settings and `providerOptions.vllm`
 * (validated, mapped to what the server's vLLM version accepts — the version is resolved only when
 * the request has a part that depends on it), the messages (prior reasoning in the field the
 * server reads, Mistral tool-call ids), and the tools.
 */
export async function prepareVllmChatRequest(
  options: LanguageModelV4CallOptions,
  streaming: boolean,
  info: VllmChatModelInfo,
): Promise<VllmChatRequest> {
  validateCallSettings(options);
  const { name, camelName, version } = info;
  const providerOptions = options.providerOptions;
  const input =
    providerOptions?.[name] != null || providerOptions?.[camelName] != null
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
  const hasReasoning = promptHasReasoning(options.prompt);
  const hasStrictTools = options.tools?.some((tool) => tool.type === 'function' && tool.strict != null);

  const { fields, headers, reasoningField, keepStrict, warnings } = await withServerVersion(
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
      const keepStrict = !hasStrictTools || view.get().toolStrict;
      if (!keepStrict) {
        warnings.push({
          type: 'compatibility',
          feature: 'tool strict',
          details: `${describeServerVersion(view.get())} does not know tools' "strict" (vLLM ≥ 0.24 enforces it); not sent, tool arguments are not constrained.`,
        });
      }
      const reasoningField = hasReasoning ? view.get().reasoningInputField : 'reasoning';
      return { ...parts, reasoningField, keepStrict, warnings };
    },
  );

  const toolCallIdFormat = input.options.toolCallIdFormat ?? (info.mistral ? 'mistral' : 'keep');
  const prompt =
    toolCallIdFormat === 'mistral' ? rewriteToolCallIdsForMistral(options.prompt) : options.prompt;
  const body: Record<string, unknown> = {
    model: info.modelId,
    messages: convertToVllmChatMessages(prompt, { reasoningField, extrasKey: key }),
    ...fields,
    ...prepareVllmChatTools({ tools: options.tools, toolChoice: options.toolChoice, keepStrict, warnings }),
  };
  return { body, headers, warnings, metadataKey: key };
}
