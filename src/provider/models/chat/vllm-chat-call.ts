import type { LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';
import { mapVllmCallOptions } from '../../options/map-vllm-call-options';
import { convertToVllmChatMessages } from '../../prompt/convert-to-vllm-chat-messages';
import { isMistralFamily, rewriteToolCallIdsForMistral } from '../../prompt/mistral-tool-call-ids';
import { mediaUuidSupport } from '../../version/vllm-media-support';
import type { VllmServerVersionResolver } from '../../version/vllm-server-version-resolver';
import { prepareVllmChatTools } from './prepare-vllm-chat-tools';

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

/**
 * The body vLLM's `/v1/chat/completions` gets for a call: the SDK settings and `providerOptions.vllm`
 * for the server's version (see `map-vllm-call-options.ts`), the messages (prior reasoning in the
 * field the server reads, Mistral tool-call ids, file parts as vLLM's media parts), and the tools.
 */
export async function prepareVllmChatRequest({
  call,
  streaming,
  modelId,
  name,
  version,
}: {
  call: LanguageModelV4CallOptions;
  streaming: boolean;
  modelId: string;
  name: string;
  version: VllmServerVersionResolver;
}): Promise<VllmChatRequest> {
  const mapped = await mapVllmCallOptions({
    call,
    endpoint: 'chat',
    streaming,
    name,
    version,
    // The messages are built in the same pass over the server's version: a file part's `uuid` asks
    // for it (vLLM ≥ 0.11 reads it); the media warnings join the call's.
    withView: ({ view, warnings, parts, key, options }) => {
      const toolCallIdFormat = options.toolCallIdFormat ?? (isMistralFamily(modelId) ? 'mistral' : 'keep');
      const prompt = toolCallIdFormat === 'mistral' ? rewriteToolCallIdsForMistral(call.prompt) : call.prompt;
      return convertToVllmChatMessages(prompt, {
        reasoningField: parts.reasoningField,
        extrasKey: key,
        files: { providerOptionsKey: key, uuidSupport: () => mediaUuidSupport(view.get()), warnings },
      });
    },
  });
  const { key, warnings } = mapped;
  const body: Record<string, unknown> = {
    model: modelId,
    messages: mapped.extra,
    ...mapped.fields,
    ...prepareVllmChatTools({
      tools: call.tools,
      toolChoice: call.toolChoice,
      keepStrict: mapped.keepToolStrict,
      warnings,
    }),
  };
  return { body, headers: mapped.headers, warnings, metadataKey: key };
}
